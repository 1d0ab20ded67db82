/*
 * conf_check: keyword tables, handlers, printing and freeing of the health
 * checkers inside a real_server block (see conf_check.h for the model).
 *
 * Each checker type has its own table built from shared pieces: the
 * connection keywords (connect_ip ... fwmark), the common scheduling
 * keywords (retry ... log_all_failures, and vigil's `rise`) and the
 * type's own keywords.  keepalived keywords vigil does not implement are
 * CONF_KW_UNSUPPORTED entries with the reason.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "lib/conf_check_kws.h"
#include "lib/conf_parse.h"

static const char *const type_names[] = {
    "TCP_CHECK", "HTTP_GET",  "SSL_GET",    "MISC_CHECK", "SMTP_CHECK",
    "DNS_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK",
};
static const char *const http_proto_names[] = {"1.0", "1.0C", "1.1"};
static const char *const dns_type_names[] = {"A",   "NS",   "CNAME", "SOA",   "MX",
					     "TXT", "AAAA", "RRSIG", "DNSKEY"};
static const uint16_t dns_type_codes[] = {1, 2, 5, 6, 15, 16, 28, 46, 48};
const char *const conf_regex_option_names[] = {
    "allow_empty_class",
    "alt_bsux",
    "auto_callout",
    "caseless",
    "dollar_endonly",
    "dotall",
    "dupnames",
    "extended",
    "firstline",
    "match_unset_backref",
    "multiline",
    "never_ucp",
    "never_utf",
    "no_auto_capture",
    "no_auto_possess",
    "no_dotstar_anchor",
    "no_start_optimize",
    "ucp",
    "ungreedy",
    "utf",
    "never_backslash_c",
    "alt_circumflex",
    "alt_verbnames",
    "use_offset_limit",
    NULL,
};
#define N_REGEX_OPTIONS (ARRAY_SIZE(conf_regex_option_names) - 1)

const char *conf_check_type_str(enum conf_check_type t)
{
	return (unsigned)t < ARRAY_SIZE(type_names) ? type_names[t] : "?";
}

const char *conf_http_proto_str(enum conf_http_proto p)
{
	return (unsigned)p < ARRAY_SIZE(http_proto_names) ? http_proto_names[p] : "?";
}

const char *conf_dns_type_str(enum conf_dns_type t)
{
	return (unsigned)t < ARRAY_SIZE(dns_type_names) ? dns_type_names[t] : "?";
}

uint16_t conf_dns_type_code(enum conf_dns_type t)
{
	return (unsigned)t < ARRAY_SIZE(dns_type_codes) ? dns_type_codes[t] : 0;
}

bool conf_url_status_ok(const struct conf_check_url *u, unsigned code)
{
	unsigned i = code - CONF_HTTP_STATUS_MIN;

	if (code < CONF_HTTP_STATUS_MIN || code > CONF_HTTP_STATUS_MAX)
		return false;
	return (u->status[i / 8] >> (i % 8)) & 1;
}

/* ---- generic handlers on the checker ---- */

#define CK_OFF(f) offsetof(struct conf_check, f)

static struct conf_check_conn *ck_conn(struct conf_check *ck)
{
	if (!ck->conn)
		ck->conn = xcalloc(1, sizeof(*ck->conn));
	return ck->conn;
}

static const struct conf_check_conn no_conn;

const struct conf_check_conn *conf_check_conn(const struct conf_check *ck)
{
	return ck->conn ? ck->conn : &no_conn;
}

/* connect_ip (kw->off 0) or bindto (1) */
static void *ck_addr(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		     const struct conf_kw *kw)
{
	struct conf_check *ck = obj;
	struct addr a;

	if (!conf_nargs(p, st, 1, 1) || !conf_arg_addr(p, st, 0, &a, NULL))
		return NULL;
	if (kw->off == 0) {
		ck->connect_ip = a;
		ck_conn(ck)->connect_ip_loc = st->kw->loc;
	} else {
		ck_conn(ck)->bindto = a;
		ck_conn(ck)->bindto_loc = st->kw->loc;
	}
	return NULL;
}

/* connect_port (kw->off 0) or bind_port (1) */
static void *ck_port(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		     const struct conf_kw *kw)
{
	struct conf_check *ck = obj;
	uint16_t v;

	if (!conf_nargs(p, st, 1, 1) || !conf_lvs_arg_port(p, st, 0, &v))
		return NULL;
	if (kw->off == 0)
		ck->connect_port = v;
	else
		ck_conn(ck)->bind_port = v;
	return NULL;
}

