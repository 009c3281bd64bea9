/* Fixed-point radix-2 DIF FFT model: the scalar reference of
 * include/ltephy/fft_fx.h, the object and the dispatch of stages to SIMD.
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/fft_fx.h"

/* Stage kernels (same contract on every path; the SIMD ones live in
 * fft_fx_avx2.c / fft_fx_avx512.c). x: n complex int16 pairs, in place;
 * ta/tb: 2h int16, P_re = v_re ta[2j] + v_im ta[2j+1],
 * P_im = v_re tb[2j] + v_im tb[2j+1] (section 3 of the header). */
void lte_fft_fx_stage_scalar(int16_t *x, int n, int h, int sh, const int16_t *ta,
                             const int16_t *tb);
void lte_fft_fx_stage_avx2(int16_t *x, int n, int h, int sh, const int16_t *ta,
                           const int16_t *tb);   /* h >= 8 */
void lte_fft_fx_stage_small_avx2(int16_t *x, int n, int h, int sh, const int16_t *ta,
                                 const int16_t *tb); /* h = 1, 2, 4 */
int32_t lte_fft_fx_absmax_avx2(const int16_t *x, int n); /* n >= 16 */
void lte_fft_fx_stage_avx512(int16_t *x, int n, int h, int sh, const int16_t *ta,
                             const int16_t *tb); /* h >= 16 */

struct lte_fft_fx {
    int n, l, r3, path;       /* n = 2^l (r3 = 0) or 3 * 2^l (r3 = 1) */
    lte_fft_dir dir;
    uint8_t shift[LTE_FFT_FX_LMAX]; /* s_0 .. s_{l-1}, then the radix-3 stage's */
    int off[LTE_FFT_FX_LMAX]; /* start of stage t's 2h entries in ta/tb */
    int16_t *ta, *tb;
    uint16_t *src;            /* output permutation: out[k] = x[src[k]] */
    uint16_t *lead;           /* one element of every cycle of src */
    int n_lead;
};

/* l if n = 2^l with LMIN <= l <= LMAX, l + 100 if n = 3 * 2^l with
 * LMIN <= l <= LMAX - 2, else -1. */
static int size_code(int n)
{
    int r3 = n % 3 == 0, m = r3 ? n / 3 : n, l = 0;
    while ((1 << l) < m)
        l++;
    if ((1 << l) != m || l < LTE_FFT_FX_LMIN || l > LTE_FFT_FX_LMAX - 2 * r3)
        return -1;
    return l + 100 * r3;
}

static inline int32_t sat16(int32_t v) { return v > 32767 ? 32767 : v < -32768 ? -32768 : v; }

/* R(v, s) of the header: round half up, then an arithmetic shift. */
static inline int32_t round_shift(int32_t v, int s) { return s ? (v + (1 << (s - 1))) >> s : v; }

void lte_fft_fx_stage_scalar(int16_t *x, int n, int h, int sh, const int16_t *ta,
                             const int16_t *tb)
{
    for (int g = 0; g < n; g += 2 * h)
        for (int j = 0; j < h; j++) {
            int16_t *a = x + 2 * (g + j), *b = a + 2 * h;
            int32_t ur = sat16(round_shift((int32_t)a[0] + b[0], sh));
            int32_t ui = sat16(round_shift((int32_t)a[1] + b[1], sh));
            int32_t vr = sat16(round_shift((int32_t)a[0] - b[0], sh));
            int32_t vi = sat16(round_shift((int32_t)a[1] - b[1], sh));
            int32_t pr = vr * ta[2 * j] + vi * ta[2 * j + 1];
            int32_t pi = vr * tb[2 * j] + vi * tb[2 * j + 1];
            a[0] = (int16_t)ur;
            a[1] = (int16_t)ui;
            b[0] = (int16_t)sat16((pr + (1 << 14)) >> 15);
            b[1] = (int16_t)sat16((pi + (1 << 14)) >> 15);
        }
}

/* rha() of section 2. The only exact ties are cos or sin = +-1/2 (the only
 * rational values besides 0 and +-1; 32767 is odd), which libm may miss by
 * an ulp: they are snapped to the tie, so the table does not depend on libm. */
static int16_t twiddle_round(double v)
{
    if (fabs(fabs(v) - 16383.5) < 1e-6)
        v = copysign(16383.5, v);
    return (int16_t)lround(v);
}

int lte_fft_fx_twiddle(int n, int k, int16_t *c, int16_t *s)
{
    LTE_CHECK_ARG(size_code(n) >= 0, "n = %d is not 2^L (16..4096) or 3 * 2^L (48..3072)", n);
    LTE_CHECK_ARG(k >= 0 && k < n / 2, "k = %d is outside [0, %d)", k, n / 2);
    LTE_CHECK_ARG(c && s, "c or s is NULL");
    double ph = 2.0 * M_PI * (double)k / (double)n;
    *c = twiddle_round(32767.0 * cos(ph));
    *s = twiddle_round(32767.0 * sin(ph));
    return 0;
}

