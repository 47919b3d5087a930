// SPDX-License-Identifier: GPL-2.0
/*
 * pv-run: run guest images as child partitions through /dev/partvisor.
 *
 *   pv-run [options] IMAGE [IMAGE...]
 *     --mem BYTES[K|M]   guest RAM (default 16M)
 *     --vcpus N          VPs (default 1)
 *     --strict           unclaimed ports and MSRs crash the partition
 *     --cmdline S        command line (each image; "%i" becomes its index)
 *     --name S           partition name (single image)
 *     --timeout MS       wait at most MS for the partitions to stop (default 600000)
 *     --stop-after MS    stop them from the root after MS if still running
 *     --loop N           create, run and destroy N times (one image)
 *     --restart          after the first run, start again and run once more
 *     --quiet            do not print the consoles
 *     --ready FILE       create FILE once every partition is started
 *
 * SIGTERM stops the partitions from the root and reports them as usual.
 *
 * All images run at the same time, one partition each. For each it prints
 * the console, then one line:
 *   pv-run: NAME state=STATE exit=CODE crash=REASON vp=N gpa=0x.. rip=0x.. detail=0x..
 * Exit status: 0 when every partition ended as the line says and nothing
 * went wrong in the tool; 1 on a tool or ioctl failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/partvisor.h>

#define MAX_IMAGES 8

static volatile sig_atomic_t terminate;

static void on_term(int sig)
{
	terminate = 1;
}

static const char *state_name(unsigned int s)
{
	static const char *const names[] = { "?", "created", "running", "stopped", "crashed" };

	return s < 5 ? names[s] : "?";
}

static const char *crash_name(unsigned int r)
{
	static const char *const names[] = {
		"none", "triple-fault", "memory", "unsupported", "invalid-state", "msr", "io",
		"string-io", "hypervisor",
	};

	return r < 9 ? names[r] : "?";
}

static void *read_file(const char *path, size_t *len)
{
	struct stat st;
	void *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		exit(1);
	}
	buf = malloc(st.st_size + 1);
	if (!buf || read(fd, buf, st.st_size) != st.st_size) {
		perror(path);
		exit(1);
	}
	close(fd);
	*len = st.st_size;
	return buf;
}

static unsigned long long parse_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (*end == 'K' || *end == 'k')
		v <<= 10;
	else if (*end == 'M' || *end == 'm')
		v <<= 20;
	else if (*end == 'G' || *end == 'g')
		v <<= 30;
	return v;
}

struct opts {
	unsigned long long mem;
	unsigned int vcpus, flags, timeout, stop_after, loop;
	const char *cmdline, *name, *ready;
	int restart, quiet;
};

static int create(const struct opts *o, int dev, const char *name)
{
	struct partvisor_create c = { .memory_size = o->mem, .vcpus = o->vcpus,
				      .flags = o->flags };
	int fd;

	if (name)
		snprintf(c.name, sizeof(c.name), "%s", name);
	fd = ioctl(dev, PARTVISOR_CREATE, &c);
	if (fd < 0)
		perror("pv-run: PARTVISOR_CREATE");
	return fd;
}

static int load(int fd, const char *path, const char *cmdline)
{
	struct partvisor_image img = { 0 };
	size_t len;
	void *data = read_file(path, &len);
	int r;

	img.data = (unsigned long)data;
	img.size = len;
	img.cmdline = (unsigned long)cmdline;
	r = ioctl(fd, PARTVISOR_LOAD_IMAGE, &img);
	if (r)
		perror("pv-run: PARTVISOR_LOAD_IMAGE");
	free(data);
	return r;
}

static void print_console(int fd)
{
	char buf[4096];
	ssize_t n;
	off_t pos = 0;

	while ((n = pread(fd, buf, sizeof(buf), pos)) > 0) {
		fwrite(buf, 1, n, stdout);
		pos += n;
	}
}

static int report(int fd, const char *label, int quiet)
{
	struct partvisor_state st;

	if (ioctl(fd, PARTVISOR_GET_STATE, &st)) {
		perror("pv-run: PARTVISOR_GET_STATE");
		return 1;
	}
	if (!quiet)
		print_console(fd);
	printf("pv-run: %s state=%s exit=%u crash=%s vp=%u gpa=%#llx rip=%#llx detail=%#llx intercepts=%llu hv=%llu root=%llu\n",
	       label, state_name(st.state), st.exit_code, crash_name(st.crash_reason), st.crash_vp,
	       (unsigned long long)st.crash_gpa, (unsigned long long)st.crash_rip,
	       (unsigned long long)st.crash_detail, (unsigned long long)st.intercepts,
	       (unsigned long long)st.hypervisor_bytes, (unsigned long long)st.root_bytes);
	fflush(stdout);
	return 0;
}

/* Wait for each partition; stop it after stop_after ms if asked. */
static int wait_all(int *fds, int n, const struct opts *o)
{
	struct partvisor_wait w;
	int i, err = 0;

	for (i = 0; i < n; i++) {
		w.timeout_ms = o->stop_after ? o->stop_after : o->timeout;
		w.reserved = 0;
		if (ioctl(fds[i], PARTVISOR_WAIT, &w) == 0)
			continue;
		if (errno == EINTR && terminate) {
			if (ioctl(fds[i], PARTVISOR_STOP)) {
				perror("pv-run: PARTVISOR_STOP");
				err = 1;
			}
		} else if (errno != ETIMEDOUT) {
			perror("pv-run: PARTVISOR_WAIT");
			err = 1;
		} else if (o->stop_after) {
			if (ioctl(fds[i], PARTVISOR_STOP)) {
				perror("pv-run: PARTVISOR_STOP");
				err = 1;
			}
		} else {
			fprintf(stderr, "pv-run: partition %d still running after %u ms\n", i,
				o->timeout);
			err = 1;
		}
	}
	return err;
}

