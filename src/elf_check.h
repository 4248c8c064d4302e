/* elf_check.h - can this program be run under the preload at all? */
#ifndef SHUFFLE_ELF_CHECK_H
#define SHUFFLE_ELF_CHECK_H

#include <stddef.h>

/* Resolve `name` as execvp would (PATH search when it has no '/') into
 * path[size], and check that LD_PRELOAD can apply: a regular executable file,
 * not setuid/setgid, and, if ELF, dynamically linked (has PT_INTERP).
 * Returns 0, or -1 with a one-line reason in err. */
int shuffle_check_program(const char *name, char *path, size_t size, char *err, size_t errlen);

#endif
