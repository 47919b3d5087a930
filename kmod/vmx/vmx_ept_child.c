// SPDX-License-Identifier: GPL-2.0
/*
 * A child partition's EPT: 4 KiB leaves from guest page to host page with
 * the rights the root asked for, memory type write-back (guest RAM), the
 * guest PAT on top. Tables come from, and go back to, the partition's
 * deposited pool through struct pv_ept_alloc, so this file allocates
 * nothing itself: it runs in the exit handler (MapGpaPages) and in KUnit
 * (suite partvisor_ept_child) alike.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <asm/io.h>
#include <asm/mtrr.h>
#include <asm/vmx.h>

#include "vmx_ept.h"
#include "vmx_ept_child.h"

static u64 *table_of(u64 entry)
{
	return __va(entry & PV_EPT_ADDR_MASK);
}

static unsigned int index_of(u64 gpa, unsigned int level)
{
	return (gpa >> (12 + 9 * level)) & 511;
}

/*
 * The leaf entry's slot for @gpa, adding tables on the way if @a is given.
 * Return: the slot, NULL if a table is missing (no @a) or none could be had.
 */
static u64 *leaf_slot(u64 *pml4, u64 gpa, const struct pv_ept_alloc *a)
{
	u64 *table = pml4, *e, hpa;
	int level;

	/* A 4-level walk translates 48 bits: higher ones would alias. */
	if (gpa >> PV_EPT_CHILD_GPA_BITS)
		return NULL;
	for (level = 3; level > 0; level--) {
		e = &table[index_of(gpa, level)];
		if (!(*e & PV_EPT_RWX)) {
			if (!a)
				return NULL;
			hpa = a->get(a->ctx);
			if (!hpa)
				return NULL;
			WRITE_ONCE(*e, hpa | PV_EPT_RWX);
		}
		table = table_of(*e);
	}
	return &table[index_of(gpa, 0)];
}

/**
 * pv_ept_child_map() - map one guest page
 * @pml4: the partition's top-level table
 * @gpa: guest physical address (page aligned, below 2^48)
 * @hpa: host physical address (page aligned)
 * @rights: PV_EPT_CHILD_R/W/X (bits 2:0 of the entry)
 * @a: where table pages come from
 *
 * Mapping only adds rights: no TLB flush is needed.
 *
 * Return: 0, -EEXIST if @gpa is mapped, -ENOMEM if no table page was to
 * be had or @gpa is beyond 48 bits (the map is unchanged but for empty
 * tables already added).
 */
int pv_ept_child_map(u64 *pml4, u64 gpa, u64 hpa, u32 rights, const struct pv_ept_alloc *a)
{
	u64 *slot = leaf_slot(pml4, gpa, a);

	if (!slot)
		return -ENOMEM;
	if (*slot & PV_EPT_RWX)
		return -EEXIST;
	WRITE_ONCE(*slot, (hpa & PV_EPT_ADDR_MASK) | (rights & PV_EPT_RWX) |
		   (u64)MTRR_TYPE_WRBACK << VMX_EPT_MT_EPTE_SHIFT);
	return 0;
}

/**
 * pv_ept_child_unmap() - unmap one guest page
 * @pml4: the partition's top-level table
 * @gpa: guest physical address
 *
 * The caller flushes the translations of every CPU that ran the partition.
 *
 * Return: 0, or -ENOENT if @gpa was not mapped.
 */
int pv_ept_child_unmap(u64 *pml4, u64 gpa)
{
	u64 *slot = leaf_slot(pml4, gpa, NULL);

	if (!slot || !(*slot & PV_EPT_RWX))
		return -ENOENT;
	WRITE_ONCE(*slot, 0);
	return 0;
}

/**
 * pv_ept_child_lookup() - translate a guest physical address
 * @pml4: the partition's top-level table
 * @gpa: guest physical address
 * @rights: set to the leaf's PV_EPT_CHILD_* rights (0 if unmapped)
 *
 * Return: the host physical address of @gpa, or 0 if it is not mapped.
 */
u64 pv_ept_child_lookup(u64 *pml4, u64 gpa, u32 *rights)
{
	u64 *slot = leaf_slot(pml4, gpa, NULL);

	*rights = slot ? *slot & PV_EPT_RWX : 0;
	if (!*rights)
		return 0;
	return (*slot & PV_EPT_ADDR_MASK) | offset_in_page(gpa);
}

static void free_level(u64 *table, unsigned int level, const struct pv_ept_alloc *a)
{
	unsigned int i;

	for (i = 0; i < 512; i++) {
		if (!(table[i] & PV_EPT_RWX))
			continue;
		if (level)
			free_level(table_of(table[i]), level - 1, a);
		if (level)
			a->put(a->ctx, table[i] & PV_EPT_ADDR_MASK);
		else if (a->leaf)
			a->leaf(a->ctx, table[i] & PV_EPT_ADDR_MASK);
		table[i] = 0;
	}
}

/**
 * pv_ept_child_free() - unmap everything, give every table below @pml4 back
 * @pml4: the partition's top-level table (itself kept, now empty)
 * @a: where table pages go; @a->leaf learns of each page unmapped
 *
 * Leaves point at root memory, which is not the EPT's to free.
 */
void pv_ept_child_free(u64 *pml4, const struct pv_ept_alloc *a)
{
	free_level(pml4, 3, a);
}
