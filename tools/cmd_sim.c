/* `ltephy sim`: Monte-Carlo error-rate curves.
 *
 * A mode describes what one simulated block is (`coding`: a turbo code block
 * over BPSK/AWGN). The driver around it is shared: it sweeps Eb/N0, runs
 * blocks in parallel (OpenMP), stops a point after --min-errors block errors
 * or --blocks blocks, and prints/writes the table. To add a mode (e.g.
 * `--mode link --link pdsch`), write its sim_mode (options check, per-thread
 * worker, one-block function) and add it to `modes[]`; mode-specific options
 * go into sim_opts.
 *
 * Determinism: block b of every Eb/N0 point draws its bits and noise from
 * its own stream lte_rng_seed_stream(seed, b), and the stopping rule is
 * evaluated after fixed batches of blocks, so the results do not depend on
 * the number of threads. (The same b reuses the same bits and unit noise at
 * every Eb/N0 -- common random numbers, which keep curves smooth.)
 *
 * SPDX-License-Identifier: BSD-3-Clause */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cli.h"
#include "ltephy/error.h"
#include "ltephy/rng.h"
#include "ltephy/tables.h"
#include "ltephy/turbo.h"

#define SIM_BATCH 16        /* blocks between two stopping checks */
#define SIM_MAX_POINTS 1000

typedef struct sim_opts {
    const char *mode;
    lte_turbo_alg alg;
    int K, iter;
    double ebn0_start, ebn0_step, ebn0_stop;
    long max_blocks, min_errors;
    uint64_t seed;
    int threads;
    float scale;
    const char *csv;
} sim_opts;

typedef struct sim_count {
    long bits, bit_errors, blocks, block_errors;
} sim_count;

typedef struct sim_mode {
    const char *name;
    const char *summary;
    int (*check)(const sim_opts *o);              /* 0 or 2 (message printed) */
    void *(*worker_new)(const sim_opts *o);       /* per-thread state; NULL on failure */
    void (*worker_free)(void *w);
    /* Simulate block number `block` at `ebn0_db` and add to *c. 0 or < 0. */
    int (*block)(void *w, const sim_opts *o, double ebn0_db, uint64_t block, sim_count *c);
} sim_mode;

/* ---- mode "coding": one turbo code block, BPSK over AWGN ------------------ */

typedef struct coding_worker {
    lte_turbo_dec *dec;
    uint16_t pi[LTE_TURBO_KMAX];
    uint8_t c[LTE_TURBO_KMAX], out[LTE_TURBO_KMAX];
    uint8_t d[3][LTE_TURBO_KMAX + 4];
    float l[3][LTE_TURBO_KMAX + 4];
} coding_worker;

static int coding_check(const sim_opts *o)
{
    if (lte_turbo_k_index(o->K) < 0) {
        fprintf(stderr, "ltephy sim: --k %d is not a code block size of 36.212 Table 5.1.3-3\n",
                o->K);
        return 2;
    }
    return 0;
}

static void coding_free(void *p)
{
    coding_worker *w = p;
    if (!w)
        return;
    lte_turbo_dec_destroy(w->dec);
    free(w);
}

static void *coding_new(const sim_opts *o)
{
    coding_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    lte_turbo_dec_cfg cfg = {.k_max = o->K, .alg = o->alg, .ext_scale = o->scale};
    if (lte_turbo_dec_create(&cfg, &w->dec) < 0 || lte_qpp_interleaver(o->K, w->pi) < 0) {
        coding_free(w);
        return NULL;
    }
    return w;
}

/* Rate 1/3 (nominal; the 12 tail bits are not counted): Es = R Eb, noise
 * variance per real dimension s2 = N0/2 = 1/(2 R Eb/N0) for unit-energy
 * BPSK (0 -> +1). LLR = 2y/s2. */
