/*
 * ipvs_nl: libmnl transport for IPVS generic netlink (see ipvs_nl.h).
 *
 * Socket: NETLINK_GENERIC, CLOEXEC, NETLINK_CAP_ACK (error ACKs carry only
 * the request's header, so a failing 100k-object batch does not echo
 * megabytes back) and NETLINK_EXT_ACK (the kernel's error text), receive and
 * send buffers forced large (SO_RCVBUFFORCE/SO_SNDBUFFORCE, falling back to
 * SO_RCVBUF/SO_SNDBUF when we lack CAP_NET_ADMIN).
 *
 * Batches: requests are encoded at add time into one growing byte queue
 * with consecutive sequence numbers.  ipvs_nl_batch_run() sends the queue in
 * chunks: a chunk is limited in bytes by the send buffer and in count by how
 * many ACKs the receive buffer can hold (the kernel processes the whole
 * sendmsg() before returning, and an ACK that does not fit is dropped).
 * After each send the ACKs are read and matched to requests by sequence
 * number; anything else (stale replies of an earlier, aborted operation) is
 * skipped.  If the socket reports ENOBUFS, the ACKs still queued are read
 * without waiting and the requests whose ACK is missing report ENOBUFS.
 *
 * Transactions (one request, optional replies, then ACK or DONE) run through
 * transact(); dumps restart on ENOBUFS or NLM_F_DUMP_INTR after draining the
 * current dump to its DONE (the kernel refuses a second dump on a socket
 * while one is running).
 */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ipvs/ipvs_nl.h"
#include "lib/util.h"

#define RECV_BUF_SIZE	  65536		     /* the kernel caps dump skbs at 32 KiB */
#define WANT_SOCK_BUF	  (32 * 1024 * 1024) /* asked for; the kernel doubles it */
#define ACK_COST	  2048		     /* receive-buffer bytes one ACK may take */
#define MAX_CHUNK_BYTES	  (4 * 1024 * 1024)
#define REPLY_TIMEOUT_MS  10000
#define MAX_DUMP_RESTARTS 8
#define MAX_REQ_SIZE	  1024	      /* one encoded request is far below this */
#define BATCH_KEEP_BYTES  (64 * 1024) /* batch buffers kept for the next batch */

struct nl_entry {
	size_t off;   /* in qbuf */
	uint32_t len; /* encoded length */
	uint32_t seq;
	uint8_t cmd;
	bool done;
	int err;
	char *ext;
	void *cookie;
};

struct ipvs_nl {
	struct mnl_socket *sock;
	int fd;
	uint32_t portid;
	uint16_t family;
	uint32_t seq;
	int rcvbuf, sndbuf;
	size_t chunk_max; /* 0: derived */
	unsigned dump_restarts;
	uint8_t *rbuf;
	char *last_ext;

	uint8_t *qbuf;
	size_t qlen, qcap;
	struct nl_entry *ents;
	size_t n, cap;
};

/* ---- socket I/O ---- */

