/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the exit handlers of the root (vmx_exit.c) and of child VPs
 * (vmx_child_exit.c): they act on the current VMCS.
 */
#ifndef _PV_VMX_EXIT_COMMON_H
#define _PV_VMX_EXIT_COMMON_H

#include <asm/asm.h>
#include <asm/extable_fixup_types.h>
#include <asm/fpu/types.h>
#include <asm/processor.h>
#include <asm/vmx.h>

#include "vmx_ops.h"
#include "vmx_root.h"

/* Skip the instruction that exited; STI / MOV SS blocking ends (SDM 24.4.2). */
static inline void pv_vmx_skip_instruction(void)
{
	u32 intr = pv_vmx_vmread(GUEST_INTERRUPTIBILITY_INFO);

	pv_vmx_vmwrite_raw(GUEST_RIP, pv_vmx_vmread(GUEST_RIP) +
			   pv_vmx_vmread(VM_EXIT_INSTRUCTION_LEN));
	if (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))
		pv_vmx_vmwrite_raw(GUEST_INTERRUPTIBILITY_INFO,
				   intr & ~(GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS));
}

/* Inject a hardware exception (error code 0) on the next VM entry (SDM 26.6). */
static inline void pv_vmx_inject_exception(unsigned int vector, bool has_error_code)
{
	u32 info = vector | INTR_TYPE_HARD_EXCEPTION | INTR_INFO_VALID_MASK;

	if (has_error_code) {
		info |= INTR_INFO_DELIVER_CODE_MASK;
		pv_vmx_vmwrite_raw(VM_ENTRY_EXCEPTION_ERROR_CODE, 0);
	}
	pv_vmx_vmwrite_raw(VM_ENTRY_INTR_INFO_FIELD, info);
}

/* A register by its exit-qualification number (RAX, RCX, RDX, RBX, RSP, ...); NULL for RSP. */
static inline u64 *pv_vmx_gpr(struct pv_vmx_regs *regs, unsigned int n)
{
	static const u8 index[16] = { 0, 1, 2, 3, 0xff, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };

	return (n & 15) == 4 ? NULL : (u64 *)regs + index[n & 15];
}

/* May XCR0 take @value? The architectural rules (SDM Vol. 1, 13.3). */
static inline bool pv_vmx_xcr0_valid(u64 value)
{
	u64 avx512 = XFEATURE_MASK_OPMASK | XFEATURE_MASK_ZMM_Hi256 | XFEATURE_MASK_Hi16_ZMM;
	u32 a, b, c, d;

	u64 mpx = XFEATURE_MASK_BNDREGS | XFEATURE_MASK_BNDCSR;
	u64 amx = BIT_ULL(XFEATURE_XTILE_CFG) | BIT_ULL(XFEATURE_XTILE_DATA);

	cpuid_count(0xd, 0, &a, &b, &c, &d);
	return (value & XFEATURE_MASK_FP) && !(value & ~(((u64)d << 32) | a)) &&
	       !((value & XFEATURE_MASK_YMM) && !(value & XFEATURE_MASK_SSE)) &&
	       !((value & avx512) && (value & avx512) != avx512) &&
	       !((value & avx512) && !(value & XFEATURE_MASK_YMM)) &&
	       !((value & mpx) && (value & mpx) != mpx) &&
	       !((value & amx) && (value & amx) != amx);
}

/* XSETBV that returns -EFAULT instead of faulting on a value the CPU refuses. */
static inline int pv_vmx_xsetbv_safe(u64 value)
{
	int err = 0;

	asm volatile("1: xsetbv\n"
		     "2:\n"
		     _ASM_EXTABLE_TYPE_REG(1b, 2b, EX_TYPE_EFAULT_REG, %[err])
		     : [err] "+r" (err)
		     : "a" ((u32)value), "d" ((u32)(value >> 32)), "c" (0)
		     : "memory");
	return err;
}

#endif /* _PV_VMX_EXIT_COMMON_H */
