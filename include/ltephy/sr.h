/* ltephy phy: scheduling request (SR) on PUCCH for one serving cell, alone
 * and together with HARQ-ACK (FDD, TDD bundling and multiplexing) or with a
 * periodic CQI report, Release 8 (TS 36.213 §10.1, §10.1.5, §7.3, §7.2.2;
 * TS 36.211 §5.4.1). See docs/sr.md for the clauses and where every table
 * value was read.
 *
 * SR configuration (36.213 §10.1.5, Table 10.1.5-1): sr-ConfigIndex I_SR
 * (0..157) gives SR_PERIODICITY (ms) and N_OFFSET,SR:
 *   I_SR 0..4: 5, I_SR;   5..14: 10, I_SR - 5;    15..34: 20, I_SR - 15;
 *   35..74: 40, I_SR - 35;   75..154: 80, I_SR - 75;
 *   155..156: 2, I_SR - 155;   157: 1, I_SR - 157.
 * SR opportunity: (10 n_f + floor(n_s / 2) - N_OFFSET,SR) mod SR_PERIODICITY
 * = 0. In TDD only uplink subframes (type U of 36.211 Table 4.2-2) carry
 * PUCCH, so an opportunity in a downlink or special subframe is none.
 *
 * Transmission (36.211 §5.4.1, 36.213 §10.1, §7.3): an SR is sent by on-off
 * keying: positive SR alone -> format 1, d(0) = 1, on n(1)_PUCCH,SRI
 * (sr-PUCCH-ResourceIndex); negative SR -> nothing. With HARQ-ACK:
 *  - FDD: format 1a/1b with the 1 or 2 HARQ-ACK bits on n(1)_PUCCH,SRI for a
 *    positive SR, on the HARQ-ACK resource for a negative SR;
 *  - TDD (bundling or multiplexing, tdd_ack.h): negative SR -> exactly the
 *    transmission of tdd_ack.h; positive SR -> format 1b on n(1)_PUCCH,SRI
 *    with b(0)b(1) from the number of ACKs (Table 7.3-1):
 *      0 ACK, or a missed downlink assignment detected by the DAI: 0 0;
 *      1, 4, 7 ACKs: 1 1;  2, 5, 8 ACKs: 1 0;  3, 6, 9 ACKs: 0 1.
 *    The count is over the U_DAI detected subframes, each subframe's
 *    HARQ-ACK being the AND of its codewords (spatial bundling); a missed
 *    assignment is the §7.3 DAI check of lte_tdd_ack_bundle(). When the UE
 *    detected no PDCCH at all it has no HARQ-ACK to send and sends the SR
 *    alone (format 1, the same symbol as format 1b 0 0).
 *  - periodic CQI/PMI/RI (format 2/2a/2b): in a subframe with a positive SR
 *    the report is dropped and the SR (with any HARQ-ACK) is sent as above;
 *    with a negative SR the report is sent as without SR (36.213 §7.2.2).
 *    HARQ-ACK with CQI (negative SR, FDD): format 2a/2b (normal CP) or
 *    format 2 with the HARQ-ACK bits jointly coded with the report
 *    (extended CP, 36.212 §5.2.3.4) if simultaneousAckNackAndCQI is set,
 *    else the report is dropped and the HARQ-ACK sent with format 1a/1b.
 * Not modelled: SPS (N_SPS), TDD with CQI, TDD multiplexing with M = 1,
 * TDD M = 1 with two codewords and a positive SR (refused, LTE_EUNSUPPORTED;
 * docs/sr.md), carrier aggregation, format 3, PUSCH (where SR is not sent).
 *
 * eNodeB receiver: the detection metric of lte_pucch1_detect_dtx() on the
 * SR resource and on every candidate HARQ-ACK resource; the largest metric
 * wins if it exceeds thr, else nothing was sent (negative SR, HARQ-ACK
 * DTX). The SR resource winning means a positive SR. Because format 1
 * (d(0) = 1) is the format 1a symbol of b = 0 and the format 1b symbol of
 * 0 0, a positive SR sent alone by a UE that missed every assignment reads
 * as "positive SR, NACK" (FDD) or "positive SR, 0 ACKs" (TDD), which is what
 * the UE's HARQ-ACK would have meant for the eNodeB anyway.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_SR_H
#define LTEPHY_SR_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/cell.h"
#include "ltephy/pucch.h"
#include "ltephy/tdd_ack.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_SR_I_MAX 157 /* largest sr-ConfigIndex */

