// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_vmbus_msg: the table of channel messages a child
 * may send, their checks, and VMBus version negotiation. Sizes are written
 * out as numbers: what a Linux child's hv_vmbus posts, checked against
 * the table rather than derived from it.
 */
#include <kunit/test.h>

#include "../vmbus/vmbus_msg.c"

/* A reason to compare; an accepted input (no reason) compares unequal. */
static const char *why(const char *reason)
{
	return reason ?: "(accepted)";
}

/* A message as the caller holds it: a private copy of the payload. */
struct msg_buf {
	union {
		u8 b[PV_VMBUS_MSG_MAX + 16];
		u64 align;
	};
};

static void *msg_init(struct msg_buf *m, u32 type)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->b, &type, sizeof(type));
	return m->b;
}

/* A GPADL_HEADER over @byte_count bytes at @byte_offset, carrying @carried PFNs. */
static u32 gpadl_header(struct msg_buf *m, u32 byte_offset, u32 byte_count, u32 pfns,
			u32 carried)
{
	struct vmbus_channel_gpadl_header *h = msg_init(m, CHANNELMSG_GPADL_HEADER);
	struct gpa_range r = { .byte_count = byte_count, .byte_offset = byte_offset };
	u64 pfn;
	u32 i;

	h->child_relid = 1;
	h->gpadl = 0xe1e10;
	h->rangecount = 1;
	h->range_buflen = 8 + pfns * 8;
	memcpy(m->b + 20, &r, sizeof(r));
	for (i = 0; i < carried && 28 + i * 8 < sizeof(m->b); i++) {
		pfn = 0x1000 + i;
		memcpy(m->b + 28 + i * 8, &pfn, sizeof(pfn));
	}
	return 28 + carried * 8;
}

struct child_msg {
	u32 type;
	int handler;
	u32 min;
};

static const struct child_msg child_msgs[] = {
	{ CHANNELMSG_INITIATE_CONTACT, PV_VMBUS_MSG_H_INITIATE_CONTACT, 40 },
	{ CHANNELMSG_REQUESTOFFERS, PV_VMBUS_MSG_H_REQUEST_OFFERS, 8 },
	{ CHANNELMSG_OPENCHANNEL, PV_VMBUS_MSG_H_OPEN_CHANNEL, 148 },
	{ CHANNELMSG_CLOSECHANNEL, PV_VMBUS_MSG_H_CLOSE_CHANNEL, 12 },
	{ CHANNELMSG_GPADL_HEADER, PV_VMBUS_MSG_H_GPADL_HEADER, 36 },
	{ CHANNELMSG_GPADL_BODY, PV_VMBUS_MSG_H_GPADL_BODY, 24 },
	{ CHANNELMSG_GPADL_TEARDOWN, PV_VMBUS_MSG_H_GPADL_TEARDOWN, 16 },
	{ CHANNELMSG_RELID_RELEASED, PV_VMBUS_MSG_H_RELID_RELEASED, 12 },
	{ CHANNELMSG_UNLOAD, PV_VMBUS_MSG_H_UNLOAD, 8 },
	{ CHANNELMSG_TL_CONNECT_REQUEST, PV_VMBUS_MSG_H_TL_CONNECT_REQUEST, 40 },
	{ CHANNELMSG_MODIFYCHANNEL, PV_VMBUS_MSG_H_MODIFY_CHANNEL, 16 },
};

static void child_msg_desc(const struct child_msg *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", pv_vmbus_msg_name(c->type));
}

KUNIT_ARRAY_PARAM(child_msg, child_msgs, child_msg_desc);

/* Valid contents for the types whose contents are checked. */
static void *child_msg_fill(struct msg_buf *m, u32 type)
{
	void *msg = msg_init(m, type);

	if (type == CHANNELMSG_GPADL_HEADER)
		gpadl_header(m, 0, 4096, 1, 1);
	if (type == CHANNELMSG_OPENCHANNEL)
		((struct vmbus_channel_open_channel *)msg)->downstream_ringbuffer_pageoffset = 2;
	return msg;
}

