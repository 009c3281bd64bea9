/* Tests of the wideband CQI (ltephy/csi.h, 36.213 §7.2.3):
 *  - Table 7.2.3-1 typed in here, and its structure: efficiency = Q_m x rate
 *    / 1024 to the table's 4 decimals, rates increasing within a modulation,
 *    efficiencies increasing;
 *  - the transport format of every CQI against a brute force written here:
 *    the PDSCH REs of the reference resource counted on a PRB pair with the
 *    CRS pattern of 36.211 §6.10.1.2 marked (symbols 0..2 control), the MCS
 *    table 7.1.7.1-1 typed in, the code block CRCs of 36.212 §5.1.2, every
 *    I_MCS of the CQI's modulation tried (closest rate, then smallest TBS);
 *  - the MI tables against the BICM mutual information integrated here by
 *    the trapezoidal rule on a fine grid (another quadrature, other code);
 *  - the selection on random channels (TM1 port 0, TM2 SFBC on 2 and 4
 *    ports, TM4 with the selected PMI, ranks 1 and 2): per-RE SINRs computed
 *    here (MMSE in the n_rx x n_rx form g_k^H (sum_{j != k} g_j g_j^H +
 *    n0 I)^-1 g_k), MIESM through the (separately tested) tables, the
 *    highest CQI whose threshold is met;
 *  - calibration (statistical, fixed seed): on AWGN, TM1, 50 PRB, perfect
 *    channel knowledge, at SNRs 0.3 dB above a threshold t_c and 0.3 dB
 *    below t_c+1 the CQI reported is c; the first-transmission BLER of CQI
 *    c's transport format simulated there (lte_linksim, 100 blocks) is at
 *    most 0.19 (0.1 plus 3 standard deviations of a 100-block estimate of
 *    0.1), and CQI c+1's format, 0.3 dB below its threshold, fails more than
 *    20 of the 100 blocks (its BLER is above 0.1 there); c = 3, 8, 12, and
 *    every c = 2..14 with LTEPHY_LONG=1;
 *  - link adaptation's MCS (linksim.h): for every CQI the largest I_MCS whose
 *    efficiency, (TBS + CRCs) / REs of the reference resource in the model
 *    above, does not exceed the CQI's; half way between two thresholds, half
 *    way between their efficiencies; the report used by a block;
 *  - argument errors.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/csi.h"
#include "ltephy/error.h"
#include "ltephy/layers.h"
#include "ltephy/linksim.h"
#include "ltephy/tables.h"
#include "tests/common/testutil.h"

typedef double complex cd;

/* 36.213 Table 7.2.3-1, typed in: CQI, modulation order, rate x 1024, efficiency */
static const struct {
    int q_m, rate;
    double eff;
} table[16] = {
    {0, 0, 0},        {2, 78, 0.1523},  {2, 120, 0.2344}, {2, 193, 0.3770}, {2, 308, 0.6016},
    {2, 449, 0.8770}, {2, 602, 1.1758}, {4, 378, 1.4766}, {4, 490, 1.9141}, {4, 616, 2.4063},
    {6, 466, 2.7305}, {6, 567, 3.3223}, {6, 666, 3.9023}, {6, 772, 4.5234}, {6, 873, 5.1152},
    {6, 948, 5.5547},
};

