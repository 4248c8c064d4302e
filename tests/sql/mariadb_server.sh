# shellcheck shell=bash
# mariadb_server.sh - a throwaway MariaDB server for one test script.
#
#   . "$top_srcdir/tests/sql/mariadb_server.sh"   (after tests/integration/lib.sh)
#   mariadb_server_start   # or skip (exit 77) when MariaDB's server is absent
#   ... MYSQL_UNIX_PORT now points at it (libmariadb's clients find it) ...
#
# mariadb_server_start runs mariadb-install-db into a fresh temp dir, starts
# mariadbd on a unix socket in that dir only (--skip-networking: no TCP
# port, nothing else on the machine can collide with it or reach it), and
# registers mariadb_server_stop with lib.sh's on_exit, so the server is
# stopped and its dir removed however the test ends. As root the server
# runs as an unprivileged user ($MARIADB_TEST_USER if set, else nobody);
# the accounts mariadb-install-db makes (root and that user, authenticated
# by the unix socket) let the test connect as the user it runs as.
#
# The binaries are found in $MARIADB_BINDIR, else /usr/sbin and $PATH. Their
# absence is the only reason to skip; any other failure to start fails the
# test, with the server's log.
#
# Server settings: no binary log, no durability (a test server needs none),
# a small buffer pool. InnoDB's deadlock detection stays on (it fails one
# transaction at once, when the cycle closes: no timer involved).

MARIADB_DIR=
_mdb_pid=
_mdb_bin=
_mdb_install=

_mdb_find() {
	local d
	for d in "${MARIADB_BINDIR:-}" /usr/sbin /usr/bin $(printf '%s' "$PATH" | tr ':' ' '); do
		[ -n "$d" ] || continue
		[ -z "$_mdb_bin" ] && [ -x "$d/mariadbd" ] && _mdb_bin=$d/mariadbd
		[ -z "$_mdb_install" ] && [ -x "$d/mariadb-install-db" ] && _mdb_install=$d/mariadb-install-db
	done
	[ -n "$_mdb_bin" ] && [ -n "$_mdb_install" ]
}

mariadb_server_stop() {
	[ -n "$MARIADB_DIR" ] || return 0
	if [ -n "$_mdb_pid" ] && kill -0 "$_mdb_pid" 2>/dev/null; then
		kill -TERM "$_mdb_pid" 2>/dev/null
		wait "$_mdb_pid" 2>/dev/null || true
	fi
	rm -rf "$MARIADB_DIR"
	MARIADB_DIR=
}

mariadb_server_start() {
	_mdb_find || skip "MariaDB's server binaries (mariadbd, mariadb-install-db) are not" \
		"installed (looked in \$MARIADB_BINDIR, /usr/sbin, \$PATH): apt-get install mariadb-server"
	local user
	user=$(id -un)
	if [ "$(id -u)" -eq 0 ]; then
		user=${MARIADB_TEST_USER:-nobody}
		id "$user" >/dev/null 2>&1 ||
			fail "user $user does not exist (set MARIADB_TEST_USER to an unprivileged user)"
	fi
	# Not under $T: lib.sh makes that 0700 for root, and the server's user
	# must reach its files.
	MARIADB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/shuffle-mariadb.XXXXXX") || fail "mktemp failed"
	on_exit mariadb_server_stop
	chmod 0755 "$MARIADB_DIR"
	[ "$(id -u)" -ne 0 ] || chown "$user" "$MARIADB_DIR"

	local data=$MARIADB_DIR/data log=$MARIADB_DIR/server.log sock=$MARIADB_DIR/sock
	local opts=(--no-defaults "--datadir=$data" "--user=$user" --skip-log-bin
		--innodb-buffer-pool-size=16M --innodb-log-file-size=8M
		--innodb-flush-log-at-trx-commit=0)
	if ! "$_mdb_install" "${opts[@]}" --auth-root-authentication-method=socket --skip-test-db \
		--skip-name-resolve >"$MARIADB_DIR/install.log" 2>&1; then
		cat "$MARIADB_DIR/install.log" >&2
		fail "mariadb-install-db failed (for $user)"
	fi
	"$_mdb_bin" "${opts[@]}" "--socket=$sock" --skip-networking "--pid-file=$MARIADB_DIR/pid" \
		"--log-error=$log" </dev/null >/dev/null 2>&1 &
	_mdb_pid=$!
	# Ready when it answers on its socket (as pg_ctl -w waits for postgres).
	local i
	for ((i = 0; i < 600; i++)); do
		kill -0 "$_mdb_pid" 2>/dev/null || break
		mariadb-admin --no-defaults "--socket=$sock" ping >/dev/null 2>&1 && break
		sleep 0.1
	done
	if ! mariadb-admin --no-defaults "--socket=$sock" ping >/dev/null 2>&1; then
		cat "$log" >&2 2>/dev/null
		fail "the MariaDB server did not start"
	fi
	export MYSQL_UNIX_PORT=$sock
	unset MYSQL_HOST MYSQL_TCP_PORT MYSQL_PWD 2>/dev/null || true
	note "MariaDB $("$_mdb_bin" --version | awk '{print $3}') running on $sock"
}
