/* ltephy phy: downlink transmitter signal analysis (EVM, frequency error,
 * RS and OFDM symbol powers): TS 36.104 §6.5 and Annex E, TS 36.141 §6.5 and
 * Annex F. See ltephy/evm.h and docs/evm.md.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/evm.h"
#include "ltephy/fft.h"
#include "ltephy/grid.h"
#include "ltephy/ofdm.h"

#define EVM_BLOCK 10      /* subframes per equaliser / averaging block (Annex E.6, E.7) */
#define EVM_SMOOTH_HALF 9 /* moving average over 19 CRS subcarriers (Annex E.6) */

struct lte_evm {
    lte_evm_cfg cfg;
    lte_wf *wf;
    const lte_grid *grid;
    lte_ofdm *mod;           /* modulator of the timing reference */
    int n_sc, n_fft, n_symb, sf_len, frame_len, n_ports, w;
    double fs;
    int cp[LTE_OFDM_MAX_SYMBOLS], sym0[LTE_OFDM_MAX_SYMBOLS];
    int wstart[2][LTE_OFDM_MAX_SYMBOLS]; /* FFT start in the symbol (CP included) */
    float complex *rot[2][LTE_OFDM_MAX_SYMBOLS]; /* e^{+j 2 pi f_k d / N} per k' */
    int bin[LTE_MAX_RB * LTE_NSC_RB];  /* FFT bin of subcarrier k' */
    lte_fft *fft_sym, *fft_fwd, *fft_inv;
    float complex *fbuf;     /* N_fft */
    float complex *ref;      /* timing reference, one frame */
    float complex *refspec;  /* its DFT */
    float complex *tbuf;     /* frame-length scratch */
    float *tacc;             /* accumulated correlation power per lag */
    float complex *sbuf;     /* one subframe, frequency corrected */
    float complex *y[2];     /* [EVM_BLOCK][n_symb * n_sc] demodulated grids per window */
    float complex *ideal;    /* [EVM_BLOCK][n_symb * n_sc] ideal grids of the port */
    const uint8_t *map[EVM_BLOCK];
    int blk_sf[EVM_BLOCK], blk_frame[EVM_BLOCK], blk_dl[EVM_BLOCK];
    long blk_start[EVM_BLOCK];
    double complex *hsum;    /* n_sc */
    int *hcnt;               /* n_sc */
    float complex *hrs;      /* CRS subcarriers, averaged */
    int *krs;
    float complex *heq;      /* n_sc, equaliser */
    lte_evm_sf *sfres;
};

int lte_evm_mod_index(lte_mod mod)
{
    switch (mod) {
    case LTE_MOD_QPSK: return 0;
    case LTE_MOD_16QAM: return 1;
    case LTE_MOD_64QAM: return 2;
    case LTE_MOD_256QAM: return 3;
    default: return -1;
    }
}

/* 36.104 Table 6.5.2-1 (docs/evm.md says where the values were read). */
float lte_evm_limit_pct(lte_mod mod)
{
    static const float lim[LTE_EVM_NMOD] = {17.5f, 12.5f, 8.0f, 3.5f};
    int i = lte_evm_mod_index(mod);
    if (i < 0)
        return (float)lte_error_set_fn(LTE_EINVAL, __func__, "no EVM limit for modulation %d",
                                       (int)mod);
    return lim[i];
}

/* 36.101 Table F.5.3-1 (normal CP), W in samples at the standard FFT size. */
int lte_evm_window_table(int n_rb, lte_cp cp, int *w)
{
    static const int rb[6] = {6, 15, 25, 50, 75, 100}, tw[6] = {5, 12, 32, 66, 102, 136};
    LTE_CHECK_ARG(w != NULL, "w is NULL");
    LTE_CHECK(cp == LTE_CP_NORMAL, LTE_EUNSUPPORTED,
              "the EVM window table for extended CP is not available: give W");
    for (int i = 0; i < 6; i++)
        if (rb[i] == n_rb) {
            *w = tw[i];
            return 0;
        }
    return lte_error_set_fn(LTE_EINVAL, __func__, "no EVM window for N_RB %d", n_rb);
}

