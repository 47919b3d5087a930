// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_vmbus_ring: the root's end of a VMBus ring, over
 * ordinary kernel pages mapped the way the channel layer maps a child's
 * (pv_vmbus_ring_map()). The test plays the child: it reaches the ring
 * through each page's own address, byte by byte, with the published
 * layout, never through the code under test.
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "../vmbus/vmbus_ring.c"

/* A reason to compare; an accepted input (no reason) compares unequal. */
static const char *why(const char *reason)
{
	return reason ?: "(accepted)";
}

#define MAX_DATA_PAGES	3
#define FILL		0xaa	/* data bytes nobody wrote */

struct ring_ctx {
	struct page *pages[1 + MAX_DATA_PAGES];
	unsigned int npages;
	u32 dsize;
	struct hv_ring_buffer *hdr;	/* the child's view of the header */
	struct pv_vmbus_ring root;	/* the end under test */
	struct pv_vmbus_ring peer;	/* a second root end (loopback) */
};

static void ctx_free(struct ring_ctx *c)
{
	unsigned int i;

	pv_vmbus_ring_unmap(&c->root);
	pv_vmbus_ring_unmap(&c->peer);
	for (i = 0; i < c->npages; i++)
		__free_page(c->pages[i]);
	c->npages = 0;
}

/* Fresh pages: a zero header with the child's indices, data all FILL. */
static struct ring_ctx *ctx_new(struct kunit *test, unsigned int data_pages,
				u32 write, u32 read)
{
	struct ring_ctx *c = test->priv;
	unsigned int i;

	ctx_free(c);
	memset(c, 0, sizeof(*c));
	for (i = 0; i < 1 + data_pages; i++) {
		c->pages[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, c->pages[i]);
		c->npages++;
		memset(page_address(c->pages[i]), i ? FILL : 0, PAGE_SIZE);
	}
	c->dsize = data_pages * PAGE_SIZE;
	c->hdr = page_address(c->pages[0]);
	c->hdr->write_index = write;
	c->hdr->read_index = read;
	return c;
}

static struct pv_vmbus_ring *root_end(struct kunit *test, struct ring_ctx *c,
				      enum pv_vmbus_ring_end end)
{
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_map(&c->root, c->pages, c->npages, end,
						PV_VMBUS_PKT_TYPES_DEFAULT), 0);
	return &c->root;
}

static u8 *child_byte(struct ring_ctx *c, u32 off)
{
	off %= c->dsize;
	return (u8 *)page_address(c->pages[1 + off / PAGE_SIZE]) + off % PAGE_SIZE;
}

static void child_put(struct ring_ctx *c, u32 at, const void *src, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		*child_byte(c, at + i) = ((const u8 *)src)[i];
}

static void child_get(struct ring_ctx *c, u32 at, void *dst, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		((u8 *)dst)[i] = *child_byte(c, at + i);
}

static void pattern(u8 *p, u32 len, u32 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed * 31 + i * 7 + 1);
}

/*
 * What a Linux child does to send a packet: descriptor, payload, zero
 * padding, trailer with the start offset, then the new write index.
 */
static u32 child_send(struct ring_ctx *c, u16 type, const void *payload,
		      u32 len, u64 trans_id)
{
	struct vmpacket_descriptor d = {
		.type = type, .offset8 = 2, .len8 = (16 + len + 7) / 8,
		.trans_id = trans_id,
	};
	u32 w = c->hdr->write_index, plen = d.len8 * 8;
	static const u8 zeros[8];
	u64 trailer = (u64)w << 32;

	child_put(c, w, &d, sizeof(d));
	child_put(c, w + 16, payload, len);
	child_put(c, w + 16 + len, zeros, plen - 16 - len);
	child_put(c, w + plen, &trailer, 8);
	c->hdr->write_index = (w + plen + 8) % c->dsize;
	return w;
}

