/*
 * vrrp_run_garp: the gratuitous ARPs (IPv4) and unsolicited neighbour
 * advertisements (IPv6) of a master, for each of its VIPs and excluded VIPs:
 *  - on becoming master a burst of garp_master_repeat rounds, a second one
 *    garp_master_delay seconds later, then garp_master_refresh_repeat
 *    rounds every garp_master_refresh seconds (0: none);
 *  - when a master hears a lower priority advert (another master after a
 *    split: the neighbours may point at it), garp_lower_prio_repeat rounds
 *    at once and again garp_lower_prio_delay seconds later;
 *  - pacing: vrrp_garp_interval / vrrp_gna_interval (µs) is the least time
 *    between two ARPs / two NAs leaving one interface, whatever instance
 *    sends them.  Each (interface, family) has a queue; a message is sent at
 *    once when the last one left long enough ago, else queued and sent by
 *    the queue's timer (checked against the monotonic clock, so a message
 *    never leaves early).  Leaving MASTER drops the instance's queued ones.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/conf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "vrrp/vrrp_arp.h"
#include "vrrp/vrrp_ndisc.h"
#include "vrrp/vrrp_run_int.h"

struct garp_item {
	TAILQ_ENTRY(garp_item) entry;
	struct vrrp_inst *in;
	struct vrrp_vip vip;
};

struct vrrp_garpq {
	TAILQ_ENTRY(vrrp_garpq) entry;
	struct vrrp_run *r;
	char ifname[IF_NAMESIZE];
	int af;
	uint64_t last_us; /* when the last message left; 0: never */
	ev_timer timer;
	TAILQ_HEAD(, garp_item) items;
};

static void send_now(struct vrrp_inst *in, const struct vrrp_vip *v)
{
	int rc;

	if (v->addr.af == AF_INET)
		rc = vrrp_arp_send(v->ifname, &v->addr);
	else
		rc = vrrp_ndisc_send(v->ifname, &v->addr);
	if (rc < 0) {
		if (log_ratelimit(&in->rl))
			log_warn("[%s] gratuitous %s on %s", in->c.name,
				 v->addr.af == AF_INET ? "ARP" : "NA", v->ifname);
		return;
	}
	in->st.garps_sent++;
}

static uint64_t interval_of(const struct vrrp_run *r, int af)
{
	return (uint64_t)(af == AF_INET ? r->garp_interval_us : r->gna_interval_us);
}

static void garpq_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct vrrp_garpq *q = w->data;
	uint64_t now = vrrp_run_now_us(), iv = interval_of(q->r, q->af);
	struct garp_item *it;

	(void)revents;
	while ((it = TAILQ_FIRST(&q->items)) != NULL) {
		if (q->last_us && now < q->last_us + iv) {
			ev_timer_set(w, (double)(q->last_us + iv - now) / 1e6, 0.);
			ev_timer_start(loop, w);
			return;
		}
		TAILQ_REMOVE(&q->items, it, entry);
		send_now(it->in, &it->vip);
		free(it);
		q->last_us = now;
		if (iv)
			now = vrrp_run_now_us();
	}
}

static struct vrrp_garpq *garpq_get(struct vrrp_run *r, const char *ifname, int af)
{
	struct vrrp_garpq *q;

	TAILQ_FOREACH (q, &r->garpqs, entry)
		if (q->af == af && strcmp(q->ifname, ifname) == 0)
			return q;
	q = xcalloc(1, sizeof(*q));
	q->r = r;
	q->af = af;
	util_strlcpy(q->ifname, ifname, sizeof(q->ifname));
	TAILQ_INIT(&q->items);
	ev_timer_init(&q->timer, garpq_cb, 0., 0.);
	q->timer.data = q;
	TAILQ_INSERT_TAIL(&r->garpqs, q, entry);
	return q;
}

void vrrp_garp_vip(struct vrrp_inst *in, const struct vrrp_vip *v)
{
	struct vrrp_run *r = in->r;
	uint64_t iv = interval_of(r, v->addr.af);
	struct vrrp_garpq *q;
	struct garp_item *it;

	if (!iv) {
		send_now(in, v);
		return;
	}
	q = garpq_get(r, v->ifname, v->addr.af);
	it = xcalloc(1, sizeof(*it));
	it->in = in;
	it->vip = *v;
	TAILQ_INSERT_TAIL(&q->items, it, entry);
	if (!ev_is_active(&q->timer))
		garpq_cb(r->loop, &q->timer, 0);
}

