/* strategy_random.c - independent random runs within a fixed budget.
 *
 * Run k (from 0) gets the seed cfg->seed + k and no prefix, so that
 * `--seed S+k --max-iterations 1` replays run k of `--seed S` on its own.
 * Random search never covers its space, and the
 * runs' results do not steer later runs. In the target, each decision is
 * uniform among the enabled threads, from a splitmix64 stream of the seed.
 */
#include "strategy.h"

#include "decide.h"

#include <errno.h>
#include <stdlib.h>

struct random_search {
	uint64_t seed;
	uint64_t max_runs; /* > 0 */
	uint64_t runs;
};

static bool random_next_run(void *state, struct shuffle_plan *plan)
{
	struct random_search *r = state;
	if (r->runs >= r->max_runs)
		return false;
	plan->seed = r->seed + r->runs; /* wraps around on purpose */
	plan->prefix = NULL;
	plan->n_prefix = 0;
	r->runs++;
	return true;
}

static void random_end_run(void *state, const struct shuffle_run_view *run)
{
	(void)state;
	(void)run;
}

static const struct shuffle_strategy_ops random_ops = {
	.next_run = random_next_run,
	.end_run = random_end_run,
	.complete = shuffle_strategy_never_complete,
	.destroy = free,
};

static int random_create(const struct shuffle_strategy_config *cfg, struct shuffle_strategy *out)
{
	/* Without a budget random search would never stop. */
	if (cfg->max_iterations == 0) {
		errno = EINVAL;
		return -1;
	}
	struct random_search *r = calloc(1, sizeof *r);
	if (!r)
		return -1;
	r->seed = cfg->seed;
	r->max_runs = cfg->max_iterations;
	out->ops = &random_ops;
	out->state = r;
	return 0;
}

/* --- in the target ---------------------------------------------------- */

static void random_start(void *state, uint64_t seed, uint32_t arg)
{
	(void)arg;
	*(uint64_t *)state = seed;
}

static int random_choose(void *state, const struct shuffle_choice *c)
{
	return (int)shuffle_uniform(state, c->n);
}

const struct shuffle_strategy_def shuffle_strategy_random = {
	.name = "random",
	.help = "random: each decision uniform among the enabled threads",
	.listed = true,
	.seeded = true,
	.default_runs = 100,
	.create = random_create,
	.policy = { .start = random_start, .choose = random_choose },
};