static void ring_write_wraps_at_end(struct kunit *test)
{
	/* Two data pages, 24 bytes before the end: the packet wraps. */
	struct ring_ctx *c = ctx_new(test, 2, 8192 - 24, 8192 - 24);
	struct pv_vmbus_ring *r = root_end(test, c, PV_VMBUS_RING_WRITER);
	struct vmpacket_descriptor d;
	u8 in[40], out[40], after[16], fill[16];
	struct pv_vmbus_ring *rd;
	bool signal;
	u64 trailer;

	KUNIT_ASSERT_EQ(test, r->size, 8192);
	pattern(in, sizeof(in), 1);
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 1, 0x1122334455667788ULL,
						  in, sizeof(in), &signal), 0);
	/* 16 + 40 bytes of packet and 8 of trailer from 8168: ends at 40. */
	KUNIT_EXPECT_EQ(test, c->hdr->write_index, 40);
	child_get(c, 8168, &d, sizeof(d));
	KUNIT_EXPECT_EQ(test, d.type, VM_PKT_DATA_INBAND);
	KUNIT_EXPECT_EQ(test, d.offset8, 2);
	KUNIT_EXPECT_EQ(test, d.len8, 7);
	KUNIT_EXPECT_EQ(test, d.flags, 1);
	KUNIT_EXPECT_EQ(test, d.trans_id, 0x1122334455667788ULL);
	/* 8 payload bytes at the end of the last page, 32 at the start of the first. */
	memcpy(out, (u8 *)page_address(c->pages[2]) + PAGE_SIZE - 8, 8);
	memcpy(out + 8, page_address(c->pages[1]), 32);
	KUNIT_EXPECT_EQ(test, memcmp(out, in, sizeof(in)), 0);
	child_get(c, 32, &trailer, 8);
	KUNIT_EXPECT_EQ(test, trailer, (u64)8168 << 32);
	/* Nothing written past the trailer, nor before the packet. */
	memset(fill, FILL, sizeof(fill));
	child_get(c, 40, after, sizeof(after));
	KUNIT_EXPECT_EQ(test, memcmp(after, fill, sizeof(fill)), 0);
	child_get(c, 8168 - 16, after, sizeof(after));
	KUNIT_EXPECT_EQ(test, memcmp(after, fill, sizeof(fill)), 0);

	/* A root reader over the same pages gets it back across the wrap. */
	rd = &c->peer;
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_map(rd, c->pages, c->npages, PV_VMBUS_RING_READER,
						PV_VMBUS_PKT_TYPES_DEFAULT), 0);
	KUNIT_EXPECT_EQ(test, rd->index, 8168);
	{
		u8 buf[56];

		KUNIT_ASSERT_EQ(test, pv_vmbus_ring_read(rd, buf, sizeof(buf), &d, &signal), 56);
		KUNIT_EXPECT_EQ(test, memcmp(buf + 16, in, sizeof(in)), 0);
		KUNIT_EXPECT_EQ(test, d.trans_id, 0x1122334455667788ULL);
	}
	KUNIT_EXPECT_EQ(test, c->hdr->read_index, 40);

	/* And a packet the child wrapped reads back whole. */
	pattern(in, sizeof(in), 2);
	c->hdr->write_index = 8192 - 16;
	c->hdr->read_index = 8192 - 16;
	rd->index = 8192 - 16;
	KUNIT_EXPECT_EQ(test, child_send(c, VM_PKT_DATA_INBAND, in, sizeof(in), 9), 8176);
	KUNIT_EXPECT_EQ(test, c->hdr->write_index, 48);
	{
		u8 buf[64];

		KUNIT_ASSERT_EQ(test, pv_vmbus_ring_read(rd, buf, sizeof(buf), &d, &signal), 56);
		KUNIT_EXPECT_EQ(test, memcmp(buf + 16, in, sizeof(in)), 0);
		KUNIT_EXPECT_EQ(test, d.trans_id, 9);
	}
	KUNIT_EXPECT_EQ(test, c->hdr->read_index, 48);
}

