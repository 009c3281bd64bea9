/* ltephy phy: IQ recording formats, file reading and resampling (iq.h).
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liquid/liquid.h>

#include "kernels/internal.h"
#include "ltephy/channel.h"
#include "ltephy/iq.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

/* liquid-dsp 1.5 leaks one small search object (qs1dsearch, 72 bytes) inside
 * msresamp_crcf_create when the design has an arbitrary-rate stage; it is
 * not ours to free, so under AddressSanitizer that allocation is hidden from
 * the leak checker rather than failing every test that resamples. */
static msresamp_crcf msresamp_create(float r)
{
#if defined(__SANITIZE_ADDRESS__)
    __lsan_disable();
#endif
    msresamp_crcf q = msresamp_crcf_create(r, 60.0f);
#if defined(__SANITIZE_ADDRESS__)
    __lsan_enable();
#endif
    return q;
}

static const char *const fmt_names[] = {"cf32", "ci16", "ci8", "cu8"};

int lte_iq_format_parse(const char *name, lte_iq_format *fmt)
{
    LTE_CHECK_ARG(name != NULL && fmt != NULL, "name and fmt must not be NULL");
    for (int i = 0; i < (int)LTE_ARRAY_LEN(fmt_names); i++)
        if (strcmp(name, fmt_names[i]) == 0) {
            *fmt = (lte_iq_format)i;
            return 0;
        }
    LTE_CHECK_ARG(0, "format '%s' is not one of cf32, ci16, ci8, cu8", name);
    return LTE_EINVAL;
}

const char *lte_iq_format_name(lte_iq_format fmt)
{
    return (unsigned)fmt < LTE_ARRAY_LEN(fmt_names) ? fmt_names[fmt] : "invalid";
}

int lte_iq_sample_bytes(lte_iq_format fmt)
{
    switch (fmt) {
    case LTE_IQ_CF32: return 8;
    case LTE_IQ_CI16: return 4;
    case LTE_IQ_CI8: return 2;
    case LTE_IQ_CU8: return 2;
    }
    LTE_CHECK_ARG(0, "unknown format %d", (int)fmt);
    return LTE_EINVAL;
}

int lte_iq_parse_rate(const char *text, double *rate_hz)
{
    LTE_CHECK_ARG(text != NULL && rate_hz != NULL, "text and rate_hz must not be NULL");
    char *end = NULL;
    errno = 0;
    double r = strtod(text, &end);
    LTE_CHECK_ARG(end != text && *end == '\0' && errno == 0 && isfinite(r),
                  "rate '%s' is not a number", text);
    LTE_CHECK_ARG(r >= 1e3 && r <= 1e9, "rate %g Hz is outside [1e3, 1e9]", r);
    *rate_hz = r;
    return 0;
}

int lte_iq_is_lte_rate(double rate_hz)
{
    static const int nfft[] = {128, 256, 512, 1024, 1536, 2048};
    for (int i = 0; i < (int)LTE_ARRAY_LEN(nfft); i++)
        if (fabs(rate_hz - 15000.0 * nfft[i]) < 1.0)
            return 1;
    return 0;
}

/* Little-endian decoding byte by byte, so the host's byte order and the
 * buffer's alignment do not matter. */
