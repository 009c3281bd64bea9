/* ltephy phy: the downlink resource grid of one subframe (36.211 §6.2) and
 * the classification of its resource elements.
 *
 * Layout. A subframe grid for one antenna port is N_sc x N_symb complex
 * values (N_sc = 12*N_RB, N_symb = 2*N_symb^DL = 14 or 12), stored symbol by
 * symbol: element (k, l) is at index LTE_GRID_IDX(n_sc, l, k) = l*n_sc + k,
 * l being the OFDM symbol in the subframe (0..N_symb-1; slot ns = 2*sf + l /
 * N_symb^DL, spec l = l mod N_symb^DL) and k the subcarrier 0..N_sc-1 (the DC
 * subcarrier is not part of the grid). Each OFDM symbol is contiguous, as
 * OFDM modulation wants it.
 *
 * RE map. One uint8_t per RE (same indexing) holds the lte_re_class of the
 * RE. The map is the same for every antenna port: a LTE_RE_CRS element is a
 * CRS element of one of the cell's configured ports; on the other ports that
 * element is left zero (36.211 §6.10.1.2). Precedence when rules overlap:
 * NOT_DL > CRS > PSS/SSS (and their reserved guard REs, UNUSED) > PBCH (and
 * its reserved CRS REs, UNUSED) > PCFICH/PHICH/PDCCH in the control region >
 * PDSCH. See lte_re_class for exactly what UNUSED covers.
 *
 * Mapping order for the channel engineers (read it off the map):
 *  - PBCH (§6.6.4): subframe 0, symbols l = N_symb^DL .. N_symb^DL+3, REs with
 *    class LTE_RE_PBCH in increasing k then increasing l.
 *  - PDSCH (§6.3.5 / §6.4): REs with class LTE_RE_PDSCH in the allocated PRBs,
 *    increasing k first, then l.
 *  - PCFICH / PHICH / PDCCH: use lte_ctrl_layout (quadruplet -> REG -> REs).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_GRID_H
#define LTEPHY_GRID_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/cell.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_GRID_IDX(n_sc, l, k) ((l) * (n_sc) + (k))
/* Largest grid in elements: 110 RB x 14 symbols. */
#define LTE_GRID_MAX_RE (LTE_MAX_RB * LTE_NSC_RB * LTE_MAX_SYMB_SF)

typedef enum lte_re_class {
    /* Downlink RE that carries nothing: the 5+5 REs reserved around the PSS
     * and SSS (§6.11.1.2, §6.11.2.2); CRS positions of ports the cell does
     * not have but that must be assumed present: ports 0-3 inside the PBCH
     * (§6.6.4) and port 1 in the control region of a 1-port cell (§6.2.4);
     * DwPTS REs of special subframe configurations 0 and 5 (normal CP) or 0
     * and 4 (extended CP) that are outside the control region, PSS and CRS,
     * since these DwPTS carry no PDSCH (36.213 §7.1.7). */
    LTE_RE_UNUSED = 0,
    LTE_RE_PDSCH = 1,  /* available for PDSCH (everything else in the DL part) */
    LTE_RE_CRS = 2,    /* cell-specific RS of one of the configured ports (§6.10.1) */
    LTE_RE_PSS = 3,    /* §6.11.1 */
    LTE_RE_SSS = 4,    /* §6.11.2 */
    LTE_RE_PBCH = 5,   /* §6.6.4 */
    LTE_RE_PCFICH = 6, /* §6.7.4 */
    LTE_RE_PHICH = 7,  /* §6.9.3 */
    LTE_RE_PDCCH = 8,  /* control-region REGs not used by PCFICH/PHICH (§6.8.5) */
    LTE_RE_NOT_DL = 9, /* uplink subframe, or GP/UpPTS of a special subframe */
    LTE_RE_NCLASSES = 10,
} lte_re_class;

/* "PDSCH", "CRS"... ; "?" for an unknown value. */
const char *lte_re_class_name(int cls);

/* Classify every RE of a subframe (0..9) of the cell. map must hold
 * n_sc * 2*N_symb^DL bytes (LTE_GRID_IDX layout). Validates the fields of
 * cfg (and the PHICH fit of this subframe). Allocates a temporary control
 * layout: per-subframe processing should use lte_grid, which classifies
 * all ten subframes once. */
int lte_grid_classify(const lte_cell_cfg *cfg, int subframe, uint8_t *map);

/* Number of REs of each class in a subframe (counts[LTE_RE_NCLASSES]). */
int lte_grid_re_counts(const lte_cell_cfg *cfg, int subframe, int counts[LTE_RE_NCLASSES]);

/* Indices LTE_GRID_IDX(n_sc, l, k) of the REs of class cls in OFDM symbols
 * l0..l1-1 of a classified map, in the order "increasing k first, then l"
 * that PBCH (§6.6.4) and PDSCH (§6.3.5) mapping use, keeping only the PRBs
 * with prb_mask[n_prb] != 0 (prb_mask NULL: all PRBs). Writes at most max
 * indices to idx (idx may be NULL with max 0 to size a buffer) and returns
 * the total number found. E.g. PBCH: cls LTE_RE_PBCH, l0 = N_symb^DL,
 * l1 = N_symb^DL + 4 in subframe 0 gives 240 (normal CP) / 216 indices. */
