/* Tests of the Gold sequence of 36.211 §7.2 (kernels/gold.c).
 *
 * Independent references: a plain array model written here from the
 * recursions as printed in 36.211 §7.2 (x1, x2 stored bit per element,
 * c(n) = x1(n+1600) + x2(n+1600)); bits of x1 derived by hand; the
 * library's bit-serial shift-register reference.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "ltephy/bits.h"
#include "ltephy/error.h"
#include "kernels/gold_impl.h"
#include "ltephy/gold.h"
#include "tests/common/testutil.h"

#define NC 1600

/* c(0..n-1) straight from the definition, one array element per bit. */
static void array_model(uint32_t c_init, int n, uint8_t *c)
{
    int total = NC + n + 31;
    uint8_t *x1 = calloc((size_t)total, 1), *x2 = calloc((size_t)total, 1);
    assert_non_null(x1);
    assert_non_null(x2);
    x1[0] = 1; /* x1(0) = 1, x1(n) = 0 for n = 1..30 */
    for (int i = 0; i < 31; i++) /* c_init = sum x2(i)·2^i */
        x2[i] = (c_init >> i) & 1u;
    for (int m = 0; m + 31 < total; m++) {
        x1[m + 31] = (uint8_t)((x1[m + 3] + x1[m]) % 2);
        x2[m + 31] = (uint8_t)((x2[m + 3] + x2[m + 2] + x2[m + 1] + x2[m]) % 2);
    }
    for (int i = 0; i < n; i++)
        c[i] = (uint8_t)((x1[i + NC] + x2[i + NC]) % 2);
    free(x1);
    free(x2);
}

/* Hand derivation of x1: x1(31) = x1(3)+x1(0) = 1; x1(32..58) = 0 (both taps
 * in the zero initial state); x1(59) = x1(31)+x1(28) = 1; x1(60) =
 * x1(32)+x1(29) = 0; x1(61) = 0; x1(62) = x1(34)+x1(31) = 1. With c_init = 0,
 * x2 stays 0, so c(n) = x1(n+1600): the model must agree with the hand bits
 * (checked on the model's own x1 via a shortened Nc). */
static void test_x1_by_hand(void **state)
{
    (void)state;
    uint8_t x1[63] = {0};
    x1[0] = 1;
    for (int m = 0; m + 31 < 63; m++)
        x1[m + 31] = (uint8_t)((x1[m + 3] + x1[m]) % 2);
    for (int i = 0; i < 63; i++)
        assert_int_equal(x1[i], i == 0 || i == 31 || i == 59 || i == 62);
}

static const uint32_t cinits[] = {0, 1, 2, 3, 0x7fffffff, 0x40000000, 12345, 0x2aaaaaaa,
                                  0x55555555, 510, (65535u << 14) | (1u << 13) | (9u << 9) | 503};

static void test_fast_vs_models(void **state)
{
    (void)state;
    /* lengths around words (64), SIMD groups (32) and the 4096-bit chunk */
    const int lens[] = {0,    1,    2,    7,    8,    31,   32,   33,   63,   64,    65,
                        95,   127,  128,  129,  333,  1000, 1601, 4095, 4096, 4097, 4127,
                        4128, 4160, 6143, 8192, 8225, 12345};
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    uint8_t *m = malloc(12345), *ref = malloc(12345), *fast = malloc(12346);
    assert_non_null(m);
    assert_non_null(ref);
    assert_non_null(fast);
    for (size_t k = 0; k < sizeof cinits / sizeof cinits[0]; k++) {
        array_model(cinits[k], 12345, m);
        for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++) {
            int n = lens[l];
            memset(fast, 0x5a, 12346);
            assert_int_equal(lte_gold_bits_ref(cinits[k], n, ref), 0);
            assert_int_equal(lte_gold_bits(cinits[k], n, fast), 0);
            if (n) {
                assert_memory_equal(ref, m, (size_t)n); /* prefix of the long model */
                assert_memory_equal(fast, m, (size_t)n);
            }
            assert_int_equal(fast[n], 0x5a); /* nothing written beyond n */
            for (int p = 0; p < np; p++) {
                memset(fast, 0x5a, 12346);
                assert_int_equal(lte_gold_bits_path(cinits[k], n, paths[p], fast), 0);
                if (n)
                    assert_memory_equal(fast, m, (size_t)n);
                assert_int_equal(fast[n], 0x5a);
            }
        }
    }
    /* random c_init and lengths */
    tu_rng r;
    tu_rng_seed(&r, 2024);
    for (int t = 0; t < 100; t++) {
        uint32_t ci = tu_rand(&r) >> 1;
        int n = (int)(tu_rand(&r) % 3000);
        assert_int_equal(lte_gold_bits_ref(ci, n, ref), 0);
        assert_int_equal(lte_gold_bits(ci, n, fast), 0);
        if (n > 0)
            assert_memory_equal(fast, ref, (size_t)n);
    }
    free(m);
    free(ref);
    free(fast);
}

