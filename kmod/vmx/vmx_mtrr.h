/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MTRR memory types for the root's EPT identity map (SDM Vol. 3A, 11.11).
 * Pure code (KUnit: partvisor_vmx_mtrr); the MSRs are read in vmx_ept.c.
 */
#ifndef _PV_VMX_MTRR_H
#define _PV_VMX_MTRR_H

#include <linux/types.h>

#define PV_MTRR_MAX_VAR		32
#define PV_MTRR_FIXED_TYPES	88	/* 8 x 64K, 16 x 16K, 64 x 4K below 1 MiB */

/**
 * struct pv_mtrr_state - the MTRRs of the machine
 * @enabled: IA32_MTRR_DEF_TYPE.E
 * @fixed_enabled: IA32_MTRR_DEF_TYPE.FE, and the CPU has fixed MTRRs
 * @def_type: the default memory type
 * @fixed: types of the fixed ranges, in address order
 * @nr_var: number of variable MTRRs (IA32_MTRRCAP.VCNT)
 * @var: raw IA32_MTRR_PHYSBASEn / IA32_MTRR_PHYSMASKn
 * @phys_mask: the physical-address mask (MAXPHYADDR bits)
 */
struct pv_mtrr_state {
	bool enabled;
	bool fixed_enabled;
	u8 def_type;
	u8 fixed[PV_MTRR_FIXED_TYPES];
	unsigned int nr_var;
	struct {
		u64 base;
		u64 mask;
	} var[PV_MTRR_MAX_VAR];
	u64 phys_mask;
};

int pv_mtrr_range_type(const struct pv_mtrr_state *s, u64 start, u64 size);

#endif /* _PV_VMX_MTRR_H */
