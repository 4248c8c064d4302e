/* check_enabled.c - the enabledness and politeness rules of ops.def
 * (preload/enabled.c), run against a hand-made runtime state: the models of
 * objects.c, the threads' wait state and the trace's thread records, with no
 * target process. Only what a rule reads is set up; the runtime's own
 * globals are defined here (this program does not link the rest of it). */
#include "enabled.h"
#include "interpose.h"
#include "memory.h"
#include "signals.h"
#include "objects.h"
#include "ops.h"
#include "runtime.h"

#include <check.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* --- the runtime's globals, for enabled.c and objects.c ------------------ */

struct shuffle_trace_header *shuffle_trace;
struct shuffle_thread *shuffle_threads;
uint32_t shuffle_pid = 100;

/* The real functions the rules call: the C library's, found at link time. */
shuffle_real_sem_getvalue_t shuffle_real_sem_getvalue = sem_getvalue;
shuffle_real_poll_t shuffle_real_poll = poll;
const struct shuffle_symbol shuffle_symbol_sem_getvalue = { NULL, "sem_getvalue", NULL, 1 };
const struct shuffle_symbol shuffle_symbol_poll = { NULL, "poll", NULL, 1 };

void *shuffle_real_find(const struct shuffle_symbol *sym)
{
	(void)sym;
	return NULL;
}

/* Descriptor readiness is io.c's: here every descriptor is ready unless
 * listed. */
static int not_ready_fd = -1;

int shuffle_fd_readable(int fd)
{
	return fd != not_ready_fd;
}

int shuffle_fd_writable(int fd)
{
	return fd != not_ready_fd;
}

int shuffle_poll_ready(uint32_t tid)
{
	(void)tid;
	return 0;
}

/* Whether a spinning thread's watched value is unchanged is memory.c's. */
static int memory_unchanged;

int shuffle_memory_unchanged(const struct shuffle_thread *t)
{
	(void)t;
	return memory_unchanged;
}

/* Whether a signal a waiting thread accepts is pending is signals.c's. */
static int signal_pending;

int shuffle_signals_awaited(uint32_t tid)
{
	(void)tid;
	return signal_pending;
}

/* --- fixture --------------------------------------------------------------- */

static void *object_table;

static void setup(void)
{
	shuffle_trace = calloc(1, sizeof *shuffle_trace);
	shuffle_threads = calloc(SHUFFLE_MAX_THREADS, sizeof *shuffle_threads);
	object_table = calloc(1, shuffle_objects_size());
	ck_assert_ptr_nonnull(shuffle_trace);
	ck_assert_ptr_nonnull(shuffle_threads);
	ck_assert_ptr_nonnull(object_table);
	shuffle_objects_attach(object_table);
	shuffle_trace->n_threads = 4;
	for (uint32_t t = 0; t < 4; t++) {
		shuffle_trace->threads[t].state = SHUFFLE_THREAD_RUNNING;
		shuffle_trace->threads[t].pid = shuffle_pid;
		shuffle_trace->threads[t].parent = t ? 0 : SHUFFLE_NO_THREAD;
		shuffle_threads[t].tid = t;
	}
	not_ready_fd = -1;
	memory_unchanged = 0;
	signal_pending = 0;
}

static void teardown(void)
{
	free(shuffle_trace);
	free(shuffle_threads);
	free(object_table);
}

/* Thread tid stops before op on obj; is it enabled? polite? */
static int enabled(uint32_t tid, uint32_t op, uint64_t obj)
{
	struct shuffle_thread_record *r = &shuffle_trace->threads[tid];
	r->pending_op = op;
	r->pending_obj = obj;
	return shuffle_op_enabled(tid, r);
}

static int polite(uint32_t tid, uint32_t op, uint64_t obj)
{
	struct shuffle_thread_record *r = &shuffle_trace->threads[tid];
	r->pending_op = op;
	r->pending_obj = obj;
	return shuffle_op_polite(tid, r);
}

static struct shuffle_object *object(const void *addr)
{
	struct shuffle_object *o = shuffle_object(addr);
	ck_assert_ptr_nonnull(o);
	return o;
}

#define OBJ(p) ((uint64_t)(uintptr_t)(p))

/* --- rules ------------------------------------------------------------------ */

