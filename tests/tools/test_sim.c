/* Tests of `ltephy sim`: option handling and exit codes, CSV output,
 * independence of the results from the thread count, and error counting at
 * the two ends of the Eb/N0 range (no errors at 20 dB, coin-flip decisions
 * at -15 dB). For `--mode link --link pdsch`: option handling, CSV 1 vs 2
 * threads byte-identical, the CSV/JSON/PNG outputs, and throughput figures
 * against their definition (bits / (transmissions x TBS)). For `--link
 * pusch`: options, 1 vs 2 threads byte-identical, BLER 1 / 0 at the ends
 * of the SNR range and the throughput figures against a hand count with the
 * FRC A3-2 of 36.104 (600-bit payload). `--rmc` for the PDSCH: the
 * maximum throughput of a 36.101 reference channel. `--mode coding --alg
 * fx8|fx16`: runs, thread-invariant, error-free at high Eb/N0. Closed-loop
 * TM4 (`--pmi feedback`, `--pmi-delay`): the refusals (exit 2, naming the
 * option), the help text, 1 vs 2 threads byte-identical CSV and JSON with
 * estimated channel and HARQ, the header and JSON state the setting.
 * Adaptive Wiener estimation (`--chest-freq wiener-auto`): the same.
 * Runs from the project root (as `make test` does).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ltephy/waveform.h"
#include "tests/common/testutil.h"

static char tmp[256];
static char bin[512];
static char out[16384];

/* a command's output goes to out */
#define run(...) tu_run(out, sizeof out, __VA_ARGS__)


static int setup(void **state)
{
    (void)state;
    return tu_scratch("sim", tmp, sizeof tmp, bin, sizeof bin);
}

