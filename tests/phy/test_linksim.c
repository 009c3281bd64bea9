/* Tests of the PDSCH link simulator (ltephy/linksim.h):
 *  - the SNR definition, measured on the demodulated grid: signal energy
 *    per PDSCH RE and noise energy per RE at each receive antenna, from the
 *    same transport block sent once without and once with noise;
 *  - the perfect channel equals the channel the waveform went through
 *    (noiseless received grid = H X on the PDSCH REs) for a fading channel,
 *    and the CRS estimate comes close to it at high SNR;
 *  - BLER 0 at high SNR and 1 at very low SNR (TM1, AWGN, perfect and
 *    estimated channel), and transmit diversity / spatial multiplexing
 *    decoding at high SNR;
 *  - HARQ: near the BLER-0.5 point the residual BLER after 4 transmissions
 *    is below the first-transmission BLER;
 *  - the result of a transport block does not depend on which object runs
 *    it or in which order (what makes the CLI thread-invariant);
 *  - bad configurations are refused;
 *  - closed-loop TM4 (pmi_feedback): the codebook of each transmission is
 *    the one a rank-1 capacity search written here picks on the true
 *    channel of subframe n - pmi_delay (the fixed codebook before it);
 *    2x2 rank 1 over EPA5 at 4 dB has fewer first-transmission errors than
 *    every fixed codebook, by more than 4 standard deviations of a paired
 *    sign test; order invariance with estimated channel;
 *  - PUSCH (cfg.link = LTE_LINKSIM_PUSCH): the SNR definition measured the
 *    same way on the SC-FDMA-demodulated grid, the perfect channel against
 *    the waveform (noiseless grid = H X on the allocation) and the DMRS
 *    estimate against it, BLER 0 / 1 at the ends of the SNR range with both
 *    receivers, HARQ accounting, order invariance;
 *  - reference-channel settings: TBS override, a TBS of its own in
 *    subframe 0, skipped subframes, and the maximum throughput they give.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/dlphy.h"
#include "ltephy/error.h"
#include "ltephy/linksim.h"
#include "ltephy/tables.h"
#include "tests/common/testutil.h"

static lte_linksim_cfg base_cfg(int n_rb, int mcs, int estimated)
{
    lte_linksim_cfg c;
    lte_linksim_cfg_init(&c);
    c.cell.n_rb = n_rb;
    c.mcs = mcs;
    c.chest_estimated = estimated;
    c.seed = 77;
    return c;
}

/* The SNR definition (docs/sim.md): per RE and receive antenna, relative to
 * the transmitted energy per RE. Compares the run at snr_db with the
 * noiseless run (clean) over the selected REs (sel != 0) and over all REs;
 * tol_all is the tolerance of the all-RE noise energy. */
static void check_snr(const lte_linksim *ls, float complex *const clean[2], int n_re,
                      const uint8_t *sel, double snr_db, double tol_all)
{
    const double n0 = pow(10.0, -snr_db / 10.0);
    for (int r = 0; r < 2; r++) {
        const float complex *y = lte_linksim_rx_grid(ls, r);
        double es = 0, ns = 0, nall = 0;
        int n_sel = 0;
        for (int i = 0; i < n_re; i++) {
            double e = cabs(y[i] - clean[r][i]);
            nall += e * e;
            if (sel[i]) {
                es += cabs(clean[r][i]) * cabs(clean[r][i]);
                ns += e * e;
                n_sel++;
            }
        }
        es /= n_sel;
        ns /= n_sel;
        nall /= n_re;
        assert_true(fabs(es - 1.0) < 0.05);
        assert_true(fabs(ns / n0 - 1.0) < 0.07);
        assert_true(fabs(nall / n0 - 1.0) < tol_all);
        assert_true(fabs(10 * log10(es / ns) - snr_db) < 0.35);
    }
    /* the perfect receiver is told the true n0 */
    assert_true(fabsf(lte_linksim_rx_n0(ls) - (float)n0) < 1e-6f * (float)n0 + 1e-9f);
}

static void test_snr_definition(void **state)
{
    (void)state;
    lte_linksim_cfg c = base_cfg(25, 13, 0);
    c.n_rx = 2;
    c.harq_max = 1;
    lte_linksim *ls;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    const lte_grid *g = lte_linksim_tx_grid(ls);
    const int n_re = g->n_re;
    float complex *clean[2];
    lte_linksim_result res;
    assert_int_equal(lte_linksim_run_tb(ls, INFINITY, 3, &res), 0);
    assert_int_equal(res.acked_at[0], 0);
    for (int r = 0; r < 2; r++) {
        clean[r] = malloc(sizeof(float complex) * (size_t)n_re);
        memcpy(clean[r], lte_linksim_rx_grid(ls, r), sizeof(float complex) * (size_t)n_re);
    }
    const double snr_db[2] = {10.0, -3.0};
    uint8_t *sel = malloc((size_t)n_re);
    for (int s = 0; s < 2; s++) {
        assert_int_equal(lte_linksim_run_tb(ls, snr_db[s], 3, &res), 0);
        g = lte_linksim_tx_grid(ls);
        for (int i = 0; i < n_re; i++)
            sel[i] = g->map[i] == LTE_RE_PDSCH;
        /* 16QAM: |x|^2 has variance 0.32, ~3500 REs: sigma(es) ~ 1%;
         * noise energy: sigma ~ 1/sqrt(3500) = 1.7% */
        check_snr(ls, clean, n_re, sel, snr_db[s], 0.06);
    }
    free(sel);
    for (int r = 0; r < 2; r++)
        free(clean[r]);
    lte_linksim_destroy(ls);
}

/* With fading and no noise, the received grid must be H X on the PDSCH REs
 * (up to the ICI of a channel that moves within a symbol and the
 * interpolation filter), X the transmitted grid: checks the analytic
 * perfect channel against the waveform. Then the CRS estimate at 30 dB
 * must be close to that H. */