int lte_evm_cfg_init(lte_evm_cfg *cfg, const lte_wf_cfg *wf)
{
    LTE_CHECK_ARG(cfg != NULL && wf != NULL, "NULL argument");
    memset(cfg, 0, sizeof *cfg);
    cfg->wf = *wf;
    cfg->max_subframes = 100;
    for (int i = 0; i < LTE_EVM_NMOD; i++)
        cfg->limit_pct[i] = lte_evm_limit_pct((lte_mod)(2 * i + 2));
    return 0;
}

void lte_evm_destroy(lte_evm *e)
{
    if (!e)
        return;
    lte_wf_destroy(e->wf);
    lte_ofdm_destroy(e->mod);
    lte_fft_destroy(e->fft_sym);
    lte_fft_destroy(e->fft_fwd);
    lte_fft_destroy(e->fft_inv);
    for (int w = 0; w < 2; w++) {
        for (int l = 0; l < LTE_OFDM_MAX_SYMBOLS; l++)
            lte_free(e->rot[w][l]);
        lte_free(e->y[w]);
    }
    lte_free(e->fbuf);
    lte_free(e->ref);
    lte_free(e->refspec);
    lte_free(e->tbuf);
    lte_free(e->tacc);
    lte_free(e->sbuf);
    lte_free(e->ideal);
    lte_free(e->hsum);
    lte_free(e->hcnt);
    lte_free(e->hrs);
    lte_free(e->krs);
    lte_free(e->heq);
    lte_free(e->sfres);
    free(e);
}

/* The sync reference of one subframe: the REs of the port's grid that are
 * the same in every radio frame (decision-directed: its CRS, PSS and SSS
 * only), OFDM-modulated into out. */
static int reference_subframe(lte_evm *e, int sf, float complex *grid_tmp, float complex *out)
{
    int rc = lte_wf_run(e->wf, 0, sf, NULL);
    if (rc < 0)
        return rc;
    const lte_grid *g = e->grid;
    int n_re = e->n_sc * e->n_symb;
    const float complex *src = g->port[e->cfg.port];
    /* only what every radio frame repeats: not the PBCH (its MIB carries the
     * SFN), nor DL-SCH or OCNG data (drawn per frame and subframe) */
    int pdsch = !e->cfg.decide && e->cfg.wf.data == LTE_WF_DATA_ZERO &&
                e->cfg.wf.ocng == LTE_WF_OCNG_NONE;
    for (int i = 0; i < n_re; i++) {
        int c = g->maps[sf][i];
        int keep = c == LTE_RE_CRS || c == LTE_RE_PSS || c == LTE_RE_SSS ||
                   (!e->cfg.decide && c >= LTE_RE_PCFICH && c <= LTE_RE_PDCCH) ||
                   (pdsch && c == LTE_RE_PDSCH);
        grid_tmp[i] = keep ? src[i] : 0;
    }
    return lte_ofdm_mod_subframe(e->mod, grid_tmp, out);
}

