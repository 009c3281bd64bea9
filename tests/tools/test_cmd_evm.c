/* Tests of `ltephy evm` (tools/cmd_evm.c), running the built binary on
 * files written by `ltephy waveform`: the table and the JSON fields, the
 * E-TM's known properties (no error, CRS at 0 dB, 10 subframes a frame),
 * and the refusals with their exit codes; the configuration options and
 * config files shared with `ltephy waveform` (tools/wf_cfg.c).
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
    assert_int_equal(tu_write_file(path2, y, m * sizeof *y), 0);
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

/* A text file (the config files below). */
static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* --config FILE: the same file `ltephy waveform --config` read (its output
 * keys out, frames, format included), with options `ltephy evm` lacked
 * before (--ng, --phich, --pdcch, the channel EPREs). Expectations from the
 * configuration, not from the measurement: RSTP is the CRS EPRE the file
 * states (-3 dB, cf32 at scale 1); without the file, or with the CRS at
 * 0 dB on the command line (which overrides the file), the equaliser scales
 * the PDSCH by 10^(3/20): EVM = 10^(3/20) - 1 = 41.3 %. */
static void test_config_file(void **state)
{
    (void)state;
    static char out[1 << 16];
    char path[600], cfg[600], text[1024];
    snprintf(path, sizeof path, "%s/cfg.cf32", tmp);
    snprintf(cfg, sizeof cfg, "%s/cell.cfg", tmp);
    snprintf(text, sizeof text,
             "# a free 5 MHz cell\n"
             "bw = 5\n"
             "cell-id = 9\n"
             "mod = 16qam   # PDSCH\n"
             "prbs = 0-9,20\n"
             "ng = 2\n"
             "phich = 3\n"
             "pdcch = 2\n"
             "crs-db = -3\n"
             "pdcch-db = -2\n"
             "frames = 2\n"
             "format = cf32\n"
             "out = %s\n",
             path);
    write_text(cfg, text);
    assert_int_equal(run(out, sizeof out, "%s waveform --config %s", bin, cfg), 0);
    const char *base = "--rate 7.68e6 --format cf32";
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --config %s --json", bin, path, base, cfg),
                     0);
    assert_non_null(strstr(out, "\"configuration\":\"free\",\"n_rb\":25,"));
    assert_non_null(strstr(out, "\"pass\":true"));
    assert_non_null(strstr(out, "\"subframes\":20,"));
    assert_true(json_num(out, "16QAM") < 0.1);
    double r = json_num(out, "rstp_db");
    assert_true(r > -3.01 && r < -2.99);
    /* the options it had before only: the CRS, PHICH and PDCCH differ */
    assert_int_equal(run(out, sizeof out,
                         "%s evm %s %s --bw 5 --cell-id 9 --mod 16qam --prbs 0-9,20 --json", bin,
                         path, base), 0);
    assert_non_null(strstr(out, "\"pass\":false"));
    /* the command line overrides the file */
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --config %s --crs-db 0 --json", bin, path,
                         base, cfg), 0);
    double e = json_num(out, "16QAM");
    assert_true(e > 40.5 && e < 42.0);
    /* the model from the file and its bandwidth from the command line */
    snprintf(path, sizeof path, "%s/m.cf32", tmp);
    write_text(cfg, "model = E-TM3.1\ncell-id = 5\n");
    assert_int_equal(run(out, sizeof out, "%s waveform --config %s --bw 1.4 --out %s", bin, cfg,
                         path), 0);
    assert_int_equal(run(out, sizeof out,
                         "%s evm %s --rate 1.92e6 --format cf32 --config %s --bw 1.4 --json",
                         bin, path, cfg), 0);
    assert_non_null(strstr(out, "\"configuration\":\"E-TM3.1\""));
    assert_non_null(strstr(out, "\"pass\":true"));
    assert_int_equal(run(out, sizeof out, "%s evm %s --rate 1.92e6 --format cf32 --config %s", bin,
                         path, cfg), 2);
    assert_non_null(strstr(out, "ltephy evm: --model 'E-TM3.1': needs --bw"));
    /* --model is --etm */
    assert_int_equal(run(out, sizeof out,
                         "%s evm %s --rate 1.92e6 --format cf32 --model E-TM3.1 --bw 1.4 "
                         "--cell-id 5",
                         bin, path), 0);
    assert_non_null(strstr(out, "overall          PASS"));
}

/* --ocng OP.2 on an RMC (36.101 Annex A.5): accepted and applied as by
 * `ltephy waveform`, the RMC's PDSCH measured as without OCNG. */
