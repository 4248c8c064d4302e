/* options.c - the option table, environment defaults and parsing.
 *
 * Every setting has one row: its long option, its environment variable (if
 * any), its help text. The environment is read first and the command line
 * overrides it. Errors are one line on stderr; the caller exits with 2.
 */
#include "options.h"

#include "errline.h"
#include "ops.h"

#include "strategy.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

enum opt_id {
	OPT_STRATEGY = 1,
	OPT_MAX_ITERATIONS,
	OPT_SEED,
	OPT_DEPTH,
	OPT_MAX_PREEMPTIONS,
	OPT_FAILURES_DIR,
	OPT_TIMEOUT,
	OPT_MAX_STEPS,
	OPT_POINTS,
	OPT_STOP_ON_FAILURE,
	OPT_STRICT,
	OPT_GROUP_BY_OUTPUT,
	OPT_TREE,
	OPT_REPLAY,
	OPT_JSON,
	OPT_HELP,
	OPT_VERSION,
};

struct opt_row {
	enum opt_id id;
	const char *name;
	const char *arg; /* metavariable, NULL for a flag */
	const char *env;
	const char *help;
};

static const struct opt_row rows[] = {
	{ OPT_STRATEGY, "strategy", "NAME", "SHUFFLE_STRATEGY",
	  "how to explore (strategies below)" },
	{ OPT_MAX_ITERATIONS, "max-iterations", "N", "SHUFFLE_MAX_ITERATIONS",
	  "at most N runs (default: the strategy's budget, below)" },
	{ OPT_SEED, "seed", "N", "SHUFFLE_SEED",
	  "seed of a seeded strategy: run k uses seed N+k (default: drawn, then printed)" },
	{ OPT_DEPTH, "depth", "D", "SHUFFLE_DEPTH",
	  "pct: the bug depth aimed at, from 1 to 16 (default 3): each run changes thread "
	  "priorities D-1 times" },
	{ OPT_MAX_PREEMPTIONS, "max-preemptions", "N", "SHUFFLE_MAX_PREEMPTIONS",
	  "exhaustive: only the schedules with at most N preemptions (0 to 1000); "
	  "complete then means every such schedule" },
	{ OPT_FAILURES_DIR, "failures-dir", "DIR", "SHUFFLE_FAILURES_DIR",
	  "where schedule files of failing runs go (default ./shuffle-failures)" },
	{ OPT_TIMEOUT, "timeout", "SECONDS", "SHUFFLE_TIMEOUT",
	  "kill a run (its whole process group) after SECONDS (default 10)" },
	{ OPT_MAX_STEPS, "max-steps", "N", "SHUFFLE_MAX_STEPS",
	  "end a run as livelock after N scheduling steps (default 1000000)" },
	{ OPT_POINTS, "points", "KINDS", "SHUFFLE_POINTS",
	  "which operations are decisions: all (default) or some of thread,sync,io,process,sql,"
	  "memory,manual,time, comma separated; the others run as steps without a choice" },
	{ OPT_STOP_ON_FAILURE, "stop-on-failure", NULL, NULL, "stop after the first failing run" },
	{ OPT_STRICT, "strict", NULL, "SHUFFLE_STRICT",
	  "a run where something escaped control (an uncontrolled exec, a foreign thread) "
	  "fails as uncontrolled" },
	{ OPT_GROUP_BY_OUTPUT, "group-by-output", NULL, "SHUFFLE_GROUP_BY_OUTPUT",
	  "after the runs, a table of each distinct output, its count and one schedule" },
	{ OPT_TREE, "tree", NULL, NULL,
	  "after the runs, the interleaving tree: every sequence, shared prefixes once" },
	{ OPT_REPLAY, "replay", "FILE", NULL,
	  "run the schedule in FILE once, checking every decision (PROGRAM optional)" },
	{ OPT_JSON, "json", NULL, NULL,
	  "JSON Lines on stdout: one object per run, then a summary" },
	{ OPT_HELP, "help", NULL, NULL, "show this help" },
	{ OPT_VERSION, "version", NULL, NULL, "show the version" },
};
#define N_ROWS (sizeof rows / sizeof rows[0])

