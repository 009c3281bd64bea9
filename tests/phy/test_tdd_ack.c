/* Tests of TDD HARQ-ACK bundling and multiplexing (tdd_ack.h, 36.213 §10.1.3,
 * §7.3). Expectations come from outside the code under test:
 *  - n(1)_PUCCH against a plain re-computation of the §10.1.3.1 formula for
 *    every bandwidth 6..110 RB, M = 1..9, m < M and every n_CCE below N_4;
 *  - the multiplexing tables by their structure (every state maps to one
 *    output; only all-DTX sends nothing; a resource i is only selected when
 *    HARQ-ACK(i) is not DTX; the inverse of each output is exactly the set
 *    of states giving it) and by spot rows typed here from the tables;
 *  - bundling and the DAI check against a literal re-implementation of the
 *    §7.3 text, on random schedules with realistic DAI counting and missed
 *    PDCCHs, plus the consequences an eNodeB relies on (nothing missed ->
 *    sent; a missed assignment before the last one -> nothing sent);
 *  - the whole multiplexing chain through the PUCCH format 1b transmitter
 *    and the receiver, ideal channel and AWGN, several cells and N(1)_PUCCH.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/pucch.h"
#include "ltephy/tdd_ack.h"
#include "ltephy/tdd_timing.h"
#include "tests/common/testutil.h"

enum { NA = LTE_HARQ_NACK, AC = LTE_HARQ_ACK, DT = LTE_HARQ_DTX };

static int pow3(int M)
{
    int n = 1;
    while (M-- > 0)
        n *= 3;
    return n;
}

static void state_of(int s, int M, uint8_t *h)
{
    for (int i = 0; i < M; i++, s /= 3)
        h[i] = (uint8_t)(s % 3);
}

/* ---- n(1)_PUCCH --------------------------------------------------------------- */

/* N_c = max{0, floor(N_RB (12 c - 4) / 36)} evaluated in doubles */
static int model_nc(int n_rb, int c)
{
    double v = floor(n_rb * (12.0 * c - 4.0) / 36.0);
    return v < 0 ? 0 : (int)v;
}

static int model_n1(int M, int m, int n_cce, int n1_an, int n_rb)
{
    for (int c = 0; c <= 3; c++)
        if (model_nc(n_rb, c) <= n_cce && n_cce < model_nc(n_rb, c + 1))
            return (M - m - 1) * model_nc(n_rb, c) + m * model_nc(n_rb, c + 1) + n_cce + n1_an;
    return -1;
}

static void test_n1pucch(void **state)
{
    (void)state;
    long checked = 0;
    for (int n_rb = 6; n_rb <= 110; n_rb++) {
        int n4 = model_nc(n_rb, 4);
        for (int M = 1; M <= 9; M++)
            for (int m = 0; m < M; m++)
                for (int n_cce = 0; n_cce < n4; n_cce++) {
                    int n1_an = (n_rb * 7 + M * 3 + m) % 2048;
                    int got = lte_tdd_ack_n1pucch(M, m, n_cce, n1_an, n_rb);
                    assert_int_equal(got, model_n1(M, m, n_cce, n1_an, n_rb));
                    checked++;
                }
        assert_int_equal(lte_tdd_ack_n1pucch(2, 0, n4, 0, n_rb), LTE_EINVAL);
    }
    assert_true(checked > 100000);
    /* spot values worked by hand: 25 RB: N_1 = 5, N_2 = 13, N_3 = 22, N_4 = 30 */
    assert_int_equal(lte_tdd_ack_n1pucch(2, 1, 6, 10, 25), 0 * 5 + 1 * 13 + 6 + 10);
    assert_int_equal(lte_tdd_ack_n1pucch(4, 0, 3, 0, 25), 3 * 0 + 0 * 5 + 3);
    assert_int_equal(lte_tdd_ack_n1pucch(4, 2, 29, 1, 25), 1 * 22 + 2 * 30 + 29 + 1);
    /* 100 RB: N_1 = 22, N_2 = 55 */
    assert_int_equal(lte_tdd_ack_n1pucch(3, 1, 30, 5, 100), 1 * 22 + 1 * 55 + 30 + 5);
}

