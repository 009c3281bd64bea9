/* Tests of turbo rate matching and its inverse (TS 36.212 §5.1.4.1).
 *
 * The reference here is a brute force written from the spec text, sharing
 * nothing with the library: the sub-block interleaver builds the R x 32
 * matrix, permutes its columns and reads it out column by column (the third
 * stream through its pi(k) formula), the bit collection builds w, and the bit
 * selection walks w[(k0 + j) mod N_cb] one entry at a time. It works on
 * position labels, so it says which d position every output bit comes from.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/ratematch.h"
#include "ltephy/tables.h"
#include "ltephy/turbo.h"
#include "ltephy/turbo_fx.h"
#include "phy/ratematch_internal.h"
#include "tests/common/testutil.h"

/* Table 5.1.4-1, typed in from the spec. */
static const int P_spec[32] = {0, 16, 8,  24, 4, 20, 12, 28, 2, 18, 10, 26, 6, 22, 14, 30,
                               1, 17, 9,  25, 5, 21, 13, 29, 3, 19, 11, 27, 7, 23, 15, 31};

static void test_column_pattern_is_bit_reversal(void **state)
{
    (void)state;
    /* structural check of the typed-in table: 5-bit bit reversal */
    for (int j = 0; j < 32; j++) {
        int rev = 0;
        for (int b = 0; b < 5; b++)
            rev |= ((j >> b) & 1) << (4 - b);
        assert_int_equal(P_spec[j], rev);
    }
}

#define NUL (-1)

typedef struct brute {
    int K, D, R, k_pi, k_w;
    int *w; /* label = stream * D + index, or NUL */
} brute;

/* §5.1.4.1.1 and the bit collection of §5.1.4.1.2, on labels. */
static void brute_cbuf(brute *b, int K, int F)
{
    const int C = 32;
    b->K = K;
    b->D = K + 4;
    b->R = 0;
    while (b->D > C * b->R) /* smallest R with D <= R*C */
        b->R++;
    int R = b->R;
    b->k_pi = R * C;
    b->k_w = 3 * b->k_pi;
    int N_D = b->k_pi - b->D;
    b->w = malloc(sizeof(int) * (size_t)b->k_w);
    int *y = malloc(sizeof(int) * (size_t)b->k_pi), *mat = malloc(sizeof(int) * (size_t)b->k_pi);
    int *v[3];
    for (int s = 0; s < 3; s++) {
        v[s] = malloc(sizeof(int) * (size_t)b->k_pi);
        for (int k = 0; k < b->k_pi; k++) { /* y_k: N_D <NULL>s then d_k */
            int idx = k - N_D;
            int filler = s < 2 && idx >= 0 && idx < F;
            y[k] = (idx < 0 || filler) ? NUL : s * b->D + idx;
        }
        if (s < 2) {
            /* write row by row, permute columns, read column by column */
            int (*M)[32] = (int (*)[32])mat;
            for (int k = 0; k < b->k_pi; k++)
                M[k / C][k % C] = y[k];
            int n = 0;
            for (int j = 0; j < C; j++)
                for (int r = 0; r < R; r++)
                    v[s][n++] = M[r][P_spec[j]];
        } else {
            for (int k = 0; k < b->k_pi; k++)
                v[s][k] = y[(P_spec[k / R] + C * (k % R) + 1) % b->k_pi];
        }
    }
    for (int k = 0; k < b->k_pi; k++) {
        b->w[k] = v[0][k];
        b->w[b->k_pi + 2 * k] = v[1][k];
        b->w[b->k_pi + 2 * k + 1] = v[2][k];
    }
    for (int s = 0; s < 3; s++)
        free(v[s]);
    free(y);
    free(mat);
}

static int brute_k0(const brute *b, int n_cb, int rv)
{
    return b->R * (2 * (int)ceil((double)n_cb / (8.0 * b->R)) * rv + 2);
}

/* Bit selection, §5.1.4.1.2, as written: labels of e[0..E-1]. */
static void brute_select(const brute *b, int n_cb, int rv, int E, int *lab)
{
    int k0 = brute_k0(b, n_cb, rv);
    for (int k = 0, j = 0; k < E; j++) {
        int x = b->w[(k0 + j) % n_cb];
        if (x != NUL)
            lab[k++] = x;
    }
}

