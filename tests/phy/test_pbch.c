/* Tests of the MIB packing (36.331) and the PBCH (36.211 §6.6): bit layout
 * typed from the ASN.1 definition, a transmit model written here (Gold
 * scrambling restarted every 4 frames, QPSK, k-first mapping), and blind
 * decoding of each of 4 consecutive frames on its own, every bandwidth,
 * 1/2/4 ports, both CPs, ideal and random channels.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/dlphy.h"
#include "ltephy/error.h"
#include "ltephy/gold.h"
#include "tests/common/dltest.h"
#include "tests/common/testutil.h"

/* ---- channel model written for the tests ---------------------------------- */
static void test_mib_layout(void **state)
{
    (void)state;
    /* dl-Bandwidth n50 = 3 (011), extended (1), phich-Resource one = 2 (10),
     * SFN 679 -> 679 >> 2 = 169 = 10101001, 10 spare zeros */
    const uint8_t want[24] = {0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    lte_mib m = {50, LTE_PHICH_EXTENDED, LTE_NG_1, 679}, back;
    uint8_t bits[24];
    assert_int_equal(lte_mib_pack(&m, bits), 0);
    assert_memory_equal(bits, want, 24);
    assert_int_equal(lte_mib_unpack(bits, 679 % 4, &back), 0);
    assert_int_equal(back.n_rb, 50);
    assert_int_equal(back.phich_dur, LTE_PHICH_EXTENDED);
    assert_int_equal(back.ng, LTE_NG_1);
    assert_int_equal(back.sfn, 679);
    /* every field value round-trips */
    static const int nrbs[6] = {6, 15, 25, 50, 75, 100};
    for (int b = 0; b < 6; b++)
        for (int ng = 0; ng < 4; ng++)
            for (int sfn = 0; sfn < 1024; sfn += 37) {
                lte_mib a = {nrbs[b], (lte_phich_dur)(sfn & 1), (lte_phich_ng)ng, sfn};
                assert_int_equal(lte_mib_pack(&a, bits), 0);
                assert_int_equal(bits[0] * 4 + bits[1] * 2 + bits[2], b);
                assert_int_equal(lte_mib_unpack(bits, sfn & 3, &back), 0);
                assert_memory_equal(&a, &back, sizeof(a));
            }
    bits[0] = bits[1] = bits[2] = 1; /* reserved code 7 */
    assert_int_equal(lte_mib_unpack(bits, 0, &back), LTE_EFORMAT);
    m.n_rb = 20;
    assert_int_equal(lte_mib_pack(&m, bits), LTE_EINVAL);
    m.n_rb = 6;
    m.sfn = 1024;
    assert_int_equal(lte_mib_pack(&m, bits), LTE_EINVAL);
    assert_int_equal(lte_mib_unpack(bits, 4, &back), LTE_EINVAL);
}

/* Single-port transmitter model: e = BCH(mib), c_init = N_ID^cell restarted
 * at n_f mod 4 = 0, quarter n_f mod 4, QPSK, REs of class PBCH in slot 1
 * symbols 0..3 with k increasing first. */
static void test_tx_model(void **state)
{
    (void)state;
    for (int cp = 0; cp < 2; cp++) {
        lte_cell_cfg c;
        lte_cell_cfg_init(&c);
        c.n_rb = 15;
        c.cp = (lte_cp)cp;
        c.cell_id = 77;
        lte_grid *g;
        assert_int_equal(lte_grid_create(&c, &g), 0);
        int mbit = cp ? 1728 : 1920, N = cp ? 6 : 7;
        uint8_t mib[24], e[1920], cs[1920];
        for (int i = 0; i < 24; i++)
            mib[i] = (uint8_t)((i * 7) % 3 == 0);
        assert_int_equal(lte_bch_encode(mib, 1, mbit, e), 0);
        assert_int_equal(lte_gold_bits(77, mbit, cs), 0);
        for (int sfn = 8; sfn < 12; sfn++) {
            assert_int_equal(lte_grid_set_subframe(g, 0), 0);
            assert_int_equal(lte_pbch_map(g, mib, sfn, 1.0f), 0);
            int j = (sfn % 4) * mbit / 4, n = 0;
            for (int l = 0; l < g->n_symb; l++)
                for (int k = 0; k < g->n_sc; k++) {
                    int idx = l * g->n_sc + k;
                    if (g->map[idx] != LTE_RE_PBCH) {
                        assert_true(g->port[0][idx] == 0);
                        continue;
                    }
                    assert_true(l >= N && l < N + 4);
                    int b0 = e[j] ^ cs[j], b1 = e[j + 1] ^ cs[j + 1];
                    float complex d = (float)M_SQRT1_2 * ((1 - 2 * b0) + I * (1 - 2 * b1));
                    assert_true(cabsf(g->port[0][idx] - d) < 1e-6f);
                    j += 2;
                    n++;
                }
            assert_int_equal(n, mbit / 8);
        }
        lte_grid_destroy(g);
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 31);
    static const int nrbs[6] = {6, 15, 25, 50, 75, 100};
    for (int b = 0; b < 6; b++)
        for (int pi = 0; pi < 3; pi++)
            for (int random = 0; random < 2; random++) {
                int ports = 1 << pi;
                lte_cell_cfg c;
                lte_cell_cfg_init(&c);
                c.n_rb = nrbs[b];
                c.n_ports = ports;
                c.cp = (b + pi) % 2 ? LTE_CP_EXTENDED : LTE_CP_NORMAL;
                c.cell_id = (int)(tu_rand(&r) % 504);
                lte_grid *g;
                lte_dlrx *rx;
                assert_int_equal(lte_grid_create(&c, &g), 0);
                assert_int_equal(lte_dlrx_create(&c, 4, &rx), 0);
                lte_mib m = {c.n_rb, LTE_PHICH_NORMAL, (lte_phich_ng)(b % 4),
                             4 * (int)(tu_rand(&r) % 256)};
                uint8_t bits[24];
                tchan ch;
                /* ideal: n_rx = 4 with identity on the ports that exist;
                 * random: 2 antennas, channels of all 4 ports given */
                tchan_init(&ch, g->n_re, random ? 2 : 4, 4);
                for (int f = 0; f < 4; f++) {
                    lte_mib mf = m;
                    mf.sfn = m.sfn + f;
                    assert_int_equal(lte_mib_pack(&mf, bits), 0);
                    assert_int_equal(lte_grid_set_subframe(g, 0), 0);
                    assert_int_equal(lte_pbch_map(g, bits, mf.sfn, 1.0f), 0);
                    tchan_apply(&ch, g, random, 0.05f, LTE_EQ_MMSE, &r);
                    lte_pbch_result res;
                    int rc = lte_pbch_decode(rx, g, &ch.in, &res);
                    if (rc)
                        print_error("n_rb %d ports %d random %d frame %d: %s\n", c.n_rb, ports,
                                    random, f, lte_errdetail());
                    assert_int_equal(rc, 0);
                    assert_int_equal(res.n_ports, ports);
                    assert_int_equal(res.frame_offset, mf.sfn % 4);
                    assert_memory_equal(res.mib, bits, 24);
                    lte_mib back;
                    assert_int_equal(lte_mib_unpack(res.mib, res.frame_offset, &back), 0);
                    assert_int_equal(back.sfn, mf.sfn);
                    assert_int_equal(back.n_rb, c.n_rb);
                }
                tchan_free(&ch);
                lte_dlrx_destroy(rx);
                lte_grid_destroy(g);
            }
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    lte_grid *g;
    lte_dlrx *rx;
    assert_int_equal(lte_grid_create(&c, &g), 0);
    assert_int_equal(lte_dlrx_create(&c, 1, &rx), 0);
    uint8_t mib[24] = {0};
    assert_int_equal(lte_grid_set_subframe(g, 1), 0);
    assert_int_equal(lte_pbch_map(g, mib, 0, 1), LTE_EINVAL); /* not subframe 0 */
    assert_int_equal(lte_grid_set_subframe(g, 0), 0);
    assert_int_equal(lte_pbch_map(g, mib, 1024, 1), LTE_EINVAL);
    assert_int_equal(lte_pbch_map(g, NULL, 0, 1), LTE_EINVAL);
    assert_int_equal(lte_pbch_map(NULL, mib, 0, 1), LTE_EINVAL);
    /* nothing transmitted: no port count and offset decodes */
    tchan ch;
    tchan_init(&ch, g->n_re, 1, 1);
    tu_rng r;
    tu_rng_seed(&r, 1);
    tchan_apply(&ch, g, 1, 0.1f, LTE_EQ_ZF, &r);
    lte_pbch_result res;
    assert_int_equal(lte_pbch_decode(rx, g, &ch.in, &res), LTE_ECRC);
    ch.in.n_rx = 2; /* more than the receiver was made for */
    assert_int_equal(lte_pbch_decode(rx, g, &ch.in, &res), LTE_EINVAL);
    assert_int_equal(lte_pbch_decode(rx, g, &ch.in, NULL), LTE_EINVAL);
    tchan_free(&ch);
    lte_dlrx_destroy(rx);
    lte_grid_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mib_layout),
        cmocka_unit_test(test_tx_model),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
