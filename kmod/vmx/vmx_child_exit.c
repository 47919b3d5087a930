// SPDX-License-Identifier: GPL-2.0
/*
 * VM exits of child VPs. The hypervisor finishes CPUID, the MSRs it
 * emulates (the SynIC's among them, vmx_synic.c), CR0/CR4/CR8 and
 * debug-register moves, XSETBV and the child's hypercalls but PostMessage
 * and SignalEvent itself and re-enters the VP; everything else ends the
 * dispatch with an intercept message for the root's VP thread.
 *
 * Same rules as the root's exit handler: interrupts off, no locks, no
 * Linux calls. Guest memory is reached only through the partition's EPT.
 */
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/debugreg.h>
#include <asm/fpu/xcr.h>
#include <asm/hyperv-tlfs.h>
#include <asm/msr.h>
#include <asm/nmi.h>
#include <asm/pgtable_types.h>
#include <asm/processor.h>
#include <asm/special_insns.h>
#include <asm/trapnr.h>
#include <asm/tsc.h>
#include <asm/vmx.h>

#include "../pv_hv.h"
#include "../pv_part.h"
#include "../pv_synic.h"
#include "../pv_trace.h"
#include "vmx_child.h"
#include "vmx_ept_child.h"
#include "vmx_exit_common.h"
#include "vmx_synic.h"

/*
 * IA32_MISC_ENABLE as a child reads it (Linux's verify_cpu reads it before
 * it has an IDT): fast strings on, no BTS or PEBS, XD not disabled, no
 * MONITOR/MWAIT (CPUID hides them too).
 */
#define PV_VMX_CHILD_MISC_ENABLE	(MSR_IA32_MISC_ENABLE_FAST_STRING |	\
					 MSR_IA32_MISC_ENABLE_BTS_UNAVAIL |	\
					 MSR_IA32_MISC_ENABLE_PEBS_UNAVAIL)

/* What the VP sees of CR0 or CR4: its shadow where the mask owns a bit. */
static u64 cr_view(unsigned long field, unsigned long shadow, unsigned long mask)
{
	u64 m = pv_vmx_vmread(mask);

	return (pv_vmx_vmread(field) & ~m) | (pv_vmx_vmread(shadow) & m);
}

static void handle_cpuid(struct pv_vmx_child *c)
{
	u32 leaf = c->regs.rax, a, b, cx, d;
	struct pv_hv_cpuid out;

	if (pv_hv_cpuid_leaf(leaf, false, &out) ||
	    pv_hv_cpuid_tsc(leaf, READ_ONCE(tsc_khz), &out)) {
		a = out.eax;
		b = out.ebx;
		cx = out.ecx;
		d = out.edx;
	} else {
		cpuid_count(leaf, c->regs.rcx, &a, &b, &cx, &d);
		if (leaf == 0) {
			/* The TSC frequency leaves are there, whatever the CPU has. */
			a = max_t(u32, a, PV_HV_CPUID_FREQUENCY);
		} else if (leaf == 7 && !(u32)c->regs.rcx) {
			/*
			 * INVPCID needs a VM-execution control a child lacks: #UD.
			 * IA32_TSC_ADJUST is not a child's MSR (#GP): no bit.
			 */
			b &= ~(BIT(X86_FEATURE_INVPCID & 31) | BIT(X86_FEATURE_TSC_ADJUST & 31));
			/* OSPKE mirrors the child's CR4.PKE, not the root's. */
			cx &= ~BIT(X86_FEATURE_OSPKE & 31);
			if (cr_view(GUEST_CR4, CR4_READ_SHADOW, CR4_GUEST_HOST_MASK) &
			    X86_CR4_PKE)
				cx |= BIT(X86_FEATURE_OSPKE & 31);
		} else if (leaf == 0xd && (u32)c->regs.rcx == 1) {
			/* XSAVES/XRSTORS likewise. */
			a &= ~BIT(X86_FEATURE_XSAVES & 31);
		} else if (leaf == 1) {
			/*
			 * Hypervisor present; no VMX, no MONITOR/MWAIT; APIC ID =
			 * VP index; an xAPIC (no x2APIC) with the TSC-deadline timer.
			 */
			cx |= BIT(31) | BIT(X86_FEATURE_TSC_DEADLINE_TIMER & 31);
			cx &= ~(BIT(X86_FEATURE_VMX & 31) | BIT(X86_FEATURE_MWAIT & 31) |
				BIT(X86_FEATURE_X2APIC & 31));
			d |= BIT(X86_FEATURE_APIC & 31);
			/* No thermal monitor (its MSRs #GP): no ACPI, TM1 or TM2. */
			d &= ~(BIT(X86_FEATURE_ACPI & 31) | BIT(X86_FEATURE_ACC & 31));
			cx &= ~BIT(X86_FEATURE_TM2 & 31);
			b = (b & 0x00ffffff) | c->vp_index << 24;
			/*
			 * OSXSAVE mirrors the child's CR4.OSXSAVE: user space
			 * that sees it runs XGETBV, a #UD while CR4 lacks it.
			 */
			cx &= ~BIT(X86_FEATURE_OSXSAVE & 31);
			if (cr_view(GUEST_CR4, CR4_READ_SHADOW, CR4_GUEST_HOST_MASK) &
			    X86_CR4_OSXSAVE)
				cx |= BIT(X86_FEATURE_OSXSAVE & 31);
		}
	}
	c->regs.rax = a;
	c->regs.rbx = b;
	c->regs.rcx = cx;
	c->regs.rdx = d;
	pv_vmx_skip_instruction();
}

