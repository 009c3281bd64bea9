/* Benchmarks of OFDM modulation / demodulation (36.211 §6.12) per 1 ms
 * subframe for every standard bandwidth and both CPs at 20 MHz, SC-FDMA
 * (§5.6), PUSCH transform precoding (§5.3.3: 12 symbols of 100 PRB), and
 * the bare FFT sizes they use. FFTW picks its own SIMD and the copies around
 * it follow LTEPHY_SIMD, so these run once (path n/a); plans are made with
 * LTE_FFT_MEASURE as a throughput user would (the reference-vector default
 * is ESTIMATE, see fft.h); "plan=estimate" rows show the cost of the
 * reproducible choice (what lte_pusch uses); "window_offset=72" rows the
 * demodulator as the receiver runs it (FFT window half the CP early, with
 * its phase correction folded into the output scaling). Signals live in
 * 64-byte aligned buffers (lte_alloc, as the library's own users allocate
 * them): every symbol then starts on an AVX-aligned address and FFTW runs
 * straight on the subframe buffer.
 * Reference: srsRAN 4G reports 29.5 us (mod) / 30.8 us (demod) per 20 MHz
 * subframe.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <stdlib.h>

#include "bench/bench.h"
#include "kernels/internal.h"
#include "ltephy/fft.h"
#include "ltephy/ofdm.h"
#include "ltephy/transform_precoding.h"

typedef struct ofdm_job {
    lte_ofdm *o;
    float complex *grid, *sig;
    lte_fft *fft;
    lte_tprec *tp;
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

static void op_tprec_inv(void *arg)
{
    ofdm_job *j = arg;
    lte_tprec_inverse(j->tp, 100, 12, j->a, j->b);
}

static void op_tprec_fwd(void *arg)
{
    ofdm_job *j = arg;
    lte_tprec_forward(j->tp, 100, 12, j->a, j->b);
}

static const char *plan_name(unsigned flags)
{
    return (flags & LTE_FFT_PATIENT) ? "patient" : flags ? "measure" : "estimate";
}

static void run_ofdm(lte_bench_ctx *ctx, int n_rb, lte_cp cp, lte_ofdm_mode mode, unsigned flags,
                     int d)
{
    lte_ofdm_cfg cfg = {.n_rb = n_rb, .cp = cp, .mode = mode, .fft_flags = flags,
                        .window_offset = d};
    ofdm_job j = {0};
    if (lte_ofdm_create(&cfg, &j.o) < 0) {
        lte_bench_fail(ctx, "lte_ofdm_create failed");
        return;
    }
    lte_ofdm_info in;
    lte_ofdm_get_info(j.o, &in);
    j.grid = lte_alloc(sizeof *j.grid * (size_t)(in.n_sc * 14));
    j.sig = lte_alloc(sizeof *j.sig * (size_t)in.subframe_len);
    if (!j.grid || !j.sig) {
        lte_bench_fail(ctx, "out of memory");
        goto done;
    }
    for (int i = 0; i < in.n_sc * 14; i++)
        j.grid[i] = (i & 1 ? 0.7f : -0.7f) + I * (i & 2 ? 0.7f : -0.7f);
    const char *plan = plan_name(flags);
    const char *cps = cp == LTE_CP_EXTENDED ? " cp=extended" : "";
    if (mode == LTE_OFDM_DL && d > 0) { /* the receiver's window (dlrx: half the CP) */
        double t = lte_bench_time(ctx, op_demod, &j);
        lte_bench_result(ctx, "ofdm_demod_subframe", t * 1e6, "us",
                         "n_rb=%d fft=%d plan=%s window_offset=%d", n_rb, in.fft_size, plan, d);
    } else if (mode == LTE_OFDM_DL) {
        double t = lte_bench_time(ctx, op_mod, &j);
        lte_bench_result(ctx, "ofdm_mod_subframe", t * 1e6, "us", "n_rb=%d fft=%d plan=%s%s",
                         n_rb, in.fft_size, plan, cps);
        t = lte_bench_time(ctx, op_demod, &j);
        lte_bench_result(ctx, "ofdm_demod_subframe", t * 1e6, "us", "n_rb=%d fft=%d plan=%s%s",
                         n_rb, in.fft_size, plan, cps);
    } else {
        double t = lte_bench_time(ctx, op_mod, &j);
        lte_bench_result(ctx, "scfdma_mod_subframe", t * 1e6, "us", "n_rb=%d fft=%d plan=%s",
                         n_rb, in.fft_size, plan);
        t = lte_bench_time(ctx, op_demod, &j);
        lte_bench_result(ctx, "scfdma_demod_subframe", t * 1e6, "us", "n_rb=%d fft=%d plan=%s",
                         n_rb, in.fft_size, plan);
    }
