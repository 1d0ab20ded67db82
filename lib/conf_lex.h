/*
 * conf_lex: the lexical layer of the keepalived.conf language.  It reads a
 * file (and everything it includes) and produces one flat token stream with
 * a location for every token:
 *
 *   - words (bare or quoted with "..." / '...'; `quoted` tells which),
 *     `{` and `}` as their own tokens even when glued to a word (`VI_1{`),
 *     and an EOL token closing every logical line that produced a token;
 *   - `#` and `!` start comments (outside quotes);
 *   - `include GLOB` (relative to the including file's directory; cycles and
 *     globs matching nothing are errors naming the include line);
 *   - `$NAME=value` definitions (multi-line with trailing `\`), `$NAME` and
 *     `${NAME}` substitution (an undefined name is left as written);
 *   - `@ID line` / `@^ID line` kept only when the config id is / is not ID;
 *   - `~SEQ(var, start, step, end) line` repeating the line with $var set.
 *
 * Locations point at the file that holds the text (the included file's own
 * name and line).  Pure apart from reading files and glob(3).
 */
#ifndef VIGIL_CONF_LEX_H
#define VIGIL_CONF_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/conf_err.h"

enum conf_tok_type {
	CONF_TOK_WORD,
	CONF_TOK_LBRACE,
	CONF_TOK_RBRACE,
	CONF_TOK_EOL,
};

struct conf_tok {
	enum conf_tok_type type;
	bool quoted;	     /* WORD came from a quoted string */
	char *text;	     /* WORD text, "{", "}" or "" for EOL; in the stream's arena */
	struct conf_loc loc; /* first character of the token (EOL: end of line) */
};

struct conf_toks;

struct conf_lex_opts {
	const char *config_id; /* for @ID lines; NULL: the short host name */
	/* Optional: called with the tokens of complete top-level statements (a
	 * chunk of at least a few thousand tokens, cut only where a new top-level
	 * statement begins) so that a consumer can parse as the lexer goes; the
	 * tokens are dropped after the call and their memory reused (file names
	 * stay).  Without a sink every token stays in the stream. */
	void (*sink)(void *ctx, struct conf_toks *toks);
	void *sink_ctx;
};

struct conf_toks {
	struct conf_tok *v;
	size_t n, cap;
	char **files; /* interned file names that tokens' locations point to */
	size_t nfiles;
	/* token text arena: blocks of at least CONF_TOKS_BLOCK bytes */
	char **blocks;
	size_t nblocks, used; /* used: bytes taken in the last block */
	size_t last_cap;      /* size of the last block */
	int depth;	      /* brace depth at the end of the stream (for chunking) */
};

/* Lex `path` and its includes.  Returns 0 when no error was added to errs.
 * Tokens are produced even after errors, so the parser can report more. */
int conf_lex_file(const char *path, const struct conf_lex_opts *opts, struct conf_toks *out,
		  struct conf_errs *errs);
/* Lex text held in memory; `name` is used in locations and as the base for
 * relative includes. */
int conf_lex_buf(const char *name, const char *text, size_t len, const struct conf_lex_opts *opts,
		 struct conf_toks *out, struct conf_errs *errs);
void conf_toks_init(struct conf_toks *t);
void conf_toks_free(struct conf_toks *t);
/* Move the interned file names out (caller owns them and must free each and the array). */
char **conf_toks_take_files(struct conf_toks *t, size_t *nfiles);

#endif
