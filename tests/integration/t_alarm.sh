#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_alarm: alarm() and setitimer(ITIMER_REAL) fire in virtual time. alarm_flag's
# SIGALRM handler sets a flag while main sleeps (alarm at 2 s, 0.7 s sleeps),
# pauses, yields in a loop, or sleeps under a periodic timer (whose alarms cut
# the sleeps short, as natively: 9 sleeps); a second thread takes a mutex.
# Every run of an exhaustive exploration passes and prints what a plain run
# prints; five explorations of the sleeping mode give identical runs
# (sequences and output), and replaying saved schedules gives the same run.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target alarm_flag) || exit 1

for mode in sleep pause yield itimer; do
	native=$("$prog" "$mode" </dev/null) || fail "$mode: a plain run failed"
	shuffle "$mode" --strategy exhaustive --json --timeout 20 --failures-dir "$T/f" -- "$prog" "$mode"
	expect_status 0 "$mode"
	jsonl_valid "$T/$mode.out"
	export NATIVE="$native"$'\n'
	json_check "$T/$mode.out" 'summary["complete"] is True and len(runs) > 1 and all(r["verdict"] == "pass" and r["stdout"] == os.environ["NATIVE"] for r in runs)' \
		"$mode: a run did not pass with what a plain run prints ($native)"
done

for i in 1 2 3 4 5; do
	shuffle "again$i" --strategy exhaustive --json --timeout 20 --failures-dir "$T/f" -- "$prog" sleep
	expect_status 0 "again$i"
	json_get "$T/again$i.out" '[(r["sequence"], r["stdout"], r["verdict"]) for r in runs]' >"$T/again$i.runs" ||
		exit 1
	cmp -s "$T/again1.runs" "$T/again$i.runs" || fail "exploration $i differs from the first"
done

shuffle failing --strategy exhaustive --json --timeout 20 --failures-dir "$T/f" -- "$prog" sleep fail
expect_status 1 failing
n=$(json_get "$T/failing.out" 'min(4, len(runs))') || exit 1
for ((i = 0; i < n; i++)); do
	sf=$(json_get "$T/failing.out" "runs[$i]['schedule_file']") || exit 1
	want=$(json_get "$T/failing.out" "{k: runs[$i][k] for k in ('verdict', 'stdout', 'sequence', 'exit_code')}") || exit 1
	shuffle "replay$i" --json --failures-dir "$T/rf" --replay "$sf"
	expect_status 1 "replay$i"
	export WANT=$want
	json_check "$T/replay$i.out" \
		'len(runs) == 1 and {k: runs[0][k] for k in ("verdict", "stdout", "sequence", "exit_code")} == json.loads(os.environ["WANT"])' \
		"replay of $sf differs from the original run $want"
done
pass