static bool canonical(u64 v)
{
	return (u64)(((s64)v << 16) >> 16) == v;
}

static u64 *swap_msr(struct pv_vmx_child *c, u32 msr)
{
	switch (msr) {
	case MSR_KERNEL_GS_BASE:
		return &c->kernel_gs_base;
	case MSR_STAR:
		return &c->star;
	case MSR_LSTAR:
		return &c->lstar;
	case MSR_CSTAR:
		return &c->cstar;
	case MSR_SYSCALL_MASK:
		return &c->sfmask;
	case MSR_TSC_AUX:
		return &c->tsc_aux;
	}
	return NULL;
}

static int vmcs_msr(u32 msr)
{
	switch (msr) {
	case MSR_FS_BASE:
		return GUEST_FS_BASE;
	case MSR_GS_BASE:
		return GUEST_GS_BASE;
	case MSR_IA32_SYSENTER_CS:
		return GUEST_SYSENTER_CS;
	case MSR_IA32_SYSENTER_ESP:
		return GUEST_SYSENTER_ESP;
	case MSR_IA32_SYSENTER_EIP:
		return GUEST_SYSENTER_EIP;
	case MSR_IA32_CR_PAT:
		return GUEST_IA32_PAT;
	case MSR_EFER:
		return GUEST_IA32_EFER;
	}
	return -1;
}

/*
 * The restricted MSR set; false if @msr is not one a child has. The
 * swapped MSRs (SYSCALL, SWAPGS, TSC_AUX) hold the VP's values in the
 * hardware while it is dispatched: read and write them there.
 */
static bool msr_read(struct pv_vmx_child *c, u32 msr, u64 *v)
{
	u64 *slot = swap_msr(c, msr);
	int field = vmcs_msr(msr);

	if (slot)
		rdmsrl(msr, *v);
	else if (field >= 0)
		*v = pv_vmx_vmread(field);
	else if (msr == MSR_IA32_TSC)
		*v = rdtsc();
	else if (msr == PV_HV_MSR_VP_INDEX)
		*v = c->vp_index;
	else if (msr == MSR_IA32_MISC_ENABLE)
		*v = PV_VMX_CHILD_MISC_ENABLE;
	else if (msr == MSR_IA32_UCODE_REV)
		*v = 0;				/* no microcode update to report */
	else
		return false;
	return true;
}

