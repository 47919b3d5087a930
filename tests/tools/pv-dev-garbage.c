// SPDX-License-Identifier: GPL-2.0
/*
 * pv-dev-garbage: hostile input through /dev/partvisor. Each request must
 * fail with the documented errno and change nothing: the partition it was
 * aimed at keeps its state, and a good request afterwards still works.
 *
 *   pv-dev-garbage GOOD_IMAGE    exit 0 if every check passed
 *   pv-dev-garbage --pvh VMLINUX PVH kernels (format 3, an initrd): a good
 *                                load, truncated, too big, 2 VPs, bad initrds
 *
 * Run as root; with --unprivileged it becomes uid 65534 (no capabilities)
 * and only checks that opening the device is refused: EACCES by its mode
 * 0600, or EPERM (no CAP_SYS_ADMIN) if the mode was opened to everyone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/partvisor.h>

static int failed, passed;

static void expect(const char *what, int ret, int want_errno)
{
	int ok = want_errno ? ret == -1 && errno == want_errno : ret >= 0;

	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s: ret %d errno %d (%s), wanted %s%s\n", what, ret, errno,
		       strerror(errno), want_errno ? "errno " : "success",
		       want_errno ? strerror(want_errno) : "");
	}
	if (ret >= 0 && want_errno && ret > 2)
		close(ret);	/* an fd created by mistake */
}

static struct partvisor_create good_create(void)
{
	struct partvisor_create c = { .memory_size = 4 << 20, .vcpus = 1 };

	return c;
}

static void bad_creates(int dev)
{
	struct partvisor_create c;
	int fd;

#define TRY(field_change, err) do {					\
		c = good_create();					\
		field_change;						\
		expect("create: " #field_change, ioctl(dev, PARTVISOR_CREATE, &c), err); \
	} while (0)

	TRY(c.memory_size = 0, EINVAL);
	TRY(c.memory_size = (2 << 20) - 4096, EINVAL);
	TRY(c.memory_size = (4 << 20) + 1, EINVAL);
	TRY(c.memory_size = (4ULL << 30) + 4096, EINVAL);
	TRY(c.memory_size = ~0ULL, EINVAL);
	TRY(c.vcpus = 0, EINVAL);
	TRY(c.vcpus = 17, EINVAL);
	TRY(c.vcpus = ~0U, EINVAL);
	TRY(c.flags = 2, EINVAL);
	TRY(c.flags = 0x80000000, EINVAL);
	TRY(c.console_size = 3000, EINVAL);
	TRY(c.console_size = 2048, EINVAL);
	TRY(c.console_size = 2 << 20, EINVAL);
	TRY(c.reserved0 = 1, EINVAL);
	TRY(c.reserved[3] = 1, EINVAL);
	TRY(strcpy(c.name, "bad name"), EINVAL);
	TRY(strcpy(c.name, "bad/name"), EINVAL);
	TRY(memset(c.name, 'a', sizeof(c.name)), EINVAL);	/* no NUL */
	expect("create: NULL argument", ioctl(dev, PARTVISOR_CREATE, NULL), EFAULT);
	expect("create: unmapped argument", ioctl(dev, PARTVISOR_CREATE, (void *)8), EFAULT);
	expect("device: unknown ioctl", ioctl(dev, _IO(PARTVISOR_IOCTL, 0x7f)), ENOTTY);
	expect("device: partition ioctl on the device", ioctl(dev, PARTVISOR_START), ENOTTY);

	/* Duplicate names: the second is refused, the first is untouched. */
	c = good_create();
	strcpy(c.name, "dup");
	fd = ioctl(dev, PARTVISOR_CREATE, &c);
	expect("create: first 'dup'", fd, 0);
	expect("create: second 'dup'", ioctl(dev, PARTVISOR_CREATE, &c), EEXIST);
	if (fd >= 0)
		close(fd);
	/* Closing destroyed it: the name is free again. */
	fd = ioctl(dev, PARTVISOR_CREATE, &c);
	expect("create: 'dup' after close", fd, 0);
	if (fd >= 0)
		close(fd);
#undef TRY
}

