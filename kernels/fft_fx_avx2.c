/* Fixed-point FFT model (include/ltephy/fft_fx.h), AVX2 stages: 8 butterflies
 * per step; stages with half-span h >= 8 load a and b directly, the last
 * three (h = 4, 2, 1) regroup two registers of 16 samples so that one holds
 * the a and the other the b of 8 butterflies. Sums and differences are formed
 * exactly in int32 and saturated by the pack; the twiddle product is one
 * exact 16x16->32 multiply-add per component, so the result is bit-exact
 * with the scalar model.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

void lte_fft_fx_stage_avx2(int16_t *x, int n, int h, int sh, const int16_t *ta,
                           const int16_t *tb);
void lte_fft_fx_stage_small_avx2(int16_t *x, int n, int h, int sh, const int16_t *ta,
                                 const int16_t *tb);
int32_t lte_fft_fx_absmax_avx2(const int16_t *x, int n);

/* max |component| (block floating point): exact max and min, then
 * max(hi, -lo) in int32 so that -32768 counts as 32768. */
int32_t lte_fft_fx_absmax_avx2(const int16_t *x, int n)
{
    __m256i hi = _mm256_set1_epi16(0), lo = hi;
    for (int i = 0; i < 2 * n; i += 16) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(x + i));
        hi = _mm256_max_epi16(hi, v);
        lo = _mm256_min_epi16(lo, v);
    }
    int16_t h[16], l[16];
    _mm256_storeu_si256((__m256i *)(void *)h, hi);
    _mm256_storeu_si256((__m256i *)(void *)l, lo);
    int32_t m = 0;
    for (int i = 0; i < 16; i++) {
        m = h[i] > m ? h[i] : m;
        m = -(int32_t)l[i] > m ? -(int32_t)l[i] : m;
    }
    return m;
}

/* sat16(R(a op b, sh)) for 16 int16 lanes: widen, add, round, shift, pack. */
static inline __m256i scaled_sum(__m256i a, __m256i b, int sub, __m256i rnd, __m128i cnt)
{
    __m256i alo = _mm256_cvtepi16_epi32(_mm256_castsi256_si128(a));
    __m256i ahi = _mm256_cvtepi16_epi32(_mm256_extracti128_si256(a, 1));
    __m256i blo = _mm256_cvtepi16_epi32(_mm256_castsi256_si128(b));
    __m256i bhi = _mm256_cvtepi16_epi32(_mm256_extracti128_si256(b, 1));
    __m256i lo = sub ? _mm256_sub_epi32(alo, blo) : _mm256_add_epi32(alo, blo);
    __m256i hi = sub ? _mm256_sub_epi32(ahi, bhi) : _mm256_add_epi32(ahi, bhi);
    lo = _mm256_sra_epi32(_mm256_add_epi32(lo, rnd), cnt);
    hi = _mm256_sra_epi32(_mm256_add_epi32(hi, rnd), cnt);
    /* packs works per 128-bit lane: restore element order */
    return _mm256_permute4x64_epi64(_mm256_packs_epi32(lo, hi), 0xD8);
}

/* The butterflies of 8 pairs (a, b): u = sat16(R(a + b)), *p = the rounded,
 * saturated product of sat16(R(a - b)) with the twiddles wa/wb. */
static inline __m256i butterfly(__m256i a, __m256i b, __m256i wa, __m256i wb, int sh,
                                __m256i *p)
{
    const __m256i rnd = _mm256_set1_epi32(sh ? 1 << (sh - 1) : 0);
    const __m128i cnt = _mm_cvtsi32_si128(sh);
    const __m256i half = _mm256_set1_epi32(1 << 14);
    /* per 128-bit lane: re0..3 im0..3 (int16) -> re0 im0 re1 im1 .. */
    const __m256i ilv = _mm256_setr_epi8(0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15,
                                         0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15);
    __m256i u = scaled_sum(a, b, 0, rnd, cnt);
    __m256i v = scaled_sum(a, b, 1, rnd, cnt);
    __m256i pr = _mm256_srai_epi32(_mm256_add_epi32(_mm256_madd_epi16(v, wa), half), 15);
    __m256i pi = _mm256_srai_epi32(_mm256_add_epi32(_mm256_madd_epi16(v, wb), half), 15);
    *p = _mm256_shuffle_epi8(_mm256_packs_epi32(pr, pi), ilv);
    return u;
}

