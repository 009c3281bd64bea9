/* Tests of `ltephy waveform` (tools/cmd_waveform.c), running the built
 * binary: file sizes from the numerology (15 * N_fft samples per subframe,
 * 36.211 §6.12), the JSON sidecar, the ci16 quantisation rule against the
 * cf32 output, config files, and the error exits.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ltephy/rng.h"
#include "tests/common/testutil.h"

static char tmp[256];
static char bin[512];

/* The sidecar FILE.json of the IQ file iq holds every string of want (NULL
 * ends the list). */
static void sidecar_has(const char *iq, const char *const *want)
{
    char json[700];
    snprintf(json, sizeof json, "%s.json", iq);
    char *j = tu_slurp(json, NULL);
    assert_non_null(j);
    for (; *want; want++)
        if (!strstr(j, *want))
            fail_msg("%s lacks %s", json, *want);
    free(j);
}

#define run tu_run



static int setup(void **state)
{
    (void)state;
    return tu_scratch("waveform", tmp, sizeof tmp, bin, sizeof bin);
}

static int teardown(void **state)
{
    (void)state;
    return tu_scratch_remove(tmp);
}

static void test_list_and_help(void **state)
{
    (void)state;
    char out[8192];
    assert_int_equal(run(out, sizeof out, "%s waveform --list", bin), 0);
    assert_non_null(strstr(out, "E-TM1.1"));
    assert_non_null(strstr(out, "E-TM2"));
    assert_non_null(strstr(out, "E-TM3.1"));
    /* every E-TM of 36.141 §6.1.1 with its subclause */
    static const char *const etm[8][2] = {
        {"E-TM1.1", "6.1.1.1"}, {"E-TM1.2", "6.1.1.2"}, {"E-TM2", "6.1.1.3"},
        {"E-TM2a", "6.1.1.3a"}, {"E-TM3.1", "6.1.1.4"}, {"E-TM3.1a", "6.1.1.4a"},
        {"E-TM3.2", "6.1.1.5"}, {"E-TM3.3", "6.1.1.6"}};
    for (int i = 0; i < 8; i++) {
        char line[64];
        snprintf(line, sizeof line, "  %-10s 36.141 §%s:", etm[i][0], etm[i][1]);
        if (!strstr(out, line))
            fail_msg("--list lacks \"%s\"", line);
    }
    assert_int_equal(run(out, sizeof out, "%s waveform --help", bin), 0);
    assert_non_null(strstr(out, "--model"));
}

/* Sizes: a frame is 10 subframes of 15 * N_fft samples (N_fft 128 for
 * 1.4 MHz, 512 for 5 MHz); cf32 8 bytes per sample, ci16 4. */
static void test_sizes_and_sidecar(void **state)
{
    (void)state;
    char out[8192], path[600];
    snprintf(path, sizeof path, "%s/etm31.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM3.1 --bw 1.4 --out %s", bin,
                         path), 0);
    assert_int_equal(tu_file_size(path), 10L * 15 * 128 * 8);
    sidecar_has(path, (const char *[]){"\"configuration\": \"E-TM3.1\"",
                                       "\"n_rb\": 6",
                                       "\"fft_size\": 128",
                                       "\"sample_rate_hz\": 1920000",
                                       "\"cell_id\": 1",
                                       "\"modulation\": \"64QAM\"",
                                       "\"format\": \"cf32\"",
                                       "\"bytes\": 153600",
                                       NULL});
    snprintf(path, sizeof path, "%s/etm11.ci16", tmp);
    assert_int_equal(run(out, sizeof out,
                         "%s waveform --model etm1.1 --bw 5 --frames 2 --format ci16 --out %s", bin,
                         path), 0);
    assert_int_equal(tu_file_size(path), 2L * 10 * 15 * 512 * 4);
    /* E-TM3.2 at 10 MHz (36.141 §6.1.1.5): PSS/SSS and PBCH at the boosted
     * QPSK level 2.426 dB, 16QAM PRBs at -3 dB, QPSK PRBs at +2.426 dB */
    snprintf(path, sizeof path, "%s/etm32.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM3.2 --bw 10 --out %s", bin,
                         path), 0);
    sidecar_has(path, (const char *[]){"\"pss_sss\": 2.426, \"pbch\": 2.426",
                                       "\"modulation\": \"16QAM\", \"epre_db\": -3.000",
                                       "\"modulation\": \"QPSK\", \"epre_db\": 2.426",
                                       NULL});
    /* no temporary files left behind */
    assert_int_equal(run(out, sizeof out, "ls %s | grep -c tmp", tmp), 1);
    assert_string_equal(out, "0\n");
}

