/* Benchmarks of OFDM modulation / demodulation (36.211 §6.12) per 1 ms
 * subframe for every standard bandwidth, SC-FDMA modulation, and the bare
 * FFT sizes they use. FFTW picks its own SIMD, so these run once (path
 * n/a); plans are made with LTE_FFT_MEASURE as a throughput user would
 * (the reference-vector default is ESTIMATE, see fft.h); "plan=estimate"
 * rows show the cost of the reproducible choice; "window_offset=72" rows
 * the demodulator as the receiver runs it (FFT window half the CP early,
 * with its phase correction folded into the output scaling).
 * Reference: srsRAN 4G reports 29.5 us (mod) / 30.8 us (demod) per 20 MHz
 * subframe.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <stdlib.h>

#include "bench/bench.h"
#include "ltephy/fft.h"
#include "ltephy/ofdm.h"

typedef struct ofdm_job {
    lte_ofdm *o;
    float complex *grid, *sig;
    lte_fft *fft;
    float complex *a, *b;
} ofdm_job;

static void op_mod(void *arg)
{
    ofdm_job *j = arg;
    lte_ofdm_mod_subframe(j->o, j->grid, j->sig);
}

static void op_demod(void *arg)
{
    ofdm_job *j = arg;
    lte_ofdm_demod_subframe(j->o, j->sig, j->grid);
}

static void op_fft(void *arg)
{
    ofdm_job *j = arg;
    lte_fft_execute(j->fft, j->a, j->b);
}

static void run_ofdm(lte_bench_ctx *ctx, int n_rb, lte_ofdm_mode mode, unsigned flags, int d)
{
    lte_ofdm_cfg cfg = {.n_rb = n_rb, .mode = mode, .fft_flags = flags, .window_offset = d};
    ofdm_job j = {0};
    if (lte_ofdm_create(&cfg, &j.o) < 0) {
        lte_bench_fail(ctx, "lte_ofdm_create failed");
        return;
    }
    lte_ofdm_info in;
    lte_ofdm_get_info(j.o, &in);
    j.grid = calloc((size_t)(in.n_sc * 14), sizeof *j.grid);
    j.sig = calloc((size_t)in.subframe_len, sizeof *j.sig);
    for (int i = 0; i < in.n_sc * 14; i++)
        j.grid[i] = (i & 1 ? 0.7f : -0.7f) + I * (i & 2 ? 0.7f : -0.7f);
    const char *plan = flags ? "measure" : "estimate";
    if (mode == LTE_OFDM_DL && d > 0) { /* the receiver's window (dlrx: half the CP) */
        double t = lte_bench_time(ctx, op_demod, &j);
        lte_bench_result(ctx, "ofdm_demod_subframe", t * 1e6, "us",
                         "n_rb=%d fft=%d plan=%s window_offset=%d", n_rb, in.fft_size, plan, d);
    } else if (mode == LTE_OFDM_DL) {
        double t = lte_bench_time(ctx, op_mod, &j);
        lte_bench_result(ctx, "ofdm_mod_subframe", t * 1e6, "us", "n_rb=%d fft=%d plan=%s", n_rb,
                         in.fft_size, plan);
        t = lte_bench_time(ctx, op_demod, &j);
        lte_bench_result(ctx, "ofdm_demod_subframe", t * 1e6, "us", "n_rb=%d fft=%d plan=%s",
                         n_rb, in.fft_size, plan);
    } else {
        double t = lte_bench_time(ctx, op_mod, &j);
        lte_bench_result(ctx, "scfdma_mod_subframe", t * 1e6, "us", "n_rb=%d fft=%d plan=%s",
                         n_rb, in.fft_size, plan);
        t = lte_bench_time(ctx, op_demod, &j);
        lte_bench_result(ctx, "scfdma_demod_subframe", t * 1e6, "us", "n_rb=%d fft=%d plan=%s",
                         n_rb, in.fft_size, plan);
    }
    free(j.grid);
    free(j.sig);
    lte_ofdm_destroy(j.o);
}

static void bench_ofdm(lte_bench_ctx *ctx)
{
    static const int rbs[] = {6, 15, 25, 50, 75, 100};
    for (int i = 0; i < 6; i++)
        run_ofdm(ctx, rbs[i], LTE_OFDM_DL, LTE_FFT_MEASURE, 0);
    run_ofdm(ctx, 100, LTE_OFDM_DL, LTE_FFT_ESTIMATE, 0);
    run_ofdm(ctx, 100, LTE_OFDM_DL, LTE_FFT_MEASURE, 72);
    run_ofdm(ctx, 100, LTE_OFDM_DL, LTE_FFT_ESTIMATE, 72);
    run_ofdm(ctx, 100, LTE_OFDM_UL_SCFDMA, LTE_FFT_MEASURE, 0);
}

static void bench_fft(lte_bench_ctx *ctx)
{
    static const int sizes[] = {128, 256, 512, 1024, 1536, 2048, 1200, 1296};
    for (int i = 0; i < 8; i++)
        for (int m = 0; m < 2; m++) {
            ofdm_job j = {0};
            lte_fft_cfg cfg = {.n = sizes[i], .dir = LTE_FFT_FORWARD,
                               .flags = m ? LTE_FFT_MEASURE : LTE_FFT_ESTIMATE};
            if (lte_fft_create(&cfg, &j.fft) < 0) {
                lte_bench_fail(ctx, "lte_fft_create failed");
                return;
            }
            j.a = aligned_alloc(64, sizeof *j.a * 2048);
            j.b = aligned_alloc(64, sizeof *j.b * 2048);
            for (int k = 0; k < 2048; k++)
                j.a[k] = (float)(k % 13) - 6.0f + I * ((float)(k % 7) - 3.0f);
            double t = lte_bench_time(ctx, op_fft, &j);
            lte_bench_result(ctx, "fft", t * 1e6, "us", "n=%d plan=%s", sizes[i],
                             m ? "measure" : "estimate");
            free(j.a);
            free(j.b);
            lte_fft_destroy(j.fft);
        }
}

LTE_BENCH(ofdm, 0, bench_ofdm)
LTE_BENCH(fft, 0, bench_fft)
