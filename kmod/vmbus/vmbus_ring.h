/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root's (VSP's) end of one VMBus ring: the published Hyper-V layout
 * (struct hv_ring_buffer, one header page, then the data pages), packets
 * framed by struct vmpacket_descriptor and an 8-byte trailer. The other
 * end is a child partition and is not trusted: every index and descriptor
 * it controls is read once, checked, and a violation breaks the ring for
 * good with a reason (the channel layer closes the channel and logs it).
 * Pure code apart from pv_vmbus_ring_map()/pv_vmbus_ring_unmap()
 * (KUnit: partvisor_vmbus_ring). See Documentation/vmbus.rst.
 *
 * Context: pv_vmbus_ring_map() and pv_vmbus_ring_unmap() may sleep
 * (process context, no spinlock held). Everything else neither sleeps nor
 * allocates nor takes a lock: callable from the VSP worker with a spinlock
 * held or interrupts off. One end is used by one context at a time: the
 * caller serialises the calls on a struct pv_vmbus_ring (the channel's
 * lock); the two rings of a channel are independent.
 */
#ifndef _PV_VMBUS_RING_H
#define _PV_VMBUS_RING_H

#include <linux/bits.h>
#include <linux/hyperv.h>
#include <linux/types.h>

struct page;

/* After each packet: u64 whose upper half is the packet's start offset. */
#define PV_VMBUS_RING_TRAILER		sizeof(u64)
/* The header page and at least one data page. */
#define PV_VMBUS_RING_MIN_PAGES		2U
/* Header page plus 16 MiB of data: indices and lengths stay far from u32 limits. */
#define PV_VMBUS_RING_MAX_PAGES		(1U + ((16U << 20) >> PAGE_SHIFT))
/* len8 is a u16: the longest packet, descriptor included. */
#define PV_VMBUS_PKT_MAX		((u32)U16_MAX << 3)

/* Packet types a reader end accepts unless told otherwise (BIT(VM_PKT_*)). */
#define PV_VMBUS_PKT_TYPES_DEFAULT	(BIT(VM_PKT_DATA_INBAND) | BIT(VM_PKT_COMP))

/**
 * enum pv_vmbus_ring_end - which end of the ring the root is
 * @PV_VMBUS_RING_WRITER: root writes packets (the host-to-guest ring)
 * @PV_VMBUS_RING_READER: root reads packets (the guest-to-host ring)
 */
enum pv_vmbus_ring_end {
	PV_VMBUS_RING_WRITER,
	PV_VMBUS_RING_READER,
};

/**
 * struct pv_vmbus_ring - the root's end of one ring
 * @hdr: the shared header page, in child memory (the child may change any
 *	of it at any time)
 * @data: the shared data area, @size bytes after @hdr
 * @size: data bytes, a multiple of PAGE_SIZE
 * @index: the root's own index, kept here and only ever published: the
 *	write index of a writer end, the read index of a reader end. What
 *	the child writes into that field of @hdr is never read back.
 * @pending: the pending_send_sz the root last published (writer end)
 * @pkt_types: reader end: BIT(VM_PKT_*) of the packet types accepted
 * @end: writer or reader
 * @broken: NULL, or why the child broke the ring protocol (a constant
 *	string); once set, every operation fails with -EPROTO
 * @vmap: the mapping made by pv_vmbus_ring_map(), or NULL
 */
struct pv_vmbus_ring {
	struct hv_ring_buffer *hdr;
	u8 *data;
	u32 size;
	u32 index;
	u32 pending;
	u32 pkt_types;
	enum pv_vmbus_ring_end end;
	const char *broken;
	void *vmap;
};

int pv_vmbus_ring_init(struct pv_vmbus_ring *ring, void *base, size_t bytes,
		       enum pv_vmbus_ring_end end, u32 pkt_types);
int pv_vmbus_ring_map(struct pv_vmbus_ring *ring, struct page **pages,
		      unsigned int npages, enum pv_vmbus_ring_end end,
		      u32 pkt_types);
void pv_vmbus_ring_unmap(struct pv_vmbus_ring *ring);

int pv_vmbus_ring_write(struct pv_vmbus_ring *ring, u16 type, u16 flags,
			u64 trans_id, const void *payload, u32 len,
			bool *signal);
int pv_vmbus_ring_want_space(struct pv_vmbus_ring *ring, u32 len);

int pv_vmbus_ring_peek(struct pv_vmbus_ring *ring,
		       struct vmpacket_descriptor *desc);
int pv_vmbus_ring_read(struct pv_vmbus_ring *ring, void *buf, u32 buflen,
		       struct vmpacket_descriptor *desc, bool *signal);
void pv_vmbus_ring_mask(struct pv_vmbus_ring *ring);
int pv_vmbus_ring_unmask(struct pv_vmbus_ring *ring);
bool pv_vmbus_ring_peer_signals_space(const struct pv_vmbus_ring *ring);

#endif /* _PV_VMBUS_RING_H */
