// SPDX-License-Identifier: GPL-2.0
/*
 * The root's end of a VMBus ring (see vmbus_ring.h and
 * Documentation/vmbus.rst). Pure code apart from the vmap() in
 * pv_vmbus_ring_map() (KUnit: partvisor_vmbus_ring).
 *
 * Barriers. The other end is another partition: it may run on any physical
 * CPU, also on a kernel built without SMP, so every barrier here is a
 * virt_*() one (a real fence even where smp_*() would be a compiler
 * barrier). Each says what it pairs with on the child's side, written as
 * what a Linux child's hv_vmbus does (drivers/hv/ring_buffer.c); any child
 * that follows the published protocol does the same. A child that does not
 * can only hurt itself: the root copies everything it uses out of the ring
 * once and checks the copy, so a racing child gets garbage of its own
 * making, never an access outside the ring.
 *
 * Mapping. The ring's pages are the child's guest pages, not contiguous in
 * the root's direct map. pv_vmbus_ring_map() maps the header page and the
 * data pages once, in order, with vmap(): every access is then a memcpy()
 * into one contiguous area, and a packet that crosses the end of the data
 * is copied in two pieces (ring_copy_from/ring_copy_to). The alternative,
 * page-wise kmap_local_page() per access, would need no sleeping setup but
 * splits every copy at each page boundary as well as at the wrap; the
 * mapping is made once per channel open, where sleeping is fine, and the
 * per-packet paths then neither sleep nor allocate.
 */
#include <linux/align.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/barrier.h>

#include "vmbus_ring.h"

static_assert(sizeof(struct hv_ring_buffer) == PAGE_SIZE);
static_assert(offsetof(struct hv_ring_buffer, write_index) == 0);
static_assert(offsetof(struct hv_ring_buffer, read_index) == 4);
static_assert(offsetof(struct hv_ring_buffer, interrupt_mask) == 8);
static_assert(offsetof(struct hv_ring_buffer, pending_send_sz) == 12);
static_assert(offsetof(struct hv_ring_buffer, feature_bits) == 64);
static_assert(sizeof(struct vmpacket_descriptor) == 16);

#define DESC_SIZE	((u32)sizeof(struct vmpacket_descriptor))
/* Reserved packet flags: everything but "completion requested". */
#define PKT_FLAGS_RSVD	((u16)~VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED)

/* An index the child wrote: inside the data and 8-byte aligned. */
static const char *ring_bad_index(const struct pv_vmbus_ring *ring, u32 index,
				  bool write)
{
	if (index >= ring->size)
		return write ? "write_index beyond the ring data" :
			       "read_index beyond the ring data";
	if (!IS_ALIGNED(index, 8))
		return write ? "write_index not 8-byte aligned" :
			       "read_index not 8-byte aligned";
	return NULL;
}

static int ring_break(struct pv_vmbus_ring *ring, const char *why)
{
	ring->broken = why;
	return -EPROTO;
}

/* Bytes between @from and @to going forwards; @from == @to is zero. */
static u32 ring_dist(const struct pv_vmbus_ring *ring, u32 from, u32 to)
{
	return to >= from ? to - from : ring->size - from + to;
}

/* Free bytes for a writer at @write while the reader is at @read. */
static u32 ring_free(const struct pv_vmbus_ring *ring, u32 write, u32 read)
{
	return ring->size - ring_dist(ring, read, write);
}

static u32 ring_add(const struct pv_vmbus_ring *ring, u32 at, u32 len)
{
	/* at < size and len <= size: one subtraction is enough. */
	at += len;
	return at >= ring->size ? at - ring->size : at;
}

/* Copy @len (<= size) bytes out of the data from offset @at (< size). */
static void ring_copy_from(const struct pv_vmbus_ring *ring, u32 at, void *dst,
			   u32 len)
{
	u32 first = min(len, ring->size - at);

	memcpy(dst, ring->data + at, first);
	memcpy(dst + first, ring->data, len - first);
}

/* Copy @len (<= size) bytes into the data at @at (< size); the next offset. */
static u32 ring_copy_to(struct pv_vmbus_ring *ring, u32 at, const void *src,
			u32 len)
{
	u32 first = min(len, ring->size - at);

	memcpy(ring->data + at, src, first);
	memcpy(ring->data, src + first, len - first);
	return ring_add(ring, at, len);
}

