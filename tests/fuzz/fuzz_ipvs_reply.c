/*
 * fuzz_ipvs_reply: libFuzzer target for the IPVS reply parsers of ipvs_msg.
 *
 * The input is a stream of netlink messages as one recv() would return it;
 * every message is offered to every parser (service, destination, timeouts,
 * daemon, info, controller family, error/ACK).  None may crash or read out of
 * bounds.  A service or destination that parses must also survive a round
 * trip: encoded again as a NEW request, it parses back to the same object.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvs/ipvs_msg.h"
#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip_service(const struct ipvs_service *s)
{
	struct ipvs_req req = {.cmd = IPVS_CMD_NEW_SERVICE, .svc = s};
	struct ipvs_service back;
	uint8_t buf[1024];
	int len = ipvs_msg_build(buf, sizeof(buf), 0x20, 1, &req);

	if (len < 0)
		return; /* not a valid request (e.g. empty scheduler name): fine */
	if (ipvs_msg_parse_service(buf, (size_t)len, &back) != IPVS_PERR_OK)
		abort();
	if (back.af != s->af || back.fwmark != s->fwmark || back.protocol != s->protocol ||
	    back.port != s->port || !addr_eq(&back.addr, &s->addr) ||
	    strcmp(back.sched_name, s->sched_name) != 0 || strcmp(back.pe_name, s->pe_name) != 0 ||
	    back.flags != s->flags || back.timeout != s->timeout || back.netmask != s->netmask)
		abort();
	if (s->flags_mask && back.flags_mask != s->flags_mask)
		abort();
}

static void roundtrip_dest(const struct ipvs_dest *d)
{
	struct ipvs_service svc;
	struct ipvs_req req = {.cmd = IPVS_CMD_NEW_DEST, .svc = &svc, .dest = d};
	struct ipvs_dest back;
	uint8_t buf[1024];
	int len;

	ipvs_service_init(&svc, AF_INET);
	svc.fwmark = 1;
	len = ipvs_msg_build(buf, sizeof(buf), 0x20, 1, &req);
	if (len < 0)
		return;
	if (ipvs_msg_parse_dest(buf, (size_t)len, 0, &back, NULL) != IPVS_PERR_OK)
		abort();
	if (!addr_eq(&back.addr, &d->addr) || back.port != d->port || back.fwd != d->fwd ||
	    back.weight != d->weight || back.u_thresh != d->u_thresh ||
	    back.l_thresh != d->l_thresh)
		abort();
	if (d->fwd == IP_VS_CONN_F_TUNNEL &&
	    (back.tun_type != d->tun_type || back.tun_port != d->tun_port ||
	     back.tun_flags != d->tun_flags))
		abort();
}

static void one_message(const uint8_t *msg, size_t len)
{
	struct ipvs_service svc;
	struct ipvs_dest dest;
	struct ipvs_dest_stats st;
	struct ipvs_timeouts t;
	struct ipvs_daemon dm;
	struct ipvs_info info;
	uint16_t id;
	uint32_t ver, maxattr, seq;
	int err;
	const char *ext;

	if (ipvs_msg_parse_service(msg, len, &svc) == IPVS_PERR_OK)
		roundtrip_service(&svc);
	if (ipvs_msg_parse_dest(msg, len, 0, &dest, &st) == IPVS_PERR_OK)
		roundtrip_dest(&dest);
	if (ipvs_msg_parse_dest(msg, len, AF_INET6, &dest, NULL) == IPVS_PERR_OK)
		roundtrip_dest(&dest);
	(void)ipvs_msg_parse_timeouts(msg, len, &t);
	(void)ipvs_msg_parse_daemon(msg, len, &dm);
	(void)ipvs_msg_parse_info(msg, len, &info);
	(void)ipvs_msg_parse_family(msg, len, &id, &ver, &maxattr);
	if (ipvs_msg_parse_error(msg, len, &err, &seq, &ext) == IPVS_PERR_OK && ext &&
	    strlen(ext) >= len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Netlink messages are 4-byte aligned in a receive buffer: keep that. */
	uint8_t *buf = xmalloc(size ? size : 1);
	const struct nlmsghdr *nlh;
	size_t off = 0, mlen;

	memcpy(buf, data, size);
	/* the whole buffer as one message: every parser must bound itself by len */
	one_message(buf, size);
	while ((nlh = ipvs_msg_next(buf, size, &off, &mlen)) != NULL) {
		if (off > size || mlen > size)
			abort();
		one_message((const uint8_t *)nlh, mlen);
	}
	free(buf);
	return 0;
}