static void test_subblock_by_hand(void **state)
{
    (void)state;
    /* K = 20: D = 24, R = 1, K_Pi = 32, N_D = 8. y = 8 <NULL>s then d, one
     * row; column j of the output is y_{P(j)}, i.e. d_{P(j)-8}. Typed in: */
    const int v0[32] = {NUL, 8, 0,  16, NUL, 12, 4, 20, NUL, 10, 2, 18, NUL, 14, 6, 22,
                        NUL, 9, 1,  17, NUL, 13, 5, 21, NUL, 11, 3, 19, NUL, 15, 7, 23};
    /* third stream: y_{(P(j) + 1) mod 32} */
    const int v2[32] = {NUL, 9, 1,  17, NUL, 13, 5, 21, NUL, 11, 3, 19, NUL, 15, 7, 23,
                        NUL, 10, 2, 18, NUL, 14, 6, 22, NUL, 12, 4, 20, 0, 16, 8, NUL};
    uint8_t d[3][24], w[96];
    for (int s = 0; s < 3; s++)
        for (int i = 0; i < 24; i++)
            d[s][i] = (uint8_t)(s * 64 + i); /* distinct labels, not bits */
    int k_pi, k_w;
    assert_int_equal(lte_rm_turbo_kw(20, &k_pi, &k_w), 0);
    assert_int_equal(k_pi, 32);
    assert_int_equal(k_w, 96);
    assert_int_equal(lte_rm_turbo_cbuf(d[0], d[1], d[2], 20, 0, w), 0);
    for (int k = 0; k < 32; k++) {
        assert_int_equal(w[k], v0[k] == NUL ? LTE_RM_NULL : v0[k]);
        assert_int_equal(w[32 + 2 * k], v0[k] == NUL ? LTE_RM_NULL : 64 + v0[k]);
        assert_int_equal(w[32 + 2 * k + 1], v2[k] == NUL ? LTE_RM_NULL : 128 + v2[k]);
    }
    /* F = 3 filler bits: d0 and d1 positions 0..2 become <NULL>, d2 not */
    assert_int_equal(lte_rm_turbo_cbuf(d[0], d[1], d[2], 20, 3, w), 0);
    for (int k = 0; k < 32; k++) {
        int f = v0[k] != NUL && v0[k] < 3;
        assert_int_equal(w[k], v0[k] == NUL || f ? LTE_RM_NULL : v0[k]);
        assert_int_equal(w[32 + 2 * k], v0[k] == NUL || f ? LTE_RM_NULL : 64 + v0[k]);
        assert_int_equal(w[32 + 2 * k + 1], v2[k] == NUL ? LTE_RM_NULL : 128 + v2[k]);
    }
}

static void test_cbuf_matches_brute(void **state)
{
    (void)state;
    static uint8_t d[3][LTE_TURBO_KMAX + 4], w[LTE_RM_KW_MAX];
    tu_rng r;
    tu_rng_seed(&r, 21);
    const int ks[] = {1, 20, 28, 29, 40, 44, 1008, 6144};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        int K = ks[i], F = (int)(tu_rand(&r) % (uint32_t)(K + 1));
        for (int s = 0; s < 3; s++) /* byte labels (not bits): wrong picks show */
            for (int j = 0; j < K + 4; j++)
                d[s][j] = (uint8_t)(tu_rand(&r) % 255);
        brute b;
        brute_cbuf(&b, K, F);
        assert_int_equal(lte_rm_turbo_cbuf(d[0], d[1], d[2], K, F, w), 0);
        for (int j = 0; j < b.k_w; j++) {
            int x = b.w[j];
            assert_int_equal(w[j], x == NUL ? LTE_RM_NULL : d[x / b.D][x % b.D]);
        }
        free(b.w);
    }
}

static void test_k0(void **state)
{
    (void)state;
    /* K = 6144: R = 193, N_cb = K_w = 18528 = 12 * 8R, so
     * k0 = 193 (24 rv + 2), evaluated by hand: */
    const int by_hand[4] = {386, 5018, 9650, 14282};
    int k_w, k0;
    assert_int_equal(lte_rm_turbo_kw(6144, NULL, &k_w), 0);
    assert_int_equal(k_w, 18528);
    for (int rv = 0; rv < 4; rv++) {
        assert_int_equal(lte_rm_turbo_k0(6144, k_w, rv, &k0), 0);
        assert_int_equal(k0, by_hand[rv]);
        /* limited buffer N_cb = 10000: ceil(10000/1544) = 7 */
        assert_int_equal(lte_rm_turbo_k0(6144, 10000, rv, &k0), 0);
        assert_int_equal(k0, 193 * (14 * rv + 2));
    }
    /* against the formula on other sizes */
    brute b;
    brute_cbuf(&b, 40, 0);
    for (int n_cb = 1; n_cb <= b.k_w; n_cb += 7)
        for (int rv = 0; rv < 4; rv++) {
            assert_int_equal(lte_rm_turbo_k0(40, n_cb, rv, &k0), 0);
            assert_int_equal(k0, brute_k0(&b, n_cb, rv) % n_cb);
        }
    free(b.w);
}

static void test_ncb_nir(void **state)
{
    (void)state;
    int n_ir, n_cb;
    /* N_soft = 1827072 (36.306 category 4), K_MIMO = 1, 8 HARQ processes */
    assert_int_equal(lte_rm_turbo_nir(1827072, 1, 8, 8, &n_ir), 0);
    assert_int_equal(n_ir, 1827072 / 8);
    assert_int_equal(lte_rm_turbo_nir(250368, 2, 10, 8, &n_ir), 0); /* min(M_DL_HARQ, 8) = 8 */
    assert_int_equal(n_ir, 250368 / 16);
    assert_int_equal(lte_rm_turbo_ncb(6144, 1, 228384, 0, &n_cb), 0);
    assert_int_equal(n_cb, 18528); /* K_w smaller */
    assert_int_equal(lte_rm_turbo_ncb(6144, 2, 31296, 0, &n_cb), 0);
    assert_int_equal(n_cb, 15648); /* floor(31296 / 2) */
    assert_int_equal(lte_rm_turbo_ncb(6144, 3, 31297, 0, &n_cb), 0);
    assert_int_equal(n_cb, 10432); /* floor(31297 / 3) */
    assert_int_equal(lte_rm_turbo_ncb(6144, 2, 31296, 1, &n_cb), 0);
    assert_int_equal(n_cb, 18528); /* uplink: K_w */
    assert_int_equal(lte_rm_turbo_ncb(40, 1, 1000, 0, &n_cb), 0);
    assert_int_equal(n_cb, 3 * 64);
    assert_int_equal(lte_rm_turbo_nir(1000, 3, 8, 8, &n_ir), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo_nir(0, 1, 8, 8, &n_ir), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo_ncb(6144, 0, 1000, 0, &n_cb), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo_ncb(6145, 1, 1000, 1, &n_cb), LTE_EINVAL);
}

