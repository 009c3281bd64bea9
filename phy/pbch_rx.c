/* ltephy phy: the PBCH receiver used by the cell search (cellsearch.h):
 * subframe 0 of the central 6 RB at 1.92 Msps -> OFDM demodulation -> CRS
 * channel estimate (chest.h) -> PBCH REs (36.211 §6.6.4) -> SFBC combining
 * per port-count hypothesis (§6.6.3 with §6.3.4.3) -> QPSK soft demapping
 * (§6.6.2) -> descrambling at each frame offset (§6.6.1) -> BCH decoding
 * with blind port detection (36.212 §5.3.1) -> MIB (36.331 §6.2.2).
 * SPDX-License-Identifier: BSD-3-Clause
 */
#include <complex.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/cellsearch.h"
#include "ltephy/chest.h"
#include "ltephy/control.h"
#include "ltephy/grid.h"
#include "ltephy/layers.h"
#include "ltephy/modulation.h"
#include "ltephy/ofdm.h"
#include "ltephy/scrambling.h"

#define PB_NRB 6
#define PB_NSC (PB_NRB * LTE_NSC_RB)
#define PB_MAX_RE 240
/* FFT window this many samples into the CP: tolerates a receiver that is a
 * sample or two late (ofdm.h removes the phase ramp it causes). */
#define PB_WINDOW_OFFSET 3

struct lte_cs_pbch {
    lte_ofdm *ofdm[2];   /* normal, extended CP */
    lte_chest *chest[2];
    lte_ctrl_dec *dec;
    float complex *grid; /* 72 x 14 */
    float complex *h[4]; /* per port, 72 x 14 */
    float complex r[PB_MAX_RE], hv[PB_MAX_RE * 4], x[PB_MAX_RE];
    float nv[PB_MAX_RE];
    float llr_q[2 * PB_MAX_RE];
    float llr[LTE_BCH_E_NORMAL];
    uint32_t idx[PB_MAX_RE];
};

void lte_cs_pbch_destroy(lte_cs_pbch *pb)
{
    if (!pb)
        return;
    for (int i = 0; i < 2; i++) {
        lte_ofdm_destroy(pb->ofdm[i]);
        lte_chest_destroy(pb->chest[i]);
    }
    lte_ctrl_dec_destroy(pb->dec);
    lte_free(pb->grid);
    for (int p = 0; p < 4; p++)
        lte_free(pb->h[p]);
    lte_free(pb);
}

static int pbch_make(lte_cs_pbch *pb, int i)
{
    lte_ofdm_cfg oc = {.n_rb = PB_NRB, .cp = i ? LTE_CP_EXTENDED : LTE_CP_NORMAL,
                       .window_offset = PB_WINDOW_OFFSET};
    int rc = lte_ofdm_create(&oc, &pb->ofdm[i]);
    if (rc < 0)
        return rc;
    lte_cell_cfg cell;
    lte_cell_cfg_init(&cell);
    cell.n_rb = PB_NRB;
    cell.cp = oc.cp;
    cell.n_ports = 4; /* estimate every port; the hypotheses use what they need */
    cell.cfi = 2;     /* N_RB <= 10: CFI + 1 control symbols (Table 6.7-1) */
    lte_chest_cfg cc;
    lte_chest_cfg_init(&cc, &cell);
    return lte_chest_create(&cc, &pb->chest[i]);
}

int lte_cs_pbch_create(lte_cs_pbch **out)
{
    LTE_CHECK_ARG(out != NULL, "out must not be NULL");
    *out = NULL;
    lte_cs_pbch *pb = lte_alloc(sizeof *pb);
    if (!pb)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    int rc = 0;
    for (int i = 0; i < 2 && rc == 0; i++)
        rc = pbch_make(pb, i);
    if (rc == 0)
        rc = lte_ctrl_dec_create(&pb->dec);
    pb->grid = lte_alloc(PB_NSC * LTE_MAX_SYMB_SF * sizeof *pb->grid);
    for (int p = 0; p < 4; p++)
        pb->h[p] = lte_alloc(PB_NSC * LTE_MAX_SYMB_SF * sizeof *pb->h[p]);
    if (rc == 0 && (!pb->grid || !pb->h[0] || !pb->h[1] || !pb->h[2] || !pb->h[3]))
        rc = lte_error_set_fn(LTE_ENOMEM, __func__, "no memory");
    if (rc < 0) {
        lte_cs_pbch_destroy(pb);
        return rc;
    }
    *out = pb;
    return 0;
}

