#!/bin/sh
# Check (and, as root, install) the Debian packages ltephy needs.
#   deps.sh check    install what is missing when root, else print the command and fail
#   deps.sh install  same
# MPI=1 adds OpenMPI (optional: `make mpi`; `make test` asks for it so that
# the MPI test runs, and goes on without it when it cannot be installed).
set -e
PKGS="gcc make pkgconf libfftw3-dev libliquid-dev libcmocka-dev gnuplot-nox iverilog qemu-user"
[ "${MPI:-0}" = 1 ] && PKGS="$PKGS libopenmpi-dev openmpi-bin"
missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "ltephy: installing missing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends $missing >/dev/null
    exit 0
fi
echo "ltephy: missing Debian packages:$missing" >&2
echo "run as root:  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
exit 1
