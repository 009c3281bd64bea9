/* ltephy kernels: turbo encoder, TS 36.212 §5.1.3.2.
 *
 * Two implementations of the same code:
 *  - lte_turbo_encode_ref steps the two constituent shift registers one bit
 *    at a time, exactly as drawn in Figure 5.1.3-2, and terminates them as
 *    §5.1.3.2.2 describes (switch in the feedback position, three clocks).
 *  - lte_turbo_encode advances each constituent encoder eight trellis steps
 *    per table look-up: enc_tab[state][8 input bits] gives the 8 parity bits
 *    and the state after them. The table is a compile-time constant derived
 *    below from the same recursion, so there is no initialisation and no
 *    global mutable state.
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

/* ---- Byte-at-a-time encoder ---------------------------------------------- */

/* pack8/unpack8 move 8 unpacked bits through one 64-bit word, which assumes
 * byte 0 is the least significant (true of every target ltephy builds for). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "kernels/turbo_enc.c assumes a little-endian target"
#endif

/* The recursion in the file comment unrolled over 8 input bits b (bit j of b
 * is the j-th input), from state s: a_{-1} = s1, a_{-2} = s2, a_{-3} = s3. */
#define TB(b, j) (((b) >> (j)) & 1)
#define TAm1(s, b) ((s) & 1)
#define TAm2(s, b) (((s) >> 1) & 1)
#define TAm3(s, b) (((s) >> 2) & 1)
#define TA0(s, b) (TB(b, 0) ^ TAm2(s, b) ^ TAm3(s, b))
#define TA1(s, b) (TB(b, 1) ^ TAm1(s, b) ^ TAm2(s, b))
#define TA2(s, b) (TB(b, 2) ^ TA0(s, b) ^ TAm1(s, b))
#define TA3(s, b) (TB(b, 3) ^ TA1(s, b) ^ TA0(s, b))
#define TA4(s, b) (TB(b, 4) ^ TA2(s, b) ^ TA1(s, b))
#define TA5(s, b) (TB(b, 5) ^ TA3(s, b) ^ TA2(s, b))
#define TA6(s, b) (TB(b, 6) ^ TA4(s, b) ^ TA3(s, b))
#define TA7(s, b) (TB(b, 7) ^ TA5(s, b) ^ TA4(s, b))
#define TZ0(s, b) (TA0(s, b) ^ TAm1(s, b) ^ TAm3(s, b))
#define TZ1(s, b) (TA1(s, b) ^ TA0(s, b) ^ TAm2(s, b))
#define TZ2(s, b) (TA2(s, b) ^ TA1(s, b) ^ TAm1(s, b))
#define TZ3(s, b) (TA3(s, b) ^ TA2(s, b) ^ TA0(s, b))
#define TZ4(s, b) (TA4(s, b) ^ TA3(s, b) ^ TA1(s, b))
#define TZ5(s, b) (TA5(s, b) ^ TA4(s, b) ^ TA2(s, b))
#define TZ6(s, b) (TA6(s, b) ^ TA5(s, b) ^ TA3(s, b))
#define TZ7(s, b) (TA7(s, b) ^ TA6(s, b) ^ TA4(s, b))
/* entry: parity bits z_0..z_7 in bits 0..7, next state (a7, a6, a5) in bits 8..10 */
#define TE(s, b)                                                                           \
    (uint16_t)(TZ0(s, b) | TZ1(s, b) << 1 | TZ2(s, b) << 2 | TZ3(s, b) << 3 |              \
               TZ4(s, b) << 4 | TZ5(s, b) << 5 | TZ6(s, b) << 6 | TZ7(s, b) << 7 |         \
               (TA7(s, b) | TA6(s, b) << 1 | TA5(s, b) << 2) << 8)
/* The code is linear over GF(2) in (state, input), so an entry is the XOR of
 * the zero-input response of the state and the zero-state responses of the
 * individual input bits. Enumerators keep these compile-time constants, and
 * keep the preprocessed table small. */
