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

/* SystemInformationBlockType2 (36.331 §6.3.1), the physical-layer part of
 * radioResourceConfigCommon and the rest of the Rel-8 root; values as the
 * spec's enumerations mean them (dB, dBm, subframes, frames). */
typedef struct lte_sib2 {
    int has_ac_barring;
    /* rach-ConfigCommon */
    int n_ra_preambles;        /* 4 .. 64 */
    int has_group_a;
    int size_group_a;          /* 4 .. 60 preambles */
    int msg_size_group_a;      /* bits: 56, 144, 208, 256 */
    int msg_power_offset_b;    /* dB; -1 = minus infinity */
    int power_ramping_db;      /* 0, 2, 4, 6 */
    int preamble_init_target_dbm; /* -120 .. -90 */
    int preamble_trans_max;    /* 3 .. 200 */
    int ra_resp_window_sf;     /* 2 .. 10 */
    int mac_cont_res_sf;       /* 8 .. 64 */
    int max_harq_msg3;         /* 1 .. 8 */
    int mod_period_coeff;      /* 2, 4, 8, 16 */
    int paging_cycle_rf;       /* 32 .. 256 */
    int nb_index;              /* nB: 0 = fourT, 1 = twoT, 2 = oneT, ... 7 = oneThirtySecondT */
    /* prach-Config (36.211 §5.7) */
    int root_seq_index;        /* 0 .. 837 */
    int prach_config_index;    /* 0 .. 63 */
    int high_speed;
    int zczc;                  /* zeroCorrelationZoneConfig 0 .. 15 */
    int prach_freq_offset;     /* 0 .. 94 */
    /* pdsch-ConfigCommon */
    int ref_signal_power_dbm;  /* -60 .. 50 (EPRE of the CRS) */
    int p_b;                   /* 0 .. 3 (36.213 Table 5.2-1) */
    /* pusch-ConfigCommon (36.211 §5.3.4, §5.5) */
    int n_sb;                  /* 1 .. 4 */
    int hopping_intra;         /* hoppingMode intraAndInterSubFrame */
    int pusch_hopping_offset;  /* 0 .. 98 */
    int enable_64qam;
    int group_hopping, group_assignment, seq_hopping, cyclic_shift;
    /* pucch-ConfigCommon (36.211 §5.4) */
    int delta_pucch_shift;     /* 1 .. 3 */
    int n_rb_cqi;              /* 0 .. 98 */
    int n_cs_an;               /* 0 .. 7 */
    int n1_pucch_an;           /* 0 .. 2047 */
    /* soundingRS-UL-ConfigCommon (36.211 §5.5.3) */
    int srs_setup;
    int srs_bw_config, srs_sf_config, srs_ack_nack, srs_max_uppts;
    /* uplinkPowerControlCommon (36.213 §5.1) */
    int p0_nominal_pusch_dbm;  /* -126 .. 24 */
    int alpha_x10;             /* 0, 4, 5, ... 10 */
    int p0_nominal_pucch_dbm;  /* -127 .. -96 */
    int delta_f_pucch[5];      /* formats 1, 1b, 2, 2a, 2b, dB */
    int delta_preamble_msg3;   /* -1 .. 6 (x 2 dB) */
    int ul_cp_extended;        /* ul-CyclicPrefixLength len2 */
    /* ue-TimersAndConstants: enumeration indices (36.331 §6.3.6) */
    int t300, t301, t310, n310, t311, n311;
    /* freqInfo */
    int has_ul_earfcn, ul_earfcn;
    int ul_n_rb;               /* 6 .. 100, 0 = absent (the downlink's) */
    int additional_emission;   /* 1 .. 32 */
    int n_mbsfn;               /* MBSFN-SubframeConfig entries (not kept) */
    int time_alignment_sf;     /* 500 .. 10240, 0 = infinity */
    int has_extension;         /* extension additions present (skipped) */
} lte_sib2;

/* Speed-dependent scaling (36.331 §6.3.4 SpeedStateScaleFactors: sf-Medium,
 * sf-High ENUMERATED {oDot25, oDot5, oDot75, lDot0}), in hundredths. */
typedef struct lte_sib_speed_sf {
    int medium_x100, high_x100; /* 25, 50, 75, 100 */
} lte_sib_speed_sf;

