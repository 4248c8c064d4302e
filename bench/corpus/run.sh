#!/bin/bash
# bench/corpus/run.sh - build each program of the corpus twice (plain, and
# with shuffle-cc), explore each build exhaustively (at most 2000 runs), and
# print a Markdown table: runs, whether a failing schedule was found, data
# races reported, whether the exploration was complete, memory_points.
# Run from a built tree: bench/corpus/run.sh [BUILDDIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../..}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| program | expected | build | runs | failing | races | complete | memory_points | time |"
echo "|---|---|---|---|---|---|---|---|---|"
for src in "$here"/*.c; do
	name=$(basename "$src" .c)
	expected=$(grep -q 'BUGGY' "$src" && echo buggy || echo correct)
	cc -g -O1 -pthread -o "$work/$name-plain" "$src"
	"$build/scripts/shuffle-cc" -g -O1 -pthread -o "$work/$name-cc" "$src"
	for kind in plain cc; do
		"$build/src/shuffle-run" --strategy exhaustive --max-iterations 2000 --json \
			--failures-dir "$work/f" -- "$work/$name-$kind" >"$work/out" || true
		python3 - "$work/out" "$name" "$expected" "$kind" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
s = objs[-1]
build = "shuffle-cc" if sys.argv[4] == "cc" else "plain cc"
print("| %s | %s | %s | %d | %d | %d | %s | %s | %.2f s |" % (
    sys.argv[2], sys.argv[3], build, s["runs"], s["failures"], s["races"],
    "yes" if s["complete"] else "no", str(s["memory_points"]).lower(), s["elapsed_s"]))
PY
	done
done
