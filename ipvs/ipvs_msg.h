/*
 * ipvs_msg: the IPVS generic-netlink message layer, pure (no sockets).
 *
 * Plain C structs for what the kernel's IPVS family speaks (service,
 * destination, timeouts, sync daemon, info, 64-bit stats), builders that
 * append one complete request (nlmsghdr + genlmsghdr + nested attributes) to
 * a caller buffer for a given family id and sequence number, and strict
 * parsers for the replies.  Parsers check every attribute's length and type
 * and every nesting boundary; malformed input is reported as an
 * enum ipvs_perr, never trusted (the parsers are fuzzed).
 *
 * The generic-netlink controller ("nlctrl", CTRL_CMD_GETFAMILY) request and
 * reply used to resolve the "IPVS" family id live here too, as do the
 * NLMSG_ERROR/ACK decoder used by the transport (ipvs_nl).
 *
 * Byte order: every integer in these structs is in host order; the builders
 * and parsers convert ports, IPv4 netmasks and tunnel ports from/to network
 * order as the kernel expects.
 */
#ifndef VIGIL_IPVS_MSG_H
#define VIGIL_IPVS_MSG_H

#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/addr.h"

/* ---- objects ---- */

struct ipvs_stats {
	uint64_t conns, inpkts, outpkts, inbytes, outbytes;
	uint64_t cps, inpps, outpps, inbps, outbps;
};

/*
 * A virtual service.  Identity: af + fwmark when fwmark != 0, else
 * af + protocol + addr + port.
 */
struct ipvs_service {
	int af;		   /* AF_INET or AF_INET6 */
	uint16_t protocol; /* IPPROTO_TCP/UDP/SCTP; 0 for a fwmark service */
	struct addr addr;  /* addr.af == af (unset for a fwmark service) */
	uint16_t port;
	uint32_t fwmark; /* nonzero: fwmark service */

	char sched_name[IP_VS_SCHEDNAME_MAXLEN]; /* "wlc", ... */
	char pe_name[IP_VS_PENAME_MAXLEN];	 /* "" or "sip" */
	uint32_t flags;				 /* IP_VS_SVC_F_* */
	/* Which flags a NEW/SET request changes; 0 means all (~0).  Parsed: as sent. */
	uint32_t flags_mask;
	uint32_t timeout; /* persistence timeout, s */
	/* IPv4: netmask in host order (0xffffffff = /32); IPv6: prefix length 1..128.
	 * See ipvs_netmask_from_plen(). */
	uint32_t netmask;

	/* Parsed only. */
	bool has_stats;
	struct ipvs_stats stats; /* from STATS64 when present, else STATS */
};

/* A destination (real server) of a service; its family may differ from the service's. */
struct ipvs_dest {
	struct addr addr; /* addr.af is the destination's family */
	uint16_t port;
	uint32_t fwd; /* IP_VS_CONN_F_MASQ/LOCALNODE/TUNNEL/DROUTE (IP_VS_CONN_F_FWD_MASK bits) */
	int32_t weight;
	uint32_t u_thresh, l_thresh;
	/* Tunnel parameters; sent only when fwd == IP_VS_CONN_F_TUNNEL. */
	uint8_t tun_type;   /* IP_VS_CONN_F_TUNNEL_TYPE_IPIP/GUE/GRE */
	uint16_t tun_port;  /* GUE port */
	uint16_t tun_flags; /* IP_VS_TUNNEL_ENCAP_FLAG_* */
};

/* What a destination reply also carries (parsed only; kept apart from struct
 * ipvs_dest, which the checker holds per real server and per table entry). */
struct ipvs_dest_stats {
	uint32_t active_conns, inact_conns, persist_conns;
	bool has_stats;
	struct ipvs_stats stats;
};

/* Connection timeouts in seconds; in a SET_CONFIG request 0 means "leave unchanged". */
struct ipvs_timeouts {
	uint32_t tcp, tcp_fin, udp;
};

/* A sync daemon.  Optional fields are sent only when nonzero / set. */
struct ipvs_daemon {
	uint32_t state;			     /* IP_VS_STATE_MASTER or IP_VS_STATE_BACKUP */
	char mcast_ifn[IP_VS_IFNAME_MAXLEN]; /* interface */
	uint32_t syncid;		     /* 0..255 */
	uint16_t sync_maxlen;		     /* optional */
	struct addr mcast_group;	     /* optional; v4 or v6 */
	uint16_t mcast_port;		     /* optional */
	uint8_t mcast_ttl;		     /* optional */
};

