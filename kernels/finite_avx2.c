/* First non-finite float, AVX2 (finite.h): 32 values a step, the exponent
 * bits compared with all ones; a step that finds one hands its values to
 * the scalar search, so the index is the scalar one.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>

#include "kernels/finite.h"

static inline __m256i bad8(const float *x, __m256i m)
{
    __m256i v = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)x), m);
    return _mm256_cmpeq_epi32(v, m);
}

int lte_f32_first_nonfinite_avx2(const float *x, int n)
{
    const __m256i m = _mm256_set1_epi32(0x7f800000);
    int i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i a = _mm256_or_si256(bad8(x + i, m), bad8(x + i + 8, m));
        __m256i b = _mm256_or_si256(bad8(x + i + 16, m), bad8(x + i + 24, m));
        if (!_mm256_testz_si256(_mm256_or_si256(a, b), _mm256_or_si256(a, b)))
            break;
    }
    int r = lte_f32_first_nonfinite_scalar(x + i, n - i);
    return i + r;
}