static void set_bufsize(int fd, int force_opt, int opt, int want, int *effective)
{
	socklen_t sl = sizeof(*effective);

	if (setsockopt(fd, SOL_SOCKET, force_opt, &want, sizeof(want)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, opt, &want, sizeof(want));
	if (getsockopt(fd, SOL_SOCKET, opt, effective, &sl) < 0)
		*effective = 0;
}

static int send_all(struct ipvs_nl *nl, const void *buf, size_t len)
{
	ssize_t r;

	do
		r = mnl_socket_sendto(nl->sock, buf, len);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if ((size_t)r != len)
		return -EMSGSIZE;
	return 0;
}

/*
 * Receive one datagram into nl->rbuf.  timeout_ms < 0 waits REPLY_TIMEOUT_MS;
 * 0 does not wait (-EAGAIN when empty).  Returns its length or -errno
 * (-ETIMEDOUT, -ENOBUFS on overflow, -EMSGSIZE when truncated).
 *
 * It reads first and polls only when nothing is queued: the kernel answers
 * a request inside sendmsg() and builds each next part of a dump inside
 * recvmsg(), so the data is almost always there already (a poll() before
 * every read was a third of the syscalls of a 10,000-destination dump).
 */
static ssize_t recv_one(struct ipvs_nl *nl, int timeout_ms)
{
	struct sockaddr_nl sa;
	struct iovec iov = {.iov_base = nl->rbuf, .iov_len = RECV_BUF_SIZE};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	struct pollfd pfd = {.fd = nl->fd, .events = POLLIN};
	ssize_t r;
	int pr;

	for (;;) {
		mh.msg_name = &sa;
		mh.msg_namelen = sizeof(sa);
		mh.msg_flags = 0;
		r = recvmsg(nl->fd, &mh, MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN) {
			if (timeout_ms == 0)
				return -EAGAIN;
			pr = poll(&pfd, 1, timeout_ms < 0 ? REPLY_TIMEOUT_MS : timeout_ms);
			if (pr < 0 && errno == EINTR)
				continue;
			if (pr < 0)
				return -errno;
			if (pr == 0)
				return -ETIMEDOUT;
			continue;
		}
		if (r < 0)
			return -errno;
		if (mh.msg_flags & MSG_TRUNC)
			return -EMSGSIZE;
		if (mh.msg_namelen != sizeof(sa) || sa.nl_pid != 0)
			continue; /* not from the kernel */
		return r;
	}
}

/* Iterate the netlink messages of a datagram strictly (see ipvs_msg_next). */
#define FOR_EACH_MSG(nlh, buf, len, off, mlen)                                                     \
	for ((off) = 0; ((nlh) = ipvs_msg_next((buf), (size_t)(len), &(off), &(mlen))) != NULL;)

/* ---- open / close ---- */

static int resolve_family(struct ipvs_nl *nl);

int ipvs_nl_open(struct ipvs_nl **nlp)
{
	struct ipvs_nl *nl = xcalloc(1, sizeof(*nl));
	int one = 1, rc;

	*nlp = NULL;
	nl->sock = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!nl->sock) {
		rc = -errno;
		free(nl);
		return rc;
	}
	nl->fd = mnl_socket_get_fd(nl->sock);
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		goto fail;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	(void)mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	(void)mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	set_bufsize(nl->fd, SO_RCVBUFFORCE, SO_RCVBUF, WANT_SOCK_BUF, &nl->rcvbuf);
	set_bufsize(nl->fd, SO_SNDBUFFORCE, SO_SNDBUF, WANT_SOCK_BUF, &nl->sndbuf);
	nl->rbuf = xmalloc(RECV_BUF_SIZE);
	nl->seq = (uint32_t)time(NULL);
	rc = resolve_family(nl);
	if (rc < 0)
		goto fail;
	*nlp = nl;
	return 0;
fail:
	ipvs_nl_close(nl);
	return rc;
}

void ipvs_nl_close(struct ipvs_nl *nl)
{
	if (!nl)
		return;
	ipvs_nl_batch_clear(nl);
	mnl_socket_close(nl->sock);
	free(nl->rbuf);
	free(nl->qbuf);
	free(nl->ents);
	free(nl->last_ext);
	free(nl);
}

uint16_t ipvs_nl_family(const struct ipvs_nl *nl)
{
	return nl->family;
}

void ipvs_nl_bufsizes(const struct ipvs_nl *nl, int *rcvbuf, int *sndbuf)
{
	*rcvbuf = nl->rcvbuf;
	*sndbuf = nl->sndbuf;
}

unsigned ipvs_nl_dump_restarts(const struct ipvs_nl *nl)
{
	return nl->dump_restarts;
}

/* ---- transactions ---- */

/* Called for each data message of the transaction; returns 0 or -errno. */
typedef int (*msg_cb)(const struct nlmsghdr *nlh, size_t len, void *arg);

static void set_last_ext(struct ipvs_nl *nl, const char *ext)
{
	free(nl->last_ext);
	nl->last_ext = ext ? xstrdup(ext) : NULL;
}

