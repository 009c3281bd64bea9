/* ltephy kernels: turbo encoder, TS 36.212 §5.1.3.2.
 *
 * Two implementations of the same code:
 *  - lte_turbo_encode_ref steps the two constituent shift registers one bit
 *    at a time, exactly as drawn in Figure 5.1.3-2, and terminates them as
 *    §5.1.3.2.2 describes (switch in the feedback position, three clocks).
 *  - lte_turbo_encode (lte_turbo_encode_simd) runs the same recursion on
 *    64 steps per machine word (see "Word-at-a-time encoder" below), the
 *    bits packed into words and out again by the SIMD path's helpers
 *    (kernels/turbo_enc_avx512.c).
 *
 * Constituent encoder state, bit 0 = s1 (first delay, output of the adder),
 * bit 1 = s2, bit 2 = s3 (last delay). With a_k the value entering the first
 * delay (input plus feedback), g0 = 1 + D^2 + D^3 and g1 = 1 + D + D^3 give
 *     a_k = c_k ^ a_{k-2} ^ a_{k-3}        (feedback, g0)
 *     z_k = a_k ^ a_{k-1} ^ a_{k-3}        (parity,   g1)
 * and the state at time k is (s1, s2, s3) = (a_{k-1}, a_{k-2}, a_{k-3}).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <emmintrin.h> /* SSE2: part of baseline x86-64 */
#include <stdint.h>
#include <string.h>

#include "kernels/internal.h"
#include "kernels/turbo_enc.h"
#include "ltephy/turbo.h"

/* ---- Bit-serial reference ------------------------------------------------ */

/* One clock of an RSC encoder with input bit u; returns the parity z. */
static inline uint8_t rsc_clock(unsigned *state, unsigned u)
{
    unsigned s1 = *state & 1, s2 = (*state >> 1) & 1, s3 = (*state >> 2) & 1;
    unsigned a = u ^ s2 ^ s3; /* feedback polynomial g0 = 1 + D^2 + D^3 */
    unsigned z = a ^ s1 ^ s3; /* feed-forward polynomial g1 = 1 + D + D^3 */
    *state = a | (s1 << 1) | (s2 << 2);
    return (uint8_t)z;
}

/* One termination clock (§5.1.3.2.2): the switch takes the feedback as the
 * input, so the first delay receives 0; the transmitted "systematic" tail
 * bit is that input. Three clocks empty the register. */
static inline void rsc_tail(unsigned *state, uint8_t *x, uint8_t *z)
{
    unsigned s2 = (*state >> 1) & 1, s3 = (*state >> 2) & 1;
    *x = (uint8_t)(s2 ^ s3);
    *z = rsc_clock(state, s2 ^ s3);
}

/* Terminate both encoders and lay the 12 tail bits out as §5.1.3.2.2:
 *   d0[K..K+3] = x_K, z_{K+1}, x'_K, z'_{K+1}
 *   d1[K..K+3] = z_K, x_{K+2}, z'_K, x'_{K+2}
 *   d2[K..K+3] = x_{K+1}, z_{K+2}, x'_{K+1}, z'_{K+2} */
static void terminate(unsigned s1, unsigned s2, int K, uint8_t *d0, uint8_t *d1, uint8_t *d2)
{
    uint8_t x[3], z[3], xp[3], zp[3];
    for (int t = 0; t < 3; t++) /* first encoder; the second is not clocked */
        rsc_tail(&s1, &x[t], &z[t]);
    for (int t = 0; t < 3; t++)
        rsc_tail(&s2, &xp[t], &zp[t]);
    d0[K] = x[0], d0[K + 1] = z[1], d0[K + 2] = xp[0], d0[K + 3] = zp[1];
    d1[K] = z[0], d1[K + 1] = x[2], d1[K + 2] = zp[0], d1[K + 3] = xp[2];
    d2[K] = x[1], d2[K + 1] = z[2], d2[K + 2] = xp[1], d2[K + 3] = zp[2];
}

/* 1 if every pi[i] < K (K <= 0x8000). */
static int pi_in_range(const uint16_t *pi, int K)
{
    /* SSE2 (baseline x86-64): the unsigned saturating difference
     * pi[i] - (K-1) is nonzero exactly for an entry >= K; eight at a time. */
    const __m128i kmax = _mm_set1_epi16((short)(K - 1));
    __m128i bad = _mm_setzero_si128();
    int i = 0;
    for (; i + 8 <= K; i += 8)
        bad = _mm_or_si128(bad, _mm_subs_epu16(_mm_loadu_si128((const __m128i *)(pi + i)), kmax));
    unsigned tail = 0;
    for (; i < K; i++)
        tail |= pi[i] >= (unsigned)K;
    return _mm_movemask_epi8(_mm_cmpeq_epi8(bad, _mm_setzero_si128())) == 0xFFFF && !tail;
}

