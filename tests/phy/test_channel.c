/* Statistical tests of the fading channel models (36.101 Annex B) and the
 * impairments. Expected values come from closed forms: tap powers from the
 * spec tables, J0(2 pi f_D tau) for the Jakes autocorrelation, R_eNB (x) R_UE
 * written out here for the spatial correlation, exp() for CFO and delay.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/channel.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

static lte_channel *make(lte_channel_model m, double fd, int ntx, int nrx, lte_channel_corr c,
                         uint64_t seed)
{
    lte_channel_cfg cfg = {0};
    cfg.model = m;
    cfg.doppler_hz = fd;
    cfg.fs_hz = 1.92e6;
    cfg.n_tx = ntx;
    cfg.n_rx = nrx;
    cfg.corr = c;
    cfg.seed = seed;
    lte_channel *ch = NULL;
    assert_int_equal(lte_channel_create(&cfg, &ch), 0);
    return ch;
}

/* Per-tap average power equals the table's relative power, normalised. */
static void test_tap_powers(void **state)
{
    (void)state;
    /* ETU, 36.101 Table B.2.1-4, linear and normalised here */
    const double pdb[9] = {-1, -1, -1, 0, 0, 0, -3, -5, -7};
    double p[9], sum = 0;
    for (int i = 0; i < 9; i++)
        sum += (p[i] = pow(10, pdb[i] / 10));
    double acc[9] = {0};
    int n = 0;
    float complex h[9];
    for (uint64_t seed = 1; seed <= 200; seed++) {
        lte_channel *ch = make(LTE_CHANNEL_ETU, 70, 1, 1, LTE_CORR_LOW, seed);
        for (int k = 0; k < 50; k++) { /* 0.1 s apart: ~7 coherence times */
            lte_channel_gains(ch, 0.1 * k, h);
            for (int l = 0; l < 9; l++)
                acc[l] += crealf(h[l] * conjf(h[l]));
            n++;
        }
        lte_channel_destroy(ch);
    }
    for (int l = 0; l < 9; l++)
        assert_true(fabs(acc[l] / n / (p[l] / sum) - 1) < 0.05);
    double delays[9];
    int nt;
    lte_channel *ch = make(LTE_CHANNEL_ETU, 70, 1, 1, LTE_CORR_LOW, 1);
    assert_int_equal(lte_channel_taps(ch, &nt, delays, NULL), 0);
    assert_int_equal(nt, 9);
    assert_true(fabs(delays[8] - 5000e-9) < 1e-15);
    lte_channel_destroy(ch);
}

/* E[g(t) g*(t + tau)] = J0(2 pi f_D tau) (classical Doppler spectrum). */
static void test_doppler_autocorrelation(void **state)
{
    (void)state;
    const double fd = 100;
    const double taus[] = {0, 0.5e-3, 1e-3, 2e-3, 3.8e-3, 5e-3, 8e-3};
    for (size_t k = 0; k < sizeof taus / sizeof taus[0]; k++) {
        double complex acc = 0;
        int n = 0;
        for (uint64_t seed = 1; seed <= 300; seed++) {
            lte_channel *ch = make(LTE_CHANNEL_FLAT, fd, 1, 1, LTE_CORR_LOW, 1000 + seed);
            for (int j = 0; j < 10; j++) {
                float complex a, b;
                double t = 0.37 * j;
                lte_channel_gains(ch, t, &a);
                lte_channel_gains(ch, t + taus[k], &b);
                acc += a * conj(b);
                n++;
            }
            lte_channel_destroy(ch);
        }
        double expect = j0(2 * M_PI * fd * taus[k]);
        double got = creal(acc) / n;
        if (fabs(got - expect) > 0.06)
            fail_msg("tau = %g: autocorrelation %.3f, J0 gives %.3f", taus[k], got, expect);
    }
}

