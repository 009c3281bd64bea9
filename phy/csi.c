/* UE-side RI / PMI selection for TM4 (36.213 §7.2.4), see ltephy/csi.h.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/csi.h"
#include "ltephy/layers.h"
#include "ltephy/tables.h"

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

/* 36.213 Table 7.2.1-5 (UE-selected subbands: subband size k and number of
 * subbands M vs. system bandwidth): 6-7: NA; 8-10: 2, 1; 11-26: 2, 3;
 * 27-63: 3, 5; 64-110: 4, 6. */
int lte_csi_ue_subbands(int n_rb, int *k, int *m)
{
    LTE_CHECK_ARG(k != NULL && m != NULL, "k or m is NULL");
    LTE_CHECK_ARG(n_rb >= 6 && n_rb <= 110, "n_rb = %d: must be 6..110", n_rb);
    static const int row[5][3] = {{7, 0, 0}, {10, 2, 1}, {26, 2, 3}, {63, 3, 5}, {110, 4, 6}};
    int i = 0;
    while (n_rb > row[i][0])
        i++;
    *k = row[i][1];
    *m = row[i][2];
    return 0;
}

/* 36.213 Table 7.2.1-2 (subband differential CQI value -> offset level):
 * 0: 0, 1: 1, 2: >= 2, 3: <= -1. */
int lte_cqi_hl_diff(int sb, int wb)
{
    LTE_CHECK_ARG(sb >= 0 && sb <= LTE_CQI_MAX && wb >= 0 && wb <= LTE_CQI_MAX,
                  "sb = %d, wb = %d: must be 0..%d", sb, wb, LTE_CQI_MAX);
    int off = sb - wb;
    return off >= 2 ? 2 : off <= -1 ? 3 : off;
}

/* The CQIs lo..hi within 0..15 whose offset level to wb is in [off_lo, off_hi]. */
static int diff_range(int wb, int off_lo, int off_hi, int *lo, int *hi)
{
    int a = LTE_MAX(wb + off_lo, 0), b = LTE_MIN(wb + off_hi, LTE_CQI_MAX);
    LTE_CHECK(a <= b, LTE_EINVAL, "no CQI 0..%d has an offset %d..%d to wideband CQI %d",
              LTE_CQI_MAX, off_lo, off_hi, wb);
    *lo = a;
    *hi = b;
    return 0;
}

int lte_cqi_hl_diff_range(int wb, int diff, int *lo, int *hi)
{
    LTE_CHECK_ARG(lo != NULL && hi != NULL, "lo or hi is NULL");
    LTE_CHECK_ARG(wb >= 0 && wb <= LTE_CQI_MAX, "wb = %d: must be 0..%d", wb, LTE_CQI_MAX);
    LTE_CHECK_ARG(diff >= 0 && diff <= 3, "diff = %d: must be 0..3", diff);
    static const int off[4][2] = {{0, 0}, {1, 1}, {2, LTE_CQI_MAX}, {-LTE_CQI_MAX, -1}};
    return diff_range(wb, off[diff][0], off[diff][1], lo, hi);
}

/* 36.213 Table 7.2.1-4 (UE-selected: differential CQI value -> offset
 * level): 0: <= 1, 1: 2, 2: 3, 3: >= 4. */
int lte_cqi_ue_diff(int cm, int wb)
{
    LTE_CHECK_ARG(cm >= 0 && cm <= LTE_CQI_MAX && wb >= 0 && wb <= LTE_CQI_MAX,
                  "cm = %d, wb = %d: must be 0..%d", cm, wb, LTE_CQI_MAX);
    int off = cm - wb;
    return off <= 1 ? 0 : off >= 4 ? 3 : off - 1;
}

int lte_cqi_ue_diff_range(int wb, int diff, int *lo, int *hi)
{
    LTE_CHECK_ARG(lo != NULL && hi != NULL, "lo or hi is NULL");
    LTE_CHECK_ARG(wb >= 0 && wb <= LTE_CQI_MAX, "wb = %d: must be 0..%d", wb, LTE_CQI_MAX);
    LTE_CHECK_ARG(diff >= 0 && diff <= 3, "diff = %d: must be 0..3", diff);
    static const int off[4][2] = {{-LTE_CQI_MAX, 1}, {2, 2}, {3, 3}, {4, LTE_CQI_MAX}};
    return diff_range(wb, off[diff][0], off[diff][1], lo, hi);
}

/* <x, y>: the extended binomial coefficient of §7.2.1 (0 for x < y); x <= 28
 * here, so the products stay below 2^63. */
static long ext_binom(int x, int y)
{
    if (y < 0 || x < y)
        return 0;
    long c = 1;
    for (int i = 1; i <= y; i++)
        c = c * (x - y + i) / i; /* exact: c is C(x - y + i, i) after each step */
    return c;
}