static void ring_full_refuses_write(struct kunit *test)
{
	struct ring_ctx *c = ctx_new(test, 1, 0, 0);
	struct pv_vmbus_ring *r = root_end(test, c, PV_VMBUS_RING_WRITER);
	u8 *in = kunit_kzalloc(test, 4096, GFP_KERNEL);
	u8 *before = kunit_kzalloc(test, 4096, GFP_KERNEL);
	bool signal = true;

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, before);
	/* 4064 + 16 + 8: the whole ring would make write == read. */
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 1, in, 4072, &signal),
			-EMSGSIZE);
	KUNIT_EXPECT_FALSE(test, signal);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 1, in, U32_MAX,
						  &signal), -EMSGSIZE);
	/* The largest packet: 8 bytes stay free. */
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 1, in, 4064, &signal),
			0);
	KUNIT_EXPECT_EQ(test, c->hdr->write_index, 4088);
	/* Now even an empty packet (24 bytes) does not fit; nothing changes. */
	memcpy(before, page_address(c->pages[1]), 4096);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 2, in, 0, &signal),
			-EAGAIN);
	KUNIT_EXPECT_FALSE(test, signal);
	KUNIT_EXPECT_EQ(test, c->hdr->write_index, 4088);
	KUNIT_EXPECT_EQ(test, r->index, 4088);
	KUNIT_EXPECT_EQ(test, memcmp(before, page_address(c->pages[1]), 4096), 0);

	/* Exactly as many bytes free as the packet takes: still full. */
	c = ctx_new(test, 1, 0, 24);
	r = root_end(test, c, PV_VMBUS_RING_WRITER);
	/* write 0, read 24: 24 free, an empty packet takes 24. */
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 3, in, 0, &signal),
			-EAGAIN);
	c->hdr->read_index = 32;
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 3, in, 0, &signal), 0);
	KUNIT_EXPECT_EQ(test, c->hdr->write_index, 24);
	/* Full again: 8 free. */
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 4, in, 0, &signal),
			-EAGAIN);
}

static void ring_want_space_sets_pending_send(struct kunit *test)
{
	struct ring_ctx *c = ctx_new(test, 1, 0, 0);
	struct pv_vmbus_ring *r = root_end(test, c, PV_VMBUS_RING_WRITER);
	u8 *in = kunit_kzalloc(test, 1000, GFP_KERNEL);
	bool signal;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, in);

	/* The root announces it sets pending_send_sz on its ring. */
	KUNIT_EXPECT_EQ(test, c->hdr->feature_bits.value, 1);
	KUNIT_EXPECT_EQ(test, c->hdr->pending_send_sz, 0);
	/* Four packets of 1024 ring bytes do not fit: the fourth would fill it. */
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, i, in, 1000,
							  &signal), 0);
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 3, in, 1000, &signal),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_want_space(r, 1000), -EAGAIN);
	KUNIT_EXPECT_EQ(test, c->hdr->pending_send_sz, 1024);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_want_space(r, 4096), -EMSGSIZE);
	/* The child consumed one packet: now it fits, the request is withdrawn. */
	c->hdr->read_index = 1024;
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_want_space(r, 1000), 0);
	KUNIT_EXPECT_EQ(test, c->hdr->pending_send_sz, 0);
	/* A write after a standing request also withdraws it. */
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_want_space(r, 2040), -EAGAIN);
	KUNIT_EXPECT_EQ(test, c->hdr->pending_send_sz, 2064);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 3, in, 8, &signal), 0);
	KUNIT_EXPECT_EQ(test, c->hdr->pending_send_sz, 0);
}

static void ring_empty_read_returns_nothing(struct kunit *test)
{
	struct ring_ctx *c = ctx_new(test, 1, 512, 512);
	struct pv_vmbus_ring *r = root_end(test, c, PV_VMBUS_RING_READER);
	struct vmpacket_descriptor d = { .type = 0x77 };
	u8 buf[64], fill[64], in[8] = { 1, 2, 3 };
	bool signal = true;

	memset(buf, 0x5a, sizeof(buf));
	memcpy(fill, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_read(r, buf, sizeof(buf), &d, &signal), 0);
	KUNIT_EXPECT_FALSE(test, signal);
	KUNIT_EXPECT_EQ(test, d.type, 0x77);
	KUNIT_EXPECT_EQ(test, memcmp(buf, fill, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_peek(r, &d), 0);
	KUNIT_EXPECT_EQ(test, c->hdr->read_index, 512);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_unmask(r), 0);
	KUNIT_EXPECT_NULL(test, r->broken);

	/* One packet, read, and the ring is empty again. */
	child_send(c, VM_PKT_DATA_INBAND, in, sizeof(in), 5);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_peek(r, &d), 24);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_read(r, buf, sizeof(buf), &d, &signal), 24);
	KUNIT_EXPECT_EQ(test, c->hdr->read_index, 512 + 32);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_read(r, buf, sizeof(buf), &d, &signal), 0);
	KUNIT_EXPECT_EQ(test, c->hdr->read_index, 512 + 32);
}

struct pending_case {
	const char *name;
	bool feat;
	u32 pending;
	bool signal[3];		/* after each of three reads */
};

