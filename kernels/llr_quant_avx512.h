/* ltephy kernels (internal): the AVX-512 step of the soft-value quantiser
 * (llr_quant.h model), for kernels that quantise values they hold in
 * registers. Include only from files compiled for AVX-512.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_KERNELS_LLR_QUANT_AVX512_H
#define LTEPHY_KERNELS_LLR_QUANT_AVX512_H

#include <immintrin.h>

/* 16 values already in a register -> 16 int32: v * s clipped to [-A, A]
 * (na = -A), then trunc(v -+ 0.5), as lte_llr_quant8_scalar. */
static inline __m512i lte_llr_q16_avx512(__m512 x, __m512 s, __m512 a, __m512 na)
{
    const __m512 half = _mm512_set1_ps(0.5f);
    const __m512i sign = _mm512_set1_epi32((int)0x80000000u);
    __m512 v = _mm512_mul_ps(x, s);
    v = _mm512_max_ps(_mm512_min_ps(v, a), na);
    __m512i sg = _mm512_and_si512(_mm512_castps_si512(v), sign);
    v = _mm512_add_ps(v, _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(half), sg)));
    return _mm512_cvttps_epi32(v);
}

#endif
