/* UE-side RI / PMI selection for TM4 (36.213 §7.2.4), see ltephy/csi.h.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/csi.h"
#include "ltephy/layers.h"

typedef double complex cd;

int lte_csi_cfg_init(lte_csi_cfg *cfg)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    memset(cfg, 0, sizeof *cfg);
    cfg->n_ports = 2;
    cfg->n_rx = 1;
    cfg->n_rb = 50;
    cfg->n_symb = 14;
    cfg->rank_mask = 1;
    return 0;
}

/* 36.213 Table 7.2.1-3 (subband size k vs. system bandwidth). */
int lte_csi_subband_size(int n_rb)
{
    LTE_CHECK_ARG(n_rb >= 6 && n_rb <= 110, "n_rb = %d: must be 6..110", n_rb);
    if (n_rb <= 7)
        return 0;
    if (n_rb <= 26)
        return 4;
    return n_rb <= 63 ? 6 : 8;
}

/* 36.213 §7.2.4: 2 ports, v = 2: PMI n is codebook index n + 1 of 36.211
 * Table 6.3.4.2.3-1 (Table 7.2.4-1 lists the two DFT matrices only). */
int lte_csi_pmi_of(int n_ports, int v, int codebook)
{
    int n = lte_codebook_size(n_ports, v);
    if (n < 0)
        return n;
    LTE_CHECK_ARG(codebook >= 0 && codebook < n, "codebook = %d: must be 0..%d", codebook, n - 1);
    if (n_ports == 2 && v == 2) {
        LTE_CHECK_ARG(codebook >= 1, "codebook 0 (identity) is not reportable on 2 ports, rank 2");
        return codebook - 1;
    }
    return codebook;
}

int lte_csi_codebook_of(int n_ports, int v, int pmi)
{
    int n = lte_codebook_size(n_ports, v);
    if (n < 0)
        return n;
    int off = n_ports == 2 && v == 2;
    LTE_CHECK_ARG(pmi >= 0 && pmi < n - off, "pmi = %d: must be 0..%d for %d ports, rank %d", pmi,
                  n - off - 1, n_ports, v);
    return pmi + off;
}

/* log2 det(A) of a Hermitian positive definite v x v matrix (Cholesky). */
static double log2det_hpd(cd *a, int v)
{
    double ld = 0;
    for (int j = 0; j < v; j++) {
        double d = creal(a[j * v + j]);
        for (int k = 0; k < j; k++)
            d -= creal(a[j * v + k] * conj(a[j * v + k]));
        if (d <= 1e-300)
            d = 1e-300;
        double s = sqrt(d);
        a[j * v + j] = s;
        ld += log2(d);
        for (int i = j + 1; i < v; i++) {
            cd t = a[i * v + j];
            for (int k = 0; k < j; k++)
                t -= a[i * v + k] * conj(a[j * v + k]);
            a[i * v + j] = t / s;
        }
    }
    return ld;
}

