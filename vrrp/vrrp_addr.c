/*
 * vrrp_addr: virtual addresses through libnl-route (see vrrp_addr.h).
 *
 * One rtnl_addr object is built per request (index, local address, prefix,
 * broadcast, scope, label, flags) and sent with rtnl_addr_add() /
 * rtnl_addr_delete(), which wait for the kernel's acknowledgement.  EEXIST on
 * add and EADDRNOTAVAIL on delete mean "already as wanted".
 */
#include "config.h"

#include <errno.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/route/route.h>
#include <stdio.h>
#include <string.h>

#include "lib/conf_vrrp.h"
#include "lib/log.h"
#include "lib/util.h"
#include "vrrp/vrrp_addr.h"

static struct nl_sock *addr_sk;

int vrrp_addr_init(void)
{
	int err;

	if (addr_sk)
		return 0;
	addr_sk = nl_socket_alloc();
	if (!addr_sk) {
		log_warnx("netlink: cannot allocate a socket");
		return -1;
	}
	err = nl_connect(addr_sk, NETLINK_ROUTE);
	if (err < 0) {
		log_warnx("netlink: connect: %s", nl_geterror(err));
		nl_socket_free(addr_sk);
		addr_sk = NULL;
		return -1;
	}
	return 0;
}

void vrrp_addr_fini(void)
{
	if (addr_sk)
		nl_socket_free(addr_sk);
	addr_sk = NULL;
}

void vrrp_vip_from_conf(struct vrrp_vip *v, const struct conf_vip *c, const char *ifname)
{
	memset(v, 0, sizeof(*v));
	v->addr = c->addr;
	v->plen = c->plen >= 0 ? c->plen : addr_bits(&c->addr);
	util_strlcpy(v->ifname, c->dev ? c->dev : ifname, sizeof(v->ifname));
	v->brd = c->brd;
	v->scope = (int)c->scope;
	if (c->label)
		util_strlcpy(v->label, c->label, sizeof(v->label));
	v->flags = c->flags;
}

bool vrrp_vip_eq(const struct vrrp_vip *a, const struct vrrp_vip *b)
{
	return addr_eq(&a->addr, &b->addr) && a->plen == b->plen &&
	       strcmp(a->ifname, b->ifname) == 0 && addr_eq(&a->brd, &b->brd) &&
	       a->scope == b->scope && strcmp(a->label, b->label) == 0 && a->flags == b->flags;
}

const char *vrrp_vip_str(const struct vrrp_vip *v, char *buf, size_t len)
{
	char a[ADDR_STRLEN];

	if (util_snprintf(buf, len, "%s/%d dev %s", addr_str(&v->addr, a, sizeof(a)), v->plen,
			  v->ifname) < 0 &&
	    len > 0)
		buf[len - 1] = '\0';
	return buf;
}

static struct nl_addr *to_nl(const struct addr *a)
{
	return nl_addr_build(a->af, a->u.bytes, a->af == AF_INET ? 4 : 16);
}

/* Build the request; NULL when the interface does not exist (logged). */
static struct rtnl_addr *build(const struct vrrp_vip *v)
{
	unsigned idx = if_nametoindex(v->ifname);
	struct rtnl_addr *ra;
	struct nl_addr *local;
	unsigned flags = 0;
	char b[ADDR_PFX_STRLEN + IF_NAMESIZE + 8];

	if (idx == 0) {
		log_warnx("VIP %s: no such interface", vrrp_vip_str(v, b, sizeof(b)));
		return NULL;
	}
	ra = rtnl_addr_alloc();
	local = to_nl(&v->addr);
	if (!ra || !local) {
		log_warnx("VIP %s: out of memory", vrrp_vip_str(v, b, sizeof(b)));
		if (ra)
			rtnl_addr_put(ra);
		if (local)
			nl_addr_put(local);
		return NULL;
	}
	rtnl_addr_set_ifindex(ra, (int)idx);
	rtnl_addr_set_family(ra, v->addr.af);
	rtnl_addr_set_local(ra, local);
	nl_addr_put(local);
	rtnl_addr_set_prefixlen(ra, v->plen);
	if (addr_is_set(&v->brd) && v->addr.af == AF_INET) {
		struct nl_addr *brd = to_nl(&v->brd);

		if (brd) {
			rtnl_addr_set_broadcast(ra, brd);
			nl_addr_put(brd);
		}
	}
	rtnl_addr_set_scope(ra, v->scope);
	if (v->label[0] && v->addr.af == AF_INET)
		rtnl_addr_set_label(ra, v->label);
	if (v->flags & CONF_VIP_NODAD)
		flags |= IFA_F_NODAD;
	if (v->flags & CONF_VIP_NOPREFIXROUTE)
		flags |= IFA_F_NOPREFIXROUTE;
	if (v->flags & CONF_VIP_HOME)
		flags |= IFA_F_HOMEADDRESS;
	if (v->flags & CONF_VIP_MNGTMPADDR)
		flags |= IFA_F_MANAGETEMPADDR;
	if (v->flags & CONF_VIP_AUTOJOIN)
		flags |= IFA_F_MCAUTOJOIN;
	if (flags)
		rtnl_addr_set_flags(ra, flags);
	return ra;
}

