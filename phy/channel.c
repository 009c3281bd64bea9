/* Propagation channels: 36.101/36.104 Annex B fading, AWGN, CFO, delay.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <liquid/liquid.h>

#include "kernels/internal.h"
#include "ltephy/channel.h"

/* 36.101 Tables B.2.1-2, -3, -4: excess tap delay (ns), relative power (dB). */
static const double epa_d[] = {0, 30, 70, 90, 110, 190, 410};
static const double epa_p[] = {0.0, -1.0, -2.0, -3.0, -8.0, -17.2, -20.8};
static const double eva_d[] = {0, 30, 150, 310, 370, 710, 1090, 1730, 2510};
static const double eva_p[] = {0.0, -1.5, -1.4, -3.6, -0.6, -9.1, -7.0, -12.0, -16.9};
static const double etu_d[] = {0, 50, 120, 200, 230, 500, 1600, 2300, 5000};
static const double etu_p[] = {-1.0, -1.0, -1.0, 0.0, 0.0, 0.0, -3.0, -5.0, -7.0};

#define NPAIR_MAX (LTE_CHANNEL_MAX_ANT * LTE_CHANNEL_MAX_ANT)
#define HALF ((LTE_CHANNEL_INTERP_LEN - 1) / 2)

struct lte_channel {
    lte_channel_cfg cfg;
    int n_taps, n_pairs, n_sin;
    double delay_s[LTE_CHANNEL_MAX_TAPS];
    double power[LTE_CHANNEL_MAX_TAPS];
    int d_int[LTE_CHANNEL_MAX_TAPS];                       /* integer delay, samples */
    float interp[LTE_CHANNEL_MAX_TAPS][LTE_CHANNEL_INTERP_LEN]; /* fractional part */
    int frac_zero[LTE_CHANNEL_MAX_TAPS];
    double corr_l[NPAIR_MAX][NPAIR_MAX];                   /* Cholesky factor of R_spat */
    /* per tap and process: doppler frequencies cos(a_m) f_D and phases */
    double *wd;   /* [tap][pair][m] angular Doppler (rad/s) */
    double *ph;   /* [tap][pair][m] */
    int step;          /* samples between exact gain evaluations */
    int pad;           /* zero padding on each side of xpad */
    float complex *z;  /* scratch: one delayed, filtered input stream */
    float complex *xpad; /* scratch: the input streams with zero padding, stride n + 2 pad */
    float complex *g0;
    int z_cap;
};

/* 36.101 §B.2.3.1: the eNB / UE correlation matrix for n antennas and c. */
static void ant_corr(int n, double c, double *r /* n*n */)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int d = abs(i - j);
            /* exponents (d/(n-1))^2: 1/9, 4/9, 1 for 4 antennas; 1 for 2 */
            r[i * n + j] = d == 0 ? 1.0 : pow(c, (double)(d * d) / ((n - 1) * (n - 1)));
        }
}

static int spatial_corr(lte_channel *ch)
{
    const lte_channel_cfg *c = &ch->cfg;
    /* (alpha at the eNB, beta at the UE), Tables B.2.3.2-1 (DL), 36.104 B.5.2 (UL) */
    double alpha = 0, beta = 0;
    if (c->corr == LTE_CORR_MEDIUM) {
        alpha = c->uplink ? 0.9 : 0.3;
        beta = c->uplink ? 0.3 : 0.9;
    } else if (c->corr == LTE_CORR_HIGH) {
        alpha = beta = 0.9;
    }
    double rt[16], rr[16];
    ant_corr(c->n_tx, c->uplink ? beta : alpha, rt);
    ant_corr(c->n_rx, c->uplink ? alpha : beta, rr);
    int n = ch->n_pairs;
    double R[NPAIR_MAX][NPAIR_MAX];
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++)
            R[a][b] = rt[(a / c->n_rx) * c->n_tx + b / c->n_rx] *
                      rr[(a % c->n_rx) * c->n_rx + b % c->n_rx];
    double scale_a = 0;
    if (c->corr == LTE_CORR_HIGH && c->n_tx == 4 && c->n_rx == 2 && !c->uplink)
        scale_a = 0.00010;
    if (c->corr == LTE_CORR_HIGH && c->n_tx == 4 && c->n_rx == 4)
        scale_a = 0.00012;
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++)
            R[a][b] = (R[a][b] + (a == b ? scale_a : 0)) / (1 + scale_a);
    /* Cholesky, clamping round-off negatives of a semi-definite matrix */
    memset(ch->corr_l, 0, sizeof ch->corr_l);
    for (int j = 0; j < n; j++) {
        double s = R[j][j];
        for (int k = 0; k < j; k++)
            s -= ch->corr_l[j][k] * ch->corr_l[j][k];
        double d = s > 0 ? sqrt(s) : 0;
        ch->corr_l[j][j] = d;
        for (int i = j + 1; i < n; i++) {
            double t = R[i][j];
            for (int k = 0; k < j; k++)
                t -= ch->corr_l[i][k] * ch->corr_l[j][k];
            ch->corr_l[i][j] = d > 0 ? t / d : 0;
        }
    }
    return 0;
}

