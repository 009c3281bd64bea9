/* Tests of DL-SCH/UL-SCH transport-block coding (36.212 §5.3.2).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/crc.h"
#include "ltephy/error.h"
#include "ltephy/ratematch.h"
#include "ltephy/sch.h"
#include "ltephy/turbo_fx.h"
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

/* ---- HARQ combining against a plain reference -------------------------------- *
 *
 * lte_sch_decode keeps a fresh block's transmission and builds its soft
 * values only when a retransmission comes (the lazy HARQ buffer), and feeds
 * the 8-bit decoder from bytes de-interleaved directly. The reference here
 * does neither: it keeps float soft buffers of its own, zeroed for a new TB,
 * adds every transmission with the plain lte_rm_turbo_inverse (no plans),
 * and decodes them block by block with the decoder APIs (float:
 * lte_turbo_dec_run with the filler bits pinned; fixed point: the quantiser
 * lte_turbo_fx_quantize and lte_turbo_fx_decode), then reassembles the TB
 * and checks its CRC24A. Decoded bits, CRC flags, blocks passing and
 * iteration counts must be identical after every transmission. */

#define REF_CMAX 8

typedef struct ref_harq {
    int tbs; /* 0: empty */
    float *l[REF_CMAX];
} ref_harq;

typedef struct ref_stop {
    lte_crc_type type;
    int F;
} ref_stop;

static int ref_stop_crc(const uint8_t *c, int K, void *arg)
{
    const ref_stop *s = arg;
    return lte_crc_check(s->type, c + s->F, K - s->F) == 1;
}

static void ref_decode(const lte_sch_cfg *cfg, ref_harq *rh, const lte_sch_tx *tx,
                       const float *llr, uint8_t *tb, lte_sch_result *res)
{
    lte_cb_seg seg;
    int E[REF_CMAX], ncb[REF_CMAX];
    assert_int_equal(lte_sch_cb_plan(cfg, tx, &seg, E, ncb, REF_CMAX), 0);
    if (rh->tbs != tx->tbs)
        for (int r = 0; r < seg.C; r++)
            memset(rh->l[r], 0, sizeof(float) * 3 * (LTE_TURBO_KMAX + 4));
    rh->tbs = tx->tbs;
    uint8_t *b = malloc((size_t)seg.B + 64), *c = malloc(LTE_TURBO_KMAX);
    float *lf = malloc(sizeof(float) * 3 * (LTE_TURBO_KMAX + 4));
    void *q = malloc(sizeof(int16_t) * 3 * (LTE_TURBO_KMAX + 4));
    uint16_t *pi = malloc(sizeof(uint16_t) * LTE_TURBO_KMAX);
    assert_true(b && c && lf && q && pi);
    lte_turbo_dec *fdec = NULL;
    lte_turbo_fx *xdec = NULL;
    if (cfg->decoder == LTE_SCH_DEC_FLOAT) {
        lte_turbo_dec_cfg tc = {LTE_TURBO_KMAX, cfg->alg, cfg->ext_scale};
        assert_int_equal(lte_turbo_dec_create(&tc, &fdec), 0);
    } else {
        lte_turbo_fx_cfg xc = {0};
        xc.k_max = LTE_TURBO_KMAX;
        xc.width = cfg->decoder;
        xc.path = cfg->simd;
        assert_int_equal(lte_turbo_fx_create(&xc, &xdec), 0);
    }
    int off = 0, pos = 0, it_max = 0, it_sum = 0, nok = 0;
    for (int r = 0; r < seg.C; r++) {
        int K = lte_cb_size(&seg, r), F = r == 0 ? seg.F : 0, D = K + 4;
        float *l = rh->l[r];
        assert_int_equal(lte_rm_turbo_inverse(llr + off, E[r], K, F, ncb[r], tx->rv, l, l + D,
                                              l + 2 * D), 0);
        off += E[r];
        assert_int_equal(lte_qpp_interleaver(K, pi), 0);
        ref_stop st = {seg.C > 1 ? LTE_CRC24B : LTE_CRC24A, F};
        int it = 0, ok = 0;
        if (fdec) {
            memcpy(lf, l, sizeof(float) * 3 * (size_t)D);
            assert_int_equal(lte_rm_turbo_set_filler(lf, lf + D, F, LTE_RM_FILLER_LLR), 0);
            assert_int_equal(lte_turbo_dec_run(fdec, lf, lf + D, lf + 2 * D, K, pi,
                                               cfg->max_iter, ref_stop_crc, &st, c, &it), 0);
            ok = lte_crc_check(st.type, c + F, K - F) == 1;
        } else {
            int w = cfg->decoder, bytes = w / 8;
            assert_int_equal(lte_turbo_fx_quantize(l, 3 * D, w == 8 ? 4.0f : 256.0f, w, q), 0);
            lte_turbo_fx_opts o = {.max_iter = cfg->max_iter,
                                   .stop = seg.C > 1 ? LTE_TURBO_FX_STOP_CRC24B
                                                     : LTE_TURBO_FX_STOP_CRC24A};
            const uint8_t *qb = q;
            assert_int_equal(lte_turbo_fx_decode(xdec, qb, qb + (size_t)D * bytes,
                                                 qb + 2 * (size_t)D * bytes, K, pi, F, &o, c, &it,
                                                 NULL),
                             0);
            ok = lte_crc_check(st.type, c + F, K - F) == 1;
        }
        int data = K - seg.L - F;
        memcpy(b + pos, c + F, (size_t)data);
        pos += data;
        it_max = it > it_max ? it : it_max;
        it_sum += it;
        nok += ok;
    }
    assert_int_equal(pos, seg.B);
    memcpy(tb, b, (size_t)tx->tbs);
    res->crc_ok = lte_crc_check(LTE_CRC24A, b, seg.B) == 1;
    res->cbs = seg.C;
    res->cbs_ok = nok;
    res->iterations_max = it_max;
    res->iterations_mean = (float)it_sum / (float)seg.C;
    lte_turbo_dec_destroy(fdec);
    lte_turbo_fx_destroy(xdec);
    free(b);
    free(c);
    free(lf);
    free(q);
    free(pi);
}

