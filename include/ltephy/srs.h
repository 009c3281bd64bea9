/* ltephy phy: sounding reference signal, periodic (trigger type 0) and
 * aperiodic (trigger type 1), one antenna port (TS 36.211 §5.5.3, TS 36.213
 * §8.2).
 *
 * Sequence (§5.5.3.1): lte_srs_seq() of ulrs.h, length
 *   M_sc,b^RS = m_SRS,b N_sc^RB / K_TC, K_TC = 2, b = B_SRS.
 *
 * Frequency position (§5.5.3.2): the sequence goes to every K_TC-th
 * subcarrier of the SRS symbol, a_{K_TC k + k_0} = beta r(k), with
 *   k_0 = kbar_0 + sum_{b=0}^{B_SRS} K_TC M_sc,b^RS n_b,
 *   kbar_0 = (floor(N_RB^UL/2) - m_SRS,0/2) N_sc^RB + kbar_TC   (UL subframes),
 *   kbar_0 = (N_RB^UL - m_SRS,0^max) N_sc^RB + kbar_TC  if
 *            ((n_f mod 2)(2 - N_SP) + n_hf) mod 2 = 0, else kbar_TC  (UpPTS),
 * n_hf = 0 in the first half frame, 1 in the second; N_SP the number of
 * downlink-to-uplink switch points per radio frame;
 *   m_SRS,0^max = max over C_SRS of m_SRS,0 with m_SRS,0 <= N_RB^UL - 6 N_RA,
 * N_RA the number of format 4 PRACH in the UpPTS. In UpPTS with srsMaxUpPts,
 * m_SRS,0 itself is replaced by m_SRS,0^max.
 * Position index n_b (§5.5.3.2), with n_RRC = freqDomainPosition:
 *   b_hop >= B_SRS (no hopping), or b <= b_hop: n_b = floor(4 n_RRC / m_SRS,b) mod N_b
 *   otherwise: n_b = (F_b(n_SRS) + floor(4 n_RRC / m_SRS,b)) mod N_b, with
 *   P_b = prod_{b'=b_hop}^{b} N_b' (N_{b_hop} counted as 1),
 *   F_b = (N_b/2) floor((n_SRS mod P_b) / P_{b-1})
 *         + floor((n_SRS mod P_b) / (2 P_{b-1}))     N_b even,
 *   F_b = floor(N_b/2) floor(n_SRS / P_{b-1})          N_b odd,
 *   n_SRS = 2 N_SP n_f + 2 (N_SP - 1) floor(n_s/10) + floor(T_offset/T_offset_max)
 *           (TDD with T_SRS = 2), else floor((10 n_f + floor(n_s/2)) / T_SRS),
 * T_offset_max taken as the larger offset of the configuration's pair (so the
 * two SRS of a half frame count 0 and 1).
 *
 * Subframes (§5.5.3.3): cell-specific SRS subframes satisfy
 * floor(n_s/2) mod T_SFC in Delta_SFC (Tables 5.5.3.3-1 FDD, 5.5.3.3-2 TDD;
 * in TDD only uplink subframes and UpPTS carry SRS). UE-specific (36.213
 * §8.2, Tables 8.2-1 FDD, 8.2-2 TDD): srs-ConfigIndex I_SRS gives T_SRS and
 * T_offset; the UE sends in subframe k_SRS when
 *   (10 n_f + k_SRS - T_offset) mod T_SRS = 0  (FDD, and TDD with T_SRS > 2),
 *   (k_SRS - T_offset) mod 5 = 0             (TDD with T_SRS = 2),
 * k_SRS = 0..9 the subframe (FDD) or the index of Table 8.2-3 (TDD).
 * The SRS occupies the last SC-FDMA symbol of a normal uplink subframe, or
 * one of the UpPTS symbols.
 *
 * Trigger type 1, aperiodic (36.213 §8.2, Rel-10 on; lte_srs_cfg.trigger_type
 * = 1): a positive SRS request in a DCI triggers one SRS. The request is the
 * 1-bit field of DCI formats 0/1A (and 2B/2C/2D in TDD), positive when 1, each
 * format with its one parameter set (srs-ConfigApDCI-Format0, -Format1a2b2c),
 * or the 2-bit field of format 4 (Table 8.1-1: '00' no trigger, '01'/'10'/'11'
 * the first/second/third set of srs-ConfigApDCI-Format4); see
 * lte_srs_ap_request(). A parameter set gives B_SRS, n_RRC, kbar_TC and
 * n_SRS^cs (srs-BandwidthAp, freqDomainPositionAp, transmissionCombAp,
 * cyclicShiftAp: b_srs, n_rrc, k_tc, n_cs here); it has no hopping bandwidth:
 * frequency hopping is not supported for aperiodic transmission (36.211
 * §5.5.3.2), so with trigger_type = 1 b_hop is ignored, n_b =
 * floor(4 n_RRC / m_SRS,b) mod N_b for every b and n_SRS has no effect on the
 * position. srs-ConfigIndexAp (i_srs here, 0..31) gives T_SRS,1 and
 * T_offset,1 (Tables 8.2-4 FDD, 8.2-5 TDD):
 *   FDD: 0..1 T = 2, T_offset = I; 2..6 T = 5, I - 2; 7..16 T = 10, I - 7;
 *        17..31 reserved;
 *   TDD: 0 reserved; 1..9 T = 2 with the offset pairs of Table 8.2-2 rows
 *        1..9 ({0,2} {1,2} {0,3} {1,3} {0,4} {1,4} {2,3} {2,4} {3,4});
 *        10..14 T = 5, I - 10; 15..24 T = 10, I - 15; 25..31 reserved.
 * (Row 0 of Table 8.2-2, {0,1}, would put both SRS resources into the two
 * UpPTS symbols of one special subframe.) A request detected in subframe n
 * starts the SRS in the first subframe n + k, k >= 4, with
 *   (10 n_f + k_SRS - T_offset,1) mod T_SRS,1 = 0  (FDD, and TDD with T_SRS,1 > 2),
 *   (k_SRS - T_offset,1) mod 5 = 0               (TDD with T_SRS,1 = 2),
 * n_f the frame of that subframe, k_SRS as for type 0 (in TDD only uplink
 * subframes and existing UpPTS symbols have one). If type 0 and type 1 SRS
 * fall into the same subframe, only the type 1 SRS is sent (§8.2).
 *
 * Receiver: least-squares channel per comb tone h(k) = y(K_TC k + k_0)
 * conj(r(k)) / beta (the conjugate of r removes base sequence and cyclic
 * shift alike, since |r| = 1), and a timing estimate from the phase slope:
 * first tau = -arg(sum_k h(k+1) conj(h(k))) / (2 pi K_TC Delta_f),
 * unambiguous for |tau| < 1/(2 K_TC Delta_f) = 16.7 us, then refined with
 * the same correlation at lags L = 8, 64, ..., M_sc/2 after removing the
 * phase the current tau predicts (tau += -arg(...) / (2 pi K_TC Delta_f L)). A signal arriving
 * tau late carries e^{-j 2 pi f tau} on the subcarrier of frequency f, so
 * tau > 0 means late.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_SRS_H
#define LTEPHY_SRS_H

#include <complex.h>

#include "ltephy/cell.h"
#include "ltephy/ulrs.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_SRS_KTC 2 /* transmission comb spacing K_TC (Rel-8..12) */

