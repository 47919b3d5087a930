// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC of child VPs, VMX side: the xAPIC page at 0xfee00000 is
 * left out of every child's GPA map, so each access is an EPT violation
 * whose instruction the hypervisor decodes (vmx_mmio.c) and completes
 * against the register model (vmx_lapic.c); IA32_APIC_BASE and
 * IA32_TSC_DEADLINE; delivery of the highest pending vector as an external
 * interrupt at VM entry (or at the interrupt-window exit); the timer's
 * next expiry for the VMX-preemption timer and for a halted VP's sleep in
 * the root; IPIs between the VPs of a partition.
 *
 * An IPI to another VP sets a bit in its APIC's post set (atomic), which
 * that VP's CPU folds into its IRR before every entry; the dispatch then
 * ends with %PV_HV_INTERCEPT_IPI so that the root's thread kicks the
 * targets (a halted one wakes, a running one exits and enters again).
 * Same rules as every exit handler: no locks, no Linux calls; child memory
 * only through the partition's EPT.
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/apicdef.h>
#include <asm/irq_vectors.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <asm/processor-flags.h>
#include <asm/tsc.h>
#include <asm/vmx.h>

#include "../pv_part.h"
#include "vmx_child.h"
#include "vmx_ept_child.h"
#include "vmx_exit_common.h"
#include "vmx_lapic.h"
#include "vmx_mmio.h"
#include "vmx_ops.h"

/* Shortest periodic-timer period: 20 us of TSC (set once at load). */
static u64 pv_lapic_min_period = 20000;

/**
 * pv_vmx_lapic_init() - work out the timer bounds from the TSC frequency
 * @tsc_khz: the TSC's frequency (0: unknown, keep the default)
 */
void pv_vmx_lapic_init(unsigned int tsc_khz)
{
	if (tsc_khz)
		pv_lapic_min_period = (u64)tsc_khz * 20 / 1000 ?: 1;
}

/**
 * pv_vmx_lapic_vp_reset() - a VP's APIC at reset (creation, VP_RESET)
 * @c: the VP; VP 0 is the bootstrap processor
 */
void pv_vmx_lapic_vp_reset(struct pv_vmx_child *c)
{
	pv_vmx_lapic_reset(&c->lapic, c->vp_index, c->vp_index == 0, 1, pv_lapic_min_period);
	c->lapic_nmi = false;
	c->wait_sipi = false;
	c->sipi_ready = false;
}

static u64 guest_tsc(void)
{
	return rdtsc() + pv_vmx_vmread(TSC_OFFSET);
}

/* Interrupt-window exiting on; vmx_synic.c keeps the VMCS bit in c->synic.window. */
static void window_on(struct pv_vmx_child *c)
{
	u32 proc = pv_vmx_vmread(CPU_BASED_VM_EXEC_CONTROL);

	if (proc & CPU_BASED_INTR_WINDOW_EXITING)
		return;
	pv_vmx_vmwrite_raw(CPU_BASED_VM_EXEC_CONTROL, proc | CPU_BASED_INTR_WINDOW_EXITING);
	c->synic.window = true;
}

/* The TPR's class is what MOV CR8 reads (and what the SynIC's priority uses). */
static void sync_cr8(struct pv_vmx_child *c)
{
	c->cr8 = c->lapic.tpr >> 4;
}

/**
 * pv_vmx_lapic_set_cr8() - MOV to CR8
 * @c: the VP
 * @cr8: the value (bits 3:0, checked by the caller)
 */
void pv_vmx_lapic_set_cr8(struct pv_vmx_child *c, u64 cr8)
{
	pv_vmx_lapic_set_tpr(&c->lapic, cr8 << 4);
	sync_cr8(c);
}

/*
 * Take what other VPs posted (the VP's VMCS current): vectors into the
 * IRR, an NMI for the next entry; INIT resets the APIC, drops any event
 * about to be injected and makes the VP wait for a SIPI (it is no longer
 * entered, vmx_child.c); a SIPI while waiting starts it (SDM 8.4.4).
 */