/* SystemInformationBlockType3 (36.331 §6.3.1), cell reselection. PER layout
 * (UPER, every part below is 36.331's order):
 *   extension bit;
 *   cellReselectionInfoCommon: presence of speedStateReselectionPars,
 *     q-Hyst (dB0 .. dB24: 4 bits), speedStateReselectionPars:
 *     MobilityStateParameters (t-Evaluation, t-HystNormal: s30 .. s240 and 3
 *     spares, 3 bits each; n-CellChangeMedium, n-CellChangeHigh: 1..16, 4
 *     bits each), q-HystSF (sf-Medium, sf-High: dB-6, -4, -2, 0: 2 bits each);
 *   cellReselectionServingFreqInfo: presence of s-NonIntraSearch,
 *     s-NonIntraSearch, threshServingLow (ReselectionThreshold 0..31: 5 bits),
 *     cellReselectionPriority (0..7: 3 bits);
 *   intraFreqCellReselectionInfo: presence of p-Max, s-IntraSearch,
 *     allowedMeasBandwidth, t-ReselectionEUTRA-SF; q-RxLevMin (-70..-22: 6
 *     bits), p-Max (-30..33: 6), s-IntraSearch (5), allowedMeasBandwidth
 *     (mbw6 .. mbw100: 3 bits), presenceAntennaPort1 (1), neighCellConfig
 *     (BIT STRING (SIZE (2))), t-ReselectionEUTRA (0..7: 3 bits),
 *     t-ReselectionEUTRA-SF (2 + 2 bits);
 *   extension additions (X.691 §19.7): addition 0 lateNonCriticalExtension
 *     (skipped, its presence kept), addition 1 the Rel-9 group, read:
 *     presence of its 4 fields, s-IntraSearch-v920 {P, Q: 5 bits each},
 *     s-NonIntraSearch-v920 {P, Q}, q-QualMin-r9 (-34..-3: 5 bits),
 *     threshServingLowQ-r9 (0..31: 5 bits); later additions skipped.
 * Values as the field descriptions mean them: ReselectionThreshold and
 * Q-RxLevMin are field x 2 (dB, dBm); ReselectionThresholdQ-r9 and
 * Q-QualMin-r9 are dB as sent. */
typedef struct lte_sib3 {
    int q_hyst_db;              /* 0 .. 24 */
    int has_speed_state;        /* speedStateReselectionPars present */
    int t_evaluation_s;         /* 30, 60, 120, 180, 240 */
    int t_hyst_normal_s;        /* 30, 60, 120, 180, 240 */
    int n_cell_change_medium;   /* 1 .. 16 */
    int n_cell_change_high;     /* 1 .. 16 */
    int q_hyst_sf_medium_db;    /* -6, -4, -2, 0 */
    int q_hyst_sf_high_db;      /* -6, -4, -2, 0 */
    int has_s_non_intra_search;
    int s_non_intra_search_db;  /* 0 .. 62 */
    int thresh_serving_low_db;  /* 0 .. 62 */
    int cell_resel_priority;    /* 0 .. 7 */
    int q_rx_lev_min_dbm;       /* -140 .. -44 */
    int has_p_max;
    int p_max_dbm;              /* -30 .. 33 */
    int has_s_intra_search;
    int s_intra_search_db;      /* 0 .. 62 */
    int meas_bw_n_rb;           /* allowedMeasBandwidth 6 .. 100; 0 = absent */
    int antenna_port1;          /* presenceAntennaPort1 */
    int neigh_cell_config;      /* the 2 bits as a number, first bit high: 0 .. 3 */
    int t_resel_s;              /* t-ReselectionEUTRA 0 .. 7 */
    int has_t_resel_sf;
    lte_sib_speed_sf t_resel_sf;
    int has_extension;          /* extension bit set */
    int has_late_nce;           /* lateNonCriticalExtension present (not read) */
    int has_v920;               /* the Rel-9 addition group present */
    int has_s_intra_search_v920;
    int s_intra_search_p_db, s_intra_search_q_db;       /* 0 .. 62, 0 .. 31 */
    int has_s_non_intra_search_v920;
    int s_non_intra_search_p_db, s_non_intra_search_q_db; /* 0 .. 62, 0 .. 31 */
    int has_q_qual_min;
    int q_qual_min_db;          /* -34 .. -3 */
    int has_thresh_serving_low_q;
    int thresh_serving_low_q_db; /* 0 .. 31 */
    int n_later_additions;      /* additions after the Rel-9 group present (skipped) */
} lte_sib3;

