/* ltephy phy: UE-side precoding matrix indicator (PMI) and rank indicator
 * (RI) selection for closed-loop spatial multiplexing (TM4) on 2 or 4 CRS
 * ports, 36.213 §7.2.4.
 *
 * 36.213 leaves the selection criterion to the UE. The one modelled here is
 * the mutual information of a linear precoded Gaussian channel: for rank v
 * and codebook entry W (36.211 Table 6.3.4.2.3-1 for P = 2, Table
 * 6.3.4.2.3-2 for P = 4, taken from lte_codebook(), i.e. with the tables'
 * normalisation, so that the transmitted power per RE summed over the ports
 * is 1 for every v), at every sampled RE e with channel H_e (n_rx x P):
 *
 *     C_e(v, W) = log2 det(I_v + W^H H_e^H H_e W / n0)
 *
 * (= log2 det(I + H W W^H H^H / (v n0)) for W with unit-norm columns). The
 * report maximises the sum of C_e over the sampled REs of the measured PRBs:
 * first over v in the allowed ranks and the allowed codebook entries of that
 * rank together (the RI and the wideband PMI), ties to the lower rank and
 * then the lower index. (With v = P every entry is unitary up to a scale,
 * W W^H = I/P, so all of them give the same value: the lowest allowed index
 * is reported; only the rank matters there.) The candidates are those of
 * the CSI-reporting codebook (36.213 §7.2.4, Table 7.2.4-1 for 2 ports):
 * on 2 ports rank 2 uses the 36.211 entries 1 and 2 only (the identity
 * entry 0 is not reportable), and the reported PMI value is the codebook
 * index minus 1 there; otherwise PMI value = codebook index.
 *
 * Report mode modelled: wideband PMI and RI as in aperiodic PUSCH mode 3-1
 * (one PMI for the whole measured band). Optionally (cfg.subband = 1)
 * also one PMI per subband for the selected rank, the subbands being those
 * of 36.213 §7.2.1 with the size k of Table 7.2.1-3 (N_RB 8-26: 4, 27-63:
 * 6, 64-110: 8; 6-7 RBs: no subbands), as mode 1-2 reports them; a subband
 * without measured PRB gets -1.
 *
 * Wideband CQI (cfg.cqi != 0, 36.213 §7.2.3): see "CQI" below. Subband
 * CQIs of the aperiodic modes 3-0 / 3-1 and 2-0 / 2-2 (cfg.sb_cqi, §7.2.1):
 * see "Subband CQI" below (and docs/csi.md).
 *
 * Channel input: the layout of the channel estimator (chest.h) and of the
 * link simulator: h[r * P + p] points to a grid of n_symb x 12 n_rb values
 * (symbol l, subcarrier k at l * 12 n_rb + k). The REs sampled are, in every
 * measured PRB, subcarriers k_step/2 + j k_step (< 12) of the PRB, in the
 * symbols l_step/2 + m l_step (< n_symb); the estimate is used where it is
 * (the RE need not carry a reference signal).
 *
 * No allocation, no state: lte_csi_select() works on the stack.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_CSI_H
#define LTEPHY_CSI_H

#include <complex.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_CSI_MAX_RX 8         /* receive antennas */
#define LTE_CQI_MAX 15           /* 4-bit CQI: 0 (out of range), 1..15 */
#define LTE_CSI_MAX_SUBBANDS 28  /* ceil(110 / 4) */
#define LTE_CSI_UE_MAX_M 6       /* largest M of 36.213 Table 7.2.1-5 */
#define LTE_CSI_SB_HL 1          /* cfg.sb_cqi: higher-layer configured subbands (3-0 / 3-1) */
#define LTE_CSI_SB_UE 2          /* cfg.sb_cqi: UE-selected subbands (2-0 / 2-2) */

