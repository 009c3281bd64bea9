/* Uplink reference signals: base sequences, hopping, PUSCH DMRS (36.211 §5.5).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "kernels/gold_impl.h"
#include "kernels/internal.h"
#include "ltephy/gold.h"
#include "ltephy/ulrs.h"

/* 36.211 Table 5.5.1.2-1: phi(n) for M_sc^RS = N_sc^RB (u = 0..29). */
static const int8_t phi12[30][12] = {
    {-1, 1, 3, -3, 3, 3, 1, 1, 3, 1, -3, 3},     {1, 1, 3, 3, 3, -1, 1, -3, -3, 1, -3, 3},
    {1, 1, -3, -3, -3, -1, -3, -3, 1, -3, 1, -1}, {-1, 1, 1, 1, 1, -1, -3, -3, 1, -3, 3, -1},
    {-1, 3, 1, -1, 1, -1, -3, -1, 1, -1, 1, 3},   {1, -3, 3, -1, -1, 1, 1, -1, -1, 3, -3, 1},
    {-1, 3, -3, -3, -3, 3, 1, -1, 3, 3, -3, 1},   {-3, -1, -1, -1, 1, -3, 3, -1, 1, -3, 3, 1},
    {1, -3, 3, 1, -1, -1, -1, 1, 1, 3, -1, 1},    {1, -3, -1, 3, 3, -1, -3, 1, 1, 1, 1, 1},
    {-1, 3, -1, 1, 1, -3, -3, -1, -3, -3, 3, -1}, {3, 1, -1, -1, 3, 3, -3, 1, 3, 1, 3, 3},
    {1, -3, 1, 1, -3, 1, 1, 1, -3, -3, -3, 1},    {3, 3, -3, 3, -3, 1, 1, 3, -1, -3, 3, 3},
    {-3, 1, -1, -3, -1, 3, 1, 3, 3, 3, -1, 1},    {3, -1, 1, -3, -1, -1, 1, 1, 3, 1, -1, -3},
    {1, 3, 1, -1, 1, 3, 3, 3, -1, -1, 3, -1},     {-3, 1, 1, 3, -3, 3, -3, -3, 3, 1, 3, -1},
    {-3, 3, 1, 1, -3, 1, -3, -3, -1, -1, 1, -3},  {-1, 3, 1, 3, 1, -1, -1, 3, -3, -1, -3, -1},
    {-1, -3, 1, 1, 1, 1, 3, 1, -1, 1, -3, -1},    {-1, 3, -1, 1, -3, -3, -3, -3, -3, 1, -1, -3},
    {1, 1, -3, -3, -3, -3, -1, 3, -3, 1, -3, 3},  {1, 1, -1, -3, -1, -3, 1, -1, 1, 3, -1, 1},
    {1, 1, 3, 1, 3, 3, -1, 1, -1, -3, -3, 1},     {1, -3, 3, 3, 1, 3, 3, 1, -3, -1, -1, 3},
    {1, 3, -3, -3, 3, -3, 1, -1, -1, 3, -1, -3},  {-3, -1, -3, -1, -3, 3, 1, -1, 1, 3, -3, -3},
    {-1, 3, -3, 3, -1, 3, 3, -3, 3, 3, -1, -1},   {3, -3, -3, -1, -1, -3, -1, 3, -3, 3, 1, -1},
};

