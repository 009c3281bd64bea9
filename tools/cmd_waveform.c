/* `ltephy waveform`: whole downlink radio frames as IQ files plus a JSON
 * sidecar that states every parameter.
 *
 * Sources of the configuration, later ones overriding earlier ones: a named
 * model (--model, the E-TMs of 36.141 §6.1.1, see `--list`) or the free
 * defaults (lte_wf_cfg_init); then the keys of --config FILE; then the
 * command-line options. A config file holds the long options without their
 * dashes, one "key = value" per line ('#' starts a comment), e.g.
 *     bw = 5
 *     mod = 16qam
 *     prbs = 0-9,20
 * The configuration options and the config file are tools/wf_cfg.c, shared
 * with `ltephy evm`; the output options (--out, --frames, --format, --scale)
 * are this file's.
 * Output: FILE (antenna port 0) and FILE.portN for the other ports, each
 * written under a temporary name and renamed when complete, then FILE.json.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "wf_cfg.h"
#include "wf_io.h"
#include "wf_ul.h"
#include "ltephy/error.h"
#include "ltephy/ofdm.h"
#include "ltephy/tables.h"
#include "ltephy/version.h"
#include "ltephy/waveform.h"

#define WF_MAX_FRAMES 1024

/* The options without a value (the others are wf_cfg.h's WF_O_*). */
enum { O_LIST = 200, O_HELP };

static void usage(FILE *f)
{
    fprintf(f,
            "usage: ltephy waveform --model NAME | --config FILE | (free options)\n"
            "                       [--bw MHz] [--duplex fdd|tdd --tdd-config N --ssf-config N]\n"
            "                       [--frames N] [--format cf32|ci16] [--scale X] --out FILE\n"
            "       ltephy waveform --list\n"
            "Writes N radio frames (10 ms each, SFN 0..N-1) of the downlink as interleaved\n"
            "little-endian I/Q: cf32 (float32) or ci16 (int16 = round-half-even(x * scale),\n"
            "saturated). FILE is antenna port 0, FILE.portN port N; FILE.json states every\n"
            "parameter. Samples: unitary OFDM, an RE of 0 dB EPRE has |a|^2 = 1.\n"
            "  --bw MHz          1.4, 3, 5, 10 (default), 15, 20\n"
            "  --frames N        radio frames written, 1..%d (default 1) (`ltephy evm\n"
            "                    --frames`: frames measured)\n"
            "  --format F        of the files written, cf32 (default) or ci16 (`ltephy evm\n"
            "                    --format`: of the file read)\n"
            "  --scale X         cf32: multiplier (default 1); ci16: default puts the RMS of a\n"
            "                    fully loaded carrier at -12 dBFS: 32767*10^(-12/20)*sqrt(Nfft/Nsc)\n"
            "  --config FILE     key = value lines using the long option names below\n"
            "free options (also override a model):\n",
            WF_MAX_FRAMES);
    wf_cfg_usage(f);
    fputs("  --rmc NAME        a reference measurement channel of 36.101 Annex A.3 (see --list)\n"
          "                    or an uplink FRC of 36.104 Annex A (A1-1, A3-2, A4-3, A5-2...):\n"
          "                    PUSCH + DMRS in every uplink subframe; then only --bw --duplex\n"
          "                    --tdd-config --cell-id --rnti --seed --frames --format --scale\n"
          "                    and these (uplink FRCs only):\n"
          "  --prb-start N     RB_START: first PRB of the allocation (default 0)\n"
          "  --hopping B       PUSCH frequency hopping (36.211 5.3.4, 36.213 8.4) with the\n"
          "                    N_UL_hop bits B of 36.213 Table 8.4-2 (1 bit below 50 RB:\n"
          "                    0 type 1, 1 type 2; 2 bits: 0-2 type 1 (+N/4, -N/4, +N/2),\n"
          "                    3 type 2); --n-sb N (1..4, default 1), --hopping-offset\n"
          "                    N_RB^HO (0..98, default 0), --hopping-mode inter|intra\n"
          "                    (default inter); every TB a first transmission\n",
          f);
}

static int bad(const char *opt, const char *val, const char *rule)
{
    return wf_cfg_bad("waveform", opt, val, rule);
}

/* ---- the output options ------------------------------------------------------ */

typedef struct wf_out {
    const char *path;
    int frames;
    int ci16;
    double scale;
    double bw;
} wf_out;

/* --frames, --format, --scale, --out for the configuration c (o->bw is set
 * by wf_cfg_build). */
