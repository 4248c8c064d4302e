/* check_strategy.c - the strategies, driven against the simulated target.
 *
 * Exhaustive search must visit each interleaving of the simulated program
 * exactly once (the multinomial count, in lexicographic order since children
 * are taken in ascending order), random search must keep to its budget and
 * its seeds, replay must redo a recorded run.
 */
#include "suites.h"

#include "schedule.h"
#include "sim.h"
#include "strategy.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Far more runs than any test needs: a strategy that never stops fails. */
#define RUN_LIMIT 100000

struct outcome {
	char **seqs; /* step sequence of each run */
	uint64_t *seeds;
	size_t n, cap;
	bool any_diverged;
};

static void outcome_add(struct outcome *o, const struct shuffle_sim_run *run, uint64_t seed)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 16;
		o->seqs = reallocarray(o->seqs, o->cap, sizeof *o->seqs);
		o->seeds = reallocarray(o->seeds, o->cap, sizeof *o->seeds);
		ck_assert_ptr_nonnull(o->seqs);
		ck_assert_ptr_nonnull(o->seeds);
	}
	o->seqs[o->n] = shuffle_sim_sequence(run);
	o->seeds[o->n] = seed;
	o->n++;
	o->any_diverged |= run->diverged;
}

static void outcome_free(struct outcome *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->seqs[i]);
	free(o->seqs);
	free(o->seeds);
	memset(o, 0, sizeof *o);
}

/* One run of the strategy on sim; false when the strategy has none left. */
static bool step(struct shuffle_strategy *st, const struct shuffle_sim *sim, struct outcome *o)
{
	struct shuffle_plan plan;
	struct shuffle_sim_run run;
	if (!st->ops->next_run(st->state, &plan))
		return false;
	ck_assert_uint_lt(o->n, RUN_LIMIT);
	shuffle_sim_run(sim, st->def, &plan, &run);
	st->ops->end_run(st->state, &run.view);
	outcome_add(o, &run, plan.seed);
	shuffle_sim_run_free(&run);
	return true;
}

static void run_all(struct shuffle_strategy *st, const struct shuffle_sim *sim, struct outcome *o)
{
	while (step(st, sim, o))
		;
	/* Once done, it stays done. */
	struct shuffle_plan plan;
	ck_assert(!st->ops->next_run(st->state, &plan));
}

static void create(const char *name, uint64_t seed, uint64_t max, struct shuffle_strategy *st)
{
	struct shuffle_strategy_config cfg = { .seed = seed, .max_iterations = max };
	ck_assert_int_eq(shuffle_strategy_create(shuffle_strategy_find(name), &cfg, st), 0);
	ck_assert_str_eq(st->def->name, name);
}

static uint64_t multinomial(const struct shuffle_sim *sim)
{
	/* Product of binomials C(n_0 + ... + n_t, n_t), each exact in integers. */
	uint64_t result = 1, total = 0;
	for (uint32_t t = 0; t < sim->n_threads; t++) {
		for (uint32_t k = 1; k <= sim->n_ops[t]; k++)
			result = result * (total + k) / k;
		total += sim->n_ops[t];
	}
	return result;
}

/* ------------------------------------------------------------ exhaustive */

static const struct shuffle_sim shapes[] = {
	{ 1, { 1 } },	 { 2, { 1, 1 } }, { 2, { 1, 2 } },    { 2, { 2, 2 } },
	{ 2, { 3, 2 } }, { 2, { 3, 3 } }, { 3, { 2, 2, 2 } }, { 3, { 1, 2, 3 } },
};

