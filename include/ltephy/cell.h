/* ltephy phy: cell configuration and downlink frame structure.
 *
 * One lte_cell_cfg describes everything about a cell that fixes the layout
 * of its downlink resource grid (TS 36.211 §4, §6.2, §6.7, §6.9, §6.12):
 * bandwidth, cyclic prefix, duplex mode with the TDD configurations,
 * physical cell identity, number of CRS antenna ports, PHICH configuration
 * and the CFI, plus the UE category whose soft-buffer size rate matching
 * needs (TS 36.306 Table 4.1-1).
 *
 * Conventions used by every frame-structure function:
 *  - subframe: 0..9 within the radio frame; slot ns = 2*subframe + {0,1}.
 *  - l: OFDM symbol index. "l in the slot" (0..N_symb^DL-1) is the spec's l;
 *    "l in the subframe" (0..2*N_symb^DL-1) is l_slot + N_symb^DL*(ns mod 2).
 *    Functions say which one they take.
 *  - k: subcarrier index 0..N_RB*12-1 (36.211 §6.2.2; the DC subcarrier is
 *    not part of the grid).
 *  - Query functions that return a count or index return it as a
 *    non-negative int, or a negative LTE_E* code with a detail message.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_CELL_H
#define LTEPHY_CELL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_MAX_RB 110       /* N_RB^max,DL (36.211 §6.2.1) */
#define LTE_NSC_RB 12        /* N_sc^RB for 15 kHz (Table 6.2.3-1) */
#define LTE_NSUBFRAMES 10    /* subframes per radio frame (§4) */
#define LTE_MAX_SYMB_SF 14   /* OFDM symbols in a subframe, normal CP */
#define LTE_TS_PER_SUBFRAME 30720 /* subframe length in T_s = 1/(15000*2048) s (§4) */

typedef enum lte_cp {
    LTE_CP_NORMAL = 0,   /* 7 symbols per slot (Table 6.2.3-1) */
    LTE_CP_EXTENDED = 1, /* 6 symbols per slot, delta f = 15 kHz */
} lte_cp;

typedef enum lte_duplex {
    LTE_FDD = 0, /* frame structure type 1 (§4.1) */
    LTE_TDD = 1, /* frame structure type 2 (§4.2) */
} lte_duplex;

/* PHICH N_g (36.211 §6.9, signalled in the MIB). */
typedef enum lte_phich_ng {
    LTE_NG_1_6 = 0,
    LTE_NG_1_2 = 1,
    LTE_NG_1 = 2,
    LTE_NG_2 = 3,
} lte_phich_ng;

/* PHICH duration (Table 6.9.3-1). */
typedef enum lte_phich_dur {
    LTE_PHICH_NORMAL = 0,
    LTE_PHICH_EXTENDED = 1,
} lte_phich_dur;

/* Subframe types of Table 4.2-2 (FDD: every subframe is LTE_SF_DL on the
 * downlink carrier). The values are the letters the table uses. */
typedef enum lte_sf_type {
    LTE_SF_DL = 'D',
    LTE_SF_UL = 'U',
    LTE_SF_SPECIAL = 'S',
} lte_sf_type;

typedef struct lte_cell_cfg {
    int n_rb;              /* N_RB^DL: 6, 15, 25, 50, 75 or 100 */
    lte_cp cp;             /* downlink cyclic prefix */
    lte_duplex duplex;
    int tdd_config;        /* TDD: uplink-downlink configuration 0..6 (Table 4.2-2) */
    int ssf_config;        /* TDD: special subframe configuration, 0..9 normal CP,
                            * 0..7 extended CP (Table 4.2-1) */
    lte_cp ul_cp;          /* TDD: uplink CP, only sets the UpPTS length (Table 4.2-1) */
    int cell_id;           /* N_ID^cell 0..503 = 3*N_ID^(1) + N_ID^(2) (§6.11) */
    int n_ports;           /* CRS antenna ports: 1, 2 or 4 (§6.10.1) */
    lte_phich_ng ng;
    lte_phich_dur phich_dur;
    int cfi;               /* CFI 1..3 (§6.7); control region = CFI symbols, or
                            * CFI+1 if N_RB <= 10 (Table 6.7-1); see lte_cell_cfi() */
    int ue_category;       /* 1..12 (36.306 Table 4.1-1) */
} lte_cell_cfg;

/* Defaults: 50 RB, normal CP, FDD, cell 0, 1 port, N_g = 1, normal PHICH
 * duration, CFI 2, UE category 4; TDD fields set to configuration 1 /
 * special configuration 7 so that switching duplex gives a valid cell. */
int lte_cell_cfg_init(lte_cell_cfg *cfg);

/* 0 if the configuration is valid, else LTE_EINVAL with a detail message
 * naming the field and the spec rule it breaks. Checks, beyond value ranges:
 *  - special subframe configurations 8 and 9 exist only with normal CP in
 *    the downlink (Table 4.2-1);
 *  - extended PHICH duration sets a lower limit on the control region
 *    (§6.9.3, Table 6.9.3-1): 3 symbols in ordinary subframes, i.e. CFI 3
 *    (N_RB > 10) or CFI >= 2 (N_RB <= 10);
 *  - the PHICH mapping units of every downlink subframe must fit in the
 *    REGs of their OFDM symbols without two units sharing a REG (§6.9.3);
 *    e.g. N_RB = 6, N_g = 2, TDD configuration 0 does not. */
int lte_cell_validate(const lte_cell_cfg *cfg);

/* ---- Numerology (36.211 §6.2.3, §6.12) ----------------------------------- */

