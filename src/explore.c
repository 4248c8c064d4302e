/* explore.c - see explore.h. */
#include "explore.h"

#include "interrupt.h"
#include "judge.h"
#include "run.h"
#include "run_record.h"
#include "strategy.h"
#include "target_env.h"
#include "trace.h"
#include "verdict.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct exploration {
	const struct shuffle_explore_config *cfg;
	const struct shuffle_strategy_def *def;
	struct shuffle_strategy strategy;
	struct shuffle_trace_mem trace;
	char **env;
	int cpu;
	char *program_abs;
	uint32_t points; /* the kinds that are decisions */
	struct shuffle_record rec;
};

/* The target ran without the runtime: nothing was explored. */
static int uncontrolled(const struct exploration *x, const struct shuffle_run_result *r)
{
	const char *why = "it ignored LD_PRELOAD or exited before main()";
	if (r->err.len) {
		/* The loader's own words are the best explanation. */
		fprintf(stderr, "shuffle-run: %s ran without the shuffle runtime (%s): %.*s\n",
			x->cfg->path, why, (int)strcspn(r->err.data, "\n"), r->err.data);
	} else {
		fprintf(stderr, "shuffle-run: %s ran without the shuffle runtime (%s)\n",
			x->cfg->path, why);
	}
	return 2;
}

static int setup(struct exploration *x)
{
	const struct shuffle_explore_config *cfg = x->cfg;
	struct shuffle_strategy_config scfg = {
		.seed = cfg->seed,
		.max_iterations = cfg->opt->max_iterations,
		.depth = cfg->opt->depth,
		.bounded = cfg->opt->bounded && !cfg->replay,
		.max_preemptions = cfg->opt->max_preemptions,
		.replay = cfg->replay,
	};
	x->def = cfg->replay ? &shuffle_strategy_replay : cfg->opt->strategy;
	x->points = cfg->replay ? cfg->replay->points : cfg->opt->points;
	if (shuffle_strategy_create(x->def, &scfg, &x->strategy) != 0) {
		fprintf(stderr, "shuffle-run: cannot set up strategy %s: %s\n", x->def->name,
			strerror(errno));
		return -1;
	}
	if (shuffle_trace_create(&x->trace, cfg->opt->max_steps) != 0) {
		fprintf(stderr, "shuffle-run: cannot create the trace: %s\n", strerror(errno));
		return -1;
	}
	x->env = shuffle_target_env(cfg->preload);
	x->program_abs = realpath(cfg->path, NULL);
	if (!x->env || !x->program_abs) {
		fprintf(stderr, "shuffle-run: cannot prepare %s: %s\n", cfg->path, strerror(errno));
		return -1;
	}
	/* One CPU for all the target's threads: only one runs at a time, and a
	 * handoff within one CPU costs a tenth of one across CPUs. */
	cpu_set_t set;
	x->cpu = -1;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		for (int c = CPU_SETSIZE - 1; c >= 0 && x->cpu < 0; c--)
			if (CPU_ISSET(c, &set))
				x->cpu = c;
	x->rec = (struct shuffle_record){
		.cfg = cfg,
		.program_abs = x->program_abs,
		.points = x->points,
		.sum = {
			.strategy = x->def->name,
			.seeded = x->def->seeded,
			.seed = cfg->seed,
			.points = x->points,
			.max_iterations = cfg->opt->max_iterations,
			.bounded = cfg->opt->bounded && !cfg->replay,
			.max_preemptions = cfg->opt->max_preemptions,
		},
	};
	if (cfg->opt->group_by_output)
		x->rec.sum.outcomes = &x->rec.outcomes;
	return 0;
}

enum after_run { RUN_NEXT, RUN_STOP, RUN_ERROR };

/* Run the target once with `plan`, judge the run, record it. On RUN_ERROR
 * *status is shuffle-run's exit status, one line already on stderr. */
