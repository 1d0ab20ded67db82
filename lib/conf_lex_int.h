/*
 * conf_lex_int: private to the lexer (conf_lex.c, conf_lex_expand.c): the
 * run state, position-carrying lines and the functions the two files share.
 * Nothing outside the lexer includes this; the contract is conf_lex.h.
 */
#ifndef VIGIL_CONF_LEX_INT_H
#define VIGIL_CONF_LEX_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/conf_lex.h"
#include "lib/util.h"

#define LEX_MAX_INCLUDE_DEPTH 32
#define LEX_MAX_EXPAND_DEPTH  64
#define LEX_MAX_LINE	      (64 * 1024)
#define LEX_MAX_WORK	      (16 * 1024 * 1024)
#define LEX_MAX_SEQ	      100000
#define LEX_MAX_FILE	      (64 * 1024 * 1024)
#define LEX_MAX_FILES	      10000
#define LEX_MAX_TOTAL	      (256 * 1024 * 1024)
#define LEX_MAX_ERRORS	      200
#define LEX_SEQ_LIMIT_VAL     1000000000000LL
#define LEX_TEXT_BLOCK	      (64 * 1024) /* token text arena block */
#define LEX_CHUNK_TOKENS      4096	  /* tokens handed to a sink at a time (at least) */

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
	void (*sink)(void *ctx, struct conf_toks *toks); /* see conf_lex_opts */
	void *sink_ctx;
	struct conf_errs *errs;
	char idbuf[256];
	const char *config_id;
	struct lex_param *params;
	size_t nparams, cparams;
	/* include stack: real paths (cycle detection) and display names */
	char *real[LEX_MAX_INCLUDE_DEPTH + 2];
	const char *shown[LEX_MAX_INCLUDE_DEPTH + 2];
	int depth;
	const char *dir; /* directory of the file being read, as named (for includes) */
	const char *pwd; /* the same, absolute when it exists (${_PWD}) */
	size_t work;	 /* bytes produced by expansions so far */
	bool work_reported;
	bool line_aborted; /* an expansion of the current line hit a bound */
	size_t nerrs;	   /* errors reported by this run (bounded) */
	size_t nread;	   /* files read, and their total size (bounded) */
	size_t total;
	struct lex_pending pend;
	struct strbuf fastw; /* word buffer of the fast path */
};

static inline struct conf_loc conf_lex_loc(const struct xline *xl, size_t i)
{
	struct lex_pos p = i < xl->len ? xl->p[i] : xl->eol;

	return (struct conf_loc){xl->file, p.line, p.col};
}

static inline bool conf_lex_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static inline bool conf_lex_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static inline bool conf_lex_name_char(char c)
{
	return conf_lex_name_start(c) || (c >= '0' && c <= '9');
}

/* conf_lex.c */
void conf_lex_err(struct lex *L, const struct conf_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void conf_lex_xline_add(struct xline *xl, char c, struct lex_pos p);
/* Process one logical line from xl[off]; edepth counts nested expansions. */
void conf_lex_process(struct lex *L, const struct xline *xl, size_t off, int edepth);

/* conf_lex_expand.c */
/* Set (val != NULL, owned) or remove (val == NULL) a parameter. */
void conf_lex_param_set(struct lex *L, const char *name, size_t n, char *val);
/* Charge n bytes of expansion to the run's budget; false (reported once) when spent. */
bool conf_lex_work(struct lex *L, size_t n, const struct conf_loc *loc);
/* One level of substitution of xl[off..] into out: 1 replaced, 0 nothing, -1 error. */
int conf_lex_subst(struct lex *L, const struct xline *xl, size_t off, struct xline *out);
/* `~SEQ(...) rest` at xl[off]. */
void conf_lex_seq(struct lex *L, const struct xline *xl, size_t off, int edepth);

#endif
