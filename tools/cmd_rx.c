/* ltephy rx: the downlink receive chain on a recording: cell search, then
 * per subframe CFI, the DCIs of SI-RNTI (and of --rnti), and their PDSCH.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ltephy/cellsearch.h"
#include "ltephy/csi.h"
#include "ltephy/dci.h"
#include "ltephy/dlrx.h"
#include "ltephy/error.h"
#include "ltephy/iq.h"
#include "vec.h"

#define RX_MAX_CELLS 16

static void usage(FILE *f)
{
    fprintf(f,
            "usage: ltephy rx FILE --rate R --format F [--json] [--dump DIR] [--rnti X]...\n"
            "                 [--tm N] [--pmi N[:R]] [--max-frames N] [--no-si-combine]\n"
            "                 [--iq-correct] [--ppm-search P]\n\n"
            "Runs the downlink receive chain on a headerless IQ recording: cell search\n"
            "(PSS/SSS, CFO, timing, MIB) on the strongest cell with a MIB, then per\n"
            "subframe: OFDM demodulation, CRS channel estimation, PCFICH (CFI), PDCCH\n"
            "blind search for SI-RNTI (and the --rnti ones) with DCI formats 1A and 1C\n"
            "(1C: SI/P/RA-RNTI only), and the PDSCH of each assignment (36.213 §7.1.6.3\n"
            "localized or distributed VRBs, §7.1.7 TBS) with its CRC. Every SI-RNTI DCI\n"
            "of every subframe is printed with its format, TBS and CRC result, and a\n"
            "last line counts them. SIB1 is the SI-RNTI PDSCH of subframe 5 in even\n"
            "frames (36.331 §5.2.1.2); the others are SI messages. An SI-RNTI block\n"
            "whose CRC fails alone is soft-combined (HARQ) with the earlier failed\n"
            "transmissions of the same block (SIB1: same 80 ms; others: once a SIB1\n"
            "is decoded, the same SI window of 36.331 §5.2.3, else the same size\n"
            "within 40 ms; rv from the DCI, or for format 1C from SIB1's sequence or\n"
            "the index in the SI window, 36.321 §5.3.1) and decoded again; 'combined\n"
            "N' says how many transmissions a decode used, 'message M' which SI\n"
            "message of SIB1's list the window holds. The fields of each new SIB1\n"
            "(PLMNs, TAC, cell identity, band, SI messages and window) are printed\n"
            "once it decodes; of an SI message, its SIB list and the fields of SIB2\n"
            "(physical layer), SIB3 (cell reselection), SIB4 (intra-frequency\n"
            "neighbours), SIB5 (inter-frequency carriers), SIB6 (UTRA carriers), SIB7\n"
            "(GERAN carriers), SIB8 (CDMA2000), SIB9 (home eNB name), SIB10 and SIB11\n"
            "(ETWS notifications), each once per change.\n\n"
            "  --rate R        sampling rate in Hz: 1.92e6, 30.72e6, 19.2e6 ...\n"
            "  --format F      cf32, ci16, ci8 (HackRF) or cu8 (RTL-SDR)\n"
            "  --json          one JSON object per line: the cell, then one per subframe\n"
            "  --dump DIR      per-stage results of every subframe with a DCI, one folder\n"
            "                  per subframe (DIR/sfnNNNN_sfK) in the formats of\n"
            "                  vectors/FORMAT.md: samples, FFT grid, channel estimates,\n"
            "                  PDCCH soft bits, DCI bits, equalised PDSCH symbols, their\n"
            "                  noise variances, PDSCH soft bits, transport block\n"
            "  --rnti X        also search this RNTI (decimal or 0x hex, 1..65535);\n"
            "                  repeatable, up to 7\n"
            "  --tm N          transmission mode 1..4 of the --rnti ones (default 1): their\n"
            "                  UE-specific DCI format 1 (TM1/2), 2A (TM3) or 2 (TM4)\n"
            "  --pmi N[:R]     TM4: the UE's latest PMI report, PMI value N of 36.213 §7.2.4\n"
            "                  for rank R (default 1), for the format 2 grants that say\n"
            "                  \"precoding according to the latest PMI report on PUSCH\"\n"
            "                  (without it they are reported, not decoded)\n"
            "  --tdd-config N  TDD uplink-downlink configuration 0..6 of the cell (36.211\n"
            "                  Table 4.2-2) and --ssf-config N its special subframe\n"
            "                  configuration (Table 4.2-1); the MIB does not carry them:\n"
            "                  without these options a TDD cell is first decoded as\n"
            "                  configuration 1 / 7, and when SIB1 (its tdd-Config) says\n"
            "                  otherwise the chain starts again from the first frame\n"
            "                  with SIB1's configuration\n"
            "  --max-frames N  decode at most N radio frames (default: all)\n"
            "  --no-si-combine decode every SI transmission on its own\n"
            "  --iq-correct    before everything else, remove the DC offset (the mean of the\n"
            "                  recording) and estimate and correct the IQ gain/phase\n"
            "                  imbalance (moment method, iq.h); meant for cheap SDRs with\n"
            "                  LO leakage and imbalance: HackRF (ci8), RTL-SDR (cu8). Prints\n"
            "                  the DC, gain imbalance and phase error (a text line before\n"
            "                  the cell; JSON: \"iq\" in the cell object). Default off\n"
            "  --ppm-search P  find the cell also with the recording's clock taken to be\n"
            "                  off by +-20, +-40 .. +-P ppm, 0..200 (ltephy cellsearch\n"
            "                  --help); the chain then follows the clock offset found\n\n"
            "Exit status: 0 when the chain ran (decoding failures are reported in the\n"
            "output), 1 when no cell with a MIB was found, 2 for bad options or an\n"
            "unreadable file.\n");
}

typedef struct rx_opts {
    const char *path, *dump;
    double rate;
    int have_rate, have_fmt, json, max_frames, tm, no_si_combine, iq_correct;
    int pmi, ri;               /* --pmi: the UE's latest report (pmi -1: none) */
    long ppm_search;           /* --ppm-search P, ppm */
    int tdd_config, ssf_config; /* -1: default (cell.h), then SIB1's */
    lte_iq_format fmt;
    uint16_t rnti[LTE_DLRX_MAX_RNTI];
    int n_rnti;
} rx_opts;

static int need_value(int i, int argc, const char *opt)
{
    if (i + 1 >= argc) {
        fprintf(stderr, "ltephy rx: option '%s' needs a value\n", opt);
        return 0;
    }
    return 1;
}

static int parse_long(const char *opt, const char *s, long lo, long hi, long *v)
{
    char *end = NULL;
    long x = strtol(s, &end, 0);
    if (end == s || *end || x < lo || x > hi) {
        fprintf(stderr, "ltephy rx: bad value '%s' for %s (%ld..%ld)\n", s, opt, lo, hi);
        return -1;
    }
    *v = x;
    return 0;
}

static int add_rnti(rx_opts *o, long v)
{
    for (int i = 0; i < o->n_rnti; i++)
        if (o->rnti[i] == v)
            return 0;
    if (o->n_rnti >= LTE_DLRX_MAX_RNTI) {
        fprintf(stderr, "ltephy rx: at most %d RNTIs besides SI-RNTI\n", LTE_DLRX_MAX_RNTI - 1);
        return -1;
    }
    o->rnti[o->n_rnti++] = (uint16_t)v;
    return 0;
}

static int parse_opt(int argc, char **argv, int *i, rx_opts *o)
{
    const char *a = argv[*i];
    long v;
    if (strcmp(a, "--json") == 0) {
        o->json = 1;
    } else if (strcmp(a, "--no-si-combine") == 0) {
        o->no_si_combine = 1;
    } else if (strcmp(a, "--iq-correct") == 0) {
        o->iq_correct = 1;
    } else if (strcmp(a, "--rate") == 0) {
        if (!need_value(*i, argc, a))
            return 2;
        if (lte_iq_parse_rate(argv[++*i], &o->rate) < 0) {
            fprintf(stderr, "ltephy rx: --rate: %s\n", lte_errdetail());
            return 2;
        }
        o->have_rate = 1;
    } else if (strcmp(a, "--format") == 0) {
        if (!need_value(*i, argc, a))
            return 2;
        if (lte_iq_format_parse(argv[++*i], &o->fmt) < 0) {
            fprintf(stderr, "ltephy rx: --format: %s\n", lte_errdetail());
            return 2;
        }
        o->have_fmt = 1;
    } else if (strcmp(a, "--dump") == 0) {
        if (!need_value(*i, argc, a))
            return 2;
        o->dump = argv[++*i];
    } else if (strcmp(a, "--rnti") == 0) {
        if (!need_value(*i, argc, a) || parse_long(a, argv[++*i], 1, 65535, &v) < 0 ||
            add_rnti(o, v) < 0)
            return 2;
    } else if (strcmp(a, "--tm") == 0) {
        if (!need_value(*i, argc, a) || parse_long(a, argv[++*i], 1, 4, &v) < 0)
            return 2;
        o->tm = (int)v;
    } else if (strcmp(a, "--pmi") == 0) {
        if (!need_value(*i, argc, a))
            return 2;
        const char *t = argv[++*i];
        char *end = NULL;
        long n = strtol(t, &end, 10), r = 1;
        if (end != t && *end == ':') {
            const char *rs = end + 1;
            r = strtol(rs, &end, 10);
            if (end == rs)
                end = (char *)rs - 1; /* "N:" alone: refused below */
        }
        if (end == t || *end || n < 0 || n > 15 || r < 1 || r > 4) {
            fprintf(stderr, "ltephy rx: bad value '%s' for --pmi (N or N:R, N 0..15, R 1..4)\n",
                    t);
            return 2;
        }
        o->pmi = (int)n;
        o->ri = (int)r;
    } else if (strcmp(a, "--tdd-config") == 0) {
        if (!need_value(*i, argc, a) || parse_long(a, argv[++*i], 0, 6, &v) < 0)
            return 2;
        o->tdd_config = (int)v;
    } else if (strcmp(a, "--ssf-config") == 0) {
        if (!need_value(*i, argc, a) || parse_long(a, argv[++*i], 0, 9, &v) < 0)
            return 2;
        o->ssf_config = (int)v;
    } else if (strcmp(a, "--max-frames") == 0) {
        if (!need_value(*i, argc, a) || parse_long(a, argv[++*i], 1, 1000000, &v) < 0)
            return 2;
        o->max_frames = (int)v;
    } else if (strcmp(a, "--ppm-search") == 0) {
        if (!need_value(*i, argc, a) ||
            parse_long(a, argv[++*i], 0, (long)LTE_CS_PPM_MAX, &o->ppm_search) < 0)
            return 2;
    } else {
        lte_cli_bad_option("rx", a);
        return 2;
    }
    return 0;
}

