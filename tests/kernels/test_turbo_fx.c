/* Tests of the fixed-point turbo decoder (include/ltephy/turbo_fx.h).
 *
 * Independent checks:
 *  - the sub-block rule of the model (section 6) against its definition;
 *  - noiseless codewords from lte_turbo_encode() decode to the data on every
 *    path, width and a spread of K, and the CRC stop fires after iteration 1;
 *  - bit-exactness: every SIMD path against the scalar model (which derives
 *    its trellis from the generator polynomials instead of the hand-wired
 *    butterflies of the kernels) for all 188 K, both widths, random soft
 *    values over the whole integer range (clipping and saturation) and noisy
 *    codewords: the extrinsics after every half-iteration, the hard bits and
 *    the iteration count, with and without early stopping;
 *  - a transport block decoded side by side (decode_tb) on 1 and 2 threads
 *    equals each block decoded alone, and decode_tb_rows on the row layout
 *    (written out plainly here) equals decode_tb; lte_turbo_fx_to_rows
 *    against that plain layout;
 *  - the stop rule after decoder 2 (which the SIMD paths pre-check with a
 *    CRC syndrome of the sign words) on a TB of 27 blocks passing at
 *    different iterations or never (K = 5824/6144 alone in their rows, 40,
 *    512, 1024 side by side, CRC over c[F..K-1] with 1s before F), CRC and
 *    no CRC stopping, stable_stop and half_stop off/on, max_iter 1/3/8, and
 *    a CRC24A block: every SIMD path and thread count against the scalar
 *    model (bits, CRC flags, iterations, half-iterations, every dump);
 *  - opts.rows_clipped on to_rows output gives the outputs without it and
 *    the scalar model's on every path; bad values refused;
 *  - a fixed-seed accuracy guard at one point: at Eb/N0 = 1.0 dB, K = 6144,
 *    8 iterations, the 16-bit and 8-bit models decode every one of 20 frames
 *    (float max-log-MAP FER there is ~1e-3, so a broken model fails this).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/crc.h"
#include "ltephy/error.h"
#include "ltephy/tables.h"
#include "ltephy/turbo.h"
#include "ltephy/turbo_fx.h"
#include "tests/common/testutil.h"
#include "tests/kernels/turbo_cw.h"

#define KMAX 6144
#define MAXIT 8
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Records every dump of one decode (single code block). */
typedef struct rec {
    int esz, K, nhalf;
    int16_t ext[2 * MAXIT][KMAX];
} rec;

static void rec_dump(void *arg, int cb, int half, const void *ext, int K)
{
    rec *r = arg;
    assert_int_equal(cb, 0);
    assert_true(half >= 1 && half <= 2 * MAXIT);
    assert_int_equal(half, r->nhalf + 1); /* halves arrive in order */
    r->nhalf = half;
    r->K = K;
    for (int k = 0; k < K; k++)
        r->ext[half - 1][k] = r->esz == 1 ? ((const int8_t *)ext)[k] : ((const int16_t *)ext)[k];
}

static lte_turbo_fx *make(int width, lte_simd_path path, int max_cbs, int threads)
{
    lte_turbo_fx_cfg cfg = {KMAX, width, 0, 0, 0, max_cbs, threads, path, 0};
    lte_turbo_fx *d = NULL;
    assert_int_equal(lte_turbo_fx_create(&cfg, &d), 0);
    assert_non_null(d);
    return d;
}

/* Random data with a CRC24B in its last 24 bits, encoded, sent, quantised. */
static void make_cw(tu_rng *r, cw *w, int K, double ebn0, int noiseless)
{
    make_cw_crc(r, w, K, 0, LTE_CRC24B, ebn0, noiseless);
}

static void test_subblocks(void **state)
{
    (void)state;
    assert_int_equal(lte_turbo_fx_subblocks(6144, 8, 0, 0), 64);
    assert_int_equal(lte_turbo_fx_subblocks(6144, 16, 0, 0), 32);
    assert_int_equal(lte_turbo_fx_subblocks(1024, 16, 0, 0), 16);
    assert_int_equal(lte_turbo_fx_subblocks(512, 8, 0, 0), 8);
    assert_int_equal(lte_turbo_fx_subblocks(40, 8, 0, 0), 1);
    assert_int_equal(lte_turbo_fx_subblocks(6144, 8, 16, 0), 16);
    assert_int_equal(lte_turbo_fx_subblocks(6144, 8, 0, 200), 16);
    for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
        int K = lte_turbo_k(i);
        for (int w = 8; w <= 16; w += 8) {
            int P = lte_turbo_fx_subblocks(K, w, 0, 0);
            assert_true(P >= 1 && K % P == 0 && (P & (P - 1)) == 0 && P <= (w == 8 ? 64 : 32));
            if (P > 1)
                assert_true(K / P >= 64);
            /* largest such: doubling P must break a condition */
            int P2 = 2 * P;
            assert_true(P2 > (w == 8 ? 64 : 32) || K % P2 != 0 || K / P2 < 64);
        }
    }
    assert_int_equal(lte_turbo_fx_subblocks(6144, 16, 64, 0), LTE_EINVAL);
    assert_int_equal(lte_turbo_fx_subblocks(6144, 12, 0, 0), LTE_EINVAL);
    assert_int_equal(lte_turbo_fx_in_max(8), 31);
    assert_int_equal(lte_turbo_fx_ext_max(16), 16383);
}

static void test_quantize(void **state)
{
    (void)state;
    float in[6] = {0.124f, 0.126f, -0.126f, 100.0f, -100.0f, -0.0f};
    int8_t q8[6];
    int16_t q16[6];
    assert_int_equal(lte_turbo_fx_quantize(in, 6, 4.0f, 8, q8), 0);
    int8_t e8[6] = {0, 1, -1, 31, -31, 0}; /* 0.496, 0.504 round half away */
    assert_memory_equal(q8, e8, 6);
    assert_int_equal(lte_turbo_fx_quantize(in, 6, 256.0f, 16, q16), 0);
    int16_t e16[6] = {32, 32, -32, 8191, -8191, 0};
    assert_memory_equal(q16, e16, sizeof e16);
    assert_int_equal(lte_turbo_fx_quantize(in, 6, 0.0f, 8, q8), LTE_EINVAL);
}

