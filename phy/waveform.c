/* Whole-frame downlink waveforms: E-UTRA test models (TS 36.141 §6.1.1)
 * and free configurations, built on the channel mappers of dlphy.h.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kernels/internal.h"
#include "ltephy/dci.h"
#include "ltephy/dlphy.h"
#include "ltephy/ofdm.h"
#include "ltephy/rng.h"
#include "ltephy/tables.h"
#include "ltephy/waveform.h"

/* ---- Configuration ----------------------------------------------------- */

int lte_wf_cfg_init(lte_wf_cfg *cfg)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    memset(cfg, 0, sizeof(*cfg));
    snprintf(cfg->name, sizeof cfg->name, "free");
    lte_cell_cfg_init(&cfg->cell);
    cfg->n_phich = 1;
    cfg->n_pdcch = 1;
    cfg->pdcch_cces = 4;
    cfg->data = LTE_WF_DATA_ZERO;
    return 0;
}

static int mod_ok(int m)
{
    return m == 0 || m == LTE_MOD_QPSK || m == LTE_MOD_16QAM || m == LTE_MOD_64QAM ||
           m == LTE_MOD_256QAM;
}

int lte_wf_cfg_set_prbs(lte_wf_cfg *cfg, int first, int count, lte_mod mod, float pa_db)
{
    LTE_CHECK_ARG(cfg != NULL, "cfg is NULL");
    LTE_CHECK_ARG(first >= 0 && count >= 0 && first + count <= cfg->cell.n_rb,
                  "PRBs %d..%d: outside 0..%d", first, first + count - 1, cfg->cell.n_rb - 1);
    LTE_CHECK_ARG(mod_ok((int)mod), "mod = %d: not QPSK/16QAM/64QAM/256QAM", (int)mod);
    LTE_CHECK_ARG(isfinite(pa_db), "pa_db is not finite");
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
        for (int n = first; n < first + count; n++) {
            cfg->prb_mod[sf][n] = (uint8_t)mod;
            cfg->prb_db[sf][n] = mod ? pa_db : 0.0f;
        }
    return 0;
}

int lte_wf_bw_to_nrb(double mhz, int *n_rb)
{
    /* 36.104 Table 5.6-1: transmission bandwidth configuration N_RB */
    static const double bw[6] = {1.4, 3, 5, 10, 15, 20};
    static const int nrb[6] = {6, 15, 25, 50, 75, 100};
    LTE_CHECK_ARG(n_rb != NULL, "n_rb is NULL");
    for (int i = 0; i < 6; i++)
        if (fabs(mhz - bw[i]) < 1e-6) {
            *n_rb = nrb[i];
            return 0;
        }
    return lte_error_set(LTE_EINVAL, "bandwidth %g MHz: must be 1.4, 3, 5, 10, 15 or 20", mhz);
}

int lte_wf_prb_count(const lte_wf_cfg *cfg, int subframe)
{
    LTE_CHECK_ARG(cfg != NULL && subframe >= 0 && subframe < LTE_NSUBFRAMES,
                  "cfg NULL or subframe %d outside 0..9", subframe);
    int n = 0;
    for (int k = 0; k < cfg->cell.n_rb && k < LTE_MAX_RB; k++)
        n += cfg->prb_mod[subframe][k] != 0;
    return n;
}

/* ---- OCNG patterns (36.101 Annex A.5) ------------------------------------ */

const char *lte_wf_ocng_name(lte_wf_ocng p)
{
    switch (p) {
    case LTE_WF_OCNG_NONE:
        return "none";
    case LTE_WF_OCNG_OP2_FDD:
        return "OP.2 FDD";
    }
    return NULL;
}

int lte_wf_ocng_parse(const char *name, lte_wf_ocng *p)
{
    LTE_CHECK_ARG(name != NULL && p != NULL, "name or p is NULL");
    if (!strcasecmp(name, "none")) {
        *p = LTE_WF_OCNG_NONE;
        return 0;
    }
    if (!strcasecmp(name, "OP.2") || !strcasecmp(name, "OP.2 FDD")) {
        *p = LTE_WF_OCNG_OP2_FDD;
        return 0;
    }
    if (!strncasecmp(name, "OP.", 3))
        return lte_error_set(LTE_EINVAL,
                             "OCNG pattern '%s': not available; only OP.2 FDD (36.101 Table "
                             "A.5.1.2-1) is, the other Annex A.5 tables could not be read",
                             name);
    return lte_error_set(LTE_EINVAL, "OCNG pattern '%s': unknown (none or OP.2 FDD)", name);
}

/* ---- E-UTRA test models (36.141 §6.1.1) --------------------------------- */

/* Per-bandwidth control-region parameters shared by the E-TMs (the
 * "physical channel parameters" tables of 36.141 §6.1.1.1 ff.), for
 * N_RB = 6, 15, 25, 50, 75, 100. The PCFICH and PDCCH EPREs make the power
 * of the control region that of a fully loaded symbol (12 N_RB at 0 dB per
 * OFDM symbol, the reserved port-1 CRS REs empty): e.g. 3 MHz, one symbol:
 * 30 CRS + 16 PCFICH x 1 + 12 PHICH + 72 PDCCH x 10^0.229 = 180. Only at
 * 1.4 MHz (two symbols, 23 PDCCH REGs of which 18 used) does the PCFICH
 * need +3.222 dB. */
static const int etm_nrb[6] = {6, 15, 25, 50, 75, 100};
static const int etm_n_pdcch[6] = {2, 2, 2, 5, 7, 10};
static const int etm_pdcch_cces[6] = {1, 1, 2, 2, 2, 2};
static const float etm_pdcch_db[6] = {0.792f, 2.290f, 1.880f, 1.065f, 1.488f, 1.195f};
static const float etm_pcfich_db[6] = {3.222f, 0, 0, 0, 0, 0};
#define ETM_PHICH_DB (-3.010f) /* per PHICH: 2 PHICHs make a 0 dB group */

/* PDSCH EPREs of the models with two PRB sets. Each pair keeps the mean
 * PRB power at 0 dB: n_a 10^(a/10) + n_b 10^(b/10) = N_RB. The PBCH, PSS
 * and SSS take the level of the second (power-filling) set, except at
 * 1.4 MHz where subframes carrying them have no boosting at all. */
static const float etm12_deboost_db[6] = {-2.990f, -4.730f, -4.730f, -4.730f, -4.730f, -4.730f};
static const float etm32_qpsk_db[6] = {3.005f, 1.573f, 2.426f, 2.426f, 3.005f, 2.426f};
static const float etm33_qam16_db[6] = {2.427f, 2.189f, 2.580f, 2.427f, 2.477f, 2.427f};
#define ETM12_BOOST_DB 3.0f
#define ETM32_QAM16_DB (-3.0f)
#define ETM33_QPSK_DB (-6.0f)

/* PRB tables, for 1.4, 3, 5, 10 and 20 MHz (bandwidth index 0-3, 5; the
 * 15 MHz column is not typed in yet). One string per subframe: the n_PRB
 * of the listed set, increasing. Typed from a third-party transcription of
 * the 36.141 tables, the 3GPP document itself not being readable here; the
 * tests check them against each other (docs/waveform.md). */
static const int etm_tab_col[6] = {0, 1, 2, 3, -1, 4};

