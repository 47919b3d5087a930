// SPDX-License-Identifier: GPL-2.0
/*
 * The VMBus part of the "partvisor" generic netlink family: a partition's
 * VMBus server in GET replies (connection, channels, heartbeat) and the
 * KVP command. The rest of the family is pt_genl.c.
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/slab.h>
#include <net/genetlink.h>
#include <linux/partvisor.h>

#include "../vmbus/vmbus_core.h"
#include "../vmbus/vmbus_services.h"
#include "pt_core.h"
#include "pt_genl.h"

static_assert(PARTVISOR_CHANNEL_OFFERED == PV_VMBUS_CHAN_OFFERED);
static_assert(PARTVISOR_CHANNEL_OPEN == PV_VMBUS_CHAN_OPEN);
static_assert(PARTVISOR_CHANNEL_RESCINDED == PV_VMBUS_CHAN_RESCINDED);
static_assert(PARTVISOR_KVP_KEY_MAX == PV_VMBUS_KVP_KEY_MAX);
static_assert(PARTVISOR_KVP_VALUE_MAX == PV_VMBUS_KVP_VALUE_MAX);

static int put_channel(struct sk_buff *skb, const struct pv_vmbus_chan_info *c)
{
	struct nlattr *nest = nla_nest_start(skb, PARTVISOR_VMBUS_CHANNEL);

	if (!nest || nla_put_string(skb, PARTVISOR_CHANNEL_NAME, c->name) ||
	    nla_put_u32(skb, PARTVISOR_CHANNEL_RELID, c->relid) ||
	    nla_put_u32(skb, PARTVISOR_CHANNEL_STATE, c->state) ||
	    nla_put_u64_64bit(skb, PARTVISOR_CHANNEL_PACKETS_IN, c->packets_in,
			      PARTVISOR_CHANNEL_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_CHANNEL_PACKETS_OUT, c->packets_out,
			      PARTVISOR_CHANNEL_PAD) ||
	    (c->why && nla_put_string(skb, PARTVISOR_CHANNEL_REASON, c->why)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * pv_pt_genl_put_vmbus() - PARTVISOR_ATTR_VMBUS for a GET reply
 * @skb: the message
 * @pt: the partition
 *
 * Return: 0, or -EMSGSIZE (the caller cancels the message).
 */
int pv_pt_genl_put_vmbus(struct sk_buff *skb, struct pv_pt *pt)
{
	struct pv_vmbus_info *vi = kmalloc(sizeof(*vi), GFP_KERNEL);
	struct nlattr *nest;
	int err = -EMSGSIZE;
	unsigned int i;

	if (!vi)
		return -EMSGSIZE;
	pv_vmbus_get_info(pt->vmbus, vi);
	nest = nla_nest_start(skb, PARTVISOR_ATTR_VMBUS);
	if (!nest || (vi->connected && nla_put_flag(skb, PARTVISOR_VMBUS_CONNECTED)) ||
	    nla_put_u32(skb, PARTVISOR_VMBUS_VERSION, vi->version) ||
	    nla_put_u64_64bit(skb, PARTVISOR_VMBUS_MESSAGES_IN, vi->messages_in,
			      PARTVISOR_VMBUS_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_VMBUS_MESSAGES_OUT, vi->messages_out,
			      PARTVISOR_VMBUS_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_VMBUS_ERRORS, vi->errors, PARTVISOR_VMBUS_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_VMBUS_HEARTBEATS, vi->hb_beats, PARTVISOR_VMBUS_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_VMBUS_HEARTBEATS_LATE, vi->hb_late,
			      PARTVISOR_VMBUS_PAD) ||
	    (vi->hb_age_ms != U64_MAX &&
	     nla_put_u64_64bit(skb, PARTVISOR_VMBUS_HEARTBEAT_AGE_MS, vi->hb_age_ms,
			       PARTVISOR_VMBUS_PAD)))
		goto out;
	for (i = 0; i < vi->nr_chan; i++)
		if (put_channel(skb, &vi->chan[i]))
			goto out;
	nla_nest_end(skb, nest);
	err = 0;
out:
	kfree(vi);
	return err;
}

/**
 * pv_pt_genl_kvp_doit() - PARTVISOR_CMD_KVP: get or set a KVP value
 * @skb: the request
 * @info: its attributes: NAME, KVP_KEY, and KVP_VALUE to set
 *
 * Waits for the child's answer (at most 5 s).
 *
 * Return: 0 or a negative errno with an ext-ack message.
 */
int pv_pt_genl_kvp_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *val = info->attrs[PARTVISOR_ATTR_KVP_VALUE];
	char *value = NULL;
	struct sk_buff *msg = NULL;
	const char *why = NULL;
	struct pv_pt *pt;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, PARTVISOR_ATTR_KVP_KEY))
		return -EINVAL;
	pt = pv_pt_genl_named(info);
	if (IS_ERR(pt))
		return PTR_ERR(pt);
	value = kzalloc(PARTVISOR_KVP_VALUE_MAX + 1, GFP_KERNEL);
	if (!value) {
		err = -ENOMEM;
		goto out;
	}
	if (val)
		strscpy(value, nla_data(val), PARTVISOR_KVP_VALUE_MAX + 1);
	err = pv_vmbus_kvp(pt->vmbus, val, nla_data(info->attrs[PARTVISOR_ATTR_KVP_KEY]), value,
			   PARTVISOR_KVP_VALUE_MAX + 1, &why);
	if (err) {
		if (err == -EINVAL)
			NL_SET_BAD_ATTR(info->extack, info->attrs[PARTVISOR_ATTR_KVP_KEY]);
		pv_pt_genl_set_msg(info, why);
		goto out;
	}
	if (val)
		goto out;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	hdr = msg ? genlmsg_put_reply(msg, info, &pv_pt_genl_family, 0, PARTVISOR_CMD_KVP) : NULL;
	if (!hdr || nla_put_string(msg, PARTVISOR_ATTR_KVP_VALUE, value)) {
		nlmsg_free(msg);
		err = -ENOMEM;
		goto out;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
out:
	kfree(value);
	pv_pt_put(pt);
	return err;
}
