/* UL-SCH control information, multiplexing and channel interleaving,
 * TS 36.212 §5.2.2.6-8 and §5.2.4. See ltephy/ulsch.h.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/finite.h"
#include "kernels/gold_impl.h"
#include "kernels/internal.h"
#include "ltephy/control.h"
#include "ltephy/conv.h"
#include "ltephy/crc.h"
#include "ltephy/gold.h"
#include "ltephy/tables.h"
#include "ltephy/ulsch.h"

/* ---- 36.213 Tables 8.6.3-1..3, values times 8 (0 = reserved) -------------- */
static const int beta_ack_x8[16] = {16,  20,  25,  32,  40,  50,  64,  80,
                                    101, 127, 160, 248, 400, 640, 1008, 0};
static const int beta_ri_x8[16] = {10, 13, 16, 20, 25, 32, 40, 50, 64, 80, 101, 127, 160, 0, 0, 0};
static const int beta_cqi_x8[16] = {0, 0, 9, 10, 11, 13, 14, 16, 18, 20, 23, 25, 28, 32, 40, 50};

static int beta_lookup(const int *table, int index, int *beta_x8, const char *fn)
{
    if (beta_x8 == NULL)
        return lte_error_set_fn(LTE_EINVAL, fn, "beta_x8 is NULL");
    if (index < 0 || index > 15 || table[index] == 0)
        return lte_error_set_fn(LTE_EINVAL, fn, "index %d is outside the table or reserved",
                                index);
    *beta_x8 = table[index];
    return 0;
}

int lte_uci_beta_ack_x8(int index, int *beta_x8)
{
    return beta_lookup(beta_ack_x8, index, beta_x8, __func__);
}

int lte_uci_beta_ri_x8(int index, int *beta_x8)
{
    return beta_lookup(beta_ri_x8, index, beta_x8, __func__);
}

int lte_uci_beta_cqi_x8(int index, int *beta_x8)
{
    return beta_lookup(beta_cqi_x8, index, beta_x8, __func__);
}

/* ---- (32,O) block code, Table 5.2.2.6.4-1 ---------------------------------
 * Row i as an integer with bit n = M_{i,n}. */
static const uint16_t rm32_rows[32] = {
    0x403, 0x607, 0x749, 0x50d, 0x48f, 0x5d3, 0x755, 0x599, 0x69b, 0x65d, 0x6e5,
    0x567, 0x7a9, 0x6ab, 0x4b1, 0x6f3, 0x277, 0x139, 0x0fb, 0x061, 0x445, 0x60b,
    0x591, 0x717, 0x3df, 0x4e3, 0x32d, 0x3af, 0x175, 0x1fd, 0x7ff, 0x001,
};

int lte_uci_rm32_row(int i)
{
    LTE_CHECK_ARG(i >= 0 && i < 32, "i = %d is outside 0..31", i);
    return rm32_rows[i];
}

/* Codeword of message m (bit n = o_n) as a 32-bit word, bit i = b_i. */
static uint32_t rm32_word(unsigned m)
{
    uint32_t w = 0;
    for (int i = 0; i < 32; i++)
        w |= (uint32_t)(__builtin_popcount(rm32_rows[i] & m) & 1) << i;
    return w;
}

static unsigned pack_msg(const uint8_t *o, int O)
{
    unsigned m = 0;
    for (int n = 0; n < O; n++)
        m |= (unsigned)(o[n] & 1) << n;
    return m;
}

int lte_uci_rm32_encode(const uint8_t *o, int O, uint8_t *b)
{
    LTE_CHECK_ARG(o != NULL && b != NULL, "NULL array");
    LTE_CHECK_ARG(O >= 1 && O <= LTE_UCI_RM_OMAX, "O = %d is outside 1..%d", O,
                  LTE_UCI_RM_OMAX);
    uint32_t w = rm32_word(pack_msg(o, O));
    for (int i = 0; i < 32; i++)
        b[i] = (uint8_t)((w >> i) & 1);
    return 0;
}

/* ---- HARQ-ACK / RI, §5.2.2.6 ----------------------------------------------- */

/* The encoded block of message m: the (32,O) codeword if rm (CQI, and
 * HARQ-ACK/RI of 3 bits or more), else Tables 5.2.2.6-1..4 for O = 1, 2
 * (with placeholders). Returns its length. */
static int uci_block(unsigned m, int O, int q_m, int rm, uint8_t *t)
{
    if (rm) {
        uint32_t w = rm32_word(m);
        for (int i = 0; i < 32; i++)
            t[i] = (uint8_t)((w >> i) & 1);
        return 32;
    }
    uint8_t o0 = m & 1, o1 = (m >> 1) & 1;
    if (O == 1) {
        t[0] = o0;
        t[1] = LTE_UCI_Y;
        memset(t + 2, LTE_UCI_X, (size_t)(q_m - 2));
        return q_m;
    }
    /* O = 2: o2 = (o0 + o1) mod 2; groups (o0 o1) (o2 o0) (o1 o2), each padded
     * with x to Q_m bits. */
    uint8_t o2 = o0 ^ o1;
    const uint8_t pairs[3][2] = {{o0, o1}, {o2, o0}, {o1, o2}};
    for (int g = 0; g < 3; g++) {
        t[g * q_m] = pairs[g][0];
        t[g * q_m + 1] = pairs[g][1];
        memset(t + g * q_m + 2, LTE_UCI_X, (size_t)(q_m - 2));
    }
    return 3 * q_m;
}

static int check_ack_args(const void *o, int O, int q_m, int Q, const void *q, const char *fn)
{
    if (o == NULL || q == NULL)
        return lte_error_set_fn(LTE_EINVAL, fn, "NULL array");
    if (O < 1 || O > LTE_UCI_ACK_OMAX)
        return lte_error_set_fn(LTE_EINVAL, fn, "O = %d is outside 1..%d", O, LTE_UCI_ACK_OMAX);
    if (q_m != 2 && q_m != 4 && q_m != 6 && q_m != 8)
        return lte_error_set_fn(LTE_EINVAL, fn, "q_m = %d is not 2, 4, 6 or 8", q_m);
    if (Q < 1 || Q % q_m != 0 || Q > 4 * 12 * LTE_ULSCH_MRB_MAX * q_m)
        return lte_error_set_fn(LTE_EINVAL, fn,
                                "Q = %d is not a positive multiple of q_m = %d up to 4 M_sc Q_m",
                                Q, q_m);
    return 0;
}