/* 1 done, 0 not a child MSR, -1 a value the MSR does not take (#GP). */
static int msr_write(struct pv_vmx_child *c, u32 msr, u64 v)
{
	u64 *slot = swap_msr(c, msr);
	int field = vmcs_msr(msr);
	u32 entry;
	bool lma;

	switch (msr) {
	case MSR_EFER:
		if (v & ~(u64)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX))
			return -1;
		lma = (pv_vmx_vmread(GUEST_CR0) & X86_CR0_PG) && (v & EFER_LME);
		/* LME may not change while paging is on (SDM 9.8.5). */
		if ((pv_vmx_vmread(GUEST_CR0) & X86_CR0_PG) &&
		    ((v ^ pv_vmx_vmread(GUEST_IA32_EFER)) & EFER_LME))
			return -1;
		pv_vmx_vmwrite_raw(GUEST_IA32_EFER, (v & ~EFER_LMA) | (lma ? EFER_LMA : 0));
		entry = pv_vmx_vmread(VM_ENTRY_CONTROLS) & ~VM_ENTRY_IA32E_MODE;
		pv_vmx_vmwrite_raw(VM_ENTRY_CONTROLS, entry | (lma ? VM_ENTRY_IA32E_MODE : 0));
		return 1;
	case MSR_IA32_CR_PAT:
		for (entry = 0; entry < 8; entry++) {
			u8 t = v >> (entry * 8);

			if (t == 2 || t == 3 || t > 7)
				return -1;
		}
		break;
	case MSR_TSC_AUX:
		if (v >> 32)
			return -1;
		break;
	case MSR_IA32_SYSENTER_CS:
		break;
	case MSR_IA32_MISC_ENABLE:
		/* Fixed: writing back what it reads is all a child may do. */
		return v == PV_VMX_CHILD_MISC_ENABLE ? 1 : -1;
	case MSR_IA32_UCODE_REV:
		/* Linux writes 0 before CPUID, then reads the revision. */
		return 1;
	default:
		if ((slot || field >= 0) && msr != MSR_STAR && msr != MSR_SYSCALL_MASK &&
		    !canonical(v))
			return -1;
	}
	if (slot)
		return wrmsrl_safe(msr, v) ? -1 : 1;	/* e.g. SFMASK's reserved half */
	if (field >= 0)
		pv_vmx_vmwrite_raw(field, v);
	else
		return 0;
	return 1;
}

/* SynIC MSRs: never the root's, but an EOM after a refused post. */
static bool handle_synic_msr(struct pv_vmx_child *c, u32 msr, bool write,
			     struct pv_hv_intercept *msg)
{
	unsigned long eom = 0;
	u64 v = 0;
	int r;

	if (write) {
		r = pv_vmx_synic_wrmsr(c, msr, (c->regs.rdx << 32) | (u32)c->regs.rax, &eom);
	} else {
		r = pv_vmx_synic_rdmsr(c, msr, &v);
		if (r > 0) {
			c->regs.rax = (u32)v;
			c->regs.rdx = v >> 32;
		}
	}
	if (r <= 0) {
		pv_vmx_inject_exception(X86_TRAP_GP, true);
		return true;
	}
	pv_vmx_skip_instruction();
	if (r != PV_VMX_SYNIC_EOM_ROOT)
		return true;
	msg->type = PV_HV_INTERCEPT_SYNIC_EOM;
	msg->data = eom;
	return false;
}

static bool handle_msr(struct pv_vmx_child *c, bool write, struct pv_hv_intercept *msg)
{
	u32 msr = c->regs.rcx;
	u64 v = 0;
	int r;

	if (pv_synic_is_msr(msr))
		return handle_synic_msr(c, msr, write, msg);
	r = pv_vmx_lapic_msr(c, msr, write);
	if (r > 0)
		pv_vmx_skip_instruction();
	else if (r < 0)
		pv_vmx_inject_exception(X86_TRAP_GP, true);
	if (r)
		return true;
	if (write) {
		r = msr_write(c, msr, (c->regs.rdx << 32) | (u32)c->regs.rax);
	} else {
		r = msr_read(c, msr, &v);
		if (r) {
			c->regs.rax = (u32)v;
			c->regs.rdx = v >> 32;
		}
	}
	if (r > 0) {
		pv_vmx_skip_instruction();
		return true;
	}
	if (r == 0 && c->strict) {
		c->insn_len = pv_vmx_vmread(VM_EXIT_INSTRUCTION_LEN);
		msg->instruction_length = c->insn_len;
		msg->type = PV_HV_INTERCEPT_MSR;
		msg->data = msr;
		msg->io_flags = write ? PV_HV_IO_WRITE : 0;
		return false;
	}
	pv_vmx_inject_exception(X86_TRAP_GP, true);
	return true;
}

/* PDPTE bits that must be 0 when present (SDM 4.4.1, Table 4-8). */
static u64 pdpte_reserved(void)
{
	return GENMASK_ULL(63, boot_cpu_data.x86_phys_bits) | GENMASK_ULL(8, 5) |
	       GENMASK_ULL(2, 1);
}

