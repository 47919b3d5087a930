/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal VMBus client (VSC side) for the test guests: SynIC set-up,
 * the channel-management protocol (version 5.x), GPADLs, channel rings,
 * and clients for the root's services: console, heartbeat, shutdown,
 * time sync and KVP. The wire formats and the child's end of a ring are
 * vmbus.h's.
 *
 * The client polls: SINT 2 is masked, so the root's messages and channel
 * signals arrive in the SynIC message and event-flag pages without an
 * interrupt, and vsc_poll() looks at them. 32-bit guests, paging off:
 * an address is its GPA.
 */
#ifndef GUEST_VSC_H
#define GUEST_VSC_H

#include "lib.h"
#include "vmbus.h"

/* Hyper-V SynIC MSRs (TLFS) */
#define HV_MSR_SCONTROL		0x40000080u
#define HV_MSR_SVERSION		0x40000081u
#define HV_MSR_SIEFP		0x40000082u
#define HV_MSR_SIMP		0x40000083u
#define HV_MSR_EOM		0x40000084u
#define HV_MSR_SINT0		0x40000090u
#define HV_SINT_MASKED		(1ull << 16)

#define HVCALL_POST_MESSAGE	0x005c
#define HVCALL_SIGNAL_EVENT	0x005d
#define HV_INVALID_CONNECTION_ID	0x12

#define VMBUS_SINT		2
#define VMBUS_MSG_CONNECTION	4

/* A SynIC message slot (struct hv_message) */
struct hv_msg {
	uint32_t type;
	uint8_t size;
	uint8_t flags;		/* bit 0: another message is pending (write EOM) */
	uint8_t reserved[2];
	uint64_t port;
	uint8_t payload[240];
} __attribute__((packed));
_Static_assert(sizeof(struct hv_msg) == 256, "SynIC message slot");

/* The services the client knows, by offer type. */
enum vsc_service {
	VSC_CONSOLE, VSC_HEARTBEAT, VSC_SHUTDOWN, VSC_TIMESYNC, VSC_KVP,
	VSC_ECHO,	/* offered only with the module's vmbus_echo=1 (benchmarks) */
	VSC_NSERVICES, VSC_UNKNOWN = VSC_NSERVICES,
};

#define VSC_MAX_CHANNELS	8
#define VSC_RING_PAGES		4	/* per direction: header + 3 data pages */

struct vsc_chan {
	uint32_t relid, connection_id;
	enum vsc_service svc;
	bool open, rescinded;
	struct vsc_ring out, in;	/* out: guest to root (upstream) */
	uint32_t packets_in, packets_out;
};

struct vsc {
	uint32_t version;
	bool connected, offers_done;
	uint32_t nchan;
	struct vsc_chan chan[VSC_MAX_CHANNELS];
	uint32_t messages, rescinds, signals_seen;
	/* services */
	uint64_t hb_seq, hb_count, ts_parent, ts_count;
	bool shutdown_requested;
	/* guest-side KVP pools: the host's values and the guest's own */
	struct { char key[64], value[64]; } kvp_ext[8], kvp_guest[8];
	uint32_t n_ext, n_guest;
};

/* Set up the SynIC (pages, SINT 2 masked); false if the root has none. */
bool vsc_synic_init(void);
/* Connect (5.3), request the offers; false on failure or timeout. */
bool vsc_connect(struct vsc *v, uint32_t spins);
/* Create the GPADL and open @ch; false on failure. */
bool vsc_open(struct vsc *v, struct vsc_chan *ch, uint32_t spins);
/* MODIFYCHANNEL @ch to VP @vp (5.3): the root's status, or -1 without an answer. */
int vsc_modify(struct vsc *v, struct vsc_chan *ch, uint32_t vp, uint32_t spins);
/* One pass: take messages and channel signals, serve the services. */
void vsc_poll(struct vsc *v);
/* Send bytes on the console channel. */
bool vsc_console_write(struct vsc *v, const char *s);
/* From now on pr() writes to the console channel (COM1 if it cannot). */
void vsc_console_take(struct vsc *v);
/* The channel of a service, or NULL. */
struct vsc_chan *vsc_find(struct vsc *v, enum vsc_service svc);
/* Post a raw channel message; the hypercall status. */
uint16_t vsc_post(const void *msg, uint32_t len);
/* Signal a channel's connection; the hypercall status. */
uint16_t vsc_signal(uint32_t connection_id);
/* Send one inband packet on @ch (signals if the ring says so); false if it is full. */
bool vsc_send(struct vsc_chan *ch, const void *data, uint32_t len, uint64_t trans_id);
/* Read one packet's payload into @buf; its length, or -1 if none (or broken). */
int vsc_recv(struct vsc_chan *ch, void *buf, uint32_t size, uint64_t *trans_id);
/* Set a value in the guest's own KVP pool (the root reads it with get). */
void vsc_kvp_guest_set(struct vsc *v, const char *key, const char *value);

extern const char *const vsc_service_names[];

#endif
