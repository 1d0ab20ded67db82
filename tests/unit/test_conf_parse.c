/*
 * Unit tests for the parser framework (lib/conf_parse.c): statement and
 * block structure, unknown/unsupported/ignored keywords, argument helpers,
 * error positions and "report everything in one run".
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/conf.h"
#include "lib/conf_parse.h"

static struct conf_errs errs;

static struct conf *load(const char *text)
{
	const struct conf_load_opts opts = {.config_id = "test"};

	conf_errs_free(&errs);
	return conf_load_buf("t.conf", text, strlen(text), &opts, &errs);
}

/* The i-th diagnostic formatted as printed. */
static char *diag(size_t i)
{
	ck_assert_uint_gt(errs.n, i);
	return conf_diag_str(&errs.v[i]);
}

#define ck_diag(i, expected)                                                                       \
	do {                                                                                       \
		char *d_ = diag(i);                                                                \
		ck_assert_str_eq(d_, expected);                                                    \
		free(d_);                                                                          \
	} while (0)

static void setup(void)
{
	conf_errs_init(&errs);
}

static void teardown(void)
{
	conf_errs_free(&errs);
}

START_TEST(test_minimal_and_brace_positions)
{
	struct conf *c;

	c = load("global_defs {\n    router_id lvs1\n}\n");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "lvs1");
	ck_assert_int_eq(c->global.loc.line, 1);
	conf_free(c);
	/* `{` on the next line, and the block closed on the statement's line */
	c = load("global_defs\n{\n    router_id lvs2 }\n");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "lvs2");
	conf_free(c);
	c = load("global_defs{router_id lvs3}");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->global.router_id, "lvs3");
	conf_free(c);
	ck_assert_uint_eq(errs.n, 0);
}
END_TEST

START_TEST(test_unknown_keyword_suggestion)
{
	ck_assert_ptr_null(load("global_def {\n    router_id x\n}\n"));
	ck_assert_uint_eq(errs.nerr, 1);
	ck_diag(0, "t.conf:1:1: unknown keyword 'global_def' in the top level (did you mean "
		   "'global_defs'?)");
	ck_assert_ptr_null(load("global_defs {\n    routr_id x\n}\n"));
	ck_diag(0, "t.conf:2:5: unknown keyword 'routr_id' in global_defs (did you mean "
		   "'router_id'?)");
	/* nothing close: no suggestion */
	ck_assert_ptr_null(load("frobnicate_the_widgets 1\n"));
	ck_diag(0, "t.conf:1:1: unknown keyword 'frobnicate_the_widgets' in the top level");
}
END_TEST

START_TEST(test_block_structure_errors)
{
	ck_assert_ptr_null(load("global_defs\n"));
	ck_diag(0, "t.conf:1:1: 'global_defs' needs a block { ... }");
	ck_assert_ptr_null(load("}\n"));
	ck_diag(0, "t.conf:1:1: unexpected '}' (no block is open)");
	ck_assert_ptr_null(load("global_defs {\n    router_id x\n"));
	ck_assert_uint_eq(errs.nerr, 1);
	ck_assert(strstr(errs.v[0].msg, "missing '}' for global_defs") != NULL);
	ck_assert_ptr_null(load("global_defs {\n    router_id x {\n        a b\n    }\n}\n"));
	ck_diag(0, "t.conf:2:5: 'router_id' does not take a block");
	ck_assert_ptr_null(load("{\n}\n"));
	ck_diag(0, "t.conf:1:1: unexpected '{' (a block must follow a keyword)");
}
END_TEST

START_TEST(test_argument_count)
{
	ck_assert_ptr_null(load("global_defs {\n    router_id\n}\n"));
	ck_diag(0, "t.conf:2:5: 'router_id' takes 1 argument, got 0");
	ck_assert_ptr_null(load("global_defs {\n    router_id a b\n}\n"));
	ck_diag(0, "t.conf:2:5: 'router_id' takes 1 argument, got 2");
	ck_assert_ptr_null(load("global_defs a {\n}\n"));
	ck_diag(0, "t.conf:1:1: 'global_defs' takes no argument");
}
END_TEST

START_TEST(test_all_errors_in_one_run)
{
	/* Three independent errors, in three places: all reported, in order. */
	ck_assert_ptr_null(load("global_defs {\n    routr_id x\n}\nbogus_one\nglobal_defs {\n"
				"    router_id a b\n}\n"));
	ck_assert_uint_eq(errs.nerr, 3);
	ck_assert_int_eq(errs.v[0].loc.line, 2);
	ck_assert_int_eq(errs.v[1].loc.line, 4);
	ck_assert_int_eq(errs.v[2].loc.line, 6);
}
END_TEST

