/* Cyclic redundancy checks of 3GPP TS 36.212 §5.1.1: bit-serial reference,
 * table-driven scalar engine (slicing-by-8 on MSB-first bytes), attach and
 * check, and dispatch to the folding paths (crc_avx2.c, crc_avx512.c).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <limits.h>
#include <pthread.h>
#include <string.h>

#include "crc_impl.h"
#include "internal.h"

/* Generator polynomials of 36.212 §5.1.1 without the leading D^L term:
 * bit k set <=> D^k present. */
static const struct {
    int len;
    uint32_t poly;
} crc_defs[4] = {
    /* gCRC24A = D^24+D^23+D^18+D^17+D^14+D^11+D^10+D^7+D^6+D^5+D^4+D^3+D+1 */
    [LTE_CRC24A] = {24, (1u << 23) | (1u << 18) | (1u << 17) | (1u << 14) | (1u << 11) |
                            (1u << 10) | (1u << 7) | (1u << 6) | (1u << 5) | (1u << 4) |
                            (1u << 3) | (1u << 1) | 1u},
    /* gCRC24B = D^24+D^23+D^6+D^5+D+1 */
    [LTE_CRC24B] = {24, (1u << 23) | (1u << 6) | (1u << 5) | (1u << 1) | 1u},
    /* gCRC16 = D^16+D^12+D^5+1 */
    [LTE_CRC16] = {16, (1u << 12) | (1u << 5) | 1u},
    /* gCRC8 = D^8+D^7+D^4+D^3+D+1 */
    [LTE_CRC8] = {8, (1u << 7) | (1u << 4) | (1u << 3) | (1u << 1) | 1u},
};

static int valid_type(lte_crc_type type) { return (unsigned)type < 4u; }

int lte_crc_length(lte_crc_type type)
{
    LTE_CHECK_ARG(valid_type(type), "unknown CRC type %d", (int)type);
    return crc_defs[type].len;
}

/* ---- bit-serial reference -------------------------------------------- */

/* Long division of a(D)·D^L by g(D), one message bit per step: the L-bit
 * register holds the running remainder, its MSB is the coefficient of
 * D^(L-1), i.e. p_0 (36.212 §5.1.1). */
int lte_crc_bits_ref(lte_crc_type type, const uint8_t *bits, int n, uint32_t *crc)
{
    LTE_CHECK_ARG(valid_type(type), "unknown CRC type %d", (int)type);
    LTE_CHECK_ARG(n >= 0, "n = %d is negative", n);
    LTE_CHECK_ARG(crc && (n == 0 || bits), "NULL argument");
    const int L = crc_defs[type].len;
    const uint32_t mask = (L == 32) ? 0xffffffffu : ((1u << L) - 1u);
    uint32_t reg = 0;
    for (int i = 0; i < n; i++) {
        uint32_t fb = ((reg >> (L - 1)) ^ bits[i]) & 1u;
        reg = (reg << 1) & mask;
        if (fb)
            reg ^= crc_defs[type].poly;
    }
    *crc = reg;
    return 0;
}

/* ---- engine tables ----------------------------------------------------- */

static lte_crc_engine engines[4];
static pthread_once_t engines_once = PTHREAD_ONCE_INIT;

/* x^k mod G' for a degree-32 G' given without its x^32 term. */
static uint32_t xpow_mod(uint32_t poly32, int k)
{
    uint32_t r = 1; /* x^0 */
    for (int i = 0; i < k; i++)
        r = (r & 0x80000000u) ? (r << 1) ^ poly32 : (r << 1);
    return r;
}

/* floor(x^64 / G'), by long division of x^64 (65 bits, hence __int128). */
static uint64_t barrett_mu(uint64_t g33)
{
    unsigned __int128 rem = (unsigned __int128)1 << 64;
    uint64_t q = 0;
    for (int i = 64; i >= 32; i--)
        if ((uint64_t)(rem >> i) & 1u) {
            q |= 1ull << (i - 32);
            rem ^= (unsigned __int128)g33 << (i - 32);
        }
    return q;
}

