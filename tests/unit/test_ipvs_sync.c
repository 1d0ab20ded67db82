/*
 * Unit tests of ipvs_sync (the desired-vs-kernel diff) and checker_model
 * (config -> desired table): every diff case, group expansion,
 * inhibit_on_failure, alpha, sorry server, and the log text of operations.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "checkers/check_engine_int.h"
#include "checkers/checker_model.h"
#include "ipvs/ipvs_sync.h"
#include "lib/conf.h"
#include "lib/util.h"

static struct ipvs_service svc4(const char *a, uint16_t port, const char *sched)
{
	struct ipvs_service s;

	ipvs_service_init(&s, AF_INET);
	s.protocol = IPPROTO_TCP;
	ck_assert_int_eq(addr_parse(a, &s.addr), 0);
	s.port = port;
	util_strlcpy(s.sched_name, sched, sizeof(s.sched_name));
	return s;
}

static struct ipvs_dest dest4(const char *a, uint16_t port, int32_t weight)
{
	struct ipvs_dest d;

	memset(&d, 0, sizeof(d));
	ck_assert_int_eq(addr_parse(a, &d.addr), 0);
	d.port = port;
	d.fwd = IP_VS_CONN_F_MASQ;
	d.weight = weight;
	return d;
}

/* desired: 203.0.113.10:80 wrr with .1 .2 .3 weights 1 2 3 */
static void table_abc(struct ipvs_sync_table *t)
{
	struct ipvs_service s = svc4("203.0.113.10", 80, "wrr");
	struct ipvs_sync_svc *v = ipvs_sync_table_add(t, &s, NULL);

	for (int i = 1; i <= 3; i++) {
		char a[32];

		snprintf(a, sizeof(a), "192.0.2.%d", i);
		struct ipvs_dest d = dest4(a, 80, i);

		ipvs_sync_svc_add_dest(v, &d);
	}
}

/* A kernel copy: same content, as a dump returns it (HASHED, stats, reversed order). */
static void kernel_copy(const struct ipvs_sync_table *from, struct ipvs_sync_table *to)
{
	for (size_t i = 0; i < from->n; i++) {
		struct ipvs_service s = from->v[i].svc;
		struct ipvs_sync_svc *v;

		s.flags |= IP_VS_SVC_F_HASHED;
		s.has_stats = true;
		s.stats.conns = 42;
		v = ipvs_sync_table_add(to, &s, NULL);
		for (size_t j = from->v[i].ndests; j-- > 0;) {
			struct ipvs_dest d = from->v[i].dests[j];

			ipvs_sync_svc_add_dest(v, &d);
		}
	}
}

static const char *op_text(const struct ipvs_sync_op *op)
{
	static char buf[256];
	char line[200];

	snprintf(buf, sizeof(buf), "[%s] %s", op->label,
		 ipvs_sync_op_str(op, line, sizeof(line)) ? line : "?");
	return buf;
}

START_TEST(empty_to_full)
{
	struct ipvs_sync_table want, have;
	struct ipvs_sync_ops ops;

	ipvs_sync_table_init(&want);
	ipvs_sync_table_init(&have);
	ipvs_sync_ops_init(&ops);
	table_abc(&want);
	ck_assert_uint_eq(ipvs_sync_diff(&want, &have, NULL, &ops), 4);
	ck_assert_int_eq(ops.v[0].kind, IPVS_SYNC_ADD_SVC);
	for (int i = 1; i < 4; i++) {
		ck_assert_int_eq(ops.v[i].kind, IPVS_SYNC_ADD_DEST);
		ck_assert_int_eq(ops.v[i].dest.weight, i);
	}
	ck_assert_str_eq(op_text(&ops.v[0]), "[vs 203.0.113.10:80] add vs sched wrr");
	ck_assert_str_eq(op_text(&ops.v[1]),
			 "[vs 203.0.113.10:80] add rs 192.0.2.1:80 weight 1 Masq");

	struct ipvs_req req;

	ipvs_sync_op_req(&ops.v[1], &req);
	ck_assert_int_eq(req.cmd, IPVS_CMD_NEW_DEST);
	ck_assert_ptr_eq(req.dest, &ops.v[1].dest);
	ipvs_sync_op_req(&ops.v[0], &req);
	ck_assert_int_eq(req.cmd, IPVS_CMD_NEW_SERVICE);
	ck_assert_ptr_null(req.dest);
	ipvs_sync_ops_free(&ops);
	ipvs_sync_table_free(&want);
	ipvs_sync_table_free(&have);
}
END_TEST

/* Runs diff(want, copy of want modified by `edit`), returns the ops. */
static void diff_after(void (*edit)(struct ipvs_sync_table *want, struct ipvs_sync_table *have),
		       struct ipvs_sync_ops *ops)
{
	struct ipvs_sync_table want, have;

