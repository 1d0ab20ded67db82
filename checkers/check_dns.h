/*
 * check_dns: DNS_CHECK (check_kind_dns), and its pure query builder and
 * reply checker for the unit tests.
 */
#ifndef VIGIL_CHECK_DNS_H
#define VIGIL_CHECK_DNS_H

#include <stddef.h>
#include <stdint.h>

#include "checkers/check.h"

/* Room for a query and for the reply read (no EDNS: replies are <= 512
 * bytes, a bigger datagram is read truncated). */
#define CHECK_DNS_BUF 4096

/*
 * Build a recursive (RD) query of class IN for name ("." or "example.org",
 * a trailing dot optional) and RR type `type` with glibc's res_nmkquery().
 * Returns the length, or -1 (name not encodable, buffer too small); *id is
 * the query's id (random).
 */
int check_dns_query(const char *name, uint16_t type, uint8_t *buf, size_t size, uint16_t *id);

/*
 * Judge a datagram received for the query (id, name, type).  Returns 0 when
 * it is not the reply to that query (another id: a stray datagram to
 * ignore), else 1 with *res and detail set: CHECK_OK when RCODE is NOERROR
 * and the answer section holds at least one RR of the type; CHECK_BAD_STATUS
 * "RCODE NXDOMAIN" for any other RCODE; CHECK_BAD_REPLY when the datagram
 * is not a well-formed response to the question or holds no answer of the
 * type.
 */
int check_dns_reply(const uint8_t *msg, size_t len, uint16_t id, const char *name, uint16_t type,
		    enum check_result *res, char *detail, size_t dlen);

/* "NOERROR", "NXDOMAIN" ... ("RCODE 12" style names are the caller's). */
const char *check_dns_rcode_str(unsigned rcode);

#endif
