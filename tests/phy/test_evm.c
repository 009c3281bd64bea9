/* Tests of the downlink transmitter analysis (phy/evm.c, ltephy/evm.h;
 * 36.104 §6.5 and Annex E).
 *
 * Expectations come from outside the code under test: a clean waveform of
 * ltephy's own generator has no error; added AWGN of variance N0 per sample
 * gives EVM = sqrt(N0 / Es) (unitary FFT: the noise per RE is N0), Es the
 * mean power of the data REs taken here from the generator's grids; a
 * frequency offset is applied with liquid-dsp's NCO (an independent
 * implementation); the ci16 quantisation error (1/12 LSB^2 per component)
 * and the image of an I/Q gain imbalance (y = x + (g/2) conj(x): the error
 * on subcarrier k is (g/2) conj(a_-k)) are closed forms evaluated here
 * from the grids.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <liquid/liquid.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/evm.h"
#include "ltephy/grid.h"
#include "ltephy/waveform.h"
#include "tests/common/testutil.h"

/* frames of port p of cfg; *n samples (free it) */
static float complex *gen(const lte_wf_cfg *cfg, int port, int frames, size_t *n)
{
    lte_wf *wf = NULL;
    assert_int_equal(lte_wf_create(cfg, &wf), 0);
    int len = lte_wf_subframe_len(wf), P = cfg->cell.n_ports;
    float complex *x = malloc((size_t)frames * 10 * len * sizeof *x), *o[4] = {0};
    assert_non_null(x);
    for (int p = 0; p < P; p++)
        assert_non_null(o[p] = malloc((size_t)len * sizeof(float complex)));
    for (int f = 0; f < frames; f++)
        for (int sf = 0; sf < 10; sf++) {
            assert_int_equal(lte_wf_run(wf, f, sf, o), 0);
            memcpy(x + (size_t)(f * 10 + sf) * len, o[port], (size_t)len * sizeof *x);
        }
    for (int p = 0; p < P; p++)
        free(o[p]);
    lte_wf_destroy(wf);
    *n = (size_t)frames * 10 * len;
    return x;
}

/* Mean |a|^2 over the allocated PDSCH REs of frame 0 (port p) and, in
 * *mirror, the mean |a_-k|^2 over the same REs (the image source). */
static double data_es(const lte_wf_cfg *cfg, int port, double *mirror)
{
    lte_wf *wf = NULL;
    assert_int_equal(lte_wf_create(cfg, &wf), 0);
    double s = 0, m = 0;
    long cnt = 0;
    for (int sf = 0; sf < 10; sf++) {
        assert_int_equal(lte_wf_run(wf, 0, sf, NULL), 0);
        const lte_grid *g = lte_wf_grid(wf);
        for (int l = 0; l < g->n_symb; l++)
            for (int k = 0; k < g->n_sc; k++) {
                int i = l * g->n_sc + k;
                if (g->maps[sf][i] != LTE_RE_PDSCH || !cfg->prb_mod[sf][k / 12])
                    continue;
                float complex a = g->port[port][i];
                float complex b = g->port[port][l * g->n_sc + g->n_sc - 1 - k]; /* -f */
                s += crealf(a * conjf(a));
                m += crealf(b * conjf(b));
                cnt++;
            }
    }
    lte_wf_destroy(wf);
    if (mirror)
        *mirror = m / cnt;
    return s / cnt;
}

static void measure(const lte_evm_cfg *c, const float complex *x, size_t n, lte_evm_result *r)
{
    lte_evm *e = NULL;
    if (lte_evm_create(c, &e) != 0)
        fail_msg("create: %s", lte_errdetail());
    if (lte_evm_run(e, x, n, r) != 0)
        fail_msg("run: %s", lte_errdetail());
    lte_evm_destroy(e);
}

static void model(const char *name, int n_rb, lte_wf_cfg *wc, lte_evm_cfg *ec)
{
    assert_int_equal(lte_wf_model(name, n_rb, wc), 0);
    assert_int_equal(lte_evm_cfg_init(ec, wc), 0);
}

static void add_noise(tu_rng *r, float complex *x, size_t n, double n0)
{
    double s = sqrt(n0 / 2);
    for (size_t i = 0; i < n; i++)
        x[i] += CMPLXF((float)(s * tu_gauss(r)), (float)(s * tu_gauss(r)));
}

