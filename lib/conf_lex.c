/*
 * conf_lex: the lexical layer of the keepalived.conf language (see
 * conf_lex.h for the contract).
 *
 * How it works.  Every file is cut into physical lines.  Each line becomes
 * an "xline": its bytes plus a parallel array with the line/column of every
 * byte, so that locations survive the rewriting steps below.  A line goes
 * through, in this order:
 *
 *   1. comment stripping (`#` / `!` outside quotes) on the raw text only, so
 *      that a `#` produced by a parameter (e.g. ${_HASH}) is plain text;
 *   2. multi-line definition continuation (a pending `$NAME=... \`);
 *   3. process_line(): `@ID` / `@^ID` conditionals, `$NAME=value`
 *      definitions, `~SEQ(...)` repetition, `include`, and finally one level
 *      of parameter substitution.  When a substitution happened, the result
 *      (split at the newlines of multi-line values) is processed again, so
 *      replacement is recursive and happens at use time, as keepalived does.
 *      Bytes that come from a parameter value carry the location of the `$`.
 *   4. tokenise(): words, quoted segments (quotes removed, a word may mix
 *      bare and quoted parts: `ab"c d"e` is one word), `{` and `}` tokens,
 *      and one EOL token per line that produced a token.
 *
 * Everything is bounded for fuzzing: include depth (32), expansion depth
 * (64), the length of a substituted line (64 KiB), ~SEQ iterations (100000),
 * the text produced by expansions (16 MiB), the files read (10000, 256 MiB)
 * and the number of errors reported (200).  A bound that is hit is an error
 * at the line that hit it, and the rest of that line's expansion is dropped.
 * Only regular files are read (FIFOs and devices are refused without
 * blocking).  Includes are recognised on lines as written only, not in the
 * result of a substitution or ~SEQ (keepalived finds them before both).
 *
 * Deliberately not done here: backslash escapes inside quotes (keepalived
 * applies them only to script and regex arguments, so they are left to the
 * parser), ~LST blocks (an error) and ${_RANDOM}.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/conf_lex.h"
#include "lib/conf_lex_int.h"
#include "lib/util.h"

/* ---- token stream ---- */

void conf_toks_init(struct conf_toks *t)
{
	memset(t, 0, sizeof(*t));
}

/* Drop the tokens and their text; keep the first text block for reuse. */
static void lex_toks_reset(struct conf_toks *t)
{
	for (size_t i = 1; i < t->nblocks; i++)
		free(t->blocks[i]);
	if (t->nblocks > 1) {
		t->nblocks = 1;
		t->last_cap = LEX_TEXT_BLOCK;
	}
	t->used = 0;
	t->n = 0;
}

void conf_toks_free(struct conf_toks *t)
{
	for (size_t i = 0; i < t->nblocks; i++)
		free(t->blocks[i]);
	free(t->blocks);
	free(t->v);
	for (size_t i = 0; i < t->nfiles; i++)
		free(t->files[i]);
	free(t->files);
	conf_toks_init(t);
}

char **conf_toks_take_files(struct conf_toks *t, size_t *nfiles)
{
	char **f = t->files;

	*nfiles = t->nfiles;
	t->files = NULL;
	t->nfiles = 0;
	return f;
}

static const char *lex_intern(struct lex *L, const char *name)
{
	struct conf_toks *t = L->out;

	for (size_t i = 0; i < t->nfiles; i++)
		if (strcmp(t->files[i], name) == 0)
			return t->files[i];
	t->files = xrealloc(t->files, (t->nfiles + 1) * sizeof(*t->files));
	t->files[t->nfiles] = xstrdup(name);
	return t->files[t->nfiles++];
}

/* Copy token text into the stream's arena. */
static char *lex_text_copy(struct conf_toks *t, const char *text, size_t len)
{
	char *dst;

	if (!t->nblocks || t->used + len + 1 > t->last_cap) {
		size_t cap = len + 1 > LEX_TEXT_BLOCK ? len + 1 : LEX_TEXT_BLOCK;

		t->blocks = xrealloc(t->blocks, (t->nblocks + 1) * sizeof(*t->blocks));
		t->blocks[t->nblocks++] = xmalloc(cap);
		t->last_cap = cap;
		t->used = 0;
	}
	dst = t->blocks[t->nblocks - 1] + t->used;
	if (len <= 16) {
		for (size_t i = 0; i < len; i++) /* short words: cheaper than a call */
			dst[i] = text[i];
	} else {
		memcpy(dst, text, len);
	}
	dst[len] = '\0';
	t->used += len + 1;
	return dst;
}