	ipvs_sync_table_init(&want);
	ipvs_sync_table_init(&have);
	table_abc(&want);
	kernel_copy(&want, &have);
	if (edit)
		edit(&want, &have);
	ipvs_sync_ops_init(ops);
	ipvs_sync_diff(&want, &have, NULL, ops);
	/* labels of desired services must outlive the tables: copy what the tests read */
	for (size_t i = 0; i < ops->n; i++) {
		ops->labels = realloc(ops->labels, (ops->nlabels + 1) * sizeof(*ops->labels));
		ops->labels[ops->nlabels] = strdup(ops->v[i].label);
		ops->v[i].label = ops->labels[ops->nlabels++];
	}
	ipvs_sync_table_free(&want);
	ipvs_sync_table_free(&have);
}

START_TEST(same_is_no_op)
{
	struct ipvs_sync_ops ops;

	diff_after(NULL, &ops);
	ck_assert_uint_eq(ops.n, 0);
	ipvs_sync_ops_free(&ops);
}
END_TEST

static void edit_weight(struct ipvs_sync_table *w, struct ipvs_sync_table *h)
{
	(void)h;
	w->v[0].dests[1].weight = 9;
}

START_TEST(weight_change_is_one_set)
{
	struct ipvs_sync_ops ops;

	diff_after(edit_weight, &ops);
	ck_assert_uint_eq(ops.n, 1);
	ck_assert_int_eq(ops.v[0].kind, IPVS_SYNC_EDIT_DEST);
	ck_assert_int_eq(ops.v[0].dest.weight, 9);
	ck_assert_str_eq(op_text(&ops.v[0]),
			 "[vs 203.0.113.10:80] edit rs 192.0.2.2:80 weight 9 Masq");
	ipvs_sync_ops_free(&ops);
}
END_TEST

static void edit_method_thresh(struct ipvs_sync_table *w, struct ipvs_sync_table *h)
{
	(void)h;
	w->v[0].dests[0].fwd = IP_VS_CONN_F_TUNNEL;
	w->v[0].dests[0].tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	w->v[0].dests[0].tun_port = 6080;
	w->v[0].dests[2].u_thresh = 100;
}

START_TEST(method_and_threshold_are_sets)
{
	struct ipvs_sync_ops ops;

	diff_after(edit_method_thresh, &ops);
	ck_assert_uint_eq(ops.n, 2);
	ck_assert_int_eq(ops.v[0].kind, IPVS_SYNC_EDIT_DEST);
	ck_assert_int_eq(ops.v[1].kind, IPVS_SYNC_EDIT_DEST);
	ck_assert_str_eq(op_text(&ops.v[0]), "[vs 203.0.113.10:80] edit rs 192.0.2.1:80 weight 1 "
					     "Tunnel (gue port 6080 nocsum)");
	ck_assert_str_eq(
	    op_text(&ops.v[1]),
	    "[vs 203.0.113.10:80] edit rs 192.0.2.3:80 weight 3 Masq thresholds 100/0");
	ipvs_sync_ops_free(&ops);
}
END_TEST

static void edit_add_remove(struct ipvs_sync_table *w, struct ipvs_sync_table *h)
{
	struct ipvs_dest d = dest4("192.0.2.4", 80, 4);

	(void)h;
	w->v[0].dests[0] = d; /* .1 replaced by .4 */
}

START_TEST(dest_added_and_removed)
{
	struct ipvs_sync_ops ops;

	diff_after(edit_add_remove, &ops);
	ck_assert_uint_eq(ops.n, 2);
	/* the removal goes first */
	ck_assert_str_eq(op_text(&ops.v[0]), "[vs 203.0.113.10:80] remove rs 192.0.2.1:80");
	ck_assert_str_eq(op_text(&ops.v[1]),
			 "[vs 203.0.113.10:80] add rs 192.0.2.4:80 weight 4 Masq");
	ipvs_sync_ops_free(&ops);
}
END_TEST

static void edit_foreign_dest(struct ipvs_sync_table *w, struct ipvs_sync_table *h)
{
	struct ipvs_dest d = dest4("198.51.100.9", 8080, 1);

	(void)w;
	ipvs_sync_svc_add_dest(&h->v[0], &d);
}

START_TEST(foreign_dest_in_our_service_removed)
{
	struct ipvs_sync_ops ops;

	diff_after(edit_foreign_dest, &ops);
	ck_assert_uint_eq(ops.n, 1);
	ck_assert_str_eq(op_text(&ops.v[0]), "[vs 203.0.113.10:80] remove rs 198.51.100.9:8080");
	ipvs_sync_ops_free(&ops);
}
END_TEST

/*
 * The kernel's dests in no particular order, with strays, one desired dest
 * missing and one changed: the removals first, in key order (port, then
 * address), then the add and the edit in desired order; the kernel table is
 * not reordered by the diff.
 */
