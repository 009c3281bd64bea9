/* ltephy kernels: rate-1/3, constraint-length-7 convolutional coding with
 * tail biting, and a soft-input tail-biting Viterbi decoder.
 *
 * The kernel knows nothing of LTE beyond the shape of the code; LTE's
 * generators are provided as constants (TS 36.212 §5.1.3.1, Figure 5.1.3-1).
 *
 * Generators: an integer g in 1..127 whose 7 bits are the taps, most
 * significant bit = the current input (D^0), least significant = D^6. Written
 * in C octal this is the usual notation: LTE's G0 = 0133 taps D^0, D^2, D^3,
 * D^5, D^6. Output stream i is d_i[k] = sum_j g_i,j * c[k-j] (mod 2).
 *
 * Encoder state: the 6 most recent inputs as an integer 0..63 whose bit 5 is
 * the most recent (c[k-1]) and bit 0 the oldest (c[k-6]). Feeding input u
 * moves state s to (u << 5) | (s >> 1).
 *
 * Tail biting (§5.1.3.1): the register starts holding the last 6 input bits,
 * s_i = c[K-1-i], so the encoder ends in the state it started in and the
 * output is the circular convolution of c with each generator. K >= 6.
 *
 * Soft values: L = ln P(bit=0)/P(bit=1), positive favours 0 (as everywhere in
 * ltephy). The decoder takes the three streams separately, l0[k], l1[k],
 * l2[k] being the soft values of d0[k], d1[k], d2[k] (0 = erased/punctured),
 * which is what the rate de-matcher produces.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_CONV_H
#define LTEPHY_CONV_H

#include <stdint.h>

#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_CONV_G0 0133 /* 36.212 §5.1.3.1 */
#define LTE_CONV_G1 0171
#define LTE_CONV_G2 0165
#define LTE_CONV_NSTATES 64
#define LTE_CONV_KMIN 6
#define LTE_CONV_KMAX 65536

/* Tail-biting encoding of c[0..K-1] (K in [6, 65536], bits 0/1) with
 * generators g[0..2]; writes K bits to each of d0, d1, d2. */
int lte_conv_encode(const uint8_t *c, int K, const unsigned g[3], uint8_t *d0, uint8_t *d1,
                    uint8_t *d2);

/* Plain (not tail-biting) encoding from a given register state: the building
 * block of the above, exposed for zero-tail use and for tests. init_state in
 * 0..63 (see state convention above); K >= 1; *final_state (may be NULL)
 * receives the state after the last input. */
int lte_conv_encode_from(const uint8_t *c, int K, const unsigned g[3], int init_state,
                         uint8_t *d0, uint8_t *d1, uint8_t *d2, int *final_state);

/* The tail-biting start (= end) state of c: the last 6 bits, c[K-1] in bit 5. */
int lte_conv_tb_state(const uint8_t *c, int K);

/* ---- Tail-biting Viterbi decoder ---------------------------------------
 *
 * Method: the wrap-around Viterbi algorithm (WAVA; R. Y. Shao, S. Lin,
 * M. P. C. Fossorier, "Two decoding algorithms for tailbiting codes", IEEE
 * Trans. Commun. 51(10), 2003). Pass 1 starts every state with metric 0 (the
 * start state is unknown). Each pass runs the K trellis steps once and keeps,
 * besides the path metrics, the start state of every survivor. After a pass:
 *  - if the survivor ending in the best state started in that same state,
 *    it is a tail-biting path: it is the answer (early stop);
 *  - otherwise the best tail-biting survivor seen so far (start = end, ranked
 *    by its own correlation, i.e. end metric minus start metric) is kept, and
 *    the next pass starts from the final metrics of this one (the wrap).
 * After max_passes passes without an early stop the best tail-biting
 * survivor found is returned; if no pass produced any tail-biting survivor,
 * the best survivor of the last pass is returned and info->tailbiting = 0.
 *
 * Metric: correlation, sum over the 3 outputs of (+L if the branch bit is 0,
 * -L if 1); larger is better. Ties in add-compare-select go to the
 * predecessor whose oldest bit is 0; ties between end states go to the
 * lowest state. Everything is single-precision float, evaluated in a fixed
 * order, so the result is deterministic.
 *
 * Cost: at most max_passes * K * 64 add-compare-selects; no allocation after
 * create. One object per thread.
 */
