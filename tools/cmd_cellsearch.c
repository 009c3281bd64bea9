/* ltephy cellsearch: find LTE cells in an IQ recording and read their MIB.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ltephy/cellsearch.h"
#include "ltephy/error.h"
#include "ltephy/iq.h"

#define CS_MAX_CELLS 16

static void usage(FILE *f)
{
    fprintf(f,
            "usage: ltephy cellsearch FILE --rate R --format F [--json] [--cfo-max HZ]\n"
            "                         [--max-frames N] [--half-frames N] [--iq-correct]\n"
            "                         [--ppm-search P]\n\n"
            "Searches a headerless IQ recording for LTE cells (PSS/SSS, 36.211 §6.11),\n"
            "estimates their CFO and frame timing and decodes the MIB of every radio\n"
            "frame (PBCH, blind 1/2/4-port detection). Any input rate is resampled to\n"
            "1.92 Msps (the central 6 RB) with liquid-dsp.\n\n"
            "  --rate R        sampling rate in Hz: 1.92e6, 1920000, 19.2e6 ...\n"
            "  --format F      cf32, ci16, ci8 (HackRF) or cu8 (RTL-SDR, offset 127.5)\n"
            "  --json          one JSON object per cell and line instead of the table\n"
            "  --cfo-max HZ    integer-CFO search range (default 15000: -15/0/+15 kHz)\n"
            "  --max-frames N  decode the MIB in at most N frames (default: all)\n"
            "  --half-frames N accumulate the PSS and SSS over N half-frames (5 ms), 1..64\n"
            "                  (default 8 = 40 ms): a longer recording finds weaker cells\n"
            "                  (16 on an 80 ms one: about 1 dB), thresholds scaled to keep\n"
            "                  the false-alarm rate (cellsearch.h)\n"
            "  --iq-correct    before everything else, remove the DC offset (the mean of the\n"
            "                  recording) and estimate and correct the IQ gain/phase\n"
            "                  imbalance (moment method, iq.h); meant for cheap SDRs with\n"
            "                  LO leakage and imbalance: HackRF (ci8), RTL-SDR (cu8). Prints\n"
            "                  the DC, gain imbalance and phase error (JSON: \"iq\" in each\n"
            "                  cell). Default off: the samples are used as they are\n\n"
            "  --ppm-search P  also search with the recording's clock taken to be off by\n"
            "                  +-20, +-40 .. +-P ppm (0..200, default 0: as it is), each\n"
            "                  cell kept from the search where it decoded best; its\n"
            "                  clock_ppm includes the offset. For receivers with loose\n"
            "                  clocks (cheap SDRs: 20-100 ppm): the PSS of a clock 50 ppm\n"
            "                  off drifts 3.8 samples over 8 half-frames at 1.92 Msps and\n"
            "                  its metric loses 3 dB (80 ppm: 5 dB), enough to miss a weak\n"
            "                  cell. Each offset is one more search (time and false alarms\n"
            "                  grow with their number)\n\n"
            "No cell found prints nothing (or an empty table) and exits 0; an unreadable\n"
            "file exits 2.\n");
}

typedef struct cs_opts {
    const char *path;
    double rate;
    int have_rate, have_fmt, json, max_frames, half_frames, iq_correct;
    double cfo_max, ppm_search;
    lte_iq_format fmt;
} cs_opts;

static int need_value(int i, int argc, const char *opt)
{
    if (i + 1 >= argc) {
        fprintf(stderr, "ltephy cellsearch: option '%s' needs a value\n", opt);
        return 0;
    }
    return 1;
}

static int parse_num(const char *opt, const char *s, double lo, double hi, double *v)
{
    char *end = NULL;
    double d = strtod(s, &end);
    if (end == s || *end || !(d >= lo && d <= hi)) {
        fprintf(stderr, "ltephy cellsearch: bad value '%s' for %s (%g..%g)\n", s, opt, lo, hi);
        return -1;
    }
    *v = d;
    return 0;
}

/* 0 = run, 1 = --help printed, 2 = usage error. */
static int parse_args(int argc, char **argv, cs_opts *o)
{
    memset(o, 0, sizeof *o);
    o->cfo_max = 15000.0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        double v;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 1;
        } else if (strcmp(a, "--json") == 0) {
            o->json = 1;
        } else if (strcmp(a, "--iq-correct") == 0) {
            o->iq_correct = 1;
        } else if (strcmp(a, "--rate") == 0) {
            if (!need_value(i, argc, a))
                return 2;
            if (lte_iq_parse_rate(argv[++i], &o->rate) < 0) {
                fprintf(stderr, "ltephy cellsearch: --rate: %s\n", lte_errdetail());
                return 2;
            }
            o->have_rate = 1;
        } else if (strcmp(a, "--format") == 0) {
            if (!need_value(i, argc, a))
                return 2;
            if (lte_iq_format_parse(argv[++i], &o->fmt) < 0) {
                fprintf(stderr, "ltephy cellsearch: --format: %s\n", lte_errdetail());
                return 2;
            }
            o->have_fmt = 1;
        } else if (strcmp(a, "--cfo-max") == 0) {
            if (!need_value(i, argc, a) || parse_num(a, argv[++i], 0, 60000, &o->cfo_max) < 0)
                return 2;
        } else if (strcmp(a, "--ppm-search") == 0) {
            if (!need_value(i, argc, a) || parse_num(a, argv[++i], 0, 200, &o->ppm_search) < 0)
                return 2;
        } else if (strcmp(a, "--max-frames") == 0) {
            if (!need_value(i, argc, a) || parse_num(a, argv[++i], 0, 1e6, &v) < 0)
                return 2;
            o->max_frames = (int)v;
        } else if (strcmp(a, "--half-frames") == 0) {
            if (!need_value(i, argc, a) || parse_num(a, argv[++i], 1, 64, &v) < 0)
                return 2;
            if (v != floor(v)) {
                fprintf(stderr, "ltephy cellsearch: bad value '%s' for %s (an integer)\n",
                        argv[i], a);
                return 2;
            }
            o->half_frames = (int)v;
        } else if (a[0] == '-' && a[1] != '\0') {
            lte_cli_bad_option("cellsearch", a);
            return 2;
        } else if (!o->path) {
            o->path = a;
        } else {
            fprintf(stderr, "ltephy cellsearch: more than one FILE ('%s')\n", a);
            return 2;
        }
    }
    if (!o->path || !o->have_rate || !o->have_fmt) {
        fprintf(stderr, "ltephy cellsearch: FILE, --rate and --format are required\n");
        return 2;
    }
    return 0;
}

