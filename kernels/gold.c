/* Length-31 Gold sequence of 3GPP TS 36.211 §7.2: bit-serial reference and a
 * word-parallel generator producing 64 bits per step.
 *
 * Word-parallel recursion: x1 has characteristic polynomial D^31+D^3+1 and x2
 * D^31+D^3+D^2+D+1. Over GF(2) p(D)^4 = p(D^4), and a sequence obeying the
 * recursion of p also obeys that of any multiple of p, so
 *   x1(m) = x1(m-124) + x1(m-112)
 *   x2(m) = x2(m-124) + x2(m-120) + x2(m-116) + x2(m-112)   (mod 2).
 * Every tap is at least 112 > 64 bits back, so a whole 64-bit word of the
 * sequence follows from the two previous words with a few shifts.
 * Bit i of word k holds x(64k+i).
 *
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "gold_impl.h"
#include "internal.h"
#include "ltephy/gold.h"

#define GOLD_NC 1600 /* 36.211 §7.2: Nc = 1600 = 25 words of 64 bits */
#define GOLD_NC_WORDS (GOLD_NC / 64)

typedef struct gold_state {
    uint64_t x1[2], x2[2]; /* [0]: word k-2, [1]: word k-1 */
} gold_state;

/* Bits j..j+63 of the 128-bit stream (lo, hi), 0 < j < 64. */
static inline uint64_t window(uint64_t lo, uint64_t hi, int j)
{
    return (lo >> j) | (hi << (64 - j));
}

/* Next 64 bits of c (36.211 §7.2) and advance. */
static inline uint64_t gold_next(gold_state *s)
{
    uint64_t a = s->x1[0], b = s->x1[1];
    uint64_t n1 = window(a, b, 4) ^ window(a, b, 16); /* m-124, m-112 */
    a = s->x2[0];
    b = s->x2[1];
    uint64_t n2 = window(a, b, 4) ^ window(a, b, 8) ^ window(a, b, 12) ^ window(a, b, 16);
    s->x1[0] = s->x1[1];
    s->x1[1] = n1;
    s->x2[0] = s->x2[1];
    s->x2[1] = n2;
    return n1 ^ n2;
}

/* x(m) = x(m-31) + x(m-31+k) summed over the taps k of the degree-31
 * recursion (k = 3 for x1; 1, 2, 3 for x2), 28 bits at a time: x(j..j+27)
 * only needs x(j-31..j-1). Fills bits 31..127 of a 128-bit stream. */
static unsigned __int128 first128(uint32_t init31, int is_x2)
{
    const unsigned __int128 m28 = (1u << 28) - 1;
    unsigned __int128 w = init31;
    for (int j = 31; j < 128; j += 28) {
        unsigned __int128 f = (w >> (j - 31)) ^ (w >> (j - 28));
        if (is_x2)
            f ^= (w >> (j - 30)) ^ (w >> (j - 29));
        w |= (f & m28) << j;
    }
    return w;
}

/* Words 0 and 1 of x1 and x2 from the initial conditions of 36.211 §7.2,
 * then skip to word Nc/64 - 2 so that the next output is c(0). */
static void gold_init(gold_state *s, uint32_t c_init)
{
    unsigned __int128 w1 = first128(1u, 0); /* x1(0) = 1, x1(1..30) = 0 */
    unsigned __int128 w2 = first128(c_init & 0x7fffffffu, 1); /* c_init = sum x2(i)·2^i */
    s->x1[0] = (uint64_t)w1;
    s->x1[1] = (uint64_t)(w1 >> 64);
    s->x2[0] = (uint64_t)w2;
    s->x2[1] = (uint64_t)(w2 >> 64);
    for (int k = 2; k < GOLD_NC_WORDS; k++)
        gold_next(s);
}

/* spread_tab[b]: bit t of b moved to byte t (so 8 bits become 8 bytes 0/1
 * in sequence order on a little-endian load/store). */
#define SP(b)                                                                           \
    ((((b) >> 0 & 1ull) << 0) | (((b) >> 1 & 1ull) << 8) | (((b) >> 2 & 1ull) << 16) |  \
     (((b) >> 3 & 1ull) << 24) | (((b) >> 4 & 1ull) << 32) | (((b) >> 5 & 1ull) << 40) | \
     (((b) >> 6 & 1ull) << 48) | (((b) >> 7 & 1ull) << 56))
#define SP4(b) SP(b), SP((b) + 1), SP((b) + 2), SP((b) + 3)
#define SP16(b) SP4(b), SP4((b) + 4), SP4((b) + 8), SP4((b) + 12)
#define SP64(b) SP16(b), SP16((b) + 16), SP16((b) + 32), SP16((b) + 48)
static const uint64_t spread_tab[256] = {SP64(0), SP64(64), SP64(128), SP64(192)};
#undef SP
#undef SP4
#undef SP16
#undef SP64