typedef struct lte_srs_cfg {
    lte_ulrs_cfg rs;  /* cell ID, CP, group/sequence hopping (§5.5.1.3-4) */
    int n_rb_ul;      /* N_RB^UL 6..110 */
    int c_srs;        /* srs-BandwidthConfig 0..7 (cell) */
    int b_srs;        /* srs-Bandwidth 0..3 (UE) */
    int b_hop;        /* srs-HoppingBandwidth 0..3 (UE) */
    int n_rrc;        /* freqDomainPosition 0..23 (UE) */
    int k_tc;         /* transmissionComb kbar_TC 0..1 (UE) */
    int n_cs;         /* cyclicShift n_SRS^cs 0..7 (UE) */
    int i_srs;        /* srs-ConfigIndex 0..636 (FDD) / 0..644 (TDD) (UE) */
    int tdd;          /* 0 FDD, 1 TDD */
    int n_sp;         /* TDD: downlink-to-uplink switch points per frame, 1 or 2 */
    int uppts;        /* TDD: this SRS is in an UpPTS (k_0 and m_SRS,0 rules) */
    int max_uppts;    /* TDD: srsMaxUpPts (m_SRS,0 := m_SRS,0^max in UpPTS) */
    int n_ra;         /* TDD: format 4 PRACH in the UpPTS, 0..6 */
    int trigger_type; /* 0: periodic (i_srs = srs-ConfigIndex, Tables 8.2-1/-2);
                       * 1: aperiodic (i_srs = srs-ConfigIndexAp 0..31, Tables
                       * 8.2-4/-5; no frequency hopping, b_hop ignored) */
} lte_srs_cfg;