int lte_grid_re_list(const lte_cell_cfg *cfg, const uint8_t *map, int cls, int l0, int l1,
                     const uint8_t *prb_mask, uint32_t *idx, int max);

/* ---- Resource-element groups and the control region --------------------- */

/* A resource-element group (36.211 §6.2.4): four REs of one OFDM symbol
 * l (0..3) of the first slot, within one PRB, that are not CRS positions
 * (for the purpose of REGs a 1-port cell is assumed to have ports 0 and 1). */
typedef struct lte_reg {
    uint16_t k0;    /* k': lowest subcarrier of the REG (its representative) */
    uint8_t l;      /* l': OFDM symbol in the subframe (0..3) */
    uint8_t cls;    /* LTE_RE_PCFICH, LTE_RE_PHICH or LTE_RE_PDCCH */
    uint16_t k[4];  /* the REs a quadruplet z(i..i+3) maps to, increasing k */
} lte_reg;

#define LTE_CTRL_MAX_REG 1024    /* >= 110 RB x 8 (3 symbols) and 10 RB x 11 (4 symbols) */
#define LTE_PHICH_MAX_UNITS 64   /* >= 2 * ceil(2*110/8) */

/* Control region of one subframe. Everything a PCFICH, PHICH or PDCCH
 * mapper needs; indices point into reg[]. */
typedef struct lte_ctrl_layout {
    int subframe;
    int n_symb;         /* control region: OFDM symbols 0..n_symb-1 (0 = uplink) */
    int cfi;            /* CFI carried by the PCFICH in this subframe */
    int n_reg;          /* all REGs of the control region */
    /* Every REG, in the order of §6.8.5: k' increasing, and for each k' the
     * symbols l' increasing (time first). */
    lte_reg reg[LTE_CTRL_MAX_REG];
    int n_reg_symb[4];  /* REGs in symbol l (all of them, PCFICH included) */
    /* reg index of the j-th REG of symbol l counted from the lowest k'
     * (j < n_reg_symb[l]): the per-symbol numbering of §6.7.4 / §6.9.3 */
    int symb_reg[4][3 * LTE_MAX_RB];
    int pcfich[4];      /* quadruplet i (z(4i..4i+3)) -> reg index (§6.7.4) */
    int n_phich_groups; /* groups, §6.9 (N_group * m_i; 2x for extended CP) */
    int n_phich_units;  /* mapping units m' (§6.9.3): groups (normal CP), groups/2 (ext) */
    int phich_symb;     /* PHICH duration in symbols (Table 6.9.3-1) */
    /* unit m', repetition i (quadruplet i of the unit's 12 symbols) -> reg
     * index. Normal CP: unit m' = group m'. Extended CP: unit m' carries the
     * sum of groups 2m' and 2m'+1 (§6.9.3). */
    int phich[LTE_PHICH_MAX_UNITS][3];
    int n_pdcch_reg;    /* REGs left for PDCCH (= n_reg - 4 - 3*n_phich_units) */
    int pdcch[LTE_CTRL_MAX_REG]; /* their reg indices in §6.8.5 order */
    int n_cce;          /* floor(n_pdcch_reg / 9) (§6.8.1) */
} lte_ctrl_layout;

/* Build the control layout of a subframe (0..9). Validates cfg. For an
 * uplink subframe everything is zero except subframe. About 23 KB: do not
 * put it on a small stack. */
int lte_ctrl_layout_build(const lte_cell_cfg *cfg, int subframe, lte_ctrl_layout *out);

/* ---- Grid object ---------------------------------------------------------- */

/* A downlink subframe for all antenna ports of a cell. Fields are read-only
 * for users; the RE maps and control layouts of all ten subframes are built
 * once by lte_grid_create(), so lte_grid_set_subframe() does no allocation
 * and no classification. */
typedef struct lte_grid {
    lte_cell_cfg cell;      /* copy of the configuration (validated) */
    int n_sc;               /* 12*N_RB */
    int n_symb;             /* OFDM symbols in a subframe (14/12) */
    int n_re;               /* n_sc * n_symb */
    int n_ports;            /* = cell.n_ports */
    int subframe;           /* current subframe 0..9 */
    float complex *port[4]; /* port[p][LTE_GRID_IDX(n_sc, l, k)], p < n_ports */
    const uint8_t *map;     /* RE map of the current subframe */
    const int *count;       /* RE count per class of the current subframe */
    const lte_ctrl_layout *ctrl; /* control layout of the current subframe */
    /* storage */
    uint8_t *maps[LTE_NSUBFRAMES];
    int counts[LTE_NSUBFRAMES][LTE_RE_NCLASSES];
    lte_ctrl_layout *ctrls; /* [LTE_NSUBFRAMES] */
} lte_grid;

int lte_grid_create(const lte_cell_cfg *cfg, lte_grid **out);
void lte_grid_destroy(lte_grid *g);
/* Select subframe 0..9 and zero every port's grid. */
int lte_grid_set_subframe(lte_grid *g, int subframe);
/* Write the signals that need no channel coding into the current subframe:
 * CRS of every port on its own port, and PSS/SSS on port 0 only (the spec
 * leaves their antenna port open; one port avoids unintended beamforming).
 * Amplitudes are linear scale factors (1.0 = the unit-power sequences). */
int lte_grid_put_signals(lte_grid *g, float crs_amp, float sync_amp);

#ifdef __cplusplus
}
#endif
#endif
