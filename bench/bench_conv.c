/* Benchmarks of tail-biting Viterbi decoding (36.212 §5.1.3.1) as used by the
 * control channels: the BCH (24-bit MIB + CRC16 = 40 bits, E = 1920) and a
 * 45-bit DCI at aggregation level 1 (K = 61, E = 72). Decoding time does not
 * depend much on the values, so noiseless soft values are used.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "bench/bench.h"
#include "ltephy/control.h"
#include "ltephy/conv.h"

typedef struct conv_job {
    lte_ctrl_dec *ctrl;
    lte_conv_dec *vit;
    int E, A, K;
    float llr[LTE_BCH_E_NORMAL];
    int8_t qllr[LTE_BCH_E_NORMAL];
    float l[3][64];
    int8_t q[3][64];
    lte_simd_path path;
    uint8_t out[64];
    volatile int sink;
} conv_job;

static void op_bch(void *arg)
{
    conv_job *j = arg;
    int n = 0;
    j->sink = lte_bch_decode(j->ctrl, j->llr, j->E, 0, j->out, &n) + n;
}

static void op_dci(void *arg)
{
    conv_job *j = arg;
    uint16_t rnti = 0;
    j->sink = lte_dci_decode(j->ctrl, j->llr, j->E, j->A, -1, j->out, &rnti) + rnti;
}

static void op_viterbi(void *arg)
{
    conv_job *j = arg;
    j->sink = lte_conv_dec_run(j->vit, j->l[0], j->l[1], j->l[2], j->K, j->out, NULL);
}

static void op_viterbi_i8(void *arg)
{
    conv_job *j = arg;
    j->sink = lte_conv_dec_run_i8(j->vit, j->q[0], j->q[1], j->q[2], j->K, j->path, j->out,
                                  NULL);
}

static void op_bch_i8(void *arg)
{
    conv_job *j = arg;
    uint16_t mask = 0;
    j->sink = lte_ctrl_decode_i8(j->ctrl, j->qllr, j->E, LTE_BCH_A, j->path, j->out, &mask) +
              mask;
}

static void fill_bits(uint8_t *b, int n, uint32_t seed)
{
    for (int i = 0; i < n; i++) {
        seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
        b[i] = (uint8_t)(seed & 1);
    }
}

static void to_llr(const uint8_t *e, int n, float *l)
{
    for (int i = 0; i < n; i++)
        l[i] = e[i] ? -1.0f : 1.0f;
}

static conv_job *job_new(lte_conv_method method)
{
    conv_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    lte_conv_dec_cfg cfg = {.k_max = 64, .g = {LTE_CONV_G0, LTE_CONV_G1, LTE_CONV_G2},
                            .method = method};
    if (lte_ctrl_dec_create(&j->ctrl) < 0 || lte_conv_dec_create(&cfg, &j->vit) < 0) {
        lte_ctrl_dec_destroy(j->ctrl);
        free(j);
        return NULL;
    }
    return j;
}

static void job_free(conv_job *j)
{
    lte_ctrl_dec_destroy(j->ctrl);
    lte_conv_dec_destroy(j->vit);
    free(j);
}

static void bench_conv_control(lte_bench_ctx *ctx)
{
    conv_job *j = job_new(LTE_CONV_WAVA);
    if (!j) {
        lte_bench_fail(ctx, "decoder creation failed");
        return;
    }
    uint8_t a[64], e[LTE_BCH_E_NORMAL];

    /* BCH: full decode (de-rate-match 1920 -> 3x40, Viterbi, CRC, masks) */
    j->E = LTE_BCH_E_NORMAL;
    fill_bits(a, LTE_BCH_A, 0x1234567u);
    lte_bch_encode(a, 2, j->E, e);
    to_llr(e, j->E, j->llr);
    double t = lte_bench_time(ctx, op_bch, j);
    lte_bench_result(ctx, "bch_decode", t * 1e6, "us", "K=40 E=%d", j->E);

    /* DCI format-1A-sized payload at L = 1 */
    j->A = 45;
    j->E = 72;
    fill_bits(a, j->A, 0x7654321u);
    lte_dci_encode(a, j->A, 0x1234, -1, j->E, e);
    to_llr(e, j->E, j->llr);
    t = lte_bench_time(ctx, op_dci, j);
    lte_bench_result(ctx, "dci_decode", t * 1e6, "us", "A=%d K=%d E=%d", j->A, j->A + 16, j->E);
    job_free(j);
}

