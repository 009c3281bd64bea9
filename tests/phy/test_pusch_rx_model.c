/* Tests of the PUSCH receiver's restructured stages against plain models:
 *  - the DMRS channel estimate (LS, moving average, residual noise estimate;
 *    phy/pusch.c computes both DMRS symbols in SSE2 lanes) against the
 *    straightforward scalar loops written here, bit for bit, on every path;
 *  - the remembered grant check: one object fed changing grants (also one
 *    changed in place, and a rejected one in between) gives every stage the
 *    bits of a fresh object;
 *  - the SC-FDMA / OFDM demodulator's swapped scratch arrays: any order of
 *    symbol, subframe and modulator calls gives the bits of a fresh object;
 *  - the UL-SCH channel deinterleaver (rows of data cells copied per Q_m) on
 *    random shapes against the interleaver run on labels.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/channel.h"
#include "ltephy/error.h"
#include "ltephy/ofdm.h"
#include "ltephy/pusch.h"
#include "ltephy/rng.h"
#include "ltephy/tables.h"
#include "ltephy/ulrs.h"
#include "ltephy/ulsch.h"
#include "tests/common/testutil.h"
#include "tests/common/tu_ulsch.h"

/* ---- a received subframe ---------------------------------------------------- */

typedef struct rx_case {
    int n_rb_ul, n_prb, prb_start, i_mcs, K, n_rx, sf, hop;
    lte_cp cp;
    double noise;
} rx_case;

static lte_pusch_cfg case_cfg(const rx_case *c, lte_simd_path path)
{
    lte_pusch_cfg cfg = {0};
    cfg.n_rb_ul = c->n_rb_ul;
    cfg.cp = c->cp;
    cfg.cell_id = 101 + c->sf;
    cfg.group_hopping = c->sf & 1;
    cfg.n_rx = c->n_rx;
    cfg.tbs_max = 110000;
    cfg.threads = 1;
    cfg.freq_halfwin = c->K;
    cfg.simd = path;
    cfg.decoder = LTE_SCH_DEC_FX8;
    return cfg;
}

static lte_pusch_grant case_grant(const rx_case *c)
{
    lte_pusch_grant g = {0};
    g.subframe = c->sf;
    g.rnti = 0x2a0 + c->sf;
    g.cyclic_shift = (c->sf * 3) % 8;
    g.cs_field = (c->sf * 5) % 8;
    g.prb_start = c->prb_start;
    int q_m, i_tbs;
    assert_int_equal(lte_mcs_lookup(LTE_MCS_PUSCH, c->i_mcs, &q_m, &i_tbs), 0);
    g.ul.n_prb = c->n_prb;
    g.ul.cp_extended = c->cp == LTE_CP_EXTENDED;
    g.ul.q_m = q_m;
    assert_int_equal(lte_tbs(i_tbs, c->n_prb, &g.ul.tbs), 0);
    g.ul.o_ack = 2;
    g.ul.o_ri = 1;
    g.ul.o_cqi = 20;
    g.ul.beta_ack = 8;
    g.ul.beta_ri = 6;
    g.ul.beta_cqi = 9;
    if (c->hop) /* type 1, +N/2 in slot 1 (36.213 Table 8.4-2) */
        g.hop = (lte_pusch_hopping){1, 0, 1, 8, LTE_PUSCH_HOP_INTRA_INTER_SF, 0, 0, 0};
    return g;
}

/* Transmitted subframe of grant g through AWGN to n_rx antennas (the same
 * transmission, independent noise). */
static float complex **make_samples(lte_pusch *p, const lte_pusch_grant *g, int n_rx,
                                    double noise, uint64_t seed)
{
    size_t len = (size_t)lte_pusch_subframe_len(p);
    lte_rng rng;
    lte_rng_seed(&rng, seed);
    uint8_t *tb = calloc((size_t)g->ul.tbs + 1, 1), cqi[20], ri[1], ack[2];
    lte_rng_bits(&rng, tb, g->ul.tbs);
    lte_rng_bits(&rng, cqi, 20);
    lte_rng_bits(&rng, ri, 1);
    lte_rng_bits(&rng, ack, 2);
    float complex **s = calloc(LTE_PUSCH_MAX_RX, sizeof *s);
    for (int r = 0; r < LTE_PUSCH_MAX_RX; r++)
        s[r] = lte_alloc(len * sizeof(float complex));
    int rc = lte_pusch_tx(p, g, tb, cqi, ri, ack, NULL, s[0]);
    if (rc != 0)
        print_error("lte_pusch_tx: %s\n", lte_errdetail());
    assert_int_equal(rc, 0);
    for (int r = 1; r < n_rx; r++)
        memcpy(s[r], s[0], len * sizeof(float complex));
    for (int r = 0; r < n_rx; r++)
        assert_int_equal(lte_awgn_add(&rng, s[r], (int)len, noise), 0);
    free(tb);
    return s;
}

