/*
 * test_check_http: the pure half of HTTP_GET / SSL_GET (check_http_match):
 * the MD5 body sink against md5sum's values, the bounded body copy, the
 * regex options and offsets, the verdict on a reply (status list, digest,
 * regex, regex_no_match) and the URL / CONNECT_TO / SNI / Host strings.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkers/check_http_match.h"
#include "lib/util.h"

static void set_status(struct conf_check_url *u, unsigned lo, unsigned hi)
{
	for (unsigned c = lo; c <= hi; c++) {
		unsigned i = c - CONF_HTTP_STATUS_MIN;

		u->status[i / 8] |= (uint8_t)(1u << (i % 8));
	}
	u->status_set = true;
}

static void parse_hex(const char *hex, uint8_t out[16])
{
	for (int i = 0; i < 16; i++) {
		unsigned v;

		ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

static void md5_of(const char *s, size_t chunk, char hex[33])
{
	struct check_http_body b;
	uint8_t d[16];
	size_t n = strlen(s);

	check_http_body_init(&b, true, 0);
	for (size_t off = 0; off < n; off += chunk)
		check_http_body_feed(&b, s + off, n - off < chunk ? n - off : chunk);
	ck_assert_uint_eq(b.total, n);
	ck_assert_uint_eq(b.len, 0);
	check_http_body_md5(&b, d);
	check_http_hex(d, hex);
	check_http_body_fini(&b);
}

START_TEST(test_md5_like_md5sum)
{
	char hex[33];

	/* printf 'hello\n' | md5sum ; md5sum </dev/null */
	md5_of("hello\n", 100, hex);
	ck_assert_str_eq(hex, "b1946ac92492d2347c6235b4d2611184");
	md5_of("hello\n", 1, hex);
	ck_assert_str_eq(hex, "b1946ac92492d2347c6235b4d2611184");
	md5_of("", 1, hex);
	ck_assert_str_eq(hex, "d41d8cd98f00b204e9800998ecf8427e");
	/* printf 'The quick brown fox jumps over the lazy dog' | md5sum */
	md5_of("The quick brown fox jumps over the lazy dog", 7, hex);
	ck_assert_str_eq(hex, "9e107d9d372bb6826bd81d3542a419d6");
}
END_TEST

START_TEST(test_body_reset_and_keep)
{
	struct check_http_body b;
	uint8_t d[16];
	char hex[33];
	char *big = xmalloc(CHECK_HTTP_BODY_KEEP_MAX + 100);

	memset(big, 'a', CHECK_HTTP_BODY_KEEP_MAX + 100);
	check_http_body_init(&b, true, 10);
	check_http_body_feed(&b, "garbage", 7);
	check_http_body_reset(&b);
	ck_assert_uint_eq(b.total, 0);
	ck_assert_uint_eq(b.len, 0);
	check_http_body_feed(&b, "hel", 3);
	check_http_body_feed(&b, "lo\n", 3);
	check_http_body_feed(&b, "0123456789", 10);
	ck_assert_uint_eq(b.total, 16);
	ck_assert_uint_eq(b.len, 10); /* keeps only 10 */
	ck_assert(memcmp(b.buf, "hello\n0123", 10) == 0);
	check_http_body_md5(&b, d);
	check_http_hex(d, hex);
	/* printf 'hello\n0123456789' | md5sum */
	ck_assert_str_eq(hex, "528b916e06b253bc349d6e2e2a4dfb20");
	check_http_body_fini(&b);

	/* the keep limit is capped */
	check_http_body_init(&b, false, (size_t)-1);
	ck_assert_ptr_null(b.md5);
	check_http_body_feed(&b, big, CHECK_HTTP_BODY_KEEP_MAX + 100);
	ck_assert_uint_eq(b.len, CHECK_HTTP_BODY_KEEP_MAX);
	ck_assert_uint_eq(b.total, CHECK_HTTP_BODY_KEEP_MAX + 100);
	check_http_body_fini(&b);
	free(big);
}
END_TEST

START_TEST(test_regex_flag_table)
{
	size_t n = 0;

	while (conf_regex_option_names[n])
		n++;
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(check_http_regex_flag((unsigned)i) != 0, "option %s has no flag",
			      conf_regex_option_names[i]);
	ck_assert_uint_eq(check_http_regex_flag((unsigned)n), 0);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			ck_assert_msg(check_http_regex_flag((unsigned)i) !=
					  check_http_regex_flag((unsigned)j),
				      "%s and %s share a flag", conf_regex_option_names[i],
				      conf_regex_option_names[j]);
}
END_TEST

