// SPDX-License-Identifier: GPL-2.0
/*
 * The test guests' VMBus client: see vsc.h. Written from the published
 * protocol, independently of the root's server (kmod/vmbus), so that a
 * disagreement between the two shows up as a failing test.
 */
#include "vsc.h"

#define PAGE		4096u
#define ALIGNED		__attribute__((aligned(4096)))

static struct hv_msg simp[16] ALIGNED;
static uint8_t siefp[16][256] ALIGNED;
static uint8_t post_page[PAGE] ALIGNED;
static uint8_t rings[VSC_MAX_CHANNELS][2 * VSC_RING_PAGES][PAGE] ALIGNED;

const char *const vsc_service_names[] = {
	"console", "heartbeat", "shutdown", "timesync", "kvp", "echo", "unknown",
};

/* Offer types, as the bytes of the GUIDs lie in memory (little-endian fields). */
static const uint8_t service_types[VSC_NSERVICES][16] = {
	/* {7076636f-6e73-4f6c-8070-617274766973}: partvisor's console */
	{ 0x6f, 0x63, 0x76, 0x70, 0x73, 0x6e, 0x6c, 0x4f,
	    0x80, 0x70, 0x61, 0x72, 0x74, 0x76, 0x69, 0x73 },
	/* {57164f39-9115-4e78-ab55-382f3bd5422d}: heartbeat */
	{ 0x39, 0x4f, 0x16, 0x57, 0x15, 0x91, 0x78, 0x4e,
	    0xab, 0x55, 0x38, 0x2f, 0x3b, 0xd5, 0x42, 0x2d },
	/* {0e0b6031-5213-4934-818b-38d90ced39db}: shutdown */
	{ 0x31, 0x60, 0x0b, 0x0e, 0x13, 0x52, 0x34, 0x49,
	    0x81, 0x8b, 0x38, 0xd9, 0x0c, 0xed, 0x39, 0xdb },
	/* {9527e630-d0ae-497b-adce-e80ab0175caf}: time sync */
	{ 0x30, 0xe6, 0x27, 0x95, 0xae, 0xd0, 0x7b, 0x49,
	    0xad, 0xce, 0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf },
	/* {a9a0f4e7-5a45-4d96-b827-8a841e8c03e6}: KVP */
	{ 0xe7, 0xf4, 0xa0, 0xa9, 0x45, 0x5a, 0x96, 0x4d,
	    0xb8, 0x27, 0x8a, 0x84, 0x1e, 0x8c, 0x03, 0xe6 },
	/* {7076636f-6563-686f-8070-617274766973}: partvisor's echo */
	{ 0x6f, 0x63, 0x76, 0x70, 0x63, 0x65, 0x6f, 0x68,
	    0x80, 0x70, 0x61, 0x72, 0x74, 0x76, 0x69, 0x73 },
};

static inline void barrier_full(void)
{
	asm volatile("lock; addl $0, (%%esp)" ::: "memory");
}

static inline bool test_and_clear(volatile uint8_t *bits, uint32_t n)
{
	uint8_t old;

	asm volatile("lock btrl %2, %1; setc %0" : "=q"(old), "+m"(*(volatile uint32_t *)bits)
		     : "r"(n) : "memory");
	return old;
}

uint16_t vsc_post(const void *msg, uint32_t len)
{
	uint32_t *in = (uint32_t *)post_page;

	in[0] = VMBUS_MSG_CONNECTION;	/* connection id */
	in[1] = 0;
	in[2] = 1;			/* message type: channel message */
	in[3] = len;
	memcpy(post_page + 16, msg, len);
	return HV_STATUS(hv_call(HVCALL_POST_MESSAGE, (uintptr_t)post_page, 0));
}

uint16_t vsc_signal(uint32_t connection_id)
{
	return HV_STATUS(hv_call(HVCALL_SIGNAL_EVENT | HV_FAST, connection_id, 0));
}

bool vsc_synic_init(void)
{
	struct cpuid_regs r = cpuid(0x40000003);

	if (!(r.eax & (1u << 2)))	/* HV_MSR_SYNIC_AVAILABLE */
		return false;
	wrmsr(HV_MSR_SIMP, (uintptr_t)simp | 1);
	wrmsr(HV_MSR_SIEFP, (uintptr_t)siefp | 1);
	wrmsr(HV_MSR_SINT0 + VMBUS_SINT, HV_SINT_MASKED | 0x50);
	wrmsr(HV_MSR_SCONTROL, 1);
	return true;
}

