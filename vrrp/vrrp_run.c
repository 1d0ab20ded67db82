/*
 * vrrp_run: instances, timers and the glue between sockets, state machine
 * and addresses (see vrrp_run.h).
 *
 * Every event of an instance (startup, a received advert, its timer, a
 * tracker or link change, shutdown) goes to its vrrp_fsm with the monotonic
 * time in microseconds; the actions that come back are carried out in order
 * by vrrp_inst_run_actions() (adverts, VIPs and routes, GARP/NA bursts, the
 * transition log line and notify scripts), and the instance's ev_timer is
 * then re-armed at vrrp_fsm_next_timer().  The state machine never sees a
 * packet it did not accept: vrrp_packet_decode() checks it first, and a
 * rejection is counted per reason (on the instance the VRID names, else on
 * the runtime) and logged rate-limited.
 *
 * Sockets are shared per (interface, family) and reference counted; the
 * multicast groups they join are reference counted too.
 *
 * The rest of the runtime: vrrp_run_conf.c (the instance's copy of its
 * config, compared on reload), vrrp_run_track.c (link monitor, trackers,
 * effective priority, notify), vrrp_run_sync.c (sync groups),
 * vrrp_run_dump.c (SIGUSR1/SIGUSR2/JSON dumps).
 */
#include "config.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lib/conf.h"
#include "lib/log.h"
#include "lib/util.h"
#include "vrrp/vrrp_arp.h"
#include "vrrp/vrrp_ndisc.h"
#include "vrrp/vrrp_run.h"
#include "vrrp/vrrp_run_int.h"

#define RX_BURST 64 /* packets read per wake-up, so one socket cannot starve the loop */

uint64_t vrrp_run_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void sock_cb(struct ev_loop *loop, ev_io *w, int revents);

/* ---- sockets ---- */

static struct vrrp_sockent *sock_get(struct vrrp_run *r, const char *ifname, int af)
{
	struct vrrp_sockent *se;

	TAILQ_FOREACH (se, &r->socks, entry)
		if (se->s.af == af && strcmp(se->s.ifname, ifname) == 0) {
			se->refs++;
			return se;
		}
	se = xcalloc(1, sizeof(*se));
	if (vrrp_sock_open(&se->s, ifname, af) < 0) {
		free(se);
		return NULL;
	}
	se->r = r;
	se->refs = 1;
	ev_io_init(&se->io, sock_cb, se->s.fd, EV_READ);
	se->io.data = se;
	/* Adverts are read before a timer that falls due in the same loop
	 * iteration (libev runs pending watchers of one priority last in,
	 * first out, and a timer is queued after the I/O). */
	ev_set_priority(&se->io, EV_MAXPRI);
	ev_io_start(r->loop, &se->io);
	TAILQ_INSERT_TAIL(&r->socks, se, entry);
	return se;
}

static void sock_put(struct vrrp_run *r, struct vrrp_sockent *se)
{
	if (!se || --se->refs > 0)
		return;
	ev_io_stop(r->loop, &se->io);
	vrrp_sock_close(&se->s);
	TAILQ_REMOVE(&r->socks, se, entry);
	free(se);
}

