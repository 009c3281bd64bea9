/* Tests of the downlink subframe transmitter (phy/dl_tx.c): a whole
 * subframe (CRS, PSS/SSS, PBCH, PCFICH, PHICH, PDCCH, PDSCH) is generated,
 * OFDM-demodulated by an independent lte_ofdm object, and every channel is
 * decoded back; the output power follows the documented normalisation
 * (Parseval per symbol with the unitary OFDM) and the per-channel amplitudes.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/cellsearch.h"
#include "ltephy/chest.h"
#include "ltephy/dlphy.h"
#include "ltephy/error.h"
#include "ltephy/ofdm.h"
#include "tests/common/testutil.h"

typedef struct dl_case {
    int n_rb, ports, tdd, tdd_config, ssf, subframe, cfi;
    lte_cp cp;
    float pdsch_amp;
} dl_case;

static void run_case(const dl_case *t, tu_rng *r)
{
    lte_dl_tx_cfg cfg;
    assert_int_equal(lte_dl_tx_cfg_init(&cfg), 0);
    cfg.cell.n_rb = t->n_rb;
    cfg.cell.n_ports = t->ports;
    cfg.cell.cp = t->cp;
    cfg.cell.cell_id = (int)(tu_rand(r) % 504);
    cfg.cell.ng = LTE_NG_1;
    if (t->tdd) {
        cfg.cell.duplex = LTE_TDD;
        cfg.cell.tdd_config = t->tdd_config;
        cfg.cell.ssf_config = t->ssf;
    }
    cfg.amp.pdsch = t->pdsch_amp;
    lte_dl_tx *tx;
    assert_int_equal(lte_dl_tx_create(&cfg, &tx), 0);
    int len = lte_dl_tx_subframe_len(tx);
    float complex *out[4] = {0};
    for (int p = 0; p < t->ports; p++)
        out[p] = malloc(sizeof(float complex) * (size_t)len);

    /* content */
    int sfn = 200 + (int)(tu_rand(r) % 800);
    lte_mib mib = {t->n_rb, LTE_PHICH_NORMAL, LTE_NG_1, sfn};
    uint8_t mib_bits[24];
    assert_int_equal(lte_mib_pack(&mib, mib_bits), 0);
    lte_phich_ind hi[3] = {{0, 1, 1}, {0, 6 % (t->cp ? 4 : 8), 0}, {t->n_rb >= 15, 3, 1}};
    uint8_t dci_bits[2][40];
    tu_random_bits(r, dci_bits[0], 27);
    tu_random_bits(r, dci_bits[1], 40);
    lte_pdcch_dci dci[2] = {{dci_bits[0], 27, 0x1111, 4, 0}, {dci_bits[1], 40, 0x2222, 1, 4}};
    lte_pdsch_alloc al = {0};
    if (t->ports == 1)
        al.cfg.mimo = (lte_mimo_cfg){LTE_TX_SINGLE_PORT, 1, 1, 1, 0};
    else
        al.cfg.mimo = (lte_mimo_cfg){LTE_TX_DIVERSITY, t->ports, t->ports, 1, 0};
    al.cfg.rnti = 0x1111;
    al.cfg.mod[0] = LTE_MOD_16QAM;
    for (int i = 0; i < t->n_rb; i++)
        al.cfg.prb_mask[i] = (uint8_t)(i % 2 == 0 || i < 3);
    lte_dl_sf sf = {0};
    sf.subframe = t->subframe;
    sf.sfn = sfn;
    sf.mib = t->subframe == 0 ? mib_bits : NULL;
    sf.cfi = t->cfi;
    sf.hi = hi;
    /* TDD: m_i = 0 subframes have no PHICH (Table 6.9-1) */
    int n_hi = lte_cell_phich_groups(&cfg.cell, t->subframe) > 0 ? 3 : 0;
    sf.n_hi = n_hi;
    sf.dci = dci;
    sf.n_dci = 0;
    /* TBS: a real one at code rate < 0.6, found from G of the grid the
     * transmitter will use (run once without PDSCH to select it) */
    int rc0 = lte_dl_tx_run(tx, &sf, NULL);
    if (rc0)
        print_error("n_rb %d: %s\n", t->n_rb, lte_errdetail());
    assert_int_equal(rc0, 0);
    const lte_grid *g = lte_dl_tx_grid(tx);
    /* DCI 0 in the common space at CCEs 0..3; DCI 1 (L = 1) at the first
     * UE-specific candidate of its RNTI outside them, if any */
    int first[8], n_dci = 1;
    int nc = lte_pdcch_candidates(g->ctrl->n_cce, 0, 1, 0x2222, t->subframe, first);
    for (int m = nc - 1; m >= 0; m--)
        if (first[m] >= 4) {
            dci[1].cce = first[m];
            n_dci = 2;
        }
    sf.n_dci = n_dci;
    int G = lte_pdsch_g(g, &al.cfg, 0, NULL), nprb = 0;
    assert_true(G > 0);
    for (int i = 0; i < t->n_rb; i++)
        nprb += al.cfg.prb_mask[i];
    int tbs = 0;
    for (int itbs = 15; itbs >= 0; itbs--) {
        assert_int_equal(lte_tbs(itbs, nprb, &tbs), 0);
        if (tbs + 24 < 0.6 * G)
            break;
    }
    al.cfg.tbs[0] = tbs;
    uint8_t *tb = malloc((size_t)tbs), *dec = calloc((size_t)tbs, 1);
    tu_random_bits(r, tb, tbs);
    al.tb[0] = tb;
    sf.pdsch = &al;
    sf.n_pdsch = 1;
    rc0 = lte_dl_tx_run(tx, &sf, out);
    if (rc0)
        print_error("n_rb %d: %s\n", t->n_rb, lte_errdetail());
    assert_int_equal(rc0, 0);
    g = lte_dl_tx_grid(tx);
    assert_int_equal(g->ctrl->cfi, lte_cell_cfi(&g->cell, t->subframe));

    /* power: per port and symbol, sum |x|^2 over the useful part = sum |a|^2 */
    lte_ofdm_cfg oc = {.n_rb = t->n_rb, .cp = t->cp, .mode = LTE_OFDM_DL};
    lte_ofdm *ofdm;
    lte_ofdm_info info;
    assert_int_equal(lte_ofdm_create(&oc, &ofdm), 0);
    assert_int_equal(lte_ofdm_get_info(ofdm, &info), 0);
    for (int p = 0; p < t->ports; p++)
        for (int l = 0; l < g->n_symb; l++) {
            double et = 0, ef = 0;
            const float complex *s = out[p] + info.sym_start[l] + info.cp_len[l];
            for (int n = 0; n < info.fft_size; n++)
                et += (double)crealf(s[n] * conjf(s[n]));
            for (int k = 0; k < g->n_sc; k++) {
                float complex a = g->port[p][l * g->n_sc + k];
                ef += (double)crealf(a * conjf(a));
            }
            assert_true(fabs(et - ef) <= 1e-3 * (ef + 1));
        }
    /* per-channel amplitude: PDSCH REs carry pdsch_amp^2 summed over ports,
     * PBCH / PDCCH REs 1 */
    double pw[LTE_RE_NCLASSES] = {0};
    int cnt[LTE_RE_NCLASSES] = {0};
    for (int i = 0; i < g->n_re; i++) {
        double e = 0;
        for (int p = 0; p < t->ports; p++)
            e += (double)crealf(g->port[p][i] * conjf(g->port[p][i]));
        if (e > 0) {
            pw[g->map[i]] += e;
            cnt[g->map[i]]++;
        }
    }
    assert_true(cnt[LTE_RE_PDSCH] > 0);
    /* 16QAM: unit power on average over the random data */
    assert_true(fabs(pw[LTE_RE_PDSCH] / cnt[LTE_RE_PDSCH] / (t->pdsch_amp * t->pdsch_amp) - 1) < 0.05);
    if (t->subframe == 0)
        assert_true(fabs(pw[LTE_RE_PBCH] / cnt[LTE_RE_PBCH] - 1.0) < 1e-4);
    assert_true(fabs(pw[LTE_RE_PCFICH] / cnt[LTE_RE_PCFICH] - 1.0) < 1e-4);

    /* receive: ideal channel, one antenna per port */
    float complex *y[4] = {0}, *h[16] = {0};
    for (int a = 0; a < t->ports; a++) {
        y[a] = malloc(sizeof(float complex) * (size_t)g->n_re);
        assert_int_equal(lte_ofdm_demod_subframe(ofdm, out[a], y[a]), 0);
        for (int p = 0; p < t->ports; p++) {
            h[a * t->ports + p] = malloc(sizeof(float complex) * (size_t)g->n_re);
            for (int i = 0; i < g->n_re; i++)
                h[a * t->ports + p][i] = a == p ? 1.0f : 0.0f;
        }
    }
    lte_dl_rxin in = {t->ports, t->ports, (const float complex *const *)y,
                      (const float complex *const *)h, 1e-3f, LTE_EQ_MMSE};
    lte_dlrx *rx;
    assert_int_equal(lte_dlrx_create(&g->cell, 4, &rx), 0);
    if (t->subframe == 0) {
        lte_pbch_result pr;
        assert_int_equal(lte_pbch_decode(rx, g, &in, &pr), 0);
        assert_int_equal(pr.n_ports, t->ports);
        lte_mib back;
        assert_int_equal(lte_mib_unpack(pr.mib, pr.frame_offset, &back), 0);
        assert_int_equal(back.sfn, sfn);
    }
    int cfi = 0;
    assert_int_equal(lte_pcfich_decode(rx, g, &in, &cfi, NULL), 0);
    assert_int_equal(cfi, g->ctrl->cfi);
    for (int a = 0; a < n_hi; a++) {
        int v = -1;
        assert_int_equal(lte_phich_decode(rx, g, &in, hi[a].group, hi[a].seq, &v, NULL), 0);
        assert_int_equal(v, hi[a].hi);
    }
    const int sizes[2] = {27, 40};
    for (int a = 0; a < 2; a++) {
        lte_dci_found f[2];
        int nf = 0;
        assert_int_equal(lte_pdcch_search(rx, g, &in, dci[a].rnti, sizes, 2, f, 2, &nf), 0);
        assert_int_equal(nf, a < n_dci);
        if (nf) {
            assert_int_equal(f[0].n_bits, dci[a].n_bits);
            assert_memory_equal(f[0].payload, dci_bits[a], (size_t)dci[a].n_bits);
            assert_int_equal(f[0].cce, dci[a].cce);
        }
    }
    lte_pdsch *pd;
    lte_sch_harq *hq;
    assert_int_equal(lte_pdsch_create(&g->cell, &cfg.sch, &pd), 0);
    assert_int_equal(lte_sch_harq_create(tbs, &hq), 0);
    lte_sch_harq *hqs[2] = {hq, NULL};
    uint8_t *decs[2] = {dec, NULL};
    al.cfg.mod[1] = al.cfg.mod[0];
    /* the PDSCH went out with amplitude pdsch_amp: it is part of the
     * channel its receiver sees (16QAM needs the right scale) */
    for (int a = 0; a < t->ports; a++)
        for (int p = 0; p < t->ports; p++)
            for (int i = 0; i < g->n_re; i++)
                h[a * t->ports + p][i] *= t->pdsch_amp;
    lte_sch_result res[2];
    int rcd = lte_pdsch_decode(pd, rx, g, &al.cfg, &in, hqs, decs, res);
    if (rcd) {
        double err = 0;
        for (int i = 0; i < g->n_re; i++)
            err += cabsf(y[0][i] - g->port[0][i]);
        print_error("n_rb %d tbs %d G %d: %s, cbs %d ok %d; grid err %g\n", t->n_rb, tbs, G,
                    lte_errdetail(), res[0].cbs, res[0].cbs_ok, err);
    }
    assert_int_equal(rcd, LTE_OK);
    assert_memory_equal(dec, tb, (size_t)tbs);
    lte_sch_harq_destroy(hq);
    lte_pdsch_destroy(pd);
    lte_dlrx_destroy(rx);
    lte_ofdm_destroy(ofdm);
    for (int a = 0; a < 4; a++)
        free(y[a]);
    for (int a = 0; a < 16; a++)
        free(h[a]);
    for (int p = 0; p < 4; p++)
        free(out[p]);
    free(tb);
    free(dec);
    lte_dl_tx_destroy(tx);
}

