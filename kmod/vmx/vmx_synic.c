// SPDX-License-Identifier: GPL-2.0
/*
 * The synthetic interrupt controller of child VPs, VMX side: the SynIC
 * MSRs a child reaches with RDMSR/WRMSR, the delivery of a pending SINT as
 * an external interrupt at VM entry (or at the interrupt-window exit),
 * HLT with a SINT to deliver, and the root's PostMessageDirect and
 * SignalEventDirect, which write into the child's message and event-flag
 * pages from any CPU, possibly while the VP runs on another.
 *
 * Pending state: a root post sets the SINT's bit in struct pv_synic's
 * @pending (atomic) after the message or flag is visible in the child's
 * page; the VP's CPU reads @pending before every VM entry and clears a
 * bit only when it injects that SINT. A post that races with an entry is
 * therefore seen by that entry or by the next one, which the root forces
 * by kicking the VP thread (an IPI: the running VP exits). Nothing is
 * lost. Same rules as the exit handlers: no locks, no Linux calls; child
 * memory only through the partition's EPT.
 */
#include <linux/bitops.h>
#include <linux/mm.h>
#include <asm/hyperv-tlfs.h>
#include <asm/processor-flags.h>
#include <asm/vmx.h>

#include "../pv_synic.h"
#include "vmx_child.h"
#include "vmx_ept_child.h"
#include "vmx_ops.h"
#include "vmx_synic.h"

/*
 * The page an enabled SIMP or SIEFP value names: child RAM mapped readable
 * and writable, below the child's 4 GiB maximum. NULL if disabled or not.
 */
static void *synic_page(struct pv_vmx_child *c, u64 reg)
{
	u64 gpa = reg & PAGE_MASK, hpa;
	u32 rights;

	if (!(reg & HV_SYNIC_SIMP_ENABLE) || gpa >= PV_HV_MAX_GPA)
		return NULL;
	hpa = pv_ept_child_lookup(c->pml4, gpa, &rights);
	if (!hpa || (rights & (PV_EPT_CHILD_R | PV_EPT_CHILD_W)) !=
		    (PV_EPT_CHILD_R | PV_EPT_CHILD_W))
		return NULL;
	return __va(hpa);
}

/* Interrupt-window exiting on or off (VMCS current). */
static void set_window(struct pv_vmx_child *c, bool on)
{
	u32 proc;

	if (c->synic.window == on)
		return;
	proc = pv_vmx_vmread(CPU_BASED_VM_EXEC_CONTROL) & ~CPU_BASED_INTR_WINDOW_EXITING;
	pv_vmx_vmwrite_raw(CPU_BASED_VM_EXEC_CONTROL,
			   proc | (on ? CPU_BASED_INTR_WINDOW_EXITING : 0));
	c->synic.window = on;
}

/*
 * Forget what is pending, in service or wanted for EOM (the root resets or
 * restores the SynIC); the VP's VMCS is current.
 */
static void clear_delivery(struct pv_vmx_child *c)
{
	xchg(&c->synic.pending, 0);
	xchg(&c->synic.eom_wanted, 0);
	memset(c->synic.isr, 0, sizeof(c->synic.isr));
	set_window(c, false);
}

/**
 * pv_vmx_synic_reset() - a VP's SynIC at creation: disabled, all masked
 * @c: the VP, its VMCS current
 */
void pv_vmx_synic_reset(struct pv_vmx_child *c)
{
	c->synic.window = true;		/* so that the VMCS bit is cleared for sure */
	clear_delivery(c);
	pv_synic_reset(&c->synic);
}

/**
 * pv_vmx_synic_rdmsr() - RDMSR of a SynIC MSR
 * @c: the VP
 * @msr: the MSR
 * @value: set to its value
 *
 * Return: 1 done, 0 not a SynIC MSR, -1 #GP (HV_X64_MSR_EOI is write-only).
 */
