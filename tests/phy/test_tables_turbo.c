/* Tests of the turbo code-block size table and QPP interleaver,
 * TS 36.212 §5.1.3.2.3, Table 5.1.3-3.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/tables.h"
#include "tests/common/testutil.h"

/* The K column from the rules stated in §5.1.3.2.3 / Table 5.1.3-3:
 * 40..512 step 8, 528..1024 step 16, 1056..2048 step 32, 2112..6144 step 64. */
static int rule_k_list(int *k)
{
    int n = 0;
    for (int K = 40; K <= 512; K += 8) k[n++] = K;
    for (int K = 528; K <= 1024; K += 16) k[n++] = K;
    for (int K = 1056; K <= 2048; K += 32) k[n++] = K;
    for (int K = 2112; K <= 6144; K += 64) k[n++] = K;
    return n;
}

static int gcd(int a, int b)
{
    while (b) { int t = a % b; a = b; b = t; }
    return a;
}

static void test_k_column(void **state)
{
    (void)state;
    int k[200];
    int n = rule_k_list(k);
    assert_int_equal(n, LTE_TURBO_NUM_K);
    for (int i = 1; i <= n; i++) {
        assert_int_equal(lte_turbo_k(i), k[i - 1]);
        assert_int_equal(lte_turbo_k_index(k[i - 1]), i);
    }
    /* every integer that is not in the list is rejected */
    int j = 0;
    for (int K = -10; K <= 6200; K++) {
        if (j < n && K == k[j]) { j++; continue; }
        assert_int_equal(lte_turbo_k_index(K), LTE_EINVAL);
    }
}

/* f1 odd and coprime with K, f2 even, and the QPP condition for a
 * permutation polynomial: every prime factor of K divides f2. */
static void test_qpp_structure(void **state)
{
    (void)state;
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
        int K = lte_turbo_k(i), f1 = -1, f2 = -1;
        assert_int_equal(lte_qpp_params(K, &f1, &f2), 0);
        assert_true(f1 > 0 && f1 < K);
        assert_true(f2 > 0 && f2 < K);
        assert_int_equal(f1 % 2, 1);
        assert_int_equal(f2 % 2, 0);
        assert_int_equal(gcd(f1, K), 1);
        int m = K;
        for (int p = 2; m > 1; p++) {
            if (m % p) continue;
            assert_int_equal(f2 % p, 0);
            while (m % p == 0) m /= p;
        }
    }
}

/* Every interleaver equals the closed form evaluated in 64-bit and is a
 * permutation of 0..K-1 (seen-array brute force). */
static void test_qpp_permutation(void **state)
{
    (void)state;
    uint16_t *pi = malloc(6144 * sizeof *pi);
    uint8_t *seen = malloc(6144);
    assert_non_null(pi);
    assert_non_null(seen);
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
        int K = lte_turbo_k(i), f1, f2;
        assert_int_equal(lte_qpp_params(K, &f1, &f2), 0);
        memset(pi, 0xff, 6144 * sizeof *pi);
        assert_int_equal(lte_qpp_interleaver(K, pi), 0);
        memset(seen, 0, 6144);
        for (int x = 0; x < K; x++) {
            uint64_t ux = (uint64_t)x;
            uint64_t want = ((uint64_t)f1 * ux + (uint64_t)f2 * ux * ux) % (uint64_t)K;
            assert_int_equal(pi[x], want);
            assert_true(pi[x] < K);
            assert_int_equal(seen[pi[x]], 0);
            seen[pi[x]] = 1;
        }
        for (int x = K; x < 6144; x++)
            assert_int_equal(pi[x], 0xffff); /* nothing written past K */
    }
    free(pi);
    free(seen);
}

/* Rows read off the spec table, and whole-table checksums taken from a
 * second, independent transcription of Table 5.1.3-3. */
static void test_qpp_spot_values(void **state)
{
    (void)state;
    static const int rows[][3] = {
        {40, 3, 10},     {48, 7, 12},     {120, 103, 90},  {512, 31, 64},
        {528, 17, 66},   {1024, 31, 64},  {1056, 17, 66},  {1504, 49, 846},
        {2048, 31, 64},  {2112, 17, 66},  {5248, 113, 902}, {6144, 263, 480},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        int f1, f2;
        assert_int_equal(lte_qpp_params(rows[r][0], &f1, &f2), 0);
        assert_int_equal(f1, rows[r][1]);
        assert_int_equal(f2, rows[r][2]);
    }
    long s1 = 0, s2 = 0, sw = 0;
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
        int f1, f2;
        assert_int_equal(lte_qpp_params(lte_turbo_k(i), &f1, &f2), 0);
        s1 += f1;
        s2 += f2;
        sw += (long)i * f1 + 7L * i * f2; /* position-weighted: catches swaps */
    }
    assert_int_equal(s1, 17068);
    assert_int_equal(s2, 28162);
    assert_int_equal(sw, 25297722);
}

static void test_bad_args(void **state)
{
    (void)state;
    int f1, f2;
    uint16_t pi[64];
    assert_int_equal(lte_turbo_k(0), LTE_EINVAL);
    assert_int_equal(lte_turbo_k(189), LTE_EINVAL);
    assert_int_equal(lte_turbo_k(-1), LTE_EINVAL);
    assert_int_equal(lte_qpp_params(44, &f1, &f2), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "44"));
    assert_int_equal(lte_qpp_params(6208, &f1, &f2), LTE_EINVAL);
    assert_int_equal(lte_qpp_params(0, &f1, &f2), LTE_EINVAL);
    assert_int_equal(lte_qpp_params(40, NULL, &f2), LTE_EINVAL);
    assert_int_equal(lte_qpp_params(40, &f1, NULL), LTE_EINVAL);
    assert_int_equal(lte_qpp_interleaver(40, NULL), LTE_EINVAL);
    assert_int_equal(lte_qpp_interleaver(32, pi), LTE_EINVAL);
    assert_int_equal(lte_qpp_interleaver(-40, pi), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_k_column),
        cmocka_unit_test(test_qpp_structure),
        cmocka_unit_test(test_qpp_permutation),
        cmocka_unit_test(test_qpp_spot_values),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
