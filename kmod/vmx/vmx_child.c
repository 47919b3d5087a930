// SPDX-License-Identifier: GPL-2.0
/*
 * Child virtual processors: their VMCS, register access and DispatchVp,
 * the root scheduler's switch from the root's VMCS to a VP's and back.
 *
 * Everything here but pv_vmx_child_init() runs in the exit handler of a
 * root hypercall: hypervisor stack, interrupts off, the root's VMCS
 * current on entry and again on return. A VP's VMCS is current only while
 * a hypercall works on it and is VMCLEARed before the hypercall returns,
 * so it may be dispatched on any CPU next time (SDM 24.11.1).
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <asm/debugreg.h>
#include <asm/fpu/xcr.h>
#include <asm/irq_vectors.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/special_insns.h>
#include <asm/tsc.h>
#include <asm/vmx.h>

#include "vmx_caps.h"
#include "vmx_child.h"
#include "vmx_ops.h"
#include "vmx_root.h"

/* Controls of every VP, from the capability MSRs at load; read-only after. */
static struct {
	u32 pin, proc, proc2, exit, entry;
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	unsigned int timer_shift;
	bool rdtscp;
} pv_child_ctls;

#define PV_CHILD_DEFAULT_SLICE	4000000ULL	/* TSC ticks */

static u32 adjust(u64 msr, u32 want, u32 *missing)
{
	u32 v = (want | (u32)msr) & (u32)(msr >> 32);

	*missing |= want & ~v;
	return v;
}

/**
 * pv_vmx_child_init() - work out the VMX controls of child VPs
 *
 * Children need unrestricted guest, EPT, VPID and the VMX-preemption timer
 * (the root scheduler's bound on a slice).
 *
 * Return: 0 or -EOPNOTSUPP with the reason logged.
 */