static void test_table(void **state)
{
    (void)state;
    double prev_eff = 0;
    int prev_rate = 0, prev_q = 0;
    for (int c = 1; c <= 15; c++) {
        lte_cqi_entry e;
        assert_int_equal(lte_cqi_entry_get(c, &e), 0);
        assert_int_equal(e.q_m, table[c].q_m);
        assert_int_equal(e.rate_x1024, table[c].rate);
        assert_true(fabs(e.efficiency - table[c].eff) < 1e-9);
        /* efficiency = Q_m x rate / 1024 to 4 decimals */
        double eff = e.q_m * e.rate_x1024 / 1024.0;
        assert_true(fabs(round(eff * 1e4) / 1e4 - e.efficiency) < 1e-9);
        assert_true(e.efficiency > prev_eff);
        if (e.q_m == prev_q)
            assert_true(e.rate_x1024 > prev_rate);
        else
            assert_true(e.q_m > prev_q);
        prev_eff = e.efficiency;
        prev_rate = e.rate_x1024;
        prev_q = e.q_m;
        /* thresholds non-decreasing (CQI 1 and 2 share I_MCS 0 on 50 PRB) */
        if (c > 1)
            assert_true(lte_cqi_threshold_db(c) >= lte_cqi_threshold_db(c - 1));
    }
    lte_cqi_entry e;
    assert_int_equal(lte_cqi_entry_get(0, &e), LTE_EINVAL);
    assert_int_equal(lte_cqi_entry_get(16, &e), LTE_EINVAL);
    assert_int_equal(lte_cqi_entry_get(1, NULL), LTE_EINVAL);
    assert_true(isnan(lte_cqi_threshold_db(0)));
    assert_true(isnan(lte_cqi_threshold_db(16)));
}

/* ---- transport format: brute force ---------------------------------------- */

/* PDSCH REs of one PRB pair of the reference resource: symbols 3.. of the
 * subframe minus the CRS REs of 36.211 §6.10.1.2 (v_shift 0: the count does
 * not depend on it). */
static int model_re_per_prb(int ports, int ext)
{
    int n_symb = ext ? 12 : 14, ns = n_symb / 2, used[14][12];
    memset(used, 0, sizeof used);
    for (int p = 0; p < ports; p++)
        for (int slot = 0; slot < 2; slot++) {
            int ls[2], nl = 0;
            if (p < 2) {
                ls[nl++] = 0;
                ls[nl++] = ns - 3;
            } else {
                ls[nl++] = 1;
            }
            for (int i = 0; i < nl; i++) {
                int l = ls[i], v;
                if (p == 0)
                    v = l == 0 ? 0 : 3;
                else if (p == 1)
                    v = l == 0 ? 3 : 0;
                else if (p == 2)
                    v = 3 * slot;
                else
                    v = 3 + 3 * slot;
                for (int m = 0; m < 2; m++)
                    used[slot * ns + l][6 * m + v % 6] = 1;
            }
        }
    int n = 0;
    for (int l = 3; l < n_symb; l++)
        for (int k = 0; k < 12; k++)
            n += !used[l][k];
    return n;
}

/* 36.213 Table 7.1.7.1-1 typed in: I_MCS -> (Q_m, I_TBS) */
static void model_mcs(int m, int *q_m, int *i_tbs)
{
    if (m <= 9) {
        *q_m = 2;
        *i_tbs = m;
    } else if (m <= 16) {
        *q_m = 4;
        *i_tbs = m - 1;
    } else {
        *q_m = 6;
        *i_tbs = m - 2;
    }
}

/* TBS + CRCs: B = TBS + 24; C = ceil(B / (6144 - 24)) blocks with 24 more each if B > 6144 */
static long model_bits(int tbs)
{
    long b = tbs + 24;
    if (b <= 6144)
        return b;
    long c = (b + 6120 - 1) / 6120;
    return b + 24 * c;
}