static void bench_conv_viterbi(lte_bench_ctx *ctx)
{
    static const struct {
        lte_conv_method m;
        const char *name;
    } methods[] = {{LTE_CONV_WAVA, "viterbi_wava"}, {LTE_CONV_ML, "viterbi_ml"}};
    static const unsigned g[3] = {LTE_CONV_G0, LTE_CONV_G1, LTE_CONV_G2};
    for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++) {
        conv_job *j = job_new(methods[k].m);
        if (!j) {
            lte_bench_fail(ctx, "decoder creation failed");
            return;
        }
        uint8_t c[64], d[3][64];
        int ks[2] = {40, 61};
        for (int q = 0; q < 2; q++) {
            j->K = ks[q];
            fill_bits(c, j->K, 0xabcdefu + (uint32_t)q);
            lte_conv_encode(c, j->K, g, d[0], d[1], d[2]);
            for (int i = 0; i < 3; i++)
                to_llr(d[i], j->K, j->l[i]);
            double t = lte_bench_time(ctx, op_viterbi, j);
            lte_bench_result(ctx, methods[k].name, t * 1e6, "us", "K=%d", j->K);
            lte_bench_result(ctx, methods[k].name, j->K / t * 1e-6, "Mbit/s", "K=%d", j->K);
        }
        job_free(j);
    }
}

/* The fixed-point WAVA decoder per SIMD path, on noisy-looking input (a
 * codeword with every 5th soft value weakened and every 11th flipped) so
 * that the passes and early stop behave as on a real channel. */
static void bench_conv_viterbi_i8(lte_bench_ctx *ctx)
{
    conv_job *j = job_new(LTE_CONV_WAVA);
    if (!j) {
        lte_bench_fail(ctx, "decoder creation failed");
        return;
    }
    static const unsigned g[3] = {LTE_CONV_G0, LTE_CONV_G1, LTE_CONV_G2};
    uint8_t c[64], d[3][64];
    int ks[2] = {40, 61};
    j->path = ctx->path;
    for (int q = 0; q < 2; q++) {
        j->K = ks[q];
        fill_bits(c, j->K, 0x13579bu + (uint32_t)q);
        lte_conv_encode(c, j->K, g, d[0], d[1], d[2]);
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < j->K; k++) {
                int n = 3 * k + i, v = d[i][k] ? -40 : 40;
                j->q[i][k] = (int8_t)(n % 11 == 0 ? -v : n % 5 == 0 ? v / 4 : v);
            }
        double t = lte_bench_time(ctx, op_viterbi_i8, j);
        lte_bench_result(ctx, "viterbi_wava_i8", t * 1e6, "us", "K=%d", j->K);
        lte_bench_result(ctx, "viterbi_wava_i8", j->K / t * 1e-6, "Mbit/s", "K=%d", j->K);
    }

    /* the whole fixed-point BCH chain: de-matching 1920 int8 values + Viterbi */
    uint8_t a[LTE_BCH_A], e[LTE_BCH_E_NORMAL];
    j->E = LTE_BCH_E_NORMAL;
    fill_bits(a, LTE_BCH_A, 0x2468aceu);
    lte_bch_encode(a, 4, j->E, e);
    for (int k = 0; k < j->E; k++)
        j->qllr[k] = (int8_t)(e[k] ? -5 : 5);
    double t = lte_bench_time(ctx, op_bch_i8, j);
    lte_bench_result(ctx, "bch_decode_i8", t * 1e6, "us", "K=40 E=%d", j->E);
    job_free(j);
}

LTE_BENCH(conv_control, 0, bench_conv_control)
LTE_BENCH(conv_viterbi, 0, bench_conv_viterbi)
LTE_BENCH(conv_viterbi_i8, 1, bench_conv_viterbi_i8)