static void test_args(void **state)
{
    (void)state;
    lte_turbo_fx *d = NULL;
    lte_turbo_fx_cfg cfg = {KMAX, 12, 0, 0, 0, 0, 0, LTE_SIMD_SCALAR, 0};
    assert_int_equal(lte_turbo_fx_create(&cfg, &d), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "width"));
    cfg.width = 8;
    cfg.k_max = 7000;
    assert_int_equal(lte_turbo_fx_create(&cfg, &d), LTE_EINVAL);
    cfg.k_max = KMAX;
    cfg.ext_scale_q3 = 9;
    assert_int_equal(lte_turbo_fx_create(&cfg, &d), LTE_EINVAL);
    cfg.ext_scale_q3 = 0;
    cfg.p_max = 3;
    assert_int_equal(lte_turbo_fx_create(&cfg, &d), LTE_EINVAL);
    cfg.p_max = 0;
    assert_int_equal(lte_turbo_fx_create(&cfg, &d), 0);
    static int8_t l[KMAX + 4];
    static uint8_t c[KMAX];
    uint16_t pi[40];
    assert_int_equal(lte_qpp_interleaver(40, pi), 0);
    lte_turbo_fx_opts o = {4, LTE_TURBO_FX_STOP_NONE, 0, NULL, NULL, 0, NULL, 0};
    int it;
    assert_int_equal(lte_turbo_fx_decode(d, l, l, l, 44, pi, 0, &o, c, &it, NULL), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "K = 44"));
    o.max_iter = 0;
    assert_int_equal(lte_turbo_fx_decode(d, l, l, l, 40, pi, 0, &o, c, &it, NULL), LTE_EINVAL);
    o.max_iter = 4;
    assert_int_equal(lte_turbo_fx_decode(d, l, l, l, 40, pi, 0, &o, c, &it, NULL), 0);
    assert_int_equal(it, 4);
    lte_turbo_fx_destroy(d);
    lte_turbo_fx_destroy(NULL);
}

/* Non-contention-free permutation: rejected on every path (section 6). */
static void test_bad_perm(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    static int8_t l[KMAX + 4];
    static uint8_t c[KMAX];
    static uint16_t pi[KMAX];
    for (int i = 0; i < 1024; i++)
        pi[i] = (uint16_t)((i * 17 + (i & 1) * 5) % 1024);
    uint16_t t = pi[3];
    pi[3] = pi[4];
    pi[4] = t;
    for (int p = 0; p < np; p++) {
        lte_turbo_fx *d = make(8, paths[p], 1, 1);
        lte_turbo_fx_opts o = {2, LTE_TURBO_FX_STOP_NONE, 0, NULL, NULL, 0, NULL, 0};
        int it;
        assert_int_equal(lte_turbo_fx_decode(d, l, l, l, 1024, pi, 0, &o, c, &it, NULL),
                         LTE_EINVAL);
        assert_non_null(strstr(lte_errdetail(), "contention"));
        lte_turbo_fx_destroy(d);
    }
}

static void test_noiseless(void **state)
{
    (void)state;
    static cw w;
    static uint8_t c[KMAX];
    tu_rng r;
    tu_rng_seed(&r, 11);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const int Ks[] = {40, 48, 504, 512, 1024, 2048, 4032, 6144};
    for (int p = 0; p < np; p++)
        for (int width = 8; width <= 16; width += 8) {
            lte_turbo_fx *d = make(width, paths[p], 1, 1);
            for (size_t ki = 0; ki < NELEM(Ks); ki++) {
                make_cw(&r, &w, Ks[ki], 0, 1);
                lte_turbo_fx_opts o = {6, LTE_TURBO_FX_STOP_CRC24B, 0, NULL, NULL, 0, NULL, 0};
                int it = -1, ok = -1;
                assert_int_equal(lte_turbo_fx_decode(d, in_of(&w, width, 0), in_of(&w, width, 1),
                                                     in_of(&w, width, 2), w.K, w.pi, 0, &o, c,
                                                     &it, &ok),
                                 0);
                assert_memory_equal(c, w.c, (size_t)w.K);
                assert_int_equal(it, 1);
                assert_int_equal(ok, 1);
            }
            lte_turbo_fx_destroy(d);
        }
}

/* Decode with dumps; returns iterations. */
static int run_rec(lte_turbo_fx *d, const void *l0, const void *l1, const void *l2, int K,
                   const uint16_t *pi, const lte_turbo_fx_opts *o0, rec *rc, uint8_t *c, int *ok)
{
    lte_turbo_fx_opts o = *o0;
    o.dump = rec_dump;
    o.dump_arg = rc;
    rc->nhalf = 0;
    int it = -1;
    assert_int_equal(lte_turbo_fx_decode(d, l0, l1, l2, K, pi, 0, &o, c, &it, ok), 0);
    assert_int_equal(rc->nhalf, 2 * it);
    return it;
}

static void compare_paths(const lte_turbo_fx *const *dec, int np, int width, const void *l0,
                          const void *l1, const void *l2, int K, const uint16_t *pi,
                          const lte_turbo_fx_opts *o, rec *ref, rec *got)
{
    static uint8_t c0[KMAX], c1[KMAX];
    int ok0 = -1, ok1 = -1;
    ref->esz = got->esz = width / 8;
    int it0 = run_rec((lte_turbo_fx *)dec[0], l0, l1, l2, K, pi, o, ref, c0, &ok0);
    for (int p = 1; p < np; p++) {
        int it1 = run_rec((lte_turbo_fx *)dec[p], l0, l1, l2, K, pi, o, got, c1, &ok1);
        if (it1 != it0)
            fail_msg("K=%d w=%d path %d: %d iterations, scalar %d", K, width, p, it1, it0);
        for (int h = 0; h < 2 * it0; h++)
            for (int k = 0; k < K; k++)
                if (ref->ext[h][k] != got->ext[h][k])
                    fail_msg("K=%d w=%d path %d half %d: ext[%d] = %d, scalar %d", K, width, p,
                             h + 1, k, got->ext[h][k], ref->ext[h][k]);
        assert_memory_equal(c0, c1, (size_t)K);
        assert_int_equal(ok0, ok1);
    }
}

/* All 188 K, both widths: random soft values over the whole range (clips,
 * saturates) and noisy codewords near the waterfall. */