/* N_symb^DL: 7 (normal CP) or 6 (extended CP). */
int lte_cell_symb_per_slot(const lte_cell_cfg *cfg);
/* 2*N_symb^DL: 14 or 12. */
int lte_cell_symb_per_subframe(const lte_cell_cfg *cfg);
/* N_sc = 12*N_RB^DL subcarriers. */
int lte_cell_n_sc(const lte_cell_cfg *cfg);
/* FFT size used for the bandwidth: 6->128, 15->256, 25->512, 50->1024,
 * 75->1536, 100->2048 (sampling rate = 15 kHz * FFT size). */
int lte_cell_fft_size(const lte_cell_cfg *cfg);
/* Sampling rate in samples per second: 1.92e6 ... 30.72e6. */
int lte_cell_sample_rate(const lte_cell_cfg *cfg);
/* Cyclic-prefix length in samples at the cell's sampling rate of OFDM symbol
 * l of a slot (Table 6.12-1 scaled from N = 2048: normal CP 160 for l = 0 and
 * 144 otherwise; extended CP 512). */
int lte_cell_cp_len(const lte_cell_cfg *cfg, int l_slot);
/* Offset in samples, from the start of the subframe, of the first CP sample
 * of OFDM symbol l_sf (0..2*N_symb^DL-1) (§6.12). */
int lte_cell_symbol_start(const lte_cell_cfg *cfg, int l_sf);
/* Samples in one subframe: 15 * FFT size (1 ms). */
int lte_cell_subframe_samples(const lte_cell_cfg *cfg);

/* ---- Frame structure (36.211 §4) ----------------------------------------- */

/* LTE_SF_DL / LTE_SF_UL / LTE_SF_SPECIAL of a subframe (Table 4.2-2; FDD is
 * always LTE_SF_DL since this describes the downlink carrier). */
int lte_cell_subframe_type(const lte_cell_cfg *cfg, int subframe);
/* TDD: DwPTS, GP and UpPTS lengths in T_s (Table 4.2-1; they add up to
 * 30720). Any output pointer may be NULL. LTE_EINVAL for FDD. */
int lte_cell_special_ts(const lte_cell_cfg *cfg, int *dwpts, int *gp, int *uppts);
/* TDD: OFDM symbols of DwPTS (3..12); LTE_EINVAL for FDD. */
int lte_cell_dwpts_symbols(const lte_cell_cfg *cfg);
/* TDD: SC-FDMA symbols of UpPTS (1 or 2); LTE_EINVAL for FDD. */
int lte_cell_uppts_symbols(const lte_cell_cfg *cfg);
/* Downlink OFDM symbols of a subframe: 2*N_symb^DL (D), DwPTS symbols (S),
 * 0 (U). Symbols 0..n-1 of the subframe are downlink. */
int lte_cell_dl_symbols(const lte_cell_cfg *cfg, int subframe);
/* The N_PRB column of the TBS table (36.213 §7.1.7) for a transport block on
 * n_prb PRBs in the subframe: in the DwPTS of a special subframe
 * max(floor(0.375 n_prb), 1) for special subframe configuration 9 with
 * normal CP or 7 with extended CP (the short DwPTS of Release 11) and
 * max(floor(0.75 n_prb), 1) for every other configuration; n_prb in any
 * other subframe. (Not for format 1A with SI/P/RA-RNTI, whose column is
 * N_PRB^1A.) */
int lte_cell_tbs_prb(const lte_cell_cfg *cfg, int subframe, int n_prb);

/* ---- Control region (36.211 §6.7, §6.9) ---------------------------------- */

/* The CFI the PCFICH carries in the subframe: cfg->cfi, except in TDD
 * subframes 1 and 6 where Table 6.7-1 allows at most 2 control symbols, so
 * the CFI is capped to 2 (N_RB > 10) or 1 (N_RB <= 10, giving 2 symbols).
 * 0 for uplink subframes. */
int lte_cell_cfi(const lte_cell_cfg *cfg, int subframe);
/* OFDM symbols of the control region in the subframe: the effective CFI,
 * plus one when N_RB <= 10 (Table 6.7-1). 0 for uplink subframes. */
int lte_cell_ctrl_symbols(const lte_cell_cfg *cfg, int subframe);
/* Number of PHICH groups: N_group = ceil(N_g*N_RB/8) (normal CP) or twice
 * that (extended CP), times m_i of Table 6.9-1 for TDD (§6.9). */
int lte_cell_phich_groups(const lte_cell_cfg *cfg, int subframe);
/* PHICH duration in OFDM symbols in the subframe (Table 6.9.3-1): 1 (normal),
 * 3 (extended), 2 (extended, TDD subframes 1 and 6); 0 if uplink. */
int lte_cell_phich_symbols(const lte_cell_cfg *cfg, int subframe);
/* m_i of Table 6.9-1 (TDD); 1 for FDD; 0 for TDD uplink subframes. */
int lte_cell_phich_mi(const lte_cell_cfg *cfg, int subframe);

/* Number of downlink HARQ processes M_DL_HARQ: 8 for FDD, 36.213 Table 7-1
 * for TDD (4, 7, 10, 9, 12, 15, 6 for configurations 0..6). */
int lte_cell_harq_processes(const lte_cell_cfg *cfg);

/* ---- UE category (36.306 Table 4.1-1, downlink) ------------------------- */
typedef struct lte_ue_category {
    int category;        /* 1..12 */
    int max_tb_bits_tti; /* max DL-SCH transport block bits received in a TTI */
    int max_tb_bits;     /* max bits of one DL-SCH transport block (64QAM; for
                          * categories 6, 7, 9..12 the 4-layer value) */
    int n_soft;          /* total number of soft channel bits N_soft */
    int max_layers;      /* max spatial layers (2 or 4 categories: 4) */
} lte_ue_category;

int lte_ue_category_get(int category, lte_ue_category *out);

#ifdef __cplusplus
}
#endif
#endif
