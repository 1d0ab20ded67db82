/*
 * vrrp_run_int: the runtime's internal structures, shared by vrrp_run.c
 * (instances, sockets, events) and vrrp_run_dump.c (the data, stats and
 * JSON dumps).  Not for other modules.
 */
#ifndef VIGIL_VRRP_RUN_INT_H
#define VIGIL_VRRP_RUN_INT_H

#include <ev.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "lib/addr.h"
#include "lib/conf_vrrp.h"
#include "lib/log.h"
#include "vrrp/vrrp_addr.h"
#include "vrrp/vrrp_fifo.h"
#include "vrrp/vrrp_fsm.h"
#include "vrrp/vrrp_notify.h"
#include "vrrp/vrrp_packet.h"
#include "vrrp/vrrp_sock.h"
#include "vrrp/vrrp_track.h"

#define VRRP_RUN_MAX_GROUPS 8

/* A shared socket for one (interface, family). */
struct vrrp_sockent {
	TAILQ_ENTRY(vrrp_sockent) entry;
	struct vrrp_run *r;
	struct vrrp_sock s;
	ev_io io;
	unsigned refs;
	struct addr groups[VRRP_RUN_MAX_GROUPS];
	unsigned group_refs[VRRP_RUN_MAX_GROUPS];
};
TAILQ_HEAD(vrrp_sockent_list, vrrp_sockent);

struct vrrp_peer {
	struct addr addr;
	int min_ttl, max_ttl;
};

enum { VRRP_ITRACK_IF, VRRP_ITRACK_SCRIPT, VRRP_ITRACK_FILE };
/* One track_interface / track_script / track_file line of an instance. */
struct vrrp_itrack {
	int kind;
	char *name;
	int weight; /* 0: FAULT when down */
	bool reverse;
};

enum {
	VRRP_NOTIFY_MASTER,
	VRRP_NOTIFY_BACKUP,
	VRRP_NOTIFY_FAULT,
	VRRP_NOTIFY_STOP,
	VRRP_NOTIFY_ANY,      /* `notify`: TYPE NAME STATE PRIORITY */
	VRRP_NOTIFY_RX_LOWER, /* notify_master_rx_lower_pri (instances only) */
	VRRP_NOTIFY_MAX
};

/* The copy of one vrrp_instance that the runtime keeps. */
struct vrrp_icfg {
	char *name;
	char ifname[IF_NAMESIZE];
	int af, vrid, version, priority, advert_int_cs;
	bool init_master; /* state MASTER */
	int auth_type;	  /* enum vrrp_auth_type */
	uint8_t auth_pass[VRRP_AUTH_LEN];
	struct addr src_ip, mcast_dst;
	struct vrrp_peer *peers; /* non-empty: unicast */
	size_t npeers;
	int unicast_ttl;
	bool check_unicast_src;
	bool preempt;
	long long preempt_delay_us;
	bool accept;
	int garp_master_delay, garp_master_repeat;
	int garp_master_refresh, garp_master_refresh_repeat;
	int garp_lower_prio_delay, garp_lower_prio_repeat;
	int down_timer_adverts;
	bool lower_prio_no_advert, higher_prio_send_advert, skip_check_adv_addr;
	bool dont_track_primary;
	struct vrrp_vip *vips, *evips;
	size_t nvips, nevips;
	struct addr *vip_addrs; /* the advertised addresses (vips' addr) */
	char *sync_group;	/* vrrp_sync_group name, NULL: none */
	bool use_vmac, vmac_xmit_base;
	char vmac_name[IF_NAMESIZE];
	char sock_ifname[IF_NAMESIZE]; /* where adverts go: the vmac, or ifname */
	struct vrrp_route *routes;     /* virtual_routes */
	size_t nroutes;
	struct vrrp_itrack *tracks;
	size_t ntracks;
	struct vrrp_cmd notify[VRRP_NOTIFY_MAX]; /* .cmd NULL: none */
	bool notify_prio_changes;		 /* notify_priority_changes: FIFO lines */
};

struct vrrp_stats {
	uint64_t adverts_sent, adverts_rcvd;
	uint64_t prio0_sent, prio0_rcvd;
	uint64_t send_errors;
	uint64_t rejects[VRRP_REJECT_MAX];
	uint64_t rx_not_peer; /* unicast: the source is not a unicast_peer */
	uint64_t rx_peer_ttl; /* unicast: TTL outside the peer's min_ttl..max_ttl */
	uint64_t owner_addr_mismatch;
	uint64_t garps_sent;
	uint64_t late_graces; /* takeovers put off: this process had not run */
};

struct vrrp_inst {
	TAILQ_ENTRY(vrrp_inst) entry;
	struct vrrp_run *r;
	struct vrrp_icfg c;
	struct vrrp_fsm fsm;
	struct vrrp_sockent *sk; /* NULL: could not open (FAULT) */
	struct addr primary;	 /* our source address */
	bool link_down;		 /* the interface is down (FAULT) */
	bool track_fault;	 /* a weight-0 tracker is down (FAULT) */
	bool own_fault;		 /* link, tracker or socket: a FAULT of its own */
	bool sync_blocked;	 /* master down, held back by its sync group */
	bool started;
	uint64_t graced_down;	   /* the master_down_timer already put off once */
	ev_timer timer;		   /* the state machine's timer */
	ev_timer garp_timer;	   /* second GARP burst, then refresh */
	ev_timer garp_lower_timer; /* second burst after a lower priority advert */
	bool garp_second_done;
	struct vrrp_stats st;
	struct log_rl rl;
	struct vrrp_notify_q nq;
};
TAILQ_HEAD(vrrp_inst_list, vrrp_inst);

