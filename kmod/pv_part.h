/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Partitions as the hypervisor keeps them (pv_part.c): created and
 * changed only by the root's hypercalls.
 */
#ifndef _PV_PART_H
#define _PV_PART_H

#include <linux/types.h>

#include "pv_hv.h"
#include "vmx/vmx_root.h"

/**
 * struct pv_part_stats - what the hypervisor holds for partitions (debugfs)
 * @partitions: slots in use (created and not yet deleted and withdrawn)
 * @pool_pages: pages deposited and not withdrawn, all partitions
 * @mapped_pages: guest pages mapped, all partitions
 */
struct pv_part_stats {
	u64 partitions, pool_pages, mapped_pages;
};

int pv_part_init(u64 **hide, unsigned int *n);
void pv_part_stats(struct pv_part_stats *s);
void pv_part_exit(void);
u16 pv_part_hypercall(const struct pv_hv_call *call, struct pv_vmx_regs *regs, u16 *reps);
bool pv_part_is_management(u16 code);
void pv_part_lock_pages(void);
void pv_part_unlock_pages(void);

struct pv_vmx_child;
struct pv_vmx_child *pv_part_vp_sibling(const struct pv_vmx_child *c, u32 index);

/**
 * pv_vmx_root_page() - the root's page at @gpa for a hypercall (vmx_exit.c)
 * @gpa: guest (= host) physical address
 * @size: bytes needed from @gpa on
 *
 * Return: its kernel address, or NULL if it is not a root-writable RAM
 * page, 8-byte aligned, with @size bytes before the page ends.
 */
void *pv_vmx_root_page(u64 gpa, size_t size);

#endif /* _PV_PART_H */
