/*
 * conf_vrrp: model of the VRRP side of the config: vrrp_script, track_file,
 * vrrp_sync_group, vrrp_instance.
 *
 * Units: advert_int in centiseconds; garp delays/refresh in whole seconds;
 * every other time in microseconds (`_us`).  After conf_vrrp_finalize()
 * every field holds its effective value (globals inherited, defaults made
 * explicit, references resolved to pointers); `int` fields that may be
 * inherited are CONF_UNSET (-1) only between parsing and finalize.
 */
#ifndef VIGIL_CONF_VRRP_H
#define VIGIL_CONF_VRRP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "lib/addr.h"
#include "lib/conf_err.h"
#include "lib/conf_global.h"

#define CONF_UNSET (-1)

enum conf_vrrp_state { CONF_VRRP_STATE_BACKUP, CONF_VRRP_STATE_MASTER };
const char *conf_vrrp_state_str(enum conf_vrrp_state s);

enum conf_vrrp_auth { CONF_VRRP_AUTH_NONE, CONF_VRRP_AUTH_PASS };
const char *conf_vrrp_auth_str(enum conf_vrrp_auth a);

/* Address / route scope, with the kernel's values (rtnetlink RT_SCOPE_*). */
enum conf_scope {
	CONF_SCOPE_GLOBAL = 0,
	CONF_SCOPE_SITE = 200,
	CONF_SCOPE_LINK = 253,
	CONF_SCOPE_HOST = 254,
	CONF_SCOPE_NOWHERE = 255,
	CONF_SCOPE_DEFAULT = -1, /* routes: let the kernel choose */
};
const char *conf_scope_str(enum conf_scope s);

/* Route types (rtnetlink RTN_*). */
enum conf_route_type {
	CONF_ROUTE_UNICAST = 1,
	CONF_ROUTE_BLACKHOLE = 6,
	CONF_ROUTE_UNREACHABLE = 7,
	CONF_ROUTE_PROHIBIT = 8,
	CONF_ROUTE_THROW = 9,
};
const char *conf_route_type_str(enum conf_route_type t);

struct conf_vrrp_script {
	TAILQ_ENTRY(conf_vrrp_script) entry;
	struct conf_loc loc;
	char *name;
	struct conf_cmd script; /* cmd NULL: missing (an error) */
	long long interval_us;	/* default 1 s */
	long long timeout_us;	/* default: the interval */
	int weight;		/* -253..253, default 0 (0: FAULT after `fall` failures) */
	bool reverse;
	int rise, fall; /* default 1 each */
	bool init_fail;
};
TAILQ_HEAD(conf_vrrp_script_list, conf_vrrp_script);

struct conf_track_file {
	TAILQ_ENTRY(conf_track_file) entry;
	struct conf_loc loc;
	char *name;
	char *path; /* `file`; NULL: missing (an error) */
	int weight; /* default 1; the value read is multiplied by it */
	bool reverse;
	bool init_file; /* write init_value at start when the file does not exist */
	long long init_value;
	bool init_overwrite; /* ... or even when it exists */
};
TAILQ_HEAD(conf_track_file_list, conf_track_file);

/* One line of track_interface / track_script / track_file. */
struct conf_vrrp_track {
	TAILQ_ENTRY(conf_vrrp_track) entry;
	struct conf_loc loc;
	char *name;   /* interface, vrrp_script or track_file name */
	int weight;   /* CONF_UNSET until finalize (then: the script/file's weight, or 0) */
	int reverse;  /* CONF_UNSET until finalize */
	void *target; /* finalize: struct conf_vrrp_script * / struct conf_track_file * */
};
TAILQ_HEAD(conf_vrrp_track_list, conf_vrrp_track);

struct conf_sync_member {
	TAILQ_ENTRY(conf_sync_member) entry;
	struct conf_loc loc;
	char *name;
	struct conf_vrrp *vrrp; /* finalize */
};
TAILQ_HEAD(conf_sync_member_list, conf_sync_member);

struct conf_sync_group {
	TAILQ_ENTRY(conf_sync_group) entry;
	struct conf_loc loc;
	char *name;
	struct conf_sync_member_list members;
	struct conf_vrrp_track_list track_ifs, track_scripts, track_files;
	struct conf_cmd notify_master, notify_backup, notify_fault, notify_stop, notify;
	bool notify_priority_changes;
	bool sync_group_tracking_weight; /* keep member instances' tracking weights */
};
TAILQ_HEAD(conf_sync_group_list, conf_sync_group);

enum {
	CONF_VIP_NO_TRACK = 1u << 0,	  /* deletion does not take the instance down */
	CONF_VIP_NODAD = 1u << 1,	  /* -nodad */
	CONF_VIP_NOPREFIXROUTE = 1u << 2, /* noprefixroute */
	CONF_VIP_HOME = 1u << 3,	  /* home */
	CONF_VIP_MNGTMPADDR = 1u << 4,	  /* mngtmpaddr */
	CONF_VIP_AUTOJOIN = 1u << 5,	  /* autojoin */
};

