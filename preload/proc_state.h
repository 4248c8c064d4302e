/* proc_state.h - what the kernel says another process of the target is doing
 * (/proc, read with raw system calls: the runtime's own read and close are
 * wrappers, and no malloc at exit time). */
#ifndef SHUFFLE_PROC_STATE_H
#define SHUFFLE_PROC_STATE_H

#include <stdint.h>

/* Thread ktid of process pid sleeps in write() or writev() to a pipe or a
 * socket (its device and inode in *dev, *ino). 0 when it does not, or
 * when /proc does not tell (another user, a ptrace restriction). */
int shuffle_proc_sleeps_writing(uint32_t pid, uint32_t ktid, uint64_t *dev, uint64_t *ino);

/* Calls each(name, dirfd, ctx) for every entry of the directory at path
 * but . and .. (dirfd: the descriptor it is read with, which a listing of
 * /proc/self/fd shows too). Returns how many, -1 if it cannot be read. */
int shuffle_proc_list(const char *path, void (*each)(const char *name, int dirfd, void *ctx),
		      void *ctx);

#endif