typedef struct lte_csi_cfg {
    int n_ports;          /* P = 2 or 4 (CRS ports) */
    int n_rx;             /* receive antennas 1..LTE_CSI_MAX_RX */
    int n_rb;             /* N_RB^DL 6..110: the grids are 12 n_rb subcarriers wide */
    int n_symb;           /* symbols (rows) of the grids, 1..14 */
    int prb_start;        /* measured PRBs prb_start .. prb_start + n_prb - 1 */
    int n_prb;            /* 0 = all n_rb from prb_start */
    unsigned rank_mask;   /* bit v-1 set: rank v may be reported (v <= P); 0 = rank 1 */
    unsigned cb_mask[4];  /* codebook subset restriction per rank v (bit i: 36.211
                           * codebook index i allowed); 0 = every index */
    int k_step;           /* subcarrier step of the sampled REs, 1..12 (0 = 6) */
    int l_step;           /* symbol step, 1..n_symb (0 = 7) */
    int subband;          /* 1: per-subband PMIs as well */
    /* Additions (0 = the default): wideband CQI, see "CQI" below. */
    int cqi;              /* lte_csi_cqi_scheme: 0 = no CQI (RI/PMI only) */
    const struct lte_csi_mi *mi; /* with cqi: the MI tables (lte_csi_mi_init) */
    /* Addition (0 = the default): subband CQIs, see "Subband CQI" below. */
    int sb_cqi;           /* with cqi: LTE_CSI_SB_HL and/or LTE_CSI_SB_UE (bits); 0 = none */
} lte_csi_cfg;

typedef struct lte_csi_report {
    int ri;               /* rank indicator v */
    int codebook;         /* wideband: 36.211 codebook index for v layers */
    int pmi;              /* the PMI value reported (36.213 §7.2.4): codebook - 1 on
                           * 2 ports with v = 2, else codebook */
    double capacity;      /* the criterion of (ri, codebook), mean bit/s/Hz per sampled RE */
    int n_re;             /* REs sampled */
    int k;                /* subband size (Table 7.2.1-3), 0 without subbands */
    int n_subbands;       /* ceil(n_rb / k), 0 without subbands */
    int sb_codebook[LTE_CSI_MAX_SUBBANDS]; /* per subband (rank ri), -1 = not measured */
    /* with cfg.cqi: */
    int n_cw;             /* codewords of the CQI (2 for the SM scheme with ri >= 2, else 1) */
    int cqi[2];           /* wideband CQI per codeword 0..15 (0 = out of range) */
    double sinr_eff_db[2];/* per codeword: the MIESM effective SINR (dB) for the
                           * modulation of cqi[q] (QPSK when cqi[q] = 0) */
    /* with cfg.sb_cqi & LTE_CSI_SB_HL (modes 3-0 / 3-1); codeword q >= n_cw: -1 */
    int hl_k;             /* subband size k of Table 7.2.1-3, 0 for 6-7 RBs (no subbands) */
    int hl_n;             /* N = ceil(n_rb / k) subbands, 0 for 6-7 RBs */
    int hl_cqi[LTE_CSI_MAX_SUBBANDS][2];  /* subband CQI 0..15; -1 = subband not measured */
    int hl_diff[LTE_CSI_MAX_SUBBANDS][2]; /* 2-bit differential value (Table 7.2.1-2), -1 idem */
    double hl_sinr_eff_db[LTE_CSI_MAX_SUBBANDS][2]; /* as sinr_eff_db, per subband (NAN: -1) */
    /* with cfg.sb_cqi & LTE_CSI_SB_UE (modes 2-0 / 2-2); codeword q >= n_cw: -1 */
    int ue_k;             /* subband size k of Table 7.2.1-5, 0 for 6-7 RBs (nothing reported) */
    int ue_n;             /* N = ceil(n_rb / k) subbands */
    int ue_m;             /* M of Table 7.2.1-5 */
    int ue_sel[LTE_CSI_UE_MAX_M]; /* the M selected subbands (0-based), ascending */
    int ue_codebook;      /* mode 2-2: the codebook entry (rank ri) preferred over the M
                           * subbands; -1 for the port-0 / TxD CQI (mode 2-0) */
    int ue_pmi;           /* its PMI value (36.213 §7.2.4), -1 likewise */
    int ue_cqi[2];        /* CQI over the M selected subbands, per codeword */
    int ue_diff[2];       /* 2-bit differential value (Table 7.2.1-4) */
    double ue_sinr_eff_db[2]; /* as sinr_eff_db, over the M subbands (NAN: -1) */
    int ue_r;             /* combinatorial index r of the M subbands (§7.2.1) */
    int ue_l;             /* its bits L = ceil(log2 C(N, M)) */
} lte_csi_report;

/* Defaults: 2 ports, 1 receive antenna, 50 RB, 14 symbols, all PRBs,
 * rank 1, every codebook entry, steps 6 / 7, wideband only. */
int lte_csi_cfg_init(lte_csi_cfg *cfg);

/* Subband size k of 36.213 Table 7.2.1-3 for n_rb (0 for 6-7 RBs: no
 * subbands); LTE_EINVAL outside 6..110. */
int lte_csi_subband_size(int n_rb);