static void bad_hvcalls(int dev)
{
	struct partvisor_hvcall h = { 0 };
	unsigned char out[64];

	h.control = 0x0040;	/* CreatePartition: not for user space */
	expect("hvcall: management code", ioctl(dev, PARTVISOR_HVCALL, &h), EPERM);
	h.control = 0x0f01;	/* devirtualize */
	expect("hvcall: devirtualize", ioctl(dev, PARTVISOR_HVCALL, &h), EPERM);
	h.control = 0x0f00 | (1ULL << 63);	/* reserved bit */
	expect("hvcall: reserved control bit", ioctl(dev, PARTVISOR_HVCALL, &h), EPERM);
	h.control = 0x0f00;
	h.output_size = 8192;
	h.output = (unsigned long)out;
	expect("hvcall: output too big", ioctl(dev, PARTVISOR_HVCALL, &h), EINVAL);
	h.output_size = sizeof(out);
	h.reserved[1] = 1;
	expect("hvcall: reserved field", ioctl(dev, PARTVISOR_HVCALL, &h), EINVAL);
	h.reserved[1] = 0;
	h.output = 0;
	expect("hvcall: output size without pointer", ioctl(dev, PARTVISOR_HVCALL, &h), EINVAL);
	h.output = (unsigned long)out;
	expect("hvcall: get-version", ioctl(dev, PARTVISOR_HVCALL, &h), 0);
	if ((h.result & 0xffff) != 0 || out[4] != 1) {
		failed++;
		printf("FAIL hvcall: get-version result %#llx minor %u\n",
		       (unsigned long long)h.result, out[4]);
	}
}

static unsigned int state_of(int fd)
{
	struct partvisor_state st;

	if (ioctl(fd, PARTVISOR_GET_STATE, &st))
		return 0;
	return st.state;
}

