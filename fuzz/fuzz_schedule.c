/* fuzz_schedule.c - libFuzzer harness for the schedule-file reader
 * (src/schedule.c). The input is the file's bytes.
 *
 * Beyond "no crash, no leak, no undefined behaviour" (the sanitizers), it
 * checks the reader's promises:
 *  - a refusal says why in one line ("line N: ...");
 *  - whatever the reader accepts, the writer writes, and the reader reads
 *    that back equal: same program, arguments, strategy, seed, points, run
 *    and decisions, and writing it again gives the same text (labels and
 *    verdict are compared as written, since the writer flattens them).
 * A broken promise aborts, which libFuzzer reports as a crash.
 */
#include "schedule.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_schedule: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

/* fmemopen() refuses an empty buffer: read the empty file from a 1-byte one. */
static int parse_bytes(const char *data, size_t size, struct shuffle_schedule *s, char *err,
		       size_t errlen)
{
	static char empty[1];
	FILE *f = fmemopen(size ? (void *)data : empty, size ? size : 1, "r");
	if (!f)
		broken("fmemopen failed", NULL);
	if (!size)
		fgetc(f);
	int rc = shuffle_schedule_parse(f, "input", s, err, errlen);
	fclose(f);
	return rc;
}

static char *write_text(const struct shuffle_schedule *s, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (!f)
		broken("open_memstream failed", NULL);
	if (shuffle_schedule_write(f, s, "a comment\n\nof two lines") != 0)
		broken("the writer refuses a schedule the reader accepted", NULL);
	fclose(f);
	return text;
}

static int same_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void compare(const struct shuffle_schedule *a, const struct shuffle_schedule *b)
{
	if (!same_string(a->program, b->program))
		broken("program differs after a round trip", a->program);
	if (a->n_args != b->n_args)
		broken("number of arguments differs after a round trip", NULL);
	for (size_t i = 0; i < a->n_args; i++)
		if (!same_string(a->args[i], b->args[i]))
			broken("argument differs after a round trip", a->args[i]);
	if (!same_string(a->strategy, b->strategy))
		broken("strategy differs after a round trip", a->strategy);
	if (a->seed != b->seed || a->run != b->run)
		broken("seed or run differs after a round trip", NULL);
	if (a->points != b->points)
		broken("points differ after a round trip", NULL);
	if (a->n_threads != b->n_threads)
		broken("number of threads differs after a round trip", NULL);
	for (uint32_t t = 0; t < a->n_threads; t++)
		if (!a->labels[t] != !b->labels[t])
			broken("declared threads differ after a round trip", NULL);
	if (a->n_decisions != b->n_decisions)
		broken("number of decisions differs after a round trip", NULL);
	for (size_t i = 0; i < a->n_decisions; i++) {
		const struct shuffle_schedule_decision *x = &a->decisions[i], *y = &b->decisions[i];
		if (x->tid != y->tid || x->op != y->op || x->n_enabled != y->n_enabled ||
		    memcmp(x->enabled, y->enabled, x->n_enabled * sizeof *x->enabled) != 0)
			broken("decision differs after a round trip", NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct shuffle_schedule s;
	char err[512];
	err[0] = '\0';
	if (parse_bytes((const char *)data, size, &s, err, sizeof err) != 0) {
		if (strncmp(err, "line ", 5) != 0 || strchr(err, '\n'))
			broken("a refusal that is not one \"line N: ...\" line", err);
		/* Freed on failure: a second free must be harmless. */
		shuffle_schedule_free(&s);
		return 0;
	}

	size_t len1 = 0, len2 = 0;
	char *text1 = write_text(&s, &len1);
	struct shuffle_schedule back;
	if (parse_bytes(text1, len1, &back, err, sizeof err) != 0)
		broken("the reader refuses what the writer wrote", err);
	compare(&s, &back);
	char *text2 = write_text(&back, &len2);
	if (len1 != len2 || memcmp(text1, text2, len1) != 0)
		broken("writing what was read back gives another text", NULL);

	free(text1);
	free(text2);
	shuffle_schedule_free(&back);
	shuffle_schedule_free(&s);
	return 0;
}
