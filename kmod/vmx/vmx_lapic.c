// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual local APIC of child VPs, xAPIC mode, as a register model
 * without hardware access: shared by the hypervisor (vmx_lapic_vmx.c) and
 * the KUnit suite partvisor_lapic.
 *
 * Time is a TSC value the caller passes in: the timer is computed from it
 * when anything looks (every register access polls it first), so that a
 * one-shot count that ran out while masked is gone when it is unmasked,
 * as on hardware. Reserved bits are dropped on writes; an access to a
 * reserved register offset reads 0, is dropped and logs "illegal register
 * address" in the ESR (SDM 10.5.3); a vector below 16 is refused with
 * "send/receive illegal vector".
 */
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/string.h>
#include <asm/apicdef.h>
#include <asm/msr-index.h>

#include "vmx_lapic.h"

#define LVT_TIMER_MODE		(3U << 17)
#define LVT_TIMER_RESERVED	(3U << 17)
#define ICR_LO_BITS		0x000ccfffU	/* all but delivery status and reserved */
#define SVR_BITS		(0xffU | APIC_SPIV_APIC_ENABLED | APIC_SPIV_FOCUS_DISABLED)
#define DFR_BITS		0xf0000000U
#define TDCR_BITS		0xbU
#define APIC_BASE_ADDR_MASK(bits)	(GENMASK_ULL((bits) - 1, 12))

/* Bits software may write, per LVT entry (delivery status, remote IRR: no). */
static const u32 lvt_bits[PV_VMX_LAPIC_LVTS] = {
	[PV_VMX_LVT_TIMER] = LVT_TIMER_MODE | APIC_LVT_MASKED | APIC_VECTOR_MASK,
	[PV_VMX_LVT_THERMAL] = APIC_LVT_MASKED | APIC_MODE_MASK | APIC_VECTOR_MASK,
	[PV_VMX_LVT_PERF] = APIC_LVT_MASKED | APIC_MODE_MASK | APIC_VECTOR_MASK,
	[PV_VMX_LVT_LINT0] = APIC_LVT_MASKED | APIC_LVT_LEVEL_TRIGGER | APIC_INPUT_POLARITY |
			     APIC_MODE_MASK | APIC_VECTOR_MASK,
	[PV_VMX_LVT_LINT1] = APIC_LVT_MASKED | APIC_LVT_LEVEL_TRIGGER | APIC_INPUT_POLARITY |
			     APIC_MODE_MASK | APIC_VECTOR_MASK,
	[PV_VMX_LVT_ERROR] = APIC_LVT_MASKED | APIC_VECTOR_MASK,
};

static bool sw_enabled(const struct pv_vmx_lapic *l)
{
	return l->svr & APIC_SPIV_APIC_ENABLED;
}

/**
 * pv_vmx_lapic_enabled() - is the APIC enabled in IA32_APIC_BASE?
 * @l: the APIC
 *
 * Return: true if globally enabled (it may still be software-disabled).
 */
bool pv_vmx_lapic_enabled(const struct pv_vmx_lapic *l)
{
	return l->apic_base & MSR_IA32_APICBASE_ENABLE;
}

/**
 * pv_vmx_lapic_reset() - the APIC at power-up (SDM 10.4.7.1)
 * @l: the APIC
 * @apic_id: its ID
 * @bsp: it is the bootstrap processor's (IA32_APIC_BASE bit 8)
 * @tsc_per_tick: TSC ticks per timer input clock tick (0 is taken as 1)
 * @min_period: the shortest period of a periodic timer, in TSC ticks
 *
 * Enabled at 0xfee00000, software-disabled, every LVT entry masked, DFR
 * flat, nothing pending or in service, the timer stopped.
 */
