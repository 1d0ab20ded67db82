/*
 * check_file: FILE_CHECK (check_kind_file), its value rules (pure, for the
 * unit tests), and how it finds the track_file blocks of the config.
 */
#ifndef VIGIL_CHECK_FILE_H
#define VIGIL_CHECK_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "checkers/check.h"

struct conf;

/*
 * The config whose track_file blocks FILE_CHECK's `track_file NAME` names
 * (path, init_file).  The checker process calls it before the checks of a
 * config are watched (at start and at each reload, before the previous
 * config is freed); NULL forgets it.  A FILE_CHECK copies what it needs at
 * watch(), so the config may go away afterwards.
 */
void check_file_set_conf(const struct conf *c);

/* The number in a track file's text (leading blanks, an optional sign,
 * decimal digits; what follows is ignored).  false when there is none. */
bool check_file_parse(const char *text, long long *value);

/*
 * What a value means for a FILE_CHECK (its weight and reverse are final):
 *   weight 0: 0 is up, anything else down (reverse: the opposite);
 *   else eff = value x weight (negated by reverse): eff <= -2147483648 is
 *   down, anything else up.
 * *weight: with `dynamic`, the real servers' new weight (eff, at least 0,
 * at most 2147483647) when up; -1 otherwise (no change).
 */
enum check_result check_file_judge(const struct conf_check *c, long long value, int64_t *weight);

#endif
