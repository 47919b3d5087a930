/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual local APIC of a child VP (xAPIC mode), the part without
 * hardware access: registers, IRR/ISR/TMR and priorities, the timer, ICR
 * decode, APIC_BASE and TSC_DEADLINE (vmx_lapic.c, KUnit: partvisor_lapic).
 * The VMX side (MMIO intercept, injection, IPIs) is vmx_lapic_vmx.c;
 * Documentation/lapic.rst is the reference.
 */
#ifndef _PV_VMX_LAPIC_H
#define _PV_VMX_LAPIC_H

#include <linux/bitops.h>
#include <linux/types.h>

#define PV_VMX_LAPIC_BASE	0xfee00000ULL
#define PV_VMX_LAPIC_SIZE	0x1000
/* Timer, thermal, performance counter, LINT0, LINT1, error: Max LVT 5. */
#define PV_VMX_LAPIC_LVTS	6
#define PV_VMX_LAPIC_VERSION	(0x14 | (PV_VMX_LAPIC_LVTS - 1) << 16)

enum pv_vmx_lapic_lvt {
	PV_VMX_LVT_TIMER, PV_VMX_LVT_THERMAL, PV_VMX_LVT_PERF,
	PV_VMX_LVT_LINT0, PV_VMX_LVT_LINT1, PV_VMX_LVT_ERROR,
};

/* Remote events another VP posts (struct pv_vmx_lapic @post_flags bits). */
#define PV_VMX_LAPIC_POST_NMI	0
#define PV_VMX_LAPIC_POST_INIT	1
#define PV_VMX_LAPIC_POST_SIPI	2

/**
 * struct pv_vmx_lapic - one VP's local APIC
 * @id: APIC ID register (ID in bits 31:24)
 * @tpr: task priority
 * @ldr: logical destination (bits 31:24)
 * @dfr: destination format (bits 31:28; 27:0 read as ones)
 * @svr: spurious-interrupt vector register (vector, APIC enable, focus)
 * @esr: errors latched by the last ESR write (what reads return)
 * @esr_pending: errors since the last ESR write
 * @icr_lo: ICR bits 31:0 as last written (delivery status always 0)
 * @icr_hi: ICR bits 63:32 (destination in 31:24)
 * @lvt: the LVT entries, enum pv_vmx_lapic_lvt order
 * @timer_initial: initial-count register
 * @timer_dcr: divide-configuration register
 * @timer_base: TSC at which the current period (one-shot/periodic) began
 * @timer_deadline: TSC-deadline mode: the armed deadline, 0 = disarmed
 * @timer_running: one-shot or periodic count in progress
 * @tsc_per_tick: TSC ticks per APIC timer input clock tick
 * @min_period: shortest periodic period, in TSC ticks (a timer storm bound)
 * @apic_base: IA32_APIC_BASE
 * @irr: interrupt request register
 * @isr: in-service register
 * @tmr: trigger mode register (level-triggered vectors)
 * @post: vectors other VPs sent (atomic set_bit), folded into @irr by the
 *	VP's own CPU (pv_vmx_lapic_sync())
 * @post_flags: PV_VMX_LAPIC_POST_* bits other VPs set (atomic)
 * @sipi_vector: the vector of the last SIPI posted (before its flag)
 * @fired: timer interrupts raised (diagnostics)
 *
 * Everything but @post, @post_flags and @sipi_vector belongs to the VP's
 * own CPU (or to the root while the VP is not dispatched).
 */
struct pv_vmx_lapic {
	u32 id, tpr, ldr, dfr, svr, esr, esr_pending, icr_lo, icr_hi;
	u32 lvt[PV_VMX_LAPIC_LVTS];
	u32 timer_initial, timer_dcr;
	u64 timer_base, timer_deadline;
	bool timer_running;
	u32 tsc_per_tick;
	u64 min_period;
	u64 apic_base;
	DECLARE_BITMAP(irr, 256);
	DECLARE_BITMAP(isr, 256);
	DECLARE_BITMAP(tmr, 256);
	DECLARE_BITMAP(post, 256);
	unsigned long post_flags;
	u8 sipi_vector;
	u64 fired;
};