/* ---- configuration (36.213 §10.1.5) -------------------------------------------- */

/* Table 10.1.5-1: I_SR 0..157 -> SR_PERIODICITY (ms) and N_OFFSET,SR (either
 * output may be NULL). */
int lte_sr_config(int i_sr, int *periodicity, int *offset);

/* 1 if subframe `subframe` (0..9) of frame n_f (sfn 0..1023) is an SR
 * opportunity of I_SR, else 0: (10 n_f + subframe - N_OFFSET,SR) mod
 * SR_PERIODICITY = 0 (subframe = floor(n_s / 2)). */
int lte_sr_opportunity(int i_sr, int sfn, int subframe);

/* 1 if the subframe can carry PUCCH: FDD always; TDD only an uplink
 * subframe (type U) of configuration tdd_config (0..6), per
 * lte_cell_subframe_type() (36.211 Table 4.2-2). */
int lte_sr_ul_subframe(lte_duplex duplex, int tdd_config, int subframe);

/* lte_sr_opportunity() and lte_sr_ul_subframe(): an SR may be sent. */
int lte_sr_ul_opportunity(lte_duplex duplex, int tdd_config, int i_sr, int sfn, int subframe);

/* ---- what the UE sends ------------------------------------------------------- */

/* What the UE puts on PUCCH in the subframe. */
typedef struct lte_sr_tx {
    int transmit;          /* 0: nothing on PUCCH */
    lte_pucch_format fmt;  /* when transmit */
    int n_pucch;           /* n(1)_PUCCH (formats 1) or n(2)_PUCCH (formats 2) */
    int on_sr_resource;    /* 1: n_pucch is n(1)_PUCCH,SRI */
    int n_bits;            /* HARQ-ACK bits b carried (0, 1 or 2) */
    uint8_t b[2];          /* format 1a/1b b(0)b(1); formats 2a/2b: d(10)'s bits;
                            * format 2, extended CP: bits appended to the report */
    int cqi;               /* 1: a CQI/PMI/RI report is sent (formats 2) */
    int cqi_dropped;       /* a report was due and is not sent */
    int n_ack;             /* TDD positive SR: the ACK count of Table 7.3-1 (-1 otherwise,
                            * 0 also for a detected missed assignment) */
    int missed;            /* TDD: the DAI check found a missed assignment */
} lte_sr_tx;

/* FDD. sr: 1 positive, 0 negative. n_ack: HARQ-ACK bits due in the subframe
 * (0: no PDSCH / SPS release detected in n - 4; 1 or 2 transport blocks)
 * with ack[0..n_ack-1] (1 ACK, 0 NACK; ack may be NULL for 0), n1_an its
 * n(1)_PUCCH (n_CCE + N(1)_PUCCH, >= 0; ignored for n_ack = 0), n1_sri =
 * n(1)_PUCCH,SRI 0..2047. cqi: a periodic report is due on n2 (n(2)_PUCCH
 * >= 0), simul_an_cqi: simultaneousAckNackAndCQI, cp the uplink CP. */
int lte_sr_fdd_tx(int sr, int n_ack, const uint8_t *ack, int n1_an, int n1_sri, int cqi, int n2,
                  int simul_an_cqi, lte_cp cp, lte_sr_tx *out);

typedef enum lte_tdd_ack_mode {
    LTE_TDD_ACK_BUNDLING = 0,
    LTE_TDD_ACK_MULTIPLEXING = 1,
} lte_tdd_ack_mode;

/* Table 7.3-1: the number of ACKs n_ack (0..9) -> b(0)b(1); missed != 0
 * (a downlink assignment detected as missed) gives 0 0 whatever n_ack. */
int lte_sr_tdd_count_bits(int n_ack, int missed, uint8_t b[2]);

