/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMBus channel-management messages a child sends the root (the payload
 * of its PostMessage, struct vmbus_channel_message_header first): which
 * types it may send, the minimum length of each, the stateless checks of
 * their contents, and the protocol versions the root negotiates. The
 * channel layer does the stateful checks (connection state, relids, GPADL
 * handles). Pure code, callable in any context (KUnit:
 * partvisor_vmbus_msg). See Documentation/vmbus.rst.
 */
#ifndef _PV_VMBUS_MSG_H
#define _PV_VMBUS_MSG_H

#include <linux/bits.h>
#include <linux/hyperv.h>
#include <linux/types.h>

/* A SynIC message payload: the longest channel message. */
#define PV_VMBUS_MSG_MAX		HV_MESSAGE_PAYLOAD_BYTE_COUNT

/* The one GPA range a GPADL header carries, and its first PFNs. */
#define PV_VMBUS_GPADL_HDR_FIXED	(sizeof(struct vmbus_channel_gpadl_header) + \
					 sizeof(struct gpa_range))
#define PV_VMBUS_GPADL_HDR_PFNS		((PV_VMBUS_MSG_MAX - PV_VMBUS_GPADL_HDR_FIXED) / \
					 sizeof(u64))
#define PV_VMBUS_GPADL_BODY_PFNS	((PV_VMBUS_MSG_MAX - \
					  sizeof(struct vmbus_channel_gpadl_body)) / \
					 sizeof(u64))

/**
 * enum pv_vmbus_msg_handler - what the channel layer does with a message
 * @PV_VMBUS_MSG_H_INITIATE_CONTACT: connect, negotiating the version
 * @PV_VMBUS_MSG_H_REQUEST_OFFERS: send the offers, then ALLOFFERS_DELIVERED
 * @PV_VMBUS_MSG_H_OPEN_CHANNEL: open a channel over a GPADL
 * @PV_VMBUS_MSG_H_CLOSE_CHANNEL: close a channel
 * @PV_VMBUS_MSG_H_GPADL_HEADER: start a GPADL (first PFNs)
 * @PV_VMBUS_MSG_H_GPADL_BODY: more PFNs of a GPADL being created
 * @PV_VMBUS_MSG_H_GPADL_TEARDOWN: drop a GPADL
 * @PV_VMBUS_MSG_H_RELID_RELEASED: the child let go of a rescinded relid
 * @PV_VMBUS_MSG_H_UNLOAD: disconnect, all channels closed
 * @PV_VMBUS_MSG_H_TL_CONNECT_REQUEST: hv_sock connect (refused: no sockets)
 * @PV_VMBUS_MSG_H_MODIFY_CHANNEL: move a channel's interrupts (>= 4.1)
 * @PV_VMBUS_MSG_H_COUNT: number of handlers
 */
enum pv_vmbus_msg_handler {
	PV_VMBUS_MSG_H_INITIATE_CONTACT,
	PV_VMBUS_MSG_H_REQUEST_OFFERS,
	PV_VMBUS_MSG_H_OPEN_CHANNEL,
	PV_VMBUS_MSG_H_CLOSE_CHANNEL,
	PV_VMBUS_MSG_H_GPADL_HEADER,
	PV_VMBUS_MSG_H_GPADL_BODY,
	PV_VMBUS_MSG_H_GPADL_TEARDOWN,
	PV_VMBUS_MSG_H_RELID_RELEASED,
	PV_VMBUS_MSG_H_UNLOAD,
	PV_VMBUS_MSG_H_TL_CONNECT_REQUEST,
	PV_VMBUS_MSG_H_MODIFY_CHANNEL,
	PV_VMBUS_MSG_H_COUNT
};

/**
 * struct pv_vmbus_msg_info - what pv_vmbus_msg_validate() found
 * @why: on error, the reason (a constant string); NULL otherwise
 * @type: the message's CHANNELMSG_* (as far as it could be read)
 * @min_size: the minimum payload length of @type (0 if unknown)
 * @gpadl_pfns: GPADL_HEADER: PFNs of the whole GPADL
 * @pfns: GPADL_HEADER and GPADL_BODY: PFNs carried by this message
 */
struct pv_vmbus_msg_info {
	const char *why;
	u32 type;
	u32 min_size;
	u32 gpadl_pfns;
	u32 pfns;
};

int pv_vmbus_msg_validate(const void *msg, u32 size,
			  struct pv_vmbus_msg_info *info);
const char *pv_vmbus_msg_name(u32 type);

/* Protocol features a negotiated version brings (pv_vmbus_version_features()). */
/* >= 4.1: the child may send MODIFYCHANNEL. */
#define PV_VMBUS_VF_MODIFY_CHANNEL	BIT(0)
/* >= 5.0: INITIATE_CONTACT names the message SINT; VERSION_RESPONSE gives msg_conn_id. */
#define PV_VMBUS_VF_MSG_SINT		BIT(1)
/* >= 5.3: the root acknowledges MODIFYCHANNEL with MODIFYCHANNEL_RESPONSE. */
#define PV_VMBUS_VF_MODIFY_ACK		BIT(2)

bool pv_vmbus_version_supported(u32 version);
int pv_vmbus_version_features(u32 version);

#endif /* _PV_VMBUS_MSG_H */