/* E-TM1.2: PRBs boosted to +3 dB (36.141 §6.1.1.2, PRB table) */
static const char *const etm12_boosted[5][LTE_NSUBFRAMES] = {
    { /* 1.4 MHz */
     "",
     "1 3",
     "1 3",
     "2 3",
     "2 5",
     "",
     "0 2",
     "0 5",
     "2 5",
     "1 5",
    },
    { /* 3 MHz */
     "0 1 2 11 12 13",
     "0 4 10 11 12 13",
     "0 3 5 6 11 13",
     "0 1 4 5 7 12",
     "0 2 3 4 9 10",
     "1 2 3 11 12 14",
     "4 6 8 11 13 14",
     "2 5 6 12 13 14",
     "0 3 4 7 8 11",
     "1 3 4 5 11 12",
    },
    { /* 5 MHz */
     "0 1 3 6 7 8 16 18 20 21",
     "0 1 4 5 9 10 12 17 18 24",
     "0 1 2 12 13 14 19 20 23 24",
     "0 5 8 12 13 15 17 20 21 24",
     "0 4 6 7 12 13 15 16 22 23",
     "0 1 2 3 8 16 18 21 22 24",
     "1 3 5 7 9 10 12 15 21 22",
     "0 1 2 3 7 10 14 18 20 21",
     "1 4 8 9 10 12 15 16 18 20",
     "1 2 3 5 6 9 10 13 16 17",
    },
    { /* 10 MHz */
     "1 2 7 8 9 10 11 16 20 31 32 33 35 36 39 40 42 46 47 48",
     "5 6 7 9 11 15 20 21 22 24 25 27 34 35 36 37 40 44 46 49",
     "3 5 11 12 14 17 18 19 20 22 26 27 28 29 31 34 38 41 42 49",
     "1 2 3 5 8 14 16 22 23 26 28 30 32 34 38 41 42 45 46 47",
     "0 3 6 7 8 9 10 12 13 16 18 21 23 31 33 41 42 45 46 47",
     "0 2 3 4 5 7 9 10 11 12 15 19 20 28 29 30 31 34 36 48",
     "0 1 4 6 8 9 10 16 17 19 20 21 24 29 30 31 35 37 38 47",
     "2 3 4 5 6 9 10 12 16 17 19 22 24 25 26 30 34 37 42 48",
     "7 9 14 15 16 21 22 28 30 31 32 34 35 41 42 43 44 46 48 49",
     "11 13 16 17 18 21 24 27 28 29 30 32 37 38 40 42 45 47 48 49",
    },
    { /* 20 MHz */
     "0 6 10 13 15 16 20 23 25 28 29 30 31 32 33 39 41 42 44 45 54 56 57 63 "
      "66 67 68 76 77 79 82 84 85 88 92 94 95 97 98 99",
     "1 3 7 9 10 13 19 20 21 22 23 25 26 27 30 33 34 35 36 47 49 50 51 53 55 "
      "57 60 61 64 68 76 77 80 83 84 86 87 89 95 99",
     "1 2 3 6 8 10 11 15 16 17 19 21 25 26 28 29 32 35 39 41 42 43 44 51 52 "
      "54 60 64 69 76 79 81 84 86 88 89 90 93 94 99",
     "5 7 9 10 12 15 16 21 23 24 27 28 29 30 33 34 35 36 39 47 49 54 55 56 "
      "57 64 66 70 72 76 77 80 81 86 87 90 91 92 98 99",
     "2 3 4 5 6 7 14 17 19 21 22 24 26 37 42 44 47 49 51 56 57 62 63 65 67 "
      "70 71 73 76 77 81 83 85 86 87 89 94 95 97 99",
     "1 2 5 6 8 9 12 13 21 22 25 26 28 32 35 39 40 43 45 46 57 59 61 62 64 "
      "66 68 71 73 77 78 84 85 86 93 94 95 96 97 99",
     "0 1 2 3 5 8 9 10 12 22 25 26 27 29 31 32 33 36 38 39 43 45 49 53 55 59 "
      "62 63 64 71 72 73 75 77 78 81 84 89 97 98",
     "0 1 3 4 5 7 11 18 19 20 21 26 27 29 30 31 33 35 39 40 41 43 44 46 47 "
      "50 53 55 56 62 64 66 67 69 70 72 74 92 93 98",
     "2 3 4 7 11 13 15 16 24 25 27 29 35 36 40 43 44 45 46 51 52 55 56 57 63 "
      "64 65 68 71 77 78 81 82 83 84 85 86 90 94 98",
     "0 4 7 8 10 11 16 18 22 26 29 32 35 37 43 44 46 47 48 49 53 54 57 59 60 "
      "61 64 66 67 69 70 76 78 81 84 87 89 91 95 96",
    },
};

/* E-TM2/2a: the allocated PRB of each subframe (36.141 §6.1.1.3, PRB table) */
static const char *const etm2_prb[5][LTE_NSUBFRAMES] = {
    { /* 1.4 MHz */
     "4",
     "1",
     "1",
     "2",
     "5",
     "3",
     "0",
     "0",
     "5",
     "4",
    },
    { /* 3 MHz */
     "13",
     "11",
     "13",
     "5",
     "9",
     "14",
     "6",
     "13",
     "0",
     "1",
    },
    { /* 5 MHz */
     "8",
     "17",
     "21",
     "8",
     "22",
     "2",
     "9",
     "14",
     "0",
     "13",
    },
    { /* 10 MHz */
     "16",
     "36",
     "19",
     "26",
     "42",
     "30",
     "17",
     "48",
     "9",
     "0",
    },
    { /* 20 MHz */
     "63",
     "34",
     "44",
     "7",
     "94",
     "2",
     "97",
     "19",
     "56",
     "32",
    },
};

/* E-TM3.2: the 16QAM PRBs, de-boosted to -3 dB (36.141 §6.1.1.5, PRB table) */
static const char *const etm32_qam16[5][LTE_NSUBFRAMES] = {
    { /* 1.4 MHz */
     "1 3 4 5",
     "1 2 3 5",
     "0 1 3 4",
     "1 2 3 5",
     "0 2 3 5",
     "0 1 2 4",
     "0 1 2 5",
     "0 2 4 5",
     "1 2 3 5",
     "0 1 3 5",
    },
    { /* 3 MHz */
     "0 1 2 3 11 12 13",
     "0 3 4 10 11 12 13",
     "0 2 3 5 6 11 13",
     "0 1 4 5 7 10 12",
     "0 2 3 4 9 10 13",
     "0 1 2 3 11 12 14",
     "4 5 6 8 11 13 14",
     "2 5 6 9 12 13 14",
     "0 3 4 7 8 9 11",
     "1 2 3 4 5 11 12",
    },
    { /* 5 MHz */
     "0 1 3 4 6 7 8 16 17 18 19 20 21 23 24",
     "0 1 2 3 4 5 6 9 10 12 13 17 18 20 24",
     "0 1 2 3 7 8 9 10 12 13 14 19 20 23 24",
     "0 5 6 8 10 11 12 13 15 17 18 20 21 22 24",
     "0 1 2 4 6 7 12 13 14 15 16 17 22 23 24",
     "0 1 2 3 4 6 7 8 16 17 18 21 22 23 24",
     "1 3 4 5 7 9 10 11 12 13 14 15 21 22 24",
     "0 1 2 3 4 7 8 10 13 14 18 19 20 21 24",
     "1 4 8 9 10 11 12 13 15 16 18 20 22 23 24",
     "1 2 3 4 5 6 9 10 11 12 13 16 17 21 23",
    },
    { /* 10 MHz */
     "1 2 3 4 5 6 7 8 9 10 11 15 16 17 20 21 28 30 31 32 33 35 36 39 40 42 "
      "44 46 47 48",
     "0 1 2 4 5 6 7 9 10 11 13 15 18 20 21 22 24 25 27 28 29 34 35 36 37 40 "
      "43 44 46 49",
     "0 1 3 4 5 6 7 11 12 14 17 18 19 20 21 22 24 25 26 27 28 29 31 32 34 38 "
      "41 42 45 49",
     "0 1 2 3 5 6 8 12 14 15 16 17 18 22 23 26 28 29 30 32 34 35 38 39 40 41 "
      "42 45 46 47",
     "0 3 6 7 8 9 10 12 13 15 16 17 18 21 23 25 28 31 33 37 38 39 41 42 44 "
      "45 46 47 48 49",
     "0 2 3 4 5 7 9 10 11 12 13 14 15 19 20 28 29 30 31 34 36 37 38 39 40 42 "
      "44 45 48 49",
     "0 1 3 4 5 6 8 9 10 13 14 16 17 18 19 20 21 23 24 29 30 31 32 35 37 38 "
      "39 40 47 48",
     "0 1 2 3 4 5 6 7 9 10 12 14 16 17 18 19 22 24 25 26 27 28 30 31 32 34 "
      "37 42 45 48",
     "2 5 7 8 9 10 11 14 15 16 17 21 22 27 28 29 30 31 32 34 35 37 38 41 42 "
      "43 44 46 48 49",
     "1 3 6 9 11 13 15 16 17 18 21 24 25 26 27 28 29 30 32 34 37 38 39 40 41 "
      "42 45 47 48 49",
    },
    { /* 20 MHz */
     "0 1 4 6 7 8 9 10 11 13 14 15 16 20 21 22 23 25 26 28 29 30 31 32 33 34 "
      "36 39 41 42 44 45 54 56 57 58 60 61 63 66 67 68 72 75 76 77 79 81 82 "
      "84 85 87 88 91 92 94 95 97 98 99",
     "1 3 5 6 7 9 10 13 17 19 20 21 22 23 24 25 26 27 28 30 32 33 34 35 36 "
      "39 41 47 48 49 50 51 53 54 55 57 58 59 60 61 64 65 67 68 75 76 77 79 "
      "80 81 83 84 86 87 89 90 91 93 95 99",
     "0 1 2 3 6 8 10 11 15 16 17 19 21 22 23 25 26 28 29 30 32 33 35 38 39 "
      "40 41 42 43 44 46 49 51 52 53 54 57 59 60 62 63 64 65 67 69 71 72 73 "
      "76 79 81 84 86 88 89 90 92 93 94 99",
     "5 6 7 9 10 12 14 15 16 17 21 22 23 24 27 28 29 30 31 33 34 35 36 37 39 "
      "41 44 45 47 49 50 53 54 55 56 57 59 64 65 66 68 70 72 75 76 77 80 81 "
      "84 85 86 87 90 91 92 94 95 97 98 99",
     "0 2 3 4 5 6 7 11 12 14 15 17 19 21 22 24 26 32 36 37 40 42 43 44 47 48 "
      "49 50 51 54 56 57 60 62 63 65 66 67 70 71 73 76 77 78 79 81 82 83 84 "
      "85 86 87 89 91 94 95 96 97 98 99",
     "1 2 5 6 8 9 11 12 13 15 21 22 25 26 27 28 29 30 31 32 34 35 38 39 40 "
      "41 43 44 45 46 53 57 58 59 61 62 63 64 65 66 68 69 71 72 73 75 77 78 "
      "80 82 83 84 85 86 93 94 95 96 97 99",
     "0 1 2 3 5 8 9 10 12 13 14 16 22 25 26 27 28 29 31 32 33 34 36 37 38 39 "
      "43 44 45 46 48 49 52 53 55 59 61 62 63 64 70 71 72 73 74 75 77 78 80 "
      "81 82 84 86 89 90 91 93 97 98 99",
     "0 1 3 4 5 7 8 10 11 15 18 19 20 21 26 27 29 30 31 33 35 37 38 39 40 41 "
      "43 44 45 46 47 48 49 50 52 53 55 56 58 60 62 64 65 66 67 69 70 71 72 "
      "73 74 81 83 84 86 92 93 94 96 98",
     "2 3 4 5 7 9 11 13 15 16 17 21 23 24 25 27 28 29 31 33 35 36 40 42 43 "
      "44 45 46 48 49 51 52 53 54 55 56 57 59 61 63 64 65 68 71 76 77 78 81 "
      "82 83 84 85 86 87 90 91 93 94 98 99",
     "0 3 4 6 7 8 10 11 13 16 18 21 22 23 25 26 28 29 32 35 36 37 38 43 44 "
      "46 47 48 49 53 54 57 58 59 60 61 64 66 67 68 69 70 72 76 77 78 80 81 "
      "82 83 84 86 87 88 89 91 92 94 95 96",
    },
};

