/* Tests of lte_pusch_hop_prb: the PRBs of PUSCH frequency hopping
 * (TS 36.211 §5.3.4 type 2, TS 36.213 §8.4 / §8.4.1 type 1, Tables 8.4-1,
 * 8.4-2), against hand-worked examples and a second, literal reading of the
 * formulas written here: the spec's per-VRB mapping applied to every VRB of
 * the allocation, f_hop(i) as the spec's recursion, c(k) from a bit-serial
 * Gold generator. The transmitter and receiver with hopping are tested in
 * test_pusch.c.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/pusch.h"
#include "tests/common/testutil.h"
#include "tests/common/tu_pusch_hop.h"

/* ---- hand-worked examples ------------------------------------------------------- */

static void expect(int n_rb_ul, const lte_pusch_hopping *h, int rb_start, int l, int sf, int p0,
                   int p1)
{
    int prb[2] = {-1, -1};
    assert_int_equal(lte_pusch_hop_prb(n_rb_ul, 10, h, rb_start, l, sf, prb), 0);
    assert_int_equal(prb[0], p0);
    assert_int_equal(prb[1], p1);
}

static void test_examples(void **state)
{
    (void)state;
    const lte_pusch_hop_mode II = LTE_PUSCH_HOP_INTRA_INTER_SF, IS = LTE_PUSCH_HOP_INTER_SF;
    /* 25 PRBs: N_UL_hop = 1 (Table 8.4-1). N_RB^HO = 4: Ñ = 4, N_RB^PUSCH =
     * 25 - 4 - 1 = 20. Bit 0 (Table 8.4-2): ñ = (floor(20/2) + 2) mod 20 = 12.
     * Slot 0: 2 + Ñ/2 = 4; slot 1: 12 + 2 = 14. L limit: y = ceil(log2 325)
     * - 1 = 8, floor(256 / 25) = 10. */
    lte_pusch_hopping h = tu_hopping(0, 1, 4, II, 0);
    expect(25, &h, 2, 4, 5, 4, 14);
    /* inter-subframe: slot-0 RA for even CURRENT_TX_NB, slot-1 RA for odd */
    h = tu_hopping(0, 1, 4, IS, 2);
    expect(25, &h, 2, 4, 5, 4, 4);
    h.current_tx_nb = 3;
    expect(25, &h, 2, 4, 5, 14, 14);
    /* 50 PRBs: 2 bits. N_RB^HO = 5 (odd): Ñ = 6, N_RB^PUSCH = 50 - 6 - 0 = 44,
     * floor(44/4) = 11, RB_START 3: slot 0 at 3 + 3 = 6; slot 1: 01: (3 - 11)
     * mod 44 = 36 -> 39; 00: 14 -> 17; 10: 3 + 22 = 25 -> 28. L limit: y =
     * ceil(log2 1275) - 2 = 9, floor(512 / 50) = 10. */
    h = tu_hopping(1, 1, 5, II, 0);
    expect(50, &h, 3, 5, 0, 6, 39);
    h.hop_bits = 0;
    expect(50, &h, 3, 5, 0, 6, 17);
    h.hop_bits = 2;
    expect(50, &h, 3, 5, 0, 6, 28);
    /* 75 PRBs (odd), N_RB^HO = 0: N_RB^PUSCH = 75 - 0 - 1 = 74; 10: (37 + 40)
     * mod 74 = 3. L limit: ceil(log2 2850) - 2 = 10, floor(1024 / 75) = 13. */
    h = tu_hopping(2, 1, 0, II, 0);
    expect(75, &h, 40, 8, 9, 40, 3);
    /* ... and a slot-1 start that wraps onto the region's top: 36 + 37 = 73,
     * 73 + 8 > 74, rejected */
    int prb[2];
    assert_int_equal(lte_pusch_hop_prb(75, 10, &h, 36, 8, 9, prb), LTE_EINVAL);
    assert_int_equal(lte_pusch_hop_prb(75, 10, &h, 40, 14, 9, prb), LTE_EINVAL); /* L > 13 */
    /* Type 2, N_sb = 1, 25 PRBs (bit 1): f_hop = 0, N_RB^sb = 25, no offset.
     * Intra- and inter-subframe, subframe 3: i = n_s = 6, f_m = 0: VRBs 5..7
     * stay; i = 7, f_m = 1: VRB v -> 24 - v: 19, 18, 17, lowest 17. */
    h = tu_hopping(1, 1, 4, II, 0);
    expect(25, &h, 5, 3, 3, 5, 17);
    /* inter-subframe: f_m = CURRENT_TX_NB mod 2 in both slots */
    h = tu_hopping(1, 1, 4, IS, 1);
    expect(25, &h, 5, 3, 3, 17, 17);
    h.current_tx_nb = 4;
    expect(25, &h, 5, 3, 3, 5, 5);
    /* Type 2, N_sb = 4, 6 PRBs, N_RB^HO = 0: N_RB^sb = 1, each VRB its own
     * sub-band, mirroring is the identity and f_hop alone moves it: for
     * N_sb > 2 f_hop(i) - f_hop(i-1) is 1..3 mod 4, so the two slots of an
     * intra-subframe hop always differ. */
    h = tu_hopping(1, 4, 0, II, 0);
    for (int sf = 0; sf < 10; sf++) {
        assert_int_equal(lte_pusch_hop_prb(6, 10, &h, 2, 1, sf, prb), 0);
        assert_true(prb[0] != prb[1] && prb[0] < 4 && prb[1] < 4);
    }
    /* hopping off: RB_START in both slots */
    h.enabled = 0;
    expect(25, &h, 7, 18, 4, 7, 7);
    assert_int_equal(lte_pusch_hop_prb(25, 10, NULL, 7, 18, 4, prb), 0);
    assert_int_equal(prb[0] + prb[1], 14);
}

