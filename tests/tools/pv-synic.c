// SPDX-License-Identifier: GPL-2.0
/*
 * pv-synic: drive the synic guest (tests/guests/synic.c) from the root
 * through /dev/partvisor: PostMessageDirect and SignalEventDirect by the
 * hypercall pass-through, with garbage first (each must get its exact
 * status), then messages and events the guest must report on its console:
 * with interrupts off, while it spins, while it halts; a full slot
 * (status 19) that takes the message after the guest's EOM; auto-EOI and
 * EOI SINTs; a masked SINT; and a restart, after which the SynIC must be
 * fresh again.
 *
 *   pv-synic IMAGE        exit 0 if every check passed
 *
 * Prints "FAIL ..." lines, the guest's console, and
 * "pv-synic: N passed, M failed".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/partvisor.h>

#define POST_MESSAGE_DIRECT	0x00c1
#define SIGNAL_EVENT_DIRECT	0x00c0
#define REP(n)			((uint64_t)(n) << 32)
#define FAST			(1ULL << 16)

/* Hyper-V status codes */
#define OK			0
#define INVALID_INPUT		3
#define INVALID_PARAMETER	5
#define INVALID_PARTITION_ID	13
#define INVALID_VP_INDEX	14
#define INSUFFICIENT_BUFFERS	19
#define INVALID_VP_STATE	21

#define WAIT_S			300

struct post_in {
	uint64_t partition_id;
	uint32_t vp_index;
	uint8_t vtl, padding[3];
	uint32_t sint_index;
	struct {
		uint32_t type;
		uint8_t size, flags;
		uint16_t reserved;
		uint64_t origin;
		uint8_t payload[240];
	} __attribute__((packed)) m;
	uint32_t padding2;
} __attribute__((packed));

struct signal_in {
	uint64_t partition_id;
	uint32_t vp_index;
	uint8_t vtl, sint;
	uint16_t flag;
} __attribute__((packed));

static int dev, fd, failed, passed;
static uint64_t part_id;
static off_t con_pos;	/* where the current run's console starts */

static void expect(const char *what, long got, long want)
{
	if (got == want) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s: got %ld, expected %ld\n", what, got, want);
}

static int hvcall(uint64_t control, const void *in, unsigned int in_size, void *out,
		  unsigned int out_size, uint64_t *result)
{
	struct partvisor_hvcall h = {
		.control = control, .input = (uintptr_t)in, .input_size = in_size,
		.output = (uintptr_t)out, .output_size = out_size,
	};
	int r = ioctl(dev, PARTVISOR_HVCALL, &h);

	*result = h.result;
	return r;
}

static struct post_in good_post(uint32_t vp, uint32_t sint, uint32_t type, const void *p,
				unsigned int n)
{
	struct post_in in = { .partition_id = part_id, .vp_index = vp, .sint_index = sint };

	in.m.type = type;
	in.m.size = n;
	memcpy(in.m.payload, p, n);
	return in;
}

static long post_raw(const struct post_in *in, uint64_t control)
{
	uint64_t r = ~0ULL;

	if (hvcall(control, in, sizeof(*in), NULL, 0, &r)) {
		printf("FAIL PARTVISOR_HVCALL post: %s\n", strerror(errno));
		failed++;
		return -1;
	}
	return r & 0xffff;
}

static long post(uint32_t vp, uint32_t sint, uint32_t type, const void *p, unsigned int n)
{
	struct post_in in = good_post(vp, sint, type, p, n);

	return post_raw(&in, POST_MESSAGE_DIRECT);
}

static long signal_raw(const struct signal_in *in, uint64_t control, int *newly)
{
	uint8_t out[8] = { 0xff, 0xff };
	uint64_t r = ~0ULL;

	if (hvcall(control, in, sizeof(*in), out, sizeof(out), &r)) {
		printf("FAIL PARTVISOR_HVCALL signal: %s\n", strerror(errno));
		failed++;
		return -1;
	}
	if (newly)
		*newly = out[0];
	return r & 0xffff;
}

static long signal_ev(uint32_t vp, uint32_t sint, uint32_t flag, int *newly)
{
	struct signal_in in = { part_id, vp, 0, sint, flag };

	return signal_raw(&in, SIGNAL_EVENT_DIRECT, newly);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Is there a whole line @line (or one starting with it) in the console since con_pos? */
static int console_find(const char *line, int prefix)
{
	static char buf[1 << 16];
	size_t want = strlen(line);
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, con_pos);
	char *p;

	if (n <= 0)
		return 0;
	buf[n] = 0;
	for (p = buf; (p = strstr(p, line)); p++)
		if ((p == buf || p[-1] == '\n') && (prefix || p[want] == '\n'))
			return 1;
	return 0;
}

