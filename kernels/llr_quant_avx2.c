/* AVX2 float -> int8/int16 soft-value quantiser (llr_quant.h), bit-exact
 * with the scalar model: the same float multiply, clip, +-0.5 and
 * truncation, 8 values per step; the packs cannot saturate (|q| <= A).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>

#include "kernels/llr_quant.h"

/* 8 values -> 8 int32 */
static inline __m256i q8x32(const float *in, __m256 s, __m256 a, __m256 na)
{
    const __m256 half = _mm256_set1_ps(0.5f), sign = _mm256_set1_ps(-0.0f);
    __m256 v = _mm256_mul_ps(_mm256_loadu_ps(in), s);
    v = _mm256_max_ps(_mm256_min_ps(v, a), na);
    /* v < 0: v + (-0.5) = v - 0.5; else v + 0.5 (-0 gives -0.5 -> 0 as well) */
    v = _mm256_add_ps(v, _mm256_or_ps(half, _mm256_and_ps(v, sign)));
    return _mm256_cvttps_epi32(v);
}

void lte_llr_quant8_avx2(const float *in, int n, float scale, float A, int8_t *out)
{
    const __m256 s = _mm256_set1_ps(scale), a = _mm256_set1_ps(A), na = _mm256_set1_ps(-A);
    const __m256i perm = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    int i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i q0 = q8x32(in + i, s, a, na), q1 = q8x32(in + i + 8, s, a, na);
        __m256i q2 = q8x32(in + i + 16, s, a, na), q3 = q8x32(in + i + 24, s, a, na);
        __m256i w01 = _mm256_packs_epi32(q0, q1), w23 = _mm256_packs_epi32(q2, q3);
        __m256i b = _mm256_packs_epi16(w01, w23);
        /* packs work per 128-bit lane: dwords come out as 0 2 4 6 1 3 5 7 */
        _mm256_storeu_si256((__m256i *)(out + i), _mm256_permutevar8x32_epi32(b, perm));
    }
    if (i < n)
        lte_llr_quant8_scalar(in + i, n - i, scale, A, out + i);
}

void lte_llr_quant16_avx2(const float *in, int n, float scale, float A, int16_t *out)
{
    const __m256 s = _mm256_set1_ps(scale), a = _mm256_set1_ps(A), na = _mm256_set1_ps(-A);
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256i w = _mm256_packs_epi32(q8x32(in + i, s, a, na), q8x32(in + i + 8, s, a, na));
        w = _mm256_permute4x64_epi64(w, 0xD8); /* lanes 0 2 1 3 */
        _mm256_storeu_si256((__m256i *)(out + i), w);
    }
    if (i < n)
        lte_llr_quant16_scalar(in + i, n - i, scale, A, out + i);
}
