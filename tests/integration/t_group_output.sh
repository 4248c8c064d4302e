#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_group_output: --group-by-output on the seed's example gives the outcome
# table: value=1 in 4 runs (one schedule file for it), value=2 in 2 runs; in
# JSON the summary carries the same table, and the text table lists both.
# --tree draws the runs as the seed's interleaving tree.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$EXAMPLES/lost_update
[ -x "$prog" ] || fail "$prog is missing: build it (make)"

shuffle js --strategy exhaustive --points manual --group-by-output --json --failures-dir "$T/f" -- "$prog"
expect_status 1 js
json_check "$T/js.out" \
	'sorted((o["stdout"], o["runs"]) for o in summary["outcomes"]) == [("value=1\n", 4), ("value=2\n", 2)]' \
	"the outcome table is not value=1 x4, value=2 x2"
json_check "$T/js.out" \
	'all(os.path.exists(o["schedule_file"]) for o in summary["outcomes"] if o["verdict"] != "pass")' \
	"a failing outcome has no schedule file"
json_check "$T/js.out" \
	'[o["runs"] for o in summary["outcomes"]] == sorted((o["runs"] for o in summary["outcomes"]), reverse=True)' \
	"the outcomes are not sorted by count"

shuffle txt --strategy exhaustive --points manual --group-by-output --failures-dir "$T/f" -- "$prog"
expect_status 1 txt
grep -Eq '^4 +fail +value=1 ' "$T/txt.out" || fail "the text table lacks the value=1 row"
grep -Eq '^2 +pass +value=2 ' "$T/txt.out" || fail "the text table lacks the value=2 row"

# --tree: the seed's interleaving tree, each of the 6 runs a leaf.
shuffle tree --strategy exhaustive --points manual --tree --failures-dir "$T/f" -- "$prog"
expect_status 1 tree
[ "$(grep -c '   run [1-6]: ' "$T/tree.out")" -eq 6 ] || fail "the tree does not have 6 leaves"
grep -q '^├── A$' "$T/tree.out" && grep -q '^└── B$' "$T/tree.out" ||
	fail "the tree does not branch on A and B at the root"
grep -q '── A ── B ── B   run 1: pass value=2$' "$T/tree.out" ||
	fail "the first leaf is not A A B B with value=2"

pass