int lte_evm_create(const lte_evm_cfg *cfg, lte_evm **out)
{
    LTE_CHECK_ARG(cfg != NULL && out != NULL, "NULL argument");
    *out = NULL;
    const lte_cell_cfg *cell = &cfg->wf.cell;
    LTE_CHECK_ARG(cfg->port >= 0 && cfg->port < cell->n_ports, "port %d of a %d-port cell",
                  cfg->port, cell->n_ports);
    LTE_CHECK_ARG(cfg->max_subframes >= 1 && cfg->max_subframes <= 100000,
                  "max_subframes %d (1..100000)", cfg->max_subframes);
    LTE_CHECK_ARG(cfg->first_frame >= 0, "first_frame %d", cfg->first_frame);
    LTE_CHECK_ARG(cfg->carrier_hz >= 0 && isfinite(cfg->carrier_hz), "carrier_hz %g",
                  cfg->carrier_hz);
    LTE_CHECK(!(cfg->decide && cell->n_ports == 4), LTE_EUNSUPPORTED,
              "decision-directed EVM with 4 ports (SFBC-FSTD leaves REs empty per port)");
    for (int i = 0; i < LTE_EVM_NMOD; i++)
        LTE_CHECK_ARG(cfg->limit_pct[i] > 0 && isfinite(cfg->limit_pct[i]),
                      "limit_pct[%d] %g", i, (double)cfg->limit_pct[i]);
    int w = cfg->window_w, rc;
    if (w == 0 && (rc = lte_evm_window_table(cell->n_rb, cell->cp, &w)) < 0)
        return rc;
    lte_evm *e = calloc(1, sizeof *e);
    if (!e)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    e->cfg = *cfg;
    if ((rc = lte_wf_create(&cfg->wf, &e->wf)) < 0) {
        free(e);
        return rc;
    }
    e->grid = lte_wf_grid(e->wf);
    lte_ofdm_cfg oc = {.n_rb = cell->n_rb, .cp = cell->cp, .mode = LTE_OFDM_DL};
    lte_ofdm_info info;
    if ((rc = lte_ofdm_create(&oc, &e->mod)) < 0 || (rc = lte_ofdm_get_info(e->mod, &info)) < 0)
        goto fail;
    e->n_sc = info.n_sc;
    e->n_fft = info.fft_size;
    e->n_symb = info.symbols_per_subframe;
    e->sf_len = info.subframe_len;
    e->frame_len = LTE_NSUBFRAMES * info.subframe_len;
    e->fs = info.sample_rate_hz;
    e->n_ports = cell->n_ports;
    int min_cp = info.cp_len[0];
    for (int l = 0; l < e->n_symb; l++) {
        e->cp[l] = info.cp_len[l];
        e->sym0[l] = info.sym_start[l];
        min_cp = LTE_MIN(min_cp, e->cp[l]);
    }
    if (w < 1 || w > min_cp) {
        rc = lte_error_set_fn(LTE_EINVAL, __func__, "EVM window W %d outside 1..%d (the CP)", w,
                              min_cp);
        goto fail;
    }
    e->w = w;
    /* Annex E.5: the window of W samples centred on the symbol's CP; the FFT
     * starts at its first (Delta t_l) and last (Delta t_h) sample. */
    for (int l = 0; l < e->n_symb; l++) {
        int first = (e->cp[l] - w) / 2;
        e->wstart[0][l] = first;
        e->wstart[1][l] = first + w - 1;
    }
    int N = e->n_fft, n_sc = e->n_sc, h = n_sc / 2;
    for (int k = 0; k < n_sc; k++)
        e->bin[k] = k < h ? k - h + N : k - h + 1;
    size_t n_re = (size_t)n_sc * (size_t)e->n_symb;
    lte_fft_cfg fc = {.n = N, .dir = LTE_FFT_FORWARD};
    lte_fft_cfg ff = {.n = e->frame_len, .dir = LTE_FFT_FORWARD};
    lte_fft_cfg fi = {.n = e->frame_len, .dir = LTE_FFT_INVERSE};
    if ((rc = lte_fft_create(&fc, &e->fft_sym)) < 0 ||
        (rc = lte_fft_create(&ff, &e->fft_fwd)) < 0 ||
        (rc = lte_fft_create(&fi, &e->fft_inv)) < 0)
        goto fail;
    size_t L = (size_t)e->frame_len, cs = sizeof(float complex);
    e->fbuf = lte_alloc((size_t)N * cs);
    e->ref = lte_alloc(L * cs);
    e->refspec = lte_alloc(L * cs);
    e->tbuf = lte_alloc(L * cs);
    e->tacc = lte_alloc(L * sizeof(float));
    e->sbuf = lte_alloc((size_t)e->sf_len * cs);
    e->ideal = lte_alloc(EVM_BLOCK * n_re * cs);
    e->hsum = lte_alloc((size_t)n_sc * sizeof(double complex));
    e->hcnt = lte_alloc((size_t)n_sc * sizeof(int));
    e->hrs = lte_alloc((size_t)n_sc * cs);
    e->krs = lte_alloc((size_t)n_sc * sizeof(int));
    e->heq = lte_alloc((size_t)n_sc * cs);
    e->sfres = lte_alloc((size_t)cfg->max_subframes * sizeof(lte_evm_sf));
    int ok = e->fbuf && e->ref && e->refspec && e->tbuf && e->tacc && e->sbuf && e->ideal &&
             e->hsum && e->hcnt && e->hrs && e->krs && e->heq && e->sfres;
    for (int wi = 0; wi < 2 && ok; wi++) {
        e->y[wi] = lte_alloc(EVM_BLOCK * n_re * cs);
        ok = e->y[wi] != NULL;
        for (int l = 0; l < e->n_symb && ok; l++) {
            /* the window starts d samples before the CP end: bin k (signed
             * frequency f) comes out times e^{-j 2 pi f d / N}, undone here */
            int d = e->cp[l] - e->wstart[wi][l];
            e->rot[wi][l] = lte_alloc((size_t)n_sc * cs);
            if (!(ok = e->rot[wi][l] != NULL))
                break;
            float sc = (float)(1.0 / sqrt((double)N));
            for (int k = 0; k < n_sc; k++) {
                int f = k < h ? k - h : k - h + 1;
                double ph = 2.0 * M_PI * f * d / N;
                e->rot[wi][l][k] = sc * (float complex)cexp(I * ph);
            }
        }
    }
    if (!ok) {
        rc = lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
        goto fail;
    }
    /* the timing reference: radio frame 0 of the configuration */
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
        if ((rc = reference_subframe(e, sf, e->ideal, e->ref + (size_t)sf * e->sf_len)) < 0)
            goto fail;
    if ((rc = lte_fft_execute(e->fft_fwd, e->ref, e->refspec)) < 0)
        goto fail;
    *out = e;
    return 0;
fail:
    lte_evm_destroy(e);
    return rc;
}