static void test_format_brute(void **state)
{
    (void)state;
    static const int ports[3] = {1, 2, 4};
    int checked = 0;
    for (int ext = 0; ext <= 1; ext++)
        for (int pi = 0; pi < 3; pi++) {
            int re_prb = model_re_per_prb(ports[pi], ext);
            for (int n_prb = 1; n_prb <= 110; n_prb++) {
                assert_int_equal(lte_cqi_ref_re(n_prb, ports[pi], ext), n_prb * re_prb);
                for (int v = 1; v <= 2; v++)
                    for (int c = 1; c <= 15; c++) {
                        double target = table[c].rate / 1024.0, best = 1e9, best_rate = 0;
                        int best_m = -1, best_tbs = 0;
                        for (int m = 0; m <= 28; m++) {
                            int q, it, tbs;
                            model_mcs(m, &q, &it);
                            if (q != table[c].q_m)
                                continue;
                            assert_int_equal(lte_tbs_layers(it, n_prb, v, &tbs), 0);
                            double rate = (double)model_bits(tbs) / (v * n_prb * re_prb * q);
                            double d = fabs(rate - target);
                            if (d < best - 1e-15 || (fabs(d - best) <= 1e-15 && tbs < best_tbs)) {
                                best = d;
                                best_m = m;
                                best_tbs = tbs;
                                best_rate = rate;
                            }
                        }
                        lte_cqi_format f;
                        assert_int_equal(lte_cqi_format_get(c, n_prb, ports[pi], ext, v, &f), 0);
                        assert_int_equal(f.i_mcs, best_m);
                        assert_int_equal(f.tbs, best_tbs);
                        assert_int_equal(f.q_m, table[c].q_m);
                        assert_int_equal(f.n_re, n_prb * re_prb);
                        assert_true(fabs(f.rate - best_rate) < 1e-12);
                        checked++;
                    }
            }
        }
    assert_int_equal(checked, 2 * 3 * 110 * 2 * 15);
    /* one spot check by hand: CQI 7 (16QAM, 378/1024) on 50 PRB, 1 port: 6300
     * REs; I_MCS 11 (I_TBS 10): TBS 8760, 2 blocks, (8760 + 24 + 48) / 25200 = 0.3505 */
    lte_cqi_format f;
    assert_int_equal(lte_cqi_format_get(7, 50, 1, 0, 1, &f), 0);
    assert_int_equal(f.i_mcs, 11);
    assert_int_equal(f.tbs, 8760);
    assert_true(fabs(f.rate - 8832.0 / 25200.0) < 1e-12);
    /* argument errors */
    assert_int_equal(lte_cqi_format_get(0, 50, 1, 0, 1, &f), LTE_EINVAL);
    assert_int_equal(lte_cqi_format_get(16, 50, 1, 0, 1, &f), LTE_EINVAL);
    assert_int_equal(lte_cqi_format_get(5, 0, 1, 0, 1, &f), LTE_EINVAL);
    assert_int_equal(lte_cqi_format_get(5, 111, 1, 0, 1, &f), LTE_EINVAL);
    assert_int_equal(lte_cqi_format_get(5, 50, 3, 0, 1, &f), LTE_EINVAL);
    assert_int_equal(lte_cqi_format_get(5, 50, 1, 2, 1, &f), LTE_EINVAL);
    assert_int_equal(lte_cqi_format_get(5, 50, 1, 0, 3, &f), LTE_EINVAL);
    assert_int_equal(lte_cqi_format_get(5, 50, 1, 0, 1, NULL), LTE_EINVAL);
}

/* ---- MI tables ------------------------------------------------------------- */

/* BICM MI per bit of Gray L-PAM (one dimension of unit-energy L^2-QAM) at
 * complex SINR g, by the trapezoidal rule over y on a fine grid. */
static double model_pam_mi(int L, double g)
{
    int nb = L == 2 ? 1 : L == 4 ? 2 : 3;
    double d = sqrt(3.0 / (2.0 * (L * L - 1))), s2 = 1.0 / (2.0 * g), s = sqrt(s2);
    double lo = -(L - 1) * d - 12 * s, hi = (L - 1) * d + 12 * s;
    int n = 20000;
    double h = (hi - lo) / n, loss = 0;
    for (int t = 0; t <= n; t++) {
        double y = lo + t * h, wt = (t == 0 || t == n) ? 0.5 : 1.0;
        double p[8];
        for (int j = 0; j < L; j++) {
            double e = y - (2 * j - L + 1) * d;
            p[j] = exp(-e * e / (2 * s2)) / sqrt(2 * M_PI * s2);
        }
        for (int i = 0; i < L; i++) {
            if (p[i] < 1e-300)
                continue;
            int gi = i ^ (i >> 1);
            double all = 0;
            for (int j = 0; j < L; j++)
                all += p[j];
            for (int b = 0; b < nb; b++) {
                double same = 0;
                for (int j = 0; j < L; j++)
                    if ((((j ^ (j >> 1)) ^ gi) >> b & 1) == 0)
                        same += p[j];
                loss += wt * h * p[i] * log2(all / same);
            }
        }
    }
    return 1.0 - loss / (L * nb);
}

