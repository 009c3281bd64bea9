/* Forward turbo rate matching through a plan (lte_rm_turbo_plan_run, which
 * builds only the part of the circular buffer its window reads when the
 * window ends early: v0 plus the first columns of the v1/v2 part) against
 * the plain lte_rm_turbo, which walks the buffer from the interleaver
 * formulas (tests/phy/test_ratematch.c checks that one against brute
 * force). Windows end on both sides of every boundary that decides how much
 * is built, for every K, every rv, with and without filler bits, full and
 * limited N_cb.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "ltephy/ratematch.h"
#include "ltephy/tables.h"
#include "ltephy/turbo.h"
#include "tests/common/testutil.h"

#define DMAX (LTE_TURBO_KMAX + 4)

static void test_windows_every_k(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 77);
    uint8_t *d = malloc(3 * DMAX);
    uint8_t *want = malloc(4 * 3 * DMAX), *got = malloc(4 * 3 * DMAX);
    assert_true(d && want && got);
    lte_rm_turbo_plans *set;
    assert_int_equal(lte_rm_turbo_plans_create(&set), 0);
    int checked = 0;
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
        int K = lte_turbo_k(i), D = K + 4, k_pi, k_w;
        assert_int_equal(lte_rm_turbo_kw(K, &k_pi, &k_w), 0);
        int R = k_pi / 32;
        const lte_rm_turbo_plan *plan;
        assert_int_equal(lte_rm_turbo_plans_get(set, K, &plan), 0);
        tu_random_bits(&r, d, 3 * D);
        for (int f = 0; f < 2; f++) {
            int F = f ? (int)(tu_rand(&r) % 64) % (K / 2) : 0;
            for (int b = 0; b < 2; b++) {
                int n_cb = b ? k_w - (int)(tu_rand(&r) % (uint32_t)(k_w / 3)) : k_w;
                for (int rv = 0; rv < 4; rv++) {
                    int k0;
                    assert_int_equal(lte_rm_turbo_k0(K, n_cb, rv, &k0), 0);
                    /* window ends around the v0 end and the ends of v1/v2
                     * columns 1, 4, 5, 6 (the partial-build limit is 5) */
                    const int ends[] = {k_pi, k_pi + 2 * R, k_pi + 8 * R, k_pi + 10 * R,
                                        k_pi + 12 * R};
                    for (size_t ei = 0; ei < sizeof ends / sizeof ends[0]; ei++)
                        for (int delta = -100; delta <= 100; delta += 50) {
                            int E = ends[ei] + delta - k0;
                            if (E < 1)
                                continue;
                            if (E > 4 * 3 * DMAX)
                                E = 4 * 3 * DMAX;
                            memset(want, 0xAA, (size_t)E);
                            memset(got, 0x55, (size_t)E);
                            assert_int_equal(
                                lte_rm_turbo(d, d + D, d + 2 * D, K, F, n_cb, rv, E, want), 0);
                            assert_int_equal(lte_rm_turbo_plan_run(plan, d, d + D, d + 2 * D, F,
                                                                   n_cb, rv, E, got),
                                             0);
                            if (memcmp(want, got, (size_t)E) != 0)
                                fail_msg("K %d F %d n_cb %d rv %d E %d differ", K, F, n_cb, rv,
                                         E);
                            checked++;
                        }
                }
            }
        }
    }
    print_message("%d windows\n", checked);
    lte_rm_turbo_plans_destroy(set);
    free(d);
    free(want);
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_windows_every_k),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
