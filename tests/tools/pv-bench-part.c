// SPDX-License-Identifier: GPL-2.0
/*
 * pv-bench-part: TSC ticks of partition life cycles and of KVM's exits to
 * user space, for the partition benchmark (tests/scenarios/bench).
 *
 *   pv-bench-part pv N      create a 2 MiB, 1-VP partition, load a 4-byte
 *                           flat image whose first instruction stops it
 *                           (out to the exit port), start, wait, destroy;
 *                           N times
 *   pv-bench-part kvm N     the same with KVM: create VM, 2 MiB memory slot,
 *                           vCPU, registers, KVM_RUN to the guest's first
 *                           instruction (an OUT), close; N times
 *   pv-bench-part kvm-io N  one KVM guest doing N OUTs, each an exit to
 *                           user space and back (KVM_RUN again)
 *
 * Prints "<mode>: <ticks per iteration> ticks (N=<n>)".
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
#include <linux/partvisor.h>

#define MEM (2 << 20)

/* mov al, 0; out 0xf4, al; hlt */
static const uint8_t first_insn[] = { 0xb0, 0x00, 0xe6, 0xf4, 0xf4 };

static int pv_cycle(int dev)
{
	struct partvisor_create c = { .memory_size = MEM, .vcpus = 1 };
	struct partvisor_image img = { .data = (uintptr_t)first_insn, .size = sizeof(first_insn),
				       .format = PARTVISOR_IMAGE_FLAT };
	struct partvisor_wait w = { .timeout_ms = 60000 };
	struct partvisor_state st;
	int fd = ioctl(dev, PARTVISOR_CREATE, &c);

	if (fd < 0 || ioctl(fd, PARTVISOR_LOAD_IMAGE, &img) || ioctl(fd, PARTVISOR_START) ||
	    ioctl(fd, PARTVISOR_WAIT, &w) || ioctl(fd, PARTVISOR_GET_STATE, &st) ||
	    st.state != PARTVISOR_STATE_STOPPED || !(st.flags & PARTVISOR_STATE_F_EXITED)) {
		perror("pv-bench-part: partition cycle");
		return -1;
	}
	close(fd);
	return 0;
}

struct kvm_guest {
	int vm, vcpu;
	struct kvm_run *run;
	size_t run_size;
	uint8_t *mem;
};

/* A real-mode guest with @code at 0x1000. */
static int kvm_guest(int kvm, const uint8_t *code, size_t len, struct kvm_guest *g)
{
	struct kvm_userspace_memory_region region;
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	g->vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (g->vm < 0)
		return -1;
	g->mem = mmap(NULL, MEM, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (g->mem == MAP_FAILED)
		return -1;
	memcpy(g->mem + 0x1000, code, len);
	region = (struct kvm_userspace_memory_region){
		.slot = 0, .guest_phys_addr = 0, .memory_size = MEM,
		.userspace_addr = (uintptr_t)g->mem,
	};
	if (ioctl(g->vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return -1;
	g->vcpu = ioctl(g->vm, KVM_CREATE_VCPU, 0);
	g->run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (g->vcpu < 0 || (int)g->run_size <= 0)
		return -1;
	g->run = mmap(NULL, g->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, g->vcpu, 0);
	if (g->run == MAP_FAILED)
		return -1;
	if (ioctl(g->vcpu, KVM_GET_SREGS, &sregs))
		return -1;
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	memset(&regs, 0, sizeof(regs));
	regs.rip = 0x1000;
	regs.rflags = 2;
	if (ioctl(g->vcpu, KVM_SET_SREGS, &sregs) || ioctl(g->vcpu, KVM_SET_REGS, &regs))
		return -1;
	return 0;
}

static void kvm_guest_close(struct kvm_guest *g)
{
	munmap(g->run, g->run_size);
	close(g->vcpu);
	close(g->vm);
	munmap(g->mem, MEM);
}

static int kvm_cycle(int kvm)
{
	struct kvm_guest g;

	if (kvm_guest(kvm, first_insn, sizeof(first_insn), &g) ||
	    ioctl(g.vcpu, KVM_RUN, 0) || g.run->exit_reason != KVM_EXIT_IO) {
		perror("pv-bench-part: KVM cycle");
		return -1;
	}
	kvm_guest_close(&g);
	return 0;
}

static int kvm_io(int kvm, unsigned long n, uint64_t *ticks)
{
	/* out 0x80, al; jmp back */
	static const uint8_t loop[] = { 0xe6, 0x80, 0xeb, 0xfc };
	struct kvm_guest g;
	uint64_t t0;
	unsigned long i;

	if (kvm_guest(kvm, loop, sizeof(loop), &g))
		return -1;
	for (i = 0; i < 16; i++)	/* warm up */
		if (ioctl(g.vcpu, KVM_RUN, 0) || g.run->exit_reason != KVM_EXIT_IO)
			return -1;
	t0 = __rdtsc();
	for (i = 0; i < n; i++)
		if (ioctl(g.vcpu, KVM_RUN, 0) || g.run->exit_reason != KVM_EXIT_IO)
			return -1;
	*ticks = __rdtsc() - t0;
	kvm_guest_close(&g);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n, i;
	uint64_t t0, ticks = 0;
	int fd, err = 0;

	if (argc != 3)
		goto usage;
	n = strtoul(argv[2], NULL, 0);
	if (!n)
		goto usage;
	if (!strcmp(argv[1], "pv")) {
		fd = open(PARTVISOR_DEVICE, O_RDWR);
		if (fd < 0 || pv_cycle(fd))	/* warm up */
			return 1;
		t0 = __rdtsc();
		for (i = 0; i < n && !err; i++)
			err = pv_cycle(fd);
		ticks = __rdtsc() - t0;
	} else if (!strcmp(argv[1], "kvm") || !strcmp(argv[1], "kvm-io")) {
		fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			perror("pv-bench-part: /dev/kvm");
			return 1;
		}
		if (argv[1][3]) {
			err = kvm_io(fd, n, &ticks);
		} else {
			err = kvm_cycle(fd);
			t0 = __rdtsc();
			for (i = 0; i < n && !err; i++)
				err = kvm_cycle(fd);
			ticks = __rdtsc() - t0;
		}
	} else {
		goto usage;
	}
	if (err)
		return 1;
	printf("%s: %llu ticks (N=%lu)\n", argv[1], (unsigned long long)(ticks / n), n);
	return 0;
usage:
	fprintf(stderr, "usage: pv-bench-part pv|kvm|kvm-io N\n");
	return 2;
}
