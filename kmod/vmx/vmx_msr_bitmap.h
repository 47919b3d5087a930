/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PV_VMX_MSR_BITMAP_H
#define _PV_VMX_MSR_BITMAP_H

#include <linux/types.h>

#define PV_MSR_BITMAP_SIZE	4096

bool pv_vmx_msr_bitmap_intercepts(const unsigned long *bitmap, u32 msr, bool write);
void pv_vmx_root_msr_bitmap(unsigned long *bitmap);

#endif /* _PV_VMX_MSR_BITMAP_H */
