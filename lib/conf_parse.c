/*
 * conf_parse: walks the token stream block by block, dispatching each
 * statement to the keyword table of the block it is in (see conf_parse.h).
 * Also owns the argument helpers, generic handlers and print helpers that
 * every domain module uses, so messages read the same everywhere.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/conf_parse.h"

static const struct conf_kw *const conf_top_tables[] = {
    conf_global_top_kws,
    conf_vrrp_top_kws,
    conf_lvs_top_kws,
};

static void conf_pdiag(struct conf_parser *p, const struct conf_tok *at, bool warn, const char *fmt,
		       va_list ap) __attribute__((format(printf, 4, 0)));

/* At most this many parser diagnostics a run (a garbage file must not take
 * forever or fill the screen); then one line says the rest were dropped. */
#define CONF_PARSE_MAX_DIAGS 500

static void conf_pdiag(struct conf_parser *p, const struct conf_tok *at, bool warn, const char *fmt,
		       va_list ap)
{
	struct strbuf b;

	if (p->ndiags > CONF_PARSE_MAX_DIAGS)
		return;
	if (p->ndiags++ == CONF_PARSE_MAX_DIAGS) {
		conf_error(p->errs, at ? &at->loc : NULL,
			   "too many errors in the config; further ones not shown");
		return;
	}
	strbuf_init(&b);
	strbuf_vprintf(&b, fmt, ap);
	if (warn)
		conf_warning(p->errs, at ? &at->loc : NULL, "%s", b.s);
	else
		conf_error(p->errs, at ? &at->loc : NULL, "%s", b.s);
	strbuf_free(&b);
}

void conf_perr(struct conf_parser *p, const struct conf_tok *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_pdiag(p, at, false, fmt, ap);
	va_end(ap);
}

void conf_pwarn(struct conf_parser *p, const struct conf_tok *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_pdiag(p, at, true, fmt, ap);
	va_end(ap);
}

static const struct conf_tok *conf_peek(const struct conf_parser *p)
{
	return p->pos < p->toks->n ? &p->toks->v[p->pos] : NULL;
}

static bool conf_is(const struct conf_tok *t, enum conf_tok_type type)
{
	return t && t->type == type && !(type != CONF_TOK_WORD && t->quoted);
}

/* Skip a balanced block whose `{` is at p->pos. */
static void conf_skip_block(struct conf_parser *p)
{
	int depth = 0;

	for (; p->pos < p->toks->n; p->pos++) {
		const struct conf_tok *t = &p->toks->v[p->pos];
		if (conf_is(t, CONF_TOK_LBRACE))
			depth++;
		else if (conf_is(t, CONF_TOK_RBRACE) && --depth == 0) {
			p->pos++;
			break;
		}
	}
	while (conf_is(conf_peek(p), CONF_TOK_EOL))
		p->pos++;
}

/* Read one statement starting at p->pos (a WORD); leaves p->pos on its `{`
 * when it has a block, else after its EOL. */
static void conf_read_stmt(struct conf_parser *p, struct conf_stmt *st)
{
	const struct conf_tok *t;

	st->kw = &p->toks->v[p->pos++];
	st->args = conf_peek(p);
	st->nargs = 0;
	st->has_block = false;
	while ((t = conf_peek(p)) && t->type == CONF_TOK_WORD) {
		st->nargs++;
		p->pos++;
	}
	if (st->nargs == 0)
		st->args = NULL;
	if (conf_is(conf_peek(p), CONF_TOK_LBRACE)) {
		st->has_block = true;
		return;
	}
	/* A `}` may close the enclosing block on the statement's line. */
	if (conf_is(conf_peek(p), CONF_TOK_EOL))
		p->pos++;
	/* `{` on the next line opens this statement's block. */
	if (conf_is(conf_peek(p), CONF_TOK_LBRACE))
		st->has_block = true;
}

static const struct conf_kw *conf_kw_find(const struct conf_kw *tab, const char *name)
{
	for (; tab && tab->name; tab++)
		if (tab->name[0] == name[0] && strcmp(tab->name, name) == 0)
			return tab;
	return NULL;
}

static void conf_suggest(const struct conf_kw *tab, const char *name, const char **best,
			 size_t *bestd)
{
	for (; tab && tab->name; tab++) {
		size_t d = util_edit_distance(name, tab->name);
		if (d < *bestd) {
			*bestd = d;
			*best = tab->name;
		}
	}
}

static void conf_parse_block(struct conf_parser *p, const struct conf_kw *const *tabs, size_t ntabs,
			     const char *ctx, void *obj, bool toplevel);

