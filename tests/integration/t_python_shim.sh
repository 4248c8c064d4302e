#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# t_python_shim: `python3` found on PATH as a shell shim (like pyenv's: bash,
# command substitutions with pipes, then exec of the real interpreter)
# runs under the tool: every run passes and prints 1, no false deadlock, no
# process left behind. A single-threaded Python run makes no steps at all
# (a thread alone has nothing to be ordered with).
# shellcheck source=lib.sh disable=SC1091 # (followed with shellcheck -x)
. "$(dirname "$0")/lib.sh"

[ -x /usr/bin/python3 ] || skip "/usr/bin/python3 is needed"
mkdir -p "$T/bin"
cat >"$T/bin/python3" <<'SHIM'
#!/usr/bin/env bash
set -e
READLINK=$(type -P readlink)
here=$(dirname "$("$READLINK" -f "$0")" | cat)
[ -n "$here" ]
exec /usr/bin/python3 "$@"
SHIM
chmod +x "$T/bin/python3"

PATH=$T/bin:$PATH shuffle shim --seed 1 --max-iterations 5 --json --timeout 20 --failures-dir "$T/f" -- \
	python3 -c 'print(1)'
expect_status 0 shim
jsonl_valid "$T/shim.out"
json_check "$T/shim.out" 'len(runs) == 5 and all(r["verdict"] == "pass" and r["stdout"] == "1\n" for r in runs)' \
	"a run of the python3 shim did not pass with 1"
if pgrep -f "$T/bin/python3" >/dev/null; then
	fail "processes of the shim were left behind"
fi

shuffle json --max-iterations 1 --json --failures-dir "$T/f" -- /usr/bin/python3 -c 'import json'
expect_status 0 json
json_check "$T/json.out" 'runs[0]["steps"] == 0 and runs[0]["decisions"] == 0' \
	"a single-threaded python3 run made steps"
pass
