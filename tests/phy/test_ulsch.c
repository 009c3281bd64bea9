/* Tests of UL-SCH control information, multiplexing and channel
 * interleaving (36.212 §5.2.2.6-8, §5.2.4).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/control.h"
#include "ltephy/conv.h"
#include "ltephy/error.h"
#include "ltephy/gold.h"
#include "ltephy/modulation.h"
#include "ltephy/scrambling.h"
#include "ltephy/sch.h"
#include "ltephy/tables.h"
#include "ltephy/transform_precoding.h"
#include "ltephy/ulsch.h"
#include "tests/common/testutil.h"
#include "tests/common/tu_ulsch.h"

#define MIN_T(a, b) ((a) < (b) ? (a) : (b))

/* ---- The spec's tables, transcribed here independently ---------------------- */

/* 36.212 Table 5.2.2.6.4-1, one row per i, columns M_{i,0} .. M_{i,10}. */
static const char *const RM_TABLE[32] = {
    "11000000001", "11100000011", "10010010111", "10110000101", "11110001001",
    "11001011101", "10101010111", "10011001101", "11011001011", "10111010011",
    "10100111011", "11100110101", "10010101111", "11010101011", "10001101001",
    "11001111011", "11101110010", "10011100100", "11011111000", "10000110000",
    "10100010001", "11010000011", "10001001101", "11101000111", "11111011110",
    "11000111001", "10110100110", "11110101110", "10101110100", "10111111100",
    "11111111111", "10000000000",
};

/* 36.213 Tables 8.6.3-1, -2, -3 (negative: reserved). */
static const double BETA_ACK[16] = {2.000,  2.500,  3.125,  4.000,  5.000,  6.250,
                                    8.000,  10.000, 12.625, 15.875, 20.000, 31.000,
                                    50.000, 80.000, 126.000, -1};
static const double BETA_RI[16] = {1.250,  1.625,  2.000,  2.500,  3.125, 4.000, 5.000, 6.250,
                                   8.000,  10.000, 12.625, 15.875, 20.000, -1,    -1,    -1};
static const double BETA_CQI[16] = {-1,    -1,    1.125, 1.250, 1.375, 1.625, 1.750, 2.000,
                                    2.250, 2.500, 2.875, 3.125, 3.500, 4.000, 5.000, 6.250};

/* Tables 5.2.2.6-1..4 as strings: a = o0, b = o1, c = o2 = o0 XOR o1
 * (the Q_m = 8 rows: Rel-14 256QAM on PUSCH). */
static const char *ack_template(int O, int q_m)
{
    if (O == 1)
        return q_m == 2 ? "ay" : q_m == 4 ? "ayxx" : q_m == 6 ? "ayxxxx" : "ayxxxxxx";
    return q_m == 2   ? "abcabc"
           : q_m == 4 ? "abxxcaxxbcxx"
           : q_m == 6 ? "abxxxxcaxxxxbcxxxx"
                      : "abxxxxxxcaxxxxxxbcxxxxxx";
}

/* b_i of the (32,O) code from the transcribed table. */
static int rm_bit(unsigned m, int O, int i)
{
    int v = 0;
    for (int n = 0; n < O; n++)
        v ^= ((m >> n) & 1) & (RM_TABLE[i][n] - '0');
    return v;
}

/* The expected coded HARQ-ACK/RI sequence of message m (bit n = o_n). */
static void model_ack(unsigned m, int O, int q_m, int Q, uint8_t *q)
{
    if (O >= 3) {
        for (int i = 0; i < Q; i++)
            q[i] = (uint8_t)rm_bit(m, O, i % 32);
        return;
    }
    const char *t = ack_template(O, q_m);
    int len = (int)strlen(t), o0 = m & 1, o1 = (m >> 1) & 1;
    for (int i = 0; i < Q; i++) {
        char ch = t[i % len];
        q[i] = ch == 'a' ? o0 : ch == 'b' ? o1 : ch == 'c' ? (o0 ^ o1)
             : ch == 'x' ? LTE_UCI_X : LTE_UCI_Y;
    }
}

static void to_bits(unsigned m, int O, uint8_t *o)
{
    for (int n = 0; n < O; n++)
        o[n] = (m >> n) & 1;
}

/* ---- (32,O) code ----------------------------------------------------------- */

static void test_rm_table(void **state)
{
    (void)state;
    for (int i = 0; i < 32; i++) {
        int row = lte_uci_rm32_row(i), want = 0;
        for (int n = 0; n < 11; n++)
            want |= (RM_TABLE[i][n] - '0') << n;
        assert_int_equal(row, want);
    }
    assert_int_equal(lte_uci_rm32_row(32), LTE_EINVAL);
    assert_int_equal(lte_uci_rm32_row(-1), LTE_EINVAL);

    /* rank 11: Gaussian elimination over GF(2) on the 11 basis columns */
    uint32_t col[11];
    for (int n = 0; n < 11; n++) {
        col[n] = 0;
        for (int i = 0; i < 32; i++)
            col[n] |= (uint32_t)(RM_TABLE[i][n] - '0') << i;
    }
    int rank = 0;
    for (int bit = 0; bit < 32 && rank < 11; bit++) {
        int piv = -1;
        for (int n = rank; n < 11; n++)
            if ((col[n] >> bit) & 1)
                piv = n;
        if (piv < 0)
            continue;
        uint32_t t = col[piv];
        col[piv] = col[rank];
        col[rank] = t;
        for (int n = 0; n < 11; n++)
            if (n != rank && ((col[n] >> bit) & 1))
                col[n] ^= col[rank];
        rank++;
    }
    assert_int_equal(rank, 11);
}

/* Encoder output against the transcribed table; minimum distance by brute
 * force over all pairs for O <= 6 (the first six basis sequences form the
 * first-order Reed-Muller code RM(1,5): d = 16, and 32 for the repetition
 * code O = 1), and by minimum weight (the code is linear) for O = 7..11. */
static void test_rm_distance(void **state)
{
    (void)state;
    static uint8_t cw[2048][32];
    for (int O = 1; O <= 11; O++) {
        int n = 1 << O;
        for (int m = 0; m < n; m++) {
            uint8_t o[11];
            to_bits((unsigned)m, O, o);
            assert_int_equal(lte_uci_rm32_encode(o, O, cw[m]), 0);
            for (int i = 0; i < 32; i++)
                assert_int_equal(cw[m][i], rm_bit((unsigned)m, O, i));
        }
        int dmin = 33;
        if (O <= 6) {
            for (int a = 0; a < n; a++)
                for (int b = a + 1; b < n; b++) {
                    int d = 0;
                    for (int i = 0; i < 32; i++)
                        d += cw[a][i] != cw[b][i];
                    dmin = d < dmin ? d : dmin;
                }
        } else {
            for (int m = 1; m < n; m++) {
                int w = 0;
                for (int i = 0; i < 32; i++)
                    w += cw[m][i];
                dmin = w < dmin ? w : dmin;
            }
        }
        int want = O == 1 ? 32 : O <= 6 ? 16 : O <= 10 ? 12 : 10;
        assert_int_equal(dmin, want);
    }
}

static void test_beta_tables(void **state)
{
    (void)state;
    int (*fn[3])(int, int *) = {lte_uci_beta_ack_x8, lte_uci_beta_ri_x8, lte_uci_beta_cqi_x8};
    const double *tab[3] = {BETA_ACK, BETA_RI, BETA_CQI};
    for (int t = 0; t < 3; t++) {
        for (int i = -1; i <= 16; i++) {
            int b = -7;
            int rc = fn[t](i, &b);
            if (i < 0 || i > 15 || tab[t][i] < 0) {
                assert_int_equal(rc, LTE_EINVAL);
            } else {
                assert_int_equal(rc, 0);
                assert_true(fabs(b / 8.0 - tab[t][i]) < 1e-12);
            }
        }
        assert_int_equal(fn[t](3, NULL), LTE_EINVAL);
    }
}

/* ---- HARQ-ACK / RI / CQI coding ------------------------------------------------ */

