/* Tests of `ltephy rx` (the built binary, LTE_TEST_BUILD_DIR): option
 * handling and exit codes; on the Amarisoft recording (../shared/captures,
 * skipped, saying so, when absent) the text and JSON outputs must report
 * what the recording's README documents (PCI 1, SFN 656, CFI 3 in every
 * subframe, in subframe 5 a format 1A DCI for SI-RNTI at aggregation 4,
 * CCE 0, 6 PRBs, MCS 2, rv 0, and SIB1 of 144 bits whose CRC checks);
 * --dump must write folders that `ltephy vectors check` reads, whose
 * transport block is the one printed and whose equalised PDSCH symbols
 * lie on the QPSK constellation (36.211 §7.1.2) within an EVM of -15 dB;
 * the noise recording must exit 1 (no cell).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/common/testutil.h"

static char tmp[256];
static char bin[512];
static char out[65536];

/* a command's output goes to out */
#define run(...) tu_run(out, sizeof out, __VA_ARGS__)

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/ltephy_test_cmd_rx.%ld", (long)getpid());
    snprintf(bin, sizeof bin, "%s/ltephy", LTE_TEST_BUILD_DIR);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", tmp, tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *amarisoft(void)
{
    const char *name = "amarisoft_fdd_6prb_1.92M.cf32";
    const char *path = tu_capture(name);
    if (!path)
        print_message("capture %s not found ($LTEPHY_CAPTURES or ../shared/captures): skipped\n",
                      name);
    return path;
}

static void test_options(void **state)
{
    (void)state;
    assert_int_equal(run("%s rx --help", bin), 0);
    assert_non_null(strstr(out, "SIB1"));
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf32 --bogus", bin), 2);
    assert_non_null(strstr(out, "--bogus"));
    assert_int_equal(run("%s rx f --rate 1.92e6", bin), 2);
    assert_int_equal(run("%s rx f g --rate 1.92e6 --format cf32", bin), 2);
    assert_non_null(strstr(out, "'g'"));
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf64", bin), 2);
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf32 --rnti 0", bin), 2);
    assert_non_null(strstr(out, "--rnti"));
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf32 --rnti 70000", bin), 2);
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf32 --max-frames x", bin), 2);
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf32 --dump", bin), 2);
    assert_int_equal(run("%s rx %s/absent.cf32 --rate 1.92e6 --format cf32", bin, tmp), 2);
    assert_non_null(strstr(out, "absent.cf32"));
}

static void test_amarisoft_text(void **state)
{
    (void)state;
    const char *path = amarisoft();
    if (!path)
        skip();
    assert_int_equal(run("%s rx %s --rate 1.92e6 --format cf32", bin, path), 0);
    print_message("%s", out);
    assert_non_null(strstr(out, "cell pci 1 FDD normal-CP 6 PRB 1 port"));
    for (int sf = 0; sf < 10; sf++) {
        char want[64];
        snprintf(want, sizeof want, "sfn  656 sf %d cfi 3 ", sf);
        assert_non_null(strstr(out, want));
    }
    assert_non_null(strstr(out, "DCI 1A rnti 0xffff L 4 cce 0 common prb 0+6 mcs 2 rv 0 tpc 1 "
                                "tbs 144 crc ok SIB1"));
}

/* The value of "key": in a JSON line (numbers and strings only). */
static int json_int(const char *line, const char *key, int *v)
{
    char k[64];
    snprintf(k, sizeof k, "\"%s\":", key);
    const char *p = strstr(line, k);
    return p && sscanf(p + strlen(k), "%d", v) == 1 ? 0 : -1;
}

static void test_amarisoft_json_dump(void **state)
{
    (void)state;
    const char *path = amarisoft();
    if (!path)
        skip();
    assert_int_equal(run("%s rx %s --rate 1920000 --format cf32 --json --dump %s/d --rnti 0x1234",
                         bin, path, tmp), 0);
    char *line = strstr(out, "\"subframe\":5,");
    assert_non_null(line);
    char *eol = strchr(line, '\n');
    assert_non_null(eol);
    *eol = '\0';
    int v;
    assert_int_equal(json_int(line, "cfi", &v), 0);
    assert_int_equal(v, 3);
    const int want[][2] = {{0, 65535}, {1, 4}, {2, 0}, {3, 0}, {4, 6}, {5, 2}, {6, 0}, {7, 144}};
    const char *keys[] = {"", "L", "cce", "rb_start", "n_prb", "mcs", "rv", "tbs"};
    assert_int_equal(json_int(line, "rnti", &v), 0);
    assert_int_equal(v, want[0][1]);
    for (int i = 1; i < 8; i++) {
        assert_int_equal(json_int(line, keys[i], &v), 0);
        assert_int_equal(v, want[i][1]);
    }
    assert_non_null(strstr(line, "\"crc_ok\":true"));
    assert_non_null(strstr(line, "\"what\":\"SIB1\""));
    const char *hx = strstr(line, "\"tb_hex\":\"");
    assert_non_null(hx);
    hx += 10;
    /* the dump reads back with the vector checker */
    char dir[400];
    snprintf(dir, sizeof dir, "%s/d/sfn0656_sf5", tmp);
    char tb_json[64] = {0};
    memcpy(tb_json, hx, 36); /* 144 bits */
    assert_int_equal(run("%s vectors check --golden %s --dut %s --quiet", bin, dir, dir), 0);
    /* transport block file: 32-bit words, MSB first (vectors/FORMAT.md) */
    char p[512];
    snprintf(p, sizeof p, "%s/09_tb_g0.hex", dir);
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    char words[64] = {0}, w[16];
    for (int i = 0; i < 5 && fscanf(f, "%15s", w) == 1; i++)
        strcat(words, w);
    fclose(f);
    assert_memory_equal(words, tb_json, 36);
    /* equalised PDSCH symbols: 6 PRB x 12 x (14 - 4 control symbols) minus
     * the CRS (3 symbols x 12), PSS/SSS (2 x 72 in subframe 5) = 540 */
    snprintf(p, sizeof p, "%s/06_pdsch_eq_g0.cf32", dir);
    f = fopen(p, "rb");
    assert_non_null(f);
    static float complex x[2048];
    size_t n = fread(x, sizeof x[0], 2048, f);
    fclose(f);
    assert_int_equal((int)n, 540);
    double err = 0;
    for (size_t i = 0; i < n; i++) {
        float complex q = (crealf(x[i]) >= 0 ? 1.0f : -1.0f) + I * (cimagf(x[i]) >= 0 ? 1.0f : -1.0f);
        err += pow(cabs(x[i] - q / sqrtf(2.0f)), 2) / (double)n;
    }
    print_message("PDSCH EVM %.1f dB\n", 10 * log10(err));
    assert_true(10 * log10(err) < -15.0);
    /* subframe 2 also has an SI-RNTI DCI: two folders in all */
    snprintf(p, sizeof p, "%s/d/sfn0656_sf2/manifest.json", tmp);
    assert_int_equal(access(p, R_OK), 0);
}

static void test_noise(void **state)
{
    (void)state;
    const char *name = "noise_1.92M_hackrf.ci8";
    const char *path = tu_capture(name);
    if (!path) {
        print_message("capture %s not found: skipped\n", name);
        skip();
    }
    assert_int_equal(run("%s rx %s --rate 1.92e6 --format ci8", bin, path), 1);
    assert_non_null(strstr(out, "no cell"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_amarisoft_text),
        cmocka_unit_test(test_amarisoft_json_dump),
        cmocka_unit_test(test_noise),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