void pv_vmx_lapic_reset(struct pv_vmx_lapic *l, u8 apic_id, bool bsp, u32 tsc_per_tick,
			u64 min_period)
{
	unsigned int i;

	memset(l, 0, sizeof(*l));
	l->id = (u32)apic_id << 24;
	l->dfr = APIC_DFR_FLAT;
	l->svr = 0xff;
	for (i = 0; i < PV_VMX_LAPIC_LVTS; i++)
		l->lvt[i] = APIC_LVT_MASKED;
	l->tsc_per_tick = tsc_per_tick ?: 1;
	l->min_period = min_period;
	l->apic_base = PV_VMX_LAPIC_BASE | MSR_IA32_APICBASE_ENABLE |
		       (bsp ? MSR_IA32_APICBASE_BSP : 0);
}

static int highest(const unsigned long *set)
{
	unsigned long v = find_last_bit(set, 256);

	return v < 256 ? (int)v : -1;
}

static u32 word32(const unsigned long *set, unsigned int i)
{
	return (u32)(set[i * 32 / BITS_PER_LONG] >> (i * 32 % BITS_PER_LONG));
}

/* Log errors; an unmasked error LVT entry interrupts (SDM 10.5.3). */
static void log_error(struct pv_vmx_lapic *l, u32 bits)
{
	u32 lvt = l->lvt[PV_VMX_LVT_ERROR];

	l->esr_pending |= bits;
	if (lvt & APIC_LVT_MASKED)
		return;
	if ((lvt & APIC_VECTOR_MASK) < 16)
		l->esr_pending |= APIC_ESR_RECVILL;	/* and no second error interrupt */
	else if (sw_enabled(l))
		set_bit(lvt & APIC_VECTOR_MASK, l->irr);
}

/**
 * pv_vmx_lapic_accept() - a fixed interrupt arrives (IPI, LVT entry)
 * @l: the receiving APIC
 * @vector: its vector
 * @level: level-triggered (TMR bit set), else edge (TMR bit cleared)
 *
 * A disabled APIC drops it (a software-disabled one accepts only NMI,
 * INIT and SIPI, SDM 10.4.7.2); a vector below 16 logs "receive illegal
 * vector". A vector already requested stays one request.
 *
 * Return: true if it is now in the IRR.
 */
bool pv_vmx_lapic_accept(struct pv_vmx_lapic *l, unsigned int vector, bool level)
{
	if (!pv_vmx_lapic_enabled(l) || !sw_enabled(l) || vector > 255)
		return false;
	if (vector < 16) {
		log_error(l, APIC_ESR_RECVILL);
		return false;
	}
	set_bit(vector, l->irr);
	if (level)
		set_bit(vector, l->tmr);
	else
		clear_bit(vector, l->tmr);
	return true;
}

/**
 * pv_vmx_lapic_ppr() - the processor priority (SDM 10.8.3.1)
 * @l: the APIC
 *
 * Return: TPR if its class is at least the highest in-service vector's,
 * else that vector's class.
 */
u8 pv_vmx_lapic_ppr(const struct pv_vmx_lapic *l)
{
	int isrv = highest(l->isr);
	u32 isr_class = isrv < 0 ? 0 : isrv & 0xf0;

	return (l->tpr & 0xf0) >= isr_class ? l->tpr : isr_class;
}

/* Arbitration priority, as the SDM defines it for P6-family APICs. */
static u32 apr(const struct pv_vmx_lapic *l)
{
	int irrv = highest(l->irr), isrv = highest(l->isr);
	u32 tpc = l->tpr & 0xf0, irc = irrv < 0 ? 0 : irrv & 0xf0, isc = isrv < 0 ? 0 : isrv & 0xf0;

	if (tpc >= irc && tpc > isc)
		return l->tpr;
	return max3(tpc, irc, isc);
}

/**
 * pv_vmx_lapic_pending() - the interrupt to deliver next
 * @l: the APIC
 *
 * Return: the highest requested vector if its priority class is above
 * the PPR's, else -1 (also when the APIC is globally disabled).
 */
int pv_vmx_lapic_pending(const struct pv_vmx_lapic *l)
{
	int irrv = highest(l->irr);

	if (!pv_vmx_lapic_enabled(l) || irrv < 0)
		return -1;
	return (irrv & 0xf0) > (pv_vmx_lapic_ppr(l) & 0xf0) ? irrv : -1;
}