static void group_join(struct vrrp_sockent *se, const struct addr *g)
{
	int free_slot = -1;

	for (int i = 0; i < VRRP_RUN_MAX_GROUPS; i++) {
		if (se->group_refs[i] && addr_eq(&se->groups[i], g)) {
			se->group_refs[i]++;
			return;
		}
		if (!se->group_refs[i] && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0) {
		log_warnx("%s: too many multicast groups", se->s.ifname);
		return;
	}
	if (vrrp_sock_join(&se->s, g) == 0) {
		se->groups[free_slot] = *g;
		se->group_refs[free_slot] = 1;
	}
}

static void group_leave(struct vrrp_sockent *se, const struct addr *g)
{
	for (int i = 0; i < VRRP_RUN_MAX_GROUPS; i++)
		if (se->group_refs[i] && addr_eq(&se->groups[i], g)) {
			if (--se->group_refs[i] == 0)
				vrrp_sock_leave(&se->s, g);
			return;
		}
}

/* Give in a socket on its interface and join its group (none when the
 * interface does not exist: in stays in FAULT until it appears). */
static void inst_open_sock(struct vrrp_inst *in)
{
	/* use_vmac: the vmac goes with its base interface; make it again. */
	if (in->c.use_vmac && !in->r->stopped && if_nametoindex(in->c.ifname) != 0 &&
	    if_nametoindex(in->c.vmac_name) == 0) {
		if (vrrp_vmac_add(in->c.ifname, in->c.vmac_name, in->c.vrid, in->c.af) < 0)
			log_warnx("[%s] no vmac %s", in->c.name, in->c.vmac_name);
	}
	if (in->sk || if_nametoindex(in->c.sock_ifname) == 0)
		return;
	in->sk = sock_get(in->r, in->c.sock_ifname, in->c.af);
	if (in->sk && in->c.npeers == 0)
		group_join(in->sk, &in->c.mcast_dst);
}

void vrrp_run_relink(struct vrrp_run *r)
{
	struct vrrp_sockent *se, *next;
	struct vrrp_inst *in;

	if (r->stopped)
		return;
	/* A socket is bound to an interface index: when the interface is
	 * deleted (or deleted and made again, with another index) the socket
	 * hears nothing more and its memberships are gone.  Close it; its
	 * instances go to FAULT until the interface is back. */
	for (se = TAILQ_FIRST(&r->socks); se; se = next) {
		next = TAILQ_NEXT(se, entry);
		if (if_nametoindex(se->s.ifname) == se->s.ifindex)
			continue;
		TAILQ_FOREACH (in, &r->insts, entry)
			if (in->sk == se) {
				log_info("[%s] interface %s is gone: socket closed", in->c.name,
					 se->s.ifname);
				in->sk = NULL;
			}
		ev_io_stop(r->loop, &se->io);
		vrrp_sock_close(&se->s);
		TAILQ_REMOVE(&r->socks, se, entry);
		free(se);
	}
	TAILQ_FOREACH (in, &r->insts, entry) {
		if (in->sk)
			continue;
		inst_open_sock(in);
		if (in->sk)
			log_info("[%s] interface %s is there: socket open", in->c.name,
				 in->c.sock_ifname);
	}
}

/* ---- sending ---- */

void vrrp_inst_refresh_primary(struct vrrp_inst *in)
{
	/* IPv6 adverts come from the link-local of the interface they leave
	 * by (the vmac's with use_vmac), IPv4 ones from the base's primary. */
	const char *ifn = in->c.af == AF_INET6 ? in->c.sock_ifname : in->c.ifname;
	struct addr a;

	if (addr_is_set(&in->c.src_ip))
		in->primary = in->c.src_ip;
	else if (vrrp_sock_primary(ifn, in->c.af, in->c.vip_addrs, in->c.nvips, &a) == 0)
		in->primary = a;
	in->fsm.cfg.primary = in->primary;
}

static void send_one(struct vrrp_inst *in, uint8_t prio, const struct addr *dst, int ttl)
{
	uint8_t buf[VRRP_PKT_MAX];
	struct vrrp_tx tx;
	char b[ADDR_STRLEN];
	int len;

	memset(&tx, 0, sizeof(tx));
	tx.version = in->c.version;
	tx.af = in->c.af;
	tx.vrid = (uint8_t)in->c.vrid;
	tx.priority = prio;
	tx.interval_cs = (uint16_t)in->c.advert_int_cs;
	tx.auth_type = (enum vrrp_auth_type)in->c.auth_type;
	memcpy(tx.auth_pass, in->c.auth_pass, VRRP_AUTH_LEN);
	tx.addrs = in->c.vip_addrs;
	tx.naddrs = in->c.nvips;
	tx.src = in->primary;
	tx.dst = *dst;
	tx.csum_form = VRRP_CSUM_PSEUDO;
	len = vrrp_packet_encode(&tx, buf, sizeof(buf));
	if (len < 0) {
		in->st.send_errors++;
		if (log_ratelimit(&in->rl))
			log_warnx("[%s] cannot encode an advert", in->c.name);
		return;
	}
	if (vrrp_sock_send(&in->sk->s, &in->primary, dst, ttl, buf, (size_t)len) < 0) {
		in->st.send_errors++;
		/* Our source address may be gone from the interface: look it
		 * up again before the next advert. */
		if ((errno == EADDRNOTAVAIL || errno == EINVAL) && !addr_is_set(&in->c.src_ip))
			memset(&in->primary, 0, sizeof(in->primary));
		if (log_ratelimit(&in->rl))
			log_warn("[%s] send advert to %s", in->c.name, addr_str(dst, b, sizeof(b)));
		return;
	}
	in->st.adverts_sent++;
	if (prio == 0)
		in->st.prio0_sent++;
}

void vrrp_inst_send_advert(struct vrrp_inst *in, uint8_t prio)
{
	if (!in->sk || in->c.nvips == 0)
		return;
	if (!addr_is_set(&in->primary))
		vrrp_inst_refresh_primary(in);
	if (!addr_is_set(&in->primary)) {
		in->st.send_errors++;
		if (log_ratelimit(&in->rl))
			log_warnx("[%s] %s has no %s address to send from", in->c.name,
				  in->c.ifname, addr_family_str(in->c.af));
		return;
	}
	if (in->c.npeers == 0) {
		send_one(in, prio, &in->c.mcast_dst, VRRP_TTL);
		return;
	}
	for (size_t i = 0; i < in->c.npeers; i++)
		send_one(in, prio, &in->c.peers[i].addr, in->c.unicast_ttl);
}

/* ---- addresses and GARP ---- */

static void vips_apply(struct vrrp_inst *in, bool add)
{
	const struct vrrp_vip *lists[2] = {in->c.vips, in->c.evips};
	size_t counts[2] = {in->c.nvips, in->c.nevips};

	/* Routes after the addresses they may need, removed before them. */
	if (!add)
		for (size_t i = 0; i < in->c.nroutes; i++)
			vrrp_route_del(&in->c.routes[i]);
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < counts[l]; i++) {
			if (add)
				vrrp_addr_add(&lists[l][i]);
			else
				vrrp_addr_del(&lists[l][i]);
		}
	if (add)
		for (size_t i = 0; i < in->c.nroutes; i++)
			vrrp_route_add(&in->c.routes[i]);
}

