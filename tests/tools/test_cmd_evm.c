/* Tests of `ltephy evm` (tools/cmd_evm.c), running the built binary on
 * files written by `ltephy waveform`: the table and the JSON fields, the
 * E-TM's known properties (no error, CRS at 0 dB, 10 subframes a frame),
 * and the refusals with their exit codes.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/iq.h"
#include "tests/common/testutil.h"

static char tmp[256];
static char bin[512];

#define run tu_run

static int setup(void **state)
{
    (void)state;
    return tu_scratch("evm", tmp, sizeof tmp, bin, sizeof bin);
}

static int teardown(void **state)
{
    (void)state;
    return tu_scratch_remove(tmp);
}

/* a number after "key": in JSON text */
static double json_num(const char *j, const char *key)
{
    char k[64];
    snprintf(k, sizeof k, "\"%s\":", key);
    const char *p = strstr(j, k);
    if (!p)
        fail_msg("no %s in %s", key, j);
    return strtod(p + strlen(k), NULL);
}

static void test_table_and_json(void **state)
{
    (void)state;
    static char out[1 << 16];
    char path[600];
    snprintf(path, sizeof path, "%s/etm31.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM3.1 --bw 10 --out %s", bin,
                         path), 0);
    assert_int_equal(run(out, sizeof out,
                         "%s evm %s --rate 15.36e6 --format cf32 --etm E-TM3.1 --bw 10", bin,
                         path), 0);
    assert_non_null(strstr(out, "64QAM"));
    assert_non_null(strstr(out, "EVM window W     66 samples")); /* 36.101 Table F.5.3-1 */
    assert_non_null(strstr(out, "overall          PASS"));
    assert_null(strstr(out, "QPSK"));
    assert_int_equal(run(out, sizeof out,
                         "%s evm %s --rate 15.36e6 --format cf32 --etm E-TM3.1 --bw 10 --json "
                         "--carrier 2.14e9",
                         bin, path), 0);
    assert_non_null(strstr(out, "\"configuration\":\"E-TM3.1\""));
    assert_non_null(strstr(out, "\"evm_pct\":{\"QPSK\":null,\"16QAM\":null,\"64QAM\":"));
    assert_non_null(strstr(out, "\"pass\":true"));
    assert_non_null(strstr(out, "\"timing_samples\":0,"));
    assert_non_null(strstr(out, "\"subframes\":10,"));
    assert_true(json_num(out, "64QAM") < 0.1);
    double f = json_num(out, "freq_error_hz");
    assert_true(f > -0.1 && f < 0.1);
    double r = json_num(out, "rstp_db");
    assert_true(r > -0.01 && r < 0.01);
    assert_non_null(strstr(out, "\"freq_error_ppm\":"));
    assert_non_null(strstr(out, "\"ostp_db\":"));
    assert_non_null(strstr(out, "\"evm_db\":{"));
    assert_non_null(strstr(out, "\"per_subframe\":[{\"frame\":0,\"subframe\":0,"));
    /* ci16, QPSK, decision-directed */
    snprintf(path, sizeof path, "%s/etm11.ci16", tmp);
    assert_int_equal(run(out, sizeof out,
                         "%s waveform --model E-TM1.1 --bw 5 --frames 2 --format ci16 --out %s",
                         bin, path), 0);
    assert_int_equal(run(out, sizeof out,
                         "%s evm %s --rate 7.68e6 --format ci16 --etm e-tm1.1 --bw 5 --decide "
                         "--frames 1 --json",
                         bin, path), 0);
    assert_non_null(strstr(out, "\"mode\":\"decision-directed\""));
    assert_non_null(strstr(out, "\"subframes\":10,"));
    assert_true(json_num(out, "QPSK") < 0.1);
    /* a free configuration as `ltephy waveform` writes it */
    snprintf(path, sizeof path, "%s/free.cf32", tmp);
    assert_int_equal(run(out, sizeof out,
                         "%s waveform --bw 3 --mod 16qam --prbs 2-9 --pa-db -3 --cell-id 7 "
                         "--out %s",
                         bin, path), 0);
    assert_int_equal(run(out, sizeof out,
                         "%s evm %s --rate 3.84e6 --format cf32 --bw 3 --mod 16qam --prbs 2-9 "
                         "--pa-db -3 --cell-id 7 --json",
                         bin, path), 0);
    assert_true(json_num(out, "16QAM") < 0.1);
    assert_non_null(strstr(out, "\"pass\":true"));
    /* an RMC with its own bandwidth */
    snprintf(path, sizeof path, "%s/r4.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --rmc R.4 --out %s", bin, path), 0);
    assert_int_equal(run(out, sizeof out, "%s evm %s --rate 1.92e6 --format cf32 --rmc R.4",
                         bin, path), 0);
    assert_non_null(strstr(out, "QPSK"));
    assert_non_null(strstr(out, "PASS"));
}

/* The cell options on top of a model (TDD), extended CP (W must be given:
 * its table is not available) and a file at twice the standard rate. */