/* Take the message in SINT 2's slot, if any, into @buf. */
static bool take_message(void *buf)
{
	volatile struct hv_msg *m = &simp[VMBUS_SINT];
	uint8_t flags;

	if (!m->type)
		return false;
	memcpy(buf, (const void *)m->payload, sizeof(m->payload));
	/*
	 * Empty the slot, then (after a full barrier) look for msg_pending:
	 * the root sets it when a post found the slot full, and only an EOM
	 * after this clear makes it post again (TLFS "Message Buffers").
	 */
	m->type = 0;
	barrier_full();
	flags = m->flags;
	if (flags & 1)
		wrmsr(HV_MSR_EOM, 0);
	return true;
}

static void handle_message(struct vsc *v, const uint8_t *p);

/* Poll until a message of @type came (others are handled); false on timeout. */
static bool wait_message(struct vsc *v, uint32_t type, void *out, uint32_t spins)
{
	uint8_t buf[240];

	while (spins--) {
		if (!take_message(buf)) {
			cpu_pause();
			continue;
		}
		v->messages++;
		if (((struct vmbus_msg_hdr *)buf)->msgtype == type) {
			memcpy(out, buf, sizeof(buf));
			return true;
		}
		handle_message(v, buf);
	}
	return false;
}

static void add_offer(struct vsc *v, const struct vmbus_msg_offer_channel *o)
{
	struct vsc_chan *ch;
	unsigned int s;

	if (v->nchan >= VSC_MAX_CHANNELS)
		return;
	ch = &v->chan[v->nchan++];
	mem_set(ch, 0, sizeof(*ch));
	ch->relid = o->child_relid;
	ch->connection_id = o->connection_id;
	ch->svc = VSC_UNKNOWN;
	for (s = 0; s < VSC_NSERVICES; s++)
		if (!memcmp(o->if_type, service_types[s], sizeof(o->if_type)))
			ch->svc = s;
}

static void handle_message(struct vsc *v, const uint8_t *p)
{
	const struct vmbus_msg_hdr *h = (const void *)p;
	const struct vmbus_msg_relid *r = (const void *)p;
	uint32_t i;

	switch (h->msgtype) {
	case VMBUS_MSG_OFFERCHANNEL:
		add_offer(v, (const void *)p);
		break;
	case VMBUS_MSG_ALLOFFERS_DELIVERED:
		v->offers_done = true;
		break;
	case VMBUS_MSG_RESCIND_CHANNELOFFER:
		for (i = 0; i < v->nchan; i++) {
			if (v->chan[i].relid != r->child_relid)
				continue;
			v->chan[i].open = false;
			v->chan[i].rescinded = true;
			v->rescinds++;
			pr("vsc: channel %u (%s) rescinded\n", r->child_relid,
			   vsc_service_names[v->chan[i].svc]);
		}
		break;
	default:
		break;
	}
}

bool vsc_connect(struct vsc *v, uint32_t spins)
{
	struct vmbus_msg_initiate_contact c = {
		.hdr.msgtype = VMBUS_MSG_INITIATE_CONTACT,
		.vmbus_version_requested = VMBUS_VERSION_V5_3,
		.target_vcpu = 0,
		.interrupt_page = VMBUS_SINT,	/* 5.x: byte 0 is the message SINT */
	};
	struct vmbus_msg_hdr req = { .msgtype = VMBUS_MSG_REQUESTOFFERS };
	uint8_t buf[240];
	struct vmbus_msg_version_response *r = (void *)buf;
	uint16_t s;

	s = vsc_post(&c, sizeof(c));
	if (s) {
		pr("vsc: INITIATE_CONTACT post failed: status %u\n", s);
		return false;
	}
	if (!wait_message(v, VMBUS_MSG_VERSION_RESPONSE, buf, spins)) {
		pr("vsc: no VERSION_RESPONSE\n");
		return false;
	}
	if (!r->version_supported || r->msg_conn_id != VMBUS_MSG_CONNECTION) {
		pr("vsc: version 5.3 refused (supported %u, conn %u)\n", r->version_supported,
		   r->msg_conn_id);
		return false;
	}
	v->version = VMBUS_VERSION_V5_3;
	v->connected = true;
	s = vsc_post(&req, sizeof(req));
	while (!s && !v->offers_done && spins--) {
		if (take_message(buf)) {
			v->messages++;
			handle_message(v, buf);
		} else {
			cpu_pause();
		}
	}
	return v->offers_done;
}

