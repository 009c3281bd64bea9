/* ltephy phy: PUCCH formats 1/1a/1b/2/2a/2b (TS 36.211 §5.4, with their
 * reference signals §5.5.2.2) and the (20, A) block code of TS 36.212
 * §5.2.3.3 that format 2 carries. Release 8, one antenna port (P = 1).
 *
 * Layout: a PUCCH subframe is given as sym[l * 12 + n], l = SC-FDMA symbol
 * of the subframe (0..13 normal CP, 0..11 extended), n = subcarrier 0..11 of
 * the PUCCH's PRB in that slot (prb[0] in slot 0, prb[1] in slot 1; §5.4.3).
 * Data and DMRS symbols are both filled; a shortened format 1 leaves the
 * last symbol (SRS) zero.
 *
 * Format 1/1a/1b (§5.4.1): symbol l of slot n_s carries
 *   S(n_s) d(0) w_noc(m) r_{u,0}^(alpha(n_s,l))(n),  alpha = 2 pi n_cs(n_s,l)/12,
 *   n_cs(n_s,l) = (n_cs^cell(n_s,l) + (n'(n_s) Delta_shift + (n_oc mod Delta_shift)) mod N') mod 12
 *   (extended CP: + (n' Delta_shift + n_oc/2) mod N'),
 *   n_cs^cell(n_s,l) = sum_{i=0}^{7} c(8 N_symb^UL n_s + 8 l + i) 2^i, c_init = N_ID^cell,
 * with n'(n_s), n_oc(n_s), N' from n_PUCCH^(1) (§5.4.1), S = 1 or j for even
 * or odd n'; DMRS (§5.5.2.2.1): wbar(m) r^(alpha(n_s,l)) in symbols 2,3,4
 * (normal CP) or 2,3 (extended), wbar of Table 5.5.2.2.1-2.
 * d(0) (Table 5.4.1-1): format 1: 1; 1a: b0 = 0 -> 1, 1 -> -1;
 *   1b: 00 -> 1, 01 -> -j, 10 -> j, 11 -> -1.
 * Format 2/2a/2b (§5.4.2): the 20 coded bits are scrambled with c_init =
 * (floor(n_s/2) + 1)(2 N_ID + 1) 2^16 + n_RNTI, QPSK-mapped to d(0..9),
 * symbol n of the ten data symbols carries d(n) r^(alpha(n_s,l)) with
 * n_cs(n_s,l) = (n_cs^cell(n_s,l) + n'(n_s)) mod 12; DMRS in symbols 1 and 5
 * (normal CP) or 3 (extended); for 2a/2b the second DMRS symbol of each
 * slot is multiplied by d(10) (Table 5.4.2-1, same mapping as 1a/1b).
 * PRB (§5.4.3): n_PRB = floor(m/2) if (m + n_s) is even, else
 * N_RB^UL - 1 - floor(m/2); m from n_PUCCH and N_RB^(2), N_cs^(1).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_PUCCH_H
#define LTEPHY_PUCCH_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/cell.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lte_pucch_format {
    LTE_PUCCH_F1 = 0,
    LTE_PUCCH_F1A = 1,
    LTE_PUCCH_F1B = 2,
    LTE_PUCCH_F2 = 3,
    LTE_PUCCH_F2A = 4, /* normal CP only */
    LTE_PUCCH_F2B = 5, /* normal CP only */
} lte_pucch_format;

typedef struct lte_pucch_cfg {
    int cell_id;        /* N_ID^cell 0..503 */
    lte_cp cp;          /* uplink CP */
    int group_hopping;  /* groupHoppingEnabled (sequence group of §5.5.1.3) */
    int delta_shift;    /* Delta_shift^PUCCH 1..3 */
    int n_cs1;          /* N_cs^(1): 0..7, a multiple of delta_shift */
    int n_rb2;          /* N_RB^(2) >= 0 */
    int n_rb_ul;        /* N_RB^UL 6..110 */
    int shortened;      /* format 1/1a/1b: last symbol of the subframe left for SRS */
    int rnti;           /* n_RNTI 0..65535 (format 2 scrambling) */
} lte_pucch_cfg;

