/* Tests of code-block segmentation, TS 36.212 §5.1.2.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/tables.h"
#include "tests/common/testutil.h"

/* Table 5.1.3-3's K column, rebuilt from its step rules (not from the code). */
static int klist[200];
static int nk;

static void build_klist(void)
{
    nk = 0;
    for (int K = 40; K <= 512; K += 8) klist[nk++] = K;
    for (int K = 528; K <= 1024; K += 16) klist[nk++] = K;
    for (int K = 1056; K <= 2048; K += 32) klist[nk++] = K;
    for (int K = 2112; K <= 6144; K += 64) klist[nk++] = K;
}

static int in_klist(int K)
{
    for (int i = 0; i < nk; i++)
        if (klist[i] == K) return 1;
    return 0;
}

/* Brute-force model of §5.1.2 for one B, checked against lte_cb_segment. */
static void check_one(int B)
{
    lte_cb_seg s;
    memset(&s, 0x5a, sizeof s);
    assert_int_equal(lte_cb_segment(B, &s), 0);

    int C = B <= 6144 ? 1 : (B + 6119) / 6120;
    int L = C > 1 ? 24 : 0;
    int Bp = B + C * L;
    assert_int_equal(s.B, B);
    assert_int_equal(s.C, C);
    assert_int_equal(s.L, L);
    assert_int_equal(s.B_prime, Bp);

    /* K+: scan the whole list for the smallest K with C*K >= B' */
    int kp = 0;
    for (int i = nk - 1; i >= 0; i--)
        if (C * klist[i] >= Bp) kp = klist[i];
    assert_true(kp > 0);
    assert_int_equal(s.K_plus, kp);
    assert_int_equal(s.C_plus + s.C_minus, C);

    if (C == 1) {
        assert_int_equal(s.C_minus, 0);
        assert_int_equal(s.K_minus, 0);
    } else {
        int km = 0;
        for (int i = 0; i < nk; i++)
            if (klist[i] < kp) km = klist[i];
        /* Minimal fill: the largest number c of K- blocks whose total still
         * covers B', found by trying every c. */
        int best = -1;
        for (int c = 0; c <= C; c++)
            if ((C - c) * kp + c * km >= Bp) best = c;
        assert_int_equal(s.C_minus, best);
        assert_int_equal(s.K_minus, best > 0 ? km : 0);
    }

    /* sum of K_r = B' + F with F >= 0, minimal, at most one block's step */
    int sum = 0;
    for (int r = 0; r < C; r++) {
        int K = lte_cb_size(&s, r);
        assert_true(in_klist(K));
        if (r > 0) assert_true(K >= lte_cb_size(&s, r - 1)); /* K- blocks first */
        sum += K;
    }
    assert_int_equal(sum, Bp + s.F);
    assert_true(s.F >= 0);
    if (B < 40)
        assert_int_equal(s.F, 40 - B);
    else if (C == 1)
        assert_true(s.F < 64); /* K+ - previous table K (step <= 64) */
    assert_true(s.F < lte_cb_size(&s, 0)); /* fillers fit in block 0 */
}

static void test_brute_force(void **state)
{
    (void)state;
    build_klist();
    assert_int_equal(nk, LTE_TURBO_NUM_K);
    for (int B = 1; B <= 80000; B++)
        check_one(B);
    /* sparse sample of larger sizes (up to 8-layer transport blocks) */
    for (int B = 80001; B <= 400000; B += 997)
        check_one(B);
}

/* Hand-worked examples of the §5.1.2 procedure. */
static void test_edge_cases(void **state)
{
    (void)state;
    lte_cb_seg s;
    /* B = Z: one block, no CB CRC */
    assert_int_equal(lte_cb_segment(6144, &s), 0);
    assert_int_equal(s.C, 1);
    assert_int_equal(s.L, 0);
    assert_int_equal(s.K_plus, 6144);
    assert_int_equal(s.F, 0);
    /* B = Z+1: C=2, B'=6193, ceil(B'/2)=3097 -> K+=3136, K-=3072,
     * C- = floor((6272-6193)/64) = 1, F = 3136+3072-6193 = 15 */
    assert_int_equal(lte_cb_segment(6145, &s), 0);
    assert_int_equal(s.C, 2);
    assert_int_equal(s.L, 24);
    assert_int_equal(s.B_prime, 6193);
    assert_int_equal(s.K_plus, 3136);
    assert_int_equal(s.K_minus, 3072);
    assert_int_equal(s.C_plus, 1);
    assert_int_equal(s.C_minus, 1);
    assert_int_equal(s.F, 15);
    assert_int_equal(lte_cb_size(&s, 0), 3072);
    assert_int_equal(lte_cb_size(&s, 1), 3136);
    /* TBS 75376 (+24 CRC) = 75400: C=13, B'=75712=13*5824 -> F=0 */
    assert_int_equal(lte_cb_segment(75400, &s), 0);
    assert_int_equal(s.C, 13);
    assert_int_equal(s.K_plus, 5824);
    assert_int_equal(s.C_minus, 0);
    assert_int_equal(s.F, 0);
    /* small B: one 40-bit block, fillers make up the rest */
    assert_int_equal(lte_cb_segment(1, &s), 0);
    assert_int_equal(s.K_plus, 40);
    assert_int_equal(s.F, 39);
    assert_int_equal(lte_cb_segment(40, &s), 0);
    assert_int_equal(s.F, 0);
    assert_int_equal(lte_cb_segment(41, &s), 0);
    assert_int_equal(s.K_plus, 48);
    assert_int_equal(s.F, 7);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_cb_seg s;
    assert_int_equal(lte_cb_segment(0, &s), LTE_EINVAL);
    assert_int_equal(lte_cb_segment(-5, &s), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "-5"));
    assert_int_equal(lte_cb_segment(1 << 30, &s), LTE_EINVAL);
    assert_int_equal(lte_cb_segment(100, NULL), LTE_EINVAL);
    assert_int_equal(lte_cb_segment(20000, &s), 0);
    assert_int_equal(lte_cb_size(&s, -1), LTE_EINVAL);
    assert_int_equal(lte_cb_size(&s, s.C), LTE_EINVAL);
    assert_int_equal(lte_cb_size(NULL, 0), LTE_EINVAL);
    s.C = 0;
    assert_int_equal(lte_cb_size(&s, 0), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brute_force),
        cmocka_unit_test(test_edge_cases),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
