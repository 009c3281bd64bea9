/* Tests of the interpolation kernels (kernels/interp.h).
 *
 * Expected values come from plain scalar models written here from the
 * header's formulas (lte_lerp: a + t (b - a); lte_pfilt: per output, acc = 0
 * then acc += w p tap by tap, each product rounded), so every SIMD path must
 * equal them bit for bit: an interpolator-like plan (starts advancing every
 * few outputs, clamped at both ends, weights repeating in the interior: the
 * SIMD block layout with shared weight sets), random starts (blocks the
 * SIMD paths hand to the scalar form), filter lengths 1..16, output counts
 * with tails; bad plans are refused.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <complex.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/interp.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

#define NIN 200
#define NOUT 1203

static void test_lerp_paths_equal_model(void **state)
{
    (void)state;
    enum { n = 2 * 601 + 1 };
    static float a[n], b[n], want[n], out[n];
    tu_rng rng;
    tu_rng_seed(&rng, 21);
    for (int i = 0; i < n; i++)
        a[i] = (float)tu_gauss(&rng), b[i] = (float)tu_gauss(&rng);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const float ts[3] = {0.0f, 1.0f / 3.0f, 0.75f};
    for (int j = 0; j < 3; j++) {
        for (int i = 0; i < n; i++)
            want[i] = a[i] + ts[j] * (b[i] - a[i]);
        for (int p = 0; p < np; p++) {
            assert_int_equal(lte_lerp(a, b, ts[j], n, out, paths[p]), 0);
            assert_memory_equal(out, want, sizeof out);
        }
    }
}

static void model_pfilt(const float complex *w, const int *s, int L, const float complex *pil,
                        float *out)
{
    for (int k = 0; k < NOUT; k++) {
        float sr = 0, si = 0;
        for (int i = 0; i < L; i++) {
            float wr = crealf(w[k * L + i]), wi = cimagf(w[k * L + i]);
            float pr = crealf(pil[s[k] + i]), pi = cimagf(pil[s[k] + i]);
            float re = wr * pr - wi * pi, im = wr * pi + wi * pr;
            sr = sr + re;
            si = si + im;
        }
        out[2 * k] = sr;
        out[2 * k + 1] = si;
    }
}

static void check_plan(const float complex *w, const int *s, int L, const float complex *pil)
{
    static float want[2 * NOUT];
    static float complex out[NOUT];
    model_pfilt(w, s, L, pil, want);
    lte_pfilt *f;
    assert_int_equal(lte_pfilt_create(w, s, NOUT, L, NIN, &f), 0);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int p = 0; p < np; p++) {
        memset(out, 0x55, sizeof out);
        assert_int_equal(lte_pfilt_run(f, pil, out, paths[p]), 0);
        assert_memory_equal(out, want, sizeof want);
    }
    lte_pfilt_destroy(f);
}

static void test_pfilt_paths_equal_model(void **state)
{
    (void)state;
    static float complex w[NOUT * 16], pil[NIN + LTE_PFILT_PAD];
    static int s[NOUT];
    tu_rng rng;
    tu_rng_seed(&rng, 22);
    for (int i = 0; i < NIN + LTE_PFILT_PAD; i++)
        pil[i] = CMPLXF((float)tu_gauss(&rng), (float)tu_gauss(&rng));
    for (int L = 1; L <= 16; L++) {
        /* pilot every 6 outputs, window centred and clamped; the weights
         * depend on the output's phase only (so they repeat), plus
         * distinct ones near the ends */
        float complex ph[6 * 16];
        for (int i = 0; i < 6 * L; i++)
            ph[i] = CMPLXF((float)tu_gauss(&rng), (float)tu_gauss(&rng));
        for (int k = 0; k < NOUT; k++) {
            int m0 = k / 6 - (L - 1) / 2;
            s[k] = m0 < 0 ? 0 : m0 > NIN - L ? NIN - L : m0;
            for (int i = 0; i < L; i++)
                w[k * L + i] = s[k] == m0 ? ph[(k % 6) * L + i]
                                          : CMPLXF((float)tu_gauss(&rng), (float)tu_gauss(&rng));
        }
        check_plan(w, s, L, pil);
        /* random starts and weights */
        for (int k = 0; k < NOUT; k++) {
            s[k] = (int)(tu_rand(&rng) % (uint32_t)(NIN - L + 1));
            for (int i = 0; i < L; i++)
                w[k * L + i] = CMPLXF((float)tu_gauss(&rng), (float)tu_gauss(&rng));
        }
        check_plan(w, s, L, pil);
    }
}