static void usage(FILE *f)
{
	fprintf(f, "usage: shuffle-run [OPTIONS] [--] PROGRAM [ARGS...]\n"
		   "       shuffle-run [OPTIONS] --replay FILE [[--] PROGRAM [ARGS...]]\n\n"
		   "Runs PROGRAM once per schedule of its threads until the strategy is done.\n"
		   "Exit status: 0 no run failed, 1 some run failed, 2 bad usage or setup.\n\n");
	for (size_t i = 0; i < N_ROWS; i++) {
		char left[48];
		snprintf(left, sizeof left, "--%s%s%s", rows[i].name, rows[i].arg ? " " : "",
			 rows[i].arg ? rows[i].arg : "");
		fprintf(f, "  %-26s %s", left, rows[i].help);
		if (rows[i].env)
			fprintf(f, " [%s]", rows[i].env);
		fputc('\n', f);
	}
	fputs("\nStrategies:\n", f);
	for (uint32_t i = 0; i < shuffle_n_strategies; i++) {
		const struct shuffle_strategy_def *d = shuffle_strategies[i];
		if (!d->listed)
			continue;
		fprintf(f, "  %s", d->help);
		if (d == shuffle_default_strategy)
			fputs(" (default)", f);
		if (d->default_runs)
			fprintf(f, "; %llu runs unless --max-iterations says",
				(unsigned long long)d->default_runs);
		fputc('\n', f);
	}
}

int shuffle_parse_u64(const char *s, uint64_t *out)
{
	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end)
		return -1;
	if (errno == ERANGE)
		return -2;
	if (errno)
		return -1;
	*out = v;
	return 0;
}

#define MAX_U64_TEXT "18446744073709551615"

static int bad(FILE *err, const char *what, const char *value, const char *why)
{
	shuffle_error_to(err, "%s '%s': %s", what, value, why);
	return -1;
}

