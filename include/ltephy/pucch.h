/* ltephy phy: PUCCH formats 1/1a/1b/2/2a/2b and 3 (TS 36.211 §5.4, with their
 * reference signals §5.5.2.2) and the (20, A) block code of TS 36.212
 * §5.2.3.3 that format 2 carries. Release 8 (format 3: Release 10), one
 * antenna port (P = 1).
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
/* The same over n_rx antennas (1..LTE_PUCCH_MAX_RX; rx[r] in the layout
 * above): channel per antenna and slot from its DMRS, d(10) of 2a/2b from
 * the DMRS ratios summed over slots and antennas, maximum-ratio combining of
 * the despread data symbols, LLRs with the combined gain. n_rx = 1 is
 * lte_pucch2_decode exactly. */
#define LTE_PUCCH_MAX_RX 8
int lte_pucch2_decode_rx(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int sf,
                         const float complex *const *rx, int n_rx, float n0, int a_len,
                         uint8_t *a, uint8_t *ack);

/* ---- (20, A) code, 36.212 §5.2.3.3 ------------------------------------------- */

/* b(i) = sum_{n<A} a(n) M_{i,n} mod 2, i = 0..19, A = 1..13 (Table 5.2.3.3-1). */
int lte_rm20_encode(const uint8_t *a, int a_len, uint8_t b[20]);
/* Maximum-likelihood decoding from 20 LLRs (positive favours 0): the message
 * maximising sum_i (1 - 2 b_i) llr_i over all 2^A messages. */
int lte_rm20_decode(const float llr[20], int a_len, uint8_t *a);

/* ---- PUCCH format 3 (36.211 §5.4.2A, §5.5.2.2; 36.212 §5.2.3.1) ----------
 * Coding (36.212 §5.2.3.1): O = 1..11 HARQ-ACK bits: the (32, O) code of
 * Table 5.2.2.6.4-1 repeated circularly, b_i = btilde_(i mod 32), i < 48.
 * O = 12..22: the first ceil(O/2) bits and the other floor(O/2) bits each
 * coded with the (32, .) code and cut to 24 bits (btilde, btilde'), then
 * interleaved in pairs: b_4k = btilde_2k, b_4k+1 = btilde_2k+1,
 * b_4k+2 = btilde'_2k, b_4k+3 = btilde'_2k+1, k = 0..11.
 * Modulation (§5.4.2A): b scrambled with the format 2 c_init, QPSK d(0..23);
 * the n-th data symbol of the subframe (n = 0..N_SF,0 + N_SF,1 - 1) carries
 *   y_n(i) = w_{n_oc,s}(nbar) e^{j pi floor(n_cs^cell(n_s,l)/64)/2} d(12 s + i),
 *   s = slot, nbar = symbol index within the slot, i = 0..11,
 * cyclically shifted ytilde_n(i) = y_n((i + n_cs^cell(n_s,l)) mod 12) and
 * transform precoded z(k) = 12^(-1/2) sum_i ytilde_n(i) e^{-j 2 pi i k / 12}.
 * N_SF,0 = 5, N_SF,1 = 5 (4 shortened); data symbols l = 0,2,3,4,6 (normal
 * CP) or 0,1,2,4,5 (extended), the shortened format leaves the last one of
 * slot 1 empty. w of Table 5.4.2A-1: N_SF = 5: w(m) = e^{j 2 pi n_oc m / 5};
 * N_SF = 4: [+1 +1 +1 +1], [+1 -1 +1 -1], [+1 +1 -1 -1], [+1 -1 -1 +1].
 * Resource (§5.4.2A, §5.4.3): n_oc,0 = n_PUCCH^(3) mod N_SF,1,
 * n_oc,1 = (3 n_oc,0) mod N_SF,1 if N_SF,1 = 5 else n_oc,0,
 * m = floor(n_PUCCH^(3) / N_SF,1).
 * DMRS (§5.5.2.2.1): as format 2 (symbols 1, 5 normal CP, 3 extended,
 * wbar = 1) with n_cs = (n_cs^cell(n_s,l) + n'(n_s)) mod 12, n' from n_oc of
 * the slot by Table 5.5.2.2.1-4: N_SF,1 = 5: 0, 3, 6, 8, 10; N_SF,1 = 4:
 * 0, 3, 6, 9.
 *
 * Receiver (lte_pucch3_decode): per antenna and slot, least-squares channel
 * per subcarrier from the DMRS (averaged over the slot's DMRS symbols),
 * cleaned in the delay domain: of its 12-point inverse DFT only tap 0 and,
 * when their power over the antennas exceeds 3 times their noise
 * (n0 / (12 N_RS) each), taps -1 and +1 are kept (this removes other users'
 * DMRS on other cyclic shifts of the PRB, spaced at least 2 apart, and most
 * of the noise on channels with little delay spread), MMSE combining over
 * the antennas per subcarrier with the given noise n0 per RE, inverse
 * transform precoding, cyclic shift and
 * phase removed, despreading with conj(w), QPSK max-log LLRs, descrambling
 * and maximum-likelihood decoding over all 2^O messages (each half
 * separately for O > 11). */