static void msg_too_short_is_rejected(struct kunit *test)
{
	const struct child_msg *c = test->param_value;
	struct pv_vmbus_msg_info info;
	struct msg_buf m;
	void *msg = child_msg_fill(&m, c->type);
	u32 size;

	for (size = 0; size < c->min; size++) {
		KUNIT_EXPECT_EQ_MSG(test, pv_vmbus_msg_validate(msg, size, &info), -EBADMSG,
				    "size %u", size);
		KUNIT_ASSERT_NOT_NULL(test, info.why);
		KUNIT_EXPECT_STREQ_MSG(test, why(info.why),
				       size < 8 ? "message shorter than its header" :
				       "message shorter than its type", "size %u", size);
	}
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(msg, c->min, &info), c->handler);
	KUNIT_EXPECT_NULL(test, info.why);
	KUNIT_EXPECT_EQ(test, info.type, c->type);
	KUNIT_EXPECT_EQ(test, info.min_size, c->min);
}

static void msg_gpadl_with_more_pfns_than_payload_is_rejected(struct kunit *test)
{
	struct pv_vmbus_msg_info info;
	struct msg_buf m;
	u32 size;

	/* 5 pages, all 5 PFNs present: fine. */
	size = gpadl_header(&m, 0, 5 * 4096, 5, 5);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info),
			PV_VMBUS_MSG_H_GPADL_HEADER);
	KUNIT_EXPECT_EQ(test, info.gpadl_pfns, 5);
	KUNIT_EXPECT_EQ(test, info.pfns, 5);
	/* 5 pages, the payload holds 4: rejected. */
	size = gpadl_header(&m, 0, 5 * 4096, 5, 4);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why),
			   "GPADL range spans more PFNs than the header holds");
	/* ... or 6: rejected too. */
	size = gpadl_header(&m, 0, 5 * 4096, 5, 6);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why),
			   "GPADL header holds more PFNs than its range spans");
	/* An offset into the first page spans one page more. */
	size = gpadl_header(&m, 100, 5 * 4096, 5, 5);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why), "GPADL range_buflen does not match its byte count");
	size = gpadl_header(&m, 100, 5 * 4096, 6, 6);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info),
			PV_VMBUS_MSG_H_GPADL_HEADER);
	KUNIT_EXPECT_EQ(test, info.gpadl_pfns, 6);

	/* 30 pages: the header is full (26 PFNs, 236 bytes), bodies bring 4. */
	size = gpadl_header(&m, 0, 30 * 4096, 30, 26);
	KUNIT_EXPECT_EQ(test, size, 236);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info),
			PV_VMBUS_MSG_H_GPADL_HEADER);
	KUNIT_EXPECT_EQ(test, info.gpadl_pfns, 30);
	KUNIT_EXPECT_EQ(test, info.pfns, 26);
	size = gpadl_header(&m, 0, 30 * 4096, 30, 25);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why),
			   "GPADL range spans more PFNs than the header holds");
	/* Half a PFN. */
	size = gpadl_header(&m, 0, 2 * 4096, 2, 2);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size - 4, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why),
			   "GPADL header PFN array not a whole number of PFNs");
	/* 27 claimed and 27 sent: more than a SynIC message holds. */
	size = gpadl_header(&m, 0, 27 * 4096, 27, 27);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why), "message longer than a SynIC message payload");
}

static void msg_gpadl_bad_range_is_rejected(struct kunit *test)
{
	struct vmbus_channel_gpadl_header *h;
	struct pv_vmbus_msg_info info;
	struct msg_buf m;
	u32 size;

	size = gpadl_header(&m, 0, 4096, 1, 1);
	h = (void *)m.b;
	h->rangecount = 0;
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why), "GPADL without a GPA range");
	h->rangecount = 2;
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why), "GPADL with more than one GPA range");

	size = gpadl_header(&m, 0, 0, 0, 1);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why), "GPA range of zero bytes");
	size = gpadl_header(&m, 4096, 4096, 2, 2);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why), "GPA range offset beyond its first page");
	/* byte_count near 4 GiB: 2^20 pages, more than range_buflen can say. */
	size = gpadl_header(&m, 0, U32_MAX, 0xffff, 26);
	h->range_buflen = 0xffff;
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why), "GPADL range_buflen does not match its byte count");
	/* The largest GPADL range_buflen allows: 8190 pages. */
	size = gpadl_header(&m, 0, 8190 * 4096, 8190, 26);
	KUNIT_EXPECT_EQ(test, h->range_buflen, 8 + 8190 * 8);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, size, &info),
			PV_VMBUS_MSG_H_GPADL_HEADER);
	KUNIT_EXPECT_EQ(test, info.gpadl_pfns, 8190);
}

