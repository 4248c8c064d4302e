/* time.c - sleep, usleep, nanosleep, clock_nanosleep, sched_yield.
 *
 * All of them are polite points (enabled.h): the thread runs again only
 * when no other thread can, and virtual time then jumps to its deadline.
 * Nothing sleeps in real time, so a program that sleeps for seconds is
 * explored in milliseconds, and a spin-wait with sleep or yield lets the
 * thread it waits for run first. A virtual alarm (alarm.c) can cut a sleep
 * short, as a real one does. clock_gettime is not virtualized.
 */
#include "export.h"
#include "interpose.h"
#include "scheduler.h"
#include "timing.h"

#include <errno.h>
#include <signal.h>

static void nap(struct shuffle_thread *me, uint32_t op, uint64_t until)
{
	shuffle_sched_wake_at(me, until);
	shuffle_sched_point(me, op, until, NULL);
}

/* A sleep until `until`; returns what is left of it when a SIGALRM handler
 * cut it short (0 if none did). The scheduler wakes it early when its
 * process's virtual alarm fires for it (alarm.c); ignored, the alarm does
 * not end the sleep. */
static uint64_t sleep_until(struct shuffle_thread *me, uint64_t until)
{
	for (;;) {
		nap(me, SHUFFLE_OP_SLEEP, until);
		if (!me->alarm_cut)
			return 0;
		me->alarm_cut = 0;
		uint64_t now = shuffle_sched_now();
		struct sigaction sa;
		if (sigaction(SIGALRM, NULL, &sa) == 0 && sa.sa_handler != SIG_IGN &&
		    sa.sa_handler != SIG_DFL)
			return until - now;
	}
}

static struct timespec timespec_of(uint64_t ns)
{
	return (struct timespec){ (time_t)(ns / 1000000000), (long)(ns % 1000000000) };
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
	uint64_t left = sleep_until(me, shuffle_after(req));
	if (rem)
		*rem = timespec_of(left);
	if (left) {
		errno = EINTR;
		return -1;
	}
	return 0;
}

int shuffle_wrap_clock_nanosleep(struct shuffle_thread *me, clockid_t clock, int flags,
				 const struct timespec *req, struct timespec *rem)
{
	if (!req || req->tv_nsec < 0 || req->tv_nsec >= 1000000000)
		return EINVAL;
	uint64_t until =
		(flags & TIMER_ABSTIME) ? shuffle_deadline(clock, req) : shuffle_after(req);
	uint64_t left = sleep_until(me, until);
	if (rem && !(flags & TIMER_ABSTIME))
		*rem = timespec_of(left);
	return left ? EINTR : 0;
}

int shuffle_wrap_usleep(struct shuffle_thread *me, useconds_t usec)
{
	struct timespec rel = { usec / 1000000, (long)(usec % 1000000) * 1000 };
	if (sleep_until(me, shuffle_after(&rel))) {
		errno = EINTR;
		return -1;
	}
	return 0;
}

unsigned shuffle_wrap_sleep(struct shuffle_thread *me, unsigned seconds)
{
	struct timespec rel = { seconds, 0 };
	uint64_t left = sleep_until(me, shuffle_after(&rel));
	return (unsigned)((left + 500000000) / 1000000000); /* to the nearest second */
}
