// SPDX-License-Identifier: GPL-2.0
/*
 * partctl monitor [--json]: print partition events (created, started,
 * stopped, crashed, destroyed) as they happen, one line each.
 */
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>

#include "partctl.h"
#include "pt_common.h"

static int print_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PARTVISOR_ATTR_MAX + 1];
	bool json = *(bool *)arg;
	unsigned int event, crash;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PARTVISOR_ATTR_MAX, pc_pt_policy) ||
	    !tb[PARTVISOR_ATTR_EVENT] || !tb[PARTVISOR_ATTR_NAME])
		return NL_SKIP;
	event = nla_get_u32(tb[PARTVISOR_ATTR_EVENT]);
	crash = tb[PARTVISOR_ATTR_CRASH_REASON] ? nla_get_u32(tb[PARTVISOR_ATTR_CRASH_REASON]) : 0;
	if (json) {
		printf("{\"event\":\"%s\",\"name\":", pc_event_name(event));
		pc_json_string(stdout, nla_get_string(tb[PARTVISOR_ATTR_NAME]));
		printf(",\"crash_reason\":\"%s\",\"exit_code\":%u}\n", pc_crash_name(crash),
		       tb[PARTVISOR_ATTR_EXIT_CODE] ? nla_get_u32(tb[PARTVISOR_ATTR_EXIT_CODE]) : 0);
	} else {
		printf("%s %s", pc_event_name(event), nla_get_string(tb[PARTVISOR_ATTR_NAME]));
		if (event == PARTVISOR_EVENT_CRASHED)
			printf(" (%s)", pc_crash_name(crash));
		printf("\n");
	}
	fflush(stdout);
	return NL_OK;
}

static int cmd_monitor(struct pc_conn *conn, int argc, char **argv)
{
	bool json = false;
	int i, grp, err;

	for (i = 1; i < argc; i++) {
		if (pc_is_help(argv[i]))
			return pc_cmd_help("monitor");
		else if (!strcmp(argv[i], "--json"))
			json = true;
		else
			return pc_usage_error("monitor", "unexpected argument '%s'", argv[i]);
	}
	err = pc_connect(conn);
	if (err)
		return err;
	grp = genl_ctrl_resolve_grp(conn->sk, PARTVISOR_GENL_NAME, PARTVISOR_MCGRP_EVENTS);
	if (grp < 0) {
		fprintf(stderr, "partctl: monitor: this partvisor has no '%s' group\n",
			PARTVISOR_MCGRP_EVENTS);
		return PC_EXIT_NOT_FOUND;
	}
	if (nl_socket_add_membership(conn->sk, grp)) {
		fprintf(stderr, "partctl: monitor: cannot join the '%s' group\n",
			PARTVISOR_MCGRP_EVENTS);
		return PC_EXIT_KERNEL;
	}
	nl_socket_disable_seq_check(conn->sk);
	nl_socket_modify_cb(conn->sk, NL_CB_VALID, NL_CB_CUSTOM, print_event, &json);
	fprintf(stderr, "partctl: monitor: listening\n");
	for (;;) {
		err = nl_recvmsgs_default(conn->sk);
		if (err < 0 && err != -NLE_INTR && err != -NLE_AGAIN) {
			fprintf(stderr, "partctl: monitor: %s\n", nl_geterror(err));
			return PC_EXIT_KERNEL;
		}
	}
}

const struct pc_cmd pc_monitor_cmds[] = {
	{ "monitor", "monitor [--json]", "print partition events as they happen", cmd_monitor },
	{ NULL },
};
