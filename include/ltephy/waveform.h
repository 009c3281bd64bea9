/* ltephy phy: whole-frame downlink waveforms for named test configurations
 * (the E-UTRA test models of TS 36.141 §6.1.1, the reference measurement
 * channels of TS 36.101 Annex A.3) and for free configurations.
 *
 * A configuration (lte_wf_cfg) says, per subframe of the radio frame and per
 * PRB, which modulation the PDSCH uses there and at what EPRE (dB relative
 * to a unit-power RE; with the CRS at 0 dB that is E_A/E_RS), plus the EPRE
 * of every other channel. The generator (lte_wf) turns it into the subframe grids
 * (lte_grid, the channel mappers of dlphy.h) and OFDM-modulates them with the
 * unitary normalisation of ofdm.h (2 or 4 ports: transmit diversity for
 * every channel, as dlphy.h does): an RE of EPRE 0 dB has |a|^2 = 1 and the
 * mean power of the time samples over a symbol is (sum of |a|^2) / N_fft.
 *
 * PDSCH data sources:
 *  - LTE_WF_DATA_ZERO: the E-TM rule of 36.141 §6.1.2: blocks of '0' bits,
 *    randomised only by the PDSCH scrambling of 36.211 §6.3.1 (n_RNTI =
 *    cfg->rnti, q = 0), then modulated and mapped. Each run of consecutive
 *    PRBs with the same modulation and power is one PDSCH mapping (the
 *    scrambler restarts at the lowest PRB of the run).
 *  - LTE_WF_DATA_DLSCH: one DL-SCH transport block per subframe over all
 *    allocated PRBs (which must then share one modulation and power), TBS
 *    from I_MCS (36.213 Table 7.1.7.1-1) and N_PRB (Table 7.1.7.2.1-1), or
 *    given per subframe (cfg->tbs, the reference channels of 36.101 Annex
 *    A.3 state it), bits from xoshiro256** (rng.h) stream (seed,
 *    10*frame + subframe), rv 0.
 *
 * Control channels: the PCFICH always; cfg->n_phich PHICHs per group, HI = 0,
 * on orthogonal sequences 0, N_SF, 1, N_SF + 1, ... (Table 6.9.1-2: seq and
 * seq + N_SF differ by the factor j, so two PHICHs with equal HI give a
 * constant-modulus group); cfg->n_pdcch PDCCHs of
 * cfg->pdcch_cces CCEs each at CCEs 0, L, 2L... with all-zero 27-bit DCI
 * payloads, CRC masked with cfg->rnti (1 if rnti is 0) (the remaining REGs are <NIL>, zero power, §6.8.2); the PBCH carries the
 * MIB of the cell with the frame's SFN.
 *
 * OCNG (cfg->ocng, 36.101 Annex A.5): the PRBs without PDSCH get QPSK
 * pseudo-random PDSCHs of virtual UEs, mapped after the wanted PDSCH (see
 * lte_wf_ocng below); LTE_WF_OCNG_NONE leaves every output as before.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_WAVEFORM_H
#define LTEPHY_WAVEFORM_H

#include <complex.h>
#include <stdint.h>

#include "ltephy/cell.h"
#include "ltephy/grid.h"
#include "ltephy/modulation.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lte_wf_data {
    LTE_WF_DATA_ZERO = 0,  /* '0' bits + PDSCH scrambling (36.141 §6.1.2) */
    LTE_WF_DATA_DLSCH = 1, /* DL-SCH coded pseudo-random transport blocks */
} lte_wf_data;

#define LTE_WF_NAME_MAX 32

