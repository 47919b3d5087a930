/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Thin wrappers around the VMX instructions partvisor executes.
 *
 * Each wrapper tells VMfail (the instruction completed with CF or ZF set,
 * SDM Vol. 3C, 31.2) apart from a fault (#UD/#GP, caught through the
 * exception table): callers report the two differently.
 */
#ifndef _PV_VMX_OPS_H
#define _PV_VMX_OPS_H

#include <linux/errno.h>
#include <linux/types.h>
#include <asm/asm.h>

/**
 * pv_vmx_vmxon() - enter VMX operation
 * @vmxon_pa: physical address of a VMXON region holding the revision id
 *
 * Return: 0, -EIO on VMfail, -EFAULT if VMXON faulted.
 */
static __always_inline int pv_vmx_vmxon(u64 vmxon_pa)
{
	asm goto("1: vmxon %[pa]\n\t"
		 "jbe %l[vmfail]\n\t"
		 _ASM_EXTABLE(1b, %l[fault])
		 : : [pa] "m" (vmxon_pa) : "cc", "memory" : vmfail, fault);
	return 0;
vmfail:
	return -EIO;
fault:
	return -EFAULT;
}

/**
 * pv_vmx_vmxoff() - leave VMX operation
 *
 * Return: 0, or -EFAULT if VMXOFF faulted (not in VMX operation).
 */
static __always_inline int pv_vmx_vmxoff(void)
{
	asm goto("1: vmxoff\n\t"
		 _ASM_EXTABLE(1b, %l[fault])
		 : : : "cc", "memory" : fault);
	return 0;
fault:
	return -EFAULT;
}

#endif /* _PV_VMX_OPS_H */