static int build_out(const char **v, const lte_wf_cfg *c, wf_out *o)
{
    long x;
    int n_rb = c->cell.n_rb;
    o->frames = 1;
    if (v[WF_O_FRAMES]) {
        if (wf_cfg_parse_l(v[WF_O_FRAMES], 1, WF_MAX_FRAMES, &x) < 0)
            return bad("--frames", v[WF_O_FRAMES], "must be 1..1024");
        o->frames = (int)x;
    }
    o->ci16 = 0;
    if (v[WF_O_FORMAT]) {
        if (!strcmp(v[WF_O_FORMAT], "ci16"))
            o->ci16 = 1;
        else if (strcmp(v[WF_O_FORMAT], "cf32"))
            return bad("--format", v[WF_O_FORMAT], "must be cf32 or ci16");
    }
    int n_sc = 12 * n_rb, n_fft = lte_ofdm_std_fft_size(n_rb);
    o->scale = o->ci16 ? 32767.0 * pow(10.0, -12.0 / 20.0) * sqrt((double)n_fft / n_sc) : 1.0;
    if (v[WF_O_SCALE] && (wf_cfg_parse_d(v[WF_O_SCALE], &o->scale) < 0 || o->scale <= 0))
        return bad("--scale", v[WF_O_SCALE], "must be a positive number");
    o->path = v[WF_O_OUT];
    if (!o->path || !o->path[0]) {
        fprintf(stderr, "ltephy waveform: --out FILE is required\n");
        return 2;
    }
    return 0;
}

/* ---- writing --------------------------------------------------------------- */

typedef struct wf_stats {
    wf_iq_stats iq;
    int tbs[LTE_NSUBFRAMES];
    int i_mcs[LTE_NSUBFRAMES];
} wf_stats;

static int generate(const lte_wf_cfg *c, const wf_out *o, wf_files *F, wf_stats *st)
{
    lte_wf *wf = NULL;
    if (lte_wf_create(c, &wf) < 0) {
        fprintf(stderr, "ltephy waveform: %s\n", lte_errdetail());
        return 2;
    }
    int len = lte_wf_subframe_len(wf), P = c->cell.n_ports, rc = 0;
    float complex *x[4] = {0};
    void *buf = malloc((size_t)len * 8);
    for (int p = 0; p < P; p++)
        x[p] = malloc((size_t)len * sizeof(float complex));
    if (!buf || (P > 0 && !x[P - 1]) || wf_files_open(F, o->path, P)) {
        rc = 1;
        goto done;
    }
    memset(st, 0, sizeof *st);
    for (int fr = 0; fr < o->frames && !rc; fr++)
        for (int sf = 0; sf < LTE_NSUBFRAMES && !rc; sf++) {
            if (lte_wf_run(wf, fr, sf, x) < 0) {
                fprintf(stderr, "ltephy waveform: frame %d subframe %d: %s\n", fr, sf,
                        lte_errdetail());
                rc = 1;
                break;
            }
            if (fr == 0) {
                st->tbs[sf] = lte_wf_last_tbs(wf);
                st->i_mcs[sf] = lte_wf_last_i_mcs(wf);
            }
            for (int p = 0; p < P && !rc; p++) {
                size_t nb = wf_iq_convert(x[p], len, o->ci16, o->scale, buf, &st->iq);
                rc = wf_files_write(F, p, buf, nb);
            }
        }
    if (rc)
        wf_files_abort(F);
    else
        rc = wf_files_commit(F);
done:
    free(buf);
    for (int p = 0; p < 4; p++)
        free(x[p]);
    lte_wf_destroy(wf);
    return rc;
}

/* ---- JSON sidecar -------------------------------------------------------- */

static void json_allocation(FILE *j, const lte_wf_cfg *c)
{
    int first = 1;
    fprintf(j, "    \"allocation\": [");
    for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
        for (int k = 0; k < c->cell.n_rb;) {
            int m = c->prb_mod[sf][k], e = k + 1;
            if (!m) {
                k++;
                continue;
            }
            while (e < c->cell.n_rb && c->prb_mod[sf][e] == m && c->prb_db[sf][e] == c->prb_db[sf][k])
                e++;
            fprintf(j, "%s\n      {\"subframe\": %d, \"prb_first\": %d, \"prb_last\": %d, "
                       "\"modulation\": \"%s\", \"epre_db\": %.3f}",
                    first ? "" : ",", sf, k, e - 1, lte_mod_name((lte_mod)m),
                    (double)c->prb_db[sf][k]);
            first = 0;
            k = e;
        }
    fprintf(j, "%s]", first ? "" : "\n    ");
}

