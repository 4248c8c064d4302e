#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_rwlock_barrier: read-write locks and barriers. rwlock_readers (readers A
# with rdlock and B with timedrdlock, writer C with wrlock, checked
# invariant; then try operations in main), exhaustive: complete, every run
# passes with x=5 y=5, some run has both readers inside at once
# (max_readers=2: read locks are shared), some has not, and there are
# several sequences. `deadlock` (main holds the write lock and waits on a
# semaphore; A wants a read lock, B the write lock): every run deadlocks and
# the report shows main in sem_wait, A in rdlock and B in wrlock, both held
# by main. barrier_phases (A, B, C through two phases of a barrier of 3),
# exhaustive: complete, every run passes with exactly one serial thread per
# phase (serial=1,1); `deadlock` (a barrier of 4): every run deadlocks with
# A, B and C in barrier_wait and main in join.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

# A Python test on run r: some line of its deadlock report names thread $1
# and operation $2 (as "A blocked in rdlock r1, held by main" does).
blocked() {
	printf 'any(re.search(r"(^|\\W)%s\\b", l) and re.search(r"\\b%s\\b", l) for l in (r.get("detail") or "").splitlines())' "$1" "$2"
}

exhaustive() { # NAME STATUS PROGRAM [ARG]
	local name=$1 want=$2
	shift 2
	shuffle "$name" --strategy exhaustive --points sync,manual --json --failures-dir "$T/failures" -- "$@"
	jsonl_valid "$T/$name.out"
	expect_status "$want" "$name"
	json_check "$T/$name.out" 'summary["complete"] is True' "$name: exhaustive exploration did not report complete"
}

# --- read-write lock ------------------------------------------------------------
prog=$(target rwlock_readers) || exit 1
exhaustive rw 0 "$prog"
out=$T/rw.out
json_check "$out" 'all(r["verdict"] == "pass" for r in runs)' "rwlock_readers: a run did not pass"
json_check "$out" 'all(re.fullmatch(r"max_readers=[12] x=5 y=5\n", r["stdout"]) for r in runs)' \
	"rwlock_readers: a run printed something else than max_readers=1|2 x=5 y=5"
json_check "$out" 'any(r["stdout"].startswith("max_readers=2 ") for r in runs)' \
	"rwlock_readers: the two readers were never inside together: read locks were exclusive"
json_check "$out" 'any(r["stdout"].startswith("max_readers=1 ") for r in runs)' \
	"rwlock_readers: the readers were always inside together: the writer never came between"
json_check "$out" 'len({tuple(r["sequence"]) for r in runs}) >= 2' \
	"rwlock_readers: fewer than 2 different sequences"

exhaustive rw-deadlock 1 "$prog" deadlock
out=$T/rw-deadlock.out
json_check "$out" 'all(r["verdict"] == "deadlock" for r in runs)' "rwlock_readers deadlock: a run did not deadlock"
json_check "$out" "all($(blocked main sem_wait) for r in runs)" \
	"rwlock_readers deadlock: the report does not show main blocked in sem_wait"
json_check "$out" "all($(blocked A rdlock) for r in runs)" \
	"rwlock_readers deadlock: the report does not show A blocked in rdlock"
json_check "$out" "all($(blocked B wrlock) for r in runs)" \
	"rwlock_readers deadlock: the report does not show B blocked in wrlock"

# --- barrier ---------------------------------------------------------------------
prog=$(target barrier_phases) || exit 1
exhaustive barrier 0 "$prog"
out=$T/barrier.out
json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] == "serial=1,1\n" for r in runs)' \
	"barrier_phases: a run did not pass with serial=1,1"
json_check "$out" 'len({tuple(r["sequence"]) for r in runs}) >= 2' \
	"barrier_phases: fewer than 2 different sequences"

exhaustive barrier-deadlock 1 "$prog" deadlock
out=$T/barrier-deadlock.out
json_check "$out" 'all(r["verdict"] == "deadlock" and r["stdout"] == "" for r in runs)' \
	"barrier_phases deadlock: a run did not deadlock"
for who in A B C; do
	json_check "$out" "all($(blocked "$who" barrier_wait) for r in runs)" \
		"barrier_phases deadlock: the report does not show $who blocked in barrier_wait"
done
json_check "$out" "all($(blocked main join) for r in runs)" \
	"barrier_phases deadlock: the report does not show main blocked in join"

pass
