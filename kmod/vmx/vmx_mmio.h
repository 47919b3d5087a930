/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding the instruction of an intercepted MMIO access (vmx_mmio.c): the
 * MOV forms compilers emit for readl()/writel() and their kin, nothing
 * else. Pure code (KUnit: partvisor_lapic).
 */
#ifndef _PV_VMX_MMIO_H
#define _PV_VMX_MMIO_H

#include <linux/types.h>

#define PV_VMX_MMIO_IMM		0xff	/* struct pv_vmx_mmio @reg: an immediate */

/**
 * struct pv_vmx_mmio - what a MOV to or from memory does
 * @write: memory is written (from @reg or @imm), else read into @reg
 * @size: bytes: 1, 2, 4 or 8
 * @reg: the general-purpose register (x86 numbering, 0-15), or
 *	%PV_VMX_MMIO_IMM
 * @high8: @reg 0-3 means AH, CH, DH, BH
 * @zext: MOVZX: the destination's size (the read's, @size, is 1 or 2);
 *	0 for a MOV
 * @len: the instruction's length
 * @imm: the immediate a write stores (sign-extended to @size)
 */
struct pv_vmx_mmio {
	bool write;
	u8 size, reg;
	bool high8;
	u8 zext, len;
	u64 imm;
};

int pv_vmx_mmio_decode(const u8 *insn, unsigned int avail, unsigned int mode,
		       struct pv_vmx_mmio *m);

#endif /* _PV_VMX_MMIO_H */