int pv_vmx_synic_rdmsr(struct pv_vmx_child *c, u32 msr, u64 *value)
{
	struct pv_synic *s = &c->synic;

	switch (msr) {
	case HV_X64_MSR_SCONTROL:
		*value = s->scontrol;
		break;
	case HV_X64_MSR_SVERSION:
		*value = HV_SYNIC_VERSION_1;
		break;
	case HV_X64_MSR_SIEFP:
		*value = s->siefp;
		break;
	case HV_X64_MSR_SIMP:
		*value = s->simp;
		break;
	case HV_X64_MSR_EOM:
		*value = 0;
		break;
	case HV_X64_MSR_SINT0 ... HV_X64_MSR_SINT15:
		*value = s->sint[msr - HV_X64_MSR_SINT0];
		break;
	case HV_X64_MSR_EOI:
		return -1;
	default:
		return 0;
	}
	return 1;
}

/*
 * SIMP or SIEFP := @value. An enabled page must be the child's RAM, mapped
 * readable and writable (else #GP, as KVM does: a page the hypervisor
 * cannot write is no message page). A page the child enables, or moves,
 * starts zeroed (empty slots, no flags), as Hyper-V's overlay pages do.
 */
static bool set_page(struct pv_vmx_child *c, u64 *reg, u64 value, bool zero)
{
	u64 old = *reg;
	void *page = NULL;

	if (value & HV_SYNIC_SIMP_ENABLE) {
		page = synic_page(c, value);
		if (!page)
			return false;
	}
	if (page && zero && (!(old & HV_SYNIC_SIMP_ENABLE) || ((old ^ value) & PAGE_MASK)))
		clear_page(page);
	/* After the zeroing: a root post that reads the new value finds it done. */
	WRITE_ONCE(*reg, value);
	return true;
}

/**
 * pv_vmx_synic_wrmsr() - WRMSR of a SynIC MSR
 * @c: the VP (its VMCS current)
 * @msr: the MSR
 * @value: EDX:EAX
 * @eom: set, for %PV_VMX_SYNIC_EOM_ROOT, to the SINTs whose posts the root
 *	had refused
 *
 * EOM is the root's when a post was refused since the last EOM (the root
 * retries it); otherwise there is nothing to redeliver and the hypervisor
 * finishes it. HV_X64_MSR_EOI ends the highest in-service vector.
 *
 * Return: 1 done, 0 not a SynIC MSR, -1 #GP, %PV_VMX_SYNIC_EOM_ROOT.
 */
int pv_vmx_synic_wrmsr(struct pv_vmx_child *c, u32 msr, u64 value, unsigned long *eom)
{
	struct pv_synic *s = &c->synic;

	if (!pv_synic_is_msr(msr))
		return 0;
	if (!pv_synic_value_ok(msr, value))
		return -1;
	switch (msr) {
	case HV_X64_MSR_SCONTROL:
		WRITE_ONCE(s->scontrol, value);
		break;
	case HV_X64_MSR_SIEFP:
		return set_page(c, &s->siefp, value, true) ? 1 : -1;
	case HV_X64_MSR_SIMP:
		return set_page(c, &s->simp, value, true) ? 1 : -1;
	case HV_X64_MSR_EOM:
		/* Pairs with the set_bit() before the msg_pending flag (pv_synic_post_slot()). */
		*eom = READ_ONCE(s->eom_wanted) ? xchg(&s->eom_wanted, 0) : 0;
		if (*eom)
			return PV_VMX_SYNIC_EOM_ROOT;
		break;
	case HV_X64_MSR_EOI:
		pv_synic_eoi(s);
		break;
	case HV_X64_MSR_SINT0 ... HV_X64_MSR_SINT15:
		WRITE_ONCE(s->sint[msr - HV_X64_MSR_SINT0], value);
		break;
	}
	return 1;
}

static u32 reg_msr(u32 name)
{
	switch (name) {
	case PV_HV_REG_SINT0 ... PV_HV_REG_SINT15:
		return HV_X64_MSR_SINT0 + name - PV_HV_REG_SINT0;
	case PV_HV_REG_SCONTROL:
		return HV_X64_MSR_SCONTROL;
	case PV_HV_REG_SVERSION:
		return HV_X64_MSR_SVERSION;
	case PV_HV_REG_SIEFP:
		return HV_X64_MSR_SIEFP;
	case PV_HV_REG_SIMP:
		return HV_X64_MSR_SIMP;
	case PV_HV_REG_EOM:
		return HV_X64_MSR_EOM;
	}
	return 0;
}