static lte_csi_mi mi_tab;

static void test_mi(void **state)
{
    (void)state;
    assert_int_equal(lte_csi_mi_init(&mi_tab), 0);
    static const double db[] = {-15, -5, 0, 3, 7, 10, 15, 20};
    for (int q = 2; q <= 6; q += 2)
        for (size_t i = 0; i < sizeof db / sizeof db[0]; i++) {
            double g = pow(10.0, db[i] / 10), want = model_pam_mi(1 << (q / 2), g);
            double got = lte_csi_mi_of(&mi_tab, q, g);
            if (fabs(got - want) > 2e-6)
                fail_msg("Q_m %d, %g dB: MI %.8f, model %.8f", q, db[i], got, want);
            /* the inverse returns the grid point */
            if (want < 0.999)
                assert_true(fabs(lte_csi_mi_inv_db(&mi_tab, q, got) - db[i]) < 1e-6);
        }
    /* monotone, and ordered in Q_m at a given SINR */
    for (int q = 0; q < 3; q++)
        for (int i = 1; i < LTE_CSI_MI_N; i++)
            assert_true(mi_tab.mi[q][i] >= mi_tab.mi[q][i - 1]);
    for (int i = 0; i < LTE_CSI_MI_N; i++)
        assert_true(mi_tab.mi[0][i] >= mi_tab.mi[1][i] && mi_tab.mi[1][i] >= mi_tab.mi[2][i]);
    assert_true(isnan(lte_csi_mi_of(&mi_tab, 3, 1.0)));
    assert_true(isnan(lte_csi_mi_of(NULL, 2, 1.0)));
    assert_int_equal(lte_csi_mi_init(NULL), LTE_EINVAL);
}

/* ---- selection on random channels ------------------------------------------ */

