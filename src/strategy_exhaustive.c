/* strategy_exhaustive.c - depth-first search over the decision tree.
 *
 * The state is one path from the root: the decisions of the last run, each
 * with the index of the chosen thread in its enabled set and a copy of that
 * set. Children are visited in ascending index order, so every sibling below
 * a decision's index has been explored and every one above has not: the next
 * run flips the deepest decision that still has a higher sibling and lets the
 * runtime take index 0 from there on (the policy below). No recursion and no tree:
 * a run costs O(its decisions and their enabled sets), however deep it goes.
 *
 * Invariants:
 *  - path[0..n_path-1] is the prefix of the pending plan once end_run() has
 *    prepared it; its last step is the flipped decision, with op NONE because
 *    the pending operation of the newly chosen thread was never seen.
 *  - With a preemption bound b (--max-preemptions, CHESS's iterative
 *    context bounding without the iteration), a decision's children are
 *    ranked: first the thread that took the last step (`current`) when it
 *    is enabled, then the others in ascending order; choosing a child of
 *    rank > 0 while current is enabled is a preemption. The runtime takes
 *    rank 0 past the prefix, which preempts nobody, and backtrack() skips
 *    the children that would take a path past b preemptions. Every
 *    schedule explored then has at most b preemptions, and every schedule
 *    with at most b is explored: its every prefix is within the bound, so no
 *    node on its way is skipped. Without a bound the rank is the index.
 *  - done: no run is left. Complete only if, besides, no run ever strayed
 *    from its prefix (diverged, or ended before using it up: the program is
 *    not deterministic under a fixed schedule, so the explored tree cannot be
 *    trusted to be the whole one) and memory never ran out. A straying run
 *    does not stop the search: it goes on from the decisions that run took.
 */
#include "strategy.h"

#include <errno.h>
#include <stdlib.h>

struct node {
	uint32_t rank;	       /* of the chosen thread among its siblings */
	uint32_t current;      /* index of `current` in the enabled set; n_enabled: none */
	uint32_t preempted;    /* preemptions on the path before this decision */
	size_t enabled_off;    /* the enabled set, in pool */
};

#define NO_BOUND UINT32_MAX

struct exhaustive {
	uint64_t max_runs; /* 0: no limit */
	uint64_t runs;
	struct shuffle_plan_step *path;
	struct node *nodes; /* parallel to path */
	size_t n_path, cap_path, cap_nodes;
	size_t planned; /* prefix length of the run in progress */
	uint32_t *pool;
	size_t pool_used, pool_cap;
	bool done;
	bool untrusted; /* diverged, or lost part of a run to lack of memory */
	uint32_t bound; /* most preemptions in a run; NO_BOUND */
};

#define INITIAL_CAP 64

/* Room for need elements of size bytes at p (never NULL); NULL when out of
 * memory, with p and *cap untouched. */
static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t n = *cap;
	while (n < need)
		n *= 2;
	void *q = reallocarray(p, n, size);
	if (q)
		*cap = n;
	return q;
}

static int reserve(struct exhaustive *x, size_t n_decisions, size_t n_tids)
{
	void *p = grow(x->path, &x->cap_path, n_decisions, sizeof *x->path);
	if (!p)
		return -1;
	x->path = p;
	p = grow(x->nodes, &x->cap_nodes, n_decisions, sizeof *x->nodes);
	if (!p)
		return -1;
	x->nodes = p;
	p = grow(x->pool, &x->pool_cap, n_tids, sizeof *x->pool);
	if (!p)
		return -1;
	x->pool = p;
	return 0;
}

static uint32_t index_of(const uint32_t *enabled, uint32_t n, uint32_t tid)
{
	uint32_t i = 0;
	while (i < n && enabled[i] != tid)
		i++;
	return i;
}

/* Ranks and indexes in the enabled set: current (at index cur, < n) first. */
static uint32_t index_at_rank(uint32_t rank, uint32_t cur, uint32_t n)
{
	if (cur >= n)
		return rank;
	if (rank == 0)
		return cur;
	return rank - 1 < cur ? rank - 1 : rank;
}

static uint32_t rank_of_index(uint32_t index, uint32_t cur, uint32_t n)
{
	if (cur >= n)
		return index;
	if (index == cur)
		return 0;
	return index < cur ? index + 1 : index;
}

/* Copy the run's decisions as the current path; false when a decision is
 * malformed (its thread not among the enabled), which ends the path there. */
static bool store_run(struct exhaustive *x, const struct shuffle_run_view *run)
{
	x->n_path = 0;
	x->pool_used = 0;
	uint32_t preempted = 0;
	for (size_t i = 0; i < run->n_decisions; i++) {
		const struct shuffle_decision_view *d = &run->decisions[i];
		uint32_t index = index_of(d->enabled, d->n_enabled, d->tid);
		if (index == d->n_enabled)
			return false;
		uint32_t cur = x->bound == NO_BOUND
				       ? d->n_enabled
				       : index_of(d->enabled, d->n_enabled, d->current);
		uint32_t rank = rank_of_index(index, cur, d->n_enabled);
		/* Past the prefix the runtime takes rank 0: anything else means
		 * the two sides disagree on `current`, and the search on what
		 * it covered. */
		if (i >= x->planned && rank != 0)
			return false;
		struct shuffle_plan_step *step = &x->path[i];
		step->tid = d->tid;
		step->n_enabled = d->n_enabled;
		step->enabled_hash = shuffle_enabled_hash(d->enabled, d->n_enabled);
		step->op = d->op;
		step->reserved = 0;
		x->nodes[i].rank = rank;
		x->nodes[i].current = cur;
		x->nodes[i].preempted = preempted;
		preempted += cur < d->n_enabled && rank > 0;
		x->nodes[i].enabled_off = x->pool_used;
		for (uint32_t k = 0; k < d->n_enabled; k++)
			x->pool[x->pool_used++] = d->enabled[k];
		x->n_path = i + 1;
	}
	return true;
}

