/* Tests of IQ reading and resampling (iq.h).
 * Conversions against hand-written byte patterns (IEEE-754 bit patterns for
 * cf32); file errors (missing, empty, truncated, NaN); resampling against an
 * independent reference: the same
 * continuous-time signal (72 subcarriers of 6 RB, closed form in double
 * precision) is evaluated at both rates, so the resampled signal must equal
 * the one computed directly at the output rate, delay included.
 * DC removal and IQ-imbalance estimation/correction: circular Gaussian
 * samples impaired here through y = mu x + nu conj(x) + dc (mu, nu computed
 * in the test from the applied gain and phase, the other form of iq.h's
 * model) for several seeds and impairments: the DC, gain (dB) and phase
 * (deg) estimates within 0.01, 0.1 dB and 0.6 deg of the truth (about 5
 * standard deviations at 2e5 samples), the corrected samples within -40 dB
 * of the unimpaired ones, and the image rejection of a single tone measured
 * by correlation at +f and -f: the uncorrected one within 0.5 dB of
 * |mu|^2 / |nu|^2, the corrected one above 40 dB; the correction built in the
 * test from the true parameters above 80 dB; block-wise DC removal against a
 * plain loop; bad arguments refused.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ltephy/error.h"
#include "ltephy/iq.h"
#include "tests/common/testutil.h"

static void test_formats(void **state)
{
    (void)state;
    lte_iq_format f;
    static const char *names[] = {"cf32", "ci16", "ci8", "cu8"};
    static const int bytes[] = {8, 4, 2, 2};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(lte_iq_format_parse(names[i], &f), 0);
        assert_int_equal((int)f, i);
        assert_string_equal(lte_iq_format_name(f), names[i]);
        assert_int_equal(lte_iq_sample_bytes(f), bytes[i]);
    }
    assert_int_equal(lte_iq_format_parse("cs8", &f), LTE_EINVAL);
    assert_int_equal(lte_iq_format_parse("CF32", &f), LTE_EINVAL);
    assert_int_equal(lte_iq_format_parse(NULL, &f), LTE_EINVAL);
    assert_int_equal(lte_iq_sample_bytes((lte_iq_format)9), LTE_EINVAL);
    assert_string_equal(lte_iq_format_name((lte_iq_format)9), "invalid");
}

static void test_rates(void **state)
{
    (void)state;
    double r = 0;
    assert_int_equal(lte_iq_parse_rate("1.92e6", &r), 0);
    assert_true(r == 1920000.0);
    assert_int_equal(lte_iq_parse_rate("1920000", &r), 0);
    assert_true(r == 1920000.0);
    assert_int_equal(lte_iq_parse_rate("19.2e6", &r), 0);
    assert_true(r == 19200000.0);
    const char *bad[] = {"", "abc", "1.92e6x", "-1e6", "0", "1e12", "nan", "inf", " "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(lte_iq_parse_rate(bad[i], &r), LTE_EINVAL);
    assert_true(lte_iq_is_lte_rate(1.92e6) && lte_iq_is_lte_rate(23.04e6) &&
                lte_iq_is_lte_rate(30.72e6));
    assert_false(lte_iq_is_lte_rate(19.2e6) || lte_iq_is_lte_rate(2e6));
}

static void test_convert(void **state)
{
    (void)state;
    float complex y[2];
    /* ci8: 0x80 = -128 -> -1; 0x7f = 127 -> 127/128; 0x01, 0xff -> +-1/128 */
    const uint8_t ci8[] = {0x80, 0x7f, 0x01, 0xff};
    assert_int_equal(lte_iq_convert(LTE_IQ_CI8, ci8, 2, y), 0);
    assert_true(crealf(y[0]) == -1.0f && cimagf(y[0]) == 127.0f / 128);
    assert_true(crealf(y[1]) == 1.0f / 128 && cimagf(y[1]) == -1.0f / 128);
    /* cu8: offset binary around 127.5 */
    const uint8_t cu8[] = {0, 255, 127, 128};
    assert_int_equal(lte_iq_convert(LTE_IQ_CU8, cu8, 2, y), 0);
    assert_true(crealf(y[0]) == -127.5f / 128 && cimagf(y[0]) == 127.5f / 128);
    assert_true(crealf(y[1]) == -0.5f / 128 && cimagf(y[1]) == 0.5f / 128);
    /* ci16 little-endian: 0x8000 = -32768, 0x7fff = 32767, 0x0100 = 256, 0xfffe = -2 */
    const uint8_t ci16[] = {0x00, 0x80, 0xff, 0x7f, 0x00, 0x01, 0xfe, 0xff};
    assert_int_equal(lte_iq_convert(LTE_IQ_CI16, ci16, 2, y), 0);
    assert_true(crealf(y[0]) == -1.0f && cimagf(y[0]) == 32767.0f / 32768);
    assert_true(crealf(y[1]) == 256.0f / 32768 && cimagf(y[1]) == -2.0f / 32768);
    /* cf32 little-endian: 1.5 = 0x3fc00000, -2.25 = 0xc0100000; one byte of
     * offset checks that unaligned input is fine */
    const uint8_t cf32[] = {0xee, 0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x10, 0xc0};
    assert_int_equal(lte_iq_convert(LTE_IQ_CF32, cf32 + 1, 1, y), 0);
    assert_true(crealf(y[0]) == 1.5f && cimagf(y[0]) == -2.25f);
    assert_int_equal(lte_iq_convert(LTE_IQ_CF32, NULL, 1, y), LTE_EINVAL);
    assert_int_equal(lte_iq_convert((lte_iq_format)7, cf32, 1, y), LTE_EINVAL);
}

