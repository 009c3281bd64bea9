/* ltephy phy: the downlink physical channels (TS 36.211 §6.3-6.9), both
 * directions, the control-channel search spaces (TS 36.213 §9.1.1) and a
 * downlink subframe transmitter.
 *
 * Transmit side: every lte_<chan>_map() function writes its channel into the
 * current subframe of an lte_grid (grid.h), on every antenna port of the
 * cell, multiplied by a linear amplitude amp. Control channels (PBCH,
 * PCFICH, PHICH, PDCCH) use port 0 alone for a 1-port cell and transmit
 * diversity (SFBC / SFBC-FSTD, §6.3.3.3, §6.3.4.3) on 2 or 4 ports. With
 * amp = 1 every RE of a channel carries unit total power summed over the
 * ports (precoding keeps the power per RE, layers.h).
 *
 * Receive side: the received subframe grid of each receive antenna and the
 * channel of each RE from each antenna port to each receive antenna are
 * inputs (lte_dl_rxin); channel estimation is not done here. Each receiver
 * extracts its REs, equalises (ZF or MMSE single-port, SFBC combining, or
 * MIMO detection from layers.h), soft-demaps with the post-equalisation
 * noise variance, descrambles and decodes. Receivers use the scratch space
 * of an lte_dlrx object, created once (no allocation per call).
 *
 * Layout of a lte_grid given to a receiver: only its configuration, RE maps
 * and control layouts are used (the per-port buffers are not read). Its
 * cell.cfi must be the CFI of the subframe (decode the PCFICH first, then
 * use a grid made for that CFI).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_DLPHY_H
#define LTEPHY_DLPHY_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/cell.h"
#include "ltephy/control.h"
#include "ltephy/grid.h"
#include "ltephy/layers.h"
#include "ltephy/modulation.h"
#include "ltephy/sch.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Receiver inputs and scratch ------------------------------------------ */

/* What a receiver gets: y[r] is the received subframe grid of receive
 * antenna r (grid.h layout, n_sc * n_symb REs); h[r * n_ports + p] is the
 * channel from antenna port p to receive antenna r on every RE, same layout.
 * n0: noise variance per RE and receive antenna (0 allowed: the LLRs then use
 * a floor of 1e-6). eq: ZF or MMSE (layers.h). n_ports is the number of port
 * channels in h: at least the port count a channel needs (the cell's, or
 * 4 for the blind PBCH port detection to try 4 ports). */
typedef struct lte_dl_rxin {
    int n_rx;                       /* 1..LTE_MIMO_MAX_RX */
    int n_ports;                    /* 1, 2 or 4 */
    const float complex *const *y;  /* [n_rx] */
    const float complex *const *h;  /* [n_rx * n_ports] */
    float n0;
    lte_mimo_eq eq;
} lte_dl_rxin;

/* Receiver scratch for one cell bandwidth and up to max_rx antennas, plus a
 * control-channel (Viterbi) decoder. Not thread-safe: one per thread. The
 * struct is public only so the dlphy sources can share it; treat it as
 * opaque. */
typedef struct lte_dlrx {
    int max_re;             /* REs of the largest subframe of the cell */
    int max_rx;
    float complex *r;       /* [max_re * max_rx] gathered received values */
    float complex *h;       /* [max_re * max_rx * 4] gathered channels */
    float complex *x;       /* [max_re * 4 + 4] equalised symbols */
    float *nv;              /* [max_re * 4 + 4] their noise variances */
    float *llr;             /* [max_re * 4 * 8 + 64] soft bits */
    float *llr2;            /* [max_re * 4 * 8 + 64] soft bits (second codeword) */
    uint32_t *idx;          /* [max_re] RE indices */
    lte_ctrl_dec *dec;
} lte_dlrx;

int lte_dlrx_create(const lte_cell_cfg *cell, int max_rx, lte_dlrx **out);
void lte_dlrx_destroy(lte_dlrx *rx); /* NULL allowed */

