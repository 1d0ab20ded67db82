/*
 * vrrp_packet: pure codec for VRRP advertisements (IP protocol 112).
 *
 *  - VRRPv2 (RFC 3768), IPv4 only: 1-octet advert interval in seconds,
 *    auth type 0 (none) or 1 (simple password, 8 octets), checksum over the
 *    VRRP message alone.
 *  - VRRPv3 (RFC 5798, RFC 9568), IPv4 and IPv6: 12-bit max advert interval
 *    in centiseconds, no authentication, checksum over an IPv4/IPv6
 *    pseudo-header (src, dst, protocol 112, length) plus the message.
 *
 * vrrp_packet_decode() takes the IP-level facts of a received packet (family,
 * source, destination, TTL/hop limit, the bytes after the IP header) and the
 * local instance's expectations, and runs the receive checks of RFC 5798 §7.1
 * / RFC 3768 §7.1.  It returns VRRP_OK with the decoded advert, or the reason
 * of the rejection (an enum with a name table, VRRP_REJECT_MAX entries so the
 * caller can keep one counter per reason).  It never reads outside the buffer.
 *
 * vrrp_packet_encode() writes an advert into a caller buffer with the
 * checksum filled in.  No sockets, no clock: unit tested and fuzzed directly.
 */
#ifndef VIGIL_VRRP_PACKET_H
#define VIGIL_VRRP_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/addr.h"

#define VRRP_IPPROTO	     112 /* IANA protocol number of VRRP */
#define VRRP_TTL	     255 /* TTL / hop limit on send, required on receive */
#define VRRP_TYPE_ADVERT     1
#define VRRP_HDR_LEN	     8 /* fixed header, both versions */
#define VRRP_AUTH_LEN	     8 /* v2 authentication data (always present in v2) */
#define VRRP_MAX_ADDRS	     255
#define VRRP_V3_MAX_INTERVAL 4095 /* centiseconds (12 bits) */
#define VRRP_V2_MAX_INTERVAL 255  /* seconds (8 bits) */
/* Largest message: v3/IPv6 with 255 addresses. */
#define VRRP_PKT_MAX  (VRRP_HDR_LEN + VRRP_MAX_ADDRS * 16)
#define VRRP_MCAST_V4 "224.0.0.18"
#define VRRP_MCAST_V6 "ff02::12"

enum vrrp_auth_type {
	VRRP_AUTH_NONE = 0,
	VRRP_AUTH_PASS = 1, /* simple text password, RFC 2338 (reserved in RFC 3768) */
	VRRP_AUTH_AH = 2,   /* IPsec AH, RFC 2338: not supported by this codec */
};

/*
 * Checksum forms for VRRPv3 over IPv4.  RFC 5798 §5.2.8 puts the IPv4
 * pseudo-header in the checksum, and that is what keepalived (>= 1.3.6) and
 * the deployed base send, so it is what we send by default.  Two other forms
 * exist in the wild and are accepted on receive unless the instance asks to be
 * strict (vrrp_expect.v4_csum_strict):
 *  - PLAIN: RFC 9568 §5.2.8 changed the IPv4 checksum to cover the VRRP
 *    message only (as in v2), so an RFC 9568 implementation sends that;
 *  - OLD_UNICAST: keepalived before 1.3.6 put the multicast group 224.0.0.18
 *    in the pseudo-header even when it sent the advert unicast to a peer
 *    (keepalived's `old_unicast_checksum`).
 * v2 always uses PLAIN and IPv6 always PSEUDO; decode reports the form seen,
 * so the caller can mirror an old peer.
 */
enum vrrp_csum_form {
	VRRP_CSUM_PSEUDO = 0,
	VRRP_CSUM_PLAIN,
	VRRP_CSUM_OLD_UNICAST,
	VRRP_CSUM_FORM_MAX
};

/* Why a received packet was discarded (VRRP_OK = accepted). */
enum vrrp_reject {
	VRRP_OK = 0,
	VRRP_REJECT_BAD_FAMILY,	       /* not IPv4/IPv6, not the instance's family, v2 over IPv6 */
	VRRP_REJECT_BAD_TTL,	       /* TTL / hop limit != 255 */
	VRRP_REJECT_TOO_SHORT,	       /* truncated: shorter than the header or the count implies */
	VRRP_REJECT_BAD_VERSION,       /* not the instance's version (2 or 3) */
	VRRP_REJECT_BAD_TYPE,	       /* type != 1 (ADVERTISEMENT) */
	VRRP_REJECT_BAD_LENGTH,	       /* longer than the count of addresses implies */
	VRRP_REJECT_BAD_CHECKSUM,      /* checksum does not verify */
	VRRP_REJECT_WRONG_VRID,	       /* VRID not ours */
	VRRP_REJECT_ZERO_COUNT,	       /* no address in the advert (RFC 9568 §5.2.5) */
	VRRP_REJECT_ZERO_INTERVAL,     /* advert interval 0 (RFC 9568 §7.1) */
	VRRP_REJECT_INTERVAL_MISMATCH, /* v2: advert interval differs from ours */
	VRRP_REJECT_AUTH_TYPE,	       /* v2: auth type differs from ours */
	VRRP_REJECT_AUTH_FAILURE,      /* v2: password differs */
	VRRP_REJECT_ADDR_COUNT,	       /* count of addresses differs (and sender is not owner) */
	VRRP_REJECT_ADDR_LIST,	       /* address list differs (and sender is not owner) */
	VRRP_REJECT_MAX
};

