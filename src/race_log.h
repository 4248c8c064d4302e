/* race_log.h - the data races runs found (preload/races.c records them in
 * the trace), each pair of source locations reported once per exploration,
 * passing runs included. */
#ifndef SHUFFLE_RACE_LOG_H
#define SHUFFLE_RACE_LOG_H

#include "trace.h"

#include <stddef.h>
#include <stdint.h>

struct shuffle_race_side {
	const char *thread; /* label */
	int write;
	char where[512]; /* "func (file.c:12)", or module+offset */
};

struct shuffle_race_report {
	uint64_t addr;
	struct shuffle_race_side side[2]; /* [0] the earlier access */
};

struct shuffle_race_log {
	char **keys; /* raw sites met, and "where|where" (the two sorted) reported */
	size_t n, cap;
};

/* The races of run t that no earlier run of the exploration reported, into
 * a malloc'd array *out (NULL when none); returns how many. */
size_t shuffle_race_log_add(struct shuffle_race_log *log, const struct shuffle_trace_view *t,
			    struct shuffle_race_report **out);
void shuffle_race_log_free(struct shuffle_race_log *log);

#endif
