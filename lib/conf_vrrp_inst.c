/*
 * conf_vrrp_inst: the vrrp_instance block: its keyword table (every
 * keyword keepalived accepts there is implemented, UNSUPPORTED or, when
 * cosmetic, IGNORED) and handlers, including the list blocks
 * virtual_ipaddress / virtual_ipaddress_excluded / virtual_routes /
 * unicast_peer / authentication.  Values that may be inherited from
 * global_defs start as CONF_UNSET and are filled by conf_vrrp_finalize().
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/conf_vrrp_int.h"

#define V(f) offsetof(struct conf_vrrp, f)
#define UNSUP(n, why)                                                                              \
	{                                                                                          \
		.name = (n), .flags = CONF_KW_UNSUPPORTED, .note = (why)                           \
	}
#define IGN(n, why)                                                                                \
	{                                                                                          \
		.name = (n), .flags = CONF_KW_IGNORED, .note = (why)                               \
	}

/* ---- simple keywords ---- */

static void *conf_vi_state(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			   const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	if (strcmp(st->args[0].text, "MASTER") == 0)
		v->state = CONF_VRRP_STATE_MASTER;
	else if (strcmp(st->args[0].text, "BACKUP") == 0)
		v->state = CONF_VRRP_STATE_BACKUP;
	else
		conf_perr(p, &st->args[0], "state: '%s' is not MASTER or BACKUP", st->args[0].text);
	return NULL;
}

static void *conf_vi_interface(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			       const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;

	(void)kw;
	v->ifname_loc = st->kw->loc;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	if (strlen(st->args[0].text) > 15) {
		conf_perr(p, &st->args[0], "interface: '%s' is longer than 15 characters",
			  st->args[0].text);
		return NULL;
	}
	free(v->ifname);
	v->ifname = xstrdup(st->args[0].text);
	v->ifname_loc = st->kw->loc;
	return NULL;
}

/* An int in kw->min..max at kw->off (the callers record the location). */
static void *conf_vi_int_loc(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			     const struct conf_kw *kw)
{
	long long v;

	if (!conf_nargs(p, st, 1, 1) || !conf_arg_ll(p, st, 0, kw->min, kw->max, &v))
		return NULL;
	*(int *)(void *)((char *)obj + kw->off) = (int)v;
	return NULL;
}

static void *conf_vi_vrid(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	((struct conf_vrrp *)obj)->vrid_loc = st->kw->loc;
	return conf_vi_int_loc(p, st, obj, kw);
}

static void *conf_vi_priority(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			      const struct conf_kw *kw)
{
	((struct conf_vrrp *)obj)->priority_loc = st->kw->loc;
	return conf_vi_int_loc(p, st, obj, kw);
}

static void *conf_vi_version(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			     const struct conf_kw *kw)
{
	((struct conf_vrrp *)obj)->version_loc = st->kw->loc;
	return conf_vi_int_loc(p, st, obj, kw);
}

static void *conf_vi_advert_int(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;
	long long cs;

	(void)kw;
	/* the range per version is checked by conf_vrrp_validate() */
	if (!conf_nargs(p, st, 1, 1) || !conf_arg_fixed(p, st, 0, 2, 1, 25500, &cs))
		return NULL;
	v->advert_int_cs = (int)cs;
	v->advert_int_loc = st->kw->loc;
	return NULL;
}

static void *conf_vi_native_ipv6(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				 const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;

	(void)kw;
	if (!conf_nargs(p, st, 0, 0))
		return NULL;
	v->native_ipv6 = true;
	v->native_ipv6_loc = st->kw->loc;
	return NULL;
}

