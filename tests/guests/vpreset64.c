// SPDX-License-Identifier: GPL-2.0
/*
 * vpreset64: ELF64 guest for restarts. It first checks that it starts
 * from a clean state: CR8 0, XCR0 x87|SSE, the SYSCALL and SWAPGS MSRs 0,
 * DR0-3 0, XMM0 0, MXCSR and the x87 control word at their init values.
 * Then it leaves as much dirty state behind as it can: those MSRs, CR8,
 * DR0, XMM0, MXCSR, FCW (saved by an intercept), XCR0 = x87 only (then
 * another intercept: the area saved with SSE dropped restores), and it
 * exits (port 0xf4) in the interrupt shadow of an STI, with IF = 1. A
 * restart that kept any of it fails a check, or, for the STI shadow with
 * the boot RFLAGS (IF = 0), fails VM entry. Prints "vpreset64: PASS/FAIL
 * <what>" lines, then "vpreset64: <n> passed, <m> failed"; exits 0 if none
 * failed.
 */
#include "lib.h"

#define MSR_STAR		0xC0000081u
#define MSR_LSTAR		0xC0000082u
#define MSR_CSTAR		0xC0000083u
#define MSR_SFMASK		0xC0000084u
#define MSR_KERNEL_GS_BASE	0xC0000102u
#define CR4_OSFXSR		(1ul << 9)
#define CR4_OSXMMEXCPT		(1ul << 10)
#define CR4_OSXSAVE		(1ul << 18)

static unsigned int passed, failed;

static void check(int ok, const char *what, uint64_t got)
{
	if (ok) {
		passed++;
		pr("vpreset64: PASS %s\n", what);
	} else {
		failed++;
		pr("vpreset64: FAIL %s got 0x%llx\n", what, (unsigned long long)got);
	}
}

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;

	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

static void xsetbv0(uint64_t v)
{
	asm volatile("xsetbv" : : "c"(0), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

int main(uint64_t rdi, uint64_t rsi, uint32_t vp)
{
	static const uint32_t msrs[] = { MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SFMASK,
					 MSR_KERNEL_GS_BASE };
	static const char *const names[] = { "STAR is 0", "LSTAR is 0", "CSTAR is 0",
					     "SFMASK is 0", "KERNEL_GS_BASE is 0" };
	uint64_t v, cr4, dr[4];
	uint32_t mxcsr = 0;
	uint16_t fcw = 0;
	unsigned int i;

	if (vp != 0)
		park();
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	asm volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_OSXSAVE));

	asm volatile("mov %%cr8, %0" : "=r"(v));
	check(v == 0, "CR8 is 0", v);
	v = xgetbv0();
	check(v == 3, "XCR0 is x87|SSE", v);
	for (i = 0; i < 5; i++) {
		v = rdmsr(msrs[i]);
		check(v == 0, names[i], v);
	}
	asm volatile("mov %%dr0, %0" : "=r"(dr[0]));
	asm volatile("mov %%dr1, %0" : "=r"(dr[1]));
	asm volatile("mov %%dr2, %0" : "=r"(dr[2]));
	asm volatile("mov %%dr3, %0" : "=r"(dr[3]));
	check(!(dr[0] | dr[1] | dr[2] | dr[3]), "DR0-3 are 0", dr[0] | dr[1] | dr[2] | dr[3]);
	asm volatile("movq %%xmm0, %0" : "=r"(v));
	check(v == 0, "XMM0 is 0", v);
	asm volatile("stmxcsr %0" : "=m"(mxcsr));
	check(mxcsr == 0x1f80, "MXCSR is 0x1f80", mxcsr);
	asm volatile("fnstcw %0" : "=m"(fcw));
	check(fcw == 0x37f, "FCW is 0x37f", fcw);
	pr("vpreset64: %u passed, %u failed\n", passed, failed);

	/* Leave dirt behind for the next run. */
	for (i = 0; i < 5; i++)
		wrmsr(msrs[i], 0x1000ull * (i + 1));
	asm volatile("mov %0, %%cr8" : : "r"(5ul));
	asm volatile("mov %0, %%dr0" : : "r"(0x1000ul));
	asm volatile("movq %0, %%xmm0" : : "r"(0x1122334455667788ull));
	mxcsr = 0x1fc0;
	asm volatile("ldmxcsr %0" : : "m"(mxcsr));
	fcw = 0x27f;
	asm volatile("fldcw %0" : : "m"(fcw));
	outb(0x80, 0);		/* an intercept: the dirty XSAVE state is saved */
	xsetbv0(1);
	/* Saved with SSE gone from XCR0, restored at the next dispatch. */
	outb(0x80, 0);
	check(xgetbv0() == 1, "XCR0 x87 only survives an intercept", xgetbv0());
	/* Exit in the STI shadow, IF = 1. */
	asm volatile("sti\n\toutb %%al, %1" : : "a"((uint8_t)(failed ? 1 : 0)),
		     "Nd"((uint16_t)EXIT_PORT));
	halt_forever();
}
