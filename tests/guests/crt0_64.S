/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry for 64-bit guests (ELF64).
 *
 * Entered in 64-bit long mode with identity page tables over guest RAM,
 * CS = 0x18, data segments 0x10, RDI = GPA of the multiboot info, RSI = VP
 * index. Every VP enters here with the same registers: pick a per-VP stack
 * from the VP index read from HV_X64_MSR_VP_INDEX and call
 *	int main(uint64_t rdi, uint64_t rsi, uint32_t vp, uint64_t rax,
 *		 uint64_t rbx);
 * (RAX/RBX as found at entry, in case the loader hands over the multiboot
 * way.) A return from main stops the partition with its value as exit code.
 */
#define MSR_VP_INDEX	0x40000002
#define MAX_VPS		8
#define STACK_SHIFT	14		/* 16 KiB per VP */

	.section .text.entry, "ax"
	.code64
	.globl	_start
	.type	_start, @function
_start:
	cli
	cld
	movq	%rax, %r12		/* RAX at entry */
	movq	%rbx, %r13		/* RBX at entry */
	movq	%rdi, %r14		/* multiboot info GPA */
	movq	%rsi, %r15		/* VP index from the loader */
	movl	$MSR_VP_INDEX, %ecx
	rdmsr				/* EAX = VP index (clobbers EDX) */
	cmpl	$MAX_VPS, %eax
	jae	.Lhalt
	movl	%eax, %edx		/* 3rd argument: vp */
	incl	%eax
	shlq	$STACK_SHIFT, %rax
	leaq	vp_stacks(%rip), %rsp
	addq	%rax, %rsp		/* top of this VP's stack, 16-aligned */
	xorl	%ebp, %ebp
	movq	%r14, %rdi
	movq	%r15, %rsi
	movq	%r12, %rcx
	movq	%r13, %r8
	call	main
	movzbl	%al, %edi
	call	guest_exit		/* does not return */
.Lhalt:
	cli
	hlt
	jmp	.Lhalt
	.size	_start, . - _start

	.section .bss
	.balign	4096
	.globl	vp_stacks
vp_stacks:
	.skip	MAX_VPS << STACK_SHIFT

	.section .note.GNU-stack, "", @progbits
