/* Tests of the DCI formats (36.212 §5.3.3.1): the format 0 / 1A sizes for
 * every bandwidth, FDD and TDD, against the field lists of the spec
 * written out here (with floating-point ceil(log2()) and the padding rules
 * applied in their own words), plus the sizes commonly quoted for FDD
 * (21, 22, 25, 27, 27, 28 bits for 6..100 PRB); a format 1A pack/unpack
 * round trip over random fields, with every field checked at its bit
 * position; the RIV of resource allocation type 2 (36.213 §7.1.6.3) in
 * both directions over every (start, length) and every RIV value; the
 * broadcast TBS of 36.213 §7.1.7 on a few table entries; and the SIB1 rv
 * sequence of 36.321 §5.3.1 (0, 2, 3, 1 for k = 0..3).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/dci.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

static const int bws[6] = {6, 15, 25, 50, 75, 100};

/* Sizes written from the spec's lists, independently of the library. */
static int spec_sizes(int n_rb, int tdd, int *f0)
{
    int rba = (int)ceil(log2(n_rb * (n_rb + 1) / 2.0));
    int a = 1 + 1 + rba + 5 + (tdd ? 4 : 3) + 1 + 2 + 2 + (tdd ? 2 : 0);
    int b = 1 + 1 + rba + 5 + 1 + 2 + 3 + (tdd ? 2 : 0) + 1;
    if (a < b)
        a = b;
    static const int amb[] = {12, 14, 16, 20, 24, 26, 32, 40, 44, 56};
    for (int i = 0; i < 10; i++)
        if (a == amb[i]) {
            a++;
            break;
        }
    *f0 = b < a ? a : b;
    return a;
}

static void test_sizes(void **state)
{
    (void)state;
    static const int fdd_known[6] = {21, 22, 25, 27, 27, 28};
    for (int tdd = 0; tdd <= 1; tdd++)
        for (int i = 0; i < 6; i++) {
            lte_dci_cfg c = {.n_rb_dl = bws[i], .duplex = tdd ? LTE_TDD : LTE_FDD};
            int f0, f1a = spec_sizes(bws[i], tdd, &f0);
            assert_int_equal(lte_dci_format1a_size(&c), f1a);
            assert_int_equal(lte_dci_format0_size(&c), f0);
            if (!tdd)
                assert_int_equal(f1a, fdd_known[i]);
        }
    for (int n = 6; n <= 110; n++) {
        lte_dci_cfg c = {.n_rb_dl = n, .duplex = LTE_FDD};
        int f0;
        assert_int_equal(lte_dci_format1a_size(&c), spec_sizes(n, 0, &f0));
        assert_int_equal(lte_dci_rba_bits(n), (int)ceil(log2(n * (n + 1) / 2.0)));
    }
    lte_dci_cfg bad = {.n_rb_dl = 5};
    assert_int_equal(lte_dci_format1a_size(&bad), LTE_EINVAL);
}

static unsigned field(const uint8_t *b, int pos, int n)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++)
        v = v << 1 | b[pos + i];
    return v;
}

static void test_roundtrip(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 7);
    for (int tdd = 0; tdd <= 1; tdd++)
        for (int i = 0; i < 6; i++)
            for (int t = 0; t < 200; t++) {
                int n = bws[i];
                lte_dci_cfg c = {.n_rb_dl = n, .duplex = tdd ? LTE_TDD : LTE_FDD,
                                 .broadcast = (int)(tu_rand(&r) & 1)};
                int rba = (int)ceil(log2(n * (n + 1) / 2.0));
                lte_dci_1a d = {0}, e;
                d.distributed = (int)(tu_rand(&r) & 1);
                int gap_rba = d.distributed && n >= 50 && !c.broadcast;
                int gap_ndi = d.distributed && n >= 50 && c.broadcast;
                d.n_gap = (gap_rba || gap_ndi) ? (int)(tu_rand(&r) & 1) : 0;
                d.riv = (int)(tu_rand(&r) % (1u << (gap_rba ? rba - 1 : rba)));
                d.mcs = (int)(tu_rand(&r) % 32);
                d.harq = (int)(tu_rand(&r) % (tdd ? 16 : 8));
                d.ndi = gap_ndi ? d.n_gap : (int)(tu_rand(&r) & 1);
                d.rv = (int)(tu_rand(&r) % 4);
                d.tpc = (int)(tu_rand(&r) % 4);
                d.dai = tdd ? (int)(tu_rand(&r) % 4) : 0;
                int f0, sz = spec_sizes(n, tdd, &f0);
                uint8_t b[64];
                memset(b, 0xAA, sizeof b);
                assert_int_equal(lte_dci_1a_pack(&c, &d, b, sz), 0);
                /* fields at the positions of §5.3.3.1.3 */
                int p = 0;
                assert_int_equal(b[p++], 1);
                assert_int_equal(b[p++], d.distributed);
                if (gap_rba)
                    assert_int_equal(b[p++], d.n_gap);
                int rb = gap_rba ? rba - 1 : rba;
                assert_int_equal(field(b, p, rb), (unsigned)d.riv);
                p += rb;
                assert_int_equal(field(b, p, 5), (unsigned)d.mcs);
                p += 5;
                assert_int_equal(field(b, p, tdd ? 4 : 3), (unsigned)d.harq);
                p += tdd ? 4 : 3;
                assert_int_equal(b[p++], d.ndi);
                assert_int_equal(field(b, p, 2), (unsigned)d.rv);
                p += 2;
                assert_int_equal(field(b, p, 2), (unsigned)d.tpc);
                p += 2;
                if (tdd) {
                    assert_int_equal(field(b, p, 2), (unsigned)d.dai);
                    p += 2;
                }
                for (; p < sz; p++)
                    assert_int_equal(b[p], 0); /* padding */
                assert_int_equal(lte_dci_1a_unpack(&c, b, sz, &e), 0);
                assert_memory_equal(&d, &e, sizeof d);
            }
    lte_dci_cfg c = {.n_rb_dl = 6, .duplex = LTE_FDD};
    uint8_t b[21] = {0};
    lte_dci_1a e;
    assert_int_equal(lte_dci_1a_unpack(&c, b, 21, &e), LTE_EFORMAT); /* format 0 */
    assert_int_equal(lte_dci_1a_unpack(&c, b, 20, &e), LTE_EINVAL);
    lte_dci_1a big = {.riv = 32};
    assert_int_equal(lte_dci_1a_pack(&c, &big, b, 21), LTE_EINVAL);
}

