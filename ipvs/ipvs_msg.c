/*
 * ipvs_msg: builds IPVS generic-netlink requests into caller buffers and
 * parses the kernel's replies.  Pure: no sockets, no clock.
 *
 * Building uses libmnl's bounded attribute writers (mnl_attr_put_*_check),
 * so a short buffer gives ENOSPC instead of an overflow.  Parsing does not
 * use libmnl's lenient iterators: attrs_collect() walks an attribute stream
 * itself and rejects an attribute that overflows its container, trailing
 * bytes, and duplicates; each value is then read only after its payload size
 * was checked (want_u8/u16/u32, want_str, want_addr).  Attribute types above
 * what we know are ignored (newer kernels may add some).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "ipvs/ipvs_msg.h"
#include "lib/util.h"

/* ======================================================================
 * building
 * ====================================================================== */

bool ipvs_req_is_dump(const struct ipvs_req *req)
{
	switch (req->cmd) {
	case IPVS_CMD_GET_SERVICE:
		return req->svc == NULL;
	case IPVS_CMD_GET_DEST:
	case IPVS_CMD_GET_DAEMON:
		return true;
	default:
		return false;
	}
}

/* Start a message: nlmsghdr + genlmsghdr.  NULL when it does not fit. */
static struct nlmsghdr *put_genl_header(void *buf, size_t size, uint16_t type, uint16_t flags,
					uint32_t seq, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	if (size < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr)) || size > UINT32_MAX)
		return NULL;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 0;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	genl->reserved = 0;
	return nlh;
}

/*
 * Attribute writers.  libmnl before 1.0.5 leaves the alignment padding of
 * an attribute uninitialised; we zero it so no stale bytes go to the kernel.
 */
static bool put_attr(struct nlmsghdr *nlh, size_t size, uint16_t type, size_t len, const void *data)
{
	size_t pad = MNL_ALIGN(len) - len;

	if (!mnl_attr_put_check(nlh, size, type, len, data))
		return false;
	if (pad)
		memset((uint8_t *)nlh + nlh->nlmsg_len - pad, 0, pad);
	return true;
}

static bool put_u8(struct nlmsghdr *nlh, size_t size, uint16_t type, uint8_t v)
{
	return put_attr(nlh, size, type, sizeof(v), &v);
}

static bool put_u16(struct nlmsghdr *nlh, size_t size, uint16_t type, uint16_t v)
{
	return put_attr(nlh, size, type, sizeof(v), &v);
}

static bool put_u32(struct nlmsghdr *nlh, size_t size, uint16_t type, uint32_t v)
{
	return put_attr(nlh, size, type, sizeof(v), &v);
}

static bool put_strz(struct nlmsghdr *nlh, size_t size, uint16_t type, const char *s)
{
	return put_attr(nlh, size, type, strlen(s) + 1, s);
}

static int addr_len(int af)
{
	return af == AF_INET ? 4 : af == AF_INET6 ? 16 : 0;
}

/* Append the nested IPVS_CMD_ATTR_SERVICE; full adds the settings. */
static bool put_service(struct nlmsghdr *nlh, size_t size, const struct ipvs_service *svc,
			bool full)
{
	struct nlattr *nest;
	bool ok = true;

	if (svc->af != AF_INET && svc->af != AF_INET6)
		return false;
	nest = mnl_attr_nest_start_check(nlh, size, IPVS_CMD_ATTR_SERVICE);
	if (!nest)
		return false;
	ok = ok && put_u16(nlh, size, IPVS_SVC_ATTR_AF, (uint16_t)svc->af);
	if (svc->fwmark) {
		ok = ok && put_u32(nlh, size, IPVS_SVC_ATTR_FWMARK, svc->fwmark);
	} else {
		ok = ok && put_u16(nlh, size, IPVS_SVC_ATTR_PROTOCOL, svc->protocol);
		ok = ok && put_attr(nlh, size, IPVS_SVC_ATTR_ADDR, (size_t)addr_len(svc->af),
				    svc->addr.u.bytes);
		ok = ok && put_u16(nlh, size, IPVS_SVC_ATTR_PORT, htons(svc->port));
	}
	if (full) {
		struct ip_vs_flags fl = {
		    .flags = svc->flags,
		    .mask = svc->flags_mask ? svc->flags_mask : UINT32_MAX,
		};
		uint32_t nm = svc->af == AF_INET ? htonl(svc->netmask) : svc->netmask;

		ok = ok && put_strz(nlh, size, IPVS_SVC_ATTR_SCHED_NAME, svc->sched_name);
		if (svc->pe_name[0])
			ok = ok && put_strz(nlh, size, IPVS_SVC_ATTR_PE_NAME, svc->pe_name);
		ok = ok && put_attr(nlh, size, IPVS_SVC_ATTR_FLAGS, sizeof(fl), &fl);
		ok = ok && put_u32(nlh, size, IPVS_SVC_ATTR_TIMEOUT, svc->timeout);
		ok = ok && put_u32(nlh, size, IPVS_SVC_ATTR_NETMASK, nm);
	}
	if (!ok)
		return false;
	mnl_attr_nest_end(nlh, nest);
	return true;
}

static bool put_dest(struct nlmsghdr *nlh, size_t size, const struct ipvs_dest *d, bool full)
{
	struct nlattr *nest;
	int alen = addr_len(d->addr.af);
	bool ok = true;

	if (!alen)
		return false;
	nest = mnl_attr_nest_start_check(nlh, size, IPVS_CMD_ATTR_DEST);
	if (!nest)
		return false;
	ok = ok && put_u16(nlh, size, IPVS_DEST_ATTR_ADDR_FAMILY, (uint16_t)d->addr.af);
	ok = ok && put_attr(nlh, size, IPVS_DEST_ATTR_ADDR, (size_t)alen, d->addr.u.bytes);
	ok = ok && put_u16(nlh, size, IPVS_DEST_ATTR_PORT, htons(d->port));
	if (full) {
		uint32_t fwd = d->fwd & IP_VS_CONN_F_FWD_MASK;

		ok = ok && put_u32(nlh, size, IPVS_DEST_ATTR_FWD_METHOD, fwd);
		ok = ok && put_u32(nlh, size, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight);
		ok = ok && put_u32(nlh, size, IPVS_DEST_ATTR_U_THRESH, d->u_thresh);
		ok = ok && put_u32(nlh, size, IPVS_DEST_ATTR_L_THRESH, d->l_thresh);
		if (fwd == IP_VS_CONN_F_TUNNEL) {
			ok = ok && put_u8(nlh, size, IPVS_DEST_ATTR_TUN_TYPE, d->tun_type);
			ok = ok && put_u16(nlh, size, IPVS_DEST_ATTR_TUN_PORT, htons(d->tun_port));
			ok = ok && put_u16(nlh, size, IPVS_DEST_ATTR_TUN_FLAGS, d->tun_flags);
		}
	}
	if (!ok)
		return false;
	mnl_attr_nest_end(nlh, nest);
	return true;
}

