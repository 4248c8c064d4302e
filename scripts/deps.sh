#!/bin/sh
# deps.sh - make sure the packages needed to build and test shuffler are
# installed (Debian 12). As root it installs what is missing with apt-get;
# otherwise it prints the exact command to run and fails.
set -eu

# postgresql, mariadb-server: the server binaries the SQL tests start a
# throwaway server with (they skip, loudly, without them); postgresql-client:
# psql for the shell example; python3-sqlalchemy, python3-psycopg2: the
# Python examples; binutils: addr2line for deadlock reports; g++ and clang:
# shuffle-cc / shuffle-c++ are tested with both compilers (t_memory_points),
# clang and shellcheck: scripts/ci-extra.sh; libclang-rt-14-dev: clang's
# libFuzzer and sanitizer runtimes, for scripts/fuzz.sh (only recommended by
# clang, so not pulled in by --no-install-recommends).
packages="gcc make autoconf automake libtool pkg-config check python3 libc6-dev binutils
	libpq-dev libsqlite3-dev postgresql libmariadb-dev mariadb-server
	python3-sqlalchemy python3-psycopg2 postgresql-client g++ clang libclang-rt-14-dev
	shellcheck"

missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	echo "deps.sh: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "deps.sh: missing packages; run as root:" >&2
	echo "  apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
