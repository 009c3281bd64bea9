/* Benchmarks of the receiver side of phy/precoding.c on a 20 MHz
 * subframe's worth of REs (12 subcarriers x 100 RB x 12 data symbols =
 * 14400 REs), 2 receive antennas: SFBC combining (TM2, 2 ports) and 2x2
 * MMSE detection of large-delay CDD (TM3, 2 layers); plus the TM3 precoder.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <stdint.h>
#include <stdlib.h>

#include "bench/bench.h"
#include "ltephy/layers.h"

#define NRE (12 * 100 * 12)
#define NRX 2

typedef struct layers_job {
    lte_mimo_cfg cfg;
    float complex r[NRE * NRX];
    float complex h[NRE * NRX * 2];
    float complex x[NRE * 2];
    float complex y[NRE * 2];
    float nv[NRE * 2];
} layers_job;

static void op_sfbc(void *arg)
{
    layers_job *j = arg;
    lte_sfbc_combine(&j->cfg, LTE_EQ_MMSE, NRX, j->r, j->h, 0.05f, NRE, j->x, j->nv);
}

static void op_mmse(void *arg)
{
    layers_job *j = arg;
    lte_mimo_detect(&j->cfg, LTE_EQ_MMSE, NRX, j->r, j->h, 0.05f, NRE, j->x, j->nv);
}

static void op_precode(void *arg)
{
    layers_job *j = arg;
    lte_precode(&j->cfg, j->x, NRE, j->y);
}

static layers_job *make_job(lte_bench_ctx *ctx, lte_tx_scheme scheme)
{
    layers_job *j = calloc(1, sizeof *j);
    if (!j) {
        lte_bench_fail(ctx, "out of memory");
        return NULL;
    }
    j->cfg = (lte_mimo_cfg){scheme, 2, 2, scheme == LTE_TX_DIVERSITY ? 1 : 2, 0};
    uint32_t s = 12345;
    for (int i = 0; i < NRE * NRX * 2; i++) {
        s = s * 1664525u + 1013904223u;
        float re = (float)((s >> 8) & 0xffff) / 32768.0f - 1.0f;
        s = s * 1664525u + 1013904223u;
        float im = (float)((s >> 8) & 0xffff) / 32768.0f - 1.0f;
        j->h[i] = re + I * im;
        if (i < NRE * NRX)
            j->r[i] = im + I * re;
        if (i < NRE * 2)
            j->x[i] = re - I * im;
    }
    return j;
}

static void run(lte_bench_ctx *ctx, lte_tx_scheme scheme, void (*op)(void *), const char *name)
{
    layers_job *j = make_job(ctx, scheme);
    if (!j)
        return;
    double t = lte_bench_time(ctx, op, j);
    lte_bench_result(ctx, name, t * 1e6, "us", "res=%d rx=%d ports=2 layers=2 Mre_s=%.1f", NRE,
                     NRX, NRE / t / 1e6);
    free(j);
}

static void bench_sfbc_combine(lte_bench_ctx *ctx)
{
    run(ctx, LTE_TX_DIVERSITY, op_sfbc, "sfbc_combine");
}

static void bench_mmse_2x2(lte_bench_ctx *ctx)
{
    run(ctx, LTE_TX_LARGE_CDD, op_mmse, "mmse_2x2_tm3");
}

static void bench_precode_tm3(lte_bench_ctx *ctx)
{
    run(ctx, LTE_TX_LARGE_CDD, op_precode, "precode_tm3");
}

LTE_BENCH(sfbc_combine, 0, bench_sfbc_combine)
LTE_BENCH(mmse_2x2, 0, bench_mmse_2x2)
LTE_BENCH(precode_tm3, 0, bench_precode_tm3)
