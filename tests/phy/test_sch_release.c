/* lte_sch_cfg.release_ok: a TB that decodes releases its HARQ buffer, and a
 * first transmission is stored only when its TB fails (after decoding).
 * Expectations come from the decoder without the option, run on the same
 * inputs in lockstep:
 *  - until a TB has decoded with the option, every call (first
 *    transmissions, and retransmissions combined with stored failures) gives
 *    the same bits, CRC, code blocks passed, iterations and half-iterations
 *    as without it;
 *  - once it has decoded, the next transmission of that TB gives what a
 *    decoder without the option gives for that transmission alone (after a
 *    reset), which is the documented meaning of "released";
 *  - whatever passes its CRC carries the sent bits.
 * Float, 8-bit and 16-bit decoders; 1, 2 and 4 code blocks (filler bits in
 * the first); rates with and without repetition of the circular buffer
 * (the repeated case stores its copy by the other path); rv 0, 2, 3, 1.
 * (A bad release_ok value: test_sch_half.c's test_bad_value.)
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/sch.h"
#include "tests/common/testutil.h"

static lte_sch_cfg cfg_of(int tbs_max, int decoder, int release)
{
    lte_sch_cfg c = {0};
    c.tbs_max = tbs_max;
    c.decoder = decoder;
    c.alg = LTE_TURBO_MAX_LOG_MAP;
    c.ext_scale = 0.75f;
    c.max_iter = 6;
    c.threads = 1;
    c.half_stop = decoder != LTE_SCH_DEC_FLOAT;
    c.release_ok = release;
    return c;
}

/* BPSK bits through AWGN of variance s2: LLR 2y/s2 */
static void channel(tu_rng *r, const uint8_t *f, int G, double s2, float *llr)
{
    for (int i = 0; i < G; i++) {
        double x = f[i] ? -1.0 : 1.0;
        llr[i] = (float)(2.0 * (x + sqrt(s2) * tu_gauss(r)) / s2);
    }
}

static void same_result(const lte_sch_result *a, const lte_sch_result *b, const uint8_t *ba,
                        const uint8_t *bb, int tbs)
{
    assert_int_equal(a->crc_ok, b->crc_ok);
    assert_int_equal(a->cbs_ok, b->cbs_ok);
    assert_int_equal(a->iterations_max, b->iterations_max);
    assert_int_equal(a->halves_max, b->halves_max);
    assert_true(a->iterations_mean == b->iterations_mean);
    assert_memory_equal(ba, bb, (size_t)tbs);
}

static void test_lockstep(void **state)
{
    (void)state;
    static const int tbs_list[] = {1000, 7000, 20000};
    static const int decs[] = {LTE_SCH_DEC_FLOAT, LTE_SCH_DEC_FX8, LTE_SCH_DEC_FX16};
    static const double rates[] = {0.75, 0.28}; /* 0.28: E > the circular buffer */
    static const int rvs[] = {0, 2, 3, 1, 0, 2};
    tu_rng r;
    tu_rng_seed(&r, 9091);
    int combined = 0, released = 0, ok_first = 0;
    for (size_t t = 0; t < 3; t++)
        for (size_t d = 0; d < 3; d++)
            for (size_t q = 0; q < 2; q++) {
                const int tbs = tbs_list[t];
                if (decs[d] == LTE_SCH_DEC_FLOAT && tbs > 7000)
                    continue; /* the float decoder is slow; its path is the same */
                lte_sch_cfg ca = cfg_of(tbs, decs[d], 0), cb = cfg_of(tbs, decs[d], 1);
                lte_sch_enc *enc = NULL;
                lte_sch_dec *da = NULL, *db = NULL;
                lte_sch_harq *ha = NULL, *hb = NULL, *hc = NULL;
                assert_int_equal(lte_sch_enc_create(&ca, &enc), 0);
                assert_int_equal(lte_sch_dec_create(&ca, &da), 0);
                assert_int_equal(lte_sch_dec_create(&cb, &db), 0);
                assert_int_equal(lte_sch_harq_create(tbs, &ha), 0);
                assert_int_equal(lte_sch_harq_create(tbs, &hb), 0);
                assert_int_equal(lte_sch_harq_create(tbs, &hc), 0);
                const int G = (int)(tbs / rates[q]) / 2 * 2;
                uint8_t *a = malloc((size_t)tbs), *f = malloc((size_t)G);
                uint8_t *oa = malloc((size_t)tbs), *ob = malloc((size_t)tbs),
                        *oc = malloc((size_t)tbs);
                float *llr = malloc(sizeof(float) * (size_t)G);
                /* noise that fails alone at first and decodes combined, then
                 * easier transmissions: both kinds of call occur */
                const double s2_fail = rates[q] > 0.5 ? 1.6 : 4.5;
                for (int tb_no = 0; tb_no < 3; tb_no++) {
                    tu_random_bits(&r, a, tbs);
                    lte_sch_harq_reset(ha);
                    lte_sch_harq_reset(hb);
                    lte_sch_harq_reset(hc);
                    int since = 0; /* calls since hc's last reset */
                    for (int k = 0; k < 6; k++) {
                        lte_sch_tx tx = {tbs, G, 2, 1, rvs[k]};
                        assert_int_equal(lte_sch_encode(enc, &tx, a, f), 0);
                        double s2 = (tb_no == 0 || k < 2) ? s2_fail : s2_fail / (1 + k);
                        channel(&r, f, G, s2, llr);
                        lte_sch_result ra, rb, rc;
                        assert_int_equal(lte_sch_decode(da, ha, &tx, llr, oa, &ra), 0);
                        assert_int_equal(lte_sch_decode(db, hb, &tx, llr, ob, &rb), 0);
                        assert_int_equal(lte_sch_decode(da, hc, &tx, llr, oc, &rc), 0);
                        if (ra.crc_ok)
                            assert_memory_equal(oa, a, (size_t)tbs);
                        if (rb.crc_ok)
                            assert_memory_equal(ob, a, (size_t)tbs);
                        same_result(&rc, &rb, oc, ob, tbs);
                        combined += since > 0 && k > 0 && since == k;
                        released += since < k;
                        ok_first += k == 0 && rb.crc_ok;
                        since++;
                        if (rb.crc_ok) { /* released: the reference starts afresh too */
                            lte_sch_harq_reset(hc);
                            since = 0;
                        }
                    }
                }
                free(a), free(f), free(oa), free(ob), free(oc), free(llr);
                lte_sch_harq_destroy(ha), lte_sch_harq_destroy(hb), lte_sch_harq_destroy(hc);
                lte_sch_dec_destroy(da), lte_sch_dec_destroy(db);
                lte_sch_enc_destroy(enc);
            }
    print_message("%d retransmissions combined alike, %d after a release, %d first "
                  "transmissions decoded\n",
                  combined, released, ok_first);
    assert_true(combined > 10);
    assert_true(released > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lockstep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
