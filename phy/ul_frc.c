/* ltephy phy: the uplink fixed reference channels of TS 36.104 Annex A.
 *
 * The rows below are the tables' own values (allocated RBs, DFT-OFDM
 * symbols, payload, C, coded block size, bits per subframe), transcribed
 * from a copy of each table (A.1-1, A.2-1, A.3-1, A.4-1, A.5-1, A.7-1,
 * A.11-1, A.13-1, A.17-1); I_TBS and I_MCS are not in the A.1-A.5 tables and
 * are the 36.213 indices that give those payloads (Table 7.1.7.2.1-1 for the
 * allocation, Table 8.6.1-1 for the modulation). The 256QAM channels of
 * A.17-1 take their payloads from row 32A of Table 7.1.7.2.1-1
 * (LTE_ITBS_32A) and have no I_MCS here (-1): that is an index of the
 * 256QAM PUSCH MCS table (36.213 Table 8.6.1-3), which this library does
 * not carry. tests/phy/test_ul_frc.c re-derives every derived column from
 * the 36.213/36.212 rules.
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "kernels/internal.h"
#include "ltephy/tables.h"
#include "ltephy/ul_frc.h"

#define A1 "TS 36.104 Table A.1-1"
#define A2 "TS 36.104 Table A.2-1"
#define A3 "TS 36.104 Table A.3-1"
#define A4 "TS 36.104 Table A.4-1"
#define A5 "TS 36.104 Table A.5-1"
#define A7 "TS 36.104 Table A.7-1"
#define A11 "TS 36.104 Table A.11-1"
#define A13 "TS 36.104 Table A.13-1"
#define A17 "TS 36.104 Table A.17-1"

#define T_SENS "reference sensitivity / ICS, QPSK 1/3"
#define T_DYN "dynamic range, 16QAM 2/3"
#define T_QPSK "performance, QPSK 1/3"
#define T_16QAM "performance, 16QAM 3/4"
#define T_64QAM "performance, 64QAM 5/6"
#define T_TA "UL timing adjustment, 16QAM 3/4"
#define T_BUNDLE "TTI bundling, QPSK (rate per TTI)"
#define T_16QAM_HALF "performance, 16QAM 1/2 (MCS 15)"
#define T_256QAM "performance, 256QAM 5/6"
#define I32A LTE_ITBS_32A

/* name, title, source, verified, n_rb_alloc, rb_step, n_rb_ul, n_symb, qm,
 * rate num/den, tbs, i_tbs, i_mcs, C, coded block size, bits per subframe */
