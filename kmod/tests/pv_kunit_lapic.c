// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_lapic: the child VPs' local APIC model
 * (vmx/vmx_lapic.c): priorities and PPR, EOI order, the timer in its
 * three modes and with every divider, ICR decode of each delivery mode and
 * shorthand, software disable, APIC_BASE, reserved bits and offsets;
 * and the decoder of the MOV instructions that reach the APIC page
 * (vmx/vmx_mmio.c), with garbage.
 */
#include <kunit/test.h>
#include <asm/apicdef.h>
#include <asm/msr-index.h>

#include "../vmx/vmx_lapic.c"
#include "../vmx/vmx_mmio.c"

#define T0	1000000ULL	/* a TSC value to start from */

static void setup(struct pv_vmx_lapic *l)
{
	struct pv_vmx_lapic_ipi ipi;

	pv_vmx_lapic_reset(l, 0, true, 1, 0);
	pv_vmx_lapic_write(l, APIC_SPIV, APIC_SPIV_APIC_ENABLED | 0xff, T0, &ipi);
}

static u32 rd(struct pv_vmx_lapic *l, u32 offset, u64 now)
{
	u32 v = 0xdeadbeef;

	pv_vmx_lapic_read(l, offset, now, &v);
	return v;
}

static void wr(struct pv_vmx_lapic *l, u32 offset, u32 value, u64 now)
{
	struct pv_vmx_lapic_ipi ipi;

	pv_vmx_lapic_write(l, offset, value, now, &ipi);
}

static void reset_state(struct kunit *test)
{
	struct pv_vmx_lapic l;
	unsigned int i;

	pv_vmx_lapic_reset(&l, 3, false, 1, 0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ID, 0), 3U << 24);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LVR, 0), 0x50014U);
	KUNIT_EXPECT_EQ(test, GET_APIC_MAXLVT(rd(&l, APIC_LVR, 0)), 5U);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_SPIV, 0), 0xffU);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_DFR, 0), 0xffffffffU);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LDR, 0), 0U);
	for (i = APIC_LVTT; i <= APIC_LVTERR; i += 0x10)
		KUNIT_EXPECT_EQ(test, rd(&l, i, 0), (u32)APIC_LVT_MASKED);
	KUNIT_EXPECT_EQ(test, l.apic_base, 0xfee00000ULL | MSR_IA32_APICBASE_ENABLE);
	pv_vmx_lapic_reset(&l, 0, true, 1, 0);
	KUNIT_EXPECT_EQ(test, l.apic_base,
			0xfee00000ULL | MSR_IA32_APICBASE_ENABLE | MSR_IA32_APICBASE_BSP);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);
}

static void priority_and_ppr(struct kunit *test)
{
	struct pv_vmx_lapic l;

	setup(&l);
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_accept(&l, 0x41, false));
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_accept(&l, 0x35, false));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0x41);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_IRR + 0x20, 0), BIT(1));
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_IRR + 0x10, 0), BIT(0x35 - 32));
	/* TPR of the same class masks it; a lower one lets it through. */
	wr(&l, APIC_TASKPRI, 0x40, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_PROCPRI, T0), 0x40U);
	wr(&l, APIC_TASKPRI, 0x3f, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0x41);
	wr(&l, APIC_TASKPRI, 0, T0);
	pv_vmx_lapic_ack(&l, 0x41);
	/* In service 0x41: PPR is its class, 0x35 waits, a higher class passes. */
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_PROCPRI, T0), 0x40U);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_accept(&l, 0x4f, false));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);	/* same class */
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_accept(&l, 0x50, false));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0x50);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ISR + 0x20, T0), BIT(1));
	/* PPR keeps TPR's low bits when TPR wins. */
	wr(&l, APIC_TASKPRI, 0x57, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_PROCPRI, T0), 0x57U);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);
	/* CR8 is TPR bits 7:4. */
	pv_vmx_lapic_set_tpr(&l, 0x1ff);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TASKPRI, T0), 0xffU);
	/* Arbitration priority: the highest class of TPR, ISR, IRR. */
	wr(&l, APIC_TASKPRI, 0x20, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ARBPRI, T0), 0x50U);
}

