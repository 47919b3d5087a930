// SPDX-License-Identifier: GPL-2.0
/*
 * What the partition manager reports of a partition to its front ends:
 * state, figures, uptime, the console. The rest of the manager is
 * pt_core.c.
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "../vmbus/vmbus_core.h"
#include "pt_core.h"

/**
 * pv_pt_uptime_ms() - how long the partition runs, or ran last time
 * @pt: the partition
 *
 * Return: milliseconds.
 */
u64 pv_pt_uptime_ms(struct pv_pt *pt)
{
	u64 ns;

	spin_lock(&pt->state_lock);
	if (pt->state == PARTVISOR_STATE_RUNNING)
		ns = ktime_get_ns() - pt->started_ns;
	else
		ns = pt->ran_ns;
	spin_unlock(&pt->state_lock);
	return div_u64(ns, NSEC_PER_MSEC);
}

/**
 * pv_pt_get_state() - the partition's state, for user space
 * @pt: the partition
 * @st: filled in
 */
void pv_pt_get_state(struct pv_pt *pt, struct partvisor_state *st)
{
	unsigned long i;

	memset(st, 0, sizeof(*st));
	spin_lock(&pt->state_lock);
	st->state = pt->state;
	st->flags = pt->state_flags;
	st->exit_code = pt->exit_code;
	st->crash_reason = pt->crash_reason;
	st->crash_vp = pt->crash_vp;
	st->crash_gpa = pt->crash_gpa;
	st->crash_rip = pt->crash_rip;
	st->crash_detail = pt->crash_detail;
	spin_unlock(&pt->state_lock);
	spin_lock(&pt->con_lock);
	st->console_written = pt->con.written;
	spin_unlock(&pt->con_lock);
	st->intercepts = atomic64_read(&pt->intercepts);
	st->memory_size = pt->memory_size;
	st->vcpus = pt->vcpus;
	st->hypervisor_bytes = (u64)pt->deposited * PAGE_SIZE;
	/*
	 * The structure, console, hypercall pages, RAM bookkeeping, the kept
	 * image, each VP thread's stack and task (while running, or not), and
	 * the VMBus server (with its packet buffer once a channel opened).
	 */
	st->root_bytes = sizeof(*pt) + pt->con.size + (pt->vcpus + 1) * PAGE_SIZE +
			 pt->nr_regions * sizeof(*pt->ram) + pt->image_len + pt->initrd_len +
			 pt->vcpus * (THREAD_SIZE + sizeof(struct task_struct)) +
			 sizeof(struct pv_vmbus) + (pt->vmbus->pkt ? PV_VMBUS_MAX_PACKET : 0);
	for (i = 0; i < pt->nr_regions; i++)
		if (pt->ram[i].pages)
			st->root_bytes += PV_PT_REGION_PAGES * sizeof(struct page *);
}

/**
 * pv_pt_console_read() - read console bytes
 * @pt: the partition
 * @pos: absolute position to read from, advanced
 * @dst: kernel buffer
 * @len: its size
 * @lost: set to bytes that were overwritten before they were read
 *
 * Return: bytes copied.
 */
size_t pv_pt_console_read(struct pv_pt *pt, u64 *pos, char *dst, size_t len, u64 *lost)
{
	size_t n;

	spin_lock(&pt->con_lock);
	n = pv_pt_ring_read(&pt->con, pos, dst, len, lost);
	spin_unlock(&pt->con_lock);
	return n;
}

/**
 * pv_pt_console_input() - bytes for the receive side of a partition's COM1
 * @pt: the partition
 * @buf: the bytes
 * @len: how many
 * @why: set to a message for the user on failure
 *
 * The guest reads them by polling (LSR data ready, then RBR). What does
 * not fit in the UART's FIFO is not taken: the caller sends it again.
 *
 * Return: bytes taken (0 while the FIFO is full), or -ENOTCONN if the
 * partition is not running (its UART starts empty at each start).
 */
int pv_pt_console_input(struct pv_pt *pt, const void *buf, size_t len, const char **why)
{
	unsigned int n;

	spin_lock(&pt->con_lock);
	if (READ_ONCE(pt->state) != PARTVISOR_STATE_RUNNING) {
		spin_unlock(&pt->con_lock);
		*why = "the partition is not running: start it first";
		return -ENOTCONN;
	}
	n = pv_pt_uart_receive(&pt->uart, buf, min_t(size_t, len, UINT_MAX));
	spin_unlock(&pt->con_lock);
	return n;
}
