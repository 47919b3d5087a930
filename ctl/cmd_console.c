// SPDX-License-Identifier: GPL-2.0
/*
 * partctl console NAME [--follow]: the partition's console output, from
 * the oldest byte kept; --follow goes on until the partition stops.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
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

static int cmd_console(struct pc_conn *conn, int argc, char **argv)
{
	const char *name = NULL;
	struct chunk c = {};
	bool follow = false;
	unsigned int state;
	struct nl_msg *msg;
	int i, err;

	for (i = 1; i < argc; i++) {
		if (pc_is_help(argv[i]))
			return pc_cmd_help("console");
		else if (!strcmp(argv[i], "--follow") || !strcmp(argv[i], "-f"))
			follow = true;
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
		nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
	}
}

const struct pc_cmd pc_console_cmds[] = {
	{ "console", "console NAME [--follow]",
	  "print a partition's console; --follow until it stops", cmd_console },
	{ NULL },
};