static int set(struct shuffle_options *o, const struct opt_row *row, const char *value,
	       const char *origin, FILE *err)
{
	char what[64];
	snprintf(what, sizeof what, "%s%s", origin,
		 row->env && *origin != '-' ? row->env : row->name);
	switch (row->id) {
	case OPT_STRATEGY:
		o->strategy = shuffle_strategy_find(value);
		if (!o->strategy || !o->strategy->listed) {
			char why[160];
			snprintf(why, sizeof why, "unknown strategy (%s)",
				 shuffle_strategy_names());
			return bad(err, what, value, why);
		}
		return 0;
	case OPT_POINTS: {
		char unknown[64];
		if (shuffle_points_parse(value, &o->points, unknown, sizeof unknown) != 0) {
			char why[160];
			snprintf(why, sizeof why,
				 "unknown kind '%s' (all, thread, sync, io, process, sql, memory, "
				 "manual, time)",
				 unknown);
			return bad(err, what, value, why);
		}
		return 0;
	}
	case OPT_MAX_ITERATIONS: {
		int rc = shuffle_parse_u64(value, &o->max_iterations);
		if (rc == -2)
			return bad(err, what, value, "out of range (at most " MAX_U64_TEXT ")");
		if (rc || o->max_iterations == 0)
			return bad(err, what, value, "expected a positive whole number");
		return 0;
	}
	case OPT_SEED: {
		int rc = shuffle_parse_u64(value, &o->seed);
		if (rc == -2)
			return bad(err, what, value, "out of range (at most " MAX_U64_TEXT ")");
		if (rc)
			return bad(err, what, value, "expected a whole number");
		o->seed_given = 1;
		return 0;
	}
	case OPT_DEPTH: {
		uint64_t d;
		int rc = shuffle_parse_u64(value, &d);
		if (rc == -2 || (rc == 0 && (d == 0 || d > SHUFFLE_MAX_DEPTH)))
			return bad(err, what, value,
				   "out of range: expected a whole number from 1 to 16");
		if (rc)
			return bad(err, what, value, "expected a whole number from 1 to 16");
		o->depth = (uint32_t)d;
		o->depth_given = 1;
		return 0;
	}
	case OPT_MAX_PREEMPTIONS: {
		uint64_t n;
		int rc = shuffle_parse_u64(value, &n);
		if (rc == -2 || (rc == 0 && n > SHUFFLE_MAX_PREEMPTION_BOUND))
			return bad(err, what, value,
				   "out of range: expected a whole number from 0 to 1000");
		if (rc)
			return bad(err, what, value, "expected a whole number from 0 to 1000");
		o->max_preemptions = (uint32_t)n;
		o->bounded = 1;
		return 0;
	}
	case OPT_FAILURES_DIR:
		if (!*value)
			return bad(err, what, value, "expected a directory");
		o->failures_dir = value;
		return 0;
	case OPT_TIMEOUT: {
		char *end;
		errno = 0;
		double t = strtod(value, &end);
		if (*end || end == value || (errno && errno != ERANGE))
			return bad(err, what, value, "expected a positive number of seconds");
		if (errno || !isfinite(t) || t <= 0 || t > 1e6)
			return bad(err, what, value,
				   "out of range: expected a number of seconds above 0, at most "
				   "1000000");
		o->timeout_s = t;
		return 0;
	}
	case OPT_MAX_STEPS: {
		int rc = shuffle_parse_u64(value, &o->max_steps);
		if (rc == -2 || (rc == 0 && (o->max_steps == 0 || o->max_steps > 100000000)))
			return bad(err, what, value,
				   "out of range: expected a whole number from 1 to 100000000");
		if (rc)
			return bad(err, what, value, "expected a whole number from 1 to 100000000");
		return 0;
	}
	case OPT_STOP_ON_FAILURE:
		o->stop_on_failure = 1;
		return 0;
	case OPT_STRICT:
	case OPT_GROUP_BY_OUTPUT: {
		/* A flag; from the environment, 1 or 0. */
		if (value && strcmp(value, "1") != 0 && strcmp(value, "0") != 0)
			return bad(err, what, value, "expected 1 or 0");
		int on = !value || strcmp(value, "1") == 0;
		*(row->id == OPT_STRICT ? &o->strict : &o->group_by_output) = on;
		return 0;
	}
	case OPT_REPLAY:
		o->replay = value;
		return 0;
	case OPT_JSON:
		o->json = 1;
		return 0;
	case OPT_TREE:
		o->tree = 1;
		return 0;
	default:
		return 0;
	}
}

/* Unknown SHUFFLE_* variables are most likely typos: say so, with the
 * closest known name, but go on. */
static void warn_unknown_env(FILE *err)
{
	for (char **e = environ; *e; e++) {
		if (strncmp(*e, "SHUFFLE_", 8) != 0)
			continue;
		size_t len = strcspn(*e, "=");
		int known =
			len == strlen("SHUFFLE_PRELOAD") && !strncmp(*e, "SHUFFLE_PRELOAD", len);
		const char *closest = NULL;
		size_t best = 0;
		for (size_t i = 0; i < N_ROWS && !known; i++) {
			if (!rows[i].env)
				continue;
			if (strlen(rows[i].env) == len && !strncmp(*e, rows[i].env, len))
				known = 1;
			size_t common = 0;
			while (common < len && rows[i].env[common] == (*e)[common])
				common++;
			if (common > best) {
				best = common;
				closest = rows[i].env;
			}
		}
		if (!known)
			shuffle_error_to(err, "warning: unknown variable %.*s (did you mean %s?)",
					 (int)len, *e, closest ? closest : "SHUFFLE_STRATEGY");
	}
}