static void lex_emit(struct lex *L, enum conf_tok_type type, bool quoted, const char *text,
		     size_t len, const char *file, struct lex_pos pos)
{
	struct conf_toks *t = L->out;

	/* Hand complete top-level statements to the sink: only where a new
	 * statement starts at depth 0 (a `{` opening the previous statement's
	 * block may stand on the next line, so that line must have started). */
	if (L->sink && type == CONF_TOK_WORD && t->depth == 0 && t->n >= LEX_CHUNK_TOKENS &&
	    t->v[t->n - 1].type == CONF_TOK_EOL) {
		L->sink(L->sink_ctx, t);
		lex_toks_reset(t);
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	if (type == CONF_TOK_LBRACE)
		t->depth++;
	else if (type == CONF_TOK_RBRACE && t->depth > 0)
		t->depth--;
	t->v[t->n].type = type;
	t->v[t->n].quoted = quoted;
	t->v[t->n].text = lex_text_copy(t, text, len);
	t->v[t->n].loc = (struct conf_loc){file, pos.line, pos.col};
	t->n++;
}

/* Every diagnostic of the lexer goes through here: at most LEX_MAX_ERRORS a run. */
void conf_lex_err(struct lex *L, const struct conf_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void conf_lex_err(struct lex *L, const struct conf_loc *loc, const char *fmt, ...)
{
	struct strbuf b;
	va_list ap;

	if (L->nerrs > LEX_MAX_ERRORS)
		return;
	if (L->nerrs++ == LEX_MAX_ERRORS) {
		conf_error(L->errs, loc,
			   "too many errors in the config text; further ones not shown");
		return;
	}
	strbuf_init(&b);
	va_start(ap, fmt);
	strbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	conf_error(L->errs, loc, "%s", b.s);
	strbuf_free(&b);
}

/* ---- xline ---- */

static void xline_init(struct xline *xl, const char *file)
{
	memset(xl, 0, sizeof(*xl));
	xl->file = file;
}

static void xline_free(struct xline *xl)
{
	free(xl->s);
	free(xl->p);
	xl->s = NULL;
	xl->p = NULL;
	xl->len = xl->cap = 0;
}

void conf_lex_xline_add(struct xline *xl, char c, struct lex_pos p)
{
	if (xl->len == xl->cap) {
		xl->cap = xl->cap ? xl->cap * 2 : 128;
		xl->s = xrealloc(xl->s, xl->cap);
		xl->p = xrealloc(xl->p, xl->cap * sizeof(*xl->p));
	}
	xl->s[xl->len] = c;
	xl->p[xl->len] = p;
	xl->len++;
}

/* ---- tokens ---- */

enum lex_item { LEX_ITEM_NONE, LEX_ITEM_WORD, LEX_ITEM_LBRACE, LEX_ITEM_RBRACE };

/* Scan the next item of xl from *j.  For a word, its text goes to w (reset). */
static enum lex_item lex_next(struct lex *L, const struct xline *xl, size_t *j, struct strbuf *w,
			      bool *quoted, struct lex_pos *start)
{
	size_t i = *j;
	char c;

	while (i < xl->len && (conf_lex_blank(xl->s[i]) || xl->s[i] == '\n'))
		i++;
	if (i >= xl->len) {
		*j = i;
		return LEX_ITEM_NONE;
	}
	*start = xl->p[i];
	c = xl->s[i];
	if (c == '{' || c == '}') {
		*j = i + 1;
		return c == '{' ? LEX_ITEM_LBRACE : LEX_ITEM_RBRACE;
	}
	w->len = 0; /* reuse the buffer */
	strbuf_add(w, "", 0);
	*quoted = false;
	while (i < xl->len) {
		c = xl->s[i];
		if (conf_lex_blank(c) || c == '\n' || c == '{' || c == '}')
			break;
		if (c == '$' && i + 1 < xl->len && xl->s[i + 1] == '{') {
			/* an undefined ${NAME} stays one word */
			size_t e = i + 2;

			while (e < xl->len && conf_lex_name_char(xl->s[e]))
				e++;
			if (e > i + 2 && e < xl->len && xl->s[e] == '}') {
				strbuf_add(w, xl->s + i, e + 1 - i);
				i = e + 1;
				continue;
			}
		}
		if (c == '"' || c == '\'') {
			size_t q = i++;

			*quoted = true;
			while (i < xl->len && xl->s[i] != c)
				strbuf_putc(w, xl->s[i++]);
			if (i >= xl->len) {
				struct conf_loc loc = conf_lex_loc(xl, q);

				conf_lex_err(L, &loc, "unterminated %s quote",
					     c == '"' ? "double" : "single");
				break;
			}
			i++;
			continue;
		}
		strbuf_putc(w, c);
		i++;
	}
	*j = i;
	return LEX_ITEM_WORD;
}

static void lex_tokenise(struct lex *L, const struct xline *xl, size_t off)
{
	struct strbuf w;
	struct lex_pos start;
	bool quoted = false, any = false;
	enum lex_item it;
	size_t j = off;

	strbuf_init(&w);
	while ((it = lex_next(L, xl, &j, &w, &quoted, &start)) != LEX_ITEM_NONE) {
		if (it == LEX_ITEM_WORD)
			lex_emit(L, CONF_TOK_WORD, quoted, w.s, w.len, xl->file, start);
		else
			lex_emit(L, it == LEX_ITEM_LBRACE ? CONF_TOK_LBRACE : CONF_TOK_RBRACE,
				 false, it == LEX_ITEM_LBRACE ? "{" : "}", 1, xl->file, start);
		any = true;
	}
	strbuf_free(&w);
	if (any)
		lex_emit(L, CONF_TOK_EOL, false, "", 0, xl->file, xl->eol);
}

/* ---- include ---- */

static void lex_file(struct lex *L, const char *path, const struct conf_loc *inc);

static int lex_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void lex_include(struct lex *L, const char *pattern, bool must_match,
			const struct conf_loc *loc)
{
	char *full;
	glob_t g;
	int rc;

	if (L->depth >= LEX_MAX_INCLUDE_DEPTH) {
		conf_lex_err(L, loc, "includes nested more than %d deep", LEX_MAX_INCLUDE_DEPTH);
		return;
	}
	if (pattern[0] == '/' || strcmp(L->dir, ".") == 0)
		full = xstrdup(pattern);
	else
		full = xasprintf("%s/%s", L->dir, pattern);
	memset(&g, 0, sizeof(g));
	rc = glob(full, GLOB_BRACE | GLOB_NOSORT, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		if (must_match)
			conf_lex_err(L, loc, "include '%s' matches no file", pattern);
	} else if (rc != 0) {
		conf_lex_err(L, loc, "include '%s': %s", pattern,
			     rc == GLOB_NOSPACE ? "out of memory" : "cannot read a directory");
	} else {
		qsort(g.gl_pathv, g.gl_pathc, sizeof(*g.gl_pathv), lex_strcmp);
		for (size_t i = 0; i < g.gl_pathc; i++)
			lex_file(L, g.gl_pathv[i], loc);
	}
	globfree(&g);
	free(full);
}

/* `include GLOB` (and keepalived's includer/includem/includew/includeb/includea:
 * all of them require a match except includer). */
static bool lex_try_include(struct lex *L, const struct xline *xl, size_t off, bool expanded)
{
	static const char *const kw[] = {"include",  "includer", "includem",
					 "includew", "includeb", "includea"};
	size_t e = off, k, j;
	struct conf_loc loc = conf_lex_loc(xl, off);
	struct strbuf w, pat;
	struct lex_pos start;
	bool quoted;
	size_t nwords = 0, nbraces = 0;
	enum lex_item it;

	while (e < xl->len && !conf_lex_blank(xl->s[e]))
		e++;
	for (k = 0; k < ARRAY_SIZE(kw); k++)
		if (strlen(kw[k]) == e - off && memcmp(xl->s + off, kw[k], e - off) == 0)
			break;
	if (k == ARRAY_SIZE(kw))
		return false;
	if (expanded) {
		/* as in keepalived, includes are found before substitution */
		conf_lex_err(L, &loc, "%s cannot come from a parameter or a ~SEQ line", kw[k]);
		return true;
	}

	strbuf_init(&w);
	strbuf_init(&pat);
	j = e;
	while ((it = lex_next(L, xl, &j, &w, &quoted, &start)) != LEX_ITEM_NONE) {
		if (it != LEX_ITEM_WORD) {
			nbraces++;
			continue;
		}
		if (nwords++ == 0) {
			strbuf_free(&pat);
			strbuf_puts(&pat, w.s);
		}
	}
	if (nwords != 1 || nbraces || pat.len == 0)
		conf_lex_err(L, &loc, "%s needs exactly one file name or pattern", kw[k]);
	else
		lex_include(L, pat.s, k != 1, &loc);
	strbuf_free(&w);
	strbuf_free(&pat);
	return true;
}

/* ---- lines ---- */

static bool lex_config_id_matches(struct lex *L, const char *id, size_t n)
{
	return strlen(L->config_id) == n && memcmp(L->config_id, id, n) == 0;
}

/* Finish the pending multi-line definition. */
static void lex_pending_end(struct lex *L)
{
	if (!L->pend.active)
		return;
	conf_lex_param_set(L, L->pend.name, strlen(L->pend.name), strbuf_steal(&L->pend.val));
	free(L->pend.name);
	L->pend.name = NULL;
	L->pend.active = false;
}

/* Process one logical line starting at xl[off].  edepth counts nested
 * expansions (substitution rounds and ~SEQ levels). */
void conf_lex_process(struct lex *L, const struct xline *xl, size_t off, int edepth)
{
	size_t i = off, e;

	if (L->line_aborted)
		return;
	if (edepth > LEX_MAX_EXPAND_DEPTH) {
		struct conf_loc loc = conf_lex_loc(xl, off);

		L->line_aborted = true;

		conf_lex_err(L, &loc,
			     "parameter expansion nested more than %d deep (does a parameter refer "
			     "to itself?)",
			     LEX_MAX_EXPAND_DEPTH);
		return;
	}
	if (edepth > 0) {
		/* text produced by expansions counts against the budget */
		struct conf_loc loc = conf_lex_loc(xl, off);

		if (!conf_lex_work(L, xl->len - off + 32, &loc)) {
			L->line_aborted = true;
			return;
		}
	}
	for (;;) {
		while (i < xl->len && conf_lex_blank(xl->s[i]))
			i++;
		if (i >= xl->len)
			return;
		if (xl->s[i] != '@')
			break;
		/* @ID / @^ID */
		bool neg = i + 1 < xl->len && xl->s[i + 1] == '^';
		size_t s = i + (neg ? 2 : 1);

		for (e = s; e < xl->len && !conf_lex_blank(xl->s[e]); e++)
			;
		if (e == s) {
			struct conf_loc loc = conf_lex_loc(xl, i);

			conf_lex_err(L, &loc, "missing config id after '%s'", neg ? "@^" : "@");
			return;
		}
		if (lex_config_id_matches(L, xl->s + s, e - s) == neg)
			return;
		i = e;
	}

	/* $NAME=value */
	if (xl->s[i] == '$') {
		for (e = i + 1; e < xl->len && conf_lex_name_char(xl->s[e]); e++)
			;
		if (e > i + 1 && conf_lex_name_start(xl->s[i + 1]) && e < xl->len &&
		    xl->s[e] == '=') {
			size_t vs = e + 1, ve = xl->len;

			while (vs < ve && conf_lex_blank(xl->s[vs]))
				vs++;
			while (ve > vs && conf_lex_blank(xl->s[ve - 1]))
				ve--;
			if (ve > vs && xl->s[ve - 1] == '\\' && edepth == 0) {
				/* multi-line definition: the following lines until one
				 * without a trailing '\' */
				lex_pending_end(L);
				ve--;
				while (ve > vs && conf_lex_blank(xl->s[ve - 1]))
					ve--;
				L->pend.active = true;
				L->pend.name = xstrndup(xl->s + i + 1, e - i - 1);
				strbuf_init(&L->pend.val);
				strbuf_add(&L->pend.val, xl->s + vs, ve - vs);
				return;
			}
			conf_lex_param_set(L, xl->s + i + 1, e - i - 1,
					   xstrndup(xl->s + vs, ve - vs));
			return;
		}
	}

	/* ~SEQ(...) */
	if (xl->len - i >= 5 && memcmp(xl->s + i, "~SEQ(", 5) == 0) {
		conf_lex_seq(L, xl, i, edepth);
		return;
	}
	if (xl->len - i >= 6 && memcmp(xl->s + i, "~SEQx(", 6) == 0) {
		conf_lex_seq(L, xl, i, edepth);
		return;
	}
	if (xl->len - i >= 5 && memcmp(xl->s + i, "~LST(", 5) == 0) {
		struct conf_loc loc = conf_lex_loc(xl, i);

		conf_lex_err(L, &loc, "~LST list blocks are not supported; use ~SEQ");
		return;
	}

	/* include */
	if (xl->s[i] == 'i' && lex_try_include(L, xl, i, edepth > 0))
		return;

	/* one level of substitution, then the result is processed again */
	struct xline sub;
	int rc;

	xline_init(&sub, xl->file);
	rc = conf_lex_subst(L, xl, i, &sub);
	if (rc > 0) {
		/* the whole rewritten line counts: it is copied at every level */
		struct conf_loc loc = conf_lex_loc(xl, i);

		if (!conf_lex_work(L, sub.len, &loc)) {
			L->line_aborted = true;
			rc = -1;
		}
	}
	if (rc == 0) {
		lex_tokenise(L, xl, i);
	} else if (rc > 0) {
		size_t s = 0;

		for (size_t k = 0; k <= sub.len; k++) {
			if (k < sub.len && sub.s[k] != '\n')
				continue;
			if (k == sub.len && s == 0) {
				conf_lex_process(L, &sub, 0, edepth + 1);
				break;
			}
			/* a multi-line value: each of its lines is a line of its own */
			struct xline part;

			xline_init(&part, sub.file);
			for (size_t t = s; t < k; t++)
				conf_lex_xline_add(&part, sub.s[t], sub.p[t]);
			part.eol = k < sub.len ? sub.p[k] : sub.eol;
			conf_lex_process(L, &part, 0, edepth + 1);
			xline_free(&part);
			s = k + 1;
		}
	}
	xline_free(&sub);
}

/* Cut the comment off a raw line: `#` or `!` outside quotes. */
static void lex_strip_comment(struct xline *xl)
{
	char q = 0;

	for (size_t i = 0; i < xl->len; i++) {
		char c = xl->s[i];

		if (q) {
			if (c == q)
				q = 0;
		} else if (c == '"' || c == '\'') {
			q = c;
		} else if (c == '#' || c == '!') {
			xl->len = i;
			return;
		}
	}
}

/* Feed a raw line to a pending multi-line definition.  Returns true when consumed. */
static bool lex_pending_line(struct lex *L, const struct xline *xl)
{
	size_t s = 0, e = xl->len;

	if (!L->pend.active)
		return false;
	while (s < e && conf_lex_blank(xl->s[s]))
		s++;
	while (e > s && conf_lex_blank(xl->s[e - 1]))
		e--;
	if (s == e)
		return true; /* blank lines inside a definition are skipped */
	if (L->pend.val.len + (e - s) + 1 > LEX_MAX_LINE) {
		struct conf_loc loc = conf_lex_loc(xl, s);

		conf_lex_err(L, &loc, "multi-line definition of $%s longer than %d bytes",
			     L->pend.name, LEX_MAX_LINE);
		lex_pending_end(L);
		return true;
	}
	if (L->pend.val.len)
		strbuf_putc(&L->pend.val, '\n');
	if (xl->s[e - 1] == '\\') {
		e--;
		while (e > s && conf_lex_blank(xl->s[e - 1]))
			e--;
		strbuf_add(&L->pend.val, xl->s + s, e - s);
		return true;
	}
	strbuf_add(&L->pend.val, xl->s + s, e - s);
	lex_pending_end(L);
	return true;
}

/* Character classes of the fast path. */
enum {
	LEX_C_BLANK = 1, /* separates words */
	LEX_C_SLOW = 2,	 /* needs the general path: $ @ ~ NUL */
	LEX_C_END = 4,	 /* ends a bare run of word characters */
	LEX_C_QUOTE = 8,
};

static const unsigned char lex_cls[256] = {
    [' '] = LEX_C_BLANK | LEX_C_END,
    ['\t'] = LEX_C_BLANK | LEX_C_END,
    ['\r'] = LEX_C_BLANK | LEX_C_END,
    ['\v'] = LEX_C_BLANK | LEX_C_END,
    ['\f'] = LEX_C_BLANK | LEX_C_END,
    ['$'] = LEX_C_SLOW,
    ['@'] = LEX_C_SLOW,
    ['~'] = LEX_C_SLOW,
    [0] = LEX_C_SLOW,
    ['{'] = LEX_C_END,
    ['}'] = LEX_C_END,
    ['#'] = LEX_C_END,
    ['!'] = LEX_C_END,
    ['"'] = LEX_C_END | LEX_C_QUOTE,
    ['\''] = LEX_C_END | LEX_C_QUOTE,
};

#define LEX_CLS(c) lex_cls[(unsigned char)(c)]

static int lex_col(size_t i)
{
	return i + 1 > INT_MAX ? INT_MAX : (int)(i + 1);
}

/* Drop the tokens emitted since the saved state (the fast path bailing out). */
struct lex_mark {
	size_t n, nblocks, used, last_cap;
	int depth;
};

static void lex_mark_save(const struct conf_toks *t, struct lex_mark *m)
{
	*m = (struct lex_mark){t->n, t->nblocks, t->used, t->last_cap, t->depth};
}

static void lex_mark_restore(struct conf_toks *t, const struct lex_mark *m)
{
	for (size_t i = m->nblocks; i < t->nblocks; i++)
		free(t->blocks[i]);
	t->n = m->n;
	t->nblocks = m->nblocks;
	t->used = m->used;
	t->last_cap = m->last_cap;
	t->depth = m->depth;
}

/* The fast path for a plain line: no parameter, conditional, sequence or
 * include, no NUL byte and no multi-line definition being read.  It
 * tokenises the raw text in one pass (same rules as lex_strip_comment() and
 * lex_next()); on meeting a character that needs the general path it takes
 * back what it emitted and returns false. */
static bool lex_fast_line(struct lex *L, const char *file, int line, const char *text, size_t len)
{
	struct conf_toks *t = L->out;
	struct strbuf *w = &L->fastw;
	struct lex_mark mark;
	bool any = false;
	size_t i = 0;

	if (L->pend.active)
		return false;
	while (i < len && (LEX_CLS(text[i]) & LEX_C_BLANK))
		i++;
	if (i >= len)
		return true; /* blank line */
	if ((len - i >= 7 && memcmp(text + i, "include", 7) == 0) ||
	    (LEX_CLS(text[i]) & LEX_C_SLOW))
		return false;
	/* A new top-level statement starts here: hand the previous ones to the sink. */
	if (L->sink && t->depth == 0 && t->n >= LEX_CHUNK_TOKENS &&
	    t->v[t->n - 1].type == CONF_TOK_EOL && text[i] != '{' && text[i] != '}' &&
	    text[i] != '#' && text[i] != '!') {
		L->sink(L->sink_ctx, t);
		lex_toks_reset(t);
	}
	lex_mark_save(t, &mark);
	for (;;) {
		struct lex_pos start;
		bool quoted = false;
		size_t s0;
		char c;

		while (i < len && (LEX_CLS(text[i]) & LEX_C_BLANK))
			i++;
		if (i >= len)
			break;
		c = text[i];
		if (c == '#' || c == '!') {
			if (memchr(text + i, '\0', len - i))
				goto slow; /* the general path reports NUL bytes, in comments too */
			break;
		}
		start = (struct lex_pos){line, lex_col(i)};
		any = true;
		if (c == '{' || c == '}') {
			lex_emit(L, c == '{' ? CONF_TOK_LBRACE : CONF_TOK_RBRACE, false,
				 c == '{' ? "{" : "}", 1, file, start);
			i++;
			continue;
		}
		s0 = i;
		while (i < len && !(LEX_CLS(text[i]) & (LEX_C_END | LEX_C_SLOW)))
			i++;
		if (i < len && (LEX_CLS(text[i]) & LEX_C_SLOW))
			goto slow;
		if (i >= len || !(LEX_CLS(text[i]) & LEX_C_QUOTE)) {
			/* a bare word: straight from the input */
			lex_emit(L, CONF_TOK_WORD, false, text + s0, i - s0, file, start);
			continue;
		}
		/* bare text joined with quoted parts: assemble it */
		w->len = 0;
		strbuf_add(w, text + s0, i - s0);
		while (i < len) {
			c = text[i];
			if (LEX_CLS(c) & LEX_C_SLOW)
				goto slow;
			if (LEX_CLS(c) & LEX_C_QUOTE) {
				size_t q = i++;

				quoted = true;
				s0 = i;
				while (i < len && text[i] != c) {
					if (LEX_CLS(text[i]) & LEX_C_SLOW)
						goto slow;
					i++;
				}
				strbuf_add(w, text + s0, i - s0);
				if (i >= len) {
					struct conf_loc loc = {file, line, lex_col(q)};

					conf_lex_err(L, &loc, "unterminated %s quote",
						     c == '"' ? "double" : "single");
					break;
				}
				i++;
				continue;
			}
			if (LEX_CLS(c) & LEX_C_END)
				break;
			s0 = i;
			while (i < len && !(LEX_CLS(text[i]) & (LEX_C_END | LEX_C_SLOW)))
				i++;
			strbuf_add(w, text + s0, i - s0);
		}
		lex_emit(L, CONF_TOK_WORD, quoted, w->s, w->len, file, start);
	}
	if (any)
		lex_emit(L, CONF_TOK_EOL, false, "", 0, file, (struct lex_pos){line, lex_col(len)});
	return true;
slow:
	lex_mark_restore(t, &mark);
	return false;
}

/* Where lex_text() gets its lines: text in memory, or a file read through
 * a small window (a config of megabytes is never held whole). */
struct lex_src {
	int fd;		  /* -1: memory */
	const char *mem;  /* memory: the text */
	size_t memlen, i; /* memory: length and read position */
	char *buf;	  /* file: the window */
	size_t cap, start, end;
	bool eof;
	int err;      /* file: errno of a failed read */
	size_t nread; /* file: bytes read so far */
};

#define LEX_WINDOW (64 * 1024)

/* The next line (without its newline) in *line and *len; false at the end. */
static bool lex_src_line(struct lex_src *src, const char **line, size_t *len)
{
	if (src->fd < 0) {
		const char *nl;

		if (src->i >= src->memlen)
			return false;
		nl = memchr(src->mem + src->i, '\n', src->memlen - src->i);
		*line = src->mem + src->i;
		*len = nl ? (size_t)(nl - *line) : src->memlen - src->i;
		src->i += *len + 1;
		return true;
	}
	for (;;) {
		const char *nl = memchr(src->buf + src->start, '\n', src->end - src->start);
		ssize_t n;

		if (nl || (src->eof && src->end > src->start)) {
			*line = src->buf + src->start;
			*len = nl ? (size_t)(nl - *line) : src->end - src->start;
			src->start += *len + (nl ? 1 : 0);
			return true;
		}
		if (src->eof)
			return false;
		/* keep the partial line, make room, read more */
		memmove(src->buf, src->buf + src->start, src->end - src->start);
		src->end -= src->start;
		src->start = 0;
		if (src->end == src->cap) {
			src->cap *= 2;
			src->buf = xrealloc(src->buf, src->cap);
		}
		n = read(src->fd, src->buf + src->end, src->cap - src->end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			src->err = errno;
			src->eof = true;
		} else if (n == 0) {
			src->eof = true;
		} else {
			src->end += (size_t)n;
			src->nread += (size_t)n;
			if (src->nread > LEX_MAX_FILE) {
				src->err = EFBIG;
				src->eof = true;
				src->end = src->start; /* drop the rest */
			}
		}
	}
}

static void lex_text(struct lex *L, const char *file, struct lex_src *src)
{
	struct xline xl;
	int line = 1;
	bool nul_reported = false;
	const char *text;
	size_t len;

	xline_init(&xl, file);
	while (lex_src_line(src, &text, &len)) {
		if (lex_fast_line(L, file, line, text, len)) {
			if (line < INT_MAX)
				line++;
			continue;
		}
		xl.len = 0;
		for (size_t i = 0; i < len; i++) {
			struct lex_pos p = {line, lex_col(i)};
			char c = text[i];

			if (c == '\0') {
				if (!nul_reported) {
					struct conf_loc loc = {file, p.line, p.col};

					conf_lex_err(L, &loc, "NUL byte in config text");
					nul_reported = true;
				}
				c = ' ';
			}
			conf_lex_xline_add(&xl, c, p);
		}
		xl.eol = (struct lex_pos){line, lex_col(len)};
		lex_strip_comment(&xl);
		L->line_aborted = false;
		if (!lex_pending_line(L, &xl))
			conf_lex_process(L, &xl, 0, 0);
		if (line < INT_MAX)
			line++;
	}
	lex_pending_end(L);
	xline_free(&xl);
}

/* ---- files ---- */

static char *lex_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Lex `text` as the file `name` (interned); `real` identifies it for cycles. */
static void lex_push_text(struct lex *L, const char *name, char *real, struct lex_src *src)
{
	const char *saved_dir = L->dir, *saved_pwd = L->pwd;
	char *dir = lex_dirname(name);
	char *pwd = realpath(dir, NULL);

	L->real[L->depth] = real;
	L->shown[L->depth] = name;
	L->depth++;
	L->dir = dir;
	L->pwd = pwd ? pwd : dir;
	lex_text(L, name, src);
	L->dir = saved_dir;
	L->pwd = saved_pwd;
	L->depth--;
	free(pwd);
	free(dir);
}

/* Open a regular file for reading (FIFOs and devices are refused, without
 * blocking); its size in *size.  0 or an errno. */
static int lex_open(const char *path, int *fdp, size_t *size)
{
	struct stat st;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return errno;
	if (fstat(fd, &st) < 0)
		err = errno;
	else if (S_ISDIR(st.st_mode))
		err = EISDIR;
	else if (!S_ISREG(st.st_mode))
		err = EINVAL;
	else if (st.st_size > LEX_MAX_FILE)
		err = EFBIG;
	if (err) {
		close(fd);
		return err;
	}
	*fdp = fd;
	*size = (size_t)st.st_size;
	return 0;
}

static void lex_file(struct lex *L, const char *path, const struct conf_loc *inc)
{
	const char *name = lex_intern(L, path);
	char *real = realpath(path, NULL);
	struct lex_src src = {.fd = -1};
	size_t len = 0;
	int err, fd = -1;

	if (!real)
		real = xstrdup(path);
	for (int d = 0; d < L->depth; d++) {
		if (strcmp(L->real[d], real) != 0)
			continue;
		struct strbuf chain;

		strbuf_init(&chain);
		for (int k = d; k < L->depth; k++)
			strbuf_printf(&chain, "%s -> ", L->shown[k]);
		strbuf_puts(&chain, name);
		conf_lex_err(L, inc, "include cycle: %s", chain.s);
		strbuf_free(&chain);
		free(real);
		return;
	}
	if (L->nread >= LEX_MAX_FILES) {
		if (L->nread++ == LEX_MAX_FILES)
			conf_lex_err(L, inc,
				     "more than %d files read (includes repeated too often?)",
				     LEX_MAX_FILES);
		free(real);
		return;
	}
	L->nread++;
	err = lex_open(path, &fd, &len);
	if (!err && L->total + len > LEX_MAX_TOTAL) {
		conf_lex_err(L, inc, "config text larger than %d MiB in total",
			     LEX_MAX_TOTAL / (1024 * 1024));
		close(fd);
		free(real);
		return;
	}
	L->total += len;
	if (!err) {
		src.fd = fd;
		src.cap = LEX_WINDOW;
		src.buf = xmalloc(src.cap);
		lex_push_text(L, name, real, &src);
		err = src.err;
		free(src.buf);
		close(fd);
	}
	if (err) {
		if (inc) {
			conf_lex_err(L, inc, "cannot read included file '%s': %s", name,
				     err == EINVAL ? "not a regular file" : strerror(err));
		} else {
			struct conf_loc loc = {name, 0, 0};

			conf_lex_err(L, &loc, "cannot read '%s': %s", name,
				     err == EINVAL ? "not a regular file" : strerror(err));
		}
	}
	free(real);
}

static void lex_init(struct lex *L, const struct conf_lex_opts *opts, struct conf_toks *out,
		     struct conf_errs *errs)
{
	memset(L, 0, sizeof(*L));
	L->out = out;
	L->errs = errs;
	L->dir = ".";
	L->pwd = ".";
	strbuf_init(&L->fastw);
	if (opts) {
		L->sink = opts->sink;
		L->sink_ctx = opts->sink_ctx;
	}
	if (opts && opts->config_id) {
		L->config_id = opts->config_id;
	} else {
		if (gethostname(L->idbuf, sizeof(L->idbuf) - 1) < 0)
			L->idbuf[0] = '\0';
		L->idbuf[sizeof(L->idbuf) - 1] = '\0';
		L->idbuf[strcspn(L->idbuf, ".")] = '\0';
		L->config_id = L->idbuf;
	}
}

static int lex_done(struct lex *L, size_t nerr0)
{
	lex_pending_end(L);
	for (size_t i = 0; i < L->nparams; i++) {
		free(L->params[i].name);
		free(L->params[i].val);
	}
	free(L->params);
	strbuf_free(&L->fastw);
	return L->errs->nerr > nerr0 ? -1 : 0;
}

int conf_lex_file(const char *path, const struct conf_lex_opts *opts, struct conf_toks *out,
		  struct conf_errs *errs)
{
	struct lex L;
	size_t nerr0 = errs->nerr;

	lex_init(&L, opts, out, errs);
	lex_file(&L, path, NULL);
	return lex_done(&L, nerr0);
}

int conf_lex_buf(const char *name, const char *text, size_t len, const struct conf_lex_opts *opts,
		 struct conf_toks *out, struct conf_errs *errs)
{
	struct lex L;
	size_t nerr0 = errs->nerr;
	const char *iname;
	char *real;

	lex_init(&L, opts, out, errs);
	iname = lex_intern(&L, name ? name : "<config>");
	real = realpath(iname, NULL);
	if (!real)
		real = xstrdup(iname);
	struct lex_src src = {.fd = -1, .mem = text, .memlen = len};

	lex_push_text(&L, iname, real, &src);
	free(real);
	return lex_done(&L, nerr0);
}
