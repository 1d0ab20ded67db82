/*
 * vrrp_ndisc: unsolicited neighbour advertisements (see vrrp_ndisc.h).
 * The socket is opened on first use; the outgoing interface is chosen per
 * packet with IPV6_PKTINFO.
 */
#include "config.h"

#include <errno.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/util.h"
#include "vrrp/vrrp_ndisc.h"

static int nd_fd = -1;

void vrrp_ndisc_close(void)
{
	if (nd_fd >= 0)
		close(nd_fd);
	nd_fd = -1;
}

static int nd_open(void)
{
	int hops = 255, loop = 0;

	nd_fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMPV6);
	if (nd_fd < 0)
		return -1;
	if (setsockopt(nd_fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) < 0 ||
	    setsockopt(nd_fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops)) < 0 ||
	    setsockopt(nd_fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, sizeof(loop)) < 0) {
		vrrp_ndisc_close();
		return -1;
	}
	return 0;
}

int vrrp_ndisc_send(const char *ifname, const struct addr *ip)
{
	struct {
		struct nd_neighbor_advert na;
		struct nd_opt_hdr opt;
		uint8_t mac[ETH_ALEN];
	} __attribute__((packed)) pkt;
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} ctl;
	struct sockaddr_in6 dst;
	struct in6_pktinfo pi;
	struct iovec iov = {.iov_base = &pkt, .iov_len = sizeof(pkt)};
	struct msghdr mh;
	struct cmsghdr *cm;
	struct ifreq ifr;
	unsigned idx;

	if (ip->af != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (nd_fd < 0 && nd_open() < 0)
		return -1;
	idx = if_nametoindex(ifname);
	if (idx == 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	util_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	if (ioctl(nd_fd, SIOCGIFHWADDR, &ifr) < 0)
		return -1;

	memset(&pkt, 0, sizeof(pkt));
	pkt.na.nd_na_type = ND_NEIGHBOR_ADVERT;
	pkt.na.nd_na_code = 0;
	pkt.na.nd_na_flags_reserved = ND_NA_FLAG_OVERRIDE;
	pkt.na.nd_na_target = ip->u.v6;
	pkt.opt.nd_opt_type = ND_OPT_TARGET_LINKADDR;
	pkt.opt.nd_opt_len = 1; /* 8 octets */
	memcpy(pkt.mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);

	memset(&dst, 0, sizeof(dst));
	dst.sin6_family = AF_INET6;
	dst.sin6_addr.s6_addr[0] = 0xff;
	dst.sin6_addr.s6_addr[1] = 0x02;
	dst.sin6_addr.s6_addr[15] = 0x01;
	dst.sin6_scope_id = idx;

	memset(&pi, 0, sizeof(pi));
	pi.ipi6_ifindex = idx;
	memset(&ctl, 0, sizeof(ctl));
	memset(&mh, 0, sizeof(mh));
	mh.msg_name = &dst;
	mh.msg_namelen = sizeof(dst);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.buf;
	mh.msg_controllen = sizeof(ctl.buf);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = IPPROTO_IPV6;
	cm->cmsg_type = IPV6_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	if (sendmsg(nd_fd, &mh, 0) < 0)
		return -1;
	return 0;
}
