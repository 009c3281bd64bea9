/* Tests of the OCNG of the waveform generator (phy/waveform.c, lte_wf_cfg.ocng):
 * pattern OP.2 FDD of TS 36.101 Annex A.5.1.2 (Table A.5.1.2-1).
 *
 * The expectations are typed here from the spec, not taken from the
 * generator: the PRBs the pattern fills (0 .. first allocated - 1 and last
 * allocated + 1 .. N_RB - 1; all PRBs of a subframe without allocation), the
 * relative power level gamma = 0 dB in every subframe, QPSK (Note 1), transmit
 * diversity on 2/4 ports (Note 2; per port the 1/sqrt(2) of 36.211 §6.3.4.3,
 * SFBC+FSTD using two of the four ports per RE), OCNG_RA in the OFDM symbols
 * with CRS and OCNG_RB in the others (§A.5.1), the CRS symbols of 36.211
 * §6.10.1.2, the PSS/SSS guard REs of §6.11 and the PBCH's reserved CRS REs of
 * §6.6.4. Waveforms are OFDM-demodulated with an independent lte_ofdm and
 * compared RE by RE with the same configuration generated without OCNG; the
 * wanted PDSCH is decoded through the receivers of dlphy.h.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tests/common/testutil.h"
#include "ltephy/dlphy.h"
#include "ltephy/error.h"
#include "ltephy/grid.h"
#include "ltephy/ofdm.h"
#include "ltephy/rng.h"
#include "ltephy/waveform.h"

#define OP2_GAMMA_DB 0.0 /* Table A.5.1.2-1: subframes 0, 5, 1-4 and 6-9 */
#define MAXP 4

/* Table A.5.1.2-1 allocation: 0 .. (first allocated PRB - 1) and (last
 * allocated PRB + 1) .. (N_RB - 1); A.5.1.2 text: all empty PRBs, so every
 * PRB of a subframe without allocation. */
static void op2_prbs(const lte_wf_cfg *c, int sf, uint8_t *ocng)
{
    int first = -1, last = -1;
    for (int n = 0; n < c->cell.n_rb; n++)
        if (c->prb_mod[sf][n]) {
            if (first < 0)
                first = n;
            last = n;
        }
    for (int n = 0; n < c->cell.n_rb; n++)
        ocng[n] = first < 0 || n < first || n > last;
}

/* 36.211 §6.10.1.2, normal CP: CRS in symbols 0 and 4 of each slot, and 1
 * for ports 2 and 3. */
static int crs_symbol(int l, int n_ports)
{
    int ls = l % 7;
    return ls == 0 || ls == 4 || (n_ports == 4 && ls == 1);
}

typedef struct gen {
    lte_wf *wf;
    lte_ofdm *ofdm;
    int P, len, n_sc, n_re;
    float complex *x[MAXP]; /* time samples per port */
    float complex *y[MAXP]; /* demodulated grid per port */
} gen;

static void gen_open(gen *g, const lte_wf_cfg *cfg)
{
    memset(g, 0, sizeof *g);
    assert_int_equal(lte_wf_create(cfg, &g->wf), 0);
    lte_ofdm_cfg oc = {.n_rb = cfg->cell.n_rb, .cp = cfg->cell.cp, .mode = LTE_OFDM_DL,
                       .norm = LTE_OFDM_NORM_UNITARY};
    assert_int_equal(lte_ofdm_create(&oc, &g->ofdm), 0);
    g->P = cfg->cell.n_ports;
    g->len = lte_wf_subframe_len(g->wf);
    g->n_sc = 12 * cfg->cell.n_rb;
    g->n_re = g->n_sc * 14;
    for (int p = 0; p < g->P; p++) {
        g->x[p] = malloc(sizeof(float complex) * (size_t)g->len);
        g->y[p] = malloc(sizeof(float complex) * (size_t)g->n_re);
        assert_non_null(g->x[p]);
        assert_non_null(g->y[p]);
    }
}