/* One configuration: forward (plain and plan) against the brute force, and
 * the inverse of a +-1 image and of labelled values. */
typedef struct scratch {
    uint8_t d[3][LTE_TURBO_KMAX + 4];
    uint8_t e[4 * LTE_RM_KW_MAX + 1], e2[4 * LTE_RM_KW_MAX + 1];
    float x[4 * LTE_RM_KW_MAX];
    float l[3][LTE_TURBO_KMAX + 4], l2[3][LTE_TURBO_KMAX + 4];
    float l3[3][LTE_TURBO_KMAX + 5], l4[3][LTE_TURBO_KMAX + 4];
    int8_t q[3 * (LTE_TURBO_KMAX + 4) + 1], qw[3 * (LTE_TURBO_KMAX + 4)];
    int lab[4 * LTE_RM_KW_MAX];
    uint8_t dc[3 * (LTE_TURBO_KMAX + 4)]; /* the same streams, consecutive */
    float lc[3 * (LTE_TURBO_KMAX + 4)];
    double want[3 * (LTE_TURBO_KMAX + 4)];
    int count[3 * (LTE_TURBO_KMAX + 4)];
} scratch;

/* lte_rm_turbo_plan_inverse_ex on every SIMD path, adding and setting, byte
 * for byte against the plain lte_rm_turbo_inverse into zeroed or preset
 * buffers (which the brute-force checks above vouch for), without and with
 * the 8-bit copy (against lte_turbo_fx_quantize of those buffers). Soft values
 * include -0.0: setting must give +0.0 where zeroing and adding does. */
static void check_inverse_ex(scratch *s, const lte_rm_turbo_plan *plan, int F, int n_cb, int rv,
                             int E, int D)
{
    const int K = lte_rm_turbo_plan_k(plan);
    for (int k = 0; k < E; k++)
        s->x[k] = k % 7 == 3 ? -0.0f : (float)((k % 389) - 194) * 0.25f;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int set = 0; set <= 1; set++) {
        for (int t = 0; t < 3; t++)
            for (int i = 0; i < D; i++)
                s->l4[t][i] = set ? 0.0f : (float)(t * D + i) * 0.5f;
        assert_int_equal(lte_rm_turbo_inverse(s->x, E, K, F, n_cb, rv, s->l4[0], s->l4[1],
                                              s->l4[2]), 0);
        for (int p = 0; p < np; p++) {
            for (int t = 0; t < 3; t++) {
                for (int i = 0; i < D; i++)
                    s->l3[t][i] = set ? NAN : (float)(t * D + i) * 0.5f;
                s->l3[t][D] = 9.0f; /* guard */
            }
            assert_int_equal(lte_rm_turbo_plan_inverse_ex(plan, s->x, E, F, n_cb, rv,
                                                          set ? LTE_RM_INV_SET : 0, paths[p],
                                                          s->l3[0], s->l3[1], s->l3[2], NULL,
                                                          0.0f), 0);
            for (int t = 0; t < 3; t++) {
                assert_memory_equal(s->l3[t], s->l4[t], sizeof(float) * (size_t)D);
                assert_true(s->l3[t][D] == 9.0f);
            }
            /* again with the 8-bit copy: the decoder model's quantiser of
             * the expected soft values, and nothing written past 3D */
            for (int t = 0; t < 3; t++)
                for (int i = 0; i < D; i++)
                    s->l3[t][i] = set ? NAN : (float)(t * D + i) * 0.5f;
            memset(s->q, 0x55, sizeof s->q);
            const float sc = rv & 1 ? 4.0f : 0.3f;
            assert_int_equal(lte_rm_turbo_plan_inverse_ex(plan, s->x, E, F, n_cb, rv,
                                                          set ? LTE_RM_INV_SET : 0, paths[p],
                                                          s->l3[0], s->l3[1], s->l3[2], s->q,
                                                          sc), 0);
            for (int t = 0; t < 3; t++) {
                assert_memory_equal(s->l3[t], s->l4[t], sizeof(float) * (size_t)D);
                assert_int_equal(lte_turbo_fx_quantize(s->l4[t], D, sc, 8, s->qw + t * D), 0);
            }
            assert_memory_equal(s->q, s->qw, 3 * (size_t)D);
            assert_int_equal(s->q[3 * D], 0x55);
        }
    }
}

