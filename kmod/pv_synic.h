/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The synthetic interrupt controller (SynIC) of a child VP, the part that
 * touches no hardware: register formats, which SINT to deliver, the
 * in-service vectors, and the message-slot and event-flag protocol with a
 * child running on another CPU (pv_synic.c, KUnit: partvisor_synic).
 * The VMX side is vmx/vmx_synic.c; Documentation/hypercalls.rst, "SynIC",
 * is the reference.
 */
#ifndef _PV_SYNIC_H
#define _PV_SYNIC_H

#include <linux/bits.h>
#include <linux/types.h>
#include <asm/hyperv-tlfs.h>

/* SINT bit 18: unmasked, but never interrupts (TLFS "Polling"). */
#define PV_SYNIC_SINT_POLLING	BIT_ULL(18)
#define PV_SYNIC_SINT_BITS	(HV_SYNIC_SINT_VECTOR_MASK | HV_SYNIC_SINT_MASKED | \
				 HV_SYNIC_SINT_AUTO_EOI | PV_SYNIC_SINT_POLLING)
/* A SINT at reset, and after the root resets the SynIC. */
#define PV_SYNIC_SINT_RESET	HV_SYNIC_SINT_MASKED

/* Bit 40 of a message header's first 8 bytes: message_flags.msg_pending. */
#define PV_SYNIC_MSG_PENDING_BIT	40

/**
 * struct pv_synic - one VP's SynIC (in the VP's private state)
 * @scontrol: SCONTROL: bit 0 enables interrupts from the SynIC
 * @simp: SIMP: bit 0 enable, 11:1 kept as written, 63:12 the message
 *	page's GPA
 * @siefp: SIEFP: the event-flags page, same layout
 * @sint: SINT0-15: vector 7:0, masked 16, auto-EOI 17, polling 18
 * @isr: vectors delivered without auto-EOI and not EOIed yet
 * @pending: bit n: SINT n has a message or event to interrupt for
 * @eom_wanted: bit n: a root post to SINT n found its slot full
 * @window: interrupt-window exiting is on for this VP
 *
 * @scontrol, @simp, @siefp and @sint are written by the VP's own CPU
 * (WRMSR) or by SetVpRegisters while the VP is not dispatched, and read
 * with READ_ONCE() by root posts on any CPU. @pending and @eom_wanted are
 * set by root posts on any CPU and taken by the VP's CPU, with atomic bit
 * operations only. @isr and @window belong to the VP's CPU.
 */
struct pv_synic {
	u64 scontrol, simp, siefp;
	u64 sint[HV_SYNIC_SINT_COUNT];
	u64 isr[4];
	unsigned long pending;
	unsigned long eom_wanted;
	bool window;
};

bool pv_synic_is_msr(u32 msr);
bool pv_synic_value_ok(u32 msr, u64 value);
int pv_synic_pick(const struct pv_synic *s, unsigned long pending, u64 cr8);
int pv_synic_isr_highest(const struct pv_synic *s);
void pv_synic_delivered(struct pv_synic *s, unsigned int sint);
void pv_synic_eoi(struct pv_synic *s);
void pv_synic_reset(struct pv_synic *s);
bool pv_synic_message_ok(const struct hv_message *m);
int pv_synic_post_slot(struct hv_message *slot, const struct hv_message *m,
		       unsigned long *eom_wanted, unsigned int sint);
bool pv_synic_set_flag(void *flags_page, unsigned int sint, unsigned int flag);

#endif /* _PV_SYNIC_H */