static bool put_daemon(struct nlmsghdr *nlh, size_t size, const struct ipvs_daemon *dm, bool full)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, size, IPVS_CMD_ATTR_DAEMON);
	bool ok = true;

	if (!nest)
		return false;
	ok = ok && put_u32(nlh, size, IPVS_DAEMON_ATTR_STATE, dm->state);
	if (full) {
		ok = ok && put_strz(nlh, size, IPVS_DAEMON_ATTR_MCAST_IFN, dm->mcast_ifn);
		ok = ok && put_u32(nlh, size, IPVS_DAEMON_ATTR_SYNC_ID, dm->syncid);
		if (dm->sync_maxlen)
			ok =
			    ok && put_u16(nlh, size, IPVS_DAEMON_ATTR_SYNC_MAXLEN, dm->sync_maxlen);
		if (dm->mcast_group.af == AF_INET)
			ok = ok && put_attr(nlh, size, IPVS_DAEMON_ATTR_MCAST_GROUP, 4,
					    dm->mcast_group.u.bytes);
		else if (dm->mcast_group.af == AF_INET6)
			ok = ok && put_attr(nlh, size, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16,
					    dm->mcast_group.u.bytes);
		if (dm->mcast_port)
			ok = ok && put_u16(nlh, size, IPVS_DAEMON_ATTR_MCAST_PORT, dm->mcast_port);
		if (dm->mcast_ttl)
			ok = ok && put_u8(nlh, size, IPVS_DAEMON_ATTR_MCAST_TTL, dm->mcast_ttl);
	}
	if (!ok)
		return false;
	mnl_attr_nest_end(nlh, nest);
	return true;
}

/* Semantic checks done before writing (EINVAL rather than a confusing kernel error). */
static bool req_valid(const struct ipvs_req *req)
{
	const struct ipvs_service *svc = req->svc;

	if (svc) {
		if (svc->af != AF_INET && svc->af != AF_INET6)
			return false;
		if (!svc->fwmark && svc->addr.af != svc->af)
			return false;
	}
	switch (req->cmd) {
	case IPVS_CMD_NEW_SERVICE:
	case IPVS_CMD_SET_SERVICE:
		if (!svc || memchr(svc->sched_name, '\0', sizeof(svc->sched_name)) == NULL ||
		    memchr(svc->pe_name, '\0', sizeof(svc->pe_name)) == NULL)
			return false;
		/* The kernel's policy allows at most MAXLEN-1 bytes for the scheduler name. */
		if (strlen(svc->sched_name) >= IP_VS_SCHEDNAME_MAXLEN - 1 || !svc->sched_name[0])
			return false;
		if (svc->af == AF_INET6 && (svc->netmask < 1 || svc->netmask > 128))
			return false;
		return true;
	case IPVS_CMD_DEL_SERVICE:
		return svc != NULL;
	case IPVS_CMD_NEW_DEST:
	case IPVS_CMD_SET_DEST:
		if (req->dest &&
		    (req->dest->weight < 0 || req->dest->tun_type >= IP_VS_CONN_F_TUNNEL_TYPE_MAX))
			return false;
		/* fallthrough */
	case IPVS_CMD_DEL_DEST:
		return svc && req->dest && addr_len(req->dest->addr.af);
	case IPVS_CMD_GET_DEST:
		return svc != NULL;
	case IPVS_CMD_SET_CONFIG:
		return req->timeouts != NULL;
	case IPVS_CMD_NEW_DAEMON:
		return req->daemon && req->daemon->mcast_ifn[0] &&
		       memchr(req->daemon->mcast_ifn, '\0', sizeof(req->daemon->mcast_ifn));
	case IPVS_CMD_DEL_DAEMON:
		return req->daemon != NULL;
	case IPVS_CMD_GET_SERVICE:
	case IPVS_CMD_GET_DAEMON:
	case IPVS_CMD_GET_CONFIG:
	case IPVS_CMD_GET_INFO:
	case IPVS_CMD_ZERO:
	case IPVS_CMD_FLUSH:
		return true;
	default:
		return false;
	}
}

int ipvs_msg_build(void *buf, size_t size, uint16_t family, uint32_t seq,
		   const struct ipvs_req *req)
{
	uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
	struct nlmsghdr *nlh;
	bool ok = true;

	if (!req_valid(req)) {
		errno = EINVAL;
		return -1;
	}
	if (ipvs_req_is_dump(req))
		flags |= NLM_F_DUMP;
	nlh = put_genl_header(buf, size, family, flags, seq, req->cmd, IPVS_GENL_VERSION);
	if (!nlh) {
		errno = ENOSPC;
		return -1;
	}
	switch (req->cmd) {
	case IPVS_CMD_NEW_SERVICE:
	case IPVS_CMD_SET_SERVICE:
		ok = put_service(nlh, size, req->svc, true);
		break;
	case IPVS_CMD_DEL_SERVICE:
	case IPVS_CMD_GET_SERVICE:
	case IPVS_CMD_GET_DEST:
	case IPVS_CMD_ZERO:
		if (req->svc)
			ok = put_service(nlh, size, req->svc, false);
		break;
	case IPVS_CMD_NEW_DEST:
	case IPVS_CMD_SET_DEST:
	case IPVS_CMD_DEL_DEST:
		ok = put_service(nlh, size, req->svc, false) &&
		     put_dest(nlh, size, req->dest, req->cmd != IPVS_CMD_DEL_DEST);
		break;
	case IPVS_CMD_SET_CONFIG: {
		const struct ipvs_timeouts *t = req->timeouts;
		if (t->tcp)
			ok = ok && put_u32(nlh, size, IPVS_CMD_ATTR_TIMEOUT_TCP, t->tcp);
		if (t->tcp_fin)
			ok = ok && put_u32(nlh, size, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t->tcp_fin);
		if (t->udp)
			ok = ok && put_u32(nlh, size, IPVS_CMD_ATTR_TIMEOUT_UDP, t->udp);
		break;
	}
	case IPVS_CMD_NEW_DAEMON:
	case IPVS_CMD_DEL_DAEMON:
		ok = put_daemon(nlh, size, req->daemon, req->cmd == IPVS_CMD_NEW_DAEMON);
		break;
	default:
		break;
	}
	if (!ok || MNL_ALIGN(nlh->nlmsg_len) > size) {
		errno = ENOSPC;
		return -1;
	}
	return (int)MNL_ALIGN(nlh->nlmsg_len);
}