/* Where a triggered (type 1) SRS goes: lte_srs_ap_subframe(). */
typedef struct lte_srs_ap_tx {
    int n_f;   /* radio frame of the SRS (0..1023, wraps) */
    int sf;    /* its subframe 0..9 */
    int k;     /* subframes after the trigger, 4..13 */
    int k_srs; /* k_SRS that matched (FDD: sf; TDD: Table 8.2-3) */
    int toff;  /* T_offset,1 that matched */
    int uppts; /* 1: in the UpPTS of special subframe sf (set lte_srs_cfg.uppts) */
    int sym;   /* SC-FDMA symbol of the subframe carrying it: lte_srs_symbol() in an
                * uplink subframe, N_symb - UpPTS length + UpPTS symbol in UpPTS */
    int ns;    /* slot of that symbol, 2 sf + 1, for lte_srs_map() and the others */
} lte_srs_ap_tx;

/* Where the SRS of one transmission lies. */
typedef struct lte_srs_alloc {
    int n_srs;       /* n_SRS */
    int nb[4];       /* n_b, b = 0..B_SRS */
    int k0;          /* k_0: first subcarrier (of the N_RB^UL 12 of the symbol) */
    int m_sc;        /* M_sc,B_SRS^RS: sequence length, subcarriers used */
    int m_srs;       /* m_SRS,B_SRS (PRBs spanned, after any UpPTS reconfiguration) */
} lte_srs_alloc;

/* ---- tables ------------------------------------------------------------- */

/* Table 5.5.3.3-1 (tdd = 0, config 0..14) / 5.5.3.3-2 (tdd = 1, 0..13):
 * T_SFC and Delta_SFC as a bit mask (bit s = offset s). Reserved: EINVAL. */
int lte_srs_sf_config(int tdd, int config, int *t_sfc, unsigned *delta_mask);
/* 1 if subframe sf (0..9) is a cell-specific SRS subframe, else 0. */
int lte_srs_cell_subframe(int tdd, int config, int sf);
/* 36.213 Table 8.2-1 (FDD) / 8.2-2 (TDD): T_SRS and T_offset (and, for the
 * TDD 2 ms configurations, the second offset in t_offset[1]; otherwise
 * t_offset[1] = t_offset[0]). Reserved indices: EINVAL. */
int lte_srs_isrs(int tdd, int i_srs, int *t_srs, int t_offset[2]);
/* 36.213 Table 8.2-3: k_SRS of subframe sf (0..9) for TDD; sym = 0 or 1 the
 * UpPTS symbol of special subframes; uppts_len = UpPTS symbols (1 or 2).
 * -1 for downlink subframes and symbols that carry no SRS. */
int lte_srs_tdd_ksrs(int sf, int sym, int uppts_len);
/* 36.213 Table 8.2-4 (FDD) / 8.2-5 (TDD), trigger type 1: T_SRS,1 and
 * T_offset,1 of srs-ConfigIndexAp i_srs (the second offset of the TDD 2 ms
 * rows in t_offset[1], else t_offset[1] = t_offset[0]). Reserved: EINVAL. */
int lte_srs_isrs_ap(int tdd, int i_srs, int *t_srs, int t_offset[2]);
/* 1 if k_SRS of frame n_f is a UE SRS position of cfg's trigger type
 * (type 0: the UE sends its periodic SRS there; type 1: a triggered SRS may
 * go there); when it is, *toff (may be NULL) receives the T_offset that
 * matched. */
int lte_srs_ue_subframe(const lte_srs_cfg *cfg, int n_f, int k_srs, int *toff);

/* ---- trigger type 1 ------------------------------------------------------- */

