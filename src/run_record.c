/* run_record.c - see run_record.h. */
#include "run_record.h"

#include "failures.h"
#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static char *save_failure(const struct shuffle_record *rec, const struct shuffle_judged_run *run)
{
	const struct shuffle_explore_config *cfg = rec->cfg;
	if (cfg->replay)
		return strdup(cfg->opt->replay);
	if (!run->started)
		return NULL;
	struct shuffle_failure f = {
		.dir = cfg->opt->failures_dir,
		.program = cfg->path,
		.program_abs = rec->program_abs,
		.argv = cfg->argv,
		.argc = cfg->argc,
		.strategy = rec->sum.strategy,
		.seeded = rec->sum.seeded,
		.base_seed = cfg->seed,
		.run_seed = run->seed,
		.run = rec->sum.runs,
		.points = rec->points,
	};
	return shuffle_save_failure(&f, run->judgement->verdict, run->trace,
				    run->judgement->detail, run->result);
}

void shuffle_record_run(struct shuffle_record *rec, const struct shuffle_judged_run *run)
{
	const struct shuffle_explore_config *cfg = rec->cfg;
	const struct shuffle_options *opt = cfg->opt;
	const struct shuffle_run_result *r = run->result;
	const struct shuffle_trace_view *t = run->trace;
	const struct shuffle_judgement *j = run->judgement;
	int started = run->started;
	enum shuffle_verdict v = j->verdict;
	struct shuffle_summary *sum = &rec->sum;

	sum->runs++;
	sum->by_verdict[v]++;
	sum->escaped_runs += j->escapes != NULL;
	struct shuffle_race_report *races = NULL;
	size_t n_races = started ? shuffle_race_log_add(&rec->race_log, t, &races) : 0;
	sum->races += n_races;
	rec->hooks_seen |= started && t->h->memory_hooks;
	uint32_t busy_waits = started ? t->h->busy_waits : 0;
	sum->busy_wait_runs += busy_waits != 0;
	char *file = NULL;
	if (v != SHUFFLE_PASS) {
		sum->failures++;
		file = save_failure(rec, run);
		if (!cfg->replay)
			sum->failures_dir = opt->failures_dir;
	}
	struct shuffle_outcome o = {
		.run = sum->runs,
		.verdict = v,
		.result = r,
		.trace = started ? t : NULL,
		.schedule_file = file,
		.detail = j->detail,
		.escapes = j->escapes,
		.races = races,
		.n_races = n_races,
		.busy_waits = busy_waits,
	};
	shuffle_report_run(stdout, opt->json, &o);
	if (opt->tree && !opt->json)
		add_to_tree(&rec->tree, sum->runs, t, started, v, r);
	if (opt->group_by_output) {
		char *seq = sequence_text(t, started);
		if (!seq ||
		    shuffle_outcomes_add(&rec->outcomes, r->out.data ? r->out.data : "", r->out.len,
					 sum->runs, seq, shuffle_verdict_name(v), file) != 0)
			fprintf(stderr, "shuffle-run: out of memory grouping outputs\n");
		free(seq);
	}
	if (cfg->replay) {
		/* A saved failure that now passes was not reproduced: that is
		 * news (a fix, or nondeterminism), never a green result. */
		int lost = v == SHUFFLE_PASS && strcmp(cfg->replay->verdict, "pass") != 0;
		rec->not_reproduced |= lost;
		fprintf(stderr, "replay: %s, the schedule file says %s%s\n", shuffle_verdict_name(v),
			cfg->replay->verdict, lost ? ": the failure did not reproduce" : "");
	}
	free(file);
	free(races);
}

void shuffle_record_print(struct shuffle_record *rec)
{
	rec->sum.memory_points =
		rec->hooks_seen && (rec->sum.points & (1u << SHUFFLE_KIND_MEMORY));
	shuffle_tree_print(&rec->tree, stdout);
	shuffle_report_summary(stdout, rec->cfg->opt->json, &rec->sum);
}

void shuffle_record_free(struct shuffle_record *rec)
{
	shuffle_tree_free(&rec->tree);
	shuffle_outcomes_free(&rec->outcomes);
	shuffle_race_log_free(&rec->race_log);
}
