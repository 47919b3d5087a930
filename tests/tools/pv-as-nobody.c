// SPDX-License-Identifier: GPL-2.0
/*
 * pv-as-nobody CMD [ARGS...]: run CMD as uid/gid 65534 with no
 * capabilities (the initramfs has no su).
 */
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: pv-as-nobody CMD [ARGS...]\n");
		return 2;
	}
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534)) {
		perror("pv-as-nobody");
		return 2;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
