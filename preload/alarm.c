/* alarm.c - alarm, setitimer and getitimer on ITIMER_REAL, in virtual time.
 *
 * A real timer's SIGALRM would come whenever the machine gets there: at a
 * different point on every run. Under control the timer is the process's
 * virtual alarm instead (scheduler.c): it fires when virtual time reaches
 * it, which happens only when nothing else can run (threads asleep, waiting
 * for a signal, or yielding in a loop), and its SIGALRM is handled at a
 * point like any other signal. So a run with an alarm repeats exactly. The
 * CPU-time timers (ITIMER_VIRTUAL, ITIMER_PROF) are the kernel's.
 */
#include "interpose.h"
#include "scheduler.h"

#include <errno.h>
#include <sys/time.h>

#define NS_PER_S 1000000000ull

static uint64_t ns_of(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * NS_PER_S + (uint64_t)tv->tv_usec * 1000;
}

static struct timeval timeval_of(uint64_t ns)
{
	/* Rounded up: a timer that has not fired does not read as zero. */
	uint64_t us = (ns + 999) / 1000;
	return (struct timeval){ (time_t)(us / 1000000), (suseconds_t)(us % 1000000) };
}

/* What is left of the process's alarm, and its period. */
static void current(struct shuffle_thread *me, struct itimerval *out)
{
	uint64_t deadline, interval, now = shuffle_sched_now();
	shuffle_sched_alarm_get(me, &deadline, &interval);
	out->it_value = timeval_of(deadline > now ? deadline - now : 0);
	out->it_interval = timeval_of(interval);
	if (deadline && deadline <= now)
		out->it_value = (struct timeval){ 0, 1 }; /* due: it fires next */
}

unsigned shuffle_wrap_alarm(struct shuffle_thread *me, unsigned seconds)
{
	struct itimerval old;
	current(me, &old);
	shuffle_sched_alarm_set(me, seconds ? shuffle_sched_now() + seconds * NS_PER_S : 0, 0);
	/* As the C library rounds: to the nearest second, at least 1 if set. */
	unsigned left = (unsigned)old.it_value.tv_sec + (old.it_value.tv_usec >= 500000);
	return left == 0 && old.it_value.tv_usec ? 1 : left;
}

int shuffle_wrap_getitimer(struct shuffle_thread *me, __itimer_which_t which,
			   struct itimerval *value)
{
	if (which != ITIMER_REAL)
		return REAL(getitimer)(which, value);
	current(me, value);
	return 0;
}

int shuffle_wrap_setitimer(struct shuffle_thread *me, __itimer_which_t which,
			   const struct itimerval *value, struct itimerval *old)
{
	if (which != ITIMER_REAL)
		return REAL(setitimer)(which, value, old);
	if (!value || value->it_value.tv_usec < 0 || value->it_value.tv_usec >= 1000000 ||
	    value->it_interval.tv_usec < 0 || value->it_interval.tv_usec >= 1000000) {
		errno = EINVAL;
		return -1;
	}
	if (old)
		current(me, old);
	uint64_t after = ns_of(&value->it_value);
	shuffle_sched_alarm_set(me, after ? shuffle_sched_now() + after : 0,
				ns_of(&value->it_interval));
	return 0;
}
