/* Benchmark of a whole downlink subframe generation at 20 MHz: PCFICH, one
 * DCI, and a PDSCH of MCS 28 over 100 PRB (TBS 75376, 64QAM, port 0),
 * from the transport block through DL-SCH encoding, scrambling, modulation,
 * resource mapping and OFDM of the subframe (lte_dl_tx_run). Reported also
 * without the OFDM stage (to the resource grid, the figure srsRAN quotes as
 * ~150 us for PDSCH encoding), and the PDSCH alone (lte_pdsch_encode: DL-SCH
 * coding, scrambling, modulation, RE mapping into a grid; no CRS or control
 * channels), split into its two stages: sch_encode (lte_sch_encode: CRCs,
 * segmentation, turbo encoding, rate matching) and pdsch_map_bits
 * (lte_pdsch_map_bits: scrambling, modulation, RE mapping, including the RE
 * list). The DL-SCH encoder runs on one thread (no OpenMP in it).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <stdlib.h>

#include "bench.h"
#include "ltephy/dlphy.h"

#define TBS 75376

typedef struct dl_arg {
    lte_dl_tx *tx;
    lte_dl_sf sf;
    float complex *out[1];
    int with_ofdm;
} dl_arg;

typedef struct pdsch_arg {
    lte_pdsch *p;
    lte_grid *g;
    const lte_pdsch_alloc *al;
    lte_sch_enc *enc;
    lte_sch_tx tx;
    uint8_t *f;
} pdsch_arg;

static void op_pdsch(void *arg)
{
    pdsch_arg *a = arg;
    lte_pdsch_encode(a->p, a->g, &a->al->cfg, a->al->tb, 1.0f);
}

static void op_sch(void *arg)
{
    pdsch_arg *a = arg;
    lte_sch_encode(a->enc, &a->tx, a->al->tb[0], a->f);
}

static void op_map(void *arg)
{
    pdsch_arg *a = arg;
    const uint8_t *const f[2] = {a->f, NULL};
    lte_pdsch_map_bits(a->p, a->g, &a->al->cfg, f, 1.0f);
}

static void op_run(void *p)
{
    dl_arg *a = p;
    lte_dl_tx_run(a->tx, &a->sf, a->with_ofdm ? a->out : NULL);
}

static void bench_dl_subframe(lte_bench_ctx *ctx)
{
    lte_dl_tx_cfg cfg;
    lte_dl_tx_cfg_init(&cfg);
    cfg.cell.n_rb = 100;
    cfg.cell.n_ports = 1;
    cfg.cell.cfi = 1;
    cfg.sch.tbs_max = TBS;
    cfg.sch.threads = ctx->threads;
    cfg.sch.simd = ctx->path;
    dl_arg a = {0};
    uint8_t *tb = malloc(TBS), dci_bits[27] = {0};
    lte_pdsch_alloc al = {0};
    lte_pdcch_dci dci = {dci_bits, 27, 0x1234, 4, 0};
    if (!tb || lte_dl_tx_create(&cfg, &a.tx) < 0) {
        lte_bench_fail(ctx, "set-up failed");
        goto out;
    }
    a.out[0] = malloc(sizeof(float complex) * (size_t)lte_dl_tx_subframe_len(a.tx));
    for (int i = 0; i < TBS; i++)
        tb[i] = (uint8_t)((i * 2654435761u) >> 31);
    al.cfg.mimo = (lte_mimo_cfg){LTE_TX_SINGLE_PORT, 1, 1, 1, 0};
    al.cfg.rnti = 0x1234;
    al.cfg.mod[0] = LTE_MOD_64QAM; /* MCS 28: I_TBS 26, 64QAM (36.213 Table 7.1.7.1-1) */
    al.cfg.tbs[0] = TBS;
    for (int i = 0; i < 100; i++)
        al.cfg.prb_mask[i] = 1;
    al.tb[0] = tb;
    a.sf = (lte_dl_sf){.subframe = 1, .sfn = 0, .dci = &dci, .n_dci = 1, .pdsch = &al,
                       .n_pdsch = 1};
    if (!a.out[0] || lte_dl_tx_run(a.tx, &a.sf, a.out) < 0) {
        lte_bench_fail(ctx, "subframe generation failed");
        goto out;
    }
    int G = lte_pdsch_g(lte_dl_tx_grid(a.tx), &al.cfg, 0, NULL);
    a.with_ofdm = 1;
    double t = lte_bench_time(ctx, op_run, &a);
    lte_bench_result(ctx, "dl_subframe_ofdm", t * 1e6, "us", "n_rb=100 tbs=%d G=%d mcs=28", TBS, G);
    a.with_ofdm = 0;
    t = lte_bench_time(ctx, op_run, &a);
    lte_bench_result(ctx, "dl_subframe_grid", t * 1e6, "us", "n_rb=100 tbs=%d G=%d mcs=28", TBS, G);
    pdsch_arg pa = {.al = &al};
    if (lte_grid_create(&cfg.cell, &pa.g) < 0 || lte_grid_set_subframe(pa.g, 1) < 0 ||
        lte_pdsch_create(&cfg.cell, &cfg.sch, &pa.p) < 0 ||
        lte_pdsch_encode(pa.p, pa.g, &al.cfg, al.tb, 1.0f) < 0) {
        lte_bench_fail(ctx, "PDSCH set-up failed");
    } else {
        t = lte_bench_time(ctx, op_pdsch, &pa);
        lte_bench_result(ctx, "pdsch_encode_grid", t * 1e6, "us", "n_rb=100 tbs=%d G=%d mcs=28",
                         TBS, G);
        /* the two stages of it: 64QAM on one layer, rv 0 (as lte_pdsch_encode) */
        pa.tx = (lte_sch_tx){.tbs = TBS, .G = G, .q_m = 6, .n_layers = 1, .rv = 0};
        pa.f = malloc((size_t)G);
        if (!pa.f || lte_sch_enc_create(&cfg.sch, &pa.enc) < 0 ||
            lte_sch_encode(pa.enc, &pa.tx, tb, pa.f) < 0) {
            lte_bench_fail(ctx, "DL-SCH set-up failed");
        } else {
            t = lte_bench_time(ctx, op_sch, &pa);
            lte_bench_result(ctx, "sch_encode", t * 1e6, "us", "tbs=%d G=%d q_m=6", TBS, G);
            t = lte_bench_time(ctx, op_map, &pa);
            lte_bench_result(ctx, "pdsch_map_bits", t * 1e6, "us", "n_rb=100 G=%d 64qam", G);
        }
        lte_sch_enc_destroy(pa.enc);
        free(pa.f);
    }
    lte_pdsch_destroy(pa.p);
    lte_grid_destroy(pa.g);
out:
    lte_dl_tx_destroy(a.tx);
    free(a.out[0]);
    free(tb);
}
LTE_BENCH(dl_subframe, 1, bench_dl_subframe)