int ipvs_msg_build_getfamily(void *buf, size_t size, uint32_t seq, const char *name)
{
	struct nlmsghdr *nlh;

	nlh = put_genl_header(buf, size, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, seq,
			      CTRL_CMD_GETFAMILY, 1);
	if (!nlh || !put_strz(nlh, size, CTRL_ATTR_FAMILY_NAME, name)) {
		errno = ENOSPC;
		return -1;
	}
	return (int)MNL_ALIGN(nlh->nlmsg_len);
}

/* ======================================================================
 * parsing
 * ====================================================================== */

static const char *const perr_names[IPVS_PERR_COUNT] = {
    [IPVS_PERR_OK] = "ok",
    [IPVS_PERR_TRUNCATED] = "truncated message",
    [IPVS_PERR_BAD_ATTR] = "malformed attribute stream",
    [IPVS_PERR_BAD_LEN] = "attribute has the wrong size",
    [IPVS_PERR_BAD_VALUE] = "attribute value out of range",
    [IPVS_PERR_MISSING] = "required attribute missing",
    [IPVS_PERR_DUPLICATE] = "duplicate attribute",
    [IPVS_PERR_WRONG_MSG] = "unexpected message type",
};

const char *ipvs_perr_str(enum ipvs_perr e)
{
	return (unsigned)e < IPVS_PERR_COUNT ? perr_names[e] : "?";
}

/*
 * Index the attributes in [data, data+len) by type into tb[0..maxtype].
 * Types above maxtype are skipped; pad_type (or -1) may repeat.
 */
static enum ipvs_perr attrs_collect(const void *data, size_t len, const struct nlattr **tb,
				    unsigned maxtype, int pad_type)
{
	const uint8_t *p = data;
	size_t off = 0;

	memset(tb, 0, sizeof(*tb) * (maxtype + 1));
	while (off < len) {
		const struct nlattr *a = (const struct nlattr *)(const void *)(p + off);
		unsigned type;

		if (len - off < sizeof(struct nlattr))
			return IPVS_PERR_BAD_ATTR;
		if (a->nla_len < sizeof(struct nlattr) || a->nla_len > len - off)
			return IPVS_PERR_BAD_ATTR;
		type = a->nla_type & NLA_TYPE_MASK;
		if (type <= maxtype && (int)type != pad_type) {
			if (tb[type])
				return IPVS_PERR_DUPLICATE;
			tb[type] = a;
		}
		off += MNL_ALIGN(a->nla_len);
	}
	return IPVS_PERR_OK;
}

/*
 * Attribute accessors for the parsers: inline (the libmnl ones are calls
 * through the PLT, a tenth of the checker's CPU in a 10,000-destination
 * resync).  attrs_collect() has checked nla_len >= the header; the integer
 * readers are used after a length check and copy (the payload is 4-aligned).
 */
static inline const void *attr_data(const struct nlattr *a)
{
	return (const uint8_t *)a + NLA_HDRLEN;
}

static inline size_t attr_len(const struct nlattr *a)
{
	return (size_t)a->nla_len - NLA_HDRLEN;
}

static inline uint8_t attr_u8(const struct nlattr *a)
{
	return *(const uint8_t *)attr_data(a);
}

static inline uint16_t attr_u16(const struct nlattr *a)
{
	uint16_t v;

	memcpy(&v, attr_data(a), sizeof(v));
	return v;
}

static inline uint32_t attr_u32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, attr_data(a), sizeof(v));
	return v;
}

static enum ipvs_perr nested_collect(const struct nlattr *nest, const struct nlattr **tb,
				     unsigned maxtype, int pad_type)
{
	return attrs_collect(attr_data(nest), attr_len(nest), tb, maxtype, pad_type);
}

/*
 * Check the netlink + genl headers of msg; on success point *attrs and *alen at
 * the attribute stream.  cmd is the expected genl command.
 */
static enum ipvs_perr genl_open(const void *msg, size_t len, uint8_t cmd, const void **attrs,
				size_t *alen)
{
	const struct nlmsghdr *nlh = msg;
	const struct genlmsghdr *genl;
	const size_t hdr = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr));

	if (len < MNL_NLMSG_HDRLEN || nlh->nlmsg_len > len)
		return IPVS_PERR_TRUNCATED;
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
		return IPVS_PERR_WRONG_MSG;
	if (nlh->nlmsg_len < hdr)
		return IPVS_PERR_TRUNCATED;
	genl = (const struct genlmsghdr *)(const void *)((const uint8_t *)msg + MNL_NLMSG_HDRLEN);
	if (genl->cmd != cmd)
		return IPVS_PERR_WRONG_MSG;
	*attrs = (const uint8_t *)msg + hdr;
	*alen = nlh->nlmsg_len - hdr;
	return IPVS_PERR_OK;
}

const struct nlmsghdr *ipvs_msg_next(const void *buf, size_t len, size_t *off, size_t *msglen)
{
	const struct nlmsghdr *nlh;
	size_t rest;

	if (*off >= len || len - *off < MNL_NLMSG_HDRLEN)
		return NULL;
	rest = len - *off;
	nlh = (const struct nlmsghdr *)(const void *)((const uint8_t *)buf + *off);
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN || nlh->nlmsg_len > rest)
		return NULL;
	*msglen = nlh->nlmsg_len;
	*off += MNL_ALIGN(nlh->nlmsg_len) < rest ? MNL_ALIGN(nlh->nlmsg_len) : rest;
	return nlh;
}

