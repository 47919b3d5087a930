// SPDX-License-Identifier: GPL-2.0
/*
 * hello64: ELF64 guest entered in long mode. VP 0 prints
 * "hello64: long mode, VP 0, cmdline <cmdline>", checks EFER.LMA, CR0.PG,
 * CR4.PAE and CS = 0x18, prints "hello64: done" and exits 0; on a failed
 * check it prints "hello64: FAIL <what> ..." and exits 1. Other VPs park.
 */
#include "lib.h"

#define MSR_EFER	0xC0000080u
#define EFER_LMA	(1ull << 10)
#define CR0_PG		(1ul << 31)
#define CR4_PAE		(1ul << 5)
#define SEL_CODE64	0x18

static uint64_t read_cr0(void)
{
	uint64_t v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static uint64_t read_cr4(void)
{
	uint64_t v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static uint16_t read_cs(void)
{
	uint16_t v;

	asm volatile("mov %%cs, %0" : "=r"(v));
	return v;
}

int main(uint64_t rdi, uint64_t rsi, uint32_t vp, uint64_t rax, uint64_t rbx)
{
	const struct mb_info *info = (const struct mb_info *)(uintptr_t)rdi;
	uint64_t efer, cr0, cr4;
	uint16_t cs;
	int fail = 0;

	if (vp != 0)
		park();

	/*
	 * The ABI hands the multiboot info over in RDI. Tolerate a loader that
	 * does it the multiboot way (EAX = magic, EBX = info) but say so.
	 */
	if (!rdi && (uint32_t)rax == MB_BOOT_MAGIC && (uint32_t)rbx) {
		pr("hello64: WARN RDI is 0, multiboot info taken from EBX 0x%x\n",
		   (uint32_t)rbx);
		info = (const struct mb_info *)(uintptr_t)(uint32_t)rbx;
	}
	pr("hello64: long mode, VP %u, cmdline %s\n", vp, mb_cmdline(info));
	if (rsi != vp)
		pr("hello64: WARN RSI 0x%llx is not the VP index %u\n",
		   (unsigned long long)rsi, vp);

	efer = rdmsr(MSR_EFER);
	cr0 = read_cr0();
	cr4 = read_cr4();
	cs = read_cs();
	if (!(efer & EFER_LMA)) {
		pr("hello64: FAIL EFER.LMA clear, EFER 0x%llx\n", (unsigned long long)efer);
		fail = 1;
	}
	if (!(cr0 & CR0_PG)) {
		pr("hello64: FAIL CR0.PG clear, CR0 0x%llx\n", (unsigned long long)cr0);
		fail = 1;
	}
	if (!(cr4 & CR4_PAE)) {
		pr("hello64: FAIL CR4.PAE clear, CR4 0x%llx\n", (unsigned long long)cr4);
		fail = 1;
	}
	if (cs != SEL_CODE64) {
		pr("hello64: FAIL CS 0x%x, expected 0x%x\n", cs, SEL_CODE64);
		fail = 1;
	}
	if (fail)
		return 1;
	pr("hello64: done\n");
	return 0;
}