static void test_ack_ri_encode(void **state)
{
    (void)state;
    const int qms[4] = {2, 4, 6, 8};
    uint8_t q[800], want[800], o[11];
    for (int O = 1; O <= 11; O++)
        for (int t = 0; t < 4; t++) {
            int q_m = qms[t];
            /* several lengths, including a partial last block */
            const int nsym[4] = {1, 7, 17, 100};
            for (int s = 0; s < 4; s++) {
                int Q = nsym[s] * q_m;
                for (unsigned m = 0; m < (1u << O); m += O > 6 ? 37 : 1) {
                    to_bits(m, O, o);
                    model_ack(m, O, q_m, Q, want);
                    assert_int_equal(lte_uci_ack_encode(o, O, q_m, Q, q), 0);
                    assert_memory_equal(q, want, (size_t)Q);
                    assert_int_equal(lte_uci_ri_encode(o, O, q_m, Q, q), 0);
                    assert_memory_equal(q, want, (size_t)Q);
                }
            }
        }
}

/* ML decoding: noiseless images decode to every message; on noisy inputs
 * the decision maximises the correlation over all messages, checked by brute
 * force against the model encoder (a y position is a second look at the bit
 * before it, as the descrambler delivers it; x scores nothing). */
static float model_corr(const float *llr, const uint8_t *q, int Q)
{
    double c = 0;
    for (int i = 0; i < Q; i++) {
        uint8_t v = q[i] == LTE_UCI_Y ? q[i - 1] : q[i];
        if (v <= 1)
            c += v ? -llr[i] : llr[i];
    }
    return (float)c;
}

static void test_ack_ri_decode(void **state)
{
    (void)state;
    tu_rng rng;
    tu_rng_seed(&rng, 77);
    const int qms[4] = {2, 4, 6, 8};
    uint8_t q[480], o[11], d[11];
    float llr[480];
    for (int O = 1; O <= 11; O++)
        for (int t = 0; t < 4; t++) {
            int q_m = qms[t], Q = (O <= 2 ? 5 : 13) * q_m;
            for (unsigned m = 0; m < (1u << O); m += O > 6 ? 29 : 1) {
                model_ack(m, O, q_m, Q, q);
                for (int i = 0; i < Q; i++) /* x: garbage; y: the bit before it */
                    llr[i] = q[i] == LTE_UCI_X ? (float)tu_gauss(&rng) * 5
                           : q[i] == LTE_UCI_Y ? llr[i - 1] : q[i] ? -1.0f : 1.0f;
                to_bits(m, O, o);
                assert_int_equal(lte_uci_ack_decode(llr, O, q_m, Q, d, NULL), 0);
                assert_memory_equal(d, o, (size_t)O);
                assert_int_equal(lte_uci_ri_decode(llr, O, q_m, Q, d, NULL), 0);
                assert_memory_equal(d, o, (size_t)O);
            }
            for (int trial = 0; trial < 20; trial++) {
                for (int i = 0; i < Q; i++)
                    llr[i] = (float)tu_gauss(&rng);
                float metric;
                assert_int_equal(lte_uci_ack_decode(llr, O, q_m, Q, d, &metric), 0);
                unsigned got = 0;
                for (int n = 0; n < O; n++)
                    got |= (unsigned)d[n] << n;
                model_ack(got, O, q_m, Q, q);
                float cg = model_corr(llr, q, Q);
                assert_true(fabsf(cg - metric) <= 1e-4f * (1 + fabsf(cg)));
                for (unsigned m = 0; m < (1u << O); m++) {
                    model_ack(m, O, q_m, Q, q);
                    assert_true(model_corr(llr, q, Q) <= cg + 1e-4f * (1 + fabsf(cg)));
                }
            }
        }
}

/* CRC8 of 36.212 §5.1.1, bit-serial here: g = D^8+D^7+D^4+D^3+D+1. */
static int crc8_ok(const uint8_t *c, int K)
{
    unsigned reg = 0;
    for (int i = 0; i < K; i++) {
        unsigned fb = ((reg >> 7) & 1) ^ c[i];
        reg = (reg << 1) & 0xff;
        if (fb)
            reg ^= 0x9b; /* D^7+D^4+D^3+D+1 */
    }
    return reg == 0;
}

static void test_cqi(void **state)
{
    (void)state;
    lte_sch_cfg cfg = {0};
    cfg.uplink = 1;
    cfg.tbs_max = 1000;
    cfg.max_iter = 4;
    cfg.ext_scale = 1.0f;
    lte_ulsch *u;
    assert_int_equal(lte_ulsch_create(&cfg, &u), 0);
    tu_rng rng;
    tu_rng_seed(&rng, 11);
    static uint8_t q[4000], o[LTE_UCI_CQI_OMAX], d[LTE_UCI_CQI_OMAX];
    static float llr[4000];
    const int Os[] = {1, 4, 11, 12, 20, 47, 64, 200};
    const int Qs[] = {12, 40, 64, 96, 72, 300, 400, 2000};
    for (size_t t = 0; t < sizeof Os / sizeof Os[0]; t++) {
        int O = Os[t], Q = Qs[t];
        for (int rep = 0; rep < 5; rep++) {
            tu_random_bits(&rng, o, O);
            assert_int_equal(lte_uci_cqi_encode(o, O, Q, q), 0);
            if (O <= 11) /* q_i = b_(i mod 32) */
                for (int i = 0; i < Q; i++) {
                    unsigned m = 0;
                    for (int n = 0; n < O; n++)
                        m |= (unsigned)o[n] << n;
                    assert_int_equal(q[i], rm_bit(m, O, i % 32));
                }
            for (int i = 0; i < Q; i++)
                llr[i] = (q[i] ? -2.0f : 2.0f) + 0.5f * (float)tu_gauss(&rng);
            int crc_ok = 7;
            assert_int_equal(lte_ulsch_cqi_decode(u, llr, O, Q, d, &crc_ok, NULL), 0);
            assert_memory_equal(d, o, (size_t)O);
            assert_int_equal(crc_ok, O > 11 ? 1 : -1);
        }
    }
    /* O > 11: the coded block is the TBCC of o + CRC8 (K = O + 8), so a
     * decoder that only knows the conv code recovers a word whose CRC8 checks
     * with the bit-serial model above. */
    int O = 30, Q = 3 * 38;
    tu_random_bits(&rng, o, O);
    assert_int_equal(lte_uci_cqi_encode(o, O, Q, q), 0);
    for (int i = 0; i < Q; i++)
        llr[i] = q[i] ? -1.0f : 1.0f;
    float l[3][38];
    assert_int_equal(lte_ratematch_conv_inv(llr, Q, 38, l[0], l[1], l[2]), 0);
    lte_conv_dec_cfg cc = {38, {LTE_CONV_G0, LTE_CONV_G1, LTE_CONV_G2}, 0, LTE_CONV_ML};
    lte_conv_dec *cd;
    uint8_t c[38];
    assert_int_equal(lte_conv_dec_create(&cc, &cd), 0);
    assert_int_equal(lte_conv_dec_run(cd, l[0], l[1], l[2], 38, c, NULL), 0);
    assert_memory_equal(c, o, (size_t)O);
    assert_true(crc8_ok(c, 38));
    lte_conv_dec_destroy(cd);
    /* a corrupted long CQI is reported by the CRC */
    for (int i = 0; i < Q; i++)
        llr[i] = (float)tu_gauss(&rng);
    int bad = 0;
    for (int trial = 0; trial < 20; trial++) {
        for (int i = 0; i < Q; i++)
            llr[i] = (float)tu_gauss(&rng);
        int crc_ok;
        assert_int_equal(lte_ulsch_cqi_decode(u, llr, O, Q, d, &crc_ok, NULL), 0);
        bad += !crc_ok;
    }
    assert_true(bad >= 15); /* pure noise passes CRC8 with probability 1/256 */
    lte_ulsch_destroy(u);
}

/* ---- Resources ---------------------------------------------------------------- */

static int64_t model_sum_k(int tbs)
{
    lte_cb_seg seg;
    assert_int_equal(lte_cb_segment(tbs + 24, &seg), 0);
    return (int64_t)seg.C_plus * seg.K_plus + (int64_t)seg.C_minus * seg.K_minus;
}

/* ceil of a positive value known to be a ratio of integers; the guard keeps
 * an exact integer from rounding up. */
static int ceil_guard(double x) { return (int)ceil(x - 1e-9); }