#define LTE_SIB_MAX_CELL 16 /* maxCellIntra, maxCellInter, maxCellBlack */
#define LTE_SIB5_MAX_FREQ 8 /* maxFreq */

/* PhysCellIdRange (36.331 §6.3.4): presence of range, start (0..503: 9
 * bits), range (n4 .. n504 and 2 spares: 4 bits). */
typedef struct lte_sib_pci_range {
    int start;                  /* 0 .. 503 */
    int n;                      /* 4 .. 504 cells; 1 when range is absent */
} lte_sib_pci_range;

/* A neighbour cell (IntraFreqNeighCellInfo, InterFreqNeighCellInfo):
 * physCellId (9 bits), q-OffsetCell (Q-OffsetRange dB-24 .. dB24, 31
 * values: 5 bits). */
typedef struct lte_sib_neigh {
    int pci;
    int q_offset_db;            /* -24 .. 24 */
} lte_sib_neigh;

/* SystemInformationBlockType4 (36.331 §6.3.1): extension bit; presence of
 * intraFreqNeighCellList, intraFreqBlackCellList, csg-PhysCellIdRange;
 * the neighbour list (size 1..16: 4 bits) of {extension bit, physCellId,
 * q-OffsetCell, additions skipped}; the black list (size 1..16) of
 * PhysCellIdRange; csg-PhysCellIdRange; additions skipped. */
typedef struct lte_sib4 {
    int n_neigh;                /* 0 = list absent */
    lte_sib_neigh neigh[LTE_SIB_MAX_CELL];
    int n_black;                /* 0 = list absent */
    lte_sib_pci_range black[LTE_SIB_MAX_CELL];
    int has_csg_range;
    lte_sib_pci_range csg_range;
    int has_extension;          /* extension additions present (skipped) */
} lte_sib4;

/* InterFreqCarrierFreqInfo (36.331 §6.3.1): extension bit; presence of
 * p-Max, t-ReselectionEUTRA-SF, cellReselectionPriority, q-OffsetFreq
 * (DEFAULT dB0), interFreqNeighCellList, interFreqBlackCellList;
 * dl-CarrierFreq (0..65535: 16 bits), q-RxLevMin, p-Max,
 * t-ReselectionEUTRA, t-ReselectionEUTRA-SF, threshX-High, threshX-Low,
 * allowedMeasBandwidth, presenceAntennaPort1, cellReselectionPriority,
 * neighCellConfig, q-OffsetFreq, the neighbour list (size 1..16) of
 * {physCellId, q-OffsetCell} (no extension marker), the black list;
 * additions skipped. */
typedef struct lte_sib5_freq {
    int dl_earfcn;
    int q_rx_lev_min_dbm;       /* -140 .. -44 */
    int has_p_max, p_max_dbm;
    int t_resel_s;              /* 0 .. 7 */
    int has_t_resel_sf;
    lte_sib_speed_sf t_resel_sf;
    int thresh_x_high_db;       /* 0 .. 62 */
    int thresh_x_low_db;        /* 0 .. 62 */
    int meas_bw_n_rb;           /* 6 .. 100 */
    int antenna_port1;
    int has_priority, cell_resel_priority;
    int neigh_cell_config;      /* 0 .. 3 */
    int q_offset_freq_db;       /* -24 .. 24 (dB0 when absent: its DEFAULT) */
    int n_neigh;
    lte_sib_neigh neigh[LTE_SIB_MAX_CELL];
    int n_black;
    lte_sib_pci_range black[LTE_SIB_MAX_CELL];
    int has_extension;          /* extension additions present (skipped) */
} lte_sib5_freq;

/* SystemInformationBlockType5 (36.331 §6.3.1): extension bit,
 * interFreqCarrierFreqList (size 1..8: 3 bits), additions skipped. */
typedef struct lte_sib5 {
    int n_freq;
    lte_sib5_freq freq[LTE_SIB5_MAX_FREQ];
    int has_extension;
} lte_sib5;

/* ---- SIB6 .. SIB11 (36.331 §6.3.1, the types of §6.3.4; ASN.1 read in v15.3.0) --
 * Each is an extensible SEQUENCE: an extension bit, the presence bits of
 * its OPTIONAL fields, the fields, then (extension bit set) the extension
 * additions (X.691 §19.7), each an open type: lateNonCriticalExtension
 * (addition 0) and later groups are skipped by their length and counted,
 * except where a reader says otherwise. */