static const char *ng_name(lte_phich_ng ng)
{
    static const char *const s[] = {"1/6", "1/2", "1", "2"};
    return (unsigned)ng < 4 ? s[ng] : "?";
}

static void print_json(const lte_cs_cell *c, double in_rate, const lte_iq_frontend *fe)
{
    double t = c->frame_start_fine / LTE_CS_FS;
    printf("{\"pci\":%d,\"n_id1\":%d,\"n_id2\":%d,\"duplex\":\"%s\",\"cp\":\"%s\","
           "\"cfo_hz\":%.1f,\"frame_start_s\":%.8f,\"frame_start_sample\":%.1f,"
           "\"clock_ppm\":%.2f,"
           "\"pss_metric\":%.4f,\"sss_metric\":%.4f,\"pss_power_db\":%.2f,"
           "\"sss_power_db\":%.2f,",
           c->pci, c->n_id1, c->n_id2, c->duplex == LTE_TDD ? "tdd" : "fdd",
           c->cp == LTE_CP_EXTENDED ? "extended" : "normal", c->cfo_hz, t, t * in_rate,
           c->clock_ppm, c->pss_metric, c->sss_metric, c->pss_power_db, c->sss_power_db);
    if (fe) {
        printf("\"iq\":{");
        lte_cli_print_iq_json(fe);
        printf("},");
    }
    if (c->mibs_ok > 0)
        printf("\"ports\":%d,\"n_prb\":%d,\"phich_duration\":\"%s\",\"phich_ng\":\"%s\","
               "\"sfn\":%d,",
               c->mib.n_ports, c->mib.n_rb,
               c->mib.phich_dur == LTE_PHICH_EXTENDED ? "extended" : "normal",
               ng_name(c->mib.ng), c->mib.sfn);
    else
        printf("\"ports\":null,\"n_prb\":null,\"phich_duration\":null,\"phich_ng\":null,"
               "\"sfn\":null,");
    printf("\"sfn_consistent\":%s,\"mibs_ok\":%d,\"mibs_combined\":%d,\"mibs_tried\":%d}\n",
           c->sfn_consistent ? "true" : "false", c->mibs_ok, c->mibs_combined, c->mibs_tried);
}

