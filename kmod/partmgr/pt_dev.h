/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /dev/partvisor (pt_dev.c) and the partition manager's entry points.
 */
#ifndef _PV_PT_DEV_H
#define _PV_PT_DEV_H

int pv_pt_dev_register(void);
void pv_pt_dev_unregister(void);
int pv_pt_init(void);
void pv_pt_exit(void);

#endif /* _PV_PT_DEV_H */