static unsigned opt_bit(const char *name)
{
	for (unsigned i = 0; conf_regex_option_names[i]; i++)
		if (!strcmp(conf_regex_option_names[i], name))
			return 1u << i;
	ck_abort_msg("no regex option %s", name);
	return 0;
}

static int match(const char *pattern, unsigned opts, uint32_t min, uint32_t max, const char *body)
{
	struct conf_check_url u = {0};
	struct check_http_regex *re;
	char err[200];
	int m;

	u.regex = (char *)pattern;
	u.regex_options = opts;
	u.regex_min_offset = min;
	u.regex_max_offset = max;
	re = check_http_regex_new(&u, err, sizeof(err));
	ck_assert_msg(re != NULL, "%s", err);
	m = check_http_regex_match(re, body, strlen(body), err, sizeof(err));
	check_http_regex_free(re);
	return m;
}

START_TEST(test_regex_match)
{
	struct conf_check_url u = {0};
	char err[200];

	ck_assert_int_eq(match("status: (ok|fine)", 0, 0, 0, "x\nstatus: ok\n"), 1);
	ck_assert_int_eq(match("status: ok", 0, 0, 0, "STATUS: OK"), 0);
	ck_assert_int_eq(match("status: ok", opt_bit("caseless"), 0, 0, "STATUS: OK"), 1);
	ck_assert_int_eq(match("^b", 0, 0, 0, "a\nb"), 0);
	ck_assert_int_eq(match("^b", opt_bit("multiline"), 0, 0, "a\nb"), 1);
	/* min offset: where matching starts */
	ck_assert_int_eq(match("abc", 0, 3, 0, "abcxyz"), 0);
	ck_assert_int_eq(match("xyz", 0, 3, 0, "abcxyz"), 1);
	ck_assert_int_eq(match("xyz", 0, 10, 0, "abcxyz"), 0); /* beyond the body */
	/* max offset: the latest start of a match */
	ck_assert_int_eq(match("xyz", 0, 0, 2, "abcxyz"), 0);
	ck_assert_int_eq(match("xyz", 0, 0, 3, "abcxyz"), 1);
	ck_assert_int_eq(match("xyz", 0, 1, 4, "abcxyz"), 1);

	u.regex = (char *)"(unclosed";
	ck_assert_ptr_null(check_http_regex_new(&u, err, sizeof(err)));
	ck_assert_msg(strstr(err, "regex error at offset") != NULL, "%s", err);
}
END_TEST

