/* Benchmarks of the fixed-point turbo decoder (include/ltephy/turbo_fx.h):
 * information bits per second, no early stopping, per SIMD path, width 8
 * and 16, 4 and 8 iterations, for K = 40, 512, 1024, 6144:
 *   mode=single  one code block per call (lte_turbo_fx_decode);
 *   mode=multi   as many code blocks of that K as fill the lanes of a row
 *                (64 / 32 lanes for width 8 / 16 over P sub-blocks each),
 *                side by side in one lte_turbo_fx_decode_tb() call;
 *   tb20         the 20 MHz transport block (TBS 75376: 13 code blocks of
 *                5824), decode_tb on omp=1 and omp=2 threads; also with
 *                CRC24B early stopping (up to 8 iterations; the mean count
 *                is printed), the receive chain's mode, where the hard
 *                decisions and the CRC are computed after every iteration.
 *                On one thread the CRC mode once more with the inputs in
 *                the decoder's row layout (layout=rows: decode_tb_rows,
 *                the receive chain's call), and turbo_fx_to_rows the 3 x 13
 *                transpositions that prepare them (Mstream/s); layout=rows
 *                rows_clipped=1 is that call with opts.rows_clipped (the
 *                streams come from lte_turbo_fx_to_rows: not scanned).
 *   tb20_half    (turbo_fx_tb20_half) the same transport block at high SNR,
 *                CRC24B stopping, max_iter 8, half_stop 0 and 1 (turbo_fx.h
 *                section 8: also stop on decoder 1's decisions after
 *                half-iteration 1), omp=1, natural and row layout, the mean
 *                half-iteration count and the time per TB printed: at Eb/N0
 *                = 6 dB decoder 1's bits of iteration 1 pass the CRC (1 half
 *                instead of 2), at 4 dB only decoder 2's do (the cost of the
 *                check that does not stop), at 1 dB more iterations run (the
 *                operating point of the other tb20 rows).
 * Inputs are a noisy codeword whose last 24 bits are its CRC24B (the speed
 * without early stopping does not depend on the values).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "ltephy/crc.h"
#include "ltephy/tables.h"
#include "ltephy/turbo.h"
#include "ltephy/turbo_fx.h"

#define NCB_MAX 64

typedef struct fx_job {
    lte_turbo_fx *dec;
    int ncb, K, single, rows, width; /* rows: decode_tb_rows */
    lte_turbo_fx_opts opts;
    const void *l0[NCB_MAX], *l1[NCB_MAX], *l2[NCB_MAX];
    const uint16_t *pi[NCB_MAX];
    int Ks[NCB_MAX], it[NCB_MAX];
    uint8_t *c[NCB_MAX];
} fx_job;

static void op_decode(void *arg)
{
    fx_job *j = arg;
    if (j->rows)
        lte_turbo_fx_decode_tb_rows(j->dec, j->ncb, j->l0, j->l1, j->l2, j->Ks, j->pi, 0, &j->opts,
                                    j->c, j->it, NULL);
    else if (j->single)
        lte_turbo_fx_decode(j->dec, j->l0[0], j->l1[0], j->l2[0], j->K, j->pi[0], 0, &j->opts,
                            j->c[0], &j->it[0], NULL);
    else
        lte_turbo_fx_decode_tb(j->dec, j->ncb, j->l0, j->l1, j->l2, j->Ks, j->pi, 0, &j->opts,
                               j->c, j->it, NULL);
}

/* The natural-order inputs of every block to the row layout. */
typedef struct rows_job {
    fx_job *j;
    const void *nat[3];
    void *rows[3]; /* ncb blocks of 3 streams of stride bytes */
    size_t stride;
    lte_simd_path path;
} rows_job;

static void op_to_rows(void *arg)
{
    rows_job *q = arg;
    const int P = lte_turbo_fx_layout_p(q->j->dec, q->j->K);
    for (int r = 0; r < q->j->ncb; r++)
        for (int s = 0; s < 3; s++)
            lte_turbo_fx_to_rows(q->nat[s], q->j->K, P, q->j->width, q->path,
                                 (char *)q->rows[s] + (size_t)r * q->stride);
}

/* Soft values of one noisy codeword at Eb/N0 = ebn0 dB, quantised for both
 * widths (xorshift + Box-Muller: deterministic). */
typedef struct fx_data {
    int K;
    uint16_t pi[6144];
    int8_t q8[3][6148];
    int16_t q16[3][6148];
    uint8_t out[NCB_MAX][6144];
} fx_data;

