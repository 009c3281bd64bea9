/* ltephy kernels: bit-accurate fixed-point max-log-MAP turbo decoder for the
 * LTE turbo code (TS 36.212 §5.1.3.2), with a scalar reference model and
 * AVX2 / AVX-512 implementations that are bit-exact with it.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * ==== The model =============================================================
 * Everything below is normative: the scalar path implements it literally and
 * the SIMD paths (and a hardware decoder meant to match the golden vectors)
 * must reproduce every extrinsic, every hard bit and the iteration count.
 *
 * Notation. w = width (8 or 16). sat(x) clamps an integer to
 * [-2^(w-1), 2^(w-1)-1] (two's-complement saturation, the behaviour of the
 * saturating SIMD add/sub). clip(x, A) clamps to [-A, A]. floor division by
 * a power of two is an arithmetic right shift. LLR sign: positive favours 0.
 *
 * 1. Inputs. l0, l1, l2 are the soft values of d0, d1, d2 (K+4 each, the
 *    encoder layout of turbo.h), int8_t for w = 8 and int16_t for w = 16.
 *    The decoder first clips every input to A_in = 2^(w-3) - 1
 *    (31 for w = 8, 8191 for w = 16). A caller quantising float LLRs picks
 *    the scale (fractional bits); lte_turbo_fx_quantize() rounds half away
 *    from zero and clips. Recommended scale: 2^2 for w = 8 (2 fractional bits:
 *    one unit = 0.25, inputs span +-7.75) and 2^8 for w = 16 (8 fractional
 *    bits, +-32); max-log-MAP is scale invariant, so the scale only trades
 *    clipping against resolution.
 *    Extrinsic values handed between the constituent decoders are clipped to
 *    A_e = 2^(w-2) - 1 (63 / 16383). With these limits no branch metric sum
 *    can saturate: 2 A_in + A_e < 2^(w-1).
 *
 * 2. Trellis. State s = 4 D1 + 2 D2 + D3 of the RSC shift register; input
 *    bit c; feedback a = c ^ D2 ^ D3 (g0 = 1 + D^2 + D^3); parity
 *    z = a ^ D1 ^ D3 (g1 = 1 + D + D^3); next state s' = 4 a + 2 D1 + D2.
 *
 * 3. Branch metrics at trellis step k of a constituent decoder, with
 *    systematic input Ls, a priori La (the other decoder's scaled extrinsic,
 *    0 in the first half-iteration) and parity Lp:
 *        A = Ls + La,   g(c=0,z=0) = A + Lp,  g(0,1) = A,  g(1,0) = Lp,  g(1,1) = 0.
 *    (The bipolar metric (c~ A + z~ Lp)/2 shifted by (A + Lp)/2: no halving,
 *    and one branch in four needs no adder.) None of these sums can saturate.
 *
 * 4. State metrics are w-bit. Forward: alpha'(s') = max over the two branches
 *    (s -> s') of sat(alpha(s) + g); then alpha(s') = sat(alpha'(s') - M) with
 *    M = max over s' of alpha'(s') (normalisation to the best state: every
 *    metric lies in [-2^(w-1), 0], only hopeless states saturate).
 *    Backward, likewise: beta'(s) = max over c of sat(beta(s'(s,c)) + g),
 *    beta(s) = sat(beta'(s) - max_s beta'(s)).
 *    "Minus infinity" is -2^(w-1): a known starting state s0 gets metric 0
 *    and all others -2^(w-1).
 *
 * 5. Extrinsic at step k (alpha at k, beta at k+1): for each of the 16
 *    branches t = sat(alpha(s) + beta(s')); per class (c, z) (4 branches each)
 *    T_cz = max of t; M_0 = max(sat(T_00 + Lp), T_01), M_1 = max(sat(T_10 + Lp),
 *    T_11); Le = sat(M_0 - M_1). The value handed on (the other decoder's
 *    a priori, and what the dumps show) is
 *        Le' = clip((Le * m + 4) >> 3, A_e)      (m = ext_scale_q3, 1..8)
 *    i.e. the scale m/8 with round half up; m = 6 (0.75) by default, computed
 *    in hardware as (Le<<2) + (Le<<1) + 4 then >> 3.
 *    App value for the hard decision: Lapp = A + Le (exact: |A| + |Le| < 2^w);
 *    hard bit = 1 iff Lapp < 0 (a zero decides 0).
 *
 * 6. Parallel schedule. The K trellis steps of each constituent decoder are
 *    split into P sub-blocks of L = K/P steps, decoded independently:
 *    sub-block j covers steps jL .. jL+L-1, runs its forward recursion from
 *    step jL to jL+L (storing alpha), then its backward recursion from jL+L
 *    down to jL, producing the extrinsic of each step on the way down.
 *    P is chosen from K alone, as a hardware decoder with P_max MAP engines and
 *    a minimum window L_min would (lte_turbo_fx_subblocks()):
 *        P = the largest power of two with P <= P_max, P | K and K/P >= L_min,
 *            or 1 if there is none.
 *    Defaults: P_max = 64 (w = 8), 32 (w = 16), L_min = 64. E.g. K = 6144:
 *    P = 64 / 32; K = 1024: P = 16; K = 512: P = 8; K < 128: P = 1.
 *    Because P | K, the QPP interleaver is contention-free for these
 *    sub-blocks: pi(i + jL) mod L does not depend on j.
 *    Boundary metrics: next-iteration initialisation (NII) plus an
 *    acquisition of D = min(acq, L) steps (acq = 32 by default; D = 0 when
 *    P = 1). Forward, sub-block 0 starts at step 0 in state 0 (section 4)
 *    every time; sub-block j >= 1 starts at step jL - D from metrics
 *    alpha_NII(j) and runs D acquisition steps over steps jL-D .. jL-1 (same
 *    arithmetic, same A and Lp of those steps, nothing output) before its own
 *    L steps. Backward, sub-block P-1 starts at step K from the termination
 *    metrics: beta at K+3 is state 0 known, then three backward steps over
 *    the tail (each state has one tail branch, c = D2 ^ D3, metric
 *    [c=0] Ls + [z=0] Lp from the tail soft bits, no a priori), each step
 *    normalised as in section 4. Sub-block j <= P-2 starts at step
 *    (j+1)L + D from beta_NII(j) and runs D acquisition steps down to
 *    (j+1)L. In the first iteration alpha_NII and beta_NII are 0 for all
 *    states; after each half-iteration alpha_NII(j) becomes the alpha that
 *    sub-block j-1 computed at step jL - D (i.e. before its local step L-D),
 *    and beta_NII(j) the beta sub-block j+1 computed at step (j+1)L + D (after
 *    its local step D), separately for each constituent decoder.
 *
 * 7. Iteration. One iteration = half-iteration 1 (decoder 1, natural order,
 *    Ls = l0, Lp = l1, La = Le'_2 de-interleaved) then half-iteration 2
 *    (decoder 2, interleaved order: step m has Ls = l0[pi(m)], Lp = l2[m],
 *    La = Le'_1[pi(m)]). Decoder 1 tail: x_K = l0[K], z_K = l1[K],
 *    x_K+1 = l2[K], z_K+1 = l0[K+1], x_K+2 = l1[K+1], z_K+2 = l2[K+1]; decoder 2
 *    the same with indices K+2, K+3 (§5.1.3.2.2).
 *    Hard decisions come from decoder 2 after every iteration:
 *    c[pi(m)] = (Lapp_2(m) < 0) (with half_stop also from decoder 1 after
 *    half-iteration 1, section 8).
 *
 * 8. Stopping. After iteration n (1 <= n <= max_iter) the decoder stops if
 *    n == max_iter, or (early stopping on) the CRC (CRC24B for a code block of
 *    a segmented TB, CRC24A when the single code block carries the TB CRC) of
 *    c[F..K-1] checks (F filler bits at the start are skipped), or
 *    (stability on, n >= 2) c is identical to the previous iteration's.
 *    The iteration count reported is n.
 *    Half-iteration stop (opts.half_stop = 1; no effect unless CRC early
 *    stopping is on): in addition, after half-iteration 1 of every iteration
 *    n (1 <= n <= max_iter), decoder 1's hard decisions in natural order,
 *        c[k] = (Lapp_1(k) < 0),  Lapp_1(k) = A(k) + Le(k)
 *    (section 5 at decoder 1's step k: A = Ls + La = l0[k] clipped plus that
 *    half-iteration's a priori, Le before the scaling), are checked with the
 *    same CRC over c[F..K-1]. If it checks and c[F..K-1] is not all 0
 *    (the all-zero word always checks, and decoder 1 without information,
 *    e.g. no systematic values in iteration 1, decides exactly that word from
 *    a-posteriori values that are all 0), decoding stops there: the output
 *    is those bits, the CRC flag 1, and half-iteration 2 of iteration n is
 *    not run (nor dumped). Otherwise half-iteration 2 follows and the rule
 *    above applies unchanged; the stability rule compares only decoder 2's
 *    decisions of full iterations, as without half_stop. The iteration count
 *    reported is n in both cases (the iteration in which decoding stopped,
 *    1..max_iter); the half-iterations run, h = 2n - 1 after a stop after
 *    half-iteration 1 and h = 2n otherwise (also without half_stop), are
 *    reported through opts.halves when it is not NULL. The dump hook sees
 *    halves 1..h.
 *
 * Implementation notes (not part of the model). SIMD lanes hold sub-blocks:
 * a register holds the P sub-blocks of one code block (or of several code
 * blocks of the same K side by side), one register per trellis state, so the
 * butterflies are plain saturating adds and maxes. Because of the
 * contention-free property the interleaved a priori of a whole step is one
 * row load plus an in-register lane permutation, and the acquisition of a
 * sub-block reads its neighbour's lane of the same rows (a load one element
 * off). Small K (P = 1) fills the lanes with different code blocks in
 * lte_turbo_fx_decode_tb(): a single small block uses one lane only.
 * Hard decisions (only in the iterations that stop or may stop) are kept as
 * sign rows, brought to natural order by the same row gather as decoder 1's
 * a priori, and unpacked eight steps by eight sub-blocks at a time. Decoder
 * 1's (half_stop) are in natural order already, so their sign rows are taken
 * as they are, and their CRC is computed from those sign words first (the
 * remainder as parities of the bits under masks of the powers x^e mod g(x),
 * all blocks of a group in one pass): only a block that checks is unpacked.
 * Decoder 2's decisions, once gathered, take the same syndrome check when
 * only the CRC can stop a block (CRC stopping on, stability off, n <
 * max_iter) and the block has failed a check before (n >= 2: the syndrome
 * costs about a third of an unpack and CRC, and at high SNR nearly every
 * block passes in iteration 1); otherwise (the stability rule, iteration 1,
 * the last iteration) every block's bits are unpacked. The CRC on the
 * unpacked bits stays the judge. The syndrome's mask tables (K x 24 bits,
 * about as costly to build as a few hundred unpacks) are kept per
 * workspace for one (K, CRC) and built only when an earlier call asked for
 * the same pair: a K that comes and goes (code blocks of two sizes,
 * transport blocks of changing size) keeps the plain unpack and CRC.
 * On AVX-512 CPUs the saturating byte/word adds and the maxes issue on one
 * port only, so the extrinsic's and the forward butterflies' maxes are
 * built from a compare into a mask and a masked blend, which use the other
 * ports; the default extrinsic scale (m = 6) is Le - ((Le + 1) >> 2) with
 * the byte shift one GFNI affine transform.
 *
 * Row-layout inputs. The SIMD decoder works on "rows": row i holds step
 * jL + i of every sub-block j. Moving a natural-order stream into rows is a
 * transposition (P x L to L x P); inside the decoder it would read soft
 * values the de-rate-matcher wrote long before (out of L1 by then) and sit
 * on the decoder's own time. A caller can instead hand the decoder the streams already in the
 * row layout (lte_turbo_fx_decode_tb_rows()): element i P + j of a stream
 * is its natural element jL + i (i < L, j < P), and elements K .. K+3 (the
 * tail) stay where they are, so a row-layout stream has the same K + 4
 * elements. P is the decoder's (lte_turbo_fx_layout_p()), and
 * lte_turbo_fx_to_rows() does the transposition (with the model's input
 * clip of section 1, which the decoder then repeats to no effect): a
 * receiver calls it right after quantising each code block, while the
 * values are still in cache. The decoder then copies whole rows (clipping
 * them), or, for a block that fills its rows alone (P = 64 at w = 8, 32 at
 * w = 16) with 64-byte aligned streams whose values the clip leaves as they
 * are (checked), reads them where they lie. The layout changes where the
 * inputs are read, never a result: every output is that of the same values
 * in natural order.
 * That check scans the three streams once more; a caller whose streams are
 * clipped by construction (lte_turbo_fx_to_rows() output) can skip it with
 * opts.rows_clipped = 1. With the promise kept, every output is unchanged
 * (the clip changes nothing). A broken promise (a value outside [-A_in,
 * A_in] while rows_clipped = 1) is a caller error: a stream read in place
 * then enters the kernels unclipped, so the outputs of that code block are
 * deterministic and memory-safe but unspecified (not the model's, and they
 * may differ between paths and buffer alignments: the scalar path, and
 * streams the decoder copies into its own rows, still clip). Keep the
 * default 0 unless every stream was clipped.
 */
