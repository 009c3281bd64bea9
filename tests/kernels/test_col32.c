/* Tests of the column-stored matrix reader (kernels/col32.h).
 *
 * Expected values come from a plain model written here from the header's
 * rule (set: dst[32 i + k] = +0 + (window ? src[base + stride i] : +0);
 * add: dst += src[...] inside the window, untouched outside; nothing
 * written at or beyond n_dst); every SIMD path must give the same bytes,
 * for strides 1 and 2, random windows (empty, partial, full, starting and
 * ending inside a tile, few non-empty columns), row counts that leave tails
 * on every path, n_dst cutting the last row, and -0.0 in the source (set
 * turns it into +0.0) and in the destination (add leaves it outside the
 * windows). The 8-bit copy of lte_col32_gather_q8 must equal the
 * quantiser's scalar model (kernels/llr_quant.h) of the expected result and
 * stop at n_dst. Source reads outside the windows are caught by placing
 * the source at the end of a buffer whose outside holds NaNs.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/col32.h"
#include "kernels/llr_quant.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"
#include "tests/common/tu_colwin.h"

#define ROWS_MAX 70
#define SRC_N (2 * 32 * ROWS_MAX + 64)
#define DST_N (32 * ROWS_MAX)

static void model(const lte_col32_src *s, int n_rows, int add, float *dst, int n_dst)
{
    for (int t = 0; t < 32 * n_rows && t < n_dst; t++) {
        int i = t / 32, k = t % 32, w = i >= s->lo[k] && i < s->hi[k];
        float v = w ? s->src[s->base[k] + s->stride * i] : 0.0f;
        if (!add)
            dst[t] = 0.0f + v;
        else if (w)
            dst[t] = dst[t] + v;
    }
}

static void test_paths_equal_model(void **state)
{
    (void)state;
    float *buf = malloc(sizeof(float) * (SRC_N + 64));
    float *want = malloc(sizeof(float) * DST_N), *got = malloc(sizeof(float) * DST_N);
    float *init = malloc(sizeof(float) * DST_N);
    int8_t *qwant = malloc(DST_N), *qgot = malloc(DST_N);
    assert_non_null(buf && want && got && init && qwant && qgot);
    tu_rng rng;
    tu_rng_seed(&rng, 32);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    int rows_list[] = {0, 1, 7, 8, 9, 15, 16, 17, 33, ROWS_MAX};
    for (int trial = 0; trial < 400; trial++) {
        int stride = 1 + trial % 2, add = (trial / 2) % 2;
        int n_rows = rows_list[trial % 10];
        int n_dst = 32 * n_rows - (trial % 3 == 0 ? (int)(tu_rand(&rng) % 40) : 0);
        if (n_dst < 0)
            n_dst = 0;
        /* source: the columns packed one after another, like a column-wise
         * matrix with a few entries skipped; NaN everywhere no window reads */
        for (int i = 0; i < SRC_N + 64; i++)
            buf[i] = NAN;
        lte_col32_src s;
        s.stride = stride;
        float *src = buf + 32; /* base may reach 32 before */
        s.src = src;
        int pos = 0;
        for (int k = 0; k < 32; k++) {
            int lo, hi;
            tu_col_window(&rng, trial, k, n_rows, 0, &lo, &hi);
            s.lo[k] = lo;
            s.hi[k] = hi;
            s.base[k] = pos - stride * lo; /* row lo is the next entry */
            for (int i = lo; i < hi; i++) {
                float v = (float)tu_gauss(&rng);
                if (tu_rand(&rng) % 11 == 0)
                    v = -0.0f;
                src[s.base[k] + stride * i] = v;
            }
            pos += hi > lo ? stride * (hi - lo) : 0;
            pos += (int)(tu_rand(&rng) % 3);
        }
        for (int t = 0; t < DST_N; t++)
            init[t] = tu_rand(&rng) % 7 == 0 ? -0.0f : (float)tu_gauss(&rng);
        memcpy(want, init, sizeof(float) * DST_N);
        model(&s, n_rows, add, want, n_dst);
        for (int p = 0; p < np; p++) {
            memcpy(got, init, sizeof(float) * DST_N);
            assert_int_equal(lte_col32_gather(&s, n_rows, add, got, n_dst, paths[p]), 0);
            /* bytes, so that -0.0 against +0.0 fails */
            assert_memory_equal(got, want, sizeof(float) * DST_N);
            /* with the 8-bit copy: the quantiser's scalar model of the result */
            int nq = n_dst < 32 * n_rows ? n_dst : 32 * n_rows;
            float sc = trial % 3 == 1 ? 0.37f : 4.0f;
            assert_int_equal(lte_llr_quant(want, nq, sc, 8, qwant, LTE_SIMD_SCALAR), 0);
            memcpy(got, init, sizeof(float) * DST_N);
            memset(qgot, 0x55, DST_N);
            assert_int_equal(lte_col32_gather_q8(&s, n_rows, add, got, n_dst, qgot, sc, paths[p]),
                             0);
            assert_memory_equal(got, want, sizeof(float) * DST_N);
            assert_memory_equal(qgot, qwant, (size_t)nq);
            assert_true(nq == DST_N || qgot[nq] == 0x55);
        }
    }
    free(buf);
    free(want);
    free(got);
    free(init);
    free(qwant);
    free(qgot);
}

static void test_hand_case(void **state)
{
    (void)state;
    /* 2 rows, stride 1: column k holds src[2k], src[2k+1]; only column 3's
     * second row and the first row of column 31 are read */
    float src[64];
    for (int i = 0; i < 64; i++)
        src[i] = (float)i;
    src[62] = -0.0f;
    lte_col32_src s;
    s.src = src;
    s.stride = 1;
    for (int k = 0; k < 32; k++)
        s.base[k] = 2 * k, s.lo[k] = 0, s.hi[k] = 0;
    s.lo[3] = 1, s.hi[3] = 2;
    s.lo[31] = 0, s.hi[31] = 1;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int p = 0; p < np; p++) {
        float d[64];
        for (int t = 0; t < 64; t++)
            d[t] = 5.0f;
        assert_int_equal(lte_col32_gather(&s, 2, 0, d, 63, paths[p]), 0);
        for (int t = 0; t < 63; t++) {
            float w = t == 32 + 3 ? 7.0f : 0.0f;
            assert_true(d[t] == w && !signbit(d[t]));
        }
        assert_true(d[63] == 5.0f); /* beyond n_dst */
        for (int t = 0; t < 64; t++)
            d[t] = 1.0f;
        assert_int_equal(lte_col32_gather(&s, 2, 1, d, 64, paths[p]), 0);
        assert_true(d[35] == 8.0f && d[31] == 1.0f && d[0] == 1.0f);
    }
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_col32_src s = {0};
    float d[32];
    s.stride = 3;
    assert_int_equal(lte_col32_gather(&s, 1, 0, d, 32, LTE_SIMD_AUTO), LTE_EINVAL);
    s.stride = 1;
    assert_int_equal(lte_col32_gather(NULL, 1, 0, d, 32, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_col32_gather(&s, -1, 0, d, 32, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_col32_gather(&s, 0, 0, d, 0, LTE_SIMD_AUTO), 0);
    int8_t q[32];
    assert_int_equal(lte_col32_gather_q8(&s, 1, 0, d, 32, NULL, 4.0f, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_col32_gather_q8(&s, 0, 0, d, 0, q, 4.0f, LTE_SIMD_AUTO), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_case),
        cmocka_unit_test(test_paths_equal_model),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
