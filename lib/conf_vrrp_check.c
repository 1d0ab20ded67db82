/*
 * conf_vrrp_check: after parsing, conf_vrrp_finalize() makes the VRRP model
 * explicit (global defaults inherited by every instance, the family of an
 * instance from its VIPs / unicast addresses / native_ipv6, VRRP version,
 * multicast group, VMAC name, VIP devices, tracking weights from the
 * scripts and files, references resolved, sync-group tracking weights
 * zeroed as keepalived does); conf_vrrp_validate() then applies the rules
 * that span fields and objects (ranges per version, references,
 * duplicates, families, authentication, strict mode).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/conf_vrrp_int.h"

#define INHERIT(x, def)                                                                            \
	do {                                                                                       \
		if ((x) == CONF_UNSET)                                                             \
			(x) = (def);                                                               \
	} while (0)

/* ---- finalize ---- */

static struct conf_vrrp_script *conf_find_script(struct conf *c, const char *name)
{
	struct conf_vrrp_script *s;

	TAILQ_FOREACH (s, &c->vrrp_scripts, entry)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

static struct conf_track_file *conf_find_track_file(struct conf *c, const char *name)
{
	struct conf_track_file *t;

	TAILQ_FOREACH (t, &c->track_files, entry)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

static struct conf_vrrp *conf_find_vrrp(struct conf *c, const char *name)
{
	struct conf_vrrp *v;

	TAILQ_FOREACH (v, &c->vrrps, entry)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

static void conf_tracks_finalize(struct conf *c, struct conf_vrrp_track_list *ifs,
				 struct conf_vrrp_track_list *scripts,
				 struct conf_vrrp_track_list *files)
{
	struct conf_vrrp_track *t;

