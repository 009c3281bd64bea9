/* Golden-vector cases for the PDSCH chain (36.212 §5.3.2, 36.211 §6.3-6.4,
 * §6.12): every stage from the transport block to the OFDM samples of each
 * antenna port, then a receiver on a stated channel. Formats and stage list:
 * vectors/FORMAT.md. SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/channel.h"
#include "ltephy/chest.h"
#include "ltephy/dlphy.h"
#include "ltephy/error.h"
#include "ltephy/ofdm.h"
#include "ltephy/rng.h"
#include "ltephy/scrambling.h"
#include "ltephy/tables.h"
#include "vec.h"
#include "vectors.h"

/* Fixed-point formats of the complex stages (FORMAT.md): symbols and grids
 * Q1.14 in 16 bits, time samples Q3.12 (unitary OFDM, peaks below 8). */
#define FRAC_SYM 14
#define FRAC_TIME 12
#define TOL_SNR_DB 60.0 /* float stages: DUT must match to 60 dB SNR */

typedef struct pdsch_case {
    lte_cell_cfg cell;
    lte_pdsch_cfg pc;
    int subframe, mcs, n_prb, rx, seed;
    double snr_db;
    char table[16];
} pdsch_case;

static int parse(const char *cfg, pdsch_case *c)
{
    int rc, n_rb, ports, tm, cfi, cell_id, sf, ext = 0, tdd = 0, tdd_cfg, ssf, rnti, cb, rv;
    char v[32];
    lte_cell_cfg_init(&c->cell);
    if ((rc = vec_kv_int(cfg, "n_rb", 6, &n_rb)) < 0 || (rc = vec_kv_int(cfg, "ports", 1, &ports)) < 0 ||
        (rc = vec_kv_int(cfg, "tm", 1, &tm)) < 0 || (rc = vec_kv_int(cfg, "cfi", 2, &cfi)) < 0 ||
        (rc = vec_kv_int(cfg, "cell_id", 1, &cell_id)) < 0 ||
        (rc = vec_kv_int(cfg, "subframe", 1, &sf)) < 0 ||
        (rc = vec_kv_int(cfg, "tdd_config", 1, &tdd_cfg)) < 0 ||
        (rc = vec_kv_int(cfg, "ssf_config", 7, &ssf)) < 0 ||
        (rc = vec_kv_int(cfg, "rnti", 0x1234, &rnti)) < 0 ||
        (rc = vec_kv_int(cfg, "codebook", 0, &cb)) < 0 || (rc = vec_kv_int(cfg, "rv", 0, &rv)) < 0 ||
        (rc = vec_kv_int(cfg, "mcs", 0, &c->mcs)) < 0 ||
        (rc = vec_kv_int(cfg, "prb", n_rb, &c->n_prb)) < 0 ||
        (rc = vec_kv_int(cfg, "rx", 1, &c->rx)) < 0 || (rc = vec_kv_int(cfg, "seed", 1, &c->seed)) < 0)
        return rc;
    if (vec_kv_get(cfg, "cp", v, sizeof v))
        ext = !strcmp(v, "extended");
    if (vec_kv_get(cfg, "duplex", v, sizeof v))
        tdd = !strcmp(v, "tdd");
    snprintf(c->table, sizeof c->table, "64qam");
    vec_kv_get(cfg, "mcs_table", c->table, sizeof c->table);
    c->snr_db = 30;
    if (vec_kv_get(cfg, "snr_db", v, sizeof v))
        c->snr_db = atof(v);
    c->cell.n_rb = n_rb;
    c->cell.cp = ext ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
    c->cell.duplex = tdd ? LTE_TDD : LTE_FDD;
    c->cell.tdd_config = tdd_cfg;
    c->cell.ssf_config = ssf;
    c->cell.cell_id = cell_id;
    c->cell.n_ports = ports;
    c->cell.cfi = cfi;
    if ((rc = lte_cell_validate(&c->cell)) < 0)
        return rc;
    c->subframe = sf;
    lte_pdsch_cfg *pc = &c->pc;
    memset(pc, 0, sizeof *pc);
    pc->rnti = (uint16_t)rnti;
    pc->mimo.n_ports = ports;
    pc->mimo.n_layers = 1;
    pc->mimo.n_cw = 1;
    pc->mimo.codebook = cb;
    switch (tm) {
    case 1: pc->mimo.scheme = LTE_TX_SINGLE_PORT; break;
    case 2: pc->mimo.scheme = LTE_TX_DIVERSITY; pc->mimo.n_layers = ports; break;
    case 3: pc->mimo.scheme = LTE_TX_LARGE_CDD; pc->mimo.n_layers = 2; break;
    case 4: pc->mimo.scheme = LTE_TX_SPATIAL_MUX; break;
    default: return lte_error_set(LTE_EINVAL, "config: tm=%d is not 1..4", tm);
    }
    int q_m, i_tbs;
    lte_mcs_table t = !strcmp(c->table, "256qam") ? LTE_MCS_PDSCH_256QAM : LTE_MCS_PDSCH_64QAM;
    if ((rc = lte_mcs_lookup(t, c->mcs, &q_m, &i_tbs)) < 0)
        return rc;
    if (i_tbs < 0)
        return lte_error_set(LTE_EINVAL, "config: mcs=%d is a reserved entry", c->mcs);
    if (c->n_prb < 1 || c->n_prb > n_rb)
        return lte_error_set(LTE_EINVAL, "config: prb=%d is outside 1..%d", c->n_prb, n_rb);
    int n_prb_tbs = lte_cell_tbs_prb(&c->cell, sf, c->n_prb); /* DwPTS: 0.75 N_PRB */
    if (n_prb_tbs < 0)
        return n_prb_tbs;
    if ((rc = lte_tbs(i_tbs, n_prb_tbs, &pc->tbs[0])) < 0)
        return rc;
    for (int i = 0; i < c->n_prb; i++)
        pc->prb_mask[i] = 1;
    pc->mod[0] = (lte_mod)q_m;
    pc->rv[0] = rv;
    return lte_mimo_validate(&pc->mimo);
}

