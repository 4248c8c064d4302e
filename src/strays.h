/* strays.h - what a run leaves behind. shuffle-run is a child subreaper, so
 * every process a run starts stays its descendant, even one that left the
 * run's process group (setsid, a double fork): once the program has exited,
 * these are found through /proc and killed, so that no run outlives its
 * turn and a daemon that holds the output does not turn the run into a
 * timeout. */
#ifndef SHUFFLE_STRAYS_H
#define SHUFFLE_STRAYS_H

#include <sys/types.h>

/* Whether there may be strays: this process has a child other than spare
 * (an orphan that came back to it). Cheap: /proc/self's list of children. */
int shuffle_strays_possible(pid_t spare);

/* Live descendants of this process other than `spare` (the guardian); with
 * controlled set to how many of them run under the runtime (libshuffle is
 * mapped: they still take part in the schedule). Returns their number. */
int shuffle_strays_count(pid_t spare, int *controlled);

/* SIGKILL every live descendant but `spare` and the members of process
 * group `skip` (0: none); returns how many. */
int shuffle_strays_kill(pid_t spare, pid_t skip);

#endif
