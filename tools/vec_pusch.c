/* Golden-vector cases for the PUSCH chain (36.212 §5.2.2, 36.211 §5.3,
 * §5.5.2.1, §5.6): one subframe of an uplink fixed reference channel of
 * TS 36.104 Annex A (ltephy/ul_frc.h), every stage from the transport block
 * to the SC-FDMA samples, then the PUSCH receiver (ltephy/pusch.h) on a
 * stated AWGN channel. Formats and stage list: vectors/FORMAT.md.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/channel.h"
#include "ltephy/error.h"
#include "ltephy/gold.h"
#include "ltephy/pusch.h"
#include "ltephy/ratematch.h"
#include "ltephy/rng.h"
#include "ltephy/scrambling.h"
#include "ltephy/tables.h"
#include "ltephy/ul_frc.h"
#include "ltephy/ulrs.h"
#include "ltephy/ulsch.h"
#include "vec.h"
#include "vectors.h"

/* Fixed-point copies: modulation symbols Q1.14 (|d| < 1.6); everything after
 * the DFT Q3.12 (transform-precoded values of unit mean power have peaks of
 * 3 to 4, beyond Q1.14's range). */
#define FRAC_SYM 14
#define FRAC_WIDE 12
#define TOL_SNR_DB 60.0 /* float stages computed the same way */
#define TOL_RX_DB 40.0  /* receiver stages: estimates, equaliser, soft values */

typedef struct pusch_case {
    lte_ul_frc frc;
    lte_pusch_cfg pc;
    lte_pusch_grant g;
    int rx, seed;
    double snr_db;
    int prb_slot[2]; /* first PRB of each slot (with hopping, lte_pusch_hop_prb) */
} pusch_case;

/* Frequency hopping (36.211 §5.3.4, 36.213 §8.4), FDD, first transmission:
 * keys hopping (the N_UL_hop bits as a number; absent: no hopping), n_sb
 * (1), hopping_offset (0), hopping_mode (inter or intra). */
static int parse_hop(const char *cfg, pusch_case *c)
{
    char v[16];
    int bits, n_sb, ho;
    lte_pusch_hopping *h = &c->g.hop;
    c->prb_slot[0] = c->prb_slot[1] = c->g.prb_start;
    int rc;
    if ((rc = vec_kv_int(cfg, "hopping", -1, &bits)) < 0 ||
        (rc = vec_kv_int(cfg, "n_sb", 1, &n_sb)) < 0 ||
        (rc = vec_kv_int(cfg, "hopping_offset", 0, &ho)) < 0)
        return rc;
    if (bits < 0)
        return 0;
    h->enabled = 1;
    h->hop_bits = bits;
    h->n_sb = n_sb;
    h->hopping_offset = ho;
    h->mode = LTE_PUSCH_HOP_INTER_SF;
    if (vec_kv_get(cfg, "hopping_mode", v, sizeof v)) {
        if (!strcmp(v, "intra"))
            h->mode = LTE_PUSCH_HOP_INTRA_INTER_SF;
        else if (strcmp(v, "inter"))
            return lte_error_set(LTE_EINVAL, "config: hopping_mode=%s: inter or intra", v);
    }
    /* the library's rules decide (lte_pusch_hop_prb names the broken one) */
    return lte_pusch_hop_prb(c->pc.n_rb_ul, c->pc.cell_id, h, c->g.prb_start,
                             c->frc.n_rb_alloc, c->g.subframe, c->prb_slot);
}