/* Parse the body of a list block ({ line; line; ... }), p->pos after its `{`. */
static void conf_parse_lines(struct conf_parser *p, const struct conf_kw *kw, void *obj)
{
	const struct conf_tok *t;

	while ((t = conf_peek(p))) {
		struct conf_stmt st;

		if (conf_is(t, CONF_TOK_EOL)) {
			p->pos++;
			continue;
		}
		if (conf_is(t, CONF_TOK_RBRACE)) {
			p->pos++;
			return;
		}
		if (conf_is(t, CONF_TOK_LBRACE)) {
			conf_perr(p, t, "unexpected '{' in %s", kw->name);
			conf_skip_block(p);
			continue;
		}
		conf_read_stmt(p, &st);
		if (st.has_block) {
			conf_perr(p, st.kw, "unexpected block after '%s' in %s", st.kw->text,
				  kw->name);
			conf_skip_block(p);
			continue;
		}
		kw->line(p, &st, obj, kw);
	}
	conf_perr(p, NULL, "unexpected end of input: missing '}' for %s", kw->name);
}

static void conf_open_block(struct conf_parser *p, const struct conf_kw *kw,
			    const struct conf_stmt *st, void *child)
{
	p->pos++; /* the `{` */
	if (kw->line) {
		conf_parse_lines(p, kw, child);
	} else {
		const struct conf_kw *tabs[1] = {kw->block};
		conf_parse_block(p, tabs, 1, kw->name, child, false);
	}
	(void)st;
	while (conf_is(conf_peek(p), CONF_TOK_EOL))
		p->pos++;
}

static void conf_parse_stmt(struct conf_parser *p, const struct conf_kw *const *tabs, size_t ntabs,
			    const char *ctx, void *obj)
{
	struct conf_stmt st;
	const struct conf_kw *kw = NULL;
	void *child;

	conf_read_stmt(p, &st);
	for (size_t i = 0; i < ntabs && !kw; i++)
		kw = conf_kw_find(tabs[i], st.kw->text);
	if (!kw) {
		const char *best = NULL;
		size_t bestd = (size_t)-1;

		/* no keyword is long: spare the edit distances for garbage */
		for (size_t i = 0; i < ntabs && strlen(st.kw->text) <= 64; i++)
			conf_suggest(tabs[i], st.kw->text, &best, &bestd);
		if (best && bestd <= (strlen(st.kw->text) + 2) / 3 + 1)
			conf_perr(p, st.kw, "unknown keyword '%s' in %s (did you mean '%s'?)",
				  st.kw->text, ctx, best);
		else
			conf_perr(p, st.kw, "unknown keyword '%s' in %s", st.kw->text, ctx);
		if (st.has_block)
			conf_skip_block(p);
		return;
	}
	if (kw->flags & CONF_KW_UNSUPPORTED) {
		conf_perr(p, st.kw,
			  "'%s' is a keepalived keyword that vigil does not implement%s%s",
			  kw->name, kw->note ? ": " : "", kw->note ? kw->note : "");
		if (st.has_block)
			conf_skip_block(p);
		return;
	}
	if (kw->flags & CONF_KW_IGNORED) {
		if (kw->note)
			conf_pwarn(p, st.kw, "'%s' ignored (%s)", kw->name, kw->note);
		else
			conf_pwarn(p, st.kw, "'%s' ignored", kw->name);
		if (st.has_block)
			conf_skip_block(p);
		return;
	}
	if (st.has_block && !kw->block && !kw->line) {
		conf_perr(p, st.kw, "'%s' does not take a block", kw->name);
		conf_skip_block(p);
		return;
	}
	if (!st.has_block && (kw->flags & CONF_KW_BLOCK)) {
		conf_perr(p, st.kw, "'%s' needs a block { ... }", kw->name);
		return;
	}
	child = kw->fn(p, &st, obj, kw);
	if (st.has_block) {
		if (child)
			conf_open_block(p, kw, &st, child);
		else
			conf_skip_block(p);
	}
}

static void conf_parse_block(struct conf_parser *p, const struct conf_kw *const *tabs, size_t ntabs,
			     const char *ctx, void *obj, bool toplevel)
{
	const struct conf_tok *t;

	while ((t = conf_peek(p))) {
		if (conf_is(t, CONF_TOK_EOL)) {
			p->pos++;
			continue;
		}
		if (conf_is(t, CONF_TOK_RBRACE)) {
			p->pos++;
			if (!toplevel)
				return;
			conf_perr(p, t, "unexpected '}' (no block is open)");
			continue;
		}
		if (conf_is(t, CONF_TOK_LBRACE)) {
			conf_perr(p, t, "unexpected '{' (a block must follow a keyword)");
			conf_skip_block(p);
			continue;
		}
		conf_parse_stmt(p, tabs, ntabs, ctx, obj);
	}
	if (!toplevel)
		conf_perr(p, p->toks->n ? &p->toks->v[p->toks->n - 1] : NULL,
			  "unexpected end of input: missing '}' for %s", ctx);
}

