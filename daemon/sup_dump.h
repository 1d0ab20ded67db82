/*
 * sup_dump: the state files of the dump signals sent to vigild.
 *
 *   SIGUSR1     /tmp/vigil.data   the VRRP process's text, then the checker's
 *   SIGUSR2     /tmp/vigil.stats  the VRRP process's statistics
 *   SIGRTMIN+2  /tmp/vigil.json   one JSON object with the members of both
 *                                 processes' objects ("vrrp", "unrouted",
 *                                 "ipvs", "virtual_servers")
 *
 * The supervisor asks each running child for its part (PROC_MSG_DUMP) and
 * writes the file when every child answered or after SUP_DUMP_TIMEOUT
 * seconds with the parts it has.  The directory is $VIGIL_TMPDIR when set
 * (util_tmp_path); each file is written to PATH.tmp and renamed.
 */
#ifndef VIGIL_SUP_DUMP_H
#define VIGIL_SUP_DUMP_H

#include <stddef.h>

#define SUP_DUMP_TIMEOUT 5.0
#define SUP_DUMP_NSIG	 3

/* 0, 1, 2 for SIGUSR1, SIGUSR2, SIGRTMIN+2; -1 for any other signal. */
int sup_dump_index(int signum);
/* "vigil.data", "vigil.stats", "vigil.json"; NULL for another signal. */
const char *sup_dump_name(int signum);
/* One JSON object holding the members of each part's object (parts that are
 * NULL, empty or not an object are left out).  Pure; caller frees. */
char *sup_dump_merge_json(const char *const *parts, const size_t *lens, size_t n);
/* Write the file of signum from the parts in order.  0 or -1 (logged). */
int sup_dump_write(int signum, const char *const *parts, const size_t *lens, size_t n);

#endif
