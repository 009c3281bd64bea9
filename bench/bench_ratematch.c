/* Benchmarks of turbo rate matching (36.212 §5.1.4.1) and its inverse
 * (soft-value accumulation), K = 6144 -> E = 6918 (rv 0, N_cb = K_w; the
 * size srsRAN quotes), with a precomputed plan and with the plain functions
 * (which rebuild the map on the stack at every call), for the three streams
 * consecutive in memory (the fast case) and in separate buffers; and the
 * inverse on each SIMD path of its column transposition (kernels/col32.h),
 * adding, setting (LTE_RM_INV_SET: a fresh HARQ buffer) and setting with
 * the 8-bit decoder input written as well; and that input alone, quantised
 * first and de-interleaved as bytes (phy/ratematch_internal.h).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "bench/bench.h"
#include "ltephy/ratematch.h"
#include "ltephy/turbo.h"
#include "phy/ratematch_internal.h"

#define RM_K 6144
#define RM_E 6918

typedef struct rm_job {
    lte_rm_turbo_plan *plan;
    int k_w;
    uint8_t d[3][RM_K + 4]; /* consecutive: d[1] == d[0] + K + 4 */
    uint8_t ds[3][RM_K + 4 + 64]; /* separate */
    uint8_t e[RM_E];
    float x[RM_E];
    float l[3][RM_K + 4];
    float ls[3][RM_K + 4 + 64];
    volatile int sink;
    lte_simd_path path;
    int8_t q[3 * (RM_K + 4)];
    int8_t scratch[3 * (RM_K + 4)];
} rm_job;

static void op_plan_run(void *arg)
{
    rm_job *j = arg;
    j->sink = lte_rm_turbo_plan_run(j->plan, j->d[0], j->d[1], j->d[2], 0, j->k_w, 0, RM_E, j->e);
}

static void op_plan_inverse(void *arg)
{
    rm_job *j = arg;
    j->sink = lte_rm_turbo_plan_inverse(j->plan, j->x, RM_E, 0, j->k_w, 0, j->l[0], j->l[1],
                                        j->l[2]);
}

static void op_plan_run_sep(void *arg)
{
    rm_job *j = arg;
    j->sink =
        lte_rm_turbo_plan_run(j->plan, j->ds[0], j->ds[1], j->ds[2], 0, j->k_w, 0, RM_E, j->e);
}

static void op_plan_inverse_sep(void *arg)
{
    rm_job *j = arg;
    j->sink = lte_rm_turbo_plan_inverse(j->plan, j->x, RM_E, 0, j->k_w, 0, j->ls[0], j->ls[1],
                                        j->ls[2]);
}

static void op_inverse_ex_add(void *arg)
{
    rm_job *j = arg;
    j->sink = lte_rm_turbo_plan_inverse_ex(j->plan, j->x, RM_E, 0, j->k_w, 0, 0, j->path,
                                           j->l[0], j->l[1], j->l[2], NULL, 0.0f);
}

static void op_inverse_ex_set(void *arg)
{
    rm_job *j = arg;
    j->sink = lte_rm_turbo_plan_inverse_ex(j->plan, j->x, RM_E, 0, j->k_w, 0, LTE_RM_INV_SET,
                                           j->path, j->l[0], j->l[1], j->l[2], NULL, 0.0f);
}

static void op_inverse_ex_set_q8(void *arg)
{
    rm_job *j = arg; /* streams consecutive: l[1] == l[0] + K + 4 */
    j->sink = lte_rm_turbo_plan_inverse_ex(j->plan, j->x, RM_E, 0, j->k_w, 0, LTE_RM_INV_SET,
                                           j->path, j->l[0], j->l[1], j->l[2], j->q, 4.0f);
}

static void op_inverse_q8(void *arg)
{
    rm_job *j = arg; /* the 8-bit decoder input of a fresh block, as bytes */
    j->sink = lte_rm_turbo_plan_inverse_q8(j->plan, j->x, RM_E, 0, j->k_w, 0, 4.0f, j->path,
                                           j->scratch, j->q, NULL);
}