/* bind_if and fwmark: generic handlers on struct conf_check_conn (kw->off there) */
static void *ck_conn_str(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			 const struct conf_kw *kw)
{
	return conf_kw_str(p, st, ck_conn(obj), kw);
}

static void *ck_conn_u32(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			 const struct conf_kw *kw)
{
	return conf_kw_u32(p, st, ck_conn(obj), kw);
}

#define CONN_OFF(f) offsetof(struct conf_check_conn, f)

#define CONN_KWS                                                                                   \
	{.name = "connect_ip", .fn = ck_addr, .off = 0},                                           \
	    {.name = "connect_port", .fn = ck_port, .off = 0},                                     \
	    {.name = "bindto", .fn = ck_addr, .off = 1},                                           \
	    {.name = "bind_port", .fn = ck_port, .off = 1},                                        \
	    {.name = "bind_if", .fn = ck_conn_str, .off = CONN_OFF(bind_if)},                      \
	    {.name = "connect_timeout",                                                            \
	     .fn = conf_lvs_kw_time32,                                                             \
	     .off = CK_OFF(opts.connect_timeout),                                                  \
	     .min = 1,                                                                             \
	     .max = CONF_LVS_TIME_MAX},                                                            \
	{                                                                                          \
		.name = "fwmark", .fn = ck_conn_u32, .off = CONN_OFF(fwmark), .min = 0,            \
		.max = UINT32_MAX                                                                  \
	}

#define COMMON_KWS                                                                                 \
	{.name = "retry",                                                                          \
	 .fn = conf_lvs_kw_i64,                                                                    \
	 .off = CK_OFF(opts.retry),                                                                \
	 .min = 0,                                                                                 \
	 .max = UINT32_MAX},                                                                       \
	    {.name = "delay_before_retry",                                                         \
	     .fn = conf_lvs_kw_time32,                                                             \
	     .off = CK_OFF(opts.delay_before_retry),                                               \
	     .min = 0,                                                                             \
	     .max = CONF_LVS_TIME_MAX},                                                            \
	    {.name = "warmup",                                                                     \
	     .fn = conf_lvs_kw_time32,                                                             \
	     .off = CK_OFF(opts.warmup),                                                           \
	     .min = 0,                                                                             \
	     .max = CONF_LVS_TIME_MAX},                                                            \
	    {.name = "delay_loop",                                                                 \
	     .fn = conf_lvs_kw_time32,                                                             \
	     .off = CK_OFF(opts.delay_loop),                                                       \
	     .min = 1,                                                                             \
	     .max = CONF_LVS_TIME_MAX},                                                            \
	    {.name = "alpha", .fn = conf_lvs_kw_tri, .off = CK_OFF(opts.alpha)},                   \
	    {.name = "log_all_failures", .fn = conf_kw_flag, .off = CK_OFF(log_all_failures)},     \
	{                                                                                          \
		.name = "rise", .fn = conf_kw_u32, .off = CK_OFF(rise), .min = 1, .max = 1000000   \
	}

/* ---- HTTP_GET / SSL_GET ---- */

static void *url_digest(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			const struct conf_kw *kw)
{
	struct conf_check_url *u = obj;
	const char *s;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	s = st->args[0].text;
	for (size_t i = 0; i < 32; i++)
		if (!isxdigit((unsigned char)s[i]))
			goto bad;
	if (s[32])
		goto bad;
	for (size_t i = 0; i < 16; i++) {
		char h[3] = {s[2 * i], s[2 * i + 1], 0};
		u->digest[i] = (uint8_t)strtoul(h, NULL, 16);
	}
	u->has_digest = true;
	u->digest_loc = st->kw->loc;
	return NULL;
bad:
	conf_perr(p, &st->args[0], "digest: '%s' is not an MD5 digest (32 hex digits)", s);
	return NULL;
}

static void *url_status(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			const struct conf_kw *kw)
{
	struct conf_check_url *u = obj;
	uint8_t bits[sizeof(u->status)];

	(void)kw;
	if (!conf_nargs(p, st, 1, -1))
		return NULL;
	memset(bits, 0, sizeof(bits));
	for (size_t i = 0; i < st->nargs; i++) {
		const char *a = st->args[i].text;
		const char *dash = strchr(a, '-');
		long long lo, hi;
		char *l = dash ? xstrndup(a, (size_t)(dash - a)) : xstrdup(a);
		int r1 = util_parse_ll(l, CONF_HTTP_STATUS_MIN, CONF_HTTP_STATUS_MAX, &lo);
		int r2 =
		    dash ? util_parse_ll(dash + 1, CONF_HTTP_STATUS_MIN, CONF_HTTP_STATUS_MAX, &hi)
			 : (hi = lo, r1);

		free(l);
		if (r1 < 0 || r2 < 0 || hi < lo) {
			conf_perr(p, &st->args[i],
				  "status_code: '%s' is not a status code or range in 100..599", a);
			return NULL;
		}
		for (long long c = lo; c <= hi; c++) {
			unsigned k = (unsigned)c - CONF_HTTP_STATUS_MIN;
			bits[k / 8] |= (uint8_t)(1u << (k % 8));
		}
	}
	memcpy(u->status, bits, sizeof(bits));
	u->status_set = true;
	return NULL;
}

