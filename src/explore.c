/* explore.c - see explore.h.
 *
 * The target's environment is built once and is the same for every run (the
 * fixed descriptor numbers of proto.h help): a run's stack addresses depend
 * on it, and with them whatever a program does with addresses.
 */
#include "explore.h"

#include "failures.h"
#include "interrupt.h"
#include "judge.h"
#include "report.h"
#include "run.h"
#include "strategy.h"
#include "tree.h"
#include "trace.h"
#include "verdict.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern char **environ;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int has_name(const char *entry, const char *name)
{
	size_t len = strlen(name);
	return strncmp(entry, name, len) == 0 && entry[len] == '=';
}

/* environ, minus our protocol variables, with the runtime appended to
 * LD_PRELOAD (after what is there: an ASan runtime must stay first). */
static char **target_environment(const char *preload)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 4, sizeof *env);
	if (!env)
		return NULL;
	size_t k = 0;
	const char *old_preload = NULL;
	for (size_t i = 0; i < n; i++) {
		if (has_name(environ[i], SHUFFLE_ENV_PLAN_FD) ||
		    has_name(environ[i], SHUFFLE_ENV_TRACE_FD))
			continue;
		if (has_name(environ[i], "LD_PRELOAD")) {
			old_preload = environ[i] + strlen("LD_PRELOAD=");
			continue;
		}
		env[k++] = environ[i];
	}
	char *pre = NULL, *plan = NULL, *trace = NULL;
	if (asprintf(&pre, "LD_PRELOAD=%s%s%s", old_preload && *old_preload ? old_preload : "",
		     old_preload && *old_preload ? ":" : "", preload) < 0 ||
	    asprintf(&plan, "%s=%d", SHUFFLE_ENV_PLAN_FD, SHUFFLE_PLAN_FD_NUM) < 0 ||
	    asprintf(&trace, "%s=%d", SHUFFLE_ENV_TRACE_FD, SHUFFLE_TRACE_FD_NUM) < 0) {
		free(env);
		return NULL;
	}
	env[k++] = pre;
	env[k++] = plan;
	env[k++] = trace;
	env[k] = NULL;
	return env;
}

static void free_environment(char **env)
{
	size_t n = 0;
	while (env[n])
		n++;
	for (size_t i = n - 3; i < n; i++)
		free(env[i]);
	free(env);
}

/* Plan bytes for the pipe: header, then the prefix. */
static void *serialize_plan(const struct shuffle_plan *p, uint32_t strategy, uint32_t points,
			    uint64_t max_steps, size_t *len)
{
	struct shuffle_plan_header h = {
		.magic = SHUFFLE_PLAN_MAGIC,
		.version = SHUFFLE_PROTO_VERSION,
		.strategy = strategy,
		.n_prefix = (uint32_t)p->n_prefix,
		.seed = p->seed,
		.max_steps = max_steps,
		.points = points,
	};
	*len = sizeof h + p->n_prefix * sizeof *p->prefix;
	char *buf = malloc(*len);
	if (!buf)
		return NULL;
	memcpy(buf, &h, sizeof h);
	if (p->n_prefix)
		memcpy(buf + sizeof h, p->prefix, p->n_prefix * sizeof *p->prefix);
	return buf;
}

struct exploration {
	const struct shuffle_explore_config *cfg;
	const struct shuffle_strategy_def *def;
	struct shuffle_strategy strategy;
	struct shuffle_trace_mem trace;
	char **env;
	int cpu;
	char *program_abs;
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
		.replay = cfg->replay,
	};
	x->def = cfg->replay ? &shuffle_strategy_replay : cfg->opt->strategy;
	if (shuffle_strategy_create(x->def, &scfg, &x->strategy) != 0) {
		fprintf(stderr, "shuffle-run: cannot set up strategy %s: %s\n", x->def->name,
			strerror(errno));
		return -1;
	}
	if (shuffle_trace_create(&x->trace, cfg->opt->max_steps) != 0) {
		fprintf(stderr, "shuffle-run: cannot create the trace: %s\n", strerror(errno));
		return -1;
	}
	x->env = target_environment(cfg->preload);
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
	return 0;
}

/* "A, A, B, B": a run's sequence for the outcome table. */
static char *sequence_text(const struct shuffle_trace_view *t, int started)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	/* Labels only: the table stays one line a row; the schedule file has
	 * the statements. */
	for (size_t i = 0; started && i < t->n_sequence; i++)
		fprintf(f, "%s%s", i ? ", " : "", shuffle_trace_label(t, t->sequence[i]));
	fclose(f);
	return text;
}

