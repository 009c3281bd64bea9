/* ltephy phy: UL-SCH with uplink control information on PUSCH, the parts of
 * TS 36.212 §5.2.2 beyond the turbo-coded data (which is ltephy/sch.h with
 * cfg.uplink = 1): channel coding of control information (§5.2.2.6), data
 * and control multiplexing (§5.2.2.7), the channel interleaver (§5.2.2.8),
 * control-only transmission (§5.2.4 sizes), and the receive-side inverse.
 *
 * Scope: one codeword on one layer (N_L = 1), Q_m = 2, 4, 6 or 8, HARQ-ACK
 * of FDD and of TDD (with the TDD HARQ-ACK bundling scrambling of Table
 * 5.2.2.6-A when lte_ulsch_cfg.n_bundled > 0, see below), O_ACK and O_RI up
 * to 11 bits (1 bit, 2 bits, and the (32,O) block code), O_CQI up to
 * LTE_UCI_CQI_OMAX bits. Not covered: the Rel-10+ dual (32,O) code for
 * 12..22 HARQ-ACK/RI bits and CRC + TBCC beyond, UCI on two codewords /
 * several layers, and the Rel-13 >22-bit HARQ-ACK offsets.
 *
 * Placeholders. HARQ-ACK and RI of 1 or 2 bits are coded with the
 * placeholders "x" and "y" of §5.2.2.6 (Tables 5.2.2.6-1..4), which the
 * PUSCH scrambler resolves (36.211 §5.3.1: x -> 1, y -> the previous
 * scrambled bit) so that the constellation points carrying them have the
 * largest Euclidean distance. The coded and interleaved bit sequences here
 * hold them as the values LTE_UCI_X and LTE_UCI_Y; every other bit is 0/1.
 * lte_ulsch_scramble() does that scrambling; lte_ulsch_descramble() is its
 * receive-side inverse, which turns the soft value at a y position into one
 * of the bit y repeats and zeroes x positions. The HARQ-ACK/RI decoders
 * count a y soft value as a repetition of the bit before it (so descramble
 * with lte_ulsch_descramble, not with a plain descrambler, which would leave
 * y positions with the wrong sign half the time) and ignore x.
 *
 * TDD HARQ-ACK bundling (36.212 §5.2.2.6, Table 5.2.2.6-A): with N_bundled
 * > 0 (1 or 2 HARQ-ACK bits, the bundled HARQ-ACK of 36.213 §7.3) the coded
 * sequence q^ACK becomes qtilde^ACK before multiplexing:
 *   k = 0; m = 1 (O_ACK = 1) or 3 (O_ACK = 2); w = Table 5.2.2.6-A row
 *   (N_bundled - 1) mod 4: [1 1 1 1], [1 0 1 0], [1 1 0 0], [1 0 0 1];
 *   for each i < Q_ACK: x -> stays x; y -> qtilde_i = (q_(i-1) +
 *   w_floor(k/m)) mod 2, k = (k + 1) mod 4m; a coded bit -> qtilde_i =
 *   (q_i + w_floor(k/m)) mod 2, k = (k + 1) mod 4m.
 * The y positions thus carry ordinary bits, scrambled by c(i) on PUSCH like
 * data; lte_ulsch_descramble / lte_ulsch_fix_placeholders leave them as
 * plainly descrambled soft values (x still -> 0), and lte_ulsch_decode
 * removes w before the HARQ-ACK decoder. N_bundled = 0 (FDD, TDD
 * multiplexing): none of this, every output as before. docs/tdd_ack.md says
 * where this reading of the clause comes from.
 *
 * Soft values: L = ln P(0)/P(1), positive favours 0, as everywhere.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_ULSCH_H
#define LTEPHY_ULSCH_H

#include <stdint.h>

#include "ltephy/sch.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_UCI_X 2 /* placeholder "x" of §5.2.2.6 */
#define LTE_UCI_Y 3 /* placeholder "y" of §5.2.2.6 */

