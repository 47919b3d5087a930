// SPDX-License-Identifier: GPL-2.0
/*
 * vsc-bench: VMBus throughput through one channel, child -> root -> child.
 * Needs the root's echo channel (insmod partvisor.ko vmbus_echo=1), which
 * sends every packet back. For each payload size it measures, with the
 * TSC (Bochs: emulated instructions, so the figures repeat):
 *   ping-pong: one packet in flight, ticks per round trip;
 *   stream: as many in flight as the 12 KiB downstream ring holds, ticks
 *	for n packets there and back (the scenario turns them into MB/s and
 *	packets/s).
 * Every echo is checked: its length, transaction id and first bytes.
 * Lines: "vsc-bench: MODE size=S n=N window=W ticks=0x..." then
 * "vsc-bench: done"; exit 0, or 1 with a line saying what failed.
 * Command line: n=N (packets per measurement, default 2000).
 */
#include "vsc.h"

#define SPINS	200000000u
#define RING	((VSC_RING_PAGES - 1) * 4096u)	/* data bytes of one ring */

static struct vsc v;
static uint8_t tx[4096], rx[4096];

static inline uint64_t rdtsc64(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Wait for the echo of packet @seq of @len bytes; false (with a line) if wrong. */
static bool echo_of(struct vsc_chan *ch, uint32_t seq, uint32_t len)
{
	uint32_t spins = SPINS, got;
	uint64_t id;
	int n;

	while ((n = vsc_recv(ch, rx, sizeof(rx), &id)) < 0) {
		if (!ch->open || !spins--) {
			pr("vsc-bench: no echo of packet %u (%s)\n", seq,
			   ch->open ? "timeout" : "the channel broke");
			return false;
		}
		cpu_pause();
	}
	memcpy(&got, rx, sizeof(got));
	/* The ring rounds a packet up to 8 bytes: the echo may carry the padding. */
	if (id != seq || got != seq || (uint32_t)n < len || (uint32_t)n > ((len + 7) & ~7u)) {
		pr("vsc-bench: packet %u: echo id %u seq %u length %d, wanted %u\n", seq,
		   (uint32_t)id, got, n, len);
		return false;
	}
	return true;
}

static bool send_seq(struct vsc_chan *ch, uint32_t seq, uint32_t len)
{
	memcpy(tx, &seq, sizeof(seq));
	return vsc_send(ch, tx, len, seq);
}

static bool pingpong(struct vsc_chan *ch, uint32_t len, uint32_t n, uint32_t *seq)
{
	uint64_t t0 = rdtsc64();
	uint32_t i;

	for (i = 0; i < n; i++, (*seq)++)
		if (!send_seq(ch, *seq, len) || !echo_of(ch, *seq, len))
			return false;
	pr("vsc-bench: pingpong size=%u n=%u window=1 ticks=0x%llx\n", len, n,
	   (unsigned long long)(rdtsc64() - t0));
	return true;
}

static bool stream(struct vsc_chan *ch, uint32_t len, uint32_t n, uint32_t *seq)
{
	/* A packet on the ring: descriptor, payload rounded up, trailer. */
	uint32_t pkt = 16 + ((len + 7) & ~7u) + 8, window = RING / pkt - 1;
	uint32_t sent = 0, got = 0, first = *seq;
	uint64_t t0;

	if (!window)
		window = 1;
	t0 = rdtsc64();
	while (got < n) {
		while (sent < n && sent - got < window && send_seq(ch, first + sent, len))
			sent++;
		if (!echo_of(ch, first + got, len))
			return false;
		got++;
	}
	*seq += n;
	pr("vsc-bench: stream size=%u n=%u window=%u ticks=0x%llx\n", len, n, window,
	   (unsigned long long)(rdtsc64() - t0));
	return true;
}

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	static const uint32_t sizes[] = { 64, 1024, 4000 };
	const char *cmdline = mb_cmdline((const struct mb_info *)(uintptr_t)info_gpa);
	uint32_t n = cmdline_u32(cmdline, "n", 2000), seq = 0, i;
	struct vsc_chan *ch;

	if (vp != 0)
		park();
	if (!vsc_synic_init() || !vsc_connect(&v, SPINS)) {
		pr("vsc-bench: no VMBus connection\n");
		return 1;
	}
	ch = vsc_find(&v, VSC_ECHO);
	if (!ch) {
		pr("vsc-bench: no echo channel offered (insmod partvisor.ko vmbus_echo=1)\n");
		return 1;
	}
	if (!vsc_open(&v, ch, SPINS))
		return 1;
	for (i = 0; i < sizeof(tx); i++)
		tx[i] = (uint8_t)(i * 7);
	/* Warm up: the root's packet buffer is allocated at the first open. */
	if (!pingpong(ch, 64, 16, &seq))
		return 1;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (!pingpong(ch, sizes[i], n / 4, &seq) || !stream(ch, sizes[i], n, &seq))
			return 1;
	pr("vsc-bench: done\n");
	return 0;
}