typedef struct harq_step {
    int tbs, G, q_m, rv;
    float sigma; /* BPSK-equivalent noise per coded bit */
    int reset;   /* lte_sch_harq_reset before this transmission */
} harq_step;

/* Runs the steps through lte_sch_decode and the reference side by side;
 * returns the CRC flags of the steps (bit i for step i). */
static unsigned run_steps(lte_sch_cfg cfg, const harq_step *st, int n, uint64_t seed)
{
    int tbs_max = 0, g_max = 0;
    for (int i = 0; i < n; i++) {
        tbs_max = st[i].tbs > tbs_max ? st[i].tbs : tbs_max;
        g_max = st[i].G > g_max ? st[i].G : g_max;
    }
    cfg.tbs_max = tbs_max;
    lte_sch_enc *enc;
    lte_sch_dec *dec;
    lte_sch_harq *h;
    assert_int_equal(lte_sch_enc_create(&cfg, &enc), 0);
    assert_int_equal(lte_sch_dec_create(&cfg, &dec), 0);
    assert_int_equal(lte_sch_harq_create(tbs_max, &h), 0);
    ref_harq rh = {0};
    for (int r = 0; r < REF_CMAX; r++)
        assert_non_null(rh.l[r] = malloc(sizeof(float) * 3 * (LTE_TURBO_KMAX + 4)));
    uint8_t *tb = malloc((size_t)tbs_max), *o1 = malloc((size_t)tbs_max);
    uint8_t *o2 = malloc((size_t)tbs_max), *f = malloc((size_t)g_max);
    float *llr = malloc(sizeof(float) * (size_t)g_max);
    assert_true(tb && o1 && o2 && f && llr);
    tu_rng rng;
    tu_rng_seed(&rng, seed);
    unsigned ok = 0;
    int cur_tbs = 0;
    for (int i = 0; i < n; i++) {
        if (st[i].tbs != cur_tbs) { /* a new TB: new bits */
            tu_random_bits(&rng, tb, st[i].tbs);
            cur_tbs = st[i].tbs;
        }
        if (st[i].reset) {
            lte_sch_harq_reset(h);
            rh.tbs = 0;
        }
        lte_sch_tx tx = {st[i].tbs, st[i].G, st[i].q_m, 1, st[i].rv};
        assert_int_equal(lte_sch_encode(enc, &tx, tb, f), 0);
        const float sg = st[i].sigma;
        for (int k = 0; k < st[i].G; k++) {
            float y = (f[k] ? -1.0f : 1.0f) + sg * (float)tu_gauss(&rng);
            llr[k] = 2.0f * y / (sg * sg);
        }
        if (i % 3 == 2) /* -0.0 and +0.0 soft values (erasures) */
            for (int k = 0; k < st[i].G; k += 17)
                llr[k] = k % 2 ? -0.0f : 0.0f;
        lte_sch_result r1, r2;
        assert_int_equal(lte_sch_decode(dec, h, &tx, llr, o1, &r1), 0);
        ref_decode(&cfg, &rh, &tx, llr, o2, &r2);
        assert_memory_equal(o1, o2, (size_t)st[i].tbs);
        assert_int_equal(r1.crc_ok, r2.crc_ok);
        assert_int_equal(r1.cbs, r2.cbs);
        assert_int_equal(r1.cbs_ok, r2.cbs_ok);
        assert_int_equal(r1.iterations_max, r2.iterations_max);
        assert_true(r1.iterations_mean == r2.iterations_mean);
        if (r1.crc_ok && memcmp(o1, tb, (size_t)st[i].tbs) == 0)
            ok |= 1u << i;
    }
    for (int r = 0; r < REF_CMAX; r++)
        free(rh.l[r]);
    free(tb); free(o1); free(o2); free(f); free(llr);
    lte_sch_harq_destroy(h);
    lte_sch_enc_destroy(enc);
    lte_sch_dec_destroy(dec);
    return ok;
}

