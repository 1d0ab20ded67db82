/*
 * vrrp_arp: gratuitous ARP (see vrrp_arp.h).  The socket is opened on first
 * use; the interface's index and MAC are looked up for every burst (an
 * interface may come and go, and bursts are rare).
 */
#include "config.h"

#include <errno.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/if_ether.h>
#include <netpacket/packet.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/util.h"
#include "vrrp/vrrp_arp.h"

static int arp_fd = -1;

void vrrp_arp_close(void)
{
	if (arp_fd >= 0)
		close(arp_fd);
	arp_fd = -1;
}

int vrrp_arp_send(const char *ifname, const struct addr *ip)
{
	struct ether_arp arp;
	struct sockaddr_ll sll;
	struct ifreq ifr;

	if (ip->af != AF_INET) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (arp_fd < 0) {
		arp_fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (arp_fd < 0)
			return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	util_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	if (ioctl(arp_fd, SIOCGIFHWADDR, &ifr) < 0)
		return -1;
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		errno = EOPNOTSUPP;
		return -1;
	}
	memset(&arp, 0, sizeof(arp));
	arp.arp_hrd = htons(ARPHRD_ETHER);
	arp.arp_pro = htons(ETHERTYPE_IP);
	arp.arp_hln = ETH_ALEN;
	arp.arp_pln = 4;
	arp.arp_op = htons(ARPOP_REQUEST);
	memcpy(arp.arp_sha, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	memcpy(arp.arp_spa, &ip->u.v4, 4);
	memset(arp.arp_tha, 0xff, ETH_ALEN);
	memcpy(arp.arp_tpa, &ip->u.v4, 4);

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ARP);
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	sll.sll_halen = ETH_ALEN;
	memset(sll.sll_addr, 0xff, ETH_ALEN);
	if (sll.sll_ifindex == 0)
		return -1;
	if (sendto(arp_fd, &arp, sizeof(arp), 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return -1;
	return 0;
}
