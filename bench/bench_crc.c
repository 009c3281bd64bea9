/* Benchmarks of the CRCs (36.212 §5.1.1) on the largest turbo code block,
 * 6144 bits, per SIMD path, packed (lte_crc_bytes) and unpacked
 * (lte_crc_bits_path).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "bench/bench.h"
#include "ltephy/crc.h"

#define NBITS 6144

typedef struct crc_job {
    lte_crc_type type;
    lte_simd_path path;
    uint8_t bytes[NBITS / 8];
    uint8_t bits[NBITS];
    volatile uint32_t sink;
} crc_job;

static void op_bytes(void *arg)
{
    crc_job *j = arg;
    uint32_t c;
    lte_crc_bytes(j->type, j->bytes, NBITS, j->path, &c);
    j->sink = c;
}

static void op_bits(void *arg)
{
    crc_job *j = arg;
    uint32_t c;
    lte_crc_bits_path(j->type, j->bits, NBITS, j->path, &c);
    j->sink = c;
}

static crc_job *job_new(void)
{
    crc_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    uint32_t s = 0x12345678u; /* xorshift32: deterministic data */
    for (int i = 0; i < NBITS / 8; i++) {
        s ^= s << 13, s ^= s >> 17, s ^= s << 5;
        j->bytes[i] = (uint8_t)s;
    }
    for (int i = 0; i < NBITS; i++)
        j->bits[i] = (j->bytes[i / 8] >> (7 - i % 8)) & 1;
    return j;
}

static void bench_crc_bytes(lte_bench_ctx *ctx)
{
    static const struct {
        lte_crc_type type;
        const char *name;
    } crcs[] = {{LTE_CRC24A, "crc24a"}, {LTE_CRC24B, "crc24b"}, {LTE_CRC16, "crc16"}};
    crc_job *j = job_new();
    if (!j) {
        lte_bench_fail(ctx, "out of memory");
        return;
    }
    j->path = ctx->path;
    for (size_t k = 0; k < sizeof crcs / sizeof crcs[0]; k++) {
        j->type = crcs[k].type;
        double t = lte_bench_time(ctx, op_bytes, j);
        lte_bench_result(ctx, crcs[k].name, t * 1e6, "us", "bits=%d packed=1", NBITS);
        lte_bench_result(ctx, crcs[k].name, NBITS / t * 1e-9, "Gbit/s", "bits=%d packed=1",
                         NBITS);
    }
    free(j);
}

static void bench_crc_bits(lte_bench_ctx *ctx)
{
    crc_job *j = job_new();
    if (!j) {
        lte_bench_fail(ctx, "out of memory");
        return;
    }
    j->type = LTE_CRC24A;
    j->path = ctx->path;
    double t = lte_bench_time(ctx, op_bits, j);
    lte_bench_result(ctx, "crc24a_unpacked", t * 1e6, "us", "bits=%d packed=0", NBITS);
    lte_bench_result(ctx, "crc24a_unpacked", NBITS / t * 1e-9, "Gbit/s", "bits=%d packed=0",
                     NBITS);
    free(j);
}

LTE_BENCH(crc_bytes, 1, bench_crc_bytes)
LTE_BENCH(crc_bits, 1, bench_crc_bits)