START_TEST(exhaustive_visits_each_interleaving_once)
{
	const struct shuffle_sim *sim = &shapes[_i];
	struct shuffle_strategy st;
	struct outcome o = { 0 };
	create("exhaustive", 0, 0, &st);
	run_all(&st, sim, &o);

	ck_assert_uint_eq(o.n, multinomial(sim));
	ck_assert(!o.any_diverged);
	size_t total = 0;
	for (uint32_t t = 0; t < sim->n_threads; t++)
		total += sim->n_ops[t];
	for (size_t i = 0; i < o.n; i++) {
		ck_assert_uint_eq(strlen(o.seqs[i]), total);
		/* Strictly increasing, hence all distinct. */
		if (i > 0)
			ck_assert_int_lt(strcmp(o.seqs[i - 1], o.seqs[i]), 0);
	}
	ck_assert(st.ops->complete(st.state));
	shuffle_strategy_destroy(&st);
	outcome_free(&o);
}
END_TEST

/* Preemptions in a sequence of the simulated program: a switch away from a
 * thread with operations left (it was enabled), main (thread 0) running
 * first, as in the runtime. */
static unsigned preemptions_in(const struct shuffle_sim *sim, const char *seq)
{
	uint32_t left[SHUFFLE_SIM_MAX_THREADS];
	memcpy(left, sim->n_ops, sizeof left);
	unsigned n = 0, prev = 0;
	for (const char *p = seq; *p; p++) {
		unsigned t = (unsigned)(*p - 'a');
		n += t != prev && left[prev] > 0;
		left[t]--;
		prev = t;
	}
	return n;
}

START_TEST(exhaustive_bounded_visits_exactly_the_bounded)
{
	/* With --max-preemptions b: exactly the interleavings with at most b
	 * preemptions, each once, and complete. */
	const struct shuffle_sim *sim = &shapes[_i];
	struct shuffle_strategy st;
	struct outcome all = { 0 };
	create("exhaustive", 0, 0, &st);
	run_all(&st, sim, &all);
	shuffle_strategy_destroy(&st);
	for (uint32_t b = 0; b <= 3; b++) {
		struct shuffle_strategy_config cfg = { .bounded = true, .max_preemptions = b };
		ck_assert_int_eq(shuffle_strategy_create(&shuffle_strategy_exhaustive, &cfg, &st), 0);
		struct outcome o = { 0 };
		run_all(&st, sim, &o);
		ck_assert(!o.any_diverged);
		ck_assert(st.ops->complete(st.state));
		size_t want = 0;
		for (size_t i = 0; i < all.n; i++)
			want += preemptions_in(sim, all.seqs[i]) <= b;
		ck_assert_uint_eq(o.n, want);
		for (size_t i = 0; i < o.n; i++) {
			ck_assert_uint_le(preemptions_in(sim, o.seqs[i]), b);
			for (size_t j = 0; j < i; j++)
				ck_assert_str_ne(o.seqs[i], o.seqs[j]);
		}
		shuffle_strategy_destroy(&st);
		outcome_free(&o);
	}
	outcome_free(&all);
}
END_TEST

START_TEST(exhaustive_first_run_takes_lowest_threads)
{
	const struct shuffle_sim sim = { 3, { 2, 1, 2 } };
	struct shuffle_strategy st;
	struct outcome o = { 0 };
	create("exhaustive", 0, 1, &st);
	ck_assert(step(&st, &sim, &o));
	ck_assert_str_eq(o.seqs[0], "aabcc");
	shuffle_strategy_destroy(&st);
	outcome_free(&o);
}
END_TEST

START_TEST(exhaustive_cap_stops_early)
{
	const struct shuffle_sim sim = { 2, { 3, 3 } };
	struct shuffle_strategy all, capped;
	struct outcome o_all = { 0 }, o_capped = { 0 };
	create("exhaustive", 0, 0, &all);
	create("exhaustive", 0, 5, &capped);
	run_all(&all, &sim, &o_all);
	run_all(&capped, &sim, &o_capped);

	ck_assert_uint_eq(o_capped.n, 5);
	for (size_t i = 0; i < o_capped.n; i++)
		ck_assert_str_eq(o_capped.seqs[i], o_all.seqs[i]);
	ck_assert(!capped.ops->complete(capped.state));
	shuffle_strategy_destroy(&all);
	shuffle_strategy_destroy(&capped);
	outcome_free(&o_all);
	outcome_free(&o_capped);
}
END_TEST

