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
#include <net/if.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
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