static void check_config(scratch *s, tu_rng *r, const lte_rm_turbo_plan *plan, int K, int F,
                         int n_cb, int rv, int E)
{
    brute b;
    brute_cbuf(&b, K, F);
    brute_select(&b, n_cb, rv, E, s->lab);
    int D = b.D;
    for (int t = 0; t < 3; t++)
        tu_random_bits(r, s->d[t], D);
    /* forward; e[E] is a guard that must stay untouched */
    s->e[E] = s->e2[E] = 0xEE;
    int rc = lte_rm_turbo(s->d[0], s->d[1], s->d[2], K, F, n_cb, rv, E, s->e);
    if (rc)
        print_message("K=%d F=%d n_cb=%d rv=%d E=%d: %s\n", K, F, n_cb, rv, E, lte_errdetail());
    assert_int_equal(rc, 0);
    assert_int_equal(lte_rm_turbo_plan_run(plan, s->d[0], s->d[1], s->d[2], F, n_cb, rv, E,
                                           s->e2), 0);
    for (int k = 0; k < E; k++) {
        assert_int_equal(s->e[k], s->d[s->lab[k] / D][s->lab[k] % D]);
        assert_int_equal(s->e2[k], s->e[k]);
    }
    assert_int_equal(s->e[E], 0xEE);
    assert_int_equal(s->e2[E], 0xEE);
    /* the same with byte labels, so that picking a wrong position of equal
     * bit value cannot pass */
    for (int t = 0; t < 3; t++)
        for (int i = 0; i < D; i++)
            s->d[t][i] = (uint8_t)(tu_rand(r) % 255);
    assert_int_equal(lte_rm_turbo_plan_run(plan, s->d[0], s->d[1], s->d[2], F, n_cb, rv, E,
                                           s->e2), 0);
    for (int k = 0; k < E; k++)
        assert_int_equal(s->e2[k], s->d[s->lab[k] / D][s->lab[k] % D]);
    for (int t = 0; t < 3; t++)
        tu_random_bits(r, s->d[t], D);
    assert_int_equal(lte_rm_turbo(s->d[0], s->d[1], s->d[2], K, F, n_cb, rv, E, s->e), 0);
    /* multiplicity of every position, straight from the brute-force walk */
    memset(s->count, 0, sizeof(int) * 3 * (size_t)D);
    for (int k = 0; k < E; k++)
        s->count[s->lab[k]]++;
    /* inverse of the +-1 image (0 -> +1: positive LLR favours 0) */
    for (int k = 0; k < E; k++)
        s->x[k] = 1.0f - 2.0f * (float)s->e[k];
    memset(s->l, 0, sizeof s->l);
    assert_int_equal(lte_rm_turbo_inverse(s->x, E, K, F, n_cb, rv, s->l[0], s->l[1], s->l[2]), 0);
    for (int t = 0; t < 3; t++)
        for (int i = 0; i < D; i++) {
            float want = (float)s->count[t * D + i] * (1.0f - 2.0f * (float)s->d[t][i]);
            assert_true(s->l[t][i] == want);
        }
    /* consecutive streams take another code path: same results */
    for (int t = 0; t < 3; t++)
        memcpy(s->dc + t * D, s->d[t], (size_t)D);
    assert_int_equal(lte_rm_turbo_plan_run(plan, s->dc, s->dc + D, s->dc + 2 * D, F, n_cb, rv,
                                           E, s->e2), 0);
    assert_memory_equal(s->e2, s->e, (size_t)E);
    memset(s->lc, 0, sizeof s->lc);
    if (3 * D < (int)(sizeof s->lc / sizeof s->lc[0]))
        s->lc[3 * D] = 7.0f; /* guard */
    assert_int_equal(lte_rm_turbo_plan_inverse(plan, s->x, E, F, n_cb, rv, s->lc, s->lc + D,
                                               s->lc + 2 * D), 0);
    for (int t = 0; t < 3; t++)
        assert_memory_equal(s->lc + t * D, s->l[t], sizeof(float) * (size_t)D);
    if (3 * D < (int)(sizeof s->lc / sizeof s->lc[0]))
        assert_true(s->lc[3 * D] == 7.0f);
    /* and the plain functions on consecutive streams */
    assert_int_equal(lte_rm_turbo(s->dc, s->dc + D, s->dc + 2 * D, K, F, n_cb, rv, E, s->e2), 0);
    assert_memory_equal(s->e2, s->e, (size_t)E);
    memset(s->lc, 0, sizeof(float) * 3 * (size_t)D);
    assert_int_equal(lte_rm_turbo_inverse(s->x, E, K, F, n_cb, rv, s->lc, s->lc + D,
                                          s->lc + 2 * D), 0);
    for (int t = 0; t < 3; t++)
        assert_memory_equal(s->lc + t * D, s->l[t], sizeof(float) * (size_t)D);
    /* labelled values: each output index k must land exactly at lab[k]
     * (sums of distinct small integers are exact in float) */
    memset(s->want, 0, sizeof(double) * 3 * (size_t)D);
    for (int k = 0; k < E; k++) {
        s->x[k] = (float)((k % 997) + 1);
        s->want[s->lab[k]] += s->x[k];
    }
    for (int t = 0; t < 3; t++)
        for (int i = 0; i < D; i++)
            s->l2[t][i] = (float)(t * D + i) * 0.5f; /* the inverse must ADD */
    assert_int_equal(lte_rm_turbo_plan_inverse(plan, s->x, E, F, n_cb, rv, s->l2[0], s->l2[1],
                                               s->l2[2]), 0);
    for (int t = 0; t < 3; t++)
        for (int i = 0; i < D; i++)
            assert_true(s->l2[t][i] == (float)(s->want[t * D + i] + (t * D + i) * 0.5));
    check_inverse_ex(s, plan, F, n_cb, rv, E, D);
    free(b.w);
}

