/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PV_DEBUGFS_H
#define _PV_DEBUGFS_H

void pv_debugfs_init(void);
void pv_debugfs_exit(void);

#endif /* _PV_DEBUGFS_H */
