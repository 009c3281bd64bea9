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

#define run(...) tu_run(out, sizeof out, __VA_ARGS__)

static int setup(void **state)
{
    (void)state;
    if (tu_scratch("cmd_cellsearch", tmp, sizeof tmp, bin, sizeof bin) < 0)
        return -1;
    char clean[300];
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
    FILE *f = fopen(weak, "wb");
    int ok = f && fwrite(x, sizeof *x, n, f) == n;
    if (f)
        ok &= fclose(f) == 0;
    free(x);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return tu_scratch_remove(tmp);
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
    assert_int_equal(run("%s cellsearch %s --rate 1.92e6 --format cf32 --json", bin, weak), 0);
    print_message("default (8 half-frames): %s", out);
    check_cell();
    char def[sizeof out];
    memcpy(def, out, sizeof out);
    assert_int_equal(
        run("%s cellsearch %s --rate 1.92e6 --format cf32 --json --half-frames 8", bin, weak), 0);
    assert_string_equal(out, def);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weak_cell),
        cmocka_unit_test(test_bad_values),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