#define LTE_SIB6_MAX_CARRIER 16 /* maxUTRA-FDD-Carrier, maxUTRA-TDD-Carrier */

/* CarrierFreqUTRA-FDD / CarrierFreqUTRA-TDD (§6.3.1): extension bit,
 * presence of cellReselectionPriority, carrierFreq (ARFCN-ValueUTRA
 * 0..16383: 14 bits), cellReselectionPriority (3), threshX-High, threshX-Low
 * (ReselectionThreshold: 5 bits each), q-RxLevMin (-60..-13: 6 bits),
 * p-MaxUTRA (-50..33: 7 bits), FDD only: q-QualMin (-24..0: 5 bits); FDD
 * addition 0 is the Rel-9 group [[ threshX-Q-r9 OPTIONAL ]] (read: a
 * presence bit, threshX-HighQ-r9, threshX-LowQ-r9, 5 bits each); other
 * additions skipped. Values as the field descriptions give them: threshX
 * field x 2 dB, q-RxLevMin field x 2 + 1 dBm, p-MaxUTRA dBm, q-QualMin dB,
 * threshX-Q dB. */
typedef struct lte_sib6_carrier {
    int uarfcn;                 /* 0 .. 16383 */
    int has_priority, cell_resel_priority; /* 0 .. 7 */
    int thresh_x_high_db;       /* 0 .. 62 */
    int thresh_x_low_db;        /* 0 .. 62 */
    int q_rx_lev_min_dbm;       /* -119 .. -25 */
    int p_max_dbm;              /* -50 .. 33 */
    int q_qual_min_db;          /* FDD: -24 .. 0; TDD: 0 (no such field) */
    int has_thresh_q;           /* FDD: threshX-Q-r9 present */
    int thresh_x_high_q_db, thresh_x_low_q_db; /* 0 .. 31 */
    int has_extension;          /* the entry's extension bit */
    int n_skipped;              /* present additions skipped (not the Rel-9 group) */
} lte_sib6_carrier;

/* SystemInformationBlockType6 (§6.3.1), UTRA reselection: extension bit;
 * presence of carrierFreqListUTRA-FDD, carrierFreqListUTRA-TDD,
 * t-ReselectionUTRA-SF; the FDD list (SIZE (1..16): 4 bits), the TDD list
 * (4 bits), t-ReselectionUTRA (0..7: 3 bits), t-ReselectionUTRA-SF
 * (SpeedStateScaleFactors: 2 + 2 bits); additions: 0
 * lateNonCriticalExtension, 1 the Rel-12 group (v1250 lists), skipped. */
typedef struct lte_sib6 {
    int n_fdd;                  /* 0: list absent */
    lte_sib6_carrier fdd[LTE_SIB6_MAX_CARRIER];
    int n_tdd;
    lte_sib6_carrier tdd[LTE_SIB6_MAX_CARRIER];
    int t_resel_s;              /* 0 .. 7 */
    int has_t_resel_sf;
    lte_sib_speed_sf t_resel_sf;
    int has_extension;
    int has_late_nce;           /* lateNonCriticalExtension present (skipped) */
    int n_later_additions;      /* present additions after it (skipped) */
} lte_sib6;

#define LTE_SIB7_MAX_GROUP 16  /* maxGNFG */
#define LTE_SIB7_MAX_ARFCN 31  /* ExplicitListOfARFCNs SIZE (0..31) */
#define LTE_SIB7_MAX_BITMAP 16 /* variableBitMapOfARFCNs SIZE (1..16) octets */

enum { LTE_GERAN_EXPLICIT = 0, LTE_GERAN_EQUALLY_SPACED = 1, LTE_GERAN_BITMAP = 2 };

/* CarrierFreqsInfoGERAN (§6.3.1): extension bit; carrierFreqs
 * (CarrierFreqsGERAN, §6.3.4: startingARFCN 0..1023: 10 bits,
 * bandIndicator {dcs1800, pcs1900}: 1 bit, followingARFCNs CHOICE of 3: 2
 * bits, then explicitListOfARFCNs (SIZE (0..31): 5 bits, 10 bits each),
 * equallySpacedARFCNs (arfcn-Spacing 1..8: 3 bits, numberOfFollowingARFCNs
 * 0..31: 5 bits) or variableBitMapOfARFCNs (OCTET STRING (SIZE (1..16)):
 * 4 bits, the octets)); commonInfo: presence of cellReselectionPriority and
 * p-MaxGERAN, cellReselectionPriority (3), ncc-Permitted (BIT STRING (SIZE
 * (8))), q-RxLevMin (0..45: 6 bits, field x 2 - 115 dBm), p-MaxGERAN
 * (0..39: 6 bits, dBm), threshX-High, threshX-Low (5 bits each, x 2 dB);
 * additions skipped. */