START_TEST(test_print_quotes_words)
{
	struct strbuf b;

	strbuf_init(&b);
	conf_out_word(&b, "plain");
	strbuf_putc(&b, ' ');
	conf_out_word(&b, "/bin/echo two words");
	strbuf_putc(&b, ' ');
	conf_out_word(&b, "say \"hi\"");
	strbuf_putc(&b, ' ');
	conf_out_word(&b, "");
	strbuf_putc(&b, ' ');
	conf_out_word(&b, "a#b");
	ck_assert_str_eq(b.s, "plain \"/bin/echo two words\" 'say \"hi\"' \"\" \"a#b\"");
	strbuf_free(&b);
	/* words the lexer would read as @ID, ~SEQ or include at a line's start */
	strbuf_init(&b);
	conf_out_word(&b, "@node1");
	strbuf_putc(&b, ' ');
	conf_out_word(&b, "~SEQ(x)");
	strbuf_putc(&b, ' ');
	conf_out_word(&b, "include");
	ck_assert_str_eq(b.s, "\"@node1\" \"~SEQ(x)\" \"include\"");
	strbuf_free(&b);
}
END_TEST

/* Printed words read back as the same single word, whatever they hold. */
START_TEST(test_print_word_round_trip)
{
	static const char *const words[] = {"plain", "two words", "a\"b", "a'b", "a\"b'c\"d", "\"",
					    "'",     "{x}",	  "#!",	  "@x",	 "~SEQ(i,1)"};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct strbuf b;
		struct conf *c;

		strbuf_init(&b);
		strbuf_puts(&b, "global_defs {\n    router_id ");
		conf_out_word(&b, words[i]);
		strbuf_puts(&b, "\n}\n");
		c = load(b.s);
		ck_assert_msg(c != NULL, "word %zu does not re-parse: %s", i, b.s);
		ck_assert_str_eq(c->global.router_id, words[i]);
		conf_free(c);
		strbuf_free(&b);
	}
}
END_TEST

START_TEST(test_error_cap)
{
	struct strbuf b;

	/* 2000 unknown keywords: 500 reported, then one line says the rest were dropped */
	strbuf_init(&b);
	for (int i = 0; i < 2000; i++)
		strbuf_puts(&b, "bogus_keyword_here\n");
	ck_assert_ptr_null(load(b.s));
	ck_assert_uint_eq(errs.nerr, 501);
	ck_assert(strstr(errs.v[500].msg, "too many errors") != NULL);
	strbuf_free(&b);
}
END_TEST

/* Files are read through a 64 KiB window: a line longer than the window and a
 * last line without a newline come through whole, with right positions. */
START_TEST(test_file_window)
{
	char path[] = "/tmp/vigil-test-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	struct conf *c;
	const struct conf_load_opts opts = {.config_id = "test"};

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < 5000; i++)
		fprintf(f, "# filler line %d to push the next block past the first window\n", i);
	fputs("global_defs {\n    router_id ", f);
	for (int i = 0; i < 100000; i++)
		fputc('a' + i % 26, f);
	fputs("\n    bogus_kw 1\n}", f); /* no newline at the end */
	fclose(f);
	conf_errs_free(&errs);
	c = conf_load(path, &opts, &errs);
	ck_assert_ptr_null(c);
	ck_assert_uint_eq(errs.nerr, 1);
	ck_assert_int_eq(errs.v[0].loc.line, 5003);
	ck_assert_int_eq(errs.v[0].loc.col, 5);
	/* the same without the error: the long word whole */
	f = fopen(path, "r+");
	ck_assert_ptr_nonnull(f);
	fseek(f, -(long)strlen("bogus_kw 1\n}"), SEEK_END);
	fputs("#ogus_kw 1\n}", f);
	fclose(f);
	conf_errs_free(&errs);
	c = conf_load(path, &opts, &errs);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(strlen(c->global.router_id), 100000);
	ck_assert_int_eq(c->global.router_id[99999], 'a' + 99999 % 26);
	conf_free(c);
	unlink(path);
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("conf_parse");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_minimal_and_brace_positions);
	tcase_add_test(tc, test_unknown_keyword_suggestion);
	tcase_add_test(tc, test_block_structure_errors);
	tcase_add_test(tc, test_argument_count);
	tcase_add_test(tc, test_all_errors_in_one_run);
	tcase_add_test(tc, test_print_quotes_words);
	tcase_add_test(tc, test_print_word_round_trip);
	tcase_add_test(tc, test_error_cap);
	tcase_add_test(tc, test_file_window);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(parse_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