START_TEST(unsorted_kernel_order)
{
	struct ipvs_sync_table want, have;
	struct ipvs_sync_ops ops;
	static const struct {
		const char *a;
		uint16_t port;
		int32_t w;
	} k[] = {{"192.0.2.9", 80, 1},	  {"192.0.2.3", 80, 3}, {"192.0.2.5", 81, 1},
		 {"198.51.100.1", 80, 1}, {"192.0.2.1", 80, 1}, {"192.0.2.5", 80, 1},
		 {"192.0.2.7", 80, 1}};
	struct ipvs_service sv = svc4("203.0.113.10", 80, "wrr");
	struct ipvs_sync_svc *h;
	char name[32];

	ipvs_sync_table_init(&want);
	ipvs_sync_table_init(&have);
	ipvs_sync_ops_init(&ops);
	table_abc(&want);
	want.v[0].dests[2].weight = 9; /* .3: 3 -> 9 */
	h = ipvs_sync_table_add(&have, &sv, NULL);
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		struct ipvs_dest d = dest4(k[i].a, k[i].port, k[i].w);

		ipvs_sync_svc_add_dest(h, &d);
	}
	ck_assert_uint_eq(ipvs_sync_diff(&want, &have, NULL, &ops), 7);
	ck_assert_str_eq(op_text(&ops.v[0]), "[vs 203.0.113.10:80] remove rs 192.0.2.5:80");
	ck_assert_str_eq(op_text(&ops.v[1]), "[vs 203.0.113.10:80] remove rs 192.0.2.7:80");
	ck_assert_str_eq(op_text(&ops.v[2]), "[vs 203.0.113.10:80] remove rs 192.0.2.9:80");
	ck_assert_str_eq(op_text(&ops.v[3]), "[vs 203.0.113.10:80] remove rs 198.51.100.1:80");
	ck_assert_str_eq(op_text(&ops.v[4]), "[vs 203.0.113.10:80] remove rs 192.0.2.5:81");
	ck_assert_str_eq(op_text(&ops.v[5]),
			 "[vs 203.0.113.10:80] add rs 192.0.2.2:80 weight 2 Masq");
	ck_assert_str_eq(op_text(&ops.v[6]),
			 "[vs 203.0.113.10:80] edit rs 192.0.2.3:80 weight 9 Masq");
	ck_assert_uint_eq(have.v[0].ndests, sizeof(k) / sizeof(k[0]));
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		char want_name[32];

		snprintf(want_name, sizeof(want_name), "%s:%u", k[i].a, k[i].port);
		ck_assert_str_eq(ipvs_sync_dest_name(&have.v[0].dests[i], name, sizeof(name)),
				 want_name);
	}
	ipvs_sync_ops_free(&ops);
	ipvs_sync_table_free(&want);
	ipvs_sync_table_free(&have);
}
END_TEST

/* The kernel's order as desired, mirrored, or shifted by a newer stray at
 * the head: the same diff (matching by position must not change results). */
START_TEST(kernel_order_variants)
{
	static const char *const addrs[] = {"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4",
					    "192.0.2.5"};
	struct ipvs_service sv = svc4("203.0.113.10", 80, "wrr");

	for (int variant = 0; variant < 4; variant++) {
		struct ipvs_sync_table want, have;
		struct ipvs_sync_ops ops;
		struct ipvs_sync_svc *w, *h;

		ipvs_sync_table_init(&want);
		ipvs_sync_table_init(&have);
		ipvs_sync_ops_init(&ops);
		w = ipvs_sync_table_add(&want, &sv, NULL);
		h = ipvs_sync_table_add(&have, &sv, NULL);
		for (int i = 0; i < 5; i++) {
			struct ipvs_dest d = dest4(addrs[i], 80, i + 1);

			ipvs_sync_svc_add_dest(w, &d);
		}
		if (variant >= 2) { /* a stray, newest: first in the kernel's list */
			struct ipvs_dest d = dest4("198.51.100.7", 80, 1);

			ipvs_sync_svc_add_dest(h, &d);
		}
		for (int i = 0; i < 5; i++) {
			int k = variant % 2 ? 4 - i : i; /* odd: mirrored */
			struct ipvs_dest d = dest4(addrs[k], 80, k == 2 ? 7 : k + 1);

			ipvs_sync_svc_add_dest(h, &d);
		}
		ck_assert_uint_eq(ipvs_sync_diff(&want, &have, NULL, &ops), variant >= 2 ? 2 : 1);
		if (variant >= 2)
			ck_assert_str_eq(op_text(&ops.v[0]),
					 "[vs 203.0.113.10:80] remove rs 198.51.100.7:80");
		ck_assert_str_eq(op_text(&ops.v[ops.n - 1]),
				 "[vs 203.0.113.10:80] edit rs 192.0.2.3:80 weight 3 Masq");
		ipvs_sync_ops_free(&ops);
		ipvs_sync_table_free(&want);
		ipvs_sync_table_free(&have);
	}
}
END_TEST

