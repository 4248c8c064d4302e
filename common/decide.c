/* decide.c - prefix first, then the strategy's policy; see decide.h. */
#include "decide.h"

#include "strategy.h"

#include <assert.h>

#include <string.h>

static const struct shuffle_policy *policy_of(const struct shuffle_decider *d)
{
	return &shuffle_strategies[d->strategy]->policy;
}

int shuffle_decider_init(struct shuffle_decider *d, uint32_t strategy, uint64_t seed,
			 uint32_t policy_arg, const struct shuffle_plan_step *prefix,
			 uint64_t n_prefix)
{
	if (strategy >= shuffle_n_strategies)
		return -1;
	memset(d, 0, sizeof *d);
	d->strategy = strategy;
	d->prefix = prefix;
	d->n_prefix = n_prefix;
	policy_of(d)->start(d->state, seed, policy_arg);
	return 0;
}

static int diverge(struct shuffle_decider *d, const struct shuffle_plan_step *want, uint32_t n,
		   uint32_t actual_op, struct shuffle_divergence *div)
{
	memset(div, 0, sizeof *div);
	div->decision = d->taken;
	div->actual_n = n;
	div->actual_op = actual_op;
	if (want) {
		div->expected_tid = want->tid;
		div->expected_op = want->op;
		div->expected_n = want->n_enabled;
	} else {
		div->expected_tid = SHUFFLE_NO_THREAD;
		div->past_end = 1;
	}
	return -1;
}

static int follow_prefix(struct shuffle_decider *d, const uint32_t *enabled, const uint32_t *ops,
			 uint32_t n, struct shuffle_divergence *div)
{
	const struct shuffle_plan_step *want = &d->prefix[d->taken];
	int at = -1;
	for (uint32_t i = 0; i < n; i++)
		if (enabled[i] == want->tid)
			at = (int)i;
	uint32_t op = at >= 0 ? ops[at] : SHUFFLE_OP_NONE;
	if (at < 0 ||
	    (want->n_enabled &&
	     (want->n_enabled != n || want->enabled_hash != shuffle_enabled_hash(enabled, n))) ||
	    (want->op != SHUFFLE_OP_NONE && want->op != op))
		return diverge(d, want, n, op, div);
	return at;
}

int shuffle_decide(struct shuffle_decider *d, const uint32_t *enabled, const uint32_t *ops,
		   const uint64_t *objs, uint32_t n, uint32_t current,
		   struct shuffle_divergence *div)
{
	assert(n >= 2);
	int at;
	if (d->taken < d->n_prefix) {
		at = follow_prefix(d, enabled, ops, n, div);
	} else {
		const struct shuffle_choice c = { .tid = enabled,
						  .op = ops,
						  .obj = objs,
						  .n = n,
						  .decision = d->taken,
						  .current = current };
		at = policy_of(d)->choose(d->state, &c);
		assert(at < (int)n);
		if (at < 0)
			at = diverge(d, NULL, n, SHUFFLE_OP_NONE, div);
	}
	if (at >= 0)
		d->taken++;
	return at;
}

void shuffle_decider_observe(struct shuffle_decider *d, uint32_t tid, uint32_t op, uint64_t obj,
			     uint32_t n_enabled)
{
	const struct shuffle_policy *p = policy_of(d);
	if (p->observe)
		p->observe(d->state, tid, op, obj, n_enabled);
}
