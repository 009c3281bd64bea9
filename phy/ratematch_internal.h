/* ltephy phy (internal): the inverse turbo rate matching straight to the
 * 8-bit fixed-point decoder input, without float soft buffers
 * (phy/ratematch.c; used by phy/sch.c).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_PHY_RATEMATCH_INTERNAL_H
#define LTEPHY_PHY_RATEMATCH_INTERNAL_H

#include <stdint.h>

#include "ltephy/ratematch.h"

/* For a block without filler bits (F = 0) whose E soft values make at most
 * one lap of the circular buffer (E <= the non-<NULL> entries of
 * w[0..N_cb-1]), write q exactly as lte_rm_turbo_plan_inverse_ex with
 * LTE_RM_INV_SET would (q[s (K+4) + i], s = 0, 1, 2: the 8-bit quantisation
 * at q_scale of l_s[i] = +0 + the value sent for it, or of +0 if none was),
 * and no float buffer: each position then holds at most one value, so its
 * quantisation is that of the value itself (the quantiser maps -0 and +0 to
 * 0), and the values are quantised first, in transmission order, and moved
 * as bytes (kernels/col8.h on AVX-512, a byte scatter on the other paths).
 * scratch: 3(K+4) bytes. copy (may be NULL): also copy e[0..E-1] there
 * (bit for bit, from the same pass over e: kernels/col8.h
 * lte_col8_quant). Returns 0 when done, 1 (nothing written) when the
 * block has filler bits or repeats values (E larger than one lap): the
 * caller then takes the float path; or a negative LTE_E* code. */
int lte_rm_turbo_plan_inverse_q8(const lte_rm_turbo_plan *plan, const float *e, int E, int F,
                                 int n_cb, int rv, float q_scale, lte_simd_path path,
                                 int8_t *scratch, int8_t *q, float *copy);

#endif
