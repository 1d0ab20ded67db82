/*
 * vrrp_run_conf: the runtime's copy of a vrrp_instance (struct vrrp_icfg):
 * made from the config model, freed, and compared on reload (what may
 * change without restarting the instance: the priority, the VIP lists and
 * the notify scripts).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/conf.h"
#include "lib/util.h"
#include "vrrp/vrrp_run_int.h"

void vrrp_icfg_free(struct vrrp_icfg *c)
{
	for (size_t i = 0; i < c->ntracks; i++)
		free(c->tracks[i].name);
	free(c->tracks);
	for (int i = 0; i < VRRP_NOTIFY_MAX; i++)
		vrrp_cmd_free(&c->notify[i]);
	free(c->name);
	free(c->peers);
	free(c->vips);
	free(c->evips);
	free(c->vip_addrs);
	free(c->routes);
	free(c->sync_group);
	memset(c, 0, sizeof(*c));
}

/* Append a track list; fault_only: weights ignored (a sync group's
 * trackers without sync_group_tracking_weight: down means FAULT). */
static void copy_tracks(struct vrrp_icfg *c, const struct conf_vrrp_track_list *l, int kind,
			bool fault_only)
{
	const struct conf_vrrp_track *t;
	size_t n = 0;

	TAILQ_FOREACH (t, l, entry)
		n++;
	if (!n)
		return;
	c->tracks = xrealloc(c->tracks, (c->ntracks + n) * sizeof(*c->tracks));
	TAILQ_FOREACH (t, l, entry) {
		struct vrrp_itrack *it = &c->tracks[c->ntracks++];

		it->kind = kind;
		it->name = xstrdup(t->name);
		it->weight = t->weight == CONF_UNSET || fault_only ? 0 : t->weight;
		it->reverse = t->reverse > 0;
	}
}

static void copy_vips(const struct conf_vip_list *l, const char *ifname, struct vrrp_vip **out,
		      size_t *n)
{
	const struct conf_vip *v;
	size_t i = 0;

	*n = 0;
	TAILQ_FOREACH (v, l, entry)
		(*n)++;
	*out = *n ? xcalloc(*n, sizeof(**out)) : NULL;
	TAILQ_FOREACH (v, l, entry)
		vrrp_vip_from_conf(&(*out)[i++], v, ifname);
}

void vrrp_icfg_from_conf(struct vrrp_icfg *c, const struct conf_vrrp *v)
{
	const struct conf_vrrp_peer *p;
	size_t i = 0;

	memset(c, 0, sizeof(*c));
	c->name = xstrdup(v->name);
	util_strlcpy(c->ifname, v->ifname ? v->ifname : "", sizeof(c->ifname));
	c->af = v->af;
	c->vrid = v->vrid;
	c->version = v->version;
	c->priority = v->priority;
	c->advert_int_cs = v->advert_int_cs;
	c->init_master = v->state == CONF_VRRP_STATE_MASTER;
	c->auth_type = v->auth_type == CONF_VRRP_AUTH_PASS ? VRRP_AUTH_PASS : VRRP_AUTH_NONE;
	if (v->auth_pass)
		memcpy(c->auth_pass, v->auth_pass, strnlen(v->auth_pass, VRRP_AUTH_LEN));
	c->src_ip = v->src_ip;
	c->mcast_dst = v->mcast_dst;
	TAILQ_FOREACH (p, &v->peers, entry)
		c->npeers++;
	c->peers = c->npeers ? xcalloc(c->npeers, sizeof(*c->peers)) : NULL;
	TAILQ_FOREACH (p, &v->peers, entry) {
		c->peers[i].addr = p->addr;
		c->peers[i].min_ttl = p->min_ttl;
		c->peers[i].max_ttl = p->max_ttl;
		i++;
	}
	c->unicast_ttl = v->unicast_ttl > 0 ? v->unicast_ttl : VRRP_TTL;
	c->check_unicast_src = v->check_unicast_src > 0;
	c->preempt = v->preempt;
	c->preempt_delay_us = v->preempt_delay_us;
	c->accept = v->accept > 0;
	c->garp_master_delay = v->garp_master_delay;
	c->garp_master_repeat = v->garp_master_repeat;
	c->garp_master_refresh = v->garp_master_refresh;
	c->garp_master_refresh_repeat = v->garp_master_refresh_repeat;
	c->garp_lower_prio_delay = v->garp_lower_prio_delay;
	c->garp_lower_prio_repeat = v->garp_lower_prio_repeat;
	c->down_timer_adverts = v->down_timer_adverts;
	c->lower_prio_no_advert = v->lower_prio_no_advert > 0;
	c->higher_prio_send_advert = v->higher_prio_send_advert > 0;
	c->skip_check_adv_addr = v->skip_check_adv_addr > 0;
	c->dont_track_primary = v->dont_track_primary;
	c->use_vmac = v->use_vmac;
	c->vmac_xmit_base = v->vmac_xmit_base;
	if (v->use_vmac && v->vmac_name)
		util_strlcpy(c->vmac_name, v->vmac_name, sizeof(c->vmac_name));
	else
		c->use_vmac = false;
	util_strlcpy(c->sock_ifname, c->use_vmac && !c->vmac_xmit_base ? c->vmac_name : c->ifname,
		     sizeof(c->sock_ifname));
	/* With use_vmac the addresses go on the vmac unless given a dev. */
	copy_vips(&v->vips, c->use_vmac ? c->vmac_name : c->ifname, &c->vips, &c->nvips);
	copy_vips(&v->evips, c->use_vmac ? c->vmac_name : c->ifname, &c->evips, &c->nevips);
	c->vip_addrs = c->nvips ? xcalloc(c->nvips, sizeof(*c->vip_addrs)) : NULL;
	for (i = 0; i < c->nvips; i++)
		c->vip_addrs[i] = c->vips[i].addr;
	{
		const struct conf_vroute *rt;
		size_t k = 0;

		TAILQ_FOREACH (rt, &v->routes, entry)
			c->nroutes++;
		c->routes = c->nroutes ? xcalloc(c->nroutes, sizeof(*c->routes)) : NULL;
		TAILQ_FOREACH (rt, &v->routes, entry)
			vrrp_route_from_conf(&c->routes[k++], rt);
	}
	c->sync_group = v->sync_group ? xstrdup(v->sync_group->name) : NULL;
	copy_tracks(c, &v->track_ifs, VRRP_ITRACK_IF, false);
	copy_tracks(c, &v->track_scripts, VRRP_ITRACK_SCRIPT, false);
	copy_tracks(c, &v->track_files, VRRP_ITRACK_FILE, false);
	if (v->sync_group) {
		const struct conf_sync_group *g = v->sync_group;
		bool fo = !g->sync_group_tracking_weight;

		copy_tracks(c, &g->track_ifs, VRRP_ITRACK_IF, fo);
		copy_tracks(c, &g->track_scripts, VRRP_ITRACK_SCRIPT, fo);
		copy_tracks(c, &g->track_files, VRRP_ITRACK_FILE, fo);
	}
	vrrp_cmd_set(&c->notify[VRRP_NOTIFY_MASTER], &v->notify_master);
	vrrp_cmd_set(&c->notify[VRRP_NOTIFY_BACKUP], &v->notify_backup);
	vrrp_cmd_set(&c->notify[VRRP_NOTIFY_FAULT], &v->notify_fault);
	vrrp_cmd_set(&c->notify[VRRP_NOTIFY_STOP], &v->notify_stop);
	vrrp_cmd_set(&c->notify[VRRP_NOTIFY_ANY], &v->notify);
	vrrp_cmd_set(&c->notify[VRRP_NOTIFY_RX_LOWER], &v->notify_master_rx_lower_pri);
	c->notify_prio_changes = v->notify_priority_changes > 0;
}