/*
 * PAE paging is (being) turned on or its CR4 bits changed by a MOV the
 * hypervisor emulates: load the four PDPTEs from the guest's CR3 through
 * the partition's EPT into the VMCS, as the CPU would have (SDM 4.4.1,
 * "Loading Page-Directory-Pointer-Table Entries"); VM entry uses these.
 * -EINVAL: a present PDPTE with a reserved bit (#GP, nothing loaded);
 * -EFAULT: the PDPT is not mapped readable (@gpa set to its address).
 */
static int load_pdptes(struct pv_vmx_child *c, u64 *gpa)
{
	u64 pdpte[4], hpa;
	const u64 *p;
	unsigned int i;
	u32 rights;

	*gpa = pv_vmx_vmread(GUEST_CR3) & GENMASK_ULL(31, 5);
	hpa = pv_ept_child_lookup(c->pml4, *gpa, &rights);
	if (!hpa || !(rights & PV_EPT_CHILD_R))
		return -EFAULT;
	p = __va(hpa);
	for (i = 0; i < 4; i++) {
		pdpte[i] = READ_ONCE(p[i]);
		if ((pdpte[i] & _PAGE_PRESENT) && (pdpte[i] & pdpte_reserved()))
			return -EINVAL;
	}
	for (i = 0; i < 4; i++)
		pv_vmx_vmwrite_raw(GUEST_PDPTR0 + 2 * i, pdpte[i]);
	return 0;
}

/* PAE paging after the MOV, and the bits that reload the PDPTEs changed. */
static int pae_reload(struct pv_vmx_child *c, u64 cr0, u64 cr4, u64 changed, u64 reload,
		      u64 *gpa)
{
	if (!(cr0 & X86_CR0_PG) || !(cr4 & X86_CR4_PAE) ||
	    (pv_vmx_vmread(GUEST_IA32_EFER) & EFER_LME) || !(changed & reload))
		return 0;
	return load_pdptes(c, gpa);
}

static bool cr0_refused(u64 old, u64 val, u64 cr4)
{
	u64 efer = pv_vmx_vmread(GUEST_IA32_EFER), fixed1;

	rdmsrl(MSR_IA32_VMX_CR0_FIXED1, fixed1);
	return (val & ~fixed1) || (val >> 32) ||
	       ((val & X86_CR0_PG) && !(val & X86_CR0_PE)) ||
	       ((val & X86_CR0_NW) && !(val & X86_CR0_CD)) ||
	       /* Long mode needs PAE; 64-bit code cannot turn paging off. */
	       ((val & X86_CR0_PG) && !(old & X86_CR0_PG) && (efer & EFER_LME) &&
		!(cr4 & X86_CR4_PAE)) ||
	       (!(val & X86_CR0_PG) && (efer & EFER_LMA) &&
		(pv_vmx_vmread(GUEST_CS_AR_BYTES) & VMX_AR_L_MASK));
}

static bool cr4_refused(u64 old, u64 val)
{
	bool lma = pv_vmx_vmread(GUEST_IA32_EFER) & EFER_LMA;
	u64 fixed1;

	rdmsrl(MSR_IA32_VMX_CR4_FIXED1, fixed1);
	return (val & ~fixed1) || (val & PV_CR4_REFUSED) ||
	       (lma && !(val & X86_CR4_PAE)) ||
	       ((val & X86_CR4_PCIDE) && !lma) ||
	       ((val & X86_CR4_PCIDE) && !(old & X86_CR4_PCIDE) &&
		(pv_vmx_vmread(GUEST_CR3) & 0xfff));
}

/*
 * MOV to/from CR0, CR4 (masked bits) and CR8 (exits always). A MOV the
 * CPU would fault (#GP) faults; one that makes the CPU load PDPTEs loads
 * them. False (with @msg, a memory intercept) if the PDPT is not mapped.
 */
