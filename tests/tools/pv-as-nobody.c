// SPDX-License-Identifier: GPL-2.0
/*
 * pv-as-nobody [--cap NAME]... CMD [ARGS...]: run CMD as uid/gid 65534
 * (the initramfs has no su). Without --cap it has no capabilities; each
 * --cap keeps that one capability (net_admin, sys_admin) through the uid
 * change and the exec, as an ambient capability, and only those.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/capability.h>

static const struct {
	const char *name;
	int cap;
} caps[] = {
	{ "net_admin", CAP_NET_ADMIN },
	{ "sys_admin", CAP_SYS_ADMIN },
};

static int cap_of(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (!strcmp(caps[i].name, name))
			return caps[i].cap;
	return -1;
}

int main(int argc, char **argv)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = {};
	int keep[8], nkeep = 0, i = 1, c;

	while (i + 1 < argc && !strcmp(argv[i], "--cap")) {
		c = cap_of(argv[i + 1]);
		if (c < 0 || nkeep == 8) {
			fprintf(stderr, "pv-as-nobody: unknown capability '%s'\n", argv[i + 1]);
			return 2;
		}
		keep[nkeep++] = c;
		i += 2;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: pv-as-nobody [--cap NAME]... CMD [ARGS...]\n");
		return 2;
	}
	/* Keep the permitted set over setresuid(); the effective set goes. */
	if (nkeep && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)) {
		perror("pv-as-nobody: PR_SET_KEEPCAPS");
		return 2;
	}
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534)) {
		perror("pv-as-nobody");
		return 2;
	}
	if (nkeep) {
		/* Only the kept ones, permitted, effective and inheritable... */
		for (c = 0; c < nkeep; c++) {
			data[keep[c] / 32].permitted |= 1U << (keep[c] % 32);
			data[keep[c] / 32].effective |= 1U << (keep[c] % 32);
			data[keep[c] / 32].inheritable |= 1U << (keep[c] % 32);
		}
		if (syscall(SYS_capset, &hdr, data)) {
			perror("pv-as-nobody: capset");
			return 2;
		}
		/* ...and ambient, so that a non-root exec keeps them. */
		for (c = 0; c < nkeep; c++)
			if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, keep[c], 0, 0)) {
				perror("pv-as-nobody: PR_CAP_AMBIENT_RAISE");
				return 2;
			}
	}
	execvp(argv[i], argv + i);
	perror(argv[i]);
	return 127;
}
