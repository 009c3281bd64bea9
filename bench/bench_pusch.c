/* Benchmarks of the PUSCH receiver stage by stage and as a whole, and of the
 * transmitter: 20 MHz (100 PRB, 2048-point FFT), the whole band allocated,
 * MCS 28 (64QAM, I_TBS 26, TBS 75376), 2 HARQ-ACK + 1 RI + 20 CQI bits,
 * normal CP, AWGN at 30 dB on a flat unit channel (high SNR: the turbo
 * decoder stops after its first CRC check), 1 and 2 RX antennas.
 * The goal: the whole receiver <= 250 us per subframe, 1 RX, one
 * thread (run with --threads 1, the default). The receiver uses the 8-bit
 * fixed-point turbo decoder (lte_pusch_cfg.decoder = LTE_SCH_DEC_FX8);
 * pusch_rx_decode_float / pusch_rx_total_float are the same with the float
 * reference decoder, the baseline in the same run; pusch_rx_decode_half /
 * pusch_rx_total_half with the 8-bit decoder also stopping after a
 * half-iteration whose decisions pass the CRC (lte_pusch_cfg.half_stop).
 * The *_measure rows: the same receivers (8-bit decoder; _half_measure with
 * half-iteration stopping) created with lte_pusch_cfg.fft_flags =
 * LTE_FFT_MEASURE, FFTW plans timed at set-up, as a throughput user would run
 * (the default, ESTIMATE, gives the same bits in every process); their
 * set-up takes seconds unless `--wisdom FILE` has the plans.
 * Every receiver here has release_ok (lte_pusch_cfg: a first transmission's
 * soft values are stored only if its TB fails); each timed decode is a new
 * TB, the HARQ buffer reset before it.
 * Every SIMD path:
 * `ltephy bench --path all pusch_rx`.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "kernels/internal.h"
#include "ltephy/channel.h"
#include "ltephy/fft.h"
#include "ltephy/pusch.h"
#include "ltephy/rng.h"
#include "ltephy/scrambling.h"
#include "ltephy/tables.h"

#define NRB 100
#define MCS 28

typedef struct pb {
    lte_pusch *p, *pf, *ph; /* 8-bit, float, 8-bit with half-iteration stopping */
    lte_pusch *pm, *pmh;    /* p and ph with LTE_FFT_MEASURE plans */
    lte_pusch_grant g;
    lte_sch_harq *harq;
    lte_ulsch *ul; /* a second UL-SCH object for the descrambling/deinterleaving benches */
    lte_ulsch_sizes s;
    uint32_t c_init;
    int n_rx;
    float complex *smp[LTE_PUSCH_MAX_RX];
    uint8_t *tb, *tbd, cqi[20], ri[1], ack[2];
    float *llr, *lf, *lc, *lr, *la;
    lte_pusch_rx_result res;
    int rc; /* the last stage call's return: checked after timing */
} pb;

