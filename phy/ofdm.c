/* OFDM / SC-FDMA modulation and demodulation, 36.211 §6.12 and §5.6.
 * See include/ltephy/ofdm.h for the signal definition and conventions.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/cvec.h"
#include "kernels/internal.h"
#include "ltephy/fft.h"
#include "ltephy/ofdm.h"

struct lte_ofdm {
    lte_ofdm_info info;
    lte_ofdm_mode mode;
    int window_offset;
    float mod_scale;        /* g of the modulator */
    float demod_scale;      /* 1/(g N_fft)-style scale of the demodulator */
    const lte_cvec_ops *vec; /* the SIMD path's copies and products */
    lte_fft *ifft, *fft;
    float complex *freq;    /* modulator bins, 64-byte aligned; unused bins stay zero */
    float complex *dfreq;   /* demodulator bins (all N_fft written by the FFT) */
    float complex *time;    /* N_fft samples, 64-byte aligned (scratch: demod_one swaps
                             * it with dfreq) */
    float complex *corr;    /* N_sc: demod_scale * e^{+j 2 pi k d / N}, k signed; NULL if d = 0 */
    /* UL only: the half-subcarrier rotation e^{j pi m / N}, m = -cp_max..N-1,
     * at index m + cp_max (computed once: the products below only read it) */
    float complex *rot;
    int cp_max;
};

int lte_ofdm_std_fft_size(int n_rb)
{
    static const int sizes[] = {128, 256, 512, 1024, 1536, 2048};
    LTE_CHECK_ARG(n_rb >= 6 && n_rb <= 110, "n_rb = %d outside [6, 110]", n_rb);
    for (size_t i = 0; i < LTE_ARRAY_LEN(sizes); i++)
        if (4 * 12 * n_rb <= 3 * sizes[i])
            return sizes[i];
    return 2048; /* 100 < n_rb <= 110: 1320 subcarriers still fit 2048 bins */
}

/* 36.211 Table 6.12-1 / 5.6-1, scaled from 2048 to N samples per symbol. */
static void fill_cp_table(lte_ofdm_info *in, lte_cp cp)
{
    int n = in->fft_size;
    in->symbols_per_slot = cp == LTE_CP_NORMAL ? 7 : 6;
    in->symbols_per_subframe = 2 * in->symbols_per_slot;
    int pos = 0;
    for (int l = 0; l < in->symbols_per_subframe; l++) {
        int ls = l % in->symbols_per_slot;
        int c = cp == LTE_CP_EXTENDED ? 512 : (ls == 0 ? 160 : 144);
        in->cp_len[l] = c * n / 2048;
        in->sym_start[l] = pos;
        pos += in->cp_len[l] + n;
    }
    in->subframe_len = pos; /* = 15 N for both CPs */
}

/* Signed subcarrier frequency index of grid RE k' (DL skips DC; UL is the
 * integer part of k + 1/2). */
static int signed_k(const lte_ofdm *o, int kp)
{
    int h = o->info.n_sc / 2;
    if (o->mode == LTE_OFDM_DL)
        return kp < h ? kp - h : kp - h + 1;
    return kp - h;
}