/* Model of the report: per-RE SINRs, MIESM, thresholds. */
static void model_cqi(const lte_csi_cfg *c, float complex *const *h, double n0, int ri, int cb,
                      int *n_cw, int cqi[2], double eff_db[2])
{
    const int P = c->n_ports, R = c->n_rx, n_sc = 12 * c->n_rb;
    float complex wf[16];
    if (c->cqi == LTE_CSI_CQI_SM)
        assert_int_equal(lte_codebook(P, ri, cb, wf), 0);
    int v = c->cqi == LTE_CSI_CQI_SM ? ri : 1;
    *n_cw = v > 1 ? 2 : 1;
    double sum[2][3] = {{0}};
    int cnt[2] = {0, 0};
    for (int prb = 0; prb < c->n_rb; prb++)
        for (int l = 3; l < 14; l += 7)
            for (int k = 3; k < 12; k += 6) {
                int e = l * n_sc + prb * 12 + k;
                double s[8];
                int cw[8], ns = 0;
                if (c->cqi == LTE_CSI_CQI_PORT0) {
                    double g = 0;
                    for (int r = 0; r < R; r++)
                        g += pow(cabs(h[r * P][e]), 2);
                    cw[ns] = 0;
                    s[ns++] = g / n0;
                } else if (c->cqi == LTE_CSI_CQI_TXD) {
                    int pairs[2][2] = {{0, 1}, {0, 0}};
                    int np = 1;
                    if (P == 4) {
                        pairs[0][1] = 2;
                        pairs[1][0] = 1;
                        pairs[1][1] = 3;
                        np = 2;
                    }
                    for (int i = 0; i < np; i++) {
                        double g = 0;
                        for (int r = 0; r < R; r++)
                            g += pow(cabs(h[r * P + pairs[i][0]][e]), 2) +
                                 pow(cabs(h[r * P + pairs[i][1]][e]), 2);
                        cw[ns] = 0;
                        s[ns++] = g / (2 * n0);
                    }
                } else {
                    cd G[8][4];
                    for (int r = 0; r < R; r++)
                        for (int b = 0; b < v; b++) {
                            G[r][b] = 0;
                            for (int p = 0; p < P; p++)
                                G[r][b] += (cd)h[r * P + p][e] * (cd)wf[p * v + b];
                        }
                    for (int kk = 0; kk < v; kk++) {
                        cd A[64], x[8];
                        for (int i = 0; i < R; i++) {
                            x[i] = G[i][kk];
                            for (int j = 0; j < R; j++) {
                                cd a = i == j ? n0 : 0;
                                for (int b = 0; b < v; b++)
                                    if (b != kk)
                                        a += G[i][b] * conj(G[j][b]);
                                A[i * R + j] = a;
                            }
                        }
                        tu_csolve(A, x, R);
                        cd q = 0;
                        for (int i = 0; i < R; i++)
                            q += conj(G[i][kk]) * x[i];
                        cw[ns] = v == 1 ? 0 : v == 2 ? kk : v == 3 ? (kk > 0) : (kk > 1);
                        s[ns++] = creal(q);
                    }
                }
                for (int i = 0; i < ns; i++) {
                    for (int m = 0; m < 3; m++)
                        sum[cw[i]][m] += lte_csi_mi_of(&mi_tab, 2 + 2 * m, s[i]);
                    cnt[cw[i]]++;
                }
            }
    for (int q = 0; q < *n_cw; q++) {
        int best = 0;
        for (int cc = 1; cc <= 15; cc++) {
            int qm = table[cc].q_m;
            double e = lte_csi_mi_inv_db(&mi_tab, qm, sum[q][qm / 2 - 1] / cnt[q]);
            if (e >= lte_cqi_threshold_db(cc))
                best = cc;
        }
        cqi[q] = best;
        int qm = best ? table[best].q_m : 2;
        eff_db[q] = lte_csi_mi_inv_db(&mi_tab, qm, sum[q][qm / 2 - 1] / cnt[q]);
    }
}

static void test_select(void **state)
{
    (void)state;
    lte_csi_mi_init(&mi_tab);
    tu_rng rng;
    tu_rng_seed(&rng, 77);
    static const struct {
        int scheme, P, R, ranks;
    } cases[] = {
        {LTE_CSI_CQI_PORT0, 1, 1, 1}, {LTE_CSI_CQI_PORT0, 1, 2, 1}, {LTE_CSI_CQI_PORT0, 2, 2, 1},
        {LTE_CSI_CQI_TXD, 2, 1, 1},   {LTE_CSI_CQI_TXD, 2, 2, 1},   {LTE_CSI_CQI_TXD, 4, 2, 1},
        {LTE_CSI_CQI_SM, 2, 2, 1},    {LTE_CSI_CQI_SM, 2, 2, 2},    {LTE_CSI_CQI_SM, 2, 2, 3},
        {LTE_CSI_CQI_SM, 4, 4, 0xf},  {LTE_CSI_CQI_SM, 4, 2, 2},
    };
    int seen[16] = {0};
    for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++)
        for (int trial = 0; trial < 12; trial++) {
            lte_csi_cfg c;
            lte_csi_cfg_init(&c);
            c.n_ports = cases[ci].P;
            c.n_rx = cases[ci].R;
            c.n_rb = 6;
            c.rank_mask = (unsigned)cases[ci].ranks;
            c.cqi = cases[ci].scheme;
            c.mi = &mi_tab;
            int pairs = c.n_ports * c.n_rx, n = 14 * 72;
            float complex *h[32];
            /* a few taps: frequency-selective, a different gain per trial */
            double snr_db = -8 + 2.5 * trial;
            for (int i = 0; i < pairs; i++) {
                h[i] = malloc(sizeof(float complex) * (size_t)n);
                cd g[3];
                for (int t = 0; t < 3; t++)
                    g[t] = (tu_gauss(&rng) + I * tu_gauss(&rng)) * sqrt(1.0 / 6);
                for (int e = 0; e < n; e++) {
                    int k = e % 72;
                    cd x = 0;
                    for (int t = 0; t < 3; t++)
                        x += g[t] * cexp(-2 * M_PI * I * k * t * 0.37 / 72 * 6);
                    h[i][e] = (float complex)x;
                }
            }
            double n0 = pow(10.0, -snr_db / 10);
            lte_csi_report rep;
            assert_int_equal(
                lte_csi_select(&c, (const float complex *const *)h, (float)n0, &rep), 0);
            int n_cw, cqi[2];
            double eff[2];
            model_cqi(&c, h, (double)(float)n0, rep.ri, rep.codebook, &n_cw, cqi, eff);
            assert_int_equal(rep.n_cw, n_cw);
            for (int q = 0; q < n_cw; q++) {
                if (rep.cqi[q] != cqi[q] || fabs(rep.sinr_eff_db[q] - eff[q]) > 1e-6)
                    fail_msg("case %zu trial %d cw %d: CQI %d (%.6f dB), model %d (%.6f dB)", ci,
                             trial, q, rep.cqi[q], rep.sinr_eff_db[q], cqi[q], eff[q]);
                seen[cqi[q]] = 1;
            }
            if (c.cqi != LTE_CSI_CQI_SM)
                assert_int_equal(rep.ri, 1);
            for (int i = 0; i < pairs; i++)
                free(h[i]);
        }
    /* the cases span the table */
    int n_seen = 0;
    for (int i = 0; i < 16; i++)
        n_seen += seen[i];
    assert_true(n_seen >= 10);
}

