/* Tests of rate matching for convolutionally coded channels (36.212 §5.1.4.2).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/control.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

static int bitrev5(int x)
{
    int y = 0;
    for (int b = 0; b < 5; b++)
        y |= ((x >> b) & 1) << (4 - b);
    return y;
}

static void test_permutation_table(void **state)
{
    (void)state;
    /* Table 5.1.4-2 is a permutation of 0..31 with the structure "bit
     * reversal of the column index, lowest bit flipped"; its first entries
     * in the spec read 1, 17, 9, 25, 5, ... and its last ..., 22, 14, 30. */
    int seen[32] = {0};
    for (int j = 0; j < 32; j++) {
        int p = lte_rm_conv_perm(j);
        assert_true(p >= 0 && p < 32);
        seen[p]++;
        assert_int_equal(p, bitrev5(j) ^ 1);
    }
    for (int j = 0; j < 32; j++)
        assert_int_equal(seen[j], 1);
    assert_int_equal(lte_rm_conv_perm(0), 1);
    assert_int_equal(lte_rm_conv_perm(1), 17);
    assert_int_equal(lte_rm_conv_perm(31), 30);
    assert_int_equal(lte_rm_conv_perm(32), LTE_EINVAL);
    assert_int_equal(lte_rm_conv_perm(-1), LTE_EINVAL);
}

/* Brute-force walk of §5.1.4.2 as written: build each stream's y with
 * <NULL>s (-1), fill an R x 32 matrix row by row, permute its columns, read
 * it column by column, concatenate, then select circularly skipping <NULL>.
 * src[k] = i*D + index of the bit carried by e_k. The column permutation is
 * the structural form bitrev5(j) ^ 1, not the library's table. */
static void brute_force_walk(int D, int E, int *src)
{
    int R = (D + 31) / 32, Kpi = 32 * R, ND = Kpi - D;
    int *w = malloc(sizeof(int) * 3 * (size_t)Kpi);
    int *y = malloc(sizeof(int) * (size_t)Kpi);
    assert_non_null(w);
    assert_non_null(y);
    for (int i = 0; i < 3; i++) {
        for (int n = 0; n < Kpi; n++)
            y[n] = n < ND ? -1 : i * D + (n - ND);
        int m = 0;
        for (int col = 0; col < 32; col++)         /* read out column by column */
            for (int row = 0; row < R; row++)       /* of the permuted matrix */
                w[i * Kpi + m++] = y[row * 32 + (bitrev5(col) ^ 1)];
    }
    int k = 0, j = 0;
    while (k < E) {
        if (w[j % (3 * Kpi)] != -1)
            src[k++] = w[j % (3 * Kpi)];
        j++;
    }
    free(w);
    free(y);
}

static void check_case(tu_rng *r, int D, int E)
{
    uint8_t *d = malloc(3 * (size_t)D), *e = malloc((size_t)E);
    float *ef = malloc(sizeof(float) * (size_t)E), *l = malloc(sizeof(float) * 3 * (size_t)D);
    int *src = malloc(sizeof(int) * (size_t)E), *mult = calloc(3 * (size_t)D, sizeof(int));
    assert_true(d && e && ef && l && src && mult);
    tu_random_bits(r, d, 3 * D);
    brute_force_walk(D, E, src);

    assert_int_equal(lte_ratematch_conv(d, d + D, d + 2 * D, D, E, e), 0);
    for (int k = 0; k < E; k++) {
        assert_int_equal(e[k], d[src[k]]);
        mult[src[k]]++;
    }
    /* de-matching the +-1 image puts every bit back in its place, weighted
     * by the number of times it was sent (0 if punctured) */
    for (int k = 0; k < E; k++)
        ef[k] = e[k] ? -1.0f : 1.0f;
    for (int x = 0; x < 3 * D; x++)
        l[x] = 12345.0f; /* must be overwritten */
    assert_int_equal(lte_ratematch_conv_inv(ef, E, D, l, l + D, l + 2 * D), 0);
    for (int x = 0; x < 3 * D; x++)
        assert_true(l[x] == (float)(mult[x] * (d[x] ? -1 : 1)));
    free(d);
    free(e);
    free(ef);
    free(l);
    free(src);
    free(mult);
}

static void test_against_brute_force_walk(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 11);
    /* every D from 1 to 130 against punctured, exact, repeated E */
    for (int D = 1; D <= 130; D++) {
        int es[] = {1, 2 * D, 3 * D, 3 * D + 5, 72, 576, 1 + (int)(tu_rand(&r) % 2000)};
        for (size_t t = 0; t < sizeof(es) / sizeof(es[0]); t++)
            check_case(&r, D, es[t]);
    }
    check_case(&r, 40, 1920);
    check_case(&r, 40, 1728);
    check_case(&r, 1000, 2500);
}

