/* Tests of the first-non-finite search (kernels/finite.h).
 *
 * The expected index comes from a plain loop over C99 isfinite(), not from
 * the exponent-bit test the kernels use: every path must agree with it for
 * +-inf and NaNs (quiet, signalling, negative, odd payloads) placed at every
 * position of vectors whose lengths cover every tail of the 16/32/64-value
 * steps, for one and for several non-finite values, next to the largest
 * finite values and subnormals (which must not count).
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/finite.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

#define N 300

static int ref_first(const float *x, int n)
{
    for (int i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return i;
    return n;
}

static float from_bits(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

static void fill_finite(float *x, int n, tu_rng *rng)
{
    /* ordinary values, the extremes of the finite range, zeros, subnormals */
    const float edge[6] = {FLT_MAX, -FLT_MAX, 0.0f, -0.0f, 1e-45f, -1e-40f};
    for (int i = 0; i < n; i++) {
        uint32_t u = tu_rand(rng);
        x[i] = (u % 5 == 0) ? edge[(u >> 8) % 6] : (float)((int)(u % 20001) - 10000) * 0.37f;
    }
}

static void test_every_position(void **state)
{
    (void)state;
    const uint32_t bad[6] = {0x7f800000u, 0xff800000u, 0x7fc00000u,
                             0xffc00001u, 0x7f800001u, 0x7fbfffffu};
    float x[N];
    tu_rng rng;
    tu_rng_seed(&rng, 11);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int n = 0; n <= 200; n += (n < 140 ? 1 : 7)) {
        fill_finite(x, N, &rng);
        for (int p = 0; p < np; p++)
            assert_int_equal(lte_f32_first_nonfinite(x, n, paths[p]), n);
        for (int at = 0; at < n; at++) {
            float keep = x[at];
            x[at] = from_bits(bad[(at + n) % 6]);
            int want = ref_first(x, n);
            assert_int_equal(want, at);
            for (int p = 0; p < np; p++)
                assert_int_equal(lte_f32_first_nonfinite(x, n, paths[p]), want);
            x[at] = keep;
        }
    }
}

static void test_several(void **state)
{
    (void)state;
    float *x = malloc(5000 * sizeof *x);
    assert_non_null(x);
    tu_rng rng;
    tu_rng_seed(&rng, 12);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int trial = 0; trial < 400; trial++) {
        int n = (int)(tu_rand(&rng) % 5000);
        fill_finite(x, n, &rng);
        int nb = (int)(tu_rand(&rng) % 4); /* 0..3 non-finite values, anywhere */
        for (int k = 0; k < nb && n > 0; k++)
            x[tu_rand(&rng) % (uint32_t)n] = (k & 1) ? INFINITY : -NAN;
        int want = ref_first(x, n);
        for (int p = 0; p < np; p++)
            assert_int_equal(lte_f32_first_nonfinite(x, n, paths[p]), want);
    }
    free(x);
}

static void test_bad_args(void **state)
{
    (void)state;
    float x[2] = {1, 2};
    assert_int_equal(lte_f32_first_nonfinite(x, -1, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_f32_first_nonfinite(NULL, 2, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_f32_first_nonfinite(NULL, 0, LTE_SIMD_AUTO), 0);
    assert_int_equal(lte_f32_first_nonfinite(x, 2, (lte_simd_path)99), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_position),
        cmocka_unit_test(test_several),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
