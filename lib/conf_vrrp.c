/*
 * conf_vrrp: skeleton; keywords, printing and rules are filled in by the
 * vrrp config work.
 */
#include "config.h"

#include "lib/conf_parse.h"

const struct conf_kw conf_vrrp_top_kws[] = {
	{.name = NULL},
};

void conf_vrrp_free_all(struct conf *c)
{
	(void)c;
}

void conf_vrrp_finalize(struct conf *c, struct conf_errs *errs)
{
	(void)c;
	(void)errs;
}

void conf_vrrp_print(struct strbuf *b, const struct conf *c)
{
	(void)b;
	(void)c;
}

void conf_vrrp_validate(const struct conf *c, struct conf_errs *errs)
{
	(void)c;
	(void)errs;
}