/*
 * Send the request already encoded in buf (sequence seq) and read until its
 * ACK/error (or DONE for a dump).  *restart is set when a dump must be redone.
 */
static int transact_once(struct ipvs_nl *nl, const void *buf, size_t len, uint32_t seq, bool dump,
			 msg_cb cb, void *arg, bool *restart)
{
	int rc = 0;
	bool finished = false, lost = false;

	*restart = false;
	set_last_ext(nl, NULL);
	rc = send_all(nl, buf, len);
	if (rc < 0)
		return rc;
	while (!finished) {
		const struct nlmsghdr *nlh;
		ssize_t r = recv_one(nl, lost ? 0 : -1);
		size_t off, mlen;

		if (r == -ENOBUFS) {
			/* A dump: read it to its end (its parts are never dropped), then
			 * redo it.  Otherwise our answer may be lost or still queued:
			 * look without waiting. */
			if (dump)
				*restart = true;
			else
				lost = true;
			continue;
		}
		if (r == -EAGAIN && lost)
			return -ENOBUFS;
		if (r < 0)
			return r;
		FOR_EACH_MSG(nlh, nl->rbuf, r, off, mlen)
		{
			if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != nl->portid)
				continue; /* stale */
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				*restart = true;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				int err;
				uint32_t eseq;
				const char *ext;
				if (ipvs_msg_parse_error(nlh, mlen, &err, &eseq, &ext) !=
				    IPVS_PERR_OK)
					return -EBADMSG;
				set_last_ext(nl, ext);
				if (err && rc == 0)
					rc = -err;
				finished = true;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				/* a dump that failed midway says so in DONE's payload */
				int derr = 0;
				if (mlen >= MNL_NLMSG_HDRLEN + sizeof(derr))
					memcpy(&derr, mnl_nlmsg_get_payload(nlh), sizeof(derr));
				if (derr < 0 && derr > -4096 && rc == 0)
					rc = derr;
				finished = true;
				break;
			}
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue; /* NOOP, OVERRUN */
			if (rc == 0 && !*restart && cb) {
				int crc = cb(nlh, mlen, arg);
				if (crc < 0)
					rc = crc; /* keep reading to the end of the answer */
			}
		}
	}
	return rc;
}

/*
 * One request with optional replies.  For a dump, reset(arg) is called before
 * each restart so the collector starts over.
 */
static int transact(struct ipvs_nl *nl, uint16_t family, const struct ipvs_req *req,
		    const char *ctrl_name, msg_cb cb, void *arg, void (*reset)(void *))
{
	uint8_t buf[MAX_REQ_SIZE];
	bool dump = req && ipvs_req_is_dump(req);

	for (unsigned attempt = 0;; attempt++) {
		uint32_t seq = ++nl->seq;
		bool restart;
		int len, rc;

		len = ctrl_name ? ipvs_msg_build_getfamily(buf, sizeof(buf), seq, ctrl_name)
				: ipvs_msg_build(buf, sizeof(buf), family, seq, req);
		if (len < 0)
			return -errno;
		rc = transact_once(nl, buf, (size_t)len, seq, dump, cb, arg, &restart);
		if (!dump || !restart || rc == -ETIMEDOUT)
			return rc;
		if (attempt + 1 >= MAX_DUMP_RESTARTS)
			return -EAGAIN;
		nl->dump_restarts++;
		if (reset)
			reset(arg);
	}
}

static int family_cb(const struct nlmsghdr *nlh, size_t len, void *arg)
{
	uint16_t *id = arg;

	if (nlh->nlmsg_type != GENL_ID_CTRL)
		return 0;
	return ipvs_msg_parse_family(nlh, len, id, NULL, NULL) == IPVS_PERR_OK ? 0 : -EBADMSG;
}

static int resolve_family(struct ipvs_nl *nl)
{
	uint16_t id = 0;
	int rc = transact(nl, GENL_ID_CTRL, NULL, IPVS_GENL_NAME, family_cb, &id, NULL);

	if (rc < 0)
		return rc;
	if (id == 0)
		return -ENOENT;
	nl->family = id;
	return 0;
}

