#!/bin/sh
# The HDL examples: the crc24a RTL against every checked-in case with a
# transport block, the gold_seq RTL (36.211 §7.2) against every scrambling
# sequence of the control-channel cases, and each testbench must reject a
# corrupted golden file (vectors/hdl/run.sh).
exec sh vectors/hdl/run.sh
