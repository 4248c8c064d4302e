#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_bad_input: every usage or setup error exits with status 2, prints exactly
# one line on stderr and nothing on stdout: a statically linked program, a
# directory, a non-executable file, missing programs, bad option values
# (also from the environment), unknown options, no program at all, and
# missing or malformed schedule files. --help and --version exit 0.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

good=$(target correct_counter) || exit 1
lost=$(target lost_update_mutex) || exit 1
fd=$T/failures
n_cases=0

# expect_usage_error NAME ARGS...: status 2, one line on stderr, empty stdout.
expect_usage_error() {
	local name=$1
	shift
	n_cases=$((n_cases + 1))
	shuffle "$name" "$@"
	local err=$T/$name.err out=$T/$name.out
	# shellcheck disable=SC2154 # status is set by shuffle() in lib.sh
	if [ "$status" -ne 2 ]; then
		show "$name"
		fail "$name: shuffle-run $*: exit status $status, expected 2"
	fi
	if [ -s "$out" ]; then
		show "$name"
		fail "$name: shuffle-run $*: wrote to stdout"
	fi
	# Exactly one line: one newline, at the very end, after some text.
	if [ "$(wc -l <"$err")" -ne 1 ] || [ "$(tail -c 1 "$err" | od -An -c | tr -d ' ')" != '\n' ] ||
		! grep -q '[^[:space:]]' "$err"; then
		show "$name"
		fail "$name: shuffle-run $*: stderr is not exactly one line"
	fi
}

# --- the program -------------------------------------------------------------

cat >"$T/static.c" <<'C'
#include <pthread.h>
static void *run(void *arg) { return arg; }
int main(void)
{
	pthread_t t;
	if (pthread_create(&t, 0, run, 0) != 0)
		return 1;
	return pthread_join(t, 0) != 0;
}
C
if "${CC:-cc}" -static -pthread -o "$T/static" "$T/static.c" >"$T/static-cc.log" 2>&1 &&
	"$T/static"; then
	expect_usage_error static -- "$T/static"
	expect_usage_error static-exhaustive --strategy exhaustive --json -- "$T/static"
else
	note "SKIP (this case only): cannot build a static program with ${CC:-cc} -static: $(head -n 3 "$T/static-cc.log")"
fi

mkdir "$T/adir"
expect_usage_error directory -- "$T/adir"
expect_usage_error directory-json --json -- "$T/adir"

cp "$good" "$T/noexec" && chmod 0644 "$T/noexec"
expect_usage_error not-executable -- "$T/noexec"

expect_usage_error missing-path -- "$T/no-such-program"
expect_usage_error missing-on-path -- no-such-program-shuffle-test

# --- options -------------------------------------------------------------------

expect_usage_error no-arguments
expect_usage_error no-program --json
expect_usage_error strategy-bogus --strategy bogus -- "$good"
expect_usage_error strategy-empty --strategy '' -- "$good"
expect_usage_error max-iterations-abc --max-iterations abc -- "$good"
expect_usage_error max-iterations-negative --max-iterations -5 -- "$good"
expect_usage_error max-iterations-empty --max-iterations '' -- "$good"
expect_usage_error max-iterations-suffix --max-iterations 10x -- "$good"
expect_usage_error max-iterations-missing --max-iterations
expect_usage_error seed-dash --seed - -- "$good"
expect_usage_error seed-abc --seed abc -- "$good"
expect_usage_error timeout-abc --timeout abc -- "$good"
expect_usage_error timeout-negative --timeout -1 -- "$good"
expect_usage_error max-steps-abc --max-steps abc -- "$good"
expect_usage_error unknown-long-option --no-such-option -- "$good"
expect_usage_error unknown-short-option -Z -- "$good"
# The line names the word refused, also when getopt stopped inside it.
expect_usage_error unknown-short-options -Zq -- "$good"
if ! grep -q -- "'-Zq'" "$T/unknown-short-options.err"; then
	show unknown-short-options
	fail "unknown-short-options: the error does not name '-Zq'"
fi

# The same checks apply to values from the environment.
SHUFFLE_STRATEGY=bogus expect_usage_error env-strategy-bogus -- "$good"
SHUFFLE_MAX_ITERATIONS=abc expect_usage_error env-max-iterations-abc -- "$good"
SHUFFLE_MAX_ITERATIONS=-5 expect_usage_error env-max-iterations-negative -- "$good"
SHUFFLE_SEED=- expect_usage_error env-seed-dash -- "$good"
SHUFFLE_TIMEOUT=abc expect_usage_error env-timeout-abc -- "$good"

# --- schedule files ----------------------------------------------------------------

expect_usage_error replay-missing --replay /nonexistent
expect_usage_error replay-missing-with-program --replay "$T/no-such.schedule" -- "$good"
expect_usage_error replay-missing-value --replay
expect_usage_error replay-directory --replay "$T/adir"

printf 'this is not a schedule\nat all {"run": 1}\n' >"$T/garbage.schedule"
expect_usage_error replay-garbage --replay "$T/garbage.schedule"
expect_usage_error replay-garbage-with-program --replay "$T/garbage.schedule" -- "$good"
: >"$T/empty.schedule"
expect_usage_error replay-empty --replay "$T/empty.schedule"
head -c 512 "$good" >"$T/binary.schedule"
expect_usage_error replay-binary --replay "$T/binary.schedule"

# A well-formed schedule whose program is gone: a missing program.
cp "$lost" "$T/lost-copy"
shuffle make-schedule --strategy exhaustive --stop-on-failure --json --failures-dir "$fd" -- "$T/lost-copy"
expect_status 1 make-schedule
sf=$(json_get "$T/make-schedule.out" '[r for r in runs if r["verdict"] != "pass"][0]["schedule_file"]') || exit 1
rm -f "$T/lost-copy"
expect_usage_error replay-program-gone --replay "$sf"

# --- and the two that are no errors -------------------------------------------

shuffle help --help
expect_status 0 help
if ! grep -q -- '--strategy' "$T/help.out" || ! grep -q -- '--replay' "$T/help.out"; then
	fail "--help does not describe --strategy and --replay on stdout"
fi
shuffle version --version
expect_status 0 version
[ "$(wc -l <"$T/version.out")" -eq 1 ] || fail "--version did not print one line on stdout"

note "$n_cases usage errors checked"
pass