static const lte_ul_frc frcs[] = {
    {"A1-1", T_SENS, A1, 1, 6, 0, 6, 12, 2, 1, 3, 600, 6, 6, 1, 1884, 1728},
    {"A1-2", T_SENS, A1, 1, 15, 0, 15, 12, 2, 1, 3, 1544, 6, 6, 1, 4716, 4320},
    {"A1-3", T_SENS, A1, 1, 25, 0, 25, 12, 2, 1, 3, 2216, 5, 5, 1, 6732, 7200},
    {"A1-4", T_SENS, A1, 1, 3, 0, 6, 12, 2, 1, 3, 256, 6, 6, 1, 852, 864},
    {"A1-5", T_SENS, A1, 1, 9, 0, 15, 12, 2, 1, 3, 936, 6, 6, 1, 2892, 2592},
    {"A1-6", T_SENS, A1, 1, 12, 0, 15, 12, 2, 1, 3, 1224, 6, 6, 1, 3756, 3456},
    {"A1-7", T_SENS, A1, 1, 24, 0, 25, 12, 2, 1, 3, 2088, 5, 5, 1, 6348, 6912},
    /* NOTE 1/2 of Table A.1-1: 10 RBs spaced 5 (10 MHz) or 10 (20 MHz) apart. */
    {"A1-8", T_SENS, A1, 1, 10, 5, 50, 12, 2, 1, 3, 1032, 6, 6, 1, 3180, 2880},
    {"A1-9", T_SENS, A1, 1, 10, 10, 100, 12, 2, 1, 3, 1032, 6, 6, 1, 3180, 2880},
    /* Table A.2-1; NOTE 1/2: A2-4 and A2-5 spaced as A1-8 and A1-9. */
    {"A2-1", T_DYN, A2, 1, 6, 0, 6, 12, 4, 2, 3, 2344, 18, 19, 1, 7116, 3456},
    {"A2-2", T_DYN, A2, 1, 15, 0, 15, 12, 4, 2, 3, 5992, 18, 19, 1, 18060, 8640},
    {"A2-3", T_DYN, A2, 1, 25, 0, 25, 12, 4, 2, 3, 9912, 18, 19, 2, 14988, 14400},
    {"A2-4", T_DYN, A2, 1, 10, 5, 50, 12, 4, 2, 3, 4008, 18, 19, 1, 12108, 5760},
    {"A2-5", T_DYN, A2, 1, 10, 10, 100, 12, 4, 2, 3, 4008, 18, 19, 1, 12108, 5760},
    {"A3-1", T_QPSK, A3, 1, 1, 0, 6, 12, 2, 1, 3, 104, 7, 7, 1, 396, 288},
    {"A3-2", T_QPSK, A3, 1, 6, 0, 6, 12, 2, 1, 3, 600, 6, 6, 1, 1884, 1728},
    {"A3-3", T_QPSK, A3, 1, 15, 0, 15, 12, 2, 1, 3, 1544, 6, 6, 1, 4716, 4320},
    {"A3-4", T_QPSK, A3, 1, 25, 0, 25, 12, 2, 1, 3, 2216, 5, 5, 1, 6732, 7200},
    {"A3-5", T_QPSK, A3, 1, 50, 0, 50, 12, 2, 1, 3, 5160, 6, 6, 1, 15564, 14400},
    {"A3-6", T_QPSK, A3, 1, 75, 0, 75, 12, 2, 1, 3, 6712, 5, 5, 2, 10188, 21600},
    {"A3-7", T_QPSK, A3, 1, 100, 0, 100, 12, 2, 1, 3, 10296, 6, 6, 2, 15564, 28800},
    {"A4-1", T_16QAM, A4, 1, 1, 0, 6, 12, 4, 3, 4, 408, 19, 20, 1, 1308, 576},
    /* 10 DFT-OFDM symbols: extended CP (see ul_frc.h). */
    {"A4-2", T_16QAM, A4, 1, 1, 0, 6, 10, 4, 3, 4, 376, 18, 19, 1, 1212, 480},
    {"A4-3", T_16QAM, A4, 1, 6, 0, 6, 12, 4, 3, 4, 2600, 19, 20, 1, 7884, 3456},
    {"A4-4", T_16QAM, A4, 1, 15, 0, 15, 12, 4, 3, 4, 6456, 19, 20, 2, 9804, 8640},
    {"A4-5", T_16QAM, A4, 1, 25, 0, 25, 12, 4, 3, 4, 10680, 19, 20, 2, 16140, 14400},
    {"A4-6", T_16QAM, A4, 1, 50, 0, 50, 12, 4, 3, 4, 21384, 19, 20, 4, 16140, 28800},
    {"A4-7", T_16QAM, A4, 1, 75, 0, 75, 12, 4, 3, 4, 32856, 19, 20, 6, 16524, 43200},
    {"A4-8", T_16QAM, A4, 1, 100, 0, 100, 12, 4, 3, 4, 43816, 19, 20, 8, 16524, 57600},
    {"A5-1", T_64QAM, A5, 1, 1, 0, 6, 12, 6, 5, 6, 712, 26, 28, 1, 2220, 864},
    {"A5-2", T_64QAM, A5, 1, 6, 0, 6, 12, 6, 5, 6, 4392, 26, 28, 1, 13260, 5184},
    {"A5-3", T_64QAM, A5, 1, 15, 0, 15, 12, 6, 5, 6, 11064, 26, 28, 2, 16716, 12960},
    {"A5-4", T_64QAM, A5, 1, 25, 0, 25, 12, 6, 5, 6, 18336, 26, 28, 3, 18444, 21600},
    {"A5-5", T_64QAM, A5, 1, 50, 0, 50, 12, 6, 5, 6, 36696, 26, 28, 6, 18444, 43200},
    {"A5-6", T_64QAM, A5, 1, 75, 0, 75, 12, 6, 5, 6, 55056, 26, 28, 9, 18444, 64800},
    {"A5-7", T_64QAM, A5, 1, 100, 0, 100, 12, 6, 5, 6, 75376, 26, 28, 13, 17484, 86400},
    /* A7-4..6 differ only in the (optional) SRS configuration, not modelled. */
    {"A7-1", T_TA, A7, 1, 3, 0, 6, 12, 4, 3, 4, 1288, 19, 20, 1, 3948, 1728},
    {"A7-2", T_TA, A7, 1, 6, 0, 6, 12, 4, 3, 4, 2600, 19, 20, 1, 7884, 3456},
    {"A7-3", T_TA, A7, 1, 12, 0, 15, 12, 4, 3, 4, 5160, 19, 20, 1, 15564, 6912},
    {"A7-4", T_TA, A7, 1, 25, 0, 25, 12, 4, 3, 4, 10680, 19, 20, 2, 16140, 14400},
    {"A7-5", T_TA, A7, 1, 25, 0, 25, 12, 4, 3, 4, 10680, 19, 20, 2, 16140, 14400},
    {"A7-6", T_TA, A7, 1, 25, 0, 25, 12, 4, 3, 4, 10680, 19, 20, 2, 16140, 14400},
    {"A11-1", T_BUNDLE, A11, 1, 3, 0, 6, 12, 2, 11, 27, 328, 7, 7, 1, 1068, 864},
    {"A13-1", T_16QAM_HALF, A13, 1, 6, 0, 6, 12, 4, 51, 100, 1736, 14, 15, 1, 5292, 3456},
    {"A13-2", T_16QAM_HALF, A13, 1, 15, 0, 15, 12, 4, 50, 100, 4264, 14, 15, 1, 12876, 8640},
    {"A13-3", T_16QAM_HALF, A13, 1, 25, 0, 25, 12, 4, 50, 100, 7224, 14, 15, 2, 10956, 14400},
    {"A13-4", T_16QAM_HALF, A13, 1, 50, 0, 50, 12, 4, 49, 100, 14112, 14, 15, 3, 14220, 28800},
    {"A13-5", T_16QAM_HALF, A13, 1, 75, 0, 75, 12, 4, 50, 100, 21384, 14, 15, 4, 16140, 43200},
    {"A13-6", T_16QAM_HALF, A13, 1, 100, 0, 100, 12, 4, 49, 100, 28336, 14, 15, 5, 17100, 57600},
    {"A17-1", T_256QAM, A17, 1, 6, 0, 6, 12, 8, 5, 6, 5544, I32A, -1, 1, 16716, 6912},
    {"A17-2", T_256QAM, A17, 1, 15, 0, 15, 12, 8, 5, 6, 14112, I32A, -1, 3, 14220, 17280},
    {"A17-3", T_256QAM, A17, 1, 25, 0, 25, 12, 8, 5, 6, 22920, I32A, -1, 4, 17292, 28800},
    {"A17-4", T_256QAM, A17, 1, 50, 0, 50, 12, 8, 5, 6, 46888, I32A, -1, 8, 17676, 57600},
    {"A17-5", T_256QAM, A17, 1, 75, 0, 75, 12, 8, 5, 6, 68808, I32A, -1, 12, 17292, 86400},
    {"A17-6", T_256QAM, A17, 1, 100, 0, 100, 12, 8, 5, 6, 93800, I32A, -1, 16, 17676, 115200},
};