static int write_json(const lte_wf_cfg *c, const wf_out *o, const wf_files *F,
                      const wf_stats *st)
{
    char *text = NULL;
    size_t len = 0;
    FILE *j = open_memstream(&text, &len);
    if (!j)
        return 1;
    const lte_cell_cfg *cell = &c->cell;
    static const char *ng[4] = {"1/6", "1/2", "1", "2"};
    int n_fft = lte_ofdm_std_fft_size(cell->n_rb);
    int is_rmc = c->data == LTE_WF_DATA_DLSCH && c->i_mcs == -1;
    int is_model = !is_rmc && strcmp(c->name, "free") != 0;
    fprintf(j, "{\n  \"generator\": \"ltephy waveform\",\n  \"ltephy_version\": \"%s\",\n",
            lte_version());
    fprintf(j, "  \"configuration\": \"%s\",\n  \"spec\": \"%s\",\n", c->name,
            is_rmc && !strncmp(c->name, "R.10", 4)
                ? "3GPP TS 36.101 Annex A.3.3.2.1, Table A.3.3.2.1-1"
            : is_rmc   ? "3GPP TS 36.101 Annex A.3.3.1, Table A.3.3.1-1"
            : is_model ? "3GPP TS 36.141 clause 6.1.1 (E-UTRA test models), data per clause 6.1.2"
                       : "free configuration");
    fprintf(j, "  \"cell\": {\"bandwidth_mhz\": %g, \"n_rb\": %d, \"fft_size\": %d, "
               "\"sample_rate_hz\": %d, \"cp\": \"%s\", \"duplex\": \"%s\", ",
            o->bw, cell->n_rb, n_fft, 15000 * n_fft, cell->cp ? "extended" : "normal",
            cell->duplex ? "tdd" : "fdd");
    if (cell->duplex == LTE_TDD)
        fprintf(j, "\"tdd_config\": %d, \"ssf_config\": %d, ", cell->tdd_config, cell->ssf_config);
    fprintf(j, "\"cell_id\": %d, \"n_ports\": %d, \"cfi\": %d, \"phich_ng\": \"%s\", "
               "\"phich_duration\": \"%s\"},\n",
            cell->cell_id, cell->n_ports, cell->cfi, ng[cell->ng],
            cell->phich_dur ? "extended" : "normal");
    fprintf(j, "  \"frames\": %d,\n  \"first_sfn\": 0,\n  \"samples_per_port\": %ld,\n",
            o->frames, st->iq.samples / cell->n_ports);
    fprintf(j, "  \"format\": \"%s\",\n  \"sample_layout\": \"%s\",\n  \"scale\": %.9g,\n",
            o->ci16 ? "ci16" : "cf32",
            o->ci16 ? "interleaved I,Q int16 little-endian; value = round_half_even(x * scale), "
                      "saturated to -32768..32767"
                    : "interleaved I,Q float32 little-endian; value = x * scale",
            o->scale);
    fprintf(j, "  \"normalisation\": \"x: unitary OFDM (1/sqrt(N_fft)), an RE of 0 dB EPRE has "
               "|a|^2 = 1; mean power of a symbol = sum |a|^2 / N_fft\",\n");
    fprintf(j, "  \"epre_db\": {\"crs\": %.3f, \"pss_sss\": %.3f, \"pbch\": %.3f, \"pcfich\": "
               "%.3f, \"phich_per_phich\": %.3f, \"pdcch\": %.3f},\n",
            (double)c->crs_db, (double)c->sync_db, (double)c->pbch_db, (double)c->pcfich_db,
            (double)c->phich_db, (double)c->pdcch_db);
    fprintf(j, "  \"pbch\": \"MIB of the cell with the frame's SFN\",\n");
    /* the sequences lte_wf uses: 0, N_SF, 1, N_SF + 1... (waveform.h) */
    int n_sf = cell->cp == LTE_CP_NORMAL ? 4 : 2;
    fprintf(j, "  \"phich\": {\"per_group\": %d, \"hi\": 0, \"sequences\": [", c->n_phich);
    for (int i = 0; i < c->n_phich; i++)
        fprintf(j, "%s%d", i ? ", " : "", (i % 2) * n_sf + i / 2);
    fprintf(j, "]},\n");
    const int own = c->data == LTE_WF_DATA_DLSCH && c->rnti != 0 && c->n_pdcch > 0;
    fprintf(j, "  \"pdcch\": {\"count\": %d, \"cces_each\": %d, \"first_cces\": \"0, L, 2L...\", "
               "\"payload\": \"%s\", \"crc_rnti\": %d, \"unused_regs\": \"<NIL>, zero "
               "power\"},\n",
            c->n_pdcch, c->pdcch_cces,
            own ? "the first PDCCH: DCI format 1A of the subframe's PDSCH (C-RNTI, localized, "
                  "HARQ process (10 frame + subframe) mod 8 (TDD 16), NDI toggled per use, rv 0, "
                  "TPC 1), at CCE 0 for L >= 4 or at the first UE-specific candidate clear of the "
                  "others for L < 4, where a 1A describes the block (CRC masked with the PDSCH's "
                  "RNTI); otherwise, and the others, 27 zero bits (CRC masked with crc_rnti, "
                  "never the PDSCH's RNTI)"
                : "27 zero bits",
            lte_wf_filler_rnti(c));
    fprintf(j, "  \"pdsch\": {\n    \"data\": \"%s\",\n    \"rnti\": %d,\n",
            c->data == LTE_WF_DATA_DLSCH
                ? "DL-SCH coded transport blocks, bits from xoshiro256** stream (seed, 10*frame+subframe)"
                : "'0' bits scrambled per 36.211 6.3.1 (q = 0), one scrambler run per PRB run",
            c->rnti);
    if (c->data == LTE_WF_DATA_DLSCH) {
        fprintf(j, "    \"i_mcs\": %d,\n    \"rv\": 0,\n    \"seed\": %llu,\n    \"tbs_frame0\": [", c->i_mcs,
                (unsigned long long)c->seed);
        for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
            fprintf(j, "%s%d", sf ? ", " : "", st->tbs[sf]);
        fprintf(j, "],\n");
        if (c->i_mcs >= 0) { /* lower where the code rate would exceed 0.930 */
            fprintf(j, "    \"i_mcs_frame0\": [");
            for (int sf = 0; sf < LTE_NSUBFRAMES; sf++)
                fprintf(j, "%s%d", sf ? ", " : "", st->i_mcs[sf]);
            fprintf(j, "],\n");
        }
    }
    json_allocation(j, c);
    fprintf(j, "\n  },\n");
    if (c->ocng != LTE_WF_OCNG_NONE)
        fprintf(j, "  \"ocng\": {\"pattern\": \"%s\", \"spec\": \"3GPP TS 36.101 Annex A.5.1.2, "
                   "Table A.5.1.2-1\", \"prbs\": \"0..first allocated-1 and last allocated+1.."
                   "N_RB-1 of every subframe (all PRBs of a subframe without PDSCH)\", "
                   "\"relative_power_db\": 0, \"ocng_ra_db\": %.3f, \"ocng_rb_db\": %.3f, "
                   "\"modulation\": \"QPSK\", \"virtual_ues\": \"one per side, n_RNTI 1 (lower), "
                   "2 (upper)\", \"data\": \"xoshiro256** stream (seed, 2^62 + 10*frame+subframe)\", "
                   "\"seed\": %llu, \"multi_port\": \"transmit diversity (transmission mode 2)\"},\n",
                lte_wf_ocng_name(c->ocng), (double)c->ocng_ra_db, (double)c->ocng_rb_db,
                (unsigned long long)c->seed);
    fprintf(j, "  \"files\": [");
    for (int p = 0; p < F->n; p++) {
        const char *slash = strrchr(F->path[p], '/');
        fprintf(j, "%s\n    {\"port\": %d, \"path\": \"%s\", \"bytes\": %ld, \"sha256\": \"%s\"}",
                p ? "," : "", p, slash ? slash + 1 : F->path[p], F->bytes[p], F->hex[p]);
    }
    double rms = st->iq.samples ? sqrt(st->iq.energy / (double)st->iq.samples) : 0;
    fprintf(j, "\n  ],\n  \"stats\": {\"rms\": %.6g, \"peak_component\": %.6g, "
               "\"clipped_components\": %ld}\n}\n",
            rms, st->iq.peak, st->iq.clipped);
    if (fclose(j) != 0) {
        free(text);
        return 1;
    }
    char jpath[4200];
    snprintf(jpath, sizeof jpath, "%s.json", o->path);
    int rc = lte_cli_write_file(jpath, text, len);
    free(text);
    if (rc < 0) {
        fprintf(stderr, "ltephy waveform: %s\n", lte_errdetail());
        return 1;
    }
    return 0;
}

