/* outcomes.c - see outcomes.h. Groups are searched linearly: explorations
 * show a handful of distinct outcomes, not thousands. */
#include "outcomes.h"

#include "report.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

int shuffle_outcomes_add(struct shuffle_outcomes *o, const char *output, size_t len, uint64_t run,
			 const char *sequence, const char *verdict, const char *schedule_file)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->groups[i].len == len && memcmp(o->groups[i].output, output, len) == 0) {
			o->groups[i].runs++;
			return 0;
		}
	if (o->n == o->cap) {
		size_t cap = o->cap ? 2 * o->cap : 8;
		struct shuffle_outcome_group *g = realloc(o->groups, cap * sizeof *g);
		if (!g)
			return -1;
		o->groups = g;
		o->cap = cap;
	}
	struct shuffle_outcome_group *g = &o->groups[o->n];
	memset(g, 0, sizeof *g);
	g->output = malloc(len + 1);
	g->sequence = dup_or_null(sequence);
	g->verdict = dup_or_null(verdict);
	g->schedule_file = dup_or_null(schedule_file);
	if (!g->output || !g->sequence || !g->verdict || (schedule_file && !g->schedule_file)) {
		free(g->output);
		free(g->sequence);
		free(g->verdict);
		free(g->schedule_file);
		return -1;
	}
	memcpy(g->output, output, len);
	g->output[len] = '\0';
	g->len = len;
	g->runs = 1;
	g->first_run = run;
	o->n++;
	return 0;
}

static int by_runs(const void *a, const void *b)
{
	const struct shuffle_outcome_group *x = a, *y = b;
	if (x->runs != y->runs)
		return x->runs > y->runs ? -1 : 1;
	return x->first_run < y->first_run ? -1 : x->first_run > y->first_run;
}

void shuffle_outcomes_print(struct shuffle_outcomes *o, FILE *f, int json)
{
	if (o->n)
		qsort(o->groups, o->n, sizeof *o->groups, by_runs);
	if (json) {
		fputc('[', f);
		for (size_t i = 0; i < o->n; i++) {
			const struct shuffle_outcome_group *g = &o->groups[i];
			fprintf(f, "%s{\"stdout\": ", i ? ", " : "");
			shuffle_json_string(f, g->output, g->len);
			fprintf(f,
				", \"runs\": %llu, \"first_run\": %llu, \"verdict\": \"%s\", "
				"\"sequence\": ",
				(unsigned long long)g->runs, (unsigned long long)g->first_run,
				g->verdict);
			shuffle_json_string(f, g->sequence, strlen(g->sequence));
			if (g->schedule_file) {
				fputs(", \"schedule_file\": ", f);
				shuffle_json_string(f, g->schedule_file, strlen(g->schedule_file));
			}
			fputc('}', f);
		}
		fputc(']', f);
		return;
	}
	fprintf(f, "\n%-8s %-10s %-30s %s\n", "runs", "verdict", "output (last line)",
		"one schedule");
	for (size_t i = 0; i < o->n; i++) {
		const struct shuffle_outcome_group *g = &o->groups[i];
		size_t end = g->len;
		while (end > 0 && g->output[end - 1] == '\n')
			end--;
		size_t start = end;
		while (start > 0 && g->output[start - 1] != '\n')
			start--;
		fprintf(f, "%-8llu %-10s %-30.*s run %llu: %s%s%s\n", (unsigned long long)g->runs,
			g->verdict, (int)(end - start), g->output + start,
			(unsigned long long)g->first_run, g->sequence,
			g->schedule_file ? " -> " : "", g->schedule_file ? g->schedule_file : "");
	}
	fputc('\n', f);
}

void shuffle_outcomes_free(struct shuffle_outcomes *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->groups[i].output);
		free(o->groups[i].sequence);
		free(o->groups[i].verdict);
		free(o->groups[i].schedule_file);
	}
	free(o->groups);
	memset(o, 0, sizeof *o);
}
