/* ltephy phy: transport-channel coding of DL-SCH and UL-SCH data
 * (TS 36.212 §5.3.2 and §5.2.2, turbo-coded part).
 *
 * Encode: transport block a (A bits) → CRC24A (§5.3.2.1) → code-block
 * segmentation and CB CRC24B (§5.1.2) → turbo coding (§5.1.3.2) → rate
 * matching (§5.1.4.1) → code-block concatenation (§5.1.5) → f (G bits).
 * UL-SCH's channel interleaver and UCI multiplexing (§5.2.2.6-8) are not
 * here: they belong to the uplink layer.
 *
 * Decode: G soft values (LLR, positive favours 0) → per code block inverse
 * rate matching, ADDED into the HARQ soft buffer (soft combining across
 * transmissions of the same TB) → turbo decoding with early stopping on the
 * CB CRC24B (C > 1) or the TB CRC24A (C = 1) → CRC24A check.
 *
 * Code blocks are decoded in parallel with OpenMP; each code block's result
 * depends only on its own inputs, so the output does not depend on the
 * thread count.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_SCH_H
#define LTEPHY_SCH_H

#include <stdint.h>

#include "ltephy/simd.h"
#include "ltephy/tables.h"
#include "ltephy/turbo.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_SCH_TBS_MAX 391656 /* largest TBS of 36.213 (4 layers); objects take a smaller max */

typedef struct lte_sch_cfg {
    int uplink;     /* 0: DL-SCH (N_cb from the soft buffer), 1: UL-SCH (N_cb = K_w) */
    int tbs_max;    /* largest transport block the object handles, bits (>= 16) */
    /* DL-SCH soft-buffer limit (§5.1.4.1.2). n_soft = 0 means no limit
     * (N_cb = K_w). Otherwise N_IR = floor(N_soft / (K_MIMO·min(M_DL_HARQ, M_limit))). */
    int n_soft;     /* total soft channel bits of the UE category (36.306) */
    int k_mimo;     /* 2 for transmission modes 3, 4, 8, 9, 10; else 1 */
    int m_dl_harq;  /* maximum number of DL HARQ processes (8 for FDD) */
    int m_limit;    /* 8 */
    /* decoder only */
    int decoder;        /* LTE_SCH_DEC_FLOAT (0, the reference), _FX8 or _FX16 */
    lte_turbo_alg alg;  /* float decoder algorithm */
    float ext_scale;    /* extrinsic scaling (1.0 = none) */
    int max_iter;       /* turbo iterations (e.g. 8) */
    int threads;        /* OpenMP threads for code blocks, 0 = runtime default */
    lte_simd_path simd;
    int half_stop;      /* fixed-point decoders: 1 = also stop on decoder 1's decisions
                         * after half-iteration 1 of each iteration when their CRC checks
                         * (turbo_fx.h section 8: half the work of a block that decodes
                         * at once); 0 (default) = full iterations only. No effect on
                         * the float decoder. */
    int release_ok;     /* 1 = a TB whose CRC24A checks releases its HARQ buffer (as
                         * lte_sch_harq_reset: the next call starts a new TB), so a
                         * first transmission is stored only when its TB fails, after
                         * decoding; a retransmission of a decoded TB (which a UE's MAC
                         * acknowledges without decoding, 36.321 §5.3.2.2) is then
                         * decoded on its own. 0 (default) = the buffer keeps every
                         * TB until reset. Same decoded bits and results for every
                         * call that follows a failed decode or a reset. */
} lte_sch_cfg;

/* Turbo decoder used by lte_sch_decode(). The fixed-point models are those
 * of ltephy/turbo_fx.h with their defaults (max-log-MAP, extrinsic scale
 * 0.75); the soft values are quantised with 2 (8-bit) or 8 (16-bit)
 * fractional bits, round half away from zero, saturated. */
enum {
    LTE_SCH_DEC_FLOAT = 0,
    LTE_SCH_DEC_FX8 = 8,
    LTE_SCH_DEC_FX16 = 16,
};