/* Common argument checks. pi is only required to stay inside 0..K-1 (so a
 * bad permutation cannot make us read out of bounds); that it is a
 * permutation is the caller's contract. */
static int check_args(const char *fn, const uint8_t *c, int K, const uint16_t *pi,
                      const uint8_t *d0, const uint8_t *d1, const uint8_t *d2, int mult8)
{
    if (!c || !pi || !d0 || !d1 || !d2)
        return lte_error_set_fn(LTE_EINVAL, fn, "NULL pointer argument");
    if (K < 8 || K > LTE_TURBO_KMAX || (mult8 && K % 8))
        return lte_error_set_fn(LTE_EINVAL, fn, "K=%d not in [8, %d]%s", K, LTE_TURBO_KMAX,
                                mult8 ? " or not a multiple of 8" : "");
    if (!pi_in_range(pi, K))
        return lte_error_set_fn(LTE_EINVAL, fn, "pi has an entry >= K=%d", K);
    return 0;
}

int lte_turbo_encode_ref(const uint8_t *c, int K, const uint16_t *pi, uint8_t *d0, uint8_t *d1,
                         uint8_t *d2)
{
    int rc = check_args(__func__, c, K, pi, d0, d1, d2, 0);
    if (rc)
        return rc;
    unsigned s1 = 0, s2 = 0; /* §5.1.3.2.1: both registers start at zero */
    for (int k = 0; k < K; k++) {
        unsigned x = c[k] & 1u, xi = c[pi[k]] & 1u; /* c'_k = c_pi(k), §5.1.3.2.3 */
        d0[k] = (uint8_t)x;
        d1[k] = rsc_clock(&s1, x);
        d2[k] = rsc_clock(&s2, xi);
    }
    terminate(s1, s2, K, d0, d1, d2);
    return 0;
}

/* ---- Word-at-a-time encoder --------------------------------------------- *
 *
 * The recursion a = c / g0(D) is linear over GF(2). With h(D) = 1 + D^2 +
 * D^3 + D^4 one has g0(D) h(D) = 1 + D^7, so
 *     u_k = c_k ^ c_{k-2} ^ c_{k-3} ^ c_{k-4},     a_k = u_k ^ a_{k-7}
 * (zero initial state: a_k = c_k = 0 for k < 0). On 64 bits packed in a
 * word (bit i = step 64 w + i), u is four shifts; a is a prefix XOR with
 * stride 7 (four shift-XORs) plus the previous word's last seven a's tiled
 * with period 7; z_k = a_k ^ a_{k-1} ^ a_{k-3} is two more shifts. Only that
 * 7-bit carry links consecutive words, so a code block costs a few
 * instructions per 64 steps instead of a table look-up per 8.
 *
 * A path supplies four steps (kernels/turbo_enc.h): packing c (and writing
 * d0), gathering the interleaved c'_k = c_pi(k) (§5.1.3.2.3), the recursion
 * (rsc_words2 here; AVX-512 runs its two word-parallel parts, u with the
 * prefix XOR and z, eight words at a time) and unpacking the parities. The
 * tests compare every path bit for bit with lte_turbo_encode_ref. */

#define TE_WORDS (LTE_TURBO_KMAX / 64)

/* pack8/unpack8 move 8 unpacked bits through one 64-bit word, which assumes
 * byte 0 is the least significant (true of every target ltephy builds for). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "kernels/turbo_enc.c assumes a little-endian target"
#endif

#define TB(b, j) (((b) >> (j)) & 1)

/* 8 unpacked bits (first bit at the lowest address; only bit 0 of each byte
 * counts) -> one byte, first bit in bit 0. The multiply moves byte j's bit 0
 * to bit 56 + j with no carries (every partial product lands on a distinct
 * bit). *x receives the 8 bits masked to 0/1, for d0. */
static inline unsigned pack8(const uint8_t *p, uint64_t *x)
{
    uint64_t v;
    memcpy(&v, p, 8);
    v &= 0x0101010101010101ULL;
    *x = v;
    return (unsigned)((v * 0x0102040810204080ULL) >> 56);
}

