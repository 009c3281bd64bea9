/* PUCCH receivers in fading, TS 36.104 §8.3.
 *
 * 1. Format 1a ACK missed detection (single user, 1 TX,
 * 2 RX): the ACK missed detection probability shall not exceed 1 % at the
 * table's SNR, with the DTX-to-ACK probability not above 1 %.
 *
 * Case: 1.4 MHz (6 PRBs), extended CP, ETU70 with low correlation, required
 * SNR -4.2 dB. The value is the one quoted from 36.104 (§8.3.2.1, Table
 * 8.3.2.1-1 in the releases that number it so) by MathWorks' conformance
 * example "PUCCH1a ACK Missed Detection Probability Conformance Test"; the
 * 36.104 table itself could not be read here, so the other rows (normal CP,
 * EPA5/EVA5/EVA70/ETU300, wider bandwidths) are not tested.
 * PUCCH resource as in that setup: n_PUCCH^(1) = 0, Delta_shift = 1,
 * N_cs^(1) = 0, N_RB^(2) = 0, cell 9, no SRS shortening.
 *
 * Chain per trial: format 1a (ACK: b0 = 1, d(0) = -1) -> grid -> SC-FDMA
 * (unitary, 128-point FFT, 1.92 Msps) -> ETU70 1x2 low correlation
 * (channel.h, fixed seed; trials 20 ms apart so the fading of different
 * trials is nearly independent: J0(2 pi 70 Hz 20 ms) ~ 0.07) -> AWGN ->
 * SC-FDMA demodulation -> PUCCH REs -> lte_pucch1_detect_dtx().
 * SNR: mean received PUCCH power per RE per antenna over the noise per RE
 * (the channel's tap powers sum to 1, the PUCCH REs have unit power, and the
 * unitary transform gives noise n0 per RE for n0 per sample).
 *
 * Threshold: from N noise-only trials (the same chain without the PUCCH) the
 * detection metric's empirical (1 - 1 %) quantile; then N fresh noise trials
 * measure the DTX-to-ACK rate and N ACK trials the missed ACKs (no detection,
 * or detected as NACK).
 * Statistics, short mode (make test): N = 1500. The threshold is the 15th
 * largest of 1500 noise metrics, so the false detection rate it gives is
 * near 1 % (standard deviation 0.26 %); DTX-to-ACK counts only the ACK
 * decisions, about half of the false detections, ~0.5 %: the check
 * DTX-to-ACK <= 1.2 % (18 of 1500) is then 3 sigma away. Missed ACKs are
 * checked at <= 1 % (15 of 1500). LTEPHY_LONG=1 runs N = 20000 and checks
 * the same rates, 1 % each.
 *
 * 2. Format 3 (informative, not a 36.104 requirement as written here):
 * MathWorks' "PUCCH3 ACK Missed Detection Probability Conformance Test"
 * quotes 36.104 §8.3.6.1 as ACK missed detection <= 1 % at -3.7 dB for
 * 10 MHz, normal CP, EPA5 low correlation, 1x2. The payload size and DTX
 * rule of that test were not available here; this test sends 4 HARQ-ACK
 * bits, random, over 6 PRBs (the per-RE SNR does not depend on the
 * bandwidth; the PUCCH sits at the band edges either way) at -3.7 dB and
 * checks that at most 1 % of the ACK bits (bits sent as 1) come back as 0,
 * over 1000 subframes (LTEPHY_LONG: 10000). No DTX detection is applied.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/channel.h"
#include "ltephy/error.h"
#include "ltephy/ofdm.h"
#include "ltephy/pucch.h"
#include "ltephy/rng.h"
#include "tests/common/testutil.h"

#define NRB 6

typedef struct chain {
    lte_pucch_cfg cfg;
    lte_ofdm *ofdm;
    lte_channel *ch;
    lte_ofdm_info in;
    lte_rng rng;
    float complex grid[12 * NRB * 12];
    float complex *x, *y[2], *g[2];
    float complex sym[12 * 12], ant[2][12 * 12];
    int prb[2];
    double n0;
} chain;

static void chain_init(chain *c, double snr_db)
{
    memset(c, 0, sizeof *c);
    c->cfg = (lte_pucch_cfg){.cell_id = 9, .cp = LTE_CP_EXTENDED, .group_hopping = 0,
                             .delta_shift = 1, .n_cs1 = 0, .n_rb2 = 0, .n_rb_ul = NRB,
                             .shortened = 0, .rnti = 1};
    lte_ofdm_cfg oc = {.n_rb = NRB, .cp = LTE_CP_EXTENDED, .mode = LTE_OFDM_UL_SCFDMA};
    assert_int_equal(lte_ofdm_create(&oc, &c->ofdm), 0);
    lte_ofdm_get_info(c->ofdm, &c->in);
    lte_channel_cfg cc = {.model = LTE_CHANNEL_ETU, .doppler_hz = 70, .fs_hz = c->in.sample_rate_hz,
                          .n_tx = 1, .n_rx = 2, .corr = LTE_CORR_LOW, .uplink = 1, .seed = 2024};
    assert_int_equal(lte_channel_create(&cc, &c->ch), 0);
    int n = c->in.subframe_len;
    c->x = malloc(sizeof(float complex) * (size_t)n);
    assert_non_null(c->x);
    for (int a = 0; a < 2; a++) {
        c->y[a] = malloc(sizeof(float complex) * (size_t)n);
        c->g[a] = malloc(sizeof(float complex) * (size_t)(12 * NRB * 12));
        assert_non_null(c->y[a]);
        assert_non_null(c->g[a]);
    }
    lte_rng_seed(&c->rng, 4242);
    c->n0 = pow(10.0, -snr_db / 10.0);
    uint8_t ack = 1;
    assert_int_equal(lte_pucch_encode(&c->cfg, LTE_PUCCH_F1A, 0, 0, &ack, c->sym, c->prb), 0);
}

static void chain_free(chain *c)
{
    free(c->x);
    for (int a = 0; a < 2; a++) {
        free(c->y[a]);
        free(c->g[a]);
    }
    lte_channel_destroy(c->ch);
    lte_ofdm_destroy(c->ofdm);
}

/* One trial: with_ack 1 sends the ACK, 0 nothing. Returns the detector's
 * metric; *bit its decision. */