static bool handle_cr(struct pv_vmx_child *c, struct pv_hv_intercept *msg)
{
	unsigned long qual = pv_vmx_vmread(EXIT_QUALIFICATION);
	unsigned int cr = qual & 15, type = (qual >> 4) & 3;
	u64 *reg = pv_vmx_gpr(&c->regs, qual >> 8), val, old, cr0, cr4, fixed0, lma, gpa = 0;
	u32 entry;
	int err;

	if (type > 1) {			/* CLTS, LMSW: only reachable through the CR0 mask */
		pv_vmx_inject_exception(X86_TRAP_UD, false);
		return true;
	}
	if (type == 1) {		/* MOV from CR: only CR8 exits */
		val = c->cr8;
		if (reg)
			*reg = val;
		else
			pv_vmx_vmwrite_raw(GUEST_RSP, val);
		pv_vmx_skip_instruction();
		return true;
	}
	val = reg ? *reg : pv_vmx_vmread(GUEST_RSP);
	cr0 = cr_view(GUEST_CR0, CR0_READ_SHADOW, CR0_GUEST_HOST_MASK);
	cr4 = cr_view(GUEST_CR4, CR4_READ_SHADOW, CR4_GUEST_HOST_MASK);
	switch (cr) {
	case 0:
		old = cr0;
		if (cr0_refused(old, val, cr4))
			goto gp;
		err = pae_reload(c, val, cr4, old ^ val, X86_CR0_PG | X86_CR0_CD | X86_CR0_NW,
				 &gpa);
		if (err)
			goto pdpt;
		rdmsrl(MSR_IA32_VMX_CR0_FIXED0, fixed0);
		pv_vmx_vmwrite_raw(CR0_READ_SHADOW, val);
		/* VMX forces fixed-0 bits but PE and PG (unrestricted guest). */
		pv_vmx_vmwrite_raw(GUEST_CR0, val | (fixed0 & ~(X86_CR0_PE | X86_CR0_PG)));
		lma = (val & X86_CR0_PG) && (pv_vmx_vmread(GUEST_IA32_EFER) & EFER_LME);
		entry = pv_vmx_vmread(VM_ENTRY_CONTROLS) & ~VM_ENTRY_IA32E_MODE;
		pv_vmx_vmwrite_raw(VM_ENTRY_CONTROLS, entry | (lma ? VM_ENTRY_IA32E_MODE : 0));
		val = pv_vmx_vmread(GUEST_IA32_EFER) & ~EFER_LMA;
		pv_vmx_vmwrite_raw(GUEST_IA32_EFER, val | (lma ? EFER_LMA : 0));
		break;
	case 4:
		old = cr4;
		if (cr4_refused(old, val))
			goto gp;
		err = pae_reload(c, cr0, val, old ^ val,
				 X86_CR4_PAE | X86_CR4_PGE | X86_CR4_PSE | X86_CR4_SMEP, &gpa);
		if (err)
			goto pdpt;
		rdmsrl(MSR_IA32_VMX_CR4_FIXED0, fixed0);
		pv_vmx_vmwrite_raw(CR4_READ_SHADOW, val);
		pv_vmx_vmwrite_raw(GUEST_CR4, val | fixed0);
		break;
	case 8:
		if (val & ~0xfULL)
			goto gp;
		pv_vmx_lapic_set_cr8(c, val);
		break;
	default:
		pv_vmx_inject_exception(X86_TRAP_UD, false);
		return true;
	}
	pv_vmx_skip_instruction();
	return true;

pdpt:
	if (err == -EFAULT) {
		/* As the CPU's own load would: an EPT violation, for the root. */
		msg->type = PV_HV_INTERCEPT_MEMORY;
		msg->gpa = gpa;
		return false;
	}
gp:
	pv_vmx_inject_exception(X86_TRAP_GP, true);
	return true;
}

/* MOV DR: DR7 lives in the VMCS, DR0-3 and DR6 are kept but not loaded. */
static void handle_dr(struct pv_vmx_child *c)
{
	unsigned long qual = pv_vmx_vmread(EXIT_QUALIFICATION);
	unsigned int dr = qual & 7;
	bool from_dr = qual & BIT(4);
	u64 *reg = pv_vmx_gpr(&c->regs, qual >> 8), val;

	if (dr == 4 || dr == 5)
		dr += 2;
	if (from_dr) {
		val = dr == 7 ? c->dr7 : dr == 6 ? c->dr[4] : c->dr[dr];
		if (reg)
			*reg = val;
		else
			pv_vmx_vmwrite_raw(GUEST_RSP, val);
	} else {
		val = reg ? *reg : pv_vmx_vmread(GUEST_RSP);
		if ((dr >= 6 && (val >> 32)) || !canonical(val)) {
			pv_vmx_inject_exception(X86_TRAP_GP, true);
			return;
		}
		/*
		 * Kept, not loaded: DR0-3 hold the root's addresses, so an
		 * enabled DR7 in the VP would break on the root's breakpoints.
		 */
		if (dr == 7)
			c->dr7 = val | PV_DR7_FIXED_1;
		else
			c->dr[dr == 6 ? 4 : dr] = val;
	}
	pv_vmx_skip_instruction();
}