/* 0 = run, 1 = --help printed, 2 = usage error. */
static int parse_args(int argc, char **argv, rx_opts *o)
{
    memset(o, 0, sizeof *o);
    o->tdd_config = o->ssf_config = -1;
    o->pmi = -1;
    o->ri = 1;
    o->rnti[o->n_rnti++] = LTE_SI_RNTI;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            int rc = parse_opt(argc, argv, &i, o);
            if (rc)
                return rc;
        } else if (!o->path) {
            o->path = a;
        } else {
            fprintf(stderr, "ltephy rx: more than one FILE ('%s')\n", a);
            return 2;
        }
    }
    if (!o->path || !o->have_rate || !o->have_fmt) {
        fprintf(stderr, "ltephy rx: FILE, --rate and --format are required\n");
        return 2;
    }
    return 0;
}

/* The strongest cell with a MIB; LTE_ENOTFOUND if none. */
static int find_cell(const rx_opts *o, const float complex *x, size_t n, lte_cs_cell *cell)
{
    lte_cs_cfg cfg;
    lte_cs_cfg_init(&cfg);
    cfg.max_frames = o->max_frames;
    lte_cs *cs = NULL;
    lte_cs_cell cells[RX_MAX_CELLS];
    int nc = 0, rc;
    if ((rc = lte_cs_create(&cfg, &cs)) == 0)
        rc = lte_cs_search_ppm(cs, x, n, (double)o->ppm_search, cells, RX_MAX_CELLS, &nc);
    lte_cs_destroy(cs);
    if (rc < 0)
        return rc;
    for (int i = 0; i < nc; i++)
        if (cells[i].mibs_ok > 0) {
            *cell = cells[i];
            return 0;
        }
    return lte_error_set(LTE_ENOTFOUND, "no cell with a decodable MIB in '%s'", o->path);
}

static const char *what_of(const lte_dlrx_sf *s, const lte_dlrx_grant *g)
{
    if (g->rnti == LTE_SI_RNTI)
        return s->subframe == 5 && s->sfn % 2 == 0 ? "SIB1" : "SI";
    if (g->rnti == LTE_P_RNTI)
        return "paging";
    return g->broadcast ? "RAR" : "data";
}

static void hex_of(const uint8_t *bits, int n, char *out)
{
    static const char hx[] = "0123456789abcdef";
    int k = 0;
    for (int i = 0; i < n; i += 4) {
        int v = 0;
        for (int j = 0; j < 4; j++)
            v = v << 1 | (i + j < n ? bits[i + j] : 0);
        out[k++] = hx[v];
    }
    out[k] = '\0';
}

static int has_pdsch(const lte_dlrx_grant *g)
{
    return g->format != LTE_DLRX_FMT_0;
}

static int dl_format(const lte_dlrx_grant *g)
{
    return g->format == LTE_DLRX_FMT_1 || g->format == LTE_DLRX_FMT_2 ||
           g->format == LTE_DLRX_FMT_2A;
}

static const char *fmt_name(const lte_dlrx_grant *g)
{
    switch (g->format) {
    case LTE_DLRX_FMT_1A: return "1A";
    case LTE_DLRX_FMT_1C: return "1C";
    case LTE_DLRX_FMT_1: return "1";
    case LTE_DLRX_FMT_2: return "2";
    case LTE_DLRX_FMT_2A: return "2A";
    default: return "0";
    }
}

static const char *status_of(const lte_dlrx_grant *g)
{
    if (!has_pdsch(g))
        return "uplink";
    return g->status == 0 ? "ok" : g->status == LTE_ECRC ? "crc-fail" : "unsupported";
}

static char tbhex[LTE_SCH_TBS_MAX / 4 + 2];

static void print_grant_text(const lte_dlrx_chain *ch, const lte_dlrx_sf *s, int i)
{
    const lte_dlrx_grant *g = &s->grant[i];
    printf("    DCI %s rnti 0x%04x L %d cce %d %s", fmt_name(g), g->rnti, g->L, g->cce,
           g->common ? "common" : "ue-specific");
    if (g->format == LTE_DLRX_FMT_1A)
        printf(" prb %d+%d mcs %d rv %d tpc %d tbs %d crc %s %s%s", g->rb_start, g->l_crbs,
               g->dci.mcs, g->dci.rv, g->dci.tpc, g->tbs, status_of(g), what_of(s, g),
               g->dci.distributed ? " distributed" : "");
    else if (g->format == LTE_DLRX_FMT_1C)
        printf(" prb %d+%d tbs-index %d rv %d gap %d tbs %d crc %s %s distributed", g->rb_start,
               g->l_crbs, g->dci1c.tbs_index, g->rv, g->dci1c.n_gap, g->tbs, status_of(g),
               what_of(s, g));
    else if (dl_format(g))
        printf(" prb %d+%d ra-type %d harq %d mcs %d/%d rv %d/%d tbs %d/%d crc %s %s", g->rb_start,
               g->n_prb, g->dl.ra_type, g->dl.harq, g->dl.tb[0].mcs, g->dl.tb[1].mcs,
               g->dl.tb[0].rv, g->dl.tb[1].rv, g->tbs_cw[0], g->n_cw > 1 ? g->tbs_cw[1] : 0,
               status_of(g), what_of(s, g));
    if (g->si_msg > 0)
        printf(" message %d", g->si_msg);
    if (g->combined > 1)
        printf(" combined %d", g->combined);
    printf("\n");
    const uint8_t *tb;
    int n;
    if (g->status == 0 && lte_dlrx_chain_tb(ch, i, &tb, &n) == 0) {
        hex_of(tb, n, tbhex);
        printf("      tb %s\n", tbhex);
    }
}

static void print_sf_text(const lte_dlrx_chain *ch, const lte_dlrx_sf *s)
{
    printf("sfn %4d sf %d cfi %d snr %5.1f dB dci %d\n", s->sfn, s->subframe, s->cfi,
           (double)s->snr_db, s->n_grants);
    for (int i = 0; i < s->n_grants; i++)
        print_grant_text(ch, s, i);
}