static void test_perfect_channel_matches_waveform(void **state)
{
    (void)state;
    lte_linksim_cfg c = base_cfg(25, 4, 0);
    c.channel = LTE_LINKSIM_EVA70;
    c.cell.n_ports = 2;
    c.tm = 2;
    c.n_rx = 2;
    c.harq_max = 1;
    lte_linksim *ls;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    lte_linksim_result res;
    assert_int_equal(lte_linksim_run_tb(ls, INFINITY, 5, &res), 0);
    assert_int_equal(res.acked_at[0], 0);
    const lte_grid *g = lte_linksim_tx_grid(ls);
    double err = 0, sig = 0;
    for (int r = 0; r < 2; r++) {
        const float complex *y = lte_linksim_rx_grid(ls, r);
        for (int i = 0; i < g->n_re; i++) {
            if (g->map[i] != LTE_RE_PDSCH)
                continue;
            float complex hx = 0;
            for (int p = 0; p < 2; p++)
                hx += lte_linksim_rx_channel(ls, r, p)[i] * g->port[p][i];
            err += cabs(y[i] - hx) * cabs(y[i] - hx);
            sig += cabs(hx) * cabs(hx);
        }
    }
    assert_true(sig > 0);
    assert_true(10 * log10(err / sig) < -30.0);
    const int n_re = g->n_re;
    lte_linksim_destroy(ls);

    /* estimated channel at 30 dB against the truth of the same subframe */
    c.chest_estimated = 1;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    assert_int_equal(lte_linksim_run_tb(ls, 30.0, 5, &res), 0);
    float complex *ht[4];
    for (int i = 0; i < 4; i++)
        ht[i] = malloc(sizeof(float complex) * (size_t)n_re);
    assert_int_equal(lte_linksim_true_channel(ls, lte_linksim_subframe(ls, 5, 0), ht), 0);
    g = lte_linksim_tx_grid(ls);
    err = sig = 0;
    for (int r = 0; r < 2; r++)
        for (int p = 0; p < 2; p++) {
            const float complex *he = lte_linksim_rx_channel(ls, r, p);
            for (int i = 0; i < g->n_re; i++)
                if (g->map[i] == LTE_RE_PDSCH) {
                    err += cabs(he[i] - ht[r * 2 + p][i]) * cabs(he[i] - ht[r * 2 + p][i]);
                    sig += cabs(ht[r * 2 + p][i]) * cabs(ht[r * 2 + p][i]);
                }
        }
    /* linear interpolation of EVA (2.5 us) over 6-subcarrier pilot spacing
     * and noise 30 dB down: well under -15 dB */
    assert_true(10 * log10(err / sig) < -15.0);
    for (int i = 0; i < 4; i++)
        free(ht[i]);
    lte_linksim_destroy(ls);
}

/* Run n transport blocks; count first-transmission and residual errors. */
static void run_n(lte_linksim *ls, double snr, int n, int *first_err, int *resid_err,
                  long *bits, long *tx)
{
    *first_err = *resid_err = 0;
    *bits = *tx = 0;
    for (int i = 0; i < n; i++) {
        lte_linksim_result r;
        assert_int_equal(lte_linksim_run_tb(ls, snr, i, &r), 0);
        for (int q = 0; q < r.n_cw; q++) {
            *first_err += r.acked_at[q] != 0;
            *resid_err += r.acked_at[q] < 0;
        }
        *bits += r.bits;
        *tx += r.n_tx;
    }
}

static void test_bler_extremes_tm1_awgn(void **state)
{
    (void)state;
    for (int est = 0; est < 2; est++) {
        lte_linksim_cfg c = base_cfg(25, 13, est);
        lte_linksim *ls;
        assert_int_equal(lte_linksim_create(&c, &ls), 0);
        lte_linksim_info info;
        assert_int_equal(lte_linksim_info_get(ls, &info), 0);
        /* MCS 13: 16QAM, I_TBS 12 (Table 7.1.7.1-1); TBS from Table 7.1.7.2.1-1 */
        int tbs;
        assert_int_equal(lte_tbs(12, 25, &tbs), 0);
        assert_int_equal(info.tbs[0], tbs);
        assert_int_equal(info.q_m[0], 4);
        int fe, re;
        long bits, tx;
        run_n(ls, 25.0, 10, &fe, &re, &bits, &tx);
        assert_int_equal(fe, 0);
        assert_int_equal(tx, 10);
        assert_int_equal(bits, 10L * tbs);
        /* at 10 dB the receiver's n0 is the true one, or the CRS estimate
         * of it (AWGN: within 20 %) */
        run_n(ls, 10.0, 1, &fe, &re, &bits, &tx);
        assert_true(fabsf(lte_linksim_rx_n0(ls) / 0.1f - 1.0f) < (est ? 0.2f : 1e-5f));
        run_n(ls, -10.0, 6, &fe, &re, &bits, &tx);
        assert_int_equal(fe, 6);
        assert_int_equal(re, 6);
        assert_int_equal(tx, 6 * 4);
        assert_int_equal(bits, 0);
        lte_linksim_destroy(ls);
    }
}

/* TM2 (SFBC, 2 and 4 ports), TM3 (large-delay CDD, 2 codewords) and TM4
 * (rank 2) decode without error at high SNR over a fading channel. */
