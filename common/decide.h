/* decide.h - the one place where a run's decisions are taken.
 *
 * The runtime calls shuffle_decide() at every scheduling point where two or
 * more threads are enabled; the unit tests call it from a simulated program.
 * Both therefore follow exactly the same rules: first the plan's prefix
 * (checked against what the run really shows), then the strategy's policy
 * (policy.h).
 */
#ifndef SHUFFLE_DECIDE_H
#define SHUFFLE_DECIDE_H

#include "policy.h"
#include "proto.h"

#include <stdint.h>

struct shuffle_decider {
	uint32_t strategy; /* index in shuffle_strategies[] */
	uint32_t reserved;
	const struct shuffle_plan_step *prefix;
	uint64_t n_prefix;
	uint64_t taken; /* decisions taken so far */
	/* The policy's state: plain data, shared with forked children. */
	_Alignas(16) unsigned char state[SHUFFLE_POLICY_STATE_BYTES];
};

/* Returns 0, or -1 when strategy is not a known index. */
int shuffle_decider_init(struct shuffle_decider *d, uint32_t strategy, uint64_t seed,
			 uint32_t policy_arg, const struct shuffle_plan_step *prefix,
			 uint64_t n_prefix);

/* enabled[0..n-1]: ascending thread ids, n >= 2; ops[i]: pending op of
 * enabled[i], objs[i] the object it touches (objs may be NULL). Returns the
 * index of the thread to run (current: see struct shuffle_choice), or -1 when the run diverges from the plan,
 * with *div describing how (actual_off is left for the caller, who knows
 * where it keeps the enabled set). */
int shuffle_decide(struct shuffle_decider *d, const uint32_t *enabled, const uint32_t *ops,
		   const uint64_t *objs, uint32_t n, uint32_t current,
		   struct shuffle_divergence *div);

/* A step was taken (decision or not): the policy may watch. */
void shuffle_decider_observe(struct shuffle_decider *d, uint32_t tid, uint32_t op, uint64_t obj,
			     uint32_t n_enabled);

/* splitmix64: the generator behind random decisions and per-run seeds. */
static inline uint64_t shuffle_mix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) without the bias of a plain modulo on small n. */
static inline uint32_t shuffle_uniform(uint64_t *state, uint32_t n)
{
	return (uint32_t)(((unsigned __int128)shuffle_mix64(state) * n) >> 64);
}

#endif
