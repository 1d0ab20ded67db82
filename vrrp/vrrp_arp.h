/*
 * vrrp_arp: gratuitous ARP for IPv4 virtual addresses (RFC 5798 §6.4.2),
 * sent through one AF_PACKET/SOCK_DGRAM socket: an ARP request, broadcast,
 * with the VIP as sender and target address and the interface's MAC as
 * sender hardware address.
 */
#ifndef VIGIL_VRRP_ARP_H
#define VIGIL_VRRP_ARP_H

#include "lib/addr.h"

/* Send one gratuitous ARP for ip on ifname.  0, or -1 with errno. */
int vrrp_arp_send(const char *ifname, const struct addr *ip);
void vrrp_arp_close(void);

#endif