static void engine_init(lte_crc_engine *e, int len, uint32_t poly)
{
    static const int dist[LTE_CRC_FOLD_N] = {128, 256, 384, 512, 1024};
    e->len = len;
    e->poly = poly;
    e->poly32 = poly << (32 - len);
    for (int b = 0; b < 256; b++) {
        uint32_t r = (uint32_t)b << 24;
        for (int j = 0; j < 8; j++)
            r = (r & 0x80000000u) ? (r << 1) ^ e->poly32 : (r << 1);
        e->tab[0][b] = r;
    }
    for (int k = 1; k < 8; k++)
        for (int b = 0; b < 256; b++) {
            uint32_t r = e->tab[k - 1][b];
            e->tab[k][b] = (r << 8) ^ e->tab[0][r >> 24];
        }
    for (int d = 0; d < LTE_CRC_FOLD_N; d++) {
        e->fold[d][0] = xpow_mod(e->poly32, dist[d] + 64);
        e->fold[d][1] = xpow_mod(e->poly32, dist[d]);
    }
    e->x96 = xpow_mod(e->poly32, 96);
    e->x64 = xpow_mod(e->poly32, 64);
    e->g33 = (1ull << 32) | e->poly32;
    e->mu = barrett_mu(e->g33);
}

static void engines_init(void)
{
    for (int t = 0; t < 4; t++)
        engine_init(&engines[t], crc_defs[t].len, crc_defs[t].poly);
}

const lte_crc_engine *lte_crc_engine_get(lte_crc_type type)
{
    if (!valid_type(type))
        return NULL;
    pthread_once(&engines_once, engines_init);
    return &engines[type];
}

/* ---- table-driven engine ------------------------------------------------ */

static inline uint32_t load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* Eight bytes at once: (R·x^64 + B·x^32) mod G' = (R ^ B_hi)·x^64 + B_lo·x^32,
 * each byte of which is one table lookup. */
static inline uint32_t slice8(const lte_crc_engine *e, uint32_t reg, uint32_t w0, uint32_t w1)
{
    w0 ^= reg;
    return e->tab[7][w0 >> 24] ^ e->tab[6][(w0 >> 16) & 0xff] ^ e->tab[5][(w0 >> 8) & 0xff] ^
           e->tab[4][w0 & 0xff] ^ e->tab[3][w1 >> 24] ^ e->tab[2][(w1 >> 16) & 0xff] ^
           e->tab[1][(w1 >> 8) & 0xff] ^ e->tab[0][w1 & 0xff];
}

static inline uint32_t byte_step(const lte_crc_engine *e, uint32_t reg, uint8_t b)
{
    return (reg << 8) ^ e->tab[0][(reg >> 24) ^ b];
}

uint32_t lte_crc_tab_update(const lte_crc_engine *e, uint32_t reg, const uint8_t *p, size_t n)
{
    for (; n >= 8; n -= 8, p += 8)
        reg = slice8(e, reg, load_be32(p), load_be32(p + 4));
    for (; n > 0; n--)
        reg = byte_step(e, reg, *p++);
    return reg;
}

/* The first nbits (< 8) bits of byte b, MSB first, one bit per step. */
static uint32_t tail_bits(const lte_crc_engine *e, uint32_t reg, uint8_t b, int nbits)
{
    for (int j = 0; j < nbits; j++)
        reg = lte_crc_bit_step(e, reg, (uint32_t)(b >> (7 - j)));
    return reg;
}

/* Pack 8 unpacked bits (low bit of each byte) MSB first; see bits.c. */
static inline uint8_t gather8(const uint8_t *bits)
{
    uint64_t x;
    memcpy(&x, bits, 8);
    x &= 0x0101010101010101ULL;
    return (uint8_t)((x * 0x8040201008040201ULL) >> 56);
}

static inline uint32_t gather32(const uint8_t *bits)
{
    return ((uint32_t)gather8(bits) << 24) | ((uint32_t)gather8(bits + 8) << 16) |
           ((uint32_t)gather8(bits + 16) << 8) | gather8(bits + 24);
}

/* Scalar: gather 64 bits at a time into two words, slicing-by-8. */
static uint32_t crc_bits_scalar(const lte_crc_engine *e, const uint8_t *bits, int n)
{
    uint32_t reg = 0;
    int i = 0;
    for (; i + 64 <= n; i += 64)
        reg = slice8(e, reg, gather32(bits + i), gather32(bits + i + 32));
    for (; i + 8 <= n; i += 8)
        reg = byte_step(e, reg, gather8(bits + i));
    for (; i < n; i++)
        reg = lte_crc_bit_step(e, reg, bits[i]);
    return reg;
}

