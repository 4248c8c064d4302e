#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_sleep_order: sleeping is not synchronization. sleep_order (three threads
# sleep 1, 2 and 3 ms, then append their letter under a mutex): exhaustive
# search with --points time (sleeps are the decisions) is complete and
# finds all six orders (never a timeout: nobody
# sleeps in real time), and every order 100 plain runs show is among them.
# A spin-wait that sleeps (yield_spin, sleepy) still ends: see t_spin and
# t_time.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target sleep_order) || exit 1
shuffle ex --strategy exhaustive --points time --timeout 10 --json --failures-dir "$T/failures" -- "$prog"
out=$T/ex.out
jsonl_valid "$out"
expect_status 0 ex
json_check "$out" 'summary["complete"] is True' "exhaustive exploration did not report complete"
json_check "$out" \
	'{r["stdout"] for r in runs} == {"order=%s\n" % "".join(p) for p in itertools.permutations("ABC")}' \
	"the six orders of A, B, C are not all there (sleeps ordered the threads)"
native_outcomes "$T/native" 100 "$prog"
covers_native "$out" "$T/native" sleep_order
pass