static void eoi_order(struct kunit *test)
{
	struct pv_vmx_lapic l;
	int v;

	setup(&l);
	pv_vmx_lapic_accept(&l, 0x30, false);
	pv_vmx_lapic_ack(&l, pv_vmx_lapic_pending(&l));
	pv_vmx_lapic_accept(&l, 0x80, false);
	pv_vmx_lapic_accept(&l, 0x60, true);
	v = pv_vmx_lapic_pending(&l);
	KUNIT_ASSERT_EQ(test, v, 0x80);
	pv_vmx_lapic_ack(&l, v);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);	/* 0x60 below 0x80 */
	/* EOI ends the highest in service first: 0x80, then 0x60 can come. */
	wr(&l, APIC_EOI, 0, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ISR + 0x40, T0), 0U);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ISR + 0x10, T0), BIT(16));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0x60);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TMR + 0x30, T0), BIT(0));	/* level */
	pv_vmx_lapic_ack(&l, 0x60);
	wr(&l, APIC_EOI, 0, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ISR + 0x30, T0), 0U);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ISR + 0x10, T0), BIT(16));
	wr(&l, APIC_EOI, 0, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ISR + 0x10, T0), 0U);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_PROCPRI, T0), 0U);
	/* EOI with nothing in service changes nothing. */
	wr(&l, APIC_EOI, 0, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);
	/* A request already pending stays one. */
	pv_vmx_lapic_accept(&l, 0x90, false);
	pv_vmx_lapic_accept(&l, 0x90, false);
	pv_vmx_lapic_ack(&l, 0x90);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);
}

static void timer_oneshot(struct kunit *test)
{
	struct pv_vmx_lapic l;

	setup(&l);
	wr(&l, APIC_TDCR, APIC_TDR_DIV_1, T0);
	wr(&l, APIC_LVTT, 0x40, T0);
	wr(&l, APIC_TMICT, 1000, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_timer_next(&l), T0 + 1000);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TMCCT, T0 + 300), 700U);
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_timer_poll(&l, T0 + 999));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_timer_poll(&l, T0 + 1000));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0x40);
	/* Once: nothing more, the count reads 0. */
	pv_vmx_lapic_ack(&l, 0x40);
	wr(&l, APIC_EOI, 0, T0 + 1001);
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_timer_poll(&l, T0 + 100000));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TMCCT, T0 + 100000), 0U);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_timer_next(&l), 0ULL);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TMICT, T0), 1000U);
	KUNIT_EXPECT_EQ(test, l.fired, 1ULL);
	/* Initial count 0 stops the timer. */
	wr(&l, APIC_TMICT, 10, T0);
	wr(&l, APIC_TMICT, 0, T0 + 1);
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_timer_poll(&l, T0 + 1000));
}

static void timer_periodic(struct kunit *test)
{
	struct pv_vmx_lapic l;

	setup(&l);
	wr(&l, APIC_TDCR, APIC_TDR_DIV_1, T0);
	wr(&l, APIC_LVTT, APIC_LVT_TIMER_PERIODIC | 0x41, T0);
	wr(&l, APIC_TMICT, 100, T0);
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_timer_poll(&l, T0 + 100));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0x41);
	pv_vmx_lapic_ack(&l, 0x41);
	wr(&l, APIC_EOI, 0, T0 + 110);
	/* Re-armed: the count reloads and the next period fires again. */
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TMCCT, T0 + 110), 90U);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_timer_next(&l), T0 + 200);
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_timer_poll(&l, T0 + 200));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0x41);
	/* Missed periods are one request, the next expiry lies ahead. */
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_timer_poll(&l, T0 + 1050));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_timer_next(&l), T0 + 1100);
	KUNIT_EXPECT_EQ(test, l.fired, 3ULL);
	/* A minimum period bounds a timer storm. */
	pv_vmx_lapic_reset(&l, 0, true, 1, 5000);
	wr(&l, APIC_SPIV, APIC_SPIV_APIC_ENABLED, T0);
	wr(&l, APIC_TDCR, APIC_TDR_DIV_1, T0);
	wr(&l, APIC_LVTT, APIC_LVT_TIMER_PERIODIC | 0x41, T0);
	wr(&l, APIC_TMICT, 1, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_timer_next(&l), T0 + 5000);
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_timer_poll(&l, T0 + 10));
}