/* ---- the state machine's actions ---- */

static void arm_timer(struct vrrp_inst *in)
{
	uint64_t at = vrrp_fsm_next_timer(&in->fsm), now;

	ev_timer_stop(in->r->loop, &in->timer);
	if (at == VRRP_TIMER_NONE)
		return;
	now = vrrp_run_now_us();
	ev_timer_set(&in->timer, at > now ? (double)(at - now) / 1e6 : 0., 0.);
	ev_timer_start(in->r->loop, &in->timer);
}

static void log_transition(struct vrrp_inst *in, const struct vrrp_action *a)
{
	char buf[256];

	if (vrrp_fsm_transition_str(buf, sizeof(buf), in->c.name, a) < 0)
		log_info("[%s] state change (truncated)", in->c.name);
	else
		log_info("%s", buf);
}

void vrrp_inst_run_actions(struct vrrp_inst *in, const struct vrrp_actions *acts)
{
	for (size_t i = 0; i < acts->n; i++) {
		const struct vrrp_action *a = &acts->a[i];

		switch (a->type) {
		case VRRP_ACT_SEND_ADVERT:
			vrrp_inst_send_advert(in, in->fsm.priority);
			break;
		case VRRP_ACT_SEND_ADVERT_PRIO0:
			vrrp_inst_send_advert(in, 0);
			break;
		case VRRP_ACT_ADD_VIPS:
			vips_apply(in, true);
			break;
		case VRRP_ACT_REMOVE_VIPS:
			vrrp_garp_stop(in);
			if (!(in->r->stopped && in->r->dont_release))
				vips_apply(in, false);
			break;
		case VRRP_ACT_SEND_GARP:
			vrrp_garp_start(in);
			break;
		case VRRP_ACT_NOTIFY:
			log_transition(in, a);
			vrrp_inst_notify(in, a->to);
			vrrp_sync_after_change(in, a);
			/* A backup must not hold the VIPs (leftovers of a
			 * previous run with --dont-release, or of a crash). */
			if (a->from == VRRP_STATE_INIT && a->to != VRRP_STATE_MASTER)
				vips_apply(in, false);
			break;
		case VRRP_ACT_SET_TIMER:
		case VRRP_ACT_MAX:
			break;
		}
	}
	arm_timer(in);
}