static int coding_block(void *p, const sim_opts *o, double ebn0_db, uint64_t block,
                        sim_count *cnt)
{
    coding_worker *w = p;
    const int K = o->K;
    const double rate = 1.0 / 3.0;
    double s2 = 1.0 / (2.0 * rate * pow(10.0, ebn0_db / 10.0));
    lte_rng r;
    lte_rng_seed_stream(&r, o->seed, block);
    lte_rng_bits(&r, w->c, K);
    int rc = lte_turbo_encode(w->c, K, w->pi, w->d[0], w->d[1], w->d[2]);
    if (rc < 0)
        return rc;
    const float sigma = (float)sqrt(s2), gain = (float)(2.0 / s2);
    for (int s = 0; s < 3; s++) {
        float *l = w->l[s];
        for (int i = 0; i < K + 4; i++)
            l[i] = w->d[s][i] ? -1.0f : 1.0f;
        lte_rng_add_gauss(&r, l, K + 4, sigma);
        for (int i = 0; i < K + 4; i++)
            l[i] *= gain;
    }
    rc = lte_turbo_dec_run(w->dec, w->l[0], w->l[1], w->l[2], K, w->pi, o->iter, NULL, NULL,
                           w->out, NULL);
    if (rc < 0)
        return rc;
    long e = 0;
    for (int k = 0; k < K; k++)
        e += w->out[k] != w->c[k];
    cnt->bits += K;
    cnt->bit_errors += e;
    cnt->blocks++;
    cnt->block_errors += e > 0;
    return 0;
}

static const sim_mode modes[] = {
    {"coding", "turbo code block (--k, --iter, --alg, --scale), BPSK over AWGN, rate 1/3",
     coding_check, coding_new, coding_free, coding_block},
};

/* ---- driver ---------------------------------------------------------------- */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: ltephy sim --mode MODE [OPTIONS]\n\n"
            "Monte-Carlo bit and block error rates over a range of Eb/N0.\n\n"
            "modes:\n");
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        fprintf(f, "  %-10s %s\n", modes[i].name, modes[i].summary);
    fprintf(f,
            "\noptions:\n"
            "  --mode MODE          what one block is (default coding)\n"
            "  --alg logmap|maxlog  turbo decoding algorithm (default logmap)\n"
            "  --k K                code block size, from 36.212 Table 5.1.3-3 (default 6144)\n"
            "  --iter N             turbo iterations, no early stopping (default 8)\n"
            "  --scale X            extrinsic scaling in (0, 1] (default 1.0)\n"
            "  --ebn0 A:STEP:B      Eb/N0 points in dB, or a single value (default 0:0.25:1.5)\n"
            "  --blocks N           at most N blocks per point (default 1000)\n"
            "  --min-errors N       end a point after N block errors; 0 = run all blocks\n"
            "                       (default 100; checked every %d blocks)\n"
            "  --seed S             master seed; block b uses stream b (default 1)\n"
            "  --threads N          OpenMP threads (default: all); results do not depend on it\n"
            "  --csv FILE           also write the table as CSV (atomically)\n"
            "  --help               this text\n",
            SIM_BATCH);
}