/* ---- multiplexing tables: structure ------------------------------------------ */

/* every state -> one output; only all-DTX -> nothing; resource i only where
 * HARQ-ACK(i) is not DTX; the inverse of every output is exactly the states
 * that give it, and its per-subframe decision is their union */
static void test_mux_structure(void **state)
{
    (void)state;
    for (int M = 2; M <= 4; M++) {
        int ns = pow3(M), unread = 0;
        int out_res[LTE_TDD_MUX_NSTATES];
        uint8_t out_b[LTE_TDD_MUX_NSTATES][2];
        for (int s = 0; s < ns; s++) {
            uint8_t h[4];
            state_of(s, M, h);
            int i = -5;
            uint8_t b[2] = {9, 9};
            int rc = lte_tdd_ack_mux_encode(M, h, &i, b);
            if (rc == LTE_EUNSUPPORTED) {
                /* only the M = 4 row (ACK, NACK/DTX, ACK, NACK/DTX) */
                assert_int_equal(M, 4);
                assert_true(h[0] == AC && h[1] != AC && h[2] == AC && h[3] != AC);
                out_res[s] = -9;
                unread++;
                continue;
            }
            assert_int_equal(rc, 0);
            int all_dtx = 1;
            for (int j = 0; j < M; j++)
                all_dtx &= h[j] == DT;
            if (all_dtx) {
                assert_int_equal(i, -1);
            } else {
                assert_true(i >= 0 && i < M);
                assert_int_not_equal(h[i], DT);
                assert_true(b[0] <= 1 && b[1] <= 1);
            }
            out_res[s] = i;
            out_b[s][0] = i < 0 ? 0 : b[0];
            out_b[s][1] = i < 0 ? 0 : b[1];
        }
        assert_int_equal(unread, M == 4 ? 4 : 0);
        /* every output (no transmission, then each resource and b) */
        int covered = 0;
        for (int o = -1; o < 4 * M; o++) {
            int i = o < 0 ? -1 : o / 4;
            uint8_t b[2] = {(uint8_t)(o < 0 ? 0 : (o >> 1) & 1), (uint8_t)(o < 0 ? 0 : o & 1)};
            lte_tdd_mux_inv inv;
            assert_int_equal(lte_tdd_ack_mux_inverse(M, i, b, &inv), 0);
            int n = 0;
            uint8_t dec[4] = {0, 0, 0, 0};
            for (int s = 0; s < ns; s++) {
                int gives = out_res[s] == i &&
                            (i < 0 || (out_b[s][0] == b[0] && out_b[s][1] == b[1]));
                assert_int_equal(inv.state[s], gives);
                if (gives) {
                    uint8_t h[4];
                    state_of(s, M, h);
                    for (int j = 0; j < M; j++)
                        dec[j] |= (uint8_t)(1u << h[j]);
                    n++;
                }
            }
            for (int s = ns; s < LTE_TDD_MUX_NSTATES; s++)
                assert_int_equal(inv.state[s], 0);
            assert_int_equal(inv.n_states, n);
            for (int j = 0; j < M; j++)
                assert_int_equal(inv.dec[j], dec[j]);
            covered += n;
        }
        assert_int_equal(covered, ns - unread);
    }
}

/* ---- multiplexing tables: rows typed from Tables 10.1.3-2/3/4 ------------------ */

typedef struct spot {
    int M;
    uint8_t h[4];
    int i, b0, b1;
} spot;