#define CHECK(expr)                                                                                \
	do {                                                                                       \
		enum ipvs_perr e_ = (expr);                                                        \
		if (e_ != IPVS_PERR_OK)                                                            \
			return e_;                                                                 \
	} while (0)

static enum ipvs_perr want_len(const struct nlattr *a, size_t n)
{
	return attr_len(a) == n ? IPVS_PERR_OK : IPVS_PERR_BAD_LEN;
}

/* Optional integer attributes: leave *out alone when absent. */
static enum ipvs_perr want_u8(const struct nlattr *a, uint8_t *out)
{
	if (a) {
		CHECK(want_len(a, 1));
		*out = attr_u8(a);
	}
	return IPVS_PERR_OK;
}

static enum ipvs_perr want_u16(const struct nlattr *a, uint16_t *out)
{
	if (a) {
		CHECK(want_len(a, 2));
		*out = attr_u16(a);
	}
	return IPVS_PERR_OK;
}

static enum ipvs_perr want_u32(const struct nlattr *a, uint32_t *out)
{
	if (a) {
		CHECK(want_len(a, 4));
		*out = attr_u32(a);
	}
	return IPVS_PERR_OK;
}

/* A counter sent as u32 (old STATS) or u64 (STATS64 and byte counters). */
static enum ipvs_perr want_counter(const struct nlattr *a, uint64_t *out)
{
	if (!a)
		return IPVS_PERR_OK;
	if (attr_len(a) == 4) {
		*out = attr_u32(a);
		return IPVS_PERR_OK;
	}
	if (attr_len(a) == 8) {
		uint64_t v;
		memcpy(&v, attr_data(a), sizeof(v)); /* may be 4-aligned only */
		*out = v;
		return IPVS_PERR_OK;
	}
	return IPVS_PERR_BAD_LEN;
}

/* A NUL-terminated string that fits into out[size]. */
static enum ipvs_perr want_str(const struct nlattr *a, char *out, size_t size)
{
	const char *s;
	size_t n;

	if (!a)
		return IPVS_PERR_OK;
	s = attr_data(a);
	n = attr_len(a);
	if (n == 0)
		return IPVS_PERR_BAD_LEN;
	if (!memchr(s, '\0', n) || strlen(s) >= size)
		return IPVS_PERR_BAD_VALUE;
	memcpy(out, s, strlen(s) + 1);
	return IPVS_PERR_OK;
}

/* An address of family af: the kernel sends a 16-byte union, we accept 4..16 for v4. */
static enum ipvs_perr want_addr(const struct nlattr *a, int af, struct addr *out)
{
	size_t n = attr_len(a);
	size_t need = af == AF_INET ? 4 : 16;

	if (n < need || n > 16)
		return IPVS_PERR_BAD_LEN;
	memset(out, 0, sizeof(*out));
	out->af = af;
	memcpy(out->u.bytes, attr_data(a), need);
	return IPVS_PERR_OK;
}

static enum ipvs_perr want_af(const struct nlattr *a, int *af)
{
	uint16_t v = 0;

	CHECK(want_u16(a, &v));
	if (v != AF_INET && v != AF_INET6)
		return IPVS_PERR_BAD_VALUE;
	*af = v;
	return IPVS_PERR_OK;
}

static enum ipvs_perr parse_stats(const struct nlattr *nest, struct ipvs_stats *st)
{
	const struct nlattr *tb[IPVS_STATS_ATTR_MAX + 1];

	CHECK(nested_collect(nest, tb, IPVS_STATS_ATTR_MAX, IPVS_STATS_ATTR_PAD));
	memset(st, 0, sizeof(*st));
	CHECK(want_counter(tb[IPVS_STATS_ATTR_CONNS], &st->conns));
	CHECK(want_counter(tb[IPVS_STATS_ATTR_INPKTS], &st->inpkts));
	CHECK(want_counter(tb[IPVS_STATS_ATTR_OUTPKTS], &st->outpkts));
	CHECK(want_counter(tb[IPVS_STATS_ATTR_INBYTES], &st->inbytes));
	CHECK(want_counter(tb[IPVS_STATS_ATTR_OUTBYTES], &st->outbytes));
	CHECK(want_counter(tb[IPVS_STATS_ATTR_CPS], &st->cps));
	CHECK(want_counter(tb[IPVS_STATS_ATTR_INPPS], &st->inpps));
	CHECK(want_counter(tb[IPVS_STATS_ATTR_OUTPPS], &st->outpps));
	CHECK(want_counter(tb[IPVS_STATS_ATTR_INBPS], &st->inbps));
	CHECK(want_counter(tb[IPVS_STATS_ATTR_OUTBPS], &st->outbps));
	return IPVS_PERR_OK;
}

/* Both stats nests are optional; STATS64 wins when both are present (the
 * 32-bit nest is then not parsed at all: it only repeats the same counters). */
static enum ipvs_perr parse_both_stats(const struct nlattr *st32, const struct nlattr *st64,
				       bool *has, struct ipvs_stats *out)
{
	struct ipvs_stats tmp;
	const struct nlattr *st = st64 ? st64 : st32;

	*has = false;
	if (st) {
		CHECK(parse_stats(st, &tmp));
		*out = tmp;
		*has = true;
	}
	return IPVS_PERR_OK;
}

/* The single top-level nest `type` of a reply, required. */
static enum ipvs_perr top_nest(const void *msg, size_t len, uint8_t cmd, unsigned type,
			       const struct nlattr **nest)
{
	const struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];
	const void *attrs;
	size_t alen;

	CHECK(genl_open(msg, len, cmd, &attrs, &alen));
	CHECK(attrs_collect(attrs, alen, tb, IPVS_CMD_ATTR_MAX, -1));
	if (!tb[type])
		return IPVS_PERR_MISSING;
	*nest = tb[type];
	return IPVS_PERR_OK;
}