static void take_posts(struct pv_vmx_child *c)
{
	u8 sipi = READ_ONCE(c->lapic.sipi_vector);
	unsigned long ev = pv_vmx_lapic_sync(&c->lapic);

	if (ev & BIT(PV_VMX_LAPIC_POST_INIT)) {
		pv_vmx_lapic_init_signal(&c->lapic);
		pv_vmx_vmwrite_raw(VM_ENTRY_INTR_INFO_FIELD, 0);
		c->lapic_nmi = false;
		c->wait_sipi = true;
		c->sipi_ready = false;
		c->halted = true;
		sync_cr8(c);
	}
	if (ev & BIT(PV_VMX_LAPIC_POST_NMI) && !c->wait_sipi)
		c->lapic_nmi = true;
	if ((ev & BIT(PV_VMX_LAPIC_POST_SIPI)) && c->wait_sipi && !c->sipi_ready) {
		c->sipi_ready = true;
		c->sipi_vector = sipi;
	}
}

/**
 * pv_vmx_lapic_before_entry() - deliver an NMI or the highest vector
 * @c: the VP about to be entered (its VMCS current)
 *
 * After pv_vmx_synic_before_entry(): an event it injected makes the APIC
 * wait for a window. An interrupt is injected when RFLAGS.IF is set and
 * no STI or MOV SS blocking or other event is in the way (SDM 26.3.1.4),
 * and moves from the IRR to the ISR; otherwise interrupt-window exiting
 * brings the VP back when it can take it. An NMI waits for no NMI, STI
 * or MOV SS blocking; without NMI-window exiting it is retried at each
 * entry.
 *
 * Return: the host TSC of the timer's next expiry that would interrupt,
 * or 0 (the dispatch loop bounds the VMX-preemption timer by it).
 */
u64 pv_vmx_lapic_before_entry(struct pv_vmx_child *c)
{
	struct pv_vmx_lapic *l = &c->lapic;
	u64 off = pv_vmx_vmread(TSC_OFFSET), next;
	u32 info, intr;
	int v;

	take_posts(c);
	pv_vmx_lapic_timer_poll(l, rdtsc() + off);
	info = pv_vmx_vmread(VM_ENTRY_INTR_INFO_FIELD);
	intr = pv_vmx_vmread(GUEST_INTERRUPTIBILITY_INFO);
	if (c->lapic_nmi && !(info & INTR_INFO_VALID_MASK) &&
	    !(intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS | GUEST_INTR_STATE_NMI))) {
		info = NMI_VECTOR | INTR_TYPE_NMI_INTR | INTR_INFO_VALID_MASK;
		pv_vmx_vmwrite_raw(VM_ENTRY_INTR_INFO_FIELD, info);
		c->lapic_nmi = false;
	}
	v = pv_vmx_lapic_pending(l);
	if (v >= 0) {
		if (!(info & INTR_INFO_VALID_MASK) &&
		    (pv_vmx_vmread(GUEST_RFLAGS) & X86_EFLAGS_IF) &&
		    !(intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))) {
			pv_vmx_vmwrite_raw(VM_ENTRY_INTR_INFO_FIELD,
					   v | INTR_TYPE_EXT_INTR | INTR_INFO_VALID_MASK);
			pv_vmx_lapic_ack(l, v);
		} else {
			window_on(c);
		}
	}
	next = pv_vmx_lapic_timer_next(l);
	return next ? next - off : 0;
}

/**
 * pv_vmx_lapic_wakes() - would a HLT end at once?
 * @c: the VP (its VMCS current)
 *
 * Return: true for a pending NMI, or a deliverable vector with RFLAGS.IF
 * set (the timer caught up first).
 */
bool pv_vmx_lapic_wakes(struct pv_vmx_child *c)
{
	take_posts(c);
	if (c->wait_sipi)
		return false;
	pv_vmx_lapic_timer_poll(&c->lapic, guest_tsc());
	return c->lapic_nmi || (pv_vmx_lapic_pending(&c->lapic) >= 0 &&
				(pv_vmx_vmread(GUEST_RFLAGS) & X86_EFLAGS_IF));
}