/* §5.2.2.6: concatenation of encoded blocks, the last one possibly partial. */
static int ack_encode(const uint8_t *o, int O, int q_m, int Q, uint8_t *q, const char *fn)
{
    int rc = check_ack_args(o, O, q_m, Q, q, fn);
    if (rc < 0)
        return rc;
    uint8_t t[32];
    int blk = uci_block(pack_msg(o, O), O, q_m, O >= 3, t);
    for (int i = 0; i < Q; i++)
        q[i] = t[i % blk];
    return 0;
}

int lte_uci_ack_encode(const uint8_t *o, int O, int q_m, int Q, uint8_t *q)
{
    return ack_encode(o, O, q_m, Q, q, __func__);
}

int lte_uci_ri_encode(const uint8_t *o, int O, int q_m, int Q, uint8_t *q)
{
    return ack_encode(o, O, q_m, Q, q, __func__);
}

/* Sum the soft values of each block position over the repetitions. */
static void fold(const float *llr, int Q, int blk, float *S)
{
    for (int j = 0; j < blk; j++)
        S[j] = 0.0f;
    for (int i = 0, j = 0; i < Q; i++) {
        S[j] += llr[i];
        if (++j == blk)
            j = 0;
    }
}

/* Correlation of folded soft values with a block: +S for a 0, -S for a 1.
 * A y repeats the bit before it (36.211 §5.3.1: b~(i) = b~(i-1); after
 * lte_ulsch_descramble its soft value is one of that bit); an x carries
 * nothing. */
static float correlate(const float *S, const uint8_t *t, int blk)
{
    float c = 0.0f;
    for (int j = 0; j < blk; j++) {
        uint8_t v = (t[j] == LTE_UCI_Y && j > 0) ? t[j - 1] : t[j];
        if (v <= 1)
            c += v ? -S[j] : S[j];
    }
    return c;
}

/* ML over the 2^O messages; ties to the smaller message. */
static unsigned ml_search(const float *S, int O, int q_m, int rm, float *best_metric)
{
    unsigned best = 0;
    float bm = -INFINITY;
    uint8_t t[32];
    for (unsigned m = 0; m < (1u << O); m++) {
        int blk = uci_block(m, O, q_m, rm, t);
        float c = correlate(S, t, blk);
        if (c > bm) {
            bm = c;
            best = m;
        }
    }
    *best_metric = bm;
    return best;
}

static int ack_decode(const float *llr, int O, int q_m, int Q, uint8_t *o, float *metric,
                      const char *fn)
{
    int rc = check_ack_args(llr, O, q_m, Q, o, fn);
    if (rc < 0)
        return rc;
    int bad = lte_f32_first_nonfinite(llr, Q, LTE_SIMD_AUTO);
    if (bad < 0)
        return bad;
    if (bad != Q)
        return lte_error_set_fn(LTE_EINVAL, fn, "llr[%d] is not finite", bad);
    float S[32];
    int blk = O >= 3 ? 32 : O == 2 ? 3 * q_m : q_m;
    fold(llr, Q, blk, S);
    float bm;
    unsigned m = ml_search(S, O, q_m, O >= 3, &bm);
    for (int n = 0; n < O; n++)
        o[n] = (uint8_t)((m >> n) & 1);
    if (metric)
        *metric = bm;
    return 0;
}

int lte_uci_ack_decode(const float *llr, int O, int q_m, int Q, uint8_t *o, float *metric)
{
    return ack_decode(llr, O, q_m, Q, o, metric, __func__);
}

int lte_uci_ri_decode(const float *llr, int O, int q_m, int Q, uint8_t *o, float *metric)
{
    return ack_decode(llr, O, q_m, Q, o, metric, __func__);
}

/* ---- TDD HARQ-ACK bundling, §5.2.2.6 and Table 5.2.2.6-A ---------------------
 * w^ACK of row (N_bundled - 1) mod 4. */
static const uint8_t w_bundled[4][4] = {{1, 1, 1, 1}, {1, 0, 1, 0}, {1, 1, 0, 0}, {1, 0, 0, 1}};

/* q^ACK -> qtilde^ACK in place: a coded bit and a y (the repetition of the
 * coded bit q_(i-1) before it) get w_floor(k/m) added, k counting them mod
 * 4m (m = 1 for one HARQ-ACK bit, 3 for two: two words per block either
 * way, [o0 y] or [o0 o1 o2 o0 o1 o2]); an x stays. */
static void bundle_scramble(uint8_t *q, int Q, int O, int n_bundled)
{
    const uint8_t *w = w_bundled[(n_bundled - 1) % 4];
    int m = O == 1 ? 1 : 3;
    uint8_t prev = 0; /* q_(i-1) before scrambling; a block never starts with y */
    for (int i = 0, k = 0; i < Q; i++) {
        if (q[i] == LTE_UCI_X)
            continue;
        if (q[i] != LTE_UCI_Y)
            prev = q[i];
        q[i] = prev ^ w[k / m];
        k = (k + 1) % (4 * m);
    }
}

/* The receive-side inverse on Q soft values of qtilde^ACK (descrambled, the
 * former y positions plainly): the soft value of every position that got
 * w = 1 changes sign; an x (0) stays. The y positions then carry q_(i-1)
 * again, as the HARQ-ACK decoder expects. */
static void bundle_unscramble(float *llr, int Q, int O, int q_m, int n_bundled)
{
    const uint8_t *w = w_bundled[(n_bundled - 1) % 4];
    uint8_t t[32];
    int m = O == 1 ? 1 : 3, blk = uci_block(0, O, q_m, 0, t);
    for (int i = 0, j = 0, k = 0; i < Q; i++) {
        if (t[j] != LTE_UCI_X) {
            if (w[k / m])
                llr[i] = -llr[i];
            k = (k + 1) % (4 * m);
        }
        if (++j == blk)
            j = 0;
    }
}

/* ---- CQI/PMI, §5.2.2.6.4 --------------------------------------------------- */
static const unsigned conv_g[3] = {LTE_CONV_G0, LTE_CONV_G1, LTE_CONV_G2};