#define LTE_PUCCH3_OMAX 22
#define LTE_PUCCH3_BITS 48

int lte_pucch3_code(const uint8_t *o, int O, uint8_t b[LTE_PUCCH3_BITS]);
/* ML decoding from 48 LLRs (positive favours 0). */
int lte_pucch3_code_decode(const float llr[LTE_PUCCH3_BITS], int O, uint8_t *o);
/* n_oc,0, n_oc,1 and m for n_PUCCH^(3) (0..549); any output may be NULL. */
int lte_pucch3_resource(const lte_pucch_cfg *cfg, int n_pucch3, int *n_oc0, int *n_oc1, int *m);
/* n_cs of DMRS symbol l (0..nsymb-1 of slot ns) for format 3. */
int lte_pucch3_dmrs_ncs(const lte_pucch_cfg *cfg, int n_pucch3, int ns, int l);
/* The PUCCH of subframe sf from the 48 coded bits b: sym (layout above,
 * nsymb * 12 values) and prb[2]. */
int lte_pucch3_encode(const lte_pucch_cfg *cfg, int n_pucch3, int sf, const uint8_t *b,
                      float complex *sym, int prb[2]);
/* rx[a], a < n_rx (1..8): the extracted PUCCH of antenna a (layout above). */
int lte_pucch3_decode(const lte_pucch_cfg *cfg, int n_pucch3, int sf,
                      const float complex *const *rx, int n_rx, float n0, int O, uint8_t *o);

/* ---- format 3 DTX detection ------------------------------------------------
 * A DTXed format 3 resource decodes to some message like any other, so the
 * receiver compares a detection metric with a threshold: PUCCH present if
 * *metric > thr, else DTX (36.104 §8.3.1 counts the ACK bits of a message
 * decoded from a DTX occasion as false ACKs).
 *
 * Metric of message o: the PUCCH x of o is re-encoded (36.212 §5.2.3.1,
 * 36.211 §5.4.2A, with its DMRS, §5.5.2.2) and correlated with the received
 * REs of each slot s and antenna a (the generalised likelihood ratio of a
 * known signal under a channel gain flat over the PRB and the slot, unknown):
 *   T(o) = sum_{a, s} |sum_{slot s REs} conj(x) y_a|^2 / (n0 sum_{slot s} |x|^2),
 *   *metric = T(o) / (2 n_rx).
 * With noise only (CN(0, n0) per RE, independent over REs and antennas),
 * for a message fixed before looking at rx each term is exponential of mean
 * 1 and T is exactly Gamma(2 n_rx, 1) (mean of *metric 1). A PUCCH with
 * per-slot channel h_a,s and no noise gives T = sum |h_a,s|^2 E_s / n0, E_s
 * the slot's energy: 12 per symbol carrying the PUCCH (7 symbols normal CP,
 * 6 extended, one fewer in slot 1 of the shortened format).
 *
 * lte_pucch3_dtx_metric: the metric of a given message o (O bits).
 * lte_pucch3_detect_dtx: lte_pucch3_decode (o as there, same bits) and the
 * metric of the decoded message. That message depends on the noise: T is at
 * most the largest of the 2^O messages' metrics, so on noise
 *   P(T > x) <= 2^O P(Gamma(2 n_rx, 1) > x)   (union bound).
 * lte_pucch3_dtx_threshold: the threshold, in *metric units, at which that
 * bound (O = 1..22; O = 0: the exact tail, for a message fixed in advance
 * with lte_pucch3_dtx_metric) equals the wanted false detection probability
 * p_fd, 0 < p_fd < 1: thr = x / (2 n_rx) with 2^O P(Gamma(2 n_rx, 1) > x)
 * = p_fd. A false detection reports at most O ACK bits of O, so the DTX to
 * ACK probability of 36.104 §8.3.1 (false ACK bits / (O x DTX occasions))
 * is at most p_fd, and about half of it when the bits decoded from noise
 * are equally likely 0 or 1. For O = 4 the bound is close (noise-only
 * rates measured in test_pucch.c, test_f3_dtx_false_detection: 0.7-0.9 %
 * above the 1 % threshold, DTX to ACK 0.4 %, 1 to 8 RX); for O = 20 it is
 * loose (about 0.1 % above the 1 % threshold). Thresholds for p_fd = 1 %,
 * O = 4, metric units: 1 RX 4.876, 2 RX 3.414, 4 RX 2.541, 8 RX 2.006.
 * The metric re-encodes the decoded message and correlates it with every
 * antenna: lte_pucch3_detect_dtx takes about 10 us more than
 * lte_pucch3_decode (2 RX: 22-24 us against 12 us for O = 4, 26-34 against
 * 17-22 us for O = 11; ad-hoc timer, this VM). */