static void print_sf_json(const lte_dlrx_chain *ch, const lte_dlrx_sf *s)
{
    printf("{\"type\":\"subframe\",\"sfn\":%d,\"subframe\":%d,\"cfi\":%d,\"cfi_metric\":%.3g,"
           "\"n0\":%.4g,\"snr_db\":%.2f,\"dci\":[",
           s->sfn, s->subframe, s->cfi, (double)s->cfi_metric, (double)s->n0, (double)s->snr_db);
    for (int i = 0; i < s->n_grants; i++) {
        const lte_dlrx_grant *g = &s->grant[i];
        printf("%s{\"rnti\":%u,\"format\":\"%s\",\"L\":%d,\"cce\":%d,\"common\":%s", i ? "," : "",
               g->rnti, fmt_name(g), g->L, g->cce, g->common ? "true" : "false");
        if (g->format == LTE_DLRX_FMT_1C)
            printf(",\"distributed\":1,\"riv\":%d,\"gap\":%d,\"tbs_index\":%d,\"rb_start\":%d,"
                   "\"n_prb\":%d,\"rv\":%d,\"tbs\":%d,\"G\":%d,\"status\":\"%s\",\"crc_ok\":%s,"
                   "\"what\":\"%s\"",
                   g->dci1c.riv, g->dci1c.n_gap, g->dci1c.tbs_index, g->rb_start, g->n_prb,
                   g->rv, g->tbs, g->G, status_of(g), g->status == 0 ? "true" : "false",
                   what_of(s, g));
        if (g->rnti == LTE_SI_RNTI && has_pdsch(g))
            printf(",\"combined\":%d,\"si_message\":%d", g->combined, g->si_msg);
        if (dl_format(g))
            printf(",\"ra_type\":%d,\"rba\":%u,\"n_prb\":%d,\"harq\":%d,\"n_cw\":%d,"
                   "\"tbs\":%d,\"tbs2\":%d,\"G\":%d,\"status\":\"%s\",\"crc_ok\":%s,"
                   "\"what\":\"%s\"",
                   g->dl.ra_type, (unsigned)g->dl.rba, g->n_prb, g->dl.harq, g->n_cw, g->tbs_cw[0],
                   g->n_cw > 1 ? g->tbs_cw[1] : 0, g->G, status_of(g),
                   g->status == 0 ? "true" : "false", what_of(s, g));
        if (has_pdsch(g)) {
            if (g->format == LTE_DLRX_FMT_1A)
                printf(",\"distributed\":%d,\"riv\":%d,\"rb_start\":%d,\"n_prb\":%d,\"mcs\":%d,"
                       "\"harq\":%d,\"ndi\":%d,\"rv\":%d,\"tpc\":%d,\"tbs\":%d,\"G\":%d,"
                       "\"status\":\"%s\",\"crc_ok\":%s,\"what\":\"%s\"",
                       g->dci.distributed, g->dci.riv, g->rb_start, g->l_crbs, g->dci.mcs,
                       g->dci.harq, g->dci.ndi, g->dci.rv, g->dci.tpc, g->tbs, g->G,
                       status_of(g), g->status == 0 ? "true" : "false", what_of(s, g));
            const uint8_t *tb;
            int n;
            if (g->status == 0 && lte_dlrx_chain_tb(ch, i, &tb, &n) == 0) {
                hex_of(tb, n, tbhex);
                printf(",\"tb_hex\":\"%s\"", tbhex);
            }
        }
        printf("}");
    }
    printf("]}\n");
}

static void print_cell(const rx_opts *o, const lte_cs_cell *c, const lte_iq_frontend *fe)
{
    if (o->json) {
        printf("{\"type\":\"cell\",\"pci\":%d,\"duplex\":\"%s\",\"cp\":\"%s\",\"ports\":%d,"
               "\"n_prb\":%d,\"sfn\":%d,\"cfo_hz\":%.1f,\"frame_start_sample\":%.1f",
               c->pci, c->duplex == LTE_TDD ? "tdd" : "fdd",
               c->cp == LTE_CP_EXTENDED ? "extended" : "normal", c->mib.n_ports, c->mib.n_rb,
               c->mib.sfn, c->cfo_hz, c->frame_start_fine * o->rate / LTE_CS_FS);
        if (fe) {
            printf(",\"iq\":{");
            lte_cli_print_iq_json(fe);
            printf("}");
        }
        printf("}\n");
        return;
    }
    printf("cell pci %d %s %s-CP %d PRB %d port%s cfo %.1f Hz sfn %d\n", c->pci,
           c->duplex == LTE_TDD ? "TDD" : "FDD", c->cp == LTE_CP_EXTENDED ? "extended" : "normal",
           c->mib.n_rb, c->mib.n_ports, c->mib.n_ports > 1 ? "s" : "", c->cfo_hz, c->mib.sfn);
}

/* ---- --dump ----------------------------------------------------------------- */

static vec_case dump_case; /* large: not on the stack */

static int dump_cf32(lte_dlrx_chain *ch, lte_dlrx_stage st, int port, const char *name, int order)
{
    const void *d;
    int n, rc = lte_dlrx_chain_stage(ch, st, port, &d, &n);
    if (rc < 0)
        return rc;
    return vec_put_cf32(&dump_case, name, order, d, n, 16, 12, 30.0, 0);
}

static int dump_f32(lte_dlrx_chain *ch, lte_dlrx_stage st, const char *name, int order)
{
    const void *d;
    int n, rc = lte_dlrx_chain_stage(ch, st, 0, &d, &n);
    if (rc < 0)
        return rc;
    return vec_put_f32(&dump_case, name, order, d, n, 30.0, 0);
}

static int dump_front(lte_dlrx_chain *ch, const rx_opts *o, const lte_cs_cell *c,
                      const lte_dlrx_sf *s)
{
    char name[64], st[64];
    snprintf(name, sizeof name, "sfn%04d_sf%d", s->sfn, s->subframe);
    int rc = vec_case_begin(&dump_case, o->dump, name, "dlrx");
    if (rc < 0)
        return rc;
    vec_case_param(&dump_case, "pci", "%d", c->pci);
    vec_case_param(&dump_case, "n_prb", "%d", c->mib.n_rb);
    vec_case_param(&dump_case, "ports", "%d", c->mib.n_ports);
    vec_case_param(&dump_case, "cp", "%s", c->cp == LTE_CP_EXTENDED ? "extended" : "normal");
    vec_case_param(&dump_case, "duplex", "%s", c->duplex == LTE_TDD ? "tdd" : "fdd");
    vec_case_param(&dump_case, "sfn", "%d", s->sfn);
    vec_case_param(&dump_case, "subframe", "%d", s->subframe);
    vec_case_param(&dump_case, "cfi", "%d", s->cfi);
    vec_case_param(&dump_case, "n0", "%g", (double)s->n0);
    vec_case_param(&dump_case, "cfo_hz", "%.1f", c->cfo_hz);
    if ((rc = dump_cf32(ch, LTE_DLRX_STAGE_TIME, 0, "rx_time", 1)) < 0 ||
        (rc = dump_cf32(ch, LTE_DLRX_STAGE_GRID, 0, "fft_grid", 2)) < 0)
        return rc;
    for (int p = 0; p < c->mib.n_ports; p++) {
        snprintf(st, sizeof st, "chest_p%d", p);
        if ((rc = dump_cf32(ch, LTE_DLRX_STAGE_CHEST, p, st, 3)) < 0)
            return rc;
    }
    return dump_f32(ch, LTE_DLRX_STAGE_PDCCH_LLR, "pdcch_llr", 4);
}

static int dump_grant(lte_dlrx_chain *ch, const lte_dlrx_sf *s, int i)
{
    const lte_dlrx_grant *g = &s->grant[i];
    char st[64];
    snprintf(st, sizeof st, "dci_g%d", i);
    vec_case_param(&dump_case, st, "rnti=0x%04x L=%d cce=%d", g->rnti, g->L, g->cce);
    int rc = vec_put_bits(&dump_case, st, 5, g->payload, g->n_bits);
    if (rc < 0 || g->format != LTE_DLRX_FMT_1A || (g->status != 0 && g->status != LTE_ECRC))
        return rc;
    snprintf(st, sizeof st, "pdsch_eq_g%d", i);
    if ((rc = dump_cf32(ch, LTE_DLRX_STAGE_PDSCH_SYM, 0, st, 6)) < 0)
        return rc;
    snprintf(st, sizeof st, "pdsch_nv_g%d", i);
    if ((rc = dump_f32(ch, LTE_DLRX_STAGE_PDSCH_NV, st, 7)) < 0)
        return rc;
    snprintf(st, sizeof st, "pdsch_llr_g%d", i);
    if ((rc = dump_f32(ch, LTE_DLRX_STAGE_PDSCH_LLR, st, 8)) < 0)
        return rc;
    const uint8_t *tb;
    int n;
    if ((rc = lte_dlrx_chain_tb(ch, i, &tb, &n)) < 0)
        return rc;
    snprintf(st, sizeof st, "tb_g%d", i);
    return vec_put_bits(&dump_case, st, 9, tb, n);
}

/* ---- the chain over the recording ------------------------------------------------ */

/* One subframe: front, optional dump, grants. */
static int one_subframe(lte_dlrx_chain *ch, const rx_opts *o, const lte_cs_cell *c,
                        const float complex *x, int sf, int sfn, lte_dlrx_sf *s)
{
    int rc = lte_dlrx_chain_front(ch, x, sf, sfn, s);
    if (rc < 0)
        return rc;
    int dump = o->dump && s->n_grants > 0;
    if (dump && (rc = dump_front(ch, o, c, s)) < 0)
        goto fail;
    for (int i = 0; i < s->n_grants; i++) {
        if (has_pdsch(&s->grant[i]))
            lte_dlrx_chain_pdsch(ch, s, i);
        if (dump && (rc = dump_grant(ch, s, i)) < 0)
            goto fail;
    }
    if (dump && (rc = vec_case_end(&dump_case)) < 0)
        goto fail;
    return 0;
fail:
    vec_case_abort(&dump_case);
    return rc;
}

static void sib_name(int t, char *out, size_t cap)
{
    if (t >= LTE_SIB_EXT)
        snprintf(out, cap, "ext%d", t - LTE_SIB_EXT);
    else
        snprintf(out, cap, "SIB%d", t);
}

