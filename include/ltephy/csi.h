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
 * without measured PRB gets -1. CQI is not computed.
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
#define LTE_CSI_MAX_SUBBANDS 28  /* ceil(110 / 4) */

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

#ifdef __cplusplus
}
#endif
#endif
