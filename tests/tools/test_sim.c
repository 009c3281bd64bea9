/* Tests of `ltephy sim`: option handling and exit codes, CSV output,
 * independence of the results from the thread count, and error counting at
 * the two ends of the Eb/N0 range (no errors at 20 dB, coin-flip decisions
 * at -15 dB). For `--mode link --link pdsch`: option handling, CSV 1 vs 2
 * threads byte-identical, the CSV/JSON/PNG outputs, and throughput figures
 * against their definition (bits / (transmissions x TBS)). Runs from the
 * project root (as `make test` does).
 * SPDX-License-Identifier: BSD-3-Clause */
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
static char out[16384];

/* a command's output goes to out */
#define run(...) tu_run(out, sizeof out, __VA_ARGS__)

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 65536);
    if (buf)
        (void)!fread(buf, 1, 65535, f);
    fclose(f);
    return buf;
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/ltephy_test_sim.%ld", (long)getpid());
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

static void test_options(void **state)
{
    (void)state;
    assert_int_equal(run("%s sim --help", bin), 0);
    assert_non_null(strstr(out, "coding"));
    assert_int_equal(run("%s sim --bogus", bin), 2);
    assert_non_null(strstr(out, "--bogus"));
    assert_int_equal(run("%s sim stray", bin), 2);
    assert_non_null(strstr(out, "stray"));
    assert_int_equal(run("%s sim --k 41", bin), 2);
    assert_non_null(strstr(out, "41"));
    assert_int_equal(run("%s sim --ebn0 2:1:1", bin), 2);
    assert_int_equal(run("%s sim --ebn0 0:0:1", bin), 2);
    assert_int_equal(run("%s sim --alg fancy", bin), 2);
    assert_int_equal(run("%s sim --scale 0", bin), 2);
    assert_int_equal(run("%s sim --iter 0", bin), 2);
    assert_int_equal(run("%s sim --mode nosuch", bin), 2);
    assert_non_null(strstr(out, "nosuch"));
    assert_int_equal(run("%s sim --k", bin), 2); /* missing value */
}

/* Same seed, 1 and 2 threads: byte-identical CSV (blocks have their own
 * streams; the stopping rule looks at fixed batches). */
static void test_threads_do_not_matter(void **state)
{
    (void)state;
    const char *args = "sim --mode coding --k 40 --iter 4 --ebn0 -1:1:1 --blocks 80 "
                       "--min-errors 10 --seed 9";
    assert_int_equal(run("%s %s --threads 1 --csv %s/t1.csv", bin, args, tmp), 0);
    assert_int_equal(run("%s %s --threads 2 --csv %s/t2.csv", bin, args, tmp), 0);
    char p1[300], p2[300];
    snprintf(p1, sizeof p1, "%s/t1.csv", tmp);
    snprintf(p2, sizeof p2, "%s/t2.csv", tmp);
    char *a = slurp(p1), *b = slurp(p2);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    /* header + three points */
    int lines = 0;
    for (char *c = a; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 4);
    assert_non_null(strstr(a, "ebn0_db,ber,fer"));
    free(a);
    free(b);
}

/* Error counting: nothing wrong at 20 dB; at -15 dB (noise 30x the signal
 * power) the decisions are coin flips, BER near 1/2. */
