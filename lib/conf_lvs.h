/*
 * conf_lvs: model of the LVS side of the config: virtual_server_group,
 * virtual_server, real_server, sorry_server (the health checkers are in
 * conf_check.h).
 *
 * Units: every time is in milliseconds; ports in host byte order (0: not
 * given).  Fields marked "finalize" are resolved by conf_lvs_finalize()
 * (keepalived's inheritance virtual server -> real server -> checker made
 * explicit), so after a successful load they hold the effective value.
 */
#ifndef VIGIL_CONF_LVS_H
#define VIGIL_CONF_LVS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "lib/addr.h"
#include "lib/conf_check.h"
#include "lib/conf_err.h"

enum conf_lvs_sched {
	CONF_SCHED_RR,
	CONF_SCHED_WRR,
	CONF_SCHED_LC,
	CONF_SCHED_WLC,
	CONF_SCHED_LBLC,
	CONF_SCHED_LBLCR,
	CONF_SCHED_DH,
	CONF_SCHED_SH,
	CONF_SCHED_SED,
	CONF_SCHED_NQ,
	CONF_SCHED_MH,
	CONF_SCHED_FO,
	CONF_SCHED_OVF,
	CONF_SCHED_TWOS,
	CONF_SCHED_COUNT
};
const char *conf_lvs_sched_str(enum conf_lvs_sched s); /* kernel scheduler name */

enum conf_lvs_method { CONF_LVS_NAT, CONF_LVS_DR, CONF_LVS_TUN, CONF_LVS_METHOD_COUNT };
const char *conf_lvs_method_str(enum conf_lvs_method m);

enum conf_tun_type { CONF_TUN_IPIP, CONF_TUN_GUE, CONF_TUN_GRE };
const char *conf_tun_type_str(enum conf_tun_type t);
enum conf_tun_csum { CONF_TUN_NOCSUM, CONF_TUN_CSUM, CONF_TUN_REMCSUM };
const char *conf_tun_csum_str(enum conf_tun_csum c);

enum conf_lvs_proto { CONF_PROTO_TCP, CONF_PROTO_UDP, CONF_PROTO_SCTP };
const char *conf_lvs_proto_str(enum conf_lvs_proto p);

/* Scheduler flag keywords (IP_VS_SVC_F_SCHED1..3; sh-/mh- are names for 1 and 2). */
enum conf_sched_flag {
	CONF_SF_FLAG1,
	CONF_SF_FLAG2,
	CONF_SF_FLAG3,
	CONF_SF_SH_FALLBACK,
	CONF_SF_SH_PORT,
	CONF_SF_MH_FALLBACK,
	CONF_SF_MH_PORT,
	CONF_SF_COUNT
};
const char *conf_sched_flag_str(enum conf_sched_flag f);
/* IP_VS_SVC_F_* bits for a set of conf_sched_flag bits (plus ops/hashed from the vs). */
uint32_t conf_sched_flags_ipvs(unsigned sched_flags);

/* Forwarding method with its tunnel parameters. */
struct conf_fwd {
	/* one byte each: 8 B in all (one per real server) */
	enum conf_lvs_method method : 8;
	enum conf_tun_type tun_type : 8; /* TUN only; default ipip */
	uint16_t tun_port;		 /* gue only (required there) */
	enum conf_tun_csum tun_csum : 8; /* gue/gre; default nocsum */
};

/* A script with optional user/group (notify_up, quorum_up, ...). */
struct conf_lvs_script {
	char *cmd;
	char *user, *group; /* NULL: the global script user */
};

/* ---- virtual_server_group ---- */

struct conf_vsg_entry {
	TAILQ_ENTRY(conf_vsg_entry) entry;
	struct conf_loc loc;
	bool is_fwmark;
	/* address range first..last (equal for one address), port (0: none) */
	struct addr first, last;
	uint16_t port;
	/* fwmark entry: mark and family (0: not given) */
	uint32_t fwmark;
	int af;
};
TAILQ_HEAD(conf_vsg_entry_list, conf_vsg_entry);

struct conf_vsg {
	TAILQ_ENTRY(conf_vsg) entry;
	struct conf_loc loc;
	char *name;
	struct conf_vsg_entry_list entries;
	size_t nlines; /* lines read, bad ones too */
};
TAILQ_HEAD(conf_vsg_list, conf_vsg);

/* ---- real_server ---- */

/* What a real server rarely has (allocated only when one of these is given,
 * so the 10,000 servers of a large table carry one NULL pointer instead). */
struct conf_rs_rare {
	struct conf_lvs_script notify_up, notify_down;
	char *virtualhost;
	struct conf_loc threshold_loc; /* file NULL: no u/lthreshold given */
};

struct conf_rs {
	/* ordered to leave no holes: one per real server, 10,000 in a large table */
	TAILQ_ENTRY(conf_rs) entry;
	struct conf_loc loc;
	struct addr addr;
	uint16_t port;			 /* finalize: the virtual server's port when not given
					    (non-fwmark) */
	bool fwd_set;			 /* lvs_method given here */
	struct conf_fwd fwd;		 /* finalize: the virtual server's */
	int inhibit;			 /* -1/0/1; finalize: the virtual server's
					    inhibit_on_failure */
	uint32_t uthreshold, lthreshold; /* connection limits, 0: none */
	int weight;			 /* 0..65535, -1: not given; finalize: the virtual
					    server's weight */
	struct conf_rs_rare *rare;	 /* NULL: none of its fields given */
	struct conf_chk_opts opts;	 /* finalize: unset ones from the virtual server */
	struct conf_check_list checks;
};
TAILQ_HEAD(conf_rs_list, conf_rs);
/* Readers of the rare fields (an empty script / NULL when not given). */
const struct conf_lvs_script *conf_rs_notify_up(const struct conf_rs *rs);
const struct conf_lvs_script *conf_rs_notify_down(const struct conf_rs *rs);
const char *conf_rs_virtualhost(const struct conf_rs *rs);
const struct conf_loc *conf_rs_threshold_loc(const struct conf_rs *rs); /* NULL: none given */
/* The rare part, allocated on first use (parser). */
struct conf_rs_rare *conf_rs_rare(struct conf_rs *rs);