struct ipvs_info {
	uint32_t version;	/* IP_VS_VERSION_CODE layout: 0x010201 = 1.2.1 */
	uint32_t conn_tab_size; /* size of the connection hash table */
};

/* ---- requests ---- */

/*
 * One request.  Which pointers are used depends on cmd:
 *   NEW/SET/DEL/GET_SERVICE  svc (GET without svc: dump all services)
 *   NEW/SET/DEL_DEST         svc (identity only) + dest
 *   GET_DEST                 svc (identity only): dump its destinations
 *   SET_CONFIG               timeouts;        GET_CONFIG, GET_INFO, FLUSH: nothing
 *   NEW/DEL_DAEMON           daemon (DEL uses only its state); GET_DAEMON: dump
 *   ZERO                     svc optional (identity only): zero one service or all
 */
struct ipvs_req {
	uint8_t cmd; /* IPVS_CMD_* */
	const struct ipvs_service *svc;
	const struct ipvs_dest *dest;
	const struct ipvs_timeouts *timeouts;
	const struct ipvs_daemon *daemon;
};

/* True for the requests answered by a multipart dump (NLM_F_DUMP). */
bool ipvs_req_is_dump(const struct ipvs_req *req);

/*
 * Append the request to buf (size bytes available) as one netlink message
 * with NLM_F_REQUEST | NLM_F_ACK (| NLM_F_DUMP for dumps), the given family
 * id and sequence number.  Returns the message length (NLMSG_ALIGNed), or -1
 * with errno ENOSPC (buffer too small) or EINVAL (bad command, missing or
 * inconsistent object, e.g. a scheduler name that does not fit).
 */
int ipvs_msg_build(void *buf, size_t size, uint16_t family, uint32_t seq,
		   const struct ipvs_req *req);

/* CTRL_CMD_GETFAMILY request for `name` to the generic-netlink controller. */
int ipvs_msg_build_getfamily(void *buf, size_t size, uint32_t seq, const char *name);

/* ---- replies ---- */

enum ipvs_perr {
	IPVS_PERR_OK = 0,
	IPVS_PERR_TRUNCATED, /* message shorter than its headers or its nlmsg_len */
	IPVS_PERR_BAD_ATTR,  /* attribute length overflows its container, or trailing bytes */
	IPVS_PERR_BAD_LEN,   /* attribute payload has the wrong size for its type */
	IPVS_PERR_BAD_VALUE, /* value out of range (family, string not terminated, ...) */
	IPVS_PERR_MISSING,   /* a required attribute is absent */
	IPVS_PERR_DUPLICATE, /* an attribute appears twice */
	IPVS_PERR_WRONG_MSG, /* not the expected message type / genl command */
	IPVS_PERR_COUNT
};
const char *ipvs_perr_str(enum ipvs_perr e);

/*
 * Each parser takes one netlink message: msg points at its nlmsghdr (4-byte
 * aligned, as netlink messages are) and len is the number of bytes available
 * there (nlmsg_len must fit in it).  On error *out is unspecified.
 */
/* A service reply (IPVS_CMD_NEW_SERVICE, as in a GET_SERVICE answer or dump). */
enum ipvs_perr ipvs_msg_parse_service(const void *msg, size_t len, struct ipvs_service *out);
/*
 * A destination reply (IPVS_CMD_NEW_DEST, from a GET_DEST dump).  svc_af is
 * the service's family, used when the reply has no IPVS_DEST_ATTR_ADDR_FAMILY
 * (kernels before 4.3); 0 makes that attribute required.  st (may be NULL)
 * receives the connection counters and statistics, which are checked either way.
 */
enum ipvs_perr ipvs_msg_parse_dest(const void *msg, size_t len, int svc_af, struct ipvs_dest *out,
				   struct ipvs_dest_stats *st);
/* A GET_CONFIG reply (IPVS_CMD_SET_CONFIG). */
enum ipvs_perr ipvs_msg_parse_timeouts(const void *msg, size_t len, struct ipvs_timeouts *out);
/* A GET_DAEMON dump entry (IPVS_CMD_NEW_DAEMON). */
enum ipvs_perr ipvs_msg_parse_daemon(const void *msg, size_t len, struct ipvs_daemon *out);
/* A GET_INFO reply (IPVS_CMD_SET_INFO). */
enum ipvs_perr ipvs_msg_parse_info(const void *msg, size_t len, struct ipvs_info *out);
/* A CTRL_CMD_NEWFAMILY reply: family id (and version/maxattr when non-NULL). */
enum ipvs_perr ipvs_msg_parse_family(const void *msg, size_t len, uint16_t *id, uint32_t *version,
				     uint32_t *maxattr);
