/* time.c - sleep, usleep, nanosleep, clock_nanosleep, sched_yield.
 *
 * All of them are polite points (enabled.h): the thread runs again only
 * when no other thread can, and virtual time then jumps to its deadline.
 * Nothing sleeps in real time, so a program that sleeps for seconds is
 * explored in milliseconds, and a spin-wait with sleep or yield lets the
 * thread it waits for run first. clock_gettime is not virtualized.
 */
#include "export.h"
#include "interpose.h"
#include "scheduler.h"
#include "timing.h"

#include <errno.h>

static void nap(struct shuffle_thread *me, uint32_t op, uint64_t until)
{
	shuffle_sched_wake_at(me, until);
	shuffle_sched_point(me, op, until, NULL);
}

SHUFFLE_EXPORT int sched_yield(void)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (!me)
		return REAL(sched_yield)();
	nap(me, SHUFFLE_OP_YIELD, shuffle_sched_now());
	return 0;
}

int shuffle_wrap_nanosleep(struct shuffle_thread *me, const struct timespec *req,
			   struct timespec *rem)
{
	if (!req || req->tv_nsec < 0 || req->tv_nsec >= 1000000000) {
		errno = EINVAL;
		return -1;
	}
	nap(me, SHUFFLE_OP_SLEEP, shuffle_after(req));
	if (rem)
		*rem = (struct timespec){ 0, 0 };
	return 0;
}

int shuffle_wrap_clock_nanosleep(struct shuffle_thread *me, clockid_t clock, int flags,
				 const struct timespec *req, struct timespec *rem)
{
	if (!req || req->tv_nsec < 0 || req->tv_nsec >= 1000000000)
		return EINVAL;
	uint64_t until =
		(flags & TIMER_ABSTIME) ? shuffle_deadline(clock, req) : shuffle_after(req);
	nap(me, SHUFFLE_OP_SLEEP, until);
	if (rem && !(flags & TIMER_ABSTIME))
		*rem = (struct timespec){ 0, 0 };
	return 0;
}

int shuffle_wrap_usleep(struct shuffle_thread *me, useconds_t usec)
{
	struct timespec rel = { usec / 1000000, (long)(usec % 1000000) * 1000 };
	nap(me, SHUFFLE_OP_SLEEP, shuffle_after(&rel));
	return 0;
}

unsigned shuffle_wrap_sleep(struct shuffle_thread *me, unsigned seconds)
{
	struct timespec rel = { seconds, 0 };
	nap(me, SHUFFLE_OP_SLEEP, shuffle_after(&rel));
	return 0;
}
