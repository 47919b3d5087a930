// SPDX-License-Identifier: GPL-2.0
/*
 * The root's VMBus server for one child partition: the channel-management
 * protocol (published Hyper-V VMBus, version 5.x), offers, GPADLs, channel
 * open/close/rescind, and the signalling of open channels.
 *
 * Child to root: HvPostMessage to connection 4 (channel messages) and
 * HvSignalEvent to PV_VMBUS_CHAN_CONNECTION_BASE + relid (a channel's ring
 * has data or space); both reach us through the VP thread's intercept
 * (pt_synic.c), in process context. Root to child: PostMessageDirect to
 * the SINT the child named in INITIATE_CONTACT on its target VP, and
 * SignalEventDirect of flag = relid on that SINT (as Hyper-V does for
 * protocol 5.x guests, so a Linux child's own hv_vmbus finds its channel).
 *
 * Everything the child sends is hostile: messages are checked against
 * vmbus_msg.c's table before a handler sees them, every PFN of a GPADL
 * must be the partition's RAM, and a channel whose rings misbehave is
 * closed and rescinded with the reason logged. Nothing here runs in the
 * hypervisor or with interrupts off.
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/bitops.h>
#include <linux/hyperv.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/hyperv-tlfs.h>

#include "../partmgr/pt_core.h"
#include "../partmgr/pt_synic.h"
#include "vmbus_core.h"
#include "vmbus_msg.h"
#include "vmbus_services.h"

/*
 * The services' tick (heartbeat and time samples are sent on it, answers
 * are late after 3). One second, as Hyper-V's heartbeat; tests under an
 * emulator, whose clock runs slow, shorten it.
 */
static unsigned int tick_ms = 1000;
module_param_named(vmbus_tick_ms, tick_ms, uint, 0444);
MODULE_PARM_DESC(vmbus_tick_ms, "VMBus services' tick (heartbeat, time sync) in ms, 10-60000");

static unsigned long tick_jiffies(void)
{
	return msecs_to_jiffies(clamp(tick_ms, 10U, 60000U));
}

static void log_child(struct pv_vmbus *vb, const char *what)
{
	vb->errors++;
	pr_info_ratelimited("%s: vmbus: %s\n", vb->pt->name, what);
}

/*
 * Post @len bytes of a channel message, or queue them behind earlier ones:
 * the child's slot holds one message, and the next may be posted only
 * after its EOM. The flush worker waits for that; a VP thread (this runs
 * in one, answering the child) must not, as its VP cannot EOM meanwhile.
 */
static int send_msg(struct pv_vmbus *vb, const void *msg, u32 len)
{
	struct pv_vmbus_outmsg *m;
	int err = -EAGAIN;

	lockdep_assert_held(&vb->lock);
	if (list_empty(&vb->outq))
		err = pv_pt_post_message(vb->pt, vb->target_vp, PV_VMBUS_MSG_SINT,
					 PV_VMBUS_MSG_TYPE, msg, len);
	if (err != -EAGAIN) {
		if (!err)
			vb->messages_out++;
		return err;
	}
	if (vb->outq_len >= PV_VMBUS_MAX_OUTQ) {
		log_child(vb, "the child does not take its messages (no EOM): dropping one");
		return -ENOBUFS;
	}
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->len = len;
	m->seq = ++vb->outq_seq;
	memcpy(m->data, msg, len);
	list_add_tail(&m->node, &vb->outq);
	vb->outq_len++;
	if (vb->running)
		queue_work(system_unbound_wq, &vb->flush);
	return 0;
}

/*
 * Post the queued messages in order, each once the child's EOM freed its
 * slot. The wait is without the connection lock (a VP thread answering the
 * child may need it); the message stays first in the queue until posted,
 * so later ones queue behind it.
 */
static void vmbus_flush(struct work_struct *work)
{
	struct pv_vmbus *vb = container_of(work, struct pv_vmbus, flush);
	struct pv_vmbus_outmsg *m, copy;
	u32 vp;
	int err;

	for (;;) {
		/* A copy: a new contact may empty the queue while we wait. */
		mutex_lock(&vb->lock);
		m = list_first_entry_or_null(&vb->outq, struct pv_vmbus_outmsg, node);
		if (m)
			copy = *m;
		vp = vb->target_vp;
		mutex_unlock(&vb->lock);
		if (!m)
			return;
		err = pv_pt_post_message_wait(vb->pt, vp, PV_VMBUS_MSG_SINT, PV_VMBUS_MSG_TYPE,
					      copy.data, copy.len, 1000);
		if (err == -ETIMEDOUT && READ_ONCE(vb->running))
			continue;
		if (err)	/* the partition stops, or the child has no message page */
			return;
		mutex_lock(&vb->lock);
		vb->messages_out++;
		m = list_first_entry_or_null(&vb->outq, struct pv_vmbus_outmsg, node);
		if (m && m->seq == copy.seq) {
			list_del(&m->node);
			vb->outq_len--;
			kfree(m);
		}
		mutex_unlock(&vb->lock);
	}
}