/* The reported rank and codebook index <-> PMI value (36.213 §7.2.4).
 * lte_csi_pmi_of: LTE_EINVAL for a codebook entry that is not reportable
 * (2 ports, v = 2, index 0). */
int lte_csi_pmi_of(int n_ports, int v, int codebook);
int lte_csi_codebook_of(int n_ports, int v, int pmi);

/* Select RI and PMI(s) from the channel h (see above) and the noise
 * variance per RE n0 > 0. */
int lte_csi_select(const lte_csi_cfg *cfg, const float complex *const *h, float n0,
                   lte_csi_report *rep);

/* ---- CQI (36.213 §7.2.3) ---------------------------------------------------
 *
 * The 4-bit CQI table, 36.213 Table 7.2.3-1: CQI 1..15 = (modulation Q_m,
 * code rate x 1024, efficiency Q_m * rate / 1024 to 4 decimals); CQI 0 is
 * "out of range".
 *
 * The transport format of CQI c (lte_cqi_format_get): 36.213 §7.2.3 defines
 * CQI c by a single PDSCH transport block in the CSI reference resource (the
 * measured PRBs of one downlink subframe) with "a combination of modulation
 * scheme and transport block size" that "corresponds to the CQI index": the
 * combination whose effective channel code rate is closest to CQI c's code
 * rate, among the transport block sizes that can be signalled for it
 * (Table 7.1.7.2.1-1 with an I_TBS that Table 7.1.7.1-1 pairs with c's
 * modulation, i.e. an I_MCS 0..28 with Q_m = c's); equally close ones: the
 * smallest TBS. Assumptions of §7.2.3 used for the resource: the first 3
 * OFDM symbols are control; no resource elements used by PSS, SSS or PBCH;
 * CP length of the non-MBSFN subframes; redundancy version 0; the CRS REs of
 * the cell's 1, 2 or 4 ports are not PDSCH (no CSI-RS, no zero-power
 * CSI-RS, no PRS); the PDSCH EPRE equals the CRS EPRE. The REs per PRB pair
 * are then (14 - 3) x 12 minus the CRS REs in symbols 3..13 (normal CP:
 * 126, 120, 116 for 1, 2, 4 ports; extended: 12 symbols, 102, 96, 92). The
 * effective channel code rate is (TBS + CRC bits) / (n_layers x n_re x Q_m),
 * CRC bits = 24 for the transport block plus 24 per code block when 36.212
 * §5.1.2 segments B = TBS + 24 > 6144 into C = ceil(B / 6120) blocks.
 *
 * Wideband CQI selection (cfg.cqi): the post-receiver SINR of every sampled
 * RE (the REs of the PMI selection above) for the transmission scheme:
 *  - LTE_CSI_CQI_PORT0 (TM1, single antenna port 0; any n_ports 1, 2, 4):
 *    maximum ratio combining, SINR = sum_r |h_r0|^2 / n0;
 *  - LTE_CSI_CQI_TXD (TM2, SFBC on 2 ports, SFBC + FSTD on 4, 36.211
 *    §6.3.4.3): SINR = sum_r (|h_ra|^2 + |h_rb|^2) / (2 n0) for the port pair
 *    (a, b) = (0, 1) on 2 ports; on 4 ports the pairs (0, 2) and (1, 3)
 *    alternate, both are counted as samples of every RE;
 *  - LTE_CSI_CQI_SM (TM4, the selected RI and PMI): with G = H W (W of the
 *    selected rank and codebook entry, unit total power), the linear MMSE
 *    receiver's SINR of layer k, 1 / [(I + G^H G / n0)^-1]_kk - 1; the
 *    layers of a codeword (36.211 Table 6.3.3.2-1: ranks 1, 2: one layer
 *    each; rank 3: 1 | 2; rank 4: 2 | 2) are pooled.
 * The SINRs of a codeword map to one effective SINR by MIESM: for Q_m in
 * {2, 4, 6}, I_Q(g) = the BICM mutual information per coded bit of Gray
 * Q_m-QAM (36.211 §7.1) on a complex AWGN channel at SINR g; the effective
 * SINR is I_Q^-1(mean over the samples of I_Q(SINR)). The CQI reported for a
 * codeword is the highest c with effective SINR (for c's Q_m) >= the
 * threshold t_c of lte_cqi_threshold_db, 0 if none. t_c is the SNR at which
 * the transport format of c (on 50 PRBs, 1 port) has a first-transmission
 * BLER of 0.1 on AWGN through this library's receiver (perfect channel
 * knowledge), measured with `ltephy sim` (docs/sim.md, "CQI"): 36.213's
 * criterion is a transport block error probability not exceeding 0.1.
 *
 * The MI tables: I_Q on the SINR grid -20 dB .. +40 dB in 0.125 dB steps,
 * computed by lte_csi_mi_init (square QAM with Gray mapping is two
 * independent Gray sqrt(M)-PAMs, so I_Q is the per-bit BICM MI of a PAM at
 * the same SINR; the expectation over the Gaussian noise is a 96-point
 * Gauss-Hermite quadrature whose nodes are found by Newton iteration:
 * deterministic), linear interpolation in dB between grid points, clamped at
 * the ends. Nothing is global: the caller owns the tables. */

