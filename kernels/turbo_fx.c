/* Fixed-point max-log-MAP turbo decoder: the scalar reference model of
 * include/ltephy/turbo_fx.h, the object, and the SIMD group driver.
 *
 * The scalar path (model_*) follows the header's sections literally on plain
 * natural-order arrays, deriving the trellis from the generator polynomials;
 * it shares nothing with the SIMD kernels but the tail metrics and the stop
 * rule, so the bit-exactness tests compare two independent implementations.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "kernels/internal.h"
#include "kernels/turbo_fx_impl.h"
#include "ltephy/crc.h"
#include "ltephy/turbo_fx.h"

#define FX_MAX_ITER 32
#define FX_DEF_SCALE 6
#define FX_DEF_LMIN 64
#define FX_DEF_ACQ 32

/* ---- Model constants -------------------------------------------------------- */

int lte_turbo_fx_in_max(int width)
{
    LTE_CHECK_ARG(width == 8 || width == 16, "width %d is not 8 or 16", width);
    return (1 << (width - 3)) - 1;
}

int lte_turbo_fx_ext_max(int width)
{
    LTE_CHECK_ARG(width == 8 || width == 16, "width %d is not 8 or 16", width);
    return (1 << (width - 2)) - 1;
}

static int def_pmax(int width) { return width == 8 ? 64 : 32; }

static int subblocks(int K, int pmax, int lmin)
{
    for (int P = pmax; P >= 2; P >>= 1)
        if (K % P == 0 && K / P >= lmin)
            return P;
    return 1;
}

int lte_turbo_fx_subblocks(int K, int width, int p_max, int l_min)
{
    LTE_CHECK_ARG(width == 8 || width == 16, "width %d is not 8 or 16", width);
    LTE_CHECK_ARG(K >= 40 && K <= 6144, "K = %d outside 40..6144", K);
    int pm = p_max ? p_max : def_pmax(width);
    LTE_CHECK_ARG(pm >= 1 && pm <= def_pmax(width) && (pm & (pm - 1)) == 0,
                  "p_max = %d is not a power of two <= %d", p_max, def_pmax(width));
    int lm = l_min ? l_min : FX_DEF_LMIN;
    LTE_CHECK_ARG(lm >= 8, "l_min = %d below 8", l_min);
    return subblocks(K, pm, lm);
}

int lte_turbo_fx_quantize(const float *in, int n, float scale, int width, void *out)
{
    LTE_CHECK_ARG(width == 8 || width == 16, "width %d is not 8 or 16", width);
    LTE_CHECK_ARG(in && out, "NULL argument");
    LTE_CHECK_ARG(n >= 0, "n = %d negative", n);
    LTE_CHECK_ARG(scale > 0.0f, "scale %g not positive", (double)scale);
    const float A = (float)((1 << (width - 3)) - 1);
    for (int i = 0; i < n; i++) {
        float v = in[i] * scale;
        v = v > A ? A : v < -A ? -A : v; /* clip first: no overflow, NaN -> -A */
        int q = (int)(v < 0 ? v - 0.5f : v + 0.5f);
        if (width == 8)
            ((int8_t *)out)[i] = (int8_t)q;
        else
            ((int16_t *)out)[i] = (int16_t)q;
    }
    return 0;
}

/* ---- The scalar model ------------------------------------------------------- */

typedef struct fxm {
    int w, lo, hi; /* width, saturation limits */
    int ain, ae;   /* A_in, A_e */
    int m;         /* extrinsic scale m/8 */
    int8_t ns[8][2], z[8][2]; /* trellis (section 2), derived at create */
} fxm;

static inline int sat(const fxm *f, int x) { return x < f->lo ? f->lo : x > f->hi ? f->hi : x; }
static inline int clip(int x, int a) { return x < -a ? -a : x > a ? a : x; }
static inline int floor_shift(int x, int n) { return x >= 0 ? x >> n : -((-x + (1 << n) - 1) >> n); }

/* Section 2: the RSC trellis from the generator polynomials. */
static inline void trellis(int s, int c, int *ns, int *z)
{
    int d1 = s >> 2, d2 = (s >> 1) & 1, d3 = s & 1;
    int a = c ^ d2 ^ d3;
    *z = a ^ d1 ^ d3;
    *ns = 4 * a + 2 * d1 + d2;
}

static inline int soft(const void *p, int w, int i)
{
    return w == 8 ? ((const int8_t *)p)[i] : ((const int16_t *)p)[i];
}

/* Natural element k < K of a stream in the row layout of P lanes (turbo_fx.h
 * implementation notes; rp = 0: natural order). */
static inline int soft_in(const void *p, int w, int k, int K, int rp)
{
    if (rp) {
        const int L = K / rp;
        k = k % L * rp + k / L;
    }
    return soft(p, w, k);
}

/* Section 6: beta at step K from the three tail steps of decoder dec (1, 2). */
static void tail_beta(const fxm *f, const void *l0, const void *l1, const void *l2, int K, int dec,
                      int beta[8])
{
    int o = dec == 1 ? 0 : 2;
    int xs[3] = {soft(l0, f->w, K + o), soft(l2, f->w, K + o), soft(l1, f->w, K + o + 1)};
    int zp[3] = {soft(l1, f->w, K + o), soft(l0, f->w, K + o + 1), soft(l2, f->w, K + o + 1)};
    for (int s = 0; s < 8; s++)
        beta[s] = s == 0 ? 0 : f->lo;
    for (int t = 2; t >= 0; t--) {
        int x = clip(xs[t], f->ain), zz = clip(zp[t], f->ain);
        int nb[8], mx = f->lo;
        for (int s = 0; s < 8; s++) {
            int d1 = s >> 2, d2 = (s >> 1) & 1, d3 = s & 1;
            int c = d2 ^ d3, z = d1 ^ d3; /* the tail input that feeds a = 0 */
            int g = (c == 0 ? x : 0) + (z == 0 ? zz : 0);
            nb[s] = sat(f, beta[s >> 1] + g);
            mx = nb[s] > mx ? nb[s] : mx;
        }
        for (int s = 0; s < 8; s++)
            beta[s] = sat(f, nb[s] - mx);
    }
}

static inline int branch(const fxm *f, int c, int z, int A, int p)
{
    return sat(f, (c == 0 ? A : 0) + (z == 0 ? p : 0));
}

/* Section 4: one forward step alpha_k -> alpha_k+1, in place. */
static void fwd_step(const fxm *f, int al[8], int A, int p)
{
    int nal[8], mx = INT32_MIN;
    for (int s = 0; s < 8; s++)
        nal[s] = INT32_MIN;
    for (int s = 0; s < 8; s++)
        for (int c = 0; c < 2; c++) {
            const int ns = f->ns[s][c], z = f->z[s][c];
            int v = sat(f, al[s] + branch(f, c, z, A, p));
            nal[ns] = v > nal[ns] ? v : nal[ns];
        }
    for (int s = 0; s < 8; s++)
        mx = nal[s] > mx ? nal[s] : mx;
    for (int s = 0; s < 8; s++)
        al[s] = sat(f, nal[s] - mx);
}

/* Section 4: one backward step beta_k+1 -> beta_k, in place. */
static void bwd_step(const fxm *f, int be[8], int A, int p)
{
    int nbe[8], mx = INT32_MIN;
    for (int s = 0; s < 8; s++) {
        nbe[s] = INT32_MIN;
        for (int c = 0; c < 2; c++) {
            const int ns = f->ns[s][c], z = f->z[s][c];
            int v = sat(f, be[ns] + branch(f, c, z, A, p));
            nbe[s] = v > nbe[s] ? v : nbe[s];
        }
    }
    for (int s = 0; s < 8; s++)
        mx = nbe[s] > mx ? nbe[s] : mx;
    for (int s = 0; s < 8; s++)
        be[s] = sat(f, nbe[s] - mx);
}