START_TEST(every_op_has_rules)
{
	/* A row whose rule were missing would be a NULL call here. The object
	 * is what the op's rows name: a thread, a descriptor, or memory (a
	 * semaphore is the largest object a rule reads). */
	static sem_t s;
	for (uint32_t op = 0; op < SHUFFLE_OP_COUNT; op++) {
		uint64_t obj = OBJ(&s);
		if (shuffle_op_info(op)->show == SHUFFLE_SHOW_THREAD)
			obj = 2;
		else if (shuffle_op_info(op)->show == SHUFFLE_SHOW_FD)
			obj = 0;
		(void)enabled(1, op, obj);
		(void)polite(1, op, obj);
	}
}
END_TEST

START_TEST(mutex_lock_waits_for_the_holder)
{
	static pthread_mutex_t m;
	ck_assert(enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m))); /* never seen: free */
	struct shuffle_object *o = object(&m);
	o->owner = SHUFFLE_NO_THREAD;
	ck_assert(enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m)));
	o->owner = 2;
	ck_assert(!enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m)));
	ck_assert(enabled(1, SHUFFLE_OP_MUTEX_TRYLOCK, OBJ(&m))); /* fails, never waits */
	ck_assert(enabled(1, SHUFFLE_OP_MUTEX_UNLOCK, OBJ(&m)));
}
END_TEST

START_TEST(relocking_depends_on_the_mutex_type)
{
	static pthread_mutex_t m;
	struct shuffle_object *o = object(&m);
	o->owner = 1;
	o->kind = PTHREAD_MUTEX_NORMAL;
	ck_assert(!enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m))); /* blocks for ever */
	o->kind = PTHREAD_MUTEX_RECURSIVE_NP;
	ck_assert(enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m))); /* counts up */
	o->kind = PTHREAD_MUTEX_ERRORCHECK_NP;
	ck_assert(enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m))); /* EDEADLK */
}
END_TEST

START_TEST(objects_of_another_process_are_apart)
{
	static pthread_mutex_t m;
	object(&m)->owner = 2;
	/* Thread 3 is in a forked child: the same address is another mutex. */
	shuffle_trace->threads[3].pid = 101;
	ck_assert(enabled(3, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m)));
	ck_assert(!enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m)));
}
END_TEST

START_TEST(process_shared_mutex_is_one_for_every_process)
{
	/* One piece of shared memory mapped twice, as two processes map a
	 * shm_open or sem_open object at addresses of their own. */
	int fd = memfd_create("pshared", 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 4096), 0);
	char *a = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert(a != MAP_FAILED && b != MAP_FAILED && a != b);
	struct shuffle_object *o = shuffle_object_pshared(a + 64, 1);
	ck_assert_ptr_nonnull(o);
	o->owner = 1;
	ck_assert_ptr_eq(shuffle_object(a + 64), o); /* later look-ups lead there */
	/* Thread 3, of process 101, locks it at its own address. */
	shuffle_trace->threads[3].pid = 101;
	shuffle_pid = 101;
	ck_assert_ptr_eq(shuffle_object_pshared(b + 64, 1), o);
	ck_assert_ptr_ne(shuffle_object_pshared(b + 128, 1), o); /* another offset */
	shuffle_pid = 100;
	ck_assert(!enabled(3, SHUFFLE_OP_MUTEX_LOCK, OBJ(b + 64)));
	o->owner = SHUFFLE_NO_THREAD;
	ck_assert(enabled(3, SHUFFLE_OP_MUTEX_LOCK, OBJ(b + 64)));
	/* Re-initialized private, it is each process's own again. */
	o->owner = 1;
	ck_assert_ptr_ne(shuffle_object_pshared(a + 64, 0), o);
	ck_assert(enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(a + 64)));
	munmap(a, 4096);
	munmap(b, 4096);
	close(fd);
}
END_TEST

START_TEST(process_shared_in_private_memory_stays_apart)
{
	/* The flag alone does not share: a forked child's copy of private
	 * memory is its own mutex. */
	static pthread_mutex_t m;
	struct shuffle_object *o = shuffle_object_pshared(&m, 1);
	ck_assert_ptr_nonnull(o);
	o->owner = 2;
	shuffle_trace->threads[3].pid = 101;
	ck_assert(enabled(3, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m)));
	ck_assert(!enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m)));
}
END_TEST

START_TEST(robust_mutex_of_an_exited_owner_is_free)
{
	static pthread_mutex_t m;
	struct shuffle_object *o = object(&m);
	o->owner = 2;
	shuffle_trace->threads[2].state = SHUFFLE_THREAD_EXITED;
	/* Natively a plain mutex whose owner died is held for ever. */
	ck_assert(!enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m)));
	/* The kernel releases a robust one: the next lock gets EOWNERDEAD. */
	o->robust = 1;
	ck_assert(enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m)));
	ck_assert_uint_eq(shuffle_mutex_owner(&m), SHUFFLE_NO_THREAD);
	shuffle_trace->threads[2].state = SHUFFLE_THREAD_RUNNING;
	ck_assert(!enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m)));
}
END_TEST

