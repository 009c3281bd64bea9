/* Tests of `ltephy rx` (the built binary, LTE_TEST_BUILD_DIR): option
 * handling and exit codes; on the Amarisoft recording (../shared/captures,
 * skipped, saying so, when absent) the text and JSON outputs must report
 * what the recording's README documents (PCI 1, SFN 656, CFI 3 in every
 * subframe, in subframe 5 a format 1A DCI for SI-RNTI at aggregation 4,
 * CCE 0, 6 PRBs, MCS 2, rv 0, and SIB1 of 144 bits whose CRC checks);
 * --dump must write folders that `ltephy vectors check` reads, whose
 * transport block is the one printed and whose equalised PDSCH symbols
 * lie on the QPSK constellation (36.211 §7.1.2) within an EVM of -15 dB;
 * the noise recording must exit 1 (no cell); a recording made with the
 * library transmitter carrying SI messages scheduled by formats 1A
 * (distributed) and 1C must have each printed with its format, TBS, CRC
 * result and the bits sent; SI blocks sent four times at 0 dB decode only
 * by soft combining (default on, --no-si-combine off); an SI message with
 * SIB6 and SIB7 (bits written by hand) is printed field by field, each SIB
 * once per change, in text and JSON.
 * --iq-correct: a recording made with the library transmitter (SIB1 by
 * format 1C in every even frame), a 4 kHz CFO, an IQ imbalance (1 dB, 5 deg)
 * and a DC offset added here through y = mu x + nu conj(x) + dc and written
 * as cu8 (RTL-SDR): with the option the estimates printed (text and JSON)
 * are within 0.2 dB / 1 deg / 0.01 of the truth, the cell is found and
 * every SIB1 after the first frame decodes with the bits sent; without it
 * (see the test for what happens then) the mean SNR printed is lower.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ltephy/channel.h"
#include "ltephy/dci.h"
#include "ltephy/dlphy.h"
#include "ltephy/rng.h"
#include "tests/common/testutil.h"

#ifndef IQ_TEST_DC
#define IQ_TEST_DC (0.25 - 0.2 * I)
#endif

static char tmp[256];
static char bin[512];
static char out[65536];

/* a command's output goes to out */
#define run(...) tu_run(out, sizeof out, __VA_ARGS__)

/* `ltephy rx PATH --rate 1.92e6 --format cf32 EXTRA`, which must exit 0
 * (its output in out). */
static void rx_ok(const char *path, const char *extra)
{
    int st = run("%s rx %s --rate 1.92e6 --format cf32 %s", bin, path, extra);
    if (st != 0)
        fail_msg("exit %d: %s", st, out);
}

static int setup(void **state)
{
    (void)state;
    return tu_scratch("cmd_rx", tmp, sizeof tmp, bin, sizeof bin);
}

static int teardown(void **state)
{
    (void)state;
    return tu_scratch_remove(tmp);
}

static const char *capture(const char *name)
{
    const char *path = tu_capture(name);
    if (!path)
        print_message("capture %s not found ($LTEPHY_CAPTURES or ../shared/captures): skipped\n",
                      name);
    return path;
}

static const char *amarisoft(void)
{
    return capture("amarisoft_fdd_6prb_1.92M.cf32");
}

static void test_options(void **state)
{
    (void)state;
    assert_int_equal(run("%s rx --help", bin), 0);
    assert_non_null(strstr(out, "SIB1"));
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf32 --bogus", bin), 2);
    assert_non_null(strstr(out, "--bogus"));
    assert_int_equal(run("%s rx f --rate 1.92e6", bin), 2);
    assert_int_equal(run("%s rx f g --rate 1.92e6 --format cf32", bin), 2);
    assert_non_null(strstr(out, "'g'"));
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf64", bin), 2);
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf32 --rnti 0", bin), 2);
    assert_non_null(strstr(out, "--rnti"));
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf32 --rnti 70000", bin), 2);
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf32 --max-frames x", bin), 2);
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf32 --dump", bin), 2);
    assert_int_equal(run("%s rx f --rate 1.92e6 --format cf32 --ppm-search 201", bin), 2);
    assert_non_null(strstr(out, "--ppm-search"));
    assert_int_equal(run("%s rx %s/absent.cf32 --rate 1.92e6 --format cf32", bin, tmp), 2);
    assert_non_null(strstr(out, "absent.cf32"));
}

static void test_amarisoft_text(void **state)
{
    (void)state;
    const char *path = amarisoft();
    if (!path)
        skip();
    rx_ok(path, "");
    print_message("%s", out);
    assert_non_null(strstr(out, "cell pci 1 FDD normal-CP 6 PRB 1 port"));
    for (int sf = 0; sf < 10; sf++) {
        char want[64];
        snprintf(want, sizeof want, "sfn  656 sf %d cfi 3 ", sf);
        assert_non_null(strstr(out, want));
    }
    assert_non_null(strstr(out, "DCI 1A rnti 0xffff L 4 cce 0 common prb 0+6 mcs 2 rv 0 tpc 1 "
                                "tbs 144 crc ok SIB1"));
    /* the SIB1 and SIB2 fields (tests/phy/test_sib.c reads the same bits) */
    assert_non_null(strstr(out, "SIB1: plmn 001-01 tac 1 cell-identity 0x1a2d401"));
    assert_non_null(strstr(out, "SI message: SIB2 SIB3\nSIB2: prach-config 15 root 648 zczc 11"));
    /* SIB3 as tests/phy/test_sib3.c decodes it by hand: q-Hyst dB2,
     * s-NonIntraSearch 3, threshServingLow 2, priority 6, q-RxLevMin -61,
     * p-Max 23, s-IntraSearch 5, presenceAntennaPort1, neighCellConfig '01'B,
     * t-ReselectionEUTRA 1; printed once (the SI message repeats) */
    const char *sib3 = "\nSIB3: q-hyst 2 dB s-non-intra-search 6 dB thresh-serving-low 4 dB "
                       "priority 6; intra q-rxlevmin -122 dBm p-max 23 dBm s-intra-search 10 dB "
                       "port1 neigh-config 01 t-resel 1 s\n";
    const char *at = strstr(out, sib3);
    assert_non_null(at);
    assert_null(strstr(at + 1, "\nSIB3: "));
    /* --ppm-search: the same cell and SIB1, whichever clock offset's search
     * the cell comes from (over these 10 ms, 40 ppm moves a frame by less
     * than a sample) */
    rx_ok(path, "--ppm-search 40");
    assert_non_null(strstr(out, "cell pci 1 FDD normal-CP 6 PRB 1 port"));
    assert_non_null(strstr(out, "SIB1: plmn 001-01 tac 1 cell-identity 0x1a2d401"));
}

/* The value of "key": in a JSON line (numbers and strings only). */
static int json_int(const char *line, const char *key, int *v)
{
    char k[64];
    snprintf(k, sizeof k, "\"%s\":", key);
    const char *p = strstr(line, k);
    return p && sscanf(p + strlen(k), "%d", v) == 1 ? 0 : -1;
}

