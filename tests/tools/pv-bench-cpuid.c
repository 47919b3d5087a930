// SPDX-License-Identifier: GPL-2.0
/*
 * pv-bench-cpuid: ticks (TSC) per CPUID round trip.
 *
 *   pv-bench-cpuid root N   N CPUIDs in this process (under partvisor each
 *                           one is a VM exit of the root partition)
 *   pv-bench-cpuid kvm N    N CPUIDs in a tiny real-mode KVM guest, each a
 *                           VM exit handled by kvm_intel (in the kernel,
 *                           no exit to user space)
 *
 * Prints "cpuid-<mode>: <ticks per CPUID> ticks (N=<n>)". Under Bochs with
 * clock: sync=none the TSC counts emulated instructions, so the figures
 * repeat run to run.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <x86intrin.h>
#include <linux/kvm.h>

static void cpuid_loop(unsigned long n)
{
	unsigned int a, b, c, d;

	while (n--) {
		a = 0;
		c = 0;
		asm volatile("cpuid" : "+a" (a), "=b" (b), "+c" (c), "=d" (d));
	}
}

static int bench_kvm(unsigned long n, uint64_t *ticks)
{
	/*
	 * Real mode at 0x1000: ECX = n; loop: mov eax, 0; cpuid; loop ...;
	 * out 0x10, al (exit to user space); hlt.
	 */
	static const uint8_t code[] = {
		0x66, 0xb9, 0, 0, 0, 0,		/* mov ecx, n (patched) */
		0x66, 0x89, 0xce,		/* mov esi, ecx */
		0x66, 0x31, 0xc0,		/* xor eax, eax */
		0x66, 0x31, 0xc9,		/* xor ecx, ecx */
		0x0f, 0xa2,			/* cpuid */
		0x66, 0x4e,			/* dec esi */
		0x75, 0xf3,			/* jnz back to xor eax */
		0xe6, 0x10,			/* out 0x10, al */
		0xf4,				/* hlt */
	};
	struct kvm_userspace_memory_region region;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct kvm_run *run;
	int kvm, vm, vcpu, size;
	uint64_t t0, t1;
	uint8_t *mem;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		perror("pv-bench-cpuid: /dev/kvm");
		return -1;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		perror("pv-bench-cpuid: KVM_CREATE_VM");
		return -1;
	}
	mem = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return -1;
	memcpy(mem + 0x1000, code, sizeof(code));
	memcpy(mem + 0x1000 + 2, &n, 4);
	region = (struct kvm_userspace_memory_region){
		.slot = 0, .guest_phys_addr = 0, .memory_size = 0x10000,
		.userspace_addr = (uintptr_t)mem,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		perror("pv-bench-cpuid: KVM_SET_USER_MEMORY_REGION");
		return -1;
	}
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vcpu < 0 || size <= 0)
		return -1;
	run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		return -1;
	ioctl(vcpu, KVM_GET_SREGS, &sregs);
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	ioctl(vcpu, KVM_SET_SREGS, &sregs);
	memset(&regs, 0, sizeof(regs));
	regs.rip = 0x1000;
	regs.rflags = 2;
	ioctl(vcpu, KVM_SET_REGS, &regs);

	t0 = __rdtsc();
	if (ioctl(vcpu, KVM_RUN, 0) < 0 || run->exit_reason != KVM_EXIT_IO) {
		fprintf(stderr, "pv-bench-cpuid: guest exited with reason %u\n", run->exit_reason);
		return -1;
	}
	t1 = __rdtsc();
	*ticks = t1 - t0;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n;
	uint64_t t0, t1, ticks;

	if (argc != 3 || (strcmp(argv[1], "root") && strcmp(argv[1], "kvm"))) {
		fprintf(stderr, "usage: pv-bench-cpuid root|kvm N\n");
		return 2;
	}
	n = strtoul(argv[2], NULL, 0);
	if (!n || n > 0x7fffffff)
		return 2;
	if (!strcmp(argv[1], "root")) {
		cpuid_loop(n / 10);	/* warm up */
		t0 = __rdtsc();
		cpuid_loop(n);
		t1 = __rdtsc();
		ticks = t1 - t0;
	} else if (bench_kvm(n, &ticks)) {
		return 1;
	}
	printf("cpuid-%s: %llu ticks (N=%lu)\n", argv[1], (unsigned long long)(ticks / n), n);
	return 0;
}