static void check_sizes_model(const lte_ulsch_cfg *c)
{
    lte_ulsch_sizes s;
    assert_int_equal(lte_ulsch_sizes_get(c, &s), 0);
    int msc = 12 * c->n_prb, ns = 2 * ((c->cp_extended ? 6 : 7) - 1) - c->n_srs;
    int L = c->o_cqi > 11 ? 8 : 0, ack, ri, cqi;
    double b_ack = BETA_ACK[c->beta_ack], b_ri = BETA_RI[c->beta_ri], b_cqi = BETA_CQI[c->beta_cqi];
    if (c->tbs > 0) {
        double sk = (double)model_sum_k(c->tbs);
        double m0 = c->n_prb_init ? 12 * c->n_prb_init : msc;
        double n0 = c->n_symb_init ? c->n_symb_init : ns;
        ack = MIN_T(ceil_guard(c->o_ack * m0 * n0 * b_ack / sk), 4 * msc);
        ri = MIN_T(ceil_guard(c->o_ri * m0 * n0 * b_ri / sk), 4 * msc);
        cqi = c->o_cqi ? MIN_T(ceil_guard((c->o_cqi + L) * m0 * n0 * b_cqi / sk), msc * ns - ri)
                       : 0;
    } else {
        double omin = c->o_cqi + L;
        ack = MIN_T(ceil_guard(c->o_ack * msc * ns * b_ack / b_cqi / omin), 4 * msc);
        ri = MIN_T(ceil_guard(c->o_ri * msc * ns * b_ri / b_cqi / omin), 4 * msc);
        cqi = msc * ns - ri;
    }
    assert_int_equal(s.m_sc, msc);
    assert_int_equal(s.n_symb, ns);
    assert_int_equal(s.q_ack_sym, ack);
    assert_int_equal(s.q_ri_sym, ri);
    assert_int_equal(s.q_cqi_sym, cqi);
    assert_int_equal(s.q_ack, ack * c->q_m);
    assert_int_equal(s.q_ri, ri * c->q_m);
    assert_int_equal(s.q_cqi, cqi * c->q_m);
    assert_int_equal(s.G, c->tbs ? msc * ns * c->q_m - s.q_cqi - s.q_ri : 0);
    assert_int_equal(s.n_bits, msc * ns * c->q_m);
}


