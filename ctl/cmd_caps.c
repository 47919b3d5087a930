// SPDX-License-Identifier: GPL-2.0
/*
 * partctl caps: the VMX capabilities partvisor found on each CPU.
 */
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>
#include <linux/partvisor.h>

#include "partctl.h"

static const char * const feature_names[__PARTVISOR_VMX_F_MAX] = {
	[PARTVISOR_VMX_F_TRUE_CTLS] = "true_ctls",
	[PARTVISOR_VMX_F_VMCS_WB] = "vmcs_wb",
	[PARTVISOR_VMX_F_MSR_BITMAPS] = "msr_bitmaps",
	[PARTVISOR_VMX_F_SECONDARY_CTLS] = "secondary_ctls",
	[PARTVISOR_VMX_F_EPT] = "ept",
	[PARTVISOR_VMX_F_UNRESTRICTED_GUEST] = "unrestricted_guest",
	[PARTVISOR_VMX_F_VPID] = "vpid",
	[PARTVISOR_VMX_F_PREEMPTION_TIMER] = "preemption_timer",
	[PARTVISOR_VMX_F_EXIT_LOAD_EFER] = "exit_load_efer",
	[PARTVISOR_VMX_F_ENTRY_LOAD_EFER] = "entry_load_efer",
	[PARTVISOR_VMX_F_EXIT_LOAD_PAT] = "exit_load_pat",
	[PARTVISOR_VMX_F_ENTRY_LOAD_PAT] = "entry_load_pat",
	[PARTVISOR_VMX_F_EPT_WALK_4] = "ept_walk_4",
	[PARTVISOR_VMX_F_EPT_WB] = "ept_wb",
	[PARTVISOR_VMX_F_EPT_2M] = "ept_2m",
	[PARTVISOR_VMX_F_EPT_1G] = "ept_1g",
	[PARTVISOR_VMX_F_EPT_AD] = "ept_ad",
	[PARTVISOR_VMX_F_EPT_EXEC_ONLY] = "ept_exec_only",
	[PARTVISOR_VMX_F_INVEPT_SINGLE] = "invept_single",
	[PARTVISOR_VMX_F_INVEPT_ALL] = "invept_all",
	[PARTVISOR_VMX_F_INVVPID_SINGLE] = "invvpid_single",
	[PARTVISOR_VMX_F_INVVPID_ALL] = "invvpid_all",
	[PARTVISOR_VMX_F_PML] = "pml",
	[PARTVISOR_VMX_F_VMCS_SHADOWING] = "vmcs_shadowing",
	[PARTVISOR_VMX_F_APIC_ACCESS] = "apic_access",
	[PARTVISOR_VMX_F_APIC_REG_VIRT] = "apic_reg_virt",
	[PARTVISOR_VMX_F_VIRT_INTR_DELIVERY] = "virt_intr_delivery",
	[PARTVISOR_VMX_F_POSTED_INTR] = "posted_intr",
	[PARTVISOR_VMX_F_ACTIVITY_HLT] = "activity_hlt",
	[PARTVISOR_VMX_F_VMXON_OK] = "vmxon_ok",
};

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
			printf(" %s", feature_names[bit]);
		else
			printf(" bit%d", bit);
	}
	printf("\n  absent:");
	for (bit = 0; bit < __PARTVISOR_VMX_F_MAX; bit++)
		if (!(features & (1ULL << bit)))
			printf(" %s", feature_names[bit]);
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
		if (!strcmp(argv[i], "--cpu") && i + 1 < argc) {
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
