/*
 * check_net: the kinds' network helpers (check.h): the probe's target
 * address and a non-blocking, close-on-exec socket with the check's fwmark
 * (SO_MARK), bind_if (SO_BINDTODEVICE) and bindto/bind_port applied.  An
 * IPv6 link-local target gets bind_if's index as its scope.
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checkers/check.h"

static socklen_t fill(const struct addr *a, uint16_t port, const char *ifname,
		      struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = a->u.v6;
		if (ifname && IN6_IS_ADDR_LINKLOCAL(&a->u.v6))
			s6->sin6_scope_id = if_nametoindex(ifname);
		return sizeof(*s6);
	}
	if (a->af == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr = a->u.v4;
		return sizeof(*s4);
	}
	return 0;
}

socklen_t check_target(const struct check *ck, struct sockaddr_storage *ss)
{
	const struct conf_check *c = ck->conf;

	return fill(&c->connect_ip, c->connect_port, conf_check_conn(c)->bind_if, ss);
}

int check_socket(const struct check *ck, int type, int proto)
{
	const struct conf_check_conn *c = conf_check_conn(ck->conf);
	int af = ck->conf->connect_ip.af ? ck->conf->connect_ip.af : AF_INET;
	int fd = socket(af, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	int err;

	if (fd < 0)
		return -errno;
	if (c->fwmark) {
		unsigned mark = c->fwmark;

		if (setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) < 0)
			goto fail;
	}
	if (c->bind_if && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, c->bind_if,
				     (socklen_t)strlen(c->bind_if)) < 0)
		goto fail;
	if (addr_is_set(&c->bindto) || c->bind_port) {
		struct sockaddr_storage ss;
		struct addr any;
		socklen_t len;

		if (addr_is_set(&c->bindto)) {
			any = c->bindto;
		} else {
			memset(&any, 0, sizeof(any));
			any.af = af;
		}
		if (c->bind_port) {
			int one = 1;

			(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		}
		len = fill(&any, c->bind_port, c->bind_if, &ss);
		if (!len || bind(fd, (struct sockaddr *)&ss, len) < 0)
			goto fail;
	}
	return fd;
fail:
	err = errno ? errno : EINVAL;
	close(fd);
	return -err;
}
