// SPDX-License-Identifier: GPL-2.0
/*
 * partctl list | info: what partitions exist and how they are, as a table,
 * key: value lines, or JSON (--json).
 */
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>

#include "partctl.h"
#include "pt_common.h"

struct show {
	bool json;
	bool list;
	unsigned int n;
};

static unsigned long long u64a(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u64(tb[a]) : 0;
}

static unsigned int u32a(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u32(tb[a]) : 0;
}

/*
 * The exit counters, by kind, as "io_port=N halt=N ..." or a JSON object;
 * kinds this partctl does not know are left out, missing ones are 0.
 */
static void print_exits(struct nlattr **tb, bool json)
{
	struct nlattr *ex[PARTVISOR_EXIT_MAX + 1] = {};
	unsigned int i, n = 0;

	if (tb[PARTVISOR_ATTR_EXITS] &&
	    nla_parse_nested(ex, PARTVISOR_EXIT_MAX, tb[PARTVISOR_ATTR_EXITS], pc_exit_policy))
		memset(ex, 0, sizeof(ex));
	printf(json ? "{" : "exits:");
	for (i = 0; i <= PARTVISOR_EXIT_MAX; i++) {
		unsigned long long v = ex[i] ? nla_get_u64(ex[i]) : 0;

		if (!pc_exit_name(i))
			continue;
		if (json)
			printf("%s\"%s\":%llu", n++ ? "," : "", pc_exit_name(i), v);
		else
			printf(" %s=%llu", pc_exit_name(i), v);
	}
	printf(json ? "}" : "\n");
}

static void json_one(struct nlattr **tb)
{
	printf("{\"name\":");
	pc_json_string(stdout, nla_get_string(tb[PARTVISOR_ATTR_NAME]));
	printf(",\"state\":\"%s\",\"owner\":\"%s\",\"memory\":%llu,\"vcpus\":%u,"
	       "\"strict\":%s,\"uptime_ms\":%llu,\"exited\":%s,\"exit_code\":%u,"
	       "\"crash_reason\":\"%s\",\"crash_vp\":%u,\"crash_gpa\":%llu,\"crash_rip\":%llu,"
	       "\"crash_detail\":%llu,\"intercepts\":%llu,\"console_written\":%llu,"
	       "\"hypervisor_bytes\":%llu,\"root_bytes\":%llu",
	       pc_state_name(u32a(tb, PARTVISOR_ATTR_STATE)),
	       u32a(tb, PARTVISOR_ATTR_OWNER) == PARTVISOR_OWNER_FILE ? "file" : "kernel",
	       u64a(tb, PARTVISOR_ATTR_MEMORY), u32a(tb, PARTVISOR_ATTR_VCPUS),
	       u32a(tb, PARTVISOR_ATTR_FLAGS) & PARTVISOR_CREATE_STRICT ? "true" : "false",
	       u64a(tb, PARTVISOR_ATTR_UPTIME_MS), tb[PARTVISOR_ATTR_EXITED] ? "true" : "false",
	       u32a(tb, PARTVISOR_ATTR_EXIT_CODE),
	       pc_crash_name(u32a(tb, PARTVISOR_ATTR_CRASH_REASON)),
	       u32a(tb, PARTVISOR_ATTR_CRASH_VP), u64a(tb, PARTVISOR_ATTR_CRASH_GPA),
	       u64a(tb, PARTVISOR_ATTR_CRASH_RIP), u64a(tb, PARTVISOR_ATTR_CRASH_DETAIL),
	       u64a(tb, PARTVISOR_ATTR_INTERCEPTS), u64a(tb, PARTVISOR_ATTR_CONSOLE_WRITTEN),
	       u64a(tb, PARTVISOR_ATTR_HYPERVISOR_BYTES), u64a(tb, PARTVISOR_ATTR_ROOT_BYTES));
	printf(",\"exits\":");
	print_exits(tb, true);
	printf(",\"vmbus\":");
	pc_print_vmbus(tb[PARTVISOR_ATTR_VMBUS], true);
	printf("}");
}

