// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side test of the guests' VMBus ring (vmbus.c), built with the host
 * compiler and AddressSanitizer/UBSan: make -C tests/guests vmbus-test.
 * The ring memory is allocated to its exact size, so any access outside
 * it is reported. Prints one line per failed check and a summary; exits
 * 0 only if every check passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmbus.h"

static int checks, fails;

#define CHECK(cond) do {						\
		checks++;						\
		if (!(cond)) {						\
			fails++;					\
			printf("FAIL %s:%d: %s\n", __func__, __LINE__, #cond); \
		}							\
	} while (0)

#define PAGES	2
#define BYTES	(PAGES * VMBUS_PAGE_SIZE)
#define DSIZE	(BYTES - VMBUS_PAGE_SIZE)

static void *ring_mem(void)
{
	void *p = aligned_alloc(VMBUS_PAGE_SIZE, BYTES);

	if (!p)
		abort();
	memset(p, 0xaa, BYTES);
	return p;
}

static void pattern(uint8_t *p, uint32_t n, uint32_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed * 31 + i * 7 + 1);
}

/* A writer and a reader over one ring, as the two partitions would be. */
static void pair(void *mem, struct vsc_ring *w, struct vsc_ring *rd)
{
	CHECK(vsc_ring_init(rd, mem, BYTES, false) == 0);
	CHECK(vsc_ring_init(w, mem, BYTES, true) == 0);
}

static void test_loopback_wraps(void)
{
	uint8_t in[700], buf[800];
	uint32_t sent = 0, got = 0, wraps = 0, last = 0;
	struct vsc_ring w, rd;
	struct vmbus_pkt_desc d;
	void *mem = ring_mem();
	bool sig;

	pair(mem, &w, &rd);
	while (got < 3000) {
		uint32_t len = (sent * 37) % 700;
		int ret;

		pattern(in, len, sent);
		ret = vsc_ring_write(&w, VMBUS_PKT_DATA_INBAND, 0, sent, in, len, &sig);
		if (!ret) {
			sent++;
			wraps += w.hdr->write_index < last;
			last = w.hdr->write_index;
			continue;
		}
		CHECK(ret == VMBUS_EAGAIN);
		for (uint32_t n = (sent - got + 1) / 2; n; n--, got++) {
			uint32_t want = (got * 37) % 700;

			CHECK(vsc_ring_read(&rd, buf, sizeof(buf), &d, &sig) ==
			      (int)((16 + want + 7) & ~7u));
			CHECK(d.trans_id == got);
			pattern(in, want, got);
			CHECK(!memcmp(buf + 16, in, want));
		}
		if (fails)
			break;
	}
	CHECK(wraps > 100);
	CHECK(!w.broken && !rd.broken);
	free(mem);
}

static void test_full_and_trailer(void)
{
	static uint8_t in[DSIZE];
	struct vsc_ring w, rd;
	void *mem = ring_mem();
	uint64_t trailer;
	bool sig;

	pair(mem, &w, &rd);
	CHECK(vsc_ring_write(&w, VMBUS_PKT_DATA_INBAND, 0, 1, in, DSIZE - 24, &sig) ==
	      VMBUS_EMSGSIZE);
	CHECK(vsc_ring_write(&w, VMBUS_PKT_DATA_INBAND, 0, 1, in, 5, &sig) == 0);
	CHECK(sig);	/* empty to non-empty, reader listening */
	memcpy(&trailer, w.data + 24, 8);
	CHECK(trailer == 0);
	CHECK(vsc_ring_write(&w, VMBUS_PKT_DATA_INBAND, 0, 2, in, 13, &sig) == 0);
	CHECK(!sig);	/* not consumed yet */
	memcpy(&trailer, w.data + 32 + 32, 8);
	CHECK(trailer == (uint64_t)32 << 32);
	CHECK(w.hdr->write_index == 72);
	/* Fill to exactly "one more empty packet would make write == read". */
	CHECK(vsc_ring_write(&w, VMBUS_PKT_DATA_INBAND, 0, 3, in, DSIZE - 72 - 24 - 24, &sig) == 0);
	CHECK(w.hdr->write_index == DSIZE - 24);
	CHECK(vsc_ring_write(&w, VMBUS_PKT_DATA_INBAND, 0, 4, in, 0, &sig) == VMBUS_EAGAIN);
	CHECK(vsc_ring_want_space(&w, 0) == VMBUS_EAGAIN);
	CHECK(w.hdr->pending_send_sz == 24);
	/* The root reads one packet: 32 bytes freed, the reader says signal. */
	{
		uint8_t buf[64];

		CHECK(vsc_ring_read(&rd, buf, sizeof(buf), NULL, &sig) == 24);
		CHECK(sig);
	}
	CHECK(vsc_ring_want_space(&w, 0) == 0);
	CHECK(w.hdr->pending_send_sz == 0);
	free(mem);
}

