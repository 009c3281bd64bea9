/* Interpolation kernels (interp.h), AVX2: lte_pfilt in blocks
 * of 4 outputs, lte_lerp 8 floats per step; the scalar reference's
 * operations lane by lane (bit-identical).
 * SPDX-License-Identifier: BSD-3-Clause */
#pragma GCC optimize("fp-contract=off") /* no FMA: the reference rounds each product */
#include <immintrin.h>

#include "kernels/interp.h"

void lte_pfilt_avx2(const lte_pfilt *f, const float *p, float *out)
{
    const lte_pfilt_blocks *b = &f->b4;
    const int L = f->L;
    const __m256i swap = _mm256_setr_epi32(1, 0, 3, 2, 5, 4, 7, 6);
    for (int j = 0; j < b->n_blk; j++) {
        if (b->base[j] < 0) {
            lte_pfilt_scalar(f, p, out, 4 * j, 4 * j + 4);
            continue;
        }
        const __m256i ph = _mm256_loadu_si256((const __m256i *)(b->perm + 8 * j));
        const __m256i ps = _mm256_permutevar8x32_epi32(ph, swap); /* (hi, hr) */
        const float *x = p + 2 * b->base[j];
        const float *w = b->wv + (size_t)b->went[j] * L * 16;
        __m256 acc = _mm256_setzero_ps();
        for (int i = 0; i < L; i++, x += 2, w += 16) {
            __m256 v = _mm256_loadu_ps(x);
            __m256 h = _mm256_permutevar8x32_ps(v, ph), hs = _mm256_permutevar8x32_ps(v, ps);
            __m256 t = _mm256_add_ps(_mm256_mul_ps(_mm256_load_ps(w), h),
                                     _mm256_mul_ps(_mm256_load_ps(w + 8), hs));
            acc = _mm256_add_ps(acc, t);
        }
        _mm256_storeu_ps(out + 8 * j, acc);
    }
    lte_pfilt_scalar(f, p, out, 4 * b->n_blk, f->n_out);
}

void lte_lerp_avx2(const float *a, const float *b, float t, int n, float *out)
{
    const __m256 vt = _mm256_set1_ps(t);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 va = _mm256_loadu_ps(a + i), d = _mm256_sub_ps(_mm256_loadu_ps(b + i), va);
        _mm256_storeu_ps(out + i, _mm256_add_ps(va, _mm256_mul_ps(vt, d)));
    }
    lte_lerp_scalar(a + i, b + i, t, n - i, out + i);
}