static void test_amarisoft_json_dump(void **state)
{
    (void)state;
    const char *path = amarisoft();
    if (!path)
        skip();
    assert_int_equal(run("%s rx %s --rate 1920000 --format cf32 --json --dump %s/d --rnti 0x1234",
                         bin, path, tmp), 0);
    /* SIB3 once, with the hand-decoded values (tests/phy/test_sib3.c) */
    int v3;
    const char *s3at = strstr(out, "{\"type\":\"sib3\",");
    assert_non_null(s3at);
    assert_null(strstr(s3at + 1, "{\"type\":\"sib3\","));
    char s3[512] = {0}; /* its line alone */
    memcpy(s3, s3at, strcspn(s3at, "\n") < sizeof s3 - 1 ? strcspn(s3at, "\n") : sizeof s3 - 1);
    const char *keys3[] = {"q_hyst_db", "s_non_intra_search_db", "thresh_serving_low_db",
                           "cell_resel_priority", "q_rx_lev_min_dbm", "p_max_dbm",
                           "s_intra_search_db", "neigh_cell_config", "t_resel_s"};
    const int want3[] = {2, 6, 4, 6, -122, 23, 10, 1, 1};
    for (int i = 0; i < 9; i++) {
        assert_int_equal(json_int(s3, keys3[i], &v3), 0);
        assert_int_equal(v3, want3[i]);
    }
    assert_non_null(strstr(s3, "\"antenna_port1\":true"));
    char *line = strstr(out, "\"subframe\":5,");
    assert_non_null(line);
    char *eol = strchr(line, '\n');
    assert_non_null(eol);
    *eol = '\0';
    int v;
    assert_int_equal(json_int(line, "cfi", &v), 0);
    assert_int_equal(v, 3);
    const int want[][2] = {{0, 65535}, {1, 4}, {2, 0}, {3, 0}, {4, 6}, {5, 2}, {6, 0}, {7, 144}};
    const char *keys[] = {"", "L", "cce", "rb_start", "n_prb", "mcs", "rv", "tbs"};
    assert_int_equal(json_int(line, "rnti", &v), 0);
    assert_int_equal(v, want[0][1]);
    for (int i = 1; i < 8; i++) {
        assert_int_equal(json_int(line, keys[i], &v), 0);
        assert_int_equal(v, want[i][1]);
    }
    assert_non_null(strstr(line, "\"crc_ok\":true"));
    assert_non_null(strstr(line, "\"what\":\"SIB1\""));
    const char *hx = strstr(line, "\"tb_hex\":\"");
    assert_non_null(hx);
    hx += 10;
    /* the dump reads back with the vector checker */
    char dir[400];
    snprintf(dir, sizeof dir, "%s/d/sfn0656_sf5", tmp);
    char tb_json[64] = {0};
    memcpy(tb_json, hx, 36); /* 144 bits */
    assert_int_equal(run("%s vectors check --golden %s --dut %s --quiet", bin, dir, dir), 0);
    /* transport block file: 32-bit words, MSB first (vectors/FORMAT.md) */
    char p[512];
    snprintf(p, sizeof p, "%s/09_tb_g0.hex", dir);
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    char words[64] = {0}, w[16];
    for (int i = 0; i < 5 && fscanf(f, "%15s", w) == 1; i++)
        strcat(words, w);
    fclose(f);
    assert_memory_equal(words, tb_json, 36);
    /* equalised PDSCH symbols: 6 PRB x 12 x (14 - 4 control symbols) minus
     * the CRS (3 symbols x 12), PSS/SSS (2 x 72 in subframe 5) = 540 */
    snprintf(p, sizeof p, "%s/06_pdsch_eq_g0.cf32", dir);
    f = fopen(p, "rb");
    assert_non_null(f);
    static float complex x[2048];
    size_t n = fread(x, sizeof x[0], 2048, f);
    fclose(f);
    assert_int_equal((int)n, 540);
    double err = 0;
    for (size_t i = 0; i < n; i++) {
        float complex q = (crealf(x[i]) >= 0 ? 1.0f : -1.0f) + I * (cimagf(x[i]) >= 0 ? 1.0f : -1.0f);
        err += pow(cabs(x[i] - q / sqrtf(2.0f)), 2) / (double)n;
    }
    print_message("PDSCH EVM %.1f dB\n", 10 * log10(err));
    assert_true(10 * log10(err) < -15.0);
    /* subframe 2 also has an SI-RNTI DCI: two folders in all */
    snprintf(p, sizeof p, "%s/d/sfn0656_sf2/manifest.json", tmp);
    assert_int_equal(access(p, R_OK), 0);
}

static void test_noise(void **state)
{
    (void)state;
    const char *name = "noise_1.92M_hackrf.ci8";
    const char *path = tu_capture(name);
    if (!path) {
        print_message("capture %s not found: skipped\n", name);
        skip();
    }
    assert_int_equal(run("%s rx %s --rate 1.92e6 --format ci8", bin, path), 1);
    assert_non_null(strstr(out, "no cell"));
}

/* ---- every SI message, formats 1A and 1C ------------------------------------ */

/* The transmitter of the SI tests: a 6-PRB FDD cell (PCI 77, CFI 3); *len
 * gets the samples per subframe. */
static lte_dl_tx *si_cell(int *len)
{
    lte_dl_tx_cfg cfg;
    lte_dl_tx_cfg_init(&cfg);
    cfg.cell.n_rb = 6;
    cfg.cell.cell_id = 77;
    cfg.cell.cfi = 3;
    lte_dl_tx *tx = NULL;
    assert_int_equal(lte_dl_tx_create(&cfg, &tx), 0);
    *len = lte_dl_tx_subframe_len(tx);
    return tx;
}

/* Subframe sf of frame sfn of that cell, with its MIB in subframe 0
 * (mib_bits: the caller's buffer, 24 bits) and nothing else yet. */
static lte_dl_sf si_sf(int sf, int sfn, uint8_t *mib_bits)
{
    lte_mib mib = {6, LTE_PHICH_NORMAL, LTE_NG_1, sfn};
    assert_int_equal(lte_mib_pack(&mib, mib_bits), 0);
    return (lte_dl_sf){.subframe = sf, .sfn = sfn, .cfi = 3, .mib = sf == 0 ? mib_bits : NULL};
}

/* SIB1 of the Amarisoft recording (144 bits; tests/phy/test_sib.c reads it
 * field by field), the base of the SIB1s the SI tests send. */
#define AMARISOFT_SIB1_HEX "6040040300011a2d4018028180420c800000"

/* The SI-RNTI PDSCH of subframe d: its DCI (aggregation 4, CCE 0) and a
 * single-port QPSK allocation on the PRBs prb0 (slot 0) and prb1 (slot 1;
 * NULL: the same). */
static void si_pdsch(lte_dl_sf *d, lte_pdcch_dci *dci, lte_pdsch_alloc *al, uint8_t *dci_bits,
                     int dci_len, const uint8_t *prb0, const uint8_t *prb1, int tbs, int rv,
                     uint8_t *tb)
{
    *dci = (lte_pdcch_dci){dci_bits, dci_len, LTE_SI_RNTI, 4, 0};
    memset(al, 0, sizeof *al);
    al->cfg.mimo = (lte_mimo_cfg){LTE_TX_SINGLE_PORT, 1, 1, 1, 0};
    al->cfg.rnti = LTE_SI_RNTI;
    memcpy(al->cfg.prb_mask, prb0, LTE_MAX_RB);
    if (prb1)
        memcpy(al->cfg.prb_mask2, prb1, LTE_MAX_RB);
    al->cfg.mod[0] = LTE_MOD_QPSK;
    al->cfg.tbs[0] = tbs;
    al->cfg.rv[0] = rv;
    al->tb[0] = tb;
    d->dci = dci;
    d->n_dci = d->n_pdsch = 1;
    d->pdsch = al;
}

/* White noise 30 dB below the recording's mean power (the cell search
 * estimates the noise itself). */
static void add_noise_30db(float complex *x, size_t n, uint64_t seed)
{
    double pw = 0;
    for (size_t i = 0; i < n; i++)
        pw += crealf(x[i] * conjf(x[i])) / (double)n;
    lte_rng nr;
    lte_rng_seed(&nr, seed);
    assert_int_equal(lte_awgn_add(&nr, x, (int)n, pw * 1e-3), 0);
}

/* Write n samples as cf32 to the scratch folder; path gets the file name. */
static void write_cf32(const char *name, const float complex *x, size_t n, char *path,
                       size_t cap)
{
    snprintf(path, cap, "%s/%s", tmp, name);
    assert_int_equal(tu_write_file(path, x, n * sizeof *x), 0);
}

