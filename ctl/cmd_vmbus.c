// SPDX-License-Identifier: GPL-2.0
/*
 * partctl kvp, and the VMBus part of partctl info: a partition's VMBus
 * connection, its channels and its heartbeat.
 */
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>

#include "partctl.h"
#include "pt_common.h"

static struct nla_policy vmbus_policy[PARTVISOR_VMBUS_MAX + 1] = {
	[PARTVISOR_VMBUS_CONNECTED] = { .type = NLA_FLAG },
	[PARTVISOR_VMBUS_VERSION] = { .type = NLA_U32 },
	[PARTVISOR_VMBUS_MESSAGES_IN] = { .type = NLA_U64 },
	[PARTVISOR_VMBUS_MESSAGES_OUT] = { .type = NLA_U64 },
	[PARTVISOR_VMBUS_ERRORS] = { .type = NLA_U64 },
	[PARTVISOR_VMBUS_HEARTBEATS] = { .type = NLA_U64 },
	[PARTVISOR_VMBUS_HEARTBEATS_LATE] = { .type = NLA_U64 },
	[PARTVISOR_VMBUS_HEARTBEAT_AGE_MS] = { .type = NLA_U64 },
	[PARTVISOR_VMBUS_CHANNEL] = { .type = NLA_NESTED },
};

static struct nla_policy channel_policy[PARTVISOR_CHANNEL_MAX + 1] = {
	[PARTVISOR_CHANNEL_NAME] = { .type = NLA_STRING },
	[PARTVISOR_CHANNEL_RELID] = { .type = NLA_U32 },
	[PARTVISOR_CHANNEL_STATE] = { .type = NLA_U32 },
	[PARTVISOR_CHANNEL_PACKETS_IN] = { .type = NLA_U64 },
	[PARTVISOR_CHANNEL_PACKETS_OUT] = { .type = NLA_U64 },
	[PARTVISOR_CHANNEL_REASON] = { .type = NLA_STRING },
};

static unsigned long long u64v(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u64(tb[a]) : 0;
}

static const char *channel_state(struct nlattr **tb)
{
	switch (tb[PARTVISOR_CHANNEL_STATE] ? nla_get_u32(tb[PARTVISOR_CHANNEL_STATE]) : 0) {
	case PARTVISOR_CHANNEL_OPEN:
		return "open";
	case PARTVISOR_CHANNEL_RESCINDED:
		return "rescinded";
	default:
		return "offered";
	}
}

/**
 * pc_print_vmbus() - the VMBus lines of partctl info
 * @vmbus: PARTVISOR_ATTR_VMBUS, or NULL (an older kernel)
 * @json: as a JSON object (the value of "vmbus"), else as text lines
 */
void pc_print_vmbus(struct nlattr *vmbus, bool json)
{
	struct nlattr *tb[PARTVISOR_VMBUS_MAX + 1] = {}, *ch[PARTVISOR_CHANNEL_MAX + 1], *a;
	unsigned int n = 0, version;
	int rem;

	if (vmbus && nla_parse_nested(tb, PARTVISOR_VMBUS_MAX, vmbus, vmbus_policy))
		memset(tb, 0, sizeof(tb));
	version = tb[PARTVISOR_VMBUS_VERSION] ? nla_get_u32(tb[PARTVISOR_VMBUS_VERSION]) : 0;
	if (json)
		printf("{\"connected\":%s,\"version\":\"%u.%u\",\"messages_in\":%llu,"
		       "\"messages_out\":%llu,\"errors\":%llu,\"heartbeats\":%llu,"
		       "\"heartbeats_late\":%llu,\"heartbeat_age_ms\":%lld,\"channels\":[",
		       tb[PARTVISOR_VMBUS_CONNECTED] ? "true" : "false", version >> 16,
		       version & 0xffff, u64v(tb, PARTVISOR_VMBUS_MESSAGES_IN),
		       u64v(tb, PARTVISOR_VMBUS_MESSAGES_OUT), u64v(tb, PARTVISOR_VMBUS_ERRORS),
		       u64v(tb, PARTVISOR_VMBUS_HEARTBEATS),
		       u64v(tb, PARTVISOR_VMBUS_HEARTBEATS_LATE),
		       tb[PARTVISOR_VMBUS_HEARTBEAT_AGE_MS] ?
		       (long long)nla_get_u64(tb[PARTVISOR_VMBUS_HEARTBEAT_AGE_MS]) : -1LL);
	else if (tb[PARTVISOR_VMBUS_CONNECTED])
		printf("vmbus: connected, version %u.%u, messages in %llu out %llu, errors %llu\n"
		       "heartbeat: %llu answered, %llu late, last %s%lld%s\n", version >> 16,
		       version & 0xffff, u64v(tb, PARTVISOR_VMBUS_MESSAGES_IN),
		       u64v(tb, PARTVISOR_VMBUS_MESSAGES_OUT), u64v(tb, PARTVISOR_VMBUS_ERRORS),
		       u64v(tb, PARTVISOR_VMBUS_HEARTBEATS),
		       u64v(tb, PARTVISOR_VMBUS_HEARTBEATS_LATE),
		       tb[PARTVISOR_VMBUS_HEARTBEAT_AGE_MS] ? "" : "never",
		       tb[PARTVISOR_VMBUS_HEARTBEAT_AGE_MS] ?
		       (long long)nla_get_u64(tb[PARTVISOR_VMBUS_HEARTBEAT_AGE_MS]) : 0LL,
		       tb[PARTVISOR_VMBUS_HEARTBEAT_AGE_MS] ? " ms ago" : "");
	else
		printf("vmbus: not connected (errors %llu)\n", u64v(tb, PARTVISOR_VMBUS_ERRORS));
	if (vmbus) {
		nla_for_each_nested(a, vmbus, rem) {
			if (nla_type(a) != PARTVISOR_VMBUS_CHANNEL ||
			    nla_parse_nested(ch, PARTVISOR_CHANNEL_MAX, a, channel_policy) ||
			    !ch[PARTVISOR_CHANNEL_NAME])
				continue;
			if (json) {
				printf("%s{\"name\":", n++ ? "," : "");
				pc_json_string(stdout, nla_get_string(ch[PARTVISOR_CHANNEL_NAME]));
				printf(",\"relid\":%u,\"state\":\"%s\",\"packets_in\":%llu,"
				       "\"packets_out\":%llu,\"reason\":",
				       ch[PARTVISOR_CHANNEL_RELID] ?
				       nla_get_u32(ch[PARTVISOR_CHANNEL_RELID]) : 0,
				       channel_state(ch), u64v(ch, PARTVISOR_CHANNEL_PACKETS_IN),
				       u64v(ch, PARTVISOR_CHANNEL_PACKETS_OUT));
				if (ch[PARTVISOR_CHANNEL_REASON])
					pc_json_string(stdout,
						       nla_get_string(ch[PARTVISOR_CHANNEL_REASON]));
				else
					printf("null");
				printf("}");
			} else {
				printf("channel: %s relid %u %s, packets in %llu out %llu%s%s\n",
				       nla_get_string(ch[PARTVISOR_CHANNEL_NAME]),
				       ch[PARTVISOR_CHANNEL_RELID] ?
				       nla_get_u32(ch[PARTVISOR_CHANNEL_RELID]) : 0,
				       channel_state(ch), u64v(ch, PARTVISOR_CHANNEL_PACKETS_IN),
				       u64v(ch, PARTVISOR_CHANNEL_PACKETS_OUT),
				       ch[PARTVISOR_CHANNEL_REASON] ? ": " : "",
				       ch[PARTVISOR_CHANNEL_REASON] ?
				       nla_get_string(ch[PARTVISOR_CHANNEL_REASON]) : "");
			}
		}
	}
	if (json)
		printf("]}");
}

