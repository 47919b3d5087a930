// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_vmx_mtrr_ept: memory types of the root's identity
 * EPT from MTRR values, the EPT entries built from them, and when a split
 * table may be merged back into a large leaf.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <asm/io.h>
#include <asm/mtrr.h>
#include <asm/vmx.h>

#include "../vmx/vmx_ept.h"
#include "../vmx/vmx_mtrr.c"

#define WB MTRR_TYPE_WRBACK
#define UC MTRR_TYPE_UNCACHABLE
#define WT MTRR_TYPE_WRTHROUGH
#define WC MTRR_TYPE_WRCOMB
#define VALID BIT_ULL(11)

/*
 * A PC-like layout on a 36-bit machine: default UC; WB for 0-2 GiB
 * (one MTRR), WB 2-3 GiB; WC frame buffer at 3 GiB + 256 MiB (16 MiB);
 * below 1 MiB fixed ranges: WB but the VGA hole 0xa0000-0xbffff UC.
 */
static void pc_mtrrs(struct pv_mtrr_state *s)
{
	u64 m = GENMASK_ULL(35, 0);
	int i;

	memset(s, 0, sizeof(*s));
	s->enabled = true;
	s->fixed_enabled = true;
	s->def_type = UC;
	s->phys_mask = m;
	for (i = 0; i < PV_MTRR_FIXED_TYPES; i++)
		s->fixed[i] = WB;
	for (i = 8; i < 16; i++)	/* 16K ranges 0xa0000-0xbffff: entries 8+8..8+15 */
		s->fixed[8 + i] = UC;
	s->nr_var = 3;
	s->var[0].base = 0 | WB;
	s->var[0].mask = (~((u64)SZ_2G - 1) & m) | VALID;
	s->var[1].base = SZ_2G | WB;
	s->var[1].mask = (~((u64)SZ_1G - 1) & m) | VALID;
	s->var[2].base = (SZ_2G + SZ_1G + SZ_256M) | WC;
	s->var[2].mask = (~((u64)SZ_16M - 1) & m) | VALID;
}

struct range_case {
	const char *name;
	u64 start, size;
	int type;
};

static const struct range_case range_cases[] = {
	{ "first GiB is WB", 0x40000000, SZ_1G, WB },
	{ "GiB holding low memory is not uniform", 0, SZ_1G, -1 },
	{ "2 MiB at 0 holds fixed ranges", 0, SZ_2M, -1 },
	{ "64K fixed range", 0x10000, SZ_64K, WB },
	{ "4K in the VGA hole", 0xa0000, SZ_4K, UC },
	{ "4K just below the VGA hole", 0x9f000, SZ_4K, WB },
	{ "third GiB (second MTRR)", SZ_2G, SZ_1G, WB },
	{ "fourth GiB holds the WC frame buffer", SZ_2G + SZ_1G, SZ_1G, -1 },
	{ "2 MiB inside the frame buffer", SZ_2G + SZ_1G + SZ_256M, SZ_2M, WC },
	{ "2 MiB past the frame buffer", SZ_2G + SZ_1G + SZ_256M + SZ_16M, SZ_2M, UC },
	{ "above all MTRRs: default", 16ULL * SZ_1G, SZ_1G, UC },
};