void lte_fft_fx_destroy(lte_fft_fx *f)
{
    if (!f)
        return;
    lte_free(f->ta);
    lte_free(f->tb);
    lte_free(f->src);
    lte_free(f->lead);
    lte_free(f);
}

/* Per-stage twiddle pairs in the (ta, tb) form the stage kernels take. */
static void fill_twiddles(lte_fft_fx *f)
{
    int pos = 0;
    for (int t = 0; t < f->l; t++) {
        int h = f->n >> (t + 1);
        f->off[t] = pos;
        for (int j = 0; j < h; j++, pos += 2) {
            int16_t c, s;
            lte_fft_fx_twiddle(f->n, j << t, &c, &s);
            int16_t sf = f->dir == LTE_FFT_FORWARD ? s : (int16_t)-s;
            f->ta[pos] = c;
            f->ta[pos + 1] = sf;
            f->tb[pos] = (int16_t)-sf;
            f->tb[pos + 1] = c;
        }
    }
}

/* Section 4: out[k] = x[src[k]], with src[k] = bitrev_l(k) for n = 2^l and
 * 3 bitrev_l(k mod 2^l) + k / 2^l for n = 3 * 2^l; applied in place by
 * following the cycles of src from one leader each. */
static void make_permutation(lte_fft_fx *f, uint8_t *seen)
{
    int l = f->l, m = f->r3 ? f->n / 3 : f->n;
    for (int k = 0; k < f->n; k++) {
        unsigned q = (unsigned)(k % m), r = 0;
        for (int b = 0; b < l; b++)
            r |= ((q >> b) & 1u) << (l - 1 - b);
        f->src[k] = (uint16_t)(f->r3 ? 3 * r + (unsigned)(k / m) : r);
    }
    f->n_lead = 0;
    for (int k = 0; k < f->n; k++) {
        if (seen[k])
            continue;
        for (int j = k; !seen[j]; j = f->src[j])
            seen[j] = 1;
        if (f->src[k] != k)
            f->lead[f->n_lead++] = (uint16_t)k;
    }
}

int lte_fft_fx_create(const lte_fft_fx_cfg *cfg, lte_fft_fx **out)
{
    LTE_CHECK_ARG(cfg && out, "cfg or out is NULL");
    *out = NULL;
    int code = size_code(cfg->n);
    LTE_CHECK_ARG(code >= 0, "n = %d is not 2^L (16..4096) or 3 * 2^L (48..3072)", cfg->n);
    int r3 = code >= 100, l = code % 100, nst = l + r3;
    LTE_CHECK_ARG(cfg->dir == LTE_FFT_FORWARD || cfg->dir == LTE_FFT_INVERSE,
                  "dir = %d is not LTE_FFT_FORWARD or LTE_FFT_INVERSE", (int)cfg->dir);
    if (cfg->shift)
        for (int t = 0; t < nst; t++)
            LTE_CHECK_ARG(cfg->shift[t] <= 2, "shift[%d] = %d is not 0, 1 or 2", t,
                          cfg->shift[t]);
    int path = lte_simd_pick(cfg->path);
    if (path < 0)
        return path;

    lte_fft_fx *f = lte_alloc(sizeof(*f));
    if (!f)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "object");
    f->n = cfg->n;
    f->l = l;
    f->r3 = r3;
    f->path = path;
    f->dir = cfg->dir;
    for (int t = 0; t < nst; t++)
        f->shift[t] = cfg->shift ? cfg->shift[t] : (t < l ? 1 : 2);
    /* the radix-2 stages use sum h < n twiddle pairs */
    f->ta = lte_alloc(sizeof(int16_t) * 2 * (size_t)f->n);
    f->tb = lte_alloc(sizeof(int16_t) * 2 * (size_t)f->n);
    f->src = lte_alloc(sizeof(uint16_t) * (size_t)f->n);
    f->lead = lte_alloc(sizeof(uint16_t) * (size_t)f->n);
    uint8_t *seen = lte_alloc((size_t)f->n);
    if (!f->ta || !f->tb || !f->src || !f->lead || !seen) {
        lte_free(seen);
        lte_fft_fx_destroy(f);
        return lte_error_set_fn(LTE_ENOMEM, __func__, "tables for n = %d", cfg->n);
    }
    fill_twiddles(f);
    make_permutation(f, seen);
    lte_free(seen);
    *out = f;
    return 0;
}

int lte_fft_fx_total_shift(const lte_fft_fx *f)
{
    LTE_CHECK_ARG(f, "fft is NULL");
    int s = 0;
    for (int t = 0; t < f->l + f->r3; t++)
        s += f->shift[t];
    return s;
}

