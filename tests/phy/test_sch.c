/* Tests of DL-SCH/UL-SCH transport-block coding (36.212 §5.3.2).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/crc.h"
#include "ltephy/error.h"
#include "ltephy/sch.h"
#include "tests/common/testutil.h"

static lte_sch_cfg base_cfg(int tbs_max)
{
    lte_sch_cfg c = {0};
    c.tbs_max = tbs_max;
    c.alg = LTE_TURBO_MAX_LOG_MAP;
    c.ext_scale = 0.75f;
    c.max_iter = 8;
    c.threads = 2;
    return c;
}

/* E_r per §5.1.4.1.2 computed here from the spec's text, independently. */
static void check_plan(const lte_sch_cfg *cfg, const lte_sch_tx *tx)
{
    lte_cb_seg seg;
    int E[64], ncb[64];
    assert_int_equal(lte_sch_cb_plan(cfg, tx, &seg, E, ncb, 64), 0);
    int sum = 0, nlqm = tx->n_layers * tx->q_m, Gp = tx->G / nlqm;
    int lo = nlqm * (Gp / seg.C), hi = nlqm * ((Gp + seg.C - 1) / seg.C);
    for (int r = 0; r < seg.C; r++) {
        sum += E[r];
        assert_true(E[r] == lo || E[r] == hi);
        if (r > 0)
            assert_true(E[r] >= E[r - 1]); /* the larger blocks come last */
    }
    assert_int_equal(sum, tx->G);
}

/* Noiseless round trip: BPSK image of f decodes to the TB with all CRCs passing,
 * and the stage outputs obey the spec's structural rules. */
static void roundtrip(int tbs, int G, int q_m, int n_layers, int rv, int uplink, int n_soft)
{
    lte_sch_cfg cfg = base_cfg(tbs);
    cfg.uplink = uplink;
    cfg.n_soft = n_soft;
    cfg.k_mimo = 1;
    cfg.m_dl_harq = 8;
    cfg.m_limit = 8;
    lte_sch_tx tx = {tbs, G, q_m, n_layers, rv};
    check_plan(&cfg, &tx);
    lte_sch_enc *enc;
    lte_sch_dec *dec;
    lte_sch_harq *h;
    assert_int_equal(lte_sch_enc_create(&cfg, &enc), 0);
    assert_int_equal(lte_sch_dec_create(&cfg, &dec), 0);
    assert_int_equal(lte_sch_harq_create(tbs, &h), 0);
    tu_rng rng;
    tu_rng_seed(&rng, (uint64_t)tbs * 131 + (uint64_t)rv);
    uint8_t *tb = malloc((size_t)tbs), *out = malloc((size_t)tbs), *f = malloc((size_t)G);
    float *llr = malloc(sizeof(float) * (size_t)G);
    tu_random_bits(&rng, tb, tbs);
    assert_int_equal(lte_sch_encode(enc, &tx, tb, f), 0);

    /* stage structure: b = a + CRC24A; each CB of a segmented TB checks CRC24B;
     * the CB payloads concatenated (fillers dropped) are b again. */
    const uint8_t *b, *cb;
    int nb, ncb_bits;
    assert_int_equal(lte_sch_enc_stage(enc, LTE_SCH_STAGE_TB_CRC, 0, &b, &nb), 0);
    assert_int_equal(nb, tbs + 24);
    assert_memory_equal(b, tb, (size_t)tbs);
    assert_int_equal(lte_crc_check(LTE_CRC24A, b, nb), 1);
    lte_cb_seg seg;
    int E[64], ncb[64];
    assert_int_equal(lte_sch_cb_plan(&cfg, &tx, &seg, E, ncb, 64), 0);
    int pos = 0;
    for (int r = 0; r < seg.C; r++) {
        assert_int_equal(lte_sch_enc_stage(enc, LTE_SCH_STAGE_CB, r, &cb, &ncb_bits), 0);
        int F = r == 0 ? seg.F : 0;
        for (int k = 0; k < F; k++)
            assert_int_equal(cb[k], 0);
        if (seg.C > 1)
            assert_int_equal(lte_crc_check(LTE_CRC24B, cb + F, ncb_bits - F), 1);
        int data = ncb_bits - F - seg.L;
        assert_memory_equal(cb + F, b + pos, (size_t)data);
        pos += data;
    }
    assert_int_equal(pos, nb);

    for (int i = 0; i < G; i++)
        llr[i] = f[i] ? -4.0f : 4.0f;
    lte_sch_result res;
    assert_int_equal(lte_sch_decode(dec, h, &tx, llr, out, &res), 0);
    assert_int_equal(res.crc_ok, 1);
    assert_int_equal(res.cbs, seg.C);
    assert_int_equal(res.cbs_ok, seg.C);
    assert_memory_equal(out, tb, (size_t)tbs);
    free(tb); free(out); free(f); free(llr);
    lte_sch_harq_destroy(h);
    lte_sch_enc_destroy(enc);
    lte_sch_dec_destroy(dec);
}

