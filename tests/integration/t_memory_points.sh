#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_memory_points: memory accesses and atomics as scheduling points through
# shuffle-cc, with gcc and with clang (each skipped when missing).
# mem_counter (two threads do counter++ on a plain global), built with
# shuffle-cc: natively it prints counter=2 like the plain build (the hooks
# are no-ops); exhaustive exploration is complete, finds counter=1 (the lost
# increment), reports memory_points true, and its schedule file replays to
# the same verdict. Built plainly: no run loses the increment, memory_points
# is false, and the text summary says memory accesses were not points.
# atomic_handoff (A spins on an atomic flag B sets after writing data),
# built with shuffle-cc: every schedule prints data=42, the search is
# complete (a re-load of an unchanged flag gives way), and no data race is
# reported (release/acquire orders the data). shuffle-c++ with g++ and
# clang++ builds a C++ counter whose lost increment is found too.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

cc_wrapper=$top_builddir/scripts/shuffle-cc
cxx_wrapper=$top_builddir/scripts/shuffle-c++
[ -x "$cc_wrapper" ] || fail "$cc_wrapper is missing: build first (make)"
src=$top_srcdir/tests/targets
plain_counter=$(target mem_counter) || exit 1

compilers=0
for cc in gcc clang; do
	command -v "$cc" >/dev/null 2>&1 || { note "no $cc: skipped"; continue; }
	compilers=$((compilers + 1))
	counter=$T/mem_counter-$cc
	SHUFFLE_CC=$cc "$cc_wrapper" -g -O1 -pthread -o "$counter" "$src/mem_counter.c" ||
		fail "shuffle-cc with $cc cannot build mem_counter"
	if nm -D "$counter" | grep -q ' U __tsan_'; then :; else
		fail "$cc: the shuffle-cc build of mem_counter calls no __tsan_ hook"
	fi
	if ldd "$counter" | grep -q libtsan; then
		fail "$cc: the shuffle-cc build links ThreadSanitizer's runtime"
	fi
	native=$("$counter") || fail "$cc: the instrumented mem_counter fails natively: $native"
	[ "$native" = "$("$plain_counter")" ] || fail "$cc: native output $native differs from the plain build's"

	shuffle "counter-$cc" --strategy exhaustive --json --failures-dir "$T/f-$cc" -- "$counter"
	out=$T/counter-$cc.out
	jsonl_valid "$out"
	expect_status 1 "counter-$cc"
	json_check "$out" 'summary["complete"] is True' "$cc: the exploration of mem_counter is not complete"
	json_check "$out" 'summary["memory_points"] is True' "$cc: memory_points is not true for a shuffle-cc build"
	json_check "$out" 'any(r["stdout"] == "counter=1\n" and r["verdict"] == "fail" for r in runs)' \
		"$cc: no schedule lost an increment"
	json_check "$out" 'any(r["stdout"] == "counter=2\n" and r["verdict"] == "pass" for r in runs)' \
		"$cc: no schedule kept both increments"
	file=$(json_get "$out" '[r["schedule_file"] for r in runs if r["verdict"] == "fail"][0]') || exit 1
	shuffle "replay-$cc" --replay "$file" --json
	expect_status 1 "replay-$cc"
	json_check "$T/replay-$cc.out" 'runs[0]["verdict"] == "fail" and runs[0]["stdout"] == "counter=1\n"' \
		"$cc: the failing schedule does not replay to the lost increment"

	handoff=$T/atomic_handoff-$cc
	SHUFFLE_CC=$cc "$cc_wrapper" -g -O1 -pthread -o "$handoff" "$src/atomic_handoff.c" ||
		fail "shuffle-cc with $cc cannot build atomic_handoff"
	[ "$("$handoff")" = "data=42" ] || fail "$cc: the instrumented atomic_handoff fails natively"
	shuffle "handoff-$cc" --strategy exhaustive --max-steps 10000 --json --failures-dir "$T/f-$cc" -- "$handoff"
	out=$T/handoff-$cc.out
	jsonl_valid "$out"
	expect_status 0 "handoff-$cc"
	json_check "$out" 'summary["complete"] is True and len(runs) > 1' \
		"$cc: the exploration of the atomic spin handoff is not complete"
	json_check "$out" 'all(r["verdict"] == "pass" and r["stdout"] == "data=42\n" for r in runs)' \
		"$cc: a schedule of the atomic spin handoff did not pass"
	json_check "$out" 'summary["races"] == 0 and not any("races" in r for r in runs)' \
		"$cc: a data race was reported where release/acquire orders the data"
	json_check "$out" 'any(e.startswith("A") for r in runs for e in r["sequence"][r["sequence"].index("B"):] if "B" in r["sequence"])' \
		"$cc: A never ran after B started: the spin was not interleaved"
done
[ "$compilers" -gt 0 ] || skip "neither gcc nor clang"

# --- the plain build: no memory points, and the summary says so -----------------
shuffle plain --strategy exhaustive --json -- "$plain_counter"
out=$T/plain.out
jsonl_valid "$out"
expect_status 0 plain
json_check "$out" 'summary["memory_points"] is False' "memory_points is not false for a plain build"
json_check "$out" 'all(r["stdout"] == "counter=2\n" for r in runs)' \
	"a plain build lost an increment: something interleaved inside counter++"
shuffle plain-text --strategy exhaustive -- "$plain_counter"
grep -q 'memory accesses were not scheduling points' "$T/plain-text.out" ||
	{ show plain-text; fail "the text summary does not say memory accesses were not points"; }

# --- shuffle-c++ ---------------------------------------------------------------
cat >"$T/counter.cc" <<'CXX'
#include <cstdio>
#include <thread>
static int counter;
int main()
{
	std::thread a([] { counter++; }), b([] { counter++; });
	a.join();
	b.join();
	std::printf("counter=%d\n", counter);
	return counter == 2 ? 0 : 1;
}
CXX
for cxx in g++ clang++; do
	command -v "$cxx" >/dev/null 2>&1 || { note "no $cxx: skipped"; continue; }
	SHUFFLE_CXX=$cxx "$cxx_wrapper" -g -O1 -pthread -o "$T/counter-$cxx" "$T/counter.cc" ||
		fail "shuffle-c++ with $cxx cannot build a C++ program"
	[ "$("$T/counter-$cxx")" = "counter=2" ] || fail "$cxx: the instrumented C++ counter fails natively"
	shuffle "cxx-$cxx" --strategy random --max-iterations 200 --seed 1 --points memory,thread --json \
		--failures-dir "$T/f-$cxx" -- "$T/counter-$cxx"
	jsonl_valid "$T/cxx-$cxx.out"
	json_check "$T/cxx-$cxx.out" 'any(r["stdout"] == "counter=1\n" for r in runs)' \
		"$cxx: 200 random runs of the C++ counter never lost an increment"
done

pass