enum ipvs_perr ipvs_msg_parse_service(const void *msg, size_t len, struct ipvs_service *out)
{
	const struct nlattr *tb[IPVS_SVC_ATTR_MAX + 1];
	const struct nlattr *nest;

	CHECK(top_nest(msg, len, IPVS_CMD_NEW_SERVICE, IPVS_CMD_ATTR_SERVICE, &nest));
	CHECK(nested_collect(nest, tb, IPVS_SVC_ATTR_MAX, -1));
	memset(out, 0, sizeof(*out));
	if (!tb[IPVS_SVC_ATTR_AF] || !tb[IPVS_SVC_ATTR_SCHED_NAME] || !tb[IPVS_SVC_ATTR_FLAGS] ||
	    !tb[IPVS_SVC_ATTR_TIMEOUT] || !tb[IPVS_SVC_ATTR_NETMASK])
		return IPVS_PERR_MISSING;
	CHECK(want_af(tb[IPVS_SVC_ATTR_AF], &out->af));
	CHECK(want_u32(tb[IPVS_SVC_ATTR_FWMARK], &out->fwmark));
	if (tb[IPVS_SVC_ATTR_FWMARK]) {
		if (out->fwmark == 0)
			return IPVS_PERR_BAD_VALUE;
	} else {
		uint16_t port = 0;
		if (!tb[IPVS_SVC_ATTR_PROTOCOL] || !tb[IPVS_SVC_ATTR_ADDR] ||
		    !tb[IPVS_SVC_ATTR_PORT])
			return IPVS_PERR_MISSING;
		CHECK(want_u16(tb[IPVS_SVC_ATTR_PROTOCOL], &out->protocol));
		CHECK(want_addr(tb[IPVS_SVC_ATTR_ADDR], out->af, &out->addr));
		CHECK(want_u16(tb[IPVS_SVC_ATTR_PORT], &port));
		out->port = ntohs(port);
	}
	CHECK(want_str(tb[IPVS_SVC_ATTR_SCHED_NAME], out->sched_name, sizeof(out->sched_name)));
	CHECK(want_str(tb[IPVS_SVC_ATTR_PE_NAME], out->pe_name, sizeof(out->pe_name)));
	{
		struct ip_vs_flags fl;
		CHECK(want_len(tb[IPVS_SVC_ATTR_FLAGS], sizeof(fl)));
		memcpy(&fl, attr_data(tb[IPVS_SVC_ATTR_FLAGS]), sizeof(fl));
		out->flags = fl.flags;
		out->flags_mask = fl.mask;
	}
	CHECK(want_u32(tb[IPVS_SVC_ATTR_TIMEOUT], &out->timeout));
	CHECK(want_u32(tb[IPVS_SVC_ATTR_NETMASK], &out->netmask));
	if (out->af == AF_INET)
		out->netmask = ntohl(out->netmask);
	else if (out->netmask > 128)
		return IPVS_PERR_BAD_VALUE;
	return parse_both_stats(tb[IPVS_SVC_ATTR_STATS], tb[IPVS_SVC_ATTR_STATS64], &out->has_stats,
				&out->stats);
}

enum ipvs_perr ipvs_msg_parse_dest(const void *msg, size_t len, int svc_af, struct ipvs_dest *out,
				   struct ipvs_dest_stats *st)
{
	const struct nlattr *tb[IPVS_DEST_ATTR_MAX + 1];
	const struct nlattr *nest;
	struct ipvs_dest_stats ignored;
	uint16_t port = 0, tun_port = 0;
	int af = svc_af;

	CHECK(top_nest(msg, len, IPVS_CMD_NEW_DEST, IPVS_CMD_ATTR_DEST, &nest));
	CHECK(nested_collect(nest, tb, IPVS_DEST_ATTR_MAX, -1));
	memset(out, 0, sizeof(*out));
	if (!tb[IPVS_DEST_ATTR_ADDR] || !tb[IPVS_DEST_ATTR_PORT] ||
	    !tb[IPVS_DEST_ATTR_FWD_METHOD] || !tb[IPVS_DEST_ATTR_WEIGHT] ||
	    !tb[IPVS_DEST_ATTR_U_THRESH] || !tb[IPVS_DEST_ATTR_L_THRESH])
		return IPVS_PERR_MISSING;
	if (tb[IPVS_DEST_ATTR_ADDR_FAMILY])
		CHECK(want_af(tb[IPVS_DEST_ATTR_ADDR_FAMILY], &af));
	else if (af != AF_INET && af != AF_INET6)
		return IPVS_PERR_MISSING;
	CHECK(want_addr(tb[IPVS_DEST_ATTR_ADDR], af, &out->addr));
	CHECK(want_u16(tb[IPVS_DEST_ATTR_PORT], &port));
	out->port = ntohs(port);
	CHECK(want_u32(tb[IPVS_DEST_ATTR_FWD_METHOD], &out->fwd));
	if (out->fwd & ~(uint32_t)IP_VS_CONN_F_FWD_MASK)
		return IPVS_PERR_BAD_VALUE;
	CHECK(want_u32(tb[IPVS_DEST_ATTR_WEIGHT], (uint32_t *)&out->weight));
	CHECK(want_u32(tb[IPVS_DEST_ATTR_U_THRESH], &out->u_thresh));
	CHECK(want_u32(tb[IPVS_DEST_ATTR_L_THRESH], &out->l_thresh));
	CHECK(want_u8(tb[IPVS_DEST_ATTR_TUN_TYPE], &out->tun_type));
	CHECK(want_u16(tb[IPVS_DEST_ATTR_TUN_PORT], &tun_port));
	out->tun_port = ntohs(tun_port);
	CHECK(want_u16(tb[IPVS_DEST_ATTR_TUN_FLAGS], &out->tun_flags));
	if (!st)
		st = &ignored;
	memset(st, 0, sizeof(*st));
	CHECK(want_u32(tb[IPVS_DEST_ATTR_ACTIVE_CONNS], &st->active_conns));
	CHECK(want_u32(tb[IPVS_DEST_ATTR_INACT_CONNS], &st->inact_conns));
	CHECK(want_u32(tb[IPVS_DEST_ATTR_PERSIST_CONNS], &st->persist_conns));
	return parse_both_stats(tb[IPVS_DEST_ATTR_STATS], tb[IPVS_DEST_ATTR_STATS64],
				&st->has_stats, &st->stats);
}

