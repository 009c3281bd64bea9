/* ltephy phy: channel coding of the LTE control information (TS 36.212):
 * rate matching for convolutionally coded channels (§5.1.4.2), BCH (§5.3.1),
 * DCI (§5.3.3), CFI (§5.3.4) and HI (§5.3.5).
 *
 * Scrambling, modulation and resource mapping (36.211 §6.6-6.9) are not here;
 * these functions stop at the rate-matched bits e (encode) and start from
 * their soft values (decode). Soft values: positive favours bit 0.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_CONTROL_H
#define LTEPHY_CONTROL_H

#include <stdint.h>

#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Rate matching for convolutionally coded channels, §5.1.4.2 ---------
 *
 * Each of the three streams d0, d1, d2 (D bits) goes through the sub-block
 * interleaver: R = ceil(D/32) rows of 32 columns, N_D = 32R - D <NULL>s in
 * front, written row by row, columns permuted by Table 5.1.4-2, read column
 * by column into v_i (K_Pi = 32R). Bit collection w = v_0 | v_1 | v_2 (no
 * interlacing, unlike the turbo case), K_w = 3 K_Pi. Bit selection reads w
 * circularly from position 0, skipping <NULL>s, until E bits are out: E < 3D
 * punctures, E > 3D repeats.
 */
#define LTE_RM_CONV_DMAX 65536

/* Inter-column permutation P(j), j = 0..31 (Table 5.1.4-2). */
int lte_rm_conv_perm(int j);

/* d0, d1, d2: D bits each (1 <= D <= 65536); e: E >= 1 bits out. */
int lte_ratematch_conv(const uint8_t *d0, const uint8_t *d1, const uint8_t *d2, int D, int E,
                       uint8_t *e);

/* Inverse: l_i[k] = sum of the soft values e_j that carry d_i[k] (repeated
 * bits add up; bits never transmitted get 0). The outputs are overwritten,
 * not accumulated into. */
int lte_ratematch_conv_inv(const float *e, int E, int D, float *l0, float *l1, float *l2);

/* Fixed-point inverse for the int8 decoder: the same sums, taken exactly in
 * 32 bits and saturated once to -128..127 at the end. (Scale the input so
 * that the expected repetition count times its magnitude fits, e.g. |e| <= 7
 * for BCH's 16-fold repetition, if saturation is not wanted.) */
int lte_ratematch_conv_inv_i8(const int8_t *e, int E, int D, int8_t *l0, int8_t *l1,
                              int8_t *l2);

/* ---- CRC16-protected, convolutionally coded blocks (BCH and DCI) --------
 *
 * §5.3.1.1 / §5.3.3.2: a (A bits) → 16 CRC parity bits p (CRC16, §5.1.1)
 * XORed with a 16-bit mask x (x_0, the first masked parity bit, is the most
 * significant bit of the mask) → c = a | (p XOR x), K = A + 16 → tail-biting
 * convolutional coding (§5.1.3.1) → rate matching (§5.1.4.2) to E bits.
 */
#define LTE_CTRL_A_MAX 240 /* payload bits A in 1..240; K = A + 16 <= 256 */

int lte_ctrl_encode(const uint8_t *a, int A, uint16_t mask, int E, uint8_t *e);

/* Decoder object: a tail-biting Viterbi decoder and buffers for the largest
 * block (A <= LTE_CTRL_A_MAX). No allocation after create; one per thread. */
typedef struct lte_ctrl_dec lte_ctrl_dec;
int lte_ctrl_dec_create(lte_ctrl_dec **out);
void lte_ctrl_dec_destroy(lte_ctrl_dec *dec);

/* Decode E soft values as a block of A payload bits: writes a[0..A-1] and the
 * mask that makes the CRC check (received parity XOR the CRC of the decoded
 * payload). Every decoded block yields some mask; which masks are acceptable
 * is the caller's business (see BCH and DCI below). */
int lte_ctrl_decode(lte_ctrl_dec *dec, const float *llr, int E, int A, uint8_t *a,
                    uint16_t *mask);

/* The same with int8 soft values, lte_ratematch_conv_inv_i8 and the
 * fixed-point Viterbi decoder (lte_conv_dec_run_i8) on the given SIMD path:
 * a bit-accurate model of a hardware control-channel decoder. Where the
 * de-matching does not saturate, it decides exactly as lte_ctrl_decode
 * given the same values as floats. */
int lte_ctrl_decode_i8(lte_ctrl_dec *dec, const int8_t *llr, int E, int A,
                       lte_simd_path path, uint8_t *a, uint16_t *mask);