static void handle_xsetbv(struct pv_vmx_child *c)
{
	u64 value = (c->regs.rdx << 32) | (u32)c->regs.rax;

	/* The VP's XCR0 is live while it is dispatched; a refusal is the VP's #GP. */
	if ((u32)c->regs.rcx != 0 || !pv_vmx_xcr0_valid(value) || pv_vmx_xsetbv_safe(value)) {
		pv_vmx_inject_exception(X86_TRAP_GP, true);
		return;
	}
	c->xcr0 = value;
	pv_vmx_skip_instruction();
}

/* The child's output page at @gpa: mapped writable, 8-byte aligned, in one page. */
static void *child_page(struct pv_vmx_child *c, u64 gpa, size_t size)
{
	u32 rights;
	u64 hpa;

	if (gpa & 7 || offset_in_page(gpa) + size > PAGE_SIZE)
		return NULL;
	hpa = pv_ept_child_lookup(c->pml4, gpa, &rights);
	if (!hpa || (rights & (PV_EPT_CHILD_R | PV_EPT_CHILD_W)) !=
		    (PV_EPT_CHILD_R | PV_EPT_CHILD_W))
		return NULL;
	return __va(hpa);
}

/* The child's input page at @gpa: mapped readable, 8-byte aligned, in one page. */
static const void *child_input(struct pv_vmx_child *c, u64 gpa, size_t size)
{
	u32 rights;
	u64 hpa;

	if (gpa & 7 || offset_in_page(gpa) + size > PAGE_SIZE)
		return NULL;
	hpa = pv_ept_child_lookup(c->pml4, gpa, &rights);
	if (!hpa || !(rights & PV_EPT_CHILD_R))
		return NULL;
	return __va(hpa);
}

/*
 * HvPostMessage: checked here, copied once into the intercept message (the
 * child may change its page meanwhile), handed to the root, whose status
 * the child gets (PV_HV_COMPLETE_HV_STATUS).
 */
static u16 post_message(struct pv_vmx_child *c, const struct pv_hv_call *call, u64 input,
			struct pv_hv_intercept *msg)
{
	const struct pv_hv_input_post_message *p;
	struct pv_hv_input_post_message in;

	if (call->fast || call->rep_count || call->varhead)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	p = child_input(c, input, sizeof(*p));
	if (!p)
		return HV_STATUS_INVALID_PARAMETER;
	memcpy(&in, p, sizeof(in));
	if (in.reserved || (in.connection_id & ~PV_HV_CONNECTION_ID_MASK) ||
	    in.message_type == HVMSG_NONE || (in.message_type & PV_HV_MESSAGE_TYPE_HYPERVISOR) ||
	    in.payload_size > HV_MESSAGE_PAYLOAD_BYTE_COUNT)
		return HV_STATUS_INVALID_PARAMETER;
	msg->type = PV_HV_INTERCEPT_POST_MESSAGE;
	msg->connection_id = in.connection_id;
	msg->message_type = in.message_type;
	msg->payload_size = in.payload_size;
	memcpy(msg->payload, in.payload, in.payload_size);
	return HV_STATUS_SUCCESS;
}

/* HvSignalEvent: fast (8 bytes in RDX, EBX:ECX) or from an input page. */
static u16 signal_event(struct pv_vmx_child *c, const struct pv_hv_call *call, u64 input,
			struct pv_hv_intercept *msg)
{
	struct pv_hv_input_signal_event in;
	const void *p;

	if (call->rep_count || call->varhead)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	if (!call->fast) {
		p = child_input(c, input, sizeof(in));
		if (!p)
			return HV_STATUS_INVALID_PARAMETER;
		input = READ_ONCE(*(const u64 *)p);
	}
	BUILD_BUG_ON(sizeof(in) != sizeof(input));
	memcpy(&in, &input, sizeof(in));
	if (in.reserved || (in.connection_id & ~PV_HV_CONNECTION_ID_MASK))
		return HV_STATUS_INVALID_PARAMETER;
	msg->type = PV_HV_INTERCEPT_SIGNAL_EVENT;
	msg->connection_id = in.connection_id;
	msg->flag_number = in.flag_number;
	return HV_STATUS_SUCCESS;
}