static void test_mimo_high_snr(void **state)
{
    (void)state;
    static const struct { int tm, ports, layers, rx; lte_linksim_chan ch; } cases[] = {
        {2, 2, 0, 1, LTE_LINKSIM_EPA5}, {2, 4, 0, 2, LTE_LINKSIM_EVA70},
        {3, 2, 2, 2, LTE_LINKSIM_AWGN}, {4, 2, 2, 2, LTE_LINKSIM_AWGN},
        {1, 1, 0, 2, LTE_LINKSIM_ETU70},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        lte_linksim_cfg c = base_cfg(15, 9, 1);
        c.tm = cases[k].tm;
        c.cell.n_ports = cases[k].ports;
        c.n_layers = cases[k].layers;
        c.n_rx = cases[k].rx;
        c.channel = cases[k].ch;
        c.harq_max = 1;
        lte_linksim *ls;
        assert_int_equal(lte_linksim_create(&c, &ls), 0);
        lte_linksim_info info;
        lte_linksim_info_get(ls, &info);
        int fe, re;
        long bits, tx;
        run_n(ls, 35.0, 3, &fe, &re, &bits, &tx);
        if (fe)
            print_error("case %zu: %d errors\n", k, fe);
        assert_int_equal(fe, 0);
        assert_int_equal(bits, 3L * (info.tbs[0] + (info.n_cw > 1 ? info.tbs[1] : 0)));
        lte_linksim_destroy(ls);
    }
}

/* Near the BLER-0.5 point of the first transmission, HARQ with 4
 * transmissions (rv 0, 2, 3, 1, soft combining) leaves fewer errors and
 * delivers more bits than the first transmissions alone. The point is
 * searched for, not assumed. */
static void test_harq_gain(void **state)
{
    (void)state;
    lte_linksim_cfg c = base_cfg(25, 13, 0);
    lte_linksim *ls;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    const int n = 40;
    int found = 0;
    /* the turbo code's waterfall is steep: 0.25 dB steps */
    for (double snr = 3.0; snr <= 9.0 && !found; snr += 0.25) {
        int fe, re;
        long bits, tx;
        run_n(ls, snr, n, &fe, &re, &bits, &tx);
        if (fe < n / 10 || fe > n * 9 / 10)
            continue;
        found = 1;
        lte_linksim_info info;
        lte_linksim_info_get(ls, &info);
        assert_true(re < fe);
        assert_true(bits > (long)(n - fe) * info.tbs[0]);
        assert_true(tx > n && tx <= 4L * n);
    }
    assert_true(found);
    lte_linksim_destroy(ls);
}

/* A transport block's result depends only on (configuration, seed, index,
 * SNR): two objects, opposite orders, same results. */
static void test_order_invariance(void **state)
{
    (void)state;
    lte_linksim_cfg c = base_cfg(6, 15, 1);
    c.channel = LTE_LINKSIM_EPA5;
    lte_linksim *a, *b;
    assert_int_equal(lte_linksim_create(&c, &a), 0);
    assert_int_equal(lte_linksim_create(&c, &b), 0);
    lte_linksim_result ra[8], rb[8];
    for (int i = 0; i < 8; i++)
        assert_int_equal(lte_linksim_run_tb(a, 7.0, i, &ra[i]), 0);
    for (int i = 7; i >= 0; i--)
        assert_int_equal(lte_linksim_run_tb(b, 7.0, i, &rb[i]), 0);
    for (int i = 0; i < 8; i++) {
        assert_int_equal(ra[i].n_tx, rb[i].n_tx);
        assert_int_equal(ra[i].acked_at[0], rb[i].acked_at[0]);
        assert_int_equal(ra[i].bits, rb[i].bits);
    }
    lte_linksim_destroy(a);
    lte_linksim_destroy(b);
}

/* ---- closed-loop TM4 ----------------------------------------------------------- */

static lte_linksim_cfg cl_cfg(void)
{
    lte_linksim_cfg c = base_cfg(6, 15, 0);
    c.tm = 4;
    c.cell.n_ports = 2;
    c.n_rx = 2;
    c.n_layers = 1;
    c.channel = LTE_LINKSIM_EPA5;
    c.corr = LTE_CORR_LOW;
    c.harq_max = 1;
    c.frame_stride = 20; /* more independent fades per block count */
    return c;
}

/* The rank-1 choice from the true channel of subframe m, written here:
 * argmax over w = [1, s]/sqrt2, s = 1, -1, j, -j (36.211 Table 6.3.4.2.3-1)
 * of sum log2(1 + |H w|^2 / n0) over subcarriers 3 and 9 of each PRB in
 * symbols 3 and 10 (the REs csi.h samples by default). */
static int model_pmi(lte_linksim *ls, int64_t m, double n0, float complex **h)
{
    assert_int_equal(lte_linksim_true_channel(ls, m, h), 0);
    static const double complex s[4] = {1, -1, I, -I};
    double best = -1;
    int arg = -1;
    for (int i = 0; i < 4; i++) {
        double sum = 0;
        for (int l = 3; l < 14; l += 7)
            for (int k = 3; k < 72; k += 6) {
                double g = 0;
                for (int r = 0; r < 2; r++) {
                    double complex y = (h[r * 2][l * 72 + k] + s[i] * h[r * 2 + 1][l * 72 + k]) *
                                       M_SQRT1_2;
                    g += creal(y * conj(y));
                }
                sum += log2(1 + g / n0);
            }
        if (sum > best)
            best = sum, arg = i;
    }
    return arg;
}

static void test_closed_loop_pmi(void **state)
{
    (void)state;
    lte_linksim_cfg c = cl_cfg();
    c.pmi_feedback = 1;
    c.pmi_delay = 5;
    c.codebook = 3;
    lte_linksim *ls, *probe;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    assert_int_equal(lte_linksim_create(&c, &probe), 0);
    float complex *h[4];
    for (int i = 0; i < 4; i++)
        h[i] = calloc(14 * 72, sizeof *h[i]);
    const double snr = 4.0, n0 = pow(10.0, -snr / 10);
    int seen[4] = {0};
    for (int64_t tb = 0; tb < 60; tb++) {
        lte_linksim_result r;
        assert_int_equal(lte_linksim_run_tb(ls, snr, tb, &r), 0);
        int64_t n = lte_linksim_subframe(ls, tb, 0);
        int want = n - c.pmi_delay < 0 ? c.codebook : model_pmi(probe, n - c.pmi_delay, n0, h);
        assert_int_equal(r.codebook[0], want);
        seen[want]++;
    }
    assert_true(seen[0] + seen[1] + seen[2] > 0 && seen[3] > 0); /* not one constant */
    /* fixed codebook: every transmission uses cfg.codebook */
    lte_linksim_destroy(ls);
    c.pmi_feedback = 0;
    c.codebook = 2;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    for (int64_t tb = 0; tb < 4; tb++) {
        lte_linksim_result r;
        assert_int_equal(lte_linksim_run_tb(ls, snr, tb, &r), 0);
        assert_int_equal(r.codebook[0], 2);
    }
    for (int i = 0; i < 4; i++)
        free(h[i]);
    lte_linksim_destroy(ls);
    lte_linksim_destroy(probe);
}