static void test_sizes(void **state)
{
    (void)state;
    /* n_prb, cp, srs, q_m, tbs, rv, o_ack, o_ri, o_cqi, b_ack, b_ri, b_cqi, init prb, init symb */
    const lte_ulsch_cfg cases[] = {
        {6, 0, 0, 2, 328, 0, 1, 1, 4, 5, 3, 7, 0, 0, 0},
        {25, 0, 1, 4, 5160, 0, 2, 2, 30, 8, 6, 9, 0, 0, 0},
        {50, 1, 0, 6, 21384, 1, 5, 3, 11, 12, 12, 15, 0, 0, 0},
        {100, 0, 0, 6, 51024, 0, 11, 1, 100, 14, 0, 2, 0, 0, 0},
        {4, 0, 0, 2, 16, 0, 2, 2, 4, 14, 12, 2, 0, 0, 0},     /* ACK, RI capped at 4 M_sc */
        {10, 0, 0, 4, 2600, 2, 1, 0, 0, 0, 0, 2, 20, 11, 0},  /* retransmission */
        {8, 0, 0, 2, 0, 0, 2, 1, 24, 3, 4, 8, 0, 0, 0},       /* control only */
        {3, 1, 1, 4, 0, 0, 1, 2, 5, 10, 2, 2, 0, 0, 0},       /* control only, extended */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_sizes_model(&cases[i]);
}

/* ---- Channel interleaver against the spec text ----------------------------- */

/* A cell label: kind (1 data, 2 CQI, 3 RI, 4 ACK) and vector index. */
typedef struct { int kind, idx; } label;

/* §5.2.2.7-8 literally: fill the matrix, then read it out by columns;
 * out[b] = (kind, bit index in that kind's sequence) of interleaver output
 * bit b. */
static void model_interleave(const lte_ulsch_sizes *s, label *out)
{
    static const int ack_set[2][4] = {{2, 3, 8, 9}, {1, 2, 6, 7}};
    static const int ri_set[2][4] = {{1, 4, 7, 10}, {0, 3, 5, 8}};
    int C = s->n_symb, R = s->m_sc, Qm = s->q_m;
    label *y = calloc((size_t)R * C, sizeof *y); /* kind 0 = empty */
    /* step 3: RI from the last row upwards */
    int i = 0, j = 0, r = R - 1;
    while (i < s->q_ri_sym) {
        int c = ri_set[s->cp_extended][j];
        y[r * C + c] = (label){3, i};
        i++;
        r = R - 1 - i / 4;
        j = (j + 3) % 4;
    }
    /* §5.2.2.7: g = CQI vectors then data vectors; step 4: by rows, skipping RI */
    int k = 0, pos = 0;
    int H = s->q_cqi_sym + s->g_sym;
    while (k < H) {
        if (y[pos].kind == 0) {
            y[pos] = k < s->q_cqi_sym ? (label){2, k} : (label){1, k - s->q_cqi_sym};
            k++;
        }
        pos++;
    }
    /* step 5: HARQ-ACK overwrites, from the last row upwards */
    i = 0, j = 0, r = R - 1;
    while (i < s->q_ack_sym) {
        int c = ack_set[s->cp_extended][j];
        y[r * C + c] = (label){4, i};
        i++;
        r = R - 1 - i / 4;
        j = (j + 3) % 4;
    }
    /* step 6: read column by column, Q_m bits per entry */
    int b = 0;
    for (int c = 0; c < C; c++)
        for (r = 0; r < R; r++)
            for (int t = 0; t < Qm; t++)
                out[b++] = (label){y[r * C + c].kind, y[r * C + c].idx * Qm + t};
    free(y);
}

static const int IL_CASES[][7] = {
    /* C, R, Q_m, extended, Q'_ACK, Q'_RI, Q'_CQI */
    {12, 1, 2, 0, 0, 0, 0},     {12, 1, 2, 0, 4, 4, 3},     {12, 5, 4, 0, 3, 7, 10},
    {11, 12, 6, 0, 13, 9, 30},  {12, 36, 2, 0, 144, 144, 5}, {10, 12, 4, 1, 5, 6, 0},
    {9, 24, 6, 1, 96, 1, 100},  {12, 7, 1, 0, 28, 0, 50},   {11, 60, 4, 0, 17, 240, 400},
    {12, 3, 8, 0, 0, 12, 24},   {10, 2, 2, 1, 8, 8, 4},
    /* 256QAM (Q_m = 8): every kind present, both CPs, a shortened subframe,
     * HARQ-ACK over CQI and data, RI filling whole rows */
    {12, 24, 8, 0, 13, 9, 30},  {11, 36, 8, 0, 144, 21, 5}, {10, 12, 8, 1, 7, 48, 3},
    {9, 60, 8, 1, 240, 2, 100}, {12, 900, 8, 0, 37, 55, 120},
};

static void test_interleaver_model(void **state)
{
    (void)state;
    for (size_t n = 0; n < sizeof IL_CASES / sizeof IL_CASES[0]; n++) {
        const int *p = IL_CASES[n];
        lte_ulsch_sizes s = tu_ulsch_sizes(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        label *want = malloc(sizeof(label) * (size_t)s.n_bits);
        model_interleave(&s, want);
        /* interleaver: the label of each source bit, one bit plane at a time
         * (labels are kind * 2^17 + index, 20 bits) */
        size_t nb = (size_t)s.n_bits;
        uint8_t *f = malloc(nb + 1), *qc = malloc(nb + 1), *qr = malloc(nb + 1),
                *qa = malloc(nb + 1), *h = malloc(nb);
        int32_t *got = calloc(nb, sizeof(int32_t));
        for (int plane = 0; plane < 20; plane++) {
            uint8_t *src[5] = {NULL, f, qc, qr, qa};
            int cnt[5] = {0, s.G, s.q_cqi, s.q_ri, s.q_ack};
            for (int kind = 1; kind <= 4; kind++)
                for (int i = 0; i < cnt[kind]; i++)
                    src[kind][i] = (uint8_t)((((kind << 17) | i) >> plane) & 1);
            assert_int_equal(lte_ulsch_interleave(&s, f, qc, qr, qa, h), 0);
            for (size_t b = 0; b < nb; b++)
                got[b] |= (int32_t)h[b] << plane;
        }
        for (size_t b = 0; b < nb; b++) {
            assert_int_equal(got[b] >> 17, want[b].kind);
            assert_int_equal(got[b] & 0x1ffff, want[b].idx);
        }
        /* deinterleaver: every soft value lands where the model put its bit;
         * data/CQI bits punctured by HARQ-ACK come back as 0 */
        float *llr = malloc(sizeof(float) * nb);
        float *lf = malloc(sizeof(float) * (nb + 1)), *lc = malloc(sizeof(float) * (nb + 1));
        float *lr = malloc(sizeof(float) * (nb + 1)), *la = malloc(sizeof(float) * (nb + 1));
        for (size_t b = 0; b < nb; b++)
            llr[b] = (float)(b + 1);
        for (size_t b = 0; b < nb + 1; b++)
            lf[b] = lc[b] = lr[b] = la[b] = -1.0f;
        assert_int_equal(lte_ulsch_deinterleave(&s, llr, lf, lc, lr, la), 0);
        float *dst[5] = {NULL, lf, lc, lr, la};
        int cnt[5] = {0, s.G, s.q_cqi, s.q_ri, s.q_ack};
        int placed[5] = {0};
        for (size_t b = 0; b < nb; b++) {
            assert_true(dst[want[b].kind][want[b].idx] == (float)(b + 1));
            placed[want[b].kind]++;
        }
        for (int kind = 1; kind <= 4; kind++) {
            int zeros = 0;
            for (int i = 0; i < cnt[kind]; i++) {
                assert_true(dst[kind][i] >= 0.0f); /* every output written */
                zeros += dst[kind][i] == 0.0f;
            }
            assert_int_equal(zeros, cnt[kind] - placed[kind]);
            assert_true(dst[kind][cnt[kind]] == -1.0f); /* nothing written past the end */
        }
        assert_int_equal(placed[3], s.q_ri);
        assert_int_equal(placed[4], s.q_ack);
        assert_int_equal(placed[1] + placed[2], s.H - s.q_ack);
        free(want);
        free(f);
        free(qc);
        free(qr);
        free(qa);
        free(h);
        free(got);
        free(llr);
        free(lf);
        free(lc);
        free(lr);
        free(la);
    }
}

/* ---- Round trips ------------------------------------------------------------- */

/* Coded bits through multiplexing + interleaving and back as a noiseless
 * +-1 image: each data, CQI, RI and HARQ-ACK bit returns to its place with
 * its sign; placeholders pass through as themselves. */
static void test_mux_roundtrip(void **state)
{
    (void)state;
    tu_rng rng;
    tu_rng_seed(&rng, 99);
    const lte_ulsch_cfg cases[] = {
        {6, 0, 0, 2, 328, 0, 1, 1, 4, 5, 3, 7, 0, 0, 0},
        {25, 0, 1, 4, 5160, 0, 2, 2, 30, 8, 6, 9, 0, 0, 0},
        {50, 1, 0, 6, 21384, 1, 5, 3, 11, 12, 12, 15, 0, 0, 0},
        {8, 0, 0, 2, 0, 0, 2, 1, 24, 3, 4, 8, 0, 0, 0},
        {75, 0, 0, 8, 68808, 0, 1, 2, 20, 10, 8, 9, 0, 0, 0}, /* 256QAM */
        {12, 1, 1, 8, 5000, 2, 2, 1, 6, 12, 12, 15, 0, 0, 0},
    };
    for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
        lte_ulsch_sizes s;
        assert_int_equal(lte_ulsch_sizes_get(&cases[t], &s), 0);
        size_t nb = (size_t)s.n_bits;
        uint8_t *f = malloc(nb), *qc = malloc(nb), *qr = malloc(nb), *qa = malloc(nb),
                *h = malloc(nb);
        float *llr = malloc(sizeof(float) * nb), *lf = malloc(sizeof(float) * nb),
              *lc = malloc(sizeof(float) * nb), *lr = malloc(sizeof(float) * nb),
              *la = malloc(sizeof(float) * nb);
        tu_random_bits(&rng, f, s.G);
        tu_random_bits(&rng, qc, s.q_cqi);
        uint8_t ack[11], ri[11];
        tu_random_bits(&rng, ack, cases[t].o_ack);
        tu_random_bits(&rng, ri, cases[t].o_ri);
        assert_int_equal(lte_uci_ack_encode(ack, cases[t].o_ack, s.q_m, s.q_ack, qa), 0);
        assert_int_equal(lte_uci_ri_encode(ri, cases[t].o_ri, s.q_m, s.q_ri, qr), 0);
        assert_int_equal(lte_ulsch_interleave(&s, f, qc, qr, qa, h), 0);
        for (size_t b = 0; b < nb; b++)
            llr[b] = h[b] == 0 ? 1.0f : h[b] == 1 ? -1.0f : h[b] == LTE_UCI_X ? 100.0f : 200.0f;
        assert_int_equal(lte_ulsch_deinterleave(&s, llr, lf, lc, lr, la), 0);
        int erased = 0;
        for (int i = 0; i < s.G; i++) {
            if (lf[i] == 0.0f)
                erased++;
            else
                assert_true(lf[i] == (f[i] ? -1.0f : 1.0f));
        }
        for (int i = 0; i < s.q_cqi; i++) {
            if (lc[i] == 0.0f)
                erased++;
            else
                assert_true(lc[i] == (qc[i] ? -1.0f : 1.0f));
        }
        assert_int_equal(erased, s.q_ack); /* HARQ-ACK punctures exactly Q_ACK bits */
        const uint8_t *src[2] = {qr, qa};
        const float *back[2] = {lr, la};
        int cnt[2] = {s.q_ri, s.q_ack};
        for (int k = 0; k < 2; k++)
            for (int i = 0; i < cnt[k]; i++) {
                uint8_t v = src[k][i];
                float e = v == 0 ? 1.0f : v == 1 ? -1.0f : v == LTE_UCI_X ? 100.0f : 200.0f;
                assert_true(back[k][i] == e);
            }
        free(f);
        free(qc);
        free(qr);
        free(qa);
        free(h);
        free(llr);
        free(lf);
        free(lc);
        free(lr);
        free(la);
    }
}

/* The stages of an encode: f is what an independent UL-SCH encoder makes,
 * q_CQI what the CQI coder makes, q_RI / q_ACK what the spec-table model
 * makes, and interleaving them gives h. */
static void check_stages(const lte_ulsch *u, const lte_ulsch_cfg *c, const lte_ulsch_sizes *s,
                         const uint8_t *tb, const uint8_t *cqi, const uint8_t *ri,
                         const uint8_t *ack, const uint8_t *h)
{
    const uint8_t *st[4];
    int n[4];
    for (int k = 0; k < 4; k++)
        assert_int_equal(lte_ulsch_enc_stage(u, (lte_ulsch_stage)k, &st[k], &n[k]), 0);
    assert_int_equal(n[LTE_ULSCH_STAGE_DATA], s->G);
    assert_int_equal(n[LTE_ULSCH_STAGE_CQI], s->q_cqi);
    assert_int_equal(n[LTE_ULSCH_STAGE_RI], s->q_ri);
    assert_int_equal(n[LTE_ULSCH_STAGE_ACK], s->q_ack);
    size_t nb = (size_t)s->n_bits;
    uint8_t *want = malloc(nb + 1);
    if (c->tbs) {
        lte_sch_cfg sc = {0};
        sc.uplink = 1;
        sc.tbs_max = c->tbs;
        lte_sch_enc *enc;
        assert_int_equal(lte_sch_enc_create(&sc, &enc), 0);
        lte_sch_tx tx = {c->tbs, s->G, c->q_m, 1, c->rv};
        assert_int_equal(lte_sch_encode(enc, &tx, tb, want), 0);
        assert_memory_equal(st[LTE_ULSCH_STAGE_DATA], want, (size_t)s->G);
        lte_sch_enc_destroy(enc);
    }
    if (c->o_cqi) {
        assert_int_equal(lte_uci_cqi_encode(cqi, c->o_cqi, s->q_cqi, want), 0);
        assert_memory_equal(st[LTE_ULSCH_STAGE_CQI], want, (size_t)s->q_cqi);
    }
    unsigned m = 0;
    for (int i = 0; i < c->o_ri && i < LTE_UCI_RI_OMAX; i++)
        m |= (unsigned)ri[i] << i;
    if (c->o_ri) {
        model_ack(m, c->o_ri, c->q_m, s->q_ri, want);
        assert_memory_equal(st[LTE_ULSCH_STAGE_RI], want, (size_t)s->q_ri);
    }
    m = 0;
    for (int i = 0; i < c->o_ack && i < LTE_UCI_ACK_OMAX; i++)
        m |= (unsigned)ack[i] << i;
    if (c->o_ack) {
        model_ack(m, c->o_ack, c->q_m, s->q_ack, want);
        assert_memory_equal(st[LTE_ULSCH_STAGE_ACK], want, (size_t)s->q_ack);
    }
    assert_int_equal(lte_ulsch_interleave(s, st[0], st[1], st[2], st[3], want), 0);
    assert_memory_equal(want, h, nb);
    free(want);
}

/* Full UCI on PUSCH: random payloads, AWGN at high SNR on a BPSK-like image
 * of the bits (placeholders get pure noise), the existing UL-SCH decoder for
 * the data; data CRC, ACK, RI and CQI must all come back. */
static void full_roundtrip(const lte_ulsch_cfg *c, lte_ulsch *u, lte_sch_harq *hq, tu_rng *rng)
{
    lte_ulsch_sizes s;
    assert_int_equal(lte_ulsch_sizes_get(c, &s), 0);
    size_t nb = (size_t)s.n_bits;
    uint8_t *tb = malloc((size_t)c->tbs + 1), *tbd = malloc((size_t)c->tbs + 1);
    uint8_t *h = malloc(nb);
    float *llr = malloc(sizeof(float) * nb);
    static uint8_t cqi[LTE_UCI_CQI_OMAX], cqid[LTE_UCI_CQI_OMAX];
    uint8_t ack[11], ackd[11], ri[11], rid[11];
    tu_random_bits(rng, tb, c->tbs);
    tu_random_bits(rng, cqi, c->o_cqi);
    tu_random_bits(rng, ack, c->o_ack);
    tu_random_bits(rng, ri, c->o_ri);
    assert_int_equal(lte_ulsch_encode(u, c, tb, cqi, ri, ack, h), 0);
    check_stages(u, c, &s, tb, cqi, ri, ack, h);
    uint32_t c_init;
    assert_int_equal(lte_scr_cinit_pusch(0x1234, 0, 4, 101, &c_init), 0);
    assert_int_equal(lte_ulsch_scramble(u, c_init, h, (int)nb, h), 0);
    for (size_t b = 0; b < nb; b++) {
        assert_true(h[b] <= 1);
        llr[b] = 4.0f * (h[b] ? -1.0f : 1.0f) + 1.0f * (float)tu_gauss(rng);
    }
    assert_int_equal(lte_ulsch_descramble(u, c, c_init, llr), 0);
    lte_ulsch_result res;
    lte_sch_harq_reset(hq);
    assert_int_equal(lte_ulsch_decode(u, c->tbs ? hq : NULL, c, llr, tbd, cqid, rid, ackd, &res),
                     0);
    if (c->tbs) {
        assert_int_equal(res.data.crc_ok, 1);
        assert_memory_equal(tbd, tb, (size_t)c->tbs);
    }
    assert_memory_equal(cqid, cqi, (size_t)c->o_cqi);
    assert_memory_equal(ackd, ack, (size_t)c->o_ack);
    assert_memory_equal(rid, ri, (size_t)c->o_ri);
    if (c->o_cqi > 11)
        assert_int_equal(res.cqi_crc_ok, 1);
    free(tb);
    free(tbd);
    free(h);
    free(llr);
}

static void test_full_roundtrip(void **state)
{
    (void)state;
    lte_sch_cfg cfg = {0};
    cfg.uplink = 1;
    cfg.tbs_max = 76000;
    cfg.alg = LTE_TURBO_MAX_LOG_MAP;
    cfg.ext_scale = 0.75f;
    cfg.max_iter = 8;
    cfg.threads = 2;
    lte_ulsch *u;
    lte_sch_harq *hq;
    assert_int_equal(lte_ulsch_create(&cfg, &u), 0);
    assert_int_equal(lte_sch_harq_create(cfg.tbs_max, &hq), 0);
    tu_rng rng;
    tu_rng_seed(&rng, 2024);
    /* TBS from 36.213 Table 7.1.7.2.1-1 at moderate MCS for the allocation */
    const lte_ulsch_cfg cases[] = {
        {6, 0, 0, 2, 0, 0, 1, 1, 4, 5, 3, 7, 0, 0, 0},
        {25, 0, 1, 4, 0, 0, 2, 2, 30, 8, 6, 9, 0, 0, 0},
        {50, 1, 0, 6, 0, 1, 5, 3, 11, 12, 12, 15, 0, 0, 0},
        {100, 0, 0, 6, 0, 0, 11, 1, 100, 10, 4, 6, 0, 0, 0},
        {10, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0},
        {8, 0, 0, 2, -1, 0, 2, 1, 24, 3, 4, 8, 0, 0, 0}, /* control only */
        {15, 0, 0, 8, 0, 0, 1, 2, 10, 9, 6, 9, 0, 0, 0}, /* 256QAM */
        {75, 1, 1, 8, 0, 0, 2, 1, 40, 12, 12, 15, 0, 0, 0}, /* extended CP, SRS */
    };
    const int itbs[] = {6, 10, 15, 19, 5, 0, 27, 28};
    for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
        lte_ulsch_cfg c = cases[t];
        if (c.tbs == 0) /* tbs -1 in the table: control only */
            assert_int_equal(lte_tbs(itbs[t], c.n_prb, &c.tbs), 0);
        else
            c.tbs = 0;
        for (int rep = 0; rep < 2; rep++)
            full_roundtrip(&c, u, hq, &rng);
    }
    lte_sch_harq_destroy(hq);
    lte_ulsch_destroy(u);
}

