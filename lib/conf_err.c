/*
 * conf_err: see conf_err.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/conf_err.h"
#include "lib/util.h"

void conf_errs_init(struct conf_errs *e)
{
	e->v = NULL;
	e->n = e->cap = e->nerr = e->nwarn = 0;
	e->files = NULL;
	e->nfiles = 0;
}

void conf_errs_free(struct conf_errs *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i].msg);
	free(e->v);
	for (size_t i = 0; i < e->nfiles; i++)
		free(e->files[i]);
	free(e->files);
	conf_errs_init(e);
}

static const char *conf_errs_intern(struct conf_errs *e, const char *file)
{
	for (size_t i = e->nfiles; i > 0; i--)
		if (strcmp(e->files[i - 1], file) == 0)
			return e->files[i - 1];
	e->files = xrealloc(e->files, (e->nfiles + 1) * sizeof(*e->files));
	e->files[e->nfiles] = xstrdup(file);
	return e->files[e->nfiles++];
}

static void conf_diag_add(struct conf_errs *e, const struct conf_loc *loc, enum conf_sev sev,
			  const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void conf_diag_add(struct conf_errs *e, const struct conf_loc *loc, enum conf_sev sev,
			  const char *fmt, va_list ap)
{
	struct strbuf b;

	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 16;
		e->v = xrealloc(e->v, e->cap * sizeof(*e->v));
	}
	strbuf_init(&b);
	strbuf_vprintf(&b, fmt, ap);
	e->v[e->n].loc = loc ? *loc : (struct conf_loc){"<config>", 0, 0};
	e->v[e->n].loc.file =
	    conf_errs_intern(e, e->v[e->n].loc.file ? e->v[e->n].loc.file : "<config>");
	e->v[e->n].sev = sev;
	e->v[e->n].msg = strbuf_steal(&b);
	e->n++;
	if (sev == CONF_SEV_ERROR)
		e->nerr++;
	else
		e->nwarn++;
}

void conf_error(struct conf_errs *e, const struct conf_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_diag_add(e, loc, CONF_SEV_ERROR, fmt, ap);
	va_end(ap);
}

void conf_warning(struct conf_errs *e, const struct conf_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_diag_add(e, loc, CONF_SEV_WARNING, fmt, ap);
	va_end(ap);
}

char *conf_diag_str(const struct conf_diag *d)
{
	return xasprintf("%s:%d:%d: %s%s", d->loc.file ? d->loc.file : "<config>", d->loc.line,
			 d->loc.col, d->sev == CONF_SEV_WARNING ? "warning: " : "", d->msg);
}

void conf_errs_print(const struct conf_errs *e, FILE *f)
{
	for (size_t i = 0; i < e->n; i++) {
		char *s = conf_diag_str(&e->v[i]);
		fprintf(f, "%s\n", s);
		free(s);
	}
}
