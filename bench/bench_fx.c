/* Benchmarks of the fixed-point hardware models, per SIMD path:
 *   fft_fx    lte_fft_fx_execute, forward, default schedule, N = 128 .. 2048
 *             and 1536 (out of place), time per transform and ns per point;
 *   demap_fx  lte_demap_fx on a 20 MHz subframe (14 x 1200 symbols), QPSK ..
 *             256QAM, per-symbol scale, in Msymbols/s.
 * Inputs are deterministic pseudo-random values (speed does not depend on
 * them). SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "bench/bench.h"
#include "ltephy/demap_fx.h"
#include "ltephy/fft_fx.h"

#define NSYM (14 * 1200)

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

typedef struct fft_job {
    lte_fft_fx *f;
    int16_t in[2 * 2048], out[2 * 2048];
} fft_job;

static void op_fft(void *arg)
{
    fft_job *j = arg;
    lte_fft_fx_execute(j->f, j->in, j->out);
}

static void bench_fft_fx(lte_bench_ctx *ctx)
{
    fft_job *j = calloc(1, sizeof *j);
    if (!j) {
        lte_bench_fail(ctx, "out of memory");
        return;
    }
    uint32_t s = 1;
    for (int i = 0; i < 2 * 2048; i++)
        j->in[i] = (int16_t)((int)(lcg(&s) & 0xffff) - 32768) / 2;
    static const int sizes[] = {128, 256, 512, 1024, 1536, 2048};
    for (int si = 0; si < 6; si++) {
        int n = sizes[si];
        lte_fft_fx_cfg cfg = {.n = n, .dir = LTE_FFT_FORWARD, .shift = NULL, .path = ctx->path};
        if (lte_fft_fx_create(&cfg, &j->f) != 0) {
            lte_bench_fail(ctx, "lte_fft_fx_create failed");
            break;
        }
        double t = lte_bench_time(ctx, op_fft, j);
        lte_bench_result(ctx, "fft_fx", t * 1e6, "us", "n=%d ns_per_point=%.2f", n,
                         t * 1e9 / n);
        lte_fft_fx_destroy(j->f);
    }
    free(j);
}

typedef struct demap_job {
    lte_simd_path path;
    lte_mod mod;
    int16_t y[2 * NSYM];
    uint16_t k[NSYM];
    int8_t llr[8 * NSYM];
} demap_job;

static void op_demap(void *arg)
{
    demap_job *j = arg;
    lte_demap_fx(j->mod, j->y, NSYM, j->k, NSYM, j->llr, j->path);
}

static void bench_demap_fx(lte_bench_ctx *ctx)
{
    static const lte_mod mods[] = {LTE_MOD_QPSK, LTE_MOD_16QAM, LTE_MOD_64QAM, LTE_MOD_256QAM};
    demap_job *j = calloc(1, sizeof *j);
    if (!j) {
        lte_bench_fail(ctx, "out of memory");
        return;
    }
    j->path = ctx->path;
    uint32_t s = 7;
    for (int i = 0; i < 2 * NSYM; i++)
        j->y[i] = (int16_t)((int)(lcg(&s) % 10000) - 5000); /* about +-1.2 in Q3.12 */
    for (int i = 0; i < NSYM; i++)
        j->k[i] = (uint16_t)(200 + lcg(&s) % 4000);
    for (int m = 0; m < 4; m++) {
        j->mod = mods[m];
        double t = lte_bench_time(ctx, op_demap, j);
        lte_bench_result(ctx, "demap_fx", t * 1e6, "us", "mod=%s symbols=%d Msym_s=%.0f",
                         lte_mod_name(mods[m]), NSYM, NSYM / t / 1e6);
    }
    free(j);
}

LTE_BENCH(fft_fx, 1, bench_fft_fx)
LTE_BENCH(demap_fx, 1, bench_demap_fx)