/* The SIB1 fields (sib.h), once per value tag. */
static void print_sib1(const rx_opts *o, const lte_sib1 *b)
{
    char nm[16];
    if (o->json) {
        printf("{\"type\":\"sib1\",\"plmn\":[");
        for (int i = 0; i < b->n_plmn; i++)
            printf("%s{\"mcc\":\"%03d\",\"mnc\":\"%0*d\"}", i ? "," : "",
                   b->plmn[i].has_mcc ? b->plmn[i].mcc : b->plmn[0].mcc, b->plmn[i].mnc_digits,
                   b->plmn[i].mnc);
        printf("],\"tac\":%u,\"cell_identity\":%u,\"cell_barred\":%s,\"band\":%d,"
               "\"q_rx_lev_min_dbm\":%d,\"si_window_ms\":%d,\"value_tag\":%d",
               b->tac, b->cell_identity, b->cell_barred ? "true" : "false", b->freq_band,
               b->q_rx_lev_min_dbm, b->si_window_ms, b->value_tag);
        if (b->has_p_max)
            printf(",\"p_max_dbm\":%d", b->p_max_dbm);
        if (b->has_tdd)
            printf(",\"tdd_config\":%d,\"ssf_config\":%d", b->tdd_config, b->ssf_config);
        printf(",\"si\":[");
        for (int m = 0; m < b->n_si; m++) {
            printf("%s{\"period_frames\":%d,\"sibs\":[%s", m ? "," : "",
                   b->si[m].period_frames, m == 0 ? "\"SIB2\"" : "");
            for (int j = 0; j < b->si[m].n_sib; j++) {
                sib_name(b->si[m].sib[j], nm, sizeof nm);
                printf("%s\"%s\"", m == 0 || j ? "," : "", nm);
            }
            printf("]}");
        }
        printf("]}\n");
        return;
    }
    printf("SIB1:");
    for (int i = 0; i < b->n_plmn; i++)
        printf(" plmn %03d-%0*d", b->plmn[i].has_mcc ? b->plmn[i].mcc : b->plmn[0].mcc,
               b->plmn[i].mnc_digits, b->plmn[i].mnc);
    printf(" tac %u cell-identity 0x%07x (eNB %u cell %u) band %d%s q-rxlevmin %d dBm",
           b->tac, b->cell_identity, b->cell_identity >> 8, b->cell_identity & 0xff,
           b->freq_band, b->cell_barred ? " barred" : "", b->q_rx_lev_min_dbm);
    if (b->has_p_max)
        printf(" p-max %d dBm", b->p_max_dbm);
    if (b->has_tdd)
        printf(" tdd-config %d ssf-config %d", b->tdd_config, b->ssf_config);
    printf(" si-window %d ms value-tag %d\n", b->si_window_ms, b->value_tag);
    for (int m = 0; m < b->n_si; m++) {
        printf("  SI message %d: every %d frames:%s", m + 1, b->si[m].period_frames,
               m == 0 ? " SIB2" : "");
        for (int j = 0; j < b->si[m].n_sib; j++) {
            sib_name(b->si[m].sib[j], nm, sizeof nm);
            printf(" %s", nm);
        }
        printf("\n");
    }
}

/* The TDD configuration of SIB1 when it differs from the chain's and makes a
 * valid cell with it (else 0). */
static int sib1_tdd_differs(const lte_sib1 *b, const lte_cell_cfg *cell, lte_cell_cfg *out)
{
    if (cell->duplex != LTE_TDD || !b->has_tdd ||
        (b->tdd_config == cell->tdd_config && b->ssf_config == cell->ssf_config))
        return 0;
    *out = *cell;
    out->tdd_config = b->tdd_config;
    out->ssf_config = b->ssf_config;
    return lte_cell_validate(out) == 0;
}

/* The SIB2 fields of an SI message (sib.h); in JSON with the SIBs it carries. */
static void print_sib2(const rx_opts *o, const lte_si_msg *m)
{
    const lte_sib2 *s = &m->sib2;
    char nm[16];
    if (o->json) {
        printf("{\"type\":\"sib2\",\"sibs\":[");
        for (int i = 0; i < m->n_types; i++) {
            sib_name(m->type[i], nm, sizeof nm);
            printf("%s\"%s\"", i ? "," : "", nm);
        }
        printf("],\"prach_config_index\":%d,\"root_seq_index\":%d,\"zczc\":%d,"
               "\"high_speed\":%s,\"prach_freq_offset\":%d,\"n_ra_preambles\":%d,"
               "\"preamble_init_target_dbm\":%d,\"ref_signal_power_dbm\":%d,\"p_b\":%d,"
               "\"n_sb\":%d,\"pusch_hopping_offset\":%d,\"group_hopping\":%s,"
               "\"seq_hopping\":%s,\"delta_pucch_shift\":%d,\"n_rb_cqi\":%d,\"n_cs_an\":%d,"
               "\"n1_pucch_an\":%d,\"srs\":%s,\"srs_bw_config\":%d,\"srs_sf_config\":%d,"
               "\"p0_nominal_pusch_dbm\":%d,\"alpha\":%.1f,\"p0_nominal_pucch_dbm\":%d,"
               "\"ul_n_rb\":%d,\"ul_cp\":\"%s\",\"time_alignment_sf\":%d}\n",
               s->prach_config_index, s->root_seq_index, s->zczc, s->high_speed ? "true" : "false",
               s->prach_freq_offset, s->n_ra_preambles, s->preamble_init_target_dbm,
               s->ref_signal_power_dbm, s->p_b, s->n_sb, s->pusch_hopping_offset,
               s->group_hopping ? "true" : "false", s->seq_hopping ? "true" : "false",
               s->delta_pucch_shift, s->n_rb_cqi, s->n_cs_an, s->n1_pucch_an,
               s->srs_setup ? "true" : "false", s->srs_bw_config, s->srs_sf_config,
               s->p0_nominal_pusch_dbm, s->alpha_x10 / 10.0, s->p0_nominal_pucch_dbm, s->ul_n_rb,
               s->ul_cp_extended ? "extended" : "normal", s->time_alignment_sf);
        return;
    }
    printf("SIB2: prach-config %d root %d zczc %d%s freq-offset %d, %d preambles, target %d dBm, "
           "ramp %d dB, max %d, window %d sf\n",
           s->prach_config_index, s->root_seq_index, s->zczc, s->high_speed ? " high-speed" : "",
           s->prach_freq_offset, s->n_ra_preambles, s->preamble_init_target_dbm,
           s->power_ramping_db, s->preamble_trans_max, s->ra_resp_window_sf);
    printf("  crs-power %d dBm p-b %d; pusch n-sb %d hopping %s offset %d%s%s%s cyclic-shift %d; "
           "pucch delta-shift %d nrb-cqi %d ncs-an %d n1-an %d\n",
           s->ref_signal_power_dbm, s->p_b, s->n_sb, s->hopping_intra ? "intra+inter" : "inter",
           s->pusch_hopping_offset, s->enable_64qam ? " 64qam" : "",
           s->group_hopping ? " group-hopping" : "", s->seq_hopping ? " sequence-hopping" : "",
           s->cyclic_shift, s->delta_pucch_shift, s->n_rb_cqi, s->n_cs_an, s->n1_pucch_an);
    printf("  srs %s", s->srs_setup ? "bw-config" : "released");
    if (s->srs_setup)
        printf(" %d sf-config %d", s->srs_bw_config, s->srs_sf_config);
    printf("; p0-pusch %d dBm alpha %.1f p0-pucch %d dBm; ul", s->p0_nominal_pusch_dbm,
           s->alpha_x10 / 10.0, s->p0_nominal_pucch_dbm);
    if (s->has_ul_earfcn)
        printf(" earfcn %d", s->ul_earfcn);
    if (s->ul_n_rb)
        printf(" %d PRB", s->ul_n_rb);
    else
        printf(" bandwidth as dl");
    printf(" %s CP; ta-timer ", s->ul_cp_extended ? "extended" : "normal");
    if (s->time_alignment_sf)
        printf("%d sf\n", s->time_alignment_sf);
    else
        printf("infinity\n");
}


/* Speed-dependent scale factors: "0.25/0.5" (medium/high). */
static void print_speed_sf(const lte_sib_speed_sf *f)
{
    printf("%g/%g", f->medium_x100 / 100.0, f->high_x100 / 100.0);
}

static void print_pci_ranges(const rx_opts *o, const lte_sib_pci_range *c, int n)
{
    for (int i = 0; i < n; i++)
        if (o->json)
            printf("%s{\"start\":%d,\"n\":%d}", i ? "," : "", c[i].start, c[i].n);
        else if (c[i].n == 1)
            printf(" %d", c[i].start);
        else
            printf(" %d..%d", c[i].start, c[i].start + c[i].n - 1);
}

static void print_neigh(const rx_opts *o, const lte_sib_neigh *c, int n)
{
    for (int i = 0; i < n; i++)
        if (o->json)
            printf("%s{\"pci\":%d,\"q_offset_db\":%d}", i ? "," : "", c[i].pci,
                   c[i].q_offset_db);
        else
            printf(" %d (%+d dB)", c[i].pci, c[i].q_offset_db);
}