/* A recording made with the library transmitter: 4 frames (SFN 100..103)
 * of a 6-PRB FDD cell (PCI 77, MIB in subframe 0), in subframe 4 of every
 * frame an SI message scheduled by a distributed format 1A DCI (VRBs 1..4,
 * MCS 3 -> TBS 176 with N_PRB^1A = 3, 36.213 §7.1.7), in subframe 5 of the
 * even frames SIB1 scheduled by format 1C (VRBs 0..5, TBS index 2 -> 72 bits,
 * Table 7.1.7.2.3-1, rv of 36.321 §5.3.1). `ltephy rx` must print each of
 * them with its format, TBS, "crc ok" and the transport block sent, and the
 * count line. */
static void test_si_formats(void **state)
{
    (void)state;
    int len, n_sf = 40;
    lte_dl_tx *tx = si_cell(&len);
    float complex *x = malloc(sizeof *x * (size_t)len * (size_t)n_sf);
    lte_dci_cfg dc = {.n_rb_dl = 6, .duplex = LTE_FDD, .broadcast = 1};
    int a1a = lte_dci_format1a_size(&dc), a1c = lte_dci_size(&dc, LTE_DCI_FORMAT1C);
    lte_dci_1a d1 = {.distributed = 1, .mcs = 3, .tpc = 1};
    lte_dci_1c c1 = {.tbs_index = 2};
    assert_int_equal(lte_riv_encode(6, 1, 4, &d1.riv), 0);
    assert_int_equal(lte_ra_1c_riv(6, 0, 0, 6, &c1.riv), 0);
    uint8_t b1a[64], b1c[64], mib_bits[24];
    assert_int_equal(lte_dci_1a_pack(&dc, &d1, b1a, a1a), 0);
    assert_int_equal(lte_dci_1c_pack(&dc, &c1, b1c, a1c), 0);
    int tbs[2], qm;
    assert_int_equal(lte_dci_1a_tbs(&d1, 1, 4, &tbs[0], &qm), 0);
    assert_int_equal(lte_dci_1c_tbs(2, &tbs[1]), 0);
    assert_int_equal(tbs[0], 176);
    assert_int_equal(tbs[1], 72);
    lte_ra ra[2];
    static uint8_t prb[2][2][LTE_MAX_RB], tb[40][176];
    static char hexes[40][64];
    assert_int_equal(lte_dci_1a_ra(&dc, &d1, &ra[0]), 0);
    assert_int_equal(lte_dci_1c_ra(&dc, &c1, &ra[1]), 0);
    assert_int_equal(lte_ra_prbs(6, &ra[0], prb[0]), 4);
    assert_int_equal(lte_ra_prbs(6, &ra[1], prb[1]), 6);
    tu_rng r;
    tu_rng_seed(&r, 5);
    int n_sent[2] = {0, 0};
    for (int i = 0; i < n_sf; i++) {
        int sf = i % 10, sfn = 100 + i / 10, j = sf == 4 ? 0 : sf == 5 && sfn % 2 == 0 ? 1 : -1;
        lte_dl_sf d = si_sf(sf, sfn, mib_bits);
        lte_pdcch_dci dci;
        lte_pdsch_alloc al;
        memset(&al, 0, sizeof al);
        if (j >= 0) {
            tu_random_bits(&r, tb[i], tbs[j]);
            si_pdsch(&d, &dci, &al, j ? b1c : b1a, j ? a1c : a1a, prb[j][0], prb[j][1], tbs[j],
                     j ? lte_sib1_rv(sfn) : d1.rv, tb[i]);
            tu_bits_to_hex(tb[i], tbs[j], hexes[i]); /* as `ltephy rx` prints it */
            n_sent[j]++;
        }
        float complex *sfo[1] = {x + (size_t)i * len};
        assert_int_equal(lte_dl_tx_run(tx, &d, sfo), 0);
    }
    lte_dl_tx_destroy(tx);
    add_noise_30db(x, (size_t)len * n_sf, 9);
    char path[400];
    write_cf32("si.cf32", x, (size_t)len * n_sf, path, sizeof path);
    free(x);
    rx_ok(path, "");
    /* the first frame may be lost to the search; every later one is printed */
    int got[2] = {0, 0};
    for (int i = 0; i < n_sf; i++) {
        if (!hexes[i][0])
            continue;
        char want[400];
        int j = i % 10 == 4 ? 0 : 1;
        if (j == 0)
            snprintf(want, sizeof want,
                     "DCI 1A rnti 0xffff L 4 cce 0 common prb 1+4 mcs 3 rv 0 tpc 1 tbs 176 crc ok SI "
                     "distributed\n      tb %.60s\n", hexes[i]);
        else
            snprintf(want, sizeof want,
                     "DCI 1C rnti 0xffff L 4 cce 0 common prb 0+6 tbs-index 2 rv %d gap 0 tbs 72 "
                     "crc ok SIB1 distributed\n      tb %.60s\n", lte_sib1_rv(100 + i / 10), hexes[i]);
        if (strstr(out, want))
            got[j]++;
        else if (i >= 10)
            fail_msg("missing from the output: %s", want);
    }
    char want[100];
    snprintf(want, sizeof want, "si messages: %d (format 1A %d, 1C %d), crc ok %d", got[0] + got[1],
             got[0], got[1], got[0] + got[1]);
    assert_non_null(strstr(out, want));
    print_message("ltephy rx printed %d of %d format 1A and %d of %d format 1C SI messages\n", got[0],
                  n_sent[0], got[1], n_sent[1]);
    assert_true(got[0] >= n_sent[0] - 1 && got[1] >= n_sent[1] - 1);
}

/* SI soft combining in `ltephy rx`: a 6-PRB FDD cell (PCI 77) whose
 * frames carry, in subframes 1..4, one SI message four times (format 1A,
 * L = 4, CCE 0, PRBs 1..4, MCS 10 -> TBS 520 with N_PRB^1A = 3, rv 0, 2, 3,
 * 1 as 36.321 §5.3.1 gives for k = 0..3), a new block every frame, at 0 dB
 * per RE (code rate ~0.5 QPSK: one transmission does not decode). With
 * --no-si-combine no block decodes; by default every frame after the first
 * (which the search may lose) must print its block, "crc ok", the
 * transport block sent and "combined N" (N = 2..4; at this SNR a DCI may be
 * missed, so N need not be the transmission's k + 1). */
static void test_si_combine(void **state)
{
    (void)state;
    enum { N_FR = 4 };
    int len, n_sf = 10 * N_FR;
    lte_dl_tx *tx = si_cell(&len);
    float complex *x = malloc(sizeof *x * (size_t)len * (size_t)n_sf);
    lte_dci_cfg dc = {.n_rb_dl = 6, .duplex = LTE_FDD, .broadcast = 1};
    int a1a = lte_dci_format1a_size(&dc), tbs, qm;
    lte_dci_1a d1 = {.mcs = 10, .tpc = 1};
    assert_int_equal(lte_riv_encode(6, 1, 4, &d1.riv), 0);
    assert_int_equal(lte_dci_1a_tbs(&d1, 1, 4, &tbs, &qm), 0);
    static uint8_t tb[N_FR][1024];
    static char hexes[N_FR][300];
    uint8_t b1a[64], mib_bits[24];
    tu_rng r;
    tu_rng_seed(&r, 15);
    for (int i = 0; i < n_sf; i++) {
        static const int rv_k[4] = {0, 2, 3, 1};
        int sf = i % 10, sfn = 200 + i / 10, fr = i / 10;
        lte_dl_sf d = si_sf(sf, sfn, mib_bits);
        lte_pdcch_dci dci;
        lte_pdsch_alloc al;
        memset(&al, 0, sizeof al);
        if (sf >= 1 && sf <= 4) {
            if (sf == 1) {
                tu_random_bits(&r, tb[fr], tbs);
                tu_bits_to_hex(tb[fr], tbs, hexes[fr]);
            }
            d1.rv = rv_k[sf - 1];
            assert_int_equal(lte_dci_1a_pack(&dc, &d1, b1a, a1a), 0);
            uint8_t prb14[LTE_MAX_RB] = {0, 1, 1, 1, 1};
            si_pdsch(&d, &dci, &al, b1a, a1a, prb14, NULL, tbs, d1.rv, tb[fr]);
        }
        float complex *sfo[1] = {x + (size_t)i * len};
        assert_int_equal(lte_dl_tx_run(tx, &d, sfo), 0);
    }
    lte_dl_tx_destroy(tx);
    lte_rng nr;
    lte_rng_seed(&nr, 21);
    /* unit-power REs, unitary OFDM: noise variance 1 per sample = 0 dB per RE */
    assert_int_equal(lte_awgn_add(&nr, x, len * n_sf, 1.0), 0);
    char path[400];
    write_cf32("si_comb.cf32", x, (size_t)len * n_sf, path, sizeof path);
    free(x);
    rx_ok(path, "--no-si-combine");
    if (strstr(out, "crc ok SI") || !strstr(out, "crc crc-fail SI"))
        fail_msg("an SI block decoded alone, or none was found:\n%s", out);
    rx_ok(path, "");
    int got = 0;
    for (int fr = 1; fr < N_FR; fr++) {
        char want[400];
        int ok = 0;
        for (int n = 2; n <= 4 && !ok; n++) {
            snprintf(want, sizeof want, "tpc 1 tbs %d crc ok SI combined %d\n      tb %.60s", tbs,
                     n, hexes[fr]);
            ok = strstr(out, want) != NULL;
        }
        if (!ok) {
            fputs(out, stderr);
            fail_msg("frame %d: no combined decode of its SI block", fr);
        }
        got++;
    }
    print_message("ltephy rx decoded %d of %d SI blocks only by combining\n", got, N_FR - 1);
}