/* ---- the function against the model --------------------------------------------- */

/* Every RB_START and a spread of L_CRBs, every subframe: the function accepts
 * exactly what the model accepts; then each slot's set is L contiguous PRBs
 * inside the hopping region starting at the returned PRB. Returns the number
 * of valid grants. */
static long sweep(int n_rb_ul, int cell_id, const lte_pusch_hopping *h)
{
    model_cell m;
    model_cell_init(&m, n_rb_ul, cell_id, h);
    int ls[6] = {1, 2, 3, 5, 10, 20};
    long valid = 0;
    uint8_t used[2][110];
    for (int sf = 0; sf < 10; sf++)
        for (int li = 0; li < 6; li++)
            for (int rb = 0; rb < n_rb_ul; rb++) {
                int l = ls[li], prb[2], lo, hi;
                if (rb + l > n_rb_ul + 1)
                    break;
                int ok = model(&m, h, rb, l, sf, used, &lo, &hi);
                int rc = lte_pusch_hop_prb(n_rb_ul, cell_id, h, rb, l, sf, prb);
                if (ok != (rc == 0))
                    fail_msg("N %d HO %d bits %d N_sb %d mode %d tx %d sf %d rb %d L %d: model "
                             "%d, function %d", n_rb_ul, h->hopping_offset, h->hop_bits, h->n_sb,
                             (int)h->mode, h->current_tx_nb, sf, rb, l, ok, rc);
                if (!ok)
                    continue;
                valid++;
                for (int slot = 0; slot < 2; slot++) {
                    assert_true(prb[slot] >= lo && prb[slot] + l <= hi);
                    for (int k = 0; k < n_rb_ul; k++)
                        if (used[slot][k] != (k >= prb[slot] && k < prb[slot] + l))
                            fail_msg("N %d N_sb %d sf %d rb %d L %d slot %d: PRB %d", n_rb_ul,
                                     h->n_sb, sf, rb, l, slot, k);
                }
            }
    return valid;
}

