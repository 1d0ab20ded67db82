/*
 * check_http_match: the pure half of HTTP_GET / SSL_GET (see the header).
 *
 * The body sink hashes every byte with OpenSSL's EVP MD5 as libcurl hands
 * it over (so the digest equals `md5sum` of the body as served: no content
 * encoding is asked for) and keeps the first CHECK_HTTP_BODY_KEEP_MAX bytes
 * only when a regex needs them.  libcrypto is not linked: it is dlopen()ed
 * by the first url with a digest (check_http_md5_load(), below).  The regex is PCRE2 (8-bit),
 * compiled once per check with keepalived's regex_options, JIT-compiled when the library can;
 * regex_min_offset is the start offset of the match and regex_max_offset PCRE2's offset limit (the
 * latest start of a match).
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <dlfcn.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkers/check_http_match.h"
#include "lib/log.h"
#include "lib/util.h"

/* In the order of conf_regex_option_names. */
static const uint32_t regex_flag_table[] = {
    PCRE2_ALLOW_EMPTY_CLASS, PCRE2_ALT_BSUX,
    PCRE2_AUTO_CALLOUT,	     PCRE2_CASELESS,
    PCRE2_DOLLAR_ENDONLY,    PCRE2_DOTALL,
    PCRE2_DUPNAMES,	     PCRE2_EXTENDED,
    PCRE2_FIRSTLINE,	     PCRE2_MATCH_UNSET_BACKREF,
    PCRE2_MULTILINE,	     PCRE2_NEVER_UCP,
    PCRE2_NEVER_UTF,	     PCRE2_NO_AUTO_CAPTURE,
    PCRE2_NO_AUTO_POSSESS,   PCRE2_NO_DOTSTAR_ANCHOR,
    PCRE2_NO_START_OPTIMIZE, PCRE2_UCP,
    PCRE2_UNGREEDY,	     PCRE2_UTF,
    PCRE2_NEVER_BACKSLASH_C, PCRE2_ALT_CIRCUMFLEX,
    PCRE2_ALT_VERBNAMES,     PCRE2_USE_OFFSET_LIMIT,
};

uint32_t check_http_regex_flag(unsigned bit)
{
	return bit < ARRAY_SIZE(regex_flag_table) ? regex_flag_table[bit] : 0;
}

uint32_t check_http_regex_flags(unsigned options)
{
	uint32_t f = 0;

	for (unsigned i = 0; i < 32; i++)
		if (options & (1u << i))
			f |= check_http_regex_flag(i);
	return f;
}

struct check_http_regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx; /* offset limit; NULL when none */
	uint32_t min_offset;
};

struct check_http_regex *check_http_regex_new(const struct conf_check_url *u, char *err,
					      size_t errlen)
{
	struct check_http_regex *re;
	uint32_t flags = check_http_regex_flags(u->regex_options);
	int ec;
	PCRE2_SIZE eo;

	if (u->regex_max_offset)
		flags |= PCRE2_USE_OFFSET_LIMIT;
	re = xcalloc(1, sizeof(*re));
	re->min_offset = u->regex_min_offset;
	re->code =
	    pcre2_compile((PCRE2_SPTR)u->regex, PCRE2_ZERO_TERMINATED, flags, &ec, &eo, NULL);
	if (!re->code) {
		PCRE2_UCHAR msg[160];

		if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0)
			util_strlcpy((char *)msg, "?", sizeof(msg));
		(void)util_snprintf(err, errlen, "regex error at offset %zu: %s", (size_t)eo,
				    (const char *)msg);
		free(re);
		return NULL;
	}
	(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE); /* optional speed-up */
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	if (u->regex_max_offset) {
		re->mctx = pcre2_match_context_create(NULL);
		if (re->mctx)
			pcre2_set_offset_limit(re->mctx, u->regex_max_offset);
	}
	if (!re->md || (u->regex_max_offset && !re->mctx)) {
		util_strlcpy(err, "regex: out of memory", errlen);
		check_http_regex_free(re);
		return NULL;
	}
	return re;
}

void check_http_regex_free(struct check_http_regex *re)
{
	if (!re)
		return;
	pcre2_match_context_free(re->mctx);
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re);
}