static void sock_drain(struct vrrp_sockent *se);

/* A backup whose master-down timer fired more than this late did not run for
 * a while; the master may have been stopped with it (a host-level stall). */
#define VRRP_LATE_US 2000

/* The master-down timer of a backup fell due.  Adverts already queued on the
 * socket count first; and if this process itself ran late, the master gets
 * as long again (at most one advert interval, once per Master_Down_Timer) to
 * be heard before the backup takes over.  Returns true when the takeover is
 * put off (the timer is armed again). */
static bool backup_hold(struct vrrp_inst *in, uint64_t *now)
{
	uint64_t late, grace, interval;

	if (in->sk) {
		sock_drain(in->sk);
		*now = vrrp_run_now_us();
		if (in->fsm.state != VRRP_STATE_BACKUP || *now < in->fsm.master_down_timer) {
			arm_timer(in);
			return true;
		}
	}
	late = *now - in->fsm.master_down_timer;
	if (late <= VRRP_LATE_US || in->graced_down == in->fsm.master_down_timer)
		return false;
	in->graced_down = in->fsm.master_down_timer;
	interval = (uint64_t)in->fsm.master_adver_int_cs * 10000;
	grace = late < interval ? late : interval;
	in->st.late_graces++;
	ev_timer_stop(in->r->loop, &in->timer);
	ev_timer_set(&in->timer, (double)grace / 1e6, 0.);
	ev_timer_start(in->r->loop, &in->timer);
	return true;
}

static void timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct vrrp_inst *in = w->data;
	struct vrrp_actions acts;
	uint64_t now = vrrp_run_now_us();

	if (in->fsm.state == VRRP_STATE_BACKUP && now >= in->fsm.master_down_timer &&
	    backup_hold(in, &now))
		return;
	if (in->c.sync_group && in->fsm.state == VRRP_STATE_BACKUP &&
	    now >= in->fsm.master_down_timer) {
		/* Its ev_timer stays stopped while the group holds it back. */
		vrrp_sync_want_master(in, now);
		return;
	}
	vrrp_fsm_timer(&in->fsm, now, &acts);
	vrrp_inst_run_actions(in, &acts);
}

/* ---- receiving ---- */

static struct vrrp_inst *find_inst(struct vrrp_run *r, const struct vrrp_sockent *se, uint8_t vrid)
{
	struct vrrp_inst *in;

	TAILQ_FOREACH (in, &r->insts, entry)
		if (in->sk == se && in->c.vrid == vrid)
			return in;
	return NULL;
}

static const struct vrrp_peer *find_peer(const struct vrrp_inst *in, const struct addr *a)
{
	for (size_t i = 0; i < in->c.npeers; i++)
		if (addr_eq(&in->c.peers[i].addr, a))
			return &in->c.peers[i];
	return NULL;
}

/* A master heard a lower priority advert (another master, after a split):
 * tell the scripts and FIFOs, and refresh the neighbours' caches. */
static void master_rx_lower(struct vrrp_inst *in)
{
	vrrp_inst_notify_rx_lower(in);
	vrrp_garp_lower_prio(in);
}

