/* Benchmark of the downlink receive chain (ltephy/dlrx.h) on one 20 MHz
 * subframe: 100 PRB, 1 port, CFI 1, a C-RNTI DCI 1A assigning all 100 PRBs
 * at MCS 28 (64QAM, TBS 75376, 13 code blocks, code rate 0.84 with CFI 1),
 * 1 receive antenna, AWGN at a per-RE SNR (docs/sim.md: unit-power REs,
 * unitary OFDM, noise variance 10^(-SNR/10) per sample = per RE) of 35 dB
 * ("high": the turbo decoder stops after its first iteration on the CB
 * CRCs), 21 dB (just above this receiver's threshold, about 20.5 dB: 3
 * iterations) and 18 dB (the point; below the threshold with this
 * SNR definition, so every block runs all 8 iterations and fails: the
 * worst case, reported with crc_ok=0 rather than as a failure).
 *
 * Each receive stage is timed on its own, in chain order, each leaving its
 * output for the next: FFT (14 symbols), CRS channel estimation (Wiener in
 * frequency, linear in time, as the chain does), equalisation (single
 * port, lte_dl_equalize_1port as the 8-bit receiver uses it), 64QAM soft demapping, descrambling, de-rate-matching of the 13 code
 * blocks through the precomputed plans (float, and what the 8-bit decoder's
 * input takes on a fresh HARQ buffer: dlrx_derate_match_q8), and DL-SCH decoding (de-rate-matching
 * + quantisation + 8-bit turbo + CRCs, lte_sch_decode). Then the PDSCH
 * receiver (lte_pdsch_decode: equalisation to the checked transport block);
 * the PDSCH chain the speed goal is about (dlrx_pdsch_chain: FFT input,
 * channel estimation, lte_pdsch_decode, checked transport block, with the
 * grant known: no control channels), with full turbo iterations and
 * (dlrx_pdsch_chain_half) with the decoder also stopping after a
 * half-iteration whose decisions pass the CRC (lte_sch_cfg.half_stop, the
 * "half_stop" parameter of each row); the chain's front end (dlrx_front,
 * lte_dlrx_chain_front: FFT, estimation, PCFICH and the PDCCH blind search
 * for SI-RNTI and the C-RNTI); and the whole chain per subframe
 * (lte_dlrx_chain_subframe: all of it), with the 8-bit decoder and half-
 * iteration stopping (the chain's defaults) and, as the baseline in the same run, the float decoder; and the
 * chain with 2 receive antennas.
 * dlrx_fft_measure and dlrx_pdsch_chain_half_measure: the FFT and the
 * _half chain with the OFDM demodulator's FFTW plan timed at set-up
 * (LTE_FFT_MEASURE, lte_dlrx_chain_cfg.fft_flags), as a throughput user
 * would run; the other rows use the deterministic default, ESTIMATE.
 * Every DL-SCH decoder here has the chain's release_ok (lte_sch_cfg: a TB
 * that decodes releases its HARQ buffer, so a first transmission is stored
 * only if it fails); each timed decode is a first transmission.
 * One thread (--threads sets the OpenMP count; the goal is single-thread).
 * Every SIMD path the CPU has: `ltephy bench --path all dlrx`.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "ltephy/channel.h"
#include "ltephy/dci.h"
#include "ltephy/dleq.h"
#include "ltephy/dlphy.h"
#include "ltephy/dlrx.h"
#include "ltephy/error.h"
#include "ltephy/fft.h"
#include "ltephy/grid.h"
#include "ltephy/modulation.h"
#include "ltephy/ofdm.h"
#include "ltephy/ratematch.h"
#include "ltephy/rng.h"
#include "ltephy/scrambling.h"
#include "phy/ratematch_internal.h"

#define N_RB 100
#define SF 1
#define RNTI 0x1234
#define MAX_CB 16
#define SF_LEN 30720

typedef struct job {
    lte_simd_path path;
    double snr_db;
    lte_cell_cfg cell;
    lte_dl_tx *tx;
    lte_ofdm *ofdm, *ofdm_m; /* ESTIMATE and MEASURE FFTW plans */
    lte_chest *chest;
    lte_grid *grid;
    lte_dlrx *rx;
    lte_pdsch *pdsch, *pdsch_float, *pdsch_half;
    lte_sch_dec *dec, *dec_float;
    lte_sch_harq *harq;
    lte_dlrx_chain *chain, *chain_float, *chain2;
    lte_rm_turbo_plans *plans;
    lte_pdsch_cfg pc;
    lte_sch_tx stx;
    lte_cb_seg seg;
    lte_sch_result sres;
    int E[MAX_CB], n_cb[MAX_CB];
    float complex *sig[2], *y, *h[1];
    float n0;
    uint32_t *idx;
    int n_re;
    float *llr, *l[3];
    int8_t *q8, *q8s; /* the 8-bit decoder input and its scratch (dlrx_derate_match_q8) */
    float *keep;      /* the HARQ buffer's copy of a block's LLRs */
    uint8_t *tb, *out;
    uint32_t c_init;
    lte_dlrx_sf res;
} job;

