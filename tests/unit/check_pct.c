/* check_pct.c - PCT against the simulated target: what makes it PCT rather
 * than random choices. Without change points a run is pure priority
 * scheduling (a thread, once chosen, runs while it can); with depth d a run
 * switches away from a thread that could go on at most d-1 times, and does
 * so in some runs; the first run measures k for the later ones. */
#include "suites.h"

#include "sim.h"
#include "strategy.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Switches away from a thread that still had operations left. */
static unsigned preemptions(const struct shuffle_sim *sim, const struct shuffle_sim_run *run)
{
	uint32_t left[SHUFFLE_SIM_MAX_THREADS];
	memcpy(left, sim->n_ops, sizeof left);
	unsigned n = 0;
	for (size_t i = 0; i < run->n_steps; i++) {
		if (i > 0 && run->steps[i] != run->steps[i - 1] && left[run->steps[i - 1]] > 0)
			n++;
		left[run->steps[i]]--;
	}
	return n;
}

/* Play `runs` runs of pct with `depth`; most[] gets the number of runs with
 * each count of preemptions (the last slot: that many or more). */
#define MOST 8
static void play(const struct shuffle_sim *sim, uint32_t depth, uint64_t seed, unsigned runs,
		 unsigned most[MOST], char **first)
{
	struct shuffle_strategy st;
	struct shuffle_strategy_config cfg = { .seed = seed, .max_iterations = runs, .depth = depth };
	ck_assert_int_eq(shuffle_strategy_create(&shuffle_strategy_pct, &cfg, &st), 0);
	memset(most, 0, MOST * sizeof *most);
	struct shuffle_plan plan;
	unsigned done = 0;
	while (done < runs + 1 && st.ops->next_run(st.state, &plan)) {
		struct shuffle_sim_run run;
		shuffle_sim_run(sim, st.def, &plan, &run);
		ck_assert(!run.diverged);
		unsigned p = preemptions(sim, &run);
		most[p < MOST ? p : MOST - 1]++;
		if (done == 0 && first)
			*first = shuffle_sim_sequence(&run);
		st.ops->end_run(st.state, &run.view);
		shuffle_sim_run_free(&run);
		done++;
	}
	ck_assert_uint_eq(done, runs);
	ck_assert(!st.ops->complete(st.state));
	shuffle_strategy_destroy(&st);
}

static const struct shuffle_sim two_by_ten = { 2, { 10, 10 } };

START_TEST(pct_depth_one_never_preempts)
{
	unsigned most[MOST];
	play(&two_by_ten, 1, 5, 200, most, NULL);
	ck_assert_uint_eq(most[0], 200);
}
END_TEST

START_TEST(pct_first_run_measures_without_changes)
{
	/* The first run has no estimate of k yet: no change point. */
	unsigned most[MOST];
	char *first = NULL;
	play(&two_by_ten, 3, 9, 1, most, &first);
	ck_assert_uint_eq(most[0], 1);
	ck_assert(strcmp(first, "aaaaaaaaaabbbbbbbbbb") == 0 ||
		  strcmp(first, "bbbbbbbbbbaaaaaaaaaa") == 0);
	free(first);
}
END_TEST

START_TEST(pct_depth_bounds_preemptions)
{
	const struct shuffle_sim three = { 3, { 6, 6, 6 } };
	for (uint32_t depth = 2; depth <= 4; depth++) {
		unsigned most[MOST];
		play(&three, depth, 100 + depth, 300, most, NULL);
		/* Never more than d-1; and the change points do act. */
		for (unsigned p = depth; p < MOST; p++)
			ck_assert_uint_eq(most[p], 0);
		ck_assert_uint_gt(most[depth - 1], 0);
	}
}
END_TEST

START_TEST(pct_same_seed_same_runs)
{
	unsigned a[MOST], b[MOST];
	char *fa = NULL, *fb = NULL;
	const struct shuffle_sim three = { 3, { 4, 5, 6 } };
	play(&three, 3, 42, 50, a, &fa);
	play(&three, 3, 42, 50, b, &fb);
	ck_assert_mem_eq(a, b, sizeof a);
	ck_assert_str_eq(fa, fb);
	free(fa);
	free(fb);
}
END_TEST

START_TEST(pct_bad_config_is_einval)
{
	struct shuffle_strategy st;
	struct shuffle_strategy_config no_budget = { .depth = 3 };
	struct shuffle_strategy_config no_depth = { .max_iterations = 5 };
	errno = 0;
	ck_assert_int_eq(shuffle_strategy_create(&shuffle_strategy_pct, &no_budget, &st), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(shuffle_strategy_create(&shuffle_strategy_pct, &no_depth, &st), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

Suite *shuffle_pct_suite(void)
{
	Suite *s = suite_create("pct");
	TCase *tc = tcase_create("pct");
	tcase_add_test(tc, pct_depth_one_never_preempts);
	tcase_add_test(tc, pct_first_run_measures_without_changes);
	tcase_add_test(tc, pct_depth_bounds_preemptions);
	tcase_add_test(tc, pct_same_seed_same_runs);
	tcase_add_test(tc, pct_bad_config_is_einval);
	suite_add_tcase(s, tc);
	return s;
}
