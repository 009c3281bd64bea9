/* First non-finite float: scalar reference and dispatch (finite.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <string.h>

#include "kernels/finite.h"
#include "kernels/internal.h"

#define EXP_MASK 0x7f800000u

static inline int bad1(const float *x)
{
    uint32_t b;
    memcpy(&b, x, sizeof b);
    return (b & EXP_MASK) == EXP_MASK;
}

int lte_f32_first_nonfinite_scalar(const float *x, int n)
{
    /* blocks of 64 without branches in the inner loop, then the block that
     * holds one is searched */
    int i = 0;
    for (; i + 64 <= n; i += 64) {
        int any = 0;
        for (int k = 0; k < 64; k++)
            any |= bad1(x + i + k);
        if (any)
            break;
    }
    for (; i < n; i++)
        if (bad1(x + i))
            return i;
    return n;
}

int lte_f32_first_nonfinite(const float *x, int n, lte_simd_path path)
{
    LTE_CHECK_ARG(n >= 0, "n = %d is negative", n);
    LTE_CHECK_ARG(n == 0 || x != NULL, "x is NULL");
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    if (p == LTE_SIMD_AVX512)
        return lte_f32_first_nonfinite_avx512(x, n);
    if (p == LTE_SIMD_AVX2)
        return lte_f32_first_nonfinite_avx2(x, n);
    return lte_f32_first_nonfinite_scalar(x, n);
}
