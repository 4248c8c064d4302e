/* failures.h - a run that did not pass, written to the failures directory
 * as a schedule file (schedule.h) named after where it came from, with its
 * sequence, report and timeline as comments. */
#ifndef SHUFFLE_FAILURES_H
#define SHUFFLE_FAILURES_H

#include "run.h"
#include "trace.h"
#include "verdict.h"

#include <stddef.h>
#include <stdint.h>

struct shuffle_failure {
	const char *dir;
	const char *program;	 /* as resolved: its base name names the file */
	const char *program_abs; /* written into the file */
	char *const *argv;	 /* PROGRAM ARGS... */
	int argc;
	const char *strategy;
	int seeded;	 /* the strategy's runs depend on the seed: the name shows it */
	uint32_t points; /* --points mask of the run */
	uint64_t base_seed; /* --seed, for the name */
	uint64_t run_seed;  /* the run's own, for the file */
	uint64_t run;
};

/* Before the first run: 0 if schedule files can be written in dir (made
 * when the first is), else -1 with the reason in err. */
int shuffle_failures_dir_check(const char *dir, char *err, size_t size);

/* The path written (malloc'd), or NULL after a line on stderr. */
char *shuffle_save_failure(const struct shuffle_failure *x, enum shuffle_verdict v,
			   const struct shuffle_trace_view *t, const char *detail,
			   const struct shuffle_run_result *r);

#endif
