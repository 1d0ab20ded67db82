/*
 * util: allocation that never returns NULL, bounded string helpers, ranged
 * integer parsing, and a growable string buffer.  Pure: no sockets, no clock.
 */
#ifndef VIGIL_UTIL_H
#define VIGIL_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#ifndef container_of
#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr)-offsetof(type, member)))
#endif

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* asprintf that aborts on allocation failure. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copy with truncation; returns strlen(src) (truncated when >= size). */
size_t util_strlcpy(char *dst, const char *src, size_t size);
/* snprintf that returns -1 on truncation or error, else the length. */
int util_snprintf(char *dst, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parse a whole string as an integer in [min, max] (base 10, or 0x for hex when hex_ok). */
int util_parse_ll(const char *s, long long min, long long max, long long *out);
int util_parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);
/* Parse a decimal number with at most `decimals` fraction digits into an integer scaled by
 * 10^decimals (e.g. "0.25" with 2 decimals -> 25).  Range applies to the scaled value. */
int util_parse_fixed(const char *s, unsigned decimals, long long min, long long max,
		     long long *out);

/* Growable NUL-terminated string buffer. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void strbuf_init(struct strbuf *b);
void strbuf_free(struct strbuf *b);
void strbuf_add(struct strbuf *b, const char *s, size_t n);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_putc(struct strbuf *b, char c);
void strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Detach the string (caller frees); the buffer is reset. */
char *strbuf_steal(struct strbuf *b);

/* Levenshtein distance, for "did you mean" suggestions. */
size_t util_edit_distance(const char *a, const char *b);

/* "$VIGIL_TMPDIR/name" when VIGIL_TMPDIR is set and not empty, else
 * "/tmp/name": where the state dumps go (caller frees). */
char *util_tmp_path(const char *name);

#endif