/* A delay of ds samples = nearest integer n plus mu in [-0.5, 0.5): a pure
 * shift, or a centred Kaiser interpolator (liquid-dsp) normalised to unit DC
 * gain. liquid's mu is a fractional advance of the filter centre, so a
 * delay of +mu is an advance of -mu (checked by the tests). */
static int design_delay(double ds, int *d_int, int *frac_zero, float *h)
{
    double ni = floor(ds + 0.5), mu = ds - ni;
    *d_int = (int)ni;
    *frac_zero = fabs(mu) < 1e-9;
    if (*frac_zero)
        return 0;
    if (liquid_firdes_kaiser(LTE_CHANNEL_INTERP_LEN, 0.5f - 1e-3f, 60.0f, (float)-mu, h) != 0)
        return lte_error_set(LTE_EINVAL, "fractional delay filter design failed (mu = %g)", mu);
    double sum = 0;
    for (int k = 0; k < LTE_CHANNEL_INTERP_LEN; k++)
        sum += h[k];
    for (int k = 0; k < LTE_CHANNEL_INTERP_LEN; k++)
        h[k] = (float)(h[k] / sum);
    return 0;
}

static int set_profile(lte_channel *ch)
{
    const lte_channel_cfg *c = &ch->cfg;
    const double *d = NULL, *p = NULL;
    static const double zero = 0;
    int n = 0;
    switch (c->model) {
    case LTE_CHANNEL_FLAT: d = &zero; p = &zero; n = 1; break;
    case LTE_CHANNEL_EPA: d = epa_d; p = epa_p; n = 7; break;
    case LTE_CHANNEL_EVA: d = eva_d; p = eva_p; n = 9; break;
    case LTE_CHANNEL_ETU: d = etu_d; p = etu_p; n = 9; break;
    case LTE_CHANNEL_CUSTOM:
        LTE_CHECK_ARG(c->n_taps >= 1 && c->n_taps <= LTE_CHANNEL_MAX_TAPS && c->delays_ns &&
                          c->powers_db,
                      "custom profile needs 1..%d taps with delays and powers",
                      LTE_CHANNEL_MAX_TAPS);
        d = c->delays_ns;
        p = c->powers_db;
        n = c->n_taps;
        break;
    default: LTE_CHECK_ARG(0, "unknown channel model %d", (int)c->model);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
        LTE_CHECK_ARG(d[i] >= 0 && d[i] <= 1e5, "tap %d delay %g ns is outside 0..100000", i,
                      d[i]);
        ch->delay_s[i] = d[i] * 1e-9;
        ch->power[i] = pow(10.0, p[i] / 10.0);
        sum += ch->power[i];
    }
    for (int i = 0; i < n; i++) {
        ch->power[i] /= sum; /* total power 1 */
        int rc = design_delay(ch->delay_s[i] * c->fs_hz, &ch->d_int[i], &ch->frac_zero[i],
                              ch->interp[i]);
        if (rc < 0)
            return rc;
    }
    ch->n_taps = n;
    return 0;
}

