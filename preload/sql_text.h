/* sql_text.h - what the two SQL front ends (sql_pq.c for libpq, sql_sqlite.c
 * for libsqlite3) share: the label of a statement's scheduling point.
 *
 * The label is the event's note, at most SHUFFLE_NOTE_LEN - 1 bytes. It has
 * to fit one cell of a timeline and one entry of a sequence, and still say
 * which statement ran: leading comments go, every run of white space
 * (newlines included) becomes one space, control bytes become spaces, and a
 * longer text is cut on a UTF-8 character boundary and ends with "…". So it
 * is valid UTF-8 if the input was, and never holds a newline: it is safe in
 * JSON strings and in schedule-file comments.
 * */
#ifndef SHUFFLE_SQL_TEXT_H
#define SHUFFLE_SQL_TEXT_H

#include "proto.h"

/* Write the short form of `sql` (NULL allowed) into `out`. No allocation:
 * statement wrappers call it on every statement. */
void shuffle_sql_short(char out[SHUFFLE_NOTE_LEN], const char *sql);

/* Does `sql` only open a transaction, taking neither a snapshot nor a lock
 * (BEGIN, START TRANSACTION, with an isolation level or access mode, alone
 * in the text)? Such a statement changes nothing another connection can
 * see, in PostgreSQL, MariaDB/InnoDB and SQLite alike: their snapshot and
 * locks come with the transaction's first real statement. So its order
 * against other connections' statements cannot matter, and it needs no
 * decision of its own. BEGIN IMMEDIATE or EXCLUSIVE (SQLite), WITH
 * CONSISTENT SNAPSHOT (MariaDB), anything unknown or a second statement
 * after it: no. (MariaDB's BEGIN also commits an open transaction: its
 * caller checks for one.) */
int shuffle_sql_only_begins(const char *sql);

#endif