/* The run's path in the interleaving tree, its leaf "run 3: fail value=1". */
static void add_to_tree(struct shuffle_tree *tree, uint64_t run, const struct shuffle_trace_view *t,
			int started, enum shuffle_verdict v, const struct shuffle_run_result *r)
{
	size_t n = started ? t->n_sequence : 0;
	char **labels = calloc(n ? n : 1, sizeof *labels);
	char *leaf = NULL;
	size_t end = r->out.len;
	while (end > 0 && r->out.data[end - 1] == '\n')
		end--;
	size_t start = end;
	while (start > 0 && r->out.data[start - 1] != '\n')
		start--;
	if (labels && asprintf(&leaf, "run %llu: %s%s%.*s", (unsigned long long)run,
			       shuffle_verdict_name(v), end > start ? " " : "", (int)(end - start),
			       r->out.data ? r->out.data + start : "") >= 0) {
		char step[SHUFFLE_NAME_LEN + SHUFFLE_NOTE_LEN + 4];
		size_t made = 0;
		while (made < n &&
		       (labels[made] = strdup(shuffle_trace_step(t, made, step, sizeof step))))
			made++;
		if (made < n || shuffle_tree_add(tree, (const char *const *)labels, n, leaf) != 0)
			fprintf(stderr, "shuffle-run: the interleaving tree is incomplete\n");
	}
	for (size_t i = 0; labels && i < n; i++)
		free(labels[i]);
	free(leaf);
	free(labels);
}

