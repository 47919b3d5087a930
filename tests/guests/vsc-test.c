// SPDX-License-Identifier: GPL-2.0
/*
 * vsc-test: a VMBus child. Connects to the root's VMBus server, opens every
 * channel it knows (console, heartbeat, shutdown, time sync, KVP), writes
 * a line on the console channel, puts "guest.os=partvisor-vsc" in its own
 * KVP pool and serves the root's requests until the shutdown service asks
 * it to stop: then it prints "vsc: shutdown requested" and exits 0. It
 * never reads port 0xf5, so an exit 0 proves the shutdown channel worked.
 * Once the console channel is open, everything it prints goes there (COM1
 * was for early output).
 *
 * mode=hostile (on the command line) first misbehaves on a VMBus of its
 * own: bogus message types and sizes, a GPADL naming pages outside its
 * memory, a signal storm, and corrupt indices on the KVP channel's ring;
 * it expects the root to rescind only that channel and the others to go
 * on working, then serves as above.
 *
 * Lines: "vsc: ..." on the console (COM1, then the channel); exit 0 on a requested shutdown, 1 when the
 * VMBus could not be set up, 2 when a hostile check failed.
 */
#include "vsc.h"

#define SPINS	200000000u

static struct vsc v;

static bool hostile(void)
{
	uint8_t msg[240];
	struct vmbus_msg_gpadl_header *g = (void *)msg;
	struct vsc_chan *kvp = vsc_find(&v, VSC_KVP), *hb = vsc_find(&v, VSC_HEARTBEAT);
	uint32_t i, spins;
	uint16_t s;

	/* A type the root never takes, one past the table, and short messages. */
	mem_set(msg, 0, sizeof(msg));
	((struct vmbus_msg_hdr *)msg)->msgtype = VMBUS_MSG_OFFERCHANNEL;
	s = vsc_post(msg, 64);
	((struct vmbus_msg_hdr *)msg)->msgtype = 0x7fffffff;
	s |= vsc_post(msg, 8);
	((struct vmbus_msg_hdr *)msg)->msgtype = VMBUS_MSG_OPENCHANNEL;
	s |= vsc_post(msg, 12);
	s |= vsc_post(msg, 0);
	if (s) {
		pr("vsc: hostile: a channel message was refused as a hypercall (status %u)\n", s);
		return false;
	}
	/* Not a VMBus connection at all. */
	if (vsc_signal(0x7777) != HV_INVALID_CONNECTION_ID) {
		pr("vsc: hostile: SignalEvent to connection 0x7777 not refused\n");
		return false;
	}
	/* A GPADL of pages far outside the partition's memory: refused. */
	g->hdr.msgtype = VMBUS_MSG_GPADL_HEADER;
	g->child_relid = kvp->relid;
	g->gpadl = 0xbad;
	g->rangecount = 1;
	g->range_buflen = 8 + 8 * 2;
	g->byte_count = 2 * 4096;
	g->pfn[0] = 0xe0000;
	g->pfn[1] = 0xfffffffffull;
	if (vsc_post(g, sizeof(*g) + 16)) {
		pr("vsc: hostile: GPADL post refused\n");
		return false;
	}
	pr("vsc: hostile: 20000 signals\n");
	/* A storm of signals on the heartbeat channel: only costs the root a bit each. */
	for (i = 0; i < 20000; i++)
		if (vsc_signal(hb->connection_id)) {
			pr("vsc: hostile: signal %u refused\n", i);
			return false;
		}
	pr("vsc: hostile: corrupting the KVP ring\n");
	/*
	 * Corrupt the KVP channel's upstream ring: write index out of range.
	 * The client lets go of the channel first, or its own next KVP
	 * answer (vsc_poll()) would write a good index over the bad one
	 * before the root reads it.
	 */
	kvp->open = false;
	kvp->out.hdr->write_index = kvp->out.size + 8;
	vsc_signal(kvp->connection_id);
	for (spins = 0; !kvp->rescinded && spins < SPINS; spins++)
		vsc_poll(&v);
	if (!kvp->rescinded) {
		pr("vsc: hostile: the root did not rescind the corrupt channel\n");
		return false;
	}
	pr("vsc: hostile: corrupt channel rescinded; GPADL outside memory refused\n");
	return true;
}

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	const char *cmdline = mb_cmdline((const struct mb_info *)(uintptr_t)info_gpa);
	size_t len;
	const char *mode = cmdline_find(cmdline, "mode", &len);
	bool bad = mode && len == 7 && !memcmp(mode, "hostile", 7);
	uint64_t last_hb = 0;
	uint32_t i, opened = 0;
	int mod_ok, mod_bad;

	if (vp != 0)
		park();
	if (!vsc_synic_init()) {
		pr("vsc: no SynIC\n");
		return 1;
	}
	if (!vsc_connect(&v, SPINS)) {
		pr("vsc: no connection\n");
		return 1;
	}
	pr("vsc: connected, version 0x%x, %u offers\n", v.version, v.nchan);
	for (i = 0; i < v.nchan; i++) {
		if (v.chan[i].svc == VSC_UNKNOWN || v.chan[i].svc == VSC_ECHO)
			continue;
		if (!vsc_open(&v, &v.chan[i], SPINS))
			return 1;
		pr("vsc: opened %s (relid %u)\n", vsc_service_names[v.chan[i].svc],
		   v.chan[i].relid);
		opened++;
	}
	if (opened != VSC_ECHO) {	/* console and the four integration services */
		pr("vsc: only %u of %u services offered\n", opened, VSC_ECHO);
		return 1;
	}
	/* MODIFYCHANNEL: to VP 0 (the only one) done; to VP 7 refused. */
	mod_ok = vsc_modify(&v, vsc_find(&v, VSC_CONSOLE), 0, SPINS);
	mod_bad = vsc_modify(&v, vsc_find(&v, VSC_CONSOLE), 7, SPINS);
	if (mod_ok != 0 || mod_bad <= 0) {
		pr("vsc: MODIFYCHANNEL answered %d to VP 0 and %d to VP 7\n", mod_ok, mod_bad);
		return 1;
	}
	pr("vsc: MODIFYCHANNEL to VP 0 done, to VP 7 refused (status %d)\n", mod_bad);
	if (!vsc_console_write(&v, "vsc: hello over the console channel\n")) {
		pr("vsc: console channel write failed\n");
		return 1;
	}
	/* The console moves to the channel: COM1 was for early output. */
	vsc_console_take(&v);
	vsc_kvp_guest_set(&v, "guest.os", "partvisor-vsc");
	if (bad && !hostile())
		return 2;
	pr("vsc: serving\n");
	while (!v.shutdown_requested) {
		vsc_poll(&v);
		if (v.hb_count != last_hb && (v.hb_count == 1 || v.hb_count % 4 == 0)) {
			pr("vsc: heartbeat %u (seq %u), time samples %u\n", (uint32_t)v.hb_count,
			   (uint32_t)v.hb_seq, (uint32_t)v.ts_count);
		}
		last_hb = v.hb_count;
	}
	pr("vsc: shutdown requested (heartbeats %u, time samples %u, rescinds %u)\n",
	   (uint32_t)v.hb_count, (uint32_t)v.ts_count, v.rescinds);
	/* Let the answer reach the root before the exit port stops the VPs. */
	for (i = 0; i < 100000; i++)
		vsc_poll(&v);
	return 0;
}