/* FFT buffers must be 16-byte aligned (fft.h). */
static float complex *cbuf(size_t n)
{
    void *p = NULL;
    return posix_memalign(&p, 64, sizeof(float complex) * (n ? n : 1)) == 0 ? p : NULL;
}

static int put_c(vec_case *vc, const char *stage, int order, const float complex *x, long n,
                 int frac)
{
    return vec_put_cf32(vc, stage, order, x, n, 16, frac, TOL_SNR_DB, 0);
}

int vec_gen_pdsch(const char *name, const char *cfgtext, const char *out_dir)
{
    pdsch_case c;
    int rc = parse(cfgtext, &c);
    if (rc < 0)
        return rc;
    const lte_pdsch_cfg *pc = &c.pc;
    const int P = c.cell.n_ports, tbs = pc->tbs[0];
    lte_grid *g = NULL;
    lte_pdsch *pd = NULL;
    lte_sch_enc *enc = NULL;
    lte_sch_harq *harq = NULL;
    lte_ofdm *ofdm = NULL;
    lte_chest *ch = NULL;
    lte_dlrx *dlrx = NULL;
    vec_case *vc = calloc(1, sizeof *vc);
    uint8_t *tb = malloc((size_t)tbs), *out = malloc((size_t)tbs);
    size_t big = (size_t)LTE_GRID_MAX_RE * 8;
    uint8_t *f = malloc(big), *b = malloc(big);
    float complex *d = malloc(sizeof *d * big), *x = malloc(sizeof *x * big * 4),
                  *y = malloc(sizeof *y * big * 4);
    float complex *time[4] = {0}, *rxg = NULL, *h[4] = {0};
    if (!vc || !tb || !out || !f || !b || !d || !x || !y) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = lte_grid_create(&c.cell, &g)) < 0 || (rc = lte_grid_set_subframe(g, c.subframe)) < 0 ||
        (rc = lte_grid_put_signals(g, 1.0f, 1.0f)) < 0 ||
        (rc = lte_pdsch_create(&c.cell, NULL, &pd)) < 0)
        goto done;
    int n_l, G = lte_pdsch_g(g, pc, 0, &n_l);
    if (G <= 0) {
        rc = G < 0 ? G : lte_error_set(LTE_EINVAL, "config: no PDSCH REs in this subframe");
        goto done;
    }
    /* the DL-SCH as lte_pdsch does it: no soft-buffer limit (N_cb = K_w) */
    lte_sch_cfg sc = {0};
    sc.tbs_max = tbs;
    sc.alg = LTE_TURBO_MAX_LOG_MAP;
    sc.ext_scale = 0.75f;
    sc.max_iter = 8;
    sc.threads = 1;
    lte_sch_tx tx = {tbs, G, (int)pc->mod[0], n_l, pc->rv[0]};
    lte_rng rng;
    lte_rng_seed(&rng, (uint64_t)c.seed);
    lte_rng_bits(&rng, tb, tbs);
    if ((rc = lte_sch_enc_create(&sc, &enc)) < 0 || (rc = lte_sch_encode(enc, &tx, tb, f)) < 0)
        goto done;
    lte_cb_seg seg;
    if ((rc = lte_cb_segment(tbs + 24, &seg)) < 0 ||
        (rc = vec_case_begin(vc, out_dir, name, "pdsch")) < 0)
        goto done;
    vec_case_param(vc, "n_rb", "%d", c.cell.n_rb);
    vec_case_param(vc, "cp", "%s", c.cell.cp == LTE_CP_EXTENDED ? "extended" : "normal");
    vec_case_param(vc, "duplex", "%s", c.cell.duplex == LTE_TDD ? "tdd" : "fdd");
    if (c.cell.duplex == LTE_TDD) {
        vec_case_param(vc, "tdd_config", "%d", c.cell.tdd_config);
        vec_case_param(vc, "ssf_config", "%d", c.cell.ssf_config);
    }
    vec_case_param(vc, "cell_id", "%d", c.cell.cell_id);
    vec_case_param(vc, "ports", "%d", P);
    vec_case_param(vc, "cfi", "%d", c.cell.cfi);
    vec_case_param(vc, "subframe", "%d", c.subframe);
    vec_case_param(vc, "scheme", "%d", (int)pc->mimo.scheme);
    vec_case_param(vc, "layers", "%d", pc->mimo.n_layers);
    vec_case_param(vc, "codebook", "%d", pc->mimo.codebook);
    vec_case_param(vc, "rnti", "%d", pc->rnti);
    vec_case_param(vc, "mcs", "%s:%d", c.table, c.mcs);
    vec_case_param(vc, "prb", "%d", c.n_prb);
    vec_case_param(vc, "tbs", "%d", tbs);
    vec_case_param(vc, "G", "%d", G);
    vec_case_param(vc, "q_m", "%d", (int)pc->mod[0]);
    vec_case_param(vc, "rv", "%d", pc->rv[0]);
    vec_case_param(vc, "seed", "%d", c.seed);
    vec_case_param(vc, "ofdm_norm", "unitary");
    if ((rc = vec_dump_sch_tx(vc, enc, tb, tbs, seg.C, f, G)) < 0)
        goto fail;

    /* §6.3.1 scrambling, §6.3.2 modulation, §6.3.3 layers, §6.3.4 precoding */
    uint32_t c_init;
    int m_layer, m_ap;
    if ((rc = lte_scr_cinit_pdsch(pc->rnti, 0, 2 * c.subframe, c.cell.cell_id, &c_init)) < 0 ||
        (rc = lte_scramble_bits(c_init, 0, f, G, b, LTE_SIMD_AUTO)) < 0 ||
        (rc = vec_put_bits(vc, "scrambled", 7, b, G)) < 0)
        goto fail;
    int n_sym = G / (int)pc->mod[0];
    if ((rc = lte_mod_map(pc->mod[0], b, G, d)) < 0 || (rc = put_c(vc, "symbols", 8, d, n_sym, FRAC_SYM)) < 0)
        goto fail;
    if ((rc = lte_mimo_sizes(&pc->mimo, n_sym, 0, &m_layer, &m_ap)) < 0 ||
        (rc = lte_layer_map(&pc->mimo, d, n_sym, NULL, 0, x)) < 0 ||
        (rc = put_c(vc, "layers", 9, x, (long)m_layer * pc->mimo.n_layers, FRAC_SYM)) < 0 ||
        (rc = lte_precode(&pc->mimo, x, m_ap, y)) < 0 ||
        (rc = put_c(vc, "precoded", 10, y, (long)m_ap * P, FRAC_SYM)) < 0)
        goto fail;
    /* §6.3.5 mapping, by the library's mapper; it must agree with the stages
     * above RE by RE (a self-check of the generator) */
    const uint8_t *fs[2] = {f, NULL};
    if ((rc = lte_pdsch_map_bits(pd, g, pc, fs, 1.0f)) < 0)
        goto fail;
    {
        int n = lte_grid_re_list(&c.cell, g->map, LTE_RE_PDSCH, 0, g->n_symb, pc->prb_mask, NULL, 0);
        uint32_t *idx = malloc(sizeof *idx * (size_t)(n > 0 ? n : 1));
        if (!idx) {
            rc = lte_error_set(LTE_ENOMEM, "out of memory");
            goto fail;
        }
        lte_grid_re_list(&c.cell, g->map, LTE_RE_PDSCH, 0, g->n_symb, pc->prb_mask, idx, n);
        int bad = n != m_ap;
        for (int k = 0; !bad && k < n; k++)
            for (int p = 0; p < P; p++)
                bad |= cabsf(g->port[p][idx[k]] - y[(size_t)k * P + p]) > 1e-6f;
        free(idx);
        if (bad) {
            rc = lte_error_set(LTE_EMISMATCH, "%s: the mapped grid disagrees with the precoded "
                                              "stage (generator self-check)", name);
            goto fail;
        }
    }
    char st[32];
    for (int p = 0; p < P; p++) {
        snprintf(st, sizeof st, "grid_p%d", p);
        if ((rc = put_c(vc, st, 11, g->port[p], g->n_re, FRAC_SYM)) < 0)
            goto fail;
    }
    /* §6.12 OFDM, unitary scaling (ofdm.h) */
    lte_ofdm_cfg oc = {0};
    oc.n_rb = c.cell.n_rb;
    oc.cp = c.cell.cp;
    oc.mode = LTE_OFDM_DL;
    if ((rc = lte_ofdm_create(&oc, &ofdm)) < 0)
        goto fail;
    lte_ofdm_info info;
    lte_ofdm_get_info(ofdm, &info);
    int ns = info.subframe_len;
    for (int p = 0; p < P; p++) {
        time[p] = cbuf((size_t)ns);
        if (!time[p]) {
            rc = lte_error_set(LTE_ENOMEM, "out of memory");
            goto fail;
        }
        snprintf(st, sizeof st, "time_p%d", p);
        if ((rc = lte_ofdm_mod_subframe(ofdm, g->port[p], time[p])) < 0 ||
            (rc = put_c(vc, st, 12, time[p], ns, FRAC_TIME)) < 0)
            goto fail;
    }
    vec_case_param(vc, "fft_size", "%d", info.fft_size);
    vec_case_param(vc, "sample_rate", "%d", lte_cell_sample_rate(&c.cell));

    if (c.rx) {
        /* one receive antenna: the sum of the ports (identity channel per
         * port) plus complex AWGN of variance n0 = 10^(-snr/10) per sample,
         * which with unitary OFDM is n0 per RE against unit-power REs: the
         * 3GPP per-RE SNR */
        double n0 = pow(10.0, -c.snr_db / 10.0);
        vec_case_param(vc, "snr_db", "%g", c.snr_db);
        vec_case_param(vc, "channel", "sum_of_ports_awgn");
        float complex *r = cbuf((size_t)ns);
        rxg = cbuf((size_t)g->n_re);
        if (!r || !rxg) {
            free(r);
            rc = lte_error_set(LTE_ENOMEM, "out of memory");
            goto fail;
        }
        for (int i = 0; i < ns; i++) {
            float complex s = 0;
            for (int p = 0; p < P; p++)
                s += time[p][i];
            r[i] = s;
        }
        lte_awgn_add(&rng, r, ns, n0);
        rc = put_c(vc, "rx_time", 13, r, ns, FRAC_TIME);
        if (rc == 0)
            rc = lte_ofdm_demod_subframe(ofdm, r, rxg);
        free(r);
        if (rc < 0 || (rc = put_c(vc, "rx_grid", 14, rxg, g->n_re, FRAC_SYM)) < 0)
            goto fail;
        lte_chest_cfg cc;
        lte_chest_cfg_init(&cc, &c.cell);
        cc.n_rx = 1;
        for (int p = 0; p < P; p++)
            if (!(h[p] = cbuf((size_t)g->n_re))) {
                rc = lte_error_set(LTE_ENOMEM, "out of memory");
                goto fail;
            }
        float n0_est;
        const float complex *rxp[1] = {rxg};
        if ((rc = lte_chest_create(&cc, &ch)) < 0 ||
            (rc = lte_chest_estimate(ch, c.subframe, rxp, h, &n0_est)) < 0)
            goto fail;
        for (int p = 0; p < P; p++) {
            snprintf(st, sizeof st, "chest_p%d", p);
            if ((rc = vec_put_cf32(vc, st, 15, h[p], g->n_re, 16, FRAC_SYM, 40.0, 0)) < 0)
                goto fail;
        }
        lte_dl_rxin in = {1, P, rxp, (const float complex *const *)h, n0_est, LTE_EQ_MMSE};
        uint8_t *tbo[2] = {out, NULL};
        lte_sch_harq *hq[2] = {NULL, NULL};
        if ((rc = lte_dlrx_create(&c.cell, 1, &dlrx)) < 0 || (rc = lte_sch_harq_create(tbs, &harq)) < 0)
            goto fail;
        hq[0] = harq;
        lte_sch_result res[2];
        memset(res, 0, sizeof res);
        rc = lte_pdsch_decode(pd, dlrx, g, pc, &in, hq, tbo, res);
        if (rc < 0 && rc != LTE_ECRC)
            goto fail;
        const float *llr;
        int nl;
        if ((rc = lte_pdsch_llr(pd, 0, &llr, &nl)) < 0 ||
            (rc = vec_put_f32(vc, "llr", 16, llr, nl, 40.0, 0)) < 0 ||
            (rc = vec_put_bits(vc, "tb_decoded", 17, out, tbs)) < 0)
            goto fail;
        int32_t flags[2] = {res[0].crc_ok, res[0].cbs_ok};
        if ((rc = vec_put_int(vc, "crc_ok_cbs_ok", 18, flags, 2, 32, 0)) < 0)
            goto fail;
        vec_case_param(vc, "receiver", "chest_linear_mmse_float_maxlog0.75_iter8");
    }
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    for (int p = 0; p < 4; p++) {
        free(time[p]);
        free(h[p]);
    }
    free(rxg);
    lte_grid_destroy(g);
    lte_pdsch_destroy(pd);
    lte_sch_enc_destroy(enc);
    lte_sch_harq_destroy(harq);
    lte_ofdm_destroy(ofdm);
    lte_chest_destroy(ch);
    lte_dlrx_destroy(dlrx);
    free(vc); free(tb); free(out); free(f); free(b); free(d); free(x); free(y);
    return rc;
}