/* ---- calibration (statistical) --------------------------------------------- */

/* First-transmission block errors of CQI c's format on AWGN at snr_db. */
static int format_errors(int c, double snr_db, int n)
{
    lte_cqi_format f;
    assert_int_equal(lte_cqi_format_get(c, 50, 1, 0, 1, &f), 0);
    lte_linksim_cfg cfg;
    lte_linksim_cfg_init(&cfg);
    cfg.cell.n_rb = 50;
    cfg.cell.cfi = 3;           /* reference resource: 3 control symbols */
    cfg.sf_skip = 1u | 1u << 5; /* no PBCH, PSS, SSS */
    cfg.mcs = f.i_mcs;
    cfg.harq_max = 1;
    cfg.seed = 11;
    lte_linksim *ls;
    assert_int_equal(lte_linksim_create(&cfg, &ls), 0);
    int err = 0;
    for (int i = 0; i < n; i++) {
        lte_linksim_result r;
        assert_int_equal(lte_linksim_run_tb(ls, snr_db, i, &r), 0);
        err += r.acked_at[0] != 0;
    }
    lte_linksim_destroy(ls);
    return err;
}

/* The CQI of a flat unit channel (AWGN, 1 port, 1 antenna) at snr_db. */
static int awgn_cqi(double snr_db)
{
    int n = 14 * 600;
    float complex *h = malloc(sizeof(float complex) * (size_t)n);
    for (int e = 0; e < n; e++)
        h[e] = 1;
    lte_csi_cfg c;
    lte_csi_cfg_init(&c);
    c.n_ports = 1;
    c.rank_mask = 1;
    c.cqi = LTE_CSI_CQI_PORT0;
    c.mi = &mi_tab;
    lte_csi_report rep;
    float n0 = (float)pow(10, -snr_db / 10);
    assert_int_equal(lte_csi_select(&c, (const float complex *const *)&h, n0, &rep), 0);
    free(h);
    return rep.cqi[0];
}

