/* The benchmark harness behind `ltephy bench`.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h> /* access, sysconf */
#ifdef _OPENMP
#include <omp.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "bench.h"
#include "ltephy/error.h"
#include "ltephy/fft.h"
#include "ltephy/simd.h"
#include "ltephy/version.h"

static lte_bench_def *registry; /* written only by constructors, before main */
static int json_out;
static int stat_min; /* --stat min, for the JSON lines */

void lte_bench_register(lte_bench_def *def)
{
    /* keep registration order stable: append, sorted by name for display */
    lte_bench_def **pp = &registry;
    while (*pp && strcmp((*pp)->name, def->name) < 0)
        pp = &(*pp)->next;
    def->next = *pp;
    *pp = def;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double lte_bench_time(lte_bench_ctx *ctx, void (*op)(void *), void *arg)
{
    const double target = ctx->quick ? 2e-4 : 5e-3; /* seconds per repetition */
    const int reps = ctx->quick ? 3 : 21;
    /* warm-up and calibration: double the batch until it lasts `target` */
    long batch = 1;
    for (;;) {
        double t0 = now();
        for (long i = 0; i < batch; i++)
            op(arg);
        double dt = now() - t0;
        if (dt >= target || batch >= (1L << 30))
            break;
        batch *= (dt < target / 16) ? 8 : 2;
    }
    double samples[64];
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (long i = 0; i < batch; i++)
            op(arg);
        samples[r] = (now() - t0) / (double)batch;
    }
    qsort(samples, (size_t)reps, sizeof samples[0], cmp_double);
    return ctx->stat_min ? samples[0] : samples[reps / 2];
}

static int is_number(const char *s)
{
    char *end;
    if (!*s)
        return 0;
    strtod(s, &end);
    return *end == '\0';
}

void lte_bench_result(lte_bench_ctx *ctx, const char *name, double value, const char *unit,
                      const char *params_fmt, ...)
{
    char params[512] = "";
    if (params_fmt) {
        va_list ap;
        va_start(ap, params_fmt);
        vsnprintf(params, sizeof params, params_fmt, ap);
        va_end(ap);
    }
    const char *path = ctx->path == LTE_SIMD_AUTO ? "n/a"
                                                                     : lte_simd_name(ctx->path);
    if (!json_out) {
        printf("%-30s %-7s %-44s %12.3f %-8s %d\n", name, path, params, value, unit,
               ctx->threads);
        fflush(stdout);
        return;
    }
    printf("{\"name\":\"%s\",\"path\":\"%s\",\"params\":{", name, path);
    char buf[512];
    snprintf(buf, sizeof buf, "%s", params);
    int first = 1;
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
        char *eq = strchr(tok, '=');
        if (!eq)
            continue;
        *eq = '\0';
        printf("%s\"%s\":", first ? "" : ",", tok);
        if (is_number(eq + 1))
            printf("%s", eq + 1);
        else
            printf("\"%s\"", eq + 1);
        first = 0;
    }
    printf("},\"value\":%.6g,\"unit\":\"%s\",\"stat\":\"%s\",\"threads\":%d}\n", value, unit,
           stat_min ? "min" : "median", ctx->threads);
    fflush(stdout);
}

/* ---- the machine the figures come from -------------------------------------
 * Figures are only comparable with the CPU, the SIMD paths, the FFTW build
 * and the compiler that produced them, so every run states them first: a
 * '#' line before the table, or a {"machine": ...} line before the JSON
 * results. */
typedef struct machine {
    char cpu[64];     /* the CPUID brand string, or "unknown" */
    int family, model; /* CPUID leaf 1, with the extended fields */
    long cpus;        /* logical CPUs online */
    char ext[96];     /* the optional features some AVX-512 kernels check */
} machine;

