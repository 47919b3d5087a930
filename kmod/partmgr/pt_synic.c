// SPDX-License-Identifier: GPL-2.0
/*
 * The root's side of the child SynIC (Documentation/partitions.rst,
 * "SynIC"): root services post messages to and signal events in a child's
 * VP (PostMessageDirect, SignalEventDirect), and receive the child's
 * HvPostMessage and HvSignalEvent through the handler registered for the
 * connection id (the VMBus core's hook). The hypervisor marks the SINT
 * pending; this file makes the VP notice promptly: it wakes the VP's
 * thread if it waits in HALT and kicks it (an IPI, hence a VM exit and a
 * new entry that delivers) if it runs.
 *
 * Everything here is process context and may run beside the VP threads;
 * it never takes a partition's lock for long (see kick()).
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/errno.h>
#include <linux/hashtable.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/srcu.h>
#include <linux/wait.h>
#include <asm/hyperv-tlfs.h>

#include "../pv_hv.h"
#include "../pv_hvcall.h"
#include "../pv_synic.h"
#include "pt_core.h"
#include "pt_synic.h"

/*
 * A hypercall's input (at 0) and output (at PV_PT_SYNIC_OUT) in one page
 * of its own, so that neither crosses a page, as the hypervisor requires
 * (kmalloc() does not align to the size under every allocator: SLOB gives
 * 8 bytes). One per call: no lock, any number of callers.
 */
#define PV_PT_SYNIC_OUT		384

/**
 * struct pv_pt_synic_conn - a registered connection
 * @node: in pv_pt_synic_conns
 * @pt: the partition
 * @id: the connection id
 * @ops: its handlers
 * @priv: their argument
 * @gone: in pv_pt_synic_disconnect_all()'s list, once off the table
 */
struct pv_pt_synic_conn {
	struct hlist_node node;
	struct hlist_node gone;
	struct pv_pt *pt;
	u32 id;
	const struct pv_pt_synic_ops *ops;
	void *priv;
};

/*
 * The connections of every partition, by partition and id. VP threads
 * look them up and call the handlers under SRCU (the handlers may sleep);
 * connect and disconnect change the table under the mutex, and a
 * disconnect frees the entry only after the readers are gone.
 */
DEFINE_STATIC_SRCU(pv_pt_synic_srcu);
static DEFINE_MUTEX(pv_pt_synic_lock);
static DEFINE_HASHTABLE(pv_pt_synic_conns, 6);

static struct hlist_head *bucket(const struct pv_pt *pt, u32 id)
{
	return &pv_pt_synic_conns[hash_min((unsigned long)pt + id,
					   HASH_BITS(pv_pt_synic_conns))];
}

static struct pv_pt_synic_conn *lookup(struct pv_pt *pt, u32 id)
{
	struct pv_pt_synic_conn *c;

	hlist_for_each_entry_srcu(c, bucket(pt, id), node,
				  srcu_read_lock_held(&pv_pt_synic_srcu) ||
				  lockdep_is_held(&pv_pt_synic_lock))
		if (c->pt == pt && c->id == id)
			return c;
	return NULL;
}

/**
 * pv_pt_synic_connect() - receive a child's messages and events on an id
 * @pt: the partition (the caller holds a reference)
 * @connection_id: bits 23:0
 * @ops: the handlers (kept, not copied)
 * @priv: their first argument
 *
 * The caller disconnects every id it connected before it drops its
 * reference to @pt.
 *
 * Return: 0, -EINVAL (bad id, no @ops), -EEXIST (taken), -ENOMEM.
 */
int pv_pt_synic_connect(struct pv_pt *pt, u32 connection_id, const struct pv_pt_synic_ops *ops,
			void *priv)
{
	struct pv_pt_synic_conn *c;
	int err = 0;

	if ((connection_id & ~PV_HV_CONNECTION_ID_MASK) || !ops)
		return -EINVAL;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->pt = pt;
	c->id = connection_id;
	c->ops = ops;
	c->priv = priv;
	mutex_lock(&pv_pt_synic_lock);
	if (lookup(pt, connection_id))
		err = -EEXIST;
	else
		hlist_add_head_rcu(&c->node, bucket(pt, connection_id));
	mutex_unlock(&pv_pt_synic_lock);
	if (err)
		kfree(c);
	return err;
}

/**
 * pv_pt_synic_disconnect() - stop receiving on a connection id
 * @pt: the partition
 * @connection_id: the id given to pv_pt_synic_connect()
 *
 * Returns once no handler of it runs any more. Not from a handler.
 */