static const struct pending_case pending_cases[] = {
	/* 3 packets of 1024 ring bytes in a 4096 ring: 1024 free, then 2048, 3072, 4096. */
	{ "waits for 2000: the first read frees enough", true, 2000, { true, false, false } },
	{ "waits for 3000: the second read frees enough", true, 3000, { false, true, false } },
	{ "waits for 1023: it fits already", true, 1023, { false, false, false } },
	{ "waits for 4096: never fits", true, 4096, { false, false, false } },
	{ "does not wait", true, 0, { false, false, false } },
	{ "no feat_pending_send_sz: polls", false, 2000, { false, false, false } },
};

static void ring_pending_send_signals_writer(struct kunit *test)
{
	u8 *in = kunit_kzalloc(test, 1000, GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, 1024, GFP_KERNEL);
	unsigned int i, k;
	bool signal;

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(in, 3, 1000);
	for (i = 0; i < ARRAY_SIZE(pending_cases); i++) {
		const struct pending_case *pc = &pending_cases[i];
		struct ring_ctx *c = ctx_new(test, 1, 0, 0);
		struct pv_vmbus_ring *r = root_end(test, c, PV_VMBUS_RING_READER);

		for (k = 0; k < 3; k++)
			child_send(c, VM_PKT_DATA_INBAND, in, 1000, k);
		c->hdr->feature_bits.value = pc->feat;
		c->hdr->pending_send_sz = pc->pending;
		KUNIT_EXPECT_EQ(test, pv_vmbus_ring_peer_signals_space(r), pc->feat);
		for (k = 0; k < 3; k++) {
			KUNIT_ASSERT_EQ_MSG(test, pv_vmbus_ring_read(r, buf, 1024, NULL,
								     &signal), 1016,
					    "%s: read %u", pc->name, k);
			KUNIT_EXPECT_EQ_MSG(test, signal, pc->signal[k], "%s: read %u",
					    pc->name, k);
		}
	}
}

static void ring_interrupt_mask_suppresses_signal(struct kunit *test)
{
	struct ring_ctx *c = ctx_new(test, 1, 0, 0);
	struct pv_vmbus_ring *r = root_end(test, c, PV_VMBUS_RING_WRITER);
	u8 in[8] = { };
	bool signal;

	/* Empty ring, child listening: signal. */
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 1, in, 8, &signal), 0);
	KUNIT_EXPECT_TRUE(test, signal);
	/* Not consumed yet: the child is still to read, no signal. */
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 2, in, 8, &signal), 0);
	KUNIT_EXPECT_FALSE(test, signal);
	/* Consumed, but the child masked: no signal. */
	c->hdr->read_index = c->hdr->write_index;
	c->hdr->interrupt_mask = 1;
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 3, in, 8, &signal), 0);
	KUNIT_EXPECT_FALSE(test, signal);
	/* Any non-zero mask counts. */
	c->hdr->read_index = c->hdr->write_index;
	c->hdr->interrupt_mask = 0x80000000;
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 4, in, 8, &signal), 0);
	KUNIT_EXPECT_FALSE(test, signal);
	/* Unmasked and consumed: signal again. */
	c->hdr->read_index = c->hdr->write_index;
	c->hdr->interrupt_mask = 0;
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 5, in, 8, &signal), 0);
	KUNIT_EXPECT_TRUE(test, signal);

	/* Reader end: the root masks while draining, and unmask reports late packets. */
	c = ctx_new(test, 1, 0, 0);
	r = root_end(test, c, PV_VMBUS_RING_READER);
	pv_vmbus_ring_mask(r);
	KUNIT_EXPECT_EQ(test, c->hdr->interrupt_mask, 1);
	child_send(c, VM_PKT_DATA_INBAND, in, sizeof(in), 6);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_unmask(r), 32);
	KUNIT_EXPECT_EQ(test, c->hdr->interrupt_mask, 0);
}

