/*
 * fuzz_vrrp_packet: libFuzzer target for vrrp_packet_decode().
 *
 * Input layout: 3 control octets, then the VRRP message (the bytes after the
 * IP header).
 *   [0] flags: 0x01 IPv6, 0x02 version 3 (else 2), 0x04 skip_addr_check,
 *       0x08 v4_csum_strict, 0x10 expect the packet's own address list (else
 *       192.0.2.100/101 or 2001:db8::100/101), 0x20 TTL 64 instead of 255,
 *       0x40 unicast destination (192.0.2.2 / 2001:db8::2, else the group),
 *       0x80 expect auth PASS "secret12" (else none)
 *   [1] expected v2 advert interval, seconds
 *   [2] expected VRID
 * Sources are 192.0.2.1 / fe80::1.
 *
 * Properties: no read outside the input (ASan), and an accepted advert
 * re-encodes, from its decoded fields, to a message that decodes to the same
 * fields (and to the same bytes when the reserved bits were zero).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/vrrp_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void set_addr(struct addr *a, int af, const char *v4, const char *v6)
{
	if (addr_parse(af == AF_INET ? v4 : v6, a) != 0)
		abort();
}

static void check_round_trip(const struct vrrp_rx *rx, const struct vrrp_expect *exp,
			     const struct vrrp_advert *adv)
{
	static struct addr addrs[VRRP_MAX_ADDRS];
	static uint8_t buf[VRRP_PKT_MAX + VRRP_AUTH_LEN];
	struct vrrp_tx tx = {.version = adv->version,
			     .af = adv->af,
			     .vrid = adv->vrid,
			     .priority = adv->priority,
			     .interval_cs = adv->interval_cs,
			     .auth_type = (enum vrrp_auth_type)adv->auth_type,
			     .addrs = addrs,
			     .naddrs = adv->naddrs,
			     .src = rx->src,
			     .dst = rx->dst,
			     .csum_form = adv->csum_form};
	struct vrrp_rx rx2 = *rx;
	struct vrrp_advert adv2;
	int len;

	for (unsigned i = 0; i < adv->naddrs; i++)
		vrrp_advert_addr(adv, i, &addrs[i]);
	memcpy(tx.auth_pass, adv->auth_data, VRRP_AUTH_LEN);
	if (adv->version == 2 && adv->auth_type == VRRP_AUTH_NONE)
		memset(tx.auth_pass, 0, VRRP_AUTH_LEN);
	len = vrrp_packet_encode(&tx, buf, sizeof(buf));
	if (len != (int)rx->len)
		abort();
	rx2.buf = buf;
	rx2.len = (size_t)len;
	if (vrrp_packet_decode(&rx2, exp, &adv2) != VRRP_OK)
		abort();
	if (adv2.version != adv->version || adv2.vrid != adv->vrid ||
	    adv2.priority != adv->priority || adv2.naddrs != adv->naddrs ||
	    adv2.interval_cs != adv->interval_cs || adv2.csum_form != adv->csum_form ||
	    adv2.addr_mismatch != adv->addr_mismatch)
		abort();
	if (memcmp(adv2.addrs, adv->addrs, (size_t)adv->naddrs * (adv->af == AF_INET ? 4 : 16)))
		abort();
	/* Same bytes, unless v3's reserved bits were set (ignored, re-sent as 0)
	 * or v2 carried auth data with auth type none (not re-sent). */
	if (adv->version == 3 && (rx->buf[4] & 0xf0) == 0 && memcmp(buf, rx->buf, rx->len))
		abort();
	if (adv->version == 2 && adv->auth_type == VRRP_AUTH_PASS && memcmp(buf, rx->buf, rx->len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct addr fixed[2], own[VRRP_MAX_ADDRS];
	struct vrrp_expect exp = {0};
	struct vrrp_rx rx = {0};
	struct vrrp_advert adv;
	enum vrrp_reject r;
	uint8_t flags;
	int af;

	if (size < 3)
		return 0;
	flags = data[0];
	af = flags & 0x01 ? AF_INET6 : AF_INET;
	rx.af = af;
	set_addr(&rx.src, af, "192.0.2.1", "fe80::1");
	if (flags & 0x40)
		set_addr(&rx.dst, af, "192.0.2.2", "2001:db8::2");
	else
		set_addr(&rx.dst, af, VRRP_MCAST_V4, VRRP_MCAST_V6);
	rx.ttl = flags & 0x20 ? 64 : 255;
	/* A copy of exactly the packet, so that ASan sees any overread. */
	rx.len = size - 3;
	rx.buf = NULL;
	if (rx.len) {
		uint8_t *copy = malloc(rx.len);

		if (!copy)
			return 0;
		memcpy(copy, data + 3, rx.len);
		rx.buf = copy;
	}

	exp.version = flags & 0x02 ? 3 : 2;
	exp.af = af;
	exp.vrid = data[2];
	exp.interval_cs = (uint16_t)(data[1] * 100);
	exp.skip_addr_check = flags & 0x04;
	exp.v4_csum_strict = flags & 0x08;
	if (flags & 0x80) {
		exp.auth_type = VRRP_AUTH_PASS;
		memcpy(exp.auth_pass, "secret12", VRRP_AUTH_LEN);
	}
	set_addr(&fixed[0], af, "192.0.2.100", "2001:db8::100");
	set_addr(&fixed[1], af, "192.0.2.101", "2001:db8::101");
	exp.addrs = fixed;
	exp.naddrs = 2;
	if (flags & 0x10) {
		/* Expect whatever addresses the packet holds (reaches OK more often). */
		size_t alen = af == AF_INET ? 4 : 16, n = 0;

		if (rx.len >= VRRP_HDR_LEN) {
			size_t count = rx.buf[3];

			for (; n < count && VRRP_HDR_LEN + (n + 1) * alen <= rx.len; n++) {
				own[n].af = af;
				memcpy(own[n].u.bytes, rx.buf + VRRP_HDR_LEN + n * alen, alen);
			}
		}
		exp.addrs = own;
		exp.naddrs = n;
	}

	r = vrrp_packet_decode(&rx, &exp, &adv);
	if ((unsigned)r >= VRRP_REJECT_MAX || !vrrp_reject_str(r))
		abort();
	if (r == VRRP_OK)
		check_round_trip(&rx, &exp, &adv);
	free((void *)rx.buf);
	return 0;
}
