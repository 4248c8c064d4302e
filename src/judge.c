/* judge.c - see judge.h. */
#include "judge.h"

#include "trace_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int spinning(const struct shuffle_run_result *r, const struct shuffle_trace_view *t,
		    int started)
{
	if (started && __atomic_load_n(&t->h->looking_outside, __ATOMIC_RELAXED))
		return 0;
	for (int i = 0; i < r->n_tasks; i++)
		if (r->tasks[i].state == 'R')
			return 1;
	return 0;
}

static enum shuffle_verdict verdict_of(const struct shuffle_run_result *r,
				       const struct shuffle_trace_view *t, int started)
{
	if (r->timed_out)
		return spinning(r, t, started) ? SHUFFLE_LIVELOCK : SHUFFLE_TIMEOUT;
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
	if (spinning(r, t, started)) {
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
			"loop? sched_yield or a sleep in it lets the others run; built with "
			"shuffle-cc, its memory accesses are points)",
			timeout_s);
	} else {
		fprintf(f, "timeout after %.1f s", timeout_s);
		int holder = started ? (int)t->h->threads[t->h->current].ktid : -1;
		for (int i = 0; i < r->n_tasks; i++)
			if (r->tasks[i].ktid == holder || (!started && i == 0)) {
				const char *name = syscall_name(r->tasks[i].syscall);
				fprintf(f, ": %s was waiting in ",
					task_label(t, started, r->tasks[i].ktid, buf, sizeof buf));
				/* The runtime waits in the signal's place (signals.c):
				 * the program's call is what tells the user something. */
				if (started &&
				    t->h->threads[t->h->current].pending_op == SHUFFLE_OP_SIG_WAIT) {
					fputs("pause(), sigsuspend() or sigwait(), for a signal no task "
					      "of the program sent",
					      f);
					continue;
				}
				if (name)
					fprintf(f, "%s()", name);
				else
					fprintf(f, "system call %ld", r->tasks[i].syscall);
				fputs(", which shuffle-run does not control: the other threads could "
				      "not run meanwhile",
				      f);
			}
	}
	fclose(f);
	return text;
}

/* A run that ends before using its whole prefix did not follow its plan:
 * the program is nondeterministic beyond what the runtime controls. A replay
 * that does so reproduced nothing; an exploration keeps a real failure's
 * verdict, but its strategy must not trust the run. Returns 1 if so. */
static int ended_early(int replay, enum shuffle_verdict *v, const struct shuffle_trace_view *t,
		       size_t n_prefix, char **detail)
{
	if (*v == SHUFFLE_DIVERGENCE || *v == SHUFFLE_TIMEOUT || t->n_decisions >= n_prefix)
		return *v == SHUFFLE_DIVERGENCE;
	if (replay || *v == SHUFFLE_PASS) {
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

/* Why the runtime ended a run it could not follow to its end: which bound
 * or table, and what to do about it. */
static char *bound_detail(const struct shuffle_trace_view *t, uint64_t max_steps)
{
	const struct shuffle_trace_header *h = t->h;
	char *text = NULL;
	int rc = -1;
	if (h->state == SHUFFLE_RUN_LIVELOCK)
		rc = asprintf(&text,
			      "livelock: the run took more than %llu scheduling steps (--max-steps "
			      "%llu); a program that needs more: raise --max-steps",
			      (unsigned long long)max_steps, (unsigned long long)max_steps);
	else if (h->n_threads >= SHUFFLE_MAX_THREADS)
		rc = asprintf(&text,
			      "error: the thread table is full: the program created more than %u "
			      "threads and processes in one run",
			      (unsigned)SHUFFLE_MAX_THREADS);
	else if (h->n_events >= h->max_events)
		rc = asprintf(&text,
			      "error: the trace is full after %llu events; a longer run needs a "
			      "higher --max-steps",
			      (unsigned long long)h->n_events);
	else
		rc = asprintf(&text,
			      "error: the table of enabled sets is full (%llu entries) after %llu "
			      "decisions",
			      (unsigned long long)h->pool_cap, (unsigned long long)h->n_decisions);
	return rc < 0 ? NULL : text;
}

/* The runtime ends a process it cannot control with a line on stderr and
 * SHUFFLE_RUNTIME_EXIT (an exec'd program that cannot join the schedule):
 * the run was not explored, whatever the program does. Returns that line,
 * or NULL. */
static char *runtime_refusal(const struct shuffle_run_result *r)
{
	static const char tag[] = "libshuffle: ";
	if (r->timed_out || r->signal || r->exit_code != SHUFFLE_RUNTIME_EXIT || !r->err.data)
		return NULL;
	const char *line = r->err.data;
	while (line && strncmp(line, tag, sizeof tag - 1) != 0) {
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	char *text = NULL;
	if (!line || asprintf(&text, "error: the runtime could not control the program: %.*s",
			      (int)strcspn(line + sizeof tag - 1, "\n"),
			      line + sizeof tag - 1) < 0)
		return NULL;
	return text;
}

void shuffle_judge(const struct shuffle_run_result *r, const struct shuffle_trace_view *t,
		   int started, const struct shuffle_judge_context *ctx,
		   struct shuffle_judgement *j)
{
	j->verdict = verdict_of(r, t, started);
	j->detail = r->timed_out ? timeout_detail(r, t, started, ctx->timeout_s)
		    : started	 ? shuffle_trace_detail(t)
				 : NULL;
	if (!j->detail && started && !r->timed_out &&
	    (t->h->state == SHUFFLE_RUN_LIVELOCK || t->h->state == SHUFFLE_RUN_OVERFLOW))
		j->detail = bound_detail(t, ctx->max_steps);
	if (!j->detail && (j->verdict == SHUFFLE_FAIL || j->verdict == SHUFFLE_CRASH) &&
	    (j->detail = runtime_refusal(r)))
		j->verdict = SHUFFLE_ERROR;
	if (!j->detail && started && t->h->died && !r->signal &&
	    asprintf(&j->detail,
		     "crash: %u forked child process%s died while running (killed by a signal?)",
		     t->h->died, t->h->died > 1 ? "es" : "") < 0)
		j->detail = NULL;
	j->diverged =
		!started || ended_early(ctx->replay, &j->verdict, t, ctx->n_prefix, &j->detail);
	j->escapes = started ? shuffle_trace_escapes(t) : NULL;
	if (j->escapes && ctx->strict && j->verdict == SHUFFLE_PASS)
		j->verdict = SHUFFLE_UNCONTROLLED;
}

void shuffle_judgement_free(struct shuffle_judgement *j)
{
	free(j->detail);
	free(j->escapes);
}