/* Clean E-TM3.1 (64QAM) and E-TM1.1 (QPSK) at several bandwidths. */
static void test_clean_models(void **state)
{
    (void)state;
    static const char *names[2] = {"E-TM3.1", "E-TM1.1"};
    static const int rbs[4] = {6, 25, 50, 100};
    static const int mi[2] = {2, 0};
    for (int m = 0; m < 2; m++)
        for (int b = 0; b < 4; b++) {
            lte_wf_cfg wc;
            lte_evm_cfg ec;
            model(names[m], rbs[b], &wc, &ec);
            size_t n;
            float complex *x = gen(&wc, 0, 1, &n);
            lte_evm_result r;
            measure(&ec, x, n, &r);
            if (!(r.evm_pct[mi[m]] >= 0 && r.evm_pct[mi[m]] < 0.1) || fabs(r.freq_error_hz) > 0.1 ||
                r.timing_samples != 0 || !r.pass)
                fail_msg("%s %d RB: evm %g %% f %g Hz timing %ld pass %d", names[m], rbs[b],
                         r.evm_pct[mi[m]], r.freq_error_hz, r.timing_samples, r.pass);
            assert_int_equal(r.subframes, 10);
            /* the CRS are at crs_db (0 dB) on the waveform's RE scale */
            assert_true(fabs(r.rstp_db - wc.crs_db) < 0.01);
            for (int k = 0; k < LTE_EVM_NMOD; k++)
                if (k != mi[m])
                    assert_true(r.evm_pct[k] < 0);
            free(x);
        }
}

/* ci16 (value / 32768 when read, iq.h) with the scale of `ltephy waveform`:
 * the rounding error is uniform over one LSB per component, 1/6 LSB^2 per
 * complex sample and so per RE, against Es (scale / 32768)^2. */
static void test_ci16_quantisation(void **state)
{
    (void)state;
    lte_wf_cfg wc;
    lte_evm_cfg ec;
    model("E-TM3.1", 50, &wc, &ec);
    size_t n;
    float complex *x = gen(&wc, 0, 1, &n);
    double scale = 32767.0 * pow(10.0, -12.0 / 20.0) * sqrt(1024.0 / 600.0);
    for (size_t i = 0; i < n; i++) {
        float re = fminf(fmaxf(rintf(crealf(x[i]) * (float)scale), -32768), 32767);
        float im = fminf(fmaxf(rintf(cimagf(x[i]) * (float)scale), -32768), 32767);
        x[i] = CMPLXF(re / 32768.0f, im / 32768.0f);
    }
    double es = data_es(&wc, 0, NULL), q = sqrt(1.0 / 6.0) / (scale * sqrt(es));
    lte_evm_result r;
    measure(&ec, x, n, &r);
    if (!(r.evm_pct[2] < 110.0 * q && r.evm_pct[2] > 70.0 * q))
        fail_msg("ci16 evm %g %%, quantisation %g %%", r.evm_pct[2], 100 * q);
    free(x);
}

/* AWGN: EVM = sqrt(N0 / Es) within 1.5 % (the spread over seeds is about
 * 0.5 %). The equaliser's own noise adds (Es / E_RS) / (20 x 19) to EVM^2
 * in the middle of the band (20 CRS per subcarrier per 10 subframes, 19 in
 * the frequency average of Annex E.6), about 0.2 % to EVM with the
 * shortened edge windows; without the frequency average it would be 2.5 %,
 * so this also checks that average. */
static void test_awgn(void **state)
{
    (void)state;
    lte_wf_cfg wc;
    lte_evm_cfg ec;
    model("E-TM3.1", 25, &wc, &ec);
    size_t n;
    float complex *clean = gen(&wc, 0, 2, &n), *x = malloc(n * sizeof *x);
    double es = data_es(&wc, 0, NULL);
    tu_rng rng;
    tu_rng_seed(&rng, 77);
    for (int snr = 20; snr <= 40; snr += 10) {
        memcpy(x, clean, n * sizeof *x);
        double n0 = es * pow(10.0, -snr / 10.0), want = 100.0 * sqrt(n0 / es);
        add_noise(&rng, x, n, n0);
        lte_evm_result r;
        measure(&ec, x, n, &r);
        if (fabs(r.evm_pct[2] / want - 1) > 0.015)
            fail_msg("SNR %d dB: evm %g %%, expected %g %%", snr, r.evm_pct[2], want);
        assert_int_equal(r.subframes, 20);
        assert_int_equal(r.blocks, 2);
    }
    free(x);
    free(clean);
}

