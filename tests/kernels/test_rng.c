/* Tests of the deterministic random numbers (kernels/rng.c).
 *
 * Independent checks: the first outputs of xoshiro256** from the state
 * {1, 2, 3, 4} (the generator's published reference sequence), statistics of
 * the Gaussian samples against N(0, 1) at 5 standard errors, stream
 * independence and argument validation.
 *
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/rng.h"
#include "tests/common/testutil.h"

static void test_xoshiro_reference(void **state)
{
    (void)state;
    lte_rng r = {{1, 2, 3, 4}};
    const uint64_t expect[4] = {11520ULL, 0ULL, 1509978240ULL, 1215971899390074240ULL};
    for (int i = 0; i < 4; i++)
        assert_true(lte_rng_u64(&r) == expect[i]);
    lte_rng q = {{1, 2, 3, 4}};
    assert_true(lte_rng_u32(&q) == (uint32_t)(11520ULL >> 32));
}

static void test_seeding(void **state)
{
    (void)state;
    lte_rng a, b, c;
    assert_int_equal(lte_rng_seed(&a, 42), 0);
    assert_int_equal(lte_rng_seed(&b, 42), 0);
    assert_int_equal(lte_rng_seed(&c, 43), 0);
    int same_ab = 1, same_ac = 1;
    for (int i = 0; i < 16; i++) {
        uint64_t x = lte_rng_u64(&a), y = lte_rng_u64(&b), z = lte_rng_u64(&c);
        same_ab &= x == y;
        same_ac &= x == z;
    }
    assert_true(same_ab);
    assert_false(same_ac);
    /* seed 0 is fine (splitmix64 expands it to a nonzero state) */
    assert_int_equal(lte_rng_seed(&a, 0), 0);
    assert_true(a.s[0] | a.s[1] | a.s[2] | a.s[3]);
    /* streams: reproducible, and different from each other and the seed */
    uint64_t first[8];
    for (int s = 0; s < 8; s++) {
        assert_int_equal(lte_rng_seed_stream(&a, 7, (uint64_t)s), 0);
        first[s] = lte_rng_u64(&a);
        assert_int_equal(lte_rng_seed_stream(&b, 7, (uint64_t)s), 0);
        assert_true(lte_rng_u64(&b) == first[s]);
        for (int t = 0; t < s; t++)
            assert_true(first[t] != first[s]);
    }
    assert_int_equal(lte_rng_seed(NULL, 1), LTE_EINVAL);
    assert_int_equal(lte_rng_seed_stream(NULL, 1, 2), LTE_EINVAL);
}

static void test_gauss_statistics(void **state)
{
    (void)state;
    const int n = 1000000;
    lte_rng r;
    lte_rng_seed(&r, 2026);
    double sum = 0, sum2 = 0, sum4 = 0;
    long inside = 0;
    for (int i = 0; i < n; i++) {
        double g = lte_rng_gauss(&r);
        sum += g;
        sum2 += g * g;
        sum4 += g * g * g * g;
        inside += fabs(g) < 1.0;
    }
    double mean = sum / n, var = sum2 / n - mean * mean, kurt = sum4 / n;
    /* standard errors: mean 1/sqrt(n), variance sqrt(2/n), P(|g|<1) = 0.6827 */
    assert_true(fabs(mean) < 5.0 / sqrt(n));
    assert_true(fabs(var - 1.0) < 5.0 * sqrt(2.0 / n));
    assert_true(fabs(kurt - 3.0) < 5.0 * sqrt(96.0 / n)); /* E g^4 = 3, var 96 */
    double p = 0.682689492137;
    assert_true(fabs((double)inside / n - p) < 5.0 * sqrt(p * (1 - p) / n));

    /* lte_rng_add_gauss: both Box-Muller outputs, sigma scaling, odd n */
    float x[101];
    for (int i = 0; i < 101; i++)
        x[i] = 3.0f;
    assert_int_equal(lte_rng_add_gauss(&r, x, 101, 0.0f), 0);
    for (int i = 0; i < 101; i++)
        assert_true(x[i] == 3.0f);
    float *y = malloc(sizeof(float) * (size_t)n);
    memset(y, 0, sizeof(float) * (size_t)n);
    assert_int_equal(lte_rng_add_gauss(&r, y, n - 1, 2.0f), 0);
    assert_true(y[n - 1] == 0.0f);
    sum = sum2 = 0;
    for (int i = 0; i < n - 1; i++) {
        sum += y[i];
        sum2 += (double)y[i] * y[i];
    }
    mean = sum / (n - 1);
    var = sum2 / (n - 1) - mean * mean;
    assert_true(fabs(mean) < 5.0 * 2.0 / sqrt(n));
    assert_true(fabs(var - 4.0) < 5.0 * 4.0 * sqrt(2.0 / n));
    free(y);
    assert_int_equal(lte_rng_add_gauss(NULL, x, 4, 1.0f), LTE_EINVAL);
    assert_int_equal(lte_rng_add_gauss(&r, x, -1, 1.0f), LTE_EINVAL);
    assert_int_equal(lte_rng_add_gauss(&r, x, 4, -1.0f), LTE_EINVAL);
    assert_int_equal(lte_rng_add_gauss(&r, x, 4, NAN), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "sigma"));
}

static void test_uniform_and_bits(void **state)
{
    (void)state;
    const int n = 1 << 20;
    lte_rng r;
    lte_rng_seed(&r, 5);
    double sum = 0, lo = 1, hi = 0;
    for (int i = 0; i < n; i++) {
        double u = lte_rng_uniform(&r);
        assert_true(u >= 0.0 && u < 1.0);
        sum += u;
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
    }
    assert_true(fabs(sum / n - 0.5) < 5.0 * sqrt(1.0 / 12.0 / n));
    assert_true(lo < 1e-4 && hi > 1 - 1e-4);
    uint8_t *b = malloc((size_t)n + 1);
    b[n] = 0xaa;
    assert_int_equal(lte_rng_bits(&r, b, n), 0);
    long ones = 0;
    for (int i = 0; i < n; i++) {
        assert_true(b[i] <= 1);
        ones += b[i];
    }
    assert_true(b[n] == 0xaa); /* nothing written past n */
    assert_true(fabs((double)ones / n - 0.5) < 5.0 * 0.5 / sqrt(n));
    /* a length that is not a multiple of 64 */
    assert_int_equal(lte_rng_bits(&r, b, 77), 0);
    assert_int_equal(lte_rng_bits(&r, NULL, 0), 0);
    assert_int_equal(lte_rng_bits(&r, NULL, 5), LTE_EINVAL);
    assert_int_equal(lte_rng_bits(&r, b, -2), LTE_EINVAL);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xoshiro_reference),
        cmocka_unit_test(test_seeding),
        cmocka_unit_test(test_gauss_statistics),
        cmocka_unit_test(test_uniform_and_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