START_TEST(reserve)
{
	struct ipvs_sync_table t;
	struct ipvs_service sv = svc4("203.0.113.10", 80, "wrr");
	struct ipvs_sync_svc *s;
	const struct ipvs_dest *p;

	ipvs_sync_table_init(&t);
	s = ipvs_sync_table_add(&t, &sv, NULL);
	ipvs_sync_svc_reserve(s, 100);
	ck_assert_uint_ge(s->cap, 100);
	p = s->dests;
	for (int i = 0; i < 100; i++) {
		struct ipvs_dest d = dest4("192.0.2.1", (uint16_t)(1000 + i), i);

		ipvs_sync_svc_add_dest(s, &d);
	}
	ck_assert_ptr_eq(s->dests, p); /* no realloc while filling */
	ck_assert_uint_eq(s->ndests, 100);
	ck_assert_uint_eq(s->dests[99].port, 1099);
	ipvs_sync_svc_reserve(s, 1); /* grows from a full array */
	ck_assert_uint_ge(s->cap, 101);
	ck_assert_uint_eq(s->dests[42].weight, 42);
	ipvs_sync_svc_reserve(s, 0);
	ipvs_sync_table_free(&t);
}
END_TEST

static void edit_sched(struct ipvs_sync_table *w, struct ipvs_sync_table *h)
{
	(void)h;
	util_strlcpy(w->v[0].svc.sched_name, "sh", sizeof(w->v[0].svc.sched_name));
	w->v[0].svc.flags |= IP_VS_SVC_F_SCHED_SH_PORT | IP_VS_SVC_F_PERSISTENT;
	w->v[0].svc.timeout = 300;
	w->v[0].svc.netmask = ipvs_netmask_from_plen(AF_INET, 24);
}

START_TEST(sched_change_is_set_service)
{
	struct ipvs_sync_ops ops;

	diff_after(edit_sched, &ops);
	ck_assert_uint_eq(ops.n, 1);
	ck_assert_int_eq(ops.v[0].kind, IPVS_SYNC_EDIT_SVC);
	ck_assert_int_eq(ipvs_sync_kind_cmd(ops.v[0].kind), IPVS_CMD_SET_SERVICE);
	ck_assert_str_eq(op_text(&ops.v[0]), "[vs 203.0.113.10:80] edit vs sched sh flags "
					     "persistent,sh-port timeout 300 netmask 24");
	ipvs_sync_ops_free(&ops);
}
END_TEST

START_TEST(key_change_is_del_new)
{
	struct ipvs_sync_table old, want, have;
	struct ipvs_sync_ops ops;

	ipvs_sync_table_init(&old);
	ipvs_sync_table_init(&want);
	ipvs_sync_table_init(&have);
	ipvs_sync_ops_init(&ops);
	table_abc(&old);
	kernel_copy(&old, &have);
	table_abc(&want);
	want.v[0].svc.port = 8080; /* the virtual server moved to port 8080 */
	free(want.v[0].label);
	want.v[0].label = strdup("vs 203.0.113.10:8080");
	ck_assert_uint_eq(ipvs_sync_diff(&want, &have, &old, &ops), 5);
	ck_assert_str_eq(op_text(&ops.v[0]), "[vs 203.0.113.10:80] remove vs");
	ck_assert_int_eq(ops.v[0].svc.port, 80);
	ck_assert_str_eq(op_text(&ops.v[1]), "[vs 203.0.113.10:8080] add vs sched wrr");
	for (int i = 2; i < 5; i++)
		ck_assert_int_eq(ops.v[i].kind, IPVS_SYNC_ADD_DEST);
	/* the label of a deleted service outlives the kernel table */
	ipvs_sync_table_free(&have);
	ipvs_sync_table_free(&old);
	ck_assert_str_eq(ops.v[0].label, "vs 203.0.113.10:80");
	ipvs_sync_ops_free(&ops);
	ipvs_sync_table_free(&want);
}
END_TEST

START_TEST(foreign_service_untouched)
{
	struct ipvs_sync_table want, have, retired;
	struct ipvs_sync_ops ops;
	struct ipvs_service f = svc4("203.0.113.99", 443, "rr");
	struct ipvs_dest d = dest4("192.0.2.50", 443, 5);

	ipvs_sync_table_init(&want);
	ipvs_sync_table_init(&have);
	ipvs_sync_table_init(&retired);
	ipvs_sync_ops_init(&ops);
	table_abc(&want);
	kernel_copy(&want, &have);
	ipvs_sync_svc_add_dest(ipvs_sync_table_add(&have, &f, NULL), &d);
	/* a fwmark service in the kernel, and a retired key the kernel lacks */
	struct ipvs_service fw;

	ipvs_service_init(&fw, AF_INET);
	fw.fwmark = 3;
	util_strlcpy(fw.sched_name, "wlc", sizeof(fw.sched_name));
	ipvs_sync_table_add(&have, &fw, NULL);
	struct ipvs_service gone = svc4("203.0.113.77", 80, "rr");

	ipvs_sync_table_add(&retired, &gone, NULL);
	ck_assert_uint_eq(ipvs_sync_diff(&want, &have, &retired, &ops), 0);
	/* the same fwmark with another family is another key */
	fw.af = AF_INET6;
	ipvs_sync_table_add(&retired, &fw, NULL);
	ck_assert_uint_eq(ipvs_sync_diff(&want, &have, &retired, &ops), 0);
	fw.af = AF_INET;
	ipvs_sync_table_add(&retired, &fw, NULL);
	ck_assert_uint_eq(ipvs_sync_diff(&want, &have, &retired, &ops), 1);
	ck_assert_str_eq(op_text(&ops.v[0]), "[vs fwmark 3] remove vs");
	ipvs_sync_ops_free(&ops);
	ipvs_sync_table_free(&want);
	ipvs_sync_table_free(&have);
	ipvs_sync_table_free(&retired);
}
END_TEST

