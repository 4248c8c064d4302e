/* strategy_replay.c - one run that follows a schedule file to the letter.
 *
 * Every decision of the schedule becomes a prefix step that the runtime
 * checks (enabled set and pending operation), and its policy makes a
 * decision the schedule lacks a divergence too: the run either is the
 * recorded one or is reported as diverged, never silently another.
 */
#include "strategy.h"

#include "schedule.h"

#include <errno.h>
#include <stdlib.h>

struct replay {
	struct shuffle_plan_step *steps;
	size_t n_steps;
	uint64_t seed;
	bool planned; /* the one run was handed out */
	bool ran;     /* and it is over */
};

static bool replay_next_run(void *state, struct shuffle_plan *plan)
{
	struct replay *r = state;
	if (r->planned)
		return false;
	r->planned = true;
	plan->seed = r->seed;
	plan->prefix = r->steps;
	plan->n_prefix = r->n_steps;
	return true;
}

static void replay_end_run(void *state, const struct shuffle_run_view *run)
{
	struct replay *r = state;
	(void)run;
	r->ran = true;
}

static bool replay_complete(const void *state)
{
	const struct replay *r = state;
	return r->ran;
}

static void replay_destroy(void *state)
{
	struct replay *r = state;
	free(r->steps);
	free(r);
}

static const struct shuffle_strategy_ops replay_ops = {
	.next_run = replay_next_run,
	.end_run = replay_end_run,
	.complete = replay_complete,
	.destroy = replay_destroy,
};

static void fill_steps(struct shuffle_plan_step *steps, const struct shuffle_schedule *s)
{
	for (size_t i = 0; i < s->n_decisions; i++) {
		const struct shuffle_schedule_decision *d = &s->decisions[i];
		steps[i].tid = d->tid;
		steps[i].n_enabled = d->n_enabled;
		steps[i].enabled_hash = shuffle_enabled_hash(d->enabled, d->n_enabled);
		steps[i].op = d->op;
		steps[i].reserved = 0;
	}
}

static int replay_create(const struct shuffle_strategy_config *cfg, struct shuffle_strategy *out)
{
	const struct shuffle_schedule *s = cfg->replay;
	if (!s) {
		errno = EINVAL;
		return -1;
	}
	struct replay *r = calloc(1, sizeof *r);
	/* One spare element: a schedule without decisions still gets a pointer. */
	struct shuffle_plan_step *steps = calloc(s->n_decisions + 1, sizeof *steps);
	if (!r || !steps) {
		free(r);
		free(steps);
		errno = ENOMEM;
		return -1;
	}
	fill_steps(steps, s);
	r->steps = steps;
	r->n_steps = s->n_decisions;
	r->seed = s->seed;
	out->ops = &replay_ops;
	out->state = r;
	return 0;
}

/* --- in the target: nothing past the schedule -------------------------- */

static void replay_start(void *state, uint64_t seed, uint32_t arg)
{
	(void)arg;
	(void)state;
	(void)seed;
}

static int replay_choose(void *state, const struct shuffle_choice *c)
{
	(void)state;
	(void)c;
	return -1;
}

const struct shuffle_strategy_def shuffle_strategy_replay = {
	.name = "replay",
	.help = "replay: one schedule file, decision by decision",
	.create = replay_create,
	.policy = { .start = replay_start, .choose = replay_choose },
};
