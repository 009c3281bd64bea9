/* ltephy internal: the SIMD trellis passes of the Viterbi decoders, called
 * by kernels/conv.c (which holds the scalar references). Not installed.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef LTEPHY_CONV_IMPL_H
#define LTEPHY_CONV_IMPL_H

#include <stdint.h>

/* One pass of the 16-bit Viterbi over K steps (the model documented at
 * lte_conv_dec_run_i8 in conv.h). out[ns][b]: 3-bit output label of the
 * branch into ns from ((ns & 31) << 1) | b. pm: path metrics in/out; org:
 * out, start state of each survivor; dec[k]: decision word of step k.
 * Returns the sum of the per-step normalisation offsets. */
int64_t lte_conv_pass_i16_avx2(const int8_t *l0, const int8_t *l1, const int8_t *l2, int K,
                               const uint8_t out[64][2], int16_t pm[64], uint8_t org[64],
                               uint64_t *dec);

/* One pass of the float Viterbi (viterbi_pass in conv.c, model in conv.h):
 * the same additions and strict comparisons per state as the scalar loop,
 * so the metrics, survivors' start states and decisions are identical. */
void lte_conv_pass_f32_avx2(const float *l0, const float *l1, const float *l2, int K,
                            const uint8_t out[64][2], float pm[64], uint8_t org[64],
                            uint64_t *dec);
void lte_conv_pass_f32_avx512(const float *l0, const float *l1, const float *l2, int K,
                              const uint8_t out[64][2], float pm[64], uint8_t org[64],
                              uint64_t *dec);

#endif
