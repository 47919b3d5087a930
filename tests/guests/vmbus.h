/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMBus for the test guests: the wire structures of the published Hyper-V
 * VMBus protocol (guests cannot include kernel headers, so they are
 * defined here, with their sizes and offsets asserted against what
 * <linux/hyperv.h> has) and the child's (VSC's) end of a ring. The same
 * layout and rules as the root's end in kmod/vmbus/vmbus_ring.c; see
 * Documentation/vmbus.rst.
 *
 * Freestanding: stdint/stddef/stdbool only, no lib.c. Builds for i386 and
 * x86-64 guests, and for the host (tests/guests/vmbus-test.c).
 */
#ifndef GUEST_VMBUS_H
#define GUEST_VMBUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VMBUS_PAGE_SIZE		4096u

/* Errors (negative, with Linux's errno values for familiarity). */
#define VMBUS_EINVAL		(-22)	/* bad argument, or the wrong end */
#define VMBUS_EAGAIN		(-11)	/* ring full (write) */
#define VMBUS_EMSGSIZE		(-90)	/* never fits / buffer too small */
#define VMBUS_EPROTO		(-71)	/* the other end broke the protocol */

/* Ring header page (struct hv_ring_buffer; every field naturally aligned). */
struct vmbus_ring_hdr {
	volatile uint32_t write_index;
	volatile uint32_t read_index;
	volatile uint32_t interrupt_mask;
	volatile uint32_t pending_send_sz;
	uint32_t reserved1[12];
	volatile uint32_t feature_bits;	/* bit 0: feat_pending_send_sz */
	uint8_t reserved2[VMBUS_PAGE_SIZE - 68];
	uint8_t buffer[];
};

#define VMBUS_FEAT_PENDING_SEND_SZ	1u

_Static_assert(sizeof(struct vmbus_ring_hdr) == VMBUS_PAGE_SIZE, "ring header is a page");
_Static_assert(offsetof(struct vmbus_ring_hdr, write_index) == 0, "write_index");
_Static_assert(offsetof(struct vmbus_ring_hdr, read_index) == 4, "read_index");
_Static_assert(offsetof(struct vmbus_ring_hdr, interrupt_mask) == 8, "interrupt_mask");
_Static_assert(offsetof(struct vmbus_ring_hdr, pending_send_sz) == 12, "pending_send_sz");
_Static_assert(offsetof(struct vmbus_ring_hdr, feature_bits) == 64, "feature_bits");
_Static_assert(offsetof(struct vmbus_ring_hdr, buffer) == VMBUS_PAGE_SIZE, "data");

/* Packet descriptor (struct vmpacket_descriptor). */
struct vmbus_pkt_desc {
	uint16_t type;
	uint16_t offset8;	/* payload offset, 8-byte units */
	uint16_t len8;		/* whole packet, 8-byte units */
	uint16_t flags;
	uint64_t trans_id;
} __attribute__((packed));

_Static_assert(sizeof(struct vmbus_pkt_desc) == 16, "descriptor");
_Static_assert(offsetof(struct vmbus_pkt_desc, offset8) == 2, "offset8");
_Static_assert(offsetof(struct vmbus_pkt_desc, len8) == 4, "len8");
_Static_assert(offsetof(struct vmbus_pkt_desc, flags) == 6, "flags");
_Static_assert(offsetof(struct vmbus_pkt_desc, trans_id) == 8, "trans_id");

/* enum vmbus_packet_type (the ones the test guests use). */
#define VMBUS_PKT_INVALID		0x0
#define VMBUS_PKT_DATA_INBAND		0x6
#define VMBUS_PKT_DATA_USING_GPA_DIRECT	0x9
#define VMBUS_PKT_COMP			0xb
#define VMBUS_PKT_FLAG_COMPLETION	1u	/* VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED */

#define VMBUS_RING_TRAILER	8u
#define VMBUS_RING_MIN_PAGES	2u
#define VMBUS_PKT_MAX		(0xffffu << 3)