static int parse(const char *cfg, pusch_case *c)
{
    char name[32] = "", v[32];
    int rc, n_rb, cell_id, sf, rnti, cs, csf, prb_start, iter;
    memset(c, 0, sizeof *c);
    if (!vec_kv_get(cfg, "frc", name, sizeof name))
        return lte_error_set(LTE_EINVAL, "config: chain=pusch needs frc=NAME (36.104 Annex A)");
    if ((rc = lte_ul_frc_find(name, &c->frc)) < 0)
        return rc;
    if (c->frc.rb_step)
        return lte_error_set(LTE_EINVAL, "config: frc=%s has spaced resource blocks; the PUSCH "
                                         "maps one contiguous allocation", name);
    if ((rc = vec_kv_int(cfg, "n_rb", c->frc.n_rb_ul, &n_rb)) < 0 ||
        (rc = vec_kv_int(cfg, "cell_id", 1, &cell_id)) < 0 ||
        (rc = vec_kv_int(cfg, "subframe", 0, &sf)) < 0 ||
        (rc = vec_kv_int(cfg, "rnti", 0x1234, &rnti)) < 0 ||
        (rc = vec_kv_int(cfg, "cyclic_shift", 0, &cs)) < 0 ||
        (rc = vec_kv_int(cfg, "cs_field", 0, &csf)) < 0 ||
        (rc = vec_kv_int(cfg, "prb_start", 0, &prb_start)) < 0 ||
        (rc = vec_kv_int(cfg, "iter", 8, &iter)) < 0 ||
        (rc = vec_kv_int(cfg, "rx", 1, &c->rx)) < 0 || (rc = vec_kv_int(cfg, "seed", 1, &c->seed)) < 0)
        return rc;
    c->snr_db = 20;
    if (vec_kv_get(cfg, "snr_db", v, sizeof v))
        c->snr_db = atof(v);
    if (n_rb != 6 && n_rb != 15 && n_rb != 25 && n_rb != 50 && n_rb != 75 && n_rb != 100)
        return lte_error_set(LTE_EINVAL, "config: n_rb=%d is not 6, 15, 25, 50, 75 or 100", n_rb);
    if (prb_start < 0 || prb_start + c->frc.n_rb_alloc > n_rb)
        return lte_error_set(LTE_EINVAL, "config: prb_start=%d: PRBs %d..%d outside 0..%d",
                             prb_start, prb_start, prb_start + c->frc.n_rb_alloc - 1, n_rb - 1);
    if (sf < 0 || sf > 9 || rnti < 0 || rnti > 65535 || cs < 0 || cs > 7 || csf < 0 || csf > 7 ||
        cell_id < 0 || cell_id > 503 || iter < 1 || iter > 32)
        return lte_error_set(LTE_EINVAL, "config: subframe 0..9, rnti 0..65535, cyclic_shift "
                                         "and cs_field 0..7, cell_id 0..503, iter 1..32");
    lte_pusch_cfg *pc = &c->pc;
    pc->n_rb_ul = n_rb;
    pc->cp = LTE_CP_NORMAL;
    pc->cell_id = cell_id;
    pc->n_rx = c->rx ? 1 : 0;
    pc->tbs_max = c->frc.tbs;
    pc->max_iter = iter;
    pc->threads = 1;
    lte_pusch_grant *g = &c->g;
    g->subframe = sf;
    g->rnti = rnti;
    g->cyclic_shift = cs;
    g->cs_field = csf;
    g->prb_start = prb_start;
    if ((rc = lte_ul_frc_ulsch_cfg(&c->frc, &g->ul)) < 0)
        return rc;
    return parse_hop(cfg, c);
}

static int put_c(vec_case *vc, const char *stage, int order, const float complex *x, long n,
                 int frac, double tol)
{
    return vec_put_cf32(vc, stage, order, x, n, 16, frac, tol, 0);
}

static int stage_get(const lte_pusch *p, lte_pusch_stage st, const void **d, int *n)
{
    return lte_pusch_stage_get(p, st, 0, d, n);
}

