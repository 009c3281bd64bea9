/* ltephy phy: downlink control information formats (TS 36.212 §5.3.3.1)
 * and the resource allocation they carry (TS 36.213 §7.1.6.3, §7.1.7).
 *
 * Format 1A (§5.3.3.1.3), fields in transmission order, MSB first:
 *   flag format0/format1A      1   (1 = format 1A)
 *   localized/distributed VRB  1   (0 = localized)
 *   resource block assignment  ceil(log2(N_RB^DL (N_RB^DL + 1) / 2));
 *                              distributed with N_RB^DL >= 50 and a C-RNTI
 *                              (not SI/P/RA-RNTI): its first bit is N_gap
 *                              (0 = N_gap,1, 1 = N_gap,2), the rest the RIV
 *   MCS                        5
 *   HARQ process number        3 (FDD), 4 (TDD)
 *   new data indicator         1   (SI/P/RA-RNTI: reserved, or N_gap when
 *                              distributed with N_RB^DL >= 50)
 *   redundancy version         2
 *   TPC command for PUCCH      2   (SI/P/RA-RNTI: the MSB is reserved, the
 *                              LSB selects N_PRB^1A = 2 (0) or 3 (1),
 *                              36.213 §7.1.7)
 *   downlink assignment index  2   (TDD only, every UL/DL configuration)
 *   zero padding               up to the size of format 0 (when 1A is
 *                              shorter), then one more zero if the size is
 *                              in Table 5.3.3.1.2-1 {12, 14, 16, 20, 24, 26,
 *                              32, 40, 44, 56}.
 * Format 0 (§5.3.3.1.1, Rel-8 fields), needed only for its size: flag 1,
 * hopping 1, RB assignment ceil(log2(N_RB^UL (N_RB^UL + 1) / 2)), MCS/RV 5,
 * NDI 1, TPC 2, cyclic shift DMRS 3, UL index / DAI 2 (TDD only), CQI
 * request 1; padded up to format 1A's size when shorter.
 *
 * Resource allocation type 2, localized (36.213 §7.1.6.3): L_CRBs >= 1
 * contiguous PRBs from RB_start,
 *   RIV = N_RB (L - 1) + RB_start                   if L - 1 <= floor(N_RB / 2)
 *   RIV = N_RB (N_RB - L + 1) + (N_RB - 1 - RB_start) otherwise,
 * with L <= N_RB - RB_start.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_DCI_H
#define LTEPHY_DCI_H

#include <stdint.h>

#include "ltephy/cell.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_SI_RNTI 0xFFFF /* 36.321 Table 7.1-1 */
#define LTE_P_RNTI 0xFFFE

/* What fixes the DCI sizes. */
typedef struct lte_dci_cfg {
    int n_rb_dl;        /* 6..110 */
    int n_rb_ul;        /* 6..110 (the format 0 size); 0 = n_rb_dl */
    lte_duplex duplex;
    int broadcast;      /* CRC scrambled by SI-, P- or RA-RNTI: moves the gap
                         * bit of distributed assignments into the NDI field */
} lte_dci_cfg;

/* The fields of format 1A (PDSCH assignment; see above). */
typedef struct lte_dci_1a {
    int distributed;    /* localized/distributed VRB flag */
    int n_gap;          /* distributed, N_RB >= 50: gap bit (0/1) */
    int riv;            /* resource indication value */
    int mcs;            /* 0..31 */
    int harq;           /* 0..7 (FDD), 0..15 (TDD) */
    int ndi;            /* 0/1 (broadcast: reserved, or the gap bit) */
    int rv;             /* 0..3 */
    int tpc;            /* 0..3 */
    int dai;            /* TDD: 0..3 */
} lte_dci_1a;

/* Bits of the RB assignment field: ceil(log2(n_rb (n_rb + 1) / 2)). */
int lte_dci_rba_bits(int n_rb);
/* Payload sizes A (padding included) of formats 0 and 1A; LTE_EINVAL for
 * a bad configuration. */
int lte_dci_format0_size(const lte_dci_cfg *cfg);
int lte_dci_format1a_size(const lte_dci_cfg *cfg);

/* Pack the fields into lte_dci_format1a_size() bits (padding zeros). Fields
 * out of range -> LTE_EINVAL. */
int lte_dci_1a_pack(const lte_dci_cfg *cfg, const lte_dci_1a *dci, uint8_t *bits, int n_bits);
/* Unpack n_bits (must equal the format 1A size). A payload whose first bit
 * is 0 is format 0 -> LTE_EFORMAT. */
int lte_dci_1a_unpack(const lte_dci_cfg *cfg, const uint8_t *bits, int n_bits, lte_dci_1a *dci);

/* Resource allocation type 2, localized: RIV <-> (RB_start, L_CRBs).
 * lte_riv_decode rejects RIVs that no (start, length) gives. */
int lte_riv_encode(int n_rb, int rb_start, int l_crbs, int *riv);
int lte_riv_decode(int n_rb, int riv, int *rb_start, int *l_crbs);

/* Transport block of a format 1A assignment (36.213 §7.1.7): for SI-RNTI,
 * P-RNTI and RA-RNTI (broadcast = 1) Q_m = 2, I_TBS = I_MCS (0..26 ->
 * otherwise LTE_EINVAL) and N_PRB = N_PRB^1A from the TPC LSB; for other
 * RNTIs I_MCS 0..28 through Table 7.1.7.1-1 and N_PRB = L_CRBs (I_MCS
 * 29..31 signal a retransmission without a size: LTE_EINVAL). */
int lte_dci_1a_tbs(const lte_dci_1a *dci, int broadcast, int l_crbs, int *tbs, int *q_m);

/* Redundancy version of SIB1 (36.321 §5.3.1): RV_K = ceil(3/2 k) mod 4,
 * k = (SFN / 2) mod 4. (The DCI's rv field is what a receiver uses.) */
int lte_sib1_rv(int sfn);

#ifdef __cplusplus
}
#endif
#endif
