/* ltephy phy: SystemInformationBlockType1 fields and the SI windows
 * (TS 36.331 §6.2.2, §5.2.3; 36.321 §5.3.1). The PER layout is in sib.h.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "ltephy/sib.h"

#include <string.h>

#include "kernels/internal.h"
#include "ltephy/error.h"

typedef struct per_reader {
    const uint8_t *b;
    int n, pos;
    const char *field; /* the field being read, for the error message */
} per_reader;

/* The next k bits as an unsigned number, first bit most significant
 * (X.691 unaligned: constrained whole numbers in the fewest bits). */
static int take(per_reader *r, int k, const char *field, uint32_t *v)
{
    r->field = field;
    *v = 0;
    if (k > r->n - r->pos)
        return lte_error_set(LTE_EFORMAT, "SIB1: the bits end inside %s (bit %d of %d)", field,
                             r->pos, r->n);
    uint32_t x = 0;
    for (int i = 0; i < k; i++)
        x = x << 1 | (r->b[r->pos + i] & 1u);
    r->pos += k;
    *v = x;
    return 0;
}

/* An integer in lo..lo + 2^k - 1 coded in k bits; above hi is an error. */
static int take_int(per_reader *r, int k, int lo, int hi, const char *field, int *v)
{
    uint32_t x = 0;
    int rc = take(r, k, field, &x);
    if (rc < 0)
        return rc;
    if ((long)x + lo > hi)
        return lte_error_set(LTE_EFORMAT, "SIB1: %s = %ld is outside %d..%d", field,
                             (long)x + lo, lo, hi);
    *v = (int)x + lo;
    return 0;
}

/* A normally small non-negative whole number (X.691 §11.6): a 0 bit and 6
 * bits; a 1 bit (64 or more) is refused, nothing in these messages gets
 * that far. */
static int take_small(per_reader *r, const char *field, uint32_t *v)
{
    uint32_t big = 0;
    int rc = take(r, 1, field, &big);
    if (rc < 0)
        return rc;
    if (big)
        return lte_error_set(LTE_EFORMAT, "SI: %s of 64 or more", field);
    return take(r, 6, field, v);
}

static int read_plmn(per_reader *r, lte_sib1_plmn *p)
{
    uint32_t has_mcc = 0, d = 0;
    int rc, nd = 0, digit = 0;
    if ((rc = take(r, 1, "plmn-Identity mcc presence", &has_mcc)) < 0)
        return rc;
    p->has_mcc = (int)has_mcc;
    p->mcc = 0;
    for (int i = 0; i < 3 && has_mcc; i++) {
        if ((rc = take_int(r, 4, 0, 9, "MCC digit", &digit)) < 0)
            return rc;
        p->mcc = p->mcc * 10 + digit;
    }
    if ((rc = take_int(r, 1, 2, 3, "MNC length", &nd)) < 0)
        return rc;
    p->mnc_digits = nd;
    p->mnc = 0;
    for (int i = 0; i < nd; i++) {
        if ((rc = take_int(r, 4, 0, 9, "MNC digit", &digit)) < 0)
            return rc;
        p->mnc = p->mnc * 10 + digit;
    }
    /* cellReservedForOperatorUse ENUMERATED {reserved, notReserved} */
    if ((rc = take(r, 1, "cellReservedForOperatorUse", &d)) < 0)
        return rc;
    p->reserved_for_operator = d == 0;
    return 0;
}

