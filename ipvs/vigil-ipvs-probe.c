/*
 * vigil-ipvs-probe: developer tool that drives the kernel IPVS table through
 * ipvs_nl, to prove the transport against a real kernel (the VM tests use
 * it, with ipvsadm as the independent reader).
 *
 *   vigil-ipvs-probe info | list | dump | stats | count | daemons | flush | timeouts
 *   vigil-ipvs-probe set-timeouts TCP TCPFIN UDP
 *   vigil-ipvs-probe add-service|edit-service SVC [opt=value ...]
 *   vigil-ipvs-probe del-service SVC | zero [SVC]
 *   vigil-ipvs-probe add-dest|edit-dest SVC RS [opt=value ...]
 *   vigil-ipvs-probe del-dest SVC RS
 *   vigil-ipvs-probe add-daemon master|backup IFN SYNCID [group=A] [port=N] [ttl=N]
 *                    [maxlen=N] | del-daemon master|backup
 *   vigil-ipvs-probe batch FILE|-       (one change command per line, pipelined)
 *   vigil-ipvs-probe dump-time N        (N full reads of the table: time and CPU)
 *
 * SVC: tcp/ADDR:PORT, udp/..., sctp/..., fwm/MARK (IPv4) or fwm6/MARK;
 *      an IPv6 address is written [2001:db8::1]:80.   RS: ADDR:PORT.
 * Service options: sched=NAME flags=persistent,ops,hashed,sh-fallback,...
 *   timeout=S netmask=255.255.255.0|PLEN pe=NAME.
 * Dest options: fwd=masq|local|tunnel|route weight=N u=N l=N
 *   tun=ipip|gue|gre tun_port=N tun_flags=nocsum|csum|remcsum.
 *
 * `list` prints like `ipvsadm -Ln`; `dump` prints one line per object with
 * every attribute, for tests to compare; `count` prints the totals.  A batch
 * prints one line per failed request ("line N: CMD: error: TEXT [line]") and
 * a summary; for tests of the transport, VIGIL_IPVS_PROBE_CHUNK=N sets the
 * requests per sendmsg() and VIGIL_IPVS_PROBE_RCVBUF=BYTES the receive
 * buffer.  `dump-time N` reads the whole table (services, then each one's
 * destinations, as the checker's resync does) N times and prints the wall
 * time and the user and system CPU time per read (min, median, max): the
 * figure behind the checker's periodic resync cost.  Exit: 0 ok, 1 a
 * request failed, 2 usage or transport error.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "ipvs/ipvs_nl.h"
#include "lib/addr.h"
#include "lib/util.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: vigil-ipvs-probe info|list|dump|stats|count|daemons|flush|timeouts\n"
		"       vigil-ipvs-probe set-timeouts TCP TCPFIN UDP\n"
		"       vigil-ipvs-probe add-service|edit-service SVC [sched=..] [flags=..] "
		"[timeout=..] [netmask=..] [pe=..]\n"
		"       vigil-ipvs-probe del-service SVC | zero [SVC]\n"
		"       vigil-ipvs-probe add-dest|edit-dest SVC RS [fwd=..] [weight=..] [u=..] "
		"[l=..] [tun=..] [tun_port=..] [tun_flags=..]\n"
		"       vigil-ipvs-probe del-dest SVC RS\n"
		"       vigil-ipvs-probe add-daemon master|backup IFN SYNCID [group=..] [port=..] "
		"[ttl=..] [maxlen=..] | del-daemon master|backup\n"
		"       vigil-ipvs-probe batch FILE|-\n"
		"       vigil-ipvs-probe dump-time N\n"
		"SVC: tcp/ADDR:PORT udp/.. sctp/.. fwm/MARK fwm6/MARK; IPv6 as [ADDR]:PORT\n");
}

/* "ADDR:PORT" or "[ADDR6]:PORT" */
static int parse_addr_port(const char *s, struct addr *a, uint16_t *port)
{
	char host[ADDR_STRLEN + 2];
	const char *colon;
	uint32_t p;

	if (s[0] == '[') {
		const char *end = strchr(s, ']');
		if (!end || end[1] != ':' || (size_t)(end - s - 1) >= sizeof(host))
			return -1;
		memcpy(host, s + 1, (size_t)(end - s - 1));
		host[end - s - 1] = '\0';
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof(host))
			return -1;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
	}
	if (addr_parse(host, a) < 0 || util_parse_u32(colon + 1, 0, 65535, &p) < 0)
		return -1;
	*port = (uint16_t)p;
	return 0;
}

