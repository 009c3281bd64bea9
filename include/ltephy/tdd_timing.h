/* ltephy phy: HARQ and scheduling timing of TS 36.213 that an eNodeB or UE
 * receiver needs, for FDD and for the TDD uplink-downlink configurations
 * 0..6 (36.211 Table 4.2-2).
 *
 * Subframes are numbered 0..9 within the radio frame; an offset k may cross
 * into the next (or previous) frame, so the target subframe is (n + k) mod 10.
 *
 *  - PUSCH scheduling (36.213 §8.0, Table 8-2): an uplink grant (DCI format
 *    0/4) received in subframe n schedules PUSCH in subframe n + k. FDD:
 *    k = 4. TDD configuration 0: the 2-bit UL index of the grant selects the
 *    target: MSB set -> n + k (Table 8-2), LSB set -> n + 7, both -> both.
 *  - PUSCH retransmission triggered by a PHICH NACK received in subframe n
 *    (§8.0): n + k of Table 8-2, except configuration 0, where PHICH in
 *    subframe 0 or 5 with I_PHICH = 1, or PHICH in subframe 1 or 6, gives
 *    n + 7.
 *  - PHICH timing (§9.1.2, Table 9.1.2-1): PUSCH in subframe n is
 *    acknowledged on the PHICH of subframe n + k_PHICH; FDD: k_PHICH = 4.
 *    I_PHICH (§9.1.2) = 1 only for configuration 0, PUSCH in subframe 4 or 9.
 *  - HARQ-ACK for PDSCH (§10.1.3.1, Table 10.1.3.1-1, the downlink
 *    association set K = {k_0, ..., k_{M-1}}): the HARQ-ACK sent in uplink
 *    subframe n answers the PDSCH (or SPS release PDCCH) of the subframes
 *    n - k_i. FDD (§10.1.2): M = 1, K = {4}.
 *  - Synchronous uplink HARQ processes (§8, Table 8-1): FDD 8; TDD 7, 4, 2,
 *    3, 2, 1, 6 for configurations 0..6.
 *
 * Every function returns a non-negative value or a negative LTE_E* code with
 * a detail message (bad duplex, configuration or subframe). "None" results
 * (the subframe has no such timing, e.g. PHICH timing of a downlink subframe)
 * are 0, not an error.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_TDD_TIMING_H
#define LTEPHY_TDD_TIMING_H

#include "ltephy/cell.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest M of Table 10.1.3.1-1 (configuration 5, subframe 2). */
#define LTE_TDD_MAX_DL_ASSOC 9

/* UL index bits of DCI format 0/4 for TDD configuration 0 (36.212 §5.3.3.1.1). */
#define LTE_UL_INDEX_MSB 2
#define LTE_UL_INDEX_LSB 1

/* k of Table 8-2 for a grant in subframe n (FDD: 4); 0 if subframe n carries
 * no uplink grant in this configuration. tdd_config is ignored for FDD. */
int lte_pusch_grant_k(lte_duplex duplex, int tdd_config, int subframe);

/* The PUSCH subframes offsets scheduled by a grant in subframe n: writes
 * 0, 1 or 2 offsets into k[] (room for 2) and returns their count.
 * ul_index (LTE_UL_INDEX_MSB | LTE_UL_INDEX_LSB, 1..3) is used only for TDD
 * configuration 0, where it must be non-zero; elsewhere it is ignored. */
int lte_pusch_grant_targets(lte_duplex duplex, int tdd_config, int subframe, int ul_index,
                            int k[2]);

/* Offset from a PHICH received in subframe n to the PUSCH retransmission it
 * triggers (i_phich as in §9.1.2: 0 or 1, 1 only meaningful for configuration
 * 0 in subframes 0 and 5); 0 if subframe n carries no PHICH. */
int lte_pusch_phich_k(lte_duplex duplex, int tdd_config, int subframe, int i_phich);

/* k_PHICH of Table 9.1.2-1 for PUSCH in subframe n (FDD: 4); 0 if n is not
 * an uplink subframe. */
int lte_phich_k(lte_duplex duplex, int tdd_config, int subframe);

/* I_PHICH of §9.1.2 for PUSCH in subframe n: 1 for TDD configuration 0 and
 * n = 4 or 9, else 0. */
int lte_phich_i(lte_duplex duplex, int tdd_config, int subframe);

/* The downlink association set of uplink subframe n (Table 10.1.3.1-1; FDD
 * {4}): writes the k_i in the table's order into k[] (room for
 * LTE_TDD_MAX_DL_ASSOC; k may be NULL) and returns M (0 if n is not an
 * uplink subframe or has an empty set). */
int lte_harq_ack_dl_set(lte_duplex duplex, int tdd_config, int subframe, int *k);

/* Number of synchronous uplink HARQ processes (Table 8-1; FDD 8). */
int lte_ul_harq_processes(lte_duplex duplex, int tdd_config);

#ifdef __cplusplus
}
#endif
#endif
