// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_vmx_msr_bitmap: which root MSR accesses exit.
 */
#include <kunit/test.h>
#include <asm/msr-index.h>

#include "../vmx/vmx_msr_bitmap.c"

static unsigned long *root_bitmap(struct kunit *test)
{
	unsigned long *bitmap = kunit_kzalloc(test, PV_MSR_BITMAP_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, bitmap);
	memset(bitmap, 0xff, PV_MSR_BITMAP_SIZE);	/* must be overwritten */
	pv_vmx_root_msr_bitmap(bitmap);
	return bitmap;
}

static void vmx_and_feature_control_writes_exit(struct kunit *test)
{
	unsigned long *b = root_bitmap(test);
	u32 msr;

	for (msr = MSR_IA32_VMX_BASIC; msr <= MSR_IA32_VMX_PROCBASED_CTLS3; msr++) {
		KUNIT_EXPECT_TRUE(test, pv_vmx_msr_bitmap_intercepts(b, msr, true));
		KUNIT_EXPECT_FALSE(test, pv_vmx_msr_bitmap_intercepts(b, msr, false));
	}
	KUNIT_EXPECT_TRUE(test, pv_vmx_msr_bitmap_intercepts(b, MSR_IA32_FEAT_CTL, true));
	KUNIT_EXPECT_FALSE(test, pv_vmx_msr_bitmap_intercepts(b, MSR_IA32_FEAT_CTL, false));
}

static void everything_else_passes_through(struct kunit *test)
{
	unsigned long *b = root_bitmap(test);
	unsigned int set = 0, i;

	for (i = 0; i < PV_MSR_BITMAP_SIZE * 8; i++)
		set += test_bit(i, b);
	/* The VMX capability MSRs and IA32_FEATURE_CONTROL, writes only. */
	KUNIT_EXPECT_EQ(test, set, MSR_IA32_VMX_PROCBASED_CTLS3 - MSR_IA32_VMX_BASIC + 2);
	KUNIT_EXPECT_FALSE(test, pv_vmx_msr_bitmap_intercepts(b, MSR_EFER, true));
	KUNIT_EXPECT_FALSE(test, pv_vmx_msr_bitmap_intercepts(b, MSR_GS_BASE, true));
	KUNIT_EXPECT_FALSE(test, pv_vmx_msr_bitmap_intercepts(b, MSR_IA32_TSC_DEADLINE, true));
	KUNIT_EXPECT_FALSE(test, pv_vmx_msr_bitmap_intercepts(b, 0x1fff, false));
	KUNIT_EXPECT_FALSE(test, pv_vmx_msr_bitmap_intercepts(b, 0xc0001fff, true));
}

static void msrs_outside_the_ranges_always_exit(struct kunit *test)
{
	unsigned long *b = root_bitmap(test);

	KUNIT_EXPECT_TRUE(test, pv_vmx_msr_bitmap_intercepts(b, 0x2000, false));
	KUNIT_EXPECT_TRUE(test, pv_vmx_msr_bitmap_intercepts(b, 0x40000000, false));
	KUNIT_EXPECT_TRUE(test, pv_vmx_msr_bitmap_intercepts(b, 0xbfffffff, true));
	KUNIT_EXPECT_TRUE(test, pv_vmx_msr_bitmap_intercepts(b, 0xc0002000, true));
}

static void high_range_uses_its_own_quarter(struct kunit *test)
{
	unsigned long *b = kunit_kzalloc(test, PV_MSR_BITMAP_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	/* Bit for a write of MSR_EFER (0xc0000080): write-high at byte 0xc00. */
	__set_bit(0xc00 * 8 + 0x80, b);
	KUNIT_EXPECT_TRUE(test, pv_vmx_msr_bitmap_intercepts(b, MSR_EFER, true));
	KUNIT_EXPECT_FALSE(test, pv_vmx_msr_bitmap_intercepts(b, MSR_EFER, false));
	KUNIT_EXPECT_FALSE(test, pv_vmx_msr_bitmap_intercepts(b, 0x80, true));
}

static struct kunit_case pv_msr_bitmap_cases[] = {
	KUNIT_CASE(vmx_and_feature_control_writes_exit),
	KUNIT_CASE(everything_else_passes_through),
	KUNIT_CASE(msrs_outside_the_ranges_always_exit),
	KUNIT_CASE(high_range_uses_its_own_quarter),
	{}
};

static struct kunit_suite pv_msr_bitmap_suite = {
	.name = "partvisor_vmx_msr_bitmap",
	.test_cases = pv_msr_bitmap_cases,
};

kunit_test_suite(pv_msr_bitmap_suite);
