/* Benchmarks of turbo encoding (36.212 §5.1.3.2) with the QPP interleaver:
 * the byte-table encoder and the bit-serial reference, K = 6144 and K = 40.
 * The interleaver is computed once outside the timed call, as a real
 * transmitter would keep it.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "bench/bench.h"
#include "ltephy/tables.h"
#include "ltephy/turbo.h"

typedef struct tenc_job {
    int K;
    uint8_t c[LTE_TURBO_KMAX];
    uint8_t d[3][LTE_TURBO_KMAX + 4];
    uint16_t pi[LTE_TURBO_KMAX];
    volatile int sink;
} tenc_job;

static void op_fast(void *arg)
{
    tenc_job *j = arg;
    j->sink = lte_turbo_encode(j->c, j->K, j->pi, j->d[0], j->d[1], j->d[2]);
}

static void op_ref(void *arg)
{
    tenc_job *j = arg;
    j->sink = lte_turbo_encode_ref(j->c, j->K, j->pi, j->d[0], j->d[1], j->d[2]);
}

static void bench_turbo_enc(lte_bench_ctx *ctx)
{
    tenc_job *j = calloc(1, sizeof *j);
    if (!j) {
        lte_bench_fail(ctx, "out of memory");
        return;
    }
    static const struct {
        void (*op)(void *);
        const char *name;
    } impl[] = {{op_fast, "turbo_encode"}, {op_ref, "turbo_encode_ref"}};
    const int ks[] = {6144, 40};
    uint32_t seed = 0x2468aceu;
    for (int q = 0; q < 2; q++) {
        j->K = ks[q];
        for (int i = 0; i < j->K; i++) {
            seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
            j->c[i] = (uint8_t)(seed & 1);
        }
        if (lte_qpp_interleaver(j->K, j->pi) < 0) {
            lte_bench_fail(ctx, "lte_qpp_interleaver failed");
            break;
        }
        for (size_t m = 0; m < sizeof impl / sizeof impl[0]; m++) {
            double t = lte_bench_time(ctx, impl[m].op, j);
            lte_bench_result(ctx, impl[m].name, t * 1e6, "us", "K=%d", j->K);
            lte_bench_result(ctx, impl[m].name, j->K / t * 1e-6, "Mbit/s", "K=%d", j->K);
        }
    }
    free(j);
}

LTE_BENCH(turbo_enc, 0, bench_turbo_enc)