static void test_hostile_root(void)
{
	static const struct { uint16_t type, off8, len8, flags; uint32_t windex; } bad[] = {
		{ VMBUS_PKT_DATA_INBAND, 2, 0, 0, 48 },
		{ VMBUS_PKT_DATA_INBAND, 2, 1, 0, 48 },
		{ VMBUS_PKT_DATA_INBAND, 1, 5, 0, 48 },
		{ VMBUS_PKT_DATA_INBAND, 6, 5, 0, 48 },
		{ VMBUS_PKT_DATA_INBAND, 2, 0xffff, 0, 48 },
		{ VMBUS_PKT_DATA_INBAND, 2, 6, 0, 48 },
		{ VMBUS_PKT_DATA_INBAND, 2, 5, 0, 40 },
		{ VMBUS_PKT_DATA_INBAND, 2, 5, 0, 16 },
		{ VMBUS_PKT_INVALID, 2, 5, 0, 48 },
		{ VMBUS_PKT_DATA_USING_GPA_DIRECT, 2, 5, 0, 48 },
		{ 0xffff, 2, 5, 0, 48 },
		{ VMBUS_PKT_DATA_INBAND, 2, 5, 2, 48 },
		{ VMBUS_PKT_DATA_INBAND, 2, 5, 0, DSIZE },
		{ VMBUS_PKT_DATA_INBAND, 2, 5, 0, 44 },
	};
	uint8_t in[24] = { 1 }, buf[64];

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		void *mem = ring_mem();
		struct vsc_ring w, rd;
		struct vmbus_pkt_desc d;
		bool sig = true;

		pair(mem, &w, &rd);
		CHECK(vsc_ring_write(&w, VMBUS_PKT_DATA_INBAND, 0, 7, in, 24, &sig) == 0);
		CHECK(vsc_ring_peek(&rd, &d) == 40);
		memcpy(&d, w.data, sizeof(d));
		d.type = bad[i].type;
		d.offset8 = bad[i].off8;
		d.len8 = bad[i].len8;
		d.flags = bad[i].flags;
		memcpy(w.data, &d, sizeof(d));
		w.hdr->write_index = bad[i].windex;
		memset(buf, 0x5a, sizeof(buf));
		CHECK(vsc_ring_read(&rd, buf, sizeof(buf), NULL, &sig) == VMBUS_EPROTO);
		CHECK(!sig && rd.broken && rd.hdr->read_index == 0 && buf[0] == 0x5a);
		if (!rd.broken)
			printf("     case %u accepted\n", i);
		free(mem);
	}
	/* The root's read index out of range or misaligned. */
	for (uint32_t bad_read = 4; bad_read <= DSIZE; bad_read += DSIZE - 4) {
		void *mem = ring_mem();
		struct vsc_ring w, rd;
		bool sig;

		pair(mem, &w, &rd);
		w.hdr->read_index = bad_read;
		CHECK(vsc_ring_write(&w, VMBUS_PKT_DATA_INBAND, 0, 1, in, 8, &sig) ==
		      VMBUS_EPROTO);
		CHECK(w.hdr->write_index == 0 && w.broken);
		free(mem);
	}
}

static void test_mask(void)
{
	struct vsc_ring w, rd;
	void *mem = ring_mem();
	uint8_t in[8] = { 0 };
	bool sig;

	pair(mem, &w, &rd);
	vsc_ring_mask(&rd);
	CHECK(rd.hdr->interrupt_mask == 1);
	CHECK(vsc_ring_write(&w, VMBUS_PKT_DATA_INBAND, 0, 1, in, 8, &sig) == 0);
	CHECK(!sig);
	CHECK(vsc_ring_unmask(&rd) == 32);
	CHECK(rd.hdr->interrupt_mask == 0);
	free(mem);
}

int main(void)
{
	test_loopback_wraps();
	test_full_and_trailer();
	test_hostile_root();
	test_mask();
	printf("vmbus-test: %d checks, %d failed\n", checks, fails);
	return fails ? 1 : 0;
}
