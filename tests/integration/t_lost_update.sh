#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_lost_update: exhaustive exploration of lost_update_mutex finds the lost
# update (a fail run, counter=1) and a correct run (pass, counter=2); every
# failing run has its own saved schedule file in the failures dir; replaying
# a saved schedule gives the same verdict, stdout and sequence again.
# --stop-on-failure ends the exploration at the first failing run.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target lost_update_mutex) || exit 1
fdir=$T/failures

shuffle ex --strategy exhaustive --json --failures-dir "$fdir" -- "$prog"
expect_status 1 ex
jsonl_valid "$T/ex.out"
out=$T/ex.out

json_check "$out" 'summary["complete"] is True' "exhaustive exploration did not report complete"
json_check "$out" 'any(r["verdict"] == "fail" for r in runs)' "no run lost an update"
json_check "$out" 'any(r["verdict"] == "pass" for r in runs)' "no run passed"
json_check "$out" 'all(r["verdict"] in ("pass", "fail") for r in runs)' \
	"a run ended otherwise than pass or fail"
json_check "$out" \
	'all((r["stdout"], r["exit_code"]) == (("counter=2\n", 0) if r["verdict"] == "pass" else ("counter=1\n", 1)) for r in runs)' \
	"stdout / exit_code do not match the verdicts (pass: counter=2 exit 0, fail: counter=1 exit 1)"

# One schedule file per failing run, each in the failures dir.
export FDIR=$fdir
json_check "$out" \
	'all(os.path.samefile(os.path.dirname(os.path.abspath(r["schedule_file"])), os.environ["FDIR"]) for r in runs if r["verdict"] != "pass")' \
	"a schedule file is not in the --failures-dir"
json_check "$out" \
	'len({os.path.realpath(r["schedule_file"]) for r in runs if r["verdict"] != "pass"}) == sum(r["verdict"] != "pass" for r in runs)' \
	"two failing runs share one schedule file"

# Replay saved schedules (up to 6 of them): same verdict, stdout and
# sequence, exactly one run. Once without PROGRAM (the file names it), once
# with it given after --.
n_fail=$(json_get "$out" 'min(6, sum(r["verdict"] != "pass" for r in runs))') || exit 1
for ((i = 0; i < n_fail; i++)); do
	sf=$(json_get "$out" "[r for r in runs if r['verdict'] != 'pass'][$i]['schedule_file']") || exit 1
	want=$(json_get "$out" "{k: [r for r in runs if r['verdict'] != 'pass'][$i][k] for k in ('verdict', 'stdout', 'sequence', 'exit_code')}") || exit 1
	for form in bare explicit; do
		if [ "$form" = bare ]; then
			shuffle "replay$i$form" --json --failures-dir "$T/replay-failures" --replay "$sf"
		else
			shuffle "replay$i$form" --json --failures-dir "$T/replay-failures" --replay "$sf" -- "$prog"
		fi
		expect_status 1 "replay$i$form"
		rout=$T/replay$i$form.out
		jsonl_valid "$rout"
		json_check "$rout" 'len(runs) == 1' "replay of $sf ($form) did not make exactly one run"
		export WANT=$want
		json_check "$rout" \
			'{k: runs[0][k] for k in ("verdict", "stdout", "sequence", "exit_code")} == json.loads(os.environ["WANT"])' \
			"replay of $sf ($form) differs from the original run $want"
	done
done

# --stop-on-failure: the failing run is the last one; when that left runs of
# the full exploration above undone, the space was not exhausted.
shuffle stop --strategy exhaustive --stop-on-failure --json --failures-dir "$T/stop-failures" -- "$prog"
expect_status 1 stop
jsonl_valid "$T/stop.out"
json_check "$T/stop.out" 'runs[-1]["verdict"] == "fail" and all(r["verdict"] == "pass" for r in runs[:-1])' \
	"--stop-on-failure did not stop right after the first failing run"
export FULL_RUNS
FULL_RUNS=$(json_get "$out" 'len(runs)') || exit 1
json_check "$T/stop.out" 'len(runs) >= int(os.environ["FULL_RUNS"]) or summary["complete"] is False' \
	"--stop-on-failure made fewer runs than the full exploration, yet the summary says complete"

pass
