#!/bin/sh
# build.sh - install what is missing, configure (once) and build in the
# source tree. Used by demo.sh and test.sh.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/tests-am.sh
if [ ! -f Makefile ] || [ -n "$(find configure.ac Makefile.am tests/list.am -newer Makefile)" ]; then
	autoreconf -fi >/dev/null
	./configure --quiet
fi
make -s -j"$(nproc)"
