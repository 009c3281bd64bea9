/* ltephy phy: SystemInformationBlockType1 fields and the SI windows, and
 * SI messages with SIB2 .. SIB11 (TS 36.331 §6.2.2, §6.3.1, §5.2.3; 36.321
 * §5.3.1; X.691 unaligned PER). The PER layouts are in sib.h.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "ltephy/sib.h"

#include <string.h>

#include "kernels/internal.h"
#include "ltephy/error.h"

typedef struct per_reader {
    const uint8_t *b;
    int n, pos;
    const char *field; /* the field being read, for the error message */
    const char *what;  /* the message, for the error message: "SIB1" when NULL */
} per_reader;

/* The next k bits as an unsigned number, first bit most significant
 * (X.691 unaligned: constrained whole numbers in the fewest bits). */
static int take(per_reader *r, int k, const char *field, uint32_t *v)
{
    r->field = field;
    *v = 0;
    if (k > r->n - r->pos)
        return lte_error_set(LTE_EFORMAT, "%s: the bits end inside %s (bit %d of %d)",
                             r->what ? r->what : "SIB1", field, r->pos, r->n);
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
        return lte_error_set(LTE_EFORMAT, "%s: %s = %ld is outside %d..%d",
                             r->what ? r->what : "SIB1", field, (long)x + lo, lo, hi);
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

/* The start of an open type (X.691 §10.2, §11.2): an unconstrained length
 * in octets (7 bits after a 0, 14 bits after 10; 11 would be fragmented).
 * *end is the bit after its contents, which must all be there. */
static int open_type_begin(per_reader *r, const char *field, int *end)
{
    uint32_t f = 0, len = 0;
    int rc;
    if ((rc = take(r, 1, field, &f)) < 0 || (rc = take(r, f ? 15 : 7, field, &len)) < 0)
        return rc;
    if (f && (len >> 14))
        return lte_error_set(LTE_EFORMAT, "SI: fragmented length (%s)", field);
    if ((long)8 * len > (long)(r->n - r->pos))
        return lte_error_set(LTE_EFORMAT, "SI: the bits end inside %s (%u octets at bit %d of %d)",
                             field, (unsigned)len, r->pos, r->n);
    *end = r->pos + 8 * (int)len;
    return 0;
}

/* Skip an open type. */
static int skip_open_type(per_reader *r)
{
    int end = 0, rc = open_type_begin(r, "open type length", &end);
    if (rc == 0)
        r->pos = end;
    return rc;
}

/* The presence bitmap of the extension additions of a sequence whose
 * extension bit was set (X.691 §19.7: a normally small length n - 1, then n
 * presence bits). */
static int take_ext_bitmap(per_reader *r, uint8_t present[64], int *n)
{
    uint32_t v = 0;
    int rc;
    if ((rc = take_small(r, "extension bitmap size", &v)) < 0)
        return rc;
    *n = (int)v + 1;
    for (int i = 0; i < *n; i++) {
        uint32_t p = 0;
        if ((rc = take(r, 1, "extension presence", &p)) < 0)
            return rc;
        present[i] = (uint8_t)p;
    }
    return 0;
}

/* Skip the extension additions of a sequence whose extension bit was set:
 * each present addition is an open type. */
static int skip_additions(per_reader *r)
{
    uint8_t present[64];
    int n = 0, rc;
    if ((rc = take_ext_bitmap(r, present, &n)) < 0)
        return rc;
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

/* ---- SIB3, SIB4, SIB5 (36.331 §6.3.1; the types of §6.3.4) ----------- */

static const int meas_bw[6] = {6, 15, 25, 50, 75, 100}; /* AllowedMeasBandwidth mbw6 .. */

/* SpeedStateScaleFactors: sf-Medium, sf-High {oDot25, oDot5, oDot75, lDot0} */
static int read_speed_sf(per_reader *r, lte_sib_speed_sf *f)
{
    static const int sf[4] = {25, 50, 75, 100};
    int rc;
    if ((rc = take_enum(r, 2, sf, 4, "sf-Medium", &f->medium_x100)) < 0 ||
        (rc = take_enum(r, 2, sf, 4, "sf-High", &f->high_x100)) < 0)
        return rc;
    return 0;
}

/* ReselectionThreshold (0..31): the value is field x 2 dB (§6.3.4). */
static int take_resel_threshold(per_reader *r, const char *field, int *db)
{
    int v = 0, rc = take_int(r, 5, 0, 31, field, &v);
    if (rc == 0)
        *db = 2 * v;
    return rc;
}

/* Q-RxLevMin (-70..-22): the value is field x 2 dBm (§6.3.4). */
static int take_q_rx_lev_min(per_reader *r, int *dbm)
{
    int v = 0, rc = take_int(r, 6, -70, -22, "q-RxLevMin", &v);
    if (rc == 0)
        *dbm = 2 * v;
    return rc;
}

/* Q-OffsetRange: dB-24 .. dB24, 31 values (§6.3.4). */
static int take_q_offset(per_reader *r, const char *field, int *db)
{
    static const int q[31] = {-24, -22, -20, -18, -16, -14, -12, -10, -8, -6, -5,
                              -4,  -3,  -2,  -1,  0,   1,   2,   3,   4,  5,  6,
                              8,   10,  12,  14,  16,  18,  20,  22,  24};
    return take_enum(r, 5, q, 31, field, db);
}

/* PhysCellIdRange (§6.3.4): presence of range, start, range n4 .. n504
 * (the two spares are refused). */
static int read_pci_range(per_reader *r, lte_sib_pci_range *p)
{
    static const int range[14] = {4, 8, 12, 16, 24, 32, 48, 64, 84, 96, 128, 168, 252, 504};
    uint32_t has = 0;
    int rc;
    if ((rc = take(r, 1, "PhysCellIdRange range presence", &has)) < 0 ||
        (rc = take_int(r, 9, 0, 503, "PhysCellIdRange start", &p->start)) < 0)
        return rc;
    p->n = 1;
    if (has && (rc = take_enum(r, 4, range, 14, "PhysCellIdRange range", &p->n)) < 0)
        return rc;
    return 0;
}

/* A black list: SEQUENCE (SIZE (1..maxCellBlack)) OF PhysCellIdRange. */
static int read_black_list(per_reader *r, const char *field, lte_sib_pci_range *c, int *n)
{
    int rc;
    if ((rc = take_int(r, 4, 1, LTE_SIB_MAX_CELL, field, n)) < 0)
        return rc;
    for (int i = 0; i < *n; i++)
        if ((rc = read_pci_range(r, &c[i])) < 0)
            return rc;
    return 0;
}

/* A neighbour list (SIZE (1..16)) of {physCellId, q-OffsetCell}; intra
 * (IntraFreqNeighCellInfo) entries have an extension marker, inter
 * (InterFreqNeighCellInfo) ones none. */
static int read_neigh_list(per_reader *r, int intra, lte_sib_neigh *c, int *n)
{
    int rc;
    if ((rc = take_int(r, 4, 1, LTE_SIB_MAX_CELL,
                       intra ? "intraFreqNeighCellList size" : "interFreqNeighCellList size",
                       n)) < 0)
        return rc;
    for (int i = 0; i < *n; i++) {
        uint32_t ext = 0;
        if ((intra && (rc = take(r, 1, "IntraFreqNeighCellInfo extension bit", &ext)) < 0) ||
            (rc = take_int(r, 9, 0, 503, "physCellId", &c[i].pci)) < 0 ||
            (rc = take_q_offset(r, "q-OffsetCell", &c[i].q_offset_db)) < 0 ||
            (ext && (rc = skip_additions(r)) < 0))
            return rc;
    }
    return 0;
}

/* SIB3's Rel-9 addition group, inside its open type: the group is encoded
 * as a sequence of its components (X.691 §19.9): 4 presence bits, then
 * them. */
static int read_sib3_v920(per_reader *r, lte_sib3 *s)
{
    uint32_t p[4] = {0, 0, 0, 0};
    int rc;
    for (int i = 0; i < 4; i++)
        if ((rc = take(r, 1, "SIB3 v920 presence", &p[i])) < 0)
            return rc;
    s->has_s_intra_search_v920 = (int)p[0];
    if (p[0] && ((rc = take_resel_threshold(r, "s-IntraSearchP-r9", &s->s_intra_search_p_db)) < 0 ||
                 (rc = take_int(r, 5, 0, 31, "s-IntraSearchQ-r9", &s->s_intra_search_q_db)) < 0))
        return rc;
    s->has_s_non_intra_search_v920 = (int)p[1];
    if (p[1] &&
        ((rc = take_resel_threshold(r, "s-NonIntraSearchP-r9", &s->s_non_intra_search_p_db)) < 0 ||
         (rc = take_int(r, 5, 0, 31, "s-NonIntraSearchQ-r9", &s->s_non_intra_search_q_db)) < 0))
        return rc;
    s->has_q_qual_min = (int)p[2];
    if (p[2] && (rc = take_int(r, 5, -34, -3, "q-QualMin-r9", &s->q_qual_min_db)) < 0)
        return rc;
    s->has_thresh_serving_low_q = (int)p[3];
    if (p[3] && (rc = take_int(r, 5, 0, 31, "threshServingLowQ-r9",
                               &s->thresh_serving_low_q_db)) < 0)
        return rc;
    return 0;
}

/* SIB3's extension additions (X.691 §19.7): addition 0 is
 * lateNonCriticalExtension (an OCTET STRING, skipped), addition 1 the Rel-9
 * group (read), the later ones are skipped. Each is an open type; a group
 * read must end inside its open type (what follows is padding). */
static int read_sib3_additions(per_reader *r, lte_sib3 *s)
{
    uint8_t present[64];
    int n = 0, rc;
    if ((rc = take_ext_bitmap(r, present, &n)) < 0)
        return rc;
    for (int i = 0; i < n; i++) {
        int end = 0;
        if (!present[i])
            continue;
        if ((rc = open_type_begin(r, i == 1 ? "SIB3 v920 group" : "SIB3 extension addition",
                                  &end)) < 0)
            return rc;
        if (i == 0) {
            s->has_late_nce = 1;
        } else if (i == 1) {
            per_reader g = *r;
            g.n = end;
            s->has_v920 = 1;
            if ((rc = read_sib3_v920(&g, s)) < 0)
                return rc;
        } else {
            s->n_later_additions++;
        }
        r->pos = end;
    }
    return 0;
}

static int read_sib3(per_reader *r, lte_sib3 *s)
{
    static const int hyst[16] = {0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24};
    static const int t_s[5] = {30, 60, 120, 180, 240}; /* then spare3 .. spare1: refused */
    static const int sf_db[4] = {-6, -4, -2, 0};
    uint32_t ext = 0, speed = 0, nis = 0, pmax = 0, sis = 0, mbw = 0, tsf = 0, v = 0;
    int rc;
    memset(s, 0, sizeof *s);
    /* cellReselectionInfoCommon */
    if ((rc = take(r, 1, "SIB3 extension bit", &ext)) < 0 ||
        (rc = take(r, 1, "speedStateReselectionPars presence", &speed)) < 0 ||
        (rc = take_enum(r, 4, hyst, 16, "q-Hyst", &s->q_hyst_db)) < 0)
        return rc;
    s->has_speed_state = (int)speed;
    if (speed &&
        ((rc = take_enum(r, 3, t_s, 5, "t-Evaluation", &s->t_evaluation_s)) < 0 ||
         (rc = take_enum(r, 3, t_s, 5, "t-HystNormal", &s->t_hyst_normal_s)) < 0 ||
         (rc = take_int(r, 4, 1, 16, "n-CellChangeMedium", &s->n_cell_change_medium)) < 0 ||
         (rc = take_int(r, 4, 1, 16, "n-CellChangeHigh", &s->n_cell_change_high)) < 0 ||
         (rc = take_enum(r, 2, sf_db, 4, "q-HystSF sf-Medium", &s->q_hyst_sf_medium_db)) < 0 ||
         (rc = take_enum(r, 2, sf_db, 4, "q-HystSF sf-High", &s->q_hyst_sf_high_db)) < 0))
        return rc;
    /* cellReselectionServingFreqInfo */
    if ((rc = take(r, 1, "s-NonIntraSearch presence", &nis)) < 0)
        return rc;
    s->has_s_non_intra_search = (int)nis;
    if ((nis &&
         (rc = take_resel_threshold(r, "s-NonIntraSearch", &s->s_non_intra_search_db)) < 0) ||
        (rc = take_resel_threshold(r, "threshServingLow", &s->thresh_serving_low_db)) < 0 ||
        (rc = take_int(r, 3, 0, 7, "cellReselectionPriority", &s->cell_resel_priority)) < 0)
        return rc;
    /* intraFreqCellReselectionInfo */
    if ((rc = take(r, 1, "p-Max presence", &pmax)) < 0 ||
        (rc = take(r, 1, "s-IntraSearch presence", &sis)) < 0 ||
        (rc = take(r, 1, "allowedMeasBandwidth presence", &mbw)) < 0 ||
        (rc = take(r, 1, "t-ReselectionEUTRA-SF presence", &tsf)) < 0 ||
        (rc = take_q_rx_lev_min(r, &s->q_rx_lev_min_dbm)) < 0)
        return rc;
    s->has_p_max = (int)pmax;
    s->has_s_intra_search = (int)sis;
    s->has_t_resel_sf = (int)tsf;
    if ((pmax && (rc = take_int(r, 6, -30, 33, "p-Max", &s->p_max_dbm)) < 0) ||
        (sis && (rc = take_resel_threshold(r, "s-IntraSearch", &s->s_intra_search_db)) < 0) ||
        (mbw && (rc = take_enum(r, 3, meas_bw, 6, "allowedMeasBandwidth", &s->meas_bw_n_rb)) < 0) ||
        (rc = take(r, 1, "presenceAntennaPort1", &v)) < 0)
        return rc;
    s->antenna_port1 = (int)v;
    if ((rc = take(r, 2, "neighCellConfig", &v)) < 0)
        return rc;
    s->neigh_cell_config = (int)v;
    if ((rc = take_int(r, 3, 0, 7, "t-ReselectionEUTRA", &s->t_resel_s)) < 0 ||
        (tsf && (rc = read_speed_sf(r, &s->t_resel_sf)) < 0))
        return rc;
    s->has_extension = (int)ext;
    return ext ? read_sib3_additions(r, s) : 0;
}

static int read_sib4(per_reader *r, lte_sib4 *s)
{
    uint32_t ext = 0, nl = 0, bl = 0, csg = 0;
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = take(r, 1, "SIB4 extension bit", &ext)) < 0 ||
        (rc = take(r, 1, "intraFreqNeighCellList presence", &nl)) < 0 ||
        (rc = take(r, 1, "intraFreqBlackCellList presence", &bl)) < 0 ||
        (rc = take(r, 1, "csg-PhysCellIdRange presence", &csg)) < 0 ||
        (nl && (rc = read_neigh_list(r, 1, s->neigh, &s->n_neigh)) < 0) ||
        (bl && (rc = read_black_list(r, "intraFreqBlackCellList size", s->black, &s->n_black)) < 0))
        return rc;
    s->has_csg_range = (int)csg;
    if (csg && (rc = read_pci_range(r, &s->csg_range)) < 0)
        return rc;
    s->has_extension = (int)ext;
    return ext ? skip_additions(r) : 0;
}