enum ipvs_perr ipvs_msg_parse_timeouts(const void *msg, size_t len, struct ipvs_timeouts *out)
{
	const struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1];
	const void *attrs;
	size_t alen;

	CHECK(genl_open(msg, len, IPVS_CMD_SET_CONFIG, &attrs, &alen));
	CHECK(attrs_collect(attrs, alen, tb, IPVS_CMD_ATTR_MAX, -1));
	memset(out, 0, sizeof(*out));
	CHECK(want_u32(tb[IPVS_CMD_ATTR_TIMEOUT_TCP], &out->tcp));
	CHECK(want_u32(tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN], &out->tcp_fin));
	CHECK(want_u32(tb[IPVS_CMD_ATTR_TIMEOUT_UDP], &out->udp));
	return IPVS_PERR_OK;
}

enum ipvs_perr ipvs_msg_parse_daemon(const void *msg, size_t len, struct ipvs_daemon *out)
{
	const struct nlattr *tb[IPVS_DAEMON_ATTR_MAX + 1];
	const struct nlattr *nest;

	CHECK(top_nest(msg, len, IPVS_CMD_NEW_DAEMON, IPVS_CMD_ATTR_DAEMON, &nest));
	CHECK(nested_collect(nest, tb, IPVS_DAEMON_ATTR_MAX, -1));
	memset(out, 0, sizeof(*out));
	if (!tb[IPVS_DAEMON_ATTR_STATE] || !tb[IPVS_DAEMON_ATTR_MCAST_IFN] ||
	    !tb[IPVS_DAEMON_ATTR_SYNC_ID])
		return IPVS_PERR_MISSING;
	CHECK(want_u32(tb[IPVS_DAEMON_ATTR_STATE], &out->state));
	CHECK(want_str(tb[IPVS_DAEMON_ATTR_MCAST_IFN], out->mcast_ifn, sizeof(out->mcast_ifn)));
	CHECK(want_u32(tb[IPVS_DAEMON_ATTR_SYNC_ID], &out->syncid));
	CHECK(want_u16(tb[IPVS_DAEMON_ATTR_SYNC_MAXLEN], &out->sync_maxlen));
	CHECK(want_u16(tb[IPVS_DAEMON_ATTR_MCAST_PORT], &out->mcast_port));
	CHECK(want_u8(tb[IPVS_DAEMON_ATTR_MCAST_TTL], &out->mcast_ttl));
	if (tb[IPVS_DAEMON_ATTR_MCAST_GROUP] && tb[IPVS_DAEMON_ATTR_MCAST_GROUP6])
		return IPVS_PERR_BAD_VALUE;
	if (tb[IPVS_DAEMON_ATTR_MCAST_GROUP]) {
		CHECK(want_len(tb[IPVS_DAEMON_ATTR_MCAST_GROUP], 4));
		CHECK(want_addr(tb[IPVS_DAEMON_ATTR_MCAST_GROUP], AF_INET, &out->mcast_group));
	}
	if (tb[IPVS_DAEMON_ATTR_MCAST_GROUP6])
		CHECK(want_addr(tb[IPVS_DAEMON_ATTR_MCAST_GROUP6], AF_INET6, &out->mcast_group));
	return IPVS_PERR_OK;
}

enum ipvs_perr ipvs_msg_parse_info(const void *msg, size_t len, struct ipvs_info *out)
{
	const struct nlattr *tb[IPVS_INFO_ATTR_MAX + 1];
	const void *attrs;
	size_t alen;

	CHECK(genl_open(msg, len, IPVS_CMD_SET_INFO, &attrs, &alen));
	CHECK(attrs_collect(attrs, alen, tb, IPVS_INFO_ATTR_MAX, -1));
	if (!tb[IPVS_INFO_ATTR_VERSION] || !tb[IPVS_INFO_ATTR_CONN_TAB_SIZE])
		return IPVS_PERR_MISSING;
	memset(out, 0, sizeof(*out));
	CHECK(want_u32(tb[IPVS_INFO_ATTR_VERSION], &out->version));
	CHECK(want_u32(tb[IPVS_INFO_ATTR_CONN_TAB_SIZE], &out->conn_tab_size));
	return IPVS_PERR_OK;
}

enum ipvs_perr ipvs_msg_parse_family(const void *msg, size_t len, uint16_t *id, uint32_t *version,
				     uint32_t *maxattr)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	const struct nlmsghdr *nlh = msg;
	const void *attrs;
	size_t alen;
	uint32_t v = 0;

	CHECK(genl_open(msg, len, CTRL_CMD_NEWFAMILY, &attrs, &alen));
	if (nlh->nlmsg_type != GENL_ID_CTRL)
		return IPVS_PERR_WRONG_MSG;
	CHECK(attrs_collect(attrs, alen, tb, CTRL_ATTR_MAX, -1));
	if (!tb[CTRL_ATTR_FAMILY_ID])
		return IPVS_PERR_MISSING;
	CHECK(want_u16(tb[CTRL_ATTR_FAMILY_ID], id));
	if (*id < NLMSG_MIN_TYPE)
		return IPVS_PERR_BAD_VALUE;
	if (version) {
		*version = 0;
		CHECK(want_u32(tb[CTRL_ATTR_VERSION], &v));
		*version = v;
	}
	if (maxattr) {
		v = 0;
		CHECK(want_u32(tb[CTRL_ATTR_MAXATTR], &v));
		*maxattr = v;
	}
	return IPVS_PERR_OK;
}

