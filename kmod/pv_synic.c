// SPDX-License-Identifier: GPL-2.0
/*
 * The SynIC of child VPs without the hardware: register formats, the
 * choice of the SINT to deliver, in-service vectors, and the two
 * protocols with a child that may run on another CPU while the root posts
 * to it: message slots (message_type, msg_pending, EOM) and event flags.
 * Shared by the hypervisor (vmx/vmx_synic.c) and the KUnit suite
 * partvisor_synic.
 *
 * There is no virtual APIC for children yet: a SINT's vector is injected
 * as an external interrupt, and the in-service vectors (@isr) stand in for
 * the APIC's ISR: a vector delivered without auto-EOI blocks vectors of
 * its priority class and below until the child writes HV_X64_MSR_EOI.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/bitmap.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/hyperv-tlfs.h>

#include "pv_hvcall.h"
#include "pv_synic.h"

/**
 * pv_synic_is_msr() - is @msr one of the SynIC's?
 * @msr: MSR number
 *
 * Return: true for SCONTROL, SVERSION, SIEFP, SIMP, EOM, SINT0-15 and
 * HV_X64_MSR_EOI.
 */
bool pv_synic_is_msr(u32 msr)
{
	switch (msr) {
	case HV_X64_MSR_SCONTROL:
	case HV_X64_MSR_SVERSION:
	case HV_X64_MSR_SIEFP:
	case HV_X64_MSR_SIMP:
	case HV_X64_MSR_EOM:
	case HV_X64_MSR_SINT0 ... HV_X64_MSR_SINT15:
	case HV_X64_MSR_EOI:
		return true;
	}
	return false;
}

/**
 * pv_synic_value_ok() - may a SynIC MSR take @value?
 * @msr: a SynIC MSR (pv_synic_is_msr())
 * @value: the value written
 *
 * The format only: that an enabled SIMP or SIEFP names a page of the
 * child's RAM is the caller's check. SVERSION is read-only; a SINT takes a
 * vector below 16 only while masked (its reset value is masked, vector 0);
 * EOM ignores the value; HV_X64_MSR_EOI has 32 bits.
 *
 * Return: true if the write is allowed, false for #GP.
 */
bool pv_synic_value_ok(u32 msr, u64 value)
{
	switch (msr) {
	case HV_X64_MSR_SCONTROL:
		return !(value & ~HV_SYNIC_CONTROL_ENABLE);
	case HV_X64_MSR_SIEFP:
	case HV_X64_MSR_SIMP:
	case HV_X64_MSR_EOM:
		return true;
	case HV_X64_MSR_EOI:
		return !(value >> 32);
	case HV_X64_MSR_SINT0 ... HV_X64_MSR_SINT15:
		return !(value & ~PV_SYNIC_SINT_BITS) &&
		       ((value & HV_SYNIC_SINT_VECTOR_MASK) >= HV_SYNIC_FIRST_VALID_VECTOR ||
			(value & HV_SYNIC_SINT_MASKED));
	}
	return false;
}

/**
 * pv_synic_isr_highest() - the highest in-service vector
 * @s: the SynIC
 *
 * Return: the vector, or -1 if none is in service.
 */
int pv_synic_isr_highest(const struct pv_synic *s)
{
	int i;

	for (i = ARRAY_SIZE(s->isr) - 1; i >= 0; i--)
		if (s->isr[i])
			return i * 64 + fls64(s->isr[i]) - 1;
	return -1;
}

/**
 * pv_synic_pick() - the SINT to deliver next, as a local APIC would
 * @s: the SynIC (of the calling VP's CPU)
 * @pending: SINTs with something to deliver (a snapshot of @s->pending)
 * @cr8: the VP's task priority (CR8)
 *
 * A SINT is deliverable when the SynIC is enabled, the SINT is neither
 * masked nor polling, and its vector's priority class (bits 7:4) is above
 * the processor priority: the larger of CR8 and the highest in-service
 * vector's class. Among those the highest vector wins (the lower SINT on
 * a tie).
 *
 * Return: the SINT index, or -1 if none may be delivered now.
 */
int pv_synic_pick(const struct pv_synic *s, unsigned long pending, u64 cr8)
{
	unsigned int ppr = (cr8 & 0xf) << 4, vec, best_vec = 0, i;
	int isrv = pv_synic_isr_highest(s), best = -1;
	u64 sint;

	if (!(s->scontrol & HV_SYNIC_CONTROL_ENABLE))
		return -1;
	if (isrv >= 0 && (isrv & 0xf0) > ppr)
		ppr = isrv & 0xf0;
	for_each_set_bit(i, &pending, HV_SYNIC_SINT_COUNT) {
		sint = s->sint[i];
		vec = sint & HV_SYNIC_SINT_VECTOR_MASK;
		if ((sint & (HV_SYNIC_SINT_MASKED | PV_SYNIC_SINT_POLLING)) ||
		    vec < HV_SYNIC_FIRST_VALID_VECTOR || (vec & 0xf0) <= ppr)
			continue;
		if (vec > best_vec) {
			best = i;
			best_vec = vec;
		}
	}
	return best;
}

/**
 * pv_synic_delivered() - SINT @sint's vector was injected
 * @s: the SynIC
 * @sint: the SINT
 *
 * Without auto-EOI the vector is in service until the child's EOI.
 */