static int parse_ebn0(const char *s, sim_opts *o)
{
    char *end;
    double a = strtod(s, &end), step = 1.0, b = a;
    if (end == s)
        return -1;
    if (*end == ':') {
        const char *p = end + 1;
        step = strtod(p, &end);
        if (end == p || *end != ':')
            return -1;
        p = end + 1;
        b = strtod(p, &end);
        if (end == p)
            return -1;
    }
    if (*end || !isfinite(a) || !isfinite(b) || !isfinite(step) || step <= 0 || b < a ||
        (b - a) / step >= SIM_MAX_POINTS)
        return -1;
    o->ebn0_start = a;
    o->ebn0_step = step;
    o->ebn0_stop = b;
    return 0;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One Eb/N0 point: batches of SIM_BATCH blocks spread over the threads. */
static int run_point(const sim_mode *m, void **workers, const sim_opts *o, double ebn0,
                     sim_count *tot)
{
    memset(tot, 0, sizeof *tot);
    int failed = 0;
    for (long first = 0; first < o->max_blocks; first += SIM_BATCH) {
        long last = first + SIM_BATCH < o->max_blocks ? first + SIM_BATCH : o->max_blocks;
        long bits = 0, bit_errors = 0, blocks = 0, block_errors = 0;
#pragma omp parallel for schedule(dynamic) num_threads(o->threads) \
    reduction(+ : bits, bit_errors, blocks, block_errors, failed)
        for (long b = first; b < last; b++) {
            int t = 0;
#ifdef _OPENMP
            t = omp_get_thread_num();
#endif
            sim_count c = {0, 0, 0, 0};
            if (m->block(workers[t], o, ebn0, (uint64_t)b, &c) < 0)
                failed++;
            bits += c.bits;
            bit_errors += c.bit_errors;
            blocks += c.blocks;
            block_errors += c.block_errors;
        }
        if (failed)
            return -1;
        tot->bits += bits;
        tot->bit_errors += bit_errors;
        tot->blocks += blocks;
        tot->block_errors += block_errors;
        if (o->min_errors > 0 && tot->block_errors >= o->min_errors)
            break;
    }
    return 0;
}

static const char *alg_name(lte_turbo_alg a) { return a == LTE_TURBO_LOG_MAP ? "logmap" : "maxlog"; }

static int sim_run(const sim_mode *m, const sim_opts *o)
{
    int npoints = (int)floor((o->ebn0_stop - o->ebn0_start) / o->ebn0_step + 1e-9) + 1;
    void **workers = calloc((size_t)o->threads, sizeof *workers);
    size_t cap = 256 + (size_t)npoints * 160;
    char *csv = malloc(cap);
    if (!workers || !csv) {
        free(workers);
        free(csv);
        fprintf(stderr, "ltephy sim: out of memory\n");
        return 1;
    }
    int rc = 0;
    for (int t = 0; t < o->threads && rc == 0; t++)
        if (!(workers[t] = m->worker_new(o))) {
            fprintf(stderr, "ltephy sim: cannot set up the %s mode: %s\n", m->name,
                    lte_errdetail());
            rc = 1;
        }
    size_t len = 0;
    len += (size_t)snprintf(csv + len, cap - len,
                            "mode,alg,k,iter,scale,seed,ebn0_db,ber,fer,blocks,bit_errors,"
                            "block_errors\n");
    if (rc == 0) {
        printf("# ltephy sim --mode %s --alg %s --k %d --iter %d --scale %g --seed %llu "
               "(threads %d)\n", m->name, alg_name(o->alg), o->K, o->iter, (double)o->scale,
               (unsigned long long)o->seed, o->threads);
        printf("%8s %12s %12s %8s %12s %8s %8s\n", "Eb/N0", "BER", "FER", "blocks", "bit_errors",
               "blk_err", "time_s");
        fflush(stdout);
    }
    for (int i = 0; i < npoints && rc == 0; i++) {
        double ebn0 = o->ebn0_start + i * o->ebn0_step;
        sim_count c;
        double t0 = now_s();
        if (run_point(m, workers, o, ebn0, &c) < 0) {
            fprintf(stderr, "ltephy sim: a block failed: %s\n", lte_errdetail());
            rc = 1;
            break;
        }
        double ber = c.bits ? (double)c.bit_errors / (double)c.bits : 0.0;
        double fer = c.blocks ? (double)c.block_errors / (double)c.blocks : 0.0;
        printf("%8.3f %12.4e %12.4e %8ld %12ld %8ld %8.1f\n", ebn0, ber, fer, c.blocks,
               c.bit_errors, c.block_errors, now_s() - t0);
        fflush(stdout);
        len += (size_t)snprintf(csv + len, cap - len, "%s,%s,%d,%d,%g,%llu,%.4f,%.6e,%.6e,%ld,%ld,%ld\n",
                                m->name, alg_name(o->alg), o->K, o->iter, (double)o->scale,
                                (unsigned long long)o->seed, ebn0, ber, fer, c.blocks,
                                c.bit_errors, c.block_errors);
    }
    if (rc == 0 && o->csv && lte_cli_write_file(o->csv, csv, len) < 0) {
        fprintf(stderr, "ltephy sim: %s\n", lte_errdetail());
        rc = 1;
    }
    for (int t = 0; t < o->threads; t++)
        if (workers[t])
            m->worker_free(workers[t]);
    free(workers);
    free(csv);
    return rc;
}

static int cmd_sim(int argc, char **argv)
{
    sim_opts o = {.mode = "coding", .alg = LTE_TURBO_LOG_MAP, .K = 6144, .iter = 8,
                  .ebn0_start = 0.0, .ebn0_step = 0.25, .ebn0_stop = 1.5, .max_blocks = 1000,
                  .min_errors = 100, .seed = 1, .threads = 1, .scale = 1.0f, .csv = NULL};
#ifdef _OPENMP
    o.threads = omp_get_max_threads();
#endif
    static const struct option opts[] = {
        {"mode", required_argument, 0, 'm'},   {"alg", required_argument, 0, 'a'},
        {"k", required_argument, 0, 'k'},      {"iter", required_argument, 0, 'i'},
        {"ebn0", required_argument, 0, 'e'},   {"blocks", required_argument, 0, 'b'},
        {"min-errors", required_argument, 0, 'n'}, {"seed", required_argument, 0, 's'},
        {"threads", required_argument, 0, 't'}, {"scale", required_argument, 0, 'x'},
        {"csv", required_argument, 0, 'c'},    {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    opterr = 0;
    optind = 1;
    int ch;
    long v = 0;
    while ((ch = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        const char *bad = NULL;
        switch (ch) {
        case 'm': o.mode = optarg; break;
        case 'a':
            if (!strcmp(optarg, "logmap"))
                o.alg = LTE_TURBO_LOG_MAP;
            else if (!strcmp(optarg, "maxlog"))
                o.alg = LTE_TURBO_MAX_LOG_MAP;
            else
                bad = "--alg (logmap or maxlog)";
            break;
        case 'k':
            if (parse_long(optarg, 1, LTE_TURBO_KMAX, &v) < 0)
                bad = "--k";
            o.K = (int)v;
            break;
        case 'i':
            if (parse_long(optarg, 1, 64, &v) < 0)
                bad = "--iter (1..64)";
            o.iter = (int)v;
            break;
        case 'e':
            if (parse_ebn0(optarg, &o) < 0)
                bad = "--ebn0 (A:STEP:B with STEP > 0 and B >= A, or one value)";
            break;
        case 'b':
            if (parse_long(optarg, 1, 1000000000L, &o.max_blocks) < 0)
                bad = "--blocks";
            break;
        case 'n':
            if (parse_long(optarg, 0, 1000000000L, &o.min_errors) < 0)
                bad = "--min-errors";
            break;
        case 's': {
            char *end;
            o.seed = strtoull(optarg, &end, 0);
            if (end == optarg || *end)
                bad = "--seed";
            break;
        }
        case 't':
            if (parse_long(optarg, 1, 1024, &v) < 0)
                bad = "--threads (1..1024)";
            o.threads = (int)v;
            break;
        case 'x': {
            char *end;
            o.scale = strtof(optarg, &end);
            if (end == optarg || *end || !(o.scale > 0.0f && o.scale <= 1.0f))
                bad = "--scale (0 < X <= 1)";
            break;
        }
        case 'c': o.csv = optarg; break;
        case 'h': usage(stdout); return 0;
        default: return lte_cli_bad_option("sim", argv[optind - 1]);
        }
        if (bad) {
            fprintf(stderr, "ltephy sim: bad value '%s' for %s\n", optarg, bad);
            return 2;
        }
    }
    if (optind < argc)
        return lte_cli_bad_option("sim", argv[optind]);
    const sim_mode *m = NULL;
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (!strcmp(modes[i].name, o.mode))
            m = &modes[i];
    if (!m) {
        fprintf(stderr, "ltephy sim: unknown mode '%s' (see 'ltephy sim --help')\n", o.mode);
        return 2;
    }
    int rc = m->check(&o);
    if (rc)
        return rc;
    return sim_run(m, &o);
}
LTE_CMD(sim, "Monte-Carlo BER/FER curves (turbo coding over AWGN)", cmd_sim)
