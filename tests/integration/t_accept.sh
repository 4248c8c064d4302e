#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_accept: accept4() on a listening socket of the target's own, with the
# connecting client another thread of the target (accept_local). Accept is a
# point that gives way while no connection is pending (the client runs
# first instead of the server blocking in the kernel with the token):
# exhaustive search is complete, no run times out, every run passes with
# got=hello.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target accept_local) || exit 1
shuffle ex --strategy exhaustive --timeout 10 --json --failures-dir "$T/failures" -- "$prog" "$T/s.sock"
out=$T/ex.out
jsonl_valid "$out"
json_check "$out" 'not any(r["verdict"] == "timeout" for r in runs)' \
	"a run timed out: accept blocked in the kernel holding the token"
expect_status 0 ex
json_check "$out" 'summary["complete"] is True' "exhaustive exploration did not report complete"
json_check "$out" 'all(r["stdout"] == "got=hello\n" for r in runs)' "a run did not print got=hello"
pass