static char *temp_file(const void *data, size_t len)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/ltephy_test_iq_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    if (len)
        assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

static void test_read_file(void **state)
{
    (void)state;
    const uint8_t ci8[] = {0x80, 0x7f, 0x01, 0xff, 0x40, 0xc0};
    char *p = temp_file(ci8, sizeof ci8);
    float complex *x = NULL;
    size_t n = 0;
    assert_int_equal(lte_iq_read_file(p, LTE_IQ_CI8, 0, &x, &n), 0);
    assert_int_equal(n, 3);
    assert_true(crealf(x[2]) == 0.5f && cimagf(x[2]) == -0.5f);
    free(x);
    assert_int_equal(lte_iq_read_file(p, LTE_IQ_CI8, 2, &x, &n), 0);
    assert_int_equal(n, 2);
    free(x);
    /* 6 bytes are 1.5 ci16 samples: a truncated recording */
    assert_int_equal(lte_iq_read_file(p, LTE_IQ_CI16, 0, &x, &n), LTE_EFORMAT);
    assert_null(x);
    assert_true(strstr(lte_errdetail(), "whole number") != NULL);
    unlink(p);
    assert_int_equal(lte_iq_read_file(p, LTE_IQ_CI8, 0, &x, &n), LTE_EIO);
    p = temp_file(NULL, 0);
    assert_int_equal(lte_iq_read_file(p, LTE_IQ_CU8, 0, &x, &n), LTE_EFORMAT);
    unlink(p);
    /* a NaN in a cf32 file (e.g. a file of another format read as cf32) */
    const uint8_t nan32[] = {0, 0, 0x80, 0x3f, 0x00, 0x00, 0xc0, 0x7f};
    p = temp_file(nan32, sizeof nan32);
    assert_int_equal(lte_iq_read_file(p, LTE_IQ_CF32, 0, &x, &n), LTE_EFORMAT);
    unlink(p);
    assert_int_equal(lte_iq_read_file(NULL, LTE_IQ_CF32, 0, &x, &n), LTE_EINVAL);
}

/* The closed-form test signal: the 72 subcarriers of 6 RB around DC
 * (36.211 §6.12: -36..-1, +1..+36 times 15 kHz) with random QPSK values,
 * evaluated in double precision at time i / fs. Unlike an OFDM burst it has
 * no symbol-boundary discontinuities, so it is band-limited to +-540 kHz and
 * the same continuous signal exists at both rates. */
static void tones(const float complex *a, double fs, int n, float complex *out)
{
    for (int i = 0; i < n; i++) {
        double complex s = 0;
        for (int k = 0; k < 72; k++) {
            int f = k < 36 ? k - 36 : k - 35;
            s += a[k] * cexp(2.0 * I * M_PI * 15000.0 * f * i / fs);
        }
        out[i] = (float complex)(s / sqrt(72.0));
    }
}