enum ipvs_perr ipvs_msg_parse_error(const void *msg, size_t len, int *err, uint32_t *seq,
				    const char **ext)
{
	const struct nlmsghdr *nlh = msg;
	const struct nlmsgerr *e;
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off;

	*ext = NULL;
	if (len < MNL_NLMSG_HDRLEN || nlh->nlmsg_len > len)
		return IPVS_PERR_TRUNCATED;
	if (nlh->nlmsg_type != NLMSG_ERROR)
		return IPVS_PERR_WRONG_MSG;
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*e))
		return IPVS_PERR_TRUNCATED;
	e = mnl_nlmsg_get_payload(nlh);
	if (e->error > 0 || e->error < -4095)
		return IPVS_PERR_BAD_VALUE;
	*err = -e->error;
	*seq = nlh->nlmsg_seq;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return IPVS_PERR_OK;
	/* TLVs follow the echoed request: its header only when capped (or an ACK). */
	off = MNL_NLMSG_HDRLEN + sizeof(e->error);
	if ((nlh->nlmsg_flags & NLM_F_CAPPED) || e->error == 0) {
		off += sizeof(e->msg);
	} else {
		if (e->msg.nlmsg_len < sizeof(e->msg))
			return IPVS_PERR_BAD_VALUE;
		off += MNL_ALIGN(e->msg.nlmsg_len);
	}
	off = MNL_ALIGN(off);
	if (off > nlh->nlmsg_len)
		return IPVS_PERR_TRUNCATED;
	CHECK(attrs_collect((const uint8_t *)msg + off, nlh->nlmsg_len - off, tb, NLMSGERR_ATTR_MAX,
			    -1));
	if (tb[NLMSGERR_ATTR_MSG]) {
		const char *s = attr_data(tb[NLMSGERR_ATTR_MSG]);
		size_t n = attr_len(tb[NLMSGERR_ATTR_MSG]);
		if (n == 0 || !memchr(s, '\0', n))
			return IPVS_PERR_BAD_VALUE;
		*ext = s;
	}
	return IPVS_PERR_OK;
}

/* ======================================================================
 * names
 * ====================================================================== */

static const char *const fwd_names[] = {
    [IP_VS_CONN_F_MASQ] = "Masq",
    [IP_VS_CONN_F_LOCALNODE] = "Local",
    [IP_VS_CONN_F_TUNNEL] = "Tunnel",
    [IP_VS_CONN_F_DROUTE] = "Route",
};

const char *ipvs_fwd_str(uint32_t fwd)
{
	return fwd < ARRAY_SIZE(fwd_names) ? fwd_names[fwd] : "?";
}

int ipvs_fwd_parse(const char *s, uint32_t *fwd)
{
	static const struct {
		const char *name;
		uint32_t fwd;
	} tab[] = {
	    {"masq", IP_VS_CONN_F_MASQ},       {"nat", IP_VS_CONN_F_MASQ},
	    {"local", IP_VS_CONN_F_LOCALNODE}, {"tunnel", IP_VS_CONN_F_TUNNEL},
	    {"tun", IP_VS_CONN_F_TUNNEL},      {"ipip", IP_VS_CONN_F_TUNNEL},
	    {"route", IP_VS_CONN_F_DROUTE},    {"dr", IP_VS_CONN_F_DROUTE},
	    {"droute", IP_VS_CONN_F_DROUTE},
	};

	for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
		if (strcasecmp(s, tab[i].name) == 0) {
			*fwd = tab[i].fwd;
			return 0;
		}
	return -1;
}

static const char *const tun_names[IP_VS_CONN_F_TUNNEL_TYPE_MAX] = {
    [IP_VS_CONN_F_TUNNEL_TYPE_IPIP] = "ipip",
    [IP_VS_CONN_F_TUNNEL_TYPE_GUE] = "gue",
    [IP_VS_CONN_F_TUNNEL_TYPE_GRE] = "gre",
};

const char *ipvs_tun_type_str(uint8_t t)
{
	return t < ARRAY_SIZE(tun_names) ? tun_names[t] : "?";
}

int ipvs_tun_type_parse(const char *s, uint8_t *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(tun_names); i++)
		if (strcasecmp(s, tun_names[i]) == 0) {
			*t = (uint8_t)i;
			return 0;
		}
	return -1;
}

static const struct {
	uint16_t proto;
	const char *name;
} proto_tab[] = {
    {IPPROTO_TCP, "TCP"},
    {IPPROTO_UDP, "UDP"},
    {IPPROTO_SCTP, "SCTP"},
    {0, "FWM"},
};

const char *ipvs_proto_str(uint16_t proto)
{
	for (size_t i = 0; i < ARRAY_SIZE(proto_tab); i++)
		if (proto_tab[i].proto == proto)
			return proto_tab[i].name;
	return "?";
}

int ipvs_proto_parse(const char *s, uint16_t *proto)
{
	for (size_t i = 0; i + 1 < ARRAY_SIZE(proto_tab); i++) /* not "FWM" */
		if (strcasecmp(s, proto_tab[i].name) == 0) {
			*proto = proto_tab[i].proto;
			return 0;
		}
	return -1;
}

static const char *const cmd_names[] = {
    [IPVS_CMD_UNSPEC] = "UNSPEC",
    [IPVS_CMD_NEW_SERVICE] = "NEW_SERVICE",
    [IPVS_CMD_SET_SERVICE] = "SET_SERVICE",
    [IPVS_CMD_DEL_SERVICE] = "DEL_SERVICE",
    [IPVS_CMD_GET_SERVICE] = "GET_SERVICE",
    [IPVS_CMD_NEW_DEST] = "NEW_DEST",
    [IPVS_CMD_SET_DEST] = "SET_DEST",
    [IPVS_CMD_DEL_DEST] = "DEL_DEST",
    [IPVS_CMD_GET_DEST] = "GET_DEST",
    [IPVS_CMD_NEW_DAEMON] = "NEW_DAEMON",
    [IPVS_CMD_DEL_DAEMON] = "DEL_DAEMON",
    [IPVS_CMD_GET_DAEMON] = "GET_DAEMON",
    [IPVS_CMD_SET_CONFIG] = "SET_CONFIG",
    [IPVS_CMD_GET_CONFIG] = "GET_CONFIG",
    [IPVS_CMD_SET_INFO] = "SET_INFO",
    [IPVS_CMD_GET_INFO] = "GET_INFO",
    [IPVS_CMD_ZERO] = "ZERO",
    [IPVS_CMD_FLUSH] = "FLUSH",
};

const char *ipvs_cmd_str(uint8_t cmd)
{
	return cmd < ARRAY_SIZE(cmd_names) && cmd_names[cmd] ? cmd_names[cmd] : "?";
}

const char *ipvs_daemon_state_str(uint32_t state)
{
	switch (state) {
	case IP_VS_STATE_NONE:
		return "none";
	case IP_VS_STATE_MASTER:
		return "master";
	case IP_VS_STATE_BACKUP:
		return "backup";
	default:
		return "?";
	}
}

