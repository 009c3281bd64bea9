/* DL-SCH / UL-SCH transport-channel coding, TS 36.212 §5.3.2 and §5.2.2.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "kernels/internal.h"
#include "kernels/llr_quant.h"
#include "kernels/turbo_enc.h"
#include "ltephy/crc.h"
#include "ltephy/ratematch.h"
#include "ltephy/sch.h"
#include "ltephy/turbo_fx.h"
#include "phy/ratematch_internal.h"


static int max_cbs_for(int tbs_max)
{
    lte_cb_seg seg;
    if (lte_cb_segment(tbs_max + 24, &seg) < 0)
        return -1;
    return seg.C;
}

static int validate_cfg(const lte_sch_cfg *cfg)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    LTE_CHECK_ARG(cfg->tbs_max >= 16 && cfg->tbs_max <= LTE_SCH_TBS_MAX,
                  "tbs_max = %d is outside 16..%d", cfg->tbs_max, LTE_SCH_TBS_MAX);
    LTE_CHECK_ARG(cfg->n_soft >= 0, "n_soft = %d is negative", cfg->n_soft);
    if (!cfg->uplink && cfg->n_soft > 0) {
        LTE_CHECK_ARG(cfg->k_mimo == 1 || cfg->k_mimo == 2, "k_mimo = %d is not 1 or 2",
                      cfg->k_mimo);
        LTE_CHECK_ARG(cfg->m_dl_harq >= 1 && cfg->m_dl_harq <= 15,
                      "m_dl_harq = %d is outside 1..15", cfg->m_dl_harq);
        LTE_CHECK_ARG(cfg->m_limit >= 1, "m_limit = %d is not positive", cfg->m_limit);
    }
    lte_simd_path p;
    return lte_simd_resolve(cfg->simd, &p);
}

static int validate_tx(const lte_sch_cfg *cfg, const lte_sch_tx *tx)
{
    LTE_CHECK_ARG(tx != NULL, "tx is NULL");
    LTE_CHECK_ARG(tx->tbs >= 16 && tx->tbs <= cfg->tbs_max,
                  "tbs = %d is outside 16..%d (the object's tbs_max)", tx->tbs, cfg->tbs_max);
    LTE_CHECK_ARG(tx->q_m == 1 || tx->q_m == 2 || tx->q_m == 4 || tx->q_m == 6 || tx->q_m == 8,
                  "q_m = %d is not 1, 2, 4, 6 or 8", tx->q_m);
    LTE_CHECK_ARG(tx->n_layers >= 1 && tx->n_layers <= 4, "n_layers = %d is outside 1..4",
                  tx->n_layers);
    LTE_CHECK_ARG(tx->rv >= 0 && tx->rv <= 3, "rv = %d is outside 0..3", tx->rv);
    LTE_CHECK_ARG(tx->G > 0 && tx->G % (tx->q_m * tx->n_layers) == 0,
                  "G = %d is not a positive multiple of q_m*n_layers = %d", tx->G,
                  tx->q_m * tx->n_layers);
    return 0;
}

/* §5.1.4.1.2: E_r from G, N_L, Q_m and the number of code blocks. */
int lte_sch_cb_plan(const lte_sch_cfg *cfg, const lte_sch_tx *tx, lte_cb_seg *seg, int *E,
                    int *n_cb, int max_cbs)
{
    int rc = validate_cfg(cfg);
    if (rc < 0)
        return rc;
    if ((rc = validate_tx(cfg, tx)) < 0)
        return rc;
    LTE_CHECK_ARG(seg && E && n_cb, "NULL output");
    if ((rc = lte_cb_segment(tx->tbs + 24, seg)) < 0)
        return rc;
    LTE_CHECK_ARG(seg->C <= max_cbs, "%d code blocks exceed the %d the caller provided", seg->C,
                  max_cbs);
    int nlqm = tx->n_layers * tx->q_m;
    int Gp = tx->G / nlqm, C = seg->C, gamma = Gp % C;
    int n_ir = 0;
    if (!cfg->uplink && cfg->n_soft > 0 &&
        (rc = lte_rm_turbo_nir(cfg->n_soft, cfg->k_mimo, cfg->m_dl_harq, cfg->m_limit, &n_ir)) <
            0)
        return rc;
    for (int r = 0; r < C; r++) {
        E[r] = r <= C - gamma - 1 ? nlqm * (Gp / C) : nlqm * ((Gp + C - 1) / C);
        int K = lte_cb_size(seg, r);
        if (cfg->uplink || cfg->n_soft == 0)
            rc = lte_rm_turbo_ncb(K, C, 0, 1, &n_cb[r]);
        else
            rc = lte_rm_turbo_ncb(K, C, n_ir, 0, &n_cb[r]);
        if (rc < 0)
            return rc;
        LTE_CHECK_ARG(E[r] > 0, "G = %d leaves code block %d with no bits", tx->G, r);
    }
    return 0;
}