/* lte_pfilt_set_weights: an object made with repeating weights (few sets
 * in its plan) given random ones (a set per block, the most its storage
 * holds), then the first ones again, filters as the model does with the
 * weights it was last given, on every path; set_weights refuses NULL. */
static void test_pfilt_set_weights(void **state)
{
    (void)state;
    static float complex w1[NOUT * 16], w2[NOUT * 16], pil[NIN + LTE_PFILT_PAD];
    static int s[NOUT];
    static float want[2 * NOUT];
    static float complex out[NOUT];
    tu_rng rng;
    tu_rng_seed(&rng, 23);
    for (int i = 0; i < NIN + LTE_PFILT_PAD; i++)
        pil[i] = CMPLXF((float)tu_gauss(&rng), (float)tu_gauss(&rng));
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    static const int Ls[] = {1, 4, 8, 16};
    for (int li = 0; li < 4; li++) {
        int L = Ls[li];
        for (int k = 0; k < NOUT; k++) {
            int m0 = k / 6 - (L - 1) / 2;
            s[k] = m0 < 0 ? 0 : m0 > NIN - L ? NIN - L : m0;
            for (int i = 0; i < L; i++) {
                w1[k * L + i] = CMPLXF((float)(k % 6 + i), (float)(i - k % 6)) / 8.0f;
                w2[k * L + i] = CMPLXF((float)tu_gauss(&rng), (float)tu_gauss(&rng));
            }
        }
        lte_pfilt *f;
        assert_int_equal(lte_pfilt_create(w1, s, NOUT, L, NIN, &f), 0);
        for (int round = 0; round < 3; round++) {
            const float complex *w = round == 1 ? w2 : w1;
            if (round > 0)
                assert_int_equal(lte_pfilt_set_weights(f, w), 0);
            model_pfilt(w, s, L, pil, want);
            for (int p = 0; p < np; p++) {
                memset(out, 0x55, sizeof out);
                assert_int_equal(lte_pfilt_run(f, pil, out, paths[p]), 0);
                assert_memory_equal(out, want, sizeof want);
            }
        }
        assert_int_equal(lte_pfilt_set_weights(f, NULL), LTE_EINVAL);
        assert_int_equal(lte_pfilt_set_weights(NULL, w1), LTE_EINVAL);
        lte_pfilt_destroy(f);
    }
}

static void test_pfilt_bad_plans(void **state)
{
    (void)state;
    float complex w[4] = {1, 1, 1, 1};
    int s[2] = {0, 3};
    lte_pfilt *f = NULL;
    assert_int_equal(lte_pfilt_create(w, s, 2, 2, 4, &f), LTE_EINVAL); /* 3 > n_in - L */
    assert_null(f);
    s[1] = 2;
    assert_int_equal(lte_pfilt_create(w, s, 2, 2, 1, &f), LTE_EINVAL); /* n_in < L */
    assert_int_equal(lte_pfilt_create(NULL, s, 2, 2, 4, &f), LTE_EINVAL);
    assert_int_equal(lte_pfilt_create(w, s, 2, 2, 4, &f), 0);
    lte_pfilt_destroy(f);
    lte_pfilt_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lerp_paths_equal_model),
        cmocka_unit_test(test_pfilt_paths_equal_model),
        cmocka_unit_test(test_pfilt_set_weights),
        cmocka_unit_test(test_pfilt_bad_plans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
