/* `ltephy sim`: Monte-Carlo error-rate curves.
 *
 * Two modes. `--mode coding` uses the block driver right below.
 * `--mode link --link pdsch|pusch` has its own driver further down, a thin
 * layer over the library's ltephy/linksim.h: one lte_linksim object per
 * thread, one work item = one transport block with its HARQ
 * retransmissions, integer counters summed per SNR point, so results do not
 * depend on the thread count -- nor, in the MPI build (LTEPHY_MPI, `make
 * mpi`), on the rank count. See docs/sim.md.
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
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cli.h"
#include "ltephy/csi.h"
#include "ltephy/error.h"
#include "ltephy/linksim.h"
#include "ltephy/rng.h"
#include "ltephy/tables.h"
#include "ltephy/turbo.h"
#include "ltephy/turbo_fx.h"
#include "ltephy/ul_frc.h"
#include "ltephy/waveform.h"

#ifdef LTEPHY_MPI
#include <mpi.h>
#endif

#define SIM_BATCH 16        /* blocks between two stopping checks */
#define SIM_MAX_POINTS 1000

typedef struct sim_opts {
    const char *mode;
    lte_turbo_alg alg;
    int fx_width;       /* 0: float decoder (alg); 8 or 16: fixed-point model (turbo_fx.h) */
    int scale_given;
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

/* ---- MPI (`make mpi`) ---------------------------------------------------------
 * Rank k of N runs the work items (blocks, transport blocks) i with
 * i mod N = k; the integer counters of each batch or SNR point are summed
 * over the ranks (MPI_Allreduce), so every rank sees the same totals, takes
 * the same stopping decisions, and the totals equal those of one process
 * (each item depends only on the seed and its index). Rank 0 prints and
 * writes the files. Without LTEPHY_MPI there is one rank. */
static int g_rank = 0, g_nranks = 1;

static long sim_rank(void) { return g_rank; }
static long sim_nranks(void) { return g_nranks; }

/* v[0..n-1] summed over the ranks, the sums on every rank. */
static int sim_sum(long *v, int n)
{
#ifdef LTEPHY_MPI
    if (g_nranks > 1 &&
        MPI_Allreduce(MPI_IN_PLACE, v, n, MPI_LONG, MPI_SUM, MPI_COMM_WORLD) != MPI_SUCCESS)
        return -1;
#else
    (void)v;
    (void)n;
#endif
    return 0;
}

/* ---- mode "coding": one turbo code block, BPSK over AWGN ------------------ */

typedef struct coding_worker {
    lte_turbo_dec *dec;
    lte_turbo_fx *fx;
    int16_t q[3][LTE_TURBO_KMAX + 4]; /* quantised soft values (int8_t or int16_t) */
    uint16_t pi[LTE_TURBO_KMAX];
    uint8_t c[LTE_TURBO_KMAX], out[LTE_TURBO_KMAX];
    uint8_t d[3][LTE_TURBO_KMAX + 4];
    float l[3][LTE_TURBO_KMAX + 4];
} coding_worker;

static int coding_check(const sim_opts *o)
{
    if (o->fx_width && o->iter > 32) {
        fprintf(stderr, "ltephy sim: --iter %d: the fixed-point decoders run 1..32 iterations\n",
                o->iter);
        return 2;
    }
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
    lte_turbo_fx_destroy(w->fx);
    free(w);
}

static void *coding_new(const sim_opts *o)
{
    coding_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    int rc;
    if (o->fx_width) {
        /* extrinsic scale m/8: --scale rounded to eighths, else the model's 0.75 */
        int m = o->scale_given ? (int)lround(8.0 * o->scale) : 6;
        lte_turbo_fx_cfg fc = {.k_max = o->K, .width = o->fx_width,
                               .ext_scale_q3 = m < 1 ? 1 : m};
        rc = lte_turbo_fx_create(&fc, &w->fx);
    } else {
        lte_turbo_dec_cfg cfg = {.k_max = o->K, .alg = o->alg, .ext_scale = o->scale};
        rc = lte_turbo_dec_create(&cfg, &w->dec);
    }
    if (rc < 0 || lte_qpp_interleaver(o->K, w->pi) < 0) {
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
    if (w->fx) {
        /* 2 (8-bit) or 8 (16-bit) fractional bits, as ltephy/sch.h quantises */
        const float qs = o->fx_width == 8 ? 4.0f : 256.0f;
        for (int s = 0; s < 3 && rc == 0; s++)
            rc = lte_turbo_fx_quantize(w->l[s], K + 4, qs, o->fx_width, w->q[s]);
        lte_turbo_fx_opts fo = {.max_iter = o->iter, .stop = LTE_TURBO_FX_STOP_NONE};
        int it;
        if (rc == 0)
            rc = lte_turbo_fx_decode(w->fx, w->q[0], w->q[1], w->q[2], K, w->pi, 0, &fo, w->out,
                                     &it, NULL);
    } else {
        rc = lte_turbo_dec_run(w->dec, w->l[0], w->l[1], w->l[2], K, w->pi, o->iter, NULL, NULL,
                               w->out, NULL);
    }
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
            "--link pdsch|pusch: PDSCH TM1-4 or PUSCH over AWGN/EPA/EVA/ETU with HARQ");
    fprintf(f,
            "\noptions of --mode coding:\n"
            "  --alg A              turbo decoder: logmap, maxlog (float), fx8, fx16 (the 8/16-bit\n"
            "                       fixed-point max-log-MAP models of turbo_fx.h; soft values with\n"
            "                       2/8 fractional bits; extrinsic scale 0.75 unless --scale)\n"
            "                       (default logmap)\n"
            "  --k K                code block size, from 36.212 Table 5.1.3-3 (default 6144)\n"
            "  --iter N             turbo iterations, no early stopping (default 8)\n"
            "  --scale X            extrinsic scaling in (0, 1] (default 1.0; fx: rounded to\n"
            "                       eighths, default 0.75)\n"
            "  --ebn0 A:STEP:B      Eb/N0 points in dB, or a single value (default 0:0.25:1.5)\n"
            "  --blocks N           at most N blocks per point (default 1000)\n"
            "  --min-errors N       end a point after N block errors; 0 = run all blocks\n"
            "                       (default 100; checked every %d blocks)\n",
            SIM_BATCH);
    fprintf(f,
            "\noptions of --mode link (see docs/sim.md):\n"
            "  --link pdsch|pusch   the link to simulate\n"
            "  --rmc NAME           a reference channel instead of --bw --mcs --prb: PDSCH\n"
            "                       RMCs of 36.101 A.3.3, FDD (ltephy waveform --list), PUSCH FRCs\n"
            "                       of 36.104 Annex A (A3-2, A4-3, A5-2, ...)\n"
            "  --bw MHZ             1.4, 3, 5, 10, 15, 20 (default 10)\n"
            "  --mcs N              I_MCS 0..28, 36.213 Table 7.1.7.1-1; PUSCH: Table 8.6.1-1\n"
            "                       (default 13)\n"
            "  --qm Q --itbs I      PUSCH, instead of --mcs: modulation order Q (2, 4, 6, or\n"
            "                       8 = 256QAM) and TBS index I (0..33, or 32A) of 36.213\n"
            "                       Table 7.1.7.2.1-1 (the 256QAM PUSCH MCS table 8.6.1-3\n"
            "                       is not carried); --rmc A17-1..6 are 256QAM channels\n"
            "  --prb N              PRBs allocated (default: all); PUSCH: 2^a 3^b 5^c PRBs\n"
            "  --prb-start N        PUSCH: first allocated PRB (default 0; also with an uplink\n"
            "                       --rmc, whose PRB count it keeps)\n"
            "  --pusch-halfwin K    PUSCH estimation: moving average over 2K+1 subcarriers,\n"
            "                       K = 1..5 (default 3, pusch.h)\n"
            "  --hopping B          PUSCH frequency hopping with the N_UL_hop bits B of\n"
            "                       36.213 Table 8.4-2 (1 bit below 50 RB: 0 type 1, 1 type 2;\n"
            "                       2 bits: 0-2 type 1 (+N/4, -N/4, +N/2), 3 type 2);\n"
            "                       --n-sb N (1..4), --hopping-offset N_RB^HO,\n"
            "                       --hopping-mode inter|intra (default inter)\n"
"  --tm N               PDSCH transmission mode 1..4 (default 1)\n"
            "  --ports N            CRS antenna ports 1, 2, 4 (default 1 for TM1, else 2)\n"
            "  --layers N           TM3/TM4 layers (default TM3 2, TM4 1)\n"
            "  --codebook N         TM4 precoder index (default 0; with --pmi feedback: the\n"
            "                       one used before the first report)\n"
            "  --pmi fixed|feedback TM4: the fixed --codebook (default), or closed loop: the UE\n"
            "                       selects the wideband PMI for --layers from its channel\n"
            "                       (the estimate, or the true channel with --chest perfect;\n"
            "                       maximum capacity, csi.h) and the eNodeB precodes with\n"
            "                       the report measured --pmi-delay subframes earlier\n"
            "  --pmi-delay N        with --pmi feedback: subframes from the measurement to\n"
            "                       its use, 0..1000 (default 8: CSI reference resource n-4,\n"
            "                       report in n, used in n+4; 0 = an ideal genie)\n"
            "  --cqi fixed|feedback PDSCH link adaptation: the fixed --mcs (default), or the UE\n"
            "                       reports a wideband CQI every subframe (36.213 7.2.3, csi.h:\n"
            "                       MIESM over its channel estimate, thresholds for BLER 0.1)\n"
            "                       and the eNodeB picks each block's MCS from the report of\n"
            "                       --cqi-delay subframes earlier; TM1, TM2, TM4 with --pmi\n"
            "                       feedback. Output gains mean CQI and MCS columns\n"
            "  --cqi-delay N        with --cqi feedback: 4..1000 subframes (default 8)\n"
            "  --olla STEP          with --cqi feedback: outer loop, offset -STEP dB per first-\n"
            "                       transmission NACK, +STEP/9 per ACK (10 %% BLER target),\n"
            "                       updated every 8 blocks (0 < STEP <= 3)\n"
            "  --cqi-format C       instead of --mcs: the transport format of CQI C (1..15) in\n"
            "                       its CSI reference resource (CFI 3, subframes 0 and 5\n"
            "                       unscheduled; FDD), as the CQI thresholds were measured\n"
            "  --rx N               receive antennas 1, 2, 4 (default 1)\n"
            "  --duplex fdd|tdd     (default fdd); --tdd-config N  0..6 (default 1)\n"
            "  --cell-id N          physical cell identity 0..503 (default 0)\n"
            "  --channel C          awgn, epa5, eva5, eva70, etu70, etu300 (default awgn)\n"
            "  --corr low|medium|high  MIMO correlation, 36.101 B.2.3 (default low)\n"
            "  --snr A:STEP:B       SNR points in dB (Es/Noc per RE and receive antenna;\n"
            "                       default 0:2:20)\n"
            "  --subframes N        transport blocks per SNR point (default 200)\n"
            "  --frame-stride F     frames carrying consecutive transport blocks are F frames\n"
            "                       apart (default 1: contiguous); F > 1 samples more independent\n"
            "                       fades of a slow channel in the same CPU time\n"
            "  --harq N             transmissions per transport block 1..4 (default 4)\n"
            "  --rv-seq A,B,C,D     redundancy versions of transmissions 1..4 (default 0,2,3,1;\n"
            "                       with a PDSCH --rmc: 36.101 Table 8.2.1-1, 0,1,2,3 for QPSK\n"
            "                       and 16QAM, 0,0,1,2 for 64QAM)\n"
            "  --chest perfect|estimated  channel knowledge of the receiver (default estimated)\n"
            "  --chest-freq linear|wiener|wiener-auto  CRS interpolation in frequency (default\n"
            "                       linear; wiener: MMSE for the channel model's delay spread\n"
            "                       and 20 dB; wiener-auto: for the delay spread and SNR\n"
            "                       estimated from each subframe's CRS)\n"
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
            "  --help               this text\n"
            "\nMPI: `make mpi` builds build/mpi/ltephy; `mpirun -n N build/mpi/ltephy sim ...`\n"
            "splits the blocks of every point over the ranks with the same results as one\n"
            "process; rank 0 prints and writes the files.\n");
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
        const long stride = sim_nranks();
#pragma omp parallel for schedule(dynamic) num_threads(o->threads) \
    reduction(+ : bits, bit_errors, blocks, block_errors, failed)
        for (long b = first + sim_rank(); b < last; b += stride) {
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
        long v[5] = {bits, bit_errors, blocks, block_errors, failed};
        if (sim_sum(v, 5) < 0 || v[4])
            return -1;
        tot->bits += v[0];
        tot->bit_errors += v[1];
        tot->blocks += v[2];
        tot->block_errors += v[3];
        if (o->min_errors > 0 && tot->block_errors >= o->min_errors)
            break;
    }
    return 0;
}

static const char *alg_name(const sim_opts *o)
{
    if (o->fx_width)
        return o->fx_width == 8 ? "fx8" : "fx16";
    return o->alg == LTE_TURBO_LOG_MAP ? "logmap" : "maxlog";
}

/* The extrinsic scale the decoder applies (the fixed-point models round
 * it to eighths, 0.75 by default). */
static double scale_used(const sim_opts *o)
{
    if (!o->fx_width)
        return o->scale;
    int m = o->scale_given ? (int)lround(8.0 * o->scale) : 6;
    return (m < 1 ? 1 : m) / 8.0;
}

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
               "(threads %d)\n", m->name, alg_name(o), o->K, o->iter, scale_used(o),
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
                                m->name, alg_name(o), o->K, o->iter, scale_used(o),
                                (unsigned long long)o->seed, ebn0, ber, fer, c.blocks,
                                c.bit_errors, c.block_errors);
    }
    if (rc == 0 && g_rank == 0 && o->csv && lte_cli_write_file(o->csv, csv, len) < 0) {
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

/* Options of the link mode (long-option values). */
enum {
    OPT_LINK = 256, OPT_BW, OPT_MCS, OPT_PRB, OPT_TM, OPT_PORTS, OPT_LAYERS, OPT_CODEBOOK,
    OPT_RX, OPT_DUPLEX, OPT_TDDCFG, OPT_CELLID, OPT_CHANNEL, OPT_CORR, OPT_SNR, OPT_SUBFRAMES,
    OPT_HARQ, OPT_CHEST, OPT_CHEST_FREQ, OPT_CHEST_TIME, OPT_JSON, OPT_PLOT, OPT_RMC,
    OPT_PRB_START, OPT_RV_SEQ, OPT_UL_HALFWIN, OPT_FRAME_STRIDE, OPT_HOPPING, OPT_N_SB,
    OPT_HOP_OFFSET, OPT_HOP_MODE, OPT_QM, OPT_ITBS, OPT_PMI, OPT_PMI_DELAY, OPT_CQI,
    OPT_CQI_DELAY, OPT_OLLA, OPT_CQI_FORMAT, OPT_END
};

typedef struct link_opts {
    const char *link;
    lte_linksim_cfg cfg;
    double bw_mhz;
    double snr_start, snr_step, snr_stop;
    long subframes;
    const char *json, *plot;
    const char *rmc;    /* reference channel name as given, or NULL */
    int ports_given;
    int cqi_format;     /* --cqi-format C: 1..15, 0 = not given */
    double olla;        /* --olla STEP (dB), 0 = no outer loop */
} link_opts;

typedef struct link_point {
    double snr_db;
    long blocks;        /* transport blocks (codewords) simulated */
    long first_err;     /* NACK at the first transmission */
    long resid_err;     /* never acknowledged */
    long transmissions; /* subframes used, retransmissions included */
    long bits;          /* bits delivered */
    long offered;       /* sum over transmissions of the TBS they carried: the
                         * bits they could have delivered */
    long cqi_sum, mcs_sum; /* --cqi feedback: sums over the codewords of the CQI
                         * used and the I_MCS chosen */
} link_point;

static const char *link_name(const link_opts *l)
{
    return l->cfg.link == LTE_LINKSIM_PUSCH ? "pusch" : "pdsch";
}

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

static double link_bw_mhz(int n_rb)
{
    static const double bw[6] = {1.4, 3, 5, 10, 15, 20};
    static const int rb[6] = {6, 15, 25, 50, 75, 100};
    for (int i = 0; i < 6; i++)
        if (rb[i] == n_rb)
            return bw[i];
    return n_rb * 0.2; /* not a standard bandwidth: nominal 180 kHz per PRB + guard */
}

/* PUSCH fixed reference channel of 36.104 Annex A by name (ul_frc.h):
 * the bandwidth its requirement tables use, the contiguous allocation from
 * PRB 0, the payload and the modulation. */
static int link_rmc_pusch(link_opts *l)
{
    lte_ul_frc f;
    if (lte_ul_frc_find(l->rmc, &f) < 0) {
        fprintf(stderr, "ltephy sim: --rmc %s: not a fixed reference channel of the PUSCH (%s)\n",
                l->rmc, lte_errdetail());
        return 2;
    }
    if (f.rb_step) {
        fprintf(stderr, "ltephy sim: --rmc %s: its resource blocks are not contiguous, which "
                        "the PUSCH simulator does not support\n", l->rmc);
        return 2;
    }
    lte_linksim_cfg *c = &l->cfg;
    c->cell.n_rb = f.n_rb_ul;
    if (f.n_symb == 10) /* A4-2: 10 data symbols, extended CP (36.104 Table A.4-1) */
        c->cell.cp = LTE_CP_EXTENDED;
    c->n_prb = f.n_rb_alloc;
    c->prb_start = 0;
    c->tbs = f.tbs;
    c->q_m = f.qm;
    c->mcs = f.i_mcs;
    return 0;
}

/* PDSCH reference channel of 36.101 Annex A.3 by name (waveform.h): the
 * bandwidth, the CFI, the TBS per subframe (subframe 0 may differ, subframes
 * without one are skipped), the modulation and the CRS ports (2 ports:
 * transmit diversity, TM2, unless --tm / --ports say otherwise). */
static int link_rmc_pdsch(link_opts *l, const unsigned char *given)
{
    lte_wf_cfg w;
    if (lte_wf_rmc(l->rmc, &w) < 0) {
        fprintf(stderr, "ltephy sim: --rmc %s: not a reference channel of the PDSCH; known:",
                l->rmc);
        for (int i = 0; lte_wf_rmc_name(i); i++)
            fprintf(stderr, " %s", lte_wf_rmc_name(i));
        fprintf(stderr, "\n");
        return 2;
    }
    lte_linksim_cfg *c = &l->cfg;
    /* the payloads are those of the FDD tables (36.101 A.3.3); the TDD
     * channels of A.3.4 size every subframe and the DwPTS on their own */
    if (c->cell.duplex == LTE_TDD) {
        fprintf(stderr, "ltephy sim: --duplex tdd with --rmc %s: the PDSCH reference channels "
                        "here are FDD (36.101 A.3.3); the TDD channels of A.3.4 are not "
                        "available (docs/waveform.md)\n", l->rmc);
        return 2;
    }
    c->cell.n_rb = w.cell.n_rb;
    c->cell.cfi = w.cell.cfi;
    c->cell.cell_id = w.cell.cell_id;
    if (!given[OPT_PORTS]) {
        c->cell.n_ports = w.cell.n_ports;
        l->ports_given = 1;
        if (!given[OPT_TM])
            c->tm = w.cell.n_ports > 1 ? 2 : 1;
    }
    c->n_prb = 0;
    c->sf_skip = 0;
    c->tbs = 0;
    c->mcs = -1; /* the RMC states TBS and modulation, no MCS */
    for (int sf = LTE_NSUBFRAMES - 1; sf >= 0; sf--) {
        if (w.tbs[sf] == 0 || w.prb_mod[sf][0] == 0) {
            c->sf_skip |= 1u << sf;
            continue;
        }
        if (sf > 0 && !c->tbs) {
            c->tbs = w.tbs[sf];
            c->q_m = w.prb_mod[sf][0];
        }
    }
    c->tbs_sf0 = !(c->sf_skip & 1) && w.tbs[0] != c->tbs ? w.tbs[0] : 0;
    /* the redundancy versions of 36.101 Table 8.2.1-1: {0,1,2,3} for QPSK
     * and 16QAM, {0,0,1,2} for 64QAM (unless --rv-seq) */
    if (!c->rv_seq_set) {
        static const int qam[4] = {0, 1, 2, 3}, q64[4] = {0, 0, 1, 2};
        memcpy(c->rv_seq, c->q_m >= 6 ? q64 : qam, sizeof c->rv_seq);
        c->rv_seq_set = 1;
    }
    return 0;
}

static int link_check(link_opts *l, const unsigned char *given)
{
    if (!l->link || (strcmp(l->link, "pdsch") != 0 && strcmp(l->link, "pusch") != 0)) {
        fprintf(stderr, "ltephy sim: --mode link needs --link pdsch or --link pusch%s%s%s\n",
                l->link ? " (not '" : "", l->link ? l->link : "", l->link ? "')" : "");
        return 2;
    }
    const int ul = !strcmp(l->link, "pusch");
    l->cfg.link = ul ? LTE_LINKSIM_PUSCH : LTE_LINKSIM_PDSCH;
    static const struct { int opt; const char *name; } dl_only[] = {
        {OPT_TM, "--tm"}, {OPT_PORTS, "--ports"}, {OPT_LAYERS, "--layers"},
        {OPT_CODEBOOK, "--codebook"}, {OPT_CHEST_FREQ, "--chest-freq"},
        {OPT_CHEST_TIME, "--chest-time"}, {OPT_PMI, "--pmi"}, {OPT_PMI_DELAY, "--pmi-delay"},
        {OPT_CQI, "--cqi"}, {OPT_CQI_DELAY, "--cqi-delay"}, {OPT_OLLA, "--olla"},
        {OPT_CQI_FORMAT, "--cqi-format"}};
    for (size_t i = 0; ul && i < sizeof dl_only / sizeof dl_only[0]; i++)
        if (given[dl_only[i].opt]) {
            fprintf(stderr, "ltephy sim: option '%s' does not apply to --link pusch\n",
                    dl_only[i].name);
            return 2;
        }
    static const struct { int opt; const char *name; } ul_only[] = {
        {OPT_PRB_START, "--prb-start"}, {OPT_UL_HALFWIN, "--pusch-halfwin"},
        {OPT_HOPPING, "--hopping"},     {OPT_N_SB, "--n-sb"},
        {OPT_HOP_OFFSET, "--hopping-offset"}, {OPT_HOP_MODE, "--hopping-mode"},
        {OPT_QM, "--qm"}, {OPT_ITBS, "--itbs"}};
    for (size_t i = 0; !ul && i < sizeof ul_only / sizeof ul_only[0]; i++)
        if (given[ul_only[i].opt]) {
            fprintf(stderr, "ltephy sim: option '%s' applies to --link pusch only\n",
                    ul_only[i].name);
            return 2;
        }
    if (l->cfg.chest_adapt && !l->cfg.chest_estimated) {
        fprintf(stderr, "ltephy sim: --chest-freq wiener-auto needs --chest estimated\n");
        return 2;
    }
    if (given[OPT_PMI_DELAY] && !l->cfg.pmi_feedback) {
        fprintf(stderr, "ltephy sim: --pmi-delay needs --pmi feedback\n");
        return 2;
    }
    if (given[OPT_CQI_DELAY] && !l->cfg.cqi_feedback) {
        fprintf(stderr, "ltephy sim: --cqi-delay needs --cqi feedback\n");
        return 2;
    }
    if (given[OPT_OLLA] && !l->cfg.cqi_feedback) {
        fprintf(stderr, "ltephy sim: --olla needs --cqi feedback\n");
        return 2;
    }
    if (l->cfg.cqi_feedback && (given[OPT_MCS] || l->rmc || l->cqi_format)) {
        fprintf(stderr, "ltephy sim: --cqi feedback chooses the MCS; leave out %s\n",
                given[OPT_MCS] ? "--mcs" : l->rmc ? "--rmc" : "--cqi-format");
        return 2;
    }
    if (l->cfg.cqi_feedback && (l->cfg.tm == 3 || (l->cfg.tm == 4 && !l->cfg.pmi_feedback))) {
        fprintf(stderr, "ltephy sim: --cqi feedback supports TM1, TM2 and TM4 with --pmi feedback "
                        "(not TM%d%s)\n",
                l->cfg.tm, l->cfg.tm == 4 ? " with a fixed codebook" : "");
        return 2;
    }
    if (l->cqi_format && (given[OPT_MCS] || l->rmc)) {
        fprintf(stderr, "ltephy sim: --cqi-format replaces %s; leave that option out\n",
                given[OPT_MCS] ? "--mcs" : "--rmc");
        return 2;
    }
    if (l->cfg.pmi_feedback && l->cfg.tm != 4) {
        fprintf(stderr, "ltephy sim: --pmi feedback is closed-loop TM4: it needs --tm 4 "
                        "(not %d)\n", l->cfg.tm);
        return 2;
    }
    if (!given[OPT_HOPPING] && (given[OPT_N_SB] || given[OPT_HOP_OFFSET] || given[OPT_HOP_MODE])) {
        fprintf(stderr, "ltephy sim: --n-sb, --hopping-offset and --hopping-mode need --hopping\n");
        return 2;
    }
    /* a TBS index and modulation instead of the MCS (how 256QAM is chosen:
     * the 256QAM PUSCH MCS table, 36.213 Table 8.6.1-3, is not carried) */
    if (given[OPT_QM] != given[OPT_ITBS]) {
        fprintf(stderr, "ltephy sim: --qm and --itbs go together (the modulation and the TBS "
                        "index that replace --mcs)\n");
        return 2;
    }
    if (given[OPT_ITBS]) {
        if (given[OPT_MCS] || l->rmc) {
            fprintf(stderr, "ltephy sim: --qm/--itbs replace %s; leave that option out\n",
                    given[OPT_MCS] ? "--mcs" : "--rmc");
            return 2;
        }
        l->cfg.use_itbs = 1;
        l->cfg.mcs = -1;
    }
    l->cfg.cell.n_rb = link_n_rb(l->bw_mhz);
    if (l->rmc) {
        /* an uplink FRC fixes its PRB count, not where they start (as in
         * ltephy waveform): --prb-start stays the user's */
        static const int fixed[] = {OPT_BW, OPT_MCS, OPT_PRB, OPT_PRB_START};
        static const char *const fixed_name[] = {"--bw", "--mcs", "--prb", "--prb-start"};
        for (int i = 0; i < 4; i++)
            if (given[fixed[i]] && !(ul && fixed[i] == OPT_PRB_START)) {
                fprintf(stderr, "ltephy sim: --rmc %s sets %s itself; leave that option out\n",
                        l->rmc, fixed_name[i]);
                return 2;
            }
        int start = l->cfg.prb_start;
        int rc = ul ? link_rmc_pusch(l) : link_rmc_pdsch(l, given);
        if (rc)
            return rc;
        l->bw_mhz = link_bw_mhz(l->cfg.cell.n_rb);
        if (ul && given[OPT_PRB_START]) {
            if (start + l->cfg.n_prb > l->cfg.cell.n_rb) {
                fprintf(stderr, "ltephy sim: --prb-start %d: the %d PRBs of %s end beyond the %d "
                                "uplink PRBs of its %g MHz\n", start, l->cfg.n_prb, l->rmc,
                        l->cfg.cell.n_rb, l->bw_mhz);
                return 2;
            }
            l->cfg.prb_start = start;
        }
    }
    if (ul) {
        l->cfg.cell.n_ports = 1;
        l->cfg.tm = 1;
        l->cfg.chest_freq = LTE_CHEST_FREQ_LINEAR;
        l->cfg.chest_time = LTE_CHEST_TIME_LINEAR;
    } else if (!l->ports_given)
        l->cfg.cell.n_ports = l->cfg.tm == 1 ? 1 : 2;
    if (l->cfg.n_prb > l->cfg.cell.n_rb) {
        fprintf(stderr, "ltephy sim: --prb %d exceeds the %d PRBs of %g MHz\n", l->cfg.n_prb,
                l->cfg.cell.n_rb, l->bw_mhz);
        return 2;
    }
    if (l->cqi_format) {
        /* the CQI's transport format in its CSI reference resource (36.213
         * 7.2.3, csi.h): the I_MCS of lte_cqi_format_get on the allocation,
         * 3 control symbols (CFI 3; 2 below 11 RB, whose control region is
         * CFI + 1), no PBCH / PSS / SSS: subframes 0 and 5 unscheduled */
        lte_cqi_format f;
        lte_linksim_cfg *c = &l->cfg;
        if (c->cell.duplex == LTE_TDD) {
            fprintf(stderr, "ltephy sim: --cqi-format is an FDD setting\n");
            return 2;
        }
        if (lte_cqi_format_get(l->cqi_format, c->n_prb ? c->n_prb : c->cell.n_rb,
                               c->cell.n_ports, c->cell.cp == LTE_CP_EXTENDED, 1, &f) < 0) {
            fprintf(stderr, "ltephy sim: --cqi-format: %s\n", lte_errdetail());
            return 2;
        }
        c->mcs = f.i_mcs;
        c->cell.cfi = c->cell.n_rb <= 10 ? 2 : 3;
        c->sf_skip = 1u << 0 | 1u << 5;
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

/* Outer loop of link adaptation (--olla STEP): transport blocks run in
 * rounds of OLLA_ROUND consecutive indices; every block of round k uses the
 * offset left by the first-transmission outcomes of rounds 0..k-1 (an
 * eNodeB that learns a block's HARQ-ACK about one round trip after sending
 * it). Per codeword, an ACK raises the offset by STEP / 9 and a NACK lowers
 * it by STEP, which settles where 10 % of first transmissions fail; the
 * offset is clamped to +-20 dB. A round's update depends only on its ACK
 * and NACK counts, so the results do not depend on threads or ranks. */
#define OLLA_ROUND 8

/* One SNR point: transport blocks 0..N-1, spread over the threads. Each
 * block's outcome depends only on (seed, index, SNR) (and the outer-loop
 * offset of its round) and the counters are integer sums, so the point does
 * not depend on the thread count. */
static int link_point_run(lte_linksim **ws, const sim_opts *o, const link_opts *l, double snr,
                          long done0, long total, int show, link_point *pt)
{
    long blocks = 0, first_err = 0, resid_err = 0, tx = 0, bits = 0, offered = 0, done = 0;
    long cqi_sum = 0, mcs_sum = 0;
    int failed = 0;
    double last = now_s(), olla_db = 0;
    const long first = sim_rank(), stride = sim_nranks();
    const long round = l->olla > 0 ? OLLA_ROUND : l->subframes > 0 ? l->subframes : 1;
    for (long r0 = 0; r0 < l->subframes; r0 += round) {
        const long r1 = r0 + round < l->subframes ? r0 + round : l->subframes;
        long acks = 0, nacks = 0;
        const int stop = failed; /* an earlier round failed (failed is private below) */
#pragma omp parallel for schedule(dynamic, 1) num_threads(o->threads) \
    reduction(+ : blocks, first_err, resid_err, tx, bits, offered, failed, cqi_sum, mcs_sum, \
              acks, nacks)
        for (long i = r0; i < r1; i++) {
            if (i % stride != first)
                continue;
            int t = 0;
#ifdef _OPENMP
            t = omp_get_thread_num();
#endif
            lte_linksim_result r;
            if (stop || failed || lte_linksim_run_tb_olla(ws[t], snr, i, olla_db, &r) < 0) {
                if (!stop && !failed) {
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
                acks += r.acked_at[q] == 0;
                nacks += r.acked_at[q] != 0;
                cqi_sum += r.cqi[q];
                mcs_sum += r.mcs[q];
            }
            tx += r.n_tx;
            bits += r.bits;
            offered += r.n_tx * r.tb_bits;
            long d;
#pragma omp atomic capture
            d = ++done;
            if (show && t == 0 && now_s() - last > 0.2) {
                last = now_s();
                link_progress(done0 + d * stride, total, snr);
            }
        }
        if (l->olla > 0) {
            long v2[2] = {acks, nacks};
            if (sim_sum(v2, 2) < 0)
                return -1;
            olla_db += l->olla * ((double)v2[0] / 9.0 - (double)v2[1]);
            olla_db = fmax(-20.0, fmin(20.0, olla_db));
        }
    }
    /* every rank's counters summed exactly (integers); a failure anywhere
     * fails the point everywhere */
    long v[9] = {blocks, first_err, resid_err, tx, bits, offered, failed, cqi_sum, mcs_sum};
    if (sim_sum(v, 9) < 0 || v[6])
        return -1;
    *pt = (link_point){snr, v[0], v[1], v[2], v[3], v[4], v[5], v[7], v[8]};
    return 0;
}

static double link_mbps(const link_point *p, const lte_linksim_info *in)
{
    /* delivered bits per used subframe, times the used subframes per ms */
    return p->transmissions ? (double)p->bits * in->dl_per_frame / (1e4 * p->transmissions) : 0;
}

static double link_pct(const link_point *p, const lte_linksim_info *in)
{
    (void)in;
    return p->offered > 0 ? 100.0 * (double)p->bits / (double)p->offered : 0;
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

/* Interpolation of the CRS estimator, "-" with perfect knowledge and for
 * the PUSCH (whose DMRS estimator has no such choices). */
static const char *chest_freq_name(const link_opts *l)
{
    if (!l->cfg.chest_estimated || l->cfg.link == LTE_LINKSIM_PUSCH)
        return "-";
    if (l->cfg.chest_freq == LTE_CHEST_FREQ_WIENER)
        return l->cfg.chest_adapt ? "wiener-auto" : "wiener";
    return "linear";
}

static const char *chest_time_name(const link_opts *l)
{
    if (!l->cfg.chest_estimated || l->cfg.link == LTE_LINKSIM_PUSCH)
        return "-";
    return l->cfg.chest_time == LTE_CHEST_TIME_AVERAGE ? "average" : "linear";
}

static void link_csv(sbuf *b, const sim_opts *o, const link_opts *l, const lte_linksim_info *in,
                     const link_point *pts, int n)
{
    const lte_linksim_cfg *c = &l->cfg;
    sb_printf(b, "link,bw_mhz,n_rb,duplex,tdd_config,tm,ports,rx,mcs,prb,tbs0,tbs1,channel,corr,"
                 "chest,chest_freq,chest_time,harq,seed,snr_db,blocks,bler_first,bler,transmissions,bits,"
                 "throughput_mbps,throughput_pct%s\n",
              c->cqi_feedback ? ",cqi_delay,olla_db,cqi_mean,mcs_mean" : "");
    for (int i = 0; i < n; i++) {
        const link_point *p = &pts[i];
        sb_printf(b, "%s,%g,%d,%s,%d,%d,%d,%d,%d,%d,%d,%d,%s,%s,%s,%s,%s,%d,%llu,%.4f,%ld,%.6e,"
                     "%.6e,%ld,%ld,%.6f,%.4f\n",
                  link_name(l), l->bw_mhz, c->cell.n_rb, c->cell.duplex == LTE_TDD ? "tdd" : "fdd",
                  c->cell.tdd_config, c->tm, c->cell.n_ports, c->n_rx, c->mcs,
                  in->n_prb, in->tbs[0], in->n_cw > 1 ? in->tbs[1] : 0,
                  chan_names[c->channel], corr_names[c->corr], chest_name(l), chest_freq_name(l),
                  chest_time_name(l), c->harq_max, (unsigned long long)o->seed, p->snr_db, p->blocks,
                  ratio(p->first_err, p->blocks), ratio(p->resid_err, p->blocks),
                  p->transmissions, p->bits, link_mbps(p, in), link_pct(p, in));
        if (c->cqi_feedback) { /* only then: the files of fixed-MCS runs stay as they were */
            b->len--; /* the newline */
            sb_printf(b, ",%d,%g,%.4f,%.4f\n", c->cqi_delay, l->olla,
                      ratio(p->cqi_sum, p->blocks), ratio(p->mcs_sum, p->blocks));
        }
    }
}

static int rv_of(const lte_linksim_cfg *c, int j)
{
    static const int def[4] = {0, 2, 3, 1};
    return c->rv_seq_set ? c->rv_seq[j] : def[j];
}

static void link_json(sbuf *b, const sim_opts *o, const link_opts *l, const lte_linksim_info *in,
                      const link_point *pts, int n)
{
    const lte_linksim_cfg *c = &l->cfg;
    sb_printf(b, "{\n  \"link\": \"%s\",\n  \"rmc\": \"%s\",\n  \"config\": {\"bw_mhz\": %g, \"n_rb\": %d, "
                 "\"duplex\": \"%s\", \"tdd_config\": %d, \"cell_id\": %d, \"tm\": %d, "
                 "\"ports\": %d, \"layers\": %d, \"codewords\": %d, \"rx\": %d, \"mcs\": %d, "
                 "\"prb\": %d, \"tbs\": [%d, %d], \"q_m\": [%d, %d], \"channel\": \"%s\", "
                 "\"corr\": \"%s\", \"chest\": \"%s\", \"chest_freq\": \"%s\", "
                 "\"chest_time\": \"%s\", \"harq\": %d, \"subframes\": %ld, "
                 "\"seed\": %llu, \"prb_start\": %d, \"frame_stride\": %d, \"rv_seq\": [%d, %d, %d, %d], "
                 "\"subframes_per_frame\": %d, \"max_mbps\": %.6f",
              link_name(l), l->rmc ? l->rmc : "", l->bw_mhz, c->cell.n_rb, c->cell.duplex == LTE_TDD ? "tdd" : "fdd",
              c->cell.tdd_config, c->cell.cell_id, c->tm, c->cell.n_ports, c->n_layers, in->n_cw,
              c->n_rx, c->mcs, in->n_prb, in->tbs[0],
              in->n_cw > 1 ? in->tbs[1] : 0, in->q_m[0], in->n_cw > 1 ? in->q_m[1] : 0,
              chan_names[c->channel], corr_names[c->corr], chest_name(l), chest_freq_name(l),
              chest_time_name(l), c->harq_max, l->subframes, (unsigned long long)o->seed,
              in->prb_start, c->frame_stride > 1 ? c->frame_stride : 1, rv_of(c, 0), rv_of(c, 1), rv_of(c, 2), rv_of(c, 3), in->dl_per_frame,
              in->max_mbps);
    if (c->pmi_feedback) /* only then: the files of fixed-codebook runs stay as they were */
        sb_printf(b, ", \"pmi\": \"feedback\", \"pmi_delay\": %d", c->pmi_delay);
    if (c->cqi_feedback) /* likewise */
        sb_printf(b, ", \"cqi\": \"feedback\", \"cqi_delay\": %d, \"olla_db\": %g", c->cqi_delay,
                  l->olla);
    sb_printf(b, "},\n  \"points\": [");
    for (int i = 0; i < n; i++) {
        const link_point *p = &pts[i];
        sb_printf(b, "%s\n    {\"snr_db\": %.4f, \"blocks\": %ld, \"bler_first\": %.6e, "
                     "\"bler\": %.6e, \"transmissions\": %ld, \"bits\": %ld, "
                     "\"throughput_mbps\": %.6f, \"throughput_pct\": %.4f}",
                  i ? "," : "", p->snr_db, p->blocks, ratio(p->first_err, p->blocks),
                  ratio(p->resid_err, p->blocks), p->transmissions, p->bits, link_mbps(p, in),
                  link_pct(p, in));
        if (c->cqi_feedback) {
            b->len--; /* the closing brace */
            sb_printf(b, ", \"cqi_mean\": %.4f, \"mcs_mean\": %.4f}", ratio(p->cqi_sum, p->blocks),
                      ratio(p->mcs_sum, p->blocks));
        }
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
              "set title '%s%s%s %g MHz TM%d %dx%d, %d PRB, TBS %d, %s, %s channel, HARQ %d'\n"
              "set xlabel 'SNR (dB, Es/Noc per RE and receive antenna)'\n"
              "set ylabel 'BLER'\nset logscale y\nset yrange [1e-3:1.5]\nset format y '10^{%%L}'\n"
              "set y2label 'throughput (%% of maximum)'\nset y2range [0:105]\nset y2tics\n"
              "set ytics nomirror\nset grid\nset key bottom left\n"
              "plot '%s' using 1:($2 > 0 ? $2 : 1/0) with linespoints title 'BLER, first transmission', \\\n"
              "     '%s' using 1:($3 > 0 ? $3 : 1/0) with linespoints title 'BLER after HARQ', \\\n"
              "     '%s' using 1:4 axes x1y2 with linespoints title 'throughput %%'\n",
              tmp, c->link == LTE_LINKSIM_PUSCH ? "PUSCH" : "PDSCH", l->rmc ? " " : "",
              l->rmc ? l->rmc : "", l->bw_mhz, c->tm, c->cell.n_ports, c->n_rx, in->n_prb, in->tbs[0],
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
    const int ul = c->link == LTE_LINKSIM_PUSCH;
    printf("# ltephy sim --mode link --link %s", link_name(l));
    if (l->rmc)
        printf(" --rmc %s", l->rmc);
    printf(" --bw %g --duplex %s", l->bw_mhz, c->cell.duplex == LTE_TDD ? "tdd" : "fdd");
    if (c->cell.duplex == LTE_TDD)
        printf(" --tdd-config %d", c->cell.tdd_config);
    if (!ul)
        printf(" --tm %d --ports %d", c->tm, c->cell.n_ports);
    printf(" --rx %d", c->n_rx);
    if (l->rmc)
        printf(" (TBS and modulation of the reference channel)");
    else if (c->use_itbs && c->i_tbs == LTE_ITBS_32A)
        printf(" --qm %d --itbs 32A", c->q_m);
    else if (c->use_itbs)
        printf(" --qm %d --itbs %d", c->q_m, c->i_tbs);
    else if (l->cqi_format)
        printf(" --cqi-format %d (I_MCS %d, CFI %d, subframes 0 and 5 unscheduled)",
               l->cqi_format, c->mcs, c->cell.cfi);
    else if (!c->cqi_feedback)
        printf(" --mcs %d", c->mcs);
    printf(" --prb %d", in->n_prb);
    if (ul)
        printf(" --prb-start %d", in->prb_start);
    printf(" --channel %s --corr %s --chest %s", chan_names[c->channel], corr_names[c->corr],
           chest_name(l));
    if (c->chest_estimated && !ul)
        printf(" --chest-freq %s --chest-time %s", chest_freq_name(l), chest_time_name(l));
    if (c->chest_estimated && ul)
        printf(" --pusch-halfwin %d", c->ul_freq_halfwin ? c->ul_freq_halfwin : 3);
    if (c->ul_hop.enabled)
        printf(" --hopping %d --n-sb %d --hopping-offset %d --hopping-mode %s", c->ul_hop.hop_bits,
               c->ul_hop.n_sb, c->ul_hop.hopping_offset,
               c->ul_hop.mode == LTE_PUSCH_HOP_INTER_SF ? "inter" : "intra");
    if (c->rv_seq_set)
        printf(" --rv-seq %d,%d,%d,%d", c->rv_seq[0], c->rv_seq[1], c->rv_seq[2], c->rv_seq[3]);
    if (c->frame_stride > 1)
        printf(" --frame-stride %d", c->frame_stride);
    if (c->pmi_feedback)
        printf(" --layers %d --pmi feedback --pmi-delay %d", c->n_layers ? c->n_layers : 1,
               c->pmi_delay);
    if (c->cqi_feedback) {
        printf(" --cqi feedback --cqi-delay %d", c->cqi_delay);
        if (l->olla > 0)
            printf(" --olla %g", l->olla);
    }
    printf(" --harq %d --subframes %ld --seed %llu (threads %d)\n", c->harq_max,
           l->subframes, (unsigned long long)o->seed, o->threads);
    if (c->cqi_feedback) {
        printf("# codewords %d, MCS per transport block from the CQI reports (link adaptation)\n",
               in->n_cw);
        printf("%8s %10s %10s %7s %10s %7s %7s %7s %7s\n", "SNR_dB", "BLER_1st", "BLER", "tx/TB",
               "Mbit/s", "%max", "CQI", "MCS", "time_s");
        fflush(stdout);
        return;
    }
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
    if (g_rank != 0)
        return 0;
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
    const int show = g_rank == 0 && isatty(2);
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
        if (l->cfg.cqi_feedback)
            printf("%8.2f %10.4f %10.4f %7.3f %10.3f %7.2f %7.2f %7.2f %7.1f\n", p->snr_db,
                   ratio(p->first_err, p->blocks), ratio(p->resid_err, p->blocks),
                   ratio(p->transmissions, l->subframes), link_mbps(p, &in), link_pct(p, &in),
                   ratio(p->cqi_sum, p->blocks), ratio(p->mcs_sum, p->blocks), now_s() - t0);
        else
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
        if ((k = pick(arg, (const char *const[]){"linear", "wiener", "wiener-auto"}, 3)) < 0)
            return "--chest-freq (linear, wiener or wiener-auto)";
        c->chest_freq = k ? LTE_CHEST_FREQ_WIENER : LTE_CHEST_FREQ_LINEAR;
        c->chest_adapt = k == 2;
        return NULL;
    case OPT_CHEST_TIME:
        if ((k = pick(arg, (const char *const[]){"linear", "average"}, 2)) < 0)
            return "--chest-time (linear or average)";
        c->chest_time = k ? LTE_CHEST_TIME_AVERAGE : LTE_CHEST_TIME_LINEAR;
        return NULL;
    case OPT_JSON: l->json = arg; return NULL;
    case OPT_PLOT: l->plot = arg; return NULL;
    case OPT_QM:
        if (parse_long(arg, 2, 8, &v) < 0 || v % 2)
            return "--qm (2, 4, 6 or 8)";
        c->q_m = (int)v;
        return NULL;
    case OPT_ITBS:
        if (!strcasecmp(arg, "32A")) {
            c->i_tbs = LTE_ITBS_32A;
            return NULL;
        }
        if (parse_long(arg, 0, LTE_TBS_NUM_ITBS - 1, &v) < 0)
            return "--itbs (0..33 or 32A)";
        c->i_tbs = (int)v;
        return NULL;
    case OPT_RMC:
        if (!*arg || strpbrk(arg, "'\"\n\\"))
            return "--rmc (a reference channel name)";
        l->rmc = arg;
        return NULL;
    case OPT_PRB_START:
        if (parse_long(arg, 0, LTE_MAX_RB - 1, &v) < 0)
            return "--prb-start (0..109)";
        c->prb_start = (int)v;
        return NULL;
    case OPT_FRAME_STRIDE:
        if (parse_long(arg, 1, 1000, &v) < 0)
            return "--frame-stride (1..1000)";
        c->frame_stride = (int)v;
        return NULL;
    case OPT_UL_HALFWIN:
        if (parse_long(arg, 1, 5, &v) < 0)
            return "--pusch-halfwin (1..5)";
        c->ul_freq_halfwin = (int)v;
        return NULL;
    case OPT_HOPPING:
        if (parse_long(arg, 0, 3, &v) < 0)
            return "--hopping (the N_UL_hop bits of 36.213 Table 8.4-2 as a number, 0..3)";
        c->ul_hop.enabled = 1;
        c->ul_hop.hop_bits = (int)v;
        if (!c->ul_hop.n_sb)
            c->ul_hop.n_sb = 1;
        return NULL;
    case OPT_N_SB:
        if (parse_long(arg, 1, 4, &v) < 0)
            return "--n-sb (1..4)";
        c->ul_hop.n_sb = (int)v;
        return NULL;
    case OPT_HOP_OFFSET:
        if (parse_long(arg, 0, 98, &v) < 0)
            return "--hopping-offset (N_RB^HO, 0..98)";
        c->ul_hop.hopping_offset = (int)v;
        return NULL;
    case OPT_HOP_MODE:
        if (!strcmp(arg, "inter"))
            c->ul_hop.mode = LTE_PUSCH_HOP_INTER_SF;
        else if (!strcmp(arg, "intra"))
            c->ul_hop.mode = LTE_PUSCH_HOP_INTRA_INTER_SF;
        else
            return "--hopping-mode (inter or intra)";
        return NULL;
    case OPT_PMI:
        if ((k = pick(arg, (const char *const[]){"fixed", "feedback"}, 2)) < 0)
            return "--pmi (fixed or feedback)";
        c->pmi_feedback = k;
        return NULL;
    case OPT_PMI_DELAY:
        if (parse_long(arg, 0, 1000, &v) < 0)
            return "--pmi-delay (0..1000 subframes)";
        c->pmi_delay = (int)v;
        return NULL;
    case OPT_CQI:
        if ((k = pick(arg, (const char *const[]){"fixed", "feedback"}, 2)) < 0)
            return "--cqi (fixed or feedback)";
        c->cqi_feedback = k;
        return NULL;
    case OPT_CQI_DELAY:
        if (parse_long(arg, 4, 1000, &v) < 0)
            return "--cqi-delay (4..1000 subframes)";
        c->cqi_delay = (int)v;
        return NULL;
    case OPT_OLLA:
        l->olla = strtod(arg, &end);
        return end == arg || *end || !(l->olla > 0 && l->olla <= 3) ? "--olla (0 < STEP <= 3 dB)"
                                                                    : NULL;
    case OPT_CQI_FORMAT:
        if (parse_long(arg, 1, LTE_CQI_MAX, &v) < 0)
            return "--cqi-format (1..15)";
        l->cqi_format = (int)v;
        return NULL;
    case OPT_RV_SEQ: {
        int r[4], n = 0;
        char tail;
        if (sscanf(arg, "%d,%d,%d,%d%c", &r[0], &r[1], &r[2], &r[3], &tail) != 4)
            return "--rv-seq (four redundancy versions 0..3, e.g. 0,1,2,3)";
        for (int j = 0; j < 4; j++)
            n += r[j] >= 0 && r[j] <= 3;
        if (n != 4)
            return "--rv-seq (four redundancy versions 0..3, e.g. 0,1,2,3)";
        memcpy(c->rv_seq, r, sizeof r);
        c->rv_seq_set = 1;
        return NULL;
    }
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

static int cmd_sim_main(int argc, char **argv)
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
        {"rmc", required_argument, 0, OPT_RMC},
        {"prb-start", required_argument, 0, OPT_PRB_START},
        {"rv-seq", required_argument, 0, OPT_RV_SEQ},
        {"pusch-halfwin", required_argument, 0, OPT_UL_HALFWIN},
        {"hopping", required_argument, 0, OPT_HOPPING},
        {"n-sb", required_argument, 0, OPT_N_SB},
        {"hopping-offset", required_argument, 0, OPT_HOP_OFFSET},
        {"hopping-mode", required_argument, 0, OPT_HOP_MODE},
        {"frame-stride", required_argument, 0, OPT_FRAME_STRIDE},
        {"qm", required_argument, 0, OPT_QM}, {"itbs", required_argument, 0, OPT_ITBS},
        {"pmi", required_argument, 0, OPT_PMI},
        {"pmi-delay", required_argument, 0, OPT_PMI_DELAY},
        {"cqi", required_argument, 0, OPT_CQI},
        {"cqi-delay", required_argument, 0, OPT_CQI_DELAY},
        {"olla", required_argument, 0, OPT_OLLA},
        {"cqi-format", required_argument, 0, OPT_CQI_FORMAT},
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
            else if (!strcmp(optarg, "fx8") || !strcmp(optarg, "fx16"))
                o.fx_width = optarg[2] == '8' ? 8 : 16;
            else
                bad = "--alg (logmap, maxlog, fx8 or fx16)";
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
            o.scale_given = 1;
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
        if (rc || (rc = link_check(&l, given)))
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
/* Under MPI every rank parses the same arguments, so they all take the same
 * path; ranks other than 0 print nothing on stdout. */
static int cmd_sim(int argc, char **argv)
{
#ifdef LTEPHY_MPI
    int provided, inited = 0;
    MPI_Initialized(&inited);
    if (!inited && MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "ltephy sim: MPI_Init_thread failed\n");
        return 1;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_nranks);
    if (g_rank != 0 && !freopen("/dev/null", "w", stdout))
        return 1;
    int rc = cmd_sim_main(argc, argv);
    fflush(stdout);
    if (!inited)
        MPI_Finalize();
    return rc;
#else
    return cmd_sim_main(argc, argv);
#endif
}
LTE_CMD(sim, "Monte-Carlo BER/FER curves: turbo coding, PDSCH and PUSCH links with HARQ", cmd_sim)