/* 64 bits of w (bit i first) as 64 bytes of 0/1. */
static inline void spread64(uint64_t w, uint8_t *out)
{
    for (int j = 0; j < 8; j++) {
        uint64_t v = spread_tab[(w >> (8 * j)) & 0xff];
        memcpy(out + 8 * j, &v, 8);
    }
}

/* Reverse the bits inside each byte: bit i first -> MSB first. */
static inline uint64_t rev_bits_in_bytes(uint64_t x)
{
    x = ((x >> 1) & 0x5555555555555555ULL) | ((x & 0x5555555555555555ULL) << 1);
    x = ((x >> 2) & 0x3333333333333333ULL) | ((x & 0x3333333333333333ULL) << 2);
    return ((x >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((x & 0x0F0F0F0F0F0F0F0FULL) << 4);
}

#define GOLD_CHECK(c_init, n, ptr)                                                       \
    do {                                                                                 \
        LTE_CHECK_ARG((c_init) < (1u << 31), "c_init = %u does not fit in 31 bits",      \
                      (unsigned)(c_init));                                               \
        LTE_CHECK_ARG((n) >= 0, "n = %d is negative", (n));                              \
        LTE_CHECK_ARG((n) == 0 || (ptr), "NULL buffer with n = %d", (n));                \
    } while (0)

int lte_gold_bits_ref(uint32_t c_init, int n, uint8_t *c)
{
    GOLD_CHECK(c_init, n, c);
    /* 31-bit shift registers, bit j = x(m+j) for the current m */
    uint32_t x1 = 1u, x2 = c_init;
    for (int m = 0; m < GOLD_NC + n; m++) {
        if (m >= GOLD_NC)
            c[m - GOLD_NC] = (uint8_t)((x1 ^ x2) & 1u);
        uint32_t f1 = (x1 ^ (x1 >> 3)) & 1u;                           /* x1(m+31) */
        uint32_t f2 = (x2 ^ (x2 >> 1) ^ (x2 >> 2) ^ (x2 >> 3)) & 1u; /* x2(m+31) */
        x1 = (x1 >> 1) | (f1 << 30);
        x2 = (x2 >> 1) | (f2 << 30);
    }
    return 0;
}

/* sign_tab[b][t]: the IEEE-754 sign bit where bit t of b is set. XOR-ing it
 * into a float gives exactly -x (also for 0, inf and NaN). */
#define SG(b)                                                                           \
    {((b) >> 0 & 1u) << 31, ((b) >> 1 & 1u) << 31, ((b) >> 2 & 1u) << 31,             \
     ((b) >> 3 & 1u) << 31, ((b) >> 4 & 1u) << 31, ((b) >> 5 & 1u) << 31,             \
     ((b) >> 6 & 1u) << 31, ((b) >> 7 & 1u) << 31}
#define SG4(b) SG(b), SG((b) + 1), SG((b) + 2), SG((b) + 3)
#define SG16(b) SG4(b), SG4((b) + 4), SG4((b) + 8), SG4((b) + 12)
#define SG64(b) SG16(b), SG16((b) + 16), SG16((b) + 32), SG16((b) + 48)
static const uint32_t sign_tab[256][8] = {SG64(0), SG64(64), SG64(128), SG64(192)};
#undef SG
#undef SG4
#undef SG16
#undef SG64

typedef uint32_t u32_alias __attribute__((may_alias));

/* Negate x[t] where bit t of w is set, t < 64. */
static inline void flip64(float *x, uint64_t w)
{
    u32_alias *u = (u32_alias *)x;
    for (int j = 0; j < 8; j++) {
        const uint32_t *m = sign_tab[(w >> (8 * j)) & 0xff];
        for (int t = 0; t < 8; t++)
            u[8 * j + t] ^= m[t];
    }
}

int lte_gold_bytes(uint32_t c_init, int n, uint8_t *bytes)
{
    GOLD_CHECK(c_init, n, bytes);
    gold_state s;
    gold_init(&s, c_init);
    int i = 0;
    for (; i + 64 <= n; i += 64) {
        uint64_t v = rev_bits_in_bytes(gold_next(&s));
        memcpy(bytes + i / 8, &v, 8);
    }
    if (i < n) {
        int rem = n - i;
        uint64_t w = gold_next(&s);
        if (rem < 64)
            w &= (1ull << rem) - 1; /* zero padding after c(n-1) */
        uint64_t v = rev_bits_in_bytes(w);
        memcpy(bytes + i / 8, &v, (size_t)(rem + 7) / 8);
    }
    return 0;
}

void lte_gold_words(uint32_t c_init, int n, uint64_t *w)
{
    gold_state s;
    gold_init(&s, c_init);
    int k = 0;
    for (; 64 * (k + 1) <= n; k++)
        w[k] = gold_next(&s);
    if (64 * k < n)
        w[k] = gold_next(&s) & ((1ull << (n - 64 * k)) - 1);
}

/* ---- word-parallel generator with per-path expansion -------------------- */

typedef enum { GOLD_OP_BITS, GOLD_OP_XOR, GOLD_OP_FLIP } gold_op;

typedef struct gold_io {
    const uint8_t *src;
    uint8_t *dst;
    float *llr;
} gold_io;

/* Scalar expansion of bits [from, len) of a chunk (from a multiple of 32). */
static void apply_scalar(gold_op op, const uint64_t *w, int from, int len, gold_io io)
{
    int i = from;
    if (i % 64 == 0)
        for (; i + 64 <= len; i += 64) {
            switch (op) {
            case GOLD_OP_BITS: spread64(w[i / 64], io.dst + i); break;
            case GOLD_OP_XOR:
                for (int j = 0; j < 8; j++) { /* 8 bits = 8 bytes per step */
                    uint64_t v;
                    memcpy(&v, io.src + i + 8 * j, 8);
                    v ^= spread_tab[(w[i / 64] >> (8 * j)) & 0xff];
                    memcpy(io.dst + i + 8 * j, &v, 8);
                }
                break;
            case GOLD_OP_FLIP: flip64(io.llr + i, w[i / 64]); break;
            }
        }
    u32_alias *u = (u32_alias *)io.llr;
    for (; i < len; i++) {
        uint8_t c = (uint8_t)((w[i >> 6] >> (i & 63)) & 1u);
        switch (op) {
        case GOLD_OP_BITS: io.dst[i] = c; break;
        case GOLD_OP_XOR: io.dst[i] = io.src[i] ^ c; break;
        case GOLD_OP_FLIP: u[i] ^= (uint32_t)c << 31; break;
        }
    }
}

#define GOLD_CHUNK_WORDS 64 /* 4096 bits generated per round */

/* Generate c(0..n-1) chunk by chunk and apply op on the chosen path. */
static int gold_run(uint32_t c_init, int n, lte_simd_path path, gold_op op, gold_io io)
{
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    gold_state s;
    gold_init(&s, c_init);
    uint64_t w[GOLD_CHUNK_WORDS];
    for (int i = 0; i < n; i += 64 * GOLD_CHUNK_WORDS) {
        int len = LTE_MIN(64 * GOLD_CHUNK_WORDS, n - i);
        for (int k = 0; k < (len + 63) / 64; k++)
            w[k] = gold_next(&s);
        gold_io at = {io.src ? io.src + i : NULL, io.dst ? io.dst + i : NULL,
                      io.llr ? io.llr + i : NULL};
        int done = 0;
        if (p == LTE_SIMD_AVX2 || p == LTE_SIMD_AVX512) {
            done = len & ~31;
            switch (op) {
            case GOLD_OP_BITS: lte_gold_spread_avx2(w, done / 32, at.dst); break;
            case GOLD_OP_XOR: lte_gold_xor_avx2(w, done / 32, at.src, at.dst); break;
            case GOLD_OP_FLIP: lte_gold_flip_avx2(w, done / 32, at.llr); break;
            }
        }
        apply_scalar(op, w, done, len, at);
    }
    return 0;
}

int lte_gold_bits_path(uint32_t c_init, int n, lte_simd_path path, uint8_t *c)
{
    GOLD_CHECK(c_init, n, c);
    return gold_run(c_init, n, path, GOLD_OP_BITS, (gold_io){NULL, c, NULL});
}

/* lte_simd_default() rather than AUTO: an entry point without a path
 * argument never fails because of a bad LTEPHY_SIMD (all paths agree). */
int lte_gold_bits(uint32_t c_init, int n, uint8_t *c)
{
    return lte_gold_bits_path(c_init, n, lte_simd_default(), c);
}

int lte_gold_scramble_bits_path(uint32_t c_init, const uint8_t *src, int n, lte_simd_path path,
                                uint8_t *dst)
{
    GOLD_CHECK(c_init, n, src && dst);
    return gold_run(c_init, n, path, GOLD_OP_XOR, (gold_io){src, dst, NULL});
}

int lte_gold_scramble_bits(uint32_t c_init, const uint8_t *src, int n, uint8_t *dst)
{
    return lte_gold_scramble_bits_path(c_init, src, n, lte_simd_default(), dst);
}

int lte_gold_descramble_llr_path(uint32_t c_init, float *llr, int n, lte_simd_path path)
{
    GOLD_CHECK(c_init, n, llr);
    return gold_run(c_init, n, path, GOLD_OP_FLIP, (gold_io){NULL, NULL, llr});
}

int lte_gold_descramble_llr(uint32_t c_init, float *llr, int n)
{
    return lte_gold_descramble_llr_path(c_init, llr, n, lte_simd_default());
}
