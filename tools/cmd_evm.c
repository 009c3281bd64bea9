/* `ltephy evm`: transmitter signal analysis of a downlink IQ file (EVM per
 * PDSCH modulation, frequency error, RSTP, OSTP, timing; 36.104 §6.5 and
 * Annex E, ltephy/evm.h) against the configuration it was made with: an
 * E-TM (36.141 §6.1.1), an RMC (36.101 Annex A.3) or a free configuration,
 * with the subset of `ltephy waveform`'s options listed in the usage, which
 * apply as they do there (docs/evm.md).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "ltephy/error.h"
#include "ltephy/evm.h"
#include "ltephy/iq.h"
#include "ltephy/ofdm.h"
#include "ltephy/tables.h"
#include "ltephy/waveform.h"

#define EVM_MAX_FRAMES 1000

static void usage(FILE *f)
{
    fprintf(f,
            "usage: ltephy evm FILE --rate R --format F\n"
            "                  (--etm NAME --bw MHz | --rmc NAME | --bw MHz [free options])\n"
            "                  [--decide] [--frames N] [--port P] [--carrier HZ] [--window W]\n"
            "                  [--first-frame N] [--json]\n"
            "Measures a downlink waveform the way 36.104 Annex E / 36.141 Annex F measure a\n"
            "base station: frame timing and frequency error found and removed, FFT at the two\n"
            "ends of the EVM window W centred on each cyclic prefix, zero-forcing equaliser from\n"
            "the CRS (time average, 19-subcarrier moving average), RMS EVM of the PDSCH per\n"
            "modulation against 36.104 Table 6.5.2-1, RS EPRE (RSTP) and OFDM symbol power\n"
            "(OSTP) in dB on the RE scale of the file's full scale (0 dB = |a|^2 = 1 with a\n"
            "unitary FFT, the scale of `ltephy waveform`). FILE is one antenna port.\n"
            "  --rate R        sample rate of FILE (resampled to the bandwidth's standard\n"
            "                  rate 15 kHz * N_fft when different)\n"
            "  --format F      cf32, ci16, ci8, cu8 (ltephy/iq.h)\n"
            "  --etm NAME      E-TM1.1 ... E-TM3.3 (see `ltephy waveform --list`) with --bw\n"
            "  --rmc NAME      R.4, R.42-1, ... R.10 (fixed bandwidth)\n"
            "  options of `ltephy waveform`, with the same meaning (on top of --etm/--rmc too):\n"
            "                  --duplex fdd|tdd --tdd-config N --ssf-config N\n"
            "                  --cp normal|extended\n"
            "                  --cell-id N --ports 1|2|4 --cfi 1..3 --rnti N --seed N\n"
            "                  --mod M --prbs all|none|A-B,C --pa-db X --mcs N (a new allocation)\n"
            "  --decide        ideal PDSCH symbols by decision (nearest point of the PRB's\n"
            "                  modulation) instead of regenerating the data: for a waveform of\n"
            "                  another generator with the same PRB/modulation layout\n"
            "  --frames N      measure at most N radio frames (1..%d, default all)\n"
            "  --port P        the antenna port FILE carries (default 0)\n"
            "  --carrier HZ    carrier frequency, for the error in ppm\n"
            "  --window W      EVM window in samples at the standard FFT size (default\n"
            "                  36.101 Table F.5.3-1; required for extended CP)\n"
            "  --first-frame N radio frame of FILE's first sample (default 0)\n"
            "  --json          one JSON object instead of the table\n"
            "Exit: 0 measured (pass or fail is in the output), 1 the signal could not be\n"
            "measured, 2 bad option or unreadable file.\n",
            EVM_MAX_FRAMES);
}

typedef struct evm_opts {
    const char *path, *etm, *rmc, *bw, *cell_id, *ports, *cfi, *mod, *prbs, *pa_db, *mcs, *rnti,
        *seed, *duplex, *tdd, *ssf, *cp;
    double rate, carrier;
    int have_rate, have_fmt, json, decide, frames, port, window, first_frame;
    lte_iq_format fmt;
} evm_opts;

static int bad(const char *opt, const char *val, const char *rule)
{
    fprintf(stderr, "ltephy evm: %s '%s': %s\n", opt, val, rule);
    return 2;
}

static int parse_int(const char *opt, const char *s, long lo, long hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 0);
    if (!s[0] || *end || v < lo || v > hi) {
        char rule[64];
        snprintf(rule, sizeof rule, "must be an integer %ld..%ld", lo, hi);
        return bad(opt, s, rule);
    }
    *out = (int)v;
    return 0;
}

static int parse_dbl(const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (!s[0] || *end || !(v >= lo && v <= hi)) {
        char rule[80];
        snprintf(rule, sizeof rule, "must be a number in %g..%g", lo, hi);
        return bad(opt, s, rule);
    }
    *out = v;
    return 0;
}

/* 0 run, 1 help printed, 2 usage error */
static int parse_args(int argc, char **argv, evm_opts *o)
{
    memset(o, 0, sizeof *o);
    struct { const char *name; const char **dst; } str[] = {
        {"--etm", &o->etm},   {"--rmc", &o->rmc},         {"--bw", &o->bw},
        {"--cell-id", &o->cell_id}, {"--ports", &o->ports}, {"--cfi", &o->cfi},
        {"--mod", &o->mod},   {"--prbs", &o->prbs},       {"--pa-db", &o->pa_db},
        {"--mcs", &o->mcs},   {"--rnti", &o->rnti},       {"--seed", &o->seed},
        {"--duplex", &o->duplex}, {"--tdd-config", &o->tdd}, {"--ssf-config", &o->ssf},
        {"--cp", &o->cp}};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 1;
        }
        if (!strcmp(a, "--json")) {
            o->json = 1;
            continue;
        }
        if (!strcmp(a, "--decide")) {
            o->decide = 1;
            continue;
        }
        if (a[0] != '-' || !a[1]) {
            if (o->path) {
                fprintf(stderr, "ltephy evm: more than one FILE ('%s')\n", a);
                return 2;
            }
            o->path = a;
            continue;
        }
        static const char *const valued[] = {"--rate", "--format", "--frames", "--port",
                                             "--carrier", "--window", "--first-frame"};
        int known = 0;
        for (size_t k = 0; k < sizeof str / sizeof str[0]; k++)
            known |= !strcmp(a, str[k].name);
        for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++)
            known |= !strcmp(a, valued[k]);
        if (!known)
            return lte_cli_bad_option("evm", a);
        if (i + 1 >= argc) {
            fprintf(stderr, "ltephy evm: option '%s' needs a value\n", a);
            return 2;
        }
        const char *v = argv[++i];
        int rc = 0;
        for (size_t k = 0; k < sizeof str / sizeof str[0]; k++)
            if (!strcmp(a, str[k].name))
                *str[k].dst = v;
        if (!strcmp(a, "--rate")) {
            if (lte_iq_parse_rate(v, &o->rate) < 0)
                return bad(a, v, lte_errdetail());
            o->have_rate = 1;
        } else if (!strcmp(a, "--format")) {
            if (lte_iq_format_parse(v, &o->fmt) < 0)
                return bad(a, v, "must be cf32, ci16, ci8 or cu8");
            o->have_fmt = 1;
        } else if (!strcmp(a, "--frames")) {
            rc = parse_int(a, v, 1, EVM_MAX_FRAMES, &o->frames);
        } else if (!strcmp(a, "--port")) {
            rc = parse_int(a, v, 0, 3, &o->port);
        } else if (!strcmp(a, "--carrier")) {
            rc = parse_dbl(a, v, 1e3, 1e12, &o->carrier);
        } else if (!strcmp(a, "--window")) {
            rc = parse_int(a, v, 1, 4096, &o->window);
        } else if (!strcmp(a, "--first-frame")) {
            rc = parse_int(a, v, 0, 1 << 30, &o->first_frame);
        }
        if (rc)
            return rc;
    }
    if (!o->path || !o->have_rate || !o->have_fmt) {
        fprintf(stderr, "ltephy evm: FILE, --rate and --format are required\n");
        return 2;
    }
    return 0;
}

