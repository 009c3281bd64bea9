/* ltephy phy: downlink cell search: PSS/SSS detection, CFO, frame timing,
 * CP and duplex detection, MIB acquisition (cellsearch.h).
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <liquid/liquid.h>

#include "kernels/internal.h"
#include "ltephy/cellsearch.h"
#include "ltephy/fft.h"
#include "ltephy/iq.h"
#include "ltephy/sync.h"

#define N 128                  /* useful OFDM symbol at 1.92 Msps */
#define HALF 64                /* PSS correlation halves */
#define HF LTE_CS_HALF_FRAME
#define NB 10240               /* PSS block FFT (2^11 * 5): HF + N - 1 <= NB */
#define SCS 15000.0
#define BACK 2                 /* sync FFT windows start this far into the CP */
#define SSS_MARGIN 1.4f        /* best / second-best SSS hypothesis */
#define N_LAYOUT 4             /* FDD/TDD x normal/extended CP */
#define N_ID1 168
#define SIDELOBE_SPAN 40       /* samples: the extended CP (32) and a little */
#define SIDELOBE_RATIO 0.25f   /* PSS metric relative to the stronger cell */
#define ALIAS_CFO_HZ 7500.0    /* half a subcarrier: an integer-CFO image (lte_cs_is_image) */
#define ALIAS_SHIFT 40         /* largest PSS alias shift considered: the extended CP (32) and a little */
#define ALIAS_SEARCH 3         /* samples either side of an alias's predicted position */
#define ALIAS_RATIO 0.7        /* least alias / peak correlation power to try an alias */

struct lte_cs {
    lte_cs_cfg cfg;
    int n_hyp;
    int hyp_hz[LTE_CS_MAX_CFO_HYP];
    lte_fft *fwd, *inv, *f128;
    float complex *blk, *X, *c0, *c1; /* NB each */
    float complex *P;                 /* [3][n_hyp][2][NB] conj spectra of replica halves */
    float *num;                       /* [3][n_hyp][HF] */
    float complex *cross;             /* [3][n_hyp][HF] */
    double *den;                      /* [HF] */
    double den_floor;                 /* lower bound of den, see pss_floor */
    float complex rep[3][N];          /* PSS replicas, time domain */
    float complex pss[3][LTE_SYNC_LEN];
    float sss[3][2][N_ID1][LTE_SYNC_LEN];
    float eph;                        /* energy of one replica half */
    int k_pss;                        /* half-frames of the last PSS search */
    float complex *w, *W;             /* 128-sample window and its spectrum */
    float complex *sfb;               /* one subframe, CFO removed */
    float *soft;                      /* [4][3][LTE_CS_PBCH_Q]: PBCH soft values of the last
                                       * four frames, port hypotheses 1, 2, 4 (MIB step) */
    nco_crcf nco;
    lte_cs_pbch *pbch;
    /* SSS accumulators of one detection (complex: see sss_half): the
     * channel-compensated SSS REs summed over the half-frames of each
     * parity, then their correlations (sss_correlate) */
    double complex zsum[N_LAYOUT][2][LTE_SYNC_LEN];
    double complex acc[N_LAYOUT][2][N_ID1];
    double z2[N_LAYOUT];   /* sum of |z|^2 over the terms of acc, and their count */
    long nz[N_LAYOUT];
};

int lte_cs_cfg_init(lte_cs_cfg *cfg)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg must not be NULL");
    memset(cfg, 0, sizeof *cfg);
    cfg->cfo_max_hz = 15000.0;
    cfg->max_half_frames = 8;
    cfg->pss_threshold = 0.08f;
    cfg->sss_threshold = 0.196f; /* 0.25 pi/4: cellsearch.h */
    cfg->peaks_per_root = 2;
    cfg->max_frames = 0;
    return 0;
}

/* FFT bin (0..127) of sync-sequence element n: d(0..30) on subcarriers
 * -31..-1, d(31..61) on +1..+31 around the unused DC (§6.11.1.2, §6.12). */
static int sync_bin(int n)
{
    int f = n < 31 ? n - 31 : n - 30;
    return (f + N) % N;
}

static int check_cfg(const lte_cs_cfg *c)
{
    LTE_CHECK_ARG(isfinite(c->cfo_max_hz) && c->cfo_max_hz >= 0 &&
                      c->cfo_max_hz <= SCS * (LTE_CS_MAX_CFO_HYP / 2),
                  "cfo_max_hz=%g is not in [0, %g]", c->cfo_max_hz,
                  SCS * (LTE_CS_MAX_CFO_HYP / 2));
    LTE_CHECK_ARG(c->max_half_frames >= 1 && c->max_half_frames <= 64,
                  "max_half_frames=%d is not 1..64", c->max_half_frames);
    LTE_CHECK_ARG(c->pss_threshold > 0 && c->pss_threshold < 1, "pss_threshold=%g",
                  c->pss_threshold);
    LTE_CHECK_ARG(c->sss_threshold > 0 && c->sss_threshold < 1, "sss_threshold=%g",
                  c->sss_threshold);
    LTE_CHECK_ARG(c->peaks_per_root >= 1 && c->peaks_per_root <= 4, "peaks_per_root=%d",
                  c->peaks_per_root);
    LTE_CHECK_ARG(c->max_frames >= 0, "max_frames=%d", c->max_frames);
    return 0;
}

void lte_cs_destroy(lte_cs *cs)
{
    if (!cs)
        return;
    lte_fft_destroy(cs->fwd);
    lte_fft_destroy(cs->inv);
    lte_fft_destroy(cs->f128);
    lte_free(cs->blk);
    lte_free(cs->X);
    lte_free(cs->c0);
    lte_free(cs->c1);
    lte_free(cs->P);
    lte_free(cs->num);
    lte_free(cs->cross);
    lte_free(cs->den);
    lte_free(cs->w);
    lte_free(cs->W);
    lte_free(cs->sfb);
    lte_free(cs->soft);
    if (cs->nco)
        nco_crcf_destroy(cs->nco);
    lte_cs_pbch_destroy(cs->pbch);
    lte_free(cs);
}

/* Replicas: the PSS on its 62 subcarriers, inverse FFT (§6.12), no CP. */
static int make_replicas(lte_cs *cs)
{
    double eh = 0;
    for (int r = 0; r < 3; r++) {
        int rc = lte_pss_gen(r, cs->pss[r]);
        if (rc < 0)
            return rc;
        memset(cs->W, 0, N * sizeof *cs->W);
        for (int n = 0; n < LTE_SYNC_LEN; n++)
            cs->W[sync_bin(n)] = cs->pss[r][n];
        lte_fft_cfg c = {.n = N, .dir = LTE_FFT_INVERSE};
        lte_fft *ifft = NULL;
        if ((rc = lte_fft_create(&c, &ifft)) < 0)
            return rc;
        rc = lte_fft_execute(ifft, cs->W, cs->w);
        lte_fft_destroy(ifft);
        if (rc < 0)
            return rc;
        for (int t = 0; t < N; t++) {
            cs->rep[r][t] = cs->w[t] / sqrtf((float)N);
            eh += crealf(cs->rep[r][t] * conjf(cs->rep[r][t]));
        }
        for (int s = 0; s < 2; s++)
            for (int id1 = 0; id1 < N_ID1; id1++) {
                float complex d[LTE_SYNC_LEN];
                if ((rc = lte_sss_gen(id1, r, s ? 5 : 0, d)) < 0)
                    return rc;
                for (int n = 0; n < LTE_SYNC_LEN; n++)
                    cs->sss[r][s][id1][n] = crealf(d[n]);
            }
    }
    cs->eph = (float)(eh / 6.0); /* three replicas, two halves each */
    return 0;
}