static int read_cell_access(per_reader *r, lte_sib1 *s)
{
    uint32_t has_csg = 0, v = 0;
    int rc;
    if ((rc = take(r, 1, "csg-Identity presence", &has_csg)) < 0 ||
        (rc = take_int(r, 3, 1, LTE_SIB1_MAX_PLMN, "plmn-IdentityList size", &s->n_plmn)) < 0)
        return rc;
    for (int i = 0; i < s->n_plmn; i++)
        if ((rc = read_plmn(r, &s->plmn[i])) < 0)
            return rc;
    if ((rc = take(r, 16, "trackingAreaCode", &s->tac)) < 0 ||
        (rc = take(r, 28, "cellIdentity", &s->cell_identity)) < 0)
        return rc;
    /* cellBarred {barred, notBarred}, intraFreqReselection {allowed, notAllowed} */
    if ((rc = take(r, 1, "cellBarred", &v)) < 0)
        return rc;
    s->cell_barred = v == 0;
    if ((rc = take(r, 1, "intraFreqReselection", &v)) < 0)
        return rc;
    s->intra_freq_reselection = v == 0;
    if ((rc = take(r, 1, "csg-Indication", &v)) < 0)
        return rc;
    s->csg_indication = (int)v;
    s->has_csg_identity = (int)has_csg;
    if (has_csg && (rc = take(r, 27, "csg-Identity", &s->csg_identity)) < 0)
        return rc;
    return 0;
}

static int read_sib_type(per_reader *r, int *sib)
{
    uint32_t ext = 0, v = 0;
    int rc;
    if ((rc = take(r, 1, "SIB-Type extension bit", &ext)) < 0)
        return rc;
    if (!ext) {
        if ((rc = take(r, 4, "SIB-Type", &v)) < 0)
            return rc;
        *sib = 3 + (int)v; /* sibType3 .. sibType18-v1250 */
        return 0;
    }
    /* an addition: its index as a normally small number */
    if ((rc = take_small(r, "SIB-Type extension", &v)) < 0)
        return rc;
    *sib = LTE_SIB_EXT + (int)v;
    return 0;
}

static int read_scheduling(per_reader *r, lte_sib1 *s)
{
    static const int period[8] = {8, 16, 32, 64, 128, 256, 512, 0};
    int rc, p = 0;
    if ((rc = take_int(r, 5, 1, LTE_SIB1_MAX_SI, "schedulingInfoList size", &s->n_si)) < 0)
        return rc;
    for (int m = 0; m < s->n_si; m++) {
        lte_sib1_si *si = &s->si[m];
        if ((rc = take_int(r, 3, 0, 6, "si-Periodicity", &p)) < 0 ||
            (rc = take_int(r, 5, 0, LTE_SIB1_MAX_MAP, "sib-MappingInfo size", &si->n_sib)) < 0)
            return rc;
        si->period_frames = period[p];
        for (int j = 0; j < si->n_sib; j++)
            if ((rc = read_sib_type(r, &si->sib[j])) < 0)
                return rc;
    }
    return 0;
}

int lte_sib1_unpack(const uint8_t *bits, int n, lte_sib1 *out)
{
    LTE_CHECK_ARG(bits != NULL && out != NULL, "bits and out must not be NULL");
    LTE_CHECK_ARG(n >= 0, "n = %d is negative", n);
    static const int window_ms[8] = {1, 2, 5, 10, 15, 20, 40, 0};
    per_reader r = {.b = bits, .n = n};
    lte_sib1 s;
    memset(&s, 0, sizeof s);
    uint32_t c1 = 0, which = 0, has_pmax = 0, has_tdd = 0, has_ext = 0, has_off = 0;
    int rc, v = 0;
    if ((rc = take(&r, 1, "BCCH-DL-SCH-MessageType", &c1)) < 0 ||
        (rc = take(&r, 1, "c1 choice", &which)) < 0)
        return rc;
    if (c1 != 0 || which != 1)
        return lte_error_set(LTE_EFORMAT, "not a SystemInformationBlockType1 (%s)",
                             c1 ? "messageClassExtension" : "SystemInformation");
    if ((rc = take(&r, 1, "p-Max presence", &has_pmax)) < 0 ||
        (rc = take(&r, 1, "tdd-Config presence", &has_tdd)) < 0 ||
        (rc = take(&r, 1, "nonCriticalExtension presence", &has_ext)) < 0 ||
        (rc = read_cell_access(&r, &s)) < 0 ||
        (rc = take(&r, 1, "q-RxLevMinOffset presence", &has_off)) < 0 ||
        (rc = take_int(&r, 6, -70, -22, "q-RxLevMin", &v)) < 0)
        return rc;
    s.q_rx_lev_min_dbm = 2 * v;
    if (has_off) {
        if ((rc = take_int(&r, 3, 1, 8, "q-RxLevMinOffset", &v)) < 0)
            return rc;
        s.q_rx_lev_min_offset_db = 2 * v;
    }
    s.has_p_max = (int)has_pmax;
    if (has_pmax && (rc = take_int(&r, 6, -30, 33, "p-Max", &s.p_max_dbm)) < 0)
        return rc;
    if ((rc = take_int(&r, 6, 1, 64, "freqBandIndicator", &s.freq_band)) < 0 ||
        (rc = read_scheduling(&r, &s)) < 0)
        return rc;
    s.has_tdd = (int)has_tdd;
    if (has_tdd && ((rc = take_int(&r, 3, 0, 6, "subframeAssignment", &s.tdd_config)) < 0 ||
                    (rc = take_int(&r, 4, 0, 8, "specialSubframePatterns", &s.ssf_config)) < 0))
        return rc;
    if ((rc = take_int(&r, 3, 0, 6, "si-WindowLength", &v)) < 0 ||
        (rc = take_int(&r, 5, 0, 31, "systemInfoValueTag", &s.value_tag)) < 0)
        return rc;
    s.si_window_ms = window_ms[v];
    s.has_extension = (int)has_ext;
    *out = s;
    return 0;
}