START_TEST(semaphore_waits_for_a_positive_value)
{
	sem_t s;
	ck_assert_int_eq(sem_init(&s, 0, 0), 0);
	ck_assert(!enabled(1, SHUFFLE_OP_SEM_WAIT, OBJ(&s)));
	ck_assert(enabled(1, SHUFFLE_OP_SEM_TRYWAIT, OBJ(&s)));
	ck_assert(enabled(1, SHUFFLE_OP_SEM_TIMEDWAIT, OBJ(&s))); /* may time out */
	ck_assert_int_eq(sem_post(&s), 0);
	ck_assert(enabled(1, SHUFFLE_OP_SEM_WAIT, OBJ(&s)));
	sem_destroy(&s);
}
END_TEST

START_TEST(semaphore_of_another_process_is_taken_at_its_word)
{
	sem_t s;
	ck_assert_int_eq(sem_init(&s, 0, 0), 0);
	/* Only its own process can read the value: enabled until it finds
	 * otherwise and says so (self_blocked). */
	shuffle_trace->threads[3].pid = 101;
	ck_assert(enabled(3, SHUFFLE_OP_SEM_WAIT, OBJ(&s)));
	shuffle_threads[3].self_blocked = 1;
	ck_assert(!enabled(3, SHUFFLE_OP_SEM_WAIT, OBJ(&s)));
	sem_destroy(&s);
}
END_TEST

START_TEST(join_waits_for_the_exit)
{
	ck_assert(!enabled(0, SHUFFLE_OP_JOIN, 2));
	shuffle_trace->threads[2].state = SHUFFLE_THREAD_EXITED;
	ck_assert(enabled(0, SHUFFLE_OP_JOIN, 2));
}
END_TEST

START_TEST(cond_wait_needs_a_wakeup_meant_for_it)
{
	static pthread_cond_t c;
	struct shuffle_thread *t = &shuffle_threads[1];
	t->phase = 0; /* still to release the mutex */
	ck_assert(enabled(1, SHUFFLE_OP_COND_WAIT, OBJ(&c)));
	t->phase = 1;
	t->ticket = 5;
	ck_assert(!enabled(1, SHUFFLE_OP_COND_WAIT, OBJ(&c)));
	struct shuffle_object *o = object(&c);
	o->wakeups = 1;
	o->eligible_below = 5; /* a signal sent before this thread waited */
	ck_assert(!enabled(1, SHUFFLE_OP_COND_WAIT, OBJ(&c)));
	o->eligible_below = 6;
	ck_assert(enabled(1, SHUFFLE_OP_COND_WAIT, OBJ(&c)));
	o->wakeups = 0;
	t->woken = 1; /* a broadcast */
	ck_assert(enabled(1, SHUFFLE_OP_COND_WAIT, OBJ(&c)));
}
END_TEST

START_TEST(timed_waits_are_choices_then_retries_give_way)
{
	static pthread_cond_t c;
	static pthread_mutex_t m;
	struct shuffle_thread *t = &shuffle_threads[1];
	t->phase = 1;
	ck_assert(enabled(1, SHUFFLE_OP_COND_TIMEDWAIT, OBJ(&c)));
	ck_assert(!polite(1, SHUFFLE_OP_COND_TIMEDWAIT, OBJ(&c)));
	t->timed_out_last = 1;
	ck_assert(polite(1, SHUFFLE_OP_COND_TIMEDWAIT, OBJ(&c)));

	object(&m)->owner = 2;
	ck_assert(polite(1, SHUFFLE_OP_MUTEX_TIMEDLOCK, OBJ(&m)));
	object(&m)->owner = SHUFFLE_NO_THREAD;
	ck_assert(!polite(1, SHUFFLE_OP_MUTEX_TIMEDLOCK, OBJ(&m))); /* would get it */
}
END_TEST

START_TEST(sleep_is_a_choice_unless_it_retries)
{
	ck_assert(enabled(1, SHUFFLE_OP_SLEEP, 1000));
	ck_assert(!polite(1, SHUFFLE_OP_SLEEP, 1000));
	shuffle_threads[1].napped_last = 1;
	ck_assert(polite(1, SHUFFLE_OP_SLEEP, 1000));
	ck_assert(polite(2, SHUFFLE_OP_YIELD, 0)); /* a yield always gives way */
}
END_TEST

