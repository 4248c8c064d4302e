/* check_decide.c - shuffle_decide(): the prefix, its checks, and each policy. */
#include "suites.h"

#include "decide.h"
#include "strategy.h"

#include <string.h>

#define EXHAUSTIVE shuffle_strategy_index(&shuffle_strategy_exhaustive)
#define RANDOM	   shuffle_strategy_index(&shuffle_strategy_random)
#define REPLAY	   shuffle_strategy_index(&shuffle_strategy_replay)

static const uint32_t enabled3[] = { 1, 4, 7 };
static const uint32_t ops3[] = { SHUFFLE_OP_POINT, SHUFFLE_OP_MUTEX_LOCK, SHUFFLE_OP_SEM_POST };

/* A step that matches enabled3 with thread tid, checking everything. */
static struct shuffle_plan_step step_for(uint32_t tid, uint32_t op)
{
	return (struct shuffle_plan_step){ .tid = tid,
					   .n_enabled = 3,
					   .enabled_hash = shuffle_enabled_hash(enabled3, 3),
					   .op = op };
}

START_TEST(prefix_is_followed)
{
	const struct shuffle_plan_step prefix[] = {
		step_for(7, SHUFFLE_OP_SEM_POST),
		step_for(1, SHUFFLE_OP_POINT),
		step_for(4, SHUFFLE_OP_MUTEX_LOCK),
	};
	struct shuffle_decider d;
	struct shuffle_divergence div;
	shuffle_decider_init(&d, EXHAUSTIVE, 0, 0, prefix, 3);
	ck_assert_int_eq(shuffle_decide(&d, enabled3, ops3, NULL, 3, 0, &div), 2);
	ck_assert_int_eq(shuffle_decide(&d, enabled3, ops3, NULL, 3, 0, &div), 0);
	ck_assert_int_eq(shuffle_decide(&d, enabled3, ops3, NULL, 3, 0, &div), 1);
	ck_assert_uint_eq(d.taken, 3);
}
END_TEST

START_TEST(unchecked_fields_are_not_checked)
{
	/* n_enabled 0 and op NONE: only the thread has to be there. */
	const struct shuffle_plan_step prefix[] = { { .tid = 4 } };
	const uint32_t other[] = { 2, 4 };
	const uint32_t other_ops[] = { SHUFFLE_OP_READ, SHUFFLE_OP_WRITE };
	struct shuffle_decider d;
	struct shuffle_divergence div;
	shuffle_decider_init(&d, EXHAUSTIVE, 0, 0, prefix, 1);
	ck_assert_int_eq(shuffle_decide(&d, other, other_ops, NULL, 2, 0, &div), 1);
}
END_TEST

/* Decide once against enabled3 with a one-step prefix; -1 expected. */
static void expect_divergence(struct shuffle_plan_step want, const uint32_t *enabled, uint32_t n,
			      uint32_t actual_op)
{
	const uint32_t ops[] = { SHUFFLE_OP_POINT, SHUFFLE_OP_MUTEX_LOCK, SHUFFLE_OP_SEM_POST,
				 SHUFFLE_OP_POINT };
	const struct shuffle_plan_step prefix[] = { step_for(1, SHUFFLE_OP_POINT), want };
	struct shuffle_decider d;
	struct shuffle_divergence div;
	shuffle_decider_init(&d, EXHAUSTIVE, 0, 0, prefix, 2);
	ck_assert_int_eq(shuffle_decide(&d, enabled3, ops3, NULL, 3, 0, &div), 0);
	ck_assert_int_eq(shuffle_decide(&d, enabled, ops, NULL, n, 0, &div), -1);
	ck_assert_uint_eq(div.decision, 1);
	ck_assert_uint_eq(div.expected_tid, want.tid);
	ck_assert_uint_eq(div.expected_op, want.op);
	ck_assert_uint_eq(div.expected_n, want.n_enabled);
	ck_assert_uint_eq(div.actual_n, n);
	ck_assert_uint_eq(div.actual_op, actual_op);
	ck_assert_uint_eq(div.past_end, 0);
	ck_assert_uint_eq(d.taken, 1);
}

START_TEST(diverges_when_thread_not_enabled)
{
	expect_divergence(step_for(5, SHUFFLE_OP_NONE), enabled3, 3, SHUFFLE_OP_NONE);
}
END_TEST

