/* loadable.h - what the driver (before the first run) and the runtime (at an
 * exec) both need to know of a program: where execvp finds it, and whether
 * the loader will apply LD_PRELOAD to it. One implementation, so that the
 * two never disagree. No allocation: the runtime calls it in the target. */
#ifndef SHUFFLE_LOADABLE_H
#define SHUFFLE_LOADABLE_H

#include <stddef.h>

enum shuffle_elf_kind {
	SHUFFLE_ELF_UNREADABLE = -1, /* errno says why */
	SHUFFLE_ELF_STATIC = 0,	     /* ELF without PT_INTERP: LD_PRELOAD cannot apply */
	SHUFFLE_ELF_DYNAMIC,	     /* ELF with PT_INTERP */
	SHUFFLE_ELF_FOREIGN,	     /* ELF of another class: the loader will judge */
	SHUFFLE_ELF_SCRIPT,	     /* "#!": its interpreter is what the loader runs */
	SHUFFLE_ELF_OTHER	     /* not ELF, no "#!": the kernel will judge */
};

enum shuffle_elf_kind shuffle_elf_kind(const char *path);

/* execvp's search: `file` itself if it has a '/', else the first
 * executable PATH entry (glibc's default PATH when unset), into buf.
 * NULL when none is found. */
const char *shuffle_path_search(const char *file, char *buf, size_t size);

#endif