/* "all", "none" or "A-B,C,..." into mask[n_rb] (as `ltephy waveform --prbs`). */
static int parse_prbs(const char *s, int n_rb, uint8_t *mask)
{
    memset(mask, 0, LTE_MAX_RB);
    if (!strcmp(s, "none"))
        return 0;
    if (!strcmp(s, "all")) {
        memset(mask, 1, (size_t)n_rb);
        return 0;
    }
    for (const char *p = s; *p;) {
        char *end;
        long a = strtol(p, &end, 10), b = a;
        if (end == p)
            return -1;
        if (*end == '-') {
            p = end + 1;
            b = strtol(p, &end, 10);
            if (end == p)
                return -1;
        }
        if (a < 0 || b < a || b >= n_rb)
            return -1;
        memset(mask + a, 1, (size_t)(b - a + 1));
        p = *end == ',' ? end + 1 : end;
        if (*end && *end != ',')
            return -1;
    }
    return 0;
}

/* The cell options, on top of a model, an RMC or the free defaults (as
 * `ltephy waveform` applies them). */
static int apply_cell(const evm_opts *o, lte_wf_cfg *c)
{
    int rc;
    lte_cell_cfg *cell = &c->cell;
    if (o->duplex) {
        if (!strcasecmp(o->duplex, "fdd"))
            cell->duplex = LTE_FDD;
        else if (!strcasecmp(o->duplex, "tdd"))
            cell->duplex = LTE_TDD;
        else
            return bad("--duplex", o->duplex, "must be fdd or tdd");
    }
    if (o->cp) {
        if (!strcasecmp(o->cp, "normal"))
            cell->cp = LTE_CP_NORMAL;
        else if (!strcasecmp(o->cp, "extended"))
            cell->cp = LTE_CP_EXTENDED;
        else
            return bad("--cp", o->cp, "must be normal or extended");
    }
    if (o->tdd && (rc = parse_int("--tdd-config", o->tdd, 0, 6, &cell->tdd_config)))
        return rc;
    if (o->ssf && (rc = parse_int("--ssf-config", o->ssf, 0, 9, &cell->ssf_config)))
        return rc;
    if (o->cell_id && (rc = parse_int("--cell-id", o->cell_id, 0, 503, &cell->cell_id)))
        return rc;
    if (o->ports && ((rc = parse_int("--ports", o->ports, 1, 4, &cell->n_ports)) ||
                     cell->n_ports == 3))
        return rc ? rc : bad("--ports", o->ports, "must be 1, 2 or 4");
    if (o->cfi && (rc = parse_int("--cfi", o->cfi, 1, 3, &cell->cfi)))
        return rc;
    return 0;
}