/* ---- QPP interleavers for every K, computed once and then read-only ------- */
static pthread_once_t qpp_once = PTHREAD_ONCE_INIT;
static uint16_t *qpp_all;
static int qpp_off[LTE_TURBO_NUM_K + 1];

static void qpp_init(void)
{
    int total = 0;
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
        qpp_off[i - 1] = total;
        total += lte_turbo_k(i);
    }
    qpp_off[LTE_TURBO_NUM_K] = total;
    uint16_t *t = malloc(sizeof *t * (size_t)total);
    if (!t)
        return;
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++)
        lte_qpp_interleaver(lte_turbo_k(i), t + qpp_off[i - 1]);
    qpp_all = t;
}

static const uint16_t *qpp_for(int K)
{
    pthread_once(&qpp_once, qpp_init);
    int i = lte_turbo_k_index(K);
    return (qpp_all && i > 0) ? qpp_all + qpp_off[i - 1] : NULL;
}

/* ---- Encoder ---------------------------------------------------------------- */
struct lte_sch_enc {
    lte_sch_cfg cfg;
    int max_cbs;
    lte_cb_seg seg;
    int *E, *n_cb;
    uint8_t *b;      /* TB + CRC24A */
    uint8_t *c;      /* code blocks, stride KMAX */
    uint8_t *d;      /* 3 streams per code block, stride 3*(KMAX+4) */
    uint8_t *e;      /* rate-matched bits per code block (views into f are not kept) */
    int *e_off;
    int e_total;
    lte_rm_turbo_plans *rm;
    int path;        /* concrete SIMD path of cfg.simd */
};

#define KMAX LTE_TURBO_KMAX
#define DSTRIDE (3 * (KMAX + 4))

int lte_sch_enc_create(const lte_sch_cfg *cfg, lte_sch_enc **out)
{
    int rc = validate_cfg(cfg);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    if (!qpp_for(40))
        return lte_error_set_fn(LTE_ENOMEM, __func__, "QPP tables could not be built");
    lte_sch_enc *enc = calloc(1, sizeof *enc);
    if (!enc)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    enc->cfg = *cfg;
    enc->path = lte_simd_pick(cfg->simd); /* >= 0: validate_cfg resolved it */
    enc->max_cbs = max_cbs_for(cfg->tbs_max);
    size_t C = (size_t)enc->max_cbs;
    enc->E = calloc(C, sizeof(int));
    enc->n_cb = calloc(C, sizeof(int));
    enc->e_off = calloc(C + 1, sizeof(int));
    enc->b = lte_alloc((size_t)cfg->tbs_max + 24);
    enc->c = lte_alloc(C * KMAX);
    enc->d = lte_alloc(C * DSTRIDE);
    enc->e = NULL;
    if ((rc = lte_rm_turbo_plans_create(&enc->rm)) < 0) {
        lte_sch_enc_destroy(enc);
        return rc;
    }
    if (!enc->E || !enc->n_cb || !enc->e_off || !enc->b || !enc->c || !enc->d) {
        lte_sch_enc_destroy(enc);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    }
    *out = enc;
    return 0;
}

void lte_sch_enc_destroy(lte_sch_enc *enc)
{
    if (!enc)
        return;
    free(enc->E);
    free(enc->n_cb);
    free(enc->e_off);
    lte_free(enc->b);
    lte_free(enc->c);
    lte_free(enc->d);
    lte_rm_turbo_plans_destroy(enc->rm);
    free(enc);
}

/* §5.1.2: code block r, with F leading filler bits (as 0) in block 0 and a
 * CRC24B when the TB is split. */
