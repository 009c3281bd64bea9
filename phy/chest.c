/* ltephy phy: CRS-based downlink channel estimation (chest.h).
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/chest.h"
#include "ltephy/sync.h"

#define N_OFFSETS 6 /* CRS frequency offsets (v + v_shift) mod 6, §6.10.1.2 */
#define PILOT_SPACING 6
#define SCS_HZ 15000.0

struct lte_chest {
    lte_chest_cfg cfg;
    int n_sc, n_symb, n_slot_symb, n_ports, n_pil, L;
    float complex *wt;    /* Wiener weights [N_OFFSETS][n_sc][L] */
    int *wstart;          /* first pilot of the window [N_OFFSETS][n_sc] */
    float complex *ls;    /* LS values of one port [n_symb][n_pil] */
    int *ls_off;          /* pilot offset of each symbol, -1 = no CRS */
    float complex *fi;    /* frequency-interpolated [n_symb][n_sc] */
};

int lte_chest_cfg_init(lte_chest_cfg *cfg, const lte_cell_cfg *cell)
{
    LTE_CHECK_ARG(cfg != NULL && cell != NULL, "cfg and cell must not be NULL");
    memset(cfg, 0, sizeof *cfg);
    cfg->cell = *cell;
    cfg->n_rx = 1;
    cfg->freq = LTE_CHEST_FREQ_LINEAR;
    cfg->time = LTE_CHEST_TIME_LINEAR;
    cfg->delay_spread_s = 1e-6;
    cfg->snr_db = 20.0;
    cfg->wiener_taps = 8;
    return 0;
}

int lte_chest_ls(const lte_cell_cfg *cell, int subframe, int port, int l_sf,
                 const float complex *grid, float complex *h_ls, uint16_t *k)
{
    LTE_CHECK_ARG(cell != NULL && grid != NULL && h_ls != NULL,
                  "cell, grid and h_ls must not be NULL");
    float complex r[LTE_CRS_SEQ_LEN];
    uint16_t kk[LTE_CRS_SEQ_LEN];
    int n = lte_crs_symbol(cell, subframe, port, l_sf, r, kk);
    if (n <= 0)
        return n;
    int n_sc = LTE_NSC_RB * cell->n_rb;
    const float complex *y = grid + (size_t)l_sf * (size_t)n_sc;
    for (int m = 0; m < n; m++) {
        h_ls[m] = y[kk[m]] * conjf(r[m]); /* |r| = 1 (§6.10.1.1) */
        if (k)
            k[m] = kk[m];
    }
    return n;
}

/* R(df) = 1 / (1 + j 2 pi df tau): frequency correlation of an exponential
 * power-delay profile with rms delay spread tau. */
static double complex freq_corr(double df_hz, double tau)
{
    return 1.0 / (1.0 + I * 2.0 * M_PI * df_hz * tau);
}

/* In-place Gauss-Jordan inverse of an n x n complex matrix with partial
 * pivoting (the regularised correlation matrix is positive definite). */
static int invert(double complex *a, double complex *inv, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            inv[i * n + j] = i == j;
    for (int c = 0; c < n; c++) {
        int piv = c;
        for (int r = c + 1; r < n; r++)
            if (cabs(a[r * n + c]) > cabs(a[piv * n + c]))
                piv = r;
        if (cabs(a[piv * n + c]) < 1e-12)
            return -1;
        for (int j = 0; j < n; j++) {
            double complex t = a[c * n + j];
            a[c * n + j] = a[piv * n + j];
            a[piv * n + j] = t;
            t = inv[c * n + j];
            inv[c * n + j] = inv[piv * n + j];
            inv[piv * n + j] = t;
        }
        double complex d = 1.0 / a[c * n + c];
        for (int j = 0; j < n; j++) {
            a[c * n + j] *= d;
            inv[c * n + j] *= d;
        }
        for (int r = 0; r < n; r++) {
            if (r == c)
                continue;
            double complex f = a[r * n + c];
            for (int j = 0; j < n; j++) {
                a[r * n + j] -= f * a[c * n + j];
                inv[r * n + j] -= f * inv[c * n + j];
            }
        }
    }
    return 0;
}

/* Wiener weights for every offset and output subcarrier. The pilots are
 * uniformly spaced, so R_pp + I/snr is the same matrix for every window and
 * is inverted once. */
