/* Tests of the maximum-ratio combining kernels (kernels/mrc.h).
 *
 * Expected values come from a plain scalar model written here from the
 * header's formulas (one RE at a time, in the stated operation order), so
 * every SIMD path must equal it bit for bit: lengths with vector tails,
 * index lists mixing consecutive runs (direct loads) and gaps (gathers),
 * REs the channel does not reach (h = 0, and |h|^2 below the MMSE limit),
 * 1 to 3 branches; an index out of range must stop every path at the same
 * element. A noiseless round trip (y = h x) checks the formula itself.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/mrc.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

#define NG 1500 /* grid elements */
#define N 1037  /* combined elements: not a multiple of 8 or 16 */

static float h[3][2 * NG], y[3][2 * NG];
static uint32_t idx[N];

static void model_mrc(int nr, int mmse, float n0, float fl, float *x, float *nv)
{
    for (int k = 0; k < N; k++) {
        size_t e = 2 * (size_t)idx[k];
        float a = 0, br = 0, bi = 0;
        for (int r = 0; r < nr; r++) {
            float p = h[r][e] * h[r][e], q = h[r][e + 1] * h[r][e + 1];
            a = a + (p + q);
            br = br + (h[r][e] * y[r][e] + h[r][e + 1] * y[r][e + 1]);
            bi = bi + (h[r][e] * y[r][e + 1] - h[r][e + 1] * y[r][e]);
        }
        int ok = a > 0 && (!mmse || a > 1e-12f * (a + n0));
        if (ok) {
            float inv = 1.0f / a, v = n0 * inv;
            x[2 * k] = br * inv;
            x[2 * k + 1] = bi * inv;
            nv[k] = v >= fl ? v : fl;
        } else {
            x[2 * k] = x[2 * k + 1] = 0;
            nv[k] = FLT_MAX;
        }
    }
}

static void fill(tu_rng *rng)
{
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < 2 * NG; i++) {
            h[r][i] = (float)tu_gauss(rng);
            y[r][i] = (float)tu_gauss(rng);
        }
    for (int e = 0; e < NG; e += 97) /* unreachable REs */
        for (int r = 0; r < 3; r++)
            h[r][2 * e] = h[r][2 * e + 1] = 0;
    for (int e = 50; e < NG; e += 101) /* |h|^2 ~ 1e-14: below the MMSE limit */
        for (int r = 0; r < 3; r++)
            h[r][2 * e] = 1e-7f, h[r][2 * e + 1] = 0;
    /* runs of 12 consecutive elements, every third run with gaps */
    int n = 0;
    uint32_t e = 0;
    while (n < N) {
        for (int j = 0; j < 12 && n < N; j++, e++)
            if ((n / 12) % 3 != 2 || j % 3 != 0)
                idx[n++] = e;
        e += tu_rand(rng) % 3;
    }
}

static void test_paths_equal_model(void **state)
{
    (void)state;
    static float want_x[2 * N], want_nv[N], x[2 * N], nv[N];
    tu_rng rng;
    tu_rng_seed(&rng, 11);
    fill(&rng);
    assert_true(idx[N - 1] < NG);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int nr = 1; nr <= 3; nr++)
        for (int mmse = 0; mmse <= 1; mmse++) {
            float n0 = mmse ? 0.03f : 0.5f;
            model_mrc(nr, mmse, n0, 1e-6f, want_x, want_nv);
            for (int p = 0; p < np; p++) {
                lte_mrc_io io = {.n_rx = nr, .idx = idx, .n = N, .bound = NG, .n0 = n0,
                                 .mmse = mmse, .nv_floor = 1e-6f, .x = x, .nv = nv};
                for (int r = 0; r < nr; r++)
                    io.h[r] = h[r], io.y[r] = y[r];
                memset(x, 0xAA, sizeof x);
                assert_int_equal(lte_mrc(&io, paths[p]), N);
                assert_memory_equal(x, want_x, sizeof x);
                assert_memory_equal(nv, want_nv, sizeof nv);
            }
        }
}

static void test_index_out_of_range(void **state)
{
    (void)state;
    static float x[2 * N], nv[N];
    tu_rng rng;
    tu_rng_seed(&rng, 12);
    fill(&rng);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const int bad[3] = {0, 517, N - 1};
    for (int b = 0; b < 3; b++) {
        uint32_t save = idx[bad[b]];
        idx[bad[b]] = NG; /* first element past the grid */
        for (int p = 0; p < np; p++) {
            lte_mrc_io io = {.n_rx = 1, .h = {h[0]}, .y = {y[0]}, .idx = idx, .n = N,
                             .bound = NG, .n0 = 0.1f, .nv_floor = 1e-6f, .x = x, .nv = nv};
            assert_int_equal(lte_mrc(&io, paths[p]), bad[b]);
        }
        idx[bad[b]] = save;
    }
}