START_TEST(labels)
{
	struct ipvs_service s;
	char b[128];

	ipvs_service_init(&s, AF_INET6);
	s.protocol = IPPROTO_UDP;
	ck_assert_int_eq(addr_parse("2001:db8::1", &s.addr), 0);
	s.port = 53;
	ck_assert_str_eq(ipvs_sync_svc_label(&s, b, sizeof(b)), "vs [2001:db8::1]:53/udp");
	s.fwmark = 9;
	ck_assert_str_eq(ipvs_sync_svc_label(&s, b, sizeof(b)), "vs fwmark 9 (IPv6)");
	ck_assert_ptr_null(ipvs_sync_svc_label(&s, b, 5));
}
END_TEST

/* IPv4 names are formatted by hand: the extremes, and truncation. */
START_TEST(dest_names)
{
	struct ipvs_dest d = dest4("0.0.0.0", 0, 1);
	char b[32];

	ck_assert_str_eq(ipvs_sync_dest_name(&d, b, sizeof(b)), "0.0.0.0:0");
	d = dest4("255.255.255.255", 65535, 1);
	ck_assert_str_eq(ipvs_sync_dest_name(&d, b, sizeof(b)), "255.255.255.255:65535");
	ck_assert_str_eq(ipvs_sync_dest_name(&d, b, 22), "255.255.255.255:65535");
	ck_assert_ptr_null(ipvs_sync_dest_name(&d, b, 21));
	d = dest4("192.0.2.10", 8080, 1);
	ck_assert_str_eq(ipvs_sync_dest_name(&d, b, sizeof(b)), "192.0.2.10:8080");
	ck_assert_int_eq(addr_parse("2001:db8::a", &d.addr), 0);
	ck_assert_str_eq(ipvs_sync_dest_name(&d, b, sizeof(b)), "[2001:db8::a]:8080");
}
END_TEST

/* 100 x 100 in the kernel in another order: in sync; one weight in each of 10 services
 * changed: 10 SETs. */
START_TEST(large_table)
{
	struct ipvs_sync_table want, have;
	struct ipvs_sync_ops ops;

	ipvs_sync_table_init(&want);
	ipvs_sync_table_init(&have);
	ipvs_sync_ops_init(&ops);
	for (int v = 0; v < 100; v++) {
		char a[32];

		snprintf(a, sizeof(a), "203.0.113.%d", v);
		struct ipvs_service s = svc4(a, 80, "wlc");
		struct ipvs_sync_svc *sv = ipvs_sync_table_add(&want, &s, NULL);

		for (int r = 0; r < 100; r++) {
			snprintf(a, sizeof(a), "192.0.2.%d", r);
			struct ipvs_dest d = dest4(a, (uint16_t)(8000 + v), 1 + r % 5);

			ipvs_sync_svc_add_dest(sv, &d);
		}
	}
	for (size_t i = want.n; i-- > 0;) {
		struct ipvs_sync_table one = {.v = &want.v[i], .n = 1, .cap = 1};

		kernel_copy(&one, &have);
	}
	ck_assert_uint_eq(ipvs_sync_diff(&want, &have, NULL, &ops), 0);
	for (int v = 0; v < 100; v += 10)
		want.v[v].dests[v % 100].weight = 77;
	ck_assert_uint_eq(ipvs_sync_diff(&want, &have, NULL, &ops), 10);
	for (size_t i = 0; i < ops.n; i++) {
		ck_assert_int_eq(ops.v[i].kind, IPVS_SYNC_EDIT_DEST);
		ck_assert_int_eq(ops.v[i].dest.weight, 77);
	}
	ipvs_sync_ops_free(&ops);
	ipvs_sync_table_free(&want);
	ipvs_sync_table_free(&have);
}
END_TEST

/* ---- checker_model: config -> desired table ---- */

static struct conf *load(const char *text)
{
	struct conf_errs errs;
	struct conf *c;

	conf_errs_init(&errs);
	c = conf_load_buf("test.conf", text, strlen(text), NULL, &errs);
	for (size_t i = 0; i < errs.n; i++) {
		char *s = conf_diag_str(&errs.v[i]);

		fprintf(stderr, "%s\n", s);
		free(s);
	}
	ck_assert_ptr_nonnull(c);
	conf_errs_free(&errs);
	return c;
}

static void desired_of(const char *text, struct ipvs_sync_table *t)
{
	struct conf *c = load(text);
	struct checker_model *m = checker_model_build(c);

	ipvs_sync_table_init(t);
	checker_model_desired(m, t);
	checker_model_free(m);
	conf_free(c);
}

