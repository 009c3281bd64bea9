/* Tests of the downlink receive chain (ltephy/dlrx.h).
 *  - The Amarisoft recording (../shared/captures, README): after the cell
 *    search, every subframe of the frame must give CFI 3, and subframe 5 a
 *    format 1A DCI for SI-RNTI at aggregation 4, CCE 0, assigning all 6
 *    PRBs with MCS 2 and rv 0, whose PDSCH is SIB1: TBS 144 bits with a
 *    CRC24A that checks. Skipped, saying so, when the file is absent.
 *  - The 20 MHz HackRF recording: SIB1 in SFN 14, 16, 18 (see below).
 *  - Loopback through the library's transmitter (lte_dl_tx) and channel.h:
 *    frames carrying a SI-RNTI DCI 1A and a PDSCH of random bits, through
 *    EPA fading, a timing offset, a CFO and AWGN, then lte_cs_search and
 *    the chain: the same DCI fields and the same bits must come out.
 *  - Bad arguments.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltephy/cellsearch.h"
#include "ltephy/channel.h"
#include "ltephy/dci.h"
#include "ltephy/dlphy.h"
#include "ltephy/dlrx.h"
#include "ltephy/error.h"
#include "ltephy/iq.h"
#include "ltephy/rng.h"
#include "tests/common/testutil.h"

#define MAX_SF 100

/* Cell search on x (at 1.92 Msps) and the chain on y (at fs), every
 * complete subframe; returns the number of subframes decoded. */
static uint8_t res_tb[MAX_SF][4096]; /* TB of grant 0 of each subframe */

static int run_chain(const float complex *x, size_t nx, const float complex *y, size_t ny,
                     double fs, lte_cs_cell *cell, lte_dlrx_sf *out, int max, uint16_t rnti2)
{
    lte_cs_cfg cc;
    lte_cs_cfg_init(&cc);
    lte_cs *cs = NULL;
    assert_int_equal(lte_cs_create(&cc, &cs), 0);
    lte_cs_cell cells[4];
    int nc = 0;
    assert_int_equal(lte_cs_search(cs, x, nx, cells, 4, &nc), 0);
    lte_cs_destroy(cs);
    assert_true(nc >= 1);
    assert_true(cells[0].mibs_ok > 0);
    *cell = cells[0];
    lte_dlrx_chain_cfg cfg;
    lte_dlrx_chain_cfg_init(&cfg);
    assert_int_equal(lte_dlrx_chain_cfg_cell(&cfg, cell), 0);
    if (rnti2)
        cfg.rnti[cfg.n_rnti++] = rnti2;
    lte_dlrx_chain *ch = NULL;
    assert_int_equal(lte_dlrx_chain_create(&cfg, &ch), 0);
    int len = lte_dlrx_chain_subframe_len(ch), n = 0;
    for (long k = -1; n < max; k++) {
        int stop = 0;
        for (int sf = 0; sf < 10 && n < max; sf++) {
            double t;
            int sfn;
            assert_int_equal(lte_dlrx_chain_timing(cell, fs, k, sf, &t, &sfn), 0);
            long s = lround(t);
            if (s < 0 && s >= -1)
                s = 0; /* inside the FFT window's slack */
            if (s < 0)
                continue;
            if (s + len > (long)ny) {
                stop = 1;
                break;
            }
            assert_int_equal(lte_dlrx_chain_subframe(ch, y + s, sf, sfn, &out[n]), 0);
            const uint8_t *tb;
            int ntb;
            if (out[n].n_grants > 0 && lte_dlrx_chain_tb(ch, 0, &tb, &ntb) == 0)
                memcpy(res_tb[n], tb, (size_t)ntb);
            n++;
        }
        if (stop)
            break;
    }
    lte_dlrx_chain_destroy(ch);
    return n;
}

