/* check_trace.c - reading the trace memory the target shares: a header the
 * target scribbled on must not move the driver's reads outside the mapping
 * (found by fuzz/fuzz_trace.c). */
#include "suites.h"

#include "trace.h"

/* A trace as a run that took control leaves it: one thread, no events. */
static void started(struct shuffle_trace_mem *m)
{
	ck_assert_int_eq(shuffle_trace_create(m, 16), 0);
	shuffle_trace_reset(m);
	m->h->magic = SHUFFLE_TRACE_MAGIC;
	m->h->n_threads = 1;
}

START_TEST(a_started_trace_is_read)
{
	struct shuffle_trace_mem m;
	started(&m);
	struct shuffle_trace_view v;
	ck_assert_int_eq(shuffle_trace_view_init(&v, &m, SHUFFLE_POINTS_ALL), 0);
	shuffle_trace_view_free(&v);
	shuffle_trace_destroy(&m);
}
END_TEST

START_TEST(scribbled_capacities_are_refused)
{
	struct shuffle_trace_mem m;
	started(&m);
	struct shuffle_trace_view v;
	/* Counts within the claimed capacities, beyond the mapped ones. */
	m.h->pool_cap *= 1000;
	m.h->pool_used = m.h->pool_cap;
	ck_assert_int_eq(shuffle_trace_view_init(&v, &m, SHUFFLE_POINTS_ALL), -1);
	shuffle_trace_reset(&m);
	m.h->magic = SHUFFLE_TRACE_MAGIC;
	m.h->n_threads = 1;
	m.h->max_events *= 1000;
	m.h->n_events = m.h->max_events;
	ck_assert_int_eq(shuffle_trace_view_init(&v, &m, SHUFFLE_POINTS_ALL), -1);
	shuffle_trace_destroy(&m);
}
END_TEST

START_TEST(reset_restores_the_capacities)
{
	struct shuffle_trace_mem m;
	started(&m);
	uint64_t max_events = m.h->max_events, pool_cap = m.h->pool_cap;
	m.h->max_events = 1;
	m.h->pool_cap = 1;
	shuffle_trace_reset(&m);
	ck_assert_uint_eq(m.h->max_events, max_events);
	ck_assert_uint_eq(m.h->pool_cap, pool_cap);
	shuffle_trace_destroy(&m);
}
END_TEST

Suite *shuffle_trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("trace");
	tcase_add_test(tc, a_started_trace_is_read);
	tcase_add_test(tc, scribbled_capacities_are_refused);
	tcase_add_test(tc, reset_restores_the_capacities);
	suite_add_tcase(s, tc);
	return s;
}
