/* ltephy phy: downlink control information formats 0, 1, 1A, 1C, 2, 2A (TS
 * 36.212 §5.3.3.1) and the resource allocation they carry (TS 36.213
 * §7.1.6, §7.1.7; TS 36.211 §6.2.3).
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
#include "ltephy/grid.h"

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
    int n_ports;        /* cell-specific antenna ports 1, 2 or 4 (0 = 1); only
                         * formats 2 and 2A depend on it and need 2 or 4 */
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

/* ---- Formats 1, 1C, 2, 2A (Release 8 field sets) ---------------------------
 *
 * Format 1 (36.212 §5.3.3.1.2), fields in order, MSB first:
 *   resource allocation header 1 (type 0 = 0, type 1 = 1), only if N_RB > 10
 *   resource block assignment  ceil(N_RB / P) (P = RBG size, 36.213 Table
 *                              7.1.6.1-1); type 1 splits it into the subset
 *                              ceil(log2 P), the shift 1 and the bitmap
 *   MCS 5, HARQ process 3 (FDD) / 4 (TDD), NDI 1, RV 2, TPC for PUCCH 2,
 *   downlink assignment index 2 (TDD only)
 *   padding: zeros are appended while the size equals format 0/1A's or is one
 *   of {12, 14, 16, 20, 24, 26, 32, 40, 44, 56}. (This is the wording of the
 *   later releases, "one or more zero bits until ..."; the Release 8 text
 *   appends at most one bit per rule. The two differ only for N_RB in {7,
 *   28..30} FDD and {8, 13, 14, 17, 18, 27} TDD, where the Release 8 reading
 *   would leave format 1 ambiguous; for 6, 15, 25, 50, 75, 100 they agree.)
 * Format 2A (§5.3.3.1.5A) and format 2 (§5.3.3.1.5):
 *   resource allocation header 1 (only if N_RB > 10), resource block
 *   assignment as format 1, TPC for PUCCH 2, DAI 2 (TDD only), HARQ process
 *   3 (FDD) / 4 (TDD), transport block to codeword swap flag 1, then for
 *   transport block 1 and 2: MCS 5, NDI 1, RV 2; precoding information:
 *   format 2: 3 bits (2 ports) / 6 bits (4 ports); format 2A: 0 / 2 bits.
 *   One zero is appended if the size is in {12, ..., 56} above.
 * Format 1C (§5.3.3.1.4): gap value 1 (only N_RB >= 50; 0 = N_gap,1),
 *   resource block assignment ceil(log2(N'(N'+1)/2)) with N' =
 *   floor(N_VRB,gap1^DL / N_RB^step), transport block size index 5. No
 *   padding. (Release 9+ re-uses 1C for MCCH change notification and later
 *   for TDD reconfiguration with other RNTIs; not modelled.)
 */
typedef enum lte_dci_format {
    LTE_DCI_FORMAT0,
    LTE_DCI_FORMAT1,
    LTE_DCI_FORMAT1A,
    LTE_DCI_FORMAT1C,
    LTE_DCI_FORMAT2,
    LTE_DCI_FORMAT2A,
} lte_dci_format;

/* Payload size A (padding included) of a format for a configuration;
 * LTE_EINVAL for a bad configuration (formats 2/2A need n_ports 2 or 4). */
int lte_dci_size(const lte_dci_cfg *cfg, lte_dci_format fmt);

/* Resource allocation type 0/1 field sizes (36.213 §7.1.6.1, §7.1.6.2). */
int lte_rbg_size(int n_rb);            /* P of Table 7.1.6.1-1 */
int lte_ra_type0_bits(int n_rb);       /* N_RBG = ceil(N_RB / P) */
int lte_ra_type1_bitmap_bits(int n_rb); /* N_RB^TYPE1 = N_RBG - ceil(log2 P) - 1 */

/* Transport block fields of formats 1, 2, 2A. */
typedef struct lte_dci_tb {
    int mcs;            /* 0..31 */
    int ndi;            /* 0/1 */
    int rv;             /* 0..3 */
} lte_dci_tb;