static int build_cb(const lte_cb_seg *seg, const uint8_t *b, int r, uint8_t *c)
{
    int K = lte_cb_size(seg, r), F = r == 0 ? seg->F : 0;
    int data = K - seg->L - F;
    int start = 0; /* position in b of this block's first bit */
    for (int i = 0; i < r; i++)
        start += lte_cb_size(seg, i) - seg->L - (i == 0 ? seg->F : 0);
    memset(c, 0, (size_t)F);
    memcpy(c + F, b + start, (size_t)data);
    if (seg->L)
        return lte_crc_attach(LTE_CRC24B, c, K - seg->L, c);
    return 0;
}

int lte_sch_encode(lte_sch_enc *enc, const lte_sch_tx *tx, const uint8_t *tb, uint8_t *f)
{
    LTE_CHECK_ARG(enc && tb && f, "NULL argument");
    int rc = lte_sch_cb_plan(&enc->cfg, tx, &enc->seg, enc->E, enc->n_cb, enc->max_cbs);
    if (rc < 0)
        return rc;
    const lte_cb_seg *seg = &enc->seg;
    if ((rc = lte_crc_attach(LTE_CRC24A, tb, tx->tbs, enc->b)) < 0) /* §5.3.2.1 */
        return rc;
    int off = 0;
    for (int r = 0; r < seg->C; r++) {
        int K = lte_cb_size(seg, r), F = r == 0 ? seg->F : 0;
        uint8_t *c = enc->c + (size_t)r * KMAX;
        uint8_t *d = enc->d + (size_t)r * DSTRIDE;
        if ((rc = build_cb(seg, enc->b, r, c)) < 0)
            return rc;
        /* qpp_for's tables are lte_qpp_interleaver's permutations: no range check */
        lte_turbo_encode_trusted(c, K, qpp_for(K), d, d + K + 4, d + 2 * (K + 4), enc->path);
        enc->e_off[r] = off;
        const lte_rm_turbo_plan *plan;
        if ((rc = lte_rm_turbo_plans_get(enc->rm, K, &plan)) < 0)
            return rc;
        /* §5.1.5: concatenation is writing each e_r straight after the last */
        if ((rc = lte_rm_turbo_plan_run(plan, d, d + K + 4, d + 2 * (K + 4), F, enc->n_cb[r],
                                        tx->rv, enc->E[r], f + off)) < 0)
            return rc;
        off += enc->E[r];
    }
    enc->e_off[seg->C] = off;
    enc->e = f;
    enc->e_total = off;
    return 0;
}

int lte_sch_enc_stage(const lte_sch_enc *enc, lte_sch_stage stage, int r, const uint8_t **bits,
                      int *n)
{
    LTE_CHECK_ARG(enc && bits && n, "NULL argument");
    LTE_CHECK_ARG(enc->e != NULL, "no transport block has been encoded yet");
    const lte_cb_seg *seg = &enc->seg;
    if (stage == LTE_SCH_STAGE_TB_CRC) {
        *bits = enc->b;
        *n = seg->B;
        return 0;
    }
    LTE_CHECK_ARG(r >= 0 && r < seg->C, "code block %d is outside 0..%d", r, seg->C - 1);
    int K = lte_cb_size(seg, r);
    const uint8_t *d = enc->d + (size_t)r * DSTRIDE;
    switch (stage) {
    case LTE_SCH_STAGE_CB: *bits = enc->c + (size_t)r * KMAX; *n = K; return 0;
    case LTE_SCH_STAGE_D0: *bits = d; *n = K + 4; return 0;
    case LTE_SCH_STAGE_D1: *bits = d + K + 4; *n = K + 4; return 0;
    case LTE_SCH_STAGE_D2: *bits = d + 2 * (K + 4); *n = K + 4; return 0;
    case LTE_SCH_STAGE_E:
        /* valid while the caller's f buffer of the last call is alive */
        *bits = enc->e + enc->e_off[r];
        *n = enc->E[r];
        return 0;
    default: break;
    }
    return lte_error_set_fn(LTE_EINVAL, __func__, "unknown stage %d", (int)stage);
}

/* ---- HARQ soft buffer --------------------------------------------------------- *
 *
 * Lazy: most transport blocks decode at their first transmission, and the
 * soft buffer is only read again for a retransmission of the same TB. So a
 * fresh block whose E soft values fit its slot of the buffer keeps just a
 * copy of them (and E, F, N_cb, rv) in that slot; the float soft values
 * (the inverse rate matching of that copy in "set" mode, exactly what an
 * eager decode would have stored) are built only when the next
 * transmission of the TB arrives, which then adds to them as usual. */
