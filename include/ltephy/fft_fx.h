/* ltephy kernels: bit-accurate fixed-point FFT/IFFT model with a per-stage
 * scaling schedule (the way hardware FFT cores scale), scalar reference plus
 * AVX2 / AVX-512 paths that are bit-exact with it.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * ==== The model =============================================================
 * Everything below is normative: the scalar path implements it literally and
 * the SIMD paths (and a hardware core meant to match) reproduce every output
 * bit.
 *
 * Notation. N = 2^L with 4 <= L <= 12 (N = 16 .. 4096; LTE uses 128 ..
 * 2048), or N = 3 * 2^L with 4 <= L <= 10 (48 .. 3072; LTE's 1536 =
 * 3 * 512). All arithmetic is on integers. x >> s is the arithmetic
 * (flooring) right shift. sat16(x) clamps to [-32768, 32767]: every stage
 * output saturates, nothing ever wraps. R(x, s) = (x + 2^(s-1)) >> s for
 * s >= 1 and R(x, 0) = x: round half up (toward +infinity), the add-then-shift
 * a hardware shifter does. The rounding is defined here once and used for
 * every scaling shift.
 *
 * 1. Data. Input and output are N complex samples as interleaved int16 pairs
 *    (re, im), Q1.15: value = integer / 32768, range [-1, 1 - 2^-15].
 *
 * 2. Twiddles, Q1.15, one table per N: for k = 0 .. N/2 - 1
 *        c_k = rha(32767 cos(2 pi k / N)),   s_k = rha(32767 sin(2 pi k / N))
 *    where rha() rounds half away from zero (C's lround) and the cos/sin are
 *    evaluated in double precision. The only exact ties are cos or sin =
 *    +-1/2 (N = 3 * 2^L, k a multiple of N/12 or N/6): 32767/2 rounds to
 *    +-16384. Every other product lies more than 1e-6 from a tie for every
 *    supported N (the tests check this), so any decent libm gives the same
 *    table. Magnitudes never exceed 32767 (k = 0 gives
 *    c = 32767, not 1.0: the multiplier is never bypassed, so every
 *    difference output takes the same path). Forward multiplies by
 *    w_k = c_k - j s_k (e^{-j 2 pi k/N}), inverse by c_k + j s_k (conjugate).
 *    lte_fft_fx_twiddle() returns the table entries.
 *
 * 3. Structure: radix-2 decimation in frequency, L stages, in place,
 *    natural-order input (for N = 3 * 2^L followed by one radix-3 stage,
 *    3b). Stage t = 0 .. L-1 has half-span h = N >> (t+1)
 *    and shift s_t in {0, 1, 2} (the schedule). For every group
 *    g = 0, 2h, 4h, .. and j = 0 .. h-1, with a = x[g+j], b = x[g+j+h]
 *    (each component separately):
 *        u = sat16(R(a + b, s_t))                  (sums are exact in int32)
 *        v = sat16(R(a - b, s_t))
 *        x[g+j]   = u
 *        x[g+j+h] = (sat16((P_re + 2^14) >> 15), sat16((P_im + 2^14) >> 15))
 *    with the twiddle index k = j * 2^t and the exact int32 products
 *        forward: P_re = v_re c_k + v_im s_k,   P_im = v_im c_k - v_re s_k
 *        inverse: P_re = v_re c_k - v_im s_k,   P_im = v_im c_k + v_re s_k
 *    (|P| + 2^14 < 2^31 because |c_k|, |s_k| <= 32767, so a 16x16 multiplier
 *    with a 32-bit accumulator is exact).
 *
 * 3b. Radix-3 stage (N = 3 * 2^L only; its shift s_L is the schedule's
 *    last entry, default 2 because a 3-point DFT grows by up to 3). On each
 *    triple (a0, a1, a2) = x[3g], x[3g+1], x[3g+2], g = 0 .. 2^L - 1, per
 *    component in int32 (exact; C3 = 28378 = rha(2^14 sqrt3), Q2.14):
 *        t1 = a1 + a2,  t2 = a1 - a2,  M = 2 a0 - t1,
 *        Q = (C3 t2 + 2^13) >> 14                      (~ sqrt3 t2)
 *        Y0 = 2 (a0 + t1)
 *        Y1 = (M_re + Q_im, M_im - Q_re),   Y2 = (M_re - Q_im, M_im + Q_re)
 *    (Y = twice the 3-point DFT with W3 = e^{-j 2 pi/3}); the inverse swaps
 *    Y1 and Y2. x[3g+r] = sat16(R(Y_r, s_L + 1)). No twiddle follows.
 *
 * 4. Output order: after the last stage the array holds X[k] at position
 *    bitrev_L(k) (the L-bit reversal of k), or for N = 3 * 2^L at
 *    3 bitrev_L(k mod 2^L) + floor(k / 2^L); the model outputs natural
 *    order, out[k] = x[that position]. The permutation does no arithmetic.
 *
 * 5. Result. Ignoring rounding and saturation,
 *        out[k] = 2^-S sum_n in[n] e^{-+ j 2 pi k n / N},   S = sum_t s_t
 *    (- forward, + inverse). The default schedule s_t = 1 for all t gives
 *    S = L: 1/N overall (N = 3 * 2^L: 2 for the radix-3 stage, S = L + 2,
 *    so 3/4 of 1/N), and no sum can overflow; a complex input of
 *    magnitude <= 32767 (|in| <= 1 - 2^-15) cannot saturate any stage under
 *    it, up to the half-LSB rounding offsets. A schedule with S < L gives
 *    gain 2^(L-S) and saturates when the data grow beyond full scale.
 *
 * 6. Block floating point (lte_fft_fx_execute_bfp() only, N = 2^L). The
 *    schedule is chosen from the data, stage by stage: before stage t, with
 *    m_t = max |component| over the whole array (|-32768| = 32768),
 *        s_t = 0 if m_t <= 11584,  1 if m_t <= 23169,  else 2,
 *    the smallest shift for which no sum, difference or product of the
 *    stage can saturate (|v| <= 2 sqrt2 m_t / 2^s_t <= 32766 and |w_k| < 1).
 *    Everything else is sections 1-5; the exponent S = sum s_t is returned:
 *    the unscaled transform is out * 2^S.
 *
 * Implementation notes (not part of the model). The SIMD paths widen to
 * int32 for the sum/difference and use 16x16->32 multiply-add for P, which
 * is exact. AVX2 vectorises every stage (h < 8 by regrouping two registers);
 * AVX-512 runs stages with h >= 16 and leaves the rest to the AVX2 code.
 */