static int read_sib5_freq(per_reader *r, lte_sib5_freq *f)
{
    uint32_t ext = 0, pmax = 0, tsf = 0, prio = 0, qoff = 0, nl = 0, bl = 0, v = 0;
    int rc;
    if ((rc = take(r, 1, "InterFreqCarrierFreqInfo extension bit", &ext)) < 0 ||
        (rc = take(r, 1, "p-Max presence", &pmax)) < 0 ||
        (rc = take(r, 1, "t-ReselectionEUTRA-SF presence", &tsf)) < 0 ||
        (rc = take(r, 1, "cellReselectionPriority presence", &prio)) < 0 ||
        (rc = take(r, 1, "q-OffsetFreq presence", &qoff)) < 0 ||
        (rc = take(r, 1, "interFreqNeighCellList presence", &nl)) < 0 ||
        (rc = take(r, 1, "interFreqBlackCellList presence", &bl)) < 0 ||
        (rc = take_int(r, 16, 0, 65535, "dl-CarrierFreq", &f->dl_earfcn)) < 0 ||
        (rc = take_q_rx_lev_min(r, &f->q_rx_lev_min_dbm)) < 0)
        return rc;
    f->has_p_max = (int)pmax;
    f->has_t_resel_sf = (int)tsf;
    f->has_priority = (int)prio;
    if ((pmax && (rc = take_int(r, 6, -30, 33, "p-Max", &f->p_max_dbm)) < 0) ||
        (rc = take_int(r, 3, 0, 7, "t-ReselectionEUTRA", &f->t_resel_s)) < 0 ||
        (tsf && (rc = read_speed_sf(r, &f->t_resel_sf)) < 0) ||
        (rc = take_resel_threshold(r, "threshX-High", &f->thresh_x_high_db)) < 0 ||
        (rc = take_resel_threshold(r, "threshX-Low", &f->thresh_x_low_db)) < 0 ||
        (rc = take_enum(r, 3, meas_bw, 6, "allowedMeasBandwidth", &f->meas_bw_n_rb)) < 0 ||
        (rc = take(r, 1, "presenceAntennaPort1", &v)) < 0)
        return rc;
    f->antenna_port1 = (int)v;
    if ((prio && (rc = take_int(r, 3, 0, 7, "cellReselectionPriority",
                                &f->cell_resel_priority)) < 0) ||
        (rc = take(r, 2, "neighCellConfig", &v)) < 0)
        return rc;
    f->neigh_cell_config = (int)v;
    f->q_offset_freq_db = 0; /* DEFAULT dB0 */
    if ((qoff && (rc = take_q_offset(r, "q-OffsetFreq", &f->q_offset_freq_db)) < 0) ||
        (nl && (rc = read_neigh_list(r, 0, f->neigh, &f->n_neigh)) < 0) ||
        (bl && (rc = read_black_list(r, "interFreqBlackCellList size", f->black, &f->n_black)) < 0))
        return rc;
    f->has_extension = (int)ext;
    return ext ? skip_additions(r) : 0;
}

