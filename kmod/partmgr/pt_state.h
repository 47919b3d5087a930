/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The partition state machine of the root's partition manager
 * (pt_state.c): pure, KUnit suite partvisor_pt_state.
 */
#ifndef _PV_PT_STATE_H
#define _PV_PT_STATE_H

#include <linux/types.h>

struct partvisor_create;

enum pv_pt_op {
	PV_PT_OP_LOAD,
	PV_PT_OP_START,
	PV_PT_OP_STOP,
};

int pv_pt_may(u32 state, u32 flags, enum pv_pt_op op, const char **why);
bool pv_pt_stop_wins(bool stopping, u32 state);
const char *pv_pt_state_name(u32 state);
bool pv_pt_name_ok(const char *name);
int pv_pt_check_config(const struct partvisor_create *cfg, const char **why);

#endif /* _PV_PT_STATE_H */
