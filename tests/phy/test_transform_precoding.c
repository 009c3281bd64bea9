/* Tests of PUSCH transform precoding (36.211 §5.3.3).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/fft.h"
#include "ltephy/transform_precoding.h"
#include "tests/common/testutil.h"

#define NSYMB 2
#define MSC_MAX (12 * LTE_TPREC_MRB_MAX)

/* The allowed M_RB built the other way round from the library: every
 * product 2^a 3^b 5^c up to 110. */
static int allowed_list(int *list)
{
    int n = 0;
    for (int a = 1; a <= 110; a *= 2)
        for (int b = a; b <= 110; b *= 3)
            for (int c = b; c <= 110; c *= 5)
                list[n++] = c;
    return n;
}

static int in_list(const int *list, int n, int m)
{
    for (int i = 0; i < n; i++)
        if (list[i] == m)
            return 1;
    return 0;
}

/* Naive O(M^2) DFT in double with the spec's 1/sqrt(M) scaling; sign -1 is
 * the forward transform of §5.3.3, +1 its inverse. Twiddles by exact index
 * (i k mod M) so the reference itself stays accurate. */
static void naive_dft(const float complex *x, int M, int sign, const double *cs,
                      const double *sn, double complex *z)
{
    double s = 1.0 / sqrt((double)M);
    for (int k = 0; k < M; k++) {
        double complex acc = 0;
        for (int i = 0; i < M; i++) {
            int t = (int)(((int64_t)i * k) % M);
            acc += (double complex)x[i] * (cs[t] + sign * I * sn[t]);
        }
        z[k] = acc * s;
    }
}

static void test_allowed_sizes(void **state)
{
    (void)state;
    int list[64];
    int n = allowed_list(list);
    assert_int_equal(n, LTE_TPREC_NUM_MRB);
    for (int m = -3; m <= 130; m++)
        assert_int_equal(lte_tprec_valid_mrb(m), m >= 1 && m <= 110 && in_list(list, n, m));
}

/* For every allowed M_RB: forward = naive DFT within 1e-4 relative, inverse =
 * naive inverse DFT, inverse(forward(x)) = x, and energy preserved. */
static void test_against_naive(void **state)
{
    (void)state;
    lte_tprec *tp;
    assert_int_equal(lte_tprec_create(0, &tp), 0);
    float complex *x = malloc(sizeof(float complex) * NSYMB * MSC_MAX);
    float complex *z = malloc(sizeof(float complex) * NSYMB * MSC_MAX);
    float complex *y = malloc(sizeof(float complex) * NSYMB * MSC_MAX);
    double complex *ref = malloc(sizeof(double complex) * MSC_MAX);
    double *cs = malloc(sizeof(double) * MSC_MAX), *sn = malloc(sizeof(double) * MSC_MAX);
    tu_rng rng;
    tu_rng_seed(&rng, 5303);
    for (int m = 1; m <= LTE_TPREC_MRB_MAX; m++) {
        if (!lte_tprec_valid_mrb(m))
            continue;
        int M = 12 * m;
        for (int t = 0; t < M; t++) {
            cs[t] = cos(2.0 * M_PI * t / M);
            sn[t] = sin(2.0 * M_PI * t / M);
        }
        for (int i = 0; i < NSYMB * M; i++)
            x[i] = (float)tu_gauss(&rng) + I * (float)tu_gauss(&rng);
        assert_int_equal(lte_tprec_forward(tp, m, NSYMB, x, z), 0);
        for (int l = 0; l < NSYMB; l++) {
            naive_dft(x + l * M, M, -1, cs, sn, ref);
            double err = 0, mag = 0, ex = 0, ez = 0;
            for (int k = 0; k < M; k++) {
                err = fmax(err, cabs(z[l * M + k] - ref[k]));
                mag = fmax(mag, cabs(ref[k]));
                ex += pow(cabs(x[l * M + k]), 2);
                ez += pow(cabs(z[l * M + k]), 2);
            }
            assert_true(err <= 1e-4 * mag);
            assert_true(fabs(ez - ex) <= 1e-5 * ex); /* Parseval, unitary scaling */
            naive_dft(z + l * M, M, +1, cs, sn, ref);
            for (int k = 0; k < M; k++)
                assert_true(cabs(x[l * M + k] - ref[k]) <= 1e-4 * mag);
        }
        assert_int_equal(lte_tprec_inverse(tp, m, NSYMB, z, y), 0);
        for (int i = 0; i < NSYMB * M; i++)
            assert_true(cabsf(y[i] - x[i]) <= 1e-5f * (1.0f + cabsf(x[i])));
        /* in place gives the same as out of place */
        memcpy(y, x, sizeof(float complex) * (size_t)(NSYMB * M));
        assert_int_equal(lte_tprec_forward(tp, m, NSYMB, y, y), 0);
        for (int i = 0; i < NSYMB * M; i++)
            assert_true(cabsf(y[i] - z[i]) <= 1e-5f * (1.0f + cabsf(z[i])));
    }
    free(x);
    free(z);
    free(y);
    free(ref);
    free(cs);
    free(sn);
    lte_tprec_destroy(tp);
}

