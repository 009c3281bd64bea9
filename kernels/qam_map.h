/* ltephy kernels (internal): the paths of the look-up-table mapper
 * lte_qam_map_lut_x (kernels/qam_internal.h).
 *
 * lte_qam_map_lut_x_avx512 gives lte_qam_map_lut_x's output exactly (the
 * points are copied from lut either way): 32 symbols a step for QPSK,
 * 16QAM and 64QAM, the scalar code for 256QAM and the last n_sym % 32.
 * lte_qam_map_lut_x_path runs a concrete path's variant (lte_simd_pick).
 * tests/kernels/test_qam.c compares every path with a plain model.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_KERNELS_QAM_MAP_H
#define LTEPHY_KERNELS_QAM_MAP_H

#include <complex.h>
#include <stdint.h>

void lte_qam_map_lut_x_avx512(const float complex *lut, int q, const uint8_t *bits,
                              const uint8_t *x, const uint32_t *idx, int n_sym,
                              float complex *sym);
void lte_qam_map_lut_x_path(int path, const float complex *lut, int q, const uint8_t *bits,
                            const uint8_t *x, const uint32_t *idx, int n_sym,
                            float complex *sym);

#endif
