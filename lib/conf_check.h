/*
 * conf_check: model of the health checkers attached to a real server
 * (TCP_CHECK, HTTP_GET, SSL_GET, MISC_CHECK, SMTP_CHECK, DNS_CHECK,
 * UDP_CHECK, PING_CHECK, FILE_CHECK) and their keyword tables.
 *
 * Times are stored in milliseconds.  Options that keepalived inherits
 * (virtual server -> real server -> checker) are held in struct
 * conf_chk_opts with -1 meaning "not given"; conf_lvs_finalize() resolves
 * every checker's options, so after a successful load every field of a
 * checker's opts is >= 0 and connect_ip/connect_port are explicit
 * (FILE_CHECK uses none of them: its opts stay -1, its connect_ip unset).
 */
#ifndef VIGIL_CONF_CHECK_H
#define VIGIL_CONF_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include "lib/addr.h"
#include "lib/conf_err.h"

/* Inheritable check options; -1 = not given (before finalize). */
struct conf_chk_opts {
	/* 32 B (one in each real server and checker): the times are at most
	 * CONF_LVS_TIME_MAX (a day) in ms, retry goes up to UINT32_MAX */
	int64_t retry;		    /* extra attempts before a failure counts */
	int32_t delay_loop;	    /* ms between checks */
	int32_t warmup;		    /* ms, maximum random delay before the first check */
	int32_t delay_before_retry; /* ms */
	int32_t connect_timeout;    /* ms */
	int alpha;		    /* -1/0/1: start in the failed state */
};

enum conf_check_type {
	CONF_CHECK_TCP,
	CONF_CHECK_HTTP,
	CONF_CHECK_SSL,
	CONF_CHECK_MISC,
	CONF_CHECK_SMTP,
	CONF_CHECK_DNS,
	CONF_CHECK_UDP,
	CONF_CHECK_PING,
	CONF_CHECK_FILE,
};
const char *conf_check_type_str(enum conf_check_type t);

enum conf_http_proto {
	CONF_HTTP_1_0,
	CONF_HTTP_1_0C, /* 1.0 with "Connection: close" */
	CONF_HTTP_1_1,
};
const char *conf_http_proto_str(enum conf_http_proto p);

enum conf_dns_type {
	CONF_DNS_A,
	CONF_DNS_NS,
	CONF_DNS_CNAME,
	CONF_DNS_SOA,
	CONF_DNS_MX,
	CONF_DNS_TXT,
	CONF_DNS_AAAA,
	CONF_DNS_RRSIG,
	CONF_DNS_DNSKEY,
};
const char *conf_dns_type_str(enum conf_dns_type t);
uint16_t conf_dns_type_code(enum conf_dns_type t); /* RR type number on the wire */

#define CONF_HTTP_STATUS_MIN 100
#define CONF_HTTP_STATUS_MAX 599

struct conf_check_url {
	TAILQ_ENTRY(conf_check_url) entry;
	struct conf_loc loc;
	char *path;
	bool has_digest;
	uint8_t digest[16]; /* MD5 of the body */
	struct conf_loc digest_loc;
	/* accepted status codes: bit (code - 100); default 200-299 */
	uint8_t status[(CONF_HTTP_STATUS_MAX - CONF_HTTP_STATUS_MIN + 1 + 7) / 8];
	bool status_set;
	char *virtualhost; /* NULL: the checker's */
	char *regex;	   /* PCRE2 pattern, NULL: none */
	bool regex_no_match;
	unsigned regex_options;			     /* bit i: conf_regex_option_names[i] */
	uint32_t regex_min_offset, regex_max_offset; /* max 0: unlimited */
};
TAILQ_HEAD(conf_check_url_list, conf_check_url);
extern const char *const conf_regex_option_names[];
bool conf_url_status_ok(const struct conf_check_url *u, unsigned code);

/* The rarely used connection options of a checker (allocated only when one of
 * them, or connect_ip, is given; conf_check_conn() reads an unset one). */
