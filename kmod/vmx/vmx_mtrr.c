// SPDX-License-Identifier: GPL-2.0
/*
 * Memory type of a physical range according to the MTRRs: what the
 * identity EPT of the root must use so that EPT changes nothing about
 * caching (EPT memory type + guest PAT then behave as MTRR + PAT did).
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/sizes.h>
#include <asm/mtrr.h>
#include <asm/page.h>

#include "vmx_mtrr.h"

#define MTRR_PHYSMASK_VALID	BIT_ULL(11)

/* Fixed range index and size of the granule holding @addr (< 1 MiB). */
static unsigned int fixed_index(u64 addr, u64 *granule)
{
	if (addr < 0x80000) {
		*granule = SZ_64K;
		return addr / SZ_64K;
	}
	if (addr < 0xc0000) {
		*granule = SZ_16K;
		return 8 + (addr - 0x80000) / SZ_16K;
	}
	*granule = SZ_4K;
	return 24 + (addr - 0xc0000) / SZ_4K;
}

/* Two types that overlap in variable MTRRs (SDM 11.11.4.1). */
static u8 combine(u8 a, u8 b)
{
	if (a == b)
		return a;
	if (a == MTRR_TYPE_UNCACHABLE || b == MTRR_TYPE_UNCACHABLE)
		return MTRR_TYPE_UNCACHABLE;
	if ((a == MTRR_TYPE_WRTHROUGH && b == MTRR_TYPE_WRBACK) ||
	    (a == MTRR_TYPE_WRBACK && b == MTRR_TYPE_WRTHROUGH))
		return MTRR_TYPE_WRTHROUGH;
	return MTRR_TYPE_UNCACHABLE;	/* undefined: the safe choice */
}

/**
 * pv_mtrr_range_type() - the memory type of a naturally aligned range
 * @s: the MTRRs
 * @start: physical address, aligned to @size
 * @size: a power of two, at least 4 KiB
 *
 * Return: the MTRR_TYPE_* of the whole range, or -1 if the MTRRs give
 * parts of it different types (the caller then maps it in smaller pages).
 * A variable MTRR that covers part of the range counts as different.
 */
int pv_mtrr_range_type(const struct pv_mtrr_state *s, u64 start, u64 size)
{
	bool matched = false;
	u8 type = 0;
	unsigned int i;

	if (!s->enabled)
		return MTRR_TYPE_UNCACHABLE;

	if (s->fixed_enabled && start < SZ_1M) {
		u64 granule, addr;
		unsigned int idx = fixed_index(start, &granule);

		if (start + size > SZ_1M)
			return -1;
		type = s->fixed[idx];
		for (addr = start + granule; addr < start + size; addr += granule) {
			idx = fixed_index(addr, &granule);
			if (s->fixed[idx] != type)
				return -1;
		}
		return type;
	}

	for (i = 0; i < s->nr_var && i < PV_MTRR_MAX_VAR; i++) {
		u64 mask = s->var[i].mask & s->phys_mask & PAGE_MASK;
		u64 base = s->var[i].base & s->phys_mask & PAGE_MASK;
		u8 vtype = s->var[i].base & 0xff;

		if (!(s->var[i].mask & MTRR_PHYSMASK_VALID))
			continue;
		/* The mask looks at address bits inside the range: partial cover. */
		if (mask & (size - 1)) {
			if ((start & mask & ~(size - 1)) == (base & mask & ~(size - 1)))
				return -1;
			continue;
		}
		if ((start & mask) != (base & mask))
			continue;
		type = matched ? combine(type, vtype) : vtype;
		matched = true;
	}
	return matched ? type : s->def_type;
}
