/* Tests of the channel scrambling of 36.211 §5.3.1, §6.3.1, §6.5.1-§6.9.1:
 * c_init against the spec formulas written out here (and a few values
 * worked by hand), the scrambled bits against a bit-serial model of the
 * Gold sequence (§7.2) written here, descramble(scramble) round trips on
 * every SIMD path, the PBCH frame offsets and argument checking.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/error.h"
#include "ltephy/modulation.h"
#include "ltephy/scrambling.h"
#include "phy/modulation_internal.h"
#include "tests/common/testutil.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* c(0..n-1) of §7.2, one bit per step, straight from the recursions. */
static void gold_serial(uint32_t c_init, int n, uint8_t *c)
{
    int len = 1600 + n + 31;
    uint8_t *x1 = calloc((size_t)len, 1), *x2 = calloc((size_t)len, 1);
    assert_non_null(x1);
    assert_non_null(x2);
    x1[0] = 1;
    for (int i = 0; i < 31; i++)
        x2[i] = (uint8_t)((c_init >> i) & 1u);
    for (int i = 0; i + 31 < len; i++) {
        x1[i + 31] = (uint8_t)((x1[i + 3] + x1[i]) % 2);
        x2[i + 31] = (uint8_t)((x2[i + 3] + x2[i + 2] + x2[i + 1] + x2[i]) % 2);
    }
    for (int i = 0; i < n; i++)
        c[i] = (uint8_t)((x1[i + 1600] + x2[i + 1600]) % 2);
    free(x1);
    free(x2);
}

static const int rntis[] = {0, 1, 2, 61, 0x1234, 0xfff3, 0xfffe, 0xffff};
static const int cells[] = {0, 1, 2, 101, 250, 377, 502, 503};

static void test_cinit_data(void **state)
{
    (void)state;
    for (unsigned a = 0; a < NELEM(rntis); a++)
        for (int q = 0; q < 2; q++)
            for (int ns = 0; ns < 20; ns++)
                for (unsigned b = 0; b < NELEM(cells); b++) {
                    /* n_RNTI 2^14 + q 2^13 + floor(n_s/2) 2^9 + N_ID^cell */
                    double want = rntis[a] * 16384.0 + q * 8192.0 + floor(ns / 2.0) * 512.0 +
                                  cells[b];
                    uint32_t c1 = 0, c2 = 0;
                    assert_int_equal(lte_scr_cinit_pdsch(rntis[a], q, ns, cells[b], &c1), 0);
                    assert_int_equal(lte_scr_cinit_pusch(rntis[a], q, ns, cells[b], &c2), 0);
                    assert_true((double)c1 == want);
                    assert_true((double)c2 == want);
                }
    /* worked by hand: RNTI 0x1234 = 4660, q = 1, slot 7, cell 101:
     * 4660*16384 + 8192 + 3*512 + 101 = 76359269 */
    uint32_t c;
    assert_int_equal(lte_scr_cinit_pdsch(0x1234, 1, 7, 101, &c), 0);
    assert_int_equal(c, 76359269u);
    /* the largest value stays below 2^31 */
    assert_int_equal(lte_scr_cinit_pdsch(0xffff, 1, 19, 503, &c), 0);
    assert_int_equal(c, 1073738743u);
}

static void test_cinit_control(void **state)
{
    (void)state;
    for (int ns = 0; ns < 20; ns++)
        for (unsigned b = 0; b < NELEM(cells); b++) {
            int id = cells[b];
            double ctrl = (floor(ns / 2.0) + 1) * (2.0 * id + 1) * 512.0 + id;
            double pdcch = floor(ns / 2.0) * 512.0 + id;
            uint32_t c;
            assert_int_equal(lte_scr_cinit_pcfich(ns, id, &c), 0);
            assert_true((double)c == ctrl);
            assert_int_equal(lte_scr_cinit_phich(ns, id, &c), 0);
            assert_true((double)c == ctrl);
            assert_int_equal(lte_scr_cinit_pdcch(ns, id, &c), 0);
            assert_true((double)c == pdcch);
            assert_int_equal(lte_scr_cinit_pbch(id, &c), 0);
            assert_int_equal(c, (uint32_t)id);
        }
    for (int ns = 0; ns < 20; ns++)
        for (int m = 0; m < 256; m += 17) {
            uint32_t c;
            assert_int_equal(lte_scr_cinit_pmch(ns, m, &c), 0);
            assert_true((double)c == floor(ns / 2.0) * 512.0 + m);
        }
    /* by hand: PCFICH slot 7, cell 101: 4 * 203 * 512 + 101 = 415845;
     * slot 19, cell 503: 10 * 1007 * 512 + 503 = 5156343 */
    uint32_t c;
    assert_int_equal(lte_scr_cinit_pcfich(7, 101, &c), 0);
    assert_int_equal(c, 415845u);
    assert_int_equal(lte_scr_cinit_phich(19, 503, &c), 0);
    assert_int_equal(c, 5156343u);
}

