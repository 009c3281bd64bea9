/* ltephy benchmark harness (in the spirit of VOLK's profiler).
 *
 * A benchmark file defines one or more functions and registers each with
 * LTE_BENCH(name, per_path, fn). `ltephy bench [FILTER...]` runs every
 * benchmark whose name contains one of the filters, once per requested SIMD
 * path (per_path = 0 means the code has no SIMD variants: it runs once and
 * reports path "n/a"). Inside, a benchmark prepares its data, times an
 * operation with lte_bench_time() (warm-up, calibrated batches, median, or
 * with --stat min the minimum, of repetitions) and reports one or more results with lte_bench_result().
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_BENCH_H
#define LTEPHY_BENCH_H

#include "ltephy/simd.h"

typedef struct lte_bench_ctx {
    lte_simd_path path; /* concrete path for this run (SCALAR for per_path = 0 benches) */
    int threads;        /* --threads N (default 1) */
    int quick;          /* --quick: few repetitions, for smoke tests */
    int failed;         /* set by a benchmark that could not run */
    const char *bench_name;
    int stat_min;       /* --stat min: the fastest repetition instead of the median */
} lte_bench_ctx;

typedef void (*lte_bench_fn)(lte_bench_ctx *ctx);

typedef struct lte_bench_def {
    const char *name;
    int per_path;
    lte_bench_fn fn;
    struct lte_bench_def *next;
} lte_bench_def;

void lte_bench_register(lte_bench_def *def);

#define LTE_BENCH(id, per_path_, fn_)                                                  \
    static lte_bench_def lte_bench_def_##id = {#id, per_path_, fn_, 0};                \
    __attribute__((constructor)) static void lte_bench_reg_##id(void)                  \
    {                                                                                  \
        lte_bench_register(&lte_bench_def_##id);                                       \
    }

/* Wall time in seconds of one call of op(arg): the median of the timed
 * repetitions, or their minimum with --stat min (steadier on a shared
 * machine: interference only ever adds time). */
double lte_bench_time(lte_bench_ctx *ctx, void (*op)(void *arg), void *arg);

/* Report a result. params: space-separated key=value pairs (printf format),
 * e.g. "k=%d iterations=%d"; numeric values become JSON numbers. */
void lte_bench_result(lte_bench_ctx *ctx, const char *name, double value, const char *unit,
                      const char *params_fmt, ...) __attribute__((format(printf, 5, 6)));

/* Report that this benchmark could not run (message printed to stderr). */
void lte_bench_fail(lte_bench_ctx *ctx, const char *msg);

/* Entry point used by `ltephy bench`. Returns a process exit code. */
int lte_bench_main(int argc, char **argv);

#endif
