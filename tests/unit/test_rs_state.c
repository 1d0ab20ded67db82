/*
 * Unit tests of checkers/rs_state: retry and rise counting, which delay
 * comes next, a real server's health and weight, quorum with hysteresis.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "checkers/rs_state.h"

/* keepalived's retry N: N failures beyond the first are retried before down. */
START_TEST(retry_counts)
{
	struct rs_count c;

	rs_count_init(&c, false);
	ck_assert(c.up);
	/* retry 2: failures 1 and 2 are retried, the 3rd brings it down */
	ck_assert_int_eq(rs_count_result(&c, false, 2, 1), RS_STEP_NONE);
	ck_assert(rs_count_pending(&c));
	ck_assert_int_eq(rs_count_result(&c, false, 2, 1), RS_STEP_NONE);
	ck_assert(rs_count_pending(&c));
	ck_assert_int_eq(rs_count_result(&c, false, 2, 1), RS_STEP_DOWN);
	ck_assert(!c.up);
	ck_assert(!rs_count_pending(&c));
	/* more failures while down change nothing */
	ck_assert_int_eq(rs_count_result(&c, false, 2, 1), RS_STEP_NONE);
	/* rise 1: one success brings it up */
	ck_assert_int_eq(rs_count_result(&c, true, 2, 1), RS_STEP_UP);
	ck_assert(c.up);

	/* a success in between resets the failure count */
	ck_assert_int_eq(rs_count_result(&c, false, 1, 1), RS_STEP_NONE);
	ck_assert_int_eq(rs_count_result(&c, true, 1, 1), RS_STEP_NONE);
	ck_assert(!rs_count_pending(&c));
	ck_assert_int_eq(rs_count_result(&c, false, 1, 1), RS_STEP_NONE);
	ck_assert_int_eq(rs_count_result(&c, false, 1, 1), RS_STEP_DOWN);

	/* retry 0: the first failure */
	rs_count_init(&c, false);
	ck_assert_int_eq(rs_count_result(&c, false, 0, 1), RS_STEP_DOWN);
}
END_TEST

START_TEST(rise_counts)
{
	struct rs_count c;

	rs_count_init(&c, true); /* alpha: starts down */
	ck_assert(!c.up);
	ck_assert_int_eq(rs_count_result(&c, true, 1, 3), RS_STEP_NONE);
	ck_assert(rs_count_pending(&c));
	ck_assert_int_eq(rs_count_result(&c, true, 1, 3), RS_STEP_NONE);
	/* a failure restarts the count */
	ck_assert_int_eq(rs_count_result(&c, false, 1, 3), RS_STEP_NONE);
	ck_assert(!rs_count_pending(&c));
	ck_assert_int_eq(rs_count_result(&c, true, 1, 3), RS_STEP_NONE);
	ck_assert_int_eq(rs_count_result(&c, true, 1, 3), RS_STEP_NONE);
	ck_assert_int_eq(rs_count_result(&c, true, 1, 3), RS_STEP_UP);
	ck_assert(c.up);
	ck_assert(!rs_count_pending(&c));
	/* rise 0 is 1 */
	rs_count_init(&c, true);
	ck_assert_int_eq(rs_count_result(&c, true, 0, 0), RS_STEP_UP);
	ck_assert_str_eq(rs_step_str(RS_STEP_DOWN), "down");
}
END_TEST

START_TEST(event_driven)
{
	struct rs_count c;

	rs_count_init(&c, false);
	ck_assert_int_eq(rs_count_set(&c, true), RS_STEP_NONE);
	ck_assert_int_eq(rs_count_set(&c, false), RS_STEP_DOWN);
	ck_assert_int_eq(rs_count_set(&c, false), RS_STEP_NONE);
	ck_assert_int_eq(rs_count_set(&c, true), RS_STEP_UP);
}
END_TEST

START_TEST(health_and_weight)
{
	ck_assert(rs_state_up(3, 0, false));
	ck_assert(!rs_state_up(3, 1, true));
	/* no check: keeps its start state */
	ck_assert(rs_state_up(0, 0, true));
	ck_assert(!rs_state_up(0, 0, false));
	ck_assert_int_eq(rs_state_weight(5, -1), 5);
	ck_assert_int_eq(rs_state_weight(5, 0), 0);
	ck_assert_int_eq(rs_state_weight(5, 42), 42);
	ck_assert_int_eq(rs_state_weight(5, 1000000), 65535);
}
END_TEST

START_TEST(quorum_hysteresis)
{
	/* quorum 4 hysteresis 1: gained at >= 5, lost below 3 */
	ck_assert(!rs_state_quorum_next(false, 4, 4, 1));
	ck_assert(rs_state_quorum_next(false, 5, 4, 1));
	ck_assert(rs_state_quorum_next(true, 3, 4, 1));
	ck_assert(!rs_state_quorum_next(true, 2, 4, 1));
	/* no hysteresis: plain threshold */
	ck_assert(rs_state_quorum_next(false, 4, 4, 0));
	ck_assert(!rs_state_quorum_next(true, 3, 4, 0));
	/* hysteresis >= quorum: only a weight of 0 loses it */
	ck_assert(rs_state_quorum_next(true, 1, 2, 5));
	ck_assert(!rs_state_quorum_next(true, 0, 2, 5));
	/* quorum 1 default: lost at 0, gained at 1 */
	ck_assert(!rs_state_quorum_next(true, 0, 1, 0));
	ck_assert(rs_state_quorum_next(false, 1, 1, 0));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rs_state");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, retry_counts);
	tcase_add_test(tc, rise_counts);
	tcase_add_test(tc, event_driven);
	tcase_add_test(tc, health_and_weight);
	tcase_add_test(tc, quorum_hysteresis);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
