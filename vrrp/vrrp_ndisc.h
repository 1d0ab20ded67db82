/*
 * vrrp_ndisc: unsolicited neighbour advertisements for IPv6 virtual
 * addresses (RFC 5798 §6.4.2, RFC 4861 §7.2.6), sent through one ICMPv6 raw
 * socket to all-nodes ff02::1 with hop limit 255, the Override flag and a
 * target link-layer address option.  The kernel fills in the ICMPv6
 * checksum (always on for ICMPv6 raw sockets) and the link-local source.
 */
#ifndef VIGIL_VRRP_NDISC_H
#define VIGIL_VRRP_NDISC_H

#include "lib/addr.h"

/* Send one unsolicited NA for ip on ifname.  0, or -1 with errno. */
int vrrp_ndisc_send(const char *ifname, const struct addr *ip);
void vrrp_ndisc_close(void);

#endif
