#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_preemption_bound: exhaustive search with --max-preemptions. On
# lock_inversion (ABBA), a deadlock needs one thread preempted while holding
# its first lock: with 0 preemptions every run passes, with 1 a deadlock is
# found; each bound ends complete ("every schedule with at most N
# preemptions explored", JSON max_preemptions), with more runs as the bound
# grows and fewer than the unbounded search; a bounded deadlock replays.
# --max-preemptions out of range or with another strategy, and --depth with
# a strategy other than pct, are one line on stderr and exit 2.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target lock_inversion) || exit 1

shuffle b0 --strategy exhaustive --max-preemptions 0 --json --failures-dir "$T/f0" -- "$prog"
expect_status 0 b0
json_check "$T/b0.out" 'summary["complete"] is True and summary["max_preemptions"] == 0' "b0: not complete / no max_preemptions"
json_check "$T/b0.out" 'all(r["verdict"] == "pass" for r in runs)' "a deadlock without any preemption"

shuffle b1 --strategy exhaustive --max-preemptions 1 --json --failures-dir "$T/f1" -- "$prog"
expect_status 1 b1
json_check "$T/b1.out" 'summary["complete"] is True and summary["max_preemptions"] == 1' "b1: not complete / no max_preemptions"
json_check "$T/b1.out" 'any(r["verdict"] == "deadlock" for r in runs)' "no deadlock with one preemption"
json_check "$T/b1.out" 'all(r["verdict"] in ("pass", "deadlock") for r in runs)' "b1: a run ended otherwise"

shuffle b1text --strategy exhaustive --max-preemptions 1 --failures-dir "$T/f1t" -- "$prog"
expect_status 1 b1text
grep -q 'every schedule with at most 1 preemption explored' "$T/b1text.out" ||
	{ show b1text; fail "the text summary does not state the bound"; }

shuffle all --strategy exhaustive --json --failures-dir "$T/fall" -- "$prog"
expect_status 1 all
n0=$(json_get "$T/b0.out" 'summary["runs"]') || exit 1
n1=$(json_get "$T/b1.out" 'summary["runs"]') || exit 1
nall=$(json_get "$T/all.out" 'summary["runs"]') || exit 1
json_check "$T/all.out" 'summary["complete"] is True and "max_preemptions" not in summary' "unbounded: not complete, or claims a bound"
[ "$n0" -lt "$n1" ] && [ "$n1" -lt "$nall" ] || fail "runs do not grow with the bound: $n0, $n1, unbounded $nall"

sf=$(json_get "$T/b1.out" '[r for r in runs if r["verdict"] == "deadlock"][0]["schedule_file"]') || exit 1
shuffle replay --json --replay "$sf"
expect_status 1 replay
json_check "$T/replay.out" 'len(runs) == 1 and runs[0]["verdict"] == "deadlock"' "the bounded deadlock did not replay"

for args in "--strategy exhaustive --max-preemptions 1001" "--strategy exhaustive --max-preemptions -1" \
	"--strategy exhaustive --max-preemptions x" "--strategy random --max-preemptions 1" \
	"--strategy pct --max-preemptions 1" "--strategy exhaustive --depth 2"; do
	# shellcheck disable=SC2086 # word splitting wanted
	shuffle bad $args -- "$prog"
	expect_status 2 bad
	[ "$(wc -l <"$T/bad.err")" -eq 1 ] || { show bad; fail "$args: not exactly one line on stderr"; }
done
pass