static void msg_gpadl_body_carries_whole_pfns(struct kunit *test)
{
	struct pv_vmbus_msg_info info;
	struct msg_buf m;

	msg_init(&m, CHANNELMSG_GPADL_BODY);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, 24, &info), PV_VMBUS_MSG_H_GPADL_BODY);
	KUNIT_EXPECT_EQ(test, info.pfns, 1);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, 240, &info), PV_VMBUS_MSG_H_GPADL_BODY);
	KUNIT_EXPECT_EQ(test, info.pfns, 28);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, 28, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why), "GPADL body PFN array not a whole number of PFNs");
}

static void msg_open_channel_needs_an_upstream_ring(struct kunit *test)
{
	struct vmbus_channel_open_channel *oc;
	struct pv_vmbus_msg_info info;
	struct msg_buf m;

	oc = msg_init(&m, CHANNELMSG_OPENCHANNEL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, sizeof(*oc), &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why),
			   "OPENCHANNEL leaves the upstream ring no data page");
	oc->downstream_ringbuffer_pageoffset = 1;
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, sizeof(*oc), &info), -EBADMSG);
	oc->downstream_ringbuffer_pageoffset = 2;
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, sizeof(*oc), &info),
			PV_VMBUS_MSG_H_OPEN_CHANNEL);
}

static void msg_unknown_type_is_rejected(struct kunit *test)
{
	static const u32 unknown[] = { CHANNELMSG_INVALID, CHANNELMSG_18, CHANNELMSG_19,
				       CHANNELMSG_20, CHANNELMSG_COUNT, 26, 0x100, 0x80000000,
				       U32_MAX };
	static const u32 host_only[] = {
		CHANNELMSG_OFFERCHANNEL, CHANNELMSG_RESCIND_CHANNELOFFER,
		CHANNELMSG_ALLOFFERS_DELIVERED, CHANNELMSG_OPENCHANNEL_RESULT,
		CHANNELMSG_GPADL_CREATED, CHANNELMSG_GPADL_TORNDOWN,
		CHANNELMSG_VERSION_RESPONSE, CHANNELMSG_UNLOAD_RESPONSE,
		CHANNELMSG_TL_CONNECT_RESULT, CHANNELMSG_MODIFYCHANNEL_RESPONSE,
	};
	struct pv_vmbus_msg_info info;
	struct msg_buf m;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		msg_init(&m, unknown[i]);
		KUNIT_EXPECT_EQ_MSG(test, pv_vmbus_msg_validate(m.b, 240, &info), -EBADMSG,
				    "type %u", unknown[i]);
		KUNIT_EXPECT_STREQ(test, why(info.why), "unknown message type");
		KUNIT_EXPECT_EQ(test, info.type, unknown[i]);
		KUNIT_EXPECT_STREQ(test, pv_vmbus_msg_name(unknown[i]), "unknown");
	}
	/* Real types, but only the host sends them: a child doing so is lying. */
	for (i = 0; i < ARRAY_SIZE(host_only); i++) {
		msg_init(&m, host_only[i]);
		KUNIT_EXPECT_EQ_MSG(test, pv_vmbus_msg_validate(m.b, 240, &info), -EBADMSG,
				    "type %u", host_only[i]);
		KUNIT_EXPECT_STREQ(test, why(info.why), "message type only the host sends");
	}
	KUNIT_EXPECT_STREQ(test, pv_vmbus_msg_name(CHANNELMSG_VERSION_RESPONSE),
			   "VERSION_RESPONSE");
	KUNIT_EXPECT_STREQ(test, pv_vmbus_msg_name(CHANNELMSG_GPADL_HEADER), "GPADL_HEADER");
}

static void msg_size_and_padding_are_checked(struct kunit *test)
{
	struct vmbus_channel_message_header *h;
	struct pv_vmbus_msg_info info;
	struct msg_buf m;

	h = msg_init(&m, CHANNELMSG_REQUESTOFFERS);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, 240, &info),
			PV_VMBUS_MSG_H_REQUEST_OFFERS);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, 241, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why), "message longer than a SynIC message payload");
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, U32_MAX, &info), -EBADMSG);
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(NULL, 8, &info), -EBADMSG);
	h->padding = 1;
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b, 8, &info), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why(info.why), "message header padding not zero");
	/* Unaligned copies are read as well as aligned ones. */
	msg_init(&m, 0);
	{
		u32 type = CHANNELMSG_UNLOAD;

		memcpy(m.b + 3, &type, sizeof(type));
	}
	KUNIT_EXPECT_EQ(test, pv_vmbus_msg_validate(m.b + 3, 8, &info), PV_VMBUS_MSG_H_UNLOAD);
}