/* SI windows from SIB1 in `ltephy rx`: a 6-PRB FDD cell (PCI 77) sends, in
 * subframe 5 of the even frames, a SIB1 by format 1C (TBS index 5: 144 bits,
 * the Amarisoft recording's SIB1 with si-Periodicity rf8 and
 * si-WindowLength ms10, so SI message 1 has its window in subframes 0..9 of
 * every frame with SFN mod 8 = 0, 36.331 §5.2.3), and in subframes 1..4 of
 * SFN 208 one SI message four times by format 1C (no rv field: the rv is
 * ceil(3k/2) mod 4 with k the subframe's index in the window, 36.321
 * §5.3.1: 2, 3, 1, 0), at 0 dB per RE, where one transmission does not
 * decode. Without SIB1's windows the chain cannot know a 1C transmission's
 * rv and does not combine it; with them, the SI message decodes combined and
 * `ltephy rx` prints the SIB1 fields. */
static void test_si_window_1c(void **state)
{
    (void)state;
    enum { SFN0 = 204, N_FR = 6 };
    int len, n_sf = 10 * N_FR;
    lte_dl_tx *tx = si_cell(&len);
    float complex *x = malloc(sizeof *x * (size_t)len * (size_t)n_sf);
    lte_dci_cfg dc = {.n_rb_dl = 6, .duplex = LTE_FDD, .broadcast = 1};
    int a1c = lte_dci_size(&dc, LTE_DCI_FORMAT1C), tbs[2];
    lte_dci_1c c1[2] = {{.tbs_index = 5}, {.tbs_index = 20}};
    lte_ra ra;
    static uint8_t prb[2][LTE_MAX_RB], sib1[144], si[1024], b1c[2][64];
    assert_int_equal(lte_ra_1c_riv(6, 0, 0, 6, &c1[0].riv), 0);
    c1[1].riv = c1[0].riv;
    for (int j = 0; j < 2; j++) {
        assert_int_equal(lte_dci_1c_tbs(c1[j].tbs_index, &tbs[j]), 0);
        assert_int_equal(lte_dci_1c_pack(&dc, &c1[j], b1c[j], a1c), 0);
    }
    assert_int_equal(tbs[0], 144);
    assert_int_equal(lte_dci_1c_ra(&dc, &c1[0], &ra), 0);
    assert_int_equal(lte_ra_prbs(6, &ra, prb), 6);
    assert_int_equal(tu_hex_to_bits(AMARISOFT_SIB1_HEX, sib1), 144);
    sib1[103] = sib1[104] = sib1[105] = 0;            /* si-Periodicity rf8 */
    sib1[116] = 0, sib1[117] = sib1[118] = 1;         /* si-WindowLength ms10 */
    tu_rng r;
    tu_rng_seed(&r, 8);
    tu_random_bits(&r, si, tbs[1]);
    char hexsi[300];
    tu_bits_to_hex(si, tbs[1], hexsi);
    static const int rv_k[4] = {0, 2, 3, 1};
    uint8_t mib_bits[24];
    for (int i = 0; i < n_sf; i++) {
        int sf = i % 10, sfn = SFN0 + i / 10;
        int j = sf == 5 && sfn % 2 == 0 ? 0 : sfn == 208 && sf >= 1 && sf <= 4 ? 1 : -1;
        lte_dl_sf d = si_sf(sf, sfn, mib_bits);
        lte_pdcch_dci dci;
        lte_pdsch_alloc al;
        memset(&al, 0, sizeof al);
        if (j >= 0) {
            si_pdsch(&d, &dci, &al, b1c[j], a1c, prb[0], prb[1], tbs[j],
                     j ? rv_k[sf % 4] : lte_sib1_rv(sfn), j ? si : sib1);
        }
        float complex *sfo[1] = {x + (size_t)i * len};
        assert_int_equal(lte_dl_tx_run(tx, &d, sfo), 0);
    }
    lte_dl_tx_destroy(tx);
    lte_rng nr;
    lte_rng_seed(&nr, 23);
    assert_int_equal(lte_awgn_add(&nr, x, len * n_sf, 1.0), 0); /* 0 dB per RE */
    char path[400];
    write_cf32("si_win.cf32", x, (size_t)len * n_sf, path, sizeof path);
    free(x);
    rx_ok(path, "");
    if (!strstr(out, "SIB1: plmn 001-01 tac 1 cell-identity 0x1a2d401 (eNB 107220 cell 1) band 7") ||
        !strstr(out, "si-window 10 ms value-tag 8\n  SI message 1: every 8 frames: SIB2 SIB3\n")) {
        fputs(out, stderr);
        fail_msg("SIB1 not printed");
    }
    /* each 1C transmission with the window's rv; the block decodes combined */
    for (int sf = 1; sf <= 4; sf++) {
        char want[200];
        snprintf(want, sizeof want, "sfn  208 sf %d cfi 3", sf);
        const char *at = strstr(out, want);
        assert_non_null(at);
        snprintf(want, sizeof want, "rv %d gap 0 tbs %d crc", rv_k[sf % 4], tbs[1]);
        const char *g = strstr(at, want);
        if (!g || g - at > 200)
            fail_msg("sf %d: no 1C DCI with rv %d:\n%s", sf, rv_k[sf % 4], at);
    }
    int ok = 0;
    char want[400];
    for (int n = 2; n <= 4 && !ok; n++) {
        snprintf(want, sizeof want, "tbs %d crc ok SI distributed message 1 combined %d\n      tb %.60s",
                 tbs[1], n, hexsi);
        ok = strstr(out, want) != NULL;
    }
    if (!ok) {
        fputs(out, stderr);
        fail_msg("the 1C SI message did not decode combined");
    }
    const char *cm = strstr(out, "message 1 combined");
    print_message("%.40s\n", cm ? cm : "(none)");
    /* alone, it does not decode */
    rx_ok(path, "--no-si-combine");
    assert_null(strstr(out, "crc ok SI distributed"));
}

/* The TDD configuration from SIB1: a 6-PRB TDD cell (PCI 77) with
 * uplink-downlink configuration 2 and special subframe configuration 5
 * (36.211 Tables 4.2-2, 4.2-1), whose SIB1 (format 1C, subframe 5 of even
 * frames: the Amarisoft SIB1 with tdd-Config sa2 / ssp5 inserted, 36.331
 * §6.2.2) says so, and an SI message by format 1A in subframe 8 of every
 * frame, a downlink subframe of configuration 2 but an uplink one of the
 * configuration 1 the chain assumes for TDD (the MIB does not carry it).
 * `ltephy rx` must print SIB1's configuration, start again with it, and
 * then decode the subframe-8 messages; with --tdd-config 2 --ssf-config 5 it
 * needs no restart; a configuration the cell cannot have is a bad option. */
