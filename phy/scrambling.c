/* Scrambling of the physical channels: c_init per channel and the bit /
 * soft-value (de)scrambling built on the Gold sequence of 36.211 §7.2.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <string.h>

#include "kernels/gold_impl.h"
#include "kernels/internal.h"
#include "ltephy/gold.h"
#include "ltephy/scrambling.h"

#define CHECK_RNTI(r) \
    LTE_CHECK_ARG((r) >= 0 && (r) <= 0xffff, "rnti = %d: n_RNTI must be 0..65535", (r))
#define CHECK_Q(q) LTE_CHECK_ARG((q) == 0 || (q) == 1, "q = %d: codeword must be 0 or 1", (q))
#define CHECK_NS(ns) LTE_CHECK_ARG((ns) >= 0 && (ns) < 20, "ns = %d: slot must be 0..19", (ns))
#define CHECK_CELL(id) \
    LTE_CHECK_ARG((id) >= 0 && (id) <= 503, "cell_id = %d: N_ID^cell must be 0..503", (id))
#define CHECK_OUT(p) LTE_CHECK_ARG((p) != NULL, "c_init is NULL")

/* n_RNTI*2^14 + q*2^13 + floor(n_s/2)*2^9 + N_ID: the shared form of the
 * data channels; the largest value, 65535*2^14 + 2^13 + 9*2^9 + 503, is
 * below 2^30 so it fits the 31-bit c_init. */
static uint32_t data_cinit(int rnti, int q, int ns, int id)
{
    return ((uint32_t)rnti << 14) + ((uint32_t)q << 13) + ((uint32_t)(ns / 2) << 9) + (uint32_t)id;
}

/* (floor(n_s/2)+1)*(2N_ID+1)*2^9 + N_ID, shared by PCFICH and PHICH. */
static uint32_t ctrl_cinit(int ns, int id)
{
    return (uint32_t)(ns / 2 + 1) * (2u * (uint32_t)id + 1u) * 512u + (uint32_t)id;
}

int lte_scr_cinit_pdsch(int rnti, int q, int ns, int cell_id, uint32_t *c_init)
{
    CHECK_RNTI(rnti);
    CHECK_Q(q);
    CHECK_NS(ns);
    CHECK_CELL(cell_id);
    CHECK_OUT(c_init);
    *c_init = data_cinit(rnti, q, ns, cell_id); /* 36.211 §6.3.1 */
    return 0;
}

int lte_scr_cinit_pusch(int rnti, int q, int ns, int cell_id, uint32_t *c_init)
{
    CHECK_RNTI(rnti);
    CHECK_Q(q);
    CHECK_NS(ns);
    CHECK_CELL(cell_id);
    CHECK_OUT(c_init);
    *c_init = data_cinit(rnti, q, ns, cell_id); /* 36.211 §5.3.1 */
    return 0;
}

int lte_scr_cinit_pmch(int ns, int mbsfn_id, uint32_t *c_init)
{
    CHECK_NS(ns);
    LTE_CHECK_ARG(mbsfn_id >= 0 && mbsfn_id <= 255, "mbsfn_id = %d: N_ID^MBSFN must be 0..255",
                  mbsfn_id);
    CHECK_OUT(c_init);
    *c_init = ((uint32_t)(ns / 2) << 9) + (uint32_t)mbsfn_id; /* 36.211 §6.5.1 */
    return 0;
}

int lte_scr_cinit_pbch(int cell_id, uint32_t *c_init)
{
    CHECK_CELL(cell_id);
    CHECK_OUT(c_init);
    *c_init = (uint32_t)cell_id; /* 36.211 §6.6.1 */
    return 0;
}

int lte_scr_cinit_pcfich(int ns, int cell_id, uint32_t *c_init)
{
    CHECK_NS(ns);
    CHECK_CELL(cell_id);
    CHECK_OUT(c_init);
    *c_init = ctrl_cinit(ns, cell_id); /* 36.211 §6.7.1 */
    return 0;
}

