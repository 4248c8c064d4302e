/* sim.h - a simulated target for the unit tests.
 *
 * A program of n_threads threads where thread t performs n_ops[t] operations,
 * each always enabled. shuffle_sim_run() plays one plan on it exactly as the
 * runtime would: the threads with operations left are enabled (ascending
 * tid); with two or more, shuffle_decide() picks one (every pending op is
 * SHUFFLE_OP_POINT), with one it runs without a decision. A divergence ends
 * the run, as it ends a real one.
 */
#ifndef SHUFFLE_SIM_H
#define SHUFFLE_SIM_H

#include "strategy.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHUFFLE_SIM_MAX_THREADS 8

struct shuffle_sim {
	uint32_t n_threads;
	uint32_t n_ops[SHUFFLE_SIM_MAX_THREADS];
};

struct shuffle_sim_run {
	uint32_t *steps; /* tid of every operation performed, in order */
	size_t n_steps;
	struct shuffle_decision_view *decisions; /* enabled sets point into pool */
	size_t n_decisions;
	uint32_t *pool;
	bool diverged;
	struct shuffle_divergence divergence; /* when diverged */
	struct shuffle_run_view view;	      /* decisions as a strategy's end_run() takes them */
};

/* Play plan on sim into *run (aborts the test when out of memory). */
void shuffle_sim_run(const struct shuffle_sim *sim, const struct shuffle_strategy_def *def,
		     const struct shuffle_plan *plan, struct shuffle_sim_run *run);
void shuffle_sim_run_free(struct shuffle_sim_run *run);

/* The steps as a string, 'a' for thread 0, 'b' for 1...; the caller frees it. */
char *shuffle_sim_sequence(const struct shuffle_sim_run *run);

#endif
