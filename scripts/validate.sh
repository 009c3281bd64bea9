#!/bin/sh
# Validation of the link-level simulator against the performance
# requirements of TS 36.104 §8.2 (PUSCH) and TS 36.101 §8.2.1 (PDSCH):
# for each case, the SNR at which ltephy reaches the required fraction of
# the maximum throughput, against the SNR the specification requires.
#
#   scripts/validate.sh [BUILD]        (default build/; run from the project root)
#
# Writes docs/validation.md and the table between the validation markers of
# README.md. Per case and channel knowledge (estimated, perfect): a coarse
# sweep (1 dB steps, N1 transport blocks per point), then the 1 dB bracket
# where the throughput first reaches the target, widened by 0.5 dB on each
# side, again in 0.25 dB steps (N2 per point; extended by 1 dB where the
# refined sweep starts above the target or never reaches it), and linear
# interpolation between the last point below and the first at or above the
# target. Environment: VALIDATE_N1 (default 200),
# VALIDATE_N2 (default 400), VALIDATE_THREADS (default: all), VALIDATE_SEED
# (default 1), VALIDATE_CASES (substring filter on the case ids).
set -e
build=${1:-build}
bin=$build/ltephy
n1=${VALIDATE_N1:-200}
n2=${VALIDATE_N2:-400}
seed=${VALIDATE_SEED:-1}
threads=${VALIDATE_THREADS:+--threads $VALIDATE_THREADS}
filter=${VALIDATE_CASES:-}
[ -x "$bin" ] || { echo "validate.sh: $bin not found (make first)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)

# id | ltephy options | target % | required SNR (dB, or -) | source | coarse sweep
cases=$(cat <<'EOF'
pusch-a3-2-30|--link pusch --rmc A3-2 --rx 2 --channel epa5 --corr low --frame-stride 20|30|-4.1|TS 36.104 §8.2.1.1, Table 8.2.1.1-1 (Table 8.2.1-1 before Rel-12): 1.4 MHz, 1 TX, 2 RX, normal CP, EPA 5 Hz low; FRC A3-2 (Table A.3-1: 6 RB QPSK 1/3, 600 bits)|-10:1:0
pusch-a3-2-70|--link pusch --rmc A3-2 --rx 2 --channel epa5 --corr low --frame-stride 20|70|0.1|the same table and row, 70 %|-5:1:5
pusch-a4-3-70|--link pusch --rmc A4-3 --rx 2 --channel epa5 --corr low --frame-stride 20|70|10.6|the same table, FRC A4-3 (Table A.4-1: 6 RB 16QAM 3/4, 2600 bits)|5:1:16
pusch-a5-2-70|--link pusch --rmc A5-2 --rx 2 --channel epa5 --corr low --frame-stride 20|70|17.7|the same table, FRC A5-2 (Table A.5-1: 6 RB 64QAM 5/6, 4392 bits)|12:1:23
pdsch-r2-tm1-eva5|--link pdsch --rmc R.2 --rx 2 --channel eva5 --corr low --frame-stride 20 --chest-freq wiener --chest-time average|70|-1.0*|TS 36.101 §8.2.1.1.1, Table 8.2.1.1.1-2, test 1: 10 MHz, R.2 FDD (Table A.3.3.1-1: 50 RB QPSK 1/3, 4392 bits, no PDSCH in subframe 5), EVA5, 1x2 low, rv 0,1,2,3 (Table 8.2.1-1)|-6:1:4
pdsch-r10-tm2-eva5|--link pdsch --rmc R.10 --rx 2 --channel eva5 --corr medium --frame-stride 20 --chest-freq wiener --chest-time average|70|-|informative: TM2 (SFBC) 2x2 medium correlation, EVA5, R.10 FDD (36.101 Table A.3.3.2.1-1: R.2's payload on 2 CRS ports); no requirement row for it was available to check (36.101 §8.2.1.2)|-6:1:4
pdsch-r2-tm3-eva70|--link pdsch --rmc R.2 --tm 3 --ports 2 --layers 2 --rx 2 --channel eva70 --corr low --frame-stride 2 --chest-freq wiener|70|-|informative: TM3 (large-delay CDD, rank 2, two codewords of R.2's payload) 2x2 low correlation, EVA70; 36.101 §8.2.1.3 tests TM3 with R.11/R.35|-2:1:10
EOF
)

# throughput column of a CSV -> "snr pct" lines
points() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "snr_db") s = i; if ($i == "throughput_pct") t = i }; next }
             { print $s, $t }' "$1"
}

