/* Benchmark of the link simulator (ltephy/linksim.h): simulated subframes
 * per second for 10 MHz, TM1, 1x1, MCS 13, EPA5 with CRS channel
 * estimation at 10 dB (one transmission per transport block, so one
 * subframe each: transmitter, OFDM, fading channel, noise, OFDM
 * demodulation, channel estimation, PDSCH receiver, turbo decoding), on 1
 * thread and on 2 threads (one lte_linksim object per thread, transport
 * blocks spread as `ltephy sim --mode link` does); and the same for the
 * PUSCH: 10 MHz, 50 PRB, MCS 13 (16QAM), 1x2, EPA5, DMRS estimation.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "bench.h"
#include "ltephy/linksim.h"

#define LS_BATCH 8 /* transport blocks per timed operation */
#define LS_MAX_THREADS 2

typedef struct ls_arg {
    lte_linksim *ls[LS_MAX_THREADS];
    int threads;
    int64_t next;
    int failed;
} ls_arg;

static void op_batch(void *p)
{
    ls_arg *a = p;
    int failed = 0;
    int64_t first = a->next;
#pragma omp parallel for schedule(dynamic, 1) num_threads(a->threads) reduction(+ : failed)
    for (int i = 0; i < LS_BATCH; i++) {
        int t = 0;
#ifdef _OPENMP
        t = omp_get_thread_num();
#endif
        lte_linksim_result r;
        failed += lte_linksim_run_tb(a->ls[t], 10.0, first + i, &r) < 0;
    }
    a->next += LS_BATCH;
    a->failed += failed;
}

static void run_case(lte_bench_ctx *ctx, const lte_linksim_cfg *cfg, const char *name,
                     const char *params)
{
    ls_arg a = {0};
    for (int t = 0; t < LS_MAX_THREADS; t++)
        if (lte_linksim_create(cfg, &a.ls[t]) < 0) {
            lte_bench_fail(ctx, "lte_linksim_create failed");
            goto out;
        }
    for (int threads = 1; threads <= LS_MAX_THREADS; threads++) {
        a.threads = threads;
        double t = lte_bench_time(ctx, op_batch, &a);
        if (a.failed) {
            lte_bench_fail(ctx, "lte_linksim_run_tb failed");
            goto out;
        }
        lte_bench_result(ctx, name, LS_BATCH / t, "subframes/s", "%s threads=%d", params,
                         threads);
    }
out:
    for (int t = 0; t < LS_MAX_THREADS; t++)
        lte_linksim_destroy(a.ls[t]);
}

static void bench_linksim(lte_bench_ctx *ctx)
{
    lte_linksim_cfg cfg;
    lte_linksim_cfg_init(&cfg);
    cfg.cell.n_rb = 50;
    cfg.mcs = 13;
    cfg.channel = LTE_LINKSIM_EPA5;
    cfg.chest_estimated = 1;
    cfg.harq_max = 1;
    run_case(ctx, &cfg, "linksim_subframes",
             "pdsch n_rb=50 tm=1 mcs=13 channel=epa5 chest=estimated snr_db=10");
    cfg.link = LTE_LINKSIM_PUSCH;
    cfg.n_rx = 2;
    run_case(ctx, &cfg, "linksim_pusch_subframes",
             "pusch n_rb=50 prb=50 mcs=13 rx=2 channel=epa5 chest=estimated snr_db=10");
}
LTE_BENCH(linksim, 0, bench_linksim)