static double gauss(uint64_t *s)
{
    double u[2];
    for (int i = 0; i < 2; i++) {
        *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
        u[i] = ((double)(*s >> 11) + 0.5) * (1.0 / 9007199254740992.0);
    }
    return sqrt(-2.0 * log(u[0])) * cos(6.283185307179586 * u[1]);
}

static int data_init(fx_data *d, int K, double ebn0)
{
    static uint8_t c[6144], e[3][6148];
    float llr[6148];
    uint64_t s = 0x9E3779B97F4A7C15ULL ^ (uint64_t)K;
    d->K = K;
    if (lte_qpp_interleaver(K, d->pi) < 0)
        return -1;
    for (int i = 0; i < K - 24; i++)
        c[i] = (uint8_t)(gauss(&s) > 0);
    if (lte_crc_attach(LTE_CRC24B, c, K - 24, c) < 0)
        return -1;
    if (lte_turbo_encode(c, K, d->pi, e[0], e[1], e[2]) < 0)
        return -1;
    double sd = sqrt(1.0 / (2.0 / 3.0 * pow(10.0, ebn0 / 10.0)));
    for (int st = 0; st < 3; st++) {
        for (int i = 0; i < K + 4; i++)
            llr[i] = (float)(2.0 * ((e[st][i] ? -1.0 : 1.0) + sd * gauss(&s)) / (sd * sd));
        lte_turbo_fx_quantize(llr, K + 4, 4.0f, 8, d->q8[st]);
        lte_turbo_fx_quantize(llr, K + 4, 256.0f, 16, d->q16[st]);
    }
    return 0;
}

static int job_setup(fx_job *j, fx_data *d, int width, int ncb, int single, lte_simd_path path,
                     int threads)
{
    memset(j, 0, sizeof *j);
    lte_turbo_fx_cfg cfg = {d->K, width, 0, 0, 0, ncb, threads, path, 0};
    if (lte_turbo_fx_create(&cfg, &j->dec) < 0)
        return -1;
    j->ncb = ncb;
    j->K = d->K;
    j->single = single;
    j->width = width;
    for (int r = 0; r < ncb; r++) {
        j->l0[r] = width == 8 ? (const void *)d->q8[0] : (const void *)d->q16[0];
        j->l1[r] = width == 8 ? (const void *)d->q8[1] : (const void *)d->q16[1];
        j->l2[r] = width == 8 ? (const void *)d->q8[2] : (const void *)d->q16[2];
        j->pi[r] = d->pi;
        j->Ks[r] = d->K;
        j->c[r] = d->out[r];
    }
    j->opts = (lte_turbo_fx_opts){4, LTE_TURBO_FX_STOP_NONE, 0, NULL, NULL, 0, NULL, 0};
    return 0;
}

static void bench_turbo_fx(lte_bench_ctx *ctx)
{
    static const int Ks[] = {40, 512, 1024, 6144};
    fx_data *d = malloc(sizeof *d);
    fx_job *j = malloc(sizeof *j);
    if (!d || !j) {
        lte_bench_fail(ctx, "out of memory");
        free(d);
        free(j);
        return;
    }
    for (size_t ki = 0; ki < sizeof Ks / sizeof Ks[0]; ki++) {
        if (data_init(d, Ks[ki], 1.0) < 0) {
            lte_bench_fail(ctx, "cannot build the test codeword");
            break;
        }
        for (int width = 8; width <= 16; width += 8)
            for (int mode = 0; mode < 2; mode++) {
                int P = lte_turbo_fx_subblocks(d->K, width, 0, 0);
                int ncb = mode == 0 ? 1 : (64 * 8 / width) / P;
                if (mode == 1 && ncb < 2)
                    ncb = 2; /* lanes already full: two blocks one after the other */
                if (job_setup(j, d, width, ncb, mode == 0, ctx->path, 1) < 0) {
                    lte_bench_fail(ctx, "cannot create the decoder");
                    continue;
                }
                for (int it = 4; it <= 8; it += 4) {
                    j->opts.max_iter = it;
                    double t = lte_bench_time(ctx, op_decode, j);
                    lte_bench_result(ctx, "turbo_fx", (double)ncb * d->K / t * 1e-6, "Mbit/s",
                                     "k=%d iterations=%d width=%d cbs=%d early_stop=0 mode=%s",
                                     d->K, it, width, ncb, mode == 0 ? "single" : "multi");
                }
                lte_turbo_fx_destroy(j->dec);
            }
    }
    free(j);
    free(d);
}

