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
 *  - bad configurations are refused.
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
    for (int s = 0; s < 2; s++) {
        assert_int_equal(lte_linksim_run_tb(ls, snr_db[s], 3, &res), 0);
        g = lte_linksim_tx_grid(ls);
        const double n0 = pow(10.0, -snr_db[s] / 10.0);
        for (int r = 0; r < 2; r++) {
            const float complex *y = lte_linksim_rx_grid(ls, r);
            double es = 0, ns = 0, nall = 0;
            int n_pdsch = 0;
            for (int i = 0; i < n_re; i++) {
                double e = cabs(y[i] - clean[r][i]);
                nall += e * e;
                if (g->map[i] == LTE_RE_PDSCH) {
                    es += cabs(clean[r][i]) * cabs(clean[r][i]);
                    ns += e * e;
                    n_pdsch++;
                }
            }
            es /= n_pdsch;
            ns /= n_pdsch;
            nall /= n_re;
            /* 16QAM: |x|^2 has variance 0.32, ~3500 REs: sigma(es) ~ 1%;
             * noise energy: sigma ~ 1/sqrt(3500) = 1.7% */
            assert_true(fabs(es - 1.0) < 0.05);
            assert_true(fabs(ns / n0 - 1.0) < 0.07);
            assert_true(fabs(nall / n0 - 1.0) < 0.06);
            assert_true(fabs(10 * log10(es / ns) - snr_db[s]) < 0.35);
        }
        /* the perfect receiver is told the true n0 */
        assert_true(fabsf(lte_linksim_rx_n0(ls) - (float)n0) < 1e-6f * (float)n0 + 1e-9f);
    }
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

/* HARQ time line: FDD retransmissions 8 subframes apart; TDD configuration
 * 1 (DSUUDDSUUD) uses subframes 0, 4, 5, 9 and moves a retransmission to
 * the next 'D' subframe at least 8 ms later. */
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
    lte_linksim_result r;
    assert_int_equal(lte_linksim_run_tb(ls, 30.0, 5, &r), 0);
    assert_int_equal(r.acked_at[0], 0);
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
    c = base_cfg(25, 13, 0);
    c.harq_max = 5;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    c = base_cfg(25, 13, 0);
    c.n_rx = 3;
    assert_int_equal(lte_linksim_create(&c, &ls), LTE_EINVAL);
    c = base_cfg(6, 13, 0);
    assert_int_equal(lte_linksim_create(&c, &ls), 0);
    lte_linksim_result r;
    assert_int_equal(lte_linksim_run_tb(ls, NAN, 0, &r), LTE_EINVAL);
    assert_int_equal(lte_linksim_run_tb(ls, 10.0, -1, &r), LTE_EINVAL);
    lte_linksim_destroy(ls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snr_definition),
        cmocka_unit_test(test_perfect_channel_matches_waveform),
        cmocka_unit_test(test_bler_extremes_tm1_awgn),
        cmocka_unit_test(test_mimo_high_snr),
        cmocka_unit_test(test_harq_gain),
        cmocka_unit_test(test_order_invariance),
        cmocka_unit_test(test_time_line),
        cmocka_unit_test(test_bad_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
