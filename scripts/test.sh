#!/bin/sh
# test.sh - build, then run the whole test suite (unit tests with check,
# integration tests that run real targets under shuffle-run). Ends with one
# line "N passed, N failed, N skipped".
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh
status=0
make -s -j"$(nproc)" check || status=$?
# Automake's per-test results, summed up in the one line CI reads.
passed=0 failed=0 skipped=0
results=$(find tests -name '*.trs' -exec sed -n 's/^:test-result: //p' {} +)
for r in $results; do
	case "$r" in
	PASS) passed=$((passed + 1)) ;;
	SKIP) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)) ;;
	esac
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1 # the build of the tests itself failed
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
