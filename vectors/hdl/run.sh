#!/bin/sh
# `make hdl-test`: check the RTL examples against every checked-in golden
# case that carries their stage, then prove each testbench notices a
# corrupted golden file.
#   crc24a   (crc24a.v):   transport block -> CRC24A parity (stages tb, tb_crc)
#   gold_seq (gold_seq.v): c_init -> Gold sequence c(n) (stage scr_seq)
# SPDX-License-Identifier: BSD-3-Clause
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-/tmp}/ltephy-hdl.$$
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
iverilog -g2005 -o "$out/tb" "$here/tb_crc24a.v" "$here/crc24a.v"
iverilog -g2005 -o "$out/tbg" "$here/tb_gold_seq.v" "$here/gold_seq.v"

# count of a stage, from its manifest entry: count_of MANIFEST STAGE
count_of() {
    grep "\"stage\": \"$2\"," "$1" | head -1 | sed 's/.*"count": \([0-9]*\).*/\1/'
}
# file of a stage: file_of MANIFEST STAGE
file_of() {
    grep "\"stage\": \"$2\"," "$1" | head -1 | sed 's/.*"file": "\([^"]*\)".*/\1/'
}
# run a testbench; its verdict line on stdout; fails unless it passed
run_tb() {
    log="$out/run.log"
    if vvp -n "$@" >"$log" 2>&1 && grep -q '^PASS' "$log" && ! grep -q '^FAIL' "$log"; then
        grep -E '^PASS' "$log"
        return 0
    fi
    grep -E '^FAIL' "$log" || cat "$log"
    return 1
}

n=0
for m in "$here"/../*/manifest.json; do
    dir=$(dirname "$m")
    # only cases that carry a transport block and its CRC (stages tb, tb_crc)
    grep -q '"stage": "tb_crc",' "$m" || continue
    run_tb "$out/tb" +TB="$dir/01_tb.hex" +TBCRC="$dir/02_tb_crc.hex" +NBITS="$(count_of "$m" tb)"
    n=$((n + 1))
done
[ "$n" -gt 0 ]
g=0
for m in "$here"/../*/manifest.json; do
    dir=$(dirname "$m")
    grep -q '"stage": "scr_seq",' "$m" || continue
    cinit=$(grep '"c_init":' "$m" | sed 's/[^0-9]//g')
    run_tb "$out/tbg" +SEQ="$dir/$(file_of "$m" scr_seq)" +NBITS="$(count_of "$m" scr_seq)" +CINIT="$cinit"
    g=$((g + 1))
done
[ "$g" -gt 0 ]

# negative controls: one flipped bit in a copy of a golden file must fail
case_dir=$(dirname "$(grep -l '"stage": "tb_crc",' "$here"/../*/manifest.json | head -1)")
nbits=$(count_of "$case_dir/manifest.json" tb)
cp "$case_dir/02_tb_crc.hex" "$out/bad.hex"
last=$(tail -n 1 "$out/bad.hex")
# the stream's last bit (parity bit p23) sits at bit 31 - ((nbits+23) mod 32) of the last word
flipped=$(printf '%08x' $(( 0x$last ^ (1 << (31 - (nbits + 23) % 32)) )))
sed -i '$s/.*/'"$flipped"'/' "$out/bad.hex"
if run_tb "$out/tb" +TB="$case_dir/01_tb.hex" +TBCRC="$out/bad.hex" +NBITS="$nbits" >"$out/neg.log"; then
    echo "FAIL the crc24a testbench accepted a corrupted golden file"
    exit 1
fi
echo "PASS corrupted golden file rejected: $(head -1 "$out/neg.log")"

m=$(grep -l '"stage": "scr_seq",' "$here"/../*/manifest.json | head -1)
dir=$(dirname "$m")
cinit=$(grep '"c_init":' "$m" | sed 's/[^0-9]//g')
cp "$dir/$(file_of "$m" scr_seq)" "$out/badseq.hex"
# flip bit 5 of the sequence (bit 26 of the first word)
first=$(head -n 1 "$out/badseq.hex")
sed -i '1s/.*/'"$(printf '%08x' $(( 0x$first ^ (1 << 26) )))"'/' "$out/badseq.hex"
if run_tb "$out/tbg" +SEQ="$out/badseq.hex" +NBITS="$(count_of "$m" scr_seq)" +CINIT="$cinit" \
   >"$out/neg.log"; then
    echo "FAIL the gold_seq testbench accepted a corrupted golden file"
    exit 1
fi
echo "PASS corrupted golden file rejected: $(head -1 "$out/neg.log")"
echo "hdl-test: crc24a on $n cases, gold_seq on $g cases"
