// SPDX-License-Identifier: GPL-2.0
/*
 * partctl console NAME [--follow | --interactive]: the partition's console
 * output, from the oldest byte kept; --follow goes on until the partition
 * stops. --interactive follows too and sends stdin to the receive side of
 * the partition's COM1 (raw mode on a terminal; Ctrl-] detaches). With
 * stdin not a terminal, its end stops the sending, not the following.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <netlink/attr.h>

#include "partctl.h"
#include "pt_common.h"

struct chunk {
	uint64_t next;
	size_t got;
	uint64_t lost;
};

static int print_chunk(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PARTVISOR_ATTR_MAX + 1];
	struct chunk *c = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PARTVISOR_ATTR_MAX, pc_pt_policy) ||
	    !tb[PARTVISOR_ATTR_CONSOLE_OFFSET] || !tb[PARTVISOR_ATTR_CONSOLE_DATA])
		return NL_SKIP;
	c->got = nla_len(tb[PARTVISOR_ATTR_CONSOLE_DATA]);
	c->next = nla_get_u64(tb[PARTVISOR_ATTR_CONSOLE_OFFSET]);
	c->lost = tb[PARTVISOR_ATTR_CONSOLE_LOST] ? nla_get_u64(tb[PARTVISOR_ATTR_CONSOLE_LOST]) : 0;
	fwrite(nla_data(tb[PARTVISOR_ATTR_CONSOLE_DATA]), 1, c->got, stdout);
	return NL_OK;
}

static int state_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PARTVISOR_ATTR_MAX + 1];

	if (!pc_parse_pt(msg, tb) && tb[PARTVISOR_ATTR_STATE])
		*(unsigned int *)arg = nla_get_u32(tb[PARTVISOR_ATTR_STATE]);
	return NL_OK;
}

#define DETACH_KEY	0x1d	/* Ctrl-] */

/* What stdin gave and the partition has not taken yet. */
struct input {
	bool on, tty, detached;
	char buf[PARTVISOR_CONSOLE_CHUNK];
	size_t len;
};

static struct termios saved_tio;
static bool tio_saved;

static void restore_tty(void)
{
	if (tio_saved)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
}

static int raw_tty(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &saved_tio))
		return -1;
	t = saved_tio;
	cfmakeraw(&t);
	t.c_oflag |= OPOST;	/* the guest's "\n" still starts a line */
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t))
		return -1;
	tio_saved = true;
	atexit(restore_tty);
	return 0;
}

/* @arg: the bytes the kernel took, or UINT32_MAX until a reply says. */
static int taken_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PARTVISOR_ATTR_MAX + 1];

	/* Like the CONSOLE reply (print_chunk()), it names no partition. */
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PARTVISOR_ATTR_MAX, pc_pt_policy) ||
	    !tb[PARTVISOR_ATTR_CONSOLE_TAKEN])
		return NL_SKIP;
	*(uint32_t *)arg = nla_get_u32(tb[PARTVISOR_ATTR_CONSOLE_TAKEN]);
	return NL_OK;
}

/* Send what is pending; the UART's FIFO may take only part of it. */
static int send_input(struct pc_conn *conn, const char *name, struct input *in)
{
	uint32_t taken = UINT32_MAX;
	struct nl_msg *msg;
	int err;

	if (!in->len)
		return 0;
	msg = pc_msg(conn, PARTVISOR_CMD_CONSOLE_INPUT, 0);
	if (!msg || nla_put_string(msg, PARTVISOR_ATTR_NAME, name) ||
	    nla_put(msg, PARTVISOR_ATTR_CONSOLE_DATA, in->len, in->buf)) {
		nlmsg_free(msg);
		return PC_EXIT_KERNEL;
	}
	err = pc_transact(conn, msg, taken_cb, &taken, "console");
	if (err)
		return err;
	/* Sending it all again would repeat what the guest may have read. */
	if (taken == UINT32_MAX) {
		fprintf(stderr, "partctl: console: the kernel did not say how much input it took\n");
		return PC_EXIT_KERNEL;
	}
	if (taken > in->len)
		taken = in->len;
	memmove(in->buf, in->buf + taken, in->len - taken);
	in->len -= taken;
	return 0;
}

