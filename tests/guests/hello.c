// SPDX-License-Identifier: GPL-2.0
/*
 * hello: every VP prints "hello: VP <n> of <cmdline>" and checks in; VP 0
 * waits for vps=N (default 1) check-ins, prints "hello: done" and exits 0,
 * or "hello: timeout waiting for VPs" and exits 3. Built as a multiboot
 * ELF32 (hello.elf) and as a flat binary (hello.bin).
 */
#include "lib.h"

#define WAIT_SPINS	100000000u

/* In .data so that the flat image carries its initial zero. */
static volatile uint32_t checked_in __attribute__((section(".data")));

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	const struct mb_info *info = (const struct mb_info *)(uintptr_t)info_gpa;
	const char *cmdline = mb_cmdline(info);
	uint32_t nvps, spins;

	if (magic != MB_BOOT_MAGIC) {
		pr("hello: VP %u: bad boot magic 0x%x\n", vp, magic);
		return 2;
	}
	pr("hello: VP %u of %s\n", vp, cmdline);
	atomic_xadd(&checked_in, 1);
	if (vp != 0)
		park();

	nvps = cmdline_u32(cmdline, "vps", 1);
	for (spins = 0; atomic_load(&checked_in) < nvps; spins++) {
		if (spins >= WAIT_SPINS) {
			pr("hello: timeout waiting for VPs (%u of %u checked in)\n",
			   atomic_load(&checked_in), nvps);
			return 3;
		}
		cpu_pause();
	}
	pr("hello: done\n");
	return 0;
}
