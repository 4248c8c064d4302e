/* report.h - what the user reads: one line (or JSON object) per run, then a
 * summary. With --json, stdout carries JSON Lines only: the program's own
 * output is inside the "stdout" strings, never beside them. */
#ifndef SHUFFLE_REPORT_H
#define SHUFFLE_REPORT_H

#include "outcomes.h"
#include "race_log.h"
#include "run.h"
#include "trace.h"
#include "verdict.h"

#include <stdint.h>
#include <stdio.h>

struct shuffle_outcome {
	uint64_t run; /* 1-based */
	enum shuffle_verdict verdict;
	const struct shuffle_run_result *result;
	const struct shuffle_trace_view *trace;	 /* NULL if the runtime never started */
	const char *schedule_file;		 /* NULL for a pass */
	const char *detail;			 /* deadlock/divergence report, or NULL */
	const char *escapes;			 /* what escaped control, or NULL */
	const struct shuffle_race_report *races; /* first seen in this run */
	size_t n_races;
	uint32_t busy_waits; /* times a thread was preempted busy-waiting */
};

struct shuffle_summary {
	uint64_t runs, failures, escaped_runs;
	uint64_t by_verdict[SHUFFLE_VERDICT_COUNT];
	int complete;
	int interrupted; /* the signal that stopped the exploration, or 0 */
	/* Why the runs ended before the space was exhausted: "max-iterations",
	 * "stop-on-failure", "interrupted", or NULL. */
	const char *stopped;
	uint64_t max_iterations;
	int bounded; /* exhaustive search of the schedules with at most max_preemptions */
	uint32_t max_preemptions;
	const char *strategy;
	int seeded; /* the strategy's runs depend on the seed: print it */
	uint64_t seed;
	uint32_t points; /* kinds that were decisions (--points) */
	/* Memory accesses were points: the program was built with shuffle-cc
	 * (its hooks reached the runtime) and --points includes memory. */
	int memory_points;
	uint64_t races;		 /* distinct pairs of source locations */
	uint64_t busy_wait_runs; /* runs in which a thread busy-waited unseen */
	double elapsed_s;
	const char *failures_dir;	   /* where schedule files went, NULL if none */
	struct shuffle_outcomes *outcomes; /* --group-by-output, else NULL */
};

void shuffle_report_run(FILE *f, int json, const struct shuffle_outcome *o);
void shuffle_report_summary(FILE *f, int json, const struct shuffle_summary *s);

/* Write s as a JSON string literal. */
void shuffle_json_string(FILE *f, const char *s, size_t len);

#endif