#define LTE_UCI_RM_OMAX 11     /* (32,O) block code: O = 1..11 */
#define LTE_UCI_ACK_OMAX 11    /* HARQ-ACK bits handled */
#define LTE_UCI_RI_OMAX 11     /* RI bits handled */
#define LTE_UCI_CQI_OMAX 1024  /* CQI/PMI bits handled (O > 11: CRC8 + TBCC) */
#define LTE_ULSCH_MRB_MAX 110
#define LTE_ULSCH_BITS_MAX (12 * LTE_ULSCH_MRB_MAX * 12 * 8) /* M_sc N_symb Q_m, largest (256QAM) */

/* ---- Offsets of 36.213 §8.6.3 ----------------------------------------------
 * beta_offset values times 8 (every value in Tables 8.6.3-1..3 is a multiple
 * of 1/8, so the resource formulas below are evaluated exactly in integers).
 * LTE_EINVAL for an index outside the table or a reserved entry. */
int lte_uci_beta_ack_x8(int index, int *beta_x8); /* Table 8.6.3-1, index 0..14 */
int lte_uci_beta_ri_x8(int index, int *beta_x8);  /* Table 8.6.3-2, index 0..12 */
int lte_uci_beta_cqi_x8(int index, int *beta_x8); /* Table 8.6.3-3, index 2..15 */

/* ---- (32,O) block code, §5.2.2.6.4 ----------------------------------------
 * b_i = sum_{n=0}^{O-1} o_n M_{i,n} mod 2, i = 0..31, with the basis
 * sequences M_{i,n} of Table 5.2.2.6.4-1. Linear, rank 11; minimum distance
 * 32 (O = 1), 16 (O = 2..6), 12 (O = 7..10), 10 (O = 11). */

/* Row i (0..31) of Table 5.2.2.6.4-1 as an integer whose bit n is M_{i,n}
 * (n = 0..10), or LTE_EINVAL. */
int lte_uci_rm32_row(int i);

/* o: O bits (1..11); b: 32 bits. */
int lte_uci_rm32_encode(const uint8_t *o, int O, uint8_t *b);

/* ---- HARQ-ACK and RI coding, §5.2.2.6 ---------------------------------------
 * O = 1: block [o0 y x...x] of Q_m bits (Tables 5.2.2.6-1 / -3);
 * O = 2: block [o0 o1 x.. o2 o0 x.. o1 o2 x..] of 3 Q_m bits, each group of
 *        Q_m starting with two information bits, o2 = o0 XOR o1
 *        (Tables 5.2.2.6-2 / -4);
 * O = 3..11: the 32-bit (32,O) codeword.
 * The block is repeated and cut to Q bits (the last repetition may be
 * partial), Q = Q_m Q'. HARQ-ACK and RI are coded identically; the two names
 * are kept because the spec keeps two tables. */
int lte_uci_ack_encode(const uint8_t *o, int O, int q_m, int Q, uint8_t *q);
int lte_uci_ri_encode(const uint8_t *o, int O, int q_m, int Q, uint8_t *q);

/* Maximum-likelihood decoding from Q soft values: the soft values of each
 * block position are summed over the repetitions, then the 2^O messages are
 * scored by correlation with their block (placeholders score nothing); the
 * best wins, ties go to the smaller message (o0 the least significant bit).
 * A y soft value counts for the bit before it, an x for nothing.
 * metric (may be NULL): the winning correlation. Non-finite input: EINVAL. */
int lte_uci_ack_decode(const float *llr, int O, int q_m, int Q, uint8_t *o, float *metric);
int lte_uci_ri_decode(const float *llr, int O, int q_m, int Q, uint8_t *o, float *metric);

