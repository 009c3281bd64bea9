/* Benchmarks of whole transport-block coding: DL-SCH encoding of a 20 MHz
 * transport block (TBS 75376, MCS 28, 13 code blocks) and its decoding with
 * the float reference decoder and the fixed-point ones; for the 8-bit
 * decoder also a first transmission followed by a retransmission (rv 2) of
 * the same TB, which combines with the soft values of the first (the HARQ
 * buffer's slow path).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "bench.h"
#include "ltephy/sch.h"

#define TBS 75376
#define G 86400 /* 100 PRB, 64QAM, 1 port, CFI 1 region: 14400 REs x 6 bits */

typedef struct enc_arg {
    lte_sch_enc *enc;
    lte_sch_tx tx;
    uint8_t *tb, *f;
} enc_arg;

static void op_encode(void *p)
{
    enc_arg *a = p;
    lte_sch_encode(a->enc, &a->tx, a->tb, a->f);
}

static void bench_dlsch_encode(lte_bench_ctx *ctx)
{
    lte_sch_cfg cfg = {0};
    cfg.tbs_max = TBS;
    cfg.simd = ctx->path;
    enc_arg a = {NULL, {TBS, G, 6, 1, 0}, malloc(TBS), malloc(G)};
    if (!a.tb || !a.f || lte_sch_enc_create(&cfg, &a.enc) < 0) {
        lte_bench_fail(ctx, "set-up failed");
        goto out;
    }
    for (int i = 0; i < TBS; i++)
        a.tb[i] = (uint8_t)((i * 2654435761u) >> 31);
    double t = lte_bench_time(ctx, op_encode, &a);
    lte_bench_result(ctx, "dlsch_encode", t * 1e6, "us", "tbs=%d G=%d cbs=13", TBS, G);
    lte_bench_result(ctx, "dlsch_encode", TBS / t * 1e-6, "Mbit/s", "tbs=%d G=%d cbs=13", TBS, G);
out:
    lte_sch_enc_destroy(a.enc);
    free(a.tb);
    free(a.f);
}
LTE_BENCH(dlsch_encode, 0, bench_dlsch_encode)

typedef struct dec_arg {
    lte_sch_dec *dec;
    lte_sch_harq *h;
    lte_sch_tx tx;
    float *llr;
    uint8_t *out;
    float *llr2; /* the rv 2 transmission (retransmission bench), or NULL */
} dec_arg;

static void op_decode(void *p)
{
    dec_arg *a = p;
    lte_sch_result res;
    lte_sch_harq_reset(a->h);
    lte_sch_decode(a->dec, a->h, &a->tx, a->llr, a->out, &res);
}

static void op_decode_retx(void *p)
{
    dec_arg *a = p;
    lte_sch_result res;
    lte_sch_harq_reset(a->h);
    lte_sch_decode(a->dec, a->h, &a->tx, a->llr, a->out, &res);
    lte_sch_tx tx2 = a->tx;
    tx2.rv = 2;
    lte_sch_decode(a->dec, a->h, &tx2, a->llr2, a->out, &res);
}

/* Noiseless input: decoding stops after the first iteration on the CB CRCs,
 * so this measures the high-SNR cost of the chain (inverse rate matching,
 * turbo decoding, CRCs) with the given decoder. */
static void decode_bench(lte_bench_ctx *ctx, int decoder, const char *name, int retx)
{
    lte_sch_cfg cfg = {0};
    cfg.decoder = decoder;
    cfg.tbs_max = TBS;
    cfg.alg = LTE_TURBO_MAX_LOG_MAP;
    cfg.ext_scale = 0.75f;
    cfg.max_iter = 8;
    cfg.threads = ctx->threads;
    cfg.simd = ctx->path;
    lte_sch_enc *enc = NULL;
    dec_arg a = {NULL, NULL, {TBS, G, 6, 1, 0}, malloc(sizeof(float) * G), malloc(TBS),
                 malloc(sizeof(float) * G)};
    uint8_t *tb = malloc(TBS), *f = malloc(G);
    if (!a.llr || !a.out || !a.llr2 || !tb || !f || lte_sch_enc_create(&cfg, &enc) < 0 ||
        lte_sch_dec_create(&cfg, &a.dec) < 0 || lte_sch_harq_create(TBS, &a.h) < 0) {
        lte_bench_fail(ctx, "set-up failed");
        goto out;
    }
    for (int i = 0; i < TBS; i++)
        tb[i] = (uint8_t)((i * 2654435761u) >> 31);
    lte_sch_encode(enc, &a.tx, tb, f);
    for (int i = 0; i < G; i++)
        a.llr[i] = f[i] ? -8.0f : 8.0f;
    lte_sch_tx tx2 = a.tx;
    tx2.rv = 2;
    lte_sch_encode(enc, &tx2, tb, f);
    for (int i = 0; i < G; i++)
        a.llr2[i] = f[i] ? -8.0f : 8.0f;
    double t = lte_bench_time(ctx, retx ? op_decode_retx : op_decode, &a);
    lte_bench_result(ctx, name, t * 1e6, "us", "tbs=%d cbs=13 snr=inf early_stop=crc%s", TBS,
                     retx ? " rv=0+2" : "");
out:
    lte_sch_enc_destroy(enc);
    lte_sch_dec_destroy(a.dec);
    lte_sch_harq_destroy(a.h);
    free(a.llr);
    free(a.llr2);
    free(a.out);
    free(tb);
    free(f);
}
static void bench_dlsch_decode_float(lte_bench_ctx *ctx)
{
    decode_bench(ctx, LTE_SCH_DEC_FLOAT, "dlsch_decode_float_maxlog", 0);
}
LTE_BENCH(dlsch_decode_float, 0, bench_dlsch_decode_float)

static void bench_dlsch_decode_fx(lte_bench_ctx *ctx)
{
    decode_bench(ctx, LTE_SCH_DEC_FX8, "dlsch_decode_fx8", 0);
    decode_bench(ctx, LTE_SCH_DEC_FX16, "dlsch_decode_fx16", 0);
    decode_bench(ctx, LTE_SCH_DEC_FX8, "dlsch_decode_fx8_retx", 1);
}
LTE_BENCH(dlsch_decode_fx, 1, bench_dlsch_decode_fx)