static void test_closed_forms(void **state)
{
    (void)state;
    /* BCH: D = 40 -> R = 2, 24 <NULL>s per stream, 120 real bits in w;
     * E = 1920 = 16 x 120 sends every coded bit exactly 16 times. With
     * E = 3D exactly once each, whatever D. */
    enum { D = 40 };
    uint8_t d[3 * D];
    static uint8_t e[1920];
    for (int x = 0; x < 3 * D; x++)
        d[x] = (uint8_t)(x & 1);
    static float ef[1920], l[300];
    assert_int_equal(lte_ratematch_conv(d, d + D, d + 2 * D, D, 1920, e), 0);
    for (int k = 0; k < 1920; k++)
        ef[k] = 1.0f;
    assert_int_equal(lte_ratematch_conv_inv(ef, 1920, D, l, l + D, l + 2 * D), 0);
    for (int x = 0; x < 3 * D; x++)
        assert_true(l[x] == 16.0f);
    /* period: w has 120 real bits, so e repeats with period 120 */
    for (int k = 120; k < 1920; k++)
        assert_int_equal(e[k], e[k - 120]);
    for (int DD = 1; DD <= 100; DD++) {
        assert_int_equal(lte_ratematch_conv_inv(ef, 3 * DD, DD, l, l + DD, l + 2 * DD), 0);
        for (int x = 0; x < 3 * DD; x++)
            assert_true(l[x] == 1.0f);
    }
    /* D = 32: no <NULL>s, one row per column: v_0 is d_0 permuted, so e
     * starts d0[P(0)], d0[P(1)], ... = d0[1], d0[17], d0[9] */
    uint8_t dd[96] = {0};
    dd[1] = 1;
    dd[17] = 1;
    assert_int_equal(lte_ratematch_conv(dd, dd + 32, dd + 64, 32, 3, e), 0);
    assert_int_equal(e[0], 1);
    assert_int_equal(e[1], 1);
    assert_int_equal(e[2], 0);
}

static void test_fixed_point_inverse(void **state)
{
    (void)state;
    /* int8 de-matching = the float one (exact on integers) saturated once */
    tu_rng r;
    tu_rng_seed(&r, 12);
    static int8_t q[4000], o[3 * 200];
    static float f[4000], l[3 * 200];
    for (int t = 0; t < 300; t++) {
        int D = 1 + (int)(tu_rand(&r) % 200), E = 1 + (int)(tu_rand(&r) % 4000);
        int mag = t % 3 == 0 ? 128 : 8; /* with and without saturation */
        for (int k = 0; k < E; k++) {
            int v = (int)(tu_rand(&r) % (2 * (uint32_t)mag)) - mag;
            q[k] = (int8_t)v;
            f[k] = (float)v;
        }
        assert_int_equal(lte_ratematch_conv_inv(f, E, D, l, l + D, l + 2 * D), 0);
        assert_int_equal(lte_ratematch_conv_inv_i8(q, E, D, o, o + D, o + 2 * D), 0);
        for (int x = 0; x < 3 * D; x++) {
            float want = l[x] > 127 ? 127 : l[x] < -128 ? -128 : l[x];
            assert_true((float)o[x] == want);
        }
    }
    int8_t b[4];
    assert_int_equal(lte_ratematch_conv_inv_i8(q, 8, 0, b, b, b), LTE_EINVAL);
    assert_int_equal(lte_ratematch_conv_inv_i8(NULL, 8, 1, b, b, b), LTE_EINVAL);
    assert_int_equal(lte_ratematch_conv_inv_i8(q, 8, 1, b, NULL, b), LTE_EINVAL);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    uint8_t d[8] = {0}, e[8];
    float f[8] = {0}, l[8];
    assert_int_equal(lte_ratematch_conv(d, d, d, 0, 8, e), LTE_EINVAL);
    assert_int_equal(lte_ratematch_conv(d, d, d, 1, 0, e), LTE_EINVAL);
    assert_int_equal(lte_ratematch_conv(d, NULL, d, 1, 8, e), LTE_EINVAL);
    assert_int_equal(lte_ratematch_conv(d, d, d, 1, 8, NULL), LTE_EINVAL);
    assert_int_equal(lte_ratematch_conv(d, d, d, LTE_RM_CONV_DMAX + 1, 8, e), LTE_EINVAL);
    assert_int_equal(lte_ratematch_conv_inv(f, 8, 0, l, l, l), LTE_EINVAL);
    assert_int_equal(lte_ratematch_conv_inv(f, -1, 2, l, l, l), LTE_EINVAL);
    assert_int_equal(lte_ratematch_conv_inv(NULL, 8, 2, l, l, l), LTE_EINVAL);
    assert_int_equal(lte_ratematch_conv_inv(f, 8, 2, l, l, NULL), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_permutation_table),
        cmocka_unit_test(test_against_brute_force_walk),
        cmocka_unit_test(test_closed_forms),
        cmocka_unit_test(test_fixed_point_inverse),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
