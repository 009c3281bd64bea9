/* ltephy phy: rate matching for turbo-coded transport channels,
 * TS 36.212 §5.1.4.1, and its inverse with HARQ soft combining.
 *
 * Forward (§5.1.4.1.1-2): each of the three turbo output streams d0, d1, d2
 * (K+4 bits, D = K+4, layout of ltephy/turbo.h) goes through the sub-block
 * interleaver (C = 32 columns, R = ceil(D/32) rows, N_D = 32R - D dummy
 * <NULL> bits in front, inter-column permutation of Table 5.1.4-1, read out
 * column by column; the third stream uses pi(k) = (P(floor(k/R)) + 32(k mod R)
 * + 1) mod K_Pi). The bit collection forms the circular buffer
 *   w[k] = v0[k], w[K_Pi + 2k] = v1[k], w[K_Pi + 2k + 1] = v2[k],  K_w = 3 K_Pi,
 * and E bits are read from w[(k0 + j) mod N_cb], j = 0, 1, ..., skipping
 * <NULL>s, with k0 = R (2 ceil(N_cb/(8R)) rv + 2). The first F bits of d0 and
 * d1 are filler (§5.1.3.2: "<NULL>") and are skipped like dummies.
 *
 * Inverse: the E soft values are ADDED to l0, l1, l2 (K+4 each, same layout
 * as d0/d1/d2) at the positions they were read from, so successive
 * transmissions of one code block (any rv) combine in the same buffers
 * (HARQ chase/incremental-redundancy combining), and a bit sent twice within
 * one transmission (E larger than the buffer) is added twice. Positions not
 * transmitted are left untouched (0 in a fresh buffer = erased). Zero the
 * buffers for a new transport block.
 *
 * Filler bits: d0[k] and d1[k], k < F, are never transmitted and never
 * written by the inverse. They are known zeros (the filler bits are 0 and the
 * first encoder, starting in state 0 on F zero inputs, outputs F zero parity
 * bits), so a decoder should treat them as certain 0s: a large positive LLR.
 * lte_rm_turbo_set_filler() does that.
 *
 * Two ways to call:
 *  - plans (the fast path): lte_rm_turbo_plan_create(K) precomputes, once,
 *    the map from circular-buffer order (dummies left out) to stream
 *    positions (6(K+4) bytes); lte_rm_turbo_plans_create() holds plans for
 *    all 188 K of Table 5.1.3-3 in one allocation (about 2.1 MB). Plans are
 *    immutable after creation and may be shared between threads.
 *  - plain functions (lte_rm_turbo, lte_rm_turbo_inverse): no set-up, no heap
 *    allocation; they walk the circular buffer computing positions from the
 *    interleaver formulas, 512 entries at a time into a 1 KB stack buffer
 *    (plus an 18 KB stack copy of non-consecutive input streams, below).
 *    About twice the time of a plan.
 * Both give identical results (the tests check them against each other and
 * against a brute-force model of the spec text). The plan inverse reads
 * the sub-block interleaver's columns back row by row with SIMD transposes
 * (filler-free blocks, AVX-512) instead of scattering value by value;
 * lte_rm_turbo_plan_inverse_ex also sets instead of adding (a fresh HARQ
 * buffer needs no clearing) and can write the 8-bit decoder input. Fastest when the three streams are
 * consecutive in memory (d1 = d0 + K + 4, d2 = d1 + K + 4; likewise l0, l1,
 * l2): the forward direction otherwise first copies them (3(K+4) bytes on
 * the stack), the inverse picks the stream bit by bit.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_RATEMATCH_H
#define LTEPHY_RATEMATCH_H

#include <stdint.h>

#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_RM_C_SUBBLOCK 32        /* C_subblock^TC, §5.1.4.1.1 */
#define LTE_RM_KPI_MAX 6176         /* K_Pi for K = 6144: 32 * ceil(6148/32) */
#define LTE_RM_KW_MAX (3 * LTE_RM_KPI_MAX)
#define LTE_RM_NULL 0xFF            /* a <NULL> entry in lte_rm_turbo_cbuf() output */
#define LTE_RM_FILLER_LLR 1000.0f   /* suggested soft value for known-zero filler bits */

/* K_Pi = 32 R and K_w = 3 K_Pi for a code block of K bits (1 <= K <= 6144). */
int lte_rm_turbo_kw(int K, int *k_pi, int *k_w);

/* §5.1.4.1.2: soft buffer size per code block. UL-SCH (uplink = 1):
 * N_cb = K_w. DL-SCH: N_cb = min(floor(N_IR / C), K_w); C = number of code
 * blocks of the transport block. */
int lte_rm_turbo_ncb(int K, int C, int n_ir, int uplink, int *n_cb);

