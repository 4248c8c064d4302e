/* strategy_pct.c - probabilistic concurrency testing (Burckhardt et al.,
 * ASPLOS 2010): each run gives the threads random distinct priorities, always
 * runs the highest-priority enabled thread, and at d-1 random decisions drops
 * the priority of the thread about to run below every initial one. A bug
 * that needs d particular orderings among k decisions and n threads shows up
 * in a run with probability at least 1/(n k^(d-1)), against far less for
 * uniform random choices when k is large.
 *
 * k is not known before a run: it is the largest number of decisions seen
 * in the runs so far (the first run has no change point and measures it).
 * Only decisions count, not steps without a choice, as in shuttle and Fray.
 * Like random search it never covers its space: complete() is false.
 */
#include "strategy.h"

#include "decide.h"

#include <errno.h>
#include <stdlib.h>

/* policy_arg: depth in the top bits, the estimate of k below. */
#define K_BITS 27u
#define K_MAX  ((1u << K_BITS) - 1u)

struct pct_search {
	uint64_t seed;
	uint64_t max_runs; /* > 0 */
	uint64_t runs;
	uint32_t depth;
	uint64_t longest; /* most decisions in one run so far */
};

static bool pct_next_run(void *state, struct shuffle_plan *plan)
{
	struct pct_search *s = state;
	if (s->runs >= s->max_runs)
		return false;
	plan->seed = s->seed + s->runs; /* wraps around on purpose */
	plan->prefix = NULL;
	plan->n_prefix = 0;
	uint32_t k = s->longest > K_MAX ? K_MAX : (uint32_t)s->longest;
	plan->policy_arg = s->depth << K_BITS | k;
	s->runs++;
	return true;
}

static void pct_end_run(void *state, const struct shuffle_run_view *run)
{
	struct pct_search *s = state;
	if (run->n_decisions > s->longest)
		s->longest = run->n_decisions;
}

static const struct shuffle_strategy_ops pct_ops = {
	.next_run = pct_next_run,
	.end_run = pct_end_run,
	.complete = shuffle_strategy_never_complete,
	.destroy = free,
};

static int pct_create(const struct shuffle_strategy_config *cfg, struct shuffle_strategy *out)
{
	/* The depth must fit the top bits of policy_arg. */
	if (cfg->max_iterations == 0 || cfg->depth == 0 || cfg->depth >= (1u << (32 - K_BITS))) {
		errno = EINVAL;
		return -1;
	}
	struct pct_search *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	s->seed = cfg->seed;
	s->max_runs = cfg->max_iterations;
	s->depth = cfg->depth;
	out->ops = &pct_ops;
	out->state = s;
	return 0;
}

/* --- in the target ---------------------------------------------------- */

#define MAX_CHANGES 31u
/* Initial priorities have the top bit set; the one a change point gives is
 * its number, 1 to d-1, below all of them. 0: not met yet. */
#define INITIAL_BIT 0x80000000u

struct pct_policy {
	uint64_t rng;
	uint32_t n_changes;
	uint64_t change_at[MAX_CHANGES]; /* decision numbers, in the order drawn */
	uint32_t priority[SHUFFLE_MAX_THREADS];
};
_Static_assert(sizeof(struct pct_policy) <= SHUFFLE_POLICY_STATE_BYTES, "pct state fits");

static void pct_start(void *state, uint64_t seed, uint32_t arg)
{
	struct pct_policy *p = state;
	p->rng = seed;
	uint32_t depth = arg >> K_BITS, k = arg & K_MAX;
	if (k == 0 || depth < 2)
		return;
	p->n_changes = depth - 1 < MAX_CHANGES ? depth - 1 : MAX_CHANGES;
	for (uint32_t i = 0; i < p->n_changes; i++)
		p->change_at[i] = shuffle_uniform(&p->rng, k);
}

static uint32_t priority_of(struct pct_policy *p, uint32_t tid)
{
	if (tid >= SHUFFLE_MAX_THREADS)
		return 0;
	/* A thread met for the first time takes a random place among the
	 * others: the same as drawing all priorities at the start. */
	if (p->priority[tid] == 0)
		p->priority[tid] = INITIAL_BIT | (uint32_t)(shuffle_mix64(&p->rng) >> 33);
	return p->priority[tid];
}

static uint32_t highest(struct pct_policy *p, const struct shuffle_choice *c)
{
	uint32_t best = 0;
	for (uint32_t i = 1; i < c->n; i++)
		if (priority_of(p, c->tid[i]) > priority_of(p, c->tid[best]))
			best = i;
	return best;
}

static int pct_choose(void *state, const struct shuffle_choice *c)
{
	struct pct_policy *p = state;
	uint32_t best = highest(p, c);
	for (uint32_t i = 0; i < p->n_changes; i++) {
		if (p->change_at[i] != c->decision || c->tid[best] >= SHUFFLE_MAX_THREADS)
			continue;
		p->priority[c->tid[best]] = i + 1;
		best = highest(p, c);
	}
	return (int)best;
}

const struct shuffle_strategy_def shuffle_strategy_pct = {
	.name = "pct",
	.help = "pct: random thread priorities, the highest enabled runs; --depth D changes "
		"them D-1 times a run",
	.listed = true,
	.seeded = true,
	.takes_depth = true,
	.default_runs = 100,
	.create = pct_create,
	.policy = { .start = pct_start, .choose = pct_choose },
};