/* The fields of formats 1, 2 and 2A. */
typedef struct lte_dci_dl {
    int ra_type;        /* 0 or 1 (always 0 when N_RB <= 10: no header) */
    uint32_t rba;       /* the resource block assignment field as an integer,
                         * its first transmitted bit the MSB: type 0 = the RBG
                         * bitmap (RBG 0 = MSB); type 1 = subset p, shift,
                         * bitmap (use lte_ra_type1_field) */
    int harq;           /* 0..7 (FDD), 0..15 (TDD) */
    int tpc;            /* 0..3 */
    int dai;            /* TDD: 0..3 */
    int swap;           /* 2, 2A: transport block to codeword swap flag */
    lte_dci_tb tb[2];   /* format 1: tb[0] only */
    int precoding;      /* 2: 0..7 (2 ports) / 0..63 (4 ports); 2A: 0..3 (4 ports) */
} lte_dci_dl;

/* Pack / unpack format 1, 2 or 2A into exactly lte_dci_size() bits. Fields
 * out of range -> LTE_EINVAL (a type 1 field whose subset p is >= P is
 * accepted by unpack; lte_ra_prbs rejects it). */
int lte_dci_dl_pack(const lte_dci_cfg *cfg, lte_dci_format fmt, const lte_dci_dl *dci,
                    uint8_t *bits, int n_bits);
int lte_dci_dl_unpack(const lte_dci_cfg *cfg, lte_dci_format fmt, const uint8_t *bits,
                      int n_bits, lte_dci_dl *dci);

/* Transport block q (0 or 1) of a format 1, 2 or 2A assignment. */
typedef struct lte_dci_tb_grant {
    int enabled;        /* format 1: TB 0 only; 2/2A: disabled when I_MCS = 0
                         * and rv = 1 (36.213 §7.1.7.2) */
    int codeword;       /* 36.212 Table 5.3.3.1.5-1 (both enabled: the swap
                         * flag exchanges them) / 5.3.3.1.5-2 (one enabled: 0) */
    int q_m;            /* Table 7.1.7.1-1 */
    int tbs;            /* Table 7.1.7.2.1-1 for n_layers = 1, §7.1.7.2.2 for 2;
                         * 0 for I_MCS 29..31 (the previous size applies) */
    int rv;
} lte_dci_tb_grant;

/* n_prb: PRBs of the allocation (lte_ra_prbs); n_layers: layers the
 * transport block is mapped to (1, or 2 for a codeword on two layers). */
int lte_dci_dl_tb(const lte_dci_dl *dci, lte_dci_format fmt, int q, int n_prb, int n_layers,
                  lte_dci_tb_grant *out);

/* The fields of format 1C. */
typedef struct lte_dci_1c {
    int n_gap;          /* N_RB >= 50: 0 = N_gap,1, 1 = N_gap,2; else 0 */
    int riv;            /* RIV of 36.213 §7.1.6.3 in units of N_RB^step */
    int tbs_index;      /* I_TBS 0..31 of Table 7.1.7.2.3-1 */
} lte_dci_1c;

int lte_dci_1c_pack(const lte_dci_cfg *cfg, const lte_dci_1c *dci, uint8_t *bits, int n_bits);
int lte_dci_1c_unpack(const lte_dci_cfg *cfg, const uint8_t *bits, int n_bits, lte_dci_1c *dci);
/* Table 7.1.7.2.3-1 (format 1C; Q_m = 2). */
int lte_dci_1c_tbs(int tbs_index, int *tbs);

/* ---- Resource allocation -> PRBs (36.213 §7.1.6, 36.211 §6.2.3) ---------- */

typedef enum lte_ra_type {
    LTE_RA_TYPE0,         /* RBG bitmap */
    LTE_RA_TYPE1,         /* RBG subset, shift, bitmap */
    LTE_RA_TYPE2_LOC,     /* RIV, localized VRBs (1A with the flag 0) */
    LTE_RA_TYPE2_DIST,    /* RIV, distributed VRBs (1A with the flag 1) */
    LTE_RA_TYPE2_1C,      /* format 1C: RIV in units of N_RB^step, distributed */
} lte_ra_type;