#ifndef LTEPHY_TURBO_FX_H
#define LTEPHY_TURBO_FX_H

#include <stdint.h>

#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_TURBO_FX_PMAX 64 /* largest P_max accepted (w = 8); 32 for w = 16 */

typedef enum lte_turbo_fx_stop {
    LTE_TURBO_FX_STOP_NONE = 0,   /* always max_iter iterations */
    LTE_TURBO_FX_STOP_CRC24B = 1, /* code block of a segmented TB */
    LTE_TURBO_FX_STOP_CRC24A = 2, /* single code block carrying the TB CRC */
    LTE_TURBO_FX_STOP_CRC_AUTO = 3, /* decode_tb: CRC24A if one block, else CRC24B */
} lte_turbo_fx_stop;

typedef struct lte_turbo_fx_cfg {
    int k_max;         /* largest K to decode (40..6144) */
    int width;         /* 8 or 16: int8_t or int16_t soft values and metrics */
    int ext_scale_q3;  /* m: extrinsic scale m/8, 1..8; 0 = default 6 (0.75) */
    int p_max;         /* P_max, power of two 1..64 (<= 32 for w = 16); 0 = default */
    int l_min;         /* L_min >= 8; 0 = default 64 */
    int max_cbs;       /* most code blocks per lte_turbo_fx_decode_tb() call; 0 = 1 */
    int threads;       /* OpenMP threads for decode_tb (workspaces allocated); 0 = 1 */
    lte_simd_path path; /* LTE_SIMD_AUTO = default path */
    int acq;           /* acquisition steps D (section 6); 0 = default 32, -1 = none */
} lte_turbo_fx_cfg;