/* c_init = 0: c(n) = x1(n+1600) alone, so c is the same for any x2-free
 * generator; and c_init = 0 and c_init = 1 differ (x2 contributes). */
static void test_cinit0_is_x1(void **state)
{
    (void)state;
    enum { N = 200 };
    uint8_t x1[NC + N + 31] = {0}, c[N], c1[N];
    x1[0] = 1;
    for (int m = 0; m + 31 < NC + N + 31; m++)
        x1[m + 31] = x1[m + 3] ^ x1[m];
    assert_int_equal(lte_gold_bits(0, N, c), 0);
    for (int i = 0; i < N; i++)
        assert_int_equal(c[i], x1[i + NC]);
    assert_int_equal(lte_gold_bits(1, N, c1), 0);
    assert_memory_not_equal(c, c1, N);
}

static void test_bytes(void **state)
{
    (void)state;
    uint8_t bits[2000], packed[251], got[251];
    for (int n = 0; n <= 2000; n += (n < 140 ? 1 : 37)) {
        assert_int_equal(lte_gold_bits(0x1234567, n, bits), 0);
        memset(packed, 0, sizeof packed);
        assert_int_equal(lte_bits_pack(bits, n, packed), 0);
        memset(got, 0xcc, sizeof got);
        assert_int_equal(lte_gold_bytes(0x1234567, n, got), 0);
        if (n > 0)
            assert_memory_equal(got, packed, (size_t)(n + 7) / 8);
        assert_int_equal(got[(n + 7) / 8], 0xcc); /* nothing written beyond */
    }
}

static void test_scramble(void **state)
{
    (void)state;
    enum { N = 1000 };
    tu_rng r;
    tu_rng_seed(&r, 7);
    uint8_t src[N], dst[N], c[N];
    tu_random_bits(&r, src, N);
    array_model(777, N, c);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int n = 0; n <= N; n += (n < 200 ? 1 : 97)) {
        assert_int_equal(lte_gold_scramble_bits(777, src, n, dst), 0);
        for (int i = 0; i < n; i++)
            assert_int_equal(dst[i], src[i] ^ c[i]);
        /* scrambling twice is the identity, in place */
        assert_int_equal(lte_gold_scramble_bits(777, dst, n, dst), 0);
        if (n > 0)
            assert_memory_equal(dst, src, (size_t)n);
        for (int p = 0; p < np; p++) {
            assert_int_equal(lte_gold_scramble_bits_path(777, src, n, paths[p], dst), 0);
            for (int i = 0; i < n; i++)
                assert_int_equal(dst[i], src[i] ^ c[i]);
        }
    }
}

static void test_descramble_llr(void **state)
{
    (void)state;
    enum { N = 777 };
    tu_rng r;
    tu_rng_seed(&r, 8);
    float llr[N], orig[N];
    uint8_t c[N], bits[N], tx[N];
    tu_random_bits(&r, bits, N);
    /* noiseless soft values of scrambled bits: +1 for 0, -1 for 1 */
    assert_int_equal(lte_gold_scramble_bits(4242, bits, N, tx), 0);
    for (int i = 0; i < N; i++)
        orig[i] = llr[i] = (tx[i] ? -1.0f : 1.0f) * (float)(1.0 + tu_uniform(&r));
    assert_int_equal(lte_gold_descramble_llr(4242, llr, N), 0);
    array_model(4242, N, c);
    for (int i = 0; i < N; i++) {
        assert_true(llr[i] == (c[i] ? -orig[i] : orig[i]));
        assert_int_equal(llr[i] < 0, bits[i]); /* hard decision recovers the data */
    }
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int p = 0; p < np; p++)
        for (int n = 0; n <= N; n += 37) {
            float x[N];
            memcpy(x, orig, sizeof x);
            assert_int_equal(lte_gold_descramble_llr_path(4242, x, n, paths[p]), 0);
            for (int i = 0; i < N; i++) /* exact sign flips, nothing beyond n */
                assert_true(x[i] == (i < n && c[i] ? -orig[i] : orig[i]));
        }
}