static void timer_masked(struct kunit *test)
{
	struct pv_vmx_lapic l;

	setup(&l);
	wr(&l, APIC_TDCR, APIC_TDR_DIV_1, T0);
	wr(&l, APIC_LVTT, APIC_LVT_MASKED | 0x40, T0);
	wr(&l, APIC_TMICT, 100, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_timer_next(&l), 0ULL);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TMCCT, T0 + 40), 60U);	/* counts on */
	/* Expired while masked: unmasking later raises nothing. */
	wr(&l, APIC_LVTT, 0x40, T0 + 200);
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_timer_poll(&l, T0 + 300));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);
	KUNIT_EXPECT_EQ(test, l.fired, 0ULL);
}

static void timer_deadline(struct kunit *test)
{
	struct pv_vmx_lapic l;

	setup(&l);
	/* Not in TSC-deadline mode: the MSR ignores writes and reads 0. */
	pv_vmx_lapic_set_deadline(&l, T0 + 10, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_get_deadline(&l), 0ULL);
	wr(&l, APIC_LVTT, APIC_LVT_TIMER_TSCDEADLINE | 0xef, T0);
	pv_vmx_lapic_set_deadline(&l, T0 + 500, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_get_deadline(&l), T0 + 500);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_timer_next(&l), T0 + 500);
	/* The initial count is ignored in this mode, the current count is 0. */
	wr(&l, APIC_TMICT, 5, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TMICT, T0), 0U);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TMCCT, T0), 0U);
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_timer_poll(&l, T0 + 499));
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_timer_poll(&l, T0 + 500));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0xef);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_get_deadline(&l), 0ULL);	/* disarmed */
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_timer_poll(&l, T0 + 5000));
	/* A deadline in the past fires at once; 0 disarms. */
	pv_vmx_lapic_ack(&l, 0xef);
	wr(&l, APIC_EOI, 0, T0);
	pv_vmx_lapic_set_deadline(&l, 1, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0xef);
	pv_vmx_lapic_set_deadline(&l, T0 + 10, T0);
	pv_vmx_lapic_set_deadline(&l, 0, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_timer_next(&l), 0ULL);
	/* Leaving TSC-deadline mode disarms. */
	pv_vmx_lapic_set_deadline(&l, T0 + 10, T0);
	wr(&l, APIC_LVTT, 0xef, T0);
	wr(&l, APIC_LVTT, APIC_LVT_TIMER_TSCDEADLINE | 0xef, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_get_deadline(&l), 0ULL);
	/* The reserved mode 3 does not count. */
	wr(&l, APIC_LVTT, (3U << 17) | 0xef, T0);
	wr(&l, APIC_TMICT, 5, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_timer_next(&l), 0ULL);
}

static void timer_divide(struct kunit *test)
{
	static const struct { u32 dcr, div; } d[] = {
		{ APIC_TDR_DIV_1, 1 }, { APIC_TDR_DIV_2, 2 }, { APIC_TDR_DIV_4, 4 },
		{ APIC_TDR_DIV_8, 8 }, { APIC_TDR_DIV_16, 16 }, { APIC_TDR_DIV_32, 32 },
		{ APIC_TDR_DIV_64, 64 }, { APIC_TDR_DIV_128, 128 },
	};
	struct pv_vmx_lapic l;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(d); i++) {
		/* 3 TSC ticks per input clock tick. */
		pv_vmx_lapic_reset(&l, 0, true, 3, 0);
		wr(&l, APIC_SPIV, APIC_SPIV_APIC_ENABLED, T0);
		wr(&l, APIC_TDCR, d[i].dcr | 0xf0, T0);	/* reserved bits dropped */
		KUNIT_EXPECT_EQ(test, rd(&l, APIC_TDCR, T0), d[i].dcr);
		wr(&l, APIC_LVTT, 0x40, T0);
		wr(&l, APIC_TMICT, 10, T0);
		KUNIT_EXPECT_EQ_MSG(test, pv_vmx_lapic_timer_next(&l), T0 + 30ULL * d[i].div,
				    "divide by %u", d[i].div);
		KUNIT_EXPECT_EQ(test, rd(&l, APIC_TMCCT, T0 + 3 * d[i].div), 9U);
	}
	/* A new divider counts on from where the count is. */
	wr(&l, APIC_TDCR, APIC_TDR_DIV_1, T0 + 3 * 128 * 4);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TMCCT, T0 + 3 * 128 * 4), 6U);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TMCCT, T0 + 3 * 128 * 4 + 3), 5U);
}