static void drop_outq(struct pv_vmbus *vb)
{
	struct pv_vmbus_outmsg *m, *tmp;

	list_for_each_entry_safe(m, tmp, &vb->outq, node) {
		list_del(&m->node);
		kfree(m);
	}
	vb->outq_len = 0;
}

static struct pv_vmbus_chan *chan_of(struct pv_vmbus *vb, u32 relid)
{
	if (relid < 1 || relid > vb->nr_chan)
		return NULL;
	return &vb->chan[relid - 1];
}

static struct pv_vmbus_gpadl *gpadl_of(struct pv_vmbus *vb, u32 handle)
{
	struct pv_vmbus_gpadl *g;

	list_for_each_entry(g, &vb->gpadls, node)
		if (g->handle == handle)
			return g;
	return NULL;
}

static void free_gpadl(struct pv_vmbus *vb, struct pv_vmbus_gpadl *g)
{
	list_del(&g->node);
	vb->nr_gpadls--;
	kvfree(g->pages);
	kfree(g);
}

/* ---- channels ---- */

static void close_chan(struct pv_vmbus_chan *ch)
{
	if (ch->state != PV_VMBUS_CHAN_OPEN)
		return;
	if (ch->svc->close)
		ch->svc->close(ch);
	vunmap(ch->map);
	ch->map = NULL;
	ch->gpadl->in_use = false;
	ch->gpadl = NULL;
	ch->state = PV_VMBUS_CHAN_OFFERED;
	clear_bit(ch->relid, &ch->vb->pending);
}

/**
 * pv_vmbus_chan_fail() - close a misbehaving channel and rescind its offer
 * @ch: the channel (connection lock held)
 * @why: the reason, logged and shown by partctl info
 *
 * The child learns of it by RESCIND_CHANNELOFFER; the root and the other
 * channels go on.
 */
void pv_vmbus_chan_fail(struct pv_vmbus_chan *ch, const char *why)
{
	struct vmbus_channel_rescind_offer msg = {
		.header.msgtype = CHANNELMSG_RESCIND_CHANNELOFFER,
		.child_relid = ch->relid,
	};
	struct pv_vmbus *vb = ch->vb;

	lockdep_assert_held(&vb->lock);
	if (ch->state == PV_VMBUS_CHAN_RESCINDED)
		return;
	pr_info("%s: vmbus: closing channel %u (%s): %s\n", vb->pt->name, ch->relid,
		ch->svc->name, why);
	vb->errors++;
	close_chan(ch);
	ch->state = PV_VMBUS_CHAN_RESCINDED;
	ch->why = why;
	send_msg(vb, &msg, sizeof(msg));
}

/* Tell the child its ring has something (or room) for it. */
static void signal_child(struct pv_vmbus_chan *ch)
{
	bool newly;

	pv_pt_signal_event(ch->vb->pt, ch->target_vp, PV_VMBUS_MSG_SINT, ch->relid, &newly);
}

/**
 * pv_vmbus_send() - send one inband packet to the child on a channel
 * @ch: an open channel (connection lock held)
 * @data: the payload
 * @len: its size
 * @trans_id: the transaction id to put in the descriptor
 *
 * Return: 0, -ENOSPC if the ring is full (the service tries again on its
 * next tick or packet), -EMSGSIZE if the packet can never fit, -ENOTCONN
 * if the channel is not open, -EPROTO if the child broke the ring (the
 * channel is closed).
 */
