/* Benchmark of the downlink receive chain (ltephy/dlrx.h) on one 20 MHz
 * subframe: 100 PRB, 1 port, CFI 1, a C-RNTI DCI 1A assigning all 100 PRBs
 * at MCS 28 (64QAM, TBS 75376, 13 code blocks), AWGN at 35 dB SNR (so the
 * turbo decoder stops after one iteration on the CB CRCs). Each receive
 * stage is timed on its own (FFT, channel estimation, equalisation, soft
 * demapping, descrambling, de-rate-matching of the 13 code blocks, DL-SCH
 * decoding = de-rate-matching + turbo + CRCs), then the PDSCH receiver
 * (lte_pdsch_decode: equalisation to transport block) and the whole chain
 * per subframe (lte_dlrx_chain_subframe: CFO removal, FFT, estimation,
 * PCFICH, PDCCH search, PDSCH). Threads: --threads (default 1).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "ltephy/channel.h"
#include "ltephy/dci.h"
#include "ltephy/dlphy.h"
#include "ltephy/dlrx.h"
#include "ltephy/grid.h"
#include "ltephy/modulation.h"
#include "ltephy/ofdm.h"
#include "ltephy/ratematch.h"
#include "ltephy/rng.h"
#include "ltephy/scrambling.h"

#define N_RB 100
#define SF 1
#define RNTI 0x1234
#define MAX_CB 16

typedef struct job {
    lte_cell_cfg cell;
    lte_dl_tx *tx;
    lte_ofdm *ofdm;
    lte_chest *chest;
    lte_grid *grid;
    lte_dlrx *rx;
    lte_pdsch *pdsch;
    lte_sch_dec *dec;
    lte_sch_harq *harq;
    lte_dlrx_chain *chain;
    lte_rm_turbo_plans *plans;
    lte_pdsch_cfg pc;
    lte_sch_tx stx;
    lte_cb_seg seg;
    int E[MAX_CB], n_cb[MAX_CB];
    float complex *sig, *y, *h[1];
    float n0;
    uint32_t *idx;
    int n_re;
    float *llr, *l[3];
    uint8_t *tb, *out;
    uint32_t c_init;
} job;

static void op_fft(void *p)
{
    job *j = p;
    lte_ofdm_demod_subframe(j->ofdm, j->sig, j->y);
}

static void op_chest(void *p)
{
    job *j = p;
    const float complex *rx[1] = {j->y};
    lte_chest_estimate(j->chest, SF, rx, j->h, &j->n0);
}

static lte_dl_rxin rxin(job *j, const float complex **y)
{
    y[0] = j->y;
    return (lte_dl_rxin){1, 1, y, (const float complex *const *)j->h, j->n0, LTE_EQ_MMSE};
}

static void op_equalize(void *p)
{
    job *j = p;
    const float complex *y[1];
    lte_dl_rxin in = rxin(j, y);
    lte_dl_equalize(j->rx, &in, &j->pc.mimo, j->idx, j->n_re, NULL);
}

static void op_demap(void *p)
{
    job *j = p;
    lte_demap_maxlog(LTE_MOD_64QAM, j->rx->x, j->n_re, j->rx->nv, j->n_re, j->llr, LTE_SIMD_AUTO);
}

static void op_descramble(void *p)
{
    job *j = p;
    lte_descramble_llr(j->c_init, 0, j->llr, j->stx.G, LTE_SIMD_AUTO);
}

static void op_derm(void *p)
{
    job *j = p;
    int off = 0;
    for (int r = 0; r < j->seg.C; r++) {
        int K = lte_cb_size(&j->seg, r);
        const lte_rm_turbo_plan *pl;
        lte_rm_turbo_plans_get(j->plans, K, &pl);
        for (int s = 0; s < 3; s++)
            memset(j->l[s], 0, (size_t)(K + 4) * sizeof(float));
        lte_rm_turbo_plan_inverse(pl, j->llr + off, j->E[r], r == 0 ? j->seg.F : 0, j->n_cb[r],
                                  j->stx.rv, j->l[0], j->l[1], j->l[2]);
        off += j->E[r];
    }
}

static void op_sch(void *p)
{
    job *j = p;
    lte_sch_result res;
    lte_sch_harq_reset(j->harq);
    lte_sch_decode(j->dec, j->harq, &j->stx, j->llr, j->out, &res);
}

static void op_pdsch(void *p)
{
    job *j = p;
    const float complex *y[1];
    lte_dl_rxin in = rxin(j, y);
    lte_sch_harq *h[2] = {j->harq, NULL};
    uint8_t *tb[2] = {j->out, NULL};
    lte_sch_harq_reset(j->harq);
    lte_pdsch_decode(j->pdsch, j->rx, j->grid, &j->pc, &in, h, tb, NULL);
}

static void op_chain(void *p)
{
    job *j = p;
    static lte_dlrx_sf res;
    lte_dlrx_chain_subframe(j->chain, j->sig, SF, 0, &res);
}

/* The transmitted subframe, with AWGN at 35 dB. */
static int make_signal(job *j)
{
    lte_dl_tx_cfg tc;
    lte_dl_tx_cfg_init(&tc);
    tc.cell = j->cell;
    int rc = lte_dl_tx_create(&tc, &j->tx);
    if (rc < 0)
        return rc;
    lte_dci_cfg dc = {.n_rb_dl = N_RB, .duplex = LTE_FDD};
    lte_dci_1a d = {.mcs = 28};
    uint8_t bits[64];
    int A = lte_dci_format1a_size(&dc), q_m, tbs;
    lte_riv_encode(N_RB, 0, N_RB, &d.riv);
    lte_dci_1a_pack(&dc, &d, bits, A);
    lte_dci_1a_tbs(&d, 0, N_RB, &tbs, &q_m);
    lte_pdcch_dci dci = {bits, A, RNTI, 4, 0};
    lte_pdsch_alloc al;
    memset(&al, 0, sizeof al);
    al.cfg.mimo = (lte_mimo_cfg){LTE_TX_SINGLE_PORT, 1, 1, 1, 0};
    al.cfg.rnti = RNTI;
    memset(al.cfg.prb_mask, 1, N_RB);
    al.cfg.mod[0] = (lte_mod)q_m;
    al.cfg.tbs[0] = tbs;
    lte_rng r;
    lte_rng_seed(&r, 5);
    lte_rng_bits(&r, j->tb, tbs);
    al.tb[0] = j->tb;
    j->pc = al.cfg;
    lte_dl_sf sf = {.subframe = SF, .cfi = 1, .dci = &dci, .n_dci = 1, .pdsch = &al, .n_pdsch = 1};
    float complex *out[1] = {j->sig};
    if ((rc = lte_dl_tx_run(j->tx, &sf, out)) < 0)
        return rc;
    int n = lte_dl_tx_subframe_len(j->tx);
    double pw = 0;
    for (int i = 0; i < n; i++)
        pw += crealf(j->sig[i] * conjf(j->sig[i])) / n;
    return lte_awgn_add(&r, j->sig, n, pw * pow(10, -3.5));
}