static void *url_regex(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		       const struct conf_kw *kw)
{
	struct conf_check_url *u = obj;

	(void)kw;
	if (!conf_nargs(p, st, 1, -1))
		return NULL;
	free(u->regex);
	u->regex = conf_args_join(st, 0);
	return NULL;
}

static void *url_regex_options(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			       const struct conf_kw *kw)
{
	struct conf_check_url *u = obj;
	unsigned opts = 0;

	(void)kw;
	if (!conf_nargs(p, st, 1, -1))
		return NULL;
	for (size_t i = 0; i < st->nargs; i++) {
		int k =
		    conf_lvs_lookup(p, &st->args[i], st->kw->text, "regex option", st->args[i].text,
				    conf_regex_option_names, N_REGEX_OPTIONS, false);
		if (k < 0)
			return NULL;
		opts |= 1u << k;
	}
	u->regex_options = opts;
	return NULL;
}

#define URL_OFF(f) offsetof(struct conf_check_url, f)

static const struct conf_kw url_kws[] = {
    {.name = "path", .fn = conf_kw_str, .off = URL_OFF(path)},
    {.name = "digest", .fn = url_digest},
    {.name = "status_code", .fn = url_status},
    {.name = "virtualhost", .fn = conf_kw_str, .off = URL_OFF(virtualhost)},
    {.name = "regex", .fn = url_regex},
    {.name = "regex_no_match", .fn = conf_kw_flag, .off = URL_OFF(regex_no_match)},
    {.name = "regex_options", .fn = url_regex_options},
    {.name = "regex_min_offset",
     .fn = conf_kw_u32,
     .off = URL_OFF(regex_min_offset),
     .min = 0,
     .max = UINT32_MAX - 1},
    {.name = "regex_max_offset",
     .fn = conf_kw_u32,
     .off = URL_OFF(regex_max_offset),
     .min = 0,
     .max = UINT32_MAX - 1},
    {.name = "regex_stack",
     .flags = CONF_KW_UNSUPPORTED,
     .note = "PCRE2 JIT stack sizes are managed by vigil"},
    {.name = NULL},
};

static void *url_new(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		     const struct conf_kw *kw)
{
	struct conf_check *ck = obj;
	struct conf_check_url *u;

	(void)kw;
	if (!conf_nargs(p, st, 0, 0))
		return NULL;
	u = xcalloc(1, sizeof(*u));
	u->loc = st->kw->loc;
	TAILQ_INSERT_TAIL(&ck->urls, u, entry);
	return u;
}

static void *ck_http_protocol(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			      const struct conf_kw *kw)
{
	struct conf_check *ck = obj;
	int k;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	k = conf_lvs_lookup(p, &st->args[0], st->kw->text, "HTTP version", st->args[0].text,
			    http_proto_names, ARRAY_SIZE(http_proto_names), true);
	if (k >= 0)
		ck->http_protocol = (enum conf_http_proto)k;
	return NULL;
}

const struct conf_kw conf_check_http_kws[] = {
    CONN_KWS,
    COMMON_KWS,
    {.name = "nb_get_retry",
     .fn = conf_lvs_kw_i64,
     .off = CK_OFF(opts.retry),
     .min = 0,
     .max = UINT32_MAX},
    {.name = "virtualhost", .fn = conf_kw_str, .off = CK_OFF(virtualhost)},
    {.name = "http_protocol", .fn = ck_http_protocol},
    {.name = "enable_sni", .fn = conf_kw_flag, .off = CK_OFF(enable_sni)},
    {.name = "sni_name", .fn = conf_kw_str, .off = CK_OFF(sni_name)},
    {.name = "fast_recovery", .fn = conf_kw_flag, .off = CK_OFF(fast_recovery)},
    {.name = "url", .fn = url_new, .block = url_kws, .flags = CONF_KW_BLOCK},
    {.name = NULL},
};

const struct conf_kw conf_check_tcp_kws[] = {
    CONN_KWS,
    COMMON_KWS,
    {.name = NULL},
};

