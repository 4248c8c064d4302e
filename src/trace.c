/* trace.c - see trace.h. */
#include "trace.h"

#include "ops.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Events beyond the steps: each thread's create, start, join and exit, and
 * the process exit. */
#define EVENT_SLACK	  (4u * SHUFFLE_MAX_THREADS + 16u)

int shuffle_trace_create(struct shuffle_trace_mem *m, uint64_t max_steps)
{
	uint64_t max_events = max_steps + EVENT_SLACK, pool_cap = 4 * max_steps + 64;
	m->bytes = shuffle_trace_bytes(max_events, pool_cap);
	m->fd = memfd_create("shuffle-trace", MFD_CLOEXEC);
	if (m->fd < 0)
		return -1;
	if (ftruncate(m->fd, (off_t)m->bytes) != 0) {
		close(m->fd);
		return -1;
	}
	m->h = mmap(NULL, m->bytes, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd, 0);
	if (m->h == MAP_FAILED) {
		close(m->fd);
		return -1;
	}
	m->max_events = m->h->max_events = max_events;
	m->pool_cap = m->h->pool_cap = pool_cap;
	return 0;
}

void shuffle_trace_reset(struct shuffle_trace_mem *m)
{
	struct shuffle_trace_header *h = m->h;
	memset(h, 0, sizeof *h);
	h->version = SHUFFLE_PROTO_VERSION;
	h->max_events = m->max_events;
	h->pool_cap = m->pool_cap;
}

void shuffle_trace_destroy(struct shuffle_trace_mem *m)
{
	munmap(m->h, m->bytes);
	close(m->fd);
}

/* A step is listed when it was a decision, or a forced step of a kind
 * --points makes decisions (lifecycle steps left out): under --points sql,
 * a Python program's thousands of lock and read steps are not, its
 * statements are. */
static int in_sequence(const struct shuffle_event *e, uint32_t points)
{
	return (e->flags & SHUFFLE_EVENT_DECISION) ||
	       ((e->flags & SHUFFLE_EVENT_FORCED) && !shuffle_op_is_lifecycle(e->op) &&
		e->op < SHUFFLE_OP_COUNT && (points & (1u << shuffle_op_info(e->op)->kind)));
}

/* Against the driver's capacities (m), on counts read once into v: the
 * header says whatever the target last wrote. */
static int check(const struct shuffle_trace_view *v, const struct shuffle_trace_mem *m)
{
	const struct shuffle_trace_header *h = v->h;
	if (h->max_events != m->max_events || h->pool_cap != m->pool_cap ||
	    v->n_events > m->max_events || v->pool_used > m->pool_cap || v->n_threads == 0 ||
	    v->n_threads > SHUFFLE_MAX_THREADS)
		return -1;
	for (size_t i = 0; i < v->n_events; i++) {
		const struct shuffle_event *e = &v->events[i];
		if (e->tid >= v->n_threads)
			return -1;
		if ((e->flags & SHUFFLE_EVENT_DECISION) &&
		    ((uint64_t)e->enabled_off + e->n_enabled > v->pool_used || e->n_enabled < 2))
			return -1;
	}
	return 0;
}

int shuffle_trace_view_init(struct shuffle_trace_view *v, const struct shuffle_trace_mem *m,
			    uint32_t points)
{
	struct shuffle_trace_header *h = m->h;
	memset(v, 0, sizeof *v);
	v->h = h;
	if (h->magic != SHUFFLE_TRACE_MAGIC || h->version != SHUFFLE_PROTO_VERSION)
		return -1;
	v->events = shuffle_trace_events(h);
	v->n_events = h->n_events;
	v->pool = (const uint32_t *)(v->events + m->max_events);
	v->pool_used = h->pool_used;
	v->n_threads = h->n_threads;
	if (check(v, m) != 0)
		return -1;
	for (uint32_t t = 0; t < v->n_threads; t++)
		h->threads[t].name[SHUFFLE_NAME_LEN - 1] = '\0';
	for (size_t i = 0; i < v->n_events; i++)
		((struct shuffle_event *)v->events)[i].note[SHUFFLE_NOTE_LEN - 1] = '\0';

	size_t nd = 0, ns = 0;
	for (size_t i = 0; i < v->n_events; i++) {
		nd += (v->events[i].flags & SHUFFLE_EVENT_DECISION) != 0;
		ns += in_sequence(&v->events[i], points);
	}
	v->decisions = calloc(nd ? nd : 1, sizeof *v->decisions);
	v->sequence = calloc(ns ? ns : 1, sizeof *v->sequence);
	v->sequence_notes = calloc(ns ? ns : 1, sizeof *v->sequence_notes);
	if (!v->decisions || !v->sequence || !v->sequence_notes) {
		shuffle_trace_view_free(v);
		return -1;
	}
	/* As the runtime's last_step: main before any step, then the thread
	 * of each step. */
	uint32_t current = 0;
	for (size_t i = 0; i < v->n_events; i++) {
		const struct shuffle_event *e = &v->events[i];
		if (in_sequence(e, points)) {
			int sql = e->op == SHUFFLE_OP_SQL && e->note[0];
			v->sequence_notes[v->n_sequence] = sql ? e->note : NULL;
			v->sequence[v->n_sequence++] = e->tid;
		}
		int step = (e->flags & (SHUFFLE_EVENT_DECISION | SHUFFLE_EVENT_FORCED)) != 0;
		v->n_steps += step;
		uint32_t before = current;
		if (step)
			current = e->tid;
		if (!(e->flags & SHUFFLE_EVENT_DECISION))
			continue;
		v->decisions[v->n_decisions++] = (struct shuffle_decision_view){
			.tid = e->tid,
			.op = e->op,
			.obj = e->obj,
			.n_enabled = e->n_enabled,
			.enabled = v->pool + e->enabled_off,
			.current = before,
		};
	}
	return 0;
}

void shuffle_trace_view_free(struct shuffle_trace_view *v)
{
	free(v->decisions);
	free(v->sequence);
	free(v->sequence_notes);
	memset(v, 0, sizeof *v);
}

const char *shuffle_trace_label(const struct shuffle_trace_view *v, uint32_t tid)
{
	return tid < v->n_threads ? v->h->threads[tid].name : "?";
}

const char *shuffle_trace_step(const struct shuffle_trace_view *v, size_t i, char *buf, size_t size)
{
	const char *label = shuffle_trace_label(v, v->sequence[i]);
	if (v->sequence_notes[i])
		snprintf(buf, size, "%s: %.*s", label, (int)SHUFFLE_NOTE_LEN, v->sequence_notes[i]);
	else
		snprintf(buf, size, "%s", label);
	return buf;
}
