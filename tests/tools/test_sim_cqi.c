/* Tests of link adaptation in `ltephy sim --mode link --link pdsch`
 * (`--cqi feedback`, `--cqi-delay`, `--olla`) and of `--cqi-format`:
 *  - the help text; the refusals (exit 2, naming the option);
 *  - 1 and 2 threads give byte-identical CSV and JSON, with the outer loop,
 *    an estimated fading channel, TM2 and HARQ; the header, CSV and JSON
 *    state the setting, and a fixed-MCS run's files do not mention it;
 *  - TM1 on AWGN with the outer loop: throughput and mean CQI/MCS increase
 *    with the SNR, the first-transmission BLER stays near the 10 % target
 *    (0.04..0.18 over 300 blocks per point: the loop's own fluctuation is
 *    included);
 *  - --cqi-format C runs the I_MCS of lte_cqi_format_get (computed here
 *    from the library's table of formats, not the sim's) in a CFI 3 cell.
 * Runs from the project root (as `make test` does).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/csi.h"
#include "tests/common/testutil.h"

static char tmp[256];
static char bin[512];
static char out[16384];

#define run(...) tu_run(out, sizeof out, __VA_ARGS__)

static int setup(void **state)
{
    (void)state;
    return tu_scratch("simcqi", tmp, sizeof tmp, bin, sizeof bin);
}

static int teardown(void **state)
{
    (void)state;
    return tu_scratch_remove(tmp);
}

static void test_refusals(void **state)
{
    (void)state;
    const char *base = "sim --mode link --link pdsch";
    assert_int_equal(run("%s sim --help", bin), 0);
    assert_non_null(strstr(out, "--cqi fixed|feedback"));
    assert_non_null(strstr(out, "--cqi-delay N"));
    assert_non_null(strstr(out, "--olla STEP"));
    assert_non_null(strstr(out, "--cqi-format C"));
    assert_int_equal(run("%s %s --cqi adaptive", bin, base), 2);
    assert_non_null(strstr(out, "--cqi (fixed or feedback)"));
    assert_int_equal(run("%s %s --cqi feedback --cqi-delay 3", bin, base), 2);
    assert_non_null(strstr(out, "--cqi-delay (4..1000"));
    assert_int_equal(run("%s %s --cqi feedback --cqi-delay 1001", bin, base), 2);
    assert_int_equal(run("%s %s --cqi-delay 8", bin, base), 2);
    assert_non_null(strstr(out, "--cqi-delay needs --cqi feedback"));
    assert_int_equal(run("%s %s --olla 0.5", bin, base), 2);
    assert_non_null(strstr(out, "--olla needs --cqi feedback"));
    assert_int_equal(run("%s %s --cqi feedback --olla 0", bin, base), 2);
    assert_non_null(strstr(out, "--olla (0 < STEP"));
    assert_int_equal(run("%s %s --cqi feedback --olla x", bin, base), 2);
    assert_int_equal(run("%s %s --cqi feedback --mcs 5", bin, base), 2);
    assert_non_null(strstr(out, "--cqi feedback chooses the MCS; leave out --mcs"));
    assert_int_equal(run("%s %s --cqi feedback --rmc R.2", bin, base), 2);
    assert_non_null(strstr(out, "--rmc"));
    assert_int_equal(run("%s %s --cqi feedback --tm 3", bin, base), 2);
    assert_non_null(strstr(out, "TM3"));
    assert_int_equal(run("%s %s --cqi feedback --tm 4", bin, base), 2);
    assert_non_null(strstr(out, "fixed codebook"));
    assert_int_equal(run("%s sim --mode link --link pusch --cqi feedback", bin), 2);
    assert_non_null(strstr(out, "--cqi"));
    assert_int_equal(run("%s sim --mode coding --cqi feedback", bin), 2);
    assert_int_equal(run("%s %s --cqi-format 0", bin, base), 2);
    assert_non_null(strstr(out, "--cqi-format (1..15)"));
    assert_int_equal(run("%s %s --cqi-format 16", bin, base), 2);
    assert_int_equal(run("%s %s --cqi-format 3 --mcs 4", bin, base), 2);
    assert_non_null(strstr(out, "--cqi-format replaces --mcs"));
    assert_int_equal(run("%s %s --cqi-format 3 --cqi feedback", bin, base), 2);
    assert_int_equal(run("%s %s --cqi-format 3 --duplex tdd", bin, base), 2);
    assert_non_null(strstr(out, "FDD"));
}

static void test_threads(void **state)
{
    (void)state;
    const char *args = "sim --mode link --link pdsch --bw 1.4 --tm 2 --rx 2 --channel epa5 "
                       "--chest estimated --cqi feedback --cqi-delay 6 --olla 1 --snr 0:8:8 "
                       "--subframes 40 --seed 3";
    char *a, *ja;
    tu_same_on_1_and_2_threads(bin, tmp, out, sizeof out, args, "c", &a, &ja);
    assert_non_null(strstr(out, "--cqi feedback --cqi-delay 6 --olla 1"));
    assert_non_null(strstr(out, "CQI     MCS"));
    assert_non_null(strstr(a, ",cqi_delay,olla_db,cqi_mean,mcs_mean\n"));
    assert_non_null(strstr(ja, "\"cqi\": \"feedback\", \"cqi_delay\": 6, \"olla_db\": 1"));
    assert_non_null(strstr(ja, "\"cqi_mean\": "));
    free(a);
    free(ja);
    /* TM4 closed loop: PMI and CQI from the UE */
    args = "sim --mode link --link pdsch --bw 1.4 --tm 4 --ports 2 --layers 2 --rx 2 "
           "--channel epa5 --chest perfect --pmi feedback --cqi feedback --snr 15 "
           "--subframes 24 --seed 4";
    tu_same_on_1_and_2_threads(bin, tmp, out, sizeof out, args, "m", &a, &ja);
    free(a);
    free(ja);
    /* a fixed-MCS run's files do not mention the loop */
    char p[2][300];
    snprintf(p[0], sizeof p[0], "%s/f.csv", tmp);
    snprintf(p[1], sizeof p[1], "%s/f.json", tmp);
    assert_int_equal(run("%s sim --mode link --link pdsch --bw 1.4 --snr 30 --subframes 2 "
                         "--csv %s --json %s", bin, p[0], p[1]), 0);
    assert_null(strstr(out, "cqi"));
    for (int i = 0; i < 2; i++) {
        a = tu_slurp(p[i], NULL);
        assert_non_null(a);
        assert_null(strstr(a, "cqi"));
        free(a);
    }
}