/**
 * pv_vmbus_ring_init() - take the root's end of a ring over a mapping
 * @ring: the end to set up
 * @base: the ring, page aligned: header page, then the data pages
 * @bytes: its size, whole pages, PV_VMBUS_RING_MIN_PAGES to
 *	PV_VMBUS_RING_MAX_PAGES of them
 * @end: whether the root writes or reads this ring
 * @pkt_types: reader end: BIT(VM_PKT_*) of the packet types to accept
 *	(VM_PKT_INVALID never is); ignored for a writer end
 *
 * Reads both indices once: the child's must be valid, and the root's own
 * field gives the root its starting point (the child initialised the ring,
 * normally both zero). A writer end also announces feat_pending_send_sz
 * and clears its pending_send_sz. Does not sleep.
 *
 * Return: 0; -EINVAL for bad arguments (@ring untouched); -EPROTO if an
 * index is out of range or misaligned (@ring->broken says which, nothing
 * in the ring is written).
 */
int pv_vmbus_ring_init(struct pv_vmbus_ring *ring, void *base, size_t bytes,
		       enum pv_vmbus_ring_end end, u32 pkt_types)
{
	struct pv_vmbus_ring r = { };
	u32 write, read;
	const char *why;

	if (!base || !PAGE_ALIGNED(base) || !PAGE_ALIGNED(bytes) ||
	    bytes < PV_VMBUS_RING_MIN_PAGES * PAGE_SIZE ||
	    bytes > (size_t)PV_VMBUS_RING_MAX_PAGES * PAGE_SIZE)
		return -EINVAL;
	if (end != PV_VMBUS_RING_WRITER && end != PV_VMBUS_RING_READER)
		return -EINVAL;
	if (end == PV_VMBUS_RING_READER &&
	    (!pkt_types || (pkt_types & BIT(VM_PKT_INVALID))))
		return -EINVAL;

	r.hdr = base;
	r.data = r.hdr->buffer;
	r.size = bytes - PAGE_SIZE;
	r.end = end;
	r.pkt_types = end == PV_VMBUS_RING_READER ? pkt_types : 0;

	/*
	 * No ordering needed: the child hands the ring over with the open
	 * message, which reached the root through the hypervisor after the
	 * child's stores.
	 */
	write = READ_ONCE(r.hdr->write_index);
	read = READ_ONCE(r.hdr->read_index);
	why = ring_bad_index(&r, write, true) ?: ring_bad_index(&r, read, false);
	if (why) {
		*ring = r;
		return ring_break(ring, why);
	}
	r.index = end == PV_VMBUS_RING_WRITER ? write : read;
	if (end == PV_VMBUS_RING_WRITER) {
		WRITE_ONCE(r.hdr->pending_send_sz, 0);
		/* The root sets pending_send_sz when it waits, and reads the child's. */
		WRITE_ONCE(r.hdr->feature_bits.value, 1);
	}
	*ring = r;
	return 0;
}

/**
 * pv_vmbus_ring_map() - map a ring's pages and take the root's end of it
 * @ring: the end to set up
 * @pages: the header page, then the data pages, in ring order (the child's
 *	pages: the caller has checked them against the partition's memory and
 *	holds them for as long as the ring is mapped)
 * @npages: how many, PV_VMBUS_RING_MIN_PAGES to PV_VMBUS_RING_MAX_PAGES
 * @end: whether the root writes or reads this ring
 * @pkt_types: as for pv_vmbus_ring_init()
 *
 * Context: process context, may sleep (vmap()); no spinlock held.
 * Return: as pv_vmbus_ring_init(), or -ENOMEM. On -EPROTO the ring stays
 * mapped (for the caller to dump) and pv_vmbus_ring_unmap() releases it;
 * on any other error nothing is mapped.
 */
int pv_vmbus_ring_map(struct pv_vmbus_ring *ring, struct page **pages,
		      unsigned int npages, enum pv_vmbus_ring_end end,
		      u32 pkt_types)
{
	void *base;
	int ret;

	if (!pages || npages < PV_VMBUS_RING_MIN_PAGES ||
	    npages > PV_VMBUS_RING_MAX_PAGES)
		return -EINVAL;
	base = vmap(pages, npages, VM_MAP, PAGE_KERNEL);
	if (!base)
		return -ENOMEM;
	ret = pv_vmbus_ring_init(ring, base, (size_t)npages * PAGE_SIZE, end,
				 pkt_types);
	if (ret && ret != -EPROTO) {
		vunmap(base);
		return ret;
	}
	ring->vmap = base;
	return ret;
}