static int read_sib5(per_reader *r, lte_sib5 *s)
{
    uint32_t ext = 0;
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = take(r, 1, "SIB5 extension bit", &ext)) < 0 ||
        (rc = take_int(r, 3, 1, LTE_SIB5_MAX_FREQ, "interFreqCarrierFreqList size",
                       &s->n_freq)) < 0)
        return rc;
    for (int i = 0; i < s->n_freq; i++)
        if ((rc = read_sib5_freq(r, &s->freq[i])) < 0)
            return rc;
    s->has_extension = (int)ext;
    return ext ? skip_additions(r) : 0;
}

/* ---- SIB6 .. SIB11 (36.331 §6.3.1, the types of §6.3.4; ASN.1 read in v15.3.0) */

/* k <= 64 bits as an unsigned number, first bit most significant. */
static int take64(per_reader *r, int k, const char *field, uint64_t *v)
{
    uint32_t hi = 0, lo = 0;
    int rc, kh = k > 32 ? k - 32 : 0;
    *v = 0;
    if ((rc = take(r, kh, field, &hi)) < 0 || (rc = take(r, k - kh, field, &lo)) < 0)
        return rc;
    *v = (uint64_t)hi << (k - kh) | lo;
    return 0;
}

/* An unconstrained length determinant in octets (X.691 §11.9.3.6,
 * unaligned): the one an open type starts with (open_type_begin), here in
 * front of an OCTET STRING; the octets it counts must all be there. */