int shuffle_options_parse_to(int argc, char **argv, struct shuffle_options *o, FILE *out, FILE *err)
{
	memset(o, 0, sizeof *o);
	o->strategy = shuffle_default_strategy;
	o->failures_dir = "shuffle-failures";
	o->timeout_s = SHUFFLE_DEFAULT_TIMEOUT_S;
	o->max_steps = SHUFFLE_DEFAULT_MAX_STEPS;
	o->points = SHUFFLE_POINTS_ALL;
	o->depth = SHUFFLE_DEFAULT_DEPTH;

	warn_unknown_env(err);
	for (size_t i = 0; i < N_ROWS; i++) {
		const char *v = rows[i].env ? getenv(rows[i].env) : NULL;
		if (v && set(o, &rows[i], v, "", err) != 0)
			return SHUFFLE_OPTIONS_BAD;
	}

	struct option longopts[N_ROWS + 1];
	for (size_t i = 0; i < N_ROWS; i++)
		longopts[i] = (struct option){ rows[i].name,
					       rows[i].arg ? required_argument : no_argument, NULL,
					       (int)rows[i].id };
	longopts[N_ROWS] = (struct option){ 0 };

	opterr = 0;
	/* 0, not 1: glibc then also forgets where it was inside a word
	 * ("-ab" refused at 'a'), which a second parse would resume. */
	optind = 0;
	int c;
	for (;;) {
		/* The word getopt looks at: after a short option, optind may
		 * still point at it or already past it. */
		int word = optind ? optind : 1;
		if ((c = getopt_long(argc, argv, "+:", longopts, NULL)) == -1)
			break;
		if (c == '?' || c == ':') {
			const char *arg = argv[word];
			shuffle_error_to(err, "%s '%s' (see shuffle-run --help)",
					 c == '?' ? "unknown option" : "missing value for option",
					 arg);
			return SHUFFLE_OPTIONS_BAD;
		}
		if (c == OPT_HELP) {
			usage(out);
			return SHUFFLE_OPTIONS_EXIT_OK;
		}
		if (c == OPT_VERSION) {
			fprintf(out, "shuffle-run %s (protocol %u)\n", SHUFFLE_VERSION,
				SHUFFLE_PROTO_VERSION);
			return SHUFFLE_OPTIONS_EXIT_OK;
		}
		for (size_t i = 0; i < N_ROWS; i++)
			if ((int)rows[i].id == c &&
			    set(o, &rows[i], rows[i].arg ? optarg : NULL, "--", err) != 0)
				return SHUFFLE_OPTIONS_BAD;
	}
	o->program = argv + optind;
	o->n_program = argc - optind;
	if (o->n_program == 0 && !o->replay) {
		fprintf(err, "shuffle-run: no PROGRAM given (see shuffle-run --help)\n");
		return SHUFFLE_OPTIONS_BAD;
	}
	/* A setting the chosen strategy would ignore is a mistake: say so
	 * rather than explore something else than asked. */
	if (!o->replay && o->bounded && !o->strategy->takes_bound) {
		shuffle_error_to(
			err,
			"--max-preemptions (SHUFFLE_MAX_PREEMPTIONS) applies to --strategy "
			"exhaustive only, not %s",
			o->strategy->name);
		return SHUFFLE_OPTIONS_BAD;
	}
	if (!o->replay && o->depth_given && !o->strategy->takes_depth) {
		shuffle_error_to(err,
				 "--depth (SHUFFLE_DEPTH) applies to --strategy pct only, not %s",
				 o->strategy->name);
		return SHUFFLE_OPTIONS_BAD;
	}
	if (o->max_iterations == 0)
		o->max_iterations = o->strategy->default_runs;
	return SHUFFLE_OPTIONS_RUN;
}

int shuffle_options_parse(int argc, char **argv, struct shuffle_options *o)
{
	return shuffle_options_parse_to(argc, argv, o, stdout, stderr);
}
