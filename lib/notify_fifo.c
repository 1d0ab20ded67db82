/*
 * notify_fifo: notify FIFOs (see notify_fifo.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/notify_fifo.h"
#include "lib/script.h"
#include "lib/util.h"

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void fifo_script_done_cb(const struct script_result *res, void *arg)
{
	struct notify_fifo *f = arg;

	log_warnx("notify FIFO %s: script '%s' %s %d", f->path, f->cmd, script_end_str(res->end),
		  res->code);
	f->run = NULL;
}

void notify_fifo_init(struct notify_fifo *f, struct ev_loop *loop)
{
	memset(f, 0, sizeof(*f));
	f->loop = loop;
	f->fd = -1;
}

bool notify_fifo_same(const struct notify_fifo *f, const struct notify_fifo_conf *c)
{
	bool has_cmd = c->path && c->cmd;

	return str_eq(f->path, c->path) && str_eq(f->user, c->user) && str_eq(f->group, c->group) &&
	       str_eq(f->cmd, has_cmd ? c->cmd : NULL) &&
	       str_eq(f->cmd_user, has_cmd ? c->cmd_user : NULL) &&
	       str_eq(f->cmd_group, has_cmd ? c->cmd_group : NULL);
}

/* uid/gid of the configured owner; -1 each when not given.  false: unknown. */
static bool owner_ids(const struct notify_fifo *f, uid_t *uid, gid_t *gid)
{
	*uid = (uid_t)-1;
	*gid = (gid_t)-1;
	if (f->user) {
		struct passwd *pw = getpwnam(f->user);

		if (!pw) {
			log_warnx("notify FIFO %s: no user %s", f->path, f->user);
			return false;
		}
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
	}
	if (f->group) {
		struct group *gr = getgrnam(f->group);

		if (!gr) {
			log_warnx("notify FIFO %s: no group %s", f->path, f->group);
			return false;
		}
		*gid = gr->gr_gid;
	}
	return true;
}

static int make_fifo(struct notify_fifo *f)
{
	struct stat st;
	uid_t uid;
	gid_t gid;

	if (lstat(f->path, &st) == 0) {
		if (!S_ISFIFO(st.st_mode)) {
			log_warnx("notify FIFO %s: exists and is not a FIFO", f->path);
			return -1;
		}
		return 0;
	}
	if (errno != ENOENT || mkfifo(f->path, 0600) < 0) {
		log_warn("notify FIFO %s: mkfifo", f->path);
		return -1;
	}
	f->created = true;
	if (!owner_ids(f, &uid, &gid))
		return -1;
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) && chown(f->path, uid, gid) < 0) {
		log_warn("notify FIFO %s: chown", f->path);
		return -1;
	}
	return 0;
}

static void start_script(struct notify_fifo *f, notify_fifo_allowed_fn allowed)
{
	const char *args[1];
	struct script_opts o;
	char what[PATH_MAX + 32];

	if (util_snprintf(what, sizeof(what), "notify FIFO %s", f->path) < 0)
		what[0] = '\0';
	if (allowed && !allowed(f->cmd, f->cmd_user, f->cmd_group, what))
		return;
	args[0] = f->path;
	memset(&o, 0, sizeof(o));
	o.user = f->cmd_user;
	o.group = f->cmd_group;
	o.args = args;
	o.nargs = 1;
	f->run = script_start(f->loop, f->cmd, &o, fifo_script_done_cb, f);
	if (!f->run) {
		log_warnx("notify FIFO %s: cannot start '%s'", f->path, f->cmd);
		return;
	}
	log_info("notify FIFO %s: script '%s' started (pid %d)", f->path, f->cmd,
		 (int)script_pid(f->run));
}

void notify_fifo_open(struct notify_fifo *f, const struct notify_fifo_conf *c,
		      notify_fifo_allowed_fn allowed)
{
	notify_fifo_close(f);
	f->path = dup_or_null(c->path);
	if (c->path && c->cmd) {
		f->cmd = xstrdup(c->cmd);
		f->cmd_user = dup_or_null(c->cmd_user);
		f->cmd_group = dup_or_null(c->cmd_group);
	}
	f->user = dup_or_null(c->user);
	f->group = dup_or_null(c->group);
	if (!f->path)
		return;
	if (make_fifo(f) < 0)
		return;
	/* Read-write: open() does not wait for a reader, and writes never
	 * raise SIGPIPE when the reader goes away. */
	f->fd = open(f->path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (f->fd < 0) {
		log_warn("notify FIFO %s: open", f->path);
		return;
	}
	log_info("notify FIFO %s open", f->path);
	if (f->cmd)
		start_script(f, allowed);
}

void notify_fifo_write(struct notify_fifo *f, const char *line)
{
	char buf[PIPE_BUF];
	size_t len;
	ssize_t n;

	if (f->fd < 0)
		return;
	if (util_snprintf(buf, sizeof(buf), "%s\n", line) < 0) {
		f->dropped++;
		return;
	}
	len = strlen(buf);
	do
		n = write(f->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)len) {
		f->lines++;
		return;
	}
	/* EAGAIN: nobody reads and the pipe is full; EPIPE cannot happen on
	 * a read-write FIFO, but would be dropped the same way. */
	if (f->dropped++ == 0 || (f->dropped & (f->dropped - 1)) == 0)
		log_warnx("notify FIFO %s: line dropped (%lu so far): %s", f->path, f->dropped,
			  n < 0 ? strerror(errno) : "short write");
}

void notify_fifo_close(struct notify_fifo *f)
{
	if (f->run) {
		pid_t pid = script_pid(f->run);

		/* SIGTERM, half a second to go (reaped here: the loop may not
		 * run any more), then SIGKILL to its group (script_cancel). */
		if (pid > 0 && kill(-pid, SIGTERM) != 0)
			kill(pid, SIGTERM);
		for (int i = 0; pid > 0 && i < 50; i++) {
			pid_t rc = waitpid(pid, NULL, WNOHANG);

			if (rc == pid || (rc < 0 && errno != EINTR))
				break;
			usleep(10000);
		}
		script_cancel(f->run);
		f->run = NULL;
	}
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->created && f->path && unlink(f->path) < 0 && errno != ENOENT)
		log_warn("notify FIFO %s: unlink", f->path);
	f->created = false;
	free(f->path);
	free(f->user);
	free(f->group);
	free(f->cmd);
	free(f->cmd_user);
	free(f->cmd_group);
	f->path = f->user = f->group = f->cmd = f->cmd_user = f->cmd_group = NULL;
}