int ipvs_nl_exec(struct ipvs_nl *nl, const struct ipvs_req *req, const char **ext)
{
	int rc;

	if (ipvs_req_is_dump(req) || req->cmd == IPVS_CMD_GET_SERVICE ||
	    req->cmd == IPVS_CMD_GET_INFO || req->cmd == IPVS_CMD_GET_CONFIG)
		return -EINVAL; /* answers need a parser: use the ipvs_nl_get_* calls */
	rc = transact(nl, nl->family, req, NULL, NULL, NULL, NULL);
	if (ext)
		*ext = nl->last_ext;
	return rc;
}

int ipvs_nl_flush(struct ipvs_nl *nl)
{
	const struct ipvs_req req = {.cmd = IPVS_CMD_FLUSH};

	return ipvs_nl_exec(nl, &req, NULL);
}

/* ---- readers ---- */

static int info_cb(const struct nlmsghdr *nlh, size_t len, void *arg)
{
	return ipvs_msg_parse_info(nlh, len, arg) == IPVS_PERR_OK ? 0 : -EBADMSG;
}

static int timeouts_cb(const struct nlmsghdr *nlh, size_t len, void *arg)
{
	return ipvs_msg_parse_timeouts(nlh, len, arg) == IPVS_PERR_OK ? 0 : -EBADMSG;
}

/* A single reply must arrive: count it. */
struct one_reply {
	int (*parse)(const struct nlmsghdr *nlh, size_t len, void *out);
	void *out;
	unsigned got;
};

static int one_cb(const struct nlmsghdr *nlh, size_t len, void *arg)
{
	struct one_reply *o = arg;
	int rc = o->parse(nlh, len, o->out);

	if (rc == 0)
		o->got++;
	return rc;
}

static int get_one(struct ipvs_nl *nl, const struct ipvs_req *req,
		   int (*parse)(const struct nlmsghdr *, size_t, void *), void *out)
{
	struct one_reply o = {.parse = parse, .out = out};
	int rc = transact(nl, nl->family, req, NULL, one_cb, &o, NULL);

	if (rc == 0 && o.got != 1)
		rc = -EBADMSG;
	return rc;
}

int ipvs_nl_get_info(struct ipvs_nl *nl, struct ipvs_info *info)
{
	const struct ipvs_req req = {.cmd = IPVS_CMD_GET_INFO};

	return get_one(nl, &req, info_cb, info);
}

int ipvs_nl_get_timeouts(struct ipvs_nl *nl, struct ipvs_timeouts *t)
{
	const struct ipvs_req req = {.cmd = IPVS_CMD_GET_CONFIG};

	return get_one(nl, &req, timeouts_cb, t);
}

static int service_cb(const struct nlmsghdr *nlh, size_t len, void *arg)
{
	return ipvs_msg_parse_service(nlh, len, arg) == IPVS_PERR_OK ? 0 : -EBADMSG;
}

int ipvs_nl_get_service(struct ipvs_nl *nl, const struct ipvs_service *key,
			struct ipvs_service *out)
{
	const struct ipvs_req req = {.cmd = IPVS_CMD_GET_SERVICE, .svc = key};

	return get_one(nl, &req, service_cb, out);
}

/* Growable array collector for dumps. */
struct collect {
	void *items;
	size_t n, cap, size;
	struct ipvs_dest_stats *st; /* COLLECT_DEST: parallel to items, when wanted */
	bool want_st;
	int svc_af; /* for dests */
	enum { COLLECT_SVC, COLLECT_DEST, COLLECT_DAEMON } kind;
};

static void collect_reset(void *arg)
{
	struct collect *c = arg;

	c->n = 0;
}