/* What an ICR write decodes to: each delivery mode and shorthand. */
struct icr_case {
	const char *what;
	u32 hi, lo;
	bool sent;
	u8 kind, shorthand, vector, dest;
	bool logical;
};

static const struct icr_case icr_cases[] = {
	{ "fixed physical", 1 << 24, 0x4031, true, PV_VMX_IPI_FIXED, PV_VMX_IPI_DEST, 0x31, 1 },
	{ "fixed logical", 3 << 24, APIC_DEST_LOGICAL | 0x4032, true, PV_VMX_IPI_FIXED,
	  PV_VMX_IPI_DEST, 0x32, 3, true },
	{ "fixed self", 0, APIC_DEST_SELF | 0x33, true, PV_VMX_IPI_FIXED, PV_VMX_IPI_SELF, 0x33 },
	{ "fixed all", 0, APIC_DEST_ALLINC | 0x34, true, PV_VMX_IPI_FIXED, PV_VMX_IPI_ALL, 0x34 },
	{ "fixed others", 0, APIC_DEST_ALLBUT | 0x35, true, PV_VMX_IPI_FIXED, PV_VMX_IPI_OTHERS,
	  0x35 },
	{ "lowest priority", 0xff << 24, APIC_DM_LOWEST | 0x36, true, PV_VMX_IPI_LOWEST,
	  PV_VMX_IPI_DEST, 0x36, 0xff },
	{ "NMI", 2 << 24, APIC_DM_NMI, true, PV_VMX_IPI_NMI, PV_VMX_IPI_DEST, 0, 2 },
	{ "NMI others", 0, APIC_DM_NMI | APIC_DEST_ALLBUT, true, PV_VMX_IPI_NMI,
	  PV_VMX_IPI_OTHERS },
	{ "INIT assert", 1 << 24, APIC_DM_INIT | APIC_INT_ASSERT | APIC_INT_LEVELTRIG, true,
	  PV_VMX_IPI_INIT, PV_VMX_IPI_DEST, 0, 1 },
	{ "INIT edge", 1 << 24, APIC_DM_INIT, true, PV_VMX_IPI_INIT, PV_VMX_IPI_DEST, 0, 1 },
	{ "INIT de-assert", 1 << 24, APIC_DM_INIT | APIC_INT_LEVELTRIG, false },
	{ "SIPI", 1 << 24, APIC_DM_STARTUP | 0x9a, true, PV_VMX_IPI_SIPI, PV_VMX_IPI_DEST,
	  0x9a, 1 },
	{ "SIPI others", 0, APIC_DM_STARTUP | APIC_DEST_ALLBUT | 0x10, true, PV_VMX_IPI_SIPI,
	  PV_VMX_IPI_OTHERS, 0x10 },
	{ "SMI dropped", 1 << 24, APIC_DM_SMI, false },
	{ "remote read reserved", 1 << 24, APIC_DM_REMRD | 0x40, false },
	{ "ExtINT reserved", 1 << 24, APIC_DM_EXTINT | 0x40, false },
	{ "NMI to self refused", 0, APIC_DM_NMI | APIC_DEST_SELF, false },
	{ "SIPI to self refused", 0, APIC_DM_STARTUP | APIC_DEST_SELF | 0x10, false },
	{ "fixed vector 15 refused", 1 << 24, 15, false },
	{ "reserved bits dropped", 0x00ffffff | 1 << 24, 0xfff03031, true, PV_VMX_IPI_FIXED,
	  PV_VMX_IPI_DEST, 0x31, 1 },
};