/* The receive side: AWGN, then lte_pusch_rx stage by stage. */
static int gen_rx(vec_case *vc, pusch_case *c, lte_pusch *p, lte_rng *rng, const float complex *tx,
                  int ns, const lte_cb_seg *seg, const int *E, const int *ncb)
{
    const lte_pusch_grant *g = &c->g;
    const int tbs = c->frc.tbs;
    double n0 = pow(10.0, -c->snr_db / 10.0);
    float complex *r = malloc(sizeof *r * (size_t)ns);
    uint8_t *out = malloc((size_t)tbs);
    float *fsoft = NULL, *soft = malloc(sizeof(float) * 3 * (LTE_TURBO_KMAX + 4));
    lte_sch_harq *h = NULL;
    const void *d;
    int n, rc;
    lte_ulsch_sizes s;
    if (!r || !out || !soft) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(r, tx, sizeof *r * (size_t)ns);
    vec_case_param(vc, "snr_db", "%g", c->snr_db);
    vec_case_param(vc, "channel", "identity_awgn_n0_per_sample");
    if ((rc = lte_awgn_add(rng, r, ns, n0)) < 0 || (rc = put_c(vc, "rx_time", 14, r, ns, FRAC_WIDE, TOL_SNR_DB)) < 0)
        goto done;
    if ((rc = lte_pusch_rx_demod(p, 0, r)) < 0 ||
        (rc = lte_pusch_stage_get(p, LTE_PUSCH_RX_GRID, 0, &d, &n)) < 0 ||
        (rc = put_c(vc, "rx_grid", 15, d, n, FRAC_WIDE, TOL_SNR_DB)) < 0)
        goto done;
    if ((rc = lte_pusch_rx_chest(p, g)) < 0 ||
        (rc = lte_pusch_stage_get(p, LTE_PUSCH_RX_CHEST, 0, &d, &n)) < 0 ||
        (rc = put_c(vc, "chest", 16, d, n, FRAC_WIDE, TOL_RX_DB)) < 0)
        goto done;
    if ((rc = lte_pusch_rx_equalize(p, g)) < 0 || (rc = stage_get(p, LTE_PUSCH_RX_EQUALIZED, &d, &n)) < 0 ||
        (rc = put_c(vc, "equalized", 17, d, n, FRAC_WIDE, TOL_RX_DB)) < 0)
        goto done;
    if ((rc = lte_pusch_rx_idft(p, g)) < 0 || (rc = stage_get(p, LTE_PUSCH_RX_SYMBOLS, &d, &n)) < 0 ||
        (rc = put_c(vc, "rx_symbols", 18, d, n, FRAC_WIDE, TOL_RX_DB)) < 0 ||
        (rc = stage_get(p, LTE_PUSCH_RX_SINR, &d, &n)) < 0 ||
        (rc = vec_put_f32(vc, "sinr", 19, d, n, TOL_RX_DB, 0)) < 0)
        goto done;
    if ((rc = lte_pusch_rx_demap(p, g)) < 0 || (rc = lte_pusch_rx_descramble(p, g)) < 0 ||
        (rc = stage_get(p, LTE_PUSCH_RX_LLR, &d, &n)) < 0 ||
        (rc = vec_put_f32(vc, "llr", 20, d, n, TOL_RX_DB, 0)) < 0)
        goto done;
    /* the de-rate-matched soft values of each code block, from the LLRs by
     * the inverse channel interleaver (§5.2.2.8) and the inverse rate
     * matching (§5.1.4.1) into zeroed buffers */
    if ((rc = lte_ulsch_sizes_get(&g->ul, &s)) < 0)
        goto done;
    if (!(fsoft = malloc(sizeof(float) * (size_t)s.G))) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = lte_ulsch_deinterleave(&s, d, fsoft, NULL, NULL, NULL)) < 0)
        goto done;
    for (int k = 0, off = 0; k < seg->C; k++) {
        int K = lte_cb_size(seg, k), F = k == 0 ? seg->F : 0;
        memset(soft, 0, sizeof(float) * 3 * (size_t)(K + 4));
        if ((rc = lte_rm_turbo_inverse(fsoft + off, E[k], K, F, ncb[k], g->ul.rv, soft,
                                       soft + K + 4, soft + 2 * (K + 4))) < 0)
            goto done;
        off += E[k];
        char st[32];
        snprintf(st, sizeof st, "soft_r%02d", k);
        if ((rc = vec_put_f32(vc, st, 21, soft, 3 * (K + 4), TOL_RX_DB, 0)) < 0)
            goto done;
    }
    lte_pusch_rx_result res;
    memset(&res, 0, sizeof res);
    if ((rc = lte_sch_harq_create(tbs, &h)) < 0 ||
        (rc = lte_pusch_rx_decode(p, g, h, out, NULL, NULL, NULL, &res)) < 0 ||
        (rc = vec_put_bits(vc, "tb_decoded", 22, out, tbs)) < 0)
        goto done;
    int32_t flags[2] = {res.ul.data.crc_ok, res.ul.data.cbs_ok};
    rc = vec_put_int(vc, "crc_ok_cbs_ok", 23, flags, 2, 32, 0);
    vec_case_param(vc, "receiver", "ls_dmrs_movavg7_mmse_idft_maxlog_float_maxlog0.75_iter%d",
                   c->pc.max_iter);
