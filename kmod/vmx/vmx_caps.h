/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMX capability discovery: raw capability MSR values, what they decode to,
 * and which of partvisor's requirements a CPU fails.
 *
 * The decoding half (vmx_caps.c) is pure: it never touches hardware, so the
 * KUnit suite partvisor_vmx_caps drives it with synthetic MSR values. The
 * probing half (vmx_probe.c) reads the MSRs on each CPU.
 */
#ifndef _PV_VMX_CAPS_H
#define _PV_VMX_CAPS_H

#include <linux/types.h>
#include <linux/cpumask.h>

/**
 * struct pv_vmx_msrs - raw VMX capability MSRs of one CPU (SDM Vol. 3D, A.1-A.11)
 * @feature_control: IA32_FEATURE_CONTROL
 * @basic: IA32_VMX_BASIC
 * @pinbased: IA32_VMX_PINBASED_CTLS
 * @procbased: IA32_VMX_PROCBASED_CTLS
 * @exit: IA32_VMX_EXIT_CTLS
 * @entry: IA32_VMX_ENTRY_CTLS
 * @true_pinbased: IA32_VMX_TRUE_PINBASED_CTLS (0 unless @basic has TRUE_CTLS)
 * @true_procbased: IA32_VMX_TRUE_PROCBASED_CTLS (likewise)
 * @true_exit: IA32_VMX_TRUE_EXIT_CTLS (likewise)
 * @true_entry: IA32_VMX_TRUE_ENTRY_CTLS (likewise)
 * @procbased2: IA32_VMX_PROCBASED_CTLS2 (0 unless secondary controls exist)
 * @ept_vpid_cap: IA32_VMX_EPT_VPID_CAP (0 unless EPT or VPID may be enabled)
 * @misc: IA32_VMX_MISC
 * @cr0_fixed0: IA32_VMX_CR0_FIXED0
 * @cr0_fixed1: IA32_VMX_CR0_FIXED1
 * @cr4_fixed0: IA32_VMX_CR4_FIXED0
 * @cr4_fixed1: IA32_VMX_CR4_FIXED1
 */
struct pv_vmx_msrs {
	u64 feature_control;
	u64 basic;
	u64 pinbased;
	u64 procbased;
	u64 exit;
	u64 entry;
	u64 true_pinbased;
	u64 true_procbased;
	u64 true_exit;
	u64 true_entry;
	u64 procbased2;
	u64 ept_vpid_cap;
	u64 misc;
	u64 cr0_fixed0;
	u64 cr0_fixed1;
	u64 cr4_fixed0;
	u64 cr4_fixed1;
};

/**
 * struct pv_vmx_caps - what a CPU's capability MSRs mean
 * @revision_id: VMCS revision identifier, to be written to VMXON/VMCS regions
 * @vmcs_size: bytes to allocate for a VMXON region or VMCS
 * @vmcs_memtype: memory type the CPU uses to access VMCS regions
 * @preemption_timer_rate: the preemption timer ticks every 2^rate TSC ticks
 * @pin_allowed1: pin-based controls that may be 1
 * @proc_allowed1: primary processor-based controls that may be 1
 * @proc2_allowed1: secondary processor-based controls that may be 1
 * @exit_allowed1: VM-exit controls that may be 1
 * @entry_allowed1: VM-entry controls that may be 1
 * @features: mask of BIT(PARTVISOR_VMX_F_*) from <linux/partvisor.h>
 */
struct pv_vmx_caps {
	u32 revision_id;
	u32 vmcs_size;
	u8 vmcs_memtype;
	u8 preemption_timer_rate;
	u32 pin_allowed1;
	u32 proc_allowed1;
	u32 proc2_allowed1;
	u32 exit_allowed1;
	u32 entry_allowed1;
	u64 features;
};

