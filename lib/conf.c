/*
 * conf: the root of the config model and the load pipeline
 * (lex -> parse -> finalize -> validate), see conf.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/conf.h"
#include "lib/conf_lex.h"
#include "lib/conf_parse.h"

struct conf *conf_new(void)
{
	struct conf *c = xcalloc(1, sizeof(*c));

	conf_global_init(&c->global);
	TAILQ_INIT(&c->vrrp_scripts);
	TAILQ_INIT(&c->track_files);
	TAILQ_INIT(&c->sync_groups);
	TAILQ_INIT(&c->vrrps);
	TAILQ_INIT(&c->vsgs);
	TAILQ_INIT(&c->vss);
	return c;
}

void conf_free(struct conf *c)
{
	if (!c)
		return;
	conf_vrrp_free_all(c);
	conf_lvs_free_all(c);
	conf_global_free(&c->global);
	for (size_t i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	free(c->files);
	free(c);
}

/* Parse what the lexer produced (a chunk of complete top-level statements,
 * or the rest at the end). */
static void conf_parse_toks(void *ctx, struct conf_toks *toks)
{
	struct conf_parser *p = ctx;

	p->toks = toks;
	p->pos = 0;
	conf_parse(p);
}

/* Lex (text != NULL: from memory) and parse as the lexer goes, then
 * finalize and validate. */
static struct conf *conf_run(const char *name, const char *text, size_t len,
			     const struct conf_load_opts *opts, struct conf_errs *errs)
{
	struct conf *c = conf_new();
	struct conf_parser p = {.toks = NULL, .pos = 0, .errs = errs, .conf = c};
	struct conf_lex_opts lo = {
	    .config_id = opts ? opts->config_id : NULL, .sink = conf_parse_toks, .sink_ctx = &p};
	size_t nerr_before = errs->nerr;
	struct conf_toks toks;

	conf_toks_init(&toks);
	if (text)
		conf_lex_buf(name, text, len, &lo, &toks, errs);
	else
		conf_lex_file(name, &lo, &toks, errs);
	conf_parse_toks(&p, &toks);
	c->files = conf_toks_take_files(&toks, &c->nfiles);
	conf_toks_free(&toks);
	conf_vrrp_finalize(c, errs);
	conf_lvs_finalize(c, errs);
	if (!opts || !opts->snapshot)
		conf_validate(c, errs);
	if (errs->nerr > nerr_before) {
		conf_free(c);
		return NULL;
	}
	return c;
}

struct conf *conf_load(const char *path, const struct conf_load_opts *opts, struct conf_errs *errs)
{
	return conf_run(path, NULL, 0, opts, errs);
}

struct conf *conf_load_buf(const char *name, const char *text, size_t len,
			   const struct conf_load_opts *opts, struct conf_errs *errs)
{
	return conf_run(name, text ? text : "", len, opts, errs);
}

void conf_print(struct strbuf *out, const struct conf *c)
{
	conf_global_print(out, c);
	conf_vrrp_print(out, c);
	conf_lvs_print(out, c, false);
}

void conf_print_snapshot(struct strbuf *out, const struct conf *c, bool lvs)
{
	conf_global_print(out, c);
	conf_vrrp_print(out, c);
	if (lvs)
		conf_lvs_print(out, c, true);
}

bool conf_has_vrrp(const struct conf *c)
{
	return !TAILQ_EMPTY(&c->vrrps);
}

bool conf_has_lvs(const struct conf *c)
{
	return !TAILQ_EMPTY(&c->vss);
}
