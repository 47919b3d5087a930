// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_synic: the SynIC's pure logic (pv_synic.c): which
 * MSR values a child may write, which SINT is delivered next (priority,
 * mask, polling, in-service vectors, CR8), EOI, and the message-slot and
 * event-flag protocols the root's posts follow.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <asm/hyperv-tlfs.h>

#include "../pv_synic.c"

struct msr_case {
	const char *what;
	u32 msr;
	u64 value;
	bool ok;
};

static const struct msr_case msr_cases[] = {
	{ "SCONTROL enable", HV_X64_MSR_SCONTROL, 1, true },
	{ "SCONTROL off", HV_X64_MSR_SCONTROL, 0, true },
	{ "SCONTROL bit 1", HV_X64_MSR_SCONTROL, 2, false },
	{ "SCONTROL bit 63", HV_X64_MSR_SCONTROL, BIT_ULL(63), false },
	{ "SVERSION is read-only", HV_X64_MSR_SVERSION, 1, false },
	{ "SINT reset value", HV_REGISTER_SINT2, HV_SYNIC_SINT_MASKED, true },
	{ "SINT vector 0x20", HV_REGISTER_SINT2, 0x20, true },
	{ "SINT vector 16", HV_X64_MSR_SINT0, 16, true },
	{ "SINT vector 255 auto-EOI", HV_X64_MSR_SINT15, 0xff | HV_SYNIC_SINT_AUTO_EOI, true },
	{ "SINT polling", HV_REGISTER_SINT3, 0x30 | PV_SYNIC_SINT_POLLING, true },
	{ "SINT vector 15 unmasked", HV_REGISTER_SINT2, 15, false },
	{ "SINT vector 0 unmasked", HV_REGISTER_SINT2, 0, false },
	{ "SINT vector 15 masked", HV_REGISTER_SINT2, 15 | HV_SYNIC_SINT_MASKED, true },
	{ "SINT bit 8", HV_REGISTER_SINT2, 0x20 | BIT_ULL(8), false },
	{ "SINT bit 15", HV_REGISTER_SINT2, 0x20 | BIT_ULL(15), false },
	{ "SINT bit 19", HV_REGISTER_SINT2, 0x20 | BIT_ULL(19), false },
	{ "SINT bit 63", HV_REGISTER_SINT2, 0x20 | BIT_ULL(63), false },
	{ "SIMP any GPA", HV_X64_MSR_SIMP, 0xfffffffffffff001ULL, true },
	{ "SIEFP preserved bits", HV_X64_MSR_SIEFP, 0x5ffe, true },
	{ "EOM ignores the value", HV_X64_MSR_EOM, 0x1234, true },
	{ "EOI 0", HV_X64_MSR_EOI, 0, true },
	{ "EOI bit 32", HV_X64_MSR_EOI, BIT_ULL(32), false },
	{ "not a SynIC MSR", HV_X64_MSR_SINT15 + 1, 0, false },
};

static void msr_desc(const struct msr_case *c, char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(msr, msr_cases, msr_desc);

static void msr_value_is_checked(struct kunit *test)
{
	const struct msr_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, pv_synic_value_ok(c->msr, c->value), c->ok);
}

static void synic_msrs_are_known(struct kunit *test)
{
	u32 msr;

	for (msr = HV_X64_MSR_SCONTROL; msr <= HV_X64_MSR_EOM; msr++)
		KUNIT_EXPECT_TRUE(test, pv_synic_is_msr(msr));
	for (msr = HV_X64_MSR_SINT0; msr <= HV_X64_MSR_SINT15; msr++)
		KUNIT_EXPECT_TRUE(test, pv_synic_is_msr(msr));
	KUNIT_EXPECT_TRUE(test, pv_synic_is_msr(HV_X64_MSR_EOI));
	KUNIT_EXPECT_FALSE(test, pv_synic_is_msr(HV_X64_MSR_EOM + 1));
	KUNIT_EXPECT_FALSE(test, pv_synic_is_msr(HV_X64_MSR_SINT15 + 1));
	KUNIT_EXPECT_FALSE(test, pv_synic_is_msr(HV_X64_MSR_ICR));
	KUNIT_EXPECT_FALSE(test, pv_synic_is_msr(HV_X64_MSR_VP_INDEX));
}

/* An enabled SynIC with SINT n at vector v (no auto-EOI), the rest masked. */
static void setup(struct pv_synic *s)
{
	memset(s, 0, sizeof(*s));
	pv_synic_reset(s);
	s->scontrol = HV_SYNIC_CONTROL_ENABLE;
}

static void pick_needs_scontrol(struct kunit *test)
{
	struct pv_synic s;

	setup(&s);
	s.sint[2] = 0x40;
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(2), 0), 2);
	s.scontrol = 0;
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(2), 0), -1);
}

static void pick_takes_highest_vector(struct kunit *test)
{
	struct pv_synic s;

	setup(&s);
	s.sint[1] = 0x30;
	s.sint[2] = 0x50;
	s.sint[3] = 0x50;
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(1) | BIT(2) | BIT(3), 0), 2);
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(1) | BIT(3), 0), 3);
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(1), 0), 1);
	/* Not pending: nothing, whatever is configured. */
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, 0, 0), -1);
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(4), 0), -1);
}

