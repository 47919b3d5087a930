// SPDX-License-Identifier: GPL-2.0
/*
 * hostile-garbage: VP 0 prints "hostile-garbage: jumping", fills a 4 KiB
 * buffer with pseudo-random bytes (xorshift32, seed from "seed=N", default
 * 1) and jumps into it. Whatever happens next is up to the hypervisor.
 */
#include "lib.h"

static uint8_t garbage[4096] __attribute__((aligned(4096)));

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	const char *cmdline = mb_cmdline((const struct mb_info *)(uintptr_t)info_gpa);
	uint32_t rng;
	unsigned int i;

	(void)magic;
	if (vp != 0)
		park();
	rng = cmdline_u32(cmdline, "seed", 1);
	if (!rng)
		rng = 1;
	pr("hostile-garbage: jumping (seed %u)\n", rng);
	for (i = 0; i < sizeof(garbage); i += 4) {
		uint32_t v = xorshift32(&rng);

		garbage[i] = (uint8_t)v;
		garbage[i + 1] = (uint8_t)(v >> 8);
		garbage[i + 2] = (uint8_t)(v >> 16);
		garbage[i + 3] = (uint8_t)(v >> 24);
	}
	asm volatile("jmp *%0" : : "r"(garbage) : "memory");
	for (;;)
		asm volatile("1: jmp 1b");
}
