/* trace_text.h - a finished run's trace in words: where code is, what each
 * thread waits on, what escaped control, and the timeline. Objects are named
 * m1, s1... by first appearance in the run, so every text about one run
 * agrees on the names. */
#ifndef SHUFFLE_TRACE_TEXT_H
#define SHUFFLE_TRACE_TEXT_H

#include "trace.h"

#include <stddef.h>
#include <stdint.h>

/* A code address the runtime recorded (module index, offset of a return
 * address) as "func (file.c:12)" into out; returns 0, with "an unknown
 * place" in out, when the module is unknown. */
int shuffle_trace_where(const struct shuffle_trace_view *v, uint32_t module_index, uint64_t offset,
			char *out, size_t size);

/* Human text, malloc'd, NULL when there is nothing to say:
 * the deadlock report (every blocked thread, what it waits on, who holds it),
 * the divergence report, and what escaped control. */
char *shuffle_trace_detail(const struct shuffle_trace_view *v);
/* Whatever escaped control, as "a, b", malloc'd; NULL when nothing did. */
char *shuffle_trace_escapes(const struct shuffle_trace_view *v);
/* One row per step, one column per thread; malloc'd. */
char *shuffle_trace_timeline(const struct shuffle_trace_view *v);

#endif
