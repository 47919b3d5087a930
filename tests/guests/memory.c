// SPDX-License-Identifier: GPL-2.0
/*
 * memory: writes a position-dependent pattern to every 32-bit word of
 * 0x10000..0x9ffff and of [end of image, top of RAM), top = 1 MiB +
 * mem_upper KiB, reads it back, then the same with the complement.
 * Prints "memory: <KiB> KiB ok" (KiB = top of RAM / 1024) and exits 0, or
 * "memory: mismatch at <hex> ..." and exits 1 (2: no memory info).
 */
#include "lib.h"

#define LOW_START	0x10000u
#define LOW_END		0xa0000u
#define PATTERN		0x5a3c96e1u

static void fill(uint32_t start, uint32_t end, uint32_t inv)
{
	volatile uint32_t *p;

	for (p = (volatile uint32_t *)(uintptr_t)start;
	     p < (volatile uint32_t *)(uintptr_t)end; p++)
		*p = ((uint32_t)(uintptr_t)p ^ PATTERN) ^ inv;
}

/* Returns the first bad address, or 0. */
static uint32_t verify(uint32_t start, uint32_t end, uint32_t inv, uint32_t *got)
{
	volatile uint32_t *p;

	for (p = (volatile uint32_t *)(uintptr_t)start;
	     p < (volatile uint32_t *)(uintptr_t)end; p++) {
		uint32_t want = ((uint32_t)(uintptr_t)p ^ PATTERN) ^ inv;
		uint32_t v = *p;

		if (v != want) {
			*got = v;
			return (uint32_t)(uintptr_t)p;
		}
	}
	return 0;
}

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	const struct mb_info *info = (const struct mb_info *)(uintptr_t)info_gpa;
	uint32_t mem_upper, top, start, bad, got, pass;

	(void)magic;
	if (vp != 0)
		park();
	if (!info || !(info->flags & MB_INFO_MEM)) {
		pr("memory: no memory information (flags 0x%x)\n", info ? info->flags : 0);
		return 2;
	}
	mem_upper = info->mem_upper;
	/* keep top + 1 MiB within 32 bits (and below 0xffff0000) */
	if (mem_upper > (0xffff0000u - 0x100000u) / 1024)
		mem_upper = (0xffff0000u - 0x100000u) / 1024;
	top = 0x100000u + mem_upper * 1024;
	start = ((uint32_t)(uintptr_t)_end + 3) & ~3u;
	pr("memory: mem_lower %u KiB, mem_upper %u KiB; testing 0x%x-0x%x and 0x%x-0x%x\n",
	   info->mem_lower, info->mem_upper, LOW_START, LOW_END - 1, start, top - 1);
	if (start >= top) {
		pr("memory: image end 0x%x is above the top of RAM 0x%x\n", start, top);
		return 1;
	}

	for (pass = 0; pass < 2; pass++) {
		uint32_t inv = pass ? 0xffffffffu : 0;

		fill(LOW_START, LOW_END, inv);
		fill(start, top, inv);
		bad = verify(LOW_START, LOW_END, inv, &got);
		if (!bad)
			bad = verify(start, top, inv, &got);
		if (bad) {
			pr("memory: mismatch at 0x%x (pass %u): read 0x%x, wrote 0x%x\n", bad,
			   pass, got, (bad ^ PATTERN) ^ inv);
			return 1;
		}
	}
	pr("memory: %u KiB ok\n", top / 1024);
	return 0;
}
