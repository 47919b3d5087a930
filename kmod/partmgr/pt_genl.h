/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PV_PT_GENL_H
#define _PV_PT_GENL_H

#include <net/genetlink.h>

struct pv_pt;

extern struct genl_family pv_pt_genl_family;

int pv_pt_genl_register(void);
void pv_pt_genl_unregister(void);
struct pv_pt *pv_pt_genl_named(struct genl_info *info);
void pv_pt_genl_set_msg(struct genl_info *info, const char *why);

/* pt_genl_vmbus.c */
int pv_pt_genl_put_vmbus(struct sk_buff *skb, struct pv_pt *pt);
int pv_pt_genl_kvp_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _PV_PT_GENL_H */