/**
 * pv_vmx_lapic_wake_tsc() - when a halted VP's timer wakes it
 * @c: the VP (its VMCS current), polled
 *
 * Nothing the VP does can change its PPR or RFLAGS.IF while it is halted:
 * a timer whose vector would not be delivered (interrupts off, or its
 * class at or below the PPR's) cannot wake it, and the root need not look
 * at each of its periods.
 *
 * Return: the host TSC of the timer's next expiry that wakes the VP, or 0.
 */
u64 pv_vmx_lapic_wake_tsc(struct pv_vmx_child *c)
{
	u64 next = pv_vmx_lapic_timer_next(&c->lapic);
	u32 vector = c->lapic.lvt[PV_VMX_LVT_TIMER] & APIC_VECTOR_MASK;

	if (!next || !(pv_vmx_vmread(GUEST_RFLAGS) & X86_EFLAGS_IF) ||
	    (vector & 0xf0) <= (pv_vmx_lapic_ppr(&c->lapic) & 0xf0))
		return 0;
	return next - pv_vmx_vmread(TSC_OFFSET);
}

/*
 * Deliver an IPI @c's APIC decoded. Self: into its own IRR (or NMI);
 * other VPs: posted, their indices collected in @kick for the root.
 */
static void deliver_ipi(struct pv_vmx_child *c, const struct pv_vmx_lapic_ipi *ipi, u32 *kick)
{
	struct pv_vmx_child *t;
	unsigned int i;

	for (i = 0; i < c->max_vps; i++) {
		t = i == c->vp_index ? c : pv_part_vp_sibling(c, i);
		if (!t)
			continue;
		switch (ipi->shorthand) {
		case PV_VMX_IPI_SELF:
			if (t != c)
				continue;
			break;
		case PV_VMX_IPI_OTHERS:
			if (t == c)
				continue;
			break;
		case PV_VMX_IPI_DEST:
			if (!pv_vmx_lapic_match(&t->lapic, ipi->dest, ipi->logical))
				continue;
			break;
		}
		switch (ipi->kind) {
		case PV_VMX_IPI_FIXED:
		case PV_VMX_IPI_LOWEST:
			if (t == c)
				pv_vmx_lapic_accept(&c->lapic, ipi->vector, ipi->level);
			else
				pv_vmx_lapic_post(&t->lapic, ipi->vector);
			break;
		case PV_VMX_IPI_NMI:
			if (t == c)
				c->lapic_nmi = true;
			else
				pv_vmx_lapic_post_event(&t->lapic, PV_VMX_LAPIC_POST_NMI, 0);
			break;
		case PV_VMX_IPI_INIT:
		case PV_VMX_IPI_SIPI:
			if (t == c)
				continue;
			pv_vmx_lapic_post_event(&t->lapic, ipi->kind == PV_VMX_IPI_INIT ?
						PV_VMX_LAPIC_POST_INIT : PV_VMX_LAPIC_POST_SIPI,
						ipi->vector);
			break;
		}
		if (t != c)
			*kick |= BIT(i);
		/* Lowest priority: one target, the first that matches. */
		if (ipi->kind == PV_VMX_IPI_LOWEST)
			break;
	}
}

/* A guest page-table entry at @gpa (mapped readable), or 0. */
static u64 read_pte(struct pv_vmx_child *c, u64 gpa, bool wide)
{
	u32 rights;
	u64 hpa = pv_ept_child_lookup(c->pml4, gpa, &rights);

	if (!hpa || !(rights & PV_EPT_CHILD_R))
		return 0;
	return wide ? READ_ONCE(*(u64 *)__va(hpa)) : READ_ONCE(*(u32 *)__va(hpa));
}

#define PTE_ADDR	GENMASK_ULL(51, 12)