static void test_rate_matching_vs_brute(void **state)
{
    (void)state;
    scratch *s = calloc(1, sizeof *s);
    assert_non_null(s);
    tu_rng r;
    tu_rng_seed(&r, 22);
    int configs = 0;
    for (int trial = 0; trial < 48; trial++) {
        int K = lte_turbo_k(1 + (int)(tu_rand(&r) % LTE_TURBO_NUM_K));
        if (trial < 4)
            K = trial < 2 ? 40 : 6144;
        int k_w;
        assert_int_equal(lte_rm_turbo_kw(K, NULL, &k_w), 0);
        int F = 0;
        if (trial % 3 == 1)
            F = (int)(tu_rand(&r) % 64) % (K + 1);
        if (trial % 12 == 5)
            F = (int)(tu_rand(&r) % (uint32_t)K); /* beyond realistic, still valid */
        /* full buffer, limited buffer (>= 2/3 K_w like real N_IR/C), tiny */
        int n_cb = k_w;
        if (trial % 4 == 2)
            n_cb = k_w - (int)(tu_rand(&r) % (uint32_t)(k_w / 3));
        if (trial % 8 == 7)
            n_cb = k_w / 2 + (int)(tu_rand(&r) % 97);
        lte_rm_turbo_plan *plan;
        assert_int_equal(lte_rm_turbo_plan_create(K, &plan), 0);
        assert_int_equal(lte_rm_turbo_plan_k(plan), K);
        const int Es[] = {0, 1, (int)(tu_rand(&r) % (uint32_t)k_w), k_w - 1, k_w,
                          k_w + 1 + (int)(tu_rand(&r) % (uint32_t)(2 * k_w))};
        for (size_t ie = 0; ie < sizeof Es / sizeof Es[0]; ie++)
            for (int rv = 0; rv < 4; rv++) {
                check_config(s, &r, plan, K, F, n_cb, rv, Es[ie]);
                configs++;
            }
        lte_rm_turbo_plan_destroy(plan);
    }
    /* tiny N_cb: mostly <NULL>s, lots of repetition */
    for (int n_cb = 20; n_cb < 70; n_cb += 3) {
        lte_rm_turbo_plan *plan;
        assert_int_equal(lte_rm_turbo_plan_create(40, &plan), 0);
        for (int rv = 0; rv < 4; rv++)
            check_config(s, &r, plan, 40, n_cb % 5, n_cb, rv, 500);
        lte_rm_turbo_plan_destroy(plan);
    }
    print_message("%d configurations\n", configs);
    free(s);
}

/* The column-wise inverse on every code-block size (N_D = 0 and the third
 * stream's wrap-around entry occur for K = 28 mod 32 only), every rv, E
 * below, at and beyond one lap, full and limited N_cb. */
static void test_inverse_ex_every_k(void **state)
{
    (void)state;
    scratch *s = calloc(1, sizeof *s);
    assert_non_null(s);
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
        int K = lte_turbo_k(i), k_w;
        assert_int_equal(lte_rm_turbo_kw(K, NULL, &k_w), 0);
        lte_rm_turbo_plan *plan;
        assert_int_equal(lte_rm_turbo_plan_create(K, &plan), 0);
        const int ncbs[2] = {k_w, 2 * k_w / 3 + i};
        const int Es[4] = {0, K / 3 + 1, k_w - 17, 2 * k_w + 5};
        for (int nc = 0; nc < 2; nc++)
            for (int ie = 0; ie < 4; ie++)
                for (int rv = 0; rv < 4; rv++)
                    check_inverse_ex(s, plan, 0, ncbs[nc], rv, Es[ie], K + 4);
        lte_rm_turbo_plan_destroy(plan);
    }
    free(s);
}

/* The 8-bit decoder input of a fresh block straight from e
 * (lte_rm_turbo_plan_inverse_q8), on every code-block size, every rv, E
 * from 1 to exactly one lap (and beyond: refused with 1, nothing written),
 * full and limited N_cb, F > 0 refused, on every path. Expected: the plain
 * lte_rm_turbo_inverse adding e into zeroed float streams, then the
 * quantiser's rule (llr_quant.h: v = x * 4 clipped to [-31, 31], rounded
 * half away from zero) written here; the lap length from the circular
 * buffer itself (lte_rm_turbo_cbuf: the non-<NULL> entries of w[0..N_cb-1]).
 * The soft values include -0.0, +0.0, halves that round away from zero,
 * values beyond the clip and infinities. */
static int8_t q8_model(float x)
{
    float v = x * 4.0f;
    v = v < 31.0f ? v : 31.0f;
    v = v > -31.0f ? v : -31.0f;
    return (int8_t)(int)(v < 0 ? v - 0.5f : v + 0.5f);
}

