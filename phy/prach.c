/* Physical random access channel: preamble sequences, baseband generation
 * and detection (36.211 §5.7).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/internal.h"
#include "ltephy/fft.h"
#include "ltephy/ofdm.h"
#include "ltephy/prach.h"

/* Table 5.7.2-4: physical root u of logical root index 0..837 (formats 0..3).
 * The spec lists the roots in pairs u, N_ZC - u. */
static const int16_t root_tab[838] = {
    129, 710, 140, 699, 120, 719, 210, 629, 168, 671,  84, 755, 105, 734,
     93, 746,  70, 769,  60, 779,   2, 837,   1, 838,  56, 783, 112, 727,
    148, 691,  80, 759,  42, 797,  40, 799,  35, 804,  73, 766, 146, 693,
     31, 808,  28, 811,  30, 809,  27, 812,  29, 810,  24, 815,  48, 791,
     68, 771,  74, 765, 178, 661, 136, 703,  86, 753,  78, 761,  43, 796,
     39, 800,  20, 819,  21, 818,  95, 744, 202, 637, 190, 649, 181, 658,
    137, 702, 125, 714, 151, 688, 217, 622, 128, 711, 142, 697, 122, 717,
    203, 636, 118, 721, 110, 729,  89, 750, 103, 736,  61, 778,  55, 784,
     15, 824,  14, 825,  12, 827,  23, 816,  34, 805,  37, 802,  46, 793,
    207, 632, 179, 660, 145, 694, 130, 709, 223, 616, 228, 611, 227, 612,
    132, 707, 133, 706, 143, 696, 135, 704, 161, 678, 201, 638, 173, 666,
    106, 733,  83, 756,  91, 748,  66, 773,  53, 786,  10, 829,   9, 830,
      7, 832,   8, 831,  16, 823,  47, 792,  64, 775,  57, 782, 104, 735,
    101, 738, 108, 731, 208, 631, 184, 655, 197, 642, 191, 648, 121, 718,
    141, 698, 149, 690, 216, 623, 218, 621, 152, 687, 144, 695, 134, 705,
    138, 701, 199, 640, 162, 677, 176, 663, 119, 720, 158, 681, 164, 675,
    174, 665, 171, 668, 170, 669,  87, 752, 169, 670,  88, 751, 107, 732,
     81, 758,  82, 757, 100, 739,  98, 741,  71, 768,  59, 780,  65, 774,
     50, 789,  49, 790,  26, 813,  17, 822,  13, 826,   6, 833,   5, 834,
     33, 806,  51, 788,  75, 764,  99, 740,  96, 743,  97, 742, 166, 673,
    172, 667, 175, 664, 187, 652, 163, 676, 185, 654, 200, 639, 114, 725,
    189, 650, 115, 724, 194, 645, 195, 644, 192, 647, 182, 657, 157, 682,
    156, 683, 211, 628, 154, 685, 123, 716, 139, 700, 212, 627, 153, 686,
    213, 626, 215, 624, 150, 689, 225, 614, 224, 615, 221, 618, 220, 619,
    127, 712, 147, 692, 124, 715, 193, 646, 205, 634, 206, 633, 116, 723,
    160, 679, 186, 653, 167, 672,  79, 760,  85, 754,  77, 762,  92, 747,
     58, 781,  62, 777,  69, 770,  54, 785,  36, 803,  32, 807,  25, 814,
     18, 821,  11, 828,   4, 835,   3, 836,  19, 820,  22, 817,  41, 798,
     38, 801,  44, 795,  52, 787,  45, 794,  63, 776,  67, 772,  72, 767,
     76, 763,  94, 745, 102, 737,  90, 749, 109, 730, 165, 674, 111, 728,
    209, 630, 204, 635, 117, 722, 188, 651, 159, 680, 198, 641, 113, 726,
    183, 656, 180, 659, 177, 662, 196, 643, 155, 684, 214, 625, 126, 713,
    131, 708, 219, 620, 222, 617, 226, 613, 230, 609, 232, 607, 262, 577,
    252, 587, 418, 421, 416, 423, 413, 426, 411, 428, 376, 463, 395, 444,
    283, 556, 285, 554, 379, 460, 390, 449, 363, 476, 384, 455, 388, 451,
    386, 453, 361, 478, 387, 452, 360, 479, 310, 529, 354, 485, 328, 511,
    315, 524, 337, 502, 349, 490, 335, 504, 324, 515, 323, 516, 320, 519,
    334, 505, 359, 480, 295, 544, 385, 454, 292, 547, 291, 548, 381, 458,
    399, 440, 380, 459, 397, 442, 369, 470, 377, 462, 410, 429, 407, 432,
    281, 558, 414, 425, 247, 592, 277, 562, 271, 568, 272, 567, 264, 575,
    259, 580, 237, 602, 239, 600, 244, 595, 243, 596, 275, 564, 278, 561,
    250, 589, 246, 593, 417, 422, 248, 591, 394, 445, 393, 446, 370, 469,
    365, 474, 300, 539, 299, 540, 364, 475, 362, 477, 298, 541, 312, 527,
    313, 526, 314, 525, 353, 486, 352, 487, 343, 496, 327, 512, 350, 489,
    326, 513, 319, 520, 332, 507, 333, 506, 348, 491, 347, 492, 322, 517,
    330, 509, 338, 501, 341, 498, 340, 499, 342, 497, 301, 538, 366, 473,
    401, 438, 371, 468, 408, 431, 375, 464, 249, 590, 269, 570, 238, 601,
    234, 605, 257, 582, 273, 566, 255, 584, 254, 585, 245, 594, 251, 588,
    412, 427, 372, 467, 282, 557, 403, 436, 396, 443, 392, 447, 391, 448,
    382, 457, 389, 450, 294, 545, 297, 542, 311, 528, 344, 495, 345, 494,
    318, 521, 331, 508, 325, 514, 321, 518, 346, 493, 339, 500, 351, 488,
    306, 533, 289, 550, 400, 439, 378, 461, 374, 465, 415, 424, 270, 569,
    241, 598, 231, 608, 260, 579, 268, 571, 276, 563, 409, 430, 398, 441,
    290, 549, 304, 535, 308, 531, 358, 481, 316, 523, 293, 546, 288, 551,
    284, 555, 368, 471, 253, 586, 256, 583, 263, 576, 242, 597, 274, 565,
    402, 437, 383, 456, 357, 482, 329, 510, 317, 522, 307, 532, 286, 553,
    287, 552, 266, 573, 261, 578, 236, 603, 303, 536, 356, 483, 355, 484,
    405, 434, 404, 435, 406, 433, 235, 604, 267, 572, 302, 537, 309, 530,
    265, 574, 233, 606, 367, 472, 296, 543, 336, 503, 305, 534, 373, 466,
    280, 559, 279, 560, 419, 420, 240, 599, 258, 581, 229, 610,
};