int pv_vmx_child_init(void)
{
	u64 basic, pin, proc, proc2, exit, entry, misc;
	bool tc;
	u32 miss = 0, miss2 = 0;

	BUILD_BUG_ON(offsetof(struct pv_vmx_regs, rdi) != 48);
	BUILD_BUG_ON(offsetof(struct pv_vmx_regs, r15) != 112);
	rdmsrl(MSR_IA32_VMX_BASIC, basic);
	tc = basic & VMX_BASIC_TRUE_CTLS;
	rdmsrl(tc ? MSR_IA32_VMX_TRUE_PINBASED_CTLS : MSR_IA32_VMX_PINBASED_CTLS, pin);
	rdmsrl(tc ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS : MSR_IA32_VMX_PROCBASED_CTLS, proc);
	rdmsrl(MSR_IA32_VMX_PROCBASED_CTLS2, proc2);
	rdmsrl(tc ? MSR_IA32_VMX_TRUE_EXIT_CTLS : MSR_IA32_VMX_EXIT_CTLS, exit);
	rdmsrl(tc ? MSR_IA32_VMX_TRUE_ENTRY_CTLS : MSR_IA32_VMX_ENTRY_CTLS, entry);
	rdmsrl(MSR_IA32_VMX_MISC, misc);
	rdmsrl(MSR_IA32_VMX_CR0_FIXED0, pv_child_ctls.cr0_fixed0);
	rdmsrl(MSR_IA32_VMX_CR0_FIXED1, pv_child_ctls.cr0_fixed1);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED0, pv_child_ctls.cr4_fixed0);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED1, pv_child_ctls.cr4_fixed1);

	pv_child_ctls.pin = adjust(pin, PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING |
				   PIN_BASED_VMX_PREEMPTION_TIMER, &miss);
	/* No MSR bitmap: every RDMSR/WRMSR exits. */
	pv_child_ctls.proc = adjust(proc, CPU_BASED_HLT_EXITING | CPU_BASED_UNCOND_IO_EXITING |
				    CPU_BASED_MOV_DR_EXITING | CPU_BASED_CR8_LOAD_EXITING |
				    CPU_BASED_CR8_STORE_EXITING | CPU_BASED_RDPMC_EXITING |
				    CPU_BASED_MWAIT_EXITING | CPU_BASED_MONITOR_EXITING |
				    CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, &miss);
	pv_child_ctls.rdtscp = boot_cpu_has(X86_FEATURE_RDTSCP) &&
			       ((proc2 >> 32) & SECONDARY_EXEC_ENABLE_RDTSCP);
	pv_child_ctls.proc2 = adjust(proc2, SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID |
				     SECONDARY_EXEC_UNRESTRICTED_GUEST |
				     (pv_child_ctls.rdtscp ? SECONDARY_EXEC_ENABLE_RDTSCP : 0),
				     &miss2);
	pv_child_ctls.exit = adjust(exit, VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER |
				    VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_IA32_PAT |
				    VM_EXIT_LOAD_IA32_PAT, &miss);
	pv_child_ctls.entry = adjust(entry, VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_IA32_PAT |
				     VM_ENTRY_LOAD_DEBUG_CONTROLS, &miss);
	pv_child_ctls.timer_shift = misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK;
	pv_vmx_lapic_init(tsc_khz);
	/* Toggled per VP by the SynIC (vmx_synic.c): must be allowed, is off at first. */
	if (!((proc >> 32) & CPU_BASED_INTR_WINDOW_EXITING))
		miss |= CPU_BASED_INTR_WINDOW_EXITING;
	/* The first flush of a recycled VPID on a CPU is single-context. */
	if (miss || miss2) {
		pr_err("child partitions need unrestricted guest, EPT, VPID, the preemption timer and exiting on HLT, I/O, MSRs, DR, CR8 and interrupt windows (missing controls %#x, secondary %#x)\n",
		       miss, miss2);
		return -EOPNOTSUPP;
	}
	if ((pv_child_ctls.proc & (CPU_BASED_CR3_LOAD_EXITING | CPU_BASED_CR3_STORE_EXITING |
				   CPU_BASED_INVLPG_EXITING | CPU_BASED_RDTSC_EXITING)) ||
	    (pv_child_ctls.pin & PIN_BASED_POSTED_INTR)) {
		pr_err("VMX forces exiting controls child VPs do not handle (%#x)\n",
		       pv_child_ctls.proc);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* The CR0 and CR4 bits VMX forces: the VP reads its own values from shadows. */
static u64 cr0_forced(void)
{
	return pv_child_ctls.cr0_fixed0 & ~(X86_CR0_PE | X86_CR0_PG);
}

static u64 cr0_mask(void)
{
	return cr0_forced() | ~pv_child_ctls.cr0_fixed1;
}

static u64 cr4_mask(void)
{
	return pv_child_ctls.cr4_fixed0 | ~pv_child_ctls.cr4_fixed1 | PV_CR4_REFUSED;
}

static bool load_vmcs(struct pv_vmx_child *c)
{
	return !pv_vmx_vmptrld(&c->vmcs_pa);
}

/* Back to the root: the VP's VMCS written to memory, the root's current. */
static void unload_vmcs(struct pv_vmx_child *c)
{
	pv_vmx_vmclear(&c->vmcs_pa);
	pv_vmx_vmptrld(&pv_vmx_root_this_cpu()->vmcs_pa);
}

static bool set_seg(unsigned int n, u16 sel, u64 base, u32 limit, u32 ar)
{
	unsigned int d = n * 2;	/* ES..TR selectors/limits/ARs/bases are 2 apart */

	return pv_vmx_vmwrite_raw(GUEST_ES_SELECTOR + d, sel) &&
	       pv_vmx_vmwrite_raw(GUEST_ES_BASE + d, base) &&
	       pv_vmx_vmwrite_raw(GUEST_ES_LIMIT + d, limit) &&
	       pv_vmx_vmwrite_raw(GUEST_ES_AR_BYTES + d, ar);
}

/*
 * The VP at reset, as partvisor defines it: 32-bit protected mode, flat
 * segments 0x08 (code) and 0x10 (data), paging off, interrupts off, no
 * interrupt shadow or pending event, active; CR2, CR8, DR0-3 zero, DR6
 * and DR7 at their reset values; XCR0 x87|SSE and the XSAVE state in its
 * init state; the SYSCALL, SWAPGS, SYSENTER and TSC_AUX MSRs zero. At
 * creation and on a write of PV_HV_REG_VP_RESET (a restart). The root's
 * loader then sets what the image needs.
 */
static bool reset_state(struct pv_vmx_child *c)
{
	u64 cr0 = X86_CR0_PE | X86_CR0_ET;
	bool ok = true;
	unsigned int i;

	for (i = 0; i < 6; i++)
		ok &= set_seg(i, i == 1 ? 0x08 : 0x10, 0, 0xffffffff, i == 1 ? 0xc09b : 0xc093);
	ok &= set_seg(6, 0, 0, 0, VMX_AR_UNUSABLE_MASK);	/* LDTR */
	ok &= set_seg(7, 0, 0, 0xffff, 0x8b);			/* TR: busy TSS */
	ok &= pv_vmx_vmwrite_raw(GUEST_GDTR_BASE, 0) && pv_vmx_vmwrite_raw(GUEST_GDTR_LIMIT, 0) &&
	      pv_vmx_vmwrite_raw(GUEST_IDTR_BASE, 0) && pv_vmx_vmwrite_raw(GUEST_IDTR_LIMIT, 0) &&
	      pv_vmx_vmwrite_raw(GUEST_CR0, cr0 | cr0_forced()) &&
	      pv_vmx_vmwrite_raw(CR0_READ_SHADOW, cr0) &&
	      pv_vmx_vmwrite_raw(GUEST_CR3, 0) &&
	      pv_vmx_vmwrite_raw(GUEST_CR4, pv_child_ctls.cr4_fixed0) &&
	      pv_vmx_vmwrite_raw(CR4_READ_SHADOW, 0) &&
	      pv_vmx_vmwrite_raw(GUEST_DR7, PV_DR7_FIXED_1) &&
	      pv_vmx_vmwrite_raw(GUEST_RSP, 0) && pv_vmx_vmwrite_raw(GUEST_RIP, 0) &&
	      pv_vmx_vmwrite_raw(GUEST_RFLAGS, X86_EFLAGS_FIXED) &&
	      pv_vmx_vmwrite_raw(GUEST_IA32_EFER, 0) &&
	      pv_vmx_vmwrite_raw(GUEST_IA32_PAT, 0x0007040600070406ULL) &&
	      pv_vmx_vmwrite_raw(GUEST_IA32_DEBUGCTL, 0) &&
	      pv_vmx_vmwrite_raw(GUEST_SYSENTER_CS, 0) &&
	      pv_vmx_vmwrite_raw(GUEST_SYSENTER_ESP, 0) &&
	      pv_vmx_vmwrite_raw(GUEST_SYSENTER_EIP, 0) &&
	      pv_vmx_vmwrite_raw(GUEST_INTERRUPTIBILITY_INFO, 0) &&
	      pv_vmx_vmwrite_raw(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE) &&
	      pv_vmx_vmwrite_raw(GUEST_PENDING_DBG_EXCEPTIONS, 0) &&
	      pv_vmx_vmwrite_raw(VM_ENTRY_INTR_INFO_FIELD, 0) &&
	      pv_vmx_vmwrite_raw(VM_ENTRY_CONTROLS,
				 pv_child_ctls.entry & ~VM_ENTRY_IA32E_MODE) &&
	      pv_vmx_vmwrite_raw(VMCS_LINK_POINTER, -1ULL);
	for (i = 0; i < 4; i++)
		ok &= pv_vmx_vmwrite_raw(GUEST_PDPTR0 + 2 * i, 0);
	memset(&c->regs, 0, sizeof(c->regs));
	c->cr2 = 0;
	c->cr8 = 0;
	memset(c->dr, 0, sizeof(c->dr));
	c->dr[4] = DR6_RESERVED;
	c->dr7 = PV_DR7_FIXED_1;
	c->xcr0 = XFEATURE_MASK_FP | XFEATURE_MASK_SSE;
	c->kernel_gs_base = 0;
	c->star = 0;
	c->lstar = 0;
	c->cstar = 0;
	c->sfmask = 0;
	c->tsc_aux = 0;
	c->insn_len = 0;
	pv_vmx_lapic_vp_reset(c);
	/* A zeroed XSAVE header restores the init state; MXCSR is loaded as is. */
	memset(c->xsave, 0, PAGE_SIZE);
	*(u32 *)(c->xsave + 24) = MXCSR_DEFAULT;
	return ok;
}

/*
 * A SIPI to a VP waiting for one: the state after INIT, in real mode at
 * CS = vector << 8 (base vector << 12), IP 0 (SDM 9.1.1, 10.4.4.1).
 */
static void sipi_start(struct pv_vmx_child *c)
{
	u64 base = (u64)c->sipi_vector << 12;
	unsigned int i;

	reset_state(c);
	for (i = 0; i < 6; i++)
		set_seg(i, i == 1 ? base >> 4 : 0, i == 1 ? base : 0, 0xffff, i == 1 ? 0x9b : 0x93);
	pv_vmx_vmwrite_raw(GUEST_CR0, X86_CR0_ET | cr0_forced());
	pv_vmx_vmwrite_raw(CR0_READ_SHADOW, X86_CR0_ET);
	pv_vmx_vmwrite_raw(GUEST_GDTR_LIMIT, 0xffff);
	pv_vmx_vmwrite_raw(GUEST_IDTR_LIMIT, 0xffff);
	c->halted = false;
}

/**
 * pv_vmx_child_create() - build a new VP's VMCS
 * @c: the VP, its pages and identity filled in by the caller
 *
 * Return: HV_STATUS_SUCCESS, or HV_STATUS_OPERATION_DENIED if the CPU
 * refused a VMX instruction or field.
 */
u16 pv_vmx_child_create(struct pv_vmx_child *c)
{
	u64 basic;
	bool ok;

	rdmsrl(MSR_IA32_VMX_BASIC, basic);
	*(u32 *)__va(c->vmcs_pa) = (u32)basic & 0x7fffffff;
	c->host_cpu = -1;
	if (pv_vmx_vmclear(&c->vmcs_pa) || !load_vmcs(c)) {
		pv_vmx_vmptrld(&pv_vmx_root_this_cpu()->vmcs_pa);
		return HV_STATUS_OPERATION_DENIED;
	}
	ok = pv_vmx_vmwrite_raw(PIN_BASED_VM_EXEC_CONTROL, pv_child_ctls.pin) &&
	     pv_vmx_vmwrite_raw(CPU_BASED_VM_EXEC_CONTROL, pv_child_ctls.proc) &&
	     pv_vmx_vmwrite_raw(SECONDARY_VM_EXEC_CONTROL, pv_child_ctls.proc2) &&
	     pv_vmx_vmwrite_raw(VM_EXIT_CONTROLS, pv_child_ctls.exit) &&
	     pv_vmx_vmwrite_raw(VM_ENTRY_CONTROLS, pv_child_ctls.entry) &&
	     pv_vmx_vmwrite_raw(VIRTUAL_PROCESSOR_ID, c->vpid) &&
	     pv_vmx_vmwrite_raw(EPT_POINTER, c->eptp) &&
	     pv_vmx_vmwrite_raw(EXCEPTION_BITMAP, 0) &&
	     pv_vmx_vmwrite_raw(PAGE_FAULT_ERROR_CODE_MASK, 0) &&
	     pv_vmx_vmwrite_raw(PAGE_FAULT_ERROR_CODE_MATCH, 0) &&
	     pv_vmx_vmwrite_raw(CR3_TARGET_COUNT, 0) &&
	     pv_vmx_vmwrite_raw(VM_EXIT_MSR_STORE_COUNT, 0) &&
	     pv_vmx_vmwrite_raw(VM_EXIT_MSR_LOAD_COUNT, 0) &&
	     pv_vmx_vmwrite_raw(VM_ENTRY_MSR_LOAD_COUNT, 0) &&
	     pv_vmx_vmwrite_raw(VM_ENTRY_INTR_INFO_FIELD, 0) &&
	     pv_vmx_vmwrite_raw(CR0_GUEST_HOST_MASK, cr0_mask()) &&
	     pv_vmx_vmwrite_raw(CR4_GUEST_HOST_MASK, cr4_mask()) &&
	     pv_vmx_vmwrite_raw(TSC_OFFSET, 0) &&
	     pv_vmx_vmwrite_raw(HOST_RIP, (unsigned long)pv_vmx_child_exit) &&
	     reset_state(c);
	pv_vmx_synic_reset(c);
	unload_vmcs(c);
	return ok ? HV_STATUS_SUCCESS : HV_STATUS_OPERATION_DENIED;
}

static u64 *gpr_slot(struct pv_vmx_child *c, u32 name)
{
	static const u8 index[16] = { 0, 1, 2, 3, 0xff, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };

	return (u64 *)&c->regs + index[name - PV_HV_REG_RAX];
}

static bool canonical(u64 v)
{
	return (u64)(((s64)v << 16) >> 16) == v;
}

/* One register of a VP whose VMCS is current. */
static u16 get_reg(struct pv_vmx_child *c, u32 name, union pv_hv_register_value *v)
{
	unsigned int d;

	memset(v, 0, sizeof(*v));
	if (name >= PV_HV_REG_RAX && name <= PV_HV_REG_R15 && name != PV_HV_REG_RSP) {
		v->reg64 = *gpr_slot(c, name);
		return HV_STATUS_SUCCESS;
	}
	if (pv_vmx_synic_get_reg(c, name, &v->reg64))
		return HV_STATUS_SUCCESS;
	if (name == PV_HV_REG_INTERNAL_ACTIVITY_STATE) {
		v->reg64 = pv_vmx_lapic_get_activity(c);
		return HV_STATUS_SUCCESS;
	}
	if (name >= PV_HV_REG_ES && name <= PV_HV_REG_TR) {
		d = (name - PV_HV_REG_ES) * 2;
		v->segment.base = pv_vmx_vmread(GUEST_ES_BASE + d);
		v->segment.limit = pv_vmx_vmread(GUEST_ES_LIMIT + d);
		v->segment.selector = pv_vmx_vmread(GUEST_ES_SELECTOR + d);
		d = pv_vmx_vmread(GUEST_ES_AR_BYTES + d);
		v->segment.attributes = d & VMX_AR_UNUSABLE_MASK ? 0 : d & 0xf0ff;
		return HV_STATUS_SUCCESS;
	}
	switch (name) {
	case PV_HV_REG_RSP:
		v->reg64 = pv_vmx_vmread(GUEST_RSP);
		break;
	case PV_HV_REG_RIP:
		v->reg64 = pv_vmx_vmread(GUEST_RIP);
		break;
	case PV_HV_REG_RFLAGS:
		v->reg64 = pv_vmx_vmread(GUEST_RFLAGS);
		break;
	case PV_HV_REG_CR0:
		v->reg64 = pv_vmx_vmread(CR0_READ_SHADOW);
		break;
	case PV_HV_REG_CR2:
		v->reg64 = c->cr2;
		break;
	case PV_HV_REG_CR3:
		v->reg64 = pv_vmx_vmread(GUEST_CR3);
		break;
	case PV_HV_REG_CR4:
		v->reg64 = pv_vmx_vmread(CR4_READ_SHADOW);
		break;
	case PV_HV_REG_DR7:
		v->reg64 = c->dr7;
		break;
	case PV_HV_REG_EFER:
		v->reg64 = pv_vmx_vmread(GUEST_IA32_EFER);
		break;
	case PV_HV_REG_PAT:
		v->reg64 = pv_vmx_vmread(GUEST_IA32_PAT);
		break;
	case PV_HV_REG_GDTR:
	case PV_HV_REG_IDTR:
		d = name == PV_HV_REG_GDTR ? 0 : GUEST_IDTR_BASE - GUEST_GDTR_BASE;
		v->table.base = pv_vmx_vmread(GUEST_GDTR_BASE + d);
		v->table.limit = pv_vmx_vmread(GUEST_GDTR_LIMIT + d);
		break;
	default:
		return HV_STATUS_INVALID_PARAMETER;
	}
	return HV_STATUS_SUCCESS;
}

/*
 * Write one register, checking what VM entry would otherwise refuse in a
 * way the root could not tell from a broken VP: reserved bits of CR0, CR4,
 * EFER, RFLAGS and segment attributes, canonical bases. What is left (the
 * consistency of the whole state, SDM 26.3.1) VM entry checks, and a
 * refusal stops the VP with PV_HV_INTERCEPT_INVALID_STATE.
 */
static u16 set_reg(struct pv_vmx_child *c, u32 name, const union pv_hv_register_value *v)
{
	u64 x = v->reg64, lma;
	unsigned int d;
	u32 entry;

	if (name >= PV_HV_REG_RAX && name <= PV_HV_REG_R15 && name != PV_HV_REG_RSP) {
		*gpr_slot(c, name) = x;
		return HV_STATUS_SUCCESS;
	}
	if (name >= PV_HV_REG_SINT0 && name <= PV_HV_REG_EOM)
		return pv_vmx_synic_set_reg(c, name, x);
	if (name == PV_HV_REG_INTERNAL_ACTIVITY_STATE)
		return v->raw[1] ? HV_STATUS_INVALID_PARAMETER : pv_vmx_lapic_set_activity(c, x);
	if (name >= PV_HV_REG_ES && name <= PV_HV_REG_TR) {
		const struct pv_hv_segment *s = &v->segment;
		u32 ar = s->attributes & 0xf0ff;

		if ((s->attributes & 0x0f00) || !canonical(s->base))
			return HV_STATUS_INVALID_PARAMETER;
		if (!(ar & VMX_AR_P_MASK))
			ar = VMX_AR_UNUSABLE_MASK;
		d = (name - PV_HV_REG_ES) * 2;
		return set_seg(d / 2, s->selector, s->base, s->limit, ar) ?
		       HV_STATUS_SUCCESS : HV_STATUS_INVALID_PARAMETER;
	}
	switch (name) {
	case PV_HV_REG_RSP:
		pv_vmx_vmwrite_raw(GUEST_RSP, x);
		break;
	case PV_HV_REG_RIP:
		pv_vmx_vmwrite_raw(GUEST_RIP, x);
		/* A new RIP (a restart): an event pending for the old flow is moot. */
		pv_vmx_vmwrite_raw(VM_ENTRY_INTR_INFO_FIELD, 0);
		c->insn_len = 0;
		c->hvcall = false;
		c->halted = false;
		c->wait_sipi = false;
		break;
	case PV_HV_REG_RFLAGS:
		if (x & ~(u64)(X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | X86_EFLAGS_ZF |
			       X86_EFLAGS_SF | X86_EFLAGS_TF | X86_EFLAGS_IF | X86_EFLAGS_DF |
			       X86_EFLAGS_OF | X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_RF |
			       X86_EFLAGS_AC | X86_EFLAGS_ID | X86_EFLAGS_FIXED))
			return HV_STATUS_INVALID_PARAMETER;
		pv_vmx_vmwrite_raw(GUEST_RFLAGS, x | X86_EFLAGS_FIXED);
		break;
	case PV_HV_REG_CR0:
		if ((x & ~pv_child_ctls.cr0_fixed1) || (x >> 32) ||
		    ((x & X86_CR0_PG) && !(x & X86_CR0_PE)))
			return HV_STATUS_INVALID_PARAMETER;
		pv_vmx_vmwrite_raw(CR0_READ_SHADOW, x);
		pv_vmx_vmwrite_raw(GUEST_CR0, x | cr0_forced());
		goto lma;
	case PV_HV_REG_CR2:
		c->cr2 = x;
		break;
	case PV_HV_REG_CR3:
		if (x >> boot_cpu_data.x86_phys_bits)
			return HV_STATUS_INVALID_PARAMETER;
		pv_vmx_vmwrite_raw(GUEST_CR3, x);
		break;
	case PV_HV_REG_CR4:
		if ((x & ~pv_child_ctls.cr4_fixed1) || (x & PV_CR4_REFUSED))
			return HV_STATUS_INVALID_PARAMETER;
		pv_vmx_vmwrite_raw(CR4_READ_SHADOW, x);
		pv_vmx_vmwrite_raw(GUEST_CR4, x | pv_child_ctls.cr4_fixed0);
		break;
	case PV_HV_REG_DR7:
		if (x >> 32)
			return HV_STATUS_INVALID_PARAMETER;
		c->dr7 = x | PV_DR7_FIXED_1;	/* kept, not loaded (see handle_dr) */
		break;
	case PV_HV_REG_EFER:
		if (x & ~(u64)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX))
			return HV_STATUS_INVALID_PARAMETER;
		pv_vmx_vmwrite_raw(GUEST_IA32_EFER, x & ~EFER_LMA);
		goto lma;
	case PV_HV_REG_PAT:
		for (d = 0; d < 8; d++) {
			u8 t = x >> (d * 8);

			if (t == 2 || t == 3 || t > 7)
				return HV_STATUS_INVALID_PARAMETER;
		}
		pv_vmx_vmwrite_raw(GUEST_IA32_PAT, x);
		break;
	case PV_HV_REG_VP_RESET:
		if (x != 1 || v->raw[1])
			return HV_STATUS_INVALID_PARAMETER;
		return reset_state(c) ? HV_STATUS_SUCCESS : HV_STATUS_OPERATION_DENIED;
	case PV_HV_REG_GDTR:
	case PV_HV_REG_IDTR:
		if (!canonical(v->table.base) || v->table.pad[0] || v->table.pad[1] ||
		    v->table.pad[2])
			return HV_STATUS_INVALID_PARAMETER;
		d = name == PV_HV_REG_GDTR ? 0 : GUEST_IDTR_BASE - GUEST_GDTR_BASE;
		pv_vmx_vmwrite_raw(GUEST_GDTR_BASE + d, v->table.base);
		pv_vmx_vmwrite_raw(GUEST_GDTR_LIMIT + d, v->table.limit);
		break;
	default:
		return HV_STATUS_INVALID_PARAMETER;
	}
	return HV_STATUS_SUCCESS;

lma:
	/* Long mode is active when paging is on with EFER.LME (SDM 9.8.5). */
	lma = (pv_vmx_vmread(GUEST_CR0) & X86_CR0_PG) &&
	      (pv_vmx_vmread(GUEST_IA32_EFER) & EFER_LME);
	entry = pv_vmx_vmread(VM_ENTRY_CONTROLS) & ~VM_ENTRY_IA32E_MODE;
	pv_vmx_vmwrite_raw(VM_ENTRY_CONTROLS, entry | (lma ? VM_ENTRY_IA32E_MODE : 0));
	x = pv_vmx_vmread(GUEST_IA32_EFER) & ~EFER_LMA;
	pv_vmx_vmwrite_raw(GUEST_IA32_EFER, x | (lma ? EFER_LMA : 0));
	return HV_STATUS_SUCCESS;
}