# first crossing of the target: "lo hi" (the points around it), or "below" / "above"
bracket() {
    awk -v t="$2" 'BEGIN { prev = "" }
        { if ($2 + 0 >= t) { if (prev == "") { print "above"; done = 1; exit } print prev, $1; done = 1; exit } prev = $1 }
        END { if (!done) print "below" }' "$1"
}

# linear interpolation of the SNR at the target between the last point
# below it and the first point at or above it
interp() {
    awk -v t="$2" '{ if ($2 + 0 >= t) { if (ps == "") { printf "<=%.2f\n", $1; done = 1; exit }
                       printf "%.2f\n", ps + (t - pp) * ($1 - ps) / ($2 - pp); done = 1; exit }
                     ps = $1; pp = $2 }
                   END { if (!done) printf ">%.2f\n", ps }' "$1"
}

# measure ID OPTIONS TARGET CHEST COARSE -> prints the SNR (or a bound)
measure() {
    id=$1 opts=$2 target=$3 chest=$4 coarse=$5
    # shellcheck disable=SC2086
    "$bin" sim --mode link $opts --chest "$chest" --snr "$coarse" --subframes "$n1" \
        --seed "$seed" $threads --csv "$tmp/$id.$chest.1.csv" >"$tmp/$id.$chest.1.log"
    points "$tmp/$id.$chest.1.csv" >"$tmp/$id.$chest.1.pts"
    b=$(bracket "$tmp/$id.$chest.1.pts" "$target")
    case "$b" in
    above | below) interp "$tmp/$id.$chest.1.pts" "$target"; return ;;
    esac
    set -- $b
    lo=$(awk -v x="$1" 'BEGIN { printf "%.2f", x - 0.5 }')
    hi=$(awk -v x="$2" 'BEGIN { printf "%.2f", x + 0.5 }')
    # With HARQ the throughput has shoulders (near 1/2, 1/3, 1/4 of the
    # maximum) where it is flat and the crossing moves with the sample: if
    # the refined sweep starts above the target (or never reaches it), it
    # is extended by 1 dB on that side, up to 3 times.
    tries=0
    while :; do
        # shellcheck disable=SC2086
        "$bin" sim --mode link $opts --chest "$chest" --snr "$lo:0.25:$hi" --subframes "$n2" \
            --seed "$seed" $threads --csv "$tmp/$id.$chest.2.csv" >"$tmp/$id.$chest.2.log"
        points "$tmp/$id.$chest.2.csv" >"$tmp/$id.$chest.2.pts"
        r=$(interp "$tmp/$id.$chest.2.pts" "$target")
        tries=$((tries + 1))
        case "$r" in
        "<="*) [ $tries -le 3 ] || break; lo=$(awk -v x="$lo" 'BEGIN { printf "%.2f", x - 1 }') ;;
        ">"*) [ $tries -le 3 ] || break; hi=$(awk -v x="$hi" 'BEGIN { printf "%.2f", x + 1 }') ;;
        *) break ;;
        esac
    done
    case "$r" in
    "<="* | ">"*) echo "$r (refined $lo..$hi)" ;;
    *) echo "$r" ;;
    esac
}

rows=$tmp/rows.md
: >"$rows"
echo "$cases" | while IFS='|' read -r id opts target req source coarse; do
    case "$id" in *"$filter"*) ;; *) continue ;; esac
    t0=$(date +%s)
    est=$(measure "$id" "$opts" "$target" estimated "$coarse")
    perf=$(measure "$id" "$opts" "$target" perfect "$coarse")
    margin="–"
    reqshow=$req
    case "$req" in
    -) reqshow="–" ;;
    *) r=${req%\*}
       case "$est" in
       [0-9-]*) margin=$(awk -v r="$r" -v s="$est" 'BEGIN { printf "%+.1f dB", r - s }') ;;
       esac
       [ "$r" != "$req" ] && reqshow="$r dB (unverified)" || reqshow="$r dB" ;;
    esac
    echo "| $id | $source | $target % | $reqshow | $est dB | $perf dB | $margin | $n1 / $n2 | \`ltephy sim --mode link $opts --chest estimated --snr S --subframes N --seed $seed\` |" >>"$rows"
    echo "validate.sh: $id: estimated $est dB, perfect $perf dB (required $req), $(( $(date +%s) - t0 )) s" >&2
done
elapsed=$(( $(date +%s) - start ))