void pv_pt_synic_disconnect(struct pv_pt *pt, u32 connection_id)
{
	struct pv_pt_synic_conn *c;

	mutex_lock(&pv_pt_synic_lock);
	c = lookup(pt, connection_id);
	if (c)
		hlist_del_rcu(&c->node);
	mutex_unlock(&pv_pt_synic_lock);
	if (!c)
		return;
	synchronize_srcu(&pv_pt_synic_srcu);
	kfree(c);
}

/**
 * pv_pt_synic_disconnect_all() - stop receiving on every id of a partition
 * @pt: the partition
 *
 * As pv_pt_synic_disconnect() for each id @pt connected, with one SRCU
 * grace period for all (a partition's VMBus server has one id per channel).
 */
void pv_pt_synic_disconnect_all(struct pv_pt *pt)
{
	struct pv_pt_synic_conn *c;
	struct hlist_node *tmp;
	HLIST_HEAD(gone);
	unsigned int b;

	mutex_lock(&pv_pt_synic_lock);
	hash_for_each_safe(pv_pt_synic_conns, b, tmp, c, node) {
		if (c->pt != pt)
			continue;
		hlist_del_rcu(&c->node);
		/* Readers may still walk ->node: collect by a second link. */
		hlist_add_head(&c->gone, &gone);
	}
	mutex_unlock(&pv_pt_synic_lock);
	if (hlist_empty(&gone))
		return;
	synchronize_srcu(&pv_pt_synic_srcu);
	hlist_for_each_entry_safe(c, tmp, &gone, gone)
		kfree(c);
}

/**
 * pv_pt_synic_child_call() - a child's HvPostMessage or HvSignalEvent
 * @vp: the VP that made it (called from its thread)
 * @msg: the intercept (PV_HV_INTERCEPT_POST_MESSAGE or _SIGNAL_EVENT)
 *
 * Return: the status the child's hypercall returns: the handler's, or
 * HV_STATUS_INVALID_CONNECTION_ID if nothing handles the id.
 */
u16 pv_pt_synic_child_call(struct pv_pt_vp *vp, const struct pv_hv_intercept *msg)
{
	u16 status = HV_STATUS_INVALID_CONNECTION_ID;
	struct pv_pt *pt = vp->pt;
	struct pv_pt_synic_conn *c;
	int idx;

	idx = srcu_read_lock(&pv_pt_synic_srcu);
	c = lookup(pt, msg->connection_id);
	if (c && msg->type == PV_HV_INTERCEPT_POST_MESSAGE && c->ops->post_message)
		status = c->ops->post_message(c->priv, pt, vp->index, msg->message_type,
					      msg->payload, min_t(u32, msg->payload_size,
								  HV_MESSAGE_PAYLOAD_BYTE_COUNT));
	else if (c && msg->type == PV_HV_INTERCEPT_SIGNAL_EVENT && c->ops->signal_event)
		status = c->ops->signal_event(c->priv, pt, vp->index, msg->flag_number);
	srcu_read_unlock(&pv_pt_synic_srcu, idx);
	return status;
}

/**
 * pv_pt_synic_eom() - the child emptied a slot a refused post wanted
 * @vp: the VP (called from its thread)
 * @msg: the PV_HV_INTERCEPT_SYNIC_EOM intercept
 *
 * Wakes pv_pt_post_message_wait() callers, who post again.
 */
void pv_pt_synic_eom(struct pv_pt_vp *vp, const struct pv_hv_intercept *msg)
{
	atomic_inc(&vp->pt->synic.eom[vp->index]);
	wake_up_all(&vp->pt->wq);
}

/**
 * pv_pt_synic_woken() - was VP @vp posted to since it last looked?
 * @vp: the VP (called from its thread, in HALT)
 *
 * Return: true once per round of posts (the bit is taken).
 */
bool pv_pt_synic_woken(struct pv_pt_vp *vp)
{
	return test_and_clear_bit(vp->index, &vp->pt->synic.wake);
}

static void nothing(void *unused)
{
}

/*
 * VP @vp has a new pending SINT: make it enter again. Its thread may wait
 * in HALT (the wake bit and pt->wq), or be in DispatchVp on another CPU
 * (kick_process(): an IPI, the VP exits, and its next entry delivers).
 * The task pointer is stable only under pt->lock, which start, stop and
 * destroy hold for long (a graceful stop waits for the guest): try it, and
 * if it is busy interrupt every other CPU instead, which is rare and
 * reaches the VP wherever it runs. Never waits for the lock, so that a VP
 * thread may post while a stop holding the lock waits for that thread.
 */