void conf_parse(struct conf_parser *p)
{
	conf_parse_block(p, conf_top_tables, ARRAY_SIZE(conf_top_tables), "the top level", p->conf,
			 true);
}

/* ---- argument helpers ---- */

bool conf_nargs(struct conf_parser *p, const struct conf_stmt *st, size_t min, long max)
{
	if (st->nargs < min || (max >= 0 && st->nargs > (size_t)max)) {
		if (max == 0)
			conf_perr(p, st->kw, "'%s' takes no argument", st->kw->text);
		else if ((long)min == max)
			conf_perr(p, st->kw, "'%s' takes %zu argument%s, got %zu", st->kw->text,
				  min, min == 1 ? "" : "s", st->nargs);
		else if (max < 0)
			conf_perr(p, st->kw, "'%s' takes at least %zu argument%s, got %zu",
				  st->kw->text, min, min == 1 ? "" : "s", st->nargs);
		else
			conf_perr(p, st->kw, "'%s' takes %zu to %ld arguments, got %zu",
				  st->kw->text, min, max, st->nargs);
		return false;
	}
	return true;
}

const char *conf_arg(const struct conf_stmt *st, size_t i)
{
	return i < st->nargs ? st->args[i].text : NULL;
}

static const struct conf_tok *conf_arg_tok(const struct conf_stmt *st, size_t i)
{
	return i < st->nargs ? &st->args[i] : st->kw;
}

bool conf_arg_ll(struct conf_parser *p, const struct conf_stmt *st, size_t i, long long min,
		 long long max, long long *out)
{
	if (i >= st->nargs) {
		conf_perr(p, st->kw, "'%s' needs a number", st->kw->text);
		return false;
	}
	if (util_parse_ll(st->args[i].text, min, max, out) < 0) {
		conf_perr(p, &st->args[i], "%s: '%s' is not an integer in %lld..%lld", st->kw->text,
			  st->args[i].text, min, max);
		return false;
	}
	return true;
}

