/* ltephy kernels (internal): a 32-column matrix of bytes stored column by
 * column (each column at its own start, rows a fixed stride apart) read
 * back row by row, with per-column row windows, overwriting the row-major
 * destination: the byte counterpart of kernels/col32.h in its "set" mode,
 * for de-interleaving the 8-bit fixed-point decoder input already quantised
 * (inverse sub-block interleaver, 36.212 §5.1.4.1.1).
 *
 * For rows i in [0, n_rows) and columns k in 0..31, at flat destination
 * index t = 32 i + k < n_dst:
 *   dst[t] = lo[k] <= i < hi[k] ? src[base[k] + stride i] : 0.
 * src is read only inside the windows and dst written only below
 * min(n_dst, 32 n_rows) (base[k] may be negative where the window excludes
 * the rows that would reach before src). stride is 1 or 2.
 *
 * The AVX-512 path (AVX-512BW) loads 64 rows of each column as one masked
 * byte load (stride 2: two loads, the even bytes picked by narrowing moves,
 * or with VBMI, checked at run time, by one two-source byte permutation)
 * and transposes 32 x 64 bytes with unpacks and 128-bit lane shuffles
 * (kernels/col8_impl.h), skipping the unpacks of four empty columns at a
 * time; the others run the plain loop. Pure data movement: every path
 * gives identical output (tests/kernels/test_col8.c checks them against a
 * plain model).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_KERNELS_COL8_H
#define LTEPHY_KERNELS_COL8_H

#include <stdint.h>

#include "ltephy/simd.h"

typedef struct lte_col8_src {
    const int8_t *src;
    int stride;             /* 1 or 2 */
    int32_t base[32];       /* column k, row i: src[base[k] + stride i] */
    int32_t lo[32], hi[32]; /* rows read per column: lo[k] <= i < hi[k] */
} lte_col8_src;

/* Returns 0, or LTE_EINVAL / LTE_EUNSUPPORTED (path). No allocation. */
int lte_col8_gather(const lte_col8_src *s, int n_rows, int8_t *dst, int n_dst,
                    lte_simd_path path);

/* The first step of the byte path: q[i] = the 8-bit quantisation of in[i]
 * (kernels/llr_quant.h model, width 8, this scale: finite, > 0), i < n,
 * and, if copy is not NULL, copy[i] = in[i] bit for bit (the HARQ buffer
 * keeping a transmission: phy/sch.c), in one pass over in. AVX-512 packs
 * 64 results per store, from 64-byte aligned loads after a scalar head
 * (fastest when copy - in is a multiple of 64 bytes: the copy's stores are
 * then aligned too; plain stores: non-temporal ones measured slower in the
 * decoder's loop, where the HARQ buffer stays in L2); the other paths run
 * lte_llr_quant and memcpy. Same results on every path. Returns 0, or
 * LTE_EINVAL / LTE_EUNSUPPORTED (path). No allocation. */
int lte_col8_quant(const float *in, int n, float scale, int8_t *q, float *copy,
                   lte_simd_path path);
void lte_col8_quant_avx512(const float *in, int n, float scale, int8_t *q, float *copy);

/* Internal variants (path already resolved, arguments checked). */
void lte_col8_gather_scalar(const lte_col8_src *s, int n_rows, int8_t *dst, int n_dst);
void lte_col8_gather_avx512(const lte_col8_src *s, int n_rows, int8_t *dst, int n_dst);
/* The same with AVX-512 VBMI (stride 2's even bytes by one permutation);
 * only where __builtin_cpu_supports("avx512vbmi"). */
void lte_col8_gather_avx512_vbmi(const lte_col8_src *s, int n_rows, int8_t *dst, int n_dst);

#endif
