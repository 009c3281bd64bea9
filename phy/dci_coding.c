/* ltephy phy: CRC16-masked, tail-biting convolutionally coded control blocks
 * (the chain shared by BCH §5.3.1 and DCI §5.3.3 of TS 36.212), and the DCI
 * specifics (§5.3.3.2 RNTI and antenna-selection masks).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/bits.h"
#include "ltephy/control.h"
#include "ltephy/conv.h"
#include "ltephy/crc.h"

#define CRC_L 16
#define CTRL_KMAX (LTE_CTRL_A_MAX + CRC_L)
#define CTRL_EMAX (1 << 24) /* as the rate matcher */

static const unsigned CTRL_G[3] = {LTE_CONV_G0, LTE_CONV_G1, LTE_CONV_G2};

struct lte_ctrl_dec {
    lte_conv_dec *vit;
    float l[3][CTRL_KMAX];
    int8_t q[3][CTRL_KMAX];
    uint8_t c[CTRL_KMAX];
};

static int ctrl_check(int A, int E)
{
    LTE_CHECK_ARG(A >= 1 && A <= LTE_CTRL_A_MAX, "A=%d outside 1..%d", A, LTE_CTRL_A_MAX);
    LTE_CHECK_ARG(E >= 1 && E <= CTRL_EMAX, "E=%d outside 1..%d", E, CTRL_EMAX);
    return 0;
}

int lte_ctrl_encode(const uint8_t *a, int A, uint16_t mask, int E, uint8_t *e)
{
    LTE_CHECK_ARG(a && e, "a and e must not be NULL");
    int rc = ctrl_check(A, E);
    if (rc < 0)
        return rc;
    int K = A + CRC_L;
    uint8_t c[CTRL_KMAX], d[3][CTRL_KMAX];
    /* §5.3.1.1 / §5.3.3.1: CRC16 parity; §5.3.1.1 / §5.3.3.2: masked */
    if ((rc = lte_crc_attach(LTE_CRC16, a, A, c)) < 0)
        return rc;
    for (int i = 0; i < CRC_L; i++)
        c[A + i] ^= (uint8_t)((mask >> (CRC_L - 1 - i)) & 1);
    /* §5.3.1.2 / §5.3.3.3: tail-biting convolutional coding */
    if ((rc = lte_conv_encode(c, K, CTRL_G, d[0], d[1], d[2])) < 0)
        return rc;
    /* §5.3.1.3 / §5.3.3.4: rate matching */
    return lte_ratematch_conv(d[0], d[1], d[2], K, E, e);
}

int lte_ctrl_dec_create(lte_ctrl_dec **out)
{
    LTE_CHECK_ARG(out != NULL, "out must not be NULL");
    *out = NULL;
    lte_ctrl_dec *dec = lte_alloc(sizeof(*dec));
    if (!dec)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "decoder object");
    lte_conv_dec_cfg cfg = {
        .k_max = CTRL_KMAX,
        .g = {LTE_CONV_G0, LTE_CONV_G1, LTE_CONV_G2},
        .max_passes = 0,
        .method = LTE_CONV_WAVA,
    };
    int rc = lte_conv_dec_create(&cfg, &dec->vit);
    if (rc < 0) {
        lte_free(dec);
        return rc;
    }
    *out = dec;
    return 0;
}

void lte_ctrl_dec_destroy(lte_ctrl_dec *dec)
{
    if (!dec)
        return;
    lte_conv_dec_destroy(dec->vit);
    lte_free(dec);
}

/* The decoded block is in dec->c: payload out, and the mask that the CRC
 * parity carries (received parity = CRC XOR mask, so mask = their XOR). */
static int finish_mask(lte_ctrl_dec *dec, int A, uint8_t *a, uint16_t *mask)
{
    uint32_t crc;
    int rc = lte_crc_bits(LTE_CRC16, dec->c, A, &crc);
    if (rc < 0)
        return rc;
    *mask = (uint16_t)(lte_bits_to_uint(dec->c + A, CRC_L) ^ crc);
    memcpy(a, dec->c, (size_t)A);
    return 0;
}

