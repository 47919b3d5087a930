// SPDX-License-Identifier: GPL-2.0
/*
 * hostile-triple: VP 0 prints "hostile-triple: faulting", loads an IDT with
 * limit 0 and executes int3: no usable IDT, so #BP -> #GP -> #DF -> triple
 * fault. Never returns (if it does, the loop spins forever).
 */
#include "lib.h"

struct __attribute__((packed)) idtr32 {
	uint16_t limit;
	uint32_t base;
};

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	static const struct idtr32 idtr = { 0, 0 };

	(void)magic;
	(void)info_gpa;
	if (vp != 0)
		park();
	pr("hostile-triple: faulting\n");
	asm volatile("lidt %0\n\tint3" : : "m"(idtr) : "memory");
	for (;;)
		asm volatile("1: jmp 1b");
}
