#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_sql_pg_deadlock: examples/sql/deadlock_pq (A updates rows 1 then 2, B
# rows 2 then 1) against a throwaway PostgreSQL (tests/sql/pg_cluster.sh).
# Exhaustive exploration ends by itself (under a 120 s guard, each deadlock
# costing the server's deadlock_timeout of 1 s): the serial orders commit
# both transactions, some interleaved order ends with PostgreSQL's
# "deadlock detected" seen by the program (exit 1), and no run hangs or
# ends otherwise. The waiting statement's return shows in the schedule
# (sql_wait) and the statements are labelled with their SQL.
#
# Not asserted: that the exploration is complete and that the schedule
# replays. Which of the two transactions PostgreSQL fails is decided by its
# own timers (the first to wait, unless the machine is so loaded that its
# check runs late); when it fails the other one, the run leaves its
# schedule, and the exploration rightly says it is not complete. That is
# noted in the log, not a failure.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"
# shellcheck source=../sql/pg_cluster.sh disable=SC1091
. "$top_srcdir/tests/sql/pg_cluster.sh"

pg_cluster_start
prog=$EXAMPLES/sql/deadlock_pq
[ -x "$prog" ] || fail "$prog is missing: build it (make builds examples/sql)"
# shellcheck disable=SC2034 # read by shuffle() in lib.sh
TEST_TIME_LIMIT=120

shuffle ex --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$prog" read-committed
expect_status 1 ex
out=$T/ex.out
jsonl_valid "$out"

order='"".join(l for l in (s.split(":")[0] for s in r["sequence"]) if l in ("A", "B"))'
json_check "$out" 'all(r["verdict"] in ("pass", "fail") for r in runs)' \
	"a run hung, deadlocked in the tool or ended otherwise than pass or fail"
json_check "$out" \
	'any(r["verdict"] == "fail" and r["exit_code"] == 1 and r["stdout"] == "error: deadlock detected\n" for r in runs)' \
	"no run ended with PostgreSQL's deadlock error"
json_check "$out" 'all(r["stdout"] in ("committed=2\n", "error: deadlock detected\n") for r in runs)' \
	"a run printed something else than committed=2 or the deadlock error"
json_check "$out" "{$order for r in runs} >= {'AABB', 'BBAA'}" "the serial orders were not both run"
json_check "$out" "all(r['stdout'] == 'committed=2\n' for r in runs if $order in ('AABB', 'BBAA'))" \
	"a serial order did not commit both transactions"

sf=$(json_get "$out" '[r for r in runs if r["stdout"] == "error: deadlock detected\n"][0]["schedule_file"]') ||
	exit 1
grep -q 'sql_wait' "$sf" || fail "$sf shows no statement waiting for a lock (sql_wait)"
grep -q 'UPDATE deadlock_rows SET value = value + 1' "$sf" ||
	fail "$sf does not label the statements with their SQL"
complete=$(json_get "$out" 'summary["complete"]') || exit 1
[ "$complete" = true ] ||
	note "note: the exploration is not complete: PostgreSQL failed the other transaction in some run"

pass