static void rx_packet(struct vrrp_sockent *se, const struct vrrp_rx *rx)
{
	struct vrrp_run *r = se->r;
	struct vrrp_inst *in;
	struct vrrp_expect exp;
	struct vrrp_advert adv;
	struct vrrp_fsm_advert fa;
	struct vrrp_actions acts;
	enum vrrp_reject rej;
	bool was_master;
	int version;
	uint8_t vrid;
	char b[ADDR_STRLEN];

	if (vrrp_packet_peek(rx->buf, rx->len, &version, &vrid) < 0) {
		r->rejects[VRRP_REJECT_TOO_SHORT]++;
		if (log_ratelimit(&r->rl))
			log_warnx("%s: truncated VRRP packet from %s", se->s.ifname,
				  addr_str(&rx->src, b, sizeof(b)));
		return;
	}
	in = find_inst(r, se, vrid);
	if (!in) {
		r->unknown_vrid++;
		r->rejects[VRRP_REJECT_WRONG_VRID]++;
		if (log_ratelimit(&r->rl))
			log_debug("%s: advert for VRID %u (not ours) from %s", se->s.ifname, vrid,
				  addr_str(&rx->src, b, sizeof(b)));
		return;
	}
	memset(&exp, 0, sizeof(exp));
	exp.version = in->c.version;
	exp.vrid = (uint8_t)in->c.vrid;
	exp.af = in->c.af;
	exp.interval_cs = (uint16_t)in->c.advert_int_cs;
	exp.auth_type = (enum vrrp_auth_type)in->c.auth_type;
	memcpy(exp.auth_pass, in->c.auth_pass, VRRP_AUTH_LEN);
	exp.addrs = in->c.vip_addrs;
	exp.naddrs = in->c.nvips;
	exp.skip_addr_check = in->c.skip_check_adv_addr && in->fsm.master_addr.af != 0 &&
			      addr_eq(&in->fsm.master_addr, &rx->src);
	rej = vrrp_packet_decode(rx, &exp, &adv);
	if (rej != VRRP_OK) {
		in->st.rejects[rej]++;
		if (log_ratelimit(&in->rl))
			log_warnx("[%s] advert from %s dropped: %s", in->c.name,
				  addr_str(&rx->src, b, sizeof(b)), vrrp_reject_str(rej));
		return;
	}
	if (in->c.npeers > 0) {
		const struct vrrp_peer *p = find_peer(in, &rx->src);

		if (!p && in->c.check_unicast_src) {
			in->st.rx_not_peer++;
			if (log_ratelimit(&in->rl))
				log_warnx("[%s] advert from %s dropped: not a unicast peer",
					  in->c.name, addr_str(&rx->src, b, sizeof(b)));
			return;
		}
		if (p && (rx->ttl < p->min_ttl || rx->ttl > p->max_ttl)) {
			in->st.rx_peer_ttl++;
			if (log_ratelimit(&in->rl))
				log_warnx("[%s] advert from %s dropped: TTL %d out of range",
					  in->c.name, addr_str(&rx->src, b, sizeof(b)), rx->ttl);
			return;
		}
	}
	if (adv.addr_mismatch) {
		in->st.owner_addr_mismatch++;
		if (log_ratelimit(&in->rl))
			log_warnx("[%s] address owner %s advertises other addresses", in->c.name,
				  addr_str(&rx->src, b, sizeof(b)));
	}
	in->st.adverts_rcvd++;
	if (adv.priority == 0)
		in->st.prio0_rcvd++;
	memset(&fa, 0, sizeof(fa));
	fa.priority = adv.priority;
	fa.interval_cs = adv.interval_cs;
	fa.src = rx->src;
	was_master = in->fsm.state == VRRP_STATE_MASTER;
	vrrp_fsm_advert(&in->fsm, vrrp_run_now_us(), &fa, &acts);
	vrrp_inst_run_actions(in, &acts);
	if (was_master && in->fsm.state == VRRP_STATE_MASTER && adv.priority > 0 &&
	    adv.priority < in->fsm.priority)
		master_rx_lower(in);
}

static void sock_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	sock_drain(w->data);
}

static void sock_drain(struct vrrp_sockent *se)
{
	struct vrrp_rx rx;

	for (int i = 0; i < RX_BURST; i++) {
		int rc = vrrp_sock_recv(&se->s, &rx);

		if (rc == 0)
			break;
		if (rc == -2) {
			se->r->rejects[VRRP_REJECT_TOO_SHORT]++;
			continue;
		}
		if (rc < 0) {
			se->r->rx_errors++;
			if (log_ratelimit(&se->r->rl))
				log_warn("%s: receive", se->s.ifname);
			break;
		}
		rx_packet(se, &rx);
	}
}

