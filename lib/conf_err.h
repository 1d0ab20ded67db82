/*
 * conf_err: source locations and the list of diagnostics a config run
 * produces.  Every error is "file:line:col: message"; warnings read
 * "file:line:col: warning: message".  One run collects all of them.
 */
#ifndef VIGIL_CONF_ERR_H
#define VIGIL_CONF_ERR_H

#include <stddef.h>
#include <stdio.h>

struct conf_loc {
	const char *file; /* interned; owned by the token stream / struct conf */
	int line;	  /* 1-based */
	int col;	  /* 1-based */
};

enum conf_sev { CONF_SEV_ERROR, CONF_SEV_WARNING };

struct conf_diag {
	struct conf_loc loc;
	enum conf_sev sev;
	char *msg;
};

struct conf_errs {
	struct conf_diag *v;
	size_t n, cap;
	size_t nerr, nwarn;
	char **files;  /* own copies of the file names diagnostics point to, so they */
	size_t nfiles; /* outlive the token stream and the model they came from */
};

void conf_errs_init(struct conf_errs *e);
void conf_errs_free(struct conf_errs *e);
void conf_error(struct conf_errs *e, const struct conf_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void conf_warning(struct conf_errs *e, const struct conf_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Format one diagnostic as it is printed (caller frees). */
char *conf_diag_str(const struct conf_diag *d);
/* Print every diagnostic, one a line, in the order found. */
void conf_errs_print(const struct conf_errs *e, FILE *f);

#endif
