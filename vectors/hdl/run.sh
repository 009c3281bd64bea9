#!/bin/sh
# `make hdl-test`: check the crc24a RTL against every checked-in golden case,
# then prove the testbench notices a corrupted golden file.
# SPDX-License-Identifier: BSD-3-Clause
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-/tmp}/ltephy-hdl.$$
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
iverilog -g2005 -o "$out/tb" "$here/tb_crc24a.v" "$here/crc24a.v"
n=0
for m in "$here"/../*/manifest.json; do
    dir=$(dirname "$m")
    # only cases that carry a transport block and its CRC (stages tb, tb_crc)
    grep -q '"stage": "tb_crc",' "$m" || continue
    # count of the tb stage, from its manifest entry
    nbits=$(grep '"stage": "tb",' "$m" | sed 's/.*"count": \([0-9]*\).*/\1/')
    vvp -n "$out/tb" +TB="$dir/01_tb.hex" +TBCRC="$dir/02_tb_crc.hex" +NBITS="$nbits" | grep -E 'PASS|FAIL'
    n=$((n + 1))
done
[ "$n" -gt 0 ]
# negative control: flip one parity bit in a copy of a golden file
case_dir=$(dirname "$(grep -l '"stage": "tb_crc",' "$here"/../*/manifest.json | head -1)")
nbits=$(grep '"stage": "tb",' "$case_dir/manifest.json" | sed 's/.*"count": \([0-9]*\).*/\1/')
cp "$case_dir/02_tb_crc.hex" "$out/bad.hex"
last=$(tail -n 1 "$out/bad.hex")
# the stream's last bit (parity bit p23) sits at bit 31 - ((nbits+23) mod 32) of the last word
flipped=$(printf '%08x' $(( 0x$last ^ (1 << (31 - (nbits + 23) % 32)) )))
sed -i '$s/.*/'"$flipped"'/' "$out/bad.hex"
if vvp -n "$out/tb" +TB="$case_dir/01_tb.hex" +TBCRC="$out/bad.hex" +NBITS="$nbits" >"$out/neg.log" 2>&1 \
   && ! grep -q FAIL "$out/neg.log"; then
    echo "FAIL the testbench accepted a corrupted golden file"
    exit 1
fi
echo "PASS corrupted golden file rejected: $(grep FAIL "$out/neg.log" | head -1)"
echo "hdl-test: $n cases"
