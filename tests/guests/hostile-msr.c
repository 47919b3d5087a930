// SPDX-License-Identifier: GPL-2.0
/*
 * hostile-msr: VP 0 prints "hostile-msr: reading MSR 0xe2", then reads
 * MSR_PKG_CST_CONFIG_CONTROL, an MSR a child does not have (and, with
 * "write=1" on the command line, writes it instead; IA32_MISC_ENABLE, the
 * first choice, is one a Linux child needs and has). A strict partition crashes there
 * (PARTVISOR_CRASH_MSR); otherwise the access is a #GP, which with no IDT
 * triple-faults. If the access returns it prints "hostile-msr: survived"
 * and exits 0.
 */
#include "lib.h"

#define MSR_PKG_CST_CONFIG	0xe2u

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	const char *cmd = mb_cmdline((const struct mb_info *)(uintptr_t)info_gpa);
	uint32_t write = cmdline_u32(cmd, "write", 0);

	(void)magic;
	if (vp != 0)
		park();
	pr("hostile-msr: %s MSR 0x%x\n", write ? "writing" : "reading", MSR_PKG_CST_CONFIG);
	if (write)
		wrmsr(MSR_PKG_CST_CONFIG, 0);
	else
		(void)rdmsr(MSR_PKG_CST_CONFIG);
	pr("hostile-msr: survived\n");
	return 0;
}
