/* process.c - exit and fork.
 *
 * exit() from any thread is a scheduling point like main's return: other
 * threads may still run first. A forked child keeps only the forking thread
 * and runs uncontrolled (the trace belongs to the parent); the run reports it.
 */
#include "export.h"
#include "real.h"
#include "scheduler.h"

SHUFFLE_EXPORT void exit(int status)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_process_exit(me, status);
	REAL(exit)(status);
	__builtin_unreachable();
}

SHUFFLE_EXPORT pid_t fork(void)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (!me)
		return REAL(fork)();
	shuffle_sched_point(me, SHUFFLE_OP_FORK, 0, NULL);
	shuffle_escape(SHUFFLE_ESCAPE_FORK);
	pid_t pid = REAL(fork)();
	if (pid == 0)
		shuffle_mode = SHUFFLE_MODE_OFF;
	return pid;
}
