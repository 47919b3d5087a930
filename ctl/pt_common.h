/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by partctl's partition commands (pt_common.c).
 */
#ifndef PARTCTL_PT_COMMON_H
#define PARTCTL_PT_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <netlink/attr.h>
#include <linux/partvisor.h>

extern struct nla_policy pc_pt_policy[PARTVISOR_ATTR_MAX + 1];
extern struct nla_policy pc_exit_policy[PARTVISOR_EXIT_MAX + 1];

bool pc_name_ok(const char *name);
int pc_check_name(const char *cmd, const char *name);
bool pc_parse_size(const char *s, uint64_t *out);
const char *pc_state_name(uint32_t state);
const char *pc_crash_name(uint32_t reason);
const char *pc_event_name(uint32_t event);
const char *pc_exit_name(unsigned int kind);
void pc_json_string(FILE *out, const char *s);
int pc_parse_pt(struct nl_msg *msg, struct nlattr **tb);
/* cmd_vmbus.c */
void pc_print_vmbus(struct nlattr *vmbus, bool json);

#endif