/* E-TM3.3: the QPSK PRBs, de-boosted to -6 dB (36.141 §6.1.1.6, PRB table) */
static const char *const etm33_qpsk[5][LTE_NSUBFRAMES] = {
    { /* 1.4 MHz */
     "2 3 5",
     "1 2 3",
     "0 1 3",
     "1 2 3",
     "2 3 5",
     "1 2 5",
     "0 2 5",
     "0 2 5",
     "1 2 5",
     "1 3 5",
    },
    { /* 3 MHz */
     "0 1 2 3 11 12 13",
     "0 3 4 10 11 12 13",
     "0 2 3 5 6 11 13",
     "0 1 4 5 7 10 12",
     "0 2 3 4 9 10 13",
     "0 1 2 3 11 12 14",
     "4 5 6 8 11 13 14",
     "2 5 6 9 12 13 14",
     "0 3 4 7 8 9 11",
     "1 2 3 4 5 11 12",
    },
    { /* 5 MHz */
     "0 1 3 6 7 8 16 17 18 20 21 23 24",
     "0 1 2 4 5 6 9 10 12 17 18 20 24",
     "0 1 2 3 9 10 12 13 14 19 20 23 24",
     "0 5 6 8 10 12 13 15 17 18 20 21 24",
     "0 2 4 6 7 12 13 15 16 17 22 23 24",
     "0 1 2 3 4 6 7 8 16 18 21 22 24",
     "1 3 4 5 7 9 10 11 12 15 21 22 24",
     "0 1 2 3 4 7 10 14 18 19 20 21 24",
     "1 4 8 9 10 11 12 13 15 16 18 20 23",
     "1 2 3 4 5 6 9 10 11 13 16 17 23",
    },
    { /* 10 MHz */
     "1 2 3 5 6 7 8 9 10 11 15 16 20 28 31 32 33 35 36 39 40 42 46 47 48",
     "1 2 4 5 6 7 9 11 15 18 20 21 22 24 25 27 29 34 35 36 37 40 44 46 49",
     "0 3 5 6 11 12 14 17 18 19 20 21 22 24 25 26 27 28 29 31 34 38 41 42 49",
     "0 1 2 3 5 6 8 14 16 18 22 23 26 28 30 32 34 38 39 40 41 42 45 46 47",
     "0 3 6 7 8 9 10 12 13 16 17 18 21 23 25 31 33 37 41 42 45 46 47 48 49",
     "0 2 3 4 5 7 9 10 11 12 13 15 19 20 28 29 30 31 34 36 37 42 44 48 49",
     "0 1 4 5 6 8 9 10 13 16 17 18 19 20 21 24 29 30 31 32 35 37 38 39 47",
     "0 2 3 4 5 6 7 9 10 12 16 17 18 19 22 24 25 26 30 31 34 37 42 45 48",
     "5 7 8 9 14 15 16 21 22 27 28 30 31 32 34 35 37 38 41 42 43 44 46 48 49",
     "3 9 11 13 16 17 18 21 24 27 28 29 30 32 34 37 38 39 40 41 42 45 47 48 "
      "49",
    },
    { /* 20 MHz */
     "0 1 4 6 10 13 14 15 16 20 22 23 25 26 28 29 30 31 32 33 36 39 41 42 44 "
      "45 54 56 57 60 63 66 67 68 72 76 77 79 82 84 85 87 88 91 92 94 95 97 "
      "98 99",
     "1 3 7 9 10 13 19 20 21 22 23 24 25 26 27 30 33 34 35 36 47 48 49 50 51 "
      "53 54 55 57 59 60 61 64 65 67 68 75 76 77 80 81 83 84 86 87 89 90 93 "
      "95 99",
     "1 2 3 6 8 10 11 15 16 17 19 21 25 26 28 29 30 32 33 35 38 39 40 41 42 "
      "43 44 46 49 51 52 54 60 62 63 64 65 69 72 76 79 81 84 86 88 89 90 93 "
      "94 99",
     "5 7 9 10 12 14 15 16 21 22 23 24 27 28 29 30 33 34 35 36 37 39 41 44 "
      "45 47 49 54 55 56 57 64 66 68 70 72 76 77 80 81 85 86 87 90 91 92 94 "
      "95 98 99",
     "2 3 4 5 6 7 14 15 17 19 21 22 24 26 37 40 42 43 44 47 49 51 54 56 57 "
      "60 62 63 65 66 67 70 71 73 76 77 78 81 82 83 84 85 86 87 89 94 95 96 "
      "97 99",
     "1 2 5 6 8 9 12 13 21 22 25 26 27 28 29 31 32 34 35 39 40 43 45 46 53 "
      "57 59 61 62 63 64 66 68 69 71 73 75 77 78 82 83 84 85 86 93 94 95 96 "
      "97 99",
     "0 1 2 3 5 8 9 10 12 13 22 25 26 27 29 31 32 33 36 37 38 39 43 45 48 49 "
      "52 53 55 59 62 63 64 71 72 73 74 75 77 78 81 82 84 86 89 91 93 97 98 "
      "99",
     "0 1 3 4 5 7 10 11 15 18 19 20 21 26 27 29 30 31 33 35 39 40 41 43 44 "
      "46 47 49 50 53 55 56 62 64 65 66 67 69 70 71 72 74 83 84 86 92 93 94 "
      "96 98",
     "2 3 4 7 9 11 13 15 16 24 25 27 29 31 33 35 36 40 43 44 45 46 49 51 52 "
      "53 54 55 56 57 59 63 64 65 68 71 77 78 81 82 83 84 85 86 90 91 93 94 "
      "98 99",
     "0 4 6 7 8 10 11 13 16 18 21 22 23 26 29 32 35 36 37 43 44 46 47 48 49 "
      "53 54 57 59 60 61 64 66 67 68 69 70 72 76 78 80 81 82 84 87 89 91 92 "
      "95 96",
    },
};