static void burst(struct vrrp_inst *in, int repeat)
{
	for (int k = 0; k < (repeat > 0 ? repeat : 1); k++) {
		for (size_t i = 0; i < in->c.nvips; i++)
			vrrp_garp_vip(in, &in->c.vips[i]);
		for (size_t i = 0; i < in->c.nevips; i++)
			vrrp_garp_vip(in, &in->c.evips[i]);
	}
}

static void arm(struct vrrp_inst *in)
{
	double delay = 0;

	ev_timer_stop(in->r->loop, &in->garp_timer);
	if (!in->garp_second_done && in->c.garp_master_delay > 0)
		delay = in->c.garp_master_delay;
	else if (in->c.garp_master_refresh > 0)
		delay = in->c.garp_master_refresh;
	if (delay <= 0)
		return;
	ev_timer_set(&in->garp_timer, delay, 0.);
	ev_timer_start(in->r->loop, &in->garp_timer);
}

static void master_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct vrrp_inst *in = w->data;

	(void)loop;
	(void)revents;
	if (in->fsm.state != VRRP_STATE_MASTER)
		return;
	if (!in->garp_second_done && in->c.garp_master_delay > 0) {
		in->garp_second_done = true;
		burst(in, in->c.garp_master_repeat);
	} else {
		burst(in, in->c.garp_master_refresh_repeat);
	}
	arm(in);
}

static void lower_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct vrrp_inst *in = w->data;

	(void)loop;
	(void)revents;
	if (in->fsm.state == VRRP_STATE_MASTER)
		burst(in, in->c.garp_lower_prio_repeat);
}

void vrrp_garp_inst_init(struct vrrp_inst *in)
{
	ev_timer_init(&in->garp_timer, master_timer_cb, 0., 0.);
	in->garp_timer.data = in;
	ev_timer_init(&in->garp_lower_timer, lower_timer_cb, 0., 0.);
	in->garp_lower_timer.data = in;
}

void vrrp_garp_start(struct vrrp_inst *in)
{
	in->garp_second_done = false;
	burst(in, in->c.garp_master_repeat);
	arm(in);
}

void vrrp_garp_lower_prio(struct vrrp_inst *in)
{
	if (in->c.garp_lower_prio_repeat <= 0)
		return;
	burst(in, in->c.garp_lower_prio_repeat);
	ev_timer_stop(in->r->loop, &in->garp_lower_timer);
	if (in->c.garp_lower_prio_delay > 0) {
		ev_timer_set(&in->garp_lower_timer, in->c.garp_lower_prio_delay, 0.);
		ev_timer_start(in->r->loop, &in->garp_lower_timer);
	}
}

void vrrp_garp_stop(struct vrrp_inst *in)
{
	struct vrrp_garpq *q;

	ev_timer_stop(in->r->loop, &in->garp_timer);
	ev_timer_stop(in->r->loop, &in->garp_lower_timer);
	TAILQ_FOREACH (q, &in->r->garpqs, entry) {
		struct garp_item *it = TAILQ_FIRST(&q->items), *next;

		for (; it; it = next) {
			next = TAILQ_NEXT(it, entry);
			if (it->in == in) {
				TAILQ_REMOVE(&q->items, it, entry);
				free(it);
			}
		}
		if (TAILQ_EMPTY(&q->items))
			ev_timer_stop(in->r->loop, &q->timer);
	}
}

void vrrp_garp_config(struct vrrp_run *r, const struct conf *conf)
{
	r->garp_interval_us = conf->global.vrrp_garp_interval_us;
	r->gna_interval_us = conf->global.vrrp_gna_interval_us;
}

void vrrp_garp_fini(struct vrrp_run *r)
{
	struct vrrp_garpq *q;
	struct garp_item *it;

	while ((q = TAILQ_FIRST(&r->garpqs)) != NULL) {
		TAILQ_REMOVE(&r->garpqs, q, entry);
		ev_timer_stop(r->loop, &q->timer);
		while ((it = TAILQ_FIRST(&q->items)) != NULL) {
			TAILQ_REMOVE(&q->items, it, entry);
			free(it);
		}
		free(q);
	}
}
