/* Tests of the column-stored byte matrix reader (kernels/col8.h).
 *
 * Expected values come from a plain model written here from the header's
 * rule (dst[32 i + k] = window ? src[base + stride i] : 0, nothing written
 * at or beyond min(n_dst, 32 n_rows)); every path the CPU has (scalar,
 * AVX2, AVX-512, and the AVX-512 kernel with and without VBMI called
 * directly) must give the same bytes, for strides 1 and 2, random windows
 * (empty, partial, full, starting and ending inside a 64-row tile; whole
 * quads of columns empty, which the AVX-512 kernel skips), row
 * counts that leave tails (0, 1, 63, 64, 65, 127, 128, 191, 200), and n_dst
 * cutting the last row. Every source byte outside the windows holds a
 * sentinel (0x7f) that no window value takes, so a read outside a window
 * that reached the output would show. lte_col8_quant (quantise and copy in
 * one pass) against the quantiser's rule written here (llr_quant.h: v = x
 * scale clipped to [-31, 31] as min then max, NaN giving 31, rounded half
 * away from zero) and a bitwise copy, lengths around its 16- and 64-value
 * steps, input and copy pointers of every alignment, copy NULL.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/col8.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"
#include "tests/common/tu_colwin.h"

#define ROWS_MAX 200
#define SRC_N (2 * 32 * ROWS_MAX + 256)
#define DST_N (32 * ROWS_MAX + 64)
#define SENTINEL 0x7f

static void model(const lte_col8_src *s, int n_rows, int8_t *dst, int n_dst)
{
    for (int t = 0; t < 32 * n_rows && t < n_dst; t++) {
        int i = t / 32, k = t % 32, w = i >= s->lo[k] && i < s->hi[k];
        dst[t] = w ? s->src[s->base[k] + s->stride * i] : 0;
    }
}

typedef void (*kernel_fn)(const lte_col8_src *s, int n_rows, int8_t *dst, int n_dst);

static void test_paths_equal_model(void **state)
{
    (void)state;
    int8_t *buf = malloc(SRC_N), *want = malloc(DST_N), *got = malloc(DST_N);
    assert_true(buf && want && got);
    tu_rng rng;
    tu_rng_seed(&rng, 8);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    int has512 = 0;
    for (int p = 0; p < np; p++)
        has512 |= paths[p] == LTE_SIMD_AVX512;
    kernel_fn direct[2] = {lte_col8_gather_avx512, NULL};
    if (has512 && __builtin_cpu_supports("avx512vbmi"))
        direct[1] = lte_col8_gather_avx512_vbmi;
    const int rows_list[] = {0, 1, 63, 64, 65, 127, 128, 191, ROWS_MAX, 9};
    for (int trial = 0; trial < 600; trial++) {
        int stride = 1 + trial % 2;
        int n_rows = rows_list[(trial / 2) % 10];
        int n_dst = 32 * n_rows - (trial % 3 == 0 ? (int)(tu_rand(&rng) % 40) : 0);
        if (trial % 13 == 5)
            n_dst = 32 * n_rows + 64; /* beyond the rows: only 32 n_rows written */
        if (n_dst < 0)
            n_dst = 0;
        memset(buf, SENTINEL, SRC_N);
        lte_col8_src s;
        s.stride = stride;
        const int8_t *src = buf + 64; /* base may reach before src where excluded */
        s.src = src;
        int pos = 0;
        for (int k = 0; k < 32; k++) {
            int lo, hi;
            tu_col_window(&rng, trial, k, n_rows, 1, &lo, &hi);
            s.lo[k] = lo;
            s.hi[k] = hi;
            s.base[k] = pos - stride * lo; /* row lo is the next entry */
            for (int i = lo; i < hi; i++) {
                int8_t v = (int8_t)(tu_rand(&rng) % 63) - 31; /* never the sentinel */
                buf[64 + s.base[k] + stride * i] = v;
            }
            pos += hi > lo ? stride * (hi - lo) : 0;
            pos += (int)(tu_rand(&rng) % 3);
        }
        memset(want, 0x55, DST_N);
        model(&s, n_rows, want, n_dst);
        for (int p = 0; p < np + 2; p++) {
            memset(got, 0x55, DST_N);
            if (p < np) {
                assert_int_equal(lte_col8_gather(&s, n_rows, got, n_dst, paths[p]), 0);
            } else {
                if (!has512 || !direct[p - np])
                    continue;
                direct[p - np](&s, n_rows, got, n_dst);
            }
            assert_memory_equal(got, want, DST_N);
        }
    }
    free(buf);
    free(want);
    free(got);
}