/* The PDSCH options: n_RNTI, seed, and a new allocation when any of
 * --mod, --prbs, --pa-db, --mcs is given (as `ltephy waveform`). */
static int apply_pdsch(const evm_opts *o, lte_wf_cfg *c)
{
    int rc, v;
    if (o->rnti) {
        if ((rc = parse_int("--rnti", o->rnti, 0, 65535, &v)))
            return rc;
        c->rnti = (uint16_t)v;
    }
    if (o->seed) {
        char *end;
        c->seed = strtoull(o->seed, &end, 0);
        if (!o->seed[0] || *end)
            return bad("--seed", o->seed, "must be an unsigned integer");
    }
    if (!o->mod && !o->prbs && !o->pa_db && !o->mcs)
        return 0;
    lte_mod mod = LTE_MOD_QPSK;
    if (o->mcs) {
        int qm, itbs;
        if ((rc = parse_int("--mcs", o->mcs, 0, 28, &c->i_mcs)))
            return rc;
        c->data = LTE_WF_DATA_DLSCH;
        lte_mcs_lookup(LTE_MCS_PDSCH_64QAM, c->i_mcs, &qm, &itbs);
        mod = (lte_mod)qm;
    }
    if (o->mod) {
        static const char *names[4] = {"qpsk", "16qam", "64qam", "256qam"};
        int k = -1;
        for (int i = 0; i < 4; i++)
            if (!strcasecmp(o->mod, names[i]))
                k = i;
        if (k < 0)
            return bad("--mod", o->mod, "must be qpsk, 16qam, 64qam or 256qam");
        mod = (lte_mod)(2 * k + 2);
    }
    double pa = 0;
    if (o->pa_db && (rc = parse_dbl("--pa-db", o->pa_db, -100, 40, &pa)))
        return rc;
    uint8_t mask[LTE_MAX_RB];
    const char *prbs = o->prbs ? o->prbs : "all";
    if (parse_prbs(prbs, c->cell.n_rb, mask) < 0)
        return bad("--prbs", prbs, "must be all, none or a list like 0-9,20 within 0..N_RB-1");
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
        for (int k = 0; k < LTE_MAX_RB; k++) {
            c->prb_mod[sf][k] = mask[k] ? (uint8_t)mod : 0;
            c->prb_db[sf][k] = mask[k] ? (float)pa : 0.0f;
        }
    return 0;
}