static void test_against_model(void **state)
{
    (void)state;
    static const int BW[6] = {6, 15, 25, 50, 75, 100}, HO[5] = {0, 1, 4, 7, 10};
    static const int CELL[2] = {0, 389};
    long valid = 0, type2_moved = 0;
    for (int b = 0; b < 6; b++)
        for (int o = 0; o < 5; o++) {
            int n = BW[b], n_bits = n <= 49 ? 1 : 2;
            if (HO[o] >= n - 2)
                continue;
            for (int mode = 0; mode < 2; mode++)
                for (int bits = 0; bits < (1 << n_bits); bits++)
                    for (int n_sb = 1; n_sb <= 4; n_sb++) {
                        int type2 = bits == (1 << n_bits) - 1;
                        if (!type2 && n_sb > 1) /* N_sb only matters to type 2 */
                            continue;
                        for (int tx = 0; tx < 2; tx++) {
                            lte_pusch_hopping h = tu_hopping(bits, n_sb, HO[o], (lte_pusch_hop_mode)mode,
                                                      tx);
                            long v = sweep(n, CELL[(b + o + tx) % 2], &h);
                            valid += v;
                            if (type2 && v > 0)
                                type2_moved++;
                        }
                    }
        }
    /* the sweep is not vacuous */
    assert_true(valid > 100000);
    assert_true(type2_moved > 100);
}

/* TDD: c_init = 2^9 (n_f mod 4) + N_ID^cell, so the pattern repeats every 4
 * frames and frame 0 is the FDD one; the model agrees for every n_f mod 4. */
static void test_tdd(void **state)
{
    (void)state;
    for (int n_sb = 2; n_sb <= 4; n_sb++)
        for (int mode = 0; mode < 2; mode++) {
            lte_pusch_hopping h = tu_hopping(3, n_sb, 6, (lte_pusch_hop_mode)mode, 0);
            h.tdd = 1;
            int differ = 0;
            for (int sfn = 0; sfn < 8; sfn++) {
                h.sfn = sfn;
                assert_true(sweep(50, 77, &h) > 0);
                for (int sf = 0; sf < 10; sf++) {
                    int a[2], b[2], f[2];
                    lte_pusch_hopping h4 = h, fdd = h;
                    h4.sfn = sfn + 4;
                    fdd.tdd = 0;
                    assert_int_equal(lte_pusch_hop_prb(50, 77, &h, 4, 2, sf, a), 0);
                    assert_int_equal(lte_pusch_hop_prb(50, 77, &h4, 4, 2, sf, b), 0);
                    assert_int_equal(lte_pusch_hop_prb(50, 77, &fdd, 4, 2, sf, f), 0);
                    assert_memory_equal(a, b, sizeof a);
                    if (sfn % 4 == 0)
                        assert_memory_equal(a, f, sizeof a);
                    differ += memcmp(a, f, sizeof a) != 0;
                }
            }
            assert_true(differ > 0);
        }
}

/* N_sb = 1 mirrors about the band's centre, so an allocation clear of
 * ceil(N_RB^HO/2) PRBs at both edges stays clear of them. */
static void test_nsb1_stays_clear_of_pucch(void **state)
{
    (void)state;
    static const int BW[4] = {6, 25, 75, 100};
    for (int b = 0; b < 4; b++)
        for (int ho = 0; ho < 6; ho++)
            for (int mode = 0; mode < 2; mode++) {
                int n = BW[b], edge = (ho + 1) / 2;
                lte_pusch_hopping h = tu_hopping(n <= 49 ? 1 : 3, 1, ho, (lte_pusch_hop_mode)mode, 1);
                for (int sf = 0; sf < 10; sf++)
                    for (int rb = edge; rb < n - edge; rb++) {
                        int prb[2];
                        if (lte_pusch_hop_prb(n, 5, &h, rb, 2, sf, prb) < 0)
                            continue;
                        if (rb + 2 > n - edge)
                            continue;
                        for (int s = 0; s < 2; s++)
                            assert_true(prb[s] >= edge && prb[s] + 2 <= n - edge);
                    }
            }
}