static int setup(job *j)
{
    lte_cell_cfg_init(&j->cell);
    j->cell.n_rb = N_RB;
    j->cell.cfi = 1;
    j->cell.cell_id = 123;
    size_t nre = (size_t)1200 * 14;
    j->sig = malloc(30720 * sizeof *j->sig);
    j->y = malloc(nre * sizeof *j->y);
    j->h[0] = malloc(nre * sizeof *j->h[0]);
    j->idx = malloc(nre * sizeof *j->idx);
    j->llr = malloc(nre * 8 * sizeof *j->llr);
    for (int s = 0; s < 3; s++)
        j->l[s] = malloc(6148 * sizeof(float));
    j->tb = malloc(LTE_SCH_TBS_MAX);
    j->out = malloc(LTE_SCH_TBS_MAX);
    if (!j->sig || !j->y || !j->h[0] || !j->idx || !j->llr || !j->l[2] || !j->tb || !j->out)
        return -1;
    lte_ofdm_cfg oc = {.n_rb = N_RB, .window_offset = 72};
    lte_chest_cfg ec;
    lte_chest_cfg_init(&ec, &j->cell);
    ec.freq = LTE_CHEST_FREQ_WIENER;
    lte_sch_cfg sc = {.tbs_max = 75376, .alg = LTE_TURBO_MAX_LOG_MAP, .ext_scale = 0.75f,
                      .max_iter = 8, .k_mimo = 1, .m_dl_harq = 8, .m_limit = 8};
    lte_dlrx_chain_cfg cc;
    lte_dlrx_chain_cfg_init(&cc);
    cc.cell = j->cell;
    cc.rnti[cc.n_rnti++] = RNTI;
    if (make_signal(j) < 0 || lte_ofdm_create(&oc, &j->ofdm) < 0 ||
        lte_chest_create(&ec, &j->chest) < 0 || lte_grid_create(&j->cell, &j->grid) < 0 ||
        lte_grid_set_subframe(j->grid, SF) < 0 || lte_dlrx_create(&j->cell, 1, &j->rx) < 0 ||
        lte_pdsch_create(&j->cell, NULL, &j->pdsch) < 0 || lte_sch_dec_create(&sc, &j->dec) < 0 ||
        lte_sch_harq_create(75376, &j->harq) < 0 || lte_dlrx_chain_create(&cc, &j->chain) < 0 ||
        lte_rm_turbo_plans_create(&j->plans) < 0)
        return -1;
    j->n_re = lte_grid_re_list(&j->cell, j->grid->map, LTE_RE_PDSCH, 0, 14, j->pc.prb_mask,
                               j->idx, (int)nre);
    j->stx = (lte_sch_tx){j->pc.tbs[0], j->n_re * 6, 6, 1, 0};
    if (lte_sch_cb_plan(&sc, &j->stx, &j->seg, j->E, j->n_cb, MAX_CB) < 0)
        return -1;
    return lte_scr_cinit_pdsch(RNTI, 0, 2 * SF, j->cell.cell_id, &j->c_init) < 0 ? -1 : 0;
}