/* Frequency offsets applied with liquid-dsp's NCO. */
static void test_frequency_offset(void **state)
{
    (void)state;
    lte_wf_cfg wc;
    lte_evm_cfg ec;
    model("E-TM3.1", 25, &wc, &ec);
    ec.carrier_hz = 2.0e9;
    size_t n;
    float complex *clean = gen(&wc, 0, 2, &n), *x = malloc(n * sizeof *x);
    static const double fo[3] = {100, 1000, -3000};
    for (int t = 0; t < 3; t++) {
        nco_crcf q = nco_crcf_create(LIQUID_VCO);
        nco_crcf_set_frequency(q, (float)(2 * M_PI * fo[t] / 7.68e6));
        for (size_t i = 0; i < n; i++) {
            nco_crcf_mix_up(q, clean[i], &x[i]);
            nco_crcf_step(q);
        }
        nco_crcf_destroy(q);
        lte_evm_result r;
        measure(&ec, x, n, &r);
        if (fabs(r.freq_error_hz - fo[t]) > 1 || !(r.evm_pct[2] < 1.0))
            fail_msg("offset %g Hz: estimate %g Hz, evm %g %%", fo[t], r.freq_error_hz,
                     r.evm_pct[2]);
        /* ppm over the 2 GHz carrier: 1 Hz is 0.0005 ppm */
        assert_true(fabs(r.freq_error_ppm - fo[t] / 2000.0) < 0.0005);
    }
    free(x);
    free(clean);
}

/* A file starting mid-frame; then gain and phase on a noisy signal. */
static void test_timing_gain_phase(void **state)
{
    (void)state;
    lte_wf_cfg wc;
    lte_evm_cfg ec;
    model("E-TM1.1", 25, &wc, &ec);
    size_t n;
    float complex *x = gen(&wc, 0, 2, &n);
    const size_t cut = 12345, L = 76800;
    lte_evm_result r, r2;
    lte_evm *e = NULL;
    assert_int_equal(lte_evm_create(&ec, &e), 0); /* kept: r.sf points into it */
    assert_int_equal(lte_evm_run(e, x + cut, n - cut, &r), 0);
    assert_int_equal(r.timing_samples, (long)(L - cut));
    assert_true(r.evm_pct[0] >= 0 && r.evm_pct[0] < 0.1);
    assert_true(fabs(r.freq_error_hz) < 0.1);
    /* subframes 1..9 of frame 0 (the cut falls in subframe 1 at 7680 samples
     * per subframe: 12345 -> subframes 2..9 whole) and 0..9 of frame 1 */
    assert_int_equal(r.subframes, 18);
    assert_int_equal(r.sf[0].frame, 0);
    assert_int_equal(r.sf[0].subframe, 2);
    assert_int_equal(r.sf[8].frame, 1);
    assert_int_equal(r.sf[8].subframe, 0);
    assert_int_equal(r.sf[8].start, (long)(L - cut));
    lte_evm_destroy(e);
    tu_rng rng;
    tu_rng_seed(&rng, 5);
    add_noise(&rng, x, n, 1e-3);
    measure(&ec, x, n, &r);
    const float complex gph = 0.5f * cexpf(1.1f * I);
    for (size_t i = 0; i < n; i++)
        x[i] *= gph;
    measure(&ec, x, n, &r2);
    if (fabs(r2.evm_pct[0] / r.evm_pct[0] - 1) > 1e-3)
        fail_msg("gain/phase changed EVM %g -> %g", r.evm_pct[0], r2.evm_pct[0]);
    assert_true(fabs(r2.rstp_db - r.rstp_db - 20 * log10(0.5)) < 1e-3);
    assert_true(fabs(r2.ostp_db - r.ostp_db - 20 * log10(0.5)) < 1e-3);
    free(x);
}