/* Exact gain evaluations are spaced so that the fastest sinusoid turns by at
 * most 0.05 rad between them (linear interpolation error below 3e-4, about
 * -70 dB), a power of two from 16 to 1024 samples. Depends only on cfg. */
static int gain_step(const lte_channel_cfg *cfg)
{
    int step = 1024;
    if (cfg->doppler_hz > 0) {
        double s = 0.05 * cfg->fs_hz / (2 * M_PI * cfg->doppler_hz);
        while (step > 16 && step > s)
            step /= 2;
    }
    return step;
}

int lte_channel_create(const lte_channel_cfg *cfg, lte_channel **out)
{
    LTE_CHECK_ARG(cfg && out, "NULL argument");
    LTE_CHECK_ARG(cfg->fs_hz >= 1e3 && cfg->fs_hz <= 1e9, "fs_hz = %g is outside 1e3..1e9",
                  cfg->fs_hz);
    LTE_CHECK_ARG(cfg->doppler_hz >= 0 && cfg->doppler_hz <= 1e5,
                  "doppler_hz = %g is outside 0..1e5", cfg->doppler_hz);
    LTE_CHECK_ARG((cfg->n_tx == 1 || cfg->n_tx == 2 || cfg->n_tx == 4) &&
                      (cfg->n_rx == 1 || cfg->n_rx == 2 || cfg->n_rx == 4),
                  "n_tx = %d, n_rx = %d: each must be 1, 2 or 4", cfg->n_tx, cfg->n_rx);
    LTE_CHECK_ARG(cfg->corr >= LTE_CORR_LOW && cfg->corr <= LTE_CORR_HIGH,
                  "unknown correlation %d", (int)cfg->corr);
    LTE_CHECK_ARG(cfg->n_sinusoids >= 0 && cfg->n_sinusoids <= 1024,
                  "n_sinusoids = %d is outside 0..1024", cfg->n_sinusoids);
    lte_channel *ch = calloc(1, sizeof *ch);
    if (!ch)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    ch->cfg = *cfg;
    ch->n_pairs = cfg->n_tx * cfg->n_rx;
    ch->n_sin = cfg->n_sinusoids ? cfg->n_sinusoids : 32;
    ch->step = gain_step(cfg);
    int rc = set_profile(ch);
    /* the profile is copied: the caller's arrays are not kept */
    ch->cfg.delays_ns = NULL;
    ch->cfg.powers_db = NULL;
    if (rc < 0 || (rc = spatial_corr(ch)) < 0) {
        free(ch);
        return rc;
    }
    size_t nproc = (size_t)ch->n_taps * (size_t)ch->n_pairs * (size_t)ch->n_sin;
    ch->wd = malloc(sizeof(double) * nproc);
    ch->ph = malloc(sizeof(double) * nproc);
    if (!ch->wd || !ch->ph) {
        lte_channel_destroy(ch);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    }
    lte_rng rng;
    lte_rng_seed(&rng, cfg->seed);
    for (int l = 0; l < ch->n_taps; l++)
        for (int q = 0; q < ch->n_pairs; q++) {
            double theta = lte_rng_uniform(&rng);
            size_t base = ((size_t)l * ch->n_pairs + q) * ch->n_sin;
            for (int m = 0; m < ch->n_sin; m++) {
                double a = 2 * M_PI * (m + theta) / ch->n_sin;
                ch->wd[base + m] = 2 * M_PI * cfg->doppler_hz * cos(a);
                ch->ph[base + m] = 2 * M_PI * lte_rng_uniform(&rng);
            }
        }
    *out = ch;
    return 0;
}

void lte_channel_destroy(lte_channel *ch)
{
    if (!ch)
        return;
    free(ch->wd);
    free(ch->ph);
    free(ch->z);
    free(ch->xpad);
    free(ch->g0);
    free(ch);
}

int lte_channel_taps(const lte_channel *ch, int *n_taps, double *delays_s, double *powers)
{
    LTE_CHECK_ARG(ch && n_taps, "NULL argument");
    *n_taps = ch->n_taps;
    for (int l = 0; l < ch->n_taps; l++) {
        if (delays_s)
            delays_s[l] = ch->delay_s[l];
        if (powers)
            powers[l] = ch->power[l];
    }
    return 0;
}

