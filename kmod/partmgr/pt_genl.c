// SPDX-License-Identifier: GPL-2.0
/*
 * The "partvisor" generic netlink family: the front end partctl speaks.
 *
 * Commands and attributes are in <linux/partvisor.h> and described in
 * Documentation/uapi.rst. Every attribute is validated by the policy
 * (strict validation: unknown attributes are rejected) before a handler
 * sees it, and every refusal carries an extended-ack message.
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/cpumask.h>
#include <linux/partvisor.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "pt_genl.h"
#include "../vmx/vmx_caps.h"

static const struct nla_policy pv_pt_genl_policy[PARTVISOR_ATTR_MAX + 1] = {
	[PARTVISOR_ATTR_CPU] = { .type = NLA_U32 },
};

static struct genl_family pv_pt_genl_family;

static int pv_pt_put_caps(struct sk_buff *skb, unsigned int cpu,
			  const struct pv_vmx_cpu *c, u32 portid, u32 seq,
			  int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &pv_pt_genl_family, flags,
			  PARTVISOR_CMD_GET_CAPS);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, PARTVISOR_ATTR_CPU, cpu) ||
	    nla_put_u32(skb, PARTVISOR_ATTR_VMCS_REVISION, c->caps.revision_id) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_VMX_FEATURES, c->caps.features,
			      PARTVISOR_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_VMX_BASIC, c->probe.msrs.basic,
			      PARTVISOR_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_VMX_EPT_VPID_CAP,
			      c->probe.msrs.ept_vpid_cap, PARTVISOR_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_VMX_MISC, c->probe.msrs.misc,
			      PARTVISOR_ATTR_PAD) ||
	    nla_put_u32(skb, PARTVISOR_ATTR_PREEMPTION_TIMER_RATE,
			c->caps.preemption_timer_rate)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int pv_pt_get_caps_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct pv_vmx_cpu *c;
	struct sk_buff *msg;
	unsigned int cpu;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, PARTVISOR_ATTR_CPU))
		return -EINVAL;
	cpu = nla_get_u32(info->attrs[PARTVISOR_ATTR_CPU]);
	c = pv_vmx_cpu_caps(cpu);
	if (!c) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[PARTVISOR_ATTR_CPU],
				    "no such CPU was probed (it was offline when partvisor loaded, or does not exist)");
		return -ENOENT;
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = pv_pt_put_caps(msg, cpu, c, info->snd_portid, info->snd_seq, 0);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: the next CPU to report. */
static int pv_pt_get_caps_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct pv_vmx_cpu *c;
	unsigned int cpu;

	for (cpu = cb->args[0]; cpu < nr_cpu_ids; cpu++) {
		c = pv_vmx_cpu_caps(cpu);
		if (!c)
			continue;
		if (pv_pt_put_caps(skb, cpu, c, NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
	}
	cb->args[0] = cpu;
	return skb->len;
}

static const struct genl_small_ops pv_pt_genl_ops[] = {
	{
		.cmd = PARTVISOR_CMD_GET_CAPS,
		.doit = pv_pt_get_caps_doit,
		.dumpit = pv_pt_get_caps_dumpit,
	},
};

static struct genl_family pv_pt_genl_family __ro_after_init = {
	.name = PARTVISOR_GENL_NAME,
	.version = PARTVISOR_GENL_VERSION,
	.maxattr = PARTVISOR_ATTR_MAX,
	.policy = pv_pt_genl_policy,
	.netnsok = false,
	.module = THIS_MODULE,
	.small_ops = pv_pt_genl_ops,
	.n_small_ops = ARRAY_SIZE(pv_pt_genl_ops),
	.resv_start_op = PARTVISOR_CMD_GET_CAPS + 1,
};

/**
 * pv_pt_genl_register() - expose the "partvisor" generic netlink family
 *
 * Return: 0 or the errno of genl_register_family().
 */
int pv_pt_genl_register(void)
{
	int err = genl_register_family(&pv_pt_genl_family);

	if (err)
		pr_err("cannot register generic netlink family '%s' (%d)\n",
		       PARTVISOR_GENL_NAME, err);
	return err;
}

/**
 * pv_pt_genl_unregister() - withdraw the "partvisor" family
 */
void pv_pt_genl_unregister(void)
{
	genl_unregister_family(&pv_pt_genl_family);
}
