/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VM launch, VM exit entry and the way back out of VMX.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/nospec-branch.h>
#include <linux/objtool.h>
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

/*
 * int pv_vmx_child_run(struct pv_vmx_regs *regs, unsigned long launched,
 *			unsigned long host_rsp_field)
 *
 * In the exit handler, with the VP's VMCS current: enter the VP with the
 * registers in @regs (VMLAUNCH, or VMRESUME if @launched). Its VM exits
 * come back to pv_vmx_child_exit on this stack (HOST_RSP is written here),
 * which stores the VP's registers in @regs and returns 0. Returns 1 if VM
 * entry failed with VMfail (the caller reads VM_INSTRUCTION_ERROR).
 */
SYM_FUNC_START(pv_vmx_child_run)
	push	%rbp
	mov	%rsp, %rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdi			/* @regs, at HOST_RSP on exit */
	vmwrite	%rsp, %rdx
	jbe	2f
	test	%rsi, %rsi		/* MOVs keep the flags */
	mov	8(%rdi), %rcx
	mov	16(%rdi), %rdx
	mov	24(%rdi), %rbx
	mov	32(%rdi), %rbp
	mov	40(%rdi), %rsi
	mov	56(%rdi), %r8
	mov	64(%rdi), %r9
	mov	72(%rdi), %r10
	mov	80(%rdi), %r11
	mov	88(%rdi), %r12
	mov	96(%rdi), %r13
	mov	104(%rdi), %r14
	mov	112(%rdi), %r15
	mov	0(%rdi), %rax
	mov	48(%rdi), %rdi
	UNWIND_HINT_SAVE
	jnz	1f
	vmlaunch
	jmp	2f
1:	vmresume
2:	pop	%rdi			/* VMfail */
	mov	$1, %eax
	jmp	3f

SYM_INNER_LABEL(pv_vmx_child_exit, SYM_L_GLOBAL)
	/* The stack is as it was at VMLAUNCH/VMRESUME (HOST_RSP). */
	UNWIND_HINT_RESTORE
	push	%rdi
	mov	8(%rsp), %rdi
	mov	%rax, 0(%rdi)
	mov	%rcx, 8(%rdi)
	mov	%rdx, 16(%rdi)
	mov	%rbx, 24(%rdi)
	mov	%rbp, 32(%rdi)
	mov	%rsi, 40(%rdi)
	pop	48(%rdi)
	mov	%r8, 56(%rdi)
	mov	%r9, 64(%rdi)
	mov	%r10, 72(%rdi)
	mov	%r11, 80(%rdi)
	mov	%r12, 88(%rdi)
	mov	%r13, 96(%rdi)
	mov	%r14, 104(%rdi)
	mov	%r15, 112(%rdi)
	add	$8, %rsp
	/* The VP may have trained the return predictor: refill it (as KVM does). */
	FILL_RETURN_BUFFER %rcx, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT
	xor	%eax, %eax
3:	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	RET
SYM_FUNC_END(pv_vmx_child_run)
