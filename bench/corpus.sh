#!/bin/bash
# bench/corpus.sh - the concurrency bug corpus (bench/corpus/*.c) against
# shuffle-run: each program built plainly (cc -pthread) and with shuffle-cc,
# each build explored with each strategy of $STRATEGIES (default: exhaustive,
# random and pct; the seeded ones with --seed 1; exhaustive/N is exhaustive
# with --max-preemptions N), at most 1000 runs each. Prints a Markdown table: runs done, runs
# failing, the number of the first failing run, whether the exploration was
# complete. Run from a built tree: bench/corpus.sh [BUILDDIR [PROGRAM...]]
# (PROGRAM: a name in bench/corpus, to run only those; SHUFFLE_TIMEOUT
# shortens runs that end as timeout or livelock).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/..}
shift $(($# > 0))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| program | expected | build | strategy | runs | failing | first failing run | complete | time |"
echo "|---|---|---|---|---|---|---|---|---|"
for src in "$here"/corpus/*.c; do
	name=$(basename "$src" .c)
	[ $# -eq 0 ] || [[ " $* " == *" $name "* ]] || continue
	expected=$(grep -q 'BUGGY' "$src" && echo buggy || echo correct)
	cc -g -O1 -pthread -o "$work/$name-plain" "$src"
	"$build/scripts/shuffle-cc" -g -O1 -pthread -o "$work/$name-shuffle-cc" "$src"
	for kind in plain shuffle-cc; do
		for strategy in ${STRATEGIES:-exhaustive random pct}; do
			# exhaustive/N: exhaustive with --max-preemptions N.
			args=(--strategy "${strategy%/*}")
			[ "$strategy" = "${strategy%/*}" ] || args+=(--max-preemptions "${strategy#*/}")
			[ "${strategy%/*}" = exhaustive ] || args+=(--seed 1)
			"$build/src/shuffle-run" --json --max-iterations 1000 "${args[@]}" \
				--failures-dir "$work/f" -- "$work/$name-$kind" >"$work/out" || true
			python3 - "$work/out" "$name" "$expected" "$kind" "$strategy" <<'PY'
import json, sys
out, name, expected, build, strategy = sys.argv[1:]
objs = [json.loads(l) for l in open(out)]
s = objs[-1]
first = next((o["run"] for o in objs[:-1] if o.get("verdict") != "pass"), None)
print("| %s | %s | %s | %s | %d | %d | %s | %s | %.1f s |" % (
    name, expected, build, strategy, s["runs"], s["failures"],
    first if first is not None else "none",
    "yes" if s["complete"] else "no", s["elapsed_s"]))
PY
		done
	done
done