/* A vrrp_sync_group: its state (from its members'), notify scripts run in
 * order (their own queue), FIFO lines. */
struct vrrp_group {
	TAILQ_ENTRY(vrrp_group) entry;
	struct vrrp_run *r;
	char *name;
	enum vrrp_state state; /* INIT: not known yet, or stopped */
	struct vrrp_cmd notify[VRRP_NOTIFY_MAX];
	struct vrrp_notify_q nq;
};
TAILQ_HEAD(vrrp_group_list, vrrp_group);

struct vrrp_garpq;
TAILQ_HEAD(vrrp_garpq_list, vrrp_garpq);

enum { VRRP_FIFO_ALL, VRRP_FIFO_VRRP, VRRP_FIFO_MAX }; /* notify_fifo, vrrp_notify_fifo */

struct vrrp_run {
	struct ev_loop *loop;
	struct vrrp_group_list groups;
	struct vrrp_fifo fifos[VRRP_FIFO_MAX];
	struct vrrp_garpq_list garpqs;
	long long garp_interval_us, gna_interval_us; /* vrrp_garp_interval, vrrp_gna_interval */
	bool dont_release;
	bool stopped;
	struct vrrp_inst_list insts;
	struct vrrp_sockent_list socks;
	ev_timer startup_timer;
	bool syncing; /* sync group propagation under way */
	struct vrrp_trackset ts;
	ev_io link_io;
	int link_fd;
	/* Packets that could not be routed to an instance. */
	uint64_t rejects[VRRP_REJECT_MAX];
	uint64_t unknown_vrid;
	uint64_t rx_errors;
	struct log_rl rl;
};

/* vrrp_run.c */
uint64_t vrrp_run_now_us(void);
void vrrp_inst_run_actions(struct vrrp_inst *in, const struct vrrp_actions *acts);
void vrrp_inst_refresh_primary(struct vrrp_inst *in);
void vrrp_inst_send_advert(struct vrrp_inst *in, uint8_t prio);
/* A link appeared, changed or went away: close the sockets whose interface
 * is gone or was made again (another index), open the missing ones. */
void vrrp_run_relink(struct vrrp_run *r);

/* vrrp_run_sync.c */
bool vrrp_sync_group_fault(const struct vrrp_inst *in);
/* Re-evaluate the other members after in's own fault changed. */
void vrrp_sync_eval_members(struct vrrp_inst *in);
/* in (BACKUP) saw its Master_Down_Timer run out. */
void vrrp_sync_want_master(struct vrrp_inst *in, uint64_t now);
/* in changed state (a NOTIFY action). */
void vrrp_sync_after_change(struct vrrp_inst *in, const struct vrrp_action *a);

/* vrrp_run_conf.c */
void vrrp_icfg_from_conf(struct vrrp_icfg *c, const struct conf_vrrp *v);
void vrrp_icfg_free(struct vrrp_icfg *c);
/* Same but for the priority, the VIP lists and the notify scripts. */
bool vrrp_icfg_same_core(const struct vrrp_icfg *a, const struct vrrp_icfg *b);
/* Move src's notify scripts into dst. */
void vrrp_icfg_take_notify(struct vrrp_icfg *dst, struct vrrp_icfg *src);

/* vrrp_run_track.c: link monitor, trackers, notify scripts */
bool vrrp_run_link_is_up(const char *ifname);
void vrrp_run_link_open(struct vrrp_run *r);
void vrrp_run_link_close(struct vrrp_run *r);
/* Recompute link state, fault and effective priority from the trackers and
 * feed them to the state machine (before startup: just set them). */
void vrrp_inst_eval(struct vrrp_inst *in);
/* The trackset's `changed` callback (arg: the struct vrrp_run). */
void vrrp_run_tracks_changed(void *arg);

/* vrrp_run_garp.c: gratuitous ARP / unsolicited NA bursts, paced */
void vrrp_garp_inst_init(struct vrrp_inst *in);
/* in became master: first burst, then the second one and the refreshes. */
void vrrp_garp_start(struct vrrp_inst *in);
/* in (master) heard a lower priority advert. */
void vrrp_garp_lower_prio(struct vrrp_inst *in);
/* in left master (or goes away): its timers and queued messages dropped. */
void vrrp_garp_stop(struct vrrp_inst *in);
/* One message for v (queued when its interface's interval is not over). */
void vrrp_garp_vip(struct vrrp_inst *in, const struct vrrp_vip *v);
void vrrp_garp_config(struct vrrp_run *r, const struct conf *conf);
void vrrp_garp_fini(struct vrrp_run *r);

/* vrrp_run_notify.c: notify scripts, sync group states, notify FIFOs */
/* Open / re-open the FIFOs and match the sync groups to conf; on a reload
 * with fifo_write_vrrp_states_on_reload, write every state to the FIFOs. */
void vrrp_run_notify_sync(struct vrrp_run *r, const struct conf *conf, bool reload);
/* The groups' STOP notifies (after every instance stopped). */
void vrrp_run_notify_stop(struct vrrp_run *r);
/* Free the groups, close the FIFOs (stop their scripts). */
void vrrp_run_notify_fini(struct vrrp_run *r);
/* A state change of in: its scripts, its FIFO line, then its group's. */
void vrrp_inst_notify(struct vrrp_inst *in, enum vrrp_state to);
/* The effective priority changed (notify_priority_changes: a FIFO line). */
void vrrp_inst_notify_prio(struct vrrp_inst *in);
/* A master heard a lower priority advert (notify_master_rx_lower_pri and
 * MASTER_RX_LOWER_PRI on the FIFOs). */
void vrrp_inst_notify_rx_lower(struct vrrp_inst *in);

#endif