const struct conf_kw conf_check_ping_kws[] = {
    CONN_KWS,
    COMMON_KWS,
    {.name = NULL},
};

/* ---- MISC_CHECK ---- */

static void *ck_user(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		     const struct conf_kw *kw)
{
	struct conf_check *ck = obj;

	(void)kw;
	if (!conf_nargs(p, st, 1, 2))
		return NULL;
	free(ck->user);
	free(ck->group);
	ck->user = xstrdup(st->args[0].text);
	ck->group = st->nargs > 1 ? xstrdup(st->args[1].text) : NULL;
	return NULL;
}

const struct conf_kw conf_check_misc_kws[] = {
    COMMON_KWS,
    {.name = "misc_path", .fn = conf_kw_cmd, .off = CK_OFF(misc_path)},
    {.name = "misc_timeout",
     .fn = conf_lvs_kw_time,
     .off = CK_OFF(misc_timeout),
     .min = 1,
     .max = CONF_LVS_TIME_MAX},
    {.name = "misc_dynamic", .fn = conf_kw_flag, .off = CK_OFF(misc_dynamic)},
    {.name = "user", .fn = ck_user},
    {.name = NULL},
};

/* ---- SMTP_CHECK, DNS_CHECK ---- */

const struct conf_kw conf_check_smtp_kws[] = {
    CONN_KWS,
    COMMON_KWS,
    {.name = "helo_name", .fn = conf_kw_str, .off = CK_OFF(helo_name)},
    {.name = "host",
     .flags = CONF_KW_UNSUPPORTED,
     .note = "deprecated in keepalived; use one SMTP_CHECK per host"},
    {.name = NULL},
};

static void *ck_dns_type(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			 const struct conf_kw *kw)
{
	struct conf_check *ck = obj;
	int k;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	k = conf_lvs_lookup(p, &st->args[0], st->kw->text, "DNS query type", st->args[0].text,
			    dns_type_names, ARRAY_SIZE(dns_type_names), true);
	if (k >= 0)
		ck->dns_type = (enum conf_dns_type)k;
	return NULL;
}

static void *ck_dns_name(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			 const struct conf_kw *kw)
{
	struct conf_check *ck = obj;
	const char *n;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	n = st->args[0].text;
	if (strstr(n, "..") || (n[0] == '.' && n[1]) || strlen(n) > 253) {
		conf_perr(p, &st->args[0], "name: '%s' is not a DNS name (empty label or too long)",
			  n);
		return NULL;
	}
	free(ck->dns_name);
	ck->dns_name = xstrdup(n);
	return NULL;
}

const struct conf_kw conf_check_dns_kws[] = {
    CONN_KWS,
    COMMON_KWS,
    {.name = "type", .fn = ck_dns_type},
    {.name = "name", .fn = ck_dns_name},
    {.name = NULL},
};

/* ---- UDP_CHECK ---- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* keepalived's free hex format: each word is read in pairs of digits, a final
 * odd digit is a byte of its own ("Ab12f 3" = AB 12 0F 03).  With wild, an
 * x/X digit matches anything (mask nibble 0). */
static bool parse_hex(struct conf_parser *p, const struct conf_stmt *st, bool wild, uint8_t **data,
		      uint8_t **mask, size_t *len)
{
	size_t cap = 0, n = 0;
	uint8_t *d = NULL, *m = NULL;

	for (size_t i = 0; i < st->nargs; i++)
		cap += strlen(st->args[i].text);
	d = xcalloc(cap + 1, 1);
	m = xcalloc(cap + 1, 1);
	for (size_t i = 0; i < st->nargs; i++) {
		const char *s = st->args[i].text;
		size_t l = strlen(s);

		for (size_t k = 0; k < l; k += 2) {
			size_t nd = (k + 1 < l) ? 2 : 1;
			uint8_t byte = 0, bm = 0;

			for (size_t j = 0; j < nd; j++) {
				int c = (unsigned char)s[k + j];
				int v = hexval(c);

				byte = (uint8_t)(byte << 4);
				bm = (uint8_t)(bm << 4);
				if (v >= 0) {
					byte |= (uint8_t)v;
					bm |= 0xf;
				} else if (!(wild && (c == 'x' || c == 'X'))) {
					conf_perr(p, &st->args[i], "%s: '%s' is not hex digits%s",
						  st->kw->text, s, wild ? " (x for any)" : "");
					free(d);
					free(m);
					return false;
				}
			}
			if (nd == 1)
				bm |= 0xf0;
			d[n] = byte;
			m[n] = bm;
			n++;
		}
	}
	*data = d;
	if (mask)
		*mask = m;
	else
		free(m);
	*len = n;
	return true;
}