typedef struct harq_cb {
    int lazy;            /* 1: the slot holds the first transmission's e, not soft values
                          * (with release_ok: once the TB has failed; until then e is
                          * read from the caller's llr and copied only on failure) */
    int E, F, n_cb, rv;  /* that transmission's parameters */
    int at;              /* where e starts: lazy_slot(slot) + at */
} harq_cb;

/* Where a block's slot keeps a transmission: from its first 64-byte
 * boundary plus the offset of e in its cache line (lte_col8_quant's copy
 * then moves whole lines), so up to LAZY_EMAX values fit. */
#define LAZY_EMAX (DSTRIDE - 32)
static inline float *lazy_slot(float *slot)
{
    return (float *)(((uintptr_t)slot + 63) & ~(uintptr_t)63);
}

struct lte_sch_harq {
    int max_cbs;
    int tbs;   /* TB the stored soft bits belong to (0 = empty) */
    int informed; /* a transmission of that TB had a soft value other than 0 */
    float *soft; /* max_cbs × DSTRIDE */
    harq_cb *cb; /* max_cbs: how each block's slot is held */
};

int lte_sch_harq_create(int tbs_max, lte_sch_harq **out)
{
    LTE_CHECK_ARG(tbs_max >= 16 && tbs_max <= LTE_SCH_TBS_MAX, "tbs_max = %d is outside 16..%d",
                  tbs_max, LTE_SCH_TBS_MAX);
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    lte_sch_harq *h = calloc(1, sizeof *h);
    if (!h)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    h->max_cbs = max_cbs_for(tbs_max);
    h->soft = lte_alloc(sizeof(float) * (size_t)h->max_cbs * DSTRIDE);
    h->cb = calloc((size_t)h->max_cbs, sizeof *h->cb);
    if (!h->soft || !h->cb) {
        lte_free(h->soft);
        free(h->cb);
        free(h);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    }
    *out = h;
    return 0;
}

void lte_sch_harq_destroy(lte_sch_harq *h)
{
    if (!h)
        return;
    lte_free(h->soft);
    free(h->cb);
    free(h);
}

/* Lazy: for a new TB the decoder's first inverse rate matching of each
 * block writes all of its 3(K_r+4) values (LTE_RM_INV_SET: untransmitted
 * ones as 0), or keeps the transmission to do so later (above), instead of
 * adding, which equals zeroing and adding and saves clearing the whole
 * buffer here. */
void lte_sch_harq_reset(lte_sch_harq *h)
{
    if (!h)
        return;
    h->tbs = 0;
}

/* ---- Decoder ------------------------------------------------------------------ */
typedef struct worker {
    lte_turbo_dec *tdec;
    float *l;      /* DSTRIDE scratch: soft buffer copy with filler bits pinned, or a
                    * fresh block's soft values (lazy HARQ buffer), or the copy of
                    * a stored transmission being expanded, or (as bytes) the
                    * quantised values of lte_rm_turbo_plan_inverse_q8 */
    void *qn;      /* DSTRIDE int8/int16 (fixed-point decoder): one block's quantised
                    * soft values in natural order, before the row layout */
} worker;

struct lte_sch_dec {
    lte_sch_cfg cfg;
    int max_cbs, nworkers;
    worker *w;
    lte_turbo_fx *fx;   /* fixed-point decoder (cfg.decoder != FLOAT) */
    void *q;            /* quantised soft values in the decoder's row layout
                         * (turbo_fx.h), max_cbs x 3 streams of qstride bytes */
    size_t qstride;     /* (KMAX+4) int8/int16 rounded up to 64 bytes: aligned
                         * rows, which the decoder reads where they lie */
    const void **ql[3];
    int *kr;
    const uint16_t **pis;
    uint8_t **cs;
    int *E, *n_cb, *iters, *halves, *ok;
    uint8_t *c;    /* decoded code blocks, stride KMAX */
    lte_rm_turbo_plans *rm;
};