/* One half-iteration (sections 3-6) on natural-order arrays of this decoder.
 * abnd[j]: alpha at step jL - D (j >= 1; abnd[0] = the known start),
 * bbnd[j]: beta at step (j+1)L + D (j < P-1; bbnd[P-1] = the tail metrics);
 * both replaced by what this half-iteration computed there (NII). */
static void model_siso(const fxm *f, int K, int P, int D, const int16_t *ls, const int16_t *lp,
                       const int16_t *la, int (*abnd)[8], int (*bbnd)[8], int16_t *ext,
                       uint8_t *hard, int *alpha, int (*aend)[8], int (*bstart)[8])
{
    const int L = K / P;
    for (int j = 0; j < P; j++) {
        int al[8], be[8];
        memcpy(al, abnd[j], sizeof al);
        if (j > 0) /* acquisition: D steps of sub-block j-1's range */
            for (int k = j * L - D; k < j * L; k++)
                fwd_step(f, al, sat(f, ls[k] + la[k]), lp[k]);
        for (int i = 0; i < L; i++) {
            int k = j * L + i;
            if (i == L - D && D > 0)
                memcpy(aend[j], al, sizeof al);
            memcpy(alpha + 8 * i, al, sizeof al);
            fwd_step(f, al, sat(f, ls[k] + la[k]), lp[k]);
        }
        if (D == 0)
            memcpy(aend[j], al, sizeof al);
        memcpy(be, bbnd[j], sizeof be);
        if (j < P - 1)
            for (int k = (j + 1) * L + D - 1; k >= (j + 1) * L; k--)
                bwd_step(f, be, sat(f, ls[k] + la[k]), lp[k]);
        for (int i = L - 1; i >= 0; i--) {
            int k = j * L + i;
            int A = sat(f, ls[k] + la[k]), p = lp[k];
            const int *a = alpha + 8 * i;
            int T[2][2] = {{INT32_MIN, INT32_MIN}, {INT32_MIN, INT32_MIN}};
            for (int s = 0; s < 8; s++)
                for (int c = 0; c < 2; c++) {
                    const int ns = f->ns[s][c], z = f->z[s][c];
                    int t = sat(f, a[s] + be[ns]);
                    T[c][z] = t > T[c][z] ? t : T[c][z];
                }
            int m0 = sat(f, T[0][0] + p), m1 = sat(f, T[1][0] + p);
            m0 = m0 > T[0][1] ? m0 : T[0][1];
            m1 = m1 > T[1][1] ? m1 : T[1][1];
            int le = sat(f, m0 - m1);
            ext[k] = (int16_t)clip(floor_shift(le * f->m + 4, 3), f->ae);
            if (hard)
                hard[k] = A + le < 0;
            bwd_step(f, be, A, p);
            if (i == D)
                memcpy(bstart[j], be, sizeof be);
        }
    }
    for (int j = 1; j < P; j++)
        memcpy(abnd[j], aend[j - 1], sizeof abnd[j]);
    for (int j = 0; j + 1 < P; j++)
        memcpy(bbnd[j], bstart[j + 1], sizeof bbnd[j]);
}

/* ---- Stop rule (section 8), shared by all paths ------------------------------ */

static int stop_crc_type(lte_turbo_fx_stop s, int ncb)
{
    if (s == LTE_TURBO_FX_STOP_CRC_AUTO)
        s = ncb == 1 ? LTE_TURBO_FX_STOP_CRC24A : LTE_TURBO_FX_STOP_CRC24B;
    return s == LTE_TURBO_FX_STOP_CRC24A ? LTE_CRC24A : s == LTE_TURBO_FX_STOP_CRC24B ? LTE_CRC24B : -1;
}

/* 1 if CRC stopping is on and c[F..K-1] checks. */
static int crc_checks(int crc_type, const uint8_t *c, int K, int F)
{
    return crc_type >= 0 && K - F > 24 && lte_crc_check((lte_crc_type)crc_type, c + F, K - F) == 1;
}

/* Section 8's stop after half-iteration 1: decoder 1's decisions c[F..K-1]
 * pass the CRC and are not all 0. The CRC register starts at 0, so the
 * all-zero word always checks; decoder 1 alone without information (no
 * systematic values, e.g. a retransmission with rv 2 received on its own,
 * its windows' states unknown in iteration 1) has every a-posteriori value 0
 * and decides exactly that word. Such a block goes on to decoder 2, whose
 * CRC check judges as before (an all-zero block that is really sent then
 * stops there). */
static int half_checks(int crc_type, const uint8_t *c, int K, int F)
{
    return crc_checks(crc_type, c, K, F) && memchr(c + F, 1, (size_t)(K - F)) != NULL;
}

/* Returns 1 to stop after iteration n; sets *crc_ok. prev holds the previous
 * iteration's bits (updated here when stability is on). */
static int stop_now(int crc_type, int stable, const uint8_t *c, uint8_t *prev, int K, int F, int n,
                    int max_iter, int *crc_ok)
{
    *crc_ok = 0;
    if (crc_checks(crc_type, c, K, F)) {
        *crc_ok = 1;
        return 1;
    }
    if (stable) {
        int same = n >= 2 && memcmp(prev, c, (size_t)K) == 0;
        memcpy(prev, c, (size_t)K);
        if (same)
            return 1;
    }
    return n >= max_iter;
}

/* ---- Object ------------------------------------------------------------------ */

/* Per-thread workspace: scalar model arrays and one SIMD group's rows. */
typedef struct fx_ws {
    /* scalar model */
    int16_t *ls1, *lp1, *ls2, *lp2, *la, *ext1, *ext2;
    uint8_t *hard, *prev;
    int *alpha;
    int (*abnd)[8], (*bbnd)[8], (*aend)[8], (*bstart)[8]; /* [2*64] / [64] */
    /* SIMD group */
    char *sys1, *par1, *sys2, *par2, *x1, *x2, *abuf, *alph, *idxl_f, *idxl_i, *idxb_f, *idxb_i;
    char *ainit, *binit, *saend, *sbstart; /* ainit/binit: [2][8] rows */
    char *m0, *mlast, *aknown, *bknown;    /* 1, 1, 8, [2][8] rows */
    char *happ;       /* [lmax] rows: decoder 2's Lapp (section 5) */
    uint64_t *hbits;  /* [lmax] their signs in natural order: bit lane of row i */
    uint16_t *src_f, *src_i, *pinv;
    uint8_t *gprev; /* [64 * lmax] previous bits of each block of the group */
    uint16_t *pikey; /* permutation the gather tables were built for */
    uint64_t *crcmask; /* [lmax][24] half_stop syndrome masks (crc_tables) */
    uint32_t *crcpow;  /* [k_max] x^e mod g(x) */
    int crc_key_k, crc_key_type; /* K and CRC of those tables (0: none) */
    int crc_want_k, crc_want_type; /* the last K and CRC asked for, in call crc_want_call */
    uint64_t crc_want_call;
    int key_k, key_g; /* K and G of the tables (0: none) */
    const uint16_t *key_pi; /* pi they were last checked against, in call key_call */
    uint64_t key_call;
    char *dumpbuf;  /* k_max elements */
} fx_ws;

struct lte_turbo_fx {
    int width, esz, m, pmax, lmin, acq, k_max, max_cbs, threads, lmax;
    lte_simd_path path;
    fx_kernel_fn kernel, perm, signs;
    fx_load_fn load, copy; /* rows from natural-order / row-layout streams */
    fx_inrange_fn inrange;
    fx_unpack_fn unpack;
    fx_syn_fn syn;
    int load_chunk; /* lanes per call unit of load: P must be a multiple */
    uint64_t call;  /* decode calls so far: within one, a pi pointer's contents cannot change */
    fxm f;
    fx_ws *ws;
    void *block;
};