static void msg_version_negotiation(struct kunit *test)
{
	/* What a Linux 6.1 child proposes, newest first. */
	static const u32 linux_order[] = {
		VERSION_WIN10_V5_3, VERSION_WIN10_V5_2, VERSION_WIN10_V5_1, VERSION_WIN10_V5,
		VERSION_WIN10_V4_1, VERSION_WIN10, VERSION_WIN8_1, VERSION_WIN8,
	};
	static const u32 refused[] = {
		VERSION_WIN8_1, VERSION_WIN8, VERSION_WIN7, VERSION_WS2008, 0,
		(4 << 16) | 2, (5 << 16) | 4, (6 << 16), 0x00050003 << 8, U32_MAX,
	};
	unsigned int i, accepted = 0;

	KUNIT_EXPECT_EQ(test, VERSION_WIN10, 0x40000);
	KUNIT_EXPECT_EQ(test, VERSION_WIN10_V5_3, 0x50003);
	for (i = 0; i < ARRAY_SIZE(linux_order); i++)
		if (pv_vmbus_version_supported(linux_order[i]))
			break;
	KUNIT_ASSERT_LT(test, i, ARRAY_SIZE(linux_order));
	KUNIT_EXPECT_EQ(test, linux_order[i], VERSION_WIN10_V5_3);
	for (i = 0; i < ARRAY_SIZE(linux_order); i++)
		accepted += pv_vmbus_version_supported(linux_order[i]);
	KUNIT_EXPECT_EQ(test, accepted, 6);
	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		KUNIT_EXPECT_FALSE_MSG(test, pv_vmbus_version_supported(refused[i]),
				       "version %#x", refused[i]);
		KUNIT_EXPECT_EQ(test, pv_vmbus_version_features(refused[i]), -EPROTONOSUPPORT);
	}

	KUNIT_EXPECT_EQ(test, pv_vmbus_version_features(VERSION_WIN10), 0);
	KUNIT_EXPECT_EQ(test, pv_vmbus_version_features(VERSION_WIN10_V4_1),
			PV_VMBUS_VF_MODIFY_CHANNEL);
	KUNIT_EXPECT_EQ(test, pv_vmbus_version_features(VERSION_WIN10_V5),
			PV_VMBUS_VF_MODIFY_CHANNEL | PV_VMBUS_VF_MSG_SINT);
	KUNIT_EXPECT_EQ(test, pv_vmbus_version_features(VERSION_WIN10_V5_2),
			PV_VMBUS_VF_MODIFY_CHANNEL | PV_VMBUS_VF_MSG_SINT);
	KUNIT_EXPECT_EQ(test, pv_vmbus_version_features(VERSION_WIN10_V5_3),
			PV_VMBUS_VF_MODIFY_CHANNEL | PV_VMBUS_VF_MSG_SINT |
			PV_VMBUS_VF_MODIFY_ACK);
}

static struct kunit_case pv_vmbus_msg_cases[] = {
	KUNIT_CASE_PARAM(msg_too_short_is_rejected, child_msg_gen_params),
	KUNIT_CASE(msg_gpadl_with_more_pfns_than_payload_is_rejected),
	KUNIT_CASE(msg_gpadl_bad_range_is_rejected),
	KUNIT_CASE(msg_gpadl_body_carries_whole_pfns),
	KUNIT_CASE(msg_open_channel_needs_an_upstream_ring),
	KUNIT_CASE(msg_unknown_type_is_rejected),
	KUNIT_CASE(msg_size_and_padding_are_checked),
	KUNIT_CASE(msg_version_negotiation),
	{}
};

static struct kunit_suite pv_vmbus_msg_suite = {
	.name = "partvisor_vmbus_msg",
	.test_cases = pv_vmbus_msg_cases,
};

kunit_test_suite(pv_vmbus_msg_suite);