/* OCNG patterns (36.101 Annex A.5, repeated in 36.521-1 Annex A.5).
 *  - LTE_WF_OCNG_OP2_FDD: OP.2 FDD, "Two sided dynamic OCNG FDD pattern"
 *    (Table A.5.1.2-1): in every subframe (0, 5, 1-4 and 6-9) PRBs
 *    0 .. (first allocated PRB - 1) and (last allocated PRB + 1) .. N_RB - 1
 *    carry OCNG at relative power level gamma = 0 dB; a subframe without
 *    allocation is filled over all its PRBs ("all empty PRB-s"). The data
 *    are uncorrelated pseudo-random QPSK (Note 1), one PDSCH per virtual UE
 *    (here one virtual UE per side), sent with transmit diversity on 2 or 4
 *    CRS ports (Note 2: transmission mode 2, gamma per port). Requires an
 *    FDD cell and a contiguous PDSCH allocation in every subframe.
 * The other patterns (OP.1 FDD, the TDD patterns...) are not available:
 * their tables could not be read (docs/waveform.md). */
typedef enum lte_wf_ocng {
    LTE_WF_OCNG_NONE = 0,
    LTE_WF_OCNG_OP2_FDD = 2,
} lte_wf_ocng;

/* "OP.2 FDD" / "none"; NULL for an unknown value. */
const char *lte_wf_ocng_name(lte_wf_ocng p);
/* Parse "none", "OP.2" or "OP.2 FDD" (case-insensitive) into *p; LTE_EINVAL
 * (with a message naming the pattern and why) for anything else. */
int lte_wf_ocng_parse(const char *name, lte_wf_ocng *p);

typedef struct lte_wf_cfg {
    char name[LTE_WF_NAME_MAX]; /* "E-TM1.1", "free"... (informative) */
    lte_cell_cfg cell;
    /* EPRE of each channel in dB relative to a unit-power RE (0 dB =
     * |a|^2 = 1); with crs_db = 0 they are the ratios to E_RS the E-TM
     * tables give. PHICH: per PHICH (each BPSK symbol before the group sum). */
    float crs_db, sync_db, pbch_db, pcfich_db, phich_db, pdcch_db;
    int n_phich;       /* PHICHs per group, 0..8 (normal CP) */
    int n_pdcch;       /* PDCCHs per subframe */
    int pdcch_cces;    /* CCEs per PDCCH: 1, 2, 4 or 8 */
    lte_wf_data data;
    uint16_t rnti;     /* PDSCH n_RNTI */
    int i_mcs;         /* LTE_WF_DATA_DLSCH: I_MCS 0..28 (64QAM table), or -1:
                        * the TBS of each subframe is tbs[sf] */
    int tbs[LTE_NSUBFRAMES];
    uint64_t seed;     /* LTE_WF_DATA_DLSCH: transport-block bits */
    /* Per subframe and PRB: PDSCH modulation (0 = not allocated, else an
     * lte_mod) and its EPRE in dB (E_A = E_B: the same in symbols with CRS,
     * as the E-TMs' P_B = E_B/E_A = 1). */
    uint8_t prb_mod[LTE_NSUBFRAMES][LTE_MAX_RB];
    float prb_db[LTE_NSUBFRAMES][LTE_MAX_RB];
    /* OFDMA Channel Noise Generator (36.101 Annex A.5) for the PRBs with no
     * PDSCH: LTE_WF_OCNG_NONE (lte_wf_cfg_init) leaves them empty. */
    lte_wf_ocng ocng;
    /* OCNG_RA / OCNG_RB of the test case: OCNG EPRE-to-RS EPRE in dB in OFDM
     * symbols with / without CRS (as 36.101 §A.5.1 words it); the OCNG EPRE
     * is crs_db + gamma (the pattern's relative power level, 0 dB in OP.2)
     * + OCNG_RA or OCNG_RB. 0 after lte_wf_cfg_init. */
    float ocng_ra_db, ocng_rb_db;
} lte_wf_cfg;

/* Defaults of a free configuration: the cell of lte_cell_cfg_init, every
 * channel at 0 dB, one PHICH per group, one PDCCH of 4 CCEs, no PDSCH,
 * zero data, rnti 0. */
int lte_wf_cfg_init(lte_wf_cfg *cfg);

/* Allocate PRBs [first, first+count) of every downlink subframe with mod at
 * pa_db (mod 0 removes them). */
