/* `ltephy vectors list | gen | check`: golden vectors for RTL verification.
 * File formats: vectors/FORMAT.md. SPDX-License-Identifier: BSD-3-Clause */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ltephy/error.h"
#include "ltephy/ratematch.h"
#include "ltephy/rng.h"
#include "ltephy/sch.h"
#include "ltephy/tables.h"
#include "ltephy/turbo_fx.h"
#include "vec.h"
#include "vectors.h"

/* ---- case configuration ----------------------------------------------------- */
static const vec_catalogue_entry catalogue[] = {
    {"dlsch_6prb_qpsk_rv0", 1,
     "chain=dlsch mcs_table=64qam mcs=0 prb=6 G=1440 rv=0 seed=1 snr_db=4"},
    {"dlsch_6prb_16qam_rv1", 1,
     "chain=dlsch mcs_table=64qam mcs=13 prb=6 G=2880 rv=1 seed=2 snr_db=14"},
    {"dlsch_25prb_64qam_rv2", 1,
     "chain=dlsch mcs_table=64qam mcs=20 prb=25 G=18000 rv=2 seed=3 snr_db=30"},
    {"dlsch_50prb_256qam_rv3", 1,
     "chain=dlsch mcs_table=256qam mcs=20 prb=50 G=48000 rv=3 seed=4 rx=0"},
    {"dlsch_100prb_mcs28_rv0", 1,
     "chain=dlsch mcs_table=64qam mcs=28 prb=100 G=86400 rv=0 seed=5 rx=0"},
    {"dlsch_100prb_mcs28_softbuf_cat3", 0,
     "chain=dlsch mcs_table=64qam mcs=28 prb=100 G=86400 rv=1 n_soft=1237248 seed=6 snr_db=30"},
    {"ulsch_6prb_qpsk_rv0", 1, "chain=ulsch mcs_table=pusch mcs=5 prb=6 G=1728 rv=0 seed=7 snr_db=6"},
    {"dlsch_tbs17_filler", 1, "chain=dlsch tbs=17 G=120 rv=0 seed=8 snr_db=6"},
    /* PDSCH: coding through OFDM samples per port, then one receive antenna
     * (sum of the ports) with AWGN, CRS channel estimation and decoding */
    {"pdsch_6prb_tm1_qpsk", 1,
     "chain=pdsch n_rb=6 ports=1 tm=1 mcs=5 cfi=2 cell_id=17 subframe=1 rnti=4660 seed=11 "
     "snr_db=20"},
    {"pdsch_6prb_tm2_2port_16qam", 1,
     "chain=pdsch n_rb=6 ports=2 tm=2 mcs=12 cfi=3 cell_id=101 subframe=2 rnti=61 rv=1 seed=12 "
     "snr_db=25"},
    {"pdsch_6prb_tm2_4port_qpsk_ext_cp", 1,
     "chain=pdsch n_rb=6 ports=4 tm=2 mcs=4 cfi=3 cp=extended cell_id=250 subframe=3 seed=13 "
     "snr_db=20"},
    {"pdsch_6prb_tdd_dwpts_tm1", 1,
     "chain=pdsch n_rb=6 ports=1 tm=1 mcs=9 cfi=2 duplex=tdd tdd_config=1 ssf_config=7 "
     "cell_id=5 subframe=1 seed=14 snr_db=25"},
    {"pdsch_25prb_tm3_2port_64qam", 1,
     "chain=pdsch n_rb=25 ports=2 tm=3 mcs=20 cfi=1 cell_id=33 subframe=4 seed=15 rx=0"},
    {"pdsch_50prb_tm4_2port_16qam", 1,
     "chain=pdsch n_rb=50 ports=2 tm=4 codebook=1 mcs=14 cfi=2 cell_id=400 subframe=6 "
     "seed=16 rx=0"},
    /* downlink control channels (36.211 §6.6-6.9): every stage to the REs of
     * each port, then one receive antenna (sum of the ports) with AWGN */
    {"pbch_6prb_1port", 1, "chain=pbch n_rb=6 ports=1 cell_id=17 sfn=0 ng=1 seed=41 snr_db=2"},
    {"pbch_15prb_2port_sfn513", 1,
     "chain=pbch n_rb=15 ports=2 cell_id=202 sfn=513 ng=1_6 seed=42 snr_db=2"},
    {"pbch_6prb_4port_ext_cp", 1,
     "chain=pbch n_rb=6 ports=4 cp=extended cell_id=503 sfn=1022 ng=2 phich_dur=extended cfi=3 "
     "seed=43 snr_db=2"},
    {"pcfich_6prb_cfi1_1port", 1,
     "chain=pcfich n_rb=6 ports=1 cfi=1 cell_id=1 subframe=0 seed=44 snr_db=0"},
    {"pcfich_25prb_cfi2_2port", 1,
     "chain=pcfich n_rb=25 ports=2 cfi=2 cell_id=100 subframe=3 seed=45 snr_db=0"},
    {"pcfich_15prb_cfi3_4port_tdd", 1,
     "chain=pcfich n_rb=15 ports=4 cfi=3 duplex=tdd tdd_config=2 cell_id=287 subframe=4 "
     "seed=46 snr_db=0"},
    {"phich_25prb_2port", 1,
     "chain=phich n_rb=25 ports=2 ng=1 cell_id=77 subframe=2 "
     "hi=0.0.1,0.3.0,0.6.1,1.1.1,2.7.0,3.2.1,3.5.1 seed=47 snr_db=6"},
    {"phich_15prb_4port_ext_cp", 1,
     "chain=phich n_rb=15 ports=4 cp=extended ng=2 phich_dur=extended cfi=3 cell_id=9 "
     "subframe=7 hi=0.0.1,0.2.0,1.1.1,1.3.0,2.0.0,3.3.1,6.1.1,7.2.0 seed=48 snr_db=6"},
    {"pdcch_25prb_cfi3_2port", 1,
     "chain=pdcch n_rb=25 ports=2 cfi=3 ng=1_6 cell_id=211 subframe=5 "
     "dci=c:65535:8:27,c:65534:4:31,u:4660:2:43,u:4660:1:27 seed=49 snr_db=6"},
    {"pdcch_6prb_cfi3_4port", 1,
     "chain=pdcch n_rb=6 ports=4 cfi=3 ng=1_6 cell_id=7 subframe=9 "
     "dci=c:65535:4:25,u:61:1:25 seed=50 snr_db=6"},
    {"pdcch_15prb_cfi2_1port_ext_cp", 1,
     "chain=pdcch n_rb=15 ports=1 cfi=2 cp=extended ng=1_2 cell_id=450 subframe=1 "
     "dci=c:3000:4:37,u:1000:2:37,u:2000:1:37 seed=51 snr_db=6"},
    /* PSS, SSS and CRS of one subframe (36.211 §6.10.1, §6.11) */
    {"signals_6prb_fdd_cell0_sf0_1port", 1, "chain=signals n_rb=6 ports=1 cell_id=0 subframe=0"},
    {"signals_15prb_fdd_cell301_sf5_2port", 1,
     "chain=signals n_rb=15 ports=2 cell_id=301 subframe=5"},
    {"signals_6prb_tdd_cell150_sf1_4port", 1,
     "chain=signals n_rb=6 ports=4 duplex=tdd tdd_config=1 ssf_config=7 cell_id=150 subframe=1"},
    {"signals_6prb_tdd_cell503_sf0_ext_cp_2port", 1,
     "chain=signals n_rb=6 ports=2 duplex=tdd tdd_config=3 ssf_config=4 cp=extended cell_id=503 "
     "subframe=0"},
    /* OFDM modulation per bandwidth (36.211 §6.12): a grid in, samples out */
    {"ofdm_6prb_normal_cp", 1, "chain=ofdm n_rb=6 cp=normal n_symb=2 seed=61"},
    {"ofdm_15prb_normal_cp", 1, "chain=ofdm n_rb=15 cp=normal n_symb=2 seed=62"},
    {"ofdm_25prb_normal_cp", 1, "chain=ofdm n_rb=25 cp=normal n_symb=2 seed=63"},
    {"ofdm_50prb_normal_cp", 1, "chain=ofdm n_rb=50 cp=normal n_symb=1 seed=64"},
    {"ofdm_75prb_normal_cp", 1, "chain=ofdm n_rb=75 cp=normal n_symb=1 seed=65"},
    {"ofdm_100prb_normal_cp", 1, "chain=ofdm n_rb=100 cp=normal n_symb=1 seed=66"},
    {"ofdm_6prb_extended_cp", 1, "chain=ofdm n_rb=6 cp=extended n_symb=1 seed=67"},
    {"ofdm_15prb_extended_cp", 1, "chain=ofdm n_rb=15 cp=extended n_symb=1 seed=68"},
    {"ofdm_25prb_extended_cp", 1, "chain=ofdm n_rb=25 cp=extended n_symb=1 seed=69"},
    {"ofdm_50prb_extended_cp", 1, "chain=ofdm n_rb=50 cp=extended n_symb=1 seed=70"},
    {"ofdm_75prb_extended_cp", 1, "chain=ofdm n_rb=75 cp=extended n_symb=1 seed=71"},
    {"ofdm_100prb_extended_cp", 1, "chain=ofdm n_rb=100 cp=extended n_symb=1 seed=72"},
    {"ofdm_100prb_normal_cp_subframe", 0, "chain=ofdm n_rb=100 cp=normal n_symb=14 seed=73"},
    {"pdcch_100prb_cfi3_4port", 0,
     "chain=pdcch n_rb=100 ports=4 cfi=3 ng=2 cell_id=331 subframe=0 dci=c:65535:8:27,"
     "c:65534:4:31,u:4660:8:57,u:4660:4:57,u:71:2:43,u:71:1:27 seed=52 snr_db=4"},
    {"pbch_100prb_4port_sfn1023", 0,
     "chain=pbch n_rb=100 ports=4 cell_id=419 sfn=1023 ng=1_2 seed=53 snr_db=0"},
    /* fixed-point hardware models (bit-exact) */
    {"fft_fx_2048_fwd", 1, "chain=fft_fx n=2048 dir=fwd schedule=default amp=8000 seed=21"},
    {"fft_fx_1536_fwd", 1, "chain=fft_fx n=1536 dir=fwd schedule=default amp=8000 seed=22"},
    {"fft_fx_128_inv", 1, "chain=fft_fx n=128 dir=inv schedule=default amp=12000 seed=23"},
    {"fft_fx_2048_fwd_bfp", 1, "chain=fft_fx n=2048 dir=fwd schedule=bfp amp=300 seed=24"},
    {"demap_fx_qpsk", 1, "chain=demap_fx qm=2 n_sym=300 snr_db=6 frac=2 seed=31"},
    {"demap_fx_16qam", 1, "chain=demap_fx qm=4 n_sym=300 snr_db=14 frac=2 seed=32"},
    {"demap_fx_64qam", 1, "chain=demap_fx qm=6 n_sym=300 snr_db=20 frac=2 seed=33"},
    {"demap_fx_256qam", 1, "chain=demap_fx qm=8 n_sym=300 snr_db=26 frac=2 seed=34"},
    {"pdsch_100prb_256qam_rv0", 0,
     "chain=pdsch n_rb=100 ports=1 tm=1 mcs_table=256qam mcs=27 cfi=1 cell_id=301 subframe=1 "
     "seed=17 snr_db=40"},
    /* PUSCH: one subframe of a 36.104 Annex A FRC, coding through SC-FDMA
     * samples, then one receive antenna with AWGN, DMRS channel estimation,
     * MMSE equalisation, IDFT and decoding */
    {"pusch_a1_4_3prb_qpsk", 1,
     "chain=pusch frc=A1-4 n_rb=6 prb_start=2 cell_id=17 rnti=100 subframe=2 cyclic_shift=3 "
     "cs_field=2 seed=81 snr_db=6"},
    {"pusch_a3_2_6prb_qpsk", 1, "chain=pusch frc=A3-2 cell_id=1 rnti=61 subframe=0 seed=82 snr_db=6"},
    {"pusch_a4_3_6prb_16qam", 1,
     "chain=pusch frc=A4-3 cell_id=150 rnti=4660 subframe=5 cyclic_shift=1 seed=83 snr_db=18"},
    {"pusch_a5_2_6prb_64qam", 1,
     "chain=pusch frc=A5-2 cell_id=503 rnti=65535 subframe=9 cs_field=5 seed=84 snr_db=26"},
    /* frequency hopping type 2, two sub-bands, intra- and inter-subframe:
     * the slots on different PRBs (36.211 §5.3.4) */
    {"pusch_a3_2_25prb_hop2", 1,
     "chain=pusch frc=A3-2 n_rb=25 prb_start=3 hopping=1 n_sb=2 hopping_offset=4 "
     "hopping_mode=intra cell_id=7 rnti=61 subframe=3 seed=85 snr_db=6"},
    /* 256QAM 5/6 (Q_m = 8): decodes from about 23 dB here */
    {"pusch_a17_1_6prb_256qam", 1,
     "chain=pusch frc=A17-1 cell_id=88 rnti=22136 subframe=4 cyclic_shift=6 cs_field=3 seed=87 "
     "snr_db=28"},
    /* uplink control and sounding (tools/vec_ulctrl.c) */
    {"pucch_f1a_6prb", 1,
     "chain=pucch n_rb=6 format=1a n_pucch=5 delta_shift=2 n_cs1=0 n_rb2=1 cell_id=17 "
     "subframe=3 seed=91"},
    {"pucch_f1b_15prb_ext_cp_shortened", 1,
     "chain=pucch n_rb=15 cp=extended format=1b n_pucch=20 delta_shift=3 n_cs1=6 n_rb2=2 "
     "shortened=1 cell_id=250 subframe=7 seed=92"},
    {"pucch_f2_15prb", 1,
     "chain=pucch n_rb=15 format=2 cqi_bits=11 n_pucch=7 n_rb2=2 cell_id=301 subframe=0 "
     "rnti=4660 seed=93"},
    {"pucch_f2b_6prb", 1,
     "chain=pucch n_rb=6 format=2b cqi_bits=5 n_pucch=14 n_rb2=2 cell_id=77 subframe=9 "
     "rnti=61 seed=94"},
    {"pucch_f3_50prb", 0,
     "chain=pucch n_rb=50 format=3 ack_bits=10 n_pucch=23 cell_id=400 subframe=5 rnti=100 "
     "seed=95"},
    {"pucch_f3_6prb_22bits_shortened", 1,
     "chain=pucch n_rb=6 format=3 ack_bits=22 n_pucch=4 shortened=1 cell_id=3 subframe=2 "
     "rnti=65535 seed=96"},
    {"srs_25prb_comb1", 1,
     "chain=srs n_rb=25 c_srs=3 b_srs=0 b_hop=0 n_rrc=5 k_tc=1 n_cs=3 i_srs=7 cell_id=150 "
     "sfn=3 subframe=0"},
    {"srs_15prb_hopping", 1,
     "chain=srs n_rb=15 c_srs=5 b_srs=1 b_hop=0 n_rrc=2 k_tc=0 n_cs=7 i_srs=0 cell_id=33 "
     "sfn=5 subframe=4"},
    {"srs_100prb_hopping", 0,
     "chain=srs n_rb=100 c_srs=1 b_srs=3 b_hop=0 n_rrc=10 k_tc=0 n_cs=7 i_srs=0 cell_id=11 "
     "sfn=5 subframe=4"},
    {"prach_f0_6prb", 1,
     "chain=prach n_rb=6 format=0 root_index=22 zczc=1 preamble=5 prb_start=0 delay=10"},
    {"prach_f2_6prb", 1,
     "chain=prach n_rb=6 format=2 root_index=0 zczc=12 preamble=3 prb_start=0 delay=60"},
    {"prach_f0_restricted_25prb", 1,
     "chain=prach n_rb=25 format=0 root_index=100 zczc=5 restricted=1 preamble=9 prb_start=4 "
     "delay=8"},
    {"prach_f4_15prb", 1,
     "chain=prach n_rb=15 format=4 root_index=3 zczc=2 preamble=17 prb_start=9 delay=10"},
    {"pusch_a3_7_100prb_qpsk", 0, "chain=pusch frc=A3-7 cell_id=7 subframe=3 seed=85 snr_db=6"},
    {"pusch_a5_7_100prb_64qam", 0,
     "chain=pusch frc=A5-7 cell_id=300 subframe=7 seed=86 snr_db=26"},
};