void lte_turbo_fx_destroy(lte_turbo_fx *dec)
{
    if (!dec)
        return;
    lte_free(dec->block);
    lte_free(dec);
}

/* Carve arrays from one block; a 64-byte gap after each keeps arrays that are
 * walked in lock-step from sharing cache sets at power-of-two strides. */
typedef struct carver {
    char *base;
    size_t off;
} carver;

static void *carve(carver *cv, size_t bytes)
{
    size_t o = cv->off;
    cv->off += (bytes + 63) / 64 * 64 + 64;
    return cv->base ? cv->base + o : NULL;
}

static void layout_ws(carver *cv, fx_ws *w, int k_max, int lmax)
{
    size_t K = (size_t)k_max, rows = (size_t)lmax * FX_ROW;
    w->ls1 = carve(cv, K * 2);
    w->lp1 = carve(cv, K * 2);
    w->ls2 = carve(cv, K * 2);
    w->lp2 = carve(cv, K * 2);
    w->la = carve(cv, K * 2);
    w->ext1 = carve(cv, K * 2);
    w->ext2 = carve(cv, K * 2);
    w->hard = carve(cv, K);
    w->prev = carve(cv, K);
    w->alpha = carve(cv, K * 8 * sizeof(int));
    w->abnd = carve(cv, 2 * 64 * sizeof(int[8]));
    w->bbnd = carve(cv, 2 * 64 * sizeof(int[8]));
    w->aend = carve(cv, 64 * sizeof(int[8]));
    w->bstart = carve(cv, 64 * sizeof(int[8]));
    w->sys1 = carve(cv, rows);
    w->par1 = carve(cv, rows);
    w->sys2 = carve(cv, rows);
    w->par2 = carve(cv, rows);
    w->x1 = carve(cv, rows);
    w->x2 = carve(cv, rows);
    w->abuf = carve(cv, rows);
    w->alph = carve(cv, rows * 8);
    w->idxl_f = carve(cv, rows);
    w->idxl_i = carve(cv, rows);
    w->idxb_f = carve(cv, rows);
    w->idxb_i = carve(cv, rows);
    w->ainit = carve(cv, 16 * FX_ROW);
    w->binit = carve(cv, 16 * FX_ROW);
    w->saend = carve(cv, 8 * FX_ROW);
    w->m0 = carve(cv, FX_ROW);
    w->mlast = carve(cv, FX_ROW);
    w->aknown = carve(cv, 8 * FX_ROW);
    w->bknown = carve(cv, 16 * FX_ROW);
    w->sbstart = carve(cv, 8 * FX_ROW);
    w->happ = carve(cv, rows);
    w->hbits = carve(cv, (size_t)lmax * 8);
    w->src_f = carve(cv, (size_t)lmax * 2);
    w->src_i = carve(cv, (size_t)lmax * 2);
    w->pinv = carve(cv, K * 2);
    w->pikey = carve(cv, K * 2);
    w->gprev = carve(cv, (size_t)64 * lmax);
    w->crcmask = carve(cv, (size_t)lmax * 24 * 8);
    w->crcpow = carve(cv, K * 4);
    w->dumpbuf = carve(cv, K * 2);
}

int lte_turbo_fx_create(const lte_turbo_fx_cfg *cfg, lte_turbo_fx **out)
{
    LTE_CHECK_ARG(cfg && out, "NULL argument");
    *out = NULL;
    LTE_CHECK_ARG(cfg->width == 8 || cfg->width == 16, "width %d is not 8 or 16", cfg->width);
    LTE_CHECK_ARG(cfg->k_max >= 40 && cfg->k_max <= 6144, "k_max = %d outside 40..6144",
                  cfg->k_max);
    LTE_CHECK_ARG(cfg->ext_scale_q3 >= 0 && cfg->ext_scale_q3 <= 8,
                  "ext_scale_q3 = %d outside 1..8 (0 = default)", cfg->ext_scale_q3);
    int pm = cfg->p_max ? cfg->p_max : def_pmax(cfg->width);
    LTE_CHECK_ARG(pm >= 1 && pm <= def_pmax(cfg->width) && (pm & (pm - 1)) == 0,
                  "p_max = %d is not a power of two <= %d", cfg->p_max, def_pmax(cfg->width));
    LTE_CHECK_ARG(cfg->l_min == 0 || cfg->l_min >= 8, "l_min = %d below 8", cfg->l_min);
    LTE_CHECK_ARG(cfg->acq >= -1 && cfg->acq <= 6144, "acq = %d outside -1..6144", cfg->acq);
    LTE_CHECK_ARG(cfg->max_cbs >= 0 && cfg->max_cbs <= 1024, "max_cbs = %d outside 0..1024",
                  cfg->max_cbs);
    LTE_CHECK_ARG(cfg->threads >= 0 && cfg->threads <= 256, "threads = %d outside 0..256",
                  cfg->threads);
    int path = lte_simd_pick(cfg->path);
    if (path < 0)
        return path;

    lte_turbo_fx *d = lte_alloc(sizeof(*d));
    if (!d)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "decoder object");
    d->width = cfg->width;
    d->call = 0;
    d->esz = cfg->width / 8;
    d->m = cfg->ext_scale_q3 ? cfg->ext_scale_q3 : FX_DEF_SCALE;
    d->pmax = pm;
    d->lmin = cfg->l_min ? cfg->l_min : FX_DEF_LMIN;
    d->acq = cfg->acq < 0 ? 0 : cfg->acq ? cfg->acq : FX_DEF_ACQ;
    d->k_max = cfg->k_max;
    d->max_cbs = cfg->max_cbs ? cfg->max_cbs : 1;
    d->threads = cfg->threads ? cfg->threads : 1;
    d->path = (lte_simd_path)path;
    d->f.w = cfg->width;
    d->f.lo = -(1 << (cfg->width - 1));
    d->f.hi = (1 << (cfg->width - 1)) - 1;
    d->f.ain = (1 << (cfg->width - 3)) - 1;
    d->f.ae = (1 << (cfg->width - 2)) - 1;
    d->f.m = d->m;
    for (int s = 0; s < 8; s++)
        for (int c = 0; c < 2; c++) {
            int ns, z;
            trellis(s, c, &ns, &z);
            d->f.ns[s][c] = (int8_t)ns;
            d->f.z[s][c] = (int8_t)z;
        }
    d->kernel = d->perm = d->signs = NULL;
    d->load = d->copy = NULL;
    d->inrange = NULL;
    d->unpack = lte_turbo_fx_unpack;
    d->syn = NULL;
    if (path == LTE_SIMD_AVX2) {
        d->kernel = cfg->width == 8 ? lte_turbo_fx_half8_avx2 : lte_turbo_fx_half16_avx2;
        d->perm = cfg->width == 8 ? lte_turbo_fx_perm8_avx2 : lte_turbo_fx_perm16_avx2;
        d->signs = cfg->width == 8 ? lte_turbo_fx_signs8_avx2 : lte_turbo_fx_signs16_avx2;
        d->load = cfg->width == 8 ? lte_turbo_fx_rows8_avx2 : lte_turbo_fx_rows16_avx2;
        d->copy = cfg->width == 8 ? lte_turbo_fx_copy8_avx2 : lte_turbo_fx_copy16_avx2;
        d->inrange = lte_turbo_fx_inrange_avx2;
        d->load_chunk = cfg->width == 8 ? 32 : 16;
        d->unpack = lte_turbo_fx_unpack_avx2;
        d->syn = lte_turbo_fx_syn_avx2;
    } else if (path == LTE_SIMD_AVX512) {
        d->kernel = cfg->width == 8 ? lte_turbo_fx_half8_avx512 : lte_turbo_fx_half16_avx512;
        d->perm = cfg->width == 8 ? lte_turbo_fx_perm8_avx512 : lte_turbo_fx_perm16_avx512;
        d->signs = cfg->width == 8 ? lte_turbo_fx_signs8_avx512 : lte_turbo_fx_signs16_avx512;
        d->load = cfg->width == 8 ? lte_turbo_fx_rows8_avx512 : lte_turbo_fx_rows16_avx512;
        d->copy = cfg->width == 8 ? lte_turbo_fx_copy8_avx512 : lte_turbo_fx_copy16_avx512;
        d->inrange = lte_turbo_fx_inrange_avx512;
        d->load_chunk = 16;
        d->unpack = lte_turbo_fx_unpack_avx512;
        d->syn = lte_turbo_fx_syn_avx512;
    }
    /* longest sub-block over every K the object may see (any multiple of 8) */
    d->lmax = 1;
    for (int K = 40; K <= d->k_max; K += 8) {
        int L = K / subblocks(K, d->pmax, d->lmin);
        d->lmax = L > d->lmax ? L : d->lmax;
    }
    carver cv = {NULL, 0};
    cv.off = ((size_t)d->threads * sizeof(fx_ws) + 63) / 64 * 64;
    size_t ws_off = cv.off;
    for (int t = 0; t < d->threads; t++) {
        fx_ws tmp;
        layout_ws(&cv, &tmp, d->k_max, d->lmax);
    }
    d->block = lte_alloc(cv.off);
    if (!d->block) {
        lte_free(d);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "%zu bytes of workspace", cv.off);
    }
    memset(d->block, 0, cv.off);
    d->ws = (fx_ws *)d->block;
    cv.base = d->block;
    cv.off = ws_off;
    for (int t = 0; t < d->threads; t++)
        layout_ws(&cv, &d->ws[t], d->k_max, d->lmax);
    *out = d;
    return 0;
}

