/*
 * check_http_match: the pure half of HTTP_GET / SSL_GET (no socket, no
 * loop, no curl): the body sink (MD5 while the body streams, and a bounded
 * copy of it when a regex must see it), the url's regex (PCRE2, compiled
 * once per check), the verdict on one reply (status, digest, regex), and
 * the strings the transfer needs (URL, CURLOPT_CONNECT_TO entry, headers).
 * checkers/check_http.c drives libcurl with them.
 */
#ifndef VIGIL_CHECK_HTTP_MATCH_H
#define VIGIL_CHECK_HTTP_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkers/check.h"
#include "lib/conf_check.h"

/* The most of a body kept for a regex (the digest sees all of it). */
#define CHECK_HTTP_BODY_KEEP_MAX (1024u * 1024u)
/* The most HTTP_GET/SSL_GET transfers running at once per checker: the
 * attempts beyond wait, in the order they were started (check_http.c). */
#define CHECK_HTTP_INFLIGHT_MAX 64u

/* PCRE2 compile flags for conf_check_url.regex_options (bit i names
 * conf_regex_option_names[i]); 0 for an unknown bit. */
uint32_t check_http_regex_flag(unsigned bit);
uint32_t check_http_regex_flags(unsigned options);

struct check_http_regex;
/* Compile u's regex (u->regex must be set); NULL with a message in err. */
struct check_http_regex *check_http_regex_new(const struct conf_check_url *u, char *err,
					      size_t errlen);
void check_http_regex_free(struct check_http_regex *re);
/* 1: the pattern matches body[min_offset..] (starting at or before
 * max_offset when set), 0: no match, -1: matching failed (err). */
int check_http_regex_match(struct check_http_regex *re, const char *body, size_t len, char *err,
			   size_t errlen);

/*
 * Load OpenSSL's libcrypto (dlopen()ed, not linked) and its MD5, once: NULL,
 * or why no digest can be computed ("MD5 digest unavailable: <dlerror>"),
 * also logged once.  check_http_body_init() with a digest calls it and exits
 * on failure: a caller that can fail a check instead calls it first.
 */
const char *check_http_md5_load(void);

/* One url's reply body as it streams. */
struct check_http_body {
	void *md5; /* EVP_MD_CTX, NULL when no digest is wanted */
	char *buf; /* kept bytes (keep > 0) */
	size_t len, cap, keep;
	uint64_t total; /* every byte seen */
};
/* digest: hash the body (check_http_md5_load() must succeed); keep: how
 * many bytes to keep for a regex (0: none). */
void check_http_body_init(struct check_http_body *b, bool digest, size_t keep);
/* Start a new body (the next attempt). */
void check_http_body_reset(struct check_http_body *b);
void check_http_body_feed(struct check_http_body *b, const void *data, size_t n);
/* The MD5 of what was fed since the reset (digest must have been asked). */
void check_http_body_md5(struct check_http_body *b, uint8_t out[16]);
void check_http_body_fini(struct check_http_body *b);
/* Between attempts: give back a kept copy grown beyond 4 KiB (a big body
 * for a regex is not held until the next attempt). */
void check_http_body_trim(struct check_http_body *b);

/* 32 lowercase hex digits and a NUL, as md5sum prints them. */
void check_http_hex(const uint8_t d[16], char out[33]);

/*
 * The verdict on one url's complete reply: the status code against the
 * url's list, then the digest, then the regex (re: NULL when the url has
 * none).  Fills detail ("HTTP 503", "MD5 0123...", "regex did not match").
 */
enum check_result check_http_judge(const struct conf_check_url *u, struct check_http_regex *re,
				   long status, struct check_http_body *b, char *detail,
				   size_t dlen);

/*
 * The URL to fetch: scheme by tls, host `name` when given (it becomes the
 * SNI name), else the IP literal (no SNI is sent for an address), then
 * :port and path (a path without a leading '/' gets one).  Allocated.
 */
char *check_http_url(bool tls, const char *name, const struct addr *ip, uint16_t port,
		     const char *path);
/* CURLOPT_CONNECT_TO entry sending any host:port to ip:port ("::192.0.2.1:80",
 * "::[2001:db8::1]:80").  Allocated. */
char *check_http_connect_to(const struct addr *ip, uint16_t port);
/* The SNI name an SSL_GET sends: NULL when enable_sni is off, else sni_name,
 * else the url's virtualhost, else the checker's (NULL when none). */
const char *check_http_sni(const struct conf_check *ck, const struct conf_check_url *u);
/* The Host header's name: the url's virtualhost, else the checker's (NULL: none). */
const char *check_http_vhost(const struct conf_check *ck, const struct conf_check_url *u);

#endif
