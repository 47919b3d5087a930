// SPDX-License-Identifier: GPL-2.0
/*
 * The root's side of the child VPs' local APIC (Documentation/lapic.rst).
 * The hypervisor runs the APIC; the VP threads only sleep and wake: a VP
 * that halted sleeps in its thread until the TSC its APIC timer expires
 * at (an hrtimer), a SynIC post or IPI that wakes it, or the stop; an IPI
 * to other VPs comes back as an intercept, and the sender's thread wakes
 * (HALT) or kicks (running: an IPI, hence an exit and a new entry that
 * delivers) each target.
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/bitops.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/wait.h>
#include <asm/tsc.h>

#include "pt_core.h"
#include "pt_lapic.h"
#include "pt_synic.h"

static bool woken(struct pv_pt_vp *vp)
{
	return READ_ONCE(vp->pt->stopping) || kthread_should_stop() || pv_pt_synic_woken(vp);
}

/**
 * pv_pt_lapic_halt() - a VP halted: sleep until something may wake it
 * @vp: the VP (called from its thread)
 * @msg: the HALT intercept; @msg->data the host TSC of its timer, or 0
 *
 * The hypervisor decides on the next dispatch whether the VP really wakes
 * (it returns HALT again if not), so an early or spurious wake-up is safe.
 */
void pv_pt_lapic_halt(struct pv_pt_vp *vp, const struct pv_hv_intercept *msg)
{
	u64 now = rdtsc(), ticks, ns;

	if (!msg->data || !tsc_khz) {
		wait_event_interruptible(vp->pt->wq, woken(vp));
		return;
	}
	if ((s64)(msg->data - now) <= 0)
		return;
	/* A deadline years ahead (the child chose it): look again after an hour. */
	ticks = min_t(u64, msg->data - now, (u64)tsc_khz * MSEC_PER_SEC * 3600);
	ns = mul_u64_u32_div(ticks, NSEC_PER_MSEC, tsc_khz);
	wait_event_interruptible_hrtimeout(vp->pt->wq, woken(vp), ns_to_ktime(ns));
}

static void nothing(void *unused)
{
}

/**
 * pv_pt_lapic_ipi() - a VP's APIC sent interrupts to other VPs: make them see it
 * @vp: the sender (called from its thread)
 * @msg: the IPI intercept; @msg->data bit n for VP n
 *
 * The hypervisor has posted the interrupts already. Targets in HALT get
 * their wake bit and pt->wq; running ones a kick_process(). The task
 * pointers are stable under pt->lock only, which a stop may hold while it
 * waits for this thread: try it, else interrupt every other CPU.
 */
void pv_pt_lapic_ipi(struct pv_pt_vp *vp, const struct pv_hv_intercept *msg)
{
	struct pv_pt *pt = vp->pt;
	unsigned long targets = msg->data & GENMASK(pt->vcpus - 1, 0);
	unsigned int i;

	for_each_set_bit(i, &targets, pt->vcpus)
		set_bit(i, &pt->synic.wake);
	wake_up_all(&pt->wq);
	if (mutex_trylock(&pt->lock)) {
		for_each_set_bit(i, &targets, pt->vcpus)
			if (pt->vp[i].task)
				kick_process(pt->vp[i].task);
		mutex_unlock(&pt->lock);
	} else {
		smp_call_function(nothing, NULL, false);
	}
}