/* Uncorrelated unit-power processes of tap l at time t, then correlated. */
static void tap_gains(const lte_channel *ch, int l, double t, float complex *h)
{
    double complex u[NPAIR_MAX];
    double scale = 1.0 / sqrt((double)ch->n_sin);
    for (int q = 0; q < ch->n_pairs; q++) {
        size_t base = ((size_t)l * ch->n_pairs + q) * ch->n_sin;
        double re = 0, im = 0;
        for (int m = 0; m < ch->n_sin; m++) {
            double a = ch->wd[base + m] * t + ch->ph[base + m];
            re += cos(a);
            im += sin(a);
        }
        u[q] = (re + I * im) * scale;
    }
    double amp = sqrt(ch->power[l]);
    for (int a = 0; a < ch->n_pairs; a++) {
        double complex s = 0;
        for (int b = 0; b <= a; b++)
            s += ch->corr_l[a][b] * u[b];
        h[a] = (float complex)(amp * s);
    }
}

int lte_channel_gains(const lte_channel *ch, double t, float complex *h)
{
    LTE_CHECK_ARG(ch && h, "NULL argument");
    for (int l = 0; l < ch->n_taps; l++)
        tap_gains(ch, l, t, h + (size_t)l * ch->n_pairs);
    return 0;
}

static int ensure_scratch(lte_channel *ch, int n)
{
    if (n <= ch->z_cap)
        return 0;
    int dmax = 0;
    for (int l = 0; l < ch->n_taps; l++)
        dmax = LTE_MAX(dmax, ch->d_int[l]);
    ch->pad = dmax + LTE_CHANNEL_INTERP_LEN;
    int steps = n / ch->step + 2;
    float complex *z = realloc(ch->z, sizeof *z * (size_t)n);
    if (z)
        ch->z = z;
    float complex *xp = realloc(ch->xpad, sizeof *xp * (size_t)ch->cfg.n_tx *
                                              ((size_t)n + 2 * (size_t)ch->pad));
    if (xp)
        ch->xpad = xp;
    float complex *g0 = realloc(ch->g0, sizeof *g0 * (size_t)steps * NPAIR_MAX);
    if (g0)
        ch->g0 = g0;
    if (!z || !xp || !g0)
        return lte_error_set(LTE_ENOMEM, "lte_channel_run: out of memory");
    ch->z_cap = n;
    return 0;
}

/* z = x delayed by d samples and the interpolator h (NULL: none), x given
 * zero-padded by at least d + LTE_CHANNEL_INTERP_LEN on both sides (xp
 * points at x[0]): branch-free, so the compiler vectorises it. */
static void delay_padded(int d, const float *h, const float complex *xp, int n,
                         float complex *z)
{
    if (!h) {
        for (int i = 0; i < n; i++)
            z[i] = xp[i - d];
        return;
    }
    for (int i = 0; i < n; i++) {
        float re = 0, im = 0;
        const float complex *src = xp + i - d + HALF;
        for (int k = 0; k < LTE_CHANNEL_INTERP_LEN; k++) {
            re += h[k] * crealf(src[-k]);
            im += h[k] * cimagf(src[-k]);
        }
        z[i] = re + I * im;
    }
}