static void test_calibration(void **state)
{
    (void)state;
    lte_csi_mi_init(&mi_tab);
    const int n = 100;
    static const int cs[] = {3, 8, 12};
    int long_run = tu_long();
    /* CQI 1 shares CQI 2's format and threshold: pairs from c = 2 */
    for (int i = 0; i < (long_run ? 13 : 3); i++) {
        int c = long_run ? i + 2 : cs[i];
        double lo = lte_cqi_threshold_db(c) + 0.3, hi = lte_cqi_threshold_db(c + 1) - 0.3;
        assert_int_equal(awgn_cqi(lo), c);
        assert_int_equal(awgn_cqi(hi), c);
        int e_lo = format_errors(c, lo, n), e_next = format_errors(c + 1, hi, n);
        printf("CQI %2d: BLER of its format at t_c + 0.3 dB (%.2f dB) %d/%d; CQI %d's at "
               "t_c+1 - 0.3 dB (%.2f dB) %d/%d\n", c, lo, e_lo, n, c + 1, hi, e_next, n);
        assert_true(e_lo <= 19);
        assert_true(e_next > 20);
    }
}

/* ---- link adaptation's MCS (linksim.h) ------------------------------------- */

static void test_la_mcs(void **state)
{
    (void)state;
    lte_linksim_cfg cfg;
    lte_linksim_cfg_init(&cfg);
    cfg.cqi_feedback = 1;
    lte_linksim *ls;
    assert_int_equal(lte_linksim_create(&cfg, &ls), 0);
    /* model: efficiency of I_MCS m on 50 PRB, 1 port = (TBS + CRCs) / REs */
    const int re = 50 * model_re_per_prb(1, 0);
    double eff_m[29];
    for (int m = 0; m <= 28; m++) {
        int q, it, tbs;
        model_mcs(m, &q, &it);
        assert_int_equal(lte_tbs_layers(it, 50, 1, &tbs), 0);
        eff_m[m] = (double)model_bits(tbs) / re;
    }
    for (int c = 0; c <= 15; c++) {
        int cc = c ? c : 1;
        double eff = table[cc].q_m * table[cc].rate / 1024.0;
        int want = 0;
        for (int m = 0; m <= 28; m++)
            if (eff_m[m] <= eff)
                want = m;
        assert_int_equal(lte_linksim_la_mcs(ls, c, 0.0, 1), want);
    }
    /* half way to the next threshold: half way in efficiency */
    for (int c = 1; c < 15; c++) {
        double t0 = lte_cqi_threshold_db(c), t1 = lte_cqi_threshold_db(c + 1);
        if (t1 <= t0)
            continue;
        double e0 = table[c].q_m * table[c].rate / 1024.0;
        double e1 = table[c + 1].q_m * table[c + 1].rate / 1024.0, eff = (e0 + e1) / 2;
        int want = 0;
        for (int m = 0; m <= 28; m++)
            if (eff_m[m] <= eff)
                want = m;
        assert_int_equal(lte_linksim_la_mcs(ls, c, (t1 - t0) / 2, 1), want);
    }
    assert_int_equal(lte_linksim_la_mcs(ls, 5, 30.0, 1), 28);
    assert_int_equal(lte_linksim_la_mcs(ls, 5, -30.0, 1), 0);
    assert_int_equal(lte_linksim_la_mcs(ls, 16, 0.0, 1), LTE_EINVAL);
    assert_int_equal(lte_linksim_la_mcs(ls, 5, 0.0, 3), LTE_EINVAL);
    assert_int_equal(lte_linksim_la_mcs(ls, 5, 31.0, 1), LTE_EINVAL);
    lte_linksim_result r;
    assert_int_equal(lte_linksim_run_tb_olla(ls, 10.0, 0, NAN, &r), LTE_EINVAL);
    /* the first blocks (no report yet) use CQI 1, later ones the report */
    assert_int_equal(lte_linksim_run_tb_olla(ls, 10.0, 0, 0.0, &r), 0);
    assert_int_equal(r.cqi[0], 1);
    assert_int_equal(r.mcs[0], lte_linksim_la_mcs(ls, 1, 0.0, 1));
    assert_int_equal(lte_linksim_run_tb_olla(ls, 10.0, 20, 0.0, &r), 0);
    assert_int_equal(r.cqi[0], awgn_cqi(10.0));
    assert_int_equal(r.mcs[0], lte_linksim_la_mcs(ls, r.cqi[0], 0.0, 1));
    lte_linksim_destroy(ls);
    /* a simulator without the loop has no tables */
    lte_linksim_cfg_init(&cfg);
    assert_int_equal(lte_linksim_create(&cfg, &ls), 0);
    assert_int_equal(lte_linksim_la_mcs(ls, 5, 0.0, 1), LTE_EINVAL);
    assert_int_equal(lte_linksim_run_tb(ls, 30.0, 0, &r), 0);
    assert_int_equal(r.cqi[0], 0);
    assert_int_equal(r.mcs[0], 13);
    lte_linksim_destroy(ls);
    /* configurations the loop refuses */
    static const struct {
        int tm, pmi, delay, tbs, pusch;
    } bad[] = {{3, 0, 8, 0, 0}, {4, 0, 8, 0, 0}, {1, 0, 3, 0, 0}, {1, 0, 1001, 0, 0},
               {1, 0, 8, 1000, 0}, {1, 0, 8, 0, 1}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lte_linksim_cfg_init(&cfg);
        cfg.cqi_feedback = 1;
        cfg.tm = bad[i].tm;
        cfg.cell.n_ports = bad[i].tm > 1 ? 2 : 1;
        cfg.pmi_feedback = bad[i].pmi;
        cfg.cqi_delay = bad[i].delay;
        cfg.tbs = bad[i].tbs;
        cfg.q_m = bad[i].tbs ? 2 : 0;
        cfg.link = bad[i].pusch ? LTE_LINKSIM_PUSCH : LTE_LINKSIM_PDSCH;
        assert_int_equal(lte_linksim_create(&cfg, &ls), LTE_EINVAL);
    }
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_csi_mi_init(&mi_tab);
    float complex g[14 * 72], *h[1] = {g};
    for (int e = 0; e < 14 * 72; e++)
        g[e] = 1;
    lte_csi_cfg c;
    lte_csi_report rep;
    lte_csi_cfg_init(&c);
    c.n_ports = 1;
    c.n_rb = 6;
    /* one port needs the port-0 CQI; a CQI needs the tables */
    assert_int_equal(lte_csi_select(&c, (const float complex *const *)h, 0.1f, &rep), LTE_EINVAL);
    c.cqi = LTE_CSI_CQI_PORT0;
    assert_int_equal(lte_csi_select(&c, (const float complex *const *)h, 0.1f, &rep), LTE_EINVAL);
    c.mi = &mi_tab;
    assert_int_equal(lte_csi_select(&c, (const float complex *const *)h, 0.1f, &rep), 0);
    assert_int_equal(rep.n_cw, 1);
    assert_int_equal(rep.ri, 1);
    c.cqi = LTE_CSI_CQI_TXD;
    assert_int_equal(lte_csi_select(&c, (const float complex *const *)h, 0.1f, &rep), LTE_EINVAL);
    c.cqi = LTE_CSI_CQI_SM;
    assert_int_equal(lte_csi_select(&c, (const float complex *const *)h, 0.1f, &rep), LTE_EINVAL);
    c.cqi = 4;
    assert_int_equal(lte_csi_select(&c, (const float complex *const *)h, 0.1f, &rep), LTE_EINVAL);
    c.cqi = LTE_CSI_CQI_PORT0;
    c.rank_mask = 2;
    assert_int_equal(lte_csi_select(&c, (const float complex *const *)h, 0.1f, &rep), LTE_EINVAL);
    assert_int_equal(lte_cqi_ref_re(0, 1, 0), LTE_EINVAL);
    assert_true(isnan(lte_cqi_rate(100, 0, 1, 0, 1, 2)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),       cmocka_unit_test(test_format_brute),
        cmocka_unit_test(test_mi),          cmocka_unit_test(test_select),
        cmocka_unit_test(test_calibration), cmocka_unit_test(test_la_mcs),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
