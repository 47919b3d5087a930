// SPDX-License-Identifier: GPL-2.0
/*
 * uart-echo: reads COM1 by polling (LSR data ready, then RBR), as a
 * polled 16550 driver does, and answers each line: "uart-echo: got N
 * bytes: FIRST" (the first 32 bytes of it). A line "quit" ends it with
 * exit 0. For partctl console --interactive (the root's side of the
 * receive FIFO). A line ends at '\n' or '\r'; longer lines than 8 KiB are
 * counted, not kept.
 */
#include "lib.h"

#define COM1		0x3f8
#define LSR_DR		0x01

static char line[8192];

/*
 * Between two looks at LSR a pause loop: each look is an exit to the
 * root's VP thread, and a guest that does nothing else keeps the root's
 * CPU busy with them (under Bochs, very busy).
 */
static uint8_t getc_polled(void)
{
	unsigned int i;

	while (!(inb(COM1 + 5) & LSR_DR))
		for (i = 0; i < 2000; i++)
			cpu_pause();
	return inb(COM1);
}

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	uint32_t n = 0, lines = 0;
	char first[33];
	uint8_t c;

	if (vp != 0)
		park();
	pr("uart-echo: ready\n");
	for (;;) {
		c = getc_polled();
		if (c != '\n' && c != '\r') {
			if (n < sizeof(line))
				line[n] = c;
			n++;
			continue;
		}
		if (!n)
			continue;	/* the '\n' of a "\r\n" */
		lines++;
		if (n == 4 && !memcmp(line, "quit", 4))
			break;
		memcpy(first, line, n < 32 ? n : 32);
		first[n < 32 ? n : 32] = 0;
		pr("uart-echo: got %u bytes: %s\n", n, first);
		n = 0;
	}
	pr("uart-echo: bye after %u lines\n", lines);
	return 0;
}
