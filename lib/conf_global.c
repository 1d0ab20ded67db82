/*
 * conf_global: global_defs keywords, printing and checks.  (Skeleton: filled in
 * by the global/VRRP config work.)
 */
#include "config.h"

#include <stdlib.h>

#include "lib/conf_parse.h"

static const struct conf_kw conf_global_kws[] = {
	{.name = "router_id", .fn = conf_kw_str, .off = offsetof(struct conf_global, router_id)},
	{.name = NULL},
};

static void *conf_global_block(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			       const struct conf_kw *kw)
{
	if (!conf_nargs(p, st, 0, 0))
		return NULL;
	p->conf->global.loc = st->kw->loc;
	return &p->conf->global;
}

const struct conf_kw conf_global_top_kws[] = {
	{.name = "global_defs", .fn = conf_global_block, .block = conf_global_kws, .flags = CONF_KW_BLOCK},
	{.name = NULL},
};

void conf_global_init(struct conf_global *g)
{
	(void)g;
}

void conf_global_free(struct conf_global *g)
{
	free(g->router_id);
}

void conf_global_print(struct strbuf *b, const struct conf *c)
{
	conf_out(b, 0, "global_defs {");
	if (c->global.router_id) {
		strbuf_puts(b, "    router_id ");
		conf_out_word(b, c->global.router_id);
		strbuf_putc(b, '\n');
	}
	conf_out(b, 0, "}");
}

void conf_global_validate(const struct conf *c, struct conf_errs *errs)
{
	(void)c;
	(void)errs;
}