/* Spectra of the replica halves, each shifted by its CFO hypothesis
 * (correlating with p(t) e^{j 2 pi f t} removes a CFO f from the signal). */
static int make_half_spectra(lte_cs *cs)
{
    for (int r = 0; r < 3; r++)
        for (int h = 0; h < cs->n_hyp; h++)
            for (int s = 0; s < 2; s++) {
                float complex *p = cs->P + (((size_t)r * cs->n_hyp + h) * 2 + s) * NB;
                memset(cs->blk, 0, NB * sizeof *cs->blk);
                for (int t = s * HALF; t < (s + 1) * HALF; t++)
                    cs->blk[t] = cs->rep[r][t] *
                                 (float complex)cexp(I * 2.0 * M_PI * cs->hyp_hz[h] * t / LTE_CS_FS);
                int rc = lte_fft_execute(cs->fwd, cs->blk, p);
                if (rc < 0)
                    return rc;
                for (int k = 0; k < NB; k++)
                    p[k] = conjf(p[k]) / (float)NB;
            }
    return 0;
}

static int alloc_all(lte_cs *cs)
{
    size_t nrh = 3 * (size_t)cs->n_hyp;
    cs->blk = lte_alloc(NB * sizeof(float complex));
    cs->X = lte_alloc(NB * sizeof(float complex));
    cs->c0 = lte_alloc(NB * sizeof(float complex));
    cs->c1 = lte_alloc(NB * sizeof(float complex));
    cs->P = lte_alloc(nrh * 2 * NB * sizeof(float complex));
    cs->num = lte_alloc(nrh * HF * sizeof(float));
    cs->cross = lte_alloc(nrh * HF * sizeof(float complex));
    cs->den = lte_alloc(HF * sizeof(double));
    cs->w = lte_alloc(N * sizeof(float complex));
    cs->W = lte_alloc(N * sizeof(float complex));
    cs->sfb = lte_alloc(LTE_CS_FRAME / 10 * sizeof(float complex));
    cs->soft = lte_alloc(4 * 3 * LTE_CS_PBCH_Q * sizeof(float));
    cs->nco = nco_crcf_create(LIQUID_VCO);
    if (!cs->blk || !cs->X || !cs->c0 || !cs->c1 || !cs->P || !cs->num || !cs->cross ||
        !cs->den || !cs->w || !cs->W || !cs->sfb || !cs->soft || !cs->nco)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    return 0;
}

int lte_cs_create(const lte_cs_cfg *cfg, lte_cs **out)
{
    LTE_CHECK_ARG(cfg != NULL && out != NULL, "cfg and out must not be NULL");
    *out = NULL;
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    lte_cs *cs = lte_alloc(sizeof *cs);
    if (!cs)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    cs->cfg = *cfg;
    int m = (int)floor(cfg->cfo_max_hz / SCS + 1e-9);
    for (int i = -m; i <= m; i++)
        cs->hyp_hz[cs->n_hyp++] = (int)(i * SCS);
    lte_fft_cfg fc = {.n = NB, .dir = LTE_FFT_FORWARD};
    lte_fft_cfg ic = {.n = NB, .dir = LTE_FFT_INVERSE};
    lte_fft_cfg sc = {.n = N, .dir = LTE_FFT_FORWARD};
    if ((rc = alloc_all(cs)) == 0 && (rc = lte_fft_create(&fc, &cs->fwd)) == 0 &&
        (rc = lte_fft_create(&ic, &cs->inv)) == 0 && (rc = lte_fft_create(&sc, &cs->f128)) == 0 &&
        (rc = make_replicas(cs)) == 0 && (rc = make_half_spectra(cs)) == 0)
        rc = lte_cs_pbch_create(&cs->pbch);
    if (rc < 0) {
        lte_cs_destroy(cs);
        return rc;
    }
    *out = cs;
    return 0;
}

/* ---- Step 1: PSS -------------------------------------------------------- */

static int n_half_frames(const lte_cs *cs, size_t n)
{
    size_t k = (n - N) / HF + 1; /* half-frames with at least one whole window */
    return (int)LTE_MIN(k, (size_t)cs->cfg.max_half_frames);
}

/* out = a * b elementwise, in plain real arithmetic: C99 complex '*' adds
 * NaN/infinity recovery that keeps the compiler from vectorising. */
static void cmul(const float complex *a, const float complex *b, float complex *out, int n)
{
    const float *x = (const float *)a, *y = (const float *)b;
    float *z = (float *)out;
    for (int k = 0; k < 2 * n; k += 2) {
        float re = x[k] * y[k] - x[k + 1] * y[k + 1];
        float im = x[k] * y[k + 1] + x[k + 1] * y[k];
        z[k] = re;
        z[k + 1] = im;
    }
}

/* num += |c0|^2 + |c1|^2, cross += c1 c0*, over n lags (real arithmetic as above). */
static void accumulate(const float complex *c0, const float complex *c1, float *num,
                       float complex *cross, int n)
{
    const float *a = (const float *)c0, *b = (const float *)c1;
    float *cr = (float *)cross;
    for (int t = 0; t < n; t++) {
        float ar = a[2 * t], ai = a[2 * t + 1], br = b[2 * t], bi = b[2 * t + 1];
        num[t] += ar * ar + ai * ai + br * br + bi * bi;
        cr[2 * t] += br * ar + bi * ai;
        cr[2 * t + 1] += bi * ar - br * ai;
    }
}

static double sample_energy(float complex v)
{
    return (double)crealf(v) * crealf(v) + (double)cimagf(v) * cimagf(v);
}

/* Accumulate one half-frame block starting at sample b. */
static int pss_block(lte_cs *cs, const float complex *x, size_t n, size_t b)
{
    size_t avail = LTE_MIN((size_t)NB, n - b);
    memcpy(cs->blk, x + b, avail * sizeof *cs->blk);
    memset(cs->blk + avail, 0, (NB - avail) * sizeof *cs->blk);
    int rc = lte_fft_execute(cs->fwd, cs->blk, cs->X);
    if (rc < 0)
        return rc;
    cs->X[0] = 0; /* a receiver DC offset is no part of the PSS (DC unused, §6.12) */
    int lags = (int)LTE_MIN((size_t)HF, avail >= N ? avail - N + 1 : 0);
    /* window energies: a running sum in double, restarted from an exact sum
     * every N lags so that rounding residue cannot pile up over the block
     * (what is left of it in a silent window is handled by the floor of
     * pss_metric) */
    double e = 0;
    for (int t = 0; t < lags; t++) {
        if (t % N == 0) {
            e = 0;
            for (int i = 0; i < N; i++)
                e += sample_energy(x[b + t + i]);
        } else {
            e += sample_energy(x[b + t + N - 1]) - sample_energy(x[b + t - 1]);
            e = LTE_MAX(e, 0.0);
        }
        cs->den[t] += e;
    }
    for (int r = 0; r < 3; r++)
        for (int h = 0; h < cs->n_hyp; h++) {
            size_t rh = (size_t)r * cs->n_hyp + h;
            const float complex *p0 = cs->P + (rh * 2) * NB, *p1 = p0 + NB;
            cmul(cs->X, p0, cs->c0, NB);
            cmul(cs->X, p1, cs->c1, NB);
            if ((rc = lte_fft_execute(cs->inv, cs->c0, cs->c0)) < 0 ||
                (rc = lte_fft_execute(cs->inv, cs->c1, cs->c1)) < 0)
                return rc;
            accumulate(cs->c0, cs->c1, cs->num + rh * HF, cs->cross + rh * HF, lags);
        }
    return 0;
}