static void op_fft(void *p)
{
    job *j = p;
    lte_ofdm_demod_subframe(j->ofdm, j->sig[0], j->y);
}

static void op_fft_m(void *p)
{
    job *j = p;
    lte_ofdm_demod_subframe(j->ofdm_m, j->sig[0], j->y);
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
    /* what lte_pdsch_decode uses (lte_dl_equalize_1port: the default path) */
    lte_dl_equalize_1port_simd(j->rx, &in, j->idx, j->n_re, j->path);
}

static void op_demap(void *p)
{
    job *j = p;
    lte_demap_maxlog(LTE_MOD_64QAM, j->rx->x, j->n_re, j->rx->nv, j->n_re, j->llr, j->path);
}

static void op_descramble(void *p)
{
    job *j = p;
    lte_descramble_llr(j->c_init, 0, j->llr, j->stx.G, j->path);
}

/* The two above in one pass, as lte_pdsch_decode does them (the same values:
 * the stages after it read what op_descramble leaves). */
static void op_demap_scr(void *p)
{
    job *j = p;
    lte_demap_maxlog_scr(LTE_MOD_64QAM, j->rx->x, j->n_re, j->rx->nv, j->n_re, j->c_init, j->llr,
                         j->path);
}

/* De-rate-matching of the 13 blocks on a fresh HARQ buffer: the float soft
 * values (set, not zero-then-add), or (q8) what lte_sch_decode does for the
 * 8-bit decoder: quantise, keep a copy, de-interleave bytes
 * (phy/ratematch_internal.h); the row layout (lte_turbo_fx_to_rows) not
 * included. */
static void derm(job *j, int q8)
{
    int off = 0;
    for (int r = 0; r < j->seg.C; r++) {
        int K = lte_cb_size(&j->seg, r), F = r == 0 ? j->seg.F : 0;
        const lte_rm_turbo_plan *pl;
        lte_rm_turbo_plans_get(j->plans, K, &pl);
        if (q8)
            lte_rm_turbo_plan_inverse_q8(pl, j->llr + off, j->E[r], F, j->n_cb[r], j->stx.rv,
                                         4.0f, j->path, j->q8s, j->q8, j->keep);
        else
            lte_rm_turbo_plan_inverse_ex(pl, j->llr + off, j->E[r], F, j->n_cb[r], j->stx.rv,
                                         LTE_RM_INV_SET, j->path, j->l[0], j->l[1], j->l[2],
                                         NULL, 0);
        off += j->E[r];
    }
}

static void op_derm(void *p)
{
    derm(p, 0);
}

static void op_derm_q8(void *p)
{
    derm(p, 1);
}

static void op_sch(void *p)
{
    job *j = p;
    lte_sch_harq_reset(j->harq);
    lte_sch_decode(j->dec, j->harq, &j->stx, j->llr, j->out, &j->sres);
}