/* ---- synchronisation --------------------------------------------------- */

/* x[i] e^{-j 2 pi f (pos + i) / fs} into out, i < n (phase in double). Not
 * lte_cfo_apply (channel.h): its liquid-dsp VCO's phase error of about
 * 5e-3 rad (-46 dBc) would be a 0.5 % EVM floor, far above the 1e-3 %
 * this measurement resolves on a clean waveform. */
static void derotate(const float complex *x, size_t pos, int n, double f, double fs,
                     float complex *out)
{
    double w = -2.0 * M_PI * f / fs;
    double complex step = cexp(I * w), ph = cexp(I * fmod(w * (double)pos, 2.0 * M_PI));
    for (int i = 0; i < n; i++) {
        if ((i & 1023) == 0) /* re-anchor: no drift of the recursion */
            ph = cexp(I * fmod(w * (double)(pos + (size_t)i), 2.0 * M_PI));
        out[i] = x[i] * (float complex)ph;
        ph *= step;
    }
}

/* Step 1: coarse frequency error from the CP (lag N_fft correlation). */
static double coarse_cfo(const lte_evm *e, const float complex *x, size_t n)
{
    size_t N = (size_t)e->n_fft, end = LTE_MIN(n, (size_t)4 * (size_t)e->frame_len);
    double complex acc = 0;
    for (size_t i = 0; i + N < end; i++)
        acc += (double complex)x[i + N] * conj((double complex)x[i]);
    return cabs(acc) > 0 ? carg(acc) * e->fs / (2.0 * M_PI * (double)N) : 0.0;
}

/* Step 2: lag of the frame start; *metric = peak / mean of the correlation power. */
static int frame_timing(lte_evm *e, const float complex *x, size_t n, double f0, long *p0,
                        double *metric)
{
    int L = e->frame_len, S = e->sf_len, rc;
    memset(e->tacc, 0, (size_t)L * sizeof(float));
    for (int b = 0; b < LTE_NSUBFRAMES && (size_t)b * S < n; b++) {
        int len = (int)LTE_MIN((size_t)S, n - (size_t)b * S);
        memset(e->tbuf, 0, (size_t)L * sizeof(float complex));
        derotate(x + (size_t)b * S, (size_t)b * S, len, f0, e->fs, e->tbuf + (size_t)b * S);
        if ((rc = lte_fft_execute(e->fft_fwd, e->tbuf, e->tbuf)) < 0)
            return rc;
        /* c[tau] = sum_n r[n + tau] xb*[n] = IDFT(R conj(Xb)) */
        for (int i = 0; i < L; i++)
            e->tbuf[i] = e->refspec[i] * conjf(e->tbuf[i]);
        if ((rc = lte_fft_execute(e->fft_inv, e->tbuf, e->tbuf)) < 0)
            return rc;
        for (int i = 0; i < L; i++) {
            float re = crealf(e->tbuf[i]), im = cimagf(e->tbuf[i]);
            e->tacc[i] += re * re + im * im;
        }
    }
    int best = 0;
    double sum = 0;
    for (int i = 0; i < L; i++) {
        sum += e->tacc[i];
        if (e->tacc[i] > e->tacc[best])
            best = i;
    }
    *metric = sum > 0 ? e->tacc[best] / (sum / L) : 0;
    /* x[n] matches r[n + best]: a frame starts at n = L - best */
    *p0 = (L - best) % L;
    return 0;
}