const vec_catalogue_entry *vec_catalogue(int *n)
{
    *n = (int)(sizeof catalogue / sizeof catalogue[0]);
    return catalogue;
}

int vec_kv_get(const char *cfg, const char *key, char *out, size_t cap)
{
    size_t kl = strlen(key);
    for (const char *p = cfg; p && *p;) {
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        if (!strncmp(p, key, kl) && p[kl] == '=') {
            const char *v = p + kl + 1;
            size_t n = strcspn(v, " \n\t");
            if (n >= cap)
                n = cap - 1;
            memcpy(out, v, n);
            out[n] = '\0';
            return 1;
        }
        p += strcspn(p, " \n\t");
    }
    return 0;
}

int vec_kv_int(const char *cfg, const char *key, int def, int *out)
{
    char v[64];
    if (!vec_kv_get(cfg, key, v, sizeof v)) {
        *out = def;
        return 0;
    }
    char *end;
    long x = strtol(v, &end, 10);
    if (*end || x < -2147483647L || x > 2147483647L)
        return lte_error_set(LTE_EINVAL, "config: %s=%s is not an integer", key, v);
    *out = (int)x;
    return 0;
}

/* Every key a config may use; an unknown key is an error, not silently ignored. */
static int kv_check_keys(const char *cfg)
{
    static const char *known[] = {"chain", "mcs_table", "mcs", "prb", "tbs", "G", "rv",
                                  "layers", "n_soft", "seed", "snr_db", "rx", "iter",
                                  "n_rb", "cp", "duplex", "tdd_config", "ssf_config",
                                  "cell_id", "ports", "cfi", "subframe", "tm", "rnti",
                                  "codebook", "n", "dir", "schedule", "amp", "qm", "n_sym",
                                  "frac",
                                  /* control channels, signals, OFDM */
                                  "sfn", "ng", "phich_dur", "hi", "dci", "n_symb",
                                  /* uplink PUSCH */
                                  "frc", "prb_start", "cyclic_shift", "cs_field", "hopping",
                                  "n_sb", "hopping_offset", "hopping_mode",
                                  /* uplink PUCCH, SRS, PRACH */
                                  "format", "n_pucch", "delta_shift", "n_cs1", "n_rb2",
                                  "shortened", "cqi_bits", "ack_bits", "c_srs", "b_srs",
                                  "b_hop", "n_rrc", "k_tc", "n_cs", "i_srs", "root_index",
                                  "zczc", "restricted", "preamble",
                                  /* their receive side */
                                  "delay", "dtx_pfa"};
    for (const char *p = cfg; *p;) {
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " \n\t"), kl = strcspn(p, "=");
        if (kl >= n)
            return lte_error_set(LTE_EINVAL, "config: '%.*s' is not key=value", (int)n, p);
        int ok = 0;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            ok |= strlen(known[i]) == kl && !strncmp(p, known[i], kl);
        if (!ok)
            return lte_error_set(LTE_EINVAL, "config: unknown key '%.*s'", (int)kl, p);
        p += n;
    }
    return 0;
}