static void test_riv(void **state)
{
    (void)state;
    for (int n = 6; n <= 110; n++) {
        int count = 0;
        static uint8_t seen[8192];
        memset(seen, 0, sizeof seen);
        for (int s = 0; s < n; s++)
            for (int l = 1; l <= n - s; l++) {
                int riv, s2, l2;
                assert_int_equal(lte_riv_encode(n, s, l, &riv), 0);
                int want = (l - 1 <= n / 2) ? n * (l - 1) + s : n * (n - l + 1) + (n - 1 - s);
                assert_int_equal(riv, want);
                assert_true(riv < n * (n + 1) / 2);
                assert_int_equal(seen[riv], 0);
                seen[riv] = 1;
                count++;
                assert_int_equal(lte_riv_decode(n, riv, &s2, &l2), 0);
                assert_int_equal(s2, s);
                assert_int_equal(l2, l);
            }
        assert_int_equal(count, n * (n + 1) / 2);
        int s, l;
        assert_int_equal(lte_riv_decode(n, n * (n + 1) / 2, &s, &l), LTE_EINVAL);
    }
    int s, l;
    /* all 6 PRB of a 6-PRB cell: L = 6 > 3 -> 6 (6 - 6 + 1) + (6 - 1 - 0) = 11 */
    assert_int_equal(lte_riv_decode(6, 11, &s, &l), 0);
    assert_int_equal(s, 0);
    assert_int_equal(l, 6);
}

static void test_tbs(void **state)
{
    (void)state;
    lte_dci_1a d = {.mcs = 2, .tpc = 1};
    int tbs, qm;
    /* Table 7.1.7.2.1-1: I_TBS 2, N_PRB 3 = 144; N_PRB 2 = 72 */
    assert_int_equal(lte_dci_1a_tbs(&d, 1, 6, &tbs, &qm), 0);
    assert_int_equal(tbs, 144);
    assert_int_equal(qm, 2);
    d.tpc = 2;
    assert_int_equal(lte_dci_1a_tbs(&d, 1, 6, &tbs, &qm), 0);
    assert_int_equal(tbs, 72);
    /* C-RNTI: I_MCS 2 -> I_TBS 2, 6 PRB -> 256 (row 2: 32 72 144 176 208 256) */
    assert_int_equal(lte_dci_1a_tbs(&d, 0, 6, &tbs, &qm), 0);
    assert_int_equal(tbs, 256);
    d.mcs = 27;
    assert_int_equal(lte_dci_1a_tbs(&d, 1, 6, &tbs, &qm), LTE_EINVAL);
    d.mcs = 29;
    assert_int_equal(lte_dci_1a_tbs(&d, 0, 6, &tbs, &qm), LTE_EINVAL);
}

static void test_sib1_rv(void **state)
{
    (void)state;
    static const int want[4] = {0, 2, 3, 1};
    for (int sfn = 0; sfn < 1024; sfn += 2)
        assert_int_equal(lte_sib1_rv(sfn), want[(sfn / 2) % 4]);
    assert_int_equal(lte_sib1_rv(1024), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes), cmocka_unit_test(test_roundtrip), cmocka_unit_test(test_riv),
        cmocka_unit_test(test_tbs),   cmocka_unit_test(test_sib1_rv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