/* Correlation of the useful part of the symbol at input sample u with the
 * reference (frame start at p0), the input derotated by f0. */
static double complex symbol_corr(const lte_evm *e, const float complex *x, size_t u, long p0,
                                  double f0)
{
    int N = e->n_fft, L = e->frame_len;
    double w = -2.0 * M_PI * f0 / e->fs;
    double complex ph = cexp(I * fmod(w * (double)u, 2.0 * M_PI)), step = cexp(I * w), acc = 0;
    long r = ((long)u - p0) % L;
    if (r < 0)
        r += L;
    for (int i = 0; i < N; i++) {
        acc += (double complex)x[u + (size_t)i] * ph * conj((double complex)e->ref[r]);
        ph *= step;
        if (++r == L)
            r = 0;
    }
    return acc;
}

/* Step 3: fine frequency error over the symbols of the subframes at q0 +
 * j S (j < n_sf): the weighted mean phase step between neighbouring symbols,
 * then a weighted least-squares line through the unwrapped phases. */
static double fine_cfo(const lte_evm *e, const float complex *x, long q0, int n_sf, long p0,
                       double f0)
{
    int N = e->n_fft, S = e->sf_len;
    double f1 = 0;
    for (int pass = 0; pass < 2; pass++) {
        double num = 0, den = 0, sw = 0, st = 0, stt = 0, sp = 0, stp = 0, prev_ph = 0;
        double complex prev = 0;
        double prev_t = -1;
        int have_ph = 0;
        for (int j = 0; j < n_sf; j++)
            for (int l = 0; l < e->n_symb; l++) {
                size_t u = (size_t)(q0 + (long)j * S + e->sym0[l] + e->cp[l]);
                double complex c = symbol_corr(e, x, u, p0, f0);
                double t = ((double)u + N / 2.0) / e->fs, a = cabs(c);
                if (a <= 0)
                    continue;
                if (pass == 0) {
                    /* neighbours up to 4 symbols apart (the CRS symbols when only
                     * they are known): unambiguous within +-1.7 kHz */
                    if (prev_t >= 0 && t - prev_t < 4.5 * (N + e->cp[0]) / e->fs) {
                        double complex z = c * conj(prev);
                        num += cabs(z) * carg(z) / (2.0 * M_PI * (t - prev_t));
                        den += cabs(z);
                    }
                } else {
                    double ph = carg(c * cexp(-I * 2.0 * M_PI * f1 * t));
                    if (have_ph)
                        ph += 2.0 * M_PI * round((prev_ph - ph) / (2.0 * M_PI));
                    prev_ph = ph;
                    have_ph = 1;
                    sw += a;
                    st += a * t;
                    stt += a * t * t;
                    sp += a * ph;
                    stp += a * t * ph;
                }
                prev = c;
                prev_t = t;
            }
        if (pass == 0) {
            f1 = den > 0 ? num / den : 0;
        } else {
            double dd = sw * stt - st * st;
            if (sw > 0 && dd > 1e-30 * sw * sw)
                f1 += (sw * stp - st * sp) / dd / (2.0 * M_PI);
        }
    }
    return f0 + f1;
}

/* ---- measurement ------------------------------------------------------------ */

/* Demodulate the DL symbols of the subframe at sbuf into y[w] + slot. */
static int demod_subframe(lte_evm *e, int slot, int n_dl)
{
    int N = e->n_fft, n_sc = e->n_sc, rc;
    size_t n_re = (size_t)n_sc * e->n_symb;
    for (int w = 0; w < 2; w++) {
        float complex *g = e->y[w] + (size_t)slot * n_re;
        memset(g, 0, n_re * sizeof *g);
        for (int l = 0; l < n_dl; l++) {
            memcpy(e->fbuf, e->sbuf + e->sym0[l] + e->wstart[w][l], (size_t)N * sizeof *e->fbuf);
            if ((rc = lte_fft_execute(e->fft_sym, e->fbuf, e->fbuf)) < 0)
                return rc;
            const float complex *rot = e->rot[w][l];
            for (int k = 0; k < n_sc; k++)
                g[(size_t)l * n_sc + k] = e->fbuf[e->bin[k]] * rot[k];
        }
    }
    return 0;
}

