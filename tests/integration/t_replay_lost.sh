#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_replay_lost: replaying the schedule of a failing run that now passes (the
# bug was fixed, or the failure depended on something outside the schedule)
# is no success: exit status 1, and stderr says the failure did not
# reproduce. A replay that still fails exits 1 as before.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target fails_if_exists) || exit 1
touch "$T/flag"
shuffle record --json --max-iterations 1 --failures-dir "$T/fd" -- "$prog" "$T/flag"
expect_status 1 record
sf=$(json_get "$T/record.out" 'runs[0]["schedule_file"]') || exit 1

shuffle still --replay "$sf"
expect_status 1 still
grep -q 'did not reproduce' "$T/still.err" && fail "a reproduced failure is said not to reproduce"

rm "$T/flag"
shuffle fixed --replay "$sf"
expect_status 1 fixed
grep -q '^replay: pass, the schedule file says fail exit 1: the failure did not reproduce$' \
	"$T/fixed.err" || { show fixed; fail "no 'did not reproduce' line on stderr"; }
shuffle fixed-json --json --replay "$sf"
expect_status 1 fixed-json
jsonl_valid "$T/fixed-json.out"
grep -q 'did not reproduce' "$T/fixed-json.err" || { show fixed-json; fail "--json: no 'did not reproduce' on stderr"; }
pass
