/*
 * vrrp_sock: raw IP protocol 112 sockets of the VRRP process, one per
 * (interface, family), shared by every instance on that interface.
 *
 * The socket is bound to its device (SO_BINDTODEVICE), joins the multicast
 * groups its instances use (224.0.0.18 / ff02::12 or the configured group),
 * does not loop its own multicast back, sends with TTL / hop limit 255 (or
 * the instance's unicast_ttl), and asks the kernel for the received TTL
 * (IP_RECVTTL / IPV6_RECVHOPLIMIT) and, for IPv6, the destination address
 * (IPV6_RECVPKTINFO).  The source address of each advert is given per send
 * (IP_PKTINFO / IPV6_PKTINFO), so mcast_src_ip and unicast_src_ip need no
 * socket of their own.  IPv6 raw sockets compute no checksum unless asked
 * (IPV6_CHECKSUM); we never ask: vrrp_packet computes and verifies it with
 * the pseudo-header, as for IPv4.
 *
 * vrrp_sock_recv() strips the IPv4 header and fills a struct vrrp_rx for
 * vrrp_packet_decode().
 */
#ifndef VIGIL_VRRP_SOCK_H
#define VIGIL_VRRP_SOCK_H

#include <stddef.h>
#include <stdint.h>

#include "lib/addr.h"
#include "vrrp/vrrp_packet.h"

#define VRRP_SOCK_RXBUF 4096 /* IPv4 header + the largest message, with room */

struct vrrp_sock {
	int fd;
	int af;
	unsigned ifindex;
	char ifname[16];
	uint8_t rxbuf[VRRP_SOCK_RXBUF];
};

/* Open a socket for ifname and family.  0, or -1 with errno (logged). */
int vrrp_sock_open(struct vrrp_sock *s, const char *ifname, int af);
void vrrp_sock_close(struct vrrp_sock *s);
/* Join / leave a multicast group on the socket's interface. */
int vrrp_sock_join(struct vrrp_sock *s, const struct addr *group);
int vrrp_sock_leave(struct vrrp_sock *s, const struct addr *group);
/* Send one message from src (unset: the kernel chooses) to dst with the
 * given TTL / hop limit.  Returns the bytes sent or -1 with errno. */
ssize_t vrrp_sock_send(struct vrrp_sock *s, const struct addr *src, const struct addr *dst, int ttl,
		       const uint8_t *msg, size_t len);
/* Read one packet.  1 with rx filled (rx->buf points into s->rxbuf), 0 when
 * there is nothing more to read (EAGAIN), -1 on error, -2 for a packet too
 * short for its IP header (counted as truncated by the caller). */
int vrrp_sock_recv(struct vrrp_sock *s, struct vrrp_rx *rx);

/* The interface's primary address of the family (IPv4: its first address,
 * IPv6: its first link-local), skipping the `nskip` addresses given (our
 * VIPs).  0 on success, -1 when it has none. */
int vrrp_sock_primary(const char *ifname, int af, const struct addr *skip, size_t nskip,
		      struct addr *out);

#endif
