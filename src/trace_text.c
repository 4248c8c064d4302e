/* trace_text.c - see trace_text.h. */
#include "trace_text.h"

#include "ops.h"
#include "symbolize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TIMELINE_MAX_ROWS 2000u
#define COLUMN_WIDTH	  18

/* Objects get short names by first appearance (m1, m2, s1...): addresses
 * repeat between runs but are hard to read. */
struct namer {
	uint64_t obj[256];
	char kind[256];
	unsigned n;
};

static void object_name(struct namer *nm, char kind, uint64_t obj, char *out, size_t size)
{
	unsigned same_kind = 0;
	for (unsigned i = 0; i < nm->n; i++) {
		if (nm->kind[i] != kind)
			continue;
		same_kind++;
		if (nm->obj[i] == obj) {
			unsigned rank = 0;
			for (unsigned j = 0; j <= i; j++)
				rank += nm->kind[j] == kind;
			snprintf(out, size, "%c%u", kind, rank);
			return;
		}
	}
	if (nm->n < 256) {
		nm->obj[nm->n] = obj;
		nm->kind[nm->n++] = kind;
		snprintf(out, size, "%c%u", kind, same_kind + 1);
	} else {
		snprintf(out, size, "%c@%llx", kind, (unsigned long long)obj);
	}
}

static void describe_op(const struct shuffle_trace_view *v, struct namer *nm, uint32_t op,
			uint64_t obj, const char *note, char *out, size_t size)
{
	char name[32];
	const struct shuffle_op_info *info = shuffle_op_info(op);
	switch (info->show) {
	case SHUFFLE_SHOW_NOTE:
		snprintf(out, size, "%s", note && *note ? note : info->name);
		return;
	case SHUFFLE_SHOW_THREAD:
		snprintf(out, size, "%s %s", info->name, shuffle_trace_label(v, (uint32_t)obj));
		return;
	case SHUFFLE_SHOW_FD:
		snprintf(out, size, "%s fd %llu", info->name, (unsigned long long)obj);
		return;
	case SHUFFLE_SHOW_STATUS:
		snprintf(out, size, "%s %d", info->name, (int)(uint32_t)obj);
		return;
	case SHUFFLE_SHOW_TIME:
		snprintf(out, size, "%s until %.3f s", info->name, (double)obj / 1e9);
		return;
	case SHUFFLE_SHOW_OBJ:
		break;
	default:
		snprintf(out, size, "%s", info->name);
		return;
	}
	char kind = info->letter;
	object_name(nm, kind, obj, name, sizeof name);
	if (note && *note)
		snprintf(out, size, "%s %s: %s", shuffle_op_name(op), name, note);
	else
		snprintf(out, size, "%s %s", shuffle_op_name(op), name);
}

/* Name objects in the order the run met them, so that the deadlock report
 * and the timeline agree on m1, m2... */
static void name_all(const struct shuffle_trace_view *v, struct namer *nm)
{
	char scratch[64];
	memset(nm, 0, sizeof *nm);
	for (size_t i = 0; i < v->n_events; i++)
		describe_op(v, nm, v->events[i].op, v->events[i].obj, NULL, scratch,
			    sizeof scratch);
}

int shuffle_trace_where(const struct shuffle_trace_view *v, uint32_t module_index, uint64_t offset,
			char *out, size_t size)
{
	if (module_index >= v->h->n_modules || module_index >= SHUFFLE_MAX_MODULES) {
		snprintf(out, size, "an unknown place");
		return 0;
	}
	char module[SHUFFLE_MODULE_LEN];
	memcpy(module, v->h->modules[module_index], sizeof module);
	module[sizeof module - 1] = '\0';
	/* The loader names the main program by its argv[0]. */
	int usable = *module && access(module, R_OK) == 0;
	shuffle_symbolize(usable || !v->program ? module : v->program, offset, out, size);
	return 1;
}

static void deadlock_report(const struct shuffle_trace_view *v, FILE *f)
{
	struct namer nm;
	name_all(v, &nm);
	fprintf(f, "deadlock: no thread can proceed");
	for (uint32_t t = 0; t < v->n_threads; t++) {
		const struct shuffle_thread_record *r = &v->h->threads[t];
		if (r->state != SHUFFLE_THREAD_RUNNING || r->pending_op == SHUFFLE_OP_NONE)
			continue;
		char what[64];
		describe_op(v, &nm, r->pending_op, r->pending_obj, NULL, what, sizeof what);
		fprintf(f, "\n  %s blocked in %s", r->name, what);
		if (r->holder != SHUFFLE_NO_THREAD && r->holder < v->n_threads)
			fprintf(f, ", held by %s", shuffle_trace_label(v, r->holder));
		char where[512];
		if (shuffle_trace_where(v, r->where_module, r->where_offset, where, sizeof where))
			fprintf(f, ", at %s", where);
	}
}