/* The PUSCH chain short of resource mapping: UL-SCH + UCI coding,
 * scrambling, modulation, transform precoding, AWGN, and back with the
 * inverse DFT, the max-log demapper, the placeholder-aware descrambler and
 * the decoders. */
static void pusch_chain(int n_prb, int q_m, int i_tbs, float n0)
{
    lte_ulsch_cfg c = {n_prb, 0, 0, q_m, 0, 0, 1, 1, 8, 8, 6, 9, 0, 0, 0};
    assert_int_equal(lte_tbs(i_tbs, c.n_prb, &c.tbs), 0);
    lte_sch_cfg sc = {0};
    sc.uplink = 1;
    sc.tbs_max = c.tbs;
    sc.alg = LTE_TURBO_MAX_LOG_MAP;
    sc.ext_scale = 0.75f;
    sc.max_iter = 8;
    lte_ulsch *u;
    lte_sch_harq *hq;
    lte_tprec *tp;
    assert_int_equal(lte_ulsch_create(&sc, &u), 0);
    assert_int_equal(lte_sch_harq_create(c.tbs, &hq), 0);
    assert_int_equal(lte_tprec_create(0, &tp), 0);
    lte_ulsch_sizes s;
    assert_int_equal(lte_ulsch_sizes_get(&c, &s), 0);
    int nb = s.n_bits, nsym = nb / q_m;
    assert_int_equal(nsym, s.m_sc * s.n_symb);
    uint8_t *tb = malloc((size_t)c.tbs), *tbd = malloc((size_t)c.tbs), *h = malloc((size_t)nb);
    float complex *x = malloc(sizeof(float complex) * (size_t)nsym);
    float complex *z = malloc(sizeof(float complex) * (size_t)nsym);
    float *llr = malloc(sizeof(float) * (size_t)nb);
    uint8_t cqi[8], cqid[8], ri[1], rid[1], ack[1], ackd[1];
    tu_rng rng;
    tu_rng_seed(&rng, 36211);
    uint32_t c_init;
    assert_int_equal(lte_scr_cinit_pusch(61, 0, 8, 7, &c_init), 0);
    for (int rep = 0; rep < 4; rep++) {
        tu_random_bits(&rng, tb, c.tbs);
        tu_random_bits(&rng, cqi, 8);
        ri[0] = rep & 1;
        ack[0] = (rep >> 1) & 1;
        assert_int_equal(lte_ulsch_encode(u, &c, tb, cqi, ri, ack, h), 0);
        assert_int_equal(lte_ulsch_scramble(u, c_init, h, nb, h), 0);
        assert_int_equal(lte_mod_map((lte_mod)q_m, h, nb, x), 0);
        assert_int_equal(lte_tprec_forward(tp, c.n_prb, s.n_symb, x, z), 0);
        for (int i = 0; i < nsym; i++)
            z[i] += sqrtf(n0 / 2) * ((float)tu_gauss(&rng) + I * (float)tu_gauss(&rng));
        assert_int_equal(lte_tprec_inverse(tp, c.n_prb, s.n_symb, z, x), 0);
        assert_int_equal(lte_demap_maxlog((lte_mod)q_m, x, nsym, &n0, 1, llr, LTE_SIMD_AUTO), 0);
        assert_int_equal(lte_ulsch_descramble(u, &c, c_init, llr), 0);
        lte_ulsch_result res;
        lte_sch_harq_reset(hq);
        assert_int_equal(lte_ulsch_decode(u, hq, &c, llr, tbd, cqid, rid, ackd, &res), 0);
        assert_int_equal(res.data.crc_ok, 1);
        assert_memory_equal(tbd, tb, (size_t)c.tbs);
        assert_memory_equal(cqid, cqi, 8);
        assert_int_equal(rid[0], ri[0]);
        assert_int_equal(ackd[0], ack[0]);
    }
    free(tb);
    free(tbd);
    free(h);
    free(x);
    free(z);
    free(llr);
    lte_tprec_destroy(tp);
    lte_sch_harq_destroy(hq);
    lte_ulsch_destroy(u);
}

