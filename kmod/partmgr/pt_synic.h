/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root's side of the child SynIC (pt_synic.c): posting to and
 * signalling a child's VP, and the handlers that receive a child's
 * HvPostMessage and HvSignalEvent by connection id.
 */
#ifndef _PV_PT_SYNIC_H
#define _PV_PT_SYNIC_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <linux/partvisor.h>

struct pv_pt;
struct pv_pt_vp;
struct pv_hv_intercept;
struct pv_hv_register_assoc;

/**
 * struct pv_pt_synic - a partition's SynIC state in the root (in struct pv_pt)
 * @wake: bit n: a post or signal for VP n since its thread last looked
 *	(set by the posters, taken by VP n's thread in HALT)
 * @eom: per VP, EOMs the child made after refused posts (wakes pt->wq)
 */
struct pv_pt_synic {
	unsigned long wake;
	atomic_t eom[PARTVISOR_VCPUS_MAX];
};

/**
 * struct pv_pt_synic_ops - what receives a child's messages and events on
 *	one connection id (the VMBus core's hook)
 * @post_message: the child's HvPostMessage: @payload holds @len (<= 240)
 *	bytes; returns the HV_STATUS_* the child gets
 * @signal_event: the child's HvSignalEvent with flag @flag; returns the
 *	HV_STATUS_* the child gets
 *
 * Either may be NULL: the child then gets HV_STATUS_INVALID_CONNECTION_ID.
 * Both run in the VP thread of VP @vp, in process context, may sleep, and
 * must not connect or disconnect (pv_pt_synic_connect()) themselves. While
 * they run, VP @vp does not; posting to it from there is fine, waiting
 * for its EOM is not.
 */
struct pv_pt_synic_ops {
	u16 (*post_message)(void *priv, struct pv_pt *pt, u32 vp, u32 type, const void *payload,
			    u32 len);
	u16 (*signal_event)(void *priv, struct pv_pt *pt, u32 vp, u16 flag);
};

int pv_pt_post_message(struct pv_pt *pt, u32 vp, u32 sint, u32 type, const void *payload,
		       u32 len);
int pv_pt_post_message_wait(struct pv_pt *pt, u32 vp, u32 sint, u32 type, const void *payload,
			    u32 len, unsigned int timeout_ms);
int pv_pt_signal_event(struct pv_pt *pt, u32 vp, u32 sint, u32 flag, bool *newly);
int pv_pt_synic_connect(struct pv_pt *pt, u32 connection_id, const struct pv_pt_synic_ops *ops,
			void *priv);
void pv_pt_synic_disconnect(struct pv_pt *pt, u32 connection_id);
void pv_pt_synic_disconnect_all(struct pv_pt *pt);

/* For pt_core.c (the VP threads) and pt_dev.c (the hypercall pass-through). */
u16 pv_pt_synic_child_call(struct pv_pt_vp *vp, const struct pv_hv_intercept *msg);
void pv_pt_synic_eom(struct pv_pt_vp *vp, const struct pv_hv_intercept *msg);
bool pv_pt_synic_woken(struct pv_pt_vp *vp);
unsigned int pv_pt_synic_reset_regs(struct pv_hv_register_assoc *r);
bool pv_pt_synic_passthrough(u16 code);
void pv_pt_synic_passthrough_done(u16 code, const void *in, u64 result);

#endif /* _PV_PT_SYNIC_H */
