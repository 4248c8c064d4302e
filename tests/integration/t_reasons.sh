#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_reasons: every verdict other than pass says why in one line, in the text
# report, in JSON ("detail") and in the schedule file: a livelock at
# --max-steps names the bound and how to raise it; an error names the full
# table (more than 1024 threads); a program exec'd so that it cannot join the
# schedule (the runtime exits with its own status 86) is an error with the
# runtime's reason, not "fail (exit 86)". An exploration that stops before
# exhausting the space says why (--max-iterations, --stop-on-failure).
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

lost=$(target lost_update_mutex) || exit 1
many=$(target many_threads) || exit 1
closed=$(target exec_closed_fds) || exit 1

# reason NAME VERDICT REGEX ARGS...: one run (JSON and text) with VERDICT,
# whose detail matches REGEX in the JSON, the text report and the file.
reason() {
	local name=$1 verdict=$2 regex=$3
	shift 3
	shuffle "$name" --json --max-iterations 1 --failures-dir "$T/fd-$name" "$@"
	expect_status 1 "$name"
	jsonl_valid "$T/$name.out"
	export VERDICT=$verdict REGEX=$regex
	json_check "$T/$name.out" 'runs[0]["verdict"] == os.environ["VERDICT"] and re.search(os.environ["REGEX"], runs[0].get("detail") or "")' \
		"$name: not verdict $verdict with a detail matching /$regex/"
	local sf
	sf=$(json_get "$T/$name.out" 'runs[0]["schedule_file"]') || exit 1
	grep -Eq "^# .*$regex" "$sf" || fail "$name: the schedule file $sf does not give the reason"
	shuffle "$name-text" --max-iterations 1 --failures-dir "$T/fd-$name" "$@"
	expect_status 1 "$name-text"
	grep -Eq "^  .*$regex" "$T/$name-text.out" || { show "$name-text"; fail "$name: the text report does not give the reason"; }
}

reason livelock livelock 'more than 3 scheduling steps \(--max-steps 3\).*raise --max-steps' \
	--max-steps 3 -- "$lost"
reason threads error 'thread table is full.*more than 1024 threads' -- "$many" 1100
reason exec86 error "runtime could not control the program: an exec'd program cannot join" -- "$closed"
grep -q 'exit 86' "$T/exec86-text.out" && fail "the refused exec is reported as exit 86"

# Why an exploration stopped early.
shuffle iter --strategy exhaustive --max-iterations 2 --failures-dir "$T/fd" -- "$lost"
grep -q 'not exhausted (stopped after --max-iterations 2 runs' "$T/iter.out" ||
	{ show iter; fail "no reason for stopping after --max-iterations"; }
shuffle first --json --strategy exhaustive --stop-on-failure --failures-dir "$T/fd" -- "$lost"
json_check "$T/first.out" 'summary["stopped"] == "stop-on-failure" and not summary["complete"]' \
	"the JSON summary does not say it stopped on failure"
shuffle all --json --strategy exhaustive --failures-dir "$T/fd" -- "$lost"
json_check "$T/all.out" 'summary["stopped"] is None and summary["complete"]' \
	"a complete exploration has a reason for stopping"
pass
