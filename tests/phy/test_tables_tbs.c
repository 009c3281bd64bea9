/* Tests of the transport block size tables, TS 36.213 §7.1.7.2.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/tables.h"
#include "tests/common/testutil.h"

/* Is K a code-block size of 36.212 Table 5.1.3-3? Built from the table's
 * step rules, not from the library. */
static int is_table_k(int K)
{
    if (K >= 40 && K <= 512) return K % 8 == 0;
    if (K > 512 && K <= 1024) return K % 16 == 0;
    if (K > 1024 && K <= 2048) return K % 32 == 0;
    if (K > 2048 && K <= 6144) return K % 64 == 0;
    return 0;
}

/* The design property of LTE TBS values: TBS + CRC24A segments into code
 * blocks of one size with no filler bits (36.212 §5.1.2 with F = 0). */
static int segments_without_filler(int tbs)
{
    int B = tbs + 24;
    if (B <= 6144)
        return is_table_k(B);
    int C = (B + 6119) / 6120;
    int Bp = B + 24 * C;
    return Bp % C == 0 && is_table_k(Bp / C);
}

static int tbs_of(int i, int n)
{
    int t = -1;
    assert_int_equal(lte_tbs(i, n, &t), 0);
    return t;
}

static void test_f0_property(void **state)
{
    (void)state;
    for (int i = 0; i < LTE_TBS_NUM_ITBS; i++) {
        for (int n = 1; n <= 110; n++) {
            int t = tbs_of(i, n);
            assert_true(t >= 16);
            assert_int_equal(t % 8, 0);
            if (!segments_without_filler(t))
                fail_msg("I_TBS %d N_PRB %d: TBS %d does not segment with F=0", i, n, t);
            /* and the library's own segmentation agrees */
            lte_cb_seg s;
            assert_int_equal(lte_cb_segment(t + 24, &s), 0);
            assert_int_equal(s.F, 0);
            assert_int_equal(s.C_minus, 0);
        }
    }
}

/* Non-decreasing along N_PRB and along I_TBS. The spec's exceptions:
 * (I_TBS 6, N_PRB 1) = 328, and row 26 (top 64QAM) above row 27 (row 27
 * follows 25 in the 256QAM MCS table, which skips 26). */
static void test_monotone(void **state)
{
    (void)state;
    for (int i = 0; i < LTE_TBS_NUM_ITBS; i++)
        for (int n = 2; n <= 110; n++)
            if (!(i == 6 && n == 2))
                assert_true(tbs_of(i, n) >= tbs_of(i, n - 1));
    for (int i = 1; i < LTE_TBS_NUM_ITBS; i++) {
        int prev = i == 27 ? 25 : i - 1;
        for (int n = 1; n <= 110; n++)
            if (!(i == 7 && n == 1))
                assert_true(tbs_of(i, n) >= tbs_of(prev, n));
    }
    /* the exceptions are what the spec prints */
    assert_int_equal(tbs_of(6, 1), 328);
    assert_int_equal(tbs_of(7, 1), 104);
    assert_int_equal(tbs_of(6, 2), 176);
    assert_true(tbs_of(26, 100) > tbs_of(27, 100));
}

/* Values quoted outside the table: 36.101 RMCs and the 36.306 UE category
 * peaks (Cat 3: 75376 per TB at 100 PRB, 64QAM; Cat 5: 299552 = 2 TBs of
 * 149776 on 2 layers each; Cat 13: 391632 = 2 x 195816 with 256QAM). */
static void test_spot_values(void **state)
{
    (void)state;
    assert_int_equal(tbs_of(0, 1), 16);
    assert_int_equal(tbs_of(26, 100), 75376);
    assert_int_equal(tbs_of(26, 110), 75376);
    assert_int_equal(tbs_of(26, 50), 36696);
    assert_int_equal(tbs_of(26, 6), 4392);
    assert_int_equal(tbs_of(33, 100), 97896);
    assert_int_equal(tbs_of(26, 1), 712);
    assert_int_equal(tbs_of(0, 110), 3112);
    int t;
    assert_int_equal(lte_tbs_layers(26, 100, 2, &t), 0);
    assert_int_equal(2 * t, 299552);
    assert_int_equal(lte_tbs_layers(33, 100, 2, &t), 0);
    assert_int_equal(2 * t, 391632);
    assert_int_equal(lte_tbs_layers(33, 100, 1, &t), 0);
    assert_int_equal(t, 97896);
}

