/* check_schedule.c - schedule files: exact round trips, and one test per way
 * a file can be malformed, each checking the line the error names. */
#include "suites.h"

#include "ops.h"
#include "schedule.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A new empty file; the caller unlinks it and frees the path. */
static char *temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	size_t len = strlen(dir) + sizeof "/shuffle-check-XXXXXX";
	char *path = malloc(len);
	ck_assert_ptr_nonnull(path);
	snprintf(path, len, "%s/shuffle-check-XXXXXX", dir);
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	return path;
}

static char *file_with(const char *text)
{
	char *path = temp_file();
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static int write_to(const char *path, const struct shuffle_schedule *s, const char *comment)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	int rc = shuffle_schedule_write(f, s, comment);
	int e = errno;
	ck_assert_int_eq(fclose(f), 0);
	errno = e;
	return rc;
}

static long file_size(const char *path)
{
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	return (long)st.st_size;
}

/* ------------------------------------------------------------ round trip */

static char *awkward_args[] = {
	"two words",
	"say \"hi\"",
	"line one\nline two",
	"back\\slash\\",
	"",
	"caf\xc3\xa9 \x01\x7f\xff",
	"  blanks at both ends  ",
	"\ttabs\t",
	"# not a comment",
	"\\x41 is not A",
	" ",
};

static char *labels[] = { "main", "worker one", NULL, "B # keeps its hash" };

static uint32_t enabled_a[] = { 0, 1, 3 }, enabled_b[] = { 1, 3 }, enabled_c[] = { 0, 3 };

static struct shuffle_schedule_decision decisions[] = {
	{ 1, SHUFFLE_OP_POINT, 3, enabled_a },
	{ 3, SHUFFLE_OP_MUTEX_LOCK, 2, enabled_b },
	{ 0, SHUFFLE_OP_SEM_WAIT, 2, enabled_c },
};

static const struct shuffle_schedule sample = {
	.program = "/opt/my programs/t\xc3\xa9st",
	.args = awkward_args,
	.n_args = sizeof awkward_args / sizeof awkward_args[0],
	.strategy = "exhaustive",
	.seed = UINT64_MAX,
	.run = 12,
	.verdict = "crash SIGSEGV (signal 11)",
	.labels = labels,
	.n_threads = 4,
	.decisions = decisions,
	.n_decisions = sizeof decisions / sizeof decisions[0],
};

static void assert_same(const struct shuffle_schedule *a, const struct shuffle_schedule *b)
{
	ck_assert_str_eq(a->program, b->program);
	ck_assert_uint_eq(a->n_args, b->n_args);
	for (size_t i = 0; i < a->n_args; i++)
		ck_assert_str_eq(a->args[i], b->args[i]);
	ck_assert_str_eq(a->strategy, b->strategy);
	ck_assert(a->seed == b->seed);
	ck_assert(a->run == b->run);
	ck_assert_str_eq(a->verdict, b->verdict);
	ck_assert_uint_eq(a->n_threads, b->n_threads);
	for (uint32_t t = 0; t < a->n_threads; t++) {
		ck_assert_int_eq(a->labels[t] == NULL, b->labels[t] == NULL);
		if (a->labels[t])
			ck_assert_str_eq(a->labels[t], b->labels[t]);
	}
	ck_assert_uint_eq(a->n_decisions, b->n_decisions);
	for (size_t i = 0; i < a->n_decisions; i++) {
		ck_assert_uint_eq(a->decisions[i].tid, b->decisions[i].tid);
		ck_assert_uint_eq(a->decisions[i].op, b->decisions[i].op);
		ck_assert_uint_eq(a->decisions[i].n_enabled, b->decisions[i].n_enabled);
		ck_assert_mem_eq(a->decisions[i].enabled, b->decisions[i].enabled,
				 a->decisions[i].n_enabled * sizeof(uint32_t));
	}
}