/* Inverse of pack8: unpack_tab[b] holds bit j of b in byte j (little-endian
 * load/store order), so one look-up writes 8 output bits. */
#define UB(b, j) ((uint64_t)TB(b, j) << (8 * (j)))
#define U1(b) (UB(b, 0) | UB(b, 1) | UB(b, 2) | UB(b, 3) | UB(b, 4) | UB(b, 5) | UB(b, 6) | UB(b, 7))
#define U4(b) U1(b), U1((b) + 1), U1((b) + 2), U1((b) + 3)
#define U16(b) U4(b), U4((b) + 4), U4((b) + 8), U4((b) + 12)
#define U64(b) U16(b), U16((b) + 16), U16((b) + 32), U16((b) + 48)

static const uint64_t unpack_tab[256] = {U64(0), U64(64), U64(128), U64(192)};

/* The interleaved byte c'_{8n..8n+7}: gathered byte by byte through pi, then
 * packed like pack8. */
static inline unsigned gather8(const uint8_t *c, const uint16_t *pi)
{
    uint64_t v = (uint64_t)c[pi[0]] | (uint64_t)c[pi[1]] << 8 | (uint64_t)c[pi[2]] << 16 |
                 (uint64_t)c[pi[3]] << 24 | (uint64_t)c[pi[4]] << 32 |
                 (uint64_t)c[pi[5]] << 40 | (uint64_t)c[pi[6]] << 48 | (uint64_t)c[pi[7]] << 56;
    v &= 0x0101010101010101ULL;
    return (unsigned)((v * 0x0102040810204080ULL) >> 56);
}

/* The whole words first (eight bytes each, unrolled), then the last one's
 * K % 64 bits. */
void lte_turbo_pack_scalar(const uint8_t *c, int K, uint8_t *d0, uint64_t *cw)
{
    int k = 0;
    for (; k + 64 <= K; k += 64) {
        uint64_t w = 0;
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++) {
            uint64_t x;
            w |= (uint64_t)pack8(c + k + 8 * j, &x) << (8 * j);
            memcpy(d0 + k + 8 * j, &x, 8); /* d0 = x: the systematic bits */
        }
        cw[k / 64] = w;
    }
    if (k < K) {
        uint64_t w = 0;
        for (int j = 0; k + 8 * j < K; j++) {
            uint64_t x;
            w |= (uint64_t)pack8(c + k + 8 * j, &x) << (8 * j);
            memcpy(d0 + k + 8 * j, &x, 8);
        }
        cw[k / 64] = w;
    }
}

void lte_turbo_gather_scalar(const uint8_t *c, const uint64_t *cw, int K, const uint16_t *pi,
                             uint64_t *iw)
{
    (void)cw;
    int k = 0;
    for (; k + 64 <= K; k += 64) {
        uint64_t w = 0;
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++)
            w |= (uint64_t)gather8(c, pi + k + 8 * j) << (8 * j);
        iw[k / 64] = w;
    }
    if (k < K) {
        uint64_t w = 0;
        for (int j = 0; k + 8 * j < K; j++)
            w |= (uint64_t)gather8(c, pi + k + 8 * j) << (8 * j);
        iw[k / 64] = w;
    }
}

void lte_turbo_unpack_scalar(const uint64_t *zw, int K, uint8_t *d)
{
    int k = 0;
    for (; k + 64 <= K; k += 64) {
        uint64_t w = zw[k / 64];
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++) {
            uint64_t x = unpack_tab[(w >> (8 * j)) & 0xFF];
            memcpy(d + k + 8 * j, &x, 8); /* bytes in memory order = bits: little-endian */
        }
    }
    for (; k < K; k += 8) {
        uint64_t x = unpack_tab[(zw[k / 64] >> (k % 64)) & 0xFF];
        memcpy(d + k, &x, 8);
    }
}

/* Parity words z0, z1 of the two constituent encoders from their packed
 * inputs c0, c1 (bits past K are ignored: the code is causal); s[e] = state
 * after step K-1, bit 0 = a_{K-1}, bit 1 = a_{K-2}, bit 2 = a_{K-3}. The two
 * independent chains share one loop so that their latencies overlap. */
