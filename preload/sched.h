/* sched.h - the scheduler: scheduling points, thread lifecycle, run end. */
#ifndef SHUFFLE_SCHED_H
#define SHUFFLE_SCHED_H

#include "runtime.h"

#include <stdint.h>

/* Start scheduling with the calling thread as "main", holding the token. */
void shuffle_sched_start(const struct shuffle_plan_header *plan,
			 const struct shuffle_plan_step *prefix);

/* A scheduling point: `me` stops before `op` on `obj` and waits until the
 * scheduler picks it (possibly at once). On return `me` holds the token and
 * performs the operation. `note` may be NULL. */
void shuffle_sched_point(struct shuffle_thread *me, uint32_t op, uint64_t obj, const char *note);

/* Record an operation that needs no point (its order cannot matter, see
 * thread.c) for the reports. */
void shuffle_sched_note(struct shuffle_thread *me, uint32_t op, uint64_t obj);

/* A new thread slot for a thread `creator` is about to create; NULL (after
 * ending the run as OVERFLOW) when the table is full. */
struct shuffle_thread *shuffle_sched_new_thread(struct shuffle_thread *creator);
/* The creation failed: forget the slot. */
void shuffle_sched_drop_thread(struct shuffle_thread *t);
/* Give the token to a thread just created and wait for it to come back. */
void shuffle_sched_run_new(struct shuffle_thread *creator, struct shuffle_thread *t);
/* Called by a new thread before its body: wait for the token. */
void shuffle_sched_wait_token(struct shuffle_thread *me);

/* `me` ends: hand the token on for good. */
void shuffle_sched_thread_exit(struct shuffle_thread *me);

/* The process is about to exit with `status` (exit() or main's return). */
void shuffle_sched_process_exit(struct shuffle_thread *me, int status);

/* The thread with this pthread handle, or NULL. */
struct shuffle_thread *shuffle_sched_find(pthread_t handle);

/* Label a thread (pthread_setname_np). */
void shuffle_sched_set_name(struct shuffle_thread *t, const char *name);

#endif
