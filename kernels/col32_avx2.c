/* AVX2 column-stored 32-column matrix read back by rows (col32.h): 8 rows
 * at a time, each column's 8 rows one masked load (two, and an even-lane
 * pick, for stride 2), four 8 x 8 transposes, masked row stores. Masked
 * loads do not touch (or fault on) the rows outside a column's window.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>

#include "kernels/col32.h"

static inline void transpose8(__m256 r[8])
{
    __m256 t[8], u[8];
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++) {
        t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
#pragma GCC unroll 2
    for (int i = 0; i < 2; i++) {
        u[4 * i] = _mm256_shuffle_ps(t[4 * i], t[4 * i + 2], 0x44);
        u[4 * i + 1] = _mm256_shuffle_ps(t[4 * i], t[4 * i + 2], 0xEE);
        u[4 * i + 2] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0x44);
        u[4 * i + 3] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0xEE);
    }
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++) {
        r[i] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x20);
        r[i + 4] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x31);
    }
}

/* Lanes whose row (rows[lane], -1 = none) lies in [a, b). */
static inline __m256i lanes_in(__m256i rows, int a, int b)
{
    return _mm256_and_si256(_mm256_cmpgt_epi32(rows, _mm256_set1_epi32(a - 1)),
                            _mm256_cmpgt_epi32(_mm256_set1_epi32(b), rows));
}

/* Mask of the first n (0..8) lanes. */
static inline __m256i first_lanes(int n)
{
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

void lte_col32_gather_avx2(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst)
{
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i pair_lo = _mm256_setr_epi32(0, -1, 1, -1, 2, -1, 3, -1);
    const __m256i pair_hi = _mm256_setr_epi32(4, -1, 5, -1, 6, -1, 7, -1);
    const __m256i even = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
    const int st = s->stride;
    for (int i0 = 0; i0 < n_rows; i0 += 8) {
        const int nr = n_rows - i0 < 8 ? n_rows - i0 : 8;
        __m256 c[32];
        for (int k = 0; k < 32; k++) {
            int a = s->lo[k] - i0, b = s->hi[k] - i0;
            a = a < 0 ? 0 : a;
            b = b > nr ? nr : b;
            const float *p = s->src + s->base[k] + (long)st * i0;
            if (b <= a) {
                c[k] = _mm256_setzero_ps();
            } else if (st == 1) {
                c[k] = _mm256_maskload_ps(p, lanes_in(iota, a, b));
            } else {
                __m256 x = _mm256_maskload_ps(p, lanes_in(pair_lo, a, b));
                __m256 y = _mm256_maskload_ps(p + 8, lanes_in(pair_hi, a, b));
                x = _mm256_permutevar8x32_ps(x, even);
                y = _mm256_permutevar8x32_ps(y, even);
                c[k] = _mm256_permute2f128_ps(x, y, 0x20);
            }
        }
        for (int g = 0; g < 4; g++)
            transpose8(c + 8 * g);
        for (int i = 0; i < nr; i++) {
            float *d = dst + 32 * (long)(i0 + i);
            int left = n_dst - 32 * (i0 + i);
            if (left <= 0)
                break;
            const __m256i r = _mm256_set1_epi32(i0 + i), r1 = _mm256_set1_epi32(i0 + i + 1);
            for (int g = 0; g < 4; g++) {
                int n = left - 8 * g;
                if (n <= 0)
                    break;
                __m256 v = c[8 * g + i];
                float *dg = d + 8 * g;
                if (!add) {
                    v = _mm256_add_ps(_mm256_setzero_ps(), v);
                    if (n >= 8)
                        _mm256_storeu_ps(dg, v);
                    else
                        _mm256_maskstore_ps(dg, first_lanes(n), v);
                    continue;
                }
                /* only the rows read: the others keep their value (even -0.0) */
                __m256i lo = _mm256_loadu_si256((const __m256i *)(s->lo + 8 * g));
                __m256i hi = _mm256_loadu_si256((const __m256i *)(s->hi + 8 * g));
                __m256i m = _mm256_and_si256(_mm256_cmpgt_epi32(r1, lo), _mm256_cmpgt_epi32(hi, r));
                if (n < 8)
                    m = _mm256_and_si256(m, first_lanes(n));
                _mm256_maskstore_ps(dg, m, _mm256_add_ps(_mm256_maskload_ps(dg, m), v));
            }
        }
    }
}
