// SPDX-License-Identifier: GPL-2.0
/*
 * The echo service: a partvisor channel, offered only with the module
 * parameter vmbus_echo=1, that sends every inband packet back as it came
 * (payload and transaction id). It is for measuring the VMBus path itself
 * (tests/guests/vsc-bench.c): nothing but the rings, the signals and the
 * server's worker lie between a child's packet and its echo.
 *
 * Flow control is the child's: it may have no more packets in flight than
 * its downstream ring holds. An echo that does not fit closes the channel.
 */
#include <linux/hyperv.h>
#include <linux/moduleparam.h>

#include "vmbus_core.h"
#include "vmbus_services.h"

static bool echo_enabled;
module_param_named(vmbus_echo, echo_enabled, bool, 0444);
MODULE_PARM_DESC(vmbus_echo, "Offer children an echo channel (benchmarks), default off");

static int echo_receive(struct pv_vmbus_chan *ch, const void *data, u32 len, u64 trans_id)
{
	return pv_vmbus_send(ch, data, len, trans_id);
}

static const struct pv_vmbus_service pv_vmbus_echo = {
	.name = "echo",
	/* {7076636f-6563-686f-8070-617274766973}: "pvco", "echo", "partvis" */
	.type = { .guid = GUID_INIT(0x7076636f, 0x6563, 0x686f, 0x80, 0x70, 0x61, 0x72, 0x74,
				    0x76, 0x69, 0x73) },
	.instance = GUID_INIT(0x7076a006, 0x0000, 0x4d00, 0x8b, 0x70, 0x70, 0x61, 0x72, 0x74,
			      0x76, 0x36),
	.receive = echo_receive,
};

/**
 * pv_vmbus_echo_service() - the echo service, if the module offers it
 *
 * Return: the service, or NULL (vmbus_echo=0, the default).
 */
const struct pv_vmbus_service *pv_vmbus_echo_service(void)
{
	return echo_enabled ? &pv_vmbus_echo : NULL;
}
