/* Bit containers: packing unpacked bits (one uint8_t 0/1 per bit) into
 * MSB-first bytes and back, and small integer <-> bit-field helpers.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "ltephy/bits.h"

/* Gather the low bit of each of 8 bytes (little-endian load: byte 0 is the
 * first bit) into one byte, first bit in the MSB. The multiplier places byte
 * j's bit at position 63-j; all partial products land on distinct bit
 * positions, so no carries disturb the top byte. */
static inline uint8_t gather8(const uint8_t *bits)
{
    uint64_t x;
    memcpy(&x, bits, 8);
    x &= 0x0101010101010101ULL;
    return (uint8_t)((x * 0x8040201008040201ULL) >> 56);
}

/* Spread one byte (MSB = first bit) into 8 bytes of 0/1. */
static inline void scatter8(uint8_t b, uint8_t *bits)
{
    /* move bit t to bit 8t (byte t), then byte-swap so the MSB lands in
     * byte 0 */
    uint64_t x = b;
    x = (x | (x << 28)) & 0x0000000F0000000FULL;
    x = (x | (x << 14)) & 0x0003000300030003ULL;
    x = (x | (x << 7)) & 0x0101010101010101ULL;
    x = __builtin_bswap64(x);
    memcpy(bits, &x, 8);
}

int lte_bits_pack(const uint8_t *bits, int n, uint8_t *bytes)
{
    LTE_CHECK_ARG(n >= 0, "n = %d is negative", n);
    LTE_CHECK_ARG(n == 0 || (bits && bytes), "NULL buffer with n = %d", n);
    int i = 0, k = 0;
    for (; i + 8 <= n; i += 8)
        bytes[k++] = gather8(bits + i);
    if (i < n) {
        uint8_t b = 0;
        for (int j = 0; i + j < n; j++)
            b |= (uint8_t)((bits[i + j] & 1) << (7 - j));
        bytes[k] = b;
    }
    return 0;
}

int lte_bits_unpack(const uint8_t *bytes, int n, uint8_t *bits)
{
    LTE_CHECK_ARG(n >= 0, "n = %d is negative", n);
    LTE_CHECK_ARG(n == 0 || (bits && bytes), "NULL buffer with n = %d", n);
    int i = 0, k = 0;
    for (; i + 8 <= n; i += 8)
        scatter8(bytes[k++], bits + i);
    for (int j = 0; i + j < n; j++)
        bits[i + j] = (uint8_t)((bytes[k] >> (7 - j)) & 1);
    return 0;
}

uint64_t lte_bits_to_uint(const uint8_t *bits, int n)
{
    if (!bits || n <= 0 || n > 64)
        return 0;
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = (v << 1) | (bits[i] & 1u);
    return v;
}

void lte_bits_from_uint(uint64_t v, int n, uint8_t *bits)
{
    if (!bits || n <= 0 || n > 64)
        return;
    for (int i = 0; i < n; i++)
        bits[i] = (uint8_t)((v >> (n - 1 - i)) & 1u);
}