static void test_harq_lazy_equivalence(void **state)
{
    (void)state;
    /* tbs 2984: C = 1, F = 0 (K = 3008); 1010: C = 1, K = 1056, F = 22;
     * 6200: C = 2, F > 0; 12000: C = 2 (6200 -> B = 6224: K 3136, F 16 ...).
     * G and noise vary per transmission; rv 0, 2, 3, 1; resets and TB
     * changes without reset (fresh by TBS); E > N_cb (repetition) first. */
    static const harq_step seq_a[] = {
        {2984, 3600, 2, 0, 1.0f, 1}, {2984, 3600, 2, 2, 0.9f, 0}, {2984, 3600, 2, 3, 1.1f, 0},
        {2984, 4200, 2, 1, 0.9f, 0}, {1010, 1500, 2, 0, 0.9f, 0}, {1010, 1200, 2, 2, 0.9f, 0},
        {1010, 9000, 2, 3, 1.5f, 0}, {6200, 7800, 2, 0, 0.95f, 1}, {6200, 6000, 2, 2, 1.0f, 0},
        {6200, 7800, 2, 3, 1.0f, 0}, {6200, 6600, 2, 1, 1.0f, 0}, {2984, 12000, 2, 0, 1.6f, 0},
        {2984, 3000, 2, 2, 1.0f, 0}, {12000, 14400, 6, 0, 1.0f, 1}, {12000, 13200, 6, 2, 1.0f, 0},
        {12000, 14400, 6, 0, 1.0f, 0},
    };
    const int na = (int)(sizeof seq_a / sizeof seq_a[0]);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const int decs[3] = {LTE_SCH_DEC_FX8, LTE_SCH_DEC_FX16, LTE_SCH_DEC_FLOAT};
    for (int di = 0; di < 3; di++)
        for (int pi = 0; pi < np; pi++) {
            if (decs[di] != LTE_SCH_DEC_FX8 && pi != np - 1)
                continue; /* the byte path is the 8-bit decoder's */
            for (int lim = 0; lim < 2; lim++) {
                lte_sch_cfg cfg = base_cfg(12000);
                cfg.decoder = decs[di];
                cfg.simd = paths[pi];
                cfg.threads = 1 + (pi + lim) % 2;
                if (lim) { /* limited soft buffer: N_cb < K_w */
                    cfg.n_soft = 60000; /* N_IR 7500: N_cb 7500 (C = 1), 3750 (C = 2) */
                    cfg.k_mimo = 1;
                    cfg.m_dl_harq = 8;
                    cfg.m_limit = 8;
                }
                unsigned ok = run_steps(cfg, seq_a, na, 1000 + 10 * (uint64_t)di + (uint64_t)lim);
                /* step 0 fails alone, step 1 decodes only combined (checked
                 * alone below), as do steps 5 (F > 0) and 10 (C = 2, F > 0)
                 * with the full buffer */
                assert_false(ok & 1u);
                assert_true(ok & 2u);
                if (!lim)
                    assert_int_equal(ok & 0x7ffu, 0x66eu);
            }
        }
    /* the second transmission of sequence a alone (fresh buffer, same noise
     * draw as in the sequence) does not decode: step 1 above needed step 0 */
    lte_sch_cfg cfg = base_cfg(2984);
    cfg.decoder = LTE_SCH_DEC_FX8;
    harq_step alone[2] = {seq_a[0], seq_a[1]};
    alone[1].reset = 1;
    unsigned ok = run_steps(cfg, alone, 2, 1000);
    assert_int_equal(ok & 3u, 0);
}