static int check_nm(int n, int m)
{
    LTE_CHECK_ARG(n >= 1 && n <= LTE_CSI_MAX_SUBBANDS, "n = %d: must be 1..%d", n,
                  LTE_CSI_MAX_SUBBANDS);
    LTE_CHECK_ARG(m >= 1 && m <= n, "m = %d: must be 1..n = %d", m, n);
    return 0;
}

int lte_csi_comb_index(int n, int m, const int *sel)
{
    int rc = check_nm(n, m);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(sel != NULL, "sel is NULL");
    long r = 0;
    for (int i = 0; i < m; i++) {
        LTE_CHECK_ARG(sel[i] >= 0 && sel[i] < n && (i == 0 || sel[i] > sel[i - 1]),
                      "sel[%d] = %d: must be increasing in 0..%d", i, sel[i], n - 1);
        r += ext_binom(n - (sel[i] + 1), m - i); /* s_i = sel[i] + 1 */
    }
    return (int)r;
}

int lte_csi_comb_decode(int n, int m, int r, int *sel)
{
    int rc = check_nm(n, m);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(sel != NULL, "sel is NULL");
    LTE_CHECK_ARG(r >= 0 && r < ext_binom(n, m), "r = %d: must be 0..%ld", r,
                  ext_binom(n, m) - 1);
    /* s_i is the smallest s > s_{i-1} with <N - s, M - i> <= the rest of r:
     * the terms decrease strictly with i, so the greedy choice is the only one */
    long rest = r;
    int s = 0; /* s_{i-1}, 1-based */
    for (int i = 0; i < m; i++) {
        s++;
        while (ext_binom(n - s, m - i) > rest)
            s++;
        rest -= ext_binom(n - s, m - i);
        sel[i] = s - 1;
    }
    return 0;
}

