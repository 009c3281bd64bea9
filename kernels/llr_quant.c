/* Float soft values to fixed-point decoder inputs: scalar reference and
 * dispatch (llr_quant.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>

#include "kernels/internal.h"
#include "kernels/llr_quant.h"

static inline int quant1(float x, float scale, float A)
{
    float v = x * scale;
    v = v < A ? v : A;   /* minps(v, A): NaN -> A */
    v = v > -A ? v : -A; /* maxps(v, -A) */
    return (int)(v < 0 ? v - 0.5f : v + 0.5f);
}

void lte_llr_quant8_scalar(const float *in, int n, float scale, float A, int8_t *out)
{
    for (int i = 0; i < n; i++)
        out[i] = (int8_t)quant1(in[i], scale, A);
}

void lte_llr_quant16_scalar(const float *in, int n, float scale, float A, int16_t *out)
{
    for (int i = 0; i < n; i++)
        out[i] = (int16_t)quant1(in[i], scale, A);
}

int lte_llr_quant(const float *in, int n, float scale, int width, void *out,
                  lte_simd_path path)
{
    LTE_CHECK_ARG(width == 8 || width == 16, "width = %d: must be 8 or 16", width);
    LTE_CHECK_ARG(n >= 0, "n = %d is negative", n);
    LTE_CHECK_ARG(n == 0 || (in != NULL && out != NULL), "NULL argument");
    LTE_CHECK_ARG(scale > 0.0f && isfinite(scale), "scale = %g: must be finite and > 0",
                  (double)scale);
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    const float A = (float)((1 << (width - 3)) - 1);
    if (width == 8) {
        if (p == LTE_SIMD_AVX512)
            lte_llr_quant8_avx512(in, n, scale, A, out);
        else if (p == LTE_SIMD_AVX2)
            lte_llr_quant8_avx2(in, n, scale, A, out);
        else
            lte_llr_quant8_scalar(in, n, scale, A, out);
    } else {
        if (p == LTE_SIMD_AVX512)
            lte_llr_quant16_avx512(in, n, scale, A, out);
        else if (p == LTE_SIMD_AVX2)
            lte_llr_quant16_avx2(in, n, scale, A, out);
        else
            lte_llr_quant16_scalar(in, n, scale, A, out);
    }
    return 0;
}