static int show_one(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PARTVISOR_ATTR_MAX + 1];
	struct show *s = arg;
	unsigned int state;

	if (pc_parse_pt(msg, tb))
		return NL_SKIP;
	state = u32a(tb, PARTVISOR_ATTR_STATE);
	if (s->json) {
		printf("%s", s->list && s->n ? "," : "");
		json_one(tb);
	} else if (s->list) {
		if (!s->n)
			printf("%-20s %-8s %5s %10s %10s  %s\n", "NAME", "STATE", "VCPUS", "MEMORY",
			       "UPTIME", "EXIT");
		printf("%-20s %-8s %5u %9lluM %9.1fs  ", nla_get_string(tb[PARTVISOR_ATTR_NAME]),
		       pc_state_name(state), u32a(tb, PARTVISOR_ATTR_VCPUS),
		       u64a(tb, PARTVISOR_ATTR_MEMORY) >> 20,
		       u64a(tb, PARTVISOR_ATTR_UPTIME_MS) / 1000.0);
		if (state == PARTVISOR_STATE_CRASHED)
			printf("crashed: %s\n", pc_crash_name(u32a(tb, PARTVISOR_ATTR_CRASH_REASON)));
		else if (tb[PARTVISOR_ATTR_EXITED])
			printf("%u\n", u32a(tb, PARTVISOR_ATTR_EXIT_CODE));
		else
			printf("-\n");
	} else {
		printf("name: %s\nstate: %s\nowner: %s\nmemory: %llu\nvcpus: %u\nstrict: %s\n"
		       "uptime_ms: %llu\n", nla_get_string(tb[PARTVISOR_ATTR_NAME]),
		       pc_state_name(state),
		       u32a(tb, PARTVISOR_ATTR_OWNER) == PARTVISOR_OWNER_FILE ? "file" : "kernel",
		       u64a(tb, PARTVISOR_ATTR_MEMORY), u32a(tb, PARTVISOR_ATTR_VCPUS),
		       u32a(tb, PARTVISOR_ATTR_FLAGS) & PARTVISOR_CREATE_STRICT ? "yes" : "no",
		       u64a(tb, PARTVISOR_ATTR_UPTIME_MS));
		if (tb[PARTVISOR_ATTR_EXITED])
			printf("exit_code: %u\n", u32a(tb, PARTVISOR_ATTR_EXIT_CODE));
		if (state == PARTVISOR_STATE_CRASHED)
			printf("crash_reason: %s\ncrash_vp: %u\ncrash_gpa: %#llx\ncrash_rip: %#llx\n"
			       "crash_detail: %#llx\n",
			       pc_crash_name(u32a(tb, PARTVISOR_ATTR_CRASH_REASON)),
			       u32a(tb, PARTVISOR_ATTR_CRASH_VP), u64a(tb, PARTVISOR_ATTR_CRASH_GPA),
			       u64a(tb, PARTVISOR_ATTR_CRASH_RIP),
			       u64a(tb, PARTVISOR_ATTR_CRASH_DETAIL));
		printf("intercepts: %llu\nconsole_written: %llu\nhypervisor_bytes: %llu\n"
		       "root_bytes: %llu\n", u64a(tb, PARTVISOR_ATTR_INTERCEPTS),
		       u64a(tb, PARTVISOR_ATTR_CONSOLE_WRITTEN),
		       u64a(tb, PARTVISOR_ATTR_HYPERVISOR_BYTES), u64a(tb, PARTVISOR_ATTR_ROOT_BYTES));
		print_exits(tb, false);
		pc_print_vmbus(tb[PARTVISOR_ATTR_VMBUS], false);
	}
	s->n++;
	return NL_OK;
}

static int cmd_list(struct pc_conn *conn, int argc, char **argv)
{
	struct show s = { .list = true };
	struct nl_msg *msg;
	int i, err;

	for (i = 1; i < argc; i++) {
		if (pc_is_help(argv[i]))
			return pc_cmd_help("list");
		else if (!strcmp(argv[i], "--json"))
			s.json = true;
		else
			return pc_usage_error("list", "unexpected argument '%s'", argv[i]);
	}
	err = pc_connect(conn);
	if (err)
		return err;
	msg = pc_msg(conn, PARTVISOR_CMD_GET, NLM_F_DUMP);
	if (!msg)
		return PC_EXIT_KERNEL;
	if (s.json)
		printf("[");
	err = pc_transact(conn, msg, show_one, &s, "list");
	if (s.json)
		printf("]\n");
	return err;
}

static int cmd_info(struct pc_conn *conn, int argc, char **argv)
{
	struct show s = {};
	const char *name = NULL;
	struct nl_msg *msg;
	int i, err;

	for (i = 1; i < argc; i++) {
		if (pc_is_help(argv[i]))
			return pc_cmd_help("info");
		else if (!strcmp(argv[i], "--json"))
			s.json = true;
		else if (argv[i][0] != '-' && !name)
			name = argv[i];
		else
			return pc_usage_error("info", "unexpected argument '%s'", argv[i]);
	}
	err = pc_check_name("info", name);
	if (err)
		return err;
	err = pc_connect(conn);
	if (err)
		return err;
	msg = pc_msg(conn, PARTVISOR_CMD_GET, 0);
	if (!msg || nla_put_string(msg, PARTVISOR_ATTR_NAME, name)) {
		nlmsg_free(msg);
		return PC_EXIT_KERNEL;
	}
	err = pc_transact(conn, msg, show_one, &s, "info");
	if (!err && s.json)
		printf("\n");
	return err;
}

const struct pc_cmd pc_show_cmds[] = {
	{ "list", "list [--json]", "list the partitions (anyone may)", cmd_list },
	{ "info", "info NAME [--json]", "state, memory, exit code or crash of a partition",
	  cmd_info },
	{ NULL },
};