static void *ck_payload(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			const struct conf_kw *kw)
{
	struct conf_check *ck = obj;
	uint8_t *d;
	size_t n;

	(void)kw;
	if (!conf_nargs(p, st, 1, -1) || !parse_hex(p, st, false, &d, NULL, &n))
		return NULL;
	free(ck->payload);
	ck->payload = d;
	ck->payload_len = n;
	return NULL;
}

static void *ck_require_reply(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			      const struct conf_kw *kw)
{
	struct conf_check *ck = obj;
	uint8_t *d = NULL, *m = NULL;
	size_t n = 0;

	(void)kw;
	if (st->nargs && !parse_hex(p, st, true, &d, &m, &n))
		return NULL;
	free(ck->reply);
	free(ck->reply_mask);
	ck->reply = n ? d : NULL;
	ck->reply_mask = n ? m : NULL;
	if (!n) {
		free(d);
		free(m);
	}
	ck->reply_len = n;
	ck->require_reply = true;
	return NULL;
}

static void *ck_reply_len(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	struct conf_check *ck = obj;

	conf_kw_u32(p, st, obj, kw);
	ck->reply_len_loc = st->kw->loc;
	return NULL;
}

const struct conf_kw conf_check_udp_kws[] = {
    CONN_KWS,
    COMMON_KWS,
    {.name = "payload", .fn = ck_payload},
    {.name = "require_reply", .fn = ck_require_reply},
    {.name = "min_reply_length",
     .fn = ck_reply_len,
     .off = CK_OFF(min_reply_length),
     .min = 0,
     .max = 65535},
    {.name = "max_reply_length",
     .fn = ck_reply_len,
     .off = CK_OFF(max_reply_length),
     .min = 0,
     .max = 65535},
    {.name = NULL},
};

/* ---- FILE_CHECK ---- */

static void *ck_track_file(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			   const struct conf_kw *kw)
{
	struct conf_check *ck = obj;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	free(ck->track_file);
	ck->track_file = xstrdup(st->args[0].text);
	ck->track_file_loc = st->args[0].loc;
	return NULL;
}

static void *ck_file_weight(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			    const struct conf_kw *kw)
{
	struct conf_check *ck = obj;
	long long v;

	(void)kw;
	if (!conf_nargs(p, st, 1, 2) || !conf_arg_ll(p, st, 0, -2147483647, 2147483647, &v))
		return NULL;
	if (st->nargs == 2 && strcmp(st->args[1].text, "reverse") != 0) {
		conf_perr(p, &st->args[1], "weight: expected 'reverse', got '%s'",
			  st->args[1].text);
		return NULL;
	}
	ck->weight = (int32_t)v;
	ck->weight_set = true;
	ck->weight_reverse = st->nargs == 2;
	return NULL;
}

const struct conf_kw conf_check_file_kws[] = {
    {.name = "track_file", .fn = ck_track_file},
    {.name = "weight", .fn = ck_file_weight},
    {.name = "dynamic", .fn = conf_kw_flag, .off = CK_OFF(dynamic)},
    {.name = NULL},
};

/* ---- creation, freeing ---- */

/* Where each type's part of the union ends: the first members all sit at the
 * union's start, which is where a TCP_CHECK or PING_CHECK ends. */
#define CK_END(f) (offsetof(struct conf_check, f) + sizeof(((struct conf_check *)0)->f))
#define CK_UNION  offsetof(struct conf_check, sni_name)
_Static_assert(offsetof(struct conf_check, misc_path) == CK_UNION &&
		   offsetof(struct conf_check, helo_name) == CK_UNION &&
		   offsetof(struct conf_check, dns_name) == CK_UNION &&
		   offsetof(struct conf_check, payload) == CK_UNION &&
		   offsetof(struct conf_check, track_file) == CK_UNION &&
		   CK_END(max_reply_length) <= sizeof(struct conf_check),
	       "conf_check: the per-type union is the last member");

size_t conf_check_size(enum conf_check_type t)
{
	size_t n;

	switch (t) {
	case CONF_CHECK_HTTP:
	case CONF_CHECK_SSL:
		n = CK_END(fast_recovery);
		break;
	case CONF_CHECK_MISC:
		n = CK_END(misc_dynamic);
		break;
	case CONF_CHECK_SMTP:
		n = CK_END(helo_name);
		break;
	case CONF_CHECK_DNS:
		n = CK_END(dns_type);
		break;
	case CONF_CHECK_UDP:
		n = CK_END(max_reply_length);
		break;
	case CONF_CHECK_FILE:
		n = CK_END(dynamic);
		break;
	default: /* TCP_CHECK, PING_CHECK: no part of their own */
		n = CK_UNION;
		break;
	}
	return (n + _Alignof(struct conf_check) - 1) & ~(_Alignof(struct conf_check) - 1);
}

