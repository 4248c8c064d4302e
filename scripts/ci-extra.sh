#!/bin/sh
# ci-extra.sh - the checks CI runs after the test suite, each catching what
# the default build does not: shellcheck on the scripts; `make distcheck`
# (the tarball is complete and builds out of tree); from that tarball,
# out-of-tree builds with gcc and clang at -Werror -Wall -Wextra
# -Wmissing-prototypes (test programs included, unit tests run); an
# ASan + UBSan build of the driver whose unit tests must run clean; and the
# fuzzing corpora (fuzz/) replayed through their libFuzzer harnesses.
# Run after scripts/build.sh (the tree must be configured).
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc)
work=$(mktemp -d "${TMPDIR:-/tmp}/shuffle-ci.XXXXXX")
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT

step() { printf '== ci-extra: %s\n' "$*"; }

step shellcheck
shellcheck -x scripts/*.sh .ci/run

step "make distcheck (unit tests inside)"
make -s distcheck TESTS=tests/unit/check_shuffle >"$work/distcheck.log" 2>&1 ||
	{ tail -n 40 "$work/distcheck.log"; exit 1; }
for tarball in shuffler-*.tar.gz; do :; done
tar -xzf "$tarball" -C "$work"
rm -f "$tarball"
src=$(cd "$work/${tarball%.tar.gz}" && pwd)

# build NAME CC CFLAGS [LDFLAGS]: configure out of tree, build everything
# (test programs too) and run the unit tests.
build() {
	mkdir "$work/$1"
	(
		cd "$work/$1"
		"$src/configure" --quiet CC="$2" CFLAGS="$3" LDFLAGS="${4:-}"
		make -s -j"$jobs"
		make -s -j"$jobs" check TESTS=tests/unit/check_shuffle
	) >"$work/$1.log" 2>&1 || { tail -n 60 "$work/$1.log"; echo "ci-extra: $1 failed"; exit 1; }
}

strict="-O2 -g -Werror -Wall -Wextra -Wmissing-prototypes"
for cc in gcc clang; do
	step "$cc $strict"
	build "$cc" "$cc" "$strict"
done

step "ASan + UBSan: driver and unit tests"
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	build sanitize gcc "-O1 -g $san" "$san"

step "fuzz corpora replayed (libFuzzer, ASan + UBSan)"
FUZZ_OUT="$work/fuzz" scripts/fuzz.sh --regress

step "all passed"
