#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_python_sqlalchemy: examples/python/lost_update_sqlalchemy.py, an
# unmodified Python program (two threads, each a SQLAlchemy read-then-write
# transaction through psycopg2) against a throwaway PostgreSQL
# (tests/sql/pg_cluster.sh). With --points sql the decisions are the
# statements (BEGIN is none: it takes no snapshot), so exhaustive
# exploration completes in at most the 20 orders of SELECT, UPDATE, COMMIT
# twice: the serial orders end with counter=2 and pass, some interleaved
# one loses an update (counter=1, exit 1), and the runs where one UPDATE
# waits for the other's row lock neither hang nor time out. A failing
# schedule labels the statements and replays against the server.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"
# shellcheck source=../sql/pg_cluster.sh disable=SC1091
. "$top_srcdir/tests/sql/pg_cluster.sh"

py=${PYTHON:-/usr/bin/python3}
[ -x "$py" ] || skip "$py is not installed (set PYTHON to a Python 3 binary, not a wrapper script)"
"$py" -c 'import sqlalchemy, psycopg2' 2>/dev/null ||
	skip "$py lacks SQLAlchemy or psycopg2: apt-get install python3-sqlalchemy python3-psycopg2"
pg_cluster_start
script=$top_srcdir/examples/python/lost_update_sqlalchemy.py
# shellcheck disable=SC2034 # read by shuffle() in lib.sh
TEST_TIME_LIMIT=240

order='"".join(s.split(":")[0] for s in r["sequence"] if s[:3] in ("A: ", "B: ") and "sql_wait" not in s)'

shuffle ex --strategy exhaustive --points sql --json --failures-dir "$T/failures" -- "$py" "$script"
expect_status 1 ex
out=$T/ex.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "exploration did not report complete"
json_check "$out" 'len(runs) <= 20' "more runs than the orders of SELECT, UPDATE, COMMIT twice"
json_check "$out" 'all(r["verdict"] in ("pass", "fail") for r in runs)' \
	"a run hung or ended otherwise than pass or fail"
json_check "$out" "all((r['verdict'], r['stdout']) == ('pass', 'counter=2\n') for r in runs if $order.startswith(('AAAB', 'BBBA')))" \
	"a serial order did not end with counter=2"
json_check "$out" 'any((r["verdict"], r["exit_code"], r["stdout"]) == ("fail", 1, "counter=1\n") for r in runs)' \
	"no run lost an update"
json_check "$out" 'sum(r["stdout"] == "counter=2\n" for r in runs) == 2' "not exactly the 2 serial runs end with counter=2"

sf=$(json_get "$out" '[r for r in runs if r["verdict"] == "fail"][0]["schedule_file"]') || exit 1
grep -q 'A: SELECT value FROM counter WHERE id = 1' "$sf" || fail "$sf does not label the SELECT with its SQL"
want=$(json_get "$out" "{k: [r for r in runs if r['verdict'] == 'fail'][0][k] for k in ('verdict', 'stdout', 'exit_code')}") ||
	exit 1
shuffle replay --json --failures-dir "$T/replay-failures" --replay "$sf"
expect_status 1 replay
export WANT=$want
json_check "$T/replay.out" \
	'len(runs) == 1 and {k: runs[0][k] for k in ("verdict", "stdout", "exit_code")} == json.loads(os.environ["WANT"])' \
	"replaying $sf against the server gave another outcome"

pass