static float chain_trial(chain *c, int trial, int with_ack, uint8_t *bit)
{
    int n = c->in.subframe_len;
    if (with_ack) {
        memset(c->grid, 0, sizeof c->grid);
        assert_int_equal(lte_pucch_map(&c->cfg, c->sym, c->prb, 1.0f, c->grid), 0);
        assert_int_equal(lte_ofdm_mod_subframe(c->ofdm, c->grid, c->x), 0);
        const float complex *xs[1] = {c->x};
        float complex *const ys[2] = {c->y[0], c->y[1]};
        /* 20 ms between trials */
        assert_int_equal(lte_channel_run(c->ch, xs, n, (int64_t)trial * 20 * n, ys), 0);
    } else {
        memset(c->y[0], 0, sizeof(float complex) * (size_t)n);
        memset(c->y[1], 0, sizeof(float complex) * (size_t)n);
    }
    for (int a = 0; a < 2; a++) {
        assert_int_equal(lte_awgn_add(&c->rng, c->y[a], n, c->n0), 0);
        assert_int_equal(lte_ofdm_demod_subframe(c->ofdm, c->y[a], c->g[a]), 0);
        assert_int_equal(lte_pucch_extract(&c->cfg, c->g[a], c->prb, c->ant[a]), 0);
    }
    const float complex *rx[2] = {c->ant[0], c->ant[1]};
    float met;
    assert_int_equal(lte_pucch1_detect_dtx(&c->cfg, LTE_PUCCH_F1A, 0, 0, rx, 2, (float)c->n0, bit,
                                           &met), 0);
    return met;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static void test_ack_missed_detection(void **state)
{
    (void)state;
    const char *lg = getenv("LTEPHY_LONG");
    int long_mode = lg && atoi(lg) > 0;
    int N = long_mode ? 20000 : 1500;
    const double snr_db = -4.2;
    chain c;
    chain_init(&c, snr_db);
    /* threshold from noise-only trials */
    float *m = malloc(sizeof(float) * (size_t)N);
    assert_non_null(m);
    uint8_t bit;
    for (int t = 0; t < N; t++)
        m[t] = chain_trial(&c, t, 0, &bit);
    qsort(m, (size_t)N, sizeof(float), cmp_float);
    float thr = m[N - N / 100]; /* N/100 metrics are above it: 1 % false detection */
    free(m);
    /* fresh noise trials: DTX -> ACK */
    int dtx_ack = 0, dtx_any = 0;
    for (int t = 0; t < N; t++) {
        float met = chain_trial(&c, t, 0, &bit);
        if (met > thr) {
            dtx_any++;
            dtx_ack += bit == 1;
        }
    }
    /* ACK trials */
    int missed = 0, as_nack = 0;
    for (int t = 0; t < N; t++) {
        float met = chain_trial(&c, t, 1, &bit);
        if (met <= thr || bit != 1) {
            missed++;
            as_nack += met > thr;
        }
    }
    print_message("PUCCH 1a, 1.4 MHz ext CP ETU70 low, 1x2, SNR %.1f dB, %d trials each: "
                  "threshold %.3f, DTX->ACK %.2f %% (any detection %.2f %%), ACK missed %.2f %% "
                  "(%d as NACK)\n",
                  snr_db, N, (double)thr, 100.0 * dtx_ack / N, 100.0 * dtx_any / N,
                  100.0 * missed / N, as_nack);
    if (long_mode) {
        assert_true(dtx_ack <= N / 100);
    } else {
        assert_true(dtx_ack <= 18);
    }
    assert_true(missed <= N / 100);
    chain_free(&c);
}

static void test_f3_fading(void **state)
{
    (void)state;
    const char *lg = getenv("LTEPHY_LONG");
    int N = (lg && atoi(lg) > 0) ? 10000 : 1000;
    const double snr_db = -3.7;
    const int O = 4;
    lte_pucch_cfg cfg = {.cell_id = 9, .cp = LTE_CP_NORMAL, .delta_shift = 1, .n_rb_ul = NRB,
                         .rnti = 1};
    lte_ofdm_cfg oc = {.n_rb = NRB, .cp = LTE_CP_NORMAL, .mode = LTE_OFDM_UL_SCFDMA};
    lte_ofdm *ofdm = NULL;
    assert_int_equal(lte_ofdm_create(&oc, &ofdm), 0);
    lte_ofdm_info in;
    lte_ofdm_get_info(ofdm, &in);
    lte_channel *ch = NULL;
    lte_channel_cfg cc = {.model = LTE_CHANNEL_EPA, .doppler_hz = 5, .fs_hz = in.sample_rate_hz,
                          .n_tx = 1, .n_rx = 2, .corr = LTE_CORR_LOW, .uplink = 1, .seed = 77};
    assert_int_equal(lte_channel_create(&cc, &ch), 0);
    int n = in.subframe_len;
    float complex *x = malloc(sizeof(float complex) * (size_t)n);
    float complex *y[2], *g[2];
    assert_non_null(x);
    for (int a = 0; a < 2; a++) {
        y[a] = malloc(sizeof(float complex) * (size_t)n);
        g[a] = malloc(sizeof(float complex) * (size_t)(14 * NRB * 12));
        assert_non_null(y[a]);
        assert_non_null(g[a]);
    }
    float complex grid[14 * NRB * 12], sym[14 * 12], ant[2][14 * 12];
    lte_rng rng;
    lte_rng_seed(&rng, 31);
    double n0 = pow(10.0, -snr_db / 10.0);
    int acks = 0, missed = 0, blocks = 0;
    for (int t = 0; t < N; t++) {
        uint8_t o[4], b[48], back[4];
        for (int i = 0; i < O; i++)
            o[i] = (uint8_t)(lte_rng_u32(&rng) & 1);
        int prb[2], sf = t % 10;
        assert_int_equal(lte_pucch3_code(o, O, b), 0);
        assert_int_equal(lte_pucch3_encode(&cfg, 0, sf, b, sym, prb), 0);
        memset(grid, 0, sizeof grid);
        assert_int_equal(lte_pucch_map(&cfg, sym, prb, 1.0f, grid), 0);
        assert_int_equal(lte_ofdm_mod_subframe(ofdm, grid, x), 0);
        const float complex *xs[1] = {x};
        float complex *const ys[2] = {y[0], y[1]};
        /* 200 ms between trials: EPA5 fades slowly (J0 at 1 s^-1 ... ) */
        assert_int_equal(lte_channel_run(ch, xs, n, (int64_t)t * 200 * n, ys), 0);
        for (int a = 0; a < 2; a++) {
            assert_int_equal(lte_awgn_add(&rng, y[a], n, n0), 0);
            assert_int_equal(lte_ofdm_demod_subframe(ofdm, y[a], g[a]), 0);
            assert_int_equal(lte_pucch_extract(&cfg, g[a], prb, ant[a]), 0);
        }
        const float complex *rx[2] = {ant[0], ant[1]};
        assert_int_equal(lte_pucch3_decode(&cfg, 0, sf, rx, 2, (float)n0, O, back), 0);
        int bad = 0;
        for (int i = 0; i < O; i++) {
            if (o[i]) {
                acks++;
                missed += back[i] == 0;
            }
            bad |= back[i] != o[i];
        }
        blocks += bad;
    }
    print_message("PUCCH 3, %d bits, EPA5 low, 1x2, 6 PRB, SNR %.1f dB, %d subframes: ACK bits "
                  "missed %.2f %% (%d of %d), block errors %.2f %%\n",
                  O, snr_db, N, 100.0 * missed / acks, missed, acks, 100.0 * blocks / N);
    assert_true(missed <= acks / 100);
    free(x);
    for (int a = 0; a < 2; a++) {
        free(y[a]);
        free(g[a]);
    }
    lte_channel_destroy(ch);
    lte_ofdm_destroy(ofdm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ack_missed_detection),
        cmocka_unit_test(test_f3_fading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
