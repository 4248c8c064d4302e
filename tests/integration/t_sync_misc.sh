#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_sync_misc: the other synchronization kinds, each exhaustive: complete,
# every run passes with the right output, and (where threads compete) more
# than one sequence. once_init (pthread_once from two threads: the routine
# runs once, and nobody returns before it finished): counter=1.
# spin_counter (2 x 2 increments under a spinlock, a scheduling point inside
# each): counter=4. mutex_kinds (a recursive mutex held twice while B waits,
# an error-checking mutex relocked: EDEADLK, unlocked twice: EPERM): ok.
# mutex_kinds selflock (a normal mutex locked twice): every run deadlocks
# and the report shows A blocked in lock, held by A. detached_exit (a
# detached thread, a thread ending with pthread_exit(42), a thread joining it
# and calling exit(0); main in join, or gone with pthread_exit): joined=42.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

all_pass() { # NAME EXPECTED MIN_SEQUENCES TARGET [ARG]
	local name=$1 expected=$2 min=$3 prog
	prog=$(target "$4") || exit 1
	shift 4
	shuffle "$name" --strategy exhaustive --points sync --json --failures-dir "$T/failures" -- "$prog" "$@"
	local out=$T/$name.out
	jsonl_valid "$out"
	expect_status 0 "$name"
	json_check "$out" 'summary["complete"] is True' "$name: exhaustive exploration did not report complete"
	export EXPECTED=$expected MIN_SEQUENCES=$min
	json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] == os.environ["EXPECTED"] for r in runs)' \
		"$name: a run did not pass with the output: $expected"
	json_check "$out" 'len({tuple(r["sequence"]) for r in runs}) >= int(os.environ["MIN_SEQUENCES"])' \
		"$name: fewer than $min different sequences"
}

all_pass once $'counter=1\n' 2 once_init
all_pass spin $'counter=4\n' 2 spin_counter
all_pass kinds $'ok\n' 2 mutex_kinds
# Exits: the detached thread may or may not have run; no run may hang.
all_pass detached $'joined=42\n' 1 detached_exit
all_pass detached-main-exits $'joined=42\n' 1 detached_exit main-exits

prog=$(target mutex_kinds) || exit 1
shuffle selflock --strategy exhaustive --points sync --json --failures-dir "$T/failures" -- "$prog" selflock
out=$T/selflock.out
jsonl_valid "$out"
expect_status 1 selflock
json_check "$out" 'all(r["verdict"] == "deadlock" for r in runs)' "selflock: a run did not deadlock"
json_check "$out" \
	'all(any(re.search(r"^\W*A\b", l) and re.search(r"\block\b", l) and re.search(r"\bheld by A\b", l) for l in (r.get("detail") or "").splitlines()) for r in runs)' \
	"selflock: the report has no line showing A blocked in lock, held by A"

pass
