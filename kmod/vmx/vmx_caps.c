// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding of the VMX capability MSRs and partvisor's requirements.
 *
 * Pure functions only: no MSR is read here (see vmx_probe.c), so the KUnit
 * suite partvisor_vmx_caps can feed any value. References are to the Intel
 * SDM Vol. 3D, appendix A ("VMX Capability Reporting Facility").
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/partvisor.h>
#include <asm/msr-index.h>
#include <asm/page.h>
#include <asm/processor-flags.h>
#include <asm/vmx.h>

#include <partvisor/feature_names.h>

#include "vmx_caps.h"

#define F(name) BIT_ULL(PARTVISOR_VMX_F_##name)

/* Controls partvisor cannot run without, per control MSR. */
#define PV_REQ_PROC	(CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
#define PV_REQ_EXIT	(VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_LOAD_IA32_EFER | \
			 VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_PAT | \
			 VM_EXIT_SAVE_IA32_PAT)
#define PV_REQ_ENTRY	(VM_ENTRY_IA32E_MODE | VM_ENTRY_LOAD_IA32_EFER | \
			 VM_ENTRY_LOAD_IA32_PAT)

struct pv_vmx_req_text {
	const char *problem;
	const char *remedy;
	int err;
};

static const struct pv_vmx_req_text pv_vmx_req_texts[PV_VMX_REQ_NR] = {
	[PV_VMX_REQ_CPUID] = {
		"the processor does not implement VMX (CPUID.1:ECX.VMX is 0)",
		"partvisor needs an Intel CPU with VT-x, or a VMX-capable emulator",
		-ENODEV },
	[PV_VMX_REQ_FEATURE_CTL] = {
		"VT-x is disabled by firmware (IA32_FEATURE_CONTROL is unlocked or lacks VMX outside SMX)",
		"enable Intel Virtualization Technology in the firmware setup and reboot",
		-ENODEV },
	[PV_VMX_REQ_FREE] = {
		"VMX is already in use by another hypervisor (CR4.VMXE is set)",
		"close every KVM virtual machine (or rmmod kvm_intel) and load partvisor again",
		-EBUSY },
	[PV_VMX_REQ_MSRS] = {
		"the VMX capability MSRs cannot be read",
		"the (virtual) CPU advertises VMX without its MSRs; check the hypervisor below",
		-EIO },
	[PV_VMX_REQ_BASIC] = {
		"VMCS regions cannot be write-back memory or are limited to 32-bit addresses",
		"this processor is too old for partvisor",
		-EOPNOTSUPP },
	[PV_VMX_REQ_CONTROLS] = {
		"a required VMX control is missing (MSR bitmaps, secondary controls, EFER/PAT switching, 64-bit host and guest, HLT activity state)",
		"this processor is too old for partvisor",
		-EOPNOTSUPP },
	[PV_VMX_REQ_EPT] = {
		"EPT is missing or incomplete (needs 4-level walks, write-back paging structures, INVEPT single- and all-context)",
		"partvisor needs EPT; with nested virtualization enable EPT for the guest",
		-EOPNOTSUPP },
	[PV_VMX_REQ_UNRESTRICTED] = {
		"unrestricted guest is missing",
		"partvisor needs unrestricted guest; with nested virtualization enable it for the guest",
		-EOPNOTSUPP },
	[PV_VMX_REQ_VPID] = {
		"VPID is missing or incomplete (needs INVVPID single- and all-context)",
		"partvisor needs VPID; with nested virtualization enable it for the guest",
		-EOPNOTSUPP },
	[PV_VMX_REQ_PREEMPTION_TIMER] = {
		"the VMX-preemption timer is missing",
		"partvisor needs it to bound child time slices",
		-EOPNOTSUPP },
	[PV_VMX_REQ_VMXON] = {
		"VMXON/VMXOFF failed",
		"see the per-CPU message above for the cause",
		-EIO },
};

/**
 * pv_vmx_feature_name() - short name of a PARTVISOR_VMX_F_* bit
 * @bit: the bit number
 *
 * Return: the name as shown in debugfs, or NULL for an unknown bit.
 */