static void op_sch_float(void *p)
{
    job *j = p;
    lte_sch_harq_reset(j->harq);
    lte_sch_decode(j->dec_float, j->harq, &j->stx, j->llr, j->out, &j->sres);
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

static void pdsch_chain(job *j, lte_pdsch *pd, lte_ofdm *ofdm)
{
    lte_ofdm_demod_subframe(ofdm, j->sig[0], j->y);
    op_chest(j);
    const float complex *y[1];
    lte_dl_rxin in = rxin(j, y);
    lte_sch_harq *h[2] = {j->harq, NULL};
    uint8_t *tb[2] = {j->out, NULL};
    lte_sch_harq_reset(j->harq);
    lte_sch_result res[2];
    j->sres.crc_ok = 0;
    int rc = lte_pdsch_decode(pd, j->rx, j->grid, &j->pc, &in, h, tb, res);
    if (rc == 0 || rc == LTE_ECRC)
        j->sres = res[0];
}

static void op_pdsch_chain(void *p)
{
    pdsch_chain(p, ((job *)p)->pdsch, ((job *)p)->ofdm);
}

static void op_pdsch_chain_half(void *p)
{
    pdsch_chain(p, ((job *)p)->pdsch_half, ((job *)p)->ofdm);
}

static void op_pdsch_chain_half_m(void *p)
{
    pdsch_chain(p, ((job *)p)->pdsch_half, ((job *)p)->ofdm_m);
}

static void op_pdsch_chain_float(void *p)
{
    pdsch_chain(p, ((job *)p)->pdsch_float, ((job *)p)->ofdm);
}

static void op_front(void *p)
{
    job *j = p;
    lte_dlrx_chain_front(j->chain, j->sig[0], SF, 0, &j->res);
}

static void op_chain(void *p)
{
    job *j = p;
    lte_dlrx_chain_subframe(j->chain, j->sig[0], SF, 0, &j->res);
}

static void op_chain_float(void *p)
{
    job *j = p;
    lte_dlrx_chain_subframe(j->chain_float, j->sig[0], SF, 0, &j->res);
}

static void op_chain2(void *p)
{
    job *j = p;
    const float complex *x[2] = {j->sig[0], j->sig[1]};
    lte_dlrx_chain_subframe_rx(j->chain2, x, SF, 0, &j->res);
}

/* The transmitted subframe, then AWGN of variance 10^(-snr/10) per sample
 * (per RE, unitary OFDM) on each of 2 receive antennas. */
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
    float complex *out[1] = {j->sig[0]};
    if ((rc = lte_dl_tx_run(j->tx, &sf, out)) < 0)
        return rc;
    int n = lte_dl_tx_subframe_len(j->tx);
    memcpy(j->sig[1], j->sig[0], (size_t)n * sizeof *j->sig[0]);
    double n0 = pow(10, -j->snr_db / 10);
    if ((rc = lte_awgn_add(&r, j->sig[0], n, n0)) < 0)
        return rc;
    return lte_awgn_add(&r, j->sig[1], n, n0);
}

static int make_chain(job *j, int n_rx, int decoder, lte_dlrx_chain **out)
{
    lte_dlrx_chain_cfg cc;
    lte_dlrx_chain_cfg_init(&cc);
    cc.cell = j->cell;
    cc.rnti[cc.n_rnti++] = RNTI;
    cc.n_rx = n_rx;
    cc.decoder = decoder;
    cc.simd = j->path;
    return lte_dlrx_chain_create(&cc, out);
}

