/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's guest-visible interface: CPUID leaves 0x40000000.. and
 * the TLFS-style hypercall control word. Pure code (KUnit: partvisor_hv).
 * Documentation/hypercalls.rst is the reference.
 */
#ifndef _PV_HV_H
#define _PV_HV_H

#include <linux/types.h>

#define PV_HV_CPUID_BASE	0x40000000
#define PV_HV_CPUID_INTERFACE	0x40000001
#define PV_HV_CPUID_VERSION	0x40000002
#define PV_HV_CPUID_FEATURES	0x40000003
#define PV_HV_CPUID_MAX		PV_HV_CPUID_FEATURES

/* Basic leaves a child sees with the root's TSC frequency (pv_hv_cpuid_tsc()). */
#define PV_HV_CPUID_TSC_RATIO	0x15
#define PV_HV_CPUID_FREQUENCY	0x16

/* "partvisor-hv" in EBX, ECX, EDX of leaf 0x40000000 */
#define PV_HV_SIGNATURE		"partvisor-hv"
/* "PvH1" in EAX of leaf 0x40000001: not Hyper-V's "Hv#1" */
#define PV_HV_INTERFACE		0x31487650

#define PV_HV_VERSION_MAJOR	0
#define PV_HV_VERSION_MINOR	1

/* CPUID 0x40000003 EAX: what the caller's partition may do. */
#define PV_HV_FEATURE_HYPERCALLS	BIT(0)
#define PV_HV_FEATURE_ROOT		BIT(1)
/* Children: the SynIC MSRs (bit 2, where Hyper-V has HV_MSR_SYNIC_AVAILABLE). */
#define PV_HV_FEATURE_SYNIC		BIT(2)

/* partvisor's own call codes; Hyper-V's names and codes come later. */
#define PV_HVCALL_GET_VERSION		0x0f00
#define PV_HVCALL_DEVIRTUALIZE		0x0f01
#define PV_HVCALL_FLUSH_EPT		0x0f02

/**
 * struct pv_hv_output_version - output page of %PV_HVCALL_GET_VERSION
 * @major: interface major version
 * @minor: interface minor version
 * @features: CPUID 0x40000003 EAX of the caller
 * @reserved: zero
 */
struct pv_hv_output_version {
	u32 major;
	u32 minor;
	u64 features;
	u64 reserved[2];
};

/**
 * struct pv_hv_call - a decoded hypercall control word
 * @code: call code, bits 15:0
 * @fast: bit 16: input in registers
 * @varhead: variable header size in 8-byte units, bits 26:17
 * @rep_count: bits 43:32
 * @rep_start: bits 59:48
 */
struct pv_hv_call {
	u16 code;
	bool fast;
	u16 varhead;
	u16 rep_count;
	u16 rep_start;
};

struct pv_hv_cpuid {
	u32 eax, ebx, ecx, edx;
};

/**
 * pv_hv_vmcall() - make a hypercall (from a partition: the root's side)
 * @control: control word (RCX)
 * @input: input page GPA or fast input (RDX)
 * @output: output page GPA or fast input (R8)
 *
 * Return: the result value (RAX).
 */
static inline u64 pv_hv_vmcall(u64 control, u64 input, u64 output)
{
	register u64 r8 asm("r8") = output;
	u64 result;

	asm volatile("vmcall"
		     : "=a" (result), "+c" (control), "+d" (input), "+r" (r8)
		     : : "memory", "cc");
	return result;
}

bool pv_hv_cpuid_leaf(u32 leaf, bool root, struct pv_hv_cpuid *out);
bool pv_hv_cpuid_tsc(u32 leaf, u32 tsc_khz, struct pv_hv_cpuid *out);
u16 pv_hv_decode_control(u64 control, struct pv_hv_call *call);
u64 pv_hv_result(u16 status, u16 reps_done);

#endif /* _PV_HV_H */
