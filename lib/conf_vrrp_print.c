/*
 * conf_vrrp_print: the VRRP side of the normalised config (vigild -d and
 * the reload snapshot): vrrp_script, track_file, vrrp_sync_group and
 * vrrp_instance blocks in declaration order, keywords in a fixed order,
 * every default explicit (the model is finalized), aliases under their
 * canonical names.  The output re-parses to the same model.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "lib/conf_vrrp_int.h"

static void conf_indent(struct strbuf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		strbuf_puts(b, "    ");
}

/* "KW WORD" on its own line. */
static void conf_kw_word(struct strbuf *b, int depth, const char *kw, const char *w)
{
	conf_indent(b, depth);
	strbuf_printf(b, "%s ", kw);
	conf_out_word(b, w);
	strbuf_putc(b, '\n');
}

/* A word that starts a line: also quote a leading '@' or '~', which the lexer reads as a
 * conditional (@ID) or sequence (~SEQ) line when bare (conf_out_word does not). */
static void conf_line_word(struct strbuf *b, const char *w)
{
	if (w[0] == '@' || w[0] == '~') {
		char q = strchr(w, '"') ? '\'' : '"';

		strbuf_putc(b, q);
		strbuf_puts(b, w);
		strbuf_putc(b, q);
		return;
	}
	conf_out_word(b, w);
}

static const char *conf_onoff(int v)
{
	return v ? "on" : "off";
}

void conf_vrrp_print_tracks(struct strbuf *b, int depth, const char *kw,
			    const struct conf_vrrp_track_list *l, int kind)
{
	const struct conf_vrrp_track *t;

	if (TAILQ_EMPTY(l))
		return;
	conf_out(b, depth, "%s {", kw);
	TAILQ_FOREACH (t, l, entry) {
		conf_indent(b, depth + 1);
		conf_line_word(b, t->name);
		/* noreverse only where it differs from what would be inherited */
		bool target_rev = (kind == 1 && t->target &&
				   ((const struct conf_vrrp_script *)t->target)->reverse) ||
				  (kind == 2 && t->target &&
				   ((const struct conf_track_file *)t->target)->reverse);

		strbuf_printf(b, " weight %d%s", t->weight,
			      t->reverse > 0 ? " reverse"
			      : target_rev   ? " noreverse"
					     : "");
		strbuf_putc(b, '\n');
	}
	conf_out(b, depth, "}");
}

static void conf_print_script(struct strbuf *b, const struct conf_vrrp_script *s)
{
	char f[32];

	strbuf_puts(b, "vrrp_script ");
	conf_out_word(b, s->name);
	strbuf_puts(b, " {\n");
	if (s->script.cmd)
		conf_kw_word(b, 1, "script", s->script.cmd);
	conf_out(b, 1, "interval %s", conf_global_fmt_fixed(f, sizeof(f), s->interval_us, 6));
	conf_out(b, 1, "timeout %s", conf_global_fmt_fixed(f, sizeof(f), s->timeout_us, 6));
	conf_out(b, 1, "weight %d%s", s->weight, s->reverse ? " reverse" : "");
	conf_out(b, 1, "rise %d", s->rise);
	conf_out(b, 1, "fall %d", s->fall);
	if (s->script.user) {
		struct conf_cmd u = {.cmd = s->script.user, .user = s->script.group};
		conf_cmd_print(b, 1, "user", &u);
	}
	conf_out(b, 1, "init_fail %s", conf_onoff(s->init_fail));
	conf_out(b, 0, "}");
}

static void conf_print_track_file(struct strbuf *b, const struct conf_track_file *t)
{
	strbuf_puts(b, "track_file ");
	conf_out_word(b, t->name);
	strbuf_puts(b, " {\n");
	if (t->path)
		conf_kw_word(b, 1, "file", t->path);
	conf_out(b, 1, "weight %d%s", t->weight, t->reverse ? " reverse" : "");
	if (t->init_file)
		conf_out(b, 1, "init_file %lld%s", t->init_value,
			 t->init_overwrite ? " overwrite" : "");
	conf_out(b, 0, "}");
}

static void conf_print_sync_group(struct strbuf *b, const struct conf_sync_group *g)
{
	const struct conf_sync_member *m;

	strbuf_puts(b, "vrrp_sync_group ");
	conf_out_word(b, g->name);
	strbuf_puts(b, " {\n");
	conf_out(b, 1, "group {");
	TAILQ_FOREACH (m, &g->members, entry) {
		conf_indent(b, 2);
		conf_line_word(b, m->name);
		strbuf_putc(b, '\n');
	}
	conf_out(b, 1, "}");
	conf_vrrp_print_tracks(b, 1, "track_interface", &g->track_ifs, 0);
	conf_vrrp_print_tracks(b, 1, "track_script", &g->track_scripts, 1);
	conf_vrrp_print_tracks(b, 1, "track_file", &g->track_files, 2);
	conf_cmd_print(b, 1, "notify_master", &g->notify_master);
	conf_cmd_print(b, 1, "notify_backup", &g->notify_backup);
	conf_cmd_print(b, 1, "notify_fault", &g->notify_fault);
	conf_cmd_print(b, 1, "notify_stop", &g->notify_stop);
	conf_cmd_print(b, 1, "notify", &g->notify);
	conf_out(b, 1, "notify_priority_changes %s", conf_onoff(g->notify_priority_changes));
	conf_out(b, 1, "sync_group_tracking_weight %s", conf_onoff(g->sync_group_tracking_weight));
	conf_out(b, 0, "}");
}