static void test_scramble_model(void **state)
{
    (void)state;
    enum { N = 3001 };
    static uint8_t in[N], out[N], c[N];
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    tu_rng rng;
    tu_rng_seed(&rng, 7);
    const uint32_t cinits[] = {0, 1, 415845u, 76359269u, 0x7fffffffu};
    for (unsigned t = 0; t < NELEM(cinits); t++) {
        gold_serial(cinits[t], N, c);
        tu_random_bits(&rng, in, N);
        for (int p = 0; p < np; p++) {
            assert_int_equal(lte_scramble_bits(cinits[t], 0, in, N, out, paths[p]), 0);
            for (int i = 0; i < N; i++)
                assert_int_equal(out[i], in[i] ^ c[i]);
        }
    }
}

/* Scrambling with an offset equals the tail of scrambling from 0; the PBCH
 * offsets of frames n_f = 0..7. */
static void test_offset_pbch(void **state)
{
    (void)state;
    static uint8_t in[LTE_PBCH_BITS_NORMAL], full[LTE_PBCH_BITS_NORMAL], part[480];
    tu_rng rng;
    tu_rng_seed(&rng, 11);
    tu_random_bits(&rng, in, LTE_PBCH_BITS_NORMAL);
    uint32_t c_init;
    assert_int_equal(lte_scr_cinit_pbch(301, &c_init), 0);
    assert_int_equal(lte_scramble_bits(c_init, 0, in, LTE_PBCH_BITS_NORMAL, full, LTE_SIMD_AUTO),
                     0);
    for (int nf = 0; nf < 8; nf++) {
        int off = lte_scr_pbch_offset(nf, 0);
        assert_int_equal(off, 480 * (nf % 4));
        assert_int_equal(lte_scr_pbch_offset(nf, 1), 432 * (nf % 4));
        assert_int_equal(lte_scramble_bits(c_init, off, in + off, 480, part, LTE_SIMD_SCALAR), 0);
        assert_memory_equal(part, full + off, 480);
        /* soft values follow the same sequence */
        float llr[480];
        for (int i = 0; i < 480; i++)
            llr[i] = part[i] ? -1.5f : 1.5f;
        assert_int_equal(lte_descramble_llr(c_init, off, llr, 480, LTE_SIMD_AUTO), 0);
        for (int i = 0; i < 480; i++)
            assert_true(llr[i] == (in[off + i] ? -1.5f : 1.5f));
    }
}

/* descramble(scramble(b)) carries the original bit in the LLR sign, and
 * flipping is exact (magnitudes, zeros and infinities unchanged). */
static void test_roundtrip(void **state)
{
    (void)state;
    enum { N = 6000 };
    static uint8_t b[N], s[N], s2[N];
    static float llr[N], mag[N];
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    tu_rng rng;
    tu_rng_seed(&rng, 3);
    for (int p = 0; p < np; p++)
        for (int t = 0; t < 20; t++) {
            uint32_t c_init;
            assert_int_equal(lte_scr_cinit_pdsch((int)(tu_rand(&rng) & 0xffff),
                                                 (int)(tu_rand(&rng) & 1),
                                                 (int)(tu_rand(&rng) % 20),
                                                 (int)(tu_rand(&rng) % 504), &c_init),
                             0);
            int n = 1 + (int)(tu_rand(&rng) % N);
            tu_random_bits(&rng, b, n);
            assert_int_equal(lte_scramble_bits(c_init, 0, b, n, s, paths[p]), 0);
            for (int i = 0; i < n; i++) {
                mag[i] = i % 97 == 0   ? 0.0f
                         : i % 89 == 0 ? INFINITY
                                       : (float)tu_uniform(&rng) * 8;
                llr[i] = s[i] ? -mag[i] : mag[i];
            }
            assert_int_equal(lte_descramble_llr(c_init, 0, llr, n, paths[p]), 0);
            for (int i = 0; i < n; i++) {
                assert_true(fabsf(llr[i]) == mag[i]);
                if (mag[i] != 0)
                    assert_int_equal(signbit(llr[i]) ? 1 : 0, b[i]);
            }
            /* scrambling twice is the identity, in place too */
            memcpy(s2, s, (size_t)n);
            assert_int_equal(lte_scramble_bits(c_init, 0, s2, n, s2, paths[p]), 0);
            assert_memory_equal(s2, b, (size_t)n);
        }
}