int lte_si_rv(int i)
{
    LTE_CHECK_ARG(i >= 0, "i = %d is negative", i);
    int k = i % 4;
    return (3 * k + 1) / 2 % 4; /* ceil(3k/2) mod 4: 0, 2, 3, 1 */
}

int lte_si_window(const lte_sib1 *s, int sfn, int subframe, int *msg, int *i)
{
    LTE_CHECK_ARG(s != NULL, "s must not be NULL");
    LTE_CHECK_ARG(sfn >= 0 && sfn <= 1023, "sfn = %d is not 0..1023", sfn);
    LTE_CHECK_ARG(subframe >= 0 && subframe <= 9, "subframe = %d is not 0..9", subframe);
    LTE_CHECK_ARG(s->n_si >= 1 && s->n_si <= LTE_SIB1_MAX_SI && s->si_window_ms >= 1,
                  "not a decoded SIB1 (n_si %d, window %d ms)", s->n_si, s->si_window_ms);
    int w = s->si_window_ms, t = 10 * sfn + subframe;
    for (int m = 0; m < s->n_si; m++) {
        int T = s->si[m].period_frames;
        LTE_CHECK_ARG(T >= 8 && T <= 512 && 1024 % T == 0, "SI %d: period %d frames", m, T);
        /* the window starts at absolute subframe 10 T j + x (x = m w, as
         * SFN mod T = floor(x/10) and subframe x mod 10); T divides 1024, so
         * this holds across the SFN wrap */
        int d = ((t - m * w) % (10 * T) + 10 * T) % (10 * T);
        if (d < w) {
            if (msg)
                *msg = m;
            if (i)
                *i = d;
            return 1;
        }
    }
    return 0;
}

/* ---- SystemInformation messages and SIB2 (36.331 §6.2.2, §6.3.1) -------- */

/* Skip an open type (X.691 §10.2): an unconstrained length in octets (7
 * bits after a 0, 14 bits after 10; 11 would be fragmented), then them. */
static int skip_open_type(per_reader *r)
{
    uint32_t f = 0, len = 0;
    int rc;
    if ((rc = take(r, 1, "open type length", &f)) < 0 ||
        (rc = take(r, f ? 15 : 7, "open type length", &len)) < 0)
        return rc;
    if (f && (len >> 14))
        return lte_error_set(LTE_EFORMAT, "SI: fragmented open type");
    if ((int)(8 * len) > r->n - r->pos)
        return lte_error_set(LTE_EFORMAT, "SI: the bits end inside an open type");
    r->pos += 8 * (int)len;
    return 0;
}

/* Skip the extension additions of a sequence whose extension bit was set
 * (X.691 §19.7: a normally small length n - 1, n presence bits, each
 * present addition an open type: an unconstrained length in octets). */