static void *conf_vi_use_vmac(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			      const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;

	(void)kw;
	if (st->nargs > 1) {
		conf_perr(p, &st->args[1],
			  "use_vmac: a MAC address is not supported (only a name)");
		return NULL;
	}
	if (st->nargs == 1 && strlen(st->args[0].text) > 15) {
		conf_perr(p, &st->args[0], "use_vmac: '%s' is longer than 15 characters",
			  st->args[0].text);
		return NULL;
	}
	v->use_vmac = true;
	free(v->vmac_name);
	v->vmac_name = st->nargs ? xstrdup(st->args[0].text) : NULL;
	return NULL;
}

static void *conf_vi_preempt(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			     const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;

	if (conf_nargs(p, st, 0, 0)) {
		v->preempt = kw->min;
		v->preempt_loc = st->kw->loc;
	}
	return NULL;
}

static void *conf_vi_preempt_delay(struct conf_parser *p, const struct conf_stmt *st, void *obj,
				   const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;
	long long us;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1) || !conf_arg_fixed(p, st, 0, 6, 0, 1000000000LL, &us))
		return NULL;
	v->preempt_delay_us = us;
	v->preempt_delay_loc = st->kw->loc;
	return NULL;
}

/* accept / no_accept: kw->min is the value. */
static void *conf_vi_accept(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			    const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;

	if (!conf_nargs(p, st, 0, 0))
		return NULL;
	v->accept = (int)kw->min;
	v->accept_loc = st->kw->loc;
	return NULL;
}

/* lower_prio_no_advert / higher_prio_send_advert: a tri-state with its location. */
static void *conf_vi_tri_loc(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			     const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;

	if (kw->off == V(lower_prio_no_advert))
		v->lower_prio_no_advert_loc = st->kw->loc;
	else
		v->higher_prio_send_advert_loc = st->kw->loc;
	return conf_vrrp_kw_tri(p, st, obj, kw);
}

static void *conf_vi_addr(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;
	struct addr a;

	if (!conf_nargs(p, st, 1, 1) || !conf_arg_addr(p, st, 0, &a, NULL))
		return NULL;
	if (kw->off == V(mcast_dst)) {
		bool mc = a.af == AF_INET ? (a.u.bytes[0] & 0xf0) == 0xe0 : a.u.bytes[0] == 0xff;
		if (!mc) {
			conf_perr(p, &st->args[0], "mcast_dst_ip: '%s' is not a multicast address",
				  st->args[0].text);
			return NULL;
		}
		v->mcast_dst = a;
		v->mcast_dst_loc = st->kw->loc;
	} else {
		v->src_ip = a;
		v->src_ip_loc = st->kw->loc;
	}
	return NULL;
}

static void *conf_vi_block(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			   const struct conf_kw *kw)
{
	(void)kw;
	if (!conf_nargs(p, st, 0, 0))
		return NULL;
	return obj;
}

/* ---- authentication ---- */

static void *conf_vi_auth(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			  const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;

	(void)kw;
	if (!conf_nargs(p, st, 0, 0))
		return NULL;
	v->auth_loc = st->kw->loc;
	return obj;
}

static void *conf_vi_auth_type(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			       const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	if (strcmp(st->args[0].text, "PASS") == 0)
		v->auth_type = CONF_VRRP_AUTH_PASS;
	else if (strcmp(st->args[0].text, "AH") == 0) {
		v->auth_loc.file = NULL; /* reported here; no follow-on errors */
		conf_perr(p, &st->args[0],
			  "auth_type: AH (IPsec AH, RFC 2338) is not implemented; use PASS or no "
			  "authentication");
	} else {
		v->auth_loc.file = NULL;
		conf_perr(p, &st->args[0], "auth_type: '%s' is not PASS or AH", st->args[0].text);
	}
	return NULL;
}

static void *conf_vi_auth_pass(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			       const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;

	(void)kw;
	if (!conf_nargs(p, st, 1, 1))
		return NULL;
	free(v->auth_pass);
	v->auth_pass = xstrdup(st->args[0].text);
	v->auth_pass_loc = st->args[0].loc;
	return NULL;
}