typedef enum etm_kind {
    ETM_1_1, ETM_1_2, ETM_2, ETM_2A, ETM_3_1, ETM_3_1A, ETM_3_2, ETM_3_3
} etm_kind;

typedef struct etm_def {
    const char *name;
    const char *summary;
    etm_kind kind;
} etm_def;

static const etm_def etms[] = {
    {"E-TM1.1", "36.141 §6.1.1.1: every PRB QPSK at 0 dB", ETM_1_1},
    {"E-TM1.2", "36.141 §6.1.1.2: QPSK, 40% of PRBs +3 dB (PRB table), the rest de-boosted; "
     "not 15 MHz",
     ETM_1_2},
    {"E-TM2", "36.141 §6.1.1.3: one PRB 64QAM at 0 dB (PRB table), the others empty; not 15 MHz",
     ETM_2},
    {"E-TM2a", "36.141 §6.1.1.3a: one PRB 256QAM at 0 dB (PRB table), the others empty; "
     "not 15 MHz", ETM_2A},
    {"E-TM3.1", "36.141 §6.1.1.4: every PRB 64QAM at 0 dB", ETM_3_1},
    {"E-TM3.1a", "36.141 §6.1.1.4a: every PRB 256QAM at 0 dB", ETM_3_1A},
    {"E-TM3.2", "36.141 §6.1.1.5: 16QAM PRBs at -3 dB (PRB table), the rest QPSK boosted; "
     "not 15 MHz",
     ETM_3_2},
    {"E-TM3.3", "36.141 §6.1.1.6: QPSK PRBs at -6 dB (PRB table), the rest 16QAM boosted; "
     "not 15 MHz",
     ETM_3_3},
};
#define N_ETMS ((int)(sizeof etms / sizeof etms[0]))

const char *lte_wf_model_name(int i)
{
    return i >= 0 && i < N_ETMS ? etms[i].name : NULL;
}

const char *lte_wf_model_summary(int i)
{
    return i >= 0 && i < N_ETMS ? etms[i].summary : NULL;
}

/* "E-TM1.1", "e-tm1.1", "etm1.1" and "ETM1.1" are the same name. */
static int name_eq(const char *spec, const char *user)
{
    for (;;) {
        if (*spec == '-' && *user != '-')
            spec++;
        if (tolower((unsigned char)*spec) != tolower((unsigned char)*user))
            return 0;
        if (!*spec)
            return 1;
        spec++;
        user++;
    }
}

static int etm_cell(int n_rb, lte_wf_cfg *cfg, int *bw)
{
    *bw = -1;
    for (int i = 0; i < 6; i++)
        if (etm_nrb[i] == n_rb)
            *bw = i;
    if (*bw < 0)
        return lte_error_set(LTE_EINVAL, "lte_wf_model: n_rb = %d: must be 6, 15, 25, 50, 75, 100",
                             n_rb);
    lte_wf_cfg_init(cfg);
    cfg->cell.n_rb = n_rb;
    cfg->cell.cell_id = 1; /* 36.141 §6.1.1: N_ID^cell = 1 */
    cfg->cell.n_ports = 1; /* single antenna port 0 */
    cfg->cell.cp = LTE_CP_NORMAL;
    cfg->cell.duplex = LTE_FDD;
    cfg->cell.cfi = 1;            /* 1 control symbol, 2 for 1.4 MHz (N_RB <= 10) */
    cfg->cell.ng = LTE_NG_1_6;    /* gives 1, 1, 1, 2, 2, 3 PHICH groups */
    cfg->cell.phich_dur = LTE_PHICH_NORMAL;
    cfg->pcfich_db = etm_pcfich_db[*bw];
    cfg->phich_db = ETM_PHICH_DB;
    cfg->n_phich = 2;
    cfg->n_pdcch = etm_n_pdcch[*bw];
    cfg->pdcch_cces = etm_pdcch_cces[*bw];
    cfg->pdcch_db = etm_pdcch_db[*bw];
    cfg->data = LTE_WF_DATA_ZERO; /* 36.141 §6.1.2 */
    cfg->rnti = 0;
    return 0;
}

/* Parse one subframe's PRB list into a 0/1 mask. */
static int etm_prb_list(const char *s, int n_rb, uint8_t mask[LTE_MAX_RB])
{
    memset(mask, 0, LTE_MAX_RB);
    while (*s) {
        char *end;
        long n = strtol(s, &end, 10);
        if (end == s || n < 0 || n >= n_rb)
            return lte_error_set(LTE_EINVAL, "E-TM PRB table: bad entry in \"%s\"", s);
        mask[n] = 1;
        s = end;
        while (*s == ' ')
            s++;
    }
    return 0;
}

/* Two PRB sets per subframe: the listed ones (mod_a at db_a) and the rest
 * (mod_b at db_b; mod_b 0: empty). At 1.4 MHz the subframes with PBCH or
 * synchronisation signals keep both modulations at 0 dB (36.141 §6.1.1.2,
 * §6.1.1.5, §6.1.1.6: no boosting or de-boosting there). */
static int etm_two_sets(lte_wf_cfg *cfg, int bw, const char *const tab[5][LTE_NSUBFRAMES],
                        lte_mod mod_a, float db_a, lte_mod mod_b, float db_b, int flat_sync_1_4)
{
    int col = etm_tab_col[bw];
    if (col < 0)
        return lte_error_set(LTE_EINVAL,
                             "lte_wf_model: %s at 15 MHz: the PRB table of 36.141 §6.1.1 is not "
                             "typed in yet (available: 1.4, 3, 5, 10, 20 MHz)",
                             cfg->name);
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++) {
        uint8_t in_a[LTE_MAX_RB];
        int rc = etm_prb_list(tab[col][sf], cfg->cell.n_rb, in_a);
        if (rc < 0)
            return rc;
        int flat = flat_sync_1_4 && bw == 0 && (sf == 0 || sf == 5);
        for (int n = 0; n < cfg->cell.n_rb; n++) {
            lte_mod m = in_a[n] ? mod_a : mod_b;
            cfg->prb_mod[sf][n] = (uint8_t)m;
            cfg->prb_db[sf][n] = !m || flat ? 0.0f : in_a[n] ? db_a : db_b;
        }
    }
    return 0;
}

