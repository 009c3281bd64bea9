#!/bin/sh
# `mpirun -n 2 ltephy sim ...` (the MPI build, `make mpi`) writes the same
# CSV, byte for byte, as one ordinary process: PUSCH and PDSCH link mode
# (transport blocks split over the ranks, counters summed) and coding mode
# (blocks split, the stopping rule taken on the summed batch counters).
# Skips, saying so, when mpicc or mpirun is missing. Runs from the project
# root with LTEPHY_BUILD set (tests/run.sh); builds only cmd_sim.c again.
set -e
build=${LTEPHY_BUILD:-build}
if ! command -v mpicc >/dev/null 2>&1 || ! command -v mpirun >/dev/null 2>&1; then
    echo "SKIP: mpicc or mpirun not installed (MPI=1 make deps installs OpenMPI)"
    exit 0
fi
# (a make of its own, not a child of `make test`'s jobserver)
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s BUILD="$build" SAN="${LTEPHY_SAN:-0}" mpi >/dev/null
# OpenMPI refuses root unless told; sanitizer builds: OpenMPI's own leaks
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
[ "${LTEPHY_SAN:-0}" = 1 ] && export ASAN_OPTIONS=detect_leaks=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # name, then the arguments of ltephy
    name=$1
    shift
    "$build/ltephy" "$@" --threads 1 --csv "$tmp/$name.1.csv" >"$tmp/$name.1.out"
    timeout 120 mpirun -n 2 --oversubscribe "$build/mpi/ltephy" "$@" --threads 1 \
        --csv "$tmp/$name.2.csv" >"$tmp/$name.2.out" 2>"$tmp/$name.2.err" || {
        echo "FAIL $name: mpirun exited with an error"
        cat "$tmp/$name.2.err"
        fail=1
        return
    }
    if cmp -s "$tmp/$name.1.csv" "$tmp/$name.2.csv"; then
        echo "ok   $name: $(($(wc -l <"$tmp/$name.1.csv") - 1)) points identical with 2 ranks"
    else
        echo "FAIL $name: the CSVs differ"
        diff "$tmp/$name.1.csv" "$tmp/$name.2.csv" || true
        fail=1
    fi
    # one table on stdout (rank 0 only)
    n=$(grep -c '^# ltephy sim' "$tmp/$name.2.out" || true)
    [ "$n" = 1 ] || { echo "FAIL $name: $n table headers on stdout, expected 1"; fail=1; }
}
check pusch sim --mode link --link pusch --bw 1.4 --rx 2 --channel epa5 --chest estimated \
    --snr -4:3:2 --subframes 21 --seed 3
check pdsch sim --mode link --link pdsch --bw 1.4 --tm 2 --ports 2 --rx 2 --channel eva70 \
    --mcs 9 --snr 0:6:6 --subframes 13 --seed 4
# link adaptation: the outer loop's offset must not depend on how rounds
# are split between ranks
check la sim --mode link --link pdsch --bw 1.4 --tm 2 --ports 2 --rx 2 --channel epa5 \
    --chest estimated --cqi feedback --olla 1 --snr 0:8:8 --subframes 37 --seed 3
check coding sim --mode coding --k 40 --iter 4 --ebn0 -1:1:1 --blocks 80 --min-errors 10 --seed 9
exit $fail
