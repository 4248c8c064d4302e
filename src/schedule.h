/* schedule.h - schedule files: the readable text form of one run that
 * `shuffle-run --replay FILE` plays back exactly.
 *
 *   # comment lines and trailing "# ..." comments are ignored
 *   shuffle-schedule 1
 *   program /abs/path/to/program
 *   arg first-argument            (one line per argument, C escapes: \\ \n \t \" \xHH)
 *   strategy exhaustive
 *   seed 12345
 *   points sql,sync               (optional: the kinds that were decisions; default all)
 *   run 3
 *   verdict crash SIGSEGV         (free text up to the end of the line)
 *   thread 0 main                 (tid and label, label up to the end of the line)
 *   thread 1 A
 *   decision 1 point 1 2          (tid chosen, its pending op, then the enabled tids)
 *   end
 *
 * Everything from "shuffle-schedule" to "end" is required in that order,
 * except that arg, thread and decision lines may be absent.
 */
#ifndef SHUFFLE_SCHEDULE_H
#define SHUFFLE_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SHUFFLE_SCHEDULE_VERSION 1

struct shuffle_schedule_decision {
	uint32_t tid;
	uint32_t op; /* enum shuffle_op */
	uint32_t n_enabled;
	uint32_t *enabled; /* ascending */
};

struct shuffle_schedule {
	char *program;
	char **args; /* arguments after the program; n_args of them */
	size_t n_args;
	char *strategy;
	uint64_t seed;
	uint32_t points; /* --points mask; SHUFFLE_POINTS_ALL when the file has no line */
	uint64_t run;
	char *verdict;
	char **labels; /* labels[tid]; n_threads of them, NULL where no line named it */
	uint32_t n_threads;
	struct shuffle_schedule_decision *decisions;
	size_t n_decisions;
};

/* Write s in the format above; comment (may be NULL) is appended after "end",
 * each of its lines prefixed with "# ". Returns 0, or -1 with errno set. */
int shuffle_schedule_write(FILE *f, const struct shuffle_schedule *s, const char *comment);

/* Parse a file. Returns 0, or -1 with a one-line reason in err ("line 7:
 * decision names thread 9, which no thread line declares"). */
int shuffle_schedule_read(const char *path, struct shuffle_schedule *s, char *err, size_t errlen);

/* The same from an open stream; name stands for it in messages. What
 * shuffle_schedule_read does once the file is open, and what the fuzzing
 * harness (fuzz/) feeds from memory. */
int shuffle_schedule_parse(FILE *f, const char *name, struct shuffle_schedule *s, char *err,
			   size_t errlen);

void shuffle_schedule_free(struct shuffle_schedule *s);

#endif