static void test_pusch_chain(void **state)
{
    (void)state;
    pusch_chain(25, 4, 12, 0.01f);   /* 16QAM, unit-energy symbols: 20 dB */
    pusch_chain(75, 8, 26, 0.0005f); /* 256QAM (Q_m 8, I_TBS 26, rate 0.7): 33 dB */
    pusch_chain(6, 8, 30, 0.0002f);  /* 256QAM near rate 0.8: 37 dB */
}

/* 36.211 §5.3.1 with placeholders, modelled here bit by bit: x -> 1,
 * y -> the previous scrambled bit, else b XOR c. The descrambler gives each
 * y position the sign of the bit it repeats and zeroes x positions. */
static void test_scramble(void **state)
{
    (void)state;
    lte_sch_cfg sc = {0};
    sc.uplink = 1;
    sc.tbs_max = 6000;
    sc.max_iter = 4;
    sc.ext_scale = 1.0f;
    lte_ulsch *u;
    assert_int_equal(lte_ulsch_create(&sc, &u), 0);
    tu_rng rng;
    tu_rng_seed(&rng, 5);
    const lte_ulsch_cfg cases[] = {
        {6, 0, 0, 4, 328, 0, 1, 1, 4, 5, 3, 7, 0, 0, 0},
        {25, 0, 1, 6, 5160, 0, 2, 1, 30, 8, 6, 9, 0, 0, 0},
        {10, 1, 0, 2, 1000, 0, 1, 2, 4, 8, 6, 9, 0, 0, 0},
        {6, 0, 0, 8, 5544, 0, 1, 2, 4, 8, 6, 9, 0, 0, 0}, /* 256QAM: 1-bit ACK, 2-bit RI */
        {15, 1, 1, 8, 5000, 3, 2, 1, 4, 8, 6, 9, 0, 0, 0},
    };
    for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
        const lte_ulsch_cfg *c = &cases[t];
        lte_ulsch_sizes s;
        assert_int_equal(lte_ulsch_sizes_get(c, &s), 0);
        size_t nb = (size_t)s.n_bits;
        uint8_t *h = malloc(nb), *out = malloc(nb), *cs = malloc(nb), *tb = malloc(6000);
        float *llr = malloc(sizeof(float) * nb);
        uint8_t pay[64];
        tu_random_bits(&rng, tb, c->tbs);
        tu_random_bits(&rng, pay, 64);
        assert_int_equal(lte_ulsch_encode(u, c, tb, pay, pay + 20, pay + 40, h), 0);
        uint32_t c_init = 0x5a5a5 + (uint32_t)t;
        assert_int_equal(lte_gold_bits(c_init, (int)nb, cs), 0);
        assert_int_equal(lte_ulsch_scramble(u, c_init, h, (int)nb, out), 0);
        int nx = 0, ny = 0;
        for (size_t i = 0; i < nb; i++) {
            uint8_t want = h[i] == LTE_UCI_X ? 1 : h[i] == LTE_UCI_Y ? out[i - 1] : h[i] ^ cs[i];
            assert_int_equal(out[i], want);
            nx += h[i] == LTE_UCI_X;
            ny += h[i] == LTE_UCI_Y;
        }
        assert_true(ny > 0); /* the cases have 1-bit HARQ-ACK or RI */
        assert_true(nx > 0 || s.q_m == 2);
        for (size_t i = 0; i < nb; i++)
            llr[i] = out[i] ? -1.0f : 1.0f;
        assert_int_equal(lte_ulsch_descramble(u, c, c_init, llr), 0);
        for (size_t i = 0; i < nb; i++) {
            if (h[i] == LTE_UCI_X)
                assert_true(llr[i] == 0.0f);
            else if (h[i] == LTE_UCI_Y)
                assert_true(llr[i] == (h[i - 1] ? -1.0f : 1.0f));
            else
                assert_true(llr[i] == (h[i] ? -1.0f : 1.0f));
        }
        /* any values, signed zeros too, bit for bit: sign flipped by c(i),
         * by c(i-1) at a y (the bit it repeats was scrambled with that),
         * +0 at an x */
        float *raw = malloc(sizeof(float) * nb);
        for (size_t i = 0; i < nb; i++)
            raw[i] = llr[i] = i % 5 == 2 ? (i % 10 == 2 ? -0.0f : 0.0f) : (float)tu_gauss(&rng);
        assert_int_equal(lte_ulsch_descramble(u, c, c_init, llr), 0);
        for (size_t i = 0; i < nb; i++) {
            float want = h[i] == LTE_UCI_X ? 0.0f : raw[i];
            if (h[i] != LTE_UCI_X && cs[h[i] == LTE_UCI_Y ? i - 1 : i])
                want = -want;
            assert_memory_equal(&llr[i], &want, sizeof want);
        }
        free(raw);
        free(h);
        free(out);
        free(cs);
        free(tb);
        free(llr);
    }
    uint8_t y[2] = {LTE_UCI_Y, 0}, o[2], bad[2] = {0, 7};
    assert_int_equal(lte_ulsch_scramble(u, 1, y, 2, o), LTE_EINVAL);
    assert_int_equal(lte_ulsch_scramble(u, 1, bad, 2, o), LTE_EINVAL);
    assert_int_equal(lte_ulsch_scramble(u, 1, o, 0, o), LTE_EINVAL);
    lte_ulsch_destroy(u);
}

/* ---- TDD HARQ-ACK bundling, 36.212 §5.2.2.6 / Table 5.2.2.6-A ------------------ */

/* Table 5.2.2.6-A, [w0 w1 w2 w3] for i = (N_bundled - 1) mod 4, typed here. */
static const char *const W_BUNDLED[4] = {"1111", "1010", "1100", "1001"};

/* The bundling loop of §5.2.2.6 written out: an x stays; a y becomes the
 * coded bit before it plus w_floor(k/m); a coded bit gets w_floor(k/m); k
 * counts the y and coded positions mod 4m, m = 1 (one HARQ-ACK bit) or 3
 * (two). */
static void model_bundle(const uint8_t *q, int Q, int O, int n_bundled, uint8_t *qt)
{
    const char *w = W_BUNDLED[(n_bundled - 1) % 4];
    int m = O == 1 ? 1 : 3, k = 0;
    for (int i = 0; i < Q; i++) {
        if (q[i] == LTE_UCI_X) {
            qt[i] = LTE_UCI_X;
            continue;
        }
        int bit = q[i] == LTE_UCI_Y ? q[i - 1] : q[i];
        qt[i] = (uint8_t)((bit + (w[k / m] - '0')) % 2);
        k = (k + 1) % (4 * m);
    }
}

static const uint8_t *ack_stage(lte_ulsch *u, const lte_ulsch_cfg *c, const uint8_t *ack,
                                uint8_t *h, int *n)
{
    static uint8_t tb[6000];
    const uint8_t *st;
    memset(tb, 0, sizeof tb);
    assert_int_equal(lte_ulsch_encode(u, c, tb, NULL, ack, ack, h), 0);
    assert_int_equal(lte_ulsch_enc_stage(u, LTE_ULSCH_STAGE_ACK, &st, n), 0);
    return st;
}