/**
 * pv_vmbus_ring_unmap() - undo pv_vmbus_ring_map()
 * @ring: the end; its pointers are cleared, a second call does nothing
 *
 * Context: process context, may sleep (vunmap()).
 */
void pv_vmbus_ring_unmap(struct pv_vmbus_ring *ring)
{
	if (ring->vmap)
		vunmap(ring->vmap);
	ring->vmap = NULL;
	ring->hdr = NULL;
	ring->data = NULL;
}

/* Ring bytes one packet of @len payload bytes takes, trailer included. */
static u32 ring_packet_bytes(u32 len)
{
	return ALIGN(DESC_SIZE + len, 8) + PV_VMBUS_RING_TRAILER;
}

/* Read and check the child's read index (writer end). */
static int ring_writer_peer(struct pv_vmbus_ring *ring, u32 *read)
{
	const char *why;

	*read = READ_ONCE(ring->hdr->read_index);
	why = ring_bad_index(ring, *read, false);
	return why ? ring_break(ring, why) : 0;
}

/* Publish pending_send_sz, only when it changes. */
static void ring_set_pending(struct pv_vmbus_ring *ring, u32 bytes)
{
	if (ring->pending == bytes)
		return;
	WRITE_ONCE(ring->hdr->pending_send_sz, bytes);
	ring->pending = bytes;
}

/*
 * Signal needed after a write that started at @old? Only if the child
 * asked (interrupt_mask clear) and the ring was empty, i.e. the child had
 * consumed everything up to @old: a child still reading will see the new
 * packet without a signal.
 */
static bool ring_writer_signal(struct pv_vmbus_ring *ring, u32 old)
{
	/*
	 * Our write_index store before our interrupt_mask load. Pairs with
	 * the child reader's full barrier between clearing interrupt_mask and
	 * re-reading write_index (hv_end_read()): either we see the mask
	 * clear, or the child sees our packet.
	 */
	virt_mb();
	if (READ_ONCE(ring->hdr->interrupt_mask))
		return false;
	/* interrupt_mask before read_index, as the child stored them. */
	virt_rmb();
	/* Compared, never used: a bad value only means "no signal". */
	return READ_ONCE(ring->hdr->read_index) == old;
}

/**
 * pv_vmbus_ring_write() - write one packet (writer end)
 * @ring: the end
 * @type: VM_PKT_* of the packet
 * @flags: descriptor flags (VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED)
 * @trans_id: transaction id, echoed by completions
 * @payload: the bytes after the descriptor
 * @len: their count; padded with zeros to 8 bytes in the ring
 * @signal: set to whether the child must be signalled (it asked to be, and
 *	the ring went from empty to non-empty); false on any error
 *
 * Writes the descriptor (offset8 right after it, len8 over the padded
 * packet), the payload, the padding and the trailer (the packet's start
 * offset in the upper 32 bits), then publishes the write index. A ring is
 * full when the write would make the write index equal to the read index;
 * a full ring is left as it was. A successful write withdraws a
 * pending_send_sz set by pv_vmbus_ring_want_space(). Does not sleep.
 *
 * Return: 0; -EAGAIN if the ring has no room now; -EMSGSIZE if it never
 * will (packet longer than the ring or than len8 can say); -EINVAL on a
 * reader end; -EPROTO if the child's read index is bad or the ring was
 * broken before.
 */
