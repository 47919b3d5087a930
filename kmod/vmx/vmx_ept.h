/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root partition's EPT: an identity map of the physical address
 * space with the MTRRs' memory types, minus the hypervisor's own pages.
 */
#ifndef _PV_VMX_EPT_H
#define _PV_VMX_EPT_H

#include <linux/bits.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <asm/vmx.h>

#include "vmx_mtrr.h"

/* EPT entry bits (SDM 28.3.2), as <asm/vmx.h> names them where it does. */
#define PV_EPT_RWX		VMX_EPT_RWX_MASK
#define PV_EPT_LARGE		BIT_ULL(7)
#define PV_EPT_ADDR_MASK	GENMASK_ULL(51, 12)

/**
 * pv_ept_leaf() - an identity-map leaf entry
 * @pa: physical address (aligned to the page size)
 * @memtype: MTRR_TYPE_* for bits 5:3
 * @large: a 2 MiB or 1 GiB page (bit 7)
 *
 * Return: the entry, RWX.
 */
static inline u64 pv_ept_leaf(u64 pa, u8 memtype, bool large)
{
	return pa | PV_EPT_RWX | (u64)memtype << VMX_EPT_MT_EPTE_SHIFT |
	       (large ? PV_EPT_LARGE : 0);
}

/**
 * pv_ept_leaf_run() - is @table a run of equal identity leaves?
 * @table: 512 entries of one EPT table
 * @base: the address the table's first entry maps
 * @child_size: what one entry maps (SZ_4K or SZ_2M)
 * @memtype: the memory type of the whole range (MTRR_TYPE_*), or negative
 *	if it is not uniform
 *
 * Such a table can be replaced by one large leaf of @memtype: every entry
 * is the identity map of its part, RWX, with the same type (what split()
 * made, or the build would have made had the range been a large page).
 *
 * Return: true if the table can be merged.
 */
static inline bool pv_ept_leaf_run(const u64 *table, u64 base, u64 child_size, int memtype)
{
	unsigned int i;

	if (memtype < 0)
		return false;
	for (i = 0; i < 512; i++)
		if (table[i] != pv_ept_leaf(base + i * child_size, memtype, child_size != SZ_4K))
			return false;
	return true;
}

/**
 * struct pv_ept_reserve_stats - the split reserve, for debugfs
 * @free: tables ready for a split in the exit handler
 * @pending: tables merged away that some CPU may still have cached; they
 *	join @free once every CPU running the root has flushed its EPT TLB
 * @total: tables set aside at launch
 */
struct pv_ept_reserve_stats {
	unsigned int free, pending, total;
};

int pv_ept_root_init(bool has_1g);
void pv_ept_root_free(void);
int pv_ept_root_hide(u64 pa);
void pv_ept_root_unhide(u64 pa);
int pv_ept_root_reserve(unsigned int pages);
int pv_ept_root_hide_hv(u64 pa, unsigned int *reserve_left);
bool pv_ept_root_writable(u64 pa);
int pv_ept_root_invept(void);
void pv_ept_root_cpu_start(void);
void pv_ept_root_cpu_stop(unsigned int cpu);
void pv_ept_root_reclaim(void);
void pv_ept_root_stats(struct pv_ept_reserve_stats *s);
u64 pv_ept_root_eptp(void);

#endif /* _PV_VMX_EPT_H */