int lte_wf_model(const char *name, int n_rb, lte_wf_cfg *cfg)
{
    LTE_CHECK_ARG(name != NULL && cfg != NULL, "name or cfg is NULL");
    const etm_def *d = NULL;
    for (int i = 0; i < N_ETMS; i++)
        if (name_eq(etms[i].name, name))
            d = &etms[i];
    if (!d)
        return lte_error_set(LTE_EINVAL, "lte_wf_model: unknown model '%s' (see lte_wf_model_name, "
                             "'ltephy waveform --list')",
                             name);
    int bw, rc = etm_cell(n_rb, cfg, &bw);
    if (rc < 0)
        return rc;
    snprintf(cfg->name, sizeof cfg->name, "%s", d->name);
    /* sync/PBCH level of the two-set models at 3-20 MHz: the second set's */
    float sync_db = 0.0f;
    switch (d->kind) {
    case ETM_1_1:
        return lte_wf_cfg_set_prbs(cfg, 0, n_rb, LTE_MOD_QPSK, 0.0f);
    case ETM_3_1:
        return lte_wf_cfg_set_prbs(cfg, 0, n_rb, LTE_MOD_64QAM, 0.0f);
    case ETM_3_1A:
        return lte_wf_cfg_set_prbs(cfg, 0, n_rb, LTE_MOD_256QAM, 0.0f);
    case ETM_2:
    case ETM_2A:
        /* one PDCCH at 0 dB, PCFICH 0 dB: the control region is not
         * power-balanced in this low-power model (36.141 §6.1.1.3) */
        cfg->n_pdcch = 1;
        cfg->pdcch_db = 0.0f;
        cfg->pcfich_db = 0.0f;
        return etm_two_sets(cfg, bw, etm2_prb, d->kind == ETM_2 ? LTE_MOD_64QAM : LTE_MOD_256QAM,
                            0.0f, (lte_mod)0, 0.0f, 0);
    case ETM_1_2:
        rc = etm_two_sets(cfg, bw, etm12_boosted, LTE_MOD_QPSK, ETM12_BOOST_DB, LTE_MOD_QPSK,
                          etm12_deboost_db[bw], 1);
        sync_db = etm12_deboost_db[bw];
        break;
    case ETM_3_2:
        rc = etm_two_sets(cfg, bw, etm32_qam16, LTE_MOD_16QAM, ETM32_QAM16_DB, LTE_MOD_QPSK,
                          etm32_qpsk_db[bw], 1);
        sync_db = etm32_qpsk_db[bw];
        break;
    case ETM_3_3:
        rc = etm_two_sets(cfg, bw, etm33_qpsk, LTE_MOD_QPSK, ETM33_QPSK_DB, LTE_MOD_16QAM,
                          etm33_qam16_db[bw], 1);
        sync_db = etm33_qam16_db[bw];
        break;
    }
    if (rc < 0)
        return rc;
    if (bw > 0)
        cfg->sync_db = cfg->pbch_db = sync_db;
    return 0;
}

/* ---- Reference measurement channels (36.101 Annex A.3) ---------------- */

/* Table A.3.3.1-1 (FDD, single antenna port, QPSK R=1/3): all PRBs in
 * subframes 0-4 and 6-9 (subframe 5: none), TBS per subframe (0 and the
 * others), PDCCH symbols per its Note 1 (2 for 10-20 MHz, 3 for 3 and
 * 5 MHz, 4 for 1.4 MHz). */
typedef struct rmc_def {
    const char *name;
    const char *summary;
    int n_rb;
    int cfi;        /* 4 symbols at 1.4 MHz = CFI 3 (N_RB <= 10 adds one) */
    lte_mod mod;
    int tbs_sf0, tbs;
    int n_ports;    /* 2: every channel with transmit diversity (36.211 §6.3.4.3) */
} rmc_def;

static const rmc_def rmcs[] = {
    {"R.4", "36.101 Table A.3.3.1-1: 1.4 MHz FDD, 6 PRB QPSK R=1/3", 6, 3, LTE_MOD_QPSK, 152, 408,
     1},
    {"R.42-1", "36.101 Table A.3.3.1-1: 3 MHz FDD, 15 PRB QPSK R=1/3", 15, 3, LTE_MOD_QPSK, 1064,
     1320, 1},
    {"R.42-2", "36.101 Table A.3.3.1-1: 5 MHz FDD, 25 PRB QPSK R=1/3", 25, 3, LTE_MOD_QPSK, 1800,
     2216, 1},
    {"R.2", "36.101 Table A.3.3.1-1: 10 MHz FDD, 50 PRB QPSK R=1/3", 50, 2, LTE_MOD_QPSK, 4392,
     4392, 1},
    {"R.42-3", "36.101 Table A.3.3.1-1: 15 MHz FDD, 75 PRB QPSK R=1/3", 75, 2, LTE_MOD_QPSK, 6712,
     6712, 1},
    {"R.42", "36.101 Table A.3.3.1-1: 20 MHz FDD, 100 PRB QPSK R=1/3", 100, 2, LTE_MOD_QPSK, 8760,
     8760, 1},
    /* Two antenna ports, transmit diversity (36.101 §A.3.3.2.1): the same
     * payload as R.2 over fewer channel bits, 13200 and 12384 (subframe 0)
     * with the port-1 CRS; numbers as in 36.521-1 Table A.3.5.1-2 (2 Tx
     * antennas, 10 MHz). */
    {"R.10", "36.101 Table A.3.3.2.1-1: 10 MHz FDD, 2 ports SFBC, 50 PRB QPSK R=1/3", 50, 2,
     LTE_MOD_QPSK, 4392, 4392, 2},
};
#define N_RMCS ((int)(sizeof rmcs / sizeof rmcs[0]))

const char *lte_wf_rmc_name(int i)
{
    return i >= 0 && i < N_RMCS ? rmcs[i].name : NULL;
}

const char *lte_wf_rmc_summary(int i)
{
    return i >= 0 && i < N_RMCS ? rmcs[i].summary : NULL;
}

int lte_wf_rmc(const char *name, lte_wf_cfg *cfg)
{
    LTE_CHECK_ARG(name != NULL && cfg != NULL, "name or cfg is NULL");
    const rmc_def *d = NULL;
    for (int i = 0; i < N_RMCS; i++) {
        char full[32];
        snprintf(full, sizeof full, "%s FDD", rmcs[i].name);
        if (!strcasecmp(rmcs[i].name, name) || !strcasecmp(full, name))
            d = &rmcs[i];
    }
    if (!d)
        return lte_error_set(LTE_EINVAL, "lte_wf_rmc: unknown reference channel '%s'", name);
    lte_wf_cfg_init(cfg);
    snprintf(cfg->name, sizeof cfg->name, "%s FDD", d->name);
    cfg->cell.n_rb = d->n_rb;
    cfg->cell.cell_id = 0;
    cfg->cell.n_ports = d->n_ports;
    cfg->cell.cfi = d->cfi;
    cfg->cell.ng = LTE_NG_1;
    cfg->n_pdcch = 1;
    cfg->pdcch_cces = 2;
    cfg->data = LTE_WF_DATA_DLSCH;
    cfg->i_mcs = -1;
    cfg->rnti = 0x003d;
    cfg->seed = 1;
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++) {
        if (sf == 5)
            continue; /* "N/A": no PDSCH in subframe 5 */
        cfg->tbs[sf] = sf == 0 ? d->tbs_sf0 : d->tbs;
        for (int n = 0; n < d->n_rb; n++)
            cfg->prb_mod[sf][n] = (uint8_t)d->mod;
    }
    return 0;
}

/* ---- Generator ------------------------------------------------------------ */

struct lte_wf {
    lte_wf_cfg cfg;
    lte_grid *g;
    lte_pdsch *pdsch;
    lte_ofdm *ofdm;
    lte_mimo_cfg mimo;
    int sf_len;
    int tbs;
    int i_mcs; /* I_MCS of the last run's block (--mcs N), else -1 */
    int max_bits;
    uint8_t *bits; /* [max_bits]: '0' codeword bits or a transport block */
};

void lte_wf_destroy(lte_wf *wf)
{
    if (!wf)
        return;
    lte_grid_destroy(wf->g);
    lte_pdsch_destroy(wf->pdsch);
    lte_ofdm_destroy(wf->ofdm);
    lte_free(wf->bits);
    lte_free(wf);
}

static int check_db(const char *what, float db)
{
    LTE_CHECK_ARG(isfinite(db) && db >= -100.0f && db <= 40.0f,
                  "%s = %g dB: must be in -100..40", what, (double)db);
    return 0;
}

/* DL-SCH: every subframe's allocation must be one modulation (the MCS's) at
 * one power, as one transport block has. */
static int check_dlsch(const lte_wf_cfg *c)
{
    int qm = 0, itbs = 0;
    if (c->i_mcs != -1) {
        int rc = lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, c->i_mcs, &qm, &itbs);
        if (rc < 0)
            return rc;
        LTE_CHECK_ARG(itbs >= 0, "i_mcs = %d is reserved (retransmissions only)", c->i_mcs);
    }
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++) {
        int first = -1;
        LTE_CHECK_ARG(c->i_mcs != -1 || c->tbs[sf] >= 0, "tbs[%d] = %d", sf, c->tbs[sf]);
        for (int n = 0; n < c->cell.n_rb; n++) {
            if (!c->prb_mod[sf][n])
                continue;
            if (first >= 0 && c->i_mcs == -1)
                qm = c->prb_mod[sf][first];
            LTE_CHECK_ARG(qm == 0 || c->prb_mod[sf][n] == qm,
                          "subframe %d PRB %d: modulation %d, but I_MCS %d gives Q_m %d", sf, n,
                          c->prb_mod[sf][n], c->i_mcs, qm);
            if (first < 0)
                first = n;
            LTE_CHECK_ARG(c->prb_db[sf][n] == c->prb_db[sf][first],
                          "subframe %d: one transport block needs one PDSCH power", sf);
        }
        LTE_CHECK_ARG(c->i_mcs != -1 || first < 0 || c->tbs[sf] > 0,
                          "subframe %d: PRBs allocated but tbs[%d] = 0", sf, sf);
    }
    return 0;
}