/* Resource of one slot. */
typedef struct lte_pucch_res {
    int n_prime;        /* n'(n_s) */
    int n_oc;           /* n_oc(n_s) (formats 1; 0 for formats 2) */
    int n_prime_range;  /* N' (formats 1; 12 for formats 2) */
    int m;              /* m of §5.4.3 */
    int prb;            /* n_PRB */
    int n_cs[7];        /* n_cs(n_s, l) for every symbol l of the slot */
} lte_pucch_res;

/* n_cs^cell(n_s, l), ns 0..19, l 0..N_symb^UL-1. */
int lte_pucch_ncs_cell(int cell_id, lte_cp cp, int ns, int l);
/* Resource of slot ns for n_pucch (n_PUCCH^(1) for formats 1, n_PUCCH^(2)
 * for formats 2; n_PUCCH^(2) < 12 N_RB^(2) + ... is not bounded otherwise). */
int lte_pucch_resource(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int ns,
                       lte_pucch_res *res);
/* Number of input bits of a format: 0, 1, 2, 20, 21, 22 (formats 2a/2b:
 * the 20 coded bits, then the 1 or 2 HARQ-ACK bits). */
int lte_pucch_nbits(lte_pucch_format fmt);
/* Symbols of a subframe carrying the PUCCH (14 or 12; the shortened format 1
 * still reports the full count, its last symbol being zero). */
int lte_pucch_nsymb(lte_cp cp);
/* Build the PUCCH of subframe sf (0..9): sym receives nsymb * 12 values,
 * prb[2] the PRB of each slot. */
int lte_pucch_encode(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int sf,
                     const uint8_t *bits, float complex *sym, int prb[2]);
/* Place sym (from lte_pucch_encode) times beta into a subframe grid (grid.h
 * layout, n_rb_ul * 12 subcarriers per symbol). */
int lte_pucch_map(const lte_pucch_cfg *cfg, const float complex *sym, const int prb[2],
                  float beta, float complex *grid);
/* The inverse: copy the 12 REs of prb[slot] of every symbol out of a grid. */
int lte_pucch_extract(const lte_pucch_cfg *cfg, const float complex *grid, const int prb[2],
                      float complex *sym);

/* Coherent detector for formats 1a/1b: the channel of each slot is
 * estimated from its DMRS (least squares, averaged over the slot's DMRS
 * REs), the data symbols are despread with the conjugate of their
 * sequences, and d(0) is estimated as sum conj(h) y / sum |h|^2 over both
 * slots. Returns the bits (nearest constellation point) and, if not NULL,
 * the estimate of d(0). rx in the layout above. */
int lte_pucch1_detect(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int sf,
                      const float complex *rx, uint8_t *bits, float complex *d0);

/* Coherent receiver for formats 2/2a/2b: channel per slot from the DMRS
 * (least squares; for 2a/2b, d(10) is first estimated from the ratio of the
 * two DMRS symbols of each slot, summed over the slots, decided into ack(0)
 * or ack(0..1), and removed), matched despreading of each data symbol, QPSK
 * max-log LLRs with noise n0 per RE, descrambling, then ML decoding of the
 * (20, A) code into a(0..A-1). ack may be NULL for format 2. */
int lte_pucch2_decode(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int sf,
                      const float complex *rx, float n0, int a_len, uint8_t *a, uint8_t *ack);

/* ---- (20, A) code, 36.212 §5.2.3.3 ------------------------------------------- */

/* b(i) = sum_{n<A} a(n) M_{i,n} mod 2, i = 0..19, A = 1..13 (Table 5.2.3.3-1). */
int lte_rm20_encode(const uint8_t *a, int a_len, uint8_t b[20]);
/* Maximum-likelihood decoding from 20 LLRs (positive favours 0): the message
 * maximising sum_i (1 - 2 b_i) llr_i over all 2^A messages. */
int lte_rm20_decode(const float llr[20], int a_len, uint8_t *a);

#ifdef __cplusplus
}
#endif
#endif
