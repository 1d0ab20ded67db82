/*
 * vrrp_packet: encode and decode VRRPv2/v3 advertisements, IPv4 and IPv6.
 *
 * Wire format (both versions share the first 8 octets):
 *
 *   0      4      8             16            24            32
 *   |Ver   |Type  | VRID        | Priority    | Count addrs |
 *   v2: | Auth type   | Adver int (s) |  Checksum              |
 *   v3: |rsvd  | Max adver int (cs, 12 bits) |  Checksum       |
 *   | count x IPv4 (4 octets) or IPv6 (16 octets) addresses     |
 *   v2 only: | 8 octets of authentication data                  |
 *
 * Decoding checks, in the order of RFC 3768 / RFC 5798 §7.1: family, TTL,
 * header length, version, type, exact length for the count, checksum, VRID,
 * count and interval non-zero (RFC 9568), v2 auth type / password and
 * interval, then the address list.  RFC 5798 also drops adverts received
 * by the address owner (priority 255); that is left to the state machine
 * (a Master discards lower adverts, two owners tie-break on the address) so
 * that a misconfiguration shows up as a state change rather than silence.
 * Every read is bounded by the length checked before it; the fuzzer
 * (tests/fuzz/fuzz_vrrp_packet.c) holds us to it.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "lib/util.h"
#include "vrrp/vrrp_packet.h"

static const char *const reject_names[VRRP_REJECT_MAX] = {
    [VRRP_OK] = "ok",
    [VRRP_REJECT_BAD_FAMILY] = "bad address family",
    [VRRP_REJECT_BAD_TTL] = "bad TTL/hop limit",
    [VRRP_REJECT_TOO_SHORT] = "truncated packet",
    [VRRP_REJECT_BAD_VERSION] = "bad version",
    [VRRP_REJECT_BAD_TYPE] = "bad type",
    [VRRP_REJECT_BAD_LENGTH] = "bad length",
    [VRRP_REJECT_BAD_CHECKSUM] = "bad checksum",
    [VRRP_REJECT_WRONG_VRID] = "wrong VRID",
    [VRRP_REJECT_ZERO_COUNT] = "no address",
    [VRRP_REJECT_ZERO_INTERVAL] = "zero advert interval",
    [VRRP_REJECT_INTERVAL_MISMATCH] = "advert interval mismatch",
    [VRRP_REJECT_AUTH_TYPE] = "auth type mismatch",
    [VRRP_REJECT_AUTH_FAILURE] = "auth failure",
    [VRRP_REJECT_ADDR_COUNT] = "address count mismatch",
    [VRRP_REJECT_ADDR_LIST] = "address list mismatch",
};

const char *vrrp_reject_str(enum vrrp_reject r)
{
	if ((unsigned)r >= VRRP_REJECT_MAX || !reject_names[r])
		return "unknown";
	return reject_names[r];
}

static const char *const csum_form_names[VRRP_CSUM_FORM_MAX] = {
    [VRRP_CSUM_PSEUDO] = "pseudo-header",
    [VRRP_CSUM_PLAIN] = "message only",
    [VRRP_CSUM_OLD_UNICAST] = "old unicast",
};

const char *vrrp_csum_form_str(enum vrrp_csum_form f)
{
	if ((unsigned)f >= VRRP_CSUM_FORM_MAX)
		return "unknown";
	return csum_form_names[f];
}

static size_t addr_len(int af)
{
	return af == AF_INET ? 4 : af == AF_INET6 ? 16 : 0;
}

size_t vrrp_packet_len(int version, int af, size_t naddrs)
{
	return VRRP_HDR_LEN + naddrs * addr_len(af) + (version == 2 ? VRRP_AUTH_LEN : 0);
}

/* One's complement sum of big-endian 16-bit words (RFC 1071), folded to 16 bits. */
static uint32_t sum16(uint32_t start, const uint8_t *p, size_t len)
{
	uint64_t sum = start; /* cannot overflow below 2^48 octets */
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (i < len)
		sum += (uint32_t)p[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint32_t)sum;
}

uint16_t vrrp_packet_csum(int version, int af, const struct addr *src, const struct addr *dst,
			  enum vrrp_csum_form form, const uint8_t *msg, size_t len)
{
	uint32_t sum = 0;

	if (version == 3 && (af == AF_INET6 || form != VRRP_CSUM_PLAIN)) {
		size_t alen = addr_len(af);
		uint8_t group[4] = {224, 0, 0, 18};

		sum = sum16(sum, src->u.bytes, alen);
		if (af == AF_INET && form == VRRP_CSUM_OLD_UNICAST)
			sum = sum16(sum, group, sizeof(group));
		else
			sum = sum16(sum, dst->u.bytes, alen);
		/* IPv4: zero, protocol, 16-bit length.  IPv6 (RFC 8200 §8.1):
		 * 32-bit length, three zero octets, next header.  As 16-bit
		 * words both come to protocol + length (len < 64 KiB here). */
		sum += VRRP_IPPROTO;
		sum += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff);
	}
	sum = sum16(sum, msg, len);
	return (uint16_t)~sum;
}