const char *vrrp_reject_str(enum vrrp_reject r);
const char *vrrp_csum_form_str(enum vrrp_csum_form f);

/* IP-level facts of a received packet, as the socket layer saw them. */
struct vrrp_rx {
	int af;		    /* AF_INET or AF_INET6 */
	struct addr src;    /* IP source (the sender's primary address) */
	struct addr dst;    /* IP destination (multicast group or our unicast address) */
	int ttl;	    /* TTL (IPv4) or hop limit (IPv6) received */
	const uint8_t *buf; /* the bytes after the IP header */
	size_t len;
};

/* What the local instance expects. */
struct vrrp_expect {
	int version; /* 2 or 3 */
	uint8_t vrid;
	int af;
	uint16_t interval_cs;		  /* v2: our advert interval (must match) */
	enum vrrp_auth_type auth_type;	  /* v2 only */
	uint8_t auth_pass[VRRP_AUTH_LEN]; /* v2 PASS: zero-padded password */
	const struct addr *addrs;	  /* our VIPs of this family, any order */
	size_t naddrs;
	/* Do not compare the address list.  keepalived's skip_check_adv_addr
	 * skips it only for the master whose advert was last accepted: the
	 * caller decides per packet. */
	bool skip_addr_check;
	bool v4_csum_strict; /* v3/IPv4: accept only the RFC 5798 pseudo-header checksum */
};

/* A decoded advertisement.  `addrs` points into the received buffer. */
struct vrrp_advert {
	int version;
	int af;
	uint8_t type, vrid, priority, naddrs;
	uint16_t interval_cs; /* advert interval in centiseconds (v2: seconds * 100) */
	uint16_t checksum;    /* as received */
	enum vrrp_csum_form csum_form;
	uint8_t auth_type; /* v2 */
	uint8_t auth_data[VRRP_AUTH_LEN];
	struct addr src;      /* copied from vrrp_rx.src */
	const uint8_t *addrs; /* naddrs addresses of 4 or 16 octets, network order */
	/* The sender is the address owner (priority 255) and its list differs from
	 * ours: accepted per RFC 5798 §7.1, the caller should log it. */
	bool addr_mismatch;
};

/* Parameters of an advert to send. */
struct vrrp_tx {
	int version; /* 2 or 3 */
	int af;
	uint8_t vrid;
	uint8_t priority;
	uint16_t interval_cs; /* v3: 1..4095 cs; v2: a whole number of seconds 1..255, in cs */
	enum vrrp_auth_type auth_type; /* v2: NONE or PASS */
	uint8_t auth_pass[VRRP_AUTH_LEN];
	const struct addr *addrs; /* 1..255 addresses of family af */
	size_t naddrs;
	struct addr src, dst;	       /* v3: for the pseudo-header */
	enum vrrp_csum_form csum_form; /* v3/IPv4 only; default PSEUDO */
};

/* Decode and check a received packet.  `out` is filled on VRRP_OK (and, as far
 * as it got, on rejection: version/vrid/priority are valid once the header was
 * read). */
enum vrrp_reject vrrp_packet_decode(const struct vrrp_rx *rx, const struct vrrp_expect *exp,
				    struct vrrp_advert *out);

/* Read the version and VRID of a packet without checking it (to dispatch it to
 * an instance).  Returns 0, or -1 when shorter than the header. */
int vrrp_packet_peek(const uint8_t *buf, size_t len, int *version, uint8_t *vrid);

/* Address i (< naddrs) of a decoded advert. */
void vrrp_advert_addr(const struct vrrp_advert *adv, unsigned i, struct addr *out);

/* Length of the message for the given version, family and count. */
size_t vrrp_packet_len(int version, int af, size_t naddrs);

/* Write an advert into buf; returns its length, or -1 when the parameters are
 * invalid or the buffer is too small. */
int vrrp_packet_encode(const struct vrrp_tx *tx, uint8_t *buf, size_t size);

/* RFC 1071 Internet checksum of the message, with the v3 pseudo-header of the
 * given form when version is 3 (the checksum field must be zero, or the result
 * is 0 when it verifies).  Exposed for tests and for the socket layer. */
uint16_t vrrp_packet_csum(int version, int af, const struct addr *src, const struct addr *dst,
			  enum vrrp_csum_form form, const uint8_t *msg, size_t len);

#endif
