/* Tests of layer mapping (36.211 §6.3.3): every (codewords, layers) row of
 * Table 6.3.3.2-1 and both rows of Table 6.3.3.3-1 against an index model
 * written here row by row, the 4-port padding rule, delayer o layer = id
 * for symbols and soft values, and argument checking.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/layers.h"
#include "tests/common/testutil.h"

/* Source of x^(l)(i) as the tables write it: codeword *q, index *j; returns
 * 0 for the null symbols of the 4-port transmit-diversity padding. */
static int model(lte_tx_scheme scheme, int ncw, int v, int l, int i, int m0, int *q, int *j)
{
    *q = 0;
    if (scheme == LTE_TX_SINGLE_PORT) {
        *j = i; /* §6.3.3.1: x^(0)(i) = d^(0)(i) */
        return 1;
    }
    if (scheme == LTE_TX_DIVERSITY) { /* Table 6.3.3.3-1 */
        *j = v == 2 ? 2 * i + l : 4 * i + l;
        return *j < m0;
    }
    /* Table 6.3.3.2-1 */
    if (ncw == 1) {
        switch (v) {
        case 1: *j = i; break;             /* x0(i) = d0(i) */
        case 2: *j = 2 * i + l; break;     /* x0 = d0(2i), x1 = d0(2i+1) */
        case 3: *j = 3 * i + l; break;     /* x0 = d0(3i), x1 = d0(3i+1), x2 = d0(3i+2) */
        default: *j = 4 * i + l; break;    /* x0..x3 = d0(4i..4i+3) */
        }
        return 1;
    }
    switch (v) {
    case 2: /* x0 = d0(i), x1 = d1(i) */
        *q = l;
        *j = i;
        break;
    case 3: /* x0 = d0(i), x1 = d1(2i), x2 = d1(2i+1) */
        *q = l == 0 ? 0 : 1;
        *j = l == 0 ? i : 2 * i + (l - 1);
        break;
    default: /* x0 = d0(2i), x1 = d0(2i+1), x2 = d1(2i), x3 = d1(2i+1) */
        *q = l < 2 ? 0 : 1;
        *j = 2 * i + (l % 2);
        break;
    }
    return 1;
}

/* Codeword symbols that name themselves: d_q(j) = (q + 1) * 10000 + j + 0.5j. */
static float complex tag(int q, int j)
{
    return (float)((q + 1) * 10000 + j) + 0.5f * I * (float)j;
}

typedef struct {
    lte_tx_scheme scheme;
    int p, v, ncw;
} combo;

static const combo combos[] = {
    {LTE_TX_SINGLE_PORT, 1, 1, 1}, {LTE_TX_DIVERSITY, 2, 2, 1}, {LTE_TX_DIVERSITY, 4, 4, 1},
    {LTE_TX_SPATIAL_MUX, 2, 1, 1}, {LTE_TX_SPATIAL_MUX, 2, 2, 1}, {LTE_TX_SPATIAL_MUX, 2, 2, 2},
    {LTE_TX_SPATIAL_MUX, 4, 1, 1}, {LTE_TX_SPATIAL_MUX, 4, 2, 1}, {LTE_TX_SPATIAL_MUX, 4, 3, 1},
    {LTE_TX_SPATIAL_MUX, 4, 4, 1}, {LTE_TX_SPATIAL_MUX, 4, 2, 2}, {LTE_TX_SPATIAL_MUX, 4, 3, 2},
    {LTE_TX_SPATIAL_MUX, 4, 4, 2}, {LTE_TX_LARGE_CDD, 2, 2, 2},   {LTE_TX_LARGE_CDD, 4, 3, 2},
    {LTE_TX_LARGE_CDD, 4, 4, 2},   {LTE_TX_LARGE_CDD, 4, 2, 1},
};

/* Codeword sizes for a given number of layer symbols per layer. */
static void cw_sizes(const combo *c, int ml, int *m0, int *m1)
{
    int l0 = 0, l1 = 0;
    for (int l = 0; l < c->v; l++) {
        int q, j;
        model(c->scheme, c->ncw, c->v, l, 0, 1 << 30, &q, &j);
        if (q)
            l1++;
        else
            l0++;
    }
    *m0 = ml * l0;
    *m1 = c->ncw == 2 ? ml * l1 : 0;
}