static int check_cfg(const lte_ofdm_cfg *cfg, int *n_fft)
{
    LTE_CHECK_ARG(cfg->n_rb >= 6 && cfg->n_rb <= 110, "n_rb = %d outside [6, 110]", cfg->n_rb);
    LTE_CHECK_ARG(cfg->cp == LTE_CP_NORMAL || cfg->cp == LTE_CP_EXTENDED, "cp = %d invalid",
                  (int)cfg->cp);
    LTE_CHECK_ARG(cfg->mode == LTE_OFDM_DL || cfg->mode == LTE_OFDM_UL_SCFDMA,
                  "mode = %d invalid", (int)cfg->mode);
    LTE_CHECK_ARG(cfg->norm == LTE_OFDM_NORM_UNITARY || cfg->norm == LTE_OFDM_NORM_SPEC,
                  "norm = %d invalid", (int)cfg->norm);
    LTE_CHECK_ARG((cfg->fft_flags & ~(unsigned)(LTE_FFT_MEASURE | LTE_FFT_PATIENT)) == 0,
                  "fft_flags 0x%x: only LTE_FFT_MEASURE and LTE_FFT_PATIENT are allowed",
                  cfg->fft_flags);
    int n = cfg->fft_size ? cfg->fft_size : lte_ofdm_std_fft_size(cfg->n_rb);
    int n_sc = 12 * cfg->n_rb;
    LTE_CHECK_ARG(n >= 128 && n <= LTE_OFDM_FFT_MAX && n % 128 == 0,
                  "fft_size = %d: must be a multiple of 128 in [128, %d] (CP lengths are "
                  "integers only then)", n, LTE_OFDM_FFT_MAX);
    /* DL needs N_sc + DC bins, UL N_sc bins, with at least one guard bin. */
    LTE_CHECK_ARG(n >= n_sc + 2, "fft_size = %d too small for %d subcarriers", n, n_sc);
    int cp_min = cfg->cp == LTE_CP_NORMAL ? 144 * n / 2048 : 512 * n / 2048;
    LTE_CHECK_ARG(cfg->window_offset >= 0 && cfg->window_offset <= cp_min,
                  "window_offset = %d outside [0, %d] (the shortest CP)", cfg->window_offset,
                  cp_min);
    *n_fft = n;
    return 0;
}

static int make_tables(lte_ofdm *o)
{
    int n = o->info.fft_size, n_sc = o->info.n_sc, d = o->window_offset;
    o->freq = lte_alloc(sizeof(float complex) * (size_t)n);
    o->dfreq = lte_alloc(sizeof(float complex) * (size_t)n);
    o->time = lte_alloc(sizeof(float complex) * (size_t)n);
    if (!o->freq || !o->dfreq || !o->time)
        return LTE_ENOMEM;
    if (d > 0) {
        o->corr = lte_alloc(sizeof(float complex) * (size_t)n_sc);
        if (!o->corr)
            return LTE_ENOMEM;
        for (int kp = 0; kp < n_sc; kp++) {
            /* exact argument: reduce k d mod N in integers before scaling */
            long kd = ((long)signed_k(o, kp) * d) % n;
            o->corr[kp] = o->demod_scale * (float complex)cexp(I * 2.0 * M_PI * (double)kd / n);
        }
    }
    if (o->mode == LTE_OFDM_UL_SCFDMA) {
        o->cp_max = o->info.cp_len[0];
        o->rot = lte_alloc(sizeof(float complex) * (size_t)(n + o->cp_max));
        if (!o->rot)
            return LTE_ENOMEM;
        for (int m = -o->cp_max; m < n; m++)
            o->rot[m + o->cp_max] = (float complex)cexp(I * M_PI * (double)m / n);
    }
    return 0;
}

static int make_ffts(lte_ofdm *o, unsigned flags)
{
    /* every transform here has distinct input and output arrays: no
     * in-place plans (half the planning time with MEASURE) */
    lte_fft_cfg c = {.n = o->info.fft_size, .dir = LTE_FFT_INVERSE,
                     .flags = flags | LTE_FFT_OUT_OF_PLACE};
    int rc = lte_fft_create(&c, &o->ifft);
    if (rc < 0)
        return rc;
    c.dir = LTE_FFT_FORWARD;
    return lte_fft_create(&c, &o->fft);
}

