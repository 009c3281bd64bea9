/* ltephy kernels: AVX-512 trellis pass of the float tail-biting Viterbi
 * decoder (viterbi_pass in conv.c is the reference; model in conv.h).
 *
 * States 16g..16g+15 in register g. Next states 16g.. come from the
 * predecessors 32h..32h+31 (h = g mod 2), split into even (branch 0) and odd
 * (branch 1) states with two-register permutes; the branch metrics are the
 * step's 8 values permuted by label. Each lane does what the scalar loop
 * does for its state (two float additions, a strict greater-than, a
 * select), so metrics, start states and decisions are identical.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <immintrin.h>
#include <stdint.h>

#include "kernels/conv_impl.h"

void lte_conv_pass_f32_avx512(const float *l0, const float *l1, const float *l2, int K,
                              const uint8_t out[64][2], float pm[64], uint8_t org[64],
                              uint64_t *dec)
{
    __m512i sel[4][2];
    for (int g = 0; g < 4; g++)
        for (int r = 0; r < 2; r++) {
            int32_t idx[16];
            for (int t = 0; t < 16; t++)
                idx[t] = out[16 * g + t][r];
            sel[g][r] = _mm512_loadu_si512(idx);
        }
    /* bm[o] = ((+-l0) + (+-l1)) + (+-l2), minus where bit i of o & 7 is set */
    const __m512i sign = _mm512_set1_epi32(INT32_MIN);
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7);
    const __m512 n0 = _mm512_castsi512_ps(
        _mm512_maskz_mov_epi32(_mm512_test_epi32_mask(lane, _mm512_set1_epi32(1)), sign));
    const __m512 n1 = _mm512_castsi512_ps(
        _mm512_maskz_mov_epi32(_mm512_test_epi32_mask(lane, _mm512_set1_epi32(2)), sign));
    const __m512 n2 = _mm512_castsi512_ps(
        _mm512_maskz_mov_epi32(_mm512_test_epi32_mask(lane, _mm512_set1_epi32(4)), sign));
    const __m512i ev = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i od = _mm512_add_epi32(ev, _mm512_set1_epi32(1));
    __m512 P[4];
    __m512i O[4];
    for (int g = 0; g < 4; g++) {
        P[g] = _mm512_loadu_ps(pm + 16 * g);
        O[g] = _mm512_add_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                                                  14, 15),
                                _mm512_set1_epi32(16 * g));
    }
    for (int k = 0; k < K; k++) {
        __m512 bm = _mm512_add_ps(_mm512_add_ps(_mm512_xor_ps(_mm512_set1_ps(l0[k]), n0),
                                                _mm512_xor_ps(_mm512_set1_ps(l1[k]), n1)),
                                  _mm512_xor_ps(_mm512_set1_ps(l2[k]), n2));
        __m512 E[2], D[2];
        __m512i OE[2], OD[2];
        for (int h = 0; h < 2; h++) {
            E[h] = _mm512_permutex2var_ps(P[2 * h], ev, P[2 * h + 1]);
            D[h] = _mm512_permutex2var_ps(P[2 * h], od, P[2 * h + 1]);
            OE[h] = _mm512_permutex2var_epi32(O[2 * h], ev, O[2 * h + 1]);
            OD[h] = _mm512_permutex2var_epi32(O[2 * h], od, O[2 * h + 1]);
        }
        uint64_t w = 0;
        for (int g = 0; g < 4; g++) {
            const int h = g & 1;
            __m512 m0 = _mm512_add_ps(E[h], _mm512_permutexvar_ps(sel[g][0], bm));
            __m512 m1 = _mm512_add_ps(D[h], _mm512_permutexvar_ps(sel[g][1], bm));
            __mmask16 take1 = _mm512_cmp_ps_mask(m1, m0, _CMP_GT_OQ);
            P[g] = _mm512_mask_blend_ps(take1, m0, m1);
            O[g] = _mm512_mask_blend_epi32(take1, OE[h], OD[h]);
            w |= (uint64_t)take1 << (16 * g);
        }
        dec[k] = w;
    }
    int32_t o32[64];
    for (int g = 0; g < 4; g++) {
        _mm512_storeu_ps(pm + 16 * g, P[g]);
        _mm512_storeu_si512(o32 + 16 * g, O[g]);
    }
    for (int s = 0; s < 64; s++)
        org[s] = (uint8_t)o32[s];
}
