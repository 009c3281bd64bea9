/* Tests of the half-iteration early stop of the fixed-point turbo decoder
 * (include/ltephy/turbo_fx.h section 8, opts.half_stop and opts.halves).
 *
 * Independent checks:
 *  - the rule itself, from the decoder without half_stop: decoder 1's hard
 *    decisions of iteration n are rebuilt here from the dumped extrinsics
 *    (Lapp_1 = clip(l0) + La + Le, La the dumped Le'_2 of iteration n-1
 *    de-interleaved, Le the values of the width that the dumped Le'_1 =
 *    clip((Le m + 4) >> 3, A_e) admits: a bit counts only where every such
 *    Le gives the same sign), decoder 2's from runs of n iterations without
 *    stopping; the first half-iteration whose bits pass the CRC (checked
 *    here with lte_crc_check) gives the expected bits, CRC flag, iteration
 *    count and half-iteration count, on every path, both widths, with the
 *    scale 1.0 (only clipped extrinsics are ambiguous) and the default 0.75;
 *  - noiseless codewords: the first half-iteration stops (1 iteration, 1
 *    half), on every path; a case where decoder 1's bits of iteration 1 fail
 *    the CRC and decoding goes on, counted as the header documents;
 *  - without half_stop the counts are 2 x iterations and nothing else
 *    changes (the existing tests check the bits are those of before);
 *  - bit-exactness of every SIMD path with the scalar model with half_stop
 *    on: extrinsics of every half-iteration run, bits, CRC flag, iteration
 *    and half-iteration counts, for a spread of K (P = 1 to 64) at SNRs
 *    where blocks stop after half 1, after later halves, or never, with and
 *    without stability stopping;
 *  - decode_tb and decode_tb_rows (grouped small K, mixed SNR inside a
 *    group so blocks of one group stop at different half-iterations, filler
 *    in block 0) on 1 and 2 threads equal the scalar model decoding each
 *    block alone, dumps included.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
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

/* ---- Codewords ----------------------------------------------------------------- */

static int soft_at(const cw *w, int width, int s, int k)
{
    return width == 8 ? w->q8[s][k] : w->q16[s][k];
}

/* ---- Dumps ----------------------------------------------------------------------- */

/* Every dump of one decode (single code block). */
typedef struct rec {
    int esz, nhalf;
    int16_t ext[2 * MAXIT][KMAX];
} rec;

static void rec_dump(void *arg, int cb, int half, const void *ext, int K)
{
    rec *r = arg;
    assert_int_equal(cb, 0);
    assert_int_equal(half, r->nhalf + 1); /* halves arrive in order */
    assert_true(half <= 2 * MAXIT);
    r->nhalf = half;
    for (int k = 0; k < K; k++)
        r->ext[half - 1][k] = r->esz == 1 ? ((const int8_t *)ext)[k] : ((const int16_t *)ext)[k];
}

static lte_turbo_fx *make(int width, lte_simd_path path, int m, int max_cbs, int threads)
{
    lte_turbo_fx_cfg cfg = {KMAX, width, m, 0, 0, max_cbs, threads, path, 0};
    lte_turbo_fx *d = NULL;
    assert_int_equal(lte_turbo_fx_create(&cfg, &d), 0);
    return d;
}

typedef struct result {
    int it, ok, halves;
    uint8_t c[KMAX];
} result;

/* One decode of w; dumps to rc if not NULL (rc->nhalf checked against the
 * reported half-iterations). */