START_TEST(exhaustive_cap_equal_to_tree_is_complete)
{
	/* The cap did not stop anything: the last run was the last leaf. */
	const struct shuffle_sim sim = { 2, { 3, 3 } };
	struct shuffle_strategy st;
	struct outcome o = { 0 };
	create("exhaustive", 0, 20, &st);
	run_all(&st, &sim, &o);
	ck_assert_uint_eq(o.n, 20);
	ck_assert(st.ops->complete(st.state));
	shuffle_strategy_destroy(&st);
	outcome_free(&o);
}
END_TEST

/* seq == n_a times 'a', then mid, then n_b times 'b'. */
static bool has_shape(const char *seq, size_t n_a, const char *mid, size_t n_b)
{
	size_t mid_len = strlen(mid);
	if (strlen(seq) != n_a + mid_len + n_b || strncmp(seq + n_a, mid, mid_len) != 0)
		return false;
	for (size_t i = 0; i < n_a; i++)
		if (seq[i] != 'a')
			return false;
	for (size_t i = n_a + mid_len; i < n_a + mid_len + n_b; i++)
		if (seq[i] != 'b')
			return false;
	return true;
}

START_TEST(exhaustive_deep_tree)
{
	/* Tens of thousands of decisions per run: no recursion, no quadratic path work. */
	enum { N = 20000, RUNS = 100 };
	const struct shuffle_sim sim = { 2, { N, N } };
	struct shuffle_strategy st;
	struct outcome o = { 0 };
	create("exhaustive", 0, RUNS, &st);
	run_all(&st, &sim, &o);

	ck_assert_uint_eq(o.n, RUNS);
	ck_assert(has_shape(o.seqs[0], N, "", N));
	/* The deepest decision flips first, then the one it created. */
	ck_assert(has_shape(o.seqs[1], N - 1, "ba", N - 1));
	ck_assert(has_shape(o.seqs[2], N - 1, "bba", N - 2));
	for (size_t i = 1; i < o.n; i++)
		ck_assert_int_lt(strcmp(o.seqs[i - 1], o.seqs[i]), 0);
	ck_assert(!st.ops->complete(st.state));
	shuffle_strategy_destroy(&st);
	outcome_free(&o);
}
END_TEST

START_TEST(exhaustive_divergence_is_incomplete)
{
	/* The program grows a thread after its first run: the recorded tree is
	 * not the program's any more. */
	struct shuffle_sim sim = { 2, { 2, 2 } };
	struct shuffle_strategy st;
	struct outcome o = { 0 };
	create("exhaustive", 0, 0, &st);
	ck_assert(step(&st, &sim, &o));
	sim.n_threads = 3;
	sim.n_ops[2] = 1;
	run_all(&st, &sim, &o);
	ck_assert(o.any_diverged);
	ck_assert(!st.ops->complete(st.state));
	shuffle_strategy_destroy(&st);
	outcome_free(&o);
}
END_TEST

START_TEST(exhaustive_short_run_is_incomplete)
{
	/* The program shrinks: runs end before their prefix is used up, which
	 * the runtime cannot call a divergence. */
	struct shuffle_sim sim = { 2, { 2, 2 } };
	struct shuffle_strategy st;
	struct outcome o = { 0 };
	create("exhaustive", 0, 0, &st);
	ck_assert(step(&st, &sim, &o));
	sim.n_ops[0] = 1;
	run_all(&st, &sim, &o);
	ck_assert(!o.any_diverged);
	ck_assert(!st.ops->complete(st.state));
	shuffle_strategy_destroy(&st);
	outcome_free(&o);
}
END_TEST

