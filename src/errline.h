/* errline.h - the one line on stderr of a usage or setup error: whole (no
 * fixed buffer cuts it), with bytes that are not printable text (binary
 * garbage from a file or an argument) escaped as \xNN, never echoed raw. */
#ifndef SHUFFLE_ERRLINE_H
#define SHUFFLE_ERRLINE_H

#include <stdio.h>

/* Prints "shuffle-run: " and the formatted message, escaped, and "\n". */
__attribute__((format(printf, 1, 2))) void shuffle_error(const char *fmt, ...);
/* The same on f. */
__attribute__((format(printf, 2, 3))) void shuffle_error_to(FILE *f, const char *fmt, ...);

#endif
