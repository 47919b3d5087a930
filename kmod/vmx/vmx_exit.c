// SPDX-License-Identifier: GPL-2.0
/*
 * VM exits of the root partition, handled in the hypervisor.
 *
 * Runs on the hypervisor stack with interrupts off, in VMX root mode. It
 * never sleeps, takes no lock and calls no Linux subsystem: it reads and
 * writes the VMCS, the guest's registers and, for hypercalls, guest pages
 * it has checked. The one way out of this rule is devirtualization, which
 * hands the CPU back to Linux for good.
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/desc.h>
#include <asm/debugreg.h>
#include <asm/fpu/xcr.h>
#include <asm/hyperv-tlfs.h>
#include <asm/msr.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/trapnr.h>
#include <asm/trap_pf.h>
#include <asm/vmx.h>

#include "../pv_hv.h"
#include "../pv_part.h"
#include "../pv_trace.h"
#include "vmx_ept.h"
#include "vmx_exit_common.h"
#include "vmx_ops.h"
#include "vmx_root.h"

static void set_edx_eax(struct pv_vmx_regs *regs, u64 value)
{
	regs->rax = (u32)value;
	regs->rdx = value >> 32;
}

static void handle_cpuid(struct pv_vmx_regs *regs)
{
	u32 leaf = regs->rax, subleaf = regs->rcx;
	struct pv_hv_cpuid out;
	u32 a, b, c, d;

	if (pv_hv_cpuid_leaf(leaf, true, &out)) {
		a = out.eax;
		b = out.ebx;
		c = out.ecx;
		d = out.edx;
	} else {
		cpuid_count(leaf, subleaf, &a, &b, &c, &d);
		if (leaf == 1) {
			/* A hypervisor is present, and VMX is not the root's to use. */
			c |= BIT(31);
			c &= ~BIT(X86_FEATURE_VMX & 31);
		}
	}
	regs->rax = a;
	regs->rbx = b;
	regs->rcx = c;
	regs->rdx = d;
	pv_vmx_skip_instruction();
}

static bool msr_is_vmx(u32 msr)
{
	return msr >= MSR_IA32_VMX_BASIC && msr <= MSR_IA32_VMX_PROCBASED_CTLS3;
}

/* RDMSR exits: MSRs outside the ranges the bitmap covers always exit (SDM 25.1.3). */
static void handle_rdmsr(struct pv_vmx_regs *regs)
{
	u64 value;

	if (rdmsrl_safe(regs->rcx, &value)) {
		pv_vmx_inject_exception(X86_TRAP_GP, true);
		return;
	}
	set_edx_eax(regs, value);
	pv_vmx_skip_instruction();
}

static void handle_wrmsr(struct pv_vmx_regs *regs)
{
	u32 msr = regs->rcx;
	u64 value = (regs->rdx << 32) | (u32)regs->rax;

	if (msr_is_vmx(msr) || msr == MSR_IA32_FEAT_CTL ||
	    wrmsrl_safe(msr, value)) {
		pv_vmx_inject_exception(X86_TRAP_GP, true);
		return;
	}
	pv_vmx_skip_instruction();
}

/* MOV to CR4 that changes the VMXE shadow: the only CR exit (mask = VMXE). */
static void handle_cr_access(struct pv_vmx_regs *regs)
{
	unsigned long qual = pv_vmx_vmread(EXIT_QUALIFICATION);
	unsigned int cr = qual & 15, type = (qual >> 4) & 3, reg = (qual >> 8) & 15;
	u64 fixed0, fixed1, *src = pv_vmx_gpr(regs, reg);
	unsigned long val;

	if (cr != 4 || type != 0) {
		pv_vmx_inject_exception(X86_TRAP_UD, false);
		return;
	}
	val = src ? *src : pv_vmx_vmread(GUEST_RSP);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED0, fixed0);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED1, fixed1);
	if ((val & ~fixed1) || ((val | X86_CR4_VMXE) & fixed0) != fixed0) {
		pv_vmx_inject_exception(X86_TRAP_GP, true);
		return;
	}
	pv_vmx_vmwrite_raw(GUEST_CR4, val | X86_CR4_VMXE);
	pv_vmx_vmwrite_raw(CR4_READ_SHADOW, val);
	pv_vmx_skip_instruction();
}