/* Table 5.7.2-2: N_CS for zeroCorrelationZoneConfig 0..15. */
static const int16_t ncs_unres[16] = {0, 13, 15, 18, 22, 26, 32, 38, 46, 59, 76, 93, 119, 167, 279, 419};
static const int16_t ncs_res[15] = {15, 18, 22, 26, 32, 38, 46, 55, 68, 82, 100, 128, 158, 202, 237};
/* Table 5.7.2-3: N_CS for format 4, configurations 0..6. */
static const int16_t ncs_f4[7] = {2, 4, 6, 8, 10, 12, 15};

/* Table 5.7.1-1: T_CP and T_SEQ in T_s. */
static const int32_t t_cp_tab[5] = {3168, 21024, 6240, 21024, 448};
static const int32_t t_seq_tab[5] = {24576, 24576, 2 * 24576, 2 * 24576, 4096};

#define WIN_EARLY 2 /* ZC samples the detection window starts before C_v */
#define FIRST_PATH_DB 6.0 /* leading-edge timing: paths within 6 dB of the peak */
#define LEAD_PFA_FACTOR 1e-2 /* noise tail of lead_thr relative to eta's */
#define TA_MAX 1282 /* 36.213 §4.2.3: T_A of the random access response */
/* A row of Y keeps one bin beyond each edge of the preamble band: the
 * restricted-set detector reads Y(k - 1) and Y(k + 1) (see root_pdp). */
#define Y_STRIDE(nzc) ((nzc) + 2)

/* One detection statistic: its PDPs over the delay grid of the root being
 * searched, thresholds, and the maximum of each preamble's window. */
typedef struct prach_stat {
    float *pdp;           /* L: T(m), rectangular */
    float *pdp_h;         /* L: T_H(m), Hamming-windowed */
    double eta;           /* detection threshold */
    double lead;          /* leading-edge paths must exceed this (see first_path) */
    float best[LTE_PRACH_NPREAMBLES];
    int best_m[LTE_PRACH_NPREAMBLES];
} prach_stat;

struct lte_prach {
    lte_prach_cfg cfg;
    lte_prach_info info;
    int k_bin0;           /* DFT bin of PRACH subcarrier k = 0 (mod N_u) */
    int pre_root[LTE_PRACH_NPREAMBLES]; /* root slot of each preamble */
    int pre_cv[LTE_PRACH_NPREAMBLES];
    int pre_v[LTE_PRACH_NPREAMBLES];    /* index among its root's shifts */
    int root_u[LTE_PRACH_NPREAMBLES];
    int root_first[LTE_PRACH_NPREAMBLES]; /* first preamble of each root */
    int root_count[LTE_PRACH_NPREAMBLES];
    float complex *xroot; /* n_roots x N_ZC: conj(X_u(k)) / sqrt(N_ZC) */
    int16_t *owner;       /* n_roots x L: preamble owning delay bin m, or -1 */
    float *win;           /* N_ZC: Hamming window w(k) */
    double wnorm;         /* sum_k w(k)^2 */
    lte_fft *fft_u;       /* N_u forward */
    lte_fft *ifft_u;      /* N_u inverse */
    lte_fft *ifft_l;      /* L inverse */
    lte_fft *fft_zc;      /* N_ZC forward */
    float complex *buf;   /* N_u */
    float complex *y;     /* n_rx n_rep rows of Y_STRIDE(N_ZC): bins -1..N_ZC */
    int n_alias;          /* bin shifts combined per row: 1, or 3 for restricted sets */
    float complex *z;     /* L */
    prach_stat st[2];     /* T_0, and for restricted sets the three-window sum */
    int n_stat;           /* 1, or 2 for restricted sets */
    float complex *zh;    /* L */
};

int lte_prach_format_ts(int format, int *t_cp, int *t_seq)
{
    LTE_CHECK_ARG(format >= 0 && format <= 4, "format = %d: must be 0..4", format);
    if (t_cp)
        *t_cp = t_cp_tab[format];
    if (t_seq)
        *t_seq = t_seq_tab[format];
    return 0;
}