static void test_subframes(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 99);
    const dl_case cases[] = {
        {6, 1, 0, 0, 0, 0, 0, LTE_CP_NORMAL, 1.0f},
        {15, 2, 0, 0, 0, 0, 3, LTE_CP_EXTENDED, 1.0f},
        {25, 4, 0, 0, 0, 5, 2, LTE_CP_NORMAL, 0.5f},
        {50, 1, 0, 0, 0, 7, 1, LTE_CP_NORMAL, 1.0f},
        {50, 2, 0, 0, 0, 0, 2, LTE_CP_NORMAL, 1.0f},
        {75, 1, 0, 0, 0, 3, 3, LTE_CP_NORMAL, 0.8f},
        {100, 4, 0, 0, 0, 0, 2, LTE_CP_NORMAL, 1.0f},
        /* TDD: subframe 0 of configuration 2, DwPTS of special config 7 and 4 */
        {25, 2, 1, 2, 7, 0, 3, LTE_CP_NORMAL, 1.0f},
        {50, 1, 1, 1, 7, 1, 3, LTE_CP_NORMAL, 1.0f},
        {15, 4, 1, 6, 4, 6, 2, LTE_CP_NORMAL, 1.0f},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        run_case(&cases[i], &r);
}

/* Cross-check with a second, independent receiver: the cell-search PBCH
 * decoder (phy/pbch_rx.c: its own OFDM demodulation, CRS channel estimation
 * and BCH decoding) reads the time samples of a 6-RB cell, all ports summed
 * into one receive antenna, and must recover the MIB, SFN and port count. */