static void test_inverse_q8_every_k(void **state)
{
    (void)state;
    const int DM = LTE_TURBO_KMAX + 4;
    float *e = malloc(sizeof(float) * (3 * DM + 16)), *l = malloc(sizeof(float) * 3 * DM);
    int8_t *want = malloc(3 * DM), *got = malloc(3 * DM + 64), *scr = malloc(3 * DM);
    uint8_t *d = calloc(3, DM), *w = malloc(LTE_RM_KW_MAX);
    assert_true(e && l && want && got && scr && d && w);
    tu_rng rng;
    tu_rng_seed(&rng, 88);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    int done = 0;
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
        int K = lte_turbo_k(i), k_w, D = K + 4;
        assert_int_equal(lte_rm_turbo_kw(K, NULL, &k_w), 0);
        assert_int_equal(lte_rm_turbo_cbuf(d, d + D, d + 2 * D, K, 0, w), 0);
        lte_rm_turbo_plan *plan;
        assert_int_equal(lte_rm_turbo_plan_create(K, &plan), 0);
        const int ncbs[3] = {k_w, 2 * k_w / 3 + i, K / 2 + 7};
        for (int nc = 0; nc < 3; nc++) {
            int n_cb = ncbs[nc], lap = 0;
            for (int j = 0; j < n_cb; j++)
                lap += w[j] != LTE_RM_NULL;
            const int Es[5] = {1, K / 3 + 1, lap - 5, lap, lap + 1};
            for (int ie = 0; ie < 5; ie++)
                for (int rv = 0; rv < 4; rv++) {
                    int E = Es[ie];
                    for (int k = 0; k < E; k++) {
                        uint32_t u = tu_rand(&rng) % 20;
                        e[k] = u == 0 ? -0.0f : u == 1 ? 0.0f : u == 2 ? 0.125f * (float)(k % 9 - 4)
                             : u == 3 ? (k % 2 ? INFINITY : -INFINITY)
                                      : (float)tu_gauss(&rng) * 6.0f;
                    }
                    memset(l, 0, sizeof(float) * 3 * (size_t)D);
                    assert_int_equal(lte_rm_turbo_inverse(e, E, K, 0, n_cb, rv, l, l + D,
                                                          l + 2 * D), 0);
                    for (int t = 0; t < 3 * D; t++)
                        want[t] = q8_model(l[t]);
                    for (int p = 0; p < np; p++) {
                        memset(got, 0x55, 3 * (size_t)DM + 64);
                        int rc = lte_rm_turbo_plan_inverse_q8(plan, e, E, 0, n_cb, rv, 4.0f,
                                                              paths[p], scr, got, NULL);
                        if (E > lap) { /* more than one lap: the float path's */
                            assert_int_equal(rc, 1);
                            assert_int_equal(got[0], 0x55);
                            continue;
                        }
                        assert_int_equal(rc, 0);
                        assert_memory_equal(got, want, 3 * (size_t)D);
                        assert_int_equal(got[3 * D], 0x55);
                        done++;
                    }
                    /* filler bits: not this path's */
                    if (ie == 1 && rv == 0)
                        assert_int_equal(lte_rm_turbo_plan_inverse_q8(plan, e, E, 1 + K / 8,
                                                                      n_cb, rv, 4.0f,
                                                                      paths[0], scr, got, NULL),
                                         1);
                }
        }
        lte_rm_turbo_plan_destroy(plan);
    }
    /* arguments */
    lte_rm_turbo_plan *plan;
    assert_int_equal(lte_rm_turbo_plan_create(40, &plan), 0);
    assert_int_equal(lte_rm_turbo_plan_inverse_q8(NULL, e, 10, 0, 132, 0, 4.0f, LTE_SIMD_AUTO,
                                                  scr, got, NULL), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo_plan_inverse_q8(plan, e, 10, 0, 132, 4, 4.0f, LTE_SIMD_AUTO,
                                                  scr, got, NULL), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo_plan_inverse_q8(plan, e, 10, 0, 132, 0, 0.0f, LTE_SIMD_AUTO,
                                                  scr, got, NULL), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo_plan_inverse_q8(plan, e, 10, 0, 132, 0, 4.0f, LTE_SIMD_AUTO,
                                                  scr, NULL, NULL), LTE_EINVAL);
    lte_rm_turbo_plan_destroy(plan);
    print_message("%d checks\n", done);
    free(e); free(l); free(want); free(got); free(scr); free(d); free(w);
}

/* The 8-bit decoder's input as phy/sch.c builds it for a fresh block: the
 * streams of lte_rm_turbo_plan_inverse_q8 moved to the decoder's row layout
 * by lte_turbo_fx_to_rows, on every path, for every code-block size with
 * P = 64 lanes where 64 divides K (the transposition kernel of the 20 MHz
 * blocks, L = K / 64 from 8 to 96) and the default decoder's P otherwise,
 * every rv, E of one value, a third of K and exactly one lap. Expected: the
 * model of test_inverse_q8_every_k (plain float inverse, quantiser rule)
 * put in rows by a plain loop here: rows[i P + j] = clip(q[j L + i], 31),
 * the tail K..K+3 in place. Then the same layout of bytes over the whole
 * int8 range (the clip at work), source and rows 64-byte aligned and not. */
