/* real.c - dlsym(RTLD_NEXT) lookups for real.h. */
#include "real.h"

#include <dlfcn.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SHUFFLE_REAL_DEFINE(ret, name, params) shuffle_real_##name##_t shuffle_real_##name;
SHUFFLE_REAL_FUNCS(SHUFFLE_REAL_DEFINE)
#undef SHUFFLE_REAL_DEFINE

static void *lookup(const char *name)
{
	void *fn = dlsym(RTLD_NEXT, name);
	if (!fn) {
		/* Raw system calls: write() here would be our own wrapper. */
		static const char msg[] = "libshuffle: cannot find the C library's ";
		syscall(SYS_write, 2, msg, sizeof msg - 1);
		syscall(SYS_write, 2, name, strlen(name));
		syscall(SYS_write, 2, "\n", 1);
		syscall(SYS_exit_group, 127);
	}
	return fn;
}

void shuffle_real_resolve(void)
{
#define SHUFFLE_REAL_LOOKUP(ret, name, params)                                                     \
	if (!shuffle_real_##name)                                                                  \
		*(void **)&shuffle_real_##name = lookup(#name);
	SHUFFLE_REAL_FUNCS(SHUFFLE_REAL_LOOKUP)
#undef SHUFFLE_REAL_LOOKUP
}