static void gen_run(gen *g, int frame, int sf)
{
    assert_int_equal(lte_wf_run(g->wf, frame, sf, g->x), 0);
    for (int p = 0; p < g->P; p++)
        assert_int_equal(lte_ofdm_demod_subframe(g->ofdm, g->x[p], g->y[p]), 0);
}

static void gen_close(gen *g)
{
    for (int p = 0; p < g->P; p++) {
        free(g->x[p]);
        free(g->y[p]);
    }
    lte_ofdm_destroy(g->ofdm);
    lte_wf_destroy(g->wf);
}

/* y is a QPSK point (36.211 Table 7.1.2-1: (+-1 +-j)/sqrt(2)) at amplitude a. */
static int is_qpsk(float complex y, double a)
{
    double q = a / sqrt(2.0);
    return fabs(fabs(crealf(y)) - q) < 2e-3 * a && fabs(fabs(cimagf(y)) - q) < 2e-3 * a;
}

/* Per-RE check of one subframe against the same configuration without OCNG
 * (ref): returns the number of OCNG REs seen. ra/rb: OCNG_RA/RB in dB. */
static int check_subframe(const lte_wf_cfg *cfg, int sf, const gen *o, const gen *ref, double ra,
                          double rb, int quadrants[4])
{
    uint8_t map[LTE_GRID_MAX_RE], ocng[LTE_MAX_RB];
    assert_int_equal(lte_grid_classify(&cfg->cell, sf, map), 0);
    op2_prbs(cfg, sf, ocng);
    int P = cfg->cell.n_ports, n_sc = o->n_sc, n = 0;
    for (int l = 0; l < 14; l++) {
        double db = cfg->crs_db + OP2_GAMMA_DB + (crs_symbol(l, P) ? ra : rb);
        double a = pow(10.0, db / 20.0) / (P > 1 ? sqrt(2.0) : 1.0); /* per port */
        for (int k = 0; k < n_sc; k++) {
            int idx = l * n_sc + k, prb = k / 12;
            if (map[idx] == LTE_RE_PDSCH && ocng[prb]) {
                /* OCNG: QPSK at the pattern's power on every port that
                 * carries the RE (all for 1-2 ports, two of four with 4) */
                int on = 0;
                for (int p = 0; p < P; p++) {
                    float complex v = o->y[p][idx];
                    assert_true(cabsf(ref->y[p][idx]) < 1e-3f); /* empty without OCNG */
                    if (cabsf(v) < 1e-3f * (float)a)
                        continue;
                    on++;
                    if (!is_qpsk(v, a))
                        fail_msg("%s sf %d l %d k %d port %d: %g%+gj is not QPSK at %g", cfg->name,
                                 sf, l, k, p, crealf(v), cimagf(v), a);
                    quadrants[(crealf(v) > 0) * 2 + (cimagf(v) > 0)]++;
                }
                if (on != (P == 4 ? 2 : P))
                    fail_msg("%s sf %d l %d k %d: OCNG on %d ports", cfg->name, sf, l, k, on);
                n++;
                continue;
            }
            if (map[idx] == LTE_RE_PDSCH) { /* the wanted PDSCH: there, not empty */
                double e = 0;
                for (int p = 0; p < P; p++)
                    e += crealf(o->y[p][idx] * conjf(o->y[p][idx]));
                if (e < 0.1)
                    fail_msg("%s sf %d l %d k %d: PDSCH PRB %d is empty", cfg->name, sf, l, k,
                             prb);
            }
            /* everything else (PDSCH, CRS, PSS/SSS, PBCH, control) untouched */
            for (int p = 0; p < P; p++)
                if (cabsf(o->y[p][idx] - ref->y[p][idx]) > 1e-4f)
                    fail_msg("%s sf %d l %d k %d port %d (class %d) changed by OCNG", cfg->name,
                             sf, l, k, p, map[idx]);
        }
    }
    return n;
}