int lte_uci_cqi_encode(const uint8_t *o, int O, int Q, uint8_t *q)
{
    LTE_CHECK_ARG(o != NULL && q != NULL, "NULL array");
    LTE_CHECK_ARG(O >= 1 && O <= LTE_UCI_CQI_OMAX, "O = %d is outside 1..%d", O,
                  LTE_UCI_CQI_OMAX);
    LTE_CHECK_ARG(Q >= 1 && Q <= LTE_ULSCH_BITS_MAX, "Q = %d is outside 1..%d", Q,
                  LTE_ULSCH_BITS_MAX);
    if (O <= LTE_UCI_RM_OMAX) {
        /* q_i = b_(i mod 32) */
        uint32_t w = rm32_word(pack_msg(o, O));
        for (int i = 0; i < Q; i++)
            q[i] = (uint8_t)((w >> (i & 31)) & 1);
        return 0;
    }
    /* CRC8, TBCC, rate matching */
    uint8_t c[LTE_UCI_CQI_OMAX + 8], d[3][LTE_UCI_CQI_OMAX + 8];
    int K = O + 8, rc;
    memcpy(c, o, (size_t)O);
    if ((rc = lte_crc_attach(LTE_CRC8, c, O, c)) < 0)
        return rc;
    if ((rc = lte_conv_encode(c, K, conv_g, d[0], d[1], d[2])) < 0)
        return rc;
    return lte_ratematch_conv(d[0], d[1], d[2], K, Q, q);
}

/* ---- Resources, §5.2.2.6 and §5.2.4 ---------------------------------------- */

/* ceil(num / den) for positive 64-bit values. */
static int64_t ceil_div(int64_t num, int64_t den) { return (num + den - 1) / den; }

static int sum_kr(int tbs, int64_t *sum)
{
    lte_cb_seg seg;
    int rc = lte_cb_segment(tbs + 24, &seg); /* B = A + CRC24A */
    if (rc < 0)
        return rc;
    *sum = 0;
    for (int r = 0; r < seg.C; r++)
        *sum += lte_cb_size(&seg, r);
    return 0;
}

static int check_cfg(const lte_ulsch_cfg *c)
{
    LTE_CHECK_ARG(c != NULL, "cfg is NULL");
    LTE_CHECK_ARG(c->n_prb >= 1 && c->n_prb <= LTE_ULSCH_MRB_MAX, "n_prb = %d is outside 1..%d",
                  c->n_prb, LTE_ULSCH_MRB_MAX);
    LTE_CHECK_ARG(c->cp_extended == 0 || c->cp_extended == 1, "cp_extended = %d is not 0 or 1",
                  c->cp_extended);
    LTE_CHECK_ARG(c->n_srs == 0 || c->n_srs == 1, "n_srs = %d is not 0 or 1", c->n_srs);
    LTE_CHECK_ARG(c->q_m == 2 || c->q_m == 4 || c->q_m == 6 || c->q_m == 8,
                  "q_m = %d is not 2, 4, 6 or 8", c->q_m);
    LTE_CHECK_ARG(c->tbs == 0 || (c->tbs >= 16 && c->tbs <= LTE_SCH_TBS_MAX),
                  "tbs = %d is neither 0 nor in 16..%d", c->tbs, LTE_SCH_TBS_MAX);
    LTE_CHECK_ARG(c->rv >= 0 && c->rv <= 3, "rv = %d is outside 0..3", c->rv);
    LTE_CHECK_ARG(c->o_ack >= 0 && c->o_ack <= LTE_UCI_ACK_OMAX, "o_ack = %d is outside 0..%d",
                  c->o_ack, LTE_UCI_ACK_OMAX);
    LTE_CHECK_ARG(c->o_ri >= 0 && c->o_ri <= LTE_UCI_RI_OMAX, "o_ri = %d is outside 0..%d",
                  c->o_ri, LTE_UCI_RI_OMAX);
    LTE_CHECK_ARG(c->o_cqi >= 0 && c->o_cqi <= LTE_UCI_CQI_OMAX, "o_cqi = %d is outside 0..%d",
                  c->o_cqi, LTE_UCI_CQI_OMAX);
    LTE_CHECK_ARG(c->tbs > 0 || c->o_cqi > 0,
                  "control-only PUSCH (tbs = 0) needs CQI (36.212 5.2.4), o_cqi = 0");
    LTE_CHECK_ARG(c->n_prb_init >= 0 && c->n_prb_init <= LTE_ULSCH_MRB_MAX,
                  "n_prb_init = %d is outside 0..%d", c->n_prb_init, LTE_ULSCH_MRB_MAX);
    LTE_CHECK_ARG(c->n_symb_init == 0 || (c->n_symb_init >= 9 && c->n_symb_init <= 12),
                  "n_symb_init = %d is neither 0 nor in 9..12", c->n_symb_init);
    LTE_CHECK_ARG(c->n_bundled >= 0 && c->n_bundled <= LTE_ULSCH_NBUNDLED_MAX,
                  "n_bundled = %d is outside 0..%d", c->n_bundled, LTE_ULSCH_NBUNDLED_MAX);
    LTE_CHECK_ARG(c->n_bundled == 0 || c->o_ack == 1 || c->o_ack == 2,
                  "n_bundled = %d needs 1 or 2 HARQ-ACK bits (bundling), o_ack = %d",
                  c->n_bundled, c->o_ack);
    return 0;
}

static int betas(const lte_ulsch_cfg *c, int *b_ack, int *b_ri, int *b_cqi)
{
    int rc = 0;
    *b_ack = *b_ri = *b_cqi = 0;
    if (c->o_ack > 0 && (rc = lte_uci_beta_ack_x8(c->beta_ack, b_ack)) < 0)
        return rc;
    if (c->o_ri > 0 && (rc = lte_uci_beta_ri_x8(c->beta_ri, b_ri)) < 0)
        return rc;
    if (c->o_cqi > 0 && (rc = lte_uci_beta_cqi_x8(c->beta_cqi, b_cqi)) < 0)
        return rc;
    return 0;
}

static void fill_bits(lte_ulsch_sizes *s)
{
    s->q_ack = s->q_ack_sym * s->q_m;
    s->q_ri = s->q_ri_sym * s->q_m;
    s->q_cqi = s->q_cqi_sym * s->q_m;
    s->G = s->g_sym * s->q_m;
    s->H = s->G + s->q_cqi;
    s->n_bits = s->H + s->q_ri;
}

