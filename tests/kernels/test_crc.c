/* Tests of the CRCs of 36.212 §5.1.1 (kernels/crc*.c).
 *
 * Independent references used here:
 *  - check values of the CRC catalogue (Greg Cook's reveng "Catalogue of
 *    parametrised CRC algorithms") for the ASCII string "123456789":
 *      CRC-24/LTE-A  poly 0x864cfb init 0 refin/refout false xorout 0  check 0xcde703
 *      CRC-24/LTE-B  poly 0x800063 init 0 refin/refout false xorout 0  check 0x23ef52
 *      CRC-16/XMODEM poly 0x1021   init 0 refin/refout false xorout 0  check 0x31c3
 *      CRC-8/LTE     poly 0x9b     init 0 refin/refout false xorout 0  check 0xea
 *    (values confirmed against several independent catalogue copies);
 *  - a textbook long division written here from the generator exponents as
 *    printed in 36.212 §5.1.1 (append L zeros, subtract g where the leading
 *    coefficient is 1): no table, no register, no shared code with the library;
 *  - the library's own bit-serial reference for long random inputs, itself
 *    pinned by the two above.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "ltephy/bits.h"
#include "ltephy/crc.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

#define MAXN 25000

/* Generator exponents, copied from the text of 36.212 §5.1.1. */
static const int g24a[] = {24, 23, 18, 17, 14, 11, 10, 7, 6, 5, 4, 3, 1, 0, -1};
static const int g24b[] = {24, 23, 6, 5, 1, 0, -1};
static const int g16[] = {16, 12, 5, 0, -1};
static const int g8[] = {8, 7, 4, 3, 1, 0, -1};
static const int *const gexp[4] = {g24a, g24b, g16, g8};
static const int glen[4] = {24, 24, 16, 8};
static const lte_crc_type types[4] = {LTE_CRC24A, LTE_CRC24B, LTE_CRC16, LTE_CRC8};

/* Remainder of a(D)·D^L / g(D) by schoolbook division on a bit array. */
static uint32_t long_division(int t, const uint8_t *a, int n)
{
    const int L = glen[t];
    uint8_t *w = calloc((size_t)n + (size_t)L, 1);
    assert_non_null(w);
    memcpy(w, a, (size_t)n);
    uint8_t g[25] = {0}; /* g[j] = coefficient of D^(L-j): g[0] is the leading 1 */
    for (const int *e = gexp[t]; *e >= 0; e++)
        g[L - *e] = 1;
    for (int i = 0; i < n; i++)
        if (w[i])
            for (int j = 0; j <= L; j++)
                w[i + j] ^= g[j];
    uint32_t r = 0;
    for (int j = 0; j < L; j++)
        r = (r << 1) | w[n + j];
    free(w);
    return r;
}

/* The same polynomials as hexadecimal catalogue parameters (structural check
 * of the exponent lists above against the catalogue's "poly" field). */
static void test_polynomials(void **state)
{
    (void)state;
    const uint32_t catalogue_poly[4] = {0x864cfb, 0x800063, 0x1021, 0x9b};
    for (int t = 0; t < 4; t++) {
        uint32_t p = 0;
        for (const int *e = gexp[t]; *e >= 0; e++)
            if (*e < glen[t])
                p |= 1u << *e;
        assert_int_equal(p, catalogue_poly[t]);
        assert_int_equal(lte_crc_length(types[t]), glen[t]);
    }
}

static void test_check_values(void **state)
{
    (void)state;
    const uint32_t check[4] = {0xcde703, 0x23ef52, 0x31c3, 0xea};
    const uint8_t *msg = (const uint8_t *)"123456789";
    uint8_t bits[72];
    assert_int_equal(lte_bits_unpack(msg, 72, bits), 0);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int t = 0; t < 4; t++) {
        uint32_t c = 0;
        assert_int_equal(long_division(t, bits, 72), check[t]);
        assert_int_equal(lte_crc_bits_ref(types[t], bits, 72, &c), 0);
        assert_int_equal(c, check[t]);
        assert_int_equal(lte_crc_bits(types[t], bits, 72, &c), 0);
        assert_int_equal(c, check[t]);
        for (int p = 0; p < np; p++) {
            assert_int_equal(lte_crc_bytes(types[t], msg, 72, paths[p], &c), 0);
            assert_int_equal(c, check[t]);
        }
        assert_int_equal(lte_crc_bytes(types[t], msg, 72, LTE_SIMD_AUTO, &c), 0);
        assert_int_equal(c, check[t]);
    }
}

/* Library reference == schoolbook division on random short inputs. */
static void test_ref_vs_division(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 11);
    uint8_t bits[600];
    for (int trial = 0; trial < 400; trial++) {
        int n = (int)(tu_rand(&r) % 600);
        tu_random_bits(&r, bits, n);
        for (int t = 0; t < 4; t++) {
            uint32_t c;
            assert_int_equal(lte_crc_bits_ref(types[t], bits, n, &c), 0);
            assert_int_equal(c, long_division(t, bits, n));
        }
    }
}

