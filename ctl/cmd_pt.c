// SPDX-License-Identifier: GPL-2.0
/*
 * partctl create | start | stop | destroy: partition life cycle.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>

#include "partctl.h"
#include "pt_common.h"

/* A file: its bytes (attribute @data) if they fit a message, else its absolute path. */
static int add_file(const char *path, struct nl_msg *msg, int data, int path_attr)
{
	char abs[PATH_MAX];
	struct stat st;
	char *buf;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "partctl: create: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return PC_EXIT_NOT_FOUND;
	}
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > PARTVISOR_IMAGE_MAX) {
		fprintf(stderr, "partctl: create: %s: not a regular file of 1 byte to 64 MiB\n",
			path);
		close(fd);
		return PC_EXIT_USAGE;
	}
	if (st.st_size > PARTVISOR_IMAGE_ATTR_MAX) {
		close(fd);
		if (!realpath(path, abs)) {
			fprintf(stderr, "partctl: create: %s: %s\n", path, strerror(errno));
			return PC_EXIT_NOT_FOUND;
		}
		return nla_put_string(msg, path_attr, abs) ? PC_EXIT_KERNEL : 0;
	}
	buf = malloc(st.st_size);
	if (!buf || read(fd, buf, st.st_size) != st.st_size) {
		fprintf(stderr, "partctl: create: cannot read %s\n", path);
		free(buf);
		close(fd);
		return PC_EXIT_KERNEL;
	}
	close(fd);
	err = nla_put(msg, data, st.st_size, buf);
	free(buf);
	if (err)
		fprintf(stderr, "partctl: create: cannot build the request: %s\n", nl_geterror(err));
	return err ? PC_EXIT_KERNEL : 0;
}

static int cmd_create(struct pc_conn *conn, int argc, char **argv)
{
	const char *name = NULL, *image = NULL, *kernel = NULL, *initrd = NULL, *cmdline = NULL;
	const char *module = NULL;
	unsigned int vcpus = 1, flags = 0;
	uint64_t memory = 0, console = 0;
	struct nl_msg *msg;
	int i, err;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (pc_is_help(a)) {
			return pc_cmd_help("create");
		} else if (!strcmp(a, "--strict")) {
			flags |= PARTVISOR_CREATE_STRICT;
		} else if (!strcmp(a, "--memory") || !strcmp(a, "--vcpus") ||
			   !strcmp(a, "--image") || !strcmp(a, "--cmdline") ||
			   !strcmp(a, "--kernel") || !strcmp(a, "--initrd") ||
			   !strcmp(a, "--module") || !strcmp(a, "--console-size")) {
			if (!v)
				return pc_usage_error("create", "%s needs a value", a);
			i++;
			if (!strcmp(a, "--memory") && !pc_parse_size(v, &memory))
				return pc_usage_error("create", "bad memory size '%s' (e.g. 64M)", v);
			if (!strcmp(a, "--vcpus") && (!pc_parse_uint(v, &vcpus) || !vcpus ||
						      vcpus > PARTVISOR_VCPUS_MAX))
				return pc_usage_error("create", "vcpus must be 1 to %d",
						      PARTVISOR_VCPUS_MAX);
			if (!strcmp(a, "--console-size") && !pc_parse_size(v, &console))
				return pc_usage_error("create", "bad console size '%s'", v);
			/* Sent as a u32: what does not fit must not be cut short. */
			if (!strcmp(a, "--console-size") && console > UINT32_MAX)
				return pc_usage_error("create",
						      "console size '%s' is too big (a power of two, 4K to 1M)",
						      v);
			if (!strcmp(a, "--image"))
				image = v;
			if (!strcmp(a, "--kernel"))
				kernel = v;
			if (!strcmp(a, "--initrd"))
				initrd = v;
			if (!strcmp(a, "--module"))
				module = v;
			if (!strcmp(a, "--cmdline"))
				cmdline = v;
		} else if (a[0] == '-') {
			return pc_usage_error("create", "unknown option '%s'", a);
		} else if (!name) {
			name = a;
		} else {
			return pc_usage_error("create", "unexpected argument '%s'", a);
		}
	}
	err = pc_check_name("create", name);
	if (err)
		return err;
	if (!memory)
		return pc_usage_error("create", "--memory is needed");
	if (image && kernel)
		return pc_usage_error("create", "give --image or --kernel, not both");
	if (!image && !kernel)
		return pc_usage_error("create", "--image or --kernel is needed");
	if (initrd && !kernel)
		return pc_usage_error("create", "--initrd goes only with --kernel");
	/* The kernel takes a module only with an ELF32 multiboot image. */
	if (module && !image)
		return pc_usage_error("create", "--module goes only with --image");
	if (cmdline && strlen(cmdline) > PARTVISOR_CMDLINE_MAX)
		return pc_usage_error("create", "the command line is longer than %d bytes",
				      PARTVISOR_CMDLINE_MAX);
	err = pc_connect(conn);
	if (err)
		return err;
	/* Room for an image of up to PARTVISOR_IMAGE_ATTR_MAX bytes. */
	nlmsg_set_default_size(PARTVISOR_IMAGE_ATTR_MAX + 4096);
	msg = pc_msg(conn, PARTVISOR_CMD_CREATE, 0);
	if (!msg)
		return PC_EXIT_KERNEL;
	if (nla_put_string(msg, PARTVISOR_ATTR_NAME, name) ||
	    nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, memory) ||
	    nla_put_u32(msg, PARTVISOR_ATTR_VCPUS, vcpus) ||
	    (flags && nla_put_u32(msg, PARTVISOR_ATTR_FLAGS, flags)) ||
	    (console && nla_put_u32(msg, PARTVISOR_ATTR_CONSOLE_SIZE, (uint32_t)console)) ||
	    (cmdline && nla_put_string(msg, PARTVISOR_ATTR_CMDLINE, cmdline)) ||
	    (kernel && nla_put_u32(msg, PARTVISOR_ATTR_IMAGE_FORMAT, PARTVISOR_IMAGE_PVH))) {
		nlmsg_free(msg);
		return PC_EXIT_KERNEL;
	}
	err = add_file(kernel ?: image, msg, PARTVISOR_ATTR_IMAGE, PARTVISOR_ATTR_IMAGE_PATH);
	/* Module 0 of a multiboot image travels as the initrd does. */
	if (!err && (initrd || module))
		err = add_file(initrd ?: module, msg, PARTVISOR_ATTR_INITRD,
			       PARTVISOR_ATTR_INITRD_PATH);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return pc_transact(conn, msg, NULL, NULL, "create");
}