/* ---- instances ---- */

static void inst_fsm_init(struct vrrp_inst *in)
{
	struct vrrp_fsm_config fc;

	memset(&fc, 0, sizeof(fc));
	fc.version = in->c.version;
	fc.priority = (uint8_t)in->c.priority;
	fc.adver_int_cs = (uint16_t)in->c.advert_int_cs;
	fc.nopreempt = !in->c.preempt;
	fc.preempt_delay_us = (uint64_t)in->c.preempt_delay_us;
	fc.accept = in->c.accept;
	fc.lower_prio_no_advert = in->c.lower_prio_no_advert;
	fc.higher_prio_send_advert = in->c.higher_prio_send_advert;
	fc.down_timer_adverts = in->c.down_timer_adverts;
	fc.primary = in->primary;
	vrrp_fsm_init(&in->fsm, &fc);
}

static struct vrrp_inst *inst_new(struct vrrp_run *r, const struct conf_vrrp *v)
{
	struct vrrp_inst *in = xcalloc(1, sizeof(*in));
	struct log_rl rl = LOG_RL_INIT(10, 5);

	in->r = r;
	in->rl = rl;
	vrrp_icfg_from_conf(&in->c, v);
	/* The vmac (when its base interface is there; otherwise it is made
	 * when the base appears: inst_open_sock()). */
	if (in->c.use_vmac && if_nametoindex(in->c.ifname) != 0 &&
	    vrrp_vmac_add(in->c.ifname, in->c.vmac_name, in->c.vrid, in->c.af) < 0)
		log_warnx("[%s] no vmac %s", in->c.name, in->c.vmac_name);
	ev_timer_init(&in->timer, timer_cb, 0., 0.);
	in->timer.data = in;
	vrrp_garp_inst_init(in);
	vrrp_notify_init(&in->nq, r->loop, in->c.name);
	if (!in->c.accept && in->c.priority != 255)
		log_warnx(
		    "[%s] no_accept: vigil installs no firewall rule, the VIPs accept packets "
		    "anyway (see vigil.conf(5))",
		    in->c.name);
	if (if_nametoindex(in->c.sock_ifname) == 0)
		log_warnx("[%s] no interface %s (yet)", in->c.name, in->c.sock_ifname);
	inst_open_sock(in);
	vrrp_inst_refresh_primary(in);
	inst_fsm_init(in);
	return in;
}

static void inst_startup(struct vrrp_inst *in)
{
	struct vrrp_actions acts;

	if (in->started)
		return;
	if (!in->sk)
		log_warnx("[%s] no socket on %s: FAULT until the interface is there", in->c.name,
			  in->c.sock_ifname);
	/* Fault and priority from the link and the trackers, then start. */
	vrrp_inst_eval(in);
	in->started = true;
	vrrp_fsm_startup(&in->fsm, vrrp_run_now_us(), &acts);
	vrrp_inst_run_actions(in, &acts);
	/* state MASTER (below 255): take over at once instead of waiting for
	 * Master_Down_Interval; a better master's advert sends us back. */
	if (in->c.init_master && in->fsm.state == VRRP_STATE_BACKUP) {
		uint64_t t = vrrp_run_now_us();

		in->fsm.master_down_timer = t;
		vrrp_fsm_timer(&in->fsm, t, &acts);
		vrrp_inst_run_actions(in, &acts);
	}
}

/* Leave the instance (priority-0 advert and VIP removal via the state
 * machine), stop its timers; the instance stays allocated. */
static void inst_shutdown(struct vrrp_inst *in)
{
	struct vrrp_actions acts;

	if (in->started) {
		vrrp_fsm_shutdown(&in->fsm, vrrp_run_now_us(), &acts);
		vrrp_inst_run_actions(in, &acts);
	}
	ev_timer_stop(in->r->loop, &in->timer);
	vrrp_garp_stop(in);
	in->started = false;
}

