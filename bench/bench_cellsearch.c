/* Benchmarks of the receiver front: PSS search over 10 ms at 1.92 Msps
 * (3 roots x 3 integer-CFO hypotheses, FFT correlation), the whole cell
 * search with MIB decoding on 40 ms, and CRS channel estimation per 20 MHz
 * subframe (2 ports, 2 receive antennas; linear and Wiener interpolation).
 * The signals are synthetic (CRS/PSS/SSS of a grid, OFDM-modulated); the
 * figures do not depend on their content, only on sizes.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <stdlib.h>

#include "bench/bench.h"
#include "ltephy/cellsearch.h"
#include "ltephy/chest.h"
#include "ltephy/grid.h"
#include "ltephy/ofdm.h"

typedef struct cs_job {
    lte_cs *cs;
    float complex *x;
    size_t n;
    lte_chest *ch;
    float complex *rx[2], *h[4];
} cs_job;

static void op_pss(void *arg)
{
    cs_job *j = arg;
    lte_cs_pss_peak pk[LTE_CS_MAX_PEAKS];
    int np;
    lte_cs_pss_search(j->cs, j->x, j->n, pk, LTE_CS_MAX_PEAKS, &np);
}

static void op_search(void *arg)
{
    cs_job *j = arg;
    lte_cs_cell c[4];
    int nc;
    lte_cs_search(j->cs, j->x, j->n, c, 4, &nc);
}

static void op_chest(void *arg)
{
    cs_job *j = arg;
    float n0;
    lte_chest_estimate(j->ch, 1, (const float complex *const *)j->rx, j->h, &n0);
}

/* A 6-RB signal of n_frames frames at 1.92 Msps: CRS, PSS and SSS only. */
static float complex *sync_signal(int n_frames, size_t *n)
{
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    c.n_rb = 6;
    c.cell_id = 301;
    lte_grid *g = NULL;
    lte_ofdm_cfg oc = {.n_rb = 6};
    lte_ofdm *o = NULL;
    if (lte_grid_create(&c, &g) < 0 || lte_ofdm_create(&oc, &o) < 0) {
        lte_grid_destroy(g);
        return NULL;
    }
    *n = (size_t)n_frames * 19200;
    float complex *x = calloc(*n, sizeof *x);
    for (int f = 0; x && f < n_frames; f++)
        for (int sf = 0; sf < 10; sf++) {
            lte_grid_set_subframe(g, sf);
            lte_grid_put_signals(g, 1.0f, 1.0f);
            lte_ofdm_mod_subframe(o, g->port[0], x + ((size_t)f * 10 + sf) * 1920);
        }
    lte_grid_destroy(g);
    lte_ofdm_destroy(o);
    return x;
}

static void bench_cellsearch(lte_bench_ctx *ctx)
{
    cs_job j = {0};
    lte_cs_cfg cfg;
    lte_cs_cfg_init(&cfg);
    if (lte_cs_create(&cfg, &j.cs) < 0 || !(j.x = sync_signal(4, &j.n))) {
        lte_bench_fail(ctx, "cell search set-up failed");
        lte_cs_destroy(j.cs);
        return;
    }
    size_t n40 = j.n;
    j.n = 19200;
    double t = lte_bench_time(ctx, op_pss, &j);
    lte_bench_result(ctx, "pss_search_10ms", t * 1e6, "us", "fs=1.92e6 roots=3 cfo_hyp=3");
    j.n = n40;
    t = lte_bench_time(ctx, op_search, &j);
    lte_bench_result(ctx, "cell_search_40ms", t * 1e6, "us", "fs=1.92e6 with_mib=1");
    lte_cs_destroy(j.cs);
    free(j.x);
}

static void run_chest(lte_bench_ctx *ctx, lte_chest_freq fm)
{
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    c.n_rb = 100;
    c.n_ports = 2;
    c.cell_id = 301;
    lte_chest_cfg ec;
    lte_chest_cfg_init(&ec, &c);
    ec.n_rx = 2;
    ec.freq = fm;
    cs_job j = {0};
    int nre = 1200 * 14;
    if (lte_chest_create(&ec, &j.ch) < 0) {
        lte_bench_fail(ctx, "lte_chest_create failed");
        return;
    }
    for (int i = 0; i < 2; i++)
        j.rx[i] = calloc(nre, sizeof *j.rx[i]);
    for (int i = 0; i < 4; i++)
        j.h[i] = calloc(nre, sizeof *j.h[i]);
    for (int r = 0; r < 2; r++)
        for (int i = 0; i < nre; i++)
            j.rx[r][i] = (i & 1 ? 0.7f : -0.7f) + I * (i & 2 ? 0.7f : -0.7f);
    double t = lte_bench_time(ctx, op_chest, &j);
    lte_bench_result(ctx, "chest_subframe", t * 1e6, "us", "n_rb=100 ports=2 rx=2 freq=%s",
                     fm == LTE_CHEST_FREQ_WIENER ? "wiener" : "linear");
    for (int i = 0; i < 2; i++)
        free(j.rx[i]);
    for (int i = 0; i < 4; i++)
        free(j.h[i]);
    lte_chest_destroy(j.ch);
}

static void bench_chest(lte_bench_ctx *ctx)
{
    run_chest(ctx, LTE_CHEST_FREQ_LINEAR);
    run_chest(ctx, LTE_CHEST_FREQ_WIENER);
}

LTE_BENCH(cellsearch, 0, bench_cellsearch)
LTE_BENCH(chest, 0, bench_chest)
