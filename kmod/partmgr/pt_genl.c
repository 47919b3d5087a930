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
#include <linux/kernel_read_file.h>
#include <linux/limits.h>
#include <linux/partvisor.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "pt_core.h"
#include "pt_genl.h"
#include "pt_state.h"
#include "../vmx/vmx_caps.h"

/*
 * Types and lengths only: the values of NAME, MEMORY, VCPUS,
 * CONSOLE_SIZE, TIMEOUT_MS and IMAGE_PATH are checked by
 * pv_pt_genl_pre_doit() with the partition manager's rules and messages.
 * (6.1 cannot put those messages in the policy: NLA_POLICY_VALIDATE_FN on
 * an integer works for parsing, but a policy dump reads its function
 * pointer as the s16 min/max of nla_get_range_unsigned() and warns.)
 */
static const struct nla_policy pv_pt_genl_policy[PARTVISOR_ATTR_MAX + 1] = {
	[PARTVISOR_ATTR_CPU] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_NAME] = { .type = NLA_NUL_STRING, .len = PARTVISOR_NAME_LEN - 1 },
	[PARTVISOR_ATTR_MEMORY] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_VCPUS] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_IMAGE_PATH] = { .type = NLA_NUL_STRING, .len = PATH_MAX - 1 },
	[PARTVISOR_ATTR_IMAGE] = { .type = NLA_BINARY, .len = PARTVISOR_IMAGE_ATTR_MAX },
	[PARTVISOR_ATTR_CMDLINE] = { .type = NLA_NUL_STRING, .len = PARTVISOR_CMDLINE_MAX },
	[PARTVISOR_ATTR_CONSOLE_SIZE] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_FLAGS] = NLA_POLICY_MASK(NLA_U32, PARTVISOR_CREATE_FLAGS),
	[PARTVISOR_ATTR_CONSOLE_OFFSET] = { .type = NLA_U64 },
	[PARTVISOR_ATTR_FORCE] = { .type = NLA_FLAG },
	[PARTVISOR_ATTR_TIMEOUT_MS] = { .type = NLA_U32 },
	[PARTVISOR_ATTR_KVP_KEY] = { .type = NLA_NUL_STRING, .len = PARTVISOR_KVP_KEY_MAX },
	[PARTVISOR_ATTR_KVP_VALUE] = { .type = NLA_NUL_STRING, .len = PARTVISOR_KVP_VALUE_MAX },
	[PARTVISOR_ATTR_IMAGE_FORMAT] = NLA_POLICY_MAX(NLA_U32, PARTVISOR_IMAGE_PVH),
	[PARTVISOR_ATTR_INITRD_PATH] = { .type = NLA_NUL_STRING, .len = PATH_MAX - 1 },
	[PARTVISOR_ATTR_INITRD] = { .type = NLA_BINARY, .len = PARTVISOR_IMAGE_ATTR_MAX },
	[PARTVISOR_ATTR_CONSOLE_DATA] = { .type = NLA_BINARY, .len = PARTVISOR_CONSOLE_CHUNK },
};

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

/* ---- partitions ---- */

/*
 * The partition manager's reasons are string literals: hand them to the
 * extended ack as NL_SET_ERR_MSG() does with its own (6.1 has no
 * formatted messages).
 */
/**
 * pv_pt_genl_set_msg() - the ext-ack message of a request
 * @info: the request
 * @why: a constant string, or NULL for none
 */
void pv_pt_genl_set_msg(struct genl_info *info, const char *why)
{
	if (info->extack && why)
		info->extack->_msg = why;
}

/**
 * pv_pt_genl_named() - the partition a request's NAME names
 * @info: the request
 *
 * Return: the partition with a reference (pv_pt_put()), or an ERR_PTR
 * with an ext-ack message set.
 */
struct pv_pt *pv_pt_genl_named(struct genl_info *info)
{
	struct nlattr *a = info->attrs[PARTVISOR_ATTR_NAME];
	struct pv_pt *pt;