static int take_octet_length(per_reader *r, const char *field, int *len)
{
    int end = 0, rc = open_type_begin(r, field, &end);
    if (rc < 0)
        return rc;
    *len = (end - r->pos) / 8;
    return 0;
}

/* The extension additions of SIB6 .. SIB11 (extension bit set): addition 0
 * is lateNonCriticalExtension, the later ones groups; all skipped by their
 * open-type length, counted. */
static int skip_sib_additions(per_reader *r, int *late, int *later)
{
    uint8_t present[64];
    int n = 0, rc;
    if ((rc = take_ext_bitmap(r, present, &n)) < 0)
        return rc;
    for (int i = 0; i < n; i++) {
        if (!present[i])
            continue;
        if ((rc = skip_open_type(r)) < 0)
            return rc;
        if (i == 0)
            *late = 1;
        else
            (*later)++;
    }
    return 0;
}

/* CarrierFreqUTRA-FDD's Rel-9 group, inside its open type: a presence bit,
 * threshX-Q-r9 {threshX-HighQ-r9, threshX-LowQ-r9} (X.691 §19.9). */
static int read_utra_v920(per_reader *r, lte_sib6_carrier *c)
{
    uint32_t p = 0;
    int rc;
    if ((rc = take(r, 1, "threshX-Q-r9 presence", &p)) < 0)
        return rc;
    c->has_thresh_q = (int)p;
    if (p && ((rc = take_int(r, 5, 0, 31, "threshX-HighQ-r9", &c->thresh_x_high_q_db)) < 0 ||
              (rc = take_int(r, 5, 0, 31, "threshX-LowQ-r9", &c->thresh_x_low_q_db)) < 0))
        return rc;
    return 0;
}

/* CarrierFreqUTRA-FDD (fdd = 1) or CarrierFreqUTRA-TDD (§6.3.1). */
static int read_utra_carrier(per_reader *r, int fdd, lte_sib6_carrier *c)
{
    uint32_t ext = 0, prio = 0;
    int rc, v = 0;
    if ((rc = take(r, 1, fdd ? "CarrierFreqUTRA-FDD extension bit"
                              : "CarrierFreqUTRA-TDD extension bit", &ext)) < 0 ||
        (rc = take(r, 1, "UTRA cellReselectionPriority presence", &prio)) < 0 ||
        (rc = take_int(r, 14, 0, 16383, "UTRA carrierFreq", &c->uarfcn)) < 0)
        return rc;
    c->has_priority = (int)prio;
    if ((prio && (rc = take_int(r, 3, 0, 7, "UTRA cellReselectionPriority",
                                &c->cell_resel_priority)) < 0) ||
        (rc = take_resel_threshold(r, "UTRA threshX-High", &c->thresh_x_high_db)) < 0 ||
        (rc = take_resel_threshold(r, "UTRA threshX-Low", &c->thresh_x_low_db)) < 0 ||
        (rc = take_int(r, 6, -60, -13, "UTRA q-RxLevMin", &v)) < 0)
        return rc;
    c->q_rx_lev_min_dbm = 2 * v + 1; /* "IE value * 2 + 1", dBm */
    if ((rc = take_int(r, 7, -50, 33, "p-MaxUTRA", &c->p_max_dbm)) < 0 ||
        (fdd && (rc = take_int(r, 5, -24, 0, "UTRA q-QualMin", &c->q_qual_min_db)) < 0))
        return rc;
    c->has_extension = (int)ext;
    if (!ext)
        return 0;
    uint8_t present[64];
    int n = 0;
    if ((rc = take_ext_bitmap(r, present, &n)) < 0)
        return rc;
    for (int i = 0; i < n; i++) {
        int end = 0;
        if (!present[i])
            continue;
        if (!(fdd && i == 0)) {
            if ((rc = skip_open_type(r)) < 0)
                return rc;
            c->n_skipped++;
            continue;
        }
        if ((rc = open_type_begin(r, "threshX-Q-r9 group", &end)) < 0)
            return rc;
        per_reader g = *r;
        g.n = end;
        if ((rc = read_utra_v920(&g, c)) < 0)
            return rc;
        r->pos = end;
    }
    return 0;
}