/* Checksums of rows 0..26 from a second, independent transcription of the
 * table (the Rel-8 part). */
static void test_second_source_checksum(void **state)
{
    (void)state;
    int64_t sum = 0, wsum = 0;
    for (int i = 0; i <= 26; i++)
        for (int n = 1; n <= 110; n++) {
            int t = tbs_of(i, n);
            sum += t;
            wsum = (wsum + (int64_t)(i + 1) * n * t) % 1000000007;
        }
    assert_int_equal(sum, 48163328);
    assert_int_equal(wsum, 788981316);
}

static void test_two_layers(void **state)
{
    (void)state;
    for (int i = 0; i < LTE_TBS_NUM_ITBS; i++) {
        int prev = 0;
        for (int n = 1; n <= 110; n++) {
            int t1 = tbs_of(i, n), t2 = -1;
            assert_int_equal(lte_tbs_layers(i, n, 1, &t2), 0);
            assert_int_equal(t2, t1);
            assert_int_equal(lte_tbs_layers(i, n, 2, &t2), 0);
            if (n <= 55) {
                assert_int_equal(t2, tbs_of(i, 2 * n));
                continue;
            }
            /* Table 7.1.7.2.2-1 outputs: F = 0 sizes, about twice the input,
             * non-decreasing in N_PRB */
            assert_true(segments_without_filler(t2));
            assert_true(t2 % 8 == 0);
            assert_true((double)t2 >= 1.96 * t1 && (double)t2 <= 2.04 * t1);
            assert_true(t2 >= prev);
            prev = t2;
            /* Within the one-layer range, the output is the one-layer value
             * nearest to 2*TBS_L1 (the only exception: 37888 -> 76208). */
            if (2 * t1 <= 97896 && t1 != 37888) {
                int best = -1;
                for (int a = 0; a < LTE_TBS_NUM_ITBS; a++)
                    for (int b = 1; b <= 110; b++) {
                        int c = tbs_of(a, b);
                        if (best < 0 || abs(c - 2 * t1) < abs(best - 2 * t1))
                            best = c;
                    }
                assert_int_equal(t2, best);
            }
        }
    }
    int t;
    /* rows read off Table 7.1.7.2.1-1 and Table 7.1.7.2.2-1 */
    assert_int_equal(tbs_of(26, 56), 40576);
    assert_int_equal(lte_tbs_layers(26, 56, 2, &t), 0);
    assert_int_equal(t, 81176);
    assert_int_equal(lte_tbs_layers(20, 110, 2, &t), 0); /* 51024 */
    assert_int_equal(t, 101840);
    assert_int_equal(lte_tbs_layers(3, 110, 2, &t), 0);  /* 6456 */
    assert_int_equal(t, 12960);
}

static void test_bad_args(void **state)
{
    (void)state;
    int t = 0;
    assert_int_equal(lte_tbs(34, 10, &t), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "34"));
    assert_int_equal(lte_tbs(-1, 10, &t), LTE_EINVAL);
    assert_int_equal(lte_tbs(5, 0, &t), LTE_EINVAL);
    assert_int_equal(lte_tbs(5, 111, &t), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "111"));
    assert_int_equal(lte_tbs(5, 10, NULL), LTE_EINVAL);
    assert_int_equal(lte_tbs_layers(5, 10, 0, &t), LTE_EINVAL);
    assert_int_equal(lte_tbs_layers(5, 10, 3, &t), LTE_EINVAL);
    assert_int_equal(lte_tbs_layers(34, 10, 2, &t), LTE_EINVAL);
    assert_int_equal(lte_tbs_layers(5, 111, 2, &t), LTE_EINVAL);
    assert_int_equal(lte_tbs_layers(5, 0, 1, &t), LTE_EINVAL);
    assert_int_equal(lte_tbs_layers(5, 60, 2, NULL), LTE_EINVAL);
    assert_int_equal(lte_tbs_layers(5, 10, 2, NULL), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_f0_property),
        cmocka_unit_test(test_monotone),
        cmocka_unit_test(test_spot_values),
        cmocka_unit_test(test_second_source_checksum),
        cmocka_unit_test(test_two_layers),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
