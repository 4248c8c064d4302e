/* scheduler.h - the scheduler: scheduling points, thread lifecycle, run end. */
#ifndef SHUFFLE_SCHEDULER_H
#define SHUFFLE_SCHEDULER_H

#include "runtime.h"

#include <stdint.h>
#include <sys/types.h>

/* Start scheduling with the calling thread as "main", holding the token;
 * `shared` (shuffle_sched_shared_size() bytes) is shared with forked
 * children. */
size_t shuffle_sched_shared_size(void);
void shuffle_sched_start(const struct shuffle_plan_header *plan,
			 const struct shuffle_plan_step *prefix, void *shared);

/* A scheduling point: `me` stops before `op` on `obj` and waits until the
 * scheduler picks it (possibly at once). On return `me` holds the token and
 * performs the operation. `note` may be NULL. */
void shuffle_sched_point(struct shuffle_thread *me, uint32_t op, uint64_t obj, const char *note);

/* Record an operation that needs no point (its order cannot matter, see
 * thread.c) for the reports. */
void shuffle_sched_note(struct shuffle_thread *me, uint32_t op, uint64_t obj);

/* Some thread other than `me` is stopped before an operation that could
 * proceed now. */
int shuffle_sched_others_enabled(const struct shuffle_thread *me);

/* No thread but `me` is alive (in any process of the run). */
int shuffle_sched_alone(const struct shuffle_thread *me);

/* Index into the trace's modules of the module holding `code`, and the
 * offset in it; SHUFFLE_NO_THREAD when unknown or the list is full. */
uint32_t shuffle_sched_module(const void *code, uint64_t *offset);

/* A new thread slot for a thread `creator` is about to create; NULL (after
 * ending the run as OVERFLOW) when the table is full. */
struct shuffle_thread *shuffle_sched_new_thread(struct shuffle_thread *creator);
/* The slot for the process `parent` is about to fork; the child calls
 * shuffle_sched_enter_child() with it first thing, the parent then
 * shuffle_sched_run_new(), as for a thread. */
struct shuffle_thread *shuffle_sched_new_process(struct shuffle_thread *parent);
void shuffle_sched_enter_child(struct shuffle_thread *t);
/* The parent's side, pid from fork or clone: a failed one forgets the slot;
 * otherwise the parent's return competes with the child's start. Returns
 * pid. */
pid_t shuffle_sched_forked(struct shuffle_thread *me, struct shuffle_thread *child, pid_t pid);
/* `me`'s process replaces its program with one that will not load the
 * runtime: it leaves the schedule, and the run says so. */
void shuffle_sched_exec_uncontrolled(struct shuffle_thread *me);
/* ...or with one that will: its other threads end now (ended[], to undo if
 * the exec fails), and `me`'s slot, token included, passes to the new
 * program, which calls shuffle_sched_join() before its main(). */
uint32_t shuffle_sched_exec_others(struct shuffle_thread *me, uint32_t *ended);
void shuffle_sched_exec_failed(const uint32_t *ended, uint32_t n);
void shuffle_sched_join(void *shared, const struct shuffle_plan_step *prefix, uint32_t tid);
/* waitpid() collected the exit status of this process. */
void shuffle_sched_waited(pid_t pid);
/* The creation failed: forget the slot. */
void shuffle_sched_drop_thread(struct shuffle_thread *t);
/* Called by a new thread before its body: wait for the token (its START
 * step, which competes with its creator's next ones). */
void shuffle_sched_wait_token(struct shuffle_thread *me);

/* `me` ends: hand the token on for good. */
void shuffle_sched_thread_exit(struct shuffle_thread *me);

/* The process is about to exit with `status` (exit() or main's return). */
void shuffle_sched_process_exit(struct shuffle_thread *me, int status);
/* The first thread of a process clone() made returns from its function
 * with `status`, and ends alone (not exit_group): the process ends too
 * when no other thread of it is left. */
void shuffle_sched_first_thread_return(struct shuffle_thread *me, int status);

/* The thread with this pthread handle, or NULL. */
struct shuffle_thread *shuffle_sched_find(pthread_t handle);

/* Virtual time in ns: starts at 0, moves only when every thread that can
 * run is asleep, to the earliest deadline. */
uint64_t shuffle_sched_now(void);
/* After a timed wait: whether it timed out (virtual time then reaches its
 * deadline, set with shuffle_sched_wake_at). */
void shuffle_sched_timed_out(struct shuffle_thread *me, int timed_out);
/* Before a polite point (enabled.h): when, in virtual time, `me` wants to
 * run (a sleep's deadline, now for a yield). */
void shuffle_sched_wake_at(struct shuffle_thread *me, uint64_t when);

/* The virtual alarm of `me`'s process (alarm, setitimer ITIMER_REAL, in
 * alarm.c): the virtual time it fires at (0: none) and its period in ns
 * (0: once). It fires when virtual time reaches it, see pick(). */
void shuffle_sched_alarm_get(const struct shuffle_thread *me, uint64_t *deadline,
			     uint64_t *interval);
void shuffle_sched_alarm_set(const struct shuffle_thread *me, uint64_t deadline,
			     uint64_t interval);

/* `me`, holding the token, is about to wait outside the runtime's view for
 * something another target thread may have to cause (a database row lock):
 * `still_blocked(ctx)`, asked by whichever thread then holds the token, says
 * whether it certainly still waits. While it does, the others run; when it
 * does not, they wait for `me`, so the run stays reproducible. Returns 1 if
 * the token went to another thread (call shuffle_sched_return when the wait
 * is over), 0 if none could run (`me` keeps the token: just wait). */
int shuffle_sched_leave(struct shuffle_thread *me, uint32_t op, uint64_t obj,
			int (*still_blocked)(void *ctx), void *ctx);
void shuffle_sched_return(struct shuffle_thread *me);

/* Something that can make a descriptor or a semaphore ready happened (a
 * write, a post, a close, an exit): threads that found theirs not ready
 * while another process held the token may look again. */
void shuffle_sched_unblock_all(void);

/* A pipe or socketpair end the target made (its device and inode), and
 * whether one was: the program an exec starts inherits such ends. */
void shuffle_sched_made_fd(uint64_t dev, uint64_t ino);
int shuffle_sched_made(uint64_t dev, uint64_t ino);
int shuffle_sched_made_any(void);

/* Label a thread (pthread_setname_np). */
void shuffle_sched_set_name(struct shuffle_thread *t, const char *name);

#endif