typedef struct lte_sib7_group {
    int starting_arfcn;         /* 0 .. 1023 */
    int band_pcs1900;           /* bandIndicator: 0 dcs1800, 1 pcs1900 */
    int following;              /* LTE_GERAN_EXPLICIT, _EQUALLY_SPACED, _BITMAP */
    int n_arfcn;                /* explicit: 0 .. 31 */
    int arfcn[LTE_SIB7_MAX_ARFCN];
    int arfcn_spacing;          /* equally spaced: 1 .. 8 */
    int n_following;            /* equally spaced: 0 .. 31 */
    int n_bitmap;               /* bitmap: 1 .. 16 octets */
    uint8_t bitmap[LTE_SIB7_MAX_BITMAP];
    int has_priority, cell_resel_priority; /* 0 .. 7 */
    int ncc_permitted;          /* the 8 bits, first bit high */
    int q_rx_lev_min_dbm;       /* -115 .. -25 */
    int has_p_max, p_max_dbm;   /* 0 .. 39 */
    int thresh_x_high_db, thresh_x_low_db; /* 0 .. 62 */
    int has_extension;
} lte_sib7_group;

/* SystemInformationBlockType7 (§6.3.1), GERAN reselection: extension bit;
 * presence of t-ReselectionGERAN-SF, carrierFreqsInfoList;
 * t-ReselectionGERAN (0..7: 3 bits), t-ReselectionGERAN-SF (2 + 2 bits),
 * carrierFreqsInfoList (SIZE (1..16): 4 bits); additions (0:
 * lateNonCriticalExtension) skipped. */
typedef struct lte_sib7 {
    int t_resel_s;              /* 0 .. 7 */
    int has_t_resel_sf;
    lte_sib_speed_sf t_resel_sf;
    int n_group;                /* 0: list absent */
    lte_sib7_group group[LTE_SIB7_MAX_GROUP];
    int has_extension;
    int has_late_nce;
    int n_later_additions;
} lte_sib7;

/* The complete ARFCN set of a carrier group (36.331 §6.3.4 CarrierFreqsGERAN
 * field descriptions): startingARFCN s first, then
 *   explicitListOfARFCNs: the listed values, in order;
 *   equallySpacedARFCNs (spacing d, n following): (s + i d) mod 1024 for
 *     i = 1..n;
 *   variableBitMapOfARFCNs (N octets): (s + j) mod 1024 for each bit j =
 *     1..8N that is 1, bit 1 the leading (most significant) bit of the first
 *     octet, bit 8N the trailing bit of octet N.
 * The band indicator (dcs1800 / pcs1900) tells how ARFCNs 512..810 are read;
 * it is in the group, not in the list. Writes min(count, max) values to
 * arfcn and returns the count (1 .. LTE_SIB7_MAX_SET), or LTE_EINVAL for a
 * NULL group, arfcn NULL with max > 0, or a field outside its ASN.1 range. */
#define LTE_SIB7_MAX_SET (1 + 8 * LTE_SIB7_MAX_BITMAP) /* s and a full 16-octet bitmap */
int lte_sib7_arfcns(const lte_sib7_group *g, int *arfcn, int max);

#define LTE_SIB8_MAX_BAND 32   /* maxCDMA-BandClass */
#define LTE_SIB8_MAX_NEIGH 64  /* neighbour cells kept per parameter set (the ASN.1
                                * allows 16 x 16 x 16); the rest are counted */

/* BandClassInfoCDMA2000 (§6.3.1): extension bit, presence of
 * cellReselectionPriority, bandClass (BandclassCDMA2000, §6.3.4: an
 * extensible enumeration of 32 root values, bc0 .. bc21-v9a0 then 10 spares:
 * 1 + 5 bits; spares refused; an extension value k is kept as 32 + k),
 * cellReselectionPriority (3), threshX-High, threshX-Low (0..63: 6 bits
 * each, as sent; 36.304 gives their meaning); additions skipped. */
