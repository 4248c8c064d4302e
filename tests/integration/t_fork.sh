#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_fork: a forked child is a task of the same schedule. fork_race's parent
# and child each append to one file: exhaustive exploration finds both
# orders, every run passes, the space is covered, nothing escaped control,
# and the child's steps carry its process in their label (p1.main). fork_pipe:
# a child with threads of its own and a pipe to its parent. An exec'd
# program joins the schedule too.
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

# The same race when the child exec()s a program (fork_race itself) to
# append: the exec'd program joins the schedule, so both orders are found
# and nothing escaped control.
shuffle exec --strategy exhaustive --json --failures-dir "$T/f" -- "$prog" --exec "$T/shared2.txt"
expect_status 0 exec
out=$T/exec.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True and summary["failures"] == 0' \
	"the exploration with exec is not complete with zero failures"
json_check "$out" \
	'sorted(set(r["stdout"] for r in runs)) == ["order=child,parent\n", "order=parent,child\n"]' \
	"both orders were not found when the child exec()s"
json_check "$out" 'summary["not_controlled_runs"] == 0' "the exec'd program escaped control"

# A child with threads and a mutex of its own, and a pipe to its parent:
# the parent's read waits for the child's write, the child's threads are
# p1.A and p1.B, every run passes and none hangs.
prog=$(target fork_pipe) || exit 1
shuffle pipe --strategy exhaustive --points sync,io,process --json --timeout 20 --failures-dir "$T/f" -- "$prog"
expect_status 0 pipe
out=$T/pipe.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True and summary["failures"] == 0 and len(runs) > 1' \
	"the exploration is not complete with zero failures over several runs"
json_check "$out" 'all(r["stdout"] == "child says 4\n" for r in runs)' \
	"a run did not read 4 from the child"
json_check "$out" 'any("p1.A" in r["sequence"] and "p1.B" in r["sequence"] for r in runs)' \
	"the child's threads are not labelled p1.A and p1.B"
pass