/**
 * pv_vmx_synic_get_reg() - GetVpRegisters of a SynIC register
 * @c: the VP (not running)
 * @name: a register name
 * @value: set to the value
 *
 * Return: true if @name is a SynIC register (TLFS names 0x000a0000-14).
 */
bool pv_vmx_synic_get_reg(struct pv_vmx_child *c, u32 name, u64 *value)
{
	u32 msr = reg_msr(name);

	return msr && pv_vmx_synic_rdmsr(c, msr, value) > 0;
}

/**
 * pv_vmx_synic_set_reg() - SetVpRegisters of a SynIC register
 * @c: the VP (not running, its VMCS current)
 * @name: a SynIC register name (pv_vmx_synic_get_reg() knows it)
 * @value: the value
 *
 * The checks of WRMSR, but a page is not zeroed: the root restores state.
 * Writing SCONTROL also forgets pending SINTs, in-service vectors and EOM
 * requests: the root resets or restores the SynIC starting with it.
 * SVERSION and EOM cannot be set.
 *
 * Return: HV_STATUS_SUCCESS or HV_STATUS_INVALID_PARAMETER.
 */
u16 pv_vmx_synic_set_reg(struct pv_vmx_child *c, u32 name, u64 value)
{
	struct pv_synic *s = &c->synic;
	u32 msr = reg_msr(name);
	bool ok;

	if (!msr || msr == HV_X64_MSR_SVERSION || msr == HV_X64_MSR_EOM ||
	    !pv_synic_value_ok(msr, value))
		return HV_STATUS_INVALID_PARAMETER;
	switch (msr) {
	case HV_X64_MSR_SCONTROL:
		clear_delivery(c);
		WRITE_ONCE(s->scontrol, value);
		return HV_STATUS_SUCCESS;
	case HV_X64_MSR_SIEFP:
		ok = set_page(c, &s->siefp, value, false);
		break;
	case HV_X64_MSR_SIMP:
		ok = set_page(c, &s->simp, value, false);
		break;
	default:
		WRITE_ONCE(s->sint[msr - HV_X64_MSR_SINT0], value);
		ok = true;
	}
	return ok ? HV_STATUS_SUCCESS : HV_STATUS_INVALID_PARAMETER;
}

/* A deliverable SINT, from the VP's CPU: -1 if none. */
static int deliverable(struct pv_vmx_child *c)
{
	unsigned long pending = READ_ONCE(c->synic.pending);

	return pending ? pv_synic_pick(&c->synic, pending, c->cr8) : -1;
}

/**
 * pv_vmx_synic_before_entry() - deliver a pending SINT, or wait for a window
 * @c: the VP about to be entered (its VMCS current)
 *
 * The highest deliverable SINT is injected as an external interrupt if the
 * VP can take one now: RFLAGS.IF set, no STI or MOV SS blocking, no event
 * being injected already (SDM 26.3.1.4, 26.6). Otherwise interrupt-window
 * exiting brings the VP back as soon as it can (SDM 26.7.5), and the next
 * entry tries again. A SINT without auto-EOI stays in service until the
 * child's EOI.
 */
void pv_vmx_synic_before_entry(struct pv_vmx_child *c)
{
	struct pv_synic *s = &c->synic;
	int sint = deliverable(c);
	u32 info, intr;

	if (sint < 0) {
		set_window(c, false);
		return;
	}
	info = pv_vmx_vmread(VM_ENTRY_INTR_INFO_FIELD);
	intr = pv_vmx_vmread(GUEST_INTERRUPTIBILITY_INFO);
	if ((info & INTR_INFO_VALID_MASK) || !(pv_vmx_vmread(GUEST_RFLAGS) & X86_EFLAGS_IF) ||
	    (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))) {
		set_window(c, true);
		return;
	}
	/*
	 * Taken before it is injected: a post from here on sets the bit again
	 * and is delivered by a later entry (the guest finds an empty slot at
	 * worst, which the TLFS allows).
	 */
	clear_bit(sint, &s->pending);
	pv_vmx_vmwrite_raw(VM_ENTRY_INTR_INFO_FIELD, (s->sint[sint] & HV_SYNIC_SINT_VECTOR_MASK) |
			   INTR_TYPE_EXT_INTR | INTR_INFO_VALID_MASK);
	pv_synic_delivered(s, sint);
	/* More pending: come back when the handler has re-enabled interrupts. */
	set_window(c, READ_ONCE(s->pending) != 0);
}

