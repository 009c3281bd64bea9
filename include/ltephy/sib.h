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

/* An SI message (BCCH-DL-SCH SystemInformation, 36.331 §6.2.2): the SIB
 * types it carries in order (2 .. 11 for the root choices; the extension
 * choices sib12-v920 .. sib21-v1430 as 12 .. 21, later ones as
 * LTE_SIB_EXT + their index), as far as they can be read. SIB2 .. SIB5 are
 * read (into sib2 .. sib5); the extension choices are open types, skipped
 * by their length. UPER gives a root CHOICE alternative no length, so
 * reading stops at the first root SIB other than SIB2 .. SIB5 (SIB6 ..
 * SIB11; its type is listed; n_types says how many are listed, n_sib how
 * many the message has). end_bit: when every entry was read, the bit after
 * the message's last field (nonCriticalExtension included); else 0. */
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
} lte_si_msg;

/* Reads an SI message from n unpacked bits; LTE_EFORMAT (naming the field)
 * if it is not a SystemInformation message or ends inside a field. */
int lte_si_unpack(const uint8_t *bits, int n, lte_si_msg *out);

#ifdef __cplusplus
}
#endif
#endif