	if (GENL_REQ_ATTR_CHECK(info, PARTVISOR_ATTR_NAME))
		return ERR_PTR(-EINVAL);
	pt = pv_pt_find(nla_data(a));
	if (!pt) {
		NL_SET_ERR_MSG_ATTR(info->extack, a, "no partition of that name");
		return ERR_PTR(-ENOENT);
	}
	return pt;
}

/* PARTVISOR_ATTR_EXITS: the intercept counters by kind. */
static int put_exits(struct sk_buff *skb, struct pv_pt *pt)
{
	struct nlattr *nest = nla_nest_start(skb, PARTVISOR_ATTR_EXITS);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = PARTVISOR_EXIT_IO_PORT; i <= PARTVISOR_EXIT_MAX; i++)
		if (nla_put_u64_64bit(skb, i, atomic64_read(&pt->exits[i]), PARTVISOR_EXIT_PAD))
			return -EMSGSIZE;	/* the caller cancels the message */
	nla_nest_end(skb, nest);
	return 0;
}

static int put_partition(struct sk_buff *skb, struct pv_pt *pt, u8 cmd, u32 portid, u32 seq,
			 int flags)
{
	struct partvisor_state st;
	void *hdr;

	pv_pt_get_state(pt, &st);
	hdr = genlmsg_put(skb, portid, seq, &pv_pt_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, PARTVISOR_ATTR_NAME, pt->name) ||
	    nla_put_u32(skb, PARTVISOR_ATTR_STATE, st.state) ||
	    nla_put_u32(skb, PARTVISOR_ATTR_OWNER, pt->owner) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_MEMORY, st.memory_size, PARTVISOR_ATTR_PAD) ||
	    nla_put_u32(skb, PARTVISOR_ATTR_VCPUS, st.vcpus) ||
	    nla_put_u32(skb, PARTVISOR_ATTR_FLAGS, pt->flags) ||
	    nla_put_u32(skb, PARTVISOR_ATTR_EXIT_CODE, st.exit_code) ||
	    ((st.flags & PARTVISOR_STATE_F_EXITED) && nla_put_flag(skb, PARTVISOR_ATTR_EXITED)) ||
	    nla_put_u32(skb, PARTVISOR_ATTR_CRASH_REASON, st.crash_reason) ||
	    nla_put_u32(skb, PARTVISOR_ATTR_CRASH_VP, st.crash_vp) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_CRASH_GPA, st.crash_gpa, PARTVISOR_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_CRASH_RIP, st.crash_rip, PARTVISOR_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_CRASH_DETAIL, st.crash_detail,
			      PARTVISOR_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_INTERCEPTS, st.intercepts, PARTVISOR_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_UPTIME_MS, pv_pt_uptime_ms(pt),
			      PARTVISOR_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_CONSOLE_WRITTEN, st.console_written,
			      PARTVISOR_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_HYPERVISOR_BYTES, st.hypervisor_bytes,
			      PARTVISOR_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, PARTVISOR_ATTR_ROOT_BYTES, st.root_bytes, PARTVISOR_ATTR_PAD) ||
	    put_exits(skb, pt) || pv_pt_genl_put_vmbus(skb, pt)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct pv_pt *pt = pv_pt_genl_named(info);
	struct sk_buff *msg;
	int err;

	if (IS_ERR(pt))
		return PTR_ERR(pt);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	err = msg ? put_partition(msg, pt, PARTVISOR_CMD_GET, info->snd_portid, info->snd_seq, 0)
		  : -ENOMEM;
	pv_pt_put(pt);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

struct dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int dump_one(struct pv_pt *pt, void *arg)
{
	struct dump_ctx *d = arg;

	return put_partition(d->skb, pt, PARTVISOR_CMD_GET, NETLINK_CB(d->cb->skb).portid,
			     d->cb->nlh->nlmsg_seq, NLM_F_MULTI);
}

/* cb->args[0]: partitions already sent. */
static int get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct dump_ctx d = { .skb = skb, .cb = cb };
	unsigned long pos = cb->args[0];

	pv_pt_for_each(dump_one, &d, &pos);
	cb->args[0] = pos;
	return skb->len;
}