int vrrp_packet_peek(const uint8_t *buf, size_t len, int *version, uint8_t *vrid)
{
	if (!buf || len < VRRP_HDR_LEN)
		return -1;
	*version = buf[0] >> 4;
	*vrid = buf[1];
	return 0;
}

void vrrp_advert_addr(const struct vrrp_advert *adv, unsigned i, struct addr *out)
{
	size_t alen = addr_len(adv->af);

	memset(out, 0, sizeof(*out));
	if (i >= adv->naddrs || !adv->addrs || !alen)
		return;
	out->af = adv->af;
	memcpy(out->u.bytes, adv->addrs + (size_t)i * alen, alen);
}

static bool addr_in_list(int af, const uint8_t *a, const struct addr *list, size_t n)
{
	size_t alen = addr_len(af);

	for (size_t i = 0; i < n; i++)
		if (list[i].af == af && memcmp(list[i].u.bytes, a, alen) == 0)
			return true;
	return false;
}

static bool addr_in_wire(int af, const struct addr *a, const uint8_t *wire, size_t n)
{
	size_t alen = addr_len(af);

	if (a->af != af)
		return false;
	for (size_t i = 0; i < n; i++)
		if (memcmp(wire + i * alen, a->u.bytes, alen) == 0)
			return true;
	return false;
}

/* The received list and ours hold the same set of addresses (any order). */
static bool addr_lists_match(const struct vrrp_advert *adv, const struct vrrp_expect *exp)
{
	size_t alen = addr_len(adv->af);

	for (size_t i = 0; i < adv->naddrs; i++)
		if (!addr_in_list(adv->af, adv->addrs + i * alen, exp->addrs, exp->naddrs))
			return false;
	for (size_t i = 0; i < exp->naddrs; i++)
		if (!addr_in_wire(adv->af, &exp->addrs[i], adv->addrs, adv->naddrs))
			return false;
	return true;
}

static enum vrrp_reject check_checksum(const struct vrrp_rx *rx, const struct vrrp_expect *exp,
				       struct vrrp_advert *out, size_t len)
{
	static const enum vrrp_csum_form v4_forms[] = {VRRP_CSUM_PSEUDO, VRRP_CSUM_PLAIN,
						       VRRP_CSUM_OLD_UNICAST};
	size_t nforms;

	if (out->version == 2) {
		out->csum_form = VRRP_CSUM_PLAIN;
		return vrrp_packet_csum(2, rx->af, NULL, NULL, VRRP_CSUM_PLAIN, rx->buf, len) == 0
			   ? VRRP_OK
			   : VRRP_REJECT_BAD_CHECKSUM;
	}
	nforms = rx->af == AF_INET && !exp->v4_csum_strict ? ARRAY_SIZE(v4_forms) : 1;
	for (size_t i = 0; i < nforms; i++) {
		if (vrrp_packet_csum(3, rx->af, &rx->src, &rx->dst, v4_forms[i], rx->buf, len) ==
		    0) {
			out->csum_form = v4_forms[i];
			return VRRP_OK;
		}
	}
	return VRRP_REJECT_BAD_CHECKSUM;
}

enum vrrp_reject vrrp_packet_decode(const struct vrrp_rx *rx, const struct vrrp_expect *exp,
				    struct vrrp_advert *out)
{
	const uint8_t *b = rx->buf;
	size_t alen, need;
	enum vrrp_reject r;

	memset(out, 0, sizeof(*out));
	out->af = rx->af;
	alen = addr_len(rx->af);
	if (!alen || rx->af != exp->af || rx->src.af != rx->af || rx->dst.af != rx->af)
		return VRRP_REJECT_BAD_FAMILY;
	if (exp->version == 2 && rx->af != AF_INET)
		return VRRP_REJECT_BAD_FAMILY;
	out->src = rx->src;
	if (rx->ttl != VRRP_TTL)
		return VRRP_REJECT_BAD_TTL;
	if (!b || rx->len < VRRP_HDR_LEN)
		return VRRP_REJECT_TOO_SHORT;

	out->version = b[0] >> 4;
	out->type = b[0] & 0x0f;
	out->vrid = b[1];
	out->priority = b[2];
	out->naddrs = b[3];
	out->checksum = (uint16_t)(b[6] << 8 | b[7]);
	if (out->version != exp->version || (out->version != 2 && out->version != 3))
		return VRRP_REJECT_BAD_VERSION;
	if (out->type != VRRP_TYPE_ADVERT)
		return VRRP_REJECT_BAD_TYPE;
	if (out->version == 2) {
		out->auth_type = b[4];
		out->interval_cs = (uint16_t)(b[5] * 100);
	} else {
		/* The 4 high bits are reserved: ignored on receive. */
		out->interval_cs = (uint16_t)((b[4] & 0x0f) << 8 | b[5]);
	}