static int wiener_design(lte_chest *ch)
{
    int L = ch->L;
    double tau = ch->cfg.delay_spread_s, snr = pow(10.0, ch->cfg.snr_db / 10.0);
    double complex A[LTE_CHEST_MAX_TAPS * LTE_CHEST_MAX_TAPS];
    double complex Ai[LTE_CHEST_MAX_TAPS * LTE_CHEST_MAX_TAPS];
    for (int i = 0; i < L; i++)
        for (int j = 0; j < L; j++)
            A[i * L + j] = freq_corr(PILOT_SPACING * (i - j) * SCS_HZ, tau) + (i == j) / snr;
    if (invert(A, Ai, L) < 0)
        return lte_error_set_fn(LTE_EINVAL, __func__, "Wiener matrix is singular");
    for (int off = 0; off < N_OFFSETS; off++)
        for (int k = 0; k < ch->n_sc; k++) {
            double centre = (k - off) / (double)PILOT_SPACING - (L - 1) / 2.0;
            int m0 = (int)lround(centre);
            m0 = LTE_MAX(0, LTE_MIN(m0, ch->n_pil - L));
            ch->wstart[off * ch->n_sc + k] = m0;
            double complex r[LTE_CHEST_MAX_TAPS];
            for (int j = 0; j < L; j++)
                r[j] = freq_corr((k - (off + PILOT_SPACING * (m0 + j))) * SCS_HZ, tau);
            float complex *w = ch->wt + ((size_t)off * ch->n_sc + k) * L;
            for (int i = 0; i < L; i++) {
                double complex s = 0;
                for (int j = 0; j < L; j++)
                    s += r[j] * Ai[j * L + i];
                w[i] = (float complex)s;
            }
        }
    return 0;
}

void lte_chest_destroy(lte_chest *ch)
{
    if (!ch)
        return;
    lte_free(ch->wt);
    lte_free(ch->wstart);
    lte_free(ch->ls);
    lte_free(ch->ls_off);
    lte_free(ch->fi);
    lte_free(ch);
}

int lte_chest_create(const lte_chest_cfg *cfg, lte_chest **out)
{
    LTE_CHECK_ARG(cfg != NULL && out != NULL, "cfg and out must not be NULL");
    *out = NULL;
    int rc = lte_cell_validate(&cfg->cell);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(cfg->n_rx >= 1 && cfg->n_rx <= LTE_CHEST_MAX_RX, "n_rx=%d is not 1..%d",
                  cfg->n_rx, LTE_CHEST_MAX_RX);
    LTE_CHECK_ARG(cfg->freq == LTE_CHEST_FREQ_LINEAR || cfg->freq == LTE_CHEST_FREQ_WIENER,
                  "freq=%d is unknown", (int)cfg->freq);
    LTE_CHECK_ARG(cfg->time == LTE_CHEST_TIME_LINEAR || cfg->time == LTE_CHEST_TIME_AVERAGE,
                  "time=%d is unknown", (int)cfg->time);
    int n_pil = 2 * cfg->cell.n_rb;
    if (cfg->freq == LTE_CHEST_FREQ_WIENER) {
        LTE_CHECK_ARG(isfinite(cfg->delay_spread_s) && cfg->delay_spread_s >= 0 &&
                          cfg->delay_spread_s < 1e-4,
                      "delay_spread_s=%g is not in [0, 1e-4)", cfg->delay_spread_s);
        LTE_CHECK_ARG(isfinite(cfg->snr_db) && cfg->snr_db > -20 && cfg->snr_db < 80,
                      "snr_db=%g is not in (-20, 80)", cfg->snr_db);
        LTE_CHECK_ARG(cfg->wiener_taps >= 2 && cfg->wiener_taps <= LTE_CHEST_MAX_TAPS,
                      "wiener_taps=%d is not 2..%d", cfg->wiener_taps, LTE_CHEST_MAX_TAPS);
    }
    lte_chest *ch = lte_alloc(sizeof *ch);
    if (!ch)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    ch->cfg = *cfg;
    ch->n_sc = LTE_NSC_RB * cfg->cell.n_rb;
    ch->n_symb = lte_cell_symb_per_subframe(&cfg->cell);
    ch->n_slot_symb = ch->n_symb / 2;
    ch->n_ports = cfg->cell.n_ports;
    ch->n_pil = n_pil;
    ch->L = LTE_MIN(cfg->wiener_taps, n_pil);
    size_t nsc = (size_t)ch->n_sc, ns = (size_t)ch->n_symb;
    ch->ls = lte_alloc(ns * (size_t)n_pil * sizeof *ch->ls);
    ch->ls_off = lte_alloc(ns * sizeof *ch->ls_off);
    ch->fi = lte_alloc(ns * nsc * sizeof *ch->fi);
    if (cfg->freq == LTE_CHEST_FREQ_WIENER) {
        ch->wt = lte_alloc(N_OFFSETS * nsc * (size_t)ch->L * sizeof *ch->wt);
        ch->wstart = lte_alloc(N_OFFSETS * nsc * sizeof *ch->wstart);
    }
    if (!ch->ls || !ch->ls_off || !ch->fi ||
        (cfg->freq == LTE_CHEST_FREQ_WIENER && (!ch->wt || !ch->wstart))) {
        lte_chest_destroy(ch);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    }
    if (cfg->freq == LTE_CHEST_FREQ_WIENER && (rc = wiener_design(ch)) < 0) {
        lte_chest_destroy(ch);
        return rc;
    }
    *out = ch;
    return 0;
}

