/* ltephy kernels: bit-accurate fixed-point max-log soft demapper for the LTE
 * Gray square QAMs (TS 36.211 §7.1: QPSK, 16QAM, 64QAM, 256QAM), a scalar
 * reference model plus AVX2 / AVX-512 paths that are bit-exact with it.
 * It tracks the float max-log demapper of modulation.h (see the bound below).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * ==== The model =============================================================
 * Everything below is normative; the scalar path implements it literally.
 * x >> s is the arithmetic (flooring) shift; rha() rounds half away from
 * zero (C's lround); clip127(x) clamps to [-127, 127] (symmetric: -128 is
 * never produced, so negating an LLR is exact). Nothing wraps.
 *
 * 1. Input. y: n_sym equalised symbols as interleaved int16 pairs (I, Q),
 *    Q3.12 (value = integer / 4096, range [-8, 8)), on the scale of the
 *    unit-energy constellation of modulation.h (e.g. 64QAM points at
 *    {+-1, +-3, +-5, +-7} / sqrt(42)).
 *    K: the scale, uint16, per symbol (k_len = n_sym) or one for the block
 *    (k_len = 1). It converts the metric D below to output units:
 *    K = 2^(F+4) d / N0 for F fractional output bits, where N0 is the
 *    post-equaliser noise variance (both dimensions together, as in
 *    modulation.h) and d = 1/sqrt(2), 1/sqrt(10), 1/sqrt(42), 1/sqrt(170)
 *    is half the minimum distance. lte_demap_fx_scale() computes it as
 *    min(65535, rha(2^(F+4) d / N0)).
 *
 * 2. Levels. An axis has p = Q_m / 2 bits c_0 (the sign: 0 = positive)
 *    .. c_{p-1}; the magnitude is l d with the odd level l in 1 .. 2^p - 1
 *    given by the LTE Gray tables: l = v_1 where v_p = 1 and
 *    v_i = 2^(p-i) - (1 - 2 c_i) v_{i+1} for i = p-1 .. 1. The I axis takes
 *    bits b0, b2, .. (c_i = b_{2i}), Q the odd ones (c_i = b_{2i+1}).
 *    Constants, Q3.12 in units of d: C_l = rha(4096 d l^2) (e.g. 64QAM:
 *    C_1 = 632, C_3 = 5688, C_5 = 15801, C_7 = 30969).
 *
 * 3. Metrics (per axis value u, int32 arithmetic, all exact):
 *        a = |u|,   h_l = C_l - 2 l a   for every odd l
 *    (h_l is 4096/d times d^2 l^2 - 2 d l |u| = (|u| - d l)^2 - u^2: the
 *    squared distance to the point, less what is common to all points.)
 *        bit c_i, i >= 1:  D_i = min{h_l : c_i(l) = 1} - min{h_l : c_i(l) = 0}
 *        sign bit c_0:     D_0 = sgn(u) (C_1 + 2 a - min_l h_l),
 *    sgn(u) = -1 for u < 0, else +1. (The nearest point of opposite sign is
 *    always level 1.) |D| < 2^21.
 *
 * 4. Output. llr[s Q_m + 2 i + axis] (axis 0 = I, 1 = Q: the bit order
 *    b0, b1, .. of 36.211) = clip127((D_i K_s + 2^15) >> 16), int8 with F
 *    fractional bits (the product is exact: 38 bits). Positive favours 0.
 *    Recommended F = 2 (Q5.2: one unit = 0.25, range +-31.75), the input
 *    scale the int8 turbo decoder (turbo_fx.h) recommends.
 *
 * Relation to the float max-log LLR L of modulation.h for y = u / 4096:
 * L = D_exact d / (4096 N0) with D_exact the metric of exact constants, and
 * |D - D_exact| <= 1 (one half-LSB per constant, two constants per
 * difference). Hence, for K < 65535,
 *     |llr - clip127(2^F L)| <= 0.5 + K/2^16 + |2^F L| / (2 K) + 2^-17,
 * (final rounding, constant rounding, rounding of K) and the sign of llr
 * equals the sign of L outside the dead zone |2^F L| <= that bound (inside
 * it llr may be 0 or of either sign, with |llr| <= twice the bound). With
 * F = 2 and K <= 2^14 the bound is at most 0.75 + |2^F L| / (2 K) + 2^-17:
 * the dead zone is about one output LSB wide.
 *
 * Implementation notes (not part of the model). The SIMD paths hold one
 * axis value per int32 lane and form D K + 2^15 as
 * 256 (D (K >> 8)) + (D (K & 255) + 2^15), shifting in two steps, which is
 * exactly (D K + 2^15) >> 16 with 32-bit products only.
 */
#ifndef LTEPHY_DEMAP_FX_H
#define LTEPHY_DEMAP_FX_H

#include <stdint.h>

#include "ltephy/modulation.h"
#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_DEMAP_FX_Y_FRAC 12     /* y is Q3.12 */
#define LTE_DEMAP_FX_FRAC_DEFAULT 2 /* recommended output fractional bits F */
#define LTE_DEMAP_FX_LLR_MAX 127    /* |llr| <= 127 */

/* Max-log LLRs of n_sym symbols (section 3-4): mod is QPSK, 16QAM, 64QAM or
 * 256QAM; y: 2 n_sym int16 (Q3.12); k: n_sym scales or 1 (k_len = n_sym or
 * 1); llr: n_sym * Q_m int8. Returns 0, LTE_EINVAL or LTE_EUNSUPPORTED
 * (path). No allocation. */
int lte_demap_fx(lte_mod mod, const int16_t *y, int n_sym, const uint16_t *k, int k_len,
                 int8_t *llr, lte_simd_path path);

/* The scale K of section 1 for noise variance n0 > 0 and frac_bits F in
 * 0..7: min(65535, rha(2^(F+4) d / n0)); 0 only when that rounds to 0. */
int lte_demap_fx_scale(lte_mod mod, float n0, int frac_bits, uint16_t *k);

/* The constant C_l (section 2) for odd l <= 2^(Q_m/2) - 1, or LTE_EINVAL. */
int lte_demap_fx_const(lte_mod mod, int l);

/* y component from a float: clamp(rha(v * 4096), -32768, 32767). */
int16_t lte_demap_fx_quant(float v);

#ifdef __cplusplus
}
#endif
#endif
