/*
 * check_udp: UDP_CHECK (check_kind_udp), and its pure reply matcher for the
 * unit tests.
 */
#ifndef VIGIL_CHECK_UDP_H
#define VIGIL_CHECK_UDP_H

#include <stddef.h>
#include <stdint.h>

#include "checkers/check.h"

/* The length of the random payload sent when the check has no `payload`. */
#define CHECK_UDP_RANDOM_LEN 16

/*
 * Judge a reply datagram of `len` bytes (buf holds its first
 * min(len, c->reply_len) bytes at least) against require_reply's length
 * bounds (min_reply_length..max_reply_length) and pattern (compared over the
 * shorter of the datagram and the pattern, under reply_mask: an x nibble
 * matches anything).  Returns CHECK_OK or CHECK_BAD_REPLY with a detail.
 */
enum check_result check_udp_reply(const struct conf_check *c, const uint8_t *buf, size_t len,
				  char *detail, size_t dlen);

#endif