static void pick_skips_masked_and_polling(struct kunit *test)
{
	struct pv_synic s;

	setup(&s);
	s.sint[2] = 0x50 | HV_SYNIC_SINT_MASKED;
	s.sint[3] = 0x60 | PV_SYNIC_SINT_POLLING;
	s.sint[4] = 0x30;
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(2) | BIT(3) | BIT(4), 0), 4);
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(2) | BIT(3), 0), -1);
}

static void in_service_blocks_its_class(struct kunit *test)
{
	struct pv_synic s;

	setup(&s);
	s.sint[0] = 0x50;			/* needs an EOI */
	s.sint[1] = 0x5f;
	s.sint[2] = 0x40;
	s.sint[3] = 0x60;
	pv_synic_delivered(&s, 0);
	KUNIT_EXPECT_EQ(test, pv_synic_isr_highest(&s), 0x50);
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(1) | BIT(2), 0), -1);
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(1) | BIT(2) | BIT(3), 0), 3);
	pv_synic_delivered(&s, 3);
	KUNIT_EXPECT_EQ(test, pv_synic_isr_highest(&s), 0x60);
	/* EOI ends the highest first: 0x60, then 0x50. */
	pv_synic_eoi(&s);
	KUNIT_EXPECT_EQ(test, pv_synic_isr_highest(&s), 0x50);
	pv_synic_eoi(&s);
	KUNIT_EXPECT_EQ(test, pv_synic_isr_highest(&s), -1);
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(1) | BIT(2), 0), 1);
	/* EOI with nothing in service is harmless. */
	pv_synic_eoi(&s);
	KUNIT_EXPECT_EQ(test, pv_synic_isr_highest(&s), -1);
}

static void auto_eoi_leaves_nothing_in_service(struct kunit *test)
{
	struct pv_synic s;

	setup(&s);
	s.sint[5] = 0xe0 | HV_SYNIC_SINT_AUTO_EOI;
	pv_synic_delivered(&s, 5);
	KUNIT_EXPECT_EQ(test, pv_synic_isr_highest(&s), -1);
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(5), 0), 5);
}

static void cr8_blocks_its_class_and_below(struct kunit *test)
{
	struct pv_synic s;

	setup(&s);
	s.sint[2] = 0x50;
	s.sint[3] = 0x60;
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(2), 5), -1);
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(2), 4), 2);
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(2) | BIT(3), 5), 3);
	KUNIT_EXPECT_EQ(test, pv_synic_pick(&s, BIT(3), 15), -1);
}

static void reset_masks_everything(struct kunit *test)
{
	struct pv_synic s;
	unsigned int i;

	memset(&s, 0xa5, sizeof(s));
	pv_synic_reset(&s);
	KUNIT_EXPECT_EQ(test, s.scontrol | s.simp | s.siefp, 0ULL);
	for (i = 0; i < HV_SYNIC_SINT_COUNT; i++)
		KUNIT_EXPECT_EQ(test, s.sint[i], (u64)HV_SYNIC_SINT_MASKED);
	KUNIT_EXPECT_EQ(test, s.pending | s.eom_wanted, 0UL);
	KUNIT_EXPECT_EQ(test, pv_synic_isr_highest(&s), -1);
}

static struct hv_message good_message(u32 type, u8 size)
{
	struct hv_message m = {};
	unsigned int i;

	m.header.message_type = type;
	m.header.payload_size = size;
	m.header.sender = 0x1122334455667788ULL;
	for (i = 0; i < HV_MESSAGE_PAYLOAD_QWORD_COUNT; i++)
		m.u.payload[i] = 0x0101010101010101ULL * (i + 1);
	return m;
}

static void message_checks(struct kunit *test)
{
	struct hv_message m = good_message(1, 240);

	KUNIT_EXPECT_TRUE(test, pv_synic_message_ok(&m));
	m = good_message(0x7fffffff, 0);
	KUNIT_EXPECT_TRUE(test, pv_synic_message_ok(&m));
	m = good_message(HVMSG_NONE, 8);
	KUNIT_EXPECT_FALSE(test, pv_synic_message_ok(&m));
	m = good_message(HVMSG_TIMER_EXPIRED, 8);
	KUNIT_EXPECT_FALSE(test, pv_synic_message_ok(&m));
	m = good_message(0x80000000, 8);
	KUNIT_EXPECT_FALSE(test, pv_synic_message_ok(&m));
	m = good_message(1, 241);
	KUNIT_EXPECT_FALSE(test, pv_synic_message_ok(&m));
	m = good_message(1, 8);
	m.header.message_flags.msg_pending = 1;
	KUNIT_EXPECT_FALSE(test, pv_synic_message_ok(&m));
	m = good_message(1, 8);
	m.header.reserved[1] = 1;
	KUNIT_EXPECT_FALSE(test, pv_synic_message_ok(&m));
}