static int read_sib6(per_reader *r, lte_sib6 *s)
{
    uint32_t ext = 0, fdd = 0, tdd = 0, sf = 0;
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = take(r, 1, "SIB6 extension bit", &ext)) < 0 ||
        (rc = take(r, 1, "carrierFreqListUTRA-FDD presence", &fdd)) < 0 ||
        (rc = take(r, 1, "carrierFreqListUTRA-TDD presence", &tdd)) < 0 ||
        (rc = take(r, 1, "t-ReselectionUTRA-SF presence", &sf)) < 0)
        return rc;
    if (fdd) {
        if ((rc = take_int(r, 4, 1, LTE_SIB6_MAX_CARRIER, "carrierFreqListUTRA-FDD size",
                           &s->n_fdd)) < 0)
            return rc;
        for (int i = 0; i < s->n_fdd; i++)
            if ((rc = read_utra_carrier(r, 1, &s->fdd[i])) < 0)
                return rc;
    }
    if (tdd) {
        if ((rc = take_int(r, 4, 1, LTE_SIB6_MAX_CARRIER, "carrierFreqListUTRA-TDD size",
                           &s->n_tdd)) < 0)
            return rc;
        for (int i = 0; i < s->n_tdd; i++)
            if ((rc = read_utra_carrier(r, 0, &s->tdd[i])) < 0)
                return rc;
    }
    s->has_t_resel_sf = (int)sf;
    if ((rc = take_int(r, 3, 0, 7, "t-ReselectionUTRA", &s->t_resel_s)) < 0 ||
        (sf && (rc = read_speed_sf(r, &s->t_resel_sf)) < 0))
        return rc;
    s->has_extension = (int)ext;
    return ext ? skip_sib_additions(r, &s->has_late_nce, &s->n_later_additions) : 0;
}

/* CarrierFreqsGERAN (§6.3.4) and the rest of CarrierFreqsInfoGERAN. */
static int read_geran_group(per_reader *r, lte_sib7_group *g)
{
    uint32_t ext = 0, v = 0, prio = 0, pmax = 0;
    int rc, x = 0;
    if ((rc = take(r, 1, "CarrierFreqsInfoGERAN extension bit", &ext)) < 0 ||
        (rc = take_int(r, 10, 0, 1023, "startingARFCN", &g->starting_arfcn)) < 0 ||
        (rc = take(r, 1, "bandIndicator", &v)) < 0)
        return rc;
    g->band_pcs1900 = (int)v;
    if ((rc = take_int(r, 2, 0, 2, "followingARFCNs choice", &g->following)) < 0)
        return rc;
    if (g->following == LTE_GERAN_EXPLICIT) {
        if ((rc = take_int(r, 5, 0, LTE_SIB7_MAX_ARFCN, "explicitListOfARFCNs size",
                           &g->n_arfcn)) < 0)
            return rc;
        for (int i = 0; i < g->n_arfcn; i++)
            if ((rc = take_int(r, 10, 0, 1023, "explicitListOfARFCNs ARFCN", &g->arfcn[i])) < 0)
                return rc;
    } else if (g->following == LTE_GERAN_EQUALLY_SPACED) {
        if ((rc = take_int(r, 3, 1, 8, "arfcn-Spacing", &g->arfcn_spacing)) < 0 ||
            (rc = take_int(r, 5, 0, 31, "numberOfFollowingARFCNs", &g->n_following)) < 0)
            return rc;
    } else {
        if ((rc = take_int(r, 4, 1, LTE_SIB7_MAX_BITMAP, "variableBitMapOfARFCNs size",
                           &g->n_bitmap)) < 0)
            return rc;
        for (int i = 0; i < g->n_bitmap; i++) {
            if ((rc = take(r, 8, "variableBitMapOfARFCNs", &v)) < 0)
                return rc;
            g->bitmap[i] = (uint8_t)v;
        }
    }
    /* commonInfo */
    if ((rc = take(r, 1, "GERAN cellReselectionPriority presence", &prio)) < 0 ||
        (rc = take(r, 1, "p-MaxGERAN presence", &pmax)) < 0)
        return rc;
    g->has_priority = (int)prio;
    g->has_p_max = (int)pmax;
    if ((prio && (rc = take_int(r, 3, 0, 7, "GERAN cellReselectionPriority",
                                &g->cell_resel_priority)) < 0) ||
        (rc = take(r, 8, "ncc-Permitted", &v)) < 0)
        return rc;
    g->ncc_permitted = (int)v;
    if ((rc = take_int(r, 6, 0, 45, "GERAN q-RxLevMin", &x)) < 0)
        return rc;
    g->q_rx_lev_min_dbm = 2 * x - 115; /* "(IE value * 2) - 115", dBm */
    if ((pmax && (rc = take_int(r, 6, 0, 39, "p-MaxGERAN", &g->p_max_dbm)) < 0) ||
        (rc = take_resel_threshold(r, "GERAN threshX-High", &g->thresh_x_high_db)) < 0 ||
        (rc = take_resel_threshold(r, "GERAN threshX-Low", &g->thresh_x_low_db)) < 0)
        return rc;
    g->has_extension = (int)ext;
    return ext ? skip_additions(r) : 0;
}

static int read_sib7(per_reader *r, lte_sib7 *s)
{
    uint32_t ext = 0, sf = 0, list = 0;
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = take(r, 1, "SIB7 extension bit", &ext)) < 0 ||
        (rc = take(r, 1, "t-ReselectionGERAN-SF presence", &sf)) < 0 ||
        (rc = take(r, 1, "carrierFreqsInfoList presence", &list)) < 0 ||
        (rc = take_int(r, 3, 0, 7, "t-ReselectionGERAN", &s->t_resel_s)) < 0 ||
        (sf && (rc = read_speed_sf(r, &s->t_resel_sf)) < 0))
        return rc;
    s->has_t_resel_sf = (int)sf;
    if (list) {
        if ((rc = take_int(r, 4, 1, LTE_SIB7_MAX_GROUP, "carrierFreqsInfoList size",
                           &s->n_group)) < 0)
            return rc;
        for (int i = 0; i < s->n_group; i++)
            if ((rc = read_geran_group(r, &s->group[i])) < 0)
                return rc;
    }
    s->has_extension = (int)ext;
    return ext ? skip_sib_additions(r, &s->has_late_nce, &s->n_later_additions) : 0;
}

