/* Tests of `ltephy cellsearch` (the built binary, LTE_TEST_BUILD_DIR) on a
 * weak cell: eight frames of a 1.4 MHz, 2-port cell (PCI 173, every PRB
 * 16QAM) written by `ltephy waveform`, with AWGN at -9 dB against the mean
 * signal power and a 2.3 kHz CFO added here. No frame's MIB decodes alone
 * there: expected, from the waveform's parameters, the cell with PCI 173,
 * FDD, normal CP, 2 ports, 6 PRB and SFN 0 (the waveform starts at SFN 0),
 * its MIB from frames soft-combined over their 40 ms period (cellsearch.h),
 * with the default and with --half-frames 16 (the PSS/SSS over all 80 ms);
 * --half-frames 8 prints what the default prints; bad values exit 2 naming
 * the option.
 * --iq-correct: the same clean waveform with a 3 kHz CFO, noise 30 dB down,
 * an IQ imbalance (1 dB, 5 deg) and a DC offset applied here through
 * y = mu x + nu conj(x) + dc (iq.h) and written as ci8 (HackRF): with the
 * option the cell and its MIB in every frame, and the estimates printed
 * (JSON and text) within 0.1 dB / 0.3 deg of the applied imbalance plus the
 * clean signal's own apparent one (moments computed here) and 0.01 of the DC;
 * without it the output has no estimates (what it finds is printed: the
 * cell and its MIBs, but a CFO 2 kHz off, pulled by the DC, and a PSS metric
 * of 0.29), and the PSS metric with it must be above the one without.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/channel.h"
#include "ltephy/iq.h"
#include "ltephy/rng.h"
#include "tests/common/testutil.h"

static char tmp[256];
static char bin[512];
static char out[65536];
static char weak[300];
static char clean[300];

#define run(...) tu_run(out, sizeof out, __VA_ARGS__)

static int setup(void **state)
{
    (void)state;
    if (tu_scratch("cmd_cellsearch", tmp, sizeof tmp, bin, sizeof bin) < 0)
        return -1;
    snprintf(clean, sizeof clean, "%s/clean.cf32", tmp);
    snprintf(weak, sizeof weak, "%s/weak.cf32", tmp);
    if (run("%s waveform --bw 1.4 --frames 8 --cell-id 173 --ports 2 --prbs all --mod 16qam --out %s", bin, clean) != 0)
        return -1;
    float complex *x = NULL;
    size_t n = 0;
    if (lte_iq_read_file(clean, LTE_IQ_CF32, 0, &x, &n) < 0 || n != 8 * 19200)
        return -1;
    double ps = 0;
    for (size_t i = 0; i < n; i++)
        ps += creal(x[i] * conj(x[i]));
    ps /= (double)n;
    lte_rng r;
    lte_rng_seed(&r, 17);
    if (lte_cfo_apply(x, (int)n, 2300.0, 1.92e6, 0, 0.3) < 0 ||
        lte_awgn_add(&r, x, (int)n, ps * pow(10.0, 9.0 / 10)) < 0)
        return -1;
    int rc = tu_write_file(weak, x, n * sizeof *x);
    free(x);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    return tu_scratch_remove(tmp);
}

/* out: `ltephy cellsearch path --json` with the default options, which
 * `neutral` (an option at its default value) must not change. */
static void json_default(const char *path, const char *neutral)
{
    static char def[sizeof out];
    assert_int_equal(
        run("%s cellsearch %s --rate 1.92e6 --format cf32 --json %s", bin, path, neutral), 0);
    memcpy(def, out, sizeof out);
    assert_int_equal(run("%s cellsearch %s --rate 1.92e6 --format cf32 --json", bin, path), 0);
    assert_string_equal(out, def);
}

/* out: one JSON line, the cell as sent, its MIB from combined frames only */
static void check_cell(void)
{
    const char *want[] = {"\"pci\":173,", "\"duplex\":\"fdd\"", "\"cp\":\"normal\"", "\"ports\":2,",
                          "\"n_prb\":6,", "\"sfn\":0,", "\"sfn_consistent\":true",
                          "\"mibs_tried\":8}"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(out, want[i]))
            fail_msg("'%s' missing in: %s", want[i], out);
    assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1); /* one cell */
    const char *m = strstr(out, "\"mibs_ok\":"), *c = strstr(out, "\"mibs_combined\":");
    assert_non_null(m);
    assert_non_null(c);
    assert_true(atoi(m + 10) >= 4);
    assert_int_equal(atoi(c + 16), atoi(m + 10));
}

