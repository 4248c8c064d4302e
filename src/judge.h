/* judge.h - how a finished run ended, and why, in words: its verdict from
 * the wait status and the trace, the deadlock / divergence / timeout report,
 * and what escaped the runtime's control. */
#ifndef SHUFFLE_JUDGE_H
#define SHUFFLE_JUDGE_H

#include "run.h"
#include "trace.h"
#include "verdict.h"

#include <stddef.h>
#include <stdint.h>

struct shuffle_judge_context {
	size_t n_prefix; /* decisions the plan prescribed */
	int replay;	 /* --replay: ending early is a divergence whatever the verdict */
	int strict;	 /* --strict: an escape fails the run */
	double timeout_s;
	uint64_t max_steps; /* --max-steps, for a livelock's report */
};

struct shuffle_judgement {
	enum shuffle_verdict verdict;
	char *detail;  /* malloc'd report, or NULL */
	char *escapes; /* malloc'd list of what escaped control, or NULL */
	int diverged;  /* the run did not follow its plan: strategies must not trust it */
};

/* started: the runtime took control (the trace view is valid). */
void shuffle_judge(const struct shuffle_run_result *r, const struct shuffle_trace_view *t,
		   int started, const struct shuffle_judge_context *ctx,
		   struct shuffle_judgement *j);
void shuffle_judgement_free(struct shuffle_judgement *j);

#endif