/* First-transmission errors of blocks 0..n-1, as bits in err[]. */
static int count_errors(const lte_linksim_cfg *c, double snr, int n, uint8_t *err)
{
    lte_linksim *ls;
    assert_int_equal(lte_linksim_create(c, &ls), 0);
    int e = 0;
    for (int i = 0; i < n; i++) {
        lte_linksim_result r;
        assert_int_equal(lte_linksim_run_tb(ls, snr, i, &r), 0);
        err[i] = r.acked_at[0] != 0;
        e += err[i];
    }
    lte_linksim_destroy(ls);
    return e;
}

/* 2x2, rank 1, EPA5 low correlation, MCS 15 on 6 PRBs at 4 dB, perfect
 * channel, the report 8 subframes old: the closed loop beats every fixed
 * codebook. Same transport blocks and noise in every run (common random
 * numbers), so the paired sign test applies: with b blocks that only the
 * fixed codebook fails and a blocks that only the loop fails, the loop must
 * win by b - a > 4 sqrt(a + b). */
static void test_closed_loop_gain(void **state)
{
    (void)state;
    enum { N = 400 };
    uint8_t e_fb[N], e_fx[N];
    lte_linksim_cfg c = cl_cfg();
    c.pmi_feedback = 1;
    int n_fb = count_errors(&c, 4.0, N, e_fb);
    c.pmi_feedback = 0;
    for (int cb = 0; cb < 4; cb++) {
        c.codebook = cb;
        int n_fx = count_errors(&c, 4.0, N, e_fx), a = 0, b = 0;
        for (int i = 0; i < N; i++) {
            a += e_fb[i] && !e_fx[i];
            b += e_fx[i] && !e_fb[i];
        }
        print_message("codebook %d: %d/%d errors, closed loop %d/%d (only fixed %d, only "
                      "loop %d)\n", cb, n_fx, N, n_fb, N, b, a);
        assert_true(b - a > 4.0 * sqrt((double)(a + b)));
    }
}

/* Adaptive Wiener estimation (chest_adapt, chest.h cfg.adapt) in ETU70 with
 * 2 receive antennas: 5 MHz, MCS 16, 8 dB, 1 transmission, the same 300
 * blocks and noise in each run. The fixed Wiener filter is built for the
 * channel model's true rms delay spread (991 ns) and 20 dB; the adaptive one
 * estimates both per subframe. Paired sign tests (as test_closed_loop_gain):
 * with b blocks that only the other filter fails and a that only the
 * adaptive one fails, the adaptive filter must win by b - a > 4 sqrt(a + b)
 * against linear interpolation and b - a > 2 sqrt(a + b) against the fixed
 * Wiener filter. */
static void test_chest_adapt(void **state)
{
    (void)state;
    enum { N = 300 };
    static uint8_t e_ad[N], e_ref[N];
    lte_linksim_cfg c = base_cfg(25, 16, 1);
    c.channel = LTE_LINKSIM_ETU70;
    c.n_rx = 2;
    c.harq_max = 1;
    c.chest_freq = LTE_CHEST_FREQ_WIENER;
    c.chest_adapt = 1;
    int n_ad = count_errors(&c, 8.0, N, e_ad);
    for (int ref = 0; ref < 2; ref++) {
        c.chest_adapt = 0;
        c.chest_freq = ref ? LTE_CHEST_FREQ_LINEAR : LTE_CHEST_FREQ_WIENER;
        int n_ref = count_errors(&c, 8.0, N, e_ref), a = 0, b = 0;
        for (int i = 0; i < N; i++) {
            a += e_ad[i] && !e_ref[i];
            b += e_ref[i] && !e_ad[i];
        }
        print_message("ETU70 2 rx 8 dB: errors adaptive %d, %s %d of %d (only %s %d, only "
                      "adaptive %d)\n", n_ad, ref ? "linear" : "fixed Wiener", n_ref, N,
                      ref ? "linear" : "fixed", b, a);
        assert_true(b - a > (ref ? 4.0 : 2.0) * sqrt((double)(a + b)));
    }
}

/* Closed loop with the estimated channel: the result of a block does not
 * depend on the object or the order (the reports are not carried from one
 * block to the next). */
static void test_closed_loop_order(void **state)
{
    (void)state;
    lte_linksim_cfg c = cl_cfg();
    c.chest_estimated = 1;
    c.pmi_feedback = 1;
    c.harq_max = 3;
    c.frame_stride = 1;
    lte_linksim *a, *b;
    assert_int_equal(lte_linksim_create(&c, &a), 0);
    assert_int_equal(lte_linksim_create(&c, &b), 0);
    lte_linksim_result ra[12], rb[12];
    for (int i = 0; i < 12; i++)
        assert_int_equal(lte_linksim_run_tb(a, 3.0, i, &ra[i]), 0);
    for (int i = 11; i >= 0; i--)
        assert_int_equal(lte_linksim_run_tb(b, 3.0, i, &rb[i]), 0);
    int retx = 0;
    for (int i = 0; i < 12; i++) {
        assert_int_equal(ra[i].n_tx, rb[i].n_tx);
        assert_int_equal(ra[i].acked_at[0], rb[i].acked_at[0]);
        for (int j = 0; j < ra[i].n_tx; j++)
            assert_int_equal(ra[i].codebook[j], rb[i].codebook[j]);
        retx += ra[i].n_tx > 1;
    }
    assert_true(retx > 0); /* retransmissions took their own reports */
    lte_linksim_destroy(a);
    lte_linksim_destroy(b);
}