START_TEST(test_judge)
{
	struct conf_check_url u = {0};
	struct check_http_body b;
	struct check_http_regex *re;
	char d[128], err[128];

	set_status(&u, 200, 299);
	check_http_body_init(&b, false, 0);
	ck_assert_int_eq(check_http_judge(&u, NULL, 200, &b, d, sizeof(d)), CHECK_OK);
	ck_assert_int_eq(check_http_judge(&u, NULL, 299, &b, d, sizeof(d)), CHECK_OK);
	ck_assert_int_eq(check_http_judge(&u, NULL, 503, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	ck_assert_str_eq(d, "HTTP 503");
	ck_assert_int_eq(check_http_judge(&u, NULL, 300, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	ck_assert_int_eq(check_http_judge(&u, NULL, 0, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	ck_assert_str_eq(d, "HTTP 0");
	ck_assert_int_eq(check_http_judge(&u, NULL, 1200, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	check_http_body_fini(&b);

	/* a list with ranges: 200 404-405 503 */
	memset(u.status, 0, sizeof(u.status));
	set_status(&u, 200, 200);
	set_status(&u, 404, 405);
	set_status(&u, 503, 503);
	check_http_body_init(&b, false, 0);
	ck_assert_int_eq(check_http_judge(&u, NULL, 404, &b, d, sizeof(d)), CHECK_OK);
	ck_assert_int_eq(check_http_judge(&u, NULL, 503, &b, d, sizeof(d)), CHECK_OK);
	ck_assert_int_eq(check_http_judge(&u, NULL, 201, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	ck_assert_int_eq(check_http_judge(&u, NULL, 406, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	check_http_body_fini(&b);

	/* digest: status first, then the MD5 of the body */
	u.has_digest = true;
	parse_hex("b1946ac92492d2347c6235b4d2611184", u.digest);
	check_http_body_init(&b, true, 0);
	check_http_body_feed(&b, "hello\n", 6);
	ck_assert_int_eq(check_http_judge(&u, NULL, 200, &b, d, sizeof(d)), CHECK_OK);
	check_http_body_reset(&b);
	check_http_body_feed(&b, "hello", 5);
	ck_assert_int_eq(check_http_judge(&u, NULL, 200, &b, d, sizeof(d)), CHECK_BAD_DIGEST);
	/* printf hello | md5sum */
	ck_assert_str_eq(d, "MD5 5d41402abc4b2a76b9719d911017c592");
	check_http_body_reset(&b);
	check_http_body_feed(&b, "hello", 5);
	ck_assert_int_eq(check_http_judge(&u, NULL, 500, &b, d, sizeof(d)), CHECK_BAD_STATUS);
	check_http_body_fini(&b);
	u.has_digest = false;

	/* regex, and its inversion */
	u.regex = (char *)"READY";
	re = check_http_regex_new(&u, err, sizeof(err));
	ck_assert_ptr_nonnull(re);
	check_http_body_init(&b, false, CHECK_HTTP_BODY_KEEP_MAX);
	check_http_body_feed(&b, "state=READY\n", 12);
	ck_assert_int_eq(check_http_judge(&u, re, 200, &b, d, sizeof(d)), CHECK_OK);
	u.regex_no_match = true;
	ck_assert_int_eq(check_http_judge(&u, re, 200, &b, d, sizeof(d)), CHECK_BAD_REPLY);
	ck_assert_str_eq(d, "regex matched (regex_no_match)");
	check_http_body_reset(&b);
	check_http_body_feed(&b, "state=BUSY\n", 11);
	ck_assert_int_eq(check_http_judge(&u, re, 200, &b, d, sizeof(d)), CHECK_OK);
	u.regex_no_match = false;
	ck_assert_int_eq(check_http_judge(&u, re, 200, &b, d, sizeof(d)), CHECK_BAD_REPLY);
	ck_assert_str_eq(d, "regex did not match");
	check_http_body_fini(&b);
	check_http_regex_free(re);
}
END_TEST

START_TEST(test_strings)
{
	struct addr a4, a6;
	struct conf_check ck = {0};
	struct conf_check_url u = {0};
	char *s;

	ck_assert_int_eq(addr_parse("198.51.100.1", &a4), 0);
	ck_assert_int_eq(addr_parse("2001:db8::1", &a6), 0);
	s = check_http_url(false, NULL, &a4, 80, "/health");
	ck_assert_str_eq(s, "http://198.51.100.1:80/health");
	free(s);
	s = check_http_url(false, NULL, &a4, 8080, "health");
	ck_assert_str_eq(s, "http://198.51.100.1:8080/health");
	free(s);
	s = check_http_url(true, NULL, &a6, 443, "/");
	ck_assert_str_eq(s, "https://[2001:db8::1]:443/");
	free(s);
	s = check_http_url(true, "www.example.com", &a6, 443, "/x?y=1");
	ck_assert_str_eq(s, "https://www.example.com:443/x?y=1");
	free(s);
	s = check_http_connect_to(&a4, 80);
	ck_assert_str_eq(s, "::198.51.100.1:80");
	free(s);
	s = check_http_connect_to(&a6, 8443);
	ck_assert_str_eq(s, "::[2001:db8::1]:8443");
	free(s);

	/* Host: url's virtualhost > checker's; SNI: only with enable_sni,
	 * sni_name > virtualhost */
	ck_assert_ptr_null(check_http_vhost(&ck, &u));
	ck_assert_ptr_null(check_http_sni(&ck, &u));
	ck.virtualhost = (char *)"ck.example";
	ck_assert_str_eq(check_http_vhost(&ck, &u), "ck.example");
	ck_assert_ptr_null(check_http_sni(&ck, &u));
	ck.enable_sni = true;
	ck_assert_str_eq(check_http_sni(&ck, &u), "ck.example");
	u.virtualhost = (char *)"url.example";
	ck_assert_str_eq(check_http_vhost(&ck, &u), "url.example");
	ck_assert_str_eq(check_http_sni(&ck, &u), "url.example");
	ck.sni_name = (char *)"sni.example";
	ck_assert_str_eq(check_http_sni(&ck, &u), "sni.example");
	ck_assert_str_eq(check_http_vhost(&ck, &u), "url.example");
	ck.enable_sni = false;
	ck_assert_ptr_null(check_http_sni(&ck, &u));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("check_http");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, test_md5_like_md5sum);
	tcase_add_test(tc, test_body_reset_and_keep);
	tcase_add_test(tc, test_regex_flag_table);
	tcase_add_test(tc, test_regex_match);
	tcase_add_test(tc, test_judge);
	tcase_add_test(tc, test_strings);
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
