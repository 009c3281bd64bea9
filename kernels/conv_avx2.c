/* ltephy kernels: AVX2 trellis pass of the fixed-point tail-biting Viterbi
 * decoder. Bit-exact with pass_i16_scalar in conv.c (model in conv.h).
 *
 * The 64 int16 path metrics live in four registers, states 16g..16g+15 in
 * register g. Next state ns (and ns + 32) is reached from the predecessors
 * 2j and 2j + 1 with j = ns mod 32, so each step splits the metrics into
 * even and odd states, adds the branch metrics (looked up from the step's
 * 8 values with a byte shuffle), and keeps the larger of each pair. The
 * survivors' start states ride along in the same layout.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <immintrin.h>
#include <string.h>

#include "kernels/conv_impl.h"

/* Even/odd split of states 32h..32h+31 held in a (first 16) and b (next 16):
 * *ev = states 32h, 32h+2, ..., *od = 32h+1, 32h+3, ... */
static inline void split(__m256i a, __m256i b, __m256i *ev, __m256i *od)
{
    const __m256i ctrl = _mm256_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15,
                                          0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15);
    __m256i a1 = _mm256_permute4x64_epi64(_mm256_shuffle_epi8(a, ctrl), _MM_SHUFFLE(3, 1, 2, 0));
    __m256i b1 = _mm256_permute4x64_epi64(_mm256_shuffle_epi8(b, ctrl), _MM_SHUFFLE(3, 1, 2, 0));
    *ev = _mm256_permute2x128_si256(a1, b1, 0x20);
    *od = _mm256_permute2x128_si256(a1, b1, 0x31);
}

/* 16 decision bits (one per int16 lane) of a compare mask */
static inline uint64_t lane_bits(__m256i mask)
{
    return _pext_u32((uint32_t)_mm256_movemask_epi8(mask), 0x55555555u);
}

int64_t lte_conv_pass_i16_avx2(const int8_t *l0, const int8_t *l1, const int8_t *l2, int K,
                               const uint8_t out[64][2], int16_t pm[64], uint8_t org[64],
                               uint64_t *dec)
{
    /* byte-shuffle controls picking bm[label] for each lane of group g,
     * branch b (g = ns / 16) */
    __m256i sel[4][2];
    for (int g = 0; g < 4; g++)
        for (int b = 0; b < 2; b++) {
            uint8_t idx[32];
            for (int t = 0; t < 16; t++) {
                int lab = out[16 * g + t][b];
                idx[2 * t] = (uint8_t)(2 * lab);
                idx[2 * t + 1] = (uint8_t)(2 * lab + 1);
            }
            sel[g][b] = _mm256_loadu_si256((const __m256i *)idx);
        }

    __m256i P[4], O[4];
    int16_t o16[64];
    for (int s = 0; s < 64; s++)
        o16[s] = (int16_t)s;
    for (int g = 0; g < 4; g++) {
        P[g] = _mm256_loadu_si256((const __m256i *)(pm + 16 * g));
        O[g] = _mm256_loadu_si256((const __m256i *)(o16 + 16 * g));
    }

    int64_t shift = 0;
    for (int k = 0; k < K; k++) {
        int a0 = l0[k], a1 = l1[k], a2 = l2[k];
        /* bm[o], bit i of o = output bit of stream i */
        __m128i bm8 = _mm_setr_epi16((int16_t)(a0 + a1 + a2), (int16_t)(-a0 + a1 + a2),
                                     (int16_t)(a0 - a1 + a2), (int16_t)(-a0 - a1 + a2),
                                     (int16_t)(a0 + a1 - a2), (int16_t)(-a0 + a1 - a2),
                                     (int16_t)(a0 - a1 - a2), (int16_t)(-a0 - a1 - a2));
        __m256i bmt = _mm256_broadcastsi128_si256(bm8);

        __m256i Ev[2], Od[2], OEv[2], OOd[2];
        split(P[0], P[1], &Ev[0], &Od[0]);
        split(P[2], P[3], &Ev[1], &Od[1]);
        split(O[0], O[1], &OEv[0], &OOd[0]);
        split(O[2], O[3], &OEv[1], &OOd[1]);

        uint64_t w = 0;
        for (int g = 0; g < 4; g++) {
            int h = g & 1; /* groups 0, 2 come from predecessors 0..31; 1, 3 from 32..63 */
            __m256i m0 = _mm256_adds_epi16(Ev[h], _mm256_shuffle_epi8(bmt, sel[g][0]));
            __m256i m1 = _mm256_adds_epi16(Od[h], _mm256_shuffle_epi8(bmt, sel[g][1]));
            __m256i take1 = _mm256_cmpgt_epi16(m1, m0);
            P[g] = _mm256_max_epi16(m0, m1);
            O[g] = _mm256_blendv_epi8(OEv[h], OOd[h], take1);
            w |= lane_bits(take1) << (16 * g);
        }
        dec[k] = w;

        /* normalise: subtract the new metric of state 0 */
        int16_t ref = (int16_t)_mm256_extract_epi16(P[0], 0);
        __m256i r = _mm256_set1_epi16(ref);
        for (int g = 0; g < 4; g++)
            P[g] = _mm256_subs_epi16(P[g], r);
        shift += ref;
    }

    for (int g = 0; g < 4; g++) {
        _mm256_storeu_si256((__m256i *)(pm + 16 * g), P[g]);
        _mm256_storeu_si256((__m256i *)(o16 + 16 * g), O[g]);
    }
    for (int s = 0; s < 64; s++)
        org[s] = (uint8_t)o16[s];
    return shift;
}

