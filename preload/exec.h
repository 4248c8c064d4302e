/* exec.h - what exec.c shares with spawn.c: how a program started by the
 * target comes to join the schedule. */
#ifndef SHUFFLE_EXEC_H
#define SHUFFLE_EXEC_H

#include <stddef.h>
#include <stdint.h>

/* Will the loader run the runtime in this program, with this environment? */
int shuffle_exec_loads_runtime(const char *path, char *const envp[]);
/* envp plus SHUFFLE_JOIN=tid (the slot the program takes), written into
 * entry[size]; malloc'd, NULL when out of memory. */
char **shuffle_exec_join_environment(char *const envp[], uint32_t tid, char *entry, size_t size);
/* Whether the scheduler's memory and the trace survive an exec. */
void shuffle_exec_keep_open(int on);

#endif