/**
 * pv_vmx_child_get_regs() - GetVpRegisters on a VP that is not running
 * @c: the VP
 * @names: register names
 * @values: their values
 * @n: how many
 * @done: set to the number read
 *
 * Return: HV_STATUS_SUCCESS, or the status of the first name refused.
 */
u16 pv_vmx_child_get_regs(struct pv_vmx_child *c, const u32 *names,
			  union pv_hv_register_value *values, unsigned int n,
			  unsigned int *done)
{
	u16 status = HV_STATUS_SUCCESS;

	if (!load_vmcs(c))
		return HV_STATUS_OPERATION_DENIED;
	for (*done = 0; *done < n; (*done)++) {
		status = get_reg(c, READ_ONCE(names[*done]), &values[*done]);
		if (status)
			break;
	}
	unload_vmcs(c);
	return status;
}

/**
 * pv_vmx_child_set_regs() - SetVpRegisters on a VP that is not running
 * @c: the VP
 * @elements: name/value pairs (read once each)
 * @n: how many
 * @done: set to the number written
 *
 * Return: HV_STATUS_SUCCESS, or the status of the first pair refused (the
 * pairs before it are written).
 */
u16 pv_vmx_child_set_regs(struct pv_vmx_child *c, const struct pv_hv_register_assoc *elements,
			  unsigned int n, unsigned int *done)
{
	struct pv_hv_register_assoc e;
	u16 status = HV_STATUS_SUCCESS;

	if (!load_vmcs(c))
		return HV_STATUS_OPERATION_DENIED;
	for (*done = 0; *done < n; (*done)++) {
		memcpy(&e, &elements[*done], sizeof(e));
		status = e.reserved1 || e.reserved2 ? HV_STATUS_INVALID_PARAMETER :
			 set_reg(c, e.name, &e.value);
		if (status)
			break;
	}
	unload_vmcs(c);
	return status;
}