int lte_csi_comb_bits(int n, int m)
{
    int rc = check_nm(n, m);
    if (rc < 0)
        return rc;
    long c = ext_binom(n, m);
    int l = 0;
    while ((1L << l) < c)
        l++;
    return l;
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
    LTE_CHECK_ARG(c->cqi >= LTE_CSI_CQI_NONE && c->cqi <= LTE_CSI_CQI_SM,
                  "cqi = %d is not a lte_csi_cqi_scheme", c->cqi);
    LTE_CHECK_ARG(c->cqi == LTE_CSI_CQI_NONE || c->mi != NULL, "cqi needs the MI tables (mi)");
    LTE_CHECK_ARG(c->n_ports == 2 || c->n_ports == 4 ||
                      (c->n_ports == 1 && c->cqi == LTE_CSI_CQI_PORT0),
                  "n_ports = %d: must be 2 or 4 (or 1 for the port-0 CQI)", c->n_ports);
    LTE_CHECK_ARG(c->n_rx >= 1 && c->n_rx <= LTE_CSI_MAX_RX, "n_rx = %d: must be 1..%d", c->n_rx,
                  LTE_CSI_MAX_RX);
    LTE_CHECK_ARG(c->n_rb >= 6 && c->n_rb <= 110, "n_rb = %d: must be 6..110", c->n_rb);
    LTE_CHECK_ARG(c->n_symb >= 1 && c->n_symb <= 14, "n_symb = %d: must be 1..14", c->n_symb);
    LTE_CHECK_ARG(c->prb_start >= 0 && c->n_prb >= 0 &&
                      c->prb_start + LTE_MAX(c->n_prb, 1) <= c->n_rb,
                  "PRBs %d..%d outside the %d PRBs", c->prb_start,
                  c->prb_start + LTE_MAX(c->n_prb, 1) - 1, c->n_rb);
    LTE_CHECK_ARG(c->n_ports > 1 || c->rank_mask <= 1u, "rank_mask = %#x: one port has rank 1",
                  c->rank_mask);
    LTE_CHECK_ARG(c->n_ports == 1 || c->rank_mask < (1u << c->n_ports),
                  "rank_mask = %#x: ranks above %d ports", c->rank_mask, c->n_ports);
    LTE_CHECK_ARG(c->k_step >= 0 && c->k_step <= 12, "k_step = %d: must be 0..12", c->k_step);
    LTE_CHECK_ARG(c->l_step >= 0 && c->l_step <= c->n_symb, "l_step = %d: must be 0..%d",
                  c->l_step, c->n_symb);
    LTE_CHECK_ARG(c->subband == 0 || c->subband == 1, "subband = %d: must be 0 or 1", c->subband);
    LTE_CHECK_ARG(c->sb_cqi >= 0 && c->sb_cqi <= (LTE_CSI_SB_HL | LTE_CSI_SB_UE),
                  "sb_cqi = %d: must be a combination of LTE_CSI_SB_HL and LTE_CSI_SB_UE",
                  c->sb_cqi);
    LTE_CHECK_ARG(c->sb_cqi == 0 || c->cqi != LTE_CSI_CQI_NONE, "sb_cqi needs a CQI scheme (cqi)");
    if (c->sb_cqi & LTE_CSI_SB_UE) {
        int k, m;
        lte_csi_ue_subbands(c->n_rb, &k, &m);
        if (k) {
            int first = c->prb_start;
            int last = first + (c->n_prb ? c->n_prb : c->n_rb - first) - 1;
            LTE_CHECK_ARG(last / k - first / k + 1 >= m,
                          "PRBs %d..%d touch %d subbands of %d PRBs: fewer than M = %d", first,
                          last, last / k - first / k + 1, k, m);
        }
    }
    unsigned ranks = c->rank_mask ? c->rank_mask : 1u;
    for (int v = 1; v <= c->n_ports && c->n_ports > 1; v++) {
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

/* ---- CQI (36.213 §7.2.3) -------------------------------------------------- */

/* 36.213 Table 7.2.3-1 (4-bit CQI table): modulation order, code rate x
 * 1024, efficiency; row 0 is "out of range". */
static const lte_cqi_entry cqi_tab[LTE_CQI_MAX + 1] = {
    {0, 0, 0.0},       {2, 78, 0.1523},   {2, 120, 0.2344}, {2, 193, 0.3770},
    {2, 308, 0.6016},  {2, 449, 0.8770},  {2, 602, 1.1758}, {4, 378, 1.4766},
    {4, 490, 1.9141},  {4, 616, 2.4063},  {6, 466, 2.7305}, {6, 567, 3.3223},
    {6, 666, 3.9023},  {6, 772, 4.5234},  {6, 873, 5.1152}, {6, 948, 5.5547},
};

/* Thresholds t_c (dB): the SNR at which the transport format of CQI c
 * (lte_cqi_format_get on 50 PRBs, 1 port, normal CP, 1 layer) reaches a
 * first-transmission BLER of 0.1 on AWGN with this library's receiver and
 * perfect channel knowledge; measured with (docs/sim.md, "CQI and link
 * adaptation", which lists A for every C)
 *   ltephy sim --mode link --link pdsch --bw 10 --cqi-format C --chest perfect
 *     --harq 1 --snr A:0.1:A+0.8 --subframes 1000 --seed 1 --threads 2
 * for C = 1..15 (the CQI's format in a cell with CFI 3, subframes 0 and 5
 * not scheduled, i.e. exactly the reference resource; A from a coarse pass
 * with 0.25 dB steps and 200 subframes), the BLER interpolated linearly in
 * log10(BLER) between the two points around 0.1. */
static const double cqi_thr_db[LTE_CQI_MAX + 1] = {
    NAN, -5.94, -5.94, -3.91, -1.84, -0.09, 1.89, 3.86,
    5.72, 8.19, 9.56, 12.20, 14.37, 15.66, 17.39, 21.85,
};

int lte_cqi_entry_get(int cqi, lte_cqi_entry *e)
{
    LTE_CHECK_ARG(e != NULL, "e is NULL");
    LTE_CHECK_ARG(cqi >= 1 && cqi <= LTE_CQI_MAX, "cqi = %d: must be 1..%d (0 is out of range)",
                  cqi, LTE_CQI_MAX);
    *e = cqi_tab[cqi];
    return 0;
}

double lte_cqi_threshold_db(int cqi)
{
    return cqi >= 1 && cqi <= LTE_CQI_MAX ? cqi_thr_db[cqi] : NAN;
}

int lte_cqi_ref_re(int n_prb, int n_ports, int cp_extended)
{
    LTE_CHECK_ARG(n_prb >= 1 && n_prb <= 110, "n_prb = %d: must be 1..110", n_prb);
    LTE_CHECK_ARG(n_ports == 1 || n_ports == 2 || n_ports == 4, "n_ports = %d: must be 1, 2 or 4",
                  n_ports);
    LTE_CHECK_ARG(cp_extended == 0 || cp_extended == 1, "cp_extended = %d: must be 0 or 1",
                  cp_extended);
    /* symbols 3.. of the subframe; CRS of ports 0/1 in 3 of them (normal CP:
     * 4, 7, 11; extended: 3, 6, 9), 2 REs per port and PRB; ports 2/3 in
     * one (8; extended 7) (36.211 §6.10.1.2) */
    int n_symb = cp_extended ? 12 : 14;
    int crs = 3 * 2 * LTE_MIN(n_ports, 2) + (n_ports == 4 ? 4 : 0);
    return n_prb * ((n_symb - 3) * 12 - crs);
}

/* TBS + the CRC bits of the transport block and its code blocks (36.212
 * §5.1.1, §5.1.2). */
static int with_crc(int tbs)
{
    int b = tbs + 24;
    return b > 6144 ? b + 24 * ((b + 6119) / 6120) : b;
}

double lte_cqi_rate(int tbs, int n_prb, int n_ports, int cp_extended, int n_layers, int q_m)
{
    int n_re = lte_cqi_ref_re(n_prb, n_ports, cp_extended);
    if (n_re <= 0 || tbs <= 0 || n_layers < 1 || q_m < 1)
        return NAN;
    return (double)with_crc(tbs) / ((double)n_layers * n_re * q_m);
}

int lte_cqi_format_get(int cqi, int n_prb, int n_ports, int cp_extended, int n_layers,
                       lte_cqi_format *f)
{
    LTE_CHECK_ARG(f != NULL, "f is NULL");
    LTE_CHECK_ARG(cqi >= 1 && cqi <= LTE_CQI_MAX, "cqi = %d: must be 1..%d", cqi, LTE_CQI_MAX);
    LTE_CHECK_ARG(n_layers == 1 || n_layers == 2, "n_layers = %d: must be 1 or 2", n_layers);
    int n_re = lte_cqi_ref_re(n_prb, n_ports, cp_extended);
    if (n_re < 0)
        return n_re;
    const lte_cqi_entry *e = &cqi_tab[cqi];
    const double target = e->rate_x1024 / 1024.0;
    double best = INFINITY;
    memset(f, 0, sizeof *f);
    for (int m = 0; m <= 28; m++) {
        int q_m, i_tbs, tbs, rc;
        if ((rc = lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, m, &q_m, &i_tbs)) < 0 ||
            (rc = lte_tbs_layers(i_tbs, n_prb, n_layers, &tbs)) < 0)
            return rc;
        if (q_m != e->q_m)
            continue;
        double rate = (double)with_crc(tbs) / ((double)n_layers * n_re * q_m);
        double d = fabs(rate - target);
        if (d < best || (d == best && tbs < f->tbs)) {
            best = d;
            *f = (lte_cqi_format){q_m, m, i_tbs, tbs, n_re, rate};
        }
    }
    return 0;
}

/* ---- MIESM: BICM mutual information of Gray QAM ---------------------------- */

#define GH_N 96

/* Gauss-Hermite nodes and weights (weight e^{-x^2}) by Newton iteration on
 * the orthonormal Hermite recurrence (Numerical Recipes' gauher). */
static void gauss_hermite(double *x, double *w, int n)
{
    const double pim4 = 0.7511255444649425; /* pi^(-1/4) */
    double z = 0, pp = 1;
    for (int i = 0; i < (n + 1) / 2; i++) {
        if (i == 0)
            z = sqrt(2.0 * n + 1) - 1.85575 * pow(2.0 * n + 1, -0.16667);
        else if (i == 1)
            z -= 1.14 * pow((double)n, 0.426) / z;
        else if (i == 2)
            z = 1.86 * z - 0.86 * x[0];
        else if (i == 3)
            z = 1.91 * z - 0.91 * x[1];
        else
            z = 2.0 * z - x[i - 2];
        for (int it = 0; it < 100; it++) {
            double p1 = pim4, p2 = 0, p3;
            for (int j = 0; j < n; j++) {
                p3 = p2;
                p2 = p1;
                p1 = z * sqrt(2.0 / (j + 1)) * p2 - sqrt((double)j / (j + 1)) * p3;
            }
            pp = sqrt(2.0 * n) * p2;
            double z1 = z;
            z = z1 - p1 / pp;
            if (fabs(z - z1) <= 3e-14)
                break;
        }
        x[i] = z;
        x[n - 1 - i] = -z;
        w[i] = w[n - 1 - i] = 2.0 / (pp * pp);
    }
}

/* BICM MI per bit of Gray L-PAM (the real part of Gray L^2-QAM of unit
 * energy) at SINR g of the complex symbol: levels (2i - L + 1) d with
 * d^2 = 3 / (2 (L^2 - 1)), real noise of variance 1 / (2 g); bit b of level
 * i is bit b of the Gray code i ^ (i >> 1);
 *   I = 1 - 1/(L nb) sum_i sum_b E_n log2(sum_j p(y|j) / sum_{j: b_j = b_i} p(y|j)). */
static double pam_mi(int L, double g, const double *x, const double *w)
{
    const int nb = L == 2 ? 1 : L == 4 ? 2 : 3;
    const double d = sqrt(3.0 / (2.0 * (L * L - 1))), s2 = 1.0 / (2.0 * g);
    double loss = 0;
    for (int i = 0; i < L; i++) {
        double ai = (2 * i - L + 1) * d;
        int gi = i ^ (i >> 1);
        for (int k = 0; k < GH_N; k++) {
            double y = ai + sqrt(2.0 * s2) * x[k], m[8], mx = -INFINITY;
            for (int j = 0; j < L; j++) {
                double e = y - (2 * j - L + 1) * d;
                m[j] = -e * e / (2.0 * s2);
                mx = m[j] > mx ? m[j] : mx;
            }
            double all = 0, same[3] = {0, 0, 0};
            for (int j = 0; j < L; j++) {
                double p = exp(m[j] - mx);
                int gj = j ^ (j >> 1);
                all += p;
                for (int b = 0; b < nb; b++)
                    if (((gi ^ gj) >> b & 1) == 0)
                        same[b] += p;
            }
            for (int b = 0; b < nb; b++)
                loss += w[k] * log2(all / same[b]);
        }
    }
    return 1.0 - loss / (sqrt(M_PI) * L * nb);
}

int lte_csi_mi_init(lte_csi_mi *t)
{
    LTE_CHECK_ARG(t != NULL, "t is NULL");
    double x[GH_N], w[GH_N];
    gauss_hermite(x, w, GH_N);
    for (int q = 0; q < 3; q++)
        for (int i = 0; i < LTE_CSI_MI_N; i++)
            t->mi[q][i] = pam_mi(2 << q, pow(10.0, (-20.0 + 0.125 * i) / 10.0), x, w);
    return 0;
}

static int mi_row(int q_m) { return q_m == 2 ? 0 : q_m == 4 ? 1 : q_m == 6 ? 2 : -1; }

double lte_csi_mi_of(const lte_csi_mi *t, int q_m, double sinr)
{
    int q = mi_row(q_m);
    if (!t || q < 0 || !(sinr >= 0))
        return NAN;
    const double *m = t->mi[q];
    double pos = sinr > 0 ? (10.0 * log10(sinr) + 20.0) * 8.0 : 0.0;
    if (pos <= 0)
        return m[0];
    if (pos >= LTE_CSI_MI_N - 1)
        return m[LTE_CSI_MI_N - 1];
    int i = (int)pos;
    double f = pos - i;
    return m[i] + f * (m[i + 1] - m[i]);
}

double lte_csi_mi_inv_db(const lte_csi_mi *t, int q_m, double mi)
{
    int q = mi_row(q_m);
    if (!t || q < 0 || isnan(mi))
        return NAN;
    const double *m = t->mi[q];
    if (mi <= m[0])
        return -20.0;
    if (mi >= m[LTE_CSI_MI_N - 1])
        return 40.0;
    int lo = 0, hi = LTE_CSI_MI_N - 1; /* m[lo] < mi <= m[hi] */
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (m[mid] < mi)
            lo = mid;
        else
            hi = mid;
    }
    double f = (mi - m[lo]) / (m[hi] - m[lo]);
    return -20.0 + 0.125 * (lo + f);
}

