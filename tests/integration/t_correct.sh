#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_correct: correct programs pass under every schedule. correct_counter
# (3 threads, 2 locked increments each) and sem_handoff (producer/consumer,
# two semaphores, one slot): exhaustive, exit status 0, zero failures, every
# run passes with the right output and the space is exhausted (complete).
# correct_counter has many schedules; sem_handoff may have a single one: its
# two semaphores leave exactly one thread able to go on at every operation
# (its sequence is then always A,A,B,B three times).
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

check_correct() { # NAME EXPECTED_STDOUT MIN_DISTINCT_SEQUENCES
	local name=$1 prog
	prog=$(target "$name") || exit 1
	shuffle "$name" --strategy exhaustive --points sync --json --failures-dir "$T/failures-$name" -- "$prog"
	expect_status 0 "$name"
	local out=$T/$name.out
	jsonl_valid "$out"
	export EXPECTED=$2
	json_check "$out" 'summary["failures"] == 0' "$name: the summary counts failures"
	json_check "$out" 'summary["complete"] is True' "$name: exhaustive exploration did not report complete"
	json_check "$out" 'summary["strategy"] == "exhaustive"' "$name: summary names another strategy"
	json_check "$out" 'all(r["verdict"] == "pass" for r in runs)' "$name: a run did not pass"
	json_check "$out" 'all(r["stdout"] == os.environ["EXPECTED"] for r in runs)' \
		"$name: a run printed something other than $2"
	export MIN_SEQUENCES=$3
	json_check "$out" 'len({tuple(r["sequence"]) for r in runs}) >= int(os.environ["MIN_SEQUENCES"])' \
		"$name: fewer than $3 different sequences: the schedules were not explored"

	# Without --json: the same exit status.
	shuffle "$name-text" --strategy exhaustive --points sync --failures-dir "$T/failures-$name" -- "$prog"
	expect_status 0 "$name-text"
}

check_correct correct_counter $'counter=6\n' 2
check_correct sem_handoff $'items=10,20,30\n' 1
# Producer A: wait, post; consumer B: wait, post; three times. After each
# post the poster's next wait blocks, so this is the only possible sequence.
json_check "$T/sem_handoff.out" 'all(r["sequence"] == list("AABB") * 3 for r in runs)' \
	"sem_handoff: a sequence is not A,A,B,B three times (semaphore operations are scheduling points)"

pass