bool vsc_open(struct vsc *v, struct vsc_chan *ch, uint32_t spins)
{
	uint32_t idx = ch - v->chan, gpadl = 0x100 + ch->relid, i;
	uint8_t *base = rings[idx][0], buf[240];
	uint8_t msg[240];
	struct vmbus_msg_gpadl_header *g = (void *)msg;
	struct vmbus_msg_gpadl_created *gc = (void *)buf;
	struct vmbus_msg_open_channel o = {
		.hdr.msgtype = VMBUS_MSG_OPENCHANNEL,
		.child_relid = ch->relid, .openid = ch->relid, .ringbuffer_gpadlhandle = gpadl,
		.target_vp = 0, .downstream_ringbuffer_pageoffset = VSC_RING_PAGES,
	};
	struct vmbus_msg_open_result *or = (void *)buf;

	if (vsc_ring_init(&ch->out, base, VSC_RING_PAGES * PAGE, true) ||
	    vsc_ring_init(&ch->in, base + VSC_RING_PAGES * PAGE, VSC_RING_PAGES * PAGE, false))
		return false;
	mem_set(msg, 0, sizeof(msg));
	g->hdr.msgtype = VMBUS_MSG_GPADL_HEADER;
	g->child_relid = ch->relid;
	g->gpadl = gpadl;
	g->rangecount = 1;
	g->range_buflen = 8 + 8 * 2 * VSC_RING_PAGES;
	g->byte_count = 2 * VSC_RING_PAGES * PAGE;
	g->byte_offset = 0;
	for (i = 0; i < 2 * VSC_RING_PAGES; i++)
		g->pfn[i] = ((uintptr_t)base >> 12) + i;
	if (vsc_post(g, sizeof(*g) + 8 * 2 * VSC_RING_PAGES) ||
	    !wait_message(v, VMBUS_MSG_GPADL_CREATED, buf, spins) || gc->creation_status) {
		pr("vsc: GPADL for channel %u not created\n", ch->relid);
		return false;
	}
	if (vsc_post(&o, sizeof(o)) || !wait_message(v, VMBUS_MSG_OPENCHANNEL_RESULT, buf, spins) ||
	    or->status) {
		pr("vsc: channel %u did not open\n", ch->relid);
		return false;
	}
	ch->open = true;
	return true;
}

int vsc_modify(struct vsc *v, struct vsc_chan *ch, uint32_t vp, uint32_t spins)
{
	struct vmbus_msg_modify m = {
		.hdr.msgtype = VMBUS_MSG_MODIFYCHANNEL, .child_relid = ch->relid, .value = vp,
	};
	uint8_t buf[240];
	struct vmbus_msg_modify *r = (void *)buf;

	if (vsc_post(&m, sizeof(m)) ||
	    !wait_message(v, VMBUS_MSG_MODIFYCHANNEL_RESPONSE, buf, spins) ||
	    r->child_relid != ch->relid)
		return -1;
	return (int)r->value;
}

/* ---- rings (vmbus.c) ---- */

/* Write one inband packet; signal the root if the ring says so. */
static bool ring_send(struct vsc_chan *ch, const void *data, uint32_t len, uint64_t trans_id)
{
	bool signal = false;

	if (vsc_ring_write(&ch->out, VMBUS_PKT_DATA_INBAND, 0, trans_id, data, len, &signal))
		return false;
	if (signal)
		vsc_signal(ch->connection_id);
	ch->packets_out++;
	return true;
}

/* Read one packet's payload into @buf (@size bytes); its length, or -1 if none. */
static int ring_recv(struct vsc_chan *ch, void *buf, uint32_t size, uint64_t *trans_id)
{
	struct vmbus_pkt_desc d;
	bool signal = false;
	int n = vsc_ring_read(&ch->in, buf, size, &d, &signal);
	uint32_t off;

	if (signal)
		vsc_signal(ch->connection_id);
	if (n < 0) {
		pr("vsc: channel %u: the root broke its ring (%d: %s)\n", ch->relid, n,
		   ch->in.broken ? ch->in.broken : "packet too large");
		ch->open = false;
		return -1;
	}
	if (!n)
		return -1;
	off = d.offset8 * 8u;
	memmove(buf, (uint8_t *)buf + off, n - off);
	*trans_id = d.trans_id;
	ch->packets_in++;
	return n - off;
}