/* HARQ time line: FDD retransmissions 8 subframes apart; TDD configuration
 * 1 (DSUUDDSUUD) uses subframes 0, 4, 5, 9; a retransmission goes into the
 * first 'D' subframe at least 4 ms after the uplink subframe carrying the
 * HARQ-ACK (36.213 Table 10.1.3.1-1, read by hand: configuration 1 acks
 * subframes 0 and 5 (k = 7) in 7 and 2, subframes 4 and 9 (k = 4) in 8 and
 * 3; configuration 5 acks subframe 9 in subframe 2 of the frame after next,
 * k = 13). */
static void test_time_line(void **state)
{
    (void)state;
    lte_linksim_cfg c = base_cfg(6, 5, 0);
    lte_linksim *ls;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    assert_int_equal(lte_linksim_subframe(ls, 13, 0), 13);
    assert_int_equal(lte_linksim_subframe(ls, 13, 3), 37);
    lte_linksim_destroy(ls);
    c.cell.duplex = LTE_TDD;
    c.cell.tdd_config = 1;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    lte_linksim_info info;
    lte_linksim_info_get(ls, &info);
    assert_int_equal(info.dl_per_frame, 4);
    assert_int_equal(lte_linksim_subframe(ls, 0, 0), 0);
    assert_int_equal(lte_linksim_subframe(ls, 5, 0), 14);
    assert_int_equal(lte_linksim_subframe(ls, 5, 1), 24); /* 22, 23 are U -> 24 */
    assert_int_equal(lte_linksim_subframe(ls, 3, 1), 19);
    assert_int_equal(lte_linksim_subframe(ls, 0, 1), 14); /* ACK in 7, >= 11: 11 is S */
    assert_int_equal(lte_linksim_subframe(ls, 2, 1), 19); /* sf 5: ACK in 12, >= 16 */
    assert_int_equal(lte_linksim_subframe(ls, 2, 2), 29); /* sf 9: ACK in 23, >= 27 */
    lte_linksim_result r;
    assert_int_equal(lte_linksim_run_tb(ls, 30.0, 5, &r), 0);
    assert_int_equal(r.acked_at[0], 0);
    lte_linksim_destroy(ls);
    /* configuration 5 (DSUDDDDDDD): 8 'D' subframes; subframe 9 is acked 13
     * subframes later (in 22), so its retransmission waits until 26 */
    c.cell.tdd_config = 5;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    lte_linksim_info_get(ls, &info);
    assert_int_equal(info.dl_per_frame, 8);
    assert_int_equal(lte_linksim_subframe(ls, 7, 0), 9);
    assert_int_equal(lte_linksim_subframe(ls, 7, 1), 26);
    assert_int_equal(lte_linksim_subframe(ls, 0, 1), 16); /* sf 0: k = 12, ACK in 12 */
    lte_linksim_destroy(ls);
}

static void test_bad_config(void **state)
{
    (void)state;
    lte_linksim *ls = (lte_linksim *)1;
    lte_linksim_cfg c = base_cfg(25, 13, 0);
    c.tm = 5;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    assert_null(ls);
    assert_non_null(strstr(lte_errdetail(), "tm"));
    c = base_cfg(25, 29, 0);
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    c = base_cfg(25, 13, 0);
    c.cell.n_ports = 2; /* TM1 is single-port */
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    c = base_cfg(25, 13, 0);
    c.n_prb = 26;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    c = base_cfg(25, 13, 1);
    c.chest_adapt = 1; /* needs the Wiener filter */
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "chest_adapt"));
    c.chest_freq = LTE_CHEST_FREQ_WIENER;
    c.chest_adapt = 2;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    c = base_cfg(25, 13, 0);
    c.harq_max = 5;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    c = base_cfg(25, 13, 0);
    c.n_rx = 3;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    c = cl_cfg();
    c.pmi_feedback = 2;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "pmi_feedback"));
    c = cl_cfg();
    c.pmi_feedback = 1;
    c.pmi_delay = 1001;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "pmi_delay"));
    c.pmi_delay = -1;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    c = cl_cfg();
    c.tm = 3;
    c.pmi_feedback = 1;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "TM4"));
    c = base_cfg(6, 13, 0);
    c.link = LTE_LINKSIM_PUSCH;
    c.pmi_feedback = 1;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    c = base_cfg(6, 13, 0);
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    lte_linksim_result r;
    assert_int_equal(lte_linksim_run_tb(ls, NAN, 0, &r), LTE_EINVAL);
    assert_int_equal(lte_linksim_run_tb(ls, 10.0, -1, &r), LTE_EINVAL);
    lte_linksim_destroy(ls);
}

/* ---- PUSCH -------------------------------------------------------------------- */

static lte_linksim_cfg ul_cfg(int n_rb, int n_prb, int mcs, int estimated)
{
    lte_linksim_cfg c = base_cfg(n_rb, mcs, estimated);
    c.link = LTE_LINKSIM_PUSCH;
    c.n_prb = n_prb;
    return c;
}

/* The SNR on the demodulated grid: signal energy per allocated RE (data and
 * DMRS; the transform-precoded data has unit mean energy) and noise energy
 * per RE at each receive antenna, from the same transport block sent
 * without and with noise; and the perfect receiver is told the true n0. */
