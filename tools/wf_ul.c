/* Uplink fixed-reference-channel waveforms for `ltephy waveform --rmc NAME`
 * (TS 36.104 Annex A; the channels are in include/ltephy/ul_frc.h).
 *
 * What is generated, per radio frame: in every uplink subframe (all ten in
 * FDD, the 'U' subframes of Table 4.2-2 in TDD) one PUSCH transport block
 * of the FRC's size, rv 0, on PRBs 0 .. M_RB-1 (--prb-start moves them; with
 * --hopping they are RB_START .. of a hopping grant and each slot sits on the
 * PRBs of 36.211 §5.3.4 / 36.213 §8.4, lte_pusch_hop_prb, every transport
 * block a first transmission: CURRENT_TX_NB = 0), with the FRC's cyclic
 * prefix (extended for the 10-symbol A4-2, normal otherwise), its DMRS (36.211
 * §5.5.2.1: cyclic shift 0, n_DMRS^(2) = 0, no group or sequence hopping),
 * PUSCH scrambling with the RNTI (§5.3.1), SC-FDMA modulation with the
 * half-subcarrier shift and unitary normalisation (§5.6, ltephy/pusch.h).
 * Other subframes (TDD downlink and special subframes) are zeros. The
 * transport-block bits come from xoshiro256** stream (seed, 10 frame +
 * subframe) (ltephy/rng.h), as the downlink waveforms' DL-SCH data.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "wf_io.h"
#include "wf_ul.h"
#include "ltephy/cell.h"
#include "ltephy/error.h"
#include "ltephy/modulation.h"
#include "ltephy/ofdm.h"
#include "ltephy/pusch.h"
#include "ltephy/rng.h"
#include "ltephy/tables.h"
#include "ltephy/ul_frc.h"
#include "ltephy/version.h"
#include "ltephy/waveform.h"

#define UL_MAX_FRAMES 1024

typedef struct ul_job {
    lte_ul_frc frc;
    int n_rb_ul;
    double bw;
    int tdd, tdd_config;
    int cell_id, rnti;
    uint64_t seed;
    int frames;
    int ci16;
    double scale;
    const char *out;
    int prb_start;          /* RB_START (36.213 §8.1.1); without hopping the first PRB */
    lte_pusch_hopping hop;  /* enabled = 0: no hopping */
    int hop_frames;         /* the pattern repeats every hop_frames frames (1..4) */
    int hop_prb[4][10][2];  /* with hopping: first PRB of slot 0, 1 per (n_f mod hop_frames, sf) */
} ul_job;

static int ul_bad(const char *opt, const char *val, const char *rule)
{
    fprintf(stderr, "ltephy waveform: %s '%s': %s\n", opt, val, rule);
    return 2;
}