/* The SIB3 fields (sib.h). */
static void print_sib3(const rx_opts *o, const lte_sib3 *s)
{
    if (o->json) {
        printf("{\"type\":\"sib3\",\"q_hyst_db\":%d", s->q_hyst_db);
        if (s->has_speed_state)
            printf(",\"t_evaluation_s\":%d,\"t_hyst_normal_s\":%d,\"n_cell_change_medium\":%d,"
                   "\"n_cell_change_high\":%d,\"q_hyst_sf_medium_db\":%d,"
                   "\"q_hyst_sf_high_db\":%d",
                   s->t_evaluation_s, s->t_hyst_normal_s, s->n_cell_change_medium,
                   s->n_cell_change_high, s->q_hyst_sf_medium_db, s->q_hyst_sf_high_db);
        if (s->has_s_non_intra_search)
            printf(",\"s_non_intra_search_db\":%d", s->s_non_intra_search_db);
        printf(",\"thresh_serving_low_db\":%d,\"cell_resel_priority\":%d,"
               "\"q_rx_lev_min_dbm\":%d",
               s->thresh_serving_low_db, s->cell_resel_priority, s->q_rx_lev_min_dbm);
        if (s->has_p_max)
            printf(",\"p_max_dbm\":%d", s->p_max_dbm);
        if (s->has_s_intra_search)
            printf(",\"s_intra_search_db\":%d", s->s_intra_search_db);
        if (s->meas_bw_n_rb)
            printf(",\"meas_bw_n_rb\":%d", s->meas_bw_n_rb);
        printf(",\"antenna_port1\":%s,\"neigh_cell_config\":%d,\"t_resel_s\":%d",
               s->antenna_port1 ? "true" : "false", s->neigh_cell_config, s->t_resel_s);
        if (s->has_t_resel_sf)
            printf(",\"t_resel_sf_medium\":%g,\"t_resel_sf_high\":%g",
                   s->t_resel_sf.medium_x100 / 100.0, s->t_resel_sf.high_x100 / 100.0);
        if (s->has_s_intra_search_v920)
            printf(",\"s_intra_search_p_db\":%d,\"s_intra_search_q_db\":%d",
                   s->s_intra_search_p_db, s->s_intra_search_q_db);
        if (s->has_s_non_intra_search_v920)
            printf(",\"s_non_intra_search_p_db\":%d,\"s_non_intra_search_q_db\":%d",
                   s->s_non_intra_search_p_db, s->s_non_intra_search_q_db);
        if (s->has_q_qual_min)
            printf(",\"q_qual_min_db\":%d", s->q_qual_min_db);
        if (s->has_thresh_serving_low_q)
            printf(",\"thresh_serving_low_q_db\":%d", s->thresh_serving_low_q_db);
        printf("}\n");
        return;
    }
    printf("SIB3: q-hyst %d dB", s->q_hyst_db);
    if (s->has_s_non_intra_search)
        printf(" s-non-intra-search %d dB", s->s_non_intra_search_db);
    printf(" thresh-serving-low %d dB priority %d; intra q-rxlevmin %d dBm",
           s->thresh_serving_low_db, s->cell_resel_priority, s->q_rx_lev_min_dbm);
    if (s->has_p_max)
        printf(" p-max %d dBm", s->p_max_dbm);
    if (s->has_s_intra_search)
        printf(" s-intra-search %d dB", s->s_intra_search_db);
    if (s->meas_bw_n_rb)
        printf(" meas-bw %d PRB", s->meas_bw_n_rb);
    printf("%s neigh-config %d%d t-resel %d s", s->antenna_port1 ? " port1" : "",
           s->neigh_cell_config >> 1, s->neigh_cell_config & 1, s->t_resel_s);
    if (s->has_t_resel_sf) {
        printf(" (sf ");
        print_speed_sf(&s->t_resel_sf);
        printf(")");
    }
    printf("\n");
    if (s->has_speed_state)
        printf("  speed: t-evaluation %d s t-hyst-normal %d s cell changes %d/%d "
               "q-hyst-sf %d/%d dB\n",
               s->t_evaluation_s, s->t_hyst_normal_s, s->n_cell_change_medium,
               s->n_cell_change_high, s->q_hyst_sf_medium_db, s->q_hyst_sf_high_db);
    if (s->has_s_intra_search_v920 || s->has_s_non_intra_search_v920 || s->has_q_qual_min ||
        s->has_thresh_serving_low_q) {
        printf("  rel-9:");
        if (s->has_s_intra_search_v920)
            printf(" s-intra-search p %d q %d dB", s->s_intra_search_p_db,
                   s->s_intra_search_q_db);
        if (s->has_s_non_intra_search_v920)
            printf(" s-non-intra-search p %d q %d dB", s->s_non_intra_search_p_db,
                   s->s_non_intra_search_q_db);
        if (s->has_q_qual_min)
            printf(" q-qualmin %d dB", s->q_qual_min_db);
        if (s->has_thresh_serving_low_q)
            printf(" thresh-serving-low-q %d dB", s->thresh_serving_low_q_db);
        printf("\n");
    }
}

/* The SIB4 fields (sib.h). */
static void print_sib4(const rx_opts *o, const lte_sib4 *s)
{
    if (o->json) {
        printf("{\"type\":\"sib4\",\"neigh\":[");
        print_neigh(o, s->neigh, s->n_neigh);
        printf("],\"black\":[");
        print_pci_ranges(o, s->black, s->n_black);
        printf("]");
        if (s->has_csg_range) {
            printf(",\"csg\":");
            print_pci_ranges(o, &s->csg_range, 1);
        }
        printf("}\n");
        return;
    }
    printf("SIB4: neighbours");
    if (s->n_neigh)
        print_neigh(o, s->neigh, s->n_neigh);
    else
        printf(" none");
    if (s->n_black) {
        printf("; black");
        print_pci_ranges(o, s->black, s->n_black);
    }
    if (s->has_csg_range) {
        printf("; csg");
        print_pci_ranges(o, &s->csg_range, 1);
    }
    printf("\n");
}

/* The SIB5 fields (sib.h): one line per carrier. */
static void print_sib5(const rx_opts *o, const lte_sib5 *s)
{
    if (o->json) {
        printf("{\"type\":\"sib5\",\"freq\":[");
        for (int i = 0; i < s->n_freq; i++) {
            const lte_sib5_freq *f = &s->freq[i];
            printf("%s{\"dl_earfcn\":%d,\"q_rx_lev_min_dbm\":%d", i ? "," : "", f->dl_earfcn,
                   f->q_rx_lev_min_dbm);
            if (f->has_p_max)
                printf(",\"p_max_dbm\":%d", f->p_max_dbm);
            printf(",\"t_resel_s\":%d", f->t_resel_s);
            if (f->has_t_resel_sf)
                printf(",\"t_resel_sf_medium\":%g,\"t_resel_sf_high\":%g",
                       f->t_resel_sf.medium_x100 / 100.0, f->t_resel_sf.high_x100 / 100.0);
            printf(",\"thresh_x_high_db\":%d,\"thresh_x_low_db\":%d,\"meas_bw_n_rb\":%d,"
                   "\"antenna_port1\":%s,\"neigh_cell_config\":%d,\"q_offset_freq_db\":%d",
                   f->thresh_x_high_db, f->thresh_x_low_db, f->meas_bw_n_rb,
                   f->antenna_port1 ? "true" : "false", f->neigh_cell_config,
                   f->q_offset_freq_db);
            if (f->has_priority)
                printf(",\"cell_resel_priority\":%d", f->cell_resel_priority);
            printf(",\"neigh\":[");
            print_neigh(o, f->neigh, f->n_neigh);
            printf("],\"black\":[");
            print_pci_ranges(o, f->black, f->n_black);
            printf("]}");
        }
        printf("]}\n");
        return;
    }
    printf("SIB5: %d carrier%s\n", s->n_freq, s->n_freq == 1 ? "" : "s");
    for (int i = 0; i < s->n_freq; i++) {
        const lte_sib5_freq *f = &s->freq[i];
        printf("  earfcn %d q-rxlevmin %d dBm", f->dl_earfcn, f->q_rx_lev_min_dbm);
        if (f->has_p_max)
            printf(" p-max %d dBm", f->p_max_dbm);
        printf(" t-resel %d s", f->t_resel_s);
        if (f->has_t_resel_sf) {
            printf(" (sf ");
            print_speed_sf(&f->t_resel_sf);
            printf(")");
        }
        printf(" thresh-high %d dB low %d dB meas-bw %d PRB%s", f->thresh_x_high_db,
               f->thresh_x_low_db, f->meas_bw_n_rb, f->antenna_port1 ? " port1" : "");
        if (f->has_priority)
            printf(" priority %d", f->cell_resel_priority);
        printf(" neigh-config %d%d q-offset %d dB", f->neigh_cell_config >> 1,
               f->neigh_cell_config & 1, f->q_offset_freq_db);
        if (f->n_neigh) {
            printf("; neighbours");
            print_neigh(o, f->neigh, f->n_neigh);
        }
        if (f->n_black) {
            printf("; black");
            print_pci_ranges(o, f->black, f->n_black);
        }
        printf("\n");
    }
}