#define LTE_CONV_DEFAULT_PASSES 4
#define LTE_CONV_MAX_PASSES 32

/* WAVA is near-ML for K well above the memory (LTE's K >= 34) and cheap; for
 * very short blocks (K ~ 10) it misses the ML codeword a few % of the time
 * at low SNR. LTE_CONV_ML is the exact maximum-likelihood tail-biting
 * decoder: one Viterbi pass per start state, forced to start and end there
 * (64 passes: 16x the typical WAVA cost), keeping the best; ties go to the
 * lowest start state. It is the reference the WAVA decoder is measured
 * against. */
typedef enum lte_conv_method {
    LTE_CONV_WAVA = 0,
    LTE_CONV_ML = 1,
} lte_conv_method;

typedef struct lte_conv_dec_cfg {
    int k_max;      /* longest K this object decodes, 6..65536 */
    unsigned g[3];  /* generators as for the encoder */
    int max_passes; /* WAVA passes, 1..32; 0 = LTE_CONV_DEFAULT_PASSES */
    lte_conv_method method; /* 0 = WAVA */
} lte_conv_dec_cfg;

typedef struct lte_conv_dec_info {
    int passes;     /* passes run (ML: 64) */
    int tailbiting; /* 1 if the decoded path starts and ends in one state */
    int state;      /* that start/end state (the end state if not tail-biting) */
    float metric;   /* correlation of the decoded codeword with the input */
} lte_conv_dec_info;

typedef struct lte_conv_dec lte_conv_dec;

int lte_conv_dec_create(const lte_conv_dec_cfg *cfg, lte_conv_dec **out);
void lte_conv_dec_destroy(lte_conv_dec *dec);

/* Decode K (6..k_max) information bits into c from the soft values of the
 * three output streams. info may be NULL. Non-finite soft values are
 * rejected with LTE_EINVAL. */
int lte_conv_dec_run(lte_conv_dec *dec, const float *l0, const float *l1, const float *l2,
                     int K, uint8_t *c, lte_conv_dec_info *info);

/* lte_conv_dec_run on a given SIMD path (lte_conv_dec_run takes
 * LTE_SIMD_AUTO: the active path). The AVX2 and AVX-512 trellis passes do,
 * lane by lane, the scalar loop's float additions and strict comparisons in
 * the same order, so every path gives identical bits and info. Returns
 * LTE_EUNSUPPORTED for a path the CPU lacks. */
int lte_conv_dec_run_ex(lte_conv_dec *dec, const float *l0, const float *l1, const float *l2,
                        int K, lte_simd_path path, uint8_t *c, lte_conv_dec_info *info);

/* ---- Fixed-point decoder: a bit-accurate model for hardware ------------
 *
 * Same WAVA schedule, tie rules and outputs as above, in integers:
 *  - input: int8_t soft values (any value -128..127; positive favours 0);
 *  - branch metric bm = sum over the 3 outputs of (+l if the bit is 0, -l if
 *    1), an exact int16 in [-384, 384];
 *  - path metrics int16; add-compare-select m_b = sat16(pm[p_b] + bm_b),
 *    new = m_1 if m_1 > m_0 else m_0 (decision 1 / 0);
 *  - after every step all 64 new metrics are normalised by subtracting the
 *    new metric of state 0 (saturating): pm[s] = sat16(new[s] - new[0]).
 *    The spread of the metrics stays below 6 * 768 = 4608, so nothing ever
 *    saturates in practice; saturation is specified only to make the model
 *    total.
 *  - WAVA: pass 1 starts with all metrics 0; later passes start from the
 *    previous pass's (normalised) final metrics. A survivor's own metric is
 *    its end metric plus the pass's total normalisation minus its start
 *    metric, computed in 64 bits; ranking and early stop as in the float
 *    decoder (ties to the lowest state). info->metric is that integer.
 * The scalar path is the reference; the AVX2 path (also used for
 * LTE_SIMD_AVX512) gives identical bits and info. The object must have been
 * created with method LTE_CONV_WAVA (else LTE_EINVAL). No allocation. */
int lte_conv_dec_run_i8(lte_conv_dec *dec, const int8_t *l0, const int8_t *l1,
                        const int8_t *l2, int K, lte_simd_path path, uint8_t *c,
                        lte_conv_dec_info *info);

#ifdef __cplusplus
}
#endif
#endif