int vrrp_addr_add(const struct vrrp_vip *v)
{
	struct rtnl_addr *ra;
	char b[ADDR_PFX_STRLEN + IF_NAMESIZE + 8];
	int err;

	if (!addr_sk && vrrp_addr_init() < 0)
		return -1;
	ra = build(v);
	if (!ra)
		return -1;
	err = rtnl_addr_add(addr_sk, ra, 0);
	rtnl_addr_put(ra);
	if (err < 0 && err != -NLE_EXIST) {
		log_warnx("VIP %s: add: %s", vrrp_vip_str(v, b, sizeof(b)), nl_geterror(err));
		return -1;
	}
	log_debug("VIP %s added", vrrp_vip_str(v, b, sizeof(b)));
	return 0;
}

int vrrp_addr_del(const struct vrrp_vip *v)
{
	struct rtnl_addr *ra;
	char b[ADDR_PFX_STRLEN + IF_NAMESIZE + 8];
	int err;

	if (!addr_sk && vrrp_addr_init() < 0)
		return -1;
	ra = build(v);
	if (!ra)
		return -1;
	err = rtnl_addr_delete(addr_sk, ra, 0);
	rtnl_addr_put(ra);
	if (err < 0 && err != -NLE_NOADDR && err != -NLE_OBJ_NOTFOUND && err != -NLE_NODEV) {
		log_warnx("VIP %s: remove: %s", vrrp_vip_str(v, b, sizeof(b)), nl_geterror(err));
		return -1;
	}
	log_debug("VIP %s removed", vrrp_vip_str(v, b, sizeof(b)));
	return 0;
}

/* ---- routes ---- */

void vrrp_route_from_conf(struct vrrp_route *r, const struct conf_vroute *c)
{
	memset(r, 0, sizeof(*r));
	r->type = (int)c->type;
	r->dst = c->dst;
	r->plen = c->plen >= 0 ? c->plen : addr_bits(&c->dst);
	r->src = c->src;
	r->via = c->via;
	r->via2 = c->via2;
	if (c->dev)
		util_strlcpy(r->dev, c->dev, sizeof(r->dev));
	r->scope = (int)c->scope;
	r->table = c->table;
	r->metric = c->metric;
}

bool vrrp_route_eq(const struct vrrp_route *a, const struct vrrp_route *b)
{
	return a->type == b->type && addr_eq(&a->dst, &b->dst) && a->plen == b->plen &&
	       addr_eq(&a->src, &b->src) && addr_eq(&a->via, &b->via) &&
	       addr_eq(&a->via2, &b->via2) && strcmp(a->dev, b->dev) == 0 && a->scope == b->scope &&
	       a->table == b->table && a->metric == b->metric;
}

const char *vrrp_route_str(const struct vrrp_route *r, char *buf, size_t len)
{
	char d[ADDR_STRLEN], v[ADDR_STRLEN];

	if (util_snprintf(buf, len, "%s/%d%s%s%s%s table %u", addr_str(&r->dst, d, sizeof(d)),
			  r->plen, addr_is_set(&r->via) ? " via " : "",
			  addr_is_set(&r->via) ? addr_str(&r->via, v, sizeof(v)) : "",
			  r->dev[0] ? " dev " : "", r->dev, r->table) < 0 &&
	    len > 0)
		buf[len - 1] = '\0';
	return buf;
}

static int add_nexthop(struct rtnl_route *rt, const struct addr *via, int ifindex)
{
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();

	if (!nh)
		return -1;
	if (ifindex > 0)
		rtnl_route_nh_set_ifindex(nh, ifindex);
	if (via && addr_is_set(via)) {
		struct nl_addr *gw = to_nl(via);

		if (!gw) {
			rtnl_route_nh_free(nh);
			return -1;
		}
		rtnl_route_nh_set_gateway(nh, gw);
		nl_addr_put(gw);
	}
	rtnl_route_add_nexthop(rt, nh);
	return 0;
}

static struct rtnl_route *route_build(const struct vrrp_route *r)
{
	struct rtnl_route *rt = rtnl_route_alloc();
	struct nl_addr *dst = to_nl(&r->dst);
	int ifindex = 0;
	char b[160];

	if (r->dev[0]) {
		ifindex = (int)if_nametoindex(r->dev);
		if (ifindex == 0) {
			log_warnx("route %s: no such interface", vrrp_route_str(r, b, sizeof(b)));
			goto fail;
		}
	}
	if (!rt || !dst)
		goto fail;
	nl_addr_set_prefixlen(dst, r->plen);
	rtnl_route_set_family(rt, (uint8_t)r->dst.af);
	rtnl_route_set_dst(rt, dst);
	nl_addr_put(dst);
	dst = NULL;
	rtnl_route_set_table(rt, r->table);
	rtnl_route_set_type(rt, (uint8_t)r->type);
	rtnl_route_set_protocol(rt, RTPROT_STATIC);
	if (r->scope >= 0)
		rtnl_route_set_scope(rt, (uint8_t)r->scope);
	if (r->metric)
		rtnl_route_set_priority(rt, r->metric);
	if (addr_is_set(&r->src)) {
		struct nl_addr *src = to_nl(&r->src);

		if (src) {
			rtnl_route_set_pref_src(rt, src);
			nl_addr_put(src);
		}
	}
	if (r->type == RTN_UNICAST) {
		if (add_nexthop(rt, &r->via, ifindex) < 0)
			goto fail;
		if (addr_is_set(&r->via2) && add_nexthop(rt, &r->via2, ifindex) < 0)
			goto fail;
	}
	return rt;
fail:
	if (dst)
		nl_addr_put(dst);
	if (rt)
		rtnl_route_put(rt);
	return NULL;
}