/* Every RMC: subframe 5 (no PDSCH) filled over all PRBs, the others (every
 * PRB allocated) unchanged; OCNG REs QPSK at 0 dB, none on PBCH/PSS/SSS/CRS. */
static void test_ocng_rmc_grid(void **state)
{
    (void)state;
    int n_rmc = 0;
    for (int i = 0; lte_wf_rmc_name(i); i++) {
        lte_wf_cfg ref_cfg, cfg;
        assert_int_equal(lte_wf_rmc(lte_wf_rmc_name(i), &ref_cfg), 0);
        cfg = ref_cfg;
        assert_int_equal(lte_wf_ocng_parse("OP.2", &cfg.ocng), 0);
        assert_int_equal(cfg.ocng, LTE_WF_OCNG_OP2_FDD);
        gen o, r;
        gen_open(&o, &cfg);
        gen_open(&r, &ref_cfg);
        int quadrants[4] = {0};
        for (int sf = 0; sf < 10; sf++) {
            gen_run(&o, 0, sf);
            gen_run(&r, 0, sf);
            int n = check_subframe(&cfg, sf, &o, &r, 0.0, 0.0, quadrants);
            if (sf == 5) {
                /* every PDSCH RE of the subframe: 12 N_RB (14 - ctrl) minus
                 * the CRS of symbols 4, 7 and 11 (2 per PRB and port,
                 * §6.10.1.2) and the two PSS/SSS symbols over the 6 central
                 * PRBs (62 REs + 10 guards each, §6.11) */
                int ctrl = lte_cell_ctrl_symbols(&cfg.cell, 5), N = cfg.cell.n_rb;
                int want = 12 * N * (14 - ctrl) - 3 * 2 * cfg.cell.n_ports * N - 2 * 72;
                assert_int_equal(n, want);
            } else {
                assert_int_equal(n, 0);
            }
            assert_int_equal(lte_wf_last_tbs(o.wf), lte_wf_last_tbs(r.wf));
        }
        for (int q = 0; q < 4; q++)
            assert_true(quadrants[q] > 0);
        gen_close(&o);
        gen_close(&r);
        n_rmc++;
    }
    assert_true(n_rmc >= 7);
}

/* Decode the wanted PDSCH of subframe sf (one receive antenna, unit channel
 * from every port) and compare with the documented payload: xoshiro256**
 * stream (seed, 10*frame + subframe). */
static void decode_wanted(const lte_wf_cfg *cfg, gen *o, int sf, int tbs)
{
    int P = cfg->cell.n_ports, n_re = o->n_re;
    float complex *sum = calloc((size_t)o->len, sizeof(float complex));
    float complex *y = malloc(sizeof(float complex) * (size_t)n_re);
    float complex *h = malloc(sizeof(float complex) * (size_t)n_re * 4);
    for (int i = 0; i < n_re * 4; i++)
        h[i] = 1.0f;
    for (int p = 0; p < P; p++)
        for (int i = 0; i < o->len; i++)
            sum[i] += o->x[p][i];
    assert_int_equal(lte_ofdm_demod_subframe(o->ofdm, sum, y), 0);
    lte_dlrx *rx = NULL;
    lte_pdsch *pd = NULL;
    lte_sch_harq *hq = NULL;
    assert_int_equal(lte_dlrx_create(&cfg->cell, 1, &rx), 0);
    assert_int_equal(lte_pdsch_create(&cfg->cell, NULL, &pd), 0);
    assert_int_equal(lte_sch_harq_create(tbs, &hq), 0);
    lte_pdsch_cfg pc;
    memset(&pc, 0, sizeof pc);
    lte_dl_ctrl_mimo(P, &pc.mimo);
    pc.rnti = cfg->rnti;
    for (int n = 0; n < cfg->cell.n_rb; n++)
        pc.prb_mask[n] = cfg->prb_mod[sf][n] != 0;
    pc.mod[0] = LTE_MOD_QPSK;
    pc.tbs[0] = tbs;
    const float complex *ys[1] = {y};
    const float complex *hs[4] = {h, h + n_re, h + 2 * n_re, h + 3 * n_re};
    lte_dl_rxin in = {.n_rx = 1, .n_ports = P, .y = ys, .h = hs, .n0 = 1e-3f, .eq = LTE_EQ_ZF};
    uint8_t *tb = malloc((size_t)tbs), *want = malloc((size_t)tbs);
    lte_sch_harq *hqs[2] = {hq, NULL};
    uint8_t *tbo[2] = {tb, NULL};
    assert_int_equal(lte_pdsch_decode(pd, rx, lte_wf_grid(o->wf), &pc, &in, hqs, tbo, NULL), 0);
    lte_rng rg;
    lte_rng_seed_stream(&rg, cfg->seed, (uint64_t)sf);
    lte_rng_bits(&rg, want, tbs);
    assert_memory_equal(tb, want, (size_t)tbs);
    free(tb);
    free(want);
    lte_sch_harq_destroy(hq);
    lte_pdsch_destroy(pd);
    lte_dlrx_destroy(rx);
    free(h);
    free(y);
    free(sum);
}