static void run(lte_turbo_fx *d, const cw *w, int width, int max_iter, lte_turbo_fx_stop stop,
                int stable, int half_stop, rec *rc, result *out)
{
    lte_turbo_fx_opts o = {max_iter, stop, stable, NULL, NULL, half_stop, &out->halves, 0};
    if (rc) {
        o.dump = rec_dump;
        o.dump_arg = rc;
        rc->esz = width / 8;
        rc->nhalf = 0;
    }
    out->it = out->ok = out->halves = -1;
    const int rc_ = lte_turbo_fx_decode(d, in_of(w, width, 0), in_of(w, width, 1),
                                        in_of(w, width, 2), w->K, w->pi, w->F, &o, out->c,
                                        &out->it, &out->ok);
    if (rc_ != 0)
        fail_msg("decode: %d %s", rc_, lte_errdetail());
    assert_true(out->halves == 2 * out->it || out->halves == 2 * out->it - 1);
    if (rc)
        assert_int_equal(rc->nhalf, out->halves);
}

/* ---- The rule, rebuilt from the decoder without half_stop ------------------------ */

/* Le'(Le) = clip((Le m + 4) >> 3, A_e) over every w-bit Le: for each Le'
 * the smallest and largest Le mapping to it (index Le' + A_e). */
typedef struct inv {
    int lo[1 << 15], hi[1 << 15];
} inv;

static void build_inv(inv *v, int width, int m)
{
    const int ae = lte_turbo_fx_ext_max(width), lo = -(1 << (width - 1)), hi = -lo - 1;
    for (int e = 0; e <= 2 * ae; e++) {
        v->lo[e] = INT32_MAX;
        v->hi[e] = INT32_MIN;
    }
    for (int le = lo; le <= hi; le++) {
        int x = le * m + 4;
        x = x >= 0 ? x >> 3 : -((-x + 7) >> 3); /* floor division by 8 */
        x = x < -ae ? -ae : x > ae ? ae : x;
        v->lo[x + ae] = le < v->lo[x + ae] ? le : v->lo[x + ae];
        v->hi[x + ae] = le > v->hi[x + ae] ? le : v->hi[x + ae];
    }
}

/* Decoder 1's hard decisions of iteration n from the dumps (rc->ext[2n-2]:
 * Le'_1 of iteration n; rc->ext[2n-3]: Le'_2 of iteration n-1 in
 * interleaved order). Returns the count of bits the dumps leave open. */
static int dec1_bits(const cw *w, int width, const rec *rc, const inv *v, int n, uint8_t *c)
{
    const int K = w->K, ain = lte_turbo_fx_in_max(width), ae = lte_turbo_fx_ext_max(width);
    static int la[KMAX];
    for (int k = 0; k < K; k++)
        la[k] = 0;
    if (n > 1)
        for (int m = 0; m < K; m++)
            la[w->pi[m]] = rc->ext[2 * n - 3][m];
    int open = 0;
    for (int k = 0; k < K; k++) {
        int ls = soft_at(w, width, 0, k);
        ls = ls < -ain ? -ain : ls > ain ? ain : ls;
        const int A = ls + la[k], e = rc->ext[2 * n - 2][k] + ae;
        if (A + v->hi[e] < 0)
            c[k] = 1;
        else if (A + v->lo[e] >= 0)
            c[k] = 0;
        else
            c[k] = 2, open++;
    }
    return open;
}

/* Expected outcome of half_stop with CRC crc and max_iter M: 0, or -1 if
 * the dumps leave a bit open that the rule needs. */
static int expect(lte_turbo_fx *d, const cw *w, int width, const inv *v, int M,
                  lte_turbo_fx_stop stop, lte_crc_type crc, int half_stop, result *want)
{
    static rec rc;
    static result r2;
    static uint8_t c1[KMAX];
    run(d, w, width, M, LTE_TURBO_FX_STOP_NONE, 0, 0, &rc, &r2);
    assert_int_equal(r2.it, M);
    assert_int_equal(r2.halves, 2 * M);
    const int K = w->K, F = w->F;
    for (int h = 1; h <= 2 * M; h++) {
        const int n = (h + 1) / 2;
        const uint8_t *c;
        if (h % 2) {
            if (!half_stop)
                continue;
            if (dec1_bits(w, width, &rc, v, n, c1))
                return -1;
            c = c1;
        } else {
            run(d, w, width, n, LTE_TURBO_FX_STOP_NONE, 0, 0, NULL, &r2);
            c = r2.c;
        }
        if (h == 2 * M || lte_crc_check(crc, c + F, K - F) == 1) {
            memcpy(want->c, c, (size_t)K);
            want->it = n;
            want->halves = h;
            want->ok = lte_crc_check(crc, c + F, K - F) == 1 && stop != LTE_TURBO_FX_STOP_NONE;
            return 0;
        }
    }
    fail();
    return -1;
}

