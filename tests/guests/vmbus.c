// SPDX-License-Identifier: GPL-2.0
/*
 * The child's (VSC's) end of a VMBus ring, for the test guests: the same
 * layout and rules as the root's end (kmod/vmbus/vmbus_ring.c,
 * Documentation/vmbus.rst), written for a freestanding guest. The root is
 * checked as the root checks the child: its index is read once and must
 * be in range and aligned, its descriptors are copied once and checked,
 * and a violation breaks the ring for good (r->broken says why), so a
 * test guest reports a misbehaving root instead of trusting it.
 *
 * Barriers (x86: loads are not reordered with loads, stores not with
 * stores, only a store followed by a load needs a fence): acquire/release
 * are compiler barriers around plain accesses, full() is a locked
 * instruction. Each pairs with the root's barrier of the same name in
 * vmbus_ring.c.
 */
#include "vmbus.h"

#define DESC_SIZE	((uint32_t)sizeof(struct vmbus_pkt_desc))
#define PKT_TYPES	((1u << VMBUS_PKT_DATA_INBAND) | (1u << VMBUS_PKT_COMP))

static inline uint32_t load_acquire(volatile uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void store_release(volatile uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static inline void full(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void copy(void *d, const void *s, uint32_t n)
{
	volatile uint8_t *dp = d;
	const volatile uint8_t *sp = s;

	while (n--)
		*dp++ = *sp++;
}

static const char *bad_index(const struct vsc_ring *r, uint32_t i, bool write)
{
	if (i >= r->size)
		return write ? "write_index beyond the ring data" :
			       "read_index beyond the ring data";
	if (i & 7)
		return write ? "write_index not 8-byte aligned" :
			       "read_index not 8-byte aligned";
	return NULL;
}

static int brk(struct vsc_ring *r, const char *why)
{
	r->broken = why;
	return VMBUS_EPROTO;
}

static uint32_t dist(const struct vsc_ring *r, uint32_t from, uint32_t to)
{
	return to >= from ? to - from : r->size - from + to;
}

static uint32_t add(const struct vsc_ring *r, uint32_t at, uint32_t len)
{
	at += len;
	return at >= r->size ? at - r->size : at;
}

static void copy_from(const struct vsc_ring *r, uint32_t at, void *dst, uint32_t len)
{
	uint32_t first = len < r->size - at ? len : r->size - at;

	copy(dst, r->data + at, first);
	copy((uint8_t *)dst + first, r->data, len - first);
}

static uint32_t copy_to(struct vsc_ring *r, uint32_t at, const void *src, uint32_t len)
{
	uint32_t first = len < r->size - at ? len : r->size - at;

	copy(r->data + at, src, first);
	copy(r->data, (const uint8_t *)src + first, len - first);
	return add(r, at, len);
}

int vsc_ring_init(struct vsc_ring *r, void *base, uint32_t bytes, bool writer)
{
	uint32_t i;

	if (!base || ((uintptr_t)base & (VMBUS_PAGE_SIZE - 1)) ||
	    (bytes & (VMBUS_PAGE_SIZE - 1)) || bytes < VMBUS_RING_MIN_PAGES * VMBUS_PAGE_SIZE ||
	    bytes > (1u + 4096u) * VMBUS_PAGE_SIZE)
		return VMBUS_EINVAL;
	r->hdr = base;
	r->data = r->hdr->buffer;
	r->size = bytes - VMBUS_PAGE_SIZE;
	r->index = 0;
	r->pending = 0;
	r->writer = writer;
	r->broken = NULL;
	for (i = 0; i < VMBUS_PAGE_SIZE; i++)
		((volatile uint8_t *)base)[i] = 0;
	/* As Linux: this end sets pending_send_sz when it waits, and honours the root's. */
	r->hdr->feature_bits = VMBUS_FEAT_PENDING_SEND_SZ;
	return 0;
}

static uint32_t packet_bytes(uint32_t len)
{
	return ((DESC_SIZE + len + 7) & ~7u) + VMBUS_RING_TRAILER;
}

static int writer_peer(struct vsc_ring *r, uint32_t *read)
{
	const char *why;

	*read = r->hdr->read_index;
	why = bad_index(r, *read, false);
	return why ? brk(r, why) : 0;
}

static void set_pending(struct vsc_ring *r, uint32_t bytes)
{
	if (r->pending != bytes)
		r->hdr->pending_send_sz = bytes;
	r->pending = bytes;
}

int vsc_ring_write(struct vsc_ring *r, uint16_t type, uint16_t flags, uint64_t trans_id,
		   const void *payload, uint32_t len, bool *signal)
{
	static const uint8_t zeros[8];
	uint32_t old = r->index, read, total, packet, at;
	uint64_t trailer = (uint64_t)old << 32;
	struct vmbus_pkt_desc d;
	int ret;

	*signal = false;
	if (!r->writer)
		return VMBUS_EINVAL;
	if (r->broken)
		return VMBUS_EPROTO;
	if (len > VMBUS_PKT_MAX - DESC_SIZE)
		return VMBUS_EMSGSIZE;
	total = packet_bytes(len);
	packet = total - VMBUS_RING_TRAILER;
	if (packet > VMBUS_PKT_MAX || total >= r->size)
		return VMBUS_EMSGSIZE;
	ret = writer_peer(r, &read);
	if (ret)
		return ret;
	/* Full when the write would make write_index == read_index. */
	if (r->size - dist(r, read, old) <= total)
		return VMBUS_EAGAIN;

	d.type = type;
	d.offset8 = DESC_SIZE >> 3;
	d.len8 = packet >> 3;
	d.flags = flags;
	d.trans_id = trans_id;
	at = copy_to(r, old, &d, DESC_SIZE);
	at = copy_to(r, at, payload, len);
	at = copy_to(r, at, zeros, packet - DESC_SIZE - len);
	at = copy_to(r, at, &trailer, sizeof(trailer));
	/* Packet before index: pairs with the root's acquire load of write_index. */
	store_release(&r->hdr->write_index, at);
	r->index = at;
	set_pending(r, 0);
	/* Index before interrupt_mask: pairs with the root's unmask fence. */
	full();
	if (r->hdr->interrupt_mask)
		return 0;
	*signal = r->hdr->read_index == old;
	return 0;
}

int vsc_ring_want_space(struct vsc_ring *r, uint32_t len)
{
	uint32_t read, total;
	int ret;

	if (!r->writer)
		return VMBUS_EINVAL;
	if (r->broken)
		return VMBUS_EPROTO;
	if (len > VMBUS_PKT_MAX - DESC_SIZE)
		return VMBUS_EMSGSIZE;
	total = packet_bytes(len);
	if (total >= r->size)
		return VMBUS_EMSGSIZE;
	set_pending(r, total);
	/* pending_send_sz before read_index: pairs with the root reader's fence. */
	full();
	ret = writer_peer(r, &read);
	if (ret)
		return ret;
	if (r->size - dist(r, read, r->index) <= total)
		return VMBUS_EAGAIN;
	set_pending(r, 0);
	return 0;
}

static int next(struct vsc_ring *r, struct vmbus_pkt_desc *d)
{
	uint32_t write, avail, len, off;
	const char *why;

	if (r->writer)
		return VMBUS_EINVAL;
	if (r->broken)
		return VMBUS_EPROTO;
	/* Index before packet: pairs with the root writer's store-release. */
	write = load_acquire(&r->hdr->write_index);
	why = bad_index(r, write, true);
	if (why)
		return brk(r, why);
	avail = dist(r, r->index, write);
	if (!avail)
		return 0;
	if (avail < DESC_SIZE + VMBUS_RING_TRAILER)
		return brk(r, "fewer bytes written than a descriptor and trailer");
	copy_from(r, r->index, d, DESC_SIZE);
	len = (uint32_t)d->len8 << 3;
	off = (uint32_t)d->offset8 << 3;
	if (!d->len8)
		return brk(r, "packet len8 is zero");
	if (len < DESC_SIZE)
		return brk(r, "packet shorter than its descriptor");
	if (off < DESC_SIZE)
		return brk(r, "packet offset8 inside the descriptor");
	if (off > len)
		return brk(r, "packet offset8 beyond its len8");
	if (len > r->size - VMBUS_RING_TRAILER)
		return brk(r, "packet longer than the ring data");
	if (len + VMBUS_RING_TRAILER > avail)
		return brk(r, "packet longer than the bytes written");
	if (d->type >= 32 || !(PKT_TYPES & (1u << d->type)))
		return brk(r, "packet type not allowed on this ring");
	if (d->flags & ~VMBUS_PKT_FLAG_COMPLETION)
		return brk(r, "reserved packet flags set");
	return (int)len;
}

int vsc_ring_peek(struct vsc_ring *r, struct vmbus_pkt_desc *desc)
{
	return next(r, desc);
}

int vsc_ring_read(struct vsc_ring *r, void *buf, uint32_t buflen, struct vmbus_pkt_desc *desc,
		  bool *signal)
{
	uint32_t total, pending, write, now;
	struct vmbus_pkt_desc d;
	const char *why;
	int len;

	*signal = false;
	len = next(r, &d);
	if (len <= 0)
		return len;
	if ((uint32_t)len > buflen)
		return VMBUS_EMSGSIZE;
	copy_from(r, r->index, buf, (uint32_t)len);
	copy(buf, &d, sizeof(d));
	if (desc)
		*desc = d;
	total = (uint32_t)len + VMBUS_RING_TRAILER;
	r->index = add(r, r->index, total);
	/* Loads of the packet before the index: pairs with the root writer's load. */
	store_release(&r->hdr->read_index, r->index);

	if (!(r->hdr->feature_bits & VMBUS_FEAT_PENDING_SEND_SZ))
		return len;
	/* read_index before pending_send_sz: pairs with the root's want_space fence. */
	full();
	pending = r->hdr->pending_send_sz;
	if (!pending)
		return len;
	write = r->hdr->write_index;
	why = bad_index(r, write, true);
	if (why)
		return brk(r, why);
	now = r->size - dist(r, r->index, write);
	if ((int64_t)now - total > pending)
		return len;
	*signal = now > pending;
	return len;
}

void vsc_ring_mask(struct vsc_ring *r)
{
	if (r->writer || r->broken)
		return;
	r->hdr->interrupt_mask = 1;
	full();
}

int vsc_ring_unmask(struct vsc_ring *r)
{
	uint32_t write;
	const char *why;

	if (r->writer)
		return VMBUS_EINVAL;
	if (r->broken)
		return VMBUS_EPROTO;
	r->hdr->interrupt_mask = 0;
	/* Mask before write_index: pairs with the root writer's fence. */
	full();
	write = r->hdr->write_index;
	why = bad_index(r, write, true);
	if (why)
		return brk(r, why);
	return (int)dist(r, r->index, write);
}