static void kick(struct pv_pt *pt, u32 vp)
{
	/* Before the wake-up: pairs with the waiter's test after prepare_to_wait(). */
	set_bit(vp, &pt->synic.wake);
	wake_up_all(&pt->wq);
	if (mutex_trylock(&pt->lock)) {
		if (pt->vp[vp].task)
			kick_process(pt->vp[vp].task);
		mutex_unlock(&pt->lock);
	} else {
		smp_call_function(nothing, NULL, false);
	}
}

static u16 status_of(u64 result)
{
	return result & HV_HYPERCALL_RESULT_MASK;
}

static int errno_of(u16 status)
{
	switch (status) {
	case HV_STATUS_SUCCESS:
		return 0;
	case HV_STATUS_INSUFFICIENT_BUFFERS:
		return -EAGAIN;
	case PV_HV_STATUS_INVALID_VP_STATE:
		return -ENXIO;
	case PV_HV_STATUS_INVALID_PARTITION_ID:
	case PV_HV_STATUS_INVALID_PARTITION_STATE:
	case PV_HV_STATUS_INVALID_VP_INDEX:
		return -ENOENT;
	case HV_STATUS_INVALID_PARAMETER:
		return -EINVAL;
	}
	return -EIO;
}

/**
 * pv_pt_post_message() - post a message to a child's VP (PostMessageDirect)
 * @pt: the partition (the caller holds a reference)
 * @vp: the VP
 * @sint: the SINT whose slot takes it (0..15)
 * @type: the message type (1..0x7fffffff)
 * @payload: @len bytes
 * @len: 0..240
 *
 * Process context; any number of callers at a time.
 *
 * Return: 0; -EAGAIN if the slot is full (the child's EOM will come:
 * post again then, or use pv_pt_post_message_wait()); -ENXIO if the VP
 * has no message page enabled; -ENOENT if the partition or VP is gone or
 * not active; -EINVAL for bad arguments; -ENOMEM, -EIO.
 */
int pv_pt_post_message(struct pv_pt *pt, u32 vp, u32 sint, u32 type, const void *payload,
		       u32 len)
{
	struct pv_hv_input_post_message_direct *in;
	struct hv_message *m;
	u16 s;

	if (vp >= pt->vcpus || sint >= HV_SYNIC_SINT_COUNT || len > HV_MESSAGE_PAYLOAD_BYTE_COUNT ||
	    type == HVMSG_NONE || (type & PV_HV_MESSAGE_TYPE_HYPERVISOR) || (len && !payload))
		return -EINVAL;
	in = (void *)get_zeroed_page(GFP_KERNEL);
	if (!in)
		return -ENOMEM;
	in->partition_id = pt->id;
	in->vp_index = vp;
	in->sint_index = sint;
	m = (struct hv_message *)in->message;	/* packed: any alignment */
	m->header.message_type = type;
	m->header.payload_size = len;
	memcpy(m->u.payload, payload, len);
	s = status_of(pv_pt_hvcall(PV_HVCALL_POST_MESSAGE_DIRECT, in, NULL));
	free_page((unsigned long)in);
	if (!s)
		kick(pt, vp);
	return errno_of(s);
}

/**
 * pv_pt_post_message_wait() - post, waiting for the child's EOM while the
 *	slot is full
 * @pt: the partition
 * @vp: the VP
 * @sint: the SINT
 * @type: the message type
 * @payload: @len bytes
 * @len: 0..240
 * @timeout_ms: how long to wait in all
 *
 * Not from VP @vp's own thread (its EOM cannot come while it waits).
 *
 * Return: as pv_pt_post_message(), or -ETIMEDOUT, -EINTR (a signal),
 * -ESHUTDOWN (the partition stops).
 */
int pv_pt_post_message_wait(struct pv_pt *pt, u32 vp, u32 sint, u32 type, const void *payload,
			    u32 len, unsigned int timeout_ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(timeout_ms);
	long left;
	int seq, err;

	if (vp >= pt->vcpus)
		return -EINVAL;
	for (;;) {
		/* Before the post: an EOM between a refusal and the wait is not missed. */
		seq = atomic_read(&pt->synic.eom[vp]);
		err = pv_pt_post_message(pt, vp, sint, type, payload, len);
		if (err != -EAGAIN)
			return err;
		left = (long)(end - jiffies);
		if (left <= 0)
			return -ETIMEDOUT;
		left = wait_event_interruptible_timeout(pt->wq,
							atomic_read(&pt->synic.eom[vp]) != seq ||
							READ_ONCE(pt->stopping), left);
		if (left < 0)
			return -EINTR;
		if (READ_ONCE(pt->stopping))
			return -ESHUTDOWN;
	}
}