START_TEST(rwlock_readers_share_writers_do_not)
{
	static pthread_rwlock_t rw;
	struct shuffle_object *o = object(&rw);
	o->owner = SHUFFLE_NO_THREAD;
	o->depth = 2; /* two readers */
	ck_assert(enabled(1, SHUFFLE_OP_RWLOCK_RDLOCK, OBJ(&rw)));
	ck_assert(!enabled(1, SHUFFLE_OP_RWLOCK_WRLOCK, OBJ(&rw)));
	o->depth = 0;
	o->owner = 2; /* a writer */
	ck_assert(!enabled(1, SHUFFLE_OP_RWLOCK_RDLOCK, OBJ(&rw)));
	ck_assert(!enabled(1, SHUFFLE_OP_RWLOCK_WRLOCK, OBJ(&rw)));
	o->owner = SHUFFLE_NO_THREAD;
	ck_assert(enabled(1, SHUFFLE_OP_RWLOCK_WRLOCK, OBJ(&rw)));
}
END_TEST

START_TEST(barrier_opens_when_its_round_completes)
{
	static pthread_barrier_t b;
	struct shuffle_thread *t = &shuffle_threads[1];
	ck_assert(enabled(1, SHUFFLE_OP_BARRIER_WAIT, OBJ(&b))); /* arriving */
	t->phase = 1;
	t->ticket = 3;
	object(&b)->round = 2;
	ck_assert(!enabled(1, SHUFFLE_OP_BARRIER_WAIT, OBJ(&b)));
	object(&b)->round = 3;
	ck_assert(enabled(1, SHUFFLE_OP_BARRIER_WAIT, OBJ(&b)));
}
END_TEST

START_TEST(read_waits_for_data_on_the_targets_own_pipes)
{
	not_ready_fd = 5;
	ck_assert(!enabled(1, SHUFFLE_OP_READ, 5));
	ck_assert(enabled(1, SHUFFLE_OP_READ, 6));
	ck_assert(!enabled(1, SHUFFLE_OP_WRITE, 5));
}
END_TEST

START_TEST(waitpid_waits_for_a_child_to_leave)
{
	/* Thread 3 is the first thread of process 1, forked by thread 0. */
	struct shuffle_thread_record *child = &shuffle_trace->threads[3];
	child->flags = SHUFFLE_THREAD_FORKED;
	child->parent = 0;
	child->process = 1;
	child->pid = 101;
	ck_assert(!enabled(0, SHUFFLE_OP_WAITPID, (uint64_t)-1));
	ck_assert(!enabled(0, SHUFFLE_OP_WAITPID, 101));
	ck_assert(enabled(0, SHUFFLE_OP_WAITPID, 999)); /* not ours: the kernel answers */
	child->state = SHUFFLE_THREAD_EXITED;
	ck_assert(enabled(0, SHUFFLE_OP_WAITPID, (uint64_t)-1));
	child->flags |= SHUFFLE_THREAD_EXITING; /* left, its flush still blocked */
	ck_assert(!enabled(0, SHUFFLE_OP_WAITPID, (uint64_t)-1));
	ck_assert(!enabled(0, SHUFFLE_OP_WAITPID, 101));
	child->flags &= ~SHUFFLE_THREAD_EXITING;
	child->flags |= SHUFFLE_THREAD_WAITED; /* already collected */
	ck_assert(enabled(0, SHUFFLE_OP_WAITPID, (uint64_t)-1)); /* ECHILD at once */
}
END_TEST

START_TEST(a_load_spinning_on_an_unchanged_value_gives_way)
{
	static int flag;
	struct shuffle_thread *t = &shuffle_threads[1];
	ck_assert(!polite(1, SHUFFLE_OP_ATOMIC_LOAD, OBJ(&flag))); /* first load */
	t->spin_addr = OBJ(&flag);
	memory_unchanged = 1;
	ck_assert(polite(1, SHUFFLE_OP_ATOMIC_LOAD, OBJ(&flag)));
	ck_assert(!polite(1, SHUFFLE_OP_ATOMIC_LOAD, OBJ(&flag) + 4)); /* another address */
	memory_unchanged = 0;					       /* someone stored */
	ck_assert(!polite(1, SHUFFLE_OP_ATOMIC_LOAD, OBJ(&flag)));
}
END_TEST