static void test_hand_case(void **state)
{
    (void)state;
    /* 2 rows, stride 2: column k's rows at src[4k], src[4k + 2]; only column
     * 3's second row and the first row of column 31 are read */
    int8_t src[128], dst[64];
    for (int i = 0; i < 128; i++)
        src[i] = (int8_t)i;
    lte_col8_src s;
    s.src = src;
    s.stride = 2;
    for (int k = 0; k < 32; k++)
        s.base[k] = 4 * k, s.lo[k] = 0, s.hi[k] = 0;
    s.lo[3] = 1, s.hi[3] = 2;
    s.lo[31] = 0, s.hi[31] = 1;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int p = 0; p < np; p++) {
        memset(dst, 0x55, sizeof dst);
        assert_int_equal(lte_col8_gather(&s, 2, dst, 64, paths[p]), 0);
        for (int t = 0; t < 64; t++)
            assert_int_equal(dst[t], t == 31 ? 124 : t == 32 + 3 ? 14 : 0);
    }
}

static int8_t quant_model(float x, float scale)
{
    float v = x * scale;
    v = v < 31.0f ? v : 31.0f; /* NaN -> 31 */
    v = v > -31.0f ? v : -31.0f;
    return (int8_t)(int)(v < 0 ? v - 0.5f : v + 0.5f);
}

static void test_quant_copy(void **state)
{
    (void)state;
    enum { NMAX = 1100 };
    float *inbuf = malloc(sizeof(float) * (NMAX + 16)), *copy = malloc(sizeof(float) * (NMAX + 32));
    int8_t *want = malloc(NMAX + 64), *got = malloc(NMAX + 64);
    assert_true(inbuf && copy && want && got);
    tu_rng rng;
    tu_rng_seed(&rng, 81);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const int ns[] = {0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 200, NMAX};
    for (int trial = 0; trial < 72; trial++) {
        int n = ns[trial % 12], off = (trial / 12) % 6; /* copy + off: every alignment */
        float *x = inbuf + (trial * 7) % 16; /* the input too: the SIMD path's scalar head */
        float sc = trial % 2 ? 4.0f : 0.37f;
        for (int i = 0; i < n; i++) {
            uint32_t u = tu_rand(&rng) % 16;
            x[i] = u == 0 ? -0.0f : u == 1 ? NAN : u == 2 ? -INFINITY : u == 3 ? INFINITY
                  : u == 4 ? (float)((int)(tu_rand(&rng) % 61) - 30) * 0.125f
                           : (float)tu_gauss(&rng) * 5.0f;
            want[i] = quant_model(x[i], sc);
        }
        for (int p = 0; p < np; p++)
            for (int wc = 0; wc < 2; wc++) {
                memset(got, 0x55, NMAX + 64);
                memset(copy, 0x55, sizeof(float) * (NMAX + 32));
                float *cp = wc ? copy + off : NULL;
                assert_int_equal(lte_col8_quant(x, n, sc, got, cp, paths[p]), 0);
                assert_memory_equal(got, want, (size_t)n);
                assert_int_equal(got[n], 0x55);
                if (cp) {
                    assert_memory_equal(cp, x, sizeof(float) * (size_t)n);
                    assert_int_equal(((const uint8_t *)(cp + n))[0], 0x55);
                }
            }
    }
    assert_int_equal(lte_col8_quant(inbuf, 4, 0.0f, got, NULL, LTE_SIMD_SCALAR), LTE_EINVAL);
    assert_int_equal(lte_col8_quant(NULL, 4, 1.0f, got, NULL, LTE_SIMD_SCALAR), LTE_EINVAL);
    assert_int_equal(lte_col8_quant(inbuf, -1, 1.0f, got, NULL, LTE_SIMD_SCALAR), LTE_EINVAL);
    free(inbuf);
    free(copy);
    free(want);
    free(got);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_col8_src s = {0};
    int8_t d[32];
    s.stride = 3;
    assert_int_equal(lte_col8_gather(&s, 1, d, 32, LTE_SIMD_SCALAR), LTE_EINVAL);
    s.stride = 1;
    assert_int_equal(lte_col8_gather(NULL, 1, d, 32, LTE_SIMD_SCALAR), LTE_EINVAL);
    assert_int_equal(lte_col8_gather(&s, -1, d, 32, LTE_SIMD_SCALAR), LTE_EINVAL);
    assert_int_equal(lte_col8_gather(&s, 0, d, 0, LTE_SIMD_SCALAR), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths_equal_model),
        cmocka_unit_test(test_hand_case),
        cmocka_unit_test(test_quant_copy),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