/* OP.2 FDD (36.101 §A.5.1.2): an FDD cell, and in every subframe one block
 * of allocated PRBs (or none), whose two sides the pattern fills. */
static int check_ocng(const lte_wf_cfg *c)
{
    if (c->ocng == LTE_WF_OCNG_NONE)
        return 0;
    LTE_CHECK_ARG(c->ocng == LTE_WF_OCNG_OP2_FDD, "ocng = %d: not a pattern", (int)c->ocng);
    LTE_CHECK_ARG(c->cell.duplex == LTE_FDD,
                  "OCNG OP.2 FDD needs an FDD cell (the TDD patterns of 36.101 A.5.2 are not "
                  "available)");
    int rc;
    if ((rc = check_db("ocng_ra_db", c->ocng_ra_db)) < 0 ||
        (rc = check_db("ocng_rb_db", c->ocng_rb_db)) < 0)
        return rc;
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++) {
        int runs = 0;
        for (int n = 0; n < c->cell.n_rb; n++)
            runs += c->prb_mod[sf][n] && (n == 0 || !c->prb_mod[sf][n - 1]);
        LTE_CHECK_ARG(runs <= 1,
                      "OCNG OP.2 FDD: subframe %d has %d separate PDSCH blocks; the two-sided "
                      "pattern needs one contiguous allocation",
                      sf, runs);
    }
    return 0;
}

static int check_cfg(const lte_wf_cfg *c)
{
    int rc = lte_cell_validate(&c->cell);
    if (rc < 0)
        return rc;
    const float db[6] = {c->crs_db, c->sync_db, c->pbch_db, c->pcfich_db, c->phich_db, c->pdcch_db};
    static const char *names[6] = {"crs_db", "sync_db", "pbch_db", "pcfich_db", "phich_db",
                                   "pdcch_db"};
    for (int i = 0; i < 6; i++)
        if ((rc = check_db(names[i], db[i])) < 0)
            return rc;
    int n_seq = c->cell.cp == LTE_CP_NORMAL ? 8 : 4;
    LTE_CHECK_ARG(c->n_phich >= 0 && c->n_phich <= n_seq, "n_phich = %d: must be 0..%d",
                  c->n_phich, n_seq);
    LTE_CHECK_ARG(c->n_pdcch >= 0, "n_pdcch = %d: must be >= 0", c->n_pdcch);
    int L = c->pdcch_cces;
    LTE_CHECK_ARG(L == 1 || L == 2 || L == 4 || L == 8, "pdcch_cces = %d: must be 1, 2, 4, 8", L);
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
        for (int n = 0; n < LTE_MAX_RB; n++) {
            LTE_CHECK_ARG(mod_ok(c->prb_mod[sf][n]), "subframe %d PRB %d: modulation %d", sf, n,
                          c->prb_mod[sf][n]);
            LTE_CHECK_ARG(n < c->cell.n_rb || c->prb_mod[sf][n] == 0,
                          "subframe %d PRB %d: beyond N_RB = %d", sf, n, c->cell.n_rb);
            if (c->prb_mod[sf][n] && (rc = check_db("prb_db", c->prb_db[sf][n])) < 0)
                return rc;
        }
    LTE_CHECK_ARG(c->data == LTE_WF_DATA_ZERO || c->data == LTE_WF_DATA_DLSCH, "data = %d",
                  (int)c->data);
    if ((rc = check_ocng(c)) < 0)
        return rc;
    return c->data == LTE_WF_DATA_DLSCH ? check_dlsch(c) : 0;
}

int lte_wf_create(const lte_wf_cfg *cfg, lte_wf **out)
{
    LTE_CHECK_ARG(cfg != NULL && out != NULL, "cfg or out is NULL");
    *out = NULL;
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    lte_wf *wf = lte_alloc(sizeof(*wf));
    if (!wf)
        return lte_error_set(LTE_ENOMEM, "lte_wf_create: out of memory");
    wf->cfg = *cfg;
    wf->tbs = 0; /* no run yet */
    wf->i_mcs = -1;
    lte_ofdm_cfg oc = {.n_rb = cfg->cell.n_rb, .cp = cfg->cell.cp, .mode = LTE_OFDM_DL,
                       .norm = LTE_OFDM_NORM_UNITARY};
    lte_ofdm_info info;
    if ((rc = lte_grid_create(&cfg->cell, &wf->g)) < 0 ||
        (rc = lte_pdsch_create(&cfg->cell, NULL, &wf->pdsch)) < 0 ||
        (rc = lte_ofdm_create(&oc, &wf->ofdm)) < 0 || (rc = lte_ofdm_get_info(wf->ofdm, &info)) < 0 ||
        (rc = lte_dl_ctrl_mimo(cfg->cell.n_ports, &wf->mimo)) < 0)
        goto fail;
    wf->sf_len = info.subframe_len;
    /* the largest codeword: every RE of the subframe at 8 bits; a TB is smaller */
    wf->max_bits = wf->g->n_re * 8 + 64;
    if (!(wf->bits = lte_alloc((size_t)wf->max_bits))) {
        rc = lte_error_set(LTE_ENOMEM, "lte_wf_create: out of memory");
        goto fail;
    }
    *out = wf;
    return 0;
fail:
    lte_wf_destroy(wf);
    return rc;
}

int lte_wf_subframe_len(const lte_wf *wf)
{
    LTE_CHECK_ARG(wf != NULL, "wf is NULL");
    return wf->sf_len;
}

const lte_grid *lte_wf_grid(const lte_wf *wf)
{
    return wf ? wf->g : NULL;
}

int lte_wf_last_tbs(const lte_wf *wf)
{
    return wf ? wf->tbs : 0;
}

int lte_wf_filler_rnti(const lte_wf_cfg *cfg)
{
    return cfg && cfg->rnti == 1 ? 2 : 1;
}

int lte_wf_last_i_mcs(const lte_wf *wf)
{
    return wf ? wf->i_mcs : -1;
}

static float amp_of(float db)
{
    return powf(10.0f, db / 20.0f);
}

static int put_pbch(lte_wf *wf, int sfn)
{
    const lte_cell_cfg *c = &wf->cfg.cell;
    lte_mib mib = {.n_rb = c->n_rb, .phich_dur = c->phich_dur, .ng = c->ng, .sfn = sfn};
    uint8_t bits[LTE_MIB_BITS];
    int rc = lte_mib_pack(&mib, bits);
    return rc < 0 ? rc : lte_pbch_map(wf->g, bits, sfn, amp_of(wf->cfg.pbch_db));
}

/* n_phich PHICHs in every group, HI = 0. Sequences are taken in the order
 * 0, 4, 1, 5, ...: seq and seq + N_SF use the same spreading with I and jI,
 * so a pair with equal HI has constant modulus (a 0 dB group from two
 * -3 dB PHICHs). */
static int put_phich(lte_wf *wf)
{
    const lte_ctrl_layout *cl = wf->g->ctrl;
    int n_sf = wf->cfg.cell.cp == LTE_CP_NORMAL ? 4 : 2;
    lte_phich_ind ind[LTE_PHICH_MAX_UNITS * 2 * 8];
    int n = 0;
    for (int grp = 0; grp < cl->n_phich_groups; grp++)
        for (int i = 0; i < wf->cfg.n_phich; i++)
            ind[n++] = (lte_phich_ind){grp, (i % 2) * n_sf + i / 2, 0};
    return n ? lte_phich_map(wf->g, ind, n, amp_of(wf->cfg.phich_db)) : 0;
}

