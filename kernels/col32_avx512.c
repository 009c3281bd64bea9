/* AVX-512 column-stored 32-column matrix read back by rows (col32.h):
 * 16 rows at a time, each column's 16 rows one masked load (two loads and
 * an even-lane pick for stride 2), two 16 x 16 transposes, masked row
 * stores. Masked loads do not touch (or fault on) the rows outside a
 * column's window.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>

#include "kernels/col32.h"
#include "kernels/llr_quant_avx512.h"

static inline __attribute__((always_inline)) void transpose16(__m512 r[16])
{
    __m512 t[16];
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++) {
        __m512d a = _mm512_castps_pd(t[4 * i]), b = _mm512_castps_pd(t[4 * i + 1]);
        __m512d c = _mm512_castps_pd(t[4 * i + 2]), d = _mm512_castps_pd(t[4 * i + 3]);
        r[4 * i] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
        r[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
        r[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
        r[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
    }
    /* 128-bit lanes */
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++) {
        t[i] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0x88);
        t[i + 4] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0xdd);
        t[i + 8] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0x88);
        t[i + 12] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0xdd);
    }
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) {
        r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
        r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xdd);
    }
}

/* Bits a..b-1 of a 16-bit mask (empty when b <= a). */
static inline __mmask16 row_mask(int a, int b)
{
    if (b <= a)
        return 0;
    return (__mmask16)(((1u << b) - 1u) & ~((1u << a) - 1u));
}

/* Masked store lanes of the 16 floats from flat index t: those below n. */
static inline __mmask16 below(int t, int n)
{
    int left = n - t;
    return left >= 16 ? (__mmask16)0xFFFF : left <= 0 ? 0 : (__mmask16)((1u << left) - 1u);
}

/* Rows i0 + 0..15 of column k as one vector, rows outside m as 0. */
static inline __m512 load_col(const lte_col32_src *s, int k, int i0, __mmask16 m)
{
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
                                           28, 30);
    const float *p = s->src + s->base[k] + (long)s->stride * i0;
    if (s->stride == 1)
        return _mm512_maskz_loadu_ps(m, p);
    unsigned m2 = _pdep_u32(m, 0x55555555u);
    __m512 x = _mm512_maskz_loadu_ps((__mmask16)m2, p);
    __m512 y = _mm512_maskz_loadu_ps((__mmask16)(m2 >> 16), p + 16);
    return _mm512_permutex2var_ps(x, even, y);
}

/* A tile with this many non-empty columns or fewer goes by scatter: a
 * column costs a gather/scatter pair instead of its share of two full
 * transposes and 32 row stores. */
#define SPARSE_MAX 6

void lte_col32_gather_avx512(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst)
{
    const __m512i lo0 = _mm512_loadu_si512(s->lo), lo1 = _mm512_loadu_si512(s->lo + 16);
    const __m512i hi0 = _mm512_loadu_si512(s->hi), hi1 = _mm512_loadu_si512(s->hi + 16);
    const __m512i rows32 = _mm512_mullo_epi32(
        _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
        _mm512_set1_epi32(32));
    const __m512 zero = _mm512_setzero_ps();
    for (int i0 = 0; i0 < n_rows; i0 += 16) {
        const int nr = n_rows - i0 < 16 ? n_rows - i0 : 16;
        float *d0 = dst + 32 * (long)i0;
        __mmask16 m[32];
        int used = 0;
        for (int k = 0; k < 32; k++) {
            int a = s->lo[k] - i0, b = s->hi[k] - i0;
            m[k] = row_mask(a < 0 ? 0 : a, b > nr ? nr : b);
            used += m[k] != 0;
        }
        if (used <= SPARSE_MAX) {
            if (!add)
                for (int i = 0; i < nr; i++) {
                    int t = 32 * (i0 + i);
                    _mm512_mask_storeu_ps(d0 + 32 * i, below(t, n_dst), zero);
                    _mm512_mask_storeu_ps(d0 + 32 * i + 16, below(t + 16, n_dst), zero);
                }
            for (int k = 0; k < 32; k++) {
                if (!m[k])
                    continue;
                /* row i of column k is flat index 32 (i0 + i) + k */
                __m512i t = _mm512_add_epi32(rows32, _mm512_set1_epi32(32 * i0 + k));
                __mmask16 w = m[k] & _mm512_cmplt_epi32_mask(t, _mm512_set1_epi32(n_dst));
                __m512i idx = _mm512_add_epi32(rows32, _mm512_set1_epi32(k));
                __m512 acc = add ? _mm512_mask_i32gather_ps(zero, w, idx, d0, 4) : zero;
                _mm512_mask_i32scatter_ps(d0, w, idx, _mm512_add_ps(acc, load_col(s, k, i0, m[k])),
                                          4);
            }
            continue;
        }
        __m512 c[32];
        for (int k = 0; k < 32; k++)
            c[k] = m[k] ? load_col(s, k, i0, m[k]) : zero;
        transpose16(c);
        transpose16(c + 16);
        for (int i = 0; i < nr; i++) {
            float *d = d0 + 32 * i;
            int t = 32 * (i0 + i);
            __mmask16 s0 = below(t, n_dst), s1 = below(t + 16, n_dst);
            if (!add) {
                _mm512_mask_storeu_ps(d, s0, _mm512_add_ps(zero, c[i]));
                _mm512_mask_storeu_ps(d + 16, s1, _mm512_add_ps(zero, c[16 + i]));
                continue;
            }
            /* only the rows read: the others keep their value (even -0.0) */
            __m512i r = _mm512_set1_epi32(i0 + i);
            s0 &= _mm512_cmpge_epi32_mask(r, lo0) & _mm512_cmplt_epi32_mask(r, hi0);
            s1 &= _mm512_cmpge_epi32_mask(r, lo1) & _mm512_cmplt_epi32_mask(r, hi1);
            _mm512_mask_storeu_ps(d, s0, _mm512_add_ps(_mm512_maskz_loadu_ps(s0, d), c[i]));
            _mm512_mask_storeu_ps(d + 16, s1,
                                  _mm512_add_ps(_mm512_maskz_loadu_ps(s1, d + 16), c[16 + i]));
        }
    }
}

