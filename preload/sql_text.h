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

#endif
