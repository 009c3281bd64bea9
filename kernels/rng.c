/* Deterministic random numbers: xoshiro256** + splitmix64 seeding, Box-Muller.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>

#include "internal.h"
#include "ltephy/rng.h"

/* splitmix64 step: turns any 64-bit seed (even 0) into well-mixed words, as
 * recommended for initialising xoshiro (whose state must not be all zero). */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int lte_rng_seed(lte_rng *r, uint64_t seed)
{
    LTE_CHECK_ARG(r != NULL, "r is NULL");
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
    return 0;
}

int lte_rng_seed_stream(lte_rng *r, uint64_t seed, uint64_t stream)
{
    LTE_CHECK_ARG(r != NULL, "r is NULL");
    uint64_t x = seed;
    uint64_t a = splitmix64(&x);
    x = stream ^ 0x5851f42d4c957f2dULL;
    uint64_t b = splitmix64(&x);
    return lte_rng_seed(r, a ^ (b * 0xd1342543de82ef95ULL));
}

static inline uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t lte_rng_u64(lte_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl64(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return result;
}

uint32_t lte_rng_u32(lte_rng *r) { return (uint32_t)(lte_rng_u64(r) >> 32); }

double lte_rng_uniform(lte_rng *r) { return (double)(lte_rng_u64(r) >> 11) * 0x1.0p-53; }

/* One Box-Muller pair. u1 in (0, 1] so the logarithm is finite. */
static void gauss_pair(lte_rng *r, double *g0, double *g1)
{
    double u1 = 1.0 - lte_rng_uniform(r);
    double u2 = lte_rng_uniform(r);
    double rad = sqrt(-2.0 * log(u1));
    double ph = 2.0 * M_PI * u2;
    *g0 = rad * cos(ph);
    *g1 = rad * sin(ph);
}

double lte_rng_gauss(lte_rng *r)
{
    double g0, g1;
    gauss_pair(r, &g0, &g1);
    return g0;
}

int lte_rng_bits(lte_rng *r, uint8_t *bits, int n)
{
    LTE_CHECK_ARG(r != NULL && (bits != NULL || n == 0), "NULL pointer");
    LTE_CHECK_ARG(n >= 0, "n=%d is negative", n);
    for (int i = 0; i < n; i += 64) {
        uint64_t w = lte_rng_u64(r);
        for (int j = 0; j < 64 && i + j < n; j++)
            bits[i + j] = (uint8_t)((w >> (63 - j)) & 1);
    }
    return 0;
}

int lte_rng_add_gauss(lte_rng *r, float *x, int n, float sigma)
{
    LTE_CHECK_ARG(r != NULL && (x != NULL || n == 0), "NULL pointer");
    LTE_CHECK_ARG(n >= 0, "n=%d is negative", n);
    LTE_CHECK_ARG(isfinite(sigma) && sigma >= 0.0f, "sigma=%g must be finite and >= 0",
                  (double)sigma);
    for (int i = 0; i < n; i += 2) {
        double g0, g1;
        gauss_pair(r, &g0, &g1);
        x[i] += (float)(sigma * g0);
        if (i + 1 < n)
            x[i + 1] += (float)(sigma * g1);
    }
    return 0;
}