int vrrp_route_add(const struct vrrp_route *r)
{
	struct rtnl_route *rt;
	char b[160];
	int err;

	if (!addr_sk && vrrp_addr_init() < 0)
		return -1;
	rt = route_build(r);
	if (!rt)
		return -1;
	err = rtnl_route_add(addr_sk, rt, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_route_put(rt);
	if (err < 0 && err != -NLE_EXIST) {
		log_warnx("route %s: add: %s", vrrp_route_str(r, b, sizeof(b)), nl_geterror(err));
		return -1;
	}
	log_debug("route %s added", vrrp_route_str(r, b, sizeof(b)));
	return 0;
}

int vrrp_route_del(const struct vrrp_route *r)
{
	struct rtnl_route *rt;
	char b[160];
	int err;

	if (!addr_sk && vrrp_addr_init() < 0)
		return -1;
	rt = route_build(r);
	if (!rt)
		return -1;
	err = rtnl_route_delete(addr_sk, rt, 0);
	rtnl_route_put(rt);
	if (err < 0 && err != -NLE_OBJ_NOTFOUND && err != -NLE_NOADDR && err != -NLE_NODEV) {
		log_warnx("route %s: remove: %s", vrrp_route_str(r, b, sizeof(b)),
			  nl_geterror(err));
		return -1;
	}
	log_debug("route %s removed", vrrp_route_str(r, b, sizeof(b)));
	return 0;
}

/* ---- use_vmac ---- */

static void write_sysctl(const char *ifname, const char *key, const char *val)
{
	char path[128];
	FILE *f;

	if (util_snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", ifname, key) < 0)
		return;
	f = fopen(path, "w");
	if (!f) {
		log_warn("%s", path);
		return;
	}
	fputs(val, f);
	if (fclose(f) != 0)
		log_warn("%s", path);
}

int vrrp_vmac_add(const char *base, const char *name, int vrid, int af)
{
	uint8_t mac[6] = {0x00, 0x00, 0x5e, 0x00, (uint8_t)(af == AF_INET6 ? 2 : 1), (uint8_t)vrid};
	unsigned idx = if_nametoindex(base);
	struct rtnl_link *link;
	struct nl_addr *lladdr;
	int err;

	if (!addr_sk && vrrp_addr_init() < 0)
		return -1;
	if (idx == 0) {
		log_warnx("vmac %s: no interface %s", name, base);
		return -1;
	}
	if (if_nametoindex(name) == 0) {
		link = rtnl_link_macvlan_alloc();
		lladdr = nl_addr_build(AF_LLC, mac, sizeof(mac));
		if (!link || !lladdr) {
			if (link)
				rtnl_link_put(link);
			if (lladdr)
				nl_addr_put(lladdr);
			return -1;
		}
		rtnl_link_set_link(link, (int)idx);
		rtnl_link_set_name(link, name);
		rtnl_link_set_addr(link, lladdr);
		nl_addr_put(lladdr);
		rtnl_link_macvlan_set_mode(link, MACVLAN_MODE_PRIVATE);
		rtnl_link_set_flags(link, IFF_UP);
		err = rtnl_link_add(addr_sk, link, NLM_F_CREATE | NLM_F_EXCL);
		rtnl_link_put(link);
		if (err < 0 && err != -NLE_EXIST) {
			log_warnx("vmac %s on %s: %s", name, base, nl_geterror(err));
			return -1;
		}
		log_info("vmac %s created on %s", name, base);
	}
	if (af == AF_INET) {
		write_sysctl(name, "arp_ignore", "1");
		write_sysctl(name, "arp_filter", "1");
	}
	return 0;
}

int vrrp_vmac_del(const char *name)
{
	struct rtnl_link *link;
	int err;

	if (if_nametoindex(name) == 0)
		return 0;
	if (!addr_sk && vrrp_addr_init() < 0)
		return -1;
	link = rtnl_link_alloc();
	if (!link)
		return -1;
	rtnl_link_set_name(link, name);
	err = rtnl_link_delete(addr_sk, link);
	rtnl_link_put(link);
	if (err < 0 && err != -NLE_NODEV && err != -NLE_OBJ_NOTFOUND) {
		log_warnx("vmac %s: remove: %s", name, nl_geterror(err));
		return -1;
	}
	log_info("vmac %s removed", name);
	return 0;
}