static void op_tx(void *a)
{
    pb *b = a;
    b->rc = lte_pusch_tx(b->p, &b->g, b->tb, b->cqi, b->ri, b->ack, NULL, b->smp[0]);
}
static void op_demod(void *a)
{
    pb *b = a;
    b->rc = 0;
    for (int r = 0; r < b->n_rx; r++)
        b->rc |= lte_pusch_rx_demod(b->p, r, b->smp[r]);
}
static void op_chest(void *a)
{
    pb *b = a;
    b->rc = lte_pusch_rx_chest(b->p, &b->g);
}
static void op_eq(void *a)
{
    pb *b = a;
    b->rc = lte_pusch_rx_equalize(b->p, &b->g);
}
static void op_idft(void *a)
{
    pb *b = a;
    b->rc = lte_pusch_rx_idft(b->p, &b->g);
}
static void op_demap(void *a)
{
    pb *b = a;
    b->rc = lte_pusch_rx_demap(b->p, &b->g);
}
static void op_descramble(void *a)
{
    pb *b = a; /* in place on a copy: the values change, the work does not */
    b->rc = lte_ulsch_descramble(b->ul, &b->g.ul, b->c_init, b->llr);
}
static void op_deinterleave(void *a)
{
    pb *b = a;
    b->rc = lte_ulsch_deinterleave(&b->s, b->llr, b->lf, b->lc, b->lr, b->la);
}
static void op_harq_reset(void *a)
{
    pb *b = a;
    lte_sch_harq_reset(b->harq);
    b->rc = 0;
}
static void op_decode(void *a)
{
    pb *b = a; /* a new transport block each time: reset, then decode */
    uint8_t cqi[20], ri[1], ack[2];
    lte_sch_harq_reset(b->harq);
    b->rc = lte_pusch_rx_decode(b->p, &b->g, b->harq, b->tbd, cqi, ri, ack, &b->res);
}
static void op_decode_float(void *a)
{
    pb *b = a;
    uint8_t cqi[20], ri[1], ack[2];
    lte_sch_harq_reset(b->harq);
    b->rc = lte_pusch_rx_decode(b->pf, &b->g, b->harq, b->tbd, cqi, ri, ack, &b->res);
}
static void op_decode_half(void *a)
{
    pb *b = a;
    uint8_t cqi[20], ri[1], ack[2];
    lte_sch_harq_reset(b->harq);
    b->rc = lte_pusch_rx_decode(b->ph, &b->g, b->harq, b->tbd, cqi, ri, ack, &b->res);
}
static void op_demod_m(void *a)
{
    pb *b = a;
    b->rc = 0;
    for (int r = 0; r < b->n_rx; r++)
        b->rc |= lte_pusch_rx_demod(b->pm, r, b->smp[r]);
}
static void op_idft_m(void *a)
{
    pb *b = a;
    b->rc = lte_pusch_rx_idft(b->pm, &b->g);
}
static void rx_with(pb *b, lte_pusch *p)
{
    uint8_t cqi[20], ri[1], ack[2];
    lte_sch_harq_reset(b->harq);
    b->rc = lte_pusch_rx(p, &b->g, (const float complex *const *)b->smp, b->harq, b->tbd, cqi, ri,
                         ack, &b->res);
}
static void op_rx_m(void *a)
{
    rx_with(a, ((pb *)a)->pm);
}
static void op_rx_mh(void *a)
{
    rx_with(a, ((pb *)a)->pmh);
}
static void op_rx(void *a)
{
    rx_with(a, ((pb *)a)->p);
}
static void op_rx_float(void *a)
{
    rx_with(a, ((pb *)a)->pf);
}
static void op_rx_half(void *a)
{
    rx_with(a, ((pb *)a)->ph);
}

static void pb_free(pb *b)
{
    lte_pusch_destroy(b->p);
    lte_pusch_destroy(b->pf);
    lte_pusch_destroy(b->ph);
    lte_pusch_destroy(b->pm);
    lte_pusch_destroy(b->pmh);
    lte_sch_harq_destroy(b->harq);
    lte_ulsch_destroy(b->ul);
    for (int r = 0; r < LTE_PUSCH_MAX_RX; r++)
        lte_free(b->smp[r]);
    lte_free(b->tb);
    lte_free(b->tbd);
    lte_free(b->llr);
    lte_free(b->lf);
    lte_free(b->lc);
    lte_free(b->lr);
    lte_free(b->la);
}

/* Object, grant, one transmitted subframe through AWGN to n_rx antennas, and
 * one full reception so that every stage has its input. */