static void icr_desc(const struct icr_case *c, char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(icr, icr_cases, icr_desc);

static void icr_decode(struct kunit *test)
{
	const struct icr_case *c = test->param_value;
	struct pv_vmx_lapic_ipi ipi;
	struct pv_vmx_lapic l;
	bool sent;

	setup(&l);
	wr(&l, APIC_ICR2, c->hi, T0);
	sent = pv_vmx_lapic_write(&l, APIC_ICR, c->lo, T0, &ipi);
	KUNIT_ASSERT_EQ(test, sent, c->sent);
	/* Delivery status is never busy; reserved bits read 0. */
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ICR, T0), c->lo & 0x000ccfffU);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ICR2, T0), c->hi & 0xff000000U);
	if (!sent)
		return;
	KUNIT_EXPECT_EQ(test, ipi.kind, c->kind);
	KUNIT_EXPECT_EQ(test, ipi.shorthand, c->shorthand);
	KUNIT_EXPECT_EQ(test, ipi.vector, c->vector);
	KUNIT_EXPECT_EQ(test, ipi.dest, c->dest);
	KUNIT_EXPECT_EQ(test, ipi.logical, c->logical);
}

static void icr_illegal_vector_logs(struct kunit *test)
{
	struct pv_vmx_lapic_ipi ipi;
	struct pv_vmx_lapic l;

	setup(&l);
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_write(&l, APIC_ICR, APIC_DEST_SELF | 3, T0, &ipi));
	/* ESR shows errors after a write, and that write clears them for the next. */
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ESR, T0), 0U);
	wr(&l, APIC_ESR, 0, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ESR, T0), (u32)APIC_ESR_SENDILL);
	wr(&l, APIC_ESR, 0, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ESR, T0), 0U);
	/* A received vector below 16 (an LVT entry) logs and is not requested. */
	wr(&l, APIC_LVTT, 5, T0);
	wr(&l, APIC_TMICT, 1, T0);
	pv_vmx_lapic_timer_poll(&l, T0 + 100);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);
	wr(&l, APIC_ESR, 0, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ESR, T0), (u32)APIC_ESR_RECVILL);
	/* With the error LVT unmasked, an error interrupts. */
	wr(&l, APIC_LVTERR, 0xfe, T0);
	wr(&l, 0x3f0, 1, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0xfe);
}

static void destination_match(struct kunit *test)
{
	struct pv_vmx_lapic l;

	pv_vmx_lapic_reset(&l, 2, false, 1, 0);
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_match(&l, 2, false));
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_match(&l, 3, false));
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_match(&l, 0xff, false));
	wr(&l, APIC_LDR, 0x04000000, T0);
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_match(&l, 0x06, true));
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_match(&l, 0x0b, true));
	wr(&l, APIC_DFR, APIC_DFR_CLUSTER, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_DFR, T0), (u32)APIC_DFR_CLUSTER);
	wr(&l, APIC_LDR, 0x12000000, T0);
	KUNIT_EXPECT_TRUE(test, pv_vmx_lapic_match(&l, 0x13, true));
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_match(&l, 0x23, true));
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_match(&l, 0x11, true));
	/* A globally disabled APIC is nobody's destination. */
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_set_base(&l, 0xfee00000, 36), 0);
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_match(&l, 0xff, false));
}

static void svr_disable(struct kunit *test)
{
	struct pv_vmx_lapic l;

	setup(&l);
	wr(&l, APIC_LVTT, 0x40, T0);
	wr(&l, APIC_LVT0, 0x700, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LVTT, T0), 0x40U);
	pv_vmx_lapic_accept(&l, 0x50, false);
	wr(&l, APIC_SPIV, 0xff, T0);
	/* Every LVT entry masked, and it cannot be unmasked while disabled. */
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LVTT, T0), 0x40U | APIC_LVT_MASKED);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LVT0, T0), 0x700U | APIC_LVT_MASKED);
	wr(&l, APIC_LVTT, 0x40, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LVTT, T0), 0x40U | APIC_LVT_MASKED);
	/* No new fixed interrupts; what was requested is held. */
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_accept(&l, 0x60, false));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0x50);
	wr(&l, APIC_SPIV, APIC_SPIV_APIC_ENABLED | 0xff, T0);
	wr(&l, APIC_LVTT, 0x40, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LVTT, T0), 0x40U);
}