static void conf_print_vips(struct strbuf *b, const char *kw, const struct conf_vip_list *l)
{
	static const struct {
		const char *name;
		unsigned flag;
	} flags[] = {
	    {"no_track", CONF_VIP_NO_TRACK},	       {"-nodad", CONF_VIP_NODAD},
	    {"noprefixroute", CONF_VIP_NOPREFIXROUTE}, {"home", CONF_VIP_HOME},
	    {"mngtmpaddr", CONF_VIP_MNGTMPADDR},       {"autojoin", CONF_VIP_AUTOJOIN},
	};
	const struct conf_vip *a;
	char buf[ADDR_STRLEN];

	if (TAILQ_EMPTY(l))
		return;
	conf_out(b, 1, "%s {", kw);
	TAILQ_FOREACH (a, l, entry) {
		conf_indent(b, 2);
		strbuf_printf(b, "%s/%d", addr_str(&a->addr, buf, sizeof(buf)), a->plen);
		if (a->dev) {
			strbuf_puts(b, " dev ");
			conf_out_word(b, a->dev);
		}
		if (addr_is_set(&a->brd))
			strbuf_printf(b, " brd %s", addr_str(&a->brd, buf, sizeof(buf)));
		strbuf_printf(b, " scope %s", conf_scope_str(a->scope));
		if (a->label) {
			strbuf_puts(b, " label ");
			conf_out_word(b, a->label);
		}
		if (a->addr.af == AF_INET6 || a->preferred_lft >= 0) {
			if (a->preferred_lft < 0)
				strbuf_puts(b, " preferred_lft forever");
			else
				strbuf_printf(b, " preferred_lft %lld", a->preferred_lft);
		}
		for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
			if (a->flags & flags[i].flag)
				strbuf_printf(b, " %s", flags[i].name);
		strbuf_putc(b, '\n');
	}
	conf_out(b, 1, "}");
}

static void conf_print_routes(struct strbuf *b, const struct conf_vroute_list *l)
{
	const struct conf_vroute *r;
	char buf[ADDR_STRLEN];

	if (TAILQ_EMPTY(l))
		return;
	conf_out(b, 1, "virtual_routes {");
	TAILQ_FOREACH (r, l, entry) {
		conf_indent(b, 2);
		if (r->type != CONF_ROUTE_UNICAST)
			strbuf_printf(b, "%s ", conf_route_type_str(r->type));
		if (addr_is_set(&r->src))
			strbuf_printf(b, "src %s to ", addr_str(&r->src, buf, sizeof(buf)));
		strbuf_printf(b, "%s/%d", addr_str(&r->dst, buf, sizeof(buf)), r->plen);
		if (addr_is_set(&r->via))
			strbuf_printf(b, " via %s", addr_str(&r->via, buf, sizeof(buf)));
		if (addr_is_set(&r->via2))
			strbuf_printf(b, " or %s", addr_str(&r->via2, buf, sizeof(buf)));
		if (r->dev) {
			strbuf_puts(b, " dev ");
			conf_out_word(b, r->dev);
		}
		if (r->scope != CONF_SCOPE_DEFAULT)
			strbuf_printf(b, " scope %s", conf_scope_str(r->scope));
		strbuf_printf(b, " table %u metric %u", r->table, r->metric);
		if (r->no_track)
			strbuf_puts(b, " no_track");
		strbuf_putc(b, '\n');
	}
	conf_out(b, 1, "}");
}