static void test_weak_cell(void **state)
{
    (void)state;
    json_default(weak, "--half-frames 8");
    print_message("default (8 half-frames): %s", out);
    check_cell();
    assert_int_equal(
        run("%s cellsearch %s --rate 1.92e6 --format cf32 --json --half-frames 16", bin, weak),
        0);
    print_message("--half-frames 16: %s", out);
    check_cell();
    /* the table says how many frames needed the combining */
    assert_int_equal(run("%s cellsearch %s --rate 1.92e6 --format cf32", bin, weak), 0);
    assert_non_null(strstr(out, " combined)"));
}

static void test_bad_values(void **state)
{
    (void)state;
    const char *bad[] = {"0", "65", "abc", "8.5", "-1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(
            run("%s cellsearch %s --rate 1.92e6 --format cf32 --half-frames %s", bin, weak, bad[i]),
            2);
        assert_non_null(strstr(out, "--half-frames"));
    }
    assert_int_equal(run("%s cellsearch %s --rate 1.92e6 --format cf32 --half-frames", bin, weak),
                     2);
    assert_non_null(strstr(out, "--half-frames"));
    assert_int_equal(run("%s cellsearch --help", bin), 0);
    assert_non_null(strstr(out, "--half-frames N"));
}

/* The "name":value number after key in s (-1e9 if absent). */
static double json_num(const char *s, const char *key)
{
    char k[64];
    snprintf(k, sizeof k, "\"%s\":", key);
    const char *p = strstr(s, k);
    return p ? atof(p + strlen(k)) : -1e9;
}

/* n samples as cf32 in the scratch folder; path gets the file's name. */
static void write_cf32(const char *name, const float complex *x, size_t n, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", tmp, name);
    assert_int_equal(tu_write_file(path, x, n * sizeof *x), 0);
}

/* --ppm-search: the clean waveform as a receiver whose clock runs 80 ppm
 * fast records it (resampled here from 1.92 Msps to 1.92 Msps (1 + 80e-6)),
 * a 2.3 kHz CFO and AWGN 9 dB above the mean signal power (the level of
 * test_weak_cell). Over the 8 half-frames of the PSS search the PSS drifts
 * 6 samples and its metric falls below the threshold: the default finds
 * nothing (at -8 dB it still finds the cell, PSS metric 0.087). With
 * --ppm-search 100 the search at +80 ppm finds it (PSS metric 0.21), its
 * MIB in every frame and a clock offset within 5 ppm of 80; --ppm-search 0 prints what the default
 * prints; bad values exit 2 naming the option. */
static void test_ppm_search(void **state)
{
    (void)state;
    float complex *x = NULL;
    size_t n = 0;
    assert_int_equal(lte_iq_read_file(clean, LTE_IQ_CF32, 0, &x, &n), 0);
    const double fs_rx = 1.92e6 * (1.0 + 80e-6);
    size_t ny = lte_iq_resample_len(n, 1.92e6, fs_rx);
    float complex *y = malloc(ny * sizeof *y);
    assert_int_equal(lte_iq_resample(x, n, 1.92e6, fs_rx, y), 0);
    double ps = 0;
    for (size_t i = 0; i < ny; i++)
        ps += creal(y[i] * conj(y[i]));
    ps /= (double)ny;
    lte_rng r;
    lte_rng_seed(&r, 23);
    assert_int_equal(lte_cfo_apply(y, (int)ny, 2300.0, 1.92e6, 0, 0.3), 0);
    assert_int_equal(lte_awgn_add(&r, y, (int)ny, ps * pow(10.0, 9.0 / 10)), 0);
    char path[300];
    write_cf32("ppm80.cf32", y, ny, path, sizeof path);
    free(x);
    free(y);
    json_default(path, "--ppm-search 0");
    print_message("default: '%s'\n", out);
    assert_null(strstr(out, "\"pci\":173,"));
    assert_int_equal(
        run("%s cellsearch %s --rate 1.92e6 --format cf32 --json --ppm-search 100", bin, path),
        0);
    print_message("--ppm-search 100: %s", out);
    const char *want[] = {"\"pci\":173,", "\"duplex\":\"fdd\"", "\"ports\":2,", "\"n_prb\":6,",
                          "\"sfn\":0,", "\"sfn_consistent\":true"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(out, want[i]))
            fail_msg("'%s' missing in: %s", want[i], out);
    assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1); /* one cell */
    assert_true(fabs(json_num(out, "clock_ppm") - 80.0) < 5.0);
    assert_true(json_num(out, "mibs_ok") == json_num(out, "mibs_tried"));
    const char *bad[] = {"-1", "201", "abc"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(
            run("%s cellsearch %s --rate 1.92e6 --format cf32 --ppm-search %s", bin, path, bad[i]),
            2);
        assert_non_null(strstr(out, "--ppm-search"));
    }
}

