/* interpose.h - what the table of interposed functions (interpose.def)
 * declares for the runtime's modules:
 *  - REAL(name): the library's own function, found on first use;
 *  - shuffle_wrap_<name>(me, args...) for each WRAP row and
 *    shuffle_hook_<name>(me, result, args...) for each HOOK row, which the
 *    family's module defines (interpose.c calls them);
 *  - shuffle_<family>_enter/leave(me) for each family of QUIET rows.
 *
 * The real pointers are written once, with the same value, by whichever
 * thread gets there first: the benign race needs no lock, and the wrappers
 * take none.
 */
#ifndef SHUFFLE_INTERPOSE_H
#define SHUFFLE_INTERPOSE_H

#include "runtime.h"

#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The client libraries' headers give types only: libshuffle.so links
 * neither library, and finds their functions in the target at run time. */
#if defined(__has_include)
#if __has_include(<libpq-fe.h>)
#define SHUFFLE_HAVE_LIBPQ 1
#include <libpq-fe.h>
#endif
#if __has_include(<sqlite3.h>)
#define SHUFFLE_HAVE_SQLITE 1
#include <sqlite3.h>
#endif
#if __has_include(<mariadb/mysql.h>)
#define SHUFFLE_HAVE_MARIADB 1
#include <mariadb/mysql.h>
#endif
#endif

typedef int (*shuffle_main_fn)(int, char **, char **);
/* No header declares it: the loader's entry into the C library. */
int __libc_start_main(shuffle_main_fn main, int argc, char **argv, void (*init)(void),
		      void (*fini)(void), void (*rtld_fini)(void), void *stack_end);

/* How to find one real function. */
struct shuffle_symbol {
	void **slot;
	const char *name;
	const char *version; /* NULL: the default one */
	int required;	     /* missing: one line on stderr, exit 127 */
};

/* Find *sym (once), store it in its slot and return it; NULL only for an
 * optional one that is not there. */
void *shuffle_real_find(const struct shuffle_symbol *sym);

/* Find what is already loaded of every row (before main). */
void shuffle_real_prefetch(void);

/* Was fn defined by libshuffle.so itself? */
int shuffle_is_ours(const void *fn);

/* (a, b) -> a, b: a row's parameters or arguments after others. */
#define SHUFFLE_UNPAREN(...) __VA_ARGS__

/* Every row, as a declaration of its real function. */
#define SHUFFLE_DECLARE_REAL(ret, name, params)                                                    \
	typedef ret(*shuffle_real_##name##_t) params;                                              \
	extern shuffle_real_##name##_t shuffle_real_##name;                                        \
	extern const struct shuffle_symbol shuffle_symbol_##name;

#define SHUFFLE_POINT(ret, name, params, args, op, obj) SHUFFLE_DECLARE_REAL(ret, name, params)
#define SHUFFLE_WRAP(ret, name, params, args)                                                      \
	SHUFFLE_DECLARE_REAL(ret, name, params)                                                    \
	ret shuffle_wrap_##name(struct shuffle_thread *me, SHUFFLE_UNPAREN params);
#define SHUFFLE_WRAP_V(ret, name, params, args, version) SHUFFLE_WRAP(ret, name, params, args)
#define SHUFFLE_HOOK(ret, name, params, args)                                                      \
	SHUFFLE_DECLARE_REAL(ret, name, params)                                                    \
	ret shuffle_hook_##name(struct shuffle_thread *me, ret rc, SHUFFLE_UNPAREN params);
#define SHUFFLE_QUIET(ret, name, params, args, family)                                             \
	SHUFFLE_DECLARE_REAL(ret, name, params)                                                    \
	void shuffle_##family##_enter(struct shuffle_thread *me);                                  \
	void shuffle_##family##_leave(struct shuffle_thread *me);
#define SHUFFLE_QUIET_VOID(name, params, args, family)                                             \
	SHUFFLE_QUIET(void, name, params, args, family)
#define SHUFFLE_OWN(ret, name, params)	    SHUFFLE_DECLARE_REAL(ret, name, params)
#define SHUFFLE_REAL(ret, name, params)	    SHUFFLE_DECLARE_REAL(ret, name, params)
#define SHUFFLE_REAL_OPT(ret, name, params) SHUFFLE_DECLARE_REAL(ret, name, params)
#include "interpose.def"
#undef SHUFFLE_POINT
#undef SHUFFLE_WRAP
#undef SHUFFLE_WRAP_V
#undef SHUFFLE_HOOK
#undef SHUFFLE_QUIET
#undef SHUFFLE_QUIET_VOID
#undef SHUFFLE_OWN
#undef SHUFFLE_REAL
#undef SHUFFLE_REAL_OPT

/* REAL(read)(fd, buf, n): the C library's read. */
#define REAL(name)                                                                                 \
	(__builtin_expect(shuffle_real_##name != NULL, 1)                                          \
		 ? shuffle_real_##name                                                             \
		 : (shuffle_real_##name##_t)shuffle_real_find(&shuffle_symbol_##name))
/* The same for a REAL_OPT row: NULL when the library lacks it. */
#define REAL_OPT(name) ((shuffle_real_##name##_t)shuffle_real_find(&shuffle_symbol_##name))

#endif
