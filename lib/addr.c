/*
 * addr: see addr.h.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/addr.h"
#include "lib/util.h"

int addr_parse(const char *s, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (!s || !*s)
		return -1;
	if (strchr(s, ':')) {
		if (inet_pton(AF_INET6, s, &a->u.v6) != 1)
			return -1;
		a->af = AF_INET6;
		return 0;
	}
	if (inet_pton(AF_INET, s, &a->u.v4) != 1)
		return -1;
	a->af = AF_INET;
	return 0;
}

int addr_parse_prefix(const char *s, struct addr *a, int *plen)
{
	char buf[ADDR_PFX_STRLEN];
	const char *slash = strchr(s, '/');
	uint32_t v;

	*plen = -1;
	if (!slash)
		return addr_parse(s, a);
	if ((size_t)(slash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if (addr_parse(buf, a) < 0)
		return -1;
	if (util_parse_u32(slash + 1, 0, (uint32_t)addr_bits(a), &v) < 0)
		return -1;
	*plen = (int)v;
	return 0;
}

const char *addr_str(const struct addr *a, char *buf, size_t len)
{
	if (!a->af || !inet_ntop(a->af, &a->u, buf, (socklen_t)len))
		util_strlcpy(buf, "?", len);
	return buf;
}

int addr_cmp(const struct addr *a, const struct addr *b)
{
	if (a->af != b->af)
		return a->af < b->af ? -1 : 1;
	return memcmp(&a->u, &b->u, a->af == AF_INET ? 4 : 16);
}

bool addr_eq(const struct addr *a, const struct addr *b)
{
	return addr_cmp(a, b) == 0;
}

bool addr_is_set(const struct addr *a)
{
	return a->af != 0;
}

int addr_bits(const struct addr *a)
{
	return a->af == AF_INET ? 32 : a->af == AF_INET6 ? 128 : 0;
}

int addr_add(struct addr *a, uint32_t n)
{
	uint8_t *last = a->af == AF_INET ? &a->u.bytes[3] : &a->u.bytes[15];
	uint8_t *first = a->af == AF_INET ? &a->u.bytes[0] : &a->u.bytes[12];
	uint32_t v = 0;

	for (uint8_t *p = first; p <= last; p++)
		v = (v << 8) | *p;
	if (v + n < v)
		return -1;
	v += n;
	for (uint8_t *p = last; p >= first; p--) {
		*p = (uint8_t)(v & 0xff);
		v >>= 8;
	}
	return 0;
}

const char *addr_family_str(int af)
{
	return af == AF_INET ? "IPv4" : af == AF_INET6 ? "IPv6" : "unspecified";
}