static void print_table(const lte_cs_cell *c, int n)
{
    printf("%4s %-8s %-6s %9s %11s %6s %6s %7s %7s %5s %4s %-8s %3s %5s %s\n", "PCI", "CP",
           "DUPLEX", "CFO_HZ", "FRAME_MS", "PSS", "SSS", "PSS_DB", "SSS_DB", "PORTS", "PRB",
           "PHICH", "NG", "SFN", "MIBS_OK/TRIED");
    for (int i = 0; i < n; i++) {
        double ms = 1e3 * c[i].frame_start_fine / LTE_CS_FS;
        if (fabs(ms) < 5e-6) /* a tiny negative estimate would print as -0.00000 */
            ms = 0.0;
        printf("%4d %-8s %-6s %9.1f %11.5f %6.3f %6.3f %7.1f %7.1f ", c[i].pci,
               c[i].cp == LTE_CP_EXTENDED ? "extended" : "normal",
               c[i].duplex == LTE_TDD ? "tdd" : "fdd", c[i].cfo_hz,
               ms, c[i].pss_metric, c[i].sss_metric,
               c[i].pss_power_db, c[i].sss_power_db);
        if (c[i].mibs_ok > 0)
            printf("%5d %4d %-8s %3s %5d", c[i].mib.n_ports, c[i].mib.n_rb,
                   c[i].mib.phich_dur == LTE_PHICH_EXTENDED ? "extended" : "normal",
                   ng_name(c[i].mib.ng), c[i].mib.sfn);
        else
            printf("%5s %4s %-8s %3s %5s", "-", "-", "-", "-", "-");
        printf(" %d/%d", c[i].mibs_ok, c[i].mibs_tried);
        if (c[i].mibs_combined > 0) /* decoded only with their 40 ms period combined */
            printf(" (%d combined)", c[i].mibs_combined);
        printf("\n");
    }
}

/* Read the recording and with --iq-correct clean it up (fe). */
static int load(const cs_opts *o, float complex **raw, size_t *nr, lte_iq_frontend *fe)
{
    *raw = NULL;
    *nr = 0;
    int rc = lte_iq_read_file(o->path, o->fmt, 0, raw, nr);
    if (rc == 0 && o->iq_correct)
        rc = lte_iq_frontend_correct(*raw, *nr, fe);
    if (rc < 0) {
        free(*raw);
        *raw = NULL;
    }
    return rc;
}

/* The search, with --ppm-search at every clock offset (lte_cs_search_ppm). */
static int search_all(const cs_opts *o, const lte_cs_cfg *cfg, const float complex *raw,
                      size_t nr, lte_cs_cell *cells, int *nc)
{
    *nc = 0;
    float complex *x = NULL;
    size_t n = 0;
    int rc = lte_cli_resample(raw, nr, o->rate, LTE_CS_FS, &x, &n);
    if (rc < 0)
        return rc;
    if (n < 2048) {
        rc = lte_error_set(LTE_EINVAL, "'%s' is too short: %zu samples at 1.92 Msps "
                           "(at least 2048, about 1.1 ms)", o->path, n);
    } else {
        lte_cs *cs = NULL;
        if ((rc = lte_cs_create(cfg, &cs)) == 0)
            rc = lte_cs_search_ppm(cs, x, n, o->ppm_search, cells, CS_MAX_CELLS, nc);
        lte_cs_destroy(cs);
    }
    if (x != raw)
        free(x);
    return rc;
}

static int run(const cs_opts *o)
{
    float complex *raw = NULL;
    size_t nr = 0;
    lte_iq_frontend fe;
    int rc = load(o, &raw, &nr, &fe);
    if (rc < 0) {
        fprintf(stderr, "ltephy cellsearch: %s\n", lte_errdetail());
        return 2;
    }
    lte_cs_cfg cfg;
    lte_cs_cfg_init(&cfg);
    cfg.cfo_max_hz = o->cfo_max;
    cfg.max_frames = o->max_frames;
    if (o->half_frames > 0)
        cfg.max_half_frames = o->half_frames;
    lte_cs_cell cells[CS_MAX_CELLS];
    int nc = 0;
    rc = search_all(o, &cfg, raw, nr, cells, &nc);
    free(raw);
    if (rc < 0) {
        fprintf(stderr, "ltephy cellsearch: %s\n", lte_errdetail());
        return rc == LTE_EINVAL ? 2 : 1;
    }
    if (o->json) {
        for (int i = 0; i < nc; i++)
            print_json(&cells[i], o->rate, o->iq_correct ? &fe : NULL);
    } else {
        if (o->iq_correct)
            lte_cli_print_iq_text(&fe);
        print_table(cells, nc);
    }
    if (nc == 0 && o->ppm_search == 0 && !o->json) /* for a reader of the table; exit 0 */
        fprintf(stderr, "ltephy cellsearch: no cell found; if the receiver's clock may be "
                        "off by more than about 30 ppm, try --ppm-search 100\n");
    return 0;
}

static int cmd_cellsearch(int argc, char **argv)
{
    cs_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc == 1)
        return 0;
    if (rc == 2)
        return 2;
    return run(&o);
}
LTE_CMD(cellsearch, "find LTE cells (PSS/SSS, CFO, timing) and decode their MIB", cmd_cellsearch)