static void test_bad_args(void **state)
{
    (void)state;
    uint8_t b[8];
    float f[8];
    assert_int_equal(lte_gold_bits(1u << 31, 8, b), LTE_EINVAL);
    assert_int_equal(lte_gold_bits(0, -1, b), LTE_EINVAL);
    assert_int_equal(lte_gold_bits(0, 8, NULL), LTE_EINVAL);
    assert_int_equal(lte_gold_bits_ref(0xffffffffu, 8, b), LTE_EINVAL);
    assert_int_equal(lte_gold_bits_ref(0, -5, b), LTE_EINVAL);
    assert_int_equal(lte_gold_bits_ref(0, 8, NULL), LTE_EINVAL);
    assert_int_equal(lte_gold_bytes(1u << 31, 8, b), LTE_EINVAL);
    assert_int_equal(lte_gold_bytes(0, 8, NULL), LTE_EINVAL);
    assert_int_equal(lte_gold_scramble_bits(0, NULL, 8, b), LTE_EINVAL);
    assert_int_equal(lte_gold_scramble_bits(0, b, 8, NULL), LTE_EINVAL);
    assert_int_equal(lte_gold_scramble_bits(0, b, -8, b), LTE_EINVAL);
    assert_int_equal(lte_gold_descramble_llr(0, NULL, 8), LTE_EINVAL);
    assert_int_equal(lte_gold_descramble_llr(0, f, -1), LTE_EINVAL);
    assert_int_equal(lte_gold_descramble_llr(1u << 31, f, 8), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "c_init"));
    assert_int_equal(lte_gold_bits(0, 0, NULL), 0);
    assert_int_equal(lte_gold_bits_path(0, 8, (lte_simd_path)11, b), LTE_EINVAL);
    assert_int_equal(lte_gold_bits_path(1u << 31, 8, LTE_SIMD_SCALAR, b), LTE_EINVAL);
    assert_int_equal(lte_gold_scramble_bits_path(0, b, 8, (lte_simd_path)11, b), LTE_EINVAL);
    assert_int_equal(lte_gold_descramble_llr_path(0, f, 8, (lte_simd_path)11), LTE_EINVAL);
    for (int p = LTE_SIMD_AVX2; p <= LTE_SIMD_AVX512; p++)
        if (!lte_simd_available((lte_simd_path)p))
            assert_int_equal(lte_gold_bits_path(0, 8, (lte_simd_path)p, b), LTE_EUNSUPPORTED);
}

/* The packed words used for fused scrambling (kernels/gold_impl.h): bit i
 * of word k is c(64k+i) of the bit-serial reference, bits past n are 0. */
static void test_words(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 41);
    enum { NMAX = 3000 };
    uint8_t *ref = malloc(NMAX);
    uint64_t w[NMAX / 64 + 2];
    assert_non_null(ref);
    for (int t = 0; t < 30; t++) {
        int n = t < 3 ? 64 * t : (int)(tu_rand(&r) % NMAX);
        uint32_t c_init = t == 3 ? 0x7fffffffu : tu_rand(&r) & 0x7fffffffu;
        assert_int_equal(lte_gold_bits_ref(c_init, n, ref), 0);
        memset(w, 0xA5, sizeof w);
        lte_gold_words(c_init, n, w);
        int nw = (n + 63) / 64;
        for (int i = 0; i < 64 * nw; i++)
            assert_int_equal((int)(w[i / 64] >> (i % 64) & 1), i < n ? ref[i] : 0);
        assert_true(w[nw] == 0xA5A5A5A5A5A5A5A5ULL); /* nothing written past the last word */
    }
    free(ref);
}

/* Every path and every operation against the plain array model on random
 * c_init and lengths (short ones and ones around the 256/512-bit blocks and
 * the 4096-bit scalar chunk; one 20 MHz PDSCH G): unpacked and packed bits,
 * packed words, scrambling in and out of place (bytes other than 0/1 keep
 * their upper bits), exact sign flips of +-0, +-inf, NaN with payload and
 * ordinary values, the flip that also returns the words; nothing written
 * past n. */
