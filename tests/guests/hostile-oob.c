// SPDX-License-Identifier: GPL-2.0
/*
 * hostile-oob: VP 0 prints "hostile-oob: reading outside memory", then reads
 * 32-bit words at 0xE0000000 (no RAM or device there). The hypervisor is
 * expected to stop the partition; if the reads return, it prints
 * "hostile-oob: read returned <hex>" and exits 0.
 */
#include "lib.h"

#define OOB_GPA		0xE0000000u

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)OOB_GPA;
	uint32_t v;

	(void)magic;
	(void)info_gpa;
	if (vp != 0)
		park();
	pr("hostile-oob: reading outside memory\n");
	v = p[0];
	v ^= p[1];
	v ^= p[1024];
	pr("hostile-oob: read returned 0x%x\n", v);
	return 0;
}