START_TEST(exhaustive_goes_on_from_diverged_run)
{
	const struct shuffle_sim sim = { 2, { 2, 2 } };
	struct shuffle_strategy st;
	struct shuffle_plan plan;
	struct shuffle_sim_run run;
	struct outcome o = { 0 };
	create("exhaustive", 0, 0, &st);
	ck_assert(step(&st, &sim, &o));

	/* Second run: report it diverged after its first decision (thread 0). */
	ck_assert(st.ops->next_run(st.state, &plan));
	ck_assert_uint_eq(plan.n_prefix, 2);
	shuffle_sim_run(&sim, st.def, &plan, &run);
	ck_assert_uint_eq(run.view.decisions[0].tid, 0);
	run.view.n_decisions = 1;
	run.view.diverged = true;
	st.ops->end_run(st.state, &run.view);
	shuffle_sim_run_free(&run);

	/* The next plan backtracks from that one recorded decision. */
	ck_assert(st.ops->next_run(st.state, &plan));
	ck_assert_uint_eq(plan.n_prefix, 1);
	ck_assert_uint_eq(plan.prefix[0].tid, 1);
	ck_assert_uint_eq(plan.prefix[0].op, SHUFFLE_OP_NONE);
	ck_assert_uint_eq(plan.prefix[0].n_enabled, 2);
	const uint32_t both[] = { 0, 1 };
	ck_assert(plan.prefix[0].enabled_hash == shuffle_enabled_hash(both, 2));
	shuffle_sim_run(&sim, st.def, &plan, &run);
	st.ops->end_run(st.state, &run.view);
	ck_assert(!run.diverged);
	shuffle_sim_run_free(&run);

	run_all(&st, &sim, &o);
	ck_assert(!st.ops->complete(st.state));
	shuffle_strategy_destroy(&st);
	outcome_free(&o);
}
END_TEST

/* ---------------------------------------------------------------- random */

static void random_runs(uint64_t seed, uint64_t max, const struct shuffle_sim *sim,
			struct outcome *o)
{
	struct shuffle_strategy st;
	create("random", seed, max, &st);
	run_all(&st, sim, o);
	ck_assert(!st.ops->complete(st.state));
	shuffle_strategy_destroy(&st);
}

START_TEST(random_honours_budget)
{
	const struct shuffle_sim sim = { 2, { 3, 3 } };
	struct shuffle_strategy st;
	struct shuffle_plan plan;
	create("random", 5, 7, &st);
	for (int k = 0; k < 7; k++) {
		ck_assert(st.ops->next_run(st.state, &plan));
		ck_assert_uint_eq(plan.n_prefix, 0);
		ck_assert(!st.ops->complete(st.state));
		struct shuffle_sim_run run;
		shuffle_sim_run(&sim, st.def, &plan, &run);
		st.ops->end_run(st.state, &run.view);
		shuffle_sim_run_free(&run);
	}
	ck_assert(!st.ops->next_run(st.state, &plan));
	ck_assert(!st.ops->complete(st.state));
	shuffle_strategy_destroy(&st);
}
END_TEST