typedef struct lte_turbo_fx lte_turbo_fx;

/* Extrinsic dump hook: called after every half-iteration of code block cb
 * (index in the decode_tb call, 0 for decode) with half = 1, 2, 3, ...
 * (odd: decoder 1, even: decoder 2) and the K handed-on extrinsics Le' in the
 * decoder's own order (decoder 1: natural index k, decoder 2: interleaved
 * index m), int8_t or int16_t by width. May be called from OpenMP threads. */
typedef void (*lte_turbo_fx_dump_fn)(void *arg, int cb, int half, const void *ext, int K);

/* Fields after dump_arg were added later: a positional initialiser that
 * stops at dump_arg leaves them 0 / NULL, their "off" values. */
typedef struct lte_turbo_fx_opts {
    int max_iter;               /* 1..32 full iterations */
    lte_turbo_fx_stop stop;     /* CRC early stopping */
    int stable_stop;            /* 1: also stop when the hard bits did not change */
    lte_turbo_fx_dump_fn dump;  /* NULL: no dumps (dumps cost time) */
    void *dump_arg;
    int half_stop;              /* 1: with CRC stopping, also check decoder 1's hard
                                 * decisions after each half-iteration 1 (section 8) */
    int *halves;                /* NULL, or out: half-iterations run (section 8), one per
                                 * code block (decode: halves[0]; decode_tb: halves[r]) */
    int rows_clipped;           /* decode_tb_rows only (ignored elsewhere): 1 = the caller
                                 * promises every value of the row-layout streams lies in
                                 * [-A_in, A_in] (e.g. they come from lte_turbo_fx_to_rows),
                                 * so streams the decoder may read in place are not scanned
                                 * first (row-layout inputs, implementation notes). A broken
                                 * promise: see there. 0 = scan (always safe) */
} lte_turbo_fx_opts;