int lte_prach_nzc(int format)
{
    LTE_CHECK_ARG(format >= 0 && format <= 4, "format = %d: must be 0..4", format);
    return format == 4 ? LTE_PRACH_NZC_F4 : LTE_PRACH_NZC;
}

int lte_prach_root(int format, int logical)
{
    LTE_CHECK_ARG(format >= 0 && format <= 4, "format = %d: must be 0..4", format);
    if (format == 4) {
        LTE_CHECK_ARG(logical >= 0 && logical < 138, "logical = %d: must be 0..137", logical);
        /* Table 5.7.2-5 lists 1, 138, 2, 137, ..., 69, 70 */
        return logical % 2 ? LTE_PRACH_NZC_F4 - 1 - logical / 2 : 1 + logical / 2;
    }
    LTE_CHECK_ARG(logical >= 0 && logical < 838, "logical = %d: must be 0..837", logical);
    return root_tab[logical];
}

int lte_prach_ncs(int format, int zczc, int restricted)
{
    LTE_CHECK_ARG(format >= 0 && format <= 4, "format = %d: must be 0..4", format);
    if (format == 4) {
        LTE_CHECK_ARG(!restricted, "format 4 has no restricted set");
        LTE_CHECK_ARG(zczc >= 0 && zczc <= 6, "zczc = %d: must be 0..6 for format 4", zczc);
        return ncs_f4[zczc];
    }
    if (restricted) {
        LTE_CHECK_ARG(zczc >= 0 && zczc <= 14, "zczc = %d: must be 0..14 (restricted)", zczc);
        return ncs_res[zczc];
    }
    LTE_CHECK_ARG(zczc >= 0 && zczc <= 15, "zczc = %d: must be 0..15", zczc);
    return ncs_unres[zczc];
}

static int check_root(int u, int n_zc)
{
    LTE_CHECK_ARG(n_zc == LTE_PRACH_NZC || n_zc == LTE_PRACH_NZC_F4,
                  "n_zc = %d: must be 839 or 139", n_zc);
    LTE_CHECK_ARG(u >= 1 && u < n_zc, "u = %d: must be 1..%d", u, n_zc - 1);
    return 0;
}

int lte_prach_du(int u, int n_zc)
{
    int rc = check_root(u, n_zc);
    if (rc < 0)
        return rc;
    int p = 1;
    while ((int)(((int64_t)p * u) % n_zc) != 1)
        p++;
    return 2 * p < n_zc ? p : n_zc - p; /* §5.7.2: 0 <= p < N_ZC/2 */
}

int lte_prach_shifts(int u, int n_zc, int n_cs, int restricted, int *cv)
{
    int rc = check_root(u, n_zc);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(n_cs >= 0 && n_cs < n_zc, "n_cs = %d: must be 0..%d", n_cs, n_zc - 1);
    LTE_CHECK_ARG(!restricted || n_cs > 0, "restricted sets need n_cs > 0");
    if (!restricted) {
        int n = n_cs == 0 ? 1 : n_zc / n_cs; /* C_v = v N_CS */
        if (cv)
            for (int v = 0; v < n; v++)
                cv[v] = v * n_cs;
        return n;
    }
    int du = lte_prach_du(u, n_zc);
    int n_shift, d_start, n_group, n_bar;
    if (du >= n_cs && 3 * du < n_zc) {
        n_shift = du / n_cs;
        d_start = 2 * du + n_shift * n_cs;
        n_group = n_zc / d_start;
        n_bar = LTE_MAX((n_zc - 2 * du - n_group * d_start) / n_cs, 0);
    } else if (3 * du >= n_zc && 2 * du <= n_zc - n_cs) {
        n_shift = (n_zc - 2 * du) / n_cs;
        d_start = n_zc - 2 * du + n_shift * n_cs;
        n_group = du / d_start;
        n_bar = LTE_MIN(LTE_MAX((du - n_group * d_start) / n_cs, 0), n_shift);
    } else {
        return 0;
    }
    int n = n_shift * n_group + n_bar;
    if (cv)
        for (int v = 0; v < n; v++)
            cv[v] = d_start * (v / n_shift) + (v % n_shift) * n_cs;
    return n;
}

int lte_prach_zc(int u, int n_zc, float complex *x)
{
    int rc = check_root(u, n_zc);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(x != NULL, "x is NULL");
    for (int n = 0; n < n_zc; n++) {
        /* pi u n (n+1) / N_ZC = 2 pi (u n(n+1)/2 mod N_ZC) / N_ZC, exact in integers */
        int64_t t = ((int64_t)u * (((int64_t)n * (n + 1) / 2) % n_zc)) % n_zc;
        x[n] = (float complex)cexp(-I * 2.0 * M_PI * (double)t / n_zc);
    }
    return 0;
}

/* Per-bin false-alarm probability of T > x with noise alone, T = X / Y:
 * X ~ Gamma(n, 1) (the bin's power over n antennas in units of the true
 * noise) and Y = G / M, G ~ Gamma(M, 1), the estimated over the true noise
 * power from M = n N_ZC bins (taken as independent of X):
 *   P(X > x Y) = E[e^{-x Y} sum_{i<n} (x Y)^i / i!]
 *              = sum_{i<n} Gamma(M+i) / (Gamma(M) i!) (x/M)^i (1 + x/M)^{-(M+i)}
 * (-> e^{-x} sum_{i<n} x^i / i! as M -> infinity). */