bool conf_arg_u32(struct conf_parser *p, const struct conf_stmt *st, size_t i, uint32_t min,
		  uint32_t max, uint32_t *out)
{
	long long v;

	if (!conf_arg_ll(p, st, i, min, max, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

bool conf_arg_fixed(struct conf_parser *p, const struct conf_stmt *st, size_t i, unsigned decimals,
		    long long min, long long max, long long *out)
{
	long long scale = 1;

	for (unsigned d = 0; d < decimals; d++)
		scale *= 10;
	if (i >= st->nargs) {
		conf_perr(p, st->kw, "'%s' needs a number", st->kw->text);
		return false;
	}
	if (util_parse_fixed(st->args[i].text, decimals, min, max, out) < 0) {
		if (decimals)
			conf_perr(
			    p, &st->args[i],
			    "%s: '%s' is not a number in %lld.%0*lld..%lld.%0*lld (at most %u "
			    "decimals)",
			    st->kw->text, st->args[i].text, min / scale, (int)decimals, min % scale,
			    max / scale, (int)decimals, max % scale, decimals);
		else
			conf_perr(p, &st->args[i], "%s: '%s' is not an integer in %lld..%lld",
				  st->kw->text, st->args[i].text, min, max);
		return false;
	}
	return true;
}

bool conf_arg_addr(struct conf_parser *p, const struct conf_stmt *st, size_t i, struct addr *a,
		   int *plen)
{
	int pl = -1;
	int r;

	if (i >= st->nargs) {
		conf_perr(p, st->kw, "'%s' needs an IP address", st->kw->text);
		return false;
	}
	r = plen ? addr_parse_prefix(st->args[i].text, a, &pl) : addr_parse(st->args[i].text, a);
	if (r < 0) {
		conf_perr(p, &st->args[i], "%s: '%s' is not a valid IP address%s", st->kw->text,
			  st->args[i].text, plen ? " (with optional /prefix)" : "");
		return false;
	}
	if (plen)
		*plen = pl;
	return true;
}

bool conf_arg_bool(struct conf_parser *p, const struct conf_stmt *st, size_t i, bool *out)
{
	static const char *const yes[] = {"on", "true", "yes", "1"};
	static const char *const no[] = {"off", "false", "no", "0"};
	const char *a = conf_arg(st, i);

	if (!a) {
		*out = true;
		return true;
	}
	for (size_t k = 0; k < ARRAY_SIZE(yes); k++) {
		if (strcasecmp(a, yes[k]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(a, no[k]) == 0) {
			*out = false;
			return true;
		}
	}
	conf_perr(p, conf_arg_tok(st, i), "%s: '%s' is not on/off/true/false/yes/no", st->kw->text,
		  a);
	return false;
}

char *conf_args_join(const struct conf_stmt *st, size_t i)
{
	struct strbuf b;

	strbuf_init(&b);
	for (size_t k = i; k < st->nargs; k++) {
		if (k > i)
			strbuf_putc(&b, ' ');
		strbuf_puts(&b, st->args[k].text);
	}
	return strbuf_steal(&b);
}

/* ---- generic handlers ---- */

void *conf_kw_u32(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		  const struct conf_kw *kw)
{
	uint32_t v;

	if (conf_nargs(p, st, 1, 1) &&
	    conf_arg_u32(p, st, 0, (uint32_t)kw->min, (uint32_t)kw->max, &v))
		*(uint32_t *)(void *)((char *)obj + kw->off) = v;
	return NULL;
}

void *conf_kw_int(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		  const struct conf_kw *kw)
{
	long long v;

	if (conf_nargs(p, st, 1, 1) && conf_arg_ll(p, st, 0, kw->min, kw->max, &v))
		*(int *)(void *)((char *)obj + kw->off) = (int)v;
	return NULL;
}

void *conf_kw_flag(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		   const struct conf_kw *kw)
{
	bool v;

	if (conf_nargs(p, st, 0, 1) && conf_arg_bool(p, st, 0, &v))
		*(bool *)(void *)((char *)obj + kw->off) = v;
	return NULL;
}

void *conf_kw_str(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		  const struct conf_kw *kw)
{
	char **dst = (char **)(void *)((char *)obj + kw->off);

	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	free(*dst);
	*dst = xstrdup(st->args[0].text);
	return NULL;
}

void *conf_kw_cmd(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		  const struct conf_kw *kw)
{
	char **dst = (char **)(void *)((char *)obj + kw->off);

	if (!conf_nargs(p, st, 1, -1))
		return NULL;
	free(*dst);
	*dst = conf_args_join(st, 0);
	return NULL;
}

/* ---- printing ---- */

void conf_out(struct strbuf *b, int depth, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	for (int i = 0; i < depth; i++)
		strbuf_puts(b, "    ");
	/* a printout has a line per value: no formatting where there is nothing
	 * to format, and one vsnprintf (not strbuf_printf's two) for a short line */
	if (!strchr(fmt, '%')) {
		strbuf_puts(b, fmt);
		strbuf_putc(b, '\n');
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(line)) {
		strbuf_add(b, line, (size_t)n);
	} else {
		va_start(ap, fmt);
		strbuf_vprintf(b, fmt, ap);
		va_end(ap);
	}
	strbuf_putc(b, '\n');
}

void conf_out_word(struct strbuf *b, const char *s)
{
	/* Bare when nothing in it means something to the lexer: blanks, quotes,
	 * braces, comments, parameters, and at the start of a line `@ID`,
	 * `~SEQ(` and `include` (a list block's line may start with any word). */
	bool plain = *s != '\0' && *s != '@' && *s != '~' && strncmp(s, "include", 7) != 0;

	for (const char *c = s; *c && plain; c++)
		if (strchr(" \t\r\v\f\"'{}#!\\$", *c))
			plain = false;
	if (plain) {
		strbuf_puts(b, s);
		return;
	}
	if (!strchr(s, '"')) {
		strbuf_putc(b, '"');
		strbuf_puts(b, s);
		strbuf_putc(b, '"');
		return;
	}
	if (!strchr(s, '\'')) {
		strbuf_putc(b, '\'');
		strbuf_puts(b, s);
		strbuf_putc(b, '\'');
		return;
	}
	/* Both kinds of quote (there are no escapes): adjacent quoted parts join
	 * into one word, so each `"` goes in single quotes, the rest in double. */
	for (const char *c = s; *c;) {
		size_t n = strcspn(c, "\"");

		if (n) {
			strbuf_putc(b, '"');
			strbuf_add(b, c, n);
			strbuf_putc(b, '"');
			c += n;
		}
		if (*c == '"') {
			strbuf_puts(b, "'\"'");
			c++;
		}
	}
}