static int pb_setup(pb *b, int n_rx, int threads, lte_simd_path path)
{
    memset(b, 0, sizeof *b);
    b->n_rx = n_rx;
    int q_m, i_tbs;
    lte_pusch_grant *g = &b->g;
    if (lte_mcs_lookup(LTE_MCS_PUSCH, MCS, &q_m, &i_tbs) < 0 || lte_tbs(i_tbs, NRB, &g->ul.tbs) < 0)
        return -1;
    g->subframe = 4;
    g->rnti = 0x1234;
    g->cyclic_shift = 2;
    g->cs_field = 1;
    g->ul = (lte_ulsch_cfg){NRB, 0, 0, q_m, g->ul.tbs, 0, 2, 1, 20, 8, 6, 9, 0, 0, 0};
    lte_pusch_cfg c = {0};
    c.n_rb_ul = NRB;
    c.cell_id = 77;
    c.n_rx = n_rx;
    c.tbs_max = g->ul.tbs;
    c.threads = threads;
    c.simd = path;
    c.decoder = LTE_SCH_DEC_FX8;
    c.release_ok = 1; /* every timed decode is a new TB (reset before it) */
    lte_pusch_cfg cf = c;
    cf.decoder = LTE_SCH_DEC_FLOAT;
    lte_sch_cfg sc = {0};
    sc.uplink = 1;
    sc.tbs_max = g->ul.tbs;
    sc.alg = LTE_TURBO_MAX_LOG_MAP;
    sc.ext_scale = 0.75f;
    sc.max_iter = 8;
    sc.threads = threads;
    sc.simd = path;
    sc.release_ok = 1;
    lte_pusch_cfg ch = c;
    ch.half_stop = 1;
    lte_pusch_cfg cm = c, cmh = ch;
    cm.fft_flags = cmh.fft_flags = LTE_FFT_MEASURE;
    if (lte_pusch_create(&c, &b->p) < 0 || lte_pusch_create(&cf, &b->pf) < 0 ||
        lte_pusch_create(&ch, &b->ph) < 0 || lte_pusch_create(&cm, &b->pm) < 0 ||
        lte_pusch_create(&cmh, &b->pmh) < 0 || lte_sch_harq_create(g->ul.tbs, &b->harq) < 0 ||
        lte_ulsch_create(&sc, &b->ul) < 0 || lte_ulsch_sizes_get(&g->ul, &b->s) < 0 ||
        lte_scr_cinit_pusch(g->rnti, 0, 2 * g->subframe, c.cell_id, &b->c_init) < 0)
        return -1;
    size_t slen = (size_t)lte_pusch_subframe_len(b->p), nb = (size_t)b->s.n_bits;
    for (int r = 0; r < n_rx; r++)
        if (!(b->smp[r] = lte_alloc(slen * sizeof(float complex))))
            return -1;
    b->tb = lte_alloc((size_t)g->ul.tbs);
    b->tbd = lte_alloc((size_t)g->ul.tbs);
    b->llr = lte_alloc(nb * sizeof(float));
    b->lf = lte_alloc(nb * sizeof(float));
    b->lc = lte_alloc(nb * sizeof(float));
    b->lr = lte_alloc(nb * sizeof(float));
    b->la = lte_alloc(nb * sizeof(float));
    if (!b->tb || !b->tbd || !b->llr || !b->lf || !b->lc || !b->lr || !b->la)
        return -1;
    lte_rng rng;
    lte_rng_seed(&rng, 2025);
    lte_rng_bits(&rng, b->tb, g->ul.tbs);
    lte_rng_bits(&rng, b->cqi, 20);
    lte_rng_bits(&rng, b->ri, 1);
    lte_rng_bits(&rng, b->ack, 2);
    if (lte_pusch_tx(b->p, g, b->tb, b->cqi, b->ri, b->ack, NULL, b->smp[0]) < 0)
        return -1;
    for (int r = 1; r < n_rx; r++)
        memcpy(b->smp[r], b->smp[0], slen * sizeof(float complex));
    for (int r = 0; r < n_rx; r++)
        if (lte_awgn_add(&rng, b->smp[r], (int)slen, 1e-3) < 0)
            return -1;
    op_rx_float(b); /* leaves pf's descrambled soft bits for pusch_rx_decode_float */
    if (!b->res.ul.data.crc_ok)
        return -1;
    op_rx_half(b); /* and ph's for pusch_rx_decode_half */
    if (!b->res.ul.data.crc_ok)
        return -1;
    op_rx_mh(b);
    if (!b->res.ul.data.crc_ok)
        return -1;
    op_rx_m(b); /* leaves pm after the IDFT for pusch_rx_idft_measure */
    if (!b->res.ul.data.crc_ok)
        return -1;
    op_rx(b);
    const void *v;
    int n;
    if (!b->res.ul.data.crc_ok || lte_pusch_stage_get(b->p, LTE_PUSCH_RX_LLR, 0, &v, &n) < 0)
        return -1;
    memcpy(b->llr, v, (size_t)n * sizeof(float));
    return 0;
}

