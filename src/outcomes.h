/* outcomes.h - runs grouped by what the program printed (--group-by-output):
 * each distinct output, how many runs gave it, and one schedule that did. */
#ifndef SHUFFLE_OUTCOMES_H
#define SHUFFLE_OUTCOMES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct shuffle_outcome_group {
	char *output;
	size_t len;
	uint64_t runs;
	uint64_t first_run;
	char *sequence; /* of the first run, "A A B B" */
	char *verdict;
	char *schedule_file; /* of the first run, NULL if it passed */
};

struct shuffle_outcomes {
	struct shuffle_outcome_group *groups;
	size_t n, cap;
};

/* Count one run; the strings are copied. Returns 0, or -1 out of memory. */
int shuffle_outcomes_add(struct shuffle_outcomes *o, const char *output, size_t len, uint64_t run,
			 const char *sequence, const char *verdict, const char *schedule_file);
/* The table, most frequent first: text, or one JSON array (no newline). */
void shuffle_outcomes_print(struct shuffle_outcomes *o, FILE *f, int json);
void shuffle_outcomes_free(struct shuffle_outcomes *o);

#endif