static const struct conf_kw conf_vi_auth_kws[] = {
    {.name = "auth_type", .fn = conf_vi_auth_type},
    {.name = "auth_pass", .fn = conf_vi_auth_pass},
    {.name = NULL},
};

/* ---- unicast_peer ---- */

static void conf_vi_peer_line(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			      const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;
	struct conf_vrrp_peer *peer;
	struct addr a;
	int min_ttl = 0, max_ttl = 255;

	(void)kw;
	if (addr_parse(st->kw->text, &a) < 0) {
		conf_perr(p, st->kw, "unicast_peer: '%s' is not a valid IP address", st->kw->text);
		return;
	}
	for (size_t i = 0; i < st->nargs; i += 2) {
		const char *o = st->args[i].text;
		long long t;

		if (strcmp(o, "min_ttl") != 0 && strcmp(o, "max_ttl") != 0) {
			conf_perr(p, &st->args[i],
				  "unicast_peer: unknown option '%s' (min_ttl, max_ttl)", o);
			return;
		}
		if (i + 1 >= st->nargs || util_parse_ll(st->args[i + 1].text, 0, 255, &t) < 0) {
			conf_perr(p, &st->args[i], "unicast_peer: %s needs an integer in 0..255",
				  o);
			return;
		}
		if (o[1] == 'i')
			min_ttl = (int)t;
		else
			max_ttl = (int)t;
	}
	peer = xcalloc(1, sizeof(*peer));
	peer->loc = st->kw->loc;
	peer->addr = a;
	peer->min_ttl = min_ttl;
	peer->max_ttl = max_ttl;
	TAILQ_INSERT_TAIL(&v->peers, peer, entry);
}

/* ---- virtual_ipaddress / virtual_ipaddress_excluded ---- */

static bool conf_scope_parse(const char *s, enum conf_scope *out)
{
	static const enum conf_scope all[] = {CONF_SCOPE_GLOBAL, CONF_SCOPE_SITE, CONF_SCOPE_LINK,
					      CONF_SCOPE_HOST, CONF_SCOPE_NOWHERE};

	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		if (strcmp(s, conf_scope_str(all[i])) == 0) {
			*out = all[i];
			return true;
		}
	return false;
}

static void conf_vip_free(struct conf_vip *a)
{
	free(a->dev);
	free(a->label);
	free(a);
}

static const struct {
	const char *name;
	unsigned flag;
} conf_vip_flags[] = {
    {"no_track", CONF_VIP_NO_TRACK},	       {"-nodad", CONF_VIP_NODAD},
    {"noprefixroute", CONF_VIP_NOPREFIXROUTE}, {"home", CONF_VIP_HOME},
    {"mngtmpaddr", CONF_VIP_MNGTMPADDR},       {"autojoin", CONF_VIP_AUTOJOIN},
};

