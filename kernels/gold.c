/* Length-31 Gold sequence of 3GPP TS 36.211 §7.2: bit-serial reference and
 * word-parallel generators.
 *
 * x1 has characteristic polynomial p1(D) = D^31+D^3+1 and x2 p2(D) =
 * D^31+D^3+D^2+D+1. Over GF(2) p(D)^(2^j) = p(D^(2^j)), and a sequence
 * obeying the recursion of p also obeys that of any multiple of p:
 *  - p^4 gives x1(m) = x1(m-124) + x1(m-112) and x2(m) = x2(m-124) +
 *    x2(m-120) + x2(m-116) + x2(m-112): a 64-bit word from the two words
 *    before it by shifts. Used here only to reach bit 1600 (the seed).
 *  - p^32 gives taps 992 and 896 (x1), 992, 960, 928, 896 (x2): all
 *    multiples of 32, so every 32-bit word of x1 or x2 is the XOR of whole
 *    earlier words (gold_impl.h), and 28 of them can be produced at once.
 *    All paths (scalar, AVX2, AVX-512) generate c this way from the seed, so
 *    they agree bit for bit.
 * Bit i of word k holds x(64k+i).
 *
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "gold_impl.h"
#include "internal.h"
#include "ltephy/gold.h"

#define GOLD_NC 1600 /* 36.211 §7.2: Nc = 1600 = 25 words of 64 bits */
#define GOLD_NC_WORDS (GOLD_NC / 64)