static int console_has(const char *line)
{
	return console_find(line, 0);
}

static int console_has_prefix(const char *start)
{
	return console_find(start, 1);
}

static void print_console(void)
{
	char buf[4096];
	off_t pos;
	ssize_t n;

	for (pos = 0; (n = pread(fd, buf, sizeof(buf), pos)) > 0; pos += n)
		fwrite(buf, 1, n, stdout);
}

/* Nothing more will come: show what there is and stop. */
static void __attribute__((noreturn)) give_up(const char *line, const char *why)
{
	printf("FAIL no console line \"%s\": %s\n", line, why);
	print_console();
	printf("pv-synic: %d passed, %d failed\n", passed, failed + 1);
	exit(1);
}

/*
 * Poll (no sleeping: idle time is slow in Bochs) until @line shows; give
 * up at once if the guest reported a failure or stopped.
 */
static void wait_line(const char *line)
{
	double end = now() + WAIT_S;
	struct partvisor_state st;

	while (!console_has(line)) {
		if (console_has_prefix("synic: FAIL"))
			give_up(line, "the guest failed a check");
		/* Its last lines come before it stops: look once more. */
		if (!ioctl(fd, PARTVISOR_GET_STATE, &st) && st.state != PARTVISOR_STATE_RUNNING &&
		    !console_has(line))
			give_up(line, "the guest stopped");
		if (now() > end)
			give_up(line, "timed out");
		sched_yield();
	}
	passed++;
}