static void test_cellsearch_pbch(void **state)
{
    (void)state;
    lte_cs_pbch *pb;
    assert_int_equal(lte_cs_pbch_create(&pb), 0);
    for (int ports = 1; ports <= 4; ports *= 2)
        for (int cp = 0; cp < 2; cp++) {
            lte_dl_tx_cfg cfg;
            assert_int_equal(lte_dl_tx_cfg_init(&cfg), 0);
            cfg.cell.n_rb = 6;
            cfg.cell.n_ports = ports;
            cfg.cell.cp = (lte_cp)cp;
            cfg.cell.cell_id = 101 * ports + 7 * cp;
            cfg.cell.cfi = 2;
            cfg.sch.tbs_max = 1000;
            lte_dl_tx *tx;
            assert_int_equal(lte_dl_tx_create(&cfg, &tx), 0);
            int len = lte_dl_tx_subframe_len(tx);
            assert_int_equal(len, LTE_CS_FS / 1000);
            float complex *out[4], *sum = calloc((size_t)len, sizeof(float complex));
            for (int p = 0; p < ports; p++)
                out[p] = malloc(sizeof(float complex) * (size_t)len);
            for (int sfn = 512; sfn < 516; sfn++) {
                lte_mib mib = {6, LTE_PHICH_NORMAL, LTE_NG_1, sfn};
                uint8_t bits[24];
                assert_int_equal(lte_mib_pack(&mib, bits), 0);
                lte_dl_sf sf = {0};
                sf.subframe = 0;
                sf.sfn = sfn;
                sf.mib = bits;
                assert_int_equal(lte_dl_tx_run(tx, &sf, out), 0);
                for (int i = 0; i < len; i++) {
                    sum[i] = 0;
                    for (int p = 0; p < ports; p++)
                        sum[i] += out[p][i];
                }
                lte_cs_mib got;
                int rc = lte_cs_pbch_decode(pb, cfg.cell.cell_id, (lte_cp)cp, sum, &got);
                if (rc)
                    print_error("ports %d cp %d sfn %d: %s\n", ports, cp, sfn, lte_errdetail());
                assert_int_equal(rc, 0);
                assert_int_equal(got.sfn, sfn);
                assert_int_equal(got.n_rb, 6);
                assert_int_equal(got.n_ports, ports);
                assert_int_equal(got.ng, LTE_NG_1);
            }
            for (int p = 0; p < ports; p++)
                free(out[p]);
            free(sum);
            lte_dl_tx_destroy(tx);
        }
    lte_cs_pbch_destroy(pb);
}

