// SPDX-License-Identifier: GPL-2.0
/*
 * shutdown: waits for the root to ask it to stop (port 0xf5 reads 1, the
 * partvisor "power button"), then says so and exits 0. Without the
 * request it waits forever: a forced stop ends it then.
 */
#include "lib.h"

#define SHUTDOWN_PORT	0xf5

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	if (vp != 0)
		park();
	pr("shutdown: waiting\n");
	while (!(inb(SHUTDOWN_PORT) & 1))
		cpu_pause();
	pr("shutdown: asked to stop, exiting\n");
	return 0;
}