/* 36.211 Table 5.5.1.2-2: phi(n) for M_sc^RS = 2 N_sc^RB (u = 0..29). */
static const int8_t phi24[30][24] = {
    {-1, 3, 1, -3, 3, -1, 1, 3, -3, 3, 1, 3, -3, 3, 1, 1, -1, 1, 3, -3, 3, -3, -1, -3},
    {-3, 3, -3, -3, -3, 1, -3, -3, 3, -1, 1, 1, 1, 3, 1, -1, 3, -3, -3, 1, 3, 1, 1, -3},
    {3, -1, 3, 3, 1, 1, -3, 3, 3, 3, 3, 1, -1, 3, -1, 1, 1, -1, -3, -1, -1, 1, 3, 3},
    {-1, -3, 1, 1, 3, -3, 1, 1, -3, -1, -1, 1, 3, 1, 3, 1, -1, 3, 1, 1, -3, -1, -3, -1},
    {-1, -1, -1, -3, -3, -1, 1, 1, 3, 3, -1, 3, -1, 1, -1, -3, 1, -1, -3, -3, 1, -3, -1, -1},
    {-3, 1, 1, 3, -1, 1, 3, 1, -3, 1, -3, 1, 1, -1, -1, 3, -1, -3, 3, -3, -3, -3, 1, 1},
    {1, 1, -1, -1, 3, -3, -3, 3, -3, 1, -1, -1, 1, -1, 1, 1, -1, -3, -1, 1, -1, 3, -1, -3},
    {-3, 3, 3, -1, -1, -3, -1, 3, 1, 3, 1, 3, 1, 1, -1, 3, 1, -1, 1, 3, -3, -1, -1, 1},
    {-3, 1, 3, -3, 1, -1, -3, 3, -3, 3, -1, -1, -1, -1, 1, -3, -3, -3, 1, -3, -3, -3, 1, -3},
    {1, 1, -3, 3, 3, -1, -3, -1, 3, -3, 3, 3, 3, -1, 1, 1, -3, 1, -1, 1, 1, -3, 1, 1},
    {-1, 1, -3, -3, 3, -1, 3, -1, -1, -3, -3, -3, -1, -3, -3, 1, -1, 1, 3, 3, -1, 1, -1, 3},
    {1, 3, 3, -3, -3, 1, 3, 1, -1, -3, -3, -3, 3, 3, -3, 3, 3, -1, -3, 3, -1, 1, -3, 1},
    {1, 3, 3, 1, 1, 1, -1, -1, 1, -3, 3, -1, 1, 1, -3, 3, 3, -1, -3, 3, -3, -1, -3, -1},
    {3, -1, -1, -1, -1, -3, -1, 3, 3, 1, -1, 1, 3, 3, 3, -1, 1, 1, -3, 1, 3, -1, -3, 3},
    {-3, -3, 3, 1, 3, 1, -3, 3, 1, 3, 1, 1, 3, 3, -1, -1, -3, 1, -3, -1, 3, 1, 1, 3},
    {-1, -1, 1, -3, 1, 3, -3, 1, -1, -3, -1, 3, 1, 3, 1, -1, -3, -3, -1, -1, -3, -3, -3, -1},
    {-1, -3, 3, -1, -1, -1, -1, 1, 1, -3, 3, 1, 3, 3, 1, -1, 1, -3, 1, -3, 1, 1, -3, -1},
    {1, 3, -1, 3, 3, -1, -3, 1, -1, -3, 3, 3, 3, -1, 1, 1, 3, -1, -3, -1, 3, -1, -1, -1},
    {1, 1, 1, 1, 1, -1, 3, -1, -3, 1, 1, 3, -3, 1, -3, -1, 1, 1, -3, -3, 3, 1, 1, -3},
    {1, 3, 3, 1, -1, -3, 3, -1, 3, 3, 3, -3, 1, -1, 1, -1, -3, -1, 1, 3, -1, 3, -3, -3},
    {-1, -3, 3, -3, -3, -3, -1, -1, -3, -1, -3, 3, 1, 3, -3, -1, 3, -1, 1, -1, 3, -3, 1, -1},
    {-3, -3, 1, 1, -1, 1, -1, 1, -1, 3, 1, -3, -1, 1, -1, 1, -1, -1, 3, 3, -3, -1, 1, -3},
    {-3, -1, -3, 3, 1, -1, -3, -1, -3, -3, 3, -3, 3, -3, -1, 1, 3, 1, -3, 1, 3, 3, -1, -3},
    {-1, -1, -1, -1, 3, 3, 3, 1, 3, 3, -3, 1, 3, -1, 3, -1, 3, 3, -3, 3, 1, -1, 3, 3},
    {1, -1, 3, 3, -1, -3, 3, -3, -1, -1, 3, -1, 3, -1, -1, 1, 1, 1, 1, -1, -1, -3, -1, 3},
    {1, -1, 1, -1, 3, -1, 3, 1, 1, -1, -1, -3, 1, 1, -3, 1, 3, -3, 1, 1, -3, -3, -1, -1},
    {-3, -1, 1, 3, 1, 1, -3, -1, -1, -3, 3, -3, 3, 1, -3, 3, -3, 1, -1, 1, -3, 1, 1, 1},
    {-1, -3, 3, 3, 1, 1, 3, -1, -3, -1, -1, -1, 3, 1, -3, -3, -1, 3, -3, -1, -3, -1, -3, -1},
    {-1, -3, -1, -1, 1, -3, -1, -1, 1, -1, -3, 1, 1, -3, 1, -3, -3, 3, 1, 1, -1, 3, -1, -1},
    {1, 1, -1, -1, -3, -1, 3, -1, 3, -1, 1, 3, 1, -1, 3, 1, 3, -3, -3, 1, -1, -1, 1, 3},
};