int lte_crc_bits_path(lte_crc_type type, const uint8_t *bits, int n, lte_simd_path path,
                      uint32_t *crc)
{
    LTE_CHECK_ARG(valid_type(type), "unknown CRC type %d", (int)type);
    LTE_CHECK_ARG(n >= 0, "n = %d is negative", n);
    LTE_CHECK_ARG(crc && (n == 0 || bits), "NULL argument");
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    const lte_crc_engine *e = lte_crc_engine_get(type);
    uint32_t reg;
    switch (p) {
    case LTE_SIMD_AVX512: reg = lte_crc_bits_avx512(e, bits, (size_t)n); break;
    case LTE_SIMD_AVX2: reg = lte_crc_bits_avx2(e, bits, (size_t)n); break;
    default: reg = crc_bits_scalar(e, bits, n); break;
    }
    *crc = reg >> (32 - e->len);
    return 0;
}

/* lte_simd_default() rather than AUTO: an entry point without a path
 * argument never fails because of a bad LTEPHY_SIMD (all paths agree). */
int lte_crc_bits(lte_crc_type type, const uint8_t *bits, int n, uint32_t *crc)
{
    return lte_crc_bits_path(type, bits, n, lte_simd_default(), crc);
}

int lte_crc_bytes(lte_crc_type type, const uint8_t *bytes, int n, lte_simd_path path,
                  uint32_t *crc)
{
    LTE_CHECK_ARG(valid_type(type), "unknown CRC type %d", (int)type);
    LTE_CHECK_ARG(n >= 0, "n = %d is negative", n);
    LTE_CHECK_ARG(crc && (n == 0 || bytes), "NULL argument");
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    const lte_crc_engine *e = lte_crc_engine_get(type);
    size_t nb = (size_t)n / 8;
    uint32_t reg;
    switch (p) {
    case LTE_SIMD_AVX512: reg = lte_crc_fold_avx512(e, bytes, nb); break;
    case LTE_SIMD_AVX2: reg = lte_crc_fold_avx2(e, bytes, nb); break;
    default: reg = lte_crc_tab_update(e, 0, bytes, nb); break;
    }
    if (n % 8)
        reg = tail_bits(e, reg, bytes[nb], n % 8);
    *crc = reg >> (32 - e->len);
    return 0;
}

/* ---- attach / check (36.212 §5.1.1: b_k = a_k, then the parity bits) --- */

int lte_crc_attach(lte_crc_type type, const uint8_t *in, int n, uint8_t *out)
{
    LTE_CHECK_ARG(valid_type(type), "unknown CRC type %d", (int)type);
    const int L = crc_defs[type].len;
    LTE_CHECK_ARG(n >= 0 && n <= INT_MAX - L, "n = %d out of range", n);
    LTE_CHECK_ARG(out && (n == 0 || in), "NULL argument");
    uint32_t crc;
    int rc = lte_crc_bits(type, in, n, &crc);
    if (rc < 0)
        return rc;
    if (out != in && n > 0)
        memmove(out, in, (size_t)n);
    for (int k = 0; k < L; k++)
        out[n + k] = (uint8_t)((crc >> (L - 1 - k)) & 1u); /* p_0 first */
    return 0;
}

int lte_crc_check(lte_crc_type type, const uint8_t *bits, int n)
{
    LTE_CHECK_ARG(valid_type(type), "unknown CRC type %d", (int)type);
    const int L = crc_defs[type].len;
    LTE_CHECK_ARG(n >= L, "n = %d shorter than the %d parity bits", n, L);
    LTE_CHECK_ARG(bits != NULL, "NULL argument");
    uint32_t crc;
    int rc = lte_crc_bits(type, bits, n - L, &crc);
    if (rc < 0)
        return rc;
    uint32_t rx = 0;
    for (int k = 0; k < L; k++)
        rx = (rx << 1) | (bits[n - L + k] & 1u);
    return rx == crc;
}
