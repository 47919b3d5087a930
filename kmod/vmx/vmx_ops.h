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

#endif /* _PV_VMX_OPS_H */
