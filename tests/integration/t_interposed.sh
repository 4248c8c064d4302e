#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_interposed: the README's list of interposed functions is the one the
# table (preload/interpose.def) gives, and every function the table wraps is
# exported by the built libshuffle.so (and nothing of ours besides them and
# shuffle.h's entry point and the memory hook libshuffle-hooks.so calls).
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

python3 "$top_srcdir/scripts/interposed.py" --check "$top_srcdir/README.md" ||
	fail "README.md's list differs from preload/interpose.def (run scripts/interposed.py)"

lib=$top_builddir/preload/.libs/libshuffle.so
[ -f "$lib" ] || fail "$lib is missing: build it (make)"
command -v nm >/dev/null || skip "nm (binutils) is missing"
nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sort >"$T/exported"
python3 "$top_srcdir/scripts/interposed.py" |
	sed -n 's/^- \*\*[^*]*\*\*: //p' | tr ',' '\n' | sed -n 's/^ *`\([^`]*\)`.*/\1/p' |
	sort >"$T/table"
printf "%s\n" shuffle_runtime_point shuffle_memory_hook >>"$T/table"
sort -o "$T/table" "$T/table"
diff "$T/table" "$T/exported" >"$T/diff" ||
	fail "exported symbols differ from the table: $(tr '\n' ' ' <"$T/diff")"
pass