/* ---- the DL-SCH / UL-SCH coding chain ------------------------------------------ */
typedef struct sch_case {
    int uplink, tbs, G, q_m, rv, layers, n_soft, rx, iter;
    unsigned seed;
    double snr_db;
    char mcs_desc[64];
} sch_case;

static int parse_sch(const char *cfg, sch_case *s)
{
    char chain[32] = "", table[32] = "64qam", snr[32] = "";
    int rc, mcs, prb, seed;
    vec_kv_get(cfg, "chain", chain, sizeof chain);
    s->uplink = !strcmp(chain, "ulsch");
    vec_kv_get(cfg, "mcs_table", table, sizeof table);
    if ((rc = vec_kv_int(cfg, "mcs", -1, &mcs)) < 0 || (rc = vec_kv_int(cfg, "prb", 0, &prb)) < 0 ||
        (rc = vec_kv_int(cfg, "tbs", 0, &s->tbs)) < 0 || (rc = vec_kv_int(cfg, "G", 0, &s->G)) < 0 ||
        (rc = vec_kv_int(cfg, "rv", 0, &s->rv)) < 0 || (rc = vec_kv_int(cfg, "layers", 1, &s->layers)) < 0 ||
        (rc = vec_kv_int(cfg, "n_soft", 0, &s->n_soft)) < 0 || (rc = vec_kv_int(cfg, "seed", 1, &seed)) < 0 ||
        (rc = vec_kv_int(cfg, "rx", 1, &s->rx)) < 0 || (rc = vec_kv_int(cfg, "iter", 8, &s->iter)) < 0)
        return rc;
    s->seed = (unsigned)seed;
    s->q_m = 2;
    s->snr_db = 10.0;
    if (vec_kv_get(cfg, "snr_db", snr, sizeof snr))
        s->snr_db = atof(snr);
    if (mcs >= 0) {
        lte_mcs_table t = !strcmp(table, "256qam") ? LTE_MCS_PDSCH_256QAM
                          : !strcmp(table, "pusch") ? LTE_MCS_PUSCH
                                                    : LTE_MCS_PDSCH_64QAM;
        int i_tbs;
        if ((rc = lte_mcs_lookup(t, mcs, &s->q_m, &i_tbs)) < 0)
            return rc;
        if (i_tbs < 0)
            return lte_error_set(LTE_EINVAL, "config: mcs=%d is a reserved entry", mcs);
        if (!s->tbs && (rc = lte_tbs_layers(i_tbs, prb, s->layers, &s->tbs)) < 0)
            return rc;
        snprintf(s->mcs_desc, sizeof s->mcs_desc, "%s:%d", table, mcs);
    }
    if (s->tbs <= 0 || s->G <= 0)
        return lte_error_set(LTE_EINVAL, "config: needs tbs (or mcs and prb) and G");
    return 0;
}