/* ---- CQI/PMI coding, §5.2.2.6.4 ---------------------------------------------
 * O <= 11: the (32,O) codeword repeated to Q bits, q_i = b_(i mod 32).
 * O > 11: CRC8 attached (§5.1.1), tail-biting convolutional coding
 * (§5.1.3.1) and rate matching to Q bits (§5.1.4.2). O in 1..LTE_UCI_CQI_OMAX. */
int lte_uci_cqi_encode(const uint8_t *o, int O, int Q, uint8_t *q);

/* ---- Resources, §5.2.2.6 (with data) and §5.2.4 (control only) -------------*/
typedef struct lte_ulsch_cfg {
    int n_prb;       /* M_RB^PUSCH, 1..110: M_sc^PUSCH = 12 n_prb */
    int cp_extended; /* 0: normal CP (N_symb^UL = 7), 1: extended (6) */
    int n_srs;       /* 1 if the subframe's last symbol is for SRS (shortened PUSCH) */
    int q_m;         /* 2, 4, 6, or 8 (256QAM, Rel-14 ul-256QAM) */
    int tbs;         /* UL-SCH transport block bits; 0 = control only (§5.2.4) */
    int rv;          /* redundancy version of the data, 0..3 */
    int o_ack;       /* HARQ-ACK bits, 0..11 (0 = none) */
    int o_ri;        /* RI bits, 0..11 (0 = none) */
    int o_cqi;       /* CQI/PMI bits, 0..LTE_UCI_CQI_OMAX (control only needs > 0) */
    int beta_ack;    /* I_offset^HARQ-ACK, 36.213 Table 8.6.3-1 */
    int beta_ri;     /* I_offset^RI, Table 8.6.3-2 */
    int beta_cqi;    /* I_offset^CQI, Table 8.6.3-3 */
    /* The initial transmission of the transport block, which the formulas of
     * §5.2.2.6 use (retransmissions keep the UCI share of the first one):
     * 0 means "the same as this transmission". */
    int n_prb_init;  /* M_sc^PUSCH-initial / 12 */
    int n_symb_init; /* N_symb^PUSCH-initial = 2 (N_symb^UL - 1) - N_SRS */
    /* N_bundled of 36.212 §5.2.2.6 for TDD HARQ-ACK bundling (36.213 §7.3):
     * 0 = not bundled (FDD, TDD multiplexing: every earlier behaviour);
     * 1..LTE_ULSCH_NBUNDLED_MAX with o_ack = 1 or 2: the scrambling of
     * Table 5.2.2.6-A with row (N_bundled - 1) mod 4. Last field, so that
     * positional initialisers of the fields above keep their meaning. */
    int n_bundled;
} lte_ulsch_cfg;

#define LTE_ULSCH_NBUNDLED_MAX 16 /* a generous bound: only (N_bundled - 1) mod 4 matters */

/* Everything the multiplexer and the channel interleaver need. Filled by
 * lte_ulsch_sizes_get(); a caller may also fill it by hand (tests do) within
 * these rules: m_sc >= 1; n_symb in {11, 12} (normal CP) or {9, 10}
 * (extended CP), so that the column sets fit; q_m 1..8; q_ack_sym and
 * q_ri_sym in 0..4 m_sc; g_sym + q_cqi_sym + q_ri_sym = m_sc n_symb. */
typedef struct lte_ulsch_sizes {
    int m_sc;        /* M_sc^PUSCH = R'_mux, rows of the interleaver */
    int n_symb;      /* N_symb^PUSCH = C_mux, columns */
    int cp_extended; /* selects the column sets of Tables 5.2.2.8-1/-2 */
    int q_m;
    int q_ack_sym, q_ri_sym, q_cqi_sym, g_sym; /* Q'_ACK, Q'_RI, Q'_CQI, G/Q_m */
    /* bit counts, q_m times the above: */
    int q_ack, q_ri, q_cqi, G;
    int H;      /* G + Q_CQI (§5.2.2.7) */
    int n_bits; /* H + Q_RI = m_sc n_symb q_m: interleaver output length */
} lte_ulsch_sizes;

