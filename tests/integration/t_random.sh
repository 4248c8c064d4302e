#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_random: the random strategy is reproducible from its seed. On
# locked_sections, --seed 7 --max-iterations 20 twice gives identical run
# objects (and summaries apart from timing); the environment variables do the
# same as the options, and the options override them; --max-iterations 5
# gives exactly 5 runs, and without it the random strategy (the default)
# makes 100.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

prog=$(target locked_sections) || exit 1

# Objects without their timing fields, which may differ between two runs.
export UNTIMED='lambda o: {k: v for k, v in o.items() if not re.search(r"elapsed|_per_s|time|duration", k)}'

same_runs() { # FILE1 FILE2 MESSAGE
	export OTHER=$2
	json_check "$1" '(
	[eval(os.environ["UNTIMED"], {"re": re})(o) for o in objs] ==
	[eval(os.environ["UNTIMED"], {"re": re})(json.loads(l)) for l in open(os.environ["OTHER"], encoding="utf-8")])' "$3"
}

fd=$T/failures
shuffle a --strategy random --seed 7 --max-iterations 20 --json --failures-dir "$fd" -- "$prog"
expect_status 0 a
jsonl_valid "$T/a.out"
json_check "$T/a.out" 'len(runs) == 20' "--max-iterations 20 did not make 20 runs"
json_check "$T/a.out" 'summary["strategy"] == "random"' "summary names another strategy"
json_check "$T/a.out" 'all(r["verdict"] == "pass" for r in runs)' "a run of locked_sections failed"
# With 6 equally possible orders, 20 runs that all pick the same one would
# mean the choices are not random at all.
json_check "$T/a.out" 'len({r["stdout"] for r in runs}) >= 2' "20 random runs all took the same order"

shuffle b --strategy random --seed 7 --max-iterations 20 --json --failures-dir "$fd" -- "$prog"
expect_status 0 b
jsonl_valid "$T/b.out"
same_runs "$T/a.out" "$T/b.out" "two runs with --seed 7 differ (beyond elapsed time)"

# The environment gives the same settings.
SHUFFLE_STRATEGY=random SHUFFLE_SEED=7 SHUFFLE_MAX_ITERATIONS=20 \
	shuffle env --json --failures-dir "$fd" -- "$prog"
expect_status 0 env
jsonl_valid "$T/env.out"
same_runs "$T/a.out" "$T/env.out" "SHUFFLE_SEED=7 SHUFFLE_MAX_ITERATIONS=20 differs from --seed 7 --max-iterations 20"

# Another seed is allowed to differ, but must still make 20 good runs.
shuffle c --strategy random --seed 8 --max-iterations 20 --json --failures-dir "$fd" -- "$prog"
expect_status 0 c
jsonl_valid "$T/c.out"
json_check "$T/c.out" 'len(runs) == 20' "--seed 8 --max-iterations 20 did not make 20 runs"

# Exactly 5 runs, with the default strategy (random), with and without a
# seed, and with the option overriding the environment.
shuffle five --max-iterations 5 --json --failures-dir "$fd" -- "$prog"
expect_status 0 five
jsonl_valid "$T/five.out"
json_check "$T/five.out" 'len(runs) == 5 and summary["runs"] == 5' "--max-iterations 5 did not make exactly 5 runs"
json_check "$T/five.out" 'summary["strategy"] == "random"' "the default strategy is not random"

shuffle five-seeded --seed 7 --max-iterations 5 --json --failures-dir "$fd" -- "$prog"
expect_status 0 five-seeded
jsonl_valid "$T/five-seeded.out"
json_check "$T/five-seeded.out" 'len(runs) == 5' "--seed 7 --max-iterations 5 did not make exactly 5 runs"

SHUFFLE_MAX_ITERATIONS=3 shuffle five-env --max-iterations 5 --json --failures-dir "$fd" -- "$prog"
expect_status 0 five-env
jsonl_valid "$T/five-env.out"
json_check "$T/five-env.out" 'len(runs) == 5' "--max-iterations 5 did not override SHUFFLE_MAX_ITERATIONS=3"

SHUFFLE_MAX_ITERATIONS=3 shuffle three-env --json --failures-dir "$fd" -- "$prog"
expect_status 0 three-env
jsonl_valid "$T/three-env.out"
json_check "$T/three-env.out" 'len(runs) == 3' "SHUFFLE_MAX_ITERATIONS=3 did not make 3 runs"

# The default for random: 100 runs.
shuffle default --seed 7 --json --failures-dir "$fd" -- "$prog"
expect_status 0 default
jsonl_valid "$T/default.out"
json_check "$T/default.out" 'len(runs) == 100' "the random strategy did not default to 100 runs"

pass
