#!/bin/sh
# demo.sh - build, then explore every interleaving of the seed's lost-update
# example (examples/lost_update.c).
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh
echo
echo "$ shuffle-run --strategy exhaustive examples/lost_update"
status=0
src/shuffle-run --strategy exhaustive --failures-dir /tmp/shuffle-demo-failures \
	examples/lost_update || status=$?
# Exit status 1 means "some run failed": the lost update was found, as intended.
[ "$status" -eq 1 ] && exit 0
exit "$status"
