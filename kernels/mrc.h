/* ltephy kernels (internal): one-stream maximum-ratio combining of complex
 * samples read through an index list, with the post-combining noise
 * variance. No LTE knowledge: a one-tap zero-forcing equaliser over n_rx
 * branches.
 *
 * For each k < n, e = idx[k] (complex element e of every array, complex
 * floats stored interleaved re, im):
 *   a  = 0 + sum_r (hr^2 + hi^2)
 *   br = 0 + sum_r (hr yr + hi yi),  bi = 0 + sum_r (hr yi - hi yr)
 *     (float, r ascending, each product pair added first, then the sum)
 *   ok = a > 0 && (!mmse || a > 1e-12 (a + n0))
 *   inv = 1 / (ok ? a : 1)  (IEEE division), v = n0 inv
 *   x[k] = ok ? (br inv, bi inv) : (0, 0)
 *   nv[k] = ok ? (v >= nv_floor ? v : nv_floor) : FLT_MAX
 * Every path evaluates exactly these float operations with no multiply
 * contracted into an add, so all paths are bit-identical (tests/kernels/
 * test_mrc.c). An index idx[k] >= bound stops the work: the variants return
 * the first such k (nothing is read through it; outputs before it are
 * written, after it undefined), or n when every index is in range.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_KERNELS_MRC_H
#define LTEPHY_KERNELS_MRC_H

#include <stdint.h>

#include "ltephy/simd.h"

#define LTE_MRC_MAX_RX 8

typedef struct lte_mrc_io {
    int n_rx;                          /* 1..LTE_MRC_MAX_RX */
    const float *h[LTE_MRC_MAX_RX];    /* channels, interleaved complex */
    const float *y[LTE_MRC_MAX_RX];    /* received, interleaved complex */
    const uint32_t *idx;               /* n element indices */
    int n;
    uint32_t bound;                    /* every idx[k] must be < bound <= INT32_MAX */
    float n0;                          /* noise variance, finite, >= 0 */
    int mmse;                          /* 1: the MMSE reachability test above */
    float nv_floor;
    float *x;                          /* n interleaved complex outputs */
    float *nv;                         /* n noise variances */
} lte_mrc_io;

/* Weighted MMSE combining of contiguous subcarriers for unit-energy
 * symbols, with the per-subcarrier terms of the mean gain and output power.
 * For each k < n (complex floats interleaved re, im; w_r > 0 the branch
 * weights, e.g. 1 / N0_r):
 *   r = 0:  zr = (hr yr + hi yi) w, zi = (hr yi - hi yr) w, g = (hr^2 + hi^2) w
 *   r > 0:  zr = zr + (hr yr + hi yi) w, ... likewise
 *   t = 1 / (1 + g), d = g - delta
 *   z[k] = (zr t, zi t), m1[k] = d t, m2[k] = ((d d + g c2) t) t
 * Exactly these float operations on every path (no contraction): all paths
 * bit-identical. */
typedef struct lte_mmse_io {
    int n_rx;                          /* 1..LTE_MRC_MAX_RX */
    const float *h[LTE_MRC_MAX_RX], *y[LTE_MRC_MAX_RX];
    float w[LTE_MRC_MAX_RX];
    int n;
    float delta, c2;
    float *z, *m1, *m2;                /* n complex, n, n */
} lte_mmse_io;

int lte_mmse(const lte_mmse_io *io, lte_simd_path path); /* 0 or a negative LTE_E* code */
void lte_mmse_scalar(const lte_mmse_io *io, int k0);
void lte_mmse_avx2(const lte_mmse_io *io);
void lte_mmse_avx512(const lte_mmse_io *io);

/* The path's variant (LTE_SIMD_AUTO: the default); returns the first k with
 * idx[k] >= bound, or n; a negative LTE_E* code if the path is unavailable.
 * Arguments are the caller's to check. No allocation. */
int lte_mrc(const lte_mrc_io *io, lte_simd_path path);

/* Internal variants: elements k0..n-1 (the SIMD ones finish with the scalar). */
int lte_mrc_scalar(const lte_mrc_io *io, int k0);
int lte_mrc_avx2(const lte_mrc_io *io);
int lte_mrc_avx512(const lte_mrc_io *io);

#endif