int lte_scr_cinit_pdcch(int ns, int cell_id, uint32_t *c_init)
{
    CHECK_NS(ns);
    CHECK_CELL(cell_id);
    CHECK_OUT(c_init);
    *c_init = ((uint32_t)(ns / 2) << 9) + (uint32_t)cell_id; /* 36.211 §6.8.2 */
    return 0;
}

int lte_scr_cinit_phich(int ns, int cell_id, uint32_t *c_init)
{
    CHECK_NS(ns);
    CHECK_CELL(cell_id);
    CHECK_OUT(c_init);
    *c_init = ctrl_cinit(ns, cell_id); /* 36.211 §6.9.1 */
    return 0;
}

int lte_scr_pbch_offset(int n_f, int extended_cp)
{
    LTE_CHECK_ARG(n_f >= 0, "n_f = %d: frame number must be >= 0", n_f);
    LTE_CHECK_ARG(extended_cp == 0 || extended_cp == 1, "extended_cp = %d: must be 0 or 1",
                  extended_cp);
    int m_bit = extended_cp ? LTE_PBCH_BITS_EXTENDED : LTE_PBCH_BITS_NORMAL;
    return (n_f % 4) * (m_bit / 4); /* 36.211 §6.6.1, §6.6.4 */
}

/* c(i) from the packed sequence words of lte_gold_words_path. */
static inline uint32_t word_bit(const uint64_t *w, int i)
{
    return (uint32_t)(w[i >> 6] >> (i & 63)) & 1u;
}

static int check_span(uint32_t c_init, int offset, int n)
{
    LTE_CHECK_ARG(c_init < (1u << 31), "c_init = 0x%x: must be < 2^31", (unsigned)c_init);
    LTE_CHECK_ARG(n >= 0, "n = %d: must be >= 0", n);
    LTE_CHECK_ARG(offset >= 0, "offset = %d: must be >= 0", offset);
    LTE_CHECK_ARG(offset == 0 || offset <= LTE_SCR_SPAN_MAX - n,
                  "offset + n = %d + %d: must be <= %d when offset > 0", offset, n,
                  LTE_SCR_SPAN_MAX);
    return 0;
}

int lte_scramble_bits(uint32_t c_init, int offset, const uint8_t *in, int n, uint8_t *out,
                      lte_simd_path path)
{
    int rc = check_span(c_init, offset, n);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(n == 0 || (in != NULL && out != NULL), "in or out is NULL");
    if (n == 0)
        return 0;
    if (offset == 0)
        return lte_gold_scramble_bits_path(c_init, in, n, path, out);
    uint64_t w[LTE_SCR_SPAN_MAX / 64];
    if ((rc = lte_gold_words_path(c_init, offset + n, path, w)) < 0)
        return rc;
    for (int i = 0; i < n; i++)
        out[i] = (uint8_t)(in[i] ^ word_bit(w, offset + i));
    return 0;
}

int lte_descramble_llr(uint32_t c_init, int offset, float *llr, int n, lte_simd_path path)
{
    int rc = check_span(c_init, offset, n);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(n == 0 || llr != NULL, "llr is NULL");
    if (n == 0)
        return 0;
    if (offset == 0)
        return lte_gold_descramble_llr_path(c_init, llr, n, path);
    uint64_t w[LTE_SCR_SPAN_MAX / 64];
    if ((rc = lte_gold_words_path(c_init, offset + n, path, w)) < 0)
        return rc;
    for (int i = 0; i < n; i++) {
        /* flip the sign bit, as the Gold kernel does: exact for 0, inf, NaN */
        uint32_t u;
        memcpy(&u, &llr[i], sizeof u);
        u ^= word_bit(w, offset + i) << 31;
        memcpy(&llr[i], &u, sizeof u);
    }
    return 0;
}