/**
 * pv_vmx_lapic_ack() - the CPU takes @vector (injected): IRR to ISR
 * @l: the APIC
 * @vector: a vector pv_vmx_lapic_pending() returned
 */
void pv_vmx_lapic_ack(struct pv_vmx_lapic *l, unsigned int vector)
{
	clear_bit(vector & 0xff, l->irr);
	set_bit(vector & 0xff, l->isr);
}

static void eoi(struct pv_vmx_lapic *l)
{
	int isrv = highest(l->isr);

	/* No I/O APIC: a level-triggered EOI has nobody to broadcast to. */
	if (isrv >= 0)
		clear_bit(isrv, l->isr);
}

/**
 * pv_vmx_lapic_set_tpr() - MOV to CR8 (TPR bits 7:4) or a TPR write
 * @l: the APIC
 * @tpr: the new TPR (bits above 7 are dropped)
 */
void pv_vmx_lapic_set_tpr(struct pv_vmx_lapic *l, u32 tpr)
{
	l->tpr = tpr & APIC_TPRI_MASK;
}

/* ---- the timer ---- */

static u32 timer_mode(const struct pv_vmx_lapic *l)
{
	return l->lvt[PV_VMX_LVT_TIMER] & LVT_TIMER_MODE;
}

/* log2 of the divider: DCR bits 3, 1:0 = 0..6 divide by 2..128, 7 by 1. */
static unsigned int div_shift(u32 dcr)
{
	return (((dcr & 3) | ((dcr >> 1) & 4)) + 1) & 7;
}

static u64 tick_len(const struct pv_vmx_lapic *l, u32 dcr)
{
	return (u64)l->tsc_per_tick << div_shift(dcr);
}

static u64 period(const struct pv_vmx_lapic *l)
{
	u64 p = l->timer_initial * tick_len(l, l->timer_dcr);

	if (timer_mode(l) == APIC_LVT_TIMER_PERIODIC)
		p = max(p, l->min_period);
	return p;
}

static void timer_fire(struct pv_vmx_lapic *l)
{
	u32 lvt = l->lvt[PV_VMX_LVT_TIMER];

	if (lvt & APIC_LVT_MASKED)
		return;
	l->fired++;
	pv_vmx_lapic_accept(l, lvt & APIC_VECTOR_MASK, false);
}

/**
 * pv_vmx_lapic_timer_poll() - let the timer catch up with @now
 * @l: the APIC
 * @now: the VP's TSC
 *
 * An expiry raises the timer's vector unless the LVT entry is masked;
 * a periodic timer re-arms for the first period that ends after @now
 * (periods missed meanwhile collapse into one request, as the IRR bit
 * would); a one-shot count stops; a TSC deadline is disarmed.
 *
 * Return: true if the timer expired.
 */
bool pv_vmx_lapic_timer_poll(struct pv_vmx_lapic *l, u64 now)
{
	u64 p, elapsed;

	switch (timer_mode(l)) {
	case APIC_LVT_TIMER_TSCDEADLINE:
		if (!l->timer_deadline || now < l->timer_deadline)
			return false;
		l->timer_deadline = 0;
		timer_fire(l);
		return true;
	case APIC_LVT_TIMER_ONESHOT:
	case APIC_LVT_TIMER_PERIODIC:
		if (!l->timer_running)
			return false;
		p = period(l);
		elapsed = now > l->timer_base ? now - l->timer_base : 0;
		if (elapsed < p)
			return false;
		if (timer_mode(l) == APIC_LVT_TIMER_PERIODIC)
			l->timer_base += div64_u64(elapsed, p) * p;
		else
			l->timer_running = false;
		timer_fire(l);
		return true;
	}
	return false;
}

/**
 * pv_vmx_lapic_timer_next() - when the timer wants to interrupt next
 * @l: the APIC, polled
 *
 * Return: the TSC of the next expiry, or 0 if none would interrupt (no
 * timer armed, or its LVT entry masked).
 */
