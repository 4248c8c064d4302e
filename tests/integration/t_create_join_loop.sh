#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_create_join_loop: a thread created right after another was joined gets
# the same pthread_t; joining it must wait for the new thread, not count as
# the join of the old one (which left the real join blocked in the kernel
# while the new thread waited for its start: a timeout in every run).
# Exhaustive search: 2^6 orders of start and resume, all passing, complete.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target create_join_loop) || exit 1
shuffle ex --strategy exhaustive --timeout 5 --json --failures-dir "$T/failures" -- "$prog"
out=$T/ex.out
jsonl_valid "$out"
expect_status 0 ex
json_check "$out" 'summary["complete"] is True' "exhaustive exploration did not complete"
json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] == "sum=21\n" for r in runs)' \
	"a run did not pass with sum=21"
json_check "$out" 'summary["runs"] == 64' "expected 64 runs (start or resume first, 6 times)"
pass