static int put_bits_stage(vec_case *vc, const char *stage, int order, const lte_sch_enc *enc,
                          lte_sch_stage st, int r)
{
    const uint8_t *bits;
    int n;
    int rc = lte_sch_enc_stage(enc, st, r, &bits, &n);
    return rc < 0 ? rc : vec_put_bits(vc, stage, order, bits, n);
}

int vec_dump_sch_tx(vec_case *vc, const lte_sch_enc *enc, const uint8_t *tb, int tbs, int C,
                    const uint8_t *f, int G)
{
    int rc;
    if ((rc = vec_put_bits(vc, "tb", 1, tb, tbs)) < 0 ||
        (rc = put_bits_stage(vc, "tb_crc", 2, enc, LTE_SCH_STAGE_TB_CRC, 0)) < 0)
        return rc;
    for (int r = 0; r < C; r++) {
        char st[64];
        static const struct { const char *nm; int order; lte_sch_stage st; } stages[] = {
            {"cb", 3, LTE_SCH_STAGE_CB}, {"d0", 4, LTE_SCH_STAGE_D0},
            {"d1", 4, LTE_SCH_STAGE_D1}, {"d2", 4, LTE_SCH_STAGE_D2},
            {"e", 5, LTE_SCH_STAGE_E}};
        for (size_t k = 0; k < sizeof stages / sizeof stages[0]; k++) {
            snprintf(st, sizeof st, "%s_r%02d", stages[k].nm, r);
            if ((rc = put_bits_stage(vc, st, stages[k].order, enc, stages[k].st, r)) < 0)
                return rc;
        }
    }
    return vec_put_bits(vc, "f", 6, f, G);
}