bool vsc_send(struct vsc_chan *ch, const void *data, uint32_t len, uint64_t trans_id)
{
	return ch->open && ring_send(ch, data, len, trans_id);
}

int vsc_recv(struct vsc_chan *ch, void *buf, uint32_t size, uint64_t *trans_id)
{
	return ch->open ? ring_recv(ch, buf, size, trans_id) : -1;
}

struct vsc_chan *vsc_find(struct vsc *v, enum vsc_service svc)
{
	uint32_t i;

	for (i = 0; i < v->nchan; i++)
		if (v->chan[i].svc == svc)
			return &v->chan[i];
	return 0;
}

/*
 * A console packet: the exact byte count, then the bytes (a packet's
 * length is in 8-byte units, its padding must not reach the console).
 */
static bool console_send(struct vsc_chan *ch, const char *s, size_t n)
{
	static uint8_t pkt[8 + 256];
	size_t k;

	if (!ch || !ch->open)
		return false;
	for (; n; s += k, n -= k) {
		k = n < 256 ? n : 256;
		((uint32_t *)pkt)[0] = k;
		((uint32_t *)pkt)[1] = 0;
		memcpy(pkt + 8, s, k);
		if (!ring_send(ch, pkt, 8 + k, 0))
			return false;
	}
	return true;
}

bool vsc_console_write(struct vsc *v, const char *s)
{
	return console_send(vsc_find(v, VSC_CONSOLE), s, str_len(s));
}

static struct vsc *console_vsc;

static bool console_to_channel(const char *s, size_t n)
{
	return console_send(vsc_find(console_vsc, VSC_CONSOLE), s, n);
}

void vsc_console_take(struct vsc *v)
{
	console_vsc = v;
	console_sink = console_to_channel;
}

/* ---- integration services: answer the root's requests ---- */

struct ic_hdr {
	uint32_t pipe_flags, pipe_size;
	uint16_t fw_major, fw_minor, type, msg_major, msg_minor, size;
	uint32_t status;
	uint8_t txid, flags, reserved[2];
} __attribute__((packed));
_Static_assert(sizeof(struct ic_hdr) == 28, "pipe + icmsg header");

#define IC_NEGOTIATE	0
#define IC_HEARTBEAT	1
#define IC_KVP		2
#define IC_SHUTDOWN	3
#define IC_TIMESYNC	4
#define IC_RESPONSE	4
#define IC_E_FAIL	0x80004005u

struct kvp_msg {
	uint8_t op, pool;
	uint16_t pad;
	uint32_t value_type, key_size, value_size;
	uint8_t key[512];
	uint8_t value[2048];
} __attribute__((packed));

static void utf16_to_ascii(char *dst, uint32_t room, const uint8_t *src, uint32_t bytes)
{
	uint32_t i, n = 0;

	for (i = 0; i + 1 < bytes && n + 1 < room && (src[i] || src[i + 1]); i += 2)
		dst[n++] = src[i];
	dst[n] = 0;
}

static uint32_t ascii_to_utf16(uint8_t *dst, const char *src)
{
	uint32_t n = 0;

	while (*src) {
		dst[n++] = *src++;
		dst[n++] = 0;
	}
	dst[n++] = 0;
	dst[n++] = 0;
	return n;
}

static char *kvp_lookup(struct vsc *v, bool guest, const char *key)
{
	uint32_t i, n = guest ? v->n_guest : v->n_ext;

	for (i = 0; i < n; i++) {
		char *k = guest ? v->kvp_guest[i].key : v->kvp_ext[i].key;

		if (!memcmp(k, key, str_len(key) + 1))
			return guest ? v->kvp_guest[i].value : v->kvp_ext[i].value;
	}
	return 0;
}