/* The metric's denominator is the window energy, but the correlation comes
 * from FFTs of the whole block in single precision: at a lag where the
 * window is (nearly) silent, e.g. OFDM symbols without CRS or data in a
 * noiseless or very clean signal, the correlation is rounding noise of the
 * order of 1e-7 of the block's amplitude while the window energy is 0 or
 * far smaller, and their ratio is meaningless (metrics of 30..900 seen).
 * The denominator is therefore kept at least PSS_FLOOR times the mean
 * window energy over the half-frame: a window 40 dB quieter than the mean
 * cannot hold a PSS worth detecting, and the rounding noise divided by that
 * floor stays orders of magnitude below the thresholds. A PSS window, whose
 * energy is of the order of the mean, is not affected. */
#define PSS_FLOOR 1e-4
static void pss_floor(lte_cs *cs)
{
    double m = 0;
    for (int t = 0; t < HF; t++)
        m += cs->den[t];
    cs->den_floor = PSS_FLOOR * m / HF;
}

static float pss_metric(const lte_cs *cs, int r, int h, int t)
{
    double d = LTE_MAX(cs->den[t], cs->den_floor) * cs->eph;
    return d > 0 ? (float)(cs->num[((size_t)r * cs->n_hyp + h) * HF + t] / d) : 0.0f;
}

/* Best hypothesis at lag t for root r. */
static int best_hyp(const lte_cs *cs, int r, int t, float *m)
{
    int bh = 0;
    *m = -1;
    for (int h = 0; h < cs->n_hyp; h++) {
        float v = pss_metric(cs, r, h, t);
        if (v > *m) {
            *m = v;
            bh = h;
        }
    }
    return bh;
}

/* The thresholds are set for 8 half-frames; the noise-only maxima of both
 * metrics shrink about as 1/sqrt(K) with K accumulated half-frames, so a
 * shorter accumulation needs a proportionally higher threshold for the same
 * false-alarm rate. */
static float threshold(float at8, int K)
{
    return at8 * sqrtf(8.0f / (float)LTE_MAX(K, 1));
}

static void pss_peaks_root(lte_cs *cs, int r, lte_cs_pss_peak *pk, int max, int *np)
{
    static const int guard = 32; /* samples either side of a taken peak */
    int taken[4], nt = 0;
    while (nt < cs->cfg.peaks_per_root && *np < max) {
        float best = 0;
        int bt = -1, bh = 0;
        for (int t = 0; t < HF; t++) {
            int skip = 0;
            for (int i = 0; i < nt; i++) {
                int d = abs(t - taken[i]);
                skip |= LTE_MIN(d, HF - d) <= guard;
            }
            float m;
            int h = best_hyp(cs, r, t, &m);
            if (!skip && m > best) {
                best = m;
                bt = t;
                bh = h;
            }
        }
        if (bt < 0 || best < threshold(cs->cfg.pss_threshold, cs->k_pss))
            break;
        taken[nt++] = bt;
        float complex cr = cs->cross[((size_t)r * cs->n_hyp + bh) * HF + bt];
        lte_cs_pss_peak *p = &pk[(*np)++];
        p->n_id2 = r;
        p->pos = bt;
        p->metric = best;
        p->cfo_hyp_hz = cs->hyp_hz[bh];
        /* c1 c0* = e^{j 2 pi f 64 / fs} |.|^2 for a residual CFO f */
        p->cfo_hz = cs->hyp_hz[bh] + cargf(cr) * LTE_CS_FS / (2.0 * M_PI * HALF);
    }
}

int lte_cs_pss_search(lte_cs *cs, const float complex *x, size_t n, lte_cs_pss_peak *peaks,
                      int max, int *n_peaks)
{
    LTE_CHECK_ARG(cs != NULL && x != NULL && peaks != NULL && n_peaks != NULL,
                  "cs, x, peaks and n_peaks must not be NULL");
    LTE_CHECK_ARG(n >= 2048, "n=%zu samples is too short (at least 2048)", n);
    LTE_CHECK_ARG(max >= 1, "max=%d", max);
    *n_peaks = 0;
    size_t nrh = 3 * (size_t)cs->n_hyp;
    memset(cs->num, 0, nrh * HF * sizeof *cs->num);
    memset(cs->cross, 0, nrh * HF * sizeof *cs->cross);
    memset(cs->den, 0, HF * sizeof *cs->den);
    int K = n_half_frames(cs, n);
    cs->k_pss = K;
    for (int k = 0; k < K; k++) {
        int rc = pss_block(cs, x, n, (size_t)k * HF);
        if (rc < 0)
            return rc;
    }
    pss_floor(cs);
    for (int r = 0; r < 3; r++)
        pss_peaks_root(cs, r, peaks, max, n_peaks);
    /* strongest first */
    for (int i = 1; i < *n_peaks; i++)
        for (int j = i; j > 0 && peaks[j].metric > peaks[j - 1].metric; j--) {
            lte_cs_pss_peak t = peaks[j];
            peaks[j] = peaks[j - 1];
            peaks[j - 1] = t;
        }
    return 0;
}

/* ---- Step 2: SSS -------------------------------------------------------- */

/* 6-RB cell of a layout: g = 2*duplex + cp. */
static void layout_cell(int g, lte_cell_cfg *c)
{
    lte_cell_cfg_init(c);
    c->n_rb = 6;
    c->duplex = (lte_duplex)(g >> 1);
    c->cp = (lte_cp)(g & 1);
}

/* Offset of the first useful sample of symbol l_sf of subframe sf from the
 * frame start (§6.12). */
static int useful_start(const lte_cell_cfg *c, int sf, int l_sf)
{
    int ns = lte_cell_symb_per_slot(c);
    return sf * 1920 + lte_cell_symbol_start(c, l_sf) + lte_cell_cp_len(c, l_sf % ns);
}

/* Frame offsets of the PSS and SSS useful parts: FDD PSS in subframe 0,
 * TDD in subframe 1 (§6.11.1.2); SSS in subframe 0 (§6.11.2.2). */
static void layout_offsets(int g, int *pss_off, int *sss_off)
{
    lte_cell_cfg c;
    layout_cell(g, &c);
    int lp = 0, ls = 0, sfp = c.duplex == LTE_TDD ? 1 : 0;
    lte_pss_symbol(&c, sfp, &lp);
    lte_sss_symbol(&c, 0, &ls);
    *pss_off = useful_start(&c, sfp, lp);
    *sss_off = useful_start(&c, 0, ls);
}

/* Spectrum (unitary scaling) of the 128 samples at x[t..], CFO removed with
 * the phase of absolute time t. Returns 0 or an error. */
