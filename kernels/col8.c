/* Column-stored 32-column byte matrix read back by rows: scalar reference
 * and dispatch (col8.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <string.h>

#include "kernels/col8.h"
#include "kernels/internal.h"
#include "kernels/llr_quant.h"

void lte_col8_gather_scalar(const lte_col8_src *s, int n_rows, int8_t *dst, int n_dst)
{
    for (int i = 0; i < n_rows; i++)
        for (int k = 0; k < 32 && 32 * i + k < n_dst; k++) {
            int w = i >= s->lo[k] && i < s->hi[k];
            dst[32 * i + k] = w ? s->src[s->base[k] + s->stride * i] : 0;
        }
}

int lte_col8_gather(const lte_col8_src *s, int n_rows, int8_t *dst, int n_dst,
                    lte_simd_path path)
{
    LTE_CHECK_ARG(s != NULL && dst != NULL, "NULL argument");
    LTE_CHECK_ARG(s->stride == 1 || s->stride == 2, "stride = %d: must be 1 or 2", s->stride);
    LTE_CHECK_ARG(n_rows >= 0 && n_dst >= 0, "n_rows = %d, n_dst = %d: must be >= 0", n_rows,
                  n_dst);
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    if (p == LTE_SIMD_AVX512 && __builtin_cpu_supports("avx512vbmi"))
        lte_col8_gather_avx512_vbmi(s, n_rows, dst, n_dst);
    else if (p == LTE_SIMD_AVX512)
        lte_col8_gather_avx512(s, n_rows, dst, n_dst);
    else /* AVX2: the plain loop (the byte transposition is AVX-512's) */
        lte_col8_gather_scalar(s, n_rows, dst, n_dst);
    return 0;
}

int lte_col8_quant(const float *in, int n, float scale, int8_t *q, float *copy,
                   lte_simd_path path)
{
    LTE_CHECK_ARG(n >= 0, "n = %d is negative", n);
    LTE_CHECK_ARG(n == 0 || (in != NULL && q != NULL), "NULL argument");
    LTE_CHECK_ARG(scale > 0.0f && isfinite(scale), "scale = %g: must be finite and > 0",
                  (double)scale);
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    if (n == 0)
        return 0;
    if (p == LTE_SIMD_AVX512) {
        lte_col8_quant_avx512(in, n, scale, q, copy);
        return 0;
    }
    if (copy)
        memcpy(copy, in, sizeof(float) * (size_t)n);
    return lte_llr_quant(in, n, scale, 8, q, (lte_simd_path)p);
}
