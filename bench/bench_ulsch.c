/* Benchmarks of the uplink shared channel's own stages: transform precoding
 * of a 100-PRB subframe (12 SC-FDMA data symbols of 1200 points, 36.211
 * §5.3.3) both ways, and the channel (de)interleaver with UCI of a 100-PRB
 * 64QAM subframe (36.212 §5.2.2.8: 86400 coded bits).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <stdlib.h>

#include "bench.h"
#include "kernels/internal.h"
#include "ltephy/transform_precoding.h"
#include "ltephy/ulsch.h"

#define MRB 100
#define NSYMB 12

typedef struct tp_arg {
    lte_tprec *tp;
    float complex *x, *z;
    int inverse;
} tp_arg;

static void op_tprec(void *p)
{
    tp_arg *a = p;
    if (a->inverse)
        lte_tprec_inverse(a->tp, MRB, NSYMB, a->z, a->x);
    else
        lte_tprec_forward(a->tp, MRB, NSYMB, a->x, a->z);
}

static void bench_tprec(lte_bench_ctx *ctx)
{
    size_t n = 12 * MRB * NSYMB;
    tp_arg a = {NULL, lte_alloc(n * sizeof(float complex)), lte_alloc(n * sizeof(float complex)),
                0};
    if (!a.x || !a.z || lte_tprec_create(0, &a.tp) < 0) {
        lte_bench_fail(ctx, "set-up failed");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        a.x[i] = (float)((i * 2654435761u) % 1000) / 500.0f - 1.0f +
                 I * ((float)((i * 40503u) % 1000) / 500.0f - 1.0f);
    for (a.inverse = 0; a.inverse <= 1; a.inverse++) {
        double t = lte_bench_time(ctx, op_tprec, &a);
        lte_bench_result(ctx, a.inverse ? "tprec_inverse" : "tprec_forward", t * 1e6, "us",
                         "m_rb=%d symbols=%d dft=%d", MRB, NSYMB, 12 * MRB);
    }
out:
    lte_tprec_destroy(a.tp);
    lte_free(a.x);
    lte_free(a.z);
}
LTE_BENCH(ulsch_tprec, 0, bench_tprec)

typedef struct il_arg {
    lte_ulsch_sizes s;
    uint8_t *f, *qc, *qr, *qa, *h;
    float *llr, *lf, *lc, *lr, *la;
} il_arg;

static void op_deinterleave(void *p)
{
    il_arg *a = p;
    lte_ulsch_deinterleave(&a->s, a->llr, a->lf, a->lc, a->lr, a->la);
}

static void op_interleave(void *p)
{
    il_arg *a = p;
    lte_ulsch_interleave(&a->s, a->f, a->qc, a->qr, a->qa, a->h);
}

/* 100 PRB, 64QAM, normal CP, no SRS, I_TBS 19 (TBS 43816), 2-bit HARQ-ACK,
 * 1-bit RI, 20-bit CQI (CRC8 + TBCC), mid-range offsets. */
static void bench_interleaver(lte_bench_ctx *ctx)
{
    lte_ulsch_cfg cfg = {MRB, 0, 0, 6, 43816, 0, 2, 1, 20, 8, 6, 9, 0, 0, 0};
    il_arg a = {0};
    if (lte_ulsch_sizes_get(&cfg, &a.s) < 0) {
        lte_bench_fail(ctx, "sizes failed");
        return;
    }
    size_t nb = (size_t)a.s.n_bits;
    a.f = lte_alloc(nb);
    a.qc = lte_alloc(nb);
    a.qr = lte_alloc(nb);
    a.qa = lte_alloc(nb);
    a.h = lte_alloc(nb);
    a.llr = lte_alloc(nb * sizeof(float));
    a.lf = lte_alloc(nb * sizeof(float));
    a.lc = lte_alloc(nb * sizeof(float));
    a.lr = lte_alloc(nb * sizeof(float));
    a.la = lte_alloc(nb * sizeof(float));
    if (!a.f || !a.qc || !a.qr || !a.qa || !a.h || !a.llr || !a.lf || !a.lc || !a.lr || !a.la) {
        lte_bench_fail(ctx, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nb; i++)
        a.llr[i] = (float)((int)((i * 2654435761u) >> 24) - 128);
    double t = lte_bench_time(ctx, op_deinterleave, &a);
    lte_bench_result(ctx, "ulsch_deinterleave", t * 1e6, "us",
                     "m_rb=%d q_m=6 bits=%d ack_sym=%d ri_sym=%d cqi_sym=%d", MRB, a.s.n_bits,
                     a.s.q_ack_sym, a.s.q_ri_sym, a.s.q_cqi_sym);
    t = lte_bench_time(ctx, op_interleave, &a);
    lte_bench_result(ctx, "ulsch_interleave", t * 1e6, "us", "m_rb=%d q_m=6 bits=%d", MRB,
                     a.s.n_bits);
out:
    lte_free(a.f);
    lte_free(a.qc);
    lte_free(a.qr);
    lte_free(a.qa);
    lte_free(a.h);
    lte_free(a.llr);
    lte_free(a.lf);
    lte_free(a.lc);
    lte_free(a.lr);
    lte_free(a.la);
}
LTE_BENCH(ulsch_interleaver, 0, bench_interleaver)
