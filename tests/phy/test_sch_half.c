/* lte_sch_cfg.half_stop: the DL-SCH/UL-SCH decoder with the fixed-point turbo
 * decoder's half-iteration stop (turbo_fx.h section 8) against the same
 * decoder without it, over transport blocks of 1, 4 and 13 code blocks, both
 * widths, code rates 1/2 and 0.85, from error-free to failing noise levels.
 * Expectations that do not come from the option itself:
 *  - the transmitted transport block (seeded random bits): whenever either
 *    decoder reports the TB CRC as passed, its bits are those;
 *  - the decoder without the option: wherever it passes, the option passes
 *    too, in no more iterations; where neither passes, both ran max_iter;
 *  - noiseless input at rate 1/2 (every parity bit sent): every block
 *    stops after half-iteration 1 with the option (halves 1) and after
 *    iteration 1 without it (halves 2). At rate 0.85 the punctured parity
 *    leaves decoder 1 alone short of the state information it needs in the
 *    first iteration (its windows start from unknown states), so there the
 *    option may save nothing;
 *  - a bad half_stop (or release_ok) value is refused at creation.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/sch.h"
#include "tests/common/testutil.h"

static lte_sch_cfg cfg_of(int tbs_max, int decoder, int half_stop)
{
    lte_sch_cfg c = {0};
    c.tbs_max = tbs_max;
    c.decoder = decoder;
    c.alg = LTE_TURBO_MAX_LOG_MAP;
    c.ext_scale = 0.75f;
    c.max_iter = 8;
    c.threads = 1;
    c.half_stop = half_stop;
    return c;
}

/* QPSK-like unit-energy bits through AWGN of variance s2 per bit: LLR 2y/s2
 * (s2 = 0: noiseless, +-4) */
static void channel(tu_rng *r, const uint8_t *f, int G, double s2, float *llr)
{
    for (int i = 0; i < G; i++) {
        double x = f[i] ? -1.0 : 1.0;
        llr[i] = s2 > 0 ? (float)(2.0 * (x + sqrt(s2) * tu_gauss(r)) / s2) : (float)(4.0 * x);
    }
}