int pv_vmbus_ring_write(struct pv_vmbus_ring *ring, u16 type, u16 flags,
			u64 trans_id, const void *payload, u32 len,
			bool *signal)
{
	static const u8 zeros[8];
	struct vmpacket_descriptor desc;
	u32 read, total, packet, at, old = ring->index;
	u64 trailer = (u64)old << 32;
	int ret;

	*signal = false;
	if (ring->end != PV_VMBUS_RING_WRITER)
		return -EINVAL;
	if (ring->broken)
		return -EPROTO;
	if (len > PV_VMBUS_PKT_MAX - DESC_SIZE)
		return -EMSGSIZE;
	total = ring_packet_bytes(len);
	packet = total - PV_VMBUS_RING_TRAILER;
	if (packet > PV_VMBUS_PKT_MAX || total >= ring->size)
		return -EMSGSIZE;

	ret = ring_writer_peer(ring, &read);
	if (ret)
		return ret;
	/*
	 * No barrier between this load of read_index and the stores into the
	 * space it frees: the stores depend on the load through the check
	 * below (a control dependency, which no CPU speculates stores past).
	 * It pairs with the child reader's full barrier (or release) before
	 * it stores read_index (hv_pkt_iter_close()): its last loads of the
	 * freed bytes are done before we overwrite them.
	 */
	if (ring_free(ring, old, read) <= total)
		return -EAGAIN;

	desc.type = type;
	desc.offset8 = DESC_SIZE >> 3;
	desc.len8 = packet >> 3;
	desc.flags = flags;
	desc.trans_id = trans_id;
	at = ring_copy_to(ring, old, &desc, DESC_SIZE);
	at = ring_copy_to(ring, at, payload, len);
	at = ring_copy_to(ring, at, zeros, packet - DESC_SIZE - len);
	at = ring_copy_to(ring, at, &trailer, sizeof(trailer));

	/*
	 * The packet's bytes before the write index that hands them over.
	 * Pairs with the child reader's acquire load of write_index
	 * (hv_pkt_iter_avail()) or its read barrier after loading it.
	 */
	virt_store_release(&ring->hdr->write_index, at);
	ring->index = at;
	ring_set_pending(ring, 0);
	*signal = ring_writer_signal(ring, old);
	return 0;
}

/**
 * pv_vmbus_ring_want_space() - wait for room for a packet (writer end)
 * @ring: the end
 * @len: the payload length of the packet that did not fit
 *
 * After -EAGAIN from pv_vmbus_ring_write(): asks the child, through
 * pending_send_sz, to signal once the packet fits, then checks again (the
 * child may have freed the space before it could see the request). When
 * the child does not promise to signal (pv_vmbus_ring_peer_signals_space()
 * false on the channel's reader end) the caller polls instead. Does not
 * sleep.
 *
 * Return: 0 if the packet fits now (the request is withdrawn: write it);
 * -EAGAIN if the request stands (wait for the child's signal, then write);
 * -EMSGSIZE if it can never fit; -EINVAL on a reader end; -EPROTO as for
 * pv_vmbus_ring_write().
 */
int pv_vmbus_ring_want_space(struct pv_vmbus_ring *ring, u32 len)
{
	u32 read, total;
	int ret;

	if (ring->end != PV_VMBUS_RING_WRITER)
		return -EINVAL;
	if (ring->broken)
		return -EPROTO;
	if (len > PV_VMBUS_PKT_MAX - DESC_SIZE)
		return -EMSGSIZE;
	total = ring_packet_bytes(len);
	if (total - PV_VMBUS_RING_TRAILER > PV_VMBUS_PKT_MAX ||
	    total >= ring->size)
		return -EMSGSIZE;

	ring_set_pending(ring, total);
	/*
	 * Our pending_send_sz store before our read_index load. Pairs with
	 * the child reader's full barrier between storing read_index and
	 * loading pending_send_sz (hv_pkt_iter_close()): either the child
	 * sees our request and signals, or we see the space it freed.
	 */
	virt_mb();
	ret = ring_writer_peer(ring, &read);
	if (ret)
		return ret;
	if (ring_free(ring, ring->index, read) <= total)
		return -EAGAIN;
	ring_set_pending(ring, 0);
	return 0;
}

/*
 * The next packet of a reader end: 0 when the ring is empty, else its
 * length (len8 * 8) with the checked copy of its descriptor in @desc.
 */
static int ring_next(struct pv_vmbus_ring *ring,
		     struct vmpacket_descriptor *desc)
{
	u32 write, avail, len, off;
	const char *why;

