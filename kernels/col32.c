/* Column-stored 32-column matrix read back by rows: scalar reference and
 * dispatch (col32.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>

#include "kernels/col32.h"
#include "kernels/internal.h"
#include "kernels/llr_quant.h"

void lte_col32_gather_scalar(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst)
{
    for (int i = 0; i < n_rows; i++)
        for (int k = 0; k < 32 && 32 * i + k < n_dst; k++) {
            float *d = dst + 32 * i + k;
            int w = i >= s->lo[k] && i < s->hi[k];
            if (add && w)
                *d += s->src[s->base[k] + s->stride * i];
            else if (!add)
                *d = 0.0f + (w ? s->src[s->base[k] + s->stride * i] : 0.0f);
        }
}

static int check(const lte_col32_src *s, int n_rows, const float *dst, int n_dst)
{
    LTE_CHECK_ARG(s != NULL && dst != NULL, "NULL argument");
    LTE_CHECK_ARG(s->stride == 1 || s->stride == 2, "stride = %d: must be 1 or 2", s->stride);
    LTE_CHECK_ARG(n_rows >= 0 && n_dst >= 0, "n_rows = %d, n_dst = %d: must be >= 0", n_rows,
                  n_dst);
    return 0;
}

int lte_col32_gather_q8(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst,
                        int8_t *q, float scale, lte_simd_path path)
{
    int rc = check(s, n_rows, dst, n_dst);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(q != NULL, "q is NULL");
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    if (p == LTE_SIMD_AVX512) {
        LTE_CHECK_ARG(scale > 0.0f && scale < INFINITY, "scale = %g: must be finite and > 0",
                      (double)scale);
        lte_col32_gather_q8_avx512(s, n_rows, add, dst, n_dst, q, scale, 31.0f);
        return 0;
    }
    if ((rc = lte_col32_gather(s, n_rows, add, dst, n_dst, (lte_simd_path)p)) < 0)
        return rc;
    int n = LTE_MIN(n_dst, 32 * n_rows);
    return lte_llr_quant(dst, n, scale, 8, q, (lte_simd_path)p);
}

int lte_col32_gather(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst,
                     lte_simd_path path)
{
    int rc = check(s, n_rows, dst, n_dst);
    if (rc < 0)
        return rc;
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    if (p == LTE_SIMD_AVX512)
        lte_col32_gather_avx512(s, n_rows, add, dst, n_dst);
    else if (p == LTE_SIMD_AVX2)
        lte_col32_gather_avx2(s, n_rows, add, dst, n_dst);
    else
        lte_col32_gather_scalar(s, n_rows, add, dst, n_dst);
    return 0;
}