static void test_pusch_snr_definition(void **state)
{
    (void)state;
    lte_linksim_cfg c = ul_cfg(25, 20, 7, 0);
    c.prb_start = 3;
    c.n_rx = 2;
    c.harq_max = 1;
    lte_linksim *ls;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    lte_linksim_info info;
    assert_int_equal(lte_linksim_info_get(ls, &info), 0);
    assert_int_equal(info.n_prb, 20);
    assert_int_equal(info.prb_start, 3);
    assert_null(lte_linksim_tx_grid(ls));
    const int n_sc = 25 * 12, n_re = 14 * n_sc, k0 = 3 * 12, k1 = k0 + 20 * 12;
    float complex *clean[2];
    lte_linksim_result res;
    assert_int_equal(lte_linksim_run_tb(ls, INFINITY, 4, &res), 0);
    assert_int_equal(res.acked_at[0], 0);
    for (int r = 0; r < 2; r++) {
        clean[r] = malloc(sizeof(float complex) * (size_t)n_re);
        memcpy(clean[r], lte_linksim_rx_grid(ls, r), sizeof(float complex) * (size_t)n_re);
    }
    /* the transmitted grid: unit mean energy on the allocation, zero outside */
    const float complex *x = lte_linksim_ul_tx_grid(ls);
    assert_non_null(x);
    double ein = 0, eout = 0;
    for (int i = 0; i < n_re; i++) {
        int k = i % n_sc;
        double e = cabs(x[i]) * cabs(x[i]);
        if (k >= k0 && k < k1)
            ein += e;
        else
            eout += e;
    }
    assert_true(fabs(ein / (14.0 * 240) - 1.0) < 0.03);
    assert_true(eout == 0.0);
    uint8_t *sel = malloc((size_t)n_re);
    for (int i = 0; i < n_re; i++)
        sel[i] = i % n_sc >= k0 && i % n_sc < k1;
    const double snr_db[2] = {10.0, -3.0};
    for (int s = 0; s < 2; s++) {
        assert_int_equal(lte_linksim_run_tb(ls, snr_db[s], 4, &res), 0);
        /* 3360 allocated REs: sigma of the noise energy ~ 1.7 % */
        check_snr(ls, clean, n_re, sel, snr_db[s], 0.05);
    }
    free(sel);
    for (int r = 0; r < 2; r++)
        free(clean[r]);
    lte_linksim_destroy(ls);
}

/* Fading, no noise: the demodulated grid is H X on the allocation (the
 * uplink's half-subcarrier frequencies in H); the DMRS estimate at 30 dB
 * comes close to that H. */
static void test_pusch_perfect_channel_matches_waveform(void **state)
{
    (void)state;
    lte_linksim_cfg c = ul_cfg(15, 12, 4, 0);
    c.channel = LTE_LINKSIM_EVA70;
    c.n_rx = 2;
    c.harq_max = 1;
    lte_linksim *ls;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    lte_linksim_result res;
    assert_int_equal(lte_linksim_run_tb(ls, INFINITY, 6, &res), 0);
    assert_int_equal(res.acked_at[0], 0);
    const int n_sc = 15 * 12, n_re = 14 * n_sc, m_sc = 12 * 12;
    const float complex *x = lte_linksim_ul_tx_grid(ls);
    double err = 0, sig = 0;
    for (int r = 0; r < 2; r++) {
        const float complex *y = lte_linksim_rx_grid(ls, r), *h = lte_linksim_rx_channel(ls, r, 0);
        assert_null(lte_linksim_rx_channel(ls, r, 1));
        for (int i = 0; i < n_re; i++) {
            if (i % n_sc >= m_sc)
                continue;
            float complex hx = h[i] * x[i];
            err += cabs(y[i] - hx) * cabs(y[i] - hx);
            sig += cabs(hx) * cabs(hx);
        }
    }
    assert_true(sig > 0);
    assert_true(10 * log10(err / sig) < -30.0);
    lte_linksim_destroy(ls);

    c.chest_estimated = 1;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    assert_int_equal(lte_linksim_run_tb(ls, 30.0, 6, &res), 0);
    float complex *ht[2];
    for (int r = 0; r < 2; r++)
        ht[r] = malloc(sizeof(float complex) * (size_t)n_re);
    assert_int_equal(lte_linksim_true_channel(ls, lte_linksim_subframe(ls, 6, 0), ht), 0);
    err = sig = 0;
    for (int r = 0; r < 2; r++) {
        const float complex *he = lte_linksim_rx_channel(ls, r, 0);
        for (int i = 0; i < n_re; i++)
            if (i % n_sc < m_sc) {
                err += cabs(he[i] - ht[r][i]) * cabs(he[i] - ht[r][i]);
                sig += cabs(ht[r][i]) * cabs(ht[r][i]);
            }
    }
    /* 7-subcarrier smoothing of EVA at 70 Hz, noise 30 dB down */
    assert_true(10 * log10(err / sig) < -15.0);
    /* the estimated n0: within 30 % of the truth (1e-3) */
    assert_true(fabsf(lte_linksim_rx_n0(ls) / 1e-3f - 1.0f) < 0.3f);
    for (int r = 0; r < 2; r++)
        free(ht[r]);
    lte_linksim_destroy(ls);
}

/* AWGN, both receivers: everything acknowledged at the first transmission
 * at 25 dB; at -10 dB nothing is, after 4 transmissions each. The TBS is
 * the 36.213 Table 7.1.7.2.1-1 entry of I_TBS = I_MCS - 1 (Table 8.6.1-1,
 * 16QAM rows 11..20). */
static void test_pusch_bler_extremes(void **state)
{
    (void)state;
    for (int est = 0; est < 2; est++) {
        lte_linksim_cfg c = ul_cfg(25, 25, 14, est);
        c.n_rx = 2;
        lte_linksim *ls;
        assert_int_equal(lte_linksim_create(&c, &ls), 0);
        lte_linksim_info info;
        assert_int_equal(lte_linksim_info_get(ls, &info), 0);
        int tbs;
        assert_int_equal(lte_tbs(13, 25, &tbs), 0);
        assert_int_equal(info.tbs[0], tbs);
        assert_int_equal(info.q_m[0], 4);
        assert_int_equal(info.dl_per_frame, 10); /* FDD: every uplink subframe */
        int fe, re;
        long bits, tx;
        run_n(ls, 25.0, 8, &fe, &re, &bits, &tx);
        assert_int_equal(fe, 0);
        assert_int_equal(tx, 8);
        assert_int_equal(bits, 8L * tbs);
        run_n(ls, -10.0, 5, &fe, &re, &bits, &tx);
        assert_int_equal(fe, 5);
        assert_int_equal(re, 5);
        assert_int_equal(tx, 5 * 4);
        assert_int_equal(bits, 0);
        lte_linksim_destroy(ls);
    }
}