/* Gather n REs (grid indices idx[]) of the input into rx->r and rx->h in the
 * layout of layers.h (r[k*n_rx + a], h[(k*n_rx + a)*P + p]) for P ports;
 * swap (may be NULL) flags, per RE, that the channels of ports 0<->1 and
 * 2<->3 are exchanged (the alternate PHICH precoding of §6.9.2). */
int lte_dl_gather(lte_dlrx *rx, const lte_dl_rxin *in, int n_ports, const uint32_t *idx, int n,
                  const uint8_t *swap);

/* Gather n REs and equalise them for the scheme: rx->x / rx->nv get the
 * layer symbols and their noise variances (layers.h order; for transmit
 * diversity the codeword order, n values (4 ports: 4*ceil(n/4))). Noise
 * variances are floored at 1e-6 so they can feed the soft demappers. */
int lte_dl_equalize(lte_dlrx *rx, const lte_dl_rxin *in, const lte_mimo_cfg *mimo,
                    const uint32_t *idx, int n, const uint8_t *swap);

/* The scheme the control channels use for a cell of n_ports (1: single
 * port; 2, 4: transmit diversity). */
int lte_dl_ctrl_mimo(int n_ports, lte_mimo_cfg *mimo);

/* ---- MIB (36.331 MasterInformationBlock, Rel-8 fields) ------------------- */

#define LTE_MIB_BITS 24

typedef struct lte_mib {
    int n_rb;               /* dl-Bandwidth: 6, 15, 25, 50, 75 or 100 */
    lte_phich_dur phich_dur;
    lte_phich_ng ng;
    int sfn;                /* system frame number 0..1023 (the MIB carries its 8 MSBs) */
} lte_mib;

/* Unaligned PER, MSB first: dl-Bandwidth (3 bits, n6..n100 = 0..5),
 * phich-Duration (1), phich-Resource (2: 1/6, 1/2, 1, 2), SFN >> 2 (8),
 * spare (10 zeros). */
int lte_mib_pack(const lte_mib *mib, uint8_t bits[LTE_MIB_BITS]);
/* The inverse; sfn_lsb2 = n_f mod 4 (the PBCH frame offset the decoder
 * found) completes the SFN. Reserved bandwidth codes 6, 7 -> LTE_EFORMAT. */
int lte_mib_unpack(const uint8_t bits[LTE_MIB_BITS], int sfn_lsb2, lte_mib *mib);

/* ---- PBCH (§6.6) ----------------------------------------------------------- */

/* Map the PBCH of radio frame sfn (its quarter n_f mod 4 of the 1920/1728
 * coded and scrambled bits) into the grid, which must be at subframe 0. */
int lte_pbch_map(lte_grid *g, const uint8_t mib[LTE_MIB_BITS], int sfn, float amp);

typedef struct lte_pbch_result {
    uint8_t mib[LTE_MIB_BITS];
    int n_ports;      /* detected from the CRC mask: 1, 2 or 4 */
    int frame_offset; /* n_f mod 4 of the frame received */
} lte_pbch_result;

/* Blind decoding of one frame's PBCH from subframe 0: tries the port counts
 * 1, 2, 4 (those with P <= in->n_ports) and the four frame offsets.
 * LTE_ECRC if none decodes. g: any grid of the cell (positions of the
 * PBCH do not depend on the port count or the CFI). */
int lte_pbch_decode(lte_dlrx *rx, const lte_grid *g, const lte_dl_rxin *in,
                    lte_pbch_result *res);

/* ---- PCFICH (§6.7) ---------------------------------------------------------- */

/* Map the CFI codeword (the grid's control layout CFI) into the grid. */
int lte_pcfich_map(lte_grid *g, float amp);
/* Decode the CFI (1..3); metric (may be NULL) is the winning correlation. */
int lte_pcfich_decode(lte_dlrx *rx, const lte_grid *g, const lte_dl_rxin *in, int *cfi,
                      float *metric);