/* ---- virtual_server ---- */

enum conf_vs_kind { CONF_VS_ADDR, CONF_VS_FWMARK, CONF_VS_GROUP };

struct conf_vs {
	TAILQ_ENTRY(conf_vs) entry;
	struct conf_loc loc;
	enum conf_vs_kind kind;
	struct addr addr; /* CONF_VS_ADDR */
	uint16_t port;	  /* CONF_VS_ADDR; 0: none (persistent services only) */
	uint32_t fwmark;  /* CONF_VS_FWMARK */
	char *group;	  /* CONF_VS_GROUP: virtual_server_group name */
	struct conf_loc group_loc;

	int af;	     /* finalize: the service's family (ip_family, address, real servers) */
	bool af_set; /* ip_family given */
	struct conf_loc af_loc;

	enum conf_lvs_sched sched; /* default wlc */
	unsigned sched_flags;	   /* bits (1 << enum conf_sched_flag) */
	struct conf_loc sched_flag_loc[CONF_SF_COUNT];
	bool ops, hashed;
	struct conf_loc ops_loc;
	struct conf_fwd fwd;	      /* default NAT */
	uint32_t persistence_timeout; /* seconds, 0: not persistent */
	int pg_plen;		      /* persistence_granularity as prefix length, -1: none */
	struct addr pg_mask;	      /* IPv4 netmask form as written (af 0: IPv6 prefix form) */
	struct conf_loc pg_loc;
	char *persistence_engine;
	enum conf_lvs_proto proto; /* default TCP */
	bool proto_set;
	struct conf_loc proto_loc;
	bool ha_suspend;
	char *virtualhost;

	bool has_sorry;
	struct conf_loc sorry_loc;
	struct addr sorry_addr;
	uint16_t sorry_port; /* finalize: the virtual server's for non-NAT */
	bool sorry_inhibit;
	struct conf_loc sorry_inhibit_loc;
	bool sorry_fwd_set;
	struct conf_fwd sorry_fwd; /* finalize: the virtual server's */
	struct conf_loc sorry_fwd_loc;

	uint32_t quorum;     /* default 1 */
	uint32_t hysteresis; /* default 0 */
	struct conf_loc quorum_loc;
	struct conf_lvs_script quorum_up, quorum_down;
	bool alpha, omega;
	bool inhibit;		   /* inhibit_on_failure default for real servers */
	uint32_t weight;	   /* default weight of real servers (1) */
	struct conf_chk_opts opts; /* delay_loop 60 s and connect_timeout 5 s by default */
	struct conf_rs_list rss;
};
TAILQ_HEAD(conf_vs_list, conf_vs);

/* ---- helpers shared by conf_lvs*.c and conf_check*.c ---- */
struct conf_parser;
struct conf_stmt;
struct conf_kw;
struct conf_tok;
struct strbuf;

#define CONF_LVS_TIME_MAX 86400000LL /* one day, in ms */

/* Time argument in seconds with up to 3 decimals, stored in ms, in min..max ms. */
bool conf_lvs_arg_time(struct conf_parser *p, const struct conf_stmt *st, size_t i, int64_t min,
		       int64_t max, int64_t *out);
/* Port argument 1..65535. */
bool conf_lvs_arg_port(struct conf_parser *p, const struct conf_stmt *st, size_t i, uint16_t *out);
/* Generic handlers on int64_t (time in ms: kw->min/max in ms; integer) and int tri-state. */
void *conf_lvs_kw_time(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		       const struct conf_kw *kw);
/* The same on an int32_t (kw->max at most CONF_LVS_TIME_MAX). */
void *conf_lvs_kw_time32(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			 const struct conf_kw *kw);
void *conf_lvs_kw_i64(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		      const struct conf_kw *kw);
void *conf_lvs_kw_tri(struct conf_parser *p, const struct conf_stmt *st, void *obj,
		      const struct conf_kw *kw);
/* "script [user [group]]" into s (replaces). */
bool conf_lvs_arg_script(struct conf_parser *p, const struct conf_stmt *st,
			 struct conf_lvs_script *s);
void conf_lvs_script_free(struct conf_lvs_script *s);
/* Look `word` up in names[0..n) (case-insensitive when nocase); on failure report
 * "KW: unknown WHAT 'x' (did you mean 'y'?)" at the token and return -1. */
int conf_lvs_lookup(struct conf_parser *p, const struct conf_tok *at, const char *kw,
		    const char *what, const char *word, const char *const *names, size_t n,
		    bool nocase);

/* Printing helpers: "kw value" lines. */
void conf_lvs_fmt_ms(char *buf, size_t len, int64_t ms);
void conf_lvs_out_time(struct strbuf *b, int depth, const char *kw, int64_t ms);
void conf_lvs_out_str(struct strbuf *b, int depth, const char *kw, const char *val);
void conf_lvs_out_bool(struct strbuf *b, int depth, const char *kw, bool v);
void conf_lvs_out_script(struct strbuf *b, int depth, const char *kw,
			 const struct conf_lvs_script *s);
void conf_lvs_out_addr(struct strbuf *b, int depth, const char *kw, const struct addr *a,
		       uint16_t port);

#endif