static void free_samples(float complex **s)
{
    for (int r = 0; r < LTE_PUSCH_MAX_RX; r++)
        lte_free(s[r]);
    free(s);
}

/* ---- channel estimate model ----------------------------------------------------- */

/* The estimator of pusch.h as plain loops: LS y conj(d) per subcarrier, the
 * W = 2K+1 moving average kept inside the allocation with double running
 * sums (float difference added, (float)(sum / W) out), the squared residual
 * over k = K .. n-K-1 and |Hls|^2 in float sums per symbol, the two symbols'
 * sums added in double. */
static void model_chest(const float complex *const y[2], const float complex *const d[2], int n,
                        int K, float complex *hs[2], double *e2, double *pw)
{
    int W = 2 * K + 1;
    float complex *hls[2];
    float e[2] = {0, 0}, pwr[2] = {0, 0};
    for (int m = 0; m < 2; m++) {
        hls[m] = malloc(sizeof(float complex) * (size_t)n);
        for (int k = 0; k < n; k++) {
            float yr = crealf(y[m][k]), yi = cimagf(y[m][k]);
            float dr = crealf(d[m][k]), di = cimagf(d[m][k]);
            float a = yr * dr, b = yi * di, c = yi * dr, e_ = yr * di;
            float hr = a + b, hi = c - e_;
            hls[m][k] = CMPLXF(hr, hi);
            float h2 = hr * hr, i2 = hi * hi;
            pwr[m] = pwr[m] + (h2 + i2);
        }
        for (int k = 0; k < n; k++) {
            int lo = k - K < 0 ? 0 : k - K;
            if (lo > n - W)
                lo = n - W;
            /* the running sum: the first window, then slid by one at a time */
            double sr = 0, si = 0;
            for (int j = 0; j < W; j++) {
                sr += (double)crealf(hls[m][j]);
                si += (double)cimagf(hls[m][j]);
            }
            for (int s = 0; s < lo; s++) {
                float dr_ = crealf(hls[m][s + W]) - crealf(hls[m][s]);
                float di_ = cimagf(hls[m][s + W]) - cimagf(hls[m][s]);
                sr += (double)dr_;
                si += (double)di_;
            }
            hs[m][k] = CMPLXF((float)(sr / (double)W), (float)(si / (double)W));
        }
        for (int k = K; k < n - K; k++) {
            float er = crealf(hls[m][k]) - crealf(hs[m][k]);
            float ei = cimagf(hls[m][k]) - cimagf(hs[m][k]);
            float r2 = er * er, i2 = ei * ei;
            e[m] = e[m] + (r2 + i2);
        }
        free(hls[m]);
    }
    *e2 = 0;
    *e2 += e[0];
    *e2 += e[1];
    *pw = 0;
    *pw += pwr[0];
    *pw += pwr[1];
}

static const rx_case CHEST_CASES[] = {
    /* n_rb_ul, n_prb, prb_start, i_mcs, K, n_rx, sf, hop, cp, noise */
    {100, 100, 0, 28, 0, 1, 4, 0, LTE_CP_NORMAL, 1e-3},
    {100, 100, 0, 20, 5, 2, 7, 0, LTE_CP_NORMAL, 0.05},
    {50, 25, 10, 10, 1, 1, 0, 0, LTE_CP_NORMAL, 0.2},
    {25, 1, 3, 5, 5, 2, 9, 0, LTE_CP_NORMAL, 0.5},
    {25, 3, 20, 12, 2, 1, 3, 0, LTE_CP_EXTENDED, 0.01},
    {15, 3, 0, 16, 4, 2, 1, 1, LTE_CP_NORMAL, 0.02},
    {50, 8, 2, 8, 3, 1, 6, 1, LTE_CP_EXTENDED, 0.1},
    {6, 5, 0, 2, 5, 1, 2, 0, LTE_CP_NORMAL, 1e-12}, /* nearly noiseless: the N0 floor */
};