/* ---- Scalar path: one code block through the model --------------------------- */

/* Section 6: acquisition length D = min(acq, L), 0 without sub-blocks. */
static int acq_len(const lte_turbo_fx *d, int K, int P)
{
    return P == 1 ? 0 : LTE_MIN(d->acq, K / P);
}

static void do_dump(const lte_turbo_fx_opts *o, const fxm *f, char *buf, int cb, int half,
                    const int16_t *ext, int K)
{
    if (f->w == 8)
        for (int k = 0; k < K; k++)
            ((int8_t *)buf)[k] = (int8_t)ext[k];
    else
        memcpy(buf, ext, (size_t)K * 2);
    o->dump(o->dump_arg, cb, half, buf, K);
}

/* in_rows: l0, l1, l2 in the row layout (the tail, read by tail_beta, is
 * where natural order has it). halves: NULL or out (section 8). */
static void model_decode(const lte_turbo_fx *d, fx_ws *w, int cb, const void *l0, const void *l1,
                         const void *l2, int K, const uint16_t *pi, int F, int crc_type,
                         const lte_turbo_fx_opts *o, int in_rows, uint8_t *c, int *iters,
                         int *crc_ok, int *halves)
{
    /* section 8: decoder 1's hard decisions are checked after half 1 */
    const int half_stop = o->half_stop && crc_type >= 0;
    const fxm *f = &d->f;
    const int P = subblocks(K, d->pmax, d->lmin), D = acq_len(d, K, P), rp = in_rows ? P : 0;
    for (int k = 0; k < K; k++) {
        w->ls1[k] = (int16_t)clip(soft_in(l0, f->w, k, K, rp), f->ain);
        w->lp1[k] = (int16_t)clip(soft_in(l1, f->w, k, K, rp), f->ain);
        w->ls2[k] = (int16_t)clip(soft_in(l0, f->w, pi[k], K, rp), f->ain);
        w->lp2[k] = (int16_t)clip(soft_in(l2, f->w, k, K, rp), f->ain);
        w->ext2[k] = 0;
    }
    int tb[2][8];
    tail_beta(f, l0, l1, l2, K, 1, tb[0]);
    tail_beta(f, l0, l1, l2, K, 2, tb[1]);
    int(*abnd)[8] = w->abnd, (*bbnd)[8] = w->bbnd; /* [dec*64 + j] */
    for (int dd = 0; dd < 2; dd++)
        for (int j = 0; j < P; j++)
            for (int s = 0; s < 8; s++) {
                abnd[dd * 64 + j][s] = j == 0 ? (s == 0 ? 0 : f->lo) : 0;
                bbnd[dd * 64 + j][s] = j == P - 1 ? tb[dd][s] : 0;
            }
    for (int n = 1;; n++) {
        for (int m = 0; m < K; m++)
            w->la[pi[m]] = w->ext2[m];
        model_siso(f, K, P, D, w->ls1, w->lp1, w->la, abnd, bbnd, w->ext1,
                   half_stop ? w->hard : NULL, w->alpha, w->aend, w->bstart);
        if (o->dump)
            do_dump(o, f, w->dumpbuf, cb, 2 * n - 1, w->ext1, K);
        if (half_stop) { /* decoder 1 works in natural order: c[k] = hard[k] */
            memcpy(c, w->hard, (size_t)K);
            if (half_checks(crc_type, c, K, F)) {
                *iters = n;
                *crc_ok = 1;
                if (halves)
                    *halves = 2 * n - 1;
                return;
            }
        }
        for (int m = 0; m < K; m++)
            w->la[m] = w->ext1[pi[m]];
        model_siso(f, K, P, D, w->ls2, w->lp2, w->la, abnd + 64, bbnd + 64, w->ext2, w->hard,
                   w->alpha, w->aend, w->bstart);
        if (o->dump)
            do_dump(o, f, w->dumpbuf, cb, 2 * n, w->ext2, K);
        for (int m = 0; m < K; m++)
            c[pi[m]] = w->hard[m];
        if (stop_now(crc_type, o->stable_stop, c, w->prev, K, F, n, o->max_iter, crc_ok)) {
            *iters = n;
            if (halves)
                *halves = 2 * n;
            return;
        }
    }
}

/* ---- SIMD path: a group of G blocks of one K side by side -------------------- */

static inline void put_el(char *row, int esz, int lane, int v)
{
    if (esz == 1)
        ((int8_t *)row)[lane] = (int8_t)v;
    else
        ((int16_t *)row)[lane] = (int16_t)v;
}

static inline int get_el(const char *row, int esz, int lane)
{
    return esz == 1 ? ((const int8_t *)row)[lane] : ((const int16_t *)row)[lane];
}

/* Gather tables of one direction: step i of the reading decoder, lane (g, j),
 * reads position perm(i + jL) of the other decoder's layout = row perm % L,
 * lane g*P + perm / L. Returns LTE_EINVAL if perm is not contention-free. */
static int build_gather(const uint16_t *perm, int L, int P, int G, int esz, uint16_t *src,
                        char *idxl, char *idxb)
{
    const int lanes = FX_ROW / esz;
    for (int i = 0; i < L; i++) {
        int q = perm[i] % L;
        src[i] = (uint16_t)q;
        char *rl = idxl + (size_t)i * FX_ROW;
        uint8_t *rb = (uint8_t *)idxb + (size_t)i * FX_ROW;
        for (int lane = 0; lane < lanes; lane++) {
            int s = lane;
            if (lane < G * P) {
                int g = lane / P, j = lane % P;
                int v = perm[i + j * L];
                if (v % L != q)
                    return lte_error_set_fn(LTE_EINVAL, "lte_turbo_fx_decode",
                                            "pi is not contention-free for P = %d", P);
                s = g * P + v / L;
            }
            if (esz == 1) {
                ((uint8_t *)rl)[lane] = (uint8_t)s;
                rb[lane] = (uint8_t)s;
            } else {
                ((uint16_t *)rl)[lane] = (uint16_t)s;
                rb[2 * lane] = (uint8_t)(2 * s);
                rb[2 * lane + 1] = (uint8_t)(2 * s + 1);
            }
        }
    }
    return 0;
}