	if (ring->end != PV_VMBUS_RING_READER)
		return -EINVAL;
	if (ring->broken)
		return -EPROTO;
	/*
	 * The write index before the packet bytes it covers. Pairs with the
	 * child writer's full barrier between writing the packet and storing
	 * write_index (hv_ringbuffer_write()).
	 */
	write = virt_load_acquire(&ring->hdr->write_index);
	why = ring_bad_index(ring, write, true);
	if (why)
		return ring_break(ring, why);
	avail = ring_dist(ring, ring->index, write);
	if (!avail)
		return 0;
	if (avail < DESC_SIZE + PV_VMBUS_RING_TRAILER)
		return ring_break(ring, "fewer bytes written than a descriptor and trailer");

	/* One copy of the descriptor: what is checked is what is used. */
	ring_copy_from(ring, ring->index, desc, DESC_SIZE);
	len = (u32)desc->len8 << 3;
	off = (u32)desc->offset8 << 3;
	if (!desc->len8)
		return ring_break(ring, "packet len8 is zero");
	if (len < DESC_SIZE)
		return ring_break(ring, "packet shorter than its descriptor");
	if (off < DESC_SIZE)
		return ring_break(ring, "packet offset8 inside the descriptor");
	if (off > len)
		return ring_break(ring, "packet offset8 beyond its len8");
	if (len > ring->size - PV_VMBUS_RING_TRAILER)
		return ring_break(ring, "packet longer than the ring data");
	if (len + PV_VMBUS_RING_TRAILER > avail)
		return ring_break(ring, "packet longer than the bytes written");
	if (desc->type >= BITS_PER_TYPE(ring->pkt_types) ||
	    !(ring->pkt_types & BIT(desc->type)))
		return ring_break(ring, "packet type not allowed on this ring");
	if (desc->flags & PKT_FLAGS_RSVD)
		return ring_break(ring, "reserved packet flags set");
	return len;
}

/**
 * pv_vmbus_ring_peek() - look at the next packet without consuming it
 * @ring: a reader end
 * @desc: set to the checked copy of its descriptor (when > 0 is returned)
 *
 * Checks the child's write index and the packet's descriptor: len8 and
 * offset8 cover at least the descriptor, offset8 <= len8, the packet and
 * its trailer lie within the bytes written, and type and flags are
 * allowed. Does not sleep.
 *
 * Return: the packet's length (len8 * 8, descriptor included); 0 if the
 * ring is empty; -EPROTO (and @ring->broken) if the child broke the
 * protocol; -EINVAL on a writer end.
 */
int pv_vmbus_ring_peek(struct pv_vmbus_ring *ring,
		       struct vmpacket_descriptor *desc)
{
	return ring_next(ring, desc);
}

/*
 * Signal needed after the root freed @freed bytes? Only if the child
 * promised to wait (feat_pending_send_sz), is waiting (pending_send_sz),
 * and this read is what made its packet fit.
 */
static int ring_reader_signal(struct pv_vmbus_ring *ring, u32 freed,
			      bool *signal)
{
	u32 pending, write, now;
	const char *why;

	if (!(READ_ONCE(ring->hdr->feature_bits.value) & 1))
		return 0;
	/*
	 * Our read_index store before our pending_send_sz load. Pairs with
	 * the child writer's full barrier between storing pending_send_sz
	 * and re-reading read_index: either we see its request, or it sees
	 * the space we freed.
	 */
	virt_mb();
	pending = READ_ONCE(ring->hdr->pending_send_sz);
	if (!pending)
		return 0;
	/* pending_send_sz before write_index, as the child stored them. */
	virt_rmb();
	write = READ_ONCE(ring->hdr->write_index);
	why = ring_bad_index(ring, write, true);
	if (why)
		return ring_break(ring, why);
	now = ring_free(ring, write, ring->index);
	/*
	 * Enough room before this read already: whoever freed it signalled.
	 * Signed: if the child wrote meanwhile, "before" may come out
	 * negative, and then the signal is sent (a needless signal costs one
	 * interrupt; a missed one stalls the child).
	 */
	if ((s64)now - freed > pending)
		return 0;
	*signal = now > pending;
	return 0;
}