/* Extrinsics of every half-iteration, collected by the dump hook. */
typedef struct fx_trace {
    int8_t *ext; /* [half][K] */
    int halves, K;
} fx_trace;

static void fx_dump(void *arg, int cb, int half, const void *ext, int K)
{
    fx_trace *t = arg;
    if (half >= 1 && half <= 64) {
        memcpy(t->ext + (size_t)(half - 1) * K, ext, (size_t)K);
        t->halves = half > t->halves ? half : t->halves;
    }
}

/* Stages 11-14: the 8-bit fixed-point turbo decoder model (turbo_fx.h) on the
 * de-rate-matched soft values of code block r, quantised Q5.2. */
static int dump_fx(vec_case *vc, lte_turbo_fx *fx, const float *soft, int K, int F, int C, int r,
                   int iter, int8_t *q, fx_trace *tr, uint16_t *pi)
{
    char st[64];
    int rc, n = 3 * (K + 4);
    if ((rc = lte_turbo_fx_quantize(soft, n, 4.0f, 8, q)) < 0 ||
        (rc = lte_qpp_interleaver(K, pi)) < 0)
        return rc;
    int32_t *v = malloc(sizeof *v * (size_t)n);
    uint8_t *c = malloc((size_t)K);
    if (!v || !c) {
        free(v);
        free(c);
        return lte_error_set(LTE_ENOMEM, "out of memory");
    }
    for (int i = 0; i < n; i++)
        v[i] = q[i];
    snprintf(st, sizeof st, "fx_in_r%02d", r);
    rc = vec_put_int(vc, st, 11, v, n, 8, 2);
    tr->halves = 0;
    tr->K = K;
    lte_turbo_fx_opts o = {.max_iter = iter,
                           .stop = C > 1 ? LTE_TURBO_FX_STOP_CRC24B : LTE_TURBO_FX_STOP_CRC24A,
                           .dump = fx_dump,
                           .dump_arg = tr};
    int its = 0, ok = 0;
    if (rc == 0)
        rc = lte_turbo_fx_decode(fx, q, q + K + 4, q + 2 * (K + 4), K, pi, F, &o, c, &its, &ok);
    for (int h = 0; rc == 0 && h < tr->halves; h++) {
        for (int i = 0; i < K; i++)
            v[i] = tr->ext[(size_t)h * K + i];
        snprintf(st, sizeof st, "fx_ext_r%02d_h%02d", r, h + 1);
        rc = vec_put_int(vc, st, 12, v, K, 8, 2);
    }
    if (rc == 0) {
        snprintf(st, sizeof st, "fx_bits_r%02d", r);
        rc = vec_put_bits(vc, st, 13, c, K);
    }
    if (rc == 0) {
        int32_t fl[2] = {its, ok};
        snprintf(st, sizeof st, "fx_iter_crc_r%02d", r);
        rc = vec_put_int(vc, st, 14, fl, 2, 32, 0);
    }
    free(v);
    free(c);
    return rc;
}

