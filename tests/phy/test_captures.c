/* The receiver on real recordings (../shared/captures, see its README.md):
 * what the recordings' publishers report is the expected value.
 *  - band3_fdd_20mhz_19.2M_hackrf.ci8 (HackRF, 19.2 Msps, 80 ms): PCI 301,
 *    FDD, normal CP; every one of the 8 frames carries a MIB whose CRC
 *    checks: 2 ports, 100 PRB, PHICH normal, N_g = 1, first SFN 13.
 *  - amarisoft_fdd_6prb_1.92M.cf32 (one frame from sample 0): PCI 1, FDD,
 *    normal CP, 1 port, 6 PRB, SFN 656.
 *  - noise_1.92M_hackrf.ci8: no cell, hence no MIB.
 * The 20 MHz recording also checks the full-band channel estimator: at
 * 30.72 Msps, every subframe 0 demodulated over 100 RB, the CRS channel of
 * both ports estimated (Wiener and linear), the PBCH pulled from the middle
 * of the 1200 subcarriers with the grid classification and decoded with the
 * library's SFBC combiner and BCH decoder: all 8 MIBs must check again, with
 * the SFNs 13..20.
 * Each test is skipped, saying so, when its file is absent. The same files
 * through the command line (`ltephy cellsearch --json`), and its exit codes
 * for bad input, close the file.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ltephy/cellsearch.h"
#include "ltephy/chest.h"
#include "ltephy/control.h"
#include "ltephy/grid.h"
#include "ltephy/iq.h"
#include "ltephy/layers.h"
#include "ltephy/modulation.h"
#include "ltephy/ofdm.h"
#include "ltephy/scrambling.h"
#include "tests/common/testutil.h"

/* Search a recording; returns the number of cells (cells[] filled). */
static int search_file(const char *name, lte_iq_format fmt, double rate, lte_cs_cell *cells,
                       int max, size_t *n_out)
{
    const char *path = tu_capture(name);
    if (!path) {
        print_message("capture %s not found ($LTEPHY_CAPTURES or ../shared/captures): "
                      "skipped\n", name);
        return -1;
    }
    float complex *raw = NULL, *x = NULL;
    size_t nr = 0, n = 0;
    assert_int_equal(lte_iq_read_file(path, fmt, 0, &raw, &nr), 0);
    if (rate != LTE_CS_FS) {
        n = lte_iq_resample_len(nr, rate, LTE_CS_FS);
        x = malloc(n * sizeof *x);
        assert_int_equal(lte_iq_resample(raw, nr, rate, LTE_CS_FS, x), 0);
        free(raw);
    } else {
        x = raw;
        n = nr;
    }
    lte_cs_cfg cfg;
    lte_cs_cfg_init(&cfg);
    lte_cs *cs = NULL;
    assert_int_equal(lte_cs_create(&cfg, &cs), 0);
    int nc = -1;
    assert_int_equal(lte_cs_search(cs, x, n, cells, max, &nc), 0);
    for (int i = 0; i < nc; i++)
        print_message("%s: pci %d cfo %.1f Hz frame %.4f ms pss %.3f sss %.3f mib %d/%d sfn %d "
                      "ports %d prb %d\n", name, cells[i].pci, cells[i].cfo_hz,
                      1e3 * cells[i].frame_start / LTE_CS_FS, cells[i].pss_metric,
                      cells[i].sss_metric, cells[i].mibs_ok, cells[i].mibs_tried,
                      cells[i].mib.sfn, cells[i].mib.n_ports, cells[i].mib.n_rb);
    lte_cs_destroy(cs);
    free(x);
    if (n_out)
        *n_out = n;
    return nc;
}

