/*
 * Unit tests for ipvs/ipvs_msg: every request is built and its bytes are
 * checked against the ip_vs.h constants with an attribute walker written
 * here (not libmnl), so a wrong type, length, byte order, nesting or padding
 * fails; replies are hand-built byte by byte (as the kernel lays them out)
 * and parsed, and malformed variants must be rejected with the right error.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvs/ipvs_msg.h"
#include "lib/addr.h"

#define FAMILY 0x1c
static struct addr A4(const char *s) {
	struct addr a;

	ck_assert_int_eq(addr_parse(s, &a), 0);
	return a;
}

static bool
addr_is(const struct addr *a, const char *s)
{
	struct addr b = A4(s);

	return addr_eq(a, &b);
}

/* ---- an independent reader for built requests ---- */

/* Aligned scratch buffers (netlink messages are 4-byte aligned). */
static uint32_t bufw[1024];
#define BUF ((uint8_t *)bufw)

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return v;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/*
 * Check that [p, p+len) is a well-formed attribute stream: every attribute
 * starts 4-aligned, fits, and its padding bytes are zero.  Returns the number
 * of attributes.
 */
static int check_stream(const uint8_t *p, size_t len)
{
	size_t off = 0;
	int n = 0;

	while (off < len) {
		uint16_t alen;
		ck_assert_uint_ge(len - off, 4);
		ck_assert_uint_eq(off % 4, 0);
		alen = rd16(p + off);
		ck_assert_uint_ge(alen, 4);
		ck_assert_uint_le(alen, len - off);
		for (size_t k = alen; k < ((alen + 3u) & ~3u); k++) {
			ck_assert_uint_lt(off + k, len);
			ck_assert_uint_eq(p[off + k], 0);
		}
		off += (alen + 3u) & ~3u;
		n++;
	}
	ck_assert_uint_eq(off, len);
	return n;
}

/* Find attribute `type` in a stream; *plen gets its payload length. NULL when absent. */
static const uint8_t *find(const uint8_t *p, size_t len, uint16_t type, size_t *plen)
{
	size_t off = 0;

	while (off + 4 <= len) {
		uint16_t alen = rd16(p + off), t = rd16(p + off + 2);
		if ((t & 0x3fff) == type) {
			*plen = alen - 4u;
			return p + off + 4;
		}
		off += (alen + 3u) & ~3u;
	}
	return NULL;
}

static const uint8_t *must(const uint8_t *p, size_t len, uint16_t type, size_t want_len)
{
	size_t plen = 0;
	const uint8_t *a = find(p, len, type, &plen);

	ck_assert_msg(a != NULL, "attribute %u missing", type);
	ck_assert_msg(plen == want_len, "attribute %u has payload %zu, want %zu", type, plen,
		      want_len);
	return a;
}

static void absent(const uint8_t *p, size_t len, uint16_t type)
{
	size_t plen;

	ck_assert_msg(find(p, len, type, &plen) == NULL, "attribute %u must be absent", type);
}

/* Check the headers of a built request; return its attribute stream. */
static const uint8_t *check_hdr(int len, uint8_t cmd, uint16_t flags, uint32_t seq, size_t *alen)
{
	const struct nlmsghdr *nlh = (const void *)BUF;

	ck_assert_int_gt(len, 0);
	ck_assert_int_eq(len % 4, 0);
	ck_assert_uint_eq(nlh->nlmsg_len, (uint32_t)len);
	ck_assert_uint_eq(nlh->nlmsg_type, FAMILY);
	ck_assert_uint_eq(nlh->nlmsg_flags, flags);
	ck_assert_uint_eq(nlh->nlmsg_seq, seq);
	ck_assert_uint_eq(nlh->nlmsg_pid, 0);
	ck_assert_uint_eq(BUF[16], cmd);
	ck_assert_uint_eq(BUF[17], IPVS_GENL_VERSION);
	ck_assert_uint_eq(rd16(BUF + 18), 0);
	*alen = (size_t)len - 20;
	check_stream(BUF + 20, *alen);
	return BUF + 20;
}

static int build(uint8_t cmd, const struct ipvs_service *svc, const struct ipvs_dest *d,
		 const struct ipvs_timeouts *t, const struct ipvs_daemon *dm)
{
	struct ipvs_req req = {.cmd = cmd, .svc = svc, .dest = d, .timeouts = t, .daemon = dm};

	memset(bufw, 0xa5, sizeof(bufw));
	return ipvs_msg_build(BUF, sizeof(bufw), FAMILY, 4242, &req);
}

static void svc_tcp4(struct ipvs_service *s)
{
	ipvs_service_init(s, AF_INET);
	s->protocol = IPPROTO_TCP;
	s->addr = A4("192.0.2.10");
	s->port = 8080;
	strcpy(s->sched_name, "rr");
	s->flags = IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET;
	s->timeout = 300;
	s->netmask = 0xffffff00;
}

/* ---- requests ---- */

START_TEST(test_new_service_v4)
{
	struct ipvs_service s;
	size_t alen = 0, slen = 0;
	const uint8_t *attrs, *nest, *a;
	struct ip_vs_flags fl;
	int len;

	svc_tcp4(&s);
	len = build(IPVS_CMD_NEW_SERVICE, &s, NULL, NULL, NULL);
	attrs = check_hdr(len, IPVS_CMD_NEW_SERVICE, NLM_F_REQUEST | NLM_F_ACK, 4242, &alen);
	ck_assert_int_eq(check_stream(attrs, alen), 1);
	ck_assert_uint_eq(rd16(attrs + 2) & 0x3fff, IPVS_CMD_ATTR_SERVICE);
	nest = find(attrs, alen, IPVS_CMD_ATTR_SERVICE, &slen);
	ck_assert_uint_eq(slen, alen - 4); /* the nest spans the whole payload */
	ck_assert_int_eq(check_stream(nest, slen), 8);
	ck_assert_uint_eq(rd16(must(nest, slen, IPVS_SVC_ATTR_AF, 2)), AF_INET);
	ck_assert_uint_eq(rd16(must(nest, slen, IPVS_SVC_ATTR_PROTOCOL, 2)), IPPROTO_TCP);
	a = must(nest, slen, IPVS_SVC_ATTR_ADDR, 4);
	ck_assert_int_eq(memcmp(a, "\xc0\x00\x02\x0a", 4), 0);
	a = must(nest, slen, IPVS_SVC_ATTR_PORT, 2);
	ck_assert_uint_eq(a[0], 8080 >> 8); /* network order */
	ck_assert_uint_eq(a[1], 8080 & 0xff);
	ck_assert_str_eq((const char *)must(nest, slen, IPVS_SVC_ATTR_SCHED_NAME, 3), "rr");
	a = must(nest, slen, IPVS_SVC_ATTR_FLAGS, sizeof(fl));
	memcpy(&fl, a, sizeof(fl));
	ck_assert_uint_eq(fl.flags, IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET);
	ck_assert_uint_eq(fl.mask, 0xffffffffu);
	ck_assert_uint_eq(rd32(must(nest, slen, IPVS_SVC_ATTR_TIMEOUT, 4)), 300);
	a = must(nest, slen, IPVS_SVC_ATTR_NETMASK, 4);
	ck_assert_int_eq(memcmp(a, "\xff\xff\xff\x00", 4), 0);
	absent(nest, slen, IPVS_SVC_ATTR_FWMARK);
	absent(nest, slen, IPVS_SVC_ATTR_PE_NAME);
	/* nothing written past the message */
	ck_assert_uint_eq(BUF[len], 0xa5);

	/* SET with a pe name and an explicit flag mask */
	strcpy(s.pe_name, "sip");
	s.flags_mask = IP_VS_SVC_F_ONEPACKET;
	len = build(IPVS_CMD_SET_SERVICE, &s, NULL, NULL, NULL);
	attrs = check_hdr(len, IPVS_CMD_SET_SERVICE, NLM_F_REQUEST | NLM_F_ACK, 4242, &alen);
	nest = find(attrs, alen, IPVS_CMD_ATTR_SERVICE, &slen);
	ck_assert_str_eq((const char *)must(nest, slen, IPVS_SVC_ATTR_PE_NAME, 4), "sip");
	memcpy(&fl, must(nest, slen, IPVS_SVC_ATTR_FLAGS, sizeof(fl)), sizeof(fl));
	ck_assert_uint_eq(fl.mask, IP_VS_SVC_F_ONEPACKET);
}
END_TEST