/**
 * pv_vmx_synic_wakes() - would a HLT end at once?
 * @c: the VP (its VMCS current)
 *
 * Return: true if a SINT is deliverable and RFLAGS.IF is set: a halted
 * processor wakes for such an interrupt, so HLT must not park the VP.
 */
bool pv_vmx_synic_wakes(struct pv_vmx_child *c)
{
	return deliverable(c) >= 0 && (pv_vmx_vmread(GUEST_RFLAGS) & X86_EFLAGS_IF);
}

/*
 * Mark @sint for delivery if it may interrupt now (SynIC enabled, SINT
 * neither masked nor polling); called once the message or flag is in the
 * child's page. smp_mb__before_atomic() keeps those stores before the bit:
 * an entry that sees the bit injects, and the guest's handler then sees
 * the message. The bit pairs with the READ_ONCE() of @pending before each
 * VM entry: an entry that read it before this set_bit() is followed by
 * the exit the root's kick causes and by another entry, which reads it.
 */
static void raise_sint(struct pv_synic *s, unsigned int sint)
{
	if (!(READ_ONCE(s->scontrol) & HV_SYNIC_CONTROL_ENABLE) ||
	    (READ_ONCE(s->sint[sint]) & (HV_SYNIC_SINT_MASKED | PV_SYNIC_SINT_POLLING)))
		return;
	smp_mb__before_atomic();	/* the message or flag before the pending bit */
	set_bit(sint, &s->pending);
}

/**
 * pv_vmx_synic_post() - the root's PostMessageDirect to a VP
 * @c: the target VP (possibly running on another CPU)
 * @sint: 0..15
 * @m: the message, checked (pv_synic_message_ok()), a copy
 *
 * Under the partition lock, so that posts to one VP are serialised and
 * the GPA map does not change underneath.
 *
 * Return: HV_STATUS_SUCCESS, HV_STATUS_INSUFFICIENT_BUFFERS (the slot is
 * full: retry after the child's EOM), or PV_HV_STATUS_INVALID_VP_STATE (no
 * message page).
 */
u16 pv_vmx_synic_post(struct pv_vmx_child *c, unsigned int sint, const struct hv_message *m)
{
	struct hv_message_page *page = synic_page(c, READ_ONCE(c->synic.simp));

	if (!page)
		return PV_HV_STATUS_INVALID_VP_STATE;
	if (pv_synic_post_slot(&page->sint_message[sint], m, &c->synic.eom_wanted, sint))
		return HV_STATUS_INSUFFICIENT_BUFFERS;
	raise_sint(&c->synic, sint);
	return HV_STATUS_SUCCESS;
}

/**
 * pv_vmx_synic_signal() - the root's SignalEventDirect to a VP
 * @c: the target VP (possibly running on another CPU)
 * @sint: 0..15
 * @flag: 0..2047
 * @newly: set to whether the flag was clear
 *
 * Only a newly set flag raises the SINT: a flag still set has not been
 * seen by the child yet, and its scan will find it.
 *
 * Return: HV_STATUS_SUCCESS or PV_HV_STATUS_INVALID_VP_STATE (no event
 * flags page).
 */
u16 pv_vmx_synic_signal(struct pv_vmx_child *c, unsigned int sint, unsigned int flag,
			bool *newly)
{
	void *page = synic_page(c, READ_ONCE(c->synic.siefp));

	*newly = false;
	if (!page)
		return PV_HV_STATUS_INVALID_VP_STATE;
	*newly = pv_synic_set_flag(page, sint, flag);
	if (*newly)
		raise_sint(&c->synic, sint);
	return HV_STATUS_SUCCESS;
}