/* P of the model's parallel schedule for K (section 6 above); p_max/l_min 0
 * mean the defaults. Returns P or LTE_EINVAL. */
int lte_turbo_fx_subblocks(int K, int width, int p_max, int l_min);

/* Clip limits of the model: A_in and A_e for width 8 or 16 (else LTE_EINVAL). */
int lte_turbo_fx_in_max(int width);
int lte_turbo_fx_ext_max(int width);

/* out[i] = clip(round_half_away(in[i] * scale), A_in(width)); out is int8_t
 * or int16_t by width. */
int lte_turbo_fx_quantize(const float *in, int n, float scale, int width, void *out);

/* P of this decoder for K (its p_max and l_min): the lane count of the row
 * layout. Returns P or LTE_EINVAL (K not a multiple of 8 in 40..k_max). */
int lte_turbo_fx_layout_p(const lte_turbo_fx *dec, int K);

/* Natural order to the row layout with P lanes (implementation notes above):
 * rows[i P + j] = clip(x[j L + i], A_in), L = K / P, and rows[K + t] =
 * clip(x[K + t], A_in) for the tail, t < 4; int8_t or int16_t by width. P a
 * power of two dividing K, 1..64 (w = 8) or 1..32 (w = 16); x and rows do not
 * overlap. Every SIMD path gives the same output. No allocation. */