/* Near the waterfall, HARQ (rv 0, 2, 3, 1) recovers blocks the first
 * transmission lost; every result is independent of the object and order. */
static void test_pusch_harq_and_order(void **state)
{
    (void)state;
    lte_linksim_cfg c = ul_cfg(6, 6, 10, 1);
    c.channel = LTE_LINKSIM_EPA5;
    c.n_rx = 2;
    lte_linksim *a, *b;
    assert_int_equal(lte_linksim_create(&c, &a), 0);
    assert_int_equal(lte_linksim_create(&c, &b), 0);
    enum { N = 24 };
    lte_linksim_result ra[N], rb[N];
    for (int i = 0; i < N; i++)
        assert_int_equal(lte_linksim_run_tb(a, 1.0, i, &ra[i]), 0);
    for (int i = N - 1; i >= 0; i--)
        assert_int_equal(lte_linksim_run_tb(b, 1.0, i, &rb[i]), 0);
    int late = 0;
    for (int i = 0; i < N; i++) {
        assert_int_equal(ra[i].n_tx, rb[i].n_tx);
        assert_int_equal(ra[i].acked_at[0], rb[i].acked_at[0]);
        assert_int_equal(ra[i].bits, rb[i].bits);
        assert_int_equal(ra[i].tb_bits, ra[0].tb_bits);
        /* accounting: acknowledged at transmission j -> j + 1 transmissions */
        if (ra[i].acked_at[0] >= 0) {
            assert_int_equal(ra[i].n_tx, ra[i].acked_at[0] + 1);
            assert_int_equal(ra[i].bits, ra[i].tb_bits);
            late += ra[i].acked_at[0] > 0;
        } else {
            assert_int_equal(ra[i].n_tx, 4);
            assert_int_equal(ra[i].bits, 0);
        }
    }
    assert_true(late > 0);
    lte_linksim_destroy(a);
    lte_linksim_destroy(b);
}

/* PUSCH time line: FDD every subframe, retransmissions 8 ms later (also
 * with frames spaced by frame_stride); TDD configuration 1 (DSUUDDSUUD)
 * uses subframes 2, 3, 7, 8. */
static void test_pusch_time_line(void **state)
{
    (void)state;
    lte_linksim_cfg c = ul_cfg(6, 6, 5, 0);
    lte_linksim *ls;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    assert_int_equal(lte_linksim_subframe(ls, 5, 0), 5);
    assert_int_equal(lte_linksim_subframe(ls, 5, 2), 21);
    lte_linksim_destroy(ls);
    /* frames 20 apart: block 13 is in subframe 3 of frame 20 */
    c.frame_stride = 20;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    assert_int_equal(lte_linksim_subframe(ls, 13, 0), 203);
    assert_int_equal(lte_linksim_subframe(ls, 13, 1), 211);
    lte_linksim_destroy(ls);
    c.frame_stride = 0;
    c.cell.duplex = LTE_TDD;
    c.cell.tdd_config = 1;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    lte_linksim_info info;
    lte_linksim_info_get(ls, &info);
    assert_int_equal(info.dl_per_frame, 4);
    assert_int_equal(lte_linksim_subframe(ls, 0, 0), 2);
    assert_int_equal(lte_linksim_subframe(ls, 5, 0), 13);
    /* synchronous uplink HARQ, read by hand from 36.213 Table 9.1.2-1
     * (configuration 1: k_PHICH = 4, 6, 4, 6 for PUSCH in 2, 3, 7, 8) and
     * Table 8-2 (PHICH in 1, 4, 6, 9: k = 6, 4, 6, 4): every process comes
     * back after 10 ms */
    assert_int_equal(lte_linksim_subframe(ls, 5, 1), 23);
    assert_int_equal(lte_linksim_subframe(ls, 6, 1), 27);
    assert_int_equal(lte_linksim_subframe(ls, 6, 3), 47);
    lte_linksim_result r;
    assert_int_equal(lte_linksim_run_tb(ls, 30.0, 5, &r), 0);
    assert_int_equal(r.acked_at[0], 0);
    lte_linksim_destroy(ls);
    /* configuration 0 (DSUUUDSUUU, 7 processes over 6 uplink subframes):
     * k_PHICH = 4, 7, 6, 4, 7, 6 for PUSCH in 2, 3, 4, 7, 8, 9; PUSCH in 4
     * and 9 has I_PHICH = 1; a PHICH in 1 or 6, or in 0 or 5 with I_PHICH
     * = 1, moves the retransmission 7 subframes on, else Table 8-2 (k = 4
     * for PHICH in 0 and 5) */
    c.cell.tdd_config = 0;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    assert_int_equal(lte_linksim_subframe(ls, 0, 1), 13); /* 2 -> PHICH 6 -> 13 */
    assert_int_equal(lte_linksim_subframe(ls, 2, 0), 4);
    assert_int_equal(lte_linksim_subframe(ls, 2, 1), 17); /* 4 -> PHICH 10 (I=1) -> 17 */
    assert_int_equal(lte_linksim_subframe(ls, 2, 2), 28); /* 17 -> PHICH 21 -> 28 */
    assert_int_equal(lte_linksim_subframe(ls, 2, 3), 39); /* 28 -> PHICH 35 (I=0) -> 39 */
    lte_linksim_destroy(ls);
    /* configuration 6 (DSUUUDSUUD): PUSCH in 8 has k_PHICH = 7 (PHICH in 5),
     * Table 8-2 gives k = 7 there: 14 ms */
    c.cell.tdd_config = 6;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    assert_int_equal(lte_linksim_subframe(ls, 4, 0), 8);
    assert_int_equal(lte_linksim_subframe(ls, 4, 1), 22);
    lte_linksim_destroy(ls);
}