static void test_paths_random(void **state)
{
    (void)state;
    enum { NMAX = 86400 + 64 };
    tu_rng r;
    tu_rng_seed(&r, 512);
    uint8_t *c = malloc(NMAX), *got = malloc(NMAX + 64), *src = malloc(NMAX);
    uint8_t *want = malloc(NMAX);
    uint32_t *u0 = malloc(sizeof *u0 * NMAX), *u = malloc(sizeof *u * (NMAX + 16));
    uint64_t *w = malloc(sizeof *w * (NMAX / 64 + 4));
    assert_true(c && got && src && want && u0 && u && w);
    static const uint32_t special[] = {0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u,
                                       0x7fc01234u, 0xffa00001u, 0x00000001u, 0x3f800000u};
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int t = 0; t < 60; t++) {
        int n = t == 0 ? 86400
                : t < 20 ? (int)(tu_rand(&r) % 80)
                : t < 40 ? 512 * (1 + (int)(tu_rand(&r) % 10)) + (int)(tu_rand(&r) % 5) - 2
                         : (int)(tu_rand(&r) % 9000);
        uint32_t ci = t == 1 ? 0x7fffffffu : tu_rand(&r) & 0x7fffffffu;
        array_model(ci, n, c);
        for (int i = 0; i < n; i++) {
            uint32_t v = tu_rand(&r);
            src[i] = (v & 7) == 0 ? (uint8_t)(v >> 8) : (uint8_t)(v >> 4 & 1);
            want[i] = src[i] ^ c[i];
            u0[i] = (v & 3) == 0 ? special[(v >> 2) % 8] : tu_rand(&r);
        }
        for (int p = 0; p < np; p++) {
            memset(got, 0x5a, (size_t)n + 64);
            assert_int_equal(lte_gold_bits_path(ci, n, paths[p], got), 0);
            if (n)
                assert_memory_equal(got, c, (size_t)n);
            assert_int_equal(got[n], 0x5a);

            memset(got, 0x5a, (size_t)n + 64);
            assert_int_equal(lte_gold_scramble_bits_path(ci, src, n, paths[p], got), 0);
            if (n)
                assert_memory_equal(got, want, (size_t)n);
            assert_int_equal(got[n], 0x5a);
            if (n) {
                memcpy(got, src, (size_t)n); /* in place */
                assert_int_equal(lte_gold_scramble_bits_path(ci, got, n, paths[p], got), 0);
                assert_memory_equal(got, want, (size_t)n);
            }

            int nb = (n + 7) / 8;
            memset(got, 0x5a, (size_t)nb + 64);
            assert_int_equal(lte_gold_bytes_path(ci, n, paths[p], got), 0);
            for (int i = 0; i < 8 * nb; i++) /* MSB first, zero padded */
                assert_int_equal(got[i / 8] >> (7 - i % 8) & 1, i < n ? c[i] : 0);
            assert_int_equal(got[nb], 0x5a);

            int nw = (n + 63) / 64;
            memset(w, 0xa5, sizeof *w * (size_t)(nw + 1));
            assert_int_equal(lte_gold_words_path(ci, n, paths[p], w), 0);
            for (int i = 0; i < 64 * nw; i++)
                assert_int_equal((int)(w[i / 64] >> (i % 64) & 1), i < n ? c[i] : 0);
            assert_true(w[nw] == 0xa5a5a5a5a5a5a5a5ULL);

            for (int with_words = 0; with_words < 2; with_words++) {
                memcpy(u, u0, sizeof *u * (size_t)n);
                u[n] = 0x12345678u;
                memset(w, 0xa5, sizeof *w * (size_t)(nw + 1));
                assert_int_equal(lte_gold_descramble_llr_words(ci, (float *)u, n, paths[p],
                                                               with_words ? w : NULL),
                                 0);
                for (int i = 0; i < n; i++) /* the sign bit flipped, nothing else */
                    assert_int_equal(u[i], u0[i] ^ (uint32_t)c[i] << 31);
                assert_int_equal(u[n], 0x12345678u);
                for (int i = 0; with_words && i < 64 * nw; i++)
                    assert_int_equal((int)(w[i / 64] >> (i % 64) & 1), i < n ? c[i] : 0);
                assert_true(w[with_words ? nw : 0] == 0xa5a5a5a5a5a5a5a5ULL);
            }
        }
    }
    free(c);
    free(got);
    free(src);
    free(want);
    free(u0);
    free(u);
    free(w);
}

/* The identity the generators rest on (gold_impl.h): with p(D)^32 =
 * p(D^32), x1(m) = x1(m-992) + x1(m-896) and x2(m) = x2(m-992) +
 * x2(m-960) + x2(m-928) + x2(m-896), checked on sequences made by the
 * degree-31 recursions as printed in §7.2. */
static void test_p32_identity(void **state)
{
    (void)state;
    enum { L = 4000 };
    uint8_t *x1 = calloc(L, 1), *x2 = calloc(L, 1);
    assert_non_null(x1);
    assert_non_null(x2);
    x1[0] = 1;
    for (int i = 0; i < 31; i++)
        x2[i] = (uint8_t)(0x5a5a5a5u >> i & 1u);
    for (int m = 0; m + 31 < L; m++) {
        x1[m + 31] = (uint8_t)((x1[m + 3] + x1[m]) % 2);
        x2[m + 31] = (uint8_t)((x2[m + 3] + x2[m + 2] + x2[m + 1] + x2[m]) % 2);
    }
    for (int m = 992; m < L; m++) {
        assert_int_equal(x1[m], x1[m - 992] ^ x1[m - 896]);
        assert_int_equal(x2[m], x2[m - 992] ^ x2[m - 960] ^ x2[m - 928] ^ x2[m - 896]);
    }
    free(x1);
    free(x2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x1_by_hand),
        cmocka_unit_test(test_fast_vs_models),
        cmocka_unit_test(test_cinit0_is_x1),
        cmocka_unit_test(test_bytes),
        cmocka_unit_test(test_scramble),
        cmocka_unit_test(test_descramble_llr),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_paths_random),
        cmocka_unit_test(test_p32_identity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
