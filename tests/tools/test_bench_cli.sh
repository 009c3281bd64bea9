#!/bin/sh
# `ltephy bench`: the statistic it reports (median by default, --stat min),
# the JSON lines, and clear errors for bad options (exit 2, the option named).
build=${LTEPHY_BUILD:-build}
bin="$build/ltephy"
fail() { echo "FAIL: $*"; exit 1; }
out=$("$bin" bench crc_bytes --quick) || fail "bench crc_bytes --quick exited $?"
# the machine first (CPU, family/model, SIMD paths with the default, FFTW, compiler)
echo "$out" | head -1 | grep -q '^# machine: .*(family [0-9-]* model [0-9-]*).*SIMD paths scalar.*(default [a-z0-9]*).*fftw-.*ltephy ' ||
    fail "no machine line first: $out"
echo "$out" | sed -n 2p | grep -q ' median ' || fail "no median column: $out"
echo "$out" | grep -q '^crc24a ' || fail "no crc24a line: $out"
out=$(LTEPHY_SIMD=scalar "$bin" bench crc_bytes --quick) || fail "LTEPHY_SIMD=scalar exited $?"
echo "$out" | head -1 | grep -q '(default scalar)' || fail "the forced default is not named: $out"
out=$("$bin" bench crc_bytes --quick --stat min) || fail "--stat min exited $?"
echo "$out" | sed -n 2p | grep -q ' min ' || fail "no min column: $out"
out=$("$bin" bench crc_bytes --quick --stat min --json) || fail "--json exited $?"
echo "$out" | head -1 | grep -q '^{"machine":{"cpu":".*","family":[0-9-]*,"model":[0-9-]*,"cpus":[0-9]*,"simd_paths":"scalar[a-z0-9 ]*","default_path":"[a-z0-9]*",.*"fftw":"fftw-.*"}}$' ||
    fail "no machine record first in the JSON: $out"
echo "$out" | sed -n 2p | grep -q '"stat":"min"' || fail "no stat in the JSON: $out"
err=$("$bin" bench crc --stat mean 2>&1) && fail "--stat mean accepted"
echo "$err" | grep -q -- "--stat" || fail "the error does not name --stat: $err"
err=$("$bin" bench crc --path neon 2>&1) && fail "--path neon accepted"
echo "$err" | grep -q -- "--path" || fail "the error does not name --path: $err"
"$bin" bench no_such_benchmark >/dev/null 2>&1 && fail "an unmatched filter exited 0"
# --wisdom FILE: written at the end (FFTW's wisdom text), read back next time;
# a FILE that is not wisdom is a clear error, exit 2
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
"$bin" bench crc_bytes --quick --wisdom "$tmp/w" >/dev/null || fail "--wisdom (new file) exited $?"
head -c 6 "$tmp/w" | grep -q '^(fftw-' || fail "--wisdom did not write FFTW wisdom: $(head -c 80 "$tmp/w")"
ls "$tmp" | grep -q tmp && fail "a temporary file was left: $(ls "$tmp")"
"$bin" bench crc_bytes --quick --wisdom "$tmp/w" >/dev/null || fail "--wisdom (existing file) exited $?"
echo "not wisdom" >"$tmp/bad"
err=$("$bin" bench crc_bytes --quick --wisdom "$tmp/bad" 2>&1)
[ $? -eq 2 ] || fail "a bad wisdom file did not exit 2: $err"
echo "$err" | grep -q -- "--wisdom" || fail "the error does not name --wisdom: $err"
echo "PASS bench machine line, statistic, JSON and option errors"
