// SPDX-License-Identifier: GPL-2.0
/*
 * Console ring: writers never block and overwrite the oldest bytes;
 * readers track absolute positions. Pure code (KUnit: partvisor_ring).
 */
#include <linux/errno.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "pt_ring.h"

/**
 * pv_pt_ring_init() - set up an empty ring over a buffer
 * @r: the ring
 * @buf: @size bytes, owned by the caller
 * @size: a power of two in [PV_PT_RING_MIN, PV_PT_RING_MAX]
 *
 * Return: 0, or -EINVAL for no @buf or a bad @size (@r is then untouched).
 */
int pv_pt_ring_init(struct pv_pt_ring *r, char *buf, u32 size)
{
	if (!buf || !is_power_of_2(size) || size < PV_PT_RING_MIN ||
	    size > PV_PT_RING_MAX)
		return -EINVAL;
	r->buf = buf;
	r->size = size;
	r->written = 0;
	return 0;
}

/**
 * pv_pt_ring_put() - append bytes, overwriting the oldest
 * @r: the ring
 * @s: the bytes
 * @len: how many; more than the ring holds keeps only the last size bytes,
 *	but all count in @r->written
 */
void pv_pt_ring_put(struct pv_pt_ring *r, const char *s, size_t len)
{
	u64 w = r->written;
	u32 at, first;

	if (len > r->size) {
		s += len - r->size;
		w += len - r->size;
		len = r->size;
	}
	at = w & (r->size - 1);
	first = min_t(size_t, len, r->size - at);
	memcpy(r->buf + at, s, first);
	memcpy(r->buf, s + first, len - first);
	r->written = w + len;
}

/**
 * pv_pt_ring_read() - copy bytes out from an absolute position
 * @r: the ring
 * @pos: absolute position of the next byte to read; advanced past the
 *	bytes copied. A position older than the oldest byte kept jumps to
 *	it; one beyond @r->written (never handed out) is reset to it.
 * @dst: where to copy
 * @len: at most this many bytes
 * @lost: if not NULL, gets how many bytes were skipped because the ring
 *	overtook @pos (0 if none)
 *
 * Return: bytes copied, 0 when *@pos is at the head (@r->written).
 */
size_t pv_pt_ring_read(const struct pv_pt_ring *r, u64 *pos, char *dst,
		       size_t len, u64 *lost)
{
	u64 oldest = r->written > r->size ? r->written - r->size : 0;
	u64 skipped = 0;
	size_t n, first;
	u32 at;

	if (*pos > r->written) {
		*pos = r->written;
	} else if (*pos < oldest) {
		skipped = oldest - *pos;
		*pos = oldest;
	}
	if (lost)
		*lost = skipped;

	n = min_t(u64, len, r->written - *pos);
	at = *pos & (r->size - 1);
	first = min_t(size_t, n, r->size - at);
	memcpy(dst, r->buf + at, first);
	memcpy(dst + first, r->buf, n - first);
	*pos += n;
	return n;
}