/* Table 5.5.2.1.1-2: n_DMRS^(1) for cyclicShift 0..7. */
static const int8_t n1_tab[8] = {0, 2, 3, 4, 6, 8, 9, 10};
/* Table 5.5.2.1.1-1: n_DMRS,lambda^(2) for the DCI field and lambda 0..3. */
static const int8_t n2_tab[8][4] = {
    {0, 6, 3, 9}, {6, 0, 9, 3}, {3, 9, 6, 0}, {4, 10, 7, 1},
    {2, 8, 5, 11}, {8, 2, 11, 5}, {10, 4, 1, 7}, {9, 3, 0, 6},
};
/* Same table: w(1) (w(0) = 1 in every row). */
static const int8_t w1_tab[8][4] = {
    {1, 1, -1, -1}, {-1, -1, 1, 1}, {-1, -1, 1, 1}, {1, 1, 1, 1},
    {1, 1, 1, 1}, {-1, -1, -1, -1}, {-1, -1, -1, -1}, {1, 1, -1, -1},
};

/* Tables 5.5.3.2-1..-4: m_SRS,b [table][b][C_SRS] and N_b [table][b][C_SRS]. */
static const uint8_t srs_m[4][4][8] = {
    {{36, 32, 24, 20, 16, 12, 8, 4}, {12, 16, 4, 4, 4, 4, 4, 4},
     {4, 8, 4, 4, 4, 4, 4, 4}, {4, 4, 4, 4, 4, 4, 4, 4}},
    {{48, 48, 40, 36, 32, 24, 20, 16}, {24, 16, 20, 12, 16, 4, 4, 4},
     {12, 8, 4, 4, 8, 4, 4, 4}, {4, 4, 4, 4, 4, 4, 4, 4}},
    {{72, 64, 60, 48, 48, 40, 36, 32}, {24, 32, 20, 24, 16, 20, 12, 16},
     {12, 16, 4, 12, 8, 4, 4, 8}, {4, 4, 4, 4, 4, 4, 4, 4}},
    {{96, 96, 80, 72, 64, 60, 48, 48}, {48, 32, 40, 24, 32, 20, 24, 16},
     {24, 16, 20, 12, 16, 4, 12, 8}, {4, 4, 4, 4, 4, 4, 4, 4}},
};
static const uint8_t srs_n[4][4][8] = {
    {{1, 1, 1, 1, 1, 1, 1, 1}, {3, 2, 6, 5, 4, 3, 2, 1},
     {3, 2, 1, 1, 1, 1, 1, 1}, {1, 2, 1, 1, 1, 1, 1, 1}},
    {{1, 1, 1, 1, 1, 1, 1, 1}, {2, 3, 2, 3, 2, 6, 5, 4},
     {2, 2, 5, 3, 2, 1, 1, 1}, {3, 2, 1, 1, 2, 1, 1, 1}},
    {{1, 1, 1, 1, 1, 1, 1, 1}, {3, 2, 3, 2, 3, 2, 3, 2},
     {2, 2, 5, 2, 2, 5, 3, 2}, {3, 4, 1, 3, 2, 1, 1, 2}},
    {{1, 1, 1, 1, 1, 1, 1, 1}, {2, 3, 2, 3, 2, 3, 2, 3},
     {2, 2, 2, 2, 2, 5, 2, 2}, {6, 4, 5, 3, 4, 1, 3, 2}},
};

