/* Tests of `ltephy sim`: option handling and exit codes, CSV output,
 * independence of the results from the thread count, and error counting at
 * the two ends of the Eb/N0 range (no errors at 20 dB, coin-flip decisions
 * at -15 dB). Runs from the project root (as `make test` does).
 * SPDX-License-Identifier: BSD-3-Clause */
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

/* Run a command, capture stdout+stderr into out, return its exit status. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char cmd[2048], full[2100];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    snprintf(full, sizeof full, "%s 2>&1", cmd);
    FILE *p = popen(full, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_threads_do_not_matter),
        cmocka_unit_test(test_error_counting),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