/* End to end with estimated channels: 25 RB, 2 ports, transmit diversity,
 * a static random channel per (rx, port) plus AWGN on the time samples,
 * OFDM demodulation, CRS channel estimation (phy/chest.c, another
 * engineer's estimator) and the decoders fed with the estimates. */
static void test_estimated_channel(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 555);
    lte_dl_tx_cfg cfg;
    assert_int_equal(lte_dl_tx_cfg_init(&cfg), 0);
    cfg.cell.n_rb = 25;
    cfg.cell.n_ports = 2;
    cfg.cell.cell_id = 222;
    cfg.cell.cfi = 2;
    lte_dl_tx *tx;
    assert_int_equal(lte_dl_tx_create(&cfg, &tx), 0);
    int len = lte_dl_tx_subframe_len(tx), nrx = 2;
    float complex *out[2], *rxs[2];
    for (int p = 0; p < 2; p++) {
        out[p] = malloc(sizeof(float complex) * (size_t)len);
        rxs[p] = malloc(sizeof(float complex) * (size_t)len);
    }
    uint8_t dbits[27];
    tu_random_bits(&r, dbits, 27);
    lte_pdcch_dci dci = {dbits, 27, 0xFFFF, 4, 0};
    lte_pdsch_alloc al = {0};
    al.cfg.mimo = (lte_mimo_cfg){LTE_TX_DIVERSITY, 2, 2, 1, 0};
    al.cfg.rnti = 0xFFFF;
    al.cfg.mod[0] = al.cfg.mod[1] = LTE_MOD_16QAM;
    memset(al.cfg.prb_mask, 1, 25);
    lte_dl_sf sf = {.subframe = 4, .sfn = 3, .dci = &dci, .n_dci = 1};
    assert_int_equal(lte_dl_tx_run(tx, &sf, NULL), 0);
    int G = lte_pdsch_g(lte_dl_tx_grid(tx), &al.cfg, 0, NULL);
    int tbs = 0;
    for (int itbs = 15; itbs >= 0; itbs--) {
        assert_int_equal(lte_tbs(itbs, 25, &tbs), 0);
        if (tbs + 24 < 0.5 * G)
            break;
    }
    al.cfg.tbs[0] = tbs;
    uint8_t *tb = malloc((size_t)tbs), *dec = calloc((size_t)tbs, 1);
    tu_random_bits(&r, tb, tbs);
    al.tb[0] = tb;
    sf.pdsch = &al;
    sf.n_pdsch = 1;
    assert_int_equal(lte_dl_tx_run(tx, &sf, out), 0);
    const lte_grid *g = lte_dl_tx_grid(tx);
    /* static flat channel; unitary OFDM: per-RE noise n0 = per-sample variance */
    float complex H[2][2];
    for (int a = 0; a < nrx; a++)
        for (int p = 0; p < 2; p++)
            H[a][p] = (float)(tu_gauss(&r) * M_SQRT1_2) + I * (float)(tu_gauss(&r) * M_SQRT1_2);
    const double n0 = 0.01;
    for (int a = 0; a < nrx; a++)
        for (int i = 0; i < len; i++)
            rxs[a][i] = H[a][0] * out[0][i] + H[a][1] * out[1][i] +
                        (float)(sqrt(n0 / 2) * tu_gauss(&r)) + I * (float)(sqrt(n0 / 2) * tu_gauss(&r));
    lte_ofdm_cfg oc = {.n_rb = 25, .cp = LTE_CP_NORMAL, .mode = LTE_OFDM_DL};
    lte_ofdm *ofdm;
    assert_int_equal(lte_ofdm_create(&oc, &ofdm), 0);
    float complex *y[2], *h[4];
    for (int a = 0; a < nrx; a++) {
        y[a] = malloc(sizeof(float complex) * (size_t)g->n_re);
        assert_int_equal(lte_ofdm_demod_subframe(ofdm, rxs[a], y[a]), 0);
    }
    for (int i = 0; i < 4; i++)
        h[i] = calloc((size_t)g->n_re, sizeof(float complex));
    lte_chest_cfg cc;
    lte_chest *ce;
    assert_int_equal(lte_chest_cfg_init(&cc, &g->cell), 0);
    cc.n_rx = nrx;
    cc.time = LTE_CHEST_TIME_AVERAGE;
    assert_int_equal(lte_chest_create(&cc, &ce), 0);
    float n0_est = 0;
    assert_int_equal(lte_chest_estimate(ce, sf.subframe, (const float complex *const *)y, h, &n0_est), 0);
    assert_true(n0_est > 0.2 * n0 && n0_est < 5 * n0);
    lte_dl_rxin in = {nrx, 2, (const float complex *const *)y, (const float complex *const *)h,
                      n0_est, LTE_EQ_MMSE};
    lte_dlrx *rx;
    assert_int_equal(lte_dlrx_create(&g->cell, 2, &rx), 0);
    int cfi = 0;
    assert_int_equal(lte_pcfich_decode(rx, g, &in, &cfi, NULL), 0);
    assert_int_equal(cfi, 2);
    const int sizes[1] = {27};
    lte_dci_found f[2];
    int nf = 0;
    assert_int_equal(lte_pdcch_search(rx, g, &in, 0xFFFF, sizes, 1, f, 2, &nf), 0);
    assert_int_equal(nf, 1);
    assert_memory_equal(f[0].payload, dbits, 27);
    lte_pdsch *pd;
    lte_sch_harq *hq;
    assert_int_equal(lte_pdsch_create(&g->cell, &cfg.sch, &pd), 0);
    assert_int_equal(lte_sch_harq_create(tbs, &hq), 0);
    lte_sch_harq *hqs[2] = {hq, NULL};
    uint8_t *decs[2] = {dec, NULL};
    assert_int_equal(lte_pdsch_decode(pd, rx, g, &al.cfg, &in, hqs, decs, NULL), 0);
    assert_memory_equal(dec, tb, (size_t)tbs);
    lte_sch_harq_destroy(hq);
    lte_pdsch_destroy(pd);
    lte_dlrx_destroy(rx);
    lte_chest_destroy(ce);
    lte_ofdm_destroy(ofdm);
    for (int i = 0; i < 4; i++)
        free(h[i]);
    for (int a = 0; a < 2; a++) {
        free(y[a]);
        free(out[a]);
        free(rxs[a]);
    }
    free(tb);
    free(dec);
    lte_dl_tx_destroy(tx);
}