/* Channel messages (enum vmbus_channel_message_type). */
enum {
	VMBUS_MSG_OFFERCHANNEL = 1,
	VMBUS_MSG_RESCIND_CHANNELOFFER = 2,
	VMBUS_MSG_REQUESTOFFERS = 3,
	VMBUS_MSG_ALLOFFERS_DELIVERED = 4,
	VMBUS_MSG_OPENCHANNEL = 5,
	VMBUS_MSG_OPENCHANNEL_RESULT = 6,
	VMBUS_MSG_CLOSECHANNEL = 7,
	VMBUS_MSG_GPADL_HEADER = 8,
	VMBUS_MSG_GPADL_BODY = 9,
	VMBUS_MSG_GPADL_CREATED = 10,
	VMBUS_MSG_GPADL_TEARDOWN = 11,
	VMBUS_MSG_GPADL_TORNDOWN = 12,
	VMBUS_MSG_RELID_RELEASED = 13,
	VMBUS_MSG_INITIATE_CONTACT = 14,
	VMBUS_MSG_VERSION_RESPONSE = 15,
	VMBUS_MSG_UNLOAD = 16,
	VMBUS_MSG_UNLOAD_RESPONSE = 17,
	VMBUS_MSG_MODIFYCHANNEL = 22,		/* 4.1 and later */
	VMBUS_MSG_MODIFYCHANNEL_RESPONSE = 24,	/* 5.3 */
};

#define VMBUS_MSG_MAX		240u	/* HV_MESSAGE_PAYLOAD_BYTE_COUNT */
#define VMBUS_VERSION(maj, min)	(((uint32_t)(maj) << 16) | (min))
#define VMBUS_VERSION_WIN10	VMBUS_VERSION(4, 0)
#define VMBUS_VERSION_V5_3	VMBUS_VERSION(5, 3)

struct vmbus_msg_hdr {
	uint32_t msgtype;
	uint32_t padding;
} __attribute__((packed));

struct vmbus_msg_initiate_contact {
	struct vmbus_msg_hdr hdr;
	uint32_t vmbus_version_requested;
	uint32_t target_vcpu;
	uint64_t interrupt_page;	/* >= 5.0: byte 0 is the message SINT */
	uint64_t monitor_page1;
	uint64_t monitor_page2;
} __attribute__((packed));

struct vmbus_msg_version_response {
	struct vmbus_msg_hdr hdr;
	uint8_t version_supported;
	uint8_t connection_state;
	uint16_t padding;
	uint32_t msg_conn_id;
} __attribute__((packed));

struct vmbus_msg_offer_channel {
	struct vmbus_msg_hdr hdr;
	uint8_t if_type[16];
	uint8_t if_instance[16];
	uint64_t reserved1;
	uint64_t reserved2;
	uint16_t chn_flags;
	uint16_t mmio_megabytes;
	uint8_t user_def[120];
	uint16_t sub_channel_index;
	uint16_t reserved3;
	uint32_t child_relid;
	uint8_t monitorid;
	uint8_t monitor_allocated;	/* bit 0 */
	uint16_t is_dedicated_interrupt;	/* bit 0 */
	uint32_t connection_id;
} __attribute__((packed));

struct vmbus_msg_open_channel {
	struct vmbus_msg_hdr hdr;
	uint32_t child_relid;
	uint32_t openid;
	uint32_t ringbuffer_gpadlhandle;
	uint32_t target_vp;
	uint32_t downstream_ringbuffer_pageoffset;
	uint8_t userdata[120];
} __attribute__((packed));

struct vmbus_msg_open_result {
	struct vmbus_msg_hdr hdr;
	uint32_t child_relid;
	uint32_t openid;
	uint32_t status;
} __attribute__((packed));

struct vmbus_msg_gpadl_header {
	struct vmbus_msg_hdr hdr;
	uint32_t child_relid;
	uint32_t gpadl;
	uint16_t range_buflen;
	uint16_t rangecount;
	uint32_t byte_count;		/* the one struct gpa_range */
	uint32_t byte_offset;
	uint64_t pfn[];
} __attribute__((packed));

struct vmbus_msg_gpadl_body {
	struct vmbus_msg_hdr hdr;
	uint32_t msgnumber;
	uint32_t gpadl;
	uint64_t pfn[];
} __attribute__((packed));

struct vmbus_msg_gpadl_created {
	struct vmbus_msg_hdr hdr;
	uint32_t child_relid;
	uint32_t gpadl;
	uint32_t creation_status;
} __attribute__((packed));