/* The parameters of one transmission. */
typedef struct lte_sch_tx {
    int tbs;      /* A, transport block size in bits */
    int G;        /* coded bits available for this transport block */
    int q_m;      /* modulation order: 1 (BPSK), 2, 4, 6, 8 */
    int n_layers; /* N_L: layers the TB is mapped to (2 for transmit diversity) */
    int rv;       /* redundancy version 0..3 */
} lte_sch_tx;

/* Per-code-block sizes for a transmission (§5.1.2, §5.1.4.1.2). */
int lte_sch_cb_plan(const lte_sch_cfg *cfg, const lte_sch_tx *tx, lte_cb_seg *seg, int *E,
                    int *n_cb, int max_cbs);

/* ---- Encoder --------------------------------------------------------------- */
typedef struct lte_sch_enc lte_sch_enc;

int lte_sch_enc_create(const lte_sch_cfg *cfg, lte_sch_enc **out);
void lte_sch_enc_destroy(lte_sch_enc *enc);
/* tb: tbs unpacked bits; f: G output bits. */
int lte_sch_encode(lte_sch_enc *enc, const lte_sch_tx *tx, const uint8_t *tb, uint8_t *f);

/* Intermediate stages of the last lte_sch_encode call, for vector dumps. */
typedef enum lte_sch_stage {
    LTE_SCH_STAGE_TB_CRC = 0, /* b: TB + CRC24A, B bits */
    LTE_SCH_STAGE_CB,         /* c_r: code block r (filler bits as 0), K_r bits */
    LTE_SCH_STAGE_D0,         /* turbo output stream 0 of block r, K_r + 4 bits */
    LTE_SCH_STAGE_D1,
    LTE_SCH_STAGE_D2,
    LTE_SCH_STAGE_E,          /* rate-matched e of block r, E_r bits */
} lte_sch_stage;
int lte_sch_enc_stage(const lte_sch_enc *enc, lte_sch_stage stage, int r, const uint8_t **bits,
                      int *n);

/* ---- HARQ soft buffer ------------------------------------------------------ */
typedef struct lte_sch_harq lte_sch_harq;
int lte_sch_harq_create(int tbs_max, lte_sch_harq **out);
void lte_sch_harq_destroy(lte_sch_harq *h);
/* Forget the stored soft bits (start of a new transport block). */
void lte_sch_harq_reset(lte_sch_harq *h);

/* ---- Decoder --------------------------------------------------------------- */
typedef struct lte_sch_dec lte_sch_dec;

typedef struct lte_sch_result {
    int crc_ok;         /* 1 if the TB CRC24A checks */
    int cbs;            /* number of code blocks C */
    int cbs_ok;         /* code blocks whose CB CRC (or TB CRC if C = 1) checks */
    int iterations_max; /* largest iteration count over the code blocks */
    float iterations_mean;
    int halves_max;     /* largest half-iteration count: 2 x iterations, or 2n - 1 for a
                         * block that stopped after half-iteration 1 of iteration n
                         * (lte_sch_cfg.half_stop) */
    float halves_mean;
} lte_sch_result;

int lte_sch_dec_create(const lte_sch_cfg *cfg, lte_sch_dec **out);
void lte_sch_dec_destroy(lte_sch_dec *dec);
/* llr: G soft values of f. h: the HARQ process's soft buffer (reset by the
 * caller for rv of a new TB). tb: tbs decoded bits (written even if the CRC
 * fails). A TB decoded as all zeros when the soft values of every
 * transmission combined in h are all 0 (no information: its all-zero
 * decisions pass every CRC, the registers starting at 0) is reported
 * failed, crc_ok = cbs_ok = 0; one transmission with information clears
 * that. */
int lte_sch_decode(lte_sch_dec *dec, lte_sch_harq *h, const lte_sch_tx *tx, const float *llr,
                   uint8_t *tb, lte_sch_result *res);

#ifdef __cplusplus
}
#endif
#endif