static void check_same(const result *got, const result *want, int K, const char *what)
{
    if (got->it != want->it || got->halves != want->halves || got->ok != want->ok)
        fail_msg("%s K=%d: it %d halves %d ok %d, expected %d %d %d", what, K, got->it,
                 got->halves, got->ok, want->it, want->halves, want->ok);
    assert_memory_equal(got->c, want->c, (size_t)K);
}

/* The rule on every path, both widths, scales 1.0 and 0.75: blocks over
 * SNRs where decoding stops after half 1, later halves, or not at all. */
static void test_rule(void **state)
{
    (void)state;
    static cw w;
    static inv v;
    static result got, want;
    lte_simd_path paths[3];
    const int np = tu_paths(paths);
    const int Ks[] = {40, 136, 1024, 5824, 6144};
    const double snr[] = {-0.5, 0.4, 0.8, 1.2, 2.0, 3.0};
    for (int width = 8; width <= 16; width += 8)
        for (int m = 8; m >= 6; m -= 2) {
            build_inv(&v, width, m);
            /* counts by outcome over every path (checked blocks only) */
            int checked = 0, skipped = 0, first = 0, odd = 0, even = 0, never = 0;
            for (int p = 0; p < np; p++) {
                lte_turbo_fx *d = make(width, paths[p], m, 1, 1);
                tu_rng r;
                tu_rng_seed(&r, 300 + (uint64_t)width + (uint64_t)m);
                for (size_t ki = 0; ki < NELEM(Ks); ki++)
                    for (size_t si = 0; si < NELEM(snr); si++) {
                        const int K = Ks[ki], F = si == 2 ? (K > 64 ? 16 : 8) : 0, M = 4;
                        const lte_crc_type crc = si == 3 ? LTE_CRC24A : LTE_CRC24B;
                        const lte_turbo_fx_stop stop =
                            si == 3 ? LTE_TURBO_FX_STOP_CRC24A : LTE_TURBO_FX_STOP_CRC24B;
                        make_cw_crc(&r, &w, K, F, crc, snr[si] + (K < 1000 ? 1.0 : 0.0), 0);
                        /* half_stop off: decoder 2's bits only, halves = 2 it */
                        assert_int_equal(expect(d, &w, width, &v, M, stop, crc, 0, &want), 0);
                        run(d, &w, width, M, stop, 0, 0, NULL, &got);
                        check_same(&got, &want, K, "half_stop 0");
                        if (expect(d, &w, width, &v, M, stop, crc, 1, &want) < 0) {
                            skipped++;
                            continue;
                        }
                        run(d, &w, width, M, stop, 0, 1, NULL, &got);
                        check_same(&got, &want, K, "half_stop 1");
                        checked++;
                        first += want.halves == 1;
                        odd += want.halves > 1 && want.halves % 2 && want.ok;
                        even += want.halves % 2 == 0 && want.ok;
                        never += !want.ok;
                    }
                lte_turbo_fx_destroy(d);
            }
            print_message("w=%d m=%d: %d blocks checked (%d stop after half 1, %d after a later "
                          "half 1, %d after a half 2, %d never), %d left open\n",
                          width, m, checked, first, odd, even, never, skipped);
            /* scale 1.0: only clipped extrinsics are ambiguous, none here;
             * 0.75: three Le per Le', so low-SNR blocks stay open */
            if (m == 8)
                assert_true(skipped == 0 && first > 0 && odd > 0 && even > 0 && never > 0);
            else
                assert_true(checked >= 20 && first > 0 && odd > 0 && even > 0);
        }
}

