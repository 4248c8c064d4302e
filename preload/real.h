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
#include <poll.h>
#include <semaphore.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

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
	X(void, exit, (int))                                                                       \
	X(void, _exit, (int))                                                                      \
	X(int, pthread_mutex_timedlock, (pthread_mutex_t *, const struct timespec *))              \
	X(int, pthread_mutex_clocklock, (pthread_mutex_t *, clockid_t, const struct timespec *))   \
	X(int, sem_timedwait, (sem_t *, const struct timespec *))                                  \
	X(int, sem_clockwait, (sem_t *, clockid_t, const struct timespec *))                       \
	X(int, pthread_rwlock_rdlock, (pthread_rwlock_t *))                                        \
	X(int, pthread_rwlock_wrlock, (pthread_rwlock_t *))                                        \
	X(int, pthread_rwlock_tryrdlock, (pthread_rwlock_t *))                                     \
	X(int, pthread_rwlock_trywrlock, (pthread_rwlock_t *))                                     \
	X(int, pthread_rwlock_timedrdlock, (pthread_rwlock_t *, const struct timespec *))          \
	X(int, pthread_rwlock_timedwrlock, (pthread_rwlock_t *, const struct timespec *))          \
	X(int, pthread_rwlock_unlock, (pthread_rwlock_t *))                                        \
	X(int, pthread_barrier_init,                                                               \
	  (pthread_barrier_t *, const pthread_barrierattr_t *, unsigned))                          \
	X(int, pthread_barrier_wait, (pthread_barrier_t *))                                        \
	X(int, pthread_spin_lock, (pthread_spinlock_t *))                                          \
	X(int, pthread_spin_trylock, (pthread_spinlock_t *))                                       \
	X(int, pthread_spin_unlock, (pthread_spinlock_t *))                                        \
	X(int, pthread_once, (pthread_once_t *, void (*)(void)))                                   \
	X(unsigned, sleep, (unsigned))                                                             \
	X(int, usleep, (useconds_t))                                                               \
	X(int, nanosleep, (const struct timespec *, struct timespec *))                            \
	X(int, clock_nanosleep, (clockid_t, int, const struct timespec *, struct timespec *))      \
	X(int, sched_yield, (void))                                                                \
	X(int, pipe, (int *))                                                                      \
	X(int, pipe2, (int *, int))                                                                \
	X(int, socketpair, (int, int, int, int *))                                                 \
	X(int, close, (int))                                                                       \
	X(ssize_t, recv, (int, void *, size_t, int))                                               \
	X(ssize_t, send, (int, const void *, size_t, int))                                         \
	X(int, accept, (int, struct sockaddr *, socklen_t *))                                      \
	X(int, poll, (struct pollfd *, nfds_t, int))                                               \
	X(int, select, (int, fd_set *, fd_set *, fd_set *, struct timeval *))                      \
	X(int, epoll_create1, (int))                                                               \
	X(int, epoll_ctl, (int, int, int, struct epoll_event *))                                   \
	X(int, epoll_wait, (int, struct epoll_event *, int, int))                                  \
	X(pid_t, waitpid, (pid_t, int *, int))                                                     \
	X(int, execve, (const char *, char *const[], char *const[]))                               \
	X(int, execv, (const char *, char *const[]))                                               \
	X(int, execvp, (const char *, char *const[]))                                              \
	X(int, execvpe, (const char *, char *const[], char *const[]))

/* Symbols glibc keeps in two versions with different code: the default
 * (new) pthread_cond_* must be asked for by version, or dlsym may hand back
 * the old ABI's. X(return type, name, parameter list, version) */
#define SHUFFLE_REAL_VERSIONED_FUNCS(X)                                                            \
	X(int, pthread_cond_init, (pthread_cond_t *, const pthread_condattr_t *), "GLIBC_2.3.2")   \
	X(int, pthread_cond_wait, (pthread_cond_t *, pthread_mutex_t *), "GLIBC_2.3.2")            \
	X(int, pthread_cond_timedwait,                                                             \
	  (pthread_cond_t *, pthread_mutex_t *, const struct timespec *), "GLIBC_2.3.2")           \
	X(int, pthread_cond_signal, (pthread_cond_t *), "GLIBC_2.3.2")                             \
	X(int, pthread_cond_broadcast, (pthread_cond_t *), "GLIBC_2.3.2")

#define SHUFFLE_REAL_DECLARE(ret, name, params)                                                    \
	typedef ret(*shuffle_real_##name##_t) params;                                              \
	extern shuffle_real_##name##_t shuffle_real_##name;
SHUFFLE_REAL_FUNCS(SHUFFLE_REAL_DECLARE)
#define SHUFFLE_REAL_DECLARE_V(ret, name, params, version) SHUFFLE_REAL_DECLARE(ret, name, params)
SHUFFLE_REAL_VERSIONED_FUNCS(SHUFFLE_REAL_DECLARE_V)
#undef SHUFFLE_REAL_DECLARE_V
#undef SHUFFLE_REAL_DECLARE

/* Resolve every pointer still NULL. Fatal (one line on stderr, exit 127)
 * when the C library lacks one: nothing sensible can continue. */
void shuffle_real_resolve(void);

/* REAL(read)(fd, buf, n): the C library's read. */
#define REAL(name)                                                                                 \
	(__builtin_expect(shuffle_real_##name != NULL, 1)                                          \
		 ? shuffle_real_##name                                                             \
		 : (shuffle_real_resolve(), shuffle_real_##name))

#endif