static void test_mux_spot_values(void **state)
{
    (void)state;
    static const spot rows[] = {
        /* Table 10.1.3-2 (M = 2), every row */
        {2, {AC, AC}, 1, 1, 1},
        {2, {AC, NA}, 0, 0, 1},
        {2, {AC, DT}, 0, 0, 1},
        {2, {NA, AC}, 1, 0, 0},
        {2, {DT, AC}, 1, 0, 0},
        {2, {NA, NA}, 1, 1, 0},
        {2, {DT, NA}, 1, 1, 0},
        {2, {NA, DT}, 0, 1, 0},
        {2, {DT, DT}, -1, 0, 0},
        /* Table 10.1.3-3 (M = 3) */
        {3, {AC, AC, AC}, 2, 1, 1},
        {3, {AC, DT, AC}, 0, 1, 1},
        {3, {NA, AC, AC}, 2, 1, 0},
        {3, {DT, AC, NA}, 1, 0, 0},
        {3, {DT, DT, NA}, 2, 0, 1},
        {3, {DT, NA, DT}, 1, 1, 0},
        {3, {NA, DT, NA}, 0, 1, 0},
        {3, {DT, DT, DT}, -1, 0, 0},
        /* Table 10.1.3-4 (M = 4) */
        {4, {AC, AC, AC, AC}, 1, 1, 1},
        {4, {AC, AC, AC, DT}, 1, 1, 0},
        {4, {NA, DT, NA, DT}, 2, 1, 1},
        {4, {NA, DT, DT, DT}, 0, 1, 0},
        {4, {AC, NA, AC, AC}, 3, 0, 1},
        {4, {DT, NA, DT, NA}, 3, 1, 1},
        {4, {AC, DT, NA, AC}, 0, 0, 1},
        {4, {NA, NA, DT, DT}, 1, 0, 0},
        {4, {DT, AC, NA, AC}, 3, 1, 0},
        {4, {NA, NA, AC, NA}, 2, 0, 0},
        {4, {DT, DT, DT, AC}, 3, 0, 0},
        {4, {DT, DT, DT, DT}, -1, 0, 0},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        int i;
        uint8_t b[2];
        assert_int_equal(lte_tdd_ack_mux_encode(rows[r].M, rows[r].h, &i, b), 0);
        assert_int_equal(i, rows[r].i);
        if (i >= 0) {
            assert_int_equal(b[0], rows[r].b0);
            assert_int_equal(b[1], rows[r].b1);
        }
    }
    /* the receiver's reading of a few outputs */
    lte_tdd_mux_inv inv;
    uint8_t b00[2] = {0, 0}, b01[2] = {0, 1}, b10[2] = {1, 0};
    assert_int_equal(lte_tdd_ack_mux_inverse(2, 1, b00, &inv), 0); /* NACK/DTX, ACK */
    assert_int_equal(inv.dec[0], LTE_TDD_DEC_NACK_DTX);
    assert_int_equal(inv.dec[1], LTE_TDD_DEC_ACK);
    assert_int_equal(lte_tdd_ack_mux_inverse(2, 0, b10, &inv), 0); /* NACK, DTX */
    assert_int_equal(inv.dec[0], LTE_TDD_DEC_NACK);
    assert_int_equal(inv.dec[1], LTE_TDD_DEC_DTX);
    assert_int_equal(inv.n_states, 1);
    assert_int_equal(lte_tdd_ack_mux_inverse(3, 2, b01, &inv), 0); /* DTX, DTX, NACK */
    assert_int_equal(inv.dec[0], LTE_TDD_DEC_DTX);
    assert_int_equal(inv.dec[2], LTE_TDD_DEC_NACK);
    /* M = 4, (n1, 10): ACK, ACK and then any of three rows' values */
    assert_int_equal(lte_tdd_ack_mux_inverse(4, 1, b10, &inv), 0);
    assert_int_equal(inv.dec[0], LTE_TDD_DEC_ACK);
    assert_int_equal(inv.dec[1], LTE_TDD_DEC_ACK);
    assert_int_equal(inv.dec[2], LTE_TDD_DEC_ANY);
    assert_int_equal(inv.dec[3], LTE_TDD_DEC_ANY);
    assert_int_equal(inv.n_states, 2 + 2 + 4);
    /* the two M = 4 outputs only the unimplemented row could use */
    assert_int_equal(lte_tdd_ack_mux_inverse(4, 0, b00, &inv), 0);
    assert_int_equal(inv.n_states, 0);
    assert_int_equal(inv.dec[0], LTE_TDD_DEC_NONE);
    assert_int_equal(lte_tdd_ack_mux_inverse(4, 2, b01, &inv), 0);
    assert_int_equal(inv.n_states, 0);
    /* nothing detected: all DTX */
    assert_int_equal(lte_tdd_ack_mux_inverse(3, -1, NULL, &inv), 0);
    assert_int_equal(inv.n_states, 1);
    assert_int_equal(inv.state[pow3(3) - 1], 1);
}