static void test_tdd_config_from_sib1(void **state)
{
    (void)state;
    enum { SFN0 = 300, N_FR = 5 };
    lte_dl_tx_cfg cfg;
    lte_dl_tx_cfg_init(&cfg);
    cfg.cell.n_rb = 6;
    cfg.cell.cell_id = 77;
    cfg.cell.cfi = 2;
    cfg.cell.duplex = LTE_TDD;
    cfg.cell.tdd_config = 2;
    cfg.cell.ssf_config = 5;
    lte_dl_tx *tx = NULL;
    assert_int_equal(lte_dl_tx_create(&cfg, &tx), 0);
    int len = lte_dl_tx_subframe_len(tx), n_sf = 10 * N_FR;
    float complex *x = malloc(sizeof *x * (size_t)len * (size_t)n_sf);
    lte_dci_cfg dc = {.n_rb_dl = 6, .duplex = LTE_TDD, .broadcast = 1};
    int a1a = lte_dci_format1a_size(&dc), a1c = lte_dci_size(&dc, LTE_DCI_FORMAT1C), tbs_si, qm;
    lte_dci_1a d1 = {.mcs = 3, .tpc = 1};
    lte_dci_1c c1 = {.tbs_index = 5};
    assert_int_equal(lte_riv_encode(6, 0, 6, &d1.riv), 0);
    assert_int_equal(lte_ra_1c_riv(6, 0, 0, 6, &c1.riv), 0);
    assert_int_equal(lte_dci_1a_tbs(&d1, 1, 6, &tbs_si, &qm), 0);
    static uint8_t b1a[64], b1c[64], prb1c[2][LTE_MAX_RB], sib1[144], si[N_FR][512];
    static char hexes[N_FR][200];
    assert_int_equal(lte_dci_1a_pack(&dc, &d1, b1a, a1a), 0);
    assert_int_equal(lte_dci_1c_pack(&dc, &c1, b1c, a1c), 0);
    lte_ra ra;
    assert_int_equal(lte_dci_1c_ra(&dc, &c1, &ra), 0);
    assert_int_equal(lte_ra_prbs(6, &ra, prb1c), 6);
    uint8_t prb_all[LTE_MAX_RB] = {1, 1, 1, 1, 1, 1};
    /* the Amarisoft SIB1 (124 bits used): tdd-Config present (bit 3), and
     * its 7 bits (sa2 = 010, ssp5 = 0101) after schedulingInfoList (bit 116) */
    uint8_t am[144];
    assert_int_equal(tu_hex_to_bits(AMARISOFT_SIB1_HEX, am), 144);
    static const uint8_t tdd_bits[7] = {0, 1, 0, 0, 1, 0, 1};
    memset(sib1, 0, sizeof sib1);
    memcpy(sib1, am, 116);
    sib1[3] = 1;
    memcpy(sib1 + 116, tdd_bits, 7);
    memcpy(sib1 + 123, am + 116, 8); /* si-WindowLength, systemInfoValueTag */
    tu_rng r;
    tu_rng_seed(&r, 12);
    uint8_t mib_bits[24];
    for (int i = 0; i < n_sf; i++) {
        int sf = i % 10, sfn = SFN0 + i / 10, fr = i / 10;
        lte_dl_sf d = si_sf(sf, sfn, mib_bits);
        d.cfi = 2;
        lte_pdcch_dci dci;
        lte_pdsch_alloc al;
        if (sf == 5 && sfn % 2 == 0) {
            si_pdsch(&d, &dci, &al, b1c, a1c, prb1c[0], prb1c[1], 144, lte_sib1_rv(sfn), sib1);
        } else if (sf == 8) {
            tu_random_bits(&r, si[fr], tbs_si);
            tu_bits_to_hex(si[fr], tbs_si, hexes[fr]);
            si_pdsch(&d, &dci, &al, b1a, a1a, prb_all, NULL, tbs_si, 0, si[fr]);
        }
        float complex *sfo[1] = {x + (size_t)i * len};
        assert_int_equal(lte_dl_tx_run(tx, &d, sfo), 0);
    }
    lte_dl_tx_destroy(tx);
    add_noise_30db(x, (size_t)len * n_sf, 31);
    char path[400];
    write_cf32("tdd2.cf32", x, (size_t)len * n_sf, path, sizeof path);
    free(x);
    rx_ok(path, "");
    const char *re = strstr(out, "SIB1's TDD configuration 2, special subframes 5 (the chain "
                                 "assumed 1, 7): decoding again from the first frame\n");
    if (!re || !strstr(out, "tdd-config 2 ssf-config 5")) {
        fputs(out, stderr);
        fail_msg("no restart with SIB1's TDD configuration");
    }
    /* before the restart, subframe 8 was an uplink subframe: not printed */
    char want[300];
    for (int fr = 0; fr < N_FR; fr++) {
        snprintf(want, sizeof want, "sfn %4d sf 8 ", SFN0 + fr);
        const char *at = strstr(out, want);
        assert_true(at == NULL || at > re);
    }
    int got = 0;
    for (int fr = 1; fr < N_FR; fr++) {
        /* a block is printed only when its CRC checks (SFN 304 lies in SI
         * message 1's window: "SI message 1") */
        snprintf(want, sizeof want, "tpc 1 tbs %d crc ok SI", tbs_si);
        assert_non_null(strstr(re, want));
        snprintf(want, sizeof want, "\n      tb %.40s", hexes[fr]);
        const char *at = strstr(re, want);
        got += at != NULL;
    }
    print_message("after the restart, %d of %d subframe-8 SI messages decoded\n", got, N_FR - 1);
    if (got != N_FR - 1)
        fputs(re, stderr);
    assert_int_equal(got, N_FR - 1);
    /* the configuration given: no restart, the same messages */
    rx_ok(path, "--tdd-config 2 --ssf-config 5");
    assert_null(strstr(out, "decoding again"));
    snprintf(want, sizeof want, "\n      tb %.40s", hexes[2]);
    assert_non_null(strstr(out, want));
    /* beyond 36.211 Table 4.2-1 */
    assert_int_equal(run("%s rx %s --rate 1.92e6 --format cf32 --ssf-config 10", bin, path), 2);
    assert_non_null(strstr(out, "--ssf-config"));
}

/* The band-3 recording (a live 20 MHz cell, PCI 301, 2 ports; the captures
 * README): its SIB1 decodes and says band 3, the band the README gives
 * (1815.3 MHz), with three SI messages; the first SI message holds SIB2,
 * whose fields end exactly where the next entry reads as SIB3, and whose
 * uplink bandwidth is the cell's 100 PRB; then SIB3's fields. */
static void test_band3_sibs(void **state)
{
    (void)state;
    const char *path = capture("band3_fdd_20mhz_19.2M_hackrf.ci8");
    if (!path)
        skip();
    int st = run("%s rx %s --rate 19.2e6 --format ci8", bin, path);
    if (st != 0)
        fail_msg("exit %d: %s", st, out);
    const char *want[] = {"cell pci 301 FDD normal-CP 100 PRB 2 ports", "crc ok SIB1",
                          " band 3 ", "  SI message 3: every ", "crc ok SI message 1",
                          "SI message: SIB2 SIB3\nSIB2: ", " ul 100 PRB normal CP",
                          /* its SIB3, by hand in tests/phy/test_sib3.c */
                          "\nSIB3: q-hyst 4 dB s-non-intra-search 18 dB thresh-serving-low 16 dB "
                          "priority 6; intra q-rxlevmin -132 dBm neigh-config 01 t-resel 1 s "
                          "(sf 1/0.75)\n  speed: t-evaluation 60 s t-hyst-normal 30 s cell "
                          "changes 4/8 q-hyst-sf 0/0 dB\n"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(out, want[i])) {
            fputs(out, stderr);
            fail_msg("missing '%s'", want[i]);
        }
}