/* Read stdin if it has something and there is room; wait up to @ms for it. */
static void read_input(struct input *in, int ms)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	char *k;
	ssize_t n;

	if (!in->on || in->len == sizeof(in->buf)) {
		if (ms)
			nanosleep(&(struct timespec){ .tv_nsec = ms * 1000000L }, NULL);
		return;
	}
	if (poll(&p, 1, ms) <= 0)
		return;
	n = read(STDIN_FILENO, in->buf + in->len, sizeof(in->buf) - in->len);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		in->on = false;	/* end of input: go on following */
		return;
	}
	k = in->tty ? memchr(in->buf + in->len, DETACH_KEY, n) : NULL;
	if (k) {
		n = k - (in->buf + in->len);
		in->on = false;
		in->detached = true;
	}
	in->len += n;
}

static int console_loop(struct pc_conn *conn, const char *name, bool follow, struct input *in);

static int cmd_console(struct pc_conn *conn, int argc, char **argv)
{
	bool follow = false, interactive = false;
	struct input *in = NULL;
	const char *name = NULL;
	int i, err;

	for (i = 1; i < argc; i++) {
		if (pc_is_help(argv[i]))
			return pc_cmd_help("console");
		else if (!strcmp(argv[i], "--follow") || !strcmp(argv[i], "-f"))
			follow = true;
		else if (!strcmp(argv[i], "--interactive") || !strcmp(argv[i], "-i"))
			follow = interactive = true;
		else if (argv[i][0] != '-' && !name)
			name = argv[i];
		else
			return pc_usage_error("console", "unexpected argument '%s'", argv[i]);
	}
	err = pc_check_name("console", name);
	if (err)
		return err;
	err = pc_connect(conn);
	if (err)
		return err;
	if (interactive) {
		in = calloc(1, sizeof(*in));
		if (!in)
			return PC_EXIT_KERNEL;
		in->on = true;
		in->tty = isatty(STDIN_FILENO);
		if (in->tty) {
			if (raw_tty()) {
				perror("partctl: console: cannot put the terminal in raw mode");
				free(in);
				return PC_EXIT_KERNEL;
			}
			fprintf(stderr, "partctl: console %s: Ctrl-] detaches\r\n", name);
		}
	}
	err = console_loop(conn, name, follow, in);
	if (in && in->detached)
		fprintf(stderr, "\r\npartctl: console: detached\n");
	free(in);
	return err;
}

static int console_loop(struct pc_conn *conn, const char *name, bool follow, struct input *in)
{
	struct chunk c = {};
	unsigned int state;
	struct nl_msg *msg;
	int err;

	for (;;) {
		msg = pc_msg(conn, PARTVISOR_CMD_CONSOLE, 0);
		if (!msg || nla_put_string(msg, PARTVISOR_ATTR_NAME, name) ||
		    nla_put_u64(msg, PARTVISOR_ATTR_CONSOLE_OFFSET, c.next)) {
			nlmsg_free(msg);
			return PC_EXIT_KERNEL;
		}
		c.got = 0;
		err = pc_transact(conn, msg, print_chunk, &c, "console");
		if (err)
			return err;
		if (c.lost)
			fprintf(stderr, "partctl: console: %llu bytes were overwritten before they were read\n",
				(unsigned long long)c.lost);
		if (c.got)
			continue;
		fflush(stdout);
		if (in && in->detached)
			return PC_EXIT_OK;
		if (!follow)
			return PC_EXIT_OK;
		/* Caught up: wait a little while the partition runs. */
		state = 0;
		msg = pc_msg(conn, PARTVISOR_CMD_GET, 0);
		if (!msg || nla_put_string(msg, PARTVISOR_ATTR_NAME, name)) {
			nlmsg_free(msg);
			return PC_EXIT_KERNEL;
		}
		err = pc_transact(conn, msg, state_cb, &state, "console");
		if (err)
			return err;
		if (state != PARTVISOR_STATE_RUNNING) {
			follow = false;	/* one more read for what came last */
			continue;
		}
		if (!in) {
			nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
			continue;
		}
		/* Keys go out at once; a full FIFO is retried every 10 ms. */
		err = send_input(conn, name, in);
		if (err)
			return err;
		read_input(in, in->len ? 10 : 100);
		err = send_input(conn, name, in);
		if (err)
			return err;
	}
}

const struct pc_cmd pc_console_cmds[] = {
	{ "console", "console NAME [--follow | --interactive]",
	  "print a partition's console; --follow until it stops; --interactive also sends stdin (Ctrl-] detaches)",
	  cmd_console },
	{ NULL },
};