static void test_band3_20mhz(void **state)
{
    (void)state;
    lte_cs_cell c[4];
    int nc = search_file("band3_fdd_20mhz_19.2M_hackrf.ci8", LTE_IQ_CI8, 19.2e6, c, 4, NULL);
    if (nc < 0)
        skip();
    assert_true(nc >= 1);
    assert_int_equal(c[0].pci, 301);
    assert_int_equal((int)c[0].duplex, (int)LTE_FDD);
    assert_int_equal((int)c[0].cp, (int)LTE_CP_NORMAL);
    assert_int_equal(c[0].mibs_tried, 8);
    assert_int_equal(c[0].mibs_ok, 8);
    assert_int_equal(c[0].sfn_consistent, 1);
    assert_int_equal(c[0].mib.sfn, 13);
    assert_int_equal(c[0].mib.n_ports, 2);
    assert_int_equal(c[0].mib.n_rb, 100);
    assert_int_equal((int)c[0].mib.phich_dur, (int)LTE_PHICH_NORMAL);
    assert_int_equal((int)c[0].mib.ng, (int)LTE_NG_1);
    /* The HackRF clocks its LO and its ADC from one crystal, so the sampling
     * clock is off by the same ppm as the carrier: CFO f at 1815.3 MHz
     * means a clock offset of -f / 1815.3 MHz (a slow crystal puts the
     * cell above the LO and makes the frames shorter in samples). The
     * frame-by-frame PSS timing must agree within 2 ppm. */
    double ppm_lo = -c[0].cfo_hz / 1815.3e6 * 1e6;
    print_message("clock %.2f ppm from the PSS timing, %.2f ppm from the CFO\n", c[0].clock_ppm,
                  ppm_lo);
    assert_true(fabs(c[0].clock_ppm - ppm_lo) < 2.0);
    /* any other "cell" would be a false detection: none may carry a MIB */
    for (int i = 1; i < nc; i++)
        assert_int_equal(c[i].mibs_ok, 0);
}

static void test_amarisoft_6prb(void **state)
{
    (void)state;
    lte_cs_cell c[4];
    int nc = search_file("amarisoft_fdd_6prb_1.92M.cf32", LTE_IQ_CF32, 1.92e6, c, 4, NULL);
    if (nc < 0)
        skip();
    assert_int_equal(nc, 1);
    assert_int_equal(c[0].pci, 1);
    assert_int_equal((int)c[0].duplex, (int)LTE_FDD);
    assert_int_equal((int)c[0].cp, (int)LTE_CP_NORMAL);
    /* the frame starts at sample 0 (README) */
    assert_true(c[0].frame_start <= 1 || c[0].frame_start >= LTE_CS_FRAME - 1);
    assert_int_equal(c[0].mibs_ok, 1);
    assert_int_equal(c[0].mib.sfn, 656);
    assert_int_equal(c[0].mib.n_ports, 1);
    assert_int_equal(c[0].mib.n_rb, 6);
}

static void test_noise(void **state)
{
    (void)state;
    lte_cs_cell c[4];
    int nc = search_file("noise_1.92M_hackrf.ci8", LTE_IQ_CI8, 1.92e6, c, 4, NULL);
    if (nc < 0)
        skip();
    assert_int_equal(nc, 0);
}

/* ---- full-band channel estimation on the 20 MHz recording ---------------- */

typedef struct fullband {
    lte_cell_cfg cell;
    lte_ofdm *ofdm;
    lte_chest *chest;
    lte_ctrl_dec *dec;
    float complex *grid, *h[2];
    uint32_t pbch[240];
    int n_pbch;
} fullband;

static void fullband_init(fullband *fb, lte_chest_freq fm)
{
    lte_cell_cfg_init(&fb->cell);
    fb->cell.n_rb = 100;
    fb->cell.n_ports = 2;
    fb->cell.cell_id = 301;
    lte_ofdm_cfg oc = {.n_rb = 100, .window_offset = 72}; /* half the CP: timing slack */
    assert_int_equal(lte_ofdm_create(&oc, &fb->ofdm), 0);
    lte_chest_cfg ec;
    lte_chest_cfg_init(&ec, &fb->cell);
    ec.freq = fm;
    assert_int_equal(lte_chest_create(&ec, &fb->chest), 0);
    assert_int_equal(lte_ctrl_dec_create(&fb->dec), 0);
    fb->grid = malloc(1200 * 14 * sizeof *fb->grid);
    for (int p = 0; p < 2; p++)
        fb->h[p] = malloc(1200 * 14 * sizeof *fb->h[p]);
    uint8_t *map = malloc(1200 * 14);
    assert_int_equal(lte_grid_classify(&fb->cell, 0, map), 0);
    fb->n_pbch = lte_grid_re_list(&fb->cell, map, LTE_RE_PBCH, 7, 11, NULL, fb->pbch, 240);
    assert_int_equal(fb->n_pbch, 240);
    free(map);
}