static int parse_svc_id(const char *s, struct ipvs_service *svc)
{
	const char *slash = strchr(s, '/');
	char proto[8];
	uint32_t mark;

	if (!slash || (size_t)(slash - s) >= sizeof(proto))
		return -1;
	memcpy(proto, s, (size_t)(slash - s));
	proto[slash - s] = '\0';
	if (strcmp(proto, "fwm") == 0 || strcmp(proto, "fwm6") == 0) {
		if (util_parse_u32(slash + 1, 1, UINT32_MAX, &mark) < 0)
			return -1;
		ipvs_service_init(svc, strcmp(proto, "fwm6") == 0 ? AF_INET6 : AF_INET);
		svc->fwmark = mark;
		return 0;
	}
	{
		struct addr a;
		uint16_t port, pr;
		if (ipvs_proto_parse(proto, &pr) < 0 || parse_addr_port(slash + 1, &a, &port) < 0)
			return -1;
		ipvs_service_init(svc, a.af);
		svc->protocol = pr;
		svc->addr = a;
		svc->port = port;
	}
	return 0;
}

static int parse_svc_opt(const char *opt, struct ipvs_service *svc)
{
	const char *eq = strchr(opt, '=');
	const char *v;
	uint32_t u;

	if (!eq)
		return -1;
	v = eq + 1;
	if (strncmp(opt, "sched=", 6) == 0) {
		return util_strlcpy(svc->sched_name, v, sizeof(svc->sched_name)) <
			       sizeof(svc->sched_name)
			   ? 0
			   : -1;
	} else if (strncmp(opt, "pe=", 3) == 0) {
		return util_strlcpy(svc->pe_name, v, sizeof(svc->pe_name)) < sizeof(svc->pe_name)
			   ? 0
			   : -1;
	} else if (strncmp(opt, "flags=", 6) == 0) {
		return *v ? ipvs_svc_flags_parse(v, &svc->flags) : 0;
	} else if (strncmp(opt, "timeout=", 8) == 0) {
		return util_parse_u32(v, 0, UINT32_MAX, &svc->timeout);
	} else if (strncmp(opt, "netmask=", 8) == 0) {
		struct in_addr m;
		if (strchr(v, '.')) {
			if (svc->af != AF_INET || inet_pton(AF_INET, v, &m) != 1)
				return -1;
			svc->netmask = ntohl(m.s_addr);
			return 0;
		}
		if (util_parse_u32(v, 0, svc->af == AF_INET6 ? 128 : 32, &u) < 0)
			return -1;
		svc->netmask = ipvs_netmask_from_plen(svc->af, (int)u);
		return 0;
	}
	return -1;
}

