# shellcheck shell=bash
# lib.sh - helpers sourced by every tests/integration/t_*.sh script.
#
#   . "$(dirname "$0")/lib.sh"
#
# Provides:
#   SHUFFLE_RUN   the driver: $top_builddir/src/shuffle-run
#   TARGETS       $top_builddir/tests/targets (the programs of tests/targets/*.c)
#   EXAMPLES      $top_builddir/examples
#   T             a fresh temp dir (also the cwd), removed on exit
#   fail MSG      print "FAIL: <test>: MSG" on stderr and exit 1
#   skip MSG      print "SKIP: <test>: MSG" and exit 77
#   pass          print "PASS: <test>" and exit 0
#   note MSG      print a line on stderr (shows in the test's .log)
#   target NAME   print the path of a built target; exits 1 if it is missing
#                 (use as: prog=$(target NAME) || exit 1)
#   shuffle NAME ARGS...
#                 run shuffle-run ARGS with stdout in $T/NAME.out, stderr in
#                 $T/NAME.err, exit status in $status; fails the test if it
#                 needs more than $TEST_TIME_LIMIT seconds (a guard against
#                 a hung driver, not a timing assertion)
#   expect_status N NAME   fail unless $status is N (shows stderr/stdout)
#   jsonl_valid FILE       fail unless FILE is well-formed --json output
#   json_check FILE EXPR MSG
#                 fail with MSG unless the Python expression EXPR is true
#   json_get FILE EXPR     print the value of EXPR (strings raw, others as JSON);
#                 exits 1 on error (use as: v=$(json_get F EXPR) || exit 1)
#   on_exit CMD            run CMD (a string) at exit, before $T is removed
#
# EXPR sees: objs (every JSON object, in order), runs (the per-run objects),
# summary (the summary object, {} if none), and json, os, re, itertools,
# collections. Example:
#   json_check "$T/x.out" 'all(r["verdict"] == "pass" for r in runs)' "a run failed"

set -u

TEST_NAME=$(basename "$0" .sh)

note() { printf '%s\n' "$*" >&2; }

fail() {
	note "FAIL: $TEST_NAME: $*"
	exit 1
}

skip() {
	note "SKIP: $TEST_NAME: $*"
	exit 77
}

pass() {
	note "PASS: $TEST_NAME"
	exit 0
}

# --- locations --------------------------------------------------------------

_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${top_srcdir:=$(cd "$_lib_dir/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
SHUFFLE_RUN=$top_builddir/src/shuffle-run
TARGETS=$top_builddir/tests/targets
# shellcheck disable=SC2034 # used by the scripts that source this file
EXAMPLES=$top_builddir/examples
: "${TEST_TIME_LIMIT:=300}"

command -v python3 >/dev/null 2>&1 || skip "python3 is needed to read the JSON output"
[ -x "$SHUFFLE_RUN" ] || fail "$SHUFFLE_RUN is missing or not executable: build first (make)"

target() {
	local p=$TARGETS/$1
	[ -x "$p" ] || fail "target $p is missing: build it (make check builds tests/targets)"
	printf '%s\n' "$p"
}

# --- a clean environment ------------------------------------------------------

# The user's SHUFFLE_* settings would change what the tests see (and unknown
# ones may earn a warning on stderr); SHUFFLE_PRELOAD only says where the
# runtime is, so it stays.
while IFS= read -r _var; do
	case $_var in
	SHUFFLE_PRELOAD) ;;
	SHUFFLE_*) unset "$_var" ;;
	esac
done < <(compgen -e)
unset _var
# Crashing targets must not leave core files behind.
ulimit -c 0 2>/dev/null || true

# --- temp dir and cleanup ------------------------------------------------------

T=$(mktemp -d "${TMPDIR:-/tmp}/shuffle-$TEST_NAME.XXXXXX") || fail "mktemp failed"
_exit_hooks=()
on_exit() { _exit_hooks+=("$1"); }
_cleanup() {
	local rc=$? h
	for h in "${_exit_hooks[@]+"${_exit_hooks[@]}"}"; do
		eval "$h" || true
	done
	if [ -n "${KEEP_TEST_TMP:-}" ]; then
		note "kept $T"
	else
		rm -rf "$T"
	fi
	exit "$rc"
}
trap _cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$T" || fail "cannot cd to $T"