/* Rows (decoder order i + jL) of block g to a sequence for the dump hook. */
static void rows_to_seq(const char *rows, int esz, int L, int P, int g, char *out)
{
    for (int j = 0; j < P; j++)
        for (int i = 0; i < L; i++) {
            int v = get_el(rows + (size_t)i * FX_ROW, esz, g * P + j);
            if (esz == 1)
                ((int8_t *)out)[j * L + i] = (int8_t)v;
            else
                ((int16_t *)out)[j * L + i] = (int16_t)v;
        }
}

/* NII (section 6) after a half-iteration: the boundary metrics a sub-block
 * produced become its neighbour's starting metrics for the next iteration. */
static void nii_update(fx_ws *w, int dec, int esz, int P, int G)
{
    if (P == 1)
        return;
    char *ai = w->ainit + (size_t)dec * 8 * FX_ROW, *bi = w->binit + (size_t)dec * 8 * FX_ROW;
    const size_t n = (size_t)(P - 1) * esz;
    for (int s = 0; s < 8; s++) {
        char *ar = ai + (size_t)s * FX_ROW, *br = bi + (size_t)s * FX_ROW;
        const char *ae = w->saend + (size_t)s * FX_ROW, *bs = w->sbstart + (size_t)s * FX_ROW;
        for (int g = 0; g < G; g++) {
            const size_t o = (size_t)g * P * esz;
            memcpy(ar + o + esz, ae + o, n); /* lanes j >= 1 take j - 1 */
            memcpy(br + o, bs + o + esz, n); /* lanes j <= P-2 take j + 1 */
        }
    }
}

/* Transpose block g of a natural-order soft-value stream into rows (lane
 * g*P + j, row i = position jL + i), clipped to A_in. */
#define LOAD_ROWS(T)                                                                    \
    static void load_rows_##T(const void *src_, int L, int P, int g, int ain, char *rows) \
    {                                                                                   \
        const T *src = src_;                                                            \
        if (P == 1) { /* small K: one lane per block */                               \
            T *dst = (T *)(void *)rows + g;                                             \
            for (int i = 0; i < L; i++) {                                               \
                int v = src[i];                                                         \
                dst[(size_t)i * (FX_ROW / sizeof(T))] = (T)(v < -ain ? -ain : v > ain ? ain : v); \
            }                                                                           \
            return;                                                                     \
        }                                                                               \
        for (int i = 0; i < L; i++) {                                                   \
            T *dst = (T *)(void *)(rows + (size_t)i * FX_ROW) + g * P;                  \
            for (int j = 0; j < P; j++) {                                               \
                int v = src[j * L + i];                                                 \
                dst[j] = (T)(v < -ain ? -ain : v > ain ? ain : v);                      \
            }                                                                           \
        }                                                                               \
    }
LOAD_ROWS(int8_t)
LOAD_ROWS(int16_t)

/* The same from a row-layout stream: row i is src[i P .. i P + P - 1]. */
#define COPY_ROWS(T)                                                                    \
    static void copy_rows_##T(const void *src_, int L, int P, int g, int ain, char *rows) \
    {                                                                                   \
        const T *src = src_;                                                            \
        for (int i = 0; i < L; i++) {                                                   \
            T *dst = (T *)(void *)(rows + (size_t)i * FX_ROW) + g * P;                  \
            for (int j = 0; j < P; j++) {                                               \
                int v = src[(size_t)i * P + j];                                         \
                dst[j] = (T)(v < -ain ? -ain : v > ain ? ain : v);                      \
            }                                                                           \
        }                                                                               \
    }
COPY_ROWS(int8_t)
COPY_ROWS(int16_t)


/* Bits 0..7 of b to bytes 0..7 (0/1); even and odd bits apart, so that the
 * shifted copies the product adds never carry into each other. */
static inline uint64_t spread8(unsigned b)
{
    const uint64_t m = 0x02040810204081ULL; /* b << 7t: bit t lands on bit 8t */
    return (((b & 0x55u) * m) | ((b & 0xAAu) * m)) & 0x0101010101010101ULL;
}

/* 8x8 bit matrix in a word, byte r = row r, bit c = column c: transposed. */
static inline uint64_t transpose8(uint64_t x)
{
    uint64_t t;
    t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAULL;
    x = x ^ t ^ (t << 7);
    t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCULL;
    x = x ^ t ^ (t << 14);
    t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0ULL;
    return x ^ t ^ (t << 28);
}

/* Hard bits from the natural-order sign words (turbo_fx_impl.h): eight rows
 * by eight sub-blocks at a time, a bit transpose turning each sub-block's
 * eight bits into one byte. */
void lte_turbo_fx_unpack(const uint64_t *bits, int L, int P, int g, uint8_t *c)
{
    int i = 0;
    for (; i + 8 <= L; i += 8) {
        const uint64_t *b = bits + i;
        for (int j0 = 0; j0 < P; j0 += 8) {
            const int sh = g * P + j0, nj = LTE_MIN(8, P - j0);
            uint64_t x = 0;
            for (int r = 0; r < 8; r++)
                x |= (b[r] >> sh & 0xFF) << (8 * r);
            x = transpose8(x); /* byte j = sub-block j0 + j, bit r = row i + r */
            for (int j = 0; j < nj; j++) {
                uint64_t v = spread8((unsigned)(x >> (8 * j)) & 0xFF);
                memcpy(c + (size_t)(j0 + j) * L + i, &v, 8);
            }
        }
    }
    for (; i < L; i++)
        for (int j = 0; j < P; j++)
            c[(size_t)j * L + i] = (uint8_t)(bits[i] >> (g * P + j) & 1);
}

/* Section 8 with half_stop on the SIMD paths: the CRC of decoder 1's
 * decisions straight from the sign words, before any unpacking. The CRC
 * register starts at zero, so c[F..K-1] checks iff the remainder of
 * sum_{F <= k < K} c[k] x^(K-1-k) by g(x) is zero (36.212 §5.1.1), and bit
 * k = jL + i is bit gP + j of bits[i]: remainder bit t = the parity, over
 * rows i and sub-blocks j, of that bit AND bit t of x^(K-1-jL-i) mod g(x).
 * The tables hold those bits per row and lane (mask[24 i + t], lane j of
 * every block), one pass (fx_syn_fn) accumulates all lanes of the group,
 * and each block's remainder is the parity of its lanes, less the filler
 * bits' terms. Built per (K, CRC), kept between calls. */
static void crc_tables(fx_ws *w, int K, int L, int P, int crc_type)
{
    if (w->crc_key_k == K && w->crc_key_type == crc_type)
        return;
    const uint32_t g = crc_type == LTE_CRC24A ? 0x864CFBu : 0x800063u; /* D^23 .. D^0 */
    uint32_t r = 1;
    for (int e = 0; e < K; e++) {
        w->crcpow[e] = r;
        r = ((r << 1) ^ (r >> 23 & 1 ? g : 0)) & 0xFFFFFFu;
    }
    for (int i = 0; i < L; i++) {
        uint64_t *m = w->crcmask + (size_t)24 * i;
        memset(m, 0, 24 * sizeof *m);
        for (int j = 0; j < P; j++) {
            const uint32_t x = w->crcpow[K - 1 - j * L - i];
            uint64_t lanes = 0;
            for (int l = j; l < 64; l += P)
                lanes |= 1ULL << l;
            for (int t = 0; t < 24; t++)
                if (x >> t & 1)
                    m[t] |= lanes;
        }
    }
    w->crc_key_k = K;
    w->crc_key_type = crc_type;
}