int lte_cs_pbch_re(int pci, lte_cp cp, uint32_t *idx)
{
    LTE_CHECK_ARG(idx != NULL, "idx must not be NULL");
    LTE_CHECK_ARG(pci >= 0 && pci <= 503, "pci=%d is not 0..503", pci);
    LTE_CHECK_ARG(cp == LTE_CP_NORMAL || cp == LTE_CP_EXTENDED, "cp=%d is unknown", (int)cp);
    int n_slot = cp == LTE_CP_NORMAL ? 7 : 6, n = 0;
    /* §6.6.4: REs for the CRS of ports 0..3 are skipped whether or not the
     * cell has them. In slot 1 symbols 0..3 those are the symbols 0, 1 and
     * (extended CP, l = N_symb - 3 = 3) 3, at k = 6m + (v + v_shift) mod 6,
     * v in {0, 3} (§6.10.1.2): every k with k mod 3 = v_shift mod 3. */
    int vs3 = (pci % 6) % 3;
    for (int l = 0; l < 4; l++) {
        int crs = l == 0 || l == 1 || (cp == LTE_CP_EXTENDED && l == 3);
        for (int k = 0; k < PB_NSC; k++) {
            if (crs && k % 3 == vs3)
                continue;
            idx[n++] = (uint32_t)LTE_GRID_IDX(PB_NSC, n_slot + l, k);
        }
    }
    return n;
}

int lte_cs_mib_unpack(const uint8_t bits[24], int frame_offset, int n_ports, lte_cs_mib *mib)
{
    LTE_CHECK_ARG(bits != NULL && mib != NULL, "bits and mib must not be NULL");
    LTE_CHECK_ARG(frame_offset >= 0 && frame_offset <= 3, "frame_offset=%d is not 0..3",
                  frame_offset);
    LTE_CHECK_ARG(n_ports == 1 || n_ports == 2 || n_ports == 4, "n_ports=%d", n_ports);
    static const int bw[8] = {6, 15, 25, 50, 75, 100, -1, -1};
    unsigned v = 0;
    for (int i = 0; i < 24; i++)
        v = v << 1 | (bits[i] & 1u);
    int b = (int)(v >> 21) & 7;
    /* dl-Bandwidth is ENUMERATED {n6..n100}: values 6, 7 cannot be sent */
    if (bw[b] < 0)
        return lte_error_set_fn(LTE_EFORMAT, __func__, "dl-Bandwidth code %d is undefined", b);
    mib->n_rb = bw[b];
    mib->phich_dur = (lte_phich_dur)((v >> 20) & 1);
    mib->ng = (lte_phich_ng)((v >> 18) & 3); /* oneSixth, half, one, two */
    mib->sfn = (int)((v >> 10) & 0xff) * 4 + frame_offset;
    mib->n_ports = n_ports;
    return 0;
}

/* Pull the PBCH REs and the channel of ports 0..P-1 on them, combine
 * (single port: matched filter; 2/4: SFBC / SFBC-FSTD), demap QPSK. */
static int pbch_soft(lte_cs_pbch *pb, int n_re, int P, float n0)
{
    for (int i = 0; i < n_re; i++) {
        pb->r[i] = pb->grid[pb->idx[i]];
        for (int p = 0; p < P; p++)
            pb->hv[i * P + p] = pb->h[p][pb->idx[i]];
    }
    lte_mimo_cfg mc = {.scheme = P == 1 ? LTE_TX_SINGLE_PORT : LTE_TX_DIVERSITY,
                       .n_ports = P, .n_layers = P, .n_cw = 1};
    int rc = P == 1 ? lte_mimo_detect(&mc, LTE_EQ_MMSE, 1, pb->r, pb->hv, n0, n_re, pb->x, pb->nv)
                    : lte_sfbc_combine(&mc, LTE_EQ_MMSE, 1, pb->r, pb->hv, n0, n_re, pb->x,
                                       pb->nv);
    if (rc < 0)
        return rc;
    for (int i = 0; i < n_re; i++)
        if (!(pb->nv[i] > 1e-12f) || pb->nv[i] > 1e30f) {
            pb->nv[i] = 1e30f; /* a dead RE: LLRs ~ 0 */
            pb->x[i] = 0;
        }
    return lte_demap_maxlog(LTE_MOD_QPSK, pb->x, n_re, pb->nv, n_re, pb->llr_q, LTE_SIMD_AUTO);
}

