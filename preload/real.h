/* real.h - the C library's own versions of every function the runtime wraps.
 *
 * Resolved with dlsym(RTLD_NEXT) on first use, so that a wrapper called from
 * another library's constructor, before ours ran, still works. The pointers
 * are written once with the same value by whichever thread gets there first,
 * so the benign race needs no lock (and the wrappers must not take any).
 */
#ifndef SHUFFLE_REAL_H
#define SHUFFLE_REAL_H

#include <pthread.h>
#include <semaphore.h>
#include <sys/types.h>

typedef int (*shuffle_main_fn)(int, char **, char **);

/* X(return type, name, parameter list) */
#define SHUFFLE_REAL_FUNCS(X)                                                                      \
	X(int, __libc_start_main,                                                                  \
	  (shuffle_main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *)) \
	X(int, pthread_create, (pthread_t *, const pthread_attr_t *, void *(*)(void *), void *))   \
	X(int, pthread_join, (pthread_t, void **))                                                 \
	X(void, pthread_exit, (void *))                                                            \
	X(int, pthread_setname_np, (pthread_t, const char *))                                      \
	X(int, pthread_mutex_lock, (pthread_mutex_t *))                                            \
	X(int, pthread_mutex_trylock, (pthread_mutex_t *))                                         \
	X(int, pthread_mutex_unlock, (pthread_mutex_t *))                                          \
	X(int, sem_wait, (sem_t *))                                                                \
	X(int, sem_trywait, (sem_t *))                                                             \
	X(int, sem_post, (sem_t *))                                                                \
	X(int, sem_getvalue, (sem_t *, int *))                                                     \
	X(ssize_t, read, (int, void *, size_t))                                                    \
	X(ssize_t, write, (int, const void *, size_t))                                             \
	X(pid_t, fork, (void))                                                                     \
	X(void, exit, (int))

#define SHUFFLE_REAL_DECLARE(ret, name, params)                                                    \
	typedef ret(*shuffle_real_##name##_t) params;                                              \
	extern shuffle_real_##name##_t shuffle_real_##name;
SHUFFLE_REAL_FUNCS(SHUFFLE_REAL_DECLARE)
#undef SHUFFLE_REAL_DECLARE

/* Resolve every pointer still NULL. Fatal (one line on stderr, exit 127)
 * when the C library lacks one: nothing sensible can continue. */
void shuffle_real_resolve(void);

/* REAL(read)(fd, buf, n): the C library's read. */
#define REAL(name)                                                                                 \
	(__builtin_expect(shuffle_real_##name != NULL, 1) ? shuffle_real_##name                    \
							   : (shuffle_real_resolve(), shuffle_real_##name))

#endif
