/*
 * addr: IPv4/IPv6 addresses with optional prefix length, parsed from and
 * printed to text.  Pure: no sockets.
 */
#ifndef VIGIL_ADDR_H
#define VIGIL_ADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

struct addr {
	int af; /* AF_INET, AF_INET6, or 0 when unset */
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t bytes[16];
	} u;
};

#define ADDR_STRLEN	46 /* INET6_ADDRSTRLEN */
#define ADDR_PFX_STRLEN (ADDR_STRLEN + 4)

/* Parse "192.0.2.1" or "2001:db8::1" (an IPv6 scope "%eth0" is rejected). 0 on success. */
int addr_parse(const char *s, struct addr *a);
/* Parse "ADDR[/PLEN]"; *plen = -1 when no prefix given. 0 on success. */
int addr_parse_prefix(const char *s, struct addr *a, int *plen);
/* Format into buf (ADDR_STRLEN); returns buf. */
const char *addr_str(const struct addr *a, char *buf, size_t len);
int addr_cmp(const struct addr *a, const struct addr *b);
bool addr_eq(const struct addr *a, const struct addr *b);
bool addr_is_set(const struct addr *a);
/* Bit length for the family: 32 or 128 (0 when unset). */
int addr_bits(const struct addr *a);
/* Add `n` to the last 32 bits (for ranges "192.0.2.1-10"); returns -1 on overflow of the octet. */
int addr_add(struct addr *a, uint32_t n);
const char *addr_family_str(int af);

#endif
