/* run.h - the one module that forks, feeds, watches, kills and reaps a run.
 *
 * A run is the target in its own process group, pinned to one CPU, with
 * address randomization off, stdin from /dev/null, stdout and stderr
 * captured, the plan on a pipe and the trace memfd at fixed descriptors.
 * When the target exits, or the timeout expires, the whole group is killed
 * with SIGKILL and reaped: nothing of a run outlives it.
 */
#ifndef SHUFFLE_RUN_H
#define SHUFFLE_RUN_H

#include "proto.h"

#include <stddef.h>

struct shuffle_run_config {
	const char *path;  /* resolved program */
	char *const *argv; /* argv[0] as the user gave it */
	char *const *envp; /* complete environment, LD_PRELOAD included */
	int trace_fd;	   /* memfd, becomes SHUFFLE_TRACE_FD_NUM in the target */
	int cpu;	   /* CPU to pin the target to; -1: leave as is */
	/* The run's trace, read at a timeout to find the token holder, which
	 * may be in a forked child. */
	const struct shuffle_trace_header *trace;
	double timeout_s;
};

struct shuffle_output {
	char *data;
	size_t len;
	size_t dropped; /* bytes beyond the capture limit */
};

#define SHUFFLE_MAX_TASKS 16

/* A thread of the target as /proc showed it when the run timed out. */
struct shuffle_task_state {
	int ktid;
	char state;   /* R running, S/D waiting, ... */
	long syscall; /* the system call it waits in, -1 if none */
};

struct shuffle_run_result {
	int exec_errno; /* the program could not be executed at all */
	int timed_out;
	int interrupted; /* Ctrl-C, SIGTERM or SIGHUP: killed, not to be judged */
	int strays;	 /* processes killed after the program's own tree was done */
	/* At the timeout: the target's threads, running (a busy loop) or
	 * waiting, and in which system call. */
	struct shuffle_task_state tasks[SHUFFLE_MAX_TASKS];
	int n_tasks;
	int exit_code; /* -1 unless it exited */
	int signal;    /* 0 unless killed by a signal (other than our timeout kill) */
	double elapsed_s;
	struct shuffle_output out, err;
};

/* Run once with the plan bytes; fills *r. Returns 0, or -1 when the driver
 * itself failed (errno set). */
int shuffle_run_once(const struct shuffle_run_config *cfg, const void *plan, size_t plan_len,
		     struct shuffle_run_result *r);

void shuffle_run_result_free(struct shuffle_run_result *r);

#endif