int lte_ofdm_create(const lte_ofdm_cfg *cfg, lte_ofdm **out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    *out = NULL;
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    int n = 0, rc = check_cfg(cfg, &n);
    if (rc < 0)
        return rc;
    const lte_cvec_ops *vec = NULL;
    if ((rc = lte_cvec_ops_get(LTE_SIMD_AUTO, &vec)) < 0)
        return rc;
    lte_ofdm *o = calloc(1, sizeof *o);
    if (!o)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory for the object");
    o->info.n_rb = cfg->n_rb;
    o->info.n_sc = 12 * cfg->n_rb;
    o->info.fft_size = n;
    o->info.sample_rate_hz = 15000.0 * n;
    fill_cp_table(&o->info, cfg->cp);
    o->mode = cfg->mode;
    o->vec = vec;
    o->window_offset = cfg->window_offset;
    o->mod_scale = cfg->norm == LTE_OFDM_NORM_UNITARY ? (float)(1.0 / sqrt(n)) : 1.0f;
    o->demod_scale = cfg->norm == LTE_OFDM_NORM_UNITARY ? (float)(1.0 / sqrt(n)) : 1.0f / n;
    rc = make_tables(o);
    if (rc == 0)
        rc = make_ffts(o, cfg->fft_flags);
    if (rc < 0) {
        lte_ofdm_destroy(o);
        if (rc == LTE_ENOMEM)
            return lte_error_set_fn(rc, __func__, "no memory for tables or FFT plans");
        return rc;
    }
    *out = o;
    return 0;
}

void lte_ofdm_destroy(lte_ofdm *o)
{
    if (!o)
        return;
    lte_fft_destroy(o->ifft);
    lte_fft_destroy(o->fft);
    lte_free(o->freq);
    lte_free(o->dfreq);
    lte_free(o->time);
    lte_free(o->corr);
    lte_free(o->rot);
    free(o);
}

int lte_ofdm_get_info(const lte_ofdm *o, lte_ofdm_info *info)
{
    LTE_CHECK_ARG(o != NULL && info != NULL, "NULL argument");
    *info = o->info;
    return 0;
}

/* ---- modulation --------------------------------------------------------- */

/* Place the scaled REs on their bins; the other bins stay zero (they are
 * zeroed at allocation and never written). */
static void map_to_bins(lte_ofdm *o, const float complex *g)
{
    int n = o->info.fft_size, h = o->info.n_sc / 2;
    float s = o->mod_scale;
    int pos0 = o->mode == LTE_OFDM_DL ? 1 : 0; /* bin of k' = h */
    o->vec->scale(o->freq + n - h, g, h, s);
    o->vec->scale(o->freq + pos0, g + h, h, s);
}

static void mod_one(lte_ofdm *o, int l, const float complex *g, float complex *out)
{
    int n = o->info.fft_size, cp = o->info.cp_len[l];
    map_to_bins(o, g);
    if (o->mode == LTE_OFDM_DL) {
        /* Transform straight into place when the plan's alignment allows
         * (same plan, same arithmetic: identical output), else via scratch. */
        float complex *body = out + cp;
        if (lte_fft_aligned(body)) {
            lte_fft_execute(o->ifft, o->freq, body);
        } else {
            lte_fft_execute(o->ifft, o->freq, o->time);
            memcpy(body, o->time, sizeof *out * (size_t)n);
        }
        /* CP: the last cp samples of the periodic symbol, t - N_CP T_s < 0 */
        memcpy(out, body + n - cp, sizeof *out * (size_t)cp);
        return;
    }
    /* UL: sample n' of the symbol is y[(n' - cp) mod N] e^{j pi (n' - cp)/N}.
     * As in the DL the transform writes the body in place when it can (the
     * CP is taken from the tail before the body is rotated in place; the
     * same products either way), which spares a pass over a scratch copy. */
    const float complex *r0 = o->rot + o->cp_max; /* the rotation at m = 0 */
    float complex *body = out + cp;
    const float complex *y = body;
    if (lte_fft_aligned(body)) {
        lte_fft_execute(o->ifft, o->freq, body);
    } else {
        lte_fft_execute(o->ifft, o->freq, o->time);
        y = o->time;
    }
    o->vec->mul(out, y + n - cp, r0 - cp, cp);
    o->vec->mul(body, y, r0, n);
}

