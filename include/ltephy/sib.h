/* ltephy phy: what the physical layer needs from SystemInformationBlockType1
 * (TS 36.331 §6.2.2, §5.2.3): the SI messages' scheduling (si-WindowLength,
 * schedulingInfoList), the TDD configuration, and the cell's identity for
 * reports.
 *
 * SIB1 travels as a BCCH-DL-SCH-Message (36.331 §6.2.1) in ASN.1 unaligned
 * PER (X.691): message c1 (1 bit 0), systemInformationBlockType1 (1 bit 1),
 * then the SIB1 SEQUENCE with the Rel-8 field order:
 *   presence bits of p-Max, tdd-Config, nonCriticalExtension;
 *   cellAccessRelatedInfo: presence of csg-Identity, plmn-IdentityList
 *     (size 1..6: 3 bits) of {presence of mcc, mcc (3 x 4-bit digits), mnc
 *     (size 2..3: 1 bit, 4-bit digits), cellReservedForOperatorUse (1 bit)},
 *     trackingAreaCode (16 bits), cellIdentity (28), cellBarred (1),
 *     intraFreqReselection (1), csg-Indication (1), csg-Identity (27);
 *   cellSelectionInfo: presence of q-RxLevMinOffset, q-RxLevMin
 *     (-70..-22: 6 bits), q-RxLevMinOffset (1..8: 3 bits);
 *   p-Max (-30..33: 6 bits); freqBandIndicator (1..64: 6 bits);
 *   schedulingInfoList (size 1..32: 5 bits) of {si-Periodicity (rf8..rf512:
 *     3 bits), sib-MappingInfo (size 0..31: 5 bits) of SIB-Type (an
 *     extensible enumeration: 1 extension bit, then 4 bits for the 16 root
 *     values sibType3 .. sibType18-v1250, or a normally small number for
 *     the additions sibType19-v1250, ...)};
 *   tdd-Config: subframeAssignment (sa0..sa6: 3 bits),
 *     specialSubframePatterns (ssp0..ssp8: 4 bits);
 *   si-WindowLength (ms1, 2, 5, 10, 15, 20, 40: 3 bits);
 *   systemInfoValueTag (0..31: 5 bits);
 *   nonCriticalExtension: not read (its presence is reported).
 * SystemInformationBlockType2 is not in schedulingInfoList's mapping: it is
 * always in the first SI message (36.331 §6.2.2, SchedulingInfoList).
 *
 * SPDX-License-Identifier: BSD-3-Clause
 */
#ifndef LTEPHY_SIB_H
#define LTEPHY_SIB_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LTE_SIB1_MAX_PLMN 6
#define LTE_SIB1_MAX_SI 32  /* maxSI-Message */
#define LTE_SIB1_MAX_MAP 31 /* maxSIB - 1 */
#define LTE_SIB_EXT 1000    /* SIB-Type extension value k is reported as LTE_SIB_EXT + k
                             * (k = 0: sibType19-v1250, 1: sibType20-v1310, ...) */

typedef struct lte_sib1_plmn {
    int has_mcc;            /* 0: the MCC of the previous entry applies (36.331) */
    int mcc;                /* three digits as a number, e.g. 1 for "001" */
    int mnc, mnc_digits;    /* e.g. mnc 1 with 2 digits is "01" */
    int reserved_for_operator; /* cellReservedForOperatorUse = reserved */
} lte_sib1_plmn;

typedef struct lte_sib1_si {
    int period_frames;      /* si-Periodicity T: 8 .. 512 radio frames */
    int n_sib;              /* SIBs mapped to this message (SIB2 not listed) */
    int sib[LTE_SIB1_MAX_MAP]; /* SIB numbers 3..18, or LTE_SIB_EXT + k */
} lte_sib1_si;

typedef struct lte_sib1 {
    int n_plmn;
    lte_sib1_plmn plmn[LTE_SIB1_MAX_PLMN];
    uint32_t tac;           /* trackingAreaCode */
    uint32_t cell_identity; /* 28 bits: eNB identity (20) and cell (8) for macro eNBs */
    int cell_barred;
    int intra_freq_reselection; /* 1 = allowed */
    int csg_indication;
    int has_csg_identity;
    uint32_t csg_identity;  /* 27 bits */
    int q_rx_lev_min_dbm;   /* field x 2 (36.304): -140 .. -44 */
    int q_rx_lev_min_offset_db; /* field x 2; 0 when absent */
    int has_p_max;
    int p_max_dbm;          /* -30 .. 33 */
    int freq_band;          /* freqBandIndicator 1..64 */
    int n_si;
    lte_sib1_si si[LTE_SIB1_MAX_SI];
    int has_tdd;
    int tdd_config;         /* subframeAssignment 0..6 (36.211 Table 4.2-2) */
    int ssf_config;         /* specialSubframePatterns 0..8 (36.211 Table 4.2-1) */
    int si_window_ms;       /* 1, 2, 5, 10, 15, 20, 40 */
    int value_tag;          /* systemInfoValueTag 0..31 */
    int has_extension;      /* nonCriticalExtension present (not read) */
} lte_sib1;

/* Reads a BCCH-DL-SCH-Message from n unpacked bits (0/1, first bit first;
 * the transport block without its CRC). LTE_EFORMAT (with the field in the
 * detail message) if it is not a SIB1 or the bits end inside a field;
 * bits after the last field (padding) are not checked. */
int lte_sib1_unpack(const uint8_t *bits, int n, lte_sib1 *out);

/* Where subframe `subframe` of the frame with SFN `sfn` lies among the SI
 * windows of 36.331 §5.2.3: SI message m (0-based, the order of
 * schedulingInfoList) has its window of w = si_window_ms subframes start at
 * subframe x mod 10 of every frame with SFN mod T = floor(x / 10),
 * x = m w. Returns 1 and the message (*msg) and the subframe's index in the
 * window (*i, 0..w-1; 36.321 §5.3.1 then gives its rv as
 * ceil(3 k / 2) mod 4, k = i mod 4) when it lies in a window, 0 when in
 * none, or LTE_EINVAL. msg and i may be NULL. */
int lte_si_window(const lte_sib1 *s, int sfn, int subframe, int *msg, int *i);

/* rv of SI transmission i of an SI window: ceil(3 k / 2) mod 4, k = i mod 4
 * (36.321 §5.3.1), i >= 0. */
int lte_si_rv(int i);

#ifdef __cplusplus
}
#endif
#endif