static void divergence_report(const struct shuffle_trace_view *v, FILE *f)
{
	/* A copy: the bounds checked are the bounds used. */
	const struct shuffle_divergence div = v->h->divergence, *d = &div;
	fprintf(f, "divergence at decision %llu: ", (unsigned long long)d->decision + 1);
	if (d->past_end)
		fprintf(f, "the run needs a decision the schedule does not have;");
	else
		fprintf(f, "the schedule runs %s (%s) among %u threads;",
			shuffle_trace_label(v, d->expected_tid), shuffle_op_name(d->expected_op),
			d->expected_n);
	fprintf(f, " this run has [");
	if ((uint64_t)d->actual_off + d->actual_n <= v->pool_used)
		for (uint32_t i = 0; i < d->actual_n; i++)
			fprintf(f, "%s%s", i ? ", " : "",
				shuffle_trace_label(v, v->pool[d->actual_off + i]));
	fprintf(f, "] enabled");
	if (!d->past_end && d->actual_op != SHUFFLE_OP_NONE)
		fprintf(f, ", %s pending %s", shuffle_trace_label(v, d->expected_tid),
			shuffle_op_name(d->actual_op));
	fprintf(f, " (the program does something the schedule does not account for)");
}

char *shuffle_trace_escapes(const struct shuffle_trace_view *v)
{
	static const struct {
		uint32_t bit;
		const char *text;
	} escapes[] = {
		{ SHUFFLE_ESCAPE_FORK, "a child process ran uncontrolled" },
		{ SHUFFLE_ESCAPE_MUTEX_STATE,
		  "a mutex or semaphore changed outside the scheduler" },
		{ SHUFFLE_ESCAPE_EARLY_THREAD, "threads created before main() ran uncontrolled" },
		{ SHUFFLE_ESCAPE_FOREIGN_THREAD,
		  "a thread not made by pthread_create ran uncontrolled" },
		{ SHUFFLE_ESCAPE_EXEC, "a program the target exec'd ran uncontrolled" },
	};
	if (!v->h || !v->h->escapes)
		return NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	int first = 1;
	for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++)
		if (v->h->escapes & escapes[i].bit) {
			fprintf(f, "%s%s", first ? "" : "; ", escapes[i].text);
			first = 0;
		}
	fclose(f);
	return text;
}

char *shuffle_trace_detail(const struct shuffle_trace_view *v)
{
	if (!v->h || (v->h->state != SHUFFLE_RUN_DEADLOCK && v->h->state != SHUFFLE_RUN_DIVERGED))
		return NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	if (v->h->state == SHUFFLE_RUN_DEADLOCK)
		deadlock_report(v, f);
	else
		divergence_report(v, f);
	fclose(f);
	return text;
}

char *shuffle_trace_timeline(const struct shuffle_trace_view *v)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	struct namer nm;
	memset(&nm, 0, sizeof nm);
	fprintf(f, "timeline (* = decision, one column per thread):\n%6s ", "step");
	for (uint32_t t = 0; t < v->n_threads; t++)
		fprintf(f, " %-*.*s", COLUMN_WIDTH, COLUMN_WIDTH, shuffle_trace_label(v, t));
	fputc('\n', f);
	size_t rows = 0, step = 0;
	for (size_t i = 0; i < v->n_events; i++) {
		const struct shuffle_event *e = &v->events[i];
		int is_step = (e->flags & (SHUFFLE_EVENT_DECISION | SHUFFLE_EVENT_FORCED)) != 0;
		step += is_step;
		char what[64], note[SHUFFLE_NOTE_LEN + 1];
		memcpy(note, e->note, SHUFFLE_NOTE_LEN);
		note[SHUFFLE_NOTE_LEN] = '\0';
		describe_op(v, &nm, e->op, e->obj, note, what, sizeof what);
		if (rows++ >= TIMELINE_MAX_ROWS)
			continue;
		if (is_step)
			fprintf(f, "%5zu%c ", step,
				(e->flags & SHUFFLE_EVENT_DECISION) ? '*' : ' ');
		else
			fprintf(f, "%6s ", "");
		for (uint32_t t = 0; t < e->tid; t++)
			fprintf(f, " %-*s", COLUMN_WIDTH, "");
		fprintf(f, " %s\n", what);
	}
	if (rows > TIMELINE_MAX_ROWS)
		fprintf(f, "... %zu more rows\n", rows - TIMELINE_MAX_ROWS);
	fclose(f);
	return text;
}
