/*
 * conf_global: the global_defs block (router_id, script security, VRRP and
 * LVS globals, notify FIFOs, process tuning; the cosmetic e-mail/SNMP
 * switches are ignored with a warning).
 *
 * Units: garp delays/refresh in whole seconds (as keepalived), every other
 * time in microseconds (`_us`).  Values the VRRP instances inherit
 * (garp_*, version, mcast groups, the advert flags) are copied into each
 * instance by conf_vrrp_finalize(), so the instance is explicit.
 * struct conf_cmd is the one representation of a script to run
 * (notify_*, vrrp_script's script, the FIFO scripts).
 */
#ifndef VIGIL_CONF_GLOBAL_H
#define VIGIL_CONF_GLOBAL_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/addr.h"
#include "lib/conf_err.h"
#include "lib/sched.h"

struct conf_parser;
struct conf_stmt;
struct strbuf;

/* A script to run: the command line as written (a quoted argument keeps its
 * blanks; several words are joined by one blank), and the user/group to run
 * it as (NULL: the global script_user, else root). */
struct conf_cmd {
	char *cmd;
	char *user;
	char *group;
	struct conf_loc loc; /* the keyword */
};

/* A notify FIFO and the optional script that reads it. */
struct conf_fifo {
	char *path; /* NULL: none */
	char *user, *group;
	struct conf_loc loc;
	struct conf_cmd script; /* script.cmd NULL: none */
};

enum conf_lvs_flush_onstop {
	CONF_LVS_FLUSH_ONSTOP_NO,  /* remove each virtual server we made (default) */
	CONF_LVS_FLUSH_ONSTOP_ALL, /* flush the whole IPVS table at stop */
	CONF_LVS_FLUSH_ONSTOP_VS,  /* remove each VS, leaving its real servers to the kernel */
};
const char *conf_lvs_flush_onstop_str(enum conf_lvs_flush_onstop v);

/* lvs_sync_daemon IFACE [[inst] INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group ADDR] */
struct conf_lvs_syncd {
	bool set;
	struct conf_loc loc;
	char *ifname;
	char *instance; /* vrrp_instance whose state drives master/backup; NULL: both run */
	struct conf_loc instance_loc;
	int syncid;	   /* 0..255; finalize: the VRID of `instance`, else 0 */
	uint32_t maxlen;   /* 0: kernel default (from the MTU) */
	uint32_t port;	   /* default 8848 */
	uint32_t ttl;	   /* default 1 */
	struct addr group; /* default 224.0.0.81 */
};

struct conf_global {
	struct conf_loc loc;
	char *router_id; /* NULL: the host name */

	/* script security */
	char *script_user, *script_group; /* NULL: keepalived_script if it exists, else root */
	struct conf_loc script_user_loc;
	bool enable_script_security;

	/* VRRP defaults inherited by every vrrp_instance */
	struct addr vrrp_mcast_group4; /* default 224.0.0.18 */
	struct addr vrrp_mcast_group6; /* default ff02::12 */
	struct conf_loc vrrp_mcast_group4_loc, vrrp_mcast_group6_loc;
	int vrrp_version;		     /* 2 or 3, default 2 */
	int vrrp_garp_master_delay;	     /* s, default 5 (0: no second burst) */
	int vrrp_garp_master_repeat;	     /* default 5 */
	int vrrp_garp_lower_prio_delay;	     /* s, default: vrrp_garp_master_delay */
	int vrrp_garp_lower_prio_repeat;     /* default: vrrp_garp_master_repeat */
	int vrrp_garp_master_refresh;	     /* s, default 0 (no refresh) */
	int vrrp_garp_master_refresh_repeat; /* default 1 */
	int vrrp_down_timer_adverts;	     /* 1..100, default 3 */
	bool vrrp_lower_prio_no_advert;
	bool vrrp_higher_prio_send_advert;
	bool vrrp_strict;
	bool vrrp_skip_check_adv_addr;
	bool vrrp_check_unicast_src;
	bool vrrp_notify_priority_changes;
	/* VRRP process-wide */
	long long vrrp_garp_interval_us; /* between GARPs on one interface, default 0 */
	long long vrrp_gna_interval_us;	 /* between unsolicited NAs, default 0 */
	long long vrrp_startup_delay_us; /* default 0 */
	char *vmac_prefix;		 /* default "vrrp" */
	bool log_unknown_vrids;
	bool fifo_write_vrrp_states_on_reload;

	/* processes: nice (-20..19, default 0), SCHED_RR priority (0: none), mlockall */
	int vrrp_priority, checker_priority;
	int vrrp_rt_priority, checker_rt_priority;
	bool vrrp_no_swap, checker_no_swap;
	/* RLIMIT_RTTIME while real-time, µs (2..2000000000); 0: not set (10000) */
	int vrrp_rlimit_rttime_us, checker_rlimit_rttime_us;
	/* CPU affinity sets (lib/sched bitmaps); all zero: not set */
	uint64_t vrrp_cpus[SCHED_CPU_WORDS], checker_cpus[SCHED_CPU_WORDS];
	bool checker_log_all_failures;

	/* notify FIFOs */
	struct conf_fifo notify_fifo, vrrp_notify_fifo, lvs_notify_fifo;

	/* LVS */
	bool lvs_flush;
	bool rs_init_notifies; /* notify every real server's first state at start */
	enum conf_lvs_flush_onstop lvs_flush_onstop;
	/* lvs_timeouts, seconds; 0: leave the kernel's value */
	uint32_t lvs_timeout_tcp, lvs_timeout_tcpfin, lvs_timeout_udp;
	struct conf_lvs_syncd lvs_syncd;
};

/* The VRRP or the checker process. */
enum conf_proc { CONF_PROC_VRRP, CONF_PROC_CHECKER };
/* Apply that process's scheduling keywords (vrrp_priority, vrrp_rt_priority,
 * vrrp_rlimit_rttime, vrrp_no_swap, vrrp_cpu_affinity or their checker_
 * twins) through lib/sched: at start and after every reload. */
int conf_global_sched_apply(const struct conf_global *g, enum conf_proc which,
			    struct sched_state *st);

/* ---- helpers shared by the config domains ---- */
/* Parse "CMD [USER [GROUP]]" (keepalived notify scripts: extra words are the
 * user and group); replaces what `c` held. */
bool conf_cmd_parse(struct conf_parser *p, const struct conf_stmt *st, struct conf_cmd *c);
/* Parse "CMD..." (every word is part of the command, as vrrp_script's script). */
bool conf_cmd_parse_all(struct conf_parser *p, const struct conf_stmt *st, struct conf_cmd *c);
void conf_cmd_free(struct conf_cmd *c);
/* Print "KW CMD [USER [GROUP]]" at depth, when c->cmd is set. */
void conf_cmd_print(struct strbuf *b, int depth, const char *kw, const struct conf_cmd *c);
/* Format a fixed-point value (v / 10^decimals) with trailing zeros removed: 1500000,6 -> "1.5". */
const char *conf_global_fmt_fixed(char *buf, size_t len, long long v, unsigned decimals);

#endif