/*
 * Hypercalls of a child: GET_VERSION; PostMessage and SignalEvent, which
 * end the dispatch for the root (false); management calls are the root's.
 */
static bool handle_vmcall(struct pv_vmx_child *c, struct pv_hv_intercept *msg)
{
	bool longmode = (pv_vmx_vmread(VM_ENTRY_CONTROLS) & VM_ENTRY_IA32E_MODE) &&
			(pv_vmx_vmread(GUEST_CS_AR_BYTES) & VMX_AR_L_MASK);
	unsigned int cpl = (pv_vmx_vmread(GUEST_SS_AR_BYTES) >> 5) & 3;
	struct pv_hv_output_version *out;
	u64 control, input, output;
	struct pv_hv_cpuid features;
	struct pv_hv_call call;
	u16 status;

	if (cpl) {
		pv_vmx_inject_exception(X86_TRAP_UD, false);
		return true;
	}
	/* 64-bit: RCX, RDX, R8. 32-bit: EDX:EAX, EBX:ECX, EDI:ESI (TLFS). */
	if (longmode) {
		control = c->regs.rcx;
		input = c->regs.rdx;
		output = c->regs.r8;
	} else {
		control = (c->regs.rdx << 32) | (u32)c->regs.rax;
		input = (c->regs.rbx << 32) | (u32)c->regs.rcx;
		output = (c->regs.rdi << 32) | (u32)c->regs.rsi;
	}
	status = pv_hv_decode_control(control, &call);
	if (status)
		goto done;
	switch (call.code) {
	case PV_HVCALL_POST_MESSAGE:
	case PV_HVCALL_SIGNAL_EVENT:
		status = call.code == PV_HVCALL_POST_MESSAGE ?
			 post_message(c, &call, input, msg) : signal_event(c, &call, input, msg);
		if (status)
			break;
		/* The root answers; the VMCALL is skipped when it completes. */
		c->insn_len = pv_vmx_vmread(VM_EXIT_INSTRUCTION_LEN);
		c->hvcall = true;
		c->hvcall_long = longmode;
		msg->instruction_length = c->insn_len;
		return false;
	case PV_HVCALL_GET_VERSION:
		if (call.fast || call.rep_count || call.varhead) {
			status = HV_STATUS_INVALID_HYPERCALL_INPUT;
			break;
		}
		out = child_page(c, output, sizeof(*out));
		if (!out) {
			status = HV_STATUS_INVALID_PARAMETER;
			break;
		}
		pv_hv_cpuid_leaf(PV_HV_CPUID_FEATURES, false, &features);
		out->major = PV_HV_VERSION_MAJOR;
		out->minor = PV_HV_VERSION_MINOR;
		out->features = features.eax;
		out->reserved[0] = 0;
		out->reserved[1] = 0;
		break;
	case PV_HVCALL_DEVIRTUALIZE:
	case PV_HVCALL_FLUSH_EPT:
		status = HV_STATUS_ACCESS_DENIED;
		break;
	default:
		/* The root's calls exist, but not for a child. */
		status = pv_part_is_management(call.code) ? HV_STATUS_ACCESS_DENIED :
			 HV_STATUS_INVALID_HYPERCALL_CODE;
		break;
	}
done:
	pv_vmx_child_set_result(c, longmode, pv_hv_result(status, 0));
	pv_vmx_skip_instruction();
	return true;
}

static void io_intercept(struct pv_vmx_child *c, struct pv_hv_intercept *msg)
{
	unsigned long qual = pv_vmx_vmread(EXIT_QUALIFICATION);
	unsigned int size = (qual & 7) + 1;

	msg->type = PV_HV_INTERCEPT_IO_PORT;
	msg->port = qual >> 16;
	msg->access_size = size;
	msg->io_flags = (qual & BIT(3) ? 0 : PV_HV_IO_WRITE) |
			(qual & BIT(4) ? PV_HV_IO_STRING : 0) |
			(qual & BIT(5) ? PV_HV_IO_REP : 0);
	if (msg->io_flags & PV_HV_IO_WRITE)
		msg->data = c->regs.rax & GENMASK_ULL(size * 8 - 1, 0);
}

/**
 * pv_vmx_child_handle_exit() - handle one VM exit of a child VP
 * @c: the VP (its VMCS current)
 * @reason: basic exit reason
 * @msg: the intercept message, filled in when the root must act
 * @nmi: set when the exit was an NMI, which belongs to the root
 *
 * Return: true to re-enter the VP, false to return @msg to the root.
 */