#ifndef LTEPHY_FFT_FX_H
#define LTEPHY_FFT_FX_H

#include <stdint.h>

#include "ltephy/fft.h"
#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_FFT_FX_LMIN 4
#define LTE_FFT_FX_LMAX 12
#define LTE_FFT_FX_NMIN (1 << LTE_FFT_FX_LMIN)
#define LTE_FFT_FX_NMAX (1 << LTE_FFT_FX_LMAX)
#define LTE_FFT_FX_C3 28378 /* rha(2^14 sqrt 3), section 3b */

typedef struct lte_fft_fx_cfg {
    int n;                /* 2^L (16 .. 4096) or 3 * 2^L (48 .. 3072) */
    lte_fft_dir dir;      /* LTE_FFT_FORWARD or LTE_FFT_INVERSE (fft.h) */
    const uint8_t *shift; /* L shifts s_0 .. s_{L-1} (+ s_L for the radix-3
                             stage), each 0, 1 or 2 (copied); NULL = 1 per
                             radix-2 stage, 2 for the radix-3 stage */
    lte_simd_path path;   /* LTE_SIMD_AUTO = default path */
} lte_fft_fx_cfg;

typedef struct lte_fft_fx lte_fft_fx;

/* Build the twiddle table and bit-reversal; the only allocation. Returns 0,
 * LTE_EINVAL (bad size, direction or shift), LTE_EUNSUPPORTED (path) or
 * LTE_ENOMEM. */
int lte_fft_fx_create(const lte_fft_fx_cfg *cfg, lte_fft_fx **out);
/* NULL is allowed. */
void lte_fft_fx_destroy(lte_fft_fx *fft);

/* out = the model's transform of in: 2n int16 each (interleaved re, im).
 * in == out is allowed; otherwise they must not overlap. No allocation; the
 * object is not modified, so one object may serve several threads. */
int lte_fft_fx_execute(const lte_fft_fx *fft, const int16_t *in, int16_t *out);

/* Block floating point (section 6): like lte_fft_fx_execute() but with the
 * data-dependent schedule (the object's schedule is ignored). *exponent = S;
 * shifts (NULL allowed) receives s_0 .. s_{L-1}. */
int lte_fft_fx_execute_bfp(const lte_fft_fx *fft, const int16_t *in, int16_t *out, int *exponent,
                           uint8_t *shifts);

/* S = sum of the schedule's shifts (output = 2^-S DFT), or LTE_EINVAL. */
int lte_fft_fx_total_shift(const lte_fft_fx *fft);

/* The table entry c_k, s_k of section 2 for size n (any size above) and
 * 0 <= k < n/2. */
int lte_fft_fx_twiddle(int n, int k, int16_t *c, int16_t *s);

#ifdef __cplusplus
}
#endif
#endif
