/* ltephy phy: bit-level scrambling of the physical channels (TS 36.211
 * §5.3.1, §6.3.1, §6.5.1, §6.6.1, §6.7.1, §6.8.2, §6.9.1).
 *
 * Every channel scrambles its block of bits b(i) as b~(i) = (b(i) + c(i)) mod 2
 * with the Gold sequence c of §7.2 (ltephy/gold.h); the channels differ only
 * in c_init and in when the sequence restarts. The lte_scr_cinit_* functions
 * compute c_init (they validate every argument and return 0 or LTE_EINVAL);
 * the sequence restarts:
 *   PDSCH, PUSCH, PMCH, PCFICH, PDCCH, PHICH: at the start of every subframe
 *     (hence floor(n_s/2) in their c_init);
 *   PBCH: in every radio frame with n_f mod 4 = 0: the block of M_bit bits
 *     (1920 normal CP, 1728 extended) is scrambled as one and spans four
 *     frames; frame n_f carries its bits (n_f mod 4)*M_bit/4 onwards
 *     (§6.6.4), which lte_scr_pbch_offset() gives.
 *
 * Argument ranges: n_RNTI 0..65535 (16 bits), q (codeword) 0..1, n_s (slot)
 * 0..19, N_ID^cell 0..503, N_ID^MBSFN 0..255.
 *
 * The PDCCH/PHICH <NIL> and placeholder handling is not modelled here.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_SCRAMBLING_H
#define LTEPHY_SCRAMBLING_H

#include <stdint.h>

#include "ltephy/simd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_PBCH_BITS_NORMAL 1920   /* M_bit, normal CP (§6.6.1) */
#define LTE_PBCH_BITS_EXTENDED 1728 /* M_bit, extended CP (§6.6.1) */

/* Largest offset + n that the offset (non-zero) variants below accept:
 * enough for every PBCH frame (4 * 1920 bits) with room to spare. */
#define LTE_SCR_SPAN_MAX 8192

/* §6.3.1 PDSCH: n_RNTI*2^14 + q*2^13 + floor(n_s/2)*2^9 + N_ID^cell. */
int lte_scr_cinit_pdsch(int rnti, int q, int ns, int cell_id, uint32_t *c_init);
/* §5.3.1 PUSCH: n_RNTI*2^14 + q*2^13 + floor(n_s/2)*2^9 + N_ID^cell. */
int lte_scr_cinit_pusch(int rnti, int q, int ns, int cell_id, uint32_t *c_init);
/* §6.5.1 PMCH: floor(n_s/2)*2^9 + N_ID^MBSFN. */
int lte_scr_cinit_pmch(int ns, int mbsfn_id, uint32_t *c_init);
/* §6.6.1 PBCH: N_ID^cell (restarted in frames with n_f mod 4 = 0). */
int lte_scr_cinit_pbch(int cell_id, uint32_t *c_init);
/* §6.7.1 PCFICH: (floor(n_s/2)+1)*(2N_ID^cell+1)*2^9 + N_ID^cell. */
int lte_scr_cinit_pcfich(int ns, int cell_id, uint32_t *c_init);
/* §6.8.2 PDCCH: floor(n_s/2)*2^9 + N_ID^cell. */
int lte_scr_cinit_pdcch(int ns, int cell_id, uint32_t *c_init);
/* §6.9.1 PHICH: (floor(n_s/2)+1)*(2N_ID^cell+1)*2^9 + N_ID^cell. */
int lte_scr_cinit_phich(int ns, int cell_id, uint32_t *c_init);

/* Offset in bits into the PBCH scrambling sequence of the part radio frame
 * n_f (>= 0) carries: (n_f mod 4) * M_bit/4, M_bit per extended_cp (0/1). */
int lte_scr_pbch_offset(int n_f, int extended_cp);

/* Scramble n unpacked bits: out[i] = in[i] XOR c(offset + i). in may equal
 * out. offset = 0 accepts any n >= 0; offset > 0 needs
 * offset + n <= LTE_SCR_SPAN_MAX (the sequence up to there is generated on
 * the stack: no allocation). path selects the Gold-sequence kernel's SIMD
 * path (all paths give identical output). */
int lte_scramble_bits(uint32_t c_init, int offset, const uint8_t *in, int n, uint8_t *out,
                      lte_simd_path path);

/* Descramble n soft values in place: llr[i] = -llr[i] where c(offset+i) = 1
 * (the sign flip is exact). Same offset rules as lte_scramble_bits. */
int lte_descramble_llr(uint32_t c_init, int offset, float *llr, int n, lte_simd_path path);

#ifdef __cplusplus
}
#endif
#endif
