#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_shell_psql: examples/shell/psql_lost_update.sh, a shell script whose
# two background psql clients each read a counter and write it back plus
# one, against a throwaway PostgreSQL (tests/sql/pg_cluster.sh). Under
# --points sql the decisions are the four statements, each in its own psql
# process: exhaustive exploration completes, some order loses an update
# (counter=1, exit 1) and some keeps both (counter=2, pass), and every
# outcome of plain runs is among the explored ones.
#
# A shell runs its clients with fork or vfork and reaps them with wait4;
# command substitution reads a pipe to its end. The test skips, saying so,
# when the runtime does not interpose vfork and wait4 (then the clients run
# uncontrolled, or a run hangs in wait4 until --timeout).
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"
# shellcheck source=../sql/pg_cluster.sh disable=SC1091
. "$top_srcdir/tests/sql/pg_cluster.sh"

lib=${SHUFFLE_PRELOAD:-$top_builddir/preload/.libs/libshuffle.so}
[ -f "$lib" ] || fail "$lib is missing: build first (make)"
for fn in vfork wait4; do
	nm -D --defined-only "$lib" 2>/dev/null | grep -qw "$fn" ||
		skip "process control: $fn is not interposed by $lib, so a shell's background" \
			"clients cannot be scheduled (needs the vfork/wait4 support of the procs work)"
done
command -v psql >/dev/null 2>&1 || skip "psql is not installed: apt-get install postgresql-client"
pg_cluster_start
script=$top_srcdir/examples/shell/psql_lost_update.sh
# shellcheck disable=SC2034 # read by shuffle() in lib.sh
TEST_TIME_LIMIT=240

shuffle ex --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$script"
expect_status 1 ex
out=$T/ex.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "exploration did not report complete"
json_check "$out" 'summary.get("not_controlled_runs", 0) == 0' "some run had processes the runtime did not control"
json_check "$out" 'all(r["verdict"] in ("pass", "fail") for r in runs)' "a run hung or ended otherwise than pass or fail"
json_check "$out" 'any((r["verdict"], r["exit_code"], r["stdout"]) == ("fail", 1, "counter=1\n") for r in runs)' \
	"no run lost an update"
json_check "$out" 'any((r["verdict"], r["stdout"]) == ("pass", "counter=2\n") for r in runs)' \
	"no run kept both updates"
native_outcomes "$T/native" 5 "$script"
covers_native "$out" "$T/native" psql

pass