/* A two-sided case (the wanted PDSCH in the middle) on 1, 2 and 4 ports,
 * with OCNG_RA != OCNG_RB: OCNG on both sides at the right power per symbol
 * type, nothing else changed, and the wanted PDSCH decodes with its CRC to
 * its payload. */
static void test_ocng_two_sided(void **state)
{
    (void)state;
    static const int ports[3] = {1, 2, 4};
    for (int t = 0; t < 3; t++) {
        lte_wf_cfg ref_cfg, cfg;
        lte_wf_cfg_init(&ref_cfg);
        ref_cfg.cell.n_rb = 25;
        ref_cfg.cell.n_ports = ports[t];
        ref_cfg.cell.cell_id = 17;
        ref_cfg.data = LTE_WF_DATA_DLSCH;
        ref_cfg.i_mcs = 5; /* QPSK, I_TBS 5 */
        ref_cfg.seed = 7;
        ref_cfg.rnti = 0x1234;
        assert_int_equal(lte_wf_cfg_set_prbs(&ref_cfg, 8, 8, LTE_MOD_QPSK, 0.0f), 0);
        cfg = ref_cfg;
        cfg.ocng = LTE_WF_OCNG_OP2_FDD;
        cfg.ocng_ra_db = 1.0f;
        cfg.ocng_rb_db = -2.0f;
        gen o, r;
        gen_open(&o, &cfg);
        gen_open(&r, &ref_cfg);
        int quadrants[4] = {0};
        for (int sf = 0; sf < 10; sf++) {
            gen_run(&o, 0, sf);
            gen_run(&r, 0, sf);
            int n = check_subframe(&cfg, sf, &o, &r, 1.0, -2.0, quadrants);
            assert_true(n > 17 * 12 * 8); /* 17 PRBs of OCNG (0-7, 16-24) */
            /* I_TBS 5, 8 PRBs: 36.213 Table 7.1.7.2.1-1 row 5 -> 680 */
            assert_int_equal(lte_wf_last_tbs(o.wf), 680);
            if (sf == 0 || sf == 5 || sf == 7)
                decode_wanted(&cfg, &o, sf, 680);
        }
        gen_close(&o);
        gen_close(&r);
    }
}

/* Same seed: the same OCNG; another seed or another frame: different OCNG,
 * with the wanted PDSCH ('0' bits, independent of the seed) unchanged. */