void *conf_check_new(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		     const struct conf_kw *kw)
{
	struct conf_rs *rs = obj;
	struct conf_check *ck;

	if (!conf_nargs(p, st, 0, 0))
		return NULL;
	/* only the type's own part of the union is allocated */
	ck = xcalloc(1, conf_check_size((enum conf_check_type)kw->min));
	ck->loc = st->kw->loc;
	ck->type = (enum conf_check_type)kw->min;
	conf_chk_opts_unset(&ck->opts);
	ck->rise = 1;
	/* the type's own defaults: the fields of the other types share them */
	switch (ck->type) {
	case CONF_CHECK_HTTP:
	case CONF_CHECK_SSL:
		ck->http_protocol = CONF_HTTP_1_0;
		TAILQ_INIT(&ck->urls);
		break;
	case CONF_CHECK_MISC:
		ck->misc_timeout = -1;
		break;
	case CONF_CHECK_DNS:
		ck->dns_type = CONF_DNS_SOA;
		break;
	case CONF_CHECK_UDP:
		ck->max_reply_length = 255;
		break;
	default:
		break;
	}
	TAILQ_INSERT_TAIL(&rs->checks, ck, entry);
	return ck;
}

void conf_check_free(struct conf_check *ck)
{
	struct conf_check_url *u;

	if (ck->conn)
		free(ck->conn->bind_if);
	free(ck->conn);
	switch (ck->type) {
	case CONF_CHECK_HTTP:
	case CONF_CHECK_SSL:
		while ((u = TAILQ_FIRST(&ck->urls))) {
			TAILQ_REMOVE(&ck->urls, u, entry);
			free(u->path);
			free(u->virtualhost);
			free(u->regex);
			free(u);
		}
		free(ck->sni_name);
		free(ck->virtualhost);
		break;
	case CONF_CHECK_MISC:
		free(ck->misc_path);
		free(ck->user);
		free(ck->group);
		break;
	case CONF_CHECK_SMTP:
		free(ck->helo_name);
		break;
	case CONF_CHECK_DNS:
		free(ck->dns_name);
		break;
	case CONF_CHECK_UDP:
		free(ck->payload);
		free(ck->reply);
		free(ck->reply_mask);
		break;
	case CONF_CHECK_FILE:
		free(ck->track_file);
		break;
	case CONF_CHECK_TCP:
	case CONF_CHECK_PING:
		break;
	}
	free(ck);
}

/* ---- printing ---- */

static void out_onoff(struct strbuf *b, int depth, const char *kw, bool v)
{
	conf_out(b, depth, "%s %s", kw, v ? "on" : "off");
}

static void out_hex(struct strbuf *b, int depth, const char *kw, const uint8_t *d, const uint8_t *m,
		    size_t n)
{
	static const char hx[] = "0123456789abcdef";

	for (int i = 0; i < depth; i++)
		strbuf_puts(b, "    ");
	strbuf_puts(b, kw);
	if (n)
		strbuf_putc(b, ' ');
	for (size_t i = 0; i < n; i++) {
		uint8_t mk = m ? m[i] : 0xff;

		strbuf_putc(b, (mk & 0xf0) ? hx[d[i] >> 4] : 'x');
		strbuf_putc(b, (mk & 0x0f) ? hx[d[i] & 15] : 'x');
	}
	strbuf_putc(b, '\n');
}

/* Whether a url's status codes are the default (finalize: 200-299). */
static bool url_status_default(const struct conf_check_url *u)
{
	for (unsigned c = CONF_HTTP_STATUS_MIN; c <= CONF_HTTP_STATUS_MAX; c++)
		if (conf_url_status_ok(u, c) != (c >= 200 && c <= 299))
			return false;
	return true;
}