static void reserved_bits(struct kunit *test)
{
	struct pv_vmx_lapic l;

	setup(&l);
	wr(&l, APIC_ID, 0xffffffff, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ID, T0), 0xff000000U);
	wr(&l, APIC_TASKPRI, 0xffffffff, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TASKPRI, T0), 0xffU);
	wr(&l, APIC_LDR, 0xffffffff, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LDR, T0), 0xff000000U);
	wr(&l, APIC_SPIV, 0xffffffff, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_SPIV, T0), 0x3ffU);
	wr(&l, APIC_LVTT, 0xffffffff, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LVTT, T0), 0x700ffU);
	wr(&l, APIC_LVTTHMR, 0xffffffff, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LVTTHMR, T0), 0x107ffU);
	wr(&l, APIC_LVT0, 0xffffffff, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LVT0, T0), 0x1a7ffU);	/* not remote IRR */
	wr(&l, APIC_LVTERR, 0xffffffff, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LVTERR, T0), 0x100ffU);
	/* Read-only registers keep their values. */
	wr(&l, APIC_LVR, 0, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LVR, T0), 0x50014U);
	wr(&l, APIC_IRR, 0xffffffff, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_IRR, T0), 0U);
	wr(&l, APIC_PROCPRI, 0xff, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_PROCPRI, T0), 0xffU);	/* TPR 0xff */
	wr(&l, APIC_ESR, 0, T0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ESR, T0), 0U);		/* none logged */
}

static void apic_base_msr(struct kunit *test)
{
	u64 base = 0xfee00000ULL | MSR_IA32_APICBASE_ENABLE | MSR_IA32_APICBASE_BSP;
	struct pv_vmx_lapic l;
	u32 v;

	setup(&l);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_set_base(&l, base, 36), 0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_set_base(&l, base | X2APIC_ENABLE, 36), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_set_base(&l, base | BIT(0), 36), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_set_base(&l, base | BIT(9), 36), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_set_base(&l, base | BIT_ULL(36), 36), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_set_base(&l, 0xfec00000 | MSR_IA32_APICBASE_ENABLE,
						    36), -EINVAL);
	KUNIT_EXPECT_EQ(test, l.apic_base, base);
	/* Disabled: reset, off the bus (reads all-ones, writes dropped). */
	pv_vmx_lapic_accept(&l, 0x50, false);
	wr(&l, APIC_TASKPRI, 0x20, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_set_base(&l, 0xfee00000ULL, 36), 0);
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_read(&l, APIC_ID, T0, &v));
	KUNIT_EXPECT_EQ(test, v, U32_MAX);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);
	KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_accept(&l, 0x50, false));
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_set_base(&l, base, 36), 0);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TASKPRI, T0), 0U);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_SPIV, T0), 0xffU);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_IRR + 0x20, T0), 0U);
}

static void garbage_offsets(struct kunit *test)
{
	static const u32 bad[] = { 0x0, 0x10, 0x40, 0x70, 0x24, 0x81, 0x2f0, 0x3a0, 0x3f0,
				   0x400, 0x500, 0xff0, 0xffc };
	struct pv_vmx_lapic_ipi ipi;
	struct pv_vmx_lapic l, before;
	unsigned int i;
	u32 v;

	setup(&l);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(&before, &l, sizeof(l));
		KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_read(&l, bad[i], T0, &v));
		KUNIT_EXPECT_EQ(test, v, 0U);
		KUNIT_EXPECT_FALSE(test, pv_vmx_lapic_write(&l, bad[i], 0xffffffff, T0, &ipi));
		KUNIT_EXPECT_EQ_MSG(test, l.esr_pending, (u32)APIC_ESR_ILLREGA, "offset %#x",
				    bad[i]);
		l.esr_pending = 0;
		KUNIT_EXPECT_EQ_MSG(test, memcmp(&l, &before, sizeof(l)), 0, "offset %#x",
				    bad[i]);
	}
}

