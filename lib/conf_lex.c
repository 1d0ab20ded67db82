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
 * (64), the length of a substituted line (1 MiB), ~SEQ iterations (100000),
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
#include "lib/util.h"

#define LEX_MAX_INCLUDE_DEPTH 32
#define LEX_MAX_EXPAND_DEPTH  64
#define LEX_MAX_LINE	      (1024 * 1024)
#define LEX_MAX_WORK	      (16 * 1024 * 1024)
#define LEX_MAX_SEQ	      100000
#define LEX_MAX_FILE	      (64 * 1024 * 1024)
#define LEX_MAX_FILES	      10000
#define LEX_MAX_TOTAL	      (256 * 1024 * 1024)
#define LEX_MAX_ERRORS	      200
#define LEX_SEQ_LIMIT_VAL     1000000000000LL

struct lex_pos {
	int line, col;
};

/* A line of text with the source position of every byte. */
struct xline {
	char *s;
	struct lex_pos *p;
	size_t len, cap;
	const char *file;
	struct lex_pos eol;
};

struct lex_param {
	char *name;
	char *val;
};

/* A multi-line definition being read (`$NAME= \`). */
struct lex_pending {
	bool active;
	char *name;
	struct strbuf val;
};

struct lex {
	struct conf_toks *out;
	struct conf_errs *errs;
	char idbuf[256];
	const char *config_id;
	struct lex_param *params;
	size_t nparams, cparams;
	/* include stack: real paths (cycle detection) and display names */
	char *real[LEX_MAX_INCLUDE_DEPTH + 2];
	const char *shown[LEX_MAX_INCLUDE_DEPTH + 2];
	int depth;
	const char *dir; /* directory of the file being read (for _PWD and includes) */
	size_t work;	 /* bytes produced by expansions so far */
	bool work_reported;
	bool line_aborted; /* an expansion of the current line hit a bound */
	size_t nerrs;	   /* errors reported by this run (bounded) */
	size_t nread;	   /* files read, and their total size (bounded) */
	size_t total;
	struct lex_pending pend;
};

/* ---- token stream ---- */

void conf_toks_init(struct conf_toks *t)
{
	memset(t, 0, sizeof(*t));
}

void conf_toks_free(struct conf_toks *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].text);
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

static void lex_emit(struct lex *L, enum conf_tok_type type, bool quoted, char *text,
		     const char *file, struct lex_pos pos)
{
	struct conf_toks *t = L->out;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n].type = type;
	t->v[t->n].quoted = quoted;
	t->v[t->n].text = text;
	t->v[t->n].loc = (struct conf_loc){file, pos.line, pos.col};
	t->n++;
}

static struct conf_loc lex_loc(const struct xline *xl, size_t i)
{
	struct lex_pos p = i < xl->len ? xl->p[i] : xl->eol;

	return (struct conf_loc){xl->file, p.line, p.col};
}