/* ci16 = round(x * scale) of the cf32 samples (scale 1 cf32 vs --scale S). */
static void test_ci16_matches_cf32(void **state)
{
    (void)state;
    char out[8192], pf[600], pi[600];
    snprintf(pf, sizeof pf, "%s/a.cf32", tmp);
    snprintf(pi, sizeof pi, "%s/a.ci16", tmp);
    const double scale = 5000.0;
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM2 --bw 3 --out %s", bin, pf), 0);
    assert_int_equal(run(out, sizeof out,
                         "%s waveform --model E-TM2 --bw 3 --format ci16 --scale %g --out %s", bin,
                         scale, pi), 0);
    long nf, ni;
    char *f = tu_slurp(pf, &nf), *q = tu_slurp(pi, &ni);
    assert_non_null(f);
    assert_non_null(q);
    assert_int_equal(nf, 2 * ni);
    const float *x = (const float *)f;
    const int16_t *v = (const int16_t *)q;
    long nonzero = 0;
    for (long i = 0; i < ni / 2; i++) {
        double want = x[i] * scale;
        assert_true(fabs(v[i] - want) <= 0.5 + 1e-3);
        nonzero += v[i] != 0;
    }
    assert_true(nonzero > ni / 4);
    free(f);
    free(q);
}

/* The same parameters from a config file and from the command line give
 * the same bytes; the command line overrides the file. */
static void test_config_file(void **state)
{
    (void)state;
    char out[8192], cfgp[600], a[600], b[600], c[600];
    snprintf(cfgp, sizeof cfgp, "%s/w.cfg", tmp);
    snprintf(a, sizeof a, "%s/file.cf32", tmp);
    snprintf(b, sizeof b, "%s/cli.cf32", tmp);
    snprintf(c, sizeof c, "%s/over.cf32", tmp);
    FILE *f = fopen(cfgp, "w");
    assert_non_null(f);
    fprintf(f, "bw = 3\nbandwidth = 5\n");
    fclose(f);
    /* an unknown key is an error that names it */
    assert_int_equal(run(out, sizeof out, "%s waveform --config %s --out %s", bin, cfgp, a), 2);
    assert_non_null(strstr(out, "bandwidth"));
    /* the line number counts empty lines: the bad key is on line 6 */
    f = fopen(cfgp, "w");
    assert_non_null(f);
    fprintf(f, "bw = 3\n\n# a comment\n\ncell-id = 1\nbandwidth = 5\n");
    fclose(f);
    assert_int_equal(run(out, sizeof out, "%s waveform --config %s --out %s", bin, cfgp, a), 2);
    assert_non_null(strstr(out, "unknown key 'bandwidth' (line 6)"));
    f = fopen(cfgp, "w");
    assert_non_null(f);
    fprintf(f, "# free configuration\nbw = 3\ncell-id = 42\nmod = 16qam\nprbs = 0-4,9\n"
               "pa-db = -2\n");
    fclose(f);
    assert_int_equal(run(out, sizeof out, "%s waveform --config %s --out %s", bin, cfgp, a), 0);
    assert_int_equal(run(out, sizeof out,
                         "%s waveform --bw 3 --cell-id 42 --mod 16qam --prbs 0-4,9 --pa-db -2 "
                         "--out %s", bin, b), 0);
    assert_int_equal(run(out, sizeof out, "cmp %s %s", a, b), 0);
    assert_int_equal(run(out, sizeof out, "%s waveform --config %s --cell-id 43 --out %s", bin,
                         cfgp, c), 0);
    assert_int_not_equal(run(out, sizeof out, "cmp -s %s %s", a, c), 0);
    sidecar_has(c, (const char *[]){"\"cell_id\": 43",
                                    "\"prb_first\": 9, \"prb_last\": 9, \"modulation\": \"16QAM\", "
                                    "\"epre_db\": -2.000",
                                    NULL});
}