/* kw->off: the struct conf_vip_list in the instance. */
static void conf_vi_vip_line(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			     const struct conf_kw *kw)
{
	struct conf_vip_list *l = (struct conf_vip_list *)(void *)((char *)obj + kw->off);
	struct conf_vip *a = xcalloc(1, sizeof(*a));
	bool lft_set = false;

	a->loc = st->kw->loc;
	a->scope = CONF_SCOPE_GLOBAL;
	if (addr_parse_prefix(st->kw->text, &a->addr, &a->plen) < 0 ||
	    a->plen > addr_bits(&a->addr)) {
		conf_perr(p, st->kw, "%s: '%s' is not a valid IP address (with optional /prefix)",
			  kw->name, st->kw->text);
		goto bad;
	}
	if (a->plen < 0)
		a->plen = addr_bits(&a->addr);
	for (size_t i = 0; i < st->nargs; i++) {
		const char *o = st->args[i].text;
		const struct conf_tok *val = i + 1 < st->nargs ? &st->args[i + 1] : NULL;
		bool flag = false;

		for (size_t k = 0; k < ARRAY_SIZE(conf_vip_flags); k++)
			if (strcmp(o, conf_vip_flags[k].name) == 0) {
				a->flags |= conf_vip_flags[k].flag;
				flag = true;
			}
		if (flag)
			continue;
		if (strcmp(o, "dev") != 0 && strcmp(o, "brd") != 0 && strcmp(o, "scope") != 0 &&
		    strcmp(o, "label") != 0 && strcmp(o, "preferred_lft") != 0) {
			if (strcmp(o, "peer") == 0 || strcmp(o, "use_vmac") == 0 ||
			    strcmp(o, "track_group") == 0)
				conf_perr(p, &st->args[i], "%s: option '%s' is not implemented",
					  kw->name, o);
			else
				conf_perr(p, &st->args[i],
					  "%s: unknown option '%s' (dev, brd, scope, label, "
					  "preferred_lft, no_track, -nodad, noprefixroute, home, "
					  "mngtmpaddr, autojoin)",
					  kw->name, o);
			goto bad;
		}
		if (!val) {
			conf_perr(p, &st->args[i], "%s: '%s' needs a value", kw->name, o);
			goto bad;
		}
		i++;
		if (strcmp(o, "dev") == 0) {
			free(a->dev);
			a->dev = xstrdup(val->text);
		} else if (strcmp(o, "label") == 0) {
			free(a->label);
			a->label = xstrdup(val->text);
		} else if (strcmp(o, "brd") == 0) {
			if (addr_parse(val->text, &a->brd) < 0 || a->brd.af != a->addr.af) {
				conf_perr(p, val,
					  "%s: brd '%s' is not an address of the VIP's family",
					  kw->name, val->text);
				goto bad;
			}
		} else if (strcmp(o, "preferred_lft") == 0) {
			long long lft;

			if (strcmp(val->text, "forever") == 0)
				lft = -1;
			else if (util_parse_ll(val->text, 0, 4294967294LL, &lft) < 0) {
				conf_perr(
				    p, val,
				    "%s: preferred_lft '%s' is not 'forever' or an integer in "
				    "0..4294967294",
				    kw->name, val->text);
				goto bad;
			}
			a->preferred_lft = lft;
			lft_set = true;
		} else if (!conf_scope_parse(val->text, &a->scope)) {
			conf_perr(p, val,
				  "%s: scope '%s' is not global, site, link, host or nowhere",
				  kw->name, val->text);
			goto bad;
		}
	}
	/* keepalived deprecates an IPv6 /128 (preferred lifetime 0) unless told otherwise */
	if (!lft_set)
		a->preferred_lft = a->addr.af == AF_INET6 && a->plen == 128 ? 0 : -1;
	TAILQ_INSERT_TAIL(l, a, entry);
	return;
bad:
	conf_vip_free(a);
}

/* ---- virtual_routes ---- */

static void conf_vroute_free(struct conf_vroute *r)
{
	free(r->dev);
	free(r);
}

static bool conf_vr_addr(struct conf_parser *p, const struct conf_tok *t, struct addr *a,
			 const char *what)
{
	if (addr_parse(t->text, a) < 0) {
		conf_perr(p, t, "virtual_routes: %s '%s' is not a valid IP address", what, t->text);
		return false;
	}
	return true;
}

static bool conf_vr_dst(struct conf_parser *p, const struct conf_tok *t, struct conf_vroute *r,
			bool *have_dst)
{
	if (*have_dst || addr_parse_prefix(t->text, &r->dst, &r->plen) < 0 ||
	    r->plen > addr_bits(&r->dst)) {
		conf_perr(p, t, "virtual_routes: '%s' is not a valid destination ADDR[/PLEN]",
			  t->text);
		return false;
	}
	if (r->plen < 0)
		r->plen = addr_bits(&r->dst);
	*have_dst = true;
	return true;
}