u64 pv_vmx_lapic_timer_next(const struct pv_vmx_lapic *l)
{
	if (l->lvt[PV_VMX_LVT_TIMER] & APIC_LVT_MASKED)
		return 0;
	switch (timer_mode(l)) {
	case APIC_LVT_TIMER_TSCDEADLINE:
		return l->timer_deadline;
	case APIC_LVT_TIMER_ONESHOT:
	case APIC_LVT_TIMER_PERIODIC:
		return l->timer_running ? l->timer_base + period(l) : 0;
	}
	return 0;
}

static u32 current_count(const struct pv_vmx_lapic *l, u64 now)
{
	u64 ticks;

	if (!l->timer_running || (timer_mode(l) != APIC_LVT_TIMER_ONESHOT &&
				  timer_mode(l) != APIC_LVT_TIMER_PERIODIC))
		return 0;
	ticks = div64_u64(now > l->timer_base ? now - l->timer_base : 0,
			  tick_len(l, l->timer_dcr));
	return ticks >= l->timer_initial ? 0 : l->timer_initial - (u32)ticks;
}

static void write_initial(struct pv_vmx_lapic *l, u32 value, u64 now)
{
	/* Ignored in TSC-deadline mode (SDM 10.5.4.1), and in the reserved one. */
	if (timer_mode(l) != APIC_LVT_TIMER_ONESHOT && timer_mode(l) != APIC_LVT_TIMER_PERIODIC)
		return;
	l->timer_initial = value;
	l->timer_base = now;
	l->timer_running = value != 0;
}

/* A new divider counts on from the ticks counted so far. */
static void write_dcr(struct pv_vmx_lapic *l, u32 value, u64 now)
{
	u64 ticks;

	value &= TDCR_BITS;
	if (l->timer_running) {
		ticks = div64_u64(now > l->timer_base ? now - l->timer_base : 0,
				  tick_len(l, l->timer_dcr));
		l->timer_base = now - ticks * tick_len(l, value);
	}
	l->timer_dcr = value;
}

static void write_lvt(struct pv_vmx_lapic *l, unsigned int i, u32 value)
{
	value &= lvt_bits[i];
	if (!sw_enabled(l))
		value |= APIC_LVT_MASKED;
	if (i == PV_VMX_LVT_TIMER && ((value ^ l->lvt[i]) & LVT_TIMER_MODE)) {
		/* A change between TSC-deadline and count modes disarms the timer. */
		l->timer_running = false;
		l->timer_deadline = 0;
	}
	l->lvt[i] = value;
}

/**
 * pv_vmx_lapic_get_deadline() - RDMSR IA32_TSC_DEADLINE
 * @l: the APIC
 *
 * Return: the armed deadline in TSC-deadline mode, else 0.
 */
u64 pv_vmx_lapic_get_deadline(const struct pv_vmx_lapic *l)
{
	return timer_mode(l) == APIC_LVT_TIMER_TSCDEADLINE ? l->timer_deadline : 0;
}

/**
 * pv_vmx_lapic_set_deadline() - WRMSR IA32_TSC_DEADLINE
 * @l: the APIC
 * @deadline: the TSC value; 0 disarms
 * @now: the VP's TSC (a deadline already passed expires at once)
 *
 * Ignored unless the timer is in TSC-deadline mode (SDM 10.5.4.1).
 */
void pv_vmx_lapic_set_deadline(struct pv_vmx_lapic *l, u64 deadline, u64 now)
{
	if (timer_mode(l) != APIC_LVT_TIMER_TSCDEADLINE || !pv_vmx_lapic_enabled(l))
		return;
	l->timer_deadline = deadline;
	pv_vmx_lapic_timer_poll(l, now);
}

/* ---- register access ---- */