START_TEST(test_service_identity_only)
{
	struct ipvs_service s;
	size_t alen = 0, slen = 0;
	const uint8_t *attrs, *nest;
	int len;
	static const uint8_t cmds[] = {IPVS_CMD_DEL_SERVICE, IPVS_CMD_GET_SERVICE, IPVS_CMD_ZERO};

	svc_tcp4(&s);
	for (size_t i = 0; i < sizeof(cmds); i++) {
		len = build(cmds[i], &s, NULL, NULL, NULL);
		attrs = check_hdr(len, cmds[i], NLM_F_REQUEST | NLM_F_ACK, 4242, &alen);
		nest = find(attrs, alen, IPVS_CMD_ATTR_SERVICE, &slen);
		ck_assert_ptr_nonnull(nest);
		ck_assert_int_eq(check_stream(nest, slen), 4); /* af, proto, addr, port */
		absent(nest, slen, IPVS_SVC_ATTR_SCHED_NAME);
		absent(nest, slen, IPVS_SVC_ATTR_FLAGS);
		absent(nest, slen, IPVS_SVC_ATTR_TIMEOUT);
		absent(nest, slen, IPVS_SVC_ATTR_NETMASK);
	}
}
END_TEST

START_TEST(test_fwmark_service_v6)
{
	struct ipvs_service s;
	size_t alen = 0, slen = 0;
	const uint8_t *attrs, *nest;
	int len;

	ipvs_service_init(&s, AF_INET6);
	ck_assert_uint_eq(s.netmask, 128);
	s.fwmark = 77;
	strcpy(s.sched_name, "mh");
	s.flags = IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2;
	s.netmask = ipvs_netmask_from_plen(AF_INET6, 64);
	len = build(IPVS_CMD_NEW_SERVICE, &s, NULL, NULL, NULL);
	attrs = check_hdr(len, IPVS_CMD_NEW_SERVICE, NLM_F_REQUEST | NLM_F_ACK, 4242, &alen);
	nest = find(attrs, alen, IPVS_CMD_ATTR_SERVICE, &slen);
	ck_assert_uint_eq(rd16(must(nest, slen, IPVS_SVC_ATTR_AF, 2)), AF_INET6);
	ck_assert_uint_eq(rd32(must(nest, slen, IPVS_SVC_ATTR_FWMARK, 4)), 77);
	/* IPv6 persistence netmask is a prefix length in host order */
	ck_assert_uint_eq(rd32(must(nest, slen, IPVS_SVC_ATTR_NETMASK, 4)), 64);
	absent(nest, slen, IPVS_SVC_ATTR_ADDR);
	absent(nest, slen, IPVS_SVC_ATTR_PROTOCOL);
	absent(nest, slen, IPVS_SVC_ATTR_PORT);
}
END_TEST

