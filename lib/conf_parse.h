/*
 * conf_parse: the parser framework over the token stream of conf_lex.
 *
 * The language is line oriented: a statement is a keyword and its arguments
 * up to the end of the line or a `{`.  A keyword may open a block, either
 * on its own line or on the next one.  Each block is described by a table of
 * struct conf_kw; the domain modules (conf_global.c, conf_vrrp.c,
 * conf_lvs.c, ...) own their tables and handlers, this module owns the walk,
 * argument helpers and the error messages shared by all of them:
 *
 *   unknown keyword        error, with "did you mean 'x'?" from the table
 *   CONF_KW_UNSUPPORTED    error: a keepalived keyword vigil does not implement
 *   CONF_KW_IGNORED        warning: cosmetic keepalived keyword, ignored
 *   a block where none is allowed, a missing block, unbalanced braces: errors
 *
 * The parser never stops at the first error; a bad statement (and its block)
 * is skipped and parsing goes on.
 */
#ifndef VIGIL_CONF_PARSE_H
#define VIGIL_CONF_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/addr.h"
#include "lib/conf.h"
#include "lib/conf_lex.h"
#include "lib/util.h"

struct conf_parser {
	const struct conf_toks *toks;
	size_t pos;
	struct conf_errs *errs;
	struct conf *conf;
	size_t ndiags; /* diagnostics this parser added (bounded) */
};

/* One statement: keyword token and its arguments (contiguous WORD tokens). */
struct conf_stmt {
	const struct conf_tok *kw;
	const struct conf_tok *args;
	size_t nargs;
	bool has_block; /* a `{` follows (same line or next) */
};

struct conf_kw;

/* Statement handler.  Returns the object the keyword's block (if any) fills,
 * or NULL to skip the block (after reporting an error). */
typedef void *(*conf_kw_fn)(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			    const struct conf_kw *kw);
/* Handler for one line inside a list block (virtual_ipaddress { ... }):
 * st->kw is the first word of the line, st->args the rest. */
typedef void (*conf_line_fn)(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			     const struct conf_kw *kw);

enum {
	CONF_KW_UNSUPPORTED = 1u << 0, /* keepalived keyword vigil does not implement: error */
	CONF_KW_IGNORED = 1u << 1,     /* cosmetic keepalived keyword: warning "ignored" */
	CONF_KW_BLOCK = 1u << 2,       /* the block is required */
	CONF_KW_BLOCK_OPT = 1u << 3,   /* the block is optional (real_server without checks) */
};

struct conf_kw {
	const char *name;
	conf_kw_fn fn;		     /* NULL for UNSUPPORTED/IGNORED entries */
	const struct conf_kw *block; /* keywords inside this keyword's block */
	conf_line_fn line;	     /* or: each line of the block is a list item */
	unsigned flags;
	size_t off;	    /* generic handlers: offsetof() the field in obj */
	long long min, max; /* generic handlers: accepted range */
	const char *note;   /* UNSUPPORTED/IGNORED: why; others: free for the handler */
};

/* Parse the whole token stream into p->conf (top-level tables below). */
void conf_parse(struct conf_parser *p);

/* Top-level keyword tables of each domain; the root block searches them all. */
extern const struct conf_kw conf_global_top_kws[];
extern const struct conf_kw conf_vrrp_top_kws[];
extern const struct conf_kw conf_lvs_top_kws[];

/* ---- helpers for handlers ---- */
void conf_perr(struct conf_parser *p, const struct conf_tok *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void conf_pwarn(struct conf_parser *p, const struct conf_tok *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Require min..max arguments (max < 0: unlimited); error naming the keyword otherwise. */
bool conf_nargs(struct conf_parser *p, const struct conf_stmt *st, size_t min, long max);
const char *conf_arg(const struct conf_stmt *st, size_t i);
bool conf_arg_ll(struct conf_parser *p, const struct conf_stmt *st, size_t i, long long min,
		 long long max, long long *out);
bool conf_arg_u32(struct conf_parser *p, const struct conf_stmt *st, size_t i, uint32_t min,
		  uint32_t max, uint32_t *out);
/* Decimal with `decimals` fraction digits, scaled (advert_int 0.01 -> 1 with 2 decimals). */
bool conf_arg_fixed(struct conf_parser *p, const struct conf_stmt *st, size_t i, unsigned decimals,
		    long long min, long long max, long long *out);
/* Address; plen may be NULL (then a prefix is an error).  *plen = -1 when none given. */
bool conf_arg_addr(struct conf_parser *p, const struct conf_stmt *st, size_t i, struct addr *a,
		   int *plen);
/* on/off/true/false/yes/no/1/0; a missing optional argument means true. */
bool conf_arg_bool(struct conf_parser *p, const struct conf_stmt *st, size_t i, bool *out);
/* All arguments from i joined by single spaces (keepalived's script command lines). */
char *conf_args_join(const struct conf_stmt *st, size_t i);

/* Generic handlers using kw->off/min/max on obj: */
void *conf_kw_u32(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		  const struct conf_kw *kw); /* uint32_t in [min,max] */
void *conf_kw_int(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		  const struct conf_kw *kw); /* int in [min,max] */
void *conf_kw_flag(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		   const struct conf_kw *kw); /* bool; optional on/off argument */
void *conf_kw_str(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		  const struct conf_kw *kw); /* char * (replaces; one argument) */
void *conf_kw_cmd(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		  const struct conf_kw *kw); /* char *: all arguments joined */

/* ---- printing helpers (conf_print) ---- */
/* Append one line at `depth` (4 spaces a level) followed by a newline. */
void conf_out(struct strbuf *b, int depth, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Append a word, quoted with "..." when it holds blanks, quotes, braces, # or ! or is empty. */
void conf_out_word(struct strbuf *b, const char *s);
/* Domain printers called by conf_print() in this order. */
void conf_global_print(struct strbuf *b, const struct conf *c);
void conf_vrrp_print(struct strbuf *b, const struct conf *c);
/* compact: the snapshot form (values that finalize derives again left out) */
void conf_lvs_print(struct strbuf *b, const struct conf *c, bool compact);

/* ---- domain lifecycle hooks called by conf.c ---- */
void conf_global_init(struct conf_global *g);
void conf_global_free(struct conf_global *g);
void conf_vrrp_free_all(struct conf *c);
void conf_lvs_free_all(struct conf *c);
/* After parsing: resolve inheritance and make defaults explicit. */
void conf_vrrp_finalize(struct conf *c, struct conf_errs *errs);
void conf_lvs_finalize(struct conf *c, struct conf_errs *errs);
/* Domain rules, called from conf_validate(). */
void conf_global_validate(const struct conf *c, struct conf_errs *errs);
void conf_vrrp_validate(const struct conf *c, struct conf_errs *errs);
void conf_lvs_validate(const struct conf *c, struct conf_errs *errs);

#endif