/*
 * An NLMSG_ERROR message: *err = the kernel's errno (positive; 0 for an ACK),
 * *seq = the sequence number of the request it answers, *ext = the extended
 * ACK text (NUL-terminated inside msg) or NULL.
 */
enum ipvs_perr ipvs_msg_parse_error(const void *msg, size_t len, int *err, uint32_t *seq,
				    const char **ext);

/*
 * Walk the netlink messages of one received datagram buf[0..len): returns the
 * message at *off and advances *off past it (with its alignment padding);
 * *msglen gets its nlmsg_len.  NULL at the end, or when the rest is not a
 * well-formed message (then *off < len).  Unlike libmnl 1.0.4's
 * mnl_nlmsg_ok/next, an unaligned last length cannot make it read past len.
 */
const struct nlmsghdr *ipvs_msg_next(const void *buf, size_t len, size_t *off, size_t *msglen);

/* ---- names ---- */

/* "Masq", "Local", "Tunnel", "Route" (ipvsadm -L spelling); "?" for others. */
const char *ipvs_fwd_str(uint32_t fwd);
/* Parse "masq"/"nat", "local", "tunnel"/"tun"/"ipip", "route"/"dr"/"droute". */
int ipvs_fwd_parse(const char *s, uint32_t *fwd);
const char *ipvs_tun_type_str(uint8_t t); /* "ipip", "gue", "gre" */
int ipvs_tun_type_parse(const char *s, uint8_t *t);
const char *ipvs_proto_str(uint16_t proto); /* "TCP", "UDP", "SCTP", "FWM"(0) */
int ipvs_proto_parse(const char *s, uint16_t *proto);
const char *ipvs_cmd_str(uint8_t cmd);		   /* "NEW_SERVICE", ... */
const char *ipvs_daemon_state_str(uint32_t state); /* "master", "backup", "none" */
/*
 * Service flags as a comma-separated list into buf ("persistent,ops,sh-fallback");
 * scheduler flags are named after the scheduler when it has names for them
 * ("sh": sh-fallback/sh-port, "mh": mh-fallback/mh-port), else flag-1..3.
 * Returns buf ("" for none), or NULL when truncated.
 */
const char *ipvs_svc_flags_str(uint32_t flags, const char *sched, char *buf, size_t len);
/* Parse such a list (any scheduler's names are accepted); 0 or -1. */
int ipvs_svc_flags_parse(const char *s, uint32_t *flags);
/* Tunnel flags: "nocsum", "csum", "remcsum". */
const char *ipvs_tun_flags_str(uint16_t flags);
int ipvs_tun_flags_parse(const char *s, uint16_t *flags);

/* The kernel's netmask value for a persistence prefix length (see struct ipvs_service). */
uint32_t ipvs_netmask_from_plen(int af, int plen);
/* Back to a prefix length; -1 when an IPv4 mask is not contiguous. */
int ipvs_netmask_to_plen(int af, uint32_t netmask);
/* Fill the defaults for a service of family af: netmask /32 or /128, flags_mask 0. */
void ipvs_service_init(struct ipvs_service *svc, int af);

/* ---- comparing (for diffing a desired table against a dumped one) ---- */

/* Same service identity: af and fwmark, or af, protocol, address and port. */
bool ipvs_service_key_eq(const struct ipvs_service *a, const struct ipvs_service *b);
/*
 * Same settings (scheduler, pe, flags, timeout, netmask).  IP_VS_SVC_F_HASHED
 * is ignored: the kernel sets it on every service in its table.
 */
bool ipvs_service_settings_eq(const struct ipvs_service *a, const struct ipvs_service *b);
/* Same destination identity (address with family, port) within a service. */
bool ipvs_dest_key_eq(const struct ipvs_dest *a, const struct ipvs_dest *b);
/* Same settings (method, weight, thresholds; tunnel type/port/flags for tunnels). */
bool ipvs_dest_settings_eq(const struct ipvs_dest *a, const struct ipvs_dest *b);

#endif