/* Stage order numbers follow the chain of vectors/FORMAT.md. */
static int gen_sch(const char *name, const char *cfg, const char *out_dir)
{
    sch_case s;
    int rc = parse_sch(cfg, &s);
    if (rc < 0)
        return rc;
    lte_sch_cfg sc = {0};
    sc.uplink = s.uplink;
    sc.tbs_max = s.tbs;
    sc.n_soft = s.n_soft;
    sc.k_mimo = 1;
    sc.m_dl_harq = 8;
    sc.m_limit = 8;
    sc.alg = LTE_TURBO_MAX_LOG_MAP;
    sc.ext_scale = 0.75f;
    sc.max_iter = s.iter;
    sc.threads = 1;
    lte_sch_tx tx = {s.tbs, s.G, s.q_m, s.layers, s.rv};
    lte_sch_enc *enc = NULL;
    lte_sch_dec *dec = NULL;
    lte_sch_harq *h = NULL;
    uint8_t *tb = malloc((size_t)s.tbs), *f = malloc((size_t)s.G), *out = malloc((size_t)s.tbs);
    float *llr = malloc(sizeof(float) * (size_t)s.G);
    float *soft = malloc(sizeof(float) * 3 * (LTE_TURBO_KMAX + 4));
    int32_t *q = malloc(sizeof(int32_t) * (size_t)(s.G > 3 * (LTE_TURBO_KMAX + 4) ? s.G : 3 * (LTE_TURBO_KMAX + 4)));
    vec_case *vc = calloc(1, sizeof *vc);
    if (!tb || !f || !out || !llr || !soft || !q || !vc) {
        rc = lte_error_set(LTE_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = lte_sch_enc_create(&sc, &enc)) < 0 || (rc = lte_sch_dec_create(&sc, &dec)) < 0 ||
        (rc = lte_sch_harq_create(s.tbs, &h)) < 0)
        goto done;
    lte_rng rng;
    lte_rng_seed(&rng, s.seed);
    lte_rng_bits(&rng, tb, s.tbs);
    if ((rc = lte_sch_encode(enc, &tx, tb, f)) < 0)
        goto done;
    if ((rc = vec_case_begin(vc, out_dir, name, s.uplink ? "ulsch" : "dlsch")) < 0)
        goto done;
    vec_case_param(vc, "tbs", "%d", s.tbs);
    vec_case_param(vc, "G", "%d", s.G);
    vec_case_param(vc, "q_m", "%d", s.q_m);
    vec_case_param(vc, "n_layers", "%d", s.layers);
    vec_case_param(vc, "rv", "%d", s.rv);
    vec_case_param(vc, "n_soft", "%d", s.n_soft);
    vec_case_param(vc, "seed", "%u", s.seed);
    if (s.mcs_desc[0])
        vec_case_param(vc, "mcs", "%s", s.mcs_desc);
    lte_cb_seg seg;
    int E[LTE_SCH_TBS_MAX / 6000 + 2], ncb[LTE_SCH_TBS_MAX / 6000 + 2];
    if ((rc = lte_sch_cb_plan(&sc, &tx, &seg, E, ncb, LTE_SCH_TBS_MAX / 6000 + 2)) < 0)
        goto fail;
    vec_case_param(vc, "C", "%d", seg.C);
    vec_case_param(vc, "F", "%d", seg.F);
    vec_case_param(vc, "N_cb", "%d", ncb[0]);

    /* transmit side */
    if ((rc = vec_dump_sch_tx(vc, enc, tb, s.tbs, seg.C, f, s.G)) < 0)
        goto fail;

    /* receive side: each coded bit sent as BPSK +-1 over a real AWGN channel
     * with sigma^2 = 1 / (2 * 10^(snr_db/10)) (snr_db = Es/N0), LLR = 2y/sigma^2;
     * the LLRs go to the DUT as int8 Q5.2 (saturated) and the float chain
     * decodes those same quantised values. */
    if (s.rx) {
        double sigma = sqrt(0.5 * pow(10.0, -s.snr_db / 10.0));
        for (int i = 0; i < s.G; i++) {
            double y = (f[i] ? -1.0 : 1.0) + sigma * lte_rng_gauss(&rng);
            q[i] = vec_quant(2.0 * y / (sigma * sigma), 8, 2);
            llr[i] = (float)q[i] / 4.0f;
        }
        vec_case_param(vc, "snr_db", "%g", s.snr_db);
        if ((rc = vec_put_int(vc, "llr_in", 7, q, s.G, 8, 2)) < 0)
            goto fail;
        lte_turbo_fx_cfg fc = {0};
        fc.k_max = LTE_TURBO_KMAX;
        fc.width = 8;
        fc.max_cbs = 1;
        fc.threads = 1;
        fx_trace tr = {malloc((size_t)64 * LTE_TURBO_KMAX), 0, 0};
        int8_t *fq = malloc(3 * (LTE_TURBO_KMAX + 4));
        uint16_t *pi = malloc(sizeof *pi * LTE_TURBO_KMAX);
        lte_turbo_fx *fx = NULL;
        if (!tr.ext || !fq || !pi || (rc = lte_turbo_fx_create(&fc, &fx)) < 0) {
            free(tr.ext);
            free(fq);
            free(pi);
            rc = rc < 0 ? rc : lte_error_set(LTE_ENOMEM, "out of memory");
            goto fail;
        }
        int off = 0;
        for (int r = 0; r < seg.C && rc == 0; r++) {
            int K = lte_cb_size(&seg, r), F = r == 0 ? seg.F : 0;
            memset(soft, 0, sizeof(float) * 3 * (size_t)(K + 4));
            if ((rc = lte_rm_turbo_inverse(llr + off, E[r], K, F, ncb[r], s.rv, soft,
                                           soft + K + 4, soft + 2 * (K + 4))) < 0)
                break;
            off += E[r];
            /* sums of Q5.2 values stay exact in float: dump as int16 Q13.2 */
            for (int i = 0; i < 3 * (K + 4); i++)
                q[i] = vec_quant(soft[i], 16, 2);
            char st[64];
            snprintf(st, sizeof st, "soft_r%02d", r);
            if ((rc = vec_put_int(vc, st, 8, q, 3 * (K + 4), 16, 2)) < 0)
                break;
            rc = dump_fx(vc, fx, soft, K, F, seg.C, r, s.iter, fq, &tr, pi);
        }
        lte_turbo_fx_destroy(fx);
        free(tr.ext);
        free(fq);
        free(pi);
        if (rc < 0)
            goto fail;
        lte_sch_result res;
        if ((rc = lte_sch_decode(dec, h, &tx, llr, out, &res)) < 0)
            goto fail;
        if ((rc = vec_put_bits(vc, "tb_decoded", 9, out, s.tbs)) < 0)
            goto fail;
        int32_t flags[2] = {res.crc_ok, res.cbs_ok};
        if ((rc = vec_put_int(vc, "crc_ok_cbs_ok", 10, flags, 2, 32, 0)) < 0)
            goto fail;
        vec_case_param(vc, "decoder", "float_maxlog_scale0.75_iter%d", s.iter);
    }
    rc = vec_case_end(vc);
    goto done;
fail:
    vec_case_abort(vc);
done:
    lte_sch_enc_destroy(enc);
    lte_sch_dec_destroy(dec);
    lte_sch_harq_destroy(h);
    free(tb); free(f); free(out); free(llr); free(soft); free(q); free(vc);
    return rc;
}