/*
 * The GPA of linear address @la by the VP's own paging (SDM 4.3-4.5),
 * present bits only: the CPU has just used the translation, the rights
 * are its business. False if not present or not RAM.
 */
static bool linear_to_gpa(struct pv_vmx_child *c, u64 la, u64 *gpa)
{
	u64 cr0 = pv_vmx_vmread(GUEST_CR0), cr4 = pv_vmx_vmread(GUEST_CR4), table, e;
	unsigned int level, shift;

	if (!(cr0 & X86_CR0_PG)) {
		*gpa = (u32)la;
		return true;
	}
	if (!(cr4 & X86_CR4_PAE)) {
		e = read_pte(c, (pv_vmx_vmread(GUEST_CR3) & 0xfffff000) + ((la >> 22) & 0x3ff) * 4,
			     false);
		if (!(e & _PAGE_PRESENT))
			return false;
		if ((e & _PAGE_PSE) && (cr4 & X86_CR4_PSE)) {
			*gpa = (e & 0xffc00000) | (la & 0x3fffff);
			return true;
		}
		e = read_pte(c, (e & 0xfffff000) + ((la >> 12) & 0x3ff) * 4, false);
		if (!(e & _PAGE_PRESENT))
			return false;
		*gpa = (e & 0xfffff000) | (la & 0xfff);
		return true;
	}
	if (pv_vmx_vmread(GUEST_IA32_EFER) & EFER_LMA) {
		if (cr4 & X86_CR4_LA57)
			return false;
		table = pv_vmx_vmread(GUEST_CR3) & PTE_ADDR;
		level = 4;
	} else {
		e = pv_vmx_vmread(GUEST_PDPTR0 + 2 * ((la >> 30) & 3));
		if (!(e & _PAGE_PRESENT))
			return false;
		table = e & PTE_ADDR;
		level = 2;
	}
	for (; level; level--) {
		shift = 12 + 9 * (level - 1);
		e = read_pte(c, table + ((la >> shift) & 511) * 8, true);
		if (!(e & _PAGE_PRESENT))
			return false;
		if (level == 1 || (level <= 3 && (e & _PAGE_PSE))) {
			*gpa = (e & PTE_ADDR & ~(BIT_ULL(shift) - 1)) | (la & (BIT_ULL(shift) - 1));
			return true;
		}
		table = e & PTE_ADDR;
	}
	return false;
}

/* Up to 15 bytes of the instruction at CS:RIP; how many could be read. */
static unsigned int fetch(struct pv_vmx_child *c, unsigned int mode, u8 *buf)
{
	u64 la = pv_vmx_vmread(GUEST_RIP), gpa, hpa;
	unsigned int n = 0, chunk;
	u32 rights;

	if (mode != 64)
		la = (u32)(la + pv_vmx_vmread(GUEST_CS_BASE));
	while (n < 15) {
		if (!linear_to_gpa(c, la + n, &gpa))
			break;
		hpa = pv_ept_child_lookup(c->pml4, gpa, &rights);
		if (!hpa || !(rights & PV_EPT_CHILD_R))
			break;
		chunk = min_t(unsigned int, 15 - n, PAGE_SIZE - offset_in_page(gpa));
		memcpy(buf + n, __va(hpa), chunk);
		n += chunk;
	}
	return n;
}

static unsigned int code_mode(void)
{
	u32 ar = pv_vmx_vmread(GUEST_CS_AR_BYTES);

	if ((pv_vmx_vmread(VM_ENTRY_CONTROLS) & VM_ENTRY_IA32E_MODE) && (ar & VMX_AR_L_MASK))
		return 64;
	return ar & VMX_AR_DB_MASK ? 32 : 16;
}

static u64 get_gpr(struct pv_vmx_child *c, unsigned int n)
{
	u64 *r = pv_vmx_gpr(&c->regs, n);

	return r ? *r : pv_vmx_vmread(GUEST_RSP);
}