done:
    free(r);
    free(out);
    free(fsoft);
    free(soft);
    lte_sch_harq_destroy(h);
    return rc;
}

int vec_gen_pusch(const char *name, const char *cfgtext, const char *out_dir)
{
    pusch_case c;
    int rc = parse(cfgtext, &c);
    if (rc < 0)
        return rc;
    const lte_pusch_grant *g = &c.g;
    const int tbs = c.frc.tbs;
    lte_pusch *p = NULL;
    lte_sch_enc *enc = NULL;
    vec_case *vc = calloc(1, sizeof *vc);
    uint8_t *tb = malloc((size_t)tbs);
    uint8_t *f = malloc((size_t)c.frc.coded_bits);
    float complex *grid = NULL, *time = NULL, *dmrs = NULL;
    if (!vc || !tb || !f) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = lte_pusch_create(&c.pc, &p)) < 0)
        goto done;
    int ns = lte_pusch_subframe_len(p), nre = lte_pusch_grid_len(p);
    int m_sc = 12 * c.frc.n_rb_alloc;
    grid = malloc(sizeof *grid * (size_t)nre);
    time = malloc(sizeof *time * (size_t)ns);
    dmrs = malloc(sizeof *dmrs * 2 * (size_t)m_sc);
    if (!grid || !time || !dmrs) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    /* transport channel coding as the UL-SCH does it (N_cb = K_w, §5.1.4.1.2) */
    lte_sch_cfg sc = {0};
    sc.uplink = 1;
    sc.tbs_max = tbs;
    sc.alg = LTE_TURBO_MAX_LOG_MAP;
    sc.ext_scale = 0.75f;
    sc.max_iter = c.pc.max_iter;
    sc.threads = 1;
    const int G = c.frc.coded_bits;
    lte_sch_tx tx = {tbs, G, c.frc.qm, 1, g->ul.rv};
    lte_rng rng;
    lte_rng_seed(&rng, (uint64_t)c.seed);
    lte_rng_bits(&rng, tb, tbs);
    lte_cb_seg seg;
    int E[LTE_SCH_TBS_MAX / 6000 + 2], ncb[LTE_SCH_TBS_MAX / 6000 + 2];
    if ((rc = lte_sch_enc_create(&sc, &enc)) < 0 || (rc = lte_sch_encode(enc, &tx, tb, f)) < 0 ||
        (rc = lte_sch_cb_plan(&sc, &tx, &seg, E, ncb, LTE_SCH_TBS_MAX / 6000 + 2)) < 0)
        goto done;
    /* the PUSCH transmitter: UL-SCH again (multiplexing and interleaving),
     * scrambling, modulation, transform precoding, mapping, DMRS, SC-FDMA */
    if ((rc = lte_pusch_tx(p, g, tb, NULL, NULL, NULL, grid, time)) < 0)
        goto done;
    if ((rc = vec_case_begin(vc, out_dir, name, "pusch")) < 0)
        goto done;
    uint32_t c_init = 0;
    lte_scr_cinit_pusch(g->rnti, 0, 2 * g->subframe, c.pc.cell_id, &c_init);
    vec_case_param(vc, "frc", "%s", c.frc.name);
    vec_case_param(vc, "frc_source", "%s", c.frc.source);
    vec_case_param(vc, "n_rb", "%d", c.pc.n_rb_ul);
    vec_case_param(vc, "cp", "normal");
    vec_case_param(vc, "duplex", "fdd");
    vec_case_param(vc, "cell_id", "%d", c.pc.cell_id);
    vec_case_param(vc, "group_hopping", "0");
    vec_case_param(vc, "seq_hopping", "0");
    vec_case_param(vc, "subframe", "%d", g->subframe);
    vec_case_param(vc, "rnti", "%d", g->rnti);
    vec_case_param(vc, "cyclic_shift", "%d", g->cyclic_shift);
    vec_case_param(vc, "cs_field", "%d", g->cs_field);
    vec_case_param(vc, "prb_start", "%d", g->prb_start);
    vec_case_param(vc, "prb", "%d", c.frc.n_rb_alloc);
    if (g->hop.enabled) {
        vec_case_param(vc, "hopping", "%d", g->hop.hop_bits);
        vec_case_param(vc, "n_sb", "%d", g->hop.n_sb);
        vec_case_param(vc, "hopping_offset", "%d", g->hop.hopping_offset);
        vec_case_param(vc, "hopping_mode", "%s",
                       g->hop.mode == LTE_PUSCH_HOP_INTRA_INTER_SF ? "intra" : "inter");
        vec_case_param(vc, "current_tx_nb", "0");
        vec_case_param(vc, "prb_slot0", "%d", c.prb_slot[0]);
        vec_case_param(vc, "prb_slot1", "%d", c.prb_slot[1]);
    }
    /* The 256QAM FRCs have no I_MCS here (36.213 Table 8.6.1-3 is not
     * carried): their manifest names the TBS row, 32A, instead. */
    if (c.frc.i_mcs >= 0)
        vec_case_param(vc, "mcs", "pusch:%d", c.frc.i_mcs);
    else if (c.frc.i_tbs == LTE_ITBS_32A)
        vec_case_param(vc, "i_tbs", "32A");
    else
        vec_case_param(vc, "i_tbs", "%d", c.frc.i_tbs);
    vec_case_param(vc, "tbs", "%d", tbs);
    vec_case_param(vc, "G", "%d", G);
    vec_case_param(vc, "q_m", "%d", c.frc.qm);
    vec_case_param(vc, "rv", "%d", g->ul.rv);
    vec_case_param(vc, "C", "%d", seg.C);
    vec_case_param(vc, "F", "%d", seg.F);
    vec_case_param(vc, "N_cb", "%d", ncb[0]);
    vec_case_param(vc, "c_init", "%u", c_init);
    vec_case_param(vc, "seed", "%d", c.seed);
    vec_case_param(vc, "fft_size", "%d", ns / 15);
    vec_case_param(vc, "sample_rate", "%d", ns * 1000);
    vec_case_param(vc, "sc_fdma_norm", "unitary");
    if ((rc = vec_dump_sch_tx(vc, enc, tb, tbs, seg.C, f, G)) < 0)
        goto fail;
    const void *d;
    int n;
    /* generator self-check: the PUSCH's UL-SCH data is the f above (no UCI,
     * so the channel interleaver is a pure permutation of it) */
    {
        lte_ulsch_sizes s;
        if ((rc = lte_ulsch_sizes_get(&g->ul, &s)) < 0)
            goto fail;
        if ((rc = stage_get(p, LTE_PUSCH_TX_BITS, &d, &n)) < 0)
            goto fail;
        uint8_t *h = malloc((size_t)n);
        if (!h) {
            rc = lte_error_set(LTE_ENOMEM, "out of memory");
            goto fail;
        }
        rc = lte_ulsch_interleave(&s, f, NULL, NULL, NULL, h);
        int bad = rc < 0 || s.G != G || memcmp(h, d, (size_t)n) != 0;
        free(h);
        if (bad) {
            rc = rc < 0 ? rc : lte_error_set(LTE_EMISMATCH, "%s: the PUSCH's interleaved bits "
                                                           "disagree with the UL-SCH coding "
                                                           "(generator self-check)", name);
            goto fail;
        }
    }
    if ((rc = vec_put_bits(vc, "interleaved", 7, d, n)) < 0)
        goto fail;
    {
        /* the scrambling sequence c(n) itself (36.211 §7.2), for Gold-sequence RTL */
        uint8_t *cs = malloc((size_t)n);
        if (!cs) {
            rc = lte_error_set(LTE_ENOMEM, "out of memory");
            goto fail;
        }
        rc = lte_gold_bits(c_init, n, cs);
        if (rc == 0)
            rc = vec_put_bits(vc, "scr_seq", 8, cs, n);
        free(cs);
        if (rc < 0)
            goto fail;
    }
    if ((rc = stage_get(p, LTE_PUSCH_TX_SCRAMBLED, &d, &n)) < 0 ||
        (rc = vec_put_bits(vc, "scrambled", 8, d, n)) < 0 ||
        (rc = stage_get(p, LTE_PUSCH_TX_SYMBOLS, &d, &n)) < 0 ||
        (rc = put_c(vc, "symbols", 9, d, n, FRAC_SYM, TOL_SNR_DB)) < 0 ||
        (rc = stage_get(p, LTE_PUSCH_TX_PRECODED, &d, &n)) < 0 ||
        (rc = put_c(vc, "precoded", 10, d, n, FRAC_WIDE, TOL_SNR_DB)) < 0)
        goto fail;
    /* the DMRS of both slots (§5.5.2.1.1) */
    lte_ulrs_cfg rs = {c.pc.cell_id, LTE_CP_NORMAL, 0, 0, 0, g->cyclic_shift};
    if ((rc = lte_pusch_dmrs(&rs, 2 * g->subframe, c.frc.n_rb_alloc, g->cs_field, 0, 0, dmrs)) < 0 ||
        (rc = lte_pusch_dmrs(&rs, 2 * g->subframe + 1, c.frc.n_rb_alloc, g->cs_field, 0, 0,
                             dmrs + m_sc)) < 0 ||
        (rc = put_c(vc, "dmrs", 11, dmrs, 2 * m_sc, FRAC_SYM, TOL_SNR_DB)) < 0)
        goto fail;
    /* self-check: the grid holds them in symbols 3 and 10 of the allocation */
    {
        int nsc = 12 * c.pc.n_rb_ul, k0 = 12 * c.prb_slot[0], k1 = 12 * c.prb_slot[1], bad = 0;
        for (int k = 0; k < m_sc; k++)
            bad |= cabsf(grid[3 * nsc + k0 + k] - dmrs[k]) > 1e-6f ||
                   cabsf(grid[10 * nsc + k1 + k] - dmrs[m_sc + k]) > 1e-6f;
        if (bad) {
            rc = lte_error_set(LTE_EMISMATCH, "%s: the grid's DMRS disagrees with the DMRS "
                                              "sequence (generator self-check)", name);
            goto fail;
        }
    }
    if ((rc = put_c(vc, "grid", 12, grid, nre, FRAC_WIDE, TOL_SNR_DB)) < 0 ||
        (rc = put_c(vc, "time", 13, time, ns, FRAC_WIDE, TOL_SNR_DB)) < 0)
        goto fail;
    if (c.rx && (rc = gen_rx(vc, &c, p, &rng, time, ns, &seg, E, ncb)) < 0)
        goto fail;
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    lte_pusch_destroy(p);
    lte_sch_enc_destroy(enc);
    free(vc);
    free(tb);
    free(f);
    free(grid);
    free(time);
    free(dmrs);
    return rc;
}