/* A UTRA carrier of SIB6 (sib.h), text or JSON. */
static void print_utra(const rx_opts *o, const char *mode, const lte_sib6_carrier *c, int first)
{
    if (o->json) {
        printf("%s{\"uarfcn\":%d", first ? "" : ",", c->uarfcn);
        if (c->has_priority)
            printf(",\"cell_resel_priority\":%d", c->cell_resel_priority);
        printf(",\"thresh_x_high_db\":%d,\"thresh_x_low_db\":%d,\"q_rx_lev_min_dbm\":%d,"
               "\"p_max_dbm\":%d",
               c->thresh_x_high_db, c->thresh_x_low_db, c->q_rx_lev_min_dbm, c->p_max_dbm);
        if (!strcmp(mode, "fdd"))
            printf(",\"q_qual_min_db\":%d", c->q_qual_min_db);
        if (c->has_thresh_q)
            printf(",\"thresh_x_high_q_db\":%d,\"thresh_x_low_q_db\":%d", c->thresh_x_high_q_db,
                   c->thresh_x_low_q_db);
        printf("}");
        return;
    }
    printf("  %s uarfcn %d", mode, c->uarfcn);
    if (c->has_priority)
        printf(" priority %d", c->cell_resel_priority);
    printf(" thresh-high %d dB low %d dB q-rxlevmin %d dBm p-max %d dBm", c->thresh_x_high_db,
           c->thresh_x_low_db, c->q_rx_lev_min_dbm, c->p_max_dbm);
    if (!strcmp(mode, "fdd"))
        printf(" q-qualmin %d dB", c->q_qual_min_db);
    if (c->has_thresh_q)
        printf(" thresh-q %d/%d dB", c->thresh_x_high_q_db, c->thresh_x_low_q_db);
    printf("\n");
}

/* The SIB6 fields (sib.h): a line, then one per carrier. */
static void print_sib6(const rx_opts *o, const lte_sib6 *s)
{
    if (o->json) {
        printf("{\"type\":\"sib6\",\"t_resel_s\":%d", s->t_resel_s);
        if (s->has_t_resel_sf)
            printf(",\"t_resel_sf_medium\":%g,\"t_resel_sf_high\":%g",
                   s->t_resel_sf.medium_x100 / 100.0, s->t_resel_sf.high_x100 / 100.0);
        printf(",\"fdd\":[");
        for (int i = 0; i < s->n_fdd; i++)
            print_utra(o, "fdd", &s->fdd[i], i == 0);
        printf("],\"tdd\":[");
        for (int i = 0; i < s->n_tdd; i++)
            print_utra(o, "tdd", &s->tdd[i], i == 0);
        printf("]}\n");
        return;
    }
    printf("SIB6: %d FDD and %d TDD carrier%s, t-resel %d s", s->n_fdd, s->n_tdd,
           s->n_fdd + s->n_tdd == 1 ? "" : "s", s->t_resel_s);
    if (s->has_t_resel_sf) {
        printf(" (sf ");
        print_speed_sf(&s->t_resel_sf);
        printf(")");
    }
    printf("\n");
    for (int i = 0; i < s->n_fdd; i++)
        print_utra(o, "fdd", &s->fdd[i], i == 0);
    for (int i = 0; i < s->n_tdd; i++)
        print_utra(o, "tdd", &s->tdd[i], i == 0);
}

/* The SIB7 fields (sib.h): a line, then one per carrier group. */
static void print_sib7(const rx_opts *o, const lte_sib7 *s)
{
    static const char *const fol[3] = {"explicit", "equally_spaced", "bitmap"};
    if (o->json) {
        printf("{\"type\":\"sib7\",\"t_resel_s\":%d", s->t_resel_s);
        if (s->has_t_resel_sf)
            printf(",\"t_resel_sf_medium\":%g,\"t_resel_sf_high\":%g",
                   s->t_resel_sf.medium_x100 / 100.0, s->t_resel_sf.high_x100 / 100.0);
        printf(",\"groups\":[");
        for (int i = 0; i < s->n_group; i++) {
            const lte_sib7_group *g = &s->group[i];
            printf("%s{\"starting_arfcn\":%d,\"band\":\"%s\",\"following\":\"%s\"", i ? "," : "",
                   g->starting_arfcn, g->band_pcs1900 ? "pcs1900" : "dcs1800",
                   fol[g->following]);
            if (g->following == LTE_GERAN_EXPLICIT) {
                printf(",\"arfcns\":[");
                for (int k = 0; k < g->n_arfcn; k++)
                    printf("%s%d", k ? "," : "", g->arfcn[k]);
                printf("]");
            } else if (g->following == LTE_GERAN_EQUALLY_SPACED) {
                printf(",\"arfcn_spacing\":%d,\"n_following\":%d", g->arfcn_spacing,
                       g->n_following);
            } else {
                printf(",\"bitmap\":\"");
                for (int k = 0; k < g->n_bitmap; k++)
                    printf("%02x", g->bitmap[k]);
                printf("\"");
            }
            /* the complete set, starting ARFCN first (36.331 §6.3.4) */
            int set[LTE_SIB7_MAX_SET], n_set = lte_sib7_arfcns(g, set, LTE_SIB7_MAX_SET);
            printf(",\"arfcn_set\":[");
            for (int k = 0; k < n_set; k++)
                printf("%s%d", k ? "," : "", set[k]);
            printf("]");
            if (g->has_priority)
                printf(",\"cell_resel_priority\":%d", g->cell_resel_priority);
            printf(",\"ncc_permitted\":%d,\"q_rx_lev_min_dbm\":%d", g->ncc_permitted,
                   g->q_rx_lev_min_dbm);
            if (g->has_p_max)
                printf(",\"p_max_dbm\":%d", g->p_max_dbm);
            printf(",\"thresh_x_high_db\":%d,\"thresh_x_low_db\":%d}", g->thresh_x_high_db,
                   g->thresh_x_low_db);
        }
        printf("]}\n");
        return;
    }
    printf("SIB7: %d carrier group%s, t-resel %d s", s->n_group, s->n_group == 1 ? "" : "s",
           s->t_resel_s);
    if (s->has_t_resel_sf) {
        printf(" (sf ");
        print_speed_sf(&s->t_resel_sf);
        printf(")");
    }
    printf("\n");
    for (int i = 0; i < s->n_group; i++) {
        const lte_sib7_group *g = &s->group[i];
        printf("  arfcn %d %s", g->starting_arfcn, g->band_pcs1900 ? "pcs1900" : "dcs1800");
        if (g->following == LTE_GERAN_EXPLICIT) {
            printf(" +");
            for (int k = 0; k < g->n_arfcn; k++)
                printf(" %d", g->arfcn[k]);
            if (!g->n_arfcn)
                printf(" none");
        } else if (g->following == LTE_GERAN_EQUALLY_SPACED) {
            printf(" + %d every %d", g->n_following, g->arfcn_spacing);
        } else {
            printf(" + bitmap ");
            for (int k = 0; k < g->n_bitmap; k++)
                printf("%02x", g->bitmap[k]);
        }
        /* equally spaced and bitmap forms: the ARFCNs they stand for */
        int set[LTE_SIB7_MAX_SET], n_set = lte_sib7_arfcns(g, set, LTE_SIB7_MAX_SET);
        if (g->following != LTE_GERAN_EXPLICIT && n_set > 1) {
            printf(" =");
            for (int k = 1; k < n_set; k++)
                printf(" %d", set[k]);
        }
        printf(";");
        if (g->has_priority)
            printf(" priority %d", g->cell_resel_priority);
        printf(" ncc-permitted %02x q-rxlevmin %d dBm", g->ncc_permitted, g->q_rx_lev_min_dbm);
        if (g->has_p_max)
            printf(" p-max %d dBm", g->p_max_dbm);
        printf(" thresh-high %d dB low %d dB\n", g->thresh_x_high_db, g->thresh_x_low_db);
    }
}

/* CDMA2000 reselection parameters of SIB8: text ("  hrpd: ...") or JSON. */
static void print_cdma_resel(const rx_opts *o, const char *what, const lte_sib8_resel *c)
{
    if (o->json) {
        printf(",\"%s\":{\"t_resel_s\":%d", what, c->t_resel_s);
        if (c->has_t_resel_sf)
            printf(",\"t_resel_sf_medium\":%g,\"t_resel_sf_high\":%g",
                   c->t_resel_sf.medium_x100 / 100.0, c->t_resel_sf.high_x100 / 100.0);
        printf(",\"bands\":[");
        for (int i = 0; i < c->n_band; i++) {
            const lte_sib8_band *b = &c->band[i];
            printf("%s{\"band_class\":%d", i ? "," : "", b->band_class);
            if (b->has_priority)
                printf(",\"cell_resel_priority\":%d", b->cell_resel_priority);
            printf(",\"thresh_x_high\":%d,\"thresh_x_low\":%d}", b->thresh_x_high,
                   b->thresh_x_low);
        }
        printf("],\"neigh\":[");
        for (int i = 0; i < c->n_neigh; i++)
            printf("%s{\"band_class\":%d,\"arfcn\":%d,\"pn_offset\":%d}", i ? "," : "",
                   c->neigh[i].band_class, c->neigh[i].arfcn, c->neigh[i].pn_offset);
        printf("],\"neigh_dropped\":%d}", c->n_neigh_dropped);
        return;
    }
    printf("  %s reselection: t-resel %d s", what, c->t_resel_s);
    if (c->has_t_resel_sf) {
        printf(" (sf ");
        print_speed_sf(&c->t_resel_sf);
        printf(")");
    }
    printf("; bands");
    for (int i = 0; i < c->n_band; i++) {
        const lte_sib8_band *b = &c->band[i];
        printf(" bc%d", b->band_class);
        if (b->has_priority)
            printf(" priority %d", b->cell_resel_priority);
        printf(" thresh %d/%d%s", b->thresh_x_high, b->thresh_x_low,
               i + 1 < c->n_band ? "," : "");
    }
    printf("; neighbours (bc/arfcn/pn)");
    for (int i = 0; i < c->n_neigh; i++)
        printf(" %d/%d/%d", c->neigh[i].band_class, c->neigh[i].arfcn, c->neigh[i].pn_offset);
    if (c->n_neigh_dropped)
        printf(" (+%d more)", c->n_neigh_dropped);
    printf("\n");
}