/* I gain 1 + g/2, Q gain 1 - g/2: y = x + (g/2) conj(x). */
static void test_iq_gain_imbalance(void **state)
{
    (void)state;
    lte_wf_cfg wc;
    lte_evm_cfg ec;
    model("E-TM3.1", 50, &wc, &ec);
    size_t n;
    float complex *x = gen(&wc, 0, 1, &n);
    const double g = 0.06;
    for (size_t i = 0; i < n; i++)
        x[i] = CMPLXF((float)((1 + g / 2) * crealf(x[i])), (float)((1 - g / 2) * cimagf(x[i])));
    double mirror, es = data_es(&wc, 0, &mirror);
    double want = 100.0 * fabs(g / 2) * sqrt(mirror / es);
    lte_evm_result r;
    measure(&ec, x, n, &r);
    if (fabs(r.evm_pct[2] / want - 1) > 0.10)
        fail_msg("imbalance %g: evm %g %%, expected %g %%", g, r.evm_pct[2], want);
    free(x);
}

/* Decision-directed equals data-aided at 30 dB (64QAM; and E-TM3.2's mixed,
 * boosted PRBs, whose EPRE the decisions use). */
static void test_decide(void **state)
{
    (void)state;
    static const char *names[2] = {"E-TM3.1", "E-TM3.2"};
    for (int m = 0; m < 2; m++) {
        lte_wf_cfg wc;
        lte_evm_cfg ec;
        model(names[m], 50, &wc, &ec);
        size_t n;
        float complex *x = gen(&wc, 0, 1, &n);
        tu_rng rng;
        tu_rng_seed(&rng, 9 + m);
        add_noise(&rng, x, n, 1e-3);
        lte_evm_result ra, rd;
        measure(&ec, x, n, &ra);
        ec.decide = 1;
        measure(&ec, x, n, &rd);
        int seen = 0;
        for (int k = 0; k < LTE_EVM_NMOD; k++) {
            if (ra.evm_pct[k] < 0) {
                assert_true(rd.evm_pct[k] < 0);
                continue;
            }
            seen++;
            if (fabs(rd.evm_pct[k] / ra.evm_pct[k] - 1) > 0.01)
                fail_msg("%s mod %d: decided %g %%, data-aided %g %%", names[m], k,
                         rd.evm_pct[k], ra.evm_pct[k]);
        }
        assert_true(seen >= 1);
        assert_int_equal(rd.timing_samples, 0);
        assert_true(fabs(rd.freq_error_hz) < 0.1);
        free(x);
    }
}

/* Two ports (R.10, transmit diversity): each port measured alone. */
static void test_two_ports(void **state)
{
    (void)state;
    lte_wf_cfg wc;
    lte_evm_cfg ec;
    assert_int_equal(lte_wf_rmc("R.10", &wc), 0);
    assert_int_equal(lte_evm_cfg_init(&ec, &wc), 0);
    for (int p = 0; p < 2; p++) {
        size_t n;
        float complex *x = gen(&wc, p, 2, &n); /* the TBs differ per frame */
        ec.port = p;
        lte_evm_result r;
        measure(&ec, x, n, &r);
        int seen = 0;
        for (int k = 0; k < LTE_EVM_NMOD; k++)
            if (r.evm_pct[k] >= 0) {
                seen++;
                assert_true(r.evm_pct[k] < 0.1);
            }
        assert_true(seen == 1 && r.pass);
        assert_true(fabs(r.freq_error_hz) < 0.1);
        /* decisions at the transmit-diversity amplitude 1/sqrt(2) per port
         * (36.211 §6.3.4.3) equal the data-aided value at 30 dB */
        tu_rng rng;
        tu_rng_seed(&rng, 21 + p);
        add_noise(&rng, x, n, 1e-3 / 2);
        lte_evm_result ra, rd;
        measure(&ec, x, n, &ra);
        ec.decide = 1;
        measure(&ec, x, n, &rd);
        ec.decide = 0;
        if (fabs(rd.evm_pct[0] / ra.evm_pct[0] - 1) > 0.01)
            fail_msg("port %d: decided %g %%, data-aided %g %%", p, rd.evm_pct[0], ra.evm_pct[0]);
        free(x);
    }
}

/* TDD (configuration 1, special subframe 7: DwPTS measured too) cut
 * mid-frame, and extended CP with a given window (its table is not
 * available). */
