// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_ept_child: the GPA map of a child partition
 * (which guest page is which host page, with which rights, and which
 * table pages that costs).
 */
#include <kunit/test.h>
#include <linux/gfp.h>

#include "../vmx/vmx_ept_child.c"

#define POOL_PAGES 16

struct fake_pool {
	unsigned long page[POOL_PAGES];
	unsigned int given, taken_back, limit, leaves;
};

static void fake_leaf(void *ctx, u64 hpa)
{
	struct fake_pool *p = ctx;

	p->leaves++;
}

static u64 fake_get(void *ctx)
{
	struct fake_pool *p = ctx;

	if (p->given >= p->limit)
		return 0;
	return __pa(p->page[p->given++]);
}

static void fake_put(void *ctx, u64 hpa)
{
	struct fake_pool *p = ctx;

	p->taken_back++;
}

static u64 *setup(struct kunit *test, struct fake_pool **pp, struct pv_ept_alloc *a)
{
	struct fake_pool *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < POOL_PAGES; i++) {
		/* kmalloc of a page is page aligned (as EPT tables must be). */
		p->page[i] = (unsigned long)kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
		KUNIT_ASSERT_NE(test, p->page[i], 0UL);
		KUNIT_ASSERT_TRUE(test, PAGE_ALIGNED(p->page[i]));
	}
	p->limit = POOL_PAGES;
	p->given = 1;		/* page 0 is the PML4 */
	a->get = fake_get;
	a->put = fake_put;
	a->leaf = NULL;
	a->ctx = p;
	*pp = p;
	return (u64 *)p->page[0];
}

static void map_then_lookup(struct kunit *test)
{
	struct pv_ept_alloc a;
	struct fake_pool *p;
	u64 *pml4 = setup(test, &p, &a);
	u32 rights;

	KUNIT_EXPECT_EQ(test, pv_ept_child_map(pml4, 0x5000, 0x1234000,
					       PV_EPT_CHILD_R | PV_EPT_CHILD_W, &a), 0);
	KUNIT_EXPECT_EQ(test, pv_ept_child_lookup(pml4, 0x5abc, &rights), 0x1234abcULL);
	KUNIT_EXPECT_EQ(test, rights, PV_EPT_CHILD_R | PV_EPT_CHILD_W);
	/* Neighbours are not mapped. */
	KUNIT_EXPECT_EQ(test, pv_ept_child_lookup(pml4, 0x4fff, &rights), 0ULL);
	KUNIT_EXPECT_EQ(test, rights, 0U);
	KUNIT_EXPECT_EQ(test, pv_ept_child_lookup(pml4, 0x6000, &rights), 0ULL);
	KUNIT_EXPECT_EQ(test, pv_ept_child_lookup(pml4, 0x40005000ULL, &rights), 0ULL);
	/* Bits above 47 must not alias to low addresses. */
	KUNIT_EXPECT_EQ(test, pv_ept_child_lookup(pml4, BIT_ULL(51) | 0x5000, &rights), 0ULL);
	KUNIT_EXPECT_EQ(test, pv_ept_child_lookup(pml4, BIT_ULL(48) | 0x5000, &rights), 0ULL);
	KUNIT_EXPECT_EQ(test, pv_ept_child_map(pml4, BIT_ULL(48), 0x1000, PV_EPT_CHILD_R, &a),
			-ENOMEM);
}

static void leaf_format(struct kunit *test)
{
	struct pv_ept_alloc a;
	struct fake_pool *p;
	u64 *pml4 = setup(test, &p, &a), *pdpt, *pd, *pt;

	KUNIT_ASSERT_EQ(test, pv_ept_child_map(pml4, 0x200000, 0xabc000, PV_EPT_CHILD_X |
					       PV_EPT_CHILD_R | 0xf8, &a), 0);
	pdpt = __va(pml4[0] & PV_EPT_ADDR_MASK);
	pd = __va(pdpt[0] & PV_EPT_ADDR_MASK);
	pt = __va(pd[1] & PV_EPT_ADDR_MASK);
	/* Only R and X of the rights asked, write-back, no large page, no IPAT. */
	KUNIT_EXPECT_EQ(test, pt[0], 0xabc000ULL | VMX_EPT_READABLE_MASK |
			VMX_EPT_EXECUTABLE_MASK | (u64)MTRR_TYPE_WRBACK << VMX_EPT_MT_EPTE_SHIFT);
	KUNIT_EXPECT_EQ(test, pml4[0] & 7, 7ULL);
}