/* E[h h^H] = R_eNB (x) R_UE: 2x2 medium (alpha 0.3, beta 0.9) and 4x4 high. */
static void check_spatial(int ntx, int nrx, lte_channel_corr c, const double *R)
{
    int np = ntx * nrx;
    double complex acc[16][16] = {{0}};
    int n = 0;
    float complex h[16];
    for (uint64_t seed = 1; seed <= 100; seed++) {
        lte_channel *ch = make(LTE_CHANNEL_FLAT, 50, ntx, nrx, c, 77 + seed);
        for (int k = 0; k < 40; k++) {
            lte_channel_gains(ch, 0.2 * k, h);
            for (int a = 0; a < np; a++)
                for (int b = 0; b < np; b++)
                    acc[a][b] += h[a] * conjf(h[b]);
            n++;
        }
        lte_channel_destroy(ch);
    }
    for (int a = 0; a < np; a++)
        for (int b = 0; b < np; b++)
            if (cabs(acc[a][b] / n - R[a * np + b]) > 0.06)
                fail_msg("R[%d][%d] = %.3f, expected %.3f", a, b, creal(acc[a][b] / n),
                         R[a * np + b]);
}

static void test_spatial_correlation(void **state)
{
    (void)state;
    /* 2x2 medium, downlink: R_eNB = [1 .3; .3 1], R_UE = [1 .9; .9 1];
     * index tx*2 + rx */
    const double r22[16] = {1, .9, .3, .27, .9, 1, .27, .3, .3, .27, 1, .9, .27, .3, .9, 1};
    check_spatial(2, 2, LTE_CORR_MEDIUM, r22);
    /* 1x4 high: R_UE = [1 a^(1/9) a^(4/9) a; ...] with a = 0.9 */
    double r14[16];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            int d = abs(i - j);
            r14[i * 4 + j] = d == 0 ? 1 : d == 1 ? pow(0.9, 1.0 / 9) : d == 2 ? pow(0.9, 4.0 / 9) : 0.9;
        }
    check_spatial(1, 4, LTE_CORR_HIGH, r14);
}

/* A band-limited input (random tones within +-0.3 fs, as an LTE signal with
 * its guard bands) through EVA: average output power equals input power (the
 * profile is normalised), and a static one-tap channel is an exact delay. */
static void test_power_normalisation_and_run(void **state)
{
    (void)state;
    enum { N = 2048, TONES = 24 };
    float complex *x = malloc(sizeof *x * N), *y = malloc(sizeof *y * N);
    tu_rng r;
    tu_rng_seed(&r, 5);
    double pin = 0, pout = 0;
    for (uint64_t seed = 1; seed <= 400; seed++) {
        double fr[TONES], ph[TONES];
        for (int k = 0; k < TONES; k++) {
            fr[k] = 0.6 * tu_uniform(&r) - 0.3;
            ph[k] = 2 * M_PI * tu_uniform(&r);
        }
        for (int i = 0; i < N; i++) {
            double complex s = 0;
            for (int k = 0; k < TONES; k++)
                s += cexp(I * (2 * M_PI * fr[k] * i + ph[k]));
            x[i] = (float complex)(s / sqrt(TONES));
        }
        lte_channel *ch = make(LTE_CHANNEL_EVA, 70, 1, 1, LTE_CORR_LOW, seed);
        const float complex *xp[1] = {x};
        float complex *yp[1] = {y};
        assert_int_equal(lte_channel_run(ch, xp, N, (int64_t)seed * 100000, yp), 0);
        for (int i = 100; i < N - 100; i++) {
            pin += crealf(x[i] * conjf(x[i]));
            pout += crealf(y[i] * conjf(y[i]));
        }
        lte_channel_destroy(ch);
    }
    /* 400 realisations of a ~4-branch diversity power: std of the mean ~0.03 */
    if (fabs(pout / pin - 1) > 0.1)
        fail_msg("output/input power %.3f", pout / pin);

    /* static (f_D = 0) custom one-tap channel at 2 samples: y = g x[i-2] */
    double d_ns = 2.0 / 1.92e6 * 1e9, p_db = 0;
    lte_channel_cfg cfg = {0};
    cfg.model = LTE_CHANNEL_CUSTOM;
    cfg.fs_hz = 1.92e6;
    cfg.n_tx = cfg.n_rx = 1;
    cfg.n_taps = 1;
    cfg.delays_ns = &d_ns;
    cfg.powers_db = &p_db;
    cfg.seed = 3;
    lte_channel *ch;
    assert_int_equal(lte_channel_create(&cfg, &ch), 0);
    float complex g;
    assert_int_equal(lte_channel_gains(ch, 0, &g), 0);
    const float complex *xp[1] = {x};
    float complex *yp[1] = {y};
    assert_int_equal(lte_channel_run(ch, xp, 64, 0, yp), 0);
    assert_true(cabsf(y[0]) == 0 && cabsf(y[1]) == 0);
    for (int i = 2; i < 64; i++)
        assert_true(cabsf(y[i] - g * x[i - 2]) < 1e-5f * (1 + cabsf(x[i - 2])));
    lte_channel_destroy(ch);
    free(x);
    free(y);
}