/* y = h x without noise: x comes back to float rounding, nv = n0 / |h|^2. */
static void test_round_trip(void **state)
{
    (void)state;
    static float x[2 * N], nv[N], sent[2 * N];
    tu_rng rng;
    tu_rng_seed(&rng, 13);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int k = 0; k < N; k++) {
        idx[k] = (uint32_t)k;
        float hr = (float)tu_gauss(&rng) + 2.0f, hi = (float)tu_gauss(&rng);
        float xr = (float)tu_gauss(&rng), xi = (float)tu_gauss(&rng);
        h[0][2 * k] = hr, h[0][2 * k + 1] = hi;
        y[0][2 * k] = hr * xr - hi * xi, y[0][2 * k + 1] = hr * xi + hi * xr;
        sent[2 * k] = xr, sent[2 * k + 1] = xi;
    }
    for (int p = 0; p < np; p++) {
        lte_mrc_io io = {.n_rx = 1, .h = {h[0]}, .y = {y[0]}, .idx = idx, .n = N, .bound = NG,
                         .n0 = 0.25f, .mmse = 1, .nv_floor = 1e-6f, .x = x, .nv = nv};
        assert_int_equal(lte_mrc(&io, paths[p]), N);
        for (int k = 0; k < N; k++) {
            double hr = h[0][2 * k], hi = h[0][2 * k + 1], a = hr * hr + hi * hi;
            double mag = 1 + fabs(sent[2 * k]) + fabs(sent[2 * k + 1]);
            assert_true(fabs(x[2 * k] - sent[2 * k]) < 1e-5 * mag * (1 + 1 / a));
            assert_true(fabs(x[2 * k + 1] - sent[2 * k + 1]) < 1e-5 * mag * (1 + 1 / a));
            assert_true(fabs(nv[k] - fmax(0.25 / a, 1e-6)) < 1e-6 * nv[k]);
        }
    }
}

static void model_mmse(int nr, const float *w, float delta, float c2, float *z, float *m1,
                       float *m2)
{
    for (int k = 0; k < N; k++) {
        float zr = 0, zi = 0, g = 0;
        for (int r = 0; r < nr; r++) {
            const float *hh = h[r] + 2 * k, *yy = y[r] + 2 * k;
            float pr = (hh[0] * yy[0] + hh[1] * yy[1]) * w[r];
            float pi = (hh[0] * yy[1] - hh[1] * yy[0]) * w[r];
            float pg = (hh[0] * hh[0] + hh[1] * hh[1]) * w[r];
            if (r == 0)
                zr = pr, zi = pi, g = pg;
            else
                zr = zr + pr, zi = zi + pi, g = g + pg;
        }
        float t = 1.0f / (1.0f + g), d = g - delta;
        z[2 * k] = zr * t;
        z[2 * k + 1] = zi * t;
        m1[k] = d * t;
        m2[k] = ((d * d + g * c2) * t) * t;
    }
}

static void test_mmse_paths_equal_model(void **state)
{
    (void)state;
    static float wz[2 * N], w1[N], w2[N], z[2 * N], m1[N], m2[N];
    tu_rng rng;
    tu_rng_seed(&rng, 14);
    fill(&rng);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const float w[3] = {10.0f, 3.5f, 0.7f};
    for (int nr = 1; nr <= 3; nr++) {
        model_mmse(nr, w, 0.05f * nr, 1.07f, wz, w1, w2);
        for (int p = 0; p < np; p++) {
            lte_mmse_io io = {.n_rx = nr, .n = N, .delta = 0.05f * nr, .c2 = 1.07f, .z = z,
                              .m1 = m1, .m2 = m2};
            for (int r = 0; r < nr; r++)
                io.h[r] = h[r], io.y[r] = y[r], io.w[r] = w[r];
            assert_int_equal(lte_mmse(&io, paths[p]), 0);
            assert_memory_equal(z, wz, sizeof z);
            assert_memory_equal(m1, w1, sizeof m1);
            assert_memory_equal(m2, w2, sizeof m2);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths_equal_model),
        cmocka_unit_test(test_index_out_of_range),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_mmse_paths_equal_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