START_TEST(signal_waits_wait_for_a_pending_signal)
{
	ck_assert(!enabled(1, SHUFFLE_OP_SIG_WAIT, 0));
	ck_assert(enabled(1, SHUFFLE_OP_SIG_TIMEDWAIT, 0)); /* may time out */
	ck_assert(!polite(1, SHUFFLE_OP_SIG_TIMEDWAIT, 0));
	shuffle_threads[1].timed_out_last = 1;
	ck_assert(polite(1, SHUFFLE_OP_SIG_TIMEDWAIT, 0)); /* a retry loop */
	signal_pending = 1;
	ck_assert(enabled(1, SHUFFLE_OP_SIG_WAIT, 0));
	ck_assert(!polite(1, SHUFFLE_OP_SIG_TIMEDWAIT, 0));
}
END_TEST

START_TEST(a_pending_cancel_ends_a_wait_at_a_cancellation_point)
{
	sem_t s;
	static pthread_mutex_t m;
	static pthread_cond_t c;
	ck_assert_int_eq(sem_init(&s, 0, 0), 0);
	object(&m)->owner = 2;
	struct shuffle_thread *t = &shuffle_threads[1];
	t->cancel_pending = 1;
	ck_assert(enabled(1, SHUFFLE_OP_SEM_WAIT, OBJ(&s)));
	ck_assert(enabled(1, SHUFFLE_OP_JOIN, 2)); /* thread 2 still runs */
	ck_assert(enabled(1, SHUFFLE_OP_SIG_WAIT, 0));
	ck_assert(!enabled(1, SHUFFLE_OP_MUTEX_LOCK, OBJ(&m))); /* no cancellation point */
	/* A condvar wait acts on it once the mutex is released. */
	t->phase = 1;
	ck_assert(enabled(1, SHUFFLE_OP_COND_WAIT, OBJ(&c)));
	ck_assert(shuffle_cancel_due(1, &shuffle_trace->threads[1]));
	t->phase = 0;
	ck_assert(!shuffle_cancel_due(1, &shuffle_trace->threads[1]));
	/* A sleep or a testcancel ends now rather than give way. */
	t->napped_last = 1;
	t->tested_last = 1;
	ck_assert(!polite(1, SHUFFLE_OP_SLEEP, 1000));
	ck_assert(!polite(1, SHUFFLE_OP_TESTCANCEL, 0));
	/* Cancellation disabled: the waits wait, a deadlock stays one. */
	t->cancel_disabled = 1;
	ck_assert(!enabled(1, SHUFFLE_OP_SEM_WAIT, OBJ(&s)));
	ck_assert(!enabled(1, SHUFFLE_OP_JOIN, 2));
	ck_assert(polite(1, SHUFFLE_OP_SLEEP, 1000));
	/* No cancel, nothing changes. */
	t->cancel_disabled = 0;
	t->cancel_pending = 0;
	ck_assert(!enabled(1, SHUFFLE_OP_SEM_WAIT, OBJ(&s)));
	ck_assert(polite(1, SHUFFLE_OP_TESTCANCEL, 0));
}
END_TEST

static Suite *enabled_suite(void)
{
	Suite *s = suite_create("enabled");
	TCase *tc = tcase_create("rules");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_op_has_rules);
	tcase_add_test(tc, mutex_lock_waits_for_the_holder);
	tcase_add_test(tc, relocking_depends_on_the_mutex_type);
	tcase_add_test(tc, objects_of_another_process_are_apart);
	tcase_add_test(tc, process_shared_mutex_is_one_for_every_process);
	tcase_add_test(tc, process_shared_in_private_memory_stays_apart);
	tcase_add_test(tc, robust_mutex_of_an_exited_owner_is_free);
	tcase_add_test(tc, semaphore_waits_for_a_positive_value);
	tcase_add_test(tc, semaphore_of_another_process_is_taken_at_its_word);
	tcase_add_test(tc, join_waits_for_the_exit);
	tcase_add_test(tc, cond_wait_needs_a_wakeup_meant_for_it);
	tcase_add_test(tc, timed_waits_are_choices_then_retries_give_way);
	tcase_add_test(tc, sleep_is_a_choice_unless_it_retries);
	tcase_add_test(tc, rwlock_readers_share_writers_do_not);
	tcase_add_test(tc, barrier_opens_when_its_round_completes);
	tcase_add_test(tc, read_waits_for_data_on_the_targets_own_pipes);
	tcase_add_test(tc, waitpid_waits_for_a_child_to_leave);
	tcase_add_test(tc, a_load_spinning_on_an_unchanged_value_gives_way);
	tcase_add_test(tc, signal_waits_wait_for_a_pending_signal);
	tcase_add_test(tc, a_pending_cancel_ends_a_wait_at_a_cancellation_point);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(enabled_suite());
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