static void test_same_blocks_fewer_halves(void **state)
{
    (void)state;
    static const int tbs[] = {1000, 20000, 75376};
    static const double rate[] = {0.5, 0.85};
    tu_rng r;
    tu_rng_seed(&r, 4242);
    int stopped_half = 0, compared = 0, failed_both = 0;
    for (size_t t = 0; t < sizeof tbs / sizeof tbs[0]; t++)
        for (int w = 0; w < 2; w++)
            for (size_t q = 0; q < sizeof rate / sizeof rate[0]; q++) {
                const int dec_w = w ? LTE_SCH_DEC_FX16 : LTE_SCH_DEC_FX8;
                lte_sch_cfg c0 = cfg_of(tbs[t], dec_w, 0), c1 = cfg_of(tbs[t], dec_w, 1);
                lte_sch_enc *enc = NULL;
                lte_sch_dec *d0 = NULL, *d1 = NULL;
                lte_sch_harq *h0 = NULL, *h1 = NULL;
                assert_int_equal(lte_sch_enc_create(&c0, &enc), 0);
                assert_int_equal(lte_sch_dec_create(&c0, &d0), 0);
                assert_int_equal(lte_sch_dec_create(&c1, &d1), 0);
                assert_int_equal(lte_sch_harq_create(tbs[t], &h0), 0);
                assert_int_equal(lte_sch_harq_create(tbs[t], &h1), 0);
                int G = (int)(tbs[t] / rate[q]) / 2 * 2;
                lte_sch_tx tx = {tbs[t], G, 2, 1, 0};
                uint8_t *a = malloc((size_t)tbs[t]), *f = malloc((size_t)G);
                uint8_t *b0 = malloc((size_t)tbs[t]), *b1 = malloc((size_t)tbs[t]);
                float *llr = malloc(sizeof(float) * (size_t)G);
                /* noise per bit: none, then from easy to hopeless for the rate */
                const double s2s[] = {0.0, 0.15, 0.35, 0.5, 0.6, 0.75, 1.0, 2.0};
                for (size_t k = 0; k < sizeof s2s / sizeof s2s[0]; k++) {
                    tu_random_bits(&r, a, tbs[t]);
                    assert_int_equal(lte_sch_encode(enc, &tx, a, f), 0);
                    channel(&r, f, G, s2s[k] * (rate[q] > 0.6 ? 0.5 : 1.0), llr);
                    lte_sch_result r0, r1;
                    lte_sch_harq_reset(h0);
                    lte_sch_harq_reset(h1);
                    assert_int_equal(lte_sch_decode(d0, h0, &tx, llr, b0, &r0), 0);
                    assert_int_equal(lte_sch_decode(d1, h1, &tx, llr, b1, &r1), 0);
                    compared++;
                    if (r0.crc_ok)
                        assert_memory_equal(b0, a, (size_t)tbs[t]);
                    if (r1.crc_ok)
                        assert_memory_equal(b1, a, (size_t)tbs[t]);
                    if (r0.crc_ok) {
                        assert_true(r1.crc_ok);
                        assert_true(r1.iterations_max <= r0.iterations_max);
                        assert_true(r1.halves_max <= r0.halves_max);
                    }
                    if (!r0.crc_ok && !r1.crc_ok) {
                        failed_both++;
                        assert_int_equal(r0.iterations_max, 8);
                        assert_int_equal(r1.iterations_max, 8);
                    }
                    /* without the option every block runs whole iterations */
                    assert_int_equal(r0.halves_max, 2 * r0.iterations_max);
                    assert_true(fabsf(r0.halves_mean - 2.0f * r0.iterations_mean) < 1e-4f);
                    assert_true(r1.halves_max == 2 * r1.iterations_max ||
                                r1.halves_max == 2 * r1.iterations_max - 1);
                    if (s2s[k] == 0.0) {
                        assert_true(r0.crc_ok && r1.crc_ok);
                        if (rate[q] < 0.6) { /* every parity bit sent: one half does it */
                            assert_int_equal(r0.iterations_max, 1);
                            assert_int_equal(r0.halves_max, 2);
                            assert_int_equal(r1.iterations_max, 1);
                            assert_int_equal(r1.halves_max, 1);
                        }
                    }
                    stopped_half += r1.halves_max % 2;
                }
                free(a), free(f), free(b0), free(b1), free(llr);
                lte_sch_harq_destroy(h0), lte_sch_harq_destroy(h1);
                lte_sch_dec_destroy(d0), lte_sch_dec_destroy(d1);
                lte_sch_enc_destroy(enc);
            }
    print_message("%d decodes compared, %d with the most half-iterations odd (stopped after a half 1), "
                  "%d failed both ways\n",
                  compared, stopped_half, failed_both);
    assert_true(stopped_half > 12); /* the noiseless cases and more */
    assert_true(failed_both > 0);   /* the failing noise levels were reached */
}

static void test_bad_value(void **state)
{
    (void)state;
    lte_sch_cfg c = cfg_of(1000, LTE_SCH_DEC_FX8, 2);
    lte_sch_dec *d = NULL;
    assert_int_equal(lte_sch_dec_create(&c, &d), LTE_EINVAL);
    assert_null(d);
    c.half_stop = -1;
    assert_int_equal(lte_sch_dec_create(&c, &d), LTE_EINVAL);
    /* and lte_sch_cfg.release_ok, its neighbour (test_sch_release.c) */
    c.half_stop = 0;
    c.release_ok = 2;
    assert_int_equal(lte_sch_dec_create(&c, &d), LTE_EINVAL);
    assert_null(d);
    c.release_ok = -1;
    assert_int_equal(lte_sch_dec_create(&c, &d), LTE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_blocks_fewer_halves),
        cmocka_unit_test(test_bad_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
