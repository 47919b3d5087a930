// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_ring: the partition console ring.
 */
#include <kunit/test.h>

#include "../partmgr/pt_ring.c"

#define RING_SIZE	64

static struct pv_pt_ring *new_ring(struct kunit *test)
{
	struct pv_pt_ring *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	char *buf = kunit_kzalloc(test, RING_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, pv_pt_ring_init(r, buf, RING_SIZE), 0);
	return r;
}

/* Bytes 0..n-1 of a recognisable stream starting at absolute position p. */
static void fill(char *s, u64 p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		s[i] = (char)((p + i) * 7 + 1);
}

static void ring_init_rejects_bad_sizes(struct kunit *test)
{
	static const u32 bad[] = { 0, 1, 32, 63, 65, 96, 100, 4095,
				   (16U << 20) + 1, 32U << 20, 0x80000000U,
				   U32_MAX };
	struct pv_pt_ring r = { .buf = NULL, .size = 7, .written = 9 };
	char *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, pv_pt_ring_init(&r, buf, bad[i]), -EINVAL,
				    "size %u", bad[i]);
	KUNIT_EXPECT_EQ(test, pv_pt_ring_init(&r, NULL, 64), -EINVAL);
	/* Rejected calls leave the ring alone. */
	KUNIT_EXPECT_EQ(test, r.size, 7);
	KUNIT_EXPECT_EQ(test, r.written, 9);

	/* Sizes are not dereferenced by init: the bounds themselves pass. */
	KUNIT_EXPECT_EQ(test, pv_pt_ring_init(&r, buf, 64), 0);
	KUNIT_EXPECT_EQ(test, r.written, 0);
	KUNIT_EXPECT_EQ(test, pv_pt_ring_init(&r, buf, 128), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_ring_init(&r, buf, 16U << 20), 0);
	KUNIT_EXPECT_EQ(test, r.size, 16U << 20);
}

static void ring_reads_at_the_head(struct kunit *test)
{
	struct pv_pt_ring *r = new_ring(test);
	char out[16], in[10];
	u64 pos = 0, lost = 99;

	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, sizeof(out), &lost), 0);
	KUNIT_EXPECT_EQ(test, pos, 0);
	KUNIT_EXPECT_EQ(test, lost, 0);

	fill(in, 0, sizeof(in));
	pv_pt_ring_put(r, in, sizeof(in));
	KUNIT_EXPECT_EQ(test, r->written, 10);
	/* Short read, then the rest, then nothing. */
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, 4, &lost), 4);
	KUNIT_EXPECT_EQ(test, pos, 4);
	KUNIT_EXPECT_EQ(test, memcmp(out, in, 4), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, sizeof(out), &lost), 6);
	KUNIT_EXPECT_EQ(test, memcmp(out, in + 4, 6), 0);
	KUNIT_EXPECT_EQ(test, pos, 10);
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, sizeof(out), &lost), 0);
	KUNIT_EXPECT_EQ(test, pos, 10);
	KUNIT_EXPECT_EQ(test, lost, 0);

	/* A position beyond the head was never handed out: back to the head. */
	pos = 1000;
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, sizeof(out), NULL), 0);
	KUNIT_EXPECT_EQ(test, pos, 10);
}

static void ring_wraps_around(struct kunit *test)
{
	struct pv_pt_ring *r = new_ring(test);
	char in[50], out[64], want[64];
	u64 pos = 0, lost;

	fill(in, 0, 50);
	pv_pt_ring_put(r, in, 50);
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, 40, &lost), 40);
	fill(in, 50, 30);
	pv_pt_ring_put(r, in, 30);	/* 50..79: wraps at 64 */
	KUNIT_EXPECT_EQ(test, r->written, 80);
	/* 40..79 are all still there: a read across the wrap point. */
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, sizeof(out), &lost), 40);
	KUNIT_EXPECT_EQ(test, lost, 0);
	fill(want, 40, 40);
	KUNIT_EXPECT_EQ(test, memcmp(out, want, 40), 0);
	KUNIT_EXPECT_EQ(test, pos, 80);
	/* The buffer itself holds positions 64..79 at its start. */
	fill(want, 64, 16);
	KUNIT_EXPECT_EQ(test, memcmp(r->buf, want, 16), 0);
}

static void ring_reports_lost_bytes(struct kunit *test)
{
	struct pv_pt_ring *r = new_ring(test);
	char *in = kunit_kzalloc(test, 1000, GFP_KERNEL);
	char out[64], want[64];
	u64 pos = 0, lost = 0;

	KUNIT_ASSERT_NOT_NULL(test, in);
	fill(in, 0, 100);
	pv_pt_ring_put(r, in, 100);
	/* Oldest kept is 36: the reader at 0 missed 36 bytes. */
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, 10, &lost), 10);
	KUNIT_EXPECT_EQ(test, lost, 36);
	KUNIT_EXPECT_EQ(test, pos, 46);
	fill(want, 36, 10);
	KUNIT_EXPECT_EQ(test, memcmp(out, want, 10), 0);
	/* Caught up: no more loss reported. */
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, 64, &lost), 54);
	KUNIT_EXPECT_EQ(test, lost, 0);
	KUNIT_EXPECT_EQ(test, pos, 100);

	/* One put larger than the ring keeps its last 64 bytes. */
	fill(in, 100, 1000);
	pv_pt_ring_put(r, in, 1000);
	KUNIT_EXPECT_EQ(test, r->written, 1100);
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, 64, &lost), 64);
	KUNIT_EXPECT_EQ(test, lost, 1000 - 64);
	fill(want, 1100 - 64, 64);
	KUNIT_EXPECT_EQ(test, memcmp(out, want, 64), 0);
	KUNIT_EXPECT_EQ(test, pos, 1100);

	/* Exactly one ring behind loses nothing. */
	pos = 1100 - 64;
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, 1, &lost), 1);
	KUNIT_EXPECT_EQ(test, lost, 0);
	pos = 1100 - 65;
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, 1, &lost), 1);
	KUNIT_EXPECT_EQ(test, lost, 1);
	KUNIT_EXPECT_EQ(test, out[0], want[0]);
}

static void ring_counts_past_32_bits(struct kunit *test)
{
	struct pv_pt_ring *r = new_ring(test);
	char in[8], out[8];
	u64 pos, lost;

	/* A long-lived console: positions do not wrap at 4 GiB. */
	r->written = 0xfffffffcULL;
	pos = r->written;
	fill(in, pos, 8);
	pv_pt_ring_put(r, in, 8);
	KUNIT_EXPECT_EQ(test, r->written, 0x100000004ULL);
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, 8, &lost), 8);
	KUNIT_EXPECT_EQ(test, memcmp(out, in, 8), 0);
	KUNIT_EXPECT_EQ(test, pos, 0x100000004ULL);
	pos = 0;
	KUNIT_EXPECT_EQ(test, pv_pt_ring_read(r, &pos, out, 8, &lost), 8);
	KUNIT_EXPECT_EQ(test, lost, 0x100000004ULL - RING_SIZE);
}

static struct kunit_case pv_ring_cases[] = {
	KUNIT_CASE(ring_init_rejects_bad_sizes),
	KUNIT_CASE(ring_reads_at_the_head),
	KUNIT_CASE(ring_wraps_around),
	KUNIT_CASE(ring_reports_lost_bytes),
	KUNIT_CASE(ring_counts_past_32_bits),
	{}
};

static struct kunit_suite pv_ring_suite = {
	.name = "partvisor_ring",
	.test_cases = pv_ring_cases,
};

kunit_test_suite(pv_ring_suite);
