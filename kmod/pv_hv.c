// SPDX-License-Identifier: GPL-2.0
/*
 * partvisor's CPUID leaves and hypercall control-word decoding: pure
 * functions shared by the exit handlers and the KUnit suite partvisor_hv.
 */
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <asm/hyperv-tlfs.h>

#include "pv_hv.h"

/**
 * pv_hv_cpuid_leaf() - contents of a hypervisor CPUID leaf
 * @leaf: EAX at CPUID
 * @root: the caller is the root partition
 * @out: the four registers
 *
 * Leaves between %PV_HV_CPUID_MAX and 0x400000ff read as zero, as unused
 * leaves of a hypervisor range do on Hyper-V and KVM. The root's leaves
 * are the same as before children had a SynIC: only a child's features
 * leaf announces it (EAX bit 2, EBX post messages and signal events).
 *
 * Return: true if @leaf is in the hypervisor range 0x40000000-0x400000ff.
 */
bool pv_hv_cpuid_leaf(u32 leaf, bool root, struct pv_hv_cpuid *out)
{
	static const char sig[12] __nonstring = PV_HV_SIGNATURE;

	if ((leaf & 0xffffff00) != PV_HV_CPUID_BASE)
		return false;
	memset(out, 0, sizeof(*out));
	switch (leaf) {
	case PV_HV_CPUID_BASE:
		out->eax = PV_HV_CPUID_MAX;
		memcpy(&out->ebx, sig, 4);
		memcpy(&out->ecx, sig + 4, 4);
		memcpy(&out->edx, sig + 8, 4);
		break;
	case PV_HV_CPUID_INTERFACE:
		out->eax = PV_HV_INTERFACE;
		break;
	case PV_HV_CPUID_VERSION:
		out->eax = 0;
		out->ebx = PV_HV_VERSION_MAJOR << 16 | PV_HV_VERSION_MINOR;
		break;
	case PV_HV_CPUID_FEATURES:
		BUILD_BUG_ON(PV_HV_FEATURE_SYNIC != HV_MSR_SYNIC_AVAILABLE);
		out->eax = PV_HV_FEATURE_HYPERCALLS | (root ? PV_HV_FEATURE_ROOT : 0);
		/* A child has a SynIC and may post messages and signal events (TLFS EBX bits). */
		if (!root) {
			out->eax |= PV_HV_FEATURE_SYNIC;
			out->ebx = HV_POST_MESSAGES | HV_SIGNAL_EVENTS;
		}
		break;
	}
	return true;
}

/**
 * pv_hv_cpuid_tsc() - CPUID leaves 0x15 and 0x16 of a child
 * @leaf: 0x15 (TSC/crystal ratio) or 0x16 (processor frequencies)
 * @tsc_khz: the root's TSC frequency in kHz (0: unknown)
 * @out: the four registers
 *
 * A child's TSC runs at the root's rate, and Linux believes leaf 0x15 on
 * Intel (TSC Hz = ECX * EBX / EAX, TSC_KNOWN_FREQ). The crystal is the TSC
 * itself (EAX = EBX = 1) while its frequency fits ECX; above 4.29 GHz it
 * is the TSC divided by the smallest EBX that fits. Linux also takes the
 * local APIC timer's frequency from ECX: a virtual APIC timer counts at
 * this crystal rate. Leaf 0x16 gives base and maximum MHz, bus 0 (not
 * enumerated). With @tsc_khz 0 both leaves read as zero.
 *
 * Return: true if @leaf is 0x15 or 0x16 (@out filled in).
 */
bool pv_hv_cpuid_tsc(u32 leaf, u32 tsc_khz, struct pv_hv_cpuid *out)
{
	u64 hz = (u64)tsc_khz * 1000;
	u32 div = max_t(u64, DIV_ROUND_UP_ULL(hz, U32_MAX), 1);

	if (leaf != PV_HV_CPUID_TSC_RATIO && leaf != PV_HV_CPUID_FREQUENCY)
		return false;
	memset(out, 0, sizeof(*out));
	if (!tsc_khz)
		return true;
	if (leaf == PV_HV_CPUID_TSC_RATIO) {
		out->eax = 1;
		out->ebx = div;
		out->ecx = div_u64(hz, div);
	} else {
		out->eax = tsc_khz / 1000;
		out->ebx = tsc_khz / 1000;
	}
	return true;
}

/**
 * pv_hv_decode_control() - decode and check a hypercall control word (RCX)
 * @control: the control word
 * @call: filled in
 *
 * Return: %HV_STATUS_SUCCESS, or %HV_STATUS_INVALID_HYPERCALL_INPUT if a
 * reserved bit is set.
 */
u16 pv_hv_decode_control(u64 control, struct pv_hv_call *call)
{
	memset(call, 0, sizeof(*call));
	if (control & HV_HYPERCALL_RSVD_MASK)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	call->code = control & 0xffff;
	call->fast = control & HV_HYPERCALL_FAST_BIT;
	call->varhead = (control & HV_HYPERCALL_VARHEAD_MASK) >> HV_HYPERCALL_VARHEAD_OFFSET;
	call->rep_count = (control & HV_HYPERCALL_REP_COMP_MASK) >> HV_HYPERCALL_REP_COMP_OFFSET;
	call->rep_start = (control & HV_HYPERCALL_REP_START_MASK) >> HV_HYPERCALL_REP_START_OFFSET;
	return HV_STATUS_SUCCESS;
}

/**
 * pv_hv_result() - the RAX value a hypercall returns
 * @status: HV_STATUS_* (bits 15:0)
 * @reps_done: repetitions completed (bits 43:32)
 *
 * Return: the result value.
 */
u64 pv_hv_result(u16 status, u16 reps_done)
{
	return status | ((u64)reps_done << HV_HYPERCALL_REP_COMP_OFFSET &
			 HV_HYPERCALL_REP_COMP_MASK);
}