static int parse_dest_opt(const char *opt, struct ipvs_dest *d)
{
	const char *eq = strchr(opt, '=');
	const char *v;
	uint32_t u;

	if (!eq)
		return -1;
	v = eq + 1;
	if (strncmp(opt, "fwd=", 4) == 0)
		return ipvs_fwd_parse(v, &d->fwd);
	if (strncmp(opt, "weight=", 7) == 0) {
		if (util_parse_u32(v, 0, INT32_MAX, &u) < 0)
			return -1;
		d->weight = (int32_t)u;
		return 0;
	}
	if (strncmp(opt, "u=", 2) == 0)
		return util_parse_u32(v, 0, UINT32_MAX, &d->u_thresh);
	if (strncmp(opt, "l=", 2) == 0)
		return util_parse_u32(v, 0, UINT32_MAX, &d->l_thresh);
	if (strncmp(opt, "tun=", 4) == 0)
		return ipvs_tun_type_parse(v, &d->tun_type);
	if (strncmp(opt, "tun_port=", 9) == 0) {
		if (util_parse_u32(v, 0, 65535, &u) < 0)
			return -1;
		d->tun_port = (uint16_t)u;
		return 0;
	}
	if (strncmp(opt, "tun_flags=", 10) == 0)
		return ipvs_tun_flags_parse(v, &d->tun_flags);
	return -1;
}

static void print_stats(const char *svc, const char *rs, bool has, const struct ipvs_stats *st)
{
	if (!has) {
		printf("stats %s%s%s none\n", svc, *rs ? " " : "", rs);
		return;
	}
	printf("stats %s%s%s conns=%llu inpkts=%llu outpkts=%llu inbytes=%llu outbytes=%llu\n", svc,
	       *rs ? " " : "", rs, (unsigned long long)st->conns, (unsigned long long)st->inpkts,
	       (unsigned long long)st->outpkts, (unsigned long long)st->inbytes,
	       (unsigned long long)st->outbytes);
}

static int cmd_daemons(struct ipvs_nl *nl)
{
	struct ipvs_daemon *dms;
	size_t n;
	char ab[ADDR_STRLEN];
	int rc = ipvs_nl_dump_daemons(nl, &dms, &n);

	if (rc < 0) {
		fprintf(stderr, "dump daemons: %s\n", strerror(-rc));
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		const struct ipvs_daemon *d = &dms[i];
		printf("daemon %s ifn=%s syncid=%u maxlen=%u group=%s port=%u ttl=%u\n",
		       ipvs_daemon_state_str(d->state), d->mcast_ifn, d->syncid, d->sync_maxlen,
		       d->mcast_group.af ? addr_str(&d->mcast_group, ab, sizeof(ab)) : "-",
		       d->mcast_port, d->mcast_ttl);
	}
	printf("daemons %zu\n", n);
	free(dms);
	return 0;
}

static int parse_daemon(int argc, char **argv, struct ipvs_daemon *dm)
{
	uint32_t u;

	memset(dm, 0, sizeof(*dm));
	if (argc < 2)
		return -1;
	if (strcmp(argv[1], "master") == 0)
		dm->state = IP_VS_STATE_MASTER;
	else if (strcmp(argv[1], "backup") == 0)
		dm->state = IP_VS_STATE_BACKUP;
	else
		return -1;
	if (strcmp(argv[0], "del-daemon") == 0)
		return argc == 2 ? 0 : -1;
	if (argc < 4 ||
	    util_strlcpy(dm->mcast_ifn, argv[2], sizeof(dm->mcast_ifn)) >= sizeof(dm->mcast_ifn))
		return -1;
	if (util_parse_u32(argv[3], 0, 255, &dm->syncid) < 0)
		return -1;
	for (int i = 4; i < argc; i++) {
		const char *v = strchr(argv[i], '=');
		if (!v)
			return -1;
		v++;
		if (strncmp(argv[i], "group=", 6) == 0) {
			if (addr_parse(v, &dm->mcast_group) < 0)
				return -1;
		} else if (strncmp(argv[i], "port=", 5) == 0) {
			if (util_parse_u32(v, 1, 65535, &u) < 0)
				return -1;
			dm->mcast_port = (uint16_t)u;
		} else if (strncmp(argv[i], "ttl=", 4) == 0) {
			if (util_parse_u32(v, 1, 255, &u) < 0)
				return -1;
			dm->mcast_ttl = (uint8_t)u;
		} else if (strncmp(argv[i], "maxlen=", 7) == 0) {
			if (util_parse_u32(v, 1, 65535, &u) < 0)
				return -1;
			dm->sync_maxlen = (uint16_t)u;
		} else {
			return -1;
		}
	}
	return 0;
}

