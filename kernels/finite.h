/* ltephy kernels (internal): where the first non-finite float of a vector
 * is, fast. An input check (soft values handed to a decoder, say) that a
 * scalar isfinite() loop made a visible part of a receive chain.
 *
 * A float is non-finite when its exponent bits are all ones (an infinity
 * or a NaN of either sign and any payload); every path tests exactly those
 * bits, so every path returns the same index (tests/kernels/test_finite.c
 * checks them against isfinite()).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_KERNELS_FINITE_H
#define LTEPHY_KERNELS_FINITE_H

#include "ltephy/simd.h"

/* The index of the first non-finite x[i], i < n; n when all are finite.
 * Negative: an LTE error code (x NULL with n > 0, n < 0, a path the CPU
 * lacks), with its message set. Reads x only; no allocation. */
int lte_f32_first_nonfinite(const float *x, int n, lte_simd_path path);

/* Internal variants (n >= 0, no checks): the same result. */
int lte_f32_first_nonfinite_scalar(const float *x, int n);
int lte_f32_first_nonfinite_avx2(const float *x, int n);
int lte_f32_first_nonfinite_avx512(const float *x, int n);

#endif