/* Whether the syndrome tables for (K, crc_type) can be used in this call
 * (d_call): built already, or built now because an earlier call asked for
 * the same K and CRC. Building them costs about as much as a few hundred
 * block unpacks (K x 24 mask bits), so a K that comes and goes (code blocks
 * of two sizes, transport blocks of changing size) keeps using the plain
 * unpack and CRC, and only a K that recurs call after call pays for them
 * once. Either way the outputs are the same: the syndrome only saves
 * unpacking blocks whose CRC fails. */
static int crc_ready(fx_ws *w, uint64_t d_call, int K, int L, int P, int crc_type)
{
    if (w->crc_key_k == K && w->crc_key_type == crc_type)
        return 1;
    if (w->crc_want_k == K && w->crc_want_type == crc_type && w->crc_want_call != d_call) {
        crc_tables(w, K, L, P, crc_type);
        return 1;
    }
    w->crc_want_k = K;
    w->crc_want_type = crc_type;
    w->crc_want_call = d_call;
    return 0;
}

/* 1 if block g's bits (bits: the group's sign words, s: their syndrome
 * words) pass the CRC over c[F..K-1]. */
static int crc_syn_ok(const fx_ws *w, const uint64_t *bits, const uint64_t s[24], int K, int L,
                      int P, int g, int F)
{
    if (K - F <= 24)
        return 0;
    const uint64_t lm = P == 64 ? ~0ULL : ((1ULL << P) - 1) << (g * P);
    uint32_t rem = 0;
    for (int t = 0; t < 24; t++)
        rem |= (uint32_t)__builtin_parityll(s[t] & lm) << t;
    for (int k = 0; k < F; k++) /* the filler bits are not checked */
        if (bits[k % L] >> (g * P + k / L) & 1)
            rem ^= w->crcpow[K - 1 - k];
    return rem == 0;
}

typedef struct fx_blk {
    const void *l0, *l1, *l2;
    uint8_t *c;
    int *iters, *crc_ok, *halves; /* crc_ok, halves: may be NULL */
    int cb, F;
} fx_blk;

static int simd_group(const lte_turbo_fx *d, fx_ws *w, const fx_blk *blk, int G, int K,
                      const uint16_t *pi, int crc_type, const lte_turbo_fx_opts *o, int in_rows)
{
    const fxm *f = &d->f;
    const int esz = d->esz, P = subblocks(K, d->pmax, d->lmin), L = K / P, D = acq_len(d, K, P);
    const size_t rows = (size_t)L * FX_ROW;
    /* Row-layout streams of one block filling whole rows are the decoder's
     * rows already: read where they lie (64-byte aligned, and nothing for
     * the input clip to change: checked, or promised by opts.rows_clipped;
     * the acquisition's loads one element off stay inside them while D < L). */
    const char *sys1 = w->sys1, *par1 = w->par1, *par2 = w->par2;
    if (in_rows && G == 1 && P * esz == FX_ROW && D < L && d->inrange &&
        (((uintptr_t)blk[0].l0 | (uintptr_t)blk[0].l1 | (uintptr_t)blk[0].l2) & 63) == 0 &&
        (o->rows_clipped ||
         (d->inrange(blk[0].l0, K, esz, f->ain) && d->inrange(blk[0].l1, K, esz, f->ain) &&
          d->inrange(blk[0].l2, K, esz, f->ain)))) {
        sys1 = blk[0].l0;
        par1 = blk[0].l1;
        par2 = blk[0].l2;
    }
    /* the gather tables depend on (K, G, pi) only: kept between calls */
    const int same_call = w->key_call == d->call && w->key_pi == pi;
    if (w->key_k != K || w->key_g != G ||
        (!same_call && memcmp(w->pikey, pi, (size_t)K * 2) != 0)) {
        w->key_k = 0;
        for (int k = 0; k < K; k++)
            w->pinv[pi[k]] = (uint16_t)k;
        int rc = build_gather(pi, L, P, G, esz, w->src_f, w->idxl_f, w->idxb_f);
        if (rc == 0)
            rc = build_gather(w->pinv, L, P, G, esz, w->src_i, w->idxl_i, w->idxb_i);
        if (rc < 0)
            return rc;
        memcpy(w->pikey, pi, (size_t)K * 2);
        w->key_k = K;
        w->key_g = G;
    }
    w->key_pi = pi;
    w->key_call = d->call;
    /* x2 is decoder 1's first a priori (0). The other rows are written
     * before they are read, but unused lanes are cleared for determinism. */
    memset(w->x2, 0, rows);
    if (G * P * esz < FX_ROW) {
        memset(w->sys1, 0, rows);
        memset(w->par1, 0, rows);
        memset(w->sys2, 0, rows);
        memset(w->par2, 0, rows);
        memset(w->x1, 0, rows);
    }
    memset(w->ainit, 0, 16 * FX_ROW);
    memset(w->binit, 0, 16 * FX_ROW);
    memset(w->m0, 0, FX_ROW);
    memset(w->mlast, 0, FX_ROW);
    memset(w->aknown, 0, 8 * FX_ROW);
    memset(w->bknown, 0, 16 * FX_ROW);
    /* rows from the streams (NULL: read in place) */
    fx_load_fn ld = NULL;
    if (sys1 == w->sys1) {
        if (in_rows)
            ld = d->copy ? d->copy : esz == 1 ? copy_rows_int8_t : copy_rows_int16_t;
        else
            ld = d->load && P % d->load_chunk == 0 ? d->load
                 : esz == 1                         ? load_rows_int8_t
                                                    : load_rows_int16_t;
    }
    for (int g = 0; g < G; g++) {
        const fx_blk *b = &blk[g];
        if (ld) {
            ld(b->l0, L, P, g, f->ain, w->sys1);
            ld(b->l1, L, P, g, f->ain, w->par1);
            ld(b->l2, L, P, g, f->ain, w->par2);
        }
        memset(w->m0 + (size_t)g * P * esz, 0xFF, (size_t)esz);
        memset(w->mlast + (size_t)(g * P + P - 1) * esz, 0xFF, (size_t)esz);
        for (int s = 0; s < 8; s++)
            put_el(w->aknown + (size_t)s * FX_ROW, esz, g * P, s == 0 ? 0 : f->lo);
        for (int dec = 0; dec < 2; dec++) {
            int tb[8];
            tail_beta(f, b->l0, b->l1, b->l2, K, dec + 1, tb);
            for (int s = 0; s < 8; s++)
                put_el(w->bknown + (size_t)(dec * 8 + s) * FX_ROW, esz, g * P + P - 1, tb[s]);
        }
        *b->iters = 0;
        if (b->crc_ok)
            *b->crc_ok = 0;
        if (b->halves)
            *b->halves = 0;
    }
    fx_half h1 = {L,       G * P * esz, d->m,   f->ae,       sys1,    par1,    w->x2,
                  w->src_i, w->idxl_i,  (const uint8_t *)w->idxb_i, w->x1, NULL, w->abuf,
                  w->alph,  w->ainit,   w->binit, w->saend, w->sbstart, D,
                  w->m0,    w->mlast,   w->aknown, w->bknown, NULL};
    fx_half h2 = h1;
    h2.sys = w->sys2;
    h2.par = par2;
    h2.apri = w->x1;
    h2.src = w->src_f;
    h2.idx_lane = w->idxl_f;
    h2.idx_byte = (const uint8_t *)w->idxb_f;
    h2.ext = w->x2;
    h2.ainit = w->ainit + 8 * FX_ROW;
    h2.binit = w->binit + 8 * FX_ROW;
    h2.bknown = w->bknown + 8 * FX_ROW;
    /* decoder 2's systematic rows are decoder 1's, permuted like its a priori */
    fx_half hp = h2;
    hp.apri = sys1;
    hp.ext = w->sys2;
    d->perm(&hp);
    uint64_t done = 0; /* bit g: block g has stopped */
    const uint64_t all = G == 64 ? ~0ULL : (1ULL << G) - 1;
    /* decoder 2's hard decisions, gathered to natural order (section 7) */
    fx_half hs = h1;
    hs.apri = w->happ;
    hs.signs = w->hbits;
    /* section 8, half_stop: decoder 1's, in natural order already (no gather) */
    const int half_stop = o->half_stop && crc_type >= 0;
    fx_half hs1 = hs;
    hs1.src = NULL;
    h1.app = half_stop ? w->happ : NULL;
    for (int n = 1; done != all; n++) {
        d->kernel(&h1);
        nii_update(w, 0, esz, P, G);
        if (o->dump)
            for (int g = 0; g < G; g++)
                if (!(done >> g & 1)) {
                    rows_to_seq(w->x1, esz, L, P, g, w->dumpbuf);
                    o->dump(o->dump_arg, blk[g].cb, 2 * n - 1, w->dumpbuf, K);
                }
        if (half_stop) {
            uint64_t syn[24];
            d->signs(&hs1);
            const int use_syn = crc_ready(w, d->call, K, L, P, crc_type);
            if (use_syn)
                d->syn(w->hbits, w->crcmask, L, syn);
            for (int g = 0; g < G; g++) {
                if (done >> g & 1)
                    continue;
                const fx_blk *b = &blk[g];
                /* the bits only when the syndrome says they check (the CRC
                 * on them, which then agrees, stays the judge) */
                if (use_syn && !crc_syn_ok(w, w->hbits, syn, K, L, P, g, b->F))
                    continue;
                d->unpack(w->hbits, L, P, g, b->c);
                if (half_checks(crc_type, b->c, K, b->F)) {
                    done |= 1ULL << g;
                    *b->iters = n;
                    if (b->crc_ok)
                        *b->crc_ok = 1;
                    if (b->halves)
                        *b->halves = 2 * n - 1;
                }
            }
            if (done == all)
                break;
        }
        /* hard bits are only needed to stop, or at the end */
        const int hard = crc_type >= 0 || o->stable_stop || n >= o->max_iter;
        h2.app = hard ? w->happ : NULL;
        d->kernel(&h2);
        nii_update(w, 1, esz, P, G);
        /* Without the stability rule a block that is not at max_iter stops
         * only if its CRC checks: the syndrome of the sign words first, as
         * for half-iteration 1, and the bits only for a block whose syndrome
         * checks (the CRC on them, which then agrees, stays the judge). The
         * stability rule compares every iteration's bits: all unpacked. The
         * syndrome costs about a third of an unpack and CRC, so it is taken
         * from iteration 2 on, by blocks that have failed a check already
         * (at high SNR nearly every block passes in iteration 1). Either
         * way gives the same outputs. */
        const int syn_first = crc_type >= 0 && !o->stable_stop && n >= 2 && n < o->max_iter &&
                              crc_ready(w, d->call, K, L, P, crc_type);
        uint64_t syn2[24];
        if (hard)
            d->signs(&hs);
        if (syn_first)
            d->syn(w->hbits, w->crcmask, L, syn2);
        for (int g = 0; g < G; g++) {
            if (done >> g & 1)
                continue;
            const fx_blk *b = &blk[g];
            if (o->dump) {
                rows_to_seq(w->x2, esz, L, P, g, w->dumpbuf);
                o->dump(o->dump_arg, b->cb, 2 * n, w->dumpbuf, K);
            }
            if (!hard)
                continue;
            /* no stop: the bits are written when the block stops */
            if (syn_first && !crc_syn_ok(w, w->hbits, syn2, K, L, P, g, b->F))
                continue;
            d->unpack(w->hbits, L, P, g, b->c);
            int ok = 0;
            if (stop_now(crc_type, o->stable_stop, b->c, w->gprev + (size_t)g * K, K, b->F, n,
                         o->max_iter, &ok)) {
                done |= 1ULL << g;
                *b->iters = n;
                if (b->crc_ok)
                    *b->crc_ok = ok;
                if (b->halves)
                    *b->halves = 2 * n;
            }
        }
    }
    return 0;
}

