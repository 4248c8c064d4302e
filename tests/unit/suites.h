/* suites.h - the unit test suites that check_main.c runs, one per module. */
#ifndef SHUFFLE_SUITES_H
#define SHUFFLE_SUITES_H

#include <check.h>

Suite *shuffle_decide_suite(void);
Suite *shuffle_strategy_suite(void);
Suite *shuffle_pct_suite(void);
Suite *shuffle_schedule_suite(void);
Suite *shuffle_sql_text_suite(void);
Suite *shuffle_trace_suite(void);

#endif