/* Error power of the resampled signal against the signal evaluated directly
 * at the output rate, relative to the signal power, away from the ends. */
static double resample_error_db(double fs_in, double fs_out, double dur_s)
{
    tu_rng r;
    tu_rng_seed(&r, 42u + (unsigned)(fs_in / 1000));
    float complex a[72];
    for (int k = 0; k < 72; k++)
        a[k] = ((tu_rand(&r) & 1) ? 0.7071f : -0.7071f) + I * ((tu_rand(&r) & 1) ? 0.7071f : -0.7071f);
    int nin = (int)lround(dur_s * fs_in), nout = (int)lround(dur_s * fs_out);
    float complex *x = malloc(nin * sizeof *x), *b = malloc(nout * sizeof *b);
    float complex *y = malloc(nout * sizeof *y);
    tones(a, fs_in, nin, x);
    tones(a, fs_out, nout, b);
    size_t ny = lte_iq_resample_len((size_t)nin, fs_in, fs_out);
    assert_int_equal(ny, (size_t)nout);
    assert_int_equal(lte_iq_resample(x, (size_t)nin, fs_in, fs_out, y), 0);
    double e = 0, s = 0;
    /* skip the filter transients at both ends (the input starts and stops abruptly) */
    for (int i = nout / 4; i < nout - nout / 4; i++) {
        e += pow(cabsf(y[i] - b[i]), 2);
        s += pow(cabsf(b[i]), 2);
    }
    free(x);
    free(b);
    free(y);
    return 10 * log10(e / s);
}

static void test_resample(void **state)
{
    (void)state;
    /* 60 dB filters: a correct rate conversion with its delay removed gives
     * an error far below the signal; a timing error of a tenth of a sample
     * alone would leave about -12 dB (2 pi 0.1 540/1920 rad at the band
     * edge), so -35 dB is a clear pass/fail line. */
    double e1 = resample_error_db(3.84e6, 1.92e6, 4e-3); /* decimation by 2 */
    double e2 = resample_error_db(19.2e6, 1.92e6, 4e-3); /* by 10, as for the HackRF capture */
    double e3 = resample_error_db(1.92e6, 3.84e6, 4e-3); /* interpolation by 2 */
    double e4 = resample_error_db(2.0e6, 1.92e6, 4e-3);  /* a non-LTE rate: ratio 0.96 */
    print_message("resampling error: 3.84->1.92 %.1f dB, 19.2->1.92 %.1f dB, 1.92->3.84 %.1f dB, "
                  "2->1.92 %.1f dB\n", e1, e2, e3, e4);
    assert_true(e1 < -35);
    assert_true(e2 < -35);
    assert_true(e3 < -35);
    assert_true(e4 < -35);
    float complex x[4] = {1, 2, 3, 4}, y[4];
    assert_int_equal(lte_iq_resample(x, 4, 1e6, 1e6, y), 0);
    assert_true(y[3] == 4);
    assert_int_equal(lte_iq_resample(x, 4, 1e6, 0, y), LTE_EINVAL);
    assert_int_equal(lte_iq_resample(x, 4, 1e6, 1e6, x), LTE_EINVAL);
    assert_int_equal(lte_iq_resample(x, 4, 1e9, 1e3, y), LTE_EINVAL);
}

/* ---- DC and IQ imbalance ---------------------------------------------------- */

/* y = mu x + nu conj(x) + dc, mu = (1 + g e^{j phi}) / 2, nu = (1 - g e^{-j phi}) / 2 */
static void impair(const float complex *x, float complex *y, size_t n, double gain_db,
                   double phase_deg, double complex dc)
{
    double g = pow(10.0, gain_db / 20), p = phase_deg * M_PI / 180;
    double complex mu = (1 + g * cexp(I * p)) / 2, nu = (1 - g * cexp(-I * p)) / 2;
    for (size_t i = 0; i < n; i++)
        y[i] = (float complex)(mu * x[i] + nu * conj(x[i]) + dc);
}

/* |mu|^2 / |nu|^2 in dB, from the parameters */
static double irr_model_db(double gain_db, double phase_deg)
{
    double g = pow(10.0, gain_db / 20), p = phase_deg * M_PI / 180;
    return 20 * log10(cabs(1 + g * cexp(I * p)) / cabs(1 - g * cexp(-I * p)));
}

