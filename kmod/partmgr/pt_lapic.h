/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root's side of the child VPs' local APIC (pt_lapic.c): a halted VP
 * sleeps until its timer, and an IPI wakes or kicks its targets.
 */
#ifndef _PV_PT_LAPIC_H
#define _PV_PT_LAPIC_H

#include "../pv_hvcall.h"

struct pv_pt_vp;

void pv_pt_lapic_halt(struct pv_pt_vp *vp, const struct pv_hv_intercept *msg);
void pv_pt_lapic_ipi(struct pv_pt_vp *vp, const struct pv_hv_intercept *msg);

#endif /* _PV_PT_LAPIC_H */
