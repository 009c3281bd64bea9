/* PUCCH formats 1/1a/1b/2/2a/2b/3 and their DMRS (36.211 §5.4, §5.5.2.2),
 * the (20, A) code (36.212 §5.2.3.3), and coherent receivers.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "kernels/gold_impl.h"
#include "kernels/internal.h"
#include "ltephy/gold.h"
#include "ltephy/modulation.h"
#include "ltephy/pucch.h"
#include "ltephy/ulrs.h"
#include "ltephy/ulsch.h"

/* 36.212 Table 5.2.3.3-1: basis sequences M_{i,n} of the (20, A) code. */
static const uint8_t rm20_basis[20][13] = {
    {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0}, {1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0},
    {1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1}, {1, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 1, 1},
    {1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 1}, {1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1},
    {1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1}, {1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 1, 1, 1},
    {1, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1}, {1, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1},
    {1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1},
    {1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1}, {1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1},
    {1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1}, {1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 1},
    {1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1}, {1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1},
    {1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0},
};

/* Symbols of a slot (§5.4.1, §5.4.2 and Table 5.5.2.2.2-1). */
static const int f1_data[2][4] = {{0, 1, 5, 6}, {0, 1, 4, 5}};
static const int f1_dmrs[2][3] = {{2, 3, 4}, {2, 3, -1}};
static const int f2_data[2][5] = {{0, 2, 3, 4, 6}, {0, 1, 2, 4, 5}};
static const int f2_dmrs[2][2] = {{1, 5}, {3, -1}};

static int is_f1(lte_pucch_format f) { return f <= LTE_PUCCH_F1B; }

static int check_cfg(const lte_pucch_cfg *c)
{
    LTE_CHECK_ARG(c != NULL, "cfg is NULL");
    LTE_CHECK_ARG(c->cell_id >= 0 && c->cell_id <= 503, "cell_id = %d: must be 0..503",
                  c->cell_id);
    LTE_CHECK_ARG(c->cp == LTE_CP_NORMAL || c->cp == LTE_CP_EXTENDED, "cp = %d: invalid",
                  (int)c->cp);
    LTE_CHECK_ARG(c->delta_shift >= 1 && c->delta_shift <= 3, "delta_shift = %d: must be 1..3",
                  c->delta_shift);
    LTE_CHECK_ARG(c->n_cs1 >= 0 && c->n_cs1 <= 7 && c->n_cs1 % c->delta_shift == 0,
                  "n_cs1 = %d: must be 0..7 and a multiple of delta_shift = %d", c->n_cs1,
                  c->delta_shift);
    LTE_CHECK_ARG(c->n_rb_ul >= 6 && c->n_rb_ul <= LTE_MAX_RB, "n_rb_ul = %d: must be 6..%d",
                  c->n_rb_ul, LTE_MAX_RB);
    LTE_CHECK_ARG(c->n_rb2 >= 0 && c->n_rb2 <= c->n_rb_ul, "n_rb2 = %d: must be 0..%d", c->n_rb2,
                  c->n_rb_ul);
    LTE_CHECK_ARG(c->rnti >= 0 && c->rnti <= 65535, "rnti = %d: must be 0..65535", c->rnti);
    return 0;
}

static int check_fmt(const lte_pucch_cfg *c, lte_pucch_format f)
{
    LTE_CHECK_ARG(f >= LTE_PUCCH_F1 && f <= LTE_PUCCH_F2B, "format = %d: invalid", (int)f);
    LTE_CHECK_ARG(f < LTE_PUCCH_F2A || c->cp == LTE_CP_NORMAL,
                  "formats 2a/2b exist with normal CP only");
    return 0;
}

/* n_cs^cell(n_s, l) of every symbol l < nsymb of slot ns from one run of
 * the cell's Gold sequence (§5.4: c_init = N_ID^cell):
 * sum_i c(8 N_symb^UL n_s + 8 l + i) 2^i, i = 0..7, byte N_symb^UL n_s + l
 * of the sequence's words. cell_id 0..503, ns 0..19: the caller's checks. */
static void ncs_cell_slot(int cell_id, int nsymb, int ns, int out[7])
{
    uint64_t w[(8 * 7 * 20 + 63) / 64];
    lte_gold_words((uint32_t)cell_id, 8 * nsymb * (ns + 1), w);
    for (int l = 0; l < nsymb; l++)
        out[l] = lte_gold_word_byte(w, nsymb * ns + l);
}

int lte_pucch_ncs_cell(int cell_id, lte_cp cp, int ns, int l)
{
    LTE_CHECK_ARG(cell_id >= 0 && cell_id <= 503, "cell_id = %d: must be 0..503", cell_id);
    LTE_CHECK_ARG(cp == LTE_CP_NORMAL || cp == LTE_CP_EXTENDED, "cp = %d: invalid", (int)cp);
    int nsymb = cp == LTE_CP_NORMAL ? 7 : 6;
    LTE_CHECK_ARG(ns >= 0 && ns < 20, "ns = %d: must be 0..19", ns);
    LTE_CHECK_ARG(l >= 0 && l < nsymb, "l = %d: must be 0..%d", l, nsymb - 1);
    int v[7];
    ncs_cell_slot(cell_id, nsymb, ns, v);
    return v[l];
}

/* n'(n_s), N', n_oc and m of formats 1/1a/1b (§5.4.1, §5.4.3). */
static void f1_index(const lte_pucch_cfg *cfg, int n, int ns, lte_pucch_res *res)
{
    int normal = cfg->cp == LTE_CP_NORMAL, c = normal ? 3 : 2, ds = cfg->delta_shift;
    int lim = c * cfg->n_cs1 / ds; /* resources of the mixed PRB */
    int mixed = n < lim, np_range = mixed ? cfg->n_cs1 : LTE_NSC_RB;
    int even = mixed ? n : (n - lim) % (c * LTE_NSC_RB / ds);
    int np = even;
    if (ns % 2) {
        if (!mixed) {
            np = (c * (even + 1)) % (c * LTE_NSC_RB / ds + 1) - 1;
        } else {
            int h = (even + (normal ? 2 : 0)) % (c * np_range / ds);
            np = h / c + (h % c) * np_range / ds;
        }
    }
    int k = np * ds / np_range;
    res->n_prime = np;
    res->n_prime_range = np_range;
    res->n_oc = normal ? k : 2 * k;
    res->m = mixed ? cfg->n_rb2
                   : (n - lim) / (c * LTE_NSC_RB / ds) + cfg->n_rb2 + (cfg->n_cs1 + 7) / 8;
}

/* n'(n_s) and m of formats 2/2a/2b (§5.4.2, §5.4.3). */
static void f2_index(const lte_pucch_cfg *cfg, int n, int ns, lte_pucch_res *res)
{
    int own = n < LTE_NSC_RB * cfg->n_rb2;
    int even = own ? n % LTE_NSC_RB : (n + cfg->n_cs1 + 1) % LTE_NSC_RB;
    int np = even;
    if (ns % 2)
        np = own ? (LTE_NSC_RB * (even + 1)) % (LTE_NSC_RB + 1) - 1
                 : ((LTE_NSC_RB - 2 - n) % LTE_NSC_RB + LTE_NSC_RB) % LTE_NSC_RB;
    res->n_prime = np;
    res->n_prime_range = LTE_NSC_RB;
    res->n_oc = 0;
    res->m = n / LTE_NSC_RB;
}

