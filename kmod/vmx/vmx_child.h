/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A child partition's virtual processor in VMX: its VMCS, the state VMX
 * does not switch, and the dispatch loop (vmx_child.c, vmx_child_exit.c).
 */
#ifndef _PV_VMX_CHILD_H
#define _PV_VMX_CHILD_H

#include <linux/bits.h>
#include <linux/types.h>
#include <asm/processor-flags.h>

#include "../pv_hv.h"
#include "../pv_hvcall.h"
#include "../pv_synic.h"
#include "vmx_lapic.h"
#include "vmx_root.h"
#include "vmx_synic.h"

/**
 * struct pv_vmx_child - one VP as the VMX code sees it (in a pool page)
 * @regs: general-purpose registers but RSP (in the VMCS)
 * @cr2: CR2 (VMX does not switch it)
 * @cr8: the TPR the VP wrote with MOV CR8 (not the real APIC's)
 * @dr7: the DR7 the VP wrote (kept, not loaded: DR0-3 are the root's)
 * @dr: DR0-DR3, DR6 the VP wrote (kept, not loaded)
 * @xcr0: the VP's XCR0
 * @kernel_gs_base: MSRs VMX does not switch: swapped at dispatch
 * @star: SYSCALL target
 * @lstar: 64-bit SYSCALL entry
 * @cstar: compatibility SYSCALL entry
 * @sfmask: SYSCALL RFLAGS mask
 * @tsc_aux: RDTSCP's ECX
 * @vmcs_pa: the VMCS (clear whenever the VP is not dispatched)
 * @xsave: the VP's XSAVE area (a page)
 * @xsave_host: the root's XSAVE area while the VP runs (a page)
 * @pml4: the partition's EPT, for the hypervisor's own GPA accesses
 * @eptp: its EPT pointer
 * @vpid: the VP's VPID
 * @vp_index: the VP's index in its partition
 * @strict: the partition's PV_HV_PARTITION_STRICT
 * @host_cpu: CPU whose host state the VMCS holds (-1: none yet)
 * @host_launch: that CPU's launch id then (struct pv_vmx_root_cpu)
 * @insn_len: length of the instruction of the last intercept
 * @synic: the VP's synthetic interrupt controller (vmx_synic.c)
 * @lapic: the VP's local APIC (vmx_lapic.c, vmx_lapic_vmx.c)
 * @lapic_nmi: an NMI (IPI) waits for injection
 * @part: the VP's partition (pv_part.c), for IPIs to its other VPs
 * @max_vps: the partition's VP count
 * @wait_sipi: an INIT came: the VP waits for a SIPI (not entered)
 * @sipi_ready: a SIPI came while waiting, with @sipi_vector
 * @sipi_vector: the SIPI's vector: the VP starts at @sipi_vector << 12
 * @halted: the VP executed HLT with nothing to wake it: a dispatch returns
 *	%PV_HV_INTERCEPT_HALT again until a SINT or APIC interrupt can be
 *	delivered
 * @hvcall: the last intercept was a hypercall (POST_MESSAGE,
 *	SIGNAL_EVENT) awaiting %PV_HV_COMPLETE_HV_STATUS
 * @hvcall_long: that hypercall used the 64-bit convention
 * @exits: VM exits by basic reason
 */
struct pv_vmx_child {
	struct pv_vmx_regs regs;
	u64 cr2, cr8, dr[5], dr7, xcr0;
	u64 kernel_gs_base, star, lstar, cstar, sfmask, tsc_aux;
	u64 vmcs_pa;
	void *xsave, *xsave_host;
	u64 *pml4;
	u64 eptp;
	u16 vpid;
	u32 vp_index;
	bool strict;
	int host_cpu;
	u64 host_launch;
	u32 insn_len;
	struct pv_synic synic;
	struct pv_vmx_lapic lapic;
	bool lapic_nmi;
	void *part;
	u32 max_vps;
	bool wait_sipi, sipi_ready;
	u8 sipi_vector;
	bool halted;
	bool hvcall, hvcall_long;
	u64 exits[PV_VMX_EXIT_REASONS];
};

/* A hypercall's result (pv_hv_result()) in RAX, or EDX:EAX in 32-bit mode (TLFS). */
static inline void pv_vmx_child_set_result(struct pv_vmx_child *c, bool longmode, u64 result)
{
	if (longmode) {
		c->regs.rax = result;
	} else {
		c->regs.rax = (u32)result;
		c->regs.rdx = result >> 32;
	}
}

/*
 * CR4 bits a VP may not set: VMX (no nested virtualization) and features
 * whose MSR state VMX does not switch (CET, PKS, FRED): with them the VP
 * would run on, and could change, the root's.
 */
#define PV_CR4_PKS		BIT_ULL(24)
#define PV_CR4_FRED		BIT_ULL(32)
#define PV_CR4_REFUSED		(X86_CR4_VMXE | X86_CR4_CET | PV_CR4_PKS | PV_CR4_FRED)

int pv_vmx_child_init(void);
u16 pv_vmx_child_create(struct pv_vmx_child *c);
u16 pv_vmx_child_get_regs(struct pv_vmx_child *c, const u32 *names,
			  union pv_hv_register_value *values, unsigned int n,
			  unsigned int *done);
u16 pv_vmx_child_set_regs(struct pv_vmx_child *c, const struct pv_hv_register_assoc *elements,
			  unsigned int n, unsigned int *done);
u16 pv_vmx_child_dispatch(struct pv_vmx_child *c, const struct pv_hv_input_dispatch_vp *in,
			  struct pv_hv_intercept *msg);

/* vmx_child_exit.c: exits the hypervisor finishes; true to re-enter the VP */
bool pv_vmx_child_handle_exit(struct pv_vmx_child *c, u32 reason, struct pv_hv_intercept *msg,
			      bool *nmi);

/* vmx_entry.S */
int pv_vmx_child_run(struct pv_vmx_regs *regs, unsigned long launched,
		     unsigned long host_rsp_field);
void pv_vmx_child_exit(void);

#endif /* _PV_VMX_CHILD_H */