/* One address of virtual_ipaddress / virtual_ipaddress_excluded. */
struct conf_vip {
	TAILQ_ENTRY(conf_vip) entry;
	struct conf_loc loc;
	struct addr addr;
	int plen;	       /* default 32 / 128 */
	char *dev;	       /* default: the instance's interface */
	struct addr brd;       /* unset: none */
	enum conf_scope scope; /* default global */
	char *label;
	long long preferred_lft; /* seconds, -1: forever; default 0 for IPv6 /128, else forever */
	unsigned flags;		 /* CONF_VIP_* */
};
TAILQ_HEAD(conf_vip_list, conf_vip);

/* One route of virtual_routes. */
struct conf_vroute {
	TAILQ_ENTRY(conf_vroute) entry;
	struct conf_loc loc;
	enum conf_route_type type;
	struct addr dst;
	int plen;	  /* default 32 / 128 */
	struct addr src;  /* unset: none */
	struct addr via;  /* unset: none */
	struct addr via2; /* `or ADDR`: second gateway (IPv4 multipath); unset: none */
	char *dev;	  /* NULL: none (the kernel finds it from via) */
	enum conf_scope scope;
	uint32_t table;	 /* default 254 (main) */
	uint32_t metric; /* default 0 */
	bool no_track;
};
TAILQ_HEAD(conf_vroute_list, conf_vroute);

struct conf_vrrp_peer {
	TAILQ_ENTRY(conf_vrrp_peer) entry;
	struct conf_loc loc;
	struct addr addr;
	int min_ttl, max_ttl; /* received TTL/hop limit must be in range; default 0..255 */
};
TAILQ_HEAD(conf_vrrp_peer_list, conf_vrrp_peer);

struct conf_vrrp {
	TAILQ_ENTRY(conf_vrrp) entry;
	struct conf_loc loc;
	char *name;

	int af;		  /* AF_INET / AF_INET6: from the VIPs, else unicast, else native_ipv6 */
	bool native_ipv6; /* as written */
	struct conf_loc native_ipv6_loc;
	enum conf_vrrp_state state; /* initial state, default BACKUP */
	char *ifname;		    /* required */
	struct conf_loc ifname_loc;
	bool dont_track_primary;
	bool track_src_ip;
	bool use_vmac;
	char *vmac_name; /* finalize: "<vmac_prefix>.<vrid>" when not given */
	bool vmac_xmit_base;
	int vrid; /* 1..255, required */
	struct conf_loc vrid_loc;
	int priority; /* 1..255, default 100 (state MASTER: 255, as keepalived) */
	struct conf_loc priority_loc;
	int advert_int_cs; /* centiseconds, default 100 */
	struct conf_loc advert_int_loc;
	int version; /* 2 or 3; default: global vrrp_version (IPv6: 3) */
	struct conf_loc version_loc;

	enum conf_vrrp_auth auth_type;
	char *auth_pass; /* PASS: at most 8 characters */
	struct conf_loc auth_loc, auth_pass_loc;

	struct addr src_ip; /* mcast_src_ip / unicast_src_ip; unset: the interface's primary */
	struct conf_loc src_ip_loc;
	struct addr mcast_dst; /* default: global vrrp_mcast_group4/6 */
	struct conf_loc mcast_dst_loc;
	struct conf_vrrp_peer_list peers; /* non-empty: unicast */
	int unicast_ttl;		  /* default 255 */
	bool unicast_fault_no_peer;
	int check_unicast_src; /* default: global vrrp_check_unicast_src */

	bool preempt; /* default true; nopreempt (not with state MASTER / priority 255) */
	struct conf_loc preempt_loc;
	long long preempt_delay_us; /* 0..1000 s, default 0 (not with state MASTER) */
	struct conf_loc preempt_delay_loc;
	int accept; /* default: on, unless strict mode (then: priority 255) */
	struct conf_loc accept_loc;
	int garp_master_delay, garp_master_repeat;	     /* s / count; default: global */
	int garp_lower_prio_delay, garp_lower_prio_repeat;   /* default: global */
	int garp_master_refresh, garp_master_refresh_repeat; /* default: global */
	int down_timer_adverts;				     /* default: global */
	int lower_prio_no_advert;			     /* default: global (strict: on) */
	struct conf_loc lower_prio_no_advert_loc;
	int higher_prio_send_advert; /* default: global */
	struct conf_loc higher_prio_send_advert_loc;
	int skip_check_adv_addr;     /* default: global */
	int strict_mode;	     /* default: global vrrp_strict */
	int notify_priority_changes; /* default: global vrrp_notify_priority_changes */
	bool promote_secondaries;

	struct conf_vrrp_track_list track_ifs, track_scripts, track_files;
	struct conf_cmd notify_master, notify_backup, notify_fault, notify_stop, notify;
	struct conf_cmd notify_master_rx_lower_pri;

	struct conf_vip_list vips;  /* advertised; all of the instance's family */
	struct conf_vip_list evips; /* virtual_ipaddress_excluded: either family */
	struct conf_vroute_list routes;

	struct conf_sync_group *sync_group; /* finalize: the group it is in, if any */
};
TAILQ_HEAD(conf_vrrp_list, conf_vrrp);

#endif