static void conf_print_vrrp(struct strbuf *b, const struct conf_vrrp *v)
{
	const struct conf_vrrp_peer *peer;
	char buf[ADDR_STRLEN], f[32];
	bool unicast = !TAILQ_EMPTY(&v->peers);

	strbuf_puts(b, "vrrp_instance ");
	conf_out_word(b, v->name);
	strbuf_puts(b, " {\n");
	conf_out(b, 1, "state %s", conf_vrrp_state_str(v->state));
	if (v->ifname)
		conf_kw_word(b, 1, "interface", v->ifname);
	if (v->use_vmac)
		conf_kw_word(b, 1, "use_vmac", v->vmac_name);
	if (v->vmac_xmit_base)
		conf_out(b, 1, "vmac_xmit_base");
	if (v->af == AF_INET6)
		conf_out(b, 1, "native_ipv6");
	if (v->dont_track_primary)
		conf_out(b, 1, "dont_track_primary");
	if (v->track_src_ip)
		conf_out(b, 1, "track_src_ip");
	conf_out(b, 1, "virtual_router_id %d", v->vrid);
	conf_out(b, 1, "priority %d", v->priority);
	conf_out(b, 1, "advert_int %s", conf_global_fmt_fixed(f, sizeof(f), v->advert_int_cs, 2));
	conf_out(b, 1, "version %d", v->version);
	if (addr_is_set(&v->src_ip))
		conf_out(b, 1, "%s %s", unicast ? "unicast_src_ip" : "mcast_src_ip",
			 addr_str(&v->src_ip, buf, sizeof(buf)));
	if (unicast) {
		conf_out(b, 1, "unicast_peer {");
		TAILQ_FOREACH (peer, &v->peers, entry) {
			conf_indent(b, 2);
			strbuf_puts(b, addr_str(&peer->addr, buf, sizeof(buf)));
			if (peer->min_ttl != 0 || peer->max_ttl != 255)
				strbuf_printf(b, " min_ttl %d max_ttl %d", peer->min_ttl,
					      peer->max_ttl);
			strbuf_putc(b, '\n');
		}
		conf_out(b, 1, "}");
		conf_out(b, 1, "unicast_ttl %d", v->unicast_ttl);
	} else {
		conf_out(b, 1, "mcast_dst_ip %s", addr_str(&v->mcast_dst, buf, sizeof(buf)));
	}
	if (v->unicast_fault_no_peer)
		conf_out(b, 1, "unicast_fault_no_peer");
	conf_out(b, 1, "check_unicast_src %s", conf_onoff(v->check_unicast_src));
	if (v->auth_type == CONF_VRRP_AUTH_PASS) {
		conf_out(b, 1, "authentication {");
		conf_out(b, 2, "auth_type PASS");
		if (v->auth_pass)
			conf_kw_word(b, 2, "auth_pass", v->auth_pass);
		conf_out(b, 1, "}");
	}
	conf_out(b, 1, "%s", v->preempt ? "preempt" : "nopreempt");
	conf_out(b, 1, "preempt_delay %s",
		 conf_global_fmt_fixed(f, sizeof(f), v->preempt_delay_us, 6));
	conf_out(b, 1, "%s", v->accept ? "accept" : "no_accept");
	conf_out(b, 1, "garp_master_delay %d", v->garp_master_delay);
	conf_out(b, 1, "garp_master_repeat %d", v->garp_master_repeat);
	conf_out(b, 1, "garp_lower_prio_delay %d", v->garp_lower_prio_delay);
	conf_out(b, 1, "garp_lower_prio_repeat %d", v->garp_lower_prio_repeat);
	conf_out(b, 1, "garp_master_refresh %d", v->garp_master_refresh);
	conf_out(b, 1, "garp_master_refresh_repeat %d", v->garp_master_refresh_repeat);
	conf_out(b, 1, "down_timer_adverts %d", v->down_timer_adverts);
	conf_out(b, 1, "lower_prio_no_advert %s", conf_onoff(v->lower_prio_no_advert));
	conf_out(b, 1, "higher_prio_send_advert %s", conf_onoff(v->higher_prio_send_advert));
	conf_out(b, 1, "skip_check_adv_addr %s", conf_onoff(v->skip_check_adv_addr));
	conf_out(b, 1, "strict_mode %s", conf_onoff(v->strict_mode));
	conf_out(b, 1, "notify_priority_changes %s", conf_onoff(v->notify_priority_changes));
	if (v->promote_secondaries)
		conf_out(b, 1, "promote_secondaries");
	conf_vrrp_print_tracks(b, 1, "track_interface", &v->track_ifs, 0);
	conf_vrrp_print_tracks(b, 1, "track_script", &v->track_scripts, 1);
	conf_vrrp_print_tracks(b, 1, "track_file", &v->track_files, 2);
	conf_cmd_print(b, 1, "notify_master", &v->notify_master);
	conf_cmd_print(b, 1, "notify_backup", &v->notify_backup);
	conf_cmd_print(b, 1, "notify_fault", &v->notify_fault);
	conf_cmd_print(b, 1, "notify_stop", &v->notify_stop);
	conf_cmd_print(b, 1, "notify", &v->notify);
	conf_cmd_print(b, 1, "notify_master_rx_lower_pri", &v->notify_master_rx_lower_pri);
	conf_print_vips(b, "virtual_ipaddress", &v->vips);
	conf_print_vips(b, "virtual_ipaddress_excluded", &v->evips);
	conf_print_routes(b, &v->routes);
	conf_out(b, 0, "}");
}

void conf_vrrp_print(struct strbuf *b, const struct conf *c)
{
	const struct conf_vrrp_script *s;
	const struct conf_track_file *t;
	const struct conf_sync_group *g;
	const struct conf_vrrp *v;

	TAILQ_FOREACH (s, &c->vrrp_scripts, entry)
		conf_print_script(b, s);
	TAILQ_FOREACH (t, &c->track_files, entry)
		conf_print_track_file(b, t);
	TAILQ_FOREACH (g, &c->sync_groups, entry)
		conf_print_sync_group(b, g);
	TAILQ_FOREACH (v, &c->vrrps, entry)
		conf_print_vrrp(b, v);
}