static int ul_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 0);
    if (!s[0] || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static const char *mod_name(int qm) { return lte_mod_name((lte_mod)qm); }

int wf_ul_is_frc(const char *name)
{
    if (!name)
        return 0;
    for (int i = 0; i < lte_ul_frc_count(); i++)
        if (!strcasecmp(name, lte_ul_frc_at(i)->name))
            return 1;
    return 0;
}

void wf_ul_list(FILE *f)
{
    fprintf(f, "Uplink fixed reference channels (36.104 Annex A), PUSCH in every uplink\n"
               "subframe, default bandwidth shown (--bw may widen it):\n");
    for (int i = 0; i < lte_ul_frc_count(); i++) {
        const lte_ul_frc *r = lte_ul_frc_at(i);
        fprintf(f, "  %-10s %3d RB%s of %3d, %-6s TBS %5d, %s%s%s\n", r->name, r->n_rb_alloc,
                r->rb_step ? " (spaced)" : "", r->n_rb_ul, mod_name(r->qm), r->tbs, r->title,
                r->n_symb == 10 ? ", extended CP" : "",
                r->rb_step ? " [not generated: non-contiguous]" : "");
    }
}

/* Is subframe sf an uplink subframe of the job's duplex mode? */
static int ul_subframe(const ul_job *j, int sf)
{
    if (!j->tdd)
        return 1;
    lte_cell_cfg c;
    lte_cell_cfg_init(&c);
    c.duplex = LTE_TDD;
    c.tdd_config = j->tdd_config;
    return lte_cell_subframe_type(&c, sf) == LTE_SF_UL;
}

/* ceil(log2(x)) for x >= 1 */
static int ul_ceil_log2(int x)
{
    int y = 0;
    while ((1 << y) < x)
        y++;
    return y;
}

/* RB_START and the hopping options, spelt and read as `ltephy sim --link
 * pusch` reads them (tools/cmd_sim.c). A configuration that cannot hop is
 * refused naming the option at fault: the hopping bits (Table 8.4-1 width,
 * the L_CRBs limit of 36.213 §8.4), --hopping-offset (type 1: N_RB^PUSCH too
 * small, §8.4.1), --n-sb (type 2: N_RB^sb too small, 36.211 §5.3.4), else
 * --prb-start (an allocation that leaves the hopping region or straddles two
 * sub-bands), the last with lte_pusch_hop_prb's reason: the library decides,
 * for every uplink subframe and, in TDD, every n_f mod 4 of the type 2
 * sequence (c_init = 2^9 (n_f mod 4) + N_ID^cell). */
static int ul_parse_hop(const wf_ul_args *a, ul_job *j)
{
    long x;
    char why[320];
    int n = j->n_rb_ul, l = j->frc.n_rb_alloc;
    const char *dep[3][2] = {{"--n-sb", a->n_sb},
                             {"--hopping-offset", a->hopping_offset},
                             {"--hopping-mode", a->hopping_mode}};
    for (int i = 0; i < 3 && !a->hopping; i++)
        if (dep[i][1])
            return ul_bad(dep[i][0], dep[i][1], "needs --hopping");
    if (a->prb_start) {
        if (ul_long(a->prb_start, 0, LTE_MAX_RB - 1, &x) < 0)
            return ul_bad("--prb-start", a->prb_start, "must be an integer 0..109");
        j->prb_start = (int)x;
    }
    const char *ps = a->prb_start ? a->prb_start : "0 (default)";
    j->hop_frames = 1;
    if (!a->hopping) {
        if (j->prb_start + l > n) {
            snprintf(why, sizeof why, "%s's %d PRBs from there leave the %d uplink PRBs",
                     j->frc.name, l, n);
            return ul_bad("--prb-start", ps, why);
        }
        return 0;
    }
    lte_pusch_hopping *h = &j->hop;
    int n_bits = n < 50 ? 1 : 2; /* N_UL_hop, 36.213 Table 8.4-1 */
    if (ul_long(a->hopping, 0, 3, &x) < 0)
        return ul_bad("--hopping", a->hopping,
                      "must be the N_UL_hop bits of 36.213 Table 8.4-2 as a number, 0..3");
    if (x >= 1 << n_bits) {
        snprintf(why, sizeof why,
                 "N_RB^UL = %d has one hopping bit (36.213 Table 8.4-1): 0 (type 1) or 1 "
                 "(type 2); two bits from 50 PRBs (--bw 10)", n);
        return ul_bad("--hopping", a->hopping, why);
    }
    h->enabled = 1;
    h->hop_bits = (int)x;
    h->n_sb = 1;
    if (a->n_sb) {
        if (ul_long(a->n_sb, 1, 4, &x) < 0)
            return ul_bad("--n-sb", a->n_sb, "must be 1..4 (N_sb, n-SB)");
        h->n_sb = (int)x;
    }
    if (a->hopping_offset) {
        if (ul_long(a->hopping_offset, 0, 98, &x) < 0)
            return ul_bad("--hopping-offset", a->hopping_offset, "must be N_RB^HO, 0..98");
        h->hopping_offset = (int)x;
    }
    h->mode = LTE_PUSCH_HOP_INTER_SF;
    if (a->hopping_mode) {
        if (!strcmp(a->hopping_mode, "intra"))
            h->mode = LTE_PUSCH_HOP_INTRA_INTER_SF;
        else if (strcmp(a->hopping_mode, "inter"))
            return ul_bad("--hopping-mode", a->hopping_mode, "must be inter or intra");
    }
    h->current_tx_nb = 0; /* every transport block is new (rv 0) */
    h->tdd = j->tdd;
    /* 36.213 §8.4: the RIV of the shortened resource allocation field */
    int y = ul_ceil_log2(n * (n + 1) / 2) - n_bits, l_max = (1 << y) / n;
    if (l > l_max) {
        snprintf(why, sizeof why,
                 "%s has %d PRBs; a hopping grant in %d uplink PRBs has at most "
                 "floor(2^%d / %d) = %d (36.213 §8.4)%s",
                 j->frc.name, l, n, y, n, l_max,
                 n < 100 ? "; a wider --bw allows more" : ", the most any bandwidth allows");
        return ul_bad("--hopping", a->hopping, why);
    }
    int ho = h->hopping_offset;
    if (h->hop_bits != (1 << n_bits) - 1) { /* type 1 */
        int n_pusch = n - (ho + ho % 2) - n % 2;
        if (n_pusch < l) {
            snprintf(why, sizeof why,
                     "leaves N_RB^PUSCH = %d PRBs of the %d (36.213 §8.4.1) for %s's %d",
                     n_pusch, n, j->frc.name, l);
            return ul_bad("--hopping-offset", a->hopping_offset ? a->hopping_offset : "0", why);
        }
    } else if (h->n_sb > 1 && (n - ho - ho % 2) / h->n_sb < l) { /* type 2 */
        snprintf(why, sizeof why,
                 "sub-bands of N_RB^sb = %d PRBs (N_RB^UL %d, N_RB^HO %d, 36.211 §5.3.4) "
                 "cannot hold %s's %d PRBs",
                 (n - ho - ho % 2) / h->n_sb, n, ho, j->frc.name, l);
        return ul_bad("--n-sb", a->n_sb ? a->n_sb : "1", why);
    }
    int frames = j->tdd ? (j->frames < 4 ? j->frames : 4) : 1;
    for (int f = 0; f < frames; f++)
        for (int sf = 0; sf < 10; sf++) {
            h->sfn = f;
            if (ul_subframe(j, sf) &&
                lte_pusch_hop_prb(n, j->cell_id, h, j->prb_start, l, sf, j->hop_prb[f][sf]) < 0)
                return ul_bad("--prb-start", ps, lte_errdetail());
        }
    h->sfn = 0;
    /* only type 2 with N_sb > 1 in TDD changes from frame to frame */
    j->hop_frames = 1;
    for (int f = 1; f < frames; f++)
        if (memcmp(j->hop_prb[f], j->hop_prb[0], sizeof j->hop_prb[0]))
            j->hop_frames = frames;
    return 0;
}

static int ul_parse(const wf_ul_args *a, ul_job *j)
{
    long x;
    memset(j, 0, sizeof *j);
    if (lte_ul_frc_find(a->frc, &j->frc) < 0)
        return ul_bad("--rmc", a->frc, "unknown uplink reference channel");
    if (j->frc.rb_step)
        return ul_bad("--rmc", a->frc,
                      "its resource blocks are spaced apart (36.104 Tables A.1-1 and A.2-1, "
                      "notes 1 and 2); "
                      "the PUSCH transmitter maps one contiguous allocation");
    static const double bws[6] = {1.4, 3, 5, 10, 15, 20};
    static const int nrbs[6] = {6, 15, 25, 50, 75, 100};
    j->n_rb_ul = j->frc.n_rb_ul;
    if (a->bw) {
        char *end;
        double mhz = strtod(a->bw, &end);
        int n_rb;
        if (!a->bw[0] || *end || lte_wf_bw_to_nrb(mhz, &n_rb) < 0)
            return ul_bad("--bw", a->bw, "must be 1.4, 3, 5, 10, 15 or 20");
        if (n_rb < j->frc.n_rb_alloc)
            return ul_bad("--bw", a->bw, "is narrower than the reference channel's allocation");
        j->n_rb_ul = n_rb;
    }
    for (int i = 0; i < 6; i++)
        if (nrbs[i] == j->n_rb_ul)
            j->bw = bws[i];
    if (a->duplex) {
        if (!strcasecmp(a->duplex, "tdd"))
            j->tdd = 1;
        else if (strcasecmp(a->duplex, "fdd"))
            return ul_bad("--duplex", a->duplex, "must be fdd or tdd");
    }
    j->tdd_config = 1;
    if (a->tdd_config) {
        if (ul_long(a->tdd_config, 0, 6, &x) < 0)
            return ul_bad("--tdd-config", a->tdd_config, "must be an integer 0..6");
        j->tdd_config = (int)x;
    }
    j->cell_id = 0;
    if (a->cell_id) {
        if (ul_long(a->cell_id, 0, 503, &x) < 0)
            return ul_bad("--cell-id", a->cell_id, "must be an integer 0..503");
        j->cell_id = (int)x;
    }
    j->rnti = 1;
    if (a->rnti) {
        if (ul_long(a->rnti, 0, 65535, &x) < 0)
            return ul_bad("--rnti", a->rnti, "must be 0..65535");
        j->rnti = (int)x;
    }
    j->seed = 1;
    if (a->seed) {
        char *end;
        j->seed = strtoull(a->seed, &end, 0);
        if (!a->seed[0] || *end)
            return ul_bad("--seed", a->seed, "must be an unsigned integer");
    }
    j->frames = 1;
    if (a->frames) {
        if (ul_long(a->frames, 1, UL_MAX_FRAMES, &x) < 0)
            return ul_bad("--frames", a->frames, "must be 1..1024");
        j->frames = (int)x;
    }
    int rc = ul_parse_hop(a, j);
    if (rc)
        return rc;
    if (a->format) {
        if (!strcmp(a->format, "ci16"))
            j->ci16 = 1;
        else if (strcmp(a->format, "cf32"))
            return ul_bad("--format", a->format, "must be cf32 or ci16");
    }
    int n_fft = lte_ofdm_std_fft_size(j->n_rb_ul);
    /* ci16: the RMS of the PUSCH (12 M_RB unit-energy REs per symbol, unitary
     * IDFT) at -12 dBFS. */
    j->scale = j->ci16 ? 32767.0 * pow(10.0, -12.0 / 20.0) *
                             sqrt((double)n_fft / (12.0 * j->frc.n_rb_alloc))
                       : 1.0;
    if (a->scale) {
        char *end;
        j->scale = strtod(a->scale, &end);
        if (!a->scale[0] || *end || !isfinite(j->scale) || j->scale <= 0)
            return ul_bad("--scale", a->scale, "must be a positive number");
    }
    j->out = a->out;
    if (!j->out || !j->out[0]) {
        fprintf(stderr, "ltephy waveform: --out FILE is required\n");
        return 2;
    }
    return 0;
}

typedef struct ul_stats {
    wf_iq_stats iq;
    wf_files files; /* one file: the port-0 path is j->out */
    int subframes;
} ul_stats;

static int ul_generate(const ul_job *j, ul_stats *st)
{
    lte_pusch_cfg pc = {0};
    pc.n_rb_ul = j->n_rb_ul;
    pc.cp = j->frc.n_symb == 10 ? LTE_CP_EXTENDED : LTE_CP_NORMAL; /* as ulsch_cfg */
    pc.cell_id = j->cell_id;
    pc.tbs_max = j->frc.tbs;
    lte_pusch *p = NULL;
    if (lte_pusch_create(&pc, &p) < 0) {
        fprintf(stderr, "ltephy waveform: %s\n", lte_errdetail());
        return 1;
    }
    int len = lte_pusch_subframe_len(p), rc = 0;
    float complex *x = malloc((size_t)len * sizeof *x);
    uint8_t *tb = malloc((size_t)j->frc.tbs);
    void *buf = malloc((size_t)len * 8);
    memset(st, 0, sizeof *st);
    if (!x || !tb || !buf || wf_files_open(&st->files, j->out, 1)) {
        rc = 1;
        goto done;
    }
    lte_pusch_grant g;
    memset(&g, 0, sizeof g);
    g.rnti = j->rnti;
    g.prb_start = j->prb_start;
    lte_ul_frc_ulsch_cfg(&j->frc, &g.ul);
    g.hop = j->hop; /* zero without hopping */
    for (int fr = 0; fr < j->frames && !rc; fr++)
        for (int sf = 0; sf < 10 && !rc; sf++) {
            if (ul_subframe(j, sf)) {
                lte_rng r;
                lte_rng_seed_stream(&r, j->seed, (uint64_t)fr * 10u + (uint64_t)sf);
                lte_rng_bits(&r, tb, j->frc.tbs);
                g.subframe = sf;
                if (g.hop.enabled)
                    g.hop.sfn = fr % 1024; /* n_f: first_sfn 0 */
                if (lte_pusch_tx(p, &g, tb, NULL, NULL, NULL, NULL, x) < 0) {
                    fprintf(stderr, "ltephy waveform: frame %d subframe %d: %s\n", fr, sf,
                            lte_errdetail());
                    rc = 1;
                    break;
                }
                if (fr == 0)
                    st->subframes |= 1 << sf;
            } else {
                memset(x, 0, (size_t)len * sizeof *x);
            }
            size_t nb = wf_iq_convert(x, len, j->ci16, j->scale, buf, &st->iq);
            rc = wf_files_write(&st->files, 0, buf, nb);
        }
    if (rc)
        wf_files_abort(&st->files);
    else
        rc = wf_files_commit(&st->files);
done:
    free(x);
    free(tb);
    free(buf);
    lte_pusch_destroy(p);
    return rc;
}

/* "hopping": false, or the parameters and the PRBs of each uplink subframe's
 * two slots (first and last PRB), per n_f mod pattern_frames. */
static void ul_json_hop(FILE *o, const ul_job *j, const ul_stats *st)
{
    const lte_pusch_hopping *h = &j->hop;
    if (!h->enabled) {
        fprintf(o, "false");
        return;
    }
    int n_bits = j->n_rb_ul < 50 ? 1 : 2, type = h->hop_bits == (1 << n_bits) - 1 ? 2 : 1;
    int l = j->frc.n_rb_alloc;
    fprintf(o, "{\"spec\": \"3GPP TS 36.211 5.3.4, TS 36.213 8.4\", \"type\": %d, "
               "\"hop_bits\": %d, \"n_ul_hop\": %d, \"n_sb\": %d, \"hopping_offset\": %d, "
               "\"mode\": \"%s\", \"rb_start\": %d, \"current_tx_nb\": 0, "
               "\"pattern_frames\": %d,\n      \"prbs\": [",
            type, h->hop_bits, n_bits, h->n_sb, h->hopping_offset,
            h->mode == LTE_PUSCH_HOP_INTER_SF ? "inter" : "intra", j->prb_start, j->hop_frames);
    int first = 1;
    for (int f = 0; f < j->hop_frames; f++)
        for (int sf = 0; sf < 10; sf++) {
            if (!(st->subframes >> sf & 1))
                continue;
            const int *p = j->hop_prb[f][sf];
            fprintf(o, "%s\n        {\"frame\": %d, \"subframe\": %d, "
                       "\"slot0\": {\"prb_first\": %d, \"prb_last\": %d}, "
                       "\"slot1\": {\"prb_first\": %d, \"prb_last\": %d}}",
                    first ? "" : ",", f, sf, p[0], p[0] + l - 1, p[1], p[1] + l - 1);
            first = 0;
        }
    fprintf(o, "]}");
}

static int ul_json(const ul_job *j, const ul_stats *st)
{
    char *text = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&text, &len);
    if (!o)
        return 1;
    const lte_ul_frc *r = &j->frc;
    int n_fft = lte_ofdm_std_fft_size(j->n_rb_ul);
    char itbs[16]; /* a number, or "32A" for the lettered row (tables.h) */
    if (r->i_tbs == LTE_ITBS_32A)
        snprintf(itbs, sizeof itbs, "\"32A\"");
    else
        snprintf(itbs, sizeof itbs, "%d", r->i_tbs);
    fprintf(o, "{\n  \"generator\": \"ltephy waveform\",\n  \"ltephy_version\": \"%s\",\n",
            lte_version());
    fprintf(o, "  \"configuration\": \"%s\",\n  \"link\": \"uplink\",\n", r->name);
    fprintf(o, "  \"spec\": \"3GPP %s (%s)%s\",\n", r->source, r->title,
            r->verified ? "" : "; row not checked against a copy of the table");
    fprintf(o, "  \"frc\": {\"n_rb_alloc\": %d, \"modulation\": \"%s\", \"q_m\": %d, "
               "\"code_rate\": \"%d/%d\", \"tbs\": %d, \"i_tbs\": %s, \"i_mcs\": %d, "
               "\"code_blocks\": %d, \"coded_block_bits\": %d, \"data_symbols\": %d, "
               "\"bits_per_subframe\": %d, \"effective_rate\": %.4f},\n",
            r->n_rb_alloc, mod_name(r->qm), r->qm, r->rate_num, r->rate_den, r->tbs, itbs,
            r->i_mcs, r->n_cb, r->cb_coded,
            r->n_symb, r->coded_bits, lte_ul_frc_rate(r));
    fprintf(o, "  \"cell\": {\"bandwidth_mhz\": %g, \"n_rb_ul\": %d, \"fft_size\": %d, "
               "\"sample_rate_hz\": %d, \"cp\": \"%s\", \"duplex\": \"%s\", ",
            j->bw, j->n_rb_ul, n_fft, 15000 * n_fft, r->n_symb == 10 ? "extended" : "normal",
            j->tdd ? "tdd" : "fdd");
    if (j->tdd)
        fprintf(o, "\"tdd_config\": %d, ", j->tdd_config);
    fprintf(o, "\"cell_id\": %d, \"group_hopping\": 0, \"sequence_hopping\": 0, "
               "\"delta_ss\": 0},\n",
            j->cell_id);
    fprintf(o, "  \"pusch\": {\"rnti\": %d, \"prb_start\": %d, \"n_prb\": %d, \"rv\": 0, "
               "\"cyclic_shift\": 0, \"n_dmrs2\": 0, \"srs\": false, \"uci\": \"none\", "
               "\"hopping\": ",
            j->rnti, j->prb_start, r->n_rb_alloc);
    ul_json_hop(o, j, st);
    fprintf(o, ",\n");
    fprintf(o, "    \"data\": \"one UL-SCH transport block per uplink subframe, bits from "
               "xoshiro256** stream (seed, 10*frame+subframe)\", \"seed\": %llu,\n",
            (unsigned long long)j->seed);
    fprintf(o, "    \"subframes\": [");
    for (int sf = 0, first = 1; sf < 10; sf++)
        if (st->subframes >> sf & 1) {
            fprintf(o, "%s%d", first ? "" : ", ", sf);
            first = 0;
        }
    fprintf(o, "]},\n");
    fprintf(o, "  \"frames\": %d,\n  \"first_sfn\": 0,\n  \"samples\": %ld,\n", j->frames,
            st->iq.samples);
    fprintf(o, "  \"format\": \"%s\",\n  \"sample_layout\": \"%s\",\n  \"scale\": %.9g,\n",
            j->ci16 ? "ci16" : "cf32",
            j->ci16 ? "interleaved I,Q int16 little-endian; value = round_half_even(x * scale), "
                      "saturated to -32768..32767"
                    : "interleaved I,Q float32 little-endian; value = x * scale",
            j->scale);
    fprintf(o, "  \"normalisation\": \"x: unitary SC-FDMA (36.211 5.6, half-subcarrier shift), "
               "data and DMRS REs |a|^2 = 1, zero outside the allocation\",\n");
    const char *slash = strrchr(j->out, '/');
    fprintf(o, "  \"files\": [\n    {\"path\": \"%s\", \"bytes\": %ld, \"sha256\": \"%s\"}\n  ],\n",
            slash ? slash + 1 : j->out, st->files.bytes[0], st->files.hex[0]);
    double rms = st->iq.samples ? sqrt(st->iq.energy / (double)st->iq.samples) : 0;
    fprintf(o, "  \"stats\": {\"rms\": %.6g, \"peak_component\": %.6g, "
               "\"clipped_components\": %ld}\n}\n",
            rms, st->iq.peak, st->iq.clipped);
    if (fclose(o) != 0) {
        free(text);
        return 1;
    }
    char jpath[4200];
    snprintf(jpath, sizeof jpath, "%s.json", j->out);
    int rc = lte_cli_write_file(jpath, text, len);
    free(text);
    if (rc < 0) {
        fprintf(stderr, "ltephy waveform: %s\n", lte_errdetail());
        return 1;
    }
    return 0;
}

int wf_ul_main(const wf_ul_args *a)
{
    ul_job j;
    ul_stats st;
    int rc = ul_parse(a, &j);
    if (!rc)
        rc = ul_generate(&j, &st);
    if (!rc)
        rc = ul_json(&j, &st);
    return rc;
}
