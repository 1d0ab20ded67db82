/*
 * conf_lex_expand: the lexer's parameters and repetition (see conf_lex.c for
 * the pipeline): `$NAME=value` storage with the predefined ${_PWD},
 * ${_INSTANCE}, ${_HASH} and ${_BANG}, one level of `$NAME` / `${NAME}`
 * substitution over a position-carrying line (replaced bytes take the
 * position of the `$`), the expansion budget, and `~SEQ(...)` / `~SEQx(...)`.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/conf_lex.h"
#include "lib/conf_lex_int.h"
#include "lib/util.h"

/* ---- parameters ---- */

static struct lex_param *lex_param_find(struct lex *L, const char *name, size_t n)
{
	for (size_t i = 0; i < L->nparams; i++)
		if (strlen(L->params[i].name) == n && memcmp(L->params[i].name, name, n) == 0)
			return &L->params[i];
	return NULL;
}

void conf_lex_param_set(struct lex *L, const char *name, size_t n, char *val)
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
		return L->pwd;
	if (n == 9 && memcmp(name, "_INSTANCE", 9) == 0)
		return L->config_id;
	if (n == 5 && memcmp(name, "_HASH", 5) == 0)
		return "#";
	if (n == 5 && memcmp(name, "_BANG", 5) == 0)
		return "!";
	return NULL;
}

bool conf_lex_work(struct lex *L, size_t n, const struct conf_loc *loc)
{
	if (L->work + n > LEX_MAX_WORK) {
		if (!L->work_reported)
			conf_lex_err(
			    L, loc,
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
int conf_lex_subst(struct lex *L, const struct xline *xl, size_t off, struct xline *out)
{
	int changed = 0;

	out->file = xl->file;
	out->eol = xl->eol;
	for (size_t j = off; j < xl->len;) {
		size_t ns, ne, end;
		const char *v;

		if (xl->s[j] != '$' || j + 1 >= xl->len) {
			conf_lex_xline_add(out, xl->s[j], xl->p[j]);
			j++;
			continue;
		}
		if (xl->s[j + 1] == '{') {
			ns = j + 2;
			for (ne = ns; ne < xl->len && conf_lex_name_char(xl->s[ne]); ne++)
				;
			if (ne == ns || ne >= xl->len || xl->s[ne] != '}' ||
			    !conf_lex_name_start(xl->s[ns])) {
				conf_lex_xline_add(out, xl->s[j], xl->p[j]);
				j++;
				continue;
			}
			end = ne + 1;
		} else {
			ns = j + 1;
			for (ne = ns; ne < xl->len && conf_lex_name_char(xl->s[ne]); ne++)
				;
			if (ne == ns || !conf_lex_name_start(xl->s[ns]) ||
			    (ne < xl->len && !conf_lex_blank(xl->s[ne]))) {
				conf_lex_xline_add(out, xl->s[j], xl->p[j]);
				j++;
				continue;
			}
			end = ne;
		}
		v = lex_param_value(L, xl->s + ns, ne - ns);
		if (!v) {
			conf_lex_xline_add(out, xl->s[j], xl->p[j]);
			j++;
			continue;
		}
		size_t vl = strlen(v);
		struct conf_loc loc = conf_lex_loc(xl, j);

		if (out->len + vl + (xl->len - end) > LEX_MAX_LINE) {
			conf_lex_err(L, &loc,
				     "line longer than %d bytes after parameter substitution "
				     "(recursive parameter?)",
				     LEX_MAX_LINE);
			L->line_aborted = true;
			return -1;
		}
		if (!conf_lex_work(L, vl, &loc)) {
			L->line_aborted = true;
			return -1;
		}
		for (size_t k = 0; k < vl; k++)
			conf_lex_xline_add(out, v[k], xl->p[j]);
		changed = 1;
		j = end;
	}
	return changed;
}
/* ---- ~SEQ ---- */

static int lex_seq_num(const char *s, size_t n, long long *out)
{
	char buf[32];
	const char *p = buf;
	char *end;
	bool neg = false;
	long long v;

	while (n && conf_lex_blank(*s)) {
		s++;
		n--;
	}
	while (n && conf_lex_blank(s[n - 1]))
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

void conf_lex_seq(struct lex *L, const struct xline *xl, size_t off, int edepth)
{
	struct conf_loc loc = conf_lex_loc(xl, off);
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
		conf_lex_err(L, &loc, "malformed ~SEQ: expected ~SEQ(var, [start,] [step,] end)");
		return;
	}
	for (vs = a; vs < commas[0] && conf_lex_blank(xl->s[vs]); vs++)
		;
	for (ve = vs; ve < commas[0] && conf_lex_name_char(xl->s[ve]); ve++)
		;
	for (size_t t = ve; t < commas[0]; t++)
		if (!conf_lex_blank(xl->s[t]))
			ve = vs; /* garbage after the name */
	if (ve == vs || !conf_lex_name_start(xl->s[vs])) {
		conf_lex_err(L, &loc, "~SEQ: bad variable name");
		return;
	}
	for (size_t k = 0; k < nargs; k++) {
		size_t s = commas[k] + 1, e = k + 1 < nargs ? commas[k + 1] : close;

		while (s < e && conf_lex_blank(xl->s[s]))
			s++;
		while (e > s && conf_lex_blank(xl->s[e - 1]))
			e--;
		if (lex_seq_num(xl->s + s, e - s, &num[k]) < 0) {
			struct conf_loc nloc = conf_lex_loc(xl, s);

			conf_lex_err(L, &nloc, "~SEQ: bad number '%.*s'",
				     (int)(e - s > 40 ? 40 : e - s), xl->s + s);
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
		conf_lex_err(L, &loc, "~SEQ: step must not be 0");
		return;
	}
	if ((step > 0 && start > end) || (step < 0 && start < end))
		count = 0;
	else
		count = (step > 0 ? end - start : start - end) / (step > 0 ? step : -step) + 1;
	if (count > LEX_MAX_SEQ) {
		conf_lex_err(L, &loc, "~SEQ repeats the line %lld times (limit %d)", count,
			     LEX_MAX_SEQ);
		return;
	}

	size_t rest = close + 1;
	struct lex_param *old = lex_param_find(L, xl->s + vs, ve - vs);
	char *saved = old ? xstrdup(old->val) : NULL;
	long long v = start;

	for (long long i = 0; i < count; i++, v += step) {
		unsigned long long mag = v < 0 ? (unsigned long long)-v : (unsigned long long)v;
		char *val = hex ? xasprintf("%s%llx", v < 0 ? "-" : "", mag) : xasprintf("%lld", v);

		conf_lex_param_set(L, xl->s + vs, ve - vs, val);
		if (!conf_lex_work(L, xl->len - rest + 64, &loc) || L->line_aborted)
			break;
		conf_lex_process(L, xl, rest, edepth + 1);
	}
	conf_lex_param_set(L, xl->s + vs, ve - vs, saved);
}
