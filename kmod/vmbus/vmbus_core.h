/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root's VMBus server (vmbus_conn.c): one per child partition. It
 * speaks the published VMBus channel-management protocol with the child
 * over SynIC messages, offers one channel per service (VSP), keeps the
 * GPADLs the child creates, and runs each open channel's ring pair.
 * Services: vmbus_ic.c (heartbeat, shutdown, time sync, KVP) and
 * vmbus_console.c. Documentation/vmbus.rst.
 */
#ifndef _PV_VMBUS_CORE_H
#define _PV_VMBUS_CORE_H

#include <linux/completion.h>
#include <linux/list.h>
#include <linux/mod_devicetable.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/workqueue.h>
#include <asm/hyperv-tlfs.h>

#include "vmbus_ring.h"

struct pv_pt;
struct pv_vmbus;
struct pv_vmbus_chan;

/* The child posts channel messages to this connection (protocol 5.x). */
#define PV_VMBUS_MSG_CONNECTION_ID	4
/* ... and receives them, and channel interrupts, on this SINT. */
#define PV_VMBUS_MSG_SINT		2
/* SynIC message type of a VMBus channel message (any but HVMSG_NONE). */
#define PV_VMBUS_MSG_TYPE		1
/* A channel's signalling connection: this plus its relid. */
#define PV_VMBUS_CHAN_CONNECTION_BASE	0x10000

#define PV_VMBUS_MAX_CHANNELS		8	/* relids 1..8 */
#define PV_VMBUS_MAX_GPADLS		32
#define PV_VMBUS_MAX_GPADL_PAGES	512	/* 2 MiB of rings per GPADL */
#define PV_VMBUS_MAX_OUTQ		64	/* messages waiting for a free slot */
#define PV_VMBUS_MAX_PACKET		8192	/* payload of one packet a service takes */

/**
 * struct pv_vmbus_service - a VSP: what the root offers on one channel
 * @name: for logs and partctl info
 * @type: the offer's interface type GUID (in .guid, as <linux/hyperv.h>'s
 *	HV_*_GUID initialisers give it)
 * @instance: the offer's instance GUID
 * @open: the child opened the channel (the rings are ready); 0 or -errno
 *	(the open fails)
 * @receive: one packet from the child: its payload (inband data); an
 *	error closes and rescinds the channel
 * @close: the channel closes (the child closed it, it was rescinded, or
 *	the connection went); the rings are still mapped
 * @tick: on each tick (vmbus_tick_ms, a second) while the channel is open
 * @release: the server goes: free @priv (which lives from the first open
 *	to here, so that a caller waiting on it never sees it freed)
 *
 * All but @release are called with the connection's mutex held, in
 * process context.
 */
struct pv_vmbus_service {
	const char *name;
	struct hv_vmbus_device_id type;
	guid_t instance;
	int (*open)(struct pv_vmbus_chan *ch);
	int (*receive)(struct pv_vmbus_chan *ch, const void *data, u32 len, u64 trans_id);
	void (*close)(struct pv_vmbus_chan *ch);
	void (*tick)(struct pv_vmbus_chan *ch);
	void (*release)(struct pv_vmbus_chan *ch);
};

/**
 * struct pv_vmbus_gpadl - a guest physical address descriptor list
 * @node: in the connection's list
 * @handle: the child's handle for it
 * @relid: the channel it was created for
 * @npages: pages it describes
 * @have: pages received so far (GPADL_HEADER, then GPADL_BODY messages)
 * @next_msg: the GPADL_BODY message number expected next
 * @pages: the child's pages, checked against its memory
 * @in_use: an open channel's rings are in it
 */
struct pv_vmbus_gpadl {
	struct list_head node;
	u32 handle, relid;
	u32 npages, have, next_msg;
	struct page **pages;
	bool in_use;
};

enum pv_vmbus_chan_state {
	PV_VMBUS_CHAN_OFFERED,
	PV_VMBUS_CHAN_OPEN,
	PV_VMBUS_CHAN_RESCINDED,	/* closed by the root for misbehaving */
};

/**
 * struct pv_vmbus_chan - one channel
 * @vb: its connection
 * @svc: its service
 * @relid: its relid (1-based)
 * @state: enum pv_vmbus_chan_state
 * @target_vp: the VP the child wants its interrupts on
 * @gpadl: the GPADL holding its rings, while open
 * @map: the GPADL's pages mapped together, while open
 * @in: the child-to-root ring (upstream)
 * @out: the root-to-child ring (downstream)
 * @priv: the service's state
 * @packets_in: packets received
 * @packets_out: packets sent
 * @why: why the root closed it, if it did
 */