START_TEST(round_trip)
{
	char *path = temp_file();
	char err[256] = "";
	struct shuffle_schedule back;
	ck_assert_int_eq(write_to(path, &sample, "found by a test\n\nthird line"), 0);
	ck_assert_msg(shuffle_schedule_read(path, &back, err, sizeof err) == 0, "%s", err);
	assert_same(&sample, &back);
	shuffle_schedule_free(&back);
	ck_assert_ptr_null(back.program);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(written_text_is_one_line_each)
{
	/* Escapes keep each argument on its line, and the file plain ASCII. */
	char *path = temp_file();
	ck_assert_int_eq(write_to(path, &sample, "a\nb"), 0);
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	char *line = NULL;
	size_t cap = 0, n = 0;
	while (getline(&line, &cap, f) >= 0) {
		n++;
		if (n >= 3 && n < 3 + sample.n_args)
			ck_assert(strncmp(line, "arg", 3) == 0 &&
				  (line[3] == ' ' || line[3] == '\n'));
		for (const char *c = line; *c; c++)
			ck_assert_int_lt((unsigned char)*c, 0x80);
	}
	free(line);
	fclose(f);
	/* header, program, args, strategy, seed, run, verdict, 3 threads,
	 * 3 decisions, end, 2 comment lines */
	ck_assert_uint_eq(n, 2 + sample.n_args + 4 + 3 + 3 + 1 + 2);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(writer_flattens_text)
{
	char *flat_labels[] = { "  x\ty \n" };
	struct shuffle_schedule s = sample, back;
	s.n_args = 0;
	s.labels = flat_labels;
	s.n_threads = 1;
	s.n_decisions = 0;
	s.verdict = "\tdeadlock\r\n";
	char *path = temp_file(), err[256] = "";
	ck_assert_int_eq(write_to(path, &s, NULL), 0);
	ck_assert_msg(shuffle_schedule_read(path, &back, err, sizeof err) == 0, "%s", err);
	ck_assert_str_eq(back.labels[0], "x?y");
	ck_assert_str_eq(back.verdict, "deadlock");
	shuffle_schedule_free(&back);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(writer_refuses_what_reader_would)
{
	uint32_t descending[] = { 3, 1 };
	struct shuffle_schedule_decision bad = { 1, SHUFFLE_OP_POINT, 2, descending };
	struct shuffle_schedule s = sample;
	char *path = temp_file();

	s.decisions = &bad;
	s.n_decisions = 1;
	errno = 0;
	ck_assert_int_eq(write_to(path, &s, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(file_size(path), 0);

	s = sample;
	s.strategy = "two words";
	errno = 0;
	ck_assert_int_eq(write_to(path, &s, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(file_size(path), 0);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(comments_and_blank_lines)
{
	char *path = file_with("# written by hand\n"
			       "\n"
			       "shuffle-schedule 1   # version\n"
			       "program /bin/true\n"
			       "arg #1\n"
			       "  # indented comment\n"
			       "strategy random\r\n"
			       "seed 7 # the seed\n"
			       "run 3\n"
			       "verdict ok\n"
			       "thread 0   main thread  \n"
			       "thread 1 A\n"
			       "decision 1 point 0 1 # B first\n"
			       "end # done\n"
			       "# trailing\n");
	struct shuffle_schedule s;
	char err[256] = "";
	ck_assert_msg(shuffle_schedule_read(path, &s, err, sizeof err) == 0, "%s", err);
	ck_assert_str_eq(s.program, "/bin/true");
	ck_assert_uint_eq(s.n_args, 1);
	ck_assert_str_eq(s.args[0], "#1");
	ck_assert_str_eq(s.strategy, "random");
	ck_assert(s.seed == 7 && s.run == 3);
	ck_assert_str_eq(s.labels[0], "main thread");
	ck_assert_uint_eq(s.n_decisions, 1);
	ck_assert_uint_eq(s.decisions[0].tid, 1);
	ck_assert_uint_eq(s.decisions[0].n_enabled, 2);
	shuffle_schedule_free(&s);
	unlink(path);
	free(path);
}
END_TEST

/* ------------------------------------------------------------- malformed */

#define HEAD	"shuffle-schedule 1\nprogram /bin/true\nstrategy exhaustive\nseed 1\nrun 0\n"
#define THREADS "verdict ok\nthread 0 main\nthread 1 A\nthread 2 B\n"
/* HEAD and THREADS take lines 1-9. */

static const struct malformed {
	const char *text;
	const char *where; /* "line N:" */
	const char *what;  /* part of the message */
} malformed[] = {
	{ "", "line 1:", "expected the `shuffle-schedule` line" },
	{ "program /bin/true\n", "line 1:", "expected the `shuffle-schedule` line" },
	{ "# old\nshuffle-schedule 2\n", "line 2:", "schedule version 2" },
	{ "shuffle-schedule\n", "line 1:", "missing schedule version" },
	{ "shuffle-schedule 1\narg x\n", "line 2:", "expected the `program` line, found `arg`" },
	{ "shuffle-schedule 1\nprogram\n", "line 2:", "names no program" },
	{ HEAD THREADS "colour blue\nend\n", "line 10:", "unknown keyword `colour`" },
	{ HEAD THREADS "decision 1 point 0 1\n", "line 11:", "expected the `end` line" },
	{ "shuffle-schedule 1\nprogram /bin/true\nseed 1\n",
	  "line 3:", "expected the `strategy` line, found `seed`" },
	{ HEAD "arg late\n", "line 6:", "`arg` line out of order" },
	{ HEAD "run 1\n", "line 6:", "`run` line out of order" },
	{ "shuffle-schedule 1\nprogram /x\nstrategy exhaustive\nseed 12x\n",
	  "line 4:", "bad seed `12x`" },
	{ "shuffle-schedule 1\nprogram /x\nstrategy exhaustive\nseed -1\n", "line 4:", "bad seed" },
	/* The writer refuses to write such a name: the reader must refuse it too. */
	{ "shuffle-schedule 1\nprogram /x\nstrategy ex\001h\n", "line 3:", "control byte" },
	{ "shuffle-schedule 1\nprogram /x\nstrategy exhaustive\nseed 18446744073709551616\n",
	  "line 4:", "bad seed" },
	{ "shuffle-schedule 1\nprogram /x\nstrategy exhaustive\nseed 1 2\n",
	  "line 4:", "unexpected `2`" },
	{ HEAD "verdict ok\nthread 9999 x\n", "line 7:", "out of range" },
	{ HEAD "verdict ok\nthread x main\n", "line 7:", "bad thread id" },
	{ HEAD THREADS "decision 1 point 0 1\nthread 3 C\n",
	  "line 11:", "`thread` line out of order (after a `decision` line)" },
	{ HEAD "verdict ok\nthread 1 A\nthread 1 B\n", "line 8:", "thread 1 is declared twice" },
	{ HEAD THREADS "decision 1\n", "line 10:", "missing operation" },
	{ HEAD THREADS "decision 1 frobnicate 0 1\n",
	  "line 10:", "unknown operation `frobnicate`" },
	{ HEAD THREADS "decision 1 point 1 0\n", "line 10:", "not in ascending order" },
	{ HEAD THREADS "decision 1 point 1 1\n", "line 10:", "not in ascending order" },
	{ HEAD THREADS "decision 1 point 0 2\n", "line 10:", "chosen thread 1 is not among" },
	{ HEAD THREADS "decision 1 point 1\n", "line 10:", "two or more enabled threads" },
	{ HEAD THREADS "decision 1 point 0 1\ndecision 9 point 0 9\n",
	  "line 11:", "decision names thread 9, which no thread line declares" },
	{ HEAD THREADS "decision 1 point 1 7\n", "line 10:", "lists thread 7 as enabled" },
	{ HEAD THREADS "decision 1 point 0 x1\n", "line 10:", "bad enabled thread id `x1`" },
	{ HEAD THREADS "decision 1 point 0 1#x\n", "line 10:", "bad enabled thread id `1#x`" },
	{ HEAD THREADS "end\ndecision 1 point 0 1\n", "line 11:", "text after the `end` line" },
	{ HEAD THREADS "end extra\n", "line 10:", "unexpected `extra`" },
	{ "shuffle-schedule 1\nprogram /bin/true\narg a\\qb\n", "line 3:", "bad escape `\\q`" },
	{ "shuffle-schedule 1\nprogram /bin/true\narg a\\x4\n", "line 3:", "two hex digits" },
	{ "shuffle-schedule 1\nprogram /bin/true\narg a\\x00\n", "line 3:", "`\\x00`" },
	{ "shuffle-schedule 1\nprogram /bin/true\narg a\\\n", "line 3:", "bad escape" },
};

START_TEST(malformed_file_is_refused)
{
	const struct malformed *m = &malformed[_i];
	char *path = file_with(m->text);
	char err[256] = "";
	struct shuffle_schedule s;
	errno = 0;
	ck_assert_int_eq(shuffle_schedule_read(path, &s, err, sizeof err), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_msg(strncmp(err, m->where, strlen(m->where)) == 0, "case %d: %s", _i, err);
	ck_assert_msg(strstr(err, m->what) != NULL, "case %d: %s", _i, err);
	ck_assert_ptr_eq(strchr(err, '\n'), NULL);
	/* Nothing is left allocated, nothing half-filled. */
	ck_assert_ptr_null(s.program);
	ck_assert_ptr_null(s.decisions);
	ck_assert_uint_eq(s.n_threads, 0);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(nul_byte_is_refused)
{
	static const char text[] = "shuffle-schedule 1\nprogram /bin/\0true\n";
	char *path = temp_file(), err[256] = "";
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, sizeof text - 1, f), sizeof text - 1);
	ck_assert_int_eq(fclose(f), 0);
	struct shuffle_schedule s;
	ck_assert_int_eq(shuffle_schedule_read(path, &s, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "line 2: NUL byte") != NULL, "%s", err);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(missing_file)
{
	const char *path = "/nonexistent-shuffle-dir/run.schedule";
	char err[256] = "";
	struct shuffle_schedule s;
	errno = 0;
	ck_assert_int_eq(shuffle_schedule_read(path, &s, err, sizeof err), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_msg(strstr(err, path) != NULL, "%s", err);
	ck_assert_msg(strstr(err, strerror(ENOENT)) != NULL, "%s", err);
}
END_TEST

START_TEST(unreadable_file)
{
	/* A directory opens for reading, then fails to read. */
	char dir[] = "/tmp/shuffle-check-dir-XXXXXX", err[256] = "";
	struct shuffle_schedule s;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	errno = 0;
	ck_assert_int_eq(shuffle_schedule_read(dir, &s, err, sizeof err), -1);
	ck_assert_int_ne(errno, 0);
	ck_assert_msg(strstr(err, dir) != NULL, "%s", err);
	ck_assert_msg(strstr(err, strerror(errno)) != NULL, "%s", err);
	rmdir(dir);
}
END_TEST

START_TEST(short_error_buffer)
{
	/* The message is cut to fit, and still terminated. */
	char *path = file_with("program /bin/true\n");
	char err[8];
	memset(err, 'x', sizeof err);
	struct shuffle_schedule s;
	ck_assert_int_eq(shuffle_schedule_read(path, &s, err, sizeof err), -1);
	ck_assert_str_eq(err, "line 1:");
	unlink(path);
	free(path);
}
END_TEST

Suite *shuffle_schedule_suite(void)
{
	Suite *s = suite_create("schedule");
	TCase *good = tcase_create("round trip");
	tcase_add_test(good, round_trip);
	tcase_add_test(good, written_text_is_one_line_each);
	tcase_add_test(good, writer_flattens_text);
	tcase_add_test(good, writer_refuses_what_reader_would);
	tcase_add_test(good, comments_and_blank_lines);
	suite_add_tcase(s, good);

	TCase *bad = tcase_create("malformed");
	tcase_add_loop_test(bad, malformed_file_is_refused, 0,
			    (int)(sizeof malformed / sizeof malformed[0]));
	tcase_add_test(bad, nul_byte_is_refused);
	tcase_add_test(bad, missing_file);
	tcase_add_test(bad, unreadable_file);
	tcase_add_test(bad, short_error_buffer);
	suite_add_tcase(s, bad);
	return s;
}
