// SPDX-License-Identifier: GPL-2.0
/*
 * pv-rdtsc: print the time-stamp counter (RDTSC), in decimal, for
 * benchmarks that time what a shell script waits for (a Linux child's
 * boot). The TSC of every CPU of the test machine is the same counter
 * (Bochs; an invariant TSC on hardware), so which CPU reads it does not
 * matter.
 *
 *   pv-rdtsc        prints e.g. 1234567890 and exits 0
 */
#include <stdint.h>
#include <stdio.h>
#include <x86intrin.h>

int main(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: pv-rdtsc\n");
		return 2;
	}
	printf("%llu\n", (unsigned long long)__rdtsc());
	return 0;
}