typedef struct lte_ra {
    lte_ra_type type;
    uint32_t rba;       /* types 0/1: the RBA field (see lte_dci_dl) */
    int riv;            /* type 2 */
    int n_gap;          /* distributed, 1C: 0 = N_gap,1, 1 = N_gap,2 (N_RB >= 50) */
    int max_crbs;       /* distributed: largest L_CRBs, 0 = N_VRB^DL; 16 for 1A
                         * with a C-RNTI and N_RB >= 50 (36.213 §7.1.6.3) */
} lte_ra;

/* PRBs of both slots: prb[s][n] = 1 when PRB n of slot s is allocated (the
 * even slot s = 0, the odd slot s = 1; they differ only for distributed
 * VRBs). Returns the number of PRBs per slot, or LTE_EINVAL for an invalid
 * allocation (a RIV no start/length gives, a start + length beyond N_VRB^DL,
 * type 1 subset >= P, a type 0/1 bitmap with no RB, a distributed length
 * above max_crbs). lte_dci_1a_ra sets max_crbs. */
int lte_ra_prbs(int n_rb, const lte_ra *ra, uint8_t prb[2][LTE_MAX_RB]);

/* PDSCH REs of an allocation whose PRBs differ between the slots (36.211
 * §6.3.5: increasing k over the slot's assigned PRBs first, then l), as
 * LTE_GRID_IDX indices of g's current subframe: the symbols of the even
 * slot with prb[0], those of the odd slot with prb[1]. Writes at most max
 * (idx may be NULL with max 0) and returns the total; for identical slots
 * this is lte_grid_re_list(LTE_RE_PDSCH) over the whole subframe. */
int lte_ra_re_list(const lte_grid *g, const uint8_t prb[2][LTE_MAX_RB], uint32_t *idx, int max);

/* The allocation a DCI carries. */
int lte_dci_1a_ra(const lte_dci_cfg *cfg, const lte_dci_1a *dci, lte_ra *ra);
int lte_dci_dl_ra(const lte_dci_cfg *cfg, const lte_dci_dl *dci, lte_ra *ra);
int lte_dci_1c_ra(const lte_dci_cfg *cfg, const lte_dci_1c *dci, lte_ra *ra);

/* Type 1 field from (subset p, shift, bitmap of N_RB^TYPE1 bits, its MSB =
 * the lowest VRB of the subset). */
int lte_ra_type1_field(int n_rb, int subset, int shift, uint32_t bitmap, uint32_t *rba);

/* Distributed VRBs (36.211 §6.2.3.2): N_gap (Table 6.2.3.2-1), N_VRB^DL and
 * the interleaver unit N~_VRB^DL for gap 0 (N_gap,1) or 1 (N_gap,2, N_RB >= 50). */
int lte_vrb_gap(int n_rb, int gap, int *n_gap, int *n_vrb, int *n_vrb_tilde);
/* PRB of distributed VRB n_vrb (0..N_VRB^DL-1) in slot 0 (even) or 1 (odd). */
int lte_vrb_to_prb(int n_rb, int gap, int n_vrb, int slot, int *prb);

/* Format 1C RIV (36.213 §7.1.6.3) from a start and a length in VRBs, both
 * multiples of N_RB^step (Table 7.1.6.3-1: 2 below 50 RBs, else 4), with
 * start + length <= floor(N_VRB^DL / step) step, N_VRB^DL that of the gap
 * in use (the field itself is sized with N_VRB,gap1^DL, 36.212 §5.3.3.1.4). */
int lte_ra_1c_riv(int n_rb, int gap, int rb_start, int l_crbs, int *riv);
int lte_ra_1c_step(int n_rb);

/* Redundancy version of SIB1 (36.321 §5.3.1): RV_K = ceil(3/2 k) mod 4,
 * k = (SFN / 2) mod 4. (The DCI's rv field is what a receiver uses.) */
int lte_sib1_rv(int sfn);

#ifdef __cplusplus
}
#endif
#endif