/* A higher sibling of node nd has rank nd->rank + 1 and up; it preempts
 * when current is enabled (every rank but 0 does). */
static bool has_next_sibling(const struct exhaustive *x, const struct node *nd, uint32_t n)
{
	if (nd->rank + 1 >= n)
		return false;
	uint32_t preempts = nd->current < n;
	return x->bound == NO_BOUND || nd->preempted + preempts <= x->bound;
}

/* Turn the stored path into the next run's prefix, or find there is none. */
static void backtrack(struct exhaustive *x)
{
	size_t i = x->n_path;
	while (i > 0 && !has_next_sibling(x, &x->nodes[i - 1], x->path[i - 1].n_enabled))
		i--;
	if (i == 0) {
		x->n_path = 0;
		x->done = true;
		return;
	}
	struct node *nd = &x->nodes[i - 1];
	uint32_t n = x->path[i - 1].n_enabled;
	nd->rank++;
	x->path[i - 1].tid = x->pool[nd->enabled_off + index_at_rank(nd->rank, nd->current, n)];
	x->path[i - 1].op = SHUFFLE_OP_NONE;
	x->n_path = i;
}

static void exhaustive_end_run(void *state, const struct shuffle_run_view *run)
{
	struct exhaustive *x = state;
	size_t n_tids = 0;
	for (size_t i = 0; i < run->n_decisions; i++)
		n_tids += run->decisions[i].n_enabled;
	if (reserve(x, run->n_decisions, n_tids) < 0) {
		/* end_run cannot fail: stop here, and say we did not finish. */
		x->untrusted = true;
		x->done = true;
		return;
	}
	/* A run that ends before using up its prefix left the path it was
	 * sent down: the runtime does not call that a divergence, but it is one. */
	if (run->diverged || run->n_decisions < x->planned || !store_run(x, run))
		x->untrusted = true;
	backtrack(x);
}

static bool exhaustive_next_run(void *state, struct shuffle_plan *plan)
{
	struct exhaustive *x = state;
	if (x->done || (x->max_runs && x->runs >= x->max_runs))
		return false;
	x->runs++;
	x->planned = x->n_path;
	plan->seed = 0;
	plan->prefix = x->path;
	plan->n_prefix = x->n_path;
	plan->policy_arg = x->bound != NO_BOUND;
	return true;
}

static bool exhaustive_complete(const void *state)
{
	const struct exhaustive *x = state;
	return x->done && !x->untrusted;
}

static void exhaustive_destroy(void *state)
{
	struct exhaustive *x = state;
	free(x->path);
	free(x->nodes);
	free(x->pool);
	free(x);
}

static const struct shuffle_strategy_ops exhaustive_ops = {
	.next_run = exhaustive_next_run,
	.end_run = exhaustive_end_run,
	.complete = exhaustive_complete,
	.destroy = exhaustive_destroy,
};

static int exhaustive_create(const struct shuffle_strategy_config *cfg,
			     struct shuffle_strategy *out)
{
	struct exhaustive *x = calloc(1, sizeof *x);
	if (!x)
		return -1;
	x->cap_path = x->cap_nodes = x->pool_cap = INITIAL_CAP;
	x->path = calloc(x->cap_path, sizeof *x->path);
	x->nodes = calloc(x->cap_nodes, sizeof *x->nodes);
	x->pool = calloc(x->pool_cap, sizeof *x->pool);
	if (!x->path || !x->nodes || !x->pool) {
		exhaustive_destroy(x);
		errno = ENOMEM;
		return -1;
	}
	x->max_runs = cfg->max_iterations;
	x->bound = cfg->bounded ? cfg->max_preemptions : NO_BOUND;
	out->ops = &exhaustive_ops;
	out->state = x;
	return 0;
}

/* --- in the target: past the prefix, rank 0 ---------------------------- */

static void exhaustive_start(void *state, uint64_t seed, uint32_t arg)
{
	(void)seed;
	*(uint32_t *)state = arg;
}

/* arg: 1 when the search is bounded (the thread of the last step first). */
static int exhaustive_choose(void *state, const struct shuffle_choice *c)
{
	const uint32_t *bounded = state;
	if (!*bounded)
		return 0;
	uint32_t cur = index_of(c->tid, c->n, c->current);
	return cur < c->n ? (int)cur : 0;
}

const struct shuffle_strategy_def shuffle_strategy_exhaustive = {
	.name = "exhaustive",
	.help = "exhaustive: every schedule, depth first",
	.listed = true,
	.takes_bound = true,
	.create = exhaustive_create,
	.policy = { .start = exhaustive_start, .choose = exhaustive_choose },
};