int lte_pucch_resource(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int ns,
                       lte_pucch_res *res)
{
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    if ((rc = check_fmt(cfg, fmt)) < 0)
        return rc;
    LTE_CHECK_ARG(ns >= 0 && ns < 20, "ns = %d: must be 0..19", ns);
    LTE_CHECK_ARG(res != NULL, "res is NULL");
    LTE_CHECK_ARG(n_pucch >= 0 && n_pucch < 12 * 3 * LTE_MAX_RB, "n_pucch = %d: out of range",
                  n_pucch);
    if (is_f1(fmt))
        f1_index(cfg, n_pucch, ns, res);
    else
        f2_index(cfg, n_pucch, ns, res);
    LTE_CHECK_ARG(res->m / 2 < cfg->n_rb_ul, "n_pucch = %d: m = %d lies outside %d PRBs",
                  n_pucch, res->m, cfg->n_rb_ul);
    /* §5.4.3 */
    res->prb = (res->m + ns % 2) % 2 == 0 ? res->m / 2 : cfg->n_rb_ul - 1 - res->m / 2;
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6, ds = cfg->delta_shift;
    int cells[7];
    ncs_cell_slot(cfg->cell_id, nsymb, ns, cells);
    for (int l = 0; l < 7; l++) {
        if (l >= nsymb) {
            res->n_cs[l] = 0;
            continue;
        }
        int cell = cells[l];
        int add;
        if (!is_f1(fmt))
            add = res->n_prime;
        else if (cfg->cp == LTE_CP_NORMAL)
            add = (res->n_prime * ds + res->n_oc % ds) % res->n_prime_range;
        else
            add = (res->n_prime * ds + res->n_oc / 2) % res->n_prime_range;
        res->n_cs[l] = (cell + add) % LTE_NSC_RB;
    }
    return 0;
}

int lte_pucch_nbits(lte_pucch_format fmt)
{
    static const int nb[6] = {0, 1, 2, 20, 21, 22};
    LTE_CHECK_ARG(fmt >= LTE_PUCCH_F1 && fmt <= LTE_PUCCH_F2B, "format = %d: invalid", (int)fmt);
    return nb[fmt];
}

int lte_pucch_nsymb(lte_cp cp)
{
    LTE_CHECK_ARG(cp == LTE_CP_NORMAL || cp == LTE_CP_EXTENDED, "cp = %d: invalid", (int)cp);
    return cp == LTE_CP_NORMAL ? 14 : 12;
}

/* d(0) of Table 5.4.1-1 / d(10) of Table 5.4.2-1 from 0, 1 or 2 bits. */
static float complex ack_symbol(const uint8_t *b, int n)
{
    if (n == 0)
        return 1;
    if (n == 1)
        return b[0] ? -1 : 1;
    static const float complex qpsk[4] = {1, -I, I, -1}; /* 00, 01, 10, 11 */
    return qpsk[(b[0] ? 2 : 0) + (b[1] ? 1 : 0)];
}

/* w_noc(m) of Tables 5.4.1-2 (N_SF = 4) and 5.4.1-3 (N_SF = 3), and wbar(m)
 * of Table 5.5.2.2.1-2: all are e^{j 2 pi k / K} for integer k. */
static float complex unit(int k, int K) { return (float complex)cexp(I * 2.0 * M_PI * k / K); }

static float complex w_data(int n_oc, int m, int nsf)
{
    if (nsf == 4) {
        static const int8_t s4[3][4] = {{1, 1, 1, 1}, {1, -1, 1, -1}, {1, -1, -1, 1}};
        return s4[n_oc][m];
    }
    return unit(n_oc * m, 3); /* [1 1 1], [1 e^{j2pi/3} e^{j4pi/3}], [1 e^{j4pi/3} e^{j2pi/3}] */
}

static float complex w_dmrs(lte_cp cp, int n_oc, int m)
{
    if (cp == LTE_CP_NORMAL)
        return unit(n_oc * m, 3);
    return (n_oc / 2 && m == 1) ? -1 : 1; /* extended: n_oc 0: [1 1], 2: [1 -1] */
}

