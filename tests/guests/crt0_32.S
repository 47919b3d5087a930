/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry for 32-bit guests (multiboot v1 ELF32 and flat images).
 *
 * Entered in 32-bit protected mode, paging off, flat segments from the
 * loader's GDT, EAX = 0x2BADB002, EBX = GPA of the multiboot info. Every VP
 * enters here with the same registers: pick a per-VP stack from the VP
 * index (HV_X64_MSR_VP_INDEX) and call
 *	int main(uint32_t magic, uint32_t info_gpa, uint32_t vp);
 * A return from main stops the partition with main's value as exit code.
 */
#define MB_MAGIC	0x1BADB002
#define MB_FLAGS	0x00000003	/* page-align modules, want mem info */
#define MSR_VP_INDEX	0x40000002
#define MAX_VPS		8
#define STACK_SHIFT	14		/* 16 KiB per VP */

	/* Its own section, placed first by the linker script. */
	.section .multiboot, "a"
	.balign 4
	.globl	multiboot_header
multiboot_header:
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)

	.section .text.entry, "ax"
	.code32
	.globl	_start
	.type	_start, @function
_start:
	cli
	cld
	movl	%eax, %ebp		/* boot magic */
	movl	%ebx, %esi		/* multiboot info GPA */
	movl	$MSR_VP_INDEX, %ecx
	rdmsr				/* EAX = VP index (clobbers EDX) */
	cmpl	$MAX_VPS, %eax
	jae	.Lhalt
	movl	%eax, %edi		/* VP index */
	incl	%eax
	shll	$STACK_SHIFT, %eax
	addl	$vp_stacks, %eax	/* top of this VP's stack */
	movl	%eax, %esp
	xorl	%eax, %eax
	pushl	%eax			/* keep 16-byte alignment at the call */
	pushl	%edi			/* vp */
	pushl	%esi			/* info_gpa */
	pushl	%ebp			/* magic */
	xorl	%ebp, %ebp		/* end of frame chain */
	call	main
	movzbl	%al, %eax
	pushl	%eax
	pushl	%eax
	pushl	%eax
	pushl	%eax
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
