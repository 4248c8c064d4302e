#!/bin/sh
# run.sh - benchmark shuffle-run against the same work with no tool, side by
# side in one run on this machine. Prints the figures bench/RESULTS.md records.
#   (a) N runs of a small two-thread program: shuffle-run vs plain fork/exec.
#   (b) microseconds per scheduling step on a program with STEPS lock operations.
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh
make -s tests/targets/many_locks
cc -O2 -Wall -o bench/spawn bench/spawn.c
exec python3 bench/measure.py "${N:-1000}" "${LOCKS:-20000}"