static const char *dest_line(const struct ipvs_dest *d)
{
	static char buf[128];
	char n[64];

	snprintf(buf, sizeof(buf), "%s w%d %s", ipvs_sync_dest_name(d, n, sizeof(n)), d->weight,
		 ipvs_fwd_str(d->fwd));
	return buf;
}

START_TEST(model_basic)
{
	struct ipvs_sync_table t;

	desired_of("virtual_server 203.0.113.10 80 {\n"
		   "  lb_algo wrr\n  lb_kind NAT\n  persistence_timeout 600\n"
		   "  persistence_granularity 255.255.255.0\n"
		   "  real_server 192.0.2.11 80 { weight 1 }\n"
		   "  real_server 192.0.2.12 80 { weight 2\n lvs_method DR }\n"
		   "  real_server 192.0.2.13 80 { weight 3\n uthreshold 50\n lthreshold 10\n"
		   "    lvs_method TUN type gue port 6080 }\n"
		   "}\n",
		   &t);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_str_eq(t.v[0].label, "vs 203.0.113.10:80");
	ck_assert_str_eq(t.v[0].svc.sched_name, "wrr");
	ck_assert_int_eq(t.v[0].svc.protocol, IPPROTO_TCP);
	ck_assert_uint_eq(t.v[0].svc.flags, IP_VS_SVC_F_PERSISTENT);
	ck_assert_uint_eq(t.v[0].svc.timeout, 600);
	ck_assert_int_eq(ipvs_netmask_to_plen(AF_INET, t.v[0].svc.netmask), 24);
	ck_assert_uint_eq(t.v[0].ndests, 3);
	ck_assert_str_eq(dest_line(&t.v[0].dests[0]), "192.0.2.11:80 w1 Masq");
	ck_assert_str_eq(dest_line(&t.v[0].dests[1]), "192.0.2.12:80 w2 Route");
	ck_assert_str_eq(dest_line(&t.v[0].dests[2]), "192.0.2.13:80 w3 Tunnel");
	ck_assert_int_eq(t.v[0].dests[2].tun_type, IP_VS_CONN_F_TUNNEL_TYPE_GUE);
	ck_assert_int_eq(t.v[0].dests[2].tun_port, 6080);
	ck_assert_uint_eq(t.v[0].dests[2].u_thresh, 50);
	ck_assert_uint_eq(t.v[0].dests[2].l_thresh, 10);
	ipvs_sync_table_free(&t);
}
END_TEST

START_TEST(model_group_expansion)
{
	struct ipvs_sync_table t;

	desired_of("virtual_server_group G {\n"
		   "  203.0.113.1-3 80\n"
		   "  203.0.113.20 8080\n"
		   "  fwmark 7\n"
		   "}\n"
		   "virtual_server group G {\n"
		   "  lb_algo rr\n  protocol UDP\n"
		   "  real_server 192.0.2.11 80 { weight 2 }\n"
		   "  real_server 192.0.2.12 80 { weight 3 }\n"
		   "}\n",
		   &t);
	ck_assert_uint_eq(t.n, 5);
	ck_assert_str_eq(t.v[0].label, "vs 203.0.113.1:80/udp");
	ck_assert_str_eq(t.v[1].label, "vs 203.0.113.2:80/udp");
	ck_assert_str_eq(t.v[2].label, "vs 203.0.113.3:80/udp");
	ck_assert_str_eq(t.v[3].label, "vs 203.0.113.20:8080/udp");
	ck_assert_str_eq(t.v[4].label, "vs fwmark 7");
	ck_assert_uint_eq(t.v[4].svc.fwmark, 7);
	for (size_t i = 0; i < t.n; i++) {
		ck_assert_str_eq(t.v[i].svc.sched_name, "rr");
		ck_assert_uint_eq(t.v[i].ndests, 2);
		ck_assert_str_eq(dest_line(&t.v[i].dests[0]), "192.0.2.11:80 w2 Masq");
		ck_assert_str_eq(dest_line(&t.v[i].dests[1]), "192.0.2.12:80 w3 Masq");
	}
	ipvs_sync_table_free(&t);
}
END_TEST

START_TEST(model_inhibit_alpha)
{
	struct ipvs_sync_table t;

	/* alpha: every real server starts down; inhibit_on_failure keeps it at weight 0 */
	desired_of("virtual_server 203.0.113.10 80 {\n"
		   "  alpha\n"
		   "  real_server 192.0.2.11 80 { weight 5\n inhibit_on_failure }\n"
		   "  real_server 192.0.2.12 80 { weight 5 }\n"
		   "}\n"
		   "virtual_server 203.0.113.11 80 {\n"
		   "  real_server 192.0.2.11 80 { weight 5\n inhibit_on_failure }\n"
		   "}\n",
		   &t);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_uint_eq(t.v[0].ndests, 1);
	ck_assert_str_eq(dest_line(&t.v[0].dests[0]), "192.0.2.11:80 w0 Masq");
	/* without alpha it is up at its weight */
	ck_assert_uint_eq(t.v[1].ndests, 1);
	ck_assert_str_eq(dest_line(&t.v[1].dests[0]), "192.0.2.11:80 w5 Masq");
	ipvs_sync_table_free(&t);
}
END_TEST

