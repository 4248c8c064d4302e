# shellcheck shell=bash
# pg_cluster.sh - a throwaway PostgreSQL cluster for one test script.
#
#   . "$top_srcdir/tests/sql/pg_cluster.sh"   (after tests/integration/lib.sh)
#   pg_cluster_start      # or skip (exit 77) when PostgreSQL's server is absent
#   ... PGHOST, PGPORT, PGUSER, PGDATABASE now point at it ...
#
# pg_cluster_start initdb's a cluster in a fresh temp dir, starts it on a
# unix socket in that dir only (no TCP port: nothing else on the machine can
# collide with it or reach it), and registers pg_cluster_stop with lib.sh's
# on_exit, so the server is stopped and its dir removed however the test
# ends (pass, fail, or an INT/TERM that lib.sh turns into exit). As root it
# runs the server as an unprivileged user (initdb and postgres refuse root):
# $PG_TEST_USER if set, else nobody.
#
# The server binaries are found in $PG_BINDIR, else `pg_config --bindir`,
# else the newest /usr/lib/postgresql/*/bin, else $PATH. Their absence is
# the only reason to skip; any other failure to start fails the test, with
# the server's log.
#
# Server settings: fsync and synchronous commits off (a test cluster needs
# no durability); deadlock_timeout left at 1 s on purpose: the server checks
# for a deadlock that long after a transaction starts to wait, and the first
# waiter must be the one to find it, so the interval must dwarf the time
# between two scheduling steps.

PG_CLUSTER_DIR=
_pg_user=
_pg_bindir=

_pg_find_bindir() {
	local d
	if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then
		_pg_bindir=$PG_BINDIR
		return 0
	fi
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir 2>/dev/null) || d=
		if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			_pg_bindir=$d
			return 0
		fi
	fi
	# The newest major version first.
	while IFS= read -r d; do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			_pg_bindir=$d
			return 0
		fi
	done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5,5nr)
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		_pg_bindir=$(dirname "$(command -v initdb)")
		return 0
	fi
	return 1
}

# Run a server binary as the cluster's owner.
_pg_as_owner() {
	if [ -n "$_pg_user" ]; then
		runuser -u "$_pg_user" -- "$@"
	else
		"$@"
	fi
}

pg_cluster_stop() {
	[ -n "$PG_CLUSTER_DIR" ] || return 0
	if [ -f "$PG_CLUSTER_DIR/data/postmaster.pid" ]; then
		_pg_as_owner "$_pg_bindir/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate -w \
			stop >/dev/null 2>&1 || true
	fi
	rm -rf "$PG_CLUSTER_DIR"
	PG_CLUSTER_DIR=
}

pg_cluster_start() {
	_pg_find_bindir || skip "PostgreSQL's server binaries (initdb, pg_ctl, postgres) are not" \
		"installed (looked in \$PG_BINDIR, pg_config --bindir, /usr/lib/postgresql/*/bin," \
		"\$PATH): apt-get install postgresql"
	if [ "$(id -u)" -eq 0 ]; then
		_pg_user=${PG_TEST_USER:-nobody}
		id "$_pg_user" >/dev/null 2>&1 ||
			fail "user $_pg_user does not exist (set PG_TEST_USER to an unprivileged user)"
		command -v runuser >/dev/null 2>&1 || fail "runuser is needed to run postgres as $_pg_user"
	fi
	# Not under $T: lib.sh makes that 0700 for root, and the server's user
	# must reach its files.
	PG_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/shuffle-pg.XXXXXX") || fail "mktemp failed"
	on_exit pg_cluster_stop
	chmod 0755 "$PG_CLUSTER_DIR"
	[ -z "$_pg_user" ] || chown "$_pg_user" "$PG_CLUSTER_DIR"

	local data=$PG_CLUSTER_DIR/data log=$PG_CLUSTER_DIR/server.log
	if ! _pg_as_owner "$_pg_bindir/initdb" -D "$data" --auth=trust --no-sync -E UTF8 \
		--locale=C >"$PG_CLUSTER_DIR/initdb.log" 2>&1; then
		cat "$PG_CLUSTER_DIR/initdb.log" >&2
		fail "initdb failed (as ${_pg_user:-$(id -un)})"
	fi
	local opts="-k $PG_CLUSTER_DIR -c listen_addresses= -c max_connections=20"
	opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	opts+=" -c deadlock_timeout=1s"
	if ! _pg_as_owner "$_pg_bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "$opts" start \
		>"$PG_CLUSTER_DIR/pg_ctl.log" 2>&1; then
		cat "$PG_CLUSTER_DIR/pg_ctl.log" "$log" >&2 2>/dev/null
		fail "the PostgreSQL server did not start"
	fi
	export PGHOST=$PG_CLUSTER_DIR PGPORT=5432 PGDATABASE=postgres
	export PGUSER=${_pg_user:-$(id -un)}
	unset PGSERVICE PGPASSWORD PGOPTIONS 2>/dev/null || true
	note "PostgreSQL $("$_pg_bindir/postgres" --version | awk '{print $3}') running on $PGHOST"
}