static int window_spectrum(lte_cs *cs, const float complex *x, long t, double cfo)
{
    double w = 2.0 * M_PI * cfo / LTE_CS_FS;
    nco_crcf_set_frequency(cs->nco, (float)w);
    nco_crcf_set_phase(cs->nco, (float)fmod(w * (double)t, 2.0 * M_PI));
    nco_crcf_mix_block_down(cs->nco, (float complex *)(x + t), cs->w, N);
    int rc = lte_fft_execute(cs->f128, cs->w, cs->W);
    for (int k = 0; k < N; k++)
        cs->W[k] *= 1.0f / sqrtf((float)N);
    return rc;
}

/* One half-frame: PSS at useful start tp. Adds to the accumulators. */
static int sss_half(lte_cs *cs, const float complex *x, size_t n, const lte_cs_pss_peak *pk,
                    long tp, int hf, double *pp, double *ps, int *np)
{
    if (tp - BACK < 0 || tp - BACK + N > (long)n)
        return 0;
    int rc = window_spectrum(cs, x, tp - BACK, pk->cfo_hz);
    if (rc < 0)
        return rc;
    float complex hp[LTE_SYNC_LEN]; /* PSS RE times d*: the channel */
    for (int i = 0; i < LTE_SYNC_LEN; i++) {
        hp[i] = cs->W[sync_bin(i)] * conjf(cs->pss[pk->n_id2][i]);
        *pp += crealf(hp[i] * conjf(hp[i])) / LTE_SYNC_LEN;
    }
    (*np)++;
    for (int g = 0; g < N_LAYOUT; g++) {
        int po, so;
        layout_offsets(g, &po, &so);
        long ts = tp - (po - so) - BACK;
        if (ts < 0)
            continue;
        if ((rc = window_spectrum(cs, x, ts, pk->cfo_hz)) < 0)
            return rc;
        /* Coherent with the PSS's channel, but the correlation is kept
         * complex and its magnitude taken (sss_pick): the PSS is 1 (FDD) or
         * 3 (TDD) symbols after the SSS, so a residual CFO d of the PSS
         * estimate turns every SSS subcarrier by the same 2 pi d 71.4 /
         * 214 / 250 us. A real part would lose cos of that (TDD extended
         * CP, EVA: an 810 Hz bias of the PSS half-correlation estimate
         * gave 73 degrees, metric 0.29 instead of 1: no cell). Noise alone
         * gives about the same maxima either way (Gaussian and Rayleigh
         * tails), and the SSS hypotheses are m-sequence shifts whose
         * cross-correlations are small in magnitude, none near -1. */
        double z2 = 0, es = 0;
        for (int i = 0; i < LTE_SYNC_LEN; i++) {
            float complex y = cs->W[sync_bin(i)], z = y * conjf(hp[i]);
            cs->zsum[g][hf % 2][i] += z;
            z2 += crealf(z * conjf(z));
            es += crealf(y * conjf(y)) / LTE_SYNC_LEN;
        }
        ps[g] += es;
        cs->z2[g] += z2;
        cs->nz[g] += LTE_SYNC_LEN;
    }
    return 0;
}

/* The correlations of the half-frame sums with every sequence: hypothesis
 * a says half-frame hf holds subframe 0 if (hf + a) is even, so the even
 * half-frames' sum meets the sequences of subframe a, the odd ones' those
 * of the other (correlating the sums is the sum of the per-half-frame
 * correlations, in a K/2-th of the work). */
static void sss_correlate(lte_cs *cs, int n_id2)
{
    for (int g = 0; g < N_LAYOUT; g++)
        for (int a = 0; a < 2; a++)
            for (int id = 0; id < N_ID1; id++) {
                const float *q0 = cs->sss[n_id2][a][id], *q1 = cs->sss[n_id2][1 - a][id];
                double mr = 0, mi = 0;
                for (int i = 0; i < LTE_SYNC_LEN; i++) {
                    double complex z0 = cs->zsum[g][0][i], z1 = cs->zsum[g][1][i];
                    mr += creal(z0) * q0[i] + creal(z1) * q1[i];
                    mi += cimag(z0) * q0[i] + cimag(z1) * q1[i];
                }
                cs->acc[g][a][id] = CMPLX(mr, mi);
            }
}

/* The SSS metric of layout g: the correlation over the Cauchy-Schwarz bound
 * sqrt(terms x sum |z|^2) of the +-1 sequences, 1 for a noiseless SSS on a
 * flat channel. A window with few REs of energy (the control region of a
 * TDD special subframe, where the FDD layout looks for the SSS: a few PDCCH
 * REGs, the rest empty) stays far below 1 whatever their signs: dividing
 * by sum |z| instead, sign agreement on a handful of REs gave 0.83 and cost
 * a noiseless TDD cell its SSS margin. */
static float sss_value(const lte_cs *cs, int g, int a, int id)
{
    double nrm = sqrt((double)cs->nz[g] * cs->z2[g]);
    return nrm > 0 ? (float)(cabs(cs->acc[g][a][id]) / nrm) : -1.0f;
}

static void sss_pick(const lte_cs *cs, int *bg, int *ba, int *bid, float *best, float *second)
{
    *best = -2;
    *bg = *ba = *bid = 0;
    for (int g = 0; g < N_LAYOUT; g++)
        for (int a = 0; a < 2; a++)
            for (int id = 0; id < N_ID1; id++) {
                float v = sss_value(cs, g, a, id);
                if (v > *best) {
                    *best = v;
                    *bg = g;
                    *ba = a;
                    *bid = id;
                }
            }
    *second = 1e-6f;
    for (int g = 0; g < N_LAYOUT; g++)
        for (int a = 0; a < 2; a++)
            for (int id = 0; id < N_ID1; id++) {
                if (a == *ba && id == *bid)
                    continue;
                *second = LTE_MAX(*second, sss_value(cs, g, a, id));
            }
}

static float pss_corr_at(lte_cs *cs, const float complex *x, long t, int r, double cfo);

/* The SSS for one (timing, CFO) hypothesis of a peak: 0, or LTE_ENOTFOUND
 * (no error message set) with *thr the threshold it missed. */
static int sss_detect_at(lte_cs *cs, const float complex *x, size_t n, const lte_cs_pss_peak *pk,
                         lte_cs_cell *cell, float *thr_used)
{
    memset(cs->zsum, 0, sizeof cs->zsum);
    memset(cs->z2, 0, sizeof cs->z2);
    memset(cs->nz, 0, sizeof cs->nz);
    double pp = 0, ps[N_LAYOUT] = {0};
    int np = 0;
    int K = (int)((n + HF - 1) / HF);
    K = LTE_MIN(K, cs->cfg.max_half_frames);
    for (int hf = 0; hf < K; hf++) {
        int rc = sss_half(cs, x, n, pk, (long)hf * HF + pk->pos, hf, &pp, ps, &np);
        if (rc < 0)
            return rc;
    }
    sss_correlate(cs, pk->n_id2);
    int g, a, id;
    float best, second;
    sss_pick(cs, &g, &a, &id, &best, &second);
    memset(cell, 0, sizeof *cell);
    cell->n_id1 = id;
    cell->n_id2 = pk->n_id2;
    cell->pci = 3 * id + pk->n_id2;
    cell->duplex = (lte_duplex)(g >> 1);
    cell->cp = (lte_cp)(g & 1);
    cell->cfo_hz = cell->cfo_coarse_hz = pk->cfo_hz;
    cell->pss_pos = pk->pos;
    cell->pss_metric = pk->metric;
    cell->sss_metric = best;
    cell->sss_margin = best / second;
    cell->pss_power_db = np ? (float)(10.0 * log10(pp / np + 1e-30)) : -300.0f;
    cell->sss_power_db = np ? (float)(10.0 * log10(ps[g] / np + 1e-30)) : -300.0f;
    /* the PSS of half-frame a (0 or 1) is in the frame's first half */
    int po, so;
    layout_offsets(g, &po, &so);
    long f0 = (long)a * HF + pk->pos - po;
    cell->frame_start = ((f0 % LTE_CS_FRAME) + LTE_CS_FRAME) % LTE_CS_FRAME;
    cell->frame_start_fine = (double)cell->frame_start;
    float thr = threshold(cs->cfg.sss_threshold, np);
    *thr_used = thr;
    if (best < thr || cell->sss_margin < SSS_MARGIN || np == 0)
        return LTE_ENOTFOUND;
    return 0;
}

