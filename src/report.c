/* report.c - see report.h. */
#include "report.h"

#include "ops.h"

#include <string.h>

#define SEQUENCE_SHOWN 24 /* text mode: longer sequences are cut in the middle */

void shuffle_json_string(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

static void json_cstr(FILE *f, const char *s)
{
	shuffle_json_string(f, s, strlen(s));
}

/* The last non-empty line of what the program printed (the seed's demo
 * prints its result there). */
static void last_line(const struct shuffle_output *o, const char **start, size_t *len)
{
	size_t end = o->len;
	while (end > 0 && (o->data[end - 1] == '\n' || o->data[end - 1] == '\r'))
		end--;
	size_t begin = end;
	while (begin > 0 && o->data[begin - 1] != '\n')
		begin--;
	*start = o->data ? o->data + begin : "";
	*len = end - begin;
}

static void text_sequence(FILE *f, const struct shuffle_trace_view *t)
{
	char step[SHUFFLE_NAME_LEN + SHUFFLE_NOTE_LEN + 4];
	fputs("sequence=[", f);
	size_t n = t ? t->n_sequence : 0;
	for (size_t i = 0; i < n; i++) {
		if (n > SEQUENCE_SHOWN && i == SEQUENCE_SHOWN - 4) {
			fprintf(f, ", ... %zu more ...", n - SEQUENCE_SHOWN + 1);
			i = n - 4;
		}
		fprintf(f, "%s%s", i ? ", " : "", shuffle_trace_step(t, i, step, sizeof step));
	}
	fputc(']', f);
}

static const char *access_name(int write)
{
	return write ? "write" : "read";
}

static void text_races(FILE *f, const struct shuffle_outcome *o)
{
	for (size_t i = 0; i < o->n_races; i++) {
		const struct shuffle_race_report *r = &o->races[i];
		fprintf(f, "  data race on 0x%llx: %s %s at %s, then %s %s at %s, unordered\n",
			(unsigned long long)r->addr, r->side[0].thread,
			access_name(r->side[0].write), r->side[0].where, r->side[1].thread,
			access_name(r->side[1].write), r->side[1].where);
	}
}

static void json_races(FILE *f, const struct shuffle_outcome *o)
{
	if (!o->n_races)
		return;
	fputs(", \"races\": [", f);
	for (size_t i = 0; i < o->n_races; i++) {
		const struct shuffle_race_report *r = &o->races[i];
		fprintf(f, "%s{\"address\": \"0x%llx\"", i ? ", " : "",
			(unsigned long long)r->addr);
		for (int s = 0; s < 2; s++) {
			fprintf(f, ", \"%s\": {\"thread\": ", s ? "second" : "first");
			json_cstr(f, r->side[s].thread);
			fprintf(f,
				", \"access\": \"%s\", \"where\": ", access_name(r->side[s].write));
			json_cstr(f, r->side[s].where);
			fputc('}', f);
		}
		fputc('}', f);
	}
	fputc(']', f);
}

static void text_run(FILE *f, const struct shuffle_outcome *o)
{
	const struct shuffle_run_result *r = o->result;
	fprintf(f, "run %llu: ", (unsigned long long)o->run);
	text_sequence(f, o->trace);
	fprintf(f, " %s", shuffle_verdict_name(o->verdict));
	if (o->verdict == SHUFFLE_FAIL)
		fprintf(f, " (exit %d)", r->exit_code);
	else if (o->verdict == SHUFFLE_CRASH && r->signal)
		fprintf(f, " (%s)", strsignal(r->signal));
	const char *line;
	size_t len;
	last_line(&r->out, &line, &len);
	if (len)
		fprintf(f, ": %.*s", (int)len, line);
	fputc('\n', f);
	if (o->detail)
		fprintf(f, "  %s\n", o->detail);
	if (o->verdict != SHUFFLE_PASS) {
		last_line(&r->err, &line, &len);
		if (len)
			fprintf(f, "  stderr: %.*s\n", (int)len, line);
	}
	if (o->escapes)
		fprintf(f, "  not controlled: %s\n", o->escapes);
	text_races(f, o);
	if (r->strays)
		fprintf(f, "  %d stray process%s killed (left running outside the schedule)\n",
			r->strays, r->strays > 1 ? "es" : "");
	if (o->schedule_file)
		fprintf(f, "  schedule: %s\n", o->schedule_file);
}

static void json_run(FILE *f, const struct shuffle_outcome *o)
{
	const struct shuffle_run_result *r = o->result;
	fprintf(f, "{\"run\": %llu, \"sequence\": [", (unsigned long long)o->run);
	const struct shuffle_trace_view *t = o->trace;
	char step[SHUFFLE_NAME_LEN + SHUFFLE_NOTE_LEN + 4];
	for (size_t i = 0; t && i < t->n_sequence; i++) {
		if (i)
			fputs(", ", f);
		json_cstr(f, shuffle_trace_step(t, i, step, sizeof step));
	}
	fprintf(f, "], \"verdict\": \"%s\", \"exit_code\": ", shuffle_verdict_name(o->verdict));
	/* A run the runtime ended (deadlock...) has no exit status of its own. */
	int own_exit = o->verdict == SHUFFLE_PASS || o->verdict == SHUFFLE_FAIL ||
		       o->verdict == SHUFFLE_UNCONTROLLED;
	if (r->exit_code >= 0 && !r->timed_out && own_exit)
		fprintf(f, "%d", r->exit_code);
	else
		fputs("null", f);
	fputs(", \"signal\": ", f);
	if (r->signal)
		fprintf(f, "%d", r->signal);
	else
		fputs("null", f);
	fprintf(f, ", \"decisions\": %zu, \"steps\": %zu, \"elapsed_s\": %.6f, \"stdout\": ",
		t ? t->n_decisions : (size_t)0, t ? t->n_steps : (size_t)0, r->elapsed_s);
	shuffle_json_string(f, r->out.data ? r->out.data : "", r->out.len);
	fputs(", \"stderr\": ", f);
	shuffle_json_string(f, r->err.data ? r->err.data : "", r->err.len);
	if (o->schedule_file) {
		fputs(", \"schedule_file\": ", f);
		json_cstr(f, o->schedule_file);
	}
	if (o->detail) {
		fputs(", \"detail\": ", f);
		json_cstr(f, o->detail);
	}
	if (r->strays)
		fprintf(f, ", \"strays_killed\": %d", r->strays);
	if (o->escapes) {
		fputs(", \"not_controlled\": ", f);
		json_cstr(f, o->escapes);
	}
	json_races(f, o);
	if (o->busy_waits)
		fprintf(f, ", \"busy_waits\": %u", o->busy_waits);
	fputs("}\n", f);
}

void shuffle_report_run(FILE *f, int json, const struct shuffle_outcome *o)
{
	if (json)
		json_run(f, o);
	else
		text_run(f, o);
	fflush(f);
}

void shuffle_report_summary(FILE *f, int json, const struct shuffle_summary *s)
{
	double rate = s->elapsed_s > 0 ? (double)s->runs / s->elapsed_s : 0;
	if (json) {
		fprintf(f,
			"{\"summary\": true, \"runs\": %llu, \"failures\": %llu, \"complete\": %s, "
			"\"strategy\": ",
			(unsigned long long)s->runs, (unsigned long long)s->failures,
			s->complete ? "true" : "false");
		json_cstr(f, s->strategy);
		char kinds[128];
		shuffle_points_format(s->points, kinds, sizeof kinds);
		fputs(", \"points\": ", f);
		json_cstr(f, kinds);
		fprintf(f,
			", \"seed\": %llu, \"elapsed_s\": %.3f, \"runs_per_s\": %.1f, "
			"\"not_controlled_runs\": %llu, \"memory_points\": %s, \"races\": %llu, "
			"\"busy_wait_runs\": %llu, \"interrupted\": %s, \"verdicts\": {",
			(unsigned long long)s->seed, s->elapsed_s, rate,
			(unsigned long long)s->escaped_runs, s->memory_points ? "true" : "false",
			(unsigned long long)s->races, (unsigned long long)s->busy_wait_runs,
			s->interrupted ? "true" : "false");
		int first = 1;
		for (int v = 0; v < SHUFFLE_VERDICT_COUNT; v++)
			if (s->by_verdict[v]) {
				fprintf(f, "%s\"%s\": %llu", first ? "" : ", ",
					shuffle_verdict_name((enum shuffle_verdict)v),
					(unsigned long long)s->by_verdict[v]);
				first = 0;
			}
		fputc('}', f);
		if (s->bounded)
			fprintf(f, ", \"max_preemptions\": %u", s->max_preemptions);
		fputs(", \"stopped\": ", f);
		if (s->stopped)
			json_cstr(f, s->stopped);
		else
			fputs("null", f);
		if (s->outcomes) {
			fputs(", \"outcomes\": ", f);
			shuffle_outcomes_print(s->outcomes, f, 1);
		}
		fputs("}\n", f);
	} else {
		if (s->outcomes)
			shuffle_outcomes_print(s->outcomes, f, 0);
		fprintf(f, "%llu runs, %llu failing", (unsigned long long)s->runs,
			(unsigned long long)s->failures);
		for (int v = 1; v < SHUFFLE_VERDICT_COUNT; v++)
			if (s->by_verdict[v])
				fprintf(f, ", %llu %s", (unsigned long long)s->by_verdict[v],
					shuffle_verdict_name((enum shuffle_verdict)v));
		char kinds[128] = "";
		if ((s->points & SHUFFLE_POINTS_ALL) != SHUFFLE_POINTS_ALL)
			shuffle_points_format(s->points, kinds, sizeof kinds);
		if (s->interrupted)
			fprintf(f, "; interrupted by SIG%s", sigabbrev_np(s->interrupted));
		if (s->complete && s->bounded)
			fprintf(f, "; every schedule with at most %u preemption%s explored",
				s->max_preemptions, s->max_preemptions == 1 ? "" : "s");
		else
			fprintf(f, "; %s",
				s->complete ? "every schedule explored" : "the space was not exhausted");
		if (s->stopped && !strcmp(s->stopped, "max-iterations"))
			fprintf(f, " (stopped after --max-iterations %llu runs; raise it to explore more)",
				(unsigned long long)s->max_iterations);
		else if (s->stopped && !strcmp(s->stopped, "stop-on-failure"))
			fputs(" (stopped at the first failure: --stop-on-failure)", f);
		fprintf(f, "%s%s%s%s; strategy %s", *kinds ? " (decisions at " : "", kinds,
			*kinds ? " points only)" : "",
			s->memory_points ? "" : " (memory accesses were not scheduling points)",
			s->strategy);
		if (s->seeded)
			fprintf(f, " (seed %llu)", (unsigned long long)s->seed);
		fprintf(f, "; %.2f s, %.0f runs/s\n", s->elapsed_s, rate);
		if (s->escaped_runs)
			fprintf(f,
				"warning: %llu runs did things shuffle-run could not control "
				"(see \"not controlled\" above): they may hide interleavings\n",
				(unsigned long long)s->escaped_runs);
		if (s->races)
			fprintf(f,
				"%llu data race%s (pairs of unordered accesses, listed with the "
				"runs that first met them)\n",
				(unsigned long long)s->races, s->races > 1 ? "s" : "");
		if (s->busy_wait_runs)
			fprintf(f,
				"note: in %llu runs a thread busy-waited on memory shuffle-run "
				"cannot see (a slice of CPU time with no scheduling point): it "
				"was preempted to let the others run; build the program with "
				"shuffle-cc to make those accesses scheduling points\n",
				(unsigned long long)s->busy_wait_runs);
		if (s->failures && s->failures_dir)
			fprintf(f,
				"failing schedules are in %s/ (replay one: shuffle-run --replay "
				"FILE)\n",
				s->failures_dir);
	}
	fflush(f);
}
