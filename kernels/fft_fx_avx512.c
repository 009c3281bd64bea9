/* Fixed-point FFT model (include/ltephy/fft_fx.h), AVX-512 stage: 16
 * butterflies per step for stages with half-span h >= 16; the same exact
 * int32 arithmetic as the AVX2 stage, so bit-exact with the scalar model.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <immintrin.h>
#include <stdint.h>

void lte_fft_fx_stage_avx512(int16_t *x, int n, int h, int sh, const int16_t *ta,
                             const int16_t *tb);

static inline __m512i scaled_sum(__m512i a, __m512i b, int sub, __m512i rnd, __m128i cnt,
                                 __m512i fix)
{
    __m512i alo = _mm512_cvtepi16_epi32(_mm512_castsi512_si256(a));
    __m512i ahi = _mm512_cvtepi16_epi32(_mm512_extracti64x4_epi64(a, 1));
    __m512i blo = _mm512_cvtepi16_epi32(_mm512_castsi512_si256(b));
    __m512i bhi = _mm512_cvtepi16_epi32(_mm512_extracti64x4_epi64(b, 1));
    __m512i lo = sub ? _mm512_sub_epi32(alo, blo) : _mm512_add_epi32(alo, blo);
    __m512i hi = sub ? _mm512_sub_epi32(ahi, bhi) : _mm512_add_epi32(ahi, bhi);
    lo = _mm512_sra_epi32(_mm512_add_epi32(lo, rnd), cnt);
    hi = _mm512_sra_epi32(_mm512_add_epi32(hi, rnd), cnt);
    /* packs works per 128-bit lane: lane i holds lo[4i..4i+3], hi[4i..4i+3] */
    return _mm512_permutexvar_epi64(fix, _mm512_packs_epi32(lo, hi));
}

void lte_fft_fx_stage_avx512(int16_t *x, int n, int h, int sh, const int16_t *ta,
                             const int16_t *tb)
{
    const __m512i rnd = _mm512_set1_epi32(sh ? 1 << (sh - 1) : 0);
    const __m128i cnt = _mm_cvtsi32_si128(sh);
    const __m512i half = _mm512_set1_epi32(1 << 14);
    const __m512i fix = _mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7);
    const __m512i ilv = _mm512_broadcast_i32x4(
        _mm_setr_epi8(0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15));
    for (int g = 0; g < n; g += 2 * h)
        for (int j = 0; j < h; j += 16) {
            int16_t *pa = x + 2 * (g + j), *pb = pa + 2 * h;
            __m512i a = _mm512_loadu_si512((const void *)pa);
            __m512i b = _mm512_loadu_si512((const void *)pb);
            __m512i u = scaled_sum(a, b, 0, rnd, cnt, fix);
            __m512i v = scaled_sum(a, b, 1, rnd, cnt, fix);
            __m512i wa = _mm512_loadu_si512((const void *)(ta + 2 * j));
            __m512i wb = _mm512_loadu_si512((const void *)(tb + 2 * j));
            __m512i pr = _mm512_srai_epi32(_mm512_add_epi32(_mm512_madd_epi16(v, wa), half), 15);
            __m512i pi = _mm512_srai_epi32(_mm512_add_epi32(_mm512_madd_epi16(v, wb), half), 15);
            __m512i p = _mm512_shuffle_epi8(_mm512_packs_epi32(pr, pi), ilv);
            _mm512_storeu_si512((void *)pa, u);
            _mm512_storeu_si512((void *)pb, p);
        }
}
