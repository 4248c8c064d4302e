#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_sql_sqlite: the SQLite examples (examples/sql/*_sqlite), two
# connections to one database file in the test's temp dir, explored
# exhaustively.
#  - lost_update_sqlite autocommit: exactly 6 runs, the orders of A,A,B,B;
#    the 2 serial ones end with counter=2 (pass), the 4 others lose an
#    update (counter=1, exit 1); a failing schedule names its statements and
#    replays to the same run.
#  - deferred transactions: no run loses an update; the interleaved ones
#    end with SQLite's "database is locked" for one transaction.
#  - immediate transactions: the second BEGIN IMMEDIATE waits in the busy
#    handler (one retry step more for that thread, in virtual time: no real
#    sleep) until the first commits: every run ends with counter=2.
#  - deadlock_sqlite (rows 1,2 and 2,1) with a busy timeout: the second
#    writer waits its turn, every run commits both; without one, some run
#    ends with "database is locked" and none hangs.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

lost=$EXAMPLES/sql/lost_update_sqlite
dead=$EXAMPLES/sql/deadlock_sqlite
for p in "$lost" "$dead"; do
	[ -x "$p" ] || fail "$p is missing: build it (make builds examples/sql)"
done
order='"".join(l for l in (s.split(":")[0] for s in r["sequence"]) if l in ("A", "B"))'

# --- the lost update, no transactions -----------------------------------------
shuffle auto --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$lost" autocommit "$T/lu.sqlite"
expect_status 1 auto
out=$T/auto.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "autocommit: exploration did not report complete"
json_check "$out" "sorted($order for r in runs) == ['AABB', 'ABAB', 'ABBA', 'BAAB', 'BABA', 'BBAA']" \
	"autocommit: the runs are not the 6 orders of A,A,B,B"
json_check "$out" \
	"all((r['verdict'], r['exit_code'], r['stdout']) == (('pass', 0, 'counter=2\n') if $order in ('AABB', 'BBAA') else ('fail', 1, 'counter=1\n')) for r in runs)" \
	"autocommit: serial orders must end with counter=2, the 4 interleaved ones with counter=1 (exit 1)"
sf=$(json_get "$out" '[r for r in runs if r["verdict"] == "fail"][0]["schedule_file"]') || exit 1
grep -q 'UPDATE counter SET value = ?1 WHERE id = 1' "$sf" ||
	fail "$sf does not label the prepared UPDATE with its SQL"
want=$(json_get "$out" '{k: [r for r in runs if r["verdict"] == "fail"][0][k] for k in ("verdict", "stdout", "sequence", "exit_code")}') || exit 1
shuffle replay --json --failures-dir "$T/replay-failures" --replay "$sf"
expect_status 1 replay
export WANT=$want
json_check "$T/replay.out" \
	'len(runs) == 1 and {k: runs[0][k] for k in ("verdict", "stdout", "sequence", "exit_code")} == json.loads(os.environ["WANT"])' \
	"replaying $sf differs from the original run $want"

# --- deferred transactions: SQLITE_BUSY instead of a lost update ----------------
shuffle deferred --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$lost" deferred "$T/lu.sqlite"
expect_status 0 deferred
out=$T/deferred.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "deferred: exploration did not report complete"
json_check "$out" 'all(r["verdict"] == "pass" for r in runs)' "deferred: some run lost an update"
json_check "$out" \
	'{r["stdout"] for r in runs} == {"counter=2\n", "counter=1, error: database is locked\n"}' \
	"deferred: expected runs with counter=2 and runs where one transaction found the database locked"

# --- immediate transactions: the busy handler waits, in virtual time ----------
shuffle immediate --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$lost" immediate "$T/lu.sqlite"
expect_status 0 immediate
out=$T/immediate.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "immediate: exploration did not report complete"
json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] == "counter=2\n" for r in runs)' \
	"immediate: some run did not end with counter=2"
json_check "$out" "any(5 in ($order.count('A'), $order.count('B')) for r in runs)" \
	"immediate: no run shows a transaction retrying after the busy handler"

# --- rows 1,2 and 2,1 ------------------------------------------------------------
shuffle dl --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$dead" deferred "$T/dl.sqlite" 5000
expect_status 0 dl
out=$T/dl.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "deadlock_sqlite: exploration did not report complete"
json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] == "committed=2\n" for r in runs)' \
	"deadlock_sqlite with a busy timeout: some run did not commit both transactions"
json_check "$out" "any(3 in ($order.count('A'), $order.count('B')) for r in runs)" \
	"deadlock_sqlite: no run shows the second writer waiting in the busy handler"

shuffle dl0 --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$dead" deferred "$T/dl.sqlite" 0
expect_status 1 dl0
out=$T/dl0.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "deadlock_sqlite, no busy handler: not complete"
json_check "$out" 'all(r["verdict"] in ("pass", "fail") for r in runs)' \
	"deadlock_sqlite, no busy handler: a run hung or ended otherwise than pass or fail"
json_check "$out" 'any(r["stdout"] == "error: database is locked\n" and r["exit_code"] == 1 for r in runs)' \
	"deadlock_sqlite, no busy handler: no run saw \"database is locked\""
json_check "$out" 'any(r["stdout"] == "committed=2\n" for r in runs)' \
	"deadlock_sqlite, no busy handler: no run committed both"

pass
