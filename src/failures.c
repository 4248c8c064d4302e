/* failures.c - see failures.h. */
#include "failures.h"

#include "schedule.h"
#include "trace_text.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Whether a directory can be made in dir, by making one: access() would
 * say yes to root, and to /proc. */
static int probe(const char *option, const char *dir, char *err, size_t size)
{
	char *tmp = NULL;
	if (asprintf(&tmp, "%s/.shuffle-probe-XXXXXX", dir) < 0) {
		snprintf(err, size, "out of memory");
		return -1;
	}
	int rc = mkdtemp(tmp) ? 0 : -1;
	if (rc == 0)
		rmdir(tmp);
	else
		snprintf(err, size, "--failures-dir %s: cannot write in %s: %s", option, dir,
			 strerror(errno));
	free(tmp);
	return rc;
}

int shuffle_failures_dir_check(const char *dir, char *err, size_t size)
{
	/* The directory, or the nearest ancestor that exists (the rest is
	 * created at the first failure), must be a writable directory. */
	char *p = strdup(dir);
	if (!p) {
		snprintf(err, size, "out of memory");
		return -1;
	}
	struct stat st;
	int rc = -1;
	for (;;) {
		if (stat(p, &st) == 0) {
			if (!S_ISDIR(st.st_mode))
				snprintf(err, size, "--failures-dir %s: %s is not a directory", dir, p);
			else
				rc = probe(dir, p, err, size);
			break;
		}
		char *slash = strrchr(p, '/');
		if ((errno != ENOENT && errno != ENOTDIR) || !slash) {
			if (errno == ENOENT) /* a relative path: the parent is "." */
				p[0] = '.', p[1] = '\0';
			else {
				snprintf(err, size, "--failures-dir %s: %s", dir, strerror(errno));
				break;
			}
		} else if (slash == p) {
			p[1] = '\0';
		} else {
			*slash = '\0';
		}
	}
	free(p);
	return rc;
}

/* Write the file whole under a temporary name, then give it its name
 * without replacing anything: STEM.schedule, else STEM-2.schedule... Another
 * exploration writing to the same directory (same program, same seed) never
 * overwrites a schedule, and a full disk leaves no empty or partial file. */
static char *publish(const char *stem, const struct shuffle_schedule *s, const char *comment)
{
	char *tmp = NULL, *path = NULL;
	char *slash = strrchr(stem, '/');
	if (asprintf(&tmp, "%.*s/.%s.XXXXXX", (int)(slash - stem), stem, slash + 1) < 0)
		return NULL;
	int fd = mkostemp(tmp, O_CLOEXEC);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		fprintf(stderr, "shuffle-run: cannot write a schedule file in %.*s: %s\n",
			(int)(slash - stem), stem, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return NULL;
	}
	int bad = shuffle_schedule_write(f, s, comment) != 0;
	bad |= fflush(f) != 0;
	int saved = errno;
	bad |= fclose(f) != 0;
	if (bad) {
		fprintf(stderr, "shuffle-run: cannot write %s.schedule: %s\n", stem,
			strerror(saved ? saved : errno));
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	for (unsigned n = 1; n < 10000; n++) {
		if ((n == 1 ? asprintf(&path, "%s.schedule", stem)
			    : asprintf(&path, "%s-%u.schedule", stem, n)) < 0) {
			path = NULL;
			break;
		}
		int rc = renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);
		/* A file system without RENAME_NOREPLACE: a hard link cannot
		 * replace either. */
		if (rc != 0 && (errno == EINVAL || errno == ENOSYS) && (rc = link(tmp, path)) == 0)
			unlink(tmp);
		if (rc == 0)
			break;
		int e = errno;
		free(path);
		path = NULL;
		if (e != EEXIST) {
			fprintf(stderr, "shuffle-run: cannot name %s.schedule: %s\n", stem,
				strerror(e));
			break;
		}
	}
	if (!path)
		unlink(tmp);
	free(tmp);
	return path;
}

char *shuffle_save_failure(const struct shuffle_failure *x, enum shuffle_verdict v,
			   const struct shuffle_trace_view *t, const char *detail,
			   const struct shuffle_run_result *r)
{
	if (mkdir_p(x->dir) != 0) {
		fprintf(stderr, "shuffle-run: cannot create %s: %s\n", x->dir, strerror(errno));
		return NULL;
	}
	char *base_copy = strdup(x->program), *stem = NULL;
	if (!base_copy)
		return NULL;
	int rc = x->seeded ? asprintf(&stem, "%s/%s-%s-s%llu-r%llu-%s", x->dir,
				      basename(base_copy), x->strategy,
				      (unsigned long long)x->base_seed, (unsigned long long)x->run,
				      shuffle_verdict_name(v))
			   : asprintf(&stem, "%s/%s-%s-r%llu-%s", x->dir, basename(base_copy),
				      x->strategy, (unsigned long long)x->run,
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
	char *path = NULL;
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
		path = publish(stem, &s, comment);
	}
	free(stem);
	free(comment);
	free(s.labels);
	free(s.decisions);
	free(s.verdict);
	return path;
}