static void print_url(struct strbuf *b, int depth, const struct conf_check_url *u, bool snap)
{
	conf_out(b, depth, "url {");
	if (u->path)
		conf_lvs_out_str(b, depth + 1, "path", u->path);
	if (u->has_digest) {
		char hex[33];

		for (size_t i = 0; i < 16; i++)
			util_snprintf(hex + 2 * i, 3, "%02x", u->digest[i]);
		conf_out(b, depth + 1, "digest %s", hex);
	}
	if (snap && url_status_default(u))
		goto status_done;
	for (int i = 0; i < depth + 1; i++)
		strbuf_puts(b, "    ");
	strbuf_puts(b, "status_code");
	for (unsigned c = CONF_HTTP_STATUS_MIN; c <= CONF_HTTP_STATUS_MAX; c++) {
		unsigned e = c;

		if (!conf_url_status_ok(u, c))
			continue;
		while (e + 1 <= CONF_HTTP_STATUS_MAX && conf_url_status_ok(u, e + 1))
			e++;
		if (e == c)
			strbuf_printf(b, " %u", c);
		else
			strbuf_printf(b, " %u-%u", c, e);
		c = e;
	}
	strbuf_putc(b, '\n');
status_done:
	if (u->virtualhost)
		conf_lvs_out_str(b, depth + 1, "virtualhost", u->virtualhost);
	if (u->regex) {
		conf_lvs_out_str(b, depth + 1, "regex", u->regex);
		if (u->regex_no_match)
			conf_out(b, depth + 1, "regex_no_match");
		if (u->regex_options) {
			for (int i = 0; i < depth + 1; i++)
				strbuf_puts(b, "    ");
			strbuf_puts(b, "regex_options");
			for (size_t k = 0; k < N_REGEX_OPTIONS; k++)
				if (u->regex_options & (1u << k))
					strbuf_printf(b, " %s", conf_regex_option_names[k]);
			strbuf_putc(b, '\n');
		}
		conf_out(b, depth + 1, "regex_min_offset %u", u->regex_min_offset);
		conf_out(b, depth + 1, "regex_max_offset %u", u->regex_max_offset);
	}
	conf_out(b, depth, "}");
}

/*
 * What conf_lvs_finalize() gives a check that does not set them (struct
 * conf_chk_opts: from the real server, else the type's default).  *want.*
 * is -1 where the real server sets nothing and no default applies.
 */
static void check_inherited(const struct conf_check *ck, const struct conf_rs *rs,
			    struct conf_chk_opts *want)
{
	*want = rs->opts;
	if (want->delay_loop < 0)
		want->delay_loop = -2; /* never equal: printed */
	if (want->connect_timeout < 0)
		want->connect_timeout = -2;
	if (want->retry < 0)
		want->retry = ck->type == CONF_CHECK_MISC ? 0 : ck->type == CONF_CHECK_DNS ? 3 : 1;
	if (want->delay_before_retry < 0) {
		if (ck->type == CONF_CHECK_HTTP || ck->type == CONF_CHECK_SSL)
			want->delay_before_retry = 3000;
		else if (ck->type == CONF_CHECK_DNS)
			want->delay_before_retry = ck->opts.delay_loop;
		else
			want->delay_before_retry = 1000;
	}
	if (want->warmup < 0)
		want->warmup = ck->opts.delay_loop;
	if (want->alpha < 0)
		want->alpha = 0;
}