/* image rejection of y, a tone at +f cycles/sample: power at +f over -f */
static double irr_db(const float complex *y, size_t n, double f)
{
    double complex ap = 0, am = 0;
    for (size_t i = 0; i < n; i++) {
        double complex e = cexp(2 * M_PI * I * f * (double)i);
        ap += y[i] * conj(e);
        am += y[i] * e;
    }
    return 20 * log10(cabs(ap) / cabs(am));
}

static void test_iq_imbalance(void **state)
{
    (void)state;
    static const struct { double gain_db, phase_deg; double complex dc; uint64_t seed; } c[] = {
        {1.0, 5.0, 0.2 - 0.15 * I, 1},
        {-0.7, -3.0, -0.05 + 0.3 * I, 2},
        {2.0, 10.0, 0.0, 3},
        {0.3, -8.0, 0.1, 4},
    };
    enum { N = 200000, NT = 10000 };
    float complex *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    float complex *t = malloc(NT * sizeof *t), *u = malloc(NT * sizeof *u);
    assert_non_null(x && y && t && u);
    const double ft = 0.1; /* 1000 whole periods in NT */
    for (size_t i = 0; i < NT; i++)
        t[i] = (float complex)(0.5 * cexp(2 * M_PI * I * ft * (double)i));
    for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
        tu_rng r;
        tu_rng_seed(&r, c[k].seed);
        for (size_t i = 0; i < N; i++) /* circular, unit power */
            x[i] = (float)(tu_gauss(&r) * M_SQRT1_2) + I * (float)(tu_gauss(&r) * M_SQRT1_2);
        impair(x, y, N, c[k].gain_db, c[k].phase_deg, c[k].dc);
        float complex dc = 0;
        lte_iq_imbalance e;
        assert_int_equal(lte_iq_dc_remove(y, N, 0, &dc), 0);
        assert_int_equal(lte_iq_imbalance_estimate(y, N, &e), 0);
        assert_int_equal(lte_iq_imbalance_correct(y, N, &e), 0);
        double err = 0, pw = 0;
        for (size_t i = 0; i < N; i++) {
            err += pow(cabsf(y[i] - x[i]), 2);
            pw += pow(cabsf(x[i]), 2);
        }
        /* the tone through the same front end, corrected with the estimate */
        impair(t, u, NT, c[k].gain_db, c[k].phase_deg, c[k].dc);
        double irr0 = irr_db(u, NT, ft), irr_m = irr_model_db(c[k].gain_db, c[k].phase_deg);
        assert_int_equal(lte_iq_dc_remove(u, NT, 0, NULL), 0);
        assert_int_equal(lte_iq_imbalance_correct(u, NT, &e), 0);
        double irr1 = irr_db(u, NT, ft);
        /* the ideal correction from the true parameters */
        double g = pow(10.0, c[k].gain_db / 20), p = c[k].phase_deg * M_PI / 180;
        lte_iq_imbalance ideal = {0, 0, (float)-tan(p), (float)(1 / (g * cos(p)))};
        impair(t, u, NT, c[k].gain_db, c[k].phase_deg, 0);
        assert_int_equal(lte_iq_imbalance_correct(u, NT, &ideal), 0);
        double irr2 = irr_db(u, NT, ft);
        print_message("seed %d: dc %+.4f%+.4fj (true %+.3f%+.3fj) gain %+.3f dB (true %+.2f) "
                      "phase %+.3f deg (true %+.2f), error %.1f dB, IRR %.1f dB (model %.1f) -> "
                      "%.1f dB (ideal %.1f)\n",
                      (int)c[k].seed, crealf(dc), cimagf(dc), creal(c[k].dc), cimag(c[k].dc),
                      e.gain_db, c[k].gain_db, e.phase_deg, c[k].phase_deg,
                      10 * log10(err / pw), irr0, irr_m, irr1, irr2);
        assert_true(cabs(dc - c[k].dc) < 0.01);
        assert_true(fabs(e.gain_db - c[k].gain_db) < 0.1);
        assert_true(fabs(e.phase_deg - c[k].phase_deg) < 0.6);
        assert_true(10 * log10(err / pw) < -40);
        assert_true(fabs(irr0 - irr_m) < 0.5);
        assert_true(irr1 > 40);
        assert_true(irr2 > 80);
    }
    free(x);
    free(y);
    free(t);
    free(u);
}

