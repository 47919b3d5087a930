/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VM launch, VM exit entry and the way back out of VMX.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/unwind_hints.h>

	.text

/* Pop struct pv_vmx_regs but for devirt_rsp, in reverse order of the pushes. */
.macro POP_GUEST_REGS
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rbx
	pop	%rbp
	pop	%rsi
	pop	%rdi
	pop	%r8
	pop	%r9
	pop	%r10
	pop	%r11
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
.endm

/*
 * int pv_vmx_do_launch(unsigned long guest_rsp_field, unsigned long guest_rip_field)
 *
 * The current VMCS describes this CPU as it is; write the stack pointer and
 * the label below as the guest's RSP and RIP and VMLAUNCH. On success the
 * CPU continues at 1: in VMX non-root mode with every register as it was,
 * and the function returns 0 there. On VMfail it returns 1 (the caller
 * reads VM_INSTRUCTION_ERROR), on a fault 2.
 */
SYM_FUNC_START(pv_vmx_do_launch)
	push	%rbp
	mov	%rsp, %rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	vmwrite	%rsp, %rdi
	jbe	3f
	lea	1f(%rip), %rax
	vmwrite	%rax, %rsi
	jbe	3f
2:	vmlaunch
3:	mov	$1, %eax
	jmp	5f
4:	mov	$2, %eax
	jmp	5f
1:	xor	%eax, %eax
5:	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	RET
	_ASM_EXTABLE(2b, 4b)
SYM_FUNC_END(pv_vmx_do_launch)

/*
 * HOST_RIP. Interrupts are off (a VM exit clears RFLAGS). Save the guest's
 * registers as struct pv_vmx_regs, let pv_vmx_handle_exit() decide: 0
 * resumes the root, 1 means VMX was left and we return to the caller of
 * the devirtualize hypercall with its registers, RFLAGS and RIP as built
 * on its stack by the handler.
 */
SYM_CODE_START(pv_vmx_exit_entry)
	UNWIND_HINT_EMPTY
	sub	$8, %rsp		/* devirt_rsp */
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%r11
	push	%r10
	push	%r9
	push	%r8
	push	%rdi
	push	%rsi
	push	%rbp
	push	%rbx
	push	%rdx
	push	%rcx
	push	%rax
	mov	%rsp, %rdi
	call	pv_vmx_handle_exit
	test	%eax, %eax
	jnz	1f
	POP_GUEST_REGS
	add	$8, %rsp
	vmresume
	/* VMRESUME failed: report and stop, nothing sane is left to do. */
	mov	%rsp, %rdi
	call	pv_vmx_resume_failed
	ud2

1:	/* Out of VMX: back to the hypercall's caller, on its own stack. */
	POP_GUEST_REGS
	pop	%rsp			/* devirt_rsp: RFLAGS, then RIP */
	popfq
	RET
SYM_CODE_END(pv_vmx_exit_entry)
