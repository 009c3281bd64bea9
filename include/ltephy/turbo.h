/* ltephy kernels: the LTE turbo code's constituent machinery (TS 36.212
 * §5.1.3.2), independent of how the interleaver is built.
 *
 * The code is a PCCC of two 8-state recursive systematic convolutional codes,
 * transfer function G(D) = [1, g1(D)/g0(D)], g0 = 1 + D^2 + D^3 (feedback),
 * g1 = 1 + D + D^3, both encoders starting in state zero, followed by trellis
 * termination (§5.1.3.2.2). The internal interleaver is passed in as a
 * permutation pi[0..K-1] (c'_i = c_pi[i]); phy/ builds the QPP one.
 *
 * Output streams d0, d1, d2 each hold K+4 bits laid out exactly as §5.1.3.2.2:
 *   d0[k] = x_k, d1[k] = z_k, d2[k] = z'_k for k < K, and the twelve tail bits
 *   d0[K..K+3] = x_K, z_{K+1}, x'_K, z'_{K+1}
 *   d1[K..K+3] = z_K, x_{K+2}, z'_K, x'_{K+2}
 *   d2[K..K+3] = x_{K+1}, z_{K+2}, x'_{K+1}, z'_{K+2}
 * Filler bits: the caller passes them as 0 in c; the <NULL> marking of
 * d0/d1 at k < F is the rate matcher's business.
 *
 * Soft values ("LLRs") everywhere in ltephy: L = ln P(bit=0)/P(bit=1), so a
 * positive value favours bit 0. For BPSK 0 -> +1, 1 -> -1 over AWGN with
 * noise variance s2 per real dimension, L = 2y/s2.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_TURBO_H
#define LTEPHY_TURBO_H

#include <stdint.h>

#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_TURBO_KMAX 6144

/* Fast encoder: 64 trellis steps per machine word (kernels/turbo_enc.c).
 * K in [8, 6144] and a multiple of 8 (every LTE code-block size is); pi a
 * permutation of 0..K-1 (an entry >= K is refused). Only bit 0 of each c[k]
 * is used. Runs on the default SIMD path; lte_turbo_encode_simd on the one
 * given (LTE_SIMD_AUTO = default). Every path gives the same bits. */
int lte_turbo_encode(const uint8_t *c, int K, const uint16_t *pi, uint8_t *d0, uint8_t *d1,
                     uint8_t *d2);

int lte_turbo_encode_simd(const uint8_t *c, int K, const uint16_t *pi, uint8_t *d0,
                          uint8_t *d1, uint8_t *d2, lte_simd_path path);

/* Bit-serial reference encoder: shift registers stepped one bit at a time.
 * Any K in [8, 6144]. */
int lte_turbo_encode_ref(const uint8_t *c, int K, const uint16_t *pi, uint8_t *d0, uint8_t *d1,
                         uint8_t *d2);

/* ---- Floating-point decoder: the accuracy reference ---------------------- */

typedef enum lte_turbo_alg {
    LTE_TURBO_LOG_MAP = 0,     /* exact max* = max + log(1+exp(-|a-b|)) */
    LTE_TURBO_MAX_LOG_MAP = 1, /* max* = max */
} lte_turbo_alg;

typedef struct lte_turbo_dec_cfg {
    int k_max;        /* largest K this object will decode (<= 6144) */
    lte_turbo_alg alg;
    float ext_scale;  /* extrinsic scaling in (0, 1]: 1.0 = none (0.7 is usual for max-log) */
} lte_turbo_dec_cfg;

typedef struct lte_turbo_dec lte_turbo_dec;

/* Early-stopping test called after each full iteration with the current hard
 * decisions c[0..K-1]; return 1 to stop. (E.g. a CRC24B check.) */
typedef int (*lte_turbo_stop_fn)(const uint8_t *c, int K, void *arg);

int lte_turbo_dec_create(const lte_turbo_dec_cfg *cfg, lte_turbo_dec **out);
void lte_turbo_dec_destroy(lte_turbo_dec *dec);

/* Decode one code block. l0, l1, l2: soft values of d0, d1, d2 (K+4 each,
 * same layout as the encoder output; 0 = erased/punctured; finite with
 * |L| <= 1e20, else LTE_EINVAL).
 * K in [1, k_max] (any K: the decoder does not need Table 5.1.3-3), pi a
 * permutation of 0..K-1 (checked: LTE_EINVAL otherwise). Runs up to
 * max_iter (1..64) iterations (each = two half-iterations: SISO 1 on
 * d0/d1, then SISO 2 on the interleaved systematic and d2), stopping early
 * when stop (may be NULL) returns nonzero. Writes K hard bits to c (bit 1
 * iff the a-posteriori LLR < 0; ties give 0) and, if iterations is not
 * NULL, the number of iterations run. No allocation. */
int lte_turbo_dec_run(lte_turbo_dec *dec, const float *l0, const float *l1, const float *l2,
                      int K, const uint16_t *pi, int max_iter, lte_turbo_stop_fn stop,
                      void *stop_arg, uint8_t *c, int *iterations);

/* Choose the implementation (default: lte_simd_default() at create).
 * LTE_SIMD_SCALAR runs the BCJR as plain loops over the states (the
 * reference reading); LTE_SIMD_AVX2 and LTE_SIMD_AVX512 run the same float
 * operations with the 8 states in one AVX2 register, bit-identical to the
 * scalar form. Returns 0, LTE_EINVAL or LTE_EUNSUPPORTED (path not on this
 * CPU). */
int lte_turbo_dec_set_path(lte_turbo_dec *dec, lte_simd_path path);

/* A-posteriori LLRs L(c_k), k < K, of the last successful run (natural
 * order, those of the last half-iteration; c = L < 0). K must equal the
 * last run's K. Returns 0 or LTE_EINVAL. */
int lte_turbo_dec_llr(const lte_turbo_dec *dec, float *lapp, int K);

/* Optional observer of every half-iteration, for golden vectors and for
 * comparing another decoder step by step. Called after SISO `half` (0: the
 * first constituent decoder, natural order; 1: the second, interleaved order,
 * index i <-> c_pi[i]) of iteration `iter` (1-based) with its a-posteriori
 * LLRs and its extrinsic output (already multiplied by ext_scale, i.e. the
 * a-priori input of the other SISO). The arrays are valid only during the
 * call. fn = NULL removes the observer. Returns 0 or LTE_EINVAL. */
typedef void (*lte_turbo_trace_fn)(int iter, int half, int K, const float *lapp,
                                   const float *ext, void *arg);
int lte_turbo_dec_set_trace(lte_turbo_dec *dec, lte_turbo_trace_fn fn, void *arg);

#ifdef __cplusplus
}
#endif
#endif
