/* Tests of the turbo encoder (TS 36.212 §5.1.3.2).
 *
 * Independent checks:
 *  - each constituent code is checked against GF(2) polynomial long division:
 *    the parity of an RSC code with G(D) = [1, g1/g0] is z(D) = c(D)g1(D)/g0(D),
 *    and trellis termination means the systematic stream including its three
 *    tail bits is divisible by g0 (the register ends in state 0);
 *  - the word-at-a-time encoder equals the bit-serial one on every SIMD path
 *    the CPU has, for all 188 K with the QPP interleaver and for random
 *    permutations (and the default-path lte_turbo_encode with them).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ltephy/error.h"
#include "ltephy/tables.h"
#include "ltephy/turbo.h"
#include "tests/common/testutil.h"

#define KMAX LTE_TURBO_KMAX

static void random_perm(tu_rng *r, uint16_t *pi, int K)
{
    for (int i = 0; i < K; i++)
        pi[i] = (uint16_t)i;
    for (int i = K - 1; i > 0; i--) { /* Fisher-Yates */
        int j = (int)(tu_rand(r) % (uint32_t)(i + 1));
        uint16_t t = pi[i];
        pi[i] = pi[j];
        pi[j] = t;
    }
}

/* Power-series division u(D)/g0(D) over GF(2), g0 = 1 + D^2 + D^3, by
 * schoolbook elimination of the lowest term: q[0..n-1] is the quotient,
 * rem[0..2] what is left at D^n, D^(n+1), D^(n+2) (zero iff g0 | u). */
static void gf2_div_g0(const uint8_t *u, int n, uint8_t *q, uint8_t rem[3])
{
    uint8_t *r = calloc((size_t)n + 3, 1);
    assert_non_null(r);
    memcpy(r, u, (size_t)n);
    for (int k = 0; k < n; k++) {
        q[k] = r[k];
        if (q[k]) { /* subtract D^k g0(D) */
            r[k] ^= 1;
            r[k + 2] ^= 1;
            r[k + 3] ^= 1;
        }
        assert_int_equal(r[k], 0);
    }
    memcpy(rem, r + n, 3);
    free(r);
}

/* Coefficient k of q(D) g1(D), g1 = 1 + D + D^3. */
static int times_g1(const uint8_t *q, int k)
{
    int v = q[k];
    if (k >= 1)
        v ^= q[k - 1];
    if (k >= 3)
        v ^= q[k - 3];
    return v;
}

/* Check one constituent encoder: systematic input u[0..K-1], parity z[0..K-1],
 * its tail x[0..2] (the "systematic" tail bits) and tail parity zt[0..2]. */
static void check_constituent(const uint8_t *u, const uint8_t *z, int K, const uint8_t x[3],
                              const uint8_t zt[3])
{
    uint8_t *ext = malloc((size_t)K + 3), *q = malloc((size_t)K + 3), rem[3];
    assert_non_null(ext);
    assert_non_null(q);
    memcpy(ext, u, (size_t)K);
    memcpy(ext + K, x, 3);
    gf2_div_g0(ext, K + 3, q, rem);
    for (int k = 0; k < K; k++)
        assert_int_equal(z[k], times_g1(q, k));
    /* terminated: the last three quotient bits and the remainder vanish */
    for (int t = 0; t < 3; t++) {
        assert_int_equal(q[K + t], 0);
        assert_int_equal(rem[t], 0);
        assert_int_equal(zt[t], times_g1(q, K + t));
    }
    free(ext);
    free(q);
}

/* Pull the tail bits out of the §5.1.3.2.2 layout documented in turbo.h. */
static void check_codeword(const uint8_t *c, const uint16_t *pi, int K, const uint8_t *d0,
                           const uint8_t *d1, const uint8_t *d2)
{
    uint8_t *ci = malloc((size_t)K);
    assert_non_null(ci);
    for (int k = 0; k < K; k++) {
        assert_int_equal(d0[k], c[k]);
        ci[k] = c[pi[k]];
    }
    uint8_t x[3] = {d0[K], d2[K], d1[K + 1]};
    uint8_t z[3] = {d1[K], d0[K + 1], d2[K + 1]};
    uint8_t xp[3] = {d0[K + 2], d2[K + 2], d1[K + 3]};
    uint8_t zp[3] = {d1[K + 2], d0[K + 3], d2[K + 3]};
    check_constituent(c, d1, K, x, z);
    check_constituent(ci, d2, K, xp, zp);
    free(ci);
}

