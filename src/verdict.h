/* verdict.h - how a run ended: the one enum every part of the driver uses. */
#ifndef SHUFFLE_VERDICT_H
#define SHUFFLE_VERDICT_H

enum shuffle_verdict {
	SHUFFLE_PASS = 0,
	SHUFFLE_FAIL,	      /* non-zero exit status */
	SHUFFLE_CRASH,	      /* killed by a signal */
	SHUFFLE_DEADLOCK,     /* no thread could proceed */
	SHUFFLE_TIMEOUT,      /* killed after --timeout */
	SHUFFLE_LIVELOCK,     /* more than --max-steps steps */
	SHUFFLE_DIVERGENCE,   /* did not follow its schedule: nondeterminism */
	SHUFFLE_ERROR,	      /* the runtime could not follow the run (a table was full) */
	SHUFFLE_UNCONTROLLED, /* --strict: something escaped the runtime's control */
	SHUFFLE_VERDICT_COUNT
};

const char *shuffle_verdict_name(enum shuffle_verdict v);

#endif
