/* AVX-512 float -> int8/int16 soft-value quantiser (llr_quant.h),
 * bit-exact with the scalar model (same float operations, 16 values per
 * step; the narrowing converts cannot saturate since |q| <= A).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>

#include "kernels/llr_quant.h"
#include "kernels/llr_quant_avx512.h"

static inline __m512i q16x32(const float *in, __m512 s, __m512 a, __m512 na)
{
    return lte_llr_q16_avx512(_mm512_loadu_ps(in), s, a, na);
}

void lte_llr_quant8_avx512(const float *in, int n, float scale, float A, int8_t *out)
{
    const __m512 s = _mm512_set1_ps(scale), a = _mm512_set1_ps(A), na = _mm512_set1_ps(-A);
    int i = 0;
    for (; i + 16 <= n; i += 16)
        _mm_storeu_si128((__m128i *)(out + i), _mm512_cvtepi32_epi8(q16x32(in + i, s, a, na)));
    if (i < n)
        lte_llr_quant8_scalar(in + i, n - i, scale, A, out + i);
}

void lte_llr_quant16_avx512(const float *in, int n, float scale, float A, int16_t *out)
{
    const __m512 s = _mm512_set1_ps(scale), a = _mm512_set1_ps(A), na = _mm512_set1_ps(-A);
    int i = 0;
    for (; i + 16 <= n; i += 16)
        _mm256_storeu_si256((__m256i *)(out + i), _mm512_cvtepi32_epi16(q16x32(in + i, s, a, na)));
    if (i < n)
        lte_llr_quant16_scalar(in + i, n - i, scale, A, out + i);
}