static void test_error_counting(void **state)
{
    (void)state;
    char path[300];
    snprintf(path, sizeof path, "%s/e.csv", tmp);
    assert_int_equal(run("%s sim --k 256 --iter 2 --ebn0 -15:35:20 --blocks 32 --min-errors 0 "
                         "--threads 2 --csv %s", bin, path), 0);
    char *csv = slurp(path);
    assert_non_null(csv);
    char *row = strchr(csv, '\n');
    assert_non_null(row);
    double ebn0, ber, fer, ebn0b, berb, ferb;
    long blocks, blocksb;
    assert_int_equal(sscanf(row + 1, "coding,logmap,256,2,1,%*u,%lf,%lf,%lf,%ld", &ebn0, &ber,
                            &fer, &blocks), 4);
    row = strchr(row + 1, '\n');
    assert_int_equal(sscanf(row + 1, "coding,logmap,256,2,1,%*u,%lf,%lf,%lf,%ld", &ebn0b, &berb,
                            &ferb, &blocksb), 4);
    assert_true(ebn0 == -15.0 && ebn0b == 20.0);
    assert_int_equal(blocks, 32);
    assert_int_equal(blocksb, 32);
    assert_true(ber > 0.4 && ber < 0.6); /* 8192 bits: sigma of the mean ~ 0.006 */
    assert_true(fer == 1.0);
    assert_true(berb == 0.0 && ferb == 0.0);
    free(csv);
}

static void test_link_options(void **state)
{
    (void)state;
    assert_int_equal(run("%s sim --help", bin), 0);
    assert_non_null(strstr(out, "--chest"));
    const char *base = "sim --mode link --link pdsch";
    assert_int_equal(run("%s sim --mode link", bin), 2); /* no --link */
    assert_non_null(strstr(out, "--link pdsch"));
    assert_int_equal(run("%s sim --mode link --link pusch", bin), 2);
    assert_non_null(strstr(out, "pusch"));
    assert_int_equal(run("%s %s --bw 7", bin, base), 2);
    assert_non_null(strstr(out, "--bw"));
    assert_int_equal(run("%s %s --mcs 29", bin, base), 2);
    assert_int_equal(run("%s %s --tm 5", bin, base), 2);
    assert_int_equal(run("%s %s --rx 3", bin, base), 2);
    assert_int_equal(run("%s %s --harq 5", bin, base), 2);
    assert_int_equal(run("%s %s --chest magic", bin, base), 2);
    assert_int_equal(run("%s %s --channel epa7", bin, base), 2);
    assert_non_null(strstr(out, "epa7"));
    assert_int_equal(run("%s %s --corr extreme", bin, base), 2);
    assert_int_equal(run("%s %s --snr 5:1:4", bin, base), 2);
    assert_int_equal(run("%s %s --duplex half", bin, base), 2);
    assert_int_equal(run("%s %s --tdd-config 7", bin, base), 2);
    assert_int_equal(run("%s %s --bw 1.4 --prb 7", bin, base), 2);
    assert_non_null(strstr(out, "--prb"));
    assert_int_equal(run("%s %s --tm 1 --ports 2", bin, base), 2); /* TM1 is single-port */
    assert_int_equal(run("%s %s --frobnicate", bin, base), 2);
    assert_non_null(strstr(out, "--frobnicate"));
    /* options of the other mode name themselves */
    assert_int_equal(run("%s %s --k 40", bin, base), 2);
    assert_non_null(strstr(out, "--k"));
    assert_int_equal(run("%s sim --mode coding --mcs 3", bin), 2);
    assert_non_null(strstr(out, "--mcs"));
}

/* Link mode: 1 and 2 threads give byte-identical CSV and JSON; a TM2
 * fading case with estimated channel exercises the whole chain. */
