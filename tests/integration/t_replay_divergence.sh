#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_replay_divergence: a schedule that no longer matches the program is
# reported, not silently followed elsewhere. From a schedule file saved for a
# failing run of lost_update_mutex, two edited copies are made: one where a
# decision records a different pending operation for the thread it runs, one
# where a decision's list of enabled threads is different. Replaying either
# gives verdict divergence (--json) and exit status 1, with a message that
# mentions "diverge"; the unedited file still replays as a plain fail.
#
# The schedule format is the one documented in src/schedule.h:
#   decision TID OP ENABLED-TID...    (e.g. "decision 1 lock 1 2")
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target lost_update_mutex) || exit 1

shuffle ex --strategy exhaustive --stop-on-failure --json --failures-dir "$T/failures" -- "$prog"
expect_status 1 ex
jsonl_valid "$T/ex.out"
sf=$(json_get "$T/ex.out" '[r for r in runs if r["verdict"] == "fail"][0]["schedule_file"]') || exit 1

# The unedited schedule replays as the failure it recorded.
shuffle orig --json --failures-dir "$T/replay-failures" --replay "$sf"
expect_status 1 orig
jsonl_valid "$T/orig.out"
json_check "$T/orig.out" 'len(runs) == 1 and runs[0]["verdict"] == "fail"' \
	"the unedited schedule $sf does not replay as a fail"

# edit MODE IN OUT: change the first decision that allows it. Exit 3 when the
# file has no decision line that can be edited that way.
edit() {
	python3 - "$@" <<'PY'
import re, sys

mode, src, dst = sys.argv[1:4]
lines = open(src, encoding="utf-8").read().split("\n")
decision = re.compile(r"^(\s*decision\s+)(\d+)\s+(\S+)((?:\s+\d+)+)(\s*(?:#.*)?)$")
OPS = ("lock", "unlock")
for i, line in enumerate(lines):
    m = decision.match(line)
    if not m:
        continue
    head, tid, op, enabled, tail = m.groups()
    en = [int(x) for x in enabled.split()]
    if mode == "op":
        if op == "none":
            continue
        new_op = "unlock" if op == "lock" else "lock"
        lines[i] = "%s%s %s %s%s" % (head, tid, new_op, " ".join(map(str, en)), tail)
    else:
        if 0 not in en:
            en = [0] + en  # main (tid 0) is declared by every schedule
        elif len(en) >= 3:
            en.remove(next(t for t in en if t != int(tid)))
        else:
            continue
        lines[i] = "%s%s %s %s%s" % (head, tid, op, " ".join(map(str, en)), tail)
    open(dst, "w", encoding="utf-8").write("\n".join(lines))
    print("line %d: %r -> %r" % (i + 1, line, lines[i]), file=sys.stderr)
    sys.exit(0)
sys.exit(3)
PY
}

for mode in op enabled; do
	edited=$T/$mode.schedule
	rc=0
	edit "$mode" "$sf" "$edited" || rc=$?
	if [ "$rc" -ne 0 ]; then
		note "--- $sf:"
		cat "$sf" >&2
		fail "no decision line of the form 'decision TID OP ENABLED...' to edit ($mode) in $sf"
	fi

	shuffle "$mode-json" --json --failures-dir "$T/replay-failures" --replay "$edited"
	expect_status 1 "$mode-json"
	jsonl_valid "$T/$mode-json.out"
	json_check "$T/$mode-json.out" 'len(runs) == 1 and runs[0]["verdict"] == "divergence"' \
		"replaying the schedule with a changed $mode did not end as a divergence"
	json_check "$T/$mode-json.out" 're.search("diverg", runs[0].get("detail") or "", re.I)' \
		"the divergence detail does not say 'diverge'"

	shuffle "$mode-text" --failures-dir "$T/replay-failures" --replay "$edited"
	expect_status 1 "$mode-text"
	grep -qi 'diverg' "$T/$mode-text.out" "$T/$mode-text.err" ||
		{ show "$mode-text"; fail "text replay of the schedule with a changed $mode does not mention 'diverge'"; }
done

pass
