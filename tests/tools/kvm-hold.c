// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-hold: keep a KVM virtual machine open so that kvm_intel holds VMX
 * (in Linux 6.1 it runs VMXON on every CPU while any VM exists).
 *
 *   kvm-hold READY_FILE   creates the VM, then READY_FILE, then waits
 *                         for end of file on stdin and closes the VM.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

int main(int argc, char **argv)
{
	char buf[64];
	int kvm, vm, fd;

	if (argc != 2) {
		fprintf(stderr, "usage: kvm-hold READY_FILE\n");
		return 2;
	}
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		perror("kvm-hold: /dev/kvm");
		return 1;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		perror("kvm-hold: KVM_CREATE_VM");
		return 1;
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror("kvm-hold: ready file");
		return 1;
	}
	close(fd);
	printf("kvm-hold: VM open, VMX held until stdin closes\n");
	fflush(stdout);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	close(vm);
	close(kvm);
	printf("kvm-hold: VM closed\n");
	return 0;
}