int lte_ofdm_mod_symbol(lte_ofdm *o, int l, const float complex *grid_sym, float complex *out)
{
    LTE_CHECK_ARG(o != NULL && grid_sym != NULL && out != NULL, "NULL argument");
    LTE_CHECK_ARG(l >= 0 && l < o->info.symbols_per_subframe, "l = %d outside [0, %d)", l,
                  o->info.symbols_per_subframe);
    mod_one(o, l, grid_sym, out);
    return 0;
}

int lte_ofdm_mod_subframe(lte_ofdm *o, const float complex *grid, float complex *out)
{
    LTE_CHECK_ARG(o != NULL && grid != NULL && out != NULL, "NULL argument");
    for (int l = 0; l < o->info.symbols_per_subframe; l++)
        mod_one(o, l, grid + (size_t)l * o->info.n_sc, out + o->info.sym_start[l]);
    return 0;
}

/* ---- demodulation ------------------------------------------------------- */

/* The FFT input: the window itself when the plan's alignment allows (DL),
 * else a copy (UL: with the half-subcarrier rotation undone). */
static const float complex *take_window(lte_ofdm *o, int l, const float complex *in)
{
    int n = o->info.fft_size, d = o->window_offset;
    const float complex *w = in + o->info.cp_len[l] - d;
    if (o->mode == LTE_OFDM_DL) {
        if (lte_fft_aligned(w))
            return w;
        memcpy(o->time, w, sizeof *w * (size_t)n);
        return o->time;
    }
    /* window sample i is at m = i - d relative to the useful part */
    o->vec->mulconj(o->time, w, o->rot + o->cp_max - d, n);
    return o->time;
}

static void bins_to_grid(lte_ofdm *o, float complex *g)
{
    int n = o->info.fft_size, h = o->info.n_sc / 2;
    int pos0 = o->mode == LTE_OFDM_DL ? 1 : 0;
    const float complex *neg = o->dfreq + n - h, *pos = o->dfreq + pos0;
    if (o->corr) {
        o->vec->mul(g, neg, o->corr, h);
        o->vec->mul(g + h, pos, o->corr + h, h);
        return;
    }
    o->vec->scale(g, neg, h, o->demod_scale);
    o->vec->scale(g + h, pos, h, o->demod_scale);
}

static void demod_one(lte_ofdm *o, int l, const float complex *in, float complex *g)
{
    lte_fft_execute(o->fft, take_window(o, l, in), o->dfreq);
    bins_to_grid(o, g);
    /* The two scratch arrays change roles every symbol: the next window
     * (the UL rotation's output) goes to the bins just read, still in L1,
     * instead of to the array the FFT read first and L1 has since lost
     * (about 3 us of 45 per 20 MHz UL subframe). Both are 64-byte aligned
     * and distinct, so the same plan computes the same bits in either. */
    float complex *t = o->time;
    o->time = o->dfreq;
    o->dfreq = t;
}

int lte_ofdm_demod_symbol(lte_ofdm *o, int l, const float complex *in, float complex *grid_sym)
{
    LTE_CHECK_ARG(o != NULL && in != NULL && grid_sym != NULL, "NULL argument");
    LTE_CHECK_ARG(l >= 0 && l < o->info.symbols_per_subframe, "l = %d outside [0, %d)", l,
                  o->info.symbols_per_subframe);
    demod_one(o, l, in, grid_sym);
    return 0;
}

int lte_ofdm_demod_subframe(lte_ofdm *o, const float complex *in, float complex *grid)
{
    LTE_CHECK_ARG(o != NULL && in != NULL && grid != NULL, "NULL argument");
    for (int l = 0; l < o->info.symbols_per_subframe; l++)
        demod_one(o, l, in + o->info.sym_start[l], grid + (size_t)l * o->info.n_sc);
    return 0;
}