/* Host-state fields a VP's VMCS takes from the root's on the CPU it runs on. */
static const u32 pv_host_fields[] = {
	HOST_CR0, HOST_CR3, HOST_CR4, HOST_ES_SELECTOR, HOST_CS_SELECTOR, HOST_SS_SELECTOR,
	HOST_DS_SELECTOR, HOST_FS_SELECTOR, HOST_GS_SELECTOR, HOST_TR_SELECTOR,
	HOST_FS_BASE, HOST_GS_BASE, HOST_TR_BASE, HOST_GDTR_BASE, HOST_IDTR_BASE,
	HOST_IA32_SYSENTER_CS, HOST_IA32_SYSENTER_ESP, HOST_IA32_SYSENTER_EIP,
	HOST_IA32_EFER, HOST_IA32_PAT,
};

/* MSRs VMX leaves alone that a VP can reach (SWAPGS, SYSCALL, RDTSCP). */
struct pv_swap_msrs {
	u64 kernel_gs_base, star, lstar, cstar, sfmask, tsc_aux;
};

static void read_swap_msrs(struct pv_swap_msrs *m)
{
	rdmsrl(MSR_KERNEL_GS_BASE, m->kernel_gs_base);
	rdmsrl(MSR_STAR, m->star);
	rdmsrl(MSR_LSTAR, m->lstar);
	rdmsrl(MSR_CSTAR, m->cstar);
	rdmsrl(MSR_SYSCALL_MASK, m->sfmask);
	if (pv_child_ctls.rdtscp)
		rdmsrl(MSR_TSC_AUX, m->tsc_aux);
}

