/* enabled.h - can a stopped thread's pending operation proceed now?
 *
 * The rules for every operation, in one place (enabled.c). They read only
 * the runtime's models (objects.h, the threads' wait state), written by the
 * token holder, and real state only the token holder can change (a
 * semaphore's value, the data in the target's own pipes).
 */
#ifndef SHUFFLE_ENABLED_H
#define SHUFFLE_ENABLED_H

#include "proto.h"

#include <stdint.h>

int shuffle_op_enabled(uint32_t tid, const struct shuffle_thread_record *r);

/* Operations that give way: a yield, a sleep, a timed wait that would time
 * out again (its thread's previous one timed out), a busy database. Such a thread runs only when no
 * other thread can, in the order of its virtual wake-up time (shuffle_sched_wake_at), so a
 * spin-wait lets the thread it waits for go first, and virtual time moves
 * only when nothing else can happen. */
int shuffle_op_polite(uint32_t tid, const struct shuffle_thread_record *r);

/* tid is stopped at a cancellation point (ops.def, SHUFFLE_OPF_CANCEL)
 * with a cancel pending and cancellation enabled: whatever it waits for, it
 * may go, and it acts on the cancel (cancel.c) instead of giving way. A
 * condvar wait is one only once the mutex is released (phase 1), as in the
 * C library. */
int shuffle_cancel_due(uint32_t tid, const struct shuffle_thread_record *r);

/* A condvar waiter may go: woken by a broadcast, or a signal is there for it. */
int shuffle_cond_can_wake(uint32_t tid, const void *cond);

/* Would a read on fd find data or end of file (fd is one of the target's
 * own pipes or sockets; other descriptors always count as ready). */
int shuffle_fd_readable(int fd);
int shuffle_fd_writable(int fd);
/* A program exec'd under control: which of its descriptors are ends of
 * the target's own pipes and socketpairs (made before the exec). */
void shuffle_io_adopt(void);
/* Would the poll() tid is stopped before return at once? */
int shuffle_poll_ready(uint32_t tid);

#endif