/* The PSS alone cannot always tell the integer CFO. Its sequence is the
 * Zadoff-Chu sequence x_u(k) = e^{-j pi u k (k+1) / 63}, k = 0..62, with
 * its middle element (on the DC) left out (36.211 §6.11.1.1; u = 25, 29, 34
 * for N_ID^(2) = 0, 1, 2), and x_u(k + m) = x_u(k) e^{-j pi u (2 k m + m^2
 * + m) / 63}: moved by m subcarriers it is the same sequence times a linear
 * phase, i.e. the PSS symbol cyclically shifted by about u m 128 / 63
 * samples (mod 128). For m = +-2, an integer-CFO hypothesis 30 kHz off
 * (the -15 / +15 kHz pair of the default search), that is 26.4 samples for
 * u = 25 and 10.2 for u = 29 and 34: within the extended CP (32 samples,
 * §6.12), so a window that far into the CP holds a cyclic shift of the PSS
 * and correlates under the wrong hypothesis as well as the true window
 * under the right one. The two metrics then differ by a few per cent, and
 * which wins depends on the channel, the noise and the data around the PSS
 * (the 26.4-sample alias of u = 25 needs the extended CP; the normal CP, 9
 * or 10 samples, nearly holds the 10.2 of u = 29 and 34 too). A shift of
 * one subcarrier (51 or 59 samples) leaves every CP: that alias stays well
 * below the true peak (0.57..0.8 of it, noiseless). The SSS (§6.11.2.1,
 * m-sequences, no such property) tells them apart: for every other integer
 * hypothesis whose alias shift is within ALIAS_SHIFT, the alias is located
 * (ALIAS_SEARCH samples around the predicted position, the same fractional
 * CFO) and its SSS detected, and the hypothesis whose SSS passes best wins. */
/* Sum over the half-frames of |correlation|^2 with the replica of root r at
 * position p (0..HF-1, plus an offset) with the CFO removed; *en (if not
 * NULL) gets the sum of the window energies. */
static double pss_power_at(lte_cs *cs, const float complex *x, size_t n, int r, long p,
                           double cfo, int K, double *en)
{
    double s = 0, e = 0;
    for (int hf = 0; hf < K; hf++) {
        long t = (long)hf * HF + p;
        if (t < 0 || t + N > (long)n)
            continue;
        double c = pss_corr_at(cs, x, t, r, cfo);
        s += c * c;
        if (en)
            for (int i = 0; i < N; i++)
                e += sample_energy(x[t + i]);
    }
    if (en)
        *en = e;
    return s;
}

/* Zadoff-Chu root of the PSS of N_ID^(2) = r (36.211 Table 6.11.1.1-1). */
static int pss_root(int r)
{
    static const int u[3] = {25, 29, 34};
    return u[r];
}

/* The alias of peak pk under the integer hypothesis hyp_hz: the same
 * fractional CFO, the position moved by the cyclic shift that the change of
 * hypothesis by m subcarriers maps to, u m N / 63 samples (taken in
 * -N/2..N/2), searched ALIAS_SEARCH samples either side. 1 and *alt if that
 * shift is within ALIAS_SHIFT (so that a CP can hold it) and the alias's
 * correlation power is at least ALIAS_RATIO of the peak's own, else 0: a
 * true alias (a cyclic shift of the PSS held by the CP) gives 0.9..1.0 of
 * it; a weaker one is not that, and its SSS could only pass by chance
 * (seen: 0.5, the alias of an alias one subcarrier off, passing the SSS
 * threshold at a wrong N_ID^(1) with a margin of 1.5). Its metric
 * is that of a coherent correlation over the whole replica (1 for a
 * noiseless PSS alone, as the search's). */
static int pss_alias(lte_cs *cs, const float complex *x, size_t n, const lte_cs_pss_peak *pk,
                     int hyp_hz, int K, lte_cs_pss_peak *alt)
{
    double m = (double)(hyp_hz - pk->cfo_hyp_hz) / SCS;
    double sh = pss_root(pk->n_id2) * m * N / 63.0;
    sh -= N * floor(sh / N + 0.5);
    if (fabs(sh) > ALIAS_SHIFT)
        return 0;
    double cfo = pk->cfo_hz + (double)(hyp_hz - pk->cfo_hyp_hz);
    double p0 = pss_power_at(cs, x, n, pk->n_id2, pk->pos, pk->cfo_hz, K, NULL);
    double best = -1;
    long c = pk->pos + lround(sh), bt = c;
    for (long t = c - ALIAS_SEARCH; t <= c + ALIAS_SEARCH; t++) {
        double v = pss_power_at(cs, x, n, pk->n_id2, t, cfo, K, NULL);
        if (v > best) {
            best = v;
            bt = t;
        }
    }
    if (!(p0 > 0) || best < ALIAS_RATIO * p0)
        return 0;
    int pos = (int)((bt % HF + HF) % HF);
    double en = 0, c2 = pss_power_at(cs, x, n, pk->n_id2, pos, cfo, K, &en);
    double d = en * 2.0 * cs->eph; /* direct sums: a silent window gives 0 / 0 */
    *alt = *pk;
    alt->pos = pos;
    alt->cfo_hz = cfo;
    alt->cfo_hyp_hz = hyp_hz;
    alt->metric = d > 0 ? (float)LTE_MIN(1.0, c2 / d) : 0.0f;
    return 1;
}

int lte_cs_sss_detect(lte_cs *cs, const float complex *x, size_t n, const lte_cs_pss_peak *pk,
                      lte_cs_cell *cell)
{
    LTE_CHECK_ARG(cs != NULL && x != NULL && pk != NULL && cell != NULL,
                  "cs, x, pk and cell must not be NULL");
    LTE_CHECK_ARG(pk->n_id2 >= 0 && pk->n_id2 <= 2 && pk->pos >= 0 && pk->pos < HF,
                  "bad peak (n_id2 %d, pos %d)", pk->n_id2, pk->pos);
    LTE_CHECK_ARG(isfinite(pk->cfo_hz), "peak CFO is not finite");
    float thr = 0, thr_alt;
    int rc = sss_detect_at(cs, x, n, pk, cell, &thr);
    if (rc < 0 && rc != LTE_ENOTFOUND)
        return rc;
    int K = (int)LTE_MIN((n + HF - 1) / HF, (size_t)cs->cfg.max_half_frames);
    for (int h = 0; h < cs->n_hyp; h++) {
        lte_cs_pss_peak alt;
        if (cs->hyp_hz[h] == pk->cfo_hyp_hz)
            continue;
        if (!pss_alias(cs, x, n, pk, cs->hyp_hz[h], K, &alt))
            continue;
        lte_cs_cell c;
        int rca = sss_detect_at(cs, x, n, &alt, &c, &thr_alt);
        if (rca < 0 && rca != LTE_ENOTFOUND)
            return rca;
        if (rca == 0 && (rc != 0 || c.sss_metric > cell->sss_metric)) {
            *cell = c;
            rc = 0;
        }
    }
    if (rc == 0)
        return 0;
    /* no hypothesis passed: the cell is the peak's own best one */
    return lte_error_set_fn(LTE_ENOTFOUND, __func__,
                            "no SSS: best %.3f (threshold %.3f), margin %.2f", cell->sss_metric,
                            thr, cell->sss_margin);
}

