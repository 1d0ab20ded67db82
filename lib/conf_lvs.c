/*
 * conf_lvs: skeleton; keywords, printing and rules are filled in by the
 * lvs config work.
 */
#include "config.h"

#include "lib/conf_parse.h"

const struct conf_kw conf_lvs_top_kws[] = {
	{.name = NULL},
};

void conf_lvs_free_all(struct conf *c)
{
	(void)c;
}

void conf_lvs_finalize(struct conf *c, struct conf_errs *errs)
{
	(void)c;
	(void)errs;
}

void conf_lvs_print(struct strbuf *b, const struct conf *c)
{
	(void)b;
	(void)c;
}

void conf_lvs_validate(const struct conf *c, struct conf_errs *errs)
{
	(void)c;
	(void)errs;
}
