/*
 * vrrp_addr: the virtual addresses of the VRRP instances, installed and
 * removed through rtnetlink with libnl-route (one shared netlink socket).
 *
 * A struct vrrp_vip is the runtime copy of one virtual_ipaddress /
 * virtual_ipaddress_excluded line (the config is freed after start and
 * reload, so nothing points into it).  Adding an address that is already
 * there and removing one that is gone are not errors: the kernel state is
 * what matters, and a restart must not fail on its own leftovers.
 */
#ifndef VIGIL_VRRP_ADDR_H
#define VIGIL_VRRP_ADDR_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/addr.h"

struct conf_vip;
struct conf_vroute;

struct vrrp_vip {
	struct addr addr;
	int plen;
	char ifname[IF_NAMESIZE];
	struct addr brd; /* unset: none */
	int scope;	 /* RT_SCOPE_* */
	char label[IF_NAMESIZE];
	unsigned flags; /* CONF_VIP_* */
};

/* Open / close the shared rtnetlink socket.  0, or -1 (logged). */
int vrrp_addr_init(void);
void vrrp_addr_fini(void);

/* Copy a config line; dev defaults to ifname. */
void vrrp_vip_from_conf(struct vrrp_vip *v, const struct conf_vip *c, const char *ifname);
/* Same address, prefix, device, scope, broadcast, label and flags. */
bool vrrp_vip_eq(const struct vrrp_vip *a, const struct vrrp_vip *b);
/* "192.0.2.100/24 dev eth0" for logs. */
const char *vrrp_vip_str(const struct vrrp_vip *v, char *buf, size_t len);

/* Install / remove one address.  0, or -1 (logged). */
int vrrp_addr_add(const struct vrrp_vip *v);
int vrrp_addr_del(const struct vrrp_vip *v);

/* One virtual_routes line. */
struct vrrp_route {
	int type; /* RTN_* */
	struct addr dst;
	int plen;
	struct addr src, via, via2; /* unset: none */
	char dev[IF_NAMESIZE];	    /* "": none */
	int scope;		    /* RT_SCOPE_*, -1: the kernel's choice */
	uint32_t table, metric;
};

void vrrp_route_from_conf(struct vrrp_route *r, const struct conf_vroute *c);
bool vrrp_route_eq(const struct vrrp_route *a, const struct vrrp_route *b);
const char *vrrp_route_str(const struct vrrp_route *r, char *buf, size_t len);
/* Install / remove one route (EEXIST / ESRCH are not errors).  0, or -1 (logged). */
int vrrp_route_add(const struct vrrp_route *r);
int vrrp_route_del(const struct vrrp_route *r);

/* use_vmac: a macvlan NAME (mode private) on BASE with the VRRP virtual MAC
 * 00-00-5e-00-01-VRID (IPv4) / 00-00-5e-00-02-VRID (IPv6), up, with
 * arp_ignore=1 and arp_filter=1 so that it answers ARP only for its own
 * addresses.  An existing link of that name is reused.  0, or -1 (logged). */
int vrrp_vmac_add(const char *base, const char *name, int vrid, int af);
int vrrp_vmac_del(const char *name);

#endif
