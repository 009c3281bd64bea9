/* `ltephy sim`: Monte-Carlo error-rate curves.
 *
 * Two modes. `--mode coding` uses the block driver right below.
 * `--mode link --link pdsch` has its own driver further down, a thin layer
 * over the library's ltephy/linksim.h: one lte_linksim object per thread,
 * one work item = one transport block with its HARQ retransmissions, integer
 * counters summed per SNR point, so results do not depend on the thread
 * count. See docs/sim.md.
 *
 * Coding mode: a mode describes what one simulated block is (`coding`: a turbo code block
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
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cli.h"
#include "ltephy/error.h"
#include "ltephy/linksim.h"
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
            "Monte-Carlo error-rate and throughput curves.\n\n"
            "modes:\n");
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        fprintf(f, "  %-10s %s\n", modes[i].name, modes[i].summary);
    fprintf(f, "  %-10s %s\n", "link",
            "--link pdsch: PDSCH TM1-4 over AWGN/EPA/EVA/ETU with HARQ, SNR sweep");
    fprintf(f,
            "\noptions of --mode coding:\n"
            "  --alg logmap|maxlog  turbo decoding algorithm (default logmap)\n"
            "  --k K                code block size, from 36.212 Table 5.1.3-3 (default 6144)\n"
            "  --iter N             turbo iterations, no early stopping (default 8)\n"
            "  --scale X            extrinsic scaling in (0, 1] (default 1.0)\n"
            "  --ebn0 A:STEP:B      Eb/N0 points in dB, or a single value (default 0:0.25:1.5)\n"
            "  --blocks N           at most N blocks per point (default 1000)\n"
            "  --min-errors N       end a point after N block errors; 0 = run all blocks\n"
            "                       (default 100; checked every %d blocks)\n",
            SIM_BATCH);
    fprintf(f,
            "\noptions of --mode link (see docs/sim.md):\n"
            "  --link pdsch         the link to simulate (only pdsch so far)\n"
            "  --bw MHZ             1.4, 3, 5, 10, 15, 20 (default 10)\n"
            "  --mcs N              I_MCS 0..28, 36.213 Table 7.1.7.1-1 (default 13)\n"
            "  --prb N              PRBs 0..N-1 allocated (default: all)\n"
            "  --tm N               transmission mode 1..4 (default 1)\n"
            "  --ports N            CRS antenna ports 1, 2, 4 (default 1 for TM1, else 2)\n"
            "  --layers N           TM3/TM4 layers (default TM3 2, TM4 1)\n"
            "  --codebook N         TM4 precoder index (default 0)\n"
            "  --rx N               receive antennas 1, 2, 4 (default 1)\n"
            "  --duplex fdd|tdd     (default fdd); --tdd-config N  0..6 (default 1)\n"
            "  --cell-id N          physical cell identity 0..503 (default 0)\n"
            "  --channel C          awgn, epa5, eva5, eva70, etu70, etu300 (default awgn)\n"
            "  --corr low|medium|high  MIMO correlation, 36.101 B.2.3 (default low)\n"
            "  --snr A:STEP:B       SNR points in dB (Es/Noc per RE and receive antenna;\n"
            "                       default 0:2:20)\n"
            "  --subframes N        transport blocks per SNR point (default 200)\n"
            "  --harq N             transmissions per transport block 1..4, rv 0,2,3,1 (default 4)\n"
            "  --chest perfect|estimated  channel knowledge of the receiver (default estimated)\n"
            "  --chest-freq linear|wiener  CRS interpolation in frequency (default linear)\n"
            "  --chest-time linear|average CRS interpolation in time (default linear;\n"
            "                       average = mean over the subframe, for static channels)\n"
            "  --json FILE          also write the results as JSON (atomically)\n"
            "  --plot FILE.png      BLER and throughput plot via gnuplot (atomically)\n");
    fprintf(f,
            "\ncommon options:\n"
            "  --mode MODE          coding or link (default coding)\n"
            "  --seed S             master seed (default 1)\n"
            "  --threads N          OpenMP threads (default: all); results do not depend on it\n"
            "  --csv FILE           also write the table as CSV (atomically)\n"
            "  --help               this text\n");
}

static int parse_range(const char *s, double *a_out, double *step_out, double *b_out);

static int parse_ebn0(const char *s, sim_opts *o)
{
    return parse_range(s, &o->ebn0_start, &o->ebn0_step, &o->ebn0_stop);
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

/* ---- mode "link": PDSCH link-level simulation (ltephy/linksim.h) ---------- */

