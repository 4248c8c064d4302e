/* fuzz_trace.c - libFuzzer harness for the driver's reading of the trace
 * memory (src/trace.c), which the target shares and may have scribbled on.
 *
 * The trace is a heap buffer of the exact size the driver maps (small
 * capacities), so AddressSanitizer sees any read or write outside it. The
 * input fills, in this order:
 *   - the header's fields up to `modules` (counts, capacities, state,
 *     divergence); magic and version are then set right, or the reader
 *     stops at once;
 *   - the records of the first THREADS threads;
 *   - one byte: how many events follow; those events;
 *   - the rest: the enabled pool.
 * Module 0 is a path that does not exist. Every reader entry point then runs
 * over what view_init accepted: labels, sequence steps, the deadlock or
 * divergence report, the escapes, the timeline.
 */
#include "trace.h"
#include "trace_text.h"

#include "symbolize.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS 64u
#define POOL_CAP   256u
#define THREADS	   8u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The real one runs addr2line per address: not what is under test here. */
void shuffle_symbolize(const char *module, uint64_t offset, char *out, size_t size)
{
	snprintf(out, size, "%s+0x%llx", module, (unsigned long long)offset);
}

/* Copies up to len bytes of the input into to; returns how many. */
static size_t take(const uint8_t **data, size_t *size, void *to, size_t len)
{
	size_t n = len < *size ? len : *size;
	memcpy(to, *data, n);
	*data += n;
	*size -= n;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct shuffle_trace_mem m;
	if (!m.h) {
		m.bytes = shuffle_trace_bytes(MAX_EVENTS, POOL_CAP);
		m.h = malloc(m.bytes);
		if (!m.h)
			abort();
		m.fd = -1;
		m.max_events = MAX_EVENTS;
		m.pool_cap = POOL_CAP;
	}
	struct shuffle_trace_header *h = m.h;
	memset(h, 0, m.bytes);
	h->max_events = MAX_EVENTS;
	h->pool_cap = POOL_CAP;

	take(&data, &size, h, offsetof(struct shuffle_trace_header, modules));
	h->magic = SHUFFLE_TRACE_MAGIC;
	h->version = SHUFFLE_PROTO_VERSION;
	snprintf(h->modules[0], sizeof h->modules[0], "/nonexistent/shuffle-fuzz-module");
	take(&data, &size, h->threads, THREADS * sizeof h->threads[0]);
	uint8_t n_events = 0;
	take(&data, &size, &n_events, 1);
	struct shuffle_event *events = (struct shuffle_event *)(h + 1);
	take(&data, &size, events, (n_events % (MAX_EVENTS + 1)) * sizeof *events);
	take(&data, &size, (uint32_t *)(events + MAX_EVENTS), POOL_CAP * sizeof(uint32_t));

	struct shuffle_trace_view v;
	uint32_t points = h->reserved2; /* any mask, from the input */
	if (shuffle_trace_view_init(&v, &m, points) != 0)
		return 0;
	v.program = "/nonexistent/shuffle-fuzz-program";
	char buf[256];
	for (uint32_t t = 0; t <= v.n_threads; t++)
		snprintf(buf, sizeof buf, "%s", shuffle_trace_label(&v, t));
	for (size_t i = 0; i < v.n_sequence; i++)
		shuffle_trace_step(&v, i, buf, sizeof buf);
	for (uint32_t i = 0; i <= SHUFFLE_MAX_MODULES; i++)
		shuffle_trace_where(&v, i, i, buf, sizeof buf);
	free(shuffle_trace_detail(&v));
	free(shuffle_trace_escapes(&v));
	free(shuffle_trace_timeline(&v));
	shuffle_trace_view_free(&v);
	return 0;
}
