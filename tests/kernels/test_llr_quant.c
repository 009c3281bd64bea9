/* Tests of the soft-value quantiser kernel (kernels/llr_quant.h).
 *
 * Expected values come from lte_turbo_fx_quantize(), the decoder model's own
 * quantiser (turbo_fx.h), and from hand-computed cases of its stated rule
 * (scale, clip to +-(2^(w-3) - 1), round half away from zero): every SIMD
 * path must equal both, for widths 8 and 16, lengths that exercise every
 * vector tail, values around the rounding ties and beyond the clip limits.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/llr_quant.h"
#include "ltephy/error.h"
#include "ltephy/turbo_fx.h"
#include "tests/common/testutil.h"

#define N 1037 /* not a multiple of 8, 16 or 32: tails on every path */

static void test_hand_cases(void **state)
{
    (void)state;
    /* scale 4: 0.125 -> 0.5 -> 1 (half away), -0.125 -> -1, 0.12 -> 0.48 -> 0,
     * 7.7 -> 30.8 -> 31, 100 -> clip 31, -100 -> -31, 1.875 -> 7.5 -> 8 */
    const float in[8] = {0.125f, -0.125f, 0.12f, 7.7f, 100.0f, -100.0f, 1.875f, -0.0f};
    const int8_t want8[8] = {1, -1, 0, 31, 31, -31, 8, 0};
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int p = 0; p < np; p++) {
        int8_t q[8];
        assert_int_equal(lte_llr_quant(in, 8, 4.0f, 8, q, paths[p]), 0);
        assert_memory_equal(q, want8, sizeof want8);
        int16_t q16[8];
        /* scale 256, clip 8191: 100 * 256 -> 8191 */
        assert_int_equal(lte_llr_quant(in, 8, 256.0f, 16, q16, paths[p]), 0);
        const int16_t want16[8] = {32, -32, 31, 1971, 8191, -8191, 480, 0};
        assert_memory_equal(q16, want16, sizeof want16);
    }
}

static void test_paths_equal_model(void **state)
{
    (void)state;
    float *in = malloc(N * sizeof *in);
    int8_t *r8 = malloc(N), *q8 = malloc(N);
    int16_t *r16 = malloc(N * 2), *q16 = malloc(N * 2);
    tu_rng rng;
    tu_rng_seed(&rng, 77);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const float scales[3] = {4.0f, 0.37f, 256.0f};
    for (int trial = 0; trial < 6; trial++) {
        for (int i = 0; i < N; i++) {
            double g = tu_gauss(&rng) * (trial < 3 ? 5.0 : 40.0);
            /* every fourth value sits on a rounding tie of scale 4 */
            in[i] = (i % 4 == 0) ? (float)(floor(g * 2) / 2 + 0.5) / 4.0f : (float)g;
        }
        float sc = scales[trial % 3];
        for (int w = 8; w <= 16; w += 8) {
            void *ref = w == 8 ? (void *)r8 : (void *)r16, *got = w == 8 ? (void *)q8 : (void *)q16;
            size_t bytes = (size_t)N * (size_t)(w / 8);
            assert_int_equal(lte_turbo_fx_quantize(in, N, sc, w, ref), 0);
            for (int p = 0; p < np; p++)
                for (int n = N - 40; n <= N; n += 13) { /* tails of every length class */
                    memset(got, 0x55, bytes);
                    assert_int_equal(lte_llr_quant(in, n, sc, w, got, paths[p]), 0);
                    assert_memory_equal(got, ref, (size_t)n * (size_t)(w / 8));
                }
        }
    }
    free(in);
    free(r8);
    free(q8);
    free(r16);
    free(q16);
}

static void test_bad_args(void **state)
{
    (void)state;
    float x[2] = {1, 2};
    int8_t q[2];
    assert_int_equal(lte_llr_quant(x, 2, 4.0f, 12, q, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_llr_quant(x, 2, 0.0f, 8, q, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_llr_quant(x, 2, NAN, 8, q, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_llr_quant(NULL, 2, 4.0f, 8, q, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_llr_quant(x, -1, 4.0f, 8, q, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_llr_quant(x, 0, 4.0f, 8, NULL, LTE_SIMD_AUTO), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_cases),
        cmocka_unit_test(test_paths_equal_model),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