static void fullband_free(fullband *fb)
{
    lte_ofdm_destroy(fb->ofdm);
    lte_chest_destroy(fb->chest);
    lte_ctrl_dec_destroy(fb->dec);
    free(fb->grid);
    free(fb->h[0]);
    free(fb->h[1]);
}

/* Error of the equalised PBCH symbols against the symbols the decoded MIB
 * re-encodes to (BCH coding, scrambling, QPSK), over the mean noise
 * variance the combiner predicted from the estimator's n0. */
static double pbch_error_ratio(const uint8_t mib[24], int off, const float complex *x,
                               const float *nv, double *scale)
{
    uint8_t e[LTE_BCH_E_NORMAL];
    assert_int_equal(lte_bch_encode(mib, 2, LTE_BCH_E_NORMAL, e), 0);
    uint32_t ci;
    lte_scr_cinit_pbch(301, &ci);
    assert_int_equal(lte_scramble_bits(ci, 0, e, LTE_BCH_E_NORMAL, e, LTE_SIMD_AUTO), 0);
    float complex d[240];
    assert_int_equal(lte_mod_map(LTE_MOD_QPSK, e + off * 480, 480, d), 0);
    /* the PBCH may be sent at another power than the CRS (per port, 2-port
     * SFBC halves it, 36.211 §6.3.4.3): fit the common scale first */
    double complex a = 0;
    for (int i = 0; i < 240; i++)
        a += x[i] * conjf(d[i]) / 240;
    double err = 0, pred = 0;
    for (int i = 0; i < 240; i++) {
        err += pow(cabs(x[i] - a * d[i]), 2) / 240;
        pred += nv[i] / 240;
    }
    *scale = cabs(a);
    return err / pred;
}

/* One frame's subframe 0 (sf: 30720 samples, CFO removed): returns the SFN
 * or -1, the SNR of the CRS (mean |H|^2 / n0) in *snr_db and the
 * re-encoding error ratio in *ratio. */
static int fullband_frame(fullband *fb, const float complex *sf, double *snr_db, double *ratio,
                          double *scale)
{
    assert_int_equal(lte_ofdm_demod_subframe(fb->ofdm, sf, fb->grid), 0);
    const float complex *rx[1] = {fb->grid};
    float n0 = 0;
    assert_int_equal(lte_chest_estimate(fb->chest, 0, rx, fb->h, &n0), 0);
    float complex r[240], h[480], x[240];
    float nv[240], llr[LTE_BCH_E_NORMAL] = {0};
    double ph = 0;
    for (int i = 0; i < 240; i++) {
        r[i] = fb->grid[fb->pbch[i]];
        h[2 * i] = fb->h[0][fb->pbch[i]];
        h[2 * i + 1] = fb->h[1][fb->pbch[i]];
        ph += (pow(cabsf(h[2 * i]), 2) + pow(cabsf(h[2 * i + 1]), 2)) / 480.0;
    }
    *snr_db = 10 * log10(ph / n0);
    lte_mimo_cfg mc = {.scheme = LTE_TX_DIVERSITY, .n_ports = 2, .n_layers = 2, .n_cw = 1};
    assert_int_equal(lte_sfbc_combine(&mc, LTE_EQ_MMSE, 1, r, h, n0, 240, x, nv), 0);
    float q[480];
    assert_int_equal(lte_demap_maxlog(LTE_MOD_QPSK, x, 240, nv, 240, q, LTE_SIMD_AUTO), 0);
    uint32_t ci;
    lte_scr_cinit_pbch(301, &ci);
    for (int off = 0; off < 4; off++) {
        for (int i = 0; i < LTE_BCH_E_NORMAL; i++)
            llr[i] = i / 480 == off ? q[i % 480] : 0.0f;
        lte_descramble_llr(ci, 0, llr, LTE_BCH_E_NORMAL, LTE_SIMD_AUTO);
        uint8_t mib[24];
        int ports = 0;
        if (lte_bch_decode(fb->dec, llr, LTE_BCH_E_NORMAL, 2, mib, &ports) == 0) {
            *ratio = pbch_error_ratio(mib, off, x, nv, scale);
            int sfn8 = 0;
            for (int i = 6; i < 14; i++)
                sfn8 = sfn8 << 1 | mib[i];
            return sfn8 * 4 + off;
        }
    }
    return -1;
}

