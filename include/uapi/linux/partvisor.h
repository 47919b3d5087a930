/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * partvisor: the ABI between the partvisor module and user space.
 *
 * Shared by kmod/ (kernel) and ctl/ (partctl). Attribute and command enums
 * are append-only: never renumber, never reuse a retired value.
 * Documentation/uapi.rst describes every item here.
 */
#ifndef _UAPI_LINUX_PARTVISOR_H
#define _UAPI_LINUX_PARTVISOR_H

#include <linux/types.h>

/* Generic netlink family. */
#define PARTVISOR_GENL_NAME	"partvisor"
#define PARTVISOR_GENL_VERSION	1

/**
 * enum partvisor_cmd - generic netlink commands of the "partvisor" family
 * @PARTVISOR_CMD_UNSPEC: never used
 * @PARTVISOR_CMD_GET_CAPS: the VMX capabilities partvisor found on each CPU
 *	it probed at load. As a dump: one message per CPU. As a request with
 *	%PARTVISOR_ATTR_CPU: that CPU only. Open to every user.
 * @__PARTVISOR_CMD_MAX: internal
 */
enum partvisor_cmd {
	PARTVISOR_CMD_UNSPEC,
	PARTVISOR_CMD_GET_CAPS,
	__PARTVISOR_CMD_MAX,
};

#define PARTVISOR_CMD_MAX (__PARTVISOR_CMD_MAX - 1)

/**
 * enum partvisor_attr - generic netlink attributes of the "partvisor" family
 * @PARTVISOR_ATTR_UNSPEC: never used
 * @PARTVISOR_ATTR_CPU: u32, a CPU number
 * @PARTVISOR_ATTR_VMCS_REVISION: u32, VMCS revision identifier (IA32_VMX_BASIC[30:0])
 * @PARTVISOR_ATTR_VMX_FEATURES: u64, mask of &enum partvisor_vmx_feature bits
 * @PARTVISOR_ATTR_VMX_BASIC: u64, raw IA32_VMX_BASIC
 * @PARTVISOR_ATTR_VMX_EPT_VPID_CAP: u64, raw IA32_VMX_EPT_VPID_CAP
 * @PARTVISOR_ATTR_VMX_MISC: u64, raw IA32_VMX_MISC
 * @PARTVISOR_ATTR_PREEMPTION_TIMER_RATE: u32, the VMX-preemption timer
 *	counts down once every 2^N TSC ticks; this is N
 * @PARTVISOR_ATTR_PAD: padding for 64-bit attributes
 * @__PARTVISOR_ATTR_MAX: internal
 */
enum partvisor_attr {
	PARTVISOR_ATTR_UNSPEC,
	PARTVISOR_ATTR_CPU,
	PARTVISOR_ATTR_VMCS_REVISION,
	PARTVISOR_ATTR_VMX_FEATURES,
	PARTVISOR_ATTR_VMX_BASIC,
	PARTVISOR_ATTR_VMX_EPT_VPID_CAP,
	PARTVISOR_ATTR_VMX_MISC,
	PARTVISOR_ATTR_PREEMPTION_TIMER_RATE,
	PARTVISOR_ATTR_PAD,
	__PARTVISOR_ATTR_MAX,
};

#define PARTVISOR_ATTR_MAX (__PARTVISOR_ATTR_MAX - 1)