int lte_ctrl_decode(lte_ctrl_dec *dec, const float *llr, int E, int A, uint8_t *a,
                    uint16_t *mask)
{
    LTE_CHECK_ARG(dec && llr && a && mask, "dec, llr, a, mask must not be NULL");
    int rc = ctrl_check(A, E);
    if (rc < 0)
        return rc;
    for (int k = 0; k < E; k++)
        LTE_CHECK_ARG(isfinite(llr[k]), "llr[%d] is not finite", k);
    int K = A + CRC_L;
    if ((rc = lte_ratematch_conv_inv(llr, E, K, dec->l[0], dec->l[1], dec->l[2])) < 0)
        return rc;
    if ((rc = lte_conv_dec_run(dec->vit, dec->l[0], dec->l[1], dec->l[2], K, dec->c, NULL)) < 0)
        return rc;
    return finish_mask(dec, A, a, mask);
}

int lte_ctrl_decode_i8(lte_ctrl_dec *dec, const int8_t *llr, int E, int A,
                       lte_simd_path path, uint8_t *a, uint16_t *mask)
{
    LTE_CHECK_ARG(dec && llr && a && mask, "dec, llr, a, mask must not be NULL");
    int rc = ctrl_check(A, E);
    if (rc < 0)
        return rc;
    int K = A + CRC_L;
    if ((rc = lte_ratematch_conv_inv_i8(llr, E, K, dec->q[0], dec->q[1], dec->q[2])) < 0)
        return rc;
    if ((rc = lte_conv_dec_run_i8(dec->vit, dec->q[0], dec->q[1], dec->q[2], K, path, dec->c,
                                  NULL)) < 0)
        return rc;
    return finish_mask(dec, A, a, mask);
}

/* ---- DCI, §5.3.3 --------------------------------------------------------- */

int lte_pdcch_e(int L)
{
    /* 36.211 §6.8.1: a PDCCH of L CCEs carries 72 L bits (9 REGs of 4 QPSK
     * symbols per CCE) */
    LTE_CHECK_ARG(L == 1 || L == 2 || L == 4 || L == 8, "L=%d is not 1, 2, 4 or 8", L);
    return 72 * L;
}

/* §5.3.3.2: x_AS = <0,...,0> for UE port 0, <0,...,0,1> for UE port 1; the
 * last mask bit x_15 is the least significant bit. */
static int as_mask(int ue_port, uint16_t *m)
{
    LTE_CHECK_ARG(ue_port >= -1 && ue_port <= 1, "ue_port=%d is not -1, 0 or 1", ue_port);
    *m = ue_port == 1 ? 1 : 0;
    return 0;
}

int lte_dci_encode(const uint8_t *payload, int A, uint16_t rnti, int ue_port, int E,
                   uint8_t *e)
{
    uint16_t as = 0;
    int rc = as_mask(ue_port, &as);
    if (rc < 0)
        return rc;
    return lte_ctrl_encode(payload, A, (uint16_t)(rnti ^ as), E, e);
}

int lte_dci_decode(lte_ctrl_dec *dec, const float *llr, int E, int A, int ue_port,
                   uint8_t *payload, uint16_t *rnti)
{
    uint16_t as = 0, mask = 0;
    int rc = as_mask(ue_port, &as);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(rnti != NULL, "rnti must not be NULL");
    if ((rc = lte_ctrl_decode(dec, llr, E, A, payload, &mask)) < 0)
        return rc;
    *rnti = (uint16_t)(mask ^ as);
    return 0;
}

int lte_dci_decode_check(lte_ctrl_dec *dec, const float *llr, int E, int A, int ue_port,
                         uint16_t rnti, uint8_t *payload)
{
    uint16_t got;
    int rc = lte_dci_decode(dec, llr, E, A, ue_port, payload, &got);
    if (rc < 0)
        return rc;
    if (got != rnti)
        return lte_error_set_fn(LTE_ECRC, __func__, "CRC masked with RNTI 0x%04x, not 0x%04x",
                                got, rnti);
    return 0;
}
