/* ltephy phy: CRS-based downlink channel estimation (chest.h).
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <complex.h>
#include <emmintrin.h> /* SSE2: part of baseline x86-64 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/internal.h"
#include "kernels/interp.h"
#include "ltephy/chest.h"
#include "ltephy/sync.h"

#define N_OFFSETS 6 /* CRS frequency offsets (v + v_shift) mod 6, §6.10.1.2 */
#define PILOT_SPACING 6
#define SCS_HZ 15000.0

struct lte_chest {
    lte_chest_cfg cfg;
    int n_sc, n_symb, n_slot_symb, n_ports, n_pil, L;
    lte_pfilt *wf[N_OFFSETS]; /* Wiener interpolators, one per pilot offset */
    int simd;                 /* resolved SIMD path */
    float complex *ls;    /* LS values of one port [n_symb][n_pil] (+ LTE_PFILT_PAD) */
    int *ls_off;          /* pilot offset of each symbol, -1 = no CRS */
    float complex *fi;    /* frequency-interpolated [n_symb][n_sc] */
    /* CRS of the cell, made at create / set_cell_id rather than per call:
     * crs_n[(sf n_ports + p) n_symb + l] is lte_crs_symbol()'s result for
     * subframe sf, port p, symbol l (pilot count, 0 or an error), and for a
     * count its pilots (and their subcarriers) are slot crs_slot[...] of
     * crs_r / crs_k, n_pil each */
    int *crs_n, *crs_slot;
    float complex *crs_r;
    uint16_t *crs_k;
    /* adaptive Wiener (cfg.adapt): weights of the quantised (tau, snr), one
     * row of L per d = k - off - 6 m0 in [-(N_OFFSETS - 1), 6 L - 1] (they
     * depend on k, off and the window start m0 only through d), laid out
     * per subcarrier for each offset's interpolator (wf), and the last
     * estimates */
    float complex *aw;    /* [6 L + 5][L] */
    float complex *awk;   /* [n_sc][L]: the rows of one offset's subcarriers, handed to
                           * lte_pfilt_set_weights */
    int aw_tq, aw_sq;     /* grid indices the weights hold (tau / step, snr / step); -1000: none */
    int a_valid;
    double a_tau, a_snr_db;
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

/* h[m] = y[k[m]] conj(r[m]), |r| = 1 (§6.10.1.1), written per component:
 * the same products and sums as C's complex '*' (which adds an inf/NaN
 * branch). */
static void ls_product(const float complex *y, const float complex *r, const uint16_t *k, int n,
                       float complex *h)
{
    const float *rf = (const float *)r;
    float *hf = (float *)h;
    for (int m = 0; m < n; m++) {
        float yr = crealf(y[k[m]]), yi = cimagf(y[k[m]]), rr = rf[2 * m], ri = rf[2 * m + 1];
        hf[2 * m] = yr * rr + yi * ri;
        hf[2 * m + 1] = yi * rr - yr * ri;
    }
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
    ls_product(grid + (size_t)l_sf * (size_t)n_sc, r, kk, n, h_ls);
    if (k)
        memcpy(k, kk, sizeof *k * (size_t)n);
    return n;
}

/* R(df) = E[H(f + df) H*(f)] of an exponential power-delay profile with rms
 * delay spread tau that starts tau0 before the timing reference:
 * the integral of (1/tau) e^{-(t + tau0)/tau} e^{-j 2 pi df t} over
 * t >= -tau0, i.e. e^{j 2 pi df tau0} / (1 + j 2 pi df tau). */
static double complex freq_corr(double df_hz, double tau, double tau0)
{
    return cexp(I * 2.0 * M_PI * df_hz * tau0) / (1.0 + I * 2.0 * M_PI * df_hz * tau);
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

/* First pilot of the L-pilot window of subcarrier k for pilot offset off. */
static int wiener_start(const lte_chest *ch, int k, int off)
{
    int L = ch->L;
    double centre = (k - off) / (double)PILOT_SPACING - (L - 1) / 2.0;
    int m0 = (int)lround(centre);
    return LTE_MAX(0, LTE_MIN(m0, ch->n_pil - L));
}

/* Rows of the Wiener weights for tau, snr_db: the pilots are uniformly
 * spaced, so R_pp + I/snr is the same matrix for every window (inverted
 * once), and the weights of subcarrier k, pilot offset off and window start
 * m0 depend on them only through d = k - off - 6 m0 in
 * [-(N_OFFSETS - 1), 6 L - 1]: row d + N_OFFSETS - 1 of rows, L each. */
#define WIENER_ROWS(L) (PILOT_SPACING * (L) + N_OFFSETS - 1)
static int wiener_rows(const lte_chest *ch, double tau, double snr_db, float complex *rows)
{
    int L = ch->L;
    double snr = pow(10.0, snr_db / 10.0), tau0 = ch->cfg.delay_early_s;
    double complex A[LTE_CHEST_MAX_TAPS * LTE_CHEST_MAX_TAPS];
    double complex Ai[LTE_CHEST_MAX_TAPS * LTE_CHEST_MAX_TAPS];
    for (int i = 0; i < L; i++)
        for (int j = 0; j < L; j++)
            A[i * L + j] = freq_corr(PILOT_SPACING * (i - j) * SCS_HZ, tau, tau0) + (i == j) / snr;
    if (invert(A, Ai, L) < 0)
        return lte_error_set_fn(LTE_EINVAL, __func__, "Wiener matrix is singular");
    for (int d = -(N_OFFSETS - 1); d < PILOT_SPACING * L; d++) {
        double complex r[LTE_CHEST_MAX_TAPS];
        for (int j = 0; j < L; j++)
            r[j] = freq_corr((d - PILOT_SPACING * j) * SCS_HZ, tau, tau0);
        float complex *w = rows + (size_t)(d + N_OFFSETS - 1) * L;
        for (int i = 0; i < L; i++) {
            double complex sum = 0;
            for (int j = 0; j < L; j++)
                sum += r[j] * Ai[j * L + i];
            w[i] = (float complex)sum;
        }
    }
    return 0;
}

/* The weights of pilot offset off per output subcarrier (n_sc x L) from the
 * rows, and (wstart may be NULL) each subcarrier's window start. */
static void offset_weights(const lte_chest *ch, const float complex *rows, int off,
                           float complex *wt, int *wstart)
{
    int L = ch->L;
    for (int k = 0; k < ch->n_sc; k++) {
        int m0 = wiener_start(ch, k, off), d = k - off - PILOT_SPACING * m0;
        memcpy(wt + (size_t)k * L, rows + (size_t)(d + N_OFFSETS - 1) * L,
               (size_t)L * sizeof *wt);
        if (wstart)
            wstart[k] = m0;
    }
}

/* Adaptive: the weights of the estimated tau, snr_db into the interpolators
 * wiener_design made (same windows); each plan is redone in place. */
static int adapt_design(lte_chest *ch, double tau, double snr_db)
{
    int rc = wiener_rows(ch, tau, snr_db, ch->aw);
    for (int off = 0; off < N_OFFSETS && rc == 0; off++) {
        offset_weights(ch, ch->aw, off, ch->awk, NULL);
        rc = lte_pfilt_set_weights(ch->wf[off], ch->awk);
    }
    return rc;
}

/* The configured model's weights, planned as one per-output FIR per pilot
 * offset (kernels/interp.h). */
static int wiener_design(lte_chest *ch)
{
    int L = ch->L;
    float complex *rows = lte_alloc((size_t)WIENER_ROWS(L) * L * sizeof *rows);
    float complex *wt = lte_alloc((size_t)ch->n_sc * L * sizeof *wt);
    int *wstart = lte_alloc((size_t)ch->n_sc * sizeof *wstart);
    int rc = rows && wt && wstart ? 0 : lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    if (rc == 0)
        rc = wiener_rows(ch, ch->cfg.delay_spread_s, ch->cfg.snr_db, rows);
    for (int off = 0; off < N_OFFSETS && rc == 0; off++) {
        offset_weights(ch, rows, off, wt, wstart);
        rc = lte_pfilt_create(wt, wstart, ch->n_sc, L, ch->n_pil, &ch->wf[off]);
    }
    lte_free(rows);
    lte_free(wt);
    lte_free(wstart);
    return rc;
}

void lte_chest_destroy(lte_chest *ch)
{
    if (!ch)
        return;
    for (int off = 0; off < N_OFFSETS; off++)
        lte_pfilt_destroy(ch->wf[off]);
    lte_free(ch->ls);
    lte_free(ch->ls_off);
    lte_free(ch->fi);
    lte_free(ch->crs_n);
    lte_free(ch->crs_slot);
    lte_free(ch->crs_r);
    lte_free(ch->crs_k);
    lte_free(ch->aw);
    lte_free(ch->awk);
    lte_free(ch);
}

/* Fill the CRS cache for the current cell (storage already sized). */
static void crs_cache_fill(lte_chest *ch)
{
    int slots = 0;
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
        for (int p = 0; p < ch->n_ports; p++)
            for (int l = 0; l < ch->n_symb; l++) {
                size_t i = ((size_t)sf * ch->n_ports + p) * ch->n_symb + l;
                float complex *r = ch->crs_r + (size_t)slots * ch->n_pil;
                uint16_t *k = ch->crs_k + (size_t)slots * ch->n_pil;
                int n = lte_crs_symbol(&ch->cfg.cell, sf, p, l, r, k);
                ch->crs_n[i] = n;
                ch->crs_slot[i] = n > 0 ? slots++ : -1;
            }
}

/* Count the CRS symbols of the cell over a frame and allocate the cache. */
static int crs_cache_alloc(lte_chest *ch)
{
    size_t entries = (size_t)LTE_NSUBFRAMES * ch->n_ports * ch->n_symb;
    int slots = 0;
    float complex r[LTE_CRS_SEQ_LEN];
    uint16_t k[LTE_CRS_SEQ_LEN];
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
        for (int p = 0; p < ch->n_ports; p++)
            for (int l = 0; l < ch->n_symb; l++) {
                int n = lte_crs_symbol(&ch->cfg.cell, sf, p, l, r, k);
                if (n > ch->n_pil)
                    return lte_error_set_fn(LTE_EINVAL, __func__,
                                            "%d CRS pilots in a symbol, expected at most %d", n,
                                            ch->n_pil);
                slots += n > 0;
            }
    ch->crs_n = lte_alloc(entries * sizeof *ch->crs_n);
    ch->crs_slot = lte_alloc(entries * sizeof *ch->crs_slot);
    ch->crs_r = lte_alloc(((size_t)slots + 1) * ch->n_pil * sizeof *ch->crs_r);
    ch->crs_k = lte_alloc(((size_t)slots + 1) * ch->n_pil * sizeof *ch->crs_k);
    if (!ch->crs_n || !ch->crs_slot || !ch->crs_r || !ch->crs_k)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    crs_cache_fill(ch);
    return 0;
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
        LTE_CHECK_ARG(isfinite(cfg->delay_early_s) && cfg->delay_early_s >= 0 &&
                          cfg->delay_early_s < 1e-4,
                      "delay_early_s=%g is not in [0, 1e-4)", cfg->delay_early_s);
        LTE_CHECK_ARG(isfinite(cfg->snr_db) && cfg->snr_db > -20 && cfg->snr_db < 80,
                      "snr_db=%g is not in (-20, 80)", cfg->snr_db);
        LTE_CHECK_ARG(cfg->wiener_taps >= 2 && cfg->wiener_taps <= LTE_CHEST_MAX_TAPS,
                      "wiener_taps=%d is not 2..%d", cfg->wiener_taps, LTE_CHEST_MAX_TAPS);
    }
    LTE_CHECK_ARG(cfg->adapt == 0 || (cfg->adapt == 1 && cfg->freq == LTE_CHEST_FREQ_WIENER),
                  "adapt=%d: must be 0, or 1 with freq = LTE_CHEST_FREQ_WIENER", cfg->adapt);
    int simd = lte_simd_pick(cfg->simd);
    if (simd < 0)
        return simd;
    lte_chest *ch = lte_alloc(sizeof *ch);
    if (!ch)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    ch->cfg = *cfg;
    ch->simd = simd;
    ch->n_sc = LTE_NSC_RB * cfg->cell.n_rb;
    ch->n_symb = lte_cell_symb_per_subframe(&cfg->cell);
    ch->n_slot_symb = ch->n_symb / 2;
    ch->n_ports = cfg->cell.n_ports;
    ch->n_pil = n_pil;
    ch->L = LTE_MIN(cfg->wiener_taps, n_pil);
    size_t nsc = (size_t)ch->n_sc, ns = (size_t)ch->n_symb;
    ch->ls = lte_alloc((ns * (size_t)n_pil + LTE_PFILT_PAD) * sizeof *ch->ls);
    ch->ls_off = lte_alloc(ns * sizeof *ch->ls_off);
    ch->fi = lte_alloc(ns * nsc * sizeof *ch->fi);
    if (!ch->ls || !ch->ls_off || !ch->fi) {
        lte_chest_destroy(ch);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    }
    ch->aw_tq = ch->aw_sq = -1000;
    if (cfg->adapt) {
        ch->aw = lte_alloc((size_t)WIENER_ROWS(ch->L) * ch->L * sizeof *ch->aw);
        ch->awk = lte_alloc(nsc * (size_t)ch->L * sizeof *ch->awk);
        if (!ch->aw || !ch->awk) {
            lte_chest_destroy(ch);
            return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
        }
    }
    /* adapt: the interpolators start with the configured model's weights and
     * get the estimated model's before their first use (adapt_update) */
    if ((cfg->freq == LTE_CHEST_FREQ_WIENER && (rc = wiener_design(ch)) < 0) ||
        (rc = crs_cache_alloc(ch)) < 0) {
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
    if (ch->cfg.cell.cell_id != cell_id) {
        ch->cfg.cell.cell_id = cell_id;
        crs_cache_fill(ch); /* same counts: only v_shift and c_init change */
    }
    return 0;
}

/* Linear interpolation between neighbouring pilots; the end segments are
 * extended to the band edges. Pilot m sits at k = off + 6m; the fraction
 * t = (k - (off + 6m)) / 6 takes one of 17 values (-5/6 .. 11/6 at the
 * clamped ends), read from a table of the same float quotients, so no
 * division per subcarrier; the complex arithmetic is written per component
 * (C's float * float complex and + are componentwise: same results). */
static void interp_linear(const lte_chest *ch, const float complex *ls, int off,
                          float complex *out)
{
    float tq[PILOT_SPACING + 12];
    for (int d = -(PILOT_SPACING - 1); d < 2 * PILOT_SPACING; d++)
        tq[d + PILOT_SPACING - 1] = (float)d / PILOT_SPACING;
    const float *lf = (const float *)ls;
    float *o = (float *)out;
    const int mmax = ch->n_pil - 2, n_sc = ch->n_sc;
    /* one subcarrier: pilots m, m + 1, fraction index d = k - (off + 6m) */
#define LIN_ONE(k, m, d)                                                                         \
    do {                                                                                         \
        float t_ = tq[(d) + PILOT_SPACING - 1];                                                  \
        float ar_ = lf[2 * (m)], ai_ = lf[2 * (m) + 1];                                          \
        o[2 * (k)] = ar_ + t_ * (lf[2 * (m) + 2] - ar_);                                         \
        o[2 * (k) + 1] = ai_ + t_ * (lf[2 * (m) + 3] - ai_);                                     \
    } while (0)
    for (int k = 0; k < LTE_MIN(off, n_sc); k++) /* below pilot 0: extrapolated */
        LIN_ONE(k, 0, k - off);
    /* between pilots m and m + 1 < n_pil - 1: six subcarriers, three SSE2
     * steps of two (re, im, re, im), the same operations per component */
    const __m128 t01 = _mm_setr_ps(tq[5], tq[5], tq[6], tq[6]);
    const __m128 t23 = _mm_setr_ps(tq[7], tq[7], tq[8], tq[8]);
    const __m128 t45 = _mm_setr_ps(tq[9], tq[9], tq[10], tq[10]);
    for (int m = 0; m < mmax; m++) {
        __m128 ab = _mm_loadu_ps(lf + 2 * m); /* ar ai br bi */
        __m128 va = _mm_movelh_ps(ab, ab);    /* ar ai ar ai */
        __m128 vb = _mm_movehl_ps(ab, ab);    /* br bi br bi */
        __m128 d = _mm_sub_ps(vb, va);
        float *q = o + 2 * (off + PILOT_SPACING * m);
        _mm_storeu_ps(q, _mm_add_ps(va, _mm_mul_ps(t01, d)));
        _mm_storeu_ps(q + 4, _mm_add_ps(va, _mm_mul_ps(t23, d)));
        _mm_storeu_ps(q + 8, _mm_add_ps(va, _mm_mul_ps(t45, d)));
    }
    for (int k = off + PILOT_SPACING * mmax; k < n_sc; k++) /* last pair, extended */
        LIN_ONE(k, mmax, k - (off + PILOT_SPACING * mmax));
#undef LIN_ONE
}

/* Time interpolation of one port onto every downlink symbol. */
static void interp_time(const lte_chest *ch, int n_dl, float complex *h)
{
    int crs[LTE_MAX_SYMB_SF], nc = 0;
    for (int l = 0; l < ch->n_symb; l++)
        if (ch->ls_off[l] >= 0)
            crs[nc++] = l;
    size_t nsc = (size_t)ch->n_sc;
    if (nc == 0) {
        memset(h, 0, nsc * (size_t)ch->n_symb * sizeof *h);
        return;
    }
    /* symbols that are not downlink (DwPTS) stay 0; the others are written below */
    if (n_dl < ch->n_symb)
        memset(h + (size_t)n_dl * nsc, 0, nsc * (size_t)(ch->n_symb - n_dl) * sizeof *h);
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
            /* per component (what C's float * float complex does):
             * kernels/interp.h, the same operations on every path */
            lte_lerp((const float *)(ch->fi + (size_t)la * nsc),
                     (const float *)(ch->fi + (size_t)lb * nsc), t, 2 * (int)nsc, (float *)o,
                     (lte_simd_path)ch->simd);
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

/* LS values of port p of every symbol into ch->ls / ch->ls_off; with interp,
 * each CRS symbol is also interpolated in frequency into ch->fi. */
static int ls_port(lte_chest *ch, int subframe, int p, const float complex *rx, int n_dl,
                   int interp)
{
    for (int l = 0; l < ch->n_symb; l++) {
        float complex *ls = ch->ls + (size_t)l * ch->n_pil;
        /* lte_chest_ls() with the cell's CRS from the cache */
        size_t ci = ((size_t)subframe * ch->n_ports + p) * ch->n_symb + l;
        int n = l < n_dl ? ch->crs_n[ci] : 0;
        if (n < 0)
            return n;
        if (n == 0) {
            ch->ls_off[l] = -1;
            continue;
        }
        size_t slot = (size_t)ch->crs_slot[ci] * ch->n_pil;
        const uint16_t *k = ch->crs_k + slot;
        ls_product(rx + (size_t)l * ch->n_sc, ch->crs_r + slot, k, n, ls);
        ch->ls_off[l] = k[0];
        if (!interp)
            continue;
        float complex *fi = ch->fi + (size_t)l * ch->n_sc;
        if (ch->cfg.freq == LTE_CHEST_FREQ_WIENER) /* adapt: this subframe's weights */
            lte_pfilt_run(ch->wf[k[0]], ls, fi, (lte_simd_path)ch->simd);
        else
            interp_linear(ch, ls, k[0], fi);
    }
    return 0;
}

/* The noise estimate's sums of the port's LS values now in ch->ls. */
static void noise_port(const lte_chest *ch, int p, double *nacc, double *ndof, double *facc,
                       double *fdof)
{
    if (p < 2)
        noise_pairs(ch, nacc, ndof);
    if (*ndof == 0) /* only needed as the fallback (chest.h) */
        noise_second_diff(ch, facc, fdof);
}

static int estimate_port(lte_chest *ch, int subframe, int p, const float complex *rx,
                         float complex *h, double *nacc, double *ndof, double *facc,
                         double *fdof)
{
    int n_dl = lte_cell_dl_symbols(&ch->cfg.cell, subframe);
    if (n_dl < 0)
        return n_dl;
    int rc = ls_port(ch, subframe, p, rx, n_dl, 1);
    if (rc < 0)
        return rc;
    interp_time(ch, n_dl, h);
    noise_port(ch, p, nacc, ndof, facc, fdof);
    return 0;
}

/* Adaptive Wiener (chest.h): the power P0, the lag-1 correlation C1 and the
 * noise of every port and antenna's LS values, then tau and the SNR, and the
 * weights of their grid values if these changed. */
static int adapt_update(lte_chest *ch, int subframe, const float complex *const *rx)
{
    int n_dl = lte_cell_dl_symbols(&ch->cfg.cell, subframe);
    if (n_dl < 0)
        return n_dl;
    int M = ch->n_pil;
    double nacc = 0, ndof = 0, facc = 0, fdof = 0, p0 = 0, n_p0 = 0, n_c1 = 0;
    double complex c1 = 0;
    for (int r = 0; r < ch->cfg.n_rx; r++)
        for (int p = 0; p < ch->n_ports; p++) {
            int rc = ls_port(ch, subframe, p, rx[r], n_dl, 0);
            if (rc < 0)
                return rc;
            if (p < 2)
                noise_pairs(ch, &nacc, &ndof);
            noise_second_diff(ch, &facc, &fdof);
            for (int l = 0; l < ch->n_symb; l++) {
                if (ch->ls_off[l] < 0)
                    continue;
                const float complex *a = ch->ls + (size_t)l * M;
                for (int m = 0; m < M; m++) {
                    double ar = crealf(a[m]), ai = cimagf(a[m]);
                    p0 += ar * ar + ai * ai;
                    if (m + 1 < M) {
                        double br = crealf(a[m + 1]), bi = cimagf(a[m + 1]);
                        c1 += (br * ar + bi * ai) + I * (bi * ar - br * ai);
                    }
                }
                n_p0 += M;
                n_c1 += M - 1;
            }
        }
    if (n_p0 == 0) /* no CRS in this subframe: keep the last weights */
        return 0;
    /* both noise estimates are biased up, the pairs by the channel's change
     * over half a millisecond (Doppler), the second differences by its
     * frequency selectivity: the smaller is the better one */
    double n0 = fdof > 0 ? facc / fdof : 0.0;
    if (ndof > 0)
        n0 = LTE_MIN(n0, nacc / ndof);
    double s = p0 / n_p0 - n0;
    double snr_db = LTE_CHEST_ADAPT_SNR_MAX;
    if (s <= 0)
        snr_db = LTE_CHEST_ADAPT_SNR_MIN;
    else if (n0 > 0)
        snr_db = LTE_MAX(LTE_CHEST_ADAPT_SNR_MIN,
                         LTE_MIN(LTE_CHEST_ADAPT_SNR_MAX, 10.0 * log10(s / n0)));
    /* |R(90 kHz)| of the model at the largest tau: the smallest rho used */
    const double x_max = 2.0 * M_PI * PILOT_SPACING * SCS_HZ * LTE_CHEST_ADAPT_TAU_MAX;
    double rho = s > 0 ? cabs(c1) / n_c1 / s : 0.0;
    double rho_min = 1.0 / sqrt(1.0 + x_max * x_max);
    double tau = 0.0;
    if (!(rho >= 1.0)) {
        rho = LTE_MAX(rho, rho_min);
        tau = sqrt(1.0 / (rho * rho) - 1.0) / (2.0 * M_PI * PILOT_SPACING * SCS_HZ);
        tau = LTE_MIN(tau, LTE_CHEST_ADAPT_TAU_MAX);
    }
    ch->a_tau = tau;
    ch->a_snr_db = snr_db;
    ch->a_valid = 1;
    /* at least one step: the tau = 0 model (a flat channel) averages every
     * pilot of the window alike, which costs much at high SNR when the
     * channel is not quite flat */
    int tq = LTE_MAX(1, (int)lround(tau / LTE_CHEST_ADAPT_TAU_STEP));
    int sq = (int)lround(snr_db / LTE_CHEST_ADAPT_SNR_STEP);
    if (tq != ch->aw_tq || sq != ch->aw_sq) {
        int rc = adapt_design(ch, tq * LTE_CHEST_ADAPT_TAU_STEP, sq * LTE_CHEST_ADAPT_SNR_STEP);
        if (rc < 0) {
            ch->aw_tq = ch->aw_sq = -1000;
            return rc;
        }
        ch->aw_tq = tq;
        ch->aw_sq = sq;
    }
    return 0;
}

int lte_chest_last_delay_spread(const lte_chest *ch, double *tau_s, double *snr_db,
                                double *tau_q_s, double *snr_q_db)
{
    LTE_CHECK_ARG(ch != NULL, "ch must not be NULL");
    LTE_CHECK_ARG(ch->cfg.adapt, "the object was created with adapt = 0");
    LTE_CHECK_ARG(ch->a_valid, "no subframe estimated yet");
    if (tau_s)
        *tau_s = ch->a_tau;
    if (snr_db)
        *snr_db = ch->a_snr_db;
    if (tau_q_s)
        *tau_q_s = ch->aw_tq * LTE_CHEST_ADAPT_TAU_STEP;
    if (snr_q_db)
        *snr_q_db = ch->aw_sq * LTE_CHEST_ADAPT_SNR_STEP;
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
    if (ch->cfg.adapt) {
        int rc = adapt_update(ch, subframe, rx);
        if (rc < 0)
            return rc;
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