typedef enum lte_csi_cqi_scheme {
    LTE_CSI_CQI_NONE = 0,
    LTE_CSI_CQI_PORT0 = 1, /* TM1 */
    LTE_CSI_CQI_TXD = 2,   /* TM2 */
    LTE_CSI_CQI_SM = 3,    /* TM4: the selected RI / PMI */
} lte_csi_cqi_scheme;

typedef struct lte_cqi_entry {
    int q_m;              /* 2, 4, 6 */
    int rate_x1024;       /* code rate x 1024 */
    double efficiency;    /* as the table prints it (4 decimals) */
} lte_cqi_entry;

/* Row cqi (1..15) of Table 7.2.3-1; LTE_EINVAL otherwise (0 is "out of
 * range", no format). */
int lte_cqi_entry_get(int cqi, lte_cqi_entry *e);

typedef struct lte_cqi_format {
    int q_m;              /* modulation order (the CQI's) */
    int i_mcs;            /* 36.213 Table 7.1.7.1-1 index that signals it */
    int i_tbs;
    int tbs;              /* transport block size */
    int n_re;             /* PDSCH REs of the reference resource per layer */
    double rate;          /* effective channel code rate */
} lte_cqi_format;

/* PDSCH REs per layer of a CSI reference resource of n_prb PRBs (see above). */
int lte_cqi_ref_re(int n_prb, int n_ports, int cp_extended);
/* Effective channel code rate of a transport block of tbs bits on n_layers
 * layers of the reference resource of n_prb PRBs with modulation q_m. */
double lte_cqi_rate(int tbs, int n_prb, int n_ports, int cp_extended, int n_layers, int q_m);
/* The transport format of CQI cqi (1..15) on n_prb (1..110) PRBs, n_ports
 * CRS ports (1, 2, 4), a codeword of n_layers (1, 2) layers. */
int lte_cqi_format_get(int cqi, int n_prb, int n_ports, int cp_extended, int n_layers,
                       lte_cqi_format *f);
/* Threshold t_c (dB) of CQI 1..15 (see above); NAN for other values. */
double lte_cqi_threshold_db(int cqi);

#define LTE_CSI_MI_N 481  /* -20 .. +40 dB in 0.125 dB steps */
typedef struct lte_csi_mi {
    double mi[3][LTE_CSI_MI_N]; /* Q_m 2, 4, 6: BICM MI per coded bit, 0..1 */
} lte_csi_mi;

/* Fill the MI tables (about 1 ms; no allocation). */
int lte_csi_mi_init(lte_csi_mi *t);
/* I_Q(sinr) (linear SINR >= 0) and its inverse (in dB, clamped to the
 * grid); q_m 2, 4, 6. */
double lte_csi_mi_of(const lte_csi_mi *t, int q_m, double sinr);
double lte_csi_mi_inv_db(const lte_csi_mi *t, int q_m, double mi);