static int skip_additions(per_reader *r)
{
    uint32_t v = 0;
    int rc;
    if ((rc = take_small(r, "extension bitmap size", &v)) < 0)
        return rc;
    int n = (int)v + 1;
    uint8_t present[64];
    for (int i = 0; i < n; i++) {
        uint32_t p = 0;
        if ((rc = take(r, 1, "extension presence", &p)) < 0)
            return rc;
        present[i] = (uint8_t)p;
    }
    for (int i = 0; i < n; i++)
        if (present[i] && (rc = skip_open_type(r)) < 0)
            return rc;
    return 0;
}

/* An enumeration of k bits mapped through a value table of n entries. */
static int take_enum(per_reader *r, int k, const int *vals, int n, const char *field, int *v)
{
    int i = 0, rc = take_int(r, k, 0, n - 1, field, &i);
    if (rc == 0)
        *v = vals[i];
    return rc;
}

static int read_rach(per_reader *r, lte_sib2 *s)
{
    static const int trans_max[11] = {3, 4, 5, 6, 7, 8, 10, 20, 50, 100, 200};
    static const int window[8] = {2, 3, 4, 5, 6, 7, 8, 10};
    static const int msg_a[4] = {56, 144, 208, 256};
    static const int offs_b[8] = {-1, 0, 5, 8, 10, 12, 15, 18};
    uint32_t ext = 0, ga = 0, gext = 0;
    int rc, v = 0;
    if ((rc = take(r, 1, "rach-ConfigCommon extension bit", &ext)) < 0 ||
        (rc = take(r, 1, "preamblesGroupAConfig presence", &ga)) < 0 ||
        (rc = take_int(r, 4, 0, 15, "numberOfRA-Preambles", &v)) < 0)
        return rc;
    s->n_ra_preambles = 4 * (v + 1);
    s->has_group_a = (int)ga;
    if (ga) {
        if ((rc = take(r, 1, "preamblesGroupAConfig extension bit", &gext)) < 0 ||
            (rc = take_int(r, 4, 0, 14, "sizeOfRA-PreamblesGroupA", &v)) < 0)
            return rc;
        s->size_group_a = 4 * (v + 1);
        if ((rc = take_enum(r, 2, msg_a, 4, "messageSizeGroupA", &s->msg_size_group_a)) < 0 ||
            (rc = take_enum(r, 3, offs_b, 8, "messagePowerOffsetGroupB",
                            &s->msg_power_offset_b)) < 0 ||
            (gext && (rc = skip_additions(r)) < 0))
            return rc;
    }
    if ((rc = take_int(r, 2, 0, 3, "powerRampingStep", &v)) < 0)
        return rc;
    s->power_ramping_db = 2 * v;
    if ((rc = take_int(r, 4, 0, 15, "preambleInitialReceivedTargetPower", &v)) < 0)
        return rc;
    s->preamble_init_target_dbm = -120 + 2 * v;
    if ((rc = take_enum(r, 4, trans_max, 11, "preambleTransMax", &s->preamble_trans_max)) < 0 ||
        (rc = take_enum(r, 3, window, 8, "ra-ResponseWindowSize", &s->ra_resp_window_sf)) < 0 ||
        (rc = take_int(r, 3, 0, 7, "mac-ContentionResolutionTimer", &v)) < 0)
        return rc;
    s->mac_cont_res_sf = 8 * (v + 1);
    if ((rc = take_int(r, 3, 1, 8, "maxHARQ-Msg3Tx", &s->max_harq_msg3)) < 0 ||
        (ext && (rc = skip_additions(r)) < 0))
        return rc;
    return 0;
}