static void test_uplink_and_bad_args(void **state)
{
    (void)state;
    lte_dl_tx_cfg cfg;
    assert_int_equal(lte_dl_tx_cfg_init(&cfg), 0);
    cfg.cell.duplex = LTE_TDD;
    cfg.cell.tdd_config = 1;
    cfg.cell.n_rb = 6;
    lte_dl_tx *tx;
    assert_int_equal(lte_dl_tx_create(&cfg, &tx), 0);
    int len = lte_dl_tx_subframe_len(tx);
    assert_int_equal(len, 15 * 128);
    float complex *out = malloc(sizeof(float complex) * (size_t)len);
    float complex *outs[1] = {out};
    lte_dl_sf sf = {0};
    sf.subframe = 2; /* uplink: nothing transmitted */
    assert_int_equal(lte_dl_tx_run(tx, &sf, outs), 0);
    for (int i = 0; i < len; i++)
        assert_true(out[i] == 0);
    lte_phich_ind hi = {0, 0, 1};
    sf.hi = &hi;
    sf.n_hi = 1;
    assert_int_equal(lte_dl_tx_run(tx, &sf, outs), LTE_EINVAL);
    sf.n_hi = 0;
    sf.subframe = 10;
    assert_int_equal(lte_dl_tx_run(tx, &sf, outs), LTE_EINVAL);
    sf.subframe = 0;
    sf.cfi = 4;
    assert_int_equal(lte_dl_tx_run(tx, &sf, outs), LTE_EINVAL);
    sf.cfi = 0;
    sf.sfn = 1024;
    assert_int_equal(lte_dl_tx_run(tx, &sf, outs), LTE_EINVAL);
    sf.sfn = 0;
    assert_int_equal(lte_dl_tx_run(tx, &sf, outs), 0);
    assert_int_equal(lte_dl_tx_run(NULL, &sf, outs), LTE_EINVAL);
    lte_dl_tx_destroy(tx);
    cfg.amp.pdcch = -1;
    assert_int_equal(lte_dl_tx_create(&cfg, &tx), LTE_EINVAL);
    cfg.amp.pdcch = 1;
    cfg.cell.n_rb = 7;
    assert_int_equal(lte_dl_tx_create(&cfg, &tx), LTE_EINVAL);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subframes),
        cmocka_unit_test(test_cellsearch_pbch),
        cmocka_unit_test(test_estimated_channel),
        cmocka_unit_test(test_uplink_and_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