/* Fractional delay of a tone: y = exp(j 2 pi f (i - d)) away from the edges. */
static void test_fractional_delay(void **state)
{
    (void)state;
    enum { N = 400 };
    float complex x[N], y[N];
    const double freqs[] = {0.02, 0.13, 0.29};
    for (size_t k = 0; k < 3; k++)
        for (double d = 0.0; d < 12.0; d += 1.37) {
            for (int i = 0; i < N; i++)
                x[i] = (float complex)cexp(I * 2 * M_PI * freqs[k] * i);
            assert_int_equal(lte_delay_apply(x, y, N, d), 0);
            double e = 0;
            for (int i = 40; i < N - 40; i++) {
                double complex ref = cexp(I * 2 * M_PI * freqs[k] * (i - d));
                e = fmax(e, cabs(y[i] - ref));
            }
            if (e > 3e-3)
                fail_msg("f = %g, d = %g: max error %g", freqs[k], d, e);
        }
}

static void test_cfo_and_awgn(void **state)
{
    (void)state;
    enum { N = 20000 };
    float complex *x = malloc(sizeof *x * N);
    for (int i = 0; i < N; i++)
        x[i] = 1;
    const double f = 1234.5, fs = 1.92e6;
    assert_int_equal(lte_cfo_apply(x, N, f, fs, 1000000, 0.3), 0);
    /* liquid-dsp 1.5's VCO carries a bounded phase error of a few 1e-3 rad
     * (its phase resolution); it must not drift along the block */
    for (int i = 0; i < N; i += 97) {
        double complex ref = cexp(I * (2 * M_PI * f / fs * (i + 1000000) + 0.3));
        assert_true(cabs(x[i] - ref) < 6e-3);
    }
    memset(x, 0, sizeof *x * N);
    lte_rng rng;
    lte_rng_seed(&rng, 9);
    assert_int_equal(lte_awgn_add(&rng, x, N, 0.25), 0);
    double re = 0, im = 0;
    for (int i = 0; i < N; i++) {
        re += crealf(x[i]) * crealf(x[i]);
        im += cimagf(x[i]) * cimagf(x[i]);
    }
    assert_true(fabs(re / N - 0.125) < 0.005 && fabs(im / N - 0.125) < 0.005);
    free(x);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_channel_cfg cfg = {0};
    lte_channel *ch;
    cfg.model = LTE_CHANNEL_EPA;
    cfg.fs_hz = 1.92e6;
    cfg.n_tx = 3;
    cfg.n_rx = 1;
    assert_int_equal(lte_channel_create(&cfg, &ch), LTE_EINVAL);
    cfg.n_tx = 2;
    cfg.doppler_hz = -1;
    assert_int_equal(lte_channel_create(&cfg, &ch), LTE_EINVAL);
    cfg.doppler_hz = 5;
    cfg.model = (lte_channel_model)17;
    assert_int_equal(lte_channel_create(&cfg, &ch), LTE_EINVAL);
    cfg.model = LTE_CHANNEL_CUSTOM;
    assert_int_equal(lte_channel_create(&cfg, &ch), LTE_EINVAL); /* no taps */
    float complex x[4] = {0}, y[4];
    assert_int_equal(lte_delay_apply(x, y, 4, -1), LTE_EINVAL);
    assert_int_equal(lte_cfo_apply(x, 4, 2e6, 1.92e6, 0, 0), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tap_powers),
        cmocka_unit_test(test_doppler_autocorrelation),
        cmocka_unit_test(test_spatial_correlation),
        cmocka_unit_test(test_power_normalisation_and_run),
        cmocka_unit_test(test_fractional_delay),
        cmocka_unit_test(test_cfo_and_awgn),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