START_TEST(test_dumps_and_simple)
{
	struct ipvs_service s;
	size_t alen = 0, slen = 0;
	const uint8_t *attrs;
	int len;

	len = build(IPVS_CMD_GET_SERVICE, NULL, NULL, NULL, NULL);
	check_hdr(len, IPVS_CMD_GET_SERVICE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, 4242, &alen);
	ck_assert_uint_eq(alen, 0);

	svc_tcp4(&s);
	len = build(IPVS_CMD_GET_DEST, &s, NULL, NULL, NULL);
	attrs =
	    check_hdr(len, IPVS_CMD_GET_DEST, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, 4242, &alen);
	ck_assert_ptr_nonnull(find(attrs, alen, IPVS_CMD_ATTR_SERVICE, &slen));
	absent(attrs, alen, IPVS_CMD_ATTR_DEST);
	/* GET_DEST needs its service */
	ck_assert_int_eq(build(IPVS_CMD_GET_DEST, NULL, NULL, NULL, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);

	len = build(IPVS_CMD_GET_DAEMON, NULL, NULL, NULL, NULL);
	check_hdr(len, IPVS_CMD_GET_DAEMON, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, 4242, &alen);
	ck_assert_uint_eq(alen, 0);

	static const uint8_t plain[] = {IPVS_CMD_GET_INFO, IPVS_CMD_GET_CONFIG, IPVS_CMD_FLUSH,
					IPVS_CMD_ZERO};
	for (size_t i = 0; i < sizeof(plain); i++) {
		len = build(plain[i], NULL, NULL, NULL, NULL);
		check_hdr(len, plain[i], NLM_F_REQUEST | NLM_F_ACK, 4242, &alen);
		ck_assert_uint_eq(alen, 0);
		ck_assert_uint_eq(len, 20);
	}
}
END_TEST

static void dest_tun6(struct ipvs_dest *d)
{
	memset(d, 0, sizeof(*d));
	ck_assert_int_eq(addr_parse("2001:db8::5", &d->addr), 0);
	d->port = 443;
	d->fwd = IP_VS_CONN_F_TUNNEL;
	d->weight = 7;
	d->u_thresh = 1000;
	d->l_thresh = 10;
	d->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	d->tun_port = 6080;
	d->tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
}

START_TEST(test_new_dest_tunnel_mixed_family)
{
	struct ipvs_service s;
	struct ipvs_dest d;
	size_t alen = 0, slen = 0, dlen = 0;
	const uint8_t *attrs, *snest, *dn, *a;
	int len;

	svc_tcp4(&s);
	dest_tun6(&d);
	len = build(IPVS_CMD_NEW_DEST, &s, &d, NULL, NULL);
	attrs = check_hdr(len, IPVS_CMD_NEW_DEST, NLM_F_REQUEST | NLM_F_ACK, 4242, &alen);
	ck_assert_int_eq(check_stream(attrs, alen), 2);
	snest = find(attrs, alen, IPVS_CMD_ATTR_SERVICE, &slen);
	ck_assert_int_eq(check_stream(snest, slen), 4); /* identity only */
	dn = find(attrs, alen, IPVS_CMD_ATTR_DEST, &dlen);
	ck_assert_ptr_nonnull(dn);
	ck_assert_int_eq(check_stream(dn, dlen), 10);
	ck_assert_uint_eq(rd16(must(dn, dlen, IPVS_DEST_ATTR_ADDR_FAMILY, 2)), AF_INET6);
	a = must(dn, dlen, IPVS_DEST_ATTR_ADDR, 16);
	ck_assert_int_eq(memcmp(a, d.addr.u.bytes, 16), 0);
	ck_assert_uint_eq(rd16(must(dn, dlen, IPVS_DEST_ATTR_PORT, 2)), htons(443));
	ck_assert_uint_eq(rd32(must(dn, dlen, IPVS_DEST_ATTR_FWD_METHOD, 4)), IP_VS_CONN_F_TUNNEL);
	ck_assert_uint_eq(rd32(must(dn, dlen, IPVS_DEST_ATTR_WEIGHT, 4)), 7);
	ck_assert_uint_eq(rd32(must(dn, dlen, IPVS_DEST_ATTR_U_THRESH, 4)), 1000);
	ck_assert_uint_eq(rd32(must(dn, dlen, IPVS_DEST_ATTR_L_THRESH, 4)), 10);
	ck_assert_uint_eq(*must(dn, dlen, IPVS_DEST_ATTR_TUN_TYPE, 1),
			  IP_VS_CONN_F_TUNNEL_TYPE_GUE);
	ck_assert_uint_eq(rd16(must(dn, dlen, IPVS_DEST_ATTR_TUN_PORT, 2)), htons(6080));
	ck_assert_uint_eq(rd16(must(dn, dlen, IPVS_DEST_ATTR_TUN_FLAGS, 2)),
			  IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM);
}
END_TEST

START_TEST(test_dest_masq_and_del)
{
	struct ipvs_service s;
	struct ipvs_dest d;
	size_t alen = 0, dlen = 0;
	const uint8_t *attrs, *dn;
	int len;

	svc_tcp4(&s);
	memset(&d, 0, sizeof(d));
	d.addr = A4("198.51.100.2");
	d.port = 80;
	d.fwd = IP_VS_CONN_F_DROUTE;
	d.weight = 0;
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE; /* ignored: not a tunnel */
	len = build(IPVS_CMD_SET_DEST, &s, &d, NULL, NULL);
	attrs = check_hdr(len, IPVS_CMD_SET_DEST, NLM_F_REQUEST | NLM_F_ACK, 4242, &alen);
	dn = find(attrs, alen, IPVS_CMD_ATTR_DEST, &dlen);
	ck_assert_int_eq(check_stream(dn, dlen), 7);
	ck_assert_uint_eq(rd16(must(dn, dlen, IPVS_DEST_ATTR_ADDR_FAMILY, 2)), AF_INET);
	must(dn, dlen, IPVS_DEST_ATTR_ADDR, 4);
	ck_assert_uint_eq(rd32(must(dn, dlen, IPVS_DEST_ATTR_FWD_METHOD, 4)), IP_VS_CONN_F_DROUTE);
	ck_assert_uint_eq(rd32(must(dn, dlen, IPVS_DEST_ATTR_WEIGHT, 4)), 0);
	absent(dn, dlen, IPVS_DEST_ATTR_TUN_TYPE);
	absent(dn, dlen, IPVS_DEST_ATTR_TUN_PORT);
	absent(dn, dlen, IPVS_DEST_ATTR_TUN_FLAGS);

	len = build(IPVS_CMD_DEL_DEST, &s, &d, NULL, NULL);
	attrs = check_hdr(len, IPVS_CMD_DEL_DEST, NLM_F_REQUEST | NLM_F_ACK, 4242, &alen);
	dn = find(attrs, alen, IPVS_CMD_ATTR_DEST, &dlen);
	ck_assert_int_eq(check_stream(dn, dlen), 3); /* family, addr, port */
	absent(dn, dlen, IPVS_DEST_ATTR_FWD_METHOD);
	absent(dn, dlen, IPVS_DEST_ATTR_WEIGHT);
}
END_TEST

START_TEST(test_config_and_daemon)
{
	struct ipvs_timeouts t = {.tcp = 900, .tcp_fin = 0, .udp = 300};
	struct ipvs_daemon dm;
	size_t alen = 0, nlen = 0;
	const uint8_t *attrs, *n;
	int len;

	len = build(IPVS_CMD_SET_CONFIG, NULL, NULL, &t, NULL);
	attrs = check_hdr(len, IPVS_CMD_SET_CONFIG, NLM_F_REQUEST | NLM_F_ACK, 4242, &alen);
	ck_assert_int_eq(check_stream(attrs, alen), 2);
	ck_assert_uint_eq(rd32(must(attrs, alen, IPVS_CMD_ATTR_TIMEOUT_TCP, 4)), 900);
	ck_assert_uint_eq(rd32(must(attrs, alen, IPVS_CMD_ATTR_TIMEOUT_UDP, 4)), 300);
	absent(attrs, alen, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN);

	memset(&dm, 0, sizeof(dm));
	dm.state = IP_VS_STATE_BACKUP;
	strcpy(dm.mcast_ifn, "eth1");
	dm.syncid = 9;
	dm.mcast_port = 8848;
	dm.mcast_ttl = 3;
	ck_assert_int_eq(addr_parse("239.1.2.3", &dm.mcast_group), 0);
	len = build(IPVS_CMD_NEW_DAEMON, NULL, NULL, NULL, &dm);
	attrs = check_hdr(len, IPVS_CMD_NEW_DAEMON, NLM_F_REQUEST | NLM_F_ACK, 4242, &alen);
	n = find(attrs, alen, IPVS_CMD_ATTR_DAEMON, &nlen);
	ck_assert_int_eq(check_stream(n, nlen), 6);
	ck_assert_uint_eq(rd32(must(n, nlen, IPVS_DAEMON_ATTR_STATE, 4)), IP_VS_STATE_BACKUP);
	ck_assert_str_eq((const char *)must(n, nlen, IPVS_DAEMON_ATTR_MCAST_IFN, 5), "eth1");
	ck_assert_uint_eq(rd32(must(n, nlen, IPVS_DAEMON_ATTR_SYNC_ID, 4)), 9);
	ck_assert_int_eq(
	    memcmp(must(n, nlen, IPVS_DAEMON_ATTR_MCAST_GROUP, 4), "\xef\x01\x02\x03", 4), 0);
	ck_assert_uint_eq(rd16(must(n, nlen, IPVS_DAEMON_ATTR_MCAST_PORT, 2)), 8848);
	ck_assert_uint_eq(*must(n, nlen, IPVS_DAEMON_ATTR_MCAST_TTL, 1), 3);
	absent(n, nlen, IPVS_DAEMON_ATTR_SYNC_MAXLEN);
	absent(n, nlen, IPVS_DAEMON_ATTR_MCAST_GROUP6);

	len = build(IPVS_CMD_DEL_DAEMON, NULL, NULL, NULL, &dm);
	attrs = check_hdr(len, IPVS_CMD_DEL_DAEMON, NLM_F_REQUEST | NLM_F_ACK, 4242, &alen);
	n = find(attrs, alen, IPVS_CMD_ATTR_DAEMON, &nlen);
	ck_assert_int_eq(check_stream(n, nlen), 1);
	ck_assert_uint_eq(rd32(must(n, nlen, IPVS_DAEMON_ATTR_STATE, 4)), IP_VS_STATE_BACKUP);
}
END_TEST

START_TEST(test_build_errors)
{
	struct ipvs_service s;
	struct ipvs_dest d;
	struct ipvs_daemon dm;
	struct ipvs_req req = {.cmd = IPVS_CMD_NEW_DEST};
	int full;

	svc_tcp4(&s);
	dest_tun6(&d);
	req.svc = &s;
	req.dest = &d;
	full = ipvs_msg_build(BUF, sizeof(bufw), FAMILY, 1, &req);
	ck_assert_int_gt(full, 0);
	/* every shorter buffer: ENOSPC, and no byte written at or past its end */
	for (int size = 0; size < full; size++) {
		memset(bufw, 0xa5, sizeof(bufw));
		errno = 0;
		ck_assert_int_eq(ipvs_msg_build(BUF, (size_t)size, FAMILY, 1, &req), -1);
		ck_assert_int_eq(errno, ENOSPC);
		ck_assert_uint_eq(BUF[size], 0xa5);
	}

#define EINV(r)                                                                                    \
	do {                                                                                       \
		errno = 0;                                                                         \
		ck_assert_int_eq(ipvs_msg_build(BUF, sizeof(bufw), FAMILY, 1, (r)), -1);           \
		ck_assert_int_eq(errno, EINVAL);                                                   \
	} while (0)
	d.weight = -1;
	EINV(&req);
	dest_tun6(&d);
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_MAX;
	EINV(&req);
	dest_tun6(&d);
	req.dest = NULL;
	EINV(&req);
	d.addr.af = 0;
	req.dest = &d;
	EINV(&req);

	req = (struct ipvs_req){.cmd = IPVS_CMD_NEW_SERVICE, .svc = &s};
	s.sched_name[0] = '\0';
	EINV(&req);
	memset(s.sched_name, 'x', sizeof(s.sched_name) - 1); /* 15 chars: kernel allows 14 */
	s.sched_name[sizeof(s.sched_name) - 1] = '\0';
	EINV(&req);
	svc_tcp4(&s);
	s.addr.af = AF_INET6; /* inconsistent with s.af */
	EINV(&req);
	svc_tcp4(&s);
	s.af = AF_UNIX;
	EINV(&req);
	ipvs_service_init(&s, AF_INET6);
	s.fwmark = 1;
	strcpy(s.sched_name, "wlc");
	s.netmask = 0;
	EINV(&req);
	req.svc = NULL;
	EINV(&req);

	static const uint8_t badcmd[] = {IPVS_CMD_UNSPEC, IPVS_CMD_SET_INFO, __IPVS_CMD_MAX, 200};
	for (size_t i = 0; i < sizeof(badcmd); i++) {
		req = (struct ipvs_req){.cmd = badcmd[i]};
		EINV(&req);
	}
	memset(&dm, 0, sizeof(dm));
	dm.state = IP_VS_STATE_MASTER;
	req = (struct ipvs_req){.cmd = IPVS_CMD_NEW_DAEMON, .daemon = &dm};
	EINV(&req); /* no interface */
	req = (struct ipvs_req){.cmd = IPVS_CMD_SET_CONFIG};
	EINV(&req);
#undef EINV
}
END_TEST

START_TEST(test_getfamily)
{
	size_t alen;
	const struct nlmsghdr *nlh = (const void *)BUF;
	int len;

	memset(bufw, 0xa5, sizeof(bufw));
	len = ipvs_msg_build_getfamily(BUF, sizeof(bufw), 7, "IPVS");

	ck_assert_int_eq(len, 32); /* 20 + attribute of 4 + "IPVS\0" padded to 12 */
	ck_assert_uint_eq(nlh->nlmsg_len, 32);
	ck_assert_uint_eq(nlh->nlmsg_type, GENL_ID_CTRL);
	ck_assert_uint_eq(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	ck_assert_uint_eq(nlh->nlmsg_seq, 7);
	ck_assert_uint_eq(BUF[16], CTRL_CMD_GETFAMILY);
	alen = 12;
	ck_assert_int_eq(check_stream(BUF + 20, alen), 1);
	ck_assert_str_eq((const char *)must(BUF + 20, alen, CTRL_ATTR_FAMILY_NAME, 5), "IPVS");
	ck_assert_int_eq(ipvs_msg_build_getfamily(BUF, 31, 7, "IPVS"), -1);
}
END_TEST

/* ---- a byte-level writer for hand-built replies ---- */

struct w {
	uint32_t mem[512];
	size_t len;
	size_t nest[8];
	int depth;
};

static uint8_t *wb(struct w *w)
{
	return (uint8_t *)w->mem;
}

static void w_hdr(struct w *w, uint16_t type, uint8_t cmd)
{
	memset(w, 0, sizeof(*w));
	/* nlmsghdr: len (later), type, flags MULTI, seq 5, pid 99 */
	memcpy(wb(w) + 4, &type, 2);
	wb(w)[6] = NLM_F_MULTI;
	wb(w)[8] = 5;
	wb(w)[12] = 99;
	wb(w)[16] = cmd;
	wb(w)[17] = 1;
	w->len = 20;
}

/* Raw attribute with explicit header length (for malformed cases). */
static void w_raw(struct w *w, uint16_t alen, uint16_t type, const void *data, size_t n)
{
	memcpy(wb(w) + w->len, &alen, 2);
	memcpy(wb(w) + w->len + 2, &type, 2);
	memcpy(wb(w) + w->len + 4, data, n);
	w->len += (4 + n + 3) & ~(size_t)3;
}

static void w_attr(struct w *w, uint16_t type, const void *data, size_t n)
{
	w_raw(w, (uint16_t)(4 + n), type, data, n);
}

static void w_u8(struct w *w, uint16_t t, uint8_t v)
{
	w_attr(w, t, &v, 1);
}
static void w_u16(struct w *w, uint16_t t, uint16_t v)
{
	w_attr(w, t, &v, 2);
}
static void w_u32(struct w *w, uint16_t t, uint32_t v)
{
	w_attr(w, t, &v, 4);
}
static void w_u64(struct w *w, uint16_t t, uint64_t v)
{
	w_attr(w, t, &v, 8);
}
static void w_str(struct w *w, uint16_t t, const char *s)
{
	w_attr(w, t, s, strlen(s) + 1);
}

static void w_nest(struct w *w, uint16_t type)
{
	w->nest[w->depth++] = w->len;
	memcpy(wb(w) + w->len + 2, &type, 2);
	w->len += 4;
}

static void w_end(struct w *w)
{
	size_t start = w->nest[--w->depth];
	uint16_t l = (uint16_t)(w->len - start);

	memcpy(wb(w) + start, &l, 2);
}

static size_t w_done(struct w *w)
{
	uint32_t l = (uint32_t)w->len;

	memcpy(wb(w), &l, 4);
	return w->len;
}

/* Stats nest as kernels send it: u32 counters in STATS, u64 in STATS64 with PAD attrs. */
static void w_stats(struct w *w, uint16_t type, bool is64, uint64_t base)
{
	w_nest(w, type);
	if (is64) {
		w_attr(w, IPVS_STATS_ATTR_PAD, "", 0);
		for (uint16_t t = IPVS_STATS_ATTR_CONNS; t <= IPVS_STATS_ATTR_OUTBPS; t++) {
			w_u64(w, t, base + t);
			w_attr(w, IPVS_STATS_ATTR_PAD, "", 0);
		}
	} else {
		w_u32(w, IPVS_STATS_ATTR_CONNS, (uint32_t)(base + 1));
		w_u32(w, IPVS_STATS_ATTR_INPKTS, (uint32_t)(base + 2));
		w_u32(w, IPVS_STATS_ATTR_OUTPKTS, (uint32_t)(base + 3));
		w_u64(w, IPVS_STATS_ATTR_INBYTES, base + 4);
		w_u64(w, IPVS_STATS_ATTR_OUTBYTES, base + 5);
		for (uint16_t t = IPVS_STATS_ATTR_CPS; t <= IPVS_STATS_ATTR_OUTBPS; t++)
			w_u32(w, t, (uint32_t)(base + t));
	}
	w_end(w);
}

/* A kernel-style service reply; `skip` leaves out one attribute, `dup` repeats one. */
static size_t service_reply(struct w *w, int skip, int dup)
{
	static const uint8_t addr16[16] = {192, 0, 2, 10}; /* kernel sends the 16-byte union */
	struct ip_vs_flags fl = {.flags = IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_HASHED,
				 .mask = 0xffffffff};

	w_hdr(w, FAMILY, IPVS_CMD_NEW_SERVICE);
	w_nest(w, IPVS_CMD_ATTR_SERVICE);
	for (int pass = 0; pass < 2; pass++) {
		int only = pass ? dup : -1;
		if (pass && dup < 0)
			break;
#define W(t, call)                                                                                 \
	if ((pass == 0 && skip != (t)) || only == (t))                                             \
	call
		W(IPVS_SVC_ATTR_AF, w_u16(w, IPVS_SVC_ATTR_AF, AF_INET));
		W(IPVS_SVC_ATTR_PROTOCOL, w_u16(w, IPVS_SVC_ATTR_PROTOCOL, IPPROTO_UDP));
		W(IPVS_SVC_ATTR_ADDR, w_attr(w, IPVS_SVC_ATTR_ADDR, addr16, 16));
		W(IPVS_SVC_ATTR_PORT, w_u16(w, IPVS_SVC_ATTR_PORT, htons(53)));
		W(IPVS_SVC_ATTR_SCHED_NAME, w_str(w, IPVS_SVC_ATTR_SCHED_NAME, "sh"));
		W(IPVS_SVC_ATTR_PE_NAME, w_str(w, IPVS_SVC_ATTR_PE_NAME, "sip"));
		W(IPVS_SVC_ATTR_FLAGS, w_attr(w, IPVS_SVC_ATTR_FLAGS, &fl, sizeof(fl)));
		W(IPVS_SVC_ATTR_TIMEOUT, w_u32(w, IPVS_SVC_ATTR_TIMEOUT, 360));
		W(IPVS_SVC_ATTR_NETMASK, w_u32(w, IPVS_SVC_ATTR_NETMASK, htonl(0xffff0000)));
		W(IPVS_SVC_ATTR_STATS, w_stats(w, IPVS_SVC_ATTR_STATS, false, 100));
		W(IPVS_SVC_ATTR_STATS64, w_stats(w, IPVS_SVC_ATTR_STATS64, true, 5000000000ull));
#undef W
	}
	w_u32(w, 99, 1); /* an attribute from a future kernel: ignored */
	w_end(w);
	return w_done(w);
}

START_TEST(test_parse_service)
{
	struct w w;
	struct ipvs_service s;
	size_t len = service_reply(&w, -1, -1);

	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_OK);
	ck_assert_int_eq(s.af, AF_INET);
	ck_assert_uint_eq(s.protocol, IPPROTO_UDP);
	ck_assert(addr_is(&s.addr, "192.0.2.10"));
	ck_assert_uint_eq(s.port, 53);
	ck_assert_uint_eq(s.fwmark, 0);
	ck_assert_str_eq(s.sched_name, "sh");
	ck_assert_str_eq(s.pe_name, "sip");
	ck_assert_uint_eq(s.flags, IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_HASHED);
	ck_assert_uint_eq(s.timeout, 360);
	ck_assert_uint_eq(s.netmask, 0xffff0000);
	ck_assert_int_eq(ipvs_netmask_to_plen(AF_INET, s.netmask), 16);
	ck_assert(s.has_stats);
	/* STATS64 wins, full 64-bit values */
	ck_assert_uint_eq(s.stats.conns, 5000000000ull + IPVS_STATS_ATTR_CONNS);
	ck_assert_uint_eq(s.stats.outbps, 5000000000ull + IPVS_STATS_ATTR_OUTBPS);

	/* only 32-bit stats: still read, byte counters as u64 */
	len = service_reply(&w, IPVS_SVC_ATTR_STATS64, -1);
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_OK);
	ck_assert_uint_eq(s.stats.conns, 101);
	ck_assert_uint_eq(s.stats.inbytes, 104);
	ck_assert_uint_eq(s.stats.inpps, 100 + IPVS_STATS_ATTR_INPPS);

	/* no stats at all, no pe */
	len = service_reply(&w, IPVS_SVC_ATTR_STATS64, -1);
	len = service_reply(&w, IPVS_SVC_ATTR_PE_NAME, -1);
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_OK);
	ck_assert_str_eq(s.pe_name, "");

	/* each required attribute missing */
	static const int req[] = {IPVS_SVC_ATTR_AF,	    IPVS_SVC_ATTR_PROTOCOL,
				  IPVS_SVC_ATTR_ADDR,	    IPVS_SVC_ATTR_PORT,
				  IPVS_SVC_ATTR_SCHED_NAME, IPVS_SVC_ATTR_FLAGS,
				  IPVS_SVC_ATTR_TIMEOUT,    IPVS_SVC_ATTR_NETMASK};
	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		len = service_reply(&w, req[i], -1);
		ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_MISSING);
	}
	/* duplicates */
	len = service_reply(&w, -1, IPVS_SVC_ATTR_PORT);
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_DUPLICATE);
	/* every truncation of the buffer */
	len = service_reply(&w, -1, -1);
	for (size_t l = 0; l < len; l++)
		ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), l, &s), IPVS_PERR_TRUNCATED);
}
END_TEST

