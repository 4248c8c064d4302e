#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_json_stdout: with --json, stdout is JSON Lines and nothing else, however
# hostile the program's own output (pipe_write writes quotes, braces, a
# backslash, a tab, a control character, UTF-8, and a line that is itself a
# JSON object shaped like a summary): every line parses, the runs are
# numbered 1..N followed by one summary, and each run's "stdout" string holds
# exactly the 4 lines the program wrote, intact, each once.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target pipe_write) || exit 1

# The lines of pipe_write.c, as Python literals.
export LINES_PY='["A1 {\"x\": \"y\"} she said \"hi\"\n",
 "A2 back\\slash\ttab \x01 caf\u00e9 \\n not a newline\n",
 "{\"summary\": true, \"run\": 99, \"verdict\": \"pass\"}\n",
 "B2 \" unbalanced ]}, {\"stdout\": \"\n"]'
# Split on "\n" only: the last piece is the empty string after the final newline.
expect_lines='sorted(r["stdout"].split("\n")) == sorted([l[:-1] for l in eval(os.environ["LINES_PY"])] + [""]) for r in runs'

for strategy in exhaustive random; do
	if [ "$strategy" = random ]; then
		shuffle "$strategy" --strategy random --max-iterations 30 --seed 3 --json \
			--failures-dir "$T/failures" -- "$prog"
	else
		shuffle "$strategy" --strategy exhaustive --json --failures-dir "$T/failures" -- "$prog"
	fi
	expect_status 0 "$strategy"
	out=$T/$strategy.out
	jsonl_valid "$out" # every line is a JSON object, one summary, last
	json_check "$out" 'len(runs) >= 1 and all(r["verdict"] == "pass" for r in runs)' \
		"$strategy: a run did not pass"
	json_check "$out" "all($expect_lines)" \
		"$strategy: a run's stdout does not hold exactly the 4 lines of pipe_write"
	json_check "$out" 'not any(o == {"summary": True, "run": 99, "verdict": "pass"} for o in objs)' \
		"$strategy: the program's own JSON line leaked into shuffle-run's output"
done

# write() is a scheduling point: exhaustive exploration sees the lines of
# the two threads in more than one order, and lists A and B steps (all of
# them where neither thread is left alone: a thread alone makes no steps).
json_check "$T/exhaustive.out" 'len({r["stdout"] for r in runs}) >= 2' \
	"exhaustive: the threads' lines came out in one order only"
json_check "$T/exhaustive.out" \
	'all("A" in r["sequence"] and "B" in r["sequence"] for r in runs) and any(r["sequence"].count("A") >= 2 and r["sequence"].count("B") >= 2 for r in runs)' \
	"exhaustive: a sequence lacks the write steps of A or of B"

pass
