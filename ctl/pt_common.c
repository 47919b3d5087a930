// SPDX-License-Identifier: GPL-2.0
/*
 * partctl: what the partition commands share: argument checks the kernel
 * would refuse anyway (so that usage errors need no module), names of
 * states, crash reasons and events, JSON string output.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>

#include "partctl.h"
#include "pt_common.h"

struct nla_policy pc_pt_policy[PARTVISOR_ATTR_MAX + 1] = {
	[PARTVISOR_ATTR_NAME] = { .type = NLA_STRING },
	[PARTVISOR_ATTR_MEMORY] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_VCPUS] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_FLAGS] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_STATE] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_OWNER] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_EXIT_CODE] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_CRASH_REASON] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_CRASH_VP] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_CRASH_GPA] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_CRASH_RIP] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_CRASH_DETAIL] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_INTERCEPTS] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_UPTIME_MS] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_CONSOLE_OFFSET] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_CONSOLE_DATA] = { .type = NLA_UNSPEC },
	[PARTVISOR_ATTR_CONSOLE_LOST] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_CONSOLE_WRITTEN] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_HYPERVISOR_BYTES] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_ROOT_BYTES] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_EVENT] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_EXITED] = { .type = NLA_FLAG },
	[PARTVISOR_ATTR_EXITS] = { .type = NLA_NESTED },
	[PARTVISOR_ATTR_KVP_VALUE] = { .type = NLA_STRING },
	[PARTVISOR_ATTR_VMBUS] = { .type = NLA_NESTED },
	[PARTVISOR_ATTR_CONSOLE_TAKEN] = { .type = NLA_U32 },
};

struct nla_policy pc_exit_policy[PARTVISOR_EXIT_MAX + 1] = {
	[PARTVISOR_EXIT_IO_PORT ... PARTVISOR_EXIT_MAX] = { .type = NLA_U64 },
};

bool pc_name_ok(const char *name)
{
	size_t i, len = strlen(name);

	if (!len || len >= PARTVISOR_NAME_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("_.-", name[i]))
			return false;
	return true;
}

/* 0, or a usage error saying what is wrong with NAME (missing, or which rule). */
int pc_check_name(const char *cmd, const char *name)
{
	size_t len;

	if (!name)
		return pc_usage_error(cmd, "a partition name is needed");
	if (pc_name_ok(name))
		return 0;
	len = strlen(name);
	if (len >= PARTVISOR_NAME_LEN)
		return pc_usage_error(cmd, "'%s' is not a partition name: %zu characters, at most %d",
				      name, len, PARTVISOR_NAME_LEN - 1);
	if (!len)
		return pc_usage_error(cmd, "the partition name is empty");
	return pc_usage_error(cmd,
			      "'%s' is not a partition name: only A-Z, a-z, 0-9, '_', '.' and '-'",
			      name);
}

/* "64M", "2G", "4096", "512K": bytes, at most 1 TiB (no wrap-around). */
bool pc_parse_size(const char *s, uint64_t *out)
{
	const unsigned long long max = 1ULL << 40;
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno)
		return false;
	switch (*end) {
	case 'K': case 'k':
		shift = 10, end++;
		break;
	case 'M': case 'm':
		shift = 20, end++;
		break;
	case 'G': case 'g':
		shift = 30, end++;
		break;
	}
	/* Range first: the shift must not carry the value past 64 bits. */
	if (*end || v > max >> shift)
		return false;
	*out = v << shift;
	return true;
}

const char *pc_state_name(uint32_t state)
{
	static const char *const names[] = { "unknown", "created", "running", "stopped", "crashed" };

	return state < 5 ? names[state] : "unknown";
}

const char *pc_crash_name(uint32_t reason)
{
	static const char *const names[] = {
		"none", "triple-fault", "memory", "unsupported-exit", "invalid-state", "msr", "io",
		"string-io", "hypervisor",
	};

	return reason < 9 ? names[reason] : "unknown";
}

const char *pc_exit_name(unsigned int kind)
{
	static const char *const names[PARTVISOR_EXIT_MAX + 1] = {
		[PARTVISOR_EXIT_IO_PORT] = "io_port",
		[PARTVISOR_EXIT_MEMORY] = "memory",
		[PARTVISOR_EXIT_HALT] = "halt",
		[PARTVISOR_EXIT_INTERRUPT] = "interrupt",
		[PARTVISOR_EXIT_TIMESLICE] = "timeslice",
		[PARTVISOR_EXIT_TRIPLE_FAULT] = "triple_fault",
		[PARTVISOR_EXIT_MSR] = "msr",
		[PARTVISOR_EXIT_INVALID_STATE] = "invalid_state",
		[PARTVISOR_EXIT_OTHER] = "other",
	};

	return kind <= PARTVISOR_EXIT_MAX && names[kind] ? names[kind] : NULL;
}

const char *pc_event_name(uint32_t event)
{
	static const char *const names[] = {
		"unknown", "created", "started", "stopped", "crashed", "destroyed",
	};

	return event < 6 ? names[event] : "unknown";
}

void pc_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

int pc_parse_pt(struct nl_msg *msg, struct nlattr **tb)
{
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PARTVISOR_ATTR_MAX, pc_pt_policy) ||
	    !tb[PARTVISOR_ATTR_NAME]) {
		fprintf(stderr, "partctl: malformed message from the kernel, skipped\n");
		return -1;
	}
	return 0;
}