/* A reference channel: 36.101 Table A.3.3.1-1 R.4 is 1.4 MHz (N_fft 128) with
 * 152 bits in subframe 0, 408 in 1-4 and 6-9, none in 5. */
static void test_rmc(void **state)
{
    (void)state;
    char out[8192], p[600], json[700];
    snprintf(p, sizeof p, "%s/r4.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --rmc R.4 --out %s", bin, p), 0);
    assert_int_equal(tu_file_size(p), 10L * 15 * 128 * 8);
    sidecar_has(p, (const char *[]){"Table A.3.3.1-1",
                                    "\"tbs_frame0\": [152, 408, 408, 408, 408, 0, 408, 408, 408, 408]",
                                    NULL});
    /* R.10: two ports (FILE and FILE.port1) at 10 MHz (N_fft 1024) */
    snprintf(p, sizeof p, "%s/r10.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --rmc R.10 --out %s", bin, p), 0);
    assert_int_equal(tu_file_size(p), 10L * 15 * 1024 * 8);
    snprintf(json, sizeof json, "%s.port1", p);
    assert_int_equal(tu_file_size(json), 10L * 15 * 1024 * 8);
    sidecar_has(p, (const char *[]){"Table A.3.3.2.1-1",
                                    "\"n_ports\": 2",
                                    NULL});
    assert_int_equal(run(out, sizeof out, "%s waveform --rmc R.4 --bw 10 --out %s", bin, p), 2);
    assert_int_equal(run(out, sizeof out, "%s waveform --rmc R.99 --out %s", bin, p), 2);
    assert_non_null(strstr(out, "R.99"));
    /* an FDD table's payloads are not its TDD counterpart's (36.101 A.3.4) */
    assert_int_equal(run(out, sizeof out, "%s waveform --rmc R.2 --duplex tdd --out %s", bin, p), 2);
    assert_non_null(strstr(out, "--duplex"));
    assert_non_null(strstr(out, "A.3.4"));
}

/* The PDSCH's own DCI (docs/waveform.md): `ltephy rx --rnti N` on a
 * generated waveform must find a format 1A DCI in every subframe with a
 * transport block and decode the block, CRC passing, with exactly the bits
 * of the generator's stream (xoshiro256** stream (seed, 10 frame +
 * subframe), recomputed here from the seed in the sidecar). Cases: R.4
 * (1.4 MHz, 2-CCE PDCCH: a UE-specific candidate), R.10 (2 ports, transmit
 * diversity), and a free TDD configuration (5 MHz, configuration 1,
 * special subframe 7, --mcs 12, 4-CCE PDCCH at CCE 0 of the common space,
 * and the DwPTS blocks with their 0.75 N_PRB TBS), and 1.4 MHz at --mcs 22
 * (every subframe, subframe 0 at a lower I_MCS). Frame 0 may be lost to
 * the cell search; the blocks of frames 1 and 2 must all be there (the
 * minimum counts). */