static void test_tdd_and_extended_cp(void **state)
{
    (void)state;
    lte_wf_cfg wc;
    lte_evm_cfg ec;
    model("E-TM3.1", 25, &wc, &ec);
    ec.wf.cell.duplex = wc.cell.duplex = LTE_TDD;
    ec.wf.cell.tdd_config = wc.cell.tdd_config = 1;
    ec.wf.cell.ssf_config = wc.cell.ssf_config = 7;
    size_t n;
    float complex *x = gen(&wc, 0, 2, &n);
    lte_evm_result r;
    measure(&ec, x + 1000, n - 1000, &r);
    assert_int_equal(r.timing_samples, 76800 - 1000);
    assert_true(r.evm_pct[2] >= 0 && r.evm_pct[2] < 0.1);
    assert_true(fabs(r.freq_error_hz) < 0.1);
    /* 6 downlink + special subframes a frame (D S U U D D S U U D), minus
     * subframe 0 of frame 0 that the cut removed */
    assert_int_equal(r.subframes, 11);
    free(x);
    lte_wf_cfg_init(&wc);
    wc.cell.n_rb = 25;
    wc.cell.cp = LTE_CP_EXTENDED;
    assert_int_equal(lte_wf_cfg_set_prbs(&wc, 0, 25, LTE_MOD_256QAM, 0), 0);
    assert_int_equal(lte_evm_cfg_init(&ec, &wc), 0);
    ec.window_w = 100; /* of the 128-sample extended CP at 5 MHz */
    x = gen(&wc, 0, 1, &n);
    measure(&ec, x, n, &r);
    assert_int_equal(r.window_w, 100);
    assert_true(r.evm_pct[3] >= 0 && r.evm_pct[3] < 0.1 && r.pass);
    free(x);
}

static void test_arguments_and_tables(void **state)
{
    (void)state;
    lte_wf_cfg wc;
    lte_evm_cfg ec;
    lte_evm *e = NULL;
    int w;
    /* 36.101 Table F.5.3-1 */
    static const int rb[6] = {6, 15, 25, 50, 75, 100}, tw[6] = {5, 12, 32, 66, 102, 136};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(lte_evm_window_table(rb[i], LTE_CP_NORMAL, &w), 0);
        assert_int_equal(w, tw[i]);
    }
    assert_int_equal(lte_evm_window_table(50, LTE_CP_EXTENDED, &w), LTE_EUNSUPPORTED);
    assert_true(lte_evm_limit_pct(LTE_MOD_QPSK) == 17.5f);
    assert_true(lte_evm_limit_pct(LTE_MOD_16QAM) == 12.5f);
    assert_true(lte_evm_limit_pct(LTE_MOD_64QAM) == 8.0f);
    assert_true(lte_evm_limit_pct(LTE_MOD_256QAM) == 3.5f);
    model("E-TM3.1", 6, &wc, &ec);
    ec.port = 1;
    assert_int_equal(lte_evm_create(&ec, &e), LTE_EINVAL);
    ec.port = 0;
    ec.window_w = 10; /* > the 9-sample CP at 1.4 MHz */
    assert_int_equal(lte_evm_create(&ec, &e), LTE_EINVAL);
    ec.window_w = 0;
    ec.wf.cell.cp = LTE_CP_EXTENDED;
    assert_int_equal(lte_evm_create(&ec, &e), LTE_EUNSUPPORTED);
    ec.wf.cell.cp = LTE_CP_NORMAL;
    assert_int_equal(lte_evm_create(&ec, &e), 0);
    float complex *x = calloc(19200, sizeof *x);
    lte_evm_result r;
    assert_int_equal(lte_evm_run(e, x, 1919, &r), LTE_EINVAL);
    tu_rng rng;
    tu_rng_seed(&rng, 3);
    add_noise(&rng, x, 19200, 1.0);
    assert_int_equal(lte_evm_run(e, x, 19200, &r), LTE_ENOTFOUND);
    lte_evm_destroy(e);
    lte_evm_destroy(NULL);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arguments_and_tables),
        cmocka_unit_test(test_clean_models),
        cmocka_unit_test(test_ci16_quantisation),
        cmocka_unit_test(test_awgn),
        cmocka_unit_test(test_frequency_offset),
        cmocka_unit_test(test_timing_gain_phase),
        cmocka_unit_test(test_iq_gain_imbalance),
        cmocka_unit_test(test_decide),
        cmocka_unit_test(test_two_ports),
        cmocka_unit_test(test_tdd_and_extended_cp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