static void handle_xsetbv(struct pv_vmx_regs *regs)
{
	u64 value = (regs->rdx << 32) | (u32)regs->rax;

	if (regs->rcx != 0 || !pv_vmx_xcr0_valid(value)) {
		pv_vmx_inject_exception(X86_TRAP_GP, true);
		return;
	}
	xsetbv(XCR_XFEATURE_ENABLED_MASK, value);
	pv_vmx_skip_instruction();
}

static u16 hv_get_version(const struct pv_hv_call *call, u64 output_gpa)
{
	struct pv_hv_output_version *out;

	if (call->fast || call->rep_count || call->varhead)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	pv_part_lock_pages();
	out = pv_vmx_root_page(output_gpa, sizeof(*out));
	if (out) {
		out->major = PV_HV_VERSION_MAJOR;
		out->minor = PV_HV_VERSION_MINOR;
		out->features = PV_HV_FEATURE_HYPERCALLS | PV_HV_FEATURE_ROOT;
		memset(out->reserved, 0, sizeof(out->reserved));
	}
	pv_part_unlock_pages();
	return out ? HV_STATUS_SUCCESS : HV_STATUS_INVALID_PARAMETER;
}

static u16 hv_flush_ept(const struct pv_hv_call *call)
{
	if (!call->fast || call->rep_count || call->varhead)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	pv_ept_root_invept();
	/* Tables merged back before every CPU's flush may be reused now. */
	pv_ept_root_reclaim();
	return HV_STATUS_SUCCESS;
}

/*
 * Leave VMX on this CPU and resume the caller natively (SDM 31.3 for
 * VMXOFF). The state VM exit loaded from the host fields is replaced by
 * the caller's, which the VMCS holds as guest state; the caller's RFLAGS
 * and return address go on its stack for vmx_entry.S to pop.
 */
static int devirtualize(struct pv_vmx_root_cpu *rc, struct pv_vmx_regs *regs)
{
	unsigned long rip = pv_vmx_vmread(GUEST_RIP) + pv_vmx_vmread(VM_EXIT_INSTRUCTION_LEN);
	unsigned long rsp = pv_vmx_vmread(GUEST_RSP);
	unsigned long cr3 = pv_vmx_vmread(GUEST_CR3);
	struct desc_ptr gdt = {
		.address = pv_vmx_vmread(GUEST_GDTR_BASE),
		.size = pv_vmx_vmread(GUEST_GDTR_LIMIT),
	};
	struct desc_ptr idt = {
		.address = pv_vmx_vmread(GUEST_IDTR_BASE),
		.size = pv_vmx_vmread(GUEST_IDTR_LIMIT),
	};
	u64 fs_base = pv_vmx_vmread(GUEST_FS_BASE);
	u64 gs_base = pv_vmx_vmread(GUEST_GS_BASE);
	u64 dr7 = pv_vmx_vmread(GUEST_DR7);
	u64 debugctl = pv_vmx_vmread(GUEST_IA32_DEBUGCTL);
	u64 efer = pv_vmx_vmread(GUEST_IA32_EFER);
	u64 pat = pv_vmx_vmread(GUEST_IA32_PAT);
	u64 sysenter_cs = pv_vmx_vmread(GUEST_SYSENTER_CS);
	u64 sysenter_esp = pv_vmx_vmread(GUEST_SYSENTER_ESP);
	u64 sysenter_eip = pv_vmx_vmread(GUEST_SYSENTER_EIP);
	u64 rflags = pv_vmx_vmread(GUEST_RFLAGS);
	unsigned long *frame;

	pv_vmx_vmclear(&rc->vmcs_pa);
	pv_vmx_vmxoff();
	rc->launched = false;

	/* Linux's copy of CR4 has VMXE since launch: clearing it writes CR4. */
	native_write_cr3(cr3);
	cr4_clear_bits_irqsoff(X86_CR4_VMXE);
	native_load_gdt(&gdt);
	native_load_idt(&idt);
	invalidate_tss_limit();	/* VM exit set the TR limit to 0x67 */
	wrmsrl(MSR_FS_BASE, fs_base);
	wrmsrl(MSR_GS_BASE, gs_base);
	wrmsrl(MSR_EFER, efer);
	wrmsrl(MSR_IA32_CR_PAT, pat);
	wrmsrl(MSR_IA32_SYSENTER_CS, sysenter_cs);
	wrmsrl(MSR_IA32_SYSENTER_ESP, sysenter_esp);
	wrmsrl(MSR_IA32_SYSENTER_EIP, sysenter_eip);
	wrmsrl(MSR_IA32_DEBUGCTLMSR, debugctl);
	native_set_debugreg(7, dr7);

	frame = (unsigned long *)(rsp - 2 * sizeof(unsigned long));
	frame[0] = rflags;
	frame[1] = rip;
	regs->devirt_rsp = (unsigned long)frame;
	regs->rax = pv_hv_result(HV_STATUS_SUCCESS, 0);
	return 1;
}