START_TEST(model_sorry_server)
{
	struct ipvs_sync_table t;
	struct conf *c;
	struct checker_model *m;

	desired_of("virtual_server 203.0.113.10 80 {\n"
		   "  alpha\n  sorry_server 192.0.2.99 80\n"
		   "  real_server 192.0.2.11 80 { weight 1 }\n"
		   "}\n"
		   "virtual_server 203.0.113.11 80 {\n"
		   "  sorry_server 192.0.2.99 80\n"
		   "  real_server 192.0.2.11 80 { weight 1 }\n"
		   "}\n"
		   "virtual_server 203.0.113.12 80 {\n"
		   "  sorry_server 192.0.2.99 80\n  sorry_server_inhibit\n"
		   "  real_server 192.0.2.11 80 { weight 1 }\n"
		   "}\n",
		   &t);
	ck_assert_uint_eq(t.n, 3);
	/* no real server up: the sorry server alone */
	ck_assert_uint_eq(t.v[0].ndests, 1);
	ck_assert_str_eq(dest_line(&t.v[0].dests[0]), "192.0.2.99:80 w1 Masq");
	/* real server up: no sorry server */
	ck_assert_uint_eq(t.v[1].ndests, 1);
	ck_assert_str_eq(dest_line(&t.v[1].dests[0]), "192.0.2.11:80 w1 Masq");
	/* sorry_server_inhibit: present at weight 0 while not in use */
	ck_assert_uint_eq(t.v[2].ndests, 2);
	ck_assert_str_eq(dest_line(&t.v[2].dests[0]), "192.0.2.11:80 w1 Masq");
	ck_assert_str_eq(dest_line(&t.v[2].dests[1]), "192.0.2.99:80 w0 Masq");
	ipvs_sync_table_free(&t);

	/* the health feed: the real server of the second goes down -> sorry server in */
	c = load("virtual_server 203.0.113.11 80 {\n"
		 "  sorry_server 192.0.2.99 80\n"
		 "  real_server 192.0.2.11 80 { weight 1\n inhibit_on_failure }\n"
		 "}\n");
	m = checker_model_build(c);
	ck_assert(checker_vs_quorum_up(&m->vss[0]));
	m->vss[0].rss[0].up = false;
	ck_assert(!checker_vs_quorum_up(&m->vss[0]));
	ipvs_sync_table_init(&t);
	checker_model_desired(m, &t);
	ck_assert_uint_eq(t.v[0].ndests, 2);
	ck_assert_str_eq(dest_line(&t.v[0].dests[0]), "192.0.2.11:80 w0 Masq");
	ck_assert_str_eq(dest_line(&t.v[0].dests[1]), "192.0.2.99:80 w1 Masq");
	ipvs_sync_table_free(&t);

	/* reload carries the health over by virtual server name and destination */
	struct checker_model *m2 = checker_model_build(c);

	ck_assert(m2->vss[0].rss[0].up);
	checker_model_carry(m2, m);
	ck_assert(!m2->vss[0].rss[0].up);
	checker_model_free(m2);
	checker_model_free(m);
	conf_free(c);
}
END_TEST