/* BCH decoding of the four quarters of one 40 ms block (§6.6.1: the frame
 * with n_f mod 4 = s carries bits s M_bit/4 onwards of the block scrambled
 * with c_init = N_ID^cell): seg[s] the soft values of that frame (q each),
 * or NULL where the frame is not at hand (its quarter stays 0). The MIB's
 * SFN is that of the frame with n_f mod 4 = frame_offset. */
static int pbch_decode_segs(lte_cs_pbch *pb, int pci, int E, int P, const float *const seg[4],
                            int frame_offset, lte_cs_mib *mib)
{
    int q = E / 4;
    uint32_t c_init;
    lte_scr_cinit_pbch(pci, &c_init);
    memset(pb->llr, 0, sizeof pb->llr);
    for (int s = 0; s < 4; s++)
        if (seg[s])
            memcpy(pb->llr + s * q, seg[s], (size_t)q * sizeof *pb->llr);
    int rc = lte_descramble_llr(c_init, 0, pb->llr, E, LTE_SIMD_AUTO);
    if (rc < 0)
        return rc;
    uint8_t bits[LTE_BCH_A];
    int ports = 0;
    rc = lte_bch_decode(pb->dec, pb->llr, E, P, bits, &ports);
    /* a MIB with an undefined bandwidth code is a false CRC match */
    if (rc == 0 && ports == P && lte_cs_mib_unpack(bits, frame_offset, P, mib) == 0)
        return 0;
    return LTE_ECRC; /* a failed decode, whatever lte_bch_decode says */
}

/* Decode the quarter of the BCH block this frame carries at each of the four
 * offsets n_f mod 4. */
static int pbch_try_offsets(lte_cs_pbch *pb, int pci, int E, int P, const float *soft,
                            lte_cs_mib *mib)
{
    for (int off = 0; off < 4; off++) {
        const float *seg[4] = {NULL, NULL, NULL, NULL};
        seg[off] = soft;
        int rc = pbch_decode_segs(pb, pci, E, P, seg, off, mib);
        if (rc != LTE_ECRC)
            return rc;
    }
    return LTE_ECRC;
}

int lte_cs_pbch_crs_drift(lte_cs_pbch *pb, int pci, lte_cp cp, const float complex *sf0,
                          float complex *acc)
{
    LTE_CHECK_ARG(pb != NULL && sf0 != NULL && acc != NULL, "pb, sf0 and acc must not be NULL");
    LTE_CHECK_ARG(pci >= 0 && pci <= 503, "pci=%d is not 0..503", pci);
    LTE_CHECK_ARG(cp == LTE_CP_NORMAL || cp == LTE_CP_EXTENDED, "cp=%d is unknown", (int)cp);
    int ci = cp == LTE_CP_EXTENDED, rc = lte_ofdm_demod_subframe(pb->ofdm[ci], sf0, pb->grid);
    if (rc < 0)
        return rc;
    lte_cell_cfg cell;
    lte_cell_cfg_init(&cell);
    cell.n_rb = PB_NRB;
    cell.cp = cp;
    cell.cell_id = pci;
    int ns = ci ? 6 : 7;
    /* port 0: symbols 0 and N_symb - 3 of each slot, v depending on l only
     * (§6.10.1.2), so slot 1 repeats slot 0's subcarriers 0.5 ms later */
    for (int l = 0; l < ns; l += ns - 3) {
        float complex a[2 * PB_NRB], b[2 * PB_NRB];
        int na = lte_chest_ls(&cell, 0, 0, l, pb->grid, a, NULL);
        int nb = lte_chest_ls(&cell, 0, 0, l + ns, pb->grid, b, NULL);
        if (na < 0 || nb < 0)
            return na < 0 ? na : nb;
        for (int m = 0; m < na && m < nb; m++)
            *acc += b[m] * conjf(a[m]);
    }
    return 0;
}

