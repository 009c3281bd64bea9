/* ltephy phy: uplink reference signals (TS 36.211 §5.5, Release 8 cell-ID
 * based: no virtual cell identities).
 *
 * Base sequences (§5.5.1): r_{u,v}^(alpha)(n) = e^{j alpha n} rbar_{u,v}(n),
 * 0 <= n < M_sc^RS = 12 m, group u = 0..29, base sequence v = 0 (or 1 when
 * m >= 6).
 *  - M_sc >= 36 (§5.5.1.1): rbar(n) = x_q(n mod N_ZC),
 *    x_q(k) = exp(-j pi q k (k+1) / N_ZC), N_ZC the largest prime < M_sc,
 *    q = floor(qbar + 1/2) + v (-1)^floor(2 qbar), qbar = N_ZC (u+1)/31.
 *  - M_sc = 12, 24 (§5.5.1.2): rbar(n) = e^{j phi(n) pi/4}, phi of
 *    Tables 5.5.1.2-1 and 5.5.1.2-2.
 * Phases are reduced exactly in integers before the (double) exponential, so
 * every element has modulus 1 to float rounding.
 *
 * Hopping (§5.5.1.3-4): u = (f_gh(n_s) + f_ss) mod 30 with
 *   f_gh(n_s) = (sum_{i=0}^{7} c(8 n_s + i) 2^i) mod 30, c_init = floor(N_ID/30)
 *   (0 without group hopping); f_ss^PUCCH = f_ss^SRS = N_ID mod 30,
 *   f_ss^PUSCH = (f_ss^PUCCH + Delta_ss) mod 30;
 *   v = c(n_s), c_init = floor(N_ID/30) 2^5 + f_ss^PUSCH, only for M_sc >= 72
 *   with sequence hopping on and group hopping off; else v = 0.
 * c(i) is the Gold sequence of §7.2 (ltephy/gold.h), restarted every radio
 * frame, so every function here takes the slot number n_s = 0..19.
 *
 * PUSCH DMRS (§5.5.2.1): r(m M_sc + n) = w(m) r_{u,v}^(alpha)(n), m = slot
 * of the subframe, alpha = 2 pi n_cs / 12,
 *   n_cs = (n_DMRS^(1) + n_DMRS,lambda^(2) + n_PN(n_s)) mod 12,
 *   n_PN(n_s) = sum_{i=0}^{7} c(8 N_symb^UL n_s + i) 2^i, c_init as for v;
 * n_DMRS^(1) from the higher-layer cyclicShift (Table 5.5.2.1.1-2),
 * n_DMRS,lambda^(2) and [w(0) w(1)] from the DCI cyclic shift field (Table
 * 5.5.2.1.1-1; w only with Activate-DMRS-with-OCC, else [1 1]). Mapped
 * (§5.5.2.1.2) on the PUSCH PRBs in symbol l = 3 (normal CP) or 2 (extended
 * CP) of each slot.
 *
 * SRS (§5.5.3.1): the same base sequences with alpha = 2 pi n_SRS^cs / 8.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_ULRS_H
#define LTEPHY_ULRS_H

#include <complex.h>

#include "ltephy/cell.h" /* lte_cp, LTE_MAX_RB, LTE_NSC_RB */

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_ULRS_GROUPS 30
#define LTE_ULRS_MAX_MSC (LTE_MAX_RB * LTE_NSC_RB)

/* Which channel a sequence-shift pattern is for (§5.5.1.3). */
typedef enum lte_ulrs_chan {
    LTE_ULRS_PUSCH = 0,
    LTE_ULRS_PUCCH = 1,
    LTE_ULRS_SRS = 2,
} lte_ulrs_chan;

/* Cell- and UE-level parameters of the uplink reference signals. */
typedef struct lte_ulrs_cfg {
    int cell_id;        /* N_ID^cell 0..503 */
    lte_cp cp;          /* uplink cyclic prefix */
    int group_hopping;  /* groupHoppingEnabled 0/1 */
    int seq_hopping;    /* sequenceHoppingEnabled 0/1 */
    int delta_ss;       /* groupAssignmentPUSCH Delta_ss 0..29 */
    int cyclic_shift;   /* higher-layer cyclicShift 0..7 (gives n_DMRS^(1)) */
} lte_ulrs_cfg;

/* ---- base sequences (§5.5.1.1-2) ------------------------------------------ */

/* N_ZC for M_sc = 12 m >= 36: the largest prime < m_sc; LTE_EINVAL otherwise. */
int lte_ulrs_nzc(int m_sc);
/* q of §5.5.1.1 for M_sc >= 36. */
int lte_ulrs_zc_q(int u, int v, int m_sc);
/* rbar_{u,v}(n), n < m_sc; m_sc = 12 m, 1 <= m <= LTE_MAX_RB; v = 0, or 1
 * for m_sc >= 72. */