static void kvp_store(struct vsc *v, bool guest, const char *key, const char *value)
{
	char *slot = kvp_lookup(v, guest, key);
	uint32_t *n = guest ? &v->n_guest : &v->n_ext;

	if (!slot && *n < 8) {
		char *k = guest ? v->kvp_guest[*n].key : v->kvp_ext[*n].key;

		memcpy(k, key, str_len(key) + 1);
		slot = guest ? v->kvp_guest[*n].value : v->kvp_ext[*n].value;
		(*n)++;
	}
	if (slot)
		memcpy(slot, value, str_len(value) + 1);
}

void vsc_kvp_guest_set(struct vsc *v, const char *key, const char *value)
{
	kvp_store(v, true, key, value);
}

static void serve_kvp(struct vsc *v, struct ic_hdr *h, struct kvp_msg *m)
{
	char key[64], value[64], *found;

	utf16_to_ascii(key, sizeof(key), m->key, m->key_size < 512 ? m->key_size : 512);
	if (m->op == 1) {		/* KVP_OP_SET, host's pool */
		utf16_to_ascii(value, sizeof(value), m->value,
			       m->value_size < 2048 ? m->value_size : 2048);
		kvp_store(v, false, key, value);
		pr("vsc: kvp set %s=%s\n", key, value);
		return;
	}
	if (m->op != 0) {		/* not KVP_OP_GET */
		h->status = IC_E_FAIL;
		return;
	}
	/* GET: the guest's own pool, then what the host set. */
	found = kvp_lookup(v, true, key);
	if (!found)
		found = kvp_lookup(v, false, key);
	if (!found) {
		h->status = IC_E_FAIL;
		pr("vsc: kvp get %s: no such key\n", key);
		return;
	}
	m->value_size = ascii_to_utf16(m->value, found);
	pr("vsc: kvp get %s -> %s\n", key, found);
}

static void serve_ic(struct vsc *v, struct vsc_chan *ch, uint8_t *buf, int len, uint64_t txid)
{
	struct ic_hdr *h = (void *)buf;
	uint16_t *ver = (uint16_t *)(buf + sizeof(*h) + 8);
	uint64_t *seq = (uint64_t *)(buf + sizeof(*h));
	uint32_t *n16 = (uint32_t *)(buf + sizeof(*h));

	if (len < (int)sizeof(*h) || h->size > len - sizeof(*h))
		return;
	switch (h->type) {
	case IC_NEGOTIATE:
		/* Take the first framework and the first message version offered. */
		ver[2] = ver[2 * (n16[0] & 0xffff) + 0];
		ver[3] = ver[2 * (n16[0] & 0xffff) + 1];
		n16[0] = 1 | (1u << 16);
		h->size = 8 + 2 * 4;
		len = sizeof(*h) + h->size;
		break;
	case IC_HEARTBEAT:
		(*seq)++;
		v->hb_seq = *seq;
		v->hb_count++;
		break;
	case IC_SHUTDOWN:
		v->shutdown_requested = true;
		break;
	case IC_TIMESYNC:
		v->ts_parent = *seq;
		v->ts_count++;
		break;
	case IC_KVP:
		if (h->size >= sizeof(struct kvp_msg))
			serve_kvp(v, h, (void *)(buf + sizeof(*h)));
		else
			h->status = IC_E_FAIL;
		break;
	default:
		h->status = IC_E_FAIL;
		break;
	}
	h->flags = 1 | IC_RESPONSE;	/* transaction, response */
	h->pipe_size = len - 8;
	if (!ring_send(ch, buf, len, txid))
		pr("vsc: channel %u: ring full, answer lost\n", ch->relid);
}

static uint8_t pkt[3 * PAGE];

void vsc_poll(struct vsc *v)
{
	uint8_t msg[240];
	uint64_t txid;
	uint32_t i;
	int len;

	while (take_message(msg)) {
		v->messages++;
		handle_message(v, msg);
	}
	for (i = 0; i < v->nchan; i++) {
		struct vsc_chan *ch = &v->chan[i];

		if (!test_and_clear(siefp[VMBUS_SINT], ch->relid))
			continue;
		v->signals_seen++;
		while (ch->open && (len = ring_recv(ch, pkt, sizeof(pkt), &txid)) >= 0)
			if (ch->svc != VSC_CONSOLE && ch->svc != VSC_ECHO)
				serve_ic(v, ch, pkt, len, txid);
	}
}
