/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMX instructions that can fail in two ways: VMfail (the instruction
 * completes with CF or ZF set, SDM Vol. 3C, 31.2) or a fault (#UD/#GP),
 * caught through the exception table. Callers report the two differently.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/errno.h>

	.text

/*
 * int pv_vmx_vmxon(const u64 *vmxon_pa)
 * 0 on success, -EIO on VMfail, -EFAULT if VMXON faulted.
 */
SYM_FUNC_START(pv_vmx_vmxon)
1:	vmxon	(%rdi)
	jbe	2f
	xorl	%eax, %eax
	RET
2:	movl	$-EIO, %eax
	RET
3:	movl	$-EFAULT, %eax
	RET
	_ASM_EXTABLE(1b, 3b)
SYM_FUNC_END(pv_vmx_vmxon)

/*
 * int pv_vmx_vmxoff(void)
 * 0 on success, -EIO on VMfail, -EFAULT if VMXOFF faulted (not in VMX
 * operation).
 */
SYM_FUNC_START(pv_vmx_vmxoff)
1:	vmxoff
	jbe	2f
	xorl	%eax, %eax
	RET
2:	movl	$-EIO, %eax
	RET
3:	movl	$-EFAULT, %eax
	RET
	_ASM_EXTABLE(1b, 3b)
SYM_FUNC_END(pv_vmx_vmxoff)
