/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PV_PT_GENL_H
#define _PV_PT_GENL_H

int pv_pt_genl_register(void);
void pv_pt_genl_unregister(void);

#endif /* _PV_PT_GENL_H */