static void inst_free(struct vrrp_run *r, struct vrrp_inst *in)
{
	ev_timer_stop(r->loop, &in->timer);
	vrrp_garp_stop(in);
	if (in->sk && in->c.npeers == 0)
		group_leave(in->sk, &in->c.mcast_dst);
	sock_put(r, in->sk);
	if (in->c.use_vmac && !(r->stopped && r->dont_release))
		vrrp_vmac_del(in->c.vmac_name);
	vrrp_notify_fini(&in->nq);
	vrrp_icfg_free(&in->c);
	free(in);
}

static void startup_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct vrrp_run *r = w->data;
	struct vrrp_inst *in;

	TAILQ_FOREACH (in, &r->insts, entry)
		inst_startup(in);
}

struct vrrp_run *vrrp_run_start(struct ev_loop *loop, const struct conf *conf, bool dont_release)
{
	struct vrrp_run *r = xcalloc(1, sizeof(*r));
	struct log_rl rl = LOG_RL_INIT(10, 5);
	const struct conf_vrrp *v;

	r->loop = loop;
	r->dont_release = dont_release;
	r->rl = rl;
	r->link_fd = -1;
	TAILQ_INIT(&r->insts);
	TAILQ_INIT(&r->socks);
	TAILQ_INIT(&r->garpqs);
	vrrp_garp_config(r, conf);
	vrrp_script_policy(&conf->global);
	vrrp_run_notify_sync(r, conf, false);
	vrrp_addr_init();
	vrrp_run_link_open(r);
	vrrp_trackset_init(&r->ts, loop, vrrp_run_tracks_changed, r);
	vrrp_trackset_sync(&r->ts, conf);
	TAILQ_FOREACH (v, &conf->vrrps, entry) {
		struct vrrp_inst *in = inst_new(r, v);

		TAILQ_INSERT_TAIL(&r->insts, in, entry);
	}
	ev_timer_init(&r->startup_timer, startup_cb, 0., 0.);
	r->startup_timer.data = r;
	if (conf->global.vrrp_startup_delay_us > 0) {
		log_info("VRRP startup delayed by %.3f s",
			 (double)conf->global.vrrp_startup_delay_us / 1e6);
		ev_timer_set(&r->startup_timer, (double)conf->global.vrrp_startup_delay_us / 1e6,
			     0.);
		ev_timer_start(loop, &r->startup_timer);
	} else {
		startup_cb(loop, &r->startup_timer, 0);
	}
	return r;
}

/* Apply the VIP lists of n to the running instance in (master: add the new
 * addresses, remove the ones gone; the advert carries the new list). */
static void inst_update_vips(struct vrrp_inst *in, struct vrrp_icfg *n)
{
	bool master = in->fsm.state == VRRP_STATE_MASTER;
	struct vrrp_vip *olds[2] = {in->c.vips, in->c.evips}, *news[2] = {n->vips, n->evips};
	size_t nolds[2] = {in->c.nvips, in->c.nevips}, nnews[2] = {n->nvips, n->nevips};
	bool changed = false;
	char b[ADDR_PFX_STRLEN + IF_NAMESIZE + 8];

	for (int l = 0; l < 2; l++) {
		for (size_t i = 0; i < nolds[l]; i++) {
			bool keep = false;

			for (size_t j = 0; j < nnews[l] && !keep; j++)
				keep = vrrp_vip_eq(&olds[l][i], &news[l][j]);
			if (keep)
				continue;
			changed = true;
			log_info("[%s] VIP %s removed from the config", in->c.name,
				 vrrp_vip_str(&olds[l][i], b, sizeof(b)));
			if (master)
				vrrp_addr_del(&olds[l][i]);
		}
		for (size_t j = 0; j < nnews[l]; j++) {
			bool had = false;

			for (size_t i = 0; i < nolds[l] && !had; i++)
				had = vrrp_vip_eq(&olds[l][i], &news[l][j]);
			if (had)
				continue;
			changed = true;
			log_info("[%s] VIP %s added to the config", in->c.name,
				 vrrp_vip_str(&news[l][j], b, sizeof(b)));
			if (master) {
				vrrp_addr_add(&news[l][j]);
				vrrp_garp_vip(in, &news[l][j]);
			}
		}
	}
	/* Take over n's lists (the rest of n is the same as ours). */
	free(in->c.vips);
	free(in->c.evips);
	free(in->c.vip_addrs);
	in->c.vips = n->vips;
	in->c.evips = n->evips;
	in->c.vip_addrs = n->vip_addrs;
	in->c.nvips = n->nvips;
	in->c.nevips = n->nevips;
	n->vips = n->evips = NULL;
	n->vip_addrs = NULL;
	if (changed && master)
		vrrp_inst_send_advert(in, in->fsm.priority);
}