int shuffle_explore(const struct shuffle_explore_config *cfg)
{
	struct exploration x = { .cfg = cfg };
	const struct shuffle_options *opt = cfg->opt;
	int status = 2;
	if (setup(&x) != 0)
		goto out;

	struct shuffle_summary sum = {
		.strategy = x.def->name,
		.seeded = x.def->seeded,
		.seed = cfg->seed,
		.points = cfg->replay ? cfg->replay->points : opt->points,
	};
	struct shuffle_outcomes outcomes = { 0 };
	struct shuffle_race_log race_log = { 0 };
	int hooks_seen = 0;
	struct shuffle_tree tree = { 0 };
	if (opt->group_by_output)
		sum.outcomes = &outcomes;
	double start = now_s();
	int not_reproduced = 0;
	struct shuffle_plan plan;
	while (x.strategy.ops->next_run(x.strategy.state, &plan)) {
		size_t plan_len;
		uint32_t points = cfg->replay ? cfg->replay->points : opt->points;
		void *bytes = serialize_plan(&plan, shuffle_strategy_index(x.def), points,
					     opt->max_steps, &plan_len);
		if (!bytes)
			goto out;
		shuffle_trace_reset(&x.trace);
		struct shuffle_run_config rc = {
			.path = cfg->path,
			.argv = cfg->argv,
			.envp = x.env,
			.trace_fd = x.trace.fd,
			.cpu = x.cpu,
			.timeout_s = opt->timeout_s,
			.trace = x.trace.h,
		};
		struct shuffle_run_result r;
		int ran = shuffle_run_once(&rc, bytes, plan_len, &r);
		free(bytes);
		if (ran != 0) {
			fprintf(stderr, "shuffle-run: cannot run %s: %s\n", cfg->path,
				strerror(errno));
			goto out;
		}
		if (r.interrupted) {
			shuffle_run_result_free(&r);
			break;
		}
		if (r.exec_errno) {
			fprintf(stderr, "shuffle-run: cannot execute %s: %s\n", cfg->path,
				strerror(r.exec_errno));
			shuffle_run_result_free(&r);
			goto out;
		}
		struct shuffle_trace_view t;
		int started = shuffle_trace_view_init(&t, &x.trace, points) == 0;
		t.program = x.program_abs;
		if (!started && !r.timed_out && sum.runs == 0) {
			status = uncontrolled(&x, &r);
			shuffle_run_result_free(&r);
			goto out;
		}
		struct shuffle_judge_context jc = {
			.n_prefix = plan.n_prefix,
			.replay = cfg->replay != NULL,
			.strict = opt->strict,
			.timeout_s = opt->timeout_s,
			.max_steps = opt->max_steps,
		};
		struct shuffle_judgement j;
		shuffle_judge(&r, &t, started, &jc, &j);
		enum shuffle_verdict v = j.verdict;

		struct shuffle_run_view view = {
			.decisions = t.decisions,
			.n_decisions = t.n_decisions,
			.diverged = j.diverged != 0,
		};
		x.strategy.ops->end_run(x.strategy.state, &view);

		sum.runs++;
		sum.by_verdict[v]++;
		sum.escaped_runs += j.escapes != NULL;
		struct shuffle_race_report *races = NULL;
		size_t n_races = started ? shuffle_race_log_add(&race_log, &t, &races) : 0;
		sum.races += n_races;
		hooks_seen |= started && t.h->memory_hooks;
		uint32_t busy_waits = started ? t.h->busy_waits : 0;
		sum.busy_wait_runs += busy_waits != 0;
		char *file = NULL;
		if (v != SHUFFLE_PASS) {
			sum.failures++;
			if (cfg->replay)
				file = strdup(opt->replay);
			else if (started)
				file = shuffle_save_failure(
					&(struct shuffle_failure){
						.dir = opt->failures_dir,
						.program = cfg->path,
						.program_abs = x.program_abs,
						.argv = cfg->argv,
						.argc = cfg->argc,
						.strategy = x.def->name,
						.seeded = x.def->seeded,
						.base_seed = cfg->seed,
						.run_seed = plan.seed,
						.run = sum.runs,
						.points = points,
					},
					v, &t, j.detail, &r);
			if (!cfg->replay)
				sum.failures_dir = opt->failures_dir;
		}
		struct shuffle_outcome o = {
			.run = sum.runs,
			.verdict = v,
			.result = &r,
			.trace = started ? &t : NULL,
			.schedule_file = file,
			.detail = j.detail,
			.escapes = j.escapes,
			.races = races,
			.n_races = n_races,
			.busy_waits = busy_waits,
		};
		shuffle_report_run(stdout, opt->json, &o);
		if (opt->tree && !opt->json)
			add_to_tree(&tree, sum.runs, &t, started, v, &r);
		if (opt->group_by_output) {
			char *seq = sequence_text(&t, started);
			if (!seq ||
			    shuffle_outcomes_add(&outcomes, r.out.data ? r.out.data : "", r.out.len,
						 sum.runs, seq, shuffle_verdict_name(v), file) != 0)
				fprintf(stderr, "shuffle-run: out of memory grouping outputs\n");
			free(seq);
		}
		if (cfg->replay) {
			/* A saved failure that now passes was not reproduced: that is
			 * news (a fix, or nondeterminism), never a green result. */
			int lost = v == SHUFFLE_PASS && strcmp(cfg->replay->verdict, "pass") != 0;
			not_reproduced |= lost;
			fprintf(stderr, "replay: %s, the schedule file says %s%s\n",
				shuffle_verdict_name(v), cfg->replay->verdict,
				lost ? ": the failure did not reproduce" : "");
		}
		free(file);
		free(races);
		shuffle_judgement_free(&j);
		shuffle_trace_view_free(&t);
		shuffle_run_result_free(&r);
		if (v != SHUFFLE_PASS && opt->stop_on_failure) {
			sum.stopped = "stop-on-failure";
			break;
		}
		if (shuffle_interrupted())
			break;
	}
	sum.interrupted = shuffle_interrupted();
	sum.complete = !sum.interrupted && !sum.stopped && x.strategy.ops->complete(x.strategy.state);
	if (sum.interrupted)
		sum.stopped = "interrupted";
	else if (!sum.complete && !sum.stopped && !cfg->replay)
		sum.stopped = "max-iterations";
	sum.max_iterations = opt->max_iterations;
	sum.memory_points = hooks_seen && (sum.points & (1u << SHUFFLE_KIND_MEMORY));
	sum.elapsed_s = now_s() - start;
	shuffle_tree_print(&tree, stdout);
	shuffle_tree_free(&tree);
	shuffle_report_summary(stdout, opt->json, &sum);
	shuffle_outcomes_free(&outcomes);
	shuffle_race_log_free(&race_log);
	status = sum.interrupted		  ? 128 + sum.interrupted
		 : sum.failures || not_reproduced ? 1
						  : 0;
out:
	if (x.strategy.ops)
		shuffle_strategy_destroy(&x.strategy);
	if (x.trace.h)
		shuffle_trace_destroy(&x.trace);
	if (x.env)
		free_environment(x.env);
	free(x.program_abs);
	return status;
}