static void test_bitexact_all_k(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    if (np < 2)
        skip();
    static rec ref, got;
    static cw w;
    static int16_t rnd16[3][KMAX + 4];
    static int8_t rnd8[3][KMAX + 4];
    tu_rng r;
    tu_rng_seed(&r, 2026);
    for (int width = 8; width <= 16; width += 8) {
        lte_turbo_fx *dec[3];
        for (int p = 0; p < np; p++)
            dec[p] = make(width, paths[p], 1, 1);
        for (int i = 1; i <= LTE_TURBO_NUM_K; i++) {
            int K = lte_turbo_k(i);
            /* random inputs, fixed iteration count 1..3 */
            for (int s = 0; s < 3; s++)
                for (int k = 0; k < K + 4; k++) {
                    uint32_t v = tu_rand(&r);
                    rnd16[s][k] = (int16_t)(v & 0xFFFF);
                    rnd8[s][k] = (int8_t)(v & 0xFF);
                }
            assert_int_equal(lte_qpp_interleaver(K, w.pi), 0);
            lte_turbo_fx_opts o = {1 + i % 3, LTE_TURBO_FX_STOP_NONE, 0, NULL, NULL, 0, NULL, 0};
            if (width == 8)
                compare_paths((const lte_turbo_fx *const *)dec, np, width, rnd8[0], rnd8[1],
                              rnd8[2], K, w.pi, &o, &ref, &got);
            else
                compare_paths((const lte_turbo_fx *const *)dec, np, width, rnd16[0], rnd16[1],
                              rnd16[2], K, w.pi, &o, &ref, &got);
            /* noisy codeword, early stopping (CRC24B, every other K also
             * stability), up to 6 iterations */
            make_cw(&r, &w, K, 0.4 + 0.1 * (i % 5), 0);
            lte_turbo_fx_opts o2 = {6, LTE_TURBO_FX_STOP_CRC24B, i % 2, NULL, NULL, 0, NULL, 0};
            compare_paths((const lte_turbo_fx *const *)dec, np, width, in_of(&w, width, 0),
                          in_of(&w, width, 1), in_of(&w, width, 2), K, w.pi, &o2, &ref, &got);
        }
        for (int p = 0; p < np; p++)
            lte_turbo_fx_destroy(dec[p]);
    }
}

/* Non-default model parameters: scale 1.0 and 0.625, other P_max / L_min. */
static void test_bitexact_params(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    if (np < 2)
        skip();
    static rec ref, got;
    static cw w;
    tu_rng r;
    tu_rng_seed(&r, 7);
    const int cfgs[][4] = {{8, 0, 0, 0}, {5, 16, 32, 16}, {7, 4, 8, -1}, {6, 1, 0, 0}, {6, 0, 0, 200}};
    const int Ks[] = {40, 1056, 6144};
    for (size_t ci = 0; ci < NELEM(cfgs); ci++)
        for (int width = 8; width <= 16; width += 8) {
            lte_turbo_fx *dec[3];
            for (int p = 0; p < np; p++) {
                lte_turbo_fx_cfg cfg = {KMAX, width, cfgs[ci][0], cfgs[ci][1], cfgs[ci][2],
                                        1, 1, paths[p], cfgs[ci][3]};
                assert_int_equal(lte_turbo_fx_create(&cfg, &dec[p]), 0);
            }
            for (size_t ki = 0; ki < NELEM(Ks); ki++) {
                make_cw(&r, &w, Ks[ki], 0.6, 0);
                lte_turbo_fx_opts o = {ci % 2 ? 8 : 3, LTE_TURBO_FX_STOP_NONE, 0, NULL, NULL, 0,
                                       NULL, 0};
                compare_paths((const lte_turbo_fx *const *)dec, np, width, in_of(&w, width, 0),
                              in_of(&w, width, 1), in_of(&w, width, 2), w.K, w.pi, &o, &ref,
                              &got);
            }
            for (int p = 0; p < np; p++)
                lte_turbo_fx_destroy(dec[p]);
        }
}

/* decode_tb: 13 blocks of 6144 (20 MHz TB) plus small blocks side by side,
 * on 1 and 2 threads, equal to decoding each block alone. */
static void test_tb(void **state)
{
    (void)state;
    enum { NCB = 20 };
    static cw w[NCB];
    static uint8_t out[2][NCB][KMAX], alone[KMAX];
    tu_rng r;
    tu_rng_seed(&r, 99);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    int K[NCB];
    for (int i = 0; i < NCB; i++) {
        K[i] = i < 13 ? 6144 : i < 17 ? 40 : 1024;
        make_cw(&r, &w[i], K[i], 0.5, 0);
    }
    for (int p = 0; p < np; p++)
        for (int width = 8; width <= 16; width += 8) {
            const void *l0[NCB], *l1[NCB], *l2[NCB];
            const uint16_t *pis[NCB];
            uint8_t *cs[2][NCB];
            int it[2][NCB], ok[2][NCB];
            for (int i = 0; i < NCB; i++) {
                l0[i] = in_of(&w[i], width, 0);
                l1[i] = in_of(&w[i], width, 1);
                l2[i] = in_of(&w[i], width, 2);
                pis[i] = w[i].pi;
                cs[0][i] = out[0][i];
                cs[1][i] = out[1][i];
            }
            lte_turbo_fx_opts o = {5, LTE_TURBO_FX_STOP_CRC24B, 0, NULL, NULL, 0, NULL, 0};
            for (int t = 0; t < 2; t++) {
                lte_turbo_fx *d = make(width, paths[p], NCB, t + 1);
                assert_int_equal(lte_turbo_fx_decode_tb(d, NCB, l0, l1, l2, K, pis, 0, &o, cs[t],
                                                        it[t], ok[t]),
                                 0);
                lte_turbo_fx_destroy(d);
            }
            lte_turbo_fx *d1 = make(width, paths[p], 1, 1);
            for (int i = 0; i < NCB; i++) {
                int it1, ok1;
                assert_int_equal(lte_turbo_fx_decode(d1, l0[i], l1[i], l2[i], K[i], pis[i], 0, &o,
                                                     alone, &it1, &ok1),
                                 0);
                assert_memory_equal(alone, out[0][i], (size_t)K[i]);
                assert_memory_equal(alone, out[1][i], (size_t)K[i]);
                assert_int_equal(it1, it[0][i]);
                assert_int_equal(it1, it[1][i]);
                assert_int_equal(ok1, ok[0][i]);
                assert_int_equal(ok1, ok[1][i]);
            }
            lte_turbo_fx_destroy(d1);
        }
}

/* The row layout (turbo_fx.h implementation notes), written out plainly:
 * element i P + j is natural element j L + i, the tail stays, no clipping. */
static void plain_rows(const void *x, int K, int P, int esz, void *out)
{
    const int L = K / P;
    for (int k = 0; k < K + 4; k++) {
        int at = k < K ? k % L * P + k / L : k;
        memcpy((char *)out + (size_t)at * esz, (const char *)x + (size_t)k * esz, (size_t)esz);
    }
}

