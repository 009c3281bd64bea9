/* Tests of the PDSCH (36.211 §6.3, §6.4): RE mapping counts against the RE
 * classification, G, and round trips through an ideal and a random per-RE
 * flat channel with AWGN for TM1-TM4, every bandwidth, FDD and TDD (DwPTS).
 * The decoded transport block must equal the one sent, which fails if the
 * transmitter or the receiver side of any stage is wrong.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/dlphy.h"
#include "ltephy/error.h"
#include "ltephy/gold.h"
#include "tests/common/dltest.h"
#include "tests/common/testutil.h"

/* ---- channel model written for the tests ---------------------------------- */
/* ---- helpers ---------------------------------------------------------------- */

static lte_cell_cfg cell_of(int n_rb, int ports, int cell_id)
{
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    c.n_rb = n_rb;
    c.n_ports = ports;
    c.cell_id = cell_id;
    return c;
}

static int count_prbs(const uint8_t *mask, int n_rb)
{
    int n = 0;
    for (int i = 0; i < n_rb; i++)
        n += mask[i] != 0;
    return n;
}

/* PDSCH REs of the allocation, by walking the map PRB by PRB. */
static int model_re_count(const lte_grid *g, const uint8_t *mask)
{
    int n = 0;
    for (int l = 0; l < g->n_symb; l++)
        for (int k = 0; k < g->n_sc; k++)
            if (mask[k / 12] && g->map[l * g->n_sc + k] == LTE_RE_PDSCH)
                n++;
    return n;
}

static void test_re_counts(void **state)
{
    (void)state;
    static const int nrbs[6] = {6, 15, 25, 50, 75, 100};
    tu_rng r;
    tu_rng_seed(&r, 11);
    for (int b = 0; b < 6; b++)
        for (int ports = 1; ports <= 4; ports *= 2)
            for (int tdd = 0; tdd < 2; tdd++) {
                lte_cell_cfg c = cell_of(nrbs[b], ports, 3 * b + ports);
                c.duplex = tdd ? LTE_TDD : LTE_FDD;
                lte_grid *g;
                assert_int_equal(lte_grid_create(&c, &g), 0);
                for (int sf = 0; sf < 10; sf++) {
                    assert_int_equal(lte_grid_set_subframe(g, sf), 0);
                    int counts[LTE_RE_NCLASSES];
                    assert_int_equal(lte_grid_re_counts(&c, sf, counts), 0);
                    assert_int_equal(lte_pdsch_re_count(g, NULL), counts[LTE_RE_PDSCH]);
                    uint8_t mask[LTE_MAX_RB];
                    for (int i = 0; i < c.n_rb; i++)
                        mask[i] = (uint8_t)(tu_rand(&r) & 1);
                    assert_int_equal(lte_pdsch_re_count(g, mask), model_re_count(g, mask));
                }
                lte_grid_destroy(g);
            }
}

