/* ltephy phy: the uplink fixed reference channels (FRCs) of TS 36.104
 * Annex A: PUSCH test configurations for base-station receiver tests.
 *
 * Every FRC is one PUSCH transport block per uplink subframe on a
 * contiguous allocation (A1-8, A1-9, A2-4 and A2-5 excepted, see rb_step),
 * one code word, one layer, no SRS. Families:
 *   A1-x  Table A.1-1  reference sensitivity, in-channel selectivity (QPSK 1/3)
 *   A2-x  Table A.2-1  dynamic range (16QAM 2/3)
 *   A3-x  Table A.3-1  performance requirements, QPSK 1/3
 *   A4-x  Table A.4-1  performance requirements, 16QAM 3/4
 *   A5-x  Table A.5-1  performance requirements, 64QAM 5/6
 *   A7-x  Table A.7-1  UL timing adjustment, scenario 1 (16QAM 3/4)
 *   A11-1 Table A.11-1 PUSCH with TTI bundling (the per-TTI parameters)
 *   A13-x Table A.13-1 performance requirements, 16QAM 1/2 (MCS 15)
 *   A17-x Table A.17-1 performance requirements, 256QAM 5/6 (Rel-14 ul-256QAM;
 *         payloads from row 32A of 36.213 Table 7.1.7.2.1-1)
 *
 * Symbols: the tables state "DFT-OFDM symbols per subframe", 12 for every
 * channel but A4-2, which has 10. A subframe has 14 SC-FDMA symbols with
 * normal CP and 12 with extended CP (36.211 Table 5.6-1), one per slot
 * carrying the DMRS (§5.5.2.1.2), so 12 data symbols means normal CP and 10
 * extended CP; n_symb records the table's number and lte_ul_frc_ulsch_cfg
 * derives the CP from it.
 *
 * `verified` says where each row comes from: 1 = transcribed from a copy of
 * the table (every row now); 0 would mark a row recalled from memory. Every
 * row satisfies the structural rules tests/phy/test_ul_frc.c checks: the
 * payload is the 36.213 Table 7.1.7.2.1-1 entry (I_TBS, N_RB; lte_tbs_ext,
 * which also knows row 32A); the coded
 * bits are N_RB x 12 subcarriers x n_symb x Q_m; the code-block count and
 * the largest coded block (3 K+ + 12, trellis termination included) follow
 * 36.212 §5.1.2; the effective rate (payload + CRCs) / coded bits is near
 * the stated target.
 *
 * Channel bandwidth: 36.104 assigns FRCs to bandwidths in its requirement
 * tables, not in Annex A; n_rb_ul is the smallest standard bandwidth that
 * holds the allocation (so the 6, 15, 25, 50, 75 and 100 RB channels, e.g.
 * A3-2, A4-3 and A5-2, fill 1.4 ... 20 MHz); callers may choose a wider one.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_UL_FRC_H
#define LTEPHY_UL_FRC_H

#include "ltephy/ulsch.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lte_ul_frc {
    const char *name;    /* "A3-2" */
    const char *title;   /* "performance, QPSK 1/3" */
    const char *source;  /* "TS 36.104 Table A.3-1" */
    int verified;        /* 1: row checked against a copy of the table; 0: recalled */
    int n_rb_alloc;      /* allocated resource blocks, M_RB */
    int rb_step;         /* 0: contiguous; else the RBs are N, N+step, ... (A1-8/9, A2-4/5) */
    int n_rb_ul;         /* default channel bandwidth in RB (6, 15, 25, 50, 75, 100) */
    int n_symb;          /* DFT-OFDM data symbols per subframe: 12 (normal CP), 10 (extended) */
    int qm;              /* 2, 4, 6, 8 */
    int rate_num, rate_den; /* the table's code rate, as a fraction (0.51 -> 51/100) */
    int tbs;             /* payload, bits */
    int i_tbs;           /* the 36.213 TBS index giving tbs for n_rb_alloc
                          * (LTE_ITBS_32A for row 32A: lte_tbs_ext) */
    int i_mcs;           /* PUSCH I_MCS (36.213 Table 8.6.1-1) with this Q_m and I_TBS;
                          * -1 for 256QAM (Table 8.6.1-3 is not carried) */
    int n_cb;            /* number of code blocks C, as the table states */
    int cb_coded;        /* "coded block size including 12 bits trellis termination" */
    int coded_bits;      /* "total number of bits per sub-frame" = G */
} lte_ul_frc;
typedef lte_ul_frc lte_ul_frc_t;

/* Number of FRCs, and the i-th (NULL if i is out of range). */
int lte_ul_frc_count(void);
const lte_ul_frc *lte_ul_frc_at(int i);
/* Find by name, case-insensitive ("A3-2", "a3-2"). Returns its index, or
 * LTE_EINVAL (NULL name) / LTE_ENOTFOUND (unknown name; the detail lists
 * the names). out may be NULL. */
int lte_ul_frc_find(const char *name, lte_ul_frc *out);

/* The UL-SCH configuration of one transmission of the FRC (36.212 §5.2.2):
 * n_prb, q_m, tbs, the CP of n_symb (10: extended), no SRS, no UCI, rv 0. */
int lte_ul_frc_ulsch_cfg(const lte_ul_frc *frc, lte_ulsch_cfg *ul);

/* The effective code rate (tbs + 24 + C·L) / coded_bits, L = 24 if C > 1. */
double lte_ul_frc_rate(const lte_ul_frc *frc);

#ifdef __cplusplus
}
#endif
#endif