static void test_ocng_seed(void **state)
{
    (void)state;
    lte_wf_cfg a;
    lte_wf_cfg_init(&a);
    a.cell.n_rb = 15;
    assert_int_equal(lte_wf_cfg_set_prbs(&a, 3, 4, LTE_MOD_16QAM, 0.0f), 0);
    a.ocng = LTE_WF_OCNG_OP2_FDD;
    a.seed = 1;
    lte_wf_cfg b = a, c = a;
    c.seed = 2;
    gen ga, gb, gc;
    gen_open(&ga, &a);
    gen_open(&gb, &b);
    gen_open(&gc, &c);
    uint8_t map[LTE_GRID_MAX_RE], ocng[LTE_MAX_RB];
    float complex *prev = malloc(sizeof(float complex) * (size_t)ga.n_re);
    for (int frame = 0; frame < 2; frame++)
        for (int sf = 0; sf < 10; sf++) {
            gen_run(&ga, frame, sf);
            gen_run(&gb, frame, sf);
            gen_run(&gc, frame, sf);
            assert_memory_equal(ga.x[0], gb.x[0], sizeof(float complex) * (size_t)ga.len);
            assert_int_equal(lte_grid_classify(&a.cell, sf, map), 0);
            op2_prbs(&a, sf, ocng);
            int n = 0, diff = 0, diff_frame = 0;
            for (int i = 0; i < ga.n_re; i++) {
                float complex u = ga.y[0][i], v = gc.y[0][i];
                if (map[i] == LTE_RE_PDSCH && ocng[(i % ga.n_sc) / 12]) {
                    n++;
                    diff += cabsf(u - v) > 1e-3f;
                    diff_frame += sf == 3 && frame == 1 && cabsf(u - prev[i]) > 1e-3f;
                } else {
                    assert_true(cabsf(u - v) < 1e-4f);
                }
            }
            /* independent QPSK symbols differ with probability 3/4 */
            assert_true(n > 0 && diff > n / 2);
            if (sf == 3 && frame == 1)
                assert_true(diff_frame > n / 2);
            if (sf == 3 && frame == 0)
                memcpy(prev, ga.y[0], sizeof(float complex) * (size_t)ga.n_re);
        }
    free(prev);
    gen_close(&ga);
    gen_close(&gb);
    gen_close(&gc);
}

/* "a transmitted power spectral density that is constant on an OFDM symbol
 * basis is targeted" (§A.5.1): with the RMC's PDSCH, CRS, PSS/SSS and PBCH
 * at 0 dB and OCNG_RA = OCNG_RB = 0 dB, every OFDM symbol after the control
 * region carries sum |a|^2 = 12 N_RB over the ports (time samples of the
 * useful part, unitary OFDM: Parseval), relative tolerance 1e-4, except the
 * REs that are empty by rule: 10 guard REs around PSS/SSS (36.211 §6.11),
 * and in the PBCH symbols the CRS REs reserved for ports the cell lacks
 * (§6.6.4: 12 of port 1 in symbol 7 for one port, 24 of ports 2-3 in
 * symbol 8). Without OCNG subframe 5 is far below. */
static void check_symbol_power(const char *rmc, int ocng_on)
{
    lte_wf_cfg cfg;
    assert_int_equal(lte_wf_rmc(rmc, &cfg), 0);
    cfg.ocng = ocng_on ? LTE_WF_OCNG_OP2_FDD : LTE_WF_OCNG_NONE;
    gen o;
    gen_open(&o, &cfg);
    lte_ofdm_info info;
    assert_int_equal(lte_ofdm_get_info(o.ofdm, &info), 0);
    int P = cfg.cell.n_ports, full = 12 * cfg.cell.n_rb, low = 0;
    for (int sf = 0; sf < 10; sf++) {
        assert_int_equal(lte_wf_run(o.wf, 0, sf, o.x), 0);
        for (int l = lte_cell_ctrl_symbols(&cfg.cell, sf); l < 14; l++) {
            double e = 0;
            int s0 = info.sym_start[l] + info.cp_len[l];
            for (int p = 0; p < P; p++)
                for (int i = 0; i < info.fft_size; i++)
                    e += crealf(o.x[p][s0 + i] * conjf(o.x[p][s0 + i]));
            int want = full;
            if ((sf == 0 || sf == 5) && (l == 5 || l == 6))
                want -= 10;
            if (sf == 0 && l == 7 && P == 1)
                want -= 12;
            if (sf == 0 && l == 8)
                want -= 24;
            if (fabs(e - want) > 1e-4 * want) {
                if (ocng_on)
                    fail_msg("%s sf %d symbol %d: sum |a|^2 = %.4f, want %d", rmc, sf, l, e, want);
                low += e < 0.5 * want;
            }
        }
    }
    if (!ocng_on)
        assert_true(low >= 14 - 2 - 2); /* subframe 5's data symbols but PSS/SSS */
    gen_close(&o);
}

