#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_cond: condition variables are scheduling points. cond_lost_wakeup (A
# waits without a predicate, B signals once), exhaustive: some run passes
# (A waited first), some run is a deadlock whose detail shows A blocked in
# cond_wait (B's signal came first and was lost), nothing else happens, and
# replaying the deadlock deadlocks again. cond_prodcons, exhaustive, all
# complete: the bounded buffer passes every run with items=1,2,3,4;
# `choice` shows all four combinations of arrival and wake-up order of two
# waiters (the scheduler picks the waiter a signal wakes); `broadcast` wakes
# both waiters in every run; `signal-gate` (one signal for two waiters)
# deadlocks in every run with a waiter left in cond_wait.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

# A Python test on run r: some line of its deadlock report names thread $1
# and operation $2 (as "A blocked in cond_wait c1" does).
blocked() {
	printf 'any(re.search(r"(^|\\W)%s\\b", l) and re.search(r"\\b%s\\b", l) for l in (r.get("detail") or "").splitlines())' "$1" "$2"
}

# --- the lost wakeup ----------------------------------------------------------
prog=$(target cond_lost_wakeup) || exit 1
shuffle lost --strategy exhaustive --points sync --json --failures-dir "$T/failures" -- "$prog"
expect_status 1 lost
out=$T/lost.out
jsonl_valid "$out"
json_check "$out" 'summary["complete"] is True' "cond_lost_wakeup: exhaustive exploration did not report complete"
json_check "$out" 'any(r["verdict"] == "pass" and r["stdout"] == "woken\n" for r in runs)' \
	"cond_lost_wakeup: no run passed (A waiting before B signals must wake)"
json_check "$out" 'any(r["verdict"] == "deadlock" for r in runs)' \
	"cond_lost_wakeup: no run deadlocked (B signalling before A waits loses the wakeup)"
json_check "$out" 'all(r["verdict"] in ("pass", "deadlock") for r in runs)' \
	"cond_lost_wakeup: a run ended otherwise than pass or deadlock"
json_check "$out" "all($(blocked A cond_wait) for r in runs if r['verdict'] == 'deadlock')" \
	"cond_lost_wakeup: a deadlock detail has no line showing A blocked in cond_wait"
json_check "$out" "all($(blocked main join) for r in runs if r['verdict'] == 'deadlock')" \
	"cond_lost_wakeup: a deadlock detail has no line showing main blocked in join"

sf=$(json_get "$out" '[r for r in runs if r["verdict"] == "deadlock"][0]["schedule_file"]') || exit 1
shuffle replay --json --failures-dir "$T/replay-failures" --replay "$sf"
expect_status 1 replay
jsonl_valid "$T/replay.out"
json_check "$T/replay.out" 'len(runs) == 1 and runs[0]["verdict"] == "deadlock"' \
	"replaying the lost-wakeup schedule $sf did not deadlock again"

# --- correct uses ---------------------------------------------------------------
prog=$(target cond_prodcons) || exit 1

all_pass() { # NAME ARG EXPECTED_STDOUT_REGEX
	shuffle "$1" --strategy exhaustive --points sync --json --failures-dir "$T/failures" -- "$prog" "$2"
	expect_status 0 "$1"
	jsonl_valid "$T/$1.out"
	export STDOUT_RE=$3
	json_check "$T/$1.out" 'summary["complete"] is True' "$1: exhaustive exploration did not report complete"
	json_check "$T/$1.out" 'all(r["verdict"] == "pass" for r in runs)' "$1: a run did not pass"
	json_check "$T/$1.out" 'all(re.fullmatch(os.environ["STDOUT_RE"], r["stdout"]) for r in runs)' \
		"$1: a run printed something else than /$3/"
}

# The bounded buffer; no argument (an empty one is refused), so not all_pass.
shuffle buffer --strategy exhaustive --points sync --json --failures-dir "$T/failures" -- "$prog"
expect_status 0 buffer
jsonl_valid "$T/buffer.out"
json_check "$T/buffer.out" 'summary["complete"] is True' "buffer: exhaustive exploration did not report complete"
json_check "$T/buffer.out" 'all(r["verdict"] == "pass" and r["stdout"] == "items=1,2,3,4\n" for r in runs)' \
	"buffer: a run did not pass with items=1,2,3,4"
# Waits happen in some schedules only (a full or an empty buffer): sequences differ.
json_check "$T/buffer.out" 'len({tuple(r["sequence"]) for r in runs}) >= 2' \
	"buffer: a single sequence: condition variable operations were not scheduling points"

all_pass choice choice $'arrived=(AB|BA) woken=(AB|BA)\n'
json_check "$T/choice.out" \
	'{r["stdout"] for r in runs} == {"arrived=%s woken=%s\n" % (a, w) for a in ("AB", "BA") for w in ("AB", "BA")}' \
	"choice: not all four (arrival order, wake-up order) pairs were seen: the scheduler does not choose which waiter a signal wakes"

all_pass broadcast broadcast $'arrived=(AB|BA) woken=(AB|BA)\n'
json_check "$T/broadcast.out" 'len({r["stdout"][-3:] for r in runs}) == 2' \
	"broadcast: the two waiters always woke in the same order"

# One signal for two waiters: one of them is left behind in every schedule.
shuffle gate --strategy exhaustive --points sync --json --failures-dir "$T/failures" -- "$prog" signal-gate
expect_status 1 gate
jsonl_valid "$T/gate.out"
json_check "$T/gate.out" 'summary["complete"] is True' "signal-gate: exhaustive exploration did not report complete"
json_check "$T/gate.out" 'all(r["verdict"] == "deadlock" for r in runs)' \
	"signal-gate: a run did not deadlock (a signal woke both waiters?)"
json_check "$T/gate.out" "all($(blocked A cond_wait) or $(blocked B cond_wait) for r in runs)" \
	"signal-gate: a deadlock detail shows neither A nor B blocked in cond_wait"

pass