	need = vrrp_packet_len(out->version, rx->af, out->naddrs);
	if (rx->len < need)
		return VRRP_REJECT_TOO_SHORT;
	if (rx->len > need)
		return VRRP_REJECT_BAD_LENGTH;
	out->addrs = b + VRRP_HDR_LEN;
	if (out->version == 2)
		memcpy(out->auth_data, b + need - VRRP_AUTH_LEN, VRRP_AUTH_LEN);

	r = check_checksum(rx, exp, out, need);
	if (r != VRRP_OK)
		return r;
	if (out->vrid != exp->vrid)
		return VRRP_REJECT_WRONG_VRID;
	if (out->naddrs == 0)
		return VRRP_REJECT_ZERO_COUNT;
	if (out->interval_cs == 0)
		return VRRP_REJECT_ZERO_INTERVAL;
	if (out->version == 2) {
		if (out->auth_type != exp->auth_type)
			return VRRP_REJECT_AUTH_TYPE;
		if (out->auth_type == VRRP_AUTH_PASS &&
		    memcmp(out->auth_data, exp->auth_pass, VRRP_AUTH_LEN) != 0)
			return VRRP_REJECT_AUTH_FAILURE;
		if (out->interval_cs != exp->interval_cs)
			return VRRP_REJECT_INTERVAL_MISMATCH;
	}
	if (!exp->skip_addr_check) {
		/* RFC 5798 §7.1: a mismatch MUST be logged, and the packet dropped
		 * unless the sender is the address owner (priority 255). */
		if (out->naddrs != exp->naddrs)
			r = VRRP_REJECT_ADDR_COUNT;
		else if (!addr_lists_match(out, exp))
			r = VRRP_REJECT_ADDR_LIST;
		if (r != VRRP_OK) {
			if (out->priority != 255)
				return r;
			out->addr_mismatch = true;
		}
	}
	return VRRP_OK;
}

int vrrp_packet_encode(const struct vrrp_tx *tx, uint8_t *buf, size_t size)
{
	size_t alen = addr_len(tx->af), len;
	uint16_t csum;
	uint8_t *p;

	if (!alen || tx->naddrs == 0 || tx->naddrs > VRRP_MAX_ADDRS || !tx->addrs)
		return -1;
	if (tx->version == 2) {
		if (tx->af != AF_INET || tx->interval_cs % 100 != 0 || tx->interval_cs == 0 ||
		    tx->interval_cs / 100 > VRRP_V2_MAX_INTERVAL)
			return -1;
		if (tx->auth_type != VRRP_AUTH_NONE && tx->auth_type != VRRP_AUTH_PASS)
			return -1;
	} else if (tx->version == 3) {
		if (tx->interval_cs == 0 || tx->interval_cs > VRRP_V3_MAX_INTERVAL)
			return -1;
		if (tx->src.af != tx->af || tx->dst.af != tx->af ||
		    (unsigned)tx->csum_form >= VRRP_CSUM_FORM_MAX)
			return -1;
	} else {
		return -1;
	}
	for (size_t i = 0; i < tx->naddrs; i++)
		if (tx->addrs[i].af != tx->af)
			return -1;
	len = vrrp_packet_len(tx->version, tx->af, tx->naddrs);
	if (!buf || size < len)
		return -1;

	memset(buf, 0, len);
	buf[0] = (uint8_t)(tx->version << 4 | VRRP_TYPE_ADVERT);
	buf[1] = tx->vrid;
	buf[2] = tx->priority;
	buf[3] = (uint8_t)tx->naddrs;
	if (tx->version == 2) {
		buf[4] = (uint8_t)tx->auth_type;
		buf[5] = (uint8_t)(tx->interval_cs / 100);
	} else {
		buf[4] = (uint8_t)(tx->interval_cs >> 8); /* reserved bits stay 0 */
		buf[5] = (uint8_t)(tx->interval_cs & 0xff);
	}
	p = buf + VRRP_HDR_LEN;
	for (size_t i = 0; i < tx->naddrs; i++, p += alen)
		memcpy(p, tx->addrs[i].u.bytes, alen);
	if (tx->version == 2 && tx->auth_type == VRRP_AUTH_PASS)
		memcpy(p, tx->auth_pass, VRRP_AUTH_LEN);

	csum = vrrp_packet_csum(tx->version, tx->af, &tx->src, &tx->dst,
				tx->version == 2 ? VRRP_CSUM_PLAIN : tx->csum_form, buf, len);
	buf[6] = (uint8_t)(csum >> 8);
	buf[7] = (uint8_t)(csum & 0xff);
	return (int)len;
}