struct vmbus_msg_relid {		/* CLOSECHANNEL, RELID_RELEASED, RESCIND */
	struct vmbus_msg_hdr hdr;
	uint32_t child_relid;
} __attribute__((packed));

struct vmbus_msg_gpadl_teardown {
	struct vmbus_msg_hdr hdr;
	uint32_t child_relid;
	uint32_t gpadl;
} __attribute__((packed));

struct vmbus_msg_modify {		/* MODIFYCHANNEL: target_vp; the RESPONSE: status */
	struct vmbus_msg_hdr hdr;
	uint32_t child_relid;
	uint32_t value;
} __attribute__((packed));

/* Sizes as struct vmbus_channel_* in <linux/hyperv.h>. */
_Static_assert(sizeof(struct vmbus_msg_hdr) == 8, "message header");
_Static_assert(sizeof(struct vmbus_msg_initiate_contact) == 40, "initiate_contact");
_Static_assert(sizeof(struct vmbus_msg_version_response) == 16, "version_response");
_Static_assert(sizeof(struct vmbus_msg_offer_channel) == 196, "offer_channel");
_Static_assert(offsetof(struct vmbus_msg_offer_channel, child_relid) == 184, "offer relid");
_Static_assert(offsetof(struct vmbus_msg_offer_channel, connection_id) == 192,
	       "offer connection_id");
_Static_assert(sizeof(struct vmbus_msg_open_channel) == 148, "open_channel");
_Static_assert(offsetof(struct vmbus_msg_open_channel, downstream_ringbuffer_pageoffset) == 24,
	       "open downstream offset");
_Static_assert(sizeof(struct vmbus_msg_open_result) == 20, "open_result");
_Static_assert(sizeof(struct vmbus_msg_gpadl_header) == 28, "gpadl_header with its range");
_Static_assert(offsetof(struct vmbus_msg_gpadl_header, rangecount) == 18, "rangecount");
_Static_assert(sizeof(struct vmbus_msg_gpadl_body) == 16, "gpadl_body");
_Static_assert(sizeof(struct vmbus_msg_gpadl_created) == 20, "gpadl_created");
_Static_assert(sizeof(struct vmbus_msg_relid) == 12, "relid messages");
_Static_assert(sizeof(struct vmbus_msg_gpadl_teardown) == 16, "gpadl_teardown");
_Static_assert(sizeof(struct vmbus_msg_modify) == 16, "modifychannel and its response");

/*
 * The child's end of one ring: the writer of the upstream ring (child to
 * root), the reader of the downstream ring. The child owns both rings'
 * memory and initialises them; the root is checked like any peer.
 */
struct vsc_ring {
	struct vmbus_ring_hdr *hdr;
	uint8_t *data;
	uint32_t size;		/* data bytes */
	uint32_t index;		/* own index: write (writer) or read (reader) */
	uint32_t pending;	/* pending_send_sz last published (writer) */
	bool writer;
	const char *broken;	/* why the root broke the protocol, or NULL */
};

/* Set up and zero a ring (header page + data pages, page aligned). */
int vsc_ring_init(struct vsc_ring *r, void *base, uint32_t bytes, bool writer);
/* Writer: one packet; *signal says whether to SignalEvent the root. */
int vsc_ring_write(struct vsc_ring *r, uint16_t type, uint16_t flags, uint64_t trans_id,
		   const void *payload, uint32_t len, bool *signal);
/* Writer, after VMBUS_EAGAIN: 0 fits now, VMBUS_EAGAIN wait for the root's signal. */
int vsc_ring_want_space(struct vsc_ring *r, uint32_t len);
/* Reader: next packet's length (descriptor included) or 0 if empty. */
int vsc_ring_peek(struct vsc_ring *r, struct vmbus_pkt_desc *desc);
/* Reader: copy the next packet out (descriptor first) and consume it. */
int vsc_ring_read(struct vsc_ring *r, void *buf, uint32_t buflen, struct vmbus_pkt_desc *desc,
		  bool *signal);
/* Reader: interrupt_mask around a drain; unmask returns bytes waiting. */
void vsc_ring_mask(struct vsc_ring *r);
int vsc_ring_unmask(struct vsc_ring *r);

#endif
