// SPDX-License-Identifier: GPL-2.0
/*
 * hostile-io: VP 0 prints "hostile-io: poking", writes garbage to ports
 * 0x20, 0x60, 0x61, 0xcf8 (32-bit) and 0x3f9..0x3ff, reads them back, then
 * writes MSR 0xc0000082 (LSTAR). Expected: the partition ends at the first
 * unowned port (strict partition) or when the wrmsr #GP triple-faults (no
 * IDT). Should it get through, it restores the UART, prints the values read
 * and "hostile-io: survived", and exits 0.
 */
#include "lib.h"

#define MSR_LSTAR	0xc0000082u

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	static const uint16_t ports8[] = { 0x20, 0x60, 0x61 };
	uint8_t rd8[3], rduart[7];
	uint32_t rng = 0x1badcafe, rdcf8;
	unsigned int i;

	(void)magic;
	(void)info_gpa;
	if (vp != 0)
		park();
	pr("hostile-io: poking\n");

	for (i = 0; i < 3; i++)
		outb(ports8[i], (uint8_t)xorshift32(&rng));
	outl(0xcf8, xorshift32(&rng));
	for (i = 0; i < 7; i++)
		outb(0x3f9 + i, (uint8_t)xorshift32(&rng));

	for (i = 0; i < 3; i++)
		rd8[i] = inb(ports8[i]);
	rdcf8 = inl(0xcf8);
	for (i = 0; i < 7; i++)
		rduart[i] = inb(0x3f9 + i);

	wrmsr(MSR_LSTAR, ((uint64_t)xorshift32(&rng) << 32) | xorshift32(&rng));

	/* Still here: undo the UART garbage (DLAB off, 8N1, no IRQs, FIFO on). */
	outb(0x3fb, 0x03);
	outb(0x3f9, 0x00);
	outb(0x3fa, 0x07);
	outb(0x3fc, 0x03);
	pr("hostile-io: read 0x20=0x%x 0x60=0x%x 0x61=0x%x 0xcf8=0x%x\n", rd8[0], rd8[1],
	   rd8[2], rdcf8);
	pr("hostile-io: read 0x3f9..0x3ff = %x %x %x %x %x %x %x\n", rduart[0], rduart[1],
	   rduart[2], rduart[3], rduart[4], rduart[5], rduart[6]);
	pr("hostile-io: survived\n");
	return 0;
}