static void test_chest_model(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (size_t t = 0; t < LTE_ARRAY_LEN(CHEST_CASES); t++) {
        const rx_case *c = &CHEST_CASES[t];
        lte_pusch_grant g = case_grant(c);
        int K = c->K ? c->K : 3, W = 2 * K + 1, n = c->n_prb * 12;
        for (int pi = 0; pi < np; pi++) {
            lte_pusch_cfg cfg = case_cfg(c, paths[pi]);
            lte_pusch *p;
            assert_int_equal(lte_pusch_create(&cfg, &p), 0);
            float complex **s = make_samples(p, &g, c->n_rx, c->noise, 500 + t);
            lte_sch_harq *h;
            assert_int_equal(lte_sch_harq_create(g.ul.tbs, &h), 0);
            uint8_t *tb = malloc((size_t)g.ul.tbs + 1), cqi[20], ri[1], ack[2];
            lte_pusch_rx_result res;
            assert_int_equal(lte_pusch_rx(p, &g, (const float complex *const *)s, h, tb, cqi, ri,
                                          ack, &res),
                             0);
            int prb[2], nslot = c->cp == LTE_CP_NORMAL ? 7 : 6;
            int l_dmrs = lte_pusch_dmrs_symbol(c->cp), n_sc = 12 * c->n_rb_ul;
            assert_int_equal(lte_pusch_hop_prb(c->n_rb_ul, cfg.cell_id, &g.hop, g.prb_start,
                                               c->n_prb, g.subframe, prb),
                             0);
            assert_true(!c->hop || prb[0] != prb[1]);
            lte_ulrs_cfg u = {0};
            u.cell_id = cfg.cell_id;
            u.cp = c->cp;
            u.group_hopping = cfg.group_hopping;
            u.cyclic_shift = g.cyclic_shift;
            float complex *dm[2], *hs[2];
            for (int m = 0; m < 2; m++) {
                dm[m] = malloc(sizeof(float complex) * (size_t)n);
                hs[m] = malloc(sizeof(float complex) * (size_t)n);
                assert_int_equal(
                    lte_pusch_dmrs(&u, 2 * g.subframe + m, c->n_prb, g.cs_field, 0, 0, dm[m]), 0);
            }
            for (int r = 0; r < c->n_rx; r++) {
                const void *gv, *hv;
                int ng, nh;
                assert_int_equal(lte_pusch_stage_get(p, LTE_PUSCH_RX_GRID, r, &gv, &ng), 0);
                assert_int_equal(lte_pusch_stage_get(p, LTE_PUSCH_RX_CHEST, r, &hv, &nh), 0);
                const float complex *grid = gv, *hest = hv, *y[2];
                for (int m = 0; m < 2; m++)
                    y[m] = grid + (size_t)(m * nslot + l_dmrs) * (size_t)n_sc + prb[m] * 12;
                double e2, pw;
                model_chest((const float complex *const *)y, (const float complex *const *)dm,
                            n, K, hs, &e2, &pw);
                for (int m = 0; m < 2; m++) {
                    const float complex *got = hest + (size_t)(m * nslot + l_dmrs) * (size_t)n;
                    assert_memory_equal(got, hs[m], sizeof(float complex) * (size_t)n);
                }
                int cnt = 2 * (n - 2 * K);
                double n0 = e2 / cnt * W / (W - 1), fl = 1e-6 * pw / (2.0 * n);
                float want = (float)(n0 > fl ? n0 : fl);
                if (!(want > 0.0f))
                    want = 1e-30f;
                assert_true(memcmp(&want, &res.n0[r], sizeof want) == 0);
            }
            for (int m = 0; m < 2; m++) {
                free(dm[m]);
                free(hs[m]);
            }
            free(tb);
            lte_sch_harq_destroy(h);
            free_samples(s);
            lte_pusch_destroy(p);
        }
    }
}

/* ---- the remembered grant check ------------------------------------------------- */

typedef struct rx_out {
    void *stage[LTE_PUSCH_RX_LLR + 1];
    size_t bytes[LTE_PUSCH_RX_LLR + 1];
    lte_pusch_rx_result res;
    uint8_t *tb;
    int rc;
} rx_out;