static int list_models(void)
{
    printf("E-UTRA test models (36.141 6.1.1), --bw 1.4..20 (15 MHz only where stated):\n");
    for (int i = 0; lte_wf_model_name(i); i++)
        printf("  %-10s %s\n", lte_wf_model_name(i), lte_wf_model_summary(i));
    printf("Reference measurement channels (36.101 Annex A.3), FDD, fixed bandwidth:\n");
    for (int i = 0; lte_wf_rmc_name(i); i++)
        printf("  %-10s %s\n", lte_wf_rmc_name(i), lte_wf_rmc_summary(i));
    wf_ul_list(stdout);
    return 0;
}

/* --rmc with an uplink FRC: tools/wf_ul.c, which takes only these options. */
static int waveform_uplink(const wf_cfg_args *a)
{
    static const int ok[] = {WF_O_RMC,       WF_O_CONFIG,    WF_O_BW,        WF_O_DUPLEX,
                             WF_O_TDD,       WF_O_FRAMES,    WF_O_FORMAT,    WF_O_SCALE,
                             WF_O_OUT,       WF_O_CELL_ID,   WF_O_RNTI,      WF_O_SEED,
                             WF_O_HOPPING,   WF_O_N_SB,      WF_O_HOP_OFFSET, WF_O_HOP_MODE,
                             WF_O_PRB_START};
    const char **val = a->val;
    for (int i = 0; i < WF_O_NOPT; i++) {
        int allowed = 0, rc;
        for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++)
            allowed |= ok[k] == i;
        if (!allowed && (rc = wf_cfg_refuse(a, i, "does not apply to an uplink FRC")))
            return rc;
    }
    wf_ul_args u = {val[WF_O_RMC],     val[WF_O_BW],     val[WF_O_DUPLEX],  val[WF_O_TDD],
                    val[WF_O_FRAMES],  val[WF_O_FORMAT], val[WF_O_SCALE],   val[WF_O_OUT],
                    val[WF_O_CELL_ID], val[WF_O_RNTI],   val[WF_O_SEED],    val[WF_O_HOPPING],
                    val[WF_O_N_SB],    val[WF_O_HOP_OFFSET], val[WF_O_HOP_MODE],
                    val[WF_O_PRB_START]};
    return wf_ul_main(&u);
}