const char *pv_vmx_feature_name(unsigned int bit)
{
	return bit < ARRAY_SIZE(partvisor_vmx_feature_names) ?
	       partvisor_vmx_feature_names[bit] : NULL;
}

/**
 * pv_vmx_req_problem() - what failing a requirement means
 * @req: the requirement
 *
 * Return: one sentence for the refusal message.
 */
const char *pv_vmx_req_problem(enum pv_vmx_req req)
{
	return req < PV_VMX_REQ_NR ? pv_vmx_req_texts[req].problem : "unknown requirement";
}

/**
 * pv_vmx_req_remedy() - what the user can do about a failed requirement
 * @req: the requirement
 *
 * Return: one sentence for the refusal message.
 */
const char *pv_vmx_req_remedy(enum pv_vmx_req req)
{
	return req < PV_VMX_REQ_NR ? pv_vmx_req_texts[req].remedy : "";
}

/**
 * pv_vmx_req_errno() - the errno insmod reports for a failed requirement
 * @req: the requirement
 *
 * Return: a negative errno.
 */
int pv_vmx_req_errno(enum pv_vmx_req req)
{
	return req < PV_VMX_REQ_NR ? pv_vmx_req_texts[req].err : -EINVAL;
}

/**
 * pv_vmx_feature_control_ok() - does IA32_FEATURE_CONTROL allow VMXON?
 * @feature_control: the MSR's value
 *
 * VMXON outside SMX faults unless the MSR is locked with bit 2 set
 * (SDM Vol. 3C, 23.7 "Enabling and Entering VMX Operation").
 *
 * Return: true if VMXON is allowed.
 */
bool pv_vmx_feature_control_ok(u64 feature_control)
{
	u64 need = FEAT_CTL_LOCKED | FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX;

	return (feature_control & need) == need;
}

static u32 allowed1(u64 ctl_msr)
{
	return ctl_msr >> 32;
}

/**
 * pv_vmx_caps_decode() - turn raw capability MSRs into &struct pv_vmx_caps
 * @msrs: the raw values
 * @caps: filled in
 *
 * Uses the TRUE_*_CTLS MSRs when IA32_VMX_BASIC[55] says they exist (SDM A.2).
 * Secondary controls only count when the primary controls allow activating
 * them, and EPT/VPID capabilities only when EPT or VPID may be enabled
 * (SDM A.3.3, A.10).
 */