int lte_ulsch_sizes_get(const lte_ulsch_cfg *cfg, lte_ulsch_sizes *s)
{
    int rc = check_cfg(cfg), b_ack, b_ri, b_cqi;
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(s != NULL, "s is NULL");
    if ((rc = betas(cfg, &b_ack, &b_ri, &b_cqi)) < 0)
        return rc;
    memset(s, 0, sizeof *s);
    s->m_sc = 12 * cfg->n_prb;
    s->n_symb = 2 * ((cfg->cp_extended ? 6 : 7) - 1) - cfg->n_srs; /* §5.2.2.6 */
    s->cp_extended = cfg->cp_extended;
    s->q_m = cfg->q_m;
    int64_t cells = (int64_t)s->m_sc * s->n_symb, cap = 4 * (int64_t)s->m_sc;
    int L = cfg->o_cqi > LTE_UCI_RM_OMAX ? 8 : 0;
    if (cfg->tbs > 0) {
        int64_t sk;
        if ((rc = sum_kr(cfg->tbs, &sk)) < 0)
            return rc;
        int64_t msc0 = cfg->n_prb_init ? 12 * cfg->n_prb_init : s->m_sc;
        int64_t ns0 = cfg->n_symb_init ? cfg->n_symb_init : s->n_symb;
        int64_t res0 = msc0 * ns0, den = 8 * sk;
        s->q_ack_sym = (int)LTE_MIN(ceil_div(cfg->o_ack * res0 * b_ack, den), cap);
        s->q_ri_sym = (int)LTE_MIN(ceil_div(cfg->o_ri * res0 * b_ri, den), cap);
        if (cfg->o_cqi > 0)
            s->q_cqi_sym = (int)LTE_MIN(ceil_div((cfg->o_cqi + L) * res0 * b_cqi, den),
                                        cells - s->q_ri_sym);
        s->g_sym = (int)(cells - s->q_ri_sym - s->q_cqi_sym);
        LTE_CHECK_ARG(s->g_sym > 0, "the control information leaves no room for data");
    } else {
        /* §5.2.4: beta = beta_x / beta_CQI, O_CQI-MIN = O_CQI + L */
        int64_t den = (int64_t)b_cqi * (cfg->o_cqi + L);
        s->q_ack_sym = (int)LTE_MIN(ceil_div(cfg->o_ack * cells * b_ack, den), cap);
        s->q_ri_sym = (int)LTE_MIN(ceil_div(cfg->o_ri * cells * b_ri, den), cap);
        s->q_cqi_sym = (int)(cells - s->q_ri_sym);
    }
    fill_bits(s);
    return 0;
}

/* ---- Channel interleaver, §5.2.2.8 ------------------------------------------ */

/* Tables 5.2.2.8-1 (HARQ-ACK) and 5.2.2.8-2 (RI), [normal, extended CP]. */
static const int ack_colset[2][4] = {{2, 3, 8, 9}, {1, 2, 6, 7}};
static const int ri_colset[2][4] = {{1, 4, 7, 10}, {0, 3, 5, 8}};

static int check_sizes(const lte_ulsch_sizes *s)
{
    LTE_CHECK_ARG(s != NULL, "s is NULL");
    LTE_CHECK_ARG(s->cp_extended == 0 || s->cp_extended == 1, "cp_extended = %d",
                  s->cp_extended);
    int lo = s->cp_extended ? 9 : 11;
    LTE_CHECK_ARG(s->n_symb == lo || s->n_symb == lo + 1,
                  "n_symb = %d is not %d or %d for this cyclic prefix", s->n_symb, lo, lo + 1);
    LTE_CHECK_ARG(s->m_sc >= 1 && s->m_sc <= 12 * LTE_ULSCH_MRB_MAX, "m_sc = %d", s->m_sc);
    LTE_CHECK_ARG(s->q_m >= 1 && s->q_m <= 8, "q_m = %d is outside 1..8", s->q_m);
    LTE_CHECK_ARG(s->q_ack_sym >= 0 && s->q_ack_sym <= 4 * s->m_sc,
                  "q_ack_sym = %d is outside 0..4 m_sc", s->q_ack_sym);
    LTE_CHECK_ARG(s->q_ri_sym >= 0 && s->q_ri_sym <= 4 * s->m_sc,
                  "q_ri_sym = %d is outside 0..4 m_sc", s->q_ri_sym);
    LTE_CHECK_ARG(s->q_cqi_sym >= 0 && s->g_sym >= 0, "negative q_cqi_sym or g_sym");
    LTE_CHECK_ARG(s->g_sym + s->q_cqi_sym + s->q_ri_sym == s->m_sc * s->n_symb,
                  "g_sym + q_cqi_sym + q_ri_sym = %d is not m_sc n_symb = %d",
                  s->g_sym + s->q_cqi_sym + s->q_ri_sym, s->m_sc * s->n_symb);
    int q = s->q_m;
    LTE_CHECK_ARG(s->q_ack == q * s->q_ack_sym && s->q_ri == q * s->q_ri_sym &&
                      s->q_cqi == q * s->q_cqi_sym && s->G == q * s->g_sym &&
                      s->H == s->G + s->q_cqi && s->n_bits == s->H + s->q_ri,
                  "bit counts do not match the symbol counts");
    return 0;
}

/* The column-set slot p (0..3) of each column, or -1. Slot p holds the
 * vectors i with j = (3 i) mod 4 = p (the spec's j = (j + 3) mod 4 walk),
 * i.e. i mod 4 = (3 p) mod 4, in row R'-1 - floor(i/4). */
static void slots(const int set[4], int C, int *slot)
{
    for (int c = 0; c < C; c++)
        slot[c] = -1;
    for (int p = 0; p < 4; p++)
        slot[set[p]] = p;
}

static inline int set_vector(int r, int p, int R) { return 4 * (R - 1 - r) + (3 * p) % 4; }

/* The class of a matrix cell: RI where step 3 of §5.2.2.8 put it, else a
 * CQI/data vector g_k (§5.2.2.7: CQI first; step 4 writes them row by row
 * around RI), unless step 5 overwrites it with HARQ-ACK. Computed in closed
 * form per cell so the matrix can be visited in the read-out order. */
typedef enum { CELL_RI = 0, CELL_ACK, CELL_CQI, CELL_DATA } cell_kind;

typedef struct cell_map {
    const lte_ulsch_sizes *s;
    int ri_slot[12], ack_slot[12];
} cell_map;

static void map_init(cell_map *m, const lte_ulsch_sizes *s)
{
    m->s = s;
    slots(ri_colset[s->cp_extended], s->n_symb, m->ri_slot);
    slots(ack_colset[s->cp_extended], s->n_symb, m->ack_slot);
}

/* k of the g vector in non-RI cell (r, c): the number of non-RI cells
 * before it in row-major order. RI vector i sits in row R'-1 - floor(i/4),
 * so the rows above r hold the RI vectors i >= 4 (R' - r). */