static void write_swap_msrs(const struct pv_swap_msrs *m)
{
	wrmsrl(MSR_KERNEL_GS_BASE, m->kernel_gs_base);
	wrmsrl(MSR_STAR, m->star);
	wrmsrl(MSR_LSTAR, m->lstar);
	wrmsrl(MSR_CSTAR, m->cstar);
	wrmsrl(MSR_SYSCALL_MASK, m->sfmask);
	if (pv_child_ctls.rdtscp)
		wrmsrl(MSR_TSC_AUX, m->tsc_aux);
}

/* XSTATE_BV in the XSAVE header (standard format, SDM 13.4.2). */
#define PV_XSTATE_BV	512

static void xsave_all(void *area)
{
	asm volatile("xsave64 %0" : "+m" (*(u8 (*)[PAGE_SIZE])area) : "a" (-1), "d" (-1)
		     : "memory");
}

static void xrstor_all(void *area)
{
	asm volatile("xrstor64 %0" : : "m" (*(u8 (*)[PAGE_SIZE])area), "a" (-1), "d" (-1)
		     : "memory");
}

/*
 * An exit in the middle of delivering an event (an interrupt or EPT
 * violation while the VP's exception was being delivered) must not lose
 * it: deliver it again on the next entry (SDM 27.2.4, 28.5.1.1).
 */