/* The child's index is @bad: every operation that reads it fails, nothing moves. */
static void check_bad_index(struct kunit *test, u32 bad, const char *why_w,
			    const char *why_r)
{
	u8 in[8] = { 1 }, buf[64], fill[64];
	struct pv_vmbus_ring *r;
	struct ring_ctx *c;
	bool signal = true;

	memset(buf, 0x5a, sizeof(buf));
	memcpy(fill, buf, sizeof(buf));

	/* Handed over bad: refused at init, the header untouched. */
	c = ctx_new(test, 1, 0, bad);
	c->hdr->pending_send_sz = 77;
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_map(&c->root, c->pages, c->npages,
						PV_VMBUS_RING_WRITER, 0), -EPROTO);
	KUNIT_EXPECT_STREQ(test, why(c->root.broken), why_r);
	KUNIT_EXPECT_EQ(test, c->hdr->pending_send_sz, 77);
	KUNIT_EXPECT_EQ(test, c->hdr->feature_bits.value, 0);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_write(&c->root, VM_PKT_DATA_INBAND, 0, 1, in, 8,
						  &signal), -EPROTO);

	/* Writer end: the child's read index goes bad later. */
	c = ctx_new(test, 1, 0, 0);
	r = root_end(test, c, PV_VMBUS_RING_WRITER);
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 1, in, 8, &signal), 0);
	c->hdr->read_index = bad;
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 2, in, 8, &signal),
			-EPROTO);
	KUNIT_EXPECT_FALSE(test, signal);
	KUNIT_ASSERT_NOT_NULL(test, r->broken);
	KUNIT_EXPECT_STREQ(test, why(r->broken), why_r);
	KUNIT_EXPECT_EQ(test, c->hdr->write_index, 32);
	child_get(c, 32, buf, 8);
	KUNIT_EXPECT_EQ(test, buf[0], FILL);
	/* Broken for good, even once the index looks right again. */
	c->hdr->read_index = 0;
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, 2, in, 8, &signal),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_want_space(r, 8), -EPROTO);
	KUNIT_EXPECT_EQ(test, c->hdr->write_index, 32);

	/* Reader end: the child's write index is bad. */
	c = ctx_new(test, 1, 0, 0);
	r = root_end(test, c, PV_VMBUS_RING_READER);
	c->hdr->write_index = bad;
	memset(buf, 0x5a, sizeof(buf));
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_read(r, buf, sizeof(buf), NULL, &signal), -EPROTO);
	KUNIT_EXPECT_FALSE(test, signal);
	KUNIT_ASSERT_NOT_NULL(test, r->broken);
	KUNIT_EXPECT_STREQ(test, why(r->broken), why_w);
	KUNIT_EXPECT_EQ(test, c->hdr->read_index, 0);
	KUNIT_EXPECT_EQ(test, r->index, 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf, fill, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_unmask(r), -EPROTO);

	/* Reader end: a bad write index seen by unmask breaks the ring too. */
	c = ctx_new(test, 1, 0, 0);
	r = root_end(test, c, PV_VMBUS_RING_READER);
	c->hdr->write_index = bad;
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_unmask(r), -EPROTO);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_peek(r, (struct vmpacket_descriptor *)buf), -EPROTO);
}

static const u32 out_of_range[] = { 4096, 4104, 8192, 0x80000000, 0xfffffff8 };

static void ring_rejects_index_out_of_range(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(out_of_range); i++)
		check_bad_index(test, out_of_range[i], "write_index beyond the ring data",
				"read_index beyond the ring data");
}

static const u32 misaligned[] = { 1, 4, 7, 12, 4092, 4095 };

static void ring_rejects_misaligned_index(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(misaligned); i++)
		check_bad_index(test, misaligned[i], "write_index not 8-byte aligned",
				"read_index not 8-byte aligned");
}

#define KEEP	(-1)

/* A valid 24-byte-payload packet (len8 5) at 0, then one field changed. */
struct bad_packet {
	const char *name;
	int type, offset8, len8, flags;
	int write_index;	/* where the child says it stopped writing */
	const char *why;
};