/* Closed form: a unit impulse at i0 becomes e^{-j 2 pi i0 k / M} / sqrt(M). */
static void test_impulse(void **state)
{
    (void)state;
    lte_tprec *tp;
    assert_int_equal(lte_tprec_create(0, &tp), 0);
    const int m = 100, M = 1200, i0 = 37;
    float complex *x = calloc(M, sizeof(float complex)), *z = malloc(sizeof(float complex) * M);
    x[i0] = 1.0f;
    assert_int_equal(lte_tprec_forward(tp, m, 1, x, z), 0);
    for (int k = 0; k < M; k++) {
        double complex e = cexp(-2.0 * M_PI * I * (double)((i0 * k) % M) / M) / sqrt(M);
        assert_true(cabs(z[k] - e) < 1e-6);
    }
    free(x);
    free(z);
    lte_tprec_destroy(tp);
}

/* LTE_FFT_OUT_OF_PLACE: the same bits as a default object out of place
 * (the same ESTIMATE plans), in place refused. */
static void test_out_of_place_only(void **state)
{
    (void)state;
    lte_tprec *a, *b;
    assert_int_equal(lte_tprec_create(0, &a), 0);
    assert_int_equal(lte_tprec_create(LTE_FFT_OUT_OF_PLACE, &b), 0);
    const int m = 75, M = 900, ns = 3;
    float complex *x = malloc(sizeof *x * M * ns), *z1 = malloc(sizeof *z1 * M * ns);
    float complex *z2 = malloc(sizeof *z2 * M * ns);
    tu_rng r;
    tu_rng_seed(&r, 17);
    for (int i = 0; i < M * ns; i++)
        x[i] = CMPLXF((float)tu_gauss(&r), (float)tu_gauss(&r));
    assert_int_equal(lte_tprec_inverse(a, m, ns, x, z1), 0);
    assert_int_equal(lte_tprec_inverse(b, m, ns, x, z2), 0);
    assert_memory_equal(z1, z2, sizeof *z1 * M * ns);
    assert_int_equal(lte_tprec_forward(a, m, ns, x, z1), 0);
    assert_int_equal(lte_tprec_forward(b, m, ns, x, z2), 0);
    assert_memory_equal(z1, z2, sizeof *z1 * M * ns);
    assert_int_equal(lte_tprec_forward(b, m, ns, z2, z2), LTE_EINVAL);
    assert_int_equal(lte_tprec_forward(a, m, ns, z1, z1), 0);
    lte_tprec_destroy(a);
    lte_tprec_destroy(b);
    free(x);
    free(z1);
    free(z2);
}

/* An object with plans up to mrb_max PRBs: the same bits as the full one for
 * every size it has (the same ESTIMATE plans), every larger size refused,
 * and mrb_max itself validated. */