static uint32_t fnv(const uint8_t *p, unsigned int n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* The line the guest prints for a message on SINT2. */
static void message_line(char *out, size_t len, uint32_t type, const uint8_t *p, unsigned int n)
{
	char hex[33] = "";
	unsigned int i;

	for (i = 0; i < n && i < 16; i++)
		sprintf(hex + 2 * i, "%02x", p[i]);
	snprintf(out, len, "synic: message sint=2 type=%u size=%u fnv=%08x head=%s", type, n,
		 fnv(p, n), hex);
}

/* Post on SINT2 and wait for the guest to print it. */
static void post_and_see(uint32_t type, const void *p, unsigned int n, const char *what)
{
	char line[160];

	expect(what, post(0, 2, type, p, n), OK);
	message_line(line, sizeof(line), type, p, n);
	wait_line(line);
}

static void garbage(void)
{
	struct post_in in;
	struct signal_in s;
	uint8_t pl[8] = "garbage";

	/* VP 1 never enables its SynIC (it halts with interrupts off). */
	expect("post to a VP without a message page", post(1, 2, 1, pl, 8), INVALID_VP_STATE);
	expect("signal to a VP without an event page", signal_ev(1, 2, 1, NULL), INVALID_VP_STATE);
	in = good_post(0, 2, 1, pl, 8);
	in.partition_id ^= 1ULL << 32;
	expect("post: stale partition id", post_raw(&in, POST_MESSAGE_DIRECT),
	       INVALID_PARTITION_ID);
	in.partition_id = 0;
	expect("post: partition id 0", post_raw(&in, POST_MESSAGE_DIRECT), INVALID_PARTITION_ID);
	expect("post: VP 2 of 2", post(2, 2, 1, pl, 8), INVALID_VP_INDEX);
	expect("post: VP 16", post(16, 2, 1, pl, 8), INVALID_VP_INDEX);
	expect("post: VP ~0", post(~0U, 2, 1, pl, 8), INVALID_VP_INDEX);
	expect("post: SINT 16", post(0, 16, 1, pl, 8), INVALID_PARAMETER);
	expect("post: type 0", post(0, 2, 0, pl, 8), INVALID_PARAMETER);
	expect("post: hypervisor type", post(0, 2, 0x80000000u, pl, 8), INVALID_PARAMETER);
	in = good_post(0, 2, 1, pl, 8);
	in.m.size = 241;
	expect("post: payload 241", post_raw(&in, POST_MESSAGE_DIRECT), INVALID_PARAMETER);
	in = good_post(0, 2, 1, pl, 8);
	in.vtl = 1;
	expect("post: VTL 1", post_raw(&in, POST_MESSAGE_DIRECT), INVALID_PARAMETER);
	in = good_post(0, 2, 1, pl, 8);
	in.padding[1] = 1;
	expect("post: padding", post_raw(&in, POST_MESSAGE_DIRECT), INVALID_PARAMETER);
	in = good_post(0, 2, 1, pl, 8);
	in.padding2 = 1;
	expect("post: padding2", post_raw(&in, POST_MESSAGE_DIRECT), INVALID_PARAMETER);
	in = good_post(0, 2, 1, pl, 8);
	in.m.flags = 1;
	expect("post: message flags", post_raw(&in, POST_MESSAGE_DIRECT), INVALID_PARAMETER);
	in = good_post(0, 2, 1, pl, 8);
	in.m.reserved = 1;
	expect("post: header reserved", post_raw(&in, POST_MESSAGE_DIRECT), INVALID_PARAMETER);
	in = good_post(0, 2, 1, pl, 8);
	expect("post: rep count", post_raw(&in, POST_MESSAGE_DIRECT | REP(1)), INVALID_INPUT);
	expect("post: fast", post_raw(&in, POST_MESSAGE_DIRECT | FAST), INVALID_INPUT);
	expect("signal: SINT 16", signal_ev(0, 16, 1, NULL), INVALID_PARAMETER);
	expect("signal: flag 2048", signal_ev(0, 2, 2048, NULL), INVALID_PARAMETER);
	expect("signal: VP 2 of 2", signal_ev(2, 2, 1, NULL), INVALID_VP_INDEX);
	s = (struct signal_in){ part_id ^ (1ULL << 32), 0, 0, 2, 1 };
	expect("signal: stale partition id", signal_raw(&s, SIGNAL_EVENT_DIRECT, NULL),
	       INVALID_PARTITION_ID);
	s = (struct signal_in){ part_id, 0, 1, 2, 1 };
	expect("signal: VTL 1", signal_raw(&s, SIGNAL_EVENT_DIRECT, NULL), INVALID_PARAMETER);
	s = (struct signal_in){ part_id, 0, 0, 2, 1 };
	expect("signal: fast", signal_raw(&s, SIGNAL_EVENT_DIRECT | FAST, NULL), INVALID_INPUT);
}

static void first_run(void)
{
	static const uint8_t mask[4] = "mask", done1[1] = { 1 };
	uint8_t big[240];
	char line[160];
	int newly = -1, i;
	long s;

	for (i = 0; i < 240; i++)
		big[i] = i * 7 + 3;
	wait_line("synic: ready, interrupts off");
	post_and_see(1, "phase1", 6, "post while the guest has interrupts off");
	wait_line("synic: PASS interrupt delivered right after STI");
	wait_line("synic: spinning");
	post_and_see(1, big, 240, "post of 240 bytes while the guest spins");
	wait_line("synic: halting");
	post_and_see(1, "halted", 6, "post while the guest halts");
	post_and_see(1, "", 0, "post of an empty payload");

	/* Events on SINT5 (auto-EOI), then SINT2 must still interrupt. */
	expect("signal SINT5 flag 100", signal_ev(0, 5, 100, &newly), OK);
	expect("signal SINT5 flag 100: newly set", newly, 1);
	wait_line("synic: event sint=5 flag=100");
	expect("signal SINT5 flag 2047", signal_ev(0, 5, 2047, &newly), OK);
	wait_line("synic: event sint=5 flag=2047");
	post_and_see(1, "after auto-EOI", 14, "post after SINT5 events");

	/* A full slot: refused until the guest's EOM. */
	post_and_see(1, "before hold", 11, "post before the hold");
	expect("post of a message the guest holds", post(0, 2, 2, "hold", 4), OK);
	wait_line("synic: holding slot 2");
	expect("post to the full slot", post(0, 2, 1, "queued", 6), INSUFFICIENT_BUFFERS);
	expect("post to the full slot, again", post(0, 2, 1, "queued", 6), INSUFFICIENT_BUFFERS);
	expect("signal SINT2 flag 7 (release)", signal_ev(0, 2, 7, &newly), OK);
	wait_line("synic: event sint=2 flag=7");
	message_line(line, sizeof(line), 2, (const uint8_t *)"hold", 4);
	wait_line(line);
	wait_line("synic: msg_pending set, EOM written");
	/* The EOM reached the root before the guest went on: the slot is free now. */
	for (i = 0; i < 100000 && (s = post(0, 2, 1, "queued", 6)) == INSUFFICIENT_BUFFERS; i++)
		sched_yield();
	expect("post after the EOM", s, OK);
	message_line(line, sizeof(line), 1, (const uint8_t *)"queued", 6);
	wait_line(line);

	/* Masked SINT3: into the slot and the flags, no interrupt. */
	expect("post to masked SINT3", post(0, 3, 5, mask, 4), OK);
	expect("signal masked SINT3 flag 9", signal_ev(0, 3, 9, &newly), OK);
	expect("signal masked SINT3 flag 9: newly set", newly, 1);
	expect("signal masked SINT3 flag 9 again", signal_ev(0, 3, 9, &newly), OK);
	expect("signal masked SINT3 flag 9 again: already set", newly, 0);
	expect("post done", post(0, 2, 3, done1, 1), OK);
}

static int wait_stopped(const char *what)
{
	struct partvisor_wait w = { .timeout_ms = WAIT_S * 1000 };
	struct partvisor_state st;

	if (ioctl(fd, PARTVISOR_WAIT, &w))
		printf("FAIL %s: PARTVISOR_WAIT: %s\n", what, strerror(errno));
	if (ioctl(fd, PARTVISOR_GET_STATE, &st)) {
		printf("FAIL %s: PARTVISOR_GET_STATE: %s\n", what, strerror(errno));
		return -1;
	}
	expect(what, st.state == PARTVISOR_STATE_STOPPED && (st.flags & PARTVISOR_STATE_F_EXITED) &&
	       !st.exit_code, 1);
	if (st.state != PARTVISOR_STATE_STOPPED || st.exit_code)
		printf("pv-synic: %s: state %u exit %u crash %u detail %#llx\n", what, st.state,
		       st.exit_code, st.crash_reason, (unsigned long long)st.crash_detail);
	return 0;
}

static void *read_file(const char *path, size_t *len)
{
	struct stat st;
	void *buf;
	int f = open(path, O_RDONLY);

	if (f < 0 || fstat(f, &st)) {
		perror(path);
		exit(1);
	}
	buf = malloc(st.st_size);
	if (!buf || read(f, buf, st.st_size) != st.st_size) {
		perror(path);
		exit(1);
	}
	close(f);
	*len = st.st_size;
	return buf;
}

int main(int argc, char **argv)
{
	struct partvisor_create c = { .memory_size = 16 << 20, .vcpus = 2, .name = "synic" };
	static const uint8_t done0[1] = { 0 };
	struct partvisor_image img = { 0 };
	struct partvisor_state st;
	size_t len;

	if (argc != 2) {
		fprintf(stderr, "usage: pv-synic IMAGE\n");
		return 2;
	}
	dev = open(PARTVISOR_DEVICE, O_RDWR);
	if (dev < 0) {
		perror(PARTVISOR_DEVICE);
		return 1;
	}
	fd = ioctl(dev, PARTVISOR_CREATE, &c);
	if (fd < 0) {
		perror("PARTVISOR_CREATE");
		return 1;
	}
	img.data = (uintptr_t)read_file(argv[1], &len);
	img.size = len;
	if (ioctl(fd, PARTVISOR_LOAD_IMAGE, &img) || ioctl(fd, PARTVISOR_GET_STATE, &st)) {
		perror("PARTVISOR_LOAD_IMAGE");
		return 1;
	}
	part_id = st.partition_id;
	expect("GET_STATE gives the partition id", part_id != 0, 1);
	/* Not started: the VPs exist, their SynICs are off. */
	expect("post before start", post(0, 2, 1, "x", 1), INVALID_VP_STATE);
	if (ioctl(fd, PARTVISOR_START)) {
		perror("PARTVISOR_START");
		return 1;
	}
	garbage();
	first_run();
	wait_stopped("first run exits 0");

	/* A restart: the guest must find a fresh SynIC (it checks), and work again. */
	if (ioctl(fd, PARTVISOR_GET_STATE, &st)) {
		perror("PARTVISOR_GET_STATE");
		return 1;
	}
	con_pos = st.console_written;
	if (ioctl(fd, PARTVISOR_START)) {
		perror("PARTVISOR_START (restart)");
		return 1;
	}
	wait_line("synic: PASS fresh SynIC: off, SINTs masked");
	wait_line("synic: ready, interrupts off");
	expect("post done after the restart", post(0, 2, 3, done0, 1), OK);
	wait_stopped("second run exits 0");

	print_console();
	printf("pv-synic: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