START_TEST(test_parse_service_malformed)
{
	struct w w;
	struct ipvs_service s;
	size_t len;
	uint32_t v;

#define SVC_BEGIN()                                                                                \
	do {                                                                                       \
		w_hdr(&w, FAMILY, IPVS_CMD_NEW_SERVICE);                                           \
		w_nest(&w, IPVS_CMD_ATTR_SERVICE);                                                 \
	} while (0)
#define SVC_REST()                                                                                 \
	do {                                                                                       \
		struct ip_vs_flags fl_ = {0, ~0u};                                                 \
		w_u32(&w, IPVS_SVC_ATTR_FWMARK, 3);                                                \
		w_str(&w, IPVS_SVC_ATTR_SCHED_NAME, "wlc");                                        \
		w_attr(&w, IPVS_SVC_ATTR_FLAGS, &fl_, sizeof(fl_));                                \
		w_u32(&w, IPVS_SVC_ATTR_TIMEOUT, 0);                                               \
		w_u32(&w, IPVS_SVC_ATTR_NETMASK, 64);                                              \
	} while (0)
#define SVC_END() (w_end(&w), w_done(&w))

	/* good fwmark IPv6 service */
	SVC_BEGIN();
	w_u16(&w, IPVS_SVC_ATTR_AF, AF_INET6);
	SVC_REST();
	len = SVC_END();
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_OK);
	ck_assert_int_eq(s.af, AF_INET6);
	ck_assert_uint_eq(s.fwmark, 3);
	ck_assert_uint_eq(s.netmask, 64);
	ck_assert(!s.has_stats);

	/* AF with a 4-byte payload */
	SVC_BEGIN();
	v = AF_INET;
	w_attr(&w, IPVS_SVC_ATTR_AF, &v, 4);
	SVC_REST();
	len = SVC_END();
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_BAD_LEN);

	/* unknown family */
	SVC_BEGIN();
	w_u16(&w, IPVS_SVC_ATTR_AF, 99);
	SVC_REST();
	len = SVC_END();
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_BAD_VALUE);

	/* IPv6 prefix > 128 */
	SVC_BEGIN();
	w_u16(&w, IPVS_SVC_ATTR_AF, AF_INET6);
	SVC_REST();
	w_u32(&w, IPVS_SVC_ATTR_NETMASK, 129); /* also a duplicate */
	len = SVC_END();
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_DUPLICATE);

	/* scheduler name without NUL, and one that does not fit */
	SVC_BEGIN();
	w_u16(&w, IPVS_SVC_ATTR_AF, AF_INET);
	w_attr(&w, IPVS_SVC_ATTR_SCHED_NAME, "wlcx", 4);
	len = SVC_END();
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_MISSING);
	{
		struct ip_vs_flags fl = {0, ~0u};
		SVC_BEGIN();
		w_u16(&w, IPVS_SVC_ATTR_AF, AF_INET);
		w_u32(&w, IPVS_SVC_ATTR_FWMARK, 3);
		w_attr(&w, IPVS_SVC_ATTR_SCHED_NAME, "wlcx", 4);
		w_attr(&w, IPVS_SVC_ATTR_FLAGS, &fl, sizeof(fl));
		w_u32(&w, IPVS_SVC_ATTR_TIMEOUT, 0);
		w_u32(&w, IPVS_SVC_ATTR_NETMASK, 0);
		len = SVC_END();
		ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_BAD_VALUE);
		SVC_BEGIN();
		w_u16(&w, IPVS_SVC_ATTR_AF, AF_INET);
		w_u32(&w, IPVS_SVC_ATTR_FWMARK, 3);
		w_str(&w, IPVS_SVC_ATTR_SCHED_NAME, "0123456789abcdef"); /* 16 + NUL */
		w_attr(&w, IPVS_SVC_ATTR_FLAGS, &fl, sizeof(fl));
		w_u32(&w, IPVS_SVC_ATTR_TIMEOUT, 0);
		w_u32(&w, IPVS_SVC_ATTR_NETMASK, 0);
		len = SVC_END();
		ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_BAD_VALUE);
		/* flags of the wrong size */
		SVC_BEGIN();
		w_u16(&w, IPVS_SVC_ATTR_AF, AF_INET);
		w_u32(&w, IPVS_SVC_ATTR_FWMARK, 3);
		w_str(&w, IPVS_SVC_ATTR_SCHED_NAME, "wlc");
		w_attr(&w, IPVS_SVC_ATTR_FLAGS, &fl, 4);
		w_u32(&w, IPVS_SVC_ATTR_TIMEOUT, 0);
		w_u32(&w, IPVS_SVC_ATTR_NETMASK, 0);
		len = SVC_END();
		ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_BAD_LEN);
	}

	/* an IPv6 address of 4 bytes */
	SVC_BEGIN();
	w_u16(&w, IPVS_SVC_ATTR_AF, AF_INET6);
	w_u16(&w, IPVS_SVC_ATTR_PROTOCOL, IPPROTO_TCP);
	w_attr(&w, IPVS_SVC_ATTR_ADDR, "\x20\x01\x0d\xb8", 4);
	w_u16(&w, IPVS_SVC_ATTR_PORT, htons(80));
	{
		struct ip_vs_flags fl = {0, ~0u};
		w_str(&w, IPVS_SVC_ATTR_SCHED_NAME, "wlc");
		w_attr(&w, IPVS_SVC_ATTR_FLAGS, &fl, sizeof(fl));
		w_u32(&w, IPVS_SVC_ATTR_TIMEOUT, 0);
		w_u32(&w, IPVS_SVC_ATTR_NETMASK, 128);
	}
	len = SVC_END();
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_BAD_LEN);

	/* attribute length below the header size / beyond the nest */
	SVC_BEGIN();
	w_raw(&w, 2, IPVS_SVC_ATTR_AF, "\x02\x00", 2);
	len = SVC_END();
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_BAD_ATTR);
	SVC_BEGIN();
	w_raw(&w, 40, IPVS_SVC_ATTR_AF, "\x02\x00", 2);
	len = SVC_END();
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_BAD_ATTR);
	/* top-level stream with 2 trailing bytes */
	SVC_BEGIN();
	w_u16(&w, IPVS_SVC_ATTR_AF, AF_INET6);
	SVC_REST();
	w_end(&w);
	w.len += 2;
	len = w_done(&w);
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_BAD_ATTR);
	/* stats nest with a bad counter size */
	SVC_BEGIN();
	w_u16(&w, IPVS_SVC_ATTR_AF, AF_INET6);
	SVC_REST();
	w_nest(&w, IPVS_SVC_ATTR_STATS64);
	w_u16(&w, IPVS_STATS_ATTR_CONNS, 1);
	w_end(&w);
	len = SVC_END();
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_BAD_LEN);

	/* wrong command, wrong message type, no service nest */
	len = service_reply(&w, -1, -1);
	wb(&w)[16] = IPVS_CMD_NEW_DEST;
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_WRONG_MSG);
	len = service_reply(&w, -1, -1);
	wb(&w)[4] = NLMSG_ERROR;
	wb(&w)[5] = 0;
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_WRONG_MSG);
	w_hdr(&w, FAMILY, IPVS_CMD_NEW_SERVICE);
	len = w_done(&w);
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_MISSING);
	/* nlmsg_len shorter than the genl header */
	len = service_reply(&w, -1, -1);
	wb(&w)[0] = 18;
	wb(&w)[1] = 0;
	ck_assert_int_eq(ipvs_msg_parse_service(wb(&w), len, &s), IPVS_PERR_TRUNCATED);