static void test_bad_args(void **state)
{
    (void)state;
    int prb[2];
    lte_pusch_hopping h = tu_hopping(1, 2, 4, LTE_PUSCH_HOP_INTRA_INTER_SF, 0);
    assert_int_equal(lte_pusch_hop_prb(25, 1, &h, 2, 2, 0, prb), 0);
    assert_int_equal(lte_pusch_hop_prb(25, 1, &h, 2, 2, 0, NULL), LTE_EINVAL);
    assert_int_equal(lte_pusch_hop_prb(5, 1, &h, 2, 2, 0, prb), LTE_EINVAL);
    assert_int_equal(lte_pusch_hop_prb(25, 504, &h, 2, 2, 0, prb), LTE_EINVAL);
    assert_int_equal(lte_pusch_hop_prb(25, 1, &h, 2, 2, 10, prb), LTE_EINVAL);
    assert_int_equal(lte_pusch_hop_prb(25, 1, &h, 2, 0, 0, prb), LTE_EINVAL);
    lte_pusch_hopping b = h;
    b.enabled = 2;
    assert_int_equal(lte_pusch_hop_prb(25, 1, &b, 2, 2, 0, prb), LTE_EINVAL);
    b = h;
    b.hop_bits = 2; /* one bit below 50 PRBs */
    assert_int_equal(lte_pusch_hop_prb(25, 1, &b, 2, 2, 0, prb), LTE_EINVAL);
    assert_int_equal(lte_pusch_hop_prb(50, 1, &b, 2, 2, 0, prb), 0);
    b = h;
    b.n_sb = 5;
    assert_int_equal(lte_pusch_hop_prb(25, 1, &b, 2, 2, 0, prb), LTE_EINVAL);
    b.n_sb = 0;
    assert_int_equal(lte_pusch_hop_prb(25, 1, &b, 2, 2, 0, prb), LTE_EINVAL);
    b = h;
    b.hopping_offset = 99;
    assert_int_equal(lte_pusch_hop_prb(100, 1, &b, 2, 2, 0, prb), LTE_EINVAL);
    b = h;
    b.mode = (lte_pusch_hop_mode)2;
    assert_int_equal(lte_pusch_hop_prb(25, 1, &b, 2, 2, 0, prb), LTE_EINVAL);
    b = h;
    b.current_tx_nb = -1;
    assert_int_equal(lte_pusch_hop_prb(25, 1, &b, 2, 2, 0, prb), LTE_EINVAL);
    b = h;
    b.tdd = 1;
    b.sfn = 1024;
    assert_int_equal(lte_pusch_hop_prb(25, 1, &b, 2, 2, 0, prb), LTE_EINVAL);
    /* N_sb = 2, N_RB^HO = 4 in 25 PRBs: sub-bands of floor(21 / 2) = 10 from
     * PRB 2: VRBs 10..13 straddle them; VRB 1 is below them */
    assert_int_equal(lte_pusch_hop_prb(25, 1, &h, 10, 4, 0, prb), LTE_EINVAL);
    assert_int_equal(lte_pusch_hop_prb(25, 1, &h, 12, 4, 0, prb), 0);
    assert_int_equal(lte_pusch_hop_prb(25, 1, &h, 1, 2, 0, prb), LTE_EINVAL);
    /* hopping off: the plain range check */
    assert_int_equal(lte_pusch_hop_prb(25, 1, NULL, 20, 6, 0, prb), LTE_EINVAL);
    assert_int_equal(lte_pusch_hop_prb(25, 1, NULL, -1, 6, 0, prb), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_against_model),
        cmocka_unit_test(test_tdd),
        cmocka_unit_test(test_nsb1_stays_clear_of_pucch),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