/* vs, rs (snapshot form): leave out what finalize derives again from them. */
static void check_print(struct strbuf *b, int depth, const struct conf_check *ck,
			const struct conf_vs *vs, const struct conf_rs *rs)
{
	int d = depth + 1;
	bool conn = ck->type != CONF_CHECK_MISC && ck->type != CONF_CHECK_FILE;
	bool snap = vs && rs;
	struct conf_check_url *u;
	struct conf_chk_opts want = {0};
	const char *vh = NULL;

	if (snap) {
		check_inherited(ck, rs, &want);
		vh = conf_rs_virtualhost(rs) ? conf_rs_virtualhost(rs) : vs->virtualhost;
	}
#define DERIVED(f) (snap && ck->opts.f == want.f)
	conf_out(b, depth, "%s {", conf_check_type_str(ck->type));
	if (conn) {
		if (!snap || !addr_eq(&ck->connect_ip, &rs->addr))
			conf_lvs_out_addr(b, d, "connect_ip", &ck->connect_ip, 0);
		if (ck->connect_port && !(snap && ck->connect_port == rs->port))
			conf_out(b, d, "connect_port %u", ck->connect_port);
		const struct conf_check_conn *cc = conf_check_conn(ck);

		if (addr_is_set(&cc->bindto))
			conf_lvs_out_addr(b, d, "bindto", &cc->bindto, 0);
		if (cc->bind_port)
			conf_out(b, d, "bind_port %u", cc->bind_port);
		if (cc->bind_if)
			conf_lvs_out_str(b, d, "bind_if", cc->bind_if);
		if (cc->fwmark)
			conf_out(b, d, "fwmark %u", cc->fwmark);
		if (!DERIVED(connect_timeout))
			conf_lvs_out_time(b, d, "connect_timeout", ck->opts.connect_timeout);
	}
	if (ck->type != CONF_CHECK_FILE) {
		if (!DERIVED(retry))
			conf_out(b, d, "retry %lld", (long long)ck->opts.retry);
		if (!DERIVED(delay_before_retry))
			conf_lvs_out_time(b, d, "delay_before_retry", ck->opts.delay_before_retry);
		if (!DERIVED(warmup))
			conf_lvs_out_time(b, d, "warmup", ck->opts.warmup);
		if (!DERIVED(delay_loop))
			conf_lvs_out_time(b, d, "delay_loop", ck->opts.delay_loop);
		if (!snap || (ck->opts.alpha > 0) != (want.alpha > 0))
			out_onoff(b, d, "alpha", ck->opts.alpha > 0);
		if (!snap || ck->log_all_failures)
			out_onoff(b, d, "log_all_failures", ck->log_all_failures);
		if (!snap || ck->rise != 1)
			conf_out(b, d, "rise %u", ck->rise);
	}
#undef DERIVED
	switch (ck->type) {
	case CONF_CHECK_HTTP:
	case CONF_CHECK_SSL:
		if (!snap || ck->http_protocol != CONF_HTTP_1_0)
			conf_out(b, d, "http_protocol %s", conf_http_proto_str(ck->http_protocol));
		if (ck->virtualhost && !(vh && strcmp(vh, ck->virtualhost) == 0))
			conf_lvs_out_str(b, d, "virtualhost", ck->virtualhost);
		if (!snap || ck->enable_sni)
			out_onoff(b, d, "enable_sni", ck->enable_sni);
		if (ck->sni_name)
			conf_lvs_out_str(b, d, "sni_name", ck->sni_name);
		if (!snap || ck->fast_recovery)
			out_onoff(b, d, "fast_recovery", ck->fast_recovery);
		for (u = TAILQ_FIRST(&ck->urls); u; u = TAILQ_NEXT(u, entry))
			print_url(b, d, u, snap);
		break;
	case CONF_CHECK_MISC:
		if (ck->misc_path)
			conf_lvs_out_str(b, d, "misc_path", ck->misc_path);
		if (!snap || ck->misc_timeout != vs->opts.delay_loop)
			conf_lvs_out_time(b, d, "misc_timeout", ck->misc_timeout);
		if (ck->misc_dynamic)
			conf_out(b, d, "misc_dynamic");
		if (ck->user) {
			for (int i = 0; i < d; i++)
				strbuf_puts(b, "    ");
			strbuf_puts(b, "user ");
			conf_out_word(b, ck->user);
			if (ck->group) {
				strbuf_putc(b, ' ');
				conf_out_word(b, ck->group);
			}
			strbuf_putc(b, '\n');
		}
		break;
	case CONF_CHECK_SMTP:
		if (ck->helo_name)
			conf_lvs_out_str(b, d, "helo_name", ck->helo_name);
		break;
	case CONF_CHECK_DNS:
		conf_out(b, d, "type %s", conf_dns_type_str(ck->dns_type));
		if (ck->dns_name)
			conf_lvs_out_str(b, d, "name", ck->dns_name);
		break;
	case CONF_CHECK_UDP:
		if (ck->payload)
			out_hex(b, d, "payload", ck->payload, NULL, ck->payload_len);
		if (ck->require_reply)
			out_hex(b, d, "require_reply", ck->reply, ck->reply_mask, ck->reply_len);
		conf_out(b, d, "min_reply_length %u", ck->min_reply_length);
		conf_out(b, d, "max_reply_length %u", ck->max_reply_length);
		break;
	case CONF_CHECK_FILE:
		if (ck->track_file)
			conf_lvs_out_str(b, d, "track_file", ck->track_file);
		if (ck->weight_set)
			conf_out(b, d, "weight %d%s", ck->weight,
				 ck->weight_reverse ? " reverse" : "");
		if (ck->dynamic)
			conf_out(b, d, "dynamic");
		break;
	case CONF_CHECK_TCP:
	case CONF_CHECK_PING:
		break;
	}
	conf_out(b, depth, "}");
}

void conf_check_print(struct strbuf *b, int depth, const struct conf_check *ck)
{
	check_print(b, depth, ck, NULL, NULL);
}

void conf_check_print_snap(struct strbuf *b, int depth, const struct conf_check *ck,
			   const struct conf_vs *vs, const struct conf_rs *rs)
{
	check_print(b, depth, ck, vs, rs);
}
