/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of the bits of enum partvisor_vmx_feature, as shown by debugfs and
 * partctl. Shared by kmod/ and ctl/ (not part of the uapi: user space gets
 * bit numbers, names are a presentation both sides agree on).
 */
#ifndef _PARTVISOR_FEATURE_NAMES_H
#define _PARTVISOR_FEATURE_NAMES_H

#include <linux/partvisor.h>

static const char * const partvisor_vmx_feature_names[__PARTVISOR_VMX_F_MAX] = {
	[PARTVISOR_VMX_F_TRUE_CTLS] = "true_ctls",
	[PARTVISOR_VMX_F_VMCS_WB] = "vmcs_wb",
	[PARTVISOR_VMX_F_MSR_BITMAPS] = "msr_bitmaps",
	[PARTVISOR_VMX_F_SECONDARY_CTLS] = "secondary_ctls",
	[PARTVISOR_VMX_F_EPT] = "ept",
	[PARTVISOR_VMX_F_UNRESTRICTED_GUEST] = "unrestricted_guest",
	[PARTVISOR_VMX_F_VPID] = "vpid",
	[PARTVISOR_VMX_F_PREEMPTION_TIMER] = "preemption_timer",
	[PARTVISOR_VMX_F_EXIT_LOAD_EFER] = "exit_load_efer",
	[PARTVISOR_VMX_F_ENTRY_LOAD_EFER] = "entry_load_efer",
	[PARTVISOR_VMX_F_EXIT_LOAD_PAT] = "exit_load_pat",
	[PARTVISOR_VMX_F_ENTRY_LOAD_PAT] = "entry_load_pat",
	[PARTVISOR_VMX_F_EPT_WALK_4] = "ept_walk_4",
	[PARTVISOR_VMX_F_EPT_WB] = "ept_wb",
	[PARTVISOR_VMX_F_EPT_2M] = "ept_2m",
	[PARTVISOR_VMX_F_EPT_1G] = "ept_1g",
	[PARTVISOR_VMX_F_EPT_AD] = "ept_ad",
	[PARTVISOR_VMX_F_EPT_EXEC_ONLY] = "ept_exec_only",
	[PARTVISOR_VMX_F_INVEPT_SINGLE] = "invept_single",
	[PARTVISOR_VMX_F_INVEPT_ALL] = "invept_all",
	[PARTVISOR_VMX_F_INVVPID_SINGLE] = "invvpid_single",
	[PARTVISOR_VMX_F_INVVPID_ALL] = "invvpid_all",
	[PARTVISOR_VMX_F_PML] = "pml",
	[PARTVISOR_VMX_F_VMCS_SHADOWING] = "vmcs_shadowing",
	[PARTVISOR_VMX_F_APIC_ACCESS] = "apic_access",
	[PARTVISOR_VMX_F_APIC_REG_VIRT] = "apic_reg_virt",
	[PARTVISOR_VMX_F_VIRT_INTR_DELIVERY] = "virt_intr_delivery",
	[PARTVISOR_VMX_F_POSTED_INTR] = "posted_intr",
	[PARTVISOR_VMX_F_ACTIVITY_HLT] = "activity_hlt",
	[PARTVISOR_VMX_F_VMXON_OK] = "vmxon_ok",
};

#endif /* _PARTVISOR_FEATURE_NAMES_H */
