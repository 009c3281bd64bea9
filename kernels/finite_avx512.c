/* First non-finite float, AVX-512 (finite.h): 64 values a step, the
 * exponent bits compared with all ones into masks; the first set bit of the
 * step that finds one is the index, the tail goes to the scalar search.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <immintrin.h>

#include "kernels/finite.h"

static inline __mmask16 bad16(const float *x, __m512i m)
{
    __m512i v = _mm512_loadu_si512((const void *)x);
    return _mm512_cmpeq_epi32_mask(_mm512_and_si512(v, m), m);
}

int lte_f32_first_nonfinite_avx512(const float *x, int n)
{
    const __m512i m = _mm512_set1_epi32(0x7f800000);
    int i = 0;
    for (; i + 64 <= n; i += 64) {
        __mmask16 k0 = bad16(x + i, m), k1 = bad16(x + i + 16, m);
        __mmask16 k2 = bad16(x + i + 32, m), k3 = bad16(x + i + 48, m);
        if (k0 | k1 | k2 | k3) {
            unsigned long long w = (unsigned long long)k0 | (unsigned long long)k1 << 16 |
                                   (unsigned long long)k2 << 32 | (unsigned long long)k3 << 48;
            return i + __builtin_ctzll(w);
        }
    }
    int r = lte_f32_first_nonfinite_scalar(x + i, n - i);
    return i + r;
}