/**
 * struct pv_vmx_probe - everything learnt about one CPU at load
 * @cpuid_vmx: CPUID.1:ECX.VMX[bit 5] is set
 * @vmx_in_use: CR4.VMXE was already set: another hypervisor owns VMX
 * @msrs_readable: every capability MSR read without a fault
 * @vmxon_err: 0 if the VMXON/VMXOFF test passed or was not reached,
 *	otherwise why it failed (-EINVAL: CR0/CR4 not allowed in VMX
 *	operation, -EIO: VMXON reported VMfail, -EFAULT: VMXON faulted)
 * @vmxon_tried: the VMXON/VMXOFF test ran
 * @msrs: the raw values
 */
struct pv_vmx_probe {
	bool cpuid_vmx;
	bool vmx_in_use;
	bool msrs_readable;
	int vmxon_err;
	bool vmxon_tried;
	struct pv_vmx_msrs msrs;
};

/**
 * enum pv_vmx_req - partvisor's requirements, one refusal message each
 * @PV_VMX_REQ_CPUID: the processor implements VMX
 * @PV_VMX_REQ_FEATURE_CTL: firmware locked IA32_FEATURE_CONTROL with VMX on
 * @PV_VMX_REQ_FREE: no other hypervisor has VMX on (CR4.VMXE clear)
 * @PV_VMX_REQ_MSRS: the capability MSRs can be read
 * @PV_VMX_REQ_BASIC: write-back VMCS regions, full physical address width
 * @PV_VMX_REQ_CONTROLS: MSR bitmaps, secondary controls, EFER/PAT switching,
 *	64-bit host and IA-32e guests, the HLT activity state
 * @PV_VMX_REQ_EPT: EPT with 4-level walks, write-back paging structures
 *	and INVEPT single- and all-context
 * @PV_VMX_REQ_UNRESTRICTED: unrestricted guest
 * @PV_VMX_REQ_VPID: VPID with INVVPID single- and all-context
 * @PV_VMX_REQ_PREEMPTION_TIMER: the VMX-preemption timer
 * @PV_VMX_REQ_VMXON: VMXON and VMXOFF work on this CPU
 * @PV_VMX_REQ_NR: number of requirements
 */
enum pv_vmx_req {
	PV_VMX_REQ_CPUID,
	PV_VMX_REQ_FEATURE_CTL,
	PV_VMX_REQ_FREE,
	PV_VMX_REQ_MSRS,
	PV_VMX_REQ_BASIC,
	PV_VMX_REQ_CONTROLS,
	PV_VMX_REQ_EPT,
	PV_VMX_REQ_UNRESTRICTED,
	PV_VMX_REQ_VPID,
	PV_VMX_REQ_PREEMPTION_TIMER,
	PV_VMX_REQ_VMXON,
	PV_VMX_REQ_NR,
};

void pv_vmx_caps_decode(const struct pv_vmx_msrs *msrs, struct pv_vmx_caps *caps);
u32 pv_vmx_caps_missing(const struct pv_vmx_caps *caps);
u32 pv_vmx_probe_missing(const struct pv_vmx_probe *probe, struct pv_vmx_caps *caps);
bool pv_vmx_feature_control_ok(u64 feature_control);
bool pv_vmx_crs_allowed(const struct pv_vmx_msrs *msrs, unsigned long cr0,
			unsigned long cr4);
const char *pv_vmx_req_problem(enum pv_vmx_req req);
const char *pv_vmx_req_remedy(enum pv_vmx_req req);
int pv_vmx_req_errno(enum pv_vmx_req req);
const char *pv_vmx_feature_name(unsigned int bit);

/**
 * struct pv_vmx_cpu - the probe result kept for one CPU while loaded
 * @probe: raw facts
 * @caps: decoded capabilities
 * @missing: mask of BIT(PV_VMX_REQ_*) this CPU fails
 */
struct pv_vmx_cpu {
	struct pv_vmx_probe probe;
	struct pv_vmx_caps caps;
	u32 missing;
};

int pv_vmx_probe_all(void);
void pv_vmx_probe_free(void);
const struct pv_vmx_cpu *pv_vmx_cpu_caps(unsigned int cpu);
const struct cpumask *pv_vmx_probed_cpus(void);

#endif /* _PV_VMX_CAPS_H */
