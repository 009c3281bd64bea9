/* PUSCH transform precoding, TS 36.211 §5.3.3. See ltephy/transform_precoding.h.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>

#include "kernels/cvec.h"
#include "kernels/internal.h"
#include "ltephy/fft.h"
#include "ltephy/transform_precoding.h"

struct lte_tprec {
    /* indexed by M_RB; NULL where M_RB is not 2^a 3^b 5^c */
    lte_fft *fwd[LTE_TPREC_MRB_MAX + 1];
    lte_fft *inv[LTE_TPREC_MRB_MAX + 1];
    float scale[LTE_TPREC_MRB_MAX + 1]; /* 1/sqrt(M_sc) */
    const lte_cvec_ops *vec;            /* the default SIMD path's scaling (same bits on all) */
    int mrb_max;                        /* plans made for M_RB <= mrb_max */
};

int lte_tprec_valid_mrb(int m_rb)
{
    if (m_rb < 1 || m_rb > LTE_TPREC_MRB_MAX)
        return 0;
    /* §5.3.3: M_RB^PUSCH = 2^a2 * 3^a3 * 5^a5 */
    static const int primes[3] = {2, 3, 5};
    for (int i = 0; i < 3; i++)
        while (m_rb % primes[i] == 0)
            m_rb /= primes[i];
    return m_rb == 1;
}

int lte_tprec_create(unsigned fft_flags, lte_tprec **out)
{
    return lte_tprec_create_max(fft_flags, LTE_TPREC_MRB_MAX, out);
}

int lte_tprec_create_max(unsigned fft_flags, int mrb_max, lte_tprec **out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    *out = NULL;
    LTE_CHECK_ARG(mrb_max >= 1 && mrb_max <= LTE_TPREC_MRB_MAX, "mrb_max = %d is not in 1..%d",
                  mrb_max, LTE_TPREC_MRB_MAX);
    LTE_CHECK_ARG(
        (fft_flags & ~(unsigned)(LTE_FFT_MEASURE | LTE_FFT_PATIENT | LTE_FFT_UNALIGNED |
                                 LTE_FFT_OUT_OF_PLACE)) == 0,
        "fft_flags = 0x%x has unknown bits", fft_flags);
    const lte_cvec_ops *vec = NULL;
    int path_rc = lte_cvec_ops_get(LTE_SIMD_AUTO, &vec);
    if (path_rc < 0)
        return path_rc;
    lte_tprec *tp = calloc(1, sizeof *tp);
    if (!tp)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    tp->vec = vec;
    tp->mrb_max = mrb_max;
    for (int m = 1; m <= mrb_max; m++) {
        if (!lte_tprec_valid_mrb(m))
            continue;
        int n = 12 * m;
        lte_fft_cfg f = {n, LTE_FFT_FORWARD, fft_flags};
        lte_fft_cfg b = {n, LTE_FFT_INVERSE, fft_flags};
        int rc = lte_fft_create(&f, &tp->fwd[m]);
        if (rc == 0)
            rc = lte_fft_create(&b, &tp->inv[m]);
        if (rc < 0) {
            lte_tprec_destroy(tp);
            return rc;
        }
        tp->scale[m] = (float)(1.0 / sqrt((double)n));
    }
    *out = tp;
    return 0;
}

void lte_tprec_destroy(lte_tprec *tp)
{
    if (!tp)
        return;
    for (int m = 0; m <= LTE_TPREC_MRB_MAX; m++) {
        lte_fft_destroy(tp->fwd[m]);
        lte_fft_destroy(tp->inv[m]);
    }
    free(tp);
}

/* One DFT per SC-FDMA symbol, then the unitary 1/sqrt(M_sc) scaling. */
static int run(const lte_tprec *tp, int inverse, int m_rb, int n_symb, const float complex *in,
               float complex *out)
{
    const lte_fft *fft = inverse ? tp->inv[m_rb] : tp->fwd[m_rb];
    int n = 12 * m_rb;
    float s = tp->scale[m_rb];
    for (int l = 0; l < n_symb; l++) {
        const float complex *a = in + (size_t)l * (size_t)n;
        float complex *b = out + (size_t)l * (size_t)n;
        int rc = lte_fft_execute(fft, a, b);
        if (rc < 0)
            return rc;
        tp->vec->scale(b, b, n, s);
    }
    return 0;
}

static int check_args(const lte_tprec *tp, int m_rb, int n_symb, const void *in, const void *out)
{
    LTE_CHECK_ARG(tp != NULL, "tp is NULL");
    LTE_CHECK_ARG(in != NULL && out != NULL, "NULL array");
    LTE_CHECK_ARG(lte_tprec_valid_mrb(m_rb),
                  "m_rb = %d is not in 1..%d or not of the form 2^a 3^b 5^c (36.211 5.3.3)",
                  m_rb, LTE_TPREC_MRB_MAX);
    LTE_CHECK_ARG(m_rb <= tp->mrb_max, "m_rb = %d: the object has plans up to %d PRBs only",
                  m_rb, tp->mrb_max);
    LTE_CHECK_ARG(n_symb >= 1, "n_symb = %d is not positive", n_symb);
    return 0;
}

int lte_tprec_forward(const lte_tprec *tp, int m_rb, int n_symb, const float complex *x,
                      float complex *z)
{
    int rc = check_args(tp, m_rb, n_symb, x, z);
    return rc < 0 ? rc : run(tp, 0, m_rb, n_symb, x, z);
}

int lte_tprec_inverse(const lte_tprec *tp, int m_rb, int n_symb, const float complex *z,
                      float complex *x)
{
    int rc = check_args(tp, m_rb, n_symb, z, x);
    return rc < 0 ? rc : run(tp, 1, m_rb, n_symb, z, x);
}