static int build_cfg(const evm_opts *o, lte_wf_cfg *c)
{
    int n_rb = 50, rc;
    double bw;
    if (o->bw && (parse_dbl("--bw", o->bw, 1, 20, &bw) || lte_wf_bw_to_nrb(bw, &n_rb) < 0))
        return bad("--bw", o->bw, "must be 1.4, 3, 5, 10, 15 or 20");
    if (o->etm && o->rmc)
        return bad("--rmc", o->rmc, "give either --etm or --rmc");
    if (o->etm) {
        if (!o->bw)
            return bad("--etm", o->etm, "needs --bw");
        if (lte_wf_model(o->etm, n_rb, c) < 0)
            return bad("--etm", o->etm, lte_errdetail());
    } else if (o->rmc) {
        if (lte_wf_rmc(o->rmc, c) < 0)
            return bad("--rmc", o->rmc, "unknown downlink reference channel (see 'ltephy "
                                        "waveform --list')");
        if (o->bw && c->cell.n_rb != n_rb)
            return bad("--bw", o->bw, "differs from the reference channel's bandwidth");
    } else {
        if (!o->bw) {
            fprintf(stderr, "ltephy evm: give --etm NAME --bw MHz, --rmc NAME or --bw MHz with "
                            "the free options\n");
            return 2;
        }
        lte_wf_cfg_init(c);
        c->cell.n_rb = n_rb;
    }
    if ((rc = apply_cell(o, c)) || (rc = apply_pdsch(o, c)))
        return rc;
    if (o->rmc && c->cell.duplex == LTE_TDD)
        return bad("--duplex", o->duplex, "the reference channels here are FDD (36.101 A.3.3)");
    return 0;
}

static const char *mod_names[LTE_EVM_NMOD] = {"QPSK", "16QAM", "64QAM", "256QAM"};

static void json_num(double v, int present)
{
    if (present && isfinite(v))
        printf("%.6g", v);
    else
        printf("null");
}