struct pv_vmbus_chan {
	struct pv_vmbus *vb;
	const struct pv_vmbus_service *svc;
	u32 relid;
	u32 state;
	u32 target_vp;
	struct pv_vmbus_gpadl *gpadl;
	void *map;
	struct pv_vmbus_ring in, out;
	void *priv;
	u64 packets_in, packets_out;
	const char *why;
};

/**
 * struct pv_vmbus_outmsg - a channel message waiting for the child's slot
 * @node: in the connection's queue
 * @seq: its number, to know it again after the queue was emptied
 * @len: payload bytes
 * @data: the payload
 */
struct pv_vmbus_outmsg {
	struct list_head node;
	u64 seq;
	u32 len;
	u8 data[HV_MESSAGE_PAYLOAD_BYTE_COUNT];
};

/**
 * struct pv_vmbus - the VMBus server of one partition
 * @pt: the partition
 * @lock: everything below; taken by VP threads (child messages) and the
 *	workers, never in the hypervisor
 * @connected: the child's INITIATE_CONTACT was accepted
 * @version: the protocol version agreed on
 * @target_vp: the VP channel messages go to
 * @offers_sent: the offers went out (REQUESTOFFERS)
 * @chan: the channels, by relid - 1
 * @nr_chan: how many services are offered
 * @gpadls: struct pv_vmbus_gpadl list
 * @nr_gpadls: its length
 * @outq: messages the child's SINT slot could not take yet
 * @outq_len: its length
 * @outq_seq: the last message number given
 * @pending: relids the child signalled, for @work
 * @work: serves the signalled channels
 * @flush: posts @outq as the child's EOMs free its slot
 * @tick: the services' tick (vmbus_tick_ms)
 * @running: the partition runs: @work and @tick may be queued
 * @pkt: PV_VMBUS_MAX_PACKET bytes for the packet being served (from the
 *	first channel open on)
 * @synic: its connection ids are registered with pt_synic.c
 * @messages_in: channel messages received
 * @messages_out: channel messages sent
 * @errors: protocol errors of the child
 */
struct pv_vmbus {
	struct pv_pt *pt;
	struct mutex lock;	/* the connection and its channels */
	bool connected;
	u32 version, target_vp;
	bool offers_sent;
	struct pv_vmbus_chan chan[PV_VMBUS_MAX_CHANNELS];
	unsigned int nr_chan;
	struct list_head gpadls;
	unsigned int nr_gpadls;
	struct list_head outq;
	unsigned int outq_len;
	u64 outq_seq;
	unsigned long pending;
	struct work_struct work, flush;
	struct delayed_work tick;
	bool running;
	u8 *pkt;
	bool synic;
	u64 messages_in, messages_out, errors;
};

/**
 * struct pv_vmbus_chan_info - one channel, for partctl info
 * @name: its service
 * @relid: its relid
 * @state: enum pv_vmbus_chan_state
 * @packets_in: packets the child sent on it
 * @packets_out: packets the root sent on it
 * @why: why the root rescinded it, or NULL
 */
struct pv_vmbus_chan_info {
	const char *name;
	u32 relid, state;
	u64 packets_in, packets_out;
	const char *why;
};

/**
 * struct pv_vmbus_info - the VMBus server of a partition, for partctl info
 * @connected: the child connected
 * @version: the protocol version agreed on
 * @nr_chan: channels offered
 * @chan: each of them
 * @messages_in: channel messages the child sent
 * @messages_out: channel messages the root sent
 * @errors: protocol errors of the child
 * @hb_beats: heartbeats the child answered
 * @hb_late: heartbeats it left unanswered
 * @hb_age_ms: milliseconds since the last one (U64_MAX: never)
 */
struct pv_vmbus_info {
	bool connected;
	u32 version, nr_chan;
	struct pv_vmbus_chan_info chan[PV_VMBUS_MAX_CHANNELS];
	u64 messages_in, messages_out, errors;
	u64 hb_beats, hb_late, hb_age_ms;
};

void pv_vmbus_get_info(struct pv_vmbus *vb, struct pv_vmbus_info *info);
struct pv_vmbus *pv_vmbus_create(struct pv_pt *pt);
void pv_vmbus_destroy(struct pv_vmbus *vb);
void pv_vmbus_start(struct pv_vmbus *vb);
void pv_vmbus_stop(struct pv_vmbus *vb);
int pv_vmbus_send(struct pv_vmbus_chan *ch, const void *data, u32 len, u64 trans_id);
void pv_vmbus_chan_fail(struct pv_vmbus_chan *ch, const char *why);
struct pv_vmbus_chan *pv_vmbus_find(struct pv_vmbus *vb, const struct pv_vmbus_service *svc);

#endif /* _PV_VMBUS_CORE_H */