/* The SRS parameter set a DCI's SRS request selects (36.213 §8.2, Table
 * 8.1-1): n_bits = 2 (DCI format 4): value 0 none, 1..3 the first..third of
 * srs-ConfigApDCI-Format4; n_bits = 1 (formats 0/1A/2B/2C/2D): value 1 the
 * format's one set. n_sets (1..3) is the number of sets configured for the
 * format; a request for a set beyond it is EINVAL. Returns 0 (no type 1
 * trigger) or the set number 1..3. */
int lte_srs_ap_request(int n_bits, int value, int n_sets);

/* Where the SRS triggered by a positive request detected in subframe
 * sf_trigger (0..9) of frame n_f goes: the first subframe n + k, k >= 4, that
 * satisfies the type 1 condition (see above) for cfg (trigger_type must be 1;
 * cfg->tdd selects the condition). For TDD, cell (a valid TDD cell: duplex
 * LTE_TDD, tdd_config, ssf_config, ul_cp) gives the uplink subframes and the
 * UpPTS length, and cfg->n_sp must be its number of switch points; only
 * uplink subframes and the UpPTS symbols that exist count. cell may be NULL
 * for FDD. EINVAL if no subframe ever qualifies (T_offset,1 only on downlink
 * subframes or missing UpPTS symbols of this cell). */
int lte_srs_ap_subframe(const lte_srs_cfg *cfg, const lte_cell_cfg *cell, int n_f,
                        int sf_trigger, lte_srs_ap_tx *tx);

/* m_SRS,0^max for UpPTS. */
int lte_srs_m0_max(int n_rb_ul, int n_ra);

/* ---- allocation and mapping ------------------------------------------------ */

/* n_SRS for frame n_f, slot n_s, and (TDD with T_SRS = 2) the matched
 * T_offset; toff is ignored otherwise. Trigger type 1: the same formulas with
 * T_SRS,1 (n_SRS then has no effect: no hopping). */
int lte_srs_counter(const lte_srs_cfg *cfg, int n_f, int ns, int toff);
/* Position for counter n_srs (>= 0). n_f and ns only matter for the UpPTS
 * k_0 rule. */
int lte_srs_allocate(const lte_srs_cfg *cfg, int n_srs, int n_f, int ns, lte_srs_alloc *a);
/* Build the SRS of slot ns and write beta r(k) into sym (one SC-FDMA
 * symbol, N_RB^UL 12 REs, other REs untouched); a (may be NULL) receives
 * the allocation. n_srs as from lte_srs_counter(). */
int lte_srs_map(const lte_srs_cfg *cfg, int n_srs, int n_f, int ns, float beta,
                float complex *sym, lte_srs_alloc *a);
/* SC-FDMA symbol of the subframe carrying the SRS in a normal uplink
 * subframe: 13 (normal CP) or 11 (extended). */
int lte_srs_symbol(lte_cp cp);

/* ---- receiver ------------------------------------------------------------- */

/* LS estimate per comb tone: h[k], k < a.m_sc (the allocation for n_srs);
 * h may be NULL. timing_s (may be NULL) receives tau in seconds. */
int lte_srs_estimate(const lte_srs_cfg *cfg, int n_srs, int n_f, int ns, float beta,
                     const float complex *sym, float complex *h, double *timing_s);

/* The same, separating the users that share the comb and band on other
 * cyclic shifts: the LS estimate (own sequence removed) goes to the delay
 * domain by an m_sc-point inverse DFT, g(t) = (1/m_sc) sum_k h(k) e^{+j 2 pi k t / m_sc},
 * where a delay tau lies at t = tau m_sc K_TC Delta_f and another user's
 * cyclic shift n_cs' is displaced by -(n_cs' - n_cs) m_sc / 8 taps; only the
 * own window of m_sc/8 taps, t = -p .. m_sc/8 - p - 1 with
 * p = max(1, m_sc/64) taps for early arrival, is kept and transformed back.
 * This also keeps 1/8 of the noise.
 * Delays up to m_sc/8 - p - 1 taps of 1/(m_sc K_TC Delta_f) pass (the
 * window is 1/(8 K_TC Delta_f) = 4.2 us long whatever the bandwidth).
 * Direct transforms, O(m_sc^2 / 4). */
int lte_srs_estimate_windowed(const lte_srs_cfg *cfg, int n_srs, int n_f, int ns, float beta,
                              const float complex *sym, float complex *h, double *timing_s);

#ifdef __cplusplus
}
#endif
#endif
