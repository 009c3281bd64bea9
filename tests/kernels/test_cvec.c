/* Tests of the complex-vector product kernels (kernels/cvec.h).
 *
 * Expected values come from the formulas of the header written out here in
 * plain float arithmetic, one rounding per operation (this file is built
 * without FMA, so nothing is contracted): every SIMD path must equal them
 * bit for bit, for lengths that leave every vector tail, in place and out of
 * place, and must not write past n.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <complex.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/cvec.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

#define NMAX 2208 /* a 2048-point SC-FDMA symbol with its 160-sample CP */
#define GUARD 8

static const int lens[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23, 31, 32, 33, 600, 1199, NMAX};

/* Gaussian values, with every 7th a large, tiny or signed-zero one. */
static void fill(tu_rng *r, float *v, int nf)
{
    static const float odd[] = {1e30f, -3e-30f, -0.0f, 0.0f, FLT_MAX / 4, 1.5f};
    for (int i = 0; i < nf; i++)
        v[i] = i % 7 == 3 ? odd[(i / 7) % 6] : (float)tu_gauss(r);
}

static void model(int op, float *d, const float *x, const float *y, int n, float s)
{
    for (int k = 0; k < n; k++) {
        float ar = x[2 * k], ai = x[2 * k + 1];
        if (op == 0) {
            d[2 * k] = s * ar;
            d[2 * k + 1] = s * ai;
            continue;
        }
        float br = y[2 * k], bi = y[2 * k + 1];
        float p0 = ar * br, p1 = ai * br, q0 = ai * bi, q1 = ar * bi;
        d[2 * k] = op == 1 ? p0 - q0 : p0 + q0;
        d[2 * k + 1] = op == 1 ? p1 + q1 : p1 - q1;
    }
}

static void run(const lte_cvec_ops *ops, int op, float complex *d, const float complex *a,
                const float complex *b, int n, float s)
{
    if (op == 0)
        ops->scale(d, a, n, s);
    else if (op == 1)
        ops->mul(d, a, b, n);
    else
        ops->mulconj(d, a, b, n);
}

static void test_paths_equal_model(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 4242);
    float *x = malloc(sizeof(float) * 2 * (NMAX + GUARD));
    float *y = malloc(sizeof(float) * 2 * (NMAX + GUARD));
    float *want = malloc(sizeof(float) * 2 * NMAX);
    float *got = malloc(sizeof(float) * 2 * (NMAX + GUARD));
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int p = 0; p < np; p++) {
        const lte_cvec_ops *ops;
        assert_int_equal(lte_cvec_ops_get(paths[p], &ops), 0);
        for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
            int n = lens[li];
            for (int op = 0; op < 3; op++) {
                fill(&r, x, 2 * n);
                fill(&r, y, 2 * n);
                float s = (float)tu_gauss(&r);
                model(op, want, x, y, n, s);
                /* out of place, with a guard after the end */
                for (int i = 0; i < 2 * (n + GUARD); i++)
                    got[i] = 12345.0f;
                run(ops, op, (float complex *)got, (float complex *)x, (float complex *)y, n, s);
                if (memcmp(got, want, sizeof(float) * 2 * (size_t)n) != 0)
                    fail_msg("path %s op %d n %d differs from the model",
                             lte_simd_name(paths[p]), op, n);
                for (int i = 2 * n; i < 2 * (n + GUARD); i++)
                    assert_true(got[i] == 12345.0f);
                /* in place: dst == a */
                memcpy(got, x, sizeof(float) * 2 * (size_t)n);
                run(ops, op, (float complex *)got, (float complex *)got, (float complex *)y, n,
                    s);
                if (memcmp(got, want, sizeof(float) * 2 * (size_t)n) != 0)
                    fail_msg("path %s op %d n %d in place differs", lte_simd_name(paths[p]), op,
                             n);
            }
        }
    }
    free(x);
    free(y);
    free(want);
    free(got);
}

/* Hand-worked values: (1 + 2j)(3 - 1j) = 5 + 5j, (1 + 2j) conj(3 - 1j) = 1 + 7j. */
static void test_hand_values(void **state)
{
    (void)state;
    const float complex a[1] = {CMPLXF(1, 2)}, b[1] = {CMPLXF(3, -1)};
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int p = 0; p < np; p++) {
        const lte_cvec_ops *ops;
        float complex d[1];
        assert_int_equal(lte_cvec_ops_get(paths[p], &ops), 0);
        ops->mul(d, a, b, 1);
        assert_true(d[0] == CMPLXF(5, 5));
        ops->mulconj(d, a, b, 1);
        assert_true(d[0] == CMPLXF(1, 7));
        ops->scale(d, a, 1, -0.5f);
        assert_true(d[0] == CMPLXF(-0.5f, -1));
    }
}

static void test_bad_args(void **state)
{
    (void)state;
    const lte_cvec_ops *ops = (const lte_cvec_ops *)&ops;
    assert_int_equal(lte_cvec_ops_get(LTE_SIMD_AUTO, NULL), LTE_EINVAL);
    assert_int_equal(lte_cvec_ops_get((lte_simd_path)9, &ops), LTE_EINVAL);
    assert_null(ops);
    assert_int_equal(lte_cvec_ops_get(LTE_SIMD_AUTO, &ops), 0);
    assert_non_null(ops);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths_equal_model),
        cmocka_unit_test(test_hand_values),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