/* Noiseless codewords stop after the first half-iteration on every path;
 * with half_stop off (or no CRC stopping) after the first iteration. */
static void test_noiseless(void **state)
{
    (void)state;
    static cw w;
    static result got;
    tu_rng r;
    tu_rng_seed(&r, 12);
    lte_simd_path paths[3];
    const int np = tu_paths(paths);
    const int Ks[] = {40, 48, 504, 512, 1024, 2048, 5824, 6144};
    for (int p = 0; p < np; p++)
        for (int width = 8; width <= 16; width += 8) {
            lte_turbo_fx *d = make(width, paths[p], 0, 1, 1);
            for (size_t ki = 0; ki < NELEM(Ks); ki++) {
                make_cw_crc(&r, &w, Ks[ki], ki == 2 ? 8 : 0, LTE_CRC24B, 0, 1);
                run(d, &w, width, 6, LTE_TURBO_FX_STOP_CRC24B, 0, 1, NULL, &got);
                assert_int_equal(got.it, 1);
                assert_int_equal(got.halves, 1);
                assert_int_equal(got.ok, 1);
                assert_memory_equal(got.c, w.c, (size_t)w.K);
                run(d, &w, width, 6, LTE_TURBO_FX_STOP_CRC24B, 0, 0, NULL, &got);
                assert_int_equal(got.it, 1);
                assert_int_equal(got.halves, 2);
                assert_int_equal(got.ok, 1);
                assert_memory_equal(got.c, w.c, (size_t)w.K);
                /* no CRC stopping: half_stop has no effect */
                run(d, &w, width, 3, LTE_TURBO_FX_STOP_NONE, 0, 1, NULL, &got);
                assert_int_equal(got.it, 3);
                assert_int_equal(got.halves, 6);
                assert_int_equal(got.ok, 0);
                /* stability needs two full iterations, half_stop or not */
                run(d, &w, width, 6, LTE_TURBO_FX_STOP_NONE, 1, 1, NULL, &got);
                assert_int_equal(got.it, 2);
                assert_int_equal(got.halves, 4);
                assert_memory_equal(got.c, w.c, (size_t)w.K);
            }
            lte_turbo_fx_destroy(d);
        }
}

/* A block whose decoder-1 bits of iteration 1 fail the CRC: decoder 1's
 * parity erased (all 0), so in iteration 1 (a priori 0) its decisions are
 * the systematic signs, 16 of which are flipped; decoder 2's parity is
 * clean and repairs them. Decoding goes on after half 1. */
static void test_continue(void **state)
{
    (void)state;
    static cw w;
    static rec rc;
    static result got, ref;
    tu_rng r;
    tu_rng_seed(&r, 13);
    lte_simd_path paths[3];
    const int np = tu_paths(paths);
    make_cw_crc(&r, &w, 1024, 0, LTE_CRC24B, 0, 1);
    for (int k = 0; k < 1024; k++)
        w.q8[1][k] = 0, w.q16[1][k] = 0;
    for (int i = 0; i < 16; i++) {
        const int k = 37 + 61 * i;
        w.q8[0][k] = (int8_t)-w.q8[0][k];
        w.q16[0][k] = (int16_t)-w.q16[0][k];
    }
    for (int width = 8; width <= 16; width += 8) {
        for (int p = 0; p < np; p++) {
            lte_turbo_fx *d = make(width, paths[p], 0, 1, 1);
            run(d, &w, width, 8, LTE_TURBO_FX_STOP_CRC24B, 0, 1, &rc, &got);
            if (p == 0) {
                ref = got;
                /* decoder 1 of iteration 1 keeps a flipped bit: no stop there */
                print_message("w=%d: stopped after half %d, CRC %d\n", width, got.halves, got.ok);
                assert_true(got.halves >= 2);
                /* decoder 1 of iteration 1 saw no parity: Le' = 0 (Le = 0 at
                 * m = 6) but near the tail, so its bits are the systematic
                 * signs, flips included, which fail the CRC */
                static uint8_t c1[1024];
                for (int k = 0; k < w.K; k++) {
                    if (k < w.K - 16)
                        assert_int_equal(rc.ext[0][k], 0);
                    c1[k] = (width == 8 ? w.q8[0][k] : w.q16[0][k]) < 0;
                }
                assert_int_equal(lte_crc_check(LTE_CRC24B, c1, w.K), 0);
                assert_int_equal(got.halves, 2);
                assert_int_equal(got.it, 1);
                assert_int_equal(got.ok, 1);
                assert_memory_equal(got.c, w.c, (size_t)w.K);
                assert_int_equal(got.it, (got.halves + 1) / 2);
            } else {
                check_same(&got, &ref, w.K, "continue");
            }
            lte_turbo_fx_destroy(d);
        }
    }
}

