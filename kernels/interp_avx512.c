/* Interpolation kernels (interp.h), AVX-512: lte_pfilt in blocks
 * of 8 outputs, lte_lerp 16 floats per step; the scalar reference's
 * operations lane by lane (bit-identical).
 * SPDX-License-Identifier: BSD-3-Clause */
#pragma GCC optimize("fp-contract=off") /* no FMA: the reference rounds each product */
#include <immintrin.h>

#include "kernels/interp.h"

void lte_pfilt_avx512(const lte_pfilt *f, const float *p, float *out)
{
    const lte_pfilt_blocks *b = &f->b8;
    const int L = f->L;
    const __m512i swap = _mm512_setr_epi32(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
    for (int j = 0; j < b->n_blk; j++) {
        if (b->base[j] < 0) {
            lte_pfilt_scalar(f, p, out, 8 * j, 8 * j + 8);
            continue;
        }
        const __m512i ph = _mm512_loadu_si512(b->perm + 16 * j);
        const __m512i ps = _mm512_permutexvar_epi32(swap, ph); /* (hi, hr) */
        const float *x = p + 2 * b->base[j];
        const float *w = b->wv + (size_t)b->went[j] * L * 32;
        __m512 acc = _mm512_setzero_ps();
        for (int i = 0; i < L; i++, x += 2, w += 32) {
            __m512 v = _mm512_loadu_ps(x);
            __m512 h = _mm512_permutexvar_ps(ph, v), hs = _mm512_permutexvar_ps(ps, v);
            __m512 t = _mm512_add_ps(_mm512_mul_ps(_mm512_load_ps(w), h),
                                     _mm512_mul_ps(_mm512_load_ps(w + 16), hs));
            acc = _mm512_add_ps(acc, t);
        }
        _mm512_storeu_ps(out + 16 * j, acc);
    }
    lte_pfilt_scalar(f, p, out, 8 * b->n_blk, f->n_out);
}

void lte_lerp_avx512(const float *a, const float *b, float t, int n, float *out)
{
    const __m512 vt = _mm512_set1_ps(t);
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 va = _mm512_loadu_ps(a + i), d = _mm512_sub_ps(_mm512_loadu_ps(b + i), va);
        _mm512_storeu_ps(out + i, _mm512_add_ps(va, _mm512_mul_ps(vt, d)));
    }
    lte_lerp_scalar(a + i, b + i, t, n - i, out + i);
}