static const struct bad_packet bad_packets[] = {
	{ "len8 zero", KEEP, KEEP, 0, KEEP, KEEP, "packet len8 is zero" },
	{ "len8 one", KEEP, KEEP, 1, KEEP, KEEP, "packet shorter than its descriptor" },
	{ "offset8 zero", KEEP, 0, KEEP, KEEP, KEEP, "packet offset8 inside the descriptor" },
	{ "offset8 one", KEEP, 1, KEEP, KEEP, KEEP, "packet offset8 inside the descriptor" },
	{ "offset8 beyond len8", KEEP, 6, KEEP, KEEP, KEEP, "packet offset8 beyond its len8" },
	{ "offset8 max", KEEP, 0xffff, KEEP, KEEP, KEEP, "packet offset8 beyond its len8" },
	{ "len8 max", KEEP, KEEP, 0xffff, KEEP, KEEP, "packet longer than the ring data" },
	{ "len8 the whole ring", KEEP, KEEP, 512, KEEP, KEEP, "packet longer than the ring data" },
	{ "len8 past the bytes written", KEEP, KEEP, 6, KEEP, KEEP,
	  "packet longer than the bytes written" },
	{ "trailer not written", KEEP, KEEP, KEEP, KEEP, 40,
	  "packet longer than the bytes written" },
	{ "half a descriptor", KEEP, KEEP, KEEP, KEEP, 8,
	  "fewer bytes written than a descriptor and trailer" },
	{ "descriptor without trailer", KEEP, KEEP, KEEP, KEEP, 16,
	  "fewer bytes written than a descriptor and trailer" },
	{ "type invalid", VM_PKT_INVALID, KEEP, KEEP, KEEP, KEEP,
	  "packet type not allowed on this ring" },
	{ "type not allowed", VM_PKT_DATA_USING_GPA_DIRECT, KEEP, KEEP, KEEP, KEEP,
	  "packet type not allowed on this ring" },
	{ "type past 31", 0x40, KEEP, KEEP, KEEP, KEEP, "packet type not allowed on this ring" },
	{ "type max", 0xffff, KEEP, KEEP, KEEP, KEEP, "packet type not allowed on this ring" },
	{ "reserved flag 1", KEEP, KEEP, KEEP, 2, KEEP, "reserved packet flags set" },
	{ "reserved flag 15", KEEP, KEEP, KEEP, 0x8000, KEEP, "reserved packet flags set" },
};

static void bad_packet_desc(const struct bad_packet *p, char *desc)
{
	strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_packet, bad_packets, bad_packet_desc);

static void ring_rejects_bad_packet_length(struct kunit *test)
{
	const struct bad_packet *p = test->param_value;
	struct ring_ctx *c = ctx_new(test, 1, 0, 0);
	struct pv_vmbus_ring *r = root_end(test, c, PV_VMBUS_RING_READER);
	struct vmpacket_descriptor d;
	u8 in[24], buf[64], fill[64];
	bool signal = true;

	pattern(in, sizeof(in), 3);
	child_send(c, VM_PKT_DATA_INBAND, in, sizeof(in), 7);
	/* Unchanged, the packet is fine (peek does not consume it). */
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_peek(r, &d), 40);

	child_get(c, 0, &d, sizeof(d));
	if (p->type != KEEP)
		d.type = p->type;
	if (p->offset8 != KEEP)
		d.offset8 = p->offset8;
	if (p->len8 != KEEP)
		d.len8 = p->len8;
	if (p->flags != KEEP)
		d.flags = p->flags;
	child_put(c, 0, &d, sizeof(d));
	if (p->write_index != KEEP)
		c->hdr->write_index = p->write_index;

	memset(buf, 0x5a, sizeof(buf));
	memcpy(fill, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_read(r, buf, sizeof(buf), NULL, &signal), -EPROTO);
	KUNIT_EXPECT_FALSE(test, signal);
	KUNIT_ASSERT_NOT_NULL(test, r->broken);
	KUNIT_EXPECT_STREQ(test, why(r->broken), p->why);
	/* Nothing consumed, nothing copied out. */
	KUNIT_EXPECT_EQ(test, c->hdr->read_index, 0);
	KUNIT_EXPECT_EQ(test, r->index, 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf, fill, sizeof(buf)), 0);
	/* Broken for good: the child cannot repair it. */
	child_send(c, VM_PKT_DATA_INBAND, in, sizeof(in), 8);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_peek(r, &d), -EPROTO);
}