static int check_cfg(const lte_csi_cfg *c)
{
    LTE_CHECK_ARG(c->n_ports == 2 || c->n_ports == 4, "n_ports = %d: must be 2 or 4", c->n_ports);
    LTE_CHECK_ARG(c->n_rx >= 1 && c->n_rx <= LTE_CSI_MAX_RX, "n_rx = %d: must be 1..%d", c->n_rx,
                  LTE_CSI_MAX_RX);
    LTE_CHECK_ARG(c->n_rb >= 6 && c->n_rb <= 110, "n_rb = %d: must be 6..110", c->n_rb);
    LTE_CHECK_ARG(c->n_symb >= 1 && c->n_symb <= 14, "n_symb = %d: must be 1..14", c->n_symb);
    LTE_CHECK_ARG(c->prb_start >= 0 && c->n_prb >= 0 &&
                      c->prb_start + LTE_MAX(c->n_prb, 1) <= c->n_rb,
                  "PRBs %d..%d outside the %d PRBs", c->prb_start,
                  c->prb_start + LTE_MAX(c->n_prb, 1) - 1, c->n_rb);
    LTE_CHECK_ARG(c->rank_mask < (1u << c->n_ports),
                  "rank_mask = %#x: ranks above %d ports", c->rank_mask, c->n_ports);
    LTE_CHECK_ARG(c->k_step >= 0 && c->k_step <= 12, "k_step = %d: must be 0..12", c->k_step);
    LTE_CHECK_ARG(c->l_step >= 0 && c->l_step <= c->n_symb, "l_step = %d: must be 0..%d",
                  c->l_step, c->n_symb);
    LTE_CHECK_ARG(c->subband == 0 || c->subband == 1, "subband = %d: must be 0 or 1", c->subband);
    unsigned ranks = c->rank_mask ? c->rank_mask : 1u;
    for (int v = 1; v <= c->n_ports; v++) {
        if (!((ranks >> (v - 1)) & 1))
            continue;
        int n = lte_codebook_size(c->n_ports, v);
        unsigned full = (1u << n) - 1u, rep = full & ~(c->n_ports == 2 && v == 2 ? 1u : 0u);
        LTE_CHECK_ARG((c->cb_mask[v - 1] & ~full) == 0,
                      "cb_mask[%d] = %#x: indices above %d", v - 1, c->cb_mask[v - 1], n - 1);
        LTE_CHECK_ARG(c->cb_mask[v - 1] == 0 || (c->cb_mask[v - 1] & rep) != 0,
                      "cb_mask[%d] = %#x leaves no reportable codebook entry for rank %d", v - 1,
                      c->cb_mask[v - 1], v);
    }
    return 0;
}