static void loopback_case(const char *wf_args, const char *rx_args, double rate, int rnti,
                          int min_blocks)
{
    char out[1 << 17], p[600], json[700];
    snprintf(p, sizeof p, "%s/loop.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform %s --frames 3 --out %s", bin, wf_args, p),
                     0);
    snprintf(json, sizeof json, "%s.json", p);
    long n;
    char *j = tu_slurp(json, &n);
    assert_non_null(j);
    const char *sd = strstr(j, "\"seed\": ");
    assert_non_null(sd);
    uint64_t seed = strtoull(sd + 8, NULL, 10);
    free(j);
    static char rx[1 << 20];
    assert_int_equal(run(rx, sizeof rx, "%s rx %s --rate %g --format cf32 --rnti %d %s", bin, p,
                         rate, rnti, rx_args),
                     0);
    int blocks = 0;
    for (int f = 1; f < 3; f++)
        for (int sf = 0; sf < 10; sf++) {
            char head[64];
            snprintf(head, sizeof head, "sfn %4d sf %d ", f, sf);
            const char *at = strstr(rx, head), *end = at ? strstr(at + 1, "sfn ") : NULL;
            if (!at)
                continue; /* a TDD uplink subframe: not printed */
            const char *tb = strstr(at, "crc ok data\n      tb ");
            if (!tb || (end && tb > end))
                continue; /* no block in this subframe (the sidecar's TBS 0) */
            const char *t = strstr(at, " tbs ");
            assert_true(t && t < tb);
            int tbs = atoi(t + 5);
            uint8_t bits[80000];
            char hex[20001];
            assert_true(tbs > 0 && tbs <= 80000);
            lte_rng r;
            lte_rng_seed_stream(&r, seed, (uint64_t)f * 10u + (uint64_t)sf);
            assert_int_equal(lte_rng_bits(&r, bits, tbs), 0);
            tu_bits_to_hex(bits, tbs, hex);
            if (strncmp(tb + strlen("crc ok data\n      tb "), hex, strlen(hex)) != 0)
                fail_msg("frame %d subframe %d: the block is not the generator's", f, sf);
            blocks++;
        }
    print_message("%s: %d blocks decoded as generated\n", wf_args, blocks);
    if (blocks < min_blocks) {
        fputs(rx, stderr);
        fail_msg("%d blocks decoded, %d expected", blocks, min_blocks);
    }
}

static void test_rx_loopback(void **state)
{
    (void)state;
    /* R.4 and R.10: subframes 0-4 and 6-9 of frames 1, 2 */
    loopback_case("--rmc R.4", "", 1.92e6, 61, 18);
    loopback_case("--rmc R.10", "", 15.36e6, 61, 18);
    /* configuration 1: D S U U D D S U U D, PDSCH in 0, 1, 4, 5, 6, 9 */
    loopback_case("--bw 5 --duplex tdd --tdd-config 1 --ssf-config 7 --mcs 12 --prbs all "
                  "--rnti 4660 --seed 7",
                  "--tdd-config 1 --ssf-config 7", 7.68e6, 4660, 12);
    /* 1.4 MHz at I_MCS 22: subframe 0 (PBCH, PSS/SSS) goes out at I_MCS 17,
     * whose code rate stays below 0.930, and decodes like the others */
    loopback_case("--bw 1.4 --mcs 22 --prbs all --rnti 100 --seed 3", "", 1.92e6, 100, 20);
    /* the sidecar says so (G = 2016 in subframe 0: tests/phy/test_waveform.c) */
    char p[600];
    snprintf(p, sizeof p, "%s/loop.cf32", tmp);
    sidecar_has(p, (const char *[]){"\"i_mcs\": 22,",
                                    "\"tbs_frame0\": [1800, 2792, 2792, 2792, 2792, 2792, 2792, "
                                    "2792, 2792, 2792]",
                                    "\"i_mcs_frame0\": [17, 22, 22, 22, 22, 22, 22, 22, 22, 22]",
                                    NULL});
}

/* The zero-payload PDCCHs beside the PDSCH's own DCI: at 10 MHz FDD 27 bits
 * is the format 0/1A size, so under the UE's RNTI they would read as uplink
 * grants (format 0) to it. They carry the sidecar's crc_rnti (1) instead:
 * the UE finds only its format 1A, a receiver asking for RNTI 1 finds the
 * fillers. */
