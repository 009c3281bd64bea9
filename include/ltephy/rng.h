/* ltephy kernels: deterministic pseudo-random numbers for simulation.
 *
 * xoshiro256** (Blackman & Vigna) seeded through splitmix64, plus Box-Muller
 * Gaussian samples. The generator is a plain value object: no global state,
 * the same seed gives the same stream on every platform and thread count.
 * For parallel simulations give each work item (e.g. a code block) its own
 * stream with lte_rng_seed_stream(seed, index): results then do not depend
 * on how the items are spread over threads.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_RNG_H
#define LTEPHY_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lte_rng {
    uint64_t s[4];
} lte_rng;

/* Seed the generator; returns 0 or LTE_EINVAL (r == NULL). */
int lte_rng_seed(lte_rng *r, uint64_t seed);

/* Seed an independent stream number `stream` of the master seed `seed`
 * (both go through splitmix64, so neighbouring values give unrelated
 * streams). Returns 0 or LTE_EINVAL. */
int lte_rng_seed_stream(lte_rng *r, uint64_t seed, uint64_t stream);

uint64_t lte_rng_u64(lte_rng *r);
uint32_t lte_rng_u32(lte_rng *r);   /* upper 32 bits of lte_rng_u64 */
double lte_rng_uniform(lte_rng *r); /* [0, 1), 53-bit resolution */
double lte_rng_gauss(lte_rng *r);   /* N(0, 1), Box-Muller (cosine branch) */

/* bits[i] = uniform 0/1, i < n. Returns 0 or LTE_EINVAL. */
int lte_rng_bits(lte_rng *r, uint8_t *bits, int n);

/* x[i] += sigma * N(0,1), i < n (both Box-Muller outputs are used, in pairs).
 * Returns 0 or LTE_EINVAL. */
int lte_rng_add_gauss(lte_rng *r, float *x, int n, float sigma);

#ifdef __cplusplus
}
#endif
#endif