int pv_vmbus_send(struct pv_vmbus_chan *ch, const void *data, u32 len, u64 trans_id)
{
	bool signal = false;
	int err;

	lockdep_assert_held(&ch->vb->lock);
	if (ch->state != PV_VMBUS_CHAN_OPEN)
		return -ENOTCONN;
	err = pv_vmbus_ring_write(&ch->out, VM_PKT_DATA_INBAND, 0, trans_id, data, len, &signal);
	if (err == -EAGAIN)
		return -ENOSPC;
	if (err == -EPROTO) {
		pv_vmbus_chan_fail(ch, ch->out.broken);
		return -EPROTO;
	}
	if (err)
		return err;
	ch->packets_out++;
	if (signal)
		signal_child(ch);
	return 0;
}

/* Read and hand every packet of @ch's upstream ring to its service. */
static void serve_chan(struct pv_vmbus_chan *ch, u8 *buf, u32 size)
{
	unsigned int budget = 256;	/* a child refilling its ring cannot keep us */
	struct vmpacket_descriptor desc;
	bool signal = false, s;
	u32 off;
	int n, err;

	for (; ch->state == PV_VMBUS_CHAN_OPEN; budget--) {
		if (!budget) {
			set_bit(ch->relid, &ch->vb->pending);	/* more next time */
			break;
		}
		s = false;
		n = pv_vmbus_ring_read(&ch->in, buf, size, &desc, &s);
		signal |= s;
		if (!n)
			break;
		if (n < 0) {
			pv_vmbus_chan_fail(ch, n == -EMSGSIZE ?
					   "the child sent a packet larger than its service takes" :
					   ch->in.broken);
			return;
		}
		ch->packets_in++;
		/* Inband data only (the reader end refuses other types): the payload. */
		off = desc.offset8 * 8;
		if (desc.type != VM_PKT_DATA_INBAND)
			continue;
		err = ch->svc->receive(ch, buf + off, n - off, desc.trans_id);
		if (err) {
			pv_vmbus_chan_fail(ch, "the child sent a packet its service cannot parse");
			return;
		}
	}
	/* The child waits for room (pending_send_sz): room there is now. */
	if (signal && ch->state == PV_VMBUS_CHAN_OPEN)
		signal_child(ch);
}

static void vmbus_work(struct work_struct *work)
{
	struct pv_vmbus *vb = container_of(work, struct pv_vmbus, work);
	unsigned int relid;

	mutex_lock(&vb->lock);
	for (relid = 1; relid <= vb->nr_chan; relid++)
		if (test_and_clear_bit(relid, &vb->pending))
			serve_chan(&vb->chan[relid - 1], vb->pkt, PV_VMBUS_MAX_PACKET);
	if (vb->pending && vb->running)
		queue_work(system_unbound_wq, &vb->work);
	mutex_unlock(&vb->lock);
}

static void vmbus_tick(struct work_struct *work)
{
	struct pv_vmbus *vb = container_of(to_delayed_work(work), struct pv_vmbus, tick);
	unsigned int i;

	mutex_lock(&vb->lock);
	for (i = 0; i < vb->nr_chan; i++)
		if (vb->chan[i].state == PV_VMBUS_CHAN_OPEN && vb->chan[i].svc->tick)
			vb->chan[i].svc->tick(&vb->chan[i]);
	if (vb->running)
		queue_delayed_work(system_unbound_wq, &vb->tick, tick_jiffies());
	mutex_unlock(&vb->lock);
}

/* ---- channel messages of the child ---- */

static void disconnect(struct pv_vmbus *vb)
{
	struct pv_vmbus_gpadl *g, *tmp;
	unsigned int i;

	for (i = 0; i < vb->nr_chan; i++) {
		close_chan(&vb->chan[i]);
		vb->chan[i].state = PV_VMBUS_CHAN_OFFERED;
		vb->chan[i].why = NULL;
	}
	list_for_each_entry_safe(g, tmp, &vb->gpadls, node)
		free_gpadl(vb, g);
	drop_outq(vb);
	vb->connected = false;
	vb->offers_sent = false;
	vb->version = 0;
	vb->pending = 0;
}