/* lte_turbo_fx_to_rows against the plain layout plus the input clip, every
 * path, every P the layout allows for a spread of K, values over the whole
 * integer range. */
static void test_to_rows(void **state)
{
    (void)state;
    static int16_t x[KMAX + 4], want[KMAX + 4], got[KMAX + 4 + 32];
    tu_rng r;
    tu_rng_seed(&r, 5);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const int Ks[] = {40, 64, 512, 1024, 5824, 6144, 4032, 136};
    for (int width = 8; width <= 16; width += 8) {
        const int esz = width / 8, ain = lte_turbo_fx_in_max(width);
        for (size_t ki = 0; ki < NELEM(Ks); ki++) {
            const int K = Ks[ki];
            for (int i = 0; i < K + 4; i++) {
                uint32_t v = tu_rand(&r);
                if (esz == 1)
                    ((int8_t *)x)[i] = (int8_t)v;
                else
                    x[i] = (int16_t)v;
            }
            for (int P = 1; P <= (width == 8 ? 64 : 32) && K % P == 0; P *= 2) {
                plain_rows(x, K, P, esz, want);
                for (int i = 0; i < K + 4; i++) {
                    int v = esz == 1 ? ((int8_t *)want)[i] : want[i];
                    v = v < -ain ? -ain : v > ain ? ain : v;
                    if (esz == 1)
                        ((int8_t *)want)[i] = (int8_t)v;
                    else
                        want[i] = (int16_t)v;
                }
                for (int p = 0; p < np; p++)
                    for (int mis = 0; mis <= 1; mis++) { /* aligned and not */
                        char *out = (char *)got + mis * esz;
                        memset(got, 0x55, sizeof got);
                        assert_int_equal(lte_turbo_fx_to_rows(x, K, P, width, paths[p], out), 0);
                        assert_memory_equal(out, want, (size_t)(K + 4) * esz);
                        assert_int_equal((uint8_t)out[(K + 4) * esz], 0x55); /* no overrun */
                    }
            }
        }
    }
    assert_int_equal(lte_turbo_fx_to_rows(x, 5824, 128, 8, LTE_SIMD_AUTO, got), LTE_EINVAL);
    assert_int_equal(lte_turbo_fx_to_rows(x, 5824, 64, 16, LTE_SIMD_AUTO, got), LTE_EINVAL);
    assert_int_equal(lte_turbo_fx_to_rows(x, 5824, 3, 8, LTE_SIMD_AUTO, got), LTE_EINVAL);
    assert_int_equal(lte_turbo_fx_to_rows(x, 5824, 128 / 2, 12, LTE_SIMD_AUTO, got), LTE_EINVAL);
    assert_int_equal(lte_turbo_fx_to_rows(NULL, 5824, 64, 8, LTE_SIMD_AUTO, got), LTE_EINVAL);
    assert_int_equal(lte_turbo_fx_to_rows(x, 44, 8, 8, LTE_SIMD_AUTO, got), LTE_EINVAL);
}

/* decode_tb_rows on the plain row layout equals decode_tb on natural order,
 * every path, width and thread count: blocks side by side (small K), whole
 * rows read in place (aligned, in range), and copied (misaligned, or with
 * values the input clip changes). */
static void test_tb_rows(void **state)
{
    (void)state;
    enum { NCB = 12 };
    static cw w[NCB];
    static int16_t rows[NCB][3][KMAX + 64] __attribute__((aligned(64))); /* 64-byte rows */
    static uint8_t nat[NCB][KMAX], got[NCB][KMAX];
    tu_rng r;
    tu_rng_seed(&r, 7);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const int K[NCB] = {5824, 5824, 5824, 6144, 6144, 40, 40, 40, 1024, 1024, 512, 5824};
    for (int i = 0; i < NCB; i++)
        make_cw(&r, &w[i], K[i], 0.5, 0);
    /* values past A_in in block 2 (the clip must act) */
    for (int k = 0; k < 64; k++) {
        w[2].q8[k % 3][k * 89] = (int8_t)(k % 2 ? 127 : -128);
        w[2].q16[k % 3][k * 89] = (int16_t)(k % 2 ? 32767 : -32768);
    }
    for (int p = 0; p < np; p++)
        for (int width = 8; width <= 16; width += 8)
            for (int t = 1; t <= 2; t++) {
                const int esz = width / 8;
                lte_turbo_fx *d = make(width, paths[p], NCB, t);
                const void *l0[NCB], *l1[NCB], *l2[NCB], *r0[NCB], *r1[NCB], *r2[NCB];
                const uint16_t *pis[NCB];
                uint8_t *cn[NCB], *cr[NCB];
                int itn[NCB], okn[NCB], itr[NCB], okr[NCB];
                for (int i = 0; i < NCB; i++) {
                    const int P = lte_turbo_fx_layout_p(d, K[i]);
                    assert_int_equal(P, lte_turbo_fx_subblocks(K[i], width, 0, 0));
                    const void **lp[3] = {&l0[i], &l1[i], &l2[i]}, **rp[3] = {&r0[i], &r1[i], &r2[i]};
                    for (int s = 0; s < 3; s++) {
                        /* block 11 one element off the 64-byte grid */
                        char *at = (char *)rows[i][s] + (i == 11 ? esz : 0);
                        *lp[s] = in_of(&w[i], width, s);
                        plain_rows(*lp[s], K[i], P, esz, at);
                        *rp[s] = at;
                    }
                    pis[i] = w[i].pi;
                    cn[i] = nat[i];
                    cr[i] = got[i];
                }
                lte_turbo_fx_opts o = {4, LTE_TURBO_FX_STOP_CRC24B, 0, NULL, NULL, 0, NULL, 0};
                assert_int_equal(
                    lte_turbo_fx_decode_tb(d, NCB, l0, l1, l2, K, pis, 0, &o, cn, itn, okn), 0);
                assert_int_equal(
                    lte_turbo_fx_decode_tb_rows(d, NCB, r0, r1, r2, K, pis, 0, &o, cr, itr, okr),
                    0);
                for (int i = 0; i < NCB; i++) {
                    assert_memory_equal(nat[i], got[i], (size_t)K[i]);
                    assert_int_equal(itn[i], itr[i]);
                    assert_int_equal(okn[i], okr[i]);
                }
                assert_int_equal(lte_turbo_fx_layout_p(d, 44), LTE_EINVAL);
                lte_turbo_fx_destroy(d);
            }
}