static void bad_partition_calls(int dev, const char *good, size_t good_len)
{
	struct partvisor_create c = good_create();
	unsigned char junk[256], elf[64];
	struct partvisor_image img;
	struct partvisor_wait w = { .timeout_ms = 1 };
	int fd = ioctl(dev, PARTVISOR_CREATE, &c);
	char longline[400];

	expect("create: a good one", fd, 0);
	if (fd < 0)
		return;
	expect("start without an image", ioctl(fd, PARTVISOR_START), ENOEXEC);
	expect("stop when not running", ioctl(fd, PARTVISOR_STOP), EALREADY);
	expect("unknown partition ioctl", ioctl(fd, _IO(PARTVISOR_IOCTL, 0x7e)), ENOTTY);
	expect("device ioctl on a partition", ioctl(fd, PARTVISOR_CREATE, &c), ENOTTY);

#define LOAD(change, err) do {						\
		memset(&img, 0, sizeof(img));				\
		img.data = (unsigned long)good;				\
		img.size = good_len;					\
		change;							\
		expect("load: " #change, ioctl(fd, PARTVISOR_LOAD_IMAGE, &img), err); \
	} while (0)

	LOAD(img.size = 0, EINVAL);
	LOAD(img.size = (64 << 20) + 1, EINVAL);
	LOAD(img.format = 4, EINVAL);
	LOAD(img.reserved0 = 1, EINVAL);
	LOAD(img.initrd_size = 1, EINVAL);	/* no initrd pointer */
	/* An ELF32 multiboot image takes it as its module 0; a flat one none. */
	LOAD((img.initrd = (unsigned long)good, img.initrd_size = 1), 0);
	LOAD((img.format = PARTVISOR_IMAGE_FLAT, img.initrd = (unsigned long)good,
	      img.initrd_size = 1), EINVAL);
	LOAD((img.format = PARTVISOR_IMAGE_PVH, img.initrd = 8, img.initrd_size = 1), EFAULT);
	LOAD((img.format = PARTVISOR_IMAGE_PVH, img.initrd = (unsigned long)good,
	      img.initrd_size = (64 << 20) + 1), EINVAL);
	/* A multiboot guest is not a PVH kernel: no PHYS32_ENTRY note. */
	LOAD(img.format = PARTVISOR_IMAGE_PVH, ENOEXEC);
	LOAD(img.data = 8, EFAULT);
	LOAD(img.cmdline = 8, EFAULT);
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = 0;
	LOAD(img.cmdline = (unsigned long)longline, E2BIG);
	/* Not an ELF we load: a truncated header, a wrong class. */
	memcpy(elf, "\177ELF", 4);
	memset(elf + 4, 0, sizeof(elf) - 4);
	LOAD((img.data = (unsigned long)elf, img.size = 20), ENOEXEC);
	elf[4] = 2;	/* ELFCLASS64 but nothing else valid */
	LOAD((img.data = (unsigned long)elf, img.size = sizeof(elf)), ENOEXEC);
	LOAD((img.data = (unsigned long)good, img.size = 40, img.format = PARTVISOR_IMAGE_ELF),
	     ENOEXEC);
	memset(junk, 0x90, sizeof(junk));
	LOAD((img.data = (unsigned long)junk, img.size = sizeof(junk),
	      img.format = PARTVISOR_IMAGE_ELF), ENOEXEC);
	/* A flat image bigger than the partition's memory. */
	{
		size_t big = 5 << 20;
		char *p = calloc(1, big);

		LOAD((img.data = (unsigned long)p, img.size = big,
		      img.format = PARTVISOR_IMAGE_FLAT), E2BIG);
		free(p);
	}
	if (state_of(fd) != PARTVISOR_STATE_CREATED) {
		failed++;
		printf("FAIL bad requests changed the state to %u\n", state_of(fd));
	}
	/* Nothing got loaded by the failures: still no image to start. */
	expect("start after failed loads", ioctl(fd, PARTVISOR_START), ENOEXEC);
	expect("wait: reserved", ioctl(fd, PARTVISOR_WAIT, &(struct partvisor_wait){ 1, 1 }),
	       EINVAL);

	/* Now the good path still works on the same partition. */
	LOAD((void)0, 0);
	expect("start", ioctl(fd, PARTVISOR_START), 0);
	w.timeout_ms = 600000;
	expect("wait", ioctl(fd, PARTVISOR_WAIT, &w), 0);
	if (state_of(fd) != PARTVISOR_STATE_STOPPED) {
		failed++;
		printf("FAIL the good image did not run to its end (state %u)\n", state_of(fd));
	}
	expect("stop a stopped partition", ioctl(fd, PARTVISOR_STOP), EALREADY);
	expect("lseek to 0", (int)lseek(fd, 0, SEEK_SET), 0);
	expect("read the console", (int)read(fd, junk, sizeof(junk)), 0);
	close(fd);
#undef LOAD
}

static unsigned int flags_of(int fd)
{
	struct partvisor_state st;

	return ioctl(fd, PARTVISOR_GET_STATE, &st) ? ~0U : st.flags;
}