/* After mapping, exactly the PDSCH REs of the allocation changed. */
static void test_mapping_footprint(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 5);
    for (int ports = 1; ports <= 4; ports *= 2) {
        lte_cell_cfg c = cell_of(25, ports, 101);
        lte_grid *g;
        lte_pdsch *p;
        assert_int_equal(lte_grid_create(&c, &g), 0);
        assert_int_equal(lte_pdsch_create(&c, NULL, &p), 0);
        for (int sf = 0; sf < 10; sf += 5) {
            assert_int_equal(lte_grid_set_subframe(g, sf), 0);
            assert_int_equal(lte_grid_put_signals(g, 1, 1), 0);
            lte_pdsch_cfg pc = {0};
            lte_dl_ctrl_mimo(ports, &pc.mimo);
            pc.rnti = 0x1234;
            pc.mod[0] = LTE_MOD_QPSK;
            for (int i = 0; i < c.n_rb; i++)
                pc.prb_mask[i] = (uint8_t)(i % 3 != 1);
            int G = lte_pdsch_g(g, &pc, 0, NULL);
            int nre = model_re_count(g, pc.prb_mask);
            assert_int_equal(G, nre * 2);
            uint8_t *f = malloc((size_t)G);
            tu_random_bits(&r, f, G);
            float complex *before = malloc((size_t)g->n_re * sizeof(float complex));
            memcpy(before, g->port[0], (size_t)g->n_re * sizeof(float complex));
            const uint8_t *fs[2] = {f, NULL};
            assert_int_equal(lte_pdsch_map_bits(p, g, &pc, fs, 1.0f), 0);
            int changed = 0;
            double pw = 0;
            for (int i = 0; i < g->n_re; i++) {
                int in_alloc = pc.prb_mask[(i % g->n_sc) / 12] && g->map[i] == LTE_RE_PDSCH;
                double e = 0;
                for (int q = 0; q < ports; q++)
                    e += cabsf(g->port[q][i]) * cabsf(g->port[q][i]);
                if (in_alloc) {
                    pw += e;
                } else {
                    assert_true(g->port[0][i] == before[i]); /* untouched */
                }
                changed += in_alloc && g->port[0][i] != before[i];
            }
            /* QPSK, single port: every RE changed; unit power per RE summed over ports */
            if (ports == 1)
                assert_int_equal(changed, nre);
            assert_true(fabs(pw / nre - 1.0) < 1e-4);
            free(f);
            free(before);
        }
        lte_pdsch_destroy(p);
        lte_grid_destroy(g);
    }
}

/* Transmitter against a model written here from the spec: c_init of §6.3.1,
 * QPSK of Table 7.1.2-1, k-first-then-l mapping (§6.3.5) read off the map,
 * and for 2 ports the SFBC of §6.3.4.3. */
static void test_tx_model(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 9);
    for (int ports = 1; ports <= 2; ports++) {
        lte_cell_cfg c = cell_of(15, ports, 317);
        lte_grid *g;
        lte_pdsch *p;
        assert_int_equal(lte_grid_create(&c, &g), 0);
        assert_int_equal(lte_pdsch_create(&c, NULL, &p), 0);
        int sf = 5;
        assert_int_equal(lte_grid_set_subframe(g, sf), 0);
        lte_pdsch_cfg pc = {0};
        lte_dl_ctrl_mimo(ports, &pc.mimo);
        pc.rnti = 0xBEEF;
        pc.mod[0] = LTE_MOD_QPSK;
        for (int i = 0; i < c.n_rb; i++)
            pc.prb_mask[i] = (uint8_t)(i % 4 != 0);
        int G = lte_pdsch_g(g, &pc, 0, NULL);
        uint8_t *f = malloc((size_t)G), *cs = malloc((size_t)G);
        tu_random_bits(&r, f, G);
        const uint8_t *fs[2] = {f, NULL};
        assert_int_equal(lte_pdsch_map_bits(p, g, &pc, fs, 1.0f), 0);
        uint32_t c_init = (uint32_t)pc.rnti * 16384u + 0 * 8192u + (uint32_t)sf * 512u + 317u;
        assert_int_equal(lte_gold_bits(c_init, G, cs), 0);
        const float s = (float)M_SQRT1_2;
        int i = 0;
        float complex pend[2] = {0, 0};
        int pend_idx[2] = {0, 0};
        for (int l = 0; l < g->n_symb; l++)
            for (int k = 0; k < g->n_sc; k++) {
                int idx = l * g->n_sc + k;
                if (!pc.prb_mask[k / 12] || g->map[idx] != LTE_RE_PDSCH)
                    continue;
                int b0 = f[2 * i] ^ cs[2 * i], b1 = f[2 * i + 1] ^ cs[2 * i + 1];
                float complex d = s * ((1 - 2 * b0) + I * (1 - 2 * b1));
                if (ports == 1) {
                    assert_true(cabsf(g->port[0][idx] - d) < 1e-6f);
                } else {
                    pend[i % 2] = d;
                    pend_idx[i % 2] = idx;
                    if (i % 2 == 1) { /* Alamouti pair (2j, 2j+1) */
                        int a = pend_idx[0], b = pend_idx[1];
                        assert_true(cabsf(g->port[0][a] - s * pend[0]) < 1e-6f);
                        assert_true(cabsf(g->port[1][a] + s * conjf(pend[1])) < 1e-6f);
                        assert_true(cabsf(g->port[0][b] - s * pend[1]) < 1e-6f);
                        assert_true(cabsf(g->port[1][b] - s * conjf(pend[0])) < 1e-6f);
                    }
                }
                i++;
            }
        assert_int_equal(2 * i, G);
        free(f);
        free(cs);
        lte_pdsch_destroy(p);
        lte_grid_destroy(g);
    }
}

