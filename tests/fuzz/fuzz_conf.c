/*
 * fuzz_conf: libFuzzer target for the whole config pipeline (lexer, parser,
 * finalize, validate, printer).  A valid input must also print to text that
 * re-parses to the same printout, and its snapshot form (conf_print_snapshot,
 * what the supervisor hands its children) must load to a model that prints
 * the same; the VRRP process's (without LVS) must load.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A base name in a directory that does not exist keeps relative includes inert. */
	const struct conf_load_opts opts = {.config_id = "fuzz"};
	const struct conf_load_opts snap_opts = {.config_id = "fuzz", .snapshot = true};
	struct conf_errs errs;
	struct conf *c;

	conf_errs_init(&errs);
	c = conf_load_buf("/nonexistent-vigil-fuzz/fuzz.conf", (const char *)data, size, &opts,
			  &errs);
	if (c) {
		struct strbuf a, b;
		struct conf *c2;
		struct conf_errs errs2;

		strbuf_init(&a);
		strbuf_init(&b);
		conf_print(&a, c);
		conf_errs_init(&errs2);
		c2 = conf_load_buf("/nonexistent-vigil-fuzz/print.conf", a.s, a.len, &opts, &errs2);
		if (!c2)
			abort(); /* the printout of a valid config must be valid */
		conf_print(&b, c2);
		if (a.len != b.len || memcmp(a.s, b.s, a.len) != 0)
			abort(); /* printing must be idempotent */
		conf_free(c2);
		strbuf_free(&b);
		strbuf_init(&b);
		conf_print_snapshot(&b, c, true);
		c2 = conf_load_buf("/nonexistent-vigil-fuzz/snap.conf", b.s, b.len, &snap_opts,
				   &errs2);
		if (!c2)
			abort(); /* the snapshot of a valid config must be valid */
		strbuf_free(&b);
		strbuf_init(&b);
		conf_print(&b, c2);
		if (a.len != b.len || memcmp(a.s, b.s, a.len) != 0)
			abort(); /* and load to the same model */
		conf_free(c2);
		strbuf_free(&b);
		strbuf_init(&b);
		conf_print_snapshot(&b, c, false);
		c2 = conf_load_buf("/nonexistent-vigil-fuzz/snap.conf", b.s, b.len, &snap_opts,
				   &errs2);
		if (!c2)
			abort(); /* the VRRP process's snapshot (no LVS) must be valid too */
		conf_free(c2);
		conf_errs_free(&errs2);
		strbuf_free(&a);
		strbuf_free(&b);
		conf_free(c);
	}
	conf_errs_free(&errs);
	return 0;
}