#undef SVC_BEGIN
#undef SVC_REST
#undef SVC_END
}
END_TEST

static size_t dest_reply(struct w *w, bool with_af, bool tun)
{
	static const uint8_t a6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 9};

	w_hdr(w, FAMILY, IPVS_CMD_NEW_DEST);
	w_nest(w, IPVS_CMD_ATTR_DEST);
	w_attr(w, IPVS_DEST_ATTR_ADDR, a6, 16);
	w_u16(w, IPVS_DEST_ATTR_PORT, htons(8443));
	w_u32(w, IPVS_DEST_ATTR_FWD_METHOD, tun ? IP_VS_CONN_F_TUNNEL : IP_VS_CONN_F_MASQ);
	w_u32(w, IPVS_DEST_ATTR_WEIGHT, 65535);
	if (tun) {
		w_u8(w, IPVS_DEST_ATTR_TUN_TYPE, IP_VS_CONN_F_TUNNEL_TYPE_GRE);
		w_u16(w, IPVS_DEST_ATTR_TUN_PORT, htons(0));
		w_u16(w, IPVS_DEST_ATTR_TUN_FLAGS, IP_VS_TUNNEL_ENCAP_FLAG_CSUM);
	}
	w_u32(w, IPVS_DEST_ATTR_U_THRESH, 50);
	w_u32(w, IPVS_DEST_ATTR_L_THRESH, 5);
	w_u32(w, IPVS_DEST_ATTR_ACTIVE_CONNS, 11);
	w_u32(w, IPVS_DEST_ATTR_INACT_CONNS, 12);
	w_u32(w, IPVS_DEST_ATTR_PERSIST_CONNS, 13);
	if (with_af)
		w_u16(w, IPVS_DEST_ATTR_ADDR_FAMILY, AF_INET6);
	w_stats(w, IPVS_DEST_ATTR_STATS, false, 0);
	w_stats(w, IPVS_DEST_ATTR_STATS64, true, 1ull << 40);
	w_end(w);
	return w_done(w);
}