/* An ICR low write: what to send, if anything (SDM 10.6.1, Table 10-3). */
static bool decode_icr(struct pv_vmx_lapic *l, struct pv_vmx_lapic_ipi *ipi)
{
	u32 v = l->icr_lo;

	memset(ipi, 0, sizeof(*ipi));
	ipi->vector = v & APIC_VECTOR_MASK;
	ipi->shorthand = (v >> 18) & 3;
	ipi->logical = v & APIC_DEST_LOGICAL;
	ipi->level = v & APIC_INT_LEVELTRIG;
	ipi->dest = l->icr_hi >> 24;
	switch (v & APIC_DM_FIXED_MASK) {
	case APIC_DM_FIXED:
		ipi->kind = PV_VMX_IPI_FIXED;
		break;
	case APIC_DM_LOWEST:
		ipi->kind = PV_VMX_IPI_LOWEST;
		break;
	case APIC_DM_NMI:
		ipi->kind = PV_VMX_IPI_NMI;
		break;
	case APIC_DM_INIT:
		/* INIT level de-assert: a no-op since the Pentium 4. */
		if ((v & APIC_INT_LEVELTRIG) && !(v & APIC_INT_ASSERT))
			return false;
		ipi->kind = PV_VMX_IPI_INIT;
		break;
	case APIC_DM_STARTUP:
		ipi->kind = PV_VMX_IPI_SIPI;
		break;
	default:
		/* SMI (no SMM here), remote read, ExtINT: reserved for IPIs. */
		return false;
	}
	/* Only fixed interrupts may go to "self". */
	if (ipi->shorthand == PV_VMX_IPI_SELF && ipi->kind != PV_VMX_IPI_FIXED)
		return false;
	if ((ipi->kind == PV_VMX_IPI_FIXED || ipi->kind == PV_VMX_IPI_LOWEST) &&
	    ipi->vector < 16) {
		log_error(l, APIC_ESR_SENDILL);
		return false;
	}
	return true;
}

/**
 * pv_vmx_lapic_read() - a 32-bit read of the APIC page
 * @l: the APIC
 * @offset: the offset in the page (0..0xfff)
 * @now: the VP's TSC
 * @value: set to the value (0 for reserved offsets; all-ones while the
 *	APIC is globally disabled: nothing answers then)
 *
 * Return: true if @offset is an APIC register.
 */
bool pv_vmx_lapic_read(struct pv_vmx_lapic *l, u32 offset, u64 now, u32 *value)
{
	u32 v = 0;

	if (!pv_vmx_lapic_enabled(l)) {
		*value = U32_MAX;
		return false;
	}
	pv_vmx_lapic_timer_poll(l, now);
	if (offset & 0xf)
		goto illegal;
	switch (offset) {
	case APIC_ID:
		v = l->id;
		break;
	case APIC_LVR:
		v = PV_VMX_LAPIC_VERSION;
		break;
	case APIC_TASKPRI:
		v = l->tpr;
		break;
	case APIC_ARBPRI:
		v = apr(l);
		break;
	case APIC_PROCPRI:
		v = pv_vmx_lapic_ppr(l);
		break;
	case APIC_EOI:
	case APIC_RRR:
		break;
	case APIC_LDR:
		v = l->ldr;
		break;
	case APIC_DFR:
		v = l->dfr | ~DFR_BITS;
		break;
	case APIC_SPIV:
		v = l->svr;
		break;
	case APIC_ISR ... APIC_ISR + 0x70:
		v = word32(l->isr, (offset - APIC_ISR) >> 4);
		break;
	case APIC_TMR ... APIC_TMR + 0x70:
		v = word32(l->tmr, (offset - APIC_TMR) >> 4);
		break;
	case APIC_IRR ... APIC_IRR + 0x70:
		v = word32(l->irr, (offset - APIC_IRR) >> 4);
		break;
	case APIC_ESR:
		v = l->esr;
		break;
	case APIC_ICR:
		v = l->icr_lo;
		break;
	case APIC_ICR2:
		v = l->icr_hi;
		break;
	case APIC_LVTT ... APIC_LVTERR:
		v = l->lvt[(offset - APIC_LVTT) >> 4];
		break;
	case APIC_TMICT:
		v = l->timer_initial;
		break;
	case APIC_TMCCT:
		v = current_count(l, now);
		break;
	case APIC_TDCR:
		v = l->timer_dcr;
		break;
	default:
		goto illegal;
	}
	*value = v;
	return true;

illegal:
	log_error(l, APIC_ESR_ILLREGA);
	*value = 0;
	return false;
}

