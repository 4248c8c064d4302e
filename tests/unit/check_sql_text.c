/* check_sql_text.c - the statement labels and shuffle_sql_only_begins(),
 * which decides that a statement needs no decision: a wrong "yes" would
 * hide interleavings, so the refusals matter as much. */
#include "suites.h"

#include "sql_text.h"

START_TEST(plain_openings_need_no_decision)
{
	static const char *const yes[] = {
		"BEGIN",
		"begin;",
		"  BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE  ",
		"BEGIN ISOLATION LEVEL READ COMMITTED, READ ONLY;",
		"START TRANSACTION",
		"start transaction read write",
		"BEGIN DEFERRED TRANSACTION",
		"-- a comment\n/* another */ BEGIN WORK",
		"BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE",
	};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		ck_assert_msg(shuffle_sql_only_begins(yes[i]), "%s", yes[i]);
}
END_TEST

START_TEST(anything_else_stays_a_decision)
{
	static const char *const no[] = {
		NULL,
		"",
		"START",
		"BEGIN IMMEDIATE",
		"BEGIN EXCLUSIVE TRANSACTION",
		"START TRANSACTION WITH CONSISTENT SNAPSHOT",
		"BEGIN; SELECT 1",
		"BEGIN ISOLATION LEVEL READ COMMITTED; UPDATE t SET v = 1",
		"BEGIN TRANSACTION SNAPSHOT '00000003-1'",
		"BEGINX",
		"COMMIT",
		"SELECT 1",
		"BEGIN -- x",
	};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		ck_assert_msg(!shuffle_sql_only_begins(no[i]), "%s", no[i] ? no[i] : "NULL");
}
END_TEST

START_TEST(labels_are_short_and_one_line)
{
	char note[SHUFFLE_NOTE_LEN];
	shuffle_sql_short(note, "-- why\n  SELECT\n\tvalue   FROM t");
	ck_assert_str_eq(note, "SELECT value FROM t");
	shuffle_sql_short(note, NULL);
	ck_assert_str_eq(note, "(null)");
}
END_TEST

Suite *shuffle_sql_text_suite(void)
{
	Suite *s = suite_create("sql_text");
	TCase *tc = tcase_create("sql_text");
	tcase_add_test(tc, plain_openings_need_no_decision);
	tcase_add_test(tc, anything_else_stays_a_decision);
	tcase_add_test(tc, labels_are_short_and_one_line);
	suite_add_tcase(s, tc);
	return s;
}
