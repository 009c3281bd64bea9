#!/bin/sh
# The HDL example: crc24a RTL against every checked-in golden case, and the
# testbench must reject a corrupted golden file (vectors/hdl/run.sh).
exec sh vectors/hdl/run.sh
