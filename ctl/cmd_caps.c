// SPDX-License-Identifier: GPL-2.0
/*
 * partctl caps: the VMX capabilities partvisor found on each CPU.
 */
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>
#include <linux/partvisor.h>
#include <partvisor/feature_names.h>

#include "partctl.h"

static struct nla_policy caps_policy[PARTVISOR_ATTR_MAX + 1] = {
	[PARTVISOR_ATTR_CPU] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_VMCS_REVISION] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_VMX_FEATURES] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_VMX_BASIC] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_VMX_EPT_VPID_CAP] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_VMX_MISC] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_PREEMPTION_TIMER_RATE] = { .type = NLA_U32 },
};

static int caps_print(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PARTVISOR_ATTR_MAX + 1];
	unsigned long long features;
	unsigned int *count = arg;
	int bit;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PARTVISOR_ATTR_MAX, caps_policy) ||
	    !tb[PARTVISOR_ATTR_CPU] || !tb[PARTVISOR_ATTR_VMX_FEATURES]) {
		fprintf(stderr, "partctl: caps: malformed reply from the kernel, skipped\n");
		return NL_SKIP;
	}
	features = nla_get_u64(tb[PARTVISOR_ATTR_VMX_FEATURES]);
	printf("cpu %u:\n", nla_get_u32(tb[PARTVISOR_ATTR_CPU]));
	if (tb[PARTVISOR_ATTR_VMCS_REVISION])
		printf("  vmcs revision: %#x\n", nla_get_u32(tb[PARTVISOR_ATTR_VMCS_REVISION]));
	if (tb[PARTVISOR_ATTR_PREEMPTION_TIMER_RATE])
		printf("  preemption timer: 1 tick per 2^%u TSC ticks\n",
		       nla_get_u32(tb[PARTVISOR_ATTR_PREEMPTION_TIMER_RATE]));
	if (tb[PARTVISOR_ATTR_VMX_BASIC])
		printf("  IA32_VMX_BASIC: %#018llx\n",
		       (unsigned long long)nla_get_u64(tb[PARTVISOR_ATTR_VMX_BASIC]));
	if (tb[PARTVISOR_ATTR_VMX_EPT_VPID_CAP])
		printf("  IA32_VMX_EPT_VPID_CAP: %#018llx\n",
		       (unsigned long long)nla_get_u64(tb[PARTVISOR_ATTR_VMX_EPT_VPID_CAP]));
	printf("  features:");
	for (bit = 0; bit < 64; bit++) {
		if (!(features & (1ULL << bit)))
			continue;
		if (bit < __PARTVISOR_VMX_F_MAX)
			printf(" %s", partvisor_vmx_feature_names[bit]);
		else
			printf(" bit%d", bit);
	}
	printf("\n  absent:");
	for (bit = 0; bit < __PARTVISOR_VMX_F_MAX; bit++)
		if (!(features & (1ULL << bit)))
			printf(" %s", partvisor_vmx_feature_names[bit]);
	printf("\n");
	(*count)++;
	return NL_OK;
}

static int caps_run(struct pc_conn *conn, int argc, char **argv)
{
	unsigned int cpu = 0, count = 0;
	bool one = false;
	struct nl_msg *msg;
	int i, ret;

	for (i = 1; i < argc; i++) {
		if (pc_is_help(argv[i])) {
			return pc_cmd_help("caps");
		} else if (!strcmp(argv[i], "--cpu") && i + 1 < argc) {
			if (!pc_parse_uint(argv[++i], &cpu))
				return pc_usage_error("caps", "--cpu needs a CPU number, not '%s'",
						      argv[i]);
			one = true;
		} else {
			return pc_usage_error("caps", "unexpected argument '%s'", argv[i]);
		}
	}

	ret = pc_connect(conn);
	if (ret)
		return ret;
	msg = pc_msg(conn, PARTVISOR_CMD_GET_CAPS, one ? 0 : NLM_F_DUMP);
	if (!msg || (one && nla_put_u32(msg, PARTVISOR_ATTR_CPU, cpu))) {
		nlmsg_free(msg);
		fprintf(stderr, "partctl: out of memory\n");
		return PC_EXIT_KERNEL;
	}
	ret = pc_transact(conn, msg, caps_print, &count, "caps");
	if (ret == PC_EXIT_OK && count == 0) {
		fprintf(stderr, "partctl: caps: the kernel reported no CPU\n");
		return PC_EXIT_KERNEL;
	}
	return ret;
}

const struct pc_cmd pc_caps_cmds[] = {
	{ "caps", "caps [--cpu N]",
	  "Show the VMX capabilities partvisor found on each CPU at load.", caps_run },
	{ NULL, NULL, NULL, NULL },
};