static void test_filler_pdcch_rnti(void **state)
{
    (void)state;
    char out[8192], p[600];
    static char rx[1 << 18];
    snprintf(p, sizeof p, "%s/fill.cf32", tmp);
    assert_int_equal(run(out, sizeof out,
                         "%s waveform --bw 10 --mcs 10 --prbs all --rnti 100 --pdcch 3 --frames 2 "
                         "--out %s",
                         bin, p),
                     0);
    sidecar_has(p, (const char *[]){"\"crc_rnti\": 1,", NULL});
    assert_int_equal(
        run(rx, sizeof rx, "%s rx %s --rate 15.36e6 --format cf32 --rnti 100", bin, p), 0);
    assert_non_null(strstr(rx, "DCI 1A rnti 0x0064 L 4 cce 0 common prb 0+50 mcs 10"));
    if (strstr(rx, "DCI 0 "))
        fail_msg("a filler PDCCH read as a grant to the UE:\n%s", rx);
    assert_int_equal(run(rx, sizeof rx, "%s rx %s --rate 15.36e6 --format cf32 --rnti 1", bin, p),
                     0);
    assert_non_null(strstr(rx, "DCI 0 rnti 0x0001"));
}

/* Two ports: FILE is port 0, FILE.port1 port 1, both listed in the sidecar. */
static void test_two_ports(void **state)
{
    (void)state;
    char out[8192], p[600], p1[700];
    snprintf(p, sizeof p, "%s/two.cf32", tmp);
    snprintf(p1, sizeof p1, "%s.port1", p);
    assert_int_equal(run(out, sizeof out, "%s waveform --bw 1.4 --ports 2 --prbs all --out %s", bin,
                         p), 0);
    assert_int_equal(tu_file_size(p), 10L * 15 * 128 * 8);
    assert_int_equal(tu_file_size(p1), 10L * 15 * 128 * 8);
    assert_int_not_equal(run(out, sizeof out, "cmp -s %s %s", p, p1), 0);
    sidecar_has(p, (const char *[]){"\"port\": 1, \"path\": \"two.cf32.port1\"",
                                    "\"n_ports\": 2",
                                    NULL});
}

static void test_errors(void **state)
{
    (void)state;
    char out[8192], p[600];
    snprintf(p, sizeof p, "%s/e.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --bogus 1 --out %s", bin, p), 2);
    assert_non_null(strstr(out, "--bogus"));
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM1.1 --out", bin), 2);
    assert_non_null(strstr(out, "'--out' needs a value"));
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM7 --out %s", bin, p), 2);
    assert_non_null(strstr(out, "E-TM7"));
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM1.1 --bw 7 --out %s", bin, p), 2);
    assert_non_null(strstr(out, "--bw"));
    /* the PRB tables of E-TM1.2/2/2a/3.2/3.3 lack 15 MHz: said, not guessed */
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM3.2 --bw 15 --out %s", bin, p),
                     2);
    assert_non_null(strstr(out, "15 MHz"));
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM1.1 --format wav --out %s", bin,
                         p), 2);
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM1.1", bin), 2);
    assert_non_null(strstr(out, "--out"));
    assert_int_equal(run(out, sizeof out, "%s waveform --prbs 0-200 --out %s", bin, p), 2);
    assert_int_equal(run(out, sizeof out, "%s waveform --config /nonexistent/x --out %s", bin, p), 2);
    assert_int_equal(tu_file_size(p), -1); /* nothing written on error */
    snprintf(p, sizeof p, "%s/nodir/x.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --model E-TM1.1 --bw 1.4 --out %s", bin, p),
                     1);
}

/* --ocng OP.2 (36.101 Annex A.5.1.2): R.4 has no PDSCH in subframe 5 only,
 * so the OCNG waveform equals the plain one byte for byte in subframes 0-4
 * and 6-9 and carries more energy in subframe 5; the sidecar names the
 * pattern, OCNG_RA/RB and the data stream; refusals exit 2 naming the
 * option and write nothing. */
