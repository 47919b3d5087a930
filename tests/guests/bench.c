// SPDX-License-Identifier: GPL-2.0
/*
 * bench: TSC ticks of n=N (default 10000) CPUID exits, which the
 * hypervisor finishes alone, and of N port writes to 0x80, each an
 * intercept the root's VP thread handles (a round trip to the root and
 * back). Prints "bench: cpuid n=N ticks=0x..." and "bench: io n=N
 * ticks=0x..." (totals; the host divides) and exits 0.
 */
#include "lib.h"

static inline uint64_t rdtsc64(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	const char *cmdline = mb_cmdline((const struct mb_info *)(uintptr_t)info_gpa);
	uint32_t n = cmdline_u32(cmdline, "n", 10000), i;
	uint64_t t0, t1;

	if (vp != 0)
		park();
	for (i = 0; i < 16; i++) {	/* warm up */
		cpuid(0);
		outb(0x80, 0);
	}
	t0 = rdtsc64();
	for (i = 0; i < n; i++)
		cpuid(0);
	t1 = rdtsc64();
	pr("bench: cpuid n=%u ticks=0x%llx\n", n, (unsigned long long)(t1 - t0));
	t0 = rdtsc64();
	for (i = 0; i < n; i++)
		outb(0x80, 0);
	t1 = rdtsc64();
	pr("bench: io n=%u ticks=0x%llx\n", n, (unsigned long long)(t1 - t0));
	return 0;
}
