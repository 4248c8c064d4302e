/* sql_text.h - what the two SQL front ends (sql_pq.c for libpq, sql_sqlite.c
 * for libsqlite3) share: the label of a statement's scheduling point, and
 * how they find the client library's own functions.
 *
 * The label is the event's note, at most SHUFFLE_NOTE_LEN - 1 bytes. It has
 * to fit one cell of a timeline and one entry of a sequence, and still say
 * which statement ran: leading comments go, every run of white space
 * (newlines included) becomes one space, control bytes become spaces, and a
 * longer text is cut on a UTF-8 character boundary and ends with "…". So it
 * is valid UTF-8 if the input was, and never holds a newline: it is safe in
 * JSON strings and in schedule-file comments.
 *
 * The client libraries are not dependencies of libshuffle.so (it is
 * preloaded into every program, most of which use neither), so their
 * functions are looked up at run time, on first use, in whatever object of
 * the process defines them after this one.
 */
#ifndef SHUFFLE_SQL_TEXT_H
#define SHUFFLE_SQL_TEXT_H

#include "proto.h"

/* Write the short form of `sql` (NULL allowed) into `out`. No allocation:
 * statement wrappers call it on every statement. */
void shuffle_sql_short(char out[SHUFFLE_NOTE_LEN], const char *sql);

/* The client library's own `name`, cached in *slot (a function pointer
 * seen as void *); never a definition in libshuffle.so itself, which would
 * be our own wrapper. Found with dlsym(RTLD_NEXT), else in any loaded object (a
 * library opened with RTLD_LOCAL, as Python does with its modules, is not in
 * the global scope that RTLD_NEXT searches). With `required`, not finding
 * it ends the process (exit 127, one line on stderr): a wrapper has nothing
 * else to call; otherwise the result is NULL. The race between threads
 * resolving at once is benign: all store the same value. */
void *shuffle_sql_sym(void **slot, const char *name, int required);

#endif