static void init_signal(struct kunit *test)
{
	struct pv_vmx_lapic l;

	setup(&l);
	wr(&l, APIC_ID, 5U << 24, T0);
	wr(&l, APIC_TASKPRI, 0x30, T0);
	wr(&l, APIC_LVTT, 0x40, T0);
	pv_vmx_lapic_accept(&l, 0x50, false);
	pv_vmx_lapic_init_signal(&l);
	/* Power-up state but the ID and APIC_BASE (BSP bit included). */
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_ID, T0), 5U << 24);
	KUNIT_EXPECT_EQ(test, l.apic_base,
			0xfee00000ULL | MSR_IA32_APICBASE_ENABLE | MSR_IA32_APICBASE_BSP);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_TASKPRI, T0), 0U);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_SPIV, T0), 0xffU);
	KUNIT_EXPECT_EQ(test, rd(&l, APIC_LVTT, T0), (u32)APIC_LVT_MASKED);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);
}

static void posted_from_other_vps(struct kunit *test)
{
	struct pv_vmx_lapic l;
	unsigned long ev;

	setup(&l);
	pv_vmx_lapic_post(&l, 0x70);
	pv_vmx_lapic_post(&l, 0xc1);
	pv_vmx_lapic_post_event(&l, PV_VMX_LAPIC_POST_NMI, 0);
	pv_vmx_lapic_post_event(&l, PV_VMX_LAPIC_POST_SIPI, 0x9a);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), -1);	/* not yet folded */
	ev = pv_vmx_lapic_sync(&l);
	KUNIT_EXPECT_EQ(test, ev, BIT(PV_VMX_LAPIC_POST_NMI) | BIT(PV_VMX_LAPIC_POST_SIPI));
	KUNIT_EXPECT_EQ(test, l.sipi_vector, 0x9a);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0xc1);
	pv_vmx_lapic_ack(&l, 0xc1);
	wr(&l, APIC_EOI, 0, T0);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_pending(&l), 0x70);
	KUNIT_EXPECT_EQ(test, pv_vmx_lapic_sync(&l), 0UL);
}

struct mmio_case {
	const char *what;
	unsigned int mode, n;
	u8 insn[16];
	int err;
	bool write;
	u8 size, reg, len;
	bool high8;
	u64 imm;
};

#define IMM	PV_VMX_MMIO_IMM

static const struct mmio_case mmio_cases[] = {
	{ "mov moffs32, eax", 32, 5, { 0xa3, 0xb0, 0x00, 0xe0, 0xfe }, 0, true, 4, 0, 5 },
	{ "mov eax, moffs32", 32, 5, { 0xa1, 0x30, 0x00, 0xe0, 0xfe }, 0, false, 4, 0, 5 },
	{ "mov al, moffs64", 64, 9, { 0xa0, 0x20, 0, 0xe0, 0xfe, 0, 0, 0, 0 }, 0, false, 1, 0, 9 },
	{ "mov edx, [disp32]", 32, 6, { 0x8b, 0x15, 0x20, 0x00, 0xe0, 0xfe }, 0, false, 4, 2, 6 },
	{ "mov [disp32], imm32", 32, 10, { 0xc7, 0x05, 0xb0, 0x00, 0xe0, 0xfe, 0x78, 0x56, 0x34,
	  0x12 }, 0, true, 4, IMM, 10, false, 0x12345678 },
	{ "mov [sib disp32], eax", 64, 7, { 0x89, 0x04, 0x25, 0xb0, 0xd0, 0x5f, 0xff }, 0, true,
	  4, 0, 7 },
	{ "mov r8d, [rax+disp32]", 64, 7, { 0x44, 0x8b, 0x80, 0x30, 0x03, 0x00, 0x00 }, 0, false,
	  4, 8, 7 },
	{ "mov [rdx], rcx", 64, 3, { 0x48, 0x89, 0x0a }, 0, true, 8, 1, 3 },
	{ "mov qword [rax], -1", 64, 7, { 0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0xff }, 0, true, 8,
	  IMM, 7, false, ~0ULL },
	{ "mov [esp+8], eax", 32, 4, { 0x89, 0x44, 0x24, 0x08 }, 0, true, 4, 0, 4 },
	{ "mov [edi+0x10], ah", 32, 3, { 0x88, 0x67, 0x10 }, 0, true, 1, 0, 3, true },
	{ "mov [rdi], spl", 64, 3, { 0x40, 0x88, 0x27 }, 0, true, 1, 4, 3 },
	{ "16-bit mov [bx], ax", 16, 2, { 0x89, 0x07 }, 0, true, 2, 0, 2 },
	{ "16-bit mov [bx], eax", 16, 3, { 0x66, 0x89, 0x07 }, 0, true, 4, 0, 3 },
	{ "16-bit mov ax, [disp16]", 16, 4, { 0x8b, 0x06, 0x20, 0x00 }, 0, false, 2, 0, 4 },
	{ "32-bit addr16 mov [disp16], eax", 32, 5, { 0x67, 0x89, 0x06, 0x80, 0x00 }, 0, true, 4,
	  0, 5 },
	{ "ds: lock prefixes", 32, 4, { 0x3e, 0xf0, 0x89, 0x03 }, 0, true, 4, 0, 4 },
	{ "movzx eax, byte [disp32]", 32, 7, { 0x0f, 0xb6, 0x05, 0x32, 0x00, 0xe0, 0xfe }, 0,
	  false, 1, 0, 7 },
	{ "movzx r9, word [rsi]", 64, 4, { 0x4c, 0x0f, 0xb7, 0x0e }, 0, false, 2, 9, 4 },
	{ "0f other", 32, 3, { 0x0f, 0xb8, 0x00 }, -EINVAL },
	{ "ud2", 32, 2, { 0x0f, 0x0b }, -EINVAL },
	{ "rep movsd", 32, 2, { 0xf3, 0xa5 }, -EINVAL },
	{ "register operand", 32, 2, { 0x89, 0xc0 }, -EINVAL },
	{ "c7 /1", 32, 6, { 0xc7, 0x08, 0, 0, 0, 0 }, -EINVAL },
	{ "truncated imm", 32, 4, { 0xc7, 0x05, 0xb0, 0x00 }, -EINVAL },
	{ "truncated moffs", 64, 5, { 0xa3, 0xb0, 0x00, 0xe0, 0xfe }, -EINVAL },
	{ "truncated sib", 32, 2, { 0x89, 0x04 }, -EINVAL },
	{ "nothing fetched", 32, 0, { 0 }, -EINVAL },
	{ "15 prefixes", 32, 16, { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	  0x66, 0x66, 0x66, 0x66, 0x89, 0x00 }, -EINVAL },
};

