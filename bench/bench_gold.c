/* Benchmarks of the Gold sequence generator (36.211 §7.2) over 10^5 bits.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "bench/bench.h"
#include "ltephy/gold.h"

#define NBITS 100000
#define CINIT 0x1234567u

typedef struct gold_job {
    lte_simd_path path;
    uint8_t bits[NBITS];
    uint8_t bytes[NBITS / 8];
    float llr[NBITS];
} gold_job;

static void op_bits(void *arg)
{
    gold_job *j = arg;
    lte_gold_bits_path(CINIT, NBITS, j->path, j->bits);
}

static void op_scramble(void *arg)
{
    gold_job *j = arg;
    lte_gold_scramble_bits_path(CINIT, j->bits, NBITS, j->path, j->bits);
}

static void op_llr(void *arg)
{
    gold_job *j = arg;
    lte_gold_descramble_llr_path(CINIT, j->llr, NBITS, j->path);
}

static void op_bytes(void *arg)
{
    gold_job *j = arg;
    lte_gold_bytes_path(CINIT, NBITS, j->path, j->bytes);
}

static void op_ref(void *arg) { lte_gold_bits_ref(CINIT, NBITS, ((gold_job *)arg)->bits); }
static void op_short(void *arg) { lte_gold_bits_path(CINIT, 64, LTE_SIMD_SCALAR, ((gold_job *)arg)->bits); }

static void run(lte_bench_ctx *ctx, const char *name, void (*op)(void *), int n)
{
    gold_job *j = calloc(1, sizeof *j);
    if (!j) {
        lte_bench_fail(ctx, "out of memory");
        return;
    }
    j->path = ctx->path;
    double t = lte_bench_time(ctx, op, j);
    lte_bench_result(ctx, name, t * 1e6, "us", "bits=%d", n);
    free(j);
}

/* expansion into bits and packed bytes, scrambling, soft descrambling: per
 * path (generation is fused with each, so each includes it) */
static void bench_gold_path(lte_bench_ctx *ctx)
{
    run(ctx, "gold_bits", op_bits, NBITS);
    run(ctx, "gold_bytes", op_bytes, NBITS);
    run(ctx, "gold_scramble_bits", op_scramble, NBITS);
    run(ctx, "gold_descramble_llr", op_llr, NBITS);
}

/* the bit-serial reference, and the fixed set-up cost (initial state +
 * 1600-bit skip) seen by a 64-bit request */
static void bench_gold(lte_bench_ctx *ctx)
{
    run(ctx, "gold_bits_ref", op_ref, NBITS);
    run(ctx, "gold_bits_setup", op_short, 64);
}

LTE_BENCH(gold_path, 1, bench_gold_path)
LTE_BENCH(gold, 0, bench_gold)