static int fx_create(lte_sch_dec *dec)
{
    const lte_sch_cfg *cfg = &dec->cfg;
    lte_turbo_fx_cfg fc = {0};
    fc.k_max = KMAX;
    fc.width = cfg->decoder;
    fc.max_cbs = dec->max_cbs;
    fc.threads = dec->nworkers;
    fc.path = cfg->simd;
    int rc = lte_turbo_fx_create(&fc, &dec->fx);
    if (rc < 0)
        return rc;
    size_t C = (size_t)dec->max_cbs, bytes = cfg->decoder / 8;
    dec->qstride = ((KMAX + 4) * bytes + 63) / 64 * 64;
    dec->q = lte_alloc(C * 3 * dec->qstride);
    for (int s = 0; s < 3; s++)
        dec->ql[s] = calloc(C, sizeof(void *));
    dec->kr = calloc(C, sizeof(int));
    dec->pis = calloc(C, sizeof(uint16_t *));
    dec->cs = calloc(C, sizeof(uint8_t *));
    if (!dec->q || !dec->ql[0] || !dec->ql[1] || !dec->ql[2] || !dec->kr || !dec->pis || !dec->cs)
        return lte_error_set_fn(LTE_ENOMEM, "lte_sch_dec_create", "out of memory");
    return 0;
}

int lte_sch_dec_create(const lte_sch_cfg *cfg, lte_sch_dec **out)
{
    int rc = validate_cfg(cfg);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    LTE_CHECK_ARG(cfg->max_iter >= 1 && cfg->max_iter <= 32, "max_iter = %d is outside 1..32",
                  cfg->max_iter);
    LTE_CHECK_ARG(cfg->threads >= 0 && cfg->threads <= 256, "threads = %d is outside 0..256",
                  cfg->threads);
    LTE_CHECK_ARG(cfg->decoder == LTE_SCH_DEC_FLOAT || cfg->decoder == LTE_SCH_DEC_FX8 ||
                      cfg->decoder == LTE_SCH_DEC_FX16,
                  "decoder = %d is not LTE_SCH_DEC_FLOAT, _FX8 or _FX16", cfg->decoder);
    LTE_CHECK_ARG(cfg->half_stop == 0 || cfg->half_stop == 1, "half_stop = %d: 0 or 1",
                  cfg->half_stop);
    LTE_CHECK_ARG(cfg->release_ok == 0 || cfg->release_ok == 1, "release_ok = %d: 0 or 1",
                  cfg->release_ok);
    if (!qpp_for(40))
        return lte_error_set_fn(LTE_ENOMEM, __func__, "QPP tables could not be built");
    lte_sch_dec *dec = calloc(1, sizeof *dec);
    if (!dec)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    dec->cfg = *cfg;
    dec->max_cbs = max_cbs_for(cfg->tbs_max);
    int nt = cfg->threads;
#ifdef _OPENMP
    if (nt == 0)
        nt = omp_get_max_threads();
#else
    nt = 1;
#endif
    if (nt < 1)
        nt = 1;
    dec->nworkers = nt;
    size_t C = (size_t)dec->max_cbs;
    dec->w = calloc((size_t)nt, sizeof *dec->w);
    dec->E = calloc(C, sizeof(int));
    dec->n_cb = calloc(C, sizeof(int));
    dec->iters = calloc(C, sizeof(int));
    dec->halves = calloc(C, sizeof(int));
    dec->ok = calloc(C, sizeof(int));
    dec->c = lte_alloc(C * KMAX);
    if (!dec->w || !dec->E || !dec->n_cb || !dec->iters || !dec->halves || !dec->ok || !dec->c) {
        lte_sch_dec_destroy(dec);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    }
    if ((rc = lte_rm_turbo_plans_create(&dec->rm)) < 0) {
        lte_sch_dec_destroy(dec);
        return rc;
    }
    if (cfg->decoder != LTE_SCH_DEC_FLOAT && (rc = fx_create(dec)) < 0) {
        lte_sch_dec_destroy(dec);
        return rc;
    }
    lte_turbo_dec_cfg tc = {KMAX, cfg->alg, cfg->ext_scale > 0 ? cfg->ext_scale : 1.0f};
    for (int i = 0; i < nt; i++) {
        dec->w[i].l = lte_alloc(sizeof(float) * DSTRIDE);
        if (cfg->decoder != LTE_SCH_DEC_FLOAT &&
            !(dec->w[i].qn = lte_alloc((size_t)DSTRIDE * (size_t)(cfg->decoder / 8)))) {
            lte_sch_dec_destroy(dec);
            return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
        }
        if (!dec->w[i].l || (rc = lte_turbo_dec_create(&tc, &dec->w[i].tdec)) < 0) {
            lte_sch_dec_destroy(dec);
            return rc < 0 ? rc : lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
        }
    }
    *out = dec;
    return 0;
}

