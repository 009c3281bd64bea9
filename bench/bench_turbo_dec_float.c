/* Benchmarks of the floating-point turbo decoder (kernels/turbo_dec_float.c):
 * throughput in Mbit/s of information bits, K = 6144 and K = 40, 8 full
 * iterations (no early stopping), log-MAP and max-log-MAP. The input is a
 * noisy codeword at Eb/N0 = 1 dB (the decoder's work does not depend on the
 * values: it is branch-free). SCALAR runs the plain-loop reference, the
 * SIMD paths the vector form.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>

#include "bench/bench.h"
#include "ltephy/rng.h"
#include "ltephy/tables.h"
#include "ltephy/turbo.h"

#define BENCH_ITER 8

typedef struct tdec_job {
    lte_turbo_dec *dec;
    int K;
    uint16_t pi[LTE_TURBO_KMAX];
    uint8_t c[LTE_TURBO_KMAX], out[LTE_TURBO_KMAX];
    uint8_t d[3][LTE_TURBO_KMAX + 4];
    float l[3][LTE_TURBO_KMAX + 4];
    volatile int sink;
} tdec_job;

static void op_decode(void *arg)
{
    tdec_job *j = arg;
    j->sink = lte_turbo_dec_run(j->dec, j->l[0], j->l[1], j->l[2], j->K, j->pi, BENCH_ITER,
                                NULL, NULL, j->out, NULL);
}

/* BPSK over AWGN at Eb/N0 = 1 dB, rate 1/3, as LLRs 2y/s2 */
static int make_input(tdec_job *j)
{
    lte_rng r;
    lte_rng_seed(&r, 0x7dec0000u + (unsigned)j->K);
    lte_rng_bits(&r, j->c, j->K);
    if (lte_qpp_interleaver(j->K, j->pi) < 0 ||
        lte_turbo_encode(j->c, j->K, j->pi, j->d[0], j->d[1], j->d[2]) < 0)
        return -1;
    double s2 = 1.0 / (2.0 / 3.0 * pow(10.0, 0.1));
    for (int s = 0; s < 3; s++) {
        for (int i = 0; i < j->K + 4; i++)
            j->l[s][i] = j->d[s][i] ? -1.0f : 1.0f;
        lte_rng_add_gauss(&r, j->l[s], j->K + 4, (float)sqrt(s2));
        for (int i = 0; i < j->K + 4; i++)
            j->l[s][i] *= (float)(2.0 / s2);
    }
    return 0;
}

static void bench_turbo_dec_float(lte_bench_ctx *ctx)
{
    tdec_job *j = calloc(1, sizeof *j);
    if (!j) {
        lte_bench_fail(ctx, "out of memory");
        return;
    }
    static const struct {
        lte_turbo_alg alg;
        float scale;
        const char *name;
    } algs[] = {{LTE_TURBO_LOG_MAP, 1.0f, "turbo_dec_float_logmap"},
                {LTE_TURBO_MAX_LOG_MAP, 0.7f, "turbo_dec_float_maxlog"}};
    const int ks[] = {6144, 40};
    for (size_t a = 0; a < sizeof algs / sizeof algs[0]; a++) {
        lte_turbo_dec_cfg cfg = {.k_max = LTE_TURBO_KMAX, .alg = algs[a].alg,
                                 .ext_scale = algs[a].scale};
        if (lte_turbo_dec_create(&cfg, &j->dec) < 0 ||
            lte_turbo_dec_set_path(j->dec, ctx->path) < 0) {
            lte_bench_fail(ctx, "lte_turbo_dec_create/set_path failed");
            lte_turbo_dec_destroy(j->dec);
            break;
        }
        for (int q = 0; q < 2; q++) {
            j->K = ks[q];
            if (make_input(j) < 0) {
                lte_bench_fail(ctx, "cannot build the input block");
                break;
            }
            double t = lte_bench_time(ctx, op_decode, j);
            lte_bench_result(ctx, algs[a].name, j->K / t * 1e-6, "Mbit/s", "K=%d iterations=%d",
                             j->K, BENCH_ITER);
        }
        lte_turbo_dec_destroy(j->dec);
        j->dec = NULL;
    }
    free(j);
}
LTE_BENCH(turbo_dec_float, 1, bench_turbo_dec_float)