/*
 * Parse one change command (argv without the program name) into a request
 * whose objects live in *svc / *dest / *t.  Returns 0 or -1 (message printed).
 */
static int parse_change(int argc, char **argv, struct ipvs_req *req, struct ipvs_service *svc,
			struct ipvs_dest *dest, struct ipvs_timeouts *t)
{
	const char *cmd = argv[0];
	int i;

	memset(req, 0, sizeof(*req));
	memset(dest, 0, sizeof(*dest));
	dest->weight = 1;
	if (strcmp(cmd, "flush") == 0 && argc == 1) {
		req->cmd = IPVS_CMD_FLUSH;
		return 0;
	}
	if (strcmp(cmd, "set-timeouts") == 0 && argc == 4) {
		if (util_parse_u32(argv[1], 0, INT32_MAX, &t->tcp) < 0 ||
		    util_parse_u32(argv[2], 0, INT32_MAX, &t->tcp_fin) < 0 ||
		    util_parse_u32(argv[3], 0, INT32_MAX, &t->udp) < 0)
			goto bad;
		req->cmd = IPVS_CMD_SET_CONFIG;
		req->timeouts = t;
		return 0;
	}
	if (strcmp(cmd, "add-daemon") == 0 || strcmp(cmd, "del-daemon") == 0) {
		static struct ipvs_daemon dm; /* one request at a time: encoded before reuse */
		if (parse_daemon(argc, argv, &dm) < 0)
			goto bad;
		req->cmd = cmd[0] == 'a' ? IPVS_CMD_NEW_DAEMON : IPVS_CMD_DEL_DAEMON;
		req->daemon = &dm;
		return 0;
	}
	if (strcmp(cmd, "zero") == 0 && argc <= 2) {
		req->cmd = IPVS_CMD_ZERO;
		if (argc == 2) {
			if (parse_svc_id(argv[1], svc) < 0)
				goto bad;
			req->svc = svc;
		}
		return 0;
	}
	if (argc < 2 || parse_svc_id(argv[1], svc) < 0)
		goto bad;
	req->svc = svc;
	util_strlcpy(svc->sched_name, "wlc", sizeof(svc->sched_name));
	if (strcmp(cmd, "add-service") == 0 || strcmp(cmd, "edit-service") == 0) {
		req->cmd = cmd[0] == 'a' ? IPVS_CMD_NEW_SERVICE : IPVS_CMD_SET_SERVICE;
		for (i = 2; i < argc; i++)
			if (parse_svc_opt(argv[i], svc) < 0) {
				fprintf(stderr, "bad service option: %s\n", argv[i]);
				return -1;
			}
		return 0;
	}
	if (strcmp(cmd, "del-service") == 0 && argc == 2) {
		req->cmd = IPVS_CMD_DEL_SERVICE;
		return 0;
	}
	if (strcmp(cmd, "add-dest") == 0 || strcmp(cmd, "edit-dest") == 0 ||
	    strcmp(cmd, "del-dest") == 0) {
		if (argc < 3 || parse_addr_port(argv[2], &dest->addr, &dest->port) < 0)
			goto bad;
		req->dest = dest;
		req->cmd = cmd[0] == 'a'   ? IPVS_CMD_NEW_DEST
			   : cmd[0] == 'e' ? IPVS_CMD_SET_DEST
					   : IPVS_CMD_DEL_DEST;
		if (req->cmd == IPVS_CMD_DEL_DEST && argc != 3)
			goto bad;
		for (i = 3; i < argc; i++)
			if (parse_dest_opt(argv[i], dest) < 0) {
				fprintf(stderr, "bad destination option: %s\n", argv[i]);
				return -1;
			}
		return 0;
	}
bad:
	fprintf(stderr, "bad command:");
	for (i = 0; i < argc; i++)
		fprintf(stderr, " %s", argv[i]);
	fprintf(stderr, "\n");
	return -1;
}