static void inst_reload(struct vrrp_inst *in, const struct conf_vrrp *v)
{
	struct vrrp_icfg n;

	vrrp_icfg_from_conf(&n, v);
	vrrp_icfg_take_notify(&in->c, &n);
	if (n.priority != in->c.priority) {
		log_info("[%s] priority %d -> %d", in->c.name, in->c.priority, n.priority);
		in->c.priority = n.priority;
		in->fsm.cfg.priority = (uint8_t)n.priority;
		vrrp_inst_eval(in);
	}
	inst_update_vips(in, &n);
	vrrp_icfg_free(&n);
}

void vrrp_run_reload(struct vrrp_run *r, const struct conf *conf)
{
	struct vrrp_inst_list old;
	struct vrrp_inst *in;
	const struct conf_vrrp *v;

	if (r->stopped)
		return;
	vrrp_script_policy(&conf->global);
	vrrp_trackset_sync(&r->ts, conf);
	vrrp_run_notify_sync(r, conf, true);
	vrrp_garp_config(r, conf);
	TAILQ_INIT(&old);
	TAILQ_CONCAT(&old, &r->insts, entry);
	TAILQ_FOREACH (v, &conf->vrrps, entry) {
		struct vrrp_icfg probe;

		TAILQ_FOREACH (in, &old, entry)
			if (strcmp(in->c.name, v->name) == 0)
				break;
		if (in) {
			vrrp_icfg_from_conf(&probe, v);
			if (vrrp_icfg_same_core(&in->c, &probe)) {
				TAILQ_REMOVE(&old, in, entry);
				TAILQ_INSERT_TAIL(&r->insts, in, entry);
				inst_reload(in, v);
				vrrp_icfg_free(&probe);
				continue;
			}
			vrrp_icfg_free(&probe);
			log_info("[%s] changed: restarting the instance", in->c.name);
			TAILQ_REMOVE(&old, in, entry);
			inst_shutdown(in);
			inst_free(r, in);
		} else {
			log_info("[%s] new instance", v->name);
		}
		in = inst_new(r, v);
		TAILQ_INSERT_TAIL(&r->insts, in, entry);
		if (!ev_is_active(&r->startup_timer))
			inst_startup(in);
	}
	while ((in = TAILQ_FIRST(&old)) != NULL) {
		log_info("[%s] removed from the config: stopping it", in->c.name);
		TAILQ_REMOVE(&old, in, entry);
		inst_shutdown(in);
		inst_free(r, in);
	}
	/* Trackers may have been replaced: re-evaluate every instance. */
	vrrp_run_tracks_changed(r);
}

void vrrp_run_stop(struct vrrp_run *r)
{
	struct vrrp_inst *in;

	if (r->stopped)
		return;
	r->stopped = true;
	if (r->dont_release)
		log_info("stopping: keeping the VIPs (--dont-release)");
	ev_timer_stop(r->loop, &r->startup_timer);
	TAILQ_FOREACH (in, &r->insts, entry)
		inst_shutdown(in);
	vrrp_run_notify_stop(r);
	vrrp_run_link_close(r);
}

void vrrp_run_free(struct vrrp_run *r)
{
	struct vrrp_inst *in;

	if (!r)
		return;
	vrrp_run_stop(r);
	while ((in = TAILQ_FIRST(&r->insts)) != NULL) {
		TAILQ_REMOVE(&r->insts, in, entry);
		inst_free(r, in);
	}
	vrrp_run_notify_fini(r);
	vrrp_garp_fini(r);
	vrrp_trackset_fini(&r->ts);
	vrrp_addr_fini();
	vrrp_arp_close();
	vrrp_ndisc_close();
	free(r);
}
