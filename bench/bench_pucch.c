/* Benchmarks of the uplink control receivers: PUCCH format 1a detection with
 * DTX metric, format 3 decoding, alone and with DTX detection (36.211
 * §5.4.1, §5.4.2A), per subframe and user, 2 RX antennas, and the SRS LS
 * estimate with timing, plain and with cyclic-shift windowing (§5.5.3), at
 * 20 MHz full-band sounding.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "ltephy/pucch.h"
#include "ltephy/srs.h"

typedef struct pucch_job {
    lte_pucch_cfg cfg;
    float complex ant[2][14 * 12];
    int O;
    lte_srs_cfg srs;
    float complex sym[100 * 12];
    float complex h[600];
} pucch_job;

static void op_f1a(void *arg)
{
    pucch_job *j = arg;
    const float complex *rx[2] = {j->ant[0], j->ant[1]};
    uint8_t bit;
    float met;
    lte_pucch1_detect_dtx(&j->cfg, LTE_PUCCH_F1A, 5, 3, rx, 2, 0.1f, &bit, &met);
}

static void op_f3(void *arg)
{
    pucch_job *j = arg;
    const float complex *rx[2] = {j->ant[0], j->ant[1]};
    uint8_t o[LTE_PUCCH3_OMAX];
    lte_pucch3_decode(&j->cfg, 2, 3, rx, 2, 0.1f, j->O, o);
}

static void op_f3_dtx(void *arg)
{
    pucch_job *j = arg; /* the decode above, then the DTX metric of its message */
    const float complex *rx[2] = {j->ant[0], j->ant[1]};
    uint8_t o[LTE_PUCCH3_OMAX];
    float met;
    lte_pucch3_detect_dtx(&j->cfg, 2, 3, rx, 2, 0.1f, j->O, o, &met);
}

static void op_srs(void *arg)
{
    pucch_job *j = arg;
    double tau;
    lte_srs_estimate(&j->srs, 0, 0, 7, 1.0f, j->sym, j->h, &tau);
}

static void op_srs_w(void *arg)
{
    pucch_job *j = arg;
    double tau;
    lte_srs_estimate_windowed(&j->srs, 0, 0, 7, 1.0f, j->sym, j->h, &tau);
}

static void bench_pucch(lte_bench_ctx *ctx)
{
    pucch_job *j = calloc(1, sizeof *j);
    if (!j) {
        lte_bench_fail(ctx, "out of memory");
        return;
    }
    j->cfg = (lte_pucch_cfg){.cell_id = 1, .cp = LTE_CP_NORMAL, .delta_shift = 2, .n_cs1 = 0,
                             .n_rb2 = 1, .n_rb_ul = 50, .rnti = 100};
    uint8_t ack = 1;
    int prb[2];
    if (lte_pucch_encode(&j->cfg, LTE_PUCCH_F1A, 5, 3, &ack, j->ant[0], prb) < 0) {
        lte_bench_fail(ctx, "lte_pucch_encode failed");
        free(j);
        return;
    }
    memcpy(j->ant[1], j->ant[0], sizeof j->ant[0]);
    double t = lte_bench_time(ctx, op_f1a, j);
    lte_bench_result(ctx, "pucch1a_detect", t * 1e6, "us", "n_rx=2");

    static const int sizes[3] = {4, 11, 20};
    for (int i = 0; i < 3; i++) {
        uint8_t o[LTE_PUCCH3_OMAX] = {1, 0, 1, 1, 0, 1}, b[LTE_PUCCH3_BITS];
        j->O = sizes[i];
        lte_pucch3_code(o, j->O, b);
        lte_pucch3_encode(&j->cfg, 2, 3, b, j->ant[0], prb);
        memcpy(j->ant[1], j->ant[0], sizeof j->ant[0]);
        t = lte_bench_time(ctx, op_f3, j);
        lte_bench_result(ctx, "pucch3_decode", t * 1e6, "us", "n_rx=2 O=%d", j->O);
        t = lte_bench_time(ctx, op_f3_dtx, j);
        lte_bench_result(ctx, "pucch3_detect_dtx", t * 1e6, "us", "n_rx=2 O=%d", j->O);
    }

    j->srs = (lte_srs_cfg){.rs = {.cell_id = 1, .cp = LTE_CP_NORMAL}, .n_rb_ul = 100,
                           .c_srs = 0, .b_srs = 0, .b_hop = 3, .n_cs = 3};
    if (lte_srs_map(&j->srs, 0, 0, 7, 1.0f, j->sym, NULL) < 0) {
        lte_bench_fail(ctx, "lte_srs_map failed");
        free(j);
        return;
    }
    t = lte_bench_time(ctx, op_srs, j);
    lte_bench_result(ctx, "srs_estimate", t * 1e6, "us", "n_rb=100 m_srs=96");
    t = lte_bench_time(ctx, op_srs_w, j);
    lte_bench_result(ctx, "srs_estimate_windowed", t * 1e6, "us", "n_rb=100 m_srs=96");
    free(j);
}

LTE_BENCH(pucch_srs, 0, bench_pucch)
