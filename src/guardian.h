/* guardian.h - a run must not outlive shuffle-run, even one killed with
 * SIGKILL, which no handler sees. A guardian process, forked once, is told
 * the process group of each run; when the driver's end of its pipe closes
 * (the driver exited, however) it kills the group of the run in progress,
 * forked children of the target included. */
#ifndef SHUFFLE_GUARDIAN_H
#define SHUFFLE_GUARDIAN_H

#include <sys/types.h>

/* Fork the guardian; returns 0, or -1 (errno set). */
int shuffle_guardian_start(void);

/* The process group of the run in progress; 0 when none is. Does nothing
 * without a guardian. */
void shuffle_guardian_watch(pid_t pgid);

/* The guardian's pid (0 without one): it is no stray of a run. */
pid_t shuffle_guardian_pid(void);

/* At the end of a normal exit: the guardian exits, and is reaped. */
void shuffle_guardian_stop(void);

#endif