static void check_combo(const combo *c, int ml, int pad)
{
    lte_mimo_cfg cfg = {c->scheme, c->p, c->v, c->ncw, 0};
    int m0, m1;
    cw_sizes(c, ml, &m0, &m1);
    if (pad)
        m0 -= 2; /* 4-port diversity: M_symb^(0) mod 4 = 2 */
    int n = ml * c->v;
    float complex *d0 = calloc((size_t)m0 + 1, sizeof *d0);
    float complex *d1 = calloc((size_t)m1 + 1, sizeof *d1);
    float complex *e0 = calloc((size_t)m0 + 1, sizeof *e0);
    float complex *e1 = calloc((size_t)m1 + 1, sizeof *e1);
    float complex *x = calloc((size_t)n + 1, sizeof *x);
    float *sx = calloc((size_t)n * 8 + 1, sizeof *sx), *s0 = calloc((size_t)m0 * 8 + 1, sizeof *s0),
          *s1 = calloc((size_t)m1 * 8 + 1, sizeof *s1);
    assert_true(d0 && d1 && e0 && e1 && x && sx && s0 && s1);
    for (int j = 0; j < m0; j++)
        d0[j] = tag(0, j);
    for (int j = 0; j < m1; j++)
        d1[j] = tag(1, j);

    int got_ml = -1, got_ap = -1;
    assert_int_equal(lte_mimo_sizes(&cfg, m0, m1, &got_ml, &got_ap), 0);
    assert_int_equal(got_ml, ml);
    /* §6.3.4: M_ap = M_layer, 2 M_layer, or 4 M_layer (- 2 when padded) */
    int want_ap = c->scheme == LTE_TX_DIVERSITY ? c->p * ml - (pad ? 2 : 0) : ml;
    assert_int_equal(got_ap, want_ap);

    assert_int_equal(lte_layer_map(&cfg, d0, m0, c->ncw == 2 ? d1 : NULL, m1, x), 0);
    for (int i = 0; i < ml; i++)
        for (int l = 0; l < c->v; l++) {
            int q, j;
            float complex want = model(c->scheme, c->ncw, c->v, l, i, m0, &q, &j) ? tag(q, j) : 0;
            assert_true(x[i * c->v + l] == want);
        }

    assert_int_equal(lte_layer_demap(&cfg, x, m0, m1, e0, c->ncw == 2 ? e1 : NULL), 0);
    assert_memory_equal(e0, d0, (size_t)m0 * sizeof *d0);
    if (c->ncw == 2)
        assert_memory_equal(e1, d1, (size_t)m1 * sizeof *d1);

    /* soft values: k0 = 2 per symbol of codeword 0, k1 = 3 of codeword 1;
     * value = q*1e6 + j*10 + b tags each one */
    int k0 = 2, k1 = c->ncw == 2 ? 3 : 0, pos = 0;
    for (int i = 0; i < ml; i++)
        for (int l = 0; l < c->v; l++) {
            int q, j;
            int real = model(c->scheme, c->ncw, c->v, l, i, m0, &q, &j);
            int k = q ? k1 : k0;
            for (int b = 0; b < k; b++)
                sx[pos++] = real ? (float)(q * 1000000 + j * 10 + b) : -1.0f;
        }
    assert_int_equal(lte_layer_demap_soft(&cfg, sx, k0, c->ncw == 2 ? k1 : 1, m0, m1, s0,
                                          c->ncw == 2 ? s1 : NULL),
                     0);
    for (int j = 0; j < m0; j++)
        for (int b = 0; b < k0; b++)
            assert_true(s0[j * k0 + b] == (float)(j * 10 + b));
    for (int j = 0; j < m1; j++)
        for (int b = 0; b < k1; b++)
            assert_true(s1[j * k1 + b] == (float)(1000000 + j * 10 + b));
    free(d0), free(d1), free(e0), free(e1), free(x), free(sx), free(s0), free(s1);
}

static void test_layer_map_tables(void **state)
{
    (void)state;
    static const int mls[] = {0, 1, 2, 7, 12, 25, 300};
    for (unsigned c = 0; c < sizeof combos / sizeof combos[0]; c++)
        for (unsigned k = 0; k < sizeof mls / sizeof mls[0]; k++)
            check_combo(&combos[c], mls[k], 0);
}

/* Table 6.3.3.3-1, 4 ports: M_symb^(0) mod 4 = 2 appends two null symbols,
 * M_layer = (M0 + 2)/4. */
static void test_td4_padding(void **state)
{
    (void)state;
    const combo *c = &combos[2];
    for (int ml = 1; ml < 12; ml++)
        check_combo(c, ml, 1);
    lte_mimo_cfg cfg = {LTE_TX_DIVERSITY, 4, 4, 1, 0};
    int ml, ap;
    assert_int_equal(lte_mimo_sizes(&cfg, 1198, 0, &ml, &ap), 0);
    assert_int_equal(ml, 300);
    assert_int_equal(ap, 1198);
    assert_int_equal(lte_mimo_sizes(&cfg, 1200, 0, &ml, &ap), 0);
    assert_int_equal(ml, 300);
    assert_int_equal(ap, 1200);
}