/* The CRC mode on row-layout inputs (aligned rows, as phy/sch.c hands them
 * over), and the transpositions that make them. */
static void bench_rows(lte_bench_ctx *ctx, fx_job *j, const fx_data *d, int width)
{
    rows_job q = {j, {NULL, NULL, NULL}, {NULL, NULL, NULL}, 0, ctx->path};
    q.stride = ((size_t)6148 * (size_t)(width / 8) + 63) / 64 * 64;
    for (int s = 0; s < 3; s++) {
        q.nat[s] = width == 8 ? (const void *)d->q8[s] : (const void *)d->q16[s];
        q.rows[s] = aligned_alloc(64, q.stride * (size_t)j->ncb);
    }
    if (!q.rows[0] || !q.rows[1] || !q.rows[2]) {
        lte_bench_fail(ctx, "out of memory");
    } else {
        double t = lte_bench_time(ctx, op_to_rows, &q);
        lte_bench_result(ctx, "turbo_fx_to_rows", 3.0 * j->ncb / t * 1e-6, "Mstream/s",
                         "k=%d width=%d streams=%d", j->K, width, 3 * j->ncb);
        for (int r = 0; r < j->ncb; r++) {
            j->l0[r] = (const char *)q.rows[0] + (size_t)r * q.stride;
            j->l1[r] = (const char *)q.rows[1] + (size_t)r * q.stride;
            j->l2[r] = (const char *)q.rows[2] + (size_t)r * q.stride;
        }
        j->rows = 1;
        t = lte_bench_time(ctx, op_decode, j);
        /* the same with opts.rows_clipped: the streams come from to_rows */
        j->opts.rows_clipped = 1;
        double tc = lte_bench_time(ctx, op_decode, j);
        j->opts.rows_clipped = 0;
        j->rows = 0;
        for (int r = 0; r < j->ncb; r++) {
            j->l0[r] = q.nat[0];
            j->l1[r] = q.nat[1];
            j->l2[r] = q.nat[2];
        }
        lte_bench_result(ctx, "turbo_fx_tb20", 75376.0 / t * 1e-6, "Mbit/s",
                         "k=%d max_iter=8 width=%d cbs=%d early_stop=1 omp=1 layout=rows", j->K,
                         width, j->ncb);
        lte_bench_result(ctx, "turbo_fx_tb20", 75376.0 / tc * 1e-6, "Mbit/s",
                         "k=%d max_iter=8 width=%d cbs=%d early_stop=1 omp=1 layout=rows "
                         "rows_clipped=1",
                         j->K, width, j->ncb);
    }
    for (int s = 0; s < 3; s++)
        free(q.rows[s]);
}

static void bench_turbo_fx_tb20(lte_bench_ctx *ctx)
{
    lte_cb_seg seg;
    fx_data *d = malloc(sizeof *d);
    fx_job *j = malloc(sizeof *j);
    if (!d || !j || lte_cb_segment(75376 + 24, &seg) < 0 || seg.C > NCB_MAX || seg.C_minus ||
        data_init(d, seg.K_plus, 1.0) < 0) {
        lte_bench_fail(ctx, "cannot set up the 20 MHz transport block");
        free(d);
        free(j);
        return;
    }
    for (int width = 8; width <= 16; width += 8)
        for (int threads = 1; threads <= 2; threads++) {
            if (job_setup(j, d, width, seg.C, 0, ctx->path, threads) < 0) {
                lte_bench_fail(ctx, "cannot create the decoder");
                continue;
            }
            for (int it = 4; it <= 8; it += 4) {
                j->opts.max_iter = it;
                double t = lte_bench_time(ctx, op_decode, j);
                lte_bench_result(ctx, "turbo_fx_tb20", 75376.0 / t * 1e-6, "Mbit/s",
                                 "k=%d iterations=%d width=%d cbs=%d early_stop=0 omp=%d", d->K,
                                 it, width, seg.C, threads);
            }
            j->opts = (lte_turbo_fx_opts){8, LTE_TURBO_FX_STOP_CRC24B, 0, NULL, NULL, 0, NULL, 0};
            double t = lte_bench_time(ctx, op_decode, j);
            int sum = 0;
            for (int r = 0; r < seg.C; r++)
                sum += j->it[r];
            lte_bench_result(ctx, "turbo_fx_tb20", 75376.0 / t * 1e-6, "Mbit/s",
                             "k=%d max_iter=8 mean_iter=%.1f width=%d cbs=%d early_stop=1 omp=%d", d->K,
                             (double)sum / seg.C, width, seg.C, threads);
            if (threads == 1)
                bench_rows(ctx, j, d, width);
            lte_turbo_fx_destroy(j->dec);
        }
    free(j);
    free(d);
}