/* Annex E.6: equaliser of window w over the block's n subframes. */
static void equaliser(lte_evm *e, int w, int n)
{
    int n_sc = e->n_sc;
    size_t n_re = (size_t)n_sc * e->n_symb;
    memset(e->hsum, 0, (size_t)n_sc * sizeof *e->hsum);
    memset(e->hcnt, 0, (size_t)n_sc * sizeof *e->hcnt);
    for (int s = 0; s < n; s++) {
        const float complex *y = e->y[w] + (size_t)s * n_re, *x = e->ideal + (size_t)s * n_re;
        for (size_t i = 0; i < n_re; i++)
            if (e->map[s][i] == LTE_RE_CRS && x[i] != 0) {
                int k = (int)(i % (size_t)n_sc);
                e->hsum[k] += (double complex)y[i] / (double complex)x[i];
                e->hcnt[k]++;
            }
    }
    int n_rs = 0;
    for (int k = 0; k < n_sc; k++)
        if (e->hcnt[k]) {
            e->krs[n_rs] = k;
            e->hrs[n_rs++] = (float complex)(e->hsum[k] / e->hcnt[k]);
        }
    if (n_rs == 0) {
        for (int k = 0; k < n_sc; k++)
            e->heq[k] = 1;
        return;
    }
    /* moving average in frequency, window 19, shortened symmetrically at the edges;
     * the smoothed values go to hsum (reused) */
    for (int i = 0; i < n_rs; i++) {
        int half = LTE_MIN(EVM_SMOOTH_HALF, LTE_MIN(i, n_rs - 1 - i));
        double complex a = 0;
        for (int j = i - half; j <= i + half; j++)
            a += e->hrs[j];
        e->hsum[i] = a / (2 * half + 1);
    }
    /* linear interpolation to every subcarrier, constant beyond the ends */
    int j = 0;
    for (int k = 0; k < n_sc; k++) {
        while (j + 1 < n_rs && e->krs[j + 1] <= k)
            j++;
        if (k <= e->krs[0])
            e->heq[k] = (float complex)e->hsum[0];
        else if (j + 1 >= n_rs)
            e->heq[k] = (float complex)e->hsum[n_rs - 1];
        else {
            double t = (double)(k - e->krs[j]) / (e->krs[j + 1] - e->krs[j]);
            e->heq[k] = (float complex)((1 - t) * e->hsum[j] + t * e->hsum[j + 1]);
        }
    }
}

/* Nearest point of the unit-power constellation (36.211 §7.1) times amp:
 * odd levels +-1 .. +-(m - 1) per axis, m^2 = M points, spaced by
 * d = sqrt(3 / (2 (M - 1))) (1/sqrt(2), 1/sqrt(10), 1/sqrt(42), 1/sqrt(170)). */
static float complex decide(lte_mod mod, float complex z, float amp)
{
    int m = 1 << (lte_mod_bits(mod) / 2);
    float d = (float)sqrt(3.0 / (2.0 * (double)(m * m - 1)));
    float s = d * amp, v[2] = {crealf(z) / s, cimagf(z) / s};
    for (int c = 0; c < 2; c++) {
        float q = 2.0f * floorf(v[c] / 2.0f) + 1.0f; /* nearest odd integer */
        v[c] = fminf(fmaxf(q, (float)(1 - m)), (float)(m - 1));
    }
    return CMPLXF(v[0] * s, v[1] * s);
}

typedef struct evm_acc {
    double err[2][LTE_EVM_NMOD], pw[2][LTE_EVM_NMOD];
    long n_re[LTE_EVM_NMOD];
} evm_acc;