static void conf_vi_route_line(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			       const struct conf_kw *kw)
{
	struct conf_vrrp *v = obj;
	struct conf_vroute *r = xcalloc(1, sizeof(*r));
	size_t n = st->nargs + 1;
	bool have_dst = false;

	(void)kw;
	r->loc = st->kw->loc;
	r->type = CONF_ROUTE_UNICAST;
	r->scope = CONF_SCOPE_DEFAULT;
	r->table = 254;
	for (size_t i = 0; i < n; i++) {
		const struct conf_tok *t = i == 0 ? st->kw : &st->args[i - 1];
		const struct conf_tok *val = i + 1 < n ? &st->args[i] : NULL;
		const char *o = t->text;
		long long num;

		if (strcmp(o, "blackhole") == 0 && i == 0)
			r->type = CONF_ROUTE_BLACKHOLE;
		else if (strcmp(o, "unreachable") == 0 && i == 0)
			r->type = CONF_ROUTE_UNREACHABLE;
		else if (strcmp(o, "prohibit") == 0 && i == 0)
			r->type = CONF_ROUTE_PROHIBIT;
		else if (strcmp(o, "throw") == 0 && i == 0)
			r->type = CONF_ROUTE_THROW;
		else if (strcmp(o, "no_track") == 0)
			r->no_track = true;
		else if (strcmp(o, "to") == 0 || strcmp(o, "src") == 0 || strcmp(o, "via") == 0 ||
			 strcmp(o, "gw") == 0 || strcmp(o, "or") == 0 || strcmp(o, "dev") == 0 ||
			 strcmp(o, "scope") == 0 || strcmp(o, "table") == 0 ||
			 strcmp(o, "metric") == 0 || strcmp(o, "priority") == 0 ||
			 strcmp(o, "preference") == 0) {
			if (!val) {
				conf_perr(p, t, "virtual_routes: '%s' needs a value", o);
				goto bad;
			}
			i++;
			if (strcmp(o, "to") == 0) {
				if (!conf_vr_dst(p, val, r, &have_dst))
					goto bad;
			} else if (strcmp(o, "src") == 0) {
				if (!conf_vr_addr(p, val, &r->src, "src"))
					goto bad;
			} else if (strcmp(o, "via") == 0 || strcmp(o, "gw") == 0) {
				if (!conf_vr_addr(p, val, &r->via, o))
					goto bad;
			} else if (strcmp(o, "or") == 0) {
				if (!conf_vr_addr(p, val, &r->via2, o))
					goto bad;
			} else if (strcmp(o, "dev") == 0) {
				free(r->dev);
				r->dev = xstrdup(val->text);
			} else if (strcmp(o, "scope") == 0) {
				if (!conf_scope_parse(val->text, &r->scope)) {
					conf_perr(p, val,
						  "virtual_routes: scope '%s' is not global, site, "
						  "link, host or nowhere",
						  val->text);
					goto bad;
				}
			} else if (strcmp(o, "table") == 0) {
				if (strcmp(val->text, "main") == 0)
					num = 254;
				else if (strcmp(val->text, "local") == 0)
					num = 255;
				else if (strcmp(val->text, "default") == 0)
					num = 253;
				else if (util_parse_ll(val->text, 1, 4294967295LL, &num) < 0) {
					conf_perr(p, val,
						  "virtual_routes: table '%s' is not a number in "
						  "1..4294967295 or main/local/default",
						  val->text);
					goto bad;
				}
				r->table = (uint32_t)num;
			} else {
				if (util_parse_ll(val->text, 0, 4294967295LL, &num) < 0) {
					conf_perr(p, val,
						  "virtual_routes: %s '%s' is not an integer in "
						  "0..4294967295",
						  o, val->text);
					goto bad;
				}
				r->metric = (uint32_t)num;
			}
		} else if (!have_dst && (isdigit((unsigned char)o[0]) || strchr(o, ':'))) {
			if (!conf_vr_dst(p, t, r, &have_dst))
				goto bad;
		} else {
			conf_perr(
			    p, t,
			    "virtual_routes: unknown or unsupported option '%s' (src, to, via, "
			    "gw, or, dev, scope, table, metric, no_track, blackhole, "
			    "unreachable, prohibit, throw)",
			    o);
			goto bad;
		}
	}
	if (!have_dst) {
		conf_perr(p, st->kw, "virtual_routes: a route needs a destination ADDR[/PLEN]");
		goto bad;
	}
	TAILQ_INSERT_TAIL(&v->routes, r, entry);
	return;
bad:
	conf_vroute_free(r);
}

