/*
 * vrrp_run_dump: the VRRP process's answers to the dump signals.
 *
 *   SIGUSR1  /tmp/vigil.data   per instance: state, priorities, interface,
 *                              timers, the current master, the VIPs
 *   SIGUSR2  /tmp/vigil.stats  per instance: adverts sent/received,
 *                              priority-0 sent/received, transitions, every
 *                              rejection reason by name; then the packets
 *                              that could not be routed to an instance
 *   SIGRTMIN+2 /tmp/vigil.json the same as one JSON document (json-c)
 *
 * The directory is $VIGIL_TMPDIR when set (util_tmp_path()).  The files are
 * written to PATH.tmp and renamed, so a reader never sees a half-written
 * file.  Under vigild the supervisor asks for the same text instead
 * (vrrp_run_dump_to()) and writes the files, the checker's part included.  The stats lines are "
 * name: value" so that tests can grep them (e.g. "    bad ttl: 3").
 */
#include "config.h"

#include <json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/util.h"
#include "vrrp/vrrp_run.h"
#include "vrrp/vrrp_run_int.h"

static FILE *open_tmp(const char *path, char **tmp)
{
	FILE *f;

	*tmp = xasprintf("%s.tmp", path);
	f = fopen(*tmp, "w");
	if (!f) {
		log_warn("cannot write %s", *tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return f;
}

static void close_tmp(FILE *f, char *tmp, const char *path)
{
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		log_warn("cannot write %s", path);
		remove(tmp);
	} else {
		log_info("VRRP state written to %s", path);
	}
	free(tmp);
}

static const char *mode_str(const struct vrrp_inst *in)
{
	return in->c.npeers ? "unicast" : "multicast";
}

static void write_data(struct vrrp_run *r, FILE *f)
{
	struct vrrp_inst *in;
	char b[ADDR_PFX_STRLEN + IF_NAMESIZE + 8];

	fprintf(f, "------< VRRP Topology >------\n");
	TAILQ_FOREACH (in, &r->insts, entry) {
		fprintf(f, " VRRP Instance = %s\n", in->c.name);
		fprintf(f, "   State = %s\n", vrrp_state_str(in->fsm.state));
		fprintf(f, "   Last transition reason = %s\n",
			vrrp_reason_str(in->fsm.last_reason));
		fprintf(f, "   Interface = %s%s\n", in->c.ifname, in->link_down ? " (down)" : "");
		fprintf(f, "   Family = %s\n", addr_family_str(in->c.af));
		fprintf(f, "   Version = %d\n", in->c.version);
		fprintf(f, "   Virtual Router ID = %d\n", in->c.vrid);
		fprintf(f, "   Priority = %d\n", in->c.priority);
		fprintf(f, "   Effective priority = %u\n", in->fsm.priority);
		fprintf(f, "   Advert interval = %d cs\n", in->c.advert_int_cs);
		fprintf(f, "   Master advert interval = %u cs\n", in->fsm.master_adver_int_cs);
		fprintf(f, "   Master down interval = %llu us\n",
			(unsigned long long)vrrp_fsm_master_down_interval(&in->fsm));
		fprintf(f, "   Preempt = %s\n", in->c.preempt ? "enabled" : "disabled");
		fprintf(f, "   Preempt delay = %lld us\n", in->c.preempt_delay_us);
		fprintf(f, "   Mode = %s\n", mode_str(in));
		if (in->c.sync_group)
			fprintf(f, "   Sync group = %s%s\n", in->c.sync_group,
				in->sync_blocked ? " (held back in BACKUP)" : "");
		fprintf(f, "   Source address = %s\n",
			addr_is_set(&in->primary) ? addr_str(&in->primary, b, sizeof(b))
						  : "(none)");
		if (in->c.npeers == 0)
			fprintf(f, "   Multicast group = %s\n",
				addr_str(&in->c.mcast_dst, b, sizeof(b)));
		for (size_t i = 0; i < in->c.npeers; i++)
			fprintf(f, "   Unicast peer = %s\n",
				addr_str(&in->c.peers[i].addr, b, sizeof(b)));
		if (in->fsm.state == VRRP_STATE_BACKUP && in->fsm.master_addr.af)
			fprintf(f, "   Master router = %s priority %u\n",
				addr_str(&in->fsm.master_addr, b, sizeof(b)),
				in->fsm.master_priority);
		fprintf(f, "   Virtual IP = %zu\n", in->c.nvips);
		for (size_t i = 0; i < in->c.nvips; i++)
			fprintf(f, "     %s\n", vrrp_vip_str(&in->c.vips[i], b, sizeof(b)));
		if (in->c.nroutes) {
			char rb[160];

			fprintf(f, "   Virtual Routes = %zu\n", in->c.nroutes);
			for (size_t i = 0; i < in->c.nroutes; i++)
				fprintf(f, "     %s\n",
					vrrp_route_str(&in->c.routes[i], rb, sizeof(rb)));
		}
		if (in->c.nevips) {
			fprintf(f, "   Virtual IP Excluded = %zu\n", in->c.nevips);
			for (size_t i = 0; i < in->c.nevips; i++)
				fprintf(f, "     %s\n",
					vrrp_vip_str(&in->c.evips[i], b, sizeof(b)));
		}
	}
}

static void reason_key(char *buf, size_t len, enum vrrp_reject rj)
{
	util_strlcpy(buf, vrrp_reject_str(rj), len);
}

static void write_stats(struct vrrp_run *r, FILE *f)
{
	struct vrrp_inst *in;
	char k[64];

	TAILQ_FOREACH (in, &r->insts, entry) {
		const struct vrrp_stats *s = &in->st;

		fprintf(f, "VRRP Instance: %s\n", in->c.name);
		fprintf(f, "  State: %s\n", vrrp_state_str(in->fsm.state));
		fprintf(f, "  Advertisements:\n");
		fprintf(f, "    Received: %llu\n", (unsigned long long)s->adverts_rcvd);
		fprintf(f, "    Sent: %llu\n", (unsigned long long)s->adverts_sent);
		fprintf(f, "    Send errors: %llu\n", (unsigned long long)s->send_errors);
		fprintf(f, "  Became master: %llu\n",
			(unsigned long long)in->fsm.entered[VRRP_STATE_MASTER]);
		fprintf(f, "  Transitions: %llu\n", (unsigned long long)in->fsm.transitions);
		fprintf(f, "  Gratuitous ARP/NA sent: %llu\n", (unsigned long long)s->garps_sent);
		fprintf(f, "  Takeovers put off after a stall: %llu\n",
			(unsigned long long)s->late_graces);
		fprintf(f, "  Priority Zero:\n");
		fprintf(f, "    Received: %llu\n", (unsigned long long)s->prio0_rcvd);
		fprintf(f, "    Sent: %llu\n", (unsigned long long)s->prio0_sent);
		fprintf(f, "  Rejected:\n");
		for (int rj = 1; rj < VRRP_REJECT_MAX; rj++) {
			reason_key(k, sizeof(k), (enum vrrp_reject)rj);
			fprintf(f, "    %s: %llu\n", k, (unsigned long long)s->rejects[rj]);
		}
		fprintf(f, "    not a unicast peer: %llu\n", (unsigned long long)s->rx_not_peer);
		fprintf(f, "    peer TTL out of range: %llu\n", (unsigned long long)s->rx_peer_ttl);
		fprintf(f, "  Owner address mismatch: %llu\n",
			(unsigned long long)s->owner_addr_mismatch);
	}
	fprintf(f, "Unrouted packets:\n");
	fprintf(f, "  Unknown VRID: %llu\n", (unsigned long long)r->unknown_vrid);
	fprintf(f, "  Receive errors: %llu\n", (unsigned long long)r->rx_errors);
	fprintf(f, "  Rejected:\n");
	for (int rj = 1; rj < VRRP_REJECT_MAX; rj++) {
		reason_key(k, sizeof(k), (enum vrrp_reject)rj);
		fprintf(f, "    %s: %llu\n", k, (unsigned long long)r->rejects[rj]);
	}
}

static json_object *rejects_json(const uint64_t *rej)
{
	json_object *o = json_object_new_object();

	for (int rj = 1; rj < VRRP_REJECT_MAX; rj++)
		json_object_object_add(o, vrrp_reject_str((enum vrrp_reject)rj),
				       json_object_new_int64((int64_t)rej[rj]));
	return o;
}

static json_object *addr_json(const struct addr *a)
{
	char b[ADDR_STRLEN];

	return addr_is_set(a) ? json_object_new_string(addr_str(a, b, sizeof(b))) : NULL;
}

static json_object *inst_json(const struct vrrp_inst *in)
{
	json_object *o = json_object_new_object(), *d = json_object_new_object();
	json_object *s = json_object_new_object(), *vips = json_object_new_array();
	const struct vrrp_stats *st = &in->st;
	char b[ADDR_PFX_STRLEN + IF_NAMESIZE + 8];

	json_object_object_add(d, "iname", json_object_new_string(in->c.name));
	json_object_object_add(d, "state", json_object_new_string(vrrp_state_str(in->fsm.state)));
	json_object_object_add(d, "last_reason",
			       json_object_new_string(vrrp_reason_str(in->fsm.last_reason)));
	json_object_object_add(d, "ifp_ifname", json_object_new_string(in->c.ifname));
	json_object_object_add(d, "family", json_object_new_string(addr_family_str(in->c.af)));
	json_object_object_add(d, "version", json_object_new_int(in->c.version));
	json_object_object_add(d, "vrid", json_object_new_int(in->c.vrid));
	json_object_object_add(d, "base_priority", json_object_new_int(in->c.priority));
	json_object_object_add(d, "effective_priority", json_object_new_int(in->fsm.priority));
	json_object_object_add(d, "adver_int_cs", json_object_new_int(in->c.advert_int_cs));
	json_object_object_add(d, "master_adver_int_cs",
			       json_object_new_int(in->fsm.master_adver_int_cs));
	json_object_object_add(d, "nopreempt", json_object_new_boolean(!in->c.preempt));
	json_object_object_add(d, "preempt_delay_us",
			       json_object_new_int64(in->c.preempt_delay_us));
	json_object_object_add(d, "unicast", json_object_new_boolean(in->c.npeers > 0));
	json_object_object_add(d, "source", addr_json(&in->primary));
	json_object_object_add(d, "master_router", addr_json(&in->fsm.master_addr));
	json_object_object_add(d, "master_priority", json_object_new_int(in->fsm.master_priority));
	for (size_t i = 0; i < in->c.nvips; i++)
		json_object_array_add(
		    vips, json_object_new_string(vrrp_vip_str(&in->c.vips[i], b, sizeof(b))));
	json_object_object_add(d, "vips", vips);

	json_object_object_add(s, "advert_rcvd", json_object_new_int64((int64_t)st->adverts_rcvd));
	json_object_object_add(s, "advert_sent", json_object_new_int64((int64_t)st->adverts_sent));
	json_object_object_add(s, "send_errors", json_object_new_int64((int64_t)st->send_errors));
	json_object_object_add(s, "pri_zero_rcvd", json_object_new_int64((int64_t)st->prio0_rcvd));
	json_object_object_add(s, "pri_zero_sent", json_object_new_int64((int64_t)st->prio0_sent));
	json_object_object_add(s, "become_master",
			       json_object_new_int64((int64_t)in->fsm.entered[VRRP_STATE_MASTER]));
	json_object_object_add(s, "transitions",
			       json_object_new_int64((int64_t)in->fsm.transitions));
	json_object_object_add(s, "garp_sent", json_object_new_int64((int64_t)st->garps_sent));
	json_object_object_add(s, "late_graces", json_object_new_int64((int64_t)st->late_graces));
	json_object_object_add(s, "not_unicast_peer",
			       json_object_new_int64((int64_t)st->rx_not_peer));
	json_object_object_add(s, "peer_ttl", json_object_new_int64((int64_t)st->rx_peer_ttl));
	json_object_object_add(s, "rejected", rejects_json(st->rejects));

	json_object_object_add(o, "data", d);
	json_object_object_add(o, "stats", s);
	return o;
}

static void write_json(struct vrrp_run *r, FILE *f)
{
	json_object *root = json_object_new_object(), *arr = json_object_new_array();
	json_object *g = json_object_new_object();
	struct vrrp_inst *in;

	TAILQ_FOREACH (in, &r->insts, entry)
		json_object_array_add(arr, inst_json(in));
	json_object_object_add(root, "vrrp", arr);
	json_object_object_add(g, "unknown_vrid", json_object_new_int64((int64_t)r->unknown_vrid));
	json_object_object_add(g, "rx_errors", json_object_new_int64((int64_t)r->rx_errors));
	json_object_object_add(g, "rejected", rejects_json(r->rejects));
	json_object_object_add(root, "unrouted", g);
	fputs(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
						       JSON_C_TO_STRING_NOSLASHESCAPE),
	      f);
	fputc('\n', f);
	json_object_put(root);
}

void vrrp_run_dump_to(struct vrrp_run *r, int signum, FILE *f)
{
	if (signum == SIGUSR1)
		write_data(r, f);
	else if (signum == SIGUSR2)
		write_stats(r, f);
	else
		write_json(r, f);
}

void vrrp_run_dump(struct vrrp_run *r, int signum)
{
	const char *name = signum == SIGUSR1   ? "vigil.data"
			   : signum == SIGUSR2 ? "vigil.stats"
					       : "vigil.json";
	char *path = util_tmp_path(name), *tmp;
	FILE *f = open_tmp(path, &tmp);

	if (f) {
		vrrp_run_dump_to(r, signum, f);
		close_tmp(f, tmp, path);
	}
	free(path);
}
