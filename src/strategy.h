/* strategy.h - how the driver explores: one small interface, one file per
 * strategy (strategy_exhaustive.c, strategy_random.c, strategy_replay.c).
 *
 * A strategy never sees the target. Before each run it produces a plan (a
 * prefix of decisions, and the policy the runtime applies after it); after the
 * run it is shown the decisions the run actually took. Later strategies (PCT,
 * preemption bounding, DPOR) fit the same shape: the decisions carry the
 * enabled set and each chosen thread's pending operation and object.
 */
#ifndef SHUFFLE_STRATEGY_H
#define SHUFFLE_STRATEGY_H

#include "proto.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct shuffle_schedule;

/* The plan of one run. prefix is owned by the strategy and stays valid until
 * its next call. */
struct shuffle_plan {
	uint32_t tail; /* enum shuffle_tail */
	uint64_t seed; /* for SHUFFLE_TAIL_RANDOM; also written to schedule files */
	const struct shuffle_plan_step *prefix;
	size_t n_prefix;
};

/* One decision a run took: tid chosen among enabled[0..n_enabled-1] (ascending). */
struct shuffle_decision_view {
	uint32_t tid;
	uint32_t op;  /* pending op of tid: enum shuffle_op */
	uint64_t obj; /* object it touches */
	uint32_t n_enabled;
	const uint32_t *enabled;
};

struct shuffle_run_view {
	const struct shuffle_decision_view *decisions;
	size_t n_decisions;
	bool diverged; /* the run did not follow its plan: decisions stop there */
};

struct shuffle_strategy_ops {
	const char *name;
	/* Fill *plan for the next run; false when no run is left. */
	bool (*next_run)(void *state, struct shuffle_plan *plan);
	/* What the run planned by the last next_run() did. */
	void (*end_run)(void *state, const struct shuffle_run_view *run);
	/* True when the strategy covered its whole space (not merely ran out of budget). */
	bool (*complete)(const void *state);
	void (*destroy)(void *state);
};

struct shuffle_strategy {
	const struct shuffle_strategy_ops *ops;
	void *state;
};

struct shuffle_strategy_config {
	uint64_t seed;
	uint64_t max_iterations;	       /* 0: no limit */
	const struct shuffle_schedule *replay; /* for "replay" */
};

/* "exhaustive", "random" or "replay". Returns 0, or -1 for an unknown name
 * (errno EINVAL) or no memory (ENOMEM). */
int shuffle_strategy_create(const char *name, const struct shuffle_strategy_config *cfg,
			    struct shuffle_strategy *out);
void shuffle_strategy_destroy(struct shuffle_strategy *s);

/* Names accepted by --strategy, for messages: "exhaustive|random". */
extern const char shuffle_strategy_names[];

/* Constructors behind shuffle_strategy_create(), one per file. */
int shuffle_strategy_exhaustive(const struct shuffle_strategy_config *cfg,
				struct shuffle_strategy *out);
int shuffle_strategy_random(const struct shuffle_strategy_config *cfg,
			    struct shuffle_strategy *out);
int shuffle_strategy_replay(const struct shuffle_strategy_config *cfg,
			    struct shuffle_strategy *out);

#endif