/* spatial bundling and the resources of the detected subframes */
static void test_mux_state_and_resources(void **state)
{
    (void)state;
    lte_tdd_dl_sf dl[4] = {
        {1, 2, {1, 1}, 1, 3}, {1, 2, {1, 0}, 2, 8}, {0, 0, {0, 0}, 0, 0}, {1, 1, {0, 1}, 3, 17}};
    uint8_t h[4];
    assert_int_equal(lte_tdd_ack_mux_state(4, dl, h), 0);
    assert_int_equal(h[0], AC);
    assert_int_equal(h[1], NA);
    assert_int_equal(h[2], DT);
    assert_int_equal(h[3], NA); /* one codeword: ack[1] is not looked at */
    int n1[4];
    assert_int_equal(lte_tdd_ack_mux_resources(4, dl, 7, 50, n1), 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(n1[i], dl[i].detected ? model_n1(4, i, dl[i].n_cce, 7, 50) : -1);
}

/* ---- bundling and the DAI rule of §7.3 ---------------------------------------- */

typedef struct model_bundle {
    int transmit, missed, u, v, m, n_bits, b[2], n1;
} model_bundle;

/* The §7.3 / §10.1.3 text, literally: U_DAI = PDCCHs detected in the M
 * subframes; V_DAI^DL of the PDCCH in n - k_m, k_m the smallest k with a
 * detection; missed if U_DAI > 0 and V_DAI^DL != (U_DAI - 1) mod 4 + 1;
 * HARQ-ACK per codeword = AND over the detected subframes; sent (HARQ-ACK
 * alone on PUCCH) unless nothing was detected or an assignment was missed. */
static model_bundle model_bundling(int M, const int *k, const lte_tdd_dl_sf *dl, int n1_an,
                                   int n_rb)
{
    model_bundle r = {0, 0, 0, 0, -1, 0, {1, 1}, -1};
    int kmin = 1000;
    for (int i = 0; i < M; i++)
        if (dl[i].detected) {
            r.u++;
            if (k[i] < kmin) {
                kmin = k[i];
                r.m = i;
            }
            if (dl[i].n_cw > r.n_bits)
                r.n_bits = dl[i].n_cw;
            for (int w = 0; w < dl[i].n_cw; w++)
                r.b[w] = r.b[w] && dl[i].ack[w];
        }
    if (r.u == 0) {
        r.b[0] = r.b[1] = 0;
        return r;
    }
    if (r.n_bits == 1)
        r.b[1] = 0;
    r.v = dl[r.m].v_dai;
    r.missed = r.v != (r.u - 1) % 4 + 1;
    if (!r.missed) {
        r.transmit = 1;
        r.n1 = model_n1(M, r.m, dl[r.m].n_cce, n1_an, n_rb);
    }
    return r;
}

static void test_bundling(void **state)
{
    (void)state;
    static const int rbs[] = {6, 15, 25, 50, 75, 100};
    tu_rng rng;
    tu_rng_seed(&rng, 0x7dda);
    long sent_all = 0, caught = 0;
    for (int trial = 0; trial < 20000; trial++) {
        int cfgn = 1 + (int)(tu_rand(&rng) % 6), sf = (int)(tu_rand(&rng) % 10);
        int k[LTE_TDD_MAX_DL_ASSOC];
        int M = lte_harq_ack_dl_set(LTE_TDD, cfgn, sf, k);
        if (M <= 0)
            continue;
        int n_rb = rbs[tu_rand(&rng) % 6], n1_an = (int)(tu_rand(&rng) % 2048);
        int n4 = model_nc(n_rb, 4);
        /* time order: larger k is earlier */
        int order[LTE_TDD_MAX_DL_ASSOC];
        for (int i = 0; i < M; i++)
            order[i] = i;
        for (int a = 0; a < M; a++)
            for (int b = a + 1; b < M; b++)
                if (k[order[b]] > k[order[a]]) {
                    int t = order[a];
                    order[a] = order[b];
                    order[b] = t;
                }
        lte_tdd_dl_sf dl[LTE_TDD_MAX_DL_ASSOC];
        memset(dl, 0, sizeof dl);
        int realistic = trial % 4 != 0, sched = 0, missed_any = 0, last_sched = -1;
        int last_detected_is_last = 0;
        for (int t = 0; t < M; t++) {
            int i = order[t];
            int scheduled = tu_uniform(&rng) < 0.7;
            if (!scheduled)
                continue;
            sched++;
            last_sched = i;
            int det = tu_uniform(&rng) < 0.8;
            if (!det) {
                missed_any = 1;
                continue;
            }
            dl[i].detected = 1;
            dl[i].n_cw = 1 + (int)(tu_rand(&rng) % 2);
            dl[i].ack[0] = tu_uniform(&rng) < 0.8;
            dl[i].ack[1] = tu_uniform(&rng) < 0.8;
            dl[i].v_dai = realistic ? (sched - 1) % 4 + 1 : 1 + (int)(tu_rand(&rng) % 4);
            dl[i].n_cce = (int)(tu_rand(&rng) % (unsigned)n4);
        }
        if (last_sched >= 0 && dl[last_sched].detected)
            last_detected_is_last = 1;
        lte_tdd_bundle out;
        assert_int_equal(lte_tdd_ack_bundle(cfgn, sf, dl, n1_an, n_rb, &out), 0);
        model_bundle e = model_bundling(M, k, dl, n1_an, n_rb);
        assert_int_equal(out.transmit, e.transmit);
        assert_int_equal(out.missed, e.missed);
        assert_int_equal(out.u_dai, e.u);
        assert_int_equal(out.v_dai, e.v);
        assert_int_equal(out.m, e.m);
        assert_int_equal(out.n_bits, e.n_bits);
        assert_int_equal(out.b[0], e.b[0]);
        assert_int_equal(out.b[1], e.b[1]);
        assert_int_equal(out.n1_pucch, e.n1);
        if (!realistic)
            continue;
        /* what the eNodeB relies on */
        if (sched > 0 && !missed_any) {
            assert_int_equal(out.transmit, 1);
            sent_all++;
        }
        int n_missed = sched - out.u_dai;
        if (missed_any && last_detected_is_last && n_missed % 4 != 0) {
            assert_int_equal(out.missed, 1);
            assert_int_equal(out.transmit, 0);
            caught++;
        }
    }
    assert_true(sent_all > 1000);
    assert_true(caught > 500);

    /* configuration 2, subframe 2: K = {8, 7, 4, 6}, time order i = 0, 1, 3,
     * 2; all four scheduled, DAI 1, 2, 4, 3 for i = 0..3 */
    lte_tdd_dl_sf dl[4] = {
        {1, 1, {1, 0}, 1, 2}, {1, 1, {1, 0}, 2, 4}, {1, 1, {1, 0}, 4, 6}, {1, 1, {0, 0}, 3, 8}};
    lte_tdd_bundle out;
    assert_int_equal(lte_tdd_ack_bundle(2, 2, dl, 0, 25, &out), 0);
    assert_int_equal(out.transmit, 1);
    assert_int_equal(out.m, 2); /* k = 4: the last */
    assert_int_equal(out.b[0], 0);
    assert_int_equal(out.n1_pucch, model_n1(4, 2, 6, 0, 25));
    dl[3].detected = 0; /* the third in time missed: U = 3, V(last) = 4 */
    assert_int_equal(lte_tdd_ack_bundle(2, 2, dl, 0, 25, &out), 0);
    assert_int_equal(out.missed, 1);
    assert_int_equal(out.transmit, 0);
    dl[3].detected = 1;
    dl[2].detected = 0; /* the last missed: the DAI cannot tell (U = 3, V = 3) */
    assert_int_equal(lte_tdd_ack_bundle(2, 2, dl, 0, 25, &out), 0);
    assert_int_equal(out.missed, 0);
    assert_int_equal(out.transmit, 1);
    assert_int_equal(out.m, 3);
    for (int i = 0; i < 4; i++)
        dl[i].detected = 0;
    assert_int_equal(lte_tdd_ack_bundle(2, 2, dl, 0, 25, &out), 0);
    assert_int_equal(out.transmit, 0);
    assert_int_equal(out.u_dai, 0);
}

/* ---- through PUCCH format 1b and the receiver -------------------------------- */

static void test_mux_roundtrip(void **state)
{
    (void)state;
    static const int cells[] = {0, 137, 503};
    static const int n1_ans[] = {0, 11, 36};
    static const int ncces[] = {2, 7, 15, 24};
    const int n_rb = 25, nsymb = 14, sf = 2, n_rx = 2;
    size_t glen = (size_t)n_rb * 12 * nsymb;
    float complex *g[2] = {malloc(glen * sizeof(float complex)),
                           malloc(glen * sizeof(float complex))};
    assert_non_null(g[0]);
    assert_non_null(g[1]);
    tu_rng rng;
    tu_rng_seed(&rng, 42);
    long checked = 0;
    for (int ci = 0; ci < 3; ci++)
        for (int noisy = 0; noisy < 2; noisy++) {
            lte_pucch_cfg cfg = {.cell_id = cells[ci], .cp = LTE_CP_NORMAL, .group_hopping = ci & 1,
                                 .delta_shift = 2, .n_cs1 = 0, .n_rb2 = 1, .n_rb_ul = n_rb,
                                 .shortened = 0, .rnti = 100};
            int n1_an = n1_ans[ci];
            float n0 = noisy ? 0.01f : 1e-4f; /* 20 dB per RE, or about none */
            for (int M = 2; M <= 4; M++) {
                int n1[4];
                for (int i = 0; i < M; i++) {
                    n1[i] = lte_tdd_ack_n1pucch(M, i, ncces[i], n1_an, n_rb);
                    assert_true(n1[i] >= 0);
                    for (int j = 0; j < i; j++)
                        assert_int_not_equal(n1[i], n1[j]);
                }
                for (int s = 0; s < pow3(M); s++) {
                    uint8_t h[4], b[2];
                    int i_tx;
                    state_of(s, M, h);
                    int rc = lte_tdd_ack_mux_encode(M, h, &i_tx, b);
                    if (rc == LTE_EUNSUPPORTED)
                        continue;
                    assert_int_equal(rc, 0);
                    memset(g[0], 0, glen * sizeof(float complex));
                    memset(g[1], 0, glen * sizeof(float complex));
                    if (i_tx >= 0) {
                        float complex sym[14 * 12];
                        int prb[2];
                        assert_int_equal(
                            lte_pucch_encode(&cfg, LTE_PUCCH_F1B, n1[i_tx], sf, b, sym, prb), 0);
                        for (int a = 0; a < n_rx; a++) {
                            /* a flat channel per antenna */
                            float complex hch = noisy ? (float)tu_gauss(&rng) * 0.7f +
                                                            I * (float)tu_gauss(&rng) * 0.7f
                                                      : (a ? I : 1.0f);
                            if (cabsf(hch) < 0.3f)
                                hch = 0.3f;
                            float complex tmp[14 * 12];
                            for (int x = 0; x < 14 * 12; x++)
                                tmp[x] = hch * sym[x];
                            assert_int_equal(lte_pucch_map(&cfg, tmp, prb, 1.0f, g[a]), 0);
                        }
                    }
                    if (noisy)
                        for (int a = 0; a < n_rx; a++)
                            for (size_t x = 0; x < glen; x++)
                                g[a][x] += sqrtf(n0 / 2) * (float)tu_gauss(&rng) +
                                           I * sqrtf(n0 / 2) * (float)tu_gauss(&rng);
                    lte_tdd_mux_det det;
                    const float complex *const gg[2] = {g[0], g[1]};
                    assert_int_equal(
                        lte_tdd_ack_mux_detect(&cfg, sf, gg, n_rx, n0, 20.0f, M, n1, &det), 0);
                    assert_int_equal(det.i_res, i_tx);
                    if (i_tx >= 0) {
                        assert_int_equal(det.b[0], b[0]);
                        assert_int_equal(det.b[1], b[1]);
                    }
                    assert_int_equal(det.inv.state[s], 1);
                    for (int i = 0; i < M; i++)
                        assert_true(det.inv.dec[i] & (1u << h[i]));
                    checked++;
                }
            }
        }
    assert_int_equal(checked, 3 * 2 * (9 + 27 + 81 - 4));
    free(g[0]);
    free(g[1]);
}

static void test_bad_args(void **state)
{
    (void)state;
    uint8_t h[4] = {0, 0, 0, 0}, b[2];
    int i;
    assert_int_equal(lte_tdd_ack_mux_encode(1, h, &i, b), LTE_EINVAL);
    assert_int_equal(lte_tdd_ack_mux_encode(5, h, &i, b), LTE_EINVAL);
    h[1] = 3;
    assert_int_equal(lte_tdd_ack_mux_encode(2, h, &i, b), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "harq[1]"));
    lte_tdd_mux_inv inv;
    assert_int_equal(lte_tdd_ack_mux_inverse(3, 3, b, &inv), LTE_EINVAL);
    assert_int_equal(lte_tdd_ack_n1pucch(2, 2, 0, 0, 25), LTE_EINVAL);
    assert_int_equal(lte_tdd_ack_n1pucch(2, 0, -1, 0, 25), LTE_EINVAL);
    assert_int_equal(lte_tdd_ack_n1pucch(2, 0, 0, 2048, 25), LTE_EINVAL);
    assert_int_equal(lte_tdd_ack_n1pucch(2, 0, 0, 0, 5), LTE_EINVAL);
    lte_tdd_dl_sf dl[4] = {{1, 1, {1, 0}, 5, 0}};
    lte_tdd_bundle out;
    assert_int_equal(lte_tdd_ack_bundle(1, 2, dl, 0, 25, &out), LTE_EINVAL); /* v_dai 5 */
    assert_non_null(strstr(lte_errdetail(), "v_dai"));
    dl[0].v_dai = 1;
    assert_int_equal(lte_tdd_ack_bundle(0, 2, dl, 0, 25, &out), LTE_EINVAL);
    assert_int_equal(lte_tdd_ack_bundle(1, 0, dl, 0, 25, &out), LTE_EINVAL); /* downlink sf */
    assert_int_equal(lte_tdd_ack_bundle(1, 3, dl, 0, 25, &out), 0);
    assert_int_equal(out.transmit, 1);
    lte_pucch_cfg cfg = {.cell_id = 1, .cp = LTE_CP_NORMAL, .delta_shift = 1, .n_rb_ul = 6};
    float complex grid[6 * 12 * 14] = {0};
    const float complex *gg[1] = {grid};
    int n1[4] = {0, 1, 2, 3};
    lte_tdd_mux_det det;
    assert_int_equal(lte_tdd_ack_mux_detect(&cfg, 2, gg, 1, 0.0f, 5.0f, 4, n1, &det), LTE_EINVAL);
    assert_int_equal(lte_tdd_ack_mux_detect(&cfg, 2, gg, 1, 1.0f, 5.0f, 5, n1, &det), LTE_EINVAL);
    assert_int_equal(lte_tdd_ack_mux_detect(&cfg, 2, gg, 9, 1.0f, 5.0f, 4, n1, &det), LTE_EINVAL);
    assert_int_equal(lte_tdd_ack_mux_detect(&cfg, 2, gg, 1, 1.0f, 5.0f, 4, n1, &det), 0);
    assert_int_equal(det.i_res, -1); /* nothing there */
    assert_int_equal(det.inv.n_states, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_n1pucch),         cmocka_unit_test(test_mux_structure),
        cmocka_unit_test(test_mux_spot_values), cmocka_unit_test(test_mux_state_and_resources),
        cmocka_unit_test(test_bundling),        cmocka_unit_test(test_mux_roundtrip),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