static int kvp_value(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PARTVISOR_ATTR_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PARTVISOR_ATTR_MAX, pc_pt_policy) ||
	    !tb[PARTVISOR_ATTR_KVP_VALUE])
		return NL_SKIP;
	printf("%s\n", nla_get_string(tb[PARTVISOR_ATTR_KVP_VALUE]));
	*(bool *)arg = true;
	return NL_OK;
}

static int cmd_kvp(struct pc_conn *conn, int argc, char **argv)
{
	const char *name, *op, *key, *value = NULL;
	bool got = false;
	struct nl_msg *msg;
	int i, err;

	for (i = 1; i < argc; i++)
		if (pc_is_help(argv[i]))
			return pc_cmd_help("kvp");
	if (argc < 4)
		return pc_usage_error("kvp", "NAME, get or set, and a KEY are needed");
	name = argv[1];
	op = argv[2];
	key = argv[3];
	if (!strcmp(op, "set")) {
		if (argc != 5)
			return pc_usage_error("kvp", "set takes a KEY and a VALUE");
		value = argv[4];
	} else if (strcmp(op, "get") || argc != 4) {
		return pc_usage_error("kvp", "'%s': say get KEY or set KEY VALUE", op);
	}
	if (!*key || strlen(key) > PARTVISOR_KVP_KEY_MAX)
		return pc_usage_error("kvp", "a key has 1 to %d bytes", PARTVISOR_KVP_KEY_MAX);
	if (value && strlen(value) > PARTVISOR_KVP_VALUE_MAX)
		return pc_usage_error("kvp", "a value has at most %d bytes",
				      PARTVISOR_KVP_VALUE_MAX);
	err = pc_check_name("kvp", name);
	if (err)
		return err;
	err = pc_connect(conn);
	if (err)
		return err;
	msg = pc_msg(conn, PARTVISOR_CMD_KVP, 0);
	if (!msg || nla_put_string(msg, PARTVISOR_ATTR_NAME, name) ||
	    nla_put_string(msg, PARTVISOR_ATTR_KVP_KEY, key) ||
	    (value && nla_put_string(msg, PARTVISOR_ATTR_KVP_VALUE, value))) {
		nlmsg_free(msg);
		return PC_EXIT_KERNEL;
	}
	err = pc_transact(conn, msg, kvp_value, &got, "kvp");
	if (!err && !value && !got) {
		fprintf(stderr, "partctl: kvp: the kernel sent no value\n");
		return PC_EXIT_KERNEL;
	}
	return err;
}

const struct pc_cmd pc_vmbus_cmds[] = {
	{ "kvp", "kvp NAME get KEY | kvp NAME set KEY VALUE",
	  "read a value from, or give one to, the child (VMBus key-value exchange)", cmd_kvp },
	{ NULL },
};
