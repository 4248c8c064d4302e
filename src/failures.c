/* failures.c - see failures.h. */
#include "failures.h"

#include "schedule.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

char *shuffle_save_failure(const struct shuffle_failure *x, enum shuffle_verdict v,
			   const struct shuffle_trace_view *t, const char *detail,
			   const struct shuffle_run_result *r)
{
	if (mkdir_p(x->dir) != 0) {
		fprintf(stderr, "shuffle-run: cannot create %s: %s\n", x->dir, strerror(errno));
		return NULL;
	}
	char *base_copy = strdup(x->program), *path = NULL;
	if (!base_copy)
		return NULL;
	int rc = x->seeded ? asprintf(&path, "%s/%s-%s-s%llu-r%llu-%s.schedule", x->dir,
				      basename(base_copy), x->strategy,
				      (unsigned long long)x->base_seed, (unsigned long long)x->run,
				      shuffle_verdict_name(v))
			   : asprintf(&path, "%s/%s-%s-r%llu-%s.schedule", x->dir,
				      basename(base_copy), x->strategy, (unsigned long long)x->run,
				      shuffle_verdict_name(v));
	free(base_copy);
	if (rc < 0)
		return NULL;

	struct shuffle_schedule s = {
		.program = (char *)x->program_abs,
		.args = (char **)x->argv + 1,
		.n_args = (size_t)x->argc - 1,
		.strategy = (char *)x->strategy,
		.seed = x->run_seed,
		.points = x->points,
		.run = x->run,
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