/* Receive s with grant g on p (HARQ reset first) and keep every stage. */
static void receive(lte_pusch *p, const lte_pusch_grant *g, float complex **s, rx_out *o)
{
    memset(o, 0, sizeof *o);
    lte_sch_harq *h;
    assert_int_equal(lte_sch_harq_create(110000, &h), 0);
    o->tb = calloc((size_t)g->ul.tbs + 1, 1);
    uint8_t cqi[20], ri[1], ack[2];
    o->rc = lte_pusch_rx(p, g, (const float complex *const *)s, h, o->tb, cqi, ri, ack, &o->res);
    assert_int_equal(o->rc, 0);
    for (int st = LTE_PUSCH_RX_GRID; st <= LTE_PUSCH_RX_LLR; st++) {
        const void *v;
        int n;
        assert_int_equal(lte_pusch_stage_get(p, (lte_pusch_stage)st, 0, &v, &n), 0);
        size_t es = st == LTE_PUSCH_RX_SINR || st == LTE_PUSCH_RX_LLR ? sizeof(float)
                                                                      : sizeof(float complex);
        o->bytes[st] = (size_t)n * es;
        o->stage[st] = malloc(o->bytes[st] + 1);
        memcpy(o->stage[st], v, o->bytes[st]);
    }
    lte_sch_harq_destroy(h);
}

static void same_out(const rx_out *a, const rx_out *b, int tbs)
{
    for (int st = LTE_PUSCH_RX_GRID; st <= LTE_PUSCH_RX_LLR; st++) {
        assert_int_equal(a->bytes[st], b->bytes[st]);
        assert_memory_equal(a->stage[st], b->stage[st], a->bytes[st]);
    }
    assert_memory_equal(&a->res, &b->res, sizeof a->res);
    assert_memory_equal(a->tb, b->tb, (size_t)tbs);
}

static void free_out(rx_out *o)
{
    for (int st = 0; st <= LTE_PUSCH_RX_LLR; st++)
        free(o->stage[st]);
    free(o->tb);
}

static void test_grant_cache(void **state)
{
    (void)state;
    rx_case ca = {50, 24, 2, 20, 3, 1, 2, 0, LTE_CP_NORMAL, 0.01};
    rx_case cb = {50, 10, 30, 8, 3, 1, 2, 0, LTE_CP_NORMAL, 0.01};
    rx_case cc = {50, 6, 4, 14, 3, 1, 2, 1, LTE_CP_NORMAL, 0.01}; /* hopping */
    rx_case cd = {50, 24, 20, 20, 3, 1, 2, 0, LTE_CP_NORMAL, 0.01}; /* a's UL-SCH, moved */
    lte_pusch_cfg cfg = case_cfg(&ca, LTE_SIMD_AUTO);
    const int seq[] = {0, 1, 0, 2, 1, 0, 3, 0, 0, 3, 3};
    lte_pusch_grant gs[4] = {case_grant(&ca), case_grant(&cb), case_grant(&cc), case_grant(&cd)};
    float complex **smp[4];
    rx_out fresh[4];
    for (int i = 0; i < 4; i++) { /* the reference: a new object per grant */
        lte_pusch *f;
        assert_int_equal(lte_pusch_create(&cfg, &f), 0);
        smp[i] = make_samples(f, &gs[i], 1, 0.01, 900 + i);
        lte_pusch_destroy(f);
        assert_int_equal(lte_pusch_create(&cfg, &f), 0);
        receive(f, &gs[i], smp[i], &fresh[i]);
        lte_pusch_destroy(f);
    }
    lte_pusch *p;
    assert_int_equal(lte_pusch_create(&cfg, &p), 0);
    for (size_t k = 0; k < LTE_ARRAY_LEN(seq); k++) {
        int i = seq[k];
        rx_out o;
        receive(p, &gs[i], smp[i], &o);
        same_out(&o, &fresh[i], gs[i].ul.tbs);
        free_out(&o);
        if (k == 3) { /* a rejected grant in between: still rejected the second time */
            lte_pusch_grant bad = gs[0];
            bad.ul.n_prb = 7; /* not 2^a 3^b 5^c */
            for (int rep = 0; rep < 2; rep++)
                assert_int_equal(lte_pusch_rx_chest(p, &bad), LTE_EINVAL);
        }
    }
    /* one grant object changed in place between receptions: the stages see
     * the new grant (25 PRBs instead of 24: other sizes) */
    lte_pusch_grant g = gs[0];
    rx_out o;
    receive(p, &g, smp[0], &o);
    g.ul.n_prb = 25;
    lte_ulsch_sizes s1;
    assert_int_equal(lte_ulsch_sizes_get(&g.ul, &s1), 0);
    assert_int_equal(lte_pusch_rx_chest(p, &g), 0);
    const void *v;
    int n;
    assert_int_equal(lte_pusch_stage_get(p, LTE_PUSCH_RX_CHEST, 0, &v, &n), 0);
    assert_int_equal(n, 14 * 25 * 12);
    assert_int_equal(lte_pusch_rx_equalize(p, &g), 0);
    assert_int_equal(lte_pusch_rx_idft(p, &g), 0);
    assert_int_equal(lte_pusch_rx_demap(p, &g), 0);
    assert_int_equal(lte_pusch_stage_get(p, LTE_PUSCH_RX_LLR, 0, &v, &n), 0);
    assert_int_equal(n, s1.n_bits);
    assert_int_equal(lte_pusch_stage_get(p, LTE_PUSCH_RX_SYMBOLS, 0, &v, &n), 0);
    assert_int_equal(n, s1.n_symb * 25 * 12);
    g.ul.n_prb = 7; /* and an invalid change in place is refused */
    assert_int_equal(lte_pusch_rx_idft(p, &g), LTE_EINVAL);
    free_out(&o);
    lte_pusch_destroy(p);
    for (int i = 0; i < 4; i++) {
        free_out(&fresh[i]);
        free_samples(smp[i]);
    }
}

