/* Tests of the golden-vector kit: SHA-256, quantisation, the checked-in
 * catalogue (regenerated and compared byte for byte), the checker's verdicts
 * and exit codes, and determinism across SIMD paths and thread counts.
 * Runs from the project root (as `make test` does).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/common/testutil.h"
#include "tools/sha256.h"
#include "tools/vec.h"
#include "tools/vectors.h"

static char tmp[256];
static char bin[512];

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#define run_capture(out, cap, cmd) tu_run(out, cap, "%s", cmd)

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/ltephy_test_vectors.%ld", (long)getpid());
    snprintf(bin, sizeof bin, "%s/ltephy", LTE_TEST_BUILD_DIR);
    return sh("rm -rf %s && mkdir -p %s", tmp, tmp);
}

static int teardown(void **state)
{
    (void)state;
    return sh("rm -rf %s", tmp);
}

/* FIPS 180-2 Appendix B examples. */
static void test_sha256_fips(void **state)
{
    (void)state;
    char hex[65];
    lte_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    lte_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    lte_sha256_hex(m, strlen(m), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* a million 'a' in uneven pieces exercises the block buffering */
    lte_sha256 s;
    lte_sha256_init(&s);
    char a[997];
    memset(a, 'a', sizeof a);
    long left = 1000000;
    while (left > 0) {
        size_t take = left < (long)sizeof a ? (size_t)left : sizeof a;
        lte_sha256_update(&s, a, take);
        left -= (long)take;
    }
    uint8_t d[32];
    lte_sha256_final(&s, d);
    for (int i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", d[i]);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* FORMAT.md: round half away from zero, saturate, never wrap. */
static void test_quantisation(void **state)
{
    (void)state;
    assert_int_equal(vec_quant(0.125, 8, 2), 1);   /* 0.5 -> 1 */
    assert_int_equal(vec_quant(-0.125, 8, 2), -1); /* -0.5 -> -1 */
    assert_int_equal(vec_quant(0.124, 8, 2), 0);
    assert_int_equal(vec_quant(31.75, 8, 2), 127);
    assert_int_equal(vec_quant(1000.0, 8, 2), 127);
    assert_int_equal(vec_quant(-1000.0, 8, 2), -128);
    assert_int_equal(vec_quant(1.0, 16, 14), 16384);
    assert_int_equal(vec_quant(-2.5, 16, 14), -32768);
}

/* The files under vectors/ are exactly what the current code generates. */
static void test_catalogue_regenerates_byte_for_byte(void **state)
{
    (void)state;
    char out[8192];
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s vectors gen --checked-in --out %s/regen", bin, tmp);
    assert_int_equal(run_capture(out, sizeof out, cmd), 0);
    int n, checked = 0;
    const vec_catalogue_entry *cat = vec_catalogue(&n);
    for (int i = 0; i < n; i++) {
        if (!cat[i].checked_in)
            continue;
        checked++;
        int rc = sh("diff -r vectors/%s %s/regen/%s >/dev/null", cat[i].name, tmp, cat[i].name);
        if (rc != 0)
            fail_msg("vectors/%s differs from a fresh 'ltephy vectors gen' (regenerate with "
                     "'make vectors' if the change is intended)",
                     cat[i].name);
    }
    assert_true(checked >= 5);
}

/* The fixed-point turbo decoder's hard bits (stage 13) equal the transmitted
 * code block (stage 3) in a case that decodes: two independent paths of the
 * chain meet. */
static void test_fx_decoder_stage_matches_code_block(void **state)
{
    (void)state;
    const char *d = "vectors/dlsch_25prb_64qam_rv2";
    for (int r = 0; r < 2; r++)
        if (sh("cmp -s %s/03_cb_r%02d.hex %s/13_fx_bits_r%02d.hex", d, r, d, r) != 0)
            fail_msg("code block %d: fixed-point decoder output differs from the sent block", r);
}

static void test_check_pass_and_first_mismatch(void **state)
{
    (void)state;
    char out[16384], cmd[1024];
    const char *g = "vectors/dlsch_6prb_qpsk_rv0";
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s --quiet", bin, g, g);
    assert_int_equal(run_capture(out, sizeof out, cmd), 0);
    assert_non_null(strstr(out, "0 failed"));

    /* flip bit 37 of the rate-matched stream e (word 1, bit 5 from the MSB) */
    assert_int_equal(sh("rm -rf %s/dut && cp -r %s %s/dut", tmp, g, tmp), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/dut/05_e_r00.hex", tmp);
    FILE *fp = fopen(path, "r+");
    assert_non_null(fp);
    char line[16];
    assert_non_null(fgets(line, sizeof line, fp)); /* word 0 */
    long pos = ftell(fp);
    assert_non_null(fgets(line, sizeof line, fp)); /* word 1 */
    unsigned w = (unsigned)strtoul(line, NULL, 16) ^ (1u << (31 - 5));
    fseek(fp, pos, SEEK_SET);
    fprintf(fp, "%08x", w);
    fclose(fp);
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s/dut --quiet", bin, g, tmp);
    assert_int_equal(run_capture(out, sizeof out, cmd), 1);
    assert_non_null(strstr(out, "stage e_r00"));
    assert_non_null(strstr(out, "first mismatch at index 37:"));
    /* exactly that stage is reported, and nothing else */
    assert_non_null(strstr(out, " passed, 1 failed"));
    int fails = 0;
    for (const char *p = out; (p = strstr(p, "FAIL ")) != NULL; p++)
        fails++;
    assert_int_equal(fails, 1);
    assert_null(strstr(out, "stage f "));
    /* --stage restricts the comparison */
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s/dut --stage d1", bin, g, tmp);
    assert_int_equal(run_capture(out, sizeof out, cmd), 0);
}

static void test_check_bad_input(void **state)
{
    (void)state;
    char out[16384], cmd[1024];
    const char *g = "vectors/dlsch_6prb_qpsk_rv0";
    /* truncated file */
    assert_int_equal(sh("rm -rf %s/bad && cp -r %s %s/bad && sed -i '$d' %s/bad/06_f.hex", tmp,
                        g, tmp, tmp),
                     0);
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s/bad", bin, g, tmp);
    assert_int_equal(run_capture(out, sizeof out, cmd), 2);
    assert_non_null(strstr(out, "06_f.hex"));
    assert_non_null(strstr(out, "expected"));
    /* malformed line: the message names file and line */
    assert_int_equal(sh("rm -rf %s/bad && cp -r %s %s/bad && sed -i '3s/.*/zz/' %s/bad/07_llr_in.hex",
                        tmp, g, tmp, tmp),
                     0);
    assert_int_equal(run_capture(out, sizeof out, cmd), 2);
    assert_non_null(strstr(out, "07_llr_in.hex:3:"));
    /* missing file */
    assert_int_equal(sh("rm -rf %s/bad && cp -r %s %s/bad && rm %s/bad/04_d2_r00.hex", tmp, g,
                        tmp, tmp),
                     0);
    assert_int_equal(run_capture(out, sizeof out, cmd), 2);
    assert_non_null(strstr(out, "04_d2_r00.hex"));
    /* a corrupted golden file is caught by its SHA-256 */
    assert_int_equal(sh("rm -rf %s/gold && cp -r %s %s/gold && sed -i '1s/^./f/' %s/gold/01_tb.hex",
                        tmp, g, tmp, tmp),
                     0);
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s/gold --dut %s", bin, tmp, g);
    assert_int_equal(run_capture(out, sizeof out, cmd), 2);
    assert_non_null(strstr(out, "SHA-256"));
    /* unknown option and unknown case */
    snprintf(cmd, sizeof cmd, "%s vectors check --golden %s --dut %s --frobnicate", bin, g, g);
    assert_int_equal(run_capture(out, sizeof out, cmd), 2);
    assert_non_null(strstr(out, "--frobnicate"));
    snprintf(cmd, sizeof cmd, "%s vectors gen --case no_such_case --out %s/x", bin, tmp);
    assert_int_equal(run_capture(out, sizeof out, cmd), 2);
    assert_non_null(strstr(out, "no_such_case"));
}

/* Same files with 1 and 2 threads and on every SIMD path, in two runs. */
static void test_determinism(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const char *cases[] = {"dlsch_25prb_64qam_rv2", "pdsch_6prb_tm2_2port_16qam"};
    for (size_t c = 0; c < 2; c++) {
        char ref[300];
        snprintf(ref, sizeof ref, "%s/det_ref%zu", tmp, c);
        assert_int_equal(sh("OMP_NUM_THREADS=1 LTEPHY_SIMD=scalar %s vectors gen --case %s "
                            "--out %s >/dev/null",
                            bin, cases[c], ref),
                         0);
        for (int i = 0; i < np; i++)
            for (int t = 1; t <= 2; t++) {
                assert_int_equal(sh("rm -rf %s/det && OMP_NUM_THREADS=%d LTEPHY_SIMD=%s %s "
                                    "vectors gen --case %s --out %s/det >/dev/null",
                                    tmp, t, lte_simd_name(paths[i]), bin, cases[c], tmp),
                                 0);
                if (sh("diff -r %s %s/det >/dev/null", ref, tmp) != 0)
                    fail_msg("%s differs with %d threads on %s", cases[c], t,
                             lte_simd_name(paths[i]));
            }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_fips),
        cmocka_unit_test(test_quantisation),
        cmocka_unit_test(test_catalogue_regenerates_byte_for_byte),
        cmocka_unit_test(test_fx_decoder_stage_matches_code_block),
        cmocka_unit_test(test_check_pass_and_first_mismatch),
        cmocka_unit_test(test_check_bad_input),
        cmocka_unit_test(test_determinism),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
