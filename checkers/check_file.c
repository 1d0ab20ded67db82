/*
 * check_file: FILE_CHECK, a real server's state (and with `dynamic` its
 * weight) read from a track_file and followed with inotify.
 *
 * watch() takes the track_file block the check names (resolved by the
 * config's finalize: conf_check.tf), copies its path, applies its init_file (write
 * the value when the file is missing, or always with `overwrite`), and
 * watches the file's directory, not the file: a file that is created,
 * replaced by a rename (the atomic way to write it) or deleted is seen as
 * well as one rewritten in place.  The events that count are the ones
 * naming the file: IN_CLOSE_WRITE (a writer finished), IN_MOVED_TO,
 * IN_MOVED_FROM and IN_DELETE; IN_MODIFY alone is ignored, so a reader
 * never sees a half-written value.  The directory itself going away
 * (IN_DELETE_SELF / IN_IGNORED) makes the file missing; the check says so
 * and stays down until the next config.
 *
 * The file holds a number (check_file_parse); a missing or unreadable file,
 * or text without a number, counts as 0 (and is logged once per change).
 * check_file_judge() turns the value into up/down and a weight, as
 * keepalived.conf(5) describes for track_file (value x weight, reverse,
 * weight 0 = "0 is up").  The result is reported with check_done_weight()
 * at watch() (from the loop, through a zero timer) and then whenever it
 * changes: rewriting the same value reports nothing.
 *
 * ck->kdata holds the watch (freed by unwatch/forget).
 */
#include "config.h"

#include "checkers/check_file.h"

#include <errno.h>
#include <ev.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "lib/conf.h"
#include "lib/conf_vrrp.h"
#include "lib/log.h"
#include "lib/util.h"

static const struct conf *file_conf;

struct file_watch {
	struct check *ck;
	char *path, *dir, *base;
	int ifd; /* inotify, -1: none */
	int wd;
	ev_io io;
	ev_timer first; /* the first report, from the loop */
	bool reported, dir_gone;
	enum check_result last_res;
	int64_t last_weight;
	char last_note[64]; /* the last "missing/no number" note logged */
};

void check_file_set_conf(const struct conf *c)
{
	file_conf = c;
}

bool check_file_parse(const char *text, long long *value)
{
	const char *p = text;
	char *end;
	long long v;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (!((*p >= '0' && *p <= '9') || ((*p == '-' || *p == '+') && p[1] >= '0' && p[1] <= '9')))
		return false;
	errno = 0;
	v = strtoll(p, &end, 10);
	if (errno == ERANGE) /* saturated: strtoll gave LLONG_MIN/MAX */
		errno = 0;
	*value = v;
	return end != p;
}

enum check_result check_file_judge(const struct conf_check *c, long long value, int64_t *weight)
{
	long long w = c->weight_set ? c->weight : 1, eff;

	*weight = -1;
	if (w == 0) {
		bool up = (value == 0) != c->weight_reverse;

		return up ? CHECK_OK : CHECK_FILE_DOWN;
	}
	if (__builtin_mul_overflow(value, w, &eff))
		eff = ((value < 0) != (w < 0)) ? LLONG_MIN : LLONG_MAX;
	if (c->weight_reverse)
		eff = eff == LLONG_MIN ? LLONG_MAX : -eff;
	if (eff <= INT32_MIN)
		return CHECK_FILE_DOWN;
	if (c->dynamic)
		*weight = eff < 0 ? 0 : eff > INT32_MAX ? INT32_MAX : eff;
	return CHECK_OK;
}

/* The track_file block: the one the config's finalize resolved
 * (conf_check.tf), else the one of that name in the config given by
 * check_file_set_conf() (a check built by hand, as in the unit tests). */
static const struct conf_track_file *file_track(const struct check *ck)
{
	const struct conf *c = file_conf;
	const char *name = ck->conf->track_file;
	const struct conf_track_file *tf;

	if (ck->conf->tf)
		return ck->conf->tf;
	if (!c || !name)
		return NULL;
	TAILQ_FOREACH (tf, &c->track_files, entry)
		if (strcmp(tf->name, name) == 0)
			return tf;
	return NULL;
}

/* init_file: write the value when the file is missing (or always). */
static void file_init(const struct check *ck, const struct conf_track_file *tf)
{
	char buf[32];
	int fd, n;

	if (!tf->init_file || (!tf->init_overwrite && access(tf->path, F_OK) == 0))
		return;
	n = util_snprintf(buf, sizeof(buf), "%lld\n", tf->init_value);
	if (n < 0)
		return;
	fd = open(tf->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 || write(fd, buf, (size_t)n) != n)
		log_warn("%s init_file %s", check_label(ck), tf->path);
	if (fd >= 0)
		close(fd);
}