static void free_slot_takes_message(struct kunit *test)
{
	struct hv_message_page *page = kunit_kzalloc(test, sizeof(*page), GFP_KERNEL);
	struct hv_message m = good_message(7, 16);
	unsigned long eom = 0;

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, pv_synic_post_slot(&page->sint_message[2], &m, &eom, 2), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&page->sint_message[2], &m, sizeof(m)), 0);
	KUNIT_EXPECT_EQ(test, page->sint_message[2].header.message_flags.asu8, 0);
	KUNIT_EXPECT_EQ(test, eom, 0UL);
	/* The other slots are untouched. */
	KUNIT_EXPECT_EQ(test, page->sint_message[1].header.message_type, (u32)HVMSG_NONE);
	KUNIT_EXPECT_EQ(test, page->sint_message[3].header.message_type, (u32)HVMSG_NONE);
}

static void full_slot_sets_pending_and_wants_eom(struct kunit *test)
{
	struct hv_message_page *page = kunit_kzalloc(test, sizeof(*page), GFP_KERNEL);
	struct hv_message a = good_message(1, 8), b = good_message(2, 8);
	struct hv_message *slot;
	unsigned long eom = 0;

	KUNIT_ASSERT_NOT_NULL(test, page);
	slot = &page->sint_message[4];
	KUNIT_ASSERT_EQ(test, pv_synic_post_slot(slot, &a, &eom, 4), 0);
	KUNIT_EXPECT_EQ(test, pv_synic_post_slot(slot, &b, &eom, 4), -EBUSY);
	KUNIT_EXPECT_EQ(test, slot->header.message_type, 1U);
	KUNIT_EXPECT_EQ(test, slot->header.message_flags.asu8, 1);
	KUNIT_EXPECT_EQ(test, slot->header.payload_size, 8);
	KUNIT_EXPECT_EQ(test, eom, BIT(4));
	/* Already flagged: still refused, nothing else changes. */
	eom = 0;
	KUNIT_EXPECT_EQ(test, pv_synic_post_slot(slot, &b, &eom, 4), -EBUSY);
	KUNIT_EXPECT_EQ(test, slot->header.message_type, 1U);
	KUNIT_EXPECT_EQ(test, eom, BIT(4));
	/* The child empties it (type first), then the retry is delivered. */
	WRITE_ONCE(slot->header.message_type, HVMSG_NONE);
	KUNIT_EXPECT_EQ(test, pv_synic_post_slot(slot, &b, &eom, 4), 0);
	KUNIT_EXPECT_EQ(test, slot->header.message_type, 2U);
	KUNIT_EXPECT_EQ(test, slot->header.message_flags.asu8, 0);
	KUNIT_EXPECT_EQ(test, memcmp(slot->u.payload, b.u.payload, sizeof(b.u.payload)), 0);
}

static void event_flag_is_set_once(struct kunit *test)
{
	unsigned long *page = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	union hv_synic_event_flags *flags;

	KUNIT_ASSERT_NOT_NULL(test, page);
	flags = (union hv_synic_event_flags *)page;
	KUNIT_EXPECT_TRUE(test, pv_synic_set_flag(page, 3, 5));
	KUNIT_EXPECT_FALSE(test, pv_synic_set_flag(page, 3, 5));
	KUNIT_EXPECT_TRUE(test, test_bit(5, flags[3].flags));
	KUNIT_EXPECT_TRUE(test, pv_synic_set_flag(page, 15, 2047));
	KUNIT_EXPECT_TRUE(test, test_bit(2047, flags[15].flags));
	KUNIT_EXPECT_EQ(test, bitmap_weight(page, HV_SYNIC_SINT_COUNT * HV_EVENT_FLAGS_COUNT), 2U);
	/* The child takes it: the next signal sets it anew. */
	clear_bit(5, flags[3].flags);
	KUNIT_EXPECT_TRUE(test, pv_synic_set_flag(page, 3, 5));
}

static struct kunit_case pv_synic_cases[] = {
	KUNIT_CASE_PARAM(msr_value_is_checked, msr_gen_params),
	KUNIT_CASE(synic_msrs_are_known),
	KUNIT_CASE(pick_needs_scontrol),
	KUNIT_CASE(pick_takes_highest_vector),
	KUNIT_CASE(pick_skips_masked_and_polling),
	KUNIT_CASE(in_service_blocks_its_class),
	KUNIT_CASE(auto_eoi_leaves_nothing_in_service),
	KUNIT_CASE(cr8_blocks_its_class_and_below),
	KUNIT_CASE(reset_masks_everything),
	KUNIT_CASE(message_checks),
	KUNIT_CASE(free_slot_takes_message),
	KUNIT_CASE(full_slot_sets_pending_and_wants_eom),
	KUNIT_CASE(event_flag_is_set_once),
	{}
};

static struct kunit_suite pv_synic_suite = {
	.name = "partvisor_synic",
	.test_cases = pv_synic_cases,
};

kunit_test_suite(pv_synic_suite);