/* ---- the table ---- */

static const char no_vmac_addr[] = "per-VIP VMACs are not implemented; use use_vmac";

const struct conf_kw conf_vrrp_inst_kws[] = {
    {.name = "state", .fn = conf_vi_state},
    {.name = "interface", .fn = conf_vi_interface},
    {.name = "use_vmac", .fn = conf_vi_use_vmac},
    {.name = "vmac_xmit_base", .fn = conf_kw_flag, .off = V(vmac_xmit_base)},
    {.name = "native_ipv6", .fn = conf_vi_native_ipv6},
    {.name = "dont_track_primary", .fn = conf_kw_flag, .off = V(dont_track_primary)},
    {.name = "track_src_ip", .fn = conf_kw_flag, .off = V(track_src_ip)},
    {.name = "virtual_router_id", .fn = conf_vi_vrid, .off = V(vrid), .min = 1, .max = 255},
    {.name = "priority", .fn = conf_vi_priority, .off = V(priority), .min = 1, .max = 255},
    {.name = "advert_int", .fn = conf_vi_advert_int},
    {.name = "version", .fn = conf_vi_version, .off = V(version), .min = 2, .max = 3},
    {.name = "authentication",
     .fn = conf_vi_auth,
     .block = conf_vi_auth_kws,
     .flags = CONF_KW_BLOCK},
    {.name = "mcast_src_ip", .fn = conf_vi_addr, .off = V(src_ip)},
    {.name = "unicast_src_ip", .fn = conf_vi_addr, .off = V(src_ip)},
    {.name = "mcast_dst_ip", .fn = conf_vi_addr, .off = V(mcast_dst)},
    {.name = "unicast_peer",
     .fn = conf_vi_block,
     .line = conf_vi_peer_line,
     .flags = CONF_KW_BLOCK},
    {.name = "unicast_ttl", .fn = conf_kw_int, .off = V(unicast_ttl), .min = 1, .max = 255},
    {.name = "unicast_fault_no_peer", .fn = conf_kw_flag, .off = V(unicast_fault_no_peer)},
    {.name = "check_unicast_src", .fn = conf_vrrp_kw_tri, .off = V(check_unicast_src)},
    {.name = "nopreempt", .fn = conf_vi_preempt, .min = 0},
    {.name = "preempt", .fn = conf_vi_preempt, .min = 1},
    {.name = "preempt_delay", .fn = conf_vi_preempt_delay},
    {.name = "accept", .fn = conf_vi_accept, .min = 1},
    {.name = "no_accept", .fn = conf_vi_accept, .min = 0},
    {.name = "garp_master_delay",
     .fn = conf_kw_int,
     .off = V(garp_master_delay),
     .min = 0,
     .max = 1000},
    {.name = "garp_master_repeat",
     .fn = conf_kw_int,
     .off = V(garp_master_repeat),
     .min = 1,
     .max = 1000},
    {.name = "garp_lower_prio_delay",
     .fn = conf_kw_int,
     .off = V(garp_lower_prio_delay),
     .min = 0,
     .max = 1000},
    {.name = "garp_lower_prio_repeat",
     .fn = conf_kw_int,
     .off = V(garp_lower_prio_repeat),
     .min = 0,
     .max = 1000},
    {.name = "garp_master_refresh",
     .fn = conf_kw_int,
     .off = V(garp_master_refresh),
     .min = 0,
     .max = 86400},
    {.name = "garp_master_refresh_repeat",
     .fn = conf_kw_int,
     .off = V(garp_master_refresh_repeat),
     .min = 1,
     .max = 1000},
    {.name = "down_timer_adverts",
     .fn = conf_kw_int,
     .off = V(down_timer_adverts),
     .min = 1,
     .max = 100},
    {.name = "lower_prio_no_advert", .fn = conf_vi_tri_loc, .off = V(lower_prio_no_advert)},
    {.name = "higher_prio_send_advert", .fn = conf_vi_tri_loc, .off = V(higher_prio_send_advert)},
    {.name = "skip_check_adv_addr", .fn = conf_vrrp_kw_tri, .off = V(skip_check_adv_addr)},
    {.name = "strict_mode", .fn = conf_vrrp_kw_tri, .off = V(strict_mode)},
    {.name = "notify_priority_changes", .fn = conf_vrrp_kw_tri, .off = V(notify_priority_changes)},
    {.name = "promote_secondaries", .fn = conf_kw_flag, .off = V(promote_secondaries)},
    {.name = "track_interface",
     .fn = conf_vi_block,
     .line = conf_vrrp_track_line,
     .flags = CONF_KW_BLOCK,
     .off = V(track_ifs),
     .min = -253,
     .max = 253},
    {.name = "track_script",
     .fn = conf_vi_block,
     .line = conf_vrrp_track_line,
     .flags = CONF_KW_BLOCK,
     .off = V(track_scripts),
     .min = -253,
     .max = 253},
    {.name = "track_file",
     .fn = conf_vi_block,
     .line = conf_vrrp_track_line,
     .flags = CONF_KW_BLOCK,
     .off = V(track_files),
     .min = -254,
     .max = 254},
    {.name = "notify_master", .fn = conf_vrrp_kw_notify, .off = V(notify_master)},
    {.name = "notify_backup", .fn = conf_vrrp_kw_notify, .off = V(notify_backup)},
    {.name = "notify_fault", .fn = conf_vrrp_kw_notify, .off = V(notify_fault)},
    {.name = "notify_stop", .fn = conf_vrrp_kw_notify, .off = V(notify_stop)},
    {.name = "notify", .fn = conf_vrrp_kw_notify, .off = V(notify)},
    {.name = "notify_master_rx_lower_pri",
     .fn = conf_vrrp_kw_notify,
     .off = V(notify_master_rx_lower_pri)},
    {.name = "virtual_ipaddress",
     .fn = conf_vi_block,
     .line = conf_vi_vip_line,
     .flags = CONF_KW_BLOCK,
     .off = V(vips)},
    {.name = "virtual_ipaddress_excluded",
     .fn = conf_vi_block,
     .line = conf_vi_vip_line,
     .flags = CONF_KW_BLOCK,
     .off = V(evips)},
    {.name = "virtual_routes",
     .fn = conf_vi_block,
     .line = conf_vi_route_line,
     .flags = CONF_KW_BLOCK},

    IGN("smtp_alert", "e-mail alerting is not implemented"),
    IGN("debug", "debug levels are not used; run vigild -D"),
    UNSUP("vrf", "VRFs are not implemented"),
    UNSUP("lvs_sync_daemon_interface",
	  "deprecated in keepalived; use lvs_sync_daemon in global_defs"),
    UNSUP("use_vmac_addr", no_vmac_addr),
    UNSUP("use_ipvlan", "ipvlan interfaces are not implemented; use use_vmac"),
    UNSUP("track_process", "process tracking is not implemented; use a vrrp_script"),
    UNSUP("track_bfd", "BFD is not implemented"),
    UNSUP("old_unicast_checksum", "only the RFC 5798 checksum is implemented"),
    UNSUP("garp_extra_if", "periodic GARP on other interfaces is not implemented"),
    UNSUP("garp_extra_if_vmac", "periodic GARP on other interfaces is not implemented"),
    UNSUP("virtual_rules", "policy routing rules are not implemented"),
    UNSUP("notify_deleted", "instances deleted on reload are reported as FAULT"),
    UNSUP("kernel_rx_buf_size", "socket buffer sizes are not tunable in vigil"),
    UNSUP("linkbeat_use_polling", "link state comes from netlink only"),
    {.name = NULL},
};