static int handle_vmcall(struct pv_vmx_root_cpu *rc, struct pv_vmx_regs *regs)
{
	unsigned int cpl = (pv_vmx_vmread(GUEST_SS_AR_BYTES) >> 5) & 3;
	struct pv_hv_call call;
	u16 status, reps = 0;

	/* As on Hyper-V: a hypercall from user mode is an invalid opcode. */
	if (cpl) {
		pv_vmx_inject_exception(X86_TRAP_UD, false);
		return 0;
	}
	status = pv_hv_decode_control(regs->rcx, &call);
	if (status == HV_STATUS_SUCCESS) {
		switch (call.code) {
		case PV_HVCALL_GET_VERSION:
			status = hv_get_version(&call, regs->r8);
			break;
		case PV_HVCALL_FLUSH_EPT:
			status = hv_flush_ept(&call);
			break;
		case PV_HVCALL_DEVIRTUALIZE:
			if (call.rep_count || call.varhead) {
				status = HV_STATUS_INVALID_HYPERCALL_INPUT;
				break;
			}
			trace_pv_hypercall(regs->rcx, regs->rdx, regs->r8, HV_STATUS_SUCCESS);
			return devirtualize(rc, regs);
		default:
			if (pv_part_is_management(call.code))
				status = pv_part_hypercall(&call, regs, &reps);
			else
				status = HV_STATUS_INVALID_HYPERCALL_CODE;
			break;
		}
	}
	trace_pv_hypercall(regs->rcx, regs->rdx, regs->r8, status);
	regs->rax = pv_hv_result(status, reps);
	pv_vmx_skip_instruction();
	return 0;
}

/*
 * The root touched a page EPT does not map for it: the hypervisor's own
 * memory, or beyond the physical address space. Refuse it the way a
 * missing page is refused, with a not-present #PF at the linear address,
 * so that a kernel access with an exception fixup (copy_from_kernel_nofault)
 * gets -EFAULT and any other oopses in the root, not in the hypervisor.
 */
static void handle_ept_violation(void)
{
	unsigned long qual = pv_vmx_vmread(EXIT_QUALIFICATION);
	unsigned int cpl = (pv_vmx_vmread(GUEST_SS_AR_BYTES) >> 5) & 3;
	u32 error = 0;

	if (!(qual & EPT_VIOLATION_GVA_IS_VALID)) {
		pv_vmx_inject_exception(X86_TRAP_GP, true);
		return;
	}
	if (qual & EPT_VIOLATION_ACC_WRITE)
		error |= X86_PF_WRITE;
	if (qual & EPT_VIOLATION_ACC_INSTR)
		error |= X86_PF_INSTR;
	if (cpl == 3)
		error |= X86_PF_USER;
	native_write_cr2(pv_vmx_vmread(GUEST_LINEAR_ADDRESS));
	pv_vmx_vmwrite_raw(VM_ENTRY_EXCEPTION_ERROR_CODE, error);
	pv_vmx_vmwrite_raw(VM_ENTRY_INTR_INFO_FIELD, X86_TRAP_PF | INTR_TYPE_HARD_EXCEPTION |
			   INTR_INFO_DELIVER_CODE_MASK | INTR_INFO_VALID_MASK);
}

