/* check_main.c - runs every unit test suite; exits non-zero when any test fails.
 *
 * CK_FORK=no in the environment runs the tests in this process (for valgrind
 * and debuggers); by default each test forks, so one crash fails one test.
 */
#include "suites.h"

#include <stdlib.h>

int main(void)
{
	SRunner *runner = srunner_create(shuffle_decide_suite());
	srunner_add_suite(runner, shuffle_strategy_suite());
	srunner_add_suite(runner, shuffle_pct_suite());
	srunner_add_suite(runner, shuffle_schedule_suite());
	srunner_add_suite(runner, shuffle_sql_text_suite());
	srunner_add_suite(runner, shuffle_trace_suite());
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
