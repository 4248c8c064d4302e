#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_races: data races of a shuffle-cc build are reported, once per pair of
# source locations per exploration, in passing runs too, in text and JSON.
# mem_counter (counter++ in two threads, no lock), exhaustive: the summary
# counts 1 race; exactly one run lists it, with both accesses at
# mem_counter.c:14 (the increment), one of them a write, by A and B; the
# first run, which passes, is that run. The text report says the same on a
# "data race" line. correct_counter (every increment under a mutex, main
# reads after join), 30 random runs: no race reported. split_slots (two
# threads write the two ints of one 8-byte int[2]), exhaustive: no race.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

command -v gcc >/dev/null 2>&1 || skip "no gcc"
command -v addr2line >/dev/null 2>&1 || skip "no addr2line (binutils) to name source lines"
cc_wrapper=$top_builddir/scripts/shuffle-cc
src=$top_srcdir/tests/targets
line=$(grep -n 'counter++;' "$src/mem_counter.c" | cut -d: -f1)
export WHERE="mem_counter.c:$line"

SHUFFLE_CC=gcc "$cc_wrapper" -g -O1 -pthread -o "$T/mem_counter" "$src/mem_counter.c" ||
	fail "shuffle-cc cannot build mem_counter"
shuffle racy --strategy exhaustive --json --failures-dir "$T/f" -- "$T/mem_counter"
out=$T/racy.out
jsonl_valid "$out"
expect_status 1 racy
json_check "$out" 'summary["races"] == 1' "the summary does not count exactly one race"
json_check "$out" 'sum(len(r.get("races", [])) for r in runs) == 1' \
	"the race is not listed exactly once in the exploration"
json_check "$out" 'runs[0]["verdict"] == "pass" and len(runs[0].get("races", [])) == 1' \
	"the first run passes but does not list the race"
json_check "$out" 'all(os.environ["WHERE"] in s["where"] for s in (runs[0]["races"][0]["first"], runs[0]["races"][0]["second"]))' \
	"the race does not name $WHERE for both accesses"
json_check "$out" '{runs[0]["races"][0]["first"]["thread"], runs[0]["races"][0]["second"]["thread"]} == {"A", "B"}' \
	"the race does not name threads A and B"
json_check "$out" '"write" in (runs[0]["races"][0]["first"]["access"], runs[0]["races"][0]["second"]["access"])' \
	"neither access of the race is a write"

shuffle racy-text --strategy exhaustive --failures-dir "$T/f" -- "$T/mem_counter"
n=$(grep -c "data race on .*$WHERE.*$WHERE" "$T/racy-text.out")
[ "$n" -eq 1 ] || { show racy-text; fail "the text report has $n data race lines naming $WHERE twice, not 1"; }

SHUFFLE_CC=gcc "$cc_wrapper" -g -O1 -pthread -o "$T/correct_counter" "$src/correct_counter.c" ||
	fail "shuffle-cc cannot build correct_counter"
shuffle locked --strategy random --seed 7 --max-iterations 30 --json --failures-dir "$T/f" -- "$T/correct_counter"
out=$T/locked.out
jsonl_valid "$out"
expect_status 0 locked
json_check "$out" 'summary["memory_points"] is True' "correct_counter's memory hooks did not reach the runtime"
json_check "$out" 'summary["races"] == 0' "a race was reported in a program that locks every access"

SHUFFLE_CC=gcc "$cc_wrapper" -g -O1 -pthread -o "$T/split_slots" "$src/split_slots.c" ||
	fail "shuffle-cc cannot build split_slots"
shuffle split --strategy exhaustive --json --failures-dir "$T/f" -- "$T/split_slots"
out=$T/split.out
jsonl_valid "$out"
expect_status 0 split
json_check "$out" 'summary["complete"] is True and summary["races"] == 0' \
	"a race was reported between two different ints that share 8 bytes"

pass