/* ---- Subband CQI (36.213 §7.2.1, aperiodic CSI on PUSCH) --------------------
 *
 * The subbands: subband j is PRBs j k .. min((j + 1) k, n_rb) - 1, j = 0 ..
 * N - 1, N = ceil(n_rb / k) (the last one has n_rb - k (N - 1) PRBs when k
 * does not divide n_rb); the "set S" of 36.213 is the measured PRBs
 * (cfg.prb_start, cfg.n_prb), a subband counting with the PRBs of it that are
 * measured.
 *
 * Higher-layer configured subband feedback (cfg.sb_cqi & LTE_CSI_SB_HL;
 * modes 3-0 and 3-1), k of Table 7.2.1-3 (lte_csi_subband_size): per
 * subband and codeword the CQI computed exactly as the wideband one (same
 * post-receiver SINRs of the same sampled REs, same MIESM, same thresholds
 * t_c) over the subband's sampled REs only; for the SM scheme (mode 3-1)
 * with the selected wideband RI and PMI in every subband, as 36.213 says for
 * 3-1 ("the subband CQI ... assuming the use of the single precoding matrix
 * in all subbands"). The thresholds t_c are the wideband ones (measured on
 * 50 PRBs); the transport format of a CQI on the smaller subband is not
 * re-measured. Reported with it: the 2-bit subband differential CQI value
 * of Table 7.2.1-2 (lte_cqi_hl_diff) relative to the wideband CQI of the
 * same codeword.
 *
 * UE-selected subband feedback (cfg.sb_cqi & LTE_CSI_SB_UE; modes 2-0 and
 * 2-2), k and M of Table 7.2.1-5 (lte_csi_ue_subbands): the UE chooses the M
 * subbands; the criterion modelled (36.213 leaves it to the UE):
 *  - mode 2-2 (LTE_CSI_CQI_SM): jointly the M subbands and the codebook entry
 *    W (rank ri, the allowed reportable entries) that maximise the sum of the
 *    PMI criterion C_e(ri, W) (see the top of this file) over the sampled
 *    REs of the M subbands: for every W the M subbands with the largest sums
 *    (ties to the lower subband), then the W with the largest total (ties to
 *    the lower index);
 *  - mode 2-0 (port-0 and TxD CQIs): the M subbands with the largest sum of
 *    log2(1 + SINR) over their SINR samples (the samples of the CQI), ties
 *    to the lower subband.
 * The sums are totals, not means: a last subband smaller than k carries
 * fewer REs and is chosen only if it is good enough for that. Subbands
 * without measured PRB are never chosen; lte_csi_select fails (LTE_EINVAL)
 * if the measured PRBs touch fewer than M subbands. Then one CQI per
 * codeword over the sampled REs of the M subbands (with the W chosen for
 * them, mode 2-2), its 2-bit differential value of Table 7.2.1-4
 * (lte_cqi_ue_diff) relative to the wideband CQI (mode 2-2: the wideband
 * CQI with the wideband PMI, as 36.213 defines it), and the positions as the
 * combinatorial index r (lte_csi_comb_index) in L bits. */

/* k and M of 36.213 Table 7.2.1-5 for n_rb 6..110; 0 and 0 for 6-7 RBs
 * (not applicable there). */
int lte_csi_ue_subbands(int n_rb, int *k, int *m);

/* Table 7.2.1-2: the 2-bit subband differential CQI value of a subband CQI
 * sb (0..15) relative to the wideband CQI wb (0..15): offset level sb - wb
 * 0 -> 0, 1 -> 1, >= 2 -> 2, <= -1 -> 3. */
int lte_cqi_hl_diff(int sb, int wb);
/* The eNodeB side: the subband CQIs *lo .. *hi (within 0..15) consistent
 * with the wideband CQI wb and the 2-bit value diff; LTE_EINVAL when there
 * is none (e.g. wb = 15, diff 1: no UE reports that). */
int lte_cqi_hl_diff_range(int wb, int diff, int *lo, int *hi);
/* Table 7.2.1-4: the 2-bit differential CQI value of the CQI over the M
 * selected subbands cm relative to the wideband CQI wb: offset level
 * cm - wb <= 1 -> 0, 2 -> 1, 3 -> 2, >= 4 -> 3. */
int lte_cqi_ue_diff(int cm, int wb);
int lte_cqi_ue_diff_range(int wb, int diff, int *lo, int *hi);

/* The combinatorial index of §7.2.1, r = sum_{i=0}^{M-1} <N - s_i, M - i>
 * with the sorted 1-based subband indices s_0 < .. < s_{M-1} (s_i = sel[i]
 * + 1 for the 0-based sel[] of this library) and <x, y> = C(x, y) for
 * x >= y, else 0; r in 0 .. C(N, M) - 1. n = N 1..LTE_CSI_MAX_SUBBANDS,
 * m = M 1..n; sel strictly increasing in 0..n-1. Returns r or LTE_EINVAL. */
int lte_csi_comb_index(int n, int m, const int *sel);
/* The inverse (eNodeB side): r -> the M subbands (0-based, ascending). */
int lte_csi_comb_decode(int n, int m, int r, int *sel);
/* L = ceil(log2 C(n, m)), the bits of r. */
int lte_csi_comb_bits(int n, int m);

#ifdef __cplusplus
}
#endif
#endif
