#!/bin/sh
# Regenerate the fixed-point turbo decoder accuracy curves of the README:
# K = 6144, rate 1/3, BPSK over AWGN, FER of the float max-log-MAP decoder
# (extrinsic scale 0.75) and of the 16- and 8-bit models on the same frames,
# at 4, 6 and 8 iterations, CRC24B early stopping.
#   scripts/turbo_fx_curves.sh [FRAMES] [BUILD]     (default 1000 frames, build/)
# Writes docs/turbo_fx_fer.dat and docs/turbo_fx_fer.png (gnuplot).
set -e
frames=${1:-1000}
build=${2:-build}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if [ -n "$LTEPHY_CURVES_LOG" ]; then
    cp "$LTEPHY_CURVES_LOG" "$log"
else
    LTEPHY_TURBO_FX_CURVES=$frames "$build/tests/kernels/test_turbo_fx" >"$log" 2>&1
fi
dat=docs/turbo_fx_fer.dat
{
    echo "# Eb/N0(dB) float4 fx16_4 fx8_4 float6 fx16_6 fx8_6 float8 fx16_8 fx8_8 ($frames frames/point)"
    grep ' dB ' "$log" | sed 's/ dB//'
} >"$dat.tmp"
mv "$dat.tmp" "$dat"
gnuplot <<GP
set terminal pngcairo size 900,600 enhanced font "Sans,11"
set output "docs/turbo_fx_fer.png.tmp"
set logscale y
set format y "10^{%L}"
set yrange [1e-3:1]
set xlabel "E_b/N_0 (dB)"
set ylabel "FER"
set title "Turbo decoding, K = 6144, rate 1/3, BPSK/AWGN, max-log-MAP (scale 0.75)"
set grid
set key top right
plot "$dat" u 1:2 w lp lc 1 dt 1 pt 1 t "float, 4 it", \
     "" u 1:3 w lp lc 1 dt 2 pt 2 t "16-bit, 4 it", \
     "" u 1:4 w lp lc 1 dt 3 pt 4 t "8-bit, 4 it", \
     "" u 1:5 w lp lc 2 dt 1 pt 1 t "float, 6 it", \
     "" u 1:6 w lp lc 2 dt 2 pt 2 t "16-bit, 6 it", \
     "" u 1:7 w lp lc 2 dt 3 pt 4 t "8-bit, 6 it", \
     "" u 1:8 w lp lc 3 dt 1 pt 1 t "float, 8 it", \
     "" u 1:9 w lp lc 3 dt 2 pt 2 t "16-bit, 8 it", \
     "" u 1:10 w lp lc 3 dt 3 pt 4 t "8-bit, 8 it"
GP
mv docs/turbo_fx_fer.png.tmp docs/turbo_fx_fer.png
echo "wrote $dat and docs/turbo_fx_fer.png"
