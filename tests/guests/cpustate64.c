// SPDX-License-Identifier: GPL-2.0
/*
 * cpustate64: ELF64 guest checking the CPU state the hypervisor keeps for
 * a VP across exits and dispatches: the SYSCALL and SWAPGS MSRs it
 * writes read back (also after an intercept round trip to the root), a
 * non-canonical LSTAR is refused (#GP, caught by a tiny IDT) and SFMASK's
 * reserved half never reads back, XSETBV takes a valid XCR0 and refuses an invalid one,
 * CR4.VMXE cannot be set. Prints "cpustate64: PASS/FAIL <what>" lines,
 * then "cpustate64: <n> passed, <m> failed", exits 0 if none failed.
 */
#include "lib.h"

#define MSR_STAR		0xC0000081u
#define MSR_LSTAR		0xC0000082u
#define MSR_SFMASK		0xC0000084u
#define MSR_GS_BASE		0xC0000101u
#define MSR_KERNEL_GS_BASE	0xC0000102u
#define CR4_OSXSAVE		(1ul << 18)
#define CR4_VMXE		(1ul << 13)

static unsigned int passed, failed;
static volatile int faults;

static void check(int ok, const char *what, uint64_t got)
{
	if (ok) {
		passed++;
		pr("cpustate64: PASS %s\n", what);
	} else {
		failed++;
		pr("cpustate64: FAIL %s got 0x%llx\n", what, (unsigned long long)got);
	}
}

/* #GP handler: count, skip the faulting instruction (its length in RDI). */
void gp_entry(void);
asm(".globl gp_entry\n"
    "gp_entry:\n"
    "	add $8, %rsp\n"			/* error code */
    "	lock incl faults(%rip)\n"
    "	add %rdi, (%rsp)\n"		/* RIP += length */
    "	iretq\n");

struct idt_gate {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
} __attribute__((packed));

static struct idt_gate idt[14] __attribute__((aligned(16)));

static void load_idt(void)
{
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) d;
	uint64_t h = (uint64_t)(uintptr_t)gp_entry;

	idt[13] = (struct idt_gate){ .off0 = h, .sel = 0x18, .type = 0x8e, .off1 = h >> 16,
				     .off2 = h >> 32 };
	d.limit = sizeof(idt) - 1;
	d.base = (uint64_t)(uintptr_t)idt;
	asm volatile("lidt %0" : : "m"(d));
}

/* WRMSR that may #GP: the handler skips its 2 bytes. */
static int wrmsr_faults(uint32_t msr, uint64_t v)
{
	int before = faults;

	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)),
		     "D"(2ul) : "memory");
	return faults != before;
}

static int xsetbv_faults(uint64_t v)
{
	int before = faults;

	asm volatile("xsetbv" : : "c"(0), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)),
		     "D"(3ul) : "memory");
	return faults != before;
}

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;

	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

int main(uint64_t rdi, uint64_t rsi, uint32_t vp)
{
	const uint64_t lstar = 0xffffffff81234560ull, kgs = 0x12345000ull;
	uint64_t v, cr4;

	if (vp != 0)
		park();
	load_idt();
	wrmsr(MSR_LSTAR, lstar);
	wrmsr(MSR_STAR, 0x0023001000000000ull);
	wrmsr(MSR_SFMASK, 0x47700);
	wrmsr(MSR_KERNEL_GS_BASE, kgs);
	v = rdmsr(MSR_LSTAR);
	check(v == lstar, "LSTAR reads back", v);
	outb(0x80, 0);		/* an intercept: to the root's VP thread and back */
	v = rdmsr(MSR_LSTAR);
	check(v == lstar, "LSTAR survives an intercept", v);
	v = rdmsr(MSR_STAR);
	check(v == 0x0023001000000000ull, "STAR reads back", v);
	v = rdmsr(MSR_SFMASK);
	check(v == 0x47700, "SFMASK reads back", v);
	asm volatile("swapgs");
	v = rdmsr(MSR_GS_BASE);
	check(v == kgs, "SWAPGS takes the VP's KERNEL_GS_BASE", v);
	asm volatile("swapgs");
	check(wrmsr_faults(MSR_LSTAR, 0x0000800000000000ull), "non-canonical LSTAR: #GP", faults);
	/* SFMASK's high half is reserved: the CPU refuses it or drops it. */
	v = wrmsr_faults(MSR_SFMASK, 1ull << 40 | 0x47700);
	v = v ? 0 : rdmsr(MSR_SFMASK) >> 32;
	check(!v, "SFMASK bit 40: #GP or dropped", v);
	v = rdmsr(MSR_LSTAR);
	check(v == lstar, "LSTAR unchanged by the refused writes", v);

	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	asm volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_OSXSAVE));
	check(!xsetbv_faults(3), "XSETBV x87|SSE", faults);
	v = xgetbv0();
	check(v == 3, "XGETBV reads 3", v);
	check(xsetbv_faults(2), "XSETBV without x87: #GP", faults);
	check(xsetbv_faults(3 | 1ull << 3), "XSETBV with half of MPX: #GP", faults);
	outb(0x80, 0);
	v = xgetbv0();
	check(v == 3, "XCR0 survives an intercept", v);
	{
		int before = faults;

		/* mov %rax, %cr4: 3 bytes, which the handler skips */
		asm volatile("mov %0, %%cr4" : : "a"(cr4 | CR4_VMXE), "D"(3ul) : "memory");
		check(faults != before, "CR4.VMXE: #GP", faults);
	}
	pr("cpustate64: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