struct conf_check_conn {
	/* where connect_ip and bindto were given (for the config checks' messages) */
	struct conf_loc connect_ip_loc, bindto_loc;
	char *bind_if;
	struct addr bindto; /* af 0: none */
	uint32_t fwmark;    /* SO_MARK on probe packets, 0: none */
	uint16_t bind_port; /* 0: any */
};

struct conf_check {
	/* One is allocated per real server (10,000 in a large table): the common
	 * part is ordered by size (no holes) and each type's own fields share one
	 * anonymous union, so only the fields of ck->type may be touched (set
	 * defaults, parse, finalize, validate, print, free: all switch on the
	 * type; conf_check_new allocates only the type's part, conf_check_size()).
	 * The names stay unique, so accesses read ck->field as before. */
	TAILQ_ENTRY(conf_check) entry;
	struct conf_loc loc;
	struct conf_chk_opts opts;

	/* connection (not MISC/FILE) */
	struct conf_check_conn *conn; /* NULL: none of its options (nor connect_ip) given */
	struct addr connect_ip;	      /* finalize: the real server's address */
	uint32_t rise;		      /* vigil: successes needed to come up (default 1) */
	uint16_t connect_port;	      /* finalize: the real server's port (0: none) */

	/* one byte (a TCP_CHECK ends right after these three: 104 B, not 112) */
	enum conf_check_type type : 8;
	bool log_all_failures; /* log each failure, also while retrying */
	bool require_reply;    /* UDP_CHECK (here: the UDP part is the union's largest) */

	union {
		/* HTTP_GET / SSL_GET */
		struct {
			char *sni_name;	   /* vigil: SNI name (default: the virtualhost) */
			char *virtualhost; /* finalize: url > checker > real server > vs */
			struct conf_check_url_list urls;
			enum conf_http_proto http_protocol; /* default 1.0 */
			bool enable_sni;
			bool fast_recovery;
		};
		/* MISC_CHECK */
		struct {
			char *misc_path;
			int64_t misc_timeout; /* ms; finalize: the virtual server's delay_loop */
			char *user, *group;   /* NULL: the global script user */
			bool misc_dynamic;
		};
		/* SMTP_CHECK */
		struct {
			char *helo_name; /* finalize: default "smtpchecker.keepalived.org" */
		};
		/* DNS_CHECK */
		struct {
			char *dns_name;		     /* default "." */
			enum conf_dns_type dns_type; /* default SOA */
		};
		/* UDP_CHECK */
		struct {
			uint8_t *payload; /* NULL: random payload */
			size_t payload_len;
			uint8_t *reply, *reply_mask; /* expected reply; mask bit 1 = compare */
			size_t reply_len;
			struct conf_loc reply_len_loc;
			uint32_t min_reply_length, max_reply_length; /* default 0, 255 */
		};
		/* FILE_CHECK */
		struct {
			char *track_file;
			struct conf_loc track_file_loc;
			/* finalize: the track_file block it names, in the same config
			 * (not printed) */
			const struct conf_track_file *tf;
			int32_t weight;
			/* the track_file's weight and reverse when not given (finalize) */
			bool weight_set;
			bool weight_reverse;
			bool dynamic;
		};
	};
};
TAILQ_HEAD(conf_check_list, conf_check);

struct conf_track_file;
struct strbuf;
/* Bytes allocated for a checker of type t: the common part and the type's own
 * part of the union (a TCP_CHECK has none), so a struct conf_check is never
 * copied whole, and only the fields of its type are touched. */
size_t conf_check_size(enum conf_check_type t);
/* The checker's connection options; all unset (static) when none was given. */
const struct conf_check_conn *conf_check_conn(const struct conf_check *ck);
void conf_check_free(struct conf_check *ck);
void conf_check_print(struct strbuf *b, int depth, const struct conf_check *ck);
/* The snapshot form: what conf_lvs_finalize() derives from vs and rs left out. */
struct conf_vs;
struct conf_rs;
void conf_check_print_snap(struct strbuf *b, int depth, const struct conf_check *ck,
			   const struct conf_vs *vs, const struct conf_rs *rs);
void conf_chk_opts_unset(struct conf_chk_opts *o);

#endif