/* Q'_ACK, Q'_RI, Q'_CQI (36.212 §5.2.2.6 / §5.2.4), G and the rest. With data:
 *   Q' = min(ceil(O M_sc^init N_symb^init beta / sum_r K_r), 4 M_sc) (ACK, RI),
 *   Q'_CQI = min(ceil((O + L) M_sc^init N_symb^init beta / sum_r K_r),
 *                M_sc N_symb - Q_RI/Q_m),  L = 0 if O <= 11 else 8,
 * K_r the code block sizes of the transport block (§5.1.2). Control only:
 *   Q' = min(ceil(O M_sc N_symb beta_x / beta_CQI / O_CQI-MIN), 4 M_sc),
 *   O_CQI-MIN = O_CQI + L, Q_CQI = M_sc N_symb Q_m - Q_RI. (The spec's
 *   O_CQI-MIN counts the CQI bits assuming rank 1; o_cqi is used, so pass
 *   the rank-1 report or accept the difference.)
 * LTE_EINVAL if the data would get no bits. */
int lte_ulsch_sizes_get(const lte_ulsch_cfg *cfg, lte_ulsch_sizes *s);

/* ---- Multiplexing and channel interleaving, §5.2.2.7-8 ----------------------
 * Symbol vectors of Q_m bits: CQI first then data (§5.2.2.7); RI written from
 * the bottom row upwards in the columns of Table 5.2.2.8-2 ({1,4,7,10}
 * normal CP, {0,3,5,8} extended), the CQI/data vectors row by row around
 * them, HARQ-ACK from the bottom row upwards in the columns of Table
 * 5.2.2.8-1 ({2,3,8,9} / {1,2,6,7}) overwriting (puncturing) what was
 * there; read out column by column.
 * f: G data bits; q_cqi, q_ri, q_ack: Q_CQI, Q_RI, Q_ACK coded bits (a
 * pointer may be NULL when its count is 0); h: n_bits out. Placeholder
 * values pass through unchanged. */
int lte_ulsch_interleave(const lte_ulsch_sizes *s, const uint8_t *f, const uint8_t *q_cqi,
                         const uint8_t *q_ri, const uint8_t *q_ack, uint8_t *h);

/* Inverse: n_bits soft values -> the soft values of f, q_cqi, q_ri, q_ack
 * (NULL allowed where the count is 0). Data and CQI positions punctured by
 * HARQ-ACK come out as 0 (erased). No allocation. */
int lte_ulsch_deinterleave(const lte_ulsch_sizes *s, const float *llr, float *f, float *q_cqi,
                           float *q_ri, float *q_ack);

/* ---- The whole chain ---------------------------------------------------------
 * An object holding the UL-SCH data encoder and decoder (ltephy/sch.h), the
 * Viterbi decoder for long CQI and buffers for the largest subframe. No
 * allocation after create; one object per thread. */
typedef struct lte_ulsch lte_ulsch;

/* cfg: the data coder's configuration; cfg->uplink must be 1. */
int lte_ulsch_create(const lte_sch_cfg *cfg, lte_ulsch **out);
void lte_ulsch_destroy(lte_ulsch *u); /* NULL allowed */

/* tb: cfg->tbs bits (ignored if 0); cqi, ri, ack: o_cqi, o_ri, o_ack bits
 * (NULL where the count is 0); h: s.n_bits values (0, 1, LTE_UCI_X,
 * LTE_UCI_Y) ready for PUSCH scrambling. */
int lte_ulsch_encode(lte_ulsch *u, const lte_ulsch_cfg *cfg, const uint8_t *tb,
                     const uint8_t *cqi, const uint8_t *ri, const uint8_t *ack, uint8_t *h);

/* Intermediate stages of the last lte_ulsch_encode call, for vector dumps
 * (the turbo-coded stages before f: lte_sch_enc_stage is not reachable
 * through this object; encode with ltephy/sch.h for those). */