/* The PDSCH configuration of the wanted block (or zero bits) on mask. */
static void pdsch_cfg_of(const lte_wf *wf, const uint8_t *mask, lte_mod mod, lte_pdsch_cfg *pc)
{
    memset(pc, 0, sizeof *pc);
    pc->mimo = wf->mimo;
    pc->rnti = wf->cfg.rnti;
    memcpy(pc->prb_mask, mask, LTE_MAX_RB);
    pc->mod[0] = mod;
}

/* 36.213 §7.1.7: a UE may skip decoding an initial transmission whose
 * effective code rate, the information bits with their CRCs (B', 36.212
 * §5.1.2) over the physical channel bits G, exceeds 0.930. */
static int rate_ok(int tbs, int G)
{
    lte_cb_seg s;
    return lte_cb_segment(tbs + 24, &s) == 0 && (double)s.B_prime <= 0.930 * (double)G;
}

/* The I_MCS of --mcs N in a subframe whose PDSCH has G bits on PRBs giving
 * the TBS's N_PRB n_prb (DwPTS share applied): N, or where N's TBS would
 * exceed that rate (PBCH and PSS/SSS take REs from subframes 0 and 5, a
 * DwPTS is short), the highest I_MCS below N of the same modulation whose
 * TBS does not, as a scheduler would choose; the lowest of that modulation
 * if none does. Its TBS in *tbs. */
static int free_mcs(int i_mcs, int n_prb, int G, int *tbs)
{
    int qm0 = 0, best = -1, rc;
    for (int m = i_mcs; m >= 0; m--) {
        int qm, itbs;
        if ((rc = lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, m, &qm, &itbs)) < 0)
            return rc;
        if (m == i_mcs)
            qm0 = qm;
        else if (qm != qm0)
            break;
        if ((rc = lte_tbs(itbs, n_prb, tbs)) < 0)
            return rc;
        best = m;
        if (rate_ok(*tbs, G))
            break;
    }
    return best;
}

/* The format 1A DCI (36.212 §5.3.3.1.3, C-RNTI: I_MCS through Table
 * 7.1.7.1-1, N_PRB = L_CRBs or its DwPTS share, 36.213 §7.1.7) of this
 * subframe's DL-SCH transport block, when one describes it: coded data,
 * an RNTI, one run of PRBs, and an I_MCS whose modulation and TBS are what
 * put_pdsch sends (--mcs N: N; an RMC: the first I_MCS of the TBS and
 * modulation of the subframe). HARQ process (10 frame + sf) mod 8 (FDD) or
 * mod 16 (TDD), NDI toggling at each new use of the process, rv 0, TPC 1
 * (0 dB), DAI 0. Returns the payload size, or 0 where no 1A describes the
 * block (the PDCCH then carries zero bits like the others). */
static int data_dci(const lte_wf *wf, int frame, int sf, uint8_t *bits)
{
    const lte_wf_cfg *c = &wf->cfg;
    if (c->data != LTE_WF_DATA_DLSCH || c->rnti == 0)
        return 0;
    int first = -1, n_prb = 0, mod = 0;
    for (int k = 0; k < c->cell.n_rb; k++)
        if (c->prb_mod[sf][k]) {
            if (first < 0)
                first = k, mod = c->prb_mod[sf][k];
            if (k != first + n_prb || c->prb_mod[sf][k] != mod)
                return 0; /* not one run of one modulation */
            n_prb++;
        }
    int n_tbs = n_prb ? lte_cell_tbs_prb(&c->cell, sf, n_prb) : 0;
    if (n_tbs <= 0)
        return 0; /* no PDSCH (or none in this DwPTS) */
    /* --mcs N: what put_pdsch sends (free_mcs); an RMC (i_mcs -1): the
     * first I_MCS that fits */
    int i_mcs = -1, tbs;
    if (c->i_mcs >= 0) {
        uint8_t mask[LTE_MAX_RB] = {0};
        lte_pdsch_cfg pc;
        memset(mask + first, 1, (size_t)n_prb);
        pdsch_cfg_of(wf, mask, (lte_mod)mod, &pc);
        i_mcs = free_mcs(c->i_mcs, n_tbs, lte_pdsch_g(wf->g, &pc, 0, NULL), &tbs);
    }
    for (int m = 0; c->i_mcs < 0 && m <= 28 && i_mcs < 0; m++) {
        int qm, itbs;
        if (lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, m, &qm, &itbs) == 0 && qm == mod &&
            lte_tbs(itbs, n_tbs, &tbs) == 0 && tbs == c->tbs[sf])
            i_mcs = m;
    }
    const int tdd = c->cell.duplex == LTE_TDD, procs = tdd ? 16 : 8;
    const long use = (long)frame * 10 + sf;
    lte_dci_1a d = {.mcs = i_mcs, .harq = (int)(use % procs), .ndi = (int)(use / procs % 2),
                    .tpc = 1};
    lte_dci_cfg dc = {.n_rb_dl = c->cell.n_rb, .duplex = c->cell.duplex};
    int a = lte_dci_format1a_size(&dc);
    if (i_mcs < 0 || a <= 0 || lte_riv_encode(c->cell.n_rb, first, n_prb, &d.riv) < 0 ||
        lte_dci_1a_pack(&dc, &d, bits, a) < 0)
        return 0;
    return a;
}

/* The PDCCHs: n of L CCEs at CCEs 0, L, 2L .. with zero bits, except that
 * the first carries the PDSCH's own DCI (data_dci) where there is one: at
 * CCE 0, a candidate of the common search space, for L = 4 or 8; for L = 1
 * or 2 at the first candidate of the RNTI's UE-specific space (36.213
 * §9.1.1) clear of the other PDCCHs, or not at all if none is. */
static int put_pdcch(lte_wf *wf, int frame, int sf)
{
    const lte_wf_cfg *c = &wf->cfg;
    int L = c->pdcch_cces, n = c->n_pdcch;
    if (n == 0)
        return 0;
    LTE_CHECK_ARG(n * L <= wf->g->ctrl->n_cce,
                  "subframe %d: %d PDCCHs of %d CCEs need %d CCEs, the control region has %d", sf,
                  n, L, n * L, wf->g->ctrl->n_cce);
    static const uint8_t zero[LTE_CTRL_A_MAX]; /* all-zero DCI payloads */
    lte_pdcch_dci dci[LTE_CTRL_MAX_REG / 9];
    for (int i = 0; i < n; i++)
        dci[i] = (lte_pdcch_dci){.payload = zero, .n_bits = 27, .rnti = lte_wf_filler_rnti(c),
                                 .L = L, .cce = i * L};
    uint8_t own[LTE_CTRL_A_MAX];
    int a = data_dci(wf, frame, sf, own), cce = 0;
    if (a > 0 && L < 4) {
        int cand[8], nc = lte_pdcch_candidates(wf->g->ctrl->n_cce, 0, L, c->rnti, sf, cand);
        cce = -1;
        for (int m = 0; m < nc && cce < 0; m++)
            if (cand[m] + L <= wf->g->ctrl->n_cce && (cand[m] == 0 || cand[m] >= n * L))
                cce = cand[m]; /* slot 0 itself, or clear of PDCCHs 1 .. n-1 at L .. nL-1 */
    }
    if (a > 0 && cce >= 0)
        dci[0] = (lte_pdcch_dci){.payload = own, .n_bits = a, .rnti = c->rnti, .L = L, .cce = cce};
    return lte_pdcch_map(wf->g, dci, n, amp_of(c->pdcch_db));
}