/* Every fast entry point and path == reference, for lengths that hit every
 * code path (bytes, 8-byte slices, 16/64/128/256-byte folding blocks, tails)
 * and random lengths up to 10000, with unaligned buffers and garbage in the
 * unused bits of the last packed byte. */
static void check_all(int n, const uint8_t *bits, uint8_t *packed_base, int misalign,
                      const lte_simd_path *paths, int np, tu_rng *r)
{
    uint8_t *packed = packed_base + misalign;
    assert_int_equal(lte_bits_pack(bits, n, packed), 0);
    if (n % 8) /* bits after c(n-1) must be ignored */
        packed[n / 8] |= (uint8_t)(tu_rand(r) & ((1u << (8 - n % 8)) - 1));
    for (int t = 0; t < 4; t++) {
        uint32_t ref, c;
        assert_int_equal(lte_crc_bits_ref(types[t], bits, n, &ref), 0);
        assert_int_equal(lte_crc_bits(types[t], bits, n, &c), 0);
        if (c != ref)
            fail_msg("lte_crc_bits type %d n %d: %06x != ref %06x", t, n, c, ref);
        for (int p = 0; p < np; p++) {
            assert_int_equal(lte_crc_bits_path(types[t], bits, n, paths[p], &c), 0);
            if (c != ref)
                fail_msg("lte_crc_bits_path type %d path %s n %d: %06x != ref %06x", t,
                         lte_simd_name(paths[p]), n, c, ref);
            assert_int_equal(lte_crc_bytes(types[t], packed, n, paths[p], &c), 0);
            if (c != ref)
                fail_msg("lte_crc_bytes type %d path %s n %d misalign %d: %06x != ref %06x", t,
                         lte_simd_name(paths[p]), n, misalign, c, ref);
        }
    }
}

static void test_fast_vs_ref(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    tu_rng r;
    tu_rng_seed(&r, 12345);
    uint8_t *bits = malloc(MAXN);
    uint8_t *packed = malloc(MAXN / 8 + 64 + 1);
    assert_non_null(bits);
    assert_non_null(packed);
    /* every length up to 300 bytes + a bit: covers all block boundaries */
    for (int n = 0; n <= 2400 + 9; n++) {
        tu_random_bits(&r, bits, n);
        check_all(n, bits, packed, n % 5, paths, np, &r);
    }
    for (int trial = 0; trial < 150; trial++) {
        int n = (int)(tu_rand(&r) % (trial < 100 ? 10001 : MAXN + 1));
        tu_random_bits(&r, bits, n);
        check_all(n, bits, packed, (int)(tu_rand(&r) % 64), paths, np, &r);
    }
    /* all-ones; around the 8192-bit packing chunk of the unpacked SIMD
     * paths (a register carried into a chunk of 0..4 bytes); the LTE maximum
     * code block */
    memset(bits, 1, MAXN);
    check_all(MAXN, bits, packed, 0, paths, np, &r);
    for (int n = 8192 - 9; n <= 8192 + 41; n++) {
        tu_random_bits(&r, bits, n);
        check_all(n, bits, packed, 1, paths, np, &r);
    }
    tu_random_bits(&r, bits, 3 * 8192 - 5);
    check_all(3 * 8192 - 5, bits, packed, 1, paths, np, &r);
    tu_random_bits(&r, bits, 6144);
    check_all(6144, bits, packed, 0, paths, np, &r);
    free(bits);
    free(packed);
}

/* Bits other than 0/1 in unpacked input: only the low bit counts, as in
 * the reference. */
static void test_unpacked_low_bit(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 5);
    uint8_t a[500], b[500];
    tu_random_bits(&r, a, 500);
    for (int i = 0; i < 500; i++)
        b[i] = (uint8_t)(a[i] | (tu_rand(&r) & 0xfe));
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    for (int t = 0; t < 4; t++) {
        uint32_t ca, cb;
        assert_int_equal(lte_crc_bits_ref(types[t], a, 500, &ca), 0);
        for (int p = 0; p < np; p++) {
            assert_int_equal(lte_crc_bits_path(types[t], b, 500, paths[p], &cb), 0);
            assert_int_equal(ca, cb);
        }
        assert_int_equal(lte_crc_bits_ref(types[t], b, 500, &cb), 0);
        assert_int_equal(ca, cb);
    }
}

static void test_attach_check(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 99);
    uint8_t in[2100], out[2100], tmp[2100];
    const int lens[] = {0, 1, 7, 8, 27, 40, 64, 100, 1000, 2000};
    for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
        int n = lens[li];
        for (int t = 0; t < 4; t++) {
            const int L = glen[t];
            tu_random_bits(&r, in, n);
            assert_int_equal(lte_crc_attach(types[t], in, n, out), 0);
            if (n > 0)
                assert_memory_equal(out, in, (size_t)n);
            /* parity bits p_0..p_{L-1} = remainder MSB first */
            uint32_t rem = long_division(t, in, n);
            for (int k = 0; k < L; k++)
                assert_int_equal(out[n + k], (rem >> (L - 1 - k)) & 1u);
            assert_int_equal(lte_crc_check(types[t], out, n + L), 1);
            /* a codeword is divisible by g: the CRC over all of it is 0 */
            uint32_t c;
            assert_int_equal(lte_crc_bits(types[t], out, n + L, &c), 0);
            assert_int_equal(c, 0);
            /* in place */
            memcpy(tmp, in, (size_t)n);
            assert_int_equal(lte_crc_attach(types[t], tmp, n, tmp), 0);
            assert_memory_equal(tmp, out, (size_t)(n + L));
            /* every single-bit error is detected (g has more than one term) */
            for (int i = 0; i < n + L; i++) {
                out[i] ^= 1;
                assert_int_equal(lte_crc_check(types[t], out, n + L), 0);
                out[i] ^= 1;
            }
        }
    }
}

