/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A child partition's EPT (vmx_ept_child.c).
 */
#ifndef _PV_VMX_EPT_CHILD_H
#define _PV_VMX_EPT_CHILD_H

#include <linux/types.h>
#include <asm/vmx.h>

#define PV_EPT_CHILD_R	VMX_EPT_READABLE_MASK
#define PV_EPT_CHILD_W	VMX_EPT_WRITABLE_MASK
#define PV_EPT_CHILD_X	VMX_EPT_EXECUTABLE_MASK

/* Guest physical addresses a 4-level EPT translates */
#define PV_EPT_CHILD_GPA_BITS	48

/**
 * struct pv_ept_alloc - where EPT table pages come from
 * @get: a zeroed page's physical address, or 0 if there is none
 * @put: take a page back
 * @leaf: if set, told of each mapped page pv_ept_child_free() drops
 * @ctx: passed to all three
 */
struct pv_ept_alloc {
	u64 (*get)(void *ctx);
	void (*put)(void *ctx, u64 hpa);
	void (*leaf)(void *ctx, u64 hpa);
	void *ctx;
};

int pv_ept_child_map(u64 *pml4, u64 gpa, u64 hpa, u32 rights, const struct pv_ept_alloc *a);
int pv_ept_child_unmap(u64 *pml4, u64 gpa);
u64 pv_ept_child_lookup(u64 *pml4, u64 gpa, u32 *rights);
void pv_ept_child_free(u64 *pml4, const struct pv_ept_alloc *a);

#endif /* _PV_VMX_EPT_CHILD_H */