enum {
    TIMP0 = TE(0, 1), TIMP1 = TE(0, 2), TIMP2 = TE(0, 4), TIMP3 = TE(0, 8),
    TIMP4 = TE(0, 16), TIMP5 = TE(0, 32), TIMP6 = TE(0, 64), TIMP7 = TE(0, 128),
    TST0 = TE(0, 0), TST1 = TE(1, 0), TST2 = TE(2, 0), TST3 = TE(3, 0),
    TST4 = TE(4, 0), TST5 = TE(5, 0), TST6 = TE(6, 0), TST7 = TE(7, 0),
};
#define TL(b)                                                                              \
    ((TB(b, 0) * TIMP0) ^ (TB(b, 1) * TIMP1) ^ (TB(b, 2) * TIMP2) ^ (TB(b, 3) * TIMP3) ^      \
     (TB(b, 4) * TIMP4) ^ (TB(b, 5) * TIMP5) ^ (TB(b, 6) * TIMP6) ^ (TB(b, 7) * TIMP7))
#define TE4(s, b) TL(b) ^ s, TL((b) + 1) ^ s, TL((b) + 2) ^ s, TL((b) + 3) ^ s
#define TE16(s, b) TE4(s, b), TE4(s, (b) + 4), TE4(s, (b) + 8), TE4(s, (b) + 12)
#define TE64(s, b) TE16(s, b), TE16(s, (b) + 16), TE16(s, (b) + 32), TE16(s, (b) + 48)
#define TE256(s) {TE64(s, 0), TE64(s, 64), TE64(s, 128), TE64(s, 192)}

static const uint16_t enc_tab[8][256] = {TE256(TST0), TE256(TST1), TE256(TST2), TE256(TST3),
                                         TE256(TST4), TE256(TST5), TE256(TST6), TE256(TST7)};

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

static inline void unpack8(unsigned b, uint8_t *p)
{
    uint64_t x = unpack_tab[b];
    memcpy(p, &x, 8); /* bytes in memory order = bits 0..7: little-endian x86-64 */
}

/* The interleaved byte c'_{8n..8n+7} (c'_k = c_pi(k), §5.1.3.2.3): gathered
 * byte by byte through pi, then packed like pack8. */
static inline unsigned gather8(const uint8_t *c, const uint16_t *pi)
{
    uint64_t v = (uint64_t)c[pi[0]] | (uint64_t)c[pi[1]] << 8 | (uint64_t)c[pi[2]] << 16 |
                 (uint64_t)c[pi[3]] << 24 | (uint64_t)c[pi[4]] << 32 |
                 (uint64_t)c[pi[5]] << 40 | (uint64_t)c[pi[6]] << 48 | (uint64_t)c[pi[7]] << 56;
    v &= 0x0101010101010101ULL;
    return (unsigned)((v * 0x0102040810204080ULL) >> 56);
}

int lte_turbo_encode(const uint8_t *c, int K, const uint16_t *pi, uint8_t *d0, uint8_t *d1,
                     uint8_t *d2)
{
    int rc = check_args(__func__, c, K, pi, d0, d1, d2, 1);
    if (rc)
        return rc;
    unsigned s1 = 0, s2 = 0;
    /* The two state chains are independent, so their look-ups overlap. */
    for (int k = 0; k < K; k += 8) {
        uint64_t x;
        unsigned e1 = enc_tab[s1][pack8(c + k, &x)];
        unsigned e2 = enc_tab[s2][gather8(c, pi + k)];
        s1 = e1 >> 8;
        s2 = e2 >> 8;
        memcpy(d0 + k, &x, 8); /* d0 = x: the systematic bits */
        unpack8(e1 & 0xFF, d1 + k);
        unpack8(e2 & 0xFF, d2 + k);
    }
    terminate(s1, s2, K, d0, d1, d2);
    return 0;
}