/* An initialiser written before half_stop existed ends at dump_arg: the
 * fields after it are 0 / NULL, i.e. off (the compiler's warning about the
 * missing fields is the point here). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const lte_turbo_fx_opts old_style = {6, LTE_TURBO_FX_STOP_CRC24B, 0, NULL, NULL};
#pragma GCC diagnostic pop

static void test_args(void **state)
{
    (void)state;
    lte_turbo_fx *d = make(8, LTE_SIMD_AUTO, 0, 2, 1);
    static int8_t l[KMAX + 4];
    static uint8_t c[2][KMAX];
    uint16_t pi[40];
    assert_int_equal(lte_qpp_interleaver(40, pi), 0);
    int it[2], halves[2] = {-1, -1};
    lte_turbo_fx_opts o = {4, LTE_TURBO_FX_STOP_CRC24B, 0, NULL, NULL, 2, NULL, 0};
    assert_int_equal(lte_turbo_fx_decode(d, l, l, l, 40, pi, 0, &o, c[0], it, NULL), LTE_EINVAL);
    assert_non_null(strstr(lte_errdetail(), "half_stop"));
    o.half_stop = -1;
    assert_int_equal(lte_turbo_fx_decode(d, l, l, l, 40, pi, 0, &o, c[0], it, NULL), LTE_EINVAL);
    /* all-zero soft values: every bit 0, whose CRC24B checks; not taken
     * after half 1 (an all-zero word there, test_no_information), so decoder
     * 2's check passes it after half 2 */
    o.half_stop = 1;
    o.halves = halves;
    assert_int_equal(lte_turbo_fx_decode(d, l, l, l, 40, pi, 0, &o, c[0], it, NULL), 0);
    assert_int_equal(it[0], 1);
    assert_int_equal(halves[0], 2);
    const void *ls[2] = {l, l};
    const int Ks[2] = {40, 40};
    const uint16_t *pis[2] = {pi, pi};
    uint8_t *cs[2] = {c[0], c[1]};
    halves[0] = halves[1] = -1;
    assert_int_equal(lte_turbo_fx_decode_tb(d, 2, ls, ls, ls, Ks, pis, 0, &o, cs, it, NULL), 0);
    assert_true(halves[0] == 2 && halves[1] == 2 && it[0] == 1 && it[1] == 1);
    o.half_stop = 0;
    assert_int_equal(lte_turbo_fx_decode_tb(d, 2, ls, ls, ls, Ks, pis, 0, &o, cs, it, NULL), 0);
    assert_true(halves[0] == 2 && halves[1] == 2 && it[0] == 1 && it[1] == 1);
    /* the old initialiser: half_stop off, no half count written */
    assert_int_equal(old_style.half_stop, 0);
    assert_null(old_style.halves);
    assert_int_equal(lte_turbo_fx_decode_tb(d, 2, ls, ls, ls, Ks, pis, 0, &old_style, cs, it, NULL),
                     0);
    assert_true(it[0] == 1 && it[1] == 1);
    lte_turbo_fx_destroy(d);
}

