/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMX instructions that can fail in two ways: VMfail (the instruction
 * completes with CF or ZF set, SDM Vol. 3C, 31.2) or a fault (#UD/#GP),
 * caught through the exception table. Callers report the two differently:
 * each function returns 0, -EIO on VMfail or -EFAULT on a fault.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/errno.h>

	.text

/* A function \name that runs \insn (its operands in the argument registers). */
.macro PV_VMX_INSN name, insn:vararg
SYM_FUNC_START(\name)
1:	\insn
	jbe	2f
	xorl	%eax, %eax
	RET
2:	movl	$-EIO, %eax
	RET
3:	movl	$-EFAULT, %eax
	RET
	_ASM_EXTABLE(1b, 3b)
SYM_FUNC_END(\name)
.endm

/* int pv_vmx_vmxon(const u64 *vmxon_pa) */
PV_VMX_INSN pv_vmx_vmxon, vmxon (%rdi)

/* int pv_vmx_vmxoff(void) */
PV_VMX_INSN pv_vmx_vmxoff, vmxoff

/* int pv_vmx_vmclear(const u64 *vmcs_pa) */
PV_VMX_INSN pv_vmx_vmclear, vmclear (%rdi)

/* int pv_vmx_vmptrld(const u64 *vmcs_pa) */
PV_VMX_INSN pv_vmx_vmptrld, vmptrld (%rdi)

/* int pv_vmx_invvpid(unsigned long type, const struct pv_vmx_invvpid_desc *desc) */
PV_VMX_INSN pv_vmx_invvpid, invvpid (%rsi), %rdi

/* int pv_vmx_invept(unsigned long type, const struct pv_vmx_invept_desc *desc) */
PV_VMX_INSN pv_vmx_invept, invept (%rsi), %rdi
