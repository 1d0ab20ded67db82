/*
 * check_ping: PING_CHECK (check_kind_ping), and its pure ICMP echo codec
 * for the unit tests.
 */
#ifndef VIGIL_CHECK_PING_H
#define VIGIL_CHECK_PING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkers/check.h"

/* An echo request: 8 bytes of ICMP header, then the token. */
#define CHECK_PING_TOKEN_LEN 16
#define CHECK_PING_LEN	     (8 + CHECK_PING_TOKEN_LEN)

/* Build an echo request for family (AF_INET: ICMP with its checksum;
 * AF_INET6: ICMPv6, whose checksum the kernel fills) into buf
 * (CHECK_PING_LEN bytes). */
void check_ping_build(uint8_t *buf, int family, uint16_t id, uint16_t seq,
		      const uint8_t token[CHECK_PING_TOKEN_LEN]);

/* Is buf (len bytes, starting at the ICMP header; ip_header: an IPv4
 * header comes first, as a raw IPv4 socket reads) the echo reply to the
 * request made with id (when check_id), seq and token? */
bool check_ping_match(const uint8_t *buf, size_t len, int family, bool ip_header, bool check_id,
		      uint16_t id, uint16_t seq, const uint8_t token[CHECK_PING_TOKEN_LEN]);

/* The Internet checksum (RFC 1071) of len bytes. */
uint16_t check_ping_cksum(const uint8_t *buf, size_t len);

#endif
