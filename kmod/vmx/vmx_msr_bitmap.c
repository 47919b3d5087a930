// SPDX-License-Identifier: GPL-2.0
/*
 * The root partition's MSR bitmap (SDM Vol. 3C, 24.6.9): four 1 KiB
 * bitmaps, read low (MSRs 0-0x1fff), read high (0xc0000000-0xc0001fff),
 * write low, write high. A set bit makes the access exit. Pure code
 * (KUnit: partvisor_vmx_msr_bitmap).
 */
#include <linux/bitops.h>
#include <linux/string.h>
#include <asm/msr-index.h>

#include "vmx_msr_bitmap.h"

#define PV_MSR_LOW_END		0x2000
#define PV_MSR_HIGH_BASE	0xc0000000
#define PV_MSR_HIGH_END		0xc0002000

/* Bit number of @msr in the bitmap, or -1 if the bitmap cannot name it. */
static long msr_bit(u32 msr, bool write)
{
	long bit;

	if (msr < PV_MSR_LOW_END)
		bit = msr;
	else if (msr >= PV_MSR_HIGH_BASE && msr < PV_MSR_HIGH_END)
		bit = 0x400 * 8 + (msr - PV_MSR_HIGH_BASE);
	else
		return -1;
	return write ? bit + 0x800 * 8 : bit;
}

/**
 * pv_vmx_msr_bitmap_intercepts() - does an access exit, given a bitmap?
 * @bitmap: the page
 * @msr: MSR number
 * @write: WRMSR rather than RDMSR
 *
 * Return: true if the access causes a VM exit (MSRs outside the two
 * ranges always do).
 */
bool pv_vmx_msr_bitmap_intercepts(const unsigned long *bitmap, u32 msr, bool write)
{
	long bit = msr_bit(msr, write);

	return bit < 0 || test_bit(bit, bitmap);
}

/**
 * pv_vmx_root_msr_bitmap() - fill the root partition's MSR bitmap
 * @bitmap: a page, overwritten
 *
 * Writes to the VMX capability MSRs and IA32_FEATURE_CONTROL exit (and
 * fault, as they do natively: the hypervisor's settings are not the
 * root's to change). Reads pass through: they describe the hardware, and
 * kvm_intel reads them at load. Everything else passes through.
 */
void pv_vmx_root_msr_bitmap(unsigned long *bitmap)
{
	u32 msr;

	memset(bitmap, 0, PV_MSR_BITMAP_SIZE);
	for (msr = MSR_IA32_VMX_BASIC; msr <= MSR_IA32_VMX_PROCBASED_CTLS3; msr++)
		__set_bit(msr_bit(msr, true), bitmap);
	__set_bit(msr_bit(MSR_IA32_FEAT_CTL, true), bitmap);
}