static void test_bad_args(void **state)
{
    (void)state;
    uint32_t c;
    uint8_t bits[8] = {0};
    float llr[8] = {0};
    assert_int_equal(lte_scr_cinit_pdsch(-1, 0, 0, 0, &c), LTE_EINVAL);
    assert_int_equal(lte_scr_cinit_pdsch(65536, 0, 0, 0, &c), LTE_EINVAL);
    assert_int_equal(lte_scr_cinit_pdsch(1, 2, 0, 0, &c), LTE_EINVAL);
    assert_int_equal(lte_scr_cinit_pdsch(1, 0, 20, 0, &c), LTE_EINVAL);
    assert_int_equal(lte_scr_cinit_pdsch(1, 0, -1, 0, &c), LTE_EINVAL);
    assert_int_equal(lte_scr_cinit_pdsch(1, 0, 0, 504, &c), LTE_EINVAL);
    assert_int_equal(lte_scr_cinit_pdsch(1, 0, 0, 0, NULL), LTE_EINVAL);
    assert_int_equal(lte_scr_cinit_pusch(1, -1, 0, 0, &c), LTE_EINVAL);
    assert_int_equal(lte_scr_cinit_pmch(0, 256, &c), LTE_EINVAL);
    assert_int_equal(lte_scr_cinit_pbch(-1, &c), LTE_EINVAL);
    assert_int_equal(lte_scr_cinit_pcfich(20, 0, &c), LTE_EINVAL);
    assert_int_equal(lte_scr_cinit_pdcch(0, 600, &c), LTE_EINVAL);
    assert_int_equal(lte_scr_cinit_phich(0, 0, NULL), LTE_EINVAL);
    assert_int_equal(lte_scr_pbch_offset(-1, 0), LTE_EINVAL);
    assert_int_equal(lte_scr_pbch_offset(0, 2), LTE_EINVAL);
    assert_int_equal(lte_scramble_bits(1u << 31, 0, bits, 8, bits, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_scramble_bits(1, 0, NULL, 8, bits, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_scramble_bits(1, 0, bits, -1, bits, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_scramble_bits(1, -1, bits, 8, bits, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_scramble_bits(1, LTE_SCR_SPAN_MAX - 7, bits, 8, bits, LTE_SIMD_AUTO),
                     LTE_EINVAL);
    assert_int_equal(lte_descramble_llr(1, 0, NULL, 8, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_int_equal(lte_descramble_llr(1, 8190, llr, 8, LTE_SIMD_AUTO), LTE_EINVAL);
    assert_true(strlen(lte_errdetail()) > 0);
    /* n = 0 is a valid no-op, also with NULL buffers */
    assert_int_equal(lte_scramble_bits(1, 0, NULL, 0, NULL, LTE_SIMD_AUTO), 0);
}

/* The transmitters' fused scrambling + modulation + RE mapping
 * (phy/modulation_internal.h) against the separate public stages it
 * replaces: lte_scramble_bits, lte_mod_map, amp * symbol, scatter. Every
 * modulation, lengths with partial groups, input bytes other than 0/1. */
static void test_fused_scramble_map(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 31);
    static const lte_mod mods[] = {LTE_MOD_QPSK, LTE_MOD_16QAM, LTE_MOD_64QAM, LTE_MOD_256QAM};
    enum { NS = 700 };
    uint8_t *bits = malloc(NS * 8), *scr = malloc(NS * 8);
    uint64_t *words = malloc(sizeof(uint64_t) * (NS * 8 / 64 + 1));
    float complex *ref = malloc(sizeof *ref * NS), *got = malloc(sizeof *got * 2 * NS);
    uint32_t *idx = malloc(sizeof *idx * NS);
    assert_true(bits && scr && words && ref && got && idx);
    for (int t = 0; t < 40; t++) {
        lte_mod mod = mods[t % 4];
        int q = (int)mod, n_sym = t < 8 ? t : (int)(tu_rand(&r) % NS);
        uint32_t c_init = tu_rand(&r) & 0x7fffffffu;
        float amp = t % 3 == 0 ? 1.0f : (float)(0.25 + tu_uniform(&r));
        for (int i = 0; i < n_sym * q; i++) {
            uint32_t v = tu_rand(&r);
            bits[i] = (v & 7) == 0 ? (uint8_t)(v >> 8) : (uint8_t)(v >> 4 & 1);
        }
        assert_int_equal(lte_scramble_bits(c_init, 0, bits, n_sym * q, scr, LTE_SIMD_AUTO), 0);
        assert_int_equal(lte_mod_map(mod, scr, n_sym * q, ref), 0);
        for (int s = 0; s < n_sym; s++)
            ref[s] = amp * ref[s];
        /* in order */
        assert_int_equal(lte_mod_map_scrambled(mod, bits, n_sym * q, c_init, words, amp, NULL,
                                               got), 0);
        assert_memory_equal(got, ref, sizeof *ref * (size_t)n_sym);
        /* scattered to every other slot, backwards */
        for (int s = 0; s < n_sym; s++)
            idx[s] = (uint32_t)(2 * (n_sym - 1 - s));
        memset(got, 0, sizeof *got * 2 * NS);
        assert_int_equal(lte_mod_map_scrambled(mod, bits, n_sym * q, c_init, words, amp, idx,
                                               got), 0);
        for (int s = 0; s < n_sym; s++) {
            assert_memory_equal(&got[idx[s]], &ref[s], sizeof *ref);
            assert_true(crealf(got[idx[s] + 1]) == 0.0f && cimagf(got[idx[s] + 1]) == 0.0f);
        }
    }
    assert_int_equal(lte_mod_map_scrambled(LTE_MOD_BPSK, bits, 2, 1, words, 1, NULL, got),
                     LTE_EINVAL);
    assert_int_equal(lte_mod_map_scrambled(LTE_MOD_64QAM, bits, 7, 1, words, 1, NULL, got),
                     LTE_EINVAL);
    assert_int_equal(lte_mod_map_scrambled(LTE_MOD_QPSK, bits, 2, 1u << 31, words, 1, NULL, got),
                     LTE_EINVAL);
    free(bits);
    free(scr);
    free(words);
    free(ref);
    free(got);
    free(idx);
}

/* Random c_init, offsets and lengths on every path against the bit-serial
 * model: out[i] = in[i] ^ c(offset+i) and exactly the sign bit of soft value
 * i flipped where c(offset+i) = 1 (bit patterns compared, so -0, inf and
 * NaN payloads are checked too); nothing past n touched. */
static void test_offset_random(void **state)
{
    (void)state;
    static uint8_t c[LTE_SCR_SPAN_MAX], in[LTE_SCR_SPAN_MAX], out[LTE_SCR_SPAN_MAX + 1];
    static uint32_t u0[LTE_SCR_SPAN_MAX], u[LTE_SCR_SPAN_MAX + 1];
    static const uint32_t special[] = {0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u,
                                       0x7fc00001u, 0x3fc00000u};
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    tu_rng rng;
    tu_rng_seed(&rng, 99);
    for (int t = 0; t < 40; t++) {
        uint32_t c_init = tu_rand(&rng) & 0x7fffffffu;
        int off = t < 4 ? t : (int)(tu_rand(&rng) % 3000);
        int n = 1 + (int)(tu_rand(&rng) % (unsigned)(LTE_SCR_SPAN_MAX - off));
        gold_serial(c_init, off + n, c);
        tu_random_bits(&rng, in, n);
        for (int i = 0; i < n; i++) {
            uint32_t v = tu_rand(&rng);
            u0[i] = v % 5 == 0 ? special[v % 6] : tu_rand(&rng);
        }
        for (int p = 0; p < np; p++) {
            out[n] = 0x77;
            assert_int_equal(lte_scramble_bits(c_init, off, in, n, out, paths[p]), 0);
            for (int i = 0; i < n; i++)
                assert_int_equal(out[i], in[i] ^ c[off + i]);
            assert_int_equal(out[n], 0x77);
            memcpy(u, u0, sizeof u0[0] * (size_t)n);
            u[n] = 0xdeadbeefu;
            assert_int_equal(lte_descramble_llr(c_init, off, (float *)u, n, paths[p]), 0);
            for (int i = 0; i < n; i++)
                assert_int_equal(u[i], u0[i] ^ (uint32_t)c[off + i] << 31);
            assert_int_equal(u[n], 0xdeadbeefu);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cinit_data),    cmocka_unit_test(test_cinit_control),
        cmocka_unit_test(test_scramble_model), cmocka_unit_test(test_offset_pbch),
        cmocka_unit_test(test_roundtrip),     cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_fused_scramble_map), cmocka_unit_test(test_offset_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