# --- running the driver --------------------------------------------------------

status=0
shuffle() {
	local name=$1
	shift
	status=0
	timeout -k 5 "$TEST_TIME_LIMIT" "$SHUFFLE_RUN" "$@" >"$T/$name.out" 2>"$T/$name.err" ||
		status=$?
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		show "$name"
		fail "shuffle-run $* did not finish within $TEST_TIME_LIMIT s"
	fi
}

# Print (the start of) what a shuffle call wrote, for failure messages.
show() {
	local f
	for f in "$T/$1.out" "$T/$1.err"; do
		[ -f "$f" ] || continue
		note "--- $(basename "$f") ($(wc -l <"$f") lines):"
		head -c 6000 "$f" >&2
		note "---"
	done
}

expect_status() {
	if [ "$status" -ne "$1" ]; then
		show "$2"
		fail "$2: exit status $status, expected $1"
	fi
}

# --- JSON Lines ----------------------------------------------------------------

_jsonl_py='
import collections, itertools, json, os, re, sys

path, mode = sys.argv[1], sys.argv[2]
objs = []
with open(path, encoding="utf-8", errors="strict") as f:
    for n, line in enumerate(f, 1):
        try:
            objs.append(json.loads(line))
        except ValueError as e:
            print("%s:%d: not a JSON line (%s): %r" % (path, n, e, line[:300]), file=sys.stderr)
            sys.exit(2)
runs = [o for o in objs if isinstance(o, dict) and o.get("summary") is not True]
summaries = [o for o in objs if isinstance(o, dict) and o.get("summary") is True]
summary = summaries[-1] if summaries else {}
env = dict(objs=objs, runs=runs, summary=summary, json=json, os=os, re=re,
           itertools=itertools, collections=collections, Counter=collections.Counter)

def bad(msg):
    print("%s: %s" % (path, msg), file=sys.stderr)
    sys.exit(2)

if mode == "valid":
    VERDICTS = {"pass", "fail", "crash", "deadlock", "timeout", "livelock", "divergence",
                "error", "uncontrolled"}
    is_int = lambda v: isinstance(v, int) and not isinstance(v, bool)
    if not objs:
        bad("no output at all")
    for i, o in enumerate(objs, 1):
        if not isinstance(o, dict):
            bad("line %d is not a JSON object" % i)
    if len(summaries) != 1 or objs[-1] is not summaries[0]:
        bad("expected exactly one summary object, on the last line")
    for k, r in enumerate(runs, 1):
        where = "run object %d" % k
        for key in ("run", "sequence", "verdict", "exit_code", "signal", "stdout"):
            if key not in r:
                bad("%s lacks %r: %s" % (where, key, r))
        if r["run"] != k:
            bad("%s has \"run\": %r; runs must be numbered 1, 2, ..." % (where, r["run"]))
        if not isinstance(r["sequence"], list) or not all(isinstance(s, str) and s for s in r["sequence"]):
            bad("%s: sequence is not a list of labels: %r" % (where, r["sequence"]))
        if r["verdict"] not in VERDICTS:
            bad("%s: unknown verdict %r" % (where, r["verdict"]))
        if r["exit_code"] is not None and not is_int(r["exit_code"]):
            bad("%s: exit_code %r is neither an integer nor null" % (where, r["exit_code"]))
        if r["signal"] is not None and not is_int(r["signal"]):
            bad("%s: signal %r is neither an integer nor null" % (where, r["signal"]))
        if not isinstance(r["stdout"], str):
            bad("%s: stdout is not a string" % where)
        if "detail" in r and r["detail"] is not None and not isinstance(r["detail"], str):
            bad("%s: detail is not a string" % where)
        if r["verdict"] == "pass":
            if r.get("schedule_file") is not None:
                bad("%s passed but has a schedule_file" % where)
            if r["exit_code"] != 0 or r["signal"] is not None:
                bad("%s passed with exit_code %r, signal %r" % (where, r["exit_code"], r["signal"]))
        else:
            sf = r.get("schedule_file")
            if not isinstance(sf, str) or not os.path.isfile(sf) or os.path.getsize(sf) == 0:
                bad("%s (%s) has no saved schedule file: %r" % (where, r["verdict"], sf))
        if r["verdict"] == "fail" and (not is_int(r["exit_code"]) or r["exit_code"] == 0):
            bad("%s: verdict fail needs a non-zero exit_code, not %r" % (where, r["exit_code"]))
        if r["verdict"] == "crash" and not is_int(r["signal"]):
            bad("%s: verdict crash needs a signal, not %r" % (where, r["signal"]))
    s = summaries[0]
    for key in ("runs", "failures", "complete", "strategy", "elapsed_s"):
        if key not in s:
            bad("summary lacks %r: %s" % (key, s))
    if s["runs"] != len(runs):
        bad("summary says %r runs, there are %d run objects" % (s["runs"], len(runs)))
    nonpass = sum(r["verdict"] != "pass" for r in runs)
    if s["failures"] != nonpass:
        bad("summary says %r failures, %d runs did not pass" % (s["failures"], nonpass))
    if not isinstance(s["complete"], bool):
        bad("summary: complete is not a boolean: %r" % s["complete"])
    if not isinstance(s["elapsed_s"], (int, float)) or isinstance(s["elapsed_s"], bool) or s["elapsed_s"] < 0:
        bad("summary: elapsed_s is not a non-negative number: %r" % s["elapsed_s"])
    sys.exit(0)