static int collect_cb(const struct nlmsghdr *nlh, size_t len, void *arg)
{
	struct collect *c = arg;
	enum ipvs_perr pe;
	void *slot;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->items = xrealloc(c->items, c->cap * c->size);
		if (c->want_st)
			c->st = xrealloc(c->st, c->cap * sizeof(*c->st));
	}
	slot = (char *)c->items + c->n * c->size;
	switch (c->kind) {
	case COLLECT_SVC:
		pe = ipvs_msg_parse_service(nlh, len, slot);
		break;
	case COLLECT_DEST:
		pe = ipvs_msg_parse_dest(nlh, len, c->svc_af, slot,
					 c->want_st ? &c->st[c->n] : NULL);
		break;
	default:
		pe = ipvs_msg_parse_daemon(nlh, len, slot);
		break;
	}
	if (pe != IPVS_PERR_OK)
		return -EBADMSG;
	c->n++;
	return 0;
}

static int dump(struct ipvs_nl *nl, const struct ipvs_req *req, struct collect *c, void **out,
		size_t *n)
{
	int rc = transact(nl, nl->family, req, NULL, collect_cb, c, collect_reset);

	if (rc < 0 || c->n == 0) {
		free(c->items);
		free(c->st);
		c->items = NULL;
		c->st = NULL;
		c->n = 0;
	}
	*out = c->items;
	*n = c->n;
	return rc;
}

int ipvs_nl_dump_services(struct ipvs_nl *nl, struct ipvs_service **out, size_t *n)
{
	const struct ipvs_req req = {.cmd = IPVS_CMD_GET_SERVICE};
	struct collect c = {.size = sizeof(**out), .kind = COLLECT_SVC};
	void *items;
	int rc = dump(nl, &req, &c, &items, n);

	*out = items;
	return rc;
}

int ipvs_nl_dump_dests(struct ipvs_nl *nl, const struct ipvs_service *svc, struct ipvs_dest **out,
		       struct ipvs_dest_stats **stats, size_t *n)
{
	const struct ipvs_req req = {.cmd = IPVS_CMD_GET_DEST, .svc = svc};
	struct collect c = {.size = sizeof(**out),
			    .kind = COLLECT_DEST,
			    .svc_af = svc->af,
			    .want_st = stats != NULL};
	void *items;
	int rc = dump(nl, &req, &c, &items, n);

	*out = items;
	if (stats)
		*stats = c.st;
	return rc;
}

int ipvs_nl_dump_daemons(struct ipvs_nl *nl, struct ipvs_daemon **out, size_t *n)
{
	const struct ipvs_req req = {.cmd = IPVS_CMD_GET_DAEMON};
	struct collect c = {.size = sizeof(**out), .kind = COLLECT_DAEMON};
	void *items;
	int rc = dump(nl, &req, &c, &items, n);

	*out = items;
	return rc;
}

/* ---- batches ---- */

int ipvs_nl_batch_add(struct ipvs_nl *nl, const struct ipvs_req *req, void *cookie)
{
	struct nl_entry *e;
	uint32_t seq;
	int len;

	switch (req->cmd) {
	case IPVS_CMD_NEW_SERVICE:
	case IPVS_CMD_SET_SERVICE:
	case IPVS_CMD_DEL_SERVICE:
	case IPVS_CMD_NEW_DEST:
	case IPVS_CMD_SET_DEST:
	case IPVS_CMD_DEL_DEST:
	case IPVS_CMD_SET_CONFIG:
	case IPVS_CMD_NEW_DAEMON:
	case IPVS_CMD_DEL_DAEMON:
	case IPVS_CMD_ZERO:
	case IPVS_CMD_FLUSH:
		break;
	default:
		return -EINVAL;
	}
	if (nl->qcap - nl->qlen < MAX_REQ_SIZE) {
		nl->qcap = nl->qcap ? nl->qcap * 2 : 64 * 1024;
		nl->qbuf = xrealloc(nl->qbuf, nl->qcap);
	}
	seq = nl->seq + 1;
	len = ipvs_msg_build(nl->qbuf + nl->qlen, MAX_REQ_SIZE, nl->family, seq, req);
	if (len < 0)
		return -errno;
	nl->seq = seq;
	if (nl->n == nl->cap) {
		nl->cap = nl->cap ? nl->cap * 2 : 256;
		nl->ents = xrealloc(nl->ents, nl->cap * sizeof(*nl->ents));
	}
	e = &nl->ents[nl->n++];
	memset(e, 0, sizeof(*e));
	e->off = nl->qlen;
	e->len = (uint32_t)len;
	e->seq = seq;
	e->cmd = req->cmd;
	e->cookie = cookie;
	nl->qlen += (size_t)len;
	return 0;
}

