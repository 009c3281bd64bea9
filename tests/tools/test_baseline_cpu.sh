#!/bin/sh
# One binary runs on any x86-64: under qemu-user emulating a CPU without AVX
# (Nehalem), the command selects the scalar path, refuses a forced AVX2 path,
# and kernel and chain tests pass on the scalar path. Skipped, saying so,
# without qemu-user (make deps installs it).
build=${LTEPHY_BUILD:-build}
if ! command -v qemu-x86_64 >/dev/null 2>&1; then
    echo "skipped: qemu-x86_64 (Debian qemu-user) is not installed"
    exit 0
fi
if [ "${LTEPHY_SAN:-0}" = 1 ]; then
    echo "skipped: sanitizer builds do not run under qemu-user"
    exit 0
fi
set -e
q="qemu-x86_64 -cpu Nehalem"
out=$($q "$build/ltephy" version)
echo "$out"
echo "$out" | grep -q 'simd: scalar (available: scalar)'
if LTEPHY_SIMD=avx2 $q "$build/ltephy" version >/dev/null 2>&1; then
    echo "FAIL: LTEPHY_SIMD=avx2 was accepted on a CPU without AVX2"
    exit 1
fi
for t in kernels/test_crc kernels/test_turbo_fx phy/test_sch; do
    $q "$build/tests/$t" >/dev/null
    echo "PASS $t on an emulated CPU without AVX"
done
