/* ltephy kernels (internal): a 32-column matrix of floats stored column by
 * column (each column at its own start, rows a fixed stride apart) read
 * back row by row, with per-column row windows, adding into or overwriting
 * the row-major destination.
 *
 * For rows i in [0, n_rows) and columns k in 0..31, at flat destination
 * index t = 32 i + k < n_dst, with w = (lo[k] <= i < hi[k]) (row i of
 * column k is read):
 *   add = 0 (set): dst[t] = +0.0f + (w ? src[base[k] + stride i] : +0.0f),
 *   add = 1:       dst[t] = dst[t] + src[base[k] + stride i] if w, else
 *                  dst[t] is left as it is,
 * one float addition per element (so a -0.0 read becomes +0.0 in set mode;
 * a value is otherwise copied exactly). src is read only inside the windows
 * and dst only below n_dst (base[k] may be negative where the window
 * excludes the rows that would reach before src). stride is 1 or 2.
 *
 * A transposition with column gather: the SIMD paths load each column's
 * rows as one (masked) vector and transpose 16 x 16 (AVX-512) or 8 x 8
 * (AVX2) tiles; AVX-512 moves the columns of a tile with few non-empty
 * columns by scatter (and gather, when adding) instead. Every path gives identical output (pure data movement and
 * the same single addition per element); tests/kernels/test_col32.c checks
 * them against a plain model.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_KERNELS_COL32_H
#define LTEPHY_KERNELS_COL32_H

#include <stdint.h>

#include "ltephy/simd.h"

typedef struct lte_col32_src {
    const float *src;
    int stride;          /* 1 or 2 */
    int32_t base[32];    /* column k, row i: src[base[k] + stride i] */
    int32_t lo[32], hi[32]; /* rows read per column: lo[k] <= i < hi[k] */
} lte_col32_src;

/* Returns 0, or LTE_EINVAL / LTE_EUNSUPPORTED (path). No allocation. */
int lte_col32_gather(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst,
                     lte_simd_path path);

/* lte_col32_gather, and besides q[t] = the 8-bit quantisation of the final
 * dst[t] (kernels/llr_quant.h model, width 8, this scale) for every
 * t < min(n_dst, 32 n_rows), also where add mode leaves dst[t] as it was. AVX-512 quantises
 * the rows while they are in registers; the other paths run
 * lte_llr_quant over dst afterwards. Same results on every path. */
int lte_col32_gather_q8(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst,
                        int8_t *q, float scale, lte_simd_path path);

/* Internal variants (path already resolved, arguments checked). */
void lte_col32_gather_scalar(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst);
void lte_col32_gather_avx2(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst);
void lte_col32_gather_avx512(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst);
void lte_col32_gather_q8_avx512(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst,
                                int8_t *q, float scale, float A);

#endif