typedef struct lte_sib8_band {
    int band_class;
    int has_priority, cell_resel_priority;
    int thresh_x_high, thresh_x_low; /* 0 .. 63 */
} lte_sib8_band;

/* A neighbour of NeighCellListCDMA2000 flattened: its band class, the
 * ARFCN of its NeighCellsPerBandclassCDMA2000 (0..2047: 11 bits) and its
 * PhysCellIdCDMA2000 (PN offset 0..511: 9 bits). */
typedef struct lte_sib8_neigh {
    int band_class, arfcn, pn_offset;
} lte_sib8_neigh;

/* CellReselectionParametersCDMA2000 (§6.3.1): presence of
 * t-ReselectionCDMA2000-SF; bandClassList (SIZE (1..32): 5 bits);
 * neighCellList (SIZE (1..16): 4 bits) of {bandClass, neighCellsPerFreqList
 * (SIZE (1..16): 4 bits) of {arfcn, physCellIdList (SIZE (1..16): 4 bits)
 * of PN offsets}}; t-ReselectionCDMA2000 (3 bits), its scale factors. */
typedef struct lte_sib8_resel {
    int n_band;
    lte_sib8_band band[LTE_SIB8_MAX_BAND];
    int n_neigh;                /* kept */
    lte_sib8_neigh neigh[LTE_SIB8_MAX_NEIGH];
    int n_neigh_dropped;        /* read but beyond LTE_SIB8_MAX_NEIGH */
    int t_resel_s;
    int has_t_resel_sf;
    lte_sib_speed_sf t_resel_sf;
} lte_sib8_resel;

/* SystemInformationBlockType8 (§6.3.1), CDMA2000: extension bit; presence
 * of systemTimeInfo, searchWindowSize, parametersHRPD, parameters1XRTT;
 * systemTimeInfo (SystemTimeInfoCDMA2000, §6.3.4: cdma-EUTRA-Synchronisation
 * (1 bit), cdma-SystemTime CHOICE (1 bit): synchronousSystemTime (39 bits)
 * or asynchronousSystemTime (49 bits)); searchWindowSize (0..15: 4 bits);
 * parametersHRPD: presence of cellReselectionParametersHRPD,
 * preRegistrationInfoHRPD (presence of preRegistrationZoneId and
 * secondaryPreRegistrationZoneIdList, preRegistrationAllowed (1 bit), the
 * zone (0..255: 8 bits), the list (SIZE (1..2): 1 bit) of zones),
 * cellReselectionParametersHRPD; parameters1XRTT: presence of
 * csfb-RegistrationParam1XRTT, longCodeState1XRTT,
 * cellReselectionParameters1XRTT, CSFB-RegistrationParam1XRTT (§6.3.4: sid
 * 15 bits, nid 16, multipleSID, multipleNID, homeReg, foreignSIDReg,
 * foreignNIDReg, parameterReg, powerUpReg 1 bit each, registrationPeriod 7,
 * registrationZone 12, totalZone 3, zoneTimer 3), longCodeState1XRTT (BIT
 * STRING (SIZE (42))), cellReselectionParameters1XRTT; additions (0
 * lateNonCriticalExtension, then the Rel-9, Rel-10 and Rel-11 groups)
 * skipped. */
typedef struct lte_sib8 {
    int has_system_time;
    int cdma_eutra_sync;
    int system_time_async;      /* 0: synchronousSystemTime (39 bits), 1: asynchronous (49) */
    uint64_t system_time;
    int has_search_window, search_window; /* 0 .. 15 */
    int has_hrpd;
    int pre_reg_allowed;
    int has_pre_reg_zone, pre_reg_zone; /* 0 .. 255 */
    int n_secondary_zone;       /* 0 .. 2 */
    int secondary_zone[2];
    int has_hrpd_resel;
    lte_sib8_resel hrpd_resel;
    int has_1xrtt;
    int has_csfb_reg;
    int sid, nid;               /* 15, 16 bits */
    int multiple_sid, multiple_nid, home_reg, foreign_sid_reg, foreign_nid_reg,
        parameter_reg, power_up_reg;
    int registration_period, registration_zone, total_zone, zone_timer;
    int has_long_code_state;
    uint64_t long_code_state;   /* 42 bits */
    int has_1xrtt_resel;
    lte_sib8_resel rtt_resel;
    int has_extension;
    int has_late_nce;
    int n_later_additions;
} lte_sib8;