static const char *svc_str(const struct ipvs_service *s, char *buf, size_t len)
{
	char a[ADDR_STRLEN];

	if (s->fwmark)
		util_snprintf(buf, len, "FWM%s/%u", s->af == AF_INET6 ? "6" : "", s->fwmark);
	else if (s->af == AF_INET6)
		util_snprintf(buf, len, "%s/[%s]:%u", ipvs_proto_str(s->protocol),
			      addr_str(&s->addr, a, sizeof(a)), s->port);
	else
		util_snprintf(buf, len, "%s/%s:%u", ipvs_proto_str(s->protocol),
			      addr_str(&s->addr, a, sizeof(a)), s->port);
	return buf;
}

static const char *ap_str(const struct addr *ad, uint16_t port, char *buf, size_t len)
{
	char a[ADDR_STRLEN];

	if (ad->af == AF_INET6)
		util_snprintf(buf, len, "[%s]:%u", addr_str(ad, a, sizeof(a)), port);
	else
		util_snprintf(buf, len, "%s:%u", addr_str(ad, a, sizeof(a)), port);
	return buf;
}

static const char *netmask_str(const struct ipvs_service *s, char *buf, size_t len)
{
	if (s->af == AF_INET) {
		struct in_addr m = {.s_addr = htonl(s->netmask)};
		if (!inet_ntop(AF_INET, &m, buf, (socklen_t)len))
			util_strlcpy(buf, "?", len);
	} else {
		util_snprintf(buf, len, "%u", s->netmask);
	}
	return buf;
}

static int cmd_info(struct ipvs_nl *nl)
{
	struct ipvs_info info;
	struct ipvs_timeouts t;
	int rcv, snd, rc;

	rc = ipvs_nl_get_info(nl, &info);
	if (rc < 0) {
		fprintf(stderr, "get info: %s\n", strerror(-rc));
		return 2;
	}
	ipvs_nl_bufsizes(nl, &rcv, &snd);
	printf("family %u\n", ipvs_nl_family(nl));
	printf("version %u.%u.%u\n", NVERSION(info.version));
	printf("conn_tab_size %u\n", info.conn_tab_size);
	printf("rcvbuf %d sndbuf %d\n", rcv, snd);
	rc = ipvs_nl_get_timeouts(nl, &t);
	if (rc < 0) {
		fprintf(stderr, "get timeouts: %s\n", strerror(-rc));
		return 2;
	}
	printf("timeouts tcp %u tcpfin %u udp %u\n", t.tcp, t.tcp_fin, t.udp);
	return 0;
}

