#!/bin/sh
# `make demo`: the main job on built-in defaults. Today that is the channel-
# coding chain: a turbo-code error-rate curve, then one golden DL-SCH case
# generated and checked stage by stage.
set -e
bin=$1
out=${TMPDIR:-/tmp}/ltephy-demo.$$
trap 'rm -rf "$out"' EXIT
mkdir -p "$out"

"$bin" version
echo
echo "== Turbo code, K=6144, rate 1/3, BPSK over AWGN, max-log-MAP (scaling 0.75), 8 iterations"
echo "   ltephy sim --mode coding --alg maxlog --scale 0.75 --ebn0 0:0.25:1 --blocks 200 --min-errors 40"
"$bin" sim --mode coding --alg maxlog --scale 0.75 --k 6144 --iter 8 --ebn0 0:0.25:1 \
    --blocks 200 --min-errors 40 --seed 1
echo
echo "== Golden vectors: DL-SCH, 25 PRB, 64QAM, rv 2 (every stage, then checked against itself)"
"$bin" vectors gen --case dlsch_25prb_64qam_rv2 --out "$out"
"$bin" vectors check --golden "$out/dlsch_25prb_64qam_rv2" --dut "$out/dlsch_25prb_64qam_rv2" | tail -4
echo
echo "More: 'ltephy --help', 'ltephy bench --path all', 'ltephy vectors list'."