/* History texts are shared by value and counted; labels are made on demand. */
START_TEST(model_history_shared)
{
	struct conf *c = load("virtual_server 203.0.113.12 80 {\n"
			      "  real_server 192.0.2.11 80 { weight 1 }\n"
			      "  real_server 192.0.2.12 80 { weight 1 }\n"
			      "  real_server 192.0.2.13 80 { weight 1 }\n"
			      "}\n"
			      "virtual_server 2001:db8::100 80 {\n"
			      "  real_server 2001:db8::1 80 { weight 1 }\n"
			      "}\n");
	struct checker_model *m = checker_model_build(c), *m2;
	struct checker_rs *r = m->vss[0].rss;
	char lb[CHECKER_LABEL_MAX];
	size_t base = checker_rs_hist_count();

	ck_assert_str_eq(checker_rs_label(&m->vss[0], &r[0], lb, sizeof(lb)),
			 "vs 203.0.113.12:80 rs 192.0.2.11:80");
	ck_assert_str_eq(checker_rs_label(&m->vss[1], &m->vss[1].rss[0], lb, sizeof(lb)),
			 "vs [2001:db8::100]:80 rs [2001:db8::1]:80");
	for (int i = 0; i < 3; i++)
		checker_rs_hist_set(&r[i].h.last_result, "TCP_CHECK ok", CHECKER_RS_RESULT_MAX);
	/* one block for the three */
	ck_assert_uint_eq(checker_rs_hist_count(), base + 1);
	ck_assert_ptr_eq(r[0].h.last_result, r[1].h.last_result);
	ck_assert_ptr_eq(r[0].h.last_result, r[2].h.last_result);
	/* the same text again: no change */
	checker_rs_hist_set(&r[1].h.last_result, "TCP_CHECK ok", CHECKER_RS_RESULT_MAX);
	ck_assert_uint_eq(checker_rs_hist_count(), base + 1);
	/* another text, cut at max */
	checker_rs_hist_set(&r[1].h.last_result, "TCP_CHECK failed: refused", 16);
	ck_assert_str_eq(r[1].h.last_result, "TCP_CHECK failed");
	ck_assert_str_eq(r[0].h.last_result, "TCP_CHECK ok");
	ck_assert_uint_eq(checker_rs_hist_count(), base + 2);
	checker_rs_hist_set(&r[1].h.reason, "TCP_CHECK failed: refusedXX", 16);
	ck_assert_ptr_eq(r[1].h.reason, r[1].h.last_result);
	/* a reload's carry takes references: the old model's free keeps them */
	m2 = checker_model_build(c);
	checker_model_carry(m2, m);
	checker_model_free(m);
	ck_assert_uint_eq(checker_rs_hist_count(), base + 2);
	ck_assert_str_eq(m2->vss[0].rss[1].h.reason, "TCP_CHECK failed");
	ck_assert_str_eq(m2->vss[0].rss[2].h.last_result, "TCP_CHECK ok");
	/* many distinct texts: the table grows, and all go with their holders */
	for (int i = 0; i < 100; i++) {
		char t[32];

		snprintf(t, sizeof(t), "text %d", i);
		checker_rs_hist_set(&m2->vss[0].rss[i % 3].h.reason, t, CHECKER_RS_REASON_MAX);
	}
	ck_assert_str_eq(m2->vss[0].rss[0].h.reason, "text 99");
	checker_model_free(m2);
	ck_assert_uint_eq(checker_rs_hist_count(), base);
	conf_free(c);
}
END_TEST

/*
 * What the checker holds per real server at 10,000 TCP_CHECKs (issue 5's
 * memory target): a guard against growth, with the sizes measured on x86-64
 * (bench/README.md, "Checker load").  A new field that must go in one of
 * these raises the bound here, with its reason.
 */
START_TEST(per_server_sizes)
{
	if (sizeof(void *) != 8)
		return; /* the bounds are for 64-bit builds */
	ck_assert_uint_le(sizeof(struct ipvs_dest), 48);
	ck_assert_uint_le(sizeof(struct checker_rs), 128);
	ck_assert_uint_le(sizeof(struct check_priv), 216);
	ck_assert_uint_le(sizeof(struct check_rs_rt), 48);
	ck_assert_uint_le(sizeof(struct conf_check), 168);
	/* allocated: the common part and the type's own part of the union (the
	 * binding options are in the optional struct conf_check_conn); glibc's
	 * chunk is (size + 8 + 15) & ~15, so a TCP_CHECK of 104 B takes 112 */
	ck_assert_uint_le(conf_check_size(CONF_CHECK_TCP), 104);
	ck_assert_uint_le(conf_check_size(CONF_CHECK_PING), 104);
	ck_assert_uint_le(conf_check_size(CONF_CHECK_HTTP), 144);
	for (int t = CONF_CHECK_TCP; t <= CONF_CHECK_FILE; t++) {
		ck_assert_uint_ge(conf_check_size((enum conf_check_type)t), 104);
		ck_assert_uint_le(conf_check_size((enum conf_check_type)t),
				  sizeof(struct conf_check));
	}
	/* notify_up/down, virtualhost and the threshold location are in the
	 * optional struct conf_rs_rare: 136 B, a 144 B chunk */
	ck_assert_uint_le(sizeof(struct conf_rs), 136);
	ck_assert_uint_le(sizeof(struct conf_fwd), 8);
	ck_assert_uint_le(sizeof(struct conf_chk_opts), 32); /* times as int32_t ms */
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ipvs_sync");
	TCase *tc = tcase_create("diff");

	tcase_add_test(tc, empty_to_full);
	tcase_add_test(tc, same_is_no_op);
	tcase_add_test(tc, weight_change_is_one_set);
	tcase_add_test(tc, method_and_threshold_are_sets);
	tcase_add_test(tc, dest_added_and_removed);
	tcase_add_test(tc, foreign_dest_in_our_service_removed);
	tcase_add_test(tc, unsorted_kernel_order);
	tcase_add_test(tc, kernel_order_variants);
	tcase_add_test(tc, reserve);
	tcase_add_test(tc, sched_change_is_set_service);
	tcase_add_test(tc, key_change_is_del_new);
	tcase_add_test(tc, foreign_service_untouched);
	tcase_add_test(tc, labels);
	tcase_add_test(tc, dest_names);
	tcase_add_test(tc, large_table);
	suite_add_tcase(s, tc);
	tc = tcase_create("model");
	tcase_add_test(tc, model_basic);
	tcase_add_test(tc, model_group_expansion);
	tcase_add_test(tc, model_inhibit_alpha);
	tcase_add_test(tc, model_sorry_server);
	tcase_add_test(tc, model_history_shared);
	tcase_add_test(tc, per_server_sizes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