/* ---- Public decode ------------------------------------------------------------ */

/* The model (section 6) needs a permutation that is contention-free for its
 * sub-blocks; the SIMD paths check this while building their gather tables,
 * the scalar path here, so that every path accepts the same inputs. */
static int check_cf(const lte_turbo_fx *d, int K, const uint16_t *pi)
{
    const int P = subblocks(K, d->pmax, d->lmin), L = K / P;
    for (int k = L; k < K; k++)
        LTE_CHECK_ARG(pi[k] % L == pi[k % L] % L, "pi is not contention-free for P = %d", P);
    return 0;
}


static int check_opts(const lte_turbo_fx_opts *o)
{
    LTE_CHECK_ARG(o != NULL, "NULL opts");
    LTE_CHECK_ARG(o->max_iter >= 1 && o->max_iter <= FX_MAX_ITER, "max_iter = %d outside 1..%d",
                  o->max_iter, FX_MAX_ITER);
    LTE_CHECK_ARG(o->stop >= LTE_TURBO_FX_STOP_NONE && o->stop <= LTE_TURBO_FX_STOP_CRC_AUTO,
                  "unknown stop rule %d", (int)o->stop);
    LTE_CHECK_ARG(o->half_stop == 0 || o->half_stop == 1, "half_stop = %d is not 0 or 1",
                  o->half_stop);
    LTE_CHECK_ARG(o->rows_clipped == 0 || o->rows_clipped == 1,
                  "rows_clipped = %d is not 0 or 1", o->rows_clipped);
    return 0;
}

static int check_k(const lte_turbo_fx *d, int K, const uint16_t *pi)
{
    LTE_CHECK_ARG(K >= 40 && K <= d->k_max && K % 8 == 0, "K = %d not a multiple of 8 in 40..%d",
                  K, d->k_max);
    LTE_CHECK_ARG(pi != NULL, "NULL pi");
    return 0;
}

/* LTE_CHECK_ARG naming the public entry point */
#define FN_CHECK(cond, ...)                                                                 \
    do {                                                                                    \
        if (!(cond))                                                                        \
            return lte_error_set_fn(LTE_EINVAL, fn, __VA_ARGS__);                           \
    } while (0)

