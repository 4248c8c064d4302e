/* explore.c - see explore.h.
 *
 * The target's environment is built once and is the same for every run (the
 * fixed descriptor numbers of proto.h help): a run's stack addresses depend
 * on it, and with them whatever a program does with addresses.
 */
#include "explore.h"

#include "report.h"
#include "run.h"
#include "strategy.h"
#include "tree.h"
#include "trace.h"
#include "verdict.h"

#include <errno.h>
#include <libgen.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
static void *serialize_plan(const struct shuffle_plan *p, uint64_t max_steps, size_t *len)
{
	struct shuffle_plan_header h = {
		.magic = SHUFFLE_PLAN_MAGIC,
		.version = SHUFFLE_PROTO_VERSION,
		.tail = p->tail,
		.n_prefix = (uint32_t)p->n_prefix,
		.seed = p->seed,
		.max_steps = max_steps,
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

static int spinning(const struct shuffle_run_result *r)
{
	for (int i = 0; i < r->n_tasks; i++)
		if (r->tasks[i].state == 'R')
			return 1;
	return 0;
}

static enum shuffle_verdict judge(const struct shuffle_run_result *r,
				  const struct shuffle_trace_view *t, int started)
{
	if (r->timed_out)
		return spinning(r) ? SHUFFLE_LIVELOCK : SHUFFLE_TIMEOUT;
	if (started) {
		switch (t->h->state) {
		case SHUFFLE_RUN_DEADLOCK:
			return SHUFFLE_DEADLOCK;
		case SHUFFLE_RUN_DIVERGED:
			return SHUFFLE_DIVERGENCE;
		case SHUFFLE_RUN_LIVELOCK:
			return SHUFFLE_LIVELOCK;
		case SHUFFLE_RUN_OVERFLOW:
			return SHUFFLE_ERROR;
		default:
			break;
		}
	}
	if (r->signal || (started && t->h->died))
		return SHUFFLE_CRASH;
	return r->exit_code == 0 ? SHUFFLE_PASS : SHUFFLE_FAIL;
}

static int mkdir_p(const char *dir)
{
	char *copy = strdup(dir);
	if (!copy)
		return -1;
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
			free(copy);
			return -1;
		}
		*p = '/';
	}
	int rc = mkdir(copy, 0777) != 0 && errno != EEXIST ? -1 : 0;
	free(copy);
	return rc;
}

struct exploration {
	const struct shuffle_explore_config *cfg;
	struct shuffle_strategy strategy;
	struct shuffle_trace_mem trace;
	char **env;
	int cpu;
	char *program_abs;
};

static char *verdict_text(enum shuffle_verdict v, const struct shuffle_run_result *r)
{
	char *text = NULL;
	int rc;
	if (v == SHUFFLE_FAIL)
		rc = asprintf(&text, "fail exit %d", r->exit_code);
	else if (v == SHUFFLE_CRASH && r->signal)
		rc = asprintf(&text, "crash %s",
			      sigabbrev_np(r->signal) ? sigabbrev_np(r->signal) : "?");
	else if (v == SHUFFLE_CRASH)
		rc = asprintf(&text, "crash in a forked child");
	else
		rc = asprintf(&text, "%s", shuffle_verdict_name(v));
	return rc < 0 ? NULL : text;
}

/* The comment after "end": what a reader needs to see the failure without
 * running anything. */
static char *schedule_comment(const struct shuffle_trace_view *t, const char *detail,
			      const struct shuffle_run_result *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	char step[SHUFFLE_NAME_LEN + SHUFFLE_NOTE_LEN + 4];
	fputs("sequence:", f);
	for (size_t i = 0; i < t->n_sequence; i++)
		fprintf(f, "%s %s", i ? "," : "", shuffle_trace_step(t, i, step, sizeof step));
	fputc('\n', f);
	if (detail)
		fprintf(f, "%s\n", detail);
	if (r->out.len)
		fprintf(f, "stdout: %zu bytes, ending: %.*s\n", r->out.len,
			(int)(r->out.len < 60 ? r->out.len : 60),
			r->out.data + (r->out.len < 60 ? 0 : r->out.len - 60));
	char *timeline = shuffle_trace_timeline(t);
	if (timeline)
		fputs(timeline, f);
	free(timeline);
	fclose(f);
	return text;
}