/* The SIB8 fields (sib.h). */
static void print_sib8(const rx_opts *o, const lte_sib8 *s)
{
    if (o->json) {
        printf("{\"type\":\"sib8\"");
        if (s->has_system_time)
            printf(",\"cdma_eutra_sync\":%s,\"system_time\":%llu,\"system_time_async\":%s",
                   s->cdma_eutra_sync ? "true" : "false", (unsigned long long)s->system_time,
                   s->system_time_async ? "true" : "false");
        if (s->has_search_window)
            printf(",\"search_window\":%d", s->search_window);
        if (s->has_hrpd) {
            printf(",\"pre_reg_allowed\":%s", s->pre_reg_allowed ? "true" : "false");
            if (s->has_pre_reg_zone)
                printf(",\"pre_reg_zone\":%d", s->pre_reg_zone);
            printf(",\"secondary_zones\":[");
            for (int i = 0; i < s->n_secondary_zone; i++)
                printf("%s%d", i ? "," : "", s->secondary_zone[i]);
            printf("]");
            if (s->has_hrpd_resel)
                print_cdma_resel(o, "hrpd", &s->hrpd_resel);
        }
        if (s->has_1xrtt) {
            if (s->has_csfb_reg)
                printf(",\"sid\":%d,\"nid\":%d,\"registration_period\":%d,"
                       "\"registration_zone\":%d,\"total_zone\":%d,\"zone_timer\":%d",
                       s->sid, s->nid, s->registration_period, s->registration_zone,
                       s->total_zone, s->zone_timer);
            if (s->has_long_code_state)
                printf(",\"long_code_state\":%llu", (unsigned long long)s->long_code_state);
            if (s->has_1xrtt_resel)
                print_cdma_resel(o, "rtt", &s->rtt_resel);
        }
        printf("}\n");
        return;
    }
    printf("SIB8:");
    if (s->has_system_time)
        printf(" system-time %s 0x%llx%s", s->system_time_async ? "asynchronous" : "synchronous",
               (unsigned long long)s->system_time, s->cdma_eutra_sync ? " (synchronised)" : "");
    if (s->has_search_window)
        printf(" search-window %d", s->search_window);
    if (s->has_hrpd) {
        printf("; hrpd pre-registration %s", s->pre_reg_allowed ? "allowed" : "not allowed");
        if (s->has_pre_reg_zone)
            printf(" zone %d", s->pre_reg_zone);
        for (int i = 0; i < s->n_secondary_zone; i++)
            printf(" secondary %d", s->secondary_zone[i]);
    }
    if (s->has_1xrtt) {
        printf("; 1xrtt");
        if (s->has_csfb_reg)
            printf(" sid %d nid %d registration period %d zone %d total %d timer %d", s->sid,
                   s->nid, s->registration_period, s->registration_zone, s->total_zone,
                   s->zone_timer);
        if (s->has_long_code_state)
            printf(" long-code 0x%llx", (unsigned long long)s->long_code_state);
    }
    printf("\n");
    if (s->has_hrpd && s->has_hrpd_resel)
        print_cdma_resel(o, "hrpd", &s->hrpd_resel);
    if (s->has_1xrtt && s->has_1xrtt_resel)
        print_cdma_resel(o, "1xrtt", &s->rtt_resel);
}

/* n octets as a JSON or text string: printable ASCII as is, the rest (and
 * '"', '\\') as \u00XX. */
static void print_octets(const uint8_t *b, int n)
{
    for (int i = 0; i < n; i++)
        if (b[i] >= 0x20 && b[i] < 0x7f && b[i] != '"' && b[i] != '\\')
            putchar(b[i]);
        else
            printf("\\u%04x", b[i]);
}

/* The SIB9 field (sib.h). */
static void print_sib9(const rx_opts *o, const lte_sib9 *s)
{
    printf(o->json ? "{\"type\":\"sib9\"" : "SIB9:");
    if (s->hnb_name_len) {
        printf(o->json ? ",\"hnb_name\":\"" : " hnb-name \"");
        print_octets(s->hnb_name, s->hnb_name_len);
        printf("\"");
    } else if (!o->json) {
        printf(" no hnb-name");
    }
    printf(o->json ? "}\n" : "\n");
}

/* The SIB10 fields (sib.h). */
static void print_sib10(const rx_opts *o, const lte_sib10 *s)
{
    if (o->json)
        printf("{\"type\":\"sib10\",\"message_identifier\":%d,\"serial_number\":%d,"
               "\"warning_type\":%d}\n",
               s->message_identifier, s->serial_number, s->warning_type);
    else
        printf("SIB10: ETWS primary notification message-id 0x%04x serial 0x%04x "
               "warning-type 0x%04x\n",
               s->message_identifier, s->serial_number, s->warning_type);
}

/* The SIB11 fields (sib.h): the segment in hex. */
static void print_sib11(const rx_opts *o, const lte_sib11 *s)
{
    int kept = s->segment_len - s->segment_dropped;
    if (o->json)
        printf("{\"type\":\"sib11\",\"message_identifier\":%d,\"serial_number\":%d,"
               "\"last_segment\":%s,\"segment_number\":%d,\"segment_len\":%d,\"segment\":\"",
               s->message_identifier, s->serial_number, s->last_segment ? "true" : "false",
               s->segment_number, s->segment_len);
    else
        printf("SIB11: ETWS secondary notification message-id 0x%04x serial 0x%04x segment %d%s, "
               "%d octets",
               s->message_identifier, s->serial_number, s->segment_number,
               s->last_segment ? " (last)" : "", s->segment_len);
    if (!o->json && s->has_data_coding_scheme)
        printf(" dcs 0x%02x", s->data_coding_scheme);
    if (!o->json)
        printf(": ");
    for (int i = 0; i < kept; i++)
        printf("%02x", s->segment[i]);
    if (o->json) {
        printf("\"");
        if (s->has_data_coding_scheme)
            printf(",\"data_coding_scheme\":%d", s->data_coding_scheme);
        printf("}\n");
    } else {
        printf("%s\n", s->segment_dropped ? " ..." : "");
    }
}

/* The SIBs of an SI message read last, so that each is printed once per
 * change of its contents. */
typedef struct si_shown {
    int has2, has3, has4, has5, has6, has7, has8, has9, has10, has11; /* printed once */
    lte_sib2 sib2;
    lte_sib3 sib3;
    lte_sib4 sib4;
    lte_sib5 sib5;
    lte_sib6 sib6;
    lte_sib7 sib7;
    lte_sib8 sib8;
    lte_sib9 sib9;
    lte_sib10 sib10;
    lte_sib11 sib11;
} si_shown;

/* Whether SIB k of message m was read and differs from the one shown last
 * (or none was shown yet). */