static double tail(int n, int M, double x)
{
    double s = 0, r = x / M;
    for (int i = 0; i < n; i++)
        s += exp(lgamma(M + i) - lgamma(M) - lgamma(i + 1) + i * log(r) - (M + i) * log1p(r));
    return s;
}

static double solve_threshold(int n_rx, int M, double q)
{
    double lo = 0, hi = 1000;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (tail(n_rx, M, mid) > q)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

static int check_cfg(const lte_prach_cfg *c)
{
    LTE_CHECK_ARG(c != NULL, "cfg is NULL");
    int ncs = lte_prach_ncs(c->format, c->zczc, c->restricted);
    if (ncs < 0)
        return ncs;
    int r = lte_prach_root(c->format, c->root_index);
    if (r < 0)
        return r;
    LTE_CHECK_ARG(c->n_rb_ul >= 6 && c->n_rb_ul <= 110, "n_rb_ul = %d: must be 6..110",
                  c->n_rb_ul);
    LTE_CHECK_ARG(c->prb >= 0 && c->prb <= c->n_rb_ul - 6, "prb = %d: must be 0..%d", c->prb,
                  c->n_rb_ul - 6);
    LTE_CHECK_ARG(c->fft_size == 0 ||
                      (c->fft_size % 128 == 0 && c->fft_size >= 12 * c->n_rb_ul &&
                       c->fft_size <= 4096),
                  "fft_size = %d: must be 0 or a multiple of 128 in [%d, 4096]", c->fft_size,
                  12 * c->n_rb_ul);
    LTE_CHECK_ARG(c->n_rx >= 1 && c->n_rx <= LTE_PRACH_MAX_RX, "n_rx = %d: must be 1..%d",
                  c->n_rx, LTE_PRACH_MAX_RX);
    LTE_CHECK_ARG(c->p_fa == 0 || (c->p_fa > 0 && c->p_fa < 0.5), "p_fa = %g: must be in (0, 0.5)",
                  c->p_fa);
    return 0;
}

/* The 64 preambles: every shift of each root, logical indices in order. */
static int assign_preambles(lte_prach *p)
{
    int fmt = p->cfg.format, nzc = p->info.n_zc, n_log = fmt == 4 ? 138 : 838;
    int *cv = malloc(sizeof(int) * (size_t)nzc);
    if (!cv)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    int got = 0, roots = 0;
    for (int i = 0; i < n_log && got < LTE_PRACH_NPREAMBLES; i++) {
        int u = lte_prach_root(fmt, (p->cfg.root_index + i) % n_log);
        int n = lte_prach_shifts(u, nzc, p->info.n_cs, p->cfg.restricted, cv);
        if (n <= 0)
            continue;
        p->root_u[roots] = u;
        p->root_first[roots] = got;
        for (int v = 0; v < n && got < LTE_PRACH_NPREAMBLES; v++, got++) {
            p->pre_root[got] = roots;
            p->pre_cv[got] = cv[v];
            p->pre_v[got] = v;
        }
        p->root_count[roots] = got - p->root_first[roots];
        roots++;
    }
    free(cv);
    LTE_CHECK_ARG(got == LTE_PRACH_NPREAMBLES,
                  "only %d preambles exist for this restricted configuration", got);
    p->info.n_roots = roots;
    return 0;
}

static int make_fft(int n, lte_fft_dir dir, lte_fft **out)
{
    lte_fft_cfg fc = {.n = n, .dir = dir, .flags = LTE_FFT_ESTIMATE};
    return lte_fft_create(&fc, out);
}

/* Per root: conj(X_u(k)) / sqrt(N_ZC), and the owner map of the delay grid. */
static int prepare_roots(lte_prach *p)
{
    int nzc = p->info.n_zc, L = p->info.corr_len, ncs = p->info.n_cs;
    int win = ncs == 0 ? nzc : ncs;
    float complex *x = p->buf; /* N_u >= N_ZC */
    p->wnorm = 0;
    for (int k = 0; k < nzc; k++) {
        double w = 0.54 - 0.46 * cos(2 * M_PI * k / (nzc - 1)); /* Hamming */
        p->win[k] = (float)w;
        p->wnorm += w * w;
    }
    int nbins = 0;
    for (int r = 0; r < p->info.n_roots; r++) {
        float complex *xr = p->xroot + (size_t)r * (size_t)nzc;
        lte_prach_zc(p->root_u[r], nzc, x);
        int rc = lte_fft_execute(p->fft_zc, x, p->z); /* aligned scratch */
        if (rc < 0)
            return rc;
        for (int k = 0; k < nzc; k++)
            xr[k] = (float complex)(conj(p->z[k]) / sqrt(nzc));
        int16_t *own = p->owner + (size_t)r * (size_t)L;
        for (int m = 0; m < L; m++)
            own[m] = -1;
        for (int j = 0; j < p->root_count[r]; j++) {
            int pre = p->root_first[r] + j, c = p->pre_cv[pre];
            for (int m = 0; m < L; m++) {
                double q = fmod((double)m * nzc / L + c + WIN_EARLY, nzc);
                if (q < win) {
                    own[m] = (int16_t)pre;
                    nbins++;
                }
            }
        }
    }
    p->info.n_bins = nbins;
    return 0;
}

int lte_prach_create(const lte_prach_cfg *cfg, lte_prach **out)
{
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    *out = NULL;
    int rc = check_cfg(cfg);
    if (rc < 0)
        return rc;
    lte_prach *p = calloc(1, sizeof *p);
    if (!p)
        return lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
    p->cfg = *cfg;
    if (p->cfg.p_fa == 0)
        p->cfg.p_fa = 1e-3;
    lte_prach_info *in = &p->info;
    in->n_zc = lte_prach_nzc(cfg->format);
    in->n_cs = lte_prach_ncs(cfg->format, cfg->zczc, cfg->restricted);
    in->fft_size = cfg->fft_size ? cfg->fft_size : lte_ofdm_std_fft_size(cfg->n_rb_ul);
    in->sample_rate_hz = 15000.0 * in->fft_size;
    int K = cfg->format == 4 ? 2 : 12; /* Delta f / Delta f_RA */
    in->period_len = K * in->fft_size;
    in->n_rep = (cfg->format == 2 || cfg->format == 3) ? 2 : 1;
    p->n_alias = cfg->restricted ? 3 : 1;
    in->cp_len = t_cp_tab[cfg->format] * in->fft_size / 2048;
    in->len = in->cp_len + in->n_rep * in->period_len;
    in->corr_len = 1;
    while (in->corr_len < 2 * in->n_zc)
        in->corr_len *= 2;
    /* §5.7.3: subcarrier k sits at (k + phi + K (k0 + 1/2)) Delta f_RA */
    int phi = cfg->format == 4 ? 2 : 7;
    int k0 = cfg->prb * 12 - cfg->n_rb_ul * 12 / 2;
    p->k_bin0 = phi + K * k0 + K / 2;
    rc = assign_preambles(p);
    if (rc < 0)
        goto fail;
    size_t nzc = (size_t)in->n_zc, L = (size_t)in->corr_len;
    p->xroot = lte_alloc(sizeof(float complex) * nzc * (size_t)in->n_roots);
    p->owner = lte_alloc(sizeof(int16_t) * L * (size_t)in->n_roots);
    p->buf = lte_alloc(sizeof(float complex) * (size_t)in->period_len);
    p->y = lte_alloc(sizeof(float complex) * (size_t)Y_STRIDE(in->n_zc) * (size_t)cfg->n_rx *
                     (size_t)in->n_rep);
    p->z = lte_alloc(sizeof(float complex) * L);
    p->n_stat = cfg->restricted ? 2 : 1;
    int stat_ok = 1;
    for (int i = 0; i < p->n_stat; i++) {
        p->st[i].pdp = lte_alloc(sizeof(float) * L);
        p->st[i].pdp_h = lte_alloc(sizeof(float) * L);
        stat_ok = stat_ok && p->st[i].pdp && p->st[i].pdp_h;
    }
    p->zh = lte_alloc(sizeof(float complex) * L);
    p->win = lte_alloc(sizeof(float) * nzc);
    if (!p->xroot || !p->owner || !p->buf || !p->y || !p->z || !stat_ok || !p->zh ||
        !p->win) {
        rc = lte_error_set_fn(LTE_ENOMEM, __func__, "out of memory");
        goto fail;
    }
    if ((rc = make_fft(in->period_len, LTE_FFT_FORWARD, &p->fft_u)) < 0 ||
        (rc = make_fft(in->period_len, LTE_FFT_INVERSE, &p->ifft_u)) < 0 ||
        (rc = make_fft(in->corr_len, LTE_FFT_INVERSE, &p->ifft_l)) < 0 ||
        (rc = make_fft(in->n_zc, LTE_FFT_FORWARD, &p->fft_zc)) < 0)
        goto fail;
    rc = prepare_roots(p);
    if (rc < 0)
        goto fail;
    /* every (antenna, sequence period) adds one unit exponential per bin to
     * T_0, three (one per bin shift, root_pdp) to the sum of restricted
     * sets; the noise power is estimated from the N_ZC bins of each row.
     * With two statistics each gets half of p_fa (union bound). */
    int rows = cfg->n_rx * in->n_rep;
    double q = p->cfg.p_fa / in->n_bins / p->n_stat;
    for (int i = 0; i < p->n_stat; i++) {
        int exps = rows * (i ? p->n_alias : 1);
        p->st[i].eta = solve_threshold(exps, rows * in->n_zc, q);
        p->st[i].lead = solve_threshold(exps, rows * in->n_zc, q * LEAD_PFA_FACTOR);
    }
    in->threshold = p->st[0].eta;
    in->threshold_sum = p->n_stat > 1 ? p->st[1].eta : 0;
    *out = p;
    return 0;
fail:
    lte_prach_destroy(p);
    return rc;
}

void lte_prach_destroy(lte_prach *p)
{
    if (!p)
        return;
    lte_fft_destroy(p->fft_u);
    lte_fft_destroy(p->ifft_u);
    lte_fft_destroy(p->ifft_l);
    lte_fft_destroy(p->fft_zc);
    lte_free(p->xroot);
    lte_free(p->owner);
    lte_free(p->buf);
    lte_free(p->y);
    lte_free(p->z);
    for (int i = 0; i < 2; i++) {
        lte_free(p->st[i].pdp);
        lte_free(p->st[i].pdp_h);
    }
    lte_free(p->zh);
    lte_free(p->win);
    free(p);
}

int lte_prach_get_info(const lte_prach *p, lte_prach_info *info)
{
    LTE_CHECK_ARG(p != NULL && info != NULL, "NULL argument");
    *info = p->info;
    return 0;
}

int lte_prach_preamble_params(const lte_prach *p, int preamble, int *u, int *cv)
{
    LTE_CHECK_ARG(p != NULL, "p is NULL");
    LTE_CHECK_ARG(preamble >= 0 && preamble < LTE_PRACH_NPREAMBLES,
                  "preamble = %d: must be 0..63", preamble);
    if (u)
        *u = p->root_u[p->pre_root[preamble]];
    if (cv)
        *cv = p->pre_cv[preamble];
    return 0;
}

int lte_prach_preamble_seq(const lte_prach *p, int preamble, float complex *x)
{
    int u, cv;
    int rc = lte_prach_preamble_params(p, preamble, &u, &cv);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(x != NULL, "x is NULL");
    int nzc = p->info.n_zc;
    for (int n = 0; n < nzc; n++) { /* x_{u,v}(n) = x_u((n + C_v) mod N_ZC) */
        int64_t m = (n + cv) % nzc;
        int64_t t = ((int64_t)u * ((m * (m + 1) / 2) % nzc)) % nzc;
        x[n] = (float complex)cexp(-I * 2.0 * M_PI * (double)t / nzc);
    }
    return 0;
}

int lte_prach_generate(lte_prach *p, int preamble, float beta, float complex *out)
{
    int u, cv;
    int rc = lte_prach_preamble_params(p, preamble, &u, &cv);
    if (rc < 0)
        return rc;
    LTE_CHECK_ARG(out != NULL, "out is NULL");
    LTE_CHECK_ARG(isfinite(beta), "beta is not finite");
    const lte_prach_info *in = &p->info;
    int nzc = in->n_zc, nu = in->period_len;
    /* X(k) of §5.7.3: the DFT of x_{u,v} (= X_u(k) e^{j 2 pi C_v k / N_ZC}) */
    float complex *x = p->buf; /* aligned scratch of N_u >= N_ZC */
    lte_prach_preamble_seq(p, preamble, x);
    rc = lte_fft_execute(p->fft_zc, x, p->z); /* z holds L >= 2 N_ZC */
    if (rc < 0)
        return rc;
    memset(x, 0, sizeof(float complex) * (size_t)nu);
    for (int k = 0; k < nzc; k++) {
        int b = ((p->k_bin0 + k) % nu + nu) % nu;
        x[b] = p->z[k];
    }
    rc = lte_fft_execute(p->ifft_u, x, x);
    if (rc < 0)
        return rc;
    /* unit mean power: sum |s|^2 over N_u = N_u N_ZC^2 before scaling */
    float g = beta / (float)nzc;
    float complex *seq = out + in->cp_len;
    for (int r = 0; r < in->n_rep; r++)
        for (int i = 0; i < nu; i++)
            seq[r * nu + i] = g * x[i];
    for (int i = 0; i < in->cp_len; i++) /* CP: the end of the sequence */
        out[i] = seq[in->n_rep * nu - in->cp_len + i];
    return 0;
}

/* Y(k) of each sequence period, one row of N_ZC bins per period. The
 * periods of formats 2 and 3 are kept apart (combined in power, like
 * antennas): a frequency offset turns the phase between them (270 Hz over
 * 0.8 ms: 78 degrees, which a coherent sum turns into a 2.2 dB loss; the
 * 36.104 ETU70 rows then missed 1.7-2.2 % of the preambles). */
static int extract_bins(lte_prach *p, const float complex *rx, float complex *y)
{
    const lte_prach_info *in = &p->info;
    int nu = in->period_len, nzc = in->n_zc;
    for (int r = 0; r < in->n_rep; r++) {
        memcpy(p->buf, rx + in->cp_len + r * nu, sizeof(float complex) * (size_t)nu);
        int rc = lte_fft_execute(p->fft_u, p->buf, p->buf);
        if (rc < 0)
            return rc;
        float complex *yr = y + (size_t)r * (size_t)Y_STRIDE(nzc) + 1;
        for (int k = -1; k <= nzc; k++) /* the band and one guard bin each side */
            yr[k] = p->buf[((p->k_bin0 + k) % nu + nu) % nu];
    }
    return 0;
}

/* Delay in ZC samples of preamble pre for a peak at grid position pos. */
static double peak_delay(const lte_prach *p, int pre, double pos)
{
    int nzc = p->info.n_zc;
    double q = fmod(pos * nzc / p->info.corr_len + p->pre_cv[pre] + WIN_EARLY, nzc);
    if (q < 0)
        q += nzc;
    return q - WIN_EARLY;
}

/* The grid point whose delay reports preamble pre: the earliest local
 * maximum of T in its window that is within FIRST_PATH_DB of the window's
 * largest T (peak at m_peak) and above st->lead, a threshold LEAD_PFA_FACTOR
 * times less likely to be crossed by noise than eta (with eta itself, a
 * noise bin before a weak AWGN peak was picked in ~3e-4 of the attempts at
 * the 36.104 SNR). In multipath the largest T can sit on a late,
 * weaker-on-average path (ETU: -7 dB at 5 us) that faded up; the leading
 * edge is the propagation delay the timing advance must correct. With one
 * path it is the peak itself (the rectangular window's sidelobes are
 * -13 dB). */
static int first_path(const lte_prach *p, const prach_stat *st, int pre, int r, int m_peak)
{
    int L = p->info.corr_len;
    const int16_t *own = p->owner + (size_t)r * (size_t)L;
    const float *P = st->pdp;
    double cut = fmax(st->lead, P[m_peak] * pow(10, -FIRST_PATH_DB / 10));
    int best = m_peak;
    double best_d = peak_delay(p, pre, m_peak);
    for (int m = 0; m < L; m++) {
        if (own[m] != pre || P[m] < cut || P[m] < P[(m + L - 1) % L] || P[m] < P[(m + 1) % L])
            continue;
        double dz = peak_delay(p, pre, m);
        if (dz < best_d) {
            best_d = dz;
            best = m;
        }
    }
    return best;
}

static void report(const lte_prach *p, const float *P, int pre, int m, lte_prach_det *d)
{
    int L = p->info.corr_len;
    double a = P[(m + L - 1) % L], b = P[m], c = P[(m + 1) % L];
    double den = a - 2 * b + c, off = den < 0 ? 0.5 * (a - c) / den : 0;
    if (off > 0.5 || off < -0.5)
        off = 0;
    double dz = peak_delay(p, pre, m + off);
    double period_ts = p->cfg.format == 4 ? 4096.0 : 24576.0; /* 1/Delta f_RA in T_s */
    d->preamble = pre;
    d->delay_ts = dz * period_ts / p->info.n_zc;
    d->delay_s = d->delay_ts / 30.72e6;
    long ta = lround(d->delay_ts / 16);
    d->ta = (int)(ta < 0 ? 0 : ta > TA_MAX ? TA_MAX : ta);
    d->peak = b;
}

/* pdp[m] += scale |z[m]|^2 (the square in float, the scaling in double,
 * as the detector has always rounded it); restrict lets the compiler keep
 * several m in flight. */
static void add_power(float *restrict pdp, const float complex *restrict z, int n, double scale)
{
    const float *zf = (const float *)z;
    for (int m = 0; m < n; m++) {
        float re = zf[2 * m], im = zf[2 * m + 1];
        pdp[m] += (float)(scale * (re * re + im * im));
    }
}

/* Bin shifts l combined per row: 0 alone, or 0, -1, +1 for restricted sets.
 * A frequency offset of l Delta f_RA moves the preamble's spectrum by l
 * bins: Y(k) = H X_{u,v}(k - l) e^{-j 2 pi (k - l) tau Delta f_RA}. The DFT
 * of a ZC sequence is a ZC sequence of root 1/u, so X_u(k - l) X_u*(k) is a
 * linear phase whose slope is l/u (mod N_ZC) samples of delay: correlating
 * Y(k) itself with X_u*(k) puts that part at C_v + d_u or C_v - d_u (d_u =
 * +-1/u; the Doppler alias the restricted set keeps clear of every other
 * preamble's zone, §5.7.2). Correlating Y(k + l) instead puts it back at
 * C_v + tau on the same delay grid as the l = 0 part, so the parts' powers
 * add bin by bin: the alias windows, exactly aligned, with the band-edge
 * bin that the shift moves out of the band read from outside it. For noise
 * the three correlations are uncorrelated: the ZC spectrum's periodic
 * autocorrelation vanishes at lags +-1 (up to that one edge bin). A
 * fractional offset (625 Hz: half a bin) splits the power between l = 0 and
 * l = 1 (41 % each, sinc^2); 1340 Hz puts 98 % of it at l = 1. */
static const int alias_shift[3] = {0, -1, 1};

/* PDPs of root r, normalised so that noise alone gives unit exponentials:
 * T_0(m) = sum over the n_rx n_rep rows of the bin-shift-0 correlation
 * (Gamma(n_rx n_rep, 1)), and for restricted sets T_0 plus the +-1
 * shifts (Gamma(3 n_rx n_rep, 1)). Rectangular spectrum (hamming = 0) or
 * Hamming-windowed (the sidelobe check). */
static int root_pdp(lte_prach *p, int r, double noise, int hamming)
{
    int nzc = p->info.n_zc, L = p->info.corr_len;
    const float complex *xr = p->xroot + (size_t)r * (size_t)nzc;
    float complex *z = hamming ? p->zh : p->z;
    double scale = 1.0 / (noise * (hamming ? p->wnorm : nzc));
    for (int i = 0; i < p->n_stat; i++)
        memset(hamming ? p->st[i].pdp_h : p->st[i].pdp, 0, sizeof(float) * (size_t)L);
    for (int a = 0; a < p->cfg.n_rx * p->info.n_rep; a++) {
        for (int s = 0; s < p->n_alias; s++) {
            const float complex *y = p->y + (size_t)a * (size_t)Y_STRIDE(nzc) + 1 + alias_shift[s];
            if (hamming) {
                for (int k = 0; k < nzc; k++) {
                    float complex c = y[k] * xr[k];
                    z[k] = c * p->win[k];
                }
            } else {
                for (int k = 0; k < nzc; k++)
                    z[k] = y[k] * xr[k];
            }
            memset(z + nzc, 0, sizeof(float complex) * (size_t)(L - nzc));
            int rc = lte_fft_execute(p->ifft_l, z, z);
            if (rc < 0)
                return rc;
            prach_stat *st = &p->st[s ? 1 : 0];
            add_power(hamming ? st->pdp_h : st->pdp, z, L, scale);
        }
    }
    if (p->n_stat > 1) { /* the sum so far holds the +-1 shifts only */
        prach_stat *s0 = &p->st[0], *s1 = &p->st[1];
        float *d = hamming ? s1->pdp_h : s1->pdp;
        const float *t0 = hamming ? s0->pdp_h : s0->pdp;
        for (int m = 0; m < L; m++)
            d[m] += t0[m];
    }
    return 0;
}

/* A window's maximum at m that is only the skirt of a much stronger peak
 * just across the window edge: the rectangular delay response falls to
 * -13 dB at 1.5 ZC samples and -17.8 dB at 2.5, so with several antennas or
 * periods (T grows with their number, eta much less) a strong preamble
 * lights up the early end of the next preamble's window above eta (seen:
 * T = 27.7 against eta = 18.9, format 2, noiseless). Rejected when some
 * grid point within 3 ZC samples is 8 dB stronger. Two real preambles that
 * close and that unequal are not told apart (near-far), as with any
 * correlator of this resolution. */
static int skirt_of_stronger(const lte_prach *p, const float *P, int m)
{
    int L = p->info.corr_len, d = (3 * L + p->info.n_zc - 1) / p->info.n_zc;
    for (int k = -d; k <= d; k++)
        if (P[(m + k + L) % L] > 6.3f * P[m])
            return 1;
    return 0;
}

/* The sidelobe check: T_H somewhere within +-2 bins of m exceeds eta / 4. */
static int hamming_confirms(const lte_prach *p, const prach_stat *st, int m)
{
    int L = p->info.corr_len;
    for (int d = -2; d <= 2; d++)
        if (st->pdp_h[(m + d + L) % L] > 0.25 * st->eta)
            return 1;
    return 0;
}

int lte_prach_detect(lte_prach *p, const float complex *const *rx, int len,
                     lte_prach_det *det, int max_det, int *n_det)
{
    LTE_CHECK_ARG(p != NULL && rx != NULL && n_det != NULL, "NULL argument");
    LTE_CHECK_ARG(len >= p->info.len, "len = %d: one preamble needs %d samples", len,
                  p->info.len);
    LTE_CHECK_ARG(max_det >= 0 && (max_det == 0 || det != NULL), "max_det = %d, det = %p",
                  max_det, (void *)det);
    int nzc = p->info.n_zc, L = p->info.corr_len;
    double noise = 0;
    const int rows = p->cfg.n_rx * p->info.n_rep;
    for (int a = 0; a < p->cfg.n_rx; a++) {
        LTE_CHECK_ARG(rx[a] != NULL, "rx[%d] is NULL", a);
        float complex *y = p->y + (size_t)a * (size_t)p->info.n_rep * (size_t)Y_STRIDE(nzc);
        int rc = extract_bins(p, rx[a], y);
        if (rc < 0)
            return rc;
        for (int r = 0; r < p->info.n_rep; r++) {
            const float complex *yr = y + (size_t)r * (size_t)Y_STRIDE(nzc) + 1;
            for (int k = 0; k < nzc; k++)
                noise += (double)crealf(yr[k]) * crealf(yr[k]) +
                         (double)cimagf(yr[k]) * cimagf(yr[k]);
        }
    }
    noise /= (double)rows * nzc;
    *n_det = 0;
    if (!(noise > 0) || !isfinite(noise))
        return 0; /* silence (or garbage): nothing to detect */
    int found = 0;
    for (int r = 0; r < p->info.n_roots; r++) {
        int rc = root_pdp(p, r, noise, 0);
        if (rc < 0)
            return rc;
        int first = p->root_first[r], cnt = p->root_count[r];
        const int16_t *own = p->owner + (size_t)r * (size_t)L;
        for (int i = 0; i < p->n_stat; i++) {
            prach_stat *st = &p->st[i];
            for (int j = 0; j < cnt; j++) {
                st->best[first + j] = -1;
                st->best_m[first + j] = 0;
            }
            for (int m = 0; m < L; m++) {
                int o = own[m];
                if (o >= 0 && st->pdp[m] > st->best[o]) {
                    st->best[o] = st->pdp[m];
                    st->best_m[o] = m;
                }
            }
        }
        int have_h = 0;
        for (int j = 0; j < cnt; j++) {
            int pre = first + j;
            /* restricted sets: the statistic further above its threshold
             * first, the other if the first fails a check */
            int order[2] = {0, 1};
            if (p->n_stat > 1 && p->st[1].best[pre] / p->st[1].eta >
                                     p->st[0].best[pre] / p->st[0].eta) {
                order[0] = 1;
                order[1] = 0;
            }
            for (int i = 0; i < p->n_stat; i++) {
                const prach_stat *st = &p->st[order[i]];
                int m = st->best_m[pre];
                if (st->best[pre] <= st->eta)
                    continue;
                if (!have_h) {
                    if ((rc = root_pdp(p, r, noise, 1)) < 0)
                        return rc;
                    have_h = 1;
                }
                if (!hamming_confirms(p, st, m) || skirt_of_stronger(p, st->pdp, m))
                    continue;
                if (found < max_det) {
                    report(p, st->pdp, pre, first_path(p, st, pre, r, m), &det[found]);
                    det[found].peak = st->best[pre];
                }
                found++;
                break;
            }
        }
    }
    *n_det = found;
    return 0;
}
