/* Tests of the uplink FRC waveforms of `ltephy waveform --rmc A3-2`
 * (tools/wf_ul.c): the built binary writes the file, and the test decodes
 * it back with the PUSCH receiver (include/ltephy/pusch.h), comparing each
 * subframe's transport block with the bits the sidecar says were sent
 * (xoshiro256** stream (seed, 10 frame + subframe)). A round trip that fails
 * if the transmitter, the file writer or the receiver is wrong. Besides:
 * the file size from the numerology (15 N_fft samples per subframe), the
 * power of an uplink subframe (12 M_RB unit-energy REs per SC-FDMA symbol,
 * unitary IDFT: mean |x|^2 = 12 M_RB / N_fft), zeros in TDD downlink
 * subframes, the ci16 scaling rule, and the error exits.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ltephy/cell.h"
#include "ltephy/error.h"
#include "ltephy/pusch.h"
#include "ltephy/rng.h"
#include "ltephy/ul_frc.h"
#include "tests/common/testutil.h"

static char tmp[256];
static char bin[512];



static int setup(void **state)
{
    (void)state;
    return tu_scratch("ulwf", tmp, sizeof tmp, bin, sizeof bin);
}

static int teardown(void **state)
{
    (void)state;
    return tu_scratch_remove(tmp);
}

/* Generate `name` with extra options, then decode every subframe. ul_mask:
 * the subframes expected to carry PUSCH (others must be all zeros). */
static void round_trip(const char *name, const char *extra, int ci16, int cell_id, int rnti,
                       uint64_t seed, int ul_mask)
{
    lte_ul_frc frc;
    assert_true(lte_ul_frc_find(name, &frc) >= 0);
    char out[4096], path[600];
    snprintf(path, sizeof path, "%s/%s.%s", tmp, name, ci16 ? "ci16" : "cf32");
    int st = tu_run(out, sizeof out, "%s waveform --rmc %s %s --format %s --out %s", bin, name,
                    extra, ci16 ? "ci16" : "cf32", path);
    if (st != 0)
        fail_msg("%s: exit %d: %s", name, st, out);

    int n_fft = frc.n_rb_ul == 6 ? 128 : frc.n_rb_ul == 15 ? 256 : frc.n_rb_ul == 25 ? 512 : 1024;
    int len = 15 * n_fft;
    long nbytes;
    void *raw = tu_slurp(path, &nbytes);
    assert_non_null(raw);
    assert_int_equal(nbytes, 10L * len * (ci16 ? 4 : 8));

    /* the sidecar's scale */
    char jpath[700];
    snprintf(jpath, sizeof jpath, "%s.json", path);
    long jn;
    char *json = tu_slurp(jpath, &jn);
    assert_non_null(json);
    char key[64];
    snprintf(key, sizeof key, "\"configuration\": \"%s\"", name);
    assert_non_null(strstr(json, key));
    snprintf(key, sizeof key, "\"tbs\": %d", frc.tbs);
    assert_non_null(strstr(json, key));
    const char *sc = strstr(json, "\"scale\": ");
    assert_non_null(sc);
    double scale = atof(sc + 9);
    /* ci16 default: RMS of the PUSCH at -12 dBFS */
    double want = ci16 ? 32767.0 * pow(10.0, -0.6) * sqrt((double)n_fft / (12.0 * frc.n_rb_alloc))
                       : 1.0;
    assert_true(fabs(scale - want) < 1e-6 * want);

    /* the CP the table's symbol count implies (10 data symbols: extended) */
    snprintf(key, sizeof key, "\"cp\": \"%s\"", frc.n_symb == 10 ? "extended" : "normal");
    assert_non_null(strstr(json, key));
    free(json);

    lte_pusch_cfg pc = {0};
    pc.n_rb_ul = frc.n_rb_ul;
    pc.cp = frc.n_symb == 10 ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
    pc.cell_id = cell_id;
    pc.n_rx = 1;
    pc.tbs_max = frc.tbs;
    lte_pusch *p = NULL;
    assert_int_equal(lte_pusch_create(&pc, &p), 0);
    assert_int_equal(lte_pusch_subframe_len(p), len);
    lte_sch_harq *h = NULL;
    assert_int_equal(lte_sch_harq_create(frc.tbs, &h), 0);
    float complex *x = malloc((size_t)len * sizeof *x);
    uint8_t *tb = malloc((size_t)frc.tbs), *sent = malloc((size_t)frc.tbs);
    assert_non_null(x);
    for (int sf = 0; sf < 10; sf++) {
        double e = 0;
        for (int i = 0; i < len; i++) {
            long k = (long)sf * len + i;
            if (ci16) {
                const int16_t *q = raw;
                x[i] = (float)(q[2 * k] / scale) + I * (float)(q[2 * k + 1] / scale);
            } else {
                const float *q = raw;
                x[i] = (float)(q[2 * k] / scale) + I * (float)(q[2 * k + 1] / scale);
            }
            e += crealf(x[i] * conjf(x[i]));
        }
        if (!(ul_mask >> sf & 1)) {
            assert_true(e == 0.0);
            continue;
        }
        /* mean power: 12 M_RB unit-mean-energy REs per symbol through a
         * unitary IDFT (16/64QAM symbols vary in energy: about 4 % standard
         * deviation of the mean over one subframe for 64QAM) */
        double pw = e / len, pw_want = 12.0 * frc.n_rb_alloc / n_fft;
        if (fabs(pw / pw_want - 1) > (frc.qm == 2 ? 0.05 : 0.2))
            fail_msg("%s sf %d: power %.4f, expected %.4f", name, sf, pw, pw_want);
        lte_pusch_grant g;
        memset(&g, 0, sizeof g);
        g.subframe = sf;
        g.rnti = rnti;
        assert_int_equal(lte_ul_frc_ulsch_cfg(&frc, &g.ul), 0);
        lte_sch_harq_reset(h);
        const float complex *rx[1] = {x};
        lte_pusch_rx_result res;
        assert_int_equal(lte_pusch_rx(p, &g, rx, h, tb, NULL, NULL, NULL, &res), 0);
        if (!res.ul.data.crc_ok)
            fail_msg("%s sf %d: CRC fails", name, sf);
        lte_rng r;
        lte_rng_seed_stream(&r, seed, (uint64_t)sf);
        lte_rng_bits(&r, sent, frc.tbs);
        assert_memory_equal(tb, sent, (size_t)frc.tbs);
    }
    free(x);
    free(tb);
    free(sent);
    free(raw);
    lte_sch_harq_destroy(h);
    lte_pusch_destroy(p);
}