static void test_q8_rows_every_k(void **state)
{
    (void)state;
    const int DM = LTE_TURBO_KMAX + 4;
    float *e = malloc(sizeof(float) * (3 * DM + 16)), *l = malloc(sizeof(float) * 3 * DM);
    int8_t *want = malloc(3 * DM), *q = malloc(3 * DM), *scr = malloc(3 * DM);
    const size_t nal = ((size_t)DM + 128 + 63) / 64 * 64; /* aligned_alloc: a multiple of 64 */
    int8_t *wrows = malloc(DM), *rows = aligned_alloc(64, nal), *src = aligned_alloc(64, nal);
    uint8_t *d = calloc(3, DM), *w = malloc(LTE_RM_KW_MAX);
    assert_true(e && l && want && q && scr && wrows && rows && src && d && w);
    tu_rng rng;
    tu_rng_seed(&rng, 89);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    int done = 0;
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
        const int K = lte_turbo_k(i), D = K + 4;
        const int P = K % 64 == 0 ? 64 : lte_turbo_fx_subblocks(K, 8, 0, 0), L = K / P;
        assert_true(P >= 1 && K % P == 0);
        int k_w;
        assert_int_equal(lte_rm_turbo_kw(K, NULL, &k_w), 0);
        assert_int_equal(lte_rm_turbo_cbuf(d, d + D, d + 2 * D, K, 0, w), 0);
        lte_rm_turbo_plan *plan;
        assert_int_equal(lte_rm_turbo_plan_create(K, &plan), 0);
        int lap = 0;
        for (int j = 0; j < k_w; j++)
            lap += w[j] != LTE_RM_NULL;
        const int Es[3] = {1, K / 3 + 1, lap};
        for (int ie = 0; ie < 3; ie++)
            for (int rv = 0; rv < 4; rv++) {
                const int E = Es[ie];
                for (int k = 0; k < E; k++)
                    e[k] = (float)tu_gauss(&rng) * 6.0f;
                memset(l, 0, sizeof(float) * 3 * (size_t)D);
                assert_int_equal(lte_rm_turbo_inverse(e, E, K, 0, k_w, rv, l, l + D, l + 2 * D),
                                 0);
                for (int t = 0; t < 3 * D; t++)
                    want[t] = q8_model(l[t]);
                for (int p = 0; p < np; p++) {
                    assert_int_equal(lte_rm_turbo_plan_inverse_q8(plan, e, E, 0, k_w, rv, 4.0f,
                                                                  paths[p], scr, q, NULL),
                                     0);
                    for (int t = 0; t < 3; t++) {
                        const int8_t *x = want + t * D;
                        for (int a = 0; a < L; a++)
                            for (int b = 0; b < P; b++) {
                                int v = x[b * L + a];
                                wrows[a * P + b] = (int8_t)(v > 31 ? 31 : v < -31 ? -31 : v);
                            }
                        for (int a = K; a < D; a++)
                            wrows[a] = x[a];
                        memset(rows, 0x55, (size_t)D + 1);
                        assert_int_equal(lte_turbo_fx_to_rows(q + t * D, K, P, 8, paths[p], rows),
                                         0);
                        assert_memory_equal(rows, wrows, (size_t)D);
                        assert_int_equal(rows[D], 0x55);
                        done++;
                    }
                }
            }
        /* the whole int8 range, aligned and misaligned source and rows */
        for (int mis = 0; mis < 4; mis++) {
            int8_t *x = src + (mis & 1) * 7, *out = rows + (mis >> 1) * 5;
            for (int a = 0; a < D; a++)
                x[a] = (int8_t)tu_rand(&rng);
            for (int a = 0; a < L; a++)
                for (int b = 0; b < P; b++) {
                    int v = x[b * L + a];
                    wrows[a * P + b] = (int8_t)(v > 31 ? 31 : v < -31 ? -31 : v);
                }
            for (int a = K; a < D; a++)
                wrows[a] = (int8_t)(x[a] > 31 ? 31 : x[a] < -31 ? -31 : x[a]);
            for (int p = 0; p < np; p++) {
                memset(rows, 0x55, (size_t)D + 64);
                assert_int_equal(lte_turbo_fx_to_rows(x, K, P, 8, paths[p], out), 0);
                assert_memory_equal(out, wrows, (size_t)D);
                assert_int_equal(out[D], 0x55);
                done++;
            }
        }
        lte_rm_turbo_plan_destroy(plan);
    }
    print_message("%d checks\n", done);
    free(e); free(l); free(want); free(q); free(scr); free(wrows); free(rows); free(src);
    free(d); free(w);
}

static void test_harq_combining(void **state)
{
    (void)state;
    /* rv 0 then rv 2 into the same buffers: each position's total is the sum
     * of its counts in both transmissions */
    scratch *s = calloc(1, sizeof *s);
    assert_non_null(s);
    const int K = 1024, E = 2000;
    brute b;
    brute_cbuf(&b, K, 0);
    memset(s->count, 0, sizeof s->count);
    for (int rv = 0; rv <= 2; rv += 2) {
        brute_select(&b, b.k_w, rv, E, s->lab);
        for (int k = 0; k < E; k++) {
            s->count[s->lab[k]]++;
            s->x[k] = 1.0f;
        }
        assert_int_equal(
            lte_rm_turbo_inverse(s->x, E, K, 0, b.k_w, rv, s->l[0], s->l[1], s->l[2]), 0);
    }
    int twice = 0;
    for (int t = 0; t < 3; t++)
        for (int i = 0; i < b.D; i++) {
            assert_true(s->l[t][i] == (float)s->count[t * b.D + i]);
            twice += s->count[t * b.D + i] == 2;
        }
    /* K = 1024: k0 = 66 and 1650, so 2000 bits of rv 0 overlap the start of rv 2 */
    assert_true(twice > 0);
    free(b.w);
    free(s);
}

