// SPDX-License-Identifier: GPL-2.0
/*
 * The table of channel-management messages a child may send, with the
 * minimum payload length of each, and the stateless checks of a message
 * before any handler sees it; the VMBus versions the root speaks. Pure
 * code (KUnit: partvisor_vmbus_msg). See vmbus_msg.h and
 * Documentation/vmbus.rst.
 *
 * The message is the caller's private copy of the child's PostMessage
 * payload (never the child's page itself), so a field read twice reads the
 * same value; it need not be aligned: fields are copied out with memcpy().
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "vmbus_msg.h"
#include "vmbus_ring.h"

static_assert(sizeof(struct vmbus_channel_message_header) == 8);
static_assert(sizeof(struct vmbus_channel_initiate_contact) == 40);
static_assert(sizeof(struct vmbus_channel_open_channel) == 148);
static_assert(sizeof(struct vmbus_channel_gpadl_header) == 20);
static_assert(sizeof(struct gpa_range) == 8);
static_assert(sizeof(struct vmbus_channel_gpadl_body) == 16);
/* What the root sends; tests/guests/vmbus.h asserts the same sizes. */
static_assert(sizeof(struct vmbus_channel_offer_channel) == 196);
static_assert(offsetof(struct vmbus_channel_offer_channel, child_relid) == 184);
static_assert(offsetof(struct vmbus_channel_offer_channel, connection_id) == 192);
static_assert(sizeof(struct vmbus_channel_version_response) == 16);
static_assert(sizeof(struct vmbus_channel_open_result) == 20);
static_assert(sizeof(struct vmbus_channel_gpadl_created) == 20);
static_assert(offsetof(struct vmbus_channel_open_channel,
		       downstream_ringbuffer_pageoffset) == 24);
static_assert(PV_VMBUS_GPADL_HDR_PFNS == 26);
static_assert(PV_VMBUS_GPADL_BODY_PFNS == 28);

/**
 * struct pv_vmbus_msg_desc - one CHANNELMSG_* type
 * @name: for logs; NULL for a type that does not exist
 * @min_size: shortest payload, header included (child-to-host types)
 * @handler: enum pv_vmbus_msg_handler, or -1 for a host-to-child type
 */
struct pv_vmbus_msg_desc {
	const char *name;
	u16 min_size;
	s8 handler;
};

#define CHILD(name, h, sz)	{ name, sz, PV_VMBUS_MSG_H_##h }
#define HOST(name)		{ name, 0, -1 }

static const struct pv_vmbus_msg_desc pv_vmbus_msgs[CHANNELMSG_COUNT] = {
	[CHANNELMSG_OFFERCHANNEL] = HOST("OFFERCHANNEL"),
	[CHANNELMSG_RESCIND_CHANNELOFFER] = HOST("RESCIND_CHANNELOFFER"),
	/* No parameters: the SynIC message says which partition asks. */
	[CHANNELMSG_REQUESTOFFERS] =
		CHILD("REQUESTOFFERS", REQUEST_OFFERS,
		      sizeof(struct vmbus_channel_message_header)),
	[CHANNELMSG_ALLOFFERS_DELIVERED] = HOST("ALLOFFERS_DELIVERED"),
	[CHANNELMSG_OPENCHANNEL] =
		CHILD("OPENCHANNEL", OPEN_CHANNEL,
		      sizeof(struct vmbus_channel_open_channel)),
	[CHANNELMSG_OPENCHANNEL_RESULT] = HOST("OPENCHANNEL_RESULT"),
	[CHANNELMSG_CLOSECHANNEL] =
		CHILD("CLOSECHANNEL", CLOSE_CHANNEL,
		      sizeof(struct vmbus_channel_close_channel)),
	/* The fixed part, its one GPA range and at least one PFN. */
	[CHANNELMSG_GPADL_HEADER] =
		CHILD("GPADL_HEADER", GPADL_HEADER,
		      PV_VMBUS_GPADL_HDR_FIXED + sizeof(u64)),
	/* The fixed part and at least one PFN. */
	[CHANNELMSG_GPADL_BODY] =
		CHILD("GPADL_BODY", GPADL_BODY,
		      sizeof(struct vmbus_channel_gpadl_body) + sizeof(u64)),
	[CHANNELMSG_GPADL_CREATED] = HOST("GPADL_CREATED"),
	[CHANNELMSG_GPADL_TEARDOWN] =
		CHILD("GPADL_TEARDOWN", GPADL_TEARDOWN,
		      sizeof(struct vmbus_channel_gpadl_teardown)),
	[CHANNELMSG_GPADL_TORNDOWN] = HOST("GPADL_TORNDOWN"),
	[CHANNELMSG_RELID_RELEASED] =
		CHILD("RELID_RELEASED", RELID_RELEASED,
		      sizeof(struct vmbus_channel_relid_released)),
	[CHANNELMSG_INITIATE_CONTACT] =
		CHILD("INITIATE_CONTACT", INITIATE_CONTACT,
		      sizeof(struct vmbus_channel_initiate_contact)),
	[CHANNELMSG_VERSION_RESPONSE] = HOST("VERSION_RESPONSE"),
	[CHANNELMSG_UNLOAD] =
		CHILD("UNLOAD", UNLOAD,
		      sizeof(struct vmbus_channel_message_header)),
	[CHANNELMSG_UNLOAD_RESPONSE] = HOST("UNLOAD_RESPONSE"),
	[CHANNELMSG_TL_CONNECT_REQUEST] =
		CHILD("TL_CONNECT_REQUEST", TL_CONNECT_REQUEST,
		      sizeof(struct vmbus_channel_tl_connect_request)),
	[CHANNELMSG_MODIFYCHANNEL] =
		CHILD("MODIFYCHANNEL", MODIFY_CHANNEL,
		      sizeof(struct vmbus_channel_modifychannel)),
	[CHANNELMSG_TL_CONNECT_RESULT] = HOST("TL_CONNECT_RESULT"),
	[CHANNELMSG_MODIFYCHANNEL_RESPONSE] = HOST("MODIFYCHANNEL_RESPONSE"),
};