/* start, stop, destroy: NAME and a few flags. */
static int simple(struct pc_conn *conn, int argc, char **argv, int cmd)
{
	const char *name = NULL;
	unsigned int timeout = 0;
	bool force = false, has_timeout = false;
	struct nl_msg *msg;
	int i, err;

	for (i = 1; i < argc; i++) {
		if (pc_is_help(argv[i])) {
			return pc_cmd_help(argv[0]);
		} else if (cmd == PARTVISOR_CMD_STOP && !strcmp(argv[i], "--force")) {
			force = true;
		} else if (cmd == PARTVISOR_CMD_STOP && !strcmp(argv[i], "--timeout")) {
			if (i + 1 >= argc || !pc_parse_uint(argv[i + 1], &timeout) ||
			    timeout > 3600)
				return pc_usage_error(argv[0], "--timeout needs 0 to 3600 seconds");
			has_timeout = true;
			i++;
		} else if (argv[i][0] == '-') {
			return pc_usage_error(argv[0], "unknown option '%s'", argv[i]);
		} else if (!name) {
			name = argv[i];
		} else {
			return pc_usage_error(argv[0], "unexpected argument '%s'", argv[i]);
		}
	}
	err = pc_check_name(argv[0], name);
	if (err)
		return err;
	err = pc_connect(conn);
	if (err)
		return err;
	msg = pc_msg(conn, cmd, 0);
	if (!msg || nla_put_string(msg, PARTVISOR_ATTR_NAME, name) ||
	    (force && nla_put_flag(msg, PARTVISOR_ATTR_FORCE)) ||
	    (has_timeout && nla_put_u32(msg, PARTVISOR_ATTR_TIMEOUT_MS, timeout * 1000))) {
		nlmsg_free(msg);
		return PC_EXIT_KERNEL;
	}
	return pc_transact(conn, msg, NULL, NULL, argv[0]);
}

static int cmd_start(struct pc_conn *conn, int argc, char **argv)
{
	return simple(conn, argc, argv, PARTVISOR_CMD_START);
}

static int cmd_stop(struct pc_conn *conn, int argc, char **argv)
{
	return simple(conn, argc, argv, PARTVISOR_CMD_STOP);
}

static int cmd_destroy(struct pc_conn *conn, int argc, char **argv)
{
	return simple(conn, argc, argv, PARTVISOR_CMD_DESTROY);
}

const struct pc_cmd pc_pt_cmds[] = {
	{ "create", "create NAME --memory SIZE (--image FILE [--module FILE] | --kernel VMLINUX [--initrd FILE]) [--vcpus N] [--cmdline S] [--console-size SIZE] [--strict]",
	  "create a partition (not started) from an ELF or flat image, or a PVH kernel", cmd_create },
	{ "start", "start NAME", "start a partition, or start a stopped one over", cmd_start },
	{ "stop", "stop NAME [--force] [--timeout S]",
	  "ask the guest to stop (port 0xf5), force it after S seconds (default 5)", cmd_stop },
	{ "destroy", "destroy NAME", "stop a partition and free it", cmd_destroy },
	{ NULL },
};
