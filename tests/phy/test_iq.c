/* Tests of IQ reading and resampling (iq.h).
 * Conversions against hand-written byte patterns (IEEE-754 bit patterns for
 * cf32); file errors (missing, empty, truncated, NaN); resampling against an
 * independent reference: the same
 * continuous-time signal (72 subcarriers of 6 RB, closed form in double
 * precision) is evaluated at both rates, so the resampled signal must equal
 * the one computed directly at the output rate, delay included.
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),  cmocka_unit_test(test_rates),
        cmocka_unit_test(test_convert),  cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_resample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
