/* AVX-512 helpers of the turbo encoder (kernels/turbo_enc.h): 64 bits per
 * step in and out of the packed words, and the interleaver gather with
 * byte permutes (VBMI) and a bit shuffle (BITALG) instead of 64 loads.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>
#include <stdint.h>

#include "kernels/turbo_enc.h"
#include "ltephy/turbo.h"

/* lanes k..k+63 that are below K */
static inline __mmask64 lanes(int K, int k)
{
    return K - k >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << (K - k)) - 1);
}

void lte_turbo_pack_avx512(const uint8_t *c, int K, uint8_t *d0, uint64_t *cw)
{
    const __m512i one = _mm512_set1_epi8(1);
    for (int k = 0; k < K; k += 64) {
        __mmask64 m = lanes(K, k); /* masked: nothing past c[K-1] is touched */
        __m512i v = _mm512_maskz_loadu_epi8(m, c + k);
        cw[k / 64] = _mm512_test_epi8_mask(v, one);
        _mm512_mask_storeu_epi8(d0 + k, m, _mm512_and_si512(v, one));
    }
}

void lte_turbo_unpack_avx512(const uint64_t *zw, int K, uint8_t *d)
{
    const __m512i one = _mm512_set1_epi8(1);
    for (int k = 0; k < K; k += 64)
        _mm512_mask_storeu_epi8(d + k, lanes(K, k), _mm512_maskz_mov_epi8(zw[k / 64], one));
}

int lte_turbo_gather_vbmi_ok(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512bitalg");
}

/* Output bit k = bit pi(k) of the packed c, i.e. bit pi%8 of byte pi/8. The
 * packed c (at most 768 bytes) is six 128-byte tables; for 64 outputs at a
 * time, vpermi2b fetches byte pi/8 mod 128 from each table that holds one
 * (selected by pi/1024), leaving output k's byte at byte k, and vpshufbitqmb
 * picks bit pi%8 of it: byte k sits at bit 8 (k%8) of its quadword. */
#define VBMI_TARGET __attribute__((target("avx512f,avx512bw,avx512vbmi,avx512bitalg")))

/* n_tab a constant after inlining: the tables stay in registers and the
 * per-table loop unrolls. */
