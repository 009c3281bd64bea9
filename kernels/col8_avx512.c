/* AVX-512BW column-stored 32-column byte matrix read back by rows (col8.h;
 * the kernel is in kernels/col8_impl.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#define COL8_VBMI 0
#include "kernels/col8_impl.h"
#include "kernels/llr_quant.h"
#include "kernels/llr_quant_avx512.h"

void lte_col8_gather_avx512(const lte_col8_src *s, int n_rows, int8_t *dst, int n_dst)
{
    gather(s, n_rows, dst, n_dst);
}

/* 64 values a step: four quantised vectors (|q| <= 31) narrowed by two
 * saturating packs, which cannot saturate, and put back in order by one
 * dword permutation (the packs interleave the 128-bit lanes). */
void lte_col8_quant_avx512(const float *in, int n, float scale, int8_t *q, float *copy)
{
    const float A = 31.0f;
    const __m512 sc = _mm512_set1_ps(scale), a = _mm512_set1_ps(A), na = _mm512_set1_ps(-A);
    /* dword 4 j + L of the result is dword 4 L + j of the packed vector */
    const __m512i order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    /* a few values one by one until in is 64-byte aligned: whole-line
     * loads below (and stores of the copy too, if copy - in is a multiple
     * of 64 bytes: phy/sch.c places it so) */
    int i = (int)((64 - ((uintptr_t)in & 63)) & 63) / (int)sizeof(float);
    if (i > n)
        i = n;
    lte_llr_quant8_scalar(in, i, scale, A, q);
    for (int k = 0; copy && k < i; k++)
        copy[k] = in[k];
    for (; i + 64 <= n; i += 64) {
        __m512 x[4];
        __m512i v[4];
#pragma GCC unroll 4
        for (int j = 0; j < 4; j++) {
            x[j] = _mm512_loadu_ps(in + i + 16 * j);
            v[j] = lte_llr_q16_avx512(x[j], sc, a, na);
        }
        __m512i w = _mm512_packs_epi16(_mm512_packs_epi32(v[0], v[1]),
                                       _mm512_packs_epi32(v[2], v[3]));
        _mm512_storeu_si512(q + i, _mm512_permutexvar_epi32(order, w));
        if (copy) {
#pragma GCC unroll 4
            for (int j = 0; j < 4; j++)
                _mm512_storeu_ps(copy + i + 16 * j, x[j]);
        }
    }
    for (; i + 16 <= n; i += 16) {
        __m512 x = _mm512_loadu_ps(in + i);
        _mm_storeu_si128((__m128i *)(q + i),
                         _mm512_cvtepi32_epi8(lte_llr_q16_avx512(x, sc, a, na)));
        if (copy)
            _mm512_storeu_ps(copy + i, x);
    }
    if (i < n) {
        lte_llr_quant8_scalar(in + i, n - i, scale, A, q + i);
        for (int k = i; copy && k < n; k++)
            copy[k] = in[k];
    }
}