static void double_map_is_refused(struct kunit *test)
{
	struct pv_ept_alloc a;
	struct fake_pool *p;
	u64 *pml4 = setup(test, &p, &a);
	u32 rights;

	KUNIT_ASSERT_EQ(test, pv_ept_child_map(pml4, 0, 0x100000, PV_EPT_CHILD_R, &a), 0);
	KUNIT_EXPECT_EQ(test, pv_ept_child_map(pml4, 0, 0x200000, PV_EPT_CHILD_R |
					       PV_EPT_CHILD_W, &a), -EEXIST);
	KUNIT_EXPECT_EQ(test, pv_ept_child_lookup(pml4, 0, &rights), 0x100000ULL);
	KUNIT_EXPECT_EQ(test, rights, PV_EPT_CHILD_R);
}

static void unmap(struct kunit *test)
{
	struct pv_ept_alloc a;
	struct fake_pool *p;
	u64 *pml4 = setup(test, &p, &a);
	u32 rights;

	KUNIT_EXPECT_EQ(test, pv_ept_child_unmap(pml4, 0x3000), -ENOENT);
	KUNIT_ASSERT_EQ(test, pv_ept_child_map(pml4, 0x3000, 0x9000, PV_EPT_CHILD_R, &a), 0);
	KUNIT_EXPECT_EQ(test, pv_ept_child_unmap(pml4, 0x3000), 0);
	KUNIT_EXPECT_EQ(test, pv_ept_child_lookup(pml4, 0x3000, &rights), 0ULL);
	KUNIT_EXPECT_EQ(test, pv_ept_child_unmap(pml4, 0x3000), -ENOENT);
	/* An unmapped page can be mapped again. */
	KUNIT_EXPECT_EQ(test, pv_ept_child_map(pml4, 0x3000, 0xa000, PV_EPT_CHILD_R, &a), 0);
	KUNIT_EXPECT_EQ(test, pv_ept_child_lookup(pml4, 0x3000, &rights), 0xa000ULL);
}

static void table_pages_counted(struct kunit *test)
{
	struct pv_ept_alloc a;
	struct fake_pool *p;
	u64 *pml4 = setup(test, &p, &a), gpa;

	/* 512 pages of one 2 MiB region: PDPT, PD, one PT. */
	for (gpa = 0; gpa < SZ_2M; gpa += PAGE_SIZE)
		KUNIT_ASSERT_EQ(test, pv_ept_child_map(pml4, gpa, gpa + SZ_1G, PV_EPT_CHILD_R,
						       &a), 0);
	KUNIT_EXPECT_EQ(test, p->given - 1, 3U);
	/* The next 2 MiB region: one more PT; the next GiB: a PD and a PT. */
	KUNIT_ASSERT_EQ(test, pv_ept_child_map(pml4, SZ_2M, 0, PV_EPT_CHILD_R, &a), 0);
	KUNIT_EXPECT_EQ(test, p->given - 1, 4U);
	KUNIT_ASSERT_EQ(test, pv_ept_child_map(pml4, SZ_1G, 0, PV_EPT_CHILD_R, &a), 0);
	KUNIT_EXPECT_EQ(test, p->given - 1, 6U);
	/* Freeing gives every table back, reports every leaf, leaves an empty PML4. */
	a.leaf = fake_leaf;
	pv_ept_child_free(pml4, &a);
	KUNIT_EXPECT_EQ(test, p->taken_back, 6U);
	KUNIT_EXPECT_EQ(test, p->leaves, 514U);
	KUNIT_EXPECT_EQ(test, pml4[0], 0ULL);
}

static void pool_exhaustion(struct kunit *test)
{
	struct pv_ept_alloc a;
	struct fake_pool *p;
	u64 *pml4 = setup(test, &p, &a);
	u32 rights;

	p->limit = 3;		/* PDPT and PD only */
	KUNIT_EXPECT_EQ(test, pv_ept_child_map(pml4, 0x7000, 0x8000, PV_EPT_CHILD_R, &a), -ENOMEM);
	KUNIT_EXPECT_EQ(test, pv_ept_child_lookup(pml4, 0x7000, &rights), 0ULL);
	p->limit = 4;
	KUNIT_EXPECT_EQ(test, pv_ept_child_map(pml4, 0x7000, 0x8000, PV_EPT_CHILD_R, &a), 0);
	KUNIT_EXPECT_EQ(test, p->given - 1, 3U);
}

static struct kunit_case pv_ept_child_cases[] = {
	KUNIT_CASE(map_then_lookup),
	KUNIT_CASE(leaf_format),
	KUNIT_CASE(double_map_is_refused),
	KUNIT_CASE(unmap),
	KUNIT_CASE(table_pages_counted),
	KUNIT_CASE(pool_exhaustion),
	{}
};

static struct kunit_suite pv_ept_child_suite = {
	.name = "partvisor_ept_child",
	.test_cases = pv_ept_child_cases,
};

kunit_test_suite(pv_ept_child_suite);