typedef struct bufs {
    uint8_t c[KMAX], d[6][KMAX + 8]; /* +8: room to detect writes past K+4 */
    uint16_t pi[KMAX];
} bufs;

static void test_ref_is_the_rsc_code(void **state)
{
    (void)state;
    bufs *b = calloc(1, sizeof *b);
    assert_non_null(b);
    tu_rng r;
    tu_rng_seed(&r, 11);
    const int ks[] = {8, 13, 40, 41, 104, 1000, 6144};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        int K = ks[i];
        for (int trial = 0; trial < 4; trial++) {
            random_perm(&r, b->pi, K);
            tu_random_bits(&r, b->c, K);
            if (trial == 0)
                memset(b->c, 0, (size_t)K);
            if (trial == 1) { /* a single 1: the impulse response */
                memset(b->c, 0, (size_t)K);
                b->c[K / 2] = 1;
            }
            assert_int_equal(lte_turbo_encode_ref(b->c, K, b->pi, b->d[0], b->d[1], b->d[2]), 0);
            check_codeword(b->c, b->pi, K, b->d[0], b->d[1], b->d[2]);
        }
    }
    free(b);
}

static void test_all_zero(void **state)
{
    (void)state;
    bufs *b = calloc(1, sizeof *b);
    assert_non_null(b);
    assert_int_equal(lte_qpp_interleaver(40, b->pi), 0);
    memset(b->d, 0x55, sizeof b->d);
    assert_int_equal(lte_turbo_encode(b->c, 40, b->pi, b->d[0], b->d[1], b->d[2]), 0);
    for (int s = 0; s < 3; s++)
        for (int k = 0; k < 44; k++)
            assert_int_equal(b->d[s][k], 0);
    free(b);
}

static void compare_fast_ref(bufs *b, int K)
{
    memset(b->d, 0xAA, sizeof b->d);
    assert_int_equal(lte_turbo_encode_ref(b->c, K, b->pi, b->d[0], b->d[1], b->d[2]), 0);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int i = 0; i <= np; i++) { /* every path, then the default one */
        memset(b->d[3], 0xAA, sizeof b->d[0] * 3);
        if (i < np)
            assert_int_equal(lte_turbo_encode_simd(b->c, K, b->pi, b->d[3], b->d[4], b->d[5],
                                                   paths[i]), 0);
        else
            assert_int_equal(lte_turbo_encode(b->c, K, b->pi, b->d[3], b->d[4], b->d[5]), 0);
        for (int s = 0; s < 3; s++) {
            assert_memory_equal(b->d[s], b->d[s + 3], (size_t)K + 4);
            assert_int_equal(b->d[s + 3][K + 4], 0xAA); /* nothing written past K+4 */
        }
    }
}

/* With the input ending right before an inaccessible page, the encoder
 * (which reads c 8 bytes at a time) must not touch a byte past c[K-1]. */
static void test_no_read_past_input(void **state)
{
    (void)state;
    long pg = sysconf(_SC_PAGESIZE);
    uint8_t *mem = mmap(NULL, 4 * (size_t)pg, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(mem != MAP_FAILED);
    assert_int_equal(mprotect(mem + 3 * pg, (size_t)pg, PROT_NONE), 0);
    bufs *b = calloc(1, sizeof *b);
    assert_non_null(b);
    tu_rng r;
    tu_rng_seed(&r, 15);
    const int ks[] = {40, 512, 1056, KMAX};
    for (size_t t = 0; t < sizeof ks / sizeof ks[0]; t++) {
        int K = ks[t];
        uint8_t *c = mem + 3 * pg - K; /* c[K-1] is the last readable byte */
        tu_random_bits(&r, c, K);
        memcpy(b->c, c, (size_t)K);
        assert_int_equal(lte_qpp_interleaver(K, b->pi), 0);
        assert_int_equal(lte_turbo_encode_ref(b->c, K, b->pi, b->d[0], b->d[1], b->d[2]), 0);
        lte_simd_path paths[3];
        int np = tu_paths(paths);
        for (int i = 0; i < np; i++) {
            assert_int_equal(lte_turbo_encode_simd(c, K, b->pi, b->d[3], b->d[4], b->d[5],
                                                   paths[i]), 0);
            for (int s = 0; s < 3; s++)
                assert_memory_equal(b->d[s], b->d[s + 3], (size_t)K + 4);
        }
    }
    free(b);
    munmap(mem, 4 * (size_t)pg);
}

static void test_fast_equals_ref_qpp(void **state)
{
    (void)state;
    bufs *b = calloc(1, sizeof *b);
    assert_non_null(b);
    tu_rng r;
    tu_rng_seed(&r, 12);
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
        int K = lte_turbo_k(i);
        assert_int_equal(lte_qpp_interleaver(K, b->pi), 0);
        for (int trial = 0; trial < 3; trial++) {
            tu_random_bits(&r, b->c, K);
            compare_fast_ref(b, K);
        }
        /* the whole codeword is also the RSC code (checked for every K once) */
        check_codeword(b->c, b->pi, K, b->d[3], b->d[4], b->d[5]);
    }
    free(b);
}