void lte_sch_dec_destroy(lte_sch_dec *dec)
{
    if (!dec)
        return;
    for (int i = 0; dec->w && i < dec->nworkers; i++) {
        lte_turbo_dec_destroy(dec->w[i].tdec);
        lte_free(dec->w[i].l);
        lte_free(dec->w[i].qn);
    }
    free(dec->w);
    free(dec->E);
    free(dec->n_cb);
    free(dec->iters);
    free(dec->halves);
    free(dec->ok);
    lte_free(dec->c);
    lte_rm_turbo_plans_destroy(dec->rm);
    lte_turbo_fx_destroy(dec->fx);
    lte_free(dec->q);
    for (int s = 0; s < 3; s++)
        free((void *)dec->ql[s]);
    free(dec->kr);
    free(dec->pis);
    free(dec->cs);
    free(dec);
}

typedef struct stop_arg {
    lte_crc_type type;
    int F; /* leading filler bits, not part of the CRC'd sequence */
} stop_arg;

/* Early stopping: the CB CRC24B, or for a single code block the TB CRC24A. */
static int stop_on_crc(const uint8_t *c, int K, void *arg)
{
    const stop_arg *s = arg;
    return lte_crc_check(s->type, c + s->F, K - s->F) == 1;
}

/* 1 if every x[i] is 0 (either sign). */
static int all_zero(const float *x, int n)
{
    for (int i = 0; i < n; i++)
        if (x[i] != 0.0f)
            return 0;
    return 1;
}

