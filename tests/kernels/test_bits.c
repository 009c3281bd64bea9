/* Tests of the bit containers (kernels/bits.c) against the definitions in
 * include/ltephy/bits.h, written out bit by bit here.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "ltephy/bits.h"
#include "ltephy/error.h"
#include "tests/common/testutil.h"

static void test_pack_known(void **state)
{
    (void)state;
    /* 0xA5 0x3 padded: 1010 0101 | 11 -> 0xA5, 0xC0 */
    const uint8_t bits[10] = {1, 0, 1, 0, 0, 1, 0, 1, 1, 1};
    uint8_t bytes[2] = {0xff, 0xff};
    assert_int_equal(lte_bits_pack(bits, 10, bytes), 0);
    assert_int_equal(bytes[0], 0xA5);
    assert_int_equal(bytes[1], 0xC0);
    uint8_t back[10];
    assert_int_equal(lte_bits_unpack(bytes, 10, back), 0);
    assert_memory_equal(back, bits, 10);
}

/* byte i/8, bit 7 - i%8 holds bit i (MSB first), for every n up to 300 */
static void test_pack_unpack_random(void **state)
{
    (void)state;
    tu_rng r;
    tu_rng_seed(&r, 3);
    uint8_t bits[300], bytes[40], back[300];
    for (int n = 0; n <= 300; n++) {
        tu_random_bits(&r, bits, n);
        memset(bytes, 0xee, sizeof bytes);
        assert_int_equal(lte_bits_pack(bits, n, bytes), 0);
        for (int i = 0; i < n; i++)
            assert_int_equal((bytes[i / 8] >> (7 - i % 8)) & 1, bits[i]);
        if (n % 8) /* padding bits are zero */
            assert_int_equal(bytes[n / 8] & ((1u << (8 - n % 8)) - 1), 0);
        assert_int_equal(bytes[(n + 7) / 8], 0xee); /* nothing written beyond */
        memset(back, 0x77, sizeof back);
        assert_int_equal(lte_bits_unpack(bytes, n, back), 0);
        assert_memory_equal(back, bits, (size_t)n);
        if (n < 300)
            assert_int_equal(back[n], 0x77);
    }
    /* unpack of random bytes, every bit checked against the definition */
    for (int i = 0; i < 40; i++)
        bytes[i] = (uint8_t)tu_rand(&r);
    assert_int_equal(lte_bits_unpack(bytes, 300, back), 0);
    for (int i = 0; i < 300; i++)
        assert_int_equal(back[i], (bytes[i / 8] >> (7 - i % 8)) & 1);
}

/* pack uses only the low bit of each input byte */
static void test_pack_low_bit(void **state)
{
    (void)state;
    const uint8_t bits[8] = {3, 2, 0xff, 0xfe, 1, 0, 0x81, 0x80};
    uint8_t b;
    assert_int_equal(lte_bits_pack(bits, 8, &b), 0);
    assert_int_equal(b, 0xAA);
}

static void test_uint(void **state)
{
    (void)state;
    const uint8_t eleven[4] = {1, 0, 1, 1};
    assert_int_equal(lte_bits_to_uint(eleven, 4), 11);
    uint8_t bits[64];
    lte_bits_from_uint(0x8000000000000001ULL, 64, bits);
    assert_int_equal(bits[0], 1);
    assert_int_equal(bits[63], 1);
    for (int i = 1; i < 63; i++)
        assert_int_equal(bits[i], 0);
    tu_rng r;
    tu_rng_seed(&r, 8);
    for (int t = 0; t < 200; t++) {
        int n = 1 + (int)(tu_rand(&r) % 64);
        uint64_t v = ((uint64_t)tu_rand(&r) << 32 | tu_rand(&r));
        if (n < 64)
            v &= (1ull << n) - 1;
        lte_bits_from_uint(v, n, bits);
        uint64_t w = 0;
        for (int i = 0; i < n; i++) /* value = sum bits[i]·2^(n-1-i) */
            w += (uint64_t)bits[i] << (n - 1 - i);
        assert_true(w == v);
        assert_true(lte_bits_to_uint(bits, n) == v);
    }
    /* invalid n: 0 and no write */
    memset(bits, 9, sizeof bits);
    assert_true(lte_bits_to_uint(bits, 65) == 0);
    assert_true(lte_bits_to_uint(NULL, 3) == 0);
    lte_bits_from_uint(5, 65, bits);
    lte_bits_from_uint(5, -1, bits);
    assert_int_equal(bits[0], 9);
}

static void test_bad_args(void **state)
{
    (void)state;
    uint8_t b[8] = {0};
    assert_int_equal(lte_bits_pack(b, -1, b), LTE_EINVAL);
    assert_int_equal(lte_bits_pack(NULL, 8, b), LTE_EINVAL);
    assert_int_equal(lte_bits_pack(b, 8, NULL), LTE_EINVAL);
    assert_int_equal(lte_bits_unpack(b, -1, b), LTE_EINVAL);
    assert_int_equal(lte_bits_unpack(NULL, 8, b), LTE_EINVAL);
    assert_int_equal(lte_bits_unpack(b, 8, NULL), LTE_EINVAL);
    assert_int_equal(lte_bits_pack(NULL, 0, NULL), 0);
    assert_int_equal(lte_bits_unpack(NULL, 0, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack_known),
        cmocka_unit_test(test_pack_unpack_random),
        cmocka_unit_test(test_pack_low_bit),
        cmocka_unit_test(test_uint),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