/* ---- Step 3: fine CFO from the cyclic prefix ---------------------------- */

static void cp_corr_subframe(const float complex *x, size_t n, const lte_cell_cfg *c, long sf0,
                             double complex *acc, double *en)
{
    int ns = lte_cell_symb_per_slot(c);
    for (int l = 0; l < 2 * ns; l++) {
        long s = sf0 + lte_cell_symbol_start(c, l);
        int L = lte_cell_cp_len(c, l % ns);
        /* the second half of the CP: clear of the previous symbol's delay
         * spread and of a sample or two of timing error */
        for (long i = s + L / 2; i < s + L; i++) {
            if (i < 0 || i + N >= (long)n)
                continue;
            *acc += x[i] * conjf(x[i + N]);
            *en += 0.5 * (crealf(x[i] * conjf(x[i])) + crealf(x[i + N] * conjf(x[i + N])));
        }
    }
}

int lte_cs_fine_cfo(const float complex *x, size_t n, lte_cs_cell *cell)
{
    LTE_CHECK_ARG(x != NULL && cell != NULL, "x and cell must not be NULL");
    lte_cell_cfg c;
    layout_cell(2 * (int)cell->duplex + (int)cell->cp, &c);
    double complex acc = 0;
    double en = 0;
    /* subframes 0 and 5 are downlink in every frame structure (Table 4.2-2) */
    for (long f = cell->frame_start - LTE_CS_FRAME; f < (long)n; f += LTE_CS_FRAME)
        for (int sf = 0; sf < 10; sf += 5)
            cp_corr_subframe(x, n, &c, f + sf * 1920L, &acc, &en);
    if (!(en > 0) || cabs(acc) < 0.05 * en)
        return 0; /* too little CP correlation to trust: keep the coarse value */
    /* x[i + N] = x[i] e^{j 2 pi f N / fs}: the product's phase is -2 pi f N / fs */
    double f_cp = -carg(acc) * LTE_CS_FS / (2.0 * M_PI * N);
    double d = f_cp - cell->cfo_coarse_hz;
    d -= SCS * floor(d / SCS + 0.5);
    cell->cfo_hz = cell->cfo_coarse_hz + d;
    return 0;
}

/* ---- Step 4: MIB ------------------------------------------------------- */

/* |correlation| of the PSS replica with the CFO-corrected window at t. */
static float pss_corr_at(lte_cs *cs, const float complex *x, long t, int r, double cfo)
{
    double w = 2.0 * M_PI * cfo / LTE_CS_FS;
    nco_crcf_set_frequency(cs->nco, (float)w);
    nco_crcf_set_phase(cs->nco, (float)fmod(w * (double)t, 2.0 * M_PI));
    nco_crcf_mix_block_down(cs->nco, (float complex *)(x + t), cs->w, N);
    float complex s = 0;
    for (int i = 0; i < N; i++)
        s += cs->w[i] * conjf(cs->rep[r][i]);
    return cabsf(s);
}

/* Track the frame timing (a sampling-clock offset drifts it, e.g. 20 ppm is
 * 0.4 samples per frame at 1.92 Msps) with the PSS nearest to subframe 0 of
 * the frame starting at f: the best of +-3 samples, and (*frac) the
 * fraction of a sample from a parabola through the peak and its neighbours. */
static long refine_frame(lte_cs *cs, const float complex *x, size_t n, const lte_cs_cell *cell,
                         long f, double *frac)
{
    int g = 2 * (int)cell->duplex + (int)cell->cp, po, so;
    layout_offsets(g, &po, &so);
    float v[7];
    int bd = 0;
    for (int d = -3; d <= 3; d++) {
        long t = f + po + d;
        v[d + 3] = (t < 0 || t + N > (long)n) ? -1.0f
                                               : pss_corr_at(cs, x, t, cell->n_id2, cell->cfo_hz);
        if (v[d + 3] > v[bd + 3])
            bd = d;
    }
    *frac = 0;
    if (bd > -3 && bd < 3 && v[bd + 2] >= 0 && v[bd + 4] >= 0) {
        double den = v[bd + 2] - 2.0 * v[bd + 3] + v[bd + 4];
        if (den < 0)
            *frac = LTE_MAX(-0.5, LTE_MIN(0.5, 0.5 * (v[bd + 2] - v[bd + 4]) / den));
    }
    return f + bd;
}

/* Subframe 0 of the frame nominally starting at f, CFO removed, into
 * cs->sfb; *drift (in/out) carries the timing correction found in the
 * previous frame, so the tracking follows a steady drift. Returns the start
 * or -1 if the subframe is not all in x; *frac as refine_frame. */
static long frame_sf0(lte_cs *cs, const float complex *x, size_t n, const lte_cs_cell *cell,
                      long f, long *drift, double *frac)
{
    long t = refine_frame(cs, x, n, cell, f + *drift, frac);
    if (t < 0 || t + 1920 > (long)n)
        return -1;
    *drift = t - f;
    double w = 2.0 * M_PI * cell->cfo_hz / LTE_CS_FS;
    nco_crcf_set_frequency(cs->nco, (float)w);
    nco_crcf_set_phase(cs->nco, (float)fmod(w * (double)t, 2.0 * M_PI));
    nco_crcf_mix_block_down(cs->nco, (float complex *)(x + t), cs->sfb, 1920);
    return t;
}

int lte_cs_refine_cfo(lte_cs *cs, const float complex *x, size_t n, lte_cs_cell *cell)
{
    LTE_CHECK_ARG(cs != NULL && x != NULL && cell != NULL, "cs, x and cell must not be NULL");
    float complex acc = 0;
    long drift = 0;
    double frac;
    for (long f = cell->frame_start; f + 1920 + 3 <= (long)n; f += LTE_CS_FRAME) {
        if (frame_sf0(cs, x, n, cell, f, &drift, &frac) < 0)
            continue;
        int rc = lte_cs_pbch_crs_drift(cs->pbch, cell->pci, cell->cp, cs->sfb, &acc);
        if (rc < 0)
            return rc;
    }
    if (cabsf(acc) > 0)
        cell->cfo_hz += cargf(acc) / (2.0 * M_PI * 0.5e-3); /* one slot apart */
    return 0;
}

/* Least-squares line through the tracked frame timings (frame index i,
 * offset o from the nominal start): intercept and slope. */
typedef struct line_fit {
    double n, si, so, sii, sio;
} line_fit;

static void fit_add(line_fit *L, double i, double o)
{
    L->n += 1;
    L->si += i;
    L->so += o;
    L->sii += i * i;
    L->sio += i * o;
}