int lte_channel_run(lte_channel *ch, const float complex *const *x, int n, int64_t t0,
                    float complex *const *y)
{
    LTE_CHECK_ARG(ch && x && y, "NULL argument");
    LTE_CHECK_ARG(n >= 0, "n = %d is negative", n);
    int rc = ensure_scratch(ch, n);
    if (rc < 0)
        return rc;
    const int nt = ch->cfg.n_tx, nr = ch->cfg.n_rx, S = ch->step;
    for (int r = 0; r < nr; r++)
        memset(y[r], 0, sizeof(float complex) * (size_t)n);
    int steps = n / S + 1;
    size_t stride = (size_t)n + 2 * (size_t)ch->pad;
    for (int tx = 0; tx < nt; tx++) { /* each stream padded once, used by every tap */
        float complex *xp = ch->xpad + (size_t)tx * stride;
        memset(xp, 0, sizeof(float complex) * (size_t)ch->pad);
        memcpy(xp + ch->pad, x[tx], sizeof(float complex) * (size_t)n);
        memset(xp + ch->pad + n, 0, sizeof(float complex) * (size_t)ch->pad);
    }
    for (int l = 0; l < ch->n_taps; l++) {
        /* gains of this tap at every S-th sample (and one past the end) */
        for (int s = 0; s <= steps; s++)
            tap_gains(ch, l, (double)(t0 + (int64_t)s * S) / ch->cfg.fs_hz,
                      ch->g0 + (size_t)s * NPAIR_MAX);
        for (int tx = 0; tx < nt; tx++) {
            delay_padded(ch->d_int[l], ch->frac_zero[l] ? NULL : ch->interp[l],
                         ch->xpad + (size_t)tx * stride + ch->pad, n, ch->z);
            for (int r = 0; r < nr; r++) {
                int q = tx * nr + r;
                float complex *yr = y[r];
                for (int i = 0; i < n; i++) {
                    int s = i / S;
                    float w = (float)(i - s * S) / (float)S;
                    float complex g = (1 - w) * ch->g0[(size_t)s * NPAIR_MAX + q] +
                                      w * ch->g0[(size_t)(s + 1) * NPAIR_MAX + q];
                    yr[i] += g * ch->z[i];
                }
            }
        }
    }
    return 0;
}

int lte_awgn_add(lte_rng *rng, float complex *x, int n, double n0)
{
    LTE_CHECK_ARG(rng && (x || n == 0), "NULL argument");
    LTE_CHECK_ARG(n >= 0 && n0 >= 0, "n = %d, n0 = %g must be non-negative", n, n0);
    double s = sqrt(n0 / 2);
    for (int i = 0; i < n; i++) {
        double a = lte_rng_gauss(rng), b = lte_rng_gauss(rng);
        x[i] += (float)(s * a) + I * (float)(s * b);
    }
    return 0;
}

int lte_cfo_apply(float complex *x, int n, double f_hz, double fs_hz, int64_t i0, double phase0)
{
    LTE_CHECK_ARG(x || n == 0, "x is NULL");
    LTE_CHECK_ARG(n >= 0 && fs_hz > 0 && fabs(f_hz) < fs_hz / 2,
                  "need n >= 0, fs > 0 and |f| < fs/2 (f = %g, fs = %g)", f_hz, fs_hz);
    nco_crcf nco = nco_crcf_create(LIQUID_VCO);
    if (!nco)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "liquid-dsp NCO creation failed");
    double w = 2 * M_PI * f_hz / fs_hz;
    /* the starting phase for absolute sample i0, reduced in double precision */
    double ph = fmod(w * (double)i0 + phase0, 2 * M_PI);
    nco_crcf_set_frequency(nco, (float)w);
    nco_crcf_set_phase(nco, (float)ph);
    nco_crcf_mix_block_up(nco, x, x, (unsigned)n);
    nco_crcf_destroy(nco);
    return 0;
}

int lte_delay_apply(const float complex *x, float complex *y, int n, double d)
{
    LTE_CHECK_ARG((x && y) || n == 0, "NULL argument");
    LTE_CHECK_ARG(n >= 0 && d >= 0 && d < 1e7, "need n >= 0 and 0 <= d < 1e7 (d = %g)", d);
    LTE_CHECK_ARG(x != y || n == 0, "y may not alias x");
    int d_int, frac_zero, rc;
    float h[LTE_CHANNEL_INTERP_LEN];
    if ((rc = design_delay(d, &d_int, &frac_zero, h)) < 0)
        return rc;
    /* a one-shot impairment, not a hot path: the padded copy is allocated here */
    size_t pad = (size_t)d_int + LTE_CHANNEL_INTERP_LEN;
    float complex *xp = calloc((size_t)n + 2 * pad, sizeof *xp);
    if (!xp)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    memcpy(xp + pad, x, sizeof *xp * (size_t)n);
    delay_padded(d_int, frac_zero ? NULL : h, xp + pad, n, y);
    free(xp);
    return 0;
}
