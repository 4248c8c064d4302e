/* explore.h - one exploration: ask the strategy for a plan, run the target
 * with it, judge the run, save it if it failed, report it, and again until
 * the strategy has nothing left. */
#ifndef SHUFFLE_EXPLORE_H
#define SHUFFLE_EXPLORE_H

#include "options.h"
#include "schedule.h"

struct shuffle_explore_config {
	const struct shuffle_options *opt;
	const char *path;  /* resolved program */
	char *const *argv; /* PROGRAM ARGS..., NULL-terminated */
	int argc;
	const char *preload;		       /* libshuffle.so */
	const struct shuffle_schedule *replay; /* --replay, or NULL */
	uint64_t seed;
};

/* Returns the exit status of shuffle-run: 0, 1 or 2 (one line already on
 * stderr). */
int shuffle_explore(const struct shuffle_explore_config *cfg);

#endif