/* list (ipvsadm -Ln style), dump (every attribute) or count. */
static int cmd_show(struct ipvs_nl *nl, const char *what)
{
	struct ipvs_service *svcs;
	size_t nsvc, total = 0;
	int rc = ipvs_nl_dump_services(nl, &svcs, &nsvc);
	bool list = strcmp(what, "list") == 0, dump = strcmp(what, "dump") == 0;
	bool stats = strcmp(what, "stats") == 0;

	if (rc < 0) {
		fprintf(stderr, "dump services: %s\n", strerror(-rc));
		return 2;
	}
	if (list) {
		struct ipvs_info info;
		if (ipvs_nl_get_info(nl, &info) == 0)
			printf("IP Virtual Server version %u.%u.%u (size=%u)\n",
			       NVERSION(info.version), info.conn_tab_size);
		printf("Prot LocalAddress:Port Scheduler Flags\n"
		       "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
	}
	for (size_t i = 0; i < nsvc; i++) {
		const struct ipvs_service *s = &svcs[i];
		struct ipvs_dest *dests;
		struct ipvs_dest_stats *dst;
		size_t nd;
		char sb[80], fb[128], nb[ADDR_STRLEN], ab[ADDR_PFX_STRLEN + 8];

		rc = ipvs_nl_dump_dests(nl, s, &dests, &dst, &nd);
		if (rc < 0) {
			fprintf(stderr, "dump dests of %s: %s\n", svc_str(s, sb, sizeof(sb)),
				strerror(-rc));
			free(svcs);
			return 2;
		}
		total += nd;
		if (!ipvs_svc_flags_str(s->flags, s->sched_name, fb, sizeof(fb)))
			util_strlcpy(fb, "?", sizeof(fb));
		if (list) {
			if (s->fwmark)
				printf("FWM  %u%s %s", s->fwmark, s->af == AF_INET6 ? " IPv6" : "",
				       s->sched_name);
			else
				printf("%-4s %s %s", ipvs_proto_str(s->protocol),
				       ap_str(&s->addr, s->port, ab, sizeof(ab)), s->sched_name);
			if (s->flags & IP_VS_SVC_F_PERSISTENT)
				printf(" persistent %u", s->timeout);
			if (s->flags & ~(uint32_t)(IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_HASHED))
				printf(" (%s)", fb);
			printf("\n");
		} else if (dump) {
			printf("service %s af=%s sched=%s pe=%s flags=%s timeout=%u netmask=%s "
			       "dests=%zu\n",
			       svc_str(s, sb, sizeof(sb)), addr_family_str(s->af), s->sched_name,
			       s->pe_name, fb, s->timeout, netmask_str(s, nb, sizeof(nb)), nd);
		}
		if (stats)
			print_stats(svc_str(s, sb, sizeof(sb)), "", s->has_stats, &s->stats);
		for (size_t j = 0; j < nd; j++) {
			const struct ipvs_dest *d = &dests[j];
			const struct ipvs_dest_stats *ds = &dst[j];

			if (stats)
				print_stats(svc_str(s, sb, sizeof(sb)),
					    ap_str(&d->addr, d->port, ab, sizeof(ab)),
					    ds->has_stats, &ds->stats);
			if (list)
				printf("  -> %-28s %-7s %-6d %-10u %-10u\n",
				       ap_str(&d->addr, d->port, ab, sizeof(ab)),
				       ipvs_fwd_str(d->fwd), d->weight, ds->active_conns,
				       ds->inact_conns);
			else if (dump)
				printf("dest %s %s af=%s fwd=%s weight=%d u=%u l=%u tun=%s "
				       "tun_port=%u tun_flags=%s active=%u inact=%u persist=%u\n",
				       svc_str(s, sb, sizeof(sb)),
				       ap_str(&d->addr, d->port, ab, sizeof(ab)),
				       addr_family_str(d->addr.af), ipvs_fwd_str(d->fwd), d->weight,
				       d->u_thresh, d->l_thresh, ipvs_tun_type_str(d->tun_type),
				       d->tun_port, ipvs_tun_flags_str(d->tun_flags),
				       ds->active_conns, ds->inact_conns, ds->persist_conns);
		}
		free(dests);
		free(dst);
	}
	if (!list && !dump && !stats)
		printf("services %zu dests %zu restarts %u\n", nsvc, total,
		       ipvs_nl_dump_restarts(nl));
	free(svcs);
	return 0;
}

/* ---- dump-time ---- */

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time used so far (ms): user, system. */
static void cpu_ms(double *user, double *sys)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	*user = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3;
	*sys = ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One full read as the checker does it: services, then each one's dests. */
static int read_all(struct ipvs_nl *nl, size_t *nsvc, size_t *ndest)
{
	struct ipvs_service *svcs;
	int rc = ipvs_nl_dump_services(nl, &svcs, nsvc);

	*ndest = 0;
	for (size_t i = 0; rc == 0 && i < *nsvc; i++) {
		struct ipvs_dest *d;
		size_t nd;

		rc = ipvs_nl_dump_dests(nl, &svcs[i], &d, NULL, &nd);
		if (rc == 0) {
			*ndest += nd;
			free(d);
		}
	}
	free(svcs);
	return rc;
}

static int cmd_dump_time(struct ipvs_nl *nl, const char *count)
{
	char *end;
	unsigned long n = strtoul(count, &end, 10);
	double *wall, *usr, *sys;
	size_t nsvc = 0, ndest = 0;
	int rc = 0;

	if (*end || n < 1 || n > 10000) {
		fprintf(stderr, "dump-time: N must be 1..10000\n");
		return 2;
	}
	wall = xcalloc(n, sizeof(*wall));
	usr = xcalloc(n, sizeof(*usr));
	sys = xcalloc(n, sizeof(*sys));
	for (unsigned long i = 0; i < n && rc == 0; i++) {
		double w0 = mono_ms(), u0, s0, u1, s1;

		cpu_ms(&u0, &s0);
		rc = read_all(nl, &nsvc, &ndest);
		wall[i] = mono_ms() - w0;
		cpu_ms(&u1, &s1);
		usr[i] = u1 - u0;
		sys[i] = s1 - s0;
	}
	if (rc < 0) {
		fprintf(stderr, "dump-time: %s\n", strerror(-rc));
	} else {
		qsort(wall, n, sizeof(*wall), dbl_cmp);
		qsort(usr, n, sizeof(*usr), dbl_cmp);
		qsort(sys, n, sizeof(*sys), dbl_cmp);
		printf("reads %lu services %zu dests %zu restarts %u\n", n, nsvc, ndest,
		       ipvs_nl_dump_restarts(nl));
		printf("wall ms min %.2f median %.2f max %.2f\n", wall[0], wall[n / 2],
		       wall[n - 1]);
		printf("user ms min %.2f median %.2f max %.2f\n", usr[0], usr[n / 2], usr[n - 1]);
		printf("sys ms min %.2f median %.2f max %.2f\n", sys[0], sys[n / 2], sys[n - 1]);
	}
	free(wall);
	free(usr);
	free(sys);
	return rc < 0 ? 2 : 0;
}

/* A queued batch line; the request's cookie is its index in the array. */
struct line {
	unsigned lineno;
	char *text;
};

static void batch_result_cb(const struct ipvs_nl_result *res, void *arg)
{
	const struct line *l = (const struct line *)arg + (uintptr_t)res->cookie;

	if (res->err)
		printf("line %u: %s: error: %s%s%s [%s]\n", l->lineno, ipvs_cmd_str(res->cmd),
		       ipvs_nl_strerror(res->cmd, res->err), res->ext ? ": " : "",
		       res->ext ? res->ext : "", l->text);
}

static int cmd_batch(struct ipvs_nl *nl, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct line *lines = NULL;
	size_t nlines = 0, cap = 0;
	char buf[1024];
	unsigned lineno = 0;
	int rc, status = 0;

	if (!f) {
		perror(path);
		return 2;
	}
	while (fgets(buf, sizeof(buf), f)) {
		char *argv[32], *save = NULL, *copy;
		int argc = 0;
		struct ipvs_service svc;
		struct ipvs_dest dest;
		struct ipvs_timeouts t;
		struct ipvs_req req;

		lineno++;
		buf[strcspn(buf, "\r\n")] = '\0';
		copy = xstrdup(buf);
		for (char *tok = strtok_r(copy, " \t", &save); tok && argc < 32;
		     tok = strtok_r(NULL, " \t", &save))
			argv[argc++] = tok;
		if (argc == 0 || argv[0][0] == '#') {
			free(copy);
			continue;
		}
		memset(&t, 0, sizeof(t));
		rc = parse_change(argc, argv, &req, &svc, &dest, &t) < 0
			 ? -EINVAL
			 : ipvs_nl_batch_add(nl, &req, (void *)(uintptr_t)nlines);
		free(copy);
		if (rc < 0) {
			fprintf(stderr, "%s:%u: cannot queue: %s\n", path, lineno, strerror(-rc));
			status = 2;
			break;
		}
		if (nlines == cap) {
			cap = cap ? cap * 2 : 1024;
			lines = xrealloc(lines, cap * sizeof(*lines));
		}
		lines[nlines].lineno = lineno;
		lines[nlines].text = xstrdup(buf);
		nlines++;
	}
	if (f != stdin)
		fclose(f);
	if (status == 0) {
		const char *chunk = getenv("VIGIL_IPVS_PROBE_CHUNK");
		const char *rbuf = getenv("VIGIL_IPVS_PROBE_RCVBUF");
		uint32_t c;
		if (chunk && util_parse_u32(chunk, 1, UINT32_MAX, &c) == 0)
			ipvs_nl_set_chunk(nl, c);
		if (rbuf && util_parse_u32(rbuf, 1, INT32_MAX, &c) == 0)
			ipvs_nl_set_bufsizes(nl, (int)c, 0);
		rc = ipvs_nl_batch_run(nl, batch_result_cb, lines);
		if (rc < 0) {
			fprintf(stderr, "batch: socket error: %s\n", strerror(-rc));
			status = 2;
		} else {
			printf("batch: %zu requests, %d failed\n", nlines, rc);
			status = rc ? 1 : 0;
		}
	} else {
		ipvs_nl_batch_clear(nl);
	}
	for (size_t i = 0; i < nlines; i++)
		free(lines[i].text);
	free(lines);
	return status;
}

int main(int argc, char **argv)
{
	struct ipvs_nl *nl;
	int rc, status;

	if (argc < 2) {
		usage();
		return 2;
	}
	rc = ipvs_nl_open(&nl);
	if (rc < 0) {
		fprintf(stderr, "vigil-ipvs-probe: cannot open IPVS netlink: %s%s\n", strerror(-rc),
			rc == -ENOENT ? " (no IPVS in this kernel)" : "");
		return 2;
	}
	if (strcmp(argv[1], "info") == 0 && argc == 2) {
		status = cmd_info(nl);
	} else if ((strcmp(argv[1], "list") == 0 || strcmp(argv[1], "dump") == 0 ||
		    strcmp(argv[1], "count") == 0) &&
		   argc == 2) {
		status = cmd_show(nl, argv[1]);
	} else if (strcmp(argv[1], "stats") == 0 && argc == 2) {
		status = cmd_show(nl, argv[1]);
	} else if (strcmp(argv[1], "daemons") == 0 && argc == 2) {
		status = cmd_daemons(nl);
	} else if (strcmp(argv[1], "timeouts") == 0 && argc == 2) {
		status = cmd_info(nl);
	} else if (strcmp(argv[1], "batch") == 0 && argc == 3) {
		status = cmd_batch(nl, argv[2]);
	} else if (strcmp(argv[1], "dump-time") == 0 && argc == 3) {
		status = cmd_dump_time(nl, argv[2]);
	} else {
		struct ipvs_service svc;
		struct ipvs_dest dest;
		struct ipvs_timeouts t = {0};
		struct ipvs_req req;
		const char *ext;

		if (parse_change(argc - 1, argv + 1, &req, &svc, &dest, &t) < 0) {
			usage();
			ipvs_nl_close(nl);
			return 2;
		}
		rc = ipvs_nl_exec(nl, &req, &ext);
		status = 0;
		if (rc < 0) {
			printf("%s: error: %s%s%s\n", ipvs_cmd_str(req.cmd),
			       ipvs_nl_strerror(req.cmd, -rc), ext ? ": " : "", ext ? ext : "");
			status = 1;
		}
	}
	ipvs_nl_close(nl);
	return status;
}