static inline int g_index(const cell_map *m, int r, int c)
{
    const lte_ulsch_sizes *s = m->s;
    int R = s->m_sc, q = s->q_ri_sym;
    int k = r * s->n_symb + c - LTE_MAX(0, q - 4 * (R - r));
    int base = 4 * (R - 1 - r);
    if (q > base) /* this row holds RI: skip those left of c */
        for (int cc = 0; cc < c; cc++) {
            int p = m->ri_slot[cc];
            k -= p >= 0 && base + (3 * p) % 4 < q;
        }
    return k;
}

/* idx: the vector index within its own sequence; gk: the g_k the cell
 * holds (also for HARQ-ACK cells, which puncture it), -1 for RI. */
static inline cell_kind cell_at(const cell_map *m, int r, int c, int *idx, int *gk)
{
    const lte_ulsch_sizes *s = m->s;
    int p = m->ri_slot[c], i;
    if (p >= 0 && (i = set_vector(r, p, s->m_sc)) < s->q_ri_sym) {
        *idx = i;
        *gk = -1;
        return CELL_RI;
    }
    int k = g_index(m, r, c);
    *gk = k;
    p = m->ack_slot[c];
    if (p >= 0 && (i = set_vector(r, p, s->m_sc)) < s->q_ack_sym) {
        *idx = i;
        return CELL_ACK;
    }
    if (k < s->q_cqi_sym) {
        *idx = k;
        return CELL_CQI;
    }
    *idx = k - s->q_cqi_sym;
    return CELL_DATA;
}

/* Rows 0 .. n-1 of column c hold plain g vectors, k = r C' + c: they lie
 * above every RI vector (which would shift k or take the cell) and above
 * any HARQ-ACK in this column. The fast path of the loops below. */
static inline int plain_rows(const cell_map *m, int c)
{
    const lte_ulsch_sizes *s = m->s;
    int n = s->m_sc - (s->q_ri_sym + 3) / 4;
    if (m->ack_slot[c] >= 0)
        n = LTE_MIN(n, s->m_sc - (s->q_ack_sym + 3) / 4);
    return LTE_MAX(n, 0);
}

/* Copies of one cell's Q_m values, with the common Q_m as constants so that
 * each becomes one or two whole moves (an element loop stores one float at
 * a time: 2.5x slower deinterleaving at Q_m = 6). */
#define COPY_CELL(T, d, src, q)                                                 \
    do {                                                                        \
        switch (q) {                                                            \
        case 2: memcpy((d), (src), 2 * sizeof(T)); break;                       \
        case 4: memcpy((d), (src), 4 * sizeof(T)); break;                       \
        case 6: memcpy((d), (src), 6 * sizeof(T)); break;                       \
        case 8: memcpy((d), (src), 8 * sizeof(T)); break;                       \
        default: memcpy((d), (src), (size_t)(q) * sizeof(T)); break;            \
        }                                                                       \
    } while (0)

int lte_ulsch_interleave(const lte_ulsch_sizes *s, const uint8_t *f, const uint8_t *q_cqi,
                         const uint8_t *q_ri, const uint8_t *q_ack, uint8_t *h)
{
    int rc = check_sizes(s);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(h != NULL, "h is NULL");
    LTE_CHECK_ARG((f || !s->G) && (q_cqi || !s->q_cqi) && (q_ri || !s->q_ri) &&
                      (q_ack || !s->q_ack),
                  "NULL input with a nonzero count");
    int qm = s->q_m;
    const uint8_t *src[4] = {q_ri, q_ack, q_cqi, f}; /* by cell_kind */
    cell_map m;
    map_init(&m, s);
    /* step 6: read out column by column, Q_m bits per cell */
    for (int c = 0; c < s->n_symb; c++) {
        int r = 0, n = plain_rows(&m, c), C = s->n_symb, Qc = s->q_cqi_sym;
        for (; r < n; r++, h += qm) {
            int k = r * C + c;
            const uint8_t *g = k < Qc ? q_cqi + (size_t)k * qm : f + (size_t)(k - Qc) * qm;
            COPY_CELL(uint8_t, h, g, qm);
        }
        for (; r < s->m_sc; r++, h += qm) {
            int idx, gk;
            cell_kind kind = cell_at(&m, r, c, &idx, &gk);
            COPY_CELL(uint8_t, h, src[kind] + (size_t)idx * qm, qm);
        }
    }
    return 0;
}

/* rows consecutive rows of data cells (k = r C' + c >= Q_CQI'), read from
 * their C' columns of R rows, written as one run from g. With Q_m a
 * constant (the caller's switch) each cell is one or two moves and the loop
 * no more than its copies and pointer steps: with Q_m read per cell, the
 * dispatch and the pointer of every case cost more than the copies
 * (lte_ulsch_deinterleave about 20 -> 13 us at 100 PRB, 64QAM). */
static inline __attribute__((always_inline)) void data_rows(const float *src, float *g, int rows,
                                                            int C, int R, int qm)
{
    const size_t col = (size_t)R * (size_t)qm;
    for (int r = 0; r < rows; r++, src += qm) {
        const float *a = src;
        for (int c = 0; c < C; c++, g += qm, a += col)
            memcpy(g, a, (size_t)qm * sizeof(float));
    }
}

