/* Benchmarks of the fading channel: one 1 ms subframe through EPA/EVA/ETU.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "bench.h"
#include "ltephy/channel.h"

typedef struct arg {
    lte_channel *ch;
    const float complex *x[4];
    float complex *y[4];
    int n;
} arg;

static void op(void *p)
{
    arg *a = p;
    lte_channel_run(a->ch, a->x, a->n, 0, a->y);
}

static void run(lte_bench_ctx *ctx, lte_channel_model m, const char *name, double fs, int ntx,
                int nrx)
{
    lte_channel_cfg cfg = {0};
    cfg.model = m;
    cfg.doppler_hz = 70;
    cfg.fs_hz = fs;
    cfg.n_tx = ntx;
    cfg.n_rx = nrx;
    cfg.seed = 1;
    arg a = {0};
    a.n = (int)(fs / 1000);
    float complex *buf = calloc((size_t)a.n * (size_t)(ntx + nrx), sizeof *buf);
    if (!buf || lte_channel_create(&cfg, &a.ch) < 0) {
        lte_bench_fail(ctx, "set-up failed");
        free(buf);
        return;
    }
    for (int i = 0; i < a.n * ntx; i++)
        buf[i] = (float)((i * 7919) % 13) - 6.0f;
    for (int t = 0; t < ntx; t++)
        a.x[t] = buf + (size_t)t * a.n;
    for (int r = 0; r < nrx; r++)
        a.y[r] = buf + (size_t)(ntx + r) * a.n;
    double t = lte_bench_time(ctx, op, &a);
    lte_bench_result(ctx, "channel_subframe", t * 1e6, "us", "model=%s fs_mhz=%.2f tx=%d rx=%d",
                     name, fs / 1e6, ntx, nrx);
    lte_channel_destroy(a.ch);
    free(buf);
}

static void bench_channel(lte_bench_ctx *ctx)
{
    run(ctx, LTE_CHANNEL_EPA, "epa70", 15.36e6, 1, 1);
    run(ctx, LTE_CHANNEL_EVA, "eva70", 15.36e6, 1, 2);
    run(ctx, LTE_CHANNEL_ETU, "etu70", 30.72e6, 2, 2);
}
LTE_BENCH(channel, 0, bench_channel)