/* OFDM demodulation, channel estimate and the soft values of the port-count
 * hypotheses 1, 2, 4 (soft[i], or only the first in pb->llr_q if soft is
 * NULL: see lte_cs_pbch_decode_soft). */
int lte_cs_pbch_decode_soft(lte_cs_pbch *pb, int pci, lte_cp cp, const float complex *sf0,
                            lte_cs_mib *mib, float *const soft[3])
{
    LTE_CHECK_ARG(pb != NULL && sf0 != NULL && mib != NULL, "pb, sf0 and mib must not be NULL");
    LTE_CHECK_ARG(soft == NULL || (soft[0] && soft[1] && soft[2]),
                  "soft must be NULL or hold three arrays");
    int n_re = lte_cs_pbch_re(pci, cp, pb->idx);
    if (n_re < 0)
        return n_re;
    int ci = cp == LTE_CP_EXTENDED;
    int rc = lte_ofdm_demod_subframe(pb->ofdm[ci], sf0, pb->grid);
    if (rc == 0)
        rc = lte_chest_set_cell_id(pb->chest[ci], pci);
    float n0 = 0;
    const float complex *rx[1] = {pb->grid};
    if (rc == 0)
        rc = lte_chest_estimate(pb->chest[ci], 0, rx, pb->h, &n0);
    if (rc < 0)
        return rc;
    if (!(n0 > 1e-9f))
        n0 = 1e-9f;
    int E = ci ? LTE_BCH_E_EXTENDED : LTE_BCH_E_NORMAL;
    static const int ports[3] = {1, 2, 4};
    /* every hypothesis's soft values first when the caller keeps them
     * (lte_cs_pbch_combine), else each as it is tried */
    if (soft)
        for (int i = 0; i < 3; i++) {
            if ((rc = pbch_soft(pb, n_re, ports[i], n0)) < 0)
                return rc;
            memcpy(soft[i], pb->llr_q, sizeof(float) * (size_t)(E / 4));
        }
    for (int i = 0; i < 3; i++) {
        if (!soft && (rc = pbch_soft(pb, n_re, ports[i], n0)) < 0)
            return rc;
        rc = pbch_try_offsets(pb, pci, E, ports[i], soft ? soft[i] : pb->llr_q, mib);
        if (rc != LTE_ECRC)
            return rc;
    }
    lte_error_set_fn(LTE_ECRC, __func__, "no port count / frame offset gave a valid CRC");
    return LTE_ECRC;
}

int lte_cs_pbch_decode(lte_cs_pbch *pb, int pci, lte_cp cp, const float complex *sf0,
                       lte_cs_mib *mib)
{
    return lte_cs_pbch_decode_soft(pb, pci, cp, sf0, mib, NULL);
}

int lte_cs_pbch_combine(lte_cs_pbch *pb, int pci, lte_cp cp, int n_ports,
                        const float *const seg[4], lte_cs_mib *mib)
{
    LTE_CHECK_ARG(pb != NULL && seg != NULL && mib != NULL, "pb, seg and mib must not be NULL");
    LTE_CHECK_ARG(pci >= 0 && pci <= 503, "pci=%d is not 0..503", pci);
    LTE_CHECK_ARG(cp == LTE_CP_NORMAL || cp == LTE_CP_EXTENDED, "cp=%d is unknown", (int)cp);
    LTE_CHECK_ARG(n_ports == 1 || n_ports == 2 || n_ports == 4, "n_ports=%d is not 1, 2 or 4",
                  n_ports);
    int E = cp == LTE_CP_EXTENDED ? LTE_BCH_E_EXTENDED : LTE_BCH_E_NORMAL;
    int rc = pbch_decode_segs(pb, pci, E, n_ports, seg, 0, mib);
    if (rc == LTE_ECRC)
        lte_error_set_fn(LTE_ECRC, __func__, "the combined frames gave no valid CRC");
    return rc;
}
