/* Benchmark of the PDCCH blind search (ltephy/dlphy.h) on one 20 MHz
 * subframe (100 PRB, 1 port, CFI 1, 17 CCEs) holding one C-RNTI DCI 1A, for
 * the RNTIs the downlink chain searches by default plus one C-RNTI:
 *  - pdcch_search_per_rnti: lte_pdcch_search once per RNTI (SI-RNTI and the
 *    C-RNTI), each decoding its candidates of the common space and of its
 *    UE-specific space (for SI-RNTI too): the chain's former scheme;
 *  - pdcch_search_multi: lte_pdcch_search_multi, each (candidate, payload
 *    size) decoded once and its CRC tested against both RNTIs, SI-RNTI in
 *    the common space only (36.213 §9.1.1), format 1A size;
 *  - pdcch_search_multi_1c: the same with the format 1C size added in the
 *    common space (what lte_dlrx_chain_front searches).
 * Each includes the PDCCH equalisation, demapping and descrambling.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <stdlib.h>

#include "bench.h"
#include "ltephy/dci.h"
#include "ltephy/dlphy.h"

#define PB_RNTI 0x1234

typedef struct pb_job {
    lte_dlrx *rx;
    const lte_grid *g;
    lte_dl_rxin in;
    int sizes[2];
    int mode; /* 0 per RNTI, 1 multi 1A, 2 multi 1A + 1C */
    int n_found;
} pb_job;

static void pb_op(void *p)
{
    pb_job *j = p;
    lte_dci_found f[8];
    int nf = 0, tot = 0;
    uint16_t rl[2] = {LTE_SI_RNTI, PB_RNTI};
    if (j->mode == 0) {
        for (int r = 0; r < 2; r++) {
            lte_pdcch_search(j->rx, j->g, &j->in, rl[r], j->sizes, 1, f, 8, &nf);
            tot += nf;
        }
    } else {
        lte_pdcch_search_multi(j->rx, j->g, &j->in, rl, 2, j->sizes, j->mode, j->sizes, 1, f, 8,
                               &nf);
        tot = nf;
    }
    j->n_found = tot;
}

static void bench_pdcch_search(lte_bench_ctx *ctx)
{
    lte_dl_tx_cfg cfg;
    lte_dl_tx_cfg_init(&cfg);
    cfg.cell.n_rb = 100;
    cfg.cell.cfi = 1;
    lte_dl_tx *tx = NULL;
    lte_dlrx *rx = NULL;
    float complex *h = NULL;
    if (lte_dl_tx_create(&cfg, &tx) < 0 || lte_dlrx_create(&cfg.cell, 1, &rx) < 0) {
        lte_bench_fail(ctx, "create failed");
        goto out;
    }
    lte_dci_cfg dc = {.n_rb_dl = 100, .duplex = LTE_FDD, .broadcast = 1};
    int a1a = lte_dci_format1a_size(&dc), a1c = lte_dci_size(&dc, LTE_DCI_FORMAT1C);
    uint8_t bits[64] = {1, 0, 1, 1};
    lte_pdcch_dci dci = {bits, a1a, PB_RNTI, 4, 0};
    lte_dl_sf sf = {.subframe = 1, .cfi = 1, .dci = &dci, .n_dci = 1};
    if (lte_dl_tx_run(tx, &sf, NULL) < 0) {
        lte_bench_fail(ctx, "transmit failed");
        goto out;
    }
    const lte_grid *g = lte_dl_tx_grid(tx);
    h = malloc(sizeof *h * (size_t)g->n_re);
    if (!h) {
        lte_bench_fail(ctx, "out of memory");
        goto out;
    }
    for (int i = 0; i < g->n_re; i++)
        h[i] = 1;
    const float complex *y[1] = {g->port[0]}, *hh[1] = {h};
    static const char *names[3] = {"pdcch_search_per_rnti", "pdcch_search_multi",
                                   "pdcch_search_multi_1c"};
    for (int m = 0; m < 3; m++) {
        pb_job j = {rx, g, {1, 1, y, hh, 0.01f, LTE_EQ_MMSE}, {a1a, a1c}, m, 0};
        double t = lte_bench_time(ctx, pb_op, &j);
        lte_bench_result(ctx, names[m], t * 1e6, "us", "n_rb=100 cfi=1 n_cce=%d rntis=2 found=%d",
                         g->ctrl->n_cce, j.n_found);
    }
out:
    free(h);
    lte_dlrx_destroy(rx);
    lte_dl_tx_destroy(tx);
}

LTE_BENCH(pdcch, 0, bench_pdcch_search)