static void test_create_max(void **state)
{
    (void)state;
    lte_tprec *full, *small;
    assert_int_equal(lte_tprec_create(0, &full), 0);
    assert_int_equal(lte_tprec_create_max(0, 25, &small), 0);
    const int ns = 2;
    float complex *x = malloc(sizeof *x * MSC_MAX * ns), *z1 = malloc(sizeof *z1 * MSC_MAX * ns);
    float complex *z2 = malloc(sizeof *z2 * MSC_MAX * ns);
    tu_rng r;
    tu_rng_seed(&r, 29);
    for (int i = 0; i < MSC_MAX * ns; i++)
        x[i] = CMPLXF((float)tu_gauss(&r), (float)tu_gauss(&r));
    int n_ok = 0;
    for (int m = 1; m <= LTE_TPREC_MRB_MAX; m++) {
        if (!lte_tprec_valid_mrb(m))
            continue;
        size_t bytes = sizeof *z1 * (size_t)(12 * m * ns);
        if (m > 25) {
            assert_int_equal(lte_tprec_forward(small, m, ns, x, z2), LTE_EINVAL);
            assert_int_equal(lte_tprec_inverse(small, m, ns, x, z2), LTE_EINVAL);
            continue;
        }
        assert_int_equal(lte_tprec_forward(full, m, ns, x, z1), 0);
        assert_int_equal(lte_tprec_forward(small, m, ns, x, z2), 0);
        assert_memory_equal(z1, z2, bytes);
        assert_int_equal(lte_tprec_inverse(full, m, ns, x, z1), 0);
        assert_int_equal(lte_tprec_inverse(small, m, ns, x, z2), 0);
        assert_memory_equal(z1, z2, bytes);
        n_ok++;
    }
    int list[64], n_list = allowed_list(list), n_le25 = 0;
    for (int i = 0; i < n_list; i++)
        n_le25 += list[i] <= 25;
    assert_int_equal(n_ok, n_le25); /* 16: 1 2 3 4 5 6 8 9 10 12 15 16 18 20 24 25 */
    lte_tprec *t = (lte_tprec *)x; /* must be set to NULL on failure */
    assert_int_equal(lte_tprec_create_max(0, 0, &t), LTE_EINVAL);
    assert_null(t);
    assert_int_equal(lte_tprec_create_max(0, LTE_TPREC_MRB_MAX + 1, &t), LTE_EINVAL);
    assert_int_equal(lte_tprec_create_max(0, 6, NULL), LTE_EINVAL);
    lte_tprec_destroy(full);
    lte_tprec_destroy(small);
    free(x);
    free(z1);
    free(z2);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_tprec *tp;
    assert_int_equal(lte_tprec_create(0, NULL), LTE_EINVAL);
    assert_int_equal(lte_tprec_create(0x80, &tp), LTE_EINVAL);
    assert_null(tp);
    assert_int_equal(lte_tprec_create(0, &tp), 0);
    float complex *x = calloc(2 * MSC_MAX + 1, sizeof(float complex));
    float complex *z = calloc(2 * MSC_MAX + 1, sizeof(float complex));
    const int bad_m[] = {0, -1, 7, 11, 13, 49, 111, 120, 128};
    for (size_t i = 0; i < sizeof bad_m / sizeof bad_m[0]; i++) {
        assert_int_equal(lte_tprec_forward(tp, bad_m[i], 1, x, z), LTE_EINVAL);
        assert_int_equal(lte_tprec_inverse(tp, bad_m[i], 1, x, z), LTE_EINVAL);
    }
    assert_true(strlen(lte_errdetail()) > 0);
    assert_int_equal(lte_tprec_forward(NULL, 1, 1, x, z), LTE_EINVAL);
    assert_int_equal(lte_tprec_forward(tp, 1, 0, x, z), LTE_EINVAL);
    assert_int_equal(lte_tprec_forward(tp, 1, 1, NULL, z), LTE_EINVAL);
    assert_int_equal(lte_tprec_inverse(tp, 1, 1, x, NULL), LTE_EINVAL);
    /* a misaligned array is refused, not crashed on */
    float complex *odd = (float complex *)((char *)x + 4);
    assert_int_equal(lte_tprec_forward(tp, 4, 1, odd, z), LTE_EINVAL);
    lte_tprec_destroy(tp);
    lte_tprec_destroy(NULL);
    /* an unaligned object accepts it */
    assert_int_equal(lte_tprec_create(LTE_FFT_UNALIGNED, &tp), 0);
    assert_int_equal(lte_tprec_forward(tp, 4, 1, odd, z), 0);
    lte_tprec_destroy(tp);
    free(x);
    free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allowed_sizes),
        cmocka_unit_test(test_against_naive),
        cmocka_unit_test(test_impulse),
        cmocka_unit_test(test_out_of_place_only),
        cmocka_unit_test(test_create_max),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
