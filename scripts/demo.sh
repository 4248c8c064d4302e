#!/bin/sh
# demo.sh - build, then explore every interleaving of the seed's lost-update
# example (examples/lost_update.c) at its shuffle_point() calls, then show them as the interleaving tree
# with the table of outcomes.
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh
echo
echo "$ shuffle-run --strategy exhaustive --points manual examples/lost_update"
status=0
src/shuffle-run --strategy exhaustive --points manual --failures-dir /tmp/shuffle-demo-failures \
	examples/lost_update || status=$?
# Exit status 1 means "some run failed": the lost update was found, as intended.
[ "$status" -eq 1 ] || exit "$status"
echo
echo "$ shuffle-run --strategy exhaustive --points manual --tree --group-by-output examples/lost_update"
# Only the tree, the outcome table and the summary, this time.
src/shuffle-run --strategy exhaustive --points manual --tree --group-by-output \
	--failures-dir /tmp/shuffle-demo-failures examples/lost_update | sed -n '/^start$/,$p'