typedef enum lte_ulsch_stage {
    LTE_ULSCH_STAGE_DATA = 0, /* f: coded UL-SCH data, G bits (§5.2.2.1-5) */
    LTE_ULSCH_STAGE_CQI,      /* q_CQI: Q_CQI coded CQI/PMI bits (§5.2.2.6.4) */
    LTE_ULSCH_STAGE_RI,       /* q_RI: Q_RI coded RI bits, with placeholders */
    LTE_ULSCH_STAGE_ACK,      /* q_ACK: Q_ACK coded HARQ-ACK bits, with placeholders
                               * (qtilde^ACK when n_bundled > 0) */
} lte_ulsch_stage;
int lte_ulsch_enc_stage(const lte_ulsch *u, lte_ulsch_stage stage, const uint8_t **bits, int *n);

typedef struct lte_ulsch_result {
    lte_sch_result data; /* data decoding (zeros when tbs = 0) */
    int cqi_crc_ok;      /* O_CQI > 11: 1 if the CRC8 checks, else 0; -1 when no CRC */
    float ack_metric, ri_metric, cqi_metric; /* ML correlations (0 when absent) */
} lte_ulsch_result;

/* llr: s.n_bits descrambled soft values. h_harq: the HARQ soft buffer of the
 * data (may be NULL when tbs = 0). Writes tb, cqi, ri, ack (NULL where the
 * count is 0). Returns 0 on valid arguments whatever the CRCs say; res tells. */
int lte_ulsch_decode(lte_ulsch *u, lte_sch_harq *h_harq, const lte_ulsch_cfg *cfg,
                     const float *llr, uint8_t *tb, uint8_t *cqi, uint8_t *ri, uint8_t *ack,
                     lte_ulsch_result *res);

/* Decode Q CQI soft values of O bits (object's Viterbi decoder for O > 11).
 * crc_ok (may be NULL): as cqi_crc_ok above. metric (may be NULL). */
int lte_ulsch_cqi_decode(lte_ulsch *u, const float *llr, int O, int Q, uint8_t *o,
                         int *crc_ok, float *metric);

/* ---- PUSCH scrambling with placeholders, 36.211 §5.3.1 ------------------------
 * c(i): the Gold sequence (ltephy/gold.h) from c_init (lte_scr_cinit_pusch()
 * in ltephy/scrambling.h). Transmitter: out(i) = 1 for x, out(i-1) for y,
 * (h(i) + c(i)) mod 2 otherwise; n in 1..LTE_ULSCH_BITS_MAX (uses the
 * object's buffer for c). Receiver: descramble the s.n_bits soft values of a
 * subframe configured by cfg, in place: x positions -> 0, y positions
 * descrambled with c(i-1) (they carry b(i-1) + c(i-1)), others with c(i). */
int lte_ulsch_scramble(lte_ulsch *u, uint32_t c_init, const uint8_t *h, int n, uint8_t *out);
int lte_ulsch_descramble(lte_ulsch *u, const lte_ulsch_cfg *cfg, uint32_t c_init, float *llr);

/* lte_ulsch_descramble in two parts, for a demapper that descrambles as it
 * stores (lte_demap_maxlog_words): lte_ulsch_scr_words writes c(0 ..
 * s.n_bits-1) from c_init into the object's buffer as words (bit j of word k
 * = c(64k + j)) and points *w at them (valid until the object is used
 * again); lte_ulsch_fix_placeholders then does to soft values descrambled
 * by those words what lte_ulsch_descramble does after its plain
 * descrambling (x positions -> 0, y positions to c(i-1)). */
int lte_ulsch_scr_words(lte_ulsch *u, const lte_ulsch_cfg *cfg, uint32_t c_init,
                        const uint64_t **w);
int lte_ulsch_fix_placeholders(const lte_ulsch_cfg *cfg, const uint64_t *w, float *llr);

#ifdef __cplusplus
}
#endif
#endif