/* Fixed-seed accuracy guard (see the header comment of this file). */
static void test_accuracy_guard(void **state)
{
    (void)state;
    static cw w;
    static uint8_t c[KMAX];
    lte_simd_path best;
    assert_int_equal(lte_simd_resolve(LTE_SIMD_AUTO, &best), 0);
    for (int width = 8; width <= 16; width += 8) {
        tu_rng r;
        tu_rng_seed(&r, 5);
        lte_turbo_fx *d = make(width, best, 1, 1);
        int errors = 0;
        for (int f = 0; f < 20; f++) {
            make_cw(&r, &w, 6144, 1.0, 0);
            lte_turbo_fx_opts o = {8, LTE_TURBO_FX_STOP_CRC24B, 0, NULL, NULL, 0, NULL, 0};
            int it, ok;
            assert_int_equal(lte_turbo_fx_decode(d, in_of(&w, width, 0), in_of(&w, width, 1),
                                                 in_of(&w, width, 2), 6144, w.pi, 0, &o, c, &it,
                                                 &ok),
                             0);
            errors += memcmp(c, w.c, 6144) != 0;
        }
        if (errors)
            fail_msg("w=%d: %d of 20 frames wrong at 1.0 dB", width, errors);
        lte_turbo_fx_destroy(d);
    }
}

/* Accuracy curves on request (not a timed test): LTEPHY_TURBO_FX_CURVES=N
 * runs N frames per point, K = 6144, Eb/N0 0.5..1.1 dB step 0.1, and prints
 * the FER of the float max-log-MAP decoder (ext_scale 0.75, CRC24B early
 * stop) and of the 16- and 8-bit models (defaults, CRC24B early stop) on the
 * same noisy frames, at 4, 6 and 8 iterations. LTEPHY_TURBO_FX_FLOOR=N
 * instead runs N frames of the 8-bit model at 1.2 dB, 8 iterations. */
static int stop_crc24b(const uint8_t *c, int K, void *arg)
{
    (void)arg;
    return lte_crc_check(LTE_CRC24B, c, K) == 1;
}

static void test_curves(void **state)
{
    (void)state;
    const char *ev = getenv("LTEPHY_TURBO_FX_CURVES"), *fv = getenv("LTEPHY_TURBO_FX_FLOOR");
    if (!ev && !fv)
        skip();
    static cw w;
    static uint8_t c[KMAX];
    const int its[3] = {4, 6, 8};
    lte_turbo_dec *fd = NULL;
    lte_turbo_dec_cfg fc = {KMAX, LTE_TURBO_MAX_LOG_MAP, 0.75f};
    assert_int_equal(lte_turbo_dec_create(&fc, &fd), 0);
    lte_turbo_fx *x16 = make(16, LTE_SIMD_AUTO, 1, 1), *x8 = make(8, LTE_SIMD_AUTO, 1, 1);
    if (fv) {
        long n = atol(fv), fe = 0;
        tu_rng r;
        tu_rng_seed(&r, 1200);
        for (long f = 0; f < n; f++) {
            make_cw(&r, &w, KMAX, 1.2, 0);
            lte_turbo_fx_opts o = {8, LTE_TURBO_FX_STOP_CRC24B, 0, NULL, NULL, 0, NULL, 0};
            int it;
            assert_int_equal(lte_turbo_fx_decode(x8, w.q8[0], w.q8[1], w.q8[2], KMAX, w.pi, 0, &o,
                                                 c, &it, NULL),
                             0);
            fe += memcmp(c, w.c, KMAX) != 0;
        }
        print_message("8-bit, 8 iterations, 1.2 dB: %ld frame errors in %ld frames\n", fe, n);
    }
    if (ev) {
        long n = atol(ev);
        print_message("Eb/N0  FER float/fx16/fx8 at 4 it | 6 it | 8 it  (%ld frames)\n", n);
        for (int e = 5; e <= 11; e++) {
            tu_rng r;
            tu_rng_seed(&r, 500 + (uint64_t)e);
            long err[3][3] = {{0}};
            for (long f = 0; f < n; f++) {
                make_cw(&r, &w, KMAX, 0.1 * e, 0);
                for (int ii = 0; ii < 3; ii++) {
                    int it;
                    lte_turbo_fx_opts o = {its[ii], LTE_TURBO_FX_STOP_CRC24B, 0, NULL, NULL, 0,
                                           NULL, 0};
                    assert_int_equal(lte_turbo_dec_run(fd, w.llr[0], w.llr[1], w.llr[2], KMAX,
                                                       w.pi, its[ii], stop_crc24b, NULL, c, &it),
                                     0);
                    err[ii][0] += memcmp(c, w.c, KMAX) != 0;
                    assert_int_equal(lte_turbo_fx_decode(x16, w.q16[0], w.q16[1], w.q16[2], KMAX,
                                                         w.pi, 0, &o, c, &it, NULL),
                                     0);
                    err[ii][1] += memcmp(c, w.c, KMAX) != 0;
                    assert_int_equal(lte_turbo_fx_decode(x8, w.q8[0], w.q8[1], w.q8[2], KMAX, w.pi,
                                                         0, &o, c, &it, NULL),
                                     0);
                    err[ii][2] += memcmp(c, w.c, KMAX) != 0;
                }
            }
            print_message("%.1f dB", 0.1 * e);
            for (int ii = 0; ii < 3; ii++)
                print_message("  %.4f %.4f %.4f", (double)err[ii][0] / n, (double)err[ii][1] / n,
                              (double)err[ii][2] / n);
            print_message("\n");
        }
    }
    lte_turbo_fx_destroy(x8);
    lte_turbo_fx_destroy(x16);
    lte_turbo_dec_destroy(fd);
}

/* ---- Stop check of decoder 2 and opts.rows_clipped ------------------------------ */

enum { SNCB = 27 };

/* Every dump of a decode_tb call, folded into one hash per (block, half). */
typedef struct tb_rec {
    int esz, nhalf[SNCB];
    uint64_t h[SNCB][2 * MAXIT];
} tb_rec;

