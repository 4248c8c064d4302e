/* trace.h - the driver's side of the trace memfd (proto.h): create and reset
 * it, then read a finished run out of it without trusting it: the target may
 * have scribbled over its own mapping, so every count and offset is checked
 * before use. */
#ifndef SHUFFLE_TRACE_H
#define SHUFFLE_TRACE_H

#include "proto.h"
#include "strategy.h"

#include <stddef.h>
#include <stdint.h>

struct shuffle_trace_mem {
	int fd;
	struct shuffle_trace_header *h;
	size_t bytes;
	/* The capacities, kept here too: the header's copy is the target's
	 * to scribble on, and the layout must not follow it. */
	uint64_t max_events, pool_cap;
};

int shuffle_trace_create(struct shuffle_trace_mem *m, uint64_t max_steps);
/* Before each run: an empty trace of the right version and capacities. */
void shuffle_trace_reset(struct shuffle_trace_mem *m);
void shuffle_trace_destroy(struct shuffle_trace_mem *m);

struct shuffle_trace_view {
	const struct shuffle_trace_header *h;
	const char *program; /* the target, for reports: set by the caller */
	const struct shuffle_event *events;
	size_t n_events;
	const uint32_t *pool;
	size_t pool_used; /* read once, checked against the capacity */
	uint32_t n_threads;
	struct shuffle_decision_view *decisions;
	size_t n_decisions;
	size_t n_steps;		     /* operations performed at scheduling points */
	uint32_t *sequence;	     /* tids of the steps a run's sequence lists */
	const char **sequence_notes; /* the SQL text of those that are statements, else NULL */
	size_t n_sequence;
};

/* Returns 0, or -1 when the runtime never took control of the target
 * (the trace is then empty) or left an inconsistent trace. `points`
 * (--points) says which kinds of forced steps the sequence lists. */
int shuffle_trace_view_init(struct shuffle_trace_view *v, const struct shuffle_trace_mem *m,
			    uint32_t points);
void shuffle_trace_view_free(struct shuffle_trace_view *v);

const char *shuffle_trace_label(const struct shuffle_trace_view *v, uint32_t tid);
/* Entry i of the run's sequence: the thread's label, and for a database
 * statement its short SQL text ("A: UPDATE accounts SET ..."). Returns buf. */
const char *shuffle_trace_step(const struct shuffle_trace_view *v, size_t i, char *buf,
			       size_t size);

#endif