int lte_ulsch_deinterleave(const lte_ulsch_sizes *s, const float *llr0, float *f, float *q_cqi,
                           float *q_ri, float *q_ack)
{
    const float *llr = llr0;
    int rc = check_sizes(s);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(llr != NULL, "llr is NULL");
    LTE_CHECK_ARG((f || !s->G) && (q_cqi || !s->q_cqi) && (q_ri || !s->q_ri) &&
                      (q_ack || !s->q_ack),
                  "NULL output with a nonzero count");
    int qm = s->q_m;
    float *dst[4] = {q_ri, q_ack, q_cqi, f};
    cell_map m;
    map_init(&m, s);
    /* Rows that are plain in every column, row by row: the C' cells of a
     * row are consecutive g vectors (k = r C' + c), so the writes run
     * straight through the output while the reads follow C' columns, each
     * sequentially; then the rest of each column as below. */
    const int C = s->n_symb, Qc = s->q_cqi_sym, R = s->m_sc;
    int rows_all = R;
    for (int c = 0; c < C; c++)
        rows_all = LTE_MIN(rows_all, plain_rows(&m, c));
    /* rows holding CQI (k = r C' < Q_CQI' for their first cell) */
    int r_data = LTE_MIN((Qc + C - 1) / C, rows_all);
    for (int r = 0; r < r_data; r++) {
        const float *src = llr + (size_t)r * qm;
        int k = r * C;
        for (int c = 0; c < C; c++, k++) {
            float *g = k < Qc ? q_cqi + (size_t)k * qm : f + (size_t)(k - Qc) * qm;
            COPY_CELL(float, g, src + (size_t)c * R * qm, qm);
        }
    }
    /* the rows that are wholly data: one output run from g_k, k = r_data C' */
    if (r_data < rows_all) {
        const float *src = llr + (size_t)r_data * qm;
        float *g = f + (size_t)(r_data * C - Qc) * qm;
        int rows = rows_all - r_data;
        switch (qm) {
        case 2: data_rows(src, g, rows, C, R, 2); break;
        case 4: data_rows(src, g, rows, C, R, 4); break;
        case 6: data_rows(src, g, rows, C, R, 6); break;
        case 8: data_rows(src, g, rows, C, R, 8); break;
        default: data_rows(src, g, rows, C, R, qm); break;
        }
    }
    for (int c = 0; c < s->n_symb; c++) {
        int r = rows_all, n = plain_rows(&m, c);
        llr = llr0 + ((size_t)c * R + r) * qm;
        for (; r < n; r++, llr += qm) {
            int k = r * C + c;
            float *g = k < Qc ? q_cqi + (size_t)k * qm : f + (size_t)(k - Qc) * qm;
            COPY_CELL(float, g, llr, qm);
        }
        for (; r < s->m_sc; r++, llr += qm) {
            int idx, gk;
            cell_kind kind = cell_at(&m, r, c, &idx, &gk);
            COPY_CELL(float, dst[kind] + (size_t)idx * qm, llr, qm);
            if (kind == CELL_ACK) {
                /* the data or CQI vector HARQ-ACK punctured: erased */
                float *g = gk < s->q_cqi_sym ? q_cqi + (size_t)gk * qm
                                             : f + (size_t)(gk - s->q_cqi_sym) * qm;
                memset(g, 0, (size_t)qm * sizeof(float));
            }
        }
    }
    return 0;
}

/* ---- The whole chain --------------------------------------------------------- */
#define CQI_KMAX (LTE_UCI_CQI_OMAX + 8)
#define UCI_QMAX (4 * 12 * LTE_ULSCH_MRB_MAX * 8) /* 4 M_sc Q_m, Q_m up to 8 */

struct lte_ulsch {
    lte_sch_cfg cfg;
    lte_sch_enc *enc;
    lte_sch_dec *dec;
    lte_conv_dec *cdec;
    uint8_t *f, *qc, *qr, *qa; /* coded bits */
    float *lf, *lc, *lr, *la;  /* their soft values */
    float *l0, *l1, *l2;       /* CQI convolutional streams */
    uint8_t *c;                /* CQI + CRC8 */
    uint8_t *tmpl;             /* placeholder positions of a subframe */
    uint8_t *cseq;             /* scrambling sequence */
    lte_ulsch_sizes last;      /* of the last encode, for the stage dumps */
    int have_last;
};

int lte_ulsch_create(const lte_sch_cfg *cfg, lte_ulsch **out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    *out = NULL;
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    LTE_CHECK_ARG(cfg->uplink == 1, "cfg->uplink = %d: UL-SCH needs 1 (N_cb = K_w)",
                  cfg->uplink);
    lte_ulsch *u = calloc(1, sizeof *u);
    if (!u)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    u->cfg = *cfg;
    int rc = lte_sch_enc_create(cfg, &u->enc);
    if (rc == 0)
        rc = lte_sch_dec_create(cfg, &u->dec);
    lte_conv_dec_cfg cc = {CQI_KMAX, {LTE_CONV_G0, LTE_CONV_G1, LTE_CONV_G2}, 0, LTE_CONV_WAVA};
    if (rc == 0)
        rc = lte_conv_dec_create(&cc, &u->cdec);
    if (rc < 0) {
        lte_ulsch_destroy(u);
        return rc;
    }
    size_t nb = LTE_ULSCH_BITS_MAX;
    u->f = lte_alloc(nb);
    u->qc = lte_alloc(nb);
    u->qr = lte_alloc(UCI_QMAX);
    u->qa = lte_alloc(UCI_QMAX);
    u->lf = lte_alloc(nb * sizeof(float));
    u->lc = lte_alloc(nb * sizeof(float));
    u->lr = lte_alloc(UCI_QMAX * sizeof(float));
    u->la = lte_alloc(UCI_QMAX * sizeof(float));
    u->l0 = lte_alloc(3 * CQI_KMAX * sizeof(float));
    u->c = lte_alloc(CQI_KMAX);
    u->tmpl = lte_alloc(nb);
    u->cseq = lte_alloc(nb);
    if (!u->tmpl || !u->cseq || !u->f || !u->qc || !u->qr || !u->qa || !u->lf || !u->lc ||
        !u->lr || !u->la || !u->l0 || !u->c) {
        lte_ulsch_destroy(u);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    }
    u->l1 = u->l0 + CQI_KMAX;
    u->l2 = u->l1 + CQI_KMAX;
    *out = u;
    return 0;
}

void lte_ulsch_destroy(lte_ulsch *u)
{
    if (!u)
        return;
    lte_sch_enc_destroy(u->enc);
    lte_sch_dec_destroy(u->dec);
    lte_conv_dec_destroy(u->cdec);
    lte_free(u->f);
    lte_free(u->qc);
    lte_free(u->qr);
    lte_free(u->qa);
    lte_free(u->lf);
    lte_free(u->lc);
    lte_free(u->lr);
    lte_free(u->la);
    lte_free(u->l0);
    lte_free(u->c);
    lte_free(u->tmpl);
    lte_free(u->cseq);
    free(u);
}

static int check_payloads(const lte_ulsch *u, const lte_ulsch_cfg *cfg, const void *tb,
                          const void *cqi, const void *ri, const void *ack)
{
    LTE_CHECK_ARG(u != NULL, "u is NULL");
    LTE_CHECK_ARG(cfg->tbs <= u->cfg.tbs_max, "tbs = %d exceeds the object's tbs_max = %d",
                  cfg->tbs, u->cfg.tbs_max);
    LTE_CHECK_ARG((tb || !cfg->tbs) && (cqi || !cfg->o_cqi) && (ri || !cfg->o_ri) &&
                      (ack || !cfg->o_ack),
                  "NULL payload with a nonzero size");
    return 0;
}