static void reinject_vectoring(void)
{
	u32 info = pv_vmx_vmread(IDT_VECTORING_INFO_FIELD);

	if (!(info & VECTORING_INFO_VALID_MASK))
		return;
	if (info & VECTORING_INFO_DELIVER_CODE_MASK)
		pv_vmx_vmwrite_raw(VM_ENTRY_EXCEPTION_ERROR_CODE,
				   pv_vmx_vmread(IDT_VECTORING_ERROR_CODE));
	pv_vmx_vmwrite_raw(VM_ENTRY_INSTRUCTION_LEN, pv_vmx_vmread(VM_EXIT_INSTRUCTION_LEN));
	/* Bit 12 is undefined in the vectoring field and reserved on entry. */
	pv_vmx_vmwrite_raw(VM_ENTRY_INTR_INFO_FIELD, info & ~INTR_INFO_UNBLOCK_NMI);
}

/* Apply the root's completion of the last intercept (VMCS current). */
static void complete_intercept(struct pv_vmx_child *c, const struct pv_hv_input_dispatch_vp *in)
{
	bool advance = in->completion & PV_HV_COMPLETE_ADVANCE_RIP;
	u32 intr;

	if (in->completion & PV_HV_COMPLETE_SET_RAX)
		c->regs.rax = in->completion_rax;
	/* The child's hypercall returns the root's status, past its VMCALL. */
	if (in->completion & PV_HV_COMPLETE_HV_STATUS) {
		pv_vmx_child_set_result(c, c->hvcall_long,
					pv_hv_result(in->completion_rax, 0));
		advance = true;
	}
	if (advance && c->insn_len) {
		pv_vmx_vmwrite_raw(GUEST_RIP, pv_vmx_vmread(GUEST_RIP) + c->insn_len);
		intr = pv_vmx_vmread(GUEST_INTERRUPTIBILITY_INFO);
		pv_vmx_vmwrite_raw(GUEST_INTERRUPTIBILITY_INFO,
				   intr & ~(GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS));
	}
	c->insn_len = 0;
	c->hvcall = false;
}

