/*
 * vrrp_fsm: the VRRP router state machine of RFC 5798 §6.4 (as clarified by
 * RFC 9568 §6.4) for one virtual router, with VRRPv3 and VRRPv2 (RFC 3768)
 * timing.  Pure: no sockets, no clock, no loop.  The caller feeds explicit
 * events with an explicit `now` (microseconds of a monotonic clock) and gets
 * back a list of actions to carry out (send an advert, add/remove the VIPs,
 * GARP/NA, run notify scripts, re-arm the timer).  The caller asks
 * vrrp_fsm_next_timer() when to call vrrp_fsm_timer() back.
 *
 * States are Initialize, Backup, Master (RFC 9568's "Active") and Fault
 * (keepalived's: a tracker or the interface is down).  Every state change goes
 * through one function that records the reason, bumps the counters and emits a
 * NOTIFY action carrying from/to/reason, so the process can log
 * "[VI_1] BACKUP -> MASTER (master down timer)" (vrrp_fsm_transition_str()).
 */
#ifndef VIGIL_VRRP_FSM_H
#define VIGIL_VRRP_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/addr.h"

#define VRRP_TIMER_NONE	 UINT64_MAX /* no timer running */
#define VRRP_USEC_PER_CS 10000u

enum vrrp_state {
	VRRP_STATE_INIT = 0,
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,
	VRRP_STATE_MAX
};

/* Why the state changed. */
enum vrrp_reason {
	VRRP_REASON_NONE = 0,
	VRRP_REASON_STARTUP,	   /* Initialize -> Backup */
	VRRP_REASON_OWNER,	   /* priority 255: straight to Master */
	VRRP_REASON_MASTER_DOWN,   /* Master_Down_Timer expired */
	VRRP_REASON_HIGHER_PRIO,   /* Master saw an advert with a higher priority */
	VRRP_REASON_HIGHER_ADDR,   /* ... with our priority and a higher primary address */
	VRRP_REASON_SHUTDOWN,	   /* -> Initialize */
	VRRP_REASON_FAULT,	   /* a tracker / the link went down */
	VRRP_REASON_FAULT_CLEARED, /* Fault -> Backup (or Master for an owner) */
	VRRP_REASON_MAX
};

enum vrrp_action_type {
	VRRP_ACT_SEND_ADVERT,	    /* advert with the current effective priority */
	VRRP_ACT_SEND_ADVERT_PRIO0, /* advert with priority 0 (leaving Master) */
	VRRP_ACT_ADD_VIPS,	    /* install the virtual addresses (and routes) */
	VRRP_ACT_REMOVE_VIPS,	    /* remove them */
	VRRP_ACT_SEND_GARP,	    /* gratuitous ARP (IPv4) / unsolicited NA (IPv6) per VIP */
	VRRP_ACT_NOTIFY,	    /* state changed: from, to, reason (log, notify scripts) */
	VRRP_ACT_SET_TIMER,	    /* the next timer deadline changed: at (or VRRP_TIMER_NONE) */
	VRRP_ACT_MAX
};

struct vrrp_action {
	enum vrrp_action_type type;
	enum vrrp_state from, to; /* NOTIFY */
	enum vrrp_reason reason;  /* NOTIFY */
	uint64_t at;		  /* SET_TIMER */
};

#define VRRP_ACTIONS_MAX 16
/* The output of one event; cleared by every vrrp_fsm_* event function. */
struct vrrp_actions {
	size_t n;
	struct vrrp_action a[VRRP_ACTIONS_MAX];
};