/* Frame k starts at 16 (frame_start_fine + k 19200 (1 + ppm 1e-6)) samples
 * at 30.72 Msps: the search's tracked timing, drift included. */
static void fullband_run(const float complex *y, size_t ny, const lte_cs_cell *c,
                         lte_chest_freq fm)
{
    fullband fb;
    fullband_init(&fb, fm);
    float complex *sf = malloc(30720 * sizeof *sf);
    double cfo = c->cfo_hz;
    int ok = 0, frames = 0;
    for (;; frames++) {
        long f = lround(16.0 * (c->frame_start_fine +
                                frames * LTE_CS_FRAME * (1.0 + c->clock_ppm * 1e-6)));
        if (f < 0 || f + 30720 > (long)ny)
            break;
        for (long i = 0; i < 30720; i++)
            sf[i] = y[f + i] * (float complex)cexp(-2.0 * I * M_PI * cfo * (double)(f + i) / 30.72e6);
        double snr = 0, ratio = 0, scale = 0;
        int sfn = fullband_frame(&fb, sf, &snr, &ratio, &scale);
        print_message("20 MHz %s: frame %d SFN %d, CRS SNR %.1f dB, PBCH scale %.2f, "
                      "error / predicted %.2f\n", fm == LTE_CHEST_FREQ_WIENER ? "wiener" : "linear",
                      frames, sfn, snr, scale, ratio);
        assert_int_equal(sfn, 13 + frames);
        /* a channel estimate at the wrong REs or of the wrong sequence is
         * noise, |H|^2 ~ n0: 0 dB */
        assert_true(snr > 6.0);
        /* the combiner's noise prediction (from the estimated n0) explains
         * the actual symbol errors to within a factor of 3: channel
         * estimation error and interference, which n0 at the CRS does not
         * all see, put the ratio above 1; an n0 off by 5 dB either way fails */
        assert_true(ratio > 0.5 && ratio < 3.0);
        ok++;
    }
    assert_int_equal(ok, 8);
    free(sf);
    fullband_free(&fb);
}

static void test_band3_fullband_chest(void **state)
{
    (void)state;
    lte_cs_cell c[4];
    const char *name = "band3_fdd_20mhz_19.2M_hackrf.ci8";
    int nc = search_file(name, LTE_IQ_CI8, 19.2e6, c, 4, NULL);
    if (nc < 0)
        skip();
    assert_true(nc >= 1 && c[0].pci == 301);
    float complex *raw = NULL;
    size_t nr = 0;
    assert_int_equal(lte_iq_read_file(tu_capture(name), LTE_IQ_CI8, 0, &raw, &nr), 0);
    size_t ny = lte_iq_resample_len(nr, 19.2e6, 30.72e6);
    float complex *y = malloc(ny * sizeof *y);
    assert_int_equal(lte_iq_resample(raw, nr, 19.2e6, 30.72e6, y), 0);
    free(raw);
    print_message("timing: first frame at %.3f samples (1.92 Msps), clock %.2f ppm\n",
                  c[0].frame_start_fine, c[0].clock_ppm);
    fullband_run(y, ny, &c[0], LTE_CHEST_FREQ_WIENER);
    fullband_run(y, ny, &c[0], LTE_CHEST_FREQ_LINEAR);
    free(y);
}

/* ---- the command line --------------------------------------------------- */

static char out[65536];

