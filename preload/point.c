/* point.c - the runtime side of shuffle.h's shuffle_point(). */
#include "export.h"
#include "scheduler.h"

#include "shuffle.h"

SHUFFLE_EXPORT void shuffle_runtime_point(const char *label)
{
	struct shuffle_thread *me = shuffle_controlled();
	if (me)
		shuffle_sched_point(me, SHUFFLE_OP_POINT, 0, label);
}