static void test_ocng_symbol_power(void **state)
{
    (void)state;
    check_symbol_power("R.2", 1);
    check_symbol_power("R.4", 1);
    check_symbol_power("R.10", 1); /* two ports: the sum over ports is constant */
    check_symbol_power("R.2", 0);
}

static void test_ocng_errors(void **state)
{
    (void)state;
    lte_wf_ocng p = LTE_WF_OCNG_NONE;
    assert_int_equal(lte_wf_ocng_parse("op.2 fdd", &p), 0);
    assert_int_equal(p, LTE_WF_OCNG_OP2_FDD);
    assert_int_equal(lte_wf_ocng_parse("none", &p), 0);
    assert_int_equal(p, LTE_WF_OCNG_NONE);
    assert_int_equal(lte_wf_ocng_parse("OP.1", &p), LTE_EINVAL);
    assert_int_equal(lte_wf_ocng_parse("OP.2 TDD", &p), LTE_EINVAL);
    assert_int_equal(lte_wf_ocng_parse("noise", &p), LTE_EINVAL);
    assert_int_equal(lte_wf_ocng_parse(NULL, &p), LTE_EINVAL);
    assert_string_equal(lte_wf_ocng_name(LTE_WF_OCNG_OP2_FDD), "OP.2 FDD");
    assert_null(lte_wf_ocng_name((lte_wf_ocng)9));
    lte_wf_cfg cfg;
    lte_wf *wf = NULL;
    lte_wf_cfg_init(&cfg);
    assert_int_equal(cfg.ocng, LTE_WF_OCNG_NONE);
    cfg.cell.n_rb = 15;
    assert_int_equal(lte_wf_cfg_set_prbs(&cfg, 2, 3, LTE_MOD_QPSK, 0.0f), 0);
    assert_int_equal(lte_wf_cfg_set_prbs(&cfg, 8, 2, LTE_MOD_QPSK, 0.0f), 0);
    cfg.ocng = LTE_WF_OCNG_OP2_FDD; /* two blocks: not the two-sided pattern */
    assert_int_equal(lte_wf_create(&cfg, &wf), LTE_EINVAL);
    assert_null(wf);
    assert_int_equal(lte_wf_cfg_set_prbs(&cfg, 5, 3, LTE_MOD_QPSK, 0.0f), 0); /* 2..9 */
    assert_int_equal(lte_wf_create(&cfg, &wf), 0);
    lte_wf_destroy(wf);
    cfg.ocng_ra_db = NAN;
    assert_int_equal(lte_wf_create(&cfg, &wf), LTE_EINVAL);
    cfg.ocng_ra_db = 0;
    cfg.ocng = (lte_wf_ocng)1;
    assert_int_equal(lte_wf_create(&cfg, &wf), LTE_EINVAL);
    cfg.ocng = LTE_WF_OCNG_OP2_FDD;
    cfg.cell.duplex = LTE_TDD;
    cfg.cell.tdd_config = 1;
    cfg.cell.ssf_config = 7;
    assert_int_equal(lte_wf_create(&cfg, &wf), LTE_EINVAL);
    assert_null(wf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ocng_errors),       cmocka_unit_test(test_ocng_rmc_grid),
        cmocka_unit_test(test_ocng_two_sided),    cmocka_unit_test(test_ocng_seed),
        cmocka_unit_test(test_ocng_symbol_power),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