/* A MOV's destination register gets @v, as the CPU merges it (SDM 3.4.1.1). */
static void set_gpr(struct pv_vmx_child *c, const struct pv_vmx_mmio *m, u64 v)
{
	u64 *r = pv_vmx_gpr(&c->regs, m->reg), old = get_gpr(c, m->reg);
	unsigned int size = m->size;

	if (m->zext) {
		v &= GENMASK_ULL(m->size * 8 - 1, 0);
		size = m->zext;
	}
	switch (size) {
	case 1:
		v = m->high8 ? (old & ~0xff00ULL) | (v & 0xff) << 8 : (old & ~0xffULL) | (v & 0xff);
		break;
	case 2:
		v = (old & ~0xffffULL) | (v & 0xffff);
		break;
	case 4:
		v = (u32)v;
		break;
	}
	if (r)
		*r = v;
	else
		pv_vmx_vmwrite_raw(GUEST_RSP, v);
}

static void skip(unsigned int len, unsigned int mode)
{
	u32 intr = pv_vmx_vmread(GUEST_INTERRUPTIBILITY_INFO);
	u64 rip = pv_vmx_vmread(GUEST_RIP) + len;

	pv_vmx_vmwrite_raw(GUEST_RIP, mode == 64 ? rip : (u32)rip);
	if (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))
		pv_vmx_vmwrite_raw(GUEST_INTERRUPTIBILITY_INFO,
				   intr & ~(GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS));
}

static bool ipi_intercept(struct pv_vmx_child *c, u32 kick, struct pv_hv_intercept *msg)
{
	if (!kick)
		return true;
	msg->type = PV_HV_INTERCEPT_IPI;
	msg->data = kick;
	return false;
}

/**
 * pv_vmx_lapic_is_mmio() - is @gpa in the APIC page?
 * @gpa: a guest physical address the VP could not reach
 *
 * Return: true for 0xfee00000-0xfee00fff.
 */
bool pv_vmx_lapic_is_mmio(u64 gpa)
{
	return (gpa & PAGE_MASK) == PV_VMX_LAPIC_BASE;
}

/**
 * pv_vmx_lapic_mmio() - complete an access to the APIC page
 * @c: the VP (its VMCS current), after an EPT violation in that page
 * @msg: filled in when the dispatch must end
 *
 * The instruction is decoded and completed: a read loads the register's
 * bytes (a narrow or misaligned read the bytes of the 32-bit register it
 * falls in), a 32-bit write (or the low half of a 64-bit one) goes to the
 * model, narrower or misaligned writes are dropped. An instruction fetch,
 * a page-table access, an access while an event is delivered (an IDT or
 * stack in the page) or an instruction that is no MOV is a memory
 * intercept, as any access outside the GPA map.
 *
 * Return: true to re-enter the VP, false to return @msg (MEMORY, or IPI:
 * other VPs to kick).
 */
bool pv_vmx_lapic_mmio(struct pv_vmx_child *c, struct pv_hv_intercept *msg)
{
	u64 qual = pv_vmx_vmread(EXIT_QUALIFICATION), gpa = pv_vmx_vmread(GUEST_PHYSICAL_ADDRESS);
	unsigned int mode = code_mode(), n, offset = gpa & 0xfff;
	struct pv_vmx_lapic_ipi ipi;
	struct pv_vmx_mmio m;
	u8 insn[15];
	u32 kick = 0, v;
	bool send;

	msg->type = PV_HV_INTERCEPT_MEMORY;
	msg->gpa = gpa;
	if (qual & EPT_VIOLATION_GVA_IS_VALID)
		msg->gla = pv_vmx_vmread(GUEST_LINEAR_ADDRESS);
	/* Not an instruction's data access: a fetch, a page walk, an event's delivery. */
	if ((qual & EPT_VIOLATION_ACC_INSTR) || !(qual & EPT_VIOLATION_GVA_IS_VALID) ||
	    !(qual & EPT_VIOLATION_GVA_TRANSLATED) ||
	    (pv_vmx_vmread(IDT_VECTORING_INFO_FIELD) & VECTORING_INFO_VALID_MASK))
		return false;
	n = fetch(c, mode, insn);
	if (pv_vmx_mmio_decode(insn, n, mode, &m) ||
	    m.write != !!(qual & EPT_VIOLATION_ACC_WRITE) || (offset & 0xfff) + m.size > 0x1000)
		return false;
	msg->type = 0;
	if (!m.write) {
		pv_vmx_lapic_read(&c->lapic, offset & ~3U, guest_tsc(), &v);
		set_gpr(c, &m, m.size == 8 ? v : (u64)v >> (offset & 3) * 8);
	} else if (m.size >= 4 && !(offset & 3)) {
		v = m.reg == PV_VMX_MMIO_IMM ? m.imm : get_gpr(c, m.reg) >> (m.high8 ? 8 : 0);
		send = pv_vmx_lapic_write(&c->lapic, offset, v, guest_tsc(), &ipi);
		sync_cr8(c);
		if (send)
			deliver_ipi(c, &ipi, &kick);
	}
	skip(m.len, mode);
	return ipi_intercept(c, kick, msg);
}