/* The 12 values r_{u,0}^(alpha)(n) of symbol l, slot ns. */
static int slot_seqs(const lte_pucch_cfg *cfg, int ns, const lte_pucch_res *res,
                     float complex seq[7][12])
{
    lte_ulrs_cfg u = {.cell_id = cfg->cell_id, .cp = cfg->cp,
                      .group_hopping = cfg->group_hopping};
    int grp = lte_ulrs_group(&u, LTE_ULRS_PUCCH, ns);
    if (grp < 0)
        return grp;
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6;
    for (int l = 0; l < nsymb; l++) {
        int rc = lte_ulrs_seq(grp, 0, res->n_cs[l], LTE_NSC_RB, seq[l]);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int check_encode(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int sf)
{
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    if ((rc = check_fmt(cfg, fmt)) < 0)
        return rc;
    LTE_CHECK_ARG(sf >= 0 && sf < 10, "sf = %d: must be 0..9", sf);
    return 0;
}

/* Sequences and resources of both slots. */
static int subframe_setup(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int sf,
                          lte_pucch_res res[2], float complex seq[2][7][12])
{
    for (int s = 0; s < 2; s++) {
        int rc = lte_pucch_resource(cfg, fmt, n_pucch, 2 * sf + s, &res[s]);
        if (rc < 0)
            return rc;
        if ((rc = slot_seqs(cfg, 2 * sf + s, &res[s], seq[s])) < 0)
            return rc;
    }
    return 0;
}

static int nsf_of(const lte_pucch_cfg *cfg, int slot)
{
    return (slot == 1 && cfg->shortened) ? 3 : 4;
}

static uint32_t f2_cinit(const lte_pucch_cfg *cfg, int sf)
{
    /* §5.4.2: (floor(n_s/2) + 1)(2 N_ID + 1) 2^16 + n_RNTI; at most
     * 10 * 1007 * 2^16 + 65535 < 2^31 */
    return (uint32_t)(sf + 1) * (uint32_t)(2 * cfg->cell_id + 1) * 65536u + (uint32_t)cfg->rnti;
}

int lte_pucch_encode(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int sf,
                     const uint8_t *bits, float complex *sym, int prb[2])
{
    int rc = check_encode(cfg, fmt, sf);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(sym != NULL && prb != NULL, "sym or prb is NULL");
    int nb = lte_pucch_nbits(fmt);
    LTE_CHECK_ARG(nb == 0 || bits != NULL, "bits is NULL");
    lte_pucch_res res[2];
    float complex seq[2][7][12];
    if ((rc = subframe_setup(cfg, fmt, n_pucch, sf, res, seq)) < 0)
        return rc;
    int ext = cfg->cp == LTE_CP_EXTENDED, nsymb = ext ? 6 : 7;
    memset(sym, 0, sizeof(float complex) * (size_t)(2 * nsymb * LTE_NSC_RB));
    float complex d[11];
    if (is_f1(fmt)) {
        d[0] = ack_symbol(bits, nb);
    } else {
        uint8_t b[20];
        if ((rc = lte_gold_scramble_bits(f2_cinit(cfg, sf), bits, 20, b)) < 0)
            return rc;
        if ((rc = lte_mod_map(LTE_MOD_QPSK, b, 20, d)) < 0)
            return rc;
        d[10] = ack_symbol(bits + 20, nb - 20);
    }
    for (int s = 0; s < 2; s++) {
        prb[s] = res[s].prb;
        float complex *out = sym + (size_t)s * nsymb * LTE_NSC_RB;
        if (is_f1(fmt)) {
            float complex S = res[s].n_prime % 2 ? I : 1;
            int nsf = nsf_of(cfg, s), nrs = ext ? 2 : 3;
            for (int m = 0; m < nsf; m++) {
                int l = f1_data[ext][m];
                float complex g = S * d[0] * w_data(res[s].n_oc, m, nsf);
                for (int n = 0; n < LTE_NSC_RB; n++)
                    out[l * LTE_NSC_RB + n] = g * seq[s][l][n];
            }
            for (int m = 0; m < nrs; m++) {
                int l = f1_dmrs[ext][m];
                float complex g = w_dmrs(cfg->cp, res[s].n_oc, m);
                for (int n = 0; n < LTE_NSC_RB; n++)
                    out[l * LTE_NSC_RB + n] = g * seq[s][l][n];
            }
        } else {
            for (int m = 0; m < 5; m++) {
                int l = f2_data[ext][m];
                for (int n = 0; n < LTE_NSC_RB; n++)
                    out[l * LTE_NSC_RB + n] = d[5 * s + m] * seq[s][l][n];
            }
            for (int m = 0; m < (ext ? 1 : 2); m++) {
                int l = f2_dmrs[ext][m];
                float complex z = m == 1 ? d[10] : 1; /* §5.5.2.2.1: z(1) = d(10) */
                for (int n = 0; n < LTE_NSC_RB; n++)
                    out[l * LTE_NSC_RB + n] = z * seq[s][l][n];
            }
        }
    }
    return 0;
}

static int check_map(const lte_pucch_cfg *cfg, const void *sym, const int prb[2],
                     const void *grid)
{
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(sym != NULL && prb != NULL && grid != NULL, "NULL argument");
    for (int s = 0; s < 2; s++)
        LTE_CHECK_ARG(prb[s] >= 0 && prb[s] < cfg->n_rb_ul, "prb[%d] = %d: must be 0..%d", s,
                      prb[s], cfg->n_rb_ul - 1);
    return 0;
}

int lte_pucch_map(const lte_pucch_cfg *cfg, const float complex *sym, const int prb[2],
                  float beta, float complex *grid)
{
    int rc = check_map(cfg, sym, prb, grid);
    if (rc < 0)
        return rc;
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6, nsc = cfg->n_rb_ul * LTE_NSC_RB;
    for (int l = 0; l < 2 * nsymb; l++)
        for (int n = 0; n < LTE_NSC_RB; n++)
            grid[(size_t)l * nsc + prb[l / nsymb] * LTE_NSC_RB + n] = beta * sym[l * LTE_NSC_RB + n];
    return 0;
}

int lte_pucch_extract(const lte_pucch_cfg *cfg, const float complex *grid, const int prb[2],
                      float complex *sym)
{
    int rc = check_map(cfg, sym, prb, grid);
    if (rc < 0)
        return rc;
    int nsymb = cfg->cp == LTE_CP_NORMAL ? 7 : 6, nsc = cfg->n_rb_ul * LTE_NSC_RB;
    for (int l = 0; l < 2 * nsymb; l++)
        for (int n = 0; n < LTE_NSC_RB; n++)
            sym[l * LTE_NSC_RB + n] = grid[(size_t)l * nsc + prb[l / nsymb] * LTE_NSC_RB + n];
    return 0;
}

/* sum_n rx(n) conj(seq(n)) */
static float complex despread(const float complex *rx, const float complex *seq)
{
    float complex acc = 0;
    for (int n = 0; n < LTE_NSC_RB; n++)
        acc += rx[n] * conjf(seq[n]);
    return acc;
}

int lte_pucch1_detect(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int sf,
                      const float complex *rx, uint8_t *bits, float complex *d0)
{
    int rc = check_encode(cfg, fmt, sf);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(fmt == LTE_PUCCH_F1A || fmt == LTE_PUCCH_F1B, "format = %d: must be 1a or 1b",
                  (int)fmt);
    LTE_CHECK_ARG(rx != NULL && bits != NULL, "rx or bits is NULL");
    lte_pucch_res res[2];
    float complex seq[2][7][12];
    if ((rc = subframe_setup(cfg, fmt, n_pucch, sf, res, seq)) < 0)
        return rc;
    int ext = cfg->cp == LTE_CP_EXTENDED, nsymb = ext ? 6 : 7, nrs = ext ? 2 : 3;
    double complex num = 0;
    double den = 0;
    for (int s = 0; s < 2; s++) {
        const float complex *in = rx + (size_t)s * nsymb * LTE_NSC_RB;
        float complex h = 0;
        for (int m = 0; m < nrs; m++) {
            int l = f1_dmrs[ext][m];
            h += despread(in + l * LTE_NSC_RB, seq[s][l]) * conjf(w_dmrs(cfg->cp, res[s].n_oc, m));
        }
        h /= (float)(nrs * LTE_NSC_RB);
        float complex S = res[s].n_prime % 2 ? I : 1;
        int nsf = nsf_of(cfg, s);
        for (int m = 0; m < nsf; m++) {
            int l = f1_data[ext][m];
            float complex y = despread(in + l * LTE_NSC_RB, seq[s][l]) / LTE_NSC_RB;
            num += conj(h) * y * conj(S * w_data(res[s].n_oc, m, nsf));
            den += crealf(h * conjf(h));
        }
    }
    float complex d = den > 0 ? (float complex)(num / den) : 0;
    if (d0)
        *d0 = d;
    if (fmt == LTE_PUCCH_F1A) {
        bits[0] = crealf(d) < 0;
    } else { /* nearest of 1 (00), -j (01), j (10), -1 (11) */
        float re = crealf(d), im = cimagf(d);
        if (fabsf(re) >= fabsf(im)) {
            bits[0] = bits[1] = re < 0;
        } else {
            bits[0] = im > 0;
            bits[1] = im < 0;
        }
    }
    return 0;
}

/* Nearest point of Table 5.4.2-1 (2a: 1 bit, 2b: 2 bits) to z. */
static void ack_decide(const float complex z, int n, uint8_t *b)
{
    float re = crealf(z), im = cimagf(z);
    if (n == 1) {
        b[0] = re < 0;
    } else if (fabsf(re) >= fabsf(im)) { /* 1 (00) or -1 (11) */
        b[0] = b[1] = re < 0;
    } else { /* -j (01) or j (10) */
        b[0] = im > 0;
        b[1] = im < 0;
    }
}

int lte_pucch2_decode(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int sf,
                      const float complex *rx, float n0, int a_len, uint8_t *a, uint8_t *ack)
{
    const float complex *one[1] = {rx};
    LTE_CHECK_ARG(rx != NULL, "rx is NULL");
    return lte_pucch2_decode_rx(cfg, fmt, n_pucch, sf, one, 1, n0, a_len, a, ack);
}

int lte_pucch2_decode_rx(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int sf,
                         const float complex *const *rx, int n_rx, float n0, int a_len,
                         uint8_t *a, uint8_t *ack)
{
    int rc = check_encode(cfg, fmt, sf);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(fmt >= LTE_PUCCH_F2, "format = %d: must be 2, 2a or 2b", (int)fmt);
    LTE_CHECK_ARG(rx != NULL && a != NULL, "rx or a is NULL");
    LTE_CHECK_ARG(n_rx >= 1 && n_rx <= LTE_PUCCH_MAX_RX, "n_rx = %d: must be 1..%d", n_rx,
                  LTE_PUCCH_MAX_RX);
    for (int r = 0; r < n_rx; r++)
        LTE_CHECK_ARG(rx[r] != NULL, "rx[%d] is NULL", r);
    LTE_CHECK_ARG(fmt == LTE_PUCCH_F2 || ack != NULL, "ack is NULL");
    LTE_CHECK_ARG(n0 > 0 && isfinite(n0), "n0 = %g: must be finite and > 0", (double)n0);
    LTE_CHECK_ARG(a_len >= 1 && a_len <= 13, "a_len = %d: must be 1..13", a_len);
    lte_pucch_res res[2];
    float complex seq[2][7][12];
    if ((rc = subframe_setup(cfg, fmt, n_pucch, sf, res, seq)) < 0)
        return rc;
    int ext = cfg->cp == LTE_CP_EXTENDED, nsymb = ext ? 6 : 7, nrs = ext ? 1 : 2;
    /* per antenna, slot and DMRS symbol: least-squares channel r^* y / 12 */
    float complex hs[LTE_PUCCH_MAX_RX][2][2];
    for (int r = 0; r < n_rx; r++)
        for (int s = 0; s < 2; s++)
            for (int m = 0; m < nrs; m++) {
                int l = f2_dmrs[ext][m];
                hs[r][s][m] =
                    despread(rx[r] + ((size_t)s * nsymb + l) * LTE_NSC_RB, seq[s][l]) / LTE_NSC_RB;
            }
    if (fmt != LTE_PUCCH_F2) {
        /* 2a/2b: the second DMRS symbol is d(10) times the first (same
         * channel): estimate d(10) over both slots and every antenna,
         * decide, undo it */
        float complex z = 0;
        for (int r = 0; r < n_rx; r++)
            for (int s = 0; s < 2; s++)
                z += hs[r][s][1] * conjf(hs[r][s][0]);
        int nb = fmt == LTE_PUCCH_F2A ? 1 : 2;
        ack_decide(z, nb, ack);
        float complex d10 = ack_symbol(ack, nb);
        for (int r = 0; r < n_rx; r++)
            for (int s = 0; s < 2; s++)
                hs[r][s][1] *= conjf(d10);
    }
    /* maximum-ratio combining of the despread data symbols over the
     * antennas: d = sum_r conj(h_r) y_r / sum_r |h_r|^2, noise n0 / (12 g) */
    float complex d[10];
    float n0eq[10];
    for (int s = 0; s < 2; s++) {
        float complex h[LTE_PUCCH_MAX_RX];
        float g = 0;
        for (int r = 0; r < n_rx; r++) {
            h[r] = nrs == 2 ? 0.5f * (hs[r][s][0] + hs[r][s][1]) : hs[r][s][0];
            g += crealf(h[r] * conjf(h[r]));
        }
        for (int m = 0; m < 5; m++) {
            int l = f2_data[ext][m];
            float complex acc = 0;
            for (int r = 0; r < n_rx; r++) {
                const float complex *in = rx[r] + (size_t)s * nsymb * LTE_NSC_RB;
                /* despreading averages 12 REs: noise n0/12 */
                float complex y = despread(in + l * LTE_NSC_RB, seq[s][l]) / LTE_NSC_RB;
                acc += y * conjf(h[r]);
            }
            d[5 * s + m] = g > 0 ? acc / g : 0;
            n0eq[5 * s + m] = g > 0 ? n0 / (LTE_NSC_RB * g) : 1e30f;
        }
    }
    float llr[20];
    if ((rc = lte_demap_maxlog(LTE_MOD_QPSK, d, 10, n0eq, 10, llr, LTE_SIMD_SCALAR)) < 0)
        return rc;
    if ((rc = lte_gold_descramble_llr(f2_cinit(cfg, sf), llr, 20)) < 0)
        return rc;
    return lte_rm20_decode(llr, a_len, a);
}

int lte_rm20_encode(const uint8_t *a, int a_len, uint8_t b[20])
{
    LTE_CHECK_ARG(a != NULL && b != NULL, "a or b is NULL");
    LTE_CHECK_ARG(a_len >= 1 && a_len <= 13, "a_len = %d: must be 1..13", a_len);
    for (int i = 0; i < 20; i++) {
        int s = 0;
        for (int n = 0; n < a_len; n++)
            s ^= (a[n] & 1) & rm20_basis[i][n];
        b[i] = (uint8_t)s;
    }
    return 0;
}

int lte_rm20_decode(const float llr[20], int a_len, uint8_t *a)
{
    LTE_CHECK_ARG(llr != NULL && a != NULL, "llr or a is NULL");
    LTE_CHECK_ARG(a_len >= 1 && a_len <= 13, "a_len = %d: must be 1..13", a_len);
    /* column words: bit i of col[n] = M_{i,n}; codeword of message x is the
     * XOR of the columns of its set bits (Gray-code order: one XOR each) */
    uint32_t col[13];
    for (int n = 0; n < a_len; n++) {
        col[n] = 0;
        for (int i = 0; i < 20; i++)
            col[n] |= (uint32_t)rm20_basis[i][n] << i;
    }
    /* sum_i (1 - 2 b_i) llr_i = sum_i llr_i - 2 sum_{b_i = 1} llr_i: minimise
     * the sum of the LLRs at the codeword's ones, looked up in two 10-bit
     * halves (tables of partial sums built once per call) */
    float lo[1024], hi[1024];
    lo[0] = hi[0] = 0;
    for (int x = 1; x < 1024; x++) {
        int i = __builtin_ctz((unsigned)x);
        lo[x] = lo[x & (x - 1)] + llr[i];
        hi[x] = hi[x & (x - 1)] + llr[i + 10];
    }
    uint32_t cw = 0, best_msg = 0;
    float best = INFINITY;
    for (uint32_t k = 0; k < (1u << a_len); k++) {
        if (k)
            cw ^= col[__builtin_ctz(k)];
        float metric = lo[cw & 1023u] + hi[cw >> 10];
        if (metric < best) {
            best = metric;
            best_msg = k ^ (k >> 1); /* the Gray code whose codeword cw is */
        }
    }
    for (int n = 0; n < a_len; n++)
        a[n] = (uint8_t)(best_msg >> n & 1);
    return 0;
}

/* ---- format 1/1a/1b with DTX detection ------------------------------------ */

int lte_pucch1_detect_dtx(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch, int sf,
                          const float complex *const *rx, int n_rx, float n0, uint8_t *bits,
                          float *metric)
{
    int rc = check_encode(cfg, fmt, sf);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(is_f1(fmt), "format = %d: must be 1, 1a or 1b", (int)fmt);
    LTE_CHECK_ARG(rx != NULL && metric != NULL, "rx or metric is NULL");
    LTE_CHECK_ARG(fmt == LTE_PUCCH_F1 || bits != NULL, "bits is NULL");
    LTE_CHECK_ARG(n_rx >= 1 && n_rx <= 8, "n_rx = %d: must be 1..8", n_rx);
    for (int a = 0; a < n_rx; a++)
        LTE_CHECK_ARG(rx[a] != NULL, "rx[%d] is NULL", a);
    LTE_CHECK_ARG(n0 > 0 && isfinite(n0), "n0 = %g: must be finite and > 0", (double)n0);
    lte_pucch_res res[2];
    float complex seq[2][7][12];
    if ((rc = subframe_setup(cfg, fmt, n_pucch, sf, res, seq)) < 0)
        return rc;
    int ext = cfg->cp == LTE_CP_EXTENDED, nsymb = ext ? 6 : 7, nrs = ext ? 2 : 3;
    /* per antenna and slot: sum of the despread DMRS (ref) and data (dat) */
    static const float complex hyp1b[4] = {1, -I, I, -1}; /* 00, 01, 10, 11 */
    int nh = fmt == LTE_PUCCH_F1 ? 1 : fmt == LTE_PUCCH_F1A ? 2 : 4;
    double best = -1;
    int best_h = 0;
    double complex ref[8][2], dat[8][2];
    int nm[2];
    for (int a = 0; a < n_rx; a++)
        for (int s = 0; s < 2; s++) {
            const float complex *in = rx[a] + (size_t)s * nsymb * LTE_NSC_RB;
            double complex r = 0, d = 0;
            for (int m = 0; m < nrs; m++) {
                int l = f1_dmrs[ext][m];
                r += despread(in + l * LTE_NSC_RB, seq[s][l]) *
                     conjf(w_dmrs(cfg->cp, res[s].n_oc, m)) / LTE_NSC_RB;
            }
            float complex S = res[s].n_prime % 2 ? I : 1;
            int nsf = nsf_of(cfg, s);
            for (int m = 0; m < nsf; m++) {
                int l = f1_data[ext][m];
                d += despread(in + l * LTE_NSC_RB, seq[s][l]) *
                     conjf(S * w_data(res[s].n_oc, m, nsf)) / LTE_NSC_RB;
            }
            ref[a][s] = r;
            dat[a][s] = d;
            nm[s] = nrs + nsf;
        }
    for (int h = 0; h < nh; h++) {
        float complex dh = nh == 1 ? 1 : nh == 2 ? (h ? -1 : 1) : hyp1b[h];
        double t = 0;
        for (int a = 0; a < n_rx; a++)
            for (int s = 0; s < 2; s++) {
                double complex v = ref[a][s] + conj((double complex)dh) * dat[a][s];
                t += creal(v * conj(v)) / (nm[s] * (double)n0 / LTE_NSC_RB);
            }
        if (t > best) {
            best = t;
            best_h = h;
        }
    }
    *metric = (float)(best / (2.0 * n_rx));
    if (fmt == LTE_PUCCH_F1A) {
        bits[0] = (uint8_t)best_h;
    } else if (fmt == LTE_PUCCH_F1B) {
        bits[0] = (uint8_t)(best_h >> 1);
        bits[1] = (uint8_t)(best_h & 1);
    }
    return 0;
}

/* ---- format 3 ------------------------------------------------------------- */

/* Codeword of the (32, O) code for message m (bit n = o_n), bit i = b_i. */
static uint32_t rm32_cw(unsigned m)
{
    uint32_t w = 0;
    for (int i = 0; i < 32; i++)
        w |= (uint32_t)(__builtin_popcount((unsigned)lte_uci_rm32_row(i) & m) & 1) << i;
    return w;
}

static unsigned pack_bits(const uint8_t *o, int n)
{
    unsigned m = 0;
    for (int i = 0; i < n; i++)
        m |= (unsigned)(o[i] & 1) << i;
    return m;
}

int lte_pucch3_code(const uint8_t *o, int O, uint8_t b[LTE_PUCCH3_BITS])
{
    LTE_CHECK_ARG(o != NULL && b != NULL, "o or b is NULL");
    LTE_CHECK_ARG(O >= 1 && O <= LTE_PUCCH3_OMAX, "O = %d: must be 1..%d", O, LTE_PUCCH3_OMAX);
    if (O <= 11) { /* 36.212 §5.2.3.1: b_i = btilde_(i mod 32) */
        uint32_t w = rm32_cw(pack_bits(o, O));
        for (int i = 0; i < LTE_PUCCH3_BITS; i++)
            b[i] = (uint8_t)(w >> (i % 32) & 1);
        return 0;
    }
    int oa = (O + 1) / 2; /* ceil(O/2) */
    uint32_t w1 = rm32_cw(pack_bits(o, oa)), w2 = rm32_cw(pack_bits(o + oa, O - oa));
    for (int k = 0; k < 12; k++) {
        b[4 * k] = (uint8_t)(w1 >> (2 * k) & 1);
        b[4 * k + 1] = (uint8_t)(w1 >> (2 * k + 1) & 1);
        b[4 * k + 2] = (uint8_t)(w2 >> (2 * k) & 1);
        b[4 * k + 3] = (uint8_t)(w2 >> (2 * k + 1) & 1);
    }
    return 0;
}

/* ML over the 2^n messages of the (32, n) code cut/repeated: L[j] is the
 * summed LLR of codeword bit j (j < len, len 24 or 32). The metric
 * sum_j (1 - 2 b_j) L_j = sum_j L_j - 2 sum_{b_j = 1} L_j: minimise the sum
 * of L over the codeword's ones, read from four byte tables of partial
 * sums; messages in Gray-code order so each codeword is one XOR away from
 * the previous. */
static void rm32_ml(const float *L, int len, int n, uint8_t *o)
{
    uint32_t col[11];
    for (int k = 0; k < n; k++) {
        col[k] = 0;
        for (int i = 0; i < 32; i++)
            col[k] |= (uint32_t)((lte_uci_rm32_row(i) >> k) & 1) << i;
    }
    uint32_t mask = len >= 32 ? 0xffffffffu : ((1u << len) - 1u);
    float tab[4][256];
    for (int q = 0; q < 4; q++) {
        tab[q][0] = 0;
        for (int x = 1; x < 256; x++) {
            int j = 8 * q + __builtin_ctz((unsigned)x);
            tab[q][x] = tab[q][x & (x - 1)] + (j < len ? L[j] : 0.0f);
        }
    }
    uint32_t cw = 0;
    unsigned best_m = 0;
    float best = INFINITY;
    for (unsigned k = 0; k < (1u << n); k++) {
        if (k)
            cw ^= col[__builtin_ctz(k)];
        uint32_t w = cw & mask;
        float met = tab[0][w & 255u] + tab[1][w >> 8 & 255u] + tab[2][w >> 16 & 255u] +
                    tab[3][w >> 24];
        if (met < best) {
            best = met;
            best_m = k ^ (k >> 1);
        }
    }
    for (int i = 0; i < n; i++)
        o[i] = (uint8_t)(best_m >> i & 1);
}

int lte_pucch3_code_decode(const float llr[LTE_PUCCH3_BITS], int O, uint8_t *o)
{
    LTE_CHECK_ARG(llr != NULL && o != NULL, "llr or o is NULL");
    LTE_CHECK_ARG(O >= 1 && O <= LTE_PUCCH3_OMAX, "O = %d: must be 1..%d", O, LTE_PUCCH3_OMAX);
    for (int i = 0; i < LTE_PUCCH3_BITS; i++)
        LTE_CHECK_ARG(isfinite(llr[i]), "llr[%d] is not finite", i);
    float L[32] = {0};
    if (O <= 11) {
        for (int i = 0; i < LTE_PUCCH3_BITS; i++)
            L[i % 32] += llr[i];
        rm32_ml(L, 32, O, o);
        return 0;
    }
    int oa = (O + 1) / 2;
    float L2[24];
    for (int k = 0; k < 12; k++) {
        L[2 * k] = llr[4 * k];
        L[2 * k + 1] = llr[4 * k + 1];
        L2[2 * k] = llr[4 * k + 2];
        L2[2 * k + 1] = llr[4 * k + 3];
    }
    rm32_ml(L, 24, oa, o);
    rm32_ml(L2, 24, O - oa, o + oa);
    return 0;
}

static int f3_nsf1(const lte_pucch_cfg *cfg) { return cfg->shortened ? 4 : 5; }

int lte_pucch3_resource(const lte_pucch_cfg *cfg, int n_pucch3, int *n_oc0, int *n_oc1, int *m)
{
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(n_pucch3 >= 0 && n_pucch3 <= 549, "n_pucch3 = %d: must be 0..549", n_pucch3);
    int nsf1 = f3_nsf1(cfg);
    int oc0 = n_pucch3 % nsf1; /* §5.4.2A */
    int oc1 = nsf1 == 5 ? (3 * oc0) % nsf1 : oc0 % nsf1;
    int mm = n_pucch3 / nsf1;
    LTE_CHECK_ARG(mm / 2 < cfg->n_rb_ul, "n_pucch3 = %d: m = %d lies outside %d PRBs", n_pucch3,
                  mm, cfg->n_rb_ul);
    if (n_oc0)
        *n_oc0 = oc0;
    if (n_oc1)
        *n_oc1 = oc1;
    if (m)
        *m = mm;
    return 0;
}

/* Table 5.5.2.2.1-4: n'(n_s) of the format 3 DMRS from n_oc. */
static int f3_nprime(int nsf1, int noc)
{
    static const int8_t t5[5] = {0, 3, 6, 8, 10}, t4[4] = {0, 3, 6, 9};
    return nsf1 == 5 ? t5[noc] : t4[noc];
}

int lte_pucch3_dmrs_ncs(const lte_pucch_cfg *cfg, int n_pucch3, int ns, int l)
{
    int oc0, oc1;
    int rc = lte_pucch3_resource(cfg, n_pucch3, &oc0, &oc1, NULL);
    if (rc < 0)
        return rc;
    int cell = lte_pucch_ncs_cell(cfg->cell_id, cfg->cp, ns, l);
    if (cell < 0)
        return cell;
    return (cell + f3_nprime(f3_nsf1(cfg), ns % 2 ? oc1 : oc0)) % LTE_NSC_RB;
}

/* w of Table 5.4.2A-1. */
static float complex f3_w(int nsf, int noc, int m)
{
    if (nsf == 5)
        return unit(noc * m, 5);
    static const int8_t w4[4][4] = {{1, 1, 1, 1}, {1, -1, 1, -1}, {1, 1, -1, -1}, {1, -1, -1, 1}};
    return w4[noc][m];
}

/* Per slot: resources, DMRS sequences and the n_cs^cell of every symbol. */
typedef struct f3_setup {
    int prb[2], noc[2], nsf[2];
    int cell[2][7];
    float complex dmrs[2][2][12]; /* slot, DMRS symbol, subcarrier */
} f3_setup;

static int f3_prepare(const lte_pucch_cfg *cfg, int n_pucch3, int sf, f3_setup *st)
{
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(sf >= 0 && sf < 10, "sf = %d: must be 0..9", sf);
    int oc0, oc1, m;
    if ((rc = lte_pucch3_resource(cfg, n_pucch3, &oc0, &oc1, &m)) < 0)
        return rc;
    int ext = cfg->cp == LTE_CP_EXTENDED, nsymb = ext ? 6 : 7;
    lte_ulrs_cfg u = {.cell_id = cfg->cell_id, .cp = cfg->cp, .group_hopping = cfg->group_hopping};
    for (int s = 0; s < 2; s++) {
        int ns = 2 * sf + s;
        st->prb[s] = (m + ns % 2) % 2 == 0 ? m / 2 : cfg->n_rb_ul - 1 - m / 2; /* §5.4.3 */
        st->noc[s] = s ? oc1 : oc0;
        st->nsf[s] = s ? f3_nsf1(cfg) : 5;
        for (int l = 0; l < nsymb; l++) {
            int c = lte_pucch_ncs_cell(cfg->cell_id, cfg->cp, ns, l);
            if (c < 0)
                return c;
            st->cell[s][l] = c;
        }
        int grp = lte_ulrs_group(&u, LTE_ULRS_PUCCH, ns);
        if (grp < 0)
            return grp;
        for (int j = 0; j < (ext ? 1 : 2); j++) {
            int l = f2_dmrs[ext][j];
            int ncs = (st->cell[s][l] + f3_nprime(f3_nsf1(cfg), st->noc[s])) % LTE_NSC_RB;
            if ((rc = lte_ulrs_seq(grp, 0, ncs, LTE_NSC_RB, st->dmrs[s][j])) < 0)
                return rc;
        }
    }
    return 0;
}

/* e^{-j 2 pi i k / 12} */
static float complex tw12(int ik) { return unit(-(ik % 12), 12); }

/* tw[j] = tw12(j), j = 0..11: the 12 values every tw12(ik) takes (it
 * depends on ik mod 12 only), filled once per call instead of a cexp per
 * product; the same values, so the same bits. */
static void tw12_table(float complex tw[12])
{
    for (int j = 0; j < LTE_NSC_RB; j++)
        tw[j] = tw12(j);
}

/* lte_pucch3_encode on a prepared setup (arguments checked by the caller). */
static int f3_build(const lte_pucch_cfg *cfg, const f3_setup *st, int sf, const uint8_t *b,
                    float complex *sym, int prb[2])
{
    int rc;
    uint8_t bs[LTE_PUCCH3_BITS];
    float complex d[24];
    if ((rc = lte_gold_scramble_bits(f2_cinit(cfg, sf), b, LTE_PUCCH3_BITS, bs)) < 0)
        return rc;
    if ((rc = lte_mod_map(LTE_MOD_QPSK, bs, LTE_PUCCH3_BITS, d)) < 0)
        return rc;
    int ext = cfg->cp == LTE_CP_EXTENDED, nsymb = ext ? 6 : 7;
    memset(sym, 0, sizeof(float complex) * (size_t)(2 * nsymb * LTE_NSC_RB));
    const float norm = 1.0f / sqrtf((float)LTE_NSC_RB);
    float complex tw[12];
    tw12_table(tw);
    for (int s = 0; s < 2; s++) {
        prb[s] = st->prb[s];
        float complex *out = sym + (size_t)s * nsymb * LTE_NSC_RB;
        for (int m = 0; m < st->nsf[s]; m++) {
            int l = f2_data[ext][m], c = st->cell[s][l];
            /* w(nbar) e^{j pi floor(c/64)/2} */
            float complex g = f3_w(st->nsf[s], st->noc[s], m) * unit(c / 64, 4);
            float complex yt[12];
            for (int i = 0; i < LTE_NSC_RB; i++) /* ytilde(i) = y((i + c) mod 12) */
                yt[i] = g * d[12 * s + (i + c) % LTE_NSC_RB];
            for (int k = 0; k < LTE_NSC_RB; k++) {
                float complex acc = 0;
                for (int i = 0; i < LTE_NSC_RB; i++)
                    acc += yt[i] * tw[(i * k) % 12];
                out[l * LTE_NSC_RB + k] = norm * acc;
            }
        }
        for (int j = 0; j < (ext ? 1 : 2); j++) {
            int l = f2_dmrs[ext][j];
            for (int n = 0; n < LTE_NSC_RB; n++)
                out[l * LTE_NSC_RB + n] = st->dmrs[s][j][n];
        }
    }
    return 0;
}

int lte_pucch3_encode(const lte_pucch_cfg *cfg, int n_pucch3, int sf, const uint8_t *b,
                      float complex *sym, int prb[2])
{
    f3_setup st;
    int rc = f3_prepare(cfg, n_pucch3, sf, &st);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(b != NULL && sym != NULL && prb != NULL, "b, sym or prb is NULL");
    return f3_build(cfg, &st, sf, b, sym, prb);
}

/* lte_pucch3_decode on a prepared setup (arguments checked by the caller). */
static int f3_decode(const lte_pucch_cfg *cfg, const f3_setup *st, int sf,
                     const float complex *const *rx, int n_rx, float n0, int O, uint8_t *o)
{
    int rc;
    int ext = cfg->cp == LTE_CP_EXTENDED, nsymb = ext ? 6 : 7, nrs = ext ? 1 : 2;
    const float norm = 1.0f / sqrtf((float)LTE_NSC_RB);
    float complex tw[12];
    tw12_table(tw);
    float complex dhat[24];
    float n0eq[24];
    for (int s = 0; s < 2; s++) {
        float complex h[8][12], g[8][3];
        for (int a = 0; a < n_rx; a++) {
            const float complex *in = rx[a] + (size_t)s * nsymb * LTE_NSC_RB;
            float complex ls[12];
            for (int n = 0; n < LTE_NSC_RB; n++) {
                ls[n] = 0;
                for (int j = 0; j < nrs; j++)
                    ls[n] += in[f2_dmrs[ext][j] * LTE_NSC_RB + n] * conjf(st->dmrs[s][j][n]);
                ls[n] /= (float)nrs;
            }
            /* taps -1, 0, 1 of the 12-point IDFT of the LS estimate */
            for (int t = -1; t <= 1; t++) {
                float complex acc = 0;
                for (int n = 0; n < LTE_NSC_RB; n++)
                    acc += ls[n] * conjf(tw[((t + 12) * n) % 12]);
                g[a][t + 1] = acc / (float)LTE_NSC_RB;
            }
        }
        /* tap 0 always; taps -1 and +1 only when their power over the
         * antennas exceeds 3 times the noise they would add (each tap
         * carries noise n0 / (12 nrs) per antenna) */
        int keep[3] = {0, 1, 0};
        for (int t = 0; t < 3; t += 2) {
            float p = 0;
            for (int a = 0; a < n_rx; a++)
                p += crealf(g[a][t] * conjf(g[a][t]));
            keep[t] = p > 3.0f * n_rx * n0 / (LTE_NSC_RB * nrs);
        }
        for (int a = 0; a < n_rx; a++)
            for (int n = 0; n < LTE_NSC_RB; n++)
                h[a][n] = (keep[0] ? g[a][0] * tw[(11 * n) % 12] : 0) + g[a][1] +
                          (keep[2] ? g[a][2] * tw[n] : 0);
        /* per subcarrier MMSE weights; gain after combining */
        float complex wgt[8][12];
        float gsum = 0;
        for (int n = 0; n < LTE_NSC_RB; n++) {
            float e = 0;
            for (int a = 0; a < n_rx; a++)
                e += crealf(h[a][n] * conjf(h[a][n]));
            for (int a = 0; a < n_rx; a++)
                wgt[a][n] = conjf(h[a][n]) / (e + n0);
            gsum += e / (e + n0);
        }
        float gain = gsum / LTE_NSC_RB; /* mean bias of the MMSE output */
        float complex acc_d[12] = {0};
        for (int m = 0; m < st->nsf[s]; m++) {
            int l = f2_data[ext][m], c = st->cell[s][l];
            float complex z[12];
            for (int n = 0; n < LTE_NSC_RB; n++) {
                z[n] = 0;
                for (int a = 0; a < n_rx; a++)
                    z[n] += wgt[a][n] * rx[a][((size_t)s * nsymb + l) * LTE_NSC_RB + n];
            }
            float complex unw = conjf(f3_w(st->nsf[s], st->noc[s], m) * unit(c / 64, 4));
            for (int i = 0; i < LTE_NSC_RB; i++) { /* inverse DFT gives ytilde(i) */
                float complex yt = 0;
                for (int k = 0; k < LTE_NSC_RB; k++)
                    yt += z[k] * conjf(tw[(i * k) % 12]);
                acc_d[(i + c) % LTE_NSC_RB] += norm * yt * unw;
            }
        }
        for (int i = 0; i < LTE_NSC_RB; i++) {
            float den = gain * st->nsf[s];
            dhat[12 * s + i] = den > 0 ? acc_d[i] / den : 0;
            /* MMSE output SINR per RE ~ gain / (1 - gain); despreading over
             * nsf symbols divides the error variance by nsf */
            float sinr = gain < 1 ? gain / (1 - gain) : 1e6f;
            n0eq[12 * s + i] = 1.0f / (sinr * st->nsf[s] + 1e-12f);
        }
    }
    float llr[LTE_PUCCH3_BITS];
    if ((rc = lte_demap_maxlog(LTE_MOD_QPSK, dhat, 24, n0eq, 24, llr, LTE_SIMD_SCALAR)) < 0)
        return rc;
    if ((rc = lte_gold_descramble_llr(f2_cinit(cfg, sf), llr, LTE_PUCCH3_BITS)) < 0)
        return rc;
    return lte_pucch3_code_decode(llr, O, o);
}

static int f3_check_rx(const float complex *const *rx, int n_rx, float n0, int O)
{
    LTE_CHECK_ARG(rx != NULL, "rx is NULL");
    LTE_CHECK_ARG(n_rx >= 1 && n_rx <= LTE_PUCCH_MAX_RX, "n_rx = %d: must be 1..%d", n_rx,
                  LTE_PUCCH_MAX_RX);
    for (int a = 0; a < n_rx; a++)
        LTE_CHECK_ARG(rx[a] != NULL, "rx[%d] is NULL", a);
    LTE_CHECK_ARG(n0 > 0 && isfinite(n0), "n0 = %g: must be finite and > 0", (double)n0);
    LTE_CHECK_ARG(O >= 1 && O <= LTE_PUCCH3_OMAX, "O = %d: must be 1..%d", O, LTE_PUCCH3_OMAX);
    return 0;
}

int lte_pucch3_decode(const lte_pucch_cfg *cfg, int n_pucch3, int sf,
                      const float complex *const *rx, int n_rx, float n0, int O, uint8_t *o)
{
    f3_setup st;
    int rc = f3_prepare(cfg, n_pucch3, sf, &st);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(o != NULL, "o is NULL");
    if ((rc = f3_check_rx(rx, n_rx, n0, O)) < 0)
        return rc;
    return f3_decode(cfg, &st, sf, rx, n_rx, n0, O, o);
}

/* ---- format 3 DTX detection ----------------------------------------------- */

/* Sum over the slots and antennas of |<x_s, y_a,s>|^2 / (n0 |x_s|^2), x the
 * re-encoded PUCCH of message o (36.212 §5.2.3.1, 36.211 §5.4.2A, data and
 * DMRS), y the received REs of slot s at antenna a. The transform precoding
 * is unitary, so this is the matched filter of the whole slot for a channel
 * flat over the PRB and the slot; with noise alone (CN(0, n0) per RE,
 * independent of o) each term is exponential of mean 1 and the sum
 * Gamma(2 n_rx, 1). Returned as the sum / (2 n_rx). */
static int f3_metric(const lte_pucch_cfg *cfg, const f3_setup *st, int sf,
                     const float complex *const *rx, int n_rx, float n0, int O,
                     const uint8_t *o, float *metric)
{
    uint8_t b[LTE_PUCCH3_BITS];
    float complex x[14 * LTE_NSC_RB];
    int prb[2], rc;
    if ((rc = lte_pucch3_code(o, O, b)) < 0)
        return rc;
    if ((rc = f3_build(cfg, st, sf, b, x, prb)) < 0)
        return rc;
    int nre = (cfg->cp == LTE_CP_EXTENDED ? 6 : 7) * LTE_NSC_RB; /* REs of a slot */
    double sum = 0;
    for (int s = 0; s < 2; s++) {
        const float complex *xs = x + (size_t)s * nre;
        double e = 0;
        for (int i = 0; i < nre; i++)
            e += (double)crealf(xs[i] * conjf(xs[i]));
        for (int a = 0; a < n_rx; a++) {
            const float complex *ys = rx[a] + (size_t)s * nre;
            double complex z = 0;
            for (int i = 0; i < nre; i++)
                z += (double complex)(conjf(xs[i]) * ys[i]);
            sum += creal(z * conj(z)) / (e * (double)n0);
        }
    }
    *metric = (float)(sum / (2.0 * n_rx));
    return 0;
}

int lte_pucch3_dtx_metric(const lte_pucch_cfg *cfg, int n_pucch3, int sf,
                          const float complex *const *rx, int n_rx, float n0, int O,
                          const uint8_t *o, float *metric)
{
    f3_setup st;
    int rc = f3_prepare(cfg, n_pucch3, sf, &st);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(o != NULL && metric != NULL, "o or metric is NULL");
    if ((rc = f3_check_rx(rx, n_rx, n0, O)) < 0)
        return rc;
    return f3_metric(cfg, &st, sf, rx, n_rx, n0, O, o, metric);
}

int lte_pucch3_detect_dtx(const lte_pucch_cfg *cfg, int n_pucch3, int sf,
                          const float complex *const *rx, int n_rx, float n0, int O, uint8_t *o,
                          float *metric)
{
    f3_setup st;
    int rc = f3_prepare(cfg, n_pucch3, sf, &st);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(o != NULL && metric != NULL, "o or metric is NULL");
    if ((rc = f3_check_rx(rx, n_rx, n0, O)) < 0)
        return rc;
    if ((rc = f3_decode(cfg, &st, sf, rx, n_rx, n0, O, o)) < 0)
        return rc;
    return f3_metric(cfg, &st, sf, rx, n_rx, n0, O, o, metric);
}

/* P(Gamma(k, 1) > x) = e^{-x} sum_{i<k} x^i / i! (integer k). */
static double gamma_tail(int k, double x)
{
    double term = 1, s = 1;
    for (int i = 1; i < k; i++) {
        term *= x / i;
        s += term;
    }
    return exp(-x) * s;
}

int lte_pucch3_dtx_threshold(int n_rx, int O, double p_fd, float *thr)
{
    LTE_CHECK_ARG(thr != NULL, "thr is NULL");
    LTE_CHECK_ARG(n_rx >= 1 && n_rx <= LTE_PUCCH_MAX_RX, "n_rx = %d: must be 1..%d", n_rx,
                  LTE_PUCCH_MAX_RX);
    LTE_CHECK_ARG(O >= 0 && O <= LTE_PUCCH3_OMAX, "O = %d: must be 0..%d", O, LTE_PUCCH3_OMAX);
    LTE_CHECK_ARG(p_fd > 0 && p_fd < 1, "p_fd = %g: must lie in (0, 1)", p_fd);
    /* smallest x with 2^O P(Gamma(2 n_rx, 1) > x) <= p_fd: the tail is
     * decreasing in x; bisection to double precision */
    int k = 2 * n_rx;
    double m = ldexp(1.0, O), lo = 0, hi = 1;
    while (m * gamma_tail(k, hi) > p_fd)
        hi *= 2;
    for (int it = 0; it < 200 && hi - lo > 1e-12 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        if (m * gamma_tail(k, mid) > p_fd)
            lo = mid;
        else
            hi = mid;
    }
    *thr = (float)(hi / k);
    return 0;
}

int lte_pucch1_detect_dtx_grid(const lte_pucch_cfg *cfg, lte_pucch_format fmt, int n_pucch,
                               int sf, const float complex *const *grid, int n_rx, float n0,
                               uint8_t *bits, float *metric)
{
    LTE_CHECK_ARG(grid != NULL && bits != NULL, "NULL argument");
    LTE_CHECK_ARG(n_rx >= 1 && n_rx <= LTE_PUCCH_MAX_RX, "n_rx = %d: must be 1..%d", n_rx,
                  LTE_PUCCH_MAX_RX);
    lte_pucch_res r0, r1;
    int rc = lte_pucch_resource(cfg, fmt, n_pucch, 2 * sf, &r0);
    if (rc == 0)
        rc = lte_pucch_resource(cfg, fmt, n_pucch, 2 * sf + 1, &r1);
    if (rc < 0)
        return rc;
    const int prb[2] = {r0.prb, r1.prb};
    /* the 12 subcarriers of the PUCCH's PRB in each symbol, per antenna */
    float complex ex[LTE_PUCCH_MAX_RX][LTE_MAX_SYMB_SF * LTE_NSC_RB];
    const float complex *exp_[LTE_PUCCH_MAX_RX];
    for (int a = 0; a < n_rx; a++) {
        LTE_CHECK_ARG(grid[a] != NULL, "grid[%d] is NULL", a);
        if ((rc = lte_pucch_extract(cfg, grid[a], prb, ex[a])) < 0)
            return rc;
        exp_[a] = ex[a];
    }
    bits[0] = bits[1] = 0;
    return lte_pucch1_detect_dtx(cfg, fmt, n_pucch, sf, exp_, n_rx, n0, bits, metric);
}
