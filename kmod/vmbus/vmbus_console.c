// SPDX-License-Identifier: GPL-2.0
/*
 * The console service: a partvisor channel (its own interface GUID, there
 * is no Hyper-V one) whose child-to-root packets are console output. It
 * goes to the same ring as the emulated UART's, so `partctl console` shows
 * early UART output and then the channel's, in the order they came.
 */
#include <linux/hyperv.h>

#include "../partmgr/pt_core.h"
#include "vmbus_core.h"
#include "vmbus_services.h"

#define PV_VMBUS_CONSOLE_MAX	4096	/* bytes in one packet */

static int console_receive(struct pv_vmbus_chan *ch, const void *data, u32 len, u64 trans_id)
{
	if (len > PV_VMBUS_CONSOLE_MAX)
		return -EPROTO;
	pv_pt_console_write(ch->vb->pt, data, len);
	return 0;
}

const struct pv_vmbus_service pv_vmbus_console = {
	.name = "console",
	/* {7076636f-6e73-4f6c-8070-617274766973}: "pvcons", "partvis" */
	.type = { .guid = GUID_INIT(0x7076636f, 0x6e73, 0x4f6c, 0x80, 0x70, 0x61, 0x72, 0x74,
				    0x76, 0x69, 0x73) },
	.instance = GUID_INIT(0x7076a001, 0x0000, 0x4d00, 0x8b, 0x70, 0x70, 0x61, 0x72, 0x74,
			      0x76, 0x31),
	.receive = console_receive,
};

const struct pv_vmbus_service *const pv_vmbus_services[] = {
	&pv_vmbus_console,
	&pv_vmbus_heartbeat,
	&pv_vmbus_shutdown,
	&pv_vmbus_timesync,
	&pv_vmbus_kvp_service,
	NULL,
};