static void test_roundtrip_sizes(void **state)
{
    (void)state;
    /* small (filler bits), one block, the 6144 boundary, several blocks, 20 MHz */
    roundtrip(16, 480, 2, 1, 0, 0, 0);       /* B = 40 */
    roundtrip(17, 300, 2, 1, 0, 0, 0);       /* B = 41: K = 48, F = 7 */
    roundtrip(1000, 3000, 2, 1, 1, 0, 0);
    roundtrip(6120, 18432, 6, 1, 0, 0, 0);   /* B = 6144: one block, no CB CRC */
    roundtrip(6121, 18432, 6, 1, 2, 0, 0);   /* B = 6145: two blocks */
    roundtrip(75376, 86400, 6, 1, 0, 0, 0);  /* 20 MHz MCS 28: 13 blocks */
    roundtrip(75376, 86400, 6, 1, 0, 0, 1237248); /* category-3 soft buffer limit */
    roundtrip(2600, 7200, 4, 2, 3, 0, 0);    /* transmit diversity: N_L = 2 */
    roundtrip(9528, 14400, 2, 1, 0, 1, 0);   /* UL-SCH */
}

/* HARQ: at an SNR where the first transmission alone fails, combining it with
 * a second (rv 2) decodes. Fixed seed. */
static void test_harq_combining(void **state)
{
    (void)state;
    const int tbs = 2984, G = 3600; /* code rate ~0.84 on one transmission */
    lte_sch_cfg cfg = base_cfg(tbs);
    lte_sch_tx tx = {tbs, G, 2, 1, 0};
    lte_sch_enc *enc;
    lte_sch_dec *dec;
    lte_sch_harq *h;
    assert_int_equal(lte_sch_enc_create(&cfg, &enc), 0);
    assert_int_equal(lte_sch_dec_create(&cfg, &dec), 0);
    assert_int_equal(lte_sch_harq_create(tbs, &h), 0);
    tu_rng rng;
    tu_rng_seed(&rng, 7);
    uint8_t tb[2984], out[2984], f[3600];
    float llr[3600];
    tu_random_bits(&rng, tb, tbs);
    const float sigma = 1.0f; /* BPSK Es/N0 = 0 dB per bit: rate 0.84 fails alone */
    int first_ok = 0, combined_ok = 0, trials = 10;
    for (int t = 0; t < trials; t++) {
        lte_sch_harq_reset(h);
        lte_sch_result res;
        for (int rv_i = 0; rv_i < 2; rv_i++) {
            tx.rv = rv_i == 0 ? 0 : 2;
            assert_int_equal(lte_sch_encode(enc, &tx, tb, f), 0);
            for (int i = 0; i < G; i++) {
                float y = (f[i] ? -1.0f : 1.0f) + sigma * (float)tu_gauss(&rng);
                llr[i] = 2.0f * y / (sigma * sigma);
            }
            assert_int_equal(lte_sch_decode(dec, h, &tx, llr, out, &res), 0);
            if (rv_i == 0)
                first_ok += res.crc_ok;
            else
                combined_ok += res.crc_ok && memcmp(out, tb, tbs) == 0;
        }
    }
    assert_true(first_ok <= trials / 5);
    assert_true(combined_ok >= trials - 1);
    lte_sch_harq_destroy(h);
    lte_sch_enc_destroy(enc);
    lte_sch_dec_destroy(dec);
}

/* The decoded result does not depend on the number of threads. */
static void test_thread_independence(void **state)
{
    (void)state;
    const int tbs = 30576, G = 36000;
    uint8_t *tb = malloc(tbs), *o1 = malloc(tbs), *o2 = malloc(tbs), *f = malloc(G);
    float *llr = malloc(sizeof(float) * G);
    tu_rng rng;
    tu_rng_seed(&rng, 11);
    tu_random_bits(&rng, tb, tbs);
    lte_sch_tx tx = {tbs, G, 6, 1, 0};
    lte_sch_result r1, r2;
    for (int nt = 1; nt <= 2; nt++) {
        lte_sch_cfg cfg = base_cfg(tbs);
        cfg.threads = nt;
        lte_sch_enc *enc;
        lte_sch_dec *dec;
        lte_sch_harq *h;
        assert_int_equal(lte_sch_enc_create(&cfg, &enc), 0);
        assert_int_equal(lte_sch_dec_create(&cfg, &dec), 0);
        assert_int_equal(lte_sch_harq_create(tbs, &h), 0);
        assert_int_equal(lte_sch_encode(enc, &tx, tb, f), 0);
        tu_rng noise;
        tu_rng_seed(&noise, 99);
        for (int i = 0; i < G; i++)
            llr[i] = 2.0f * ((f[i] ? -1.0f : 1.0f) + 0.8f * (float)tu_gauss(&noise)) / 0.64f;
        assert_int_equal(lte_sch_decode(dec, h, &tx, llr, nt == 1 ? o1 : o2, nt == 1 ? &r1 : &r2),
                         0);
        lte_sch_harq_destroy(h);
        lte_sch_enc_destroy(enc);
        lte_sch_dec_destroy(dec);
    }
    assert_memory_equal(o1, o2, (size_t)tbs);
    assert_int_equal(r1.crc_ok, r2.crc_ok);
    assert_int_equal(r1.cbs_ok, r2.cbs_ok);
    assert_int_equal(r1.iterations_max, r2.iterations_max);
    free(tb); free(o1); free(o2); free(f); free(llr);
}