static void test_amarisoft(void **state)
{
    (void)state;
    const char *name = "amarisoft_fdd_6prb_1.92M.cf32";
    const char *path = tu_capture(name);
    if (!path) {
        print_message("capture %s not found ($LTEPHY_CAPTURES or ../shared/captures): skipped\n",
                      name);
        skip();
    }
    float complex *x = NULL;
    size_t n = 0;
    assert_int_equal(lte_iq_read_file(path, LTE_IQ_CF32, 0, &x, &n), 0);
    static lte_dlrx_sf sf[MAX_SF];
    lte_cs_cell c;
    int nsf = run_chain(x, n, x, n, LTE_CS_FS, &c, sf, MAX_SF, 0);
    free(x);
    assert_int_equal(c.pci, 1);
    assert_int_equal(nsf, 10); /* one frame from sample 0 */
    int sib1 = 0;
    for (int i = 0; i < nsf; i++) {
        print_message("sfn %d sf %d cfi %d (%.2f) snr %.1f dB grants %d\n", sf[i].sfn,
                      sf[i].subframe, sf[i].cfi, (double)sf[i].cfi_metric,
                      (double)sf[i].snr_db, sf[i].n_grants);
        assert_int_equal(sf[i].sfn, 656);
        assert_int_equal(sf[i].cfi, 3);
        for (int j = 0; j < sf[i].n_grants; j++) {
            const lte_dlrx_grant *g = &sf[i].grant[j];
            print_message("  rnti 0x%04x L %d cce %d fmt %d riv %d mcs %d rv %d tpc %d prb %d+%d "
                          "tbs %d status %d\n", g->rnti, g->L, g->cce, (int)g->format, g->dci.riv,
                          g->dci.mcs, g->dci.rv, g->dci.tpc, g->rb_start, g->l_crbs, g->tbs,
                          g->status);
            /* any other SI message found must decode too (its CRC is the proof) */
            assert_int_equal(g->rnti, LTE_SI_RNTI);
            assert_int_equal(g->status, 0);
            if (sf[i].subframe != 5)
                continue;
            /* SFN 656: k = 328 mod 4 = 0, so the SIB1 rule also gives rv 0 */
            assert_int_equal(g->dci.rv, lte_sib1_rv(656));
            assert_int_equal(g->rnti, LTE_SI_RNTI);
            assert_int_equal((int)g->format, (int)LTE_DLRX_FMT_1A);
            assert_int_equal(g->L, 4);
            assert_int_equal(g->cce, 0);
            assert_int_equal(g->rb_start, 0);
            assert_int_equal(g->l_crbs, 6);
            assert_int_equal(g->dci.mcs, 2);
            assert_int_equal(g->dci.rv, 0);
            assert_int_equal(g->tbs, 144);
            assert_int_equal(g->status, 0);
            assert_int_equal(g->sch.crc_ok, 1);
            sib1++;
        }
    }
    assert_int_equal(sib1, 1);
}


/* The 20 MHz HackRF recording (README: PCI 301, 2 ports, 100 PRB, first SFN
 * 13): its README says nothing about SIB1, so what is checked is what a
 * correct receiver cannot fake: every SI-RNTI PDSCH of subframe 5 in an
 * even frame (SIB1, 36.331 §5.2.1.2) passes its CRC24A, the three
 * transmissions (SFN 14, 16, 18) carry identical bits although sent with
 * different redundancy versions, and the DCI's rv is the 36.321 §5.3.1
 * sequence ceil(3k/2) mod 4, k = (SFN/2) mod 4. */
static void test_band3_sib1(void **state)
{
    (void)state;
    const char *name = "band3_fdd_20mhz_19.2M_hackrf.ci8";
    const char *path = tu_capture(name);
    if (!path) {
        print_message("capture %s not found ($LTEPHY_CAPTURES or ../shared/captures): skipped\n",
                      name);
        skip();
    }
    float complex *raw = NULL;
    size_t nr = 0;
    assert_int_equal(lte_iq_read_file(path, LTE_IQ_CI8, 0, &raw, &nr), 0);
    size_t nx = lte_iq_resample_len(nr, 19.2e6, LTE_CS_FS);
    size_t ny = lte_iq_resample_len(nr, 19.2e6, 30.72e6);
    float complex *x = malloc(nx * sizeof *x), *y = malloc(ny * sizeof *y);
    assert_int_equal(lte_iq_resample(raw, nr, 19.2e6, LTE_CS_FS, x), 0);
    assert_int_equal(lte_iq_resample(raw, nr, 19.2e6, 30.72e6, y), 0);
    free(raw);
    static lte_dlrx_sf sf[100];
    lte_cs_cell c;
    int nsf = run_chain(x, nx, y, ny, 30.72e6, &c, sf, 100, 0);
    free(x);
    free(y);
    assert_int_equal(c.pci, 301);
    assert_true(nsf >= 70);
    int n_sib1 = 0, first = -1;
    for (int i = 0; i < nsf; i++) {
        if (sf[i].subframe != 5 || sf[i].sfn % 2 || sf[i].n_grants == 0)
            continue;
        const lte_dlrx_grant *g = &sf[i].grant[0];
        print_message("SIB1 sfn %d: L %d cce %d prb %d+%d mcs %d rv %d tbs %d status %d\n",
                      sf[i].sfn, g->L, g->cce, g->rb_start, g->l_crbs, g->dci.mcs, g->dci.rv,
                      g->tbs, g->status);
        assert_int_equal(g->rnti, LTE_SI_RNTI);
        assert_int_equal(g->status, 0);
        assert_int_equal(g->dci.rv, lte_sib1_rv(sf[i].sfn));
        if (first < 0)
            first = i;
        assert_int_equal(g->tbs, sf[first].grant[0].tbs);
        assert_memory_equal(res_tb[i], res_tb[first], (size_t)g->tbs);
        n_sib1++;
    }
    assert_true(n_sib1 >= 3);
}