/* The HARQ-ACK stage with N_bundled = 0 is the plain §5.2.2.6 coding and with
 * N_bundled = 1..8 the bundled sequence of the model, for Q_m = 2..8 and one
 * or two bits; plus three patterns written out by hand. */
static void test_tdd_bundling_pattern(void **state)
{
    (void)state;
    lte_sch_cfg sc = {0};
    sc.uplink = 1;
    sc.tbs_max = 6000;
    sc.max_iter = 4;
    sc.ext_scale = 1.0f;
    lte_ulsch *u;
    assert_int_equal(lte_ulsch_create(&sc, &u), 0);
    uint8_t *h = malloc(LTE_ULSCH_BITS_MAX), want[4 * 12 * 110 * 8], q[4 * 12 * 110 * 8];
    static const int qms[] = {2, 4, 6, 8};
    long checked = 0;
    for (int qi = 0; qi < 4; qi++)
        for (int O = 1; O <= 2; O++)
            for (unsigned msg = 0; msg < (1u << O); msg++)
                for (int nb = 0; nb <= 8; nb++) {
                    lte_ulsch_cfg c = {6, 0, 0, qms[qi], 328, 0, O, 0, 0, 12, 0, 7, 0, 0, nb};
                    uint8_t ack[2];
                    to_bits(msg, O, ack);
                    int n;
                    const uint8_t *st = ack_stage(u, &c, ack, h, &n);
                    assert_true(n > 8 * qms[qi]);
                    model_ack(msg, O, qms[qi], n, q);
                    if (nb == 0)
                        memcpy(want, q, (size_t)n);
                    else
                        model_bundle(q, n, O, nb, want);
                    assert_memory_equal(st, want, (size_t)n);
                    checked++;
                }
    assert_int_equal(checked, 4 * (2 + 4) * 9);

    /* by hand: Q_m = 2, one bit 0, N_bundled = 2 (w = 1010): blocks [0 y]
     * -> [0+w0 0+w1] [0+w2 0+w3] = [1 0] [1 0] */
    static const char *const hand[3] = {"1010", "010010101101", "01xx10xx"};
    const int hq[3] = {2, 2, 4}, ho[3] = {1, 2, 1}, hn[3] = {2, 3, 4};
    /* Q_m = 2, two bits (1, 0), N_bundled = 3 (w = 1100): [1 0 1 1 0 1] per
     * block, one w per (o0 o1 o2) -> w0 w1 on the first block, w2 w3 on the
     * second; Q_m = 4, one bit 1, N_bundled = 4 (w = 1001): [1 y x x] ->
     * [1+w0 1+w1 x x] [1+w2 1+w3 x x] */
    const unsigned hm[3] = {0, 1, 1};
    for (int t = 0; t < 3; t++) {
        lte_ulsch_cfg c = {6, 0, 0, hq[t], 328, 0, ho[t], 0, 0, 12, 0, 7, 0, 0, hn[t]};
        uint8_t ack[2];
        to_bits(hm[t], ho[t], ack);
        int n;
        const uint8_t *st = ack_stage(u, &c, ack, h, &n);
        int len = (int)strlen(hand[t]);
        for (int i = 0; i < n; i++) {
            char ch = hand[t][i % len];
            assert_int_equal(st[i], ch == 'x' ? LTE_UCI_X : (uint8_t)(ch - '0'));
        }
    }
    free(h);
    lte_ulsch_destroy(u);
}

/* Encoder, PUSCH scrambling, soft values, descrambling (whole-subframe and
 * the split words + fix-up path), decoder, for N_bundled = 1..5: the
 * HARQ-ACK comes back; decoded as if not bundled, a word that flips every
 * coded bit (N_bundled = 1, 5) reads the opposite bit. */
static void test_tdd_bundling_roundtrip(void **state)
{
    (void)state;
    lte_sch_cfg sc = {0};
    sc.uplink = 1;
    sc.tbs_max = 6000;
    sc.max_iter = 4;
    sc.ext_scale = 1.0f;
    lte_ulsch *u;
    lte_sch_harq *hq;
    assert_int_equal(lte_ulsch_create(&sc, &u), 0);
    assert_int_equal(lte_sch_harq_create(sc.tbs_max, &hq), 0);
    tu_rng rng;
    tu_rng_seed(&rng, 77);
    const lte_ulsch_cfg cases[] = {
        {6, 0, 0, 2, 328, 0, 1, 0, 0, 8, 0, 7, 0, 0, 1},
        {6, 0, 0, 4, 328, 0, 2, 0, 0, 8, 0, 7, 0, 0, 2},
        {10, 1, 0, 6, 1000, 0, 1, 1, 0, 8, 6, 7, 0, 0, 3},   /* with 1-bit RI */
        {15, 0, 1, 8, 5000, 0, 2, 1, 4, 8, 6, 9, 0, 0, 4},   /* RI, CQI, SRS */
        {25, 1, 1, 2, 2000, 0, 1, 2, 30, 10, 6, 9, 0, 0, 5}, /* wraps to row 0 */
        {6, 0, 0, 8, 328, 0, 1, 0, 0, 8, 0, 7, 0, 0, 1},
    };
    for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++)
        for (int rep = 0; rep < 4; rep++) {
            const lte_ulsch_cfg *c = &cases[t];
            lte_ulsch_sizes s;
            assert_int_equal(lte_ulsch_sizes_get(c, &s), 0);
            size_t nb = (size_t)s.n_bits;
            uint8_t *h = malloc(nb), *tb = malloc(6000), *tbd = malloc(6000);
            float *llr = malloc(sizeof(float) * nb), *llr2 = malloc(sizeof(float) * nb);
            uint8_t cqi[64], ri[2], ack[2], ackd[2], rid[2], cqid[64];
            tu_random_bits(&rng, tb, c->tbs);
            tu_random_bits(&rng, cqi, 64);
            tu_random_bits(&rng, ri, 2);
            to_bits((unsigned)rep, c->o_ack, ack);
            assert_int_equal(lte_ulsch_encode(u, c, tb, cqi, ri, ack, h), 0);
            uint32_t c_init = 0x2468a + (uint32_t)(t * 4 + (size_t)rep);
            assert_int_equal(lte_ulsch_scramble(u, c_init, h, (int)nb, h), 0);
            for (size_t i = 0; i < nb; i++)
                llr[i] = 4.0f * (h[i] ? -1.0f : 1.0f) + 0.5f * (float)tu_gauss(&rng);
            memcpy(llr2, llr, sizeof(float) * nb);
            assert_int_equal(lte_ulsch_descramble(u, c, c_init, llr), 0);
            /* the split path gives the same soft values */
            const uint64_t *w;
            assert_int_equal(lte_ulsch_scr_words(u, c, c_init, &w), 0);
            for (size_t i = 0; i < nb; i++)
                if ((w[i >> 6] >> (i & 63)) & 1)
                    llr2[i] = -llr2[i];
            assert_int_equal(lte_ulsch_fix_placeholders(c, w, llr2), 0);
            assert_memory_equal(llr, llr2, sizeof(float) * nb);
            lte_ulsch_result res;
            lte_sch_harq_reset(hq);
            assert_int_equal(lte_ulsch_decode(u, hq, c, llr, tbd, cqid, rid, ackd, &res), 0);
            assert_int_equal(res.data.crc_ok, 1);
            assert_memory_equal(ackd, ack, (size_t)c->o_ack);
            if (c->o_ri)
                assert_memory_equal(rid, ri, (size_t)c->o_ri);
            if ((c->n_bundled - 1) % 4 == 0 && c->o_ack == 1) {
                lte_ulsch_cfg f = *c;
                f.n_bundled = 0;
                lte_sch_harq_reset(hq);
                assert_int_equal(lte_ulsch_decode(u, hq, &f, llr, tbd, cqid, rid, ackd, &res),
                                 0);
                assert_int_equal(ackd[0], !ack[0]);
            }
            free(h);
            free(tb);
            free(tbd);
            free(llr);
            free(llr2);
        }
    lte_ulsch_cfg bad = {6, 0, 0, 2, 328, 0, 3, 0, 0, 8, 0, 7, 0, 0, 1};
    lte_ulsch_sizes s;
    assert_int_equal(lte_ulsch_sizes_get(&bad, &s), LTE_EINVAL); /* bundling needs O <= 2 */
    bad.o_ack = 0;
    assert_int_equal(lte_ulsch_sizes_get(&bad, &s), LTE_EINVAL);
    bad.o_ack = 1;
    bad.n_bundled = -1;
    assert_int_equal(lte_ulsch_sizes_get(&bad, &s), LTE_EINVAL);
    bad.n_bundled = LTE_ULSCH_NBUNDLED_MAX + 1;
    assert_int_equal(lte_ulsch_sizes_get(&bad, &s), LTE_EINVAL);
    lte_sch_harq_destroy(hq);
    lte_ulsch_destroy(u);
}

