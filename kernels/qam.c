/* Gray-mapped square QAM: mapper and soft demappers, scalar reference.
 * See kernels/qam_internal.h for the definitions and the max-log formula.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>

#include "qam_internal.h"

void lte_qam_map(const lte_qam_desc *d, const uint8_t *bits, int n_sym, float complex *sym)
{
    int p = d->q / 2;
    for (int s = 0; s < n_sym; s++, bits += d->q) {
        float ax[2];
        for (int a = 0; a < 2; a++) { /* a = 0: I (even bits), 1: Q (odd bits) */
            unsigned idx = 0;
            for (int k = 1; k < p; k++)
                idx = (idx << 1) | (bits[2 * k + a] != 0);
            ax[a] = bits[a] ? -d->mag[idx] : d->mag[idx];
        }
        sym[s] = CMPLXF(ax[0], ax[1]);
    }
}

static inline float fmin_ps(float a, float b) { return a < b ? a : b; } /* = MINPS */

/* Max-log LLRs of one axis value u: out[2k] for axis bit k (stride 2 puts
 * I and Q bits of a symbol in their interleaved order). */
static void axis_maxlog(const lte_qam_desc *d, float u, float inv, float *out)
{
    int p = d->q / 2, m_count = 1 << (p - 1);
    if (p == 1) {
        out[0] = (u * (4.0f * d->mag[0])) * inv;
        return;
    }
    float v = fabsf(u), t = v + v, h[8];
    for (int i = 0; i < m_count; i++)
        h[i] = d->mag[i] * (d->mag[i] - t);
    float hmin = 0.0f;
    for (int k = 1; k < p; k++) {
        int bit = p - 1 - k; /* position of axis bit k in the magnitude index */
        float s0 = INFINITY, s1 = INFINITY;
        for (int i = 0; i < m_count; i++) {
            if ((i >> bit) & 1)
                s1 = fmin_ps(s1, h[i]);
            else
                s0 = fmin_ps(s0, h[i]);
        }
        if (k == 1)
            hmin = fmin_ps(s0, s1);
        out[2 * k] = (s1 - s0) * inv;
    }
    float m0 = d->mag[d->i0], m1 = d->mag[d->i1];
    float g = fmin_ps(m0 * (m0 + t), m1 * (m1 + t));
    out[0] = copysignf((g - hmin) * inv, u);
}

void lte_qam_maxlog_scalar(const lte_qam_desc *d, const float complex *y, int n_sym,
                           const float *n0, int n0_len, float *llr)
{
    for (int s = 0; s < n_sym; s++, llr += d->q) {
        float inv = 1.0f / n0[n0_len == 1 ? 0 : s];
        axis_maxlog(d, crealf(y[s]), inv, llr);
        axis_maxlog(d, cimagf(y[s]), inv, llr + 1);
    }
}

/* ln sum exp(x_i) over the n values, stably. */
static double log_sum_exp(const double *x, int n)
{
    double mx = x[0], acc = 0.0;
    for (int i = 1; i < n; i++)
        mx = x[i] > mx ? x[i] : mx;
    for (int i = 0; i < n; i++)
        acc += exp(x[i] - mx);
    return mx + log(acc);
}

/* ln sum_{lab in set} e^{metric[lab]}; set = labels whose bit `bit` is `val`. */
static double set_lse(const double *metric, int n_lev, int bit, int val)
{
    double x[8] = {0};
    int c = 0;
    for (int lab = 0; lab < n_lev; lab++)
        if (((lab >> bit) & 1) == val)
            x[c++] = metric[lab];
    return log_sum_exp(x, c);
}

static void axis_exact(const lte_qam_desc *d, double u, double n0, float *out)
{
    int p = d->q / 2, n_lev = 1 << p;
    double metric[16], w[16], mx = -INFINITY;
    for (int lab = 0; lab < n_lev; lab++) { /* lab: axis bits, sign bit most significant */
        int sgn = (lab >> (p - 1)) & 1;
        double a = d->mag[lab & ((1 << (p - 1)) - 1)];
        double e = u - (sgn ? -a : a);
        metric[lab] = -e * e / n0;
        mx = metric[lab] > mx ? metric[lab] : mx;
    }
    /* One set of exponentials relative to the overall maximum serves every
     * bit; a set whose sum would lose precision to underflow (more than
     * ~575 nats below the maximum) is recomputed relative to its own. */
    for (int lab = 0; lab < n_lev; lab++)
        w[lab] = exp(metric[lab] - mx);
    for (int k = 0; k < p; k++) {
        int bit = p - 1 - k;
        double s[2] = {0.0, 0.0}, lse[2];
        for (int lab = 0; lab < n_lev; lab++)
            s[(lab >> bit) & 1] += w[lab];
        for (int v = 0; v < 2; v++)
            lse[v] = s[v] > 1e-250 ? mx + log(s[v]) : set_lse(metric, n_lev, bit, v);
        out[2 * k] = (float)(lse[0] - lse[1]);
    }
}

void lte_qam_exact(const lte_qam_desc *d, const float complex *y, int n_sym, const float *n0,
                   int n0_len, float *llr)
{
    for (int s = 0; s < n_sym; s++, llr += d->q) {
        double v = n0[n0_len == 1 ? 0 : s];
        axis_exact(d, crealf(y[s]), v, llr);
        axis_exact(d, cimagf(y[s]), v, llr + 1);
    }
}