static int teardown(void **state)
{
    (void)state;
    return tu_scratch_remove(tmp);
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
    char *a = tu_slurp(p1, NULL), *b = tu_slurp(p2, NULL);
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
    char *csv = tu_slurp(path, NULL);
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
    assert_int_equal(run("%s sim --mode link --link pucch", bin), 2);
    assert_non_null(strstr(out, "pucch"));
    /* PUSCH: downlink-only options, an allocation that is not 2^a 3^b 5^c */
    const char *ul = "sim --mode link --link pusch";
    assert_int_equal(run("%s %s --tm 2", bin, ul), 2);
    assert_non_null(strstr(out, "--tm"));
    assert_int_equal(run("%s %s --chest-freq wiener", bin, ul), 2);
    assert_non_null(strstr(out, "--chest-freq"));
    assert_int_equal(run("%s %s --bw 5 --prb 7", bin, ul), 2);
    assert_int_equal(run("%s %s --bw 1.4 --prb 6 --prb-start 3", bin, ul), 2); /* 3 + 6 > 6 */
    assert_int_equal(run("%s %s --prb-start 3", bin, base), 2); /* PUSCH only */
    assert_non_null(strstr(out, "--prb-start"));
    assert_int_equal(run("%s %s --pusch-halfwin 3", bin, base), 2);
    assert_non_null(strstr(out, "--pusch-halfwin"));
    assert_int_equal(run("%s %s --pusch-halfwin 6", bin, ul), 2);
    assert_int_equal(run("%s %s --frame-stride 0", bin, base), 2);
    assert_int_equal(run("%s %s --rv-seq 0,1,2", bin, base), 2);
    assert_int_equal(run("%s %s --rv-seq 0,1,2,4", bin, base), 2);
    /* reference channels */
    assert_int_equal(run("%s %s --rmc R.99", bin, base), 2);
    assert_non_null(strstr(out, "R.99"));
    assert_int_equal(run("%s %s --rmc A3-2", bin, base), 2); /* an uplink FRC */
    assert_int_equal(run("%s %s --rmc R.2", bin, ul), 2);    /* a downlink RMC */
    assert_int_equal(run("%s %s --rmc R.2 --bw 5", bin, base), 2);
    assert_non_null(strstr(out, "--bw"));
    assert_int_equal(run("%s %s --rmc R.2 --duplex tdd", bin, base), 2); /* FDD tables only */
    assert_non_null(strstr(out, "--duplex tdd"));
    assert_int_equal(run("%s %s --rmc A3-2 --mcs 3", bin, ul), 2);
    assert_non_null(strstr(out, "--mcs"));
    /* an uplink FRC takes --prb-start (A1-4: 3 of the 6 PRBs of 1.4 MHz),
     * where its PRBs fit; a downlink RMC does not */
    assert_int_equal(run("%s %s --rmc A1-4 --prb-start 4", bin, ul), 2);
    assert_non_null(strstr(out, "--prb-start 4"));
    assert_int_equal(run("%s %s --rmc R.2 --prb-start 1", bin, base), 2);
    assert_non_null(strstr(out, "--prb-start"));
    assert_int_equal(run("%s %s --rmc A1-4 --prb-start 3 --snr 10 --subframes 4 --chest perfect",
                         bin, ul),
                     0);
    assert_non_null(strstr(out, "--prb-start 3"));
    /* coding mode: fixed-point decoders run 1..32 iterations */
    assert_int_equal(run("%s sim --alg fx8 --iter 40", bin), 2);
    assert_int_equal(run("%s sim --alg fx4", bin), 2);
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
    char *a = tu_slurp(p[0], NULL), *b = tu_slurp(p[1], NULL);
    char *ja = tu_slurp(p[2], NULL), *jb = tu_slurp(p[3], NULL);
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

/* Closed-loop TM4 on the command line. */
static void test_link_pmi(void **state)
{
    (void)state;
    const char *base = "sim --mode link --link pdsch";
    assert_int_equal(run("%s sim --help", bin), 0);
    assert_non_null(strstr(out, "--pmi fixed|feedback"));
    assert_non_null(strstr(out, "--pmi-delay N"));
    assert_int_equal(run("%s %s --tm 4 --ports 2 --pmi closed", bin, base), 2);
    assert_non_null(strstr(out, "--pmi (fixed or feedback)"));
    assert_int_equal(run("%s %s --tm 4 --ports 2 --pmi feedback --pmi-delay -1", bin, base), 2);
    assert_non_null(strstr(out, "--pmi-delay"));
    assert_int_equal(run("%s %s --tm 4 --ports 2 --pmi feedback --pmi-delay 1001", bin, base), 2);
    assert_non_null(strstr(out, "--pmi-delay (0..1000"));
    assert_int_equal(run("%s %s --tm 4 --ports 2 --pmi feedback --pmi-delay x", bin, base), 2);
    assert_int_equal(run("%s %s --tm 4 --ports 2 --pmi-delay 4", bin, base), 2);
    assert_non_null(strstr(out, "--pmi-delay needs --pmi feedback"));
    assert_int_equal(run("%s %s --tm 3 --ports 2 --pmi feedback", bin, base), 2);
    assert_non_null(strstr(out, "--tm 4"));
    assert_int_equal(run("%s sim --mode link --link pusch --pmi feedback", bin), 2);
    assert_non_null(strstr(out, "--pmi"));
    assert_int_equal(run("%s sim --mode coding --pmi feedback", bin), 2);
    assert_non_null(strstr(out, "--pmi"));
    /* 1 and 2 threads: byte-identical files (each report is a function of
     * the seed, the SNR and the measured subframe only) */
    const char *args = "sim --mode link --link pdsch --bw 1.4 --tm 4 --ports 2 --rx 2 "
                       "--layers 1 --channel epa5 --chest estimated --mcs 15 --snr 2:4:6 "
                       "--subframes 24 --frame-stride 3 --pmi feedback --pmi-delay 6 --seed 3";
    char *a, *ja;
    tu_same_on_1_and_2_threads(bin, tmp, out, sizeof out, args, "p", &a, &ja);
    assert_non_null(strstr(out, "--pmi feedback --pmi-delay 6"));
    assert_non_null(strstr(ja, "\"pmi\": \"feedback\", \"pmi_delay\": 6"));
    free(a);
    free(ja);
    /* a fixed-codebook run's JSON does not mention the loop */
    assert_int_equal(run("%s %s --bw 1.4 --tm 4 --ports 2 --snr 30 --subframes 2 --json %s/f.json",
                         bin, base, tmp), 0);
    char p[300];
    snprintf(p, sizeof p, "%s/f.json", tmp);
    a = tu_slurp(p, NULL);
    assert_non_null(a);
    assert_null(strstr(a, "pmi"));
    assert_null(strstr(out, "--pmi"));
    free(a);
}

/* Adaptive Wiener estimation (--chest-freq wiener-auto): the help text, the
 * refusals (exit 2, naming the option), 1 and 2 threads byte-identical CSV
 * and JSON (each subframe's estimate depends on that subframe only), the
 * header, CSV and JSON state it. */
static void test_link_chest_auto(void **state)
{
    (void)state;
    const char *base = "sim --mode link --link pdsch";
    assert_int_equal(run("%s sim --help", bin), 0);
    assert_non_null(strstr(out, "--chest-freq linear|wiener|wiener-auto"));
    assert_int_equal(run("%s %s --chest perfect --chest-freq wiener-auto", bin, base), 2);
    assert_non_null(strstr(out, "--chest-freq wiener-auto needs --chest estimated"));
    assert_int_equal(run("%s %s --chest-freq auto", bin, base), 2);
    assert_non_null(strstr(out, "--chest-freq (linear, wiener or wiener-auto)"));
    assert_int_equal(run("%s sim --mode link --link pusch --chest-freq wiener-auto", bin), 2);
    assert_non_null(strstr(out, "--chest-freq"));
    const char *args = "sim --mode link --link pdsch --bw 1.4 --rx 2 --channel etu70 "
                       "--chest estimated --chest-freq wiener-auto --mcs 10 --snr 4:4:8 "
                       "--subframes 24 --frame-stride 2 --seed 5";
    char *a, *ja;
    tu_same_on_1_and_2_threads(bin, tmp, out, sizeof out, args, "w", &a, &ja);
    assert_non_null(strstr(out, "--chest-freq wiener-auto --chest-time linear"));
    assert_non_null(strstr(a, ",wiener-auto,"));
    assert_non_null(strstr(ja, "\"chest_freq\": \"wiener-auto\""));
    free(a);
    free(ja);
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
    char *s = tu_slurp(csv, NULL);
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

static void csv_rows(const char *path, char **text, char **rows)
{
    *text = tu_slurp(path, NULL);
    assert_non_null(*text);
    *rows = strchr(*text, '\n');
    assert_non_null(*rows);
}

/* PUSCH: 1 and 2 threads give byte-identical CSV and JSON (fading,
 * estimated channel, 2 receive antennas, HARQ, spaced frames). */
static void test_pusch_threads_do_not_matter(void **state)
{
    (void)state;
    const char *args = "sim --mode link --link pusch --bw 3 --prb 12 --prb-start 2 --rx 2 "
                       "--channel etu70 --chest estimated --mcs 12 --snr 0:5:10 "
                       "--subframes 20 --frame-stride 3 --seed 11";
    assert_int_equal(run("%s %s --threads 1 --csv %s/u1.csv --json %s/u1.json", bin, args, tmp,
                         tmp), 0);
    assert_int_equal(run("%s %s --threads 2 --csv %s/u2.csv --json %s/u2.json", bin, args, tmp,
                         tmp), 0);
    char p[4][300];
    const char *names[4] = {"u1.csv", "u2.csv", "u1.json", "u2.json"};
    char *t[4];
    for (int i = 0; i < 4; i++) {
        snprintf(p[i], sizeof p[i], "%s/%s", tmp, names[i]);
        t[i] = tu_slurp(p[i], NULL);
        assert_non_null(t[i]);
    }
    assert_string_equal(t[0], t[1]);
    assert_string_equal(t[2], t[3]);
    assert_non_null(strstr(t[0], "\npusch,3,15,fdd,"));
    assert_non_null(strstr(t[2], "\"link\": \"pusch\""));
    assert_non_null(strstr(t[2], "\"prb_start\": 2"));
    assert_non_null(strstr(t[2], "\"frame_stride\": 3"));
    for (int i = 0; i < 4; i++)
        free(t[i]);
}

/* PUSCH FRC A3-2 (36.104 Table A.3-1: 6 RB, QPSK, payload 600 bits) over
 * AWGN with perfect channel knowledge. Hand count of each row: BLER =
 * errors / blocks; bits = acknowledged blocks x 600; throughput % = bits /
 * (transmissions x 600); Mbit/s = bits / transmissions / 1 ms (FDD: every
 * subframe is an uplink one). At -12 dB nothing gets through (80
 * transmissions for 20 blocks), at 20 dB everything at once, and at -4 dB
 * (QPSK 1/3 needs about -1 dB) retransmissions are needed. */
static void test_pusch_figures(void **state)
{
    (void)state;
    char csv[300];
    snprintf(csv, sizeof csv, "%s/a32.csv", tmp);
    assert_int_equal(run("%s sim --mode link --link pusch --rmc A3-2 --chest perfect "
                         "--snr -12:8:20 --subframes 20 --threads 2 --csv %s", bin, csv), 0);
    assert_non_null(strstr(out, "--rmc A3-2"));
    char *s, *row;
    csv_rows(csv, &s, &row);
    int n = 0;
    for (; row && row[1]; row = strchr(row + 1, '\n'), n++) {
        int tbs, prb;
        double snr, bler1, bler, mbps, pct;
        long blocks, tx, bits;
        assert_int_equal(sscanf(row + 1, "pusch,1.4,6,fdd,1,1,1,1,%*d,%d,%d,0,awgn,low,perfect,-,-,4,"
                                         "1,%lf,%ld,%lf,%lf,%ld,%ld,%lf,%lf", &prb, &tbs, &snr,
                                &blocks, &bler1, &bler, &tx, &bits, &mbps, &pct), 10);
        assert_int_equal(prb, 6);
        assert_int_equal(tbs, 600);
        assert_int_equal(blocks, 20);
        long resid = lround(bler * 20);
        assert_true(fabs(bler * 20 - resid) < 1e-6);
        assert_int_equal(bits, (20 - resid) * 600);
        assert_true(fabs(pct - 100.0 * bits / (tx * 600.0)) < 1e-3);
        assert_true(fabs(mbps - bits / (tx * 1e3)) < 1e-5);
        assert_true(tx >= 20 && tx <= 80);
        if (snr == -12.0)
            assert_true(bler == 1.0 && tx == 80 && bits == 0);
        if (snr == 20.0)
            assert_true(bler1 == 0.0 && tx == 20 && bits == 20 * 600);
        if (snr == -4.0)
            assert_true(bler1 > 0.5 && tx > 20 && bits > 0);
    }
    assert_int_equal(n, 5);
    free(s);
}

/* 256QAM on the PUSCH. --qm 8 --itbs 26 on 25 PRB: TBS 18336 (36.213 Table
 * 7.1.7.2.1-1, typed here), every block through at 32 dB with the estimated
 * channel, in both duplex modes; the 256QAM FRC A17-2 (36.104 Table A.17-1:
 * 15 RB, payload 14112) likewise; the option rules name the option. */
static void test_pusch_256qam(void **state)
{
    (void)state;
    char json[300];
    snprintf(json, sizeof json, "%s/q8.json", tmp);
    const char *dup[2] = {"--duplex fdd", "--duplex tdd --tdd-config 1"};
    for (int d = 0; d < 2; d++) {
        assert_int_equal(run("%s sim --mode link --link pusch --bw 5 --qm 8 --itbs 26 %s "
                             "--rx 2 --snr 32 --subframes 12 --harq 1 --threads 2 --json %s",
                             bin, dup[d], json), 0);
        assert_non_null(strstr(out, "--qm 8 --itbs 26"));
        char *j = tu_slurp(json, NULL);
        assert_non_null(j);
        assert_non_null(strstr(j, "\"tbs\": [18336, 0], \"q_m\": [8, 0]"));
        assert_non_null(strstr(j, "\"bler\": 0.000000e+00"));
        assert_non_null(strstr(j, "\"throughput_pct\": 100.0000"));
        free(j);
    }
    assert_int_equal(run("%s sim --mode link --link pusch --rmc A17-2 --snr 32 --subframes 10 "
                         "--harq 1 --threads 2 --json %s", bin, json), 0);
    char *j = tu_slurp(json, NULL);
    assert_non_null(j);
    assert_non_null(strstr(j, "\"tbs\": [14112, 0], \"q_m\": [8, 0]"));
    assert_non_null(strstr(j, "\"throughput_pct\": 100.0000"));
    free(j);
    /* row 32A by name: 25 PRB -> 22920 (the A17-3 payload) */
    assert_int_equal(run("%s sim --mode link --link pusch --bw 5 --qm 8 --itbs 32a --snr 40 "
                         "--subframes 2 --harq 1", bin), 0);
    assert_non_null(strstr(out, "TBS 22920, Q_m 8"));
    const char *ul = "sim --mode link --link pusch --snr 30 --subframes 1";
    assert_int_equal(run("%s %s --qm 8", bin, ul), 2);
    assert_non_null(strstr(out, "--itbs"));
    assert_int_equal(run("%s %s --itbs 20", bin, ul), 2);
    assert_non_null(strstr(out, "--qm"));
    assert_int_equal(run("%s %s --qm 8 --itbs 20 --mcs 5", bin, ul), 2);
    assert_non_null(strstr(out, "--mcs"));
    assert_int_equal(run("%s %s --qm 8 --itbs 20 --rmc A3-2", bin, ul), 2);
    assert_non_null(strstr(out, "--rmc"));
    assert_int_equal(run("%s %s --qm 5 --itbs 20", bin, ul), 2);
    assert_non_null(strstr(out, "--qm"));
    assert_int_equal(run("%s %s --qm 8 --itbs 34", bin, ul), 2);
    assert_non_null(strstr(out, "--itbs"));
    assert_int_equal(run("%s sim --mode link --link pdsch --qm 8 --itbs 20", bin), 2);
    assert_non_null(strstr(out, "--qm"));
}

/* PDSCH --rmc: R.42-2 (5 MHz FDD QPSK 1/3: 1800 bits in subframe 0, 2216 in
 * 1-4 and 6-9, none in 5) has a maximum of 1952.8 kbit/s (36.101 Table
 * G.3-1, 5 MHz column, same payloads); at 20 dB over AWGN the throughput is
 * 100 % of it. */
static void test_rmc_pdsch(void **state)
{
    (void)state;
    char json[300];
    snprintf(json, sizeof json, "%s/r.json", tmp);
    assert_int_equal(run("%s sim --mode link --link pdsch --rmc R.42-2 --chest perfect --snr 20 "
                         "--subframes 18 --threads 2 --json %s", bin, json), 0);
    char *j = tu_slurp(json, NULL);
    assert_non_null(j);
    assert_non_null(strstr(j, "\"rmc\": \"R.42-2\""));
    assert_non_null(strstr(j, "\"n_rb\": 25"));
    assert_non_null(strstr(j, "\"max_mbps\": 1.952800"));
    assert_non_null(strstr(j, "\"throughput_mbps\": 1.952800"));
    assert_non_null(strstr(j, "\"throughput_pct\": 100.0000"));
    assert_non_null(strstr(j, "\"rv_seq\": [0, 1, 2, 3]")); /* 36.101 Table 8.2.1-1, QPSK */
    free(j);
    /* a two-port RMC (when waveform.h has one) runs transmit diversity */
    lte_wf_cfg w;
    if (lte_wf_rmc("R.10", &w) == 0 && w.cell.n_ports == 2) {
        assert_int_equal(run("%s sim --mode link --link pdsch --rmc R.10 --rx 2 --chest perfect "
                             "--snr 20 --subframes 9 --threads 2 --json %s", bin, json), 0);
        j = tu_slurp(json, NULL);
        assert_non_null(j);
        assert_non_null(strstr(j, "\"tm\": 2, \"ports\": 2"));
        assert_non_null(strstr(j, "\"throughput_pct\": 100.0000"));
        free(j);
    }
}

/* Coding mode with the fixed-point decoders: no errors at 4 dB, BER near
 * 1/2 at -15 dB, and 1 vs 2 threads identical. */
static void test_coding_fx(void **state)
{
    (void)state;
    for (int w = 8; w <= 16; w += 8) {
        char p1[300], p2[300];
        snprintf(p1, sizeof p1, "%s/fx%d_1.csv", tmp, w);
        snprintf(p2, sizeof p2, "%s/fx%d_2.csv", tmp, w);
        const char *args = "sim --mode coding --k 1024 --iter 6 --ebn0 -15:19:4 --blocks 32 "
                           "--min-errors 0 --seed 4";
        assert_int_equal(run("%s %s --alg fx%d --threads 1 --csv %s", bin, args, w, p1), 0);
        assert_int_equal(run("%s %s --alg fx%d --threads 2 --csv %s", bin, args, w, p2), 0);
        char *a = tu_slurp(p1, NULL), *b = tu_slurp(p2, NULL);
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b);
        char want[32];
        snprintf(want, sizeof want, "\ncoding,fx%d,1024,6,0.75,", w);
        assert_non_null(strstr(a, want));
        double ber, fer, berb, ferb;
        char *row = strchr(a, '\n');
        assert_int_equal(sscanf(row + 1, "coding,fx%*d,1024,6,0.75,4,-15.0000,%lf,%lf", &ber, &fer),
                         2);
        row = strchr(row + 1, '\n');
        assert_int_equal(sscanf(row + 1, "coding,fx%*d,1024,6,0.75,4,4.0000,%lf,%lf", &berb, &ferb),
                         2);
        assert_true(ber > 0.4 && ber < 0.6 && fer == 1.0);
        assert_true(berb == 0.0 && ferb == 0.0);
        free(a);
        free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_threads_do_not_matter),
        cmocka_unit_test(test_error_counting),
        cmocka_unit_test(test_link_options),
        cmocka_unit_test(test_link_threads_do_not_matter),
        cmocka_unit_test(test_link_pmi),
        cmocka_unit_test(test_link_figures),
        cmocka_unit_test(test_pusch_threads_do_not_matter),
        cmocka_unit_test(test_pusch_figures),
        cmocka_unit_test(test_pusch_256qam),
        cmocka_unit_test(test_rmc_pdsch),
        cmocka_unit_test(test_link_chest_auto),
        cmocka_unit_test(test_coding_fx),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