/* ---- Bad arguments ------------------------------------------------------------ */

static void test_bad_args(void **state)
{
    (void)state;
    uint8_t o[11] = {0}, q[64];
    float llr[64] = {0};
    assert_int_equal(lte_uci_rm32_encode(o, 0, q), LTE_EINVAL);
    assert_int_equal(lte_uci_rm32_encode(o, 12, q), LTE_EINVAL);
    assert_int_equal(lte_uci_rm32_encode(NULL, 3, q), LTE_EINVAL);
    assert_int_equal(lte_uci_ack_encode(o, 1, 3, 6, q), LTE_EINVAL);  /* q_m */
    assert_int_equal(lte_uci_ack_encode(o, 1, 10, 10, q), LTE_EINVAL); /* q_m */
    assert_int_equal(lte_uci_ack_encode(o, 1, 2, 5, q), LTE_EINVAL);  /* Q not a multiple */
    assert_int_equal(lte_uci_ack_encode(o, 12, 2, 6, q), LTE_EINVAL); /* O */
    assert_int_equal(lte_uci_ri_encode(o, 0, 2, 6, q), LTE_EINVAL);
    assert_int_equal(lte_uci_ack_decode(llr, 1, 2, 0, o, NULL), LTE_EINVAL);
    llr[3] = NAN;
    assert_int_equal(lte_uci_ack_decode(llr, 2, 2, 6, o, NULL), LTE_EINVAL);
    assert_int_equal(lte_uci_cqi_encode(o, 0, 32, q), LTE_EINVAL);
    assert_int_equal(lte_uci_cqi_encode(o, LTE_UCI_CQI_OMAX + 1, 32, q), LTE_EINVAL);
    assert_int_equal(lte_uci_cqi_encode(o, 4, 0, q), LTE_EINVAL);

    lte_ulsch_sizes s;
    lte_ulsch_cfg good = {6, 0, 0, 2, 328, 0, 1, 1, 4, 5, 3, 7, 0, 0, 0};
    assert_int_equal(lte_ulsch_sizes_get(&good, &s), 0);
    lte_ulsch_cfg c = good;
    c.n_prb = 111;
    assert_int_equal(lte_ulsch_sizes_get(&c, &s), LTE_EINVAL);
    c = good, c.q_m = 10;
    assert_int_equal(lte_ulsch_sizes_get(&c, &s), LTE_EINVAL);
    c = good, c.q_m = 3;
    assert_int_equal(lte_ulsch_sizes_get(&c, &s), LTE_EINVAL);
    c = good, c.beta_ack = 15; /* reserved */
    assert_int_equal(lte_ulsch_sizes_get(&c, &s), LTE_EINVAL);
    c = good, c.beta_cqi = 0; /* reserved */
    assert_int_equal(lte_ulsch_sizes_get(&c, &s), LTE_EINVAL);
    c = good, c.tbs = 0, c.o_cqi = 0; /* control only without CQI */
    assert_int_equal(lte_ulsch_sizes_get(&c, &s), LTE_EINVAL);
    c = good, c.n_srs = 2;
    assert_int_equal(lte_ulsch_sizes_get(&c, &s), LTE_EINVAL);
    c = good, c.o_ri = 12;
    assert_int_equal(lte_ulsch_sizes_get(&c, &s), LTE_EINVAL);
    c = good, c.n_prb = 1, c.o_cqi = 500, c.beta_cqi = 15; /* no room left for data */
    assert_int_equal(lte_ulsch_sizes_get(&c, &s), LTE_EINVAL);
    assert_int_equal(lte_ulsch_sizes_get(NULL, &s), LTE_EINVAL);
    assert_int_equal(lte_ulsch_sizes_get(&good, NULL), LTE_EINVAL);

    lte_ulsch_sizes bad = tu_ulsch_sizes(12, 4, 2, 0, 3, 2, 1);
    uint8_t h[200], f[200] = {0};
    float lf[200];
    bad.n_symb = 10; /* not a normal-CP C_mux */
    assert_int_equal(lte_ulsch_interleave(&bad, f, f, f, f, h), LTE_EINVAL);
    bad = tu_ulsch_sizes(12, 4, 2, 0, 17, 2, 1); /* Q'_ACK > 4 M_sc */
    assert_int_equal(lte_ulsch_interleave(&bad, f, f, f, f, h), LTE_EINVAL);
    bad = tu_ulsch_sizes(12, 4, 2, 0, 3, 2, 1);
    bad.g_sym++;
    assert_int_equal(lte_ulsch_deinterleave(&bad, lf, lf, lf, lf, lf), LTE_EINVAL);
    bad = tu_ulsch_sizes(12, 4, 2, 0, 3, 2, 1);
    assert_int_equal(lte_ulsch_interleave(&bad, f, NULL, f, f, h), LTE_EINVAL);
    assert_int_equal(lte_ulsch_interleave(&bad, f, f, f, f, NULL), LTE_EINVAL);

    lte_sch_cfg sc = {0};
    sc.tbs_max = 1000;
    lte_ulsch *u = NULL;
    assert_int_equal(lte_ulsch_create(&sc, &u), LTE_EINVAL); /* uplink = 0 */
    assert_null(u);
    assert_int_equal(lte_ulsch_create(NULL, &u), LTE_EINVAL);
    sc.uplink = 1;
    sc.max_iter = 4;
    sc.ext_scale = 1.0f;
    assert_int_equal(lte_ulsch_create(&sc, &u), 0);
    c = good;
    c.tbs = 2000; /* beyond the object's tbs_max */
    static uint8_t hh[LTE_ULSCH_BITS_MAX], tb[2000];
    assert_int_equal(lte_ulsch_encode(u, &c, tb, o, o, o, hh), LTE_EINVAL);
    assert_int_equal(lte_ulsch_encode(u, &good, tb, NULL, o, o, hh), LTE_EINVAL);
    assert_int_equal(lte_ulsch_encode(NULL, &good, tb, o, o, o, hh), LTE_EINVAL);
    lte_ulsch_result res;
    static float ll[LTE_ULSCH_BITS_MAX];
    assert_int_equal(lte_ulsch_decode(u, NULL, &good, ll, tb, o, o, o, &res), LTE_EINVAL);
    assert_int_equal(lte_ulsch_cqi_decode(u, ll, 0, 32, o, NULL, NULL), LTE_EINVAL);
    const uint8_t *sb;
    int sn;
    /* no encode yet */
    assert_int_equal(lte_ulsch_enc_stage(u, LTE_ULSCH_STAGE_CQI, &sb, &sn), LTE_EINVAL);
    assert_int_equal(lte_ulsch_encode(u, &good, tb, o, o, o, hh), 0);
    assert_int_equal(lte_ulsch_enc_stage(u, (lte_ulsch_stage)9, &sb, &sn), LTE_EINVAL);
    assert_int_equal(lte_ulsch_enc_stage(u, LTE_ULSCH_STAGE_CQI, NULL, &sn), LTE_EINVAL);
    float dl[8];
    assert_int_equal(lte_ulsch_descramble(u, &good, 1, NULL), LTE_EINVAL);
    assert_int_equal(lte_ulsch_descramble(NULL, &good, 1, dl), LTE_EINVAL);
    assert_true(strlen(lte_errdetail()) > 0);
    lte_ulsch_destroy(u);
    lte_ulsch_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rm_table),
        cmocka_unit_test(test_rm_distance),
        cmocka_unit_test(test_beta_tables),
        cmocka_unit_test(test_ack_ri_encode),
        cmocka_unit_test(test_ack_ri_decode),
        cmocka_unit_test(test_cqi),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_interleaver_model),
        cmocka_unit_test(test_mux_roundtrip),
        cmocka_unit_test(test_scramble),
        cmocka_unit_test(test_full_roundtrip),
        cmocka_unit_test(test_pusch_chain),
        cmocka_unit_test(test_tdd_bundling_pattern),
        cmocka_unit_test(test_tdd_bundling_roundtrip),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
