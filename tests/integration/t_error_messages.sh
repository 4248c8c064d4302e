#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_error_messages: usage errors are whole, exact and safe to print: a long
# path is not cut (no 512-byte buffer), a number too big for 64 bits is
# called out of range (not "not a number"), and binary garbage from a
# schedule file or an argument is escaped (\xNN), never written raw.
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

good=$(target correct_counter) || exit 1

long=$T/$(printf 'd%.0s' {1..200})/$(printf 'e%.0s' {1..200})/$(printf 'f%.0s' {1..200}).schedule
shuffle long --replay "$long"
expect_status 2 long
grep -qF "$long: cannot open $long: No such file or directory" "$T/long.err" ||
	{ show long; fail "the error about a long path is cut"; }

for opt in --max-iterations --seed; do
	shuffle big "$opt" 99999999999999999999999 -- "$good"
	expect_status 2 big
	grep -q 'out of range' "$T/big.err" || { show big; fail "$opt: a too big number is not called out of range"; }
done
shuffle steps --max-steps 100000001 -- "$good"
expect_status 2 steps
grep -q 'out of range' "$T/steps.err" || { show steps; fail "--max-steps beyond its bound is not called out of range"; }
shuffle notnum --max-iterations 12abc -- "$good"
grep -q 'out of range' "$T/notnum.err" && fail "a malformed number is called out of range"

# raw_bytes FILE: fail if FILE holds a byte that is not printable ASCII or a newline.
raw_bytes() {
	if LC_ALL=C grep -q '[^[:print:]]' "$1"; then
		od -c "$1" | head >&2
		fail "$2: raw binary bytes on stderr"
	fi
}
printf 'shuffle-schedule 1\n\001\377\033[31mbad\n' >"$T/garbage.schedule"
shuffle garbage --replay "$T/garbage.schedule"
expect_status 2 garbage
raw_bytes "$T/garbage.err" garbage
grep -qF '\x01\xff\x1b' "$T/garbage.err" || { show garbage; fail "the garbage is not shown escaped"; }
shuffle garbage-arg --strategy "$(printf 'x\033[2Jy')" -- "$good"
expect_status 2 garbage-arg
raw_bytes "$T/garbage-arg.err" garbage-arg
pass
