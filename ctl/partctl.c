// SPDX-License-Identifier: GPL-2.0
/*
 * partctl: manage partvisor from the shell.
 *
 *   partctl [--version] [--help] COMMAND [ARGS...]
 *   partctl help COMMAND
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/partvisor.h>

#include "partctl.h"

#ifndef PARTCTL_VERSION
#define PARTCTL_VERSION "unknown"
#endif

static const struct pc_cmd *const pc_groups[] = {
	pc_pt_cmds,
	pc_show_cmds,
	pc_console_cmds,
	pc_monitor_cmds,
	pc_vmbus_cmds,
	pc_caps_cmds,
};

static const struct pc_cmd *pc_find(const char *name)
{
	const struct pc_cmd *c;
	size_t g;

	for (g = 0; g < sizeof(pc_groups) / sizeof(pc_groups[0]); g++)
		for (c = pc_groups[g]; c->name; c++)
			if (!strcmp(c->name, name))
				return c;
	return NULL;
}

static void pc_help(FILE *out)
{
	const struct pc_cmd *c;
	size_t g;

	fprintf(out, "usage: partctl [--version] [--help] COMMAND [ARGS...]\n\ncommands:\n");
	for (g = 0; g < sizeof(pc_groups) / sizeof(pc_groups[0]); g++)
		for (c = pc_groups[g]; c->name; c++)
			fprintf(out, "  %-24s %s\n", c->usage, c->help);
	fprintf(out, "\n'partctl help COMMAND' or 'partctl COMMAND --help' for one command.\n"
		"Exit codes: 0 ok, 1 kernel error, 2 usage, 3 not found or not loaded, 4 permission.\n");
}

int pc_usage_error(const char *cmd, const char *fmt, ...)
{
	const struct pc_cmd *c = pc_find(cmd);
	va_list ap;

	fprintf(stderr, "partctl: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: partctl %s\n", c ? c->usage : cmd);
	return PC_EXIT_USAGE;
}

bool pc_parse_uint(const char *s, unsigned int *out)
{
	unsigned long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > UINT_MAX)
		return false;
	*out = v;
	return true;
}

bool pc_is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

int pc_cmd_help(const char *name)
{
	const struct pc_cmd *cmd = pc_find(name);

	if (cmd)
		printf("usage: partctl %s\n%s\n", cmd->usage, cmd->help);
	return PC_EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct pc_cmd *cmd;
	struct pc_conn conn;
	int ret;

	if (argc < 2) {
		pc_help(stderr);
		return PC_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("partctl %s (genetlink family '%s' v%d)\n", PARTCTL_VERSION,
		       PARTVISOR_GENL_NAME, PARTVISOR_GENL_VERSION);
		return PC_EXIT_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		pc_help(stdout);
		return PC_EXIT_OK;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			pc_help(stdout);
			return PC_EXIT_OK;
		}
		cmd = pc_find(argv[2]);
		if (!cmd) {
			fprintf(stderr, "partctl: unknown command '%s'\n", argv[2]);
			return PC_EXIT_USAGE;
		}
		return pc_cmd_help(cmd->name);
	}

	cmd = pc_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "partctl: unknown command '%s' (see 'partctl --help')\n", argv[1]);
		return PC_EXIT_USAGE;
	}
	/*
	 * Commands parse their arguments first, then call pc_connect(). Each
	 * takes --help where an option may be (pc_is_help()): as the value of
	 * an option (--cmdline --help) it is only a value.
	 */
	conn.sk = NULL;
	ret = cmd->run(&conn, argc - 1, argv + 1);
	if (conn.sk)
		pc_disconnect(&conn);
	return ret;
}
