#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_final_flush: a forked child whose stdio output (100000 bytes, more than a
# pipe holds) is flushed only at its exit, into a pipe its parent reads: the
# child sleeps in that write after it left the schedule, and the parent must
# be let read. Every run passes with "read 100000" (as plain runs print), no
# timeout. The same output to stdout (the driver's pipe) arrives whole. When
# the parent waits for the child before reading, both wait for ever
# (natively too): every run is a deadlock, found at once, not a timeout.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target final_flush) || exit 1

shuffle pipe --strategy exhaustive --json --timeout 20 --failures-dir "$T/f" -- "$prog"
expect_status 0 pipe
jsonl_valid "$T/pipe.out"
json_check "$T/pipe.out" 'summary["complete"] is True and runs and all(r["verdict"] == "pass" and r["stdout"] == "read 100000\n" for r in runs)' \
	"pipe: a run did not read the child's 100000 bytes and pass"
native=$("$prog" </dev/null) || fail "a plain run failed"
[ "$native" = "read 100000" ] || fail "a plain run printed: $native"

shuffle stdout --strategy exhaustive --json --timeout 20 --failures-dir "$T/f" -- "$prog" stdout
expect_status 0 stdout
jsonl_valid "$T/stdout.out"
json_check "$T/stdout.out" 'summary["complete"] is True and runs and all(r["verdict"] == "pass" and len(r["stdout"]) == 100012 and r["stdout"].endswith("9\nparent done\n") for r in runs)' \
	"stdout: a run did not capture the child's output whole, then the parent's line"

shuffle waitfirst --strategy exhaustive --json --timeout 20 --failures-dir "$T/f" -- "$prog" waitfirst
expect_status 1 waitfirst
jsonl_valid "$T/waitfirst.out"
json_check "$T/waitfirst.out" 'runs and all(r["verdict"] == "deadlock" and "waitpid" in r["detail"] for r in runs)' \
	"waitfirst: the parent waiting for a child that waits for it is not a deadlock in every run"
pass
