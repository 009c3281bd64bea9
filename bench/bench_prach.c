/* Benchmark of the PRACH detector (36.211 §5.7): time of one detection
 * attempt (format 0, zeroCorrelationZoneConfig 1: all 64 preambles on one
 * root) over a received preamble, per bandwidth (the DFT of one sequence
 * period, N_u = 12 N_fft points, grows with the sampling rate) and antennas;
 * and the high-speed cells of 36.104 Table A.6-2 (restricted sets, logical
 * root 384: format 0 N_CS 15 on 4 roots, format 2 N_CS 202 on 64 roots),
 * whose detector correlates three bin shifts per root.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "bench/bench.h"
#include "ltephy/prach.h"

typedef struct prach_job {
    lte_prach *p;
    const float complex *rx[2];
    int len;
    lte_prach_det det[8];
} prach_job;

static void op_detect(void *arg)
{
    prach_job *j = arg;
    int n;
    lte_prach_detect(j->p, j->rx, j->len, j->det, 8, &n);
}

static void run_cell(lte_bench_ctx *ctx, const lte_prach_cfg *cell)
{
    lte_prach_cfg cfg = *cell;
    int n_rb = cfg.n_rb_ul, n_rx = cfg.n_rx;
    prach_job j = {0};
    if (lte_prach_create(&cfg, &j.p) < 0) {
        lte_bench_fail(ctx, "lte_prach_create failed");
        return;
    }
    lte_prach_info in;
    lte_prach_get_info(j.p, &in);
    float complex *x = calloc((size_t)in.len * 2, sizeof *x);
    if (!x) {
        lte_bench_fail(ctx, "out of memory");
        lte_prach_destroy(j.p);
        return;
    }
    lte_prach_generate(j.p, 17, 1.0f, x);
    lte_prach_generate(j.p, 17, 1.0f, x + in.len);
    j.rx[0] = x;
    j.rx[1] = x + in.len;
    j.len = in.len;
    double t = lte_bench_time(ctx, op_detect, &j);
    if (cfg.restricted)
        lte_bench_result(ctx, "prach_detect_restricted", t * 1e6, "us",
                         "format=%d n_cs=%d n_rx=%d roots=%d", cfg.format, in.n_cs, n_rx,
                         in.n_roots);
    else
        lte_bench_result(ctx, "prach_detect", t * 1e6, "us", "n_rb=%d n_rx=%d fft=%d roots=%d",
                         n_rb, n_rx, in.period_len, in.n_roots);
    free(x);
    lte_prach_destroy(j.p);
}

static void run(lte_bench_ctx *ctx, int n_rb, int n_rx)
{
    lte_prach_cfg cfg = {.format = 0, .root_index = 22, .zczc = 1, .n_rb_ul = n_rb,
                         .prb = 0, .n_rx = n_rx, .p_fa = 1e-3};
    run_cell(ctx, &cfg);
}

static void run_high_speed(lte_bench_ctx *ctx, int format, int zczc)
{
    lte_prach_cfg cfg = {.format = format, .root_index = 384, .zczc = zczc, .restricted = 1,
                         .n_rb_ul = 6, .prb = 0, .n_rx = 2, .p_fa = 1e-3};
    run_cell(ctx, &cfg);
}

static void bench_prach(lte_bench_ctx *ctx)
{
    run(ctx, 6, 1);
    run(ctx, 6, 2);
    run(ctx, 25, 1);
    run(ctx, 100, 1);
    run(ctx, 100, 2);
    run_high_speed(ctx, 0, 0);
    run_high_speed(ctx, 2, 13);
}

LTE_BENCH(prach_detect, 0, bench_prach)