static void op_run(void *arg)
{
    rm_job *j = arg;
    j->sink = lte_rm_turbo(j->d[0], j->d[1], j->d[2], RM_K, 0, j->k_w, 0, RM_E, j->e);
}

static void op_inverse(void *arg)
{
    rm_job *j = arg;
    j->sink = lte_rm_turbo_inverse(j->x, RM_E, RM_K, 0, j->k_w, 0, j->l[0], j->l[1], j->l[2]);
}

static rm_job *job_create(lte_bench_ctx *ctx)
{
    rm_job *j = calloc(1, sizeof *j);
    if (!j || lte_rm_turbo_plan_create(RM_K, &j->plan) < 0 ||
        lte_rm_turbo_kw(RM_K, NULL, &j->k_w) < 0) {
        lte_bench_fail(ctx, "set-up failed");
        if (j)
            lte_rm_turbo_plan_destroy(j->plan);
        free(j);
        return NULL;
    }
    j->path = ctx->path;
    uint32_t seed = 0x13579bdu;
    for (int s = 0; s < 3; s++)
        for (int i = 0; i < RM_K + 4; i++) {
            seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
            j->d[s][i] = j->ds[s][i] = (uint8_t)(seed & 1);
        }
    for (int i = 0; i < RM_E; i++)
        j->x[i] = (i & 1) ? 0.5f : -0.25f; /* values do not matter; stay finite */
    return j;
}

static void bench_ratematch_turbo(lte_bench_ctx *ctx)
{
    rm_job *j = job_create(ctx);
    if (!j)
        return;
    static const struct {
        void (*op)(void *);
        const char *name, *streams;
    } impl[] = {{op_plan_run, "rm_turbo_plan", "consecutive"},
                {op_plan_run_sep, "rm_turbo_plan", "separate"},
                {op_plan_inverse, "rm_turbo_plan_inverse", "consecutive"},
                {op_plan_inverse_sep, "rm_turbo_plan_inverse", "separate"},
                {op_run, "rm_turbo", "consecutive"},
                {op_inverse, "rm_turbo_inverse", "consecutive"}};
    for (size_t m = 0; m < sizeof impl / sizeof impl[0]; m++) {
        double t = lte_bench_time(ctx, impl[m].op, j);
        lte_bench_result(ctx, impl[m].name, t * 1e6, "us", "K=%d E=%d rv=0 streams=%s", RM_K,
                         RM_E, impl[m].streams);
    }
    lte_rm_turbo_plan_destroy(j->plan);
    free(j);
}

LTE_BENCH(ratematch_turbo, 0, bench_ratematch_turbo)

static void bench_ratematch_turbo_inverse(lte_bench_ctx *ctx)
{
    rm_job *j = job_create(ctx);
    if (!j)
        return;
    double t = lte_bench_time(ctx, op_inverse_ex_add, j);
    lte_bench_result(ctx, "rm_turbo_inverse_ex_add", t * 1e6, "us", "K=%d E=%d rv=0", RM_K, RM_E);
    t = lte_bench_time(ctx, op_inverse_ex_set, j);
    lte_bench_result(ctx, "rm_turbo_inverse_ex_set", t * 1e6, "us", "K=%d E=%d rv=0", RM_K, RM_E);
    t = lte_bench_time(ctx, op_inverse_ex_set_q8, j);
    lte_bench_result(ctx, "rm_turbo_inverse_ex_set_q8", t * 1e6, "us", "K=%d E=%d rv=0", RM_K,
                     RM_E);
    t = lte_bench_time(ctx, op_inverse_q8, j);
    lte_bench_result(ctx, "rm_turbo_inverse_q8", t * 1e6, "us", "K=%d E=%d rv=0", RM_K, RM_E);
    lte_rm_turbo_plan_destroy(j->plan);
    free(j);
}
LTE_BENCH(ratematch_turbo_inverse, 1, bench_ratematch_turbo_inverse)