static void initiate_contact(struct pv_vmbus *vb, u32 vp, const void *p)
{
	const struct vmbus_channel_initiate_contact *m = p;
	struct vmbus_channel_version_response r = {
		.header.msgtype = CHANNELMSG_VERSION_RESPONSE,
		.msg_conn_id = PV_VMBUS_MSG_CONNECTION_ID,
	};

	/* A new contact starts over, as after UNLOAD. */
	disconnect(vb);
	vb->target_vp = vp;
	/* Only 5.x: older versions name no message SINT and use other connections. */
	if (!pv_vmbus_version_supported(m->vmbus_version_requested) ||
	    !(pv_vmbus_version_features(m->vmbus_version_requested) & PV_VMBUS_VF_MSG_SINT)) {
		pr_info_ratelimited("%s: vmbus: version %#x refused: the root speaks 5.0-5.3\n",
				    vb->pt->name, m->vmbus_version_requested);
	} else if (m->target_vcpu >= vb->pt->vcpus || m->msg_sint != PV_VMBUS_MSG_SINT) {
		log_child(vb, "INITIATE_CONTACT names a VP it lacks, or a SINT other than 2");
	} else {
		vb->target_vp = m->target_vcpu;
		r.version_supported = 1;
	}
	if (r.version_supported) {
		vb->connected = true;
		vb->version = m->vmbus_version_requested;
		r.connection_state = 0;
	}
	send_msg(vb, &r, sizeof(r));
}

static void request_offers(struct pv_vmbus *vb)
{
	struct vmbus_channel_message_header done = {
		.msgtype = CHANNELMSG_ALLOFFERS_DELIVERED,
	};
	struct vmbus_channel_offer_channel o;
	unsigned int i;

	if (vb->offers_sent) {
		log_child(vb, "REQUESTOFFERS twice");
		return;
	}
	for (i = 0; i < vb->nr_chan; i++) {
		memset(&o, 0, sizeof(o));
		o.header.msgtype = CHANNELMSG_OFFERCHANNEL;
		o.offer.if_type = vb->chan[i].svc->type.guid;
		o.offer.if_instance = vb->chan[i].svc->instance;
		o.child_relid = vb->chan[i].relid;
		o.monitorid = 0xff;	/* no monitor page: signal by SignalEvent */
		o.connection_id = PV_VMBUS_CHAN_CONNECTION_BASE + vb->chan[i].relid;
		send_msg(vb, &o, sizeof(o));
	}
	send_msg(vb, &done, sizeof(done));
	vb->offers_sent = true;
}

/* Take @n PFNs into @g, each checked to be the partition's RAM. */
static int gpadl_add(struct pv_vmbus *vb, struct pv_vmbus_gpadl *g, const u64 *pfn, u32 n)
{
	struct page *page;
	u32 i;

	if (n > g->npages - g->have)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		page = pv_pt_guest_page(vb->pt, pfn[i]);
		if (!page)
			return -EFAULT;
		g->pages[g->have + i] = page;
	}
	g->have += n;
	return 0;
}

static void gpadl_created(struct pv_vmbus *vb, struct pv_vmbus_gpadl *g, u32 status)
{
	struct vmbus_channel_gpadl_created r = {
		.header.msgtype = CHANNELMSG_GPADL_CREATED,
		.child_relid = g->relid,
		.gpadl = g->handle,
		.creation_status = status,
	};

	send_msg(vb, &r, sizeof(r));
	if (status)
		free_gpadl(vb, g);
}

static void gpadl_header(struct pv_vmbus *vb, const void *p, const struct pv_vmbus_msg_info *info)
{
	const struct vmbus_channel_gpadl_header *m = p;
	u32 n = info->pfns, npages = info->gpadl_pfns;
	struct pv_vmbus_gpadl *g;
	int err;

	if (!chan_of(vb, m->child_relid) || gpadl_of(vb, m->gpadl) ||
	    vb->nr_gpadls >= PV_VMBUS_MAX_GPADLS || !npages ||
	    npages > PV_VMBUS_MAX_GPADL_PAGES) {
		struct vmbus_channel_gpadl_created r = {
			.header.msgtype = CHANNELMSG_GPADL_CREATED,
			.child_relid = m->child_relid, .gpadl = m->gpadl,
			.creation_status = HV_STATUS_INVALID_PARAMETER,
		};

		log_child(vb, "GPADL_HEADER: bad channel or handle, or too many GPADLs or pages");
		send_msg(vb, &r, sizeof(r));
		return;
	}
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (g)
		g->pages = kvcalloc(npages, sizeof(*g->pages), GFP_KERNEL);
	if (!g || !g->pages) {
		kfree(g);
		return;
	}
	g->handle = m->gpadl;
	g->relid = m->child_relid;
	g->npages = npages;
	g->next_msg = 1;
	list_add_tail(&g->node, &vb->gpadls);
	vb->nr_gpadls++;
	err = gpadl_add(vb, g, m->range[0].pfn_array, n);
	if (err) {
		log_child(vb, "GPADL_HEADER names a page outside the partition's memory");
		gpadl_created(vb, g, HV_STATUS_INVALID_PARAMETER);
	} else if (g->have == g->npages) {
		gpadl_created(vb, g, 0);
	}
}

