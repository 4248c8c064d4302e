#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_strict: runs in which something escaped the runtime's control. forker
# (main forks a child that prints a line and exits; the parent waitpid()s
# it), 3 runs: without --strict every run passes, with the child's and the
# parent's lines in stdout, a non-empty "not_controlled" string, and the
# summary's not_controlled_runs is 3; exit status 0. With --strict (and
# with SHUFFLE_STRICT=1 instead) every run has verdict uncontrolled, a
# schedule file and the same "not_controlled", the summary counts 3
# failures, all uncontrolled; exit status 1, also without --json, where the
# text says "uncontrolled". --strict changes nothing for a program that
# stays under control (correct_counter): all pass, not_controlled_runs 0.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target forker) || exit 1
export CHILD_AND_PARENT=$'child says hello\nchild exited 0\n'

shuffle lax --max-iterations 3 --json --failures-dir "$T/failures" -- "$prog"
out=$T/lax.out
jsonl_valid "$out"
expect_status 0 lax
json_check "$out" 'len(runs) == 3 and all(r["verdict"] == "pass" for r in runs)' \
	"without --strict: not 3 passing runs"
json_check "$out" 'all(r["stdout"] == os.environ["CHILD_AND_PARENT"] for r in runs)' \
	"without --strict: a run's stdout is not the child's line then the parent's"
json_check "$out" 'all(isinstance(r.get("not_controlled"), str) and r["not_controlled"].strip() for r in runs)' \
	"without --strict: a run of a forking program has no not_controlled string"
json_check "$out" 'summary.get("not_controlled_runs") == 3' \
	"without --strict: the summary's not_controlled_runs is not 3"

check_strict() { # NAME
	local out=$T/$1.out
	jsonl_valid "$out"
	expect_status 1 "$1"
	json_check "$out" 'len(runs) == 3 and all(r["verdict"] == "uncontrolled" for r in runs)' \
		"$1: not 3 runs with verdict uncontrolled"
	json_check "$out" 'all(isinstance(r.get("not_controlled"), str) and r["not_controlled"].strip() for r in runs)' \
		"$1: an uncontrolled run has no not_controlled string"
	json_check "$out" 'all(r["stdout"] == os.environ["CHILD_AND_PARENT"] for r in runs)' \
		"$1: the program did not run as usual"
	json_check "$out" 'summary["failures"] == 3 and summary["verdicts"] == {"uncontrolled": 3}' \
		"$1: the summary does not count 3 uncontrolled failures"
	json_check "$out" 'summary.get("not_controlled_runs") == 3' \
		"$1: the summary's not_controlled_runs is not 3"
}
shuffle strict --strict --max-iterations 3 --json --failures-dir "$T/failures" -- "$prog"
check_strict strict
SHUFFLE_STRICT=1 shuffle strict-env --max-iterations 3 --json --failures-dir "$T/failures" -- "$prog"
check_strict strict-env

shuffle strict-text --strict --max-iterations 3 --failures-dir "$T/failures" -- "$prog"
expect_status 1 strict-text
grep -qw uncontrolled "$T/strict-text.out" || {
	show strict-text
	fail "--strict without --json: the output does not say uncontrolled"
}

# A program that stays under control is not affected.
prog=$(target correct_counter) || exit 1
shuffle controlled --strict --max-iterations 5 --json --failures-dir "$T/failures" -- "$prog"
out=$T/controlled.out
jsonl_valid "$out"
expect_status 0 controlled
json_check "$out" 'len(runs) == 5 and all(r["verdict"] == "pass" and not r.get("not_controlled") for r in runs)' \
	"--strict: a run of a program that stays under control did not pass, or says not_controlled"
json_check "$out" 'summary.get("not_controlled_runs") == 0' \
	"--strict: not_controlled_runs is not 0 for a program that stays under control"

pass