int main(int argc, char **argv)
{
	struct opts o = { .mem = 16 << 20, .vcpus = 1, .timeout = 600000, .loop = 1 };
	int fds[MAX_IMAGES], n = 0, i, dev, err = 0;
	char cmd[256], label[64];
	unsigned int round;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--strict")) {
			o.flags |= PARTVISOR_CREATE_STRICT;
		} else if (!strcmp(a, "--restart")) {
			o.restart = 1;
		} else if (!strcmp(a, "--quiet")) {
			o.quiet = 1;
		} else if (v && !strcmp(a, "--mem")) {
			o.mem = parse_size(v), i++;
		} else if (v && !strcmp(a, "--vcpus")) {
			o.vcpus = atoi(v), i++;
		} else if (v && !strcmp(a, "--cmdline")) {
			o.cmdline = v, i++;
		} else if (v && !strcmp(a, "--name")) {
			o.name = v, i++;
		} else if (v && !strcmp(a, "--timeout")) {
			o.timeout = atoi(v), i++;
		} else if (v && !strcmp(a, "--stop-after")) {
			o.stop_after = atoi(v), i++;
		} else if (v && !strcmp(a, "--ready")) {
			o.ready = v, i++;
		} else if (v && !strcmp(a, "--loop")) {
			o.loop = atoi(v), i++;
		} else {
			fprintf(stderr, "pv-run: bad option %s\n", a);
			return 2;
		}
	}
	if (i >= argc || argc - i > MAX_IMAGES) {
		fprintf(stderr, "usage: pv-run [options] IMAGE...\n");
		return 2;
	}
	sigaction(SIGTERM, &(struct sigaction){ .sa_handler = on_term }, NULL);
	dev = open(PARTVISOR_DEVICE, O_RDWR);
	if (dev < 0) {
		perror("pv-run: " PARTVISOR_DEVICE);
		return 1;
	}
	for (round = 0; round < o.loop && !err; round++) {
		for (n = 0; i + n < argc; n++) {
			const char *c = o.cmdline ? o.cmdline : argv[i + n];
			char *p;

			snprintf(cmd, sizeof(cmd), "%s", c);
			p = strstr(cmd, "%i");
			if (p)
				p[0] = '0' + n, memmove(p + 1, p + 2, strlen(p + 2) + 1);
			fds[n] = create(&o, dev, argc - i == 1 ? o.name : NULL);
			if (fds[n] < 0 || load(fds[n], argv[i + n], cmd) ||
			    ioctl(fds[n], PARTVISOR_START)) {
				if (fds[n] >= 0)
					perror("pv-run: PARTVISOR_START");
				return 1;
			}
		}
		if (o.ready && round == 0)
			close(open(o.ready, O_CREAT | O_WRONLY, 0644));
		err = wait_all(fds, n, &o);
		if (o.restart && !err) {
			for (int k = 0; k < n; k++) {
				report(fds[k], "first-run", 1);
				if (ioctl(fds[k], PARTVISOR_START)) {
					perror("pv-run: PARTVISOR_START (restart)");
					return 1;
				}
			}
			err = wait_all(fds, n, &o);
		}
		for (int k = 0; k < n; k++) {
			snprintf(label, sizeof(label), "%s", argv[i + k]);
			if (o.loop == 1 || round == o.loop - 1)
				err |= report(fds[k], label, o.quiet);
			close(fds[k]);
		}
	}
	close(dev);
	return err;
}
