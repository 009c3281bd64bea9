/* ltephy kernels (internal): float soft values to the 8/16-bit inputs of
 * the fixed-point turbo decoder, fast.
 *
 * The model is exactly that of lte_turbo_fx_quantize() (turbo_fx.h), for
 * finite inputs: v = in[i] * scale (one float multiplication), clipped to
 * [-A, A] with A = 2^(width-3) - 1 (31 or 8191), then rounded half away from
 * zero as trunc(v - 0.5) for v < 0 and trunc(v + 0.5) otherwise, the additions
 * in float. A NaN input gives +A on every path (the clip is
 * min(v, A) then max(., -A) with the x86 operand order: a NaN compares
 * false and yields the limit). SIMD paths (AVX2, AVX-512) are bit-exact
 * with the scalar one; tests/kernels/test_llr_quant.c checks them against
 * lte_turbo_fx_quantize and each other.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_KERNELS_LLR_QUANT_H
#define LTEPHY_KERNELS_LLR_QUANT_H

#include <stdint.h>

#include "ltephy/simd.h"

/* out: n int8_t (width 8) or int16_t (width 16). scale > 0 and finite.
 * Returns 0 or LTE_EINVAL / LTE_EUNSUPPORTED (path). No allocation. */
int lte_llr_quant(const float *in, int n, float scale, int width, void *out,
                  lte_simd_path path);

/* Internal variants (n any, no checks). */
void lte_llr_quant8_scalar(const float *in, int n, float scale, float A, int8_t *out);
void lte_llr_quant16_scalar(const float *in, int n, float scale, float A, int16_t *out);
void lte_llr_quant8_avx2(const float *in, int n, float scale, float A, int8_t *out);
void lte_llr_quant16_avx2(const float *in, int n, float scale, float A, int16_t *out);
void lte_llr_quant8_avx512(const float *in, int n, float scale, float A, int8_t *out);
void lte_llr_quant16_avx512(const float *in, int n, float scale, float A, int16_t *out);

#endif