static void ring_accepts_boundary_packets(struct kunit *test)
{
	struct ring_ctx *c = ctx_new(test, 1, 0, 0);
	struct pv_vmbus_ring *r = root_end(test, c, PV_VMBUS_RING_READER);
	u8 *in = kunit_kzalloc(test, 4096, GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, 4096, GFP_KERNEL);
	struct vmpacket_descriptor d;
	bool signal;

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* No payload: offset8 == len8 == 2. */
	child_send(c, VM_PKT_COMP, NULL, 0, 1);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_read(r, buf, 16, &d, &signal), 16);
	KUNIT_EXPECT_EQ(test, d.type, VM_PKT_COMP);
	/* The longest packet a 4096-byte ring holds: 4088 bytes with the trailer. */
	c = ctx_new(test, 1, 0, 0);
	r = root_end(test, c, PV_VMBUS_RING_READER);
	pattern(in, 4064, 4);
	child_send(c, VM_PKT_DATA_INBAND, in, 4064, 2);
	KUNIT_EXPECT_EQ(test, c->hdr->write_index, 4088);
	/* Too small a buffer: -EMSGSIZE, and the packet stays. */
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_read(r, buf, 4079, &d, &signal), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, c->hdr->read_index, 0);
	KUNIT_EXPECT_NULL(test, r->broken);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_read(r, buf, 4096, &d, &signal), 4080);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 16, in, 4064), 0);
	KUNIT_EXPECT_EQ(test, c->hdr->read_index, 4088);
	/* A larger header (offset8 4) with completion requested is fine too. */
	c = ctx_new(test, 1, 0, 0);
	r = root_end(test, c, PV_VMBUS_RING_READER);
	child_send(c, VM_PKT_DATA_INBAND, in, 24, 3);
	child_get(c, 0, &d, sizeof(d));
	d.offset8 = 4;
	d.flags = VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED;
	child_put(c, 0, &d, sizeof(d));
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_read(r, buf, 64, &d, &signal), 40);
	KUNIT_EXPECT_EQ(test, d.offset8, 4);
	KUNIT_EXPECT_EQ(test, d.flags, VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
}

static void ring_trailer_holds_previous_index(struct kunit *test)
{
	static const u32 lens[] = { 1, 8, 13, 0, 100 };
	struct ring_ctx *c = ctx_new(test, 1, 0, 0);
	struct pv_vmbus_ring *r = root_end(test, c, PV_VMBUS_RING_WRITER);
	u32 start = 0, i, k;
	u8 in[100];
	bool signal;

	pattern(in, sizeof(in), 5);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		struct vmpacket_descriptor d;
		u32 plen = ALIGN(16 + lens[i], 8);
		u64 trailer;
		u8 pad;

		KUNIT_ASSERT_EQ(test, pv_vmbus_ring_write(r, VM_PKT_DATA_INBAND, 0, i, in, lens[i],
							  &signal), 0);
		child_get(c, start, &d, sizeof(d));
		KUNIT_EXPECT_EQ(test, d.len8 * 8, plen);
		KUNIT_EXPECT_EQ(test, d.offset8, 2);
		KUNIT_EXPECT_EQ(test, d.trans_id, i);
		/* Padding is zeros, not what the ring held. */
		for (k = 16 + lens[i]; k < plen; k++) {
			child_get(c, start + k, &pad, 1);
			KUNIT_EXPECT_EQ_MSG(test, pad, 0, "packet %u byte %u", i, k);
		}
		child_get(c, start + plen, &trailer, sizeof(trailer));
		KUNIT_EXPECT_EQ_MSG(test, trailer, (u64)start << 32, "packet %u", i);
		start += plen + 8;
		KUNIT_EXPECT_EQ(test, c->hdr->write_index, start);
	}
}

static void ring_loopback_keeps_order_across_wraps(struct kunit *test)
{
	struct ring_ctx *c = ctx_new(test, 3, 0, 0);
	struct pv_vmbus_ring *w = root_end(test, c, PV_VMBUS_RING_WRITER);
	struct pv_vmbus_ring *rd = &c->peer;
	u8 *in = kunit_kzalloc(test, 2048, GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, 2048 + 24, GFP_KERNEL);
	u32 sent = 0, got = 0, wrapped = 0, last = 0, n;
	struct vmpacket_descriptor d;
	bool signal;

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, pv_vmbus_ring_map(rd, c->pages, c->npages, PV_VMBUS_RING_READER,
						PV_VMBUS_PKT_TYPES_DEFAULT), 0);
	while (got < 2000) {
		u32 len = (sent * 37) % 2001;
		int ret;

		pattern(in, len, sent);
		ret = pv_vmbus_ring_write(w, VM_PKT_DATA_INBAND, 0, sent, in, len, &signal);
		if (!ret) {
			sent++;
			if (c->hdr->write_index < last)
				wrapped++;
			last = c->hdr->write_index;
			continue;
		}
		KUNIT_ASSERT_EQ(test, ret, -EAGAIN);
		/* Full: something is in it. Drain half, checking each packet. */
		KUNIT_ASSERT_GT(test, sent, got);
		for (n = (sent - got + 1) / 2; n; n--, got++) {
			u32 want = (got * 37) % 2001;

			KUNIT_ASSERT_EQ(test, pv_vmbus_ring_read(rd, buf, 2048 + 24, &d, &signal),
					(int)ALIGN(16 + want, 8));
			KUNIT_ASSERT_EQ(test, d.trans_id, got);
			pattern(in, want, got);
			KUNIT_ASSERT_EQ(test, memcmp(buf + 16, in, want), 0);
		}
	}
	KUNIT_EXPECT_GT(test, wrapped, 50);
	KUNIT_EXPECT_NULL(test, w->broken);
	KUNIT_EXPECT_NULL(test, rd->broken);
}

