/* sim.c - the simulated target of sim.h.
 *
 * Invariant: every buffer is sized for the whole program up front (a run
 * performs at most the sum of the op counts, each decision lists at most
 * n_threads tids), so the decisions' enabled pointers into pool stay valid.
 */
#include "sim.h"

#include "decide.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static void *alloc_or_fail(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	ck_assert_ptr_nonnull(p);
	return p;
}

static size_t total_ops(const struct shuffle_sim *sim)
{
	size_t total = 0;
	for (uint32_t t = 0; t < sim->n_threads; t++)
		total += sim->n_ops[t];
	return total;
}

/* The enabled threads now, ascending; returns how many. */
static uint32_t enabled_now(const struct shuffle_sim *sim, const uint32_t *left, uint32_t *enabled)
{
	uint32_t n = 0;
	for (uint32_t t = 0; t < sim->n_threads; t++)
		if (left[t] > 0)
			enabled[n++] = t;
	return n;
}

/* Decide among enabled[0..n-1] and record the decision; false on divergence. */
static bool decide(struct shuffle_decider *d, const uint32_t *enabled, uint32_t n,
		   uint32_t current, struct shuffle_sim_run *run, uint32_t *chosen)
{
	uint32_t ops[SHUFFLE_SIM_MAX_THREADS];
	for (uint32_t i = 0; i < n; i++)
		ops[i] = SHUFFLE_OP_POINT;
	int at = shuffle_decide(d, enabled, ops, NULL, n, current, &run->divergence);
	if (at < 0)
		return false;
	uint32_t *copy = run->pool + run->n_decisions * SHUFFLE_SIM_MAX_THREADS;
	memcpy(copy, enabled, n * sizeof *copy);
	run->decisions[run->n_decisions++] = (struct shuffle_decision_view){ .tid = enabled[at],
									     .op = SHUFFLE_OP_POINT,
									     .obj = 0,
									     .n_enabled = n,
									     .enabled = copy,
									     .current = current };
	*chosen = enabled[at];
	return true;
}

void shuffle_sim_run(const struct shuffle_sim *sim, const struct shuffle_strategy_def *def,
		     const struct shuffle_plan *plan, struct shuffle_sim_run *run)
{
	size_t total = total_ops(sim);
	uint32_t left[SHUFFLE_SIM_MAX_THREADS], enabled[SHUFFLE_SIM_MAX_THREADS];
	struct shuffle_decider d;

	memset(run, 0, sizeof *run);
	run->steps = alloc_or_fail(total, sizeof *run->steps);
	run->decisions = alloc_or_fail(total, sizeof *run->decisions);
	run->pool = alloc_or_fail(total * SHUFFLE_SIM_MAX_THREADS, sizeof *run->pool);
	memcpy(left, sim->n_ops, sizeof left);
	ck_assert_int_eq(shuffle_decider_init(&d, shuffle_strategy_index(def), plan->seed,
					      plan->policy_arg, plan->prefix, plan->n_prefix),
			 0);

	uint32_t n, chosen;
	while ((n = enabled_now(sim, left, enabled)) > 0) {
		chosen = enabled[0];
		uint32_t current = run->n_steps ? run->steps[run->n_steps - 1] : 0;
		if (n >= 2 && !decide(&d, enabled, n, current, run, &chosen)) {
			run->diverged = true;
			break;
		}
		left[chosen]--;
		run->steps[run->n_steps++] = chosen;
	}
	run->view = (struct shuffle_run_view){ .decisions = run->decisions,
					       .n_decisions = run->n_decisions,
					       .diverged = run->diverged };
}

void shuffle_sim_run_free(struct shuffle_sim_run *run)
{
	free(run->steps);
	free(run->decisions);
	free(run->pool);
	memset(run, 0, sizeof *run);
}

char *shuffle_sim_sequence(const struct shuffle_sim_run *run)
{
	char *s = alloc_or_fail(run->n_steps + 1, 1);
	for (size_t i = 0; i < run->n_steps; i++)
		s[i] = (char)('a' + run->steps[i]);
	return s;
}