/* SIB6 and SIB7 in `ltephy rx`: a recording made with the library
 * transmitter, 4 frames (SFN 100..103) of the 6-PRB FDD cell of
 * test_si_formats, in subframe 4 of every frame an SI message (format 1A,
 * distributed VRBs 1..4, MCS 3: TBS 176), written by hand from the 36.331
 * ASN.1 (SystemInformationBlockType6, 7; tests/phy/test_sib6.c reads the
 * same fields), 155 bits then zero padding:
 *   0 0 0 0 00001        c1, systemInformation, -r8, no extension; 2 entries
 *   0 0100               sib6
 *   0 100 0000           no extension; FDD list only, of 1 carrier
 *   0 1 10100111001100   no extension, priority present, uarfcn 10700
 *   101 00110 00010      priority 5, threshX-High 12 dB, threshX-Low 4 dB
 *   000010 1001010 00110 q-RxLevMin -115 dBm, p-MaxUTRA 24 dBm, q-QualMin -18 dB
 *   010                  t-ReselectionUTRA 2 s
 *   0 0101               sib7
 *   0 0 1 001 0000       no extension, no scale factors, 1 group; t-resel 1 s
 *                        (SFN 102, 103: 011, 3 s)
 *   0 1000000000 0       no extension, startingARFCN 512, dcs1800
 *   00 00010 1000000010 1000001000   explicit list: 514, 520
 *   1 0 011 11111111     priority 3, no p-Max, ncc-Permitted 'FF'H
 *   000101 00100 00001   q-RxLevMin -105 dBm, threshX-High 8 dB, threshX-Low 2 dB
 * `ltephy rx` must print SIB6 once and SIB7 twice (its t-resel changes). */
static void test_sib6_sib7(void **state)
{
    (void)state;
    int len, n_sf = 40;
    lte_dl_tx *tx = si_cell(&len);
    float complex *x = malloc(sizeof *x * (size_t)len * (size_t)n_sf);
    lte_dci_cfg dc = {.n_rb_dl = 6, .duplex = LTE_FDD, .broadcast = 1};
    int a1a = lte_dci_format1a_size(&dc), tbs, qm;
    lte_dci_1a d1 = {.distributed = 1, .mcs = 3, .tpc = 1};
    assert_int_equal(lte_riv_encode(6, 1, 4, &d1.riv), 0);
    uint8_t b1a[64], mib_bits[24];
    assert_int_equal(lte_dci_1a_pack(&dc, &d1, b1a, a1a), 0);
    assert_int_equal(lte_dci_1a_tbs(&d1, 1, 4, &tbs, &qm), 0);
    assert_int_equal(tbs, 176);
    lte_ra ra;
    static uint8_t prb[2][LTE_MAX_RB], tb[2][176];
    assert_int_equal(lte_dci_1a_ra(&dc, &d1, &ra), 0);
    assert_int_equal(lte_ra_prbs(6, &ra, prb), 4);
    const char *txt = "0000 00001 0 0100 0 100 0000 0 1 10100111001100 101 00110 00010 000010"
                      " 1001010 00110 010 0 0101 0 0 1 001 0000 0 1000000000 0 00 00010"
                      " 1000000010 1000001000 1 0 011 11111111 000101 00100 00001";
    int n = 0;
    for (const char *c = txt; *c; c++)
        if (*c == '0' || *c == '1')
            tb[0][n++] = (uint8_t)(*c - '0');
    assert_int_equal(n, 155);
    memcpy(tb[1], tb[0], sizeof tb[0]);
    tb[1][9 + 63 + 5 + 3 + 1] = 1; /* SIB7's t-ReselectionGERAN 001 -> 011 */
    for (int i = 0; i < n_sf; i++) {
        int sf = i % 10, sfn = 100 + i / 10;
        lte_dl_sf d = si_sf(sf, sfn, mib_bits);
        lte_pdcch_dci dci;
        lte_pdsch_alloc al;
        memset(&al, 0, sizeof al);
        if (sf == 4)
            si_pdsch(&d, &dci, &al, b1a, a1a, prb[0], prb[1], tbs, 0, tb[sfn >= 102]);
        float complex *sfo[1] = {x + (size_t)i * len};
        assert_int_equal(lte_dl_tx_run(tx, &d, sfo), 0);
    }
    lte_dl_tx_destroy(tx);
    add_noise_30db(x, (size_t)len * n_sf, 19);
    char path[400];
    write_cf32("sib67.cf32", x, (size_t)len * n_sf, path, sizeof path);
    free(x);
    rx_ok(path, "");
    const char *sib6 = "SI message: SIB6 SIB7\nSIB6: 1 FDD and 0 TDD carrier, t-resel 2 s\n"
                       "  fdd uarfcn 10700 priority 5 thresh-high 12 dB low 4 dB q-rxlevmin "
                       "-115 dBm p-max 24 dBm q-qualmin -18 dB\n";
    const char *sib7 = "SIB7: 1 carrier group, t-resel %d s\n  arfcn 512 dcs1800 + 514 520; "
                       "priority 3 ncc-permitted ff q-rxlevmin -105 dBm thresh-high 8 dB "
                       "low 2 dB\n";
    char want[2][300];
    snprintf(want[0], sizeof want[0], sib7, 1);
    snprintf(want[1], sizeof want[1], sib7, 3);
    const char *a = strstr(out, sib6), *b = a ? strstr(a, want[0]) : NULL;
    const char *c = b ? strstr(b, "SI message: SIB6 SIB7\n") : NULL;
    if (!a || b != a + strlen(sib6) || !c || strncmp(c + 22, want[1], strlen(want[1]))) {
        fputs(out, stderr);
        fail_msg("SIB6/SIB7 not printed as sent");
    }
    int n6 = 0, n7 = 0; /* SIB6 once (it did not change), SIB7 twice */
    for (const char *q = out; (q = strstr(q, "\nSIB6: ")) != NULL; q++)
        n6++;
    for (const char *q = out; (q = strstr(q, "\nSIB7: ")) != NULL; q++)
        n7++;
    assert_int_equal(n6, 1);
    assert_int_equal(n7, 2);
    rx_ok(path, "--json");
    const char *j[] = {"{\"type\":\"sib6\",\"t_resel_s\":2,\"fdd\":[{\"uarfcn\":10700,"
                       "\"cell_resel_priority\":5,\"thresh_x_high_db\":12,\"thresh_x_low_db\":4,"
                       "\"q_rx_lev_min_dbm\":-115,\"p_max_dbm\":24,\"q_qual_min_db\":-18}],"
                       "\"tdd\":[]}\n",
                       "{\"type\":\"sib7\",\"t_resel_s\":1,\"groups\":[{\"starting_arfcn\":512,"
                       "\"band\":\"dcs1800\",\"following\":\"explicit\",\"arfcns\":[514,520],"
                       "\"arfcn_set\":[512,514,520],\"cell_resel_priority\":3,\"ncc_permitted\":255,\"q_rx_lev_min_dbm\":-105,"
                       "\"thresh_x_high_db\":8,\"thresh_x_low_db\":2}]}\n",
                       "{\"type\":\"sib7\",\"t_resel_s\":3,"};
    for (int i = 0; i < 3; i++)
        if (!strstr(out, j[i])) {
            fputs(out, stderr);
            fail_msg("JSON: missing %s", j[i]);
        }
    const char *j6 = strstr(out, "\"type\":\"sib6\"");
    assert_null(strstr(j6 + 1, "\"type\":\"sib6\""));
}