static int msg_bad(struct pv_vmbus_msg_info *info, const char *why)
{
	info->why = why;
	return -EBADMSG;
}

/*
 * One GPA range (what Linux and Windows children send), starting within
 * its first page; range_buflen and the PFNs carried agree with the pages
 * the range spans: all of them if they fit, else as many as fit (GPADL_BODY
 * messages bring the rest).
 */
static int msg_check_gpadl_header(const void *msg, u32 size,
				  struct pv_vmbus_msg_info *info)
{
	struct vmbus_channel_gpadl_header gh;
	struct gpa_range gr;
	u32 rest, want;
	u64 pfns;

	memcpy(&gh, msg, sizeof(gh));
	memcpy(&gr, msg + sizeof(gh), sizeof(gr));
	if (!gh.rangecount)
		return msg_bad(info, "GPADL without a GPA range");
	if (gh.rangecount != 1)
		return msg_bad(info, "GPADL with more than one GPA range");
	if (!gr.byte_count)
		return msg_bad(info, "GPA range of zero bytes");
	if (gr.byte_offset >= HV_HYP_PAGE_SIZE)
		return msg_bad(info, "GPA range offset beyond its first page");
	pfns = DIV_ROUND_UP((u64)gr.byte_offset + gr.byte_count, HV_HYP_PAGE_SIZE);
	/* u16 range_buflen: this also bounds a GPADL to 8190 pages. */
	if (gh.range_buflen != sizeof(gr) + pfns * sizeof(u64))
		return msg_bad(info, "GPADL range_buflen does not match its byte count");

	rest = size - PV_VMBUS_GPADL_HDR_FIXED;
	if (rest % sizeof(u64))
		return msg_bad(info, "GPADL header PFN array not a whole number of PFNs");
	want = min_t(u64, pfns, PV_VMBUS_GPADL_HDR_PFNS);
	if (rest / sizeof(u64) < want)
		return msg_bad(info, "GPADL range spans more PFNs than the header holds");
	if (rest / sizeof(u64) > want)
		return msg_bad(info, "GPADL header holds more PFNs than its range spans");
	info->gpadl_pfns = pfns;
	info->pfns = want;
	return 0;
}

/* Whole PFNs after the fixed part; whether they are due is the channel's call. */
static int msg_check_gpadl_body(u32 size, struct pv_vmbus_msg_info *info)
{
	u32 rest = size - sizeof(struct vmbus_channel_gpadl_body);

	if (rest % sizeof(u64))
		return msg_bad(info, "GPADL body PFN array not a whole number of PFNs");
	info->pfns = rest / sizeof(u64);
	return 0;
}

/* The child's ring pair: the upstream (child-to-host) ring comes first. */
static int msg_check_open(const void *msg, struct pv_vmbus_msg_info *info)
{
	struct vmbus_channel_open_channel oc;

	memcpy(&oc, msg, sizeof(oc));
	if (oc.downstream_ringbuffer_pageoffset < PV_VMBUS_RING_MIN_PAGES)
		return msg_bad(info, "OPENCHANNEL leaves the upstream ring no data page");
	return 0;
}

