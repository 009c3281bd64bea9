/* ltephy phy: TDD HARQ-ACK on PUCCH for one serving cell, TDD uplink-downlink
 * configurations 1..6 (TS 36.213 §10.1.3 and §7.3, Release 8): the two
 * feedback modes a UE is configured with (tdd-AckNackFeedbackMode), as a UE
 * forms them and as an eNodeB reads them back. See docs/tdd_ack.md for the
 * clauses, the tables and where every table cell came from.
 *
 * One uplink subframe n answers the M downlink subframes n - k_i of the
 * downlink association set K = {k_0 .. k_{M-1}} (Table 10.1.3.1-1,
 * lte_harq_ack_dl_set() in ltephy/tdd_timing.h). Index i below is always the
 * position in K in the table's order (not the time order).
 *
 * PUCCH resource (§10.1.3.1), for the PDCCH detected in subframe n - k_m
 * whose first CCE is n_CCE,m:
 *   n(1)_PUCCH = (M - m - 1) N_c + m N_{c+1} + n_CCE,m + N(1)_PUCCH,
 *   c in {0, 1, 2, 3} such that N_c <= n_CCE,m < N_{c+1},
 *   N_c = max{0, floor(N_RB^DL (N_sc^RB c - 4) / 36)},  N_sc^RB = 12.
 * Bundling uses it with m of the last detected PDCCH; multiplexing derives
 * n(1)_PUCCH,i the same way for every i with a detected PDCCH.
 *
 * HARQ-ACK bundling (§10.1.3, §7.3): per codeword, the logical AND of the
 * HARQ-ACKs of the detected subframes, sent with format 1a (one codeword)
 * or 1b (two) on n(1)_PUCCH of the last detected PDCCH (the smallest k_m
 * with a detection). DAI check (§7.3): U_DAI = the number of PDCCHs the UE
 * detected in the M subframes, V_DAI^DL = the DAI of the last one (1..4,
 * the 2-bit field 00, 01, 10, 11 read as 1, 2, 3, 4); if U_DAI > 0 and
 * V_DAI^DL != (U_DAI - 1) mod 4 + 1 the UE has missed an assignment and,
 * HARQ-ACK being the only UCI on PUCCH, sends nothing (the eNodeB then sees
 * DTX and retransmits everything). U_DAI = 0: nothing to send either.
 * Not modelled: PDSCH without PDCCH (SPS, N_SPS), HARQ-ACK with SR or CQI,
 * PUSCH (where N_bundled comes from V_DAI^UL; see ulsch.h for the N_bundled
 * scrambling itself).
 *
 * HARQ-ACK multiplexing (§10.1.3, M = 2, 3, 4; configuration 5 has M = 9
 * and only bundling): HARQ-ACK(i) is DTX if no PDCCH was detected in
 * subframe n - k_i, else the AND of its codewords' HARQ-ACKs (spatial
 * bundling). The state (HARQ-ACK(0) .. HARQ-ACK(M-1)) selects one of the M
 * resources n(1)_PUCCH,i and the two bits b(0)b(1) of format 1b, or no
 * transmission, by the Release 8 Tables 10.1.3-2 (M = 2), 10.1.3-3 (M = 3)
 * and 10.1.3-4 (M = 4). (The Release 10 channel selection tables
 * 10.1.3.2-x for A = 2/3/4 of carrier aggregation, and the BL/CE Tables
 * 10.1.3-5/6/7, are other tables and not here.)
 *
 * Table 10.1.3-4 (M = 4) is incomplete here: the row of the states
 * (ACK, NACK/DTX, ACK, NACK/DTX) could not be read from two agreeing
 * sources (docs/tdd_ack.md): lte_tdd_ack_mux_encode() refuses those four
 * states with LTE_EUNSUPPORTED, and the inverse finds no state for the two
 * M = 4 outputs no implemented row uses ((n(1)_PUCCH,0, 00) and
 * (n(1)_PUCCH,2, 01), one of which is probably that row's).
 *
 * Values: a HARQ-ACK is lte_harq_ack (NACK 0, ACK 1 as 36.212 §5.2.3.1
 * codes them, DTX 2). A state of M subframes is numbered
 * s = sum_i HARQ-ACK(i) 3^i (0 .. 3^M - 1). What the receiver can say about
 * subframe i is a mask of the values it may have had, bit v = 1 << v
 * (lte_tdd_ack_dec): ACK, NACK, DTX when the table tells, NACK/DTX where the
 * table maps NACK and DTX alike, and any (ACK/NACK/DTX) where Table
 * 10.1.3-4 gives several states with different ACKs one output.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_TDD_ACK_H
#define LTEPHY_TDD_ACK_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/pucch.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_TDD_MUX_MMAX 4     /* largest M of the multiplexing tables */
#define LTE_TDD_MUX_NSTATES 81 /* 3^4 */