/* Bits j..j+63 of the 128-bit stream (lo, hi), 0 < j < 64. */
static inline uint64_t window(uint64_t lo, uint64_t hi, int j)
{
    return (lo >> j) | (hi << (64 - j));
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

/* x1(576..1599), the x1 half of every seed: x1 does not depend on c_init
 * (x1(0) = 1, x1(1..30) = 0). Generated from the degree-31 recursion; a
 * wrong word changes c for every c_init, which the tests compare against
 * their bit-serial models (c_init = 0 gives x1 alone). */
static const uint64_t x1_seed[16] = {
    0x84805a480800a080ull, 0xa1a496c84a082880ull, 0x20c88124dac80208ull, 0x8812e8c81268c880ull,
    0xca8ca8dacc885ae8ull, 0xd269a69e69ee9ee0ull, 0x9248000104124926ull, 0x2400480040008000ull,
    0x8924124810402080ull, 0x22c020804c004800ull, 0x4092c800934c1248ull, 0x906420c824404880ull,
    0x4c896c12c1345268ull, 0xdb6ed268a28c20c8ull, 0xa400da4840018412ull, 0xa9a4364858406080ull};

/* Words 0..Nc/64-1 of x2 from the initial condition of 36.211 §7.2 by the
 * p^4 recursion; the last 16 (bits 576..1599) are its seed. */
static void gold_seed(uint32_t c_init, uint64_t x1[16], uint64_t x2[16])
{
    uint64_t b[GOLD_NC_WORDS];
    unsigned __int128 w2 = first128(c_init & 0x7fffffffu, 1); /* c_init = sum x2(i)·2^i */
    b[0] = (uint64_t)w2;
    b[1] = (uint64_t)(w2 >> 64);
    for (int k = 2; k < GOLD_NC_WORDS; k++) {
        uint64_t lo = b[k - 2], hi = b[k - 1]; /* m-124, m-120, m-116, m-112 */
        b[k] = window(lo, hi, 4) ^ window(lo, hi, 8) ^ window(lo, hi, 12) ^ window(lo, hi, 16);
    }
    memcpy(x1, x1_seed, 16 * sizeof *x1);
    memcpy(x2, b + GOLD_NC_WORDS - 16, 16 * sizeof *x2);
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

/* ---- expansion of sequence words, shared by every path ------------------ */

void lte_gold_apply_scalar(lte_gold_op op, const uint64_t *w, int len, lte_gold_io io)
{
    int i = 0;
    switch (op) {
    case LTE_GOLD_OP_WORDS: memcpy(io.w, w, sizeof *w * (size_t)((len + 63) / 64)); return;
    case LTE_GOLD_OP_BYTES:
        for (; i + 64 <= len; i += 64) {
            uint64_t v = rev_bits_in_bytes(w[i / 64]);
            memcpy(io.dst + i / 8, &v, 8);
        }
        if (i < len) {
            uint64_t v = rev_bits_in_bytes(w[i / 64]);
            memcpy(io.dst + i / 8, &v, (size_t)(len - i + 7) / 8);
        }
        return;
    case LTE_GOLD_OP_FLIP:
        if (io.w)
            memcpy(io.w, w, sizeof *w * (size_t)((len + 63) / 64));
        break;
    default: break;
    }
    for (; i + 64 <= len; i += 64) {
        switch (op) {
        case LTE_GOLD_OP_BITS: spread64(w[i / 64], io.dst + i); break;
        case LTE_GOLD_OP_XOR:
            for (int j = 0; j < 8; j++) { /* 8 bits = 8 bytes per step */
                uint64_t v;
                memcpy(&v, io.src + i + 8 * j, 8);
                v ^= spread_tab[(w[i / 64] >> (8 * j)) & 0xff];
                memcpy(io.dst + i + 8 * j, &v, 8);
            }
            break;
        case LTE_GOLD_OP_FLIP: flip64(io.llr + i, w[i / 64]); break;
        default: break;
        }
    }
    u32_alias *u = (u32_alias *)io.llr;
    for (; i < len; i++) {
        uint8_t c = (uint8_t)((w[i >> 6] >> (i & 63)) & 1u);
        switch (op) {
        case LTE_GOLD_OP_BITS: io.dst[i] = c; break;
        case LTE_GOLD_OP_XOR: io.dst[i] = io.src[i] ^ c; break;
        case LTE_GOLD_OP_FLIP: u[i] ^= (uint32_t)c << 31; break;
        default: break;
        }
    }
}

/* ---- scalar generator: the p^32 recursion on 64-bit words ---------------- */

#define GOLD_CHUNK_WORDS 64 /* 4096 bits generated per round */

/* Bits 32..95 of the 128-bit stream (lo, hi): 32-bit words 2j-31, 2j-30
 * for lo = word j-16 and hi = word j-15. */
static inline uint64_t mid32(uint64_t lo, uint64_t hi)
{
    return (lo >> 32) | (hi << 32);
}

static void run_scalar(uint32_t c_init, int n, lte_gold_op op, lte_gold_io io)
{
    /* [0..15]: the 16 words before the chunk, then the chunk */
    uint64_t x1[16 + GOLD_CHUNK_WORDS], x2[16 + GOLD_CHUNK_WORDS], c[GOLD_CHUNK_WORDS];
    gold_seed(c_init, x1, x2);
    for (int i = 0; i < n; i += 64 * GOLD_CHUNK_WORDS) {
        int len = LTE_MIN(64 * GOLD_CHUNK_WORDS, n - i), nw = (len + 63) / 64;
        for (int j = 16; j < 16 + nw; j++) {
            /* 32-bit word taps 31, 28 (x1) and 31, 30, 29, 28 (x2) */
            x1[j] = mid32(x1[j - 16], x1[j - 15]) ^ x1[j - 14];
            x2[j] = mid32(x2[j - 16], x2[j - 15]) ^ x2[j - 15] ^ mid32(x2[j - 15], x2[j - 14]) ^
                    x2[j - 14];
            c[j - 16] = x1[j] ^ x2[j];
        }
        if (len % 64)
            c[nw - 1] &= (1ull << (len % 64)) - 1;
        if (i + len < n) {
            memmove(x1, x1 + nw, 16 * sizeof *x1);
            memmove(x2, x2 + nw, 16 * sizeof *x2);
        }
        lte_gold_io at = {io.src ? io.src + i : NULL,
                          io.dst ? io.dst + (op == LTE_GOLD_OP_BYTES ? i / 8 : i) : NULL,
                          io.llr ? io.llr + i : NULL, io.w ? io.w + i / 64 : NULL};
        lte_gold_apply_scalar(op, c, len, at);
    }
}

/* Generate c(0..n-1) and apply op on the chosen path. */
static int gold_run(uint32_t c_init, int n, lte_simd_path path, lte_gold_op op, lte_gold_io io)
{
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    if (n == 0)
        return 0;
    if (p == LTE_SIMD_SCALAR) {
        run_scalar(c_init, n, op, io);
        return 0;
    }
    lte_gold_seed sd;
    gold_seed(c_init, sd.x1, sd.x2);
    if (p == LTE_SIMD_AVX512)
        lte_gold_run_avx512(&sd, n, op, io);
    else
        lte_gold_run_avx2(&sd, n, op, io);
    return 0;
}

/* Entry points without a path argument use lte_simd_default() rather than
 * AUTO: they never fail because of a bad LTEPHY_SIMD (all paths agree). */

int lte_gold_bytes_path(uint32_t c_init, int n, lte_simd_path path, uint8_t *bytes)
{
    GOLD_CHECK(c_init, n, bytes);
    return gold_run(c_init, n, path, LTE_GOLD_OP_BYTES, (lte_gold_io){NULL, bytes, NULL, NULL});
}

int lte_gold_bytes(uint32_t c_init, int n, uint8_t *bytes)
{
    return lte_gold_bytes_path(c_init, n, lte_simd_default(), bytes);
}

int lte_gold_words_path(uint32_t c_init, int n, lte_simd_path path, uint64_t *w)
{
    GOLD_CHECK(c_init, n, w);
    return gold_run(c_init, n, path, LTE_GOLD_OP_WORDS, (lte_gold_io){NULL, NULL, NULL, w});
}

void lte_gold_words(uint32_t c_init, int n, uint64_t *w)
{
    lte_gold_words_path(c_init, n, lte_simd_default(), w);
}

int lte_gold_bits_path(uint32_t c_init, int n, lte_simd_path path, uint8_t *c)
{
    GOLD_CHECK(c_init, n, c);
    return gold_run(c_init, n, path, LTE_GOLD_OP_BITS, (lte_gold_io){NULL, c, NULL, NULL});
}

int lte_gold_bits(uint32_t c_init, int n, uint8_t *c)
{
    return lte_gold_bits_path(c_init, n, lte_simd_default(), c);
}

int lte_gold_scramble_bits_path(uint32_t c_init, const uint8_t *src, int n, lte_simd_path path,
                                uint8_t *dst)
{
    GOLD_CHECK(c_init, n, src && dst);
    return gold_run(c_init, n, path, LTE_GOLD_OP_XOR, (lte_gold_io){src, dst, NULL, NULL});
}

int lte_gold_scramble_bits(uint32_t c_init, const uint8_t *src, int n, uint8_t *dst)
{
    return lte_gold_scramble_bits_path(c_init, src, n, lte_simd_default(), dst);
}

int lte_gold_descramble_llr_words(uint32_t c_init, float *llr, int n, lte_simd_path path,
                                  uint64_t *w)
{
    GOLD_CHECK(c_init, n, llr);
    return gold_run(c_init, n, path, LTE_GOLD_OP_FLIP, (lte_gold_io){NULL, NULL, llr, w});
}

int lte_gold_descramble_llr_path(uint32_t c_init, float *llr, int n, lte_simd_path path)
{
    return lte_gold_descramble_llr_words(c_init, llr, n, path, NULL);
}

int lte_gold_descramble_llr(uint32_t c_init, float *llr, int n)
{
    return lte_gold_descramble_llr_path(c_init, llr, n, lte_simd_default());
}
