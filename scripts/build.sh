#!/bin/sh
# build.sh - install what is missing, configure (once) and build in the
# source tree. Used by demo.sh and test.sh.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/tests-am.sh
if [ ! -f Makefile ] || [ configure.ac -nt Makefile ] || [ Makefile.am -nt Makefile ] || [ tests/list.am -nt Makefile ]; then
	autoreconf -fi >/dev/null
	./configure --quiet
fi
make -s -j"$(nproc)"