typedef enum lte_harq_ack {
    LTE_HARQ_NACK = 0,
    LTE_HARQ_ACK = 1,
    LTE_HARQ_DTX = 2, /* no PDCCH detected in that subframe */
} lte_harq_ack;

/* Receiver decision for one subframe: the mask of the values it may have had. */
typedef enum lte_tdd_ack_dec {
    LTE_TDD_DEC_NONE = 0,     /* no state of the table gives the detected output */
    LTE_TDD_DEC_NACK = 1,     /* 1 << LTE_HARQ_NACK */
    LTE_TDD_DEC_ACK = 2,      /* 1 << LTE_HARQ_ACK */
    LTE_TDD_DEC_DTX = 4,      /* 1 << LTE_HARQ_DTX */
    LTE_TDD_DEC_NACK_DTX = 5, /* NACK or DTX: the table does not tell them apart */
    LTE_TDD_DEC_ANY = 7,      /* ACK, NACK or DTX (shared outputs of Table 10.1.3-4) */
} lte_tdd_ack_dec;

/* What the UE knows of downlink subframe n - k_i. */
typedef struct lte_tdd_dl_sf {
    int detected;   /* a PDCCH (PDSCH assignment or SPS release) was detected */
    int n_cw;       /* transport blocks it scheduled: 1 or 2 (SPS release: 1) */
    uint8_t ack[2]; /* per transport block: 1 ACK (CRC passed), 0 NACK */
    int v_dai;      /* V_DAI^DL of that PDCCH, 1..4 */
    int n_cce;      /* n_CCE: first CCE of that PDCCH, >= 0 */
} lte_tdd_dl_sf;

/* n(1)_PUCCH of §10.1.3.1 for index m (0..M-1) of the set K, M = 1..9,
 * n_cce >= 0 below N_4 (else LTE_EINVAL), n1_pucch_an = N(1)_PUCCH 0..2047,
 * n_rb_dl 6..110. Returns n(1)_PUCCH >= 0 or a negative LTE_E* code. */
int lte_tdd_ack_n1pucch(int M, int m, int n_cce, int n1_pucch_an, int n_rb_dl);

/* ---- HARQ-ACK bundling ------------------------------------------------------ */
typedef struct lte_tdd_bundle {
    int transmit;  /* 1: send b with format 1a (n_bits 1) or 1b (2) on n1_pucch */
    int missed;    /* the DAI check found a missed assignment (then transmit = 0) */
    int u_dai;     /* U_DAI */
    int v_dai;     /* V_DAI^DL of the last detected PDCCH (0 if none) */
    int m;         /* index in K of the last detected PDCCH (-1 if none) */
    int n_bits;    /* 1 or 2: the most codewords of a detected subframe (0 if none) */
    uint8_t b[2];  /* per codeword: AND over the detected subframes carrying it */
    int n1_pucch;  /* n(1)_PUCCH of m (-1 unless transmit) */
} lte_tdd_bundle;