static void range_desc(const struct range_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(range, range_cases, range_desc);

static void mtrr_type_of_range(struct kunit *test)
{
	const struct range_case *c = test->param_value;
	struct pv_mtrr_state s;

	pc_mtrrs(&s);
	KUNIT_EXPECT_EQ(test, pv_mtrr_range_type(&s, c->start, c->size), c->type);
}

static void overlapping_mtrrs_combine(struct kunit *test)
{
	struct pv_mtrr_state s;

	pc_mtrrs(&s);
	/* UC over WB wins; WT over WB gives WT; WC over WB is undefined: UC. */
	s.var[3].base = SZ_1G | UC;
	s.var[3].mask = (~((u64)SZ_1G - 1) & s.phys_mask) | VALID;
	s.nr_var = 4;
	KUNIT_EXPECT_EQ(test, pv_mtrr_range_type(&s, SZ_1G, SZ_1G), UC);
	s.var[3].base = SZ_1G | WT;
	KUNIT_EXPECT_EQ(test, pv_mtrr_range_type(&s, SZ_1G, SZ_1G), WT);
	s.var[3].base = SZ_1G | WC;
	KUNIT_EXPECT_EQ(test, pv_mtrr_range_type(&s, SZ_1G, SZ_1G), UC);
	/* An MTRR without the valid bit counts for nothing. */
	s.var[3].mask &= ~VALID;
	KUNIT_EXPECT_EQ(test, pv_mtrr_range_type(&s, SZ_1G, SZ_1G), WB);
}

static void disabled_mtrrs_mean_uncacheable(struct kunit *test)
{
	struct pv_mtrr_state s;

	pc_mtrrs(&s);
	s.enabled = false;
	KUNIT_EXPECT_EQ(test, pv_mtrr_range_type(&s, 0, SZ_1G), UC);
	/* Fixed ranges off: low memory follows the variable MTRRs. */
	pc_mtrrs(&s);
	s.fixed_enabled = false;
	KUNIT_EXPECT_EQ(test, pv_mtrr_range_type(&s, 0, SZ_1G), WB);
	KUNIT_EXPECT_EQ(test, pv_mtrr_range_type(&s, 0xa0000, SZ_4K), WB);
}

static void ept_leaf_entries(struct kunit *test)
{
	u64 e = pv_ept_leaf(SZ_2M, WB, true);

	KUNIT_EXPECT_EQ(test, e & VMX_EPT_RWX_MASK, VMX_EPT_RWX_MASK);
	KUNIT_EXPECT_EQ(test, (e & VMX_EPT_MT_MASK) >> VMX_EPT_MT_EPTE_SHIFT, (u64)WB);
	KUNIT_EXPECT_TRUE(test, e & BIT_ULL(7));
	KUNIT_EXPECT_FALSE(test, e & VMX_EPT_IPAT_BIT);	/* the guest PAT applies */
	KUNIT_EXPECT_EQ(test, e & GENMASK_ULL(51, 12), (u64)SZ_2M);
	e = pv_ept_leaf(0xa0000, UC, false);
	KUNIT_EXPECT_FALSE(test, e & BIT_ULL(7));
	KUNIT_EXPECT_EQ(test, (e & VMX_EPT_MT_MASK) >> VMX_EPT_MT_EPTE_SHIFT, (u64)UC);
	KUNIT_EXPECT_EQ(test, e & GENMASK_ULL(51, 12), 0xa0000ULL);
}

/* A split table as split() builds it: 512 identity leaves of one type. */
static u64 *run_table(struct kunit *test, u64 base, u64 child, u8 type)
{
	u64 *t = kunit_kzalloc(test, 512 * sizeof(u64), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, t);
	for (i = 0; i < 512; i++)
		t[i] = pv_ept_leaf(base + i * child, type, child != SZ_4K);
	return t;
}

static void merge_whole_run(struct kunit *test)
{
	u64 *pt = run_table(test, SZ_1G + SZ_2M, SZ_4K, WB);
	u64 *pd = run_table(test, SZ_1G, SZ_2M, WB);

	KUNIT_EXPECT_TRUE(test, pv_ept_leaf_run(pt, SZ_1G + SZ_2M, SZ_4K, WB));
	KUNIT_EXPECT_TRUE(test, pv_ept_leaf_run(pd, SZ_1G, SZ_2M, WB));
}

static void no_merge_with_a_hidden_page(struct kunit *test)
{
	u64 *pt = run_table(test, SZ_2M, SZ_4K, WB);

	pt[511] = 0;		/* still deposited */
	KUNIT_EXPECT_FALSE(test, pv_ept_leaf_run(pt, SZ_2M, SZ_4K, WB));
	pt = run_table(test, SZ_2M, SZ_4K, WB);
	pt[0] &= ~VMX_EPT_WRITABLE_MASK;	/* fewer rights */
	KUNIT_EXPECT_FALSE(test, pv_ept_leaf_run(pt, SZ_2M, SZ_4K, WB));
}

static void no_merge_across_types(struct kunit *test)
{
	u64 *pt = run_table(test, SZ_2M, SZ_4K, WB);

	/* One entry of another type, or the range is not of one type. */
	pt[7] = pv_ept_leaf(SZ_2M + 7 * SZ_4K, UC, false);
	KUNIT_EXPECT_FALSE(test, pv_ept_leaf_run(pt, SZ_2M, SZ_4K, WB));
	pt = run_table(test, SZ_2M, SZ_4K, WB);
	KUNIT_EXPECT_FALSE(test, pv_ept_leaf_run(pt, SZ_2M, SZ_4K, UC));
	KUNIT_EXPECT_FALSE(test, pv_ept_leaf_run(pt, SZ_2M, SZ_4K, -1));
}

static void no_merge_of_other_addresses(struct kunit *test)
{
	u64 *pt = run_table(test, SZ_2M, SZ_4K, WB);
	u64 *pd = run_table(test, 0, SZ_2M, WB);

	KUNIT_EXPECT_FALSE(test, pv_ept_leaf_run(pt, 2 * SZ_2M, SZ_4K, WB));
	pt[3] = pv_ept_leaf(SZ_2M + 4 * SZ_4K, WB, false);	/* not the identity */
	KUNIT_EXPECT_FALSE(test, pv_ept_leaf_run(pt, SZ_2M, SZ_4K, WB));
	/* A page directory still pointing to a table is no run of leaves. */
	pd[9] = virt_to_phys(pt) | VMX_EPT_RWX_MASK;
	KUNIT_EXPECT_FALSE(test, pv_ept_leaf_run(pd, 0, SZ_2M, WB));
	/* 4 KiB leaves where 2 MiB ones belong (bit 7 clear). */
	pd = run_table(test, 0, SZ_2M, WB);
	pd[0] &= ~BIT_ULL(7);
	KUNIT_EXPECT_FALSE(test, pv_ept_leaf_run(pd, 0, SZ_2M, WB));
}

static struct kunit_case pv_mtrr_ept_cases[] = {
	KUNIT_CASE_PARAM(mtrr_type_of_range, range_gen_params),
	KUNIT_CASE(overlapping_mtrrs_combine),
	KUNIT_CASE(disabled_mtrrs_mean_uncacheable),
	KUNIT_CASE(ept_leaf_entries),
	KUNIT_CASE(merge_whole_run),
	KUNIT_CASE(no_merge_with_a_hidden_page),
	KUNIT_CASE(no_merge_across_types),
	KUNIT_CASE(no_merge_of_other_addresses),
	{}
};

static struct kunit_suite pv_mtrr_ept_suite = {
	.name = "partvisor_vmx_mtrr_ept",
	.test_cases = pv_mtrr_ept_cases,
};

kunit_test_suite(pv_mtrr_ept_suite);