void *conf_vrrp_inst_block(struct conf_parser *p, const struct conf_stmt *st, void *obj,
			   const struct conf_kw *kw)
{
	struct conf_vrrp *v;

	(void)obj;
	(void)kw;
	if (st->nargs != 1) {
		conf_perr(p, st->kw, "'%s' takes a name, got %zu arguments", st->kw->text,
			  st->nargs);
		return NULL;
	}
	v = xcalloc(1, sizeof(*v));
	v->loc = st->kw->loc;
	v->name = xstrdup(st->args[0].text);
	v->state = CONF_VRRP_STATE_BACKUP;
	v->priority = CONF_UNSET;
	v->advert_int_cs = 100;
	v->version = CONF_UNSET;
	v->unicast_ttl = 255;
	v->check_unicast_src = CONF_UNSET;
	v->preempt = true;
	v->accept = CONF_UNSET;
	v->garp_master_delay = v->garp_master_repeat = CONF_UNSET;
	v->garp_lower_prio_delay = v->garp_lower_prio_repeat = CONF_UNSET;
	v->garp_master_refresh = v->garp_master_refresh_repeat = CONF_UNSET;
	v->down_timer_adverts = CONF_UNSET;
	v->lower_prio_no_advert = v->higher_prio_send_advert = CONF_UNSET;
	v->skip_check_adv_addr = v->strict_mode = v->notify_priority_changes = CONF_UNSET;
	TAILQ_INIT(&v->peers);
	TAILQ_INIT(&v->track_ifs);
	TAILQ_INIT(&v->track_scripts);
	TAILQ_INIT(&v->track_files);
	TAILQ_INIT(&v->vips);
	TAILQ_INIT(&v->evips);
	TAILQ_INIT(&v->routes);
	TAILQ_INSERT_TAIL(&p->conf->vrrps, v, entry);
	return v;
}