static int decode_tb(const char *fn, lte_turbo_fx *dec, int ncb, const void *const *l0,
                     const void *const *l1, const void *const *l2, const int *K,
                     const uint16_t *const *pi, int filler, const lte_turbo_fx_opts *opts,
                     int in_rows, uint8_t *const *c, int *iterations, int *crc_ok)
{
    FN_CHECK(dec && l0 && l1 && l2 && K && pi && c && iterations, "NULL argument");
    FN_CHECK(ncb >= 1 && ncb <= dec->max_cbs, "ncb = %d outside 1..max_cbs = %d", ncb,
                  dec->max_cbs);
    int rc = check_opts(opts);
    if (rc < 0)
        return rc;
    for (int r = 0; r < ncb; r++) {
        if ((rc = check_k(dec, K[r], pi[r])) < 0)
            return rc;
        FN_CHECK(l0[r] && l1[r] && l2[r] && c[r], "NULL buffer of code block %d", r);
    }
    FN_CHECK(filler >= 0 && filler < K[0] - 24, "filler = %d outside 0..K-25", filler);
    const int crc_type = stop_crc_type(opts->stop, ncb);
    dec->call++;

    if (!dec->kernel) {
        for (int r = 0; r < ncb; r++)
            if ((rc = check_cf(dec, K[r], pi[r])) < 0)
                return rc;
#pragma omp parallel for schedule(dynamic, 1) num_threads(dec->threads) if (ncb > 1)
        for (int r = 0; r < ncb; r++) {
            int t = 0;
#ifdef _OPENMP
            t = omp_get_thread_num();
#endif
            int ok = 0;
            model_decode(dec, &dec->ws[t], r, l0[r], l1[r], l2[r], K[r], pi[r], r == 0 ? filler : 0,
                         crc_type, opts, in_rows, c[r], &iterations[r], &ok,
                         opts->halves ? &opts->halves[r] : NULL);
            if (crc_ok)
                crc_ok[r] = ok;
        }
        return 0;
    }

    /* Groups: runs of consecutive blocks with equal K and the same permutation,
     * at most lanes/P blocks each (segmentation puts equal sizes together). */
    int gstart[1025], ng = 0;
    for (int r = 0; r < ncb;) {
        int P = subblocks(K[r], dec->pmax, dec->lmin), gmax = FX_ROW / dec->esz / P;
        int e = r + 1;
        while (e < ncb && e - r < gmax && K[e] == K[r] &&
               (pi[e] == pi[r] || memcmp(pi[e], pi[r], (size_t)K[r] * 2) == 0))
            e++;
        gstart[ng++] = r;
        r = e;
    }
    gstart[ng] = ncb;
    int err = 0;
#pragma omp parallel for schedule(dynamic, 1) num_threads(dec->threads) if (ng > 1)
    for (int gi = 0; gi < ng; gi++) {
        int t = 0;
#ifdef _OPENMP
        t = omp_get_thread_num();
#endif
        fx_blk blk[64];
        int r0 = gstart[gi], G = gstart[gi + 1] - r0;
        for (int g = 0; g < G; g++) {
            int r = r0 + g;
            blk[g] = (fx_blk){l0[r], l1[r], l2[r], c[r], &iterations[r],
                              crc_ok ? &crc_ok[r] : NULL, opts->halves ? &opts->halves[r] : NULL,
                              r, r == 0 ? filler : 0};
        }
        int e = simd_group(dec, &dec->ws[t], blk, G, K[r0], pi[r0], crc_type, opts, in_rows);
        if (e < 0) {
#pragma omp atomic write
            err = e;
        }
    }
    /* the detail was set on the worker's thread: repeat it on the caller's */
    if (err < 0)
        return lte_error_set_fn(err, fn, "pi of a code block is not contention-free for its "
                                         "sub-blocks (not a QPP permutation?)");
    return 0;
}

int lte_turbo_fx_decode_tb(lte_turbo_fx *dec, int ncb, const void *const *l0,
                           const void *const *l1, const void *const *l2, const int *K,
                           const uint16_t *const *pi, int filler, const lte_turbo_fx_opts *opts,
                           uint8_t *const *c, int *iterations, int *crc_ok)
{
    return decode_tb(__func__, dec, ncb, l0, l1, l2, K, pi, filler, opts, 0, c, iterations,
                     crc_ok);
}

int lte_turbo_fx_decode_tb_rows(lte_turbo_fx *dec, int ncb, const void *const *l0,
                                const void *const *l1, const void *const *l2, const int *K,
                                const uint16_t *const *pi, int filler,
                                const lte_turbo_fx_opts *opts, uint8_t *const *c, int *iterations,
                                int *crc_ok)
{
    return decode_tb(__func__, dec, ncb, l0, l1, l2, K, pi, filler, opts, 1, c, iterations,
                     crc_ok);
}

int lte_turbo_fx_layout_p(const lte_turbo_fx *dec, int K)
{
    LTE_CHECK_ARG(dec != NULL, "NULL decoder");
    LTE_CHECK_ARG(K >= 40 && K <= dec->k_max && K % 8 == 0, "K = %d not a multiple of 8 in 40..%d",
                  K, dec->k_max);
    return subblocks(K, dec->pmax, dec->lmin);
}

int lte_turbo_fx_to_rows(const void *x, int K, int P, int width, lte_simd_path path, void *rows)
{
    LTE_CHECK_ARG(x && rows, "NULL argument");
    LTE_CHECK_ARG(width == 8 || width == 16, "width %d is not 8 or 16", width);
    LTE_CHECK_ARG(K >= 40 && K <= 6144 && K % 8 == 0, "K = %d not a multiple of 8 in 40..6144", K);
    LTE_CHECK_ARG(P >= 1 && P <= def_pmax(width) && (P & (P - 1)) == 0 && K % P == 0,
                  "P = %d is not a power of two <= %d dividing K = %d", P, def_pmax(width), K);
    int p = lte_simd_pick(path);
    if (p < 0)
        return p;
    const int esz = width / 8, L = K / P, ain = lte_turbo_fx_in_max(width);
    /* a row of P lanes is a decoder row when it fills FX_ROW bytes: the
     * decoder's own loaders then write the layout (one group of one block) */
    if (P * esz == FX_ROW && p == LTE_SIMD_AVX512)
        (width == 8 ? lte_turbo_fx_rows8_avx512 : lte_turbo_fx_rows16_avx512)(x, L, P, 0, ain, rows);
    else if (P * esz == FX_ROW && p == LTE_SIMD_AVX2)
        (width == 8 ? lte_turbo_fx_rows8_avx2 : lte_turbo_fx_rows16_avx2)(x, L, P, 0, ain, rows);
    else
        for (int j = 0; j < P; j++)
            for (int i = 0; i < L; i++) {
                int v = clip(soft(x, width, j * L + i), ain);
                if (esz == 1)
                    ((int8_t *)rows)[(size_t)i * P + j] = (int8_t)v;
                else
                    ((int16_t *)rows)[(size_t)i * P + j] = (int16_t)v;
            }
    for (int k = K; k < K + 4; k++) {
        int v = clip(soft(x, width, k), ain);
        if (esz == 1)
            ((int8_t *)rows)[k] = (int8_t)v;
        else
            ((int16_t *)rows)[k] = (int16_t)v;
    }
    return 0;
}

int lte_turbo_fx_decode(lte_turbo_fx *dec, const void *l0, const void *l1, const void *l2, int K,
                        const uint16_t *pi, int filler, const lte_turbo_fx_opts *opts, uint8_t *c,
                        int *iterations, int *crc_ok)
{
    LTE_CHECK_ARG(dec && l0 && l1 && l2 && pi && c && iterations, "NULL argument");
    int rc = check_k(dec, K, pi);
    if (rc < 0)
        return rc;
    if ((rc = check_opts(opts)) < 0)
        return rc;
    LTE_CHECK_ARG(filler >= 0 && filler < K - 24, "filler = %d outside 0..K-25", filler);
    const int crc_type = stop_crc_type(opts->stop, 1);
    int ok = 0;
    dec->call++;
    if (!dec->kernel) {
        if ((rc = check_cf(dec, K, pi)) < 0)
            return rc;
        model_decode(dec, &dec->ws[0], 0, l0, l1, l2, K, pi, filler, crc_type, opts, 0, c,
                     iterations, &ok, opts->halves);
    } else {
        fx_blk b = {l0, l1, l2, c, iterations, &ok, opts->halves, 0, filler};
        if ((rc = simd_group(dec, &dec->ws[0], &b, 1, K, pi, crc_type, opts, 0)) < 0)
            return rc;
    }
    if (crc_ok)
        *crc_ok = ok;
    return 0;
}