/* ---- float pass ------------------------------------------------------------
 * States 8b..8b+7 in register b. Next states 8b..8b+7 come from the
 * predecessors 16j..16j+15 (j = b mod 4), split into even (branch 0) and odd
 * (branch 1) states; the branch metrics are the step's 8 values permuted by
 * label. Each lane does what the scalar loop does for its state: two float
 * additions, a strict greater-than, a select. */

/* even / odd lanes of the 16 floats a, b, in order */
static inline __m256 even8(__m256 a, __m256 b)
{
    __m256 t = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
    return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(t), _MM_SHUFFLE(3, 1, 2, 0)));
}

static inline __m256 odd8(__m256 a, __m256 b)
{
    __m256 t = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1));
    return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(t), _MM_SHUFFLE(3, 1, 2, 0)));
}

void lte_conv_pass_f32_avx2(const float *l0, const float *l1, const float *l2, int K,
                            const uint8_t out[64][2], float pm[64], uint8_t org[64],
                            uint64_t *dec)
{
    __m256i sel[8][2];
    for (int b = 0; b < 8; b++)
        for (int r = 0; r < 2; r++) {
            int32_t idx[8];
            for (int t = 0; t < 8; t++)
                idx[t] = out[8 * b + t][r];
            sel[b][r] = _mm256_loadu_si256((const __m256i *)idx);
        }
    /* bm[o] = ((+-l0) + (+-l1)) + (+-l2), minus where bit i of o is set */
    const __m256 n0 = _mm256_castsi256_ps(_mm256_setr_epi32(0, INT32_MIN, 0, INT32_MIN, 0,
                                                            INT32_MIN, 0, INT32_MIN));
    const __m256 n1 = _mm256_castsi256_ps(_mm256_setr_epi32(0, 0, INT32_MIN, INT32_MIN, 0, 0,
                                                            INT32_MIN, INT32_MIN));
    const __m256 n2 = _mm256_castsi256_ps(_mm256_setr_epi32(0, 0, 0, 0, INT32_MIN, INT32_MIN,
                                                            INT32_MIN, INT32_MIN));
    __m256 P[8], O[8]; /* O: start states as int32 bit patterns */
    for (int b = 0; b < 8; b++) {
        P[b] = _mm256_loadu_ps(pm + 8 * b);
        O[b] = _mm256_castsi256_ps(_mm256_add_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
                                                    _mm256_set1_epi32(8 * b)));
    }
    for (int k = 0; k < K; k++) {
        __m256 bm = _mm256_add_ps(_mm256_add_ps(_mm256_xor_ps(_mm256_set1_ps(l0[k]), n0),
                                                _mm256_xor_ps(_mm256_set1_ps(l1[k]), n1)),
                                  _mm256_xor_ps(_mm256_set1_ps(l2[k]), n2));
        __m256 E[4], D[4], OE[4], OD[4];
        for (int j = 0; j < 4; j++) {
            E[j] = even8(P[2 * j], P[2 * j + 1]);
            D[j] = odd8(P[2 * j], P[2 * j + 1]);
            OE[j] = even8(O[2 * j], O[2 * j + 1]);
            OD[j] = odd8(O[2 * j], O[2 * j + 1]);
        }
        uint64_t w = 0;
        for (int b = 0; b < 8; b++) {
            const int j = b & 3;
            __m256 m0 = _mm256_add_ps(E[j], _mm256_permutevar8x32_ps(bm, sel[b][0]));
            __m256 m1 = _mm256_add_ps(D[j], _mm256_permutevar8x32_ps(bm, sel[b][1]));
            __m256 take1 = _mm256_cmp_ps(m1, m0, _CMP_GT_OQ);
            P[b] = _mm256_blendv_ps(m0, m1, take1);
            O[b] = _mm256_blendv_ps(OE[j], OD[j], take1);
            w |= (uint64_t)(unsigned)_mm256_movemask_ps(take1) << (8 * b);
        }
        dec[k] = w;
    }
    int32_t o32[64];
    for (int b = 0; b < 8; b++) {
        _mm256_storeu_ps(pm + 8 * b, P[b]);
        _mm256_storeu_si256((__m256i *)(o32 + 8 * b), _mm256_castps_si256(O[b]));
    }
    for (int s = 0; s < 64; s++)
        org[s] = (uint8_t)o32[s];
}