/* §5.1.4.1.2: N_IR = floor(N_soft / (K_MIMO * min(M_DL_HARQ, M_limit))),
 * N_soft from 36.306 for the UE category, K_MIMO 1 or 2, M_limit = 8. */
int lte_rm_turbo_nir(int n_soft, int k_mimo, int m_dl_harq, int m_limit, int *n_ir);

/* Starting position k0 = R (2 ceil(N_cb / (8R)) rv + 2) of redundancy version
 * rv (0..3), reduced mod N_cb as the read-out w[(k0 + j) mod N_cb] implies.
 * N_cb in [1, K_w]. */
int lte_rm_turbo_k0(int K, int n_cb, int rv, int *k0);

/* The circular buffer w[0..K_w-1] itself (the sub-block interleaver and bit
 * collection output), <NULL>s (dummies and filler) as LTE_RM_NULL. For stage
 * dumps and tests. F in [0, K]. */
int lte_rm_turbo_cbuf(const uint8_t *d0, const uint8_t *d1, const uint8_t *d2, int K, int F,
                      uint8_t *w);

/* Rate matching of one code block: E bits e[0..E-1] from d0, d1, d2 (K+4
 * bits each). K in [1, 6144], F in [0, K], n_cb in [1, K_w], rv 0..3, E >= 0.
 * LTE_EINVAL if E > 0 and the first N_cb entries of w are all <NULL>. */
int lte_rm_turbo(const uint8_t *d0, const uint8_t *d1, const uint8_t *d2, int K, int F,
                 int n_cb, int rv, int E, uint8_t *e);

/* Inverse: ADD e[0..E-1] into l0, l1, l2 (K+4 each) where they were read
 * from; see the file comment. Same argument ranges as lte_rm_turbo. */
int lte_rm_turbo_inverse(const float *e, int E, int K, int F, int n_cb, int rv, float *l0,
                         float *l1, float *l2);

/* Set l0[k] = l1[k] = llr for k < F (e.g. LTE_RM_FILLER_LLR): the filler
 * bits and the first encoder's parity over them are known zeros. */
int lte_rm_turbo_set_filler(float *l0, float *l1, int F, float llr);

/* ---- Precomputed plans -------------------------------------------------- */

typedef struct lte_rm_turbo_plan lte_rm_turbo_plan;

int lte_rm_turbo_plan_create(int K, lte_rm_turbo_plan **out);
void lte_rm_turbo_plan_destroy(lte_rm_turbo_plan *plan);
/* K the plan was made for. */
int lte_rm_turbo_plan_k(const lte_rm_turbo_plan *plan);

/* As lte_rm_turbo / lte_rm_turbo_inverse for the plan's K. No allocation. */
int lte_rm_turbo_plan_run(const lte_rm_turbo_plan *plan, const uint8_t *d0, const uint8_t *d1,
                          const uint8_t *d2, int F, int n_cb, int rv, int E, uint8_t *e);
int lte_rm_turbo_plan_inverse(const lte_rm_turbo_plan *plan, const float *e, int E, int F,
                              int n_cb, int rv, float *l0, float *l1, float *l2);

/* lte_rm_turbo_plan_inverse with options. flags: 0, or LTE_RM_INV_SET to
 * overwrite l0, l1, l2 instead of adding (untransmitted positions become
 * +0; the result is that of zeroing the buffers first and adding, bit for
 * bit, and the buffers are not read). path: LTE_SIMD_AVX512 selects the
 * column transposition (kernels/col32.h), the others the scatter; every
 * path gives identical output. q
 * (may be NULL): also write the 8-bit fixed-point decoder input of the
 * results, q[s (K+4) + i] = lte_turbo_fx_quantize of l_s[i] at width 8 and
 * scale q_scale (finite, > 0), s = 0, 1, 2, for every position (AVX-512
 * quantises while the values are in registers). The plain
 * lte_rm_turbo_plan_inverse is flags 0, LTE_SIMD_AUTO, q = NULL. With E = 0,
 * LTE_RM_INV_SET still clears the buffers (and q still quantises them). */
#define LTE_RM_INV_SET 1
int lte_rm_turbo_plan_inverse_ex(const lte_rm_turbo_plan *plan, const float *e, int E, int F,
                                 int n_cb, int rv, int flags, lte_simd_path path, float *l0,
                                 float *l1, float *l2, int8_t *q, float q_scale);

/* Plans for every K of Table 5.1.3-3, in one allocation. */
typedef struct lte_rm_turbo_plans lte_rm_turbo_plans;

int lte_rm_turbo_plans_create(lte_rm_turbo_plans **out);
void lte_rm_turbo_plans_destroy(lte_rm_turbo_plans *set);
/* The plan for K (LTE_EINVAL if K is not a turbo code-block size). */
int lte_rm_turbo_plans_get(const lte_rm_turbo_plans *set, int K, const lte_rm_turbo_plan **plan);

#ifdef __cplusplus
}
#endif
#endif
