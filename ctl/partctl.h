/* SPDX-License-Identifier: GPL-2.0 */
/*
 * partctl: the command-line front end of partvisor (generic netlink, libnl).
 */
#ifndef PARTCTL_H
#define PARTCTL_H

#include <stdbool.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

/* Exit codes, documented in Documentation/partctl.rst. */
enum pc_exit {
	PC_EXIT_OK = 0,
	PC_EXIT_KERNEL = 1,	/* the kernel refused or failed the request */
	PC_EXIT_USAGE = 2,	/* bad command line */
	PC_EXIT_NOT_FOUND = 3,	/* no such object, or partvisor not loaded */
	PC_EXIT_PERM = 4,	/* not allowed */
};

struct pc_conn {
	struct nl_sock *sk;
	int family;
};

struct pc_cmd {
	const char *name;
	const char *usage;
	const char *help;
	int (*run)(struct pc_conn *conn, int argc, char **argv);
};

/* Each command group registers its commands from its own file. */
extern const struct pc_cmd pc_caps_cmds[];
extern const struct pc_cmd pc_pt_cmds[];
extern const struct pc_cmd pc_show_cmds[];
extern const struct pc_cmd pc_console_cmds[];
extern const struct pc_cmd pc_monitor_cmds[];
extern const struct pc_cmd pc_vmbus_cmds[];

int pc_connect(struct pc_conn *conn);
void pc_disconnect(struct pc_conn *conn);
struct nl_msg *pc_msg(struct pc_conn *conn, int cmd, int flags);
int pc_transact(struct pc_conn *conn, struct nl_msg *msg,
		int (*handler)(struct nl_msg *msg, void *arg), void *arg,
		const char *what);
int pc_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool pc_parse_uint(const char *s, unsigned int *out);
/* --help or -h, where an option may stand; pc_cmd_help() answers it. */
bool pc_is_help(const char *arg);
int pc_cmd_help(const char *name);

#endif