/* One PDSCH over the PRBs of mask: zero bits or a DL-SCH transport block. */
static int put_pdsch(lte_wf *wf, int frame, int sf, const uint8_t *mask, int n_prb, lte_mod mod,
                     float db)
{
    lte_pdsch_cfg pc;
    pdsch_cfg_of(wf, mask, mod, &pc);
    int G = lte_pdsch_g(wf->g, &pc, 0, NULL);
    if (G <= 0)
        return G; /* e.g. a DwPTS without PDSCH */
    if (wf->cfg.data == LTE_WF_DATA_ZERO) {
        LTE_CHECK_ARG(G <= wf->max_bits, "G = %d exceeds the buffer", G);
        memset(wf->bits, 0, (size_t)G);
        const uint8_t *f[2] = {wf->bits, NULL};
        return lte_pdsch_map_bits(wf->pdsch, wf->g, &pc, f, amp_of(db));
    }
    int rc;
    if ((n_prb = lte_cell_tbs_prb(&wf->cfg.cell, sf, n_prb)) < 0) /* DwPTS: 0.75 N_PRB */
        return n_prb;
    if (wf->cfg.i_mcs == -1)
        pc.tbs[0] = wf->cfg.tbs[sf];
    else if ((wf->i_mcs = free_mcs(wf->cfg.i_mcs, n_prb, G, &pc.tbs[0])) < 0)
        return wf->i_mcs;
    LTE_CHECK_ARG(pc.tbs[0] <= wf->max_bits, "TBS %d exceeds the buffer", pc.tbs[0]);
    lte_rng r;
    lte_rng_seed_stream(&r, wf->cfg.seed, (uint64_t)frame * 10u + (uint64_t)sf);
    if ((rc = lte_rng_bits(&r, wf->bits, pc.tbs[0])) < 0)
        return rc;
    wf->tbs = pc.tbs[0];
    const uint8_t *tb[2] = {wf->bits, NULL};
    return lte_pdsch_encode(wf->pdsch, wf->g, &pc, tb, amp_of(db));
}

/* Runs of consecutive PRBs with the same modulation and power; DL-SCH: all
 * allocated PRBs at once. */
static int put_pdsch_all(lte_wf *wf, int frame, int sf)
{
    const lte_wf_cfg *c = &wf->cfg;
    uint8_t mask[LTE_MAX_RB];
    if (c->data == LTE_WF_DATA_DLSCH) {
        int n = 0, first = -1;
        for (int k = 0; k < LTE_MAX_RB; k++) {
            mask[k] = c->prb_mod[sf][k] != 0;
            if (mask[k] && first < 0)
                first = k;
            n += mask[k];
        }
        return n ? put_pdsch(wf, frame, sf, mask, n, (lte_mod)c->prb_mod[sf][first],
                             c->prb_db[sf][first])
                 : 0;
    }
    for (int k = 0; k < c->cell.n_rb;) {
        int m = c->prb_mod[sf][k], e = k + 1;
        if (!m) {
            k++;
            continue;
        }
        while (e < c->cell.n_rb && c->prb_mod[sf][e] == m && c->prb_db[sf][e] == c->prb_db[sf][k])
            e++;
        memset(mask, 0, sizeof mask);
        memset(mask + k, 1, (size_t)(e - k));
        int rc = put_pdsch(wf, frame, sf, mask, e - k, (lte_mod)m, c->prb_db[sf][k]);
        if (rc < 0)
            return rc;
        k = e;
    }
    return 0;
}

/* OCNG (36.101 Annex A.5), pattern OP.2 FDD (Table A.5.1.2-1): PRBs
 * 0 .. first allocated - 1 and last allocated + 1 .. N_RB - 1 (all PRBs of a
 * subframe without PDSCH), relative power level gamma = 0 dB in every
 * subframe. Note 1: one PDSCH per virtual UE (here one per side, n_RNTI =
 * 1, 2), uncorrelated pseudo-random QPSK: bits from xoshiro256** stream
 * (seed, 2^62 + 10*frame + subframe), a stream the DL-SCH data never use.
 * Note 2: with 2 or 4 CRS ports, transmission mode 2 (the PDSCH's transmit
 * diversity) with gamma per port. EPRE: crs_db + gamma + OCNG_RA in OFDM
 * symbols with CRS, + OCNG_RB in those without (§A.5.1). Uses wf->bits,
 * free once the wanted PDSCH is mapped. */
#define OCNG_GAMMA_DB 0.0f
#define OCNG_STREAM (UINT64_C(1) << 62)

static int put_ocng(lte_wf *wf, int frame, int sf)
{
    const lte_wf_cfg *c = &wf->cfg;
    if (c->ocng == LTE_WF_OCNG_NONE)
        return 0;
    int n_rb = c->cell.n_rb, first = -1, last = -1;
    for (int n = 0; n < n_rb; n++)
        if (c->prb_mod[sf][n]) {
            if (first < 0)
                first = n;
            last = n;
        }
    int lo[2], hi[2], n_ue = 0; /* virtual UE i: PRBs lo[i] .. hi[i] - 1 */
    if (first < 0) {
        lo[n_ue] = 0;
        hi[n_ue++] = n_rb;
    } else {
        if (first > 0) {
            lo[n_ue] = 0;
            hi[n_ue++] = first;
        }
        if (last + 1 < n_rb) {
            lo[n_ue] = last + 1;
            hi[n_ue++] = n_rb;
        }
    }
    float a_rb = amp_of(c->crs_db + OCNG_GAMMA_DB + c->ocng_rb_db);
    float a_ra = amp_of(c->crs_db + OCNG_GAMMA_DB + c->ocng_ra_db);
    lte_rng r;
    int rc = lte_rng_seed_stream(&r, c->seed, OCNG_STREAM + (uint64_t)frame * 10u + (uint64_t)sf);
    if (rc < 0)
        return rc;
    lte_grid *g = wf->g;
    for (int i = 0; i < n_ue; i++) {
        lte_pdsch_cfg pc;
        memset(&pc, 0, sizeof pc);
        pc.mimo = wf->mimo;
        pc.rnti = (uint16_t)(i + 1);
        memset(pc.prb_mask + lo[i], 1, (size_t)(hi[i] - lo[i]));
        pc.mod[0] = LTE_MOD_QPSK;
        int G = lte_pdsch_g(g, &pc, 0, NULL);
        if (G <= 0)
            continue;
        LTE_CHECK_ARG(G <= wf->max_bits, "G = %d exceeds the buffer", G);
        const uint8_t *f[2] = {wf->bits, NULL};
        if ((rc = lte_rng_bits(&r, wf->bits, G)) < 0 ||
            (rc = lte_pdsch_map_bits(wf->pdsch, g, &pc, f, a_rb)) < 0)
            return rc;
        if (a_ra == a_rb)
            continue;
        /* OCNG_RA in the symbols with CRS: rescale this UE's PDSCH REs there */
        float k_ra = a_ra / a_rb;
        for (int l = 0; l < g->n_symb; l++) {
            const uint8_t *m = g->map + LTE_GRID_IDX(g->n_sc, l, 0);
            int has_crs = 0;
            for (int k = 0; k < g->n_sc && !has_crs; k++)
                has_crs = m[k] == LTE_RE_CRS;
            if (!has_crs)
                continue;
            for (int k = 12 * lo[i]; k < 12 * hi[i]; k++)
                if (m[k] == LTE_RE_PDSCH)
                    for (int p = 0; p < g->n_ports; p++)
                        g->port[p][LTE_GRID_IDX(g->n_sc, l, k)] *= k_ra;
        }
    }
    return 0;
}

int lte_wf_run(lte_wf *wf, int frame, int sf, float complex *const *out)
{
    LTE_CHECK_ARG(wf != NULL, "wf is NULL");
    LTE_CHECK_ARG(frame >= 0 && sf >= 0 && sf < LTE_NSUBFRAMES, "frame %d / subframe %d", frame,
                  sf);
    int sfn = frame % 1024, rc;
    if ((rc = lte_grid_set_subframe(wf->g, sf)) < 0)
        return rc;
    wf->tbs = 0;
    wf->i_mcs = -1;
    if (lte_cell_dl_symbols(&wf->cfg.cell, sf) > 0) {
        if ((rc = lte_grid_put_signals(wf->g, amp_of(wf->cfg.crs_db), amp_of(wf->cfg.sync_db))) <
                0 ||
            (sf == 0 && (rc = put_pbch(wf, sfn)) < 0) ||
            (rc = lte_pcfich_map(wf->g, amp_of(wf->cfg.pcfich_db))) < 0 ||
            (rc = put_phich(wf)) < 0 || (rc = put_pdcch(wf, frame, sf)) < 0 ||
            (rc = put_pdsch_all(wf, frame, sf)) < 0 || (rc = put_ocng(wf, frame, sf)) < 0)
            return rc;
    }
    if (!out)
        return 0;
    for (int p = 0; p < wf->g->n_ports; p++) {
        LTE_CHECK_ARG(out[p] != NULL, "out[%d] is NULL", p);
        if ((rc = lte_ofdm_mod_subframe(wf->ofdm, wf->g->port[p], out[p])) < 0)
            return rc;
    }
    return 0;
}
