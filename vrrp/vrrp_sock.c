/*
 * vrrp_sock: raw IP protocol 112 sockets (see vrrp_sock.h).
 *
 * Receive: for IPv4 the kernel hands the IP header to a raw socket, so the
 * source, destination and header length come from it; the TTL comes from the
 * IP_TTL control message (the header's value when the message is missing).
 * For IPv6 the kernel strips the header: the source is the peer address of
 * recvmsg(), the destination comes from IPV6_PKTINFO and the hop limit from
 * IPV6_HOPLIMIT.
 */
#include "config.h"

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/util.h"
#include "vrrp/vrrp_sock.h"

static int setopt(int fd, int level, int name, int val)
{
	return setsockopt(fd, level, name, &val, sizeof(val));
}

int vrrp_sock_open(struct vrrp_sock *s, const char *ifname, int af)
{
	int fd, err;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->af = af;
	util_strlcpy(s->ifname, ifname, sizeof(s->ifname));
	s->ifindex = if_nametoindex(ifname);
	if (s->ifindex == 0) {
		log_warn("%s: no such interface", ifname);
		return -1;
	}
	fd = socket(af, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, VRRP_IPPROTO);
	if (fd < 0) {
		log_warn("%s: raw socket for VRRP", ifname);
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) < 0) {
		log_warn("%s: SO_BINDTODEVICE", ifname);
		goto fail;
	}
	if (af == AF_INET) {
		struct ip_mreqn mr;

		memset(&mr, 0, sizeof(mr));
		mr.imr_ifindex = (int)s->ifindex;
		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr)) < 0 ||
		    setopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, VRRP_TTL) < 0 ||
		    setopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0) < 0 ||
		    setopt(fd, IPPROTO_IP, IP_TTL, VRRP_TTL) < 0 ||
		    setopt(fd, IPPROTO_IP, IP_RECVTTL, 1) < 0) {
			log_warn("%s: IPv4 socket options", ifname);
			goto fail;
		}
	} else {
		int idx = (int)s->ifindex;

		if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &idx, sizeof(idx)) < 0 ||
		    setopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, VRRP_TTL) < 0 ||
		    setopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0) < 0 ||
		    setopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, VRRP_TTL) < 0 ||
		    setopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1) < 0 ||
		    setopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1) < 0) {
			log_warn("%s: IPv6 socket options", ifname);
			goto fail;
		}
	}
	s->fd = fd;
	return 0;
fail:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

void vrrp_sock_close(struct vrrp_sock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static int membership(struct vrrp_sock *s, const struct addr *group, bool join)
{
	if (s->af == AF_INET) {
		struct ip_mreqn mr;

		memset(&mr, 0, sizeof(mr));
		mr.imr_multiaddr = group->u.v4;
		mr.imr_ifindex = (int)s->ifindex;
		return setsockopt(s->fd, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP,
				  &mr, sizeof(mr));
	} else {
		struct ipv6_mreq mr;

		memset(&mr, 0, sizeof(mr));
		mr.ipv6mr_multiaddr = group->u.v6;
		mr.ipv6mr_interface = s->ifindex;
		return setsockopt(s->fd, IPPROTO_IPV6,
				  join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP, &mr,
				  sizeof(mr));
	}
}

int vrrp_sock_join(struct vrrp_sock *s, const struct addr *group)
{
	char b[ADDR_STRLEN];

	if (membership(s, group, true) < 0 && errno != EADDRINUSE) {
		log_warn("%s: join %s", s->ifname, addr_str(group, b, sizeof(b)));
		return -1;
	}
	return 0;
}

int vrrp_sock_leave(struct vrrp_sock *s, const struct addr *group)
{
	return membership(s, group, false);
}

static bool is_multicast(const struct addr *a)
{
	if (a->af == AF_INET)
		return IN_MULTICAST(ntohl(a->u.v4.s_addr));
	return a->af == AF_INET6 && a->u.v6.s6_addr[0] == 0xff;
}

ssize_t vrrp_sock_send(struct vrrp_sock *s, const struct addr *src, const struct addr *dst, int ttl,
		       const uint8_t *msg, size_t len)
{
	union {
		struct sockaddr_in v4;
		struct sockaddr_in6 v6;
	} sa;
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = {.iov_base = (void *)msg, .iov_len = len};
	struct msghdr mh;
	struct cmsghdr *cm;
	bool mc = is_multicast(dst);

	memset(&sa, 0, sizeof(sa));
	memset(&ctl, 0, sizeof(ctl));
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.buf;
	mh.msg_controllen = sizeof(ctl.buf);
	cm = CMSG_FIRSTHDR(&mh);
	if (s->af == AF_INET) {
		struct in_pktinfo pi;

		sa.v4.sin_family = AF_INET;
		sa.v4.sin_addr = dst->u.v4;
		mh.msg_name = &sa.v4;
		mh.msg_namelen = sizeof(sa.v4);
		memset(&pi, 0, sizeof(pi));
		pi.ipi_ifindex = (int)s->ifindex;
		if (src && src->af == AF_INET)
			pi.ipi_spec_dst = src->u.v4;
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
		/* The TTL of unicast adverts may differ (unicast_ttl); the
		 * multicast TTL is the socket's (255). */
		if (!mc && ttl > 0) {
			mh.msg_controllen += CMSG_SPACE(sizeof(int));
			cm = (struct cmsghdr *)(ctl.buf + CMSG_SPACE(sizeof(pi)));
			cm->cmsg_level = IPPROTO_IP;
			cm->cmsg_type = IP_TTL;
			cm->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(cm), &ttl, sizeof(int));
		}
	} else {
		struct in6_pktinfo pi;

		sa.v6.sin6_family = AF_INET6;
		sa.v6.sin6_addr = dst->u.v6;
		if (IN6_IS_ADDR_LINKLOCAL(&dst->u.v6) || IN6_IS_ADDR_MC_LINKLOCAL(&dst->u.v6))
			sa.v6.sin6_scope_id = s->ifindex;
		mh.msg_name = &sa.v6;
		mh.msg_namelen = sizeof(sa.v6);
		memset(&pi, 0, sizeof(pi));
		pi.ipi6_ifindex = s->ifindex;
		if (src && src->af == AF_INET6)
			pi.ipi6_addr = src->u.v6;
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
		if (!mc && ttl > 0) {
			mh.msg_controllen += CMSG_SPACE(sizeof(int));
			cm = (struct cmsghdr *)(ctl.buf + CMSG_SPACE(sizeof(pi)));
			cm->cmsg_level = IPPROTO_IPV6;
			cm->cmsg_type = IPV6_HOPLIMIT;
			cm->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(cm), &ttl, sizeof(int));
		}
	}
	return sendmsg(s->fd, &mh, 0);
}