/* ---- loopback through lte_dl_tx and channel.h ------------------------------ */

#define LB_FRAMES 3
#define LB_CRNTI 0x4321

typedef struct lb_case {
    int n_rb, ports, pci;
    lte_channel_model model;
    double cfo_hz, delay, snr_db;
} lb_case;

typedef struct lb_sent {
    uint8_t tb[2][4096];
    lte_dci_1a dci[2];
    int rb_start[2], l_crbs[2], tbs[2], cce[2], L[2];
} lb_sent;

/* Content of one subframe: MIB in 0; SI-RNTI 1A + PDSCH in 5 (common
 * space, L = 4, CCE 0, 8 PRBs (5 in a 6-PRB cell) from 1, rv from the SIB1
 * rule); C-RNTI 1A
 * + 16QAM PDSCH in 3 (first UE-specific candidate at L = 2). */
static void lb_subframe(const lb_case *t, tu_rng *r, int sf, int sfn, const lte_grid *g2,
                        lte_dl_tx *tx, float complex *const *out, lb_sent *sent)
{
    lte_mib mib = {t->n_rb, LTE_PHICH_NORMAL, LTE_NG_1, sfn};
    uint8_t mib_bits[24], dbits[64];
    assert_int_equal(lte_mib_pack(&mib, mib_bits), 0);
    lte_dl_sf d = {.subframe = sf, .sfn = sfn, .cfi = 2, .mib = sf == 0 ? mib_bits : NULL};
    lte_pdcch_dci dci;
    lte_pdsch_alloc al;
    memset(&al, 0, sizeof al);
    int j = sf == 5 ? 0 : sf == 3 ? 1 : -1;
    if (j >= 0) {
        lte_dci_cfg dc = {.n_rb_dl = t->n_rb, .duplex = LTE_FDD, .broadcast = j == 0};
        lte_dci_1a *x = &sent->dci[j];
        memset(x, 0, sizeof *x);
        sent->rb_start[j] = j == 0 ? 1 : 0;
        sent->l_crbs[j] = j == 0 ? (t->n_rb > 8 ? 8 : t->n_rb - 1) : 4;
        assert_int_equal(lte_riv_encode(t->n_rb, sent->rb_start[j], sent->l_crbs[j], &x->riv), 0);
        x->mcs = j == 0 ? 4 : 12;
        x->tpc = 1;
        x->rv = j == 0 ? lte_sib1_rv(sfn) : 0;
        x->harq = j == 0 ? 0 : 3;
        x->ndi = j;
        int qm;
        assert_int_equal(lte_dci_1a_tbs(x, j == 0, sent->l_crbs[j], &sent->tbs[j], &qm), 0);
        int A = lte_dci_format1a_size(&dc);
        assert_int_equal(lte_dci_1a_pack(&dc, x, dbits, A), 0);
        uint16_t rnti = j == 0 ? LTE_SI_RNTI : LB_CRNTI;
        sent->L[j] = j == 0 ? 4 : 2;
        int first[8];
        assert_true(lte_pdcch_candidates(g2->ctrls[sf].n_cce, j == 0, sent->L[j], rnti, sf,
                                         first) > 0);
        sent->cce[j] = first[0];
        dci = (lte_pdcch_dci){dbits, A, rnti, sent->L[j], first[0]};
        assert_int_equal(lte_dl_ctrl_mimo(t->ports, &al.cfg.mimo), 0);
        al.cfg.rnti = rnti;
        memset(al.cfg.prb_mask + sent->rb_start[j], 1, (size_t)sent->l_crbs[j]);
        al.cfg.mod[0] = (lte_mod)qm;
        al.cfg.tbs[0] = sent->tbs[j];
        al.cfg.rv[0] = x->rv;
        tu_random_bits(r, sent->tb[j], sent->tbs[j]);
        al.tb[0] = sent->tb[j];
        d.dci = &dci;
        d.n_dci = 1;
        d.pdsch = &al;
        d.n_pdsch = 1;
    }
    assert_int_equal(lte_dl_tx_run(tx, &d, out), 0);
}