/*
 * The bytes of attribute @data, or of the file attribute @path names (pre_doit
 * made sure it is absolute): kvmalloc()ed into *@buf. Return: 0 (also
 * with neither attribute: *@len = 0), or an errno with an ext-ack message.
 */
static int read_blob(struct genl_info *info, struct nlattr *data, struct nlattr *path,
		     const char *unreadable, void **buf, size_t *len)
{
	ssize_t n;

	*buf = NULL;
	*len = 0;
	if (data && nla_len(data)) {
		*buf = kvmalloc(nla_len(data), GFP_KERNEL_ACCOUNT);
		if (!*buf)
			return -ENOMEM;
		*len = nla_len(data);
		memcpy(*buf, nla_data(data), *len);
	} else if (path) {
		n = kernel_read_file_from_path(nla_data(path), 0, buf, PARTVISOR_IMAGE_MAX, NULL,
					       READING_UNKNOWN);
		if (n < 0) {
			*buf = NULL;
			NL_SET_BAD_ATTR(info->extack, path);
			pv_pt_genl_set_msg(info, unreadable);
			return n;
		}
		*len = n;
	}
	return 0;
}

static int create_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct partvisor_create cfg = {};
	const char *why = NULL, *cmdline = "";
	size_t len = 0, initrd_len = 0;
	void *image, *initrd = NULL;
	u32 format;
	struct pv_pt *pt;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, PARTVISOR_ATTR_NAME) ||
	    GENL_REQ_ATTR_CHECK(info, PARTVISOR_ATTR_MEMORY))
		return -EINVAL;
	if (a[PARTVISOR_ATTR_IMAGE] && a[PARTVISOR_ATTR_IMAGE_PATH]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[PARTVISOR_ATTR_IMAGE],
				    "give an image or an image path, not both");
		return -EINVAL;
	}
	/* A partition without an image could never start: refuse it now. */
	if (!a[PARTVISOR_ATTR_IMAGE] && !a[PARTVISOR_ATTR_IMAGE_PATH]) {
		NL_SET_ERR_MSG(info->extack, "an image is needed: give IMAGE or IMAGE_PATH");
		return -EINVAL;
	}
	format = a[PARTVISOR_ATTR_IMAGE_FORMAT] ? nla_get_u32(a[PARTVISOR_ATTR_IMAGE_FORMAT]) :
		 PARTVISOR_IMAGE_AUTO;
	if (a[PARTVISOR_ATTR_INITRD] && a[PARTVISOR_ATTR_INITRD_PATH]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[PARTVISOR_ATTR_INITRD],
				    "give an initrd or an initrd path, not both");
		return -EINVAL;
	}
	/* With an ELF32 multiboot image the "initrd" is its module 0. */
	if ((a[PARTVISOR_ATTR_INITRD] || a[PARTVISOR_ATTR_INITRD_PATH]) &&
	    format == PARTVISOR_IMAGE_FLAT) {
		NL_SET_ERR_MSG(info->extack,
			       "a flat image takes no module (an initrd goes with a PVH kernel)");
		return -EINVAL;
	}
	/* pv_pt_genl_pre_doit() checked the values. */
	strscpy(cfg.name, nla_data(a[PARTVISOR_ATTR_NAME]), sizeof(cfg.name));
	cfg.memory_size = nla_get_u64(a[PARTVISOR_ATTR_MEMORY]);
	cfg.vcpus = a[PARTVISOR_ATTR_VCPUS] ? nla_get_u32(a[PARTVISOR_ATTR_VCPUS]) : 1;
	cfg.flags = a[PARTVISOR_ATTR_FLAGS] ? nla_get_u32(a[PARTVISOR_ATTR_FLAGS]) : 0;
	cfg.console_size = a[PARTVISOR_ATTR_CONSOLE_SIZE] ?
			   nla_get_u32(a[PARTVISOR_ATTR_CONSOLE_SIZE]) : 0;
	if (a[PARTVISOR_ATTR_CMDLINE])
		cmdline = nla_data(a[PARTVISOR_ATTR_CMDLINE]);

	/* The image first: a bad one must not leave a partition behind. */
	err = read_blob(info, a[PARTVISOR_ATTR_IMAGE], a[PARTVISOR_ATTR_IMAGE_PATH],
			"cannot read the image file (a regular file of at most 64 MiB)", &image,
			&len);
	if (err)
		return err;
	if (!len) {
		kvfree(image);
		NL_SET_ERR_MSG(info->extack, "the image is empty");
		return -ENOEXEC;
	}
	err = read_blob(info, a[PARTVISOR_ATTR_INITRD], a[PARTVISOR_ATTR_INITRD_PATH],
			"cannot read the initrd or module file (a regular file of at most 64 MiB)",
			&initrd, &initrd_len);
	if (!err && !initrd_len &&
	    (a[PARTVISOR_ATTR_INITRD] || a[PARTVISOR_ATTR_INITRD_PATH])) {
		NL_SET_ERR_MSG(info->extack, "the initrd or module is empty");
		err = -EINVAL;
	}
	if (err) {
		kvfree(initrd);
		kvfree(image);
		return err;
	}
	pt = pv_pt_create(&cfg, PARTVISOR_OWNER_KERNEL, &why);
	if (IS_ERR(pt)) {
		kvfree(initrd);
		kvfree(image);
		pv_pt_genl_set_msg(info, why);
		return PTR_ERR(pt);
	}
	err = pv_pt_load(pt, image, len, format, cmdline, initrd, initrd_len, &why);
	if (err) {
		pv_pt_genl_set_msg(info, why);
		pv_pt_destroy(pt);
		return err;
	}
	pv_pt_announce(pt);
	return 0;
}