static void machine_read(machine *m)
{
    snprintf(m->cpu, sizeof m->cpu, "unknown");
    m->family = m->model = -1;
    m->ext[0] = '\0';
#if defined(__x86_64__) || defined(__i386__)
    unsigned a, b, c, d, brand[12];
    if (__get_cpuid_max(0x80000000u, NULL) >= 0x80000004u) {
        for (unsigned i = 0; i < 3; i++)
            __get_cpuid(0x80000002u + i, &brand[4 * i], &brand[4 * i + 1], &brand[4 * i + 2],
                        &brand[4 * i + 3]);
        char t[49];
        memcpy(t, brand, 48);
        t[48] = '\0';
        char *p = t, *e = t + strlen(t);
        while (*p == ' ')
            p++;
        while (e > p && e[-1] == ' ')
            *--e = '\0';
        if (*p)
            snprintf(m->cpu, sizeof m->cpu, "%s", p);
    }
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        int fam = (int)((a >> 8) & 0xf), mod = (int)((a >> 4) & 0xf);
        if (fam == 0xf)
            fam += (int)((a >> 20) & 0xff);
        if (fam == 6 || fam >= 0xf)
            mod |= (int)((a >> 16) & 0xf) << 4;
        m->family = fam;
        m->model = mod;
    }
    static const char *const names[] = {"avx512vbmi", "avx512vbmi2", "avx512bitalg", "gfni",
                                        "vpclmulqdq"};
    const int has[] = {__builtin_cpu_supports("avx512vbmi"), __builtin_cpu_supports("avx512vbmi2"),
                       __builtin_cpu_supports("avx512bitalg"), __builtin_cpu_supports("gfni"),
                       __builtin_cpu_supports("vpclmulqdq")};
    size_t o = 0;
    for (size_t i = 0; i < sizeof has / sizeof has[0]; i++)
        if (has[i])
            o += (size_t)snprintf(m->ext + o, sizeof m->ext - o, "%s%s", o ? " " : "", names[i]);
#endif
    m->cpus = sysconf(_SC_NPROCESSORS_ONLN);
}

#if defined(__clang__)
#define COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define COMPILER "gcc " __VERSION__
#else
#define COMPILER "unknown"
#endif

static void machine_print(void)
{
    machine m;
    machine_read(&m);
    char paths[40] = "";
    size_t o = 0;
    for (int p = LTE_SIMD_SCALAR; p < LTE_SIMD_NPATHS; p++)
        if (lte_simd_available((lte_simd_path)p))
            o += (size_t)snprintf(paths + o, sizeof paths - o, "%s%s", o ? " " : "",
                                  lte_simd_name((lte_simd_path)p));
    const char *def = lte_simd_name(lte_simd_default());
    if (!json_out) {
        printf("# machine: %s (family %d model %d), %ld logical CPUs; SIMD paths %s (default %s); "
               "extensions: %s; %s; %s; ltephy %s\n",
               m.cpu, m.family, m.model, m.cpus, paths, def, m.ext[0] ? m.ext : "none",
               lte_fft_library(), COMPILER, lte_version());
        return;
    }
    /* no field holds a quote or a backslash: CPUID brands, FFTW's and gcc's
     * version strings are plain text, the rest ours */
    printf("{\"machine\":{\"cpu\":\"%s\",\"family\":%d,\"model\":%d,\"cpus\":%ld,"
           "\"simd_paths\":\"%s\",\"default_path\":\"%s\",\"extensions\":\"%s\","
           "\"fftw\":\"%s\",\"compiler\":\"%s\",\"ltephy\":\"%s\"}}\n",
           m.cpu, m.family, m.model, m.cpus, paths, def, m.ext, lte_fft_library(), COMPILER,
           lte_version());
}

void lte_bench_fail(lte_bench_ctx *ctx, const char *msg)
{
    fprintf(stderr, "ltephy bench: %s: %s\n", ctx->bench_name, msg);
    ctx->failed = 1;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: ltephy bench [FILTER...] [--path scalar|avx2|avx512|all] [--threads N]\n"
            "                    [--stat median|min] [--json] [--quick] [--list]\n"
            "                    [--wisdom FILE]\n"
            "Runs every registered benchmark whose name contains a FILTER (all if none),\n"
            "on the given SIMD path (default: the active one; 'all': every path the CPU\n"
            "has), and prints the median of repeated timed runs, or with --stat min\n"
            "the fastest of them (steadier on a shared machine: interference only adds\n"
            "time; rates such as Mbit/s then come from that time too).\n"
            "Rows named *_measure use FFTW plans timed at set-up (LTE_FFT_MEASURE), which\n"
            "takes seconds per benchmark; --wisdom FILE imports FFTW wisdom from FILE if\n"
            "it exists and writes the process's wisdom back to it at the end, so that\n"
            "later runs plan at once and with the same plans.\n");
}

static int matches(const char *name, int nf, char **filters)
{
    if (nf == 0)
        return 1;
    for (int i = 0; i < nf; i++)
        if (strstr(name, filters[i]))
            return 1;
    return 0;
}

