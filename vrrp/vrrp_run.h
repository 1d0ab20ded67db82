/*
 * vrrp_run: the VRRP runtime of the VRRP process.  It owns the instances
 * (one RFC 5798 state machine each, vrrp_fsm), their timers on the libev
 * loop, the raw sockets they share (vrrp_sock), the virtual addresses
 * (vrrp_addr) and the gratuitous ARP / unsolicited NA bursts (vrrp_arp,
 * vrrp_ndisc), and glues them together: packets in -> vrrp_packet_decode()
 * -> vrrp_fsm_advert() -> actions out.
 *
 * The conf passed to start/reload is only read during the call: everything
 * kept is copied.  Reload matches instances by name: an unchanged instance
 * keeps its state and its timers (it keeps advertising on time), a change
 * of priority alone is applied in place, its VIP lists are diffed (added /
 * removed, never flapped); any other change restarts that instance.
 * Instances gone from the config are stopped as by vrrp_run_stop().
 */
#ifndef VIGIL_VRRP_RUN_H
#define VIGIL_VRRP_RUN_H

#include <stdio.h>

#include <stdbool.h>

struct ev_loop;
struct conf;
struct vrrp_run;

/* Create the instances of conf and start them (Initialize -> Backup, or
 * Master for an address owner).  Never NULL: an instance that cannot start
 * (no interface, no socket) is logged and kept in FAULT. */
struct vrrp_run *vrrp_run_start(struct ev_loop *loop, const struct conf *conf, bool dont_release);
/* Apply a new config (diff by instance name). */
void vrrp_run_reload(struct vrrp_run *r, const struct conf *conf);
/* Leave every instance: a master sends a priority-0 advert and removes its
 * VIPs (kept with dont_release).  Timers and sockets are stopped. */
void vrrp_run_stop(struct vrrp_run *r);
/* Free everything (stops first when vrrp_run_stop() was not called). */
void vrrp_run_free(struct vrrp_run *r);
/* SIGUSR1: /tmp/vigil.data, SIGUSR2: /tmp/vigil.stats, SIGRTMIN+2:
 * /tmp/vigil.json (the directory is $VIGIL_TMPDIR when set). */
void vrrp_run_dump(struct vrrp_run *r, int signum);
/* The same text written to f (the supervisor merges it with the checker's). */
void vrrp_run_dump_to(struct vrrp_run *r, int signum, FILE *f);

#endif
