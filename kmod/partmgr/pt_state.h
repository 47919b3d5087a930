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
/* What pv_pt_name_ok() wants, for messages. */
#define PV_PT_NAME_RULE	"a name is 1-31 characters of [A-Za-z0-9_.-]"
/* The longest graceful stop a request may ask for: an hour. */
#define PV_PT_STOP_TIMEOUT_MAX_MS	3600000U

int pv_pt_check_memory(u64 bytes, const char **why);
int pv_pt_check_vcpus(u32 n, const char **why);
int pv_pt_check_console(u32 bytes, const char **why);
int pv_pt_check_stop_timeout(u32 ms, const char **why);
int pv_pt_check_image_path(const char *path, const char **why);
int pv_pt_check_config(const struct partvisor_create *cfg, const char **why);
u32 pv_pt_exit_kind(u32 type);

#endif /* _PV_PT_STATE_H */