int lte_ulsch_encode(lte_ulsch *u, const lte_ulsch_cfg *cfg, const uint8_t *tb,
                     const uint8_t *cqi, const uint8_t *ri, const uint8_t *ack, uint8_t *h)
{
    lte_ulsch_sizes s;
    int rc = lte_ulsch_sizes_get(cfg, &s);
    if (rc < 0 || (rc = check_payloads(u, cfg, tb, cqi, ri, ack)) < 0)
        return rc;
    LTE_CHECK_ARG(h != NULL, "h is NULL");
    u->have_last = 0;
    if (cfg->tbs > 0) {
        lte_sch_tx tx = {cfg->tbs, s.G, cfg->q_m, 1, cfg->rv};
        if ((rc = lte_sch_encode(u->enc, &tx, tb, u->f)) < 0)
            return rc;
    }
    if (s.q_cqi && (rc = lte_uci_cqi_encode(cqi, cfg->o_cqi, s.q_cqi, u->qc)) < 0)
        return rc;
    if (s.q_ri && (rc = lte_uci_ri_encode(ri, cfg->o_ri, cfg->q_m, s.q_ri, u->qr)) < 0)
        return rc;
    if (s.q_ack && (rc = lte_uci_ack_encode(ack, cfg->o_ack, cfg->q_m, s.q_ack, u->qa)) < 0)
        return rc;
    if (s.q_ack && cfg->n_bundled > 0)
        bundle_scramble(u->qa, s.q_ack, cfg->o_ack, cfg->n_bundled);
    u->last = s;
    u->have_last = 1;
    return lte_ulsch_interleave(&s, u->f, u->qc, u->qr, u->qa, h);
}

int lte_ulsch_cqi_decode(lte_ulsch *u, const float *llr, int O, int Q, uint8_t *o, int *crc_ok,
                         float *metric)
{
    LTE_CHECK_ARG(u != NULL && llr != NULL && o != NULL, "NULL argument");
    LTE_CHECK_ARG(O >= 1 && O <= LTE_UCI_CQI_OMAX, "O = %d is outside 1..%d", O,
                  LTE_UCI_CQI_OMAX);
    LTE_CHECK_ARG(Q >= 1 && Q <= LTE_ULSCH_BITS_MAX, "Q = %d is outside 1..%d", Q,
                  LTE_ULSCH_BITS_MAX);
    int bad = lte_f32_first_nonfinite(llr, Q, u->cfg.simd);
    if (bad < 0)
        return bad;
    LTE_CHECK_ARG(bad == Q, "llr[%d] is not finite", bad);
    float bm;
    if (O <= LTE_UCI_RM_OMAX) {
        float S[32];
        fold(llr, Q, 32, S);
        unsigned m = ml_search(S, O, 2, 1, &bm);
        for (int n = 0; n < O; n++)
            o[n] = (uint8_t)((m >> n) & 1);
        if (crc_ok)
            *crc_ok = -1;
    } else {
        int K = O + 8, rc;
        lte_conv_dec_info info;
        if ((rc = lte_ratematch_conv_inv(llr, Q, K, u->l0, u->l1, u->l2)) < 0)
            return rc;
        if ((rc = lte_conv_dec_run(u->cdec, u->l0, u->l1, u->l2, K, u->c, &info)) < 0)
            return rc;
        memcpy(o, u->c, (size_t)O);
        if (crc_ok)
            *crc_ok = lte_crc_check(LTE_CRC8, u->c, K) == 1;
        bm = info.metric;
    }
    if (metric)
        *metric = bm;
    return 0;
}

int lte_ulsch_decode(lte_ulsch *u, lte_sch_harq *h_harq, const lte_ulsch_cfg *cfg,
                     const float *llr, uint8_t *tb, uint8_t *cqi, uint8_t *ri, uint8_t *ack,
                     lte_ulsch_result *res)
{
    lte_ulsch_sizes s;
    int rc = lte_ulsch_sizes_get(cfg, &s);
    if (rc < 0 || (rc = check_payloads(u, cfg, tb, cqi, ri, ack)) < 0)
        return rc;
    LTE_CHECK_ARG(llr != NULL && res != NULL, "NULL llr or res");
    LTE_CHECK_ARG(h_harq != NULL || cfg->tbs == 0, "h_harq is NULL with data");
    /* vectorised: a scalar isfinite() loop here was a tenth of the PUSCH
     * receive chain (kernels/finite.h) */
    int bad = lte_f32_first_nonfinite(llr, s.n_bits, u->cfg.simd);
    if (bad < 0)
        return bad;
    LTE_CHECK_ARG(bad == s.n_bits, "llr[%d] is not finite", bad);
    memset(res, 0, sizeof *res);
    res->cqi_crc_ok = -1;
    if ((rc = lte_ulsch_deinterleave(&s, llr, u->lf, u->lc, u->lr, u->la)) < 0)
        return rc;
    if (cfg->tbs > 0) {
        lte_sch_tx tx = {cfg->tbs, s.G, cfg->q_m, 1, cfg->rv};
        if ((rc = lte_sch_decode(u->dec, h_harq, &tx, u->lf, tb, &res->data)) < 0)
            return rc;
    }
    if (s.q_cqi && (rc = lte_ulsch_cqi_decode(u, u->lc, cfg->o_cqi, s.q_cqi, cqi,
                                              &res->cqi_crc_ok, &res->cqi_metric)) < 0)
        return rc;
    if (s.q_ri &&
        (rc = lte_uci_ri_decode(u->lr, cfg->o_ri, cfg->q_m, s.q_ri, ri, &res->ri_metric)) < 0)
        return rc;
    if (s.q_ack && cfg->n_bundled > 0)
        bundle_unscramble(u->la, s.q_ack, cfg->o_ack, cfg->q_m, cfg->n_bundled);
    if (s.q_ack && (rc = lte_uci_ack_decode(u->la, cfg->o_ack, cfg->q_m, s.q_ack, ack,
                                            &res->ack_metric)) < 0)
        return rc;
    return 0;
}

/* ---- PUSCH scrambling with placeholders, 36.211 §5.3.1 ------------------------ */