void pv_vmx_caps_decode(const struct pv_vmx_msrs *msrs, struct pv_vmx_caps *caps)
{
	bool true_ctls = msrs->basic & VMX_BASIC_TRUE_CTLS;
	u64 ept = 0, f = 0;

	memset(caps, 0, sizeof(*caps));
	caps->revision_id = msrs->basic & 0x7fffffff;
	caps->vmcs_size = (msrs->basic >> VMX_BASIC_VMCS_SIZE_SHIFT) & 0x1fff;
	caps->vmcs_memtype = (msrs->basic & VMX_BASIC_MEM_TYPE_MASK) >> VMX_BASIC_MEM_TYPE_SHIFT;
	caps->preemption_timer_rate = msrs->misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK;

	caps->pin_allowed1 = allowed1(true_ctls ? msrs->true_pinbased : msrs->pinbased);
	caps->proc_allowed1 = allowed1(true_ctls ? msrs->true_procbased : msrs->procbased);
	caps->exit_allowed1 = allowed1(true_ctls ? msrs->true_exit : msrs->exit);
	caps->entry_allowed1 = allowed1(true_ctls ? msrs->true_entry : msrs->entry);
	if (caps->proc_allowed1 & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		caps->proc2_allowed1 = allowed1(msrs->procbased2);

	if (true_ctls)
		f |= F(TRUE_CTLS);
	if (caps->vmcs_memtype == VMX_BASIC_MEM_TYPE_WB)
		f |= F(VMCS_WB);
	if (caps->proc_allowed1 & CPU_BASED_USE_MSR_BITMAPS)
		f |= F(MSR_BITMAPS);
	if (caps->proc_allowed1 & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		f |= F(SECONDARY_CTLS);
	if (caps->proc2_allowed1 & SECONDARY_EXEC_ENABLE_EPT)
		f |= F(EPT);
	if (caps->proc2_allowed1 & SECONDARY_EXEC_UNRESTRICTED_GUEST)
		f |= F(UNRESTRICTED_GUEST);
	if (caps->proc2_allowed1 & SECONDARY_EXEC_ENABLE_VPID)
		f |= F(VPID);
	if (caps->pin_allowed1 & PIN_BASED_VMX_PREEMPTION_TIMER)
		f |= F(PREEMPTION_TIMER);
	if (caps->exit_allowed1 & VM_EXIT_LOAD_IA32_EFER)
		f |= F(EXIT_LOAD_EFER);
	if (caps->entry_allowed1 & VM_ENTRY_LOAD_IA32_EFER)
		f |= F(ENTRY_LOAD_EFER);
	if (caps->exit_allowed1 & VM_EXIT_LOAD_IA32_PAT)
		f |= F(EXIT_LOAD_PAT);
	if (caps->entry_allowed1 & VM_ENTRY_LOAD_IA32_PAT)
		f |= F(ENTRY_LOAD_PAT);
	if (caps->proc2_allowed1 & SECONDARY_EXEC_ENABLE_PML)
		f |= F(PML);
	if (caps->proc2_allowed1 & SECONDARY_EXEC_SHADOW_VMCS)
		f |= F(VMCS_SHADOWING);
	if (caps->proc2_allowed1 & SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES)
		f |= F(APIC_ACCESS);
	if (caps->proc2_allowed1 & SECONDARY_EXEC_APIC_REGISTER_VIRT)
		f |= F(APIC_REG_VIRT);
	if (caps->proc2_allowed1 & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY)
		f |= F(VIRT_INTR_DELIVERY);
	if (caps->pin_allowed1 & PIN_BASED_POSTED_INTR)
		f |= F(POSTED_INTR);
	if (msrs->misc & VMX_MISC_ACTIVITY_HLT)
		f |= F(ACTIVITY_HLT);

	if (caps->proc2_allowed1 & (SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID))
		ept = msrs->ept_vpid_cap;
	if (ept & VMX_EPT_PAGE_WALK_4_BIT)
		f |= F(EPT_WALK_4);
	if (ept & VMX_EPTP_WB_BIT)
		f |= F(EPT_WB);
	if (ept & VMX_EPT_2MB_PAGE_BIT)
		f |= F(EPT_2M);
	if (ept & VMX_EPT_1GB_PAGE_BIT)
		f |= F(EPT_1G);
	if (ept & VMX_EPT_AD_BIT)
		f |= F(EPT_AD);
	if (ept & VMX_EPT_EXECUTE_ONLY_BIT)
		f |= F(EPT_EXEC_ONLY);
	if ((ept & VMX_EPT_INVEPT_BIT) && (ept & VMX_EPT_EXTENT_CONTEXT_BIT))
		f |= F(INVEPT_SINGLE);
	if ((ept & VMX_EPT_INVEPT_BIT) && (ept & VMX_EPT_EXTENT_GLOBAL_BIT))
		f |= F(INVEPT_ALL);
	/* The VPID half of the MSR is bits 63:32 (SDM A.10). */
	if (((ept >> 32) & VMX_VPID_INVVPID_BIT) &&
	    ((ept >> 32) & VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT))
		f |= F(INVVPID_SINGLE);
	if (((ept >> 32) & VMX_VPID_INVVPID_BIT) &&
	    ((ept >> 32) & VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT))
		f |= F(INVVPID_ALL);

	caps->features = f;
}

static bool has_all(u64 have, u64 need)
{
	return (have & need) == need;
}

/**
 * pv_vmx_caps_missing() - which capability requirements a CPU fails
 * @caps: decoded capabilities
 *
 * Only the requirements that the capability MSRs decide are checked here
 * (%PV_VMX_REQ_BASIC .. %PV_VMX_REQ_PREEMPTION_TIMER).
 *
 * Return: a mask of BIT(PV_VMX_REQ_*), 0 if the CPU has all partvisor needs.
 */
u32 pv_vmx_caps_missing(const struct pv_vmx_caps *caps)
{
	u64 f = caps->features;
	u32 missing = 0;

	if (!(f & F(VMCS_WB)) || caps->vmcs_size == 0 || caps->vmcs_size > PAGE_SIZE)
		missing |= BIT(PV_VMX_REQ_BASIC);
	if (!has_all(caps->proc_allowed1, PV_REQ_PROC) ||
	    !has_all(caps->exit_allowed1, PV_REQ_EXIT) ||
	    !has_all(caps->entry_allowed1, PV_REQ_ENTRY) ||
	    !(f & F(ACTIVITY_HLT)))
		missing |= BIT(PV_VMX_REQ_CONTROLS);
	if (!has_all(f, F(EPT) | F(EPT_WALK_4) | F(EPT_WB) | F(INVEPT_SINGLE) | F(INVEPT_ALL)))
		missing |= BIT(PV_VMX_REQ_EPT);
	if (!(f & F(UNRESTRICTED_GUEST)))
		missing |= BIT(PV_VMX_REQ_UNRESTRICTED);
	if (!has_all(f, F(VPID) | F(INVVPID_SINGLE) | F(INVVPID_ALL)))
		missing |= BIT(PV_VMX_REQ_VPID);
	if (!(f & F(PREEMPTION_TIMER)))
		missing |= BIT(PV_VMX_REQ_PREEMPTION_TIMER);
	return missing;
}

/**
 * pv_vmx_probe_missing() - every requirement a probed CPU fails
 * @probe: what was read on the CPU
 * @caps: filled in with the decoded capabilities (zeroed if not readable)
 *
 * A CPU without VMX fails only %PV_VMX_REQ_CPUID: the other checks would
 * just repeat it. VMX in use by someone else hides nothing: the MSRs are
 * still decoded so the user sees the whole picture.
 *
 * Return: a mask of BIT(PV_VMX_REQ_*), 0 if the CPU is fit.
 */
u32 pv_vmx_probe_missing(const struct pv_vmx_probe *probe, struct pv_vmx_caps *caps)
{
	u32 missing = 0;

	memset(caps, 0, sizeof(*caps));
	if (!probe->cpuid_vmx)
		return BIT(PV_VMX_REQ_CPUID);
	if (!pv_vmx_feature_control_ok(probe->msrs.feature_control))
		missing |= BIT(PV_VMX_REQ_FEATURE_CTL);
	if (probe->vmx_in_use)
		missing |= BIT(PV_VMX_REQ_FREE);
	if (!probe->msrs_readable)
		return missing | BIT(PV_VMX_REQ_MSRS);

	pv_vmx_caps_decode(&probe->msrs, caps);
	missing |= pv_vmx_caps_missing(caps);
	if (probe->vmxon_tried) {
		if (probe->vmxon_err)
			missing |= BIT(PV_VMX_REQ_VMXON);
		else
			caps->features |= F(VMXON_OK);
	}
	return missing;
}

/**
 * pv_vmx_crs_allowed() - may VMXON run with these control registers?
 * @msrs: the CPU's fixed-bit MSRs
 * @cr0: CR0 as it will be at VMXON
 * @cr4: CR4 as it will be at VMXON (with VMXE set)
 *
 * Bits set in FIXED0 must be 1, bits clear in FIXED1 must be 0
 * (SDM Vol. 3D, A.7 and A.8).
 *
 * Return: true if both registers are allowed.
 */
bool pv_vmx_crs_allowed(const struct pv_vmx_msrs *msrs, unsigned long cr0,
			unsigned long cr4)
{
	return (cr0 & msrs->cr0_fixed0) == msrs->cr0_fixed0 &&
	       !(cr0 & ~msrs->cr0_fixed1) &&
	       (cr4 & msrs->cr4_fixed0) == msrs->cr4_fixed0 &&
	       !(cr4 & ~msrs->cr4_fixed1);
}