static void tb_rec_dump(void *arg, int cb, int half, const void *ext, int K)
{
    tb_rec *t = arg; /* a block's dumps come from one thread */
    assert_true(cb >= 0 && cb < SNCB && half >= 1 && half <= 2 * MAXIT);
    assert_int_equal(half, t->nhalf[cb] + 1);
    t->nhalf[cb] = half;
    uint64_t h = 1469598103934665603ULL;
    for (int k = 0; k < K; k++) {
        int v = t->esz == 1 ? ((const int8_t *)ext)[k] : ((const int16_t *)ext)[k];
        h = (h ^ (uint64_t)(uint16_t)v) * 1099511628211ULL;
    }
    t->h[cb][half - 1] = h;
}

typedef struct tb_out {
    uint8_t c[SNCB][KMAX];
    int it[SNCB], ok[SNCB], halves[SNCB];
    tb_rec rec;
} tb_out;

/* One decode_tb / decode_tb_rows call with dumps into *out. */
static void run_tb(lte_turbo_fx *d, int rows, int ncb, const void *const *l0,
                   const void *const *l1, const void *const *l2, const int *K,
                   const uint16_t *const *pi, int F, const lte_turbo_fx_opts *o0, int width,
                   tb_out *out)
{
    lte_turbo_fx_opts o = *o0;
    memset(out, 0, sizeof *out);
    out->rec.esz = width / 8;
    o.dump = tb_rec_dump;
    o.dump_arg = &out->rec;
    o.halves = out->halves;
    uint8_t *cs[SNCB];
    for (int i = 0; i < ncb; i++) {
        cs[i] = out->c[i];
        memset(out->c[i], 0xEE, KMAX);
    }
    int rc = rows ? lte_turbo_fx_decode_tb_rows(d, ncb, l0, l1, l2, K, pi, F, &o, cs, out->it,
                                                out->ok)
                  : lte_turbo_fx_decode_tb(d, ncb, l0, l1, l2, K, pi, F, &o, cs, out->it,
                                           out->ok);
    assert_int_equal(rc, 0);
    for (int i = 0; i < ncb; i++) /* the dumps agree with the counts */
        assert_int_equal(out->rec.nhalf[i], out->halves[i]);
}

static void same_tb(const tb_out *a, const tb_out *b, int ncb, const int *K, const char *what)
{
    for (int i = 0; i < ncb; i++) {
        if (a->it[i] != b->it[i] || a->ok[i] != b->ok[i] || a->halves[i] != b->halves[i])
            fail_msg("%s, block %d: it %d/%d ok %d/%d halves %d/%d", what, i, a->it[i], b->it[i],
                     a->ok[i], b->ok[i], a->halves[i], b->halves[i]);
        if (memcmp(a->c[i], b->c[i], (size_t)K[i]) != 0)
            fail_msg("%s, block %d: hard bits differ", what, i);
        for (int h = 0; h < a->halves[i]; h++)
            if (a->rec.h[i][h] != b->rec.h[i][h])
                fail_msg("%s, block %d: dump of half %d differs", what, i, h + 1);
    }
}

/* A transport block whose blocks pass their CRC24B at different iterations
 * (or never): Eb/N0 spread per block; large K alone in its rows, K = 40
 * (P = 1, many blocks side by side), 512 and 1024 (P = 8, 16: several per
 * row). Block 0's CRC covers c[F..K-1] only, and its first F bits are
 * random (1s among them, which the CRC must skip: as filler positions). */
typedef struct stop_tb {
    cw w[SNCB];
    int K[SNCB], F;
} stop_tb;

static void make_stop_tb(stop_tb *t)
{
    tu_rng r;
    tu_rng_seed(&r, 2024);
    static const double ebn0[] = {0.3, 0.6, 1.2, 2.5, -1.0, 0.4, 0.8, 0.1};
    t->F = 40;
    for (int i = 0; i < SNCB; i++) {
        t->K[i] = i < 6 ? 5824 : i < 7 ? 6144 : i < 19 ? 40 : i < 24 ? 1024 : 512;
        cw *w = &t->w[i];
        const int K = t->K[i];
        w->K = K;
        assert_int_equal(lte_qpp_interleaver(K, w->pi), 0);
        tu_random_bits(&r, w->c, K - 24);
        const int F = i == 0 ? t->F : 0; /* the CRC covers c[F..K-1] */
        assert_int_equal(lte_crc_attach(LTE_CRC24B, w->c + F, K - F - 24, w->c + F), 0);
        assert_int_equal(lte_turbo_encode(w->c, K, w->pi, w->d[0], w->d[1], w->d[2]), 0);
        const double e = i == 0 ? 1.5 : K <= 1024 ? ebn0[i % 8] + 1.0 : ebn0[i % 8];
        for (int s = 0; s < 3; s++) {
            channel(&r, w->d[s], K + 4, e, K, w->llr[s]);
            assert_int_equal(lte_turbo_fx_quantize(w->llr[s], K + 4, 4.0f, 8, w->q8[s]), 0);
            assert_int_equal(lte_turbo_fx_quantize(w->llr[s], K + 4, 256.0f, 16, w->q16[s]), 0);
        }
    }
}

/* Decoder 2's stop check (section 8; the SIMD paths check the syndrome of
 * the sign words before unpacking) on every path, width and thread count
 * against the scalar model, which unpacks and runs the byte CRC after every
 * iteration: hard bits, CRC flags, iterations, half-iterations and every
 * dump, for CRC24B / no CRC stopping, stable_stop off and on, half_stop off
 * and on, max_iter 1, 3 and 8; and the single-block CRC24A case. The data
 * must give blocks passing at several iterations and blocks failing. */