void pv_synic_delivered(struct pv_synic *s, unsigned int sint)
{
	u64 v = s->sint[sint];
	unsigned int vec = v & HV_SYNIC_SINT_VECTOR_MASK;

	if (!(v & HV_SYNIC_SINT_AUTO_EOI))
		s->isr[vec / 64] |= BIT_ULL(vec % 64);
}

/**
 * pv_synic_eoi() - end the highest in-service vector (HV_X64_MSR_EOI)
 * @s: the SynIC
 */
void pv_synic_eoi(struct pv_synic *s)
{
	int v = pv_synic_isr_highest(s);

	if (v >= 0)
		s->isr[v / 64] &= ~BIT_ULL(v % 64);
}

/**
 * pv_synic_reset() - the SynIC as at VP creation
 * @s: the SynIC
 *
 * Disabled, pages off, every SINT masked, nothing pending or in service.
 * Safe against a root post on another CPU (it sees either state).
 */
void pv_synic_reset(struct pv_synic *s)
{
	unsigned int i;

	WRITE_ONCE(s->scontrol, 0);
	WRITE_ONCE(s->simp, 0);
	WRITE_ONCE(s->siefp, 0);
	for (i = 0; i < HV_SYNIC_SINT_COUNT; i++)
		WRITE_ONCE(s->sint[i], PV_SYNIC_SINT_RESET);
	memset(s->isr, 0, sizeof(s->isr));
	xchg(&s->pending, 0);
	xchg(&s->eom_wanted, 0);
	s->window = false;
}

/**
 * pv_synic_message_ok() - may the root post @m?
 * @m: a message as the root gave it (a copy)
 *
 * Return: true if its type is neither HVMSG_NONE nor a hypervisor type,
 * its payload at most 240 bytes, its flags and reserved bytes zero.
 */
bool pv_synic_message_ok(const struct hv_message *m)
{
	return m->header.message_type != HVMSG_NONE &&
	       !(m->header.message_type & PV_HV_MESSAGE_TYPE_HYPERVISOR) &&
	       m->header.payload_size <= HV_MESSAGE_PAYLOAD_BYTE_COUNT &&
	       !m->header.message_flags.asu8 && !m->header.reserved[0] &&
	       !m->header.reserved[1];
}

/**
 * pv_synic_post_slot() - put @m into a child's message slot
 * @slot: the slot, in the child's message page (the child may run)
 * @m: the message, checked with pv_synic_message_ok()
 * @eom_wanted: the VP's &struct pv_synic.eom_wanted
 * @sint: the slot's SINT
 *
 * A free slot (message_type HVMSG_NONE) takes the message. A full one gets
 * its msg_pending flag set, so that the child writes EOM once it has
 * emptied the slot, and @sint is marked in @eom_wanted first, so that the
 * hypervisor hands that EOM to the root.
 *
 * Return: 0 if delivered, -EBUSY if the slot was full.
 */
int pv_synic_post_slot(struct hv_message *slot, const struct hv_message *m,
		       unsigned long *eom_wanted, unsigned int sint)
{
	u64 *head = (u64 *)&slot->header;	/* type, size, flags, reserved */
	u64 pending = BIT_ULL(PV_SYNIC_MSG_PENDING_BIT), old = READ_ONCE(*head), new;

	while ((u32)old != HVMSG_NONE) {
		/*
		 * The child empties a slot by clearing message_type, then,
		 * after a full barrier, reads msg_pending and writes EOM if it
		 * is set (TLFS "Message Buffers"; Linux's vmbus_signal_eom()).
		 * The locked cmpxchg is ordered against its clear: either it
		 * comes first, and the child sees the flag (and @eom_wanted,
		 * set before it: the EOM reaches the root), or it fails, and
		 * the loop finds the slot free. A spurious @eom_wanted bit only
		 * costs the root a retry.
		 */
		set_bit(sint, eom_wanted);
		smp_mb__after_atomic();	/* @eom_wanted before the flag */
		if (old & pending)
			return -EBUSY;
		if (try_cmpxchg64(head, &old, old | pending))
			return -EBUSY;
	}
	/*
	 * Free: only the hypervisor fills a slot, under the partition lock.
	 * Everything after the first 8 bytes goes first, message_type last,
	 * so a child that sees the type sees the whole message. Pairs with
	 * the child reading message_type before the rest (x86 keeps stores
	 * in order: smp_wmb() only stops the compiler).
	 */
	memcpy((u8 *)slot + sizeof(*head), (const u8 *)m + sizeof(*head),
	       sizeof(*m) - sizeof(*head));
	memcpy(&new, &m->header, sizeof(new));
	smp_wmb();	/* the message before its type */
	WRITE_ONCE(*head, new & ~pending);
	return 0;
}

/**
 * pv_synic_set_flag() - set an event flag in a child's event-flags page
 * @flags_page: the page (the child may run and clear flags meanwhile)
 * @sint: the SINT whose 2048 flags hold it
 * @flag: the flag, below %HV_EVENT_FLAGS_COUNT
 *
 * A locked bit-test-and-set: fully ordered, so it pairs with the child's
 * own atomic test-and-clear of the flag and with the caller's marking of
 * the SINT as pending afterwards.
 *
 * Return: true if the flag was clear.
 */
bool pv_synic_set_flag(void *flags_page, unsigned int sint, unsigned int flag)
{
	return !test_and_set_bit(sint * HV_EVENT_FLAGS_COUNT + flag, flags_page);
}