/* Gauss-Jordan inverse of a v x v Hermitian positive definite matrix: the
 * diagonal of the inverse into dinv. */
static void inv_diag(cd *a, int v, double *dinv)
{
    cd b[LTE_MAX_LAYERS * LTE_MAX_LAYERS];
    for (int i = 0; i < v * v; i++)
        b[i] = (i / v == i % v) ? 1.0 : 0.0;
    for (int c = 0; c < v; c++) {
        cd p = a[c * v + c];
        if (cabs(p) < 1e-300)
            p = 1e-300;
        for (int j = 0; j < v; j++) {
            a[c * v + j] /= p;
            b[c * v + j] /= p;
        }
        for (int r = 0; r < v; r++) {
            if (r == c)
                continue;
            cd f = a[r * v + c];
            for (int j = 0; j < v; j++) {
                a[r * v + j] -= f * a[c * v + j];
                b[r * v + j] -= f * b[c * v + j];
            }
        }
    }
    for (int k = 0; k < v; k++)
        dinv[k] = creal(b[k * v + k]);
}

/* Sums of a CQI measurement: per codeword and Q_m the sum of I_Q over the
 * SINR samples, the sample counts, and the sum of log2(1 + SINR) (the mode
 * 2-0 selection criterion). */
typedef struct cqi_sum {
    double mi[2][3];
    long n[2];
    double cap;
} cqi_sum;