static void test_stop_syndrome(void **state)
{
    (void)state;
    static stop_tb t;
    static tb_out ref, got;
    make_stop_tb(&t);
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    assert_int_equal(paths[0], LTE_SIMD_SCALAR);
    const void *l[2][3][SNCB];
    const uint16_t *pis[SNCB];
    for (int i = 0; i < SNCB; i++) {
        for (int s = 0; s < 3; s++) {
            l[0][s][i] = t.w[i].q8[s];
            l[1][s][i] = t.w[i].q16[s];
        }
        pis[i] = t.w[i].pi;
    }
    static const lte_turbo_fx_stop stops[] = {LTE_TURBO_FX_STOP_CRC24B, LTE_TURBO_FX_STOP_NONE};
    static const int maxits[] = {8, 3, 1};
    for (int wi = 0; wi < 2; wi++) {
        const int width = 8 << wi;
        lte_turbo_fx *sc = make(width, LTE_SIMD_SCALAR, SNCB, 1);
        lte_turbo_fx *dec[3][2] = {{NULL}};
        for (int p = 1; p < np; p++)
            for (int th = 0; th < 2; th++)
                dec[p][th] = make(width, paths[p], SNCB, th + 1);
        for (size_t si = 0; si < NELEM(stops); si++)
            for (size_t mi = 0; mi < NELEM(maxits); mi++)
                for (int cfg = 0; cfg < 4; cfg++) {
                    const int stable = cfg & 1, hs = cfg >> 1;
                    if (stops[si] == LTE_TURBO_FX_STOP_NONE && (hs || maxits[mi] == 3))
                        continue;
                    lte_turbo_fx_opts o = {.max_iter = maxits[mi], .stop = stops[si],
                                           .stable_stop = stable, .half_stop = hs};
                    run_tb(sc, 0, SNCB, l[wi][0], l[wi][1], l[wi][2], t.K, pis, t.F, &o, width,
                           &ref);
                    if (stops[si] == LTE_TURBO_FX_STOP_CRC24B && maxits[mi] == 8 && !stable) {
                        /* the data covers what the check must decide */
                        int seen[MAXIT + 1] = {0}, nit = 0, pass = 0, fail = 0;
                        for (int i = 0; i < SNCB; i++) {
                            nit += !seen[ref.it[i]]++;
                            pass += ref.ok[i];
                            fail += !ref.ok[i];
                        }
                        if (!(nit >= 3 && pass >= 10 && fail >= 1))
                            for (int i = 0; i < SNCB; i++)
                                print_message("block %d K %d: it %d ok %d\n", i, t.K[i],
                                              ref.it[i], ref.ok[i]);
                        assert_true(nit >= 3 && pass >= 10 && fail >= 1);
                        /* past its 1s before F, after failing once (the
                         * SIMD paths' syndrome is taken from iteration 2) */
                        assert_int_equal(ref.ok[0], 1);
                        assert_true(ref.it[0] >= 2);
                        assert_true(memchr(ref.c[0], 1, (size_t)t.F) != NULL);
                        assert_int_not_equal(lte_crc_check(LTE_CRC24B, ref.c[0], t.K[0]), 1);
                    }
                    for (int p = 1; p < np; p++)
                        for (int th = 0; th < 2; th++) {
                            run_tb(dec[p][th], 0, SNCB, l[wi][0], l[wi][1], l[wi][2], t.K, pis,
                                   t.F, &o, width, &got);
                            char what[96];
                            snprintf(what, sizeof what,
                                     "w=%d path %d threads %d stop %d max_iter %d stable %d "
                                     "half %d",
                                     width, (int)paths[p], th + 1, (int)stops[si], maxits[mi],
                                     stable, hs);
                            same_tb(&ref, &got, SNCB, t.K, what);
                        }
                    /* The syndrome tables are built only for a K asked for
                     * again in a later call (crc_ready in turbo_fx.c): the
                     * blocks of one K decoded alone, three calls in a row,
                     * so the second and third take the syndrome path. */
                    static const int part[][2] = {{0, 6}, {7, 12}, {19, 5}};
                    for (size_t pa = 0; pa < NELEM(part); pa++) {
                        const int a = part[pa][0], n = part[pa][1], F = a == 0 ? t.F : 0;
                        const void *const *q0 = l[wi][0] + a, *const *q1 = l[wi][1] + a,
                                          *const *q2 = l[wi][2] + a;
                        run_tb(sc, 0, n, q0, q1, q2, t.K + a, pis + a, F, &o, width, &ref);
                        for (int p = 1; p < np; p++)
                            for (int th = 0; th < 2; th++)
                                for (int rep = 0; rep < 3; rep++) {
                                    run_tb(dec[p][th], 0, n, q0, q1, q2, t.K + a, pis + a, F, &o,
                                           width, &got);
                                    char what[112];
                                    snprintf(what, sizeof what,
                                             "K=%d alone, call %d: w=%d path %d threads %d "
                                             "stop %d max_iter %d stable %d half %d",
                                             t.K[a], rep + 1, width, (int)paths[p], th + 1,
                                             (int)stops[si], maxits[mi], stable, hs);
                                    same_tb(&ref, &got, n, t.K + a, what);
                                }
                    }
                }
        /* one block: CRC24A (CRC_AUTO) on a codeword carrying a CRC24A */
        static cw one;
        tu_rng r;
        tu_rng_seed(&r, 77);
        const int K1 = 2048;
        one.K = K1;
        assert_int_equal(lte_qpp_interleaver(K1, one.pi), 0);
        tu_random_bits(&r, one.c, K1 - 24);
        assert_int_equal(lte_crc_attach(LTE_CRC24A, one.c, K1 - 24, one.c), 0);
        assert_int_equal(lte_turbo_encode(one.c, K1, one.pi, one.d[0], one.d[1], one.d[2]), 0);
        for (int s = 0; s < 3; s++) {
            channel(&r, one.d[s], K1 + 4, 0.8, K1, one.llr[s]);
            assert_int_equal(lte_turbo_fx_quantize(one.llr[s], K1 + 4, 4.0f, 8, one.q8[s]), 0);
            assert_int_equal(lte_turbo_fx_quantize(one.llr[s], K1 + 4, 256.0f, 16, one.q16[s]),
                             0);
        }
        const void *o0[1] = {in_of(&one, width, 0)}, *o1[1] = {in_of(&one, width, 1)},
                   *o2[1] = {in_of(&one, width, 2)};
        const uint16_t *opi[1] = {one.pi};
        for (int stable = 0; stable <= 1; stable++) {
            lte_turbo_fx_opts o = {.max_iter = 8, .stop = LTE_TURBO_FX_STOP_CRC_AUTO,
                                   .stable_stop = stable};
            run_tb(sc, 0, 1, o0, o1, o2, &K1, opi, 0, &o, width, &ref);
            assert_int_equal(ref.ok[0], 1);
            assert_true(ref.it[0] >= 2);
            for (int p = 1; p < np; p++) {
                run_tb(dec[p][0], 0, 1, o0, o1, o2, &K1, opi, 0, &o, width, &got);
                same_tb(&ref, &got, 1, &K1, "CRC24A block");
            }
        }
        lte_turbo_fx_destroy(sc);
        for (int p = 1; p < np; p++)
            for (int th = 0; th < 2; th++)
                lte_turbo_fx_destroy(dec[p][th]);
    }
}

/* opts.rows_clipped: on row-layout streams from lte_turbo_fx_to_rows (so
 * clipped) every output equals that without the promise and that of the
 * scalar model on the natural-order streams, on every path, width and
 * thread count, half_stop and stable_stop off and on; blocks read in place
 * (aligned, alone in their rows), copied (grouped small K, one misaligned
 * block). Ignored by decode_tb on natural order. A value other than 0 / 1 is
 * refused. A broken promise is memory-safe and returns 0, and blocks the
 * decoder copies still get the model's clip. */