/* BandclassCDMA2000 (§6.3.4): 32 root values (bc0 .. bc21-v9a0, then
 * spare10 .. spare1, refused) and an extension marker. */
static int take_band_class(per_reader *r, int *bc)
{
    uint32_t ext = 0, v = 0;
    int rc;
    if ((rc = take(r, 1, "bandClass extension bit", &ext)) < 0)
        return rc;
    if (ext) {
        if ((rc = take_small(r, "bandClass extension", &v)) < 0)
            return rc;
        *bc = LTE_SIB8_MAX_BAND + (int)v;
        return 0;
    }
    return take_int(r, 5, 0, 21, "bandClass", bc);
}

/* CellReselectionParametersCDMA2000 (§6.3.1). */
static int read_cdma_resel(per_reader *r, lte_sib8_resel *c)
{
    uint32_t sf = 0;
    int rc, n = 0;
    if ((rc = take(r, 1, "t-ReselectionCDMA2000-SF presence", &sf)) < 0 ||
        (rc = take_int(r, 5, 1, LTE_SIB8_MAX_BAND, "bandClassList size", &c->n_band)) < 0)
        return rc;
    for (int i = 0; i < c->n_band; i++) {
        lte_sib8_band *b = &c->band[i];
        uint32_t ext = 0, prio = 0;
        if ((rc = take(r, 1, "BandClassInfoCDMA2000 extension bit", &ext)) < 0 ||
            (rc = take(r, 1, "CDMA2000 cellReselectionPriority presence", &prio)) < 0 ||
            (rc = take_band_class(r, &b->band_class)) < 0 ||
            (prio && (rc = take_int(r, 3, 0, 7, "CDMA2000 cellReselectionPriority",
                                    &b->cell_resel_priority)) < 0) ||
            (rc = take_int(r, 6, 0, 63, "CDMA2000 threshX-High", &b->thresh_x_high)) < 0 ||
            (rc = take_int(r, 6, 0, 63, "CDMA2000 threshX-Low", &b->thresh_x_low)) < 0 ||
            (ext && (rc = skip_additions(r)) < 0))
            return rc;
        b->has_priority = (int)prio;
    }
    if ((rc = take_int(r, 4, 1, 16, "neighCellList size", &n)) < 0)
        return rc;
    for (int i = 0; i < n; i++) {
        int bc = 0, nf = 0;
        if ((rc = take_band_class(r, &bc)) < 0 ||
            (rc = take_int(r, 4, 1, 16, "neighCellsPerFreqList size", &nf)) < 0)
            return rc;
        for (int j = 0; j < nf; j++) {
            int arfcn = 0, np = 0;
            if ((rc = take_int(r, 11, 0, 2047, "CDMA2000 arfcn", &arfcn)) < 0 ||
                (rc = take_int(r, 4, 1, 16, "physCellIdList size", &np)) < 0)
                return rc;
            for (int k = 0; k < np; k++) {
                int pn = 0;
                if ((rc = take_int(r, 9, 0, 511, "PhysCellIdCDMA2000", &pn)) < 0)
                    return rc;
                if (c->n_neigh < LTE_SIB8_MAX_NEIGH)
                    c->neigh[c->n_neigh++] = (lte_sib8_neigh){bc, arfcn, pn};
                else
                    c->n_neigh_dropped++;
            }
        }
    }
    c->has_t_resel_sf = (int)sf;
    if ((rc = take_int(r, 3, 0, 7, "t-ReselectionCDMA2000", &c->t_resel_s)) < 0 ||
        (sf && (rc = read_speed_sf(r, &c->t_resel_sf)) < 0))
        return rc;
    return 0;
}

/* parametersHRPD of SIB8: preRegistrationInfoHRPD and the optional
 * reselection parameters. */
static int read_sib8_hrpd(per_reader *r, lte_sib8 *s)
{
    uint32_t resel = 0, zone = 0, list = 0, v = 0;
    int rc, n = 0;
    if ((rc = take(r, 1, "cellReselectionParametersHRPD presence", &resel)) < 0 ||
        (rc = take(r, 1, "preRegistrationZoneId presence", &zone)) < 0 ||
        (rc = take(r, 1, "secondaryPreRegistrationZoneIdList presence", &list)) < 0 ||
        (rc = take(r, 1, "preRegistrationAllowed", &v)) < 0)
        return rc;
    s->pre_reg_allowed = (int)v;
    s->has_pre_reg_zone = (int)zone;
    if (zone && (rc = take_int(r, 8, 0, 255, "preRegistrationZoneId", &s->pre_reg_zone)) < 0)
        return rc;
    if (list) {
        if ((rc = take_int(r, 1, 1, 2, "secondaryPreRegistrationZoneIdList size", &n)) < 0)
            return rc;
        s->n_secondary_zone = n;
        for (int i = 0; i < n; i++)
            if ((rc = take_int(r, 8, 0, 255, "secondaryPreRegistrationZoneId",
                               &s->secondary_zone[i])) < 0)
                return rc;
    }
    s->has_hrpd_resel = (int)resel;
    return resel ? read_cdma_resel(r, &s->hrpd_resel) : 0;
}

