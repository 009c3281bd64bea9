/* PUCCH formats 1/1a/1b/2/2a/2b and their DMRS (36.211 §5.4, §5.5.2.2),
 * the (20, A) code (36.212 §5.2.3.3), and coherent receivers.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/gold.h"
#include "ltephy/modulation.h"
#include "ltephy/pucch.h"
#include "ltephy/ulrs.h"

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

int lte_pucch_ncs_cell(int cell_id, lte_cp cp, int ns, int l)
{
    LTE_CHECK_ARG(cell_id >= 0 && cell_id <= 503, "cell_id = %d: must be 0..503", cell_id);
    LTE_CHECK_ARG(cp == LTE_CP_NORMAL || cp == LTE_CP_EXTENDED, "cp = %d: invalid", (int)cp);
    int nsymb = cp == LTE_CP_NORMAL ? 7 : 6;
    LTE_CHECK_ARG(ns >= 0 && ns < 20, "ns = %d: must be 0..19", ns);
    LTE_CHECK_ARG(l >= 0 && l < nsymb, "l = %d: must be 0..%d", l, nsymb - 1);
    int start = 8 * nsymb * ns + 8 * l;
    uint8_t c[8 * 7 * 20];
    int rc = lte_gold_bits((uint32_t)cell_id, start + 8, c); /* §5.4: c_init = N_ID^cell */
    if (rc < 0)
        return rc;
    int s = 0;
    for (int i = 0; i < 8; i++)
        s |= c[start + i] << i;
    return s;
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
    for (int l = 0; l < 7; l++) {
        if (l >= nsymb) {
            res->n_cs[l] = 0;
            continue;
        }
        int cell = lte_pucch_ncs_cell(cfg->cell_id, cfg->cp, ns, l);
        if (cell < 0)
            return cell;
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
    int rc = check_encode(cfg, fmt, sf);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(fmt >= LTE_PUCCH_F2, "format = %d: must be 2, 2a or 2b", (int)fmt);
    LTE_CHECK_ARG(rx != NULL && a != NULL, "rx or a is NULL");
    LTE_CHECK_ARG(fmt == LTE_PUCCH_F2 || ack != NULL, "ack is NULL");
    LTE_CHECK_ARG(n0 > 0 && isfinite(n0), "n0 = %g: must be finite and > 0", (double)n0);
    LTE_CHECK_ARG(a_len >= 1 && a_len <= 13, "a_len = %d: must be 1..13", a_len);
    lte_pucch_res res[2];
    float complex seq[2][7][12];
    if ((rc = subframe_setup(cfg, fmt, n_pucch, sf, res, seq)) < 0)
        return rc;
    int ext = cfg->cp == LTE_CP_EXTENDED, nsymb = ext ? 6 : 7, nrs = ext ? 1 : 2;
    /* per slot and DMRS symbol: least-squares channel r^* y / 12 */
    float complex hs[2][2];
    for (int s = 0; s < 2; s++)
        for (int m = 0; m < nrs; m++) {
            int l = f2_dmrs[ext][m];
            hs[s][m] = despread(rx + ((size_t)s * nsymb + l) * LTE_NSC_RB, seq[s][l]) / LTE_NSC_RB;
        }
    if (fmt != LTE_PUCCH_F2) {
        /* 2a/2b: the second DMRS symbol is d(10) times the first (same
         * channel): estimate d(10) over both slots, decide, undo it */
        float complex z = 0;
        for (int s = 0; s < 2; s++)
            z += hs[s][1] * conjf(hs[s][0]);
        int nb = fmt == LTE_PUCCH_F2A ? 1 : 2;
        ack_decide(z, nb, ack);
        float complex d10 = ack_symbol(ack, nb);
        for (int s = 0; s < 2; s++)
            hs[s][1] *= conjf(d10);
    }
    float complex d[10];
    float n0eq[10];
    for (int s = 0; s < 2; s++) {
        const float complex *in = rx + (size_t)s * nsymb * LTE_NSC_RB;
        float complex h = nrs == 2 ? 0.5f * (hs[s][0] + hs[s][1]) : hs[s][0];
        float g = crealf(h * conjf(h));
        for (int m = 0; m < 5; m++) {
            int l = f2_data[ext][m];
            float complex y = despread(in + l * LTE_NSC_RB, seq[s][l]) / LTE_NSC_RB;
            /* despreading averages 12 REs: noise n0/12, scaled by 1/|h|^2 */
            d[5 * s + m] = g > 0 ? y * conjf(h) / g : 0;
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
