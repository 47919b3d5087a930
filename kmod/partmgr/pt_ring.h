/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A partition's console: a byte ring of power-of-two size over a buffer
 * the caller provides, with the count of bytes ever written. Readers keep
 * an absolute position and learn how many bytes they missed when the ring
 * overtook them. Locking is the caller's business. Pure code (KUnit:
 * partvisor_ring).
 */
#ifndef _PV_PT_RING_H
#define _PV_PT_RING_H

#include <linux/types.h>

#define PV_PT_RING_MIN		64U
#define PV_PT_RING_MAX		(16U << 20)

/**
 * struct pv_pt_ring - console ring
 * @buf: @size bytes; byte at absolute position p is buf[p & (size - 1)]
 * @size: a power of two in [PV_PT_RING_MIN, PV_PT_RING_MAX]
 * @written: bytes ever written; the ring holds the last min(written, size)
 */
struct pv_pt_ring {
	char *buf;
	u32 size;
	u64 written;
};

int pv_pt_ring_init(struct pv_pt_ring *r, char *buf, u32 size);
void pv_pt_ring_put(struct pv_pt_ring *r, const char *s, size_t len);
size_t pv_pt_ring_read(const struct pv_pt_ring *r, u64 *pos, char *dst,
		       size_t len, u64 *lost);

#endif /* _PV_PT_RING_H */
