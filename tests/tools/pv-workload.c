// SPDX-License-Identifier: GPL-2.0
/*
 * pv-workload: a deterministic root workload whose output must not change
 * when partvisor is loaded: fork/exec, file I/O and page faults.
 *
 *   pv-workload DIR     prints checksums; exit 0 unless something failed
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static uint64_t mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ULL;
}

/* Touch 16 MiB page by page (page faults), twice, and checksum it. */
static uint64_t fault_pages(unsigned int seed)
{
	size_t size = 16 << 20, i;
	uint64_t h = 0xcbf29ce484222325ULL;
	unsigned char *p;

	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		exit(3);
	for (i = 0; i < size; i += 4096)
		p[i] = (unsigned char)(i / 4096 * 31 + seed);
	for (i = 0; i < size; i += 4096)
		h = mix(h, p[i]);
	munmap(p, size);
	return h;
}

static uint64_t file_io(const char *dir)
{
	char path[256], buf[65536];
	uint64_t h = 0xcbf29ce484222325ULL;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "%s/pv-workload.dat", dir);
	fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0600);
	if (fd < 0)
		exit(4);
	for (i = 0; i < 64; i++) {
		memset(buf, i, sizeof(buf));
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			exit(5);
	}
	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i += 512)
			h = mix(h, buf[i]);
	close(fd);
	unlink(path);
	return h;
}

int main(int argc, char **argv)
{
	uint64_t h = 0;
	int i, status, ok = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: pv-workload DIR\n");
		return 2;
	}
	for (i = 0; i < 50; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0)
			ok++;
	}
	printf("fork/exec: %d of 50 succeeded\n", ok);
	printf("file i/o: %016llx\n", (unsigned long long)file_io(argv[1]));
	for (i = 0; i < 4; i++)
		h = mix(h, fault_pages(i));
	printf("page faults: %016llx\n", (unsigned long long)h);
	return ok == 50 ? 0 : 1;
}