/* One CQI measurement pass (see csi.h, "CQI") over the measured PRBs, only
 * those of the subbands (of ku PRBs) in unit_mask when it is not 0: tot gets
 * the sums over all of them (in PRB order), unit[prb / ku] (unit != NULL)
 * those of each subband. w is the precoder (P x v) for the SM scheme, NULL
 * otherwise. */
static void cqi_pass(const lte_csi_cfg *cfg, const float complex *const *h, double n0,
                     const cd *w, int v, int ku, uint32_t unit_mask, cqi_sum *tot, cqi_sum *unit)
{
    const int P = cfg->n_ports, R = cfg->n_rx, n_sc = 12 * cfg->n_rb;
    const int n_prb = cfg->n_prb ? cfg->n_prb : cfg->n_rb - cfg->prb_start;
    const int ks = cfg->k_step ? cfg->k_step : 6, ls = cfg->l_step ? cfg->l_step : 7;
    /* codeword of each layer (36.211 Table 6.3.3.2-1) */
    static const int cw_of[4][4] = {{0}, {0, 1}, {0, 1, 1}, {0, 0, 1, 1}};
    for (int prb = cfg->prb_start; prb < cfg->prb_start + n_prb; prb++) {
        if (unit_mask && !((unit_mask >> (prb / ku)) & 1u))
            continue;
        cqi_sum *u = unit ? &unit[prb / ku] : NULL;
        for (int l = ls / 2; l < cfg->n_symb; l += ls)
            for (int kk = ks / 2; kk < 12; kk += ks) {
                size_t e = (size_t)l * (size_t)n_sc + (size_t)(prb * 12 + kk);
                double sinr[LTE_MAX_LAYERS];
                int ns = 0;
                if (cfg->cqi == LTE_CSI_CQI_PORT0) {
                    double g = 0;
                    for (int r = 0; r < R; r++) {
                        cd x = h[r * P][e];
                        g += creal(x * conj(x));
                    }
                    sinr[ns++] = g / n0;
                } else if (cfg->cqi == LTE_CSI_CQI_TXD) {
                    /* SFBC pair (0, 1); SFBC + FSTD: (0, 2) and (1, 3) */
                    for (int pr = 0; pr < (P == 4 ? 2 : 1); pr++) {
                        int a = P == 4 ? pr : 0, b = P == 4 ? pr + 2 : 1;
                        double g = 0;
                        for (int r = 0; r < R; r++) {
                            cd x = h[r * P + a][e], y = h[r * P + b][e];
                            g += creal(x * conj(x)) + creal(y * conj(y));
                        }
                        sinr[ns++] = g / (2.0 * n0);
                    }
                } else {
                    /* M = I + G^H G / n0, G = H W; SINR_k = 1 / [M^-1]_kk - 1 */
                    cd G[LTE_CSI_MAX_RX * LTE_MAX_LAYERS], M[LTE_MAX_LAYERS * LTE_MAX_LAYERS];
                    for (int r = 0; r < R; r++)
                        for (int b = 0; b < v; b++) {
                            cd s = 0;
                            for (int p = 0; p < P; p++)
                                s += (cd)h[r * P + p][e] * w[p * v + b];
                            G[r * v + b] = s;
                        }
                    for (int a = 0; a < v; a++)
                        for (int b = 0; b < v; b++) {
                            cd s = 0;
                            for (int r = 0; r < R; r++)
                                s += conj(G[r * v + a]) * G[r * v + b];
                            M[a * v + b] = s / n0 + (a == b ? 1.0 : 0.0);
                        }
                    double dinv[LTE_MAX_LAYERS];
                    inv_diag(M, v, dinv);
                    for (int k = 0; k < v; k++)
                        sinr[ns++] = LTE_MAX(1.0 / LTE_MAX(dinv[k], 1e-300) - 1.0, 0.0);
                }
                for (int i = 0; i < ns; i++) {
                    int q = cfg->cqi == LTE_CSI_CQI_SM ? cw_of[v - 1][i] : 0;
                    for (int m = 0; m < 3; m++) {
                        double x = lte_csi_mi_of(cfg->mi, 2 + 2 * m, sinr[i]);
                        tot->mi[q][m] += x;
                        if (u)
                            u->mi[q][m] += x;
                    }
                    tot->n[q]++;
                    if (u) {
                        u->n[q]++;
                        u->cap += log2(1.0 + sinr[i]);
                    }
                }
            }
    }
}

