// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_hv: partvisor's CPUID leaves and the hypercall
 * control word (TLFS layout: code 15:0, fast 16, variable header 26:17,
 * rep count 43:32, rep start 59:48, the rest reserved).
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <asm/hyperv-tlfs.h>

#include "../pv_hv.c"

static void cpuid_base_leaf_announces_partvisor(struct kunit *test)
{
	struct pv_hv_cpuid out;
	char sig[13] = {};

	KUNIT_ASSERT_TRUE(test, pv_hv_cpuid_leaf(PV_HV_CPUID_BASE, true, &out));
	KUNIT_EXPECT_EQ(test, out.eax, (u32)PV_HV_CPUID_MAX);
	memcpy(sig, &out.ebx, 4);
	memcpy(sig + 4, &out.ecx, 4);
	memcpy(sig + 8, &out.edx, 4);
	KUNIT_EXPECT_STREQ(test, sig, "partvisor-hv");
}

static void cpuid_interface_is_not_hyperv(struct kunit *test)
{
	struct pv_hv_cpuid out;

	KUNIT_ASSERT_TRUE(test, pv_hv_cpuid_leaf(PV_HV_CPUID_INTERFACE, true, &out));
	KUNIT_EXPECT_EQ(test, out.eax, (u32)PV_HV_INTERFACE);
	/* "Hv#1" would make a Linux guest bind its Hyper-V drivers. */
	KUNIT_EXPECT_NE(test, out.eax, 0x31237648U);
	KUNIT_EXPECT_EQ(test, out.ebx | out.ecx | out.edx, 0U);
}

static void cpuid_version_and_features(struct kunit *test)
{
	struct pv_hv_cpuid out;

	KUNIT_ASSERT_TRUE(test, pv_hv_cpuid_leaf(PV_HV_CPUID_VERSION, true, &out));
	KUNIT_EXPECT_EQ(test, out.ebx, (u32)(PV_HV_VERSION_MAJOR << 16 | PV_HV_VERSION_MINOR));
	/* The root's leaf means what it meant before children had a SynIC. */
	KUNIT_ASSERT_TRUE(test, pv_hv_cpuid_leaf(PV_HV_CPUID_FEATURES, true, &out));
	KUNIT_EXPECT_EQ(test, out.eax, (u32)(PV_HV_FEATURE_HYPERCALLS | PV_HV_FEATURE_ROOT));
	KUNIT_EXPECT_EQ(test, out.ebx | out.ecx | out.edx, 0U);
	/* A child has a SynIC (Hyper-V's bit) and may post and signal (TLFS EBX). */
	KUNIT_ASSERT_TRUE(test, pv_hv_cpuid_leaf(PV_HV_CPUID_FEATURES, false, &out));
	KUNIT_EXPECT_EQ(test, out.eax, (u32)(PV_HV_FEATURE_HYPERCALLS | PV_HV_FEATURE_SYNIC));
	KUNIT_EXPECT_EQ(test, out.eax & HV_MSR_SYNIC_AVAILABLE, (u32)HV_MSR_SYNIC_AVAILABLE);
	KUNIT_EXPECT_EQ(test, out.ebx, (u32)(HV_POST_MESSAGES | HV_SIGNAL_EVENTS));
	KUNIT_EXPECT_EQ(test, out.ecx | out.edx, 0U);
}

static void cpuid_range_bounds(struct kunit *test)
{
	struct pv_hv_cpuid out = { 1, 1, 1, 1 };

	KUNIT_EXPECT_FALSE(test, pv_hv_cpuid_leaf(0x3fffffff, true, &out));
	KUNIT_EXPECT_FALSE(test, pv_hv_cpuid_leaf(0x40000100, true, &out));
	KUNIT_EXPECT_FALSE(test, pv_hv_cpuid_leaf(1, true, &out));
	/* Unused leaves of the range read as zero. */
	KUNIT_EXPECT_TRUE(test, pv_hv_cpuid_leaf(0x400000ff, true, &out));
	KUNIT_EXPECT_EQ(test, out.eax | out.ebx | out.ecx | out.edx, 0U);
	KUNIT_EXPECT_TRUE(test, pv_hv_cpuid_leaf(PV_HV_CPUID_MAX + 1, true, &out));
	KUNIT_EXPECT_EQ(test, out.eax | out.ebx | out.ecx | out.edx, 0U);
}

static void control_word_fields_decode(struct kunit *test)
{
	struct pv_hv_call call;
	u64 control = 0x0f00 | HV_HYPERCALL_FAST_BIT |
		      (3ULL << HV_HYPERCALL_VARHEAD_OFFSET) |
		      (0x123ULL << HV_HYPERCALL_REP_COMP_OFFSET) |
		      (0x456ULL << HV_HYPERCALL_REP_START_OFFSET);

	KUNIT_ASSERT_EQ(test, pv_hv_decode_control(control, &call), (u16)HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, call.code, 0x0f00);
	KUNIT_EXPECT_TRUE(test, call.fast);
	KUNIT_EXPECT_EQ(test, call.varhead, 3);
	KUNIT_EXPECT_EQ(test, call.rep_count, 0x123);
	KUNIT_EXPECT_EQ(test, call.rep_start, 0x456);
}

static const u64 reserved_bits[] = { 27, 28, 29, 30, 31, 44, 45, 46, 47, 60, 61, 62, 63 };

static void reserved_desc(const u64 *bit, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "bit %llu", *bit);
}

KUNIT_ARRAY_PARAM(reserved, reserved_bits, reserved_desc);

static void control_word_reserved_bit_is_rejected(struct kunit *test)
{
	const u64 *bit = test->param_value;
	struct pv_hv_call call;

	KUNIT_EXPECT_EQ(test, pv_hv_decode_control(PV_HVCALL_GET_VERSION | BIT_ULL(*bit), &call),
			(u16)HV_STATUS_INVALID_HYPERCALL_INPUT);
	KUNIT_EXPECT_EQ(test, call.code, 0);
}

static void result_packs_status_and_reps(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, pv_hv_result(HV_STATUS_SUCCESS, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, pv_hv_result(HV_STATUS_INVALID_HYPERCALL_CODE, 5),
			(u64)HV_STATUS_INVALID_HYPERCALL_CODE | 5ULL << 32);
	/* Rep counts are 12 bits wide: nothing spills into reserved bits. */
	KUNIT_EXPECT_EQ(test, pv_hv_result(0, 0xffff) & ~HV_HYPERCALL_REP_COMP_MASK, 0ULL);
}

static struct kunit_case pv_hv_cases[] = {
	KUNIT_CASE(cpuid_base_leaf_announces_partvisor),
	KUNIT_CASE(cpuid_interface_is_not_hyperv),
	KUNIT_CASE(cpuid_version_and_features),
	KUNIT_CASE(cpuid_range_bounds),
	KUNIT_CASE(control_word_fields_decode),
	KUNIT_CASE_PARAM(control_word_reserved_bit_is_rejected, reserved_gen_params),
	KUNIT_CASE(result_packs_status_and_reps),
	{}
};

static struct kunit_suite pv_hv_suite = {
	.name = "partvisor_hv",
	.test_cases = pv_hv_cases,
};

kunit_test_suite(pv_hv_suite);