/* The fixed-point decoders (turbo_fx.h) behind the same interface: noiseless
 * and noisy transport blocks decode like the float reference, on 1 and 2
 * threads with identical results. */
static void test_fixed_point_decoders(void **state)
{
    (void)state;
    const int tbss[2] = {1000, 30576}, Gs[2] = {3000, 36000}, qms[2] = {2, 6};
    for (int dcase = 0; dcase < 2; dcase++)
        for (int ti = 0; ti < 2; ti++) {
            int tbs = tbss[ti], G = Gs[ti];
            uint8_t *tb = malloc(tbs), *o[2] = {malloc(tbs), malloc(tbs)}, *f = malloc(G);
            float *llr = malloc(sizeof(float) * G);
            tu_rng rng;
            tu_rng_seed(&rng, 21 + ti);
            tu_random_bits(&rng, tb, tbs);
            lte_sch_tx tx = {tbs, G, qms[ti], 1, 0};
            lte_sch_result res[2];
            for (int nt = 1; nt <= 2; nt++) {
                lte_sch_cfg cfg = base_cfg(tbs);
                cfg.decoder = dcase == 0 ? LTE_SCH_DEC_FX8 : LTE_SCH_DEC_FX16;
                cfg.threads = nt;
                lte_sch_enc *enc;
                lte_sch_dec *dec;
                lte_sch_harq *h;
                assert_int_equal(lte_sch_enc_create(&cfg, &enc), 0);
                assert_int_equal(lte_sch_dec_create(&cfg, &dec), 0);
                assert_int_equal(lte_sch_harq_create(tbs, &h), 0);
                assert_int_equal(lte_sch_encode(enc, &tx, tb, f), 0);
                tu_rng noise;
                tu_rng_seed(&noise, 5);
                /* BPSK per coded bit; sigma leaves a clear margin to capacity:
                 * rate 0.34 at sigma 0.7 (BPSK capacity 0.78), rate 0.85 at
                 * sigma 0.5 (capacity 0.97) */
                const float sg = ti == 0 ? 0.7f : 0.5f;
                for (int i = 0; i < G; i++)
                    llr[i] = 2.0f * ((f[i] ? -1.0f : 1.0f) + sg * (float)tu_gauss(&noise)) / (sg * sg);
                assert_int_equal(lte_sch_decode(dec, h, &tx, llr, o[nt - 1], &res[nt - 1]), 0);
                assert_int_equal(res[nt - 1].crc_ok, 1);
                assert_memory_equal(o[nt - 1], tb, (size_t)tbs);
                lte_sch_harq_destroy(h);
                lte_sch_enc_destroy(enc);
                lte_sch_dec_destroy(dec);
            }
            assert_int_equal(res[0].iterations_max, res[1].iterations_max);
            free(tb); free(o[0]); free(o[1]); free(f); free(llr);
        }
    lte_sch_cfg cfg = base_cfg(100);
    cfg.decoder = 7;
    lte_sch_dec *dec;
    assert_int_equal(lte_sch_dec_create(&cfg, &dec), LTE_EINVAL);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_sch_cfg cfg = base_cfg(1000);
    lte_sch_enc *enc;
    assert_int_equal(lte_sch_enc_create(NULL, &enc), LTE_EINVAL);
    cfg.tbs_max = 5;
    assert_int_equal(lte_sch_enc_create(&cfg, &enc), LTE_EINVAL);
    cfg.tbs_max = 1000;
    assert_int_equal(lte_sch_enc_create(&cfg, &enc), 0);
    uint8_t tb[1000] = {0}, f[3000];
    lte_sch_tx tx = {1001, 3000, 2, 1, 0};
    assert_int_equal(lte_sch_encode(enc, &tx, tb, f), LTE_EINVAL);  /* tbs > tbs_max */
    tx.tbs = 1000;
    tx.rv = 4;
    assert_int_equal(lte_sch_encode(enc, &tx, tb, f), LTE_EINVAL);
    tx.rv = 0;
    tx.q_m = 3;
    assert_int_equal(lte_sch_encode(enc, &tx, tb, f), LTE_EINVAL);
    tx.q_m = 4;
    tx.G = 3001;                                                    /* not a multiple of Q_m */
    assert_int_equal(lte_sch_encode(enc, &tx, tb, f), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "G = 3001"));
    lte_sch_enc_destroy(enc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_sizes),
        cmocka_unit_test(test_harq_combining),
        cmocka_unit_test(test_thread_independence),
        cmocka_unit_test(test_fixed_point_decoders),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