int lte_chest_set_cell_id(lte_chest *ch, int cell_id)
{
    LTE_CHECK_ARG(ch != NULL, "ch must not be NULL");
    LTE_CHECK_ARG(cell_id >= 0 && cell_id <= 503, "cell_id=%d is not 0..503", cell_id);
    ch->cfg.cell.cell_id = cell_id;
    return 0;
}

/* Linear interpolation between neighbouring pilots; the end segments are
 * extended to the band edges. */
static void interp_linear(const lte_chest *ch, const float complex *ls, int off,
                          float complex *out)
{
    for (int k = 0; k < ch->n_sc; k++) {
        int m = (k - off) / PILOT_SPACING;
        if (k < off)
            m = 0;
        m = LTE_MIN(m, ch->n_pil - 2);
        float t = (float)(k - (off + PILOT_SPACING * m)) / PILOT_SPACING;
        out[k] = ls[m] + t * (ls[m + 1] - ls[m]);
    }
}

static void interp_wiener(const lte_chest *ch, const float complex *ls, int off,
                          float complex *out)
{
    for (int k = 0; k < ch->n_sc; k++) {
        const float complex *w = ch->wt + ((size_t)off * ch->n_sc + k) * ch->L;
        const float complex *h = ls + ch->wstart[off * ch->n_sc + k];
        float complex s = 0;
        for (int i = 0; i < ch->L; i++)
            s += w[i] * h[i];
        out[k] = s;
    }
}

/* Time interpolation of one port onto every downlink symbol. */
static void interp_time(const lte_chest *ch, int n_dl, float complex *h)
{
    int crs[LTE_MAX_SYMB_SF], nc = 0;
    for (int l = 0; l < ch->n_symb; l++)
        if (ch->ls_off[l] >= 0)
            crs[nc++] = l;
    size_t nsc = (size_t)ch->n_sc;
    memset(h, 0, nsc * (size_t)ch->n_symb * sizeof *h);
    if (nc == 0)
        return;
    if (ch->cfg.time == LTE_CHEST_TIME_AVERAGE) {
        for (int k = 0; k < ch->n_sc; k++) {
            float complex s = 0;
            for (int c = 0; c < nc; c++)
                s += ch->fi[(size_t)crs[c] * nsc + k];
            h[k] = s / (float)nc;
        }
        for (int l = 1; l < n_dl; l++)
            memcpy(h + (size_t)l * nsc, h, nsc * sizeof *h);
        return;
    }
    for (int l = 0; l < n_dl; l++) {
        int b = 0;
        while (b < nc && crs[b] < l)
            b++;
        float complex *o = h + (size_t)l * nsc;
        if (b < nc && crs[b] == l) {
            memcpy(o, ch->fi + (size_t)l * nsc, nsc * sizeof *o);
        } else if (b == 0 || b == nc) {
            int c = b == 0 ? crs[0] : crs[nc - 1];
            memcpy(o, ch->fi + (size_t)c * nsc, nsc * sizeof *o);
        } else {
            int la = crs[b - 1], lb = crs[b];
            float t = (float)(l - la) / (float)(lb - la);
            const float complex *fa = ch->fi + (size_t)la * nsc, *fb = ch->fi + (size_t)lb * nsc;
            for (int k = 0; k < ch->n_sc; k++)
                o[k] = fa[k] + t * (fb[k] - fa[k]);
        }
    }
}