static void gpadl_body(struct pv_vmbus *vb, const void *p, const struct pv_vmbus_msg_info *info)
{
	const struct vmbus_channel_gpadl_body *m = p;
	u32 n = info->pfns;
	struct pv_vmbus_gpadl *g = gpadl_of(vb, m->gpadl);

	if (!g || g->have == g->npages || m->msgnumber != g->next_msg) {
		log_child(vb, "GPADL_BODY for no GPADL under construction, or out of order");
		if (g && g->have != g->npages)
			gpadl_created(vb, g, HV_STATUS_INVALID_PARAMETER);
		return;
	}
	g->next_msg++;
	if (gpadl_add(vb, g, m->pfn, n)) {
		log_child(vb, "GPADL_BODY: a page outside the partition's memory, or too many");
		gpadl_created(vb, g, HV_STATUS_INVALID_PARAMETER);
	} else if (g->have == g->npages) {
		gpadl_created(vb, g, 0);
	}
}

static void gpadl_teardown(struct pv_vmbus *vb, const void *p)
{
	const struct vmbus_channel_gpadl_teardown *m = p;
	struct vmbus_channel_gpadl_torndown r = {
		.header.msgtype = CHANNELMSG_GPADL_TORNDOWN,
		.gpadl = m->gpadl,
	};
	struct pv_vmbus_gpadl *g = gpadl_of(vb, m->gpadl);

	if (!g || g->in_use) {
		log_child(vb, "GPADL_TEARDOWN of an unknown GPADL, or one an open channel uses");
		return;
	}
	free_gpadl(vb, g);
	send_msg(vb, &r, sizeof(r));
}

static u32 open_chan(struct pv_vmbus *vb, struct pv_vmbus_chan *ch,
		     const struct vmbus_channel_open_channel *m)
{
	struct pv_vmbus_gpadl *g = gpadl_of(vb, m->ringbuffer_gpadlhandle);
	u32 split = m->downstream_ringbuffer_pageoffset;
	int err;

	if (ch->state != PV_VMBUS_CHAN_OFFERED) {
		log_child(vb, "OPENCHANNEL of a channel that is open or rescinded");
		return HV_STATUS_INVALID_PARAMETER;
	}
	/* Each ring: a header page and at least one data page. */
	if (!g || g->in_use || g->have != g->npages || g->relid != ch->relid ||
	    split < PV_VMBUS_RING_MIN_PAGES || split > g->npages ||
	    g->npages - split < PV_VMBUS_RING_MIN_PAGES || m->target_vp >= vb->pt->vcpus) {
		log_child(vb, "OPENCHANNEL with a bad GPADL, ring split or target VP");
		return HV_STATUS_INVALID_PARAMETER;
	}
	/* The packet buffer of the workers, for a child that opens channels at all. */
	if (!vb->pkt)
		vb->pkt = kmalloc(PV_VMBUS_MAX_PACKET, GFP_KERNEL_ACCOUNT);
	if (!vb->pkt)
		return HV_STATUS_INSUFFICIENT_MEMORY;
	/* Both rings in one mapping; the ring code never reaches past its own. */
	ch->map = vmap(g->pages, g->npages, VM_MAP, PAGE_KERNEL);
	if (!ch->map)
		return HV_STATUS_INSUFFICIENT_MEMORY;
	err = pv_vmbus_ring_init(&ch->in, ch->map, split * PAGE_SIZE, PV_VMBUS_RING_READER,
				 BIT(VM_PKT_DATA_INBAND));
	if (!err)
		err = pv_vmbus_ring_init(&ch->out, ch->map + split * PAGE_SIZE,
					 (g->npages - split) * PAGE_SIZE, PV_VMBUS_RING_WRITER, 0);
	if (err) {
		log_child(vb, "OPENCHANNEL: rings too large, or their indices out of range");
		vunmap(ch->map);
		ch->map = NULL;
		return HV_STATUS_INVALID_PARAMETER;
	}
	g->in_use = true;
	ch->gpadl = g;
	ch->target_vp = m->target_vp;
	ch->state = PV_VMBUS_CHAN_OPEN;
	ch->why = NULL;
	err = ch->svc->open ? ch->svc->open(ch) : 0;
	if (err) {
		close_chan(ch);
		return HV_STATUS_INSUFFICIENT_MEMORY;
	}
	return 0;
}