/* One round trip. Returns after asserting the decoded TBs. */
typedef struct rt_case {
    int n_rb, ports, subframe, tdd, ssf;
    lte_tx_scheme scheme;
    int layers, n_cw, codebook;
    lte_mod mod;
    int random, n_rx, full;
    lte_cp cp;
} rt_case;

static void round_trip(const rt_case *t, tu_rng *r)
{
    lte_cell_cfg c = cell_of(t->n_rb, t->ports, (int)(tu_rand(r) % 504));
    c.cp = t->cp;
    if (t->tdd) {
        c.duplex = LTE_TDD;
        c.tdd_config = 1;
        c.ssf_config = t->ssf;
    }
    lte_grid *g;
    lte_pdsch *p;
    lte_dlrx *rx;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    assert_int_equal(lte_pdsch_create(&c, NULL, &p), 0);
    assert_int_equal(lte_dlrx_create(&c, 4, &rx), 0);
    assert_int_equal(lte_grid_set_subframe(g, t->subframe), 0);
    lte_pdsch_cfg pc = {0};
    pc.mimo = (lte_mimo_cfg){t->scheme, t->ports, t->layers, t->n_cw, t->codebook};
    pc.rnti = (uint16_t)(1 + tu_rand(r) % 65535);
    for (int i = 0; i < c.n_rb; i++)
        pc.prb_mask[i] = (uint8_t)(t->full || (tu_rand(r) % 4 != 0));
    int n_prb = count_prbs(pc.prb_mask, c.n_rb);
    uint8_t *tb[2] = {NULL, NULL}, *out[2] = {NULL, NULL};
    lte_sch_harq *hq[2] = {NULL, NULL};
    pc.mod[0] = pc.mod[1] = t->mod;
    for (int q = 0; q < t->n_cw; q++) {
        int G = lte_pdsch_g(g, &pc, q, NULL), v = lte_pdsch_cw_layers(&pc.mimo, q);
        if (G <= 0)
            print_error("G = %d: %s\n", G, lte_errdetail());
        assert_true(G > 0);
        /* a real TBS of 36.213 with a code rate below ~0.6 */
        int tbs = 0;
        for (int itbs = 26; itbs >= 0; itbs--) {
            assert_int_equal(lte_tbs_layers(itbs, n_prb, v, &tbs), 0);
            if (tbs + 24 < 0.6 * G)
                break;
        }
        pc.tbs[q] = tbs;
        tb[q] = malloc((size_t)tbs);
        out[q] = calloc((size_t)tbs, 1);
        tu_random_bits(r, tb[q], tbs);
        assert_int_equal(lte_sch_harq_create(tbs, &hq[q]), 0);
    }
    const uint8_t *tbc[2] = {tb[0], tb[1]};
    assert_int_equal(lte_pdsch_encode(p, g, &pc, tbc, 1.0f), 0);
    tchan ch;
    int n_rx = t->random ? t->n_rx : t->ports;
    tchan_init(&ch, g->n_re, n_rx, t->ports);
    tchan_apply(&ch, g, t->random, 0.003f, LTE_EQ_MMSE, r);
    lte_sch_result res[2];
    int rc = lte_pdsch_decode(p, rx, g, &pc, &ch.in, hq, out, res);
    if (rc != 0)
        print_error("case n_rb %d ports %d scheme %d v %d cw %d mod %d random %d sf %d: %s\n",
                    t->n_rb, t->ports, t->scheme, t->layers, t->n_cw, t->mod, t->random,
                    t->subframe, lte_errdetail());
    assert_int_equal(rc, 0);
    for (int q = 0; q < t->n_cw; q++) {
        assert_true(res[q].crc_ok);
        assert_memory_equal(out[q], tb[q], (size_t)pc.tbs[q]);
        /* LLR signs of the descrambled soft bits: positive favours 0 */
        const float *llr;
        int n;
        assert_int_equal(lte_pdsch_llr(p, q, &llr, &n), 0);
        assert_int_equal(n, lte_pdsch_g(g, &pc, q, NULL));
        free(tb[q]);
        free(out[q]);
        lte_sch_harq_destroy(hq[q]);
    }
    tchan_free(&ch);
    lte_dlrx_destroy(rx);
    lte_pdsch_destroy(p);
    lte_grid_destroy(g);
}

