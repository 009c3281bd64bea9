/* ltephy phy: code-block tables and 36.213 MCS/TBS tables.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_TABLES_H
#define LTEPHY_TABLES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Turbo interleaver, TS 36.212 Table 5.1.3-3 (188 rows) ---------------- */
#define LTE_TURBO_NUM_K 188
/* K of row i (1-based as in the table: i = 1..188), or LTE_EINVAL. */
int lte_turbo_k(int i);
/* Row index i (1..188) of a valid K, or LTE_EINVAL if K is not in the table. */
int lte_turbo_k_index(int K);
/* f1, f2 of the QPP interleaver for K. */
int lte_qpp_params(int K, int *f1, int *f2);
/* pi[i] = (f1*i + f2*i^2) mod K for i = 0..K-1 (§5.1.3.2.3). */
int lte_qpp_interleaver(int K, uint16_t *pi);

/* ---- Code-block segmentation, TS 36.212 §5.1.2 ---------------------------- */
typedef struct lte_cb_seg {
    int B;       /* input bits (transport block + its CRC24A) */
    int C;       /* number of code blocks */
    int L;       /* CB CRC length: 24 if C > 1, else 0 */
    int B_prime; /* B + C*L */
    int K_plus, K_minus; /* code block sizes (K_minus = 0 if C_minus = 0) */
    int C_plus, C_minus;
    int F;       /* filler bits, at the start of code block 0 */
} lte_cb_seg;

int lte_cb_segment(int B, lte_cb_seg *seg);
/* K_r of code block r (the first C_minus blocks are K_minus). */
int lte_cb_size(const lte_cb_seg *seg, int r);

/* ---- MCS and TBS, TS 36.213 §7.1.7 (PDSCH) and §8.6 (PUSCH) ---------------- */
typedef enum lte_mcs_table {
    LTE_MCS_PDSCH_64QAM = 0,  /* Table 7.1.7.1-1 */
    LTE_MCS_PDSCH_256QAM = 1, /* Table 7.1.7.1-1A */
    LTE_MCS_PUSCH = 2,        /* Table 8.6.1-1 (Q'_m; redundancy version for 29..31) */
} lte_mcs_table;

/* Modulation order Q_m and TBS index I_TBS for I_MCS (0..31). For the
 * reserved entries (I_MCS that signal only a modulation or rv) *i_tbs = -1;
 * *q_m is then the modulation the table gives for that row (PDSCH 64QAM
 * 29/30/31 -> 2/4/6; PDSCH 256QAM 28..31 -> 2/4/6/8), or 0 for PUSCH 29..31,
 * where Table 8.6.1-1 gives none (the initial transmission's Q'_m applies). */
int lte_mcs_lookup(lte_mcs_table table, int i_mcs, int *q_m, int *i_tbs);
/* PUSCH redundancy version of I_MCS (36.213 §8.6.1): 0 for 0..28, 1..3 for
 * 29..31. */
int lte_mcs_pusch_rv(int i_mcs, int *rv_idx);

#define LTE_TBS_NUM_ITBS 34 /* I_TBS 0..33 (Rel-12 Table 7.1.7.2.1-1) */
/* TBS for one layer: Table 7.1.7.2.1-1, i_tbs 0..33, n_prb 1..110. Values
 * are the spec's, including its one oddity: (i_tbs 6, n_prb 1) = 328. */
int lte_tbs(int i_tbs, int n_prb, int *tbs);
/* Row "32A" of Table 7.1.7.2.1-1 (one of the lettered rows later releases
 * added between the numbered ones), as a TBS index for lte_tbs_ext; its
 * hexadecimal spelling reads "32A".
 * 36.104 Table A.17-1 (the 256QAM 5/6 PUSCH reference channels) takes its
 * payloads from this row. The other lettered rows of the later table
 * (26A, 33A, 33B, 34A, 37A) and I_TBS 34..37 are not carried. */
#define LTE_ITBS_32A 0x32A
/* lte_tbs for i_tbs 0..33, and the 32A row for LTE_ITBS_32A (n_prb 1..110). */
int lte_tbs_ext(int i_tbs, int n_prb, int *tbs);

/* TBS for a transport block mapped to n_layers = 1 or 2 layers (§7.1.7.2.2:
 * 2*N_PRB column for N_PRB <= 55, Table 7.1.7.2.2-1 otherwise). */
int lte_tbs_layers(int i_tbs, int n_prb, int n_layers, int *tbs);

#ifdef __cplusplus
}
#endif
#endif