/* The dense path with every final row also quantised (col32.h). */
void lte_col32_gather_q8_avx512(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst,
                                int8_t *q, float scale, float A)
{
    const __m512i lo0 = _mm512_loadu_si512(s->lo), lo1 = _mm512_loadu_si512(s->lo + 16);
    const __m512i hi0 = _mm512_loadu_si512(s->hi), hi1 = _mm512_loadu_si512(s->hi + 16);
    const __m512 zero = _mm512_setzero_ps(), sc = _mm512_set1_ps(scale);
    const __m512 a = _mm512_set1_ps(A), na = _mm512_set1_ps(-A);
    for (int i0 = 0; i0 < n_rows; i0 += 16) {
        const int nr = n_rows - i0 < 16 ? n_rows - i0 : 16;
        __m512 c[32];
        for (int k = 0; k < 32; k++) {
            int lo = s->lo[k] - i0, hi = s->hi[k] - i0;
            __mmask16 m = row_mask(lo < 0 ? 0 : lo, hi > nr ? nr : hi);
            c[k] = m ? load_col(s, k, i0, m) : zero;
        }
        transpose16(c);
        transpose16(c + 16);
        for (int i = 0; i < nr; i++) {
            int t = 32 * (i0 + i);
            float *d = dst + t;
            __mmask16 s0 = below(t, n_dst), s1 = below(t + 16, n_dst);
            if (!s0)
                break;
            __m512 f0, f1;
            if (!add) {
                f0 = _mm512_add_ps(zero, c[i]);
                f1 = _mm512_add_ps(zero, c[16 + i]);
                _mm512_mask_storeu_ps(d, s0, f0);
                _mm512_mask_storeu_ps(d + 16, s1, f1);
            } else { /* rows outside the windows keep their value (even -0.0) */
                __m512i r = _mm512_set1_epi32(i0 + i);
                __mmask16 w0 = s0 & _mm512_cmpge_epi32_mask(r, lo0) & _mm512_cmplt_epi32_mask(r, hi0);
                __mmask16 w1 = s1 & _mm512_cmpge_epi32_mask(r, lo1) & _mm512_cmplt_epi32_mask(r, hi1);
                __m512 a0 = _mm512_maskz_loadu_ps(s0, d), a1 = _mm512_maskz_loadu_ps(s1, d + 16);
                f0 = _mm512_mask_add_ps(a0, w0, a0, c[i]);
                f1 = _mm512_mask_add_ps(a1, w1, a1, c[16 + i]);
                _mm512_mask_storeu_ps(d, w0, f0);
                _mm512_mask_storeu_ps(d + 16, w1, f1);
            }
            /* |q| <= A: the narrowing cannot saturate */
            _mm_mask_storeu_epi8(q + t, s0, _mm512_cvtepi32_epi8(lte_llr_q16_avx512(f0, sc, a, na)));
            _mm_mask_storeu_epi8(q + t + 16, s1,
                                 _mm512_cvtepi32_epi8(lte_llr_q16_avx512(f1, sc, a, na)));
        }
    }
}