static void ring_init_rejects_bad_geometry(struct kunit *test)
{
	struct ring_ctx *c = ctx_new(test, 1, 0, 0);
	struct pv_vmbus_ring r = { .size = 123 };
	void *base = page_address(c->pages[0]);
	u8 buf[16];
	bool signal;

	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_map(&r, c->pages, 1, PV_VMBUS_RING_WRITER, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_map(&r, c->pages, 0, PV_VMBUS_RING_WRITER, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_map(&r, NULL, 2, PV_VMBUS_RING_WRITER, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_map(&r, c->pages, PV_VMBUS_RING_MAX_PAGES + 1,
						PV_VMBUS_RING_WRITER, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_init(&r, base + 8, 2 * PAGE_SIZE,
						 PV_VMBUS_RING_WRITER, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_init(&r, NULL, 2 * PAGE_SIZE,
						 PV_VMBUS_RING_WRITER, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_init(&r, base, 2 * PAGE_SIZE - 8,
						 PV_VMBUS_RING_WRITER, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_init(&r, base, PAGE_SIZE,
						 PV_VMBUS_RING_WRITER, 0), -EINVAL);
	/* A reader accepts some packet types, never VM_PKT_INVALID. */
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_map(&r, c->pages, 2, PV_VMBUS_RING_READER, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_map(&r, c->pages, 2, PV_VMBUS_RING_READER,
						BIT(VM_PKT_INVALID) | BIT(VM_PKT_DATA_INBAND)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_map(&r, c->pages, 2, 7, 0), -EINVAL);
	/* Refused calls leave the end alone. */
	KUNIT_EXPECT_EQ(test, r.size, 123);
	KUNIT_EXPECT_NULL(test, r.vmap);

	/* Each end does only its own half. */
	root_end(test, c, PV_VMBUS_RING_READER);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_write(&c->root, VM_PKT_DATA_INBAND, 0, 0, buf, 8,
						  &signal), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_want_space(&c->root, 8), -EINVAL);
	pv_vmbus_ring_unmap(&c->root);
	root_end(test, c, PV_VMBUS_RING_WRITER);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_read(&c->root, buf, sizeof(buf), NULL, &signal),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_ring_unmask(&c->root), -EINVAL);
	KUNIT_EXPECT_FALSE(test, pv_vmbus_ring_peer_signals_space(&c->root));
}

static int ring_test_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct ring_ctx), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void ring_test_exit(struct kunit *test)
{
	ctx_free(test->priv);
}

static struct kunit_case pv_vmbus_ring_cases[] = {
	KUNIT_CASE(ring_write_wraps_at_end),
	KUNIT_CASE(ring_full_refuses_write),
	KUNIT_CASE(ring_want_space_sets_pending_send),
	KUNIT_CASE(ring_empty_read_returns_nothing),
	KUNIT_CASE(ring_pending_send_signals_writer),
	KUNIT_CASE(ring_interrupt_mask_suppresses_signal),
	KUNIT_CASE(ring_rejects_index_out_of_range),
	KUNIT_CASE(ring_rejects_misaligned_index),
	KUNIT_CASE_PARAM(ring_rejects_bad_packet_length, bad_packet_gen_params),
	KUNIT_CASE(ring_accepts_boundary_packets),
	KUNIT_CASE(ring_trailer_holds_previous_index),
	KUNIT_CASE(ring_loopback_keeps_order_across_wraps),
	KUNIT_CASE(ring_init_rejects_bad_geometry),
	{}
};

static struct kunit_suite pv_vmbus_ring_suite = {
	.name = "partvisor_vmbus_ring",
	.init = ring_test_init,
	.exit = ring_test_exit,
	.test_cases = pv_vmbus_ring_cases,
};

kunit_test_suite(pv_vmbus_ring_suite);