#define CHECK_CFG(cfg)                                                                       \
    do {                                                                                     \
        LTE_CHECK_ARG((cfg) != NULL, "cfg is NULL");                                         \
        LTE_CHECK_ARG((cfg)->cell_id >= 0 && (cfg)->cell_id <= 503,                          \
                      "cell_id = %d: N_ID^cell must be 0..503", (cfg)->cell_id);             \
        LTE_CHECK_ARG((cfg)->cp == LTE_CP_NORMAL || (cfg)->cp == LTE_CP_EXTENDED,            \
                      "cp = %d: invalid", (int)(cfg)->cp);                                   \
        LTE_CHECK_ARG((cfg)->delta_ss >= 0 && (cfg)->delta_ss <= 29,                         \
                      "delta_ss = %d: must be 0..29", (cfg)->delta_ss);                      \
        LTE_CHECK_ARG((cfg)->cyclic_shift >= 0 && (cfg)->cyclic_shift <= 7,                  \
                      "cyclic_shift = %d: must be 0..7", (cfg)->cyclic_shift);               \
    } while (0)

#define CHECK_NS(ns) LTE_CHECK_ARG((ns) >= 0 && (ns) < 20, "ns = %d: slot must be 0..19", (ns))

static int is_prime(int n)
{
    if (n < 2)
        return 0;
    for (int d = 2; d * d <= n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

int lte_ulrs_allowed_prb(int m)
{
    if (m < 1)
        return 0;
    static const int f[3] = {2, 3, 5};
    for (int i = 0; i < 3; i++)
        while (m % f[i] == 0)
            m /= f[i];
    return m == 1;
}

static int check_msc(int m_sc)
{
    LTE_CHECK_ARG(m_sc >= LTE_NSC_RB && m_sc <= LTE_ULRS_MAX_MSC && m_sc % LTE_NSC_RB == 0,
                  "m_sc = %d: must be 12 m, 1 <= m <= %d", m_sc, LTE_MAX_RB);
    return 0;
}

int lte_ulrs_nzc(int m_sc)
{
    int rc = check_msc(m_sc);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(m_sc >= 3 * LTE_NSC_RB, "m_sc = %d: Zadoff-Chu sequences need M_sc >= 36",
                  m_sc);
    int n = m_sc - 1; /* §5.5.1.1: largest prime such that N_ZC < M_sc */
    while (!is_prime(n))
        n--;
    return n;
}

int lte_ulrs_zc_q(int u, int v, int m_sc)
{
    int nzc = lte_ulrs_nzc(m_sc);
    if (nzc < 0)
        return nzc;
    LTE_CHECK_ARG(u >= 0 && u < LTE_ULRS_GROUPS, "u = %d: must be 0..29", u);
    LTE_CHECK_ARG(v == 0 || (v == 1 && m_sc >= 6 * LTE_NSC_RB),
                  "v = %d: must be 0 (or 1 when M_sc >= 72), M_sc = %d", v, m_sc);
    /* qbar = N_ZC (u+1)/31 in exact rational arithmetic: floor(qbar + 1/2) =
     * floor((2 N_ZC (u+1) + 31) / 62), floor(2 qbar) = floor(2 N_ZC (u+1) / 31). */
    int num = nzc * (u + 1);
    int q = (2 * num + 31) / 62;
    int f2 = (2 * num) / 31;
    return q + ((f2 % 2) ? -v : v);
}

/* e^{j 2 pi k / 12} and e^{j 2 pi k / 8}: the values (float complex)cexp(...)
 * of the expressions this file used per element before, written out exactly
 * (hex floats), so the sequences are bit for bit what they were (the golden
 * vectors of PUCCH, SRS and the DMRS hold them); test_ulrs.c checks the
 * sequences against the closed form. e^{j pi phi / 4} of the 1- and 2-PRB
 * base sequences (phi12 / phi24 hold -3, -1, 1, 3 only) is w8[phi mod 8]:
 * the same values. */
static const float complex w12[12] = {
    CMPLXF(0x1p+0, 0x0p+0),           CMPLXF(0x1.bb67aep-1, 0x1p-1),
    CMPLXF(0x1p-1, 0x1.bb67aep-1),    CMPLXF(0x1.1a6264p-54, 0x1p+0),
    CMPLXF(-0x1p-1, 0x1.bb67aep-1),   CMPLXF(-0x1.bb67aep-1, 0x1p-1),
    CMPLXF(-0x1p+0, 0x1.1a6264p-53),  CMPLXF(-0x1.bb67aep-1, -0x1p-1),
    CMPLXF(-0x1p-1, -0x1.bb67aep-1),  CMPLXF(-0x1.a79394p-53, -0x1p+0),
    CMPLXF(0x1p-1, -0x1.bb67aep-1),   CMPLXF(0x1.bb67aep-1, -0x1p-1)};
static const float complex w8[8] = {
    CMPLXF(0x1p+0, 0x0p+0),           CMPLXF(0x1.6a09e6p-1, 0x1.6a09e6p-1),
    CMPLXF(0x1.1a6264p-54, 0x1p+0),   CMPLXF(-0x1.6a09e6p-1, 0x1.6a09e6p-1),
    CMPLXF(-0x1p+0, 0x1.1a6264p-53),  CMPLXF(-0x1.6a09e6p-1, -0x1.6a09e6p-1),
    CMPLXF(-0x1.a79394p-53, -0x1p+0), CMPLXF(0x1.6a09e6p-1, -0x1.6a09e6p-1)};

int lte_ulrs_base_seq(int u, int v, int m_sc, float complex *r)
{
    int rc = check_msc(m_sc);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(u >= 0 && u < LTE_ULRS_GROUPS, "u = %d: must be 0..29", u);
    LTE_CHECK_ARG(r != NULL, "r is NULL");
    if (m_sc < 3 * LTE_NSC_RB) { /* §5.5.1.2 */
        LTE_CHECK_ARG(v == 0, "v = %d: must be 0 for M_sc = %d", v, m_sc);
        const int8_t *phi = m_sc == 12 ? phi12[u] : phi24[u];
        for (int n = 0; n < m_sc; n++)
            r[n] = w8[(phi[n] + 8) % 8]; /* e^{j phi(n) pi / 4} = e^{j 2 pi phi(n) / 8} */
        return 0;
    }
    int q = lte_ulrs_zc_q(u, v, m_sc);
    if (q < 0)
        return q;
    int nzc = lte_ulrs_nzc(m_sc);
    for (int n = 0; n < m_sc; n++) {
        int64_t k = n % nzc;
        /* pi q k (k+1) / N_ZC reduced mod 2 pi: k(k+1) is even, so reduce
         * q k (k+1)/2 modulo N_ZC and the phase is 2 pi (that) / N_ZC. */
        int64_t t = ((int64_t)q * ((k * (k + 1) / 2) % nzc)) % nzc;
        r[n] = (float complex)cexp(-I * 2.0 * M_PI * (double)t / nzc);
    }
    return 0;
}

int lte_ulrs_seq(int u, int v, int n_cs, int m_sc, float complex *r)
{
    LTE_CHECK_ARG(n_cs >= 0 && n_cs < 12, "n_cs = %d: must be 0..11", n_cs);
    int rc = lte_ulrs_base_seq(u, v, m_sc, r);
    if (rc < 0)
        return rc;
    /* §5.5.1: e^{j alpha n}, alpha = 2 pi n_cs/12: phase index (n_cs n) mod 12 */
    for (int n = 0; n < m_sc; n++)
        r[n] *= w12[(n_cs * n) % 12];
    return 0;
}

/* Sum_{i=0}^{7} c(8 k + i) 2^i for the Gold sequence with c_init (< 2^31),
 * k < 7 * 20 + 1. */
static int gold_byte(uint32_t c_init, int k)
{
    uint64_t w[(8 * (7 * 20 + 1) + 63) / 64];
    lte_gold_words(c_init, 8 * k + 8, w);
    return lte_gold_word_byte(w, k);
}

int lte_ulrs_fgh(const lte_ulrs_cfg *cfg, int ns)
{
    CHECK_CFG(cfg);
    CHECK_NS(ns);
    if (!cfg->group_hopping)
        return 0;
    return gold_byte((uint32_t)(cfg->cell_id / 30), ns) % 30; /* §5.5.1.3 */
}

int lte_ulrs_fss(const lte_ulrs_cfg *cfg, lte_ulrs_chan chan)
{
    CHECK_CFG(cfg);
    LTE_CHECK_ARG(chan == LTE_ULRS_PUSCH || chan == LTE_ULRS_PUCCH || chan == LTE_ULRS_SRS,
                  "chan = %d: invalid", (int)chan);
    int f = cfg->cell_id % 30;
    return chan == LTE_ULRS_PUSCH ? (f + cfg->delta_ss) % 30 : f;
}

int lte_ulrs_group(const lte_ulrs_cfg *cfg, lte_ulrs_chan chan, int ns)
{
    int fgh = lte_ulrs_fgh(cfg, ns);
    if (fgh < 0)
        return fgh;
    int fss = lte_ulrs_fss(cfg, chan);
    if (fss < 0)
        return fss;
    return (fgh + fss) % 30;
}

/* c_init = floor(N_ID/30) 2^5 + f_ss^PUSCH (§5.5.1.4, §5.5.2.1.1). */
static uint32_t cinit_pusch(const lte_ulrs_cfg *cfg)
{
    return (uint32_t)(cfg->cell_id / 30) * 32u + (uint32_t)((cfg->cell_id % 30 + cfg->delta_ss) % 30);
}

int lte_ulrs_seq_num(const lte_ulrs_cfg *cfg, int ns, int m_sc)
{
    CHECK_CFG(cfg);
    CHECK_NS(ns);
    int rc = check_msc(m_sc);
    if (rc < 0)
        return rc;
    if (m_sc < 6 * LTE_NSC_RB || cfg->group_hopping || !cfg->seq_hopping)
        return 0;
    uint8_t c[20];
    rc = lte_gold_bits(cinit_pusch(cfg), ns + 1, c);
    return rc < 0 ? rc : c[ns];
}

int lte_dmrs_n1(int cyclic_shift)
{
    LTE_CHECK_ARG(cyclic_shift >= 0 && cyclic_shift <= 7, "cyclic_shift = %d: must be 0..7",
                  cyclic_shift);
    return n1_tab[cyclic_shift];
}

int lte_dmrs_n2(int cs_field, int layer, int w[2])
{
    LTE_CHECK_ARG(cs_field >= 0 && cs_field <= 7, "cs_field = %d: must be 0..7", cs_field);
    LTE_CHECK_ARG(layer >= 0 && layer <= 3, "layer = %d: must be 0..3", layer);
    if (w) {
        w[0] = 1;
        w[1] = w1_tab[cs_field][layer];
    }
    return n2_tab[cs_field][layer];
}

int lte_dmrs_npn(const lte_ulrs_cfg *cfg, int ns)
{
    CHECK_CFG(cfg);
    CHECK_NS(ns);
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6;
    return gold_byte(cinit_pusch(cfg), nsymb * ns);
}

int lte_pusch_dmrs_ncs(const lte_ulrs_cfg *cfg, int cs_field, int layer, int ns)
{
    int npn = lte_dmrs_npn(cfg, ns);
    if (npn < 0)
        return npn;
    int n2 = lte_dmrs_n2(cs_field, layer, NULL);
    if (n2 < 0)
        return n2;
    return (n1_tab[cfg->cyclic_shift] + n2 + npn) % 12;
}

int lte_pusch_dmrs_symbol(lte_cp cp)
{
    LTE_CHECK_ARG(cp == LTE_CP_NORMAL || cp == LTE_CP_EXTENDED, "cp = %d: invalid", (int)cp);
    return cp == LTE_CP_NORMAL ? 3 : 2; /* §5.5.2.1.2 */
}

int lte_pusch_dmrs(const lte_ulrs_cfg *cfg, int ns, int n_prb, int cs_field, int layer,
                   int occ, float complex *r)
{
    CHECK_CFG(cfg);
    CHECK_NS(ns);
    LTE_CHECK_ARG(n_prb >= 1 && n_prb <= LTE_MAX_RB && lte_ulrs_allowed_prb(n_prb),
                  "n_prb = %d: must be 2^a 3^b 5^c <= %d", n_prb, LTE_MAX_RB);
    LTE_CHECK_ARG(r != NULL, "r is NULL");
    int m_sc = n_prb * LTE_NSC_RB;
    int ncs = lte_pusch_dmrs_ncs(cfg, cs_field, layer, ns);
    if (ncs < 0)
        return ncs;
    int u = lte_ulrs_group(cfg, LTE_ULRS_PUSCH, ns);
    int v = lte_ulrs_seq_num(cfg, ns, m_sc);
    int rc = lte_ulrs_seq(u, v, ncs, m_sc, r);
    if (rc < 0)
        return rc;
    int w[2];
    lte_dmrs_n2(cs_field, layer, w);
    if (occ && w[ns % 2] < 0)
        for (int n = 0; n < m_sc; n++)
            r[n] = -r[n];
    return 0;
}

int lte_pusch_dmrs_map(const lte_ulrs_cfg *cfg, int sf, int n_rb_ul, int prb_start, int n_prb,
                       int cs_field, int layer, int occ, float beta, float complex *grid)
{
    CHECK_CFG(cfg);
    LTE_CHECK_ARG(sf >= 0 && sf < 10, "sf = %d: subframe must be 0..9", sf);
    LTE_CHECK_ARG(n_rb_ul >= 6 && n_rb_ul <= LTE_MAX_RB, "n_rb_ul = %d: must be 6..%d", n_rb_ul,
                  LTE_MAX_RB);
    LTE_CHECK_ARG(prb_start >= 0 && n_prb >= 1 && prb_start + n_prb <= n_rb_ul,
                  "PRBs %d..%d outside 0..%d", prb_start, prb_start + n_prb - 1, n_rb_ul - 1);
    LTE_CHECK_ARG(grid != NULL, "grid is NULL");
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6;
    int n_sc = n_rb_ul * LTE_NSC_RB, l = lte_pusch_dmrs_symbol(cfg->cp);
    float complex r[LTE_ULRS_MAX_MSC];
    for (int slot = 0; slot < 2; slot++) {
        int rc = lte_pusch_dmrs(cfg, 2 * sf + slot, n_prb, cs_field, layer, occ, r);
        if (rc < 0)
            return rc;
        float complex *sym = grid + (size_t)(slot * nsymb + l) * (size_t)n_sc;
        for (int n = 0; n < n_prb * LTE_NSC_RB; n++)
            sym[prb_start * LTE_NSC_RB + n] = beta * r[n];
    }
    return 0;
}

int lte_srs_seq(const lte_ulrs_cfg *cfg, int ns, int m_sc, int n_cs_srs, float complex *r)
{
    CHECK_CFG(cfg);
    CHECK_NS(ns);
    LTE_CHECK_ARG(n_cs_srs >= 0 && n_cs_srs < 8, "n_cs_srs = %d: must be 0..7", n_cs_srs);
    int rc = check_msc(m_sc);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(m_sc % 24 == 0, "m_sc = %d: M_sc^SRS = 6 m_SRS is a multiple of 24", m_sc);
    int u = lte_ulrs_group(cfg, LTE_ULRS_SRS, ns);
    int v = lte_ulrs_seq_num(cfg, ns, m_sc);
    if ((rc = lte_ulrs_base_seq(u, v, m_sc, r)) < 0)
        return rc;
    /* §5.5.3.1: alpha = 2 pi n_SRS^cs / 8, phase index (n_cs n) mod 8 */
    for (int n = 0; n < m_sc; n++)
        r[n] *= w8[(n_cs_srs * n) % 8];
    return 0;
}

int lte_srs_bw(int n_rb_ul, int c_srs, int b_srs, int *m_srs, int *n_b)
{
    LTE_CHECK_ARG(n_rb_ul >= 6 && n_rb_ul <= LTE_MAX_RB, "n_rb_ul = %d: must be 6..%d", n_rb_ul,
                  LTE_MAX_RB);
    LTE_CHECK_ARG(c_srs >= 0 && c_srs <= 7, "c_srs = %d: must be 0..7", c_srs);
    LTE_CHECK_ARG(b_srs >= 0 && b_srs <= 3, "b_srs = %d: must be 0..3", b_srs);
    int t = n_rb_ul <= 40 ? 0 : n_rb_ul <= 60 ? 1 : n_rb_ul <= 80 ? 2 : 3;
    if (m_srs)
        *m_srs = srs_m[t][b_srs][c_srs];
    if (n_b)
        *n_b = srs_n[t][b_srs][c_srs];
    return 0;
}