/* ---- PHICH (§6.9) ----------------------------------------------------------- */

/* Orthogonal sequence w(0..N_SF-1) of Table 6.9.1-2: N_SF = 4 (normal CP,
 * seq 0..7) or 2 (extended CP, seq 0..3). Returns N_SF. */
int lte_phich_orth_seq(lte_cp cp, int seq, float complex w[4]);

typedef struct lte_phich_ind {
    int group; /* n_PHICH^group, 0 .. groups of the subframe - 1 */
    int seq;   /* n_PHICH^seq, 0..7 (normal CP) / 0..3 (extended CP) */
    int hi;    /* 1 = ACK, 0 = NACK */
} lte_phich_ind;

/* Sum the n PHICHs per group and map every group with at least one PHICH.
 * Two PHICHs on the same (group, seq) are an error. */
int lte_phich_map(lte_grid *g, const lte_phich_ind *ind, int n, float amp);
/* Decode the HI of (group, seq); metric (may be NULL) = sum of the 3 LLRs
 * (negative favours ACK). */
int lte_phich_decode(lte_dlrx *rx, const lte_grid *g, const lte_dl_rxin *in, int group, int seq,
                     int *hi, float *metric);

/* ---- PDCCH (§6.8) and search spaces (36.213 §9.1.1) ----------------------- */

typedef struct lte_pdcch_dci {
    const uint8_t *payload; /* DCI bits */
    int n_bits;             /* A, 1..LTE_CTRL_A_MAX */
    uint16_t rnti;          /* CRC mask */
    int L;                  /* aggregation level 1, 2, 4, 8 */
    int cce;                /* first CCE, a multiple of L */
} lte_pdcch_dci;

/* Number of PDCCH candidates M^(L) (36.213 Table 9.1.1-1): UE-specific
 * 6, 6, 2, 2 for L = 1, 2, 4, 8; common 4, 2 for L = 4, 8 (0 otherwise). */
int lte_pdcch_n_candidates(int common, int L);
/* Y_k of 36.213 §9.1.1 for subframe k = 0..9: Y_k = (39827 Y_{k-1}) mod
 * 65537, Y_{-1} = n_RNTI (1..65535). */
int lte_pdcch_yk(uint16_t rnti, int subframe, uint32_t *yk);
/* First CCE of each candidate of S_k^(L): L {(Y_k + m) mod floor(N_CCE/L)},
 * m = 0..M^(L)-1, Y_k = 0 for the common space (whose CCEs are the first
 * min(16, N_CCE)). Returns the number written (0 if floor(N_CCE/L) = 0). */
int lte_pdcch_candidates(int n_cce, int common, int L, uint16_t rnti, int subframe,
                         int first_cce[8]);

/* The quadruplet permutation of §6.8.5: out[j] = the index, in the block of
 * M_quad quadruplets before interleaving, of the quadruplet mapped to the
 * j-th PDCCH REG (sub-block interleaver of 36.212 §5.1.4.2.1 on
 * quadruplets, <NULL>s removed, then the cyclic shift by N_ID^cell). */
int lte_pdcch_quad_perm(int m_quad, int cell_id, int *out);

/* Multiplex the DCIs at their CCEs (<NIL> = zero power elsewhere),
 * scramble, QPSK, precode, interleave and map (§6.8.2-6.8.5). CCEs of two
 * DCIs must not overlap and must lie below the layout's n_cce. */
int lte_pdcch_map(lte_grid *g, const lte_pdcch_dci *dci, int n, float amp);

typedef struct lte_dci_found {
    uint8_t payload[LTE_CTRL_A_MAX];
    int n_bits;
    uint16_t rnti;
    int L;
    int cce;
    int common; /* found in the common search space */
} lte_dci_found;