static void __noreturn fatal(struct pv_vmx_regs *regs, const char *what, u32 reason)
{
	pr_emerg("CPU %u: %s (exit reason %u, qualification %#lx, guest RIP %#lx, RSP %#lx)\n",
		 smp_processor_id(), what, reason, pv_vmx_vmread(EXIT_QUALIFICATION),
		 pv_vmx_vmread(GUEST_RIP), pv_vmx_vmread(GUEST_RSP));
	panic("partvisor: the root partition cannot continue on this CPU");
}

/**
 * pv_vmx_handle_exit() - handle a VM exit of the root partition
 * @regs: the root's general-purpose registers, saved by vmx_entry.S
 *
 * Return: 0 to resume the root, 1 after leaving VMX (devirtualize).
 */
int pv_vmx_handle_exit(struct pv_vmx_regs *regs)
{
	struct pv_vmx_root_cpu *rc = pv_vmx_root_this_cpu();
	u32 reason = pv_vmx_vmread(VM_EXIT_REASON) & 0xffff;	/* basic reason */

	if (reason < PV_VMX_EXIT_REASONS)
		rc->exits[reason]++;
	trace_pv_root_exit(reason, pv_vmx_vmread(GUEST_RIP), pv_vmx_vmread(EXIT_QUALIFICATION));

	switch (reason) {
	case EXIT_REASON_CPUID:
		handle_cpuid(regs);
		break;
	case EXIT_REASON_MSR_READ:
		handle_rdmsr(regs);
		break;
	case EXIT_REASON_MSR_WRITE:
		handle_wrmsr(regs);
		break;
	case EXIT_REASON_CR_ACCESS:
		handle_cr_access(regs);
		break;
	case EXIT_REASON_XSETBV:
		handle_xsetbv(regs);
		break;
	case EXIT_REASON_INVD:
		wbinvd();
		pv_vmx_skip_instruction();
		break;
	case EXIT_REASON_VMCALL:
		return handle_vmcall(rc, regs);
	case EXIT_REASON_VMCLEAR:
	case EXIT_REASON_VMLAUNCH:
	case EXIT_REASON_VMPTRLD:
	case EXIT_REASON_VMPTRST:
	case EXIT_REASON_VMREAD:
	case EXIT_REASON_VMRESUME:
	case EXIT_REASON_VMWRITE:
	case EXIT_REASON_VMOFF:
	case EXIT_REASON_VMON:
	case EXIT_REASON_INVEPT:
	case EXIT_REASON_INVVPID:
	case EXIT_REASON_VMFUNC:
		/* VMX is not the root's to use: as on a CPU without it. */
		pv_vmx_inject_exception(X86_TRAP_UD, false);
		break;
	case EXIT_REASON_EPT_VIOLATION:
		handle_ept_violation();
		break;
	case EXIT_REASON_EPT_MISCONFIG:
		fatal(regs, "EPT misconfiguration in the root's identity map", reason);
	case EXIT_REASON_INIT_SIGNAL:
		/* Nothing sends INIT to a running root CPU; count it and go on. */
		break;
	case EXIT_REASON_TRIPLE_FAULT:
		fatal(regs, "the root partition triple-faulted", reason);
	default:
		fatal(regs, "unexpected VM exit of the root partition", reason);
	}
	return 0;
}

/**
 * pv_vmx_resume_failed() - VMRESUME of the root failed
 * @regs: the root's registers (for the report)
 */
void pv_vmx_resume_failed(struct pv_vmx_regs *regs)
{
	pr_emerg("CPU %u: VMRESUME failed, VM-instruction error %lu\n",
		 smp_processor_id(), pv_vmx_vmread(VM_INSTRUCTION_ERROR));
	fatal(regs, "cannot resume the root partition", 0);
}