static void test_fast_equals_ref_random_perm(void **state)
{
    (void)state;
    bufs *b = calloc(1, sizeof *b);
    assert_non_null(b);
    tu_rng r;
    tu_rng_seed(&r, 13);
    for (int trial = 0; trial < 60; trial++) {
        int K = 8 * (1 + (int)(tu_rand(&r) % (KMAX / 8)));
        if (trial < 2)
            K = trial ? KMAX : 8;
        random_perm(&r, b->pi, K);
        tu_random_bits(&r, b->c, K);
        compare_fast_ref(b, K);
    }
    free(b);
}

static void test_only_bit0_of_input_counts(void **state)
{
    (void)state;
    /* both encoders read c[k] & 1: bytes other than 0/1 give the code of
     * their low bits, never out-of-range table indices */
    bufs *b = calloc(1, sizeof *b);
    assert_non_null(b);
    tu_rng r;
    tu_rng_seed(&r, 14);
    const int K = 6144;
    assert_int_equal(lte_qpp_interleaver(K, b->pi), 0);
    uint8_t *bits = malloc(K);
    assert_non_null(bits);
    for (int k = 0; k < K; k++) {
        b->c[k] = (uint8_t)tu_rand(&r);
        bits[k] = b->c[k] & 1;
    }
    compare_fast_ref(b, K);
    assert_int_equal(lte_turbo_encode(bits, K, b->pi, b->d[0], b->d[1], b->d[2]), 0);
    for (int s = 0; s < 3; s++)
        assert_memory_equal(b->d[s], b->d[s + 3], (size_t)K + 4);
    free(bits);
    free(b);
}

static void test_bad_args(void **state)
{
    (void)state;
    bufs *b = calloc(1, sizeof *b);
    assert_non_null(b);
    assert_int_equal(lte_qpp_interleaver(40, b->pi), 0);
    uint8_t *d0 = b->d[0], *d1 = b->d[1], *d2 = b->d[2];
    assert_int_equal(lte_turbo_encode(NULL, 40, b->pi, d0, d1, d2), LTE_EINVAL);
    assert_int_equal(lte_turbo_encode(b->c, 40, NULL, d0, d1, d2), LTE_EINVAL);
    assert_int_equal(lte_turbo_encode(b->c, 40, b->pi, d0, d1, NULL), LTE_EINVAL);
    assert_int_equal(lte_turbo_encode(b->c, 44, b->pi, d0, d1, d2), LTE_EINVAL);
    assert_int_equal(lte_turbo_encode(b->c, 0, b->pi, d0, d1, d2), LTE_EINVAL);
    assert_int_equal(lte_turbo_encode(b->c, KMAX + 8, b->pi, d0, d1, d2), LTE_EINVAL);
    assert_int_equal(lte_turbo_encode_simd(b->c, 40, b->pi, d0, d1, d2, (lte_simd_path)99),
                     LTE_EINVAL);
    assert_int_equal(lte_turbo_encode_ref(b->c, -1, b->pi, d0, d1, d2), LTE_EINVAL);
    b->pi[7] = 40; /* out of range: must be refused, not read */
    assert_int_equal(lte_turbo_encode(b->c, 40, b->pi, d0, d1, d2), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "pi"));
    assert_int_equal(lte_turbo_encode_simd(b->c, 40, b->pi, d0, d1, d2, LTE_SIMD_SCALAR),
                     LTE_EINVAL);
    assert_int_equal(lte_turbo_encode_ref(b->c, 40, b->pi, d0, d1, d2), LTE_EINVAL);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ref_is_the_rsc_code),
        cmocka_unit_test(test_all_zero),
        cmocka_unit_test(test_fast_equals_ref_qpp),
        cmocka_unit_test(test_fast_equals_ref_random_perm),
        cmocka_unit_test(test_only_bit0_of_input_counts),
        cmocka_unit_test(test_no_read_past_input),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