int vrrp_sock_recv(struct vrrp_sock *s, struct vrrp_rx *rx)
{
	union {
		struct sockaddr_in v4;
		struct sockaddr_in6 v6;
	} sa;
	union {
		char buf[256];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = {.iov_base = s->rxbuf, .iov_len = sizeof(s->rxbuf)};
	struct msghdr mh;
	struct cmsghdr *cm;
	ssize_t n;

	memset(&mh, 0, sizeof(mh));
	mh.msg_name = &sa;
	mh.msg_namelen = sizeof(sa);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.buf;
	mh.msg_controllen = sizeof(ctl.buf);
	n = recvmsg(s->fd, &mh, 0);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
	memset(rx, 0, sizeof(*rx));
	rx->af = s->af;
	rx->ttl = -1;
	if (s->af == AF_INET) {
		size_t hl;

		if ((size_t)n < sizeof(struct ip))
			return -2;
		hl = (size_t)(s->rxbuf[0] & 0x0f) * 4;
		if ((s->rxbuf[0] >> 4) != 4 || hl < sizeof(struct ip) || hl > (size_t)n)
			return -2;
		rx->src.af = rx->dst.af = AF_INET;
		memcpy(&rx->src.u.v4, s->rxbuf + 12, 4);
		memcpy(&rx->dst.u.v4, s->rxbuf + 16, 4);
		rx->ttl = s->rxbuf[8];
		rx->buf = s->rxbuf + hl;
		rx->len = (size_t)n - hl;
	} else {
		rx->src.af = rx->dst.af = AF_INET6;
		rx->src.u.v6 = sa.v6.sin6_addr;
		rx->buf = s->rxbuf;
		rx->len = (size_t)n;
	}
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_TTL &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(int))) {
			int v;

			memcpy(&v, CMSG_DATA(cm), sizeof(v));
			rx->ttl = v;
		} else if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_HOPLIMIT &&
			   cm->cmsg_len >= CMSG_LEN(sizeof(int))) {
			int v;

			memcpy(&v, CMSG_DATA(cm), sizeof(v));
			rx->ttl = v;
		} else if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_PKTINFO &&
			   cm->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			rx->dst.u.v6 = pi.ipi6_addr;
		}
	}
	return 1;
}

int vrrp_sock_primary(const char *ifname, int af, const struct addr *skip, size_t nskip,
		      struct addr *out)
{
	struct ifaddrs *ifa, *i;
	int rc = -1;

	if (getifaddrs(&ifa) < 0)
		return -1;
	for (i = ifa; i && rc < 0; i = i->ifa_next) {
		struct addr a;
		bool skipped = false;

		if (!i->ifa_addr || i->ifa_addr->sa_family != af ||
		    strcmp(i->ifa_name, ifname) != 0)
			continue;
		memset(&a, 0, sizeof(a));
		a.af = af;
		if (af == AF_INET) {
			a.u.v4 = ((const struct sockaddr_in *)(const void *)i->ifa_addr)->sin_addr;
		} else {
			a.u.v6 =
			    ((const struct sockaddr_in6 *)(const void *)i->ifa_addr)->sin6_addr;
			if (!IN6_IS_ADDR_LINKLOCAL(&a.u.v6))
				continue;
		}
		for (size_t k = 0; k < nskip; k++)
			if (addr_eq(&skip[k], &a))
				skipped = true;
		if (skipped)
			continue;
		*out = a;
		rc = 0;
	}
	freeifaddrs(ifa);
	return rc;
}