static int read_prach_pdsch_pusch_pucch(per_reader *r, lte_sib2 *s)
{
    static const int coeff[4] = {2, 4, 8, 16}, cycle[4] = {32, 64, 128, 256};
    int rc;
    if ((rc = take_enum(r, 2, coeff, 4, "modificationPeriodCoeff", &s->mod_period_coeff)) < 0 ||
        (rc = take_enum(r, 2, cycle, 4, "defaultPagingCycle", &s->paging_cycle_rf)) < 0 ||
        (rc = take_int(r, 3, 0, 7, "nB", &s->nb_index)) < 0 ||
        (rc = take_int(r, 10, 0, 837, "rootSequenceIndex", &s->root_seq_index)) < 0 ||
        (rc = take_int(r, 6, 0, 63, "prach-ConfigIndex", &s->prach_config_index)) < 0 ||
        (rc = take_int(r, 1, 0, 1, "highSpeedFlag", &s->high_speed)) < 0 ||
        (rc = take_int(r, 4, 0, 15, "zeroCorrelationZoneConfig", &s->zczc)) < 0 ||
        (rc = take_int(r, 7, 0, 94, "prach-FreqOffset", &s->prach_freq_offset)) < 0 ||
        (rc = take_int(r, 7, -60, 50, "referenceSignalPower", &s->ref_signal_power_dbm)) < 0 ||
        (rc = take_int(r, 2, 0, 3, "p-b", &s->p_b)) < 0 ||
        (rc = take_int(r, 2, 1, 4, "n-SB", &s->n_sb)) < 0 ||
        (rc = take_int(r, 1, 0, 1, "hoppingMode", &s->hopping_intra)) < 0 ||
        (rc = take_int(r, 7, 0, 98, "pusch-HoppingOffset", &s->pusch_hopping_offset)) < 0 ||
        (rc = take_int(r, 1, 0, 1, "enable64QAM", &s->enable_64qam)) < 0 ||
        (rc = take_int(r, 1, 0, 1, "groupHoppingEnabled", &s->group_hopping)) < 0 ||
        (rc = take_int(r, 5, 0, 29, "groupAssignmentPUSCH", &s->group_assignment)) < 0 ||
        (rc = take_int(r, 1, 0, 1, "sequenceHoppingEnabled", &s->seq_hopping)) < 0 ||
        (rc = take_int(r, 3, 0, 7, "cyclicShift", &s->cyclic_shift)) < 0 ||
        (rc = take_int(r, 2, 1, 3, "deltaPUCCH-Shift", &s->delta_pucch_shift)) < 0 ||
        (rc = take_int(r, 7, 0, 98, "nRB-CQI", &s->n_rb_cqi)) < 0 ||
        (rc = take_int(r, 3, 0, 7, "nCS-AN", &s->n_cs_an)) < 0 ||
        (rc = take_int(r, 11, 0, 2047, "n1PUCCH-AN", &s->n1_pucch_an)) < 0)
        return rc;
    return 0;
}

static int read_srs_power(per_reader *r, lte_sib2 *s)
{
    static const int alpha[8] = {0, 4, 5, 6, 7, 8, 9, 10};
    static const int f1[3] = {-2, 0, 2}, f1b[3] = {1, 3, 5}, f2[4] = {-2, 0, 1, 2};
    uint32_t setup = 0, upts = 0;
    int rc;
    if ((rc = take(r, 1, "soundingRS-UL-ConfigCommon choice", &setup)) < 0)
        return rc;
    s->srs_setup = (int)setup;
    if (setup && ((rc = take(r, 1, "srs-MaxUpPts presence", &upts)) < 0 ||
                  (rc = take_int(r, 3, 0, 7, "srs-BandwidthConfig", &s->srs_bw_config)) < 0 ||
                  (rc = take_int(r, 4, 0, 15, "srs-SubframeConfig", &s->srs_sf_config)) < 0 ||
                  (rc = take_int(r, 1, 0, 1, "ackNackSRS-SimultaneousTransmission",
                                 &s->srs_ack_nack)) < 0))
        return rc;
    s->srs_max_uppts = (int)upts; /* ENUMERATED {true}: no bits */
    if ((rc = take_int(r, 8, -126, 24, "p0-NominalPUSCH", &s->p0_nominal_pusch_dbm)) < 0 ||
        (rc = take_enum(r, 3, alpha, 8, "alpha", &s->alpha_x10)) < 0 ||
        (rc = take_int(r, 5, -127, -96, "p0-NominalPUCCH", &s->p0_nominal_pucch_dbm)) < 0 ||
        (rc = take_enum(r, 2, f1, 3, "deltaF-PUCCH-Format1", &s->delta_f_pucch[0])) < 0 ||
        (rc = take_enum(r, 2, f1b, 3, "deltaF-PUCCH-Format1b", &s->delta_f_pucch[1])) < 0 ||
        (rc = take_enum(r, 2, f2, 4, "deltaF-PUCCH-Format2", &s->delta_f_pucch[2])) < 0 ||
        (rc = take_enum(r, 2, f1, 3, "deltaF-PUCCH-Format2a", &s->delta_f_pucch[3])) < 0 ||
        (rc = take_enum(r, 2, f1, 3, "deltaF-PUCCH-Format2b", &s->delta_f_pucch[4])) < 0 ||
        (rc = take_int(r, 3, -1, 6, "deltaPreambleMsg3", &s->delta_preamble_msg3)) < 0 ||
        (rc = take_int(r, 1, 0, 1, "ul-CyclicPrefixLength", &s->ul_cp_extended)) < 0)
        return rc;
    return 0;
}