int lte_csi_select(const lte_csi_cfg *cfg, const float complex *const *h, float n0,
                   lte_csi_report *rep)
{
    LTE_CHECK_ARG(cfg != NULL && h != NULL && rep != NULL, "cfg, h or rep is NULL");
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(isfinite(n0) && n0 > 0, "n0 = %g: must be finite and > 0", (double)n0);
    const int P = cfg->n_ports, R = cfg->n_rx, n_sc = 12 * cfg->n_rb;
    for (int i = 0; i < P * R; i++)
        LTE_CHECK_ARG(h[i] != NULL, "h[%d] is NULL", i);
    const int n_prb = cfg->n_prb ? cfg->n_prb : cfg->n_rb - cfg->prb_start;
    const int ks = cfg->k_step ? cfg->k_step : 6, ls = cfg->l_step ? cfg->l_step : 7;
    const unsigned ranks = cfg->rank_mask ? cfg->rank_mask : 1u;
    int k_sb = 0, n_sb = 1;
    if (cfg->subband) {
        k_sb = lte_csi_subband_size(cfg->n_rb);
        n_sb = k_sb ? (cfg->n_rb + k_sb - 1) / k_sb : 1;
    }
    /* candidates: every allowed (v, index) with its W (36.211 via lte_codebook) */
    cd W[LTE_MAX_LAYERS][16][LTE_MAX_PORTS * LTE_MAX_LAYERS];
    int ok[LTE_MAX_LAYERS][16], n_cb[LTE_MAX_LAYERS];
    for (int v = 1; v <= LTE_MAX_LAYERS; v++) {
        n_cb[v - 1] = 0;
        if (v > P || !((ranks >> (v - 1)) & 1))
            continue;
        n_cb[v - 1] = lte_codebook_size(P, v);
        for (int i = 0; i < n_cb[v - 1]; i++) {
            unsigned m = cfg->cb_mask[v - 1];
            ok[v - 1][i] = !(P == 2 && v == 2 && i == 0) && (m == 0 || ((m >> i) & 1));
            float complex wf[LTE_MAX_PORTS * LTE_MAX_LAYERS];
            if ((rc = lte_codebook(P, v, i, wf)) < 0)
                return rc;
            for (int e = 0; e < P * v; e++)
                W[v - 1][i][e] = wf[e];
        }
    }
    /* sums of C_e per (subband, v, index) */
    static const int acc_n = LTE_CSI_MAX_SUBBANDS * LTE_MAX_LAYERS * 16;
    double acc[LTE_CSI_MAX_SUBBANDS * LTE_MAX_LAYERS * 16];
    int sb_re[LTE_CSI_MAX_SUBBANDS];
    memset(acc, 0, sizeof(double) * (size_t)acc_n);
    memset(sb_re, 0, sizeof sb_re);
    const double inv_n0 = 1.0 / (double)n0;
    int n_re = 0;
    for (int prb = cfg->prb_start; prb < cfg->prb_start + n_prb; prb++) {
        int sb = k_sb ? prb / k_sb : 0;
        for (int l = ls / 2; l < cfg->n_symb; l += ls)
            for (int kk = ks / 2; kk < 12; kk += ks) {
                size_t e = (size_t)l * (size_t)n_sc + (size_t)(prb * 12 + kk);
                /* G = H^H H / n0 (P x P) */
                cd G[LTE_MAX_PORTS * LTE_MAX_PORTS];
                for (int p = 0; p < P; p++)
                    for (int q = p; q < P; q++) {
                        cd s = 0;
                        for (int r = 0; r < R; r++)
                            s += conj((cd)h[r * P + p][e]) * (cd)h[r * P + q][e];
                        G[p * P + q] = s * inv_n0;
                        G[q * P + p] = conj(s) * inv_n0;
                    }
                for (int v = 1; v <= P; v++)
                    for (int i = 0; i < n_cb[v - 1]; i++) {
                        if (!ok[v - 1][i])
                            continue;
                        const cd *w = W[v - 1][i];
                        cd GW[LTE_MAX_PORTS * LTE_MAX_LAYERS], M[LTE_MAX_LAYERS * LTE_MAX_LAYERS];
                        for (int p = 0; p < P; p++)
                            for (int b = 0; b < v; b++) {
                                cd s = 0;
                                for (int q = 0; q < P; q++)
                                    s += G[p * P + q] * w[q * v + b];
                                GW[p * v + b] = s;
                            }
                        for (int a = 0; a < v; a++)
                            for (int b = 0; b < v; b++) {
                                cd s = a == b ? 1.0 : 0.0;
                                for (int p = 0; p < P; p++)
                                    s += conj(w[p * v + a]) * GW[p * v + b];
                                M[a * v + b] = s;
                            }
                        acc[(sb * LTE_MAX_LAYERS + (v - 1)) * 16 + i] += log2det_hpd(M, v);
                    }
                sb_re[sb]++;
                n_re++;
            }
    }
    /* wideband: the sums over the subbands */
    memset(rep, 0, sizeof *rep);
    double best = -1;
    for (int v = 1; v <= P; v++)
        for (int i = 0; i < n_cb[v - 1]; i++) {
            if (!ok[v - 1][i])
                continue;
            double s = 0;
            for (int sb = 0; sb < n_sb; sb++)
                s += acc[(sb * LTE_MAX_LAYERS + (v - 1)) * 16 + i];
            if (best < 0 || s > best) {
                best = s;
                rep->ri = v;
                rep->codebook = i;
            }
        }
    rep->pmi = lte_csi_pmi_of(P, rep->ri, rep->codebook);
    rep->n_re = n_re;
    rep->capacity = n_re ? best / n_re : 0;
    rep->k = k_sb;
    rep->n_subbands = k_sb ? n_sb : 0;
    for (int sb = 0; sb < rep->n_subbands; sb++) {
        rep->sb_codebook[sb] = -1;
        if (!sb_re[sb])
            continue;
        double b = -1;
        for (int i = 0; i < n_cb[rep->ri - 1]; i++) {
            double s = acc[(sb * LTE_MAX_LAYERS + (rep->ri - 1)) * 16 + i];
            if (ok[rep->ri - 1][i] && (b < 0 || s > b)) {
                b = s;
                rep->sb_codebook[sb] = i;
            }
        }
    }
    return 0;
}