/* ---- BCH, §5.3.1 --------------------------------------------------------- */
#define LTE_BCH_A 24            /* MIB bits */
#define LTE_BCH_E_NORMAL 1920   /* §5.3.1.3: E for normal cyclic prefix */
#define LTE_BCH_E_EXTENDED 1728 /* and for extended cyclic prefix */

/* The CRC mask x_ant for n_ports = 1, 2 or 4 (Table 5.3.1.1-1) as a 16-bit
 * integer (x_ant,0 in the most significant bit), or LTE_EINVAL. */
int lte_bch_port_mask(int n_ports, uint16_t *mask);

/* mib: 24 bits; E = 1920 or 1728; e: E bits. */
int lte_bch_encode(const uint8_t *mib, int n_ports, int E, uint8_t *e);

/* Decode E soft values. n_ports = 1, 2 or 4 accepts only that port count's
 * mask; n_ports = 0 tries the three masks (blind detection, as a UE does).
 * On success writes the 24 MIB bits and the detected port count (may be NULL)
 * and returns 0; if the recovered mask is not an acceptable one, or the E
 * soft values are all 0 (no information: their all-zero decision carries
 * the one-port mask 0x0000), returns LTE_ECRC (mib is still written with
 * the decoded bits). */
int lte_bch_decode(lte_ctrl_dec *dec, const float *llr, int E, int n_ports, uint8_t *mib,
                   int *n_ports_out);

/* ---- DCI, §5.3.3 ----------------------------------------------------------
 *
 * §5.3.3.2: the CRC parity is scrambled by the 16-bit RNTI (x_rnti,0 = its
 * most significant bit) and, for format 0 with UE transmit antenna selection,
 * also by x_AS = <0,...,0> (UE port 0) or <0,...,0,1> (UE port 1). ue_port:
 * -1 = no antenna selection, 0 or 1 = that UE transmit antenna.
 * E is the number of coded bits: 72 L on PDCCH (L = aggregation level).
 */
/* E = 72 L for PDCCH aggregation level L in {1, 2, 4, 8}, or LTE_EINVAL. */
int lte_pdcch_e(int L);

int lte_dci_encode(const uint8_t *payload, int A, uint16_t rnti, int ue_port, int E,
                   uint8_t *e);

/* Decode a candidate of A bits from E soft values: payload and the RNTI that
 * the CRC mask reveals (after removing x_AS for ue_port 0/1). Always 0 on
 * valid arguments: whether the RNTI is one we look for is for the caller. */
int lte_dci_decode(lte_ctrl_dec *dec, const float *llr, int E, int A, int ue_port,
                   uint8_t *payload, uint16_t *rnti);

/* Decode and check against an expected RNTI: 0 if it matches, LTE_ECRC if
 * not (the payload is written either way). */
int lte_dci_decode_check(lte_ctrl_dec *dec, const float *llr, int E, int A, int ue_port,
                         uint16_t rnti, uint8_t *payload);

/* ---- CFI, §5.3.4 ---------------------------------------------------------
 *
 * A block code of 32 bits (Table 5.3.4-1): CFI 1, 2, 3 are the 3-bit patterns
 * 011, 101, 110 repeated and cut to 32 bits; the reserved value 4 is all
 * zeros. Minimum distance among CFI 1..3 (and to the reserved word): 21.
 */
#define LTE_CFI_BITS 32
#define LTE_CFI_DMIN 21

/* cfi in 1..4 (4 = reserved codeword); b: 32 bits. */
int lte_cfi_encode(int cfi, uint8_t *b);

/* Maximum correlation of the 32 soft values with the codewords of CFI 1..3
 * (the reserved codeword is never chosen); ties go to the smaller CFI.
 * metric (may be NULL) receives the winning correlation. */
int lte_cfi_decode(const float *llr, int *cfi, float *metric);

/* ---- HI, §5.3.5 ----------------------------------------------------------
 * HI = 1 (ACK) or 0 (NACK), repeated three times (Table 5.3.5-1). */
#define LTE_HI_BITS 3

int lte_hi_encode(int hi, uint8_t *b);

/* Sum of the 3 soft values: negative -> ACK (1), otherwise NACK (0) (an
 * all-erased input decodes as NACK, the safe answer: it triggers a
 * retransmission rather than losing data). */
int lte_hi_decode(const float *llr, int *hi);

#ifdef __cplusplus
}
#endif
#endif