int lte_ulrs_base_seq(int u, int v, int m_sc, float complex *r);
/* r_{u,v}^(alpha)(n) with alpha = 2 pi n_cs / 12, n_cs = 0..11. */
int lte_ulrs_seq(int u, int v, int n_cs, int m_sc, float complex *r);

/* ---- hopping (§5.5.1.3-4) --------------------------------------------------- */

/* f_gh(n_s) (0 if cfg->group_hopping is 0). */
int lte_ulrs_fgh(const lte_ulrs_cfg *cfg, int ns);
/* f_ss for the channel. */
int lte_ulrs_fss(const lte_ulrs_cfg *cfg, lte_ulrs_chan chan);
/* Sequence-group number u of slot n_s for the channel. */
int lte_ulrs_group(const lte_ulrs_cfg *cfg, lte_ulrs_chan chan, int ns);
/* Base sequence number v of slot n_s for a sequence of length m_sc (PUCCH
 * sequences are 12 long, so v = 0 for them). */
int lte_ulrs_seq_num(const lte_ulrs_cfg *cfg, int ns, int m_sc);

/* ---- PUSCH DMRS (§5.5.2.1) ---------------------------------------------- */

/* n_DMRS^(1) of Table 5.5.2.1.1-2 for cyclicShift 0..7. */
int lte_dmrs_n1(int cyclic_shift);
/* n_DMRS,lambda^(2) of Table 5.5.2.1.1-1 for the DCI field 0..7 and layer
 * lambda 0..3; w (may be NULL) receives [w(0) w(1)] (+1/-1). */
int lte_dmrs_n2(int cs_field, int layer, int w[2]);
/* n_PN(n_s). */
int lte_dmrs_npn(const lte_ulrs_cfg *cfg, int ns);
/* n_cs,lambda of slot n_s (alpha = 2 pi n_cs / 12). */
int lte_pusch_dmrs_ncs(const lte_ulrs_cfg *cfg, int cs_field, int layer, int ns);
/* SC-FDMA symbol of the DMRS in a slot: 3 (normal CP) or 2 (extended). */
int lte_pusch_dmrs_symbol(lte_cp cp);
/* The DMRS of slot n_s for a PUSCH of n_prb PRBs (n_prb = 2^a 3^b 5^c, at
 * most LTE_MAX_RB): r[n], n < 12 n_prb, including w(n_s mod 2) when occ. */
int lte_pusch_dmrs(const lte_ulrs_cfg *cfg, int ns, int n_prb, int cs_field, int layer,
                   int occ, float complex *r);
/* Write beta * DMRS of both slots of subframe sf (0..9) into a subframe grid
 * (grid.h layout, n_rb_ul * 12 subcarriers per SC-FDMA symbol, 14 or 12
 * symbols) on PRBs prb_start .. prb_start + n_prb - 1. Other REs untouched. */
int lte_pusch_dmrs_map(const lte_ulrs_cfg *cfg, int sf, int n_rb_ul, int prb_start, int n_prb,
                       int cs_field, int layer, int occ, float beta, float complex *grid);

/* ---- SRS sequence (§5.5.3.1) --------------------------------------------- */

/* r^SRS(n) = r_{u,v}^(alpha)(n), alpha = 2 pi n_cs_srs / 8 (n_cs_srs 0..7),
 * n < m_sc = M_sc,b^RS = m_SRS,b N_sc^RB / 2 (a multiple of 12 since every
 * m_SRS,b is a multiple of 4), u with f_ss^SRS, v as for PUSCH. The SRS
 * frequency-domain position, hopping and mapping (§5.5.3.2) are in
 * ltephy/srs.h. */
int lte_srs_seq(const lte_ulrs_cfg *cfg, int ns, int m_sc, int n_cs_srs, float complex *r);
/* SRS bandwidth configuration (Tables 5.5.3.2-1..-4, chosen by N_RB^UL:
 * 6..40, 41..60, 61..80, 81..110): m_SRS,b and N_b for C_SRS 0..7 and
 * B_SRS b = 0..3. Either output may be NULL. */
int lte_srs_bw(int n_rb_ul, int c_srs, int b_srs, int *m_srs, int *n_b);

/* 1 if m = 2^a 3^b 5^c (an allowed PUSCH allocation in PRBs, §5.3.3), else 0. */
int lte_ulrs_allowed_prb(int m);

#ifdef __cplusplus
}
#endif
#endif