	TAILQ_FOREACH (t, ifs, entry) {
		INHERIT(t->weight, 0);
		INHERIT(t->reverse, 0);
	}
	TAILQ_FOREACH (t, scripts, entry) {
		struct conf_vrrp_script *s = conf_find_script(c, t->name);

		t->target = s;
		INHERIT(t->weight, s ? s->weight : 0);
		INHERIT(t->reverse, s ? s->reverse : 0);
	}
	TAILQ_FOREACH (t, files, entry) {
		struct conf_track_file *f = conf_find_track_file(c, t->name);

		t->target = f;
		INHERIT(t->weight, f ? f->weight : 0);
		INHERIT(t->reverse, f ? f->reverse : 0);
	}
}

/* keepalived sets the tracking weights of the members of a sync group (unless the group
 * has sync_group_tracking_weight) and of an address owner to 0; say so when it changes one. */
static void conf_tracks_zero(struct conf_vrrp_track_list *l, const char *kw,
			     const struct conf_vrrp *v, struct conf_errs *errs)
{
	struct conf_vrrp_track *t;

	TAILQ_FOREACH (t, l, entry) {
		if (t->weight == 0)
			continue;
		if (v->priority == 255)
			conf_warning(
			    errs, &t->loc,
			    "%s '%s': weight %d set to 0 because vrrp_instance '%s' is the "
			    "address owner (priority 255)",
			    kw, t->name, t->weight, v->name);
		else
			conf_warning(
			    errs, &t->loc,
			    "%s '%s': weight %d set to 0 because vrrp_instance '%s' is in "
			    "vrrp_sync_group '%s' (set sync_group_tracking_weight to keep it)",
			    kw, t->name, t->weight, v->name, v->sync_group->name);
		t->weight = 0;
	}
}

static void conf_vrrp_family(struct conf_vrrp *v)
{
	struct conf_vip *first = TAILQ_FIRST(&v->vips);
	struct conf_vrrp_peer *peer = TAILQ_FIRST(&v->peers);

	if (v->native_ipv6)
		v->af = AF_INET6;
	else if (first)
		v->af = first->addr.af;
	else if (addr_is_set(&v->src_ip))
		v->af = v->src_ip.af;
	else if (peer)
		v->af = peer->addr.af;
	else
		v->af = AF_INET;
}

static void conf_vip_devs(struct conf_vrrp *v, struct conf_vip_list *l)
{
	struct conf_vip *a;

	TAILQ_FOREACH (a, l, entry) {
		if (a->dev)
			continue;
		if (v->use_vmac && v->vmac_name && a->addr.af == v->af)
			a->dev = xstrdup(v->vmac_name);
		else if (v->ifname)
			a->dev = xstrdup(v->ifname);
	}
}

/* keepalived's rules for the initial state (checked against keepalived 2.2.7): state
 * MASTER without a priority is the address owner (255); an instance that starts as
 * MASTER or owns the address does not use nopreempt or preempt_delay. */
static void conf_vrrp_master_rules(struct conf_vrrp *v, struct conf_errs *errs)
{
	bool master = v->state == CONF_VRRP_STATE_MASTER;

	INHERIT(v->priority, master ? 255 : 100);
	if (!v->preempt && (master || v->priority == 255)) {
		conf_warning(errs, &v->preempt_loc,
			     "vrrp_instance '%s': nopreempt does not work with %s; ignored",
			     v->name, master ? "state MASTER" : "priority 255");
		v->preempt = true;
	}
	if (v->preempt_delay_us && master) {
		conf_warning(errs, &v->preempt_delay_loc,
			     "vrrp_instance '%s': preempt_delay does not work with state MASTER; "
			     "ignored",
			     v->name);
		v->preempt_delay_us = 0;
	}
}

static void conf_vrrp_inst_finalize(struct conf *c, struct conf_vrrp *v, struct conf_errs *errs)
{
	const struct conf_global *g = &c->global;
	struct conf_vrrp_peer *peer;

	conf_vrrp_master_rules(v, errs);
	conf_vrrp_family(v);
	if (v->version == CONF_UNSET)
		v->version = v->af == AF_INET6 ? 3 : g->vrrp_version;
	INHERIT(v->garp_master_delay, g->vrrp_garp_master_delay);
	INHERIT(v->garp_master_repeat, g->vrrp_garp_master_repeat);
	/* the global lower-prio values (themselves defaulting to the global master values),
	 * not the instance's master values: checked against keepalived 2.2.7's data dump */
	INHERIT(v->strict_mode, g->vrrp_strict);
	/* strict mode sends no GARP burst on a lower priority advert (keepalived) */
	INHERIT(v->garp_lower_prio_delay, v->strict_mode ? 0 : g->vrrp_garp_lower_prio_delay);
	INHERIT(v->garp_lower_prio_repeat, v->strict_mode ? 0 : g->vrrp_garp_lower_prio_repeat);
	INHERIT(v->garp_master_refresh, g->vrrp_garp_master_refresh);
	INHERIT(v->garp_master_refresh_repeat, g->vrrp_garp_master_refresh_repeat);
	INHERIT(v->down_timer_adverts, g->vrrp_down_timer_adverts);
	INHERIT(v->lower_prio_no_advert, v->strict_mode ? 1 : g->vrrp_lower_prio_no_advert);
	INHERIT(v->higher_prio_send_advert, v->strict_mode ? 0 : g->vrrp_higher_prio_send_advert);
	INHERIT(v->skip_check_adv_addr, g->vrrp_skip_check_adv_addr);
	INHERIT(v->notify_priority_changes, g->vrrp_notify_priority_changes);
	/* min_ttl/max_ttl on a peer turn the source check on (keepalived) */
	TAILQ_FOREACH (peer, &v->peers, entry)
		if (peer->min_ttl != 0 || peer->max_ttl != 255)
			INHERIT(v->check_unicast_src, 1);
	INHERIT(v->check_unicast_src, g->vrrp_check_unicast_src);
	INHERIT(v->accept, v->strict_mode ? v->priority == 255 : 1);
	if (!addr_is_set(&v->mcast_dst))
		v->mcast_dst = v->af == AF_INET6 ? g->vrrp_mcast_group6 : g->vrrp_mcast_group4;
	if (v->use_vmac && !v->vmac_name)
		v->vmac_name = xasprintf("%s.%d", g->vmac_prefix, v->vrid);
	conf_vip_devs(v, &v->vips);
	conf_vip_devs(v, &v->evips);
	conf_tracks_finalize(c, &v->track_ifs, &v->track_scripts, &v->track_files);
}

void conf_vrrp_finalize(struct conf *c, struct conf_errs *errs)
{
	struct conf_global *g = &c->global;
	struct conf_vrrp_script *s;
	struct conf_sync_group *sg;
	struct conf_vrrp *v;

	TAILQ_FOREACH (s, &c->vrrp_scripts, entry)
		if (s->timeout_us == CONF_UNSET)
			s->timeout_us = s->interval_us;
	INHERIT(g->vrrp_garp_lower_prio_delay, g->vrrp_garp_master_delay);
	INHERIT(g->vrrp_garp_lower_prio_repeat, g->vrrp_garp_master_repeat);
	TAILQ_FOREACH (v, &c->vrrps, entry)
		conf_vrrp_inst_finalize(c, v, errs);
	TAILQ_FOREACH (sg, &c->sync_groups, entry) {
		struct conf_sync_member *m;

		conf_tracks_finalize(c, &sg->track_ifs, &sg->track_scripts, &sg->track_files);
		TAILQ_FOREACH (m, &sg->members, entry) {
			m->vrrp = conf_find_vrrp(c, m->name);
			/* an instance in two groups is reported by validate; keep the first */
			if (m->vrrp && !m->vrrp->sync_group)
				m->vrrp->sync_group = sg;
		}
	}
	TAILQ_FOREACH (v, &c->vrrps, entry) {
		if (v->priority != 255 &&
		    (!v->sync_group || v->sync_group->sync_group_tracking_weight))
			continue;
		conf_tracks_zero(&v->track_ifs, "track_interface", v, errs);
		conf_tracks_zero(&v->track_scripts, "track_script", v, errs);
		conf_tracks_zero(&v->track_files, "track_file", v, errs);
	}
	if (g->lvs_syncd.set && g->lvs_syncd.syncid == CONF_UNSET) {
		v = g->lvs_syncd.instance ? conf_find_vrrp(c, g->lvs_syncd.instance) : NULL;
		g->lvs_syncd.syncid = v ? v->vrid : 0;
	}
}

/* ---- validate ---- */

static void conf_dup(struct conf_errs *errs, const char *what, const char *name,
		     const struct conf_loc *second, const struct conf_loc *first)
{
	conf_error(errs, second, "%s '%s' is defined twice (first defined at %s:%d:%d)", what, name,
		   first->file, first->line, first->col);
}

static void conf_tracks_check(const struct conf_vrrp_track_list *scripts,
			      const struct conf_vrrp_track_list *files, struct conf_errs *errs)
{
	const struct conf_vrrp_track *t;

	TAILQ_FOREACH (t, scripts, entry)
		if (!t->target)
			conf_error(errs, &t->loc, "track_script: vrrp_script '%s' is not defined",
				   t->name);
	TAILQ_FOREACH (t, files, entry)
		if (!t->target)
			conf_error(errs, &t->loc, "track_file: track_file '%s' is not defined",
				   t->name);
}

static bool conf_peers_overlap(const struct conf_vrrp *a, const struct conf_vrrp *b)
{
	const struct conf_vrrp_peer *pa, *pb;

	TAILQ_FOREACH (pa, &a->peers, entry)
		TAILQ_FOREACH (pb, &b->peers, entry)
			if (addr_eq(&pa->addr, &pb->addr))
				return true;
	return false;
}

/* Two instances share a VRID on one interface and family: keepalived allows it only
 * when their adverts cannot meet (unicast to disjoint peers, or different groups). */
static bool conf_vrid_clash(const struct conf_vrrp *a, const struct conf_vrrp *b)
{
	bool ua = !TAILQ_EMPTY(&a->peers), ub = !TAILQ_EMPTY(&b->peers);

	if (a->vrid != b->vrid || a->af != b->af || !a->ifname || !b->ifname ||
	    strcmp(a->ifname, b->ifname) != 0)
		return false;
	if (ua && ub)
		return conf_peers_overlap(a, b);
	if (!ua && !ub)
		return addr_eq(&a->mcast_dst, &b->mcast_dst);
	return false;
}

static void conf_vip_family(const struct conf_vrrp *v, struct conf_errs *errs)
{
	const struct conf_vip *a;
	const struct conf_vrrp_peer *peer;
	char buf[ADDR_STRLEN];
	const char *fam = addr_family_str(v->af);

	TAILQ_FOREACH (a, &v->vips, entry)
		if (a->addr.af != v->af)
			conf_error(
			    errs, &a->loc,
			    "virtual_ipaddress: %s is %s but vrrp_instance '%s' is %s (the VIPs "
			    "must have one family; put the others in virtual_ipaddress_excluded)",
			    addr_str(&a->addr, buf, sizeof(buf)), addr_family_str(a->addr.af),
			    v->name, fam);
	TAILQ_FOREACH (peer, &v->peers, entry)
		if (peer->addr.af != v->af)
			conf_error(errs, &peer->loc,
				   "unicast_peer: %s is %s but vrrp_instance '%s' is %s",
				   addr_str(&peer->addr, buf, sizeof(buf)),
				   addr_family_str(peer->addr.af), v->name, fam);
	if (addr_is_set(&v->src_ip) && v->src_ip.af != v->af)
		conf_error(errs, &v->src_ip_loc,
			   "source address %s is %s but vrrp_instance '%s' is %s",
			   addr_str(&v->src_ip, buf, sizeof(buf)), addr_family_str(v->src_ip.af),
			   v->name, fam);
	if (v->mcast_dst.af != v->af)
		conf_error(errs, &v->mcast_dst_loc,
			   "mcast_dst_ip: %s is %s but vrrp_instance '%s' is %s",
			   addr_str(&v->mcast_dst, buf, sizeof(buf)),
			   addr_family_str(v->mcast_dst.af), v->name, fam);
}

/* RFC 5798 5.2.9: in an IPv6 advert the first address MUST be the link-local one.
 * keepalived warns, and refuses it in strict mode. */
static void conf_vip_linklocal(const struct conf_vrrp *v, struct conf_errs *errs)
{
	const struct conf_vip *a = TAILQ_FIRST(&v->vips);

	if (v->af != AF_INET6 || !a || a->addr.af != AF_INET6 ||
	    (a->addr.u.bytes[0] == 0xfe && (a->addr.u.bytes[1] & 0xc0) == 0x80))
		return;
	if (v->strict_mode)
		conf_error(
		    errs, &a->loc,
		    "vrrp_instance '%s': the first IPv6 VIP must be link-local in strict mode "
		    "(RFC 5798 5.2.9)",
		    v->name);
	else
		conf_warning(
		    errs, &a->loc,
		    "vrrp_instance '%s': the first IPv6 VIP should be link-local (RFC 5798 "
		    "5.2.9)",
		    v->name);
}

static void conf_vrrp_auth_check(const struct conf_vrrp *v, struct conf_errs *errs)
{
	if (!v->auth_loc.file)
		return;
	if (v->version == 3) {
		conf_error(
		    errs, &v->auth_loc,
		    "authentication is not allowed with VRRP version 3 (RFC 5798 removed it)");
		return;
	}
	if (v->auth_type == CONF_VRRP_AUTH_NONE) {
		conf_error(errs, &v->auth_loc, "authentication needs 'auth_type PASS'");
		return;
	}
	if (!v->auth_pass)
		conf_error(errs, &v->auth_loc, "authentication needs 'auth_pass'");
	else if (strlen(v->auth_pass) > 8)
		conf_error(errs, &v->auth_pass_loc,
			   "auth_pass: the password is longer than 8 characters (RFC 3768 allows 8 "
			   "octets; keepalived would truncate it)");
}

static void conf_vrrp_strict_check(const struct conf_vrrp *v, struct conf_errs *errs)
{
	if (!v->strict_mode)
		return;
	if (TAILQ_EMPTY(&v->vips))
		conf_error(errs, &v->loc, "vrrp_instance '%s': strict mode needs at least one VIP",
			   v->name);
	if (!TAILQ_EMPTY(&v->peers))
		conf_error(errs, &TAILQ_FIRST(&v->peers)->loc,
			   "unicast_peer: not allowed in strict mode (vrrp_instance '%s')",
			   v->name);
	if (v->auth_loc.file && v->version == 2)
		conf_error(errs, &v->auth_loc, "authentication is not allowed in strict mode");
	if (v->preempt_delay_us)
		conf_error(errs, &v->preempt_delay_loc,
			   "preempt_delay is not allowed in strict mode");
	if (v->state == CONF_VRRP_STATE_MASTER && v->priority != 255)
		conf_error(errs, &v->loc,
			   "vrrp_instance '%s': strict mode allows state MASTER only with priority "
			   "255",
			   v->name);
	/* the address owner gets accept mode anyway */
	if (v->accept && v->version == 2 && v->accept_loc.file && v->priority != 255)
		conf_error(errs, &v->accept_loc,
			   "accept is not allowed with VRRPv2 in strict mode");
	if (!v->lower_prio_no_advert && v->lower_prio_no_advert_loc.file)
		conf_error(errs, &v->lower_prio_no_advert_loc,
			   "lower_prio_no_advert cannot be turned off in strict mode");
	if (v->higher_prio_send_advert && v->higher_prio_send_advert_loc.file)
		conf_error(errs, &v->higher_prio_send_advert_loc,
			   "higher_prio_send_advert is not allowed in strict mode");
	/* strict mode does not inherit the global lower-prio repeat: set here, it was
	 * set on the instance (which keeps no location for it) */
	if (v->garp_lower_prio_repeat > 0)
		conf_error(errs, &v->loc,
			   "vrrp_instance '%s': garp_lower_prio_repeat (gratuitous ARPs after a "
			   "lower priority advert) is not allowed in strict mode",
			   v->name);
	if (v->use_vmac && v->vmac_xmit_base)
		conf_error(errs, &v->loc,
			   "vrrp_instance '%s': vmac_xmit_base is not allowed in strict mode",
			   v->name);
}

static void conf_vrrp_inst_check(const struct conf_vrrp *v, struct conf_errs *errs)
{
	char buf[32];

	/* a keyword given with a bad value was reported by the parser */
	if (!v->ifname && !v->ifname_loc.file)
		conf_error(errs, &v->loc, "vrrp_instance '%s' has no 'interface'", v->name);
	if (!v->vrid && !v->vrid_loc.file)
		conf_error(errs, &v->loc, "vrrp_instance '%s' has no 'virtual_router_id'", v->name);
	/* keepalived 2.2.7 runs an explicit version 2 over IPv6 (not in any RFC): keep that
	 * for interop, but say so */
	if (v->version == 2 && v->af == AF_INET6 && v->strict_mode)
		conf_error(errs, v->version_loc.file ? &v->version_loc : &v->loc,
			   "vrrp_instance '%s': VRRP version 2 over IPv6 is not allowed in strict "
			   "mode",
			   v->name);
	else if (v->version == 2 && v->af == AF_INET6)
		conf_warning(
		    errs, v->version_loc.file ? &v->version_loc : &v->loc,
		    "vrrp_instance '%s': VRRP version 2 over IPv6 is not standard (RFC 3768 "
		    "is IPv4 only; IPv6 instances default to version 3)",
		    v->name);
	if (v->version == 2 && v->advert_int_cs % 100 != 0)
		conf_error(errs, &v->advert_int_loc,
			   "advert_int: %s is not a whole number of seconds in 1..255 (VRRP "
			   "version 2)",
			   conf_global_fmt_fixed(buf, sizeof(buf), v->advert_int_cs, 2));
	else if (v->version == 3 && v->advert_int_cs > 4095)
		conf_error(errs, &v->advert_int_loc,
			   "advert_int: %s is not in 0.01..40.95 seconds (VRRP version 3)",
			   conf_global_fmt_fixed(buf, sizeof(buf), v->advert_int_cs, 2));
	conf_vip_family(v, errs);
	conf_vip_linklocal(v, errs);
	conf_vrrp_auth_check(v, errs);
	conf_vrrp_strict_check(v, errs);
	if (v->use_vmac && !TAILQ_EMPTY(&v->peers) && !v->vmac_xmit_base)
		conf_error(errs, &v->loc,
			   "vrrp_instance '%s': use_vmac with unicast_peer needs vmac_xmit_base",
			   v->name);
	conf_tracks_check(&v->track_scripts, &v->track_files, errs);
}

static void conf_sync_groups_check(const struct conf *c, struct conf_errs *errs)
{
	const struct conf_sync_group *g, *h;

	TAILQ_FOREACH (g, &c->sync_groups, entry) {
		const struct conf_sync_member *m, *n;

		for (h = TAILQ_FIRST(&c->sync_groups); h != g; h = TAILQ_NEXT(h, entry))
			if (strcmp(h->name, g->name) == 0) {
				conf_dup(errs, "vrrp_sync_group", g->name, &g->loc, &h->loc);
				break;
			}
		if (TAILQ_EMPTY(&g->members))
			conf_error(errs, &g->loc,
				   "vrrp_sync_group '%s' has no instances (group { ... })",
				   g->name);
		TAILQ_FOREACH (m, &g->members, entry) {
			bool seen = false;

			if (!m->vrrp) {
				conf_error(
				    errs, &m->loc,
				    "vrrp_sync_group '%s': vrrp_instance '%s' is not defined",
				    g->name, m->name);
				continue;
			}
			/* the same instance earlier in this group or in an earlier group */
			for (h = TAILQ_FIRST(&c->sync_groups); h && !seen;
			     h = TAILQ_NEXT(h, entry)) {
				TAILQ_FOREACH (n, &h->members, entry) {
					if (n == m)
						break;
					if (n->vrrp != m->vrrp)
						continue;
					conf_error(
					    errs, &m->loc,
					    "vrrp_instance '%s' is already in vrrp_sync_group "
					    "'%s' (at %s:%d:%d); an instance can be in one "
					    "group only",
					    m->name, h->name, n->loc.file, n->loc.line, n->loc.col);
					seen = true;
					break;
				}
				if (h == g)
					break;
			}
		}
		conf_tracks_check(&g->track_scripts, &g->track_files, errs);
	}
}

void conf_vrrp_validate(const struct conf *c, struct conf_errs *errs)
{
	const struct conf_vrrp_script *s, *s2;
	const struct conf_track_file *t, *t2;
	const struct conf_vrrp *v, *w;

	TAILQ_FOREACH (s, &c->vrrp_scripts, entry) {
		for (s2 = TAILQ_FIRST(&c->vrrp_scripts); s2 != s; s2 = TAILQ_NEXT(s2, entry))
			if (strcmp(s2->name, s->name) == 0) {
				conf_dup(errs, "vrrp_script", s->name, &s->loc, &s2->loc);
				break;
			}
		if (!s->script.cmd)
			conf_error(errs, &s->loc, "vrrp_script '%s' has no 'script'", s->name);
	}
	TAILQ_FOREACH (t, &c->track_files, entry) {
		for (t2 = TAILQ_FIRST(&c->track_files); t2 != t; t2 = TAILQ_NEXT(t2, entry))
			if (strcmp(t2->name, t->name) == 0) {
				conf_dup(errs, "track_file", t->name, &t->loc, &t2->loc);
				break;
			}
		if (!t->path)
			conf_error(errs, &t->loc, "track_file '%s' has no 'file'", t->name);
	}
	TAILQ_FOREACH (v, &c->vrrps, entry) {
		bool dup = false;

		for (w = TAILQ_FIRST(&c->vrrps); w != v && !dup; w = TAILQ_NEXT(w, entry))
			if (strcmp(w->name, v->name) == 0) {
				conf_dup(errs, "vrrp_instance", v->name, &v->loc, &w->loc);
				dup = true;
			}
		for (w = TAILQ_FIRST(&c->vrrps); w != v && !dup; w = TAILQ_NEXT(w, entry))
			if (conf_vrid_clash(w, v)) {
				conf_error(errs, &v->loc,
					   "vrrp_instance '%s': virtual_router_id %d on %s (%s) is "
					   "already used by vrrp_instance '%s' (first defined at "
					   "%s:%d:%d)",
					   v->name, v->vrid, v->ifname, addr_family_str(v->af),
					   w->name, w->loc.file, w->loc.line, w->loc.col);
				dup = true;
			}
		conf_vrrp_inst_check(v, errs);
	}
	conf_sync_groups_check(c, errs);
}