/* Row-layout copies of the inputs of j (natural order in nat): rows[s] holds
 * ncb blocks of stride bytes. Returns 0 or -1. */
static int make_rows(const fx_job *j, const void *const nat[3], void *rows[3], size_t *stride)
{
    const int P = lte_turbo_fx_layout_p(j->dec, j->K);
    *stride = ((size_t)6148 * (size_t)(j->width / 8) + 63) / 64 * 64;
    for (int s = 0; s < 3; s++) {
        rows[s] = aligned_alloc(64, *stride * (size_t)j->ncb);
        if (!rows[s])
            return -1;
        for (int r = 0; r < j->ncb; r++)
            if (lte_turbo_fx_to_rows(nat[s], j->K, P, j->width, LTE_SIMD_AUTO,
                                     (char *)rows[s] + (size_t)r * *stride) < 0)
                return -1;
    }
    return 0;
}

static void bench_turbo_fx_tb20_half(lte_bench_ctx *ctx)
{
    static const double snr[] = {6.0, 4.0, 1.0};
    lte_cb_seg seg;
    fx_data *d = malloc(sizeof *d);
    fx_job *j = malloc(sizeof *j);
    if (!d || !j || lte_cb_segment(75376 + 24, &seg) < 0 || seg.C > NCB_MAX || seg.C_minus) {
        lte_bench_fail(ctx, "cannot set up the 20 MHz transport block");
        free(d);
        free(j);
        return;
    }
    for (size_t si = 0; si < sizeof snr / sizeof snr[0]; si++) {
        if (data_init(d, seg.K_plus, snr[si]) < 0) {
            lte_bench_fail(ctx, "cannot build the test codeword");
            break;
        }
        for (int width = 8; width <= 16; width += 8) {
            if (job_setup(j, d, width, seg.C, 0, ctx->path, 1) < 0) {
                lte_bench_fail(ctx, "cannot create the decoder");
                continue;
            }
            const void *nat[3] = {j->l0[0], j->l1[0], j->l2[0]};
            void *rows[3] = {NULL, NULL, NULL};
            size_t stride = 0;
            if (make_rows(j, nat, rows, &stride) < 0) {
                lte_bench_fail(ctx, "cannot build the row-layout inputs");
            } else {
                for (int layout = 0; layout < 2; layout++)
                    for (int hs = 0; hs < 2; hs++) {
                        int halves[NCB_MAX];
                        j->opts = (lte_turbo_fx_opts){8, LTE_TURBO_FX_STOP_CRC24B, 0, NULL, NULL,
                                                      0, halves, 0};
                        j->opts.half_stop = hs;
                        j->rows = layout;
                        for (int r = 0; r < seg.C; r++) {
                            const size_t o = (size_t)r * stride;
                            j->l0[r] = layout ? (const char *)rows[0] + o : nat[0];
                            j->l1[r] = layout ? (const char *)rows[1] + o : nat[1];
                            j->l2[r] = layout ? (const char *)rows[2] + o : nat[2];
                        }
                        double t = lte_bench_time(ctx, op_decode, j);
                        int sum = 0;
                        for (int r = 0; r < seg.C; r++)
                            sum += halves[r];
                        lte_bench_result(ctx, "turbo_fx_tb20", 75376.0 / t * 1e-6, "Mbit/s",
                                         "k=%d max_iter=8 ebn0=%.1f half_stop=%d mean_halves=%.1f "
                                         "width=%d cbs=%d early_stop=1 omp=1 layout=%s us=%.1f",
                                         d->K, snr[si], hs, (double)sum / seg.C, width, seg.C,
                                         layout ? "rows" : "natural", t * 1e6);
                    }
                j->rows = 0;
            }
            for (int s = 0; s < 3; s++)
                free(rows[s]);
            lte_turbo_fx_destroy(j->dec);
        }
    }
    free(j);
    free(d);
}

LTE_BENCH(turbo_fx, 1, bench_turbo_fx)
LTE_BENCH(turbo_fx_tb20, 1, bench_turbo_fx_tb20)
LTE_BENCH(turbo_fx_tb20_half, 1, bench_turbo_fx_tb20_half)