int vec_generate(const char *name, const char *cfg, const char *out_dir)
{
    int rc = kv_check_keys(cfg);
    if (rc < 0)
        return rc;
    char chain[32] = "";
    vec_kv_get(cfg, "chain", chain, sizeof chain);
    if (!strcmp(chain, "dlsch") || !strcmp(chain, "ulsch"))
        return gen_sch(name, cfg, out_dir);
    if (!strcmp(chain, "pdsch"))
        return vec_gen_pdsch(name, cfg, out_dir);
    if (!strcmp(chain, "pusch"))
        return vec_gen_pusch(name, cfg, out_dir);
    if (!strcmp(chain, "fft_fx"))
        return vec_gen_fft_fx(name, cfg, out_dir);
    if (!strcmp(chain, "demap_fx"))
        return vec_gen_demap_fx(name, cfg, out_dir);
    static const struct { const char *chain; int (*gen)(const char *, const char *, const char *); }
        dl_ctrl[] = {{"pbch", vec_gen_pbch},     {"pcfich", vec_gen_pcfich},
                     {"phich", vec_gen_phich},   {"pdcch", vec_gen_pdcch},
                     {"signals", vec_gen_signals}, {"ofdm", vec_gen_ofdm},
                     {"pucch", vec_gen_pucch},   {"srs", vec_gen_srs},
                     {"prach", vec_gen_prach}};
    for (size_t i = 0; i < sizeof dl_ctrl / sizeof dl_ctrl[0]; i++)
        if (!strcmp(chain, dl_ctrl[i].chain))
            return dl_ctrl[i].gen(name, cfg, out_dir);
    return lte_error_set(LTE_EINVAL,
                         "config: unknown chain '%s' (known: dlsch, ulsch, pdsch, pusch, fft_fx, "
                         "demap_fx, pbch, pcfich, phich, pdcch, signals, ofdm, pucch, srs, prach)",
                         chain);
}