/**
 * pv_vmx_lapic_write() - a 32-bit write to the APIC page
 * @l: the APIC
 * @offset: the offset in the page (0..0xfff)
 * @value: the value; reserved bits are dropped
 * @now: the VP's TSC
 * @ipi: filled in when the write sends an interrupt
 *
 * Read-only registers ignore writes; reserved offsets log "illegal
 * register address". Software-disabling the APIC (SVR bit 8) masks every
 * LVT entry, and entries cannot be unmasked while it stays disabled.
 *
 * Return: true if @ipi is an interrupt the caller must deliver.
 */
bool pv_vmx_lapic_write(struct pv_vmx_lapic *l, u32 offset, u32 value, u64 now,
			struct pv_vmx_lapic_ipi *ipi)
{
	unsigned int i;

	if (!pv_vmx_lapic_enabled(l))
		return false;
	pv_vmx_lapic_timer_poll(l, now);
	if (offset & 0xf)
		goto illegal;
	switch (offset) {
	case APIC_ID:
		l->id = value & 0xff000000U;
		break;
	case APIC_TASKPRI:
		pv_vmx_lapic_set_tpr(l, value);
		break;
	case APIC_EOI:
		eoi(l);
		break;
	case APIC_LDR:
		l->ldr = value & APIC_LDR_MASK;
		break;
	case APIC_DFR:
		l->dfr = (value & DFR_BITS) | ~DFR_BITS;
		break;
	case APIC_SPIV:
		l->svr = value & SVR_BITS;
		if (!sw_enabled(l))
			for (i = 0; i < PV_VMX_LAPIC_LVTS; i++)
				l->lvt[i] |= APIC_LVT_MASKED;
		break;
	case APIC_ESR:
		l->esr = l->esr_pending;
		l->esr_pending = 0;
		break;
	case APIC_ICR:
		l->icr_lo = value & ICR_LO_BITS;
		return decode_icr(l, ipi);
	case APIC_ICR2:
		l->icr_hi = value & 0xff000000U;
		break;
	case APIC_LVTT ... APIC_LVTERR:
		write_lvt(l, (offset - APIC_LVTT) >> 4, value);
		break;
	case APIC_TMICT:
		write_initial(l, value, now);
		break;
	case APIC_TDCR:
		write_dcr(l, value, now);
		break;
	case APIC_LVR:
	case APIC_ARBPRI:
	case APIC_PROCPRI:
	case APIC_RRR:
	case APIC_ISR ... APIC_ISR + 0x70:
	case APIC_TMR ... APIC_TMR + 0x70:
	case APIC_IRR ... APIC_IRR + 0x70:
	case APIC_TMCCT:
		break;		/* read-only */
	default:
		goto illegal;
	}
	return false;

illegal:
	log_error(l, APIC_ESR_ILLREGA);
	return false;
}

/**
 * pv_vmx_lapic_init_signal() - an INIT (IPI) arrives
 * @l: the APIC
 *
 * As power-up, but the ID and IA32_APIC_BASE stay (SDM 10.4.7.3).
 */
void pv_vmx_lapic_init_signal(struct pv_vmx_lapic *l)
{
	u64 base = l->apic_base;

	pv_vmx_lapic_reset(l, l->id >> 24, false, l->tsc_per_tick, l->min_period);
	l->apic_base = base;
}

/**
 * pv_vmx_lapic_set_base() - WRMSR IA32_APIC_BASE
 * @l: the APIC
 * @value: the value written
 * @phys_bits: the CPU's physical-address width
 *
 * The base stays at 0xfee00000 (no relocation); x2APIC mode does not
 * exist here (CPUID says so), so setting bit 10 is a reserved-bit write.
 * Clearing the enable bit resets the APIC to its power-up state and
 * keeps it off the bus until it is enabled again (SDM 10.4.3).
 *
 * Return: 0, or -EINVAL for #GP (reserved bits, x2APIC, another base).
 */