/* Noise from pairs of CRS symbols l, l + N_symb^DL of one port carrying the
 * same subcarriers: sum |a - b e^{j phi}|^2 with the best phi is
 * |a|^2 + |b|^2 - 2|a.b*|; fitting phi takes half a complex degree of
 * freedom. Adds to *acc / *dof. */
static void noise_pairs(const lte_chest *ch, double *acc, double *dof)
{
    int M = ch->n_pil;
    for (int l = 0; l < ch->n_slot_symb; l++) {
        int l2 = l + ch->n_slot_symb;
        if (ch->ls_off[l] < 0 || ch->ls_off[l2] < 0 || ch->ls_off[l] != ch->ls_off[l2])
            continue;
        const float complex *a = ch->ls + (size_t)l * M, *b = ch->ls + (size_t)l2 * M;
        double ea = 0, eb = 0;
        double complex x = 0;
        for (int m = 0; m < M; m++) {
            ea += creal(a[m] * conjf(a[m]));
            eb += creal(b[m] * conjf(b[m]));
            x += a[m] * conjf(b[m]);
        }
        *acc += LTE_MAX(0.0, ea + eb - 2.0 * cabs(x)) / 2.0;
        *dof += M - 0.5;
    }
}

/* Fallback: second differences across pilots of each CRS symbol. */
static void noise_second_diff(const lte_chest *ch, double *acc, double *dof)
{
    int M = ch->n_pil;
    for (int l = 0; l < ch->n_symb; l++) {
        if (ch->ls_off[l] < 0)
            continue;
        const float complex *a = ch->ls + (size_t)l * M;
        for (int m = 1; m + 1 < M; m++) {
            float complex d = a[m] - 0.5f * (a[m - 1] + a[m + 1]);
            *acc += crealf(d * conjf(d)) / 1.5;
        }
        *dof += M - 2;
    }
}

static int estimate_port(lte_chest *ch, int subframe, int p, const float complex *rx,
                         float complex *h, double *nacc, double *ndof, double *facc,
                         double *fdof)
{
    int n_dl = lte_cell_dl_symbols(&ch->cfg.cell, subframe);
    if (n_dl < 0)
        return n_dl;
    for (int l = 0; l < ch->n_symb; l++) {
        uint16_t k[LTE_CRS_SEQ_LEN];
        float complex *ls = ch->ls + (size_t)l * ch->n_pil;
        int n = l < n_dl ? lte_chest_ls(&ch->cfg.cell, subframe, p, l, rx, ls, k) : 0;
        if (n < 0)
            return n;
        ch->ls_off[l] = n > 0 ? k[0] : -1;
        if (n == 0)
            continue;
        float complex *fi = ch->fi + (size_t)l * ch->n_sc;
        if (ch->cfg.freq == LTE_CHEST_FREQ_WIENER)
            interp_wiener(ch, ls, k[0], fi);
        else
            interp_linear(ch, ls, k[0], fi);
    }
    interp_time(ch, n_dl, h);
    if (p < 2)
        noise_pairs(ch, nacc, ndof);
    noise_second_diff(ch, facc, fdof);
    return 0;
}

int lte_chest_estimate(lte_chest *ch, int subframe, const float complex *const *rx,
                       float complex *const *h, float *noise_var)
{
    LTE_CHECK_ARG(ch != NULL && rx != NULL && h != NULL, "ch, rx and h must not be NULL");
    LTE_CHECK_ARG(subframe >= 0 && subframe < LTE_NSUBFRAMES, "subframe=%d is not 0..9",
                  subframe);
    for (int r = 0; r < ch->cfg.n_rx; r++) {
        LTE_CHECK_ARG(rx[r] != NULL, "rx[%d] is NULL", r);
        for (int p = 0; p < ch->n_ports; p++)
            LTE_CHECK_ARG(h[r * ch->n_ports + p] != NULL, "h[%d] is NULL", r * ch->n_ports + p);
    }
    double nacc = 0, ndof = 0, facc = 0, fdof = 0;
    for (int r = 0; r < ch->cfg.n_rx; r++)
        for (int p = 0; p < ch->n_ports; p++) {
            int rc = estimate_port(ch, subframe, p, rx[r], h[r * ch->n_ports + p], &nacc, &ndof,
                                   &facc, &fdof);
            if (rc < 0)
                return rc;
        }
    if (noise_var)
        *noise_var = ndof > 0 ? (float)(nacc / ndof) : fdof > 0 ? (float)(facc / fdof) : 0.0f;
    return 0;
}
