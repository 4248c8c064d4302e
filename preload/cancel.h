/* cancel.h - acting on a pthread_cancel (cancel.c). */
#ifndef SHUFFLE_CANCEL_H
#define SHUFFLE_CANCEL_H

#include "runtime.h"

#include <pthread.h>
#include <stdint.h>

/* `me`, holding the token at a cancellation point `op` on `obj` with its
 * cancel due (enabled.h), acts on it: it unwinds from here as the C
 * library's cancellation does, its cleanup handlers run as its steps, and
 * it leaves the schedule at the bottom of its stack (thread.c, runtime.c). */
__attribute__((noreturn)) void shuffle_cancel_act(struct shuffle_thread *me, uint32_t op,
						  uint64_t obj);

/* The bottom of every controlled thread's stack (thread.c) and of main's
 * (runtime.c), as a cleanup handler: a thread that unwinds (cancelled, or
 * pthread_exit) leaves the schedule there, after its program's cleanup
 * handlers ran as its steps. */
void shuffle_thread_unwound(void *unused);

/* `me`, waiting on c (phase 1), is cancelled instead of woken: it takes no
 * signal another waiter could take, and re-locks the mutex first, as its
 * cleanup handlers expect to hold it (cond.c). */
void shuffle_cond_cancelled(struct shuffle_thread *me, pthread_cond_t *c);

#endif