int lte_bench_main(int argc, char **argv)
{
    static const struct option opts[] = {{"path", required_argument, 0, 'p'},
                                         {"threads", required_argument, 0, 't'},
                                         {"json", no_argument, 0, 'j'},
                                         {"quick", no_argument, 0, 'q'},
                                         {"list", no_argument, 0, 'l'},
                                         {"stat", required_argument, 0, 's'},
                                         {"wisdom", required_argument, 0, 'w'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *path_arg = NULL, *wisdom = NULL;
    int threads = 1, quick = 0, list = 0, c;
    opterr = 0;
    optind = 1;
    /* options and filters in any order (GNU getopt permutes) */
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'p': path_arg = optarg; break;
        case 't': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 1024) {
                fprintf(stderr, "ltephy bench: --threads: '%s' is not a count from 1 to 1024\n",
                        optarg);
                return 2;
            }
            threads = (int)v;
            break;
        }
        case 'j': json_out = 1; break;
        case 'q': quick = 1; break;
        case 'l': list = 1; break;
        case 's':
            if (strcmp(optarg, "min") != 0 && strcmp(optarg, "median") != 0) {
                fprintf(stderr, "ltephy bench: --stat: '%s' is not median or min\n", optarg);
                return 2;
            }
            stat_min = strcmp(optarg, "min") == 0;
            break;
        case 'w': wisdom = optarg; break;
        case 'h': usage(stdout); return 0;
        default:
            fprintf(stderr, "ltephy bench: unknown option '%s'\n", argv[optind - 1]);
            usage(stderr);
            return 2;
        }
    }
    lte_simd_path paths[3];
    int npaths = 0;
    if (!path_arg) {
        lte_simd_path p;
        if (lte_simd_resolve(LTE_SIMD_AUTO, &p) < 0) {
            fprintf(stderr, "ltephy bench: %s\n", lte_errdetail());
            return 2;
        }
        paths[npaths++] = p;
    } else if (strcmp(path_arg, "all") == 0) {
        for (int p = LTE_SIMD_SCALAR; p <= LTE_SIMD_AVX512; p++)
            if (lte_simd_available((lte_simd_path)p))
                paths[npaths++] = (lte_simd_path)p;
    } else {
        lte_simd_path p;
        if (lte_simd_parse(path_arg, &p) < 0 || p == LTE_SIMD_AUTO) {
            fprintf(stderr, "ltephy bench: --path: '%s' is not scalar, avx2, avx512 or all\n",
                    path_arg);
            return 2;
        }
        if (!lte_simd_available(p)) {
            fprintf(stderr, "ltephy bench: --path: %s is not supported by this CPU\n", path_arg);
            return 2;
        }
        paths[npaths++] = p;
    }
    int nf = argc - optind;
    char **filters = argv + optind;
    if (list) {
        for (lte_bench_def *d = registry; d; d = d->next)
            if (matches(d->name, nf, filters))
                printf("%s%s\n", d->name, d->per_path ? "" : " (no SIMD variants)");
        return 0;
    }
    if (wisdom && access(wisdom, F_OK) == 0 && lte_fft_wisdom_import_file(wisdom) < 0) {
        fprintf(stderr, "ltephy bench: --wisdom: %s\n", lte_errdetail());
        return 2;
    }
#ifdef _OPENMP
    omp_set_num_threads(threads);
#endif
    machine_print();
    if (!json_out)
        printf("%-30s %-7s %-44s %12s %-8s %s\n", "benchmark", "path", "parameters",
               stat_min ? "min" : "median", "unit", "threads");
    int ran = 0, failed = 0;
    for (lte_bench_def *d = registry; d; d = d->next) {
        if (!matches(d->name, nf, filters))
            continue;
        for (int i = 0; i < (d->per_path ? npaths : 1); i++) {
            lte_bench_ctx ctx = {d->per_path ? paths[i] : LTE_SIMD_AUTO, threads, quick, 0,
                                 d->name, stat_min};
            d->fn(&ctx);
            ran++;
            failed += ctx.failed;
        }
    }
    if (ran == 0) {
        fprintf(stderr, "ltephy bench: no benchmark matches the filters\n");
        return 2;
    }
    if (wisdom && lte_fft_wisdom_export_file(wisdom) < 0) {
        fprintf(stderr, "ltephy bench: --wisdom: %s\n", lte_errdetail());
        return 2;
    }
    return failed ? 1 : 0;
}