size_t ipvs_nl_batch_count(const struct ipvs_nl *nl)
{
	return nl->n;
}

void ipvs_nl_batch_clear(struct ipvs_nl *nl)
{
	for (size_t i = 0; i < nl->n; i++)
		free(nl->ents[i].ext);
	nl->n = 0;
	nl->qlen = 0;
	/* A large batch (the first sync of 10,000 destinations: megabytes of
	 * requests and entries) leaves its buffers to the next one, which is
	 * mostly a handful of health changes: keep only small ones. */
	if (nl->qcap > BATCH_KEEP_BYTES) {
		free(nl->qbuf);
		nl->qbuf = NULL;
		nl->qcap = 0;
	}
	if (nl->cap * sizeof(*nl->ents) > BATCH_KEEP_BYTES) {
		free(nl->ents);
		nl->ents = NULL;
		nl->cap = 0;
	}
}

void ipvs_nl_set_chunk(struct ipvs_nl *nl, size_t max_requests)
{
	nl->chunk_max = max_requests;
}

void ipvs_nl_set_bufsizes(struct ipvs_nl *nl, int rcvbuf, int sndbuf)
{
	if (rcvbuf > 0)
		set_bufsize(nl->fd, SO_RCVBUFFORCE, SO_RCVBUF, rcvbuf, &nl->rcvbuf);
	if (sndbuf > 0)
		set_bufsize(nl->fd, SO_SNDBUFFORCE, SO_SNDBUF, sndbuf, &nl->sndbuf);
}

static size_t chunk_count_limit(const struct ipvs_nl *nl)
{
	if (nl->chunk_max)
		return nl->chunk_max;
	return nl->rcvbuf > ACK_COST ? (size_t)nl->rcvbuf / ACK_COST : 1;
}

static size_t chunk_byte_limit(const struct ipvs_nl *nl)
{
	size_t b = nl->sndbuf > 2 * MAX_REQ_SIZE ? (size_t)nl->sndbuf / 2 : MAX_REQ_SIZE;

	return b < MAX_CHUNK_BYTES ? b : MAX_CHUNK_BYTES;
}

/* Mark the ACK for seq in entries [lo, hi). */
static void batch_ack(struct ipvs_nl *nl, size_t lo, size_t hi, const struct nlmsghdr *nlh,
		      size_t len, size_t *pending)
{
	int err;
	uint32_t seq;
	const char *ext;
	size_t idx;

	if (ipvs_msg_parse_error(nlh, len, &err, &seq, &ext) != IPVS_PERR_OK)
		return;
	/* Sequence numbers are consecutive unless another transaction ran
	 * between two batch_add() calls: then search. */
	idx = lo + (size_t)(uint32_t)(seq - nl->ents[lo].seq);
	if (idx >= hi || nl->ents[idx].seq != seq) {
		for (idx = lo; idx < hi && nl->ents[idx].seq != seq; idx++)
			;
		if (idx == hi)
			return; /* stale */
	}
	if (nl->ents[idx].done)
		return;
	nl->ents[idx].done = true;
	nl->ents[idx].err = err;
	if (ext && err)
		nl->ents[idx].ext = xstrdup(ext);
	(*pending)--;
}