int pv_vmx_lapic_set_base(struct pv_vmx_lapic *l, u64 value, unsigned int phys_bits)
{
	u64 allowed = APIC_BASE_ADDR_MASK(phys_bits) | MSR_IA32_APICBASE_ENABLE |
		      MSR_IA32_APICBASE_BSP;

	if ((value & ~allowed) || (value & APIC_BASE_ADDR_MASK(phys_bits)) != PV_VMX_LAPIC_BASE)
		return -EINVAL;
	if (!(value & MSR_IA32_APICBASE_ENABLE) && pv_vmx_lapic_enabled(l))
		pv_vmx_lapic_reset(l, l->id >> 24, false, l->tsc_per_tick, l->min_period);
	l->apic_base = value;
	return 0;
}

/**
 * pv_vmx_lapic_match() - is @l a destination of an IPI?
 * @l: a possible target (possibly another VP's: read as it is)
 * @dest: the ICR destination field
 * @logical: logical destination mode
 *
 * Physical: its APIC ID or 0xff (all). Logical: flat model (DFR 0xf),
 * a bit of the 8-bit mask in its LDR; cluster model (DFR 0x0), the
 * cluster in bits 7:4 and a bit of the mask in 3:0; 0xff is everyone.
 *
 * Return: true if it is one.
 */
bool pv_vmx_lapic_match(const struct pv_vmx_lapic *l, u8 dest, bool logical)
{
	u32 ldr = READ_ONCE(l->ldr) >> 24, dfr = READ_ONCE(l->dfr) >> 28;

	if (!(READ_ONCE(l->apic_base) & MSR_IA32_APICBASE_ENABLE))
		return false;
	if (dest == 0xff)
		return true;
	if (!logical)
		return dest == READ_ONCE(l->id) >> 24;
	if (dfr == 0xf)
		return ldr & dest;
	if (dfr == 0)
		return (ldr & 0xf0) == (dest & 0xf0) && (ldr & dest & 0xf);
	return false;
}

/**
 * pv_vmx_lapic_post() - another VP sends @l a fixed interrupt
 * @l: the target APIC (its VP may run on another CPU)
 * @vector: 16..255
 *
 * The target's CPU folds it into the IRR with pv_vmx_lapic_sync() before
 * its next VM entry; the sender makes that entry happen (a kick).
 */
void pv_vmx_lapic_post(struct pv_vmx_lapic *l, unsigned int vector)
{
	set_bit(vector & 0xff, l->post);
}

/**
 * pv_vmx_lapic_post_event() - another VP sends @l an NMI, INIT or SIPI
 * @l: the target APIC
 * @event: PV_VMX_LAPIC_POST_*
 * @sipi_vector: for a SIPI, the start page
 */
void pv_vmx_lapic_post_event(struct pv_vmx_lapic *l, unsigned int event, u8 sipi_vector)
{
	if (event == PV_VMX_LAPIC_POST_SIPI) {
		WRITE_ONCE(l->sipi_vector, sipi_vector);
		smp_mb__before_atomic();	/* the vector before the flag */
	}
	set_bit(event, &l->post_flags);
}

/**
 * pv_vmx_lapic_sync() - take what other VPs posted (the VP's own CPU)
 * @l: the APIC
 *
 * Posted vectors go into the IRR (edge-triggered).
 *
 * Return: the PV_VMX_LAPIC_POST_* events posted since the last call.
 */
unsigned long pv_vmx_lapic_sync(struct pv_vmx_lapic *l)
{
	unsigned long bits;
	unsigned int i, b;

	for (i = 0; i < ARRAY_SIZE(l->post); i++) {
		if (!READ_ONCE(l->post[i]))
			continue;
		bits = xchg(&l->post[i], 0);
		for_each_set_bit(b, &bits, BITS_PER_LONG)
			pv_vmx_lapic_accept(l, i * BITS_PER_LONG + b, false);
	}
	return READ_ONCE(l->post_flags) ? xchg(&l->post_flags, 0) : 0;
}