static int start_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct pv_pt *pt = pv_pt_genl_named(info);
	const char *why;
	int err;

	if (IS_ERR(pt))
		return PTR_ERR(pt);
	err = pv_pt_start(pt, &why);
	if (err)
		pv_pt_genl_set_msg(info, why);
	pv_pt_put(pt);
	return err;
}

static int stop_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *t = info->attrs[PARTVISOR_ATTR_TIMEOUT_MS];
	struct pv_pt *pt = pv_pt_genl_named(info);
	const char *why;
	int err;

	if (IS_ERR(pt))
		return PTR_ERR(pt);
	err = pv_pt_stop(pt, nla_get_flag(info->attrs[PARTVISOR_ATTR_FORCE]),
			 t ? nla_get_u32(t) : PV_PT_STOP_TIMEOUT_MS, &why);
	if (err)
		pv_pt_genl_set_msg(info, why);
	pv_pt_put(pt);
	return err;
}

static int destroy_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct pv_pt *pt = pv_pt_genl_named(info);
	int err = 0;

	if (IS_ERR(pt))
		return PTR_ERR(pt);
	if (pt->owner != PARTVISOR_OWNER_KERNEL) {
		NL_SET_ERR_MSG(info->extack,
			       "the partition belongs to an open /dev/partvisor file: close that");
		err = -EBUSY;
	} else {
		/* Found, but a destroy running alongside may have won since. */
		err = pv_pt_destroy(pt);
		if (err)
			NL_SET_ERR_MSG(info->extack,
				       "no partition of that name (another request destroyed it)");
	}
	pv_pt_put(pt);
	return err;
}