START_TEST(test_parse_dest)
{
	struct w w;
	struct ipvs_dest d;
	struct ipvs_dest_stats ds;
	struct addr want;
	size_t len = dest_reply(&w, true, true);

	ck_assert_int_eq(ipvs_msg_parse_dest(wb(&w), len, AF_INET, &d, &ds), IPVS_PERR_OK);
	ck_assert_int_eq(addr_parse("2001:db8::9", &want), 0);
	ck_assert(addr_eq(&d.addr, &want)); /* dest family from ADDR_FAMILY, not the service */
	ck_assert_uint_eq(d.port, 8443);
	ck_assert_uint_eq(d.fwd, IP_VS_CONN_F_TUNNEL);
	ck_assert_int_eq(d.weight, 65535);
	ck_assert_uint_eq(d.u_thresh, 50);
	ck_assert_uint_eq(d.l_thresh, 5);
	ck_assert_uint_eq(d.tun_type, IP_VS_CONN_F_TUNNEL_TYPE_GRE);
	ck_assert_uint_eq(d.tun_flags, IP_VS_TUNNEL_ENCAP_FLAG_CSUM);
	ck_assert_uint_eq(ds.active_conns, 11);
	ck_assert_uint_eq(ds.inact_conns, 12);
	ck_assert_uint_eq(ds.persist_conns, 13);
	ck_assert(ds.has_stats);
	ck_assert_uint_eq(ds.stats.inbytes, (1ull << 40) + IPVS_STATS_ATTR_INBYTES);

	/* an old kernel without ADDR_FAMILY: the service's family is used */
	len = dest_reply(&w, false, false);
	ck_assert_int_eq(ipvs_msg_parse_dest(wb(&w), len, AF_INET6, &d, NULL), IPVS_PERR_OK);
	ck_assert_int_eq(d.addr.af, AF_INET6);
	ck_assert_uint_eq(d.fwd, IP_VS_CONN_F_MASQ);
	ck_assert_uint_eq(d.tun_type, 0);
	ck_assert_int_eq(ipvs_msg_parse_dest(wb(&w), len, 0, &d, NULL), IPVS_PERR_MISSING);
	/* ... with a v4 service: the 16 bytes read as the v4 address 32.1.13.184 */
	ck_assert_int_eq(ipvs_msg_parse_dest(wb(&w), len, AF_INET, &d, NULL), IPVS_PERR_OK);
	ck_assert(addr_is(&d.addr, "32.1.13.184"));

	/* truncations, and a forwarding method outside the mask */
	len = dest_reply(&w, true, true);
	for (size_t l = 0; l < len; l++)
		ck_assert_int_eq(ipvs_msg_parse_dest(wb(&w), l, AF_INET, &d, NULL),
				 IPVS_PERR_TRUNCATED);
	w_hdr(&w, FAMILY, IPVS_CMD_NEW_DEST);
	w_nest(&w, IPVS_CMD_ATTR_DEST);
	w_attr(&w, IPVS_DEST_ATTR_ADDR, "\xc6\x33\x64\x01", 4);
	w_u16(&w, IPVS_DEST_ATTR_PORT, htons(80));
	w_u32(&w, IPVS_DEST_ATTR_FWD_METHOD, IP_VS_CONN_F_BYPASS | 0x100);
	w_u32(&w, IPVS_DEST_ATTR_WEIGHT, 1);
	w_u32(&w, IPVS_DEST_ATTR_U_THRESH, 0);
	w_u32(&w, IPVS_DEST_ATTR_L_THRESH, 0);
	w_end(&w);
	len = w_done(&w);
	ck_assert_int_eq(ipvs_msg_parse_dest(wb(&w), len, AF_INET, &d, NULL), IPVS_PERR_BAD_VALUE);
	/* tun type of 2 bytes */
	w_hdr(&w, FAMILY, IPVS_CMD_NEW_DEST);
	w_nest(&w, IPVS_CMD_ATTR_DEST);
	w_attr(&w, IPVS_DEST_ATTR_ADDR, "\xc6\x33\x64\x01", 4);
	w_u16(&w, IPVS_DEST_ATTR_PORT, htons(80));
	w_u32(&w, IPVS_DEST_ATTR_FWD_METHOD, IP_VS_CONN_F_TUNNEL);
	w_u32(&w, IPVS_DEST_ATTR_WEIGHT, 1);
	w_u32(&w, IPVS_DEST_ATTR_U_THRESH, 0);
	w_u32(&w, IPVS_DEST_ATTR_L_THRESH, 0);
	w_u16(&w, IPVS_DEST_ATTR_TUN_TYPE, 1);
	w_end(&w);
	len = w_done(&w);
	ck_assert_int_eq(ipvs_msg_parse_dest(wb(&w), len, AF_INET, &d, NULL), IPVS_PERR_BAD_LEN);
}
END_TEST

START_TEST(test_parse_roundtrip)
{
	struct ipvs_service s, back;
	struct ipvs_dest d, dback;
	struct ipvs_req req = {.cmd = IPVS_CMD_NEW_SERVICE, .svc = &s};
	int len;

	/* a NEW request carries the same nest as a reply: parse our own output */
	svc_tcp4(&s);
	strcpy(s.pe_name, "sip");
	len = ipvs_msg_build(BUF, sizeof(bufw), FAMILY, 1, &req);
	ck_assert_int_eq(ipvs_msg_parse_service(BUF, (size_t)len, &back), IPVS_PERR_OK);
	ck_assert(addr_eq(&back.addr, &s.addr));
	ck_assert_uint_eq(back.port, s.port);
	ck_assert_uint_eq(back.netmask, s.netmask);
	ck_assert_uint_eq(back.flags, s.flags);
	ck_assert_str_eq(back.pe_name, "sip");
	ck_assert(!back.has_stats);

	dest_tun6(&d);
	req = (struct ipvs_req){.cmd = IPVS_CMD_NEW_DEST, .svc = &s, .dest = &d};
	len = ipvs_msg_build(BUF, sizeof(bufw), FAMILY, 1, &req);
	ck_assert_int_eq(ipvs_msg_parse_dest(BUF, (size_t)len, 0, &dback, NULL), IPVS_PERR_OK);
	ck_assert(addr_eq(&dback.addr, &d.addr));
	ck_assert_uint_eq(dback.tun_port, 6080);
	ck_assert_uint_eq(dback.tun_type, IP_VS_CONN_F_TUNNEL_TYPE_GUE);
	ck_assert_uint_eq(dback.tun_flags, IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM);
	ck_assert_int_eq(dback.weight, 7);
}
END_TEST

