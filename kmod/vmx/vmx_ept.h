/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root partition's EPT: an identity map of the physical address
 * space with the MTRRs' memory types, minus the hypervisor's own pages.
 */
#ifndef _PV_VMX_EPT_H
#define _PV_VMX_EPT_H

#include <linux/bits.h>
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

int pv_ept_root_init(bool has_1g);
void pv_ept_root_free(void);
int pv_ept_root_hide(u64 pa);
void pv_ept_root_unhide(u64 pa);
int pv_ept_root_reserve(unsigned int pages);
int pv_ept_root_hide_hv(u64 pa, unsigned int *reserve_left);
bool pv_ept_root_writable(u64 pa);
u64 pv_ept_root_eptp(void);

#endif /* _PV_VMX_EPT_H */
