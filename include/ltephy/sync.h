/* ltephy phy: downlink physical signals that need no channel coding:
 * primary and secondary synchronisation signals (36.211 §6.11) and the
 * cell-specific reference signals (36.211 §6.10.1).
 *
 * Grid arguments use the layout of grid.h: one antenna port's subframe,
 * element (k, l) at l*N_sc + k, l = OFDM symbol in the subframe. The map
 * functions only write the signal's own REs (the caller zeroes the grid).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_SYNC_H
#define LTEPHY_SYNC_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/cell.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_SYNC_LEN 62 /* d(0..61) of the PSS and the SSS */

/* ---- PSS (§6.11.1) -------------------------------------------------------- */

/* Zadoff-Chu root u for N_ID^(2) = 0, 1, 2: 25, 29, 34 (Table 6.11.1.1-1). */
int lte_pss_root(int n_id2);
/* d_u(n), n = 0..61: the length-63 ZC sequence with its centre element
 * (n = 31 of the 63) punctured (§6.11.1.1). */
int lte_pss_gen(int n_id2, float complex d[LTE_SYNC_LEN]);
/* 1 if the subframe carries the PSS, then *l_sf = its OFDM symbol in the
 * subframe; 0 if not (§6.11.1.2: FDD last symbol of slots 0 and 10; TDD
 * third symbol of subframes 1 and 6). l_sf may be NULL. */
int lte_pss_symbol(const lte_cell_cfg *cfg, int subframe, int *l_sf);

/* ---- SSS (§6.11.2) -------------------------------------------------------- */

/* m0, m1 of Table 6.11.2.1-1 for N_ID^(1) = 0..167, computed from the
 * closed form of §6.11.2.1. */
int lte_sss_m(int n_id1, int *m0, int *m1);
/* d(0..61) (values +1/-1, imaginary part 0) for subframe 0 or 5 (§6.11.2.1:
 * the two halves swap between the subframes). */
int lte_sss_gen(int n_id1, int n_id2, int subframe, float complex d[LTE_SYNC_LEN]);
/* 1 and *l_sf if the subframe carries the SSS (FDD: second-last symbol of
 * slots 0 and 10; TDD: last symbol of slots 1 and 11), else 0. */
int lte_sss_symbol(const lte_cell_cfg *cfg, int subframe, int *l_sf);

/* k of d(0): N_RB*6 - 31 (§6.11.1.2 / §6.11.2.2: k = n - 31 + N_RB*N_sc/2).
 * The REs n = -5..-1 and 62..66 are reserved. */
int lte_sync_k0(const lte_cell_cfg *cfg);

/* Write amp*d(n) of the cell's PSS / SSS into grid if the subframe carries
 * it; does nothing (returns 0) otherwise. */
int lte_pss_map(const lte_cell_cfg *cfg, int subframe, float amp, float complex *grid);
int lte_sss_map(const lte_cell_cfg *cfg, int subframe, float amp, float complex *grid);

/* ---- Cell-specific reference signals (§6.10.1) ---------------------------- */

/* Elements of r_{l,ns}(m): m = 0 .. 2*N_RB^max,DL - 1. */
#define LTE_CRS_SEQ_LEN (2 * LTE_MAX_RB)

/* c_init = 2^10 (7(ns+1) + l + 1)(2 N_ID + 1) + 2 N_ID + N_CP (§6.10.1.1),
 * N_CP = 1 for normal, 0 for extended CP; ns 0..19, l in the slot. */
int lte_crs_cinit(const lte_cell_cfg *cfg, int ns, int l_slot, uint32_t *c_init);
/* r_{l,ns}(m) = ((1-2c(2m)) + j(1-2c(2m+1)))/sqrt(2), m = 0..219. */
int lte_crs_seq(const lte_cell_cfg *cfg, int ns, int l_slot, float complex r[LTE_CRS_SEQ_LEN]);
/* Frequency offset (v + v_shift) mod 6 of port p's CRS in symbol l of slot
 * ns, so its REs are k = 6m + offset, m = 0..2N_RB-1 (§6.10.1.2); or -1 if
 * port p has no CRS in that symbol (ports 0,1: l = 0 and N_symb^DL-3; ports
 * 2,3: l = 1). Does not check whether the cell has port p or whether the
 * symbol is downlink. */
int lte_crs_offset(const lte_cell_cfg *cfg, int port, int ns, int l_slot);
/* The CRS of port p in OFDM symbol l_sf of the subframe: writes 2*N_RB values
 * a = r(m + N_RB^max - N_RB) to val and their k to k (either may be NULL) and
 * returns 2*N_RB, or 0 if there is none (no CRS of p in that symbol, p >=
 * n_ports, or the symbol is not downlink). For channel estimation. */
int lte_crs_symbol(const lte_cell_cfg *cfg, int subframe, int port, int l_sf,
                   float complex *val, uint16_t *k);
/* Write amp * CRS of port p (< n_ports) into its grid for a subframe. */
int lte_crs_map(const lte_cell_cfg *cfg, int subframe, int port, float amp,
                float complex *grid);

#ifdef __cplusplus
}
#endif
#endif