done:
    lte_free(j.grid);
    lte_free(j.sig);
    lte_ofdm_destroy(j.o);
}

/* 12 SC-FDMA symbols of 100 PRB (1200 points), the PUSCH receiver's IDFT. */
static void run_tprec(lte_bench_ctx *ctx, unsigned flags)
{
    ofdm_job j = {0};
    if (lte_tprec_create(flags, &j.tp) < 0) {
        lte_bench_fail(ctx, "lte_tprec_create failed");
        return;
    }
    j.a = lte_alloc(sizeof *j.a * 1200 * 12);
    j.b = lte_alloc(sizeof *j.b * 1200 * 12);
    if (j.a && j.b) {
        for (int k = 0; k < 1200 * 12; k++)
            j.a[k] = (float)(k % 13) - 6.0f + I * ((float)(k % 7) - 3.0f);
        double t = lte_bench_time(ctx, op_tprec_inv, &j);
        lte_bench_result(ctx, "tprec_inverse", t * 1e6, "us", "m_rb=100 n_symb=12 plan=%s",
                         plan_name(flags));
        t = lte_bench_time(ctx, op_tprec_fwd, &j);
        lte_bench_result(ctx, "tprec_forward", t * 1e6, "us", "m_rb=100 n_symb=12 plan=%s",
                         plan_name(flags));
    } else {
        lte_bench_fail(ctx, "out of memory");
    }
    lte_free(j.a);
    lte_free(j.b);
    lte_tprec_destroy(j.tp);
}

static void bench_ofdm(lte_bench_ctx *ctx)
{
    static const int rbs[] = {6, 15, 25, 50, 75, 100};
    for (int i = 0; i < 6; i++)
        run_ofdm(ctx, rbs[i], LTE_CP_NORMAL, LTE_OFDM_DL, LTE_FFT_MEASURE, 0);
    run_ofdm(ctx, 100, LTE_CP_EXTENDED, LTE_OFDM_DL, LTE_FFT_MEASURE, 0);
    run_ofdm(ctx, 100, LTE_CP_NORMAL, LTE_OFDM_DL, LTE_FFT_ESTIMATE, 0);
    run_ofdm(ctx, 100, LTE_CP_NORMAL, LTE_OFDM_DL, LTE_FFT_MEASURE, 72);
    run_ofdm(ctx, 100, LTE_CP_NORMAL, LTE_OFDM_DL, LTE_FFT_ESTIMATE, 72);
    run_ofdm(ctx, 100, LTE_CP_NORMAL, LTE_OFDM_UL_SCFDMA, LTE_FFT_MEASURE, 0);
    run_ofdm(ctx, 100, LTE_CP_NORMAL, LTE_OFDM_UL_SCFDMA, LTE_FFT_ESTIMATE, 0);
    run_tprec(ctx, LTE_FFT_ESTIMATE);
}

static void bench_fft(lte_bench_ctx *ctx)
{
    static const int sizes[] = {128, 256, 512, 1024, 1536, 2048, 1200, 1296};
    /* PATIENT planning takes seconds: only the sizes where it pays (fft.h) */
    static const unsigned rigor[] = {LTE_FFT_ESTIMATE, LTE_FFT_MEASURE, LTE_FFT_PATIENT};
    for (int i = 0; i < 8; i++)
        for (int m = 0; m < (sizes[i] == 1536 || sizes[i] == 1200 ? 3 : 2); m++) {
            ofdm_job j = {0};
            lte_fft_cfg cfg = {.n = sizes[i], .dir = LTE_FFT_FORWARD,
                               .flags = rigor[m] | LTE_FFT_OUT_OF_PLACE};
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
                             plan_name(rigor[m]));
            free(j.a);
            free(j.b);
            lte_fft_destroy(j.fft);
        }
}

LTE_BENCH(ofdm, 0, bench_ofdm)
LTE_BENCH(fft, 0, bench_fft)
