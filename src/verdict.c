/* verdict.c - verdict names, as printed and as written in schedule files. */
#include "verdict.h"

const char *shuffle_verdict_name(enum shuffle_verdict v)
{
	static const char *const names[SHUFFLE_VERDICT_COUNT] = {
		"pass",	    "fail",	  "crash", "deadlock",	   "timeout",
		"livelock", "divergence", "error", "uncontrolled",
	};
	return v < SHUFFLE_VERDICT_COUNT ? names[v] : "?";
}