/* h = 4, 2 or 1 (n >= 16). Each step takes 16 consecutive samples X0, X1
 * (2 .. 8 whole groups), moves the a's into A and the b's into B (the order
 * of the groups inside A does not matter: all use the same twiddles), and
 * undoes the move on the results. Twiddle j is replicated over the groups. */
void lte_fft_fx_stage_small_avx2(int16_t *x, int n, int h, int sh, const int16_t *ta,
                                 const int16_t *tb)
{
    __m256i wa, wb;
    if (h == 4) {
        wa = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)ta));
        wb = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)tb));
    } else if (h == 2) {
        wa = _mm256_broadcastq_epi64(_mm_loadl_epi64((const __m128i *)ta));
        wb = _mm256_broadcastq_epi64(_mm_loadl_epi64((const __m128i *)tb));
    } else {
        int32_t a32, b32;
        memcpy(&a32, ta, 4);
        memcpy(&b32, tb, 4);
        wa = _mm256_set1_epi32(a32);
        wb = _mm256_set1_epi32(b32);
    }
    for (int i = 0; i < n; i += 16) {
        __m256i *px = (__m256i *)(void *)(x + 2 * i);
        __m256i x0 = _mm256_loadu_si256(px), x1 = _mm256_loadu_si256(px + 1), a, b, u, p;
        if (h == 4) { /* a group per register: a = low half, b = high half */
            a = _mm256_permute2x128_si256(x0, x1, 0x20);
            b = _mm256_permute2x128_si256(x0, x1, 0x31);
            u = butterfly(a, b, wa, wb, sh, &p);
            x0 = _mm256_permute2x128_si256(u, p, 0x20);
            x1 = _mm256_permute2x128_si256(u, p, 0x31);
        } else if (h == 2) { /* a group per 128-bit lane: a = low, b = high qword */
            a = _mm256_unpacklo_epi64(x0, x1);
            b = _mm256_unpackhi_epi64(x0, x1);
            u = butterfly(a, b, wa, wb, sh, &p);
            x0 = _mm256_unpacklo_epi64(u, p);
            x1 = _mm256_unpackhi_epi64(u, p);
        } else { /* a group per qword: a = even, b = odd sample */
            a = _mm256_castps_si256(_mm256_shuffle_ps(_mm256_castsi256_ps(x0),
                                                      _mm256_castsi256_ps(x1), 0x88));
            b = _mm256_castps_si256(_mm256_shuffle_ps(_mm256_castsi256_ps(x0),
                                                      _mm256_castsi256_ps(x1), 0xDD));
            u = butterfly(a, b, wa, wb, sh, &p);
            x0 = _mm256_unpacklo_epi32(u, p);
            x1 = _mm256_unpackhi_epi32(u, p);
        }
        _mm256_storeu_si256(px, x0);
        _mm256_storeu_si256(px + 1, x1);
    }
}

void lte_fft_fx_stage_avx2(int16_t *x, int n, int h, int sh, const int16_t *ta,
                           const int16_t *tb)
{
    for (int g = 0; g < n; g += 2 * h)
        for (int j = 0; j < h; j += 8) {
            __m256i *pa = (__m256i *)(void *)(x + 2 * (g + j)), *pb = pa + h / 8, p;
            __m256i wa = _mm256_loadu_si256((const __m256i *)(ta + 2 * j));
            __m256i wb = _mm256_loadu_si256((const __m256i *)(tb + 2 * j));
            __m256i u = butterfly(_mm256_loadu_si256(pa), _mm256_loadu_si256(pb), wa, wb, sh, &p);
            _mm256_storeu_si256(pa, u);
            _mm256_storeu_si256(pb, p);
        }
}