static void lb_check(const lb_case *t, const lte_dlrx_sf *s, const lb_sent *sent)
{
    assert_int_equal(s->cfi, 2);
    int j = s->subframe == 5 ? 0 : s->subframe == 3 ? 1 : -1;
    if (j < 0) {
        assert_int_equal(s->n_grants, 0);
        return;
    }
    assert_int_equal(s->n_grants, 1);
    const lte_dlrx_grant *g = &s->grant[0];
    assert_int_equal(g->rnti, j == 0 ? LTE_SI_RNTI : LB_CRNTI);
    assert_int_equal((int)g->format, (int)LTE_DLRX_FMT_1A);
    assert_int_equal(g->L, sent->L[j]);
    assert_int_equal(g->cce, sent->cce[j]);
    assert_memory_equal(&g->dci, &sent->dci[j], sizeof g->dci);
    assert_int_equal(g->rb_start, sent->rb_start[j]);
    assert_int_equal(g->l_crbs, sent->l_crbs[j]);
    assert_int_equal(g->tbs, sent->tbs[j]);
    assert_int_equal(g->status, 0);
}

static void loopback(const lb_case *t, uint64_t seed)
{
    lte_dl_tx_cfg cfg;
    lte_dl_tx_cfg_init(&cfg);
    cfg.cell.n_rb = t->n_rb;
    cfg.cell.n_ports = t->ports;
    cfg.cell.cell_id = t->pci;
    cfg.cell.cfi = 2;
    lte_dl_tx *tx = NULL;
    assert_int_equal(lte_dl_tx_create(&cfg, &tx), 0);
    lte_grid *g2 = NULL;
    assert_int_equal(lte_grid_create(&cfg.cell, &g2), 0);
    int len = lte_dl_tx_subframe_len(tx), n_sf = 10 * LB_FRAMES;
    double fs = lte_cell_sample_rate(&cfg.cell);
    size_t n = (size_t)len * n_sf;
    float complex *port[4] = {0}, *y = malloc(n * sizeof *y), *z = malloc(n * sizeof *z);
    for (int p = 0; p < t->ports; p++)
        port[p] = malloc(n * sizeof *port[p]);
    tu_rng r;
    tu_rng_seed(&r, seed);
    static lb_sent sent[10 * LB_FRAMES];
    for (int i = 0; i < n_sf; i++) {
        float complex *out[4];
        for (int p = 0; p < t->ports; p++)
            out[p] = port[p] + (size_t)i * len;
        lb_subframe(t, &r, i % 10, 100 + i / 10, g2, tx, out, &sent[i]);
    }
    /* channel: fading (1 receive antenna), delay, CFO, noise */
    lte_channel_cfg cc = {.model = t->model, .doppler_hz = 5, .fs_hz = fs, .n_tx = t->ports,
                          .n_rx = 1, .seed = seed};
    lte_channel *chan = NULL;
    assert_int_equal(lte_channel_create(&cc, &chan), 0);
    float complex *yy[1] = {y};
    assert_int_equal(lte_channel_run(chan, (const float complex *const *)port, (int)n, 0, yy), 0);
    assert_int_equal(lte_delay_apply(y, z, (int)n, t->delay), 0);
    assert_int_equal(lte_cfo_apply(z, (int)n, t->cfo_hz, fs, 0, 0.3), 0);
    double pw = 0;
    for (size_t i = 0; i < n; i++)
        pw += crealf(z[i] * conjf(z[i])) / (double)n;
    lte_rng nr;
    lte_rng_seed(&nr, seed + 1);
    assert_int_equal(lte_awgn_add(&nr, z, (int)n, pw / pow(10, t->snr_db / 10)), 0);
    /* search at 1.92 Msps, chain at the cell's rate */
    size_t nx = lte_iq_resample_len(n, fs, LTE_CS_FS);
    float complex *x = malloc(nx * sizeof *x);
    assert_int_equal(lte_iq_resample(z, n, fs, LTE_CS_FS, x), 0);
    static lte_dlrx_sf res[10 * LB_FRAMES];
    lte_cs_cell c;
    int got = run_chain(x, nx, z, n, fs, &c, res, n_sf, LB_CRNTI);
    assert_int_equal(c.pci, t->pci);
    assert_int_equal(c.mib.n_ports, t->ports);
    print_message("loopback %d PRB %d ports: cfo %.1f Hz (true %.1f), %d subframes\n", t->n_rb,
                  t->ports, c.cfo_hz, t->cfo_hz, got);
    assert_true(got >= n_sf - 2); /* the delay costs at most the last subframe */
    int sis = 0;
    for (int i = 0; i < got; i++) {
        int k = (res[i].sfn - 100) * 10 + res[i].subframe;
        assert_true(k >= 0 && k < n_sf);
        lb_check(t, &res[i], &sent[k]);
        if (res[i].n_grants == 1) {
            /* the transport block of that grant was kept by run_chain */
            assert_memory_equal(res_tb[i], sent[k].tb[res[i].subframe == 5 ? 0 : 1],
                                (size_t)res[i].grant[0].tbs);
            sis += res[i].subframe == 5;
        }
    }
    assert_true(sis >= LB_FRAMES - 1);
    lte_channel_destroy(chan);
    lte_dl_tx_destroy(tx);
    lte_grid_destroy(g2);
    for (int p = 0; p < t->ports; p++)
        free(port[p]);
    free(x);
    free(y);
    free(z);
}

