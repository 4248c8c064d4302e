/* real.c - dlsym(RTLD_NEXT) lookups for real.h. */
#include "real.h"

#include <dlfcn.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SHUFFLE_REAL_DEFINE(ret, name, params) shuffle_real_##name##_t shuffle_real_##name;
SHUFFLE_REAL_FUNCS(SHUFFLE_REAL_DEFINE)
#define SHUFFLE_REAL_DEFINE_V(ret, name, params, version) SHUFFLE_REAL_DEFINE(ret, name, params)
SHUFFLE_REAL_VERSIONED_FUNCS(SHUFFLE_REAL_DEFINE_V)
#undef SHUFFLE_REAL_DEFINE_V
#undef SHUFFLE_REAL_DEFINE

static void *lookup(const char *name, const char *version)
{
	void *fn = version ? dlvsym(RTLD_NEXT, name, version) : dlsym(RTLD_NEXT, name);
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
		*(void **)&shuffle_real_##name = lookup(#name, NULL);
	SHUFFLE_REAL_FUNCS(SHUFFLE_REAL_LOOKUP)
#define SHUFFLE_REAL_LOOKUP_V(ret, name, params, version)                                          \
	if (!shuffle_real_##name)                                                                  \
		*(void **)&shuffle_real_##name = lookup(#name, version);
	SHUFFLE_REAL_VERSIONED_FUNCS(SHUFFLE_REAL_LOOKUP_V)
#undef SHUFFLE_REAL_LOOKUP_V
#undef SHUFFLE_REAL_LOOKUP
}