/* parameters1XRTT of SIB8. */
static int read_sib8_1xrtt(per_reader *r, lte_sib8 *s)
{
    uint32_t reg = 0, lcs = 0, resel = 0, v = 0;
    int rc;
    if ((rc = take(r, 1, "csfb-RegistrationParam1XRTT presence", &reg)) < 0 ||
        (rc = take(r, 1, "longCodeState1XRTT presence", &lcs)) < 0 ||
        (rc = take(r, 1, "cellReselectionParameters1XRTT presence", &resel)) < 0)
        return rc;
    s->has_csfb_reg = (int)reg;
    if (reg) {
        int *flag[7] = {&s->multiple_sid,    &s->multiple_nid,    &s->home_reg,
                        &s->foreign_sid_reg, &s->foreign_nid_reg, &s->parameter_reg,
                        &s->power_up_reg};
        if ((rc = take_int(r, 15, 0, 32767, "sid", &s->sid)) < 0 ||
            (rc = take_int(r, 16, 0, 65535, "nid", &s->nid)) < 0)
            return rc;
        for (int i = 0; i < 7; i++) {
            if ((rc = take(r, 1, "CSFB-RegistrationParam1XRTT flag", &v)) < 0)
                return rc;
            *flag[i] = (int)v;
        }
        if ((rc = take_int(r, 7, 0, 127, "registrationPeriod", &s->registration_period)) < 0 ||
            (rc = take_int(r, 12, 0, 4095, "registrationZone", &s->registration_zone)) < 0 ||
            (rc = take_int(r, 3, 0, 7, "totalZone", &s->total_zone)) < 0 ||
            (rc = take_int(r, 3, 0, 7, "zoneTimer", &s->zone_timer)) < 0)
            return rc;
    }
    s->has_long_code_state = (int)lcs;
    if (lcs && (rc = take64(r, 42, "longCodeState1XRTT", &s->long_code_state)) < 0)
        return rc;
    s->has_1xrtt_resel = (int)resel;
    return resel ? read_cdma_resel(r, &s->rtt_resel) : 0;
}

static int read_sib8(per_reader *r, lte_sib8 *s)
{
    uint32_t ext = 0, st = 0, sw = 0, hrpd = 0, rtt = 0, v = 0;
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = take(r, 1, "SIB8 extension bit", &ext)) < 0 ||
        (rc = take(r, 1, "systemTimeInfo presence", &st)) < 0 ||
        (rc = take(r, 1, "searchWindowSize presence", &sw)) < 0 ||
        (rc = take(r, 1, "parametersHRPD presence", &hrpd)) < 0 ||
        (rc = take(r, 1, "parameters1XRTT presence", &rtt)) < 0)
        return rc;
    s->has_system_time = (int)st;
    if (st) {
        if ((rc = take(r, 1, "cdma-EUTRA-Synchronisation", &v)) < 0)
            return rc;
        s->cdma_eutra_sync = (int)v;
        if ((rc = take(r, 1, "cdma-SystemTime choice", &v)) < 0 ||
            (rc = take64(r, v ? 49 : 39, "cdma-SystemTime", &s->system_time)) < 0)
            return rc;
        s->system_time_async = (int)v;
    }
    s->has_search_window = (int)sw;
    if (sw && (rc = take_int(r, 4, 0, 15, "searchWindowSize", &s->search_window)) < 0)
        return rc;
    s->has_hrpd = (int)hrpd;
    s->has_1xrtt = (int)rtt;
    if ((hrpd && (rc = read_sib8_hrpd(r, s)) < 0) || (rtt && (rc = read_sib8_1xrtt(r, s)) < 0))
        return rc;
    s->has_extension = (int)ext;
    return ext ? skip_sib_additions(r, &s->has_late_nce, &s->n_later_additions) : 0;
}

static int read_sib9(per_reader *r, lte_sib9 *s)
{
    uint32_t ext = 0, has = 0, v = 0;
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = take(r, 1, "SIB9 extension bit", &ext)) < 0 ||
        (rc = take(r, 1, "hnb-Name presence", &has)) < 0)
        return rc;
    if (has) {
        if ((rc = take_int(r, 6, 1, LTE_SIB9_MAX_HNB_NAME, "hnb-Name size", &s->hnb_name_len)) < 0)
            return rc;
        for (int i = 0; i < s->hnb_name_len; i++) {
            if ((rc = take(r, 8, "hnb-Name", &v)) < 0)
                return rc;
            s->hnb_name[i] = (uint8_t)v;
        }
    }
    s->has_extension = (int)ext;
    return ext ? skip_sib_additions(r, &s->has_late_nce, &s->n_later_additions) : 0;
}

static int read_sib10(per_reader *r, lte_sib10 *s)
{
    uint32_t ext = 0, dummy = 0, v = 0;
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = take(r, 1, "SIB10 extension bit", &ext)) < 0 ||
        (rc = take(r, 1, "SIB10 dummy presence", &dummy)) < 0 ||
        (rc = take_int(r, 16, 0, 65535, "SIB10 messageIdentifier", &s->message_identifier)) < 0 ||
        (rc = take_int(r, 16, 0, 65535, "SIB10 serialNumber", &s->serial_number)) < 0 ||
        (rc = take_int(r, 16, 0, 65535, "warningType", &s->warning_type)) < 0)
        return rc;
    s->has_dummy = (int)dummy;
    for (int i = 0; i < 50 * (int)dummy; i++) /* OCTET STRING (SIZE (50)): no length */
        if ((rc = take(r, 8, "SIB10 dummy", &v)) < 0)
            return rc;
    s->has_extension = (int)ext;
    return ext ? skip_sib_additions(r, &s->has_late_nce, &s->n_later_additions) : 0;
}

static int read_sib11(per_reader *r, lte_sib11 *s)
{
    uint32_t ext = 0, dcs = 0, v = 0;
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = take(r, 1, "SIB11 extension bit", &ext)) < 0 ||
        (rc = take(r, 1, "dataCodingScheme presence", &dcs)) < 0 ||
        (rc = take_int(r, 16, 0, 65535, "SIB11 messageIdentifier", &s->message_identifier)) < 0 ||
        (rc = take_int(r, 16, 0, 65535, "SIB11 serialNumber", &s->serial_number)) < 0 ||
        (rc = take_int(r, 1, 0, 1, "warningMessageSegmentType", &s->last_segment)) < 0 ||
        (rc = take_int(r, 6, 0, 63, "warningMessageSegmentNumber", &s->segment_number)) < 0 ||
        (rc = take_octet_length(r, "warningMessageSegment length", &s->segment_len)) < 0)
        return rc;
    for (int i = 0; i < s->segment_len; i++) {
        if ((rc = take(r, 8, "warningMessageSegment", &v)) < 0)
            return rc;
        if (i < LTE_SIB11_MAX_SEGMENT)
            s->segment[i] = (uint8_t)v;
        else
            s->segment_dropped++;
    }
    s->has_data_coding_scheme = (int)dcs;
    if (dcs && (rc = take_int(r, 8, 0, 255, "dataCodingScheme", &s->data_coding_scheme)) < 0)
        return rc;
    s->has_extension = (int)ext;
    return ext ? skip_sib_additions(r, &s->has_late_nce, &s->n_later_additions) : 0;
}

