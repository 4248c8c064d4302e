/* fuzz_options.c - libFuzzer harness for the command line and environment
 * parser (src/options.c).
 *
 * The input is lines: leading lines of the form SHUFFLE_NAME=VALUE are set
 * in the environment, every other line is one argument after argv[0]
 * ("shuffle-run"). So a corpus file reads like the command it stands for:
 *
 *   SHUFFLE_STRATEGY=random
 *   --max-iterations
 *   10
 *   ./prog
 *
 * Beyond the sanitizers, it checks what the user would see: a refusal is
 * exactly one line on stderr (warnings about unknown variables aside), and
 * nothing printed carries a raw control byte; an accepted command line
 * prints nothing and gives settings within the documented ranges.
 */
#include "options.h"
#include "proto.h"
#include "strategy.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_options: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

/* Each input starts from an environment without SHUFFLE_* variables. */
static void clear_shuffle_env(void)
{
	for (;;) {
		char **e = environ;
		while (*e && strncmp(*e, "SHUFFLE_", 8) != 0)
			e++;
		if (!*e)
			return;
		char name[256];
		size_t len = strcspn(*e, "=");
		if (len >= sizeof name)
			broken("environment name too long to clear", NULL);
		memcpy(name, *e, len);
		name[len] = '\0';
		unsetenv(name);
	}
}

static int is_env_line(const char *line)
{
	return strncmp(line, "SHUFFLE_", 8) == 0 && strchr(line, '=') && strcspn(line, "=") < 200;
}

/* The lines printed on err: each must be a "shuffle-run: "
 * line without raw control bytes; returns how many are not warnings. */
static int error_lines(const char *text, size_t len)
{
	int errors = 0;
	for (size_t i = 0; i < len;) {
		const char *line = text + i;
		const char *nl = memchr(line, '\n', len - i);
		if (!nl)
			broken("output does not end with a newline", line);
		size_t n = (size_t)(nl - line);
		if (strncmp(line, "shuffle-run: ", 13) != 0)
			broken("an output line without the shuffle-run: prefix", line);
		for (size_t k = 0; k < n; k++)
			if ((unsigned char)line[k] < ' ' || line[k] == 0x7f)
				broken("a raw control byte on stderr", line);
		if (strncmp(line, "shuffle-run: warning: ", 22) != 0)
			errors++;
		i += n + 1;
	}
	return errors;
}

static void check_accepted(const struct shuffle_options *o, char **argv, int argc)
{
	if (!o->strategy)
		broken("no strategy", NULL);
	if (o->n_program < 0 || o->program < argv || o->program + o->n_program != argv + argc)
		broken("PROGRAM is not the tail of argv", NULL);
	if (o->n_program == 0 && !o->replay)
		broken("neither PROGRAM nor --replay", NULL);
	if (!(o->timeout_s > 0 && o->timeout_s <= 1e6))
		broken("timeout out of range", NULL);
	if (o->max_steps < 1 || o->max_steps > 100000000)
		broken("max-steps out of range", NULL);
	if (!o->failures_dir || !*o->failures_dir)
		broken("no failures directory", NULL);
	if (o->points & ~SHUFFLE_POINTS_ALL)
		broken("points outside the known kinds", NULL);
	if (o->depth < 1 || o->depth > SHUFFLE_MAX_DEPTH)
		broken("depth out of range", NULL);
	if (o->bounded && o->max_preemptions > SHUFFLE_MAX_PREEMPTION_BOUND)
		broken("max-preemptions out of range", NULL);
	if (!o->replay && ((o->bounded && !o->strategy->takes_bound) ||
			   (o->depth_given && !o->strategy->takes_depth)))
		broken("a setting the strategy ignores was accepted", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	clear_shuffle_env();

	/* One NUL-terminated copy, cut at newlines in place. */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	size_t n_lines = 1;
	for (size_t i = 0; i < size; i++)
		n_lines += text[i] == '\n';
	char **argv = calloc(n_lines + 2, sizeof *argv);
	if (!argv) {
		free(text);
		return 0;
	}
	int argc = 0;
	argv[argc++] = "shuffle-run";
	int in_env = 1;
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else if (!*line && line != text)
			break; /* the newline that ends the last line */
		if (in_env && is_env_line(line)) {
			/* putenv, not setenv: glibc keeps every string setenv
			 * was given, which over millions of inputs is a leak. */
			putenv(line);
			continue;
		}
		in_env = 0;
		argv[argc++] = line;
	}
	argv[argc] = NULL;

	char *out = NULL, *err = NULL;
	size_t out_len = 0, err_len = 0;
	FILE *out_f = open_memstream(&out, &out_len), *err_f = open_memstream(&err, &err_len);
	if (!out_f || !err_f)
		broken("open_memstream failed", NULL);
	struct shuffle_options o;
	int rc = shuffle_options_parse_to(argc, argv, &o, out_f, err_f);
	fclose(out_f);
	fclose(err_f);

	int errors = error_lines(err, err_len);
	switch (rc) {
	case SHUFFLE_OPTIONS_RUN:
		if (errors || out_len)
			broken("an accepted command line printed something", err_len ? err : out);
		check_accepted(&o, argv, argc);
		break;
	case SHUFFLE_OPTIONS_EXIT_OK:
		if (errors || !out_len)
			broken("--help or --version printed nothing, or an error", err);
		break;
	case SHUFFLE_OPTIONS_BAD:
		if (errors != 1 || out_len)
			broken("a refusal that is not exactly one line on stderr", err);
		break;
	default:
		broken("unknown return value", NULL);
	}

	free(out);
	free(err);
	free(argv);
	clear_shuffle_env(); /* the environment points into text */
	free(text);
	return 0;
}