struct vrrp_fsm_config {
	int version;	       /* 2 or 3: Skew_Time formula */
	uint8_t priority;      /* configured priority 1..255 (255 = address owner) */
	uint16_t adver_int_cs; /* Advertisement_Interval; v2: a multiple of 100 */
	bool nopreempt;	       /* Preempt_Mode false (the owner preempts regardless) */
	/* Preempt a lower-priority master only once it has been seen for this long
	 * (keepalived's preempt_delay; 0 = at once, i.e. RFC behaviour). */
	uint64_t preempt_delay_us;
	bool accept; /* Accept_Mode: not used here, carried for the caller */
	/* keepalived options: do not answer a lower-priority advert with one of
	 * ours (RFC 5798 behaviour; RFC 9568 answers), and send one before giving
	 * way to a higher-priority master. */
	bool lower_prio_no_advert;
	bool higher_prio_send_advert;
	/* keepalived's down_timer_adverts: Master_Down_Interval is this many
	 * Master_Adver_Intervals plus Skew_Time (1..100; 0 means the RFC's 3). */
	int down_timer_adverts;
	struct addr primary; /* our primary address: the source of our adverts */
};

struct vrrp_fsm_advert {
	uint8_t priority;
	uint16_t interval_cs; /* Max Advert Interval (v2: seconds * 100) */
	struct addr src;      /* sender's primary address (IP source) */
};

struct vrrp_fsm {
	struct vrrp_fsm_config cfg;
	enum vrrp_state state;
	uint8_t priority; /* effective priority (trackers) */
	bool fault;	  /* a fault condition is present */
	uint16_t master_adver_int_cs;
	uint64_t adver_timer;	    /* Master: next advert */
	uint64_t master_down_timer; /* Backup */
	uint64_t preempt_until;	    /* preempt_delay window, VRRP_TIMER_NONE if none */
	struct addr master_addr;    /* Backup: the master we last accepted */
	uint8_t master_priority;
	/* Record of the last change and counters (see change_state()). */
	enum vrrp_state prev_state;
	enum vrrp_reason last_reason;
	uint64_t last_change;
	uint64_t transitions;
	uint64_t entered[VRRP_STATE_MAX];
	uint64_t reasons[VRRP_REASON_MAX];
};

const char *vrrp_state_str(enum vrrp_state s);
const char *vrrp_reason_str(enum vrrp_reason r);
const char *vrrp_action_str(enum vrrp_action_type t);
/* "[NAME] FROM -> TO (reason)" for a NOTIFY action; returns -1 on truncation. */
int vrrp_fsm_transition_str(char *buf, size_t len, const char *name, const struct vrrp_action *a);

/* Set up in Initialize.  cfg is copied. */
void vrrp_fsm_init(struct vrrp_fsm *f, const struct vrrp_fsm_config *cfg);

/* Events.  Each clears `out` and appends the actions to carry out, in order. */
void vrrp_fsm_startup(struct vrrp_fsm *f, uint64_t now, struct vrrp_actions *out);
void vrrp_fsm_shutdown(struct vrrp_fsm *f, uint64_t now, struct vrrp_actions *out);
/* A checked advert for this virtual router (vrrp_packet_decode() said OK). */
void vrrp_fsm_advert(struct vrrp_fsm *f, uint64_t now, const struct vrrp_fsm_advert *adv,
		     struct vrrp_actions *out);
/* Call at (or after) vrrp_fsm_next_timer(); an early call does nothing. */
void vrrp_fsm_timer(struct vrrp_fsm *f, uint64_t now, struct vrrp_actions *out);
/* A fault condition appeared (true) or cleared (false). */
void vrrp_fsm_set_fault(struct vrrp_fsm *f, uint64_t now, bool fault, struct vrrp_actions *out);
/* The effective priority changed (1..255; 0 is taken as 1). */
void vrrp_fsm_set_priority(struct vrrp_fsm *f, uint64_t now, uint8_t priority,
			   struct vrrp_actions *out);

/* When to call vrrp_fsm_timer() next (absolute), or VRRP_TIMER_NONE. */
uint64_t vrrp_fsm_next_timer(const struct vrrp_fsm *f);
/* Skew_Time and Master_Down_Interval for the current priority and
 * Master_Adver_Interval, in microseconds. */
uint64_t vrrp_fsm_skew_time(const struct vrrp_fsm *f);
uint64_t vrrp_fsm_master_down_interval(const struct vrrp_fsm *f);

#endif