/* PUSCH with frequency hopping (pusch.h): type 2 with 2 sub-bands, intra-
 * and inter-subframe, TDD (n_f in the sequence) and type 1, estimated and
 * perfect channel: high-SNR blocks decode on the first transmission; an
 * allocation that cannot hop is refused with pusch.h's reason. */
static void test_pusch_hopping(void **state)
{
    (void)state;
    for (int v = 0; v < 4; v++) {
        lte_linksim_cfg c = ul_cfg(25, 10, 10, v & 1);
        /* RB_START: type 2 needs the 10 VRBs in one of the sub-bands that
         * start at PRB 2 (N_RB^HO = 4); type 1 +N/2 moves RB_START by 10 in
         * the 20-PRB PUSCH region 2..21 */
        c.prb_start = v < 2 ? 2 : 0;
        c.n_rx = 2;
        c.channel = LTE_LINKSIM_EPA5;
        c.ul_hop.enabled = 1;
        c.ul_hop.hop_bits = v < 2 ? 1 : 0; /* type 2, or type 1 +N/2 */
        c.ul_hop.n_sb = 2;
        c.ul_hop.hopping_offset = 4;
        c.ul_hop.mode = v & 2 ? LTE_PUSCH_HOP_INTER_SF : LTE_PUSCH_HOP_INTRA_INTER_SF;
        if (v == 1) {
            c.cell.duplex = LTE_TDD;
            c.cell.tdd_config = 1;
        }
        lte_linksim *ls;
        assert_int_equal(lte_linksim_create(&c, &ls), 0);
        for (int t = 0; t < 6; t++) {
            lte_linksim_result r;
            assert_int_equal(lte_linksim_run_tb(ls, 25.0, t, &r), 0);
            if (r.acked_at[0] != 0)
                fail_msg("hopping variant %d, block %d: acked at %d", v, t, r.acked_at[0]);
        }
        lte_linksim_destroy(ls);
    }
    lte_linksim_cfg c = ul_cfg(25, 10, 10, 1);
    c.ul_hop.enabled = 1;
    c.ul_hop.hop_bits = 1;
    c.ul_hop.n_sb = 2;
    c.ul_hop.hopping_offset = 4; /* VRB 0 lies outside the hopping sub-bands */
    lte_linksim *ls = NULL;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    assert_null(ls);
    assert_non_null(strstr(lte_errdetail(), "sub-band"));
}

/* Reference-channel settings: the 5 MHz FDD QPSK 1/3 channel of 36.101
 * (25 PRB; 2216 bits in subframes 1-4 and 6-9, 1800 in subframe 0, none
 * in subframe 5) has a maximum throughput of 1952.8 kbit/s averaged over a
 * frame (stated in 36.101 Table G.3-1, whose 5 MHz column has these
 * payloads). */
static void test_reference_channel_settings(void **state)
{
    (void)state;
    lte_linksim_cfg c = base_cfg(25, 0, 0);
    c.cell.cfi = 3;
    c.tbs = 2216;
    c.q_m = 2;
    c.tbs_sf0 = 1800;
    c.sf_skip = 1u << 5;
    lte_linksim *ls;
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    lte_linksim_info info;
    lte_linksim_info_get(ls, &info);
    assert_int_equal(info.dl_per_frame, 9);
    assert_int_equal(info.tbs[0], 2216);
    assert_int_equal(info.q_m[0], 2);
    assert_true(fabs(info.max_mbps - 1.9528) < 1e-9);
    /* block 0 starts in subframe 0, block 5 in subframe 6 (5 skipped) */
    assert_int_equal(lte_linksim_subframe(ls, 0, 0), 0);
    assert_int_equal(lte_linksim_subframe(ls, 5, 0), 6);
    assert_int_equal(lte_linksim_subframe(ls, 6, 0), 7);
    assert_int_equal(lte_linksim_subframe(ls, 6, 1), 16); /* 7 + 8 = 15 is subframe 5 */
    lte_linksim_result r;
    assert_int_equal(lte_linksim_run_tb(ls, 30.0, 0, &r), 0);
    assert_int_equal(r.tb_bits, 1800);
    assert_int_equal(r.bits, 1800);
    assert_int_equal(lte_linksim_run_tb(ls, 30.0, 1, &r), 0);
    assert_int_equal(r.tb_bits, 2216);
    assert_int_equal(r.bits, 2216);
    lte_linksim_destroy(ls);
    /* refused: a TBS without its modulation, a PUSCH allocation of 7 PRBs */
    c.q_m = 3;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    c = ul_cfg(25, 7, 5, 0);
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "2^a"));
    c = ul_cfg(25, 6, 5, 0);
    c.prb_start = 20;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pusch_snr_definition),
        cmocka_unit_test(test_pusch_perfect_channel_matches_waveform),
        cmocka_unit_test(test_pusch_bler_extremes),
        cmocka_unit_test(test_pusch_harq_and_order),
        cmocka_unit_test(test_pusch_time_line),
        cmocka_unit_test(test_pusch_hopping),
        cmocka_unit_test(test_reference_channel_settings),
        cmocka_unit_test(test_snr_definition),
        cmocka_unit_test(test_perfect_channel_matches_waveform),
        cmocka_unit_test(test_bler_extremes_tm1_awgn),
        cmocka_unit_test(test_mimo_high_snr),
        cmocka_unit_test(test_harq_gain),
        cmocka_unit_test(test_order_invariance),
        cmocka_unit_test(test_time_line),
        cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_closed_loop_pmi),
        cmocka_unit_test(test_closed_loop_gain),
        cmocka_unit_test(test_closed_loop_order),
        cmocka_unit_test(test_chest_adapt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
