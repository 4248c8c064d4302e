/* mariadb_setup.h - what the libmariadb examples share: connecting (with
 * libmariadb's environment: MYSQL_UNIX_PORT or MYSQL_HOST/MYSQL_TCP_PORT,
 * MYSQL_PWD, the login name as user), a session at a given isolation
 * level, and failing setup with the server's message. */
#ifndef MARIADB_SETUP_H
#define MARIADB_SETUP_H

#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>

/* Setup failed: say why and exit 2 (not a verdict of the race). */
static inline void mdb_fail(const char *prog, MYSQL *m, const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, m ? mysql_error(m) : "no memory");
	exit(2);
}

/* A connection to database `db` (NULL: none) whose transactions run at
 * `level` (NULL: the server's default); exits 2 when it cannot connect. */
static inline MYSQL *mdb_connect(const char *prog, const char *db, const char *level)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		mdb_fail(prog, NULL, "cannot connect");
	char init[120];
	if (level) {
		snprintf(init, sizeof init, "SET SESSION TRANSACTION ISOLATION LEVEL %s", level);
		mysql_options(m, MYSQL_INIT_COMMAND, init);
	}
	if (!mysql_real_connect(m, getenv("MYSQL_HOST"), NULL, NULL, db, 0, NULL, 0))
		mdb_fail(prog, m, "cannot connect");
	return m;
}

/* Create database `db` if it is not there. */
static inline void mdb_create_db(const char *prog, const char *db)
{
	MYSQL *m = mdb_connect(prog, NULL, NULL);
	char sql[160];
	snprintf(sql, sizeof sql, "CREATE DATABASE IF NOT EXISTS `%s`", db);
	if (mysql_query(m, sql))
		mdb_fail(prog, m, "cannot create the database");
	mysql_close(m);
}

#endif
