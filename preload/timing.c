/* timing.c - see timing.h. */
#include "timing.h"

#include "scheduler.h"

static int64_t ns_of(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

uint64_t shuffle_deadline(clockid_t clock, const struct timespec *abstime)
{
	struct timespec now;
	if (!abstime || clock_gettime(clock, &now) != 0)
		return shuffle_sched_now();
	int64_t left = ns_of(abstime) - ns_of(&now);
	return shuffle_sched_now() + (uint64_t)(left > 0 ? left : 0);
}

uint64_t shuffle_after(const struct timespec *rel)
{
	int64_t ns = rel ? ns_of(rel) : 0;
	return shuffle_sched_now() + (uint64_t)(ns > 0 ? ns : 0);
}