/* Run `ltephy ARGS` of this build, stdout+stderr into out; exit status. */
static int run_cli(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run_cli(const char *fmt, ...)
{
    char args[2048], full[2600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(full, sizeof full, "%s/ltephy %s 2>&1", LTE_TEST_BUILD_DIR, args);
    FILE *p = popen(full, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void expect(const char *needle)
{
    if (!strstr(out, needle))
        print_message("missing %s in: %s\n", needle, out);
    assert_non_null(strstr(out, needle));
}

static void test_cli_captures(void **state)
{
    (void)state;
    /* tu_capture returns one static buffer: copy each path before the next */
    char pa[1100] = "", pb[1100] = "", pz[1100] = "";
    const char *p = tu_capture("amarisoft_fdd_6prb_1.92M.cf32");
    if (p)
        snprintf(pa, sizeof pa, "%s", p);
    if ((p = tu_capture("band3_fdd_20mhz_19.2M_hackrf.ci8")))
        snprintf(pb, sizeof pb, "%s", p);
    if ((p = tu_capture("noise_1.92M_hackrf.ci8")))
        snprintf(pz, sizeof pz, "%s", p);
    if (!*pa || !*pb || !*pz) {
        print_message("captures not found ($LTEPHY_CAPTURES or ../shared/captures): skipped\n");
        skip();
    }
    assert_int_equal(run_cli("cellsearch '%s' --rate 1920000 --format cf32 --json", pa), 0);
    const char *ea[] = {"\"pci\":1,", "\"duplex\":\"fdd\"", "\"cp\":\"normal\"", "\"ports\":1,",
                        "\"n_prb\":6,", "\"sfn\":656,", "\"mibs_ok\":1,", "\"mibs_tried\":1}"};
    for (size_t i = 0; i < sizeof ea / sizeof ea[0]; i++)
        expect(ea[i]);
    assert_int_equal(run_cli("cellsearch '%s' --rate 19.2e6 --format ci8 --json", pb), 0);
    const char *eb[] = {"\"pci\":301,", "\"ports\":2,", "\"n_prb\":100,",
                        "\"phich_duration\":\"normal\"", "\"phich_ng\":\"1\"", "\"sfn\":13,",
                        "\"mibs_ok\":8,", "\"mibs_tried\":8}"};
    for (size_t i = 0; i < sizeof eb / sizeof eb[0]; i++)
        expect(eb[i]);
    /* no cell: nothing printed with --json, exit 0 */
    assert_int_equal(run_cli("cellsearch '%s' --rate 1.92e6 --format ci8 --json", pz), 0);
    assert_string_equal(out, "");
}

static void test_cli_errors(void **state)
{
    (void)state;
    assert_int_equal(run_cli("cellsearch x.cf32 --rate 1.92e6 --format cf32 --bogus"), 2);
    expect("'--bogus'");
    assert_int_equal(run_cli("cellsearch /nonexistent/x.cf32 --rate 1.92e6 --format cf32"), 2);
    expect("cannot open");
    assert_int_equal(run_cli("cellsearch x.cf32 --rate fast --format cf32"), 2);
    assert_int_equal(run_cli("cellsearch x.cf32 --rate 1.92e6 --format cs8"), 2);
    assert_int_equal(run_cli("cellsearch x.cf32 --format cf32"), 2);
    /* a truncated recording: 1001 bytes is not a whole number of cf32 samples */
    char path[] = "/tmp/ltephy_test_cs_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char junk[1001] = {0};
    assert_int_equal(write(fd, junk, sizeof junk), (ssize_t)sizeof junk);
    close(fd);
    assert_int_equal(run_cli("cellsearch %s --rate 1.92e6 --format cf32", path), 2);
    expect("whole number");
    /* too short to search (1000 ci8 samples), also exit 2 */
    assert_int_equal(run_cli("cellsearch %s --rate 1.92e6 --format cu8", path), 2);
    unlink(path);
    assert_int_equal(run_cli("cellsearch --help"), 0);
    expect("usage: ltephy cellsearch");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_band3_20mhz),  cmocka_unit_test(test_amarisoft_6prb),
        cmocka_unit_test(test_noise),        cmocka_unit_test(test_band3_fullband_chest),
        cmocka_unit_test(test_cli_captures),
        cmocka_unit_test(test_cli_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
