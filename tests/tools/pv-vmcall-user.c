// SPDX-License-Identifier: GPL-2.0
/*
 * pv-vmcall-user: execute VMCALL from user mode. Under partvisor the
 * hypervisor must refuse it with #UD (SIGILL), as Hyper-V does; natively,
 * VMCALL outside VMX is #UD too.
 *
 * Exit 0 if SIGILL arrived, 1 if VMCALL returned.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void on_sigill(int sig)
{
	(void)sig;
	static const char msg[] = "pv-vmcall-user: SIGILL, as it should be\n";

	write(1, msg, sizeof(msg) - 1);
	_exit(0);
}

int main(void)
{
	unsigned long rax = 0x0f01, rcx = 0x0f01;	/* devirtualize, of all things */

	signal(SIGILL, on_sigill);
	asm volatile("vmcall" : "+a" (rax), "+c" (rcx) : : "rdx", "r8", "memory");
	printf("pv-vmcall-user: VMCALL returned %#lx from user mode\n", rax);
	return 1;
}