/* Send entries [lo, hi) in one sendmsg() and collect their ACKs; 0 or -errno (socket). */
static int batch_chunk(struct ipvs_nl *nl, size_t lo, size_t hi)
{
	size_t pending = hi - lo;
	size_t bytes = nl->ents[hi - 1].off + nl->ents[hi - 1].len - nl->ents[lo].off;
	bool lost = false;
	int rc;

	rc = send_all(nl, nl->qbuf + nl->ents[lo].off, bytes);
	if (rc < 0) {
		for (size_t i = lo; i < hi; i++) {
			nl->ents[i].done = true;
			nl->ents[i].err = -rc;
		}
		return rc;
	}
	while (pending) {
		const struct nlmsghdr *nlh;
		ssize_t r = recv_one(nl, lost ? 0 : -1);
		size_t off, mlen;

		if (r == -ENOBUFS) {
			lost = true; /* everything that will come is queued already */
			continue;
		}
		if (r < 0) {
			int why = lost && r == -EAGAIN ? ENOBUFS : (int)-r;
			for (size_t i = lo; i < hi; i++)
				if (!nl->ents[i].done) {
					nl->ents[i].done = true;
					nl->ents[i].err = why;
				}
			return lost ? 0 : (int)r;
		}
		FOR_EACH_MSG(nlh, nl->rbuf, r, off, mlen)
		{
			if (nlh->nlmsg_type == NLMSG_ERROR && nlh->nlmsg_pid == nl->portid)
				batch_ack(nl, lo, hi, nlh, mlen, &pending);
		}
	}
	return 0;
}

int ipvs_nl_batch_run(struct ipvs_nl *nl, ipvs_nl_result_cb cb, void *arg)
{
	size_t max_count = chunk_count_limit(nl), max_bytes = chunk_byte_limit(nl);
	size_t lo = 0;
	int failed = 0, sock_err = 0;

	while (lo < nl->n) {
		size_t hi = lo + 1;
		size_t start = nl->ents[lo].off;

		while (hi < nl->n && hi - lo < max_count &&
		       nl->ents[hi].off + nl->ents[hi].len - start <= max_bytes)
			hi++;
		if (sock_err) {
			for (size_t i = lo; i < hi; i++) {
				nl->ents[i].done = true;
				nl->ents[i].err = -sock_err;
			}
		} else {
			int rc = batch_chunk(nl, lo, hi);
			if (rc < 0)
				sock_err = rc;
		}
		for (size_t i = lo; i < hi; i++) {
			struct ipvs_nl_result res = {
			    .cookie = nl->ents[i].cookie,
			    .cmd = nl->ents[i].cmd,
			    .index = i,
			    .err = nl->ents[i].err,
			    .ext = nl->ents[i].ext,
			};
			if (res.err)
				failed++;
			if (cb)
				cb(&res, arg);
		}
		lo = hi;
	}
	ipvs_nl_batch_clear(nl);
	return sock_err ? sock_err : failed;
}

/* ---- error text ---- */

const char *ipvs_nl_strerror(uint8_t cmd, int err)
{
	switch (err) {
	case EPERM:
		return "Permission denied (you must be root / have CAP_NET_ADMIN)";
	case ESRCH:
		if (cmd == IPVS_CMD_DEL_DAEMON)
			return "No such sync daemon";
		return "No such service";
	case EEXIST:
		if (cmd == IPVS_CMD_NEW_DEST)
			return "Destination already exists";
		if (cmd == IPVS_CMD_NEW_DAEMON)
			return "Sync daemon already running";
		return "Service already exists";
	case ENOENT:
		if (cmd == IPVS_CMD_NEW_SERVICE || cmd == IPVS_CMD_SET_SERVICE)
			return "Scheduler or persistence engine not found";
		if (cmd == IPVS_CMD_SET_DEST || cmd == IPVS_CMD_DEL_DEST)
			return "No such destination";
		break;
	case EINVAL:
		if (cmd == IPVS_CMD_NEW_DEST || cmd == IPVS_CMD_SET_DEST)
			return "Invalid operation (bad parameters, or no unicast route to the "
			       "destination)";
		return "Invalid operation";
	case EAFNOSUPPORT:
		return "Address family not supported by IPVS";
	case ENOBUFS:
		return "Reply lost (receive buffer overflow): result unknown";
	case ETIMEDOUT:
		return "No reply from the kernel: result unknown";
	default:
		break;
	}
	return strerror(err);
}