typedef struct link_opts {
    const char *link;
    lte_linksim_cfg cfg;
    double bw_mhz;
    double snr_start, snr_step, snr_stop;
    long subframes;
    const char *json, *plot;
    int ports_given;
} link_opts;

typedef struct link_point {
    double snr_db;
    long blocks;        /* transport blocks (codewords) simulated */
    long first_err;     /* NACK at the first transmission */
    long resid_err;     /* never acknowledged */
    long transmissions; /* subframes used, retransmissions included */
    long bits;          /* bits delivered */
} link_point;

static const char *const chan_names[] = {"awgn", "epa5", "eva5", "eva70", "etu70", "etu300"};
static const char *const corr_names[] = {"low", "medium", "high"};

/* "A:STEP:B" (STEP > 0, B >= A, at most SIM_MAX_POINTS points) or "A". */
static int parse_range(const char *s, double *a_out, double *step_out, double *b_out)
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
    *a_out = a;
    *step_out = step;
    *b_out = b;
    return 0;
}

static int link_n_rb(double mhz)
{
    static const double bw[6] = {1.4, 3, 5, 10, 15, 20};
    static const int rb[6] = {6, 15, 25, 50, 75, 100};
    for (int i = 0; i < 6; i++)
        if (fabs(mhz - bw[i]) < 1e-9)
            return rb[i];
    return -1;
}

static int link_check(link_opts *l)
{
    if (!l->link || strcmp(l->link, "pdsch") != 0) {
        fprintf(stderr, "ltephy sim: --mode link needs --link pdsch%s%s%s\n",
                l->link ? " (not '" : "", l->link ? l->link : "", l->link ? "')" : "");
        return 2;
    }
    l->cfg.cell.n_rb = link_n_rb(l->bw_mhz);
    if (!l->ports_given)
        l->cfg.cell.n_ports = l->cfg.tm == 1 ? 1 : 2;
    if (l->cfg.n_prb > l->cfg.cell.n_rb) {
        fprintf(stderr, "ltephy sim: --prb %d exceeds the %d PRBs of %g MHz\n", l->cfg.n_prb,
                l->cfg.cell.n_rb, l->bw_mhz);
        return 2;
    }
    lte_linksim *ls;
    if (lte_linksim_create(&l->cfg, &ls) < 0) {
        fprintf(stderr, "ltephy sim: invalid link configuration: %s\n", lte_errdetail());
        return 2;
    }
    lte_linksim_destroy(ls);
    return 0;
}

/* A progress bar on stderr, only when it is a terminal. */
static void link_progress(long done, long total, double snr)
{
    const int width = 30;
    int fill = (int)(width * done / (total > 0 ? total : 1));
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r[%s] %3d%%  SNR %6.2f dB ", bar, (int)(100 * done / (total ? total : 1)),
            snr);
    fflush(stderr);
}

/* One SNR point: transport blocks 0..N-1, spread over the threads. Each
 * block's outcome depends only on (seed, index, SNR) and the counters are
 * integer sums, so the point does not depend on the thread count. */
static int link_point_run(lte_linksim **ws, const sim_opts *o, const link_opts *l, double snr,
                          long done0, long total, int show, link_point *pt)
{
    long blocks = 0, first_err = 0, resid_err = 0, tx = 0, bits = 0, done = 0;
    int failed = 0;
    double last = now_s();
#pragma omp parallel for schedule(dynamic, 1) num_threads(o->threads) \
    reduction(+ : blocks, first_err, resid_err, tx, bits, failed)
    for (long i = 0; i < l->subframes; i++) {
        int t = 0;
#ifdef _OPENMP
        t = omp_get_thread_num();
#endif
        lte_linksim_result r;
        if (failed || lte_linksim_run_tb(ws[t], snr, i, &r) < 0) {
            if (!failed) {
#pragma omp critical(link_err)
                fprintf(stderr, "\nltephy sim: transport block %ld failed: %s\n", i,
                        lte_errdetail());
            }
            failed = 1;
            continue;
        }
        for (int q = 0; q < r.n_cw; q++) {
            blocks++;
            first_err += r.acked_at[q] != 0;
            resid_err += r.acked_at[q] < 0;
        }
        tx += r.n_tx;
        bits += r.bits;
        long d;
#pragma omp atomic capture
        d = ++done;
        if (show && t == 0 && now_s() - last > 0.2) {
            last = now_s();
            link_progress(done0 + d, total, snr);
        }
    }
    if (failed)
        return -1;
    *pt = (link_point){snr, blocks, first_err, resid_err, tx, bits};
    return 0;
}