/* --ppm-search keeps the timing in the recording's clock: the clean
 * waveform recorded 120 ppm fast after a lead-in of 15000 samples, CFO
 * 1 kHz, 30 dB. Any search finds it; the one at +120 ppm sees no drift.
 * The frame starts at sample 15000 (1 + 120e-6) = 15001.8 of the
 * recording. The default search, its PSS smeared over 6 samples, measures
 * 15002.5 and 115 ppm (within 1 sample and 6 ppm is asked of it); with
 * --ppm-search 140 the cell comes from the search at +120 ppm and its frame
 * start, taken back to the recording's clock, must be within 0.2 samples of
 * 15001.8 (1.8 off if it were not taken back) and its clock offset within
 * 1 ppm of 120. */
static void test_ppm_timing(void **state)
{
    (void)state;
    float complex *x = NULL;
    size_t n = 0;
    assert_int_equal(lte_iq_read_file(clean, LTE_IQ_CF32, 0, &x, &n), 0);
    const size_t lead = 15000;
    float complex *z = calloc(n + lead, sizeof *z);
    memcpy(z + lead, x, n * sizeof *x);
    const double fs_rx = 1.92e6 * (1.0 + 120e-6);
    size_t ny = lte_iq_resample_len(n + lead, 1.92e6, fs_rx);
    float complex *y = malloc(ny * sizeof *y);
    assert_int_equal(lte_iq_resample(z, n + lead, 1.92e6, fs_rx, y), 0);
    double ps = 0;
    for (size_t i = lead; i < ny; i++)
        ps += creal(y[i] * conj(y[i]));
    ps /= (double)(ny - lead);
    lte_rng r;
    lte_rng_seed(&r, 29);
    assert_int_equal(lte_cfo_apply(y, (int)ny, 1000.0, 1.92e6, 0, 0.3), 0);
    assert_int_equal(lte_awgn_add(&r, y, (int)ny, ps * 1e-3), 0);
    char path[300];
    write_cf32("ppm120.cf32", y, ny, path, sizeof path);
    free(x);
    free(y);
    free(z);
    assert_int_equal(run("%s cellsearch %s --rate 1.92e6 --format cf32 --json", bin, path), 0);
    print_message("default: %s", out);
    assert_non_null(strstr(out, "\"pci\":173,"));
    double t0 = json_num(out, "frame_start_sample"), p0 = json_num(out, "clock_ppm");
    assert_int_equal(
        run("%s cellsearch %s --rate 1.92e6 --format cf32 --json --ppm-search 140", bin, path),
        0);
    print_message("--ppm-search 140: %s", out);
    assert_non_null(strstr(out, "\"pci\":173,"));
    assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1); /* one cell */
    double t1 = json_num(out, "frame_start_sample"), p1 = json_num(out, "clock_ppm");
    const double t_true = 15000.0 * (1.0 + 120e-6);
    assert_true(fabs(t0 - t_true) < 1.0 && fabs(p0 - 120.0) < 6.0);
    assert_true(fabs(t1 - t_true) < 0.2 && fabs(p1 - 120.0) < 1.0);
    assert_true(json_num(out, "mibs_ok") == json_num(out, "mibs_tried"));
}