static void test_bad_args(void **state)
{
    (void)state;
    uint8_t b[64] = {0};
    uint32_t c;
    assert_int_equal(lte_crc_length((lte_crc_type)4), LTE_EINVAL);
    assert_int_equal(lte_crc_length((lte_crc_type)-1), LTE_EINVAL);
    assert_int_equal(lte_crc_bits((lte_crc_type)7, b, 8, &c), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "lte_crc_bits"));
    assert_int_equal(lte_crc_bits(LTE_CRC24A, b, -1, &c), LTE_EINVAL);
    assert_int_equal(lte_crc_bits(LTE_CRC24A, NULL, 8, &c), LTE_EINVAL);
    assert_int_equal(lte_crc_bits(LTE_CRC24A, b, 8, NULL), LTE_EINVAL);
    assert_int_equal(lte_crc_bits_path((lte_crc_type)5, b, 8, LTE_SIMD_AUTO, &c), LTE_EINVAL);
    assert_int_equal(lte_crc_bits_path(LTE_CRC24A, b, -2, LTE_SIMD_AUTO, &c), LTE_EINVAL);
    assert_int_equal(lte_crc_bits_path(LTE_CRC24A, b, 8, (lte_simd_path)9, &c), LTE_EINVAL);
    assert_int_equal(lte_crc_bits_ref((lte_crc_type)9, b, 8, &c), LTE_EINVAL);
    assert_int_equal(lte_crc_bits_ref(LTE_CRC16, b, -3, &c), LTE_EINVAL);
    assert_int_equal(lte_crc_bits_ref(LTE_CRC16, NULL, 3, &c), LTE_EINVAL);
    assert_int_equal(lte_crc_bytes((lte_crc_type)9, b, 8, LTE_SIMD_AUTO, &c), LTE_EINVAL);
    assert_int_equal(lte_crc_bytes(LTE_CRC8, b, -8, LTE_SIMD_AUTO, &c), LTE_EINVAL);
    assert_int_equal(lte_crc_bytes(LTE_CRC8, NULL, 8, LTE_SIMD_AUTO, &c), LTE_EINVAL);
    assert_int_equal(lte_crc_bytes(LTE_CRC8, b, 8, LTE_SIMD_AUTO, NULL), LTE_EINVAL);
    assert_int_equal(lte_crc_bytes(LTE_CRC8, b, 8, (lte_simd_path)17, &c), LTE_EINVAL);
    for (int p = LTE_SIMD_AVX2; p <= LTE_SIMD_AVX512; p++)
        if (!lte_simd_available((lte_simd_path)p))
        {
            assert_int_equal(lte_crc_bytes(LTE_CRC8, b, 8, (lte_simd_path)p, &c),
                             LTE_EUNSUPPORTED);
            assert_int_equal(lte_crc_bits_path(LTE_CRC8, b, 8, (lte_simd_path)p, &c),
                             LTE_EUNSUPPORTED);
        }
    assert_int_equal(lte_crc_attach((lte_crc_type)4, b, 8, b), LTE_EINVAL);
    assert_int_equal(lte_crc_attach(LTE_CRC24A, b, -1, b), LTE_EINVAL);
    assert_int_equal(lte_crc_attach(LTE_CRC24A, NULL, 8, b), LTE_EINVAL);
    assert_int_equal(lte_crc_attach(LTE_CRC24A, b, 8, NULL), LTE_EINVAL);
    assert_int_equal(lte_crc_check((lte_crc_type)4, b, 30), LTE_EINVAL);
    assert_int_equal(lte_crc_check(LTE_CRC24A, b, 23), LTE_EINVAL);
    assert_int_equal(lte_crc_check(LTE_CRC24A, NULL, 30), LTE_EINVAL);
    /* n = 0 is valid and gives 0 (empty remainder) */
    assert_int_equal(lte_crc_bits(LTE_CRC24A, NULL, 0, &c), 0);
    assert_int_equal(c, 0);
    assert_int_equal(lte_crc_check(LTE_CRC16, b, 16), 1); /* 16 zero bits */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_polynomials),
        cmocka_unit_test(test_check_values),
        cmocka_unit_test(test_ref_vs_division),
        cmocka_unit_test(test_fast_vs_ref),
        cmocka_unit_test(test_unpacked_low_bit),
        cmocka_unit_test(test_attach_check),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