/* The CQI of codeword q of the sums s: the highest c whose threshold the
 * effective SINR for c's Q_m meets (0 if none), and that effective SINR. */
static void cqi_of_sum(const lte_csi_mi *mi, const cqi_sum *s, int q, int *cqi, double *eff_db)
{
    double eff[3];
    for (int m = 0; m < 3; m++)
        eff[m] = s->n[q] ? lte_csi_mi_inv_db(mi, 2 + 2 * m, s->mi[q][m] / s->n[q]) : -20.0;
    int c = LTE_CQI_MAX;
    while (c >= 1 && eff[cqi_tab[c].q_m / 2 - 1] < cqi_thr_db[c])
        c--;
    *cqi = c;
    *eff_db = eff[c ? cqi_tab[c].q_m / 2 - 1 : 0];
}

/* The subband CQIs (cfg->sb_cqi, see csi.h "Subband CQI"), after the
 * wideband report. acc_ue: the PMI criterion per (UE-selected subband, v,
 * codebook index) (mode 2-2), W, ok: the candidates of lte_csi_select. */
static int select_sb_cqi(const lte_csi_cfg *cfg, const float complex *const *h, double n0,
                         const cd *w, const double *acc_ue,
                         cd (*W)[16][LTE_MAX_PORTS * LTE_MAX_LAYERS], int (*ok)[16],
                         const int *n_cb, int ku, const cqi_sum *unit, lte_csi_report *rep)
{
    const int v = cfg->cqi == LTE_CSI_CQI_SM ? rep->ri : 1, n_cw = rep->n_cw;
    const int n_units = (cfg->n_rb + ku - 1) / ku;
    if (cfg->sb_cqi & LTE_CSI_SB_HL) {
        rep->hl_k = lte_csi_subband_size(cfg->n_rb);
        rep->hl_n = rep->hl_k ? (cfg->n_rb + rep->hl_k - 1) / rep->hl_k : 0;
        for (int j = 0; j < rep->hl_n; j++) {
            /* the subband's units: k of Table 7.2.1-3 is twice k of Table
             * 7.2.1-5 in every row, so subband j is units 2j and 2j + 1 */
            cqi_sum s;
            memset(&s, 0, sizeof s);
            for (int u = j * rep->hl_k / ku; u < LTE_MIN((j + 1) * rep->hl_k / ku, n_units); u++)
                for (int q = 0; q < 2; q++) {
                    for (int m = 0; m < 3; m++)
                        s.mi[q][m] += unit[u].mi[q][m];
                    s.n[q] += unit[u].n[q];
                }
            for (int q = 0; q < 2; q++) {
                rep->hl_cqi[j][q] = rep->hl_diff[j][q] = -1;
                rep->hl_sinr_eff_db[j][q] = NAN;
                if (q >= n_cw || !s.n[q])
                    continue;
                cqi_of_sum(cfg->mi, &s, q, &rep->hl_cqi[j][q], &rep->hl_sinr_eff_db[j][q]);
                rep->hl_diff[j][q] = lte_cqi_hl_diff(rep->hl_cqi[j][q], rep->cqi[q]);
            }
        }
    }
    if (!(cfg->sb_cqi & LTE_CSI_SB_UE))
        return 0;
    int k, m;
    lte_csi_ue_subbands(cfg->n_rb, &k, &m);
    rep->ue_codebook = rep->ue_pmi = -1;
    for (int q = 0; q < 2; q++)
        rep->ue_cqi[q] = rep->ue_diff[q] = -1;
    if (!k)
        return 0; /* 6-7 RBs: not applicable */
    rep->ue_k = k;
    rep->ue_m = m;
    rep->ue_n = n_units;
    int measured[LTE_CSI_MAX_SUBBANDS];
    for (int u = 0; u < n_units; u++)
        measured[u] = unit[u].n[0] > 0;
    /* the M best subbands by val[] (ties to the lower subband) and their total */
    double best_total = -INFINITY;
    const int P = cfg->n_ports, n_cand = cfg->cqi == LTE_CSI_CQI_SM ? n_cb[rep->ri - 1] : 1;
    for (int i = 0; i < n_cand; i++) {
        /* with v = P every entry gives the same value (see the top of csi.h):
         * keep the wideband one rather than let rounding choose */
        if (cfg->cqi == LTE_CSI_CQI_SM &&
            (!ok[rep->ri - 1][i] || (rep->ri == P && i != rep->codebook)))
            continue;
        double val[LTE_CSI_MAX_SUBBANDS];
        for (int u = 0; u < n_units; u++)
            val[u] = cfg->cqi == LTE_CSI_CQI_SM
                         ? acc_ue[(u * LTE_MAX_LAYERS + (rep->ri - 1)) * 16 + i]
                         : unit[u].cap;
        int taken[LTE_CSI_MAX_SUBBANDS] = {0}, sel[LTE_CSI_UE_MAX_M];
        for (int j = 0; j < m; j++) {
            int b = -1;
            for (int u = 0; u < n_units; u++)
                if (measured[u] && !taken[u] && (b < 0 || val[u] > val[b]))
                    b = u;
            taken[b] = 1; /* check_cfg: at least M measured subbands */
        }
        double total = 0;
        for (int u = 0, j = 0; u < n_units; u++)
            if (taken[u]) {
                sel[j++] = u;
                total += val[u];
            }
        if (total > best_total) {
            best_total = total;
            memcpy(rep->ue_sel, sel, sizeof(int) * (size_t)m);
            if (cfg->cqi == LTE_CSI_CQI_SM) {
                rep->ue_codebook = i;
                rep->ue_pmi = lte_csi_pmi_of(P, rep->ri, i);
            }
        }
    }
    /* the CQI over the M subbands (mode 2-2: with their W) */
    uint32_t mask = 0;
    for (int j = 0; j < m; j++)
        mask |= 1u << rep->ue_sel[j];
    cqi_sum s;
    memset(&s, 0, sizeof s);
    cqi_pass(cfg, h, n0, cfg->cqi == LTE_CSI_CQI_SM ? W[rep->ri - 1][rep->ue_codebook] : w, v, ku,
             mask, &s, NULL);
    for (int q = 0; q < n_cw; q++) {
        cqi_of_sum(cfg->mi, &s, q, &rep->ue_cqi[q], &rep->ue_sinr_eff_db[q]);
        rep->ue_diff[q] = lte_cqi_ue_diff(rep->ue_cqi[q], rep->cqi[q]);
    }
    for (int q = n_cw; q < 2; q++)
        rep->ue_sinr_eff_db[q] = NAN;
    rep->ue_r = lte_csi_comb_index(n_units, m, rep->ue_sel);
    rep->ue_l = lte_csi_comb_bits(n_units, m);
    return rep->ue_r < 0 ? rep->ue_r : rep->ue_l < 0 ? rep->ue_l : 0;
}