/* Blind decoding (36.213 §9.1.1): every candidate of the common search
 * space (L = 8, 4) and of rnti's UE-specific space (L = 8, 4, 2, 1), each
 * for every payload size, largest L first; a candidate whose CRC unmasks to
 * rnti is reported, and candidates overlapping CCEs of an earlier find are
 * skipped (a DCI at L = 8 also decodes as the L = 4 candidate on its first
 * half). Writes at most max finds; *n_found gets their number. */
int lte_pdcch_search(lte_dlrx *rx, const lte_grid *g, const lte_dl_rxin *in, uint16_t rnti,
                     const int *sizes, int n_sizes, lte_dci_found *found, int max, int *n_found);

/* The blind search for several RNTIs at once (36.213 §9.1.1): each
 * (candidate, payload size) is decoded once and its CRC, unmasked (the CRC
 * remainder XOR each RNTI), tested against every RNTI. sizes_common: the
 * payload sizes tried in the common space, sizes_ue in the UE-specific
 * spaces (at most 16 distinct sizes in all; either list may be empty). The
 * broadcast RNTIs (SI 0xFFFF, P 0xFFFE, RA 0x0001..0x003C, 36.321 Table
 * 7.1-1) are searched in the common space only. Finds are in the order of
 * rnti[], then as lte_pdcch_search (overlap rule per RNTI). */
int lte_pdcch_search_multi(lte_dlrx *rx, const lte_grid *g, const lte_dl_rxin *in,
                           const uint16_t *rnti, int n_rnti, const int *sizes_common,
                           int n_common, const int *sizes_ue, int n_ue, lte_dci_found *found,
                           int max, int *n_found);

/* ---- PDSCH (§6.3, §6.4) ----------------------------------------------------- */

typedef struct lte_pdsch_cfg {
    lte_mimo_cfg mimo;            /* scheme, n_ports (= the cell's), layers, codewords, codebook */
    uint16_t rnti;
    uint8_t prb_mask[LTE_MAX_RB]; /* PRBs allocated (in both slots unless prb_mask2 is set) */
    lte_mod mod[2];               /* per codeword: QPSK, 16QAM, 64QAM, 256QAM */
    int tbs[2];                   /* transport block sizes */
    int rv[2];                    /* redundancy versions */
    uint8_t prb_mask2[LTE_MAX_RB]; /* PRBs of the odd slot when they differ (distributed
                                    * VRBs, 36.211 §6.2.3.2, lte_ra_prbs' prb[1]); all
                                    * zero = the same as prb_mask */
} lte_pdsch_cfg;

/* Layers of codeword q (Table 6.3.3.2-1; transmit diversity: 1 here, G
 * counts one layer). */
int lte_pdsch_cw_layers(const lte_mimo_cfg *mimo, int q);
/* PDSCH REs of the current subframe inside the allocation. */
int lte_pdsch_re_count(const lte_grid *g, const uint8_t *prb_mask);
/* G of codeword q: REs x Q_m x layers of q; *n_l (may be NULL) = the N_L
 * to give sch.h (layers of q, 2 for transmit diversity). */
int lte_pdsch_g(const lte_grid *g, const lte_pdsch_cfg *cfg, int q, int *n_l);

/* PDSCH processor: DL-SCH encoder and decoder and the buffers of the
 * largest allocation of the cell. sch: the DL-SCH configuration (tbs_max,
 * soft buffer, decoder settings); NULL = tbs_max min(391656, 4000 N_RB)
 * (enough for 4 layers), no soft-buffer limit (N_cb = K_w), max-log-MAP
 * with extrinsic scale 0.75, 8 iterations. The same configuration must be
 * used on both sides (it fixes N_cb). */
typedef struct lte_pdsch lte_pdsch;
int lte_pdsch_create(const lte_cell_cfg *cell, const lte_sch_cfg *sch, lte_pdsch **out);
void lte_pdsch_destroy(lte_pdsch *p);

/* Scramble, modulate, layer-map, precode and map already coded bits f[q]
 * (G_q bits each) into the grid. */