static void test_link_threads_do_not_matter(void **state)
{
    (void)state;
    const char *args = "sim --mode link --link pdsch --bw 1.4 --tm 2 --ports 2 --rx 2 "
                       "--channel eva70 --corr medium --chest estimated --mcs 9 "
                       "--snr -2:4:10 --subframes 24 --seed 5";
    assert_int_equal(run("%s %s --threads 1 --csv %s/l1.csv --json %s/l1.json", bin, args, tmp,
                         tmp), 0);
    assert_int_equal(run("%s %s --threads 2 --csv %s/l2.csv --json %s/l2.json", bin, args, tmp,
                         tmp), 0);
    char p[4][300];
    snprintf(p[0], sizeof p[0], "%s/l1.csv", tmp);
    snprintf(p[1], sizeof p[1], "%s/l2.csv", tmp);
    snprintf(p[2], sizeof p[2], "%s/l1.json", tmp);
    snprintf(p[3], sizeof p[3], "%s/l2.json", tmp);
    char *a = slurp(p[0]), *b = slurp(p[1]), *ja = slurp(p[2]), *jb = slurp(p[3]);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(ja);
    assert_non_null(jb);
    assert_string_equal(a, b);
    assert_string_equal(ja, jb);
    int lines = 0;
    for (char *c = a; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 1 + 4); /* header + SNR -2, 2, 6, 10 */
    assert_non_null(strstr(a, "snr_db,blocks,bler_first,bler,transmissions,bits,"
                              "throughput_mbps,throughput_pct"));
    assert_non_null(strstr(ja, "\"points\": ["));
    assert_non_null(strstr(ja, "\"channel\": \"eva70\""));
    free(a);
    free(b);
    free(ja);
    free(jb);
}

/* The figures of each row follow their definitions: BLER = errors/blocks
 * within [0, 1], bits = acknowledged blocks x TBS, throughput % =
 * bits / (transmissions x TBS), Mbit/s = bits / transmissions / 1 ms (FDD);
 * BLER 1 at -10 dB and 0 at 30 dB (TM1, AWGN, perfect channel); the PNG
 * exists and is a PNG. */
static void test_link_figures(void **state)
{
    (void)state;
    char csv[300], png[300];
    snprintf(csv, sizeof csv, "%s/f.csv", tmp);
    snprintf(png, sizeof png, "%s/f.png", tmp);
    assert_int_equal(run("%s sim --mode link --link pdsch --bw 1.4 --mcs 13 --chest perfect "
                         "--snr -10:40:30 --subframes 20 --threads 2 --csv %s --plot %s", bin,
                         csv, png), 0);
    assert_non_null(strstr(out, "SNR_dB"));
    char *s = slurp(csv);
    assert_non_null(s);
    char *row = strchr(s, '\n');
    for (int i = 0; i < 2; i++) {
        assert_non_null(row);
        int tbs;
        double snr, bler1, bler, mbps, pct;
        long blocks, tx, bits;
        assert_int_equal(sscanf(row + 1, "pdsch,1.4,6,fdd,1,1,1,1,13,6,%d,0,awgn,low,perfect,-,-,4,1,"
                                         "%lf,%ld,%lf,%lf,%ld,%ld,%lf,%lf", &tbs, &snr, &blocks,
                                &bler1, &bler, &tx, &bits, &mbps, &pct), 9);
        assert_int_equal(blocks, 20);
        assert_true(bler >= 0 && bler <= bler1 && bler1 <= 1);
        assert_int_equal(bits, lround((1 - bler) * 20) * tbs);
        assert_true(fabs(pct - 100.0 * bits / ((double)tx * tbs)) < 1e-3);
        assert_true(fabs(mbps - bits / (tx * 1e3)) < 1e-5);
        if (i == 0) {
            assert_true(snr == -10.0 && bler == 1.0 && tx == 80 && bits == 0);
        } else {
            /* in subframes 0 and 5, PBCH/PSS/SSS take many of the 6 PRBs'
             * REs: MCS 13 may need a retransmission there (at most 4 of
             * the 20 transport blocks) */
            assert_true(snr == 30.0 && bler == 0.0);
            assert_true(bler1 <= 4.0 / 20 + 1e-9);
        }
        row = strchr(row + 1, '\n');
    }
    free(s);
    FILE *f = fopen(png, "rb");
    assert_non_null(f);
    unsigned char sig[8] = {0};
    assert_int_equal(fread(sig, 1, 8, f), 8);
    fclose(f);
    assert_memory_equal(sig, "\x89PNG\r\n\x1a\n", 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_threads_do_not_matter),
        cmocka_unit_test(test_error_counting),
        cmocka_unit_test(test_link_options),
        cmocka_unit_test(test_link_threads_do_not_matter),
        cmocka_unit_test(test_link_figures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