#define ACTIVITY_STARTUP_SUSPEND	BIT_ULL(0)
#define ACTIVITY_HALT_SUSPEND		BIT_ULL(1)

/**
 * pv_vmx_lapic_get_activity() - HV_REGISTER_INTERNAL_ACTIVITY_STATE
 * @c: the VP (not running)
 *
 * Return: bit 0 (startup suspend) while it waits for a SIPI, else bit 1
 * (halt suspend) while it is halted.
 */
u64 pv_vmx_lapic_get_activity(const struct pv_vmx_child *c)
{
	if (c->wait_sipi)
		return ACTIVITY_STARTUP_SUSPEND;
	return c->halted ? ACTIVITY_HALT_SUSPEND : 0;
}

/**
 * pv_vmx_lapic_set_activity() - SetVpRegisters of the activity state
 * @c: the VP (not running)
 * @value: bit 0: wait for a SIPI (a secondary VP at boot; write it after
 *	RIP, which clears it); bit 1 alone: halted, as after a HLT; 0: run
 *
 * Return: HV_STATUS_SUCCESS, or HV_STATUS_INVALID_PARAMETER for other bits.
 */
u16 pv_vmx_lapic_set_activity(struct pv_vmx_child *c, u64 value)
{
	if (value & ~(ACTIVITY_STARTUP_SUSPEND | ACTIVITY_HALT_SUSPEND))
		return HV_STATUS_INVALID_PARAMETER;
	c->wait_sipi = value & ACTIVITY_STARTUP_SUSPEND;
	c->sipi_ready = false;
	c->halted = value != 0;
	return HV_STATUS_SUCCESS;
}

/**
 * pv_vmx_lapic_msr() - RDMSR or WRMSR of IA32_APIC_BASE or IA32_TSC_DEADLINE
 * @c: the VP (its VMCS current)
 * @msr: the MSR
 * @write: WRMSR (EDX:EAX), else RDMSR (into EDX:EAX)
 *
 * Return: 1 done (the caller skips the instruction), 0 not an APIC MSR,
 * -1 #GP.
 */
int pv_vmx_lapic_msr(struct pv_vmx_child *c, u32 msr, bool write)
{
	u64 v = (c->regs.rdx << 32) | (u32)c->regs.rax;

	switch (msr) {
	case MSR_IA32_APICBASE:
		if (write)
			return pv_vmx_lapic_set_base(&c->lapic, v, boot_cpu_data.x86_phys_bits) ?
			       -1 : 1;
		v = c->lapic.apic_base;
		break;
	case MSR_IA32_TSC_DEADLINE:
		if (write) {
			pv_vmx_lapic_set_deadline(&c->lapic, v, guest_tsc());
			return 1;
		}
		v = pv_vmx_lapic_get_deadline(&c->lapic);
		break;
	default:
		return 0;
	}
	c->regs.rax = (u32)v;
	c->regs.rdx = v >> 32;
	return 1;
}