static void fit_apply(const line_fit *L, lte_cs_cell *cell)
{
    cell->frame_start_fine = (double)cell->frame_start;
    cell->clock_ppm = 0;
    if (L->n < 1)
        return;
    double det = L->n * L->sii - L->si * L->si;
    double b = L->n >= 2 && det > 0 ? (L->n * L->sio - L->si * L->so) / det : 0.0;
    double a = (L->so - b * L->si) / L->n;
    cell->frame_start_fine = (double)cell->frame_start + a;
    cell->clock_ppm = b / LTE_CS_FRAME * 1e6;
}

/* MIBs of frames fi and fj agree: the same fields and SFNs fj - fi apart. */
static int mib_agree(const lte_cs_mib *a, long fi, const lte_cs_mib *b, long fj)
{
    return a->n_rb == b->n_rb && a->phich_dur == b->phich_dur && a->ng == b->ng &&
           a->n_ports == b->n_ports && b->sfn == (int)(((a->sfn + fj - fi) % 1024 + 1024) % 1024);
}

#define MIB_VOTE_MAX 64 /* frames whose MIBs take part in the choice */

/* The MIB votes of lte_cs_decode_mib. */
typedef struct mib_votes {
    int n;
    lte_cs_mib mib[MIB_VOTE_MAX];
    long frame[MIB_VOTE_MAX], start[MIB_VOTE_MAX];
} mib_votes;

static void vote_add(mib_votes *v, const lte_cs_mib *mib, long fi, long t)
{
    if (v->n < MIB_VOTE_MAX) {
        v->mib[v->n] = *mib;
        v->frame[v->n] = fi;
        v->start[v->n++] = t;
    }
}

/* The last four frames of the MIB step: frame index (-1: none), decoded,
 * start of subframe 0; their soft values are in cs->soft, slot fi mod 4. */
typedef struct tti_ring {
    long fi[4], t[4];
    int ok[4];
} tti_ring;

/* Frames fi-3 .. fi, all at hand and at least one not decoded alone, taken
 * as one 40 ms PBCH period (the frame fi-3 with n_f mod 4 = 0) and
 * soft-combined (36.211 §6.6.1), port counts 1, 2, 4 in turn. A period that
 * starts elsewhere puts every quarter under the wrong part of the scrambling
 * sequence and fails the CRC like any wrong hypothesis (2^-16 per port
 * count). On success the frames not decoded alone count as decoded. */
static int try_combined(lte_cs *cs, lte_cs_cell *cell, tti_ring *r, long fi, mib_votes *v)
{
    int missing = 0;
    for (long g = fi - 3; g <= fi; g++) {
        if (g < 0 || r->fi[g & 3] != g)
            return 0;
        missing += !r->ok[g & 3];
    }
    if (missing == 0)
        return 0;
    static const int ports[3] = {1, 2, 4};
    for (int i = 0; i < 3; i++) {
        const float *seg[4];
        for (int s = 0; s < 4; s++)
            seg[s] = cs->soft + ((size_t)((fi - 3 + s) & 3) * 3 + (size_t)i) * LTE_CS_PBCH_Q;
        lte_cs_mib mib;
        int rc = lte_cs_pbch_combine(cs->pbch, cell->pci, cell->cp, ports[i], seg, &mib);
        if (rc == LTE_ECRC)
            continue;
        if (rc < 0)
            return rc;
        for (int s = 0; s < 4; s++) {
            long g = fi - 3 + s;
            if (r->ok[g & 3])
                continue;
            r->ok[g & 3] = 1;
            cell->mibs_ok++;
            cell->mibs_combined++;
            lte_cs_mib m = mib;
            m.sfn = (mib.sfn + s) % 1024;
            vote_add(v, &m, g, r->t[g & 3]);
        }
        return 0;
    }
    return 0;
}

int lte_cs_decode_mib(lte_cs *cs, const float complex *x, size_t n, lte_cs_cell *cell)
{
    LTE_CHECK_ARG(cs != NULL && x != NULL && cell != NULL, "cs, x and cell must not be NULL");
    cell->mibs_ok = cell->mibs_tried = cell->mibs_combined = 0;
    cell->sfn_consistent = 1;
    long drift = 0;
    line_fit fit = {0};
    mib_votes v;
    v.n = 0;
    tti_ring ring = {{-1, -1, -1, -1}, {0, 0, 0, 0}, {0, 0, 0, 0}};
    for (long f = cell->frame_start, fi = 0; f + 1920 + 3 <= (long)n; f += LTE_CS_FRAME, fi++) {
        if (cs->cfg.max_frames > 0 && cell->mibs_tried >= cs->cfg.max_frames)
            break;
        double frac = 0;
        long t = frame_sf0(cs, x, n, cell, f, &drift, &frac);
        if (t < 0)
            continue;
        fit_add(&fit, (double)fi, (double)(t - f) + frac);
        cell->mibs_tried++;
        lte_cs_mib mib;
        float *soft = cs->soft + (size_t)(fi & 3) * 3 * LTE_CS_PBCH_Q;
        float *const sp[3] = {soft, soft + LTE_CS_PBCH_Q, soft + 2 * LTE_CS_PBCH_Q};
        int rc = lte_cs_pbch_decode_soft(cs->pbch, cell->pci, cell->cp, cs->sfb, &mib, sp);
        if (rc < 0 && rc != LTE_ECRC)
            return rc;
        ring.fi[fi & 3] = fi;
        ring.t[fi & 3] = t;
        ring.ok[fi & 3] = rc == 0;
        if (rc == 0) {
            cell->mibs_ok++;
            vote_add(&v, &mib, fi, t);
        }
        if ((rc = try_combined(cs, cell, &ring, fi, &v)) < 0)
            return rc;
    }
    fit_apply(&fit, cell);
    /* The BCH CRC has 16 bits and a frame is decoded at the first (port
     * count, frame offset) hypothesis that passes, port counts 1, 2, 4 in
     * turn: a hypothesis that does not match the signal passes by chance
     * with probability 2^-16 (seen once in some hundred 4-port frames: a
     * 1-port "MIB" of a wrong bandwidth and SFN before the true 4-port
     * one). The cell's MIB is therefore the one the most frames agree with;
     * on a tie the one with more ports (a chance pass can only come before
     * the true hypothesis, i.e. at fewer or as many ports), then the
     * earliest. */
    int best = -1, best_votes = 0;
    for (int i = 0; i < v.n; i++) {
        int votes = 0;
        for (int j = 0; j < v.n; j++)
            votes += mib_agree(&v.mib[i], v.frame[i], &v.mib[j], v.frame[j]);
        /* on a tie also the earliest frame (the combined periods add
         * their frames after the later ones that decoded alone) */
        if (best < 0 || votes > best_votes ||
            (votes == best_votes && v.mib[i].n_ports > v.mib[best].n_ports) ||
            (votes == best_votes && v.mib[i].n_ports == v.mib[best].n_ports &&
             v.frame[i] < v.frame[best])) {
            best = i;
            best_votes = votes;
        }
    }
    if (best >= 0) {
        cell->mib = v.mib[best];
        cell->mib_frame_start = v.start[best];
        cell->sfn_consistent = best_votes == cell->mibs_ok;
    }
    return 0;
}

/* ---- Everything --------------------------------------------------------- */