/* Every diagnostic of the lexer goes through here: at most LEX_MAX_ERRORS a run. */
static void lex_err(struct lex *L, const struct conf_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void lex_err(struct lex *L, const struct conf_loc *loc, const char *fmt, ...)
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

static void xline_add(struct xline *xl, char c, struct lex_pos p)
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

static bool lex_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool lex_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool lex_name_char(char c)
{
	return lex_name_start(c) || (c >= '0' && c <= '9');
}

/* ---- parameters ---- */

static struct lex_param *lex_param_find(struct lex *L, const char *name, size_t n)
{
	for (size_t i = 0; i < L->nparams; i++)
		if (strlen(L->params[i].name) == n && memcmp(L->params[i].name, name, n) == 0)
			return &L->params[i];
	return NULL;
}

/* Set (val != NULL) or remove (val == NULL) a parameter; takes ownership of val. */
static void lex_param_set(struct lex *L, const char *name, size_t n, char *val)
{
	struct lex_param *p = lex_param_find(L, name, n);

	if (p) {
		free(p->val);
		if (val) {
			p->val = val;
			return;
		}
		free(p->name);
		*p = L->params[--L->nparams];
		return;
	}
	if (!val)
		return;
	if (L->nparams == L->cparams) {
		L->cparams = L->cparams ? L->cparams * 2 : 16;
		L->params = xrealloc(L->params, L->cparams * sizeof(*L->params));
	}
	L->params[L->nparams].name = xstrndup(name, n);
	L->params[L->nparams].val = val;
	L->nparams++;
}

/* Value of a parameter: user definitions first, then the predefined ones. */
static const char *lex_param_value(struct lex *L, const char *name, size_t n)
{
	struct lex_param *p = lex_param_find(L, name, n);

	if (p)
		return p->val;
	if (n == 4 && memcmp(name, "_PWD", 4) == 0)
		return L->dir;
	if (n == 9 && memcmp(name, "_INSTANCE", 9) == 0)
		return L->config_id;
	if (n == 5 && memcmp(name, "_HASH", 5) == 0)
		return "#";
	if (n == 5 && memcmp(name, "_BANG", 5) == 0)
		return "!";
	return NULL;
}

static bool lex_work(struct lex *L, size_t n, const struct conf_loc *loc)
{
	if (L->work + n > LEX_MAX_WORK) {
		if (!L->work_reported)
			lex_err(L, loc,
				"expansions produce more than %d MiB of text (recursive parameter "
				"or runaway ~SEQ?)",
				LEX_MAX_WORK / (1024 * 1024));
		L->work_reported = true;
		return false;
	}
	L->work += n;
	return true;
}

/*
 * One level of substitution of xl[off..] into out.  `$NAME` is replaced when
 * followed by a blank or the end of the line, `${NAME}` anywhere; undefined
 * names are left alone.  Returns 1 when something was replaced, 0 when not,
 * -1 on error (reported).
 */
static int lex_subst(struct lex *L, const struct xline *xl, size_t off, struct xline *out)
{
	int changed = 0;

	out->file = xl->file;
	out->eol = xl->eol;
	for (size_t j = off; j < xl->len;) {
		size_t ns, ne, end;
		const char *v;

		if (xl->s[j] != '$' || j + 1 >= xl->len) {
			xline_add(out, xl->s[j], xl->p[j]);
			j++;
			continue;
		}
		if (xl->s[j + 1] == '{') {
			ns = j + 2;
			for (ne = ns; ne < xl->len && lex_name_char(xl->s[ne]); ne++)
				;
			if (ne == ns || ne >= xl->len || xl->s[ne] != '}' ||
			    !lex_name_start(xl->s[ns])) {
				xline_add(out, xl->s[j], xl->p[j]);
				j++;
				continue;
			}
			end = ne + 1;
		} else {
			ns = j + 1;
			for (ne = ns; ne < xl->len && lex_name_char(xl->s[ne]); ne++)
				;
			if (ne == ns || !lex_name_start(xl->s[ns]) ||
			    (ne < xl->len && !lex_blank(xl->s[ne]))) {
				xline_add(out, xl->s[j], xl->p[j]);
				j++;
				continue;
			}
			end = ne;
		}
		v = lex_param_value(L, xl->s + ns, ne - ns);
		if (!v) {
			xline_add(out, xl->s[j], xl->p[j]);
			j++;
			continue;
		}
		size_t vl = strlen(v);
		struct conf_loc loc = lex_loc(xl, j);

		if (out->len + vl + (xl->len - end) > LEX_MAX_LINE) {
			lex_err(L, &loc,
				"line longer than %d bytes after parameter substitution "
				"(recursive parameter?)",
				LEX_MAX_LINE);
			L->line_aborted = true;
			return -1;
		}
		if (!lex_work(L, vl, &loc)) {
			L->line_aborted = true;
			return -1;
		}
		for (size_t k = 0; k < vl; k++)
			xline_add(out, v[k], xl->p[j]);
		changed = 1;
		j = end;
	}
	return changed;
}
/* ---- tokens ---- */

enum lex_item { LEX_ITEM_NONE, LEX_ITEM_WORD, LEX_ITEM_LBRACE, LEX_ITEM_RBRACE };

/* Scan the next item of xl from *j.  For a word, its text goes to w (reset). */
static enum lex_item lex_next(struct lex *L, const struct xline *xl, size_t *j, struct strbuf *w,
			      bool *quoted, struct lex_pos *start)
{
	size_t i = *j;
	char c;

	while (i < xl->len && (lex_blank(xl->s[i]) || xl->s[i] == '\n'))
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
	strbuf_free(w);
	strbuf_add(w, "", 0);
	*quoted = false;
	while (i < xl->len) {
		c = xl->s[i];
		if (lex_blank(c) || c == '\n' || c == '{' || c == '}')
			break;
		if (c == '$' && i + 1 < xl->len && xl->s[i + 1] == '{') {
			/* an undefined ${NAME} stays one word */
			size_t e = i + 2;

			while (e < xl->len && lex_name_char(xl->s[e]))
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
				struct conf_loc loc = lex_loc(xl, q);

				lex_err(L, &loc, "unterminated %s quote",
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
			lex_emit(L, CONF_TOK_WORD, quoted, strbuf_steal(&w), xl->file, start);
		else
			lex_emit(L, it == LEX_ITEM_LBRACE ? CONF_TOK_LBRACE : CONF_TOK_RBRACE,
				 false, xstrdup(it == LEX_ITEM_LBRACE ? "{" : "}"), xl->file,
				 start);
		any = true;
	}
	strbuf_free(&w);
	if (any)
		lex_emit(L, CONF_TOK_EOL, false, xstrdup(""), xl->file, xl->eol);
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
		lex_err(L, loc, "includes nested more than %d deep", LEX_MAX_INCLUDE_DEPTH);
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
			lex_err(L, loc, "include '%s' matches no file", pattern);
	} else if (rc != 0) {
		lex_err(L, loc, "include '%s': %s", pattern,
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
	struct conf_loc loc = lex_loc(xl, off);
	struct strbuf w, pat;
	struct lex_pos start;
	bool quoted;
	size_t nwords = 0, nbraces = 0;
	enum lex_item it;

	while (e < xl->len && !lex_blank(xl->s[e]))
		e++;
	for (k = 0; k < ARRAY_SIZE(kw); k++)
		if (strlen(kw[k]) == e - off && memcmp(xl->s + off, kw[k], e - off) == 0)
			break;
	if (k == ARRAY_SIZE(kw))
		return false;
	if (expanded) {
		/* as in keepalived, includes are found before substitution */
		lex_err(L, &loc, "%s cannot come from a parameter or a ~SEQ line", kw[k]);
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
		lex_err(L, &loc, "%s needs exactly one file name or pattern", kw[k]);
	else
		lex_include(L, pat.s, k != 1, &loc);
	strbuf_free(&w);
	strbuf_free(&pat);
	return true;
}

/* ---- ~SEQ ---- */

static int lex_seq_num(const char *s, size_t n, long long *out)
{
	char buf[32];
	const char *p = buf;
	char *end;
	bool neg = false;
	long long v;

	while (n && lex_blank(*s)) {
		s++;
		n--;
	}
	while (n && lex_blank(s[n - 1]))
		n--;
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!(*p >= '0' && *p <= '9'))
		return -1;
	errno = 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		v = strtoll(p + 2, &end, 16);
	else
		v = strtoll(p, &end, 10);
	if (errno || *end || v > LEX_SEQ_LIMIT_VAL ||
	    (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && end == p + 2))
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* `~SEQ(var, [start,] [step,] end) rest` or `~SEQx(...)`; xl[off] is '~'. */
static void lex_process(struct lex *L, const struct xline *xl, size_t off, int edepth);

static void lex_seq(struct lex *L, const struct xline *xl, size_t off, int edepth)
{
	struct conf_loc loc = lex_loc(xl, off);
	bool hex = xl->s[off + 4] == 'x';
	size_t a = off + (hex ? 6 : 5), close, commas[4], nargs = 0;
	long long num[3], start, step, end, count;
	size_t vs, ve;

	for (close = a; close < xl->len && xl->s[close] != ')'; close++)
		if (xl->s[close] == ',') {
			if (nargs >= ARRAY_SIZE(commas)) {
				nargs++;
				break;
			}
			commas[nargs++] = close;
		}
	if (close >= xl->len || nargs < 1 || nargs > 3) {
		lex_err(L, &loc, "malformed ~SEQ: expected ~SEQ(var, [start,] [step,] end)");
		return;
	}
	for (vs = a; vs < commas[0] && lex_blank(xl->s[vs]); vs++)
		;
	for (ve = vs; ve < commas[0] && lex_name_char(xl->s[ve]); ve++)
		;
	for (size_t t = ve; t < commas[0]; t++)
		if (!lex_blank(xl->s[t]))
			ve = vs; /* garbage after the name */
	if (ve == vs || !lex_name_start(xl->s[vs])) {
		lex_err(L, &loc, "~SEQ: bad variable name");
		return;
	}
	for (size_t k = 0; k < nargs; k++) {
		size_t s = commas[k] + 1, e = k + 1 < nargs ? commas[k + 1] : close;

		while (s < e && lex_blank(xl->s[s]))
			s++;
		while (e > s && lex_blank(xl->s[e - 1]))
			e--;
		if (lex_seq_num(xl->s + s, e - s, &num[k]) < 0) {
			struct conf_loc nloc = lex_loc(xl, s);

			lex_err(L, &nloc, "~SEQ: bad number '%.*s'", (int)(e - s > 40 ? 40 : e - s),
				xl->s + s);
			return;
		}
	}
	if (nargs == 1) {
		end = num[0];
		start = end > 0 ? 1 : end < 0 ? -1 : 0;
		step = end >= start ? 1 : -1;
	} else if (nargs == 2) {
		start = num[0];
		end = num[1];
		step = end >= start ? 1 : -1;
	} else {
		start = num[0];
		step = num[1];
		end = num[2];
	}
	if (step == 0) {
		lex_err(L, &loc, "~SEQ: step must not be 0");
		return;
	}
	if ((step > 0 && start > end) || (step < 0 && start < end))
		count = 0;
	else
		count = (step > 0 ? end - start : start - end) / (step > 0 ? step : -step) + 1;
	if (count > LEX_MAX_SEQ) {
		lex_err(L, &loc, "~SEQ repeats the line %lld times (limit %d)", count, LEX_MAX_SEQ);
		return;
	}

	size_t rest = close + 1;
	struct lex_param *old = lex_param_find(L, xl->s + vs, ve - vs);
	char *saved = old ? xstrdup(old->val) : NULL;
	long long v = start;

	for (long long i = 0; i < count; i++, v += step) {
		unsigned long long mag = v < 0 ? (unsigned long long)-v : (unsigned long long)v;
		char *val = hex ? xasprintf("%s%llx", v < 0 ? "-" : "", mag) : xasprintf("%lld", v);

		lex_param_set(L, xl->s + vs, ve - vs, val);
		if (!lex_work(L, xl->len - rest + 64, &loc) || L->line_aborted)
			break;
		lex_process(L, xl, rest, edepth + 1);
	}
	lex_param_set(L, xl->s + vs, ve - vs, saved);
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
	lex_param_set(L, L->pend.name, strlen(L->pend.name), strbuf_steal(&L->pend.val));
	free(L->pend.name);
	L->pend.name = NULL;
	L->pend.active = false;
}

/* Process one logical line starting at xl[off].  edepth counts nested
 * expansions (substitution rounds and ~SEQ levels). */
static void lex_process(struct lex *L, const struct xline *xl, size_t off, int edepth)
{
	size_t i = off, e;

	if (L->line_aborted)
		return;
	if (edepth > LEX_MAX_EXPAND_DEPTH) {
		struct conf_loc loc = lex_loc(xl, off);

		L->line_aborted = true;

		lex_err(L, &loc,
			"parameter expansion nested more than %d deep (does a parameter refer "
			"to itself?)",
			LEX_MAX_EXPAND_DEPTH);
		return;
	}
	if (edepth > 0) {
		/* text produced by expansions counts against the budget */
		struct conf_loc loc = lex_loc(xl, off);

		if (!lex_work(L, xl->len - off + 32, &loc)) {
			L->line_aborted = true;
			return;
		}
	}
	for (;;) {
		while (i < xl->len && lex_blank(xl->s[i]))
			i++;
		if (i >= xl->len)
			return;
		if (xl->s[i] != '@')
			break;
		/* @ID / @^ID */
		bool neg = i + 1 < xl->len && xl->s[i + 1] == '^';
		size_t s = i + (neg ? 2 : 1);

		for (e = s; e < xl->len && !lex_blank(xl->s[e]); e++)
			;
		if (e == s) {
			struct conf_loc loc = lex_loc(xl, i);

			lex_err(L, &loc, "missing config id after '%s'", neg ? "@^" : "@");
			return;
		}
		if (lex_config_id_matches(L, xl->s + s, e - s) == neg)
			return;
		i = e;
	}

	/* $NAME=value */
	if (xl->s[i] == '$') {
		for (e = i + 1; e < xl->len && lex_name_char(xl->s[e]); e++)
			;
		if (e > i + 1 && lex_name_start(xl->s[i + 1]) && e < xl->len && xl->s[e] == '=') {
			size_t vs = e + 1, ve = xl->len;

			while (vs < ve && lex_blank(xl->s[vs]))
				vs++;
			while (ve > vs && lex_blank(xl->s[ve - 1]))
				ve--;
			if (ve > vs && xl->s[ve - 1] == '\\' && edepth == 0) {
				/* multi-line definition: the following lines until one
				 * without a trailing '\' */
				lex_pending_end(L);
				ve--;
				while (ve > vs && lex_blank(xl->s[ve - 1]))
					ve--;
				L->pend.active = true;
				L->pend.name = xstrndup(xl->s + i + 1, e - i - 1);
				strbuf_init(&L->pend.val);
				strbuf_add(&L->pend.val, xl->s + vs, ve - vs);
				return;
			}
			lex_param_set(L, xl->s + i + 1, e - i - 1, xstrndup(xl->s + vs, ve - vs));
			return;
		}
	}

	/* ~SEQ(...) */
	if (xl->len - i >= 5 && memcmp(xl->s + i, "~SEQ(", 5) == 0) {
		lex_seq(L, xl, i, edepth);
		return;
	}
	if (xl->len - i >= 6 && memcmp(xl->s + i, "~SEQx(", 6) == 0) {
		lex_seq(L, xl, i, edepth);
		return;
	}
	if (xl->len - i >= 5 && memcmp(xl->s + i, "~LST(", 5) == 0) {
		struct conf_loc loc = lex_loc(xl, i);

		lex_err(L, &loc, "~LST list blocks are not supported; use ~SEQ");
		return;
	}

	/* include */
	if (xl->s[i] == 'i' && lex_try_include(L, xl, i, edepth > 0))
		return;

	/* one level of substitution, then the result is processed again */
	struct xline sub;
	int rc;

	xline_init(&sub, xl->file);
	rc = lex_subst(L, xl, i, &sub);
	if (rc == 0) {
		lex_tokenise(L, xl, i);
	} else if (rc > 0) {
		size_t s = 0;

		for (size_t k = 0; k <= sub.len; k++) {
			if (k < sub.len && sub.s[k] != '\n')
				continue;
			if (k == sub.len && s == 0) {
				lex_process(L, &sub, 0, edepth + 1);
				break;
			}
			/* a multi-line value: each of its lines is a line of its own */
			struct xline part;

			xline_init(&part, sub.file);
			for (size_t t = s; t < k; t++)
				xline_add(&part, sub.s[t], sub.p[t]);
			part.eol = k < sub.len ? sub.p[k] : sub.eol;
			lex_process(L, &part, 0, edepth + 1);
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
	while (s < e && lex_blank(xl->s[s]))
		s++;
	while (e > s && lex_blank(xl->s[e - 1]))
		e--;
	if (s == e)
		return true; /* blank lines inside a definition are skipped */
	if (L->pend.val.len + (e - s) + 1 > LEX_MAX_LINE) {
		struct conf_loc loc = lex_loc(xl, s);

		lex_err(L, &loc, "multi-line definition of $%s longer than %d bytes", L->pend.name,
			LEX_MAX_LINE);
		lex_pending_end(L);
		return true;
	}
	if (L->pend.val.len)
		strbuf_putc(&L->pend.val, '\n');
	if (xl->s[e - 1] == '\\') {
		e--;
		while (e > s && lex_blank(xl->s[e - 1]))
			e--;
		strbuf_add(&L->pend.val, xl->s + s, e - s);
		return true;
	}
	strbuf_add(&L->pend.val, xl->s + s, e - s);
	lex_pending_end(L);
	return true;
}

static void lex_text(struct lex *L, const char *file, const char *text, size_t len)
{
	struct xline xl;
	int line = 1;
	size_t i = 0;
	bool nul_reported = false;

	xline_init(&xl, file);
	while (i < len) {
		size_t s = i;

		xl.len = 0;
		while (i < len && text[i] != '\n') {
			struct lex_pos p = {line, (int)(i - s + 1 > INT_MAX ? INT_MAX : i - s + 1)};
			char c = text[i];

			if (c == '\0') {
				if (!nul_reported) {
					struct conf_loc loc = {file, p.line, p.col};

					lex_err(L, &loc, "NUL byte in config text");
					nul_reported = true;
				}
				c = ' ';
			}
			xline_add(&xl, c, p);
			i++;
		}
		xl.eol = (struct lex_pos){line, (int)(i - s + 1 > INT_MAX ? INT_MAX : i - s + 1)};
		lex_strip_comment(&xl);
		L->line_aborted = false;
		if (!lex_pending_line(L, &xl))
			lex_process(L, &xl, 0, 0);
		i++; /* the newline */
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
static void lex_push_text(struct lex *L, const char *name, char *real, const char *text, size_t len)
{
	const char *saved_dir = L->dir;
	char *dir = lex_dirname(name);

	L->real[L->depth] = real;
	L->shown[L->depth] = name;
	L->depth++;
	L->dir = dir;
	lex_text(L, name, text, len);
	L->dir = saved_dir;
	L->depth--;
	free(dir);
}

/* Read a whole regular file (FIFOs and devices are refused, without blocking). */
static int lex_read(const char *path, char **buf, size_t *len)
{
	struct strbuf b;
	struct stat st;
	char chunk[65536];
	ssize_t n;
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
	strbuf_init(&b);
	strbuf_add(&b, "", 0);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			break;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > LEX_MAX_FILE) {
			err = EFBIG;
			break;
		}
		strbuf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (err) {
		strbuf_free(&b);
		return err;
	}
	*len = b.len;
	*buf = strbuf_steal(&b);
	return 0;
}

static void lex_file(struct lex *L, const char *path, const struct conf_loc *inc)
{
	const char *name = lex_intern(L, path);
	char *real = realpath(path, NULL);
	char *buf = NULL;
	size_t len = 0;
	int err;

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
		lex_err(L, inc, "include cycle: %s", chain.s);
		strbuf_free(&chain);
		free(real);
		return;
	}
	if (L->nread >= LEX_MAX_FILES) {
		if (L->nread++ == LEX_MAX_FILES)
			lex_err(L, inc, "more than %d files read (includes repeated too often?)",
				LEX_MAX_FILES);
		free(real);
		return;
	}
	L->nread++;
	err = lex_read(path, &buf, &len);
	if (!err && L->total + len > LEX_MAX_TOTAL) {
		lex_err(L, inc, "config text larger than %d MiB in total",
			LEX_MAX_TOTAL / (1024 * 1024));
		free(buf);
		free(real);
		return;
	}
	L->total += len;
	if (err) {
		if (inc) {
			lex_err(L, inc, "cannot read included file '%s': %s", name,
				err == EINVAL ? "not a regular file" : strerror(err));
		} else {
			struct conf_loc loc = {name, 0, 0};

			lex_err(L, &loc, "cannot read '%s': %s", name,
				err == EINVAL ? "not a regular file" : strerror(err));
		}
		free(real);
		return;
	}
	lex_push_text(L, name, real, buf, len);
	free(buf);
	free(real);
}

static void lex_init(struct lex *L, const struct conf_lex_opts *opts, struct conf_toks *out,
		     struct conf_errs *errs)
{
	memset(L, 0, sizeof(*L));
	L->out = out;
	L->errs = errs;
	L->dir = ".";
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
	lex_push_text(&L, iname, real, text, len);
	free(real);
	return lex_done(&L, nerr0);
}
