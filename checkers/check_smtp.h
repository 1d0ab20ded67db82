/*
 * check_smtp: SMTP_CHECK (check_kind_smtp), and its pure reply parser for
 * the unit tests.
 */
#ifndef VIGIL_CHECK_SMTP_H
#define VIGIL_CHECK_SMTP_H

#include <stddef.h>

/* The longest reply (all lines of a multi-line reply) the checker reads. */
#define CHECK_SMTP_REPLY_MAX 4096

/*
 * Parse the SMTP reply (RFC 5321 4.2: "NNN-text" continuation lines, then
 * "NNN text" or "NNN") at the start of buf[0..len).  Lines end in CRLF or a
 * bare LF.  Returns 1 when the reply is complete (*code its code, *used the
 * bytes it spans), 0 when more bytes are needed, -1 when it is malformed (a
 * line that does not start with a code, or lines with different codes).
 */
int check_smtp_reply(const char *buf, size_t len, int *code, size_t *used);

#endif