/* ---- Bit-exactness -------------------------------------------------------------- */

static void test_bitexact(void **state)
{
    (void)state;
    lte_simd_path paths[3];
    const int np = tu_paths(paths);
    if (np < 2)
        skip();
    static cw w;
    static rec ref, got;
    static result r0, r1;
    tu_rng r;
    tu_rng_seed(&r, 2027);
    int hist[2 * MAXIT + 1] = {0}, never = 0;
    for (int width = 8; width <= 16; width += 8) {
        lte_turbo_fx *dec[3];
        for (int p = 0; p < np; p++)
            dec[p] = make(width, paths[p], 0, 1, 1);
        for (int i = 1; i <= LTE_TURBO_NUM_K; i += 3) {
            const int K = lte_turbo_k(i);
            const double ebn0 = (K < 200 ? 1.0 : 0.0) + 0.2 * (i % 11) + (i % 4 == 0 ? 1.5 : 0.0);
            const int M = 2 + i % 5, stable = i % 3 == 0;
            make_cw_crc(&r, &w, K, i % 7 == 0 ? 24 : 0, LTE_CRC24B, ebn0, 0);
            run(dec[0], &w, width, M, LTE_TURBO_FX_STOP_CRC24B, stable, 1, &ref, &r0);
            for (int p = 1; p < np; p++) {
                run(dec[p], &w, width, M, LTE_TURBO_FX_STOP_CRC24B, stable, 1, &got, &r1);
                if (r1.it != r0.it || r1.halves != r0.halves || r1.ok != r0.ok)
                    fail_msg("K=%d w=%d path %d: it %d halves %d ok %d, scalar %d %d %d", K,
                             width, p, r1.it, r1.halves, r1.ok, r0.it, r0.halves, r0.ok);
                assert_memory_equal(r1.c, r0.c, (size_t)K);
                for (int h = 0; h < r0.halves; h++)
                    for (int k = 0; k < K; k++)
                        if (ref.ext[h][k] != got.ext[h][k])
                            fail_msg("K=%d w=%d path %d half %d: ext[%d] = %d, scalar %d", K,
                                     width, p, h + 1, k, got.ext[h][k], ref.ext[h][k]);
            }
            if (r0.ok)
                hist[r0.halves]++;
            else
                never++;
        }
        for (int p = 0; p < np; p++)
            lte_turbo_fx_destroy(dec[p]);
    }
    print_message("stops after half:");
    for (int h = 1; h <= 2 * MAXIT; h++)
        if (hist[h])
            print_message(" %d: %d", h, hist[h]);
    print_message("; never: %d\n", never);
    assert_true(hist[1] > 0 && never > 0);
    int later_odd = 0, even = 0;
    for (int h = 2; h <= 2 * MAXIT; h++)
        h % 2 ? (later_odd += hist[h]) : (even += hist[h]);
    assert_true(later_odd > 0 && even > 0);
}

/* ---- Transport blocks --------------------------------------------------------- */

/* Dump counter per code block (a block is decoded on one thread). */
typedef struct tbrec {
    int n[64], bad;
} tbrec;

static void tb_dump(void *arg, int cb, int half, const void *ext, int K)
{
    (void)ext;
    (void)K;
    tbrec *t = arg;
    if (half != t->n[cb] + 1)
        t->bad = 1;
    t->n[cb] = half;
}

static void plain_rows(const void *x, int K, int P, int esz, void *out)
{
    const int L = K / P;
    for (int k = 0; k < K + 4; k++) {
        int at = k < K ? k % L * P + k / L : k;
        memcpy((char *)out + (size_t)at * esz, (const char *)x + (size_t)k * esz, (size_t)esz);
    }
}

