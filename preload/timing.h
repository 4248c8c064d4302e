/* timing.h - converting the program's deadlines to virtual time. */
#ifndef SHUFFLE_TIMING_H
#define SHUFFLE_TIMING_H

#include <stdint.h>
#include <time.h>

/* The virtual time at which an absolute deadline on `clock` falls: now in
 * virtual time plus what is left of it in real time now. */
uint64_t shuffle_deadline(clockid_t clock, const struct timespec *abstime);
/* Virtual now plus a relative duration. */
uint64_t shuffle_after(const struct timespec *rel);

#endif
