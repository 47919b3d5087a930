/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SynIC of child VPs in VMX (vmx_synic.c): MSRs, delivery at VM entry,
 * HLT, the root's PostMessageDirect and SignalEventDirect.
 */
#ifndef _PV_VMX_SYNIC_H
#define _PV_VMX_SYNIC_H

#include <linux/types.h>
#include <asm/hyperv-tlfs.h>

struct pv_vmx_child;

/* pv_vmx_synic_wrmsr(): the EOM is the root's (PV_HV_INTERCEPT_SYNIC_EOM) */
#define PV_VMX_SYNIC_EOM_ROOT	2

void pv_vmx_synic_reset(struct pv_vmx_child *c);
int pv_vmx_synic_rdmsr(struct pv_vmx_child *c, u32 msr, u64 *value);
int pv_vmx_synic_wrmsr(struct pv_vmx_child *c, u32 msr, u64 value, unsigned long *eom);
bool pv_vmx_synic_get_reg(struct pv_vmx_child *c, u32 name, u64 *value);
u16 pv_vmx_synic_set_reg(struct pv_vmx_child *c, u32 name, u64 value);
void pv_vmx_synic_before_entry(struct pv_vmx_child *c);
bool pv_vmx_synic_wakes(struct pv_vmx_child *c);
u16 pv_vmx_synic_post(struct pv_vmx_child *c, unsigned int sint, const struct hv_message *m);
u16 pv_vmx_synic_signal(struct pv_vmx_child *c, unsigned int sint, unsigned int flag,
			bool *newly);

#endif /* _PV_VMX_SYNIC_H */