/**
 * pv_pt_signal_event() - set an event flag of a child's VP (SignalEventDirect)
 * @pt: the partition (the caller holds a reference)
 * @vp: the VP
 * @sint: the SINT whose flags hold it (0..15)
 * @flag: 0..2047
 * @newly: if not NULL, set to whether the flag was clear before
 *
 * Return: 0, -ENXIO (no event-flags page), -ENOENT, -EINVAL, -ENOMEM,
 * -EIO.
 */
int pv_pt_signal_event(struct pv_pt *pt, u32 vp, u32 sint, u32 flag, bool *newly)
{
	struct pv_hv_output_signal_event_direct *out;
	struct pv_hv_input_signal_event_direct *in;
	bool set;
	u16 s;

	if (vp >= pt->vcpus || sint >= HV_SYNIC_SINT_COUNT || flag >= HV_EVENT_FLAGS_COUNT)
		return -EINVAL;
	in = (void *)get_zeroed_page(GFP_KERNEL);
	if (!in)
		return -ENOMEM;
	out = (void *)in + PV_PT_SYNIC_OUT;
	in->target_partition = pt->id;
	in->target_vp = vp;
	in->target_sint = sint;
	in->flag_number = flag;
	s = status_of(pv_pt_hvcall(PV_HVCALL_SIGNAL_EVENT_DIRECT, in, out));
	set = out->newly_signaled;
	free_page((unsigned long)in);
	if (!s && set)
		kick(pt, vp);
	if (newly)
		*newly = !s && set;
	return errno_of(s);
}

/**
 * pv_pt_synic_reset_regs() - SetVpRegisters elements that reset a SynIC
 * @r: room for 19 elements
 *
 * SCONTROL first (it also drops what is pending), then SIMP, SIEFP off
 * and every SINT masked: a restarted image starts with the SynIC of a new
 * VP, not with pages of the old one.
 *
 * Return: the number of elements written.
 */
unsigned int pv_pt_synic_reset_regs(struct pv_hv_register_assoc *r)
{
	static const u32 names[] = { PV_HV_REG_SCONTROL, PV_HV_REG_SIMP, PV_HV_REG_SIEFP };
	unsigned int n = 0, i;

	for (i = 0; i < ARRAY_SIZE(names) + HV_SYNIC_SINT_COUNT; i++, n++) {
		memset(&r[n], 0, sizeof(r[n]));
		if (i < ARRAY_SIZE(names)) {
			r[n].name = names[i];
		} else {
			r[n].name = PV_HV_REG_SINT0 + i - ARRAY_SIZE(names);
			r[n].value.reg64 = PV_SYNIC_SINT_RESET;
		}
	}
	return n;
}

/**
 * pv_pt_synic_passthrough() - may user space make this call (PARTVISOR_HVCALL)?
 * @code: call code
 *
 * Return: true for PostMessageDirect and SignalEventDirect, which test
 * tools use to drive a child's SynIC; the hypervisor checks their input.
 */
bool pv_pt_synic_passthrough(u16 code)
{
	return code == PV_HVCALL_POST_MESSAGE_DIRECT || code == PV_HVCALL_SIGNAL_EVENT_DIRECT;
}

struct kick_arg {
	u64 id;
	u32 vp;
};

static int kick_by_id(struct pv_pt *pt, void *data)
{
	struct kick_arg *a = data;

	if (pt->id != a->id)
		return 0;
	if (a->vp < pt->vcpus)
		kick(pt, a->vp);
	return 1;
}

/**
 * pv_pt_synic_passthrough_done() - after user space's post or signal
 * @code: the call code (pv_pt_synic_passthrough())
 * @in: the input page as the hypervisor read it (a kernel copy)
 * @result: the hypercall's result
 *
 * A successful one made a SINT pending: kick the VP as the wrappers do.
 */
void pv_pt_synic_passthrough_done(u16 code, const void *in, u64 result)
{
	const struct pv_hv_input_post_message_direct *post = in;
	const struct pv_hv_input_signal_event_direct *sig = in;
	struct kick_arg a;
	unsigned long pos = 0;

	if (status_of(result))
		return;
	if (code == PV_HVCALL_POST_MESSAGE_DIRECT)
		a = (struct kick_arg){ post->partition_id, post->vp_index };
	else
		a = (struct kick_arg){ sig->target_partition, sig->target_vp };
	pv_pt_for_each(kick_by_id, &a, &pos);
}