/* ---- demodulator scratch arrays ------------------------------------------------- */

static void test_demod_scratch(void **state)
{
    (void)state;
    const lte_ofdm_mode modes[2] = {LTE_OFDM_UL_SCFDMA, LTE_OFDM_DL};
    for (int mi = 0; mi < 2; mi++) {
        lte_ofdm_cfg oc = {25, LTE_CP_NORMAL, modes[mi], 0, 4, LTE_OFDM_NORM_UNITARY, 0};
        lte_ofdm *o, *f;
        assert_int_equal(lte_ofdm_create(&oc, &o), 0);
        lte_ofdm_info info;
        assert_int_equal(lte_ofdm_get_info(o, &info), 0);
        int nsym = info.symbols_per_subframe, nsc = info.n_sc, len = info.subframe_len;
        tu_rng rng;
        tu_rng_seed(&rng, 31 + mi);
        float complex *in = lte_alloc(sizeof(float complex) * (size_t)len);
        float complex *grid = lte_alloc(sizeof(float complex) * (size_t)(nsym * nsc));
        float complex *tx = lte_alloc(sizeof(float complex) * (size_t)len);
        float complex *want = lte_alloc(sizeof(float complex) * (size_t)(nsym * nsc));
        float complex *got = lte_alloc(sizeof(float complex) * (size_t)nsc);
        for (int i = 0; i < len; i++)
            in[i] = CMPLXF((float)tu_gauss(&rng), (float)tu_gauss(&rng));
        for (int i = 0; i < nsym * nsc; i++)
            grid[i] = CMPLXF((float)tu_gauss(&rng), (float)tu_gauss(&rng));
        /* reference: each symbol on a fresh object */
        for (int l = 0; l < nsym; l++) {
            assert_int_equal(lte_ofdm_create(&oc, &f), 0);
            assert_int_equal(lte_ofdm_demod_symbol(f, l, in + info.sym_start[l],
                                                   want + (size_t)l * nsc),
                             0);
            lte_ofdm_destroy(f);
        }
        /* one object: subframes, single symbols in a scrambled order, the
         * modulator in between */
        static const int order[] = {5, 5, 0, 13, 2, 7, 1};
        for (int rep = 0; rep < 3; rep++) {
            float complex *g2 = lte_alloc(sizeof(float complex) * (size_t)(nsym * nsc));
            assert_int_equal(lte_ofdm_demod_subframe(o, in, g2), 0);
            assert_memory_equal(g2, want, sizeof(float complex) * (size_t)(nsym * nsc));
            lte_free(g2);
            for (size_t k = 0; k < LTE_ARRAY_LEN(order); k++) {
                int l = order[k] % nsym;
                assert_int_equal(lte_ofdm_demod_symbol(o, l, in + info.sym_start[l], got), 0);
                assert_memory_equal(got, want + (size_t)l * nsc, sizeof(float complex) * nsc);
            }
            assert_int_equal(lte_ofdm_mod_subframe(o, grid, tx), 0);
        }
        /* and the modulator still agrees with a fresh one */
        float complex *tx2 = lte_alloc(sizeof(float complex) * (size_t)len);
        assert_int_equal(lte_ofdm_create(&oc, &f), 0);
        assert_int_equal(lte_ofdm_mod_subframe(f, grid, tx2), 0);
        assert_memory_equal(tx, tx2, sizeof(float complex) * (size_t)len);
        lte_ofdm_destroy(f);
        lte_free(tx2);
        lte_free(in);
        lte_free(grid);
        lte_free(tx);
        lte_free(want);
        lte_free(got);
        lte_ofdm_destroy(o);
    }
}