/* Names of the service flags; scheduler-specific names for SCHED1..3 per scheduler. */
static const struct {
	uint32_t flag;
	const char *sched; /* NULL: any scheduler */
	const char *name;
} svc_flag_tab[] = {
    {IP_VS_SVC_F_PERSISTENT, NULL, "persistent"},
    {IP_VS_SVC_F_HASHED, NULL, "hashed"},
    {IP_VS_SVC_F_ONEPACKET, NULL, "ops"},
    {IP_VS_SVC_F_SCHED_SH_FALLBACK, "sh", "sh-fallback"},
    {IP_VS_SVC_F_SCHED_SH_PORT, "sh", "sh-port"},
    {IP_VS_SVC_F_SCHED1, "mh", "mh-fallback"},
    {IP_VS_SVC_F_SCHED2, "mh", "mh-port"},
    {IP_VS_SVC_F_SCHED1, NULL, "flag-1"},
    {IP_VS_SVC_F_SCHED2, NULL, "flag-2"},
    {IP_VS_SVC_F_SCHED3, NULL, "flag-3"},
};

const char *ipvs_svc_flags_str(uint32_t flags, const char *sched, char *buf, size_t len)
{
	struct strbuf b;
	uint32_t done = 0;
	const char *ret = buf;

	strbuf_init(&b);
	strbuf_puts(&b, "");
	for (size_t i = 0; i < ARRAY_SIZE(svc_flag_tab); i++) {
		uint32_t f = svc_flag_tab[i].flag;
		if (!(flags & f) || (done & f))
			continue;
		if (svc_flag_tab[i].sched && (!sched || strcmp(sched, svc_flag_tab[i].sched) != 0))
			continue;
		if (b.len)
			strbuf_putc(&b, ',');
		strbuf_puts(&b, svc_flag_tab[i].name);
		done |= f;
	}
	if (flags & ~done) {
		if (b.len)
			strbuf_putc(&b, ',');
		strbuf_printf(&b, "0x%x", flags & ~done);
	}
	if (util_strlcpy(buf, b.s, len) >= len)
		ret = NULL;
	strbuf_free(&b);
	return ret;
}

int ipvs_svc_flags_parse(const char *s, uint32_t *flags)
{
	char *copy = xstrdup(s), *save = NULL;
	uint32_t f = 0;
	int rc = 0;

	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < ARRAY_SIZE(svc_flag_tab); i++)
			if (strcasecmp(tok, svc_flag_tab[i].name) == 0)
				break;
		if (i == ARRAY_SIZE(svc_flag_tab)) {
			rc = -1;
			break;
		}
		f |= svc_flag_tab[i].flag;
	}
	free(copy);
	if (rc == 0)
		*flags = f;
	return rc;
}

static const char *const tun_flag_names[] = {
    [IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM] = "nocsum",
    [IP_VS_TUNNEL_ENCAP_FLAG_CSUM] = "csum",
    [IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM] = "remcsum",
};

const char *ipvs_tun_flags_str(uint16_t flags)
{
	return flags < ARRAY_SIZE(tun_flag_names) && tun_flag_names[flags] ? tun_flag_names[flags]
									   : "?";
}

int ipvs_tun_flags_parse(const char *s, uint16_t *flags)
{
	for (size_t i = 0; i < ARRAY_SIZE(tun_flag_names); i++)
		if (tun_flag_names[i] && strcasecmp(s, tun_flag_names[i]) == 0) {
			*flags = (uint16_t)i;
			return 0;
		}
	return -1;
}

uint32_t ipvs_netmask_from_plen(int af, int plen)
{
	if (af == AF_INET6)
		return plen < 1 ? 1 : plen > 128 ? 128 : (uint32_t)plen;
	if (plen <= 0)
		return 0;
	if (plen >= 32)
		return UINT32_MAX;
	return ~(UINT32_MAX >> plen);
}

int ipvs_netmask_to_plen(int af, uint32_t netmask)
{
	int plen = 0;

	if (af == AF_INET6)
		return netmask <= 128 ? (int)netmask : -1;
	while (plen < 32 && (netmask & (1u << (31 - plen))))
		plen++;
	return ipvs_netmask_from_plen(AF_INET, plen) == netmask ? plen : -1;
}

void ipvs_service_init(struct ipvs_service *svc, int af)
{
	memset(svc, 0, sizeof(*svc));
	svc->af = af;
	svc->netmask = ipvs_netmask_from_plen(af, af == AF_INET6 ? 128 : 32);
}

bool ipvs_service_key_eq(const struct ipvs_service *a, const struct ipvs_service *b)
{
	if (a->af != b->af || a->fwmark != b->fwmark)
		return false;
	if (a->fwmark)
		return true;
	return a->protocol == b->protocol && a->port == b->port && addr_eq(&a->addr, &b->addr);
}

bool ipvs_service_settings_eq(const struct ipvs_service *a, const struct ipvs_service *b)
{
	const uint32_t mask = ~(uint32_t)IP_VS_SVC_F_HASHED;

	return strcmp(a->sched_name, b->sched_name) == 0 && strcmp(a->pe_name, b->pe_name) == 0 &&
	       (a->flags & mask) == (b->flags & mask) && a->timeout == b->timeout &&
	       a->netmask == b->netmask;
}

bool ipvs_dest_key_eq(const struct ipvs_dest *a, const struct ipvs_dest *b)
{
	return a->port == b->port && addr_eq(&a->addr, &b->addr);
}

bool ipvs_dest_settings_eq(const struct ipvs_dest *a, const struct ipvs_dest *b)
{
	uint32_t fa = a->fwd & IP_VS_CONN_F_FWD_MASK, fb = b->fwd & IP_VS_CONN_F_FWD_MASK;

	if (fa != fb || a->weight != b->weight || a->u_thresh != b->u_thresh ||
	    a->l_thresh != b->l_thresh)
		return false;
	if (fa != IP_VS_CONN_F_TUNNEL)
		return true;
	return a->tun_type == b->tun_type && a->tun_port == b->tun_port &&
	       a->tun_flags == b->tun_flags;
}
