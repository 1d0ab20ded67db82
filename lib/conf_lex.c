/* conf_lex: placeholder until the lexer lands (see conf_lex.h). */
#include "config.h"

#include <string.h>

#include "lib/conf_lex.h"
#include "lib/util.h"

void conf_toks_init(struct conf_toks *t)
{
	memset(t, 0, sizeof(*t));
}

void conf_toks_free(struct conf_toks *t)
{
	conf_toks_init(t);
}

char **conf_toks_take_files(struct conf_toks *t, size_t *nfiles)
{
	*nfiles = 0;
	(void)t;
	return NULL;
}

int conf_lex_file(const char *path, const struct conf_lex_opts *opts, struct conf_toks *out,
		  struct conf_errs *errs)
{
	conf_error(errs, NULL, "lexer not implemented yet");
	return -1;
}

int conf_lex_buf(const char *name, const char *text, size_t len, const struct conf_lex_opts *opts,
		 struct conf_toks *out, struct conf_errs *errs)
{
	conf_error(errs, NULL, "lexer not implemented yet");
	return -1;
}