/* Equalise and accumulate a finished block of n subframes. */
static void finish_block(lte_evm *e, int n, lte_evm_result *res, double evm_sum[LTE_EVM_NMOD],
                         int evm_cnt[LTE_EVM_NMOD], double pw_acc[3], long pw_cnt[2])
{
    int n_sc = e->n_sc;
    size_t n_re = (size_t)n_sc * e->n_symb;
    evm_acc blk;
    memset(&blk, 0, sizeof blk);
    double sf_err[EVM_BLOCK][2][LTE_EVM_NMOD], sf_pw[EVM_BLOCK][2][LTE_EVM_NMOD];
    int sf_n[EVM_BLOCK][LTE_EVM_NMOD];
    memset(sf_err, 0, sizeof sf_err);
    memset(sf_pw, 0, sizeof sf_pw);
    memset(sf_n, 0, sizeof sf_n);
    float port_amp = e->n_ports == 1 ? 1.0f : (float)M_SQRT1_2;
    const lte_wf_cfg *wc = &e->cfg.wf;
    for (int w = 0; w < 2; w++) {
        equaliser(e, w, n);
        for (int s = 0; s < n; s++) {
            const float complex *y = e->y[w] + (size_t)s * n_re, *x = e->ideal + (size_t)s * n_re;
            const uint8_t *map = e->map[s];
            int sf = e->blk_sf[s];
            for (int l = 0; l < e->blk_dl[s]; l++) {
                int ctrl_free = 1;
                double sym_pw = 0;
                for (int k = 0; k < n_sc; k++) {
                    size_t i = (size_t)l * n_sc + k;
                    int c = map[i];
                    if (w == 0) {
                        float p = crealf(y[i]) * crealf(y[i]) + cimagf(y[i]) * cimagf(y[i]);
                        sym_pw += p;
                        if (c == LTE_RE_CRS || c == LTE_RE_PSS || c == LTE_RE_SSS ||
                            c == LTE_RE_PBCH)
                            ctrl_free = 0;
                        if (c == LTE_RE_CRS && x[i] != 0) {
                            pw_acc[0] += p;
                            pw_cnt[0]++;
                        }
                    }
                    int mod = wc->prb_mod[sf][k / LTE_NSC_RB];
                    if (c != LTE_RE_PDSCH || !mod)
                        continue;
                    int mi = lte_evm_mod_index((lte_mod)mod);
                    if (mi < 0)
                        continue;
                    float complex z = y[i] / e->heq[k], id = x[i];
                    if (e->cfg.decide)
                        id = decide((lte_mod)mod, z,
                                    port_amp * powf(10.0f, wc->prb_db[sf][k / LTE_NSC_RB] / 20.0f));
                    float complex d = z - id;
                    sf_err[s][w][mi] += crealf(d) * crealf(d) + cimagf(d) * cimagf(d);
                    sf_pw[s][w][mi] += crealf(id) * crealf(id) + cimagf(id) * cimagf(id);
                    if (w == 0)
                        sf_n[s][mi]++;
                }
                if (w == 0 && ctrl_free) {
                    pw_acc[1] += sym_pw;
                    pw_cnt[1]++;
                }
            }
        }
    }
    for (int s = 0; s < n; s++) {
        int any = 0;
        for (int mi = 0; mi < LTE_EVM_NMOD; mi++)
            any |= sf_n[s][mi] > 0;
        if (!any || res->subframes >= e->cfg.max_subframes)
            continue;
        lte_evm_sf *r = &e->sfres[res->subframes++];
        r->frame = e->blk_frame[s];
        r->subframe = e->blk_sf[s];
        r->start = e->blk_start[s];
        for (int mi = 0; mi < LTE_EVM_NMOD; mi++) {
            r->n_re[mi] = sf_n[s][mi];
            r->evm_pct[mi] = -1;
            if (!sf_n[s][mi])
                continue;
            double v = 0;
            for (int w = 0; w < 2; w++) {
                blk.err[w][mi] += sf_err[s][w][mi];
                blk.pw[w][mi] += sf_pw[s][w][mi];
                if (sf_pw[s][w][mi] > 0)
                    v = fmax(v, sqrt(sf_err[s][w][mi] / sf_pw[s][w][mi]));
            }
            r->evm_pct[mi] = (float)(100.0 * v);
            blk.n_re[mi] += sf_n[s][mi];
        }
    }
    for (int mi = 0; mi < LTE_EVM_NMOD; mi++) {
        if (!blk.n_re[mi])
            continue;
        double v = 0;
        for (int w = 0; w < 2; w++)
            if (blk.pw[w][mi] > 0)
                v = fmax(v, sqrt(blk.err[w][mi] / blk.pw[w][mi]));
        evm_sum[mi] += v;
        evm_cnt[mi]++;
        res->n_re[mi] += blk.n_re[mi];
    }
}