static void test_loopback_25prb_2port_epa(void **state)
{
    (void)state;
    lb_case t = {25, 2, 77, LTE_CHANNEL_EPA, 1700.0, 37.4, 20.0};
    loopback(&t, 11);
}

static void test_loopback_6prb_1port_awgn(void **state)
{
    (void)state;
    lb_case t = {6, 1, 402, LTE_CHANNEL_FLAT, -2300.0, 5.6, 15.0};
    loopback(&t, 12);
}

static void test_bad_args(void **state)
{
    (void)state;
    lte_dlrx_chain_cfg cfg;
    lte_dlrx_chain_cfg_init(&cfg);
    lte_dlrx_chain *ch = NULL;
    cfg.n_rnti = 0;
    assert_int_equal(lte_dlrx_chain_create(&cfg, &ch), LTE_EINVAL);
    assert_null(ch);
    lte_dlrx_chain_cfg_init(&cfg);
    cfg.rnti[0] = 0;
    assert_int_equal(lte_dlrx_chain_create(&cfg, &ch), LTE_EINVAL);
    lte_dlrx_chain_cfg_init(&cfg);
    cfg.cell.n_rb = 7;
    assert_int_equal(lte_dlrx_chain_create(&cfg, &ch), LTE_EINVAL);
    lte_dlrx_chain_cfg_init(&cfg);
    cfg.window_offset = 10; /* the shortest CP at 1.92 Msps is 9 */
    assert_int_equal(lte_dlrx_chain_create(&cfg, &ch), LTE_EINVAL);
    lte_cs_cell c;
    memset(&c, 0, sizeof c);
    assert_int_equal(lte_dlrx_chain_cfg_cell(&cfg, &c), LTE_EINVAL); /* no MIB */
    lte_dlrx_chain_cfg_init(&cfg);
    assert_int_equal(lte_dlrx_chain_create(&cfg, &ch), 0);
    int len = lte_dlrx_chain_subframe_len(ch);
    assert_int_equal(len, 1920);
    float complex *x = calloc((size_t)len, sizeof *x);
    lte_dlrx_sf res;
    assert_int_equal(lte_dlrx_chain_front(ch, x, 10, 0, &res), LTE_EINVAL);
    assert_int_equal(lte_dlrx_chain_front(ch, x, 0, 1024, &res), LTE_EINVAL);
    assert_int_equal(lte_dlrx_chain_front(ch, NULL, 0, 0, &res), LTE_EINVAL);
    /* silence decodes to no DCI */
    assert_int_equal(lte_dlrx_chain_subframe(ch, x, 5, 0, &res), 0);
    assert_int_equal(res.n_grants, 0);
    assert_int_equal(lte_dlrx_chain_pdsch(ch, &res, 0), LTE_EINVAL);
    const uint8_t *tb;
    int n;
    assert_int_equal(lte_dlrx_chain_tb(ch, 0, &tb, &n), LTE_ENOTFOUND);
    const void *d;
    assert_int_equal(lte_dlrx_chain_stage(ch, LTE_DLRX_STAGE_CHEST, 1, &d, &n), LTE_EINVAL);
    assert_int_equal(lte_dlrx_chain_stage(ch, LTE_DLRX_STAGE_GRID, 0, &d, &n), 0);
    assert_int_equal(n, 72 * 14);
    free(x);
    lte_dlrx_chain_destroy(ch);
    lte_dlrx_chain_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amarisoft),
        cmocka_unit_test(test_band3_sib1),
        cmocka_unit_test(test_loopback_25prb_2port_epa),
        cmocka_unit_test(test_loopback_6prb_1port_awgn),
        cmocka_unit_test(test_bad_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