static void test_dc_blocks(void **state)
{
    (void)state;
    enum { N = 2500, B = 1000 };
    float complex x[N], y[N];
    tu_rng r;
    tu_rng_seed(&r, 9);
    for (int i = 0; i < N; i++) /* a different offset in each block of B */
        x[i] = y[i] = (float)tu_gauss(&r) + I * (float)tu_gauss(&r) + 0.5f * (float)(i / B + 1);
    float complex dc = 0;
    assert_int_equal(lte_iq_dc_remove(y, N, B, &dc), 0);
    double all = 0;
    for (int b = 0; b < N; b += B) {
        int m = N - b < B ? N - b : B;
        double complex s = 0;
        for (int i = b; i < b + m; i++)
            s += x[i];
        all += creal(s);
        for (int i = b; i < b + m; i++)
            assert_true(cabs(y[i] - (x[i] - s / m)) < 1e-5);
    }
    assert_true(fabs(crealf(dc) - all / N) < 1e-5);
    assert_int_equal(lte_iq_dc_remove(y, 0, 0, &dc), 0);
    assert_true(dc == 0);
    /* bad arguments */
    lte_iq_imbalance e;
    assert_int_equal(lte_iq_dc_remove(NULL, 4, 0, NULL), LTE_EINVAL);
    assert_int_equal(lte_iq_imbalance_estimate(NULL, N, &e), LTE_EINVAL);
    assert_int_equal(lte_iq_imbalance_estimate(x, N, NULL), LTE_EINVAL);
    assert_int_equal(lte_iq_imbalance_estimate(x, 15, &e), LTE_EINVAL);
    for (int i = 0; i < N; i++) /* one branch only: no Q power */
        y[i] = crealf(x[i]);
    assert_int_equal(lte_iq_imbalance_estimate(y, N, &e), LTE_EINVAL);
    for (int i = 0; i < N; i++) /* I = Q: a 45 deg "phase error" */
        y[i] = crealf(x[i]) * (1 + I);
    assert_int_equal(lte_iq_imbalance_estimate(y, N, &e), LTE_EINVAL);
    lte_iq_imbalance bad = {0, 0, NAN, 1};
    assert_int_equal(lte_iq_imbalance_correct(y, N, &bad), LTE_EINVAL);
    bad.c_qi = 0;
    bad.c_qq = 0;
    assert_int_equal(lte_iq_imbalance_correct(y, N, &bad), LTE_EINVAL);
    assert_int_equal(lte_iq_imbalance_correct(y, N, NULL), LTE_EINVAL);
}

/* The front end on a recording without signal on a branch: the DC is still
 * removed, the imbalance is reported as not estimated and left alone, and
 * that is no error (a silent file is "no cell", not a bad file). */
static void test_frontend_silence(void **state)
{
    (void)state;
    enum { N = 4096 };
    static float complex x[N];
    lte_iq_frontend fe;
    for (int i = 0; i < N; i++) /* DC on both branches, signal on I only */
        x[i] = (0.25f + 0.5f * (float)((i * 37) % 11 - 5)) + 0.125f * I;
    assert_int_equal(lte_iq_frontend_correct(x, N, &fe), 0);
    assert_int_equal(fe.imb_ok, 0);
    assert_true(fabs(fe.imb.gain_db) == 0 && fabs(fe.imb.phase_deg) == 0);
    assert_true(fabsf(cimagf(fe.dc) - 0.125f) < 1e-6f);
    for (int i = 0; i < N; i++) /* Q is DC only: removed, nothing else done */
        assert_true(fabsf(cimagf(x[i])) < 1e-6f);
    memset(x, 0, sizeof x);
    assert_int_equal(lte_iq_frontend_correct(x, N, &fe), 0);
    assert_int_equal(fe.imb_ok, 0);
    assert_int_equal(lte_iq_frontend_correct(NULL, N, &fe), LTE_EINVAL);
    assert_int_equal(lte_iq_frontend_correct(x, 8, &fe), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),  cmocka_unit_test(test_rates),
        cmocka_unit_test(test_convert),  cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_resample), cmocka_unit_test(test_iq_imbalance),
        cmocka_unit_test(test_dc_blocks), cmocka_unit_test(test_frontend_silence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