int lte_turbo_fx_to_rows(const void *x, int K, int P, int width, lte_simd_path path, void *rows);

/* All memory (per-thread workspaces) is allocated here, once. An object
 * serves one call at a time; use one object per calling thread. */
int lte_turbo_fx_create(const lte_turbo_fx_cfg *cfg, lte_turbo_fx **out);
void lte_turbo_fx_destroy(lte_turbo_fx *dec);

/* Decode one code block of size K (a row of TS 36.212 Table 5.1.3-3) with the
 * QPP permutation pi (lte_qpp_interleaver(); any pi that is contention-free
 * for the P sub-blocks is accepted, others give LTE_EINVAL on every path).
 * l0, l1, l2: K+4 soft values
 * each (int8_t / int16_t by width). filler: F leading filler bits, skipped by
 * the CRC. Writes K hard bits to c (0/1), the iterations run to *iterations
 * (the iteration in which decoding stopped, section 8), the half-iterations
 * run to opts->halves[0] if that is not NULL and, if crc_ok is not NULL, 1 if
 * the early-stop CRC checked (0 if not or if stop = NONE). No allocation.
 * Returns 0 or LTE_E*. */
int lte_turbo_fx_decode(lte_turbo_fx *dec, const void *l0, const void *l1, const void *l2, int K,
                        const uint16_t *pi, int filler, const lte_turbo_fx_opts *opts, uint8_t *c,
                        int *iterations, int *crc_ok);

/* Decode the ncb code blocks of a transport block (ncb <= cfg.max_cbs): block
 * r has size K[r], permutation pi[r], soft values l0[r], l1[r], l2[r], writes
 * c[r], iterations[r], crc_ok[r] (may be NULL) and, if opts->halves is not
 * NULL, opts->halves[r]. filler applies to block 0.
 * Consecutive blocks of equal K (and equal pi) are decoded side by side in
 * the SIMD lanes of one row (groups of up to 64/P blocks for w = 8, 32/P for
 * w = 16), groups in parallel on cfg.threads OpenMP threads (static
 * workspaces, one per thread); every output is identical to decoding each
 * block alone with lte_turbo_fx_decode(), on any thread count. The scalar
 * path decodes block by block. */
int lte_turbo_fx_decode_tb(lte_turbo_fx *dec, int ncb, const void *const *l0,
                           const void *const *l1, const void *const *l2, const int *K,
                           const uint16_t *const *pi, int filler, const lte_turbo_fx_opts *opts,
                           uint8_t *const *c, int *iterations, int *crc_ok);

/* lte_turbo_fx_decode_tb with l0[r], l1[r], l2[r] in the row layout of the
 * implementation notes above (P = lte_turbo_fx_layout_p(dec, K[r]); e.g. from
 * lte_turbo_fx_to_rows()): the same outputs as lte_turbo_fx_decode_tb on the
 * natural-order streams, on every path. */
int lte_turbo_fx_decode_tb_rows(lte_turbo_fx *dec, int ncb, const void *const *l0,
                                const void *const *l1, const void *const *l2, const int *K,
                                const uint16_t *const *pi, int filler,
                                const lte_turbo_fx_opts *opts, uint8_t *const *c, int *iterations,
                                int *crc_ok);

#ifdef __cplusplus
}
#endif
#endif
