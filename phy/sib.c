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
    /* an addition: normally small non-negative whole number (X.691 §11.6) */
    uint32_t big = 0;
    if ((rc = take(r, 1, "SIB-Type extension size bit", &big)) < 0)
        return rc;
    if (big)
        return lte_error_set(LTE_EFORMAT, "SIB1: SIB-Type extension value >= 64");
    if ((rc = take(r, 6, "SIB-Type extension", &v)) < 0)
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