int lte_si_unpack(const uint8_t *bits, int n, lte_si_msg *out)
{
    LTE_CHECK_ARG(bits != NULL && out != NULL, "bits and out must not be NULL");
    LTE_CHECK_ARG(n >= 0, "n = %d is negative", n);
    per_reader r = {.b = bits, .n = n, .what = "SI"};
    lte_si_msg m; /* *out is written only once the message reads whole */
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
        switch (v) {
        case 0:
            if ((rc = read_sib2(&r, &m.sib2)) < 0)
                return rc;
            m.has_sib2 = 1;
            break;
        case 1:
            if ((rc = read_sib3(&r, &m.sib3)) < 0)
                return rc;
            m.has_sib3 = 1;
            break;
        case 2:
            if ((rc = read_sib4(&r, &m.sib4)) < 0)
                return rc;
            m.has_sib4 = 1;
            break;
        case 3:
            if ((rc = read_sib5(&r, &m.sib5)) < 0)
                return rc;
            m.has_sib5 = 1;
            break;
        case 4:
            if ((rc = read_sib6(&r, &m.sib6)) < 0)
                return rc;
            m.has_sib6 = 1;
            break;
        case 5:
            if ((rc = read_sib7(&r, &m.sib7)) < 0)
                return rc;
            m.has_sib7 = 1;
            break;
        case 6:
            if ((rc = read_sib8(&r, &m.sib8)) < 0)
                return rc;
            m.has_sib8 = 1;
            break;
        case 7:
            if ((rc = read_sib9(&r, &m.sib9)) < 0)
                return rc;
            m.has_sib9 = 1;
            break;
        case 8:
            if ((rc = read_sib10(&r, &m.sib10)) < 0)
                return rc;
            m.has_sib10 = 1;
            break;
        default:
            if ((rc = read_sib11(&r, &m.sib11)) < 0)
                return rc;
            m.has_sib11 = 1;
            break;
        }
    }
    /* SystemInformation-v8a0-IEs: presence of lateNonCriticalExtension (an
     * OCTET STRING: a length and octets, as an open type) and of
     * nonCriticalExtension (SEQUENCE {}: no bits) */
    uint32_t late = 0, empty = 0;
    if (nce && ((rc = take(&r, 1, "lateNonCriticalExtension presence", &late)) < 0 ||
                (rc = take(&r, 1, "v8a0 nonCriticalExtension presence", &empty)) < 0 ||
                (late && (rc = skip_open_type(&r)) < 0)))
        return rc;
    m.end_bit = r.pos;
    *out = m;
    return 0;
}

/* 36.331 §6.3.4, CarrierFreqsGERAN: the set the three forms of
 * followingARFCNs describe, startingARFCN first (sib.h). */
int lte_sib7_arfcns(const lte_sib7_group *g, int *arfcn, int max)
{
    LTE_CHECK_ARG(g != NULL, "g is NULL");
    LTE_CHECK_ARG(max >= 0 && (arfcn != NULL || max == 0),
                  "arfcn is NULL or max = %d is negative", max);
    LTE_CHECK_ARG(g->starting_arfcn >= 0 && g->starting_arfcn <= 1023,
                  "startingARFCN = %d: 0..1023", g->starting_arfcn);
    const int s = g->starting_arfcn;
    int n = 0;
#define PUT(v) (n < max ? (void)(arfcn[n] = (v)) : (void)0, n++)
    PUT(s);
    switch (g->following) {
    case LTE_GERAN_EXPLICIT:
        LTE_CHECK_ARG(g->n_arfcn >= 0 && g->n_arfcn <= LTE_SIB7_MAX_ARFCN,
                      "explicitListOfARFCNs size %d: 0..%d", g->n_arfcn, LTE_SIB7_MAX_ARFCN);
        for (int i = 0; i < g->n_arfcn; i++)
            LTE_CHECK_ARG(g->arfcn[i] >= 0 && g->arfcn[i] <= 1023,
                          "explicitListOfARFCNs[%d] = %d: 0..1023", i, g->arfcn[i]);
        for (int i = 0; i < g->n_arfcn; i++)
            PUT(g->arfcn[i]);
        break;
    case LTE_GERAN_EQUALLY_SPACED:
        LTE_CHECK_ARG(g->arfcn_spacing >= 1 && g->arfcn_spacing <= 8,
                      "arfcn-Spacing = %d: 1..8", g->arfcn_spacing);
        LTE_CHECK_ARG(g->n_following >= 0 && g->n_following <= 31,
                      "numberOfFollowingARFCNs = %d: 0..31", g->n_following);
        for (int i = 1; i <= g->n_following; i++)
            PUT((s + i * g->arfcn_spacing) % 1024);
        break;
    case LTE_GERAN_BITMAP:
        LTE_CHECK_ARG(g->n_bitmap >= 1 && g->n_bitmap <= LTE_SIB7_MAX_BITMAP,
                      "variableBitMapOfARFCNs size %d: 1..%d octets", g->n_bitmap,
                      LTE_SIB7_MAX_BITMAP);
        for (int j = 1; j <= 8 * g->n_bitmap; j++) /* bit j: octet (j-1)/8, MSB first */
            if (g->bitmap[(j - 1) / 8] >> (7 - (j - 1) % 8) & 1)
                PUT((s + j) % 1024);
        break;
    default:
        return lte_error_set_fn(LTE_EINVAL, __func__,
                                "followingARFCNs = %d: not explicit, equally spaced or bitmap",
                                g->following);
    }
#undef PUT
    return n;
}