enum pv_vmx_lapic_ipi_kind {
	PV_VMX_IPI_FIXED, PV_VMX_IPI_LOWEST, PV_VMX_IPI_NMI, PV_VMX_IPI_INIT, PV_VMX_IPI_SIPI,
};

enum pv_vmx_lapic_shorthand {
	PV_VMX_IPI_DEST, PV_VMX_IPI_SELF, PV_VMX_IPI_ALL, PV_VMX_IPI_OTHERS,
};

/**
 * struct pv_vmx_lapic_ipi - an ICR write the caller must deliver
 * @kind: enum pv_vmx_lapic_ipi_kind
 * @shorthand: enum pv_vmx_lapic_shorthand
 * @vector: fixed, lowest priority: the vector; SIPI: the start page
 * @logical: the destination is logical (match LDR/DFR), else an APIC ID
 * @level: level-triggered (fixed: sets the target's TMR bit)
 * @dest: the destination field (0xff: broadcast)
 */
struct pv_vmx_lapic_ipi {
	u8 kind, shorthand, vector;
	bool logical, level;
	u8 dest;
};

void pv_vmx_lapic_reset(struct pv_vmx_lapic *l, u8 apic_id, bool bsp, u32 tsc_per_tick,
			u64 min_period);
bool pv_vmx_lapic_enabled(const struct pv_vmx_lapic *l);
bool pv_vmx_lapic_read(struct pv_vmx_lapic *l, u32 offset, u64 now, u32 *value);
bool pv_vmx_lapic_write(struct pv_vmx_lapic *l, u32 offset, u32 value, u64 now,
			struct pv_vmx_lapic_ipi *ipi);
u8 pv_vmx_lapic_ppr(const struct pv_vmx_lapic *l);
int pv_vmx_lapic_pending(const struct pv_vmx_lapic *l);
void pv_vmx_lapic_ack(struct pv_vmx_lapic *l, unsigned int vector);
bool pv_vmx_lapic_accept(struct pv_vmx_lapic *l, unsigned int vector, bool level);
void pv_vmx_lapic_set_tpr(struct pv_vmx_lapic *l, u32 tpr);
bool pv_vmx_lapic_timer_poll(struct pv_vmx_lapic *l, u64 now);
u64 pv_vmx_lapic_timer_next(const struct pv_vmx_lapic *l);
u64 pv_vmx_lapic_get_deadline(const struct pv_vmx_lapic *l);
void pv_vmx_lapic_set_deadline(struct pv_vmx_lapic *l, u64 deadline, u64 now);
void pv_vmx_lapic_init_signal(struct pv_vmx_lapic *l);
int pv_vmx_lapic_set_base(struct pv_vmx_lapic *l, u64 value, unsigned int phys_bits);
bool pv_vmx_lapic_match(const struct pv_vmx_lapic *l, u8 dest, bool logical);
void pv_vmx_lapic_post(struct pv_vmx_lapic *l, unsigned int vector);
void pv_vmx_lapic_post_event(struct pv_vmx_lapic *l, unsigned int event, u8 sipi_vector);
unsigned long pv_vmx_lapic_sync(struct pv_vmx_lapic *l);

/* vmx_lapic_vmx.c: the APIC of a child VP in VMX */
struct pv_vmx_child;
struct pv_hv_intercept;

void pv_vmx_lapic_init(unsigned int tsc_khz);
void pv_vmx_lapic_vp_reset(struct pv_vmx_child *c);
void pv_vmx_lapic_set_cr8(struct pv_vmx_child *c, u64 cr8);
u64 pv_vmx_lapic_before_entry(struct pv_vmx_child *c);
bool pv_vmx_lapic_wakes(struct pv_vmx_child *c);
u64 pv_vmx_lapic_wake_tsc(struct pv_vmx_child *c);
bool pv_vmx_lapic_is_mmio(u64 gpa);
bool pv_vmx_lapic_mmio(struct pv_vmx_child *c, struct pv_hv_intercept *msg);
int pv_vmx_lapic_msr(struct pv_vmx_child *c, u32 msr, bool write);
u64 pv_vmx_lapic_get_activity(const struct pv_vmx_child *c);
u16 pv_vmx_lapic_set_activity(struct pv_vmx_child *c, u64 value);

#endif /* _PV_VMX_LAPIC_H */