START_TEST(test_parse_info_timeouts_daemon)
{
	struct w w;
	struct ipvs_info info;
	struct ipvs_timeouts t;
	struct ipvs_daemon dm;
	size_t len;

	w_hdr(&w, FAMILY, IPVS_CMD_SET_INFO);
	w_u32(&w, IPVS_INFO_ATTR_VERSION, IP_VS_VERSION_CODE);
	w_u32(&w, IPVS_INFO_ATTR_CONN_TAB_SIZE, 4096);
	len = w_done(&w);
	ck_assert_int_eq(ipvs_msg_parse_info(wb(&w), len, &info), IPVS_PERR_OK);
	ck_assert_uint_eq(info.version, 0x010201);
	ck_assert_uint_eq(info.conn_tab_size, 4096);
	w_hdr(&w, FAMILY, IPVS_CMD_SET_INFO);
	w_u32(&w, IPVS_INFO_ATTR_VERSION, IP_VS_VERSION_CODE);
	len = w_done(&w);
	ck_assert_int_eq(ipvs_msg_parse_info(wb(&w), len, &info), IPVS_PERR_MISSING);
	ck_assert_int_eq(ipvs_msg_parse_timeouts(wb(&w), len, &t), IPVS_PERR_WRONG_MSG);

	w_hdr(&w, FAMILY, IPVS_CMD_SET_CONFIG);
	w_u32(&w, IPVS_CMD_ATTR_TIMEOUT_TCP, 900);
	w_u32(&w, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, 120);
	w_u32(&w, IPVS_CMD_ATTR_TIMEOUT_UDP, 300);
	len = w_done(&w);
	ck_assert_int_eq(ipvs_msg_parse_timeouts(wb(&w), len, &t), IPVS_PERR_OK);
	ck_assert_uint_eq(t.tcp, 900);
	ck_assert_uint_eq(t.tcp_fin, 120);
	ck_assert_uint_eq(t.udp, 300);
	w_hdr(&w, FAMILY, IPVS_CMD_SET_CONFIG);
	w_u16(&w, IPVS_CMD_ATTR_TIMEOUT_TCP, 900);
	len = w_done(&w);
	ck_assert_int_eq(ipvs_msg_parse_timeouts(wb(&w), len, &t), IPVS_PERR_BAD_LEN);

	w_hdr(&w, FAMILY, IPVS_CMD_NEW_DAEMON);
	w_nest(&w, IPVS_CMD_ATTR_DAEMON);
	w_u32(&w, IPVS_DAEMON_ATTR_STATE, IP_VS_STATE_MASTER);
	w_str(&w, IPVS_DAEMON_ATTR_MCAST_IFN, "eth0");
	w_u32(&w, IPVS_DAEMON_ATTR_SYNC_ID, 3);
	w_u16(&w, IPVS_DAEMON_ATTR_SYNC_MAXLEN, 1472);
	w_u16(&w, IPVS_DAEMON_ATTR_MCAST_PORT, 8848);
	w_u8(&w, IPVS_DAEMON_ATTR_MCAST_TTL, 1);
	w_attr(&w, IPVS_DAEMON_ATTR_MCAST_GROUP6, "\xff\x02\0\0\0\0\0\0\0\0\0\0\0\0\x01\x51", 16);
	w_end(&w);
	len = w_done(&w);
	ck_assert_int_eq(ipvs_msg_parse_daemon(wb(&w), len, &dm), IPVS_PERR_OK);
	ck_assert_uint_eq(dm.state, IP_VS_STATE_MASTER);
	ck_assert_str_eq(dm.mcast_ifn, "eth0");
	ck_assert_uint_eq(dm.syncid, 3);
	ck_assert_uint_eq(dm.sync_maxlen, 1472);
	ck_assert_uint_eq(dm.mcast_port, 8848);
	ck_assert_uint_eq(dm.mcast_ttl, 1);
	ck_assert_int_eq(dm.mcast_group.af, AF_INET6);
	ck_assert_uint_eq(dm.mcast_group.u.bytes[15], 0x51);
	/* interface name that does not fit IFNAMSIZ */
	w_hdr(&w, FAMILY, IPVS_CMD_NEW_DAEMON);
	w_nest(&w, IPVS_CMD_ATTR_DAEMON);
	w_u32(&w, IPVS_DAEMON_ATTR_STATE, IP_VS_STATE_MASTER);
	w_str(&w, IPVS_DAEMON_ATTR_MCAST_IFN, "a-very-long-ifname");
	w_u32(&w, IPVS_DAEMON_ATTR_SYNC_ID, 3);
	w_end(&w);
	len = w_done(&w);
	ck_assert_int_eq(ipvs_msg_parse_daemon(wb(&w), len, &dm), IPVS_PERR_BAD_VALUE);
}
END_TEST