/*
 * A VP halted with nothing to wake it stays halted: the dispatch returns
 * PV_HV_INTERCEPT_HALT without entering it (the root's thread may have
 * been woken for a post that is not deliverable yet, or spuriously).
 */
static bool still_halted(struct pv_vmx_child *c, struct pv_hv_intercept *msg)
{
	bool woke;

	if (!c->halted)
		return false;
	/*
	 * First: it takes what other VPs posted, an INIT and a SIPI too. Both
	 * may come with one wake-up of the root's thread: a SIPI taken here
	 * must start the VP now, no second wake-up follows.
	 */
	woke = pv_vmx_lapic_wakes(c);
	if (c->wait_sipi) {
		if (c->sipi_ready) {
			/* A field VMX refused shows as a refused VM entry. */
			sipi_start(c);
			return false;
		}
	} else if (woke || pv_vmx_synic_wakes(c)) {
		c->halted = false;
		return false;
	}
	memset(msg, 0, sizeof(*msg));
	msg->type = PV_HV_INTERCEPT_HALT;
	msg->data = pv_vmx_lapic_wake_tsc(c);
	msg->exit_reason = EXIT_REASON_HLT;
	msg->rip = pv_vmx_vmread(GUEST_RIP);
	msg->rax = c->regs.rax;
	return true;
}

/**
 * pv_vmx_child_dispatch() - run a VP until an intercept for the root
 * @c: the VP (marked running by the caller)
 * @in: the DispatchVp input, read once by the caller
 * @msg: the intercept message, filled in
 *
 * Runs the VP, finishing in the hypervisor every exit it can, until one
 * needs the root or the slice ends. Root state VMX does not switch (XSAVE
 * state and XCR0, CR2, the SYSCALL and SWAPGS MSRs) is saved first and
 * restored last; the VP's are kept in @c.
 *
 * Return: HV_STATUS_SUCCESS (see @msg), HV_STATUS_INVALID_PARAMETER for
 * %PV_HV_COMPLETE_HV_STATUS when the last intercept was no hypercall, or
 * HV_STATUS_OPERATION_DENIED if the VMCS could not be loaded.
 */
u16 pv_vmx_child_dispatch(struct pv_vmx_child *c, const struct pv_hv_input_dispatch_vp *in,
			  struct pv_hv_intercept *msg)
{
	unsigned long host[ARRAY_SIZE(pv_host_fields)];
	struct pv_vmx_invvpid_desc vpid = { .vpid = c->vpid };
	struct pv_vmx_invept_desc ept = { .eptp = c->eptp };
	struct pv_vmx_root_cpu *rc = pv_vmx_root_this_cpu();
	int cpu = smp_processor_id();
	struct pv_swap_msrs root_msrs, vp_msrs;
	u64 slice = in->time_slice ?: PV_CHILD_DEFAULT_SLICE;
	u64 root_xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	unsigned long root_cr2 = native_read_cr2();
	bool launched = false, nmi = false, moved;
	u64 deadline, now, stop;
	unsigned int i;
	u32 reason;