#define LTE_SIB9_MAX_HNB_NAME 48

/* SystemInformationBlockType9 (§6.3.1): extension bit; presence of
 * hnb-Name; hnb-Name (OCTET STRING (SIZE (1..48)): 6 bits, the octets);
 * additions skipped. */
typedef struct lte_sib9 {
    int hnb_name_len;           /* 0: absent */
    uint8_t hnb_name[LTE_SIB9_MAX_HNB_NAME + 1]; /* the octets (UTF-8), then a 0 */
    int has_extension;
    int has_late_nce;
    int n_later_additions;
} lte_sib9;

/* SystemInformationBlockType10 (§6.3.1), ETWS primary notification:
 * extension bit; presence of dummy (Rel-8's warningSecurityInfo);
 * messageIdentifier, serialNumber (BIT STRING (SIZE (16)) each), warningType
 * (OCTET STRING (SIZE (2))), dummy (OCTET STRING (SIZE (50)), skipped);
 * additions skipped. */
typedef struct lte_sib10 {
    int message_identifier;     /* 16 bits */
    int serial_number;          /* 16 bits */
    int warning_type;           /* the 2 octets, first high */
    int has_dummy;
    int has_extension;
    int has_late_nce;
    int n_later_additions;
} lte_sib10;

#define LTE_SIB11_MAX_SEGMENT 277 /* octets kept: 2216 bits, the largest SI block
                                   * format 1A allows (36.331 §5.2.1.1) */

/* SystemInformationBlockType11 (§6.3.1), ETWS secondary notification:
 * extension bit; presence of dataCodingScheme; messageIdentifier,
 * serialNumber (16 bits each), warningMessageSegmentType {notLastSegment,
 * lastSegment} (1 bit), warningMessageSegmentNumber (0..63: 6 bits),
 * warningMessageSegment (OCTET STRING: an unconstrained length, X.691
 * §11.9, then the octets), dataCodingScheme (OCTET STRING (SIZE (1)));
 * additions skipped. */
typedef struct lte_sib11 {
    int message_identifier, serial_number;
    int last_segment;
    int segment_number;         /* 0 .. 63 */
    int segment_len;            /* octets in the message */
    uint8_t segment[LTE_SIB11_MAX_SEGMENT]; /* the first ones */
    int segment_dropped;        /* octets beyond LTE_SIB11_MAX_SEGMENT (not kept) */
    int has_data_coding_scheme, data_coding_scheme;
    int has_extension;
    int has_late_nce;
    int n_later_additions;
} lte_sib11;

/* An SI message (BCCH-DL-SCH SystemInformation, 36.331 §6.2.2): the SIB
 * types it carries in order (2 .. 11 for the root choices; the extension
 * choices sib12-v920 .. sib21-v1430 as 12 .. 21, later ones as
 * LTE_SIB_EXT + their index). SIB2 .. SIB11 are read (into sib2 .. sib11);
 * the extension choices are open types, skipped by their length. UPER
 * gives a root CHOICE alternative no length, so every root SIB is read
 * whole to find what follows it. n_types = n_sib once read; end_bit: the
 * bit after the message's last field (nonCriticalExtension included).
 * The fields from has_sib6 on were added after end_bit, keeping the earlier
 * layout. */
typedef struct lte_si_msg {
    int n_sib;
    int n_types;
    int type[32];
    int has_sib2;
    lte_sib2 sib2;
    int has_sib3;
    lte_sib3 sib3;
    int has_sib4;
    lte_sib4 sib4;
    int has_sib5;
    lte_sib5 sib5;
    int end_bit;
    int has_sib6;
    lte_sib6 sib6;
    int has_sib7;
    lte_sib7 sib7;
    int has_sib8;
    lte_sib8 sib8;
    int has_sib9;
    lte_sib9 sib9;
    int has_sib10;
    lte_sib10 sib10;
    int has_sib11;
    lte_sib11 sib11;
} lte_si_msg;

/* Reads an SI message from n unpacked bits; LTE_EFORMAT (naming the field)
 * if it is not a SystemInformation message or ends inside a field. */
int lte_si_unpack(const uint8_t *bits, int n, lte_si_msg *out);

#ifdef __cplusplus
}
#endif
#endif