static void mmio_desc(const struct mmio_case *c, char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(mmio, mmio_cases, mmio_desc);

static void mmio_decode(struct kunit *test)
{
	const struct mmio_case *c = test->param_value;
	struct pv_vmx_mmio m;
	int err;

	err = pv_vmx_mmio_decode(c->insn, c->n, c->mode, &m);
	KUNIT_ASSERT_EQ(test, err, c->err);
	if (err)
		return;
	KUNIT_EXPECT_EQ(test, m.write, c->write);
	KUNIT_EXPECT_EQ(test, m.size, c->size);
	KUNIT_EXPECT_EQ(test, m.reg, c->reg);
	KUNIT_EXPECT_EQ(test, m.len, c->len);
	KUNIT_EXPECT_EQ(test, m.high8, c->high8);
	if (c->reg == IMM)
		KUNIT_EXPECT_EQ(test, m.imm, c->imm);
}

static struct kunit_case pv_lapic_cases[] = {
	KUNIT_CASE(reset_state),
	KUNIT_CASE(priority_and_ppr),
	KUNIT_CASE(eoi_order),
	KUNIT_CASE(timer_oneshot),
	KUNIT_CASE(timer_periodic),
	KUNIT_CASE(timer_masked),
	KUNIT_CASE(timer_deadline),
	KUNIT_CASE(timer_divide),
	KUNIT_CASE_PARAM(icr_decode, icr_gen_params),
	KUNIT_CASE(icr_illegal_vector_logs),
	KUNIT_CASE(destination_match),
	KUNIT_CASE(svr_disable),
	KUNIT_CASE(reserved_bits),
	KUNIT_CASE(apic_base_msr),
	KUNIT_CASE(garbage_offsets),
	KUNIT_CASE(init_signal),
	KUNIT_CASE(posted_from_other_vps),
	KUNIT_CASE_PARAM(mmio_decode, mmio_gen_params),
	{}
};

static struct kunit_suite pv_lapic_suite = {
	.name = "partvisor_lapic",
	.test_cases = pv_lapic_cases,
};

kunit_test_suite(pv_lapic_suite);