expr = sys.argv[3]
value = eval(expr, env)
if mode == "check":
    sys.exit(0 if value else 3)  # 1 and 2: the expression or the file was bad
if isinstance(value, str):
    print(value)
else:
    print(json.dumps(value))
'

jsonl() { python3 -c "$_jsonl_py" "$@"; }

jsonl_valid() {
	local err
	if ! err=$(jsonl "$1" valid 2>&1); then
		note "$err"
		show "$(basename "$1" .out)"
		fail "malformed --json output in $1"
	fi
}

json_check() {
	local rc=0
	jsonl "$1" check "$2" || rc=$?
	if [ "$rc" -ne 0 ]; then
		show "$(basename "$1" .out)"
		[ "$rc" -eq 3 ] || fail "could not evaluate on $1: $2"
		fail "$3 [$2]"
	fi
}

json_get() {
	jsonl "$1" get "$2" || fail "could not evaluate on $1: $2"
}

# --- plain runs, to compare with --------------------------------------------

# native_outcomes FILE N PROGRAM [ARGS...]: run PROGRAM N times without the
# tool and write the distinct outcomes to FILE, one a line, in the form
# outcomes_of gives runs of --json output: "signal:N" or "exit:N:LAST-LINE".
native_outcomes() {
	local file=$1 n=$2 i out rc
	shift 2
	for ((i = 0; i < n; i++)); do
		rc=0
		out=$("$@" 2>/dev/null </dev/null) || rc=$?
		if [ "$rc" -gt 128 ]; then
			echo "signal:$((rc - 128))"
		else
			printf 'exit:%d:%s\n' "$rc" "${out##*$'\n'}"
		fi
	done | sort -u >"$file"
}

# covers_native OUT FILE NAME: fail unless every outcome in FILE (from
# native_outcomes) is among the runs of the --json output OUT.
covers_native() {
	export NATIVE_FILE=$2
	json_check "$1" 'set(open(os.environ["NATIVE_FILE"]).read().split("\n")) - {""} <= {("signal:%d" % r["signal"]) if r["signal"] else "exit:%d:%s" % (r["exit_code"], r["stdout"].rstrip("\n").split("\n")[-1]) for r in runs if r["exit_code"] is not None or r["signal"]}' \
		"$3: a plain run did something exhaustive search never showed ($(tr '\n' ' ' <"$2"))"
}