static void test_plans_set(void **state)
{
    (void)state;
    lte_rm_turbo_plans *set;
    assert_int_equal(lte_rm_turbo_plans_create(&set), 0);
    static uint8_t d[3][LTE_TURBO_KMAX + 4], e1[20000], e2[20000];
    tu_rng r;
    tu_rng_seed(&r, 23);
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
        int K = lte_turbo_k(i), k_w;
        const lte_rm_turbo_plan *p;
        assert_int_equal(lte_rm_turbo_plans_get(set, K, &p), 0);
        assert_int_equal(lte_rm_turbo_plan_k(p), K);
        assert_int_equal(lte_rm_turbo_kw(K, NULL, &k_w), 0);
        for (int t = 0; t < 3; t++)
            tu_random_bits(&r, d[t], K + 4);
        int E = 1 + (int)(tu_rand(&r) % 20000), rv = i % 4;
        assert_int_equal(lte_rm_turbo_plan_run(p, d[0], d[1], d[2], 0, k_w, rv, E, e1), 0);
        assert_int_equal(lte_rm_turbo(d[0], d[1], d[2], K, 0, k_w, rv, E, e2), 0);
        assert_memory_equal(e1, e2, (size_t)E);
    }
    const lte_rm_turbo_plan *p;
    assert_int_equal(lte_rm_turbo_plans_get(set, 41, &p), LTE_EINVAL);
    assert_null(p);
    lte_rm_turbo_plans_destroy(set);
}

static void test_filler_helper(void **state)
{
    (void)state;
    float l0[50] = {0}, l1[50] = {0};
    assert_int_equal(lte_rm_turbo_set_filler(l0, l1, 7, LTE_RM_FILLER_LLR), 0);
    for (int k = 0; k < 50; k++) {
        assert_true(l0[k] == (k < 7 ? LTE_RM_FILLER_LLR : 0.0f));
        assert_true(l1[k] == l0[k]);
    }
    assert_true(LTE_RM_FILLER_LLR > 0); /* positive = bit 0 */
    assert_int_equal(lte_rm_turbo_set_filler(l0, l1, -1, 1.0f), LTE_EINVAL);
}

static void test_bad_args(void **state)
{
    (void)state;
    static uint8_t d[3][64], e[400];
    static float x[400], l[3][64];
    int k_w = 192; /* K = 40 */
    assert_int_equal(lte_rm_turbo(d[0], d[1], d[2], 40, 0, k_w, 0, 100, e), 0);
    assert_int_equal(lte_rm_turbo(d[0], d[1], d[2], 0, 0, k_w, 0, 100, e), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo(d[0], d[1], d[2], 40, 41, k_w, 0, 100, e), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo(d[0], d[1], d[2], 40, 0, k_w + 1, 0, 100, e), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo(d[0], d[1], d[2], 40, 0, 0, 0, 100, e), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo(d[0], d[1], d[2], 40, 0, k_w, 4, 100, e), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo(d[0], d[1], d[2], 40, 0, k_w, 0, -1, e), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo(d[0], NULL, d[2], 40, 0, k_w, 0, 100, e), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo(d[0], d[1], d[2], 40, 0, k_w, 0, 100, NULL), LTE_EINVAL);
    /* w[0] is a dummy for K = 40 (N_D = 20): N_cb = 1 leaves nothing to send */
    assert_int_equal(lte_rm_turbo(d[0], d[1], d[2], 40, 0, 1, 0, 100, e), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "NULL"));
    assert_int_equal(lte_rm_turbo(d[0], d[1], d[2], 40, 0, 1, 0, 0, e), 0);
    assert_int_equal(lte_rm_turbo_inverse(x, 100, 40, 0, k_w, 0, l[0], l[1], NULL), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo_inverse(x, 100, 40, 0, k_w, -1, l[0], l[1], l[2]), LTE_EINVAL);
    lte_rm_turbo_plan *p = (lte_rm_turbo_plan *)1;
    assert_int_equal(lte_rm_turbo_plan_create(6145, &p), LTE_EINVAL);
    assert_null(p);
    assert_int_equal(lte_rm_turbo_plan_run(NULL, d[0], d[1], d[2], 0, k_w, 0, 10, e), LTE_EINVAL);
    assert_int_equal(lte_rm_turbo_plan_inverse(NULL, x, 10, 0, k_w, 0, l[0], l[1], l[2]),
                     LTE_EINVAL);
    int k0;
    assert_int_equal(lte_rm_turbo_k0(40, 0, 0, &k0), LTE_EINVAL);
    lte_rm_turbo_plan_destroy(NULL);
    lte_rm_turbo_plans_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_column_pattern_is_bit_reversal),
        cmocka_unit_test(test_subblock_by_hand),
        cmocka_unit_test(test_cbuf_matches_brute),
        cmocka_unit_test(test_k0),
        cmocka_unit_test(test_ncb_nir),
        cmocka_unit_test(test_rate_matching_vs_brute),
        cmocka_unit_test(test_inverse_ex_every_k),
        cmocka_unit_test(test_inverse_q8_every_k),
        cmocka_unit_test(test_q8_rows_every_k),
        cmocka_unit_test(test_harq_combining),
        cmocka_unit_test(test_plans_set),
        cmocka_unit_test(test_filler_helper),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