static void test_cell_options_and_rate(void **state)
{
    (void)state;
    static char out[1 << 16];
    char path[600], path2[600];
    snprintf(path, sizeof path, "%s/tdd.cf32", tmp);
    const char *tdd = "--duplex tdd --tdd-config 1 --ssf-config 7";
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM1.1 --bw 5 %s --out %s", bin,
                         tdd, path), 0);
    assert_int_equal(run(out, sizeof out,
                         "%s evm %s --rate 7.68e6 --format cf32 --etm E-TM1.1 --bw 5 %s --json",
                         bin, path, tdd), 0);
    /* D S U U D D S U U D: subframes 0, 1, 4, 5, 6, 9 */
    assert_non_null(strstr(out, "\"subframes\":6,"));
    assert_non_null(strstr(out, "\"pass\":true"));
    assert_true(json_num(out, "QPSK") < 0.1);
    snprintf(path, sizeof path, "%s/ext.cf32", tmp);
    assert_int_equal(run(out, sizeof out,
                         "%s waveform --bw 5 --cp extended --mod 64qam --out %s", bin, path), 0);
    assert_int_equal(run(out, sizeof out,
                         "%s evm %s --rate 7.68e6 --format cf32 --bw 5 --cp extended --mod 64qam",
                         bin, path), 2);
    assert_non_null(strstr(out, "extended CP"));
    assert_int_equal(run(out, sizeof out,
                         "%s evm %s --rate 7.68e6 --format cf32 --bw 5 --cp extended --mod 64qam "
                         "--window 100 --json",
                         bin, path), 0);
    assert_non_null(strstr(out, "\"window_w\":100,"));
    assert_true(json_num(out, "64QAM") < 0.1);
    /* 5 MHz at 15.36 Msps (liquid-dsp's resampler, iq.h): resampled back */
    snprintf(path, sizeof path, "%s/e5.cf32", tmp);
    snprintf(path2, sizeof path2, "%s/e5x2.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM3.1 --bw 5 --frames 2 --out %s",
                         bin, path), 0);
    float complex *x, *y;
    size_t n;
    assert_int_equal(lte_iq_read_file(path, LTE_IQ_CF32, 0, &x, &n), 0);
    size_t m = lte_iq_resample_len(n, 7.68e6, 15.36e6);
    assert_non_null(y = malloc(m * sizeof *y));
    assert_int_equal(lte_iq_resample(x, n, 7.68e6, 15.36e6, y), 0);
    FILE *f = fopen(path2, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(y, sizeof *y, m, f), m);
    fclose(f);
    free(x);
    free(y);
    assert_int_equal(run(out, sizeof out,
                         "%s evm %s --rate 15.36e6 --format cf32 --etm E-TM3.1 --bw 5 --json", bin,
                         path2), 0);
    assert_non_null(strstr(out, "\"timing_samples\":0,"));
    assert_non_null(strstr(out, "\"subframes\":20,"));
    assert_true(json_num(out, "64QAM") < 1.0); /* two resamplings: about 0.2 % */
}

static void test_refusals(void **state)
{
    (void)state;
    char out[8192], path[600], junk[600];
    snprintf(path, sizeof path, "%s/e.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM1.1 --bw 1.4 --out %s", bin,
                         path), 0);
    const char *base = "--rate 1.92e6 --format cf32";
    assert_int_equal(run(out, sizeof out, "%s evm --help", bin), 0);
    assert_non_null(strstr(out, "--decide"));
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --etm E-TM1.1 --bw 1.4 --bogus", bin, path,
                         base), 2);
    assert_non_null(strstr(out, "--bogus"));
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --etm E-TM1.1 --bw 7", bin, path, base), 2);
    assert_non_null(strstr(out, "--bw '7'"));
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --etm E-TM1.1", bin, path, base), 2);
    assert_non_null(strstr(out, "needs --bw"));
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --etm E-TM9 --bw 1.4", bin, path, base), 2);
    assert_non_null(strstr(out, "--etm 'E-TM9'"));
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --etm E-TM1.1 --bw 1.4 --rmc R.4", bin,
                         path, base), 2);
    assert_non_null(strstr(out, "--rmc"));
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --rmc R.4 --duplex tdd", bin, path, base),
                     2);
    assert_non_null(strstr(out, "--duplex"));
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --etm E-TM1.1 --bw 1.4 --cp long", bin,
                         path, base), 2);
    assert_non_null(strstr(out, "--cp 'long'"));
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --etm E-TM1.1 --bw 1.4 --port 1", bin,
                         path, base), 2);
    assert_non_null(strstr(out, "--port"));
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --etm E-TM1.1 --bw 1.4 --frames 0", bin,
                         path, base), 2);
    assert_non_null(strstr(out, "--frames"));
    assert_int_equal(run(out, sizeof out, "%s evm %s --rate 1.92e6 --format xx --etm E-TM1.1 "
                         "--bw 1.4", bin, path), 2);
    assert_non_null(strstr(out, "--format"));
    assert_int_equal(run(out, sizeof out, "%s evm %s --etm E-TM1.1 --bw 1.4", bin, path), 2);
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --bw 1.4 --prbs 3-9", bin, path, base), 2);
    assert_non_null(strstr(out, "--prbs"));
    /* a window W longer than the 36-sample CP at 5 MHz */
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --bw 5 --cfi 2 --window 40", bin, path,
                         base), 2);
    /* unreadable and malformed files */
    assert_int_equal(run(out, sizeof out, "%s evm %s/none.cf32 %s --etm E-TM1.1 --bw 1.4", bin,
                         tmp, base), 2);
    assert_non_null(strstr(out, "none.cf32"));
    snprintf(junk, sizeof junk, "%s/odd.cf32", tmp);
    FILE *f = fopen(junk, "wb");
    assert_non_null(f);
    fwrite("0123456789", 1, 10, f);
    fclose(f);
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --etm E-TM1.1 --bw 1.4", bin, junk, base),
                     2);
    /* the wrong configuration: not found, exit 1 */
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --bw 1.4 --cell-id 200", bin, path, base),
                     1);
    assert_non_null(strstr(out, "not in the signal"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_and_json),
        cmocka_unit_test(test_cell_options_and_rate),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