/**
 * enum partvisor_vmx_feature - bit numbers in %PARTVISOR_ATTR_VMX_FEATURES
 * @PARTVISOR_VMX_F_TRUE_CTLS: the TRUE_*_CTLS capability MSRs exist
 * @PARTVISOR_VMX_F_VMCS_WB: VMCS regions may be write-back memory
 * @PARTVISOR_VMX_F_MSR_BITMAPS: MSR bitmaps
 * @PARTVISOR_VMX_F_SECONDARY_CTLS: secondary processor-based controls
 * @PARTVISOR_VMX_F_EPT: extended page tables
 * @PARTVISOR_VMX_F_UNRESTRICTED_GUEST: unrestricted guest (real mode in VMX)
 * @PARTVISOR_VMX_F_VPID: virtual-processor identifiers
 * @PARTVISOR_VMX_F_PREEMPTION_TIMER: VMX-preemption timer
 * @PARTVISOR_VMX_F_EXIT_LOAD_EFER: VM exit loads IA32_EFER
 * @PARTVISOR_VMX_F_ENTRY_LOAD_EFER: VM entry loads IA32_EFER
 * @PARTVISOR_VMX_F_EXIT_LOAD_PAT: VM exit loads IA32_PAT
 * @PARTVISOR_VMX_F_ENTRY_LOAD_PAT: VM entry loads IA32_PAT
 * @PARTVISOR_VMX_F_EPT_WALK_4: 4-level EPT page walk
 * @PARTVISOR_VMX_F_EPT_WB: EPT paging structures may be write-back
 * @PARTVISOR_VMX_F_EPT_2M: EPT 2 MiB pages
 * @PARTVISOR_VMX_F_EPT_1G: EPT 1 GiB pages
 * @PARTVISOR_VMX_F_EPT_AD: EPT accessed and dirty flags
 * @PARTVISOR_VMX_F_EPT_EXEC_ONLY: execute-only EPT translations
 * @PARTVISOR_VMX_F_INVEPT_SINGLE: INVEPT single-context
 * @PARTVISOR_VMX_F_INVEPT_ALL: INVEPT all-context
 * @PARTVISOR_VMX_F_INVVPID_SINGLE: INVVPID single-context
 * @PARTVISOR_VMX_F_INVVPID_ALL: INVVPID all-context
 * @PARTVISOR_VMX_F_PML: page-modification logging
 * @PARTVISOR_VMX_F_VMCS_SHADOWING: VMCS shadowing
 * @PARTVISOR_VMX_F_APIC_ACCESS: virtualize APIC accesses
 * @PARTVISOR_VMX_F_APIC_REG_VIRT: APIC-register virtualization
 * @PARTVISOR_VMX_F_VIRT_INTR_DELIVERY: virtual-interrupt delivery
 * @PARTVISOR_VMX_F_POSTED_INTR: posted interrupts
 * @PARTVISOR_VMX_F_ACTIVITY_HLT: the HLT activity state
 * @PARTVISOR_VMX_F_VMXON_OK: VMXON and VMXOFF succeeded on this CPU at load
 * @__PARTVISOR_VMX_F_MAX: internal
 */
enum partvisor_vmx_feature {
	PARTVISOR_VMX_F_TRUE_CTLS,
	PARTVISOR_VMX_F_VMCS_WB,
	PARTVISOR_VMX_F_MSR_BITMAPS,
	PARTVISOR_VMX_F_SECONDARY_CTLS,
	PARTVISOR_VMX_F_EPT,
	PARTVISOR_VMX_F_UNRESTRICTED_GUEST,
	PARTVISOR_VMX_F_VPID,
	PARTVISOR_VMX_F_PREEMPTION_TIMER,
	PARTVISOR_VMX_F_EXIT_LOAD_EFER,
	PARTVISOR_VMX_F_ENTRY_LOAD_EFER,
	PARTVISOR_VMX_F_EXIT_LOAD_PAT,
	PARTVISOR_VMX_F_ENTRY_LOAD_PAT,
	PARTVISOR_VMX_F_EPT_WALK_4,
	PARTVISOR_VMX_F_EPT_WB,
	PARTVISOR_VMX_F_EPT_2M,
	PARTVISOR_VMX_F_EPT_1G,
	PARTVISOR_VMX_F_EPT_AD,
	PARTVISOR_VMX_F_EPT_EXEC_ONLY,
	PARTVISOR_VMX_F_INVEPT_SINGLE,
	PARTVISOR_VMX_F_INVEPT_ALL,
	PARTVISOR_VMX_F_INVVPID_SINGLE,
	PARTVISOR_VMX_F_INVVPID_ALL,
	PARTVISOR_VMX_F_PML,
	PARTVISOR_VMX_F_VMCS_SHADOWING,
	PARTVISOR_VMX_F_APIC_ACCESS,
	PARTVISOR_VMX_F_APIC_REG_VIRT,
	PARTVISOR_VMX_F_VIRT_INTR_DELIVERY,
	PARTVISOR_VMX_F_POSTED_INTR,
	PARTVISOR_VMX_F_ACTIVITY_HLT,
	PARTVISOR_VMX_F_VMXON_OK,
	__PARTVISOR_VMX_F_MAX,
};

#endif /* _UAPI_LINUX_PARTVISOR_H */