static void open_channel(struct pv_vmbus *vb, const void *p)
{
	const struct vmbus_channel_open_channel *m = p;
	struct pv_vmbus_chan *ch = chan_of(vb, m->child_relid);
	struct vmbus_channel_open_result r = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL_RESULT,
		.child_relid = m->child_relid,
		.openid = m->openid,
		.status = HV_STATUS_INVALID_PARAMETER,
	};

	if (ch)
		r.status = open_chan(vb, ch, m);
	else
		log_child(vb, "OPENCHANNEL of an unknown relid");
	send_msg(vb, &r, sizeof(r));
	/* Data the child may have queued before its open was answered. */
	if (ch && ch->state == PV_VMBUS_CHAN_OPEN) {
		set_bit(ch->relid, &vb->pending);
		queue_work(system_unbound_wq, &vb->work);
	}
}

static void close_channel(struct pv_vmbus *vb, const void *p)
{
	const struct vmbus_channel_close_channel *m = p;
	struct pv_vmbus_chan *ch = chan_of(vb, m->child_relid);

	if (!ch || ch->state != PV_VMBUS_CHAN_OPEN) {
		log_child(vb, "CLOSECHANNEL of a channel that is not open");
		return;
	}
	close_chan(ch);
}

static void relid_released(struct pv_vmbus *vb, const void *p)
{
	const struct vmbus_channel_relid_released *m = p;
	struct pv_vmbus_chan *ch = chan_of(vb, m->child_relid);

	if (!ch || ch->state != PV_VMBUS_CHAN_RESCINDED)
		log_child(vb, "RELID_RELEASED of a channel that was not rescinded");
}

/*
 * MODIFYCHANNEL (4.1 and later): the child moves a channel's interrupts to
 * another of its VPs. From 5.3 on it waits for MODIFYCHANNEL_RESPONSE, which
 * carries a status (0 done, else refused and nothing changed).
 */
static void modify_channel(struct pv_vmbus *vb, const void *p)
{
	const struct vmbus_channel_modifychannel *m = p;
	struct pv_vmbus_chan *ch = chan_of(vb, m->child_relid);
	struct vmbus_channel_modifychannel_response r = {
		.header.msgtype = CHANNELMSG_MODIFYCHANNEL_RESPONSE,
		.child_relid = m->child_relid,
		.status = HV_STATUS_INVALID_PARAMETER,
	};
	u32 features = pv_vmbus_version_features(vb->version);

	if (!(features & PV_VMBUS_VF_MODIFY_CHANNEL)) {
		log_child(vb, "MODIFYCHANNEL before version 4.1");
		return;
	}
	if (!ch || ch->state != PV_VMBUS_CHAN_OPEN)
		log_child(vb, "MODIFYCHANNEL of a channel that is not open");
	else if (m->target_vp >= vb->pt->vcpus)
		log_child(vb, "MODIFYCHANNEL to a VP the partition lacks");
	else
		r.status = HV_STATUS_SUCCESS;
	if (!r.status)
		ch->target_vp = m->target_vp;
	if (features & PV_VMBUS_VF_MODIFY_ACK)
		send_msg(vb, &r, sizeof(r));
}

static void unload(struct pv_vmbus *vb)
{
	struct vmbus_channel_message_header r = { .msgtype = CHANNELMSG_UNLOAD_RESPONSE };

	disconnect(vb);
	/* disconnect() emptied the queue; the answer still goes to the same VP. */
	send_msg(vb, &r, sizeof(r));
}

/*
 * A child's HvPostMessage to connection 4, from its VP thread: @payload is
 * a copy the child cannot change, @len at most 240 (the hypervisor checked).
 * Protocol errors are not hypercall errors: they are logged, counted and
 * answered as the protocol says (or not at all); the child gets SUCCESS.
 */
