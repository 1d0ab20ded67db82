/*
 * conf_validate: cross-object rules over the whole model.  Each domain owns
 * its rules (conf_global_validate, conf_vrrp_validate, conf_lvs_validate);
 * this is the single entry point that runs them all and counts the errors.
 */
#include "config.h"

#include "lib/conf.h"
#include "lib/conf_parse.h"

size_t conf_validate(struct conf *c, struct conf_errs *errs)
{
	size_t before = errs->nerr;

	conf_global_validate(c, errs);
	conf_vrrp_validate(c, errs);
	conf_lvs_validate(c, errs);
	return errs->nerr - before;
}