static int setup(job *j)
{
    lte_cell_cfg_init(&j->cell);
    j->cell.n_rb = N_RB;
    j->cell.cfi = 1;
    j->cell.cell_id = 123;
    size_t nre = (size_t)1200 * 14;
    for (int a = 0; a < 2; a++)
        j->sig[a] = malloc(SF_LEN * sizeof *j->sig[a]);
    j->y = malloc(nre * sizeof *j->y);
    j->h[0] = malloc(nre * sizeof *j->h[0]);
    j->idx = malloc(nre * sizeof *j->idx);
    j->llr = malloc(nre * 8 * sizeof *j->llr);
    for (int s = 0; s < 3; s++)
        j->l[s] = malloc(6148 * sizeof(float));
    j->q8 = malloc(3 * 6148);
    j->q8s = malloc(3 * 6148);
    j->keep = malloc(3 * 6148 * sizeof(float));
    j->tb = malloc(LTE_SCH_TBS_MAX);
    j->out = malloc(LTE_SCH_TBS_MAX);
    if (!j->sig[0] || !j->sig[1] || !j->y || !j->h[0] || !j->idx || !j->llr ||
        !j->l[0] || !j->l[1] || !j->l[2] || !j->q8 || !j->q8s || !j->keep || !j->tb || !j->out)
        return -1;
    lte_ofdm_cfg oc = {.n_rb = N_RB, .window_offset = 72};
    lte_ofdm_cfg om = oc;
    om.fft_flags = LTE_FFT_MEASURE;
    lte_chest_cfg ec;
    lte_chest_cfg_init(&ec, &j->cell);
    ec.freq = LTE_CHEST_FREQ_WIENER;
    ec.simd = j->path;
    /* the chain's DL-SCH settings (dlrx.c), 8-bit decoder and float baseline */
    lte_sch_cfg sc = {.tbs_max = 75376, .alg = LTE_TURBO_MAX_LOG_MAP, .ext_scale = 0.75f,
                      .max_iter = 8, .k_mimo = 1, .m_dl_harq = 8, .m_limit = 8,
                      .decoder = LTE_SCH_DEC_FX8, .simd = j->path, .release_ok = 1};
    lte_sch_cfg sf = sc, sh = sc;
    sf.decoder = LTE_SCH_DEC_FLOAT;
    sh.half_stop = 1;
    if (make_signal(j) < 0 || lte_ofdm_create(&oc, &j->ofdm) < 0 ||
        lte_ofdm_create(&om, &j->ofdm_m) < 0 ||
        lte_chest_create(&ec, &j->chest) < 0 || lte_grid_create(&j->cell, &j->grid) < 0 ||
        lte_grid_set_subframe(j->grid, SF) < 0 || lte_dlrx_create(&j->cell, 1, &j->rx) < 0 ||
        lte_pdsch_create(&j->cell, &sc, &j->pdsch) < 0 ||
        lte_pdsch_create(&j->cell, &sf, &j->pdsch_float) < 0 ||
        lte_pdsch_create(&j->cell, &sh, &j->pdsch_half) < 0 || lte_sch_dec_create(&sc, &j->dec) < 0 ||
        lte_sch_dec_create(&sf, &j->dec_float) < 0 || lte_sch_harq_create(75376, &j->harq) < 0 ||
        make_chain(j, 1, LTE_SCH_DEC_FX8, &j->chain) < 0 ||
        make_chain(j, 1, LTE_SCH_DEC_FLOAT, &j->chain_float) < 0 ||
        make_chain(j, 2, LTE_SCH_DEC_FX8, &j->chain2) < 0 ||
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
    lte_ofdm_destroy(j->ofdm_m);
    lte_chest_destroy(j->chest);
    lte_grid_destroy(j->grid);
    lte_dlrx_destroy(j->rx);
    lte_pdsch_destroy(j->pdsch);
    lte_pdsch_destroy(j->pdsch_float);
    lte_pdsch_destroy(j->pdsch_half);
    lte_sch_dec_destroy(j->dec);
    lte_sch_dec_destroy(j->dec_float);
    lte_sch_harq_destroy(j->harq);
    lte_dlrx_chain_destroy(j->chain);
    lte_dlrx_chain_destroy(j->chain_float);
    lte_dlrx_chain_destroy(j->chain2);
    lte_rm_turbo_plans_destroy(j->plans);
    for (int a = 0; a < 2; a++)
        free(j->sig[a]);
    free(j->y);
    free(j->h[0]);
    free(j->idx);
    free(j->llr);
    for (int s = 0; s < 3; s++)
        free(j->l[s]);
    free(j->q8);
    free(j->q8s);
    free(j->keep);
    free(j->tb);
    free(j->out);
}

static void report(lte_bench_ctx *ctx, const job *j, const char *stage, double t, int iters,
                   int ok)
{
    lte_bench_result(ctx, stage, t * 1e6, "us",
                     "n_rb=%d mcs=28 tbs=75376 snr_db=%g n_rx=%d iter_max=%d crc_ok=%d "
                     "half_stop=%d threads=%d",
                     N_RB, j->snr_db, strstr(stage, "2rx") ? 2 : 1, iters, ok,
                     /* the 8-bit decoder stopping after half-iterations: the _half
                      * row and the whole chain (lte_dlrx_chain_cfg's default) */
                     !strstr(stage, "float") &&
                         (strstr(stage, "_half") || strstr(stage, "subframe_total")),
                     ctx->threads);
}

/* The chain must really have decoded the block. */
static int chain_ok(const job *j)
{
    return j->res.n_grants == 1 && j->res.grant[0].status == 0 && j->res.grant[0].tbs == 75376;
}

static void run_snr(lte_bench_ctx *ctx, double snr_db, int must_decode)
{
    static job j;
    memset(&j, 0, sizeof j);
    j.path = ctx->path;
    j.snr_db = snr_db;
    if (setup(&j) < 0) {
        lte_bench_fail(ctx, "set-up failed");
        teardown(&j);
        return;
    }
    int high = snr_db > 30;
    /* stage flags: 1 = at the high SNR only, 2 = not where nothing decodes */
    /* in chain order: each stage leaves its output for the next */
    static const struct {
        const char *name;
        void (*op)(void *);
        int high_only;
    } st[] = {{"dlrx_fft", op_fft, 1},
              {"dlrx_chest", op_chest, 1},
              {"dlrx_equalize", op_equalize, 1},
              {"dlrx_demap_64qam", op_demap, 1},
              {"dlrx_descramble", op_descramble, 1},
              {"dlrx_demap_descramble_64qam", op_demap_scr, 1},
              {"dlrx_derate_match", op_derm, 1},
              {"dlrx_derate_match_q8", op_derm_q8, 1},
              {"dlrx_dlsch_decode_fx8", op_sch, 0},
              {"dlrx_dlsch_decode_float", op_sch_float, 0},
              {"dlrx_pdsch_total", op_pdsch, 1},
              {"dlrx_pdsch_chain", op_pdsch_chain, 0},
              {"dlrx_pdsch_chain_half", op_pdsch_chain_half, 0},
              {"dlrx_pdsch_chain_float", op_pdsch_chain_float, 0},
              {"dlrx_fft_measure", op_fft_m, 1},
              {"dlrx_pdsch_chain_half_measure", op_pdsch_chain_half_m, 0},
              {"dlrx_front", op_front, 1},
              {"dlrx_subframe_total", op_chain, 2},
              {"dlrx_subframe_total_float", op_chain_float, 2},
              {"dlrx_subframe_total_2rx", op_chain2, 2}};
    int bad = 0;
    for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
        if ((st[i].high_only == 1 && !high) || (st[i].high_only == 2 && !must_decode)) {
            if (st[i].high_only == 1) /* the stages' inputs for the decoders below */
                st[i].op(&j);
            continue;
        }
        double t = lte_bench_time(ctx, st[i].op, &j);
        int it = 0, ok = 1;
        if (st[i].op == op_sch || st[i].op == op_sch_float || st[i].op == op_pdsch_chain ||
            st[i].op == op_pdsch_chain_half || st[i].op == op_pdsch_chain_float ||
            st[i].op == op_pdsch_chain_half_m) {
            it = j.sres.iterations_max;
            ok = j.sres.crc_ok;
        } else if (st[i].op == op_chain || st[i].op == op_chain_float || st[i].op == op_chain2) {
            it = j.res.grant[0].sch.iterations_max;
            ok = chain_ok(&j);
        }
        bad |= must_decode && !ok;
        report(ctx, &j, st[i].name, t, it, ok);
        if (st[i].op == op_descramble) {
            /* descrambling is an involution, timed an unknown number of
             * times: start again from the demapper's output */
            op_demap(&j);
            op_descramble(&j);
        }
    }
    if (bad)
        lte_bench_fail(ctx, "a decoder or the chain did not decode the MCS 28 block");
    teardown(&j);
}

static void bench_dlrx(lte_bench_ctx *ctx)
{
    omp_set_num_threads(ctx->threads > 0 ? ctx->threads : 1);
    run_snr(ctx, 35.0, 1);
    run_snr(ctx, 21.0, 1);
    run_snr(ctx, 18.0, 0);
    /* The same 18 dB measured over the whole sampled band (noise in all
     * 2048 bins, the signal in 1200 of them: per-sample SNR of unitary
     * OFDM), i.e. 18 + 10 log10(2048 / 1200) = 20.3 dB per RE: a convention
     * other receivers' figures may use. */
    run_snr(ctx, 18.0 + 10.0 * log10(2048.0 / 1200.0), 1);
}
LTE_BENCH(dlrx, 1, bench_dlrx)