static float le_f32(const uint8_t *p)
{
    uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                 (uint32_t)p[3] << 24;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static float le_i16(const uint8_t *p)
{
    return (float)(int16_t)(uint16_t)(p[0] | p[1] << 8);
}

int lte_iq_convert(lte_iq_format fmt, const void *raw, size_t n, float complex *out)
{
    LTE_CHECK_ARG(raw != NULL || n == 0, "raw must not be NULL");
    LTE_CHECK_ARG(out != NULL || n == 0, "out must not be NULL");
    const uint8_t *b = raw;
    switch (fmt) {
    case LTE_IQ_CF32:
        for (size_t i = 0; i < n; i++)
            out[i] = CMPLXF(le_f32(b + 8 * i), le_f32(b + 8 * i + 4));
        return 0;
    case LTE_IQ_CI16:
        for (size_t i = 0; i < n; i++)
            out[i] = CMPLXF(le_i16(b + 4 * i), le_i16(b + 4 * i + 2)) * (1.0f / 32768.0f);
        return 0;
    case LTE_IQ_CI8:
        for (size_t i = 0; i < n; i++)
            out[i] = CMPLXF((float)(int8_t)b[2 * i], (float)(int8_t)b[2 * i + 1]) *
                     (1.0f / 128.0f);
        return 0;
    case LTE_IQ_CU8:
        for (size_t i = 0; i < n; i++)
            out[i] = CMPLXF((float)b[2 * i] - 127.5f, (float)b[2 * i + 1] - 127.5f) *
                     (1.0f / 128.0f);
        return 0;
    }
    LTE_CHECK_ARG(0, "unknown format %d", (int)fmt);
    return LTE_EINVAL;
}

/* The file's size in bytes, or a negative code. */
static int file_size(FILE *f, const char *path, long *size)
{
    if (fseek(f, 0, SEEK_END) != 0 || (*size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        return lte_error_set_fn(LTE_EIO, __func__, "cannot seek in '%s': %s", path,
                                strerror(errno));
    return 0;
}

static int read_all(FILE *f, const char *path, lte_iq_format fmt, size_t n, float complex *x)
{
    int sb = lte_iq_sample_bytes(fmt);
    enum { CHUNK = 65536 };
    uint8_t *buf = malloc((size_t)CHUNK * (size_t)sb);
    if (!buf)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory for the read buffer");
    int rc = 0;
    for (size_t done = 0; done < n && rc == 0;) {
        size_t want = LTE_MIN((size_t)CHUNK, n - done);
        if (fread(buf, (size_t)sb, want, f) != want) {
            rc = lte_error_set_fn(LTE_EIO, __func__, "short read from '%s' at sample %zu",
                                  path, done);
            break;
        }
        lte_iq_convert(fmt, buf, want, x + done);
        for (size_t i = 0; i < want && fmt == LTE_IQ_CF32; i++)
            if (!isfinite(crealf(x[done + i])) || !isfinite(cimagf(x[done + i]))) {
                rc = lte_error_set_fn(LTE_EFORMAT, __func__,
                                      "'%s': sample %zu is not a finite number (not cf32?)",
                                      path, done + i);
                break;
            }
        done += want;
    }
    free(buf);
    return rc;
}

int lte_iq_read_file(const char *path, lte_iq_format fmt, size_t max_samples,
                     float complex **out, size_t *n_out)
{
    LTE_CHECK_ARG(path != NULL && out != NULL && n_out != NULL,
                  "path, out and n_out must not be NULL");
    int sb = lte_iq_sample_bytes(fmt);
    if (sb < 0)
        return sb;
    *out = NULL;
    *n_out = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return lte_error_set_fn(LTE_EIO, __func__, "cannot open '%s': %s", path,
                                strerror(errno));
    long size = 0;
    int rc = file_size(f, path, &size);
    if (rc == 0 && size == 0)
        rc = lte_error_set_fn(LTE_EFORMAT, __func__, "'%s' is empty", path);
    if (rc == 0 && size % sb != 0)
        rc = lte_error_set_fn(LTE_EFORMAT, __func__,
                              "'%s': %ld bytes is not a whole number of %s samples (%d bytes)",
                              path, size, lte_iq_format_name(fmt), sb);
    size_t n = (size_t)size / (size_t)sb;
    if (max_samples > 0 && n > max_samples)
        n = max_samples;
    float complex *x = NULL;
    if (rc == 0 && !(x = malloc(n * sizeof *x)))
        rc = lte_error_set_fn(LTE_ENOMEM, __func__, "no memory for %zu samples", n);
    if (rc == 0)
        rc = read_all(f, path, fmt, n, x);
    fclose(f);
    if (rc < 0) {
        free(x);
        return rc;
    }
    *out = x;
    *n_out = n;
    return 0;
}

size_t lte_iq_resample_len(size_t n, double fs_in, double fs_out)
{
    if (!(fs_in > 0) || !(fs_out > 0))
        return 0;
    /* the small epsilon keeps exact ratios (19.2 -> 1.92 Msps) from losing a
     * sample to rounding */
    return (size_t)floor((double)n * fs_out / fs_in + 1e-9);
}

/* Run liquid's multi-stage resampler over x and then zeros, keeping the
 * output from the integer part of its group delay on (z, nz samples). */
static int run_msresamp(const float complex *x, size_t n, float r, float complex *z, size_t nz,
                        double *frac)
{
    msresamp_crcf q = msresamp_create(r);
    if (!q)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "msresamp_crcf_create(%g) failed", r);
    /* liquid 1.5 reports the delay in input samples (checked by test_iq's
     * round trip against OFDM generated directly at the output rate) */
    double d_out = msresamp_crcf_get_delay(q) * (double)r;
    size_t skip = (size_t)floor(d_out);
    *frac = d_out - (double)skip;
    float complex buf[64];
    size_t got = 0;
    const float complex zero = 0;
    for (size_t i = 0; got < nz + skip; i++) {
        float complex in = i < n ? x[i] : zero;
        unsigned k = 0;
        msresamp_crcf_execute(q, &in, 1, buf, &k);
        for (unsigned j = 0; j < k; j++, got++)
            if (got >= skip && got - skip < nz)
                z[got - skip] = buf[j];
        if (i > n + 64 + (size_t)(4.0 * (double)(nz + skip) / r))
            break; /* cannot happen; guards against a liquid surprise */
    }
    for (size_t i = got > skip ? got - skip : 0; i < nz; i++)
        z[i] = 0;
    msresamp_crcf_destroy(q);
    return 0;
}

int lte_iq_resample(const float complex *x, size_t n, double fs_in, double fs_out,
                    float complex *y)
{
    LTE_CHECK_ARG(x != NULL && y != NULL, "x and y must not be NULL");
    LTE_CHECK_ARG(x != y, "y may not alias x");
    LTE_CHECK_ARG(isfinite(fs_in) && isfinite(fs_out) && fs_in > 0 && fs_out > 0,
                  "rates must be positive (fs_in %g, fs_out %g)", fs_in, fs_out);
    double r = fs_out / fs_in;
    LTE_CHECK_ARG(r >= 1.0 / 1024 && r <= 1024, "ratio %g is outside [1/1024, 1024]", r);
    size_t ny = lte_iq_resample_len(n, fs_in, fs_out);
    LTE_CHECK_ARG(ny < (size_t)INT32_MAX, "too many output samples (%zu)", ny);
    if (fabs(r - 1.0) < 1e-12) {
        memcpy(y, x, n * sizeof *x);
        return 0;
    }
    if (ny == 0)
        return 0;
    /* z = output advanced by the integer part of the delay, one extra sample
     * so the fractional shift below has its right neighbour */
    float complex *z = malloc((ny + 1) * sizeof *z);
    if (!z)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory for %zu samples", ny);
    double frac = 0;
    int rc = run_msresamp(x, n, (float)r, z, ny + 1, &frac);
    if (rc == 0 && frac < 1e-6) {
        memcpy(y, z, ny * sizeof *y);
    } else if (rc == 0) {
        /* y[i] = z(i + frac) = w(i - (1 - frac)) with w[i] = z[i + 1]: a
         * band-limited fractional delay (liquid Kaiser design, channel.h) */
        rc = lte_delay_apply(z + 1, y, (int)ny, 1.0 - frac);
        /* the delay's isolated-burst model zeroes the first sample: z[0] is
         * the true value there to within the fraction */
        if (rc == 0)
            y[0] = z[0] * (float)(1.0 - frac) + z[1] * (float)frac;
    }
    free(z);
    return rc;
}

/* ---- DC offset and IQ imbalance (iq.h) ------------------------------------ */

int lte_iq_dc_remove(float complex *x, size_t n, size_t block, float complex *dc)
{
    LTE_CHECK_ARG(x != NULL || n == 0, "x must not be NULL");
    double ti = 0, tq = 0;
    size_t len = block == 0 ? n : block;
    for (size_t b = 0; b < n; b += len) {
        size_t m = LTE_MIN(len, n - b);
        double si = 0, sq = 0;
        for (size_t i = b; i < b + m; i++) {
            si += crealf(x[i]);
            sq += cimagf(x[i]);
        }
        ti += si;
        tq += sq;
        const float mi = (float)(si / (double)m), mq = (float)(sq / (double)m);
        for (size_t i = b; i < b + m; i++)
            x[i] = CMPLXF(crealf(x[i]) - mi, cimagf(x[i]) - mq);
    }
    if (dc)
        *dc = n ? CMPLXF((float)(ti / (double)n), (float)(tq / (double)n)) : 0;
    return 0;
}

int lte_iq_imbalance_estimate(const float complex *x, size_t n, lte_iq_imbalance *est)
{
    LTE_CHECK_ARG(x != NULL && est != NULL, "x and est must not be NULL");
    LTE_CHECK_ARG(n >= 16, "at least 16 samples (got %zu)", n);
    /* central second moments: sums about the mean (two passes, in double) */
    double mi = 0, mq = 0;
    for (size_t i = 0; i < n; i++) {
        mi += crealf(x[i]);
        mq += cimagf(x[i]);
    }
    mi /= (double)n;
    mq /= (double)n;
    double ii = 0, qq = 0, iq = 0;
    for (size_t i = 0; i < n; i++) {
        double a = crealf(x[i]) - mi, b = cimagf(x[i]) - mq;
        ii += a * a;
        qq += b * b;
        iq += a * b;
    }
    LTE_CHECK_ARG(ii > 0 && qq > 0 && isfinite(ii) && isfinite(qq) && isfinite(iq),
                  "a branch has no (or non-finite) power: E[I^2] %g, E[Q^2] %g", ii / (double)n,
                  qq / (double)n);
    /* yi = xi, yq = g (xq cos phi + xi sin phi) with E[xi^2] = E[xq^2] = P,
     * E[xi xq] = 0: E[yi^2] = P, E[yq^2] = g^2 P, E[yi yq] = g P sin(phi) */
    double g = sqrt(qq / ii), s = iq / sqrt(ii * qq);
    double gain_db = 20.0 * log10(g), phi = asin(LTE_MAX(-1.0, LTE_MIN(1.0, s)));
    LTE_CHECK_ARG(fabs(gain_db) <= 6.0 && fabs(phi) < M_PI / 4,
                  "not an IQ imbalance the model covers: %.2f dB, %.2f deg (a one-branch or "
                  "non-circular signal, or the wrong --format?)",
                  gain_db, phi * 180.0 / M_PI);
    est->gain_db = gain_db;
    est->phase_deg = phi * 180.0 / M_PI;
    est->c_qi = (float)-tan(phi);
    est->c_qq = (float)(1.0 / (g * cos(phi)));
    return 0;
}

int lte_iq_imbalance_correct(float complex *x, size_t n, const lte_iq_imbalance *est)
{
    LTE_CHECK_ARG((x != NULL || n == 0) && est != NULL, "x and est must not be NULL");
    LTE_CHECK_ARG(isfinite(est->c_qi) && isfinite(est->c_qq) && est->c_qq > 0,
                  "est is not a correction (c_qi %g, c_qq %g)", (double)est->c_qi,
                  (double)est->c_qq);
    const float a = est->c_qi, b = est->c_qq;
    for (size_t i = 0; i < n; i++) {
        float yi = crealf(x[i]), yq = cimagf(x[i]);
        x[i] = CMPLXF(yi, a * yi + b * yq);
    }
    return 0;
}

int lte_iq_frontend_correct(float complex *x, size_t n, lte_iq_frontend *rep)
{
    LTE_CHECK_ARG(x != NULL && rep != NULL, "x and rep must not be NULL");
    LTE_CHECK_ARG(n >= 16, "at least 16 samples (got %zu)", n);
    memset(rep, 0, sizeof *rep);
    lte_iq_dc_remove(x, n, 0, &rep->dc);
    double p = 0;
    for (size_t i = 0; i < n; i++)
        p += (double)crealf(x[i]) * crealf(x[i]) + (double)cimagf(x[i]) * cimagf(x[i]);
    p /= (double)n;
    double d = (double)crealf(rep->dc) * crealf(rep->dc) +
               (double)cimagf(rep->dc) * cimagf(rep->dc);
    rep->dc_db = d > 0 && p > 0 ? LTE_MAX(-200.0, 10.0 * log10(d / p)) : -200.0;
    if (lte_iq_imbalance_estimate(x, n, &rep->imb) < 0) {
        /* nothing to estimate from (e.g. silence): leave the imbalance alone */
        rep->imb = (lte_iq_imbalance){0.0, 0.0, 0.0f, 1.0f};
        return 0;
    }
    rep->imb_ok = 1;
    return lte_iq_imbalance_correct(x, n, &rep->imb);
}