int lte_wf_cfg_set_prbs(lte_wf_cfg *cfg, int first, int count, lte_mod mod, float pa_db);

/* Named configurations. lte_wf_model_name(i) is the i-th name (NULL past
 * the end) and lte_wf_model_summary(i) a one-line description.
 * lte_wf_model() fills cfg for the name (case-insensitive, "E-TM1.1" or
 * "etm1.1": E-TM1.1, 1.2, 2, 2a, 3.1, 3.1a, 3.2, 3.3) and N_RB (6, 15, 25,
 * 50, 75, 100); LTE_EINVAL for an unknown name or bandwidth, and for the
 * models driven by a PRB position table (E-TM1.2, 2, 2a, 3.2, 3.3) at
 * 15 MHz, whose table is not typed in. The cell is FDD, cell ID 1, one
 * port, normal CP (36.141 §6.1.1); callers may switch it to TDD afterwards.
 * The boosted/de-boosted PRB sets appear as per-PRB prb_mod/prb_db, the
 * PSS/SSS/PBCH level as sync_db/pbch_db (docs/waveform.md lists them). */
const char *lte_wf_model_name(int i);
const char *lte_wf_model_summary(int i);
int lte_wf_model(const char *name, int n_rb, lte_wf_cfg *cfg);

/* Reference measurement channels of 36.101 Annex A.3 (each has its own
 * bandwidth), enumerated like the models: R.4, R.42-1, R.42-2, R.2, R.42-3,
 * R.42 (Table A.3.3.1-1) and R.10 (two ports, transmit diversity).
 * lte_wf_rmc() fills cfg. */
const char *lte_wf_rmc_name(int i);
const char *lte_wf_rmc_summary(int i);
int lte_wf_rmc(const char *name, lte_wf_cfg *cfg);

/* N_RB of a channel bandwidth in MHz (1.4, 3, 5, 10, 15, 20; 36.104 Table
 * 5.6-1); LTE_EINVAL otherwise. */
int lte_wf_bw_to_nrb(double mhz, int *n_rb);

/* PRBs allocated in a subframe. */
int lte_wf_prb_count(const lte_wf_cfg *cfg, int subframe);

/* Generator. Not thread-safe; no allocation after create. */
typedef struct lte_wf lte_wf;
int lte_wf_create(const lte_wf_cfg *cfg, lte_wf **out);
void lte_wf_destroy(lte_wf *wf); /* NULL allowed */
/* Samples per subframe and antenna port. */
int lte_wf_subframe_len(const lte_wf *wf);
/* Build subframe sf (0..9) of radio frame `frame` (SFN = frame mod 1024) and,
 * if out is not NULL, OFDM-modulate port p into out[p] (subframe_len
 * samples; uplink subframes and the GP/UpPTS give zeros). */
int lte_wf_run(lte_wf *wf, int frame, int sf, float complex *const *out);
/* The grid of the last run (its cell.cfi is the CFI used). */
const lte_grid *lte_wf_grid(const lte_wf *wf);
/* Transport block size of the last run (LTE_WF_DATA_DLSCH), else 0. */
int lte_wf_last_tbs(const lte_wf *wf);
/* I_MCS of the last run's block with --mcs N (lte_wf_cfg.i_mcs >= 0): N,
 * or lower where N's TBS would exceed the effective code rate 0.930 of
 * 36.213 §7.1.7 (the highest I_MCS of N's modulation that does not); -1
 * without such a block (no DL-SCH data, an RMC, no PDSCH in the subframe). */
int lte_wf_last_i_mcs(const lte_wf *wf);
/* RNTI of the CRC mask of the zero-payload PDCCHs (all but the PDSCH's own
 * DCI): 1, or 2 when cfg->rnti is 1. Never the configured RNTI: where 27
 * bits is the format 0/1A size (10 MHz FDD) a zero payload under the UE's
 * RNTI would read as an uplink grant (format 0) to it. */
int lte_wf_filler_rnti(const lte_wf_cfg *cfg);

#ifdef __cplusplus
}
#endif
#endif