int lte_ul_frc_count(void)
{
    return (int)LTE_ARRAY_LEN(frcs);
}

const lte_ul_frc *lte_ul_frc_at(int i)
{
    if (i < 0 || i >= (int)LTE_ARRAY_LEN(frcs))
        return NULL;
    return &frcs[i];
}

int lte_ul_frc_find(const char *name, lte_ul_frc *out)
{
    LTE_CHECK_ARG(name != NULL, "name is NULL");
    for (int i = 0; i < (int)LTE_ARRAY_LEN(frcs); i++) {
        if (strcasecmp(name, frcs[i].name) == 0) {
            if (out)
                *out = frcs[i];
            return i;
        }
    }
    char list[512];
    size_t len = 0;
    list[0] = '\0';
    for (int i = 0; i < (int)LTE_ARRAY_LEN(frcs) && len + 8 < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? " " : "",
                                frcs[i].name);
    return lte_error_set_fn(LTE_ENOTFOUND, __func__,
                            "unknown uplink FRC '%s' (36.104 Annex A: %s)", name, list);
}

int lte_ul_frc_ulsch_cfg(const lte_ul_frc *frc, lte_ulsch_cfg *ul)
{
    LTE_CHECK_ARG(frc != NULL && ul != NULL, "frc and ul must not be NULL");
    memset(ul, 0, sizeof *ul);
    ul->n_prb = frc->n_rb_alloc;
    ul->q_m = frc->qm;
    ul->tbs = frc->tbs;
    ul->cp_extended = frc->n_symb == 10; /* 2 x (6 - 1) data symbols: ul_frc.h */
    ul->n_srs = 0;
    ul->rv = 0;
    return 0;
}

double lte_ul_frc_rate(const lte_ul_frc *frc)
{
    if (frc == NULL || frc->coded_bits <= 0)
        return 0.0;
    int crc = 24 + (frc->n_cb > 1 ? 24 * frc->n_cb : 0);
    return (double)(frc->tbs + crc) / (double)frc->coded_bits;
}
