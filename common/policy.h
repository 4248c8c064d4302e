/* policy.h - the target side of a strategy: the decisions past the plan's
 * prefix, taken inside the target at every point where two or more threads
 * are enabled (asking the driver instead would cost a round trip per
 * decision).
 *
 * A strategy is one file (src/strategy_<name>.c) holding both halves: the
 * driver's (which runs to plan, what to learn from each, when the space is
 * covered; strategy.h) and this one. The runtime knows strategies only by
 * their index in shuffle_strategies[], sent in the plan header.
 *
 * The policy's state lives in the scheduler's memory, which forked children
 * share, and which survives exec: it is plain data of a fixed size, zeroed
 * before start(), and holds no pointers.
 */
#ifndef SHUFFLE_POLICY_H
#define SHUFFLE_POLICY_H

#include <stdint.h>

#define SHUFFLE_POLICY_STATE_BYTES 8192

/* The candidates of one decision. */
struct shuffle_choice {
	const uint32_t *tid; /* enabled threads, ascending */
	const uint32_t *op;  /* pending operation of each (enum shuffle_op) */
	const uint64_t *obj; /* the object it touches; NULL when unknown */
	uint32_t n;	     /* >= 2 */
	uint64_t decision;   /* decisions taken before this one in the run */
	/* The thread that took the last step (it holds the token; 0, main,
	 * before any step): running another one while it is enabled is a
	 * preemption. */
	uint32_t current;
};

struct shuffle_policy {
	/* A run starts; state is zeroed. arg: what the driver's half learnt
	 * from earlier runs (struct shuffle_plan), 0 for most strategies. */
	void (*start)(void *state, uint64_t seed, uint32_t arg);
	/* Index in c of the thread to run; -1 when the policy may not decide
	 * here: the run then ends as a divergence (replay past its end). */
	int (*choose)(void *state, const struct shuffle_choice *c);
	/* Every step taken, decision or not (NULL if the policy needs none):
	 * the thread, its operation and object, and how many were enabled. */
	void (*observe)(void *state, uint32_t tid, uint32_t op, uint64_t obj, uint32_t n_enabled);
};

#endif
