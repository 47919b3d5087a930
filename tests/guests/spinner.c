// SPDX-License-Identifier: GPL-2.0
/*
 * spinner: VP 0 prints "spinner: spinning"; then every VP spins forever in
 * a plain jump-to-self loop: no pause, no I/O, no exits of its own.
 */
#include "lib.h"

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	(void)magic;
	(void)info_gpa;
	if (vp == 0)
		pr("spinner: spinning\n");
	for (;;)
		asm volatile("1: jmp 1b");
}
