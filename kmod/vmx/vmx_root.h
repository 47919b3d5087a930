/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Late launch: the running kernel continues as the root partition in VMX
 * non-root mode on every online CPU.
 */
#ifndef _PV_VMX_ROOT_H
#define _PV_VMX_ROOT_H

#include <linux/types.h>

/*
 * Guest general-purpose registers as vmx_entry.S pushes them on the
 * hypervisor stack at a VM exit (RSP lives in the VMCS). @devirt_rsp is
 * set by the exit handler when it leaves VMX: vmx_entry.S pops it into RSP
 * and returns to the caller of the devirtualize hypercall from there.
 */
struct pv_vmx_regs {
	u64 rax, rcx, rdx, rbx, rbp, rsi, rdi;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 devirt_rsp;
};

/* The root partition's VPID on every CPU (0 is VMX root operation's). */
#define PV_VMX_ROOT_VPID 1

/* Exit reasons counted per CPU (basic exit reasons are below 80). */
#define PV_VMX_EXIT_REASONS 80

/**
 * struct pv_vmx_root_cpu - one CPU's hypervisor state while launched
 * @vmxon: VMXON region
 * @vmcs: the root partition's VMCS for this CPU
 * @stack: hypervisor stack (HOST_RSP points at its top)
 * @launched: the CPU runs the root in VMX non-root mode
 * @exits: VM exits by basic exit reason; written only by this CPU's exit
 *	handler, read racily by debugfs
 * @vmcs_pa: physical address of @vmcs (VMCLEAR at devirtualize)
 * @vmwrite_field: first VMCS field a VMWRITE failed on, while building
 * @vmwrite_err: its VM-instruction error
 * @launch_id: unique per launch of any CPU: a VP whose VMCS took its host
 *	state, and flushed its translations, under another launch id does it
 *	again (the CPU went offline and came back)
 */
struct pv_vmx_root_cpu {
	struct page *vmxon;
	struct page *vmcs;
	void *stack;
	bool launched;
	u64 exits[PV_VMX_EXIT_REASONS];
	u64 vmcs_pa;
	unsigned long vmwrite_field;
	u32 vmwrite_err;
	u64 launch_id;
};

int pv_vmx_root_init(const u64 *hide, unsigned int n);
void pv_vmx_root_exit(void);
void pv_vmx_root_flush_ept_all(void);
struct pv_vmx_root_cpu *pv_vmx_root_this_cpu(void);
const struct pv_vmx_root_cpu *pv_vmx_root_cpu(unsigned int cpu);

/* vmx_entry.S */
int pv_vmx_do_launch(unsigned long guest_rsp_field, unsigned long guest_rip_field);
void pv_vmx_exit_entry(void);

/* vmx_exit.c, called from vmx_entry.S */
int pv_vmx_handle_exit(struct pv_vmx_regs *regs);
void pv_vmx_resume_failed(struct pv_vmx_regs *regs);

#endif /* _PV_VMX_ROOT_H */