static void test_round_trips(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 2024);
    static const int nrbs[6] = {6, 15, 25, 50, 75, 100};
    const lte_mod mods[3] = {LTE_MOD_QPSK, LTE_MOD_16QAM, LTE_MOD_64QAM};
    /* every bandwidth with TM1 and TM2 (2 and 4 ports), ideal and random */
    for (int b = 0; b < 6; b++)
        for (int random = 0; random < 2; random++) {
            rt_case t1 = {nrbs[b], 1, b % 10, 0, 0, LTE_TX_SINGLE_PORT, 1, 1, 0, mods[b % 3],
                          random, 2, b % 2, LTE_CP_NORMAL};
            round_trip(&t1, &r);
            rt_case t2 = {nrbs[b], 2, (b + 5) % 10, 0, 0, LTE_TX_DIVERSITY, 2, 1, 0,
                          mods[(b + 1) % 3], random, 2, 0, LTE_CP_NORMAL};
            round_trip(&t2, &r);
            rt_case t4 = {nrbs[b], 4, 0, 0, 0, LTE_TX_DIVERSITY, 4, 1, 0, mods[(b + 2) % 3],
                          random, 2, 1, b % 2 ? LTE_CP_EXTENDED : LTE_CP_NORMAL};
            round_trip(&t4, &r);
        }
}