int lte_pdsch_map_bits(lte_pdsch *p, lte_grid *g, const lte_pdsch_cfg *cfg,
                       const uint8_t *const f[2], float amp);
/* DL-SCH encode tb[q] (tbs[q] bits) and map. */
int lte_pdsch_encode(lte_pdsch *p, lte_grid *g, const lte_pdsch_cfg *cfg,
                     const uint8_t *const tb[2], float amp);
/* Receive: equalise, demap, descramble, decode into tb[q] with harq[q]
 * (reset by the caller for a new TB). res[q] may be NULL. Returns 0 when
 * every codeword's CRC checks, LTE_ECRC otherwise. */
int lte_pdsch_decode(lte_pdsch *p, lte_dlrx *rx, const lte_grid *g, const lte_pdsch_cfg *cfg,
                     const lte_dl_rxin *in, lte_sch_harq *const harq[2], uint8_t *const tb[2],
                     lte_sch_result res[2]);
/* The soft values of codeword q of the last decode (descrambled, G_q). */
int lte_pdsch_llr(const lte_pdsch *p, int q, const float **llr, int *n);

/* ---- Downlink subframe transmitter ------------------------------------------ */

/* Linear amplitudes per channel (1.0 = unit-power REs). */
typedef struct lte_dl_amp {
    float crs, sync, pbch, pcfich, phich, pdcch, pdsch;
} lte_dl_amp;

typedef struct lte_dl_tx_cfg {
    lte_cell_cfg cell;
    lte_dl_amp amp;     /* all 1.0 after lte_dl_tx_cfg_init */
    lte_sch_cfg sch;    /* DL-SCH encoder settings (tbs_max...) */
    int fft_size;       /* 0 = standard */
} lte_dl_tx_cfg;

/* Defaults: lte_cell_cfg_init, amplitudes 1, tbs_max 75376 * 2 layers. */
int lte_dl_tx_cfg_init(lte_dl_tx_cfg *cfg);

typedef struct lte_pdsch_alloc {
    lte_pdsch_cfg cfg;
    const uint8_t *tb[2];
} lte_pdsch_alloc;

/* Content of one subframe. NULL / 0 = channel absent. */
typedef struct lte_dl_sf {
    int subframe;           /* 0..9 */
    int sfn;                /* 0..1023 */
    const uint8_t *mib;     /* 24 bits: PBCH in subframe 0 */
    int cfi;                /* 1..3 = CFI (capped in TDD subframes 1, 6 per lte_cell_cfi);
                             * 0 = the cell's. The PCFICH is always sent. */
    const lte_phich_ind *hi;
    int n_hi;
    const lte_pdcch_dci *dci;
    int n_dci;
    const lte_pdsch_alloc *pdsch;
    int n_pdsch;
} lte_dl_sf;

/* Output power: with amplitudes 1, every RE that carries a channel has unit
 * power summed over the ports (each CRS RE has unit power on its own port);
 * the OFDM modulation is unitary (ofdm.h LTE_OFDM_NORM_UNITARY), so the
 * mean power of the time samples of port p over a symbol is
 * (sum over its REs of |a_p|^2) / N_fft. */
typedef struct lte_dl_tx lte_dl_tx;
int lte_dl_tx_create(const lte_dl_tx_cfg *cfg, lte_dl_tx **out);
void lte_dl_tx_destroy(lte_dl_tx *tx);
/* Fill the grids (CRS, PSS/SSS, then the channels in sf) and, if out is
 * not NULL, OFDM-modulate port p into out[p] (subframe_len samples). */
int lte_dl_tx_run(lte_dl_tx *tx, const lte_dl_sf *sf, float complex *const *out);
/* The grid of the last run (its cell.cfi is the CFI used). */
const lte_grid *lte_dl_tx_grid(const lte_dl_tx *tx);
/* Samples per subframe (for sizing out). */
int lte_dl_tx_subframe_len(const lte_dl_tx *tx);

#ifdef __cplusplus
}
#endif
#endif