/* --pmi: a recording made with the library transmitter, 4 frames of a
 * 2-port 6-PRB FDD cell (PCI 77) whose subframe 3 carries a TM4 grant for
 * RNTI 0x4321: DCI format 2, one block, precoding information 5 ("1 layer:
 * precoding according to the latest PMI report on PUSCH", 36.212 Table
 * 5.3.3.1.5-4), the PDSCH precoded with rank-1 codebook index 2 of 36.211
 * Table 6.3.4.2.3-1 (the PMI value 2 the UE reported). With --pmi 2 every
 * such block decodes ("crc ok", the bits sent); without --pmi, the grant is
 * listed with the reason it was not decoded; a report the cell cannot carry
 * (4 ports' PMI values 3:3 on 2 ports) and malformed values are refused
 * naming the option. */
static void test_pmi_report(void **state)
{
    (void)state;
    lte_dl_tx_cfg cfg;
    lte_dl_tx_cfg_init(&cfg);
    cfg.cell.n_rb = 6;
    cfg.cell.n_ports = 2;
    cfg.cell.cell_id = 77;
    cfg.cell.cfi = 3;
    lte_dl_tx *tx = NULL;
    assert_int_equal(lte_dl_tx_create(&cfg, &tx), 0);
    int len = lte_dl_tx_subframe_len(tx), n_sf = 40;
    float complex *x = malloc(sizeof *x * (size_t)len * (size_t)n_sf * 2);
    float complex *p1 = x + (size_t)len * (size_t)n_sf;
    const uint16_t rnti = 0x4321;
    lte_dci_cfg dc = {.n_rb_dl = 6, .duplex = LTE_FDD, .n_ports = 2};
    lte_dci_dl dl;
    memset(&dl, 0, sizeof dl);
    dl.ra_type = 0;
    dl.rba = (1u << lte_ra_type0_bits(6)) - 1; /* every RBG */
    dl.harq = 1;
    dl.tb[0] = (lte_dci_tb){.mcs = 9, .ndi = 1, .rv = 0};
    dl.tb[1] = (lte_dci_tb){0, 0, 1}; /* disabled */
    dl.precoding = 5;
    int A = lte_dci_size(&dc, LTE_DCI_FORMAT2);
    uint8_t bits[LTE_CTRL_A_MAX], mib_bits[24];
    assert_int_equal(lte_dci_dl_pack(&dc, LTE_DCI_FORMAT2, &dl, bits, A), 0);
    lte_ra ra;
    static uint8_t prb[2][LTE_MAX_RB];
    assert_int_equal(lte_dci_dl_ra(&dc, &dl, &ra), 0);
    int n_prb = lte_ra_prbs(6, &ra, prb);
    assert_int_equal(n_prb, 6);
    lte_dci_tb_grant gq;
    assert_int_equal(lte_dci_dl_tb(&dl, LTE_DCI_FORMAT2, 0, n_prb, 1, &gq), 0);
    static uint8_t tb[4][4096];
    tu_rng r;
    tu_rng_seed(&r, 99);
    int cce[8];
    for (int f = 0; f < 4; f++)
        for (int sf = 0; sf < 10; sf++) {
            lte_mib mib = {6, LTE_PHICH_NORMAL, LTE_NG_1, 200 + f};
            assert_int_equal(lte_mib_pack(&mib, mib_bits), 0);
            lte_dl_sf d = {.subframe = sf, .sfn = 200 + f, .cfi = 3,
                           .mib = sf == 0 ? mib_bits : NULL};
            lte_pdcch_dci dci;
            lte_pdsch_alloc al;
            if (sf == 3) {
                assert_true(lte_pdcch_candidates(6, 0, 2, rnti, sf, cce) > 0);
                dci = (lte_pdcch_dci){bits, A, rnti, 2, cce[0]};
                memset(&al, 0, sizeof al);
                al.cfg.mimo = (lte_mimo_cfg){LTE_TX_SPATIAL_MUX, 2, 1, 1, 2};
                al.cfg.rnti = rnti;
                memcpy(al.cfg.prb_mask, prb[0], LTE_MAX_RB);
                al.cfg.mod[0] = (lte_mod)gq.q_m;
                al.cfg.tbs[0] = gq.tbs;
                tu_random_bits(&r, tb[f], gq.tbs);
                al.tb[0] = tb[f];
                d.dci = &dci;
                d.n_dci = d.n_pdsch = 1;
                d.pdsch = &al;
            }
            size_t at = (size_t)(f * 10 + sf) * (size_t)len;
            float complex *ports[2] = {x + at, p1 + at};
            assert_int_equal(lte_dl_tx_run(tx, &d, ports), 0);
        }
    /* one receive antenna: the sum of the two ports (a flat channel) */
    for (size_t i = 0; i < (size_t)len * (size_t)n_sf; i++)
        x[i] += p1[i];
    add_noise_30db(x, (size_t)len * (size_t)n_sf, 5);
    char path[300];
    write_cf32("tm4_pmi.cf32", x, (size_t)len * (size_t)n_sf, path, sizeof path);
    rx_ok(path, "--tm 4 --rnti 0x4321 --pmi 2");
    int ok = 0;
    for (const char *q = out; (q = strstr(q, "rnti 0x4321")) != NULL; q++) {
        const char *e = strchr(q, '\n');
        if (e && strstr(q, "crc ok") && strstr(q, "crc ok") < e)
            ok++;
    }
    print_message("--pmi 2: %d of 4 blocks crc ok\n", ok);
    assert_int_equal(ok, 4);
    for (int f = 0; f < 4; f++) { /* the bits sent, printed as the TB line */
        char hex[1100] = {0};
        for (int b = 0; b + 3 < gq.tbs && b / 4 < (int)sizeof hex - 1; b += 4)
            hex[b / 4] = "0123456789abcdef"[tb[f][b] << 3 | tb[f][b + 1] << 2 |
                                            tb[f][b + 2] << 1 | tb[f][b + 3]];
        if (!strstr(out, hex))
            fail_msg("block of frame %d (%s) not printed in:\n%s", f, hex, out);
    }
    rx_ok(path, "--tm 4 --rnti 0x4321");
    int unsup = 0;
    for (const char *q = out; (q = strstr(q, "rnti 0x4321")) != NULL; q++) {
        const char *e = strchr(q, '\n');
        assert_true(!e || !strstr(q, "crc ok") || strstr(q, "crc ok") > e);
        unsup += e && strstr(q, "crc unsupported") && strstr(q, "crc unsupported") < e;
    }
    assert_int_equal(unsup, 4);
    assert_int_equal(run("%s rx %s --rate 1.92e6 --format cf32 --tm 4 --rnti 0x4321 --pmi 3:3",
                         bin, path), 2);
    assert_non_null(strstr(out, "--pmi"));
    static const char *const bad[] = {"16", "3:5", "x", "3:", "-1", "2:0"};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(run("%s rx %s --rate 1.92e6 --format cf32 --pmi %s", bin, path, bad[i]),
                         2);
        assert_non_null(strstr(out, "--pmi"));
    }
    free(x);
    lte_dl_tx_destroy(tx);
}

/* ---- --iq-correct on a cheap-SDR recording ----------------------------------- */

/* Mean of the "snr X dB" values of the subframe lines of out; *n their count. */
static double mean_snr(int *n)
{
    double s = 0;
    *n = 0;
    for (const char *p = out; (p = strstr(p, " snr ")) != NULL; p += 5) {
        s += atof(p + 5);
        ++*n;
    }
    return *n ? s / *n : -100;
}

/* Count of the lines of out holding s. */
static int count_of(const char *s)
{
    int n = 0;
    for (const char *p = out; (p = strstr(p, s)) != NULL; p += strlen(s))
        n++;
    return n;
}

