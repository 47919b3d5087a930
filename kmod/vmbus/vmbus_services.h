/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The services (VSPs) the root offers every child, in relid order, and
 * what the rest of the root asks of them.
 */
#ifndef _PV_VMBUS_SERVICES_H
#define _PV_VMBUS_SERVICES_H

#include <linux/types.h>

struct pv_vmbus;
struct pv_vmbus_chan;
struct pv_vmbus_service;

/* vmbus_console.c */
extern const struct pv_vmbus_service pv_vmbus_console;
/* vmbus_ic.c */
extern const struct pv_vmbus_service pv_vmbus_heartbeat;
extern const struct pv_vmbus_service pv_vmbus_shutdown;
extern const struct pv_vmbus_service pv_vmbus_timesync;
extern const struct pv_vmbus_service pv_vmbus_kvp_service;

/* vmbus_echo.c: offered after the others, with vmbus_echo=1 only */
const struct pv_vmbus_service *pv_vmbus_echo_service(void);

/* NULL-terminated, relid 1 first (vmbus_console.c) */
extern const struct pv_vmbus_service *const pv_vmbus_services[];

#define PV_VMBUS_KVP_KEY_MAX	255	/* ASCII bytes: 512 bytes of UTF-16 with the NUL */
#define PV_VMBUS_KVP_VALUE_MAX	1023	/* 2048 bytes of UTF-16 with the NUL */

int pv_vmbus_request_shutdown(struct pv_vmbus *vb, const char **why);
int pv_vmbus_kvp(struct pv_vmbus *vb, bool set, const char *key, char *value,
		 size_t value_size, const char **why);
void pv_vmbus_ic_status(struct pv_vmbus_chan *ch, u64 *beats, u64 *late, u64 *last_ns);

#endif /* _PV_VMBUS_SERVICES_H */
