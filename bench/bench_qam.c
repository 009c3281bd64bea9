/* Benchmarks of the soft demappers (36.211 §7.1 constellations) on a 20 MHz
 * subframe's worth of symbols (14 x 1200), per-RE noise variance.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <stdlib.h>

#include "bench/bench.h"
#include "ltephy/modulation.h"

#define NSYM (14 * 1200)

typedef struct qam_job {
    lte_simd_path path;
    lte_mod mod;
    float complex y[NSYM];
    float n0[NSYM];
    float llr[NSYM * 8];
} qam_job;

static void op_maxlog(void *arg)
{
    qam_job *j = arg;
    lte_demap_maxlog(j->mod, j->y, NSYM, j->n0, NSYM, j->llr, j->path);
}

static void op_exact(void *arg)
{
    qam_job *j = arg;
    lte_demap_exact(j->mod, j->y, NSYM, j->n0, NSYM, j->llr);
}

static qam_job *make_job(lte_bench_ctx *ctx, lte_mod mod)
{
    qam_job *j = calloc(1, sizeof *j);
    if (!j) {
        lte_bench_fail(ctx, "out of memory");
        return NULL;
    }
    j->path = ctx->path;
    j->mod = mod;
    uint32_t s = 12345;
    for (int i = 0; i < NSYM; i++) {
        s = s * 1664525u + 1013904223u;
        float re = (float)((s >> 8) & 0xffff) / 32768.0f - 1.0f;
        s = s * 1664525u + 1013904223u;
        float im = (float)((s >> 8) & 0xffff) / 32768.0f - 1.0f;
        j->y[i] = re + I * im;
        j->n0[i] = 0.05f + 0.001f * (float)(i % 100);
    }
    return j;
}

static const lte_mod mods[] = {LTE_MOD_QPSK, LTE_MOD_16QAM, LTE_MOD_64QAM, LTE_MOD_256QAM};

static void bench_demap_maxlog(lte_bench_ctx *ctx)
{
    for (int m = 0; m < 4; m++) {
        qam_job *j = make_job(ctx, mods[m]);
        if (!j)
            return;
        double t = lte_bench_time(ctx, op_maxlog, j);
        lte_bench_result(ctx, "demap_maxlog", t * 1e6, "us", "mod=%s symbols=%d Msym_s=%.0f",
                         lte_mod_name(mods[m]), NSYM, NSYM / t / 1e6);
        free(j);
    }
}

static void bench_demap_exact(lte_bench_ctx *ctx)
{
    for (int m = 0; m < 4; m++) {
        qam_job *j = make_job(ctx, mods[m]);
        if (!j)
            return;
        double t = lte_bench_time(ctx, op_exact, j);
        lte_bench_result(ctx, "demap_exact", t * 1e6, "us", "mod=%s symbols=%d",
                         lte_mod_name(mods[m]), NSYM);
        free(j);
    }
}

LTE_BENCH(demap_maxlog, 1, bench_demap_maxlog)
LTE_BENCH(demap_exact, 0, bench_demap_exact)
