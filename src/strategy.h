/* strategy.h - how the driver explores: one small interface, one file per
 * strategy (strategy_exhaustive.c, strategy_random.c, strategy_replay.c).
 *
 * A strategy has two halves in its one file. The driver's: before each run
 * it produces a plan (a prefix of decisions, and a seed); after the run it is
 * shown the decisions the run actually took. The target's (policy.h): the
 * decisions past the prefix, taken inside the runtime. Later strategies
 * (PCT, preemption bounding, DPOR) fit the same shape: decisions carry the
 * enabled set and each thread's pending operation and object, and a policy
 * observes every step.
 *
 * Nothing outside a strategy's file knows its name or what it does: the
 * rest of the driver reads the flags of its definition.
 */
#ifndef SHUFFLE_STRATEGY_H
#define SHUFFLE_STRATEGY_H

#include "policy.h"
#include "proto.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct shuffle_schedule;

/* The plan of one run. prefix is owned by the strategy and stays valid until
 * its next call. */
struct shuffle_plan {
	uint64_t seed; /* for the policy; also written to schedule files */
	const struct shuffle_plan_step *prefix;
	size_t n_prefix;
	uint32_t policy_arg; /* for the policy's start() */
};

/* One decision a run took: tid chosen among enabled[0..n_enabled-1] (ascending). */
struct shuffle_decision_view {
	uint32_t tid;
	uint32_t op;  /* pending op of tid: enum shuffle_op */
	uint64_t obj; /* object it touches */
	uint32_t n_enabled;
	const uint32_t *enabled;
	uint32_t current; /* as in struct shuffle_choice */
};

struct shuffle_run_view {
	const struct shuffle_decision_view *decisions;
	size_t n_decisions;
	bool diverged; /* the run did not follow its plan: decisions stop there */
};

struct shuffle_strategy_ops {
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
	const struct shuffle_strategy_def *def;
};

struct shuffle_strategy_config {
	uint64_t seed;
	uint64_t max_iterations;	       /* 0: the strategy's default */
	uint32_t depth;			       /* pct: the bug depth aimed at (>= 1) */
	bool bounded;			       /* exhaustive: at most max_preemptions */
	uint32_t max_preemptions;
	const struct shuffle_schedule *replay; /* for replay */
};

/* One strategy: both halves, and what the driver needs to know of it. */
struct shuffle_strategy_def {
	const char *name;
	const char *help;      /* one line for --help */
	bool listed;	       /* chosen with --strategy (replay comes from --replay) */
	bool seeded;	       /* its runs depend on the seed: reports and file names show it */
	bool takes_depth;      /* uses --depth */
	bool takes_bound;      /* uses --max-preemptions */
	uint64_t default_runs; /* budget when --max-iterations is not given; 0: none */
	/* Returns 0, or -1 with errno (EINVAL: bad config, ENOMEM). */
	int (*create)(const struct shuffle_strategy_config *cfg, struct shuffle_strategy *out);
	struct shuffle_policy policy;
};

/* Every strategy, in --help's order; the plan header names one by index. */
extern const struct shuffle_strategy_def *const shuffle_strategies[];
extern const uint32_t shuffle_n_strategies;
/* Used when neither --strategy nor SHUFFLE_STRATEGY says. */
extern const struct shuffle_strategy_def *const shuffle_default_strategy;

/* The definition with that name, or NULL. */
const struct shuffle_strategy_def *shuffle_strategy_find(const char *name);
uint32_t shuffle_strategy_index(const struct shuffle_strategy_def *def);

/* Create the strategy def with cfg. Returns 0, or -1 (errno EINVAL or ENOMEM). */
int shuffle_strategy_create(const struct shuffle_strategy_def *def,
			    const struct shuffle_strategy_config *cfg,
			    struct shuffle_strategy *out);
void shuffle_strategy_destroy(struct shuffle_strategy *s);

/* complete() of a sampling strategy (random, pct): whatever the runs, the
 * space was not covered. */
bool shuffle_strategy_never_complete(const void *state);

/* Names accepted by --strategy, for messages: "exhaustive|random". */
const char *shuffle_strategy_names(void);

/* One per file. */
extern const struct shuffle_strategy_def shuffle_strategy_exhaustive;
extern const struct shuffle_strategy_def shuffle_strategy_random;
extern const struct shuffle_strategy_def shuffle_strategy_pct;
extern const struct shuffle_strategy_def shuffle_strategy_replay;

#endif
