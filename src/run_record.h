/* run_record.h - what each judged run adds to an exploration: its schedule
 * file when it failed, its report line, its path in the interleaving tree,
 * its output group, its new races, and the summary's counts. */
#ifndef SHUFFLE_RUN_RECORD_H
#define SHUFFLE_RUN_RECORD_H

#include "explore.h"
#include "judge.h"
#include "outcomes.h"
#include "race_log.h"
#include "report.h"
#include "run.h"
#include "trace.h"
#include "tree.h"

#include <stdint.h>

struct shuffle_record {
	const struct shuffle_explore_config *cfg;
	const char *program_abs;
	uint32_t points; /* the kinds that were decisions */
	struct shuffle_summary sum;
	struct shuffle_outcomes outcomes;
	struct shuffle_race_log race_log;
	struct shuffle_tree tree;
	int hooks_seen;	    /* the memory hooks reached the runtime in some run */
	int not_reproduced; /* --replay of a failure passed */
};

struct shuffle_judged_run {
	const struct shuffle_run_result *result;
	const struct shuffle_trace_view *trace; /* valid only if started */
	int started;
	const struct shuffle_judgement *judgement;
	uint64_t seed; /* the run's own */
};

void shuffle_record_run(struct shuffle_record *rec, const struct shuffle_judged_run *run);
/* The tree, then the summary (the outcome table included). */
void shuffle_record_print(struct shuffle_record *rec);
void shuffle_record_free(struct shuffle_record *rec);

#endif