/* Soft values that carry no information decode to the all-zero word, which
 * passes every CRC of 36.212 §5.1.1 (the register starts at 0), so an
 * all-zero input would report an all-zero TB as decoded. It must not: with
 * every soft value 0 the TB CRC is reported failed, for every decoder, with
 * and without the half-iteration stop, for 1, 2 and 4 code blocks. A TB
 * that really is all zero, sent noiselessly, still decodes. */
static void test_no_information(void **state)
{
    (void)state;
    static const int tbs_list[] = {1000, 7000, 20000};
    static const int decs[] = {LTE_SCH_DEC_FLOAT, LTE_SCH_DEC_FX8, LTE_SCH_DEC_FX16};
    for (size_t t = 0; t < 3; t++)
        for (size_t d = 0; d < 3; d++)
            for (int opt = 0; opt < 4; opt++) {
                const int tbs = tbs_list[t], G = 3 * tbs;
                lte_sch_cfg c = base_cfg(tbs);
                c.decoder = decs[d];
                c.half_stop = opt & 1;
                c.release_ok = opt >> 1;
                c.max_iter = 2;
                lte_sch_enc *enc = NULL;
                lte_sch_dec *dec = NULL;
                lte_sch_harq *h = NULL;
                assert_int_equal(lte_sch_enc_create(&c, &enc), 0);
                assert_int_equal(lte_sch_dec_create(&c, &dec), 0);
                assert_int_equal(lte_sch_harq_create(tbs, &h), 0);
                lte_sch_tx tx = {tbs, G, 2, 1, 0};
                float *llr = calloc((size_t)G, sizeof *llr);
                uint8_t *a = calloc((size_t)tbs, 1), *f = malloc((size_t)G);
                uint8_t *out = malloc((size_t)tbs);
                lte_sch_result r;
                assert_int_equal(lte_sch_decode(dec, h, &tx, llr, out, &r), 0);
                assert_int_equal(r.crc_ok, 0);
                assert_int_equal(r.cbs_ok, 0);
                /* retransmissions without information combined with it
                 * (rv 2, then rv 0 again): still nothing to decode */
                lte_sch_tx re = tx;
                re.rv = 2;
                assert_int_equal(lte_sch_decode(dec, h, &re, llr, out, &r), 0);
                assert_int_equal(r.crc_ok, 0);
                assert_int_equal(r.cbs_ok, 0);
                assert_int_equal(lte_sch_decode(dec, h, &tx, llr, out, &r), 0);
                assert_int_equal(r.crc_ok, 0);
                /* the all-zero TB, sent, as a further retransmission of
                 * the same process (combined with the empty ones: decodes) */
                assert_int_equal(lte_sch_encode(enc, &tx, a, f), 0);
                for (int i = 0; i < G; i++)
                    llr[i] = f[i] ? -4.0f : 4.0f;
                assert_int_equal(lte_sch_decode(dec, h, &tx, llr, out, &r), 0);
                assert_int_equal(r.crc_ok, 1);
                assert_memory_equal(out, a, (size_t)tbs);
                /* and as a new TB */
                lte_sch_harq_reset(h);
                assert_int_equal(lte_sch_decode(dec, h, &tx, llr, out, &r), 0);
                assert_int_equal(r.crc_ok, 1);
                assert_memory_equal(out, a, (size_t)tbs);
                free(llr), free(a), free(f), free(out);
                lte_sch_harq_destroy(h);
                lte_sch_dec_destroy(dec);
                lte_sch_enc_destroy(enc);
            }
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
        cmocka_unit_test(test_harq_lazy_equivalence),
        cmocka_unit_test(test_no_information),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
