// SPDX-License-Identifier: GPL-2.0
/*
 * The console service: a partvisor channel (its own interface GUID, there
 * is no Hyper-V one) whose child-to-root packets are console output. It
 * goes to the same ring as the emulated UART's, so `partctl console` shows
 * early UART output and then the channel's, in the order they came.
 *
 * A VMBus packet's length is in 8-byte units, so each packet starts with
 * the exact byte count (struct pv_vmbus_console_hdr): the padding of the
 * packet never reaches the console.
 */
#include <linux/hyperv.h>

#include "../partmgr/pt_core.h"
#include "vmbus_core.h"
#include "vmbus_services.h"

#define PV_VMBUS_CONSOLE_MAX	4096	/* bytes in one packet */

/**
 * struct pv_vmbus_console_hdr - the head of a console packet
 * @len: the bytes of output that follow (at most 4096; the rest of the
 *	packet is padding)
 * @reserved: zero
 */
struct pv_vmbus_console_hdr {
	__le32 len;
	__le32 reserved;
} __packed;

static int console_receive(struct pv_vmbus_chan *ch, const void *data, u32 len, u64 trans_id)
{
	const struct pv_vmbus_console_hdr *h = data;
	u32 n;

	if (len < sizeof(*h))
		return -EPROTO;
	n = le32_to_cpu(h->len);
	if (h->reserved || n > PV_VMBUS_CONSOLE_MAX || n > len - sizeof(*h))
		return -EPROTO;
	pv_pt_console_write(ch->vb->pt, h + 1, n);
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