static enum after_run one_run(struct exploration *x, const struct shuffle_plan *plan, int *status)
{
	const struct shuffle_explore_config *cfg = x->cfg;
	const struct shuffle_options *opt = cfg->opt;
	size_t plan_len;
	void *bytes = shuffle_plan_bytes(plan, shuffle_strategy_index(x->def), x->points,
					 opt->max_steps, &plan_len);
	if (!bytes)
		return RUN_ERROR;
	shuffle_trace_reset(&x->trace);
	struct shuffle_run_config rc = {
		.path = cfg->path,
		.argv = cfg->argv,
		.envp = x->env,
		.trace_fd = x->trace.fd,
		.cpu = x->cpu,
		.timeout_s = opt->timeout_s,
		.trace = x->trace.h,
	};
	struct shuffle_run_result r;
	int ran = shuffle_run_once(&rc, bytes, plan_len, &r);
	free(bytes);
	if (ran != 0) {
		fprintf(stderr, "shuffle-run: cannot run %s: %s\n", cfg->path, strerror(errno));
		return RUN_ERROR;
	}
	enum after_run next = RUN_NEXT;
	struct shuffle_trace_view t;
	int started = 0;
	if (r.interrupted) {
		next = RUN_STOP;
		goto done;
	}
	if (r.exec_errno) {
		fprintf(stderr, "shuffle-run: cannot execute %s: %s\n", cfg->path,
			strerror(r.exec_errno));
		next = RUN_ERROR;
		goto done;
	}
	started = shuffle_trace_view_init(&t, &x->trace, x->points) == 0;
	t.program = x->program_abs;
	if (!started && !r.timed_out && x->rec.sum.runs == 0) {
		*status = uncontrolled(x, &r);
		next = RUN_ERROR;
		goto view;
	}
	struct shuffle_judge_context jc = {
		.n_prefix = plan->n_prefix,
		.replay = cfg->replay != NULL,
		.strict = opt->strict,
		.timeout_s = opt->timeout_s,
		.max_steps = opt->max_steps,
	};
	struct shuffle_judgement j;
	shuffle_judge(&r, &t, started, &jc, &j);
	struct shuffle_run_view view = {
		.decisions = t.decisions,
		.n_decisions = t.n_decisions,
		.diverged = j.diverged != 0,
	};
	x->strategy.ops->end_run(x->strategy.state, &view);
	shuffle_record_run(&x->rec, &(struct shuffle_judged_run){
					    .result = &r,
					    .trace = &t,
					    .started = started,
					    .judgement = &j,
					    .seed = plan->seed,
				    });
	if (j.verdict != SHUFFLE_PASS && opt->stop_on_failure) {
		x->rec.sum.stopped = "stop-on-failure";
		next = RUN_STOP;
	}
	shuffle_judgement_free(&j);
view:
	shuffle_trace_view_free(&t);
done:
	shuffle_run_result_free(&r);
	return next;
}

int shuffle_explore(const struct shuffle_explore_config *cfg)
{
	struct exploration x = { .cfg = cfg };
	int status = 2;
	if (setup(&x) != 0)
		goto out;
	struct shuffle_summary *sum = &x.rec.sum;
	double start = now_s();
	struct shuffle_plan plan;
	enum after_run next = RUN_NEXT;
	while (next == RUN_NEXT && !shuffle_interrupted()) {
		plan = (struct shuffle_plan){ 0 };
		if (!x.strategy.ops->next_run(x.strategy.state, &plan))
			break;
		next = one_run(&x, &plan, &status);
	}
	if (next == RUN_ERROR)
		goto out;
	sum->interrupted = shuffle_interrupted();
	sum->complete = !sum->interrupted && !sum->stopped &&
			x.strategy.ops->complete(x.strategy.state);
	if (sum->interrupted)
		sum->stopped = "interrupted";
	else if (!sum->complete && !sum->stopped && !cfg->replay)
		sum->stopped = "max-iterations";
	sum->elapsed_s = now_s() - start;
	shuffle_record_print(&x.rec);
	status = sum->interrupted			   ? 128 + sum->interrupted
		 : sum->failures || x.rec.not_reproduced ? 1
							 : 0;
out:
	shuffle_record_free(&x.rec);
	if (x.strategy.ops)
		shuffle_strategy_destroy(&x.strategy);
	if (x.trace.h)
		shuffle_trace_destroy(&x.trace);
	if (x.env)
		shuffle_target_env_free(x.env);
	free(x.program_abs);
	return status;
}
