// SPDX-License-Identifier: GPL-2.0
/*
 * pv-cpuid: run CPUID leaf 0x40000000 on one CPU and print the hypervisor
 * signature found there.
 *
 *   pv-cpuid CPU        exit 0 if the signature is partvisor's, 1 if not,
 *                       2 on a usage or affinity error
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	unsigned int a, b, c, d, l1c;
	char sig[13];
	cpu_set_t set;
	int cpu;

	if (argc != 2) {
		fprintf(stderr, "usage: pv-cpuid CPU\n");
		return 2;
	}
	cpu = atoi(argv[1]);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("pv-cpuid: sched_setaffinity");
		return 2;
	}
	__cpuid(1, a, b, l1c, d);
	__cpuid(0x40000000, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = 0;
	for (int i = 0; i < 12; i++)
		if (sig[i] < 0x20 || sig[i] > 0x7e)
			sig[i] = '.';
	printf("cpu %d: hypervisor bit %u, vmx bit %u, leaf 0x40000000: max %#x signature '%s'\n",
	       cpu, l1c >> 31, (l1c >> 5) & 1, a, sig);
	return strcmp(sig, "partvisor-hv") ? 1 : 0;
}