/* A candidate without a MIB is taken for an image of a cell that has one
 * (cells[j], j != skip) when
 * - its PSS sits within a CP of that much stronger cell: a sidelobe (the PSS
 *   replicas cross-correlate at about -10 dB, and a different N_ID^(2) makes
 *   the SSS sequences share scrambled halves (§6.11.2.1), so a strong cell
 *   can push a phantom over both thresholds; a real neighbour that weak and
 *   that closely aligned could not be confirmed without its MIB anyway); or
 * - its CFO is half a subcarrier or more from that cell's: an integer-CFO
 *   alias. A cell near +-7.5 kHz lies between two hypotheses and its PSS
 *   correlates at both, at the wrong one moved in time (the Zadoff-Chu
 *   sequence couples frequency offset and delay), where the SSS of another
 *   N_ID^(1), shifted by a subcarrier, half matches the real one (seen: a
 *   phantom 16 kHz from a 30 dB cell, tests/phy/test_cellsearch.c). Two
 *   cells of one recording cannot be that far apart: base stations keep
 *   their carrier within 0.05 ppm (36.104 §6.5.1), about 0.1 kHz, and
 *   Doppler adds little more than 1 kHz even at high speed. */
int lte_cs_is_image(const lte_cs_cell *c, const lte_cs_cell *cells, int n, int skip)
{
    if (!c || !cells || c->mibs_ok > 0)
        return 0;
    for (int j = 0; j < n; j++) {
        if (j == skip || cells[j].mibs_ok == 0)
            continue;
        int d = abs(c->pss_pos - cells[j].pss_pos);
        d = LTE_MIN(d, HF - d);
        if (d <= SIDELOBE_SPAN && c->pss_metric < SIDELOBE_RATIO * cells[j].pss_metric)
            return 1;
        if (fabs(c->cfo_hz - cells[j].cfo_hz) >= ALIAS_CFO_HZ)
            return 1;
    }
    return 0;
}

/* cells without the images of others (lte_cs_is_image); returns how many
 * are left, in their order. */
static int prune_images(lte_cs_cell *cells, int n)
{
    int kept = 0;
    for (int i = 0; i < n; i++)
        if (!lte_cs_is_image(&cells[i], cells, n, i))
            cells[kept++] = cells[i];
    return kept;
}

int lte_cs_search(lte_cs *cs, const float complex *x, size_t n, lte_cs_cell *cells, int max,
                  int *n_cells)
{
    LTE_CHECK_ARG(cs != NULL && x != NULL && cells != NULL && n_cells != NULL,
                  "cs, x, cells and n_cells must not be NULL");
    LTE_CHECK_ARG(max >= 1, "max=%d", max);
    *n_cells = 0;
    lte_cs_pss_peak pk[LTE_CS_MAX_PEAKS];
    int np = 0;
    int rc = lte_cs_pss_search(cs, x, n, pk, LTE_CS_MAX_PEAKS, &np);
    if (rc < 0)
        return rc;
    for (int i = 0; i < np && *n_cells < max; i++) {
        lte_cs_cell c;
        rc = lte_cs_sss_detect(cs, x, n, &pk[i], &c);
        if (rc == LTE_ENOTFOUND)
            continue;
        if (rc < 0)
            return rc;
        int dup = 0;
        for (int j = 0; j < *n_cells; j++)
            dup |= cells[j].pci == c.pci;
        if (dup)
            continue;
        if ((rc = lte_cs_fine_cfo(x, n, &c)) < 0 || (rc = lte_cs_refine_cfo(cs, x, n, &c)) < 0 ||
            (rc = lte_cs_decode_mib(cs, x, n, &c)) < 0)
            return rc;
        if (!lte_cs_is_image(&c, cells, *n_cells, -1))
            cells[(*n_cells)++] = c;
    }
    /* again over all of them: an image found before its cell */
    *n_cells = prune_images(cells, *n_cells);
    lte_error_clear();
    return 0;
}

/* ---- Several receiver clock offsets ------------------------------------- */

/* c ranks before d: more MIBs, then the stronger SSS. */
static int cs_better(const lte_cs_cell *c, const lte_cs_cell *d)
{
    return c->mibs_ok != d->mibs_ok ? c->mibs_ok > d->mibs_ok : c->sss_metric > d->sss_metric;
}

int lte_cs_search_ppm(lte_cs *cs, const float complex *x, size_t n, double ppm_max,
                      lte_cs_cell *cells, int max, int *n_cells)
{
    LTE_CHECK_ARG(cs != NULL && x != NULL && cells != NULL && n_cells != NULL,
                  "cs, x, cells and n_cells must not be NULL");
    LTE_CHECK_ARG(max >= 1, "max=%d", max);
    LTE_CHECK_ARG(isfinite(ppm_max) && ppm_max >= 0 && ppm_max <= LTE_CS_PPM_MAX,
                  "ppm_max=%g is not in [0, %g]", ppm_max, (double)LTE_CS_PPM_MAX);
    const int nh = 1 + 2 * (int)floor(ppm_max / LTE_CS_PPM_STEP + 1e-9);
    if (nh == 1)
        return lte_cs_search(cs, x, n, cells, max, n_cells);
    *n_cells = 0;
    /* the longest resampled signal: the slowest clock hypothesis */
    size_t ny_max = lte_iq_resample_len(n, LTE_CS_FS * (1.0 - ppm_max * 1e-6), LTE_CS_FS);
    float complex *y = malloc((ny_max + 1) * sizeof *y);
    lte_cs_cell *found = malloc((size_t)max * sizeof *found);
    int rc = y && found ? 0 : lte_error_set(LTE_ENOMEM, "no memory for %zu samples", ny_max);
    for (int hi = 0; hi < nh && rc == 0; hi++) {
        /* 0, +step, -step, +2 step .. */
        const double ppm = LTE_CS_PPM_STEP * ((hi + 1) / 2) * (hi % 2 ? 1 : -1);
        const double scale = 1.0 + ppm * 1e-6;
        const float complex *z = x;
        size_t nz = n;
        if (hi > 0) { /* the samples taken at LTE_CS_FS (1 + ppm), brought to LTE_CS_FS */
            nz = lte_iq_resample_len(n, LTE_CS_FS * scale, LTE_CS_FS);
            if (nz > ny_max || (rc = lte_iq_resample(x, n, LTE_CS_FS * scale, LTE_CS_FS, y)) < 0) {
                rc = rc < 0 ? rc : lte_error_set(LTE_EINVAL, "resampled length %zu", nz);
                break;
            }
            z = y;
            if (nz < 2048)
                continue;
        }
        int nf = 0;
        if ((rc = lte_cs_search(cs, z, nz, found, max, &nf)) < 0)
            break;
        for (int i = 0; i < nf; i++) {
            lte_cs_cell c = found[i];
            /* sample k of this search is sample k (1 + ppm) of x */
            c.clock_ppm = (1.0 + c.clock_ppm * 1e-6) * scale * 1e6 - 1e6;
            c.frame_start_fine *= scale;
            c.frame_start = lround(c.frame_start_fine);
            c.mib_frame_start = lround((double)c.mib_frame_start * scale);
            int j = 0;
            while (j < *n_cells && cells[j].pci != c.pci)
                j++;
            if (j == *n_cells && *n_cells < max)
                cells[(*n_cells)++] = c;
            else if (j < *n_cells && cs_better(&c, &cells[j]))
                cells[j] = c;
        }
    }
    free(y);
    free(found);
    if (rc < 0) {
        *n_cells = 0;
        return rc;
    }
    *n_cells = prune_images(cells, *n_cells);
    lte_error_clear();
    return 0;
}