static void test_round_trips_mimo(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 77);
    const rt_case cases[] = {
        /* TM3: large-delay CDD, 1 and 2 codewords */
        {25, 2, 1, 0, 0, LTE_TX_LARGE_CDD, 2, 2, 0, LTE_MOD_16QAM, 0, 2, 1, LTE_CP_NORMAL},
        {25, 2, 2, 0, 0, LTE_TX_LARGE_CDD, 2, 2, 0, LTE_MOD_16QAM, 1, 2, 0, LTE_CP_NORMAL},
        {50, 4, 3, 0, 0, LTE_TX_LARGE_CDD, 4, 2, 0, LTE_MOD_64QAM, 0, 4, 0, LTE_CP_NORMAL},
        {15, 4, 4, 0, 0, LTE_TX_LARGE_CDD, 3, 2, 0, LTE_MOD_QPSK, 1, 4, 1, LTE_CP_NORMAL},
        {6, 4, 0, 0, 0, LTE_TX_LARGE_CDD, 2, 1, 0, LTE_MOD_16QAM, 1, 2, 1, LTE_CP_NORMAL},
        /* TM4: closed loop, codebooks of Tables 6.3.4.2.3-1/-2 */
        {25, 2, 6, 0, 0, LTE_TX_SPATIAL_MUX, 1, 1, 3, LTE_MOD_64QAM, 1, 1, 0, LTE_CP_NORMAL},
        {50, 2, 7, 0, 0, LTE_TX_SPATIAL_MUX, 2, 2, 1, LTE_MOD_16QAM, 1, 2, 0, LTE_CP_EXTENDED},
        {75, 4, 8, 0, 0, LTE_TX_SPATIAL_MUX, 4, 2, 9, LTE_MOD_QPSK, 1, 4, 0, LTE_CP_NORMAL},
        {100, 4, 9, 0, 0, LTE_TX_SPATIAL_MUX, 2, 1, 5, LTE_MOD_16QAM, 0, 2, 1, LTE_CP_NORMAL},
        /* 256QAM (Table 7.1.5-1) */
        {50, 1, 3, 0, 0, LTE_TX_SINGLE_PORT, 1, 1, 0, LTE_MOD_256QAM, 0, 1, 1, LTE_CP_NORMAL},
        {25, 2, 8, 0, 0, LTE_TX_SPATIAL_MUX, 2, 2, 2, LTE_MOD_256QAM, 0, 2, 0, LTE_CP_NORMAL},
        /* TDD configuration 1: special subframes (DwPTS 9, 10, 11 symbols) and a D subframe */
        {25, 1, 1, 1, 7, LTE_TX_SINGLE_PORT, 1, 1, 0, LTE_MOD_16QAM, 1, 2, 1, LTE_CP_NORMAL},
        {50, 2, 6, 1, 3, LTE_TX_DIVERSITY, 2, 1, 0, LTE_MOD_QPSK, 1, 2, 0, LTE_CP_NORMAL},
        {15, 4, 1, 1, 1, LTE_TX_DIVERSITY, 4, 1, 0, LTE_MOD_64QAM, 0, 2, 1, LTE_CP_NORMAL},
        {100, 2, 4, 1, 7, LTE_TX_LARGE_CDD, 2, 2, 0, LTE_MOD_64QAM, 1, 2, 1, LTE_CP_NORMAL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        round_trip(&cases[i], &r);
}

/* HARQ: a transport block sent at code rate 1.2 cannot decode from rv 0
 * alone; adding rv 2 into the same soft buffer (rate 0.6) decodes it. */
static void test_harq_combining(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 21);
    lte_cell_cfg c = cell_of(25, 2, 44);
    lte_grid *g;
    lte_pdsch *p;
    lte_dlrx *rx;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    assert_int_equal(lte_pdsch_create(&c, NULL, &p), 0);
    assert_int_equal(lte_dlrx_create(&c, 2, &rx), 0);
    lte_pdsch_cfg pc = {0};
    lte_dl_ctrl_mimo(2, &pc.mimo);
    pc.rnti = 0x0F0F;
    pc.mod[0] = LTE_MOD_QPSK;
    memset(pc.prb_mask, 1, (size_t)c.n_rb);
    assert_int_equal(lte_grid_set_subframe(g, 2), 0);
    int G = lte_pdsch_g(g, &pc, 0, NULL);
    pc.tbs[0] = (G + G / 5) / 8 * 8;
    uint8_t *tb = malloc((size_t)pc.tbs[0]), *out = calloc((size_t)pc.tbs[0], 1);
    tu_random_bits(&r, tb, pc.tbs[0]);
    lte_sch_harq *hq[2] = {NULL, NULL};
    assert_int_equal(lte_sch_harq_create(pc.tbs[0], &hq[0]), 0);
    const uint8_t *tbc[2] = {tb, NULL};
    uint8_t *outs[2] = {out, NULL};
    tchan ch;
    tchan_init(&ch, g->n_re, 2, 2);
    const int rvs[2] = {0, 2};
    for (int t = 0; t < 2; t++) {
        pc.rv[0] = rvs[t];
        assert_int_equal(lte_grid_set_subframe(g, 2 + t), 0);
        assert_int_equal(lte_pdsch_encode(p, g, &pc, tbc, 1.0f), 0);
        tchan_apply(&ch, g, 1, 0.01f, LTE_EQ_MMSE, &r);
        lte_sch_result res[2];
        int rc = lte_pdsch_decode(p, rx, g, &pc, &ch.in, hq, outs, res);
        assert_int_equal(rc, t == 0 ? LTE_ECRC : 0);
        assert_int_equal(res[0].crc_ok, t == 1);
    }
    assert_memory_equal(out, tb, (size_t)pc.tbs[0]);
    tchan_free(&ch);
    lte_sch_harq_destroy(hq[0]);
    free(tb);
    free(out);
    lte_dlrx_destroy(rx);
    lte_pdsch_destroy(p);
    lte_grid_destroy(g);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_cell_cfg c = cell_of(6, 1, 0);
    c.duplex = LTE_TDD;
    c.tdd_config = 1;
    c.ssf_config = 0; /* DwPTS of 3 symbols: no PDSCH (36.213 §7.1.7) */
    lte_grid *g;
    lte_pdsch *p;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    assert_int_equal(lte_pdsch_create(&c, NULL, &p), 0);
    lte_pdsch *p2;
    assert_int_equal(lte_pdsch_create(NULL, NULL, &p2), LTE_EINVAL);
    lte_pdsch_cfg pc = {0};
    lte_dl_ctrl_mimo(1, &pc.mimo);
    pc.mod[0] = LTE_MOD_QPSK;
    memset(pc.prb_mask, 1, sizeof(pc.prb_mask));
    uint8_t tbits[100] = {0};
    const uint8_t *tb[2] = {tbits, NULL};
    pc.tbs[0] = 100;
    assert_int_equal(lte_grid_set_subframe(g, 1), 0);
    assert_int_equal(lte_pdsch_encode(p, g, &pc, tb, 1), LTE_EINVAL); /* no REs */
    assert_int_equal(lte_grid_set_subframe(g, 0), 0);
    int rc0 = lte_pdsch_encode(p, g, &pc, tb, 1);
    if (rc0)
        print_error("%s\n", lte_errdetail());
    assert_int_equal(rc0, 0);
    pc.mod[0] = LTE_MOD_BPSK;
    assert_int_equal(lte_pdsch_encode(p, g, &pc, tb, 1), LTE_EINVAL);
    pc.mod[0] = LTE_MOD_QPSK;
    pc.mimo.n_ports = 2; /* the cell has one port */
    assert_int_equal(lte_pdsch_encode(p, g, &pc, tb, 1), LTE_EINVAL);
    lte_dl_ctrl_mimo(1, &pc.mimo);
    pc.rv[0] = 4;
    assert_int_equal(lte_pdsch_encode(p, g, &pc, tb, 1), LTE_EINVAL);
    pc.rv[0] = 0;
    assert_int_equal(lte_pdsch_encode(p, g, &pc, tb, NAN), LTE_EINVAL);
    assert_int_equal(lte_pdsch_cw_layers(&pc.mimo, 1), LTE_EINVAL);
    assert_int_equal(lte_pdsch_re_count(NULL, NULL), LTE_EINVAL);
    lte_dlrx *rx;
    assert_int_equal(lte_dlrx_create(&c, 0, &rx), LTE_EINVAL);
    assert_int_equal(lte_dlrx_create(&c, 1, &rx), 0);
    lte_dl_rxin in = {0};
    lte_sch_harq *hq[2] = {NULL, NULL};
    uint8_t *o[2] = {tbits, NULL};
    assert_int_equal(lte_pdsch_decode(p, rx, g, &pc, &in, hq, o, NULL), LTE_EINVAL);
    lte_dlrx_destroy(rx);
    lte_pdsch_destroy(p);
    lte_grid_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_re_counts),       cmocka_unit_test(test_mapping_footprint),
        cmocka_unit_test(test_round_trips),     cmocka_unit_test(test_round_trips_mimo),
        cmocka_unit_test(test_tx_model),        cmocka_unit_test(test_harq_combining),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