static int console_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *off = info->attrs[PARTVISOR_ATTR_CONSOLE_OFFSET];
	struct pv_pt *pt = pv_pt_genl_named(info);
	struct sk_buff *msg;
	u64 pos, lost = 0;
	struct nlattr *data;
	void *hdr;
	size_t n;

	if (IS_ERR(pt))
		return PTR_ERR(pt);
	pos = off ? nla_get_u64(off) : 0;
	msg = genlmsg_new(PARTVISOR_CONSOLE_CHUNK + 256, GFP_KERNEL);
	if (!msg) {
		pv_pt_put(pt);
		return -ENOMEM;
	}
	hdr = genlmsg_put_reply(msg, info, &pv_pt_genl_family, 0, PARTVISOR_CMD_CONSOLE);
	data = hdr ? nla_reserve(msg, PARTVISOR_ATTR_CONSOLE_DATA, PARTVISOR_CONSOLE_CHUNK) : NULL;
	if (!data) {
		pv_pt_put(pt);
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	n = pv_pt_console_read(pt, &pos, nla_data(data), PARTVISOR_CONSOLE_CHUNK, &lost);
	pv_pt_put(pt);
	/* Shrink the attribute to what was read; the next one starts aligned. */
	memset((char *)nla_data(data) + n, 0, NLA_ALIGN(n) - n);
	nlmsg_trim(msg, (char *)nla_data(data) + NLA_ALIGN(n));
	data->nla_len = nla_attr_size(n);
	if (nla_put_u64_64bit(msg, PARTVISOR_ATTR_CONSOLE_OFFSET, pos, PARTVISOR_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, PARTVISOR_ATTR_CONSOLE_LOST, lost, PARTVISOR_ATTR_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int console_input_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *data = info->attrs[PARTVISOR_ATTR_CONSOLE_DATA];
	const char *why = NULL;
	struct sk_buff *msg;
	struct pv_pt *pt;
	void *hdr;
	int n;

	if (GENL_REQ_ATTR_CHECK(info, PARTVISOR_ATTR_CONSOLE_DATA))
		return -EINVAL;
	if (!nla_len(data)) {
		NL_SET_ERR_MSG_ATTR(info->extack, data, "console input is 1 to 4000 bytes");
		return -EINVAL;
	}
	pt = pv_pt_genl_named(info);
	if (IS_ERR(pt))
		return PTR_ERR(pt);
	n = pv_pt_console_input(pt, nla_data(data), nla_len(data), &why);
	pv_pt_put(pt);
	if (n < 0) {
		pv_pt_genl_set_msg(info, why);
		return n;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &pv_pt_genl_family, 0, PARTVISOR_CMD_CONSOLE_INPUT);
	if (!hdr || nla_put_u32(msg, PARTVISOR_ATTR_CONSOLE_TAKEN, n)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct genl_multicast_group pv_pt_genl_mcgrps[] = {
	{ .name = PARTVISOR_MCGRP_EVENTS },
};

static bool pv_pt_genl_up;

/**
 * pv_pt_notify() - announce a partition's state change on "events"
 * @pt: the partition
 * @event: PARTVISOR_EVENT_*
 *
 * Process context. Best effort: without listeners, or memory, nothing is
 * sent.
 */
void pv_pt_notify(struct pv_pt *pt, u32 event)
{
	struct partvisor_state st;
	struct sk_buff *msg;
	void *hdr;

	if (!READ_ONCE(pv_pt_genl_up) ||
	    !genl_has_listeners(&pv_pt_genl_family, &init_net, 0))
		return;
	pv_pt_get_state(pt, &st);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &pv_pt_genl_family, 0, PARTVISOR_CMD_EVENT);
	if (!hdr || nla_put_u32(msg, PARTVISOR_ATTR_EVENT, event) ||
	    nla_put_string(msg, PARTVISOR_ATTR_NAME, pt->name) ||
	    nla_put_u32(msg, PARTVISOR_ATTR_STATE, st.state) ||
	    nla_put_u32(msg, PARTVISOR_ATTR_CRASH_REASON, st.crash_reason) ||
	    nla_put_u32(msg, PARTVISOR_ATTR_EXIT_CODE, st.exit_code)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&pv_pt_genl_family, msg, 0, 0, GFP_KERNEL);
}

/*
 * The values of the attributes present, by the rules both front ends
 * share (pt_state.c); the bad attribute is pointed at. Return: 0 or the
 * rule's errno (ERANGE out of range, EINVAL otherwise).
 */
static int check_values(struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	const char *why = NULL;
	struct nlattr *bad;
	int err = 0;

	bad = a[PARTVISOR_ATTR_NAME];
	if (bad && !pv_pt_name_ok(nla_data(bad))) {
		why = PV_PT_NAME_RULE;
		err = -EINVAL;
	}
	if (!err && a[PARTVISOR_ATTR_MEMORY]) {
		bad = a[PARTVISOR_ATTR_MEMORY];
		err = pv_pt_check_memory(nla_get_u64(bad), &why);
	}
	if (!err && a[PARTVISOR_ATTR_VCPUS]) {
		bad = a[PARTVISOR_ATTR_VCPUS];
		err = pv_pt_check_vcpus(nla_get_u32(bad), &why);
	}
	if (!err && a[PARTVISOR_ATTR_CONSOLE_SIZE]) {
		bad = a[PARTVISOR_ATTR_CONSOLE_SIZE];
		err = pv_pt_check_console(nla_get_u32(bad), &why);
	}
	if (!err && a[PARTVISOR_ATTR_TIMEOUT_MS]) {
		bad = a[PARTVISOR_ATTR_TIMEOUT_MS];
		err = pv_pt_check_stop_timeout(nla_get_u32(bad), &why);
	}
	if (!err && a[PARTVISOR_ATTR_IMAGE_PATH]) {
		bad = a[PARTVISOR_ATTR_IMAGE_PATH];
		err = pv_pt_check_image_path(nla_data(bad), &why);
	}
	if (!err && a[PARTVISOR_ATTR_INITRD_PATH]) {
		bad = a[PARTVISOR_ATTR_INITRD_PATH];
		err = pv_pt_check_image_path(nla_data(bad), &why);
	}
	if (err) {
		NL_SET_BAD_ATTR(info->extack, bad);
		pv_pt_genl_set_msg(info, why);
	}
	return err;
}

/*
 * Before every request's handler, after the policy. GENL_ADMIN_PERM lets
 * CAP_NET_ADMIN through; partitions are the system administrator's, as
 * on /dev/partvisor: the admin commands need CAP_SYS_ADMIN as well.
 */
static int pv_pt_genl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
			       struct genl_info *info)
{
	if ((ops->flags & GENL_ADMIN_PERM) && !netlink_capable(skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(info->extack,
			       "changing partitions and reading consoles needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	return check_values(info);
}

static const struct genl_small_ops pv_pt_genl_ops[] = {
	{
		.cmd = PARTVISOR_CMD_GET_CAPS,
		.doit = pv_pt_get_caps_doit,
		.dumpit = pv_pt_get_caps_dumpit,
	},
	{
		.cmd = PARTVISOR_CMD_CREATE,
		.doit = create_doit,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PARTVISOR_CMD_START,
		.doit = start_doit,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PARTVISOR_CMD_STOP,
		.doit = stop_doit,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PARTVISOR_CMD_DESTROY,
		.doit = destroy_doit,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PARTVISOR_CMD_GET,
		.doit = get_doit,
		.dumpit = get_dumpit,
	},
	{
		.cmd = PARTVISOR_CMD_CONSOLE,
		.doit = console_doit,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PARTVISOR_CMD_KVP,
		.doit = pv_pt_genl_kvp_doit,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = PARTVISOR_CMD_CONSOLE_INPUT,
		.doit = console_input_doit,
		.flags = GENL_ADMIN_PERM,
	},
};

struct genl_family pv_pt_genl_family __ro_after_init = {
	.name = PARTVISOR_GENL_NAME,
	.version = PARTVISOR_GENL_VERSION,
	.maxattr = PARTVISOR_ATTR_MAX,
	.policy = pv_pt_genl_policy,
	.pre_doit = pv_pt_genl_pre_doit,
	.netnsok = false,
	/*
	 * A graceful stop may wait seconds for its guest: other requests must
	 * not queue behind it. The partition manager locks for itself
	 * (the list, each partition, references).
	 */
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = pv_pt_genl_ops,
	.n_small_ops = ARRAY_SIZE(pv_pt_genl_ops),
	.resv_start_op = PARTVISOR_CMD_GET_CAPS + 1,
	.mcgrps = pv_pt_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(pv_pt_genl_mcgrps),
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
	else
		WRITE_ONCE(pv_pt_genl_up, true);
	return err;
}

/**
 * pv_pt_genl_unregister() - withdraw the "partvisor" family
 */
void pv_pt_genl_unregister(void)
{
	WRITE_ONCE(pv_pt_genl_up, false);
	genl_unregister_family(&pv_pt_genl_family);
}