/* PVH kernels through the ioctl: loads, its refusals, no image after one. */
static int pvh_loads(int dev, const char *kernel, size_t len)
{
	struct partvisor_create c = { .memory_size = 32 << 20, .vcpus = 1 };
	static char initrd[4096] = "initrd";
	struct partvisor_image img;
	int fd, small, smp;

	fd = ioctl(dev, PARTVISOR_CREATE, &c);
	expect("pvh: create 32M", fd, 0);
	c.memory_size = 16 << 20;
	small = ioctl(dev, PARTVISOR_CREATE, &c);
	expect("pvh: create 16M", small, 0);
	c.vcpus = 2;
	c.memory_size = 32 << 20;
	smp = ioctl(dev, PARTVISOR_CREATE, &c);
	expect("pvh: create 2 VPs", smp, 0);
	if (fd < 0 || small < 0 || smp < 0)
		return 1;
#define PVH(f, change, err) do {					\
		memset(&img, 0, sizeof(img));				\
		img.data = (unsigned long)kernel;			\
		img.size = len;						\
		img.format = PARTVISOR_IMAGE_PVH;			\
		img.initrd = (unsigned long)initrd;			\
		img.initrd_size = sizeof(initrd);			\
		img.cmdline = (unsigned long)"console=ttyS0";		\
		change;							\
		expect("pvh: " #change, ioctl(f, PARTVISOR_LOAD_IMAGE, &img), err); \
	} while (0)
	PVH(fd, (void)0, 0);
	if (!(flags_of(fd) & PARTVISOR_STATE_F_IMAGE)) {
		failed++;
		printf("FAIL pvh: loaded, but no image flag\n");
	}
	PVH(fd, img.size = 4000000, ENOEXEC);		/* truncated */
	if (flags_of(fd) & PARTVISOR_STATE_F_IMAGE) {
		failed++;
		printf("FAIL pvh: a refused kernel left the image flag\n");
	}
	PVH(fd, (img.initrd = 0, img.initrd_size = 0), 0);	/* no initrd */
	PVH(fd, img.initrd = 8, EFAULT);
	PVH(fd, img.format = PARTVISOR_IMAGE_ELF, EINVAL);	/* a module for an ELF64 */
	PVH(fd, img.format = PARTVISOR_IMAGE_FLAT, EINVAL);	/* a flat image takes none */
	PVH(small, (void)0, E2BIG);				/* loads at 16 MiB */
	PVH(smp, (void)0, 0);	/* VP 1 waits for a SIPI */
	close(smp);
	close(small);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct stat st;
	char *good;
	int dev, f;

	if (argc == 2 && !strcmp(argv[1], "--unprivileged")) {
		/*
		 * The mode refuses others (EACCES); with a mode that lets them
		 * in, the capability check must (EPERM).
		 */
		int want = stat(PARTVISOR_DEVICE, &st) == 0 && (st.st_mode & 0006) == 0006 ?
			   EPERM : EACCES;

		/* From root to nobody: the capabilities go with the uid. */
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)) {
			perror("setresuid");
			return 2;
		}
		dev = open(PARTVISOR_DEVICE, O_RDWR);
		expect(want == EPERM ? "open without CAP_SYS_ADMIN (mode 0666)" :
		       "open as an unprivileged user (mode 0600)", dev, want);
		printf("pv-dev-garbage: %d passed, %d failed\n", passed, failed);
		return failed != 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--pvh") && !stat(argv[2], &st)) {
		good = malloc(st.st_size);
		f = open(argv[2], O_RDONLY);
		if (!good || f < 0 || read(f, good, st.st_size) != st.st_size) {
			perror(argv[2]);
			return 2;
		}
		dev = open(PARTVISOR_DEVICE, O_RDWR);
		if (dev < 0) {
			perror(PARTVISOR_DEVICE);
			return 2;
		}
		if (pvh_loads(dev, good, st.st_size))
			return 1;
		printf("pv-dev-garbage: %d passed, %d failed\n", passed, failed);
		return failed != 0;
	}
	if (argc != 2 || stat(argv[1], &st)) {
		fprintf(stderr, "usage: pv-dev-garbage GOOD_IMAGE | --unprivileged | --pvh VMLINUX\n");
		return 2;
	}
	good = malloc(st.st_size);
	f = open(argv[1], O_RDONLY);
	if (!good || f < 0 || read(f, good, st.st_size) != st.st_size) {
		perror(argv[1]);
		return 2;
	}
	dev = open(PARTVISOR_DEVICE, O_RDWR);
	if (dev < 0) {
		perror(PARTVISOR_DEVICE);
		return 1;
	}
	bad_creates(dev);
	bad_hvcalls(dev);
	bad_partition_calls(dev, good, st.st_size);
	printf("pv-dev-garbage: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