/* The eNodeB's inverse of Table 7.3-1: b -> the class of ACK counts, 0 (0
 * ACKs or a missed assignment), 1 (1, 4 or 7), 2 (2, 5 or 8), 3 (3, 6 or 9). */
int lte_sr_tdd_count_class(const uint8_t b[2]);

/* TDD, configurations 1..6 (bundling) or those with M = 2..4 in the
 * subframe (multiplexing): dl[0..M-1] as for lte_tdd_ack_bundle() (the M
 * subframes of Table 10.1.3.1-1 for uplink subframe `subframe`), n1_an =
 * N(1)_PUCCH 0..2047, n_rb_dl 6..110, n1_sri 0..2047. */
int lte_sr_tdd_tx(int sr, lte_tdd_ack_mode mode, int tdd_config, int subframe,
                  const lte_tdd_dl_sf *dl, int n1_an, int n_rb_dl, int n1_sri, lte_sr_tx *out);

/* ---- eNodeB receiver ----------------------------------------------------------- */

/* Threshold on the lte_pucch1_detect_dtx() metric for a false detection
 * probability p_fd (0 < p_fd < 1) on noise when the receiver takes the
 * largest of n_hyp hypotheses (format 1: 1 per resource, 1a: 2, 1b: 4;
 * summed over the resources it compares): each hypothesis' T(d) is
 * Gamma(2 n_rx, 1) on noise, so by the union bound thr solves
 * n_hyp P(Gamma(2 n_rx, 1) > 2 n_rx thr) = p_fd (exact for n_hyp = 1), that
 * is lte_pucch3_dtx_threshold(n_rx, 0, p_fd / n_hyp). */
int lte_sr_threshold(int n_rx, int n_hyp, double p_fd, float *thr);

typedef struct lte_sr_det {
    int sr;              /* 1: positive SR detected */
    int ack;             /* 1: HARQ-ACK detected (0: DTX, or none expected) */
    int winner;          /* -1: nothing above thr; 0: the SR resource; 1 + i: HARQ-ACK
                          * candidate i */
    uint8_t b[2];        /* the winner's bits (zero if none) */
    float metric_sr;     /* metric on the SR resource */
    float metric_an[LTE_TDD_MUX_MMAX]; /* each HARQ-ACK candidate's metric (0 if unused) */
    int count_class;     /* TDD positive SR: lte_sr_tdd_count_class(b), else -1 */
    lte_tdd_mux_inv inv; /* TDD multiplexing, negative SR with HARQ-ACK detected */
} lte_sr_det;

/* FDD. grid[a], a < n_rx (1..LTE_PUCCH_MAX_RX): received subframe sf
 * (grid.h layout, n_rb_ul * 12 subcarriers, lte_pucch_nsymb(cp) symbols);
 * n0 > 0 noise per RE; n_ack 0 (only an SR can come: format 1 on n1_sri),
 * 1 or 2 (format 1a/1b on n1_sri or on n1_an). No allocation. */
int lte_sr_fdd_detect(const lte_pucch_cfg *cfg, int sf, const float complex *const *grid,
                      int n_rx, float n0, float thr, int n1_sri, int n_ack, int n1_an,
                      lte_sr_det *det);

/* TDD. n1[i], i < M (1..4): the HARQ-ACK resource the UE would use for
 * subframe i (lte_tdd_ack_n1pucch() of the PDCCH the eNodeB sent there), -1
 * if none was sent. Bundling: format 1a (n_bits 1) or 1b (2) on the n1[i];
 * multiplexing (M = 2..4, n_bits ignored): format 1b, then the inverse of
 * Tables 10.1.3-2/3/4 (det->inv, by lte_tdd_ack_mux_detect()). The SR
 * resource is tested with format 1b (4 hypotheses). */
int lte_sr_tdd_detect(const lte_pucch_cfg *cfg, int sf, const float complex *const *grid,
                      int n_rx, float n0, float thr, lte_tdd_ack_mode mode, int M,
                      const int *n1, int n_bits, int n1_sri, lte_sr_det *det);

#ifdef __cplusplus
}
#endif
#endif