/* ---- deinterleaver on random shapes --------------------------------------------- */

/* The interleaver (lte_ulsch_interleave, byte path) run on the bit planes of
 * labels kind << 20 | index tells where each source value goes; the soft
 * deinterleaver must bring the value at each position back to that source
 * (data and CQI values under HARQ-ACK come back as 0). */
static void test_deinterleave_random(void **state)
{
    (void)state;
    tu_rng rng;
    tu_rng_seed(&rng, 4242);
    for (int t = 0; t < 200; t++) {
        int C = 9 + (int)(tu_rand(&rng) % 4); /* 9..12 */
        int R = 1 + (int)(tu_rand(&rng) % (t < 150 ? 60 : 1200));
        int qm = 1 + (int)(tu_rand(&rng) % 8);
        int cap = 4 * R < R * C ? 4 * R : R * C;
        int ri = (int)(tu_rand(&rng) % (cap / 2 + 1)), ack = (int)(tu_rand(&rng) % (cap + 1));
        int cqi = (int)(tu_rand(&rng) % (R * C - ri + 1));
        if (t % 3 == 0)
            ri = ack = 0;
        if (t % 5 == 0)
            cqi = 0;
        lte_ulsch_sizes s = tu_ulsch_sizes(C, R, qm, C == 10 || C == 9, ack, ri, cqi);
        size_t nb = (size_t)s.n_bits;
        int cnt[4] = {s.G, s.q_cqi, s.q_ri, s.q_ack};
        uint8_t *src[4], *h = malloc(nb + 1);
        for (int k = 0; k < 4; k++)
            src[k] = malloc((size_t)cnt[k] + 1);
        int32_t *lab = calloc(nb + 1, sizeof(int32_t));
        for (int plane = 0; plane < 23; plane++) {
            for (int k = 0; k < 4; k++)
                for (int i = 0; i < cnt[k]; i++)
                    src[k][i] = (uint8_t)(((((k + 1) << 20) | i) >> plane) & 1);
            assert_int_equal(lte_ulsch_interleave(&s, src[0], src[1], src[2], src[3], h), 0);
            for (size_t b = 0; b < nb; b++)
                lab[b] |= (int32_t)h[b] << plane;
        }
        float *llr = malloc(sizeof(float) * (nb + 1)), *dst[4];
        for (size_t b = 0; b < nb; b++)
            llr[b] = (float)(b + 1);
        for (int k = 0; k < 4; k++) {
            dst[k] = malloc(sizeof(float) * ((size_t)cnt[k] + 1));
            for (int i = 0; i <= cnt[k]; i++)
                dst[k][i] = -1.0f;
        }
        assert_int_equal(lte_ulsch_deinterleave(&s, llr, dst[0], dst[1], dst[2], dst[3]), 0);
        /* the model's outputs: -1 never written, 0 erased */
        float *want[4];
        for (int k = 0; k < 4; k++) {
            want[k] = malloc(sizeof(float) * ((size_t)cnt[k] + 1));
            for (int i = 0; i <= cnt[k]; i++)
                want[k][i] = i < cnt[k] ? 0.0f : -1.0f;
        }
        for (size_t b = 0; b < nb; b++) {
            int k = (lab[b] >> 20) - 1, i = lab[b] & 0xfffff;
            assert_true(k >= 0 && k < 4 && i < cnt[k]);
            want[k][i] = (float)(b + 1);
        }
        for (int k = 0; k < 4; k++) {
            assert_memory_equal(dst[k], want[k], sizeof(float) * ((size_t)cnt[k] + 1));
            free(dst[k]);
            free(want[k]);
            free(src[k]);
        }
        free(llr);
        free(lab);
        free(h);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chest_model),
        cmocka_unit_test(test_grant_cache),
        cmocka_unit_test(test_demod_scratch),
        cmocka_unit_test(test_deinterleave_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