static char *save_schedule(struct exploration *x, uint64_t run, const struct shuffle_plan *plan,
			   enum shuffle_verdict v, const struct shuffle_trace_view *t,
			   const char *detail, const struct shuffle_run_result *r)
{
	const struct shuffle_options *opt = x->cfg->opt;
	if (mkdir_p(opt->failures_dir) != 0) {
		fprintf(stderr, "shuffle-run: cannot create %s: %s\n", opt->failures_dir,
			strerror(errno));
		return NULL;
	}
	char *base_copy = strdup(x->cfg->path), *path = NULL;
	if (!base_copy)
		return NULL;
	int rc =
		strcmp(opt->strategy, "random") == 0
			? asprintf(&path, "%s/%s-random-s%llu-r%llu-%s.schedule", opt->failures_dir,
				   basename(base_copy), (unsigned long long)x->cfg->seed,
				   (unsigned long long)run, shuffle_verdict_name(v))
			: asprintf(&path, "%s/%s-%s-r%llu-%s.schedule", opt->failures_dir,
				   basename(base_copy), opt->strategy, (unsigned long long)run,
				   shuffle_verdict_name(v));
	free(base_copy);
	if (rc < 0)
		return NULL;

	struct shuffle_schedule s = {
		.program = x->program_abs,
		.args = (char **)x->cfg->argv + 1,
		.n_args = (size_t)x->cfg->argc - 1,
		.strategy = (char *)opt->strategy,
		.seed = plan->seed,
		.run = run,
		.verdict = verdict_text(v, r),
		.n_threads = t->n_threads,
	};
	s.labels = calloc(t->n_threads, sizeof *s.labels);
	s.decisions = calloc(t->n_decisions ? t->n_decisions : 1, sizeof *s.decisions);
	char *comment = schedule_comment(t, detail, r);
	FILE *f = NULL;
	if (s.labels && s.decisions && s.verdict) {
		for (uint32_t i = 0; i < t->n_threads; i++)
			s.labels[i] = (char *)shuffle_trace_label(t, i);
		for (size_t i = 0; i < t->n_decisions; i++)
			s.decisions[i] = (struct shuffle_schedule_decision){
				.tid = t->decisions[i].tid,
				.op = t->decisions[i].op,
				.n_enabled = t->decisions[i].n_enabled,
				.enabled = (uint32_t *)t->decisions[i].enabled,
			};
		s.n_decisions = t->n_decisions;
		f = fopen(path, "w");
	}
	if (!f || shuffle_schedule_write(f, &s, comment) != 0 || fclose(f) != 0) {
		fprintf(stderr, "shuffle-run: cannot write %s: %s\n", path, strerror(errno));
		free(path);
		path = NULL;
	}
	free(comment);
	free(s.labels);
	free(s.decisions);
	free(s.verdict);
	return path;
}

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
	const char *name = cfg->replay ? "replay" : cfg->opt->strategy;
	if (shuffle_strategy_create(name, &scfg, &x->strategy) != 0) {
		fprintf(stderr, "shuffle-run: cannot set up strategy %s: %s\n", name,
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

static const char *task_label(const struct shuffle_trace_view *t, int started, int ktid, char *buf,
			      size_t size)
{
	for (uint32_t tid = 0; started && tid < t->n_threads; tid++)
		if ((int)t->h->threads[tid].ktid == ktid)
			return shuffle_trace_label(t, tid);
	snprintf(buf, size, "thread %d", ktid);
	return buf;
}

static const char *syscall_name(long nr)
{
	/* x86-64 numbers of the calls a program commonly blocks in. */
	static const struct {
		long nr;
		const char *name;
	} names[] = {
		{ 0, "read" },		{ 1, "write" },	     { 7, "poll" },
		{ 23, "select" },	{ 34, "pause" },     { 35, "nanosleep" },
		{ 43, "accept" },	{ 45, "recvfrom" },  { 47, "recvmsg" },
		{ 61, "wait4" },	{ 202, "futex" },    { 230, "clock_nanosleep" },
		{ 232, "epoll_wait" },	{ 270, "pselect6" }, { 271, "ppoll" },
		{ 281, "epoll_pwait" }, { 288, "accept4" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].nr == nr)
			return names[i].name;
	return NULL;
}

/* Why a run timed out: the threads that kept running (a busy loop: the
 * verdict is livelock), or the one holding the token, blocked in a call the
 * runtime does not control. */
static char *timeout_detail(const struct shuffle_run_result *r, const struct shuffle_trace_view *t,
			    int started, double timeout_s)
{
	char *text = NULL, buf[32];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	if (spinning(r)) {
		fputs("livelock:", f);
		int first = 1;
		for (int i = 0; i < r->n_tasks; i++)
			if (r->tasks[i].state == 'R') {
				fprintf(f, "%s %s", first ? "" : ",",
					task_label(t, started, r->tasks[i].ktid, buf, sizeof buf));
				first = 0;
			}
		fprintf(f,
			" kept running for %.1f s without reaching a scheduling point (a busy "
			"loop? sched_yield or a sleep in it lets the others run)",
			timeout_s);
	} else {
		fprintf(f, "timeout after %.1f s", timeout_s);
		int holder = started ? (int)t->h->threads[t->h->current].ktid : -1;
		for (int i = 0; i < r->n_tasks; i++)
			if (r->tasks[i].ktid == holder || (!started && i == 0)) {
				const char *name = syscall_name(r->tasks[i].syscall);
				fprintf(f, ": %s was waiting in ",
					task_label(t, started, r->tasks[i].ktid, buf, sizeof buf));
				if (name)
					fprintf(f, "%s()", name);
				else
					fprintf(f, "system call %ld", r->tasks[i].syscall);
				fputs(", which shuffle-run does not control: the other threads "
				      "could "
				      "not run meanwhile",
				      f);
			}
	}
	fclose(f);
	return text;
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

/* A run that ends before using its whole prefix did not follow its plan:
 * the program is nondeterministic beyond what the runtime controls. A replay
 * that does so reproduced nothing; an exploration keeps a real failure's
 * verdict, but its strategy must not trust the run. Returns 1 if so. */
static int ended_early(const struct exploration *x, enum shuffle_verdict *v,
		       const struct shuffle_trace_view *t, size_t n_prefix, char **detail)
{
	if (*v == SHUFFLE_DIVERGENCE || *v == SHUFFLE_TIMEOUT || t->n_decisions >= n_prefix)
		return *v == SHUFFLE_DIVERGENCE;
	if (x->cfg->replay || *v == SHUFFLE_PASS) {
		free(*detail);
		if (asprintf(detail,
			     "divergence: the run ended after %zu decisions, the schedule has %zu "
			     "(the program does something the schedule does not account for)",
			     t->n_decisions, n_prefix) < 0)
			*detail = NULL;
		*v = SHUFFLE_DIVERGENCE;
	}
	return 1;
}

int shuffle_explore(const struct shuffle_explore_config *cfg)
{
	struct exploration x = { .cfg = cfg };
	const struct shuffle_options *opt = cfg->opt;
	int status = 2;
	if (setup(&x) != 0)
		goto out;

	struct shuffle_summary sum = {
		.strategy = cfg->replay ? "replay" : opt->strategy,
		.seed = cfg->seed,
	};
	struct shuffle_outcomes outcomes = { 0 };
	struct shuffle_tree tree = { 0 };
	if (opt->group_by_output)
		sum.outcomes = &outcomes;
	double start = now_s();
	struct shuffle_plan plan;
	while (x.strategy.ops->next_run(x.strategy.state, &plan)) {
		size_t plan_len;
		void *bytes = serialize_plan(&plan, opt->max_steps, &plan_len);
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
		if (r.exec_errno) {
			fprintf(stderr, "shuffle-run: cannot execute %s: %s\n", cfg->path,
				strerror(r.exec_errno));
			shuffle_run_result_free(&r);
			goto out;
		}
		struct shuffle_trace_view t;
		int started = shuffle_trace_view_init(&t, &x.trace) == 0;
		t.program = x.program_abs;
		if (!started && !r.timed_out && sum.runs == 0) {
			status = uncontrolled(&x, &r);
			shuffle_run_result_free(&r);
			goto out;
		}
		enum shuffle_verdict v = judge(&r, &t, started);
		char *detail = r.timed_out ? timeout_detail(&r, &t, started, opt->timeout_s)
			       : started   ? shuffle_trace_detail(&t)
					   : NULL;
		if (!detail && started && t.h->died && !r.signal &&
		    asprintf(&detail,
			     "crash: %u forked child process%s died while running "
			     "(killed by a signal?)",
			     t.h->died, t.h->died > 1 ? "es" : "") < 0)
			detail = NULL;
		int diverged = !started || ended_early(&x, &v, &t, plan.n_prefix, &detail);
		char *escapes = started ? shuffle_trace_escapes(&t) : NULL;
		if (escapes && opt->strict && v == SHUFFLE_PASS)
			v = SHUFFLE_UNCONTROLLED;

		struct shuffle_run_view view = {
			.decisions = t.decisions,
			.n_decisions = t.n_decisions,
			.diverged = diverged != 0,
		};
		x.strategy.ops->end_run(x.strategy.state, &view);

		sum.runs++;
		sum.by_verdict[v]++;
		sum.escaped_runs += escapes != NULL;
		char *file = NULL;
		if (v != SHUFFLE_PASS) {
			sum.failures++;
			if (cfg->replay)
				file = strdup(opt->replay);
			else if (started)
				file = save_schedule(&x, sum.runs, &plan, v, &t, detail, &r);
			if (!cfg->replay)
				sum.failures_dir = opt->failures_dir;
		}
		struct shuffle_outcome o = {
			.run = sum.runs,
			.verdict = v,
			.result = &r,
			.trace = started ? &t : NULL,
			.schedule_file = file,
			.detail = detail,
			.escapes = escapes,
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
		if (cfg->replay && !opt->json)
			fprintf(stderr, "replay: %s, the schedule file says %s\n",
				shuffle_verdict_name(v), cfg->replay->verdict);
		free(file);
		free(detail);
		free(escapes);
		shuffle_trace_view_free(&t);
		shuffle_run_result_free(&r);
		if (v != SHUFFLE_PASS && opt->stop_on_failure)
			break;
	}
	sum.complete = x.strategy.ops->complete(x.strategy.state);
	sum.elapsed_s = now_s() - start;
	shuffle_tree_print(&tree, stdout);
	shuffle_tree_free(&tree);
	shuffle_report_summary(stdout, opt->json, &sum);
	shuffle_outcomes_free(&outcomes);
	status = sum.failures ? 1 : 0;
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