int check_http_regex_match(struct check_http_regex *re, const char *body, size_t len, char *err,
			   size_t errlen)
{
	int rc;

	if (re->min_offset > len)
		return 0;
	rc = pcre2_match(re->code, (PCRE2_SPTR)(body ? body : ""), len, re->min_offset, 0, re->md,
			 re->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	{
		PCRE2_UCHAR msg[160];

		if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
			util_strlcpy((char *)msg, "?", sizeof(msg));
		(void)util_snprintf(err, errlen, "regex: %s", (const char *)msg);
	}
	return -1;
}

/* ---- body ---- */

/*
 * OpenSSL's libcrypto is loaded with dlopen() by the first url that wants a
 * digest, not linked: linked, it was mapped into every checker (1.4 MiB
 * resident, 400 KiB of it relocated data) although only HTTP_GET / SSL_GET
 * with a digest use it, and those run on libcurl, which is dlopen()ed too
 * and already brings libcrypto in (then this dlopen() maps nothing new).
 * The headers still give the prototypes; the soname follows the headers'
 * major version, so the ABI is the one compiled against.
 */
#define CRYPTO_SONAME "libcrypto.so." OPENSSL_MSTR(OPENSSL_VERSION_MAJOR)

static struct {
	__typeof__(&EVP_MD_fetch) md_fetch;
	__typeof__(&EVP_MD_CTX_new) ctx_new;
	__typeof__(&EVP_MD_CTX_free) ctx_free;
	__typeof__(&EVP_DigestInit_ex) init;
	__typeof__(&EVP_DigestUpdate) update;
	__typeof__(&EVP_DigestFinal_ex) final;
	EVP_MD *md5; /* fetched once, kept for the process's life */
} crypto;

const char *check_http_md5_load(void)
{
	static const char *err;
	static bool done;
	void *h;

	if (done)
		return err;
	done = true;
	h = dlopen(CRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();

		err = xasprintf("MD5 digest unavailable: %s",
				e ? e : "dlopen " CRYPTO_SONAME " failed");
		log_warnx("HTTP_GET/SSL_GET: %s", err);
		return err;
	}
#define CRYPTO_SYM(f, name)                                                                        \
	do {                                                                                       \
		if (!(*(void **)&crypto.f = dlsym(h, name))) {                                     \
			err = "MD5 digest unavailable: " CRYPTO_SONAME " lacks " name;             \
			log_warnx("HTTP_GET/SSL_GET: %s", err);                                    \
			return err;                                                                \
		}                                                                                  \
	} while (0)
	CRYPTO_SYM(md_fetch, "EVP_MD_fetch");
	CRYPTO_SYM(ctx_new, "EVP_MD_CTX_new");
	CRYPTO_SYM(ctx_free, "EVP_MD_CTX_free");
	CRYPTO_SYM(init, "EVP_DigestInit_ex");
	CRYPTO_SYM(update, "EVP_DigestUpdate");
	CRYPTO_SYM(final, "EVP_DigestFinal_ex");
#undef CRYPTO_SYM
	crypto.md5 = crypto.md_fetch(NULL, "MD5", NULL);
	if (!crypto.md5) {
		err = "MD5 digest unavailable: OpenSSL has no MD5 (FIPS mode?)";
		log_warnx("HTTP_GET/SSL_GET: %s", err);
	}
	return err;
}

void check_http_body_init(struct check_http_body *b, bool digest, size_t keep)
{
	memset(b, 0, sizeof(*b));
	b->keep = keep > CHECK_HTTP_BODY_KEEP_MAX ? CHECK_HTTP_BODY_KEEP_MAX : keep;
	if (digest) {
		const char *err = check_http_md5_load();

		if (err)
			fatalx("%s", err);
		b->md5 = crypto.ctx_new();
		if (!b->md5)
			fatalx("out of memory (EVP_MD_CTX)");
	}
	check_http_body_reset(b);
}

void check_http_body_reset(struct check_http_body *b)
{
	b->len = 0;
	b->total = 0;
	if (b->md5 && !crypto.init(b->md5, crypto.md5, NULL))
		fatalx("MD5 unavailable in OpenSSL");
}

void check_http_body_feed(struct check_http_body *b, const void *data, size_t n)
{
	b->total += n;
	if (b->md5 && !crypto.update(b->md5, data, n))
		fatalx("MD5 unavailable in OpenSSL");
	if (b->len < b->keep) {
		size_t take = b->keep - b->len < n ? b->keep - b->len : n;

		if (b->len + take > b->cap) {
			size_t cap = b->cap ? b->cap : 4096;

			while (cap < b->len + take)
				cap *= 2;
			if (cap > b->keep)
				cap = b->keep;
			b->buf = xrealloc(b->buf, cap);
			b->cap = cap;
		}
		memcpy(b->buf + b->len, data, take);
		b->len += take;
	}
}

void check_http_body_md5(struct check_http_body *b, uint8_t out[16])
{
	unsigned n = 16;

	memset(out, 0, 16);
	if (b->md5 && !crypto.final(b->md5, out, &n))
		fatalx("MD5 unavailable in OpenSSL");
}

void check_http_body_trim(struct check_http_body *b)
{
	if (b->cap <= 4096)
		return;
	free(b->buf);
	b->buf = NULL;
	b->cap = 0;
	b->len = 0;
}

void check_http_body_fini(struct check_http_body *b)
{
	if (b->md5)
		crypto.ctx_free(b->md5);
	free(b->buf);
	memset(b, 0, sizeof(*b));
}

void check_http_hex(const uint8_t d[16], char out[33])
{
	static const char hx[] = "0123456789abcdef";

	for (int i = 0; i < 16; i++) {
		out[2 * i] = hx[d[i] >> 4];
		out[2 * i + 1] = hx[d[i] & 15];
	}
	out[32] = '\0';
}

enum check_result check_http_judge(const struct conf_check_url *u, struct check_http_regex *re,
				   long status, struct check_http_body *b, char *detail,
				   size_t dlen)
{
	detail[0] = '\0';
	if (status < 0 || status > 999 || !conf_url_status_ok(u, (unsigned)status)) {
		(void)util_snprintf(detail, dlen, "HTTP %ld", status);
		return CHECK_BAD_STATUS;
	}
	if (u->has_digest) {
		uint8_t got[16];
		char hex[33];

		check_http_body_md5(b, got);
		if (memcmp(got, u->digest, sizeof(got)) != 0) {
			check_http_hex(got, hex);
			(void)util_snprintf(detail, dlen, "MD5 %s", hex);
			return CHECK_BAD_DIGEST;
		}
	}
	if (re) {
		int m = check_http_regex_match(re, b->buf, b->len, detail, dlen);

		if (m < 0)
			return CHECK_BAD_REPLY;
		if (!m && !u->regex_no_match) {
			util_strlcpy(detail, "regex did not match", dlen);
			return CHECK_BAD_REPLY;
		}
		if (m && u->regex_no_match) {
			util_strlcpy(detail, "regex matched (regex_no_match)", dlen);
			return CHECK_BAD_REPLY;
		}
	}
	(void)util_snprintf(detail, dlen, "HTTP %ld", status);
	return CHECK_OK;
}

/* ---- strings ---- */

char *check_http_url(bool tls, const char *name, const struct addr *ip, uint16_t port,
		     const char *path)
{
	char a[ADDR_STRLEN];
	const char *slash = path && path[0] == '/' ? "" : "/";

	if (!path)
		path = "";
	if (name)
		return xasprintf("%s://%s:%u%s%s", tls ? "https" : "http", name, port, slash, path);
	addr_str(ip, a, sizeof(a));
	if (ip->af == AF_INET6)
		return xasprintf("%s://[%s]:%u%s%s", tls ? "https" : "http", a, port, slash, path);
	return xasprintf("%s://%s:%u%s%s", tls ? "https" : "http", a, port, slash, path);
}

char *check_http_connect_to(const struct addr *ip, uint16_t port)
{
	char a[ADDR_STRLEN];

	addr_str(ip, a, sizeof(a));
	if (ip->af == AF_INET6)
		return xasprintf("::[%s]:%u", a, port);
	return xasprintf("::%s:%u", a, port);
}

const char *check_http_vhost(const struct conf_check *ck, const struct conf_check_url *u)
{
	if (u && u->virtualhost && u->virtualhost[0])
		return u->virtualhost;
	if (ck->virtualhost && ck->virtualhost[0])
		return ck->virtualhost;
	return NULL;
}

const char *check_http_sni(const struct conf_check *ck, const struct conf_check_url *u)
{
	if (!ck->enable_sni)
		return NULL;
	if (ck->sni_name && ck->sni_name[0])
		return ck->sni_name;
	return check_http_vhost(ck, u);
}