/* Columns of the CSV rows (after the header): throughput, BLER_1st, CQI and
 * MCS means. */
static int read_rows(const char *csv, double *snr, double *bler1, double *mbps, double *cqi,
                     double *mcs, int max)
{
    const char *row = strchr(csv, '\n');
    int n = 0;
    while (row && row[1] && n < max) {
        row++;
        /* snr_db is field 20, blers 22-23, throughput 27, then cqi_delay, olla, cqi, mcs */
        char buf[1024];
        size_t len = strcspn(row, "\n");
        memcpy(buf, row, len);
        buf[len] = 0;
        char *f[40];
        int nf = 0;
        for (char *t = strtok(buf, ","); t && nf < 40; t = strtok(NULL, ","))
            f[nf++] = t;
        assert_int_equal(nf, 31);
        snr[n] = atof(f[19]);
        bler1[n] = atof(f[21]);
        mbps[n] = atof(f[25]);
        cqi[n] = atof(f[29]);
        mcs[n] = atof(f[30]);
        n++;
        row = strchr(row, '\n');
    }
    return n;
}

static void test_awgn_olla(void **state)
{
    (void)state;
    char p[300];
    snprintf(p, sizeof p, "%s/o.csv", tmp);
    assert_int_equal(run("%s sim --mode link --link pdsch --bw 5 --cqi feedback --olla 1 "
                         "--snr 0:5:20 --subframes 300 --harq 4 --seed 2 --threads 2 --csv %s",
                         bin, p), 0);
    char *csv = tu_slurp(p, NULL);
    assert_non_null(csv);
    double snr[8], b1[8], mbps[8], cqi[8], mcs[8];
    int n = read_rows(csv, snr, b1, mbps, cqi, mcs, 8);
    assert_int_equal(n, 5);
    for (int i = 0; i < n; i++) {
        printf("SNR %5.1f dB: BLER_1st %.3f, %.3f Mbit/s, CQI %.2f, MCS %.2f\n", snr[i], b1[i],
               mbps[i], cqi[i], mcs[i]);
        assert_true(b1[i] >= 0.04 && b1[i] <= 0.18);
        if (i > 0) {
            assert_true(mbps[i] > mbps[i - 1]);
            assert_true(cqi[i] > cqi[i - 1]);
            assert_true(mcs[i] > mcs[i - 1]);
        }
    }
    free(csv);
}

static void test_cqi_format(void **state)
{
    (void)state;
    for (int c = 1; c <= 15; c += 7) {
        lte_cqi_format f;
        assert_int_equal(lte_cqi_format_get(c, 25, 1, 0, 1, &f), 0);
        assert_int_equal(run("%s sim --mode link --link pdsch --bw 5 --cqi-format %d --snr 30 "
                             "--subframes 4 --harq 1", bin, c), 0);
        char want[128];
        snprintf(want, sizeof want, "--cqi-format %d (I_MCS %d, CFI 3, subframes 0 and 5 "
                                    "unscheduled)", c, f.i_mcs);
        assert_non_null(strstr(out, want));
        snprintf(want, sizeof want, "TBS %d,", f.tbs);
        assert_non_null(strstr(out, want));
        /* 8 of 10 subframes scheduled */
        snprintf(want, sizeof want, "maximum %.3f Mbit/s", f.tbs * 8 / 1e4);
        assert_non_null(strstr(out, want));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_awgn_olla),
        cmocka_unit_test(test_cqi_format),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