int lte_pucch3_dtx_metric(const lte_pucch_cfg *cfg, int n_pucch3, int sf,
                          const float complex *const *rx, int n_rx, float n0, int O,
                          const uint8_t *o, float *metric);
int lte_pucch3_detect_dtx(const lte_pucch_cfg *cfg, int n_pucch3, int sf,
                          const float complex *const *rx, int n_rx, float n0, int O, uint8_t *o,
                          float *metric);
int lte_pucch3_dtx_threshold(int n_rx, int O, double p_fd, float *thr);

/* ---- format 1/1a/1b detection with DTX over several antennas ---------------
 * Per antenna and slot the matched-filter outputs of the DMRS symbols
 * (despread with wbar conj(r)) and of the data symbols (despread with
 * S w conj(r)) are combined coherently for each hypothesis d of d(0)
 * (1 for format 1; +-1 for 1a; 1, -j, j, -1 for 1b):
 *   T(d) = sum_{a, slot} |sum_dmrs y_m + conj(d) sum_data y_m|^2 / (N_m n0 / 12)
 * (y_m normalised by 1/12, N_m the symbols of the slot). With noise only,
 * each term is exponential of mean 1, so T(d) is Gamma(2 n_rx, 1). The
 * winner d gives the bits; *metric = max_d T(d) / (2 n_rx) (each
 * T(d) / (2 n_rx) has mean 1 on noise, the maximum over 2 or 4 hypotheses
 * somewhat more: about 1.28 for 1a with 2 antennas) is compared by the caller with a DTX threshold chosen for the wanted false
 * detection rate. rx as for lte_pucch3_decode. */
int lte_pucch1_detect_dtx(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int sf,
                          const float complex *const *rx, int n_rx, float n0, uint8_t *bits,
                          float *metric);

/* The same from the received grids (grid[a], a < n_rx: subframe sf in the
 * layout of lte_pucch_map, n_rb_ul * 12 subcarriers): the resource's PRB of
 * each slot (lte_pucch_resource for slots 2 sf and 2 sf + 1) extracted per
 * antenna (lte_pucch_extract, on the stack), then lte_pucch1_detect_dtx.
 * bits[0..1] are zeroed first (format 1 and 1a leave bits it does not
 * write at 0). No allocation. */
int lte_pucch1_detect_dtx_grid(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch,
                               int sf, const float complex *const *grid, int n_rx, float n0,
                               uint8_t *bits, float *metric);

#ifdef __cplusplus
}
#endif
#endif