static u16 post_message(void *priv, struct pv_pt *pt, u32 vp, u32 type, const void *payload,
			u32 len)
{
	struct pv_vmbus *vb = priv;
	struct pv_vmbus_msg_info info;
	int h;

	mutex_lock(&vb->lock);
	vb->messages_in++;
	h = pv_vmbus_msg_validate(payload, len, &info);
	if (h < 0) {
		log_child(vb, info.why);
		goto unlock;
	}
	if (!vb->connected && h != PV_VMBUS_MSG_H_INITIATE_CONTACT) {
		log_child(vb, "a channel message before INITIATE_CONTACT");
		goto unlock;
	}
	switch (h) {
	case PV_VMBUS_MSG_H_INITIATE_CONTACT:
		initiate_contact(vb, vp, payload);
		break;
	case PV_VMBUS_MSG_H_REQUEST_OFFERS:
		request_offers(vb);
		break;
	case PV_VMBUS_MSG_H_GPADL_HEADER:
		gpadl_header(vb, payload, &info);
		break;
	case PV_VMBUS_MSG_H_GPADL_BODY:
		gpadl_body(vb, payload, &info);
		break;
	case PV_VMBUS_MSG_H_GPADL_TEARDOWN:
		gpadl_teardown(vb, payload);
		break;
	case PV_VMBUS_MSG_H_OPEN_CHANNEL:
		open_channel(vb, payload);
		break;
	case PV_VMBUS_MSG_H_CLOSE_CHANNEL:
		close_channel(vb, payload);
		break;
	case PV_VMBUS_MSG_H_RELID_RELEASED:
		relid_released(vb, payload);
		break;
	case PV_VMBUS_MSG_H_UNLOAD:
		unload(vb);
		break;
	case PV_VMBUS_MSG_H_MODIFY_CHANNEL:
		modify_channel(vb, payload);
		break;
	case PV_VMBUS_MSG_H_TL_CONNECT_REQUEST:
		/* Linux ignores TL_CONNECT_RESULT: no answer, as to a refused connect. */
		log_child(vb, "TL_CONNECT_REQUEST: the root offers no hv_sock services");
		break;
	default:
		log_child(vb, "a channel message the root does not take from a child");
		break;
	}
unlock:
	mutex_unlock(&vb->lock);
	return HV_STATUS_SUCCESS;
}

/*
 * A child's HvSignalEvent on a channel's connection (from its VP thread):
 * only marks the channel; the worker reads its ring. A child signalling in
 * a loop costs a bit operation each time, and the worker at most one pass.
 */
static u16 signal_event(void *priv, struct pv_pt *pt, u32 vp, u16 flag)
{
	struct pv_vmbus_chan *ch = priv;
	struct pv_vmbus *vb = ch->vb;

	/* Unlocked: the bit and the worker tell; state is checked there. */
	if (!test_and_set_bit(ch->relid, &vb->pending) && READ_ONCE(vb->running))
		queue_work(system_unbound_wq, &vb->work);
	return HV_STATUS_SUCCESS;
}

static const struct pv_pt_synic_ops msg_ops = { .post_message = post_message };
static const struct pv_pt_synic_ops chan_ops = { .signal_event = signal_event };

/**
 * pv_vmbus_find() - the channel of a service
 * @vb: the partition's server
 * @svc: the service
 *
 * Return: the channel (whatever its state), or NULL if not offered.
 */
struct pv_vmbus_chan *pv_vmbus_find(struct pv_vmbus *vb, const struct pv_vmbus_service *svc)
{
	unsigned int i;

	for (i = 0; i < vb->nr_chan; i++)
		if (vb->chan[i].svc == svc)
			return &vb->chan[i];
	return NULL;
}

/**
 * pv_vmbus_get_info() - what partctl info shows of the server
 * @vb: the partition's server
 * @info: filled in
 */
void pv_vmbus_get_info(struct pv_vmbus *vb, struct pv_vmbus_info *info)
{
	struct pv_vmbus_chan *hb;
	u64 last_ns = 0;
	unsigned int i;

	memset(info, 0, sizeof(*info));
	mutex_lock(&vb->lock);
	info->connected = vb->connected;
	info->version = vb->version;
	info->nr_chan = vb->nr_chan;
	info->messages_in = vb->messages_in;
	info->messages_out = vb->messages_out;
	info->errors = vb->errors;
	for (i = 0; i < vb->nr_chan; i++) {
		info->chan[i].name = vb->chan[i].svc->name;
		info->chan[i].relid = vb->chan[i].relid;
		info->chan[i].state = vb->chan[i].state;
		info->chan[i].packets_in = vb->chan[i].packets_in;
		info->chan[i].packets_out = vb->chan[i].packets_out;
		info->chan[i].why = vb->chan[i].why;
	}
	hb = pv_vmbus_find(vb, &pv_vmbus_heartbeat);
	if (hb)
		pv_vmbus_ic_status(hb, &info->hb_beats, &info->hb_late, &last_ns);
	mutex_unlock(&vb->lock);
	info->hb_age_ms = last_ns ? div_u64(ktime_get_ns() - last_ns, NSEC_PER_MSEC) : U64_MAX;
}