START_TEST(diverges_when_count_differs)
{
	const uint32_t more[] = { 1, 4, 7, 9 };
	expect_divergence(step_for(4, SHUFFLE_OP_MUTEX_LOCK), more, 4, SHUFFLE_OP_MUTEX_LOCK);
}
END_TEST

START_TEST(diverges_when_hash_differs)
{
	const uint32_t same_count[] = { 1, 4, 8 };
	expect_divergence(step_for(4, SHUFFLE_OP_MUTEX_LOCK), same_count, 3, SHUFFLE_OP_MUTEX_LOCK);
}
END_TEST

START_TEST(diverges_when_op_differs)
{
	expect_divergence(step_for(4, SHUFFLE_OP_MUTEX_UNLOCK), enabled3, 3, SHUFFLE_OP_MUTEX_LOCK);
}
END_TEST

START_TEST(strict_tail_past_end)
{
	const struct shuffle_plan_step prefix[] = { step_for(4, SHUFFLE_OP_MUTEX_LOCK) };
	struct shuffle_decider d;
	struct shuffle_divergence div;
	shuffle_decider_init(&d, REPLAY, 0, 0, prefix, 1);
	ck_assert_int_eq(shuffle_decide(&d, enabled3, ops3, NULL, 3, 0, &div), 1);
	ck_assert_int_eq(shuffle_decide(&d, enabled3, ops3, NULL, 3, 0, &div), -1);
	ck_assert_uint_eq(div.past_end, 1);
	ck_assert_uint_eq(div.decision, 1);
	ck_assert_uint_eq(div.expected_tid, SHUFFLE_NO_THREAD);
	ck_assert_uint_eq(div.actual_n, 3);
}
END_TEST

START_TEST(first_tail_takes_lowest)
{
	const struct shuffle_plan_step prefix[] = { step_for(7, SHUFFLE_OP_SEM_POST) };
	struct shuffle_decider d;
	struct shuffle_divergence div;
	shuffle_decider_init(&d, EXHAUSTIVE, 99, 0, prefix, 1);
	ck_assert_int_eq(shuffle_decide(&d, enabled3, ops3, NULL, 3, 0, &div), 2);
	for (int i = 0; i < 10; i++)
		ck_assert_int_eq(shuffle_decide(&d, enabled3, ops3, NULL, 3, 0, &div), 0);
	ck_assert_uint_eq(d.taken, 11);
}
END_TEST

#define DRAWS 300

static void draw(uint64_t seed, int *out)
{
	struct shuffle_decider d;
	struct shuffle_divergence div;
	shuffle_decider_init(&d, RANDOM, seed, 0, NULL, 0);
	for (int i = 0; i < DRAWS; i++)
		out[i] = shuffle_decide(&d, enabled3, ops3, NULL, 3, 0, &div);
}

START_TEST(random_tail_in_range_and_deterministic)
{
	int a[DRAWS], b[DRAWS], c[DRAWS], seen[3] = { 0 };
	draw(1234, a);
	draw(1234, b);
	draw(1235, c);
	for (int i = 0; i < DRAWS; i++) {
		ck_assert_int_ge(a[i], 0);
		ck_assert_int_lt(a[i], 3);
		seen[a[i]]++;
	}
	ck_assert_mem_eq(a, b, sizeof a);
	ck_assert_int_ne(memcmp(a, c, sizeof a), 0);
	/* Each index drawn, none overwhelmingly: a stuck generator fails this. */
	for (int i = 0; i < 3; i++)
		ck_assert_int_gt(seen[i], DRAWS / 6);
}
END_TEST

Suite *shuffle_decide_suite(void)
{
	Suite *s = suite_create("decide");
	TCase *tc = tcase_create("decide");
	tcase_add_test(tc, prefix_is_followed);
	tcase_add_test(tc, unchecked_fields_are_not_checked);
	tcase_add_test(tc, diverges_when_thread_not_enabled);
	tcase_add_test(tc, diverges_when_count_differs);
	tcase_add_test(tc, diverges_when_hash_differs);
	tcase_add_test(tc, diverges_when_op_differs);
	tcase_add_test(tc, strict_tail_past_end);
	tcase_add_test(tc, first_tail_takes_lowest);
	tcase_add_test(tc, random_tail_in_range_and_deterministic);
	suite_add_tcase(s, tc);
	return s;
}