int lte_ulsch_scramble(lte_ulsch *u, uint32_t c_init, const uint8_t *h, int n, uint8_t *out)
{
    LTE_CHECK_ARG(u != NULL && h != NULL && out != NULL, "NULL argument");
    LTE_CHECK_ARG(n >= 1 && n <= LTE_ULSCH_BITS_MAX, "n = %d is outside 1..%d", n,
                  LTE_ULSCH_BITS_MAX);
    LTE_CHECK_ARG(h[0] != LTE_UCI_Y, "h[0] is a y placeholder with no bit before it");
    for (int i = 0; i < n; i++)
        LTE_CHECK_ARG(h[i] <= LTE_UCI_Y, "h[%d] = %d is not 0, 1, x or y", i, h[i]);
    int rc = lte_gold_bits(c_init, n, u->cseq);
    if (rc < 0)
        return rc;
    for (int i = 0; i < n; i++) {
        uint8_t b = h[i];
        out[i] = b == LTE_UCI_X ? 1 : b == LTE_UCI_Y ? out[i - 1] : (uint8_t)(b ^ u->cseq[i]);
    }
    return 0;
}

/* c(i) from the packed words of lte_gold_descramble_llr_words. */
static inline int gold_bit(const uint64_t *w, int i) { return (int)(w[i >> 6] >> (i & 63)) & 1; }

/* The placeholders of the cells of one UCI kind (RI or HARQ-ACK, coded from
 * 1 or 2 bits: x/y at fixed positions of their block, whatever the message,
 * §5.2.2.6) after a plain descrambling of every soft value by c(i): an x is
 * always 1 (no information: 0); a y carries b(i-1) + c(i-1), so where
 * c(i) != c(i-1) its sign flips once more. Vector v of the kind sits in row
 * floor(v/4) of the column of slot p, (3p) mod 4 = v mod 4 (§5.2.2.8
 * steps 3 and 5), and is read out at ((column) R + row) Q_m (step 6). */
static void fix_placeholders(const lte_ulsch_sizes *s, const int set[4], int n_vec, int O,
                             int y_plain, const uint64_t *cw, float *llr)
{
    if (n_vec == 0 || O == 0)
        return;
    uint8_t t[32];
    int qm = s->q_m, R = s->m_sc;
    int blk = uci_block(0, O, qm, O >= 3, t);
    int any = 0;
    for (int j = 0; j < blk; j++)
        any |= t[j] > 1;
    if (!any)
        return;
    for (int v = 0; v < n_vec; v++) {
        int p = (3 * (v & 3)) & 3, r = R - 1 - v / 4, c = set[p];
        int pos = (c * R + r) * qm;
        for (int j = 0; j < qm; j++) {
            uint8_t m = t[(v * qm + j) % blk];
            int i = pos + j;
            if (m == LTE_UCI_X)
                llr[i] = 0.0f;
            else if (m == LTE_UCI_Y && !y_plain && i > 0 && gold_bit(cw, i) != gold_bit(cw, i - 1))
                llr[i] = -llr[i];
        }
    }
}

/* Whether the RI or HARQ-ACK cells of s have placeholders (1 or 2 bits). */
static int has_placeholders(const lte_ulsch_cfg *cfg, const lte_ulsch_sizes *s)
{
    return (s->q_ri_sym && cfg->o_ri <= 2) || (s->q_ack_sym && cfg->o_ack <= 2);
}

static void fix_all(const lte_ulsch_cfg *cfg, const lte_ulsch_sizes *s, const uint64_t *cw,
                    float *llr)
{
    fix_placeholders(s, ri_colset[s->cp_extended], s->q_ri_sym, cfg->o_ri, 0, cw, llr);
    /* TDD bundling (n_bundled > 0) turned the HARQ-ACK y into ordinary bits */
    fix_placeholders(s, ack_colset[s->cp_extended], s->q_ack_sym, cfg->o_ack,
                     cfg->n_bundled > 0, cw, llr);
}

int lte_ulsch_descramble(lte_ulsch *u, const lte_ulsch_cfg *cfg, uint32_t c_init, float *llr)
{
    lte_ulsch_sizes s;
    int rc = lte_ulsch_sizes_get(cfg, &s);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(u != NULL && llr != NULL, "NULL argument");
    /* every value by c(i), keeping the sequence words when the RI and
     * HARQ-ACK cells have placeholders that need c again (u->cseq, from
     * lte_alloc, holds LTE_ULSCH_BITS_MAX bytes: room for the words) */
    int fix = has_placeholders(cfg, &s);
    uint64_t *cw = fix ? (uint64_t *)(void *)u->cseq : NULL;
    if ((rc = lte_gold_descramble_llr_words(c_init, llr, s.n_bits, u->cfg.simd, cw)) < 0)
        return rc;
    if (fix)
        fix_all(cfg, &s, cw, llr);
    return 0;
}

int lte_ulsch_scr_words(lte_ulsch *u, const lte_ulsch_cfg *cfg, uint32_t c_init,
                        const uint64_t **w)
{
    lte_ulsch_sizes s;
    int rc = lte_ulsch_sizes_get(cfg, &s);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(u != NULL && w != NULL, "NULL argument");
    uint64_t *cw = (uint64_t *)(void *)u->cseq; /* room for the words, as above */
    if ((rc = lte_gold_words_path(c_init, s.n_bits, u->cfg.simd, cw)) < 0)
        return rc;
    *w = cw;
    return 0;
}

int lte_ulsch_fix_placeholders(const lte_ulsch_cfg *cfg, const uint64_t *w, float *llr)
{
    lte_ulsch_sizes s;
    int rc = lte_ulsch_sizes_get(cfg, &s);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(w != NULL && llr != NULL, "NULL argument");
    if (has_placeholders(cfg, &s))
        fix_all(cfg, &s, w, llr);
    return 0;
}

int lte_ulsch_enc_stage(const lte_ulsch *u, lte_ulsch_stage stage, const uint8_t **bits, int *n)
{
    LTE_CHECK_ARG(u != NULL && bits != NULL && n != NULL, "NULL argument");
    LTE_CHECK_ARG(u->have_last, "no transmission has been encoded yet");
    switch (stage) {
    case LTE_ULSCH_STAGE_DATA: *bits = u->f, *n = u->last.G; return 0;
    case LTE_ULSCH_STAGE_CQI: *bits = u->qc, *n = u->last.q_cqi; return 0;
    case LTE_ULSCH_STAGE_RI: *bits = u->qr, *n = u->last.q_ri; return 0;
    case LTE_ULSCH_STAGE_ACK: *bits = u->qa, *n = u->last.q_ack; return 0;
    }
    return lte_error_set_fn(LTE_EINVAL, __func__, "stage = %d is unknown", (int)stage);
}