START_TEST(test_parse_family_and_error)
{
	struct w w;
	uint16_t id;
	uint32_t ver, maxattr, seq;
	int err;
	const char *ext;
	size_t len;

	w_hdr(&w, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	w_str(&w, CTRL_ATTR_FAMILY_NAME, "IPVS");
	w_u16(&w, CTRL_ATTR_FAMILY_ID, 0x23);
	w_u32(&w, CTRL_ATTR_VERSION, 1);
	w_u32(&w, CTRL_ATTR_HDRSIZE, 0);
	w_u32(&w, CTRL_ATTR_MAXATTR, IPVS_CMD_ATTR_MAX);
	w_nest(&w, CTRL_ATTR_OPS);
	w_nest(&w, 1);
	w_u32(&w, CTRL_ATTR_OP_ID, 1);
	w_end(&w);
	w_end(&w);
	len = w_done(&w);
	ck_assert_int_eq(ipvs_msg_parse_family(wb(&w), len, &id, &ver, &maxattr), IPVS_PERR_OK);
	ck_assert_uint_eq(id, 0x23);
	ck_assert_uint_eq(ver, 1);
	ck_assert_uint_eq(maxattr, IPVS_CMD_ATTR_MAX);
	/* same from a non-controller type */
	wb(&w)[4] = 0x30;
	ck_assert_int_eq(ipvs_msg_parse_family(wb(&w), len, &id, &ver, &maxattr),
			 IPVS_PERR_WRONG_MSG);

	/* an error ACK with capped request and an extended-ACK message */
	{
		uint32_t m[32] = {0};
		uint8_t *b = (uint8_t *)m;
		struct nlmsghdr *nlh = (void *)b;
		struct nlmsgerr *e = (void *)(b + 16);
		struct w tl;
		size_t off = 16 + sizeof(*e);

		nlh->nlmsg_type = NLMSG_ERROR;
		nlh->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
		nlh->nlmsg_seq = 777;
		e->error = -EEXIST;
		e->msg.nlmsg_len = 200; /* original length; capped: only its header is here */
		e->msg.nlmsg_seq = 777;
		memset(&tl, 0, sizeof(tl));
		w_str(&tl, NLMSGERR_ATTR_MSG, "already there");
		w_u32(&tl, NLMSGERR_ATTR_OFFS, 24);
		memcpy(b + off, wb(&tl), tl.len);
		nlh->nlmsg_len = (uint32_t)(off + tl.len);
		ck_assert_int_eq(ipvs_msg_parse_error(b, nlh->nlmsg_len, &err, &seq, &ext),
				 IPVS_PERR_OK);
		ck_assert_int_eq(err, EEXIST);
		ck_assert_uint_eq(seq, 777);
		ck_assert_str_eq(ext, "already there");
		/* uncapped: TLVs after the whole echoed request (200 bytes > message) */
		nlh->nlmsg_flags = NLM_F_ACK_TLVS;
		ck_assert_int_eq(ipvs_msg_parse_error(b, nlh->nlmsg_len, &err, &seq, &ext),
				 IPVS_PERR_TRUNCATED);
		/* plain ACK */
		nlh->nlmsg_flags = 0;
		e->error = 0;
		nlh->nlmsg_len = (uint32_t)off;
		ck_assert_int_eq(ipvs_msg_parse_error(b, off, &err, &seq, &ext), IPVS_PERR_OK);
		ck_assert_int_eq(err, 0);
		ck_assert_ptr_null(ext);
		/* positive error and short message */
		e->error = 5;
		ck_assert_int_eq(ipvs_msg_parse_error(b, off, &err, &seq, &ext),
				 IPVS_PERR_BAD_VALUE);
		nlh->nlmsg_len = 18;
		ck_assert_int_eq(ipvs_msg_parse_error(b, off, &err, &seq, &ext),
				 IPVS_PERR_TRUNCATED);
	}
}
END_TEST

START_TEST(test_names)
{
	char buf[64];
	uint32_t f;
	uint16_t p, tf;
	uint8_t t;

	ck_assert_str_eq(ipvs_fwd_str(IP_VS_CONN_F_MASQ), "Masq");
	ck_assert_str_eq(ipvs_fwd_str(IP_VS_CONN_F_LOCALNODE), "Local");
	ck_assert_str_eq(ipvs_fwd_str(IP_VS_CONN_F_TUNNEL), "Tunnel");
	ck_assert_str_eq(ipvs_fwd_str(IP_VS_CONN_F_DROUTE), "Route");
	ck_assert_str_eq(ipvs_fwd_str(IP_VS_CONN_F_BYPASS), "?");
	ck_assert_int_eq(ipvs_fwd_parse("DR", &f), 0);
	ck_assert_uint_eq(f, IP_VS_CONN_F_DROUTE);
	ck_assert_int_eq(ipvs_fwd_parse("nat", &f), 0);
	ck_assert_uint_eq(f, IP_VS_CONN_F_MASQ);
	ck_assert_int_eq(ipvs_fwd_parse("bogus", &f), -1);
	ck_assert_str_eq(ipvs_tun_type_str(IP_VS_CONN_F_TUNNEL_TYPE_GUE), "gue");
	ck_assert_int_eq(ipvs_tun_type_parse("gre", &t), 0);
	ck_assert_uint_eq(t, IP_VS_CONN_F_TUNNEL_TYPE_GRE);
	ck_assert_int_eq(ipvs_tun_type_parse("vxlan", &t), -1);
	ck_assert_str_eq(ipvs_proto_str(IPPROTO_SCTP), "SCTP");
	ck_assert_int_eq(ipvs_proto_parse("udp", &p), 0);
	ck_assert_uint_eq(p, IPPROTO_UDP);
	ck_assert_int_eq(ipvs_proto_parse("fwm", &p), -1);
	ck_assert_str_eq(ipvs_cmd_str(IPVS_CMD_NEW_DEST), "NEW_DEST");
	ck_assert_str_eq(ipvs_cmd_str(200), "?");
	ck_assert_str_eq(ipvs_daemon_state_str(IP_VS_STATE_BACKUP), "backup");
	ck_assert_str_eq(ipvs_tun_flags_str(IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM), "remcsum");
	ck_assert_int_eq(ipvs_tun_flags_parse("csum", &tf), 0);
	ck_assert_uint_eq(tf, IP_VS_TUNNEL_ENCAP_FLAG_CSUM);

	f = IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET | IP_VS_SVC_F_SCHED1 |
	    IP_VS_SVC_F_SCHED2;
	ck_assert_str_eq(ipvs_svc_flags_str(f, "sh", buf, sizeof(buf)),
			 "persistent,ops,sh-fallback,sh-port");
	ck_assert_str_eq(ipvs_svc_flags_str(f, "mh", buf, sizeof(buf)),
			 "persistent,ops,mh-fallback,mh-port");
	ck_assert_str_eq(ipvs_svc_flags_str(f | IP_VS_SVC_F_SCHED3, "wlc", buf, sizeof(buf)),
			 "persistent,ops,flag-1,flag-2,flag-3");
	ck_assert_str_eq(ipvs_svc_flags_str(0x400, NULL, buf, sizeof(buf)), "0x400");
	ck_assert_str_eq(ipvs_svc_flags_str(0, NULL, buf, sizeof(buf)), "");
	ck_assert_ptr_null(ipvs_svc_flags_str(f, "sh", buf, 10));
	ck_assert_int_eq(ipvs_svc_flags_parse("ops,mh-port,hashed", &f), 0);
	ck_assert_uint_eq(f, IP_VS_SVC_F_ONEPACKET | IP_VS_SVC_F_SCHED2 | IP_VS_SVC_F_HASHED);
	ck_assert_int_eq(ipvs_svc_flags_parse("ops,nope", &f), -1);

	ck_assert_uint_eq(ipvs_netmask_from_plen(AF_INET, 24), 0xffffff00);
	ck_assert_uint_eq(ipvs_netmask_from_plen(AF_INET, 32), 0xffffffff);
	ck_assert_uint_eq(ipvs_netmask_from_plen(AF_INET, 0), 0);
	ck_assert_uint_eq(ipvs_netmask_from_plen(AF_INET6, 48), 48);
	ck_assert_int_eq(ipvs_netmask_to_plen(AF_INET, 0xfffffff0), 28);
	ck_assert_int_eq(ipvs_netmask_to_plen(AF_INET, 0xff00ff00), -1);
	ck_assert_int_eq(ipvs_netmask_to_plen(AF_INET6, 56), 56);
	for (int i = 0; i < IPVS_PERR_COUNT; i++)
		ck_assert_str_ne(ipvs_perr_str((enum ipvs_perr)i), "?");
	ck_assert_str_eq(ipvs_perr_str(IPVS_PERR_COUNT), "?");
}
END_TEST

START_TEST(test_msg_next)
{
	struct w a, b;
	uint32_t mem[256];
	uint8_t *buf = (uint8_t *)mem;
	size_t la, lb, off = 0, mlen = 0, total;
	const struct nlmsghdr *nlh;

	w_hdr(&a, FAMILY, IPVS_CMD_SET_INFO);
	w_u8(&a, IPVS_INFO_ATTR_VERSION, 1); /* 25 bytes: the next message starts at 28 */
	a.len = 25;
	la = w_done(&a);
	w_hdr(&b, FAMILY, IPVS_CMD_SET_INFO);
	lb = w_done(&b);
	memset(mem, 0, sizeof(mem));
	memcpy(buf, wb(&a), la);
	memcpy(buf + 28, wb(&b), lb);
	total = 28 + lb;
	nlh = ipvs_msg_next(buf, total, &off, &mlen);
	ck_assert_ptr_eq(nlh, (const void *)buf);
	ck_assert_uint_eq(mlen, 25);
	ck_assert_uint_eq(off, 28);
	nlh = ipvs_msg_next(buf, total, &off, &mlen);
	ck_assert_ptr_eq(nlh, (const void *)(buf + 28));
	ck_assert_uint_eq(mlen, lb);
	ck_assert_uint_eq(off, total);
	ck_assert_ptr_null(ipvs_msg_next(buf, total, &off, &mlen));

	/* an unaligned last message ends the walk exactly at len */
	off = 0;
	ck_assert_ptr_nonnull(ipvs_msg_next(buf, 25, &off, &mlen));
	ck_assert_uint_eq(off, 25);
	ck_assert_ptr_null(ipvs_msg_next(buf, 25, &off, &mlen));
	/* a length beyond the buffer, or below the header, stops with off < len */
	off = 0;
	ck_assert_ptr_null(ipvs_msg_next(buf, 24, &off, &mlen));
	ck_assert_uint_eq(off, 0);
	mem[0] = 8;
	ck_assert_ptr_null(ipvs_msg_next(buf, total, &off, &mlen));
	ck_assert_ptr_null(ipvs_msg_next(buf, 15, &off, &mlen));
}
END_TEST

START_TEST(test_compare)
{
	struct ipvs_service a, b;
	struct ipvs_dest d, e;

	svc_tcp4(&a);
	b = a;
	ck_assert(ipvs_service_key_eq(&a, &b));
	ck_assert(ipvs_service_settings_eq(&a, &b));
	b.flags |= IP_VS_SVC_F_HASHED; /* as dumped from the kernel */
	ck_assert(ipvs_service_settings_eq(&a, &b));
	b.flags |= IP_VS_SVC_F_SCHED1;
	ck_assert(!ipvs_service_settings_eq(&a, &b));
	b = a;
	strcpy(b.sched_name, "wlc");
	ck_assert(!ipvs_service_settings_eq(&a, &b));
	ck_assert(ipvs_service_key_eq(&a, &b));
	b = a;
	b.netmask = 0xffffffff;
	ck_assert(!ipvs_service_settings_eq(&a, &b));
	b = a;
	b.port++;
	ck_assert(!ipvs_service_key_eq(&a, &b));
	b = a;
	b.protocol = IPPROTO_UDP;
	ck_assert(!ipvs_service_key_eq(&a, &b));
	b = a;
	b.addr = A4("192.0.2.11");
	ck_assert(!ipvs_service_key_eq(&a, &b));
	/* fwmark services: the mark and family decide, not stale address fields */
	a.fwmark = b.fwmark = 5;
	ck_assert(ipvs_service_key_eq(&a, &b));
	b.af = AF_INET6;
	ck_assert(!ipvs_service_key_eq(&a, &b));

	dest_tun6(&d);
	e = d;
	ck_assert(ipvs_dest_key_eq(&d, &e));
	ck_assert(ipvs_dest_settings_eq(&d, &e));
	e.tun_port++;
	ck_assert(!ipvs_dest_settings_eq(&d, &e));
	e = d;
	e.weight = 8;
	ck_assert(!ipvs_dest_settings_eq(&d, &e));
	e = d;
	e.port = 444;
	ck_assert(!ipvs_dest_key_eq(&d, &e));
	/* not a tunnel: tunnel fields do not matter */
	d.fwd = e.fwd = IP_VS_CONN_F_DROUTE;
	e = d;
	e.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE;
	ck_assert(ipvs_dest_settings_eq(&d, &e));
	e.fwd = IP_VS_CONN_F_MASQ;
	ck_assert(!ipvs_dest_settings_eq(&d, &e));
}
END_TEST

static Suite *ipvs_msg_suite(void)
{
	Suite *s = suite_create("ipvs_msg");
	TCase *b = tcase_create("build");
	TCase *p = tcase_create("parse");

	tcase_add_test(b, test_new_service_v4);
	tcase_add_test(b, test_service_identity_only);
	tcase_add_test(b, test_fwmark_service_v6);
	tcase_add_test(b, test_dumps_and_simple);
	tcase_add_test(b, test_new_dest_tunnel_mixed_family);
	tcase_add_test(b, test_dest_masq_and_del);
	tcase_add_test(b, test_config_and_daemon);
	tcase_add_test(b, test_build_errors);
	tcase_add_test(b, test_getfamily);
	suite_add_tcase(s, b);
	tcase_add_test(p, test_parse_service);
	tcase_add_test(p, test_parse_service_malformed);
	tcase_add_test(p, test_parse_dest);
	tcase_add_test(p, test_parse_roundtrip);
	tcase_add_test(p, test_parse_info_timeouts_daemon);
	tcase_add_test(p, test_parse_family_and_error);
	tcase_add_test(p, test_names);
	tcase_add_test(p, test_msg_next);
	tcase_add_test(p, test_compare);
	suite_add_tcase(s, p);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ipvs_msg_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