void conf_vrrp_inst_free(struct conf_vrrp *v)
{
	struct conf_vrrp_peer *peer;
	struct conf_vip *a;
	struct conf_vroute *r;

	free(v->name);
	free(v->ifname);
	free(v->vmac_name);
	free(v->auth_pass);
	while ((peer = TAILQ_FIRST(&v->peers))) {
		TAILQ_REMOVE(&v->peers, peer, entry);
		free(peer);
	}
	while ((a = TAILQ_FIRST(&v->vips))) {
		TAILQ_REMOVE(&v->vips, a, entry);
		conf_vip_free(a);
	}
	while ((a = TAILQ_FIRST(&v->evips))) {
		TAILQ_REMOVE(&v->evips, a, entry);
		conf_vip_free(a);
	}
	while ((r = TAILQ_FIRST(&v->routes))) {
		TAILQ_REMOVE(&v->routes, r, entry);
		conf_vroute_free(r);
	}
	conf_vrrp_track_list_free(&v->track_ifs);
	conf_vrrp_track_list_free(&v->track_scripts);
	conf_vrrp_track_list_free(&v->track_files);
	conf_cmd_free(&v->notify_master);
	conf_cmd_free(&v->notify_backup);
	conf_cmd_free(&v->notify_fault);
	conf_cmd_free(&v->notify_stop);
	conf_cmd_free(&v->notify);
	conf_cmd_free(&v->notify_master_rx_lower_pri);
	free(v);
}