static void test_iq_correct(void **state)
{
    (void)state;
    enum { N_SF = 80 };
    int len;
    lte_dl_tx *tx = si_cell(&len);
    size_t n = (size_t)len * N_SF;
    float complex *x = malloc(sizeof *x * n);
    assert_non_null(x);
    lte_dci_cfg dc = {.n_rb_dl = 6, .duplex = LTE_FDD, .broadcast = 1};
    int a1c = lte_dci_size(&dc, LTE_DCI_FORMAT1C), tbs;
    lte_dci_1c c1 = {.tbs_index = 2};
    assert_int_equal(lte_ra_1c_riv(6, 0, 0, 6, &c1.riv), 0);
    uint8_t b1c[64], mib_bits[24];
    assert_int_equal(lte_dci_1c_pack(&dc, &c1, b1c, a1c), 0);
    assert_int_equal(lte_dci_1c_tbs(2, &tbs), 0);
    lte_ra ra;
    static uint8_t prb[2][LTE_MAX_RB], tb[N_SF / 20][72]; /* prb: slot 0, slot 1 */
    static char hexes[N_SF / 20][64];
    assert_int_equal(lte_dci_1c_ra(&dc, &c1, &ra), 0);
    assert_int_equal(lte_ra_prbs(6, &ra, prb), 6);
    tu_rng r;
    tu_rng_seed(&r, 23);
    for (int i = 0; i < N_SF; i++) {
        int sf = i % 10, sfn = 200 + i / 10;
        lte_dl_sf d = si_sf(sf, sfn, mib_bits);
        lte_pdcch_dci dci;
        lte_pdsch_alloc al;
        if (sf == 5 && sfn % 2 == 0) {
            int k = i / 20;
            tu_random_bits(&r, tb[k], tbs);
            si_pdsch(&d, &dci, &al, b1c, a1c, prb[0], prb[1], tbs, lte_sib1_rv(sfn), tb[k]);
            tu_bits_to_hex(tb[k], tbs, hexes[k]);
        }
        float complex *sfo[1] = {x + (size_t)i * len};
        assert_int_equal(lte_dl_tx_run(tx, &d, sfo), 0);
    }
    lte_dl_tx_destroy(tx);
    add_noise_30db(x, n, 31);
    assert_int_equal(lte_cfo_apply(x, (int)n, 4000.0, 1.92e6, 0, 0.0), 0);
    /* the front end: rms 0.15 of full scale, y = mu x + nu conj(x) + dc
     * (iq.h), mu = (1 + g e^{j phi}) / 2, nu = (1 - g e^{-j phi}) / 2 */
    const double gain_db = 1.0, phase_deg = 5.0;
    const double complex dco = IQ_TEST_DC;
    /* The cell's own signal is not quite circular: PSS/SSS (the same
     * sequences every 5/10 ms, SSS real-valued) dominate this mostly empty
     * 6-PRB cell, and with a CFO that is a multiple of 100 Hz their
     * pseudo-covariance adds up over the recording. Its apparent imbalance,
     * from the moments of the unimpaired samples (here, plain loops), is
     * what the estimates must be near, added to the applied one. */
    double pw = 0, own_gain_db, own_phase_deg;
    for (size_t i = 0; i < n; i++)
        pw += creal(x[i] * conj(x[i])) / (double)n;
    tu_iq_apparent_imbalance(x, n, &own_gain_db, &own_phase_deg);
    print_message("the unimpaired recording's own apparent imbalance: %+.3f dB, %+.3f deg\n",
                  own_gain_db, own_phase_deg);
    double g = pow(10.0, gain_db / 20), ph = phase_deg * M_PI / 180, sc = 0.15 / sqrt(pw);
    double complex mu = (1 + g * cexp(I * ph)) / 2, nu = (1 - g * cexp(-I * ph)) / 2;
    uint8_t *u8 = malloc(2 * n);
    assert_non_null(u8);
    int clipped = 0;
    for (size_t i = 0; i < n; i++) {
        double complex y = mu * sc * x[i] + nu * sc * conj(x[i]) + dco;
        double v[2] = {creal(y), cimag(y)};
        for (int j = 0; j < 2; j++) { /* cu8: (value - 127.5) / 128 */
            double q = floor(v[j] * 128 + 127.5 + 0.5);
            clipped += q < 0 || q > 255;
            u8[2 * i + j] = (uint8_t)(q < 0 ? 0 : q > 255 ? 255 : q);
        }
    }
    free(x);
    char path[400];
    snprintf(path, sizeof path, "%s/iq.cu8", tmp);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(u8, 2, n, f), n);
    fclose(f);
    free(u8);
    /* without --iq-correct */
    int st0 = run("%s rx %s --rate 1.92e6 --format cu8", bin, path), n0 = 0;
    int sib0 = st0 == 0 ? count_of("crc ok SIB1") : 0;
    double snr0 = st0 == 0 ? mean_snr(&n0) : -100;
    print_message("without --iq-correct: exit %d, %d SIB1 decoded, mean SNR %.1f dB over %d "
                  "subframes (%d samples clipped)\n", st0, sib0, snr0, n0, clipped);
    /* with it */
    int st = run("%s rx %s --rate 1.92e6 --format cu8 --iq-correct", bin, path), n1 = 0;
    if (st != 0)
        fail_msg("exit %d: %s", st, out);
    const char *p = strstr(out, "iq-correct: dc ");
    assert_non_null(p);
    double di = 0, dq = 0, dcdb = 0, ge = 0, pe = 0;
    assert_int_equal(sscanf(p, "iq-correct: dc %lf%lfj (%lf dB against the signal) gain imbalance "
                               "%lf dB phase error %lf deg", &di, &dq, &dcdb, &ge, &pe), 5);
    int sib1 = count_of("crc ok SIB1");
    double snr1 = mean_snr(&n1);
    print_message("with --iq-correct: dc %+.4f%+.4fj gain %+.3f dB phase %+.3f deg; %d SIB1 "
                  "decoded, mean SNR %.1f dB over %d subframes\n", di, dq, ge, pe, sib1, snr1, n1);
    assert_true(cabs(di + I * dq - dco) < 0.01);
    assert_true(fabs(ge - (gain_db + own_gain_db)) < 0.1);
    assert_true(fabs(pe - (phase_deg + own_phase_deg)) < 0.3);
    assert_non_null(strstr(out, "cell pci 77 FDD normal-CP 6 PRB 1 port"));
    for (int k = 1; k < N_SF / 20; k++) { /* the first frame may be lost to the search */
        char want[200];
        snprintf(want, sizeof want, "crc ok SIB1 distributed\n      tb %.60s\n", hexes[k]);
        if (!strstr(out, want))
            fail_msg("SIB1 %d missing: %s", k, want);
    }
    assert_true(snr1 > snr0 + 3);
    /* JSON: the estimates in the cell object */
    st = run("%s rx %s --rate 1.92e6 --format cu8 --iq-correct --json", bin, path);
    assert_int_equal(st, 0);
    p = strstr(out, "{\"type\":\"cell\",\"pci\":77,");
    assert_non_null(p);
    const char *q = strstr(p, ",\"iq\":{\"dc_i\":");
    assert_non_null(q);
    assert_true(q < strchr(p, '\n'));
    assert_int_equal(sscanf(q, ",\"iq\":{\"dc_i\":%lf,\"dc_q\":%lf,\"dc_db\":%lf,"
                               "\"imbalance_estimated\":true,\"gain_db\":%lf,\"phase_deg\":%lf}",
                            &di, &dq, &dcdb, &ge, &pe), 5);
    assert_true(fabs(ge - (gain_db + own_gain_db)) < 0.1);
    assert_true(fabs(pe - (phase_deg + own_phase_deg)) < 0.3);
    /* without the option, no estimates printed */
    st = run("%s rx %s --rate 1.92e6 --format cu8 --json --max-frames 1", bin, path);
    assert_null(strstr(out, "\"iq\""));
    assert_int_equal(run("%s rx --help", bin), 0);
    assert_non_null(strstr(out, "--iq-correct"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_amarisoft_text),
        cmocka_unit_test(test_amarisoft_json_dump),
        cmocka_unit_test(test_noise),
        cmocka_unit_test(test_si_formats),
        cmocka_unit_test(test_si_combine),
        cmocka_unit_test(test_si_window_1c),
        cmocka_unit_test(test_tdd_config_from_sib1),
        cmocka_unit_test(test_band3_sibs),
        cmocka_unit_test(test_sib6_sib7),
        cmocka_unit_test(test_pmi_report),
        cmocka_unit_test(test_iq_correct),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