static void test_a3_2(void **state)
{
    (void)state;
    round_trip("A3-2", "", 0, 0, 1, 1, 0x3ff);
}

static void test_a4_3(void **state)
{
    (void)state;
    round_trip("A4-3", "--cell-id 17 --rnti 4660 --seed 9", 0, 17, 4660, 9, 0x3ff);
}

static void test_a5_2(void **state)
{
    (void)state;
    round_trip("A5-2", "", 0, 0, 1, 1, 0x3ff);
    round_trip("A5-2", "--cell-id 3", 1, 3, 1, 1, 0x3ff);
}

/* Table A.2-1 (16QAM 2/3, two code blocks at 25 RB) and the one
 * extended-CP channel, A4-2 (10 DFT-OFDM symbols: 12 symbols of 160
 * samples at N_fft 128, the same 1920 samples per subframe). */
static void test_a2_3(void **state)
{
    (void)state;
    round_trip("A2-3", "--seed 5", 0, 0, 1, 5, 0x3ff);
}

static void test_a4_2_extended_cp(void **state)
{
    (void)state;
    round_trip("A4-2", "--cell-id 7", 0, 7, 1, 1, 0x3ff);
    round_trip("A4-2", "", 1, 0, 1, 1, 0x3ff);
}

/* TDD configuration 1: uplink subframes 2, 3, 7, 8 (36.211 Table 4.2-2). */
static void test_tdd(void **state)
{
    (void)state;
    round_trip("A3-2", "--duplex tdd --tdd-config 1", 0, 0, 1, 1,
               (1 << 2) | (1 << 3) | (1 << 7) | (1 << 8));
}

/* 256QAM (36.104 Table A.17-1): 6 RB in one code block, and 25 RB (four
 * code blocks) in TDD and as ci16; the sidecar names the modulation and the
 * lettered TBS row. */
static void test_a17_256qam(void **state)
{
    (void)state;
    round_trip("A17-1", "", 0, 0, 1, 1, 0x3ff);
    round_trip("A17-3", "--duplex tdd --tdd-config 1 --cell-id 11 --seed 3", 1, 11, 1, 3,
               (1 << 2) | (1 << 3) | (1 << 7) | (1 << 8));
    char path[600];
    snprintf(path, sizeof path, "%s/A17-1.cf32.json", tmp);
    long n;
    char *json = tu_slurp(path, &n);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"modulation\": \"256QAM\", \"q_m\": 8"));
    assert_non_null(strstr(json, "\"i_tbs\": \"32A\", \"i_mcs\": -1"));
    free(json);
}

static void test_list_and_errors(void **state)
{
    (void)state;
    char out[16384], path[600];
    assert_int_equal(tu_run(out, sizeof out, "%s waveform --list", bin), 0);
    assert_non_null(strstr(out, "A3-2"));
    assert_non_null(strstr(out, "A4-3"));
    assert_non_null(strstr(out, "A5-2"));
    assert_non_null(strstr(out, "A2-1"));
    assert_non_null(strstr(out, "extended CP"));
    assert_non_null(strstr(out, "A17-6"));
    assert_non_null(strstr(out, "256QAM"));
    snprintf(path, sizeof path, "%s/bad.cf32", tmp);
    assert_int_equal(tu_run(out, sizeof out, "%s waveform --rmc A1-8 --out %s", bin, path), 2);
    assert_non_null(strstr(out, "contiguous"));
    assert_int_equal(tu_run(out, sizeof out, "%s waveform --rmc A2-5 --out %s", bin, path), 2);
    assert_non_null(strstr(out, "A.2-1"));
    assert_int_equal(tu_run(out, sizeof out, "%s waveform --rmc A3-2 --mcs 4 --out %s", bin, path),
                     2);
    assert_non_null(strstr(out, "--mcs"));
    assert_int_equal(tu_run(out, sizeof out, "%s waveform --rmc A3-5 --bw 5 --out %s", bin, path),
                     2);
    assert_int_equal(tu_run(out, sizeof out, "%s waveform --rmc A3-2 --cell-id 999 --out %s", bin,
                            path), 2);
    assert_int_equal(tu_run(out, sizeof out, "%s waveform --rmc A3-2", bin), 2);
    assert_true(tu_file_size(path) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a3_2),
        cmocka_unit_test(test_a4_3),
        cmocka_unit_test(test_a5_2),
        cmocka_unit_test(test_a2_3),
        cmocka_unit_test(test_a4_2_extended_cp),
        cmocka_unit_test(test_tdd),
        cmocka_unit_test(test_a17_256qam),
        cmocka_unit_test(test_list_and_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