static void test_rows_clipped(void **state)
{
    (void)state;
    static stop_tb t;
    static tb_out ref, a, b;
    static int16_t rows[SNCB][3][KMAX + 64] __attribute__((aligned(64)));
    make_stop_tb(&t);
    /* values past A_in in the natural-order streams of blocks 1 and 20:
     * to_rows clips them */
    for (int k = 0; k < 30; k++) {
        t.w[1].q8[k % 3][k * 97] = (int8_t)(k % 2 ? 127 : -128);
        t.w[1].q16[k % 3][k * 97] = (int16_t)(k % 2 ? 32767 : -32768);
        t.w[20].q8[k % 3][k % 40] = (int8_t)(k % 2 ? 127 : -128);
        t.w[20].q16[k % 3][k % 40] = (int16_t)(k % 2 ? 32767 : -32768);
    }
    lte_simd_path paths[3];
    int np = tu_paths(paths);
    const uint16_t *pis[SNCB];
    for (int i = 0; i < SNCB; i++)
        pis[i] = t.w[i].pi;
    for (int wi = 0; wi < 2; wi++) {
        const int width = 8 << wi, esz = width / 8;
        const void *nat[3][SNCB], *rw[3][SNCB];
        lte_turbo_fx *sc = make(width, LTE_SIMD_SCALAR, SNCB, 1);
        for (int i = 0; i < SNCB; i++) {
            const int P = lte_turbo_fx_layout_p(sc, t.K[i]);
            for (int s = 0; s < 3; s++) {
                nat[s][i] = in_of(&t.w[i], width, s);
                char *at = (char *)rows[i][s] + (i == 3 ? esz : 0); /* block 3 misaligned */
                assert_int_equal(lte_turbo_fx_to_rows(nat[s][i], t.K[i], P, width,
                                                      LTE_SIMD_AUTO, at),
                                 0);
                rw[s][i] = at;
            }
        }
        for (int cfg = 0; cfg < 4; cfg++) {
            const int stable = cfg & 1, hs = cfg >> 1;
            lte_turbo_fx_opts o = {.max_iter = 6, .stop = LTE_TURBO_FX_STOP_CRC24B,
                                   .stable_stop = stable, .half_stop = hs};
            run_tb(sc, 0, SNCB, nat[0], nat[1], nat[2], t.K, pis, t.F, &o, width, &ref);
            for (int p = 0; p < np; p++)
                for (int th = 1; th <= 2; th++) {
                    lte_turbo_fx *d = make(width, paths[p], SNCB, th);
                    char what[80];
                    snprintf(what, sizeof what, "w=%d path %d threads %d stable %d half %d",
                             width, (int)paths[p], th, stable, hs);
                    lte_turbo_fx_opts oc = o;
                    oc.rows_clipped = 1;
                    run_tb(d, 1, SNCB, rw[0], rw[1], rw[2], t.K, pis, t.F, &o, width, &a);
                    run_tb(d, 1, SNCB, rw[0], rw[1], rw[2], t.K, pis, t.F, &oc, width, &b);
                    same_tb(&ref, &a, SNCB, t.K, what);
                    same_tb(&ref, &b, SNCB, t.K, what);
                    /* ignored on natural order */
                    run_tb(d, 0, SNCB, nat[0], nat[1], nat[2], t.K, pis, t.F, &oc, width, &b);
                    same_tb(&ref, &b, SNCB, t.K, what);
                    lte_turbo_fx_destroy(d);
                }
        }
        lte_turbo_fx_destroy(sc);
    }
    /* refused values; a broken promise (natural-order streams, unclipped,
     * handed over as rows) runs to completion; the grouped K = 40 blocks
     * (copied into the decoder's rows) still equal the model on the same
     * streams read as rows */
    for (int p = 0; p < np; p++) {
        lte_turbo_fx *d = make(8, paths[p], SNCB, 1);
        const void *n8[3][SNCB];
        for (int i = 0; i < SNCB; i++)
            for (int s = 0; s < 3; s++)
                n8[s][i] = t.w[i].q8[s];
        uint8_t *cs[SNCB];
        int it[SNCB], ok[SNCB];
        for (int i = 0; i < SNCB; i++)
            cs[i] = a.c[i];
        lte_turbo_fx_opts o = {.max_iter = 4, .stop = LTE_TURBO_FX_STOP_CRC24B, .rows_clipped = 2};
        assert_int_equal(
            lte_turbo_fx_decode_tb_rows(d, SNCB, n8[0], n8[1], n8[2], t.K, pis, 0, &o, cs, it, ok),
            LTE_EINVAL);
        o.rows_clipped = -1;
        assert_int_equal(lte_turbo_fx_decode(d, n8[0][0], n8[1][0], n8[2][0], t.K[0], pis[0], 0,
                                             &o, cs[0], it, ok),
                         LTE_EINVAL);
        o.rows_clipped = 0;
        lte_turbo_fx *s8 = make(8, LTE_SIMD_SCALAR, SNCB, 1);
        run_tb(s8, 1, SNCB, n8[0], n8[1], n8[2], t.K, pis, 0, &o, 8, &ref);
        o.rows_clipped = 1;
        run_tb(d, 1, SNCB, n8[0], n8[1], n8[2], t.K, pis, 0, &o, 8, &b);
        for (int i = 7; i < 19; i++) {
            assert_memory_equal(ref.c[i], b.c[i], (size_t)t.K[i]);
            assert_int_equal(ref.it[i], b.it[i]);
            assert_int_equal(ref.ok[i], b.ok[i]);
        }
        lte_turbo_fx_destroy(s8);
        lte_turbo_fx_destroy(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subblocks),     cmocka_unit_test(test_quantize),
        cmocka_unit_test(test_args),          cmocka_unit_test(test_bad_perm),
        cmocka_unit_test(test_noiseless),     cmocka_unit_test(test_bitexact_all_k),
        cmocka_unit_test(test_bitexact_params), cmocka_unit_test(test_tb),
        cmocka_unit_test(test_to_rows),       cmocka_unit_test(test_tb_rows),
        cmocka_unit_test(test_accuracy_guard), cmocka_unit_test(test_curves),
        cmocka_unit_test(test_stop_syndrome), cmocka_unit_test(test_rows_clipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