int lte_sch_decode(lte_sch_dec *dec, lte_sch_harq *h, const lte_sch_tx *tx, const float *llr,
                   uint8_t *tb, lte_sch_result *res)
{
    LTE_CHECK_ARG(dec && h && llr && tb && res, "NULL argument");
    lte_cb_seg seg;
    int rc = lte_sch_cb_plan(&dec->cfg, tx, &seg, dec->E, dec->n_cb, dec->max_cbs);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(seg.C <= h->max_cbs, "the HARQ buffer holds %d code blocks, the TB needs %d",
                  h->max_cbs, seg.C);
    /* a soft buffer only combines copies of one TB: a new one starts from
     * zeros (each block set, not added to, in the loop below) */
    int fresh = h->tbs != tx->tbs;
    h->tbs = tx->tbs;
    /* whether the soft values so far carry any information (all_zero stops
     * at the first value other than 0: one look for any received signal) */
    int info = !all_zero(llr, tx->G);
    h->informed = fresh ? info : h->informed || info;
    const int defer = dec->cfg.release_ok && fresh;
    int C = seg.C, err = 0;
    int offs[C + 1];
    offs[0] = 0;
    for (int r = 0; r < C; r++)
        offs[r + 1] = offs[r] + dec->E[r];

#pragma omp parallel for schedule(dynamic, 1) num_threads(dec->nworkers) reduction(| : err)
    for (int r = 0; r < C; r++) {
        int tid = 0;
#ifdef _OPENMP
        tid = omp_get_thread_num();
#endif
        worker *w = &dec->w[tid];
        int K = lte_cb_size(&seg, r), F = r == 0 ? seg.F : 0, E = dec->E[r];
        float *s = h->soft + (size_t)r * DSTRIDE;
        const float *e = llr + offs[r];
        harq_cb *hc = &h->cb[r];
        const lte_rm_turbo_plan *plan = NULL;
        size_t bytes = (size_t)dec->cfg.decoder / 8;
        uint8_t *qb = dec->fx ? (uint8_t *)dec->q + (size_t)r * 3 * dec->qstride : NULL;
        int8_t *q8 = dec->cfg.decoder == LTE_SCH_DEC_FX8 ? (int8_t *)w->qn : NULL;
        float scale = dec->cfg.decoder == LTE_SCH_DEC_FX8 ? 4.0f : 256.0f;
        if (lte_rm_turbo_plans_get(dec->rm, K, &plan) < 0) {
            err = 1;
            continue;
        }
        /* the block's float soft values: in the HARQ buffer, or (a fresh block
         * kept lazily) in the worker's scratch */
        float *l = s;
        if (fresh && E <= LAZY_EMAX) { /* lazy: keep the transmission (comment above) */
            const int at = (int)(((uintptr_t)e & 63) / sizeof(float));
            /* release_ok: not now; after the TB CRC, and only if it fails */
            float *keep = defer ? NULL : lazy_slot(s) + at;
            l = w->l;
            /* The 8-bit decoder's input straight from e (quantised, then
             * moved as bytes; the copy kept in the same pass) when the block
             * has one value per position at most; otherwise the copy, the
             * float soft values into the scratch and (8-bit decoder) their
             * quantisation, as below. */
            int rq = q8 ? lte_rm_turbo_plan_inverse_q8(plan, e, E, F, dec->n_cb[r], tx->rv, scale,
                                                       dec->cfg.simd, (int8_t *)w->l, q8, keep)
                        : 1;
            if (rq == 1) {
                if (keep)
                    memcpy(keep, e, sizeof(float) * (size_t)E);
                rq = lte_rm_turbo_plan_inverse_ex(plan, e, E, F, dec->n_cb[r], tx->rv,
                                                  LTE_RM_INV_SET, dec->cfg.simd, l, l + K + 4,
                                                  l + 2 * (K + 4), q8, scale);
            }
            if (rq < 0) {
                err = 1;
                continue;
            }
            *hc = (harq_cb){1, E, F, dec->n_cb[r], tx->rv, at};
        } else {
            /* A retransmission of a block kept lazily: build its soft values
             * from the stored transmission first, then add as usual. */
            if (!fresh && hc->lazy) {
                memcpy(w->l, lazy_slot(s) + hc->at, sizeof(float) * (size_t)hc->E);
                if (lte_rm_turbo_plan_inverse_ex(plan, w->l, hc->E, hc->F, hc->n_cb, hc->rv,
                                                 LTE_RM_INV_SET, dec->cfg.simd, s, s + K + 4,
                                                 s + 2 * (K + 4), NULL, 0.0f) < 0) {
                    err = 1;
                    continue;
                }
            }
            hc->lazy = 0;
            /* A fresh block is set rather than cleared and added to (the same
             * values, one pass over the buffer fewer). The 8-bit decoder's input
             * is quantised by the inverse rate matching itself, from the values
             * it has in hand (lte_turbo_fx_quantize's model, as below), into the
             * worker's scratch, and moved to the decoder's row layout from there
             * while it is still in cache. */
            if (lte_rm_turbo_plan_inverse_ex(plan, e, E, F, dec->n_cb[r], tx->rv,
                                             fresh ? LTE_RM_INV_SET : 0, dec->cfg.simd, s,
                                             s + K + 4, s + 2 * (K + 4), q8, scale) < 0) {
                err = 1;
                continue;
            }
        }
        if (dec->fx) { /* the fixed-point decoder runs below on all blocks */
            /* lte_turbo_fx_quantize's model, vectorised (kernels/llr_quant.h) */
            if (!q8 &&
                lte_llr_quant(l, 3 * (K + 4), scale, dec->cfg.decoder, w->qn, dec->cfg.simd) < 0)
                err = 1;
            const int P = lte_turbo_fx_layout_p(dec->fx, K);
            for (int t = 0; t < 3; t++) {
                const uint8_t *qs = (const uint8_t *)w->qn + (size_t)t * (K + 4) * bytes;
                if (lte_turbo_fx_to_rows(qs, K, P, dec->cfg.decoder, dec->cfg.simd,
                                         qb + t * dec->qstride) < 0)
                    err = 1;
                dec->ql[t][r] = qb + t * dec->qstride;
            }
            dec->kr[r] = K;
            dec->pis[r] = qpp_for(K);
            dec->cs[r] = dec->c + (size_t)r * KMAX;
            continue;
        }
        if (l != w->l)
            memcpy(w->l, l, sizeof(float) * 3 * (size_t)(K + 4));
        /* §5.1.3.2: filler bits, and the first encoder's parity over them, are known 0s */
        lte_rm_turbo_set_filler(w->l, w->l + K + 4, F, LTE_RM_FILLER_LLR);
        stop_arg sa = {C > 1 ? LTE_CRC24B : LTE_CRC24A, F};
        uint8_t *c = dec->c + (size_t)r * KMAX;
        if (lte_turbo_dec_run(w->tdec, w->l, w->l + K + 4, w->l + 2 * (K + 4), K, qpp_for(K),
                              dec->cfg.max_iter, stop_on_crc, &sa, c, &dec->iters[r]) < 0) {
            err = 1;
            continue;
        }
        dec->ok[r] = lte_crc_check(sa.type, c + F, K - F) == 1;
    }
    if (err) {
        if (defer) /* nothing was kept: the buffer holds no TB */
            h->tbs = 0;
        return lte_error_set_fn(LTE_EINVAL, __func__, "code block decoding failed");
    }
    if (dec->fx) {
        /* CB CRC24B early stopping, or the TB CRC24A for a single block */
        lte_turbo_fx_opts o = {.max_iter = dec->cfg.max_iter,
                               .stop = LTE_TURBO_FX_STOP_CRC_AUTO,
                               .half_stop = dec->cfg.half_stop,
                               .halves = dec->halves,
                               /* the rows come from lte_turbo_fx_to_rows: clipped */
                               .rows_clipped = 1};
        int rc2 = lte_turbo_fx_decode_tb_rows(dec->fx, C, dec->ql[0], dec->ql[1], dec->ql[2],
                                              dec->kr, dec->pis, seg.F, &o, dec->cs, dec->iters,
                                              dec->ok);
        if (rc2 < 0) { /* dec->ok[r]: the CB CRC24B (or TB CRC24A) of the final bits */
            if (defer)
                h->tbs = 0;
            return rc2;
        }
    }

    /* reassemble b (§5.1.2 in reverse): its first tbs bits straight into tb,
     * the 24 parity bits aside; then check the TB CRC24A */
    int pos = 0, it_max = 0, nok = 0, hv_max = 0;
    long it_sum = 0, hv_sum = 0;
    uint8_t parity[24];
    for (int r = 0; r < C; r++) {
        int K = lte_cb_size(&seg, r), F = r == 0 ? seg.F : 0;
        int data = K - seg.L - F, in_tb = LTE_MAX(0, LTE_MIN(data, tx->tbs - pos));
        const uint8_t *c = dec->c + (size_t)r * KMAX + F;
        if (in_tb > 0)
            memcpy(tb + pos, c, (size_t)in_tb);
        if (data > in_tb) /* the CRC's bits: b from position tbs on */
            memcpy(parity + (pos + in_tb - tx->tbs), c + in_tb, (size_t)(data - in_tb));
        pos += data;
        it_max = LTE_MAX(it_max, dec->iters[r]);
        it_sum += dec->iters[r];
        /* the float decoder runs whole iterations */
        int hv = dec->fx ? dec->halves[r] : 2 * dec->iters[r];
        hv_max = LTE_MAX(hv_max, hv);
        hv_sum += hv;
        nok += dec->ok[r];
    }
    uint32_t crc = 0, rx = 0;
    for (int k = 0; k < 24; k++)
        rx = rx << 1 | (parity[k] & 1u);
    res->crc_ok = lte_crc_bits(LTE_CRC24A, tb, tx->tbs, &crc) == 0 && crc == rx;
    /* Soft values that carry no information decode to the all-zero word,
     * which every CRC of §5.1.1 passes (the register starts at 0): a TB
     * decoded as all zeros when every transmission of it combined so far had
     * soft values that are all 0 is not decoded. */
    if (res->crc_ok && !h->informed && !memchr(tb, 1, (size_t)tx->tbs)) {
        res->crc_ok = 0;
        nok = 0;
    }
    if (dec->cfg.release_ok && res->crc_ok) {
        h->tbs = 0; /* released (lte_sch_cfg.release_ok) */
    } else if (defer) { /* the TB failed: keep its blocks' transmissions after all */
        for (int r = 0; r < C; r++)
            if (h->cb[r].lazy)
                memcpy(lazy_slot(h->soft + (size_t)r * DSTRIDE) + h->cb[r].at, llr + offs[r],
                       sizeof(float) * (size_t)h->cb[r].E);
    }
    res->cbs = C;
    res->cbs_ok = nok;
    res->iterations_max = it_max;
    res->iterations_mean = (float)it_sum / (float)C;
    res->halves_max = hv_max;
    res->halves_mean = (float)hv_sum / (float)C;
    return 0;
}