#define SIB_CHANGED(m, sh, k)                                                                  \
    ((m)->has_sib##k && (!(sh)->has##k || memcmp(&(m)->sib##k, &(sh)->sib##k,                  \
                                                 sizeof (sh)->sib##k)))

/* An SI message: in text its SIB list, then each SIB read whose contents
 * differ from the last shown; in JSON one object per such SIB. */
static void print_si(const rx_opts *o, const lte_si_msg *m, si_shown *sh)
{
    int c[12] = {0, 0, SIB_CHANGED(m, sh, 2), SIB_CHANGED(m, sh, 3), SIB_CHANGED(m, sh, 4),
                 SIB_CHANGED(m, sh, 5), SIB_CHANGED(m, sh, 6), SIB_CHANGED(m, sh, 7),
                 SIB_CHANGED(m, sh, 8), SIB_CHANGED(m, sh, 9), SIB_CHANGED(m, sh, 10),
                 SIB_CHANGED(m, sh, 11)};
    int any = 0;
    for (int k = 2; k < 12; k++)
        any |= c[k];
    if (!any)
        return;
    if (!o->json) {
        char nm[16];
        printf("SI message:");
        for (int i = 0; i < m->n_types; i++) {
            sib_name(m->type[i], nm, sizeof nm);
            printf(" %s", nm);
        }
        printf("\n");
    }
#define SHOW(k, ...)                                                                           \
    if (c[k]) {                                                                                \
        __VA_ARGS__;                                                                           \
        sh->sib##k = m->sib##k;                                                                \
        sh->has##k = 1;                                                                        \
    }
    SHOW(2, print_sib2(o, m))
    SHOW(3, print_sib3(o, &m->sib3))
    SHOW(4, print_sib4(o, &m->sib4))
    SHOW(5, print_sib5(o, &m->sib5))
    SHOW(6, print_sib6(o, &m->sib6))
    SHOW(7, print_sib7(o, &m->sib7))
    SHOW(8, print_sib8(o, &m->sib8))
    SHOW(9, print_sib9(o, &m->sib9))
    SHOW(10, print_sib10(o, &m->sib10))
    SHOW(11, print_sib11(o, &m->sib11))
#undef SHOW
}

/* One pass of the chain over the recording with cfg. With may_restart, a
 * SIB1 whose tdd-Config differs from cfg's ends the pass early: *restart = 1
 * and cfg gets SIB1's configuration. */
/* run_chain's code for a bad option found only once the cell is known */
#define LTE_EBADOPT (-1000)

static int decode_pass(const rx_opts *o, const lte_cs_cell *c, const float complex *y, size_t ny,
                       double fs, lte_dlrx_chain_cfg *cfg, int may_restart, int *restart)
{
    lte_dlrx_chain *ch = NULL;
    int rc = lte_dlrx_chain_create(cfg, &ch);
    if (rc < 0)
        return rc;
    static lte_dlrx_sf s;
    int len = lte_dlrx_chain_subframe_len(ch), frames = 0, done = 0;
    int si[3] = {0, 0, 0}; /* SI-RNTI DCIs with a PDSCH: format 1A, 1C; CRCs that check */
    int tag_shown = -1;    /* value tag of the SIB1 printed last */
    si_shown shown;        /* the SIBs printed last */
    memset(&shown, 0, sizeof shown);
    for (long k = -1; !done && (o->max_frames == 0 || frames < o->max_frames); k++) {
        int any = 0;
        for (int sf = 0; sf < 10 && !done; sf++) {
            double t;
            int sfn;
            lte_dlrx_chain_timing(c, fs, k, sf, &t, &sfn);
            long st = lround(t);
            if (st < 0 && st >= -1)
                st = 0; /* one sample late: inside the FFT window's slack */
            if (st < 0)
                continue;
            if (st + len > (long)ny) {
                done = 1;
                break;
            }
            if ((rc = one_subframe(ch, o, c, y + st, sf, sfn, &s)) < 0)
                goto out;
            any = 1;
            if (!s.dl)
                continue;
            for (int i = 0; i < s.n_grants; i++)
                if (s.grant[i].rnti == LTE_SI_RNTI && has_pdsch(&s.grant[i])) {
                    si[s.grant[i].format == LTE_DLRX_FMT_1C]++;
                    si[2] += s.grant[i].status == 0;
                }
            if (o->json)
                print_sf_json(ch, &s);
            else
                print_sf_text(ch, &s);
            for (int i = 0; i < s.n_grants; i++) {
                const uint8_t *tb;
                int nb;
                lte_si_msg m;
                if (s.grant[i].rnti == LTE_SI_RNTI && s.grant[i].status == 0 &&
                    !(sf == 5 && sfn % 2 == 0) && lte_dlrx_chain_tb(ch, i, &tb, &nb) == 0 &&
                    lte_si_unpack(tb, nb, &m) == 0)
                    print_si(o, &m, &shown);
            }
            lte_sib1 b;
            lte_cell_cfg nc;
            if (lte_dlrx_chain_sib1(ch, &b) == 1 && b.value_tag != tag_shown) {
                print_sib1(o, &b);
                tag_shown = b.value_tag;
                if (may_restart && sib1_tdd_differs(&b, &cfg->cell, &nc)) {
                    if (o->json)
                        printf("{\"type\":\"restart\",\"tdd_config\":%d,\"ssf_config\":%d}\n",
                               nc.tdd_config, nc.ssf_config);
                    else
                        printf("SIB1's TDD configuration %d, special subframes %d (the chain "
                               "assumed %d, %d): decoding again from the first frame\n",
                               nc.tdd_config, nc.ssf_config, cfg->cell.tdd_config,
                               cfg->cell.ssf_config);
                    cfg->cell = nc;
                    *restart = 1;
                    goto out;
                }
            }
        }
        frames += any;
    }
    /* every SI message (SIB1 and the others) was printed with its subframe */
    if (o->json)
        printf("{\"type\":\"summary\",\"si_dci_1a\":%d,\"si_dci_1c\":%d,\"si_crc_ok\":%d}\n",
               si[0], si[1], si[2]);
    else
        printf("si messages: %d (format 1A %d, 1C %d), crc ok %d\n", si[0] + si[1], si[0], si[1],
               si[2]);
out:
    lte_dlrx_chain_destroy(ch);
    return rc;
}

static int run_chain(const rx_opts *o, const lte_cs_cell *c, const float complex *y, size_t ny,
                     double fs)
{
    lte_dlrx_chain_cfg cfg;
    lte_dlrx_chain_cfg_init(&cfg);
    lte_dlrx_chain_cfg_cell(&cfg, c);
    memcpy(cfg.rnti, o->rnti, sizeof cfg.rnti);
    cfg.n_rnti = o->n_rnti;
    cfg.tm = o->tm;
    cfg.si_combine = !o->no_si_combine;
    cfg.pmi_report = o->pmi;
    cfg.ri_report = o->ri;
    if (o->pmi >= 0 && (cfg.cell.n_ports < 2 || o->ri > cfg.cell.n_ports ||
                        lte_csi_codebook_of(cfg.cell.n_ports, o->ri, o->pmi) < 0)) {
        fprintf(stderr, "ltephy rx: --pmi %d:%d does not fit the cell's %d CRS port(s)%s%s\n",
                o->pmi, o->ri, cfg.cell.n_ports, cfg.cell.n_ports < 2 ? "" : ": ",
                cfg.cell.n_ports < 2 ? "" : lte_errdetail());
        return LTE_EBADOPT;
    }
    int given = o->tdd_config >= 0 || o->ssf_config >= 0;
    if (c->duplex == LTE_TDD) {
        if (o->tdd_config >= 0)
            cfg.cell.tdd_config = o->tdd_config;
        if (o->ssf_config >= 0)
            cfg.cell.ssf_config = o->ssf_config;
        if (given && lte_cell_validate(&cfg.cell) < 0) {
            fprintf(stderr, "ltephy rx: --tdd-config/--ssf-config: %s\n", lte_errdetail());
            return LTE_EBADOPT;
        }
    }
    /* at most one restart: SIB1's configuration is then the chain's */
    int rc = 0, restart = 0;
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        restart = 0;
        rc = decode_pass(o, c, y, ny, fs, &cfg, !given && pass == 0, &restart);
        if (!restart)
            break;
    }
    return rc;
}

static int run(const rx_opts *o)
{
    float complex *raw = NULL, *x = NULL, *y = NULL;
    size_t nr = 0, nx = 0, ny = 0;
    int rc = lte_iq_read_file(o->path, o->fmt, 0, &raw, &nr), status = 0;
    lte_iq_frontend fe;
    if (rc == 0 && o->iq_correct && (rc = lte_iq_frontend_correct(raw, nr, &fe)) == 0 &&
        !o->json)
        lte_cli_print_iq_text(&fe);
    if (rc < 0 || (rc = lte_cli_resample(raw, nr, o->rate, LTE_CS_FS, &x, &nx)) < 0) {
        fprintf(stderr, "ltephy rx: %s\n", lte_errdetail());
        free(raw);
        return 2;
    }
    lte_cs_cell c;
    if (nx < 2048) {
        fprintf(stderr, "ltephy rx: '%s' is too short (%zu samples at 1.92 Msps, at least "
                        "2048)\n", o->path, nx);
        status = 2;
    } else if ((rc = find_cell(o, x, nx, &c)) < 0) {
        fprintf(stderr, "ltephy rx: %s\n", lte_errdetail());
        status = rc == LTE_ENOTFOUND ? 1 : 2;
    } else {
        print_cell(o, &c, o->iq_correct ? &fe : NULL);
        lte_cell_cfg cc;
        lte_cell_cfg_init(&cc);
        cc.n_rb = c.mib.n_rb;
        double fs = lte_cell_sample_rate(&cc);
        if ((rc = lte_cli_resample(raw, nr, o->rate, fs, &y, &ny)) < 0 ||
            (rc = run_chain(o, &c, y, ny, fs)) < 0) {
            if (rc != LTE_EBADOPT)
                fprintf(stderr, "ltephy rx: %s\n", lte_errdetail());
            status = rc == LTE_EIO || rc == LTE_EBADOPT ? 2 : 1;
        }
    }
    if (y != raw)
        free(y);
    if (x != raw)
        free(x);
    free(raw);
    return status;
}

static int cmd_rx(int argc, char **argv)
{
    rx_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc == 1)
        return 0;
    if (rc == 2)
        return 2;
    return run(&o);
}

LTE_CMD(rx, "downlink receive chain: CFI, SI-RNTI DCIs and SIB1 (PDSCH) from a recording", cmd_rx)