static void test_ocng(void **state)
{
    (void)state;
    char out[8192], p[600], q[600], json[700], cfg[700];
    snprintf(p, sizeof p, "%s/r4o.cf32", tmp);
    snprintf(q, sizeof q, "%s/r4.cf32", tmp);
    assert_int_equal(run(out, sizeof out, "%s waveform --rmc R.4 --ocng OP.2 --out %s", bin, p), 0);
    assert_int_equal(run(out, sizeof out, "%s waveform --rmc R.4 --out %s", bin, q), 0);
    long n1, n2;
    char *a = tu_slurp(p, &n1), *b = tu_slurp(q, &n2);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(n1, 10L * 15 * 128 * 8);
    assert_int_equal(n1, n2);
    long sfb = 15L * 128 * 8; /* bytes per subframe */
    for (int sf = 0; sf < 10; sf++) {
        int same = !memcmp(a + sf * sfb, b + sf * sfb, (size_t)sfb);
        if (same != (sf != 5))
            fail_msg("subframe %d: %s", sf, same ? "no OCNG" : "changed by OCNG");
    }
    double ea = 0, eb = 0;
    const float *fa = (const float *)(a + 5 * sfb), *fb = (const float *)(b + 5 * sfb);
    for (long i = 0; i < sfb / 4; i++) {
        ea += (double)fa[i] * fa[i];
        eb += (double)fb[i] * fb[i];
    }
    assert_true(ea > 3 * eb);
    free(a);
    free(b);
    sidecar_has(p, (const char *[]){"\"ocng\": {\"pattern\": \"OP.2 FDD\"",
                                    "Table A.5.1.2-1",
                                    "\"relative_power_db\": 0, \"ocng_ra_db\": 0.000, "
                                    "\"ocng_rb_db\": 0.000",
                                    "\"seed\": 1, \"multi_port\"",
                                    NULL});
    snprintf(json, sizeof json, "%s.json", q);
    char *j = tu_slurp(json, NULL);
    assert_non_null(j);
    assert_null(strstr(j, "\"ocng\"")); /* the sidecar without --ocng is unchanged */
    free(j);
    /* OCNG_RA / OCNG_RB, also from a config file; a free two-sided allocation */
    snprintf(cfg, sizeof cfg, "%s/o.cfg", tmp);
    FILE *f = fopen(cfg, "w");
    assert_non_null(f);
    fprintf(f, "ocng = OP.2 FDD\nocng-ra-db = 1\n");
    fclose(f);
    assert_int_equal(run(out, sizeof out,
                         "%s waveform --config %s --bw 3 --prbs 4-8 --ocng-rb-db -2 --out %s",
                         bin, cfg, p), 0);
    sidecar_has(p, (const char *[]){"\"ocng_ra_db\": 1.000, \"ocng_rb_db\": -2.000",
                                    NULL});
    /* refusals */
    snprintf(p, sizeof p, "%s/oe.cf32", tmp);
    static const struct { const char *args, *says; } bad[] = {
        {"--rmc R.4 --ocng OP.1", "--ocng 'OP.1'"},
        {"--rmc R.4 --ocng OP.2-TDD", "--ocng"},
        {"--rmc R.4 --ocng noise", "--ocng 'noise'"},
        {"--model E-TM1.1 --ocng OP.2", "E-TM"},
        {"--rmc R.4 --ocng-ra-db 1", "--ocng-ra-db"},
        {"--rmc R.4 --ocng OP.2 --ocng-rb-db x", "--ocng-rb-db"},
        {"--rmc R.4 --ocng none --ocng-ra-db 1", "--ocng"},
        {"--rmc A3-2 --ocng OP.2", "--ocng"},
        {"--bw 3 --duplex tdd --ocng OP.2", "--ocng"},
        {"--bw 3 --prbs 1-2,5 --ocng OP.2", "contiguous"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = run(out, sizeof out, "%s waveform %s --out %s", bin, bad[i].args, p);
        if (rc != 2 || !strstr(out, bad[i].says))
            fail_msg("'%s': exit %d, output '%s'", bad[i].args, rc, out);
        assert_int_equal(tu_file_size(p), -1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_and_help),     cmocka_unit_test(test_sizes_and_sidecar),
        cmocka_unit_test(test_ci16_matches_cf32), cmocka_unit_test(test_config_file),
        cmocka_unit_test(test_rmc),               cmocka_unit_test(test_two_ports),
        cmocka_unit_test(test_errors),            cmocka_unit_test(test_ocng),
        cmocka_unit_test(test_rx_loopback),
        cmocka_unit_test(test_filler_pdcch_rnti),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
