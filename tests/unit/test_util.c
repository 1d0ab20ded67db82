/*
 * Unit tests for lib/util and lib/addr.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/addr.h"
#include "lib/util.h"

START_TEST(test_parse_ranges)
{
	uint32_t v;
	long long ll;

	ck_assert_int_eq(util_parse_u32("255", 1, 255, &v), 0);
	ck_assert_uint_eq(v, 255);
	ck_assert_int_eq(util_parse_u32("256", 1, 255, &v), -1);
	ck_assert_int_eq(util_parse_u32("0", 1, 255, &v), -1);
	ck_assert_int_eq(util_parse_u32("-1", 0, 255, &v), -1);
	ck_assert_int_eq(util_parse_u32("12x", 0, 255, &v), -1);
	ck_assert_int_eq(util_parse_u32("", 0, 255, &v), -1);
	ck_assert_int_eq(util_parse_fixed("0.01", 2, 1, 4095, &ll), 0);
	ck_assert_int_eq(ll, 1);
	ck_assert_int_eq(util_parse_fixed("40.95", 2, 1, 4095, &ll), 0);
	ck_assert_int_eq(ll, 4095);
	ck_assert_int_eq(util_parse_fixed("40.96", 2, 1, 4095, &ll), -1);
	ck_assert_int_eq(util_parse_fixed("1", 2, 1, 4095, &ll), 0);
	ck_assert_int_eq(ll, 100);
	ck_assert_int_eq(util_parse_fixed("0.001", 2, 0, 4095, &ll), -1);
	ck_assert_int_eq(util_parse_fixed("1.500", 2, 0, 4095, &ll), 0);
	ck_assert_int_eq(ll, 150);
	ck_assert_int_eq(util_parse_fixed(".", 2, 0, 4095, &ll), -1);
}
END_TEST

START_TEST(test_strbuf_and_distance)
{
	struct strbuf b;
	char *s;

	strbuf_init(&b);
	for (int i = 0; i < 100; i++)
		strbuf_printf(&b, "%d,", i);
	ck_assert_uint_eq(b.len, strlen(b.s));
	ck_assert(strncmp(b.s, "0,1,2,", 6) == 0);
	s = strbuf_steal(&b);
	ck_assert_ptr_null(b.s);
	free(s);
	ck_assert_uint_eq(util_edit_distance("priority", "priorty"), 1);
	ck_assert_uint_eq(util_edit_distance("", "abc"), 3);
	ck_assert_uint_eq(util_edit_distance("advert_int", "advert_int"), 0);
}
END_TEST

START_TEST(test_addr)
{
	struct addr a, b;
	char buf[ADDR_STRLEN];
	int plen;

	ck_assert_int_eq(addr_parse("192.0.2.1", &a), 0);
	ck_assert_int_eq(a.af, AF_INET);
	ck_assert_str_eq(addr_str(&a, buf, sizeof(buf)), "192.0.2.1");
	ck_assert_int_eq(addr_parse("2001:db8::1", &b), 0);
	ck_assert_int_eq(b.af, AF_INET6);
	ck_assert_int_ne(addr_cmp(&a, &b), 0);
	ck_assert_int_eq(addr_parse("192.0.2.256", &a), -1);
	ck_assert_int_eq(addr_parse_prefix("198.51.100.7/24", &a, &plen), 0);
	ck_assert_int_eq(plen, 24);
	ck_assert_int_eq(addr_parse_prefix("198.51.100.7/33", &a, &plen), -1);
	ck_assert_int_eq(addr_parse_prefix("2001:db8::/64", &a, &plen), 0);
	ck_assert_int_eq(plen, 64);
	ck_assert_int_eq(addr_parse("192.0.2.250", &a), 0);
	ck_assert_int_eq(addr_add(&a, 10), 0);
	ck_assert_str_eq(addr_str(&a, buf, sizeof(buf)), "192.0.3.4");
}
END_TEST

static Suite *util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_ranges);
	tcase_add_test(tc, test_strbuf_and_distance);
	tcase_add_test(tc, test_addr);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(util_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