static int cmd_waveform(int argc, char **argv)
{
    /* getopt's table: the shared options (wf_cfg_opts), then --list, --help */
    struct option opts[WF_O_NOPT + 3];
    int n_opt = 0;
    for (; wf_cfg_opts[n_opt].name; n_opt++)
        opts[n_opt] = wf_cfg_opts[n_opt];
    opts[n_opt++] = (struct option){"list", no_argument, 0, O_LIST};
    opts[n_opt++] = (struct option){"help", no_argument, 0, O_HELP};
    opts[n_opt] = (struct option){0, 0, 0, 0};
    const char *val[WF_O_NOPT] = {0};
    const wf_cfg_args a = {"waveform", "--model", val};
    int list = 0, ch;
    opterr = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "+:", opts, NULL)) != -1) {
        if (ch == ':') {
            fprintf(stderr, "ltephy waveform: option '%s' needs a value\n", argv[optind - 1]);
            return 2;
        }
        if (ch == O_HELP) {
            usage(stdout);
            return 0;
        }
        if (ch == O_LIST)
            list = 1;
        else if (ch >= 0 && ch < WF_O_NOPT)
            val[ch] = optarg;
        else
            return lte_cli_bad_option("waveform", argv[optind - 1]);
    }
    if (optind < argc)
        return lte_cli_bad_option("waveform", argv[optind]);
    if (list)
        return list_models();
    char *text;
    int rc = wf_cfg_load(&a, &text);
    if (!rc && val[WF_O_RMC] && wf_ul_is_frc(val[WF_O_RMC])) {
        rc = waveform_uplink(&a);
        free(text);
        return rc;
    }
    lte_wf_cfg cfg;
    wf_out o;
    wf_files files;
    wf_stats st;
    /* the PUSCH options have no downlink meaning */
    if (!rc)
        rc = wf_cfg_refuse_ul(&a, "applies to an uplink FRC only (--rmc A3-2 ..., see --list)");
    if (!rc)
        rc = wf_cfg_build(&a, &cfg, &o.bw);
    if (!rc)
        rc = build_out(val, &cfg, &o);
    if (!rc)
        rc = generate(&cfg, &o, &files, &st);
    if (!rc)
        rc = write_json(&cfg, &o, &files, &st);
    free(text);
    return rc;
}

LTE_CMD(waveform, "downlink frames (E-TMs, RMCs, free) and uplink FRCs as IQ + JSON",
        cmd_waveform)