table=$tmp/table.md
{
    echo "| case | source | throughput | required SNR | ltephy SNR (estimated channel) | ltephy SNR (perfect channel) | margin | transport blocks per point (coarse / refined) | command |"
    echo "|---|---|---|---|---|---|---|---|---|"
    cat "$rows"
} >"$table"

{
    echo "# Validation against the 3GPP performance requirements"
    echo
    echo "Generated by \`scripts/validate.sh\` ($(date -u +%Y-%m-%d), seed $seed, $elapsed s on $(nproc) CPU(s) shared with other work)."
    echo "Do not edit by hand: run the script again."
    echo
    echo "For each case: the SNR (Es/N0 per resource element at each receive antenna, the definition of"
    echo "36.101 §8 and 36.104 §8, see docs/sim.md) at which ltephy's throughput first reaches the stated"
    echo "fraction of the maximum throughput, with the realistic receiver (estimated channel) and with"
    echo "perfect channel knowledge; margin = required SNR − ltephy's SNR with the estimated channel"
    echo "(positive: the requirement is met with that much to spare). Method: a sweep in 1 dB steps, then"
    echo "the 1 dB bracket of the first crossing, widened by 0.5 dB on each side, in 0.25 dB steps; linear"
    echo "interpolation between the two refined points around the target. HARQ: up to 4 transmissions; rv 0,2,3,1 for the PUSCH (36.104 Table"
    echo "8.2.1-1), 0,1,2,3 for QPSK/16QAM PDSCH reference channels (36.101 Table 8.2.1-1)."
    echo "Time line: \`--frame-stride 20\` for the 5 Hz channels (2 for 70 Hz): the frames carrying"
    echo "consecutive transport blocks are 200 ms apart, so the N blocks of a point see many independent"
    echo "fades (a contiguous time line of 400 subframes covers only two Doppler periods at 5 Hz, and its"
    echo "throughput varies by several percent from seed to seed); HARQ retransmissions keep their 8 ms."
    echo "With N transport blocks per point the throughput fraction has a standard error of roughly"
    echo "sqrt(p(1-p)/N) (2.3 % at 70 %, N = 400), which near a slope of 10-20 %/dB is 0.1-0.2 dB."
    echo
    cat "$table"
    echo
    echo "Notes"
    echo
    echo "- PUSCH requirement values and FRC payloads: read from the 36.104 tables (Table 8.2.1.1-1 of"
    echo "  Rel-18; the A3-2 and A4-3 payloads also appear as A1-1 and A7-2, 600 and 2600 bits). The A5-2"
    echo "  payload (4392 bits, I_TBS 26 on 6 RB) comes from include/ltephy/ul_frc.h, which marks the"
    echo "  A.3-A.5 rows as recalled rather than checked against a copy of the table."
    echo "- (unverified): no copy of 36.101 Table 8.2.1.1.1-2 was available when this was written; the"
    echo "  required SNR is the value recalled for that row and must be checked against the spec."
    echo "- Not modelled: the OCNG of 36.101 (R.2 allocates every PRB, so it has no place to go), PDCCH"
    echo "  decoding (the allocation is known), UE categories' soft-buffer limits, and the PMI feedback"
    echo "  and rank adaptation of closed-loop tests."
    echo "- The PUSCH receiver is pusch.h's (DMRS least squares, 7-subcarrier moving average, linear"
    echo "  interpolation between the two DMRS symbols); the PDSCH receiver uses chest.h's CRS estimator"
    echo "  with Wiener interpolation in frequency and, for the 5 Hz channels, the average over the"
    echo "  subframe in time (linear in time for EVA70). With chest.h's default linear/linear"
    echo "  interpolation, which does not average the noisy pilots, the R.2 TM1 case needs -0.38 dB"
    echo "  (3.3 dB more than with perfect knowledge, failing the recalled -1.0 dB by 0.6 dB; run of"
    echo "  2026-11-29). The gap between the two SNR columns is the channel-estimation loss."
} >"$tmp/validation.md"
mv "$tmp/validation.md" docs/validation.md

# README: the table between the markers
if grep -q '<!-- validation:begin -->' README.md; then
    awk -v tf="$table" '
        /<!-- validation:begin -->/ { print; print ""; while ((getline l < tf) > 0) print l; print ""; skip = 1; next }
        /<!-- validation:end -->/ { skip = 0 }
        !skip { print }' README.md >"$tmp/README.md"
    cat "$tmp/README.md" >README.md
fi
echo "validate.sh: wrote docs/validation.md and the README table ($elapsed s)" >&2