	if ((in->completion & PV_HV_COMPLETE_HV_STATUS) && !c->hvcall)
		return HV_STATUS_INVALID_PARAMETER;
	moved = c->host_cpu != cpu || c->host_launch != rc->launch_id;
	if (moved)
		for (i = 0; i < ARRAY_SIZE(pv_host_fields); i++)
			host[i] = pv_vmx_vmread(pv_host_fields[i]);
	if (!load_vmcs(c)) {
		pv_vmx_vmptrld(&rc->vmcs_pa);
		return HV_STATUS_OPERATION_DENIED;
	}
	if (moved) {
		for (i = 0; i < ARRAY_SIZE(pv_host_fields); i++)
			pv_vmx_vmwrite_raw(pv_host_fields[i], host[i]);
		/* The VPID may be a recycled one, the EPT pointer too: start clean. */
		pv_vmx_invvpid(VMX_VPID_EXTENT_SINGLE_CONTEXT, &vpid);
		pv_vmx_invept(VMX_EPT_EXTENT_CONTEXT, &ept);
		c->host_cpu = cpu;
		c->host_launch = rc->launch_id;
	}
	complete_intercept(c, in);
	if (still_halted(c, msg)) {
		unload_vmcs(c);
		return HV_STATUS_SUCCESS;
	}

	read_swap_msrs(&root_msrs);
	vp_msrs = (struct pv_swap_msrs){ c->kernel_gs_base, c->star, c->lstar, c->cstar,
					 c->sfmask, c->tsc_aux };
	write_swap_msrs(&vp_msrs);
	xsave_all(c->xsave_host);
	if (c->xcr0 != root_xcr0)
		xsetbv(XCR_XFEATURE_ENABLED_MASK, c->xcr0);
	/*
	 * XSAVE leaves XSTATE_BV bits outside XCR0 as they were: after the VP
	 * dropped a component from XCR0, the area may still claim it, and
	 * XRSTOR would fault (#GP) here. What XCR0 lacks restores as init.
	 */
	*(u64 *)(c->xsave + PV_XSTATE_BV) &= c->xcr0;
	xrstor_all(c->xsave);
	native_write_cr2(c->cr2);

	memset(msg, 0, sizeof(*msg));
	/*
	 * One deadline for the whole dispatch: exits the hypervisor finishes
	 * itself (a VP looping on CPUID) must not restart the slice.
	 */
	deadline = rdtsc() + slice;
	for (;;) {
		now = rdtsc();
		if ((s64)(deadline - now) <= 0) {
			msg->type = PV_HV_INTERCEPT_TIMESLICE;
			msg->rip = pv_vmx_vmread(GUEST_RIP);
			break;
		}
		pv_vmx_synic_before_entry(c);
		/* The slice's end, or the APIC timer's next expiry if sooner. */
		stop = pv_vmx_lapic_before_entry(c);
		if (c->wait_sipi) {		/* an INIT came, maybe its SIPI too */
			if (c->sipi_ready) {
				sipi_start(c);
				/* Its XCR0 is live here: the reset value, now. */
				xsetbv(XCR_XFEATURE_ENABLED_MASK, c->xcr0);
				continue;
			}
			msg->type = PV_HV_INTERCEPT_HALT;
			msg->rip = pv_vmx_vmread(GUEST_RIP);
			break;
		}
		if (!stop || (s64)(stop - deadline) > 0)
			stop = deadline;
		pv_vmx_vmwrite_raw(VMX_PREEMPTION_TIMER_VALUE,
				   (s64)(stop - now) <= 0 ? 0 :
				   min_t(u64, (stop - now) >> pv_child_ctls.timer_shift, U32_MAX));
		if (pv_vmx_child_run(&c->regs, launched, HOST_RSP)) {
			msg->type = PV_HV_INTERCEPT_INVALID_STATE;
			msg->error = pv_vmx_vmread(VM_INSTRUCTION_ERROR);
			msg->rip = pv_vmx_vmread(GUEST_RIP);
			break;
		}
		launched = true;
		reason = pv_vmx_vmread(VM_EXIT_REASON);
		if (reason & VMX_EXIT_REASONS_FAILED_VMENTRY) {
			msg->type = PV_HV_INTERCEPT_INVALID_STATE;
			msg->exit_reason = reason;
			msg->qualification = pv_vmx_vmread(EXIT_QUALIFICATION);
			msg->rip = pv_vmx_vmread(GUEST_RIP);
			break;
		}
		reason &= 0xffff;
		if (reason < PV_VMX_EXIT_REASONS)
			c->exits[reason]++;
		reinject_vectoring();
		if (!pv_vmx_child_handle_exit(c, reason, msg, &nmi))
			break;
	}
	msg->rax = c->regs.rax;

	c->cr2 = native_read_cr2();
	native_write_cr2(root_cr2);
	xsave_all(c->xsave);
	if (c->xcr0 != root_xcr0)
		xsetbv(XCR_XFEATURE_ENABLED_MASK, root_xcr0);
	xrstor_all(c->xsave_host);
	read_swap_msrs(&vp_msrs);
	c->kernel_gs_base = vp_msrs.kernel_gs_base;
	c->star = vp_msrs.star;
	c->lstar = vp_msrs.lstar;
	c->cstar = vp_msrs.cstar;
	c->sfmask = vp_msrs.sfmask;
	c->tsc_aux = vp_msrs.tsc_aux;
	write_swap_msrs(&root_msrs);

	unload_vmcs(c);
	/* An NMI that arrived while the VP ran is the root's: deliver it there. */
	if (nmi)
		pv_vmx_vmwrite_raw(VM_ENTRY_INTR_INFO_FIELD,
				   NMI_VECTOR | INTR_TYPE_NMI_INTR | INTR_INFO_VALID_MASK);
	return HV_STATUS_SUCCESS;
}