static int read_sib2(per_reader *r, lte_sib2 *s)
{
    static const int bw[6] = {6, 15, 25, 50, 75, 100};
    static const int tat[8] = {500, 750, 1280, 1920, 2560, 5120, 10240, 0};
    uint32_t ext = 0, ac = 0, mb = 0, rext = 0, uext = 0, f1 = 0, f2 = 0, v = 0;
    int rc, x = 0;
    memset(s, 0, sizeof *s);
    if ((rc = take(r, 1, "SIB2 extension bit", &ext)) < 0 ||
        (rc = take(r, 1, "ac-BarringInfo presence", &ac)) < 0 ||
        (rc = take(r, 1, "mbsfn-SubframeConfigList presence", &mb)) < 0)
        return rc;
    s->has_ac_barring = (int)ac;
    if (ac) {
        uint32_t sig = 0, data = 0;
        if ((rc = take(r, 1, "ac-BarringForMO-Signalling presence", &sig)) < 0 ||
            (rc = take(r, 1, "ac-BarringForMO-Data presence", &data)) < 0 ||
            (rc = take(r, 1, "ac-BarringForEmergency", &v)) < 0)
            return rc;
        /* AC-BarringConfig: factor (4 bits), time (3), special AC (5) */
        for (int i = 0; i < (int)(sig + data); i++)
            if ((rc = take(r, 12, "AC-BarringConfig", &v)) < 0)
                return rc;
    }
    if ((rc = take(r, 1, "radioResourceConfigCommon extension bit", &rext)) < 0 ||
        (rc = read_rach(r, s)) < 0 || (rc = read_prach_pdsch_pusch_pucch(r, s)) < 0 ||
        (rc = read_srs_power(r, s)) < 0 || (rext && (rc = skip_additions(r)) < 0))
        return rc;
    if ((rc = take(r, 1, "ue-TimersAndConstants extension bit", &uext)) < 0 ||
        (rc = take_int(r, 3, 0, 7, "t300", &s->t300)) < 0 ||
        (rc = take_int(r, 3, 0, 7, "t301", &s->t301)) < 0 ||
        (rc = take_int(r, 3, 0, 6, "t310", &s->t310)) < 0 ||
        (rc = take_int(r, 3, 0, 7, "n310", &s->n310)) < 0 ||
        (rc = take_int(r, 3, 0, 6, "t311", &s->t311)) < 0 ||
        (rc = take_int(r, 3, 0, 7, "n311", &s->n311)) < 0 ||
        (uext && (rc = skip_additions(r)) < 0))
        return rc;
    if ((rc = take(r, 1, "ul-CarrierFreq presence", &f1)) < 0 ||
        (rc = take(r, 1, "ul-Bandwidth presence", &f2)) < 0)
        return rc;
    s->has_ul_earfcn = (int)f1;
    if (f1 && (rc = take_int(r, 16, 0, 65535, "ul-CarrierFreq", &s->ul_earfcn)) < 0)
        return rc;
    if (f2 && (rc = take_enum(r, 3, bw, 6, "ul-Bandwidth", &s->ul_n_rb)) < 0)
        return rc;
    if ((rc = take_int(r, 5, 1, 32, "additionalSpectrumEmission", &s->additional_emission)) < 0)
        return rc;
    if (mb) {
        if ((rc = take_int(r, 3, 1, 8, "mbsfn-SubframeConfigList size", &s->n_mbsfn)) < 0)
            return rc;
        for (int i = 0; i < s->n_mbsfn; i++) {
            uint32_t four = 0;
            if ((rc = take_int(r, 3, 0, 5, "radioframeAllocationPeriod", &x)) < 0 ||
                (rc = take(r, 3, "radioframeAllocationOffset", &v)) < 0 ||
                (rc = take(r, 1, "subframeAllocation choice", &four)) < 0 ||
                (rc = take(r, four ? 24 : 6, "subframeAllocation", &v)) < 0)
                return rc;
        }
    }
    if ((rc = take_enum(r, 3, tat, 8, "timeAlignmentTimerCommon", &s->time_alignment_sf)) < 0)
        return rc;
    s->has_extension = (int)ext;
    return ext ? skip_additions(r) : 0;
}