static void test_iq_correct(void **state)
{
    (void)state;
    float complex *x = NULL;
    size_t n = 0;
    assert_int_equal(lte_iq_read_file(clean, LTE_IQ_CF32, 0, &x, &n), 0);
    lte_rng r;
    lte_rng_seed(&r, 29);
    double pw = 0;
    for (size_t i = 0; i < n; i++)
        pw += creal(x[i] * conj(x[i])) / (double)n;
    assert_int_equal(lte_cfo_apply(x, (int)n, 3000.0, 1.92e6, 0, 0.0), 0);
    assert_int_equal(lte_awgn_add(&r, x, (int)n, pw * 1e-3), 0);
    /* the signal's own apparent imbalance (moments about the mean) */
    double own_gain_db, own_phase_deg;
    tu_iq_apparent_imbalance(x, n, &own_gain_db, &own_phase_deg);
    /* the front end: rms 0.15 of full scale, y = mu x + nu conj(x) + dc,
     * mu = (1 + g e^{j phi}) / 2, nu = (1 - g e^{-j phi}) / 2; ci8: value / 128 */
    const double gain_db = 1.0, phase_deg = 5.0;
    const double complex dco = -0.2 + 0.25 * I;
    double g = pow(10.0, gain_db / 20), ph = phase_deg * M_PI / 180, sc = 0.15 / sqrt(pw);
    double complex mu = (1 + g * cexp(I * ph)) / 2, nu = (1 - g * cexp(-I * ph)) / 2;
    int8_t *b8 = malloc(2 * n);
    assert_non_null(b8);
    for (size_t i = 0; i < n; i++) {
        double complex y = mu * sc * x[i] + nu * sc * conj(x[i]) + dco;
        double v[2] = {creal(y), cimag(y)};
        for (int j = 0; j < 2; j++) {
            double q = floor(v[j] * 128 + 0.5);
            b8[2 * i + j] = (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);
        }
    }
    free(x);
    char path[400];
    snprintf(path, sizeof path, "%s/iq.ci8", tmp);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b8, 2, n, f), n);
    fclose(f);
    free(b8);
    assert_int_equal(run("%s cellsearch %s --rate 1.92e6 --format ci8 --json", bin, path), 0);
    print_message("own apparent imbalance %+.3f dB %+.3f deg; without --iq-correct: %s\n",
                  own_gain_db, own_phase_deg, out[0] ? out : "(no cell)\n");
    assert_null(strstr(out, "\"iq\""));
    const double pss0 = out[0] ? json_num(out, "pss_metric") : 0;
    assert_int_equal(run("%s cellsearch %s --rate 1.92e6 --format ci8 --json --iq-correct", bin,
                         path), 0);
    print_message("with --iq-correct: %s", out);
    assert_non_null(strstr(out, "\"imbalance_estimated\":true,"));
    const char *want[] = {"\"pci\":173,", "\"ports\":2,", "\"n_prb\":6,", "\"sfn\":0,",
                          "\"sfn_consistent\":true", "\"mibs_tried\":8}"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(out, want[i]))
            fail_msg("'%s' missing in: %s", want[i], out);
    assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1); /* one cell */
    assert_true(json_num(out, "mibs_ok") >= 7);
    assert_true(fabs(json_num(out, "cfo_hz") - 3000) < 100);
    assert_true(json_num(out, "pss_metric") > pss0 + 0.1); /* the DC tone hurt the PSS */
    assert_true(cabs(json_num(out, "dc_i") + I * json_num(out, "dc_q") - dco) < 0.01);
    assert_true(fabs(json_num(out, "gain_db") - (gain_db + own_gain_db)) < 0.1);
    assert_true(fabs(json_num(out, "phase_deg") - (phase_deg + own_phase_deg)) < 0.3);
    /* text: the estimates on a line before the table */
    assert_int_equal(run("%s cellsearch %s --rate 1.92e6 --format ci8 --iq-correct", bin, path), 0);
    assert_true(strncmp(out, "iq-correct: dc ", 15) == 0);
    assert_non_null(strstr(out, " gain imbalance +"));
    assert_non_null(strstr(out, "\n PCI "));
    assert_int_equal(run("%s cellsearch --help", bin), 0);
    assert_non_null(strstr(out, "--iq-correct"));
    /* a silent recording: nothing to estimate an imbalance from, and no cell
     * found, which is not an error (exit 0), with or without the option */
    snprintf(path, sizeof path, "%s/silent.ci8", tmp);
    f = fopen(path, "wb");
    assert_non_null(f);
    static const int8_t zero[2 * 1024] = {0};
    for (int k = 0; k < 20; k++)
        assert_int_equal(fwrite(zero, 2, 1024, f), 1024);
    fclose(f);
    assert_int_equal(run("%s cellsearch %s --rate 1.92e6 --format ci8 --iq-correct", bin, path), 0);
    assert_non_null(strstr(out, "imbalance not estimated"));
    assert_int_equal(run("%s cellsearch %s --rate 1.92e6 --format ci8 --iq-correct --json", bin,
                         path), 0);
    assert_string_equal(out, "");
    /* the table's reader gets a hint about loose receiver clocks (stderr),
     * unless the search already tried other clocks */
    assert_int_equal(run("(%s cellsearch %s --rate 1.92e6 --format ci8 2>&1 >/dev/null)", bin,
                         path), 0);
    assert_string_equal(out, "ltephy cellsearch: no cell found; if the receiver's clock may be off "
                             "by more than about 30 ppm, try --ppm-search 100\n");
    assert_int_equal(run("(%s cellsearch %s --rate 1.92e6 --format ci8 --ppm-search 20 2>&1 "
                         ">/dev/null)",
                         bin, path),
                     0);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weak_cell),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_iq_correct),
        cmocka_unit_test(test_ppm_search),
        cmocka_unit_test(test_ppm_timing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