static void test_tb(void **state)
{
    (void)state;
    enum { NCB = 30 };
    static cw w[NCB];
    static int16_t rows[NCB][3][KMAX + 64] __attribute__((aligned(64)));
    static uint8_t out[NCB][KMAX];
    static result alone;
    tu_rng r;
    tu_rng_seed(&r, 77);
    lte_simd_path paths[3];
    const int np = tu_paths(paths);
    int K[NCB];
    /* 13 x 5824 (one per lane row at w = 8), 9 x 40 (P = 1, one group), 4 x
     * 1024, 4 x 512: SNRs mixed inside each group */
    for (int i = 0; i < NCB; i++) {
        K[i] = i < 13 ? 5824 : i < 22 ? 40 : i < 26 ? 1024 : 512;
        const double ebn0 = (K[i] < 100 ? 1.5 : 0.0) + (i % 4 == 0 ? -0.5 : 0.4 + 0.4 * (i % 4));
        make_cw_crc(&r, &w[i], K[i], i == 0 ? 16 : 0, LTE_CRC24B, ebn0, 0);
    }
    int hist[2 * MAXIT + 1] = {0};
    for (int width = 8; width <= 16; width += 8) {
        const int esz = width / 8;
        lte_turbo_fx *ds = make(width, LTE_SIMD_SCALAR, 0, 1, 1);
        for (int p = 0; p < np; p++)
            for (int t = 1; t <= 2; t++) {
                lte_turbo_fx *d = make(width, paths[p], 0, NCB, t);
                const void *l[3][NCB], *rl[3][NCB];
                const uint16_t *pis[NCB];
                uint8_t *cs[NCB];
                for (int i = 0; i < NCB; i++) {
                    const int P = lte_turbo_fx_layout_p(d, K[i]);
                    for (int s = 0; s < 3; s++) {
                        l[s][i] = in_of(&w[i], width, s);
                        char *at = (char *)rows[i][s] + (i == 5 ? esz : 0); /* one misaligned */
                        plain_rows(l[s][i], K[i], P, esz, at);
                        rl[s][i] = at;
                    }
                    pis[i] = w[i].pi;
                    cs[i] = out[i];
                }
                for (int layout = 0; layout < 2; layout++) {
                    int it[NCB], ok[NCB], halves[NCB];
                    static tbrec tr;
                    memset(&tr, 0, sizeof tr);
                    const int M = 5;
                    lte_turbo_fx_opts o = {M, LTE_TURBO_FX_STOP_CRC_AUTO, 0, tb_dump, &tr, 1,
                                           halves, 0};
                    memset(out, 0x55, sizeof out);
                    if (layout)
                        assert_int_equal(lte_turbo_fx_decode_tb_rows(d, NCB, rl[0], rl[1], rl[2], K,
                                                                     pis, w[0].F, &o, cs, it, ok),
                                         0);
                    else
                        assert_int_equal(lte_turbo_fx_decode_tb(d, NCB, l[0], l[1], l[2], K, pis,
                                                                w[0].F, &o, cs, it, ok),
                                         0);
                    assert_int_equal(tr.bad, 0);
                    for (int i = 0; i < NCB; i++) {
                        /* the scalar model, this block alone (CRC24B: a block of a segmented TB) */
                        lte_turbo_fx_opts oa = {M, LTE_TURBO_FX_STOP_CRC24B, 0, NULL, NULL, 1,
                                                &alone.halves, 0};
                        assert_int_equal(lte_turbo_fx_decode(ds, l[0][i], l[1][i], l[2][i], K[i],
                                                             pis[i], w[i].F, &oa, alone.c,
                                                             &alone.it, &alone.ok),
                                         0);
                        if (it[i] != alone.it || halves[i] != alone.halves || ok[i] != alone.ok)
                            fail_msg("path %d w=%d t=%d layout %d block %d: it %d halves %d ok "
                                     "%d, alone %d %d %d",
                                     p, width, t, layout, i, it[i], halves[i], ok[i], alone.it,
                                     alone.halves, alone.ok);
                        assert_memory_equal(out[i], alone.c, (size_t)K[i]);
                        assert_int_equal(tr.n[i], halves[i]);
                        if (p == 0 && t == 1 && layout == 0)
                            hist[alone.ok ? alone.halves : 0]++;
                    }
                }
                lte_turbo_fx_destroy(d);
            }
        lte_turbo_fx_destroy(ds);
    }
    print_message("TB blocks: never %d, half 1: %d, 2: %d, 3: %d, later: %d\n", hist[0], hist[1],
                  hist[2], hist[3], 2 * NCB - hist[0] - hist[1] - hist[2] - hist[3]);
    assert_true(hist[0] > 0 && hist[1] > 0 && hist[3] + hist[5] + hist[7] + hist[9] > 0);
}