int lte_si_unpack(const uint8_t *bits, int n, lte_si_msg *out)
{
    LTE_CHECK_ARG(bits != NULL && out != NULL, "bits and out must not be NULL");
    LTE_CHECK_ARG(n >= 0, "n = %d is negative", n);
    per_reader r = {.b = bits, .n = n};
    lte_si_msg m;
    memset(&m, 0, sizeof m);
    uint32_t c1 = 0, which = 0, future = 0, nce = 0;
    int rc;
    if ((rc = take(&r, 1, "BCCH-DL-SCH-MessageType", &c1)) < 0 ||
        (rc = take(&r, 1, "c1 choice", &which)) < 0)
        return rc;
    if (c1 != 0 || which != 0)
        return lte_error_set(LTE_EFORMAT, "not a SystemInformation message (%s)",
                             c1 ? "messageClassExtension" : "SystemInformationBlockType1");
    if ((rc = take(&r, 1, "criticalExtensions choice", &future)) < 0)
        return rc;
    if (future)
        return lte_error_set(LTE_EFORMAT, "SystemInformation: criticalExtensionsFuture");
    if ((rc = take(&r, 1, "nonCriticalExtension presence", &nce)) < 0 ||
        (rc = take_int(&r, 5, 1, 32, "sib-TypeAndInfo size", &m.n_sib)) < 0)
        return rc;
    for (int i = 0; i < m.n_sib; i++) {
        uint32_t ext = 0, v = 0;
        if ((rc = take(&r, 1, "sib-TypeAndInfo extension bit", &ext)) < 0)
            return rc;
        if (ext) {
            /* an addition (sib12-v920, sib13-v920, sib14-v1130 ...): its
             * index as a normally small number, its value an open type */
            if ((rc = take_small(&r, "sib-TypeAndInfo extension", &v)) < 0)
                return rc;
            m.type[m.n_types++] = v < 10 ? 12 + (int)v : LTE_SIB_EXT + (int)v;
            if ((rc = skip_open_type(&r)) < 0)
                return rc;
            continue;
        }
        if ((rc = take(&r, 4, "sib-TypeAndInfo choice", &v)) < 0)
            return rc;
        if (v > 9)
            return lte_error_set(LTE_EFORMAT, "SI: sib-TypeAndInfo choice %u is not sib2..sib11",
                                 (unsigned)v);
        m.type[m.n_types++] = 2 + (int)v;
        if (v != 0)
            break; /* a root SIB other than SIB2 has no length: stop here */
        if ((rc = read_sib2(&r, &m.sib2)) < 0)
            return rc;
        m.has_sib2 = 1;
    }
    *out = m;
    return 0;
}