static void teardown(job *j)
{
    lte_dl_tx_destroy(j->tx);
    lte_ofdm_destroy(j->ofdm);
    lte_chest_destroy(j->chest);
    lte_grid_destroy(j->grid);
    lte_dlrx_destroy(j->rx);
    lte_pdsch_destroy(j->pdsch);
    lte_sch_dec_destroy(j->dec);
    lte_sch_harq_destroy(j->harq);
    lte_dlrx_chain_destroy(j->chain);
    lte_rm_turbo_plans_destroy(j->plans);
    free(j->sig);
    free(j->y);
    free(j->h[0]);
    free(j->idx);
    free(j->llr);
    for (int s = 0; s < 3; s++)
        free(j->l[s]);
    free(j->tb);
    free(j->out);
}

static void report(lte_bench_ctx *ctx, const char *stage, double t)
{
    lte_bench_result(ctx, stage, t * 1e6, "us", "n_rb=%d mcs=28 tbs=75376 snr_db=35 threads=%d",
                     N_RB, ctx->threads);
}

static void bench_dlrx(lte_bench_ctx *ctx)
{
    static job j;
    memset(&j, 0, sizeof j);
    omp_set_num_threads(ctx->threads > 0 ? ctx->threads : 1);
    if (setup(&j) < 0) {
        lte_bench_fail(ctx, "set-up failed");
        teardown(&j);
        return;
    }
    /* in chain order: each stage leaves its output for the next */
    static const struct {
        const char *name;
        void (*op)(void *);
    } st[] = {{"dlrx_fft", op_fft},       {"dlrx_chest", op_chest},
              {"dlrx_equalize", op_equalize}, {"dlrx_demap_64qam", op_demap},
              {"dlrx_descramble", op_descramble}, {"dlrx_derate_match", op_derm},
              {"dlrx_dlsch_decode", op_sch}, {"dlrx_pdsch_total", op_pdsch},
              {"dlrx_subframe_total", op_chain}};
    for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
        report(ctx, st[i].name, lte_bench_time(ctx, st[i].op, &j));
        if (st[i].op == op_descramble) {
            /* descrambling is an involution, timed an unknown number of
             * times: start again from the demapper's output */
            op_demap(&j);
            op_descramble(&j);
        }
    }
    /* the chain must really have decoded the block */
    static lte_dlrx_sf res;
    lte_dlrx_chain_subframe(j.chain, j.sig, SF, 0, &res);
    if (res.n_grants != 1 || res.grant[0].status != 0 || res.grant[0].tbs != 75376)
        lte_bench_fail(ctx, "the chain did not decode the MCS 28 block");
    teardown(&j);
}
LTE_BENCH(dlrx, 0, bench_dlrx)