static void test_ocng_rmc(void **state)
{
    (void)state;
    static char out[1 << 16];
    char path[600];
    snprintf(path, sizeof path, "%s/r4ocng.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --rmc R.4 --ocng OP.2 --out %s", bin, path),
                     0);
    const char *base = "--rate 1.92e6 --format cf32";
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --rmc R.4 --ocng OP.2 --json", bin, path,
                         base), 0);
    assert_non_null(strstr(out, "\"configuration\":\"R.4 FDD\""));
    assert_non_null(strstr(out, "\"pass\":true"));
    assert_true(json_num(out, "QPSK") < 0.1);
    assert_int_equal(run(out, sizeof out,
                         "%s evm %s %s --rmc R.4 --ocng OP.2 --ocng-ra-db 0 --ocng-rb-db 0", bin,
                         path, base), 0);
    assert_non_null(strstr(out, "overall          PASS"));
    /* the checks of `ltephy waveform --ocng`, in evm's name */
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --rmc R.4 --ocng OP.9", bin, path, base),
                     2);
    assert_non_null(strstr(out, "ltephy evm: --ocng 'OP.9': "));
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --rmc R.4 --ocng-ra-db 2", bin, path,
                         base), 2);
    assert_non_null(strstr(out, "ltephy evm: --ocng-ra-db '2': needs --ocng"));
    assert_int_equal(run(out, sizeof out, "%s evm %s %s --etm E-TM1.1 --bw 1.4 --ocng OP.2", bin,
                         path, base), 2);
    assert_non_null(strstr(out, "ltephy evm: --ocng 'OP.2': not with --etm"));
}

/* A bad configuration option (command line or config file) is named with
 * `ltephy waveform`'s rule, as "ltephy evm: ...", exit 2. */
static void test_bad_config_options(void **state)
{
    (void)state;
    char out[8192], path[600], cfg[600];
    snprintf(path, sizeof path, "%s/b.cf32", tmp);
    snprintf(cfg, sizeof cfg, "%s/bad.cfg", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM1.1 --bw 1.4 --out %s", bin,
                         path), 0);
    static const char *const cases[][2] = {
        {"--etm E-TM1.1 --bw 1.4 --ng 1/3", "ltephy evm: --ng '1/3': must be 1/6, 1/2, 1 or 2"},
        {"--etm E-TM1.1 --bw 1.4 --pdcch-db loud",
         "ltephy evm: --pdcch-db 'loud': must be a number of dB in -100..40"},
        {"--etm E-TM1.1 --bw 1.4 --phich 9", "ltephy evm: --phich '9': must be an integer 0..8"},
        {"--etm E-TM1.1 --bw 1.4 --pdcch-cces 0",
         "ltephy evm: --pdcch-cces '0': must be an integer 1..8"},
        {"--bw 1.4 --ports 3", "ltephy evm: --ports '3': must be 1, 2 or 4"},
        {"--bw 1.4 --mcs 29", "ltephy evm: --mcs '29': must be 0..28"},
        {"--bw 1.4 --hopping 1", "ltephy evm: --hopping '1': applies to an uplink FRC only"},
        {"--rmc A3-2", "ltephy evm: --rmc 'A3-2': an uplink FRC"},
        {"--etm E-TM1.1 --model E-TM1.2 --bw 1.4", "ltephy evm: --model 'E-TM1.2': give either"},
        {"--etm E-TM1.1 --bw 1.4 --out x.cf32", "unknown option '--out'"},
        {"--etm E-TM1.1 --bw 1.4 --scale 2", "unknown option '--scale'"},
        {"--etm E-TM1.1 --bw 1.4 --config /nonexistent.cfg",
         "ltephy evm: cannot read config file /nonexistent.cfg"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = run(out, sizeof out, "%s evm %s --rate 1.92e6 --format cf32 %s", bin, path,
                     cases[i][0]);
        if (rc != 2 || !strstr(out, cases[i][1]))
            fail_msg("'%s': exit %d, '%s' (expected 2, '%s')", cases[i][0], rc, out, cases[i][1]);
    }
    /* in a config file: the key's value, then keys that are no option */
    static const char *const files[][2] = {
        {"bw = 1.4\nng = 3\n", "ltephy evm: --ng '3': must be 1/6, 1/2, 1 or 2"},
        {"bw = 1.4\ncrs-db = -300\n", "ltephy evm: --crs-db '-300': must be a number of dB"},
        {"bw = 1.4\netm = E-TM1.1\n", "ltephy evm: %s: unknown key 'etm' (line 2)"},
        {"bw = 1.4\n# x\nrate 3\n", "ltephy evm: %s: line 3 is not 'key = value'"},
        {"config = other.cfg\n", "ltephy evm: %s: unknown key 'config' (line 1)"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char want[800];
        write_text(cfg, files[i][0]);
        snprintf(want, sizeof want, files[i][1], cfg);
        int rc = run(out, sizeof out, "%s evm %s --rate 1.92e6 --format cf32 --config %s", bin,
                     path, cfg);
        if (rc != 2 || !strstr(out, want))
            fail_msg("'%s': exit %d, '%s' (expected 2, '%s')", files[i][0], rc, out, want);
    }
    /* the help says which --format and --frames these are */
    assert_int_equal(run(out, sizeof out, "%s evm --help", bin), 0);
    assert_non_null(strstr(out, "format of FILE, the file read"));
    assert_non_null(strstr(out, "--config FILE"));
    assert_non_null(strstr(out, "--ocng OP.2"));
    assert_int_equal(run(out, sizeof out, "%s waveform --help", bin), 0);
    assert_non_null(strstr(out, "radio frames written"));
    assert_non_null(strstr(out, "of the files written"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_and_json),
        cmocka_unit_test(test_cell_options_and_rate),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_config_file),
        cmocka_unit_test(test_ocng_rmc),
        cmocka_unit_test(test_bad_config_options),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
