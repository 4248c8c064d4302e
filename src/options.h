/* options.h - command line and environment, from one table (options.c) that
 * --help prints; the man page and README list the same options. */
#ifndef SHUFFLE_OPTIONS_H
#define SHUFFLE_OPTIONS_H

#include <stdint.h>
#include <stdio.h>

struct shuffle_strategy_def;

struct shuffle_options {
	const struct shuffle_strategy_def *strategy;
	uint64_t max_iterations; /* 0: no limit */
	uint64_t seed;
	int seed_given;
	uint32_t depth; /* pct */
	int depth_given;
	int bounded; /* exhaustive, with at most max_preemptions */
	uint32_t max_preemptions;
	const char *failures_dir;
	double timeout_s;
	uint64_t max_steps;
	uint32_t points; /* kinds that are decisions: bit (1 << enum shuffle_kind) */
	int stop_on_failure;
	int strict;
	int group_by_output;
	int tree;
	int json;
	const char *replay;
	char **program; /* PROGRAM ARGS..., NULL-terminated; may be empty with --replay */
	int n_program;
};

enum { SHUFFLE_OPTIONS_RUN = 0, SHUFFLE_OPTIONS_EXIT_OK = 1, SHUFFLE_OPTIONS_BAD = 2 };

#define SHUFFLE_DEFAULT_TIMEOUT_S 10.0
#define SHUFFLE_DEFAULT_MAX_STEPS 1000000
#define SHUFFLE_DEFAULT_DEPTH	  3
#define SHUFFLE_MAX_DEPTH	  16
#define SHUFFLE_MAX_PREEMPTION_BOUND 1000

/* Parse; on SHUFFLE_OPTIONS_BAD one line has been printed on stderr; on
 * SHUFFLE_OPTIONS_EXIT_OK --help or --version has been printed. */
int shuffle_options_parse(int argc, char **argv, struct shuffle_options *o);
/* The same, printing on out and err instead of stdout and stderr (the
 * fuzzing harness, fuzz/, checks what would have been printed). */
int shuffle_options_parse_to(int argc, char **argv, struct shuffle_options *o, FILE *out,
			     FILE *err);

/* Strict unsigned decimal: digits only, no sign, no overflow. */
int shuffle_parse_u64(const char *s, uint64_t *out); /* 0, -1 not a number, -2 too big */

#endif
