/*
 * vrrp_run_track: what moves an instance besides adverts: the link state of
 * its interface and of its track_interface entries (an rtnetlink
 * RTMGRP_LINK socket; any link event re-evaluates every instance), its
 * track_script / track_file entries (vrrp_track), and the notify scripts of
 * its state changes (vrrp_run_notify.c).
 *
 * Effective priority (keepalived's rules): the address owner (255) is never
 * changed.  Otherwise, for each tracker with status `up` (a link UP and
 * RUNNING, a script OK; `reverse` inverts it): weight 0 and down -> FAULT;
 * weight > 0 and up -> + weight; weight < 0 and down -> + weight.  A
 * track_file adds value * weight (reverse: - value * weight); with weight 0 a
 * non-zero value is a FAULT.  The result is clamped to 1..254.  The primary
 * interface down is a FAULT unless dont_track_primary.
 */
#include "config.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/util.h"
#include "vrrp/vrrp_run_int.h"

bool vrrp_run_link_is_up(const char *ifname)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool up = false;

	if (fd < 0)
		return true;
	memset(&ifr, 0, sizeof(ifr));
	util_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0)
		up = (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
	close(fd);
	return up;
}

/* Priority and fault from the trackers. */
static int tracked_priority(struct vrrp_inst *in, bool *fault)
{
	long long prio = in->c.priority;

	*fault = false;
	for (size_t i = 0; i < in->c.ntracks; i++) {
		const struct vrrp_itrack *t = &in->c.tracks[i];
		bool up;

		if (t->kind == VRRP_ITRACK_FILE) {
			const struct vrrp_tfile *f = vrrp_track_file(&in->r->ts, t->name);
			long long v = f ? f->value : 0;

			if (t->weight == 0) {
				if ((v != 0) != t->reverse)
					*fault = true;
			} else {
				prio += (t->reverse ? -v : v) * t->weight;
			}
			continue;
		}
		if (t->kind == VRRP_ITRACK_IF) {
			up = vrrp_run_link_is_up(t->name);
		} else {
			const struct vrrp_tscript *s = vrrp_track_script(&in->r->ts, t->name);

			up = s && s->ok;
		}
		if (t->reverse)
			up = !up;
		if (t->weight == 0 && !up)
			*fault = true;
		else if (t->weight > 0 && up)
			prio += t->weight;
		else if (t->weight < 0 && !up)
			prio += t->weight;
	}
	if (in->c.priority == 255)
		return 255;
	if (prio < 1)
		prio = 1;
	if (prio > 254)
		prio = 254;
	return (int)prio;
}

void vrrp_inst_eval(struct vrrp_inst *in)
{
	struct vrrp_actions acts;
	bool link_down = !in->c.dont_track_primary && !vrrp_run_link_is_up(in->c.ifname);
	bool track_fault, own_changed, prio_changed;
	int prio = tracked_priority(in, &track_fault);
	uint64_t now = vrrp_run_now_us();

	if (link_down != in->link_down) {
		log_info("[%s] interface %s is %s", in->c.name, in->c.ifname,
			 link_down ? "down" : "up");
		if (!link_down)
			vrrp_inst_refresh_primary(in);
	}
	if (track_fault != in->track_fault)
		log_info("[%s] tracker fault %s", in->c.name, track_fault ? "set" : "cleared");
	if (prio != in->fsm.priority)
		log_info("[%s] effective priority %u -> %d", in->c.name, in->fsm.priority, prio);
	in->link_down = link_down;
	in->track_fault = track_fault;
	own_changed = in->own_fault != (link_down || track_fault || !in->sk);
	in->own_fault = link_down || track_fault || !in->sk;
	prio_changed = prio != in->fsm.priority;
	vrrp_fsm_set_priority(&in->fsm, now, (uint8_t)prio, &acts);
	if (in->started)
		vrrp_inst_run_actions(in, &acts);
	if (prio_changed)
		vrrp_inst_notify_prio(in);
	vrrp_fsm_set_fault(&in->fsm, now, vrrp_sync_group_fault(in), &acts);
	if (in->started)
		vrrp_inst_run_actions(in, &acts);
	if (own_changed)
		vrrp_sync_eval_members(in);
}

void vrrp_run_tracks_changed(void *arg)
{
	struct vrrp_run *r = arg;
	struct vrrp_inst *in;

	/* Twice, so that a sync group member sees its group's settled faults
	 * (vrrp_inst_eval() is idempotent). */
	for (int pass = 0; pass < 2; pass++)
		TAILQ_FOREACH (in, &r->insts, entry)
			if (in->started)
				vrrp_inst_eval(in);
}

static void link_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct vrrp_run *r = w->data;
	char buf[8192];
	ssize_t n;
	bool any = false;

	while ((n = recv(r->link_fd, buf, sizeof(buf), 0)) > 0) {
		for (struct nlmsghdr *nh = (struct nlmsghdr *)(void *)buf; NLMSG_OK(nh, (size_t)n);
		     nh = NLMSG_NEXT(nh, n))
			if (nh->nlmsg_type == RTM_NEWLINK || nh->nlmsg_type == RTM_DELLINK)
				any = true;
	}
	/* ENOBUFS: events were lost; the state is read afresh anyway. */
	if (any || (n < 0 && errno == ENOBUFS)) {
		vrrp_run_relink(r);
		vrrp_run_tracks_changed(r);
	}
}

void vrrp_run_link_open(struct vrrp_run *r)
{
	struct sockaddr_nl sa;

	r->link_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (r->link_fd < 0) {
		log_warn("netlink link monitor");
		return;
	}
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = RTMGRP_LINK;
	if (bind(r->link_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		log_warn("netlink link monitor: bind");
		close(r->link_fd);
		r->link_fd = -1;
		return;
	}
	ev_io_init(&r->link_io, link_cb, r->link_fd, EV_READ);
	r->link_io.data = r;
	ev_io_start(r->loop, &r->link_io);
}

void vrrp_run_link_close(struct vrrp_run *r)
{
	if (r->link_fd < 0)
		return;
	ev_io_stop(r->loop, &r->link_io);
	close(r->link_fd);
	r->link_fd = -1;
}
