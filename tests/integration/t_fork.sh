#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_fork: a forked child is a task of the same schedule. fork_race's parent
# and child each append to one file: exhaustive exploration finds both
# orders, every run passes, the space is covered, nothing escaped control,
# and the child's steps carry its process in their label (p1.main).
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target fork_race) || exit 1
shuffle race --strategy exhaustive --json --failures-dir "$T/f" -- "$prog" "$T/shared.txt"
expect_status 0 race
out=$T/race.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True and summary["failures"] == 0' \
	"the exploration is not complete with zero failures"
json_check "$out" \
	'sorted(set(r["stdout"] for r in runs)) == ["order=child,parent\n", "order=parent,child\n"]' \
	"both orders of parent and child were not found"
json_check "$out" 'summary["not_controlled_runs"] == 0' "the forked child escaped control"
json_check "$out" 'all("p1.main" in r["sequence"] for r in runs)' \
	"the child's steps are not labelled p1.main"
pass
