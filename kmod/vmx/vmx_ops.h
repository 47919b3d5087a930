/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMX instructions partvisor executes, implemented in vmx_insn.S.
 *
 * Each tells VMfail (CF or ZF set, SDM Vol. 3C, 31.2) apart from a fault
 * (#UD/#GP, caught through the exception table): callers report the two
 * differently.
 */
#ifndef _PV_VMX_OPS_H
#define _PV_VMX_OPS_H

#include <linux/types.h>
#include <asm/asm.h>

/**
 * pv_vmx_vmxon() - enter VMX operation
 * @vmxon_pa: physical address of a VMXON region holding the revision id
 *
 * Return: 0, -EIO on VMfail, -EFAULT if VMXON faulted.
 */
int pv_vmx_vmxon(const u64 *vmxon_pa);

/**
 * pv_vmx_vmxoff() - leave VMX operation
 *
 * Return: 0, -EIO on VMfail, -EFAULT if VMXOFF faulted.
 */
int pv_vmx_vmxoff(void);

/**
 * pv_vmx_vmclear() - clear a VMCS
 * @vmcs_pa: its physical address
 *
 * Return: 0, -EIO on VMfail, -EFAULT on a fault.
 */
int pv_vmx_vmclear(const u64 *vmcs_pa);

/**
 * pv_vmx_vmptrld() - make a VMCS current
 * @vmcs_pa: its physical address
 *
 * Return: 0, -EIO on VMfail, -EFAULT on a fault.
 */
int pv_vmx_vmptrld(const u64 *vmcs_pa);

/**
 * struct pv_vmx_invvpid_desc - INVVPID descriptor (SDM 31.3, "INVVPID")
 * @vpid: bits 15:0, the rest reserved (zero)
 * @gva: linear address, for the individual-address type
 */
struct pv_vmx_invvpid_desc {
	u64 vpid;
	u64 gva;
};

/**
 * pv_vmx_invvpid() - invalidate translations tagged with a VPID
 * @type: VMX_VPID_EXTENT_* from <asm/vmx.h>
 * @desc: the descriptor
 *
 * Return: 0, -EIO on VMfail, -EFAULT on a fault.
 */
int pv_vmx_invvpid(unsigned long type, const struct pv_vmx_invvpid_desc *desc);

/**
 * struct pv_vmx_invept_desc - INVEPT descriptor (SDM 31.3, "INVEPT")
 * @eptp: the EPT pointer, for the single-context type
 * @reserved: zero
 */
struct pv_vmx_invept_desc {
	u64 eptp;
	u64 reserved;
};

/**
 * pv_vmx_invept() - invalidate EPT-derived translations
 * @type: VMX_EPT_EXTENT_* from <asm/vmx.h>
 * @desc: the descriptor
 *
 * Return: 0, -EIO on VMfail, -EFAULT on a fault.
 */
int pv_vmx_invept(unsigned long type, const struct pv_vmx_invept_desc *desc);

/**
 * pv_vmx_vmread() - read a field of the current VMCS
 * @field: encoding from <asm/vmx.h>
 *
 * Only for fields that exist: the callers read fields the CPU has.
 *
 * Return: the value.
 */
static __always_inline unsigned long pv_vmx_vmread(unsigned long field)
{
	unsigned long value;

	asm volatile("vmread %[field], %[value]"
		     : [value] "=rm" (value) : [field] "r" (field) : "cc");
	return value;
}

/**
 * pv_vmx_vmwrite_raw() - write a field of the current VMCS
 * @field: encoding from <asm/vmx.h>
 * @value: the value
 *
 * Return: true on success, false on VMfail (the caller reads
 * VM_INSTRUCTION_ERROR).
 */
static __always_inline bool pv_vmx_vmwrite_raw(unsigned long field,
					       unsigned long value)
{
	bool fail;

	asm volatile("vmwrite %[value], %[field]" CC_SET(na)
		     : CC_OUT(na) (fail)
		     : [field] "r" (field), [value] "rm" (value) : "memory");
	return !fail;
}

#endif /* _PV_VMX_OPS_H */