VBMI_TARGET static inline __attribute__((always_inline)) void
gather_n(const uint8_t *cb, int K, const uint16_t *pi, uint64_t *iw, const int n_tab)
{
    __m512i tab[12];
#pragma GCC unroll 12
    for (int t = 0; t < 2 * n_tab; t++)
        tab[t] = _mm512_loadu_si512(cb + 64 * t);
    /* even byte indices: the low bytes of two vectors of 16-bit lanes */
    const __m512i even = _mm512_set_epi8(
        126, 124, 122, 120, 118, 116, 114, 112, 110, 108, 106, 104, 102, 100, 98, 96, 94, 92,
        90, 88, 86, 84, 82, 80, 78, 76, 74, 72, 70, 68, 66, 64, 62, 60, 58, 56, 54, 52, 50, 48,
        46, 44, 42, 40, 38, 36, 34, 32, 30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
    const __m512i lane_bit = _mm512_set1_epi64(0x3830282018100800LL); /* 8 (k%8) */
    const __m512i seven = _mm512_set1_epi8(7);
    for (int k = 0; k < K; k += 64) {
        __mmask64 m = lanes(K, k); /* lanes past K read pi = 0: harmless */
        __m512i a = _mm512_maskz_loadu_epi16((__mmask32)m, pi + k);
        __m512i b = _mm512_maskz_loadu_epi16((__mmask32)(m >> 32), pi + k + 32);
        __m512i idx = _mm512_permutex2var_epi8(_mm512_srli_epi16(a, 3), even,
                                               _mm512_srli_epi16(b, 3));
        __m512i hi = _mm512_permutex2var_epi8(_mm512_srli_epi16(a, 10), even,
                                              _mm512_srli_epi16(b, 10));
        __m512i bit = _mm512_and_si512(_mm512_permutex2var_epi8(a, even, b), seven);
        __m512i g = _mm512_permutex2var_epi8(tab[0], idx, tab[1]);
#pragma GCC unroll 6
        for (int t = 1; t < n_tab; t++) {
            __mmask64 sel = _mm512_cmpeq_epi8_mask(hi, _mm512_set1_epi8((char)t));
            g = _mm512_mask_mov_epi8(g, sel, _mm512_permutex2var_epi8(tab[2 * t], idx,
                                                                      tab[2 * t + 1]));
        }
        iw[k / 64] = _mm512_bitshuffle_epi64_mask(g, _mm512_or_si512(bit, lane_bit));
    }
}

VBMI_TARGET void lte_turbo_gather_vbmi(const uint8_t *c, const uint64_t *cw, int K,
                                       const uint16_t *pi, uint64_t *iw)
{
    (void)c;
    const uint8_t *cb = (const uint8_t *)cw;
    switch ((K / 8 + 127) / 128) { /* 128-byte tables holding c */
    case 1: gather_n(cb, K, pi, iw, 1); break;
    case 2: gather_n(cb, K, pi, iw, 2); break;
    case 3: gather_n(cb, K, pi, iw, 3); break;
    case 4: gather_n(cb, K, pi, iw, 4); break;
    case 5: gather_n(cb, K, pi, iw, 5); break;
    default: gather_n(cb, K, pi, iw, 6); break;
    }
}

/* Carry-less product of each word with t, truncated to 64 bits. */
static inline __m512i clmul_lo64(__m512i u, __m512i t)
{
    __m512i even = _mm512_clmulepi64_epi128(u, t, 0x00); /* words 0, 2, 4, 6 */
    __m512i odd = _mm512_clmulepi64_epi128(u, t, 0x01);  /* words 1, 3, 5, 7 */
    return _mm512_unpacklo_epi64(even, odd);
}

/* The word recursion of kernels/turbo_enc.c with its two word-parallel
 * parts eight words at a time: u = c h(D) and the stride-7 prefix XOR (a
 * carry-less multiply by the tiling constant), then, after the serial
 * 7-bit carry chain, z = a (1 + D + D^3). */
void lte_turbo_rsc2_avx512(const uint64_t *const c[2], int K, uint64_t *const z[2],
                           unsigned s[2])
{
    const int nw = (K + 63) / 64;
    const __m512i tile = _mm512_set1_epi64((long long)LTE_TURBO_TILE7);
    uint64_t a[2][LTE_TURBO_KMAX / 64];
    for (int e = 0; e < 2; e++) {
        __m512i prev = _mm512_setzero_si512();
        for (int w = 0; w < nw; w += 8) {
            __mmask8 m = nw - w >= 8 ? 0xFF : (__mmask8)((1u << (nw - w)) - 1);
            __m512i cur = _mm512_maskz_loadu_epi64(m, c[e] + w);
            __m512i p = _mm512_alignr_epi64(cur, prev, 7); /* the word before each */
            __m512i u = _mm512_ternarylogic_epi64(
                cur, _mm512_or_si512(_mm512_slli_epi64(cur, 2), _mm512_srli_epi64(p, 62)),
                _mm512_or_si512(_mm512_slli_epi64(cur, 3), _mm512_srli_epi64(p, 61)), 0x96);
            u = _mm512_xor_si512(u, _mm512_or_si512(_mm512_slli_epi64(cur, 4),
                                                    _mm512_srli_epi64(p, 60)));
            _mm512_mask_storeu_epi64(a[e] + w, m, clmul_lo64(u, tile));
            prev = cur;
        }
    }
    uint64_t ap0 = 0, ap1 = 0; /* the serial part: a_k = v_k ^ a_{k-7} across words */
    for (int w = 0; w < nw; w++) {
        ap0 = a[0][w] ^= (ap0 >> 57) * LTE_TURBO_TILE7;
        ap1 = a[1][w] ^= (ap1 >> 57) * LTE_TURBO_TILE7;
    }
    for (int e = 0; e < 2; e++) {
        __m512i prev = _mm512_setzero_si512();
        for (int w = 0; w < nw; w += 8) {
            __mmask8 m = nw - w >= 8 ? 0xFF : (__mmask8)((1u << (nw - w)) - 1);
            __m512i cur = _mm512_maskz_loadu_epi64(m, a[e] + w);
            __m512i p = _mm512_alignr_epi64(cur, prev, 7);
            __m512i zz = _mm512_ternarylogic_epi64(
                cur, _mm512_or_si512(_mm512_slli_epi64(cur, 1), _mm512_srli_epi64(p, 63)),
                _mm512_or_si512(_mm512_slli_epi64(cur, 3), _mm512_srli_epi64(p, 61)), 0x96);
            _mm512_mask_storeu_epi64(z[e] + w, m, zz);
            prev = cur;
        }
        s[e] = 0;
        for (int t = 1; t <= 3; t++) {
            int k = K - t;
            s[e] |= (unsigned)((a[e][k / 64] >> (k % 64)) & 1) << (t - 1);
        }
    }
}
