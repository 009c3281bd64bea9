/* ltephy phy: the fast single-port downlink equaliser (36.211 §6.3.3.1,
 * §6.3.4.1: one antenna port, one layer, y = x), with maximum-ratio
 * combining over the receive antennas.
 *
 * For one layer the unbiased MMSE estimate of layers.h equals ZF: with
 * a = sum_r |h_r|^2, x = sum_r h_r^* y_r / a and the noise variance
 * nv = n0 / a. It is computed in float straight from the grids (no gather,
 * no precoder table), and agrees with lte_dl_equalize() (double arithmetic,
 * lte_mimo_detect of layers.h) to float rounding: test_dlrx checks relative
 * 1e-5. An RE the channel does not reach (a = 0, or for MMSE
 * mu = a / (a + n0) <= 1e-12 as in lte_mimo_detect) gets x = 0 and
 * nv = FLT_MAX, as there. Noise variances are floored at 1e-6 like
 * lte_dl_equalize's.
 *
 * lte_pdsch_decode() uses it for single-port PDSCH when the DL-SCH decoder
 * is a fixed-point one (the fast receiver); with the float decoder (the
 * reference receiver behind the golden vectors) it keeps lte_dl_equalize.
 * The per-RE work is one vectorised pass (kernels/mrc.h: a division per
 * RE, no other), bit-identical on every SIMD path.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_DLEQ_H
#define LTEPHY_DLEQ_H

#include <stdint.h>

#include "ltephy/dlphy.h"
#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

/* in: n_rx antennas, the port-0 channels h[r * in->n_ports]; eq ZF or MMSE
 * (see above). n REs at grid indices idx[] -> rx->x[0..n-1], rx->nv[0..n-1].
 * No allocation. Returns 0 or LTE_EINVAL. */
int lte_dl_equalize_1port(lte_dlrx *rx, const lte_dl_rxin *in, const uint32_t *idx, int n);

/* The same on a chosen SIMD path (LTE_SIMD_AUTO: the default; a path the
 * CPU lacks: LTE_EUNSUPPORTED); every path gives the same bits
 * (kernels/mrc.h). */
int lte_dl_equalize_1port_simd(lte_dlrx *rx, const lte_dl_rxin *in, const uint32_t *idx, int n,
                               lte_simd_path path);

#ifdef __cplusplus
}
#endif
#endif