/* ---- the subcommand ------------------------------------------------------------ */
static void usage(FILE *f)
{
    fprintf(f,
            "usage: ltephy vectors list\n"
            "       ltephy vectors gen (--case NAME | --all | --checked-in | --config FILE) --out DIR\n"
            "       ltephy vectors check --golden DIR --dut DIR [--stage S] [--quiet]\n\n"
            "Golden test vectors: every stage of a chain, in the formats of vectors/FORMAT.md.\n"
            "check exits 0 when every stage matches, 1 on a mismatch (the first mismatching\n"
            "index of each failing stage is reported), 2 on bad input.\n");
}

static int read_config_file(const char *path, char *out, size_t cap, char *name, size_t ncap)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return lte_error_set(LTE_EIO, "%s: cannot open", path);
    size_t n = 0;
    char line[512];
    int lineno = 0;
    snprintf(name, ncap, "custom");
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *p = line + strspn(line, " \t\r\n");
        p[strcspn(p, "\r\n")] = '\0';
        if (!*p)
            continue;
        if (!strchr(p, '=')) {
            fclose(fp);
            return lte_error_set(LTE_EFORMAT, "%s:%d: expected key=value", path, lineno);
        }
        if (!strncmp(p, "name=", 5)) {
            snprintf(name, ncap, "%s", p + 5);
            continue;
        }
        size_t l = strlen(p);
        if (n + l + 2 > cap) {
            fclose(fp);
            return lte_error_set(LTE_EFORMAT, "%s: too long", path);
        }
        memcpy(out + n, p, l);
        n += l;
        out[n++] = ' ';
        out[n] = '\0';
    }
    fclose(fp);
    return 0;
}

static int cmd_vectors(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *verb = argv[1];
    int n;
    const vec_catalogue_entry *cat = vec_catalogue(&n);
    if (!strcmp(verb, "list")) {
        if (argc > 2)
            return lte_cli_bad_option("vectors list", argv[2]);
        for (int i = 0; i < n; i++)
            printf("%-34s %s  %s\n", cat[i].name, cat[i].checked_in ? "[checked in]" : "            ",
                   cat[i].config);
        return 0;
    }
    static const struct option opts[] = {
        {"case", required_argument, 0, 'c'}, {"all", no_argument, 0, 'a'},
        {"checked-in", no_argument, 0, 'i'}, {"config", required_argument, 0, 'f'},
        {"out", required_argument, 0, 'o'},  {"golden", required_argument, 0, 'g'},
        {"dut", required_argument, 0, 'd'},  {"stage", required_argument, 0, 's'},
        {"quiet", no_argument, 0, 'q'},      {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *case_name = NULL, *config = NULL, *out = NULL, *golden = NULL, *dut = NULL,
               *stage = NULL;
    int all = 0, checked_in = 0, quiet = 0, c;
    opterr = 0;
    optind = 2;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'c': case_name = optarg; break;
        case 'a': all = 1; break;
        case 'i': checked_in = 1; break;
        case 'f': config = optarg; break;
        case 'o': out = optarg; break;
        case 'g': golden = optarg; break;
        case 'd': dut = optarg; break;
        case 's': stage = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); return 0;
        default: return lte_cli_bad_option("vectors", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return lte_cli_bad_option("vectors", argv[optind]);
    if (!strcmp(verb, "check")) {
        if (!golden || !dut) {
            fprintf(stderr, "ltephy vectors check: --golden DIR and --dut DIR are required\n");
            return 2;
        }
        return vec_check(golden, dut, stage, quiet);
    }
    if (strcmp(verb, "gen") != 0) {
        fprintf(stderr, "ltephy vectors: unknown action '%s' (list, gen or check)\n", verb);
        return 2;
    }
    if (!out || (!!case_name + all + checked_in + !!config) != 1) {
        fprintf(stderr, "ltephy vectors gen: give --out DIR and exactly one of --case NAME, "
                        "--all, --checked-in, --config FILE\n");
        return 2;
    }
    if (config) {
        char cfg[4096], name[96];
        if (read_config_file(config, cfg, sizeof cfg, name, sizeof name) < 0 ||
            vec_generate(name, cfg, out) < 0) {
            fprintf(stderr, "ltephy vectors gen: %s\n", lte_errdetail());
            return 2;
        }
        printf("wrote %s/%s\n", out, name);
        return 0;
    }
    int found = 0;
    for (int i = 0; i < n; i++) {
        if (case_name && strcmp(case_name, cat[i].name) != 0)
            continue;
        if (checked_in && !cat[i].checked_in)
            continue;
        found++;
        if (vec_generate(cat[i].name, cat[i].config, out) < 0) {
            fprintf(stderr, "ltephy vectors gen: %s: %s\n", cat[i].name, lte_errdetail());
            return 2;
        }
        printf("wrote %s/%s\n", out, cat[i].name);
    }
    if (!found) {
        fprintf(stderr, "ltephy vectors gen: --case: no case named '%s' (see 'ltephy vectors list')\n",
                case_name);
        return 2;
    }
    return 0;
}
LTE_CMD(vectors, "golden test vectors: list, generate, check a DUT dump", cmd_vectors)