START_TEST(random_needs_budget)
{
	struct shuffle_strategy st;
	struct shuffle_strategy_config cfg = { .seed = 1, .max_iterations = 0 };
	errno = 0;
	ck_assert_int_eq(shuffle_strategy_create(&shuffle_strategy_random, &cfg, &st), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(st.ops);
}
END_TEST

START_TEST(random_same_seed_same_runs)
{
	const struct shuffle_sim sim = { 2, { 3, 3 } };
	struct outcome a = { 0 }, b = { 0 };
	random_runs(42, 20, &sim, &a);
	random_runs(42, 20, &sim, &b);
	ck_assert_uint_eq(a.n, 20);
	ck_assert_uint_eq(b.n, 20);
	for (size_t i = 0; i < a.n; i++)
		ck_assert_str_eq(a.seqs[i], b.seqs[i]);
	outcome_free(&a);
	outcome_free(&b);
}
END_TEST

START_TEST(random_other_seed_other_runs)
{
	const struct shuffle_sim sim = { 2, { 3, 3 } };
	struct outcome a = { 0 }, b = { 0 };
	random_runs(42, 20, &sim, &a);
	random_runs(4242, 20, &sim, &b);
	bool differ = false;
	for (size_t i = 0; i < a.n; i++)
		differ |= strcmp(a.seqs[i], b.seqs[i]) != 0;
	ck_assert(differ);
	/* Within one list, runs differ too: the seed reaches the tail. */
	size_t changes = 0;
	for (size_t i = 1; i < a.n; i++)
		changes += strcmp(a.seqs[i - 1], a.seqs[i]) != 0;
	ck_assert_uint_gt(changes, 5);
	outcome_free(&a);
	outcome_free(&b);
}
END_TEST

START_TEST(random_run_k_is_seed_plus_k)
{
	const struct shuffle_sim sim = { 3, { 2, 3, 2 } };
	const uint64_t seed = 1000;
	struct outcome all = { 0 };
	random_runs(seed, 10, &sim, &all);
	for (size_t k = 0; k < all.n; k++) {
		struct outcome one = { 0 };
		ck_assert_uint_eq(all.seeds[k], seed + k);
		random_runs(seed + k, 1, &sim, &one);
		ck_assert_uint_eq(one.n, 1);
		ck_assert_str_eq(one.seqs[0], all.seqs[k]);
		outcome_free(&one);
	}
	outcome_free(&all);
}
END_TEST

/* ---------------------------------------------------------------- replay */

/* The schedule of a run: only what the replay strategy reads. */
static void schedule_of(const struct shuffle_sim_run *run, uint64_t seed, size_t n_decisions,
			struct shuffle_schedule *s)
{
	memset(s, 0, sizeof *s);
	s->seed = seed;
	s->decisions = calloc(n_decisions + 1, sizeof *s->decisions);
	ck_assert_ptr_nonnull(s->decisions);
	for (size_t i = 0; i < n_decisions; i++) {
		const struct shuffle_decision_view *v = &run->decisions[i];
		struct shuffle_schedule_decision *d = &s->decisions[i];
		d->tid = v->tid;
		d->op = v->op;
		d->n_enabled = v->n_enabled;
		d->enabled = calloc(v->n_enabled, sizeof *d->enabled);
		ck_assert_ptr_nonnull(d->enabled);
		memcpy(d->enabled, v->enabled, v->n_enabled * sizeof *d->enabled);
		s->n_decisions = i + 1;
	}
}

/* Record one random run of sim, then replay all its decisions but the last `drop`. */
static void record_and_replay(const struct shuffle_sim *sim, size_t drop,
			      struct shuffle_sim_run *recorded, struct shuffle_sim_run *replayed,
			      struct shuffle_strategy *st)
{
	const struct shuffle_plan random_plan = { .seed = 77 };
	struct shuffle_schedule s;
	struct shuffle_plan plan;
	shuffle_sim_run(sim, &shuffle_strategy_random, &random_plan, recorded);
	ck_assert_uint_gt(recorded->n_decisions, drop);
	schedule_of(recorded, 77, recorded->n_decisions - drop, &s);

	struct shuffle_strategy_config cfg = { .replay = &s };
	ck_assert_int_eq(shuffle_strategy_create(&shuffle_strategy_replay, &cfg, st), 0);
	/* The strategy keeps its own copy: the schedule may go now. */
	shuffle_schedule_free(&s);
	ck_assert(st->ops->next_run(st->state, &plan));
	ck_assert_uint_eq(plan.seed, 77);
	ck_assert_uint_eq(plan.n_prefix, recorded->n_decisions - drop);
	ck_assert(!st->ops->complete(st->state));
	shuffle_sim_run(sim, st->def, &plan, replayed);
	st->ops->end_run(st->state, &replayed->view);
	ck_assert(!st->ops->next_run(st->state, &plan));
}

START_TEST(replay_reproduces_run)
{
	const struct shuffle_sim sim = { 3, { 3, 2, 2 } };
	struct shuffle_sim_run recorded, replayed;
	struct shuffle_strategy st;
	record_and_replay(&sim, 0, &recorded, &replayed, &st);
	ck_assert(!replayed.diverged);
	ck_assert_uint_eq(replayed.n_steps, recorded.n_steps);
	ck_assert_mem_eq(replayed.steps, recorded.steps, recorded.n_steps * sizeof *recorded.steps);
	ck_assert(st.ops->complete(st.state));
	shuffle_strategy_destroy(&st);
	shuffle_sim_run_free(&recorded);
	shuffle_sim_run_free(&replayed);
}
END_TEST

START_TEST(replay_short_schedule_diverges)
{
	/* A decision the schedule lacks is a divergence, not a free choice. */
	const struct shuffle_sim sim = { 3, { 3, 2, 2 } };
	struct shuffle_sim_run recorded, replayed;
	struct shuffle_strategy st;
	record_and_replay(&sim, 1, &recorded, &replayed, &st);
	ck_assert(replayed.diverged);
	ck_assert_uint_eq(replayed.divergence.past_end, 1);
	ck_assert_uint_eq(replayed.divergence.decision, recorded.n_decisions - 1);
	shuffle_strategy_destroy(&st);
	shuffle_sim_run_free(&recorded);
	shuffle_sim_run_free(&replayed);
}
END_TEST

START_TEST(replay_needs_schedule)
{
	struct shuffle_strategy st;
	struct shuffle_strategy_config cfg = { 0 };
	errno = 0;
	ck_assert_int_eq(shuffle_strategy_create(&shuffle_strategy_replay, &cfg, &st), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

/* ------------------------------------------------------------------ names */

START_TEST(unknown_name_is_einval)
{
	struct shuffle_strategy st;
	struct shuffle_strategy_config cfg = { .max_iterations = 1 };
	errno = 0;
	ck_assert_int_eq(shuffle_strategy_create(shuffle_strategy_find("bogus"), &cfg, &st), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(st.ops);
	/* Destroying a strategy that was never made is harmless. */
	shuffle_strategy_destroy(&st);
	ck_assert_str_eq(shuffle_strategy_names(), "exhaustive|random|pct");
}
END_TEST

Suite *shuffle_strategy_suite(void)
{
	Suite *s = suite_create("strategy");
	TCase *ex = tcase_create("exhaustive");
	tcase_add_loop_test(ex, exhaustive_visits_each_interleaving_once, 0,
			    (int)(sizeof shapes / sizeof shapes[0]));
	tcase_add_loop_test(ex, exhaustive_bounded_visits_exactly_the_bounded, 0,
			    (int)(sizeof shapes / sizeof shapes[0]));
	tcase_add_test(ex, exhaustive_first_run_takes_lowest_threads);
	tcase_add_test(ex, exhaustive_cap_stops_early);
	tcase_add_test(ex, exhaustive_cap_equal_to_tree_is_complete);
	tcase_add_test(ex, exhaustive_deep_tree);
	tcase_add_test(ex, exhaustive_divergence_is_incomplete);
	tcase_add_test(ex, exhaustive_short_run_is_incomplete);
	tcase_add_test(ex, exhaustive_goes_on_from_diverged_run);
	suite_add_tcase(s, ex);

	TCase *rnd = tcase_create("random");
	tcase_add_test(rnd, random_honours_budget);
	tcase_add_test(rnd, random_needs_budget);
	tcase_add_test(rnd, random_same_seed_same_runs);
	tcase_add_test(rnd, random_other_seed_other_runs);
	tcase_add_test(rnd, random_run_k_is_seed_plus_k);
	suite_add_tcase(s, rnd);

	TCase *rep = tcase_create("replay");
	tcase_add_test(rep, replay_reproduces_run);
	tcase_add_test(rep, replay_short_schedule_diverges);
	tcase_add_test(rep, replay_needs_schedule);
	tcase_add_test(rep, unknown_name_is_einval);
	suite_add_tcase(s, rep);
	return s;
}