/**
 * pv_vmbus_msg_validate() - check a channel message from a child
 * @msg: the payload of the child's PostMessage (the caller's copy),
 *	starting with struct vmbus_channel_message_header
 * @size: its length as the child gave it, at most PV_VMBUS_MSG_MAX
 * @info: filled in: the type and its minimum length, the PFN counts of a
 *	GPADL message, and on error the reason
 *
 * Checks what needs no state: the length against the type's minimum, that
 * the type is one a child sends, the header's padding is zero, and for
 * GPADL_HEADER its range and PFN array, for GPADL_BODY its PFN array, for
 * OPENCHANNEL the offset of the second ring. Longer payloads than a type's
 * minimum are accepted (the rest is ignored) except for the GPADL
 * messages, whose length says how many PFNs they carry.
 *
 * Return: the enum pv_vmbus_msg_handler for the message, or -EBADMSG with
 * @info->why set.
 */
int pv_vmbus_msg_validate(const void *msg, u32 size,
			  struct pv_vmbus_msg_info *info)
{
	const struct pv_vmbus_msg_desc *d;
	u32 type, padding;
	int ret = 0;

	memset(info, 0, sizeof(*info));
	if (!msg || size < sizeof(struct vmbus_channel_message_header))
		return msg_bad(info, "message shorter than its header");
	if (size > PV_VMBUS_MSG_MAX)
		return msg_bad(info, "message longer than a SynIC message payload");
	/* msgtype is an enum in the header: read it as the u32 it is. */
	memcpy(&type, msg, sizeof(type));
	memcpy(&padding, msg + sizeof(type), sizeof(padding));
	info->type = type;
	if (type >= ARRAY_SIZE(pv_vmbus_msgs) || !pv_vmbus_msgs[type].name)
		return msg_bad(info, "unknown message type");
	d = &pv_vmbus_msgs[type];
	if (d->handler < 0)
		return msg_bad(info, "message type only the host sends");
	info->min_size = d->min_size;
	if (padding)
		return msg_bad(info, "message header padding not zero");
	if (size < d->min_size)
		return msg_bad(info, "message shorter than its type");

	switch (type) {
	case CHANNELMSG_GPADL_HEADER:
		ret = msg_check_gpadl_header(msg, size, info);
		break;
	case CHANNELMSG_GPADL_BODY:
		ret = msg_check_gpadl_body(size, info);
		break;
	case CHANNELMSG_OPENCHANNEL:
		ret = msg_check_open(msg, info);
		break;
	}
	return ret ?: d->handler;
}

/**
 * pv_vmbus_msg_name() - name of a CHANNELMSG_* type, for logs
 * @type: any value
 *
 * Return: the name without its CHANNELMSG_ prefix, or "unknown".
 */
const char *pv_vmbus_msg_name(u32 type)
{
	if (type >= ARRAY_SIZE(pv_vmbus_msgs) || !pv_vmbus_msgs[type].name)
		return "unknown";
	return pv_vmbus_msgs[type].name;
}

/*
 * The versions the root accepts, newest first. A Linux child's hv_vmbus
 * proposes, newest first, 5.3 5.2 5.1 5.0 4.1 4.0 3.0 2.4 and takes the
 * first the host accepts: it gets 5.3 here. 3.0 (Windows 8.1) and 2.4
 * (Windows 8) predate what the root implements and are refused, as are
 * 1.1 and 0.13, which Linux no longer speaks.
 */
static const u32 pv_vmbus_versions[] = {
	VERSION_WIN10_V5_3,
	VERSION_WIN10_V5_2,
	VERSION_WIN10_V5_1,
	VERSION_WIN10_V5,
	VERSION_WIN10_V4_1,
	VERSION_WIN10,
};

/**
 * pv_vmbus_version_supported() - does the root speak this VMBus version?
 * @version: vmbus_version_requested of the child's INITIATE_CONTACT
 *	(major << 16 | minor)
 *
 * Return: true for 4.0 (VERSION_WIN10), 4.1 and 5.0 to 5.3
 * (VERSION_WIN10_V5*); the root answers anything else with
 * version_supported = 0 and the child may try an older one.
 */
bool pv_vmbus_version_supported(u32 version)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pv_vmbus_versions); i++)
		if (pv_vmbus_versions[i] == version)
			return true;
	return false;
}

/**
 * pv_vmbus_version_features() - what a negotiated version obliges
 * @version: a version pv_vmbus_version_supported() accepts
 *
 * Return: PV_VMBUS_VF_* flags, or -EPROTONOSUPPORT for a version the root
 * does not speak.
 */
int pv_vmbus_version_features(u32 version)
{
	int f = 0;

	if (!pv_vmbus_version_supported(version))
		return -EPROTONOSUPPORT;
	if (version >= VERSION_WIN10_V4_1)
		f |= PV_VMBUS_VF_MODIFY_CHANNEL;
	if (version >= VERSION_WIN10_V5)
		f |= PV_VMBUS_VF_MSG_SINT;
	if (version >= VERSION_WIN10_V5_3)
		f |= PV_VMBUS_VF_MODIFY_ACK;
	return f;
}