static void rsc_words2(const uint64_t *c0, const uint64_t *c1, int K, uint64_t *z0,
                       uint64_t *z1, unsigned s[2])
{
    const uint64_t *cin[2] = {c0, c1};
    uint64_t *zout[2] = {z0, z1};
    uint64_t cp[2] = {0, 0}, ap[2] = {0, 0}, alast[2][2] = {{0, 0}, {0, 0}};
    const int nw = (K + 63) / 64;
    for (int w = 0; w < nw; w++) {
#pragma GCC unroll 2
        for (int e = 0; e < 2; e++) {
            const uint64_t c = cin[e][w], p = cp[e], q = ap[e];
            uint64_t v = c ^ (c << 2 | p >> 62) ^ (c << 3 | p >> 61) ^ (c << 4 | p >> 60);
            v ^= v << 7;
            v ^= v << 14;
            v ^= v << 28;
            v ^= v << 56;
            /* + a_{-7}..a_{-1} of this word, tiled with period 7 */
            const uint64_t a = v ^ ((q >> 57) * LTE_TURBO_TILE7);
            zout[e][w] = a ^ (a << 1 | q >> 63) ^ (a << 3 | q >> 61);
            alast[e][0] = q;
            alast[e][1] = a;
            cp[e] = c;
            ap[e] = a;
        }
    }
    /* a_{K-3..K-1}, K >= 8: in the last word, or straddling the one before */
    for (int e = 0; e < 2; e++) {
        s[e] = 0;
        for (int t = 1; t <= 3; t++) {
            int k = K - t, wi = k / 64 == nw - 1 ? 1 : 0;
            s[e] |= (unsigned)((alast[e][wi] >> (k % 64)) & 1) << (t - 1);
        }
    }
}

static void rsc2_scalar(const uint64_t *const c[2], int K, uint64_t *const z[2], unsigned s[2])
{
    rsc_words2(c[0], c[1], K, z[0], z[1], s);
}

/* Which pack / gather / recursion / unpack variants a path uses. */
typedef struct te_ops {
    void (*pack)(const uint8_t *c, int K, uint8_t *d0, uint64_t *cw);
    void (*gather)(const uint8_t *c, const uint64_t *cw, int K, const uint16_t *pi, uint64_t *iw);
    void (*rsc2)(const uint64_t *const c[2], int K, uint64_t *const z[2], unsigned s[2]);
    void (*unpack)(const uint64_t *zw, int K, uint8_t *d);
} te_ops;

static te_ops ops_for(int path)
{
    te_ops o = {lte_turbo_pack_scalar, lte_turbo_gather_scalar, rsc2_scalar,
                lte_turbo_unpack_scalar};
    if (path == LTE_SIMD_AVX512) {
        o.pack = lte_turbo_pack_avx512;
        o.rsc2 = lte_turbo_rsc2_avx512;
        o.unpack = lte_turbo_unpack_avx512;
        if (lte_turbo_gather_vbmi_ok())
            o.gather = lte_turbo_gather_vbmi;
    }
    return o;
}

void lte_turbo_encode_trusted(const uint8_t *c, int K, const uint16_t *pi, uint8_t *d0,
                              uint8_t *d1, uint8_t *d2, int path)
{
    /* cw zeroed past K: the VBMI gather loads whole 128-byte tables (at most
     * TE_WORDS words) */
    uint64_t cw[TE_WORDS], iw[TE_WORDS], z1[TE_WORDS], z2[TE_WORDS];
    const te_ops o = ops_for(path);
    const int nw = (K + 63) / 64;
    o.pack(c, K, d0, cw);
    memset(cw + nw, 0, sizeof cw - sizeof cw[0] * (size_t)nw);
    o.gather(c, cw, K, pi, iw);
    unsigned s[2];
    const uint64_t *const in[2] = {cw, iw};
    uint64_t *const out[2] = {z1, z2};
    o.rsc2(in, K, out, s);
    o.unpack(z1, K, d1);
    o.unpack(z2, K, d2);
    terminate(s[0], s[1], K, d0, d1, d2);
}

int lte_turbo_encode_simd(const uint8_t *c, int K, const uint16_t *pi, uint8_t *d0, uint8_t *d1,
                          uint8_t *d2, lte_simd_path path)
{
    int rc = check_args(__func__, c, K, pi, d0, d1, d2, 1);
    if (rc)
        return rc;
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    lte_turbo_encode_trusted(c, K, pi, d0, d1, d2, p);
    return 0;
}

int lte_turbo_encode(const uint8_t *c, int K, const uint16_t *pi, uint8_t *d0, uint8_t *d1,
                     uint8_t *d2)
{
    return lte_turbo_encode_simd(c, K, pi, d0, d1, d2, LTE_SIMD_AUTO);
}