/* dl: the M subframes of uplink subframe `subframe` of TDD configuration
 * tdd_config (1..6) in the order of Table 10.1.3.1-1. */
int lte_tdd_ack_bundle(int tdd_config, int subframe, const lte_tdd_dl_sf *dl, int n1_pucch_an,
                       int n_rb_dl, lte_tdd_bundle *out);

/* ---- HARQ-ACK multiplexing --------------------------------------------------- */

/* HARQ-ACK(i), i < M (1..LTE_TDD_MUX_MMAX), after spatial bundling: DTX if
 * not detected, else the AND of the n_cw transport blocks. */
int lte_tdd_ack_mux_state(int M, const lte_tdd_dl_sf *dl, uint8_t *harq);

/* n(1)_PUCCH,i for every i < M with dl[i].detected, -1 for the others. */
int lte_tdd_ack_mux_resources(int M, const lte_tdd_dl_sf *dl, int n1_pucch_an, int n_rb_dl,
                              int *n1);

/* Tables 10.1.3-2/3/4: harq[0..M-1] (lte_harq_ack values), M = 2..4 ->
 * *i_res = the selected resource index i (0..M-1) and b(0)b(1) in b, or
 * *i_res = -1 for "no transmission" (b zeroed). LTE_EUNSUPPORTED for the
 * states of the M = 4 row that is not implemented (see above). */
int lte_tdd_ack_mux_encode(int M, const uint8_t *harq, int *i_res, uint8_t b[2]);

/* The receiver's inverse of the table. */
typedef struct lte_tdd_mux_inv {
    int n_states;                        /* states that give the output (0: none) */
    uint8_t state[LTE_TDD_MUX_NSTATES];  /* state[s] = 1 if state s gives it (s < 3^M) */
    uint8_t dec[LTE_TDD_MUX_MMAX];       /* per subframe: lte_tdd_ack_dec, the union */
} lte_tdd_mux_inv;

/* i_res = -1 (nothing detected) or 0..M-1 with b(0)b(1) in b (b may be NULL
 * for -1). The states of the table that give exactly this output. */
int lte_tdd_ack_mux_inverse(int M, int i_res, const uint8_t *b, lte_tdd_mux_inv *inv);

/* eNodeB receiver: format 1b detection (lte_pucch1_detect_dtx) on every
 * candidate resource n1[i] >= 0 (i < M; -1: no PDCCH was sent for subframe
 * i, so the UE cannot select it), the resource with the largest metric wins
 * if that metric exceeds thr (else DTX: nothing sent), then the inverse.
 * grid[a], a < n_rx (1..LTE_PUCCH_MAX_RX): the received subframe sf of
 * antenna a in the grid.h layout (n_rb_ul * 12 subcarriers per symbol,
 * lte_pucch_nsymb(cp) symbols); n0: noise per RE (> 0). No allocation.
 * The threshold is on the metric of lte_pucch1_detect_dtx (mean about 1 on
 * noise for one resource and hypothesis); taking the largest of up to M
 * resources and 4 hypotheses each, the false detection rate on a DTX
 * occasion is up to about 4 M times that of one fixed hypothesis, so choose
 * thr for the wanted rate with that union in mind: lte_sr_threshold(n_rx,
 * 4 M, p_fd) (sr.h) gives the union-bound threshold for a rate p_fd. */
typedef struct lte_tdd_mux_det {
    int i_res;                       /* detected resource index, -1 = DTX */
    uint8_t b[2];                    /* its b(0)b(1) (zero for DTX) */
    float metric[LTE_TDD_MUX_MMAX];  /* each candidate's metric (0 if n1[i] < 0) */
    lte_tdd_mux_inv inv;
} lte_tdd_mux_det;

int lte_tdd_ack_mux_detect(const lte_pucch_cfg *cfg, int sf, const float complex *const *grid,
                           int n_rx, float n0, float thr, int M, const int *n1,
                           lte_tdd_mux_det *det);

#ifdef __cplusplus
}
#endif
#endif