/* Decoder 1 without information: the systematic values erased (all 0, as
 * in a retransmission with rv 2 received on its own), the parity clean. In
 * iteration 1 decoder 1's a-posteriori values are then all 0 and its
 * decisions the all-zero word, which every CRC (register starting at 0)
 * accepts: the half stop must not take it (model section 8), so whatever
 * passes is the sent block. And a block that really is all zero (data and
 * CRC) still decodes, judged by decoder 2 (halves 2). Every path, both
 * widths. */
static void test_no_information(void **state)
{
    (void)state;
    static cw w;
    static result got;
    tu_rng r;
    tu_rng_seed(&r, 31);
    lte_simd_path paths[3];
    const int np = tu_paths(paths);
    const int Ks[] = {512, 1024, 6144};
    int zero_word_offered = 0;
    for (int p = 0; p < np; p++)
        for (int width = 8; width <= 16; width += 8) {
            lte_turbo_fx *d = make(width, paths[p], 0, 1, 1);
            for (size_t ki = 0; ki < NELEM(Ks); ki++) {
                make_cw_crc(&r, &w, Ks[ki], 0, LTE_CRC24B, 0, 1);
                memset(w.q8[0], 0, sizeof w.q8[0]);
                memset(w.q16[0], 0, sizeof w.q16[0]);
                /* what decoder 1 alone decides in half 1: the half stop off,
                 * CRC stop off, one iteration, dumps not needed: its
                 * decisions are those of the model's half 1 (all-zero Lapp) */
                run(d, &w, width, 6, LTE_TURBO_FX_STOP_CRC24B, 0, 1, NULL, &got);
                if (got.ok)
                    assert_memory_equal(got.c, w.c, (size_t)w.K);
                assert_int_not_equal(got.halves, 1);
                zero_word_offered++;
                /* a sent all-zero block: data and CRC24B all 0 */
                memset(w.c, 0, sizeof w.c);
                assert_int_equal(lte_turbo_encode(w.c, w.K, w.pi, w.d[0], w.d[1], w.d[2]), 0);
                for (int s = 0; s < 3; s++)
                    for (int i = 0; i < w.K + 4; i++) {
                        w.q8[s][i] = (int8_t)(w.d[s][i] ? -16 : 16);
                        w.q16[s][i] = (int16_t)(w.d[s][i] ? -1024 : 1024);
                    }
                run(d, &w, width, 6, LTE_TURBO_FX_STOP_CRC24B, 0, 1, NULL, &got);
                assert_int_equal(got.ok, 1);
                assert_int_equal(got.it, 1);
                assert_int_equal(got.halves, 2);
                assert_memory_equal(got.c, w.c, (size_t)w.K);
            }
            lte_turbo_fx_destroy(d);
        }
    assert_true(zero_word_offered > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_args),     cmocka_unit_test(test_noiseless),
        cmocka_unit_test(test_continue), cmocka_unit_test(test_rule),
        cmocka_unit_test(test_bitexact), cmocka_unit_test(test_tb),
        cmocka_unit_test(test_no_information),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