static void bench_rx(lte_bench_ctx *ctx)
{
    for (int n_rx = 1; n_rx <= 2; n_rx++) {
        pb b;
        if (pb_setup(&b, n_rx, ctx->threads, ctx->path) < 0) {
            lte_bench_fail(ctx, "set-up failed (or the reference reception did not decode)");
            pb_free(&b);
            return;
        }
        static const struct {
            const char *name;
            void (*op)(void *);
        } st[] = {
            {"pusch_rx_scfdma_demod", op_demod}, {"pusch_rx_chest", op_chest},
            {"pusch_rx_equalize", op_eq},        {"pusch_rx_idft", op_idft},
            {"pusch_rx_demap", op_demap},        {"pusch_rx_descramble", op_descramble},
            {"pusch_rx_deinterleave", op_deinterleave},
            {"pusch_rx_harq_reset", op_harq_reset},
            {"pusch_rx_decode", op_decode},      {"pusch_rx_decode_float", op_decode_float},
            {"pusch_rx_decode_half", op_decode_half},
            {"pusch_rx_total", op_rx},           {"pusch_rx_total_float", op_rx_float},
            {"pusch_rx_total_half", op_rx_half},
            /* after the whole reception: pm's state allows the IDFT alone */
            {"pusch_rx_idft_measure", op_idft_m},
            {"pusch_rx_total_measure", op_rx_m}, {"pusch_rx_total_half_measure", op_rx_mh},
            {"pusch_rx_scfdma_demod_measure", op_demod_m},
        };
        int bad = 0;
        for (size_t i = 0; i < LTE_ARRAY_LEN(st) && !bad; i++) {
            /* the decoder reads the object's descrambled soft bits */
            if (st[i].op == op_decode && lte_pusch_rx_descramble(b.p, &b.g) < 0)
                bad = 1;
            double t = lte_bench_time(ctx, st[i].op, &b);
            bad |= b.rc != 0;
            lte_bench_result(ctx, st[i].name, t * 1e6, "us",
                             "n_rb=%d mcs=%d tbs=%d n_rx=%d threads=%d iter_max=%d half_stop=%d",
                             NRB, MCS, b.g.ul.tbs, n_rx, ctx->threads,
                             b.res.ul.data.iterations_max, strstr(st[i].name, "_half") != NULL);
        }
        if (bad || !b.res.ul.data.crc_ok)
            lte_bench_fail(ctx, "a stage failed or the timed receptions did not decode");
        pb_free(&b);
    }
}
LTE_BENCH(pusch_rx, 1, bench_rx)

static void bench_tx(lte_bench_ctx *ctx)
{
    pb b;
    if (pb_setup(&b, 1, ctx->threads, LTE_SIMD_AUTO) < 0) {
        lte_bench_fail(ctx, "set-up failed");
        pb_free(&b);
        return;
    }
    double t = lte_bench_time(ctx, op_tx, &b);
    if (b.rc != 0)
        lte_bench_fail(ctx, "lte_pusch_tx failed");
    lte_bench_result(ctx, "pusch_tx_total", t * 1e6, "us", "n_rb=%d mcs=%d tbs=%d", NRB, MCS,
                     b.g.ul.tbs);
    pb_free(&b);
}
LTE_BENCH(pusch_tx, 0, bench_tx)

/* lte_pusch_hop_prb, the per-call cost frequency hopping adds to every
 * transmitter and receiver stage (each validates the grant): type 2 with 4
 * sub-bands in subframe 9, intra- and inter-subframe (i = 19: the longest
 * f_hop recursion and Gold sequence), and type 1. */
typedef struct hb {
    lte_pusch_hopping h;
    int prb[2], rc;
} hb;

static void op_hop(void *a)
{
    hb *b = a;
    b->rc |= lte_pusch_hop_prb(NRB, 77, &b->h, 30, 20, 9, b->prb);
}

static void bench_hop(lte_bench_ctx *ctx)
{
    hb t2 = {{1, 3, 4, 8, LTE_PUSCH_HOP_INTRA_INTER_SF, 0, 0, 0}, {0, 0}, 0};
    hb t1 = {{1, 0, 1, 8, LTE_PUSCH_HOP_INTRA_INTER_SF, 0, 0, 0}, {0, 0}, 0};
    double a = lte_bench_time(ctx, op_hop, &t2), b = lte_bench_time(ctx, op_hop, &t1);
    if (t1.rc || t2.rc)
        lte_bench_fail(ctx, "lte_pusch_hop_prb failed");
    lte_bench_result(ctx, "pusch_hop_prb_type2", a * 1e6, "us", "n_rb=%d n_sb=4 subframe=9", NRB);
    lte_bench_result(ctx, "pusch_hop_prb_type1", b * 1e6, "us", "n_rb=%d", NRB);
}
LTE_BENCH(pusch_hop, 0, bench_hop)