int lte_evm_run(lte_evm *e, const float complex *x, size_t n, lte_evm_result *res)
{
    LTE_CHECK_ARG(e != NULL && x != NULL && res != NULL, "NULL argument");
    int S = e->sf_len, rc;
    LTE_CHECK_ARG(n >= (size_t)S, "%zu samples: less than one subframe (%d)", n, S);
    memset(res, 0, sizeof *res);
    res->sf = e->sfres;
    res->window_w = e->w;
    /* steps 1-3 */
    double f0 = coarse_cfo(e, x, n), metric;
    long p0;
    if ((rc = frame_timing(e, x, n, f0, &p0, &metric)) < 0)
        return rc;
    if (metric < 20)
        return lte_error_set_fn(LTE_ENOTFOUND, __func__,
                                "the reference frame is not in the signal (peak/mean %.1f)",
                                metric);
    long q0 = p0 % S;
    int n_whole = (int)LTE_MIN(((long)n - q0) / S, (long)e->cfg.max_subframes + 2 * EVM_BLOCK);
    LTE_CHECK_ARG(n_whole >= 1, "no whole subframe after the timing found (%ld)", p0);
    double f = fine_cfo(e, x, q0, n_whole, p0, f0);
    res->freq_error_hz = f;
    res->freq_error_ppm = e->cfg.carrier_hz > 0 ? f / e->cfg.carrier_hz * 1e6 : 0;
    res->timing_samples = p0;
    /* steps 4-6, block by block */
    double evm_sum[LTE_EVM_NMOD] = {0}, pw_acc[3] = {0};
    int evm_cnt[LTE_EVM_NMOD] = {0};
    long pw_cnt[2] = {0};
    size_t n_re = (size_t)e->n_sc * e->n_symb;
    int nb = 0;
    for (int j = 0; j < n_whole && res->subframes < e->cfg.max_subframes; j++) {
        long q = q0 + (long)j * S, g = (q - p0) / S;
        int sf = (int)(((g % 10) + 10) % 10);
        /* x[0] lies in frame first_frame: a frame starting at p0 > 0 is the next one */
        int frame = e->cfg.first_frame + (p0 > 0 ? 1 : 0) +
                    (int)(g >= 0 ? g / 10 : -1 + (g + 1) / 10);
        int n_dl = lte_cell_dl_symbols(&e->cfg.wf.cell, sf);
        if (n_dl > 0) {
            if ((rc = lte_wf_run(e->wf, frame, sf, NULL)) < 0)
                return rc;
            memcpy(e->ideal + (size_t)nb * n_re, e->grid->port[e->cfg.port],
                   n_re * sizeof(float complex));
            e->map[nb] = e->grid->maps[sf];
            e->blk_sf[nb] = sf;
            e->blk_frame[nb] = frame;
            e->blk_start[nb] = q;
            e->blk_dl[nb] = n_dl;
            derotate(x + q, (size_t)q, S, f, e->fs, e->sbuf);
            if ((rc = demod_subframe(e, nb, n_dl)) < 0)
                return rc;
            nb++;
        }
        if (nb == EVM_BLOCK || (j == n_whole - 1 && nb > 0)) {
            finish_block(e, nb, res, evm_sum, evm_cnt, pw_acc, pw_cnt);
            res->blocks++;
            nb = 0;
        }
    }
    res->pass = res->subframes > 0;
    for (int mi = 0; mi < LTE_EVM_NMOD; mi++) {
        res->evm_pct[mi] = -1;
        res->evm_db[mi] = 0;
        res->pass_mod[mi] = 1;
        if (!evm_cnt[mi])
            continue;
        res->evm_pct[mi] = 100.0 * evm_sum[mi] / evm_cnt[mi];
        res->evm_db[mi] = 20.0 * log10(fmax(res->evm_pct[mi], 1e-12) / 100.0);
        res->pass_mod[mi] = res->evm_pct[mi] <= e->cfg.limit_pct[mi];
        res->pass &= res->pass_mod[mi];
    }
    res->rstp_db = pw_cnt[0] ? 10.0 * log10(pw_acc[0] / pw_cnt[0]) : NAN;
    res->ostp_db = pw_cnt[1] ? 10.0 * log10(pw_acc[1] / pw_cnt[1]) : NAN;
    return 0;
}