void vrrp_icfg_take_notify(struct vrrp_icfg *dst, struct vrrp_icfg *src)
{
	for (int i = 0; i < VRRP_NOTIFY_MAX; i++) {
		vrrp_cmd_free(&dst->notify[i]);
		dst->notify[i] = src->notify[i];
		memset(&src->notify[i], 0, sizeof(src->notify[i]));
	}
	dst->notify_prio_changes = src->notify_prio_changes;
}

/* Everything but the priority, the VIP lists and the notify scripts is the same: the instance
 * can keep running. */
bool vrrp_icfg_same_core(const struct vrrp_icfg *a, const struct vrrp_icfg *b)
{
	if (strcmp(a->ifname, b->ifname) != 0 || a->af != b->af || a->vrid != b->vrid ||
	    a->version != b->version || a->advert_int_cs != b->advert_int_cs ||
	    a->auth_type != b->auth_type ||
	    memcmp(a->auth_pass, b->auth_pass, VRRP_AUTH_LEN) != 0 ||
	    !addr_eq(&a->src_ip, &b->src_ip) || !addr_eq(&a->mcast_dst, &b->mcast_dst) ||
	    a->npeers != b->npeers || a->unicast_ttl != b->unicast_ttl ||
	    a->check_unicast_src != b->check_unicast_src || a->preempt != b->preempt ||
	    a->preempt_delay_us != b->preempt_delay_us || a->accept != b->accept ||
	    a->garp_master_delay != b->garp_master_delay ||
	    a->garp_master_repeat != b->garp_master_repeat ||
	    a->garp_master_refresh != b->garp_master_refresh ||
	    a->garp_master_refresh_repeat != b->garp_master_refresh_repeat ||
	    a->garp_lower_prio_delay != b->garp_lower_prio_delay ||
	    a->garp_lower_prio_repeat != b->garp_lower_prio_repeat ||
	    a->down_timer_adverts != b->down_timer_adverts ||
	    a->lower_prio_no_advert != b->lower_prio_no_advert ||
	    a->higher_prio_send_advert != b->higher_prio_send_advert ||
	    a->skip_check_adv_addr != b->skip_check_adv_addr ||
	    a->dont_track_primary != b->dont_track_primary || a->init_master != b->init_master)
		return false;
	if (a->ntracks != b->ntracks || a->nroutes != b->nroutes)
		return false;
	if (a->use_vmac != b->use_vmac || a->vmac_xmit_base != b->vmac_xmit_base ||
	    strcmp(a->vmac_name, b->vmac_name) != 0)
		return false;
	if ((a->sync_group == NULL) != (b->sync_group == NULL) ||
	    (a->sync_group && strcmp(a->sync_group, b->sync_group) != 0))
		return false;
	for (size_t i = 0; i < a->nroutes; i++)
		if (!vrrp_route_eq(&a->routes[i], &b->routes[i]))
			return false;
	for (size_t i = 0; i < a->ntracks; i++)
		if (a->tracks[i].kind != b->tracks[i].kind ||
		    strcmp(a->tracks[i].name, b->tracks[i].name) != 0 ||
		    a->tracks[i].weight != b->tracks[i].weight ||
		    a->tracks[i].reverse != b->tracks[i].reverse)
			return false;
	for (size_t i = 0; i < a->npeers; i++)
		if (!addr_eq(&a->peers[i].addr, &b->peers[i].addr) ||
		    a->peers[i].min_ttl != b->peers[i].min_ttl ||
		    a->peers[i].max_ttl != b->peers[i].max_ttl)
			return false;
	return true;
}