static void test_validate(void **state)
{
    (void)state;
    /* everything the header lists as valid is valid, nothing else */
    for (int s = 0; s < 4; s++)
        for (int p = 0; p <= 5; p++)
            for (int v = 0; v <= 5; v++)
                for (int ncw = 0; ncw <= 3; ncw++) {
                    lte_mimo_cfg cfg = {(lte_tx_scheme)s, p, v, ncw, 0};
                    int ok;
                    switch (s) {
                    case LTE_TX_SINGLE_PORT: ok = p == 1 && v == 1 && ncw == 1; break;
                    case LTE_TX_DIVERSITY: ok = (p == 2 || p == 4) && v == p && ncw == 1; break;
                    case LTE_TX_LARGE_CDD:
                        ok = (p == 2 || p == 4) && v >= 2 && v <= p && (ncw == 1 || ncw == 2);
                        break;
                    default:
                        ok = (p == 2 || p == 4) && v >= 1 && v <= p && (ncw == 1 || ncw == 2) &&
                             ncw <= v;
                        break;
                    }
                    assert_int_equal(lte_mimo_validate(&cfg), ok ? 0 : LTE_EINVAL);
                }
    lte_mimo_cfg bad = {(lte_tx_scheme)7, 2, 2, 1, 0};
    assert_int_equal(lte_mimo_validate(&bad), LTE_EINVAL);
    assert_int_equal(lte_mimo_validate(NULL), LTE_EINVAL);
    lte_mimo_cfg cb = {LTE_TX_SPATIAL_MUX, 2, 2, 1, 3}; /* v = 2 has indices 0..2 */
    assert_int_equal(lte_mimo_validate(&cb), LTE_EINVAL);
    cb.codebook = 2;
    assert_int_equal(lte_mimo_validate(&cb), 0);
    cb = (lte_mimo_cfg){LTE_TX_SPATIAL_MUX, 4, 3, 2, 16};
    assert_int_equal(lte_mimo_validate(&cb), LTE_EINVAL);
    cb.codebook = -1;
    assert_int_equal(lte_mimo_validate(&cb), LTE_EINVAL);
}

static void test_bad_args(void **state)
{
    (void)state;
    float complex d[16] = {0}, x[16];
    float s[16] = {0}, o[16];
    lte_mimo_cfg td2 = {LTE_TX_DIVERSITY, 2, 2, 1, 0};
    lte_mimo_cfg sm3 = {LTE_TX_SPATIAL_MUX, 4, 3, 2, 0};
    lte_mimo_cfg sm1 = {LTE_TX_SPATIAL_MUX, 4, 3, 1, 0};
    assert_int_equal(lte_layer_map(&td2, d, 5, NULL, 0, x), LTE_EINVAL); /* odd M0 */
    assert_int_equal(lte_layer_map(&td2, d, 4, NULL, 2, x), LTE_EINVAL); /* m1 with 1 cw */
    assert_int_equal(lte_layer_map(&td2, NULL, 4, NULL, 0, x), LTE_EINVAL);
    assert_int_equal(lte_layer_map(&td2, d, 4, NULL, 0, NULL), LTE_EINVAL);
    assert_int_equal(lte_layer_map(&td2, d, -2, NULL, 0, x), LTE_EINVAL);
    assert_int_equal(lte_layer_map(NULL, d, 4, NULL, 0, x), LTE_EINVAL);
    assert_int_equal(lte_layer_map(&sm3, d, 4, d, 4, x), LTE_EINVAL);  /* needs M1 = 2 M0 */
    assert_int_equal(lte_layer_map(&sm3, d, 4, NULL, 8, x), LTE_EINVAL);
    assert_int_equal(lte_layer_map(&sm3, d, 4, d, 8, x), 0);
    assert_int_equal(lte_layer_map(&sm1, d, 10, NULL, 0, x), LTE_EINVAL); /* 10 % 3 */
    assert_int_equal(lte_layer_demap(&sm3, x, 4, 6, d, d), LTE_EINVAL);
    assert_int_equal(lte_layer_demap_soft(&sm3, s, 0, 1, 4, 8, o, o), LTE_EINVAL);
    assert_int_equal(lte_layer_demap_soft(&sm3, s, 1, 9, 4, 8, o, o), LTE_EINVAL);
    assert_int_equal(lte_mimo_sizes(&td2, 1 << 29, 0, NULL, NULL), LTE_EINVAL);
    assert_true(strlen(lte_errdetail()) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layer_map_tables),
        cmocka_unit_test(test_td4_padding),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