static void permute(const lte_fft_fx *f, int16_t *x)
{
    for (int c = 0; c < f->n_lead; c++) {
        int j = f->lead[c];
        int16_t t0 = x[2 * j], t1 = x[2 * j + 1];
        for (int k = f->src[j]; k != f->lead[c]; j = k, k = f->src[k]) {
            x[2 * j] = x[2 * k];
            x[2 * j + 1] = x[2 * k + 1];
        }
        x[2 * j] = t0;
        x[2 * j + 1] = t1;
    }
}

/* Section 3b: the radix-3 stage on the n/3 consecutive triples. */
static void stage3_scalar(int16_t *x, int m, int sh, int inverse)
{
    for (int g = 0; g < m; g++) {
        int16_t *p = x + 6 * g;
        int32_t t1r = (int32_t)p[2] + p[4], t1i = (int32_t)p[3] + p[5];
        int32_t t2r = (int32_t)p[2] - p[4], t2i = (int32_t)p[3] - p[5];
        int32_t qr = (t2r * LTE_FFT_FX_C3 + (1 << 13)) >> 14;
        int32_t qi = (t2i * LTE_FFT_FX_C3 + (1 << 13)) >> 14;
        int32_t mr = 2 * p[0] - t1r, mi = 2 * p[1] - t1i;
        int32_t y[6] = {2 * (p[0] + t1r), 2 * (p[1] + t1i), mr + qi, mi - qr, mr - qi, mi + qr};
        if (inverse) { /* conjugate W3: the two outputs swap */
            int32_t a = y[2], b = y[3];
            y[2] = y[4], y[3] = y[5], y[4] = a, y[5] = b;
        }
        for (int i = 0; i < 6; i++)
            p[i] = (int16_t)sat16(round_shift(y[i], sh + 1));
    }
}

/* max |component| of n complex samples (section 6), as an int32. */
static int32_t absmax_scalar(const int16_t *x, int n)
{
    int32_t m = 0;
    for (int i = 0; i < 2 * n; i++) {
        int32_t a = x[i] < 0 ? -(int32_t)x[i] : x[i];
        m = a > m ? a : m;
    }
    return m;
}

/* The stages on out (already holding the input), then the permutation.
 * shift: the fixed schedule, or NULL for block floating point, in which case
 * the chosen shifts go to used[]. */
static void run(const lte_fft_fx *f, int16_t *out, const uint8_t *shift, uint8_t *used)
{
    for (int t = 0; t < f->l; t++) {
        int h = f->n >> (t + 1), sh;
        if (shift) {
            sh = shift[t];
        } else {
            int32_t m = f->path >= LTE_SIMD_AVX2 ? lte_fft_fx_absmax_avx2(out, f->n)
                                                 : absmax_scalar(out, f->n);
            sh = m <= 11584 ? 0 : m <= 23169 ? 1 : 2;
            used[t] = (uint8_t)sh;
        }
        const int16_t *ta = f->ta + f->off[t], *tb = f->tb + f->off[t];
        if (f->path == LTE_SIMD_AVX512 && h % 16 == 0)
            lte_fft_fx_stage_avx512(out, f->n, h, sh, ta, tb);
        else if (f->path >= LTE_SIMD_AVX2 && h % 8 == 0)
            lte_fft_fx_stage_avx2(out, f->n, h, sh, ta, tb);
        else if (f->path >= LTE_SIMD_AVX2 && !f->r3)
            lte_fft_fx_stage_small_avx2(out, f->n, h, sh, ta, tb);
        else
            lte_fft_fx_stage_scalar(out, f->n, h, sh, ta, tb);
    }
    if (f->r3)
        stage3_scalar(out, f->n / 3, f->shift[f->l], f->dir == LTE_FFT_INVERSE);
    permute(f, out);
}

int lte_fft_fx_execute(const lte_fft_fx *f, const int16_t *in, int16_t *out)
{
    LTE_CHECK_ARG(f && in && out, "fft, in or out is NULL");
    if (in != out)
        memcpy(out, in, sizeof(int16_t) * 2 * (size_t)f->n);
    run(f, out, f->shift, NULL);
    return 0;
}

int lte_fft_fx_execute_bfp(const lte_fft_fx *f, const int16_t *in, int16_t *out, int *exponent,
                           uint8_t *shifts)
{
    LTE_CHECK_ARG(f && in && out && exponent, "fft, in, out or exponent is NULL");
    LTE_CHECK_ARG(!f->r3, "block floating point needs n = 2^L, not n = %d", f->n);
    uint8_t used[LTE_FFT_FX_LMAX];
    if (in != out)
        memcpy(out, in, sizeof(int16_t) * 2 * (size_t)f->n);
    run(f, out, NULL, used);
    *exponent = 0;
    for (int t = 0; t < f->l; t++) {
        *exponent += used[t];
        if (shifts)
            shifts[t] = used[t];
    }
    return 0;
}
