#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_schedule_files: schedule files never overwrite each other: two
# explorations of the same program with the same seed into the same
# --failures-dir keep both sets of files (the second gets names with a
# unique suffix), each complete and replayable, and no temporary file is
# left. An unusable --failures-dir (under a regular file, a regular file
# itself, not creatable) is refused before the first run: exit 2, one line
# on stderr, nothing run.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

lost=$(target lost_update_mutex) || exit 1

shuffle first --json --strategy exhaustive --max-iterations 20 --failures-dir "$T/fd" -- "$lost"
expect_status 1 first
shuffle second --json --strategy exhaustive --max-iterations 20 --failures-dir "$T/fd" -- "$lost"
expect_status 1 second
jsonl_valid "$T/first.out"
jsonl_valid "$T/second.out"
n1=$(json_get "$T/first.out" 'summary["failures"]') || exit 1
[ "$n1" -gt 0 ] || fail "lost_update_mutex never failed"
files=$(find "$T/fd" -type f | wc -l)
[ "$files" -eq $((2 * n1)) ] || { ls -la "$T/fd" >&2; fail "expected $((2 * n1)) schedule files, found $files"; }
[ -z "$(find "$T/fd" -name '.*')" ] || fail "temporary files left in $T/fd"
export FIRST=$T/first.out
json_check "$T/second.out" 'not {r["schedule_file"] for r in runs if "schedule_file" in r} & {json.loads(l).get("schedule_file") for l in open(os.environ["FIRST"])}' \
	"the second exploration reused a schedule file name of the first"
sf=$(json_get "$T/second.out" '[r for r in runs if r["verdict"] != "pass"][0]["schedule_file"]') || exit 1
shuffle replay --json --replay "$sf"
expect_status 1 replay
json_check "$T/replay.out" 'runs[0]["verdict"] == "fail"' "a renamed schedule file does not replay"

# expect_refused NAME DIR: exit 2, one line naming the directory, no run.
expect_refused() {
	shuffle "$1" --failures-dir "$2" -- "$lost"
	expect_status 2 "$1"
	[ ! -s "$T/$1.out" ] || { show "$1"; fail "$1: a run happened with --failures-dir $2"; }
	[ "$(wc -l <"$T/$1.err")" -eq 1 ] && grep -qF -- "--failures-dir $2" "$T/$1.err" ||
		{ show "$1"; fail "$1: not one line naming --failures-dir $2"; }
}
touch "$T/regular"
expect_refused under-file "$T/regular/sub"
expect_refused is-file "$T/regular"
expect_refused not-creatable /proc/shuffle-no-such/dir
SHUFFLE_FAILURES_DIR=$T/regular/x shuffle env -- "$lost"
expect_status 2 env

# A directory that does not exist yet is fine, and made only when needed.
shuffle later --max-iterations 1 --failures-dir "$T/new/deeper" -- "$(target correct_counter)"
expect_status 0 later
[ ! -e "$T/new" ] || fail "a passing exploration created its --failures-dir"
pass