bool pv_vmx_child_handle_exit(struct pv_vmx_child *c, u32 reason, struct pv_hv_intercept *msg,
			      bool *nmi)
{
	u32 intr;

	msg->exit_reason = reason;
	msg->rip = pv_vmx_vmread(GUEST_RIP);
	msg->qualification = pv_vmx_vmread(EXIT_QUALIFICATION);
	trace_pv_child_exit(c->vp_index, reason, msg->rip, msg->qualification);
	switch (reason) {
	case EXIT_REASON_CPUID:
		handle_cpuid(c);
		return true;
	case EXIT_REASON_MSR_READ:
		return handle_msr(c, false, msg);
	case EXIT_REASON_MSR_WRITE:
		return handle_msr(c, true, msg);
	case EXIT_REASON_CR_ACCESS:
		return handle_cr(c, msg);
	case EXIT_REASON_DR_ACCESS:
		handle_dr(c);
		return true;
	case EXIT_REASON_XSETBV:
		handle_xsetbv(c);
		return true;
	case EXIT_REASON_VMCALL:
		return handle_vmcall(c, msg);
	case EXIT_REASON_INTERRUPT_WINDOW:
		/* The next entry delivers the SINT (pv_vmx_synic_before_entry()). */
		return true;
	case EXIT_REASON_INVD:
		pv_vmx_skip_instruction();
		return true;
	case EXIT_REASON_RDPMC:
		pv_vmx_inject_exception(X86_TRAP_GP, true);
		return true;
	case EXIT_REASON_MONITOR_INSTRUCTION:
	case EXIT_REASON_MWAIT_INSTRUCTION:
	case EXIT_REASON_VMCLEAR ... EXIT_REASON_VMON:
	case EXIT_REASON_INVEPT:
	case EXIT_REASON_INVVPID:
	case EXIT_REASON_VMFUNC:
		pv_vmx_inject_exception(X86_TRAP_UD, false);
		return true;
	case EXIT_REASON_INIT_SIGNAL:
		return true;
	case EXIT_REASON_IO_INSTRUCTION:
		io_intercept(c, msg);
		c->insn_len = pv_vmx_vmread(VM_EXIT_INSTRUCTION_LEN);
		msg->instruction_length = c->insn_len;
		return false;
	case EXIT_REASON_HLT:
		pv_vmx_skip_instruction();
		/*
		 * An interrupt it can take wakes a halted CPU at once: deliver it
		 * instead; after an INIT (and SIPI) the dispatch loop parks (or
		 * starts) the VP.
		 */
		if (pv_vmx_synic_wakes(c) || pv_vmx_lapic_wakes(c) || c->wait_sipi)
			return true;
		c->halted = true;
		msg->type = PV_HV_INTERCEPT_HALT;
		msg->data = pv_vmx_lapic_wake_tsc(c);
		return false;
	case EXIT_REASON_EPT_VIOLATION:
		if (pv_vmx_lapic_is_mmio(pv_vmx_vmread(GUEST_PHYSICAL_ADDRESS)))
			return pv_vmx_lapic_mmio(c, msg);
		msg->type = PV_HV_INTERCEPT_MEMORY;
		msg->gpa = pv_vmx_vmread(GUEST_PHYSICAL_ADDRESS);
		if (msg->qualification & EPT_VIOLATION_GVA_IS_VALID)
			msg->gla = pv_vmx_vmread(GUEST_LINEAR_ADDRESS);
		return false;
	case EXIT_REASON_EXCEPTION_NMI:
		intr = pv_vmx_vmread(VM_EXIT_INTR_INFO);
		if ((intr & INTR_INFO_INTR_TYPE_MASK) == INTR_TYPE_NMI_INTR)
			*nmi = true;
		msg->type = PV_HV_INTERCEPT_INTERRUPT;
		return false;
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		msg->type = PV_HV_INTERCEPT_INTERRUPT;
		return false;
	case EXIT_REASON_PREEMPTION_TIMER:
		/* The APIC timer's or the slice's: the loop knows which. */
		return true;
	case EXIT_REASON_TRIPLE_FAULT:
		msg->type = PV_HV_INTERCEPT_TRIPLE_FAULT;
		return false;
	default:
		msg->type = PV_HV_INTERCEPT_UNSUPPORTED;
		return false;
	}
}