/* The CQI part of lte_csi_select (see csi.h): w is the selected precoder
 * (P x ri) for the SM scheme, NULL otherwise; with unit != NULL also the
 * sums per subband of ku PRBs. */
static int select_cqi(const lte_csi_cfg *cfg, const float complex *const *h, double n0,
                      const cd *w, lte_csi_report *rep, int ku, cqi_sum *unit)
{
    const int v = cfg->cqi == LTE_CSI_CQI_SM ? rep->ri : 1;
    const int n_cw = v >= 2 ? 2 : 1;
    cqi_sum tot;
    memset(&tot, 0, sizeof tot);
    cqi_pass(cfg, h, n0, w, v, ku, 0, &tot, unit);
    rep->n_cw = n_cw;
    for (int q = 0; q < n_cw; q++)
        cqi_of_sum(cfg->mi, &tot, q, &rep->cqi[q], &rep->sinr_eff_db[q]);
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
    /* the port-0 and transmit-diversity CQIs need no PMI */
    const int pmi_search = cfg->cqi != LTE_CSI_CQI_PORT0 && cfg->cqi != LTE_CSI_CQI_TXD;
    for (int v = 1; v <= LTE_MAX_LAYERS; v++) {
        n_cb[v - 1] = 0;
        if (!pmi_search || v > P || !((ranks >> (v - 1)) & 1))
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
    /* subband CQIs: sums per subband of Table 7.2.1-5 ("units", ku PRBs; a
     * subband of Table 7.2.1-3 is two of them); mode 2-2 also needs C_e per
     * (unit, v, index) */
    int ku = 1;
    if (cfg->sb_cqi) {
        int m_ue;
        lte_csi_ue_subbands(cfg->n_rb, &ku, &m_ue);
        ku = ku ? ku : cfg->n_rb; /* 6-7 RBs: no subbands, one unit */
    }
    const int ue_pmi = (cfg->sb_cqi & LTE_CSI_SB_UE) && pmi_search;
    double acc_ue[LTE_CSI_MAX_SUBBANDS * LTE_MAX_LAYERS * 16];
    if (ue_pmi)
        memset(acc_ue, 0, sizeof acc_ue);
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
                        double c = log2det_hpd(M, v);
                        acc[(sb * LTE_MAX_LAYERS + (v - 1)) * 16 + i] += c;
                        if (ue_pmi)
                            acc_ue[((prb / ku) * LTE_MAX_LAYERS + (v - 1)) * 16 + i] += c;
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
    if (!pmi_search) {
        rep->ri = 1;
        best = 0;
    } else {
        rep->pmi = lte_csi_pmi_of(P, rep->ri, rep->codebook);
    }
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
    if (cfg->cqi == LTE_CSI_CQI_NONE)
        return 0;
    const cd *w = pmi_search ? W[rep->ri - 1][rep->codebook] : NULL;
    if (!cfg->sb_cqi)
        return select_cqi(cfg, h, (double)n0, w, rep, 1, NULL);
    cqi_sum unit[LTE_CSI_MAX_SUBBANDS];
    memset(unit, 0, sizeof unit);
    if ((rc = select_cqi(cfg, h, (double)n0, w, rep, ku, unit)) < 0)
        return rc;
    return select_sb_cqi(cfg, h, (double)n0, w, ue_pmi ? acc_ue : NULL, W, ok, n_cb, ku, unit,
                         rep);
}