static double link_mbps(const link_point *p, const lte_linksim_info *in)
{
    /* delivered bits per used subframe, times the used subframes per ms */
    return p->transmissions ? (double)p->bits * in->dl_per_frame / (1e4 * p->transmissions) : 0;
}

static double link_pct(const link_point *p, const lte_linksim_info *in)
{
    double max = (double)(in->tbs[0] + (in->n_cw > 1 ? in->tbs[1] : 0)) * p->transmissions;
    return max > 0 ? 100.0 * (double)p->bits / max : 0;
}

static double ratio(long a, long b) { return b ? (double)a / (double)b : 0.0; }

/* Growable text buffer for the CSV and JSON outputs. */
typedef struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = b->oom ? 0 : vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0,
                                       fmt, ap);
        va_end(ap);
        if (b->oom || n < 0)
            return;
        if (b->p && (size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = (b->cap + (size_t)n + 1) * 2;
        char *q = realloc(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
}

static const char *chest_name(const link_opts *l)
{
    return l->cfg.chest_estimated ? "estimated" : "perfect";
}

/* Interpolation of the estimator, "-" with perfect knowledge. */
static const char *chest_freq_name(const link_opts *l)
{
    if (!l->cfg.chest_estimated)
        return "-";
    return l->cfg.chest_freq == LTE_CHEST_FREQ_WIENER ? "wiener" : "linear";
}

static const char *chest_time_name(const link_opts *l)
{
    if (!l->cfg.chest_estimated)
        return "-";
    return l->cfg.chest_time == LTE_CHEST_TIME_AVERAGE ? "average" : "linear";
}

static void link_csv(sbuf *b, const sim_opts *o, const link_opts *l, const lte_linksim_info *in,
                     const link_point *pts, int n)
{
    const lte_linksim_cfg *c = &l->cfg;
    sb_printf(b, "link,bw_mhz,n_rb,duplex,tdd_config,tm,ports,rx,mcs,prb,tbs0,tbs1,channel,corr,"
                 "chest,chest_freq,chest_time,harq,seed,snr_db,blocks,bler_first,bler,transmissions,bits,"
                 "throughput_mbps,throughput_pct\n");
    for (int i = 0; i < n; i++) {
        const link_point *p = &pts[i];
        sb_printf(b, "pdsch,%g,%d,%s,%d,%d,%d,%d,%d,%d,%d,%d,%s,%s,%s,%s,%s,%d,%llu,%.4f,%ld,%.6e,"
                     "%.6e,%ld,%ld,%.6f,%.4f\n",
                  l->bw_mhz, c->cell.n_rb, c->cell.duplex == LTE_TDD ? "tdd" : "fdd",
                  c->cell.tdd_config, c->tm, c->cell.n_ports, c->n_rx, c->mcs,
                  c->n_prb ? c->n_prb : c->cell.n_rb, in->tbs[0], in->n_cw > 1 ? in->tbs[1] : 0,
                  chan_names[c->channel], corr_names[c->corr], chest_name(l), chest_freq_name(l),
                  chest_time_name(l), c->harq_max, (unsigned long long)o->seed, p->snr_db, p->blocks,
                  ratio(p->first_err, p->blocks), ratio(p->resid_err, p->blocks),
                  p->transmissions, p->bits, link_mbps(p, in), link_pct(p, in));
    }
}

static void link_json(sbuf *b, const sim_opts *o, const link_opts *l, const lte_linksim_info *in,
                      const link_point *pts, int n)
{
    const lte_linksim_cfg *c = &l->cfg;
    sb_printf(b, "{\n  \"link\": \"pdsch\",\n  \"config\": {\"bw_mhz\": %g, \"n_rb\": %d, "
                 "\"duplex\": \"%s\", \"tdd_config\": %d, \"cell_id\": %d, \"tm\": %d, "
                 "\"ports\": %d, \"layers\": %d, \"codewords\": %d, \"rx\": %d, \"mcs\": %d, "
                 "\"prb\": %d, \"tbs\": [%d, %d], \"q_m\": [%d, %d], \"channel\": \"%s\", "
                 "\"corr\": \"%s\", \"chest\": \"%s\", \"chest_freq\": \"%s\", "
                 "\"chest_time\": \"%s\", \"harq\": %d, \"subframes\": %ld, "
                 "\"seed\": %llu, \"dl_subframes_per_frame\": %d, \"max_mbps\": %.6f},\n"
                 "  \"points\": [",
              l->bw_mhz, c->cell.n_rb, c->cell.duplex == LTE_TDD ? "tdd" : "fdd",
              c->cell.tdd_config, c->cell.cell_id, c->tm, c->cell.n_ports, c->n_layers, in->n_cw,
              c->n_rx, c->mcs, c->n_prb ? c->n_prb : c->cell.n_rb, in->tbs[0],
              in->n_cw > 1 ? in->tbs[1] : 0, in->q_m[0], in->n_cw > 1 ? in->q_m[1] : 0,
              chan_names[c->channel], corr_names[c->corr], chest_name(l), chest_freq_name(l),
              chest_time_name(l), c->harq_max, l->subframes, (unsigned long long)o->seed,
              in->dl_per_frame, in->max_mbps);
    for (int i = 0; i < n; i++) {
        const link_point *p = &pts[i];
        sb_printf(b, "%s\n    {\"snr_db\": %.4f, \"blocks\": %ld, \"bler_first\": %.6e, "
                     "\"bler\": %.6e, \"transmissions\": %ld, \"bits\": %ld, "
                     "\"throughput_mbps\": %.6f, \"throughput_pct\": %.4f}",
                  i ? "," : "", p->snr_db, p->blocks, ratio(p->first_err, p->blocks),
                  ratio(p->resid_err, p->blocks), p->transmissions, p->bits, link_mbps(p, in),
                  link_pct(p, in));
    }
    sb_printf(b, "\n  ]\n}\n");
}

/* gnuplot: BLER (log, left) and throughput in % of the maximum (right)
 * against SNR. The PNG is written under a temporary name and renamed. */
static int link_plot(const char *png, const link_opts *l, const lte_linksim_info *in,
                     const link_point *pts, int n)
{
    if (strchr(png, '\'') || strchr(png, '\n')) {
        fprintf(stderr, "ltephy sim: --plot %s: quotes and newlines are not allowed\n", png);
        return -1;
    }
    size_t len = strlen(png) + 64;
    char *dat = malloc(len), *gp = malloc(len), *tmp = malloc(len);
    int rc = -1;
    if (!dat || !gp || !tmp)
        goto out;
    long pid = (long)getpid();
    snprintf(dat, len, "%s.%ld.dat", png, pid);
    snprintf(gp, len, "%s.%ld.gp", png, pid);
    snprintf(tmp, len, "%s.%ld.tmp", png, pid);
    sbuf d = {0}, s = {0};
    for (int i = 0; i < n; i++)
        sb_printf(&d, "%.4f %.6e %.6e %.4f\n", pts[i].snr_db, ratio(pts[i].first_err, pts[i].blocks),
                  ratio(pts[i].resid_err, pts[i].blocks), link_pct(&pts[i], in));
    const lte_linksim_cfg *c = &l->cfg;
    sb_printf(&s,
              "set terminal pngcairo size 900,600\nset output '%s'\n"
              "set title 'PDSCH %g MHz TM%d %dx%d MCS %d (TBS %d), %s, %s channel, HARQ %d'\n"
              "set xlabel 'SNR (dB, Es/Noc per RE and receive antenna)'\n"
              "set ylabel 'BLER'\nset logscale y\nset yrange [1e-3:1.5]\nset format y '10^{%%L}'\n"
              "set y2label 'throughput (%% of maximum)'\nset y2range [0:105]\nset y2tics\n"
              "set ytics nomirror\nset grid\nset key bottom left\n"
              "plot '%s' using 1:($2 > 0 ? $2 : 1/0) with linespoints title 'BLER, first transmission', \\\n"
              "     '%s' using 1:($3 > 0 ? $3 : 1/0) with linespoints title 'BLER after HARQ', \\\n"
              "     '%s' using 1:4 axes x1y2 with linespoints title 'throughput %%'\n",
              tmp, l->bw_mhz, c->tm, c->cell.n_ports, c->n_rx, c->mcs, in->tbs[0],
              chan_names[c->channel], chest_name(l), c->harq_max, dat, dat, dat);
    if (d.oom || s.oom || lte_cli_write_file(dat, d.p, d.len) < 0 ||
        lte_cli_write_file(gp, s.p, s.len) < 0) {
        fprintf(stderr, "ltephy sim: --plot: %s\n", d.oom || s.oom ? "out of memory" : lte_errdetail());
    } else {
        pid_t child = fork();
        if (child == 0) {
            int fd = open("/dev/null", O_WRONLY);
            if (fd >= 0)
                dup2(fd, 1);
            execlp("gnuplot", "gnuplot", gp, (char *)NULL);
            _exit(127);
        }
        int st = 0;
        if (child < 0 || waitpid(child, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            fprintf(stderr, "ltephy sim: --plot: gnuplot failed%s\n",
                    WIFEXITED(st) && WEXITSTATUS(st) == 127 ? " (not installed?)" : "");
        else if (rename(tmp, png) != 0)
            fprintf(stderr, "ltephy sim: --plot: cannot write %s\n", png);
        else
            rc = 0;
    }
    remove(dat);
    remove(gp);
    remove(tmp);
    free(d.p);
    free(s.p);
out:
    if (rc < 0 && (!dat || !gp || !tmp))
        fprintf(stderr, "ltephy sim: --plot: out of memory\n");
    free(dat);
    free(gp);
    free(tmp);
    return rc;
}

static void link_header(const sim_opts *o, const link_opts *l, const lte_linksim_info *in)
{
    const lte_linksim_cfg *c = &l->cfg;
    printf("# ltephy sim --mode link --link pdsch --bw %g --duplex %s", l->bw_mhz,
           c->cell.duplex == LTE_TDD ? "tdd" : "fdd");
    if (c->cell.duplex == LTE_TDD)
        printf(" --tdd-config %d", c->cell.tdd_config);
    printf(" --tm %d --ports %d --rx %d --mcs %d --prb %d --channel %s --corr %s --chest %s",
           c->tm, c->cell.n_ports, c->n_rx, c->mcs, c->n_prb ? c->n_prb : c->cell.n_rb,
           chan_names[c->channel], corr_names[c->corr], chest_name(l));
    if (c->chest_estimated)
        printf(" --chest-freq %s --chest-time %s", chest_freq_name(l), chest_time_name(l));
    printf(" --harq %d --subframes %ld --seed %llu (threads %d)\n", c->harq_max,
           l->subframes, (unsigned long long)o->seed, o->threads);
    printf("# codewords %d, TBS %d", in->n_cw, in->tbs[0]);
    if (in->n_cw > 1)
        printf(" + %d", in->tbs[1]);
    printf(", Q_m %d, maximum %.3f Mbit/s\n", in->q_m[0], in->max_mbps);
    printf("%8s %10s %10s %7s %10s %7s %7s\n", "SNR_dB", "BLER_1st", "BLER", "tx/TB", "Mbit/s",
           "%max", "time_s");
    fflush(stdout);
}

static int link_outputs(const sim_opts *o, const link_opts *l, const lte_linksim_info *in,
                        const link_point *pts, int n)
{
    int rc = 0;
    if (o->csv) {
        sbuf b = {0};
        link_csv(&b, o, l, in, pts, n);
        if (b.oom || lte_cli_write_file(o->csv, b.p, b.len) < 0) {
            fprintf(stderr, "ltephy sim: %s\n", b.oom ? "out of memory" : lte_errdetail());
            rc = 1;
        }
        free(b.p);
    }
    if (l->json) {
        sbuf b = {0};
        link_json(&b, o, l, in, pts, n);
        if (b.oom || lte_cli_write_file(l->json, b.p, b.len) < 0) {
            fprintf(stderr, "ltephy sim: %s\n", b.oom ? "out of memory" : lte_errdetail());
            rc = 1;
        }
        free(b.p);
    }
    if (l->plot && link_plot(l->plot, l, in, pts, n) < 0)
        rc = 1;
    return rc;
}

static int link_run(const sim_opts *o, link_opts *l)
{
    l->cfg.seed = o->seed;
    int npoints = (int)floor((l->snr_stop - l->snr_start) / l->snr_step + 1e-9) + 1;
    lte_linksim **ws = calloc((size_t)o->threads, sizeof *ws);
    link_point *pts = calloc((size_t)npoints, sizeof *pts);
    int rc = 0;
    if (!ws || !pts) {
        fprintf(stderr, "ltephy sim: out of memory\n");
        rc = 1;
    }
    for (int t = 0; t < o->threads && rc == 0; t++)
        if (lte_linksim_create(&l->cfg, &ws[t]) < 0) {
            fprintf(stderr, "ltephy sim: cannot set up the link: %s\n", lte_errdetail());
            rc = 1;
        }
    lte_linksim_info in = {0};
    if (rc == 0) {
        lte_linksim_info_get(ws[0], &in);
        link_header(o, l, &in);
    }
    const int show = isatty(2);
    const long total = (long)npoints * l->subframes;
    for (int i = 0; i < npoints && rc == 0; i++) {
        double snr = l->snr_start + i * l->snr_step, t0 = now_s();
        if (link_point_run(ws, o, l, snr, (long)i * l->subframes, total, show, &pts[i]) < 0) {
            rc = 1;
            break;
        }
        if (show)
            fprintf(stderr, "\r%60s\r", "");
        const link_point *p = &pts[i];
        printf("%8.2f %10.4f %10.4f %7.3f %10.3f %7.2f %7.1f\n", p->snr_db,
               ratio(p->first_err, p->blocks), ratio(p->resid_err, p->blocks),
               ratio(p->transmissions, l->subframes), link_mbps(p, &in), link_pct(p, &in),
               now_s() - t0);
        fflush(stdout);
    }
    if (rc == 0)
        rc = link_outputs(o, l, &in, pts, npoints);
    for (int t = 0; ws && t < o->threads; t++)
        lte_linksim_destroy(ws[t]);
    free(ws);
    free(pts);
    return rc;
}

/* ---- command line ------------------------------------------------------------ */

enum {
    OPT_LINK = 256, OPT_BW, OPT_MCS, OPT_PRB, OPT_TM, OPT_PORTS, OPT_LAYERS, OPT_CODEBOOK,
    OPT_RX, OPT_DUPLEX, OPT_TDDCFG, OPT_CELLID, OPT_CHANNEL, OPT_CORR, OPT_SNR, OPT_SUBFRAMES,
    OPT_HARQ, OPT_CHEST, OPT_CHEST_FREQ, OPT_CHEST_TIME, OPT_JSON, OPT_PLOT, OPT_END
};

static int pick(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(s, names[i]))
            return i;
    return -1;
}

/* Options of the link mode; returns the text of a bad value's rule, or NULL. */
static const char *parse_link_opt(int ch, const char *arg, link_opts *l)
{
    lte_linksim_cfg *c = &l->cfg;
    long v = 0;
    int k;
    char *end;
    switch (ch) {
    case OPT_LINK: l->link = arg; return NULL;
    case OPT_BW:
        l->bw_mhz = strtod(arg, &end);
        return end == arg || *end || link_n_rb(l->bw_mhz) < 0 ? "--bw (1.4, 3, 5, 10, 15, 20)"
                                                             : NULL;
    case OPT_MCS:
        if (parse_long(arg, 0, 28, &v) < 0)
            return "--mcs (0..28)";
        c->mcs = (int)v;
        return NULL;
    case OPT_PRB:
        if (parse_long(arg, 1, LTE_MAX_RB, &v) < 0)
            return "--prb (1..the PRBs of the bandwidth)";
        c->n_prb = (int)v;
        return NULL;
    case OPT_TM:
        if (parse_long(arg, 1, 4, &v) < 0)
            return "--tm (1..4)";
        c->tm = (int)v;
        return NULL;
    case OPT_PORTS:
        if (parse_long(arg, 1, 4, &v) < 0 || v == 3)
            return "--ports (1, 2, 4)";
        c->cell.n_ports = (int)v;
        l->ports_given = 1;
        return NULL;
    case OPT_LAYERS:
        if (parse_long(arg, 1, 4, &v) < 0)
            return "--layers (1..4)";
        c->n_layers = (int)v;
        return NULL;
    case OPT_CODEBOOK:
        if (parse_long(arg, 0, 15, &v) < 0)
            return "--codebook (0..15)";
        c->codebook = (int)v;
        return NULL;
    case OPT_RX:
        if (parse_long(arg, 1, 4, &v) < 0 || v == 3)
            return "--rx (1, 2, 4)";
        c->n_rx = (int)v;
        return NULL;
    case OPT_DUPLEX:
        if ((k = pick(arg, (const char *const[]){"fdd", "tdd"}, 2)) < 0)
            return "--duplex (fdd or tdd)";
        c->cell.duplex = k ? LTE_TDD : LTE_FDD;
        return NULL;
    case OPT_TDDCFG:
        if (parse_long(arg, 0, 6, &v) < 0)
            return "--tdd-config (0..6)";
        c->cell.tdd_config = (int)v;
        return NULL;
    case OPT_CELLID:
        if (parse_long(arg, 0, 503, &v) < 0)
            return "--cell-id (0..503)";
        c->cell.cell_id = (int)v;
        return NULL;
    case OPT_CHANNEL:
        if ((k = pick(arg, chan_names, 6)) < 0)
            return "--channel (awgn, epa5, eva5, eva70, etu70, etu300)";
        c->channel = (lte_linksim_chan)k;
        return NULL;
    case OPT_CORR:
        if ((k = pick(arg, corr_names, 3)) < 0)
            return "--corr (low, medium, high)";
        c->corr = (lte_channel_corr)k;
        return NULL;
    case OPT_SNR:
        return parse_range(arg, &l->snr_start, &l->snr_step, &l->snr_stop) < 0
                   ? "--snr (A:STEP:B with STEP > 0 and B >= A, or one value)"
                   : NULL;
    case OPT_SUBFRAMES:
        return parse_long(arg, 1, 100000000L, &l->subframes) < 0 ? "--subframes (1..1e8)" : NULL;
    case OPT_HARQ:
        if (parse_long(arg, 1, LTE_LINKSIM_MAX_HARQ, &v) < 0)
            return "--harq (1..4)";
        c->harq_max = (int)v;
        return NULL;
    case OPT_CHEST:
        if ((k = pick(arg, (const char *const[]){"perfect", "estimated"}, 2)) < 0)
            return "--chest (perfect or estimated)";
        c->chest_estimated = k;
        return NULL;
    case OPT_CHEST_FREQ:
        if ((k = pick(arg, (const char *const[]){"linear", "wiener"}, 2)) < 0)
            return "--chest-freq (linear or wiener)";
        c->chest_freq = k ? LTE_CHEST_FREQ_WIENER : LTE_CHEST_FREQ_LINEAR;
        return NULL;
    case OPT_CHEST_TIME:
        if ((k = pick(arg, (const char *const[]){"linear", "average"}, 2)) < 0)
            return "--chest-time (linear or average)";
        c->chest_time = k ? LTE_CHEST_TIME_AVERAGE : LTE_CHEST_TIME_LINEAR;
        return NULL;
    case OPT_JSON: l->json = arg; return NULL;
    case OPT_PLOT: l->plot = arg; return NULL;
    }
    return "?";
}

/* Options that belong to one mode only name themselves when used with the
 * other (instead of being silently ignored). */
static int mode_mismatch(const char *mode, const unsigned char *given,
                         const struct option *opts)
{
    int link = !strcmp(mode, "link");
    for (const struct option *op = opts; op->name; op++) {
        int v = op->val;
        if (!given[v])
            continue;
        int link_only = v >= OPT_LINK && v < OPT_END;
        int coding_only = v < 128 && strchr("akiebnx", v) != NULL;
        if ((link && coding_only) || (!link && link_only)) {
            fprintf(stderr, "ltephy sim: option '--%s' does not apply to --mode %s\n", op->name,
                    mode);
            return 2;
        }
    }
    return 0;
}

static int cmd_sim(int argc, char **argv)
{
    sim_opts o = {.mode = "coding", .alg = LTE_TURBO_LOG_MAP, .K = 6144, .iter = 8,
                  .ebn0_start = 0.0, .ebn0_step = 0.25, .ebn0_stop = 1.5, .max_blocks = 1000,
                  .min_errors = 100, .seed = 1, .threads = 1, .scale = 1.0f, .csv = NULL};
    link_opts l = {.bw_mhz = 10, .snr_start = 0, .snr_step = 2, .snr_stop = 20,
                   .subframes = 200};
    lte_linksim_cfg_init(&l.cfg);
    l.cfg.chest_estimated = 1;
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
        {"link", required_argument, 0, OPT_LINK}, {"bw", required_argument, 0, OPT_BW},
        {"mcs", required_argument, 0, OPT_MCS}, {"prb", required_argument, 0, OPT_PRB},
        {"tm", required_argument, 0, OPT_TM},  {"ports", required_argument, 0, OPT_PORTS},
        {"layers", required_argument, 0, OPT_LAYERS},
        {"codebook", required_argument, 0, OPT_CODEBOOK},
        {"rx", required_argument, 0, OPT_RX},  {"duplex", required_argument, 0, OPT_DUPLEX},
        {"tdd-config", required_argument, 0, OPT_TDDCFG},
        {"cell-id", required_argument, 0, OPT_CELLID},
        {"channel", required_argument, 0, OPT_CHANNEL},
        {"corr", required_argument, 0, OPT_CORR}, {"snr", required_argument, 0, OPT_SNR},
        {"subframes", required_argument, 0, OPT_SUBFRAMES},
        {"harq", required_argument, 0, OPT_HARQ}, {"chest", required_argument, 0, OPT_CHEST},
        {"chest-freq", required_argument, 0, OPT_CHEST_FREQ},
        {"chest-time", required_argument, 0, OPT_CHEST_TIME},
        {"json", required_argument, 0, OPT_JSON}, {"plot", required_argument, 0, OPT_PLOT},
        {0, 0, 0, 0}};
    unsigned char given[OPT_END] = {0};
    opterr = 0;
    optind = 1;
    int ch;
    long v = 0;
    while ((ch = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        const char *bad = NULL;
        if (ch >= 0 && ch < OPT_END)
            given[ch] = 1;
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
        default:
            if (ch >= OPT_LINK && ch < OPT_END) {
                bad = parse_link_opt(ch, optarg, &l);
                break;
            }
            return lte_cli_bad_option("sim", argv[optind - 1]);
        }
        if (bad) {
            fprintf(stderr, "ltephy sim: bad value '%s' for %s\n", optarg, bad);
            return 2;
        }
    }
    if (optind < argc)
        return lte_cli_bad_option("sim", argv[optind]);
    if (!strcmp(o.mode, "link")) {
        int rc = mode_mismatch(o.mode, given, opts);
        if (rc || (rc = link_check(&l)))
            return rc;
        return link_run(&o, &l);
    }
    const sim_mode *m = NULL;
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (!strcmp(modes[i].name, o.mode))
            m = &modes[i];
    if (!m) {
        fprintf(stderr, "ltephy sim: unknown mode '%s' (see 'ltephy sim --help')\n", o.mode);
        return 2;
    }
    int rc = mode_mismatch(o.mode, given, opts);
    if (rc || (rc = m->check(&o)))
        return rc;
    return sim_run(m, &o);
}
LTE_CMD(sim, "Monte-Carlo BER/FER curves: turbo coding, PDSCH link with HARQ", cmd_sim)