/**
 * pv_vmbus_create() - the VMBus server of a new partition
 * @pt: the partition
 *
 * Return: the server, or NULL without memory.
 */
struct pv_vmbus *pv_vmbus_create(struct pv_pt *pt)
{
	struct pv_vmbus *vb = kzalloc(sizeof(*vb), GFP_KERNEL_ACCOUNT);
	unsigned int i;

	if (!vb)
		return NULL;

	vb->pt = pt;
	mutex_init(&vb->lock);
	INIT_LIST_HEAD(&vb->gpadls);
	INIT_LIST_HEAD(&vb->outq);
	INIT_WORK(&vb->work, vmbus_work);
	INIT_WORK(&vb->flush, vmbus_flush);
	INIT_DELAYED_WORK(&vb->tick, vmbus_tick);
	for (i = 0; pv_vmbus_services[i] && i < PV_VMBUS_MAX_CHANNELS; i++)
		vb->chan[i].svc = pv_vmbus_services[i];
	if (pv_vmbus_echo_service() && i < PV_VMBUS_MAX_CHANNELS)
		vb->chan[i++].svc = pv_vmbus_echo_service();
	vb->nr_chan = i;
	for (i = 0; i < vb->nr_chan; i++) {
		vb->chan[i].vb = vb;
		vb->chan[i].relid = i + 1;
	}
	/* The child's messages and channel signals come to us through these. */
	if (pv_pt_synic_connect(pt, PV_VMBUS_MSG_CONNECTION_ID, &msg_ops, vb))
		goto free;
	for (i = 0; i < vb->nr_chan; i++)
		if (pv_pt_synic_connect(pt, PV_VMBUS_CHAN_CONNECTION_BASE + vb->chan[i].relid,
					&chan_ops, &vb->chan[i]))
			goto disconnect;
	vb->synic = true;
	return vb;

disconnect:
	pv_pt_synic_disconnect_all(pt);
free:
	kfree(vb);
	return NULL;
}

/**
 * pv_vmbus_start() - the partition starts: a new connection may come
 * @vb: the partition's server
 */
void pv_vmbus_start(struct pv_vmbus *vb)
{
	mutex_lock(&vb->lock);
	disconnect(vb);
	vb->running = true;
	queue_delayed_work(system_unbound_wq, &vb->tick, tick_jiffies());
	mutex_unlock(&vb->lock);
}

/**
 * pv_vmbus_stop() - the partition's VPs are stopped: drop the connection
 * @vb: the partition's server
 *
 * Reads what the child left in its rings a last time, closes every
 * channel (the services see close()) and frees the GPADLs; the workers
 * are finished on return. Called once the VPs are stopped.
 */
void pv_vmbus_stop(struct pv_vmbus *vb)
{
	unsigned int i;

	mutex_lock(&vb->lock);
	vb->running = false;
	mutex_unlock(&vb->lock);
	cancel_delayed_work_sync(&vb->tick);
	cancel_work_sync(&vb->work);
	cancel_work_sync(&vb->flush);
	mutex_lock(&vb->lock);
	/* The VPs are stopped: what the child wrote last (its console) still counts. */
	for (i = 0; vb->pkt && i < vb->nr_chan; i++)
		serve_chan(&vb->chan[i], vb->pkt, PV_VMBUS_MAX_PACKET);
	disconnect(vb);
	mutex_unlock(&vb->lock);
}

/**
 * pv_vmbus_destroy() - free a partition's server
 * @vb: the server (pv_vmbus_stop() done), or NULL
 *
 * With the partition's last reference: no caller waits on a service then.
 */
void pv_vmbus_destroy(struct pv_vmbus *vb)
{
	unsigned int i;

	if (!vb)
		return;
	if (vb->synic)
		pv_pt_synic_disconnect_all(vb->pt);
	pv_vmbus_stop(vb);
	for (i = 0; i < vb->nr_chan; i++)
		if (vb->chan[i].priv && vb->chan[i].svc->release)
			vb->chan[i].svc->release(&vb->chan[i]);
	kfree(vb->pkt);
	kfree(vb);
}
