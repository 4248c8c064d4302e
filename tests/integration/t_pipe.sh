#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_pipe: descriptors the target made itself are watched. pipe_threads (A
# writes three messages, then closes; B reads until end of file) through a
# pipe with read(), and through a socketpair with poll() then recv() (A
# write()s), each exhaustive with --timeout 10: complete, never a timeout (a
# reader that would block is not enabled until data or end of file is
# there, so it never blocks for real), every run passes with got=m1,m2,m3,
# and there is more than one sequence (the reads are scheduling points).
# `stuck` (A writes nothing, the write end stays open): a deadlock whose
# report shows B blocked in read and main in join. (pipe_threads select is
# not run: select() is not intercepted and blocks for real, see README.md.)
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target pipe_threads) || exit 1

for mode in pipe socketpair select epoll; do
	shuffle "$mode" --strategy exhaustive --timeout 10 --json --failures-dir "$T/failures" -- "$prog" "$mode"
	out=$T/$mode.out
	jsonl_valid "$out"
	json_check "$out" 'not any(r["verdict"] == "timeout" for r in runs)' \
		"$mode: a run timed out: the reader blocked for real"
	expect_status 0 "$mode"
	json_check "$out" 'summary["complete"] is True' "$mode: exhaustive exploration did not report complete"
	json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] == "got=m1,m2,m3\n" for r in runs)' \
		"$mode: a run did not pass with got=m1,m2,m3"
	json_check "$out" 'len({tuple(r["sequence"]) for r in runs}) >= 2' \
		"$mode: a single sequence: the reader's wait and read were no scheduling points"
done

shuffle stuck --strategy exhaustive --timeout 10 --json --failures-dir "$T/failures" -- "$prog" stuck
out=$T/stuck.out
jsonl_valid "$out"
expect_status 1 stuck
json_check "$out" 'summary["complete"] is True' "stuck: exhaustive exploration did not report complete"
json_check "$out" 'all(r["verdict"] == "deadlock" for r in runs)' \
	"stuck: a run is not a deadlock (a read nobody will ever satisfy)"
json_check "$out" \
	'all(any(re.search(r"(^|\W)B\b", l) and re.search(r"\bread\b", l) for l in (r.get("detail") or "").splitlines()) for r in runs)' \
	"stuck: the report does not show B blocked in read"
json_check "$out" \
	'all(any(re.search(r"(^|\W)main\b", l) and re.search(r"\bjoin\b", l) for l in (r.get("detail") or "").splitlines()) for r in runs)' \
	"stuck: the report does not show main blocked in join"

pass
