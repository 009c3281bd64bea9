#!/bin/sh
# `make demo`: the main job on built-in defaults.
set -e
bin=$1
"$bin" version