/**
 * pv_vmbus_ring_read() - consume the next packet (reader end)
 * @ring: the end
 * @buf: where the whole packet goes, descriptor first
 * @buflen: its size
 * @desc: if not NULL, set to the checked descriptor
 * @signal: set to whether the child must be signalled because this read
 *	made room for the packet it is waiting to write (pending_send_sz);
 *	false on any error
 *
 * The checks of pv_vmbus_ring_peek(); then copies the packet out, puts the
 * checked descriptor over the first bytes of the copy (the child may have
 * changed the ring's copy since), and publishes the read index past the
 * packet and its trailer. Does not sleep.
 *
 * Return: the packet's length; 0 if the ring is empty; -EMSGSIZE if it
 * does not fit in @buflen (left in the ring: the caller either has a
 * larger buffer or closes the channel); -EPROTO and -EINVAL as for
 * pv_vmbus_ring_peek().
 */
int pv_vmbus_ring_read(struct pv_vmbus_ring *ring, void *buf, u32 buflen,
		       struct vmpacket_descriptor *desc, bool *signal)
{
	struct vmpacket_descriptor d;
	u32 total;
	int len;

	*signal = false;
	len = ring_next(ring, &d);
	if (len <= 0)
		return len;
	if ((u32)len > buflen)
		return -EMSGSIZE;
	ring_copy_from(ring, ring->index, buf, len);
	memcpy(buf, &d, sizeof(d));
	if (desc)
		*desc = d;

	total = len + PV_VMBUS_RING_TRAILER;
	ring->index = ring_add(ring, ring->index, total);
	/*
	 * Our loads of the packet before the read index that gives its space
	 * back. Pairs with the child writer's load of read_index before it
	 * stores into the freed space (control dependency in
	 * hv_ringbuffer_write()).
	 */
	virt_store_release(&ring->hdr->read_index, ring->index);
	return ring_reader_signal(ring, total, signal) ?: len;
}

/**
 * pv_vmbus_ring_mask() - tell the child not to signal (reader end)
 * @ring: the end
 *
 * For while the root drains the ring: the child then does not signal for
 * the packets it writes meanwhile. End with pv_vmbus_ring_unmask(). Does
 * not sleep.
 */
void pv_vmbus_ring_mask(struct pv_vmbus_ring *ring)
{
	if (ring->end != PV_VMBUS_RING_READER || ring->broken)
		return;
	WRITE_ONCE(ring->hdr->interrupt_mask, 1);
	/*
	 * The mask store before our reads of the ring. Only an optimisation
	 * (a child that sees the mask late sends one needless signal); pairs
	 * with the child writer's full barrier before it loads interrupt_mask
	 * (hv_signal_on_write()).
	 */
	virt_mb();
}

/**
 * pv_vmbus_ring_unmask() - ask the child to signal again (reader end)
 * @ring: the end
 *
 * Clears interrupt_mask, then looks whether a packet arrived meanwhile:
 * the child did not signal for it, so the caller reads on. Does not sleep.
 *
 * Return: the bytes waiting (> 0: read them); 0; -EPROTO if the child's
 * write index is bad (or the ring was broken before); -EINVAL on a writer
 * end.
 */
int pv_vmbus_ring_unmask(struct pv_vmbus_ring *ring)
{
	u32 write;
	const char *why;

	if (ring->end != PV_VMBUS_RING_READER)
		return -EINVAL;
	if (ring->broken)
		return -EPROTO;
	WRITE_ONCE(ring->hdr->interrupt_mask, 0);
	/*
	 * Our interrupt_mask store before our write_index load. Pairs with
	 * the child writer's full barrier between storing write_index and
	 * loading interrupt_mask (hv_signal_on_write()): either it sees the
	 * mask clear and signals, or we see its packet here.
	 */
	virt_mb();
	write = READ_ONCE(ring->hdr->write_index);
	why = ring_bad_index(ring, write, true);
	if (why)
		return ring_break(ring, why);
	return ring_dist(ring, ring->index, write);
}

/**
 * pv_vmbus_ring_peer_signals_space() - does the child signal freed space?
 * @ring: the channel's reader end (the ring the child writes)
 *
 * The child's feat_pending_send_sz in the ring it writes: it promises to
 * honour the root's pending_send_sz in the other ring and signal when it
 * has freed that much. If not, a root writer facing a full ring polls.
 *
 * Return: the feature bit as the child set it now.
 */
bool pv_vmbus_ring_peer_signals_space(const struct pv_vmbus_ring *ring)
{
	if (ring->end != PV_VMBUS_RING_READER || !ring->hdr)
		return false;
	return READ_ONCE(ring->hdr->feature_bits.value) & 1;
}