/* Read the file's value: 0 and a note when there is none. */
static long long file_read(struct file_watch *f, const char **note)
{
	char buf[64];
	ssize_t n = -1;
	long long v = 0;
	int fd;

	*note = NULL;
	fd = f->dir_gone ? -1 : open(f->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n < 0) {
		*note = "missing or unreadable, value 0";
		return 0;
	}
	buf[n] = '\0';
	if (!check_file_parse(buf, &v)) {
		*note = "holds no number, value 0";
		return 0;
	}
	return v;
}

static void file_update(struct file_watch *f)
{
	const char *note;
	long long v = file_read(f, &note);
	int64_t weight;
	enum check_result res = check_file_judge(f->ck->conf, v, &weight);
	char detail[96];

	if (note && strcmp(note, f->last_note) != 0)
		log_warnx("%s %s: %s", check_label(f->ck), f->path, note);
	util_strlcpy(f->last_note, note ? note : "", sizeof(f->last_note));
	if (f->reported && res == f->last_res && weight == f->last_weight)
		return;
	f->reported = true;
	f->last_res = res;
	f->last_weight = weight;
	if (weight >= 0) {
		if (util_snprintf(detail, sizeof(detail), "value %lld, weight %lld", v,
				  (long long)weight) < 0)
			detail[0] = '\0';
	} else if (util_snprintf(detail, sizeof(detail), "value %lld", v) < 0) {
		detail[0] = '\0';
	}
	check_done_weight(f->ck, res, weight, detail);
}

static void file_first_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct file_watch *f =
	    (struct file_watch *)((char *)w - offsetof(struct file_watch, first));

	(void)loop;
	(void)revents;
	file_update(f);
}

static void file_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct file_watch *f = (struct file_watch *)((char *)w - offsetof(struct file_watch, io));
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool changed = false;

	(void)revents;
	for (int round = 0; round < 16; round++) {
		ssize_t n = read(f->ifd, buf, sizeof(buf));

		if (n <= 0)
			break;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;

			if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT)) {
				if (!f->dir_gone)
					log_warnx(
					    "%s directory %s is gone: the file counts as missing",
					    check_label(f->ck), f->dir);
				f->dir_gone = true;
				changed = true;
			} else if (ev->mask & IN_Q_OVERFLOW) {
				changed = true;
			} else if (ev->len && strcmp(ev->name, f->base) == 0) {
				changed = true;
			}
			p += sizeof(*ev) + ev->len;
		}
	}
	if (f->dir_gone && f->ifd >= 0) {
		ev_io_stop(loop, &f->io);
		close(f->ifd);
		f->ifd = -1;
	}
	if (changed)
		file_update(f);
}

static void file_free(struct file_watch *f)
{
	if (!f)
		return;
	ev_timer_stop(f->ck->loop, &f->first);
	if (f->ifd >= 0) {
		ev_io_stop(f->ck->loop, &f->io);
		close(f->ifd);
	}
	free(f->path);
	free(f->dir);
	free(f);
}

static void file_watch(struct check *ck)
{
	const struct conf_track_file *tf = file_track(ck);
	struct file_watch *f;
	char *slash;

	file_free(ck->kdata);
	ck->kdata = NULL;
	if (!tf || !tf->path) {
		log_warnx("%s track_file '%s' not found in the config", check_label(ck),
			  ck->conf->track_file ? ck->conf->track_file : "");
		check_done_weight(ck, CHECK_ERROR, -1, "no such track_file");
		return;
	}
	f = xcalloc(1, sizeof(*f));
	f->ck = ck;
	f->ifd = -1;
	f->path = xstrdup(tf->path);
	f->dir = xstrdup(tf->path);
	slash = strrchr(f->dir, '/');
	if (!slash) {
		free(f->dir);
		f->dir = xstrdup(".");
		f->base = f->path;
	} else {
		f->base = f->path + (slash - f->dir) + 1;
		if (slash == f->dir)
			slash[1] = '\0'; /* "/file": the root directory */
		else
			*slash = '\0';
	}
	ck->kdata = f;
	file_init(ck, tf);

	f->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (f->ifd >= 0)
		f->wd = inotify_add_watch(f->ifd, f->dir,
					  IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE |
					      IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR);
	if (f->ifd < 0 || f->wd < 0) {
		log_warn("%s cannot watch %s (the value is read once)", check_label(ck), f->dir);
		if (f->ifd >= 0)
			close(f->ifd);
		f->ifd = -1;
	} else {
		ev_io_init(&f->io, file_io_cb, f->ifd, EV_READ);
		ev_io_start(ck->loop, &f->io);
	}
	ev_timer_init(&f->first, file_first_cb, 0., 0.);
	ev_timer_start(ck->loop, &f->first);
}

static void file_unwatch(struct check *ck)
{
	file_free(ck->kdata);
	ck->kdata = NULL;
}

const struct check_kind check_kind_file = {
    .type = CONF_CHECK_FILE,
    .name = "FILE_CHECK",
    .watch = file_watch,
    .unwatch = file_unwatch,
    .forget = file_unwatch,
};
