/* runtime.h - state shared by the runtime's modules.
 *
 * Modes: the runtime starts PASSIVE (every wrapper calls straight through) and
 * turns ON just before main() when the driver handed it a plan and a trace.
 * It turns OFF for good when the process starts to exit, in a forked child,
 * and when anything goes wrong at start-up. Only ON schedules.
 *
 * The token: while ON, exactly one registered thread runs; the others are
 * parked on their own futex word `go`. A thread passes the token by setting
 * the next thread's word and waking it, then parks on its own. Everything the
 * scheduler keeps (thread table, mutex model, trace) is written only by the
 * token holder, so none of it needs locks or atomics beyond the futex words.
 */
#ifndef SHUFFLE_RUNTIME_H
#define SHUFFLE_RUNTIME_H

#include "proto.h"

#include <poll.h>
#include <pthread.h>
#include <stdint.h>

enum shuffle_mode { SHUFFLE_MODE_PASSIVE = 0, SHUFFLE_MODE_ON, SHUFFLE_MODE_OFF };

struct shuffle_thread {
	uint32_t go; /* futex word: 1 while this thread may run */
	uint32_t tid;
	/* Its last step was a sleep or a yield: a sleep now is a retry loop,
	 * which gives way (enabled.h). */
	uint32_t napped_last;
	/* Its last step was a pthread_testcancel (which leaves napped_last as
	 * it was): another one now is a loop that only waits to be cancelled,
	 * which gives way. */
	uint32_t tested_last;
	uint32_t in_runtime; /* re-entry guard (signal handlers) */
	void *call_site;     /* of the wrapper it is in */
	uint32_t gone;	     /* exited: later wrapper calls go straight through */
	/* Chosen while another process held the token, it found its descriptor
	 * or semaphore not ready after all (only its own process can tell):
	 * not enabled again until some thread writes, posts, closes or exits. */
	uint32_t self_blocked;
	/* Its last timed wait timed out: the next one that would time out gives
	 * way (a retry loop) instead of being one more choice (enabled.h). */
	uint32_t timed_out_last;
	/* Its process's virtual alarm fired before its sleep's deadline, for
	 * it to take (scheduler.c): the sleep ends early (time.c). */
	uint32_t alarm_cut;
	pthread_t handle;
	void *(*start)(void *);
	void *arg;
	char note[SHUFFLE_NOTE_LEN]; /* label of a pending shuffle_point */
	/* Polite operations (enabled.h) run in order of this key: a sleep's
	 * virtual deadline, a yield's virtual time when it yielded. */
	uint64_t polite_key;
	uint64_t polite_seq; /* ties: first come, first served */
	/* Two-phase waits (cond_wait, barrier_wait): phase 0 before the thread
	 * released its mutex / arrived, 1 while it waits. */
	uint32_t phase;
	uint32_t woken;	 /* condvar: a broadcast, or a signal it took, woke it */
	uint64_t ticket; /* condvar: its place among the waiters; barrier: round awaited */
	/* poll() on the target's own descriptors: what it waits for. */
	struct pollfd *poll_fds;
	unsigned long poll_n;
	int poll_timeout;
	/* Away from the scheduler (shuffle_sched_leave): `returned` is set by
	 * this thread itself, the rest only while it holds the token. */
	uint32_t left;
	uint32_t returned;
	int (*still_blocked)(void *ctx);
	void *ctx;
	/* Memory points (memory.c): its stack, not shared with anyone (found
	 * on first use), and what its last load returned, while it has taken
	 * no other step since: a load of the same value again is a spin. */
	uintptr_t stack_lo, stack_hi;
	uintptr_t spin_addr; /* 0: no load since its last other step */
	uint64_t spin_value;
	uint32_t spin_size;
	/* Signals (signals.c): the mask the program asked for (the real one
	 * holds more), what a signal wait accepts, and a guard against
	 * delivering again from inside a handler. */
	uint64_t sigmask;
	uint64_t sig_wanted;
	uint32_t delivering;
	/* Cancellation (cancel.c): a pthread_cancel it has not acted on yet,
	 * whether its program disabled cancellation, and the mutex of the
	 * condvar wait it is in (re-locked before its cleanup handlers run). */
	uint32_t cancel_pending;
	uint32_t cancel_disabled;
	pthread_mutex_t *cond_mutex;
};

extern int shuffle_mode;
extern struct shuffle_trace_header *shuffle_trace;
/* In memory shared with forked children, which take part in the schedule. */
extern struct shuffle_thread *shuffle_threads;
/* This process's pid (cached: it changes only at fork). */
extern uint32_t shuffle_pid;
extern __thread struct shuffle_thread *shuffle_self __attribute__((tls_model("initial-exec")));

/* The calling thread, when this call is to be scheduled; NULL when the
 * wrapper must just call the real function. Called at the top of every
 * exported wrapper, where the return address is the program's call site:
 * it is kept, for the deadlock report's "where". */
#define shuffle_controlled() shuffle_controlled_at(__builtin_return_address(0))
struct shuffle_thread *shuffle_controlled_at(void *call_site);

/* Record something that escaped control (enum shuffle_escape bit). */
void shuffle_escape(uint32_t bit);

#endif
