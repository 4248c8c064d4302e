#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_signal: a signal handler runs at a point of the thread that takes the
# signal. signal_handler's SIGALRM handler locks a mutex in main, which
# waits in pause() for the signal thread A sends: with --strict every run
# passes with count=2 (the handler is not "a thread not made by
# pthread_create"), the search completes, and the handler's lock is a step
# of main's (more than one sequence).
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target signal_handler) || exit 1
shuffle alarm --strategy exhaustive --strict --json --timeout 10 --failures-dir "$T/f" -- "$prog"
expect_status 0 alarm
jsonl_valid "$T/alarm.out"
json_check "$T/alarm.out" 'summary["complete"] is True and summary["not_controlled_runs"] == 0' \
	"not complete, or something ran uncontrolled"
json_check "$T/alarm.out" 'all(r["verdict"] == "pass" and r["stdout"] == "count=2\n" for r in runs)' \
	"a run did not pass with count=2"
json_check "$T/alarm.out" 'len({tuple(r["sequence"]) for r in runs}) >= 2' \
	"a single sequence: the handler's lock was no point"
pass