static void print_json(const evm_opts *o, const lte_evm_cfg *ec, const lte_evm_result *r)
{
    printf("{\"file\":\"");
    for (const char *p = o->path; *p; p++)
        printf(*p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
    printf("\",\"configuration\":\"%s\",\"n_rb\":%d,\"port\":%d,\"mode\":\"%s\",", ec->wf.name,
           ec->wf.cell.n_rb, ec->port, ec->decide ? "decision-directed" : "data-aided");
    printf("\"window_w\":%d,\"timing_samples\":%ld,\"freq_error_hz\":%.6f,", r->window_w,
           r->timing_samples, r->freq_error_hz);
    printf("\"freq_error_ppm\":");
    json_num(r->freq_error_ppm, ec->carrier_hz > 0);
    printf(",\"rstp_db\":");
    json_num(r->rstp_db, 1);
    printf(",\"ostp_db\":");
    json_num(r->ostp_db, 1);
    printf(",\"subframes\":%d,\"blocks\":%d", r->subframes, r->blocks);
    const char *keys[4] = {"evm_pct", "evm_db", "limit_pct", "n_re"};
    for (int t = 0; t < 4; t++) {
        printf(",\"%s\":{", keys[t]);
        for (int m = 0; m < LTE_EVM_NMOD; m++) {
            int present = r->evm_pct[m] >= 0;
            printf("%s\"%s\":", m ? "," : "", mod_names[m]);
            if (t == 0)
                json_num(r->evm_pct[m], present);
            else if (t == 1)
                json_num(r->evm_db[m], present);
            else if (t == 2)
                json_num(ec->limit_pct[m], 1);
            else
                printf("%ld", r->n_re[m]);
        }
        printf("}");
    }
    printf(",\"pass\":%s,\"per_subframe\":[", r->pass ? "true" : "false");
    for (int s = 0; s < r->subframes; s++) {
        const lte_evm_sf *f = &r->sf[s];
        printf("%s{\"frame\":%d,\"subframe\":%d,\"start\":%ld,\"evm_pct\":{", s ? "," : "",
               f->frame, f->subframe, f->start);
        for (int m = 0; m < LTE_EVM_NMOD; m++) {
            printf("%s\"%s\":", m ? "," : "", mod_names[m]);
            json_num(f->evm_pct[m], f->evm_pct[m] >= 0);
        }
        printf("}}");
    }
    printf("]}\n");
}

static void print_table(const evm_opts *o, const lte_evm_cfg *ec, const lte_evm_result *r)
{
    printf("ltephy evm: %s (%s, %d RB, port %d, %s)\n", o->path, ec->wf.name, ec->wf.cell.n_rb,
           ec->port, ec->decide ? "decision-directed" : "data-aided");
    printf("timing           %ld samples (first radio frame start)\n", r->timing_samples);
    printf("frequency error  %+.3f Hz", r->freq_error_hz);
    if (ec->carrier_hz > 0)
        printf(" (%+.5f ppm of %.6g Hz)", r->freq_error_ppm, ec->carrier_hz);
    printf("\nRSTP             %.2f dB (RS EPRE)\n", r->rstp_db);
    printf("OSTP             %.2f dB (OFDM symbols without RS/sync/PBCH)\n", r->ostp_db);
    printf("EVM window W     %d samples\n", r->window_w);
    printf("subframes        %d (%d block%s of up to 10)\n", r->subframes, r->blocks,
           r->blocks == 1 ? "" : "s");
    printf("%-10s %9s %9s %8s %9s  %s\n", "modulation", "EVM %", "EVM dB", "limit %", "REs",
           "result");
    for (int m = 0; m < LTE_EVM_NMOD; m++)
        if (r->evm_pct[m] >= 0)
            printf("%-10s %9.4f %9.2f %8.1f %9ld  %s\n", mod_names[m], r->evm_pct[m],
                   r->evm_db[m], (double)ec->limit_pct[m], r->n_re[m],
                   r->pass_mod[m] ? "pass" : "FAIL");
    printf("overall          %s\n", r->pass ? "PASS (36.104 Table 6.5.2-1)" : "FAIL");
}

static int cmd_evm(int argc, char **argv)
{
    evm_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc == 1 ? 0 : rc;
    lte_wf_cfg wc;
    if ((rc = build_cfg(&o, &wc)))
        return rc;
    lte_evm_cfg ec;
    lte_evm_cfg_init(&ec, &wc);
    ec.decide = o.decide;
    ec.port = o.port;
    ec.window_w = o.window;
    ec.carrier_hz = o.carrier;
    ec.first_frame = o.first_frame;
    if (o.port >= wc.cell.n_ports) {
        char rule[64];
        snprintf(rule, sizeof rule, "the configuration has %d port(s)", wc.cell.n_ports);
        char v[16];
        snprintf(v, sizeof v, "%d", o.port);
        return bad("--port", v, rule);
    }
    int n_fft = lte_ofdm_std_fft_size(wc.cell.n_rb);
    double fs = 15000.0 * n_fft;
    size_t frame = (size_t)150 * n_fft, max_in = 0;
    if (o.frames) {
        ec.max_subframes = 10 * o.frames;
        /* one frame more: the file may start mid-frame */
        max_in = (size_t)ceil((double)(o.frames + 1) * frame * o.rate / fs);
    } else {
        ec.max_subframes = 10 * EVM_MAX_FRAMES;
    }
    lte_evm *e = NULL;
    if (lte_evm_create(&ec, &e) < 0) {
        fprintf(stderr, "ltephy evm: %s%s\n", lte_errdetail(),
                wc.cell.cp == LTE_CP_EXTENDED && !o.window ? " (--window W)" : "");
        return 2;
    }
    float complex *raw = NULL, *x = NULL;
    size_t nr = 0, n = 0;
    if (lte_iq_read_file(o.path, o.fmt, max_in, &raw, &nr) < 0) {
        fprintf(stderr, "ltephy evm: %s\n", lte_errdetail());
        lte_evm_destroy(e);
        return 2;
    }
    if (fabs(o.rate - fs) > 0.5) {
        n = lte_iq_resample_len(nr, o.rate, fs);
        x = n ? malloc(n * sizeof *x) : NULL;
        if (!x || lte_iq_resample(raw, nr, o.rate, fs, x) < 0) {
            fprintf(stderr, "ltephy evm: resampling %g -> %g Hz: %s\n", o.rate, fs,
                    x ? lte_errdetail() : "out of memory");
            rc = 1;
            goto done;
        }
    } else {
        x = raw;
        raw = NULL;
        n = nr;
    }
    lte_evm_result r;
    if (lte_evm_run(e, x, n, &r) < 0) {
        fprintf(stderr, "ltephy evm: %s: %s\n", o.path, lte_errdetail());
        rc = 1;
        goto done;
    }
    if (o.json)
        print_json(&o, &ec, &r);
    else
        print_table(&o, &ec, &r);
done:
    free(raw);
    free(x);
    lte_evm_destroy(e);
    return rc;
}

LTE_CMD(evm, "transmitter analysis of a downlink IQ file: EVM, frequency error, RSTP/OSTP",
        cmd_evm)
